"""The notice, the minutes and the extract rendered from the data; missing data leaves
a section out of the PDF and shows a placeholder in the staff preview, never a crash."""

from __future__ import annotations

import io

import pypdf
import pytest

from kansli.diary import demo
from kansli.documents import render
from kansli.meetings import actions
from kansli.meetings.models import Meeting
from kansli.org.models import Body

from .conftest import _at, approve_all, normalise, pdf_text


def text_of(pdf: bytes) -> str:
    return normalise(pdf_text(pdf))


def is_pdf_a_2b(pdf: bytes) -> bool:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    return "pdfaid:part" in xmp and ("<pdfaid:part>2</pdfaid:part>" in xmp
                                     or 'pdfaid:part="2"' in xmp)


# Officer's reports with parts missing -------------------------------------------------


@pytest.fixture
def bare_report(demo_setup):
    """A report with only what the action requires: title and proposed decision."""
    setup, users = demo_setup
    from kansli.diary import actions as diary_actions

    case = diary_actions.do_open_case(setup.series["KS"], acting_user=users["registrator"],
                                      title="Motion om cykelbanor",
                                      classification=_classification())
    document = diary_actions.do_register_document(
        case, acting_user=users["registrator"], direction="drawn_up",
        doc_type="officers_report", description="Tjänsteutlåtande", received_date=_day())
    return actions.do_write_report(
        document, acting_user=users["registrator"], body=Body.objects.get(code="KS"),
        title="Motion om cykelbanor", proposal="Motionen avslås.",
        sections=[("Ärendet", "Motionären föreslår cykelbanor."), ("Tomt", "   ")])


def _classification():
    from kansli.diary.models import Classification

    return Classification.objects.get(code="133")


def _day():
    import datetime

    return datetime.date(2014, 2, 3)


def test_missing_parts_are_left_out_of_the_pdf(bare_report):
    html = render.render_report(render.load_report(bare_report.pk))
    text = text_of(render.to_pdf(html))
    assert "Motionen avslås." in text
    assert "Ärendet Motionären föreslår cykelbanor." in text
    for heading in ("Sammanfattning av ärendet", "Beslutsunderlag",
                    "Beslutet expedieras till", "Tomt"):
        assert heading not in text
    assert 'class="placeholder"' not in html


def test_missing_parts_show_placeholders_in_the_preview(bare_report):
    html = render.render_report(render.load_report(bare_report.pk), preview=True)
    assert html.count('class="placeholder"') == 4  # summary, basis, recipients, signatory
    for heading in ("Sammanfattning av ärendet", "Beslutsunderlag", "Beslutet expedieras till"):
        assert heading in html
    # The preview prints without them.
    assert ".placeholder { display: none; }" in " ".join(html.split()) or \
        "display: none" in html


def test_a_summary_of_paragraphs_and_lines(seed_report):
    html = render.render_report(render.load_report(seed_report.pk))
    assert html.count("<p>Sedan 2009") == 1
    assert "utbildnings-\u00a0och" in html  # a suspended hyphen keeps to its word


def test_organisation_settings(seed_report, settings):
    settings.KANSLI_DOCUMENT_ORGANISATION = "Ekerö kommun, Kommunkansliet"
    settings.KANSLI_DOCUMENT_ADDRESS = ["Box 205", "178 23 Ekerö", "Tel 08-124 571 00"]
    settings.KANSLI_DOCUMENT_FONT_FAMILY = '"DejaVu Sans", sans-serif'
    html = render.render_report(render.load_report(seed_report.pk))
    assert "Ekerö kommun, Kommunkansliet" in html
    assert "Tel 08-124 571 00" in html
    pdf = render.to_pdf(html)
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    fonts = {str(f.get_object()["/BaseFont"]) for p in reader.pages
             for f in p["/Resources"]["/Font"].values()}
    assert all("DejaVuSans" in f.replace("-", "") for f in fonts), fonts
    assert "Tel 08-124 571 00" in text_of(pdf)


def test_a_missing_logo_file_falls_back_to_the_name(seed_report, settings, tmp_path):
    settings.KANSLI_DOCUMENT_LOGO = str(tmp_path / "gone.png")
    html = render.render_report(render.load_report(seed_report.pk))
    assert '<p class="organisation">Ekerö kommun</p>' in html


# The notice ----------------------------------------------------------------------------


def test_notice_with_its_agenda(kf_meeting):
    meeting, _people, _paragraphs = kf_meeting
    pdf = render.to_pdf(render.render_notice(render.load_meeting(meeting.pk)))
    text = text_of(pdf)
    assert text.startswith("Ekerö kommun Kommunfullmäktige Kallelse")
    assert "Tid 2013-12-16 kl. 18.00–20.15" in text
    assert "Plats Kommunfullmäktigesalen, Ekerö kommunhus" in text
    assert f"1. {demo.REFERENCE_TITLE} Tjänsteutlåtande 2013-11-05 Dnr KS13/250-133" in text
    assert "2. Val av justerare 3. Informationsärenden Information" in text
    assert "Anna Lindberg Ordförande Andreas Halvarsson Sekreterare" in text
    meta = pypdf.PdfReader(io.BytesIO(pdf)).metadata
    assert meta.title == "Kallelse Kommunfullmäktige 2013-12-16"
    assert meta.author == "Kommunfullmäktige"
    assert meta["/Keywords"] == "KS13/250-133"


def test_a_notice_shows_the_public_title_of_a_case_whose_title_is_secret(kf_meeting,
                                                                         registrar):
    """The notice is a public document: the typed heading of a secret case stays out."""
    from kansli.diary.actions import do_mark_secret

    meeting, _people, _paragraphs = kf_meeting
    item = meeting.agenda.exclude(case=None).select_related("case").first()
    do_mark_secret(item.case, acting_user=registrar, ground="OSL 26 kap. 1 §",
                   public_title="Samverkansärende")
    html = render.render_notice(render.load_meeting(meeting.pk))
    assert demo.REFERENCE_TITLE not in html and "Samverkansärende" in html


def test_notice_of_an_empty_meeting(registrar):
    kf = Body.objects.get(code="KF")
    meeting = actions.do_plan_meeting(kf, acting_user=registrar, start=_at(2014, 1, 20, 18),
                                      place="Ekerö kommunhus", minutes_kept_at="Kansliet")
    preview = render.render_notice(render.load_meeting(meeting.pk), preview=True)
    assert "placeholder" in preview
    text = text_of(render.to_pdf(render.render_notice(render.load_meeting(meeting.pk))))
    assert "Föredragningslista" in text and "Sekreterare" not in text


# Minutes ---------------------------------------------------------------------------------


def test_minutes_front_page_and_paragraphs(kf_meeting):
    meeting, _people, paragraphs = kf_meeting
    approve_all(meeting, _people)
    pdf = render.to_pdf(render.render_minutes(render.load_meeting(meeting.pk)))
    assert is_pdf_a_2b(pdf)
    text = text_of(pdf)
    first = paragraphs[0].number
    for expected in [
        "Kommunfullmäktige Protokoll Sammanträdesdatum 2013-12-16",
        "Plats och tid Kommunfullmäktigesalen, Ekerö kommunhus, kl. 18.00–20.15",
        "Beslutande Anna Lindberg (M), ordförande Erik Nyström (M)",
        "Utses att justera Per Sjöberg Karin Holm",
        "Justeringens plats och tid Kommunkansliet 2013-12-18 kl. 10.00",
        f"Paragrafer §§ {first}–{first + 2}",
        "Underskrifter Andreas Halvarsson Sekreterare Anna Lindberg Ordförande, justerat "
        "2013-12-18 Per Sjöberg Justerande, justerat 2013-12-18",
        "Anslagsbevis Protokollet är justerat.",
        "Datum för justering 2013-12-18",
        "Förvaringsplats för protokollet Kommunkansliet, Ekerö kommunhus",
        f"§ {first} Dnr KS13/250-133 {demo.REFERENCE_TITLE}",
        "Jäv Maria Ek (M) anmäler jäv och deltar inte i handläggningen av ärendet.",
        "Yrkanden Anna Lindberg (M): Bifall till kommunstyrelsens förslag. "
        "Erik Nyström (M): Avslag.",
        "Propositionsordning Anna Lindberg (M) (bifallet) Erik Nyström (M)",
        "Omröstning Bifall eller avslag Ja: 3, Nej: 1, Avstår: 0. Fullmäktige har bifallit "
        "förslaget.",
        "Anna Lindberg (M) Ja",
        "Erik Nyström (M) Nej",
        "Beslut Kommunfullmäktige beslutar att anta överenskommelse",
        "Reservation Erik Nyström (M) reserverar sig mot beslutet. Till förmån för eget "
        "yrkande.",
        "Beslutet expedieras till Kommunförbundet Stockholms län (registrator@ksl.se) "
        "Socialkontoret",
        f"§ {first + 1} Val av justerare Beslut Informationen noteras.",
    ]:
        assert expected in text, expected
    assert "Utkast" not in text
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert reader.metadata.title == "Protokoll Kommunfullmäktige 2013-12-16"
    assert reader.metadata.author == "Kommunfullmäktige"
    assert f"§§ {first}–{first + 2}" in reader.metadata.subject
    assert "KS13/250-133" in reader.metadata["/Keywords"]


def test_minutes_not_approved_say_so(kf_meeting):
    meeting, _people, _paragraphs = kf_meeting
    text = text_of(render.to_pdf(render.render_minutes(render.load_meeting(meeting.pk))))
    assert "Utkast – protokollet är inte justerat" in text
    assert "Anslagsbevis" not in text


def test_posting_certificate_once_posted(kf_meeting, registrar):
    import datetime

    meeting, people, _paragraphs = kf_meeting
    meeting = approve_all(meeting, people)
    actions.do_post_minutes(meeting, acting_user=registrar, on=datetime.date(2013, 12, 19))
    text = text_of(render.to_pdf(render.render_minutes(render.load_meeting(meeting.pk))))
    assert "Datum då anslaget sätts upp 2013-12-19" in text
    assert "Sista dag för överklagande 2014-01-09" in text


def test_minutes_with_nothing_recorded(registrar):
    """Held without attendance, approvers or secretary, not drawn up: still renders."""
    kf = Body.objects.get(code="KF")
    meeting = actions.do_plan_meeting(kf, acting_user=registrar, start=_at(2014, 1, 20, 18),
                                      place="Ekerö kommunhus", minutes_kept_at="Kansliet")
    meeting = Meeting.objects.get(pk=meeting.pk)
    preview = render.render_minutes(meeting, preview=True)
    assert preview.count('class="placeholder"') >= 3
    text = text_of(render.to_pdf(render.render_minutes(meeting)))
    assert "Protokoll" in text and "Paragrafer" in text


# Extracts ----------------------------------------------------------------------------------


def test_extract_of_one_paragraph(kf_meeting):
    meeting, people, paragraphs = kf_meeting
    approve_all(meeting, people)
    paragraph = render.load_paragraph(paragraphs[0].pk)
    pdf = render.to_pdf(render.render_extract(paragraph))
    assert is_pdf_a_2b(pdf)
    text = text_of(pdf)
    assert text.startswith("Ekerö kommun Kommunfullmäktige Protokollsutdrag "
                           "Sammanträdesdatum 2013-12-16 Justerat 2013-12-18")
    assert f"§ {paragraph.number} Dnr KS13/250-133" in text
    assert "Val av justerare" not in text
    assert text.endswith("Rätt utdraget intygar Andreas Halvarsson Sekreterare")
    meta = pypdf.PdfReader(io.BytesIO(pdf)).metadata
    assert meta.title == f"Protokollsutdrag Kommunfullmäktige 2013-12-16 § {paragraph.number}"
    assert meta["/Keywords"] == "KS13/250-133"


def test_extract_without_secretary_or_case(kf_meeting, registrar):
    meeting, _people, paragraphs = kf_meeting
    Meeting.objects.filter(pk=meeting.pk).update(secretary=None)
    paragraph = render.load_paragraph(paragraphs[1].pk)
    assert "placeholder" in render.render_extract(paragraph, preview=True)
    text = text_of(render.to_pdf(render.render_extract(paragraph)))
    assert "Rätt utdraget intygar Sekreterare" in text
