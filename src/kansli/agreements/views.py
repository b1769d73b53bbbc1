"""Staff pages: the agreements, an agreement with its versions, areas, parties and
their decisions, a follow-up period with who has reported and the overview per area
(CSV too), a report with its corrections, and the forms that record them.

Case officers, registrars and administrators record; other staff read
(kansli.diary.access). Pages run a fixed number of queries, whatever the number of
parties."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kansli.diary import access
from kansli.diary.models import Case, Party
from kansli.diary.views import staff_required
from kansli.meetings.models import Paragraph

from . import actions, forms
from .followup import name_of, organisation_name, overview, write_csv
from .models import (
    Adoption,
    Agreement,
    AgreementParty,
    Area,
    Compilation,
    FollowUpPeriod,
    FollowUpReport,
)


def can_change(user) -> bool:
    return access.is_registrar(user) or access.CASE_OFFICER in access.roles(user)


def _require_change(request) -> None:
    if not can_change(request.user):
        raise PermissionDenied


def _data(request):
    return request.POST if request.method == "POST" else None


def _form_page(request, form, perform, *, heading, submit, success, back, crumbs):
    if request.method == "POST" and form.is_valid():
        try:
            result = perform(form.cleaned_data)
        except ValidationError as e:
            for message in e.messages:
                form.add_error(None, message)
        else:
            messages.success(request, success)
            return redirect(result or back)
    return render(request, "agreements/form.html", {
        "form": form, "heading": heading, "submit": submit, "back": back,
        "crumbs": crumbs}, status=400 if request.method == "POST" else 200)


def _party(choice: str, members) -> Party | None:
    """The party of a form's choice: an id, or ``forms.SELF`` for this organisation."""
    for m in members:
        if (m.party_id is None and choice == forms.SELF) or str(m.party_id) == choice:
            return m.party
    raise ValidationError(_("Choose a party to the agreement."))


def _document(agreement, pk):
    if not pk or agreement.case_id is None:
        return None
    return agreement.case.documents.filter(pk=pk).first()


# Reading ------------------------------------------------------------------------------


@staff_required
def agreement_list(request):
    agreements = (Agreement.objects.select_related("case", "coordinator")
                  .annotate(party_count=Count("members", distinct=True),
                            version_count=Count("versions", distinct=True))
                  .order_by("title", "pk"))
    return render(request, "agreements/list.html", {
        "agreements": agreements, "own_name": organisation_name(),
        "can_change": can_change(request.user)})


def _agreement(pk) -> Agreement:
    return get_object_or_404(Agreement.objects.select_related("case", "coordinator"), pk=pk)


@staff_required
def agreement_detail(request, pk):
    agreement = _agreement(pk)
    own = organisation_name()
    versions = list(agreement.versions.select_related("document__case", "replaces")
                    .order_by("pk"))
    areas = list(Area.objects.filter(version__agreement=agreement).order_by("order", "pk"))
    by_version = {v.pk: {g: [] for g in Area.TargetGroup.values} for v in versions}
    for area in areas:
        by_version[area.version_id][area.target_group].append(area)
    groups = dict(Area.TargetGroup.choices)
    for version in versions:
        version.groups = [(groups[g], found) for g, found in by_version[version.pk].items()
                          if found]
    members = list(agreement.members.select_related("party"))
    adoptions = {(a.member_id, a.version_id): a for a in Adoption.objects.filter(
        member__agreement=agreement).select_related("document__case",
                                                    "meeting_paragraph__meeting")}
    rows = sorted(({"member": m, "name": name_of(m, own),
                    "cells": [adoptions.get((m.pk, v.pk)) for v in versions]}
                   for m in members), key=lambda r: r["name"].lower())
    tallies = [{"adopted": sum(1 for r in rows if r["cells"][i] and r["cells"][i].adopted),
                "declined": sum(1 for r in rows if r["cells"][i] and not r["cells"][i].adopted),
                "none": sum(1 for r in rows if r["cells"][i] is None)}
               for i in range(len(versions))]
    adopted_by_version = {v.pk: t["adopted"] for v, t in zip(versions, tallies, strict=True)}
    periods = list(agreement.periods.select_related("version", "deadline").annotate(
        reported=Count("reports", filter=Q(reports__superseded_by__isnull=True))))
    for period in periods:
        period.expected = adopted_by_version.get(period.version_id, 0)
    return render(request, "agreements/agreement.html", {
        "agreement": agreement, "own_name": own, "versions": versions,
        "show_joined": any(m.joined_on for m in members),
        "version_tallies": list(zip(versions, tallies, strict=True)),
        "rows": rows, "periods": periods, "can_change": can_change(request.user)})


def _period(pk) -> FollowUpPeriod:
    return get_object_or_404(FollowUpPeriod.objects.select_related(
        "agreement__case", "agreement__coordinator", "version", "deadline"), pk=pk)


@staff_required
def period_detail(request, pk):
    period = _period(pk)
    view = overview(period)
    compilations = list(period.compilations.select_related("compiled_by")
                        .order_by("-compiled_at"))
    latest = compilations[0] if compilations else None
    changed = []
    if latest:
        # Reports submitted or corrected since the latest compilation.
        changed = [r for r in view.reported if r.report.recorded_at > latest.compiled_at]
    return render(request, "agreements/period.html", {
        "period": period, "agreement": period.agreement, "overview": view,
        "compilations": compilations, "changed": changed,
        "can_change": can_change(request.user)})


def _csv_response(data: dict, filename: str) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    write_csv(response, data)
    return response


@staff_required
def period_csv(request, pk):
    period = _period(pk)
    return _csv_response(overview(period).as_dict(), f"uppfoljning-{period.pk}.csv")


@staff_required
def compilation_csv(request, pk):
    compilation = get_object_or_404(Compilation, pk=pk)
    return _csv_response(compilation.data, f"sammanstallning-{compilation.pk}-"
                                           f"{compilation.compiled_on:%Y-%m-%d}.csv")


@staff_required
def report_detail(request, pk):
    report = get_object_or_404(FollowUpReport.objects.select_related(
        "period__agreement", "member__party"), pk=pk)
    history = list(FollowUpReport.objects.filter(period=report.period, member=report.member)
                   .select_related("recorded_by", "document__case", "superseded_by")
                   .prefetch_related("entries__area").order_by("-pk"))
    return render(request, "agreements/report.html", {
        "report": report, "period": report.period, "agreement": report.period.agreement,
        "name": name_of(report.member, organisation_name()), "history": history,
        "can_change": can_change(request.user)})


# Recording ----------------------------------------------------------------------------


def _crumbs(agreement, period=None):
    crumbs = [(reverse("agreements:list"), _("Agreements")),
              (reverse("agreements:agreement", args=[agreement.pk]), agreement.title)]
    if period is not None:
        crumbs.append((reverse("agreements:period", args=[period.pk]), period.label))
    return crumbs


def _organisations(exclude=()):
    return list(Party.objects.filter(kind=Party.Kind.ORGANISATION).exclude(pk__in=exclude)
                .order_by("name"))


@staff_required
def agreement_create(request):
    _require_change(request)
    organisations = _organisations()
    own = organisation_name()
    form = forms.AgreementForm(_data(request), organisations=organisations, own_name=own)

    def perform(data):
        case = None
        if data["diary_number"].strip():
            case = Case.objects.filter(diary_number__iexact=data["diary_number"].strip()
                                       ).first()
            if case is None:
                raise ValidationError(_("No case has that diary number."))
        coordinator = next((p for p in organisations if str(p.pk) == data["coordinator"]),
                           None)
        agreement = actions.do_create_agreement(
            acting_user=request.user, title=data["title"], description=data["description"],
            case=case, coordinator=coordinator, follow_up=data["follow_up"])
        return reverse("agreements:agreement", args=[agreement.pk])

    return _form_page(request, form, perform, heading=_("New agreement"),
                      submit=_("Record the agreement"),
                      success=_("The agreement is recorded."),
                      back=reverse("agreements:list"),
                      crumbs=[(reverse("agreements:list"), _("Agreements"))])


@staff_required
def version_create(request, pk):
    _require_change(request)
    agreement = _agreement(pk)
    versions = list(agreement.versions.order_by("pk"))
    form = forms.VersionForm(_data(request), agreement=agreement, versions=versions)

    def perform(data):
        actions.do_add_version(
            agreement, acting_user=request.user, label=data["label"], date=data["date"],
            document=_document(agreement, data["document"]),
            replaces=next((v for v in versions if v.pk == data["replaces"]), None),
            in_force_from=data["in_force_from"], areas=form.areas())

    return _form_page(request, form, perform, heading=_("New version of the agreement"),
                      submit=_("Add the version"), success=_("The version is added."),
                      back=reverse("agreements:agreement", args=[agreement.pk]),
                      crumbs=_crumbs(agreement))


@staff_required
def party_add(request, pk):
    _require_change(request)
    agreement = _agreement(pk)
    members = list(agreement.members.all())
    organisations = _organisations(exclude=[m.party_id for m in members if m.party_id])
    form = forms.PartyForm(_data(request), organisations=organisations,
                           own_name=organisation_name(),
                           include_self=all(m.party_id for m in members))

    def perform(data):
        party = (None if data["party"] == forms.SELF
                 else next((p for p in organisations if str(p.pk) == data["party"]), None))
        if party is None and data["party"] != forms.SELF:
            raise ValidationError(_("Choose a party to the agreement."))
        actions.do_add_party(agreement, acting_user=request.user, party=party,
                             joined_on=data["joined_on"])

    return _form_page(request, form, perform, heading=_("Add a party to the agreement"),
                      submit=_("Add the party"), success=_("The party is added."),
                      back=reverse("agreements:agreement", args=[agreement.pk]),
                      crumbs=_crumbs(agreement))


@staff_required
def adopt(request, pk):
    _require_change(request)
    agreement = _agreement(pk)
    members = list(agreement.members.select_related("party"))
    versions = list(agreement.versions.order_by("pk"))
    paragraphs = list(Paragraph.objects.filter(case=agreement.case).select_related(
        "body", "meeting").order_by("-meeting__start")) if agreement.case_id else []
    own = organisation_name()
    form = forms.AdoptionForm(_data(request), agreement=agreement, members=members,
                              versions=versions, paragraphs=paragraphs, own_name=own)

    def perform(data):
        version = next(v for v in versions if v.pk == data["version"])
        paragraph = next((p for p in paragraphs if p.pk == data["meeting_paragraph"]), None)
        actions.do_record_adoption(
            version, _party(data["party"], members), acting_user=request.user,
            decision=data["decision"], body=data["body"], decided_on=data["decided_on"],
            paragraph=data["paragraph"], document=_document(agreement, data["document"]),
            meeting_paragraph=paragraph)

    return _form_page(request, form, perform, heading=_("Record a decision on the agreement"),
                      submit=_("Record the decision"), success=_("The decision is recorded."),
                      back=reverse("agreements:agreement", args=[agreement.pk]),
                      crumbs=_crumbs(agreement))


@staff_required
def open_period(request, pk):
    _require_change(request)
    agreement = _agreement(pk)
    versions = list(agreement.versions.order_by("pk"))
    form = forms.PeriodForm(_data(request), versions=versions)

    def perform(data):
        version = next(v for v in versions if v.pk == data["version"])
        period = actions.do_open_period(
            agreement, acting_user=request.user, label=data["label"], start=data["start"],
            end=data["end"], reports_due=data["reports_due"], version=version,
            responsible=request.user)
        return reverse("agreements:period", args=[period.pk])

    return _form_page(request, form, perform, heading=_("Open a follow-up period"),
                      submit=_("Open the period"), success=_("The period is opened."),
                      back=reverse("agreements:agreement", args=[agreement.pk]),
                      crumbs=_crumbs(agreement))


def _areas(period):
    return list(period.version.areas.order_by("order", "pk"))


@staff_required
def report_create(request, pk):
    _require_change(request)
    period = _period(pk)
    members = list(AgreementParty.objects.filter(
        agreement=period.agreement, adoptions__version=period.version,
        adoptions__decision=Adoption.Decision.ADOPTED).select_related("party"))
    own = organisation_name()
    members.sort(key=lambda m: name_of(m, own).lower())
    areas = _areas(period)
    initial = {"submitted_on": timezone.localdate()}
    if request.GET.get("part"):
        initial["party"] = request.GET["part"]
    form = forms.ReportForm(_data(request), period=period, areas=areas, members=members,
                            own_name=own, initial=initial)

    def perform(data):
        report = actions.do_submit_report(
            period, _party(data["party"], members), acting_user=request.user,
            submitted_on=data["submitted_on"], entries=form.entries(), text=data["text"],
            document=_document(period.agreement, data["document"]),
            reported_by=data["reported_by"])
        return reverse("agreements:report", args=[report.pk])

    return _form_page(request, form, perform,
                      heading=_("Follow-up report for %(period)s") % {"period": period.label},
                      submit=_("Register the report"), success=_("The report is registered."),
                      back=reverse("agreements:period", args=[period.pk]),
                      crumbs=_crumbs(period.agreement, period))


@staff_required
def report_correct(request, pk):
    _require_change(request)
    report = get_object_or_404(FollowUpReport.objects.select_related(
        "member__party", "period__agreement__case", "period__version"), pk=pk)
    period = report.period
    areas = _areas(period)
    entries = {e.area_id: e for e in report.entries.all()}
    initial = {"submitted_on": timezone.localdate(), "reported_by": report.reported_by,
               "document": report.document_id, "text": report.text}
    for area in areas:
        if area.pk in entries:
            initial[f"status_{area.pk}"] = entries[area.pk].status
            initial[f"text_{area.pk}"] = entries[area.pk].text
    form = forms.ReportForm(_data(request), period=period, areas=areas, correcting=True,
                            initial=initial)

    def perform(data):
        corrected = actions.do_correct_report(
            report, acting_user=request.user, reason=data["reason"],
            submitted_on=data["submitted_on"], entries=form.entries(), text=data["text"],
            document=_document(period.agreement, data["document"]),
            reported_by=data["reported_by"])
        return reverse("agreements:report", args=[corrected.pk])

    name = name_of(report.member, organisation_name())
    return _form_page(request, form, perform,
                      heading=_("Correct the report of %(party)s for %(period)s")
                      % {"party": name, "period": period.label},
                      submit=_("Register the correction"),
                      success=_("The corrected report is registered."),
                      back=reverse("agreements:report", args=[report.pk]),
                      crumbs=_crumbs(period.agreement, period))


@staff_required
@require_POST
def compile_overview(request, pk):
    _require_change(request)
    period = _period(pk)
    try:
        actions.do_compile_overview(period, acting_user=request.user)
    except ValidationError as e:
        for message in e.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The overview is compiled."))
    return redirect("agreements:period", pk=period.pk)

