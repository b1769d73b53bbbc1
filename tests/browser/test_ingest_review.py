"""The import review queue in a real browser: a registrar uploads an officer's report
whose body cannot be read, finds it held, corrects the body beside the text with the
keyboard, registers it and lands on the document; axe finds nothing on the way."""

import re
from pathlib import Path

from playwright.sync_api import expect

from tests.browser.test_registrar import log_in
from tests.browser.test_staff_axe import check, watched  # noqa: F401 (a fixture)

SEED = Path(__file__).resolve().parents[2].parent / "shared" / "seeds" / \
    "000_37610ead6cee29d8.txt"


def test_a_registrar_corrects_a_held_report_and_registers_it(watched, server,  # noqa: F811
                                                              tmp_path):
    page = watched
    # The report without its first line, the body it is addressed to: it waits for review.
    report = tmp_path / "utlatande-utan-organ.txt"
    report.write_text(SEED.read_text(encoding="utf-8").replace(" Kommunstyrelsen\n", "", 1),
                      encoding="utf-8")
    log_in(page, server)
    page.get_by_role("navigation", name="Huvudmeny").get_by_role(
        "link", name="Import", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Importerade handlingar")
    check(page, "the import queue")

    page.get_by_label("Filer (PDF eller text)").set_input_files(str(report))
    page.get_by_role("button", name="Importera filerna", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Vad som blev av filerna")
    expect(page.get_by_role("row", name=re.compile("utlatande-utan-organ.txt"))) \
        .to_contain_text("Väntar på granskning")
    check(page, "the outcome of the upload")

    page.get_by_role("link", name="Granska och registrera").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("utlatande-utan-organ.txt")
    expect(page.get_by_role("heading", name="Det som inte kunde läsas eller matchas")) \
        .to_be_visible()
    expect(page.locator("pre.source-text")).to_contain_text("Dnr KS13/250-133")
    expect(page.get_by_label("Rubrik:", exact=True)).to_have_value(re.compile("nyanlända"))
    check(page, "the review page")

    # By keyboard: from the text, Tab reaches the body, then the button that registers.
    page.locator("pre.source-text").focus()
    body = page.get_by_label("Organ:", exact=True)
    for _ in range(6):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name") == "body":
            break
    expect(body).to_be_focused()
    body.select_option(label="Kommunstyrelsen")
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == "Registrera":
            break
    expect(page.get_by_role("button", name="Registrera", exact=True)).to_be_focused()
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"/handlingar/\d+/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("KS13/250-133")
    expect(page.locator(".messages")).to_contain_text("Filen är registrerad som")
    check(page, "the registered document")
