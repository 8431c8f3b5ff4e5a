"""Issue 24 in a real browser at 360x740, JavaScript on and off, English and Spanish: a relative answering for a
detained person, a person unsure of everything, a language switch with unsent ticks, Back after a switch, and
"Start again" asking first. Screenshots of the relative's and the unsure person's first screens are kept."""

from __future__ import annotations

import re

import pytest

from browser_support import format_violations, run_axe, screenshot
from flow_driver import answer_page, current_questions, page_kind, run_case, start, submit

pytestmark = pytest.mark.browser

SCREEN = (360, 740)
BOTTOM = "el => el.getBoundingClientRect().bottom + window.scrollY"
JS = pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
LANGS = pytest.mark.parametrize("lang", ["en", "es"])

# The brother of the walk (reviews/2026-12-walk.md): answering for a man who is detained with a final order.
BROTHER = {"name": "a relative answering for a detained brother with a final order", "answers": {
    "answering_for": "someone_else", "court_case": "not_sure", "detained": "yes", "removal_order": "yes", "lpr": "no",
    "entry_date": "before_2020_11_01", "entry_manner": "inspected", "years_in_us": "10_or_more",
    "arrived_under_16": "no", "age": "18_to_64", "serious_health": "not_sure", "pregnant_or_nursing": "no",
    "caregiver": "yes", "us_family": "yes", "military": "no", "crime_victim_or_witness": "not_sure",
    "labor_or_housing_dispute": "not_sure", "community_ties": "yes", "relief": ["not_sure"],
    "national_security": "not_sure", "criminal_history": "none"}}


def unsure_everywhere(page, javascript: bool) -> None:
    """Answer every question on every page "not sure" (the multi-selects too), as far as the flow goes."""
    for _ in range(20):
        if page_kind(page) != "question":
            return
        answers = {q: ["not_sure"] if page.locator(f"#main input[name='{q}'][type=checkbox]").count() else "not_sure"
                   for q in current_questions(page)}
        answer_page(page, {"answers": answers}, javascript=javascript)
        assert page_kind(page) in ("question", "check"), "an error page or a bounce: " + page.locator("#main").inner_text()[:300]
    raise AssertionError("the flow never reached the check page")


@LANGS
@JS
def test_a_relative_of_a_detained_person_finds_the_locator_first_and_is_never_told_they_are_detained(
        server, new_page, lang, javascript):
    page = new_page(viewport=SCREEN, javascript=javascript)
    asked = run_case(page, server.url, BROTHER, javascript=javascript, lang=lang)
    assert "answering_for" in asked and "detained" in asked
    locator = page.locator("a[href^='https://locator.ice.gov/']").first
    assert locator.evaluate(BOTTOM) <= SCREEN[1], "the detainee locator is below the first screen"
    main = page.locator("#main").inner_text()
    assert not re.search(r"(?i)you are in detention|usted está en detención|est[áa] usted detenid", main)
    assert page.locator("#step-relative_find_person").count() == 1 and page.locator("#step-detainee_locator").count() == 0
    steps = page.locator("#next-steps li[id^='step-']").evaluate_all("els => els.map(e => e.id)")
    assert steps[:4] == ["step-relative_find_person", "step-relative_find_lawyer", "step-relative_sign_and_pay_nothing",
                         "step-relative_keep_papers"], "the next steps start with what a relative can do"
    if javascript:
        screenshot(page, f"first-screen-relative-{lang}", full_page=False)
        violations = run_axe(page)
        assert not violations, format_violations(violations)


@LANGS
@JS
def test_a_person_unsure_of_everything_reaches_the_result_with_no_error(server, new_page, lang, javascript):
    page = new_page(viewport=SCREEN, javascript=javascript)
    start(page, server.url, lang, javascript=javascript)
    unsure_everywhere(page, javascript)
    rows = page.locator("#main dd").all_inner_texts()
    assert sum("not sure" in r.lower() or "no lo sé" in r.lower() for r in rows) >= 15, rows  # shown as "not sure"
    submit(page, "#main .check-form button[data-step-next]", javascript=javascript)
    assert page_kind(page) == "result"
    unclear = page.locator("#unclear")
    assert unclear.count() == 1 and unclear.locator("h3").count() == 0, "no heading names a category left open"
    assert page.locator("#unclear-national_security").inner_text().strip()  # one line: the question a lawyer asks
    if javascript:
        screenshot(page, f"first-screen-unsure-{lang}", full_page=False)
        violations = run_axe(page)
        assert not violations, format_violations(violations)


@JS
def test_a_language_switch_keeps_the_unsent_ticks_and_the_step(server, new_page, javascript):
    page = new_page(viewport=SCREEN, javascript=javascript)
    start(page, server.url, "en", javascript=javascript)
    assert current_questions(page) == ["court_case", "detained", "removal_order"]
    page.check("#court_case-no")
    page.check("#detained-not_sure")  # ticked here, never sent
    submit(page, "#language-switch button[lang=es]", javascript=javascript)
    assert current_questions(page) == ["court_case", "detained", "removal_order"]
    assert page.locator("#court_case-no").is_checked() and page.locator("#detained-not_sure").is_checked()
    assert page.locator("html").get_attribute("lang") == "es" and page.locator("#quick-exit").inner_text() == "Salir rápido de este sitio"
    assert page.locator(".error-summary").count() == 0


def test_with_javascript_back_after_a_switch_keeps_every_answer(server, new_page):
    page = new_page(viewport=SCREEN, javascript=True)
    start(page, server.url, "en", javascript=True)
    answer_page(page, {"answers": {"court_case": "no", "detained": "no", "removal_order": "no"}}, javascript=True)
    answer_page(page, {"answers": {"lpr": "no", "entry_date": "before_2020_11_01", "entry_manner": "inspected",
                                   "years_in_us": "5_to_9", "arrived_under_16": "no"}}, javascript=True)
    assert current_questions(page)[0] == "age"
    page.check("#age-18_to_64")
    submit(page, "#language-switch button[lang=es]", javascript=True)
    assert page.locator("#age-18_to_64").is_checked()
    page.go_back()  # to the page before, in the new language, with its answers
    page.wait_for_function("() => document.querySelector('#main input[name=lpr]') !== null")
    assert page.locator("#lpr-no").is_checked() and page.locator("#entry_manner-inspected").is_checked()
    assert page.locator("html").get_attribute("lang") == "es"
    page.go_back()
    page.wait_for_function("() => document.querySelector('#main input[name=court_case]') !== null")
    assert page.locator("#court_case-no").is_checked() and page.locator("#removal_order-no").is_checked()


@JS
def test_start_again_asks_first_and_no_keeps_the_answers(server, new_page, javascript):
    page = new_page(viewport=SCREEN, javascript=javascript)
    start(page, server.url, "en", javascript=javascript)
    answer_page(page, {"answers": {"court_case": "no", "detained": "no", "removal_order": "no"}}, javascript=javascript)
    if javascript:
        page.click("#site-footer [data-start-again]")
        dialog = page.locator("#start-over-dialog")
        assert dialog.is_visible()
        page.click("#start-over-dialog [data-confirm-no]")
        assert not dialog.is_visible() and current_questions(page)[0] == "lpr"
        page.click("#site-footer [data-start-again]")
        page.click("#start-over-dialog [data-confirm-yes]")
        page.wait_for_url(re.compile(r"/en/$"))
        assert page.locator(".start-form").count() == 1
    else:
        submit(page, "#site-footer [data-start-again]", javascript=False)
        assert page.locator("h1").inner_text() == "Erase every answer?"
        submit(page, "#start-over-no", javascript=False)
        assert current_questions(page)[0] == "lpr"  # where the flow stood, with its answers
        submit(page, "#site-footer [data-start-again]", javascript=False)
        submit(page, "#start-over-yes", javascript=False)
        assert page.locator(".start-form").count() == 1


def test_the_quick_exit_never_asks(server, new_page):
    page = new_page(viewport=SCREEN, javascript=True)
    page.route(re.compile(r"^https://www\.google\.com/.*"), lambda route: route.fulfill(status=200, body="weather"))
    start(page, server.url, "en", javascript=True)
    answer_page(page, {"answers": {"court_case": "no", "detained": "no", "removal_order": "no"}}, javascript=True)
    page.click("#quick-exit")
    page.wait_for_url(re.compile(r"^https://www\.google\.com/"))
    assert not page.locator("#start-over-dialog").count()


@pytest.fixture(scope="module")
def server(make_live_server):
    return make_live_server(env={"PDS_TODAY": "2026-12-04"})
