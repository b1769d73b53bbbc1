"""What the coordinator reads about a follow-up period: who has reported and who has
not, and the overview per area. A fixed number of queries, whatever the number of
parties."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from kansli.org.models import Organisation

from .models import (
    Adoption,
    AgreementParty,
    Area,
    FollowUpPeriod,
    FollowUpReport,
    ReportEntry,
)


def organisation_name() -> str:
    """This organisation's name (one organisation per installation)."""
    return (Organisation.objects.order_by("pk").values_list("name", flat=True).first()
            or _("This organisation"))


def name_of(member: AgreementParty, own_name: str) -> str:
    return member.party.name if member.party_id else own_name


def current_reports(period: FollowUpPeriod):
    """The current report of each party: the ones no later report supersedes."""
    return (FollowUpReport.objects.filter(period=period, superseded_by__isnull=True)
            .select_related("member__party", "document__case", "recorded_by")
            .prefetch_related(Prefetch("entries",
                                       queryset=ReportEntry.objects.order_by("pk"))))


@dataclass
class AreaSummary:
    area: Area
    counts: dict[str, int] = field(default_factory=dict)
    texts: list[dict] = field(default_factory=list)

    @property
    def active(self) -> int:
        return self.counts.get(ReportEntry.Status.ACTIVE, 0)


@dataclass
class Row:
    member: AgreementParty
    name: str
    adoption: Adoption | None
    report: FollowUpReport | None = None

    @property
    def expected(self) -> bool:
        return self.adoption is not None and self.adoption.adopted


@dataclass
class Overview:
    period: FollowUpPeriod
    areas: list[AreaSummary]
    rows: list[Row]  # every party, by name

    @property
    def expected(self) -> list[Row]:
        return [r for r in self.rows if r.expected]

    @property
    def reported(self) -> list[Row]:
        return [r for r in self.rows if r.report is not None]

    @property
    def missing(self) -> list[Row]:
        return [r for r in self.expected if r.report is None]

    @property
    def others(self) -> list[Row]:
        """Parties that did not adopt the period's version: they do not report."""
        return [r for r in self.rows if not r.expected]

    def as_dict(self) -> dict:
        """The overview as plain values: what a compilation keeps and the CSV writes."""
        statuses = dict(ReportEntry.Status.choices)
        groups = dict(Area.TargetGroup.choices)
        return {
            "period": self.period.label,
            "version": self.period.version.label,
            "areas": [{
                "area": s.area.pk, "name": s.area.name,
                "target_group": s.area.target_group,
                "target_group_label": capfirst(str(groups[s.area.target_group])),
                "counts": {k: s.counts.get(k, 0) for k in ReportEntry.Status.values},
                "texts": [{"party": t["party"], "status": t["status"],
                           "status_label": capfirst(str(statuses[t["status"]])),
                           "text": t["text"]}
                          for t in s.texts],
            } for s in self.areas],
            "reported": [{"party": r.name, "report": r.report.pk,
                          "submitted_on": r.report.submitted_on.isoformat(),
                          "corrected": r.report.supersedes_id is not None}
                         for r in self.reported],
            "missing": [r.name for r in self.missing],
        }


def overview(period: FollowUpPeriod) -> Overview:
    own = organisation_name()
    members = list(AgreementParty.objects.filter(agreement_id=period.agreement_id)
                   .select_related("party"))
    adoptions = {a.member_id: a for a in Adoption.objects.filter(version_id=period.version_id)}
    reports = {r.member_id: r for r in current_reports(period)}
    areas = list(Area.objects.filter(version_id=period.version_id).order_by("order", "pk"))
    rows = sorted((Row(m, name_of(m, own), adoptions.get(m.pk), reports.get(m.pk))
                   for m in members), key=lambda r: r.name.lower())
    summaries = {a.pk: AreaSummary(a) for a in areas}
    for row in rows:
        if row.report is None:
            continue
        for entry in row.report.entries.all():
            summary = summaries.get(entry.area_id)
            if summary is None:
                continue
            summary.counts[entry.status] = summary.counts.get(entry.status, 0) + 1
            summary.texts.append({"party": row.name, "status": entry.status,
                                  "status_label": capfirst(entry.get_status_display()),
                                  "text": entry.text})
    return Overview(period, [summaries[a.pk] for a in areas], rows)


def write_csv(out, data: dict) -> None:
    """One row per area and party: what each reported, and a row per area for each
    party whose report is missing. ``;``-separated, for spreadsheets set to Swedish."""
    writer = csv.writer(out, delimiter=";")
    writer.writerow([_("Period"), _("Target group"), _("Area"), _("Party"), _("Status"),
                     _("Description")])
    for area in data["areas"]:
        for text in area["texts"]:
            writer.writerow([data["period"], area["target_group_label"], area["name"],
                             text["party"], text["status_label"], text["text"]])
        for name in data["missing"]:
            writer.writerow([data["period"], area["target_group_label"], area["name"], name,
                             _("No report"), ""])
