"""Reading a file into cleaned text (kansli.ingest.text): what is refused, with its
reason in Swedish, and what cleaning removes and keeps."""

from __future__ import annotations

import base64
import io

import pypdf
import pytest

from kansli.ingest.text import Unreadable, check_size, clean, read


def pdf_of(html: str) -> bytes:
    import weasyprint

    return weasyprint.HTML(string=html).write_pdf()


@pytest.fixture(scope="module")
def text_pdf() -> bytes:
    return pdf_of("<html lang='sv'><body><p>Kommunstyrelsen</p>"
                  "<h1>Ny taxa</h1><p>Dnr KS 2017/0996</p></body></html>")


def png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (40, 20), (0, 90, 156)).save(out, format="PNG")
    return out.getvalue()


def refusal(content: bytes, name: str = "x") -> str:
    with pytest.raises(Unreadable) as raised:
        read(content, name)
    return str(raised.value)


# Refused ------------------------------------------------------------------------------


def test_an_empty_file_is_refused():
    assert refusal(b"") == "Filen är tom."


def test_a_file_over_the_limit_is_refused(settings):
    settings.KANSLI_IMPORT_MAX_BYTES = 10
    assert refusal(b"Kommunstyrelsen\n").startswith("Filen är för stor")


def test_the_size_is_checked_without_reading_the_file(settings):
    """A caller with a path asks before reading 500 MB."""
    settings.KANSLI_IMPORT_MAX_BYTES = None
    check_size(200 * 1024 * 1024)
    with pytest.raises(Unreadable, match="för stor"):
        check_size(500 * 1024 * 1024)


def test_a_binary_file_is_refused():
    assert refusal(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR") == \
        "Filen är binär: varken en PDF eller text."


def test_binary_without_nul_bytes_is_refused_too():
    assert "binär" in refusal(bytes(range(1, 32)) * 50)


def test_a_corrupt_pdf_is_refused(text_pdf):
    assert refusal(text_pdf[:400]).startswith("PDF-filen är skadad och kan inte läsas")


def test_an_encrypted_pdf_is_refused_even_with_an_empty_password(text_pdf):
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(text_pdf)))
    writer.encrypt(user_password="", owner_password="hemligt")
    out = io.BytesIO()
    writer.write(out)
    assert "krypterad" in refusal(out.getvalue())


def test_an_image_only_pdf_needs_ocr():
    uri = "data:image/png;base64," + base64.b64encode(png()).decode()
    scan = pdf_of(f"<html><body><img src='{uri}' width='400'></body></html>")
    assert "OCR" in refusal(scan, "skannad.pdf")


def test_a_pdf_without_text_or_images_is_refused():
    assert refusal(pdf_of("<html><body></body></html>")) == "PDF-filen innehåller ingen text."


# Read ---------------------------------------------------------------------------------


def test_a_pdf_is_read_page_by_page(text_pdf):
    text = read(text_pdf, "x.pdf")
    assert len(text.pages) == 1
    assert [line for line in text.text.split("\n") if line] == [
        "Kommunstyrelsen", "Ny taxa", "Dnr KS 2017/0996"]


def test_text_is_utf_8_with_or_without_a_byte_order_mark():
    assert read("Överenskommelse".encode(), "a.txt").text == "Överenskommelse"
    assert read(b"\xef\xbb\xbf" + "Överenskommelse".encode(), "a.txt").text == \
        "Överenskommelse"


def test_text_that_is_not_utf_8_is_windows_1252():
    assert read("Överenskommelse – nyanlända".encode("cp1252"), "a.txt").text == \
        "Överenskommelse – nyanlända"


def test_a_form_feed_separates_pages():
    assert read(b"sida ett\n\x0csida tv\xc3\xa5\n", "a.txt").pages == ["sida ett\n", "sida två\n"]


# Cleaning -----------------------------------------------------------------------------


def test_headers_and_footers_repeated_on_the_pages_are_removed():
    pages = [f"Ekerö kommun Tjänsteskrivelse\nSocialkontoret Sida {n} av 3\n\n{body}\n"
             "Postadress: Box 205, 178 23 Ekerö\n" for n, body in
             enumerate(["Första sidan.", "Andra sidan.", "Tredje sidan."], start=1)]
    text = clean(pages)
    assert text.count("Tjänsteskrivelse") == 1, "the first page keeps its header"
    assert "Andra sidan." in text and "Box 205" not in text
    assert text.split("\n")[:2] == ["Ekerö kommun Tjänsteskrivelse", "Socialkontoret"]


def test_a_single_page_keeps_its_lines():
    assert clean(["Kommunstyrelsen\nKommunstyrelsen\n"]) == "Kommunstyrelsen\nKommunstyrelsen"


@pytest.mark.parametrize("line", ["1 (3)", "Sida 2 av 5", "2/5", "3"])
def test_page_number_lines_are_removed(line):
    assert clean([f"Text före\n{line}\nText efter"]) == "Text före\nText efter"


def test_a_word_broken_at_the_line_end_is_joined():
    assert clean(["integrationen av ny-\nanlända i länet."]) == \
        "integrationen av nyanlända\ni länet."
    assert clean(["vissa åtaganden flytta-\ndes över"]) == "vissa åtaganden flyttades\növer"


def test_a_broken_word_alone_on_its_line_moves_up():
    assert clean(["för ny-\nanlända\nflyktingar"]) == "för nyanlända\nflyktingar"


def test_suspended_hyphens_are_kept():
    for following in ("och arbetslivsinriktade", "eller vuxna", "samt unga", ", vuxen-"):
        assert clean([f"utbildnings-\n{following}"]) == f"utbildnings-\n{following}"


def test_a_hyphen_after_an_abbreviation_stays():
    assert clean(["ett KS-\nbeslut"]) == "ett KS-beslut"


def test_the_dash_of_a_diary_number_broken_at_the_line_end_stays():
    """(A number alone at the top or foot of a page is taken for a page number.)"""
    head = "Kommunstyrelsen\nÖverenskommelse\nom samverkan\n"
    foot = "\nFörslag till beslut\nKommunstyrelsen föreslår\nKommunfullmäktige"
    assert clean([f"{head}Dnr KS13/250-\n133{foot}"]) == f"{head}Dnr KS13/250-133{foot}"


def test_a_dash_before_a_capital_or_a_number_is_not_a_broken_word():
    assert clean(["Rekommendation –\nÖverenskommelse"]) == "Rekommendation –\nÖverenskommelse"
    assert clean(["under perioden 2017-\n2018 och framåt"]) == \
        "under perioden 2017-\n2018 och framåt"


def test_white_space_is_normalised():
    assert clean(["bl\u00a0a  \t modersmålsundervisning   \n\n\n\nnästa  "]) == \
        "bl a modersmålsundervisning\n\nnästa"
