"""The whole flow with the keyboard alone (Tab, arrows, Space, Enter): focus always visible, and after
every htmx swap on the new page's heading, or on the error summary when an answer is missing.
"""

from __future__ import annotations

import pytest

from flow_driver import Keyboard, case_named, expected_ids, mark_page, result_ids, run_case, start, submit, wait_for_new_page

CASE = case_named("detained, removal order, hearing soon")  # conditional questions and a multi-select


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
        heading = page.locator("#main h1").inner_text().strip()
        seen.append(kind)
        assert page.title().startswith(heading), f"title {page.title()!r} is not the page's heading {heading!r}"
        if javascript:
            assert page.evaluate("() => document.activeElement === document.querySelector('#main h1')"), Keyboard.active(page)

    run_case(page, server.url, CASE, javascript=javascript, person=keyboard, on_page=on_page)
    on_page(page, "result")
    assert result_ids(page) == expected_ids(CASE)
    assert seen.count("question") == len(CASE["answers"]) and "check" in seen
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
    link = page.locator("#main .error-summary a")
    first_input = page.locator("#main input[name=court_case]").first
    assert link.get_attribute("href") == "#" + first_input.get_attribute("id")
    keyboard.press(page, ".error-summary a")
    assert page.evaluate("() => document.activeElement.name") == "court_case"
    keyboard.choose(page, "court_case", "no")
    mark_page(page)
    keyboard.press(page, "#main button[name=_go][value=next]")
    wait_for_new_page(page, javascript=True)
    assert statuses[-1] == 200
    assert page.locator("#main input[name=_at]").get_attribute("value") == "detained"
    assert not page.title().startswith("Error:")
