"""A dispatch (expediering): one document sent to one recipient by one channel.

See docs/dispatch.md for the rules."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kansli.diary.models import Document, Party
from kansli.org.models import Unit


class Dispatch(models.Model):
    class Channel(models.TextChoices):
        EMAIL = "email", _("e-mail")
        POST = "post", _("post")
        HAND = "hand", _("by hand")

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        # Claimed by one sender; the SMTP conversation is under way (or was cut off).
        SENDING = "sending", _("sending")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")

    document = models.ForeignKey(Document, models.PROTECT, related_name="dispatches")
    # The outgoing registration that records this dispatch in the diary: the document
    # itself when it is the outgoing registration, else a new "Expediering av …".
    registration = models.ForeignKey(Document, models.PROTECT, related_name="+")
    party = models.ForeignKey(Party, models.PROTECT, null=True, blank=True, related_name="+")
    unit = models.ForeignKey(Unit, models.PROTECT, null=True, blank=True, related_name="+")
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    # The address used, as it was when dispatched.
    address = models.CharField(_("address"), max_length=500, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    receipt_at = models.DateTimeField(_("receipt confirmed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("dispatch")
        verbose_name_plural = _("dispatches")
        ordering = ["-created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(party__isnull=False, unit__isnull=True)
                           | models.Q(party__isnull=True, unit__isnull=False)),
                name="dispatch_one_recipient",
            )
        ]
        indexes = [
            # retry_failed and the list of unfinished dispatches: by status, oldest first.
            models.Index(fields=["status", "created_at"], name="dispatch_status_idx"),
        ]

    def __str__(self):
        return f"{self.document.reference} → {self.recipient}"

    @property
    def recipient(self):
        return self.party or self.unit
