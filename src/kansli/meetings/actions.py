"""Every change to committee work, one function per operation: atomic, with the acting
user and a journal event in the same transaction (as in ``kansli.diary.actions``).

Rules: docs/paragraph-numbering.md and docs/approval-and-posting.md.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from kansli.diary import actions as diary_actions
from kansli.diary import journal
from kansli.diary.models import Case, Document, Party
from kansli.lib import calendar
from kansli.org.models import Body, Membership, Person, Unit

from . import signals
from .models import (
    AgendaItem,
    Approval,
    Approver,
    Attendance,
    Ballot,
    BasisEntry,
    DelegationDecision,
    DelegationRule,
    Handling,
    Meeting,
    OfficersReport,
    Paragraph,
    ParagraphCounter,
    Posting,
    Proposal,
    Recipient,
    Recusal,
    ReportSection,
    Reservation,
    Signatory,
    Vote,
)


def _lock(obj):
    return type(obj).objects.select_for_update().get(pk=obj.pk)


def _today() -> datetime.date:
    return timezone.localdate()


# Meetings and agendas -------------------------------------------------------------


@transaction.atomic
def do_plan_meeting(body: Body, *, acting_user, start: datetime.datetime, place: str,
                    minutes_kept_at: str, end: datetime.datetime | None = None,
                    secretary: Person | None = None, chair: Person | None = None) -> Meeting:
    if not place.strip() or not minutes_kept_at.strip():
        raise ValidationError(_("Give the place of the meeting and where the minutes are "
                                "kept."))
    if end and end <= start:
        raise ValidationError(_("A meeting ends after it starts."))
    meeting = Meeting.objects.create(body=body, start=start, end=end, place=place.strip(),
                                     minutes_kept_at=minutes_kept_at.strip(),
                                     secretary=secretary, chair=chair)
    journal.record("plan_meeting", meeting, acting_user=acting_user,
                   body=body.code, start=start.isoformat(), place=meeting.place)
    return meeting


def _require_open_agenda(meeting: Meeting) -> None:
    if meeting.minutes_drawn_up_at is not None:
        raise ValidationError(_("The minutes are drawn up; the agenda can no longer change."))


def _next_position(meeting: Meeting) -> int:
    return (meeting.agenda.aggregate(m=Max("position"))["m"] or 0) + 1


@transaction.atomic
def do_add_agenda_item(meeting: Meeting, *, acting_user, heading: str,
                       kind: str = AgendaItem.Kind.MATTER, case: Case | None = None,
                       report: OfficersReport | None = None) -> AgendaItem:
    """Put an item on the agenda (föredragningslista). A case's pending handling by this
    body is linked to the item."""
    meeting = _lock(meeting)
    _require_open_agenda(meeting)
    if report is not None:
        if case is None:
            case = report.document.case
        elif report.document.case_id != case.pk:
            raise ValidationError(_("The officer's report belongs to another case."))
    # The agenda is public: a case whose title is secret appears by its public title.
    if case is not None and case.is_secret:
        default = case.shown_title
    else:
        default = report.title if report else case.title if case else ""
    heading = heading.strip() or default
    if not heading:
        raise ValidationError(_("An agenda item needs a heading."))
    if kind not in AgendaItem.Kind.values:
        raise ValidationError(_("Not a kind of agenda item."))
    item = AgendaItem.objects.create(meeting=meeting, position=_next_position(meeting),
                                     kind=kind, heading=heading, case=case, report=report)
    if case is not None:
        Handling.objects.filter(case=case, body=meeting.body, agenda_item__isnull=True,
                                paragraph__isnull=True).update(agenda_item=item)
    journal.record("add_agenda_item", item, acting_user=acting_user, case=case,
                   meeting=meeting.pk, position=item.position, heading=heading)
    return item


@transaction.atomic
def do_move_agenda_item(item: AgendaItem, *, acting_user, position: int) -> AgendaItem:
    meeting = _lock(item.meeting)
    _require_open_agenda(meeting)
    items = list(meeting.agenda.order_by("position"))
    if not 1 <= position <= len(items):
        raise ValidationError(_("No such place on the agenda."))
    moving = next(i for i in items if i.pk == item.pk)
    before = moving.position
    items.remove(moving)
    items.insert(position - 1, moving)
    _renumber(meeting, items)
    journal.record("move_agenda_item", moving, acting_user=acting_user, case=moving.case,
                   before=before, after=position)
    moving.position = position
    return moving


@transaction.atomic
def do_remove_agenda_item(item: AgendaItem, *, acting_user, reason: str) -> None:
    """Take an item off the agenda before the minutes are drawn up (the notice and agenda
    already sent stay registered as they were)."""
    meeting = _lock(item.meeting)
    _require_open_agenda(meeting)
    if not (reason or "").strip():
        raise ValidationError(_("A reason must be given."))
    Handling.objects.filter(agenda_item=item).update(agenda_item=None)
    DelegationDecision.objects.filter(reported_in=item).update(reported_in=None)
    journal.record("remove_agenda_item", item, acting_user=acting_user, case=item.case,
                   heading=item.heading, position=item.position, reason=reason.strip())
    item.delete()
    _renumber(meeting, list(meeting.agenda.order_by("position")))


def _renumber(meeting: Meeting, items: list[AgendaItem]) -> None:
    """Positions 1..n in the given order. Out of the way first, since positions are
    unique and SQLite checks that at every statement."""
    meeting.agenda.update(position=F("position") + 10000)
    for number, each in enumerate(items, start=1):
        AgendaItem.objects.filter(pk=each.pk).update(position=number)


@transaction.atomic
def do_send_notice(meeting: Meeting, *, acting_user, on: datetime.date | None = None) -> Meeting:
    """Send the notice (kallelse) with the agenda. For the council, the meeting is also
    announced on the notice board, at least one week before (KL 5 kap. 11 §)."""
    meeting = _lock(meeting)
    on = on or _today()
    if meeting.status != Meeting.Status.PLANNED:
        raise ValidationError(_("The notice has already been sent."))
    if not meeting.agenda.exists():
        raise ValidationError(_("The agenda is empty."))
    if meeting.body.kind == Body.Kind.COUNCIL:
        if on > calendar.announcement_deadline(meeting.day):
            raise ValidationError(_("A council meeting must be announced on the notice board "
                                    "at least one week before it (by %(date)s).")
                                  % {"date": calendar.announcement_deadline(meeting.day)})
        Posting.objects.create(kind=Posting.Kind.ANNOUNCEMENT, meeting=meeting, posted_on=on,
                               taken_down_on=meeting.day + datetime.timedelta(days=1),
                               minutes_kept_at=meeting.minutes_kept_at,
                               posted_by=acting_user)
    meeting.status = Meeting.Status.NOTICE_SENT
    # Sent today, or entered afterwards for a notice sent on an earlier day (at noon
    # then: the day is what counts; the journal keeps when it was entered).
    meeting.notice_sent_at = timezone.now() if on == _today() else timezone.make_aware(
        datetime.datetime.combine(on, datetime.time(12)))
    meeting.save(update_fields=["status", "notice_sent_at"])
    journal.record("send_notice", meeting, acting_user=acting_user, on=on.isoformat(),
                   items=meeting.agenda.count())
    return meeting


# Attendance and approvers -----------------------------------------------------------


def _membership(meeting: Meeting, person: Person) -> Membership | None:
    return Membership.objects.filter(body=meeting.body, person=person, start__lte=meeting.day,
                                     end__gte=meeting.day).first()


@transaction.atomic
def do_record_attendance(meeting: Meeting, *, acting_user, person: Person, kind: str,
                         serving_for: Person | None = None, note: str = "") -> Attendance:
    """Record who attends and how. A substitute serves for a named member who is not
    present; only members and serving substitutes decide."""
    meeting = _lock(meeting)
    _require_not_approved(meeting)
    if kind not in Attendance.Kind.values:
        raise ValidationError(_("Not a way of attending."))
    membership = _membership(meeting, person)
    if kind == Attendance.Kind.MEMBER and (membership is None or not membership.votes):
        raise ValidationError(_("%(name)s is not a member of %(body)s.")
                              % {"name": person.name, "body": meeting.body.name})
    if kind in (Attendance.Kind.SERVING, Attendance.Kind.SUBSTITUTE) and membership is None:
        raise ValidationError(_("%(name)s is not a substitute in %(body)s.")
                              % {"name": person.name, "body": meeting.body.name})
    if kind == Attendance.Kind.SERVING:
        replaced = _membership(meeting, serving_for) if serving_for else None
        if replaced is None or not replaced.votes:
            raise ValidationError(_("A serving substitute serves for a member of the body."))
        if meeting.attendance.filter(person=serving_for, kind=Attendance.Kind.MEMBER).exists():
            raise ValidationError(_("%(name)s is present and needs no substitute.")
                                  % {"name": serving_for.name})
        if meeting.attendance.filter(serving_for=serving_for).exclude(person=person).exists():
            raise ValidationError(_("Someone already serves for %(name)s.")
                                  % {"name": serving_for.name})
    elif serving_for is not None:
        raise ValidationError(_("Only a serving substitute serves for someone."))
    attendance, _created = Attendance.objects.update_or_create(
        meeting=meeting, person=person,
        defaults={"kind": kind, "serving_for": serving_for, "note": note.strip()})
    journal.record("record_attendance", meeting, acting_user=acting_user, person=person.pk,
                   kind=kind, serving_for=serving_for.pk if serving_for else None)
    return attendance


@transaction.atomic
def do_name_approvers(meeting: Meeting, *, acting_user, chair: Person,
                      approvers: Iterable[Person], approval_place_time: str = "") -> Meeting:
    """The chair and the approvers named at the meeting (utses att justera)."""
    meeting = _lock(meeting)
    _require_not_approved(meeting)
    approvers = list(approvers)
    if not approvers:
        raise ValidationError(_("Name at least one approver besides the chair."))
    if chair in approvers:
        raise ValidationError(_("The chair approves as chair, not as a named approver."))
    if Approval.objects.filter(approver__meeting=meeting).exists():
        raise ValidationError(_("Approval has begun; the approvers can no longer change."))
    meeting.approvers.all().delete()
    Approver.objects.create(meeting=meeting, person=chair, is_chair=True)
    for order, person in enumerate(approvers, start=1):
        Approver.objects.create(meeting=meeting, person=person, order=order)
    meeting.chair = chair
    meeting.approval_place_time = approval_place_time.strip()
    meeting.save(update_fields=["chair", "approval_place_time"])
    journal.record("name_approvers", meeting, acting_user=acting_user, chair=chair.pk,
                   approvers=[p.pk for p in approvers])
    return meeting


@transaction.atomic
def do_mark_held(meeting: Meeting, *, acting_user) -> Meeting:
    meeting = _lock(meeting)
    if meeting.status not in (Meeting.Status.PLANNED, Meeting.Status.NOTICE_SENT):
        raise ValidationError(_("The meeting is already held."))
    if meeting.start > timezone.now():
        raise ValidationError(_("The meeting has not begun yet."))
    meeting.status = Meeting.Status.HELD
    meeting.save(update_fields=["status"])
    journal.record("mark_held", meeting, acting_user=acting_user)
    return meeting


# Minutes ----------------------------------------------------------------------------


def allocate_paragraph_numbers(body: Body, year: int, count: int) -> range:
    """``count`` consecutive § numbers of a body and year. The counter row stays locked
    until the transaction ends; the unique constraint on paragraphs backs it up."""
    counter, _created = ParagraphCounter.objects.select_for_update().get_or_create(
        body=body, year=year)
    first = counter.last_number + 1
    ParagraphCounter.objects.filter(pk=counter.pk).update(last_number=counter.last_number
                                                          + count)
    return range(first, first + count)


@transaction.atomic
def do_draw_up_minutes(meeting: Meeting, *, acting_user) -> list[Paragraph]:
    """Give every agenda item its paragraph, numbered in agenda order after the body's
    last § of the year (docs/paragraph-numbering.md)."""
    meeting = _lock(meeting)
    if meeting.status != Meeting.Status.HELD:
        raise ValidationError(_("Minutes are drawn up for a meeting that has been held."))
    if meeting.minutes_drawn_up_at is not None:
        raise ValidationError(_("The minutes are already drawn up."))
    items = list(meeting.agenda.order_by("position").select_related("case"))
    if not items:
        raise ValidationError(_("The agenda is empty."))
    numbers = allocate_paragraph_numbers(meeting.body, meeting.day.year, len(items))
    paragraphs = Paragraph.objects.bulk_create(
        Paragraph(meeting=meeting, body=meeting.body, year=meeting.day.year, number=number,
                  agenda_item=item, case=item.case, heading=item.heading,
                  outcome=Paragraph.Outcome.NOTED
                  if item.kind != AgendaItem.Kind.MATTER else "")
        for item, number in zip(items, numbers, strict=True)
    )
    paragraphs = list(meeting.paragraphs.order_by("number"))
    for paragraph in paragraphs:
        if paragraph.agenda_item and paragraph.agenda_item.report_id:
            _copy_recipients(paragraph, paragraph.agenda_item.report)
    meeting.minutes_drawn_up_at = timezone.now()
    meeting.save(update_fields=["minutes_drawn_up_at"])
    journal.record("draw_up_minutes", meeting, acting_user=acting_user,
                   paragraphs=[numbers.start, numbers.stop - 1])
    return paragraphs


def _copy_recipients(paragraph: Paragraph, report: OfficersReport) -> None:
    """The report's proposed recipients become the paragraph's, to be edited."""
    Recipient.objects.bulk_create(
        Recipient(paragraph=paragraph, order=r.order, party=r.party, unit=r.unit)
        for r in report.recipients.all())


def _require_not_approved(meeting: Meeting) -> None:
    if meeting.approved_on is not None:
        raise ValidationError(_("The minutes are approved and can no longer be changed."))


def _require_editable(paragraph: Paragraph) -> Paragraph:
    paragraph = _lock(paragraph)
    if paragraph.approved_on is not None:
        raise ValidationError(_("The paragraph is approved; change it only by a correction "
                                "with a reason."))
    return paragraph


def _deciding(meeting: Meeting, paragraph: Paragraph | None = None) -> list[Person]:
    """Who takes part in decisions: members present and serving substitutes, less those
    who declared an interest (jäv) in the paragraph."""
    people = [a.person for a in meeting.attendance.select_related("person") if a.decides]
    if paragraph is not None:
        recused = set(paragraph.recusals.values_list("person_id", flat=True))
        people = [p for p in people if p.pk not in recused]
    return people


@transaction.atomic
def do_write_paragraph(paragraph: Paragraph, *, acting_user, heading: str | None = None,
                       decision: str | None = None, outcome: str | None = None) -> Paragraph:
    """Write the heading, the decision (att-clauses) and the outcome of a paragraph."""
    paragraph = _require_editable(paragraph)
    changes = {}
    if heading is not None:
        if not heading.strip():
            raise ValidationError(_("A paragraph needs a heading."))
        changes["heading"] = heading.strip()
    if decision is not None:
        changes["decision"] = decision.strip()
    if outcome is not None:
        if outcome not in Paragraph.Outcome.values:
            raise ValidationError(_("Not an outcome."))
        changes["outcome"] = outcome
    before = {name: getattr(paragraph, name) for name in changes}
    for name, value in changes.items():
        setattr(paragraph, name, value)
    paragraph.save(update_fields=list(changes))
    journal.record("write_paragraph", paragraph, acting_user=acting_user, case=paragraph.case,
                   before=before, after=changes)
    return paragraph


@transaction.atomic
def do_add_proposal(paragraph: Paragraph, *, acting_user, mover: Person, text: str,
                    withdrawn: bool = False, put_order: int | None = None,
                    adopted: bool = False) -> Proposal:
    paragraph = _require_editable(paragraph)
    if not text.strip():
        raise ValidationError(_("A proposal needs its text."))
    if mover not in _deciding(paragraph.meeting):
        raise ValidationError(_("%(name)s takes no part in the decisions of this meeting.")
                              % {"name": mover.name})
    order = (paragraph.proposals.aggregate(m=Max("order"))["m"] or 0) + 1
    proposal = Proposal.objects.create(paragraph=paragraph, order=order, mover=mover,
                                       text=text.strip(), withdrawn=withdrawn,
                                       put_order=put_order, adopted=adopted)
    journal.record("add_proposal", paragraph, acting_user=acting_user, case=paragraph.case,
                   mover=mover.pk, text=proposal.text, withdrawn=withdrawn)
    return proposal


@transaction.atomic
def do_record_vote(paragraph: Paragraph, *, acting_user, question: str, result: str,
                   yes: int | None = None, no: int | None = None, abstain: int = 0,
                   ballots: dict[Person, str] | None = None) -> Vote:
    """Record a vote. In an open vote (``ballots``: how each member voted) the counts
    follow from the ballots. The counts can never exceed those taking part."""
    paragraph = _require_editable(paragraph)
    deciding = _deciding(paragraph.meeting, paragraph)
    if ballots:
        unknown = [p.name for p in ballots if p not in deciding]
        if unknown:
            raise ValidationError(_("Not taking part in this decision: %(names)s.")
                                  % {"names": ", ".join(unknown)})
        if set(ballots.values()) - set(Ballot.Choice.values):
            raise ValidationError(_("A ballot is yes, no or abstaining."))
        counted = [list(ballots.values()).count(c) for c in ("yes", "no", "abstain")]
        if yes is not None and [yes, no, abstain] != counted:
            raise ValidationError(_("The counts do not match the ballots."))
        yes, no, abstain = counted
    if yes is None or no is None or min(yes, no, abstain) < 0:
        raise ValidationError(_("Give the number of yes and no votes."))
    if yes + no + abstain > len(deciding):
        raise ValidationError(_("%(votes)d votes, but only %(present)d take part in the "
                                "decision.") % {"votes": yes + no + abstain,
                                                "present": len(deciding)})
    if not question.strip() or not result.strip():
        raise ValidationError(_("Give the question put and the result."))
    order = (paragraph.votes.aggregate(m=Max("order"))["m"] or 0) + 1
    vote = Vote.objects.create(paragraph=paragraph, order=order, question=question.strip(),
                               yes=yes, no=no, abstain=abstain, result=result.strip())
    Ballot.objects.bulk_create(Ballot(vote=vote, person=p, choice=c)
                               for p, c in (ballots or {}).items())
    journal.record("record_vote", paragraph, acting_user=acting_user, case=paragraph.case,
                   question=vote.question, counts=[yes, no, abstain],
                   ballots={str(p.pk): c for p, c in (ballots or {}).items()})
    return vote


@transaction.atomic
def do_add_reservation(paragraph: Paragraph, *, acting_user, person: Person,
                       text: str = "") -> Reservation:
    paragraph = _require_editable(paragraph)
    if person not in _deciding(paragraph.meeting, paragraph):
        raise ValidationError(_("Only those who took part in the decision can enter a "
                                "reservation."))
    reservation = Reservation.objects.create(paragraph=paragraph, person=person,
                                             text=text.strip())
    journal.record("add_reservation", paragraph, acting_user=acting_user,
                   case=paragraph.case, person=person.pk)
    return reservation


@transaction.atomic
def do_declare_interest(paragraph: Paragraph, *, acting_user, person: Person,
                        note: str = "") -> Recusal:
    """A declaration of interest (jäv): the person takes no part in this paragraph."""
    paragraph = _require_editable(paragraph)
    if not paragraph.meeting.attendance.filter(person=person).exists():
        raise ValidationError(_("%(name)s is not at the meeting.") % {"name": person.name})
    if paragraph.recusals.filter(person=person).exists():
        raise ValidationError(_("The declaration is already recorded."))
    recusal = Recusal.objects.create(paragraph=paragraph, person=person, note=note.strip())
    journal.record("declare_interest", paragraph, acting_user=acting_user,
                   case=paragraph.case, person=person.pk)
    return recusal


@transaction.atomic
def do_set_recipients(paragraph: Paragraph, *, acting_user,
                      recipients: Iterable[Party | Unit]) -> list[Recipient]:
    """Who the decision is sent to (expedieras till)."""
    paragraph = _require_editable(paragraph)
    paragraph.recipients.all().delete()
    made = [Recipient.objects.create(
        paragraph=paragraph, order=order,
        party=r if isinstance(r, Party) else None, unit=r if isinstance(r, Unit) else None)
        for order, r in enumerate(recipients, start=1)]
    journal.record("set_recipients", paragraph, acting_user=acting_user, case=paragraph.case,
                   recipients=[r.text for r in made])
    return made


# Approval ---------------------------------------------------------------------------


def _approver_for(meeting: Meeting, user) -> Approver:
    approver = meeting.approvers.filter(person__user=user).first() if user else None
    if approver is None:
        raise ValidationError(_("Only the chair and the approvers named at the meeting "
                                "approve its minutes."))
    return approver


def _approval_day(meeting: Meeting, on: datetime.date | None) -> datetime.date:
    """The day of approval: today, or an earlier day when minutes signed on paper are
    entered afterwards — never before the meeting nor after today."""
    on = on or _today()
    if not meeting.day <= on <= _today():
        raise ValidationError(_("Minutes are approved between the meeting and today."))
    return on


def _finish(paragraph: Paragraph) -> None:
    """Unalterable from now; the handling of the case by this body gets its result."""
    Handling.objects.filter(agenda_item_id=paragraph.agenda_item_id, agenda_item__isnull=False,
                            ).update(paragraph=paragraph, result=paragraph.outcome)


def _require_complete(paragraphs) -> None:
    for paragraph in paragraphs:
        if not paragraph.outcome:
            raise ValidationError(_("§ %(number)d has no outcome yet.")
                                  % {"number": paragraph.number})


@transaction.atomic
def do_approve_paragraph_at_once(paragraph: Paragraph, *, acting_user,
                                 on: datetime.date | None = None) -> Paragraph:
    """Immediate approval (omedelbar justering) of one paragraph, by each approver at
    the meeting; the paragraph is approved when all have approved it."""
    paragraph = _require_editable(paragraph)
    meeting = paragraph.meeting
    on = _approval_day(meeting, on)
    approver = _approver_for(meeting, acting_user)
    _require_complete([paragraph])
    if Approval.objects.filter(approver=approver, paragraph=paragraph).exists():
        raise ValidationError(_("You have already approved this paragraph."))
    Approval.objects.create(approver=approver, paragraph=paragraph, on=on,
                            at=timezone.now(), user=acting_user)
    everyone = meeting.approvers.count()
    if Approval.objects.filter(paragraph=paragraph).count() == everyone:
        paragraph.approved_on = on
        paragraph.immediately_approved = True
        paragraph.save(update_fields=["approved_on", "immediately_approved"])
        _finish(paragraph)
    journal.record("approve_paragraph", paragraph, acting_user=acting_user,
                   case=paragraph.case, approver=approver.person.pk,
                   complete=paragraph.approved_on is not None)
    return paragraph


@transaction.atomic
def do_approve_minutes(meeting: Meeting, *, acting_user,
                       on: datetime.date | None = None) -> Meeting:
    """An approver approves the minutes (justerar). When the chair and every named
    approver have approved, the minutes are approved and every paragraph is
    unalterable."""
    meeting = _lock(meeting)
    if meeting.minutes_drawn_up_at is None:
        raise ValidationError(_("The minutes are not drawn up yet."))
    _require_not_approved(meeting)
    on = _approval_day(meeting, on)
    approver = _approver_for(meeting, acting_user)
    if Approval.objects.filter(approver=approver, paragraph__isnull=True).exists():
        raise ValidationError(_("You have already approved these minutes."))
    paragraphs = list(meeting.paragraphs.all())
    _require_complete(paragraphs)
    Approval.objects.create(approver=approver, on=on, at=timezone.now(), user=acting_user)
    done = Approval.objects.filter(approver__meeting=meeting, paragraph__isnull=True).count()
    if done == meeting.approvers.count():
        meeting.approved_on = on
        meeting.status = Meeting.Status.APPROVED
        meeting.save(update_fields=["approved_on", "status"])
        for paragraph in paragraphs:
            if paragraph.approved_on is None:
                paragraph.approved_on = meeting.approved_on
                paragraph.save(update_fields=["approved_on"])
                _finish(paragraph)
        # The approved minutes are kept as they are now (kansli.documents stores them).
        transaction.on_commit(lambda: signals.minutes_approved.send(
            sender=Meeting, meeting=meeting, acting_user=acting_user))
    journal.record("approve_minutes", meeting, acting_user=acting_user,
                   approver=approver.person.pk, complete=meeting.approved_on is not None)
    return meeting


@transaction.atomic
def do_correct_paragraph(paragraph: Paragraph, *, acting_user, reason: str,
                         heading: str | None = None, decision: str | None = None) -> Paragraph:
    """After approval a paragraph changes only through a recorded correction."""
    paragraph = _lock(paragraph)
    if paragraph.approved_on is None:
        raise ValidationError(_("The paragraph is not approved; write it instead."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("A reason must be given."))
    changes = {k: v.strip() for k, v in (("heading", heading), ("decision", decision))
               if v is not None}
    before = {k: getattr(paragraph, k) for k in changes}
    if not changes or before == changes:
        raise ValidationError(_("The correction changes nothing."))
    for name, value in changes.items():
        setattr(paragraph, name, value)
    paragraph.save(update_fields=list(changes))
    journal.record("correct", paragraph, acting_user=acting_user, case=paragraph.case,
                   reason=reason, before=before, after=changes)
    return paragraph


# The notice board -------------------------------------------------------------------


@transaction.atomic
def do_post_minutes(meeting: Meeting, *, acting_user, on: datetime.date | None = None
                    ) -> Posting:
    """Post the approval of the minutes on the notice board. The appeal period runs three
    weeks from the day of posting (docs/approval-and-posting.md)."""
    meeting = _lock(meeting)
    on = on or _today()
    if meeting.approved_on is None:
        raise ValidationError(_("Minutes are posted after they are approved."))
    if on < meeting.approved_on:
        raise ValidationError(_("The posting cannot be dated before the approval."))
    if on > _today():
        raise ValidationError(_("The posting cannot be dated after today."))
    if meeting.postings.filter(kind=Posting.Kind.APPROVAL).exists():
        raise ValidationError(_("The approval of these minutes is already posted."))
    last_day = calendar.appeal_last_day(on)
    posting = Posting.objects.create(
        kind=Posting.Kind.APPROVAL, meeting=meeting, posted_on=on,
        taken_down_on=calendar.posting_taken_down(on), appeal_last_day=last_day,
        approved_on=meeting.approved_on, minutes_kept_at=meeting.minutes_kept_at,
        late=on > calendar.posting_deadline(meeting.approved_on), posted_by=acting_user)
    meeting.status = Meeting.Status.POSTED
    meeting.save(update_fields=["status"])
    journal.record("post_minutes", meeting, acting_user=acting_user, posted_on=on.isoformat(),
                   appeal_last_day=last_day.isoformat(), late=posting.late)
    return posting


# Handling by several bodies, and extracts ---------------------------------------------


@transaction.atomic
def do_refer_case(case: Case, *, acting_user, body: Body, role: str) -> Handling:
    """Refer a case to a body for its opinion, preparation or decision."""
    if role not in Handling.Role.values:
        raise ValidationError(_("Not a role of a handling."))
    if case.handlings.filter(body=body, paragraph__isnull=True).exists():
        raise ValidationError(_("The case is already with %(body)s.") % {"body": body.name})
    handling = Handling.objects.create(case=case, body=body, role=role,
                                       referred_at=timezone.now())
    journal.record("refer", handling, acting_user=acting_user, case=case, body=body.code,
                   role=role)
    return handling


def extract_description(paragraph: Paragraph) -> str:
    return f"Protokollsutdrag {paragraph.citation}"


def do_issue_extract(paragraph: Paragraph, *, acting_user,
                     recipients: Iterable[Party | Unit] = (), files=(),
                     sent_on: datetime.date | None = None) -> Document:
    """Register the certified extract of an approved paragraph in its case: outgoing
    when it is sent to recipients (parties, or the organisation's own units), drawn up
    otherwise."""
    paragraph = Paragraph.objects.select_related("meeting", "body").get(pk=paragraph.pk)
    if paragraph.approved_on is None:
        raise ValidationError(_("An extract is made of an approved paragraph."))
    if paragraph.case_id is None:
        raise ValidationError(_("The paragraph has no case to register the extract in."))
    recipients = list(recipients)
    with transaction.atomic():
        document = diary_actions.do_register_document(
            paragraph.case, acting_user=acting_user,
            direction=Document.Direction.OUTGOING if recipients else Document.Direction.DRAWN_UP,
            doc_type=Document.Type.EXTRACT, description=extract_description(paragraph),
            received_date=sent_on or _today(), document_date=paragraph.meeting.day,
            recipients=[r for r in recipients if isinstance(r, Party)],
            recipient_units=[r for r in recipients if isinstance(r, Unit)],
            files=files, secrecy_ground=paragraph.secrecy_ground)
        journal.record("issue_extract", paragraph, acting_user=acting_user,
                       case=paragraph.case, document=document.pk)
        return document


# Officer's reports --------------------------------------------------------------------


@transaction.atomic
def do_write_report(document: Document, *, acting_user, body: Body, title: str, proposal: str,
                    summary: str = "", sections: Iterable[tuple[str, str]] = (),
                    basis: Iterable[dict] = (), recipients: Iterable[Party | Unit] = (),
                    signatories: Iterable[tuple[str, str]] = (),
                    imported: bool = False) -> OfficersReport:
    """Give a registered officer's report its structure. ``basis`` entries are dicts with
    ``document`` or ``paragraph`` and optional ``label`` and ``show_date`` — or, for a
    line that names nothing in the diary, ``label`` and ``date`` — but only when the report
    is ``imported`` (docs/ingest.md): a report written here links its basis."""
    if document.doc_type != Document.Type.OFFICERS_REPORT:
        raise ValidationError(_("Only an officer's report has this structure."))
    if OfficersReport.objects.filter(document=document).exists():
        raise ValidationError(_("The report is already written; register a new version."))
    if not title.strip() or not proposal.strip():
        raise ValidationError(_("A report needs a title and a proposed decision."))
    basis = list(basis)
    if any(not (entry.get("document") or entry.get("paragraph")
                or (imported and entry.get("label", "").strip())) for entry in basis):
        raise ValidationError(_("A decision basis entry links a document or a paragraph."))
    if any(entry.get("document") and Document.objects.filter(
            pk=entry["document"].pk, cancelled_at__isnull=False).exists() for entry in basis):
        raise ValidationError(_("A cancelled document cannot be part of a decision basis."))
    report = OfficersReport.objects.create(document=document, body=body, title=title.strip(),
                                           proposal=proposal.strip(), summary=summary.strip())
    ReportSection.objects.bulk_create(
        ReportSection(report=report, order=i, heading=h.strip(), text=t.strip())
        for i, (h, t) in enumerate(sections, start=1))
    entries = [BasisEntry(report=report, order=i, document=entry.get("document"),
                          paragraph=entry.get("paragraph"), label=entry.get("label", ""),
                          show_date=entry.get("show_date", True), date=entry.get("date"))
               for i, entry in enumerate(basis, start=1)]
    BasisEntry.objects.bulk_create(entries)
    Recipient.objects.bulk_create(
        Recipient(report=report, order=i, party=r if isinstance(r, Party) else None,
                  unit=r if isinstance(r, Unit) else None)
        for i, r in enumerate(recipients, start=1))
    Signatory.objects.bulk_create(
        Signatory(report=report, order=i, name=n, title=t)
        for i, (n, t) in enumerate(signatories, start=1))
    journal.record("write_report", document, acting_user=acting_user, case=document.case,
                   title=report.title, basis=len(entries))
    return report


# Delegation decisions -----------------------------------------------------------------


def do_register_delegation_decision(rule: DelegationRule, case: Case, *, acting_user,
                                    decided_by: Person, decided_on: datetime.date,
                                    description: str, files=()) -> DelegationDecision:
    """Register a decision taken under delegation, with the rule it rests on; it waits
    to be reported to the body."""
    if decided_on > _today():
        raise ValidationError(_("A decision cannot be dated after today."))
    with transaction.atomic():
        document = diary_actions.do_register_document(
            case, acting_user=acting_user, direction=Document.Direction.DRAWN_UP,
            doc_type=Document.Type.DECISION, description=description,
            received_date=decided_on, document_date=decided_on, files=files)
        decision = DelegationDecision.objects.create(rule=rule, document=document,
                                                     decided_by=decided_by,
                                                     decided_on=decided_on)
        journal.record("delegation_decision", decision, acting_user=acting_user, case=case,
                       rule=rule.code, document=document.pk)
        return decision


@transaction.atomic
def do_report_delegation_decisions(meeting: Meeting, *, acting_user) -> AgendaItem:
    """Put the body's unreported delegation decisions on the agenda as one item
    (anmälan av delegationsbeslut)."""
    pending = list(DelegationDecision.objects.select_for_update()
                   .filter(rule__body=meeting.body, reported_in__isnull=True,
                           decided_on__lte=meeting.day))
    if not pending:
        raise ValidationError(_("There are no unreported delegation decisions."))
    item = do_add_agenda_item(meeting, acting_user=acting_user,
                              heading=_("Report of delegation decisions"),
                              kind=AgendaItem.Kind.DELEGATION)
    DelegationDecision.objects.filter(pk__in=[d.pk for d in pending]).update(reported_in=item)
    journal.record("report_delegation", item, acting_user=acting_user,
                   decisions=[d.pk for d in pending])
    return item
