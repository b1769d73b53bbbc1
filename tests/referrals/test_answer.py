"""Answers: registered or linked incoming documents, the outcome and decision reference
of a decision referral, declining to answer; each meets the recipient's deadline."""

import pytest
from django.core.exceptions import ValidationError

from kansli.diary.models import DocumentParty, Event
from kansli.referrals import actions
from tests.conftest import register

from .conftest import D, recipient, send


def answer(r, user, **kwargs):
    kwargs.setdefault("answered_on", D(2013, 12, 18))
    kwargs.setdefault("description", "Protokollsutdrag Kommunfullmäktige 2013-12-16 § 90")
    kwargs.setdefault("outcome", "adopted")
    return actions.do_record_answer(r, acting_user=user, **kwargs)


def test_an_answer_is_registered_as_an_incoming_document_from_the_recipient(referral,
                                                                            rita):
    ekero = recipient(referral, "Ekerö kommun")
    answer(ekero, rita, decision_body="Kommunfullmäktige", decision_date=D(2013, 12, 16),
           decision_paragraph="§ 90", doc_type="extract")
    ekero.refresh_from_db()
    doc = ekero.answer
    assert (doc.case, doc.direction, doc.doc_type, doc.received_date) == (
        referral.case, "incoming", "extract", D(2013, 12, 18))
    assert list(DocumentParty.objects.filter(document=doc).values_list("party__name", "role")
                ) == [("Ekerö kommun", "sender")]
    assert (ekero.status, ekero.outcome, ekero.answered_on) == ("answered", "adopted",
                                                                 D(2013, 12, 18))
    assert ekero.decision_reference == "Kommunfullmäktige 2013-12-16 § 90"


def test_answering_meets_the_deadline_on_the_day_the_answer_came(referral, rita):
    ekero = recipient(referral, "Ekerö kommun")
    answer(ekero, rita, answered_on=D(2013, 11, 20))
    ekero.deadline.refresh_from_db()
    assert (ekero.deadline.status, ekero.deadline.closed_on) == ("met", D(2013, 11, 20))
    event = Event.objects.get(action="referral.answer")
    assert event.case == referral.case and event.data["late"] is True
    assert Event.objects.get(action="deadline.meet").data["late"] is True


def test_an_existing_incoming_document_of_the_case_can_be_the_answer(referral, rita,
                                                                     members):
    letter = register(referral.case, rita, "Yttrande från Nacka", senders=[members[1]],
                      received_date=D(2013, 11, 1))
    nacka = answer(recipient(referral, "Nacka kommun"), rita, document=letter,
                   description="", answered_on=D(2013, 11, 1))
    assert nacka.answer == letter
    assert referral.case.documents.count() == 2  # the letter and the linked answer


def test_the_answer_must_be_an_incoming_document_of_the_same_case(referral, rita, ks, klass,
                                                                  olle):
    from tests.conftest import open_case

    other_case = open_case(rita, ks, klass)
    elsewhere = register(other_case, rita)
    with pytest.raises(ValidationError, match="referral's case"):
        answer(recipient(referral, "Ekerö kommun"), rita, document=elsewhere)
    with pytest.raises(ValidationError, match="incoming document"):
        answer(recipient(referral, "Ekerö kommun"), rita, document=referral.letter)


def test_answering_twice_is_refused(referral, rita):
    ekero = recipient(referral, "Ekerö kommun")
    answer(ekero, rita)
    with pytest.raises(ValidationError, match="already answered"):
        answer(ekero, rita)
    assert referral.case.documents.count() == 2


def test_a_decision_referral_needs_an_outcome_and_an_opinion_has_none(case, olle, rita,
                                                                      members):
    decision = send(case, olle, members[0])
    with pytest.raises(ValidationError, match="adopted or did not adopt"):
        answer(decision.recipients.get(), rita, outcome="")
    opinion = send(case, olle, members[0], kind="opinion")
    with pytest.raises(ValidationError, match="An opinion has no outcome"):
        answer(opinion.recipients.get(), rita, outcome="adopted")
    done = answer(opinion.recipients.get(), rita, outcome="",
                  description="Yttrande från Ekerö kommun")
    assert done.status == "answered" and done.outcome == ""


def test_an_answer_before_the_referral_was_sent_is_refused(referral, rita):
    with pytest.raises(ValidationError, match="before the referral was sent"):
        answer(recipient(referral, "Ekerö kommun"), rita, answered_on=D(2013, 6, 4))


def test_an_answer_needs_a_document(referral, rita):
    with pytest.raises(ValidationError, match="Choose the answer"):
        answer(recipient(referral, "Ekerö kommun"), rita, description=" ")


def test_a_recipient_that_declines_to_answer_is_declined_and_its_deadline_met(referral,
                                                                              rita):
    vaxholm = actions.do_record_declined(recipient(referral, "Vaxholms stad"),
                                         acting_user=rita, on=D(2013, 9, 2),
                                         reason="Berör inte kommunen",
                                         description="Vaxholms stad avstår")
    assert (vaxholm.status, vaxholm.declined_reason) == ("declined", "Berör inte kommunen")
    assert vaxholm.answer.direction == "incoming" and vaxholm.outcome == ""
    vaxholm.deadline.refresh_from_db()
    assert vaxholm.deadline.status == "met"
    assert Event.objects.filter(action="referral.decline").count() == 1
    with pytest.raises(ValidationError, match="already answered"):
        answer(vaxholm, rita)


def test_a_unit_answers_through_an_incoming_document_from_the_unit(case, olle, rita,
                                                                   socialkontoret):
    referral = send(case, olle, socialkontoret, kind="opinion")
    done = answer(referral.recipients.get(), rita, outcome="",
                  description="Yttrande från Socialkontoret")
    assert [u.unit.name for u in done.answer.unit_links.all()] == ["Socialkontoret"]


def test_a_body_answers_through_an_incoming_document_without_a_sender(case, olle, rita,
                                                                      sn_body):
    referral = send(case, olle, sn_body, kind="opinion")
    done = answer(referral.recipients.get(), rita, outcome="",
                  description="Protokollsutdrag Socialnämnden 2013-09-25 § 130")
    assert done.answer.direction == "incoming"
    assert not done.answer.party_links.exists() and not done.answer.unit_links.exists()
