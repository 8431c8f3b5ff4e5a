"""A lost signal, in a real browser: a step whose request never gets an answer says so in the person's language,
in the form whose button was pressed, keeps every answer on the page, and goes on when the button is pressed again."""

from __future__ import annotations

import pytest

from browser_support import format_violations, run_axe
from embed_support import client_language_dir, translator
from flow_driver import Mouse, case_named, current_questions, start, submit

pytestmark = pytest.mark.browser

CASE = case_named("long-time resident parent")
NOTICE = ("The page could not connect. Check your internet signal, then press the same button again. "
          "Your answers are still on this page. We do not save them.")
SHOWN = "#main form [data-connection-problem]"


@pytest.fixture(scope="module")
def server(make_live_server):
    return make_live_server(env={"PDS_TODAY": CASE["as_of"]})


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_step_that_gets_no_answer_says_so_keeps_the_answers_and_goes_on_when_pressed_again(server, new_page,
                                                                                             tmp_path, lang):
    if lang != "en":
        lang, locales = client_language_dir(tmp_path)
        wanted = translator(locales, lang)(NOTICE)
        assert wanted != NOTICE
    else:
        wanted = NOTICE
    page = new_page()
    start(page, server.url, lang, javascript=True)
    asked = current_questions(page)
    for question_id in asked:
        Mouse().choose(page, question_id, CASE["answers"][question_id])
    assert page.locator(SHOWN).count() == 0 and page.locator("#connection-problem").is_hidden()

    # The network drops every request to the flow: htmx gets no response at all.
    page.route("**/questions", lambda route: route.abort("internetdisconnected"))
    with page.expect_event("requestfailed", predicate=lambda r: r.url.endswith("/questions"), timeout=10_000):
        page.locator("#main button[name=_go][value=next]").click()
    notice = page.locator(SHOWN)
    notice.wait_for(state="visible", timeout=5_000)
    assert notice.count() == 1
    assert " ".join(notice.inner_text().split()) == wanted
    assert notice.get_attribute("role") == "alert"
    # Just above the buttons of the form that was sent, and the page is the same page with the same answers.
    assert page.evaluate("() => document.querySelector('[data-connection-problem]').nextElementSibling"
                         ".classList.contains('actions')")
    assert current_questions(page) == asked
    for question_id in asked:
        assert page.locator(f"#main input[name='{question_id}'][value='{CASE['answers'][question_id]}']").is_checked()
    violations = run_axe(page)
    assert not violations, format_violations(violations)

    # Pressed again (twice, so the notice is not simply left over from the first): still one notice.
    with page.expect_event("requestfailed", predicate=lambda r: r.url.endswith("/questions"), timeout=10_000):
        page.locator("#main button[name=_go][value=next]").click()
    notice.wait_for(state="visible", timeout=5_000)
    assert page.locator("[data-connection-problem]").count() == 1

    # The signal is back: the same press goes on to the next page, and the notice is gone with the old one.
    page.unroute("**/questions")
    submit(page, "#main button[name=_go][value=next]", javascript=True)
    assert current_questions(page) and current_questions(page) != asked
    assert page.locator("[data-connection-problem]").count() == 0


def test_without_javascript_the_notice_is_never_shown(server, new_page):
    """A plain form post that fails is the browser's own error page; the notice stays hidden in every page."""
    page = new_page(javascript=False)
    page.goto(f"{server.url}/en/questions")
    assert page.locator("#connection-problem").is_hidden()
    assert page.locator("[data-connection-problem]").count() == 0
