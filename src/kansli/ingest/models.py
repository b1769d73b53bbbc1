"""What was imported, from which file, by whom — and what waits for review.

A ``Source`` is one file given to ``kansli import`` (or uploaded), kept by its SHA-256
as a blob of the file store: importing the same bytes again finds it and registers
nothing new. A ``SourceRow`` is one row of a diary export, keyed by what identifies the
document it became, so the same row in a later export is recognised too.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kansli.diary.models import Blob, Case, Document


class Run(models.Model):
    """One call of ``kansli import`` (or one upload): who, when, with which options, and
    the report it printed."""

    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True,
                                   related_name="+")
    options = models.JSONField(default=dict)
    report = models.JSONField(default=dict)

    class Meta:
        ordering = ["-started_at"]

    def __str__(self):
        return f"{self.started_at:%Y-%m-%d %H:%M} {self.started_by}"


class Source(models.Model):
    """A file given to the importer, stored whole, and what became of it."""

    class Kind(models.TextChoices):
        REPORT = "report", _("officer's report")
        MINUTES = "minutes", _("minutes")
        EXTRACT = "extract", _("extract from minutes")
        NOTICE = "notice", _("notice with agenda")
        DIARY = "diary", _("diary export")
        UNKNOWN = "unknown", _("not recognised")

    class Status(models.TextChoices):
        # Everything is registered (a diary export: every row).
        IMPORTED = "imported", _("imported")
        # Parsed, but something could not be read or matched: a person corrects the
        # fields and registers, or dismisses.
        REVIEW = "review", _("needs review")
        # A diary export whose import stopped part way; importing it again resumes.
        PARTIAL = "partial", _("partly imported")
        DISMISSED = "dismissed", _("dismissed")

    blob = models.ForeignKey(Blob, models.PROTECT, related_name="+")
    sha256 = models.CharField(max_length=64, unique=True)
    filename = models.CharField(_("file name"), max_length=255)
    media_type = models.CharField(max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    # The text the parser read (cleaned), shown beside the fields in the review.
    text = models.TextField(blank=True)
    # What the parser extracted (docs/ingest.md, "Extracted fields"), as corrected in
    # the review once registered.
    data = models.JSONField(default=dict)
    # What the parser could not read or match, in words for the reviewer.
    problems = models.JSONField(default=list)
    # Minutes and extracts: the body and meeting they are of, so that a report's basis
    # line naming a paragraph finds them.
    body_name = models.CharField(max_length=200, blank=True)
    meeting_date = models.DateField(null=True, blank=True)
    run = models.ForeignKey(Run, models.PROTECT, null=True, blank=True, related_name="sources")
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True,
                                   related_name="+")
    # What it was registered as (a document; a diary export has rows instead).
    document = models.ForeignKey(Document, models.PROTECT, null=True, blank=True,
                                 related_name="import_sources")
    case = models.ForeignKey(Case, models.PROTECT, null=True, blank=True, related_name="+")
    dismiss_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "-created_at"], name="ingest_source_status"),
                   models.Index(fields=["meeting_date", "body_name"],
                                name="ingest_source_meeting")]

    def __str__(self):
        return self.filename


class SourceRow(models.Model):
    """One row of a diary export that became a document. ``key`` identifies the
    document whatever file it comes from: the diary number with the document number
    where the export has one, else the diary number, document date and subject."""

    source = models.ForeignKey(Source, models.PROTECT, related_name="rows")
    row = models.PositiveIntegerField()
    key = models.CharField(max_length=64, unique=True)
    document = models.ForeignKey(Document, models.PROTECT, related_name="+")

    class Meta:
        ordering = ["source", "row"]

    def __str__(self):
        return f"{self.source}:{self.row}"
