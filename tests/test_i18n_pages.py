"""Every page type, walked over HTTP in each language, has no text block in the other language.

The walk: the simple pages in VISITS, then the question flow (each question without an answer,
which is an error, then with one that opens the conditional questions), check answers, and the
result for every answer set in ANSWER_SETS under every pack. A new page type is one line in VISITS.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import httpx
import pytest
from i18n_support import (
    ANSWER_SETS, RAISE_EVERYTHING, as_form, foreign_blocks, language_of, parse_page, post_form, word_count,
)

from app.policy import load_packs

PACKS = load_packs()


@dataclass
class Visit:
    name: str
    method: str
    path: str  # "{lang}" is replaced by the language
    form: list[tuple[str, str]] | None = None
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)


VISITS = [
    Visit("start", "GET", "/{lang}/"),
    Visit("safety", "GET", "/{lang}/safety"),
    Visit("first question", "GET", "/{lang}/questions"),
    Visit("htmx fragment of a question", "POST", "/{lang}/questions", [], headers={"HX-Request": "true", "HX-Target": "main"}),
    Visit("page not found", "GET", "/{lang}/no-such-page", status=404),
    Visit("method not allowed", "GET", "/{lang}/result", status=405),
    Visit("form error (a changed answer)", "POST", "/{lang}/questions", [("_at", "court_case"), ("court_case", "maybe")], status=422),
    Visit("too much sent", "POST", "/{lang}/questions", [("_pad", "x" * 70_000)], status=413),
]


@dataclass
class Seen:
    name: str
    response: httpx.Response


def _request(client: httpx.Client, visit: Visit, lang: str) -> httpx.Response:
    path = visit.path.format(lang=lang)
    if visit.method == "GET":
        return client.get(path, headers=visit.headers)
    return post_form(client, path, visit.form or [], visit.headers)


def walk_flow(client: httpx.Client, lang: str) -> list[Seen]:
    """Every question page, each also with the error for no answer, then check answers and its result."""
    seen: list[Seen] = []
    response = post_form(client, f"/{lang}/questions", [])
    for _ in range(100):  # bounded: the flow has about 30 questions
        page = parse_page(response.text)
        flows = [f for f in page.forms if "flow-form" in f.classes]
        if not flows:
            break
        form = flows[0]
        question = dict(form.hidden())["_at"]
        seen.append(Seen(f"question {question}", response))
        kept = form.hidden()
        error = post_form(client, form.action, kept + [("_go", "next")])
        assert error.status_code == 422, f"{question} without an answer: {error.status_code}"
        seen.append(Seen(f"question {question}, no answer chosen", error))
        name = form.choice_names()[0]
        chosen = RAISE_EVERYTHING.get(name) or form.choices(name)[0]
        response = post_form(client, form.action, kept + as_form({name: chosen}) + [("_go", "next")])
        assert response.status_code == 200, f"{question}: {response.status_code}"
    seen.append(Seen("check answers", response))
    check = parse_page(response.text).form("check-form")
    seen.append(Seen("result after the flow", post_form(client, check.action, check.hidden())))
    return seen


def walk(client: httpx.Client, lang: str) -> list[Seen]:
    seen = []
    for visit in VISITS:
        response = _request(client, visit, lang)
        assert response.status_code == visit.status, f"{visit.name}: {response.status_code}"
        seen.append(Seen(visit.name, response))
    seen += walk_flow(client, lang)
    for pack in PACKS:
        for set_name, answers in ANSWER_SETS.items():
            response = post_form(client, f"/{lang}/result", as_form(answers) + [("_policy", pack.id)])
            assert response.status_code == 200, response.text[:300]
            seen.append(Seen(f"result {pack.id}, {set_name}", response))
    return seen


@pytest.fixture(scope="module")
def walked(live_server) -> dict[str, list[Seen]]:
    with httpx.Client(base_url=live_server.url, timeout=20) as client:
        return {lang: walk(client, lang) for lang in ("es", "en")}


@pytest.mark.parametrize("lang", ["es", "en"])
def test_no_text_block_of_any_page_is_in_the_other_language(walked, lang):
    problems = []
    for seen in walked[lang]:
        blocks = parse_page(seen.response.text).blocks
        problems += [f"{seen.name}: {block!r}" for block in foreign_blocks(blocks, lang)]
    assert not problems, f"{len(problems)} text blocks not in {lang}:\n" + "\n".join(problems)


@pytest.mark.parametrize("lang", ["es", "en"])
def test_the_language_check_really_reads_the_pages(walked, lang):
    # Guards the test above against passing vacuously (no blocks found, or the identifier unsure).
    blocks = [b for seen in walked[lang] for b in parse_page(seen.response.text).blocks if word_count(b) >= 3]
    recognised = sum(1 for b in blocks if language_of(b) == lang)
    assert len(blocks) > 300 and recognised == len(blocks)


@pytest.mark.parametrize("lang", ["es", "en"])
def test_every_page_declares_its_language_and_links_its_alternates(walked, lang):
    for seen in walked[lang]:
        response = seen.response
        assert response.headers["content-language"] == lang, seen.name
        if "<html" not in response.text:
            continue  # an htmx fragment has no <html>; its page already declared the language
        page = parse_page(response.text)
        assert page.html_lang == lang, seen.name
        assert set(page.alternates) == {"en", "es"}, seen.name
        assert all(href.startswith(f"/{code}/") for code, href in page.alternates.items()), (seen.name, page.alternates)


def test_the_walk_reached_every_question_factor_urgent_flag_and_assessment(walked):
    pages = walked["es"]
    asked = {s.name.split()[1] for s in pages if s.name.startswith("question ") and "no answer" not in s.name}
    assert asked == {q.id for pack in PACKS for q in pack.questions}
    html = "".join(s.response.text for s in pages if s.name.startswith("result"))
    shown = set(re.findall(r'id="factor-([a-z_]+)"', html))
    assert shown == {f.id for pack in PACKS for f in pack.factors}
    def ids(prefix: str) -> set[str]:
        return set(re.findall(rf'id="(?:{prefix})-([a-z_]+)"', html)) - {"title"}  # "urgent-title" names a heading

    assert ids("urgent") == {u.id for pack in PACKS for u in pack.urgent_flags}
    assert ids("assessment") == {"may_be_priority", "cannot_tell", "may_fall_outside_priorities"}
    assert ids("priority|unclear") == {p.id for pack in PACKS for p in pack.priorities}


def test_dates_are_written_the_spanish_way(walked):
    start = next(s for s in walked["es"] if s.name == "start").response.text
    assert "20 de enero de 2025" in start
    english = next(s for s in walked["en"] if s.name == "start").response.text
    assert "January 20, 2025" in english
