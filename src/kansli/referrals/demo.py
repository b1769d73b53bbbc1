"""The federation's side of the reference story (DESIGN.md §1, step 7): KSL sends its
2013 recommendation to the 26 members as one decision referral and receives their
answers, as kansli.demo.federation.OUTCOMES has them. Deterministic.

kansli.demo is a face that no domain app imports at load time (it calls this module);
its federation data is read inside the functions."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone, translation

from kansli.diary import actions as diary
from kansli.diary.models import Case, Document

from . import actions
from .models import Recipient, Referral

if TYPE_CHECKING:
    from kansli.demo.federation import Federation, Outcome

TITLE = ("Rekommendation – Överenskommelse om samverkan mellan kommuner i Stockholms län "
         "gällande nyanlända")
AGREEMENT = ("Överenskommelse om samverkan mellan kommuner i Stockholms län gällande "
             "nyanlända, justerat förslag 2013-05-06")
DRAFT_DAY = datetime.date(2013, 5, 6)
QUESTION = ("Styrelsen rekommenderar medlemskommunerna att anta Överenskommelse om "
            "samverkan mellan kommuner i Stockholms län gällande nyanlända (justerat förslag "
            "2013-05-06). Vi ber om ert beslut senast 2013-11-15.")
LETTER = "Rekommendation till medlemskommunerna att anta överenskommelsen om nyanlända"
MONTHS = ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti",
          "september", "oktober", "november", "december"]


def _at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def extension_reason(outcome: Outcome) -> str:
    return (f"Kommunfullmäktige sammanträder först i "
            f"{MONTHS[outcome.extended_to.month - 1]}")


def answer_description(outcome: Outcome) -> str:
    return (f"Protokollsutdrag {outcome.body} {outcome.decided_on.isoformat()} "
            f"{outcome.paragraph}")


def load_federation(fed: Federation) -> Case:
    """KSL's case: the agreement draft, the recommendation to the 26 members as a
    decision referral, then each member's extension and answer on its day. Members
    without an answer stay open, and late. Loaded once: when the case is there already
    it is returned as it is."""
    from kansli.demo import federation

    existing = Case.objects.filter(series=fed.setup.series["KSL"], title=TITLE).first()
    if existing is not None:
        return existing
    with transaction.atomic(), translation.override("sv"):
        registrar = fed.users["kslregistrator"]
        officer = fed.users["kslhandlaggare"]
        office = fed.setup.units[federation.OFFICE]
        case = diary.do_open_case(fed.setup.series["KSL"], acting_user=registrar,
                                  title=TITLE, officer=officer, unit=office,
                                  opened_at=_at(DRAFT_DAY, 9))
        diary.do_register_document(
            case, acting_user=officer, direction=Document.Direction.DRAWN_UP,
            doc_type=Document.Type.AGREEMENT, description=AGREEMENT,
            received_date=DRAFT_DAY, document_date=DRAFT_DAY, registered_at=_at(DRAFT_DAY))
        sent = federation.RECOMMENDATION_SENT
        referral = actions.do_send_referral(
            case, acting_user=officer, question=QUESTION, kind=Referral.Kind.DECISION,
            recipients=[(fed.members[o.member], federation.ANSWER_DUE)
                        for o in federation.OUTCOMES],
            sent_on=sent, letter_description=LETTER, doc_type=Document.Type.RECOMMENDATION,
            registered_at=_at(sent))
        by_member = {r.party.name: r for r in referral.recipients.select_related("party")}
        # What happened, in the order it happened: extensions and answers by day.
        steps = []
        for i, o in enumerate(federation.OUTCOMES):
            if o.extension_granted_on:
                steps.append((o.extension_granted_on, 0, i, o))
            if o.outcome != federation.NO_ANSWER:
                steps.append((o.answered_on, 1, i, o))
        for day, what, _i, o in sorted(steps, key=lambda s: s[:3]):
            recipient = by_member[o.member]
            if what == 0:
                actions.do_extend_referral(
                    recipient, acting_user=officer, new_due=o.extended_to, granted_on=day,
                    reason=extension_reason(o))
            else:
                actions.do_record_answer(
                    recipient, acting_user=registrar, answered_on=day,
                    description=answer_description(o), doc_type=Document.Type.EXTRACT,
                    document_date=o.decided_on, registered_at=_at(day),
                    outcome=(Recipient.Outcome.ADOPTED if o.outcome == federation.ADOPTED
                             else Recipient.Outcome.DECLINED),
                    decision_body=o.body, decision_date=o.decided_on,
                    decision_paragraph=o.paragraph)
    return case
