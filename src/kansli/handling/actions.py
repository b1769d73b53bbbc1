"""Every change to deadlines, one function per operation, each atomic with its journal
event; and the rules that make legal deadlines, and the worker's jobs."""

from __future__ import annotations

import datetime
import logging
import os

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from kansli.diary import journal
from kansli.diary.models import Case, Document, DocumentParty, Party
from kansli.lib import calendar
from kansli.meetings.models import Meeting, Posting

from .models import Deadline, Extension, PostingTakedown

logger = logging.getLogger(__name__)


def _today() -> datetime.date:
    return timezone.localdate()


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("A reason must be given."))
    return reason


def _lock(deadline: Deadline) -> Deadline:
    return Deadline.objects.select_for_update().get(pk=deadline.pk)


def _require_open(deadline: Deadline) -> None:
    if deadline.status != Deadline.Status.OPEN:
        raise ValidationError(_("The deadline is no longer open."))


def do_add_deadline(case: Case | None = None, *, acting_user, kind: str, due: datetime.date,
                    description: str, responsible=None, document: Document | None = None,
                    meeting: Meeting | None = None, rule: str | None = None) -> Deadline:
    if document is not None:
        if case is not None and document.case_id != case.pk:
            raise ValidationError(_("The document belongs to another case."))
        case = document.case
    if case is None and meeting is None:
        raise ValidationError(_("A deadline is set on a case, a document or a meeting."))
    if kind not in Deadline.Kind.values:
        raise ValidationError(_("Choose a kind of deadline."))
    if due is None:
        raise ValidationError(_("Give a due date."))
    description = (description or "").strip()
    if not description:
        raise ValidationError(_("Describe the deadline."))
    body = meeting.body if meeting else (case.series.body if case else None)
    with transaction.atomic():
        if rule and Deadline.objects.filter(rule=rule).exists():
            return Deadline.objects.get(rule=rule)
        deadline = Deadline.objects.create(
            kind=kind, case=case, document=document, meeting=meeting, body=body,
            unit=case.unit if case else None, description=description, due=due,
            responsible=responsible, rule=rule or None)
        journal.record("deadline.add", deadline, acting_user=acting_user, case=case,
                       kind=kind, due=due.isoformat(), description=description,
                       responsible=responsible.pk if responsible else None,
                       document=document.pk if document else None, rule=rule or "")
    return deadline


def do_meet_deadline(deadline: Deadline, *, acting_user, on: datetime.date | None = None
                     ) -> Deadline:
    with transaction.atomic():
        deadline = _lock(deadline)
        _require_open(deadline)
        deadline.status = Deadline.Status.MET
        deadline.closed_on = on or _today()
        deadline.save(update_fields=["status", "closed_on"])
        journal.record("deadline.meet", deadline, acting_user=acting_user,
                       case=deadline.case, on=deadline.closed_on.isoformat(),
                       late=deadline.closed_on > deadline.due)
    return deadline


def do_cancel_deadline(deadline: Deadline, *, acting_user, reason: str) -> Deadline:
    reason = _reason(reason)
    with transaction.atomic():
        deadline = _lock(deadline)
        _require_open(deadline)
        deadline.status = Deadline.Status.CANCELLED
        deadline.closed_on = _today()
        deadline.close_reason = reason
        deadline.save(update_fields=["status", "closed_on", "close_reason"])
        journal.record("deadline.cancel", deadline, acting_user=acting_user,
                       case=deadline.case, reason=reason)
    return deadline


def do_extend(deadline: Deadline, *, acting_user, new_due: datetime.date, granted_by: str,
              granted_on: datetime.date, reason: str, document: Document | None = None
              ) -> Extension:
    """An extension (anstånd): a later due date, who granted it, when and why."""
    reason = _reason(reason)
    granted_by = (granted_by or "").strip()
    if not granted_by:
        raise ValidationError(_("Say who granted the extension."))
    if granted_on is None:
        raise ValidationError(_("Give the day the extension was granted."))
    with transaction.atomic():
        deadline = _lock(deadline)
        _require_open(deadline)
        if new_due is None or new_due <= deadline.due:
            raise ValidationError(
                _("The new due date must be later than the current one (%(due)s).")
                % {"due": deadline.due.isoformat()})
        if document is not None and document.case_id != deadline.case_id:
            raise ValidationError(_("The document must belong to the deadline's case."))
        extension = Extension.objects.create(
            deadline=deadline, previous_due=deadline.due, new_due=new_due,
            granted_by=granted_by, granted_on=granted_on, reason=reason, document=document,
            created_by=acting_user)
        deadline.due = new_due
        # A new due date: its reminders are still to be sent.
        deadline.reminded_before_at = deadline.reminded_due_at = None
        deadline.save(update_fields=["due", "reminded_before_at", "reminded_due_at"])
        journal.record("deadline.extend", deadline, acting_user=acting_user,
                       case=deadline.case, previous_due=extension.previous_due.isoformat(),
                       new_due=new_due.isoformat(), granted_by=granted_by,
                       granted_on=granted_on.isoformat(), reason=reason,
                       document=document.pk if document else None)
    return extension


# Legal deadlines by the rules (docs/deadlines.md) -----------------------------------


def _close_by_rule(rule: str, on: datetime.date) -> None:
    deadline = Deadline.objects.filter(rule=rule, status=Deadline.Status.OPEN).first()
    if deadline:
        do_meet_deadline(deadline, acting_user=None, on=on)


def _by_rule(rule: str, meeting: Meeting, due: datetime.date, description: str) -> int:
    if Deadline.objects.filter(rule=rule).exists():
        return 0
    do_add_deadline(acting_user=None, meeting=meeting, kind=Deadline.Kind.LEGAL, due=due,
                    rule=rule, description=description)
    return 1


def legal_deadlines_for_meeting(meeting: Meeting) -> int:
    """Make the legal deadlines a meeting's state calls for, and meet those done:
    approval of minutes (KL 5:69, 14 days), posting (KL 8:12, second day after approval),
    and the end of the appeal window (KL 13:5, three weeks from posting). Returns how
    many it made; running it again makes none."""
    made = 0
    key = f"meeting:{meeting.pk}"
    if meeting.minutes_drawn_up_at is not None:
        made += _by_rule(f"{key}:approval", meeting, calendar.approval_due(meeting.day),
                         _("Approval of the minutes of %(meeting)s") % {"meeting": meeting})
        if meeting.approved_on:
            _close_by_rule(f"{key}:approval", meeting.approved_on)
    if meeting.approved_on:
        made += _by_rule(f"{key}:posting", meeting,
                         calendar.posting_deadline(meeting.approved_on),
                         _("Posting of the approval of the minutes of %(meeting)s")
                         % {"meeting": meeting})
        posting = meeting.postings.filter(kind=Posting.Kind.APPROVAL).first()
        if posting:
            _close_by_rule(f"{key}:posting", posting.posted_on)
            made += _by_rule(f"{key}:appeal", meeting,
                             posting.appeal_last_day
                             or calendar.appeal_last_day(posting.posted_on),
                             _("End of the appeal period for %(meeting)s")
                             % {"meeting": meeting})
    return made


def on_minutes_approved(sender=None, meeting=None, **kwargs):
    legal_deadlines_for_meeting(meeting)


def legal_deadlines_job(now) -> int:
    """Meetings whose legal deadlines are missing, or still open though done."""
    rules = dict(Deadline.objects.filter(rule__startswith="meeting:")
                 .values_list("rule", "status"))
    count = 0
    meetings = (Meeting.objects.filter(minutes_drawn_up_at__isnull=False)
                .select_related("body").prefetch_related("postings"))
    for meeting in meetings:
        key = f"meeting:{meeting.pk}"
        posted = any(p.kind == Posting.Kind.APPROVAL for p in meeting.postings.all())
        wanted = [f"{key}:approval"]
        if meeting.approved_on:
            wanted.append(f"{key}:posting")
        if meeting.approved_on and posted:
            wanted.append(f"{key}:appeal")
        stale = ((meeting.approved_on and rules.get(f"{key}:approval") == "open")
                 or (posted and rules.get(f"{key}:posting") == "open"))
        if stale or any(r not in rules for r in wanted):
            count += legal_deadlines_for_meeting(meeting)
    return count


def add_months(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, last))
        except ValueError:
            continue
    raise AssertionError


def opened_by_private_party(case: Case) -> bool:
    """The sender of the case's first incoming document is a person (FL 11–12 §§)."""
    first = (case.documents.filter(direction=Document.Direction.INCOMING, cancelled_at=None)
             .order_by("received_date", "number").first())
    if first is None:
        return False
    return DocumentParty.objects.filter(document=first, role=DocumentParty.Role.SENDER,
                                        party__kind=Party.Kind.PERSON).exists()


def fl_deadline(case: Case) -> Deadline | None:
    """FL 12 §: six months after a case a private party opened, the party may demand a
    decision (to be answered within four weeks)."""
    if case.status == Case.Status.CLOSED or not opened_by_private_party(case):
        return None
    due = add_months(timezone.localtime(case.opened_at).date(), 6)
    return do_add_deadline(case, acting_user=None, kind=Deadline.Kind.LEGAL, due=due,
                           responsible=case.officer, rule=f"case:{case.pk}:fl12",
                           description=_("Six months since the case was opened: the party "
                                         "may demand a decision (FL 12 §)"))


def fl_deadlines_job(now) -> int:
    candidates = (Case.objects.exclude(status=Case.Status.CLOSED)
                  .filter(documents__direction=Document.Direction.INCOMING,
                          documents__party_links__role=DocumentParty.Role.SENDER,
                          documents__party_links__party__kind=Party.Kind.PERSON)
                  .exclude(deadlines__rule__endswith=":fl12").distinct())
    count = 0
    for case in candidates.select_related("series__body", "unit", "officer"):
        if fl_deadline(case):
            count += 1
    return count


def takedown_job(now) -> int:
    """Postings whose period ended: recorded once (the notice board drops them by date)."""
    today = timezone.localdate(now)
    count = 0
    ended = Posting.objects.filter(taken_down_on__lt=today).exclude(
        pk__in=PostingTakedown.objects.values("posting_id"))
    for posting in ended.select_related("meeting__body"):
        with transaction.atomic():
            record, created = PostingTakedown.objects.get_or_create(posting=posting)
            if created:
                journal.record("posting.taken_down", posting, acting_user=None,
                               taken_down_on=posting.taken_down_on.isoformat())
                count += 1
    return count


# Reminders ------------------------------------------------------------------------


def due_work(today: datetime.date, days_before: int):
    """The worker's due-work query: open deadlines due within ``days_before`` days whose
    reminder is not yet sent. Served by deadline_status_due_idx."""
    return (Deadline.objects.filter(status=Deadline.Status.OPEN,
                                    due__lte=today + datetime.timedelta(days=days_before))
            .filter(Q(reminded_before_at=None) | Q(reminded_due_at=None, due__lte=today))
            .filter(responsible__isnull=False).order_by("due", "pk"))


def _message(deadline: Deadline, on_due: bool) -> tuple[str, str]:
    where = deadline.case.diary_number if deadline.case_id else str(deadline.meeting or "")
    if on_due and deadline.due < timezone.localdate():
        subject = _("Deadline passed on %(due)s: %(what)s") % {
            "due": deadline.due.isoformat(), "what": deadline.description}
    elif on_due:
        subject = _("Deadline today: %(what)s") % {"what": deadline.description}
    else:
        subject = _("Deadline on %(due)s: %(what)s") % {
            "due": deadline.due.isoformat(), "what": deadline.description}
    text = _("Reminder from Kansli.\n\n%(what)s\nCase: %(where)s\nDue date: %(due)s\n") % {
        "what": deadline.description, "where": where, "due": deadline.due.isoformat()}
    return subject, text


def send_reminder(deadline_id: int, now, on_due: bool) -> bool:
    """Claim the reminder with a conditional UPDATE and send it in the same transaction.
    A second worker finds the claim taken (no row updated); a crash or a failed send
    before commit rolls the claim back, so the next round sends it (docs/deadlines.md)."""
    field = "reminded_due_at" if on_due else "reminded_before_at"
    with transaction.atomic():
        claimed = Deadline.objects.filter(pk=deadline_id, status=Deadline.Status.OPEN,
                                          **{field: None}).update(**{field: now})
        if not claimed:
            return False
        deadline = Deadline.objects.select_related("responsible", "case", "meeting__body").get(
            pk=deadline_id)
        subject, text = _message(deadline, on_due)
        send_mail(subject, text, settings.DEFAULT_FROM_EMAIL, [deadline.responsible.email])
    return True


def remind_days_before() -> int:
    """Days before the due date of the first reminder: the setting
    KANSLI_REMIND_DAYS_BEFORE, else the environment variable of that name, else 3."""
    value = getattr(settings, "KANSLI_REMIND_DAYS_BEFORE", None)
    if value is None:
        value = os.environ.get("KANSLI_REMIND_DAYS_BEFORE", "3")
    try:
        return max(0, int(value))
    except ValueError:
        return 3


def reminder_job(now) -> int:
    today = timezone.localdate(now)
    days = remind_days_before()
    sent = 0
    for deadline in due_work(today, days)[:500]:
        if not deadline.responsible or not deadline.responsible.email:
            continue
        on_due = deadline.due <= today
        if on_due and deadline.reminded_due_at is None:
            sent += send_reminder(deadline.pk, now, True)
            # The early reminder is moot once the day has come.
            Deadline.objects.filter(pk=deadline.pk, reminded_before_at=None).update(
                reminded_before_at=now)
        elif not on_due and deadline.reminded_before_at is None:
            sent += send_reminder(deadline.pk, now, False)
    return sent


# FL 11–12 §§: notice of serious delay, and the party's demand for a decision ----------

DELAY_NOTICE = "Underrättelse om väsentlig försening (11 § förvaltningslagen)"


def private_parties(case: Case) -> list[Party]:
    """The people who opened the case: senders of its first incoming document."""
    first = (case.documents.filter(direction=Document.Direction.INCOMING, cancelled_at=None)
             .order_by("received_date", "number").first())
    if first is None:
        return []
    return list(Party.objects.filter(
        document_links__document=first, document_links__role=DocumentParty.Role.SENDER,
        kind=Party.Kind.PERSON).order_by("name"))


def _delay_letter(case: Case, reason: str, expected_by: datetime.date | None,
                  on: datetime.date) -> str:
    org = case.series.organisation
    lines = [org.name, "", on.isoformat(), f"Diarienummer {case.diary_number}", "",
             DELAY_NOTICE, "", f"Ärende: {case.shown_title}", "",
             "Vi bedömer att avgörandet i ert ärende kommer att bli väsentligt försenat.",
             "", f"Anledningen till förseningen: {reason}"]
    if expected_by:
        lines += ["", f"Vi räknar med att kunna avgöra ärendet senast {expected_by.isoformat()}."]
    lines += ["", "Om ärendet inte har avgjorts inom sex månader från det att det inleddes "
                  "får ni skriftligen begära att vi avgör det (12 § förvaltningslagen). "
                  "Vi ska då inom fyra veckor antingen avgöra ärendet eller i ett särskilt "
                  "beslut avslå er begäran."]
    return "\n".join(lines) + "\n"


def do_notify_delay(case: Case, *, acting_user, reason: str,
                    expected_by: datetime.date | None = None,
                    on: datetime.date | None = None) -> Document:
    """FL 11 §: tell the party who opened the case that its decision will be seriously
    delayed, and why. Registered as an outgoing letter to them, its text as its file, to
    be dispatched like any other."""
    from kansli.diary.actions import NewFile, do_register_document

    reason = _reason(reason)
    on = on or _today()
    if expected_by is not None and expected_by <= on:
        raise ValidationError(_("The expected day of decision must be later than today."))
    with transaction.atomic():
        case = Case.objects.select_for_update().select_related("series__organisation").get(
            pk=case.pk)
        if case.status == Case.Status.CLOSED or case.is_cancelled:
            raise ValidationError(_("The case is closed; there is no delay to tell of."))
        parties = private_parties(case)
        if not parties:
            raise ValidationError(_("FL 11 § concerns cases opened by a private party; "
                                    "this case was not."))
        letter = do_register_document(
            case, acting_user=acting_user, direction=Document.Direction.OUTGOING,
            doc_type=Document.Type.LETTER, description=DELAY_NOTICE, received_date=on,
            document_date=on, recipients=parties,
            files=[NewFile("underrattelse-om-forsening.txt",
                           _delay_letter(case, reason, expected_by, on).encode(),
                           "text/plain")])
        journal.record("delay_notice", letter, acting_user=acting_user, case=case,
                       reason=reason, on=on.isoformat(),
                       expected_by=expected_by.isoformat() if expected_by else None,
                       parties=[p.pk for p in parties])
    return letter


def do_record_demand_for_decision(case: Case, *, acting_user, document: Document
                                  ) -> Deadline:
    """FL 12 §: the party's written demand for a decision, made once six months have
    passed, is to be answered within four weeks — by deciding the case or by rejecting
    the demand in a decision of its own. Sets that legal deadline."""
    case = Case.objects.select_related("series__body", "unit", "officer").get(pk=case.pk)
    if document.case_id != case.pk:
        raise ValidationError(_("The document belongs to another case."))
    if document.direction != Document.Direction.INCOMING or document.is_cancelled:
        raise ValidationError(_("The demand is an incoming document of the case."))
    if case.status == Case.Status.CLOSED or case.is_cancelled:
        raise ValidationError(_("The case is closed; there is nothing to demand."))
    parties = {p.pk for p in private_parties(case)}
    senders = set(DocumentParty.objects.filter(document=document,
                                               role=DocumentParty.Role.SENDER)
                  .values_list("party_id", flat=True))
    if not parties or not parties & senders:
        raise ValidationError(_("Only the private party who opened the case may demand a "
                                "decision (FL 12 §); the document is not from them."))
    six_months = add_months(timezone.localtime(case.opened_at).date(), 6)
    if document.received_date < six_months:
        raise ValidationError(
            _("A decision may be demanded once six months have passed since the case was "
              "opened, from %(day)s (FL 12 §).") % {"day": six_months.isoformat()})
    rule = f"document:{document.pk}:fl12demand"
    if Deadline.objects.filter(rule=rule).exists():
        raise ValidationError(_("This demand is already recorded."))
    return do_add_deadline(
        case, acting_user=acting_user, kind=Deadline.Kind.LEGAL,
        due=document.received_date + datetime.timedelta(weeks=4), document=document,
        responsible=case.officer, rule=rule,
        description=_("Decide the case or reject the demand for a decision in a decision "
                      "of its own (FL 12 §)"))
