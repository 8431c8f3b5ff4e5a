"""The whole flow in Spanish in a real browser, with JavaScript on (htmx swaps) and off (plain forms):
every screen is Spanish, and the language switch on the result keeps the answers."""

from __future__ import annotations

import re

import pytest
from browser_support import format_violations, run_axe
from flow_driver import goto, wait_for_first_paint
from i18n_support import RAISE_EVERYTHING, foreign_blocks, parse_page

pytestmark = pytest.mark.browser


def _current_page(page) -> str | None:
    field = page.locator('form.flow-form input[name="_at"]')
    return field.get_attribute("value") if field.count() else None


def _questions_on(page) -> list[str]:
    names = page.eval_on_selector_all("form.flow-form .choice-input", "els => els.map(e => e.name)")
    return list(dict.fromkeys(names))


def _answer(page, question: str) -> None:
    wanted = RAISE_EVERYTHING.get(question)
    values = [wanted] if isinstance(wanted, str) else (wanted or [])
    if values:
        for value in values:
            page.locator(f'label[for="{question}-{value}"]').click()
    else:
        page.locator(f'form.flow-form label[for^="{question}-"]').first.click()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_the_flow_runs_in_spanish(new_page, live_server, javascript):
    page = new_page(javascript=javascript)
    page.set_default_timeout(10_000)
    goto(page, f"{live_server.url}/es/")
    assert page.locator("html").get_attribute("lang") == "es"
    page.get_by_role("button", name="Contestar sobre mí").click()
    page.wait_for_selector("form.flow-form")
    wait_for_first_paint(page)  # without scripts the step is a new document: it takes input once painted
    seen = []
    for _ in range(30):  # bounded: about 10 pages
        page_id = _current_page(page)
        if page_id is None:
            break
        seen.append(page_id)
        problems = foreign_blocks(parse_page(page.content()).blocks, "es")
        assert not problems, f"{page_id}: {problems}"
        for question in _questions_on(page):
            _answer(page, question)
        page.get_by_role("button", name="Seguir").click()
        page.wait_for_selector(f'form.flow-form input[name="_at"]:not([value="{page_id}"]), form.check-form', state="attached")
        wait_for_first_paint(page)
    assert len(seen) == len(set(seen)) >= 9 and "since" in seen
    page.wait_for_selector("form.check-form")
    assert not foreign_blocks(parse_page(page.content()).blocks, "es")
    page.get_by_role("button", name="Ver mi resultado").click()
    page.wait_for_selector("#next-steps")
    wait_for_first_paint(page)
    html = page.content()
    assert page.locator("h1").first.inner_text() == "Su resultado"
    assert not foreign_blocks(parse_page(html).blocks, "es")
    if javascript:  # axe runs as page script, which a no-JS page cannot run
        violations = run_axe(page)
        assert not violations, format_violations(violations)

    factors = re.findall(r'id="factor-([a-z_]+)"', html)
    page.get_by_role("button", name="English").click()
    page.wait_for_selector('html[lang="en"]', state="attached")
    page.wait_for_selector("#next-steps")
    assert page.locator("h1").first.inner_text() == "Your result"
    assert re.findall(r'id="factor-([a-z_]+)"', page.content()) == factors != []
