"""Agreements (överenskommelser) between organisations, kept as records: versions, areas
of cooperation, parties and their adoptions, and the follow-up reports per period.

Nothing here is edited in place by views or forms: every change goes through a function
in ``actions.py`` with its journal event. A corrected follow-up report is a new report
that supersedes the previous one; the previous one stays as it was. See
docs/agreements.md.

"This organisation" (the installation's own organisation, one per database) appears in
two places as an empty party: as the coordinator (``Agreement.coordinator`` empty) and as
a party to the agreement (``AgreementParty.party`` empty).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kansli.diary.models import Case, Document, Party
from kansli.meetings.models import Paragraph


class Agreement(models.Model):
    title = models.CharField(_("title"), max_length=500)
    description = models.TextField(_("description"), blank=True)
    case = models.ForeignKey(Case, models.PROTECT, null=True, blank=True,
                             related_name="agreements", verbose_name=_("case"))
    # Empty: this organisation coordinates.
    coordinator = models.ForeignKey(Party, models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("coordinator"))
    follow_up = models.CharField(_("responsible for follow-up"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created at"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True,
                                   related_name="+")

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["title", "pk"]

    def __str__(self):
        return self.title


class AgreementVersion(models.Model):
    """A version of the agreement: the 2009 agreement, its 2013 revision."""

    agreement = models.ForeignKey(Agreement, models.PROTECT, related_name="versions")
    label = models.CharField(_("version"), max_length=200)
    # The version's own date, where known (the 2009 agreement is known by its year).
    date = models.DateField(_("date"), null=True, blank=True)
    document = models.ForeignKey(Document, models.PROTECT, null=True, blank=True,
                                 related_name="+", verbose_name=_("document"))
    replaces = models.OneToOneField("self", models.PROTECT, null=True, blank=True,
                                    related_name="replaced_by", verbose_name=_("replaces"))
    in_force_from = models.DateField(_("in force from"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("version")
        verbose_name_plural = _("versions")
        ordering = ["agreement", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "label"],
                                    name="agreement_version_label_unique"),
        ]

    def __str__(self):
        return self.label


class Area(models.Model):
    """An area of cooperation of a version, for a target group."""

    class TargetGroup(models.TextChoices):
        ADULTS = "adults", _("adults")
        CHILDREN = "children", _("children and young people")

    version = models.ForeignKey(AgreementVersion, models.PROTECT, related_name="areas")
    target_group = models.CharField(_("target group"), max_length=20,
                                    choices=TargetGroup.choices)
    name = models.CharField(_("area"), max_length=300)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("area of cooperation")
        verbose_name_plural = _("areas of cooperation")
        ordering = ["version", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["version", "name"], name="area_name_unique"),
        ]

    def __str__(self):
        return self.name


class AgreementParty(models.Model):
    """A party to the agreement: an organisation of the diary, or (empty) this
    organisation."""

    agreement = models.ForeignKey(Agreement, models.PROTECT, related_name="members")
    party = models.ForeignKey(Party, models.PROTECT, null=True, blank=True,
                              related_name="agreement_links", verbose_name=_("party"))
    joined_on = models.DateField(_("joined on"), null=True, blank=True)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("party to an agreement")
        verbose_name_plural = _("parties to agreements")
        constraints = [
            models.UniqueConstraint(fields=["agreement", "party"],
                                    name="agreement_party_unique"),
            # NULL is never equal to NULL in a unique index: this organisation once.
            models.UniqueConstraint(fields=["agreement"], condition=Q(party__isnull=True),
                                    name="agreement_self_unique"),
        ]

    def __str__(self):
        return self.party.name if self.party_id else str(_("this organisation"))


class Adoption(models.Model):
    """A party's decision on a version: adopted or declined, with its reference."""

    class Decision(models.TextChoices):
        ADOPTED = "adopted", pgettext_lazy("decision on an agreement", "adopted")
        DECLINED = "declined", pgettext_lazy("decision on an agreement", "declined")

    member = models.ForeignKey(AgreementParty, models.PROTECT, related_name="adoptions")
    version = models.ForeignKey(AgreementVersion, models.PROTECT, related_name="adoptions")
    decision = models.CharField(_("decision"), max_length=20, choices=Decision.choices)
    # The decision reference as the party writes it: "Kommunfullmäktige 2013-12-16 § 90".
    body = models.CharField(_("decided by"), max_length=200)
    decided_on = models.DateField(_("decided on"))
    paragraph = models.CharField(_("paragraph"), max_length=50, blank=True)
    # The registered document that shows it (an extract, a letter), and this
    # organisation's own paragraph when it decided itself.
    document = models.ForeignKey(Document, models.PROTECT, null=True, blank=True,
                                 related_name="+", verbose_name=_("document"))
    meeting_paragraph = models.ForeignKey(Paragraph, models.PROTECT, null=True, blank=True,
                                          related_name="+",
                                          verbose_name=_("our paragraph"))
    recorded_at = models.DateTimeField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True,
                                    related_name="+")

    class Meta:
        verbose_name = _("adoption")
        verbose_name_plural = _("adoptions")
        ordering = ["decided_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["member", "version"],
                                    name="adoption_member_version_unique"),
        ]

    def __str__(self):
        return f"{self.member}: {self.get_decision_display()} {self.reference}"

    @property
    def adopted(self) -> bool:
        return self.decision == self.Decision.ADOPTED

    @property
    def reference(self) -> str:
        """"Kommunfullmäktige 2013-12-16 § 90"."""
        return " ".join(p for p in (self.body, self.decided_on.isoformat(), self.paragraph)
                        if p)


class FollowUpPeriod(models.Model):
    """A period the parties report on, on the areas of one version."""

    agreement = models.ForeignKey(Agreement, models.PROTECT, related_name="periods")
    version = models.ForeignKey(AgreementVersion, models.PROTECT, related_name="periods",
                                verbose_name=_("version"))
    label = models.CharField(_("period"), max_length=100)
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    reports_due = models.DateField(_("reports due"), null=True, blank=True)
    # The deadline that watches the reports (kansli.handling), when kept in a case.
    deadline = models.OneToOneField("handling.Deadline", models.PROTECT, null=True,
                                    blank=True, related_name="+")
    opened_at = models.DateTimeField()
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True,
                                  related_name="+")

    class Meta:
        verbose_name = _("follow-up period")
        verbose_name_plural = _("follow-up periods")
        ordering = ["agreement", "start", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "label"],
                                    name="period_label_unique"),
            models.CheckConstraint(condition=Q(end__gte=models.F("start")),
                                   name="period_end_after_start"),
        ]

    def __str__(self):
        return self.label


class FollowUpReport(models.Model):
    """A party's report for a period. A correction is a new report that supersedes it;
    the current report of a party and period is the one nobody superseded.

    The constraints keep exactly one current report: one first report per party and
    period, and each report superseded at most once, so the corrections form one line."""

    period = models.ForeignKey(FollowUpPeriod, models.PROTECT, related_name="reports")
    member = models.ForeignKey(AgreementParty, models.PROTECT, related_name="reports")
    submitted_on = models.DateField(_("submitted on"))
    reported_by = models.CharField(_("reported by"), max_length=300, blank=True)
    document = models.ForeignKey(Document, models.PROTECT, null=True, blank=True,
                                 related_name="+", verbose_name=_("document"))
    text = models.TextField(_("comments"), blank=True)
    supersedes = models.OneToOneField("self", models.PROTECT, null=True, blank=True,
                                      related_name="superseded_by",
                                      verbose_name=_("corrects"))
    correction_reason = models.CharField(_("reason for correction"), max_length=500,
                                         blank=True)
    recorded_at = models.DateTimeField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True,
                                    related_name="+")

    class Meta:
        verbose_name = _("follow-up report")
        verbose_name_plural = _("follow-up reports")
        ordering = ["period", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["period", "member"],
                                    condition=Q(supersedes__isnull=True),
                                    name="report_first_unique"),
        ]

    def __str__(self):
        return f"{self.period} {self.member}"


class ReportEntry(models.Model):
    """What a report says about one area."""

    class Status(models.TextChoices):
        ACTIVE = "active", pgettext_lazy("cooperation in an area", "ongoing cooperation")
        PLANNED = "planned", pgettext_lazy("cooperation in an area", "planned")
        NONE = "none", pgettext_lazy("cooperation in an area", "no cooperation")

    report = models.ForeignKey(FollowUpReport, models.PROTECT, related_name="entries")
    area = models.ForeignKey(Area, models.PROTECT, related_name="+")
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    text = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["report", "area__order", "area_id"]
        constraints = [
            models.UniqueConstraint(fields=["report", "area"], name="entry_area_unique"),
        ]

    def __str__(self):
        return f"{self.area}: {self.status}"


class Compilation(models.Model):
    """The coordinator's compiled overview of a period, kept as it was compiled (the
    live overview changes as reports come in and are corrected)."""

    period = models.ForeignKey(FollowUpPeriod, models.PROTECT, related_name="compilations")
    compiled_on = models.DateField(_("compiled on"))
    compiled_at = models.DateTimeField()
    compiled_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True,
                                    related_name="+")
    data = models.JSONField(default=dict)

    class Meta:
        ordering = ["period", "compiled_at", "pk"]

    def __str__(self):
        return f"{self.period} {self.compiled_on:%Y-%m-%d}"
