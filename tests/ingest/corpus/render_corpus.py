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


# Other municipalities' templates: the same kinds of document laid out otherwise (a
# header table, running headers and footers with page numbers, justified and hyphenated
# text, bullets, a two-column signature), rendered with WeasyPrint from HTML written here.

PAGE_STYLE = """
@page { size: A4; margin: 30mm 20mm 25mm 25mm;
  @top-left { content: "Täby kommun"; font-size: 9pt; }
  @top-right { content: "Sida " counter(page) " (" counter(pages) ")"; font-size: 9pt; }
  @bottom-center { content: "Täby kommun, 183 80 Täby, Telefon 08-555 590 00, www.taby.se";
                   font-size: 8pt; } }
body { font-family: "DejaVu Serif", serif; font-size: 11pt; }
p { text-align: justify; hyphens: auto; margin: 0 0 3mm; }
h1 { font-size: 15pt; } h2 { font-size: 12pt; margin: 6mm 0 1mm; }
table.head td { padding-right: 14mm; vertical-align: top; }
table.sign { margin-top: 15mm; } table.sign td { width: 60mm; }
"""

REPORT_HTML = """<!DOCTYPE html><html lang="sv"><head><meta charset="utf-8">
<style>{style}</style></head><body>
<table class="head"><tr><td><b>TJÄNSTESKRIVELSE</b><br>Stadsbyggnadskontoret</td>
<td>Datum<br>2020-03-02</td><td>Diarienummer<br>KS 2020/0114</td></tr>
<tr><td>Handläggare<br>Jonas Wik<br>jonas.wik@taby.se</td><td></td><td></td></tr></table>
<p style="margin-top:10mm">Kommunstyrelsens planeringsutskott</p>
<h1>Planuppdrag för bostäder vid Roslags-Näsby trafikplats</h1>
<h2>Förslag till beslut</h2>
<p>Planeringsutskottet ger stadsbyggnadskontoret i uppdrag att upprätta förslag till
detaljplan för bostäder och verksamheter vid Roslags-Näsby trafikplats.</p>
<h2>Sammanfattning</h2>
{summary}
<h2>Ärendet</h2>
{case}
<h2>Ekonomiska konsekvenser</h2>
<p>Planarbetet bekostas genom planavtal med exploatören.</p>
<h2>Beslutsunderlag</h2>
<ul>
<li>Tjänsteskrivelse stadsbyggnadskontoret, 2020-03-02</li>
<li>Ansökan om planbesked från Roslagsbostäder AB med bilagor och illustrationer av
föreslagen bebyggelse, 2019-11-18</li>
<li>Protokollsutdrag Kommunstyrelsens planeringsutskott 2019-12-09 § 41</li>
</ul>
<h2>Beslutet skickas till</h2>
<p>Roslagsbostäder AB (info@roslagsbostader.se)<br>Stadsbyggnadskontoret</p>
<table class="sign"><tr><td>Helena Sandberg</td><td>Jonas Wik</td></tr>
<tr><td>Stadsbyggnadsdirektör</td><td>Planarkitekt</td></tr></table>
</body></html>"""

SUMMARY = ("Roslagsbostäder AB har ansökt om planbesked för att pröva bostäder och "
           "verksamheter på fastigheten Näsby 4:1470 vid Roslags-Näsby trafikplats. "
           "Kommunstyrelsens planeringsutskott lämnade ett positivt planbesked i december "
           "2019. Planarbetet bedöms kunna påbörjas under våren 2020 och planen beräknas "
           "kunna antas under 2021.",
           "Området pekas i översiktsplanen ut som lämpligt för en blandad stadsbebyggelse "
           "med goda kommunikationer. Den nya bebyggelsen ska utformas med hänsyn till "
           "bullret från trafikplatsen och till den befintliga stationsmiljön.")
CASE = ("Planarbetet ska bedrivas med standardförfarande. Stadsbyggnadskontoret bedömer "
        "att planen inte medför betydande miljöpåverkan, men en bullerutredning och en "
        "dagvattenutredning behöver tas fram tidigt i arbetet.",
        "Samråd planeras till hösten 2020.")

NOTICE_HTML = """<!DOCTYPE html><html lang="sv"><head><meta charset="utf-8">
<style>{style} table.agenda td {{ vertical-align: top; padding: 1mm 3mm 2mm 0; }}</style>
</head><body>
<h1>Kallelse</h1>
<p>Byggnadsnämnden kallas till sammanträde</p>
<p>Datum: måndagen den 16 mars 2020<br>Tid: kl. 17.30<br>Plats: Kommunhuset, sal Tibble</p>
<h2>Föredragningslista</h2>
<table class="agenda">
<tr><td>1.</td><td>Val av justerare och tid för justering</td><td></td></tr>
<tr><td>2.</td><td>Detaljplan för Roslags-Näsby trafikplats, information om
planarbetets inriktning och tidplan</td><td>Dnr BN 2020/0114</td></tr>
<tr><td>3.</td><td>Bygglov för nybyggnad av flerbostadshus på fastigheten Näsby 4:1470</td>
<td>Dnr BN 2019/2231</td></tr>
<tr><td>4.</td><td>Anmälan av delegationsbeslut</td><td></td></tr>
</table>
<table class="sign"><tr><td>Anders Lind</td><td>Maja Forsberg</td></tr>
<tr><td>Ordförande</td><td>Sekreterare</td></tr></table>
</body></html>"""


def paragraphs_html(texts) -> str:
    return "".join(f"<p>{text}</p>" for text in texts)


def render_other_templates() -> None:
    import weasyprint

    report = REPORT_HTML.format(style=PAGE_STYLE, summary=paragraphs_html(SUMMARY * 3),
                                case=paragraphs_html(CASE))
    notice = NOTICE_HTML.format(style=PAGE_STYLE)
    for name, html in (("report-other-template-taby-ks-2020-0114", report),
                       ("notice-other-template-taby-bn-2020-03-16", notice)):
        (FOLDER / f"{name}.pdf").write_bytes(weasyprint.HTML(string=html).write_pdf())
