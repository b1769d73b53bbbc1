"""A case handled by several bodies in turn: SN gives its opinion, KS prepares and
proposes, KF decides. Each handling gets its paragraph and result when the minutes are
approved."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from kansli.diary.models import Event
from kansli.meetings import actions
from kansli.meetings.models import Handling, Paragraph
from tests.conftest import open_case
from tests.meetings.conftest import approve, at, decide, drawn_up, hold

pytestmark = pytest.mark.django_db

Role, Outcome = Handling.Role, Paragraph.Outcome


@pytest.fixture
def case(ks, klass, rita):
    return open_case(rita, ks, klass)


def handle(body, board, case, rita, start, outcome=Outcome.AS_PROPOSED):
    """The case on the body's agenda, decided and approved a week later."""
    meeting, paragraphs = drawn_up(body, board, rita, start, ["Upprop"], cases=[case])
    decide(paragraphs[:1], rita, Outcome.NOTED)
    decide(paragraphs[1:], rita, outcome)
    approve(meeting, board, on=meeting.day + datetime.timedelta(days=7))
    return paragraphs[1]


def test_sn_gives_its_opinion_ks_prepares_and_kf_decides(case, boards, kf, ks_body, sn_body,
                                                         rita):
    actions.do_refer_case(case, acting_user=rita, body=sn_body, role=Role.OPINION)
    sn_paragraph = handle(sn_body, boards["SN"], case, rita, at(2013, 9, 25))
    actions.do_refer_case(case, acting_user=rita, body=ks_body, role=Role.PREPARATION)
    ks_paragraph = handle(ks_body, boards["KS"], case, rita, at(2013, 11, 26))
    actions.do_refer_case(case, acting_user=rita, body=kf, role=Role.DECISION)
    kf_paragraph = handle(kf, boards["KF"], case, rita, at(2013, 12, 16, 18))
    handlings = list(case.handlings.all())
    assert [(h.body.code, h.role, h.paragraph, h.result) for h in handlings] == [
        ("SN", Role.OPINION, sn_paragraph, Outcome.AS_PROPOSED),
        ("KS", Role.PREPARATION, ks_paragraph, Outcome.AS_PROPOSED),
        ("KF", Role.DECISION, kf_paragraph, Outcome.AS_PROPOSED),
    ]
    assert [h.meeting.day for h in handlings] == [datetime.date(2013, 9, 25),
                                                  datetime.date(2013, 11, 26),
                                                  datetime.date(2013, 12, 16)]
    assert [e.data for e in Event.objects.filter(action="refer").order_by("seq")] == [
        {"body": "SN", "role": "opinion"}, {"body": "KS", "role": "preparation"},
        {"body": "KF", "role": "decision"}]
    assert set(Event.objects.filter(action="refer").values_list("case", flat=True)) == {
        case.pk}


def test_the_result_is_recorded_when_the_minutes_are_approved_not_before(
        case, ks_body, ks_board, rita):
    handling = actions.do_refer_case(case, acting_user=rita, body=ks_body,
                                     role=Role.PREPARATION)
    meeting, paragraphs = drawn_up(ks_body, ks_board, rita, at(2013, 11, 26), cases=[case])
    handling.refresh_from_db()
    assert handling.agenda_item == paragraphs[0].agenda_item
    assert (handling.paragraph, handling.result) == (None, "")
    decide(paragraphs, rita)
    actions.do_approve_minutes(meeting, acting_user=ks_board.chair.user,
                               on=datetime.date(2013, 11, 28))
    handling.refresh_from_db()
    assert (handling.paragraph, handling.result) == (None, "")
    for person in ks_board.approvers:
        actions.do_approve_minutes(meeting, acting_user=person.user,
                                   on=datetime.date(2013, 11, 28))
    handling.refresh_from_db()
    assert (handling.paragraph, handling.result) == (paragraphs[0], Outcome.AS_PROPOSED)


def test_a_case_referred_back_is_referred_to_the_body_again(case, ks_body, ks_board, rita):
    actions.do_refer_case(case, acting_user=rita, body=ks_body, role=Role.PREPARATION)
    with pytest.raises(ValidationError, match="already with Kommunstyrelsen"):
        actions.do_refer_case(case, acting_user=rita, body=ks_body, role=Role.PREPARATION)
    handle(ks_body, ks_board, case, rita, at(2013, 10, 29), outcome=Outcome.REFERRED_BACK)
    again = actions.do_refer_case(case, acting_user=rita, body=ks_body, role=Role.PREPARATION)
    handle(ks_body, ks_board, case, rita, at(2013, 11, 26))
    assert [h.result for h in case.handlings.all()] == [Outcome.REFERRED_BACK, Outcome.AS_PROPOSED]
    assert case.handlings.last() == again


def test_an_item_taken_off_the_agenda_leaves_its_handling_waiting(case, ks_body, rita):
    handling = actions.do_refer_case(case, acting_user=rita, body=ks_body,
                                     role=Role.PREPARATION)
    meeting = hold(ks_body, None, rita, at(2013, 11, 26), cases=[case])
    actions.do_remove_agenda_item(meeting.agenda.get(), acting_user=rita,
                                  reason="Ärendet är inte berett")
    handling.refresh_from_db()
    assert handling.agenda_item is None
    assert Event.objects.get(action="remove_agenda_item").data["reason"] == (
        "Ärendet är inte berett")


def test_a_handling_has_a_role(case, ks_body, rita):
    with pytest.raises(ValidationError, match="Not a role"):
        actions.do_refer_case(case, acting_user=rita, body=ks_body, role="advice")
