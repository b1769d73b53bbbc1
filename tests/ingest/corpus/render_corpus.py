"""The rendered part of the annotated corpus: officer's reports and notices of the demo,
rendered to PDF by Kansli itself. Also used by the round-trip test, which writes the same
extra reports.

Regenerate (the expected files are checked by hand, not written here)::

    KANSLI_DATA_DIR=/tmp/corpus .venv/bin/kansli migrate
    KANSLI_DATA_DIR=/tmp/corpus .venv/bin/kansli loaddemo --cases 20
    KANSLI_DATA_DIR=/tmp/corpus .venv/bin/kansli shell -c \
        "from tests.ingest.corpus.render_corpus import main; main()"
"""

from __future__ import annotations

from pathlib import Path

FOLDER = Path(__file__).resolve().parent

# Extra reports written on registered officer's reports of the demo that have no
# structure: (case, document date) → what the report says. Sections, several signatories
# (more than a row of three) and recipients with and without e-mail.
EXTRA_REPORTS = {
    ("KS13/250-133", "2013-08-29"): {
        "body": "SN",
        "title": "Yttrande över överenskommelse om samverkan kring nyanlända",
        "proposal": "Socialnämnden tillstyrker överenskommelsen om samverkan mellan "
                    "kommuner i Stockholms län gällande nyanlända.",
        "summary": "KSL har tagit fram en reviderad överenskommelse om samverkan kring "
                   "nyanlända. Socialnämnden har ombetts att yttra sig.\n\n"
                   "Socialkontoret ser positivt på ett utökat samarbete i länet.",
        "sections": [
            ("Bakgrund", "Sedan 2009 finns en överenskommelse mellan länets kommuner. "
                         "Etableringsreformen ändrade kommunernas ansvar i december 2010."),
            ("Ekonomiska konsekvenser", "Överenskommelsen medför inga direkta kostnader "
                                        "för nämnden."),
        ],
        "signatories": [("Karin Sandberg", "Socialchef"), ("Per Lundqvist", "Enhetschef"),
                        ("Lena Åberg", "Utredare"), ("Andreas Halvarsson",
                                                     "Nämndsekreterare")],
    },
    ("KS23/3-134", "2023-09-17"): {
        "body": "KS",
        "title": "Yttrande över betänkandet Hållbar socialtjänst – en ny socialtjänstlag",
        "proposal": "Kommunstyrelsen beslutar att avge yttrande i enlighet med "
                    "kommunkansliets förslag.",
        "summary": "Regeringen har remitterat betänkandet till kommunen.",
        "sections": [
            ("Ärendet", "Betänkandet föreslår en ny socialtjänstlag som ska träda i kraft "
                        "2025.\n\nKommunkansliet har samrått med socialkontoret."),
            ("Förvaltningens bedömning", "Förslagen är i huvudsak väl avvägda."),
        ],
        "signatories": [("Ann-Cathrine Bergström", "Kanslichef")],
    },
}


def write_extra_reports(registrar) -> list:
    """Write the extra reports on those of their documents the database holds."""
    from kansli.diary.models import Document, Party
    from kansli.meetings import actions
    from kansli.org.models import Body, Unit

    written = []
    for (number, day), spec in EXTRA_REPORTS.items():
        document = (Document.objects.filter(case__diary_number=number, document_date=day,
                                            doc_type=Document.Type.OFFICERS_REPORT,
                                            report__isnull=True).first())
        if document is None:
            continue
        others = list(document.case.documents.exclude(pk=document.pk)
                      .filter(document_date__isnull=False).order_by("document_date")[:3])
        recipients = list(Party.objects.exclude(email="").order_by("pk")[:1])
        recipients += list(Unit.objects.order_by("pk")[:1])
        written.append(actions.do_write_report(
            document, acting_user=registrar, body=Body.objects.get(code=spec["body"]),
            title=spec["title"], proposal=spec["proposal"], summary=spec["summary"],
            sections=spec["sections"], basis=[{"document": d} for d in others],
            recipients=recipients, signatories=spec["signatories"]))
    return written


def main() -> None:
    from django.contrib.auth.models import User

    from kansli.documents import render
    from kansli.meetings.models import Meeting, OfficersReport

    write_extra_reports(User.objects.get(username="registrator"))
    for report in OfficersReport.objects.order_by("pk"):
        number = report.document.case.diary_number.replace("/", "-")
        name = f"report-rendered-{number}-{report.document.document_date:%Y-%m-%d}.pdf"
        html = render.render_report(render.load_report(report.pk))
        (FOLDER / name).write_bytes(render.to_pdf(html, pdfa=False))
    for meeting in Meeting.objects.order_by("start"):
        name = f"notice-rendered-{meeting.body.code}-{meeting.day:%Y-%m-%d}.pdf"
        html = render.render_notice(render.load_meeting(meeting.pk))
        (FOLDER / name).write_bytes(render.to_pdf(html, pdfa=False))
