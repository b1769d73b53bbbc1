"""Who may do what in the diary. Roles are Django groups."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

REGISTRAR = "registrar"
CASE_OFFICER = "case_officer"
ADMINISTRATOR = "administrator"
ROLES = {
    REGISTRAR: _("registrar"),
    CASE_OFFICER: _("case officer"),
    ADMINISTRATOR: _("administrator"),
}


def roles(user) -> set[str]:
    if not user or not user.is_authenticated or not user.is_active:
        return set()
    cached = getattr(user, "_kansli_roles", None)
    if cached is None:
        cached = set(user.groups.values_list("name", flat=True)) & set(ROLES)
        if user.is_superuser:
            cached.add(ADMINISTRATOR)
        user._kansli_roles = cached
    return cached


def is_staff_member(user) -> bool:
    return bool(roles(user))


def is_registrar(user) -> bool:
    return bool(roles(user) & {REGISTRAR, ADMINISTRATOR})


def handles(user, case) -> bool:
    """The user is the case's officer."""
    return user.is_authenticated and case.officer_id == user.pk


def can_open_case(user) -> bool:
    return is_registrar(user)


def can_change_case(user, case) -> bool:
    """Register documents, correct, change status, close: the registrar, or the case's
    own officer."""
    return is_registrar(user) or (CASE_OFFICER in roles(user) and handles(user, case))


def can_read_secret(user, case) -> bool:
    """Registrars and administrators read everything; a case officer reads the secret
    documents of their own cases and of cases where access was granted."""
    if is_registrar(user):
        return True
    if CASE_OFFICER not in roles(user):
        return False
    if handles(user, case):
        return True
    return case.access_grants.filter(user=user).exists()
