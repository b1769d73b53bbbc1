"""The public pages in a real browser: axe-core finds no WCAG violation on any of them,
no Content-Security-Policy violation is reported, and the skip link is the first Tab
stop and moves focus to the main content."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa",
                                              "best-practice"]},
        "resultTypes": ["violations"]}


def public_pages(page, server):
    """(name, url) of each public page, found as a visitor finds them."""
    base = server + "/insyn/"
    page.goto(base + "diarium/?q=KS13/250-133")
    case_url = page.url
    page.goto(base + "sammantraden/?ar=2013")
    meeting_url = page.get_by_role("link", name="2013-12-16 18:00").get_attribute("href")
    return [("start page", base), ("diary search", base + "diarium/?q=samverkan"),
            ("case page", case_url), ("notice board", base + "anslagstavla/"),
            ("notice board archive", base + "anslagstavla/arkiv/"),
            ("meetings calendar", base + "sammantraden/?ar=2013"),
            ("meeting page", server + meeting_url),
            ("journal checksums", base + "journal/")]


def readable(results) -> str:
    lines = []
    for violation in results.response["violations"]:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"]:
            lines.append(f"    {', '.join(map(str, node['target']))}: {node['html'][:160]}")
    return "\n".join(lines)


def test_the_case_page_is_found_by_its_number(page, server):
    page.goto(server + "/insyn/diarium/?q=KS13/250-133")
    expect(page.get_by_role("heading", level=1)).to_contain_text("KS13/250-133")


def test_axe_finds_no_violations_on_the_public_pages(page, server):
    errors = []
    page.on("console", lambda message: errors.append(message.text)
            if message.type == "error" else None)
    failures = []
    for name, url in public_pages(page, server):
        errors.clear()
        response = page.goto(url)
        assert response.status == 200, (name, url, response.status)
        csp = [e for e in errors if "Content Security Policy" in e]
        assert csp == [], (name, csp)
        results = Axe().run(page, options=WCAG)
        if results.violations_count:
            failures.append(f"{name} ({url}):\n{readable(results)}")
    assert not failures, "\n\n".join(failures)


@pytest.mark.parametrize("path", ["", "diarium/?q=samverkan", "anslagstavla/"])
def test_the_skip_link_is_the_first_tab_stop_and_moves_focus_to_main(page, server, path):
    page.goto(server + "/insyn/" + path)
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.getAttribute('href')")
    assert focused == "#main"
    expect(page.locator("a.skip")).to_be_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_the_search_form_works_from_the_keyboard(page, server):
    page.goto(server + "/insyn/diarium/")
    page.get_by_label("Ord eller diarienummer").fill("samverkan")
    page.get_by_label("Ord eller diarienummer").press("Enter")
    expect(page.get_by_role("table", name="Handlingar")).to_be_visible()
