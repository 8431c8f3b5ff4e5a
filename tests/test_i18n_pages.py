"""Every page type, walked over HTTP in each language, has no text block in the other language.

The walk: the simple pages in VISITS, then the question flow (each question without an answer,
which is an error, then with one that opens the conditional questions), check answers, and the
result for every answer set in ANSWER_SETS under every pack. A new page type is one line in VISITS.
Visits marked `examples` go to a server set up with the files in examples/ (host organization,
providers, partners); the names and addresses those files give are the deployer's words, not checked.
The Spanish summary PDF is read back with pdftotext and checked line by line.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
import yaml
from embed_support import pdf_text
from i18n_support import (
    ANSWER_SETS, RAISE_EVERYTHING, as_form, foreign_blocks, language_of, parse_page, post_form, without_allowed,
    word_count,
)

from app.policy import load_packs

PACKS = load_packs()
ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
EXAMPLE_SETUP = {
    "PDS_HOST_ORG_FILE": EXAMPLES / "host-org.example.yaml",
    "PDS_PROVIDERS_FILE": EXAMPLES / "providers.example.csv",
    "PDS_PARTNERS_FILE": EXAMPLES / "partners.example.yaml",
}
EVERYTHING = as_form(RAISE_EVERYTHING) + [("_policy", "doyle-2022")]


def deployer_words() -> tuple[str, ...]:
    """Names, addresses and services as the example files give them: shown as the deployer wrote them."""
    host = yaml.safe_load((EXAMPLES / "host-org.example.yaml").read_text(encoding="utf-8"))
    words = [host["name"], host["address"]]
    with (EXAMPLES / "providers.example.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            words += [row["name"], row["address"], *row["services"].split(";")]
    for partner in yaml.safe_load((EXAMPLES / "partners.example.yaml").read_text(encoding="utf-8"))["partners"]:
        contact = partner.get("contact") or {}
        words += [partner["name"], contact.get("name", ""), contact.get("address", "")]
    return tuple(w for w in words if w)


DEPLOYER_WORDS = deployer_words()
# Official document titles stay in English as published (locales/glossary.md); the PDF writes them out.
CITATION_TITLES = tuple(
    source["title"] for source in
    yaml.safe_load((ROOT / "app" / "policy" / "data" / "sources.yaml").read_text(encoding="utf-8"))["sources"].values()
)


@dataclass
class Visit:
    name: str
    method: str
    path: str  # "{lang}" is replaced by the language
    form: list[tuple[str, str]] | None = None
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    examples: bool = False  # on the server set up with the examples/ files


VISITS = [
    Visit("start", "GET", "/{lang}/"),
    Visit("safety", "GET", "/{lang}/safety"),
    Visit("first question", "GET", "/{lang}/questions"),
    Visit("htmx fragment of a question", "POST", "/{lang}/questions", [], headers={"HX-Request": "true", "HX-Target": "main"}),
    Visit("page not found", "GET", "/{lang}/no-such-page", status=404),
    Visit("method not allowed", "GET", "/{lang}/result", status=405),
    Visit("form error (a changed answer)", "POST", "/{lang}/questions", [("_at", "court_case"), ("court_case", "maybe")], status=422),
    Visit("too much sent", "POST", "/{lang}/questions", [("_pad", "x" * 70_000)], status=413),
    Visit("help, no host or providers", "GET", "/{lang}/help"),
    Visit("help with the host and the ZIP search", "GET", "/{lang}/help", examples=True),
    Visit("checklist for everyone", "GET", "/{lang}/help/checklist"),
    Visit("checklist for one person's answers", "POST", "/{lang}/help/checklist", EVERYTHING),
    Visit("ZIP search, providers near", "POST", "/{lang}/help/providers", [("zip", "62701")], examples=True),
    Visit("ZIP search, a stale listing", "POST", "/{lang}/help/providers", [("zip", "60605")], examples=True),
    Visit("ZIP search, nobody near", "POST", "/{lang}/help/providers", [("zip", "90011")], examples=True),
    Visit("ZIP search, not a ZIP code", "POST", "/{lang}/help/providers", [("zip", "12ab")], status=422, examples=True),
    Visit("ZIP search, unknown ZIP code", "POST", "/{lang}/help/providers", [("zip", "00000")], status=422, examples=True),
    Visit("embed", "GET", "/{lang}/embed"),
    Visit("embed for a partner", "GET", "/{lang}/embed?partner=casa-ayuda", examples=True),
    Visit("result with the host, a partner and urgent flags", "POST", "/{lang}/result", EVERYTHING + [("_partner", "casa-ayuda")], examples=True),
    Visit("desk mode, check answers", "POST", "/{lang}/questions", EVERYTHING + [("_go", "check"), ("_desk", "1")]),
    Visit("desk mode, result", "POST", "/{lang}/result", EVERYTHING + [("_desk", "1")], examples=True),
    Visit("resume code from the result", "POST", "/{lang}/resume-code", EVERYTHING + [("_from", "result")]),
    Visit("resume code from the check page", "POST", "/{lang}/resume-code", EVERYTHING + [("_from", "check")]),
    Visit("a mistyped resume code", "POST", "/{lang}/resume", [("_resume", "KG00-0000-0000-0000")], status=422),
    Visit("an empty resume code", "POST", "/{lang}/resume", [("_resume", "")], status=422),
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
    for _ in range(30):  # bounded: the flow has about 10 pages
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
        chosen = {name: RAISE_EVERYTHING.get(name) or form.choices(name)[0] for name in form.choice_names()}
        response = post_form(client, form.action, kept + as_form(chosen) + [("_go", "next")])
        assert response.status_code == 200, f"{question}: {response.status_code}"
    seen.append(Seen("check answers", response))
    check = parse_page(response.text).form("check-form")
    seen.append(Seen("result after the flow", post_form(client, check.action, check.hidden())))
    return seen


def walk(client: httpx.Client, examples: httpx.Client, lang: str) -> list[Seen]:
    seen = []
    for visit in VISITS:
        response = _request(examples if visit.examples else client, visit, lang)
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
def example_server(make_live_server):
    return make_live_server(env=EXAMPLE_SETUP)


@pytest.fixture(scope="module")
def walked(live_server, example_server) -> dict[str, list[Seen]]:
    with httpx.Client(base_url=live_server.url, timeout=20) as client, \
            httpx.Client(base_url=example_server.url, timeout=20) as examples:
        return {lang: walk(client, examples, lang) for lang in ("es", "en")}


@pytest.mark.parametrize("lang", ["es", "en"])
def test_no_text_block_of_any_page_is_in_the_other_language(walked, lang):
    problems = []
    for seen in walked[lang]:
        blocks = parse_page(seen.response.text).blocks
        problems += [f"{seen.name}: {block!r}" for block in foreign_blocks(blocks, lang, DEPLOYER_WORDS)]
    assert not problems, f"{len(problems)} text blocks not in {lang}:\n" + "\n".join(problems)


@pytest.mark.parametrize("lang", ["es", "en"])
def test_the_language_check_really_reads_the_pages(walked, lang):
    # Guards the test above against passing vacuously (no blocks found, or the identifier unsure).
    texts = [without_allowed(b, DEPLOYER_WORDS) for seen in walked[lang] for b in parse_page(seen.response.text).blocks]
    blocks = [t for t in texts if word_count(t) >= 3]
    recognised = sum(1 for b in blocks if language_of(b) == lang)
    assert len(blocks) > 300 and recognised == len(blocks)


def test_the_walk_reached_the_pages_of_the_help_embed_and_desk_features(walked):
    html = {s.name: s.response.text for s in walked["es"]}
    assert 'data-host-org' in html["help with the host and the ZIP search"] and 'id="zip"' in html["help with the host and the ZIP search"]
    assert html["ZIP search, providers near"].count('class="provider') >= 2
    assert "data-stale" in html["ZIP search, a stale listing"]
    assert 'id="no-providers"' in html["ZIP search, nobody near"]
    assert 'id="zip-error"' in html["ZIP search, not a ZIP code"] and 'id="zip-error"' in html["ZIP search, unknown ZIP code"]
    assert 'id="partner-contact"' in html["result with the host, a partner and urgent flags"]
    # Language names are in the reader's language too (too short for the check above to see).
    assert re.search(r"Idiomas:(</span>)?\s*español e inglés", html["result with the host, a partner and urgent flags"])
    assert 'id="partner-name"' in html["embed for a partner"]
    # Desk mode: both columns are there; the check reads the Spanish one and skips the lang="en" one.
    for name, tag, english in (("desk mode, check answers", "td", "Do you have a case in immigration court?"),
                               ("desk mode, result", "div", "What to do next")):
        columns = {code: len(re.findall(rf'<{tag}\b[^>]*\blang="{code}"', html[name])) for code in ("es", "en")}
        assert columns["es"] == columns["en"] > 5, (name, columns)
        assert english in html[name] and not any(english in b for b in parse_page(html[name]).blocks), name


@pytest.mark.parametrize("lang", ["es", "en"])
def test_every_page_declares_its_language_and_links_its_alternates(walked, lang):
    for seen in walked[lang]:
        response = seen.response
        assert response.headers["content-language"] == lang, seen.name
        if "<html" not in response.text:
            continue  # an htmx fragment has no <html>; its page already declared the language
        page = parse_page(response.text)
        assert page.html_lang == lang, seen.name
        assert set(page.alternates) == {"en", "es", "x-default"}, seen.name
        base = str(response.url).split("/" + lang + "/")[0]  # absolute links, on this server
        assert all(href.startswith(f"{base}/{code}/") for code, href in page.alternates.items() if code != "x-default"), (seen.name, page.alternates)


def test_the_walk_reached_every_question_factor_urgent_flag_and_assessment(walked):
    pages = walked["es"]
    shown_pages = [s for s in pages if s.name.startswith("question ") and "no answer" not in s.name]
    assert {s.name.split()[1] for s in shown_pages} == {p.id for pack in PACKS for p in pack.pages}
    asked = set(re.findall(r'type="(?:radio|checkbox)" name="([a-z_0-9]+)"', "".join(s.response.text for s in shown_pages)))
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


def lines_to_check(text: str, allowed: tuple[str, ...]) -> list[str]:
    """The PDF's lines of three words or more once the allowed names are gone (a name may wrap over lines)."""
    for phrase in sorted(allowed, key=len, reverse=True):
        text = re.sub(r"\s+".join(map(re.escape, phrase.split())), " ", text)
    return [line for line in text.splitlines() if word_count(without_allowed(line)) >= 3]


@pytest.mark.parametrize("lang", ["es", "en"])
def test_no_line_of_the_summary_pdf_is_in_the_other_language(example_server, lang, tmp_path):
    checked, problems = 0, []
    with httpx.Client(base_url=example_server.url, timeout=30) as client:
        for pack in PACKS:
            for set_name, answers in ANSWER_SETS.items():
                form = as_form(answers) + [("_policy", pack.id), ("_partner", "casa-ayuda")]
                response = post_form(client, f"/{lang}/result.pdf", form)
                assert response.status_code == 200 and response.content.startswith(b"%PDF-"), (pack.id, set_name)
                lines = lines_to_check(pdf_text(response.content, tmp_path), CITATION_TITLES + DEPLOYER_WORDS)
                checked += len(lines)
                # A PDF line is a piece of a wrapped sentence: three words ("person's favor.") are too few to tell.
                problems += [f"{pack.id}, {set_name}: {line!r}" for line in foreign_blocks(lines, lang, min_words=4)]
    assert checked > 500, f"only {checked} lines read: is pdftotext reading the PDF?"
    assert not problems, f"{len(problems)} lines of the PDF not in {lang}:\n" + "\n".join(problems)
