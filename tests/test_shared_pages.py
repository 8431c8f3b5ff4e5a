"""What the app keeps between requests: whole pages that show nothing of the person (app/web/shared_pages.py), which
must be byte for byte what a plain render sends, for every such page, language, visit (partner, desk mode) and kind of
request (whole page or htmx swap), in a bounded store keyed by nothing of a person; and each pack's words in each
language (app/web/texts.py), resolved once and keyed by the pack and the language alone. Every other page is drawn
for its request."""

from __future__ import annotations

from datetime import date

import pytest
from fastapi.testclient import TestClient

from app.policy import load_packs
from app.settings import Settings
from app.web.forms import HiddenFields, hidden_fields
from app.web.factory import create_app
from app.web.shared_pages import SharedPages
from embed_support import form_data, write_partners_file
from flow_driver import CASES

LANGUAGES = ("en", "es")
PATHS = ("", "questions", "safety", "discretion", "help", "help/checklist", "embed")
VISITS = ("", "?desk=1", "?partner=casa-prueba", "?partner=casa-prueba&desk=1", "?partner=no-such-partner")
HTMX = {"HX-Request": "true", "HX-Target": "main"}
HEADERS_COMPARED = ("content-type", "content-language", "cache-control", "content-security-policy", "vary")


@pytest.fixture(scope="module")
def clients(tmp_path_factory):
    partners = write_partners_file(tmp_path_factory.mktemp("partners") / "partners.yaml")
    settings = {"partners_file": partners, "today": date(2026, 11, 23)}
    shared = create_app(Settings(**settings))
    plain = create_app(Settings(**settings, render_cache=False))
    return TestClient(shared), TestClient(plain), shared.state.pds.shared_pages


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("path", PATHS)
def test_a_shared_page_is_the_plain_render_of_it(clients, lang, path):
    shared, plain, pages = clients
    for visit in VISITS:
        for headers in ({}, HTMX):
            url = f"/{lang}/{path}{visit}"
            expected = plain.get(url, headers=headers)
            assert expected.status_code == 200, url
            for attempt in ("drawn", "reused"):
                got = shared.get(url, headers=headers)
                assert got.text == expected.text, f"{url} {headers} ({attempt})"
                assert [got.headers.get(h) for h in HEADERS_COMPARED] == [expected.headers.get(h) for h in HEADERS_COMPARED]
    assert len(pages) > 0  # the shared path was taken


def test_the_first_question_page_still_says_no_store(clients):
    shared, _, _ = clients
    for _ in range(2):
        assert shared.get("/en/questions").headers["cache-control"] == "no-store"


def test_another_day_is_another_start_page(tmp_path):
    """The start page shows the guidance's status on today's date: a page drawn yesterday is not today's."""
    pages = SharedPages(size=8)
    drawn = []
    for day in ("2026-11-23", "2026-11-23", "2026-11-24"):
        pages.get(("start.html", "en", day), lambda day=day: drawn.append(day) or f"page of {day}")
    assert drawn == ["2026-11-23", "2026-11-24"]


def test_the_store_keeps_at_most_its_size_dropping_the_least_recently_used():
    pages = SharedPages(size=3)
    for key in "abc":
        pages.get(key, lambda key=key: key.upper())
    pages.get("a", lambda: "redrawn")  # a is now the most recently used
    pages.get("d", lambda: "D")
    assert len(pages) == 3
    assert pages.get("a", lambda: "redrawn") == "A"
    assert pages.get("b", lambda: "redrawn") == "redrawn"  # b was the least recently used, so it went


# ------------------------------------------------------------------ what is kept, keyed by what

PACKS = [pack.id for pack in load_packs()]
PAGE_IDS = sorted({page.id for pack in load_packs() for page in pack.pages})
SHARED_TEMPLATES = {"start.html", "question.html", "safety.html", "discretion.html", "help.html", "checklist.html", "embed.html"}


def walk_every_case(client, lang: str) -> None:
    """Every worked case under both packs, plain and with a partner in desk mode: every page of questions, the check
    page, the result (whole and as an htmx swap), the resume code and the personal checklist."""
    for case in CASES:
        for pack in PACKS:
            for visit in ({}, {"partner": "casa-prueba", "desk": "1"}):
                answers = form_data(case["answers"], policy=pack, **visit)
                for page_id in PAGE_IDS:
                    assert client.post(f"/{lang}/questions", data={**answers, "_at": page_id, "_go": "stay"}).status_code == 200
                assert client.post(f"/{lang}/questions", data={**answers, "_go": "check"}).status_code == 200
                for headers in ({}, HTMX):
                    assert client.post(f"/{lang}/result", data=answers, headers=headers).status_code == 200
                assert client.post(f"/{lang}/resume-code", data=answers).status_code == 200
                assert client.post(f"/{lang}/help/checklist", data=answers).status_code == 200


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_key_of_anything_kept_holds_anything_of_a_person(tmp_path, lang):
    """After every worked case's pages, the page store holds only person-free pages, keyed by the template, the
    language, the visit's options, the kind of request, the site's address and the date; and the pack words are kept
    per pack and language only (all of them made at start-up)."""
    from app.web.texts import pack_text

    app = create_app(Settings(partners_file=write_partners_file(tmp_path / "partners.yaml"), today=date(2026, 11, 23)))
    client = TestClient(app)
    for visit in VISITS:
        for path in PATHS:
            client.get(f"/{lang}/{path}{visit}")
    walk_every_case(client, lang)
    state = app.state.pds
    keys = list(state.shared_pages._pages)  # noqa: SLF001 - what is kept is the point
    assert keys
    for template, key_lang, options, fragment, chrome, public_base, *rest in keys:
        assert template in SHARED_TEMPLATES and key_lang == lang and isinstance(fragment, bool) and isinstance(chrome, bool)
        assert options in {("", False), ("", True), ("casa-prueba", False), ("casa-prueba", True)}
        assert public_base == "http://testserver" and rest in ([], [date(2026, 11, 23)])
    kept_words = pack_text._made[state.catalogs]  # noqa: SLF001
    assert set(kept_words) == {(language, id(pack)) for language in state.catalogs.languages for pack in state.packs}


def test_hidden_fields_escape_what_they_carry_as_the_template_did():
    """The answers' hidden fields are drawn in Python now (up to five forms a page); the same bytes Jinja's
    autoescape made, quotes and angle brackets included."""
    from jinja2 import Environment

    macro = Environment(autoescape=True, trim_blocks=True).from_string(
        '{% for name, value in pairs %}<input type="hidden" name="{{ name }}" value="{{ value }}">\n{% endfor %}')
    pairs = [("court_case", "yes"), ('a"<b>', "it's & \"more\" <script>")]
    assert hidden_fields(pairs) == macro.render(pairs=pairs)
    assert "<script>" not in hidden_fields(pairs) and hidden_fields([]) == ""


def test_hidden_fields_drawn_at_start_up_are_the_same_bytes():
    """Every answer line the packs can carry is drawn once (HiddenFields); pairs it does not know (control fields,
    or anything typed) are drawn as they come, escaped."""
    packs = list(load_packs(Settings().policy_data_dir))
    pairs = [(q.id, v) for p in packs for q in p.questions for v in q.values]
    pairs += [("_policy", "doyle"), ('a"<b>', "it's & \"more\" <script>"), ("court_case", "<i>")]
    drawn = HiddenFields(packs)
    assert len(drawn.lines) > 50
    assert drawn(pairs) == hidden_fields(pairs) and drawn([]) == ""


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_each_question_page_checks_exactly_the_answers_given(clients, case):
    """Every page of questions ticks exactly the person's answers to the questions it shows, whatever was drawn before
    it in the same app, with the page store on or off."""
    from html.parser import HTMLParser

    class Checked(HTMLParser):
        def __init__(self, html):
            super().__init__()
            self.visible, self.checked = set(), set()
            self.feed(html)

        def handle_starttag(self, tag, attrs):
            a = dict(attrs)
            if tag == "input" and a.get("type") in ("radio", "checkbox"):
                self.visible.add(a["name"])
                if "checked" in a:
                    self.checked.add((a["name"], a["value"]))

    for pack in PACKS:
        for client in clients[:2]:
            for page_id in PAGE_IDS:
                page = Checked(client.post("/en/questions", data={**form_data(case["answers"], policy=pack),
                                                                   "_at": page_id, "_go": "stay"}).text)
                given = {(q, v) for q, a in case["answers"].items() if q in page.visible
                         for v in ([a] if isinstance(a, str) else a)}
                assert page.checked == given, (pack, page_id)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_next_steps_kept_per_language_are_worded_for_each_reader(clients, lang):
    """The steps' words are kept per language, in both wordings: one after the other in the same app, a person and a
    relative each read their own, and the person again reads theirs (the kept words are never the last reader's)."""
    shared = clients[0]
    own, relative = {"court_case": "yes", "has_lawyer": "yes", "hearing_soon": "no"}, {"answering_for": "someone_else"}
    pages = [shared.post(f"/{lang}/result", data=form_data(given)).text
             for given in (own, {**own, **relative}, own)]
    words = [page.split('id="step-keep_going_to_court">')[1].split("</li>")[0] for page in pages]
    assert words[0] != words[1] and words[0] == words[2]
