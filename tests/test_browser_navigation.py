"""Moving around the flow, with JavaScript on and off: the Back link (also across the page of conditional
questions), changing an answer from the check page, the other policy's result, refresh, and quick exit.
(The browser's own Back and Forward, and the refresh warning with JavaScript on: test_browser_history.py.)
"""

from __future__ import annotations

import pytest

from flow_driver import (
    Mouse, answer_pairs, case_named, current_questions, page_kind, post_form, start, submit,
)

CASE = case_named("long-time resident parent")  # court_case=no: the conditional questions are skipped
NEXT = "#main button[name=_go][value=next]"
BACK = "#main button[name=_go][value=back]"
JS = pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])


@pytest.fixture(scope="module")
def server(make_live_server):
    return make_live_server(env={"PDS_TODAY": CASE["as_of"]})


FIRST_PAGE = ["court_case", "detained", "removal_order"]
COURT_PAGE = ["hearing_soon", "has_lawyer"]


def answer(page, answers: dict[str, str], *, javascript: bool) -> None:
    """Choose these answers on the page on show (it must ask each of them) and continue."""
    assert set(answers) <= set(current_questions(page)), current_questions(page)
    for question_id, value in answers.items():
        Mouse().choose(page, question_id, value)
    submit(page, NEXT, javascript=javascript)


def checked(page, question_id: str) -> list[str]:
    return page.eval_on_selector_all(f"#main input[name='{question_id}']:checked", "els => els.map(e => e.value)")


def hidden_answers(page) -> dict[str, list[str]]:
    """The answers the page's flow form carries (the result page has other forms that carry them too)."""
    pairs = page.evaluate("""() => {
        const form = document.querySelector('#main form.result-actions') || document.querySelector('#main form');
        return [...form.querySelectorAll('input[type=hidden]')].map(e => [e.name, e.value]);
    }""")
    answers: dict[str, list[str]] = {}
    for name, value in pairs:
        if not name.startswith("_"):
            answers.setdefault(name, []).append(value)
    return answers


@pytest.mark.browser
@JS
def test_back_link_walks_back_across_conditional_questions_keeping_answers(server, new_page, javascript):
    page = new_page(javascript=javascript)
    start(page, server.url, javascript=javascript)
    answer(page, {"court_case": "yes", "detained": "no", "removal_order": "no"}, javascript=javascript)
    answer(page, {"hearing_soon": "no", "has_lawyer": "yes"}, javascript=javascript)
    assert current_questions(page)[0] == "lpr"

    for questions, values in ((COURT_PAGE, ["no", "yes"]), (FIRST_PAGE, ["yes", "no", "no"])):
        submit(page, BACK, javascript=javascript)
        assert current_questions(page) == questions
        assert [checked(page, q) for q in questions] == [[v] for v in values]

    answer(page, {"court_case": "no"}, javascript=javascript)  # closes the page of conditional questions
    assert current_questions(page)[0] == "lpr"
    assert "hearing_soon" not in hidden_answers(page) and "has_lawyer" not in hidden_answers(page)
    submit(page, BACK, javascript=javascript)
    assert current_questions(page) == FIRST_PAGE
    submit(page, "#main a.back-link", javascript=javascript)  # the first page's Back is a link to the start
    assert page.locator("#main .start-form").count() == 1


@pytest.mark.browser
@JS
def test_change_from_check_page_asks_new_questions_then_returns_and_other_policy_result(server, new_page, javascript):
    page = new_page(javascript=javascript)
    post_form(page, f"{server.url}/en/questions", [*answer_pairs(CASE["answers"]), ("_go", "check"), ("_policy", "doyle-2022")])
    assert page_kind(page) == "check"

    submit(page, "#main button[name=_change][value=court_case]", javascript=javascript)  # formaction + name/value
    assert current_questions(page) == FIRST_PAGE and checked(page, "court_case") == ["no"]
    assert checked(page, "detained") == ["no"]  # the rest of the page keeps its answers
    assert page.locator("#main button[name=_go][value=check]").count() == 1  # "Back to your answers"
    answer(page, {"court_case": "yes"}, javascript=javascript)
    answer(page, {"hearing_soon": "no", "has_lawyer": "no"}, javascript=javascript)  # only what the change opened
    assert page_kind(page) == "check"
    assert page.locator("#answer-has_lawyer .summary-value").inner_text().strip() == "No"

    submit(page, "#main button[name=_change][value=detained]", javascript=javascript)
    submit(page, "#main button[name=_go][value=check]", javascript=javascript)  # back without changing
    assert page_kind(page) == "check"

    submit(page, "#main .check-form button[data-step-next]", javascript=javascript)
    assert page_kind(page) == "result"
    assert page.locator("#urgent-no_lawyer").count() == 1
    assert page.locator("#main .result-actions input[name=_policy]").get_attribute("value") == "doyle-2022"

    submit(page, "#main .result-actions button[formaction$='/result']", javascript=javascript)
    assert page_kind(page) == "result"
    assert page.locator("#main .result-actions input[name=_policy]").get_attribute("value") == "trasvina-2021"
    assert page.locator("#policy-status").get_attribute("data-status") == "ended"
    assert hidden_answers(page)["court_case"] == ["yes"]

    submit(page, "#main .result-actions button[name=_go][value=check]", javascript=javascript)
    assert page_kind(page) == "check"


@pytest.mark.browser
def test_refresh_without_javascript_shows_the_same_question_with_the_same_answers(server, new_page):
    page = new_page(javascript=False)
    start(page, server.url, javascript=False)
    answer(page, {"court_case": "no", "detained": "no", "removal_order": "no"}, javascript=False)
    before = (current_questions(page), hidden_answers(page))
    page.reload()
    assert (current_questions(page), hidden_answers(page)) == before


EXIT_PAGE = "<!doctype html><title>Weather</title><h1>Weather</h1>"


def route_exit(page, server_url: str) -> None:
    """Serve every other origin (the quick-exit site) from the test, so nothing leaves this machine."""
    page.context.route(lambda url: not url.startswith(server_url),
                       lambda route: route.fulfill(status=200, content_type="text/html", body=EXIT_PAGE))


def exit_url(page) -> str:
    return page.locator("body").get_attribute("data-quick-exit")


@pytest.mark.browser
@pytest.mark.parametrize("how", ["button", "shift-3-times"])
def test_quick_exit_replaces_the_page_so_back_does_not_return(server, new_page, how):
    page = new_page(javascript=True)
    route_exit(page, server.url)
    start(page, server.url, javascript=True)
    answer(page, {"court_case": "yes", "detained": "no", "removal_order": "no"}, javascript=True)
    configured = exit_url(page)
    assert page.locator("#quick-exit").is_visible()

    if how == "button":
        page.locator("#quick-exit").click()
    else:
        for _ in range(3):
            page.keyboard.press("Shift")
    page.wait_for_url(configured)
    assert page.title() == "Weather"

    page.go_back()
    assert not page.url.startswith(f"{server.url}/en/"), f"Back returned to {page.url}"


@pytest.mark.browser
def test_quick_exit_without_javascript_is_a_plain_link(server, new_page):
    page = new_page(javascript=False)
    route_exit(page, server.url)
    start(page, server.url, javascript=False)
    configured = exit_url(page)
    link = page.locator("#quick-exit")
    assert link.evaluate("a => a.tagName") == "A" and link.get_attribute("href") == configured
    link.click()
    page.wait_for_url(configured)
    assert page.title() == "Weather"
