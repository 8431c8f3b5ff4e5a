"""The result's first screen on a small phone (360x740), JavaScript on and off, both languages, six cases (issue 10):
#today and #call (or the urgent block with its link) start on it, no heading calls the reader a threat, and the
first case's whole page stays short with the sources closed. Screenshots of each first screen are kept.
"""

from __future__ import annotations

import html

import pytest

from browser_support import format_violations, run_axe, screenshot
from flow_driver import goto, submit
from result_cases import CASES, URGENT_CASES, form_pairs

pytestmark = pytest.mark.browser

SCREEN = (360, 740)
# Issue 10 set 4,500 px; the facts of late 2026 (issue 23) added the steps this person needs now (bond, proof of two
# years, registration, offers to leave, scams): measured 5,357 px in English and 6,160 in Spanish.
MAX_FIRST_CASE_HEIGHT = 6400
TOP = "el => el.getBoundingClientRect().top + window.scrollY"
BOTTOM = "el => el.getBoundingClientRect().bottom + window.scrollY"


@pytest.fixture(scope="module")
def server(make_live_server):
    return make_live_server(env={"PDS_TODAY": "2026-11-23"})


def show_result(page, base: str, lang: str, answers: dict) -> None:
    """Post the answers from a plain form, as the check page does, so it works with JavaScript off too."""
    fields = "".join(f'<input type="hidden" name="{html.escape(k)}" value="{html.escape(v)}">'
                     for k, v in form_pairs(answers, policy="doyle-2022"))
    start = f"{base}/{lang}/__post-answers"  # answered here by the test, never by the server
    page.route(start, lambda route: route.fulfill(status=200, content_type="text/html", body=(
        f'<!doctype html><form method="post" action="/{lang}/result">{fields}<button id="go">go</button></form>')))
    goto(page, start)
    submit(page, "#go", javascript=False)  # the routed form has no scripts: a whole new page, waited until painted
    page.wait_for_selector("#today")


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("case", list(CASES))
def test_today_and_who_to_call_start_on_the_first_screen(server, new_page, case, lang, javascript, record_property):
    page = new_page(viewport=SCREEN, javascript=javascript)
    show_result(page, server.url, lang, CASES[case])
    today, call = page.locator("#today"), page.locator("#call")
    if case in URGENT_CASES:
        urgent = page.locator("#urgent")
        link = urgent.locator("a").first
        assert link.evaluate(BOTTOM) <= SCREEN[1], "the urgent block's first link is below the first screen"
        assert urgent.evaluate(TOP) < today.evaluate(TOP) < call.evaluate(TOP)
    else:
        assert page.locator("#urgent").count() == 0
        assert today.evaluate(TOP) < SCREEN[1] and call.evaluate(TOP) < SCREEN[1], (today.evaluate(TOP), call.evaluate(TOP))
        # Issue 24: the first way to reach help, a phone or a directory link, is inside the first screen.
        first = call.locator("a[href^='tel:'], a.directory-link").first
        assert first.evaluate(BOTTOM) <= SCREEN[1], ("the first link of #call is below the first screen", first.evaluate(BOTTOM))
    for heading in page.locator("main h1, main h2, main h3, main h4").all_inner_texts():
        assert "threat" not in heading.lower() and "amenaza" not in heading.lower(), heading
    assert page.locator("details.sources[open]").count() == 0
    height = page.evaluate("document.documentElement.scrollHeight")
    record_property(f"figure: result page height, {case}, {lang}, {'js' if javascript else 'no-js'}", f"{height} px; "
                    f"#today at {today.evaluate(TOP):.0f} px, #call at {call.evaluate(TOP):.0f} px")
    if case == "outside":
        assert height <= MAX_FIRST_CASE_HEIGHT, f"{height} px tall"
    if javascript:
        screenshot(page, f"first-screen-{case}-{lang}", full_page=False)
        violations = run_axe(page)
        assert not violations, format_violations(violations)


@pytest.mark.parametrize("lang", ["en", "es"])
def test_sources_open_on_a_tap_and_name_their_language(server, new_page, lang):
    page = new_page(viewport=SCREEN, javascript=False)
    show_result(page, server.url, lang, CASES["outside"])
    first = page.locator("details.sources").first
    first.locator("summary").click()
    link = first.locator("a").first
    assert link.is_visible() and link.get_attribute("lang") == "en"
    assert ("(en inglés)" in first.locator("summary").inner_text()) is (lang == "es")


@pytest.fixture(scope="module")
def hosted_server(make_live_server):
    from process_support import REPO_ROOT

    return make_live_server(env={"PDS_TODAY": "2026-11-23",
                                 "PDS_HOST_ORG_FILE": str(REPO_ROOT / "examples" / "host-org.example.yaml")})


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("case", [c for c in CASES if c not in URGENT_CASES])
def test_with_a_host_organization_its_phone_is_inside_the_first_screen(hosted_server, new_page, case, lang):
    """Issue 24: the host's tel: link, the first way to call in #call, within 740 px at 360 px wide."""
    page = new_page(viewport=SCREEN, javascript=False)
    show_result(page, hosted_server.url, lang, CASES[case])
    phone = page.locator("#call a[href^='tel:']").first
    assert phone.evaluate(BOTTOM) <= SCREEN[1], phone.evaluate(BOTTOM)
