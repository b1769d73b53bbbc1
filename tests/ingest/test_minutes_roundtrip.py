"""Round trip over the demo: every minutes and every extract Kansli renders, as PDF, read
back (kansli.ingest.text), recognised for what it is (kansli.ingest.recognise) and parsed
(kansli.ingest.minutes), gives the data it was rendered from."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.utils import translation

from kansli.documents import render
from kansli.ingest import text
from kansli.ingest.minutes import parse_extract, parse_minutes
from kansli.ingest.recognise import recognise
from kansli.meetings import actions
from kansli.meetings.models import Attendance, Meeting, Paragraph, Posting
from kansli.org.models import Membership, Person, Unit
from tests.conftest import rolled_back

# The mark has the test database set up (and the module's fixture uses it).
pytestmark = pytest.mark.django_db


def one_line(value: str) -> str:
    return " ".join((value or "").split())


def paragraph_data(p: Paragraph) -> dict:
    decision = p.decision.strip() or render.OUTCOME_SENTENCES.get(p.outcome, "")
    return {"number": p.number, "diary_number": p.case.diary_number if p.case else "",
            "heading": one_line(p.heading), "decision": one_line(decision),
            "secret": bool(p.secrecy_ground)}


def minutes_data(meeting: Meeting) -> dict:
    """What the minutes were rendered from, in the parser's fields."""
    attendance = list(meeting.attendance.select_related("person"))
    approvers = list(meeting.approvers.select_related("person"))
    chair = next((a.person.name for a in approvers if a.is_chair), None) or (
        meeting.chair.name if meeting.chair else "")
    numbers = sorted(meeting.paragraphs.values_list("number", flat=True))
    posting = meeting.postings.filter(kind=Posting.Kind.APPROVAL).first()
    approved = meeting.approved_on is not None
    return {
        "organisation": render.letterhead().organisation,
        "body": meeting.body.name,
        "meeting_date": meeting.day.isoformat(),
        "place": meeting.place,
        "time": render._time_span(meeting),
        "deciding": sorted(a.person.name for a in attendance if a.decides),
        "others": sorted(a.person.name for a in attendance if not a.decides),
        "approvers": [a.person.name for a in approvers if not a.is_chair],
        "approval_place_time": meeting.approval_place_time,
        "approved_on": meeting.approved_on.isoformat() if approved else None,
        "paragraph_range": [numbers[0], numbers[-1]] if numbers else [],
        "paragraphs": [paragraph_data(p) for p in meeting.paragraphs.select_related("case")
                       .order_by("number")],
        "posted_on": posting.posted_on.isoformat() if posting else None,
        "taken_down_on": posting.taken_down_on.isoformat() if posting else None,
        "appeal_last_day": (posting.appeal_last_day.isoformat()
                            if posting and posting.appeal_last_day else None),
        "kept_at": ((posting.minutes_kept_at if posting else meeting.minutes_kept_at)
                    if approved else ""),
        "secretary": meeting.secretary.name if meeting.secretary else "",
        "chair": chair,
    }


def extract_data(p: Paragraph) -> dict:
    meeting = p.meeting
    return {
        "organisation": render.letterhead().organisation,
        "body": meeting.body.name,
        "meeting_date": meeting.day.isoformat(),
        "approved_on": p.approved_on.isoformat() if p.approved_on else None,
        "paragraphs": [paragraph_data(p)],
        "certified_by": meeting.secretary.name if meeting.secretary else "",
    }


def write_in_full(meeting: Meeting) -> Meeting:
    """The demo's minutes waiting for approval, written with everything the minutes can
    show — others present, a substitute who does not serve, proposals, the order they
    were put, a vote with its ballots, a declaration of interest, a reservation, a
    decision of several paragraphs, recipients, a paragraph approved at once — then
    approved and posted."""
    secretary = meeting.secretary.user
    day = meeting.day
    present = {a.person_id for a in meeting.attendance.all()}
    substitute = (Membership.objects.filter(body=meeting.body, start__lte=day, end__gte=day,
                                            role=Membership.Role.SUBSTITUTE)
                  .exclude(person__in=present).select_related("person").first())
    if substitute:
        actions.do_record_attendance(meeting, acting_user=secretary, person=substitute.person,
                                     kind=Attendance.Kind.SUBSTITUTE)
    chief = Person.objects.get(name="Ann-Cathrine Bergström")
    actions.do_record_attendance(meeting, acting_user=secretary, person=chief,
                                 kind=Attendance.Kind.OTHER, note="kanslichef")
    deciding = [a.person for a in meeting.attendance.select_related("person")
                .order_by("person__name") if a.decides]
    approvers = [a.person for a in meeting.approvers.select_related("person")]
    mover, opponent, recused = [p for p in deciding if p not in approvers][:3]
    paragraphs = list(meeting.paragraphs.order_by("number"))
    full = paragraphs[-1]
    actions.do_add_proposal(full, acting_user=secretary, mover=mover,
                            text="Bifall till förslaget.", put_order=1, adopted=True)
    actions.do_add_proposal(full, acting_user=secretary, mover=opponent, text="Avslag.",
                            put_order=2)
    actions.do_declare_interest(full, acting_user=secretary, person=recused)
    voters = [p for p in deciding if p != recused]
    actions.do_record_vote(full, acting_user=secretary, question="Bifall eller avslag",
                           result="Kommunstyrelsen har bifallit förslaget.",
                           ballots={p: "no" if p == opponent else "yes" for p in voters})
    actions.do_add_reservation(full, acting_user=secretary, person=opponent,
                               text="Till förmån för eget yrkande.")
    actions.do_write_paragraph(
        full, acting_user=secretary, outcome="as_proposed",
        decision="Kommunstyrelsen beslutar\n\natt bifalla förslaget, samt\n\natt uppdra åt "
                 "kommundirektören att återkomma med en uppföljning av upphandlingen senast "
                 "i december nästa år.\n\nBeslutet gäller från och med den 1 januari.")
    actions.do_set_recipients(full, acting_user=secretary,
                              recipients=list(Unit.objects.filter(name="Socialkontoret")))
    at_once = paragraphs[-2]
    actions.do_write_paragraph(at_once, acting_user=secretary, outcome="as_proposed",
                               decision="att anta överenskommelsen")
    # No action sets a paragraph's secrecy (it is set where the case is secret): the
    # minutes then show the ground under the heading.
    at_once.secrecy_ground = "OSL 26 kap. 1 §"
    at_once.save(update_fields=["secrecy_ground"])
    for person in approvers:
        actions.do_approve_paragraph_at_once(at_once, acting_user=person.user, on=day)
    for person in approvers:
        meeting = actions.do_approve_minutes(meeting, acting_user=person.user, on=day)
    actions.do_post_minutes(meeting, acting_user=secretary, on=meeting.approved_on)
    return Meeting.objects.select_related("body", "secretary", "chair").get(pk=meeting.pk)


def read_back(html: str, kind: str) -> str:
    """The PDF of the page as the import reads it; the import takes it for ``kind``."""
    read = text.read(render.to_pdf(html, pdfa=False), "x.pdf").text
    assert recognise(read) == kind
    return read


def comparable(parsed: dict, keys) -> dict:
    """The parse in the shape of the data: lists of people sorted (the front page puts
    the chair first), paragraphs of text joined into one line."""
    out = {key: parsed[key] for key in keys}
    for key in ("deciding", "others"):
        if key in out:
            out[key] = sorted(out[key])
    if "paragraphs" in out:
        out["paragraphs"] = [dict(p, heading=one_line(p["heading"]),
                                  decision=one_line(p["decision"]))
                             for p in out["paragraphs"]]
    return out


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo loaded once; each drawn-up meeting's minutes and each paragraph's extract
    rendered to PDF, read back and parsed, beside the data they came from."""
    with django_db_blocker.unblock(), rolled_back(), translation.override("sv"):
        # A few made-up cases: the minutes waiting for approval take two of them.
        call_command("loaddemo", cases=8, verbosity=0)
        minutes, extracts = [], []
        for meeting in (Meeting.objects.filter(minutes_drawn_up_at__isnull=False)
                        .select_related("body", "secretary", "chair").order_by("start")):
            parsed = parse_minutes(read_back(render.render_minutes(meeting), "minutes"))
            minutes.append((f"{meeting.body.code} {meeting.day}", minutes_data(meeting),
                            parsed))
        for paragraph in (Paragraph.objects.filter(meeting__minutes_drawn_up_at__isnull=False)
                          .select_related("meeting__body", "meeting__secretary", "case")
                          .order_by("meeting__start", "number")):
            parsed = parse_extract(read_back(render.render_extract(
                render.load_paragraph(paragraph.pk)), "extract"))
            extracts.append((paragraph.citation, extract_data(paragraph), parsed))
        # The same again for minutes that show everything they can.
        waiting = (Meeting.objects.filter(minutes_drawn_up_at__isnull=False,
                                          approved_on__isnull=True).order_by("start").last())
        full = write_in_full(waiting)
        parsed = parse_minutes(read_back(render.render_minutes(full), "minutes"))
        minutes.append((f"{full.body.code} {full.day} in full", minutes_data(full), parsed))
        for paragraph in full.paragraphs.select_related("meeting__body", "case"):
            parsed = parse_extract(read_back(render.render_extract(
                render.load_paragraph(paragraph.pk)), "extract"))
            extracts.append((f"{paragraph.citation} in full", extract_data(paragraph),
                             parsed))
        serving = Attendance.objects.filter(kind=Attendance.Kind.SERVING,
                                            meeting__minutes_drawn_up_at__isnull=False)
        yield minutes, extracts, serving.count()


def test_the_demo_has_minutes_and_extracts_to_read_back(demo):
    minutes, extracts, serving = demo
    assert len(minutes) >= 5
    assert len(extracts) == sum(len(data["paragraphs"]) for _n, data, _p in minutes)
    # What the front pages show: serving substitutes (whose absent members must not be
    # read as present), approved and draft minutes, paragraphs with and without a case.
    assert serving > 0
    assert any(data["approved_on"] for _name, data, _parsed in minutes)
    assert any(not data["approved_on"] for _name, data, _parsed in minutes)
    full = next(data for name, data, _parsed in minutes if name.endswith("in full"))
    assert any(p["diary_number"] for p in full["paragraphs"]) and full["others"]
    assert any(p["secret"] for p in full["paragraphs"])
    paragraphs = [p for _name, data, _parsed in minutes for p in data["paragraphs"]]
    assert any(p["diary_number"] for p in paragraphs)
    assert any(not p["diary_number"] for p in paragraphs)


def test_minutes_read_back_as_rendered(demo):
    for name, data, parsed in demo[0]:
        assert comparable(parsed, data) == data, name


def test_extracts_read_back_as_rendered(demo):
    for name, data, parsed in demo[1]:
        assert comparable(parsed, data) == data, name


def test_approved_minutes_and_extracts_read_back_without_problems(demo):
    """Only a draft (not approved) says so; everything else is read."""
    for name, data, parsed in demo[0] + demo[1]:
        if data["approved_on"] or "paragraph_range" not in data:
            assert parsed["problems"] == [], name
        else:
            assert parsed["problems"] == ["Protokollet är ett utkast och inte justerat."], name
