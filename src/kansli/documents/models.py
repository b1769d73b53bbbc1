"""What was rendered and kept: each stored PDF of an officer's report, a notice, the
minutes or an extract is a file of a registered document; a Rendering row says which
report, meeting or paragraph it renders. See docs/rendering.md.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kansli.diary.models import DocumentFile
from kansli.meetings.models import Meeting, OfficersReport, Paragraph


class Rendering(models.Model):
    class Kind(models.TextChoices):
        REPORT = "report", _("officer's report")
        NOTICE = "notice", _("notice and agenda")
        MINUTES = "minutes", _("minutes")
        EXTRACT = "extract", _("extract from minutes")

    kind = models.CharField(max_length=20, choices=Kind.choices)
    report = models.ForeignKey(OfficersReport, models.PROTECT, null=True, blank=True,
                               related_name="renderings")
    meeting = models.ForeignKey(Meeting, models.PROTECT, null=True, blank=True,
                                related_name="renderings")
    paragraph = models.ForeignKey(Paragraph, models.PROTECT, null=True, blank=True,
                                  related_name="renderings")
    # The stored PDF: a file of the registered document, kept by its SHA-256.
    file = models.OneToOneField(DocumentFile, models.PROTECT, related_name="rendering")
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True,
                                   related_name="+")

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="report", report__isnull=False, meeting__isnull=True,
                            paragraph__isnull=True)
                | Q(kind__in=["notice", "minutes"], report__isnull=True,
                    meeting__isnull=False, paragraph__isnull=True)
                | Q(kind="extract", report__isnull=True, meeting__isnull=True,
                    paragraph__isnull=False),
                name="rendering_kind_matches_object",
            ),
            # Approved minutes are stored once; that file is the minutes for ever.
            models.UniqueConstraint(fields=["meeting"], condition=Q(kind="minutes"),
                                    name="rendering_minutes_once"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.file}"

    @property
    def document(self):
        return self.file.document
