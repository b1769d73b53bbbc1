"""Staff pages: the overdue list (restanslista) with its CSV, a deadline with its
extension history, and the forms that add, extend, meet and cancel deadlines."""

from __future__ import annotations

import csv
import datetime
from functools import wraps

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kansli.diary import access
from kansli.diary.models import Case
from kansli.diary.views import staff_required

from . import actions, forms, owners
from .models import Deadline

LIST_LIMIT = 100
CSV_LIMIT = 100_000


def _may_change(user, deadline: Deadline) -> bool:
    if deadline.responsible_id == user.pk or access.is_registrar(user):
        return True
    return deadline.case is not None and access.can_change_case(user, deadline.case)


def _filters(form, until) -> list[dict]:
    """The filter fields as plain values for the template: (value, text, selected)."""
    out = []
    data = form.data if form.is_bound else {}
    for name in ("responsible", "unit", "body", "kind"):
        field = form.fields[name]
        chosen = str(data.get(name, ""))
        choices = [("", "—", not chosen)]
        if name == "kind":
            choices += [(v, t, v == chosen) for v, t in field.choices if v]
        else:
            for obj in field.queryset:
                text = (obj.get_full_name() or obj.username) if name == "responsible" else (
                    obj.name)
                choices.append((str(obj.pk), text, str(obj.pk) == chosen))
        out.append({"name": name, "label": field.label, "choices": choices})
    out.append({"name": "until", "label": form.fields["until"].label,
                "value": until.isoformat(), "choices": None})
    return out


def _filtered(request):
    form = forms.FilterForm(request.GET or None)
    today = timezone.localdate()
    until = today + datetime.timedelta(days=7)
    rows = Deadline.objects.filter(status=Deadline.Status.OPEN)
    if form.is_valid():
        data = form.cleaned_data
        until = data["until"] or until
        for name in ("responsible", "unit", "body"):
            if data[name]:
                rows = rows.filter(**{name: data[name]})
        if data["kind"]:
            rows = rows.filter(kind=data["kind"])
    rows = rows.filter(due__lte=until).order_by("due", "pk")
    return form, rows, today, until


@staff_required
def overdue(request):
    form, rows, today, until = _filtered(request)
    total = rows.count()
    # Rows as plain values: the template only prints them (the page the benchmark watches).
    deadline_url = reverse("handling:deadline", args=[0])[:-2]
    case_url = reverse("diary:case", args=[0])[:-2]
    kinds = dict(Deadline.Kind.choices)
    shown = []
    for d in rows.select_related("case", "responsible", "unit", "body", "meeting__body"
                                 )[:LIST_LIMIT]:
        shown.append({
            "due": d.due, "overdue": d.due < today, "url": f"{deadline_url}{d.pk}/",
            "description": d.description, "kind": kinds.get(d.kind, d.kind),
            "case": d.case.diary_number if d.case_id else "",
            "case_url": f"{case_url}{d.case_id}/" if d.case_id else "",
            "meeting": str(d.meeting) if d.meeting_id else "",
            "responsible": (d.responsible.get_full_name() or d.responsible.username
                            if d.responsible_id else ""),
            "unit": d.unit.name if d.unit_id else "",
            "body": d.body.name if d.body_id else ""})
    # Counted on the index (status, due, responsible); the names fetched afterwards.
    counts = (rows.order_by().values_list("responsible_id").annotate(n=Count("*"))
              .order_by("-n")[:50])
    counts = list(counts)
    names = get_user_model().objects.in_bulk([pk for pk, _n in counts if pk])
    per_person = [{"user": names.get(pk), "n": n} for pk, n in counts]
    return render(request, "handling/overdue.html", {
        "form": form, "filters": _filters(form, until), "deadlines": shown, "total": total,
        "today": today, "until": until,
        "limited": total > LIST_LIMIT, "per_person": per_person,
        "query": request.GET.urlencode(), "overdue_label": _("overdue")})


@staff_required
def overdue_csv(request):
    _form, rows, today, _until = _filtered(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="restanslista.csv"'
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    writer.writerow(["Förfallodag", "Försenad", "Slag", "Beskrivning", "Diarienummer",
                     "Ansvarig", "Enhet", "Organ"])
    for d in rows.select_related("case", "responsible", "unit", "body")[:CSV_LIMIT]:
        writer.writerow([
            d.due.isoformat(), "ja" if d.due < today else "nej", d.get_kind_display(),
            d.description, d.case.diary_number if d.case else "",
            d.responsible.get_full_name() or d.responsible.username if d.responsible else "",
            d.unit.name if d.unit else "", d.body.name if d.body else ""])
    return response


def _deadline(pk):
    return get_object_or_404(Deadline.objects.select_related(
        "case", "document", "responsible", "meeting__body", "unit", "body"), pk=pk)


@staff_required
def detail(request, pk):
    deadline = _deadline(pk)
    return render(request, "handling/deadline.html", {
        "deadline": deadline, "can_change": _may_change(request.user, deadline),
        "owner_url": owners.owner_url(deadline),
        "extensions": deadline.extensions.select_related("document__case", "created_by"),
        "today": timezone.localdate()})


def _form_page(request, form, perform, *, heading, submit, success, back, danger=False):
    if request.method == "POST" and form.is_valid():
        try:
            perform(form.cleaned_data)
        except ValidationError as e:
            for message in e.messages:
                form.add_error(None, message)
        else:
            messages.success(request, success)
            return redirect(back)
    return render(request, "handling/form.html", {
        "form": form, "heading": heading, "submit": submit, "back": back, "danger": danger},
        status=400 if request.method == "POST" else 200)


class _Owned(Exception):
    def __init__(self, url):
        self.url = url


def _changeable(request, pk) -> Deadline:
    deadline = _deadline(pk)
    if not _may_change(request.user, deadline):
        raise PermissionDenied
    url = owners.owner_url(deadline)
    if url:
        raise _Owned(url)
    return deadline


def _owned_elsewhere(view):
    """A deadline another app keeps is changed there (kansli.handling.owners)."""
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except _Owned as owned:
            messages.info(request, _("This deadline is kept by a referral; change it there."))
            return redirect(owned.url)
    return wrapper


def _data(request):
    """The posted data, even when empty (an empty form is bound, and shows its errors)."""
    return request.POST if request.method == "POST" else None


def _document(case, pk):
    return case.documents.filter(pk=pk).first() if pk and case else None


@staff_required
def find_case(request):
    """A new deadline starts from the case: found by its diary number."""
    form = forms.FindCaseForm(_data(request))
    if request.method == "POST" and form.is_valid():
        number = form.cleaned_data["diary_number"].strip()
        case = Case.objects.filter(diary_number__iexact=number).first()
        if case is None:
            form.add_error("diary_number", _("No case has that diary number."))
        else:
            return redirect("handling:create", case_pk=case.pk)
    return render(request, "handling/form.html", {
        "form": form, "heading": _("New deadline"), "submit": _("Continue"),
        "back": reverse("handling:overdue")}, status=400 if form.errors else 200)


@staff_required
def create(request, case_pk):
    case = get_object_or_404(Case.objects.select_related("series__body", "unit"), pk=case_pk)
    if not access.can_change_case(request.user, case):
        raise PermissionDenied
    form = forms.DeadlineForm(_data(request), case=case,
                              initial={"responsible": case.officer_id, "kind": "external"})

    def perform(data):
        actions.do_add_deadline(case, acting_user=request.user, kind=data["kind"],
                                due=data["due"], description=data["description"],
                                responsible=data["responsible"],
                                document=_document(case, data["document"]))

    return _form_page(request, form, perform,
                      heading=_("New deadline for %(case)s") % {"case": case.diary_number},
                      submit=_("Add the deadline"), success=_("The deadline is added."),
                      back=case.get_absolute_url() if hasattr(case, "get_absolute_url")
                      else f"/arenden/{case.pk}/")


@staff_required
@_owned_elsewhere
def extend(request, pk):
    deadline = _changeable(request, pk)
    form = forms.ExtendForm(_data(request), case=deadline.case,
                            initial={"granted_on": timezone.localdate()})

    def perform(data):
        actions.do_extend(deadline, acting_user=request.user, new_due=data["new_due"],
                          granted_by=data["granted_by"], granted_on=data["granted_on"],
                          reason=data["reason"],
                          document=_document(deadline.case, data["document"]))

    return _form_page(request, form, perform, heading=_("Extension"),
                      submit=_("Record the extension"), success=_("The extension is recorded."),
                      back=f"/bevakningar/{deadline.pk}/")


@staff_required
@_owned_elsewhere
def meet(request, pk):
    deadline = _changeable(request, pk)
    form = forms.MeetForm(_data(request), initial={"on": timezone.localdate()})
    return _form_page(
        request, form,
        lambda data: actions.do_meet_deadline(deadline, acting_user=request.user,
                                              on=data["on"]),
        heading=_("Mark the deadline met"), submit=_("Mark met"),
        success=_("The deadline is met."), back=f"/bevakningar/{deadline.pk}/")


@staff_required
@_owned_elsewhere
def cancel(request, pk):
    deadline = _changeable(request, pk)
    form = forms.CancelForm(_data(request))
    return _form_page(
        request, form,
        lambda data: actions.do_cancel_deadline(deadline, acting_user=request.user,
                                                reason=data["reason"]),
        heading=_("Cancel the deadline"), submit=_("Cancel the deadline"),
        success=_("The deadline is cancelled."), back=f"/bevakningar/{deadline.pk}/",
        danger=True)


def _changeable_case(request, case_pk) -> Case:
    case = get_object_or_404(Case.objects.select_related("series__organisation", "officer",
                                                         "series__body", "unit"),
                             pk=case_pk)
    if not access.can_change_case(request.user, case):
        raise PermissionDenied
    return case


@staff_required
def notify_delay(request, case_pk):
    """FL 11 §: the notice of serious delay to the party who opened the case."""
    case = _changeable_case(request, case_pk)
    form = forms.DelayNoticeForm(_data(request))
    return _form_page(
        request, form,
        lambda data: actions.do_notify_delay(case, acting_user=request.user,
                                             reason=data["reason"],
                                             expected_by=data["expected_by"]),
        heading=_("Notice of serious delay (FL 11 §) in %(case)s")
        % {"case": case.diary_number},
        submit=_("Register the notice"),
        success=_("The notice is registered as an outgoing letter; dispatch it from its "
                  "page."),
        back=f"/arenden/{case.pk}/")


@staff_required
def record_demand(request, case_pk):
    """FL 12 §: the party's demand for a decision, answered within four weeks."""
    case = _changeable_case(request, case_pk)
    form = forms.DemandForm(_data(request), case=case)
    return _form_page(
        request, form,
        lambda data: actions.do_record_demand_for_decision(
            case, acting_user=request.user, document=_document(case, data["document"])),
        heading=_("Demand for a decision (FL 12 §) in %(case)s")
        % {"case": case.diary_number},
        submit=_("Record the demand"), success=_("The four-week deadline is set."),
        back=f"/arenden/{case.pk}/")
