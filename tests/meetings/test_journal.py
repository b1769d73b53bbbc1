"""Every committee action writes its event to the journal in its transaction, and the
chain verifies; a refused action writes nothing."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from kansli.diary import journal
from kansli.diary.models import Event
from kansli.meetings import actions
from kansli.meetings.models import Attendance, DelegationRule, Handling, Paragraph
from tests.conftest import open_case, register
from tests.meetings.conftest import at

pytestmark = pytest.mark.django_db

D = datetime.date


def test_every_action_is_journaled_and_the_chain_verifies(ks, klass, ks_body, ks_board, ksl,
                                                          rita):
    case = open_case(rita, ks, klass)
    report_document = register(case, rita, "Tjänsteutlåtande", direction="drawn_up",
                               doc_type="officers_report", received_date=D(2013, 11, 5))
    rule = DelegationRule.objects.create(body=ks_body, code="1.1", text="Yttranden",
                                         delegate="Kommundirektören")
    before = Event.objects.count()
    actions.do_register_delegation_decision(rule, case, acting_user=rita,
                                            decided_by=ks_board.members[4],
                                            decided_on=D(2013, 11, 1),
                                            description="Yttrande över detaljplan")
    report = actions.do_write_report(report_document, acting_user=rita, body=ks_body,
                                     title="Nyanlända", proposal="att anta",
                                     recipients=[ksl])
    actions.do_refer_case(case, acting_user=rita, body=ks_body, role=Handling.Role.DECISION)
    meeting = actions.do_plan_meeting(ks_body, acting_user=rita, start=at(2013, 11, 26),
                                      place="Ekerö", minutes_kept_at="Kommunkansliet")
    first = actions.do_add_agenda_item(meeting, acting_user=rita, heading="Upprop")
    actions.do_add_agenda_item(meeting, acting_user=rita, heading="Nyanlända", case=case,
                               report=report)
    actions.do_report_delegation_decisions(meeting, acting_user=rita)
    actions.do_move_agenda_item(first, acting_user=rita, position=3)
    extra = actions.do_add_agenda_item(meeting, acting_user=rita, heading="Övrigt")
    actions.do_remove_agenda_item(extra, acting_user=rita, reason="Utgår")
    actions.do_send_notice(meeting, acting_user=rita, on=D(2013, 11, 19))
    for person in ks_board.members[:-1]:
        actions.do_record_attendance(meeting, acting_user=rita, person=person,
                                     kind=Attendance.Kind.MEMBER)
    actions.do_record_attendance(meeting, acting_user=rita, person=ks_board.substitutes[0],
                                 kind=Attendance.Kind.SERVING, serving_for=ks_board.members[-1])
    actions.do_name_approvers(meeting, acting_user=rita, chair=ks_board.chair,
                              approvers=ks_board.approvers)
    actions.do_mark_held(meeting, acting_user=rita)
    matter, delegation, roll_call = actions.do_draw_up_minutes(meeting, acting_user=rita)
    actions.do_write_paragraph(matter, acting_user=rita, decision="att anta",
                               outcome=Paragraph.Outcome.WITH_CHANGES)
    actions.do_write_paragraph(roll_call, acting_user=rita, outcome=Paragraph.Outcome.NOTED)
    actions.do_add_proposal(matter, acting_user=rita, mover=ks_board.chair, text="Bifall")
    actions.do_declare_interest(matter, acting_user=rita, person=ks_board.members[3])
    actions.do_record_vote(matter, acting_user=rita, question="Bifall", result="Bifall",
                           yes=4, no=2)
    actions.do_add_reservation(matter, acting_user=rita, person=ks_board.members[5])
    actions.do_set_recipients(matter, acting_user=rita, recipients=[ksl])
    for person in (ks_board.chair, *ks_board.approvers):
        actions.do_approve_paragraph_at_once(matter, acting_user=person.user, on=D(2013, 11, 26))
    for person in (ks_board.chair, *ks_board.approvers):
        actions.do_approve_minutes(meeting, acting_user=person.user, on=D(2013, 11, 28))
    actions.do_correct_paragraph(matter, acting_user=rita, reason="Skrivfel",
                                 decision="att anta överenskommelsen")
    actions.do_post_minutes(meeting, acting_user=rita, on=D(2013, 11, 29))
    actions.do_issue_extract(matter, acting_user=rita, recipients=[ksl],
                             sent_on=D(2013, 11, 29))

    events = list(Event.objects.filter(seq__gt=before).order_by("seq"))
    assert [e.action for e in events] == [
        "register", "delegation_decision", "write_report", "refer", "plan_meeting",
        "add_agenda_item", "add_agenda_item", "add_agenda_item", "report_delegation",
        "move_agenda_item", "add_agenda_item", "remove_agenda_item", "send_notice",
        *["record_attendance"] * 7, "name_approvers", "mark_held", "draw_up_minutes",
        "write_paragraph", "write_paragraph", "add_proposal", "declare_interest",
        "record_vote", "add_reservation", "set_recipients",
        *["approve_paragraph"] * 3, *["approve_minutes"] * 3, "correct", "post_minutes",
        "register", "issue_extract",
    ]
    assert all(e.actor_name == "rita" or e.action.startswith("approve") for e in events)
    # Events about a case's matter carry the case, so they show in its history.
    for e in events:
        if e.action in ("refer", "write_paragraph", "record_vote", "correct",
                        "issue_extract") and e.object_id in (matter.pk, case.pk) or (
                e.action == "refer"):
            assert e.case_id == case.pk, e.action
    assert delegation.outcome == Paragraph.Outcome.NOTED
    checked, problem = journal.verify()
    assert problem is None and checked == Event.objects.count()


def test_a_refused_action_writes_no_event(ks_body, ks_board, rita):
    meeting = actions.do_plan_meeting(ks_body, acting_user=rita, start=at(2013, 11, 26),
                                      place="Ekerö", minutes_kept_at="Kommunkansliet")
    before = Event.objects.count()
    with pytest.raises(ValidationError):
        actions.do_send_notice(meeting, acting_user=rita, on=D(2013, 11, 19))
    with pytest.raises(ValidationError):
        actions.do_draw_up_minutes(meeting, acting_user=rita)
    with pytest.raises(ValidationError):
        actions.do_approve_minutes(meeting, acting_user=ks_board.chair.user)
    assert Event.objects.count() == before
