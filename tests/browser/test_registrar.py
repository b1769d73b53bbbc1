"""A registrar's day in a real browser: log in, find the reference case, register an
incoming letter with a file, correct it, and see it all in the case's journal."""

import re

from playwright.sync_api import expect


def log_in(page, server, username="registrator", password="kansli-registrator"):
    page.goto(server + "/logga-in/")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(password)
    page.get_by_role("button", name="Logga in").click()
    expect(page.get_by_role("heading", name="Diarium")).to_be_visible()


def open_reference_case(page):
    page.get_by_label("Sök i diariet").fill("KS13/250")
    page.get_by_label("Sök i diariet").press("Enter")
    page.get_by_role("link", name="KS13/250-133").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("gällande nyanlända")


def test_a_registrar_registers_and_corrects_a_letter(page, server, tmp_path):
    log_in(page, server)
    open_reference_case(page)
    case_url = page.url

    page.get_by_role("link", name="Registrera handling").click()
    page.get_by_label("Riktning").select_option(label="inkommande")
    page.get_by_label("Handlingstyp").select_option(label="skrivelse")
    page.get_by_label("Avser").fill("Fråga från KSL om tidplanen")
    page.get_by_label("Inkom- eller upprättandedatum").fill("2013-11-20")
    page.get_by_label("Avsändare").select_option(
        label="Kommunförbundet Stockholms län <registrator@ksl.se>")
    letter = tmp_path / "fraga.txt"
    letter.write_text("Hur går det med beslutet?", encoding="utf-8")
    page.get_by_label("Filer").set_input_files(str(letter))
    page.get_by_role("button", name="Registrera handlingen").click()

    expect(page.get_by_text("Fråga från KSL om tidplanen").first).to_be_visible()
    expect(page.get_by_role("link", name="fraga.txt")).to_be_visible()

    # The file downloads as it was uploaded.
    with page.expect_download() as download:
        page.get_by_role("link", name="fraga.txt").click()
    assert download.value.path().read_text(encoding="utf-8") == "Hur går det med beslutet?"

    # Correct what it concerns, with a reason; the journal keeps both.
    page.goto(case_url)
    page.get_by_role("link", name="Handling 7", exact=True).click()
    page.get_by_role("link", name="Rätta").click()
    page.get_by_label("Avser").fill("Fråga från KSL om tidplanen för beslutet")
    page.get_by_label("Skäl").fill("Ofullständig beskrivning")
    page.get_by_role("button", name=re.compile("Spara")).click()
    page.goto(case_url)
    journal = page.locator("section", has=page.get_by_role("heading", name="Händelselogg"))
    expect(journal).to_contain_text("Ofullständig beskrivning")
    expect(page.get_by_text("Fråga från KSL om tidplanen för beslutet").first).to_be_visible()


def test_a_form_with_errors_says_what_is_wrong_in_swedish(page, server):
    log_in(page, server)
    open_reference_case(page)
    page.get_by_role("link", name="Registrera handling").click()
    page.get_by_role("button", name="Registrera handlingen").click()
    # The browser's own required-field check stops an empty form; the server's message
    # shows when that check is passed but the content is wrong.
    page.get_by_label("Avser").fill("   ")
    page.get_by_label("Inkom- eller upprättandedatum").fill("2013-11-20")
    page.get_by_role("button", name="Registrera handlingen").click()
    expect(page.locator("main")).to_contain_text("Detta fält måste fyllas i.")


def test_the_keyboard_reaches_the_search_and_the_case(page, server):
    log_in(page, server)
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent || document.activeElement.name")
    assert focused  # the first Tab lands on something with a name, not on nothing
    page.get_by_label("Sök i diariet").focus()
    page.keyboard.type("nyanländ")
    page.keyboard.press("Enter")
    expect(page.get_by_role("link", name="KS13/250-133").first).to_be_visible()
