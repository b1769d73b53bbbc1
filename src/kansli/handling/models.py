"""Deadlines (bevakningar) and their extensions (anstånd). See docs/deadlines.md."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kansli.diary.models import Case, Document
from kansli.meetings.models import Meeting, Posting
from kansli.org.models import Body, Unit


class Deadline(models.Model):
    class Kind(models.TextChoices):
        EXTERNAL = "external", _("external answer")
        INTERNAL = "internal", _("internal")
        LEGAL = "legal", _("legal")

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        MET = "met", _("met")
        MISSED = "missed", _("missed")
        CANCELLED = "cancelled", _("cancelled")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    case = models.ForeignKey(Case, models.PROTECT, null=True, blank=True,
                             related_name="deadlines", verbose_name=_("case"))
    document = models.ForeignKey(Document, models.PROTECT, null=True, blank=True,
                                 related_name="deadlines", verbose_name=_("document"))
    meeting = models.ForeignKey(Meeting, models.PROTECT, null=True, blank=True,
                                related_name="+", verbose_name=_("meeting"))
    # Copied from the case or meeting when created: what the overdue list groups by.
    body = models.ForeignKey(Body, models.PROTECT, null=True, blank=True, related_name="+",
                             verbose_name=_("body"))
    unit = models.ForeignKey(Unit, models.PROTECT, null=True, blank=True, related_name="+",
                             verbose_name=_("unit"))
    description = models.CharField(_("description"), max_length=500)
    # The current due date; an extension moves it (the old one stays in Extension).
    due = models.DateField(_("due date"))
    responsible = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True,
                                    blank=True, related_name="deadlines",
                                    verbose_name=_("responsible"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices,
                              default=Status.OPEN)
    # Legal deadlines made by a rule carry its key, e.g. "meeting:12:approval", so the
    # rule never makes the same deadline twice.
    rule = models.CharField(max_length=100, null=True, blank=True, unique=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    close_reason = models.CharField(_("reason"), max_length=500, blank=True)
    # Claims of the worker (conditional UPDATE … WHERE … IS NULL); cleared by an extension.
    reminded_before_at = models.DateTimeField(null=True, blank=True)
    reminded_due_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("deadline")
        verbose_name_plural = _("deadlines")
        ordering = ["due", "pk"]
        indexes = [
            # The worker's due-work query (status = open AND due <= today + N) and the
            # overdue list (status = open AND due <= day, ORDER BY due): one range scan.
            models.Index(fields=["status", "due"], name="deadline_status_due_idx"),
            # The overdue list's count per responsible (status = open AND due <= day
            # GROUP BY responsible), answered from this index alone.
            models.Index(fields=["status", "responsible", "due"],
                         name="deadline_responsible_idx"),
        ]

    def __str__(self):
        return f"{self.due:%Y-%m-%d} {self.description}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class Extension(models.Model):
    """An extension (anstånd): the history of a deadline's due dates."""

    deadline = models.ForeignKey(Deadline, models.PROTECT, related_name="extensions")
    previous_due = models.DateField(_("previous due date"))
    new_due = models.DateField(_("new due date"))
    granted_by = models.CharField(_("granted by"), max_length=300)
    granted_on = models.DateField(_("granted on"))
    reason = models.CharField(_("reason"), max_length=500)
    document = models.ForeignKey(Document, models.PROTECT, null=True, blank=True,
                                 related_name="+", verbose_name=_("document"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.previous_due:%Y-%m-%d} → {self.new_due:%Y-%m-%d}"


class PostingTakedown(models.Model):
    """The worker's record that a posting's period ended (meetings keeps the date)."""

    posting = models.OneToOneField(Posting, models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return str(self.posting)
