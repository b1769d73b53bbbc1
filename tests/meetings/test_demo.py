"""`kansli loaddemo` holds the committee work of the reference case (DESIGN.md §1,
steps 1–6) and work waiting in the interface (kansli.meetings.demo)."""

import datetime
import io

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.utils import timezone

from kansli.diary import journal
from kansli.diary.models import Case, Document
from kansli.meetings import actions
from kansli.meetings.models import Handling, Meeting, Paragraph, Posting
from kansli.org.models import Membership, Person, PoliticalParty, Term
from tests.meetings.test_seed_story import SEED_BASIS, SEED_RECIPIENTS, SEED_SIGNATORIES

pytestmark = pytest.mark.django_db

D = datetime.date


def loaddemo(cases=0):
    out = io.StringIO()
    call_command("loaddemo", cases=cases, verbosity=0, stdout=out)
    return out.getvalue()


def test_the_reference_case_goes_through_sn_ks_and_kf_in_the_demo():
    loaddemo()
    case = Case.objects.get(diary_number="KS13/250-133")
    handlings = list(case.handlings.all())
    assert [(h.body.code, h.role, h.meeting.day, h.result) for h in handlings] == [
        ("SN", Handling.Role.OPINION, D(2013, 9, 25), Paragraph.Outcome.AS_PROPOSED),
        ("KS", Handling.Role.PREPARATION, D(2013, 11, 26), Paragraph.Outcome.AS_PROPOSED),
        ("KF", Handling.Role.DECISION, D(2013, 12, 16), Paragraph.Outcome.AS_PROPOSED),
    ]
    sn, ks, kf = (h.paragraph for h in handlings)
    assert sn.citation == "Socialnämnden 2013-09-25 § 130"
    assert kf.decision.startswith("att anta överenskommelse")
    assert case.status == Case.Status.DECIDED

    # The officer's report of 2013-11-05 reads as the seed, its basis linked.
    report = case.documents.get(number=6).report
    assert [entry.text for entry in report.basis.all()] == SEED_BASIS
    assert report.basis.all()[2].paragraph == sn
    assert [r.text for r in report.recipients.all()] == SEED_RECIPIENTS
    assert [(s.name, s.title) for s in report.signatories.all()] == SEED_SIGNATORIES
    assert [r.text for r in kf.recipients.all()] == SEED_RECIPIENTS

    # KF announced a week before, approved and posted on 18 December; appeal window.
    kf_meeting = kf.meeting
    announcement = kf_meeting.postings.get(kind=Posting.Kind.ANNOUNCEMENT)
    assert announcement.posted_on <= D(2013, 12, 9)
    posting = kf_meeting.postings.get(kind=Posting.Kind.APPROVAL)
    assert (posting.approved_on, posting.posted_on, posting.appeal_last_day,
            posting.late) == (D(2013, 12, 18), D(2013, 12, 18), D(2014, 1, 8), False)
    assert {m.status for m in Meeting.objects.filter(start__year=2013)} == {
        Meeting.Status.POSTED}

    # The extract went to KSL and Socialkontoret before the 19th.
    extract = case.documents.get(doc_type=Document.Type.EXTRACT,
                                 direction=Document.Direction.OUTGOING)
    assert extract.description == f"Protokollsutdrag {kf.citation}"
    assert extract.received_date < D(2013, 12, 19)
    assert [link.party.email for link in extract.party_links.all()] == ["registrator@ksl.se"]
    assert [link.unit.name for link in extract.unit_links.all()] == ["Socialkontoret"]
    assert journal.verify()[1] is None


def test_the_bodies_have_members_of_the_eight_parties_for_both_terms():
    loaddemo()
    assert set(PoliticalParty.objects.values_list("abbreviation", flat=True)) == {
        "S", "M", "C", "L", "KD", "V", "MP", "SD"}
    today = timezone.localdate()
    old, current = Term.objects.get(name="2011–2014"), Term.objects.get(start__lte=today,
                                                                        end__gte=today)
    for term in (old, current):
        for code in ("KF", "KS", "SN"):
            seats = Membership.objects.filter(term=term, body__code=code)
            assert seats.filter(role=Membership.Role.CHAIR).count() == 1
            assert seats.filter(role=Membership.Role.SUBSTITUTE).exists()
            assert seats.exclude(role=Membership.Role.SUBSTITUTE).count() >= 7
    names = list(Person.objects.values_list("name", flat=True))
    assert len(names) == len(set(names))


def test_demo_chairs_and_approvers_log_in_and_approve_last_weeks_minutes():
    output = loaddemo(cases=40)
    ksordf, justerare = (User.objects.get(username=u) for u in ("ksordf", "justerare"))
    assert "ksordf " in output and "kansli-justerare" in output
    waiting = Meeting.objects.get(status=Meeting.Status.HELD)
    assert waiting.body.code == "KS" and waiting.minutes_drawn_up_at is not None
    assert [a.person.user for a in waiting.approvers.all()] == [ksordf, justerare]
    assert waiting.paragraphs.filter(case__isnull=False).exists()
    # Both approve, as they would in the interface.
    for user in (ksordf, justerare):
        waiting = actions.do_approve_minutes(waiting, acting_user=user)
    assert waiting.approved_on == timezone.localdate()


def test_each_body_has_an_upcoming_meeting_with_made_up_cases_on_the_agenda():
    loaddemo(cases=40)
    upcoming = Meeting.objects.filter(start__gt=timezone.now())
    assert sorted(m.body.code for m in upcoming) == ["KF", "KS", "SN"]
    for meeting in upcoming:
        assert meeting.agenda.count() >= 3
        assert meeting.agenda.filter(case__isnull=False).exists()
    assert upcoming.get(body__code="KF").postings.filter(
        kind=Posting.Kind.ANNOUNCEMENT).exists()


def test_loading_the_demo_again_adds_no_meetings():
    loaddemo()
    counts = [m.objects.count() for m in (Meeting, Paragraph, Person, Membership)]
    assert "already loaded" in loaddemo()
    assert [m.objects.count() for m in (Meeting, Paragraph, Person, Membership)] == counts
