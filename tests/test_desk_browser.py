"""Intake-desk mode in a real browser: a whole visit, then "Start over" leaves nothing for Back to show."""

from __future__ import annotations

import pytest

from browser_support import format_violations, run_axe, screenshot
from embed_support import RICH_ANSWERS, answer_every_question, client_language_dir, see_result, translator

pytestmark = pytest.mark.browser

# A label only this person's answers put on the page (the check page and the result both show it).
MARKER_QUESTION = "relief"


@pytest.fixture(scope="module")
def desk(make_live_server, tmp_path_factory):
    lang, locales = client_language_dir(tmp_path_factory.mktemp("locales"))
    return make_live_server(env={"PDS_LOCALES_DIR": str(locales)}), lang, locales


@pytest.fixture(scope="module")
def everyday_browser(browser):
    """Chromium as people run it: Playwright's defaults turn off the back/forward cache and the repost prompt."""
    launched = browser.browser_type.launch(
        executable_path="/usr/bin/chromium", headless=True, args=["--no-sandbox", "--disable-gpu"],
        ignore_default_args=["--disable-back-forward-cache", "--disable-prompt-on-repost"],
    )
    yield launched
    launched.close()


def visit_to_result(page, base: str, lang: str) -> None:
    page.goto(f"{base}/{lang}/?desk=1")
    answer_every_question(page, RICH_ANSWERS)
    assert page.locator(f"form.check-form input[type=hidden][name={MARKER_QUESTION}]").count() == 1
    see_result(page)
    assert page.locator("#desk-result, #favorable").count() >= 1


def answers_on_page(page) -> int:
    """Hidden fields that hold answers (control fields start with "_"), anywhere on the page."""
    return page.locator("input[type=hidden]:not([name^='_'])").count()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_after_start_over_back_does_not_show_the_previous_persons_answers(desk, everyday_browser, javascript):
    server, lang, locales = desk
    context = everyday_browser.new_context(viewport={"width": 1280, "height": 900}, java_script_enabled=javascript)
    page = context.new_page()
    visit_to_result(page, server.url, lang)
    assert answers_on_page(page) > 10
    start_over = page.locator("#desk-start-over")  # a link, or on a page drawn with answers a button of its form
    assert start_over.inner_text().strip() == translator(locales, lang)("Start over for the next person")
    start_over.click()  # it asks first (issue 24): a dialog, or a page without JS
    if javascript:
        page.click("#start-over-dialog [data-confirm-yes]")
    else:
        page.wait_for_selector("#start-over-yes")
        page.click("#start-over-yes")
    page.wait_for_selector("form.start-form")
    assert answers_on_page(page) == 0
    try:
        page.go_back(wait_until="load")
    except Exception:  # a no-store POST page may not come back at all: that is the point
        pass
    page.wait_for_timeout(300)
    # Whatever Back shows (an earlier page, the browser's "resubmit?" page, or nothing), it holds no answers.
    assert answers_on_page(page) == 0, page.url
    assert "desk-result" not in page.content()
    assert page.locator("#desk-answers, #favorable").count() == 0
    context.close()


def test_desk_pages_pass_axe_and_are_captured(desk, new_page):
    server, lang, _ = desk
    page = new_page(viewport=(1280, 900))
    page.goto(f"{server.url}/{lang}/?desk=1")
    answer_every_question(page, RICH_ANSWERS)
    violations = run_axe(page)
    assert not violations, format_violations(violations)
    screenshot(page, "desk-check")
    see_result(page)
    assert page.locator("#desk-result").count() == 1
    violations = run_axe(page)
    assert not violations, format_violations(violations)
    columns = page.locator("#desk-result .desk-row-favorable .desk-col")
    assert columns.count() == 2
    left, right = columns.nth(0).bounding_box(), columns.nth(1).bounding_box()
    assert right["x"] > left["x"] + left["width"] - 1 and abs(right["y"] - left["y"]) < 2  # side by side
    font_size = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    assert font_size >= 22, font_size  # larger text than the usual 18px
    screenshot(page, "desk-result")


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_at_phone_width_the_desk_result_shows_one_language_with_a_switch(desk, new_page, javascript):
    server, lang, _ = desk
    page = new_page(viewport=(360, 740), javascript=javascript)
    visit_to_result(page, server.url, lang)
    columns = page.locator("#desk-result .desk-row-today .desk-col")
    assert columns.count() == 2
    assert columns.nth(0).is_visible() and not columns.nth(1).is_visible()  # the client's language first
    assert not page.locator("#desk-result .desk-row-head").is_visible()  # no stacked column labels
    # The public order: today, then who to call, in the one language shown.
    assert page.locator("#today").bounding_box()["y"] < page.locator("#call").bounding_box()["y"]
    page.locator("label[for='desk-show-en']").click()
    assert columns.nth(1).is_visible() and not columns.nth(0).is_visible()
    screenshot(page, f"desk-phone-en-{'js' if javascript else 'no-js'}", full_page=False)
