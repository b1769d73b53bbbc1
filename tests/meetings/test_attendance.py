"""Who attends and how: members, substitutes serving for a named absent member,
substitutes not serving (KL 5 kap.)."""

import pytest
from django.core.exceptions import ValidationError

from kansli.diary.models import Event
from kansli.meetings import actions
from kansli.meetings.models import Attendance
from kansli.org.models import Person
from tests.meetings.conftest import at, plan

pytestmark = pytest.mark.django_db

MEMBER, SERVING, SUBSTITUTE = (Attendance.Kind.MEMBER, Attendance.Kind.SERVING,
                               Attendance.Kind.SUBSTITUTE)


@pytest.fixture
def meeting(ks_body, ks_board, rita):
    return plan(ks_body, rita, at(2013, 11, 26), ["Upprop"])


def test_a_substitute_serves_for_a_named_absent_member(meeting, ks_board, rita):
    absent, substitute = ks_board.members[-1], ks_board.substitutes[0]
    attendance = actions.do_record_attendance(meeting, acting_user=rita, person=substitute,
                                              kind=SERVING, serving_for=absent)
    assert attendance.serving_for == absent
    assert attendance.decides
    event = Event.objects.get(action="record_attendance")
    assert event.data == {"person": substitute.pk, "kind": "serving",
                          "serving_for": absent.pk}


def test_a_substitute_cannot_serve_for_a_member_who_is_present(meeting, ks_board, rita):
    member, substitute = ks_board.members[-1], ks_board.substitutes[0]
    actions.do_record_attendance(meeting, acting_user=rita, person=member, kind=MEMBER)
    with pytest.raises(ValidationError, match="present and needs no substitute"):
        actions.do_record_attendance(meeting, acting_user=rita, person=substitute,
                                     kind=SERVING, serving_for=member)


def test_two_substitutes_cannot_serve_for_the_same_member(meeting, ks_board, rita):
    absent = ks_board.members[-1]
    first, second = ks_board.substitutes[:2]
    actions.do_record_attendance(meeting, acting_user=rita, person=first, kind=SERVING,
                                 serving_for=absent)
    with pytest.raises(ValidationError, match="already serves"):
        actions.do_record_attendance(meeting, acting_user=rita, person=second, kind=SERVING,
                                     serving_for=absent)


def test_a_substitute_serves_only_for_a_member_of_the_body(meeting, ks_board, sn_board,
                                                           rita):
    substitute = ks_board.substitutes[0]
    for named in (None, ks_board.substitutes[1], sn_board.members[3]):
        with pytest.raises(ValidationError, match="serves for a member of the body"):
            actions.do_record_attendance(meeting, acting_user=rita, person=substitute,
                                         kind=SERVING, serving_for=named)


def test_only_members_attend_as_members_and_only_substitutes_as_substitutes(
        meeting, ks_board, org, rita):
    stranger = Person.objects.create(organisation=org, name="Gustav Vasa")
    with pytest.raises(ValidationError, match="not a member"):
        actions.do_record_attendance(meeting, acting_user=rita,
                                     person=ks_board.substitutes[0], kind=MEMBER)
    with pytest.raises(ValidationError, match="not a member"):
        actions.do_record_attendance(meeting, acting_user=rita, person=stranger, kind=MEMBER)
    with pytest.raises(ValidationError, match="not a substitute"):
        actions.do_record_attendance(meeting, acting_user=rita, person=stranger,
                                     kind=SUBSTITUTE)
    with pytest.raises(ValidationError, match="Only a serving substitute"):
        actions.do_record_attendance(meeting, acting_user=rita, person=ks_board.members[0],
                                     kind=MEMBER, serving_for=ks_board.members[1])
    # An official attends as other and decides nothing.
    other = actions.do_record_attendance(meeting, acting_user=rita, person=stranger,
                                         kind=Attendance.Kind.OTHER, note="Sekreterare")
    assert not other.decides


def test_a_substitute_not_serving_takes_no_part(meeting, ks_board, rita):
    attendance = actions.do_record_attendance(meeting, acting_user=rita,
                                              person=ks_board.substitutes[0],
                                              kind=SUBSTITUTE)
    assert not attendance.decides


def test_membership_counts_only_within_its_term(ks_body, ks_board, rita):
    after_term = plan(ks_body, rita, at(2015, 1, 20), ["Upprop"])
    with pytest.raises(ValidationError, match="not a member"):
        actions.do_record_attendance(after_term, acting_user=rita, person=ks_board.chair,
                                     kind=MEMBER)
