"""Extensions for one recipient go through handling's deadline extension."""

import pytest
from django.core.exceptions import ValidationError

from kansli.diary.models import Event
from kansli.referrals import actions

from .conftest import DUE, D, recipient

EXTENDED = D(2013, 12, 19)


def extend(r, user, new_due=EXTENDED, **kwargs):
    kwargs.setdefault("granted_on", D(2013, 10, 24))
    kwargs.setdefault("reason", "Kommunfullmäktige sammanträder först i december")
    return actions.do_extend_referral(r, acting_user=user, new_due=new_due, **kwargs)


def test_an_extension_moves_one_recipients_due_date_and_keeps_the_history(referral, olle):
    ekero = recipient(referral, "Ekerö kommun")
    extension = extend(ekero, olle)
    ekero.deadline.refresh_from_db()
    assert ekero.deadline.due == D(2013, 12, 19)
    assert (extension.previous_due, extension.granted_on) == (DUE, D(2013, 10, 24))
    # Granted by the organisation that sent the referral, unless said otherwise.
    assert extension.granted_by == "Ekerö kommun"
    assert recipient(referral, "Nacka kommun").deadline.due == DUE
    assert Event.objects.get(action="referral.extend").data["new_due"] == "2013-12-19"
    assert Event.objects.filter(action="deadline.extend").count() == 1


def test_an_extension_not_later_than_the_current_due_date_is_refused(referral, olle):
    ekero = recipient(referral, "Ekerö kommun")
    for day in (DUE, D(2013, 11, 1)):
        with pytest.raises(ValidationError, match="later than the current one"):
            extend(ekero, olle, new_due=day)
    assert not ekero.deadline.extensions.exists()
    assert not Event.objects.filter(action="referral.extend").exists()


def test_an_extension_needs_a_reason_and_a_day_not_before_the_referral(referral, olle):
    with pytest.raises(ValidationError, match="reason"):
        extend(recipient(referral, "Ekerö kommun"), olle, reason=" ")
    with pytest.raises(ValidationError, match="before the referral was sent"):
        extend(recipient(referral, "Ekerö kommun"), olle, granted_on=D(2013, 6, 1))


def test_a_recipient_that_answered_gets_no_extension(referral, olle, rita):
    ekero = recipient(referral, "Ekerö kommun")
    actions.do_record_answer(ekero, acting_user=rita, answered_on=D(2013, 11, 1),
                             description="Svar", outcome="adopted")
    with pytest.raises(ValidationError, match="already answered"):
        extend(ekero, olle)


def test_a_second_extension_adds_to_the_history(referral, olle):
    ekero = recipient(referral, "Ekerö kommun")
    extend(ekero, olle)
    extend(ekero, olle, new_due=D(2014, 1, 31), granted_on=D(2013, 12, 10),
           granted_by="KSL:s kansli")
    assert [(e.previous_due, e.new_due, e.granted_by) for e in ekero.deadline.extensions.all()
            ] == [(DUE, D(2013, 12, 19), "Ekerö kommun"),
                  (D(2013, 12, 19), D(2014, 1, 31), "KSL:s kansli")]
