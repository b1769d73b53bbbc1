"""Seconds per document rendered to PDF/A-2b: the seed officer's report (KS13/250-133)
and minutes of 60 paragraphs, from the data through the HTML templates and WeasyPrint.

    .venv/bin/python bench/render.py [--repeat 5] [--paragraphs 60]

Works on a fresh data directory of its own (var/bench-render/), loaded with the demo's
reference case. Each document is rendered ``--repeat`` times after one warm-up run (the
first run of a process pays for loading fonts and WeasyPrint, reported apart); the
median and the fastest are printed. Goal (issue 4): the report under 1 s, the minutes
under 5 s.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import _setup  # noqa: E402

NAME = "render"
MEMBERS = 15


def seed_report():
    """The officer's report of 2013-11-05: from the demo when it writes the report,
    else written here as the document tests write it."""
    from kansli.diary import demo
    from kansli.meetings.models import OfficersReport

    case = demo.load(0)
    report = OfficersReport.objects.filter(document__case=case,
                                           document__document_date="2013-11-05").first()
    if report is None:
        from tests.documents.conftest import write_seed_report

        setup = demo.ensure_organisation()
        users = demo.ensure_users()
        report = write_seed_report(case, users, setup.units)
    return report


def minutes(paragraphs: int):
    """A KF meeting of 2014-03-17 with ``paragraphs`` items, each a case of its own,
    decided; every fifth with two proposals, an open vote and a reservation."""
    import datetime

    from django.contrib.auth.models import User
    from django.utils import timezone

    from kansli.diary import actions as diary_actions
    from kansli.diary.models import Classification, Series
    from kansli.meetings import actions
    from kansli.meetings.models import Meeting
    from kansli.org.models import Body, Membership, Person, PoliticalParty, Term, Unit

    registrar = User.objects.get(username="registrator")
    kf = Body.objects.get(code="KF")
    org = kf.organisation
    term, _ = Term.objects.get_or_create(organisation=org, name="Bänk 2011–2014", defaults={
        "start": datetime.date(2011, 1, 1), "end": datetime.date(2014, 12, 31)})
    party, _ = PoliticalParty.objects.get_or_create(organisation=org, abbreviation="BP",
                                                    defaults={"name": "Bänkpartiet"})
    people = []
    for i in range(MEMBERS):
        person = Person.objects.create(organisation=org, name=f"Ledamot {i + 1:02d} Bänk")
        Membership.objects.create(body=kf, person=person, term=term, political_party=party,
                                  role="chair" if i == 0 else "member", start=term.start,
                                  end=term.end)
        people.append(person)
    start = timezone.make_aware(datetime.datetime(2014, 3, 17, 18))
    meeting = actions.do_plan_meeting(kf, acting_user=registrar, start=start,
                                      end=start + datetime.timedelta(hours=4),
                                      place="Kommunfullmäktigesalen",
                                      minutes_kept_at="Kommunkansliet",
                                      secretary=people[-1])
    series = Series.objects.get(code="KS")
    klass = Classification.objects.get(code="133")
    unit = Unit.objects.first()
    for i in range(paragraphs):
        case = diary_actions.do_open_case(
            series, acting_user=registrar, classification=klass,
            title=f"Ärende {i + 1} om verksamhetens planering, uppföljning och samverkan "
                  "mellan kommunens nämnder")
        actions.do_add_agenda_item(meeting, acting_user=registrar, heading="", case=case)
    for person in people:
        actions.do_record_attendance(meeting, acting_user=registrar, person=person,
                                     kind="member")
    actions.do_name_approvers(meeting, acting_user=registrar, chair=people[0],
                              approvers=people[1:3])
    actions.do_mark_held(meeting, acting_user=registrar)
    drawn = actions.do_draw_up_minutes(meeting, acting_user=registrar)
    decision = ("Kommunfullmäktige beslutar\n\natt godkänna förslaget i enlighet med "
                "kommunstyrelsens förslag till beslut,\n\natt uppdra åt kommunstyrelsen att "
                "verkställa beslutet och återrapportera till fullmäktige senast vid årets "
                "sista sammanträde.")
    for n, paragraph in enumerate(drawn):
        actions.do_write_paragraph(paragraph, acting_user=registrar, outcome="as_proposed",
                                   decision=decision)
        actions.do_set_recipients(paragraph, acting_user=registrar, recipients=[unit])
        if n % 5 == 0:
            actions.do_add_proposal(paragraph, acting_user=registrar, mover=people[0],
                                    text="Bifall till kommunstyrelsens förslag.",
                                    put_order=1, adopted=True)
            actions.do_add_proposal(paragraph, acting_user=registrar, mover=people[3],
                                    text="Avslag på kommunstyrelsens förslag.", put_order=2)
            ballots = {p: ("no" if k % 4 == 3 else "yes") for k, p in enumerate(people)}
            actions.do_record_vote(paragraph, acting_user=registrar,
                                   question="Bifall mot avslag",
                                   result="Fullmäktige har bifallit kommunstyrelsens förslag.",
                                   ballots=ballots)
            actions.do_add_reservation(paragraph, acting_user=registrar, person=people[3],
                                       text="Till förmån för eget yrkande.")
    return Meeting.objects.get(pk=meeting.pk)


def measure(label: str, work, repeat: int) -> float:
    start = time.perf_counter()
    pdf = work()
    first = time.perf_counter() - start
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        pdf = work()
        times.append(time.perf_counter() - start)
    median = statistics.median(times)
    print(f"{label:<34} {median:6.2f} s median, {min(times):6.2f} s fastest "
          f"(first run {first:.2f} s; {len(pdf) // 1024} KiB)")
    return median


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--paragraphs", type=int, default=60)
    args = parser.parse_args()

    _setup.fresh(NAME)
    from django.db import connection

    from kansli.documents import render

    print("Loading the reference case and the minutes …", flush=True)
    report = seed_report()
    meeting = minutes(args.paragraphs)
    print(f"Database: {connection.vendor}; {args.repeat} runs each after a warm-up.\n")

    def report_pdf():
        return render.to_pdf(render.render_report(render.load_report(report.pk)))

    def minutes_pdf():
        return render.to_pdf(render.render_minutes(render.load_meeting(meeting.pk)))

    def minutes_html():
        return render.render_minutes(render.load_meeting(meeting.pk)).encode()

    report_s = measure("officer's report KS13/250-133", report_pdf, args.repeat)
    minutes_s = measure(f"minutes, {args.paragraphs} paragraphs", minutes_pdf, args.repeat)
    measure("  of which HTML from the data", minutes_html, args.repeat)
    ok = report_s < 1 and minutes_s < 5
    print(f"\nGoal: report < 1 s, minutes < 5 s: {'met' if ok else 'NOT met'}.")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
