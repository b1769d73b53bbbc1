"""The intake queue: e-mail to the registrar, waiting to be registered or dismissed.

A message is what came in, as it came: it is never edited. Only its status moves, once,
from new to registered or to dismissed, through ``actions.py``. See docs/intake.md.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kansli.diary.models import Blob, Document


class IncomingMessage(models.Model):
    class Source(models.TextChoices):
        IMAP = "imap", _("mailbox (IMAP)")
        EML = "eml", _("file loaded by command")
        UPLOAD = "upload", _("uploaded file")

    class Status(models.TextChoices):
        NEW = "new", _("new")
        REGISTERED = "registered", _("registered")
        DISMISSED = "dismissed", _("dismissed")

    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    # Where an IMAP message came from: the mailbox (user@host:port/folder, no password),
    # its UIDVALIDITY and the message's UID, which together name it on the server.
    mailbox = models.CharField(_("mailbox"), max_length=500, blank=True)
    uidvalidity = models.PositiveBigIntegerField(null=True, blank=True)
    uid = models.PositiveBigIntegerField(null=True, blank=True)

    message_id = models.CharField(_("Message-ID"), max_length=500, blank=True)
    from_name = models.CharField(_("sender's name"), max_length=300, blank=True)
    from_address = models.CharField(_("sender's address"), max_length=254, blank=True)
    to = models.TextField(_("to"), blank=True)
    subject = models.TextField(_("subject"), blank=True)
    date = models.DateTimeField(_("date of the message"), null=True, blank=True)
    text = models.TextField(_("text"), blank=True)
    # The message as it came, in the diary's file store.
    raw = models.ForeignKey(Blob, models.PROTECT, related_name="+")
    # [{"name", "media_type", "size", "sha256"}], each in the file store too.
    attachments = models.JSONField(default=list, blank=True)
    # What could not be read (a header, a charset, an attachment), for the registrar.
    problems = models.JSONField(default=list, blank=True)
    received_at = models.DateTimeField(_("received at"))
    received_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True,
                                    blank=True, related_name="+")

    status = models.CharField(_("status"), max_length=12, choices=Status.choices,
                              default=Status.NEW)
    document = models.ForeignKey(Document, models.PROTECT, null=True, blank=True,
                                 related_name="+", verbose_name=_("registered document"))
    registered_at = models.DateTimeField(null=True, blank=True)
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True,
                                      blank=True, related_name="+")
    dismissed_reason = models.TextField(_("reason for dismissal"), blank=True)
    dismissed_at = models.DateTimeField(null=True, blank=True)
    dismissed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True,
                                     blank=True, related_name="+")

    class Meta:
        verbose_name = _("incoming message")
        verbose_name_plural = _("incoming messages")
        constraints = [
            # The same message fetched or loaded twice is queued once.
            models.UniqueConstraint(fields=["message_id", "raw"],
                                    name="intake_message_id_raw_unique"),
            models.UniqueConstraint(fields=["mailbox", "uidvalidity", "uid"],
                                    condition=Q(uid__isnull=False),
                                    name="intake_mailbox_uid_unique"),
            models.CheckConstraint(
                condition=Q(status="new", document__isnull=True, dismissed_at__isnull=True)
                | Q(status="registered", document__isnull=False, dismissed_at__isnull=True)
                | Q(status="dismissed", document__isnull=True, dismissed_at__isnull=False),
                name="intake_status_consistent"),
        ]
        indexes = [
            # The queue: by status, newest first.
            models.Index(fields=["status", "-received_at"], name="intake_queue_idx"),
        ]

    def __str__(self):
        return self.subject or f"#{self.pk}"

    @property
    def sender(self) -> str:
        if self.from_name and self.from_address:
            return f"{self.from_name} <{self.from_address}>"
        return self.from_name or self.from_address


class MailboxCursor(models.Model):
    """The highest UID fetched, stored and marked \\Seen, per mailbox and UIDVALIDITY.
    A new UIDVALIDITY (the server renumbered the folder) starts a new cursor."""

    mailbox = models.CharField(max_length=500)
    uidvalidity = models.PositiveBigIntegerField()
    last_uid = models.PositiveBigIntegerField(default=0)
    fetched_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["mailbox", "uidvalidity"],
                                    name="intake_cursor_unique"),
        ]

    def __str__(self):
        return f"{self.mailbox} {self.uidvalidity}: {self.last_uid}"
