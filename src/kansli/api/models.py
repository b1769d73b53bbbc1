"""Integrations: other systems that call the API, each with its own token and scopes.

An integration acts through a service user of its own, so the journal says which
integration registered what. The token is shown once, when it is made; only its SHA-256
is kept (a token is 256 random bits, so a plain hash is as good as a slow one and lets a
request find its integration with one indexed lookup). The first characters are kept
too, so people can tell tokens apart in lists and logs.
"""

from __future__ import annotations

import hashlib
import re
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# What an integration may do. Reading secret content is a scope of its own: without it
# the API shows what staff without access to a case see.
SCOPES = {
    "cases:read": "Read cases (list, search, detail).",
    "cases:write": "Open cases.",
    "documents:read": "Read document entries and download files of public documents.",
    "documents:write": "Register incoming documents in cases.",
    "secret:read": "Read secret case titles, secret documents' entries and files.",
}
TOKEN_PREFIX = "kansli_"
NAME_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,49}$")
# Writing "last used" on every request would turn each read into a write; once a minute
# says enough about whether a token is in use.
LAST_USED_RESOLUTION = 60


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


class Integration(models.Model):
    name = models.CharField(_("name"), max_length=50, unique=True)
    user = models.OneToOneField(settings.AUTH_USER_MODEL, models.PROTECT,
                                related_name="integration")
    scopes = models.JSONField(_("scopes"), default=list)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    token_prefix = models.CharField(max_length=20)
    token_hash = models.CharField(max_length=64, unique=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("integration")
        verbose_name_plural = _("integrations")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def has_scope(self, scope: str) -> bool:
        return scope in self.scopes

    @classmethod
    def authenticate(cls, token: str) -> Integration | None:
        """The active integration holding ``token``, or None. The lookup is by hash, so
        no comparison of secrets depends on how much of them matched."""
        if not token.startswith(TOKEN_PREFIX) or len(token) > 200:
            return None
        integration = (cls.objects.select_related("user")
                       .filter(token_hash=token_hash(token), is_active=True).first())
        if integration is None or not integration.user.is_active:
            return None
        now = timezone.now()
        last = integration.last_used_at
        if last is None or (now - last).total_seconds() > LAST_USED_RESOLUTION:
            cls.objects.filter(pk=integration.pk).update(last_used_at=now)
            integration.last_used_at = now
        return integration


def new_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


@transaction.atomic
def create_integration(name: str, scopes) -> tuple[Integration, str]:
    """Make an integration and its service user; returns it and its token (shown once)."""
    name = name.strip()
    if not NAME_RE.match(name):
        raise ValidationError("name: lower-case letters, digits and hyphens, at most 50")
    unknown = sorted(set(scopes) - set(SCOPES))
    if unknown:
        raise ValidationError(f"unknown scope(s): {', '.join(unknown)}")
    if not scopes:
        raise ValidationError("give at least one scope")
    if Integration.objects.filter(name=name).exists():
        raise ValidationError(f"an integration named {name} exists")
    username = f"api-{name}"
    User = get_user_model()
    if User.objects.filter(username=username).exists():
        raise ValidationError(f"a user named {username} exists")
    user = User(username=username, first_name=name, is_active=True)
    # The service user never logs in to the web interface.
    user.set_unusable_password()
    user.save()
    token = new_token()
    integration = Integration.objects.create(
        name=name, user=user, scopes=sorted(set(scopes)), token_prefix=token[:12],
        token_hash=token_hash(token))
    return integration, token


@transaction.atomic
def revoke_integration(name: str) -> Integration:
    integration = Integration.objects.select_for_update().get(name=name)
    if not integration.is_active:
        raise ValidationError(f"{name} is already revoked")
    integration.is_active = False
    integration.revoked_at = timezone.now()
    integration.save(update_fields=["is_active", "revoked_at"])
    return integration


@transaction.atomic
def rotate_token(name: str) -> tuple[Integration, str]:
    """A new token for an integration (a lost or leaked one); the old one stops working.
    The service user stays, so the journal keeps one name for the integration."""
    integration = Integration.objects.select_for_update().get(name=name)
    token = new_token()
    integration.token_prefix, integration.token_hash = token[:12], token_hash(token)
    integration.is_active, integration.revoked_at = True, None
    integration.save(update_fields=["token_prefix", "token_hash", "is_active", "revoked_at"])
    return integration, token
