"""Drives the questionnaire in a real browser as a person would: answers whatever page is showing.

A question page names its inputs by question id and gives them the contract's values, so the driver
reads which questions are on show from the inputs and needs no knowledge of the pages or their order;
a conditional question appears only when the web flow decides to ask it.

    from flow_driver import CASES, case_named, run_case
    run_case(page, server.url, case_named("entered without inspection in 2022, no record"))   # ends on the result page
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import TimeoutError as PlaywrightTimeout

CASES_FILE = Path(__file__).resolve().parent / "data" / "example-cases.json"
CASES: list[dict] = json.loads(CASES_FILE.read_text(encoding="utf-8"))
MAX_STEPS = 60  # more than every question plus the check page; stops a loop that never ends

# True when focus is drawn: a non-none outline, or a box-shadow (the focus style uses both).
FOCUS_IS_VISIBLE_JS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return false;
  const s = getComputedStyle(el);
  const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2 && s.outlineColor !== 'rgba(0, 0, 0, 0)';
  return outline || (s.boxShadow && s.boxShadow !== 'none');
}"""


def case_named(prefix: str) -> dict:
    matches = [c for c in CASES if c["name"].startswith(prefix)]
    assert len(matches) == 1, f"{prefix!r} matches {[c['name'] for c in matches]}"
    return matches[0]


def values_of(answer: str | list[str]) -> list[str]:
    return [answer] if isinstance(answer, str) else list(answer)


PAGE_STATE_JS = """() => {
  const choices = [...document.querySelectorAll('#main form.flow-form input[type=radio], #main form.flow-form input[type=checkbox]')];
  const kind = choices.length ? 'question' : document.querySelector('#main .check-form') ? 'check'
             : document.querySelector('#main .result-actions') ? 'result' : 'other';
  return [kind, [...new Set(choices.map(c => c.name))]];
}"""


def current_questions(page) -> list[str]:
    """The question ids the page asks (the names of its choices, in page order); empty on any other page."""
    return page.evaluate(PAGE_STATE_JS)[1]


def current_question(page) -> str | None:
    """The first question the page asks, or None on any other page."""
    return next(iter(current_questions(page)), None)


def page_kind(page) -> str:
    """question, check, result or other: what #main shows (one round trip to the browser)."""
    return page.evaluate(PAGE_STATE_JS)[0]


def mark_page(page) -> None:
    """Tag the current heading so `wait_for_new_page` can tell when it has been replaced."""
    page.evaluate("() => { const h = document.querySelector('#main h1'); if (h) h.dataset.stale = '1'; }")


def wait_for_new_page(page, *, javascript: bool = True) -> None:
    """Wait until an htmx swap has put a new page in #main, settled, and moved focus to its heading.

    Only for pages that run scripts: a page with JavaScript disabled never runs the polling timers that
    `wait_for_function` relies on, so a no-JS step waits for its navigation instead (see `submit`).
    """
    assert javascript, "a page without JavaScript changes by navigating: press inside submit(), which waits for it"
    try:
        page.wait_for_function(
            """() => { const h = document.querySelector('#main h1');
                       return h && !h.dataset.stale && !document.querySelector('.htmx-request, .htmx-settling')
                              && (document.activeElement === h || document.activeElement.closest('.error-summary')); }""",
            polling=50, timeout=10_000,
        )
    except PlaywrightTimeout as exc:
        raise AssertionError(f"no new settled page within 10 s: {page_state(page)}") from exc


PAGE_DIAGNOSIS_JS = """() => {
  const h = document.querySelector('#main h1'), a = document.activeElement;
  const navigation = performance.getEntriesByType('navigation')[0];
  return {url: location.href, readyState: document.readyState, hasFocus: document.hasFocus(),
          heading: h ? h.textContent.trim().slice(0, 80) : null, stale: !!(h && h.dataset.stale),
          busy: [...document.querySelectorAll('.htmx-request, .htmx-settling')].map(e => e.tagName + '.' + e.className),
          active: a ? a.outerHTML.slice(0, 120) : null, visibility: document.visibilityState,
          ms: {now: Math.round(performance.now()), load: Math.round(navigation ? navigation.loadEventEnd : -1),
               paints: performance.getEntriesByType('paint').map(p => p.name + ' ' + Math.round(p.startTime))}};
}"""


def page_state(page) -> str:
    """What the page shows, for a failure message: its address, heading, whether it is stale, busy or focused,
    and (in ms since its navigation began) the time, its load event and its paints."""
    owner = getattr(page, "page", page)  # a frame's page holds what the context recorded (conftest.new_page)
    troubles = getattr(owner, "troubles", [])[-10:]
    requested = getattr(owner, "requested_urls", [])[-4:]
    try:
        state = str(page.evaluate(PAGE_DIAGNOSIS_JS))
    except Exception as exc:  # noqa: BLE001 - a failure message must not raise in turn
        state = f"(could not read the page: {exc})"
    return f"{state}; browser troubles: {troubles or 'none'}; last requests: {requested}"


FIRST_PAINT_JS = "() => performance.getEntriesByType('paint').some(p => p.name === 'first-contentful-paint')"


def wait_for_first_paint(page, *, timeout_s: float = 10.0) -> None:
    """Wait until the document on show has been painted (its first contentful paint was presented).

    A navigation wait ends at the load event, which can come before the new document's first paint, and input
    sent in that gap can be lost without a trace. Seen in a cross-site frame without scripts on a busy machine:
    load at 68 ms, first paint at 204 ms, and a radio clicked in between stayed unticked and never matched
    :hover, so not even the pointer's move reached the new document. (Likely the browser still routed input by
    the old frame's surface; not proven.) Waiting for the paint made it go away: 250 of 250 repeats under load,
    against about 1 in 50 failing before. A person cannot press what has not been shown yet either.

    A frame scrolled out of view is never painted: bring it into view first (embed_support.wait_for_host).
    """
    deadline = time.monotonic() + timeout_s
    while not page.evaluate(FIRST_PAINT_JS):  # polled from here: a page without scripts runs no timers
        if time.monotonic() > deadline:
            raise AssertionError(f"the page was not painted within {timeout_s:g} s: {page_state(page)}")
        page.wait_for_timeout(20)


def goto(page, url: str) -> None:
    """Open `url` and wait until it has been painted, so the next click or key reaches it."""
    page.goto(url)
    wait_for_first_paint(page)


def check(page, selector: str) -> None:
    """Tick a radio or checkbox; if the tick does not take, say what the page showed."""
    try:
        page.locator(selector).check()
    except PlaywrightError as exc:
        raise AssertionError(f"{selector} could not be ticked: {page_state(page)}\n{exc}") from exc


class Mouse:
    """Answers by clicking, like most people."""

    def press(self, page, selector: str) -> None:
        page.locator(selector).click()

    def choose(self, page, question_id: str, answer: str | list[str]) -> None:
        for value in values_of(answer):
            check(page, f"#main input[name='{question_id}'][value='{value}']")


class Keyboard:
    """Answers with Tab, arrow keys, Space and Enter only; checks that every element Tab reaches shows its focus."""

    MAX_TABS = 80

    def __init__(self):
        self.focus_stops = 0

    def tab_to(self, page, selector: str) -> None:
        """Press Tab until the focused element matches `selector` (no Tab if it already does)."""
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
        for _ in range(self.MAX_TABS):
            page.keyboard.press("Tab")
            self.focus_stops += 1
            assert page.evaluate(FOCUS_IS_VISIBLE_JS), f"focus is not visible on {self.active(page)}"
            if page.evaluate("s => document.activeElement.matches(s)", selector):
                return
        raise AssertionError(f"Tab never reached {selector}")

    @staticmethod
    def active(page) -> str:
        return page.evaluate("() => document.activeElement.outerHTML.slice(0, 160)")

    def press(self, page, selector: str) -> None:
        self.tab_to(page, selector)
        page.keyboard.press("Enter")

    def choose(self, page, question_id: str, answer: str | list[str]) -> None:
        wanted = values_of(answer)
        kind = page.locator(f"#main input[name='{question_id}']").first.get_attribute("type")
        if kind == "checkbox":
            for value in wanted:
                self.tab_to(page, f"input[name='{question_id}'][value='{value}']")
                page.keyboard.press("Space")
            return
        self.tab_to(page, f"input[name='{question_id}']")  # Tab enters a radio group once
        target = f"input[name='{question_id}'][value='{wanted[0]}']"
        for _ in range(page.locator(f"#main input[name='{question_id}']").count()):
            if page.evaluate("s => document.activeElement.matches(s)", target):
                break
            page.keyboard.press("ArrowDown")  # moves to and selects the next radio
        page.keyboard.press("Space")
        assert page.locator(target).is_checked()


def submit(page, button_selector: str, *, javascript: bool, person=None) -> None:
    """Press a submit button (by mouse unless another `person` is given) and wait for the page it leads to."""
    person = person or Mouse()
    if not javascript:
        # The form posts and the browser loads the answer as a new document; wait for that document's load event
        # (a wait begun after the press could see the old document's, and a page without scripts cannot be polled).
        try:
            with page.expect_navigation(wait_until="load", timeout=10_000):
                person.press(page, button_selector)
        except PlaywrightTimeout as exc:
            raise AssertionError(f"no new page loaded within 10 s: {page_state(page)}") from exc
        wait_for_first_paint(page)
        return
    mark_page(page)
    person.press(page, button_selector)
    wait_for_new_page(page)


def start(page, base_url: str, lang: str = "en", *, javascript: bool, person=None, answering_for: str = "self") -> None:
    """The start page, then its button for who the answers are for (the first question, answering_for)."""
    goto(page, f"{base_url}/{lang}/")
    submit(page, f"#main .start-form button[name=answering_for][value={answering_for}]", javascript=javascript,
           person=person)


def answer_page(page, case: dict, *, javascript: bool, person=None) -> list[str]:
    """Answer every question on the page as the case does and continue; returns their ids."""
    person = person or Mouse()
    question_ids = current_questions(page)
    for question_id in question_ids:
        assert question_id in case["answers"], f"the flow asked {question_id!r}, which the case does not answer"
        person.choose(page, question_id, case["answers"][question_id])
    submit(page, "#main button[name=_go][value=next]", javascript=javascript, person=person)
    return question_ids


def run_case(page, base_url: str, case: dict, *, javascript: bool, lang: str = "en", person=None,
             on_page=None) -> list[str]:
    """From the start page to the result page; returns the question ids asked, in order.

    `person` is Mouse() (default) or Keyboard(); `on_page(page, kind)` is called on every page before it is answered
    (and on the result page).
    """
    start(page, base_url, lang, javascript=javascript, person=person,
          answering_for=case["answers"].get("answering_for", "self"))
    asked: list[str] = ["answering_for"]  # the start page's button answered it
    for _ in range(MAX_STEPS):
        kind = page_kind(page)
        if on_page:
            on_page(page, kind)
        if kind == "question":
            asked += answer_page(page, case, javascript=javascript, person=person)
        elif kind == "check":
            submit(page, "#main .check-form button[data-step-next]", javascript=javascript, person=person)
        elif kind == "result":
            return asked
        else:
            raise AssertionError(f"unexpected page: {page.title()!r}\n{page.locator('#main').inner_text()[:500]}")
    raise AssertionError(f"no result page after {MAX_STEPS} steps")


def _contract_ids() -> dict[str, set[str]]:
    """Every id a result block may name, from the policy data (so headings like `urgent-title` are not mistaken for blocks)."""
    from app.core.model import ASSESSMENTS
    from app.policy import load_packs

    packs = list(load_packs())
    return {
        "factor": {f.id for p in packs for f in p.factors},
        "urgent": {u.id for p in packs for u in p.urgent_flags},
        "priority": {c.id for p in packs for c in p.priorities},
        "unclear": {c.id for p in packs for c in p.priorities},
        "assessment": set(ASSESSMENTS),
    }


def result_ids(page) -> dict[str, list[str]]:
    """The result blocks on the page, as {prefix: [contract ids]} in page order (`factor-us_family` -> factor: us_family)."""
    known = _contract_ids()
    ids: list[str] = page.eval_on_selector_all("#main [id]", "els => els.map(e => e.id)")
    grouped: dict[str, list[str]] = {prefix: [] for prefix in known}
    for element_id in ids:
        prefix, _, rest = element_id.partition("-")
        if rest in known.get(prefix, ()):
            grouped[prefix].append(rest)
    return grouped


def expected_ids(case: dict) -> dict[str, list[str]]:
    expect = case["expect"]
    return {
        "factor": expect["favorable_factors"] + expect["aggravating_factors"],
        "urgent": expect["urgent"],
        "priority": expect["priorities"],
        "unclear": expect["unclear"],
        "assessment": [expect["assessment"]],
    }


class Watch:
    """Records what a page's context sends and receives: response headers, console errors (CSP reports included)."""

    def __init__(self, page):
        self.page = page
        self.responses: list[tuple[str, int, dict[str, str]]] = []
        self.console_errors: list[str] = []
        page.context.on("response", lambda r: self.responses.append((r.url, r.status, r.all_headers())))
        page.on("console", lambda m: m.type == "error" and self.console_errors.append(m.text))
        page.on("pageerror", lambda e: self.console_errors.append(str(e)))

    def set_cookie_headers(self) -> list[str]:
        return [f"{url}: {h['set-cookie']}" for url, _, h in self.responses if "set-cookie" in h]


def answer_pairs(answers: dict) -> list[tuple[str, str]]:
    return [(question_id, v) for question_id, answer in answers.items() for v in values_of(answer)]


def post_form(page, url: str, pairs: list[tuple[str, str]]) -> None:
    """Load the page a form POST of `pairs` to `url` returns, as a full page (works with JavaScript off too)."""
    with page.expect_navigation():
        page.evaluate(
            """([url, pairs]) => {
                const form = document.createElement('form');
                form.method = 'post'; form.action = url;
                for (const [name, value] of pairs) {
                    const input = document.createElement('input');
                    input.type = 'hidden'; input.name = name; input.value = value;
                    form.appendChild(input);
                }
                document.body.appendChild(form);
                form.submit();
            }""",
            [url, pairs],
        )
    wait_for_first_paint(page)
