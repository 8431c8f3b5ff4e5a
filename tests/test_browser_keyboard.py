"""The whole flow with the keyboard alone (Tab, arrows, Space, Enter): focus always visible, and after
every htmx swap on the new page's heading, or on the error summary when an answer is missing.
"""

from __future__ import annotations

import pytest

from app.core import flow_steps
from app.policy import load_packs
from flow_driver import Keyboard, case_named, expected_ids, mark_page, result_ids, run_case, start, submit, wait_for_new_page

CASE = case_named("detained, removal order, hearing soon")  # conditional questions and a multi-select
PACK = load_packs().default


@pytest.fixture(scope="module")
def server(make_live_server):
    return make_live_server(env={"PDS_TODAY": CASE["as_of"]})


@pytest.mark.browser
@pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])
def test_whole_flow_by_keyboard_alone(server, new_page, javascript):
    page = new_page(javascript=javascript)
    keyboard = Keyboard()
    seen: list[str] = []

    def on_page(page, kind):
        # A question page's tab title is its step ("Step 2 of about 8"), never its questions; others name the page.
        named = page.locator("#main .flow-form #progress") if kind == "question" else page.locator("#main h1")
        heading = named.inner_text().strip()
        seen.append(kind)
        assert page.title().startswith(heading), f"title {page.title()!r} is not the page's {heading!r}"
        if javascript:
            assert page.evaluate("() => document.activeElement === document.querySelector('#main h1')"), Keyboard.active(page)

    run_case(page, server.url, CASE, javascript=javascript, person=keyboard, on_page=on_page)
    on_page(page, "result")
    assert result_ids(page) == expected_ids(CASE)
    # every page the flow asks but the first, whose question the start page's button answers
    assert seen.count("question") == len(flow_steps(PACK, CASE["answers"])) - 1 and "check" in seen
    assert keyboard.focus_stops > len(CASE["answers"])  # Tab really moved through the pages


@pytest.mark.browser
def test_missing_answer_focuses_the_error_summary_whose_link_focuses_the_field(server, new_page):
    page = new_page(javascript=True)
    keyboard = Keyboard()
    statuses: list[int] = []
    page.on("response", lambda r: r.request.method == "POST" and statuses.append(r.status))
    start(page, server.url, javascript=True, person=keyboard)

    submit(page, "#main button[name=_go][value=next]", javascript=True, person=keyboard)  # nothing chosen

    assert statuses[-1] == 422
    assert page.evaluate("() => document.activeElement.id") == "error-summary-title"
    assert page.title().startswith("Error:")
    # One link per unanswered question of the page, each to its own first input, naming the question.
    links = page.locator("#main .error-summary a")
    questions = ["court_case", "detained", "removal_order"]
    assert links.count() == len(questions)
    for i, question_id in enumerate(questions):
        first_input = page.locator(f"#main input[name={question_id}]").first
        assert links.nth(i).get_attribute("href") == "#" + first_input.get_attribute("id")
        legend = page.locator(f"#group-{question_id} legend").inner_text().strip()
        assert links.nth(i).inner_text().startswith(legend)
        assert page.locator(f"#group-{question_id} .error-message").count() == 1
    keyboard.press(page, ".error-summary li:first-child a")
    assert page.evaluate("() => document.activeElement.name") == "court_case"
    for question_id in questions:
        keyboard.choose(page, question_id, "no")
    mark_page(page)
    keyboard.press(page, "#main button[name=_go][value=next]")
    wait_for_new_page(page, javascript=True)
    assert statuses[-1] == 200
    assert page.locator("#main input[name=_at]").get_attribute("value") == "arrival"
    assert not page.title().startswith("Error:")
