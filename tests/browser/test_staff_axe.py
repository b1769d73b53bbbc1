"""The staff's main pages in a real browser: axe-core finds no WCAG 2.1 A/AA violation,
and the Content-Security-Policy refuses nothing the pages need (no inline script or
style to refuse). axe-core comes bundled with axe-playwright-python: nothing is
downloaded."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.test_registrar import log_in, open_reference_case

WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG}})
    return [f"{v['id']} ({v['impact']}): {v['help']} — "
            + "; ".join(node["target"][0] for node in v["nodes"][:3])
            for v in results.response["violations"]]


@pytest.fixture
def watched(page):
    """The page, with every CSP refusal and page error it reports collected."""
    page.refused = []
    page.on("console", lambda m: page.refused.append(m.text)
            if "Content Security Policy" in m.text else None)
    page.on("pageerror", lambda e: page.refused.append(str(e)))
    return page


def check(page, what):
    problems = axe_violations(page)
    assert not problems, f"{what}: " + "\n".join(problems)
    assert not page.refused, f"{what}: {page.refused}"


def test_the_main_staff_pages_pass_axe_and_the_policy(watched, server):
    page = watched
    log_in(page, server)
    check(page, "the diary")
    open_reference_case(page)
    check(page, "the case page")
    page.get_by_role("link", name=re.compile(r"^Handling 1$")).click()
    check(page, "a document page")
    for name, heading in [("Sammanträden", "Sammanträden"),
                          ("Anslagstavla", "Anslagstavla"),
                          ("Bevakningar", "Restanslista"),
                          ("Remisser", "Remisser"),
                          ("Överenskommelser", "Överenskommelser"),
                          ("Inkommande e-post", "Inkommande e-post"),
                          ("Import", "Importerade handlingar")]:
        page.get_by_role("navigation", name="Huvudmeny").get_by_role(
            "link", name=name, exact=True).click()
        expect(page.get_by_role("heading", level=1)).to_contain_text(heading)
        check(page, name)
    page.get_by_role("navigation", name="Huvudmeny").get_by_role(
        "link", name="Överenskommelser", exact=True).click()
    page.get_by_role("link", name=re.compile("nyanlända")).first.click()
    check(page, "an agreement")


def test_the_keyboard_reaches_the_content_first(page, server):
    log_in(page, server)
    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    expect(skip).to_have_attribute("href", "#main")
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"
