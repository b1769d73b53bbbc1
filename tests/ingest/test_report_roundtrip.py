"""Round trip: every officer's report and every meeting's notice of the demo, rendered to
PDF by Kansli (kansli.documents.render), read back and parsed, gives the data it was
rendered from. Besides the demo's report, two more are written on its registered reports
(sections, four signatories in two rows) so that every part of the template is read."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User

import kansli.demo
from kansli.documents import render
from kansli.ingest.recognise import parse
from kansli.ingest.text import read
from kansli.meetings.models import BasisEntry, Meeting, OfficersReport

from .corpus.render_corpus import write_extra_reports

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    kansli.demo.load(cases=0)
    write_extra_reports(User.objects.get(username="registrator"))


def read_back(html: str) -> dict:
    return parse(read(render.to_pdf(html, pdfa=False), "x.pdf").text)


def paragraphs(text: str) -> str:
    """The data's text as the parser gives it: each paragraph one line."""
    return "\n\n".join(" ".join(p.split()) for p in re.split(r"\n\s*\n", text.strip()) if
                       p.strip())


def basis_entry(entry: BasisEntry) -> dict:
    """What the line the template prints for the entry reads as (docs/ingest.md)."""
    if entry.paragraph_id and not entry.label:
        p = entry.paragraph
        return {"title": f"Protokollsutdrag {p.body.name}", "date": f"{p.meeting.day:%Y-%m-%d}",
                "body": p.body.name, "paragraph": p.number, "text": entry.text}
    label = entry.label or entry.document.description
    day = entry.document.document_date or entry.document.received_date
    if not entry.show_date:
        # A label that ends with a date ("…, justerat förslag 2013-05-06") is read as
        # its title and that date.
        dated = re.match(r"^(.*?),?\s+(\d{4}-\d{2}-\d{2})$", label)
        label, day = (dated.group(1), dated.group(2)) if dated else (label, None)
    cited = re.search(r"^Protokollsutdrag (\S+) \d{4}-\d{2}-\d{2} § (\d+)$", label)
    return {"title": label, "date": day if isinstance(day, str) or day is None
            else f"{day:%Y-%m-%d}", "body": cited.group(1) if cited else "",
            "paragraph": int(cited.group(2)) if cited else None, "text": entry.text}


def report_data(report: OfficersReport) -> dict:
    return {
        "kind": "report",
        "organisation": render.letterhead().organisation,
        "body": report.body.name,
        "diary_number": report.document.case.diary_number,
        "title": report.title,
        "proposal": paragraphs(report.proposal),
        "summary": paragraphs(report.summary),
        "sections": [{"heading": s.heading, "text": paragraphs(s.text)}
                     for s in report.sections.all() if s.text.strip()],
        "basis": [basis_entry(e) for e in report.basis.all()],
        "recipients": [{"name": r.party.name, "email": r.party.email} if r.party_id
                       else {"name": r.unit.name, "email": ""} for r in report.recipients.all()],
        "signatories": [{"name": s.name, "title": s.title} for s in report.signatories.all()],
        "problems": [],
    }


def notice_data(meeting: Meeting) -> dict:
    context = render.notice_context(meeting)
    return {
        "kind": "notice",
        "organisation": render.letterhead().organisation,
        "body": meeting.body.name,
        "date": f"{meeting.day:%Y-%m-%d}",
        "time": context["time"],
        "place": meeting.place,
        "items": [{"number": i.position, "heading": " ".join(i.heading.split()),
                   "diary_number": i.case.diary_number if i.case_id else ""}
                  for i in context["items"]],
        "chair": meeting.chair.name if meeting.chair_id else "",
        "secretary": meeting.secretary.name if meeting.secretary_id else "",
        "problems": [],
    }


def test_every_report_read_back_is_the_data_it_was_rendered_from(demo):
    reports = list(OfficersReport.objects.order_by("pk"))
    assert len(reports) >= 2, "the demo's report and an extra one"
    for report in reports:
        got = read_back(render.render_report(render.load_report(report.pk)))
        want = report_data(report)
        assert {k: got[k] for k in want} == want, report.title
        assert got["signatories"], "every report of the demo is signed"


def test_every_notice_read_back_is_the_data_it_was_rendered_from(demo):
    meetings = list(Meeting.objects.select_related("body__organisation", "chair", "secretary")
                    .order_by("start"))
    assert len(meetings) >= 3, "SN, KS and KF handle the reference case"
    for meeting in meetings:
        got = read_back(render.render_notice(render.load_meeting(meeting.pk)))
        want = notice_data(meeting)
        assert {k: got[k] for k in want} == want, str(meeting)
