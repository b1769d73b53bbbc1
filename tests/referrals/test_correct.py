"""A wrong answer is corrected with a reason; the journal keeps the old value."""

import pytest
from django.core.exceptions import ValidationError

from kansli.diary.models import Event
from kansli.referrals import actions

from .conftest import D, recipient


@pytest.fixture
def answered(referral, rita):
    return actions.do_record_answer(
        recipient(referral, "Ekerö kommun"), acting_user=rita, answered_on=D(2013, 12, 18),
        description="Protokollsutdrag", outcome="adopted", decision_body="Kommunfullmäktige",
        decision_date=D(2013, 12, 16), decision_paragraph="§ 9")


def test_a_correction_changes_the_answer_and_keeps_the_old_value_in_the_journal(answered,
                                                                                rita):
    actions.do_correct_answer(answered, acting_user=rita, reason="Fel paragraf",
                              decision_paragraph="§ 90")
    answered.refresh_from_db()
    assert answered.decision_reference == "Kommunfullmäktige 2013-12-16 § 90"
    event = Event.objects.get(action="referral.correct")
    assert event.data["previous"] == {"decision_paragraph": "§ 9"}
    assert event.data["corrected"] == {"decision_paragraph": "§ 90"}
    assert event.data["reason"] == "Fel paragraf" and event.case == answered.referral.case


def test_a_correction_needs_a_reason_and_a_change(answered, rita):
    with pytest.raises(ValidationError, match="reason"):
        actions.do_correct_answer(answered, acting_user=rita, reason=" ", outcome="declined")
    with pytest.raises(ValidationError, match="changes nothing"):
        actions.do_correct_answer(answered, acting_user=rita, reason="x", outcome="adopted")
    with pytest.raises(ValidationError, match="can be corrected"):
        actions.do_correct_answer(answered, acting_user=rita, reason="x", status="sent")


def test_the_outcome_stays_one_of_adopted_or_not(answered, rita):
    with pytest.raises(ValidationError, match="adopted or did not adopt"):
        actions.do_correct_answer(answered, acting_user=rita, reason="x", outcome="maybe")
    actions.do_correct_answer(answered, acting_user=rita, reason="Avslag, inte bifall",
                              outcome="declined")
    answered.refresh_from_db()
    assert answered.outcome == "declined"


def test_no_answer_no_correction(referral, rita):
    with pytest.raises(ValidationError, match="No answer is recorded"):
        actions.do_correct_answer(recipient(referral, "Nacka kommun"), acting_user=rita,
                                  reason="x", answered_on=D(2013, 11, 1))


def test_the_answer_document_can_be_corrected_to_another_incoming_one(answered, rita):
    from tests.conftest import register

    right = register(answered.referral.case, rita, "Rätt protokollsutdrag",
                     received_date=D(2013, 12, 18))
    old = answered.answer_id
    actions.do_correct_answer(answered, acting_user=rita, reason="Fel handling",
                              answer=right)
    answered.refresh_from_db()
    assert answered.answer == right
    event = Event.objects.get(action="referral.correct")
    assert event.data["previous"] == {"answer": old}
    with pytest.raises(ValidationError, match="incoming document"):
        actions.do_correct_answer(answered, acting_user=rita, reason="x",
                                  answer=answered.referral.letter)
