"""The browser's own Back, Forward and refresh with JavaScript on: a history entry per step that holds only a
step number, Back and Forward that keep the answers (taken from the page's own fields), a warning before a
refresh loses them, and nothing to see with Back after quick exit or "Start again", with the back-forward
cache on.
"""

from __future__ import annotations

import pytest

from flow_driver import Mouse, case_named, current_questions, mark_page, page_kind, start, submit, wait_for_new_page

CASE = case_named("long-time resident parent")
NEXT = "#main button[name=_go][value=next]"
EXIT_PAGE = "<!doctype html><title>Weather</title><h1>Weather</h1>"
EXIT_PAGE_URL = "https://news.example.org/"  # any other site, served by route_exit
# Everything on the page that could carry an answer: a checked choice, or a hidden field named by a question.
ANSWERS_ON_PAGE_JS = """() => [...document.querySelectorAll('input')]
    .filter(i => (i.type === 'hidden' && !i.name.startsWith('_')) || ((i.type === 'radio' || i.type === 'checkbox') && i.checked))
    .map(i => i.name + '=' + i.value)"""

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(make_live_server):
    return make_live_server(env={"PDS_TODAY": CASE["as_of"]})


def answer_page(page) -> list[str]:
    """Choose the case's answers on the page on show and continue; returns the questions it asked."""
    asked = current_questions(page)
    for question_id in asked:
        Mouse().choose(page, question_id, CASE["answers"][question_id])
    submit(page, NEXT, javascript=True)
    return asked


def checked(page) -> dict[str, list[str]]:
    """The choices checked on the page on show, by question."""
    pairs = page.eval_on_selector_all("#main input:checked", "els => els.map(e => [e.name, e.value])")
    chosen: dict[str, list[str]] = {}
    for name, value in pairs:
        chosen.setdefault(name, []).append(value)
    return chosen


def expected(questions: list[str]) -> dict[str, list[str]]:
    return {q: [v] if isinstance(v := CASE["answers"][q], str) else list(v) for q in questions}


def travel(page, how: str) -> None:
    """The browser's Back or Forward, then wait for the step it shows."""
    mark_page(page)
    page.go_back() if how == "back" else page.go_forward()
    wait_for_new_page(page, javascript=True)


def test_back_and_forward_through_four_steps_keep_the_answers_and_the_history_holds_none(server, new_page):
    page = new_page(javascript=True, bfcache=True)
    start(page, server.url, javascript=True)
    pages = [answer_page(page) for _ in range(4)]
    fifth = current_questions(page)
    states = [page.evaluate("() => history.state.pdsStep")]
    visit = page.evaluate("() => history.state.pdsVisit")

    for questions in reversed(pages):
        travel(page, "back")
        assert current_questions(page) == questions
        assert checked(page) == expected(questions)
        states.append(page.evaluate("() => history.state.pdsStep"))
        assert page.evaluate("() => Object.keys(history.state).sort()") == ["pdsStep", "pdsVisit"]
        assert page.evaluate("() => history.state.pdsVisit") == visit
    for questions in pages[1:] + [fifth]:
        travel(page, "forward")
        assert current_questions(page) == questions
        if questions != fifth:
            assert checked(page) == expected(questions)
    assert page_kind(page) == "question" and page.url == f"{server.url}/en/"  # no answer ever in the address
    assert states == [5, 4, 3, 2, 1]  # a step number and the page load's random id, nothing else


def test_the_page_back_button_and_the_browser_back_walk_the_same_history(server, new_page):
    page = new_page(javascript=True, bfcache=True)
    start(page, server.url, javascript=True)
    first, second = answer_page(page), answer_page(page)
    submit(page, "#main button[name=_go][value=back]", javascript=True)  # the page's own Back
    assert current_questions(page) == second and checked(page) == expected(second)
    assert page.evaluate("() => history.state.pdsStep") == 2
    travel(page, "back")
    assert current_questions(page) == first and checked(page) == expected(first)
    travel(page, "forward")
    assert current_questions(page) == second


def test_a_refresh_asks_before_it_loses_the_answers(server, new_page):
    page = new_page(javascript=True, bfcache=True)
    start(page, server.url, javascript=True)
    asked = answer_page(page)
    dialogs: list[str] = []

    def on_dialog(dialog):
        dialogs.append(dialog.type)
        dialog.accept()

    page.on("dialog", on_dialog)
    page.reload()
    assert dialogs == ["beforeunload"]
    assert page.locator("#main .start-form").count() == 1 and not page.evaluate(ANSWERS_ON_PAGE_JS)
    assert asked  # the page did hold answers before


def test_no_warning_on_a_page_without_answers(server, new_page):
    page = new_page(javascript=True, bfcache=True)
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.type), d.accept()))
    start(page, server.url, javascript=True)
    page.reload()
    assert dialogs == []


def route_exit(page, server_url: str) -> None:
    """Serve every other origin (the quick-exit site) from the test, so nothing leaves this machine."""
    page.context.route(lambda url: not url.startswith(server_url),
                       lambda route: route.fulfill(status=200, content_type="text/html", body=EXIT_PAGE))


def test_the_back_forward_cache_is_on(server, new_page):
    """The cases below mean something only if Chromium keeps pages for Back: prove that it does."""
    page = new_page(javascript=True, bfcache=True)
    page.goto(f"{server.url}/en/safety")
    page.evaluate("() => { window.kept = 'still here'; }")
    page.locator("#main a.button[href='/en/']").click()  # "Go to the start", a plain link
    page.wait_for_url(f"{server.url}/en/")
    page.go_back(wait_until="commit")  # a page restored from the cache fires no load event
    page.wait_for_function("() => document.readyState === 'complete'")
    assert page.evaluate("() => window.kept") == "still here"


@pytest.mark.parametrize("how", ["quick exit", "start again"])
def test_back_after_leaving_goes_to_the_page_before_this_site_and_forward_shows_no_answer(server, new_page, how):
    page = new_page(javascript=True, bfcache=True)
    route_exit(page, server.url)
    page.goto(EXIT_PAGE_URL)  # where the person was before
    page.goto(f"{server.url}/en/")
    submit(page, "#main .start-form button[value=self]", javascript=True)
    answer_page(page), answer_page(page)
    Mouse().choose(page, current_questions(page)[0], CASE["answers"][current_questions(page)[0]])
    assert page.evaluate(ANSWERS_ON_PAGE_JS)
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.type), d.accept()))

    if how == "quick exit":
        exit_url = page.locator("body").get_attribute("data-quick-exit")
        page.locator("#quick-exit").click()
        page.wait_for_url(exit_url)
    else:
        page.locator(".footer-links [data-start-again]").click()
        page.click("#start-over-dialog [data-confirm-yes]")  # it asks first (issue 24)
        page.wait_for_function("() => document.querySelector('#main .start-form')")
    page.go_back(wait_until="commit")
    page.wait_for_url(EXIT_PAGE_URL, wait_until="commit")  # Back leaves this site: its steps are not behind the page left to
    for _ in range(3):  # Forward through every entry the visit left behind: none shows an answer
        page.go_forward(wait_until="commit")
        # A page that comes back from the cache emptied goes on to the start page: wait for it.
        page.wait_for_function("""() => document.readyState === 'complete'
            && (!location.href.startsWith(%r) || document.querySelector('#main .start-form'))""" % server.url)
        assert not page.evaluate(ANSWERS_ON_PAGE_JS), page.url
    assert dialogs == []  # leaving on purpose never asks
