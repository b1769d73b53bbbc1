"""Staff pages: the list of referrals, one referral's overview with its chart and CSV,
and the forms that send a referral and record answers, declines, extensions and
corrections. Thin: access checks here, the rules in ``actions``."""

from __future__ import annotations

import csv

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kansli.diary import access
from kansli.diary.models import Case
from kansli.diary.views import mask_case, staff_required

from . import actions, forms, overview
from .models import Recipient, Referral

PAGE_SIZE = 50


def _data(request):
    return request.POST if request.method == "POST" else None


def _case(pk) -> Case:
    return get_object_or_404(Case.objects.select_related("series__organisation", "officer",
                                                         "series__body", "unit"), pk=pk)


def _referral(pk) -> Referral:
    return get_object_or_404(Referral.objects.select_related(
        "case__series__organisation", "case__officer", "letter"), pk=pk)


def _recipient(request, pk) -> Recipient:
    recipient = get_object_or_404(Recipient.objects.select_related(
        "referral__case__series__organisation", "referral__case__officer", "party", "unit",
        "body", "deadline"), pk=pk)
    if not access.can_change_case(request.user, recipient.referral.case):
        raise PermissionDenied
    return recipient


def _form_page(request, form, perform, *, heading, submit, success, back, case,
               multipart=False, intro=""):
    """Show the form; on a valid post run ``perform`` (an action) and go to what it
    returns, or ``back``. The action's refusals are shown on the form."""
    if request.method == "POST" and form.is_valid():
        try:
            target = perform(form.cleaned_data)
        except ValidationError as e:
            for message in e.messages:
                form.add_error(None, message)
        else:
            messages.success(request, success)
            return redirect(target if isinstance(target, str) else back)
    mask_case(case, access.can_read_secret(request.user, case))
    return render(request, "referrals/form.html", {
        "form": form, "heading": heading, "submit": submit, "back": back, "case": case,
        "multipart": multipart, "intro": intro},
        status=400 if request.method == "POST" else 200)


def _document(case, pk):
    return case.documents.filter(pk=pk).first() if pk else None


# Lists and the overview -------------------------------------------------------------


@staff_required
def index(request):
    """All referrals, those still awaiting answers first."""
    today = timezone.localdate()
    waiting = Recipient.objects.filter(referral=OuterRef("pk"), status=Recipient.Status.SENT)
    referrals = overview.with_counts(
        Referral.objects.select_related("case").annotate(open=Exists(waiting)), today
    ).order_by("-open", "-sent_on", "-pk")
    page = Paginator(referrals, PAGE_SIZE).get_page(request.GET.get("sida"))
    readable = access.readable_cases(request.user, [r.case for r in page])
    for referral in page:
        mask_case(referral.case, referral.case_id in readable)
    return render(request, "referrals/index.html", {"page": page, "today": today})


@staff_required
def detail(request, pk):
    referral = _referral(pk)
    case = referral.case
    today = timezone.localdate()
    can_read = access.can_read_secret(request.user, case)
    mask_case(case, can_read)
    labels = overview.status_labels()
    form = forms.FilterForm(request.GET or None, labels=labels)
    status = form.cleaned_data["status"] if form.is_valid() else ""
    view = overview.build(referral, today=today, can_read_secret=can_read, status=status)
    return render(request, "referrals/detail.html", {
        "referral": referral, "case": case, "overview": view, "counts": view.counts,
        "chart": overview.answers_chart(view), "form": form, "status": status,
        "today": today, "letter_shown": can_read or not referral.letter.is_secret,
        "can_change": access.can_change_case(request.user, case) and not case.is_cancelled,
    })


def cell(value) -> str:
    """A cell Excel will not run as a formula: text starting with = + - @ (names are
    typed by people) gets a leading apostrophe."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def history(recipient: Recipient) -> list[dict]:
    """The recipient's journal events, corrections with their old and new values."""
    from kansli.diary.models import Document, Event
    from kansli.diary.panels import EVENT_LABELS

    events = list(Event.objects.filter(object_type=Recipient._meta.model_name,
                                       object_id=recipient.pk).order_by("seq"))
    documents = Document.objects.in_bulk(
        [v for e in events for key in ("previous", "corrected")
         for name, v in (e.data.get(key) or {}).items() if name == "answer" and v]
        + [e.data["answer"] for e in events if e.data.get("answer")])
    outcomes = dict(Recipient.Outcome.choices)

    def shown(name, value):
        if value in (None, ""):
            return "–"
        if name == "answer":
            document = documents.get(value)
            return document.reference if document else str(value)
        if name == "outcome":
            return str(outcomes.get(value, value))
        return str(value)

    rows = []
    for event in events:
        before, after = event.data.get("previous") or {}, event.data.get("corrected") or {}
        rows.append({
            "event": event, "label": EVENT_LABELS.get(event.action, event.action),
            "reason": event.data.get("reason", ""),
            "changes": [{"field": Recipient._meta.get_field(name).verbose_name,
                         "before": shown(name, before.get(name)),
                         "after": shown(name, value)} for name, value in after.items()],
        })
    return rows


@staff_required
def recipient_detail(request, pk):
    recipient = get_object_or_404(Recipient.objects.select_related(
        "referral__case__series", "referral__letter", "party", "unit", "body", "deadline",
        "answer"), pk=pk)
    case = recipient.referral.case
    can_read = access.can_read_secret(request.user, case)
    mask_case(case, can_read)
    today = timezone.localdate()
    status = recipient.shown_status(today)
    return render(request, "referrals/recipient.html", {
        "recipient": recipient, "referral": recipient.referral, "case": case,
        "status_label": overview.status_labels()[status], "status": status,
        "extensions": list(recipient.deadline.extensions.select_related("document__case")
                           .order_by("created_at", "pk")),
        "answer_shown": bool(recipient.answer_id)
        and (can_read or not recipient.answer.is_secret),
        "history": history(recipient),
        "can_change": access.can_change_case(request.user, case) and not case.is_cancelled,
    })


CSV_HEADER = ["Mottagare", "Slag", "Ursprungligt svarsdatum", "Svarsdatum", "Anstånd",
              "Status", "Svar inkom", "Utfall", "Beslutande organ", "Beslutsdatum",
              "Paragraf", "Beslutsreferens", "Svarshandling"]


@staff_required
def export_csv(request, pk):
    """The overview as CSV for Excel: semicolons, UTF-8 with BOM, a row per recipient."""
    referral = _referral(pk)
    can_read = access.can_read_secret(request.user, referral.case)
    status = request.GET.get("status", "")
    view = overview.build(referral, today=timezone.localdate(), can_read_secret=can_read,
                          status=status if status in overview.STATUSES else "")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = f"remiss-{referral.pk}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    writer.writerow(CSV_HEADER)
    for row in view.rows:
        r = row.recipient
        writer.writerow([cell(value) for value in (
            r.name, _("external") if r.is_external else _("internal"),
            row.original_due.isoformat(), row.due.isoformat(),
            ", ".join(f"{e.previous_due:%Y-%m-%d} → {e.new_due:%Y-%m-%d} "
                      f"({e.granted_on:%Y-%m-%d})" for e in row.extensions),
            row.status_label, r.answered_on.isoformat() if r.answered_on else "",
            r.get_outcome_display(), r.decision_body,
            r.decision_date.isoformat() if r.decision_date else "", r.decision_paragraph,
            r.decision_reference, r.answer.reference if row.answer_shown else "")])
    return response


# Forms ---------------------------------------------------------------------------


@staff_required
def send(request, case_pk):
    case = _case(case_pk)
    if not access.can_change_case(request.user, case) or case.is_cancelled:
        raise PermissionDenied
    form = forms.SendForm(_data(request), request.FILES or None, case=case,
                          initial={"sent_on": timezone.localdate(), "kind": "opinion"})

    def perform(data):
        due = data["due"]
        targets = [*data["parties"], *data["units"], *data["bodies"]]
        referral = actions.do_send_referral(
            case, acting_user=request.user, question=data["question"], kind=data["kind"],
            recipients=[(t, due) for t in targets], sent_on=data["sent_on"],
            letter_description=data["letter_description"], letter_text=data["letter_text"],
            files=[data["letter_file"]] if data["letter_file"] else [])
        return reverse("referrals:detail", args=[referral.pk])

    return _form_page(request, form, perform, case=case, multipart=True,
                      heading=_("Send %(case)s on referral") % {"case": case.diary_number},
                      submit=_("Send the referral"),
                      success=_("The referral is sent and its letter registered."),
                      back=reverse("diary:case", args=[case.pk]))


def _back(recipient):
    return reverse("referrals:recipient", args=[recipient.pk])


@staff_required
def answer(request, pk):
    recipient = _recipient(request, pk)
    case = recipient.referral.case
    form = forms.AnswerForm(_data(request), request.FILES or None, recipient=recipient,
                            initial={"answered_on": timezone.localdate()})

    def perform(data):
        actions.do_record_answer(
            recipient, acting_user=request.user, answered_on=data["answered_on"],
            document=_document(case, data["document"]), description=data["description"],
            document_date=data["document_date"],
            files=[data["file"]] if data["file"] else [],
            outcome=data.get("outcome", ""), decision_body=data.get("decision_body", ""),
            decision_date=data.get("decision_date"),
            decision_paragraph=data.get("decision_paragraph", ""))

    return _form_page(request, form, perform, case=case, multipart=True,
                      heading=_("Answer from %(recipient)s") % {"recipient": recipient.name},
                      submit=_("Record the answer"), success=_("The answer is recorded."),
                      back=_back(recipient))


@staff_required
def decline(request, pk):
    recipient = _recipient(request, pk)
    case = recipient.referral.case
    form = forms.DeclineForm(_data(request), recipient=recipient,
                             initial={"on": timezone.localdate()})
    return _form_page(
        request, form,
        lambda data: actions.do_record_declined(
            recipient, acting_user=request.user, on=data["on"], reason=data["reason"],
            document=_document(case, data["document"])),
        case=case,
        heading=_("%(recipient)s declines to answer") % {"recipient": recipient.name},
        submit=_("Record that they decline"), success=_("Recorded: declines to answer."),
        back=_back(recipient))


@staff_required
def extend(request, pk):
    recipient = _recipient(request, pk)
    form = forms.ExtendForm(_data(request), initial={"granted_on": timezone.localdate()})
    return _form_page(
        request, form,
        lambda data: actions.do_extend_referral(
            recipient, acting_user=request.user, new_due=data["new_due"],
            granted_on=data["granted_on"], reason=data["reason"],
            granted_by=data["granted_by"]),
        case=recipient.referral.case,
        heading=_("Extension for %(recipient)s") % {"recipient": recipient.name},
        intro=_("Current due date: %(due)s") % {"due": recipient.deadline.due.isoformat()},
        submit=_("Record the extension"), success=_("The extension is recorded."),
        back=_back(recipient))


@staff_required
def correct(request, pk):
    recipient = _recipient(request, pk)
    if recipient.status == Recipient.Status.SENT:
        raise PermissionDenied
    fields = ("answered_on", "outcome", "decision_body", "decision_date",
              "decision_paragraph")
    form = forms.CorrectForm(_data(request), recipient=recipient,
                             initial={f: getattr(recipient, f) for f in fields})

    def perform(data):
        changes = {f: data[f] for f in fields
                   if f in form.fields and data[f] != getattr(recipient, f)
                   and not (data[f] in (None, "") and getattr(recipient, f) in (None, ""))}
        actions.do_correct_answer(recipient, acting_user=request.user,
                                  reason=data["reason"], **changes)

    return _form_page(
        request, form, perform, case=recipient.referral.case,
        heading=_("Correct the answer from %(recipient)s") % {"recipient": recipient.name},
        submit=_("Correct"), success=_("The answer is corrected."), back=_back(recipient))
