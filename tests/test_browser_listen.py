"""Listen (issue 14), in a real browser whose speech synthesis is a recorder: a question page is read with its
question, hint and options, the result with #today, in the page's language and with a voice for it (a US or
Latin-American one for Spanish); pressing Listen sends nothing over the network; it stops when pressed again and
when the page changes; without speech synthesis, or without a voice for the language, the button stays hidden."""

from __future__ import annotations

import json

import pytest

from browser_support import format_violations, run_axe
from flow_driver import answer_page, case_named, run_case, start, submit

pytestmark = pytest.mark.browser

LISTEN = "#main [data-listen]"

# A stand-in for the browser's speech synthesis: voices that arrive late (after `voiceschanged`, as in Chrome),
# and a record of every utterance spoken and every cancel.
RECORDER = """
(() => {
  const voices = %s.map(([name, lang, local = true]) => ({name, lang, default: false, localService: local, voiceURI: name}));
  let loaded = false;
  const listeners = [];
  const record = window.__speech = {spoken: [], cancels: 0};
  const synth = {
    getVoices: () => loaded ? voices.slice() : [],
    speak: (u) => record.spoken.push({text: u.text, lang: u.lang, voice: u.voice && u.voice.name}),
    cancel: () => { record.cancels += 1; },
    pause() {}, resume() {}, speaking: false, pending: false, paused: false,
    addEventListener: (type, fn) => { if (type === 'voiceschanged') listeners.push(fn); },
    removeEventListener() {},
  };
  Object.defineProperty(window, 'speechSynthesis', {value: synth, configurable: true});
  window.SpeechSynthesisUtterance = function (text) { this.text = text; this.lang = ''; this.voice = null; };
  setTimeout(() => { loaded = true; listeners.forEach(fn => fn(new Event('voiceschanged'))); }, 50);
})();
"""
VOICES = [["Google UK English", "en-GB"], ["Samantha", "en-US"], ["Monica", "es-ES"], ["Paulina", "es-US"],
          ["Juan", "es-MX"]]
EXPECTED_VOICE = {"en": ("Samantha", "en-US"), "es": ("Paulina", "es-US")}
NO_SPEECH = "Object.defineProperty(window, 'speechSynthesis', {value: undefined, configurable: true});"


@pytest.fixture(scope="module")
def server(make_live_server):
    return make_live_server(env={"PDS_TODAY": "2026-11-23"})


def speaking_page(new_page, voices=VOICES):
    page = new_page(javascript=True)
    page.add_init_script(RECORDER % json.dumps(voices))
    return page


def spoken(page) -> list[dict]:
    return page.evaluate("() => window.__speech.spoken")


def press_listen(page) -> list[str]:
    """Press Listen by keyboard (focus, then Enter); return the requests the press made."""
    button = page.locator(LISTEN)
    button.wait_for(state="visible")
    before = len(page.requested_urls)
    button.focus()
    page.keyboard.press("Enter")
    page.wait_for_function("() => window.__speech.spoken.length > 0")
    return page.requested_urls[before:]


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_question_page_is_read_in_its_language_with_its_question_hint_and_options(server, new_page, lang):
    page = speaking_page(new_page)
    start(page, server.url, lang, javascript=True)
    requests = press_listen(page)
    assert requests == [], f"Listen made requests: {requests}"
    said = spoken(page)
    text = " ".join(s["text"] for s in said)
    first = page.locator("#main .question-heading").first.inner_text()
    assert first in text
    assert page.locator("#main .hint").first.inner_text() in text
    for label in page.locator("#main .choice-label").all_inner_texts():
        assert label in text
    assert {(s["voice"], s["lang"]) for s in said} == {EXPECTED_VOICE[lang]}
    button = page.locator(LISTEN)
    assert button.inner_text() != button.get_attribute("data-label-listen"), "the label says how to stop"
    cancels = page.evaluate("() => window.__speech.cancels")
    button.press("Enter")
    assert page.evaluate("() => window.__speech.cancels") > cancels
    assert button.inner_text() == button.get_attribute("data-label-listen")
    violations = run_axe(page)
    assert not violations, format_violations(violations)


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_result_is_read_from_today_in_its_language(server, new_page, lang):
    page = speaking_page(new_page)
    run_case(page, server.url, case_named("entered without inspection in 2022, no record"), javascript=True, lang=lang)
    requests = press_listen(page)
    assert requests == [], f"Listen made requests: {requests}"
    said = spoken(page)
    texts = [s["text"] for s in said]
    today = " ".join(page.locator("#today").inner_text().split())
    assert today in texts
    assert " ".join(page.locator("#call").inner_text().split()) in texts
    assert {(s["voice"], s["lang"]) for s in said} == {EXPECTED_VOICE[lang]}
    assert texts.index(today) == 0, "no urgent block here: #today comes first"
    top = "() => document.getElementById('today').getBoundingClientRect().top"
    shown = page.evaluate(top)
    page.locator(LISTEN).evaluate("b => { b.hidden = true; }")
    assert page.evaluate(top) == shown, "the button beside the heading costs the first screen no height"


def test_listen_stops_when_the_next_page_comes_and_is_offered_there_again(server, new_page):
    page = speaking_page(new_page)
    start(page, server.url, "en", javascript=True)
    press_listen(page)
    cancels = page.evaluate("() => window.__speech.cancels")
    case = case_named("entered without inspection in 2022, no record")
    answer_page(page, case, javascript=True)
    assert page.evaluate("() => window.__speech.cancels") > cancels
    page.locator(LISTEN).wait_for(state="visible")
    assert page.locator(LISTEN).inner_text() == "Listen"


def test_spanish_falls_back_to_any_spanish_voice(server, new_page):
    page = speaking_page(new_page, voices=[["Samantha", "en-US"], ["Monica", "es-ES"]])
    start(page, server.url, "es", javascript=True)
    press_listen(page)
    assert {s["voice"] for s in spoken(page)} == {"Monica"}


def test_only_voices_on_the_device_read_the_page(server, new_page):
    """A voice with localService false is spoken by a server (the text holds the person's answers): never used."""
    page = speaking_page(new_page, voices=[["Google español de Estados Unidos", "es-US", False], ["Monica", "es-ES"]])
    start(page, server.url, "es", javascript=True)
    press_listen(page)
    assert {s["voice"] for s in spoken(page)} == {"Monica"}


REMOTE_ONLY = [["Google español de Estados Unidos", "es-US", False], ["Microsoft Dalia Online (Natural)", "es-MX", False]]


@pytest.mark.parametrize("setup", ["no speech synthesis", "no voice for the language", "only voices on a server"])
def test_the_button_stays_hidden_when_the_browser_cannot_speak_the_page(server, new_page, setup):
    page = new_page(javascript=True)
    voices = [["Thomas", "fr-FR"]] if setup == "no voice for the language" else REMOTE_ONLY
    page.add_init_script(NO_SPEECH if setup == "no speech synthesis" else RECORDER % json.dumps(voices))
    start(page, server.url, "es", javascript=True)
    if setup != "no speech synthesis":
        page.wait_for_function("() => window.speechSynthesis.getVoices().length > 0")
    assert page.locator(LISTEN).count() == 1
    assert page.locator(LISTEN).is_hidden()
    submit(page, "#main button[name=_go][value=next]", javascript=True)  # a 422 step: still hidden after a swap
    assert page.locator(LISTEN).is_hidden()


def test_without_javascript_the_button_is_not_shown(server, new_page):
    page = new_page(javascript=False)
    start(page, server.url, "en", javascript=False)
    assert page.locator(LISTEN).count() == 1 and page.locator(LISTEN).is_hidden()


def test_the_result_reads_the_urgent_block_first_when_there_is_one(server, new_page):
    page = speaking_page(new_page)
    run_case(page, server.url, case_named("detained, removal order"), javascript=True, lang="es")
    press_listen(page)
    texts = [s["text"] for s in spoken(page)]
    blocks = [" ".join(page.locator(f"#{block}").inner_text().split()) for block in ("urgent", "today", "call")]
    assert texts[:3] == blocks
    assert any(page.locator("#next-steps h2").inner_text() in t for t in texts[3:])
