"""Sending a referral: the letter, a recipient and a deadline per target, the refusals."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from kansli.diary.models import Document, DocumentParty, DocumentUnit, Event
from kansli.handling.models import Deadline
from kansli.referrals.models import Recipient
from tests.conftest import register

from .conftest import DUE, SENT, D, send


def test_the_letter_is_an_outgoing_document_to_every_recipient(case, olle, members,
                                                                 socialkontoret):
    referral = send(case, olle, *members, socialkontoret, letter_text="Hej!")
    letter = referral.letter
    assert (letter.case, letter.direction, letter.doc_type) == (case, "outgoing", "referral")
    assert letter.received_date == SENT and letter.description.startswith("Referral: Anta")
    assert set(DocumentParty.objects.filter(document=letter, role="recipient")
               .values_list("party__name", flat=True)) == {m.name for m in members}
    assert list(DocumentUnit.objects.filter(document=letter).values_list("unit__name",
                                                                         flat=True)) == [
        "Socialkontoret"]
    assert [f.filename for f in letter.files.all()] == ["remiss.txt"]


def test_each_recipient_has_its_own_deadline_external_or_internal(case, olle, members,
                                                                   socialkontoret, sn_body):
    referral = send(case, olle, members[0], socialkontoret, sn_body)
    kinds = {r.name: (r.deadline.kind, r.deadline.due, r.deadline.responsible, r.status)
             for r in referral.recipients.select_related("deadline", "party", "unit", "body")}
    assert kinds == {
        "Ekerö kommun": ("external", DUE, olle, "sent"),
        "Socialkontoret": ("internal", DUE, olle, "sent"),
        "Socialnämnden": ("internal", DUE, olle, "sent"),
    }
    assert Deadline.objects.filter(document=referral.letter).count() == 3
    assert referral.due == DUE and referral.sent_on == SENT


def test_sending_is_journalled_on_the_case_with_its_recipients(case, olle, members):
    referral = send(case, olle, *members)
    event = Event.objects.get(action="referral.send")
    assert event.case == case and event.object_id == referral.pk
    assert [r["name"] for r in event.data["recipients"]] == [m.name for m in members]
    assert Event.objects.filter(action="deadline.add", case=case).count() == 3
    assert Event.objects.filter(action="register", object_id=referral.letter.pk).exists()


def test_a_referral_without_recipients_is_refused_with_a_clear_message(case, olle):
    with pytest.raises(ValidationError, match="at least one recipient"):
        send(case, olle)
    assert not Document.objects.filter(case=case).exists()


def test_the_same_recipient_twice_is_refused(case, olle, members):
    with pytest.raises(ValidationError, match="Ekerö kommun is a recipient twice"):
        send(case, olle, members[0], members[1], members[0])


def test_a_due_date_before_the_day_sent_is_refused(case, olle, members):
    with pytest.raises(ValidationError, match="before the day the referral is sent"):
        send(case, olle, *members, due=D(2013, 6, 4))
    assert send(case, olle, *members, due=SENT).due == SENT


def test_a_referral_needs_a_question_and_a_kind(case, olle, members):
    from kansli.referrals import actions

    with pytest.raises(ValidationError, match="what the referral asks"):
        actions.do_send_referral(case, acting_user=olle, question=" ", kind="opinion",
                                 recipients=[(members[0], DUE)], sent_on=SENT)
    with pytest.raises(ValidationError, match="opinion or a decision"):
        send(case, olle, *members, kind="vote")


def test_nothing_is_left_behind_when_a_step_fails(case, olle, members, monkeypatch):
    from kansli.referrals import actions

    def broken(*args, **kwargs):
        raise ValidationError("broken")

    monkeypatch.setattr(actions.handling, "do_add_deadline", broken)
    with pytest.raises(ValidationError):
        send(case, olle, *members)
    assert not Document.objects.filter(case=case).exists()
    assert not Event.objects.filter(action="referral.send").exists()


def test_a_closed_or_cancelled_case_is_not_sent(case, olle, rita, members, ks, klass):
    from kansli.diary import actions as diary
    from tests.conftest import open_case

    diary.do_close_case(case, acting_user=rita)
    with pytest.raises(ValidationError, match="closed"):
        send(case, olle, *members)
    wrong = open_case(rita, ks, klass, officer=olle)
    diary.do_cancel_case(wrong, acting_user=rita, reason="Felregistrering")
    with pytest.raises(ValidationError, match="cancelled"):
        send(wrong, olle, *members)


def test_the_database_holds_exactly_one_target_per_recipient(case, olle, members,
                                                             socialkontoret):
    referral = send(case, olle, members[0])
    deadline = referral.recipients.get().deadline
    with pytest.raises(IntegrityError), transaction.atomic():
        Recipient.objects.create(referral=referral, deadline=deadline, party=members[1],
                                 unit=socialkontoret)
    with pytest.raises(IntegrityError), transaction.atomic():
        Recipient.objects.create(referral=referral, deadline=deadline)


def test_the_database_refuses_a_party_twice_in_one_referral(case, olle, rita, members):
    referral = send(case, olle, members[0])
    doc = register(case, rita)
    from kansli.handling.actions import do_add_deadline

    other = do_add_deadline(case, acting_user=rita, kind="external", due=DUE,
                            description="x", document=doc)
    with pytest.raises(IntegrityError), transaction.atomic():
        Recipient.objects.create(referral=referral, deadline=other, party=members[0])
