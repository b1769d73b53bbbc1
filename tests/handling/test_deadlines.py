import datetime

import pytest
from django.core.exceptions import ValidationError

from kansli.diary.models import Event
from kansli.handling import actions
from kansli.handling.models import Deadline
from tests.conftest import register

D = datetime.date


def test_a_deadline_on_a_case_is_open_and_journalled(deadline, case):
    assert deadline.status == Deadline.Status.OPEN
    assert deadline.unit == case.unit and deadline.body == case.series.body
    assert Event.objects.filter(action="deadline.add", object_id=deadline.pk).exists()


def test_a_deadline_on_a_document_belongs_to_its_case(case, rita, olle):
    doc = register(case, rita)
    d = actions.do_add_deadline(acting_user=rita, document=doc, kind="internal",
                                due=D(2013, 7, 1), responsible=olle, description="Läs")
    assert d.case == case and d.document == doc


def test_a_deadline_needs_a_description_and_a_kind(case, rita):
    with pytest.raises(ValidationError, match="Describe"):
        actions.do_add_deadline(case, acting_user=rita, kind="external", due=D(2013, 1, 1),
                                description=" ")
    with pytest.raises(ValidationError, match="kind"):
        actions.do_add_deadline(case, acting_user=rita, kind="x", due=D(2013, 1, 1),
                                description="a")


def test_an_extension_moves_the_due_date_and_keeps_the_history(deadline, case, rita):
    memo = register(case, rita, description="Tjänsteanteckning", direction="drawn_up",
                    doc_type="memo")
    ext = actions.do_extend(deadline, acting_user=rita, new_due=D(2013, 12, 19),
                            granted_by="KSL", granted_on=D(2013, 10, 24),
                            reason="Nämnden sammanträder i december", document=memo)
    deadline.refresh_from_db()
    assert deadline.due == D(2013, 12, 19)
    assert ext.previous_due == D(2013, 11, 15) and ext.document == memo
    assert list(deadline.extensions.all()) == [ext]
    assert Event.objects.filter(action="deadline.extend").count() == 1


def test_an_extension_earlier_than_or_equal_to_the_current_due_date_is_refused(deadline,
                                                                                rita):
    for day in (D(2013, 11, 15), D(2013, 11, 1)):
        with pytest.raises(ValidationError, match="later than the current one"):
            actions.do_extend(deadline, acting_user=rita, new_due=day, granted_by="KSL",
                              granted_on=D(2013, 10, 24), reason="x")
    assert not deadline.extensions.exists()


def test_an_extension_needs_a_reason_and_who_granted_it(deadline, rita):
    with pytest.raises(ValidationError, match="reason"):
        actions.do_extend(deadline, acting_user=rita, new_due=D(2013, 12, 19),
                          granted_by="KSL", granted_on=D(2013, 10, 24), reason="")
    with pytest.raises(ValidationError, match="granted"):
        actions.do_extend(deadline, acting_user=rita, new_due=D(2013, 12, 19),
                          granted_by="", granted_on=D(2013, 10, 24), reason="x")


def test_a_met_deadline_is_closed_and_can_no_longer_be_extended(deadline, rita):
    actions.do_meet_deadline(deadline, acting_user=rita, on=D(2013, 11, 14))
    deadline.refresh_from_db()
    assert deadline.status == "met" and deadline.closed_on == D(2013, 11, 14)
    with pytest.raises(ValidationError, match="no longer open"):
        actions.do_extend(deadline, acting_user=rita, new_due=D(2014, 1, 1),
                          granted_by="KSL", granted_on=D(2013, 10, 24), reason="x")


def test_a_cancelled_deadline_keeps_its_reason(deadline, rita):
    with pytest.raises(ValidationError, match="reason"):
        actions.do_cancel_deadline(deadline, acting_user=rita, reason="")
    actions.do_cancel_deadline(deadline, acting_user=rita, reason="Ärendet återkallat")
    deadline.refresh_from_db()
    assert deadline.status == "cancelled" and deadline.close_reason == "Ärendet återkallat"
    assert Event.objects.filter(action="deadline.cancel").exists()


def test_six_months_after_a_private_party_opened_a_case_the_party_may_demand_a_decision(
        case, rita):
    person = actions_party(rita, "person", "Petra Person")
    register(case, rita, description="Ansökan", doc_type="application", senders=[person])
    assert actions.fl_deadlines_job(None) == 1
    d = Deadline.objects.get(rule=f"case:{case.pk}:fl12")
    opened = case.opened_at.date()
    assert d.kind == "legal" and d.due == actions.add_months(opened, 6)
    assert actions.fl_deadlines_job(None) == 0


def test_cases_opened_by_an_organisation_get_no_six_month_deadline(case, rita, ksl):
    register(case, rita, senders=[ksl])
    assert actions.fl_deadlines_job(None) == 0


def test_six_months_from_the_last_day_of_a_month_ends_on_the_last_day_of_a_shorter_one():
    assert actions.add_months(D(2013, 8, 31), 6) == D(2014, 2, 28)
    assert actions.add_months(D(2013, 6, 5), 6) == D(2013, 12, 5)


def actions_party(user, kind, name):
    from kansli.diary import actions as diary

    return diary.do_create_party(acting_user=user, kind=kind, name=name)
