"""Every change to referrals, one function per operation (docs/referrals.md).

Each runs in one transaction, takes the acting user and writes its journal event on the
referral's case in that transaction. Documents are registered through the diary's
``do_register_document`` and deadlines changed through handling's actions, so their own
journal events are written too.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kansli.diary import journal
from kansli.diary.actions import NewFile, do_register_document
from kansli.diary.models import Case, Document, Party
from kansli.handling import actions as handling
from kansli.handling.models import Deadline, Extension
from kansli.org.models import Body, Unit

from .models import Recipient, Referral

CORRECTABLE = ("answered_on", "outcome", "decision_body", "decision_date",
               "decision_paragraph", "answer")


def _key(target) -> tuple[str, int]:
    if isinstance(target, Party):
        return "party", target.pk
    if isinstance(target, Unit):
        return "unit", target.pk
    if isinstance(target, Body):
        return "body", target.pk
    raise ValidationError(_("A recipient is a party, a unit or a body."))


def _fact(value):
    if isinstance(value, datetime.date):
        return value.isoformat()
    if hasattr(value, "pk"):
        return value.pk
    return value


def _lock(recipient: Recipient) -> Recipient:
    return (Recipient.objects.select_for_update(of=("self",))
            .select_related("referral__case", "party", "unit", "body", "deadline")
            .get(pk=recipient.pk))


def _require_live_case(case: Case) -> None:
    if case.is_cancelled:
        raise ValidationError(_("The registration is cancelled and cannot be changed."))


def do_send_referral(
    case: Case,
    *,
    acting_user,
    question: str,
    kind: str,
    recipients: Iterable[tuple[Party | Unit | Body, datetime.date]],
    sent_on: datetime.date | None = None,
    letter_description: str = "",
    letter_text: str = "",
    files=(),
    doc_type: str = Document.Type.REFERRAL,
    responsible=None,
    registered_at: datetime.datetime | None = None,
) -> Referral:
    """Send the case on referral: the letter is registered as an outgoing document of
    the case to all the recipients, and each recipient gets a deadline of its own —
    external for a party, internal for a unit or a body — due on the date given with
    it."""
    question = (question or "").strip()
    if not question:
        raise ValidationError(_("Say what the referral asks."))
    if kind not in Referral.Kind.values:
        raise ValidationError(_("Choose whether the referral asks for an opinion or a "
                                "decision."))
    sent_on = sent_on or timezone.localdate()
    recipients = list(recipients)
    if not recipients:
        raise ValidationError(_("A referral needs at least one recipient."))
    seen = set()
    for target, due in recipients:
        key = _key(target)
        if key in seen:
            raise ValidationError(_("%(recipient)s is a recipient twice.")
                                  % {"recipient": target})
        seen.add(key)
        if due is None:
            raise ValidationError(_("Give a due date for %(recipient)s.")
                                  % {"recipient": target})
        if due < sent_on:
            raise ValidationError(
                _("The due date of %(recipient)s (%(due)s) is before the day the referral "
                  "is sent (%(sent)s).") % {"recipient": target, "due": due.isoformat(),
                                            "sent": sent_on.isoformat()})
    if doc_type not in Document.Type.values:
        raise ValidationError(_("Not a type of document."))
    description = (letter_description or "").strip() or (
        _("Referral: %(question)s") % {"question": question})[:500]
    files = list(files)
    if letter_text.strip():
        files.append(NewFile("remiss.txt", letter_text.strip().encode() + b"\n",
                             "text/plain"))
    parties = [t for t, _due in recipients if isinstance(t, Party)]
    units = [t for t, _due in recipients if isinstance(t, Unit)]
    with transaction.atomic():
        case = (Case.objects.select_for_update(of=("self",))
                .select_related("series__body", "unit", "officer").get(pk=case.pk))
        _require_live_case(case)
        if case.status == Case.Status.CLOSED:
            raise ValidationError(_("The case is closed; reopen it to send a referral."))
        letter = do_register_document(
            case, acting_user=acting_user, direction=Document.Direction.OUTGOING,
            doc_type=doc_type, description=description, received_date=sent_on,
            document_date=sent_on, recipients=parties, recipient_units=units, files=files,
            registered_at=registered_at)
        referral = Referral.objects.create(
            case=case, kind=kind, question=question, letter=letter, sent_on=sent_on,
            due=min(due for _t, due in recipients), created_by=acting_user)
        responsible = responsible or case.officer
        rows = []
        for target, due in recipients:
            deadline = handling.do_add_deadline(
                case, acting_user=acting_user, document=letter, due=due,
                kind=Deadline.Kind.EXTERNAL if isinstance(target, Party)
                else Deadline.Kind.INTERNAL,
                responsible=responsible,
                description=_("Answer to the referral from %(recipient)s")
                % {"recipient": target})
            kind_name, _pk = _key(target)
            rows.append(Recipient.objects.create(referral=referral, deadline=deadline,
                                                 **{kind_name: target}))
        journal.record(
            "referral.send", referral, acting_user=acting_user, case=case, kind=kind,
            question=question, letter=letter.pk, sent_on=sent_on.isoformat(),
            recipients=[{"recipient": r.pk, "type": _key(r.target)[0],
                         "id": r.target.pk, "name": r.name,
                         "due": r.deadline.due.isoformat()} for r in rows])
    return referral


def _answer_document(recipient: Recipient, *, acting_user, document, description,
                     document_date, received_date, files, doc_type, registered_at
                     ) -> Document:
    """The answer: an existing incoming document of the case, or one registered now
    with the recipient as its sender."""
    case = recipient.referral.case
    if document is not None:
        if document.case_id != case.pk:
            raise ValidationError(_("The answer must be a document of the referral's case."))
        if document.direction != Document.Direction.INCOMING:
            raise ValidationError(_("The answer must be an incoming document."))
        if document.is_cancelled:
            raise ValidationError(_("The document is cancelled."))
        return document
    description = (description or "").strip()
    if not description:
        raise ValidationError(_("Choose the answer among the case's documents or say "
                                "what the new one concerns."))
    return do_register_document(
        case, acting_user=acting_user, direction=Document.Direction.INCOMING,
        doc_type=doc_type, description=description, received_date=received_date,
        document_date=document_date,
        senders=[recipient.party] if recipient.party_id else [],
        sender_units=[recipient.unit] if recipient.unit_id else [],
        files=files, registered_at=registered_at)


def _require_sent(recipient: Recipient) -> None:
    if recipient.status != Recipient.Status.SENT:
        raise ValidationError(_("%(recipient)s has already answered.")
                              % {"recipient": recipient.name})


def _check_outcome(referral: Referral, outcome: str, decision_date) -> None:
    if referral.is_decision:
        if outcome not in Recipient.Outcome.values:
            raise ValidationError(_("Say whether the recipient adopted or did not adopt."))
    elif outcome:
        raise ValidationError(_("An opinion has no outcome; only a decision referral "
                                "has one."))
    if decision_date and decision_date < referral.sent_on:
        raise ValidationError(_("The decision date is before the referral was sent."))


def _meet(recipient: Recipient, acting_user, on: datetime.date) -> None:
    if recipient.deadline.status == Deadline.Status.OPEN:
        handling.do_meet_deadline(recipient.deadline, acting_user=acting_user, on=on)


def do_record_answer(
    recipient: Recipient,
    *,
    acting_user,
    answered_on: datetime.date,
    document: Document | None = None,
    description: str = "",
    document_date: datetime.date | None = None,
    files=(),
    doc_type: str = Document.Type.REFERRAL_ANSWER,
    outcome: str = "",
    decision_body: str = "",
    decision_date: datetime.date | None = None,
    decision_paragraph: str = "",
    registered_at: datetime.datetime | None = None,
) -> Recipient:
    """The recipient's answer came in on ``answered_on``: its document (registered now,
    or an incoming document of the case), and for a decision referral the outcome and
    where it was decided. Meets the recipient's deadline."""
    if answered_on is None:
        raise ValidationError(_("Give the day the answer came in."))
    with transaction.atomic():
        recipient = _lock(recipient)
        referral = recipient.referral
        _require_live_case(referral.case)
        _require_sent(recipient)
        if answered_on < referral.sent_on:
            raise ValidationError(_("The answer cannot come in before the referral was "
                                    "sent (%(sent)s).") % {"sent": referral.sent_on.isoformat()})
        _check_outcome(referral, outcome, decision_date)
        answer = _answer_document(
            recipient, acting_user=acting_user, document=document, description=description,
            document_date=document_date, received_date=answered_on, files=files,
            doc_type=doc_type, registered_at=registered_at)
        recipient.status = Recipient.Status.ANSWERED
        recipient.answer = answer
        recipient.answered_on = answered_on
        recipient.outcome = outcome
        recipient.decision_body = (decision_body or "").strip()
        recipient.decision_date = decision_date
        recipient.decision_paragraph = (decision_paragraph or "").strip()
        recipient.save()
        _meet(recipient, acting_user, answered_on)
        journal.record(
            "referral.answer", recipient, acting_user=acting_user, case=referral.case,
            referral=referral.pk, recipient=recipient.name, answer=answer.pk,
            answered_on=answered_on.isoformat(), outcome=outcome,
            decision_reference=recipient.decision_reference,
            late=answered_on > recipient.deadline.due)
    return recipient


def do_record_declined(recipient: Recipient, *, acting_user, on: datetime.date,
                       reason: str = "", document: Document | None = None,
                       description: str = "", files=()) -> Recipient:
    """The recipient declines to answer (avstår): no opinion, no decision. Its letter
    saying so, if any, is the answer document. Meets the deadline: nothing more is
    awaited."""
    if on is None:
        raise ValidationError(_("Give the day the answer came in."))
    with transaction.atomic():
        recipient = _lock(recipient)
        referral = recipient.referral
        _require_live_case(referral.case)
        _require_sent(recipient)
        if on < referral.sent_on:
            raise ValidationError(_("The answer cannot come in before the referral was "
                                    "sent (%(sent)s).") % {"sent": referral.sent_on.isoformat()})
        answer = None
        if document is not None or (description or "").strip():
            answer = _answer_document(
                recipient, acting_user=acting_user, document=document,
                description=description, document_date=None, received_date=on,
                files=files, doc_type=Document.Type.REFERRAL_ANSWER, registered_at=None)
        recipient.status = Recipient.Status.DECLINED
        recipient.answer = answer
        recipient.answered_on = on
        recipient.declined_reason = (reason or "").strip()
        recipient.save()
        _meet(recipient, acting_user, on)
        journal.record("referral.decline", recipient, acting_user=acting_user,
                       case=referral.case, referral=referral.pk, recipient=recipient.name,
                       on=on.isoformat(), reason=recipient.declined_reason,
                       answer=answer.pk if answer else None)
    return recipient


def do_extend_referral(recipient: Recipient, *, acting_user, new_due: datetime.date,
                       granted_on: datetime.date, reason: str, granted_by: str = "",
                       document: Document | None = None) -> Extension:
    """An extension (anstånd) for one recipient, through handling's ``do_extend`` (a
    new due date later than the current one, with who, when and why). Granted by the
    organisation that sent the referral unless said otherwise."""
    with transaction.atomic():
        recipient = _lock(recipient)
        referral = recipient.referral
        _require_live_case(referral.case)
        _require_sent(recipient)
        granted_by = (granted_by or "").strip() or referral.case.series.organisation.name
        if granted_on is not None and granted_on < referral.sent_on:
            raise ValidationError(_("The extension cannot be granted before the referral "
                                    "was sent."))
        extension = handling.do_extend(recipient.deadline, acting_user=acting_user,
                                       new_due=new_due, granted_by=granted_by,
                                       granted_on=granted_on, reason=reason,
                                       document=document)
        journal.record("referral.extend", recipient, acting_user=acting_user,
                       case=referral.case, referral=referral.pk, recipient=recipient.name,
                       previous_due=extension.previous_due.isoformat(),
                       new_due=extension.new_due.isoformat(), granted_by=granted_by,
                       granted_on=granted_on.isoformat(), reason=extension.reason)
    return extension


def do_correct_answer(recipient: Recipient, *, acting_user, reason: str, **changes
                      ) -> Recipient:
    """Correct a recorded answer (the day it came in, the outcome, the decision
    reference, which document it is). The old values stay in the journal event with
    the reason."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("A reason must be given."))
    if not changes:
        raise ValidationError(_("The correction changes nothing."))
    if set(changes) - set(CORRECTABLE):
        raise ValidationError(_("Only the answer's date, outcome, decision reference and "
                                "document can be corrected."))
    with transaction.atomic():
        recipient = _lock(recipient)
        referral = recipient.referral
        _require_live_case(referral.case)
        if recipient.status == Recipient.Status.SENT:
            raise ValidationError(_("No answer is recorded to correct."))
        if "answer" in changes:
            document = changes["answer"]
            if document is None and recipient.status == Recipient.Status.ANSWERED:
                raise ValidationError(_("An answer needs its document."))
            if document is not None:
                _answer_document(recipient, acting_user=acting_user, document=document,
                                 description="", document_date=None, received_date=None,
                                 files=(), doc_type="", registered_at=None)
        before = {name: _fact(getattr(recipient, name)) for name in changes}
        for name, value in changes.items():
            setattr(recipient, name, value.strip() if isinstance(value, str) else value)
        after = {name: _fact(getattr(recipient, name)) for name in changes}
        if before == after:
            raise ValidationError(_("The correction changes nothing."))
        if recipient.answered_on is None:
            raise ValidationError(_("Give the day the answer came in."))
        if recipient.answered_on < referral.sent_on:
            raise ValidationError(_("The answer cannot come in before the referral was "
                                    "sent (%(sent)s).") % {"sent": referral.sent_on.isoformat()})
        if recipient.status == Recipient.Status.ANSWERED:
            _check_outcome(referral, recipient.outcome, recipient.decision_date)
        elif recipient.outcome or recipient.decision_reference:
            raise ValidationError(_("A recipient that declined to answer has no outcome."))
        recipient.save(update_fields=list(changes))
        # Not "before"/"after": the case page names diary fields from those keys.
        journal.record("referral.correct", recipient, acting_user=acting_user,
                       case=referral.case, referral=referral.pk, recipient=recipient.name,
                       reason=reason, previous=before, corrected=after)
    return recipient
