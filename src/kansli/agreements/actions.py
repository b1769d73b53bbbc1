"""Every change to agreements, one function per operation: each validates, runs in one
transaction, takes the acting user and writes its journal event in that transaction
(in the journal of the case the agreement is kept in, when it is). See
docs/agreements.md."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kansli.diary import journal
from kansli.diary.models import Case, Document, Party
from kansli.meetings.models import Paragraph

from .models import (
    Adoption,
    Agreement,
    AgreementParty,
    AgreementVersion,
    Area,
    Compilation,
    FollowUpPeriod,
    FollowUpReport,
    ReportEntry,
)


def _text(value: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError(message)
    return value


def _day(value: datetime.date | None) -> str | None:
    return value.isoformat() if value else None


def _lock(obj):
    return type(obj).objects.select_for_update().get(pk=obj.pk)


def _check_document(agreement: Agreement, document: Document | None) -> None:
    """A document named on an agreement kept in a case belongs to that case."""
    if document is None:
        return
    if document.is_cancelled:
        raise ValidationError(_("The document is cancelled."))
    if agreement.case_id and document.case_id != agreement.case_id:
        raise ValidationError(_("The document belongs to another case than the agreement."))


# The agreement, its versions and areas -----------------------------------------------


def do_create_agreement(*, acting_user, title: str, description: str = "",
                        case: Case | None = None, coordinator: Party | None = None,
                        follow_up: str = "") -> Agreement:
    """A new agreement, kept in ``case`` where given. ``coordinator`` empty: this
    organisation coordinates."""
    title = _text(title, _("An agreement needs a title."))
    if case is not None and case.is_cancelled:
        raise ValidationError(_("The case is cancelled."))
    with transaction.atomic():
        agreement = Agreement.objects.create(
            title=title, description=(description or "").strip(), case=case,
            coordinator=coordinator, follow_up=(follow_up or "").strip(),
            created_at=timezone.now(), created_by=acting_user)
        journal.record("agreement.create", agreement, acting_user=acting_user, case=case,
                       title=title, coordinator=coordinator.pk if coordinator else None,
                       follow_up=agreement.follow_up)
    return agreement


def do_add_version(agreement: Agreement, *, acting_user, label: str,
                   date: datetime.date | None = None, document: Document | None = None,
                   replaces: AgreementVersion | None = None,
                   in_force_from: datetime.date | None = None,
                   areas: Iterable[tuple[str, str]] = ()) -> AgreementVersion:
    """A version of the agreement, optionally with its areas as (target group, name)."""
    label = _text(label, _("A version needs a label."))
    _check_document(agreement, document)
    if replaces is not None and replaces.agreement_id != agreement.pk:
        raise ValidationError(_("A version replaces a version of the same agreement."))
    with transaction.atomic():
        if agreement.versions.filter(label=label).exists():
            raise ValidationError(_("The agreement already has a version %(label)s.")
                                  % {"label": label})
        if replaces is not None and AgreementVersion.objects.filter(replaces=replaces).exists():
            raise ValidationError(_("Version %(label)s is already replaced by another.")
                                  % {"label": replaces.label})
        version = AgreementVersion.objects.create(
            agreement=agreement, label=label, date=date, document=document,
            replaces=replaces, in_force_from=in_force_from)
        journal.record("agreement.add_version", version, acting_user=acting_user,
                       case=agreement.case, agreement=agreement.pk, label=label,
                       date=_day(date), document=document.pk if document else None,
                       replaces=replaces.pk if replaces else None,
                       in_force_from=_day(in_force_from))
        areas = list(areas)
        if areas:
            do_add_areas(version, acting_user=acting_user, areas=areas)
    return version


def do_add_areas(version: AgreementVersion, *, acting_user,
                 areas: Iterable[tuple[str, str]]) -> list[Area]:
    """Areas of cooperation of a version, each (target group, name), in order."""
    areas = [(group, (name or "").strip()) for group, name in areas]
    if not areas:
        raise ValidationError(_("Name at least one area."))
    for group, name in areas:
        if group not in Area.TargetGroup.values:
            raise ValidationError(_("Not a target group."))
        if not name:
            raise ValidationError(_("An area needs a name."))
    names = [name for _group, name in areas]
    if len(set(names)) != len(names):
        raise ValidationError(_("An area is named twice."))
    with transaction.atomic():
        version = _lock(version)
        existing = set(version.areas.values_list("name", flat=True))
        clash = [n for n in names if n in existing]
        if clash:
            raise ValidationError(_("The version already has the area %(area)s.")
                                  % {"area": clash[0]})
        if version.periods.exists():
            raise ValidationError(_("The version is already followed up; its areas are "
                                    "fixed."))
        start = len(existing)
        created = Area.objects.bulk_create([
            Area(version=version, target_group=group, name=name, order=start + i)
            for i, (group, name) in enumerate(areas)])
        journal.record("agreement.add_areas", version, acting_user=acting_user,
                       case=version.agreement.case,
                       areas=[[a.target_group, a.name] for a in created])
    return created


def do_add_party(agreement: Agreement, *, acting_user, party: Party | None = None,
                 joined_on: datetime.date | None = None) -> AgreementParty:
    """A party to the agreement; ``party`` empty is this organisation."""
    if party is not None and party.kind != Party.Kind.ORGANISATION:
        raise ValidationError(_("A party to an agreement is an organisation."))
    with transaction.atomic():
        if agreement.members.filter(party=party).exists():
            raise ValidationError(_("%(party)s is already a party to the agreement.")
                                  % {"party": party.name if party else _("This organisation")})
        member = AgreementParty.objects.create(agreement=agreement, party=party,
                                               joined_on=joined_on)
        journal.record("agreement.add_party", member, acting_user=acting_user,
                       case=agreement.case, agreement=agreement.pk,
                       party=party.pk if party else None, joined_on=_day(joined_on))
    return member


def member_of(agreement: Agreement, party: Party | None) -> AgreementParty:
    """The party's membership of the agreement, or a clear refusal."""
    member = agreement.members.select_related("party").filter(party=party).first()
    if member is None:
        raise ValidationError(_("%(party)s is not a party to the agreement.")
                              % {"party": party.name if party else _("This organisation")})
    return member


# Adoptions ---------------------------------------------------------------------------


def do_record_adoption(version: AgreementVersion, party: Party | None, *, acting_user,
                       decision: str, body: str = "",
                       decided_on: datetime.date | None = None, paragraph: str = "",
                       document: Document | None = None,
                       meeting_paragraph: Paragraph | None = None) -> Adoption:
    """A party's decision on a version, with its reference. When this organisation
    decided itself, ``meeting_paragraph`` is its own §, and body, day and § come from
    it."""
    agreement = version.agreement
    if decision not in Adoption.Decision.values:
        raise ValidationError(_("Say whether the version was adopted or declined."))
    _check_document(agreement, document)
    member = member_of(agreement, party)
    if meeting_paragraph is not None:
        if member.party_id is not None:
            raise ValidationError(_("Our own paragraph shows only this organisation's "
                                    "decision."))
        body = body or meeting_paragraph.body.name
        decided_on = decided_on or meeting_paragraph.meeting.day
        paragraph = paragraph or f"§ {meeting_paragraph.number}"
    body = _text(body, _("Say which body decided."))
    if decided_on is None:
        raise ValidationError(_("Give the day of the decision."))
    if version.date and decided_on < version.date:
        raise ValidationError(_("The decision is dated before the version it decides on."))
    with transaction.atomic():
        member = _lock(member)
        if Adoption.objects.filter(member=member, version=version).exists():
            raise ValidationError(_("The decision of %(party)s on version %(version)s is "
                                    "already recorded.")
                                  % {"party": party.name if party else _("This organisation"),
                                     "version": version.label})
        adoption = Adoption.objects.create(
            member=member, version=version, decision=decision, body=body,
            decided_on=decided_on, paragraph=(paragraph or "").strip(), document=document,
            meeting_paragraph=meeting_paragraph, recorded_at=timezone.now(),
            recorded_by=acting_user)
        journal.record("agreement.adopt", adoption, acting_user=acting_user,
                       case=agreement.case, agreement=agreement.pk, version=version.pk,
                       party=member.party_id, decision=decision,
                       reference=adoption.reference,
                       document=document.pk if document else None,
                       meeting_paragraph=meeting_paragraph.pk if meeting_paragraph else None)
    return adoption


# Follow-up -----------------------------------------------------------------------------


def do_open_period(agreement: Agreement, *, acting_user, label: str, start: datetime.date,
                   end: datetime.date, reports_due: datetime.date | None = None,
                   version: AgreementVersion | None = None,
                   responsible=None) -> FollowUpPeriod:
    """A follow-up period on the areas of ``version`` (default: the latest). When the
    agreement is kept in a case and reports are due on a day, a deadline watches it."""
    from kansli.handling.actions import do_add_deadline
    from kansli.handling.models import Deadline

    label = _text(label, _("A period needs a name."))
    if start is None or end is None:
        raise ValidationError(_("Give the period's first and last day."))
    if end < start:
        raise ValidationError(_("The period ends before it starts."))
    if reports_due is not None and reports_due < start:
        raise ValidationError(_("Reports cannot be due before the period starts."))
    if version is None:
        version = agreement.versions.order_by("-pk").first()
    if version is None or version.agreement_id != agreement.pk:
        raise ValidationError(_("The period follows up a version of the agreement."))
    if not version.areas.exists():
        raise ValidationError(_("Version %(version)s has no areas to report on.")
                              % {"version": version.label})
    with transaction.atomic():
        agreement = _lock(agreement)
        if agreement.periods.filter(label=label).exists():
            raise ValidationError(_("The agreement already has a period %(label)s.")
                                  % {"label": label})
        if agreement.periods.filter(start__lte=end, end__gte=start).exists():
            raise ValidationError(_("The period overlaps another period of the agreement."))
        deadline = None
        if agreement.case_id and reports_due:
            deadline = do_add_deadline(
                agreement.case, acting_user=acting_user, kind=Deadline.Kind.EXTERNAL,
                due=reports_due, responsible=responsible,
                description=_("Follow-up reports %(period)s: %(title)s")
                % {"period": label, "title": agreement.title})
        period = FollowUpPeriod.objects.create(
            agreement=agreement, version=version, label=label, start=start, end=end,
            reports_due=reports_due, deadline=deadline, opened_at=timezone.now(),
            opened_by=acting_user)
        journal.record("agreement.open_period", period, acting_user=acting_user,
                       case=agreement.case, agreement=agreement.pk, version=version.pk,
                       label=label, start=start.isoformat(), end=end.isoformat(),
                       reports_due=_day(reports_due))
    return period


def _entries(period: FollowUpPeriod, entries) -> list[tuple[Area, str, str]]:
    """Checks a report's entries, (area, status, text), against the period's areas: each
    area once, every area answered."""
    areas = {a.pk: a for a in period.version.areas.all()}
    seen: dict[int, tuple[Area, str, str]] = {}
    for area, status, text in entries:
        if area.pk not in areas:
            raise ValidationError(_("%(area)s is not an area of version %(version)s of the "
                                    "agreement.")
                                  % {"area": area.name, "version": period.version.label})
        if area.pk in seen:
            raise ValidationError(_("The report answers for %(area)s twice.")
                                  % {"area": area.name})
        if status not in ReportEntry.Status.values:
            raise ValidationError(_("Not a status of an area."))
        seen[area.pk] = (area, status, (text or "").strip())
    missing = [a.name for pk, a in areas.items() if pk not in seen]
    if missing:
        raise ValidationError(_("The report says nothing about %(areas)s.")
                              % {"areas": ", ".join(missing)})
    return [seen[pk] for pk in areas]


def _check_report(period: FollowUpPeriod, member: AgreementParty,
                  submitted_on: datetime.date | None, document: Document | None) -> None:
    if submitted_on is None:
        raise ValidationError(_("Give the day the report was submitted."))
    if submitted_on < period.start:
        raise ValidationError(_("A report for %(period)s cannot be submitted before the "
                                "period starts (%(start)s).")
                              % {"period": period.label, "start": period.start.isoformat()})
    if submitted_on > timezone.localdate():
        raise ValidationError(_("A report cannot be submitted in the future."))
    adopted = Adoption.objects.filter(member=member, version=period.version,
                                      decision=Adoption.Decision.ADOPTED).exists()
    if not adopted:
        raise ValidationError(_("%(party)s has not adopted version %(version)s of the "
                                "agreement, and does not report on it.")
                              % {"party": member, "version": period.version.label})
    _check_document(period.agreement, document)


def _write_report(period, member, *, acting_user, submitted_on, entries, text, document,
                  reported_by, supersedes=None, reason="") -> FollowUpReport:
    report = FollowUpReport.objects.create(
        period=period, member=member, submitted_on=submitted_on,
        reported_by=(reported_by or "").strip(), document=document,
        text=(text or "").strip(), supersedes=supersedes, correction_reason=reason,
        recorded_at=timezone.now(), recorded_by=acting_user)
    ReportEntry.objects.bulk_create([
        ReportEntry(report=report, area=area, status=status, text=entry_text)
        for area, status, entry_text in entries])
    journal.record(
        "agreement.correct_report" if supersedes else "agreement.report", report,
        acting_user=acting_user, case=period.agreement.case, period=period.pk,
        party=member.party_id, submitted_on=submitted_on.isoformat(),
        entries=[[area.pk, status] for area, status, _t in entries],
        document=document.pk if document else None,
        **({"supersedes": supersedes.pk, "reason": reason} if supersedes else {}))
    return report


def do_submit_report(period: FollowUpPeriod, party: Party | None, *, acting_user,
                     submitted_on: datetime.date, entries, text: str = "",
                     document: Document | None = None,
                     reported_by: str = "") -> FollowUpReport:
    """A party's report for a period: for each area of the period's version a status
    and a text, ``entries`` as (area, status, text); free text besides. One report per
    party and period: a second is a correction (``do_correct_report``)."""
    member = member_of(period.agreement, party)
    _check_report(period, member, submitted_on, document)
    entries = _entries(period, entries)
    with transaction.atomic():
        member = _lock(member)  # one report at a time per party
        if FollowUpReport.objects.filter(period=period, member=member).exists():
            raise ValidationError(_("%(party)s has already reported for %(period)s; correct "
                                    "that report instead.")
                                  % {"party": member, "period": period.label})
        return _write_report(period, member, acting_user=acting_user,
                             submitted_on=submitted_on, entries=entries, text=text,
                             document=document, reported_by=reported_by)


def do_correct_report(report: FollowUpReport, *, acting_user, reason: str,
                      submitted_on: datetime.date, entries, text: str = "",
                      document: Document | None = None,
                      reported_by: str = "") -> FollowUpReport:
    """A corrected report, with a reason: a new report that supersedes ``report``,
    which stays as it was."""
    reason = _text(reason, _("A reason must be given."))
    period, member = report.period, report.member
    _check_report(period, member, submitted_on, document)
    entries = _entries(period, entries)
    with transaction.atomic():
        _lock(member)
        if FollowUpReport.objects.filter(supersedes=report).exists():
            raise ValidationError(_("The report is already corrected; correct the current "
                                    "report."))
        if submitted_on < report.submitted_on:
            raise ValidationError(_("A correction cannot be dated before the report it "
                                    "corrects."))
        return _write_report(period, member, acting_user=acting_user,
                             submitted_on=submitted_on, entries=entries, text=text,
                             document=document, reported_by=reported_by or report.reported_by,
                             supersedes=report, reason=reason)


def do_compile_overview(period: FollowUpPeriod, *, acting_user,
                        compiled_on: datetime.date | None = None) -> Compilation:
    """The coordinator's overview of the period as it stands, kept. The first
    compilation meets the period's open deadline for reports: the wait is over."""
    from kansli.handling.actions import do_meet_deadline

    from .followup import overview

    compiled_on = compiled_on or timezone.localdate()
    if compiled_on < period.start:
        raise ValidationError(_("A period cannot be compiled before it starts."))
    with transaction.atomic():
        period = _lock(period)
        data = overview(period).as_dict()
        if not data["reported"]:
            raise ValidationError(_("No party has reported for %(period)s yet.")
                                  % {"period": period.label})
        compilation = Compilation.objects.create(
            period=period, compiled_on=compiled_on, compiled_at=timezone.now(),
            compiled_by=acting_user, data=data)
        journal.record("agreement.compile", compilation, acting_user=acting_user,
                       case=period.agreement.case, period=period.pk,
                       compiled_on=compiled_on.isoformat(),
                       reports=[r["report"] for r in data["reported"]])
        if period.deadline_id and period.deadline.is_open:
            do_meet_deadline(period.deadline, acting_user=acting_user, on=compiled_on)
    return compilation
