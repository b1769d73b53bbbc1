"""The seed, reproduced: the officer's report of KS13/250-133 rendered from the demo
data (``kansli loaddemo``: the report written with the actions, its decision basis linked
to the registered documents and to SN § 130) to PDF, read back with pypdf, is the seed
document line for line (white space normalised, words broken at line ends joined)."""

from __future__ import annotations

import io

import pypdf
import pytest

import kansli.demo
from kansli.documents import render
from kansli.meetings.models import OfficersReport

from .conftest import SEED, normalise, normalised_lines, pdf_text

# A logo without text, as Ekerö's paper has one: the organisation is named by the
# image, so the page's text starts with the body, as the seed does.
LOGO = ('<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40">'
        '<rect width="120" height="40" fill="#005a9c"/><circle cx="20" cy="20" r="12" '
        'fill="#fff"/></svg>')


@pytest.fixture(autouse=True)
def seed_document_present():
    """The seed lies in the workplace's shared folder beside the repository, as in CI."""
    if not SEED.exists():
        pytest.fail(f"The seed document {SEED} is missing: these tests compare with it. Run "
                    "them from a clone that has the project's shared/ folder beside it.")


@pytest.fixture
def ekero_letterhead(settings, tmp_path):
    logo = tmp_path / "ekero.svg"
    logo.write_text(LOGO)
    settings.KANSLI_DOCUMENT_LOGO = str(logo)
    settings.KANSLI_DOCUMENT_ADDRESS = ""
    return logo


@pytest.fixture
def demo_report(db):
    """The officer's report of 2013-11-05 as the demo loads it."""
    case = kansli.demo.load(0)
    return OfficersReport.objects.get(document__case=case,
                                      document__document_date="2013-11-05")


@pytest.fixture
def seed_pdf(demo_report, ekero_letterhead):
    return render.to_pdf(render.render_report(render.load_report(demo_report.pk)))


def test_the_seed_text_is_the_report_rendered_from_the_data(seed_pdf):
    assert normalise(pdf_text(seed_pdf)) == normalise(SEED.read_text(encoding="utf-8"))


def test_every_line_of_the_seed_in_order(seed_pdf):
    """The same, line by line: each seed line is found, in order, in the PDF text (line
    wrapping aside), so a failure names the line."""
    text = normalise(pdf_text(seed_pdf))
    position = 0
    for line in normalised_lines(SEED.read_text(encoding="utf-8")):
        found = text.find(line, position)
        assert found >= 0, f"not found after position {position}: {line!r}"
        position = found + len(line)


def test_signatories_side_by_side(seed_pdf):
    lines = normalised_lines(pdf_text(seed_pdf))
    assert lines[-2:] == ["Ann-Cathrine Bergström Andreas Halvarsson",
                          "Kanslichef Nämndsekreterare"]


def test_with_the_default_letterhead_only_the_letterhead_is_added(demo_report, settings):
    """Without a logo the organisation's name is printed, and its address goes at the
    foot of the first page; besides those, the text is the seed."""
    settings.KANSLI_DOCUMENT_LOGO = None
    settings.KANSLI_DOCUMENT_ADDRESS = None
    pdf = render.to_pdf(render.render_report(render.load_report(demo_report.pk)))
    furniture = {"Ekerö kommun", "Box 205, 178 23 Ekerö"}
    lines = pdf_text(pdf).split("\n")
    assert furniture <= {line.strip() for line in lines}
    body = "\n".join(line for line in lines if line.strip() not in furniture)
    assert normalise(body) == normalise(SEED.read_text(encoding="utf-8"))


def test_pdf_a_with_metadata_and_embedded_fonts(seed_pdf):
    reader = pypdf.PdfReader(io.BytesIO(seed_pdf))
    meta = reader.metadata
    assert meta.title == ("Överenskommelse om samverkan mellan kommuner i Stockholms län "
                          "gällande nyanlända")
    assert meta.author == "Kommunstyrelsen"
    assert "KS13/250-133" in meta.subject
    assert meta["/Keywords"] == "KS13/250-133"
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    assert "pdfaid:part" in xmp and "2" in xmp.split("pdfaid:part")[1][:5]
    assert "pdfaid:conformance" in xmp
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendant = font["/DescendantFonts"][0].get_object()
            descriptor = descendant["/FontDescriptor"].get_object()
            assert "/FontFile2" in descriptor or "/FontFile3" in descriptor, font["/BaseFont"]
            assert "DejaVu" in font["/BaseFont"]


def test_the_same_data_renders_the_same_bytes(demo_report, ekero_letterhead, seed_pdf):
    again = render.to_pdf(render.render_report(render.load_report(demo_report.pk)))
    assert again == seed_pdf


def test_the_fixture_of_the_other_document_tests_is_the_same_report(seed_report,
                                                                      ekero_letterhead):
    """tests/documents/conftest.py writes the report as the demo does, lighter; both
    render to the seed."""
    pdf = render.to_pdf(render.render_report(render.load_report(seed_report.pk)))
    assert normalise(pdf_text(pdf)) == normalise(SEED.read_text(encoding="utf-8"))


def test_the_story_s_notice_minutes_and_extract(demo_report):
    """KF 2013-12-16 of the demo: its notice, approved and posted minutes, and the
    extract of its paragraph on KS13/250-133."""
    from kansli.meetings.models import Paragraph

    paragraph = Paragraph.objects.get(case=demo_report.document.case, body__code="KF")
    meeting = render.load_meeting(paragraph.meeting_id)
    notice = normalise(pdf_text(render.to_pdf(render.render_notice(meeting))))
    assert "Kallelse" in notice and "Dnr KS13/250-133" in notice
    minutes = normalise(pdf_text(render.to_pdf(render.render_minutes(meeting))))
    assert "Datum för justering 2013-12-18" in minutes
    assert "Datum då anslaget sätts upp 2013-12-18" in minutes
    assert f"§ {paragraph.number} Dnr KS13/250-133" in minutes
    assert "Utkast" not in minutes
    extract = normalise(pdf_text(render.to_pdf(render.render_extract(
        render.load_paragraph(paragraph.pk)))))
    assert "Rätt utdraget intygar" in extract  # the demo names no secretary Person
