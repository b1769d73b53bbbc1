"""Follow-up: periods, reports per party and period, corrections that supersede, and
the coordinator's overview (docs/agreements.md, rules 5–9)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from kansli.agreements import actions
from kansli.agreements.followup import current_reports, overview
from kansli.agreements.models import FollowUpReport
from kansli.diary import journal
from kansli.diary.models import Event
from kansli.handling.models import Deadline
from tests.agreements.conftest import build, entries

pytestmark = pytest.mark.django_db

D = datetime.date


FEB_10 = D(2015, 2, 10)


def submit(w, party, on=FEB_10, status="active", **kwargs):
    return actions.do_submit_report(w.period, party, acting_user=w.rita, submitted_on=on,
                                    entries=entries(w.period, status), **kwargs)


@pytest.fixture
def w(world, rita):
    world.rita = rita
    return world


def test_a_period_kept_in_a_case_has_a_deadline_for_the_reports(w, olle):
    deadline = w.period.deadline
    assert (deadline.due, deadline.kind, deadline.case) == (
        D(2015, 2, 27), Deadline.Kind.EXTERNAL, w.case)
    assert "2014" in deadline.description


def test_a_period_without_a_case_has_no_deadline(rita):
    agreement = actions.do_create_agreement(acting_user=rita, title="Avtal")
    version = actions.do_add_version(agreement, acting_user=rita, label="1",
                                     areas=[("adults", "SFI")])
    period = actions.do_open_period(agreement, acting_user=rita, label="2014",
                                    start=D(2014, 1, 1), end=D(2014, 12, 31),
                                    reports_due=D(2015, 2, 1))
    assert period.deadline is None and period.version == version


def test_periods_are_named_once_do_not_overlap_and_end_after_they_start(w, rita):
    with pytest.raises(ValidationError, match="already has a period 2014"):
        actions.do_open_period(w.agreement, acting_user=rita, label="2014",
                               start=D(2016, 1, 1), end=D(2016, 12, 31))
    with pytest.raises(ValidationError, match="overlaps"):
        actions.do_open_period(w.agreement, acting_user=rita, label="2014–2015",
                               start=D(2014, 7, 1), end=D(2015, 6, 30))
    with pytest.raises(ValidationError, match="ends before it starts"):
        actions.do_open_period(w.agreement, acting_user=rita, label="2015",
                               start=D(2015, 12, 31), end=D(2015, 1, 1))


def test_a_period_follows_up_a_version_with_areas(w, rita):
    with pytest.raises(ValidationError, match="no areas"):
        actions.do_open_period(w.agreement, acting_user=rita, label="2010", version=w.first,
                               start=D(2010, 1, 1), end=D(2010, 12, 31))


def test_a_report_answers_each_area_with_a_status_and_text(w):
    report = submit(w, w.parties[0], text="Gott samarbete", reported_by="Anna, Botkyrka")
    assert [(e.area.name, e.status) for e in report.entries.all()] == [
        (name, "active") for _g, name in
        [(a.target_group, a.name) for a in w.version.areas.order_by("order")]]
    event = Event.objects.get(action="agreement.report")
    assert event.case == w.case and event.data["party"] == w.parties[0].pk
    assert journal.verify()[1] is None


def test_a_party_that_is_not_a_party_cannot_report(w, rita):
    from kansli.diary import actions as diary_actions

    outsider = diary_actions.do_create_party(acting_user=rita, kind="organisation",
                                             name="Uppsala kommun")
    with pytest.raises(ValidationError, match="Uppsala kommun is not a party"):
        submit(w, outsider)


def test_a_party_that_did_not_adopt_the_version_does_not_report(rita, case):
    w = build(rita, case, 2, adopt=False)
    w.rita = rita
    actions.do_record_adoption(w.version, w.parties[1], acting_user=rita, decision="declined",
                               body="Kommunstyrelsen", decided_on=D(2013, 11, 4))
    for party in w.parties:
        with pytest.raises(ValidationError, match="has not adopted"):
            submit(w, party)


def test_a_report_on_an_area_not_in_the_agreement_is_refused(w, rita):
    other = actions.do_add_version(w.agreement, acting_user=rita, label="2016",
                                   areas=[("adults", "Bostäder")])
    stray = other.areas.get()
    with pytest.raises(ValidationError, match="Bostäder is not an area of version"):
        actions.do_submit_report(w.period, w.parties[0], acting_user=rita,
                                 submitted_on=D(2015, 2, 1),
                                 entries=entries(w.period) + [(stray, "active", "")])


def test_a_report_answers_every_area_once_with_a_known_status(w, rita):
    answers = entries(w.period)
    with pytest.raises(ValidationError, match="says nothing about Hälsofrågor"):
        actions.do_submit_report(w.period, w.parties[0], acting_user=rita,
                                 submitted_on=D(2015, 2, 1),
                                 entries=[a for a in answers if a[0].name != "Hälsofrågor"])
    with pytest.raises(ValidationError, match="twice"):
        actions.do_submit_report(w.period, w.parties[0], acting_user=rita,
                                 submitted_on=D(2015, 2, 1), entries=answers + answers[:1])
    with pytest.raises(ValidationError, match="Not a status"):
        actions.do_submit_report(w.period, w.parties[0], acting_user=rita,
                                 submitted_on=D(2015, 2, 1), entries=entries(w.period, "good"))
    assert not FollowUpReport.objects.exists()


def test_a_report_outside_the_period_is_refused(w):
    with pytest.raises(ValidationError, match="before the period starts"):
        submit(w, w.parties[0], on=D(2013, 12, 31))
    with pytest.raises(ValidationError, match="in the future"):
        submit(w, w.parties[0], on=datetime.date.today() + datetime.timedelta(days=2))


def test_one_report_per_party_and_period_a_second_is_a_correction(w):
    submit(w, w.parties[0])
    with pytest.raises(ValidationError, match="already reported for 2014"):
        submit(w, w.parties[0])
    # The database holds the rule too.
    first = FollowUpReport.objects.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        FollowUpReport.objects.create(period=w.period, member=first.member,
                                      submitted_on=D(2015, 2, 1), recorded_at=first.recorded_at)


def test_a_correction_supersedes_and_the_corrected_report_stays_as_it_was(w, rita):
    first = submit(w, w.parties[0], status="planned", text="Första")
    corrected = actions.do_correct_report(
        first, acting_user=rita, reason="Fel status för modersmål", submitted_on=D(2015, 3, 2),
        entries=entries(w.period, "active"), text="Rättad")
    first.refresh_from_db()
    assert first.text == "Första"
    assert set(first.entries.values_list("status", flat=True)) == {"planned"}
    assert corrected.supersedes == first and corrected.correction_reason.startswith("Fel")
    assert list(current_reports(w.period)) == [corrected]
    event = Event.objects.get(action="agreement.correct_report")
    assert event.data["supersedes"] == first.pk and event.data["reason"].startswith("Fel")


def test_a_correction_needs_a_reason_and_corrects_the_current_report(w, rita):
    first = submit(w, w.parties[0])
    with pytest.raises(ValidationError, match="reason"):
        actions.do_correct_report(first, acting_user=rita, reason=" ",
                                  submitted_on=D(2015, 3, 2), entries=entries(w.period))
    actions.do_correct_report(first, acting_user=rita, reason="Rättelse",
                              submitted_on=D(2015, 3, 2), entries=entries(w.period))
    with pytest.raises(ValidationError, match="already corrected"):
        actions.do_correct_report(first, acting_user=rita, reason="Igen",
                                  submitted_on=D(2015, 3, 3), entries=entries(w.period))
    with pytest.raises(ValidationError, match="dated before"):
        actions.do_correct_report(first.superseded_by, acting_user=rita, reason="Igen",
                                  submitted_on=D(2015, 2, 1), entries=entries(w.period))


def test_the_overview_counts_activity_per_area_and_names_who_has_not_reported(w, rita):
    submit(w, w.parties[0], status="active")
    submit(w, w.parties[1], status="planned")
    answers = [(a, "none" if a.name == "Hälsofrågor" else "active", "x")
               for a, _s, _t in entries(w.period)]
    actions.do_submit_report(w.period, w.parties[2], acting_user=rita,
                             submitted_on=D(2015, 2, 1), entries=answers)
    view = overview(w.period)
    counts = {s.area.name: (s.counts.get("active", 0), s.counts.get("planned", 0),
                            s.counts.get("none", 0)) for s in view.areas}
    assert counts["Hälsofrågor"] == (1, 1, 1)
    assert counts["Modersmålsundervisning"] == (2, 1, 0)
    assert {r.name for r in view.missing} == {p.name for p in w.parties[3:]}
    health = next(s for s in view.areas if s.area.name == "Hälsofrågor")
    assert {t["party"] for t in health.texts} == {p.name for p in w.parties[:3]}


def test_a_corrected_report_counts_once_with_what_it_says_now(w, rita):
    first = submit(w, w.parties[0], status="none")
    actions.do_correct_report(first, acting_user=rita, reason="Rättelse",
                              submitted_on=D(2015, 3, 2), entries=entries(w.period, "active"))
    view = overview(w.period)
    assert all(s.counts == {"active": 1} for s in view.areas)
    assert len(view.reported) == 1


def test_compiling_keeps_the_overview_as_it_was_and_meets_the_deadline(w, rita):
    submit(w, w.parties[0])
    compilation = actions.do_compile_overview(w.period, acting_user=rita,
                                              compiled_on=D(2015, 3, 16))
    w.period.deadline.refresh_from_db()
    assert (w.period.deadline.status, w.period.deadline.closed_on) == ("met",
                                                                        D(2015, 3, 16))
    submit(w, w.parties[1])
    compilation.refresh_from_db()
    assert [r["party"] for r in compilation.data["reported"]] == [w.parties[0].name]
    assert len(compilation.data["missing"]) == 4
    # Compiled again: a new compilation; the first stays.
    again = actions.do_compile_overview(w.period, acting_user=rita)
    assert len(again.data["reported"]) == 2
    assert Event.objects.filter(action="agreement.compile").count() == 2


def test_nothing_to_compile_before_anyone_reports(w, rita):
    with pytest.raises(ValidationError, match="No party has reported"):
        actions.do_compile_overview(w.period, acting_user=rita)

