"""Who may do what in the diary. Roles are Django groups."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

REGISTRAR = "registrar"
CASE_OFFICER = "case_officer"
ADMINISTRATOR = "administrator"
# The committee secretary (nämndsekreterare) manages meetings (kansli.meetings.access)
# and reads the diary like any member of staff.
SECRETARY = "secretary"
ROLES = {
    REGISTRAR: _("registrar"),
    CASE_OFFICER: _("case officer"),
    ADMINISTRATOR: _("administrator"),
    SECRETARY: _("committee secretary"),
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


def readable_cases(user, cases) -> set[int]:
    """The ids of those ``cases`` whose secret documents ``user`` may read, in at most
    one query. Registrars and administrators read everything; a case officer reads the
    secret documents of their own cases and of cases where access was granted."""
    from .models import CaseAccess

    if is_registrar(user):
        return {c.pk for c in cases}
    if CASE_OFFICER not in roles(user):
        return set()
    own = {c.pk for c in cases if handles(user, c)}
    others = {c.pk for c in cases} - own
    if others:
        own |= set(CaseAccess.objects.filter(user=user, case_id__in=others)
                   .values_list("case_id", flat=True))
    return own


def can_read_secret(user, case) -> bool:
    return case.pk in readable_cases(user, [case])
