"""The JSON API with lang=es: every text field is Spanish, for every factor, flag, status and error."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest
from i18n_support import ANSWER_SETS, foreign_blocks, json_texts

from app.policy import load_packs

PACKS = load_packs()
# Short fields that are rightly the same in both languages (a name, or the same word).
SAME_IN_BOTH = {"No", "DACA", "Error:"}


def _dates_for_every_status(pack) -> list[str]:
    """One as-of date before the first period and one inside each period of the pack's timeline."""
    dates = [str(pack.timeline[0].start - timedelta(days=1))] + [str(p.start + timedelta(days=1)) for p in pack.timeline]
    # and one after the last law a flag rests on (the urgent flags of 2025 hold from their own dates)
    return dates + [str(max(f.since for f in pack.urgent_flags if f.since) + timedelta(days=1))]


def _requests() -> list[tuple[str, str, dict]]:
    """(name, method + path, body or params) of every API call that returns text, lang left out."""
    calls: list[tuple[str, str, dict]] = [("policies", "GET /api/v1/policies", {})]
    for pack in PACKS:
        calls.append((f"questions {pack.id}", "GET /api/v1/questions", {"policy": pack.id}))
        for as_of in _dates_for_every_status(pack):
            for set_name, answers in ANSWER_SETS.items():
                calls.append((f"screen {pack.id} {as_of} {set_name}", "POST /api/v1/screen",
                              {"policy": pack.id, "as_of": as_of, "answers": answers}))
    bad = {"policy": "morton-2011", "as_of": "01/02/2024", "answers": {"shoe_size": "9", "relief": "tps",
           "entry_manner": "swam", "lpr": ["yes"], "court_case": 1}, "colour": "red"}
    calls.append(("screen errors", "POST /api/v1/screen", bad))
    calls.append(("screen answers not an object", "POST /api/v1/screen", {"answers": ["yes"]}))
    calls.append(("screen relief list left empty", "POST /api/v1/screen", {"answers": {"relief": []}}))  # = unanswered
    calls.append(("questions unknown policy", "GET /api/v1/questions", {"policy": "morton-2011"}))
    calls.append(("screen answers nested too deeply error", "POST /api/v1/screen", {"answers": {"relief": [[["tps"]]]}}))
    return calls


CALLS = _requests()


def _call(client: httpx.Client, how: str, payload: dict, lang: str) -> httpx.Response:
    method, path = how.split(" ", 1)
    if method == "GET":
        return client.get(path, params={**payload, "lang": lang})
    return client.post(path, json={**payload, "lang": lang})


@pytest.fixture(scope="module")
def responses(live_server) -> dict[str, dict[str, httpx.Response]]:
    with httpx.Client(base_url=live_server.url, timeout=20) as client:
        return {lang: {name: _call(client, how, payload, lang) for name, how, payload in CALLS} for lang in ("en", "es")}


def test_every_call_answers(responses):
    for name, response in responses["es"].items():
        expected = 422 if "error" in name or "not an object" in name or "unknown" in name else 200
        assert response.status_code == expected, (name, response.text[:300])
        assert response.json()


def test_no_text_field_is_english_with_lang_es(responses):
    problems = []
    for name, response in responses["es"].items():
        texts = dict(json_texts(response.json()))
        problems += [f"{name}: {path} = {texts[path]!r}" for path in texts if foreign_blocks([texts[path]], "es")]
    assert not problems, "\n".join(problems)


def test_every_text_field_differs_from_the_english_one(responses):
    # Catches short untranslated fields too ("Ended", "Yes"), which are below the identifier's three words.
    problems, compared = [], 0
    for name, es_response in responses["es"].items():
        english = dict(json_texts(responses["en"][name].json()))
        spanish = dict(json_texts(es_response.json()))
        assert spanish.keys() == english.keys(), name
        for path, text in spanish.items():
            compared += 1
            if text == english[path] and text not in SAME_IN_BOTH:
                problems.append(f"{name}: {path} = {text!r}")
    assert compared > 1000 and not problems, "\n".join(problems)


def test_the_screen_calls_reach_every_status_factor_and_flag(responses):
    bodies = [r.json() for name, r in responses["es"].items() if name.startswith("screen ") and r.status_code == 200]
    assert {b["policy"]["status"] for b in bodies} == {"not_yet_in_force", "in_force", "blocked", "ended"}
    assert {f for b in bodies for f in b["favorable_factors"] + b["aggravating_factors"]} == {f.id for p in PACKS for f in p.factors}
    assert {u for b in bodies for u in b["urgent"]} == {u.id for p in PACKS for u in p.urgent_flags}


def test_screen_says_its_language_and_writes_dates_the_spanish_way(responses):
    response = responses["es"]["screen doyle-2022 2025-01-21 nothing answered"]
    assert response.headers["content-language"] == "es" and response.json()["lang"] == "es"
    assert "20 de enero de 2025" in response.json()["policy"]["status_text"]
    assert responses["es"]["questions doyle-2022"].headers["content-language"] == "es"
    assert responses["es"]["policies"].headers["content-language"] == "es"

