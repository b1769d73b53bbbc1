"""The staff interface of committee work: meetings per body, the agenda builder and the
notice (kallelse), attendance and approvers, the minutes editor per paragraph (§),
approval by each approver, and the notice board as staff see it.

As in the diary, views stay thin: they check who may do what (``access``), hand the
cleaned input to one function of ``actions`` and show its ValidationError on the form.
Views ask only for a login: approvers without a staff role read their own meetings, so
each view checks what the user may read or change itself.
The agenda and the minutes fetch their rows with a fixed number of queries, however
many items the meeting has.
"""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kansli.diary import access as diary_access
from kansli.diary.models import Case, Document
from kansli.lib import calendar

from . import access, actions, forms
from .models import (
    AgendaItem,
    Approval,
    Approver,
    Attendance,
    BasisEntry,
    DelegationDecision,
    Handling,
    Meeting,
    OfficersReport,
    Paragraph,
    Posting,
    Proposal,
    Recipient,
    Vote,
)

# Past meetings shown when no year is chosen.
PAST_LIMIT = 50
# Past postings shown on the notice board.
PAST_POSTINGS = 50


def require_manager(user) -> None:
    if not access.can_manage(user):
        raise PermissionDenied


def readable_meeting(request, pk) -> Meeting:
    meeting = get_object_or_404(
        Meeting.objects.select_related("body", "body__organisation", "secretary", "chair"),
        pk=pk)
    if not access.can_read_meeting(request.user, meeting):
        raise PermissionDenied
    return meeting


def managed_meeting(request, pk) -> Meeting:
    require_manager(request.user)
    return readable_meeting(request, pk)


def posted(request):
    return request.POST if request.method == "POST" else None


def show_error(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


def form_page(request, form, *, heading, submit, back, meeting=None, paragraph=None,
              danger=False, intro="", status=200):
    return render(request, "meetings/form.html", {
        "form": form, "heading": heading, "submit": submit, "back": back,
        "meeting": meeting, "paragraph": paragraph, "danger": danger, "intro": intro,
    }, status=status)


def mask_cases(user, cases) -> None:
    """Set what this reader sees of each case's title (the public title of a secret
    case to those who may not read it)."""
    cases = [c for c in cases if c is not None]
    readable = diary_access.readable_cases(user, {c.pk: c for c in cases}.values())
    for case in cases:
        can_read = case.pk in readable
        case.can_read = can_read
        case.title_shown = case.title if can_read or not case.is_secret else case.shown_title


def today() -> datetime.date:
    return timezone.localdate()


# Meetings per body ---------------------------------------------------------------------


@login_required
def meeting_list(request):
    reader = access.can_read(request.user)
    mine = access.approver_meetings(request.user)
    if not reader and not mine:
        raise PermissionDenied
    form = forms.MeetingFilterForm(request.GET or None)
    meetings = Meeting.objects.select_related("body").order_by("start", "pk")
    if not reader:
        meetings = meetings.filter(pk__in=mine)
    year = None
    if form.is_valid():
        if form.cleaned_data["body"]:
            meetings = meetings.filter(body=form.cleaned_data["body"])
        year = form.cleaned_data["year"]
        if year:
            meetings = meetings.filter(start__year=year)
    now = timezone.now()
    upcoming = list(meetings.filter(start__gte=now))
    past = meetings.filter(start__lt=now).order_by("-start", "-pk")
    past = list(past if year else past[:PAST_LIMIT])
    to_approve = list(
        Meeting.objects.select_related("body")
        .filter(pk__in=mine, minutes_drawn_up_at__isnull=False, approved_on__isnull=True)
        .order_by("start")) if mine else []
    return render(request, "meetings/meeting_list.html", {
        "form": form, "upcoming": upcoming, "past": past, "to_approve": to_approve,
        "past_limited": not year and len(past) == PAST_LIMIT,
        "can_manage": access.can_manage(request.user),
    })


@login_required
@require_http_methods(["GET", "POST"])
def meeting_create(request):
    require_manager(request.user)
    initial = {"secretary": getattr(access.person_of(request.user), "pk", None)}
    form = forms.PlanMeetingForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            meeting = actions.do_plan_meeting(
                data["body"], acting_user=request.user, start=data["start"], end=data["end"],
                place=data["place"], minutes_kept_at=data["minutes_kept_at"],
                secretary=data["secretary"])
        except ValidationError as error:
            show_error(form, error)
        else:
            messages.success(request, _("The meeting is planned."))
            return redirect("meetings:meeting", pk=meeting.pk)
    return form_page(request, form, heading=_("Plan a meeting"), submit=_("Plan the meeting"),
                     back=reverse("meetings:list"))


# The meeting page and its agenda -------------------------------------------------------


def agenda_items(meeting: Meeting, *, basis: bool = False) -> list[AgendaItem]:
    """The agenda with what each item shows, in a fixed number of queries."""
    items = (meeting.agenda.order_by("position")
             .select_related("case", "case__series", "report", "report__document",
                             "paragraph")
             .prefetch_related(
                 Prefetch("delegation_decisions",
                          queryset=DelegationDecision.objects.select_related(
                              "rule", "document", "document__case", "decided_by"))))
    if basis:
        items = items.prefetch_related(
            Prefetch("report__basis", queryset=BasisEntry.objects.select_related(
                "document", "paragraph", "paragraph__body", "paragraph__meeting")))
    return list(items)


def pending_handlings(meeting: Meeting):
    """Cases referred to the meeting's body and not yet on an agenda."""
    return list(Handling.objects.filter(body=meeting.body, agenda_item__isnull=True,
                                        paragraph__isnull=True)
                .select_related("case", "case__series").order_by("referred_at", "pk"))


def attendance_of(meeting: Meeting) -> list[Attendance]:
    return list(meeting.attendance.select_related("person", "serving_for")
                .order_by("kind", "person__name", "pk"))


def approvers_of(meeting: Meeting) -> list[Approver]:
    """The approvers, each with ``minutes_approval``: their approval of the whole
    minutes, or None."""
    approvers = list(meeting.approvers.select_related("person").prefetch_related(
        Prefetch("approvals", queryset=Approval.objects.filter(paragraph__isnull=True),
                 to_attr="minutes_approvals")))
    for approver in approvers:
        approver.minutes_approval = (approver.minutes_approvals[0]
                                     if approver.minutes_approvals else None)
    return approvers


@login_required
def meeting_detail(request, pk):
    meeting = readable_meeting(request, pk)
    items = agenda_items(meeting)
    handlings = pending_handlings(meeting) if access.can_manage(request.user) else []
    mask_cases(request.user, [i.case for i in items] + [h.case for h in handlings])
    agenda_open = meeting.minutes_drawn_up_at is None
    return render(request, "meetings/meeting_detail.html", {
        "meeting": meeting,
        "items": items,
        "handlings": handlings,
        "attendance": attendance_of(meeting),
        "approvers": approvers_of(meeting),
        "can_manage": access.can_manage(request.user),
        "agenda_open": agenda_open,
        "can_send_notice": meeting.status == Meeting.Status.PLANNED,
        "can_mark_held": meeting.status in (Meeting.Status.PLANNED,
                                            Meeting.Status.NOTICE_SENT),
        "can_draw_up": meeting.status == Meeting.Status.HELD and agenda_open,
        "approval_due": calendar.approval_due(meeting.day),
        "unreported": unreported_delegation(meeting.body),
    })


@login_required
def meeting_notice(request, pk):
    """The notice (kallelse) with the agenda, as staff see it; printable."""
    meeting = readable_meeting(request, pk)
    items = agenda_items(meeting, basis=True)
    mask_cases(request.user, [i.case for i in items])
    return render(request, "meetings/notice.html", {
        "meeting": meeting, "items": items,
        "announcement": meeting.postings.filter(kind=Posting.Kind.ANNOUNCEMENT).first()})


def meeting_form(request, pk, form_class, perform, *, heading, submit, success,
                 initial=None, danger=False, intro=""):
    """A form on a meeting: show it, and on a valid POST run ``perform(meeting, data)``."""
    meeting = managed_meeting(request, pk)
    initial = initial(meeting) if callable(initial) else initial
    kwargs = {"meeting": meeting} if getattr(form_class, "needs_meeting", False) else {}
    form = form_class(posted(request), initial=initial, **kwargs)
    if request.method == "POST" and form.is_valid():
        try:
            perform(meeting, form.cleaned_data)
        except ValidationError as error:
            show_error(form, error)
        else:
            messages.success(request, success)
            return redirect("meetings:meeting", pk=meeting.pk)
    return form_page(request, form, heading=heading, submit=submit, meeting=meeting,
                     back=reverse("meetings:meeting", args=[meeting.pk]), danger=danger,
                     intro=intro)


def meeting_button(request, pk, perform, success, *, to="meetings:meeting"):
    """A POST button on a meeting: run ``perform(meeting)``; the refusal, if any, is
    shown on the page it came from."""
    meeting = managed_meeting(request, pk)
    try:
        perform(meeting)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, success)
    return redirect(to, pk=meeting.pk)


@login_required
@require_http_methods(["GET", "POST"])
def item_create(request, pk):
    def perform(meeting, data):
        actions.do_add_agenda_item(meeting, acting_user=request.user,
                                   heading=data["heading"], kind=data["kind"],
                                   case=data["diary_number"], report=data["report"])

    return meeting_form(request, pk, forms.AgendaItemForm, perform,
                        heading=_("Add an agenda item"), submit=_("Add the item"),
                        success=_("The item is on the agenda."))


def meeting_item(meeting: Meeting, item_pk) -> AgendaItem:
    return get_object_or_404(AgendaItem.objects.select_related("case"), pk=item_pk,
                             meeting=meeting)


@login_required
@require_POST
def item_move(request, pk, item_pk):
    def perform(meeting):
        item = meeting_item(meeting, item_pk)
        step = {"up": -1, "down": 1}.get(request.POST.get("direction"))
        if step is None:
            raise ValidationError(_("Move an item up or down."))
        actions.do_move_agenda_item(item, acting_user=request.user,
                                    position=item.position + step)

    return meeting_button(request, pk, perform, _("The agenda is changed."))


@login_required
@require_http_methods(["GET", "POST"])
def item_remove(request, pk, item_pk):
    meeting = managed_meeting(request, pk)
    item = meeting_item(meeting, item_pk)
    return meeting_form(
        request, pk, forms.RemoveItemForm,
        lambda meeting, data: actions.do_remove_agenda_item(item, acting_user=request.user,
                                                            reason=data["reason"]),
        heading=_("Remove an agenda item"), submit=_("Remove the item"),
        success=_("The item is removed from the agenda."), danger=True,
        intro=_("%(position)d. %(heading)s") % {"position": item.position,
                                                "heading": item.heading})


@login_required
@require_POST
def handling_add(request, pk, handling_pk):
    """Put a case referred to the body on the agenda, with its report to the body."""

    def perform(meeting):
        handling = get_object_or_404(Handling.objects.select_related("case"), pk=handling_pk,
                                     body=meeting.body)
        report = (handling.case.documents.filter(report__body=meeting.body,
                                                 report__agenda_items__isnull=True)
                  .order_by("-received_date", "-pk").first())
        actions.do_add_agenda_item(meeting, acting_user=request.user, heading="",
                                   case=handling.case,
                                   report=report.report if report else None)

    return meeting_button(request, pk, perform, _("The item is on the agenda."))


@login_required
@require_POST
def delegation_report(request, pk):
    return meeting_button(
        request, pk,
        lambda meeting: actions.do_report_delegation_decisions(meeting,
                                                               acting_user=request.user),
        _("The delegation decisions are on the agenda."))


@login_required
@require_http_methods(["GET", "POST"])
def notice_send(request, pk):
    return meeting_form(
        request, pk, forms.SendNoticeForm,
        lambda meeting, data: actions.do_send_notice(meeting, acting_user=request.user,
                                                     on=data["on"]),
        heading=_("Send the notice"), submit=_("Send the notice"),
        success=_("The notice is sent."),
        intro=_("The notice is sent with the agenda as it stands. A council meeting is "
                "also announced on the notice board."))


@login_required
@require_http_methods(["GET", "POST"])
def attendance_record(request, pk):
    def perform(meeting, data):
        actions.do_record_attendance(meeting, acting_user=request.user,
                                     person=data["person"], kind=data["kind"],
                                     serving_for=data["serving_for"], note=data["note"])

    return meeting_form(request, pk, forms.AttendanceForm, perform,
                        heading=_("Record attendance"), submit=_("Record"),
                        success=_("The attendance is recorded."))


@login_required
@require_http_methods(["GET", "POST"])
def approvers_name(request, pk):
    def initial(meeting):
        approvers = list(meeting.approvers.all())
        return {"chair": next((a.person_id for a in approvers if a.is_chair),
                              meeting.chair_id),
                "approvers": [a.person_id for a in approvers if not a.is_chair],
                "approval_place_time": meeting.approval_place_time}

    def perform(meeting, data):
        actions.do_name_approvers(meeting, acting_user=request.user, chair=data["chair"],
                                  approvers=list(data["approvers"]),
                                  approval_place_time=data["approval_place_time"])

    return meeting_form(request, pk, forms.ApproversForm, perform,
                        heading=_("Name the approvers"), submit=_("Save"),
                        success=_("The approvers are named."), initial=initial)


@login_required
@require_POST
def meeting_held(request, pk):
    return meeting_button(
        request, pk, lambda meeting: actions.do_mark_held(meeting, acting_user=request.user),
        _("The meeting is marked as held."))


@login_required
@require_POST
def minutes_draw_up(request, pk):
    meeting = managed_meeting(request, pk)
    try:
        actions.do_draw_up_minutes(meeting, acting_user=request.user)
    except ValidationError as error:
        messages.error(request, error_text(error))
        return redirect("meetings:meeting", pk=meeting.pk)
    messages.success(request, _("The minutes are drawn up."))
    return redirect("meetings:minutes", pk=meeting.pk)


# The minutes ------------------------------------------------------------------------------


def paragraph_rows(queryset):
    """Paragraphs with everything the minutes show, in a fixed number of queries."""
    return list(queryset.select_related("case", "case__series", "body", "meeting")
                .prefetch_related(
                    Prefetch("proposals",
                             queryset=Proposal.objects.select_related("mover")),
                    Prefetch("votes", queryset=Vote.objects.prefetch_related(
                        Prefetch("ballots", queryset=_ballots()))),
                    Prefetch("reservations", queryset=_with_person("reservations")),
                    Prefetch("recusals", queryset=_with_person("recusals")),
                    Prefetch("recipients", queryset=Recipient.objects.select_related(
                        "party", "unit")),
                    Prefetch("approvals", queryset=Approval.objects.select_related(
                        "approver__person").order_by("at", "pk")),
                ))


def _ballots():
    from .models import Ballot

    return Ballot.objects.select_related("person").order_by("person__name", "pk")


def _with_person(name):
    from .models import Recusal, Reservation

    model = {"reservations": Reservation, "recusals": Recusal}[name]
    return model.objects.select_related("person").order_by("pk")


def approval_state(request, meeting: Meeting, approvers) -> dict:
    me = next((a for a in approvers if a.person.user_id == request.user.pk), None)
    return {
        "my_approver": me,
        "can_approve": bool(me and meeting.minutes_drawn_up_at and not meeting.approved_on
                            and me.minutes_approval is None),
        "approval_due": calendar.approval_due(meeting.day),
    }


@login_required
def minutes(request, pk):
    meeting = readable_meeting(request, pk)
    paragraphs = paragraph_rows(meeting.paragraphs.order_by("number"))
    mask_cases(request.user, [p.case for p in paragraphs])
    approvers = approvers_of(meeting)
    approve_form = forms.ApproveForm(initial={"on": today()})
    context = {
        "meeting": meeting,
        "paragraphs": paragraphs,
        "attendance": attendance_of(meeting),
        "approvers": approvers,
        "approve_form": approve_form,
        "can_manage": access.can_manage(request.user),
        "posting": meeting.postings.filter(kind=Posting.Kind.APPROVAL).first(),
    }
    context.update(approval_state(request, meeting, approvers))
    return render(request, "meetings/minutes.html", context)


@login_required
@require_POST
def minutes_approve(request, pk):
    """An approver approves the minutes. Anyone else is refused by the action, with its
    message."""
    meeting = readable_meeting(request, pk)
    form = forms.ApproveForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for e in form.errors.get("on", [])))
        return redirect("meetings:minutes", pk=meeting.pk)
    try:
        meeting = actions.do_approve_minutes(meeting, acting_user=request.user,
                                             on=form.cleaned_data["on"])
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("The minutes are approved.") if meeting.approved_on
                         else _("Your approval is recorded."))
    return redirect("meetings:minutes", pk=meeting.pk)


@login_required
@require_http_methods(["GET", "POST"])
def minutes_post(request, pk):
    """Post the approval of the minutes on the notice board."""
    require_manager(request.user)
    meeting = readable_meeting(request, pk)
    form = forms.PostForm(posted(request), initial={"on": today()})
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_post_minutes(meeting, acting_user=request.user,
                                    on=form.cleaned_data["on"])
        except ValidationError as error:
            show_error(form, error)
        else:
            messages.success(request, _("The approval is posted on the notice board."))
            return redirect("meetings:board")
    intro = ""
    if meeting.approved_on:
        intro = _("Approved %(approved)s; to be posted no later than %(deadline)s.") % {
            "approved": meeting.approved_on,
            "deadline": calendar.posting_deadline(meeting.approved_on)}
    return form_page(request, form, heading=_("Post the approval of the minutes"),
                     submit=_("Post"), meeting=meeting, intro=intro,
                     back=reverse("meetings:minutes", args=[meeting.pk]))


# A paragraph (§) --------------------------------------------------------------------------


def paragraph_or_404(request, pk) -> Paragraph:
    paragraphs = paragraph_rows(
        Paragraph.objects.filter(pk=pk).select_related("meeting__body",
                                                       "meeting__body__organisation"))
    if not paragraphs:
        raise Http404
    paragraph = paragraphs[0]
    if not access.can_read_meeting(request.user, paragraph.meeting):
        raise PermissionDenied
    return paragraph


def taking_part(paragraph: Paragraph):
    """(deciding, present): who decides in the paragraph — members present and serving
    substitutes, less those who declared an interest — and everyone present."""
    attendance = attendance_of(paragraph.meeting)
    recused = {r.person_id for r in paragraph.recusals.all()}
    deciding = [a.person for a in attendance if a.decides and a.person_id not in recused]
    return deciding, [a.person for a in attendance], attendance


PARAGRAPH_FORMS = {
    "write": forms.ParagraphForm,
    "proposal": forms.ProposalForm,
    "vote": forms.VoteForm,
    "reservation": forms.ReservationForm,
    "interest": forms.InterestForm,
    "recipients": forms.RecipientsForm,
    "approve": forms.ApproveForm,
    "correct": forms.CorrectionForm,
}


def build_form(name, paragraph, data, deciding, present):
    form_class = PARAGRAPH_FORMS[name]
    if name == "write":
        return form_class(data, initial={"heading": paragraph.heading,
                                         "decision": paragraph.decision,
                                         "outcome": paragraph.outcome}, prefix=name)
    if name == "correct":
        return form_class(data, initial={"heading": paragraph.heading,
                                         "decision": paragraph.decision}, prefix=name)
    if name == "recipients":
        current = list(paragraph.recipients.all())
        return form_class(data, paragraph=paragraph, prefix=name, initial={
            "parties": [r.party_id for r in current if r.party_id],
            "units": [r.unit_id for r in current if r.unit_id]})
    if name == "approve":
        return form_class(data, initial={"on": today()}, prefix=name)
    return form_class(data, deciding=deciding, present=present, prefix=name)


def render_paragraph(request, paragraph, *, bound=None, status=200):
    meeting = paragraph.meeting
    deciding, present, attendance = taking_part(paragraph)
    can_manage = access.can_manage(request.user)
    editable = can_manage and not paragraph.is_approved
    names = []
    if editable:
        names = ["write", "proposal", "vote", "reservation", "interest", "recipients"]
    elif can_manage and paragraph.is_approved:
        names = ["correct"]
    approvers = approvers_of(meeting)
    me = next((a for a in approvers if a.person.user_id == request.user.pk), None)
    approved_by = {a.approver_id for a in paragraph.approvals.all()}
    can_approve = bool(me and not paragraph.is_approved and me.pk not in approved_by)
    if can_approve:
        names.append("approve")
    bound = bound or {}
    names += [name for name in bound if name not in names]
    built = {name: bound.get(name) or build_form(name, paragraph, None, deciding, present)
             for name in names}
    mask_cases(request.user, [paragraph.case])
    siblings = list(meeting.paragraphs.order_by("number").values_list("pk", "number"))
    index = next(i for i, (pk, _n) in enumerate(siblings) if pk == paragraph.pk)
    return render(request, "meetings/paragraph.html", {
        "meeting": meeting,
        "paragraph": paragraph,
        "forms": built,
        "deciding": deciding,
        "attendance": attendance,
        "approvers": approvers,
        "can_manage": can_manage,
        "can_approve": can_approve,
        "previous": siblings[index - 1] if index > 0 else None,
        "next": siblings[index + 1] if index + 1 < len(siblings) else None,
    }, status=status)


@login_required
def paragraph_detail(request, pk):
    return render_paragraph(request, paragraph_or_404(request, pk))


def perform_on_paragraph(request, name, paragraph, data, form):
    user = request.user
    if name == "write":
        actions.do_write_paragraph(paragraph, acting_user=user, heading=data["heading"],
                                   decision=data["decision"], outcome=data["outcome"] or None)
        return _("The paragraph is saved.")
    if name == "proposal":
        actions.do_add_proposal(paragraph, acting_user=user, mover=data["mover"],
                                text=data["text"], withdrawn=data["withdrawn"],
                                put_order=data["put_order"], adopted=data["adopted"])
        return _("The proposal is recorded.")
    if name == "vote":
        actions.do_record_vote(paragraph, acting_user=user, question=data["question"],
                               result=data["result"], yes=data["yes"], no=data["no"],
                               abstain=data["abstain"] or 0, ballots=data["ballots"] or None)
        return _("The vote is recorded.")
    if name == "reservation":
        actions.do_add_reservation(paragraph, acting_user=user, person=data["person"],
                                   text=data["text"])
        return _("The reservation is recorded.")
    if name == "interest":
        actions.do_declare_interest(paragraph, acting_user=user, person=data["person"],
                                    note=data["note"])
        return _("The declaration of interest is recorded.")
    if name == "recipients":
        actions.do_set_recipients(paragraph, acting_user=user, recipients=form.recipients())
        return _("The recipients are saved.")
    if name == "approve":
        paragraph = actions.do_approve_paragraph_at_once(paragraph, acting_user=user,
                                                         on=data["on"])
        return (_("The paragraph is approved.") if paragraph.approved_on
                else _("Your approval is recorded."))
    if name == "correct":
        actions.do_correct_paragraph(paragraph, acting_user=user, reason=data["reason"],
                                     heading=data["heading"], decision=data["decision"])
        return _("The correction is recorded.")
    raise Http404


SLUGS = {"skriv": "write", "yrkande": "proposal", "votering": "vote",
         "reservation": "reservation", "jav": "interest", "expediering": "recipients",
         "justera": "approve", "rattelse": "correct"}


@login_required
@require_POST
def paragraph_action(request, pk, what):
    name = SLUGS.get(what)
    if name is None:
        raise Http404
    paragraph = paragraph_or_404(request, pk)
    if name != "approve":
        require_manager(request.user)
    deciding, present, _attendance = taking_part(paragraph)
    form = build_form(name, paragraph, request.POST, deciding, present)
    if form.is_valid():
        try:
            success = perform_on_paragraph(request, name, paragraph, form.cleaned_data, form)
        except ValidationError as error:
            show_error(form, error)
        else:
            messages.success(request, success)
            return redirect("meetings:paragraph", pk=paragraph.pk)
    # Shown again with the refusal, and the page as it stands.
    paragraph = paragraph_or_404(request, pk)
    return render_paragraph(request, paragraph, bound={name: form}, status=200)


# The notice board as staff see it ----------------------------------------------------------


@login_required
def board(request):
    if not access.can_read(request.user):
        raise PermissionDenied
    day = today()
    postings = Posting.objects.select_related("meeting", "meeting__body")
    current = list(postings.filter(taken_down_on__gt=day).order_by("posted_on", "pk"))
    past = list(postings.filter(taken_down_on__lte=day)
                .order_by("-taken_down_on", "-pk")[:PAST_POSTINGS])
    waiting = list(Meeting.objects.select_related("body")
                   .filter(approved_on__isnull=False)
                   .exclude(postings__kind=Posting.Kind.APPROVAL)
                   .order_by("approved_on", "pk"))
    for meeting in waiting:
        meeting.posting_deadline = calendar.posting_deadline(meeting.approved_on)
        meeting.overdue = day > meeting.posting_deadline
    return render(request, "meetings/board.html", {
        "current": current, "past": past, "waiting": waiting, "today": day,
        "can_manage": access.can_manage(request.user),
    })


# The case page ---------------------------------------------------------------------------


def case_handlings(case: Case) -> list[Handling]:
    """A case's handlings by bodies, for the case page: one query."""
    handlings = list(case.handlings.select_related("body", "agenda_item__meeting",
                                                   "paragraph", "paragraph__meeting")
                     .order_by("referred_at", "pk"))
    for handling in handlings:
        handling.shown_meeting = (handling.paragraph.meeting if handling.paragraph_id
                                  else handling.meeting)
    return handlings



def case_reports(case: Case) -> list[OfficersReport]:
    """The officer's reports of a case, for the case page: one query."""
    return list(OfficersReport.objects.filter(document__case=case)
                .select_related("document", "body").order_by("document__number"))


def can_refer(user, case: Case) -> bool:
    """Refer a case and write its reports: those who manage meetings, and those who may
    change the case (the registrar, the case's own officer)."""
    return access.can_manage(user) or diary_access.can_change_case(user, case)


def unreported_delegation(body) -> list[DelegationDecision]:
    """A body's delegation decisions not yet reported to it: one query."""
    return list(DelegationDecision.objects.filter(rule__body=body, reported_in__isnull=True)
                .select_related("rule", "document", "document__case", "decided_by")
                .order_by("decided_on", "pk"))


# Referral, officer's reports and delegation decisions -------------------------------------


def case_form_page(request, form, case, *, heading, submit, intro="", multipart=False,
                   template="meetings/case_form.html", extra=None, status=200):
    context = {"form": form, "case": case, "heading": heading, "submit": submit,
               "intro": intro, "multipart": multipart,
               "back": reverse("diary:case", args=[case.pk])}
    context.update(extra or {})
    return render(request, template, context, status=status)


def open_case_or_404(pk) -> Case:
    case = get_object_or_404(Case.objects.select_related("series"), pk=pk)
    if case.is_cancelled:
        raise PermissionDenied
    return case


@login_required
@require_http_methods(["GET", "POST"])
def refer_case(request, pk):
    """Refer a case to a body for its opinion, preparation or decision."""
    case = open_case_or_404(pk)
    if not can_refer(request.user, case):
        raise PermissionDenied
    mask_cases(request.user, [case])
    form = forms.ReferForm(posted(request), case=case,
                           initial={"body": case.series.body_id})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.do_refer_case(case, acting_user=request.user, body=data["body"],
                                  role=data["role"])
        except ValidationError as error:
            show_error(form, error)
        else:
            messages.success(request, _("The case is referred to %(body)s.")
                             % {"body": data["body"].name})
            return redirect("diary:case", pk=case.pk)
    return case_form_page(request, form, case, heading=_("Refer the case to a body"),
                          submit=_("Refer"))


@login_required
@require_http_methods(["GET", "POST"])
def report_write(request, pk):
    """Give a registered officer's report (tjänsteutlåtande) its structure."""
    document = get_object_or_404(Document.objects.select_related("case", "case__series"),
                                 pk=pk)
    case = document.case
    if document.doc_type != Document.Type.OFFICERS_REPORT:
        raise Http404
    if case.is_cancelled or document.is_cancelled or not can_refer(request.user, case):
        raise PermissionDenied
    can_read = diary_access.can_read_secret(request.user, case)
    if document.is_secret and not can_read:
        raise PermissionDenied
    if OfficersReport.objects.filter(document=document).exists():
        messages.info(request, _("The report is already written; register a new version."))
        return redirect("diary:document", pk=document.pk)
    mask_cases(request.user, [case])
    data = posted(request)
    form = forms.ReportForm(data, document=document, can_read=can_read,
                            initial={"body": case.series.body_id, "title": case.title_shown})
    sections = forms.SectionFormSet(data, prefix="section")
    signatories = forms.SignatoryFormSet(data, prefix="signatory")
    if request.method == "POST":
        valid = [f.is_valid() for f in (form, sections, signatories)]
        if all(valid):
            clean = form.cleaned_data
            try:
                actions.do_write_report(
                    document, acting_user=request.user, body=clean["body"],
                    title=clean["title"], proposal=clean["proposal"],
                    summary=clean["summary"],
                    sections=[(f.cleaned_data["heading"], f.cleaned_data["text"])
                              for f in sections.forms
                              if (f.cleaned_data.get("heading") or "").strip()],
                    basis=form.basis(), recipients=form.recipients(),
                    signatories=[(f.cleaned_data["name"].strip(),
                                  f.cleaned_data["title"].strip())
                                 for f in signatories.forms
                                 if (f.cleaned_data.get("name") or "").strip()])
            except ValidationError as error:
                show_error(form, error)
            else:
                messages.success(request, _("The officer's report is written."))
                return redirect("diary:document", pk=document.pk)
        elif not form.errors:
            form.add_error(None, _("Correct the sections and signatories marked below."))
    return case_form_page(
        request, form, case, heading=_("Write the officer's report"),
        submit=_("Save the report"), template="meetings/report_form.html",
        extra={"document": document, "sections": sections, "signatories": signatories})


@login_required
@require_http_methods(["GET", "POST"])
def delegation_register(request, pk):
    """Register a decision taken under delegation in a case."""
    from kansli.diary.views import too_large_page, upload_too_large

    require_manager(request.user)
    case = open_case_or_404(pk)
    if request.method == "POST" and upload_too_large(request):
        return too_large_page(request)
    mask_cases(request.user, [case])
    form = forms.DelegationDecisionForm(posted(request),
                                        request.FILES if request.method == "POST" else None,
                                        case=case)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.do_register_delegation_decision(
                data["rule"], case, acting_user=request.user, decided_by=data["decided_by"],
                decided_on=data["decided_on"], description=data["description"],
                files=data["files"])
        except ValidationError as error:
            show_error(form, error)
        else:
            messages.success(request, _("The delegation decision is registered; it will be "
                                        "reported to %(body)s.")
                             % {"body": data["rule"].body.name})
            return redirect("diary:case", pk=case.pk)
    return case_form_page(request, form, case, heading=_("Register a delegation decision"),
                          submit=_("Register the decision"), multipart=True)
