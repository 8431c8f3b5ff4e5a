"""The way out and the way in, as a person on a 360x740 phone sees them: the quick-exit button inside the
first screen after every step, JavaScript on and off, in both languages; the start button inside the first
screen; the Shift hint only where a keyboard is likely; a step count that never goes backwards; and a tab
title that never names immigration.
"""

from __future__ import annotations

import re

import httpx
import pytest

from flow_driver import case_named, run_case

CASE = case_named("two minor convictions: a prior record alone")  # the most pages
VIEWPORT = (360, 740)
LANGS = pytest.mark.parametrize("lang", ["en", "es"])
JS = pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])
NEUTRAL_TITLE = {"en": "Questionnaire", "es": "Cuestionario"}
STEP = {"en": re.compile(r"Step (\d+) of about (\d+)"), "es": re.compile(r"Paso (\d+) de unos (\d+)")}
BOX_JS = """s => { const r = document.querySelector(s).getBoundingClientRect();
                   return {top: r.top, bottom: r.bottom, left: r.left, right: r.right}; }"""


@pytest.fixture(scope="module")
def server(make_live_server):
    return make_live_server(env={"PDS_TODAY": CASE["as_of"]})


def inside_first_screen(page, selector: str) -> dict:
    box = page.evaluate(BOX_JS, selector)
    width, height = VIEWPORT
    assert box["top"] >= 0 and box["bottom"] <= height and box["left"] >= 0 and box["right"] <= width, (selector, box)
    return box


@pytest.mark.browser
@LANGS
@JS
def test_quick_exit_is_inside_the_first_screen_after_every_step_and_the_count_never_goes_back(server, new_page, lang,
                                                                                            javascript):
    page = new_page(viewport=VIEWPORT, javascript=javascript)
    steps: list[tuple[int, int]] = []
    titles: list[str] = []

    def on_page(page, kind):
        inside_first_screen(page, "#quick-exit")
        titles.append(page.title())
        if kind in ("question", "check"):
            number, total = map(int, STEP[lang].search(page.locator("#main #progress").inner_text()).groups())
            steps.append((number, total))

    run_case(page, server.url, CASE, javascript=javascript, lang=lang, on_page=on_page)
    numbers = [n for n, _ in steps]
    assert numbers == list(range(1, len(steps) + 1)), steps  # one page, one step
    assert all(n <= total for n, total in steps) and steps[-1][0] == steps[-1][1], steps
    assert all(later >= earlier for (_, earlier), (_, later) in zip(steps, steps[1:])), steps  # the total never drops
    assert all(title.endswith(NEUTRAL_TITLE[lang]) and not re.search("(?i)[im]nmigra|immigra", title) for title in titles), titles


@pytest.mark.browser
@LANGS
@JS
@pytest.mark.parametrize("pointer", ["touch", "mouse"])
def test_start_page_says_what_it_does_above_a_start_button_inside_the_first_screen(server, new_page, lang, javascript,
                                                                                  pointer):
    touch = pointer == "touch"
    page = new_page(viewport=VIEWPORT, javascript=javascript, has_touch=touch, is_mobile=touch)
    page.goto(f"{server.url}/{lang}/")
    button = inside_first_screen(page, "#main .start-form button[value=someone_else]")  # the lower of the two
    facts = page.evaluate(BOX_JS, "#main .start-facts")
    assert facts["bottom"] <= button["top"]  # how long, and that nothing is saved, come before the button
    assert re.search(r"\d+", page.locator("#main .start-facts").inner_text())
    assert not page.locator(".quick-exit-hint").is_visible()  # no Shift key on a phone; no room at 360 px either
    inside_first_screen(page, "#quick-exit")
    assert page.title() == NEUTRAL_TITLE[lang]
    assert not re.search("(?i)discre", page.locator(".service-name").inner_text())


def test_a_deployment_names_the_tab_itself(make_live_server):
    server = make_live_server(env={"PDS_SITE_TITLE": "Centro Ñandú"})
    with httpx.Client(base_url=server.url) as client:
        start = client.get("/es/").text
        step = client.get("/es/questions").text
    assert "<title>Centro Ñandú</title>" in start
    assert re.search(r"<title>Paso 1 de unos \d+ – Centro Ñandú</title>", step)
