"""Delegation decisions are registered with the rule they rest on and reported to the
body as one agenda item at its next meeting — once."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from kansli.diary.models import Document, Event
from kansli.meetings import actions
from kansli.meetings.models import AgendaItem, DelegationDecision, DelegationRule, Paragraph
from kansli.org.models import Person
from tests.conftest import open_case
from tests.meetings.conftest import at, hold, plan

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def rule(sn_body):
    return DelegationRule.objects.create(body=sn_body, code="3.1",
                                         text="Beslut om bistånd enligt 4 kap. 1 § SoL",
                                         delegate="Socialsekreterare")


@pytest.fixture
def officer(org):
    return Person.objects.create(organisation=org, name="Hanna Berg",
                                 title="Socialsekreterare")


@pytest.fixture
def case(sn, klass, rita):
    return open_case(rita, sn, klass, title="Ansökan om bistånd")


def decide_under(rule, case, officer, rita, day):
    return actions.do_register_delegation_decision(
        rule, case, acting_user=rita, decided_by=officer, decided_on=day,
        description=f"Delegationsbeslut bistånd {day}")


def test_a_delegation_decision_is_registered_with_its_rule(rule, case, officer, rita):
    decision = decide_under(rule, case, officer, rita, D(2013, 9, 2))
    assert decision.rule == rule and decision.decided_by == officer
    assert decision.reported_in is None
    document = decision.document
    assert (document.case, document.direction, document.doc_type, document.document_date) == (
        case, Document.Direction.DRAWN_UP, Document.Type.DECISION, D(2013, 9, 2))
    event = Event.objects.get(action="delegation_decision")
    assert event.data == {"rule": "3.1", "document": document.pk}
    assert event.case_id == case.pk


def test_they_are_reported_as_one_item_at_the_next_meeting_and_not_twice(
        rule, case, officer, sn_body, rita):
    first = decide_under(rule, case, officer, rita, D(2013, 9, 2))
    second = decide_under(rule, case, officer, rita, D(2013, 9, 10))
    later = decide_under(rule, case, officer, rita, D(2013, 9, 30))
    meeting = plan(sn_body, rita, at(2013, 9, 25), ["Upprop"])
    item = actions.do_report_delegation_decisions(meeting, acting_user=rita)
    assert (item.kind, item.position) == (AgendaItem.Kind.DELEGATION, 2)
    assert list(item.delegation_decisions.all()) == [first, second]
    with pytest.raises(ValidationError, match="no unreported delegation decisions"):
        actions.do_report_delegation_decisions(meeting, acting_user=rita)
    # The next meeting gets only the one decided after the first meeting.
    october = plan(sn_body, rita, at(2013, 10, 23), ["Upprop"])
    item = actions.do_report_delegation_decisions(october, acting_user=rita)
    assert list(item.delegation_decisions.all()) == [later]
    assert Event.objects.get(action="report_delegation", object_id=item.pk).data == {
        "decisions": [later.pk]}


def test_the_report_becomes_a_paragraph_noted(rule, case, officer, sn_body, rita):
    decide_under(rule, case, officer, rita, D(2013, 9, 2))
    meeting = plan(sn_body, rita, at(2013, 9, 25))
    actions.do_report_delegation_decisions(meeting, acting_user=rita)
    actions.do_mark_held(meeting, acting_user=rita)
    (paragraph,) = actions.do_draw_up_minutes(meeting, acting_user=rita)
    assert paragraph.outcome == Paragraph.Outcome.NOTED


def test_a_body_is_reported_only_its_own_delegation_decisions(rule, case, officer, ks_body,
                                                              rita):
    decide_under(rule, case, officer, rita, D(2013, 9, 2))
    meeting = plan(ks_body, rita, at(2013, 9, 24))
    with pytest.raises(ValidationError, match="no unreported delegation decisions"):
        actions.do_report_delegation_decisions(meeting, acting_user=rita)


def test_an_item_taken_off_the_agenda_leaves_its_decisions_to_be_reported(
        rule, case, officer, sn_body, rita):
    decision = decide_under(rule, case, officer, rita, D(2013, 9, 2))
    meeting = hold(sn_body, None, rita, at(2013, 9, 25), ["Upprop"])
    item = actions.do_report_delegation_decisions(meeting, acting_user=rita)
    actions.do_remove_agenda_item(item, acting_user=rita, reason="Anmäls i oktober")
    decision.refresh_from_db()
    assert decision.reported_in is None
    assert DelegationDecision.objects.filter(reported_in__isnull=True).count() == 1
