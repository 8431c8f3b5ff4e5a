"""Pages that show nothing of the person are drawn once and reused (app/web/shared_pages.py): what they send must be
byte for byte what a plain render sends, for every such page, language, visit (partner, desk mode) and kind of
request (whole page or htmx swap), and the store must stay bounded."""

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


# ------------------------------------------------------------------ pieces of the other pages ({% shared %})

PACKS = [pack.id for pack in load_packs()]
PAGE_IDS = sorted({page.id for pack in load_packs() for page in pack.pages})
PIECE_VISITS = ({}, {"desk": "1"}, {"partner": "casa-prueba"}, {"partner": "casa-prueba", "desk": "1"})


def assert_same(clients, path: str, data: dict, headers: dict | None = None) -> None:
    shared, plain, _ = clients
    expected = plain.post(path, data=data, headers=headers or {})
    for attempt in ("drawn", "reused"):
        got = shared.post(path, data=data, headers=headers or {})
        assert (got.status_code, got.text) == (expected.status_code, expected.text), f"{path} {data} ({attempt})"


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_every_question_page_check_page_and_result_is_the_plain_render(clients, lang, case):
    """Each worked case's answers under both packs, plain and with a partner in desk mode: every page of questions,
    the check page and the result, whole and as an htmx swap."""
    for pack in PACKS:
        for visit in ({}, {"partner": "casa-prueba", "desk": "1"}):
            answers = form_data(case["answers"], policy=pack, **visit)
            for page_id in PAGE_IDS:
                assert_same(clients, f"/{lang}/questions", {**answers, "_at": page_id, "_go": "stay"})
            assert_same(clients, f"/{lang}/questions", {**answers, "_go": "check"})
            assert_same(clients, f"/{lang}/result", answers)
            assert_same(clients, f"/{lang}/result", answers, HTMX)
    assert len(clients[0].app.state.pds.jinja.shared_pieces) > 0  # the pieces were taken from the store


@pytest.mark.parametrize("visit", PIECE_VISITS, ids=["plain", "desk", "partner", "partner-desk"])
@pytest.mark.parametrize("pack", PACKS)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_question_page_with_its_errors_is_the_plain_render(clients, lang, pack, visit):
    """Continue with nothing chosen: each page of questions with the error on each question, for every visit kind."""
    for page_id in PAGE_IDS:
        assert_same(clients, f"/{lang}/questions", form_data({}, at=page_id, go="next", policy=pack, **visit))
        assert_same(clients, f"/{lang}/questions", form_data({}, at=page_id, go="next", policy=pack, **visit), HTMX)


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


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_lean_gettext_gives_what_jinjas_newstyle_gettext_gives(lang):
    """Templates call app.web.i18n.markup_gettext for _() and {% trans %}: for every message of the catalog,
    with markup in its variables, the page text must be what jinja2.ext's own newstyle gettext renders."""
    import re

    from jinja2 import Environment

    from app.web import i18n
    from app.web.templating import make_environment

    settings = Settings()
    catalogs = i18n.Catalogs(settings.locales_dir)
    ours = make_environment(settings, catalogs)
    theirs = Environment(autoescape=True, extensions=["jinja2.ext.i18n"])
    theirs.install_gettext_callables(i18n.gettext, i18n.ngettext, newstyle=True)  # type: ignore[attr-defined]
    source = "{{ _(message, **variables) }}|{% trans %}100%% & <b>sure</b>{% endtrans %}"
    messages = [m.id for m in babel_catalog(settings.locales_dir / "es" / "LC_MESSAGES" / "messages.po") if m.id and isinstance(m.id, str)]
    assert len(messages) > 300
    with i18n.use_locale(catalogs, lang):
        for message in messages:
            variables = {name: f"<{name}> & \"x\"" for name in re.findall(r"%\((\w+)\)s", message)}
            rendered = [env.from_string(source).render(message=message, variables=variables) for env in (ours, theirs)]
            assert rendered[0] == rendered[1], message


def babel_catalog(path):
    from babel.messages.pofile import read_po

    with path.open("rb") as handle:
        return read_po(handle)


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_each_question_page_checks_exactly_the_answers_given(clients, case):
    """Question pieces are kept per question, never per answer, and the answers are marked on them (mark_chosen):
    on every page, the checked choices are exactly the page's answers, kept piece or plain render."""
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


# The check page's rows as the template drew them before app/web/tables.py drew them from a table.
ROWS_AS_A_LOOP = """{% for row in page_rows %}
  <div class="summary-row" id="answer-{{ row.question.id }}">
    <dt class="summary-key">{{ _(row.question.text) }}</dt>
    <dd class="summary-value">{% if row.labels %}{% for label in row.labels %}{{ _(label) }}{% if not loop.last %}<br>{% endif %}{% endfor %}{% else %}<span class="muted">{{ _("Not answered") }}</span>{% endif %}</dd>
    <dd class="summary-action"><button type="submit" class="link-button" name="_change" value="{{ row.question.id }}" formaction="/{{ lang }}/questions">{{ _("Change") }}<span class="visually-hidden"> {{ _("your answer to: %(question)s", question=_(row.question.text)) }}</span></button></dd>
  </div>
{% endfor %}"""


@pytest.mark.parametrize("lang", LANGUAGES)
def test_check_rows_drawn_from_a_table_are_what_the_loop_drew(lang):
    """Every question of both packs, answered with each worked case's answers and with none."""
    from app.web import i18n
    from app.web.forms import answer_rows
    from app.web.tables import check_row_tables
    from app.web.templating import make_environment

    settings = Settings()
    catalogs = i18n.Catalogs(settings.locales_dir)
    env = make_environment(settings, catalogs)
    loop = env.from_string(ROWS_AS_A_LOOP)
    with i18n.use_locale(catalogs, lang):
        for policy in load_packs(settings.policy_data_dir):
            several = {q.id: [v for v in q.values if v not in q.exclusive] if q.kind == "multi" else q.values[0]
                       for q in policy.questions}  # every multi-select with all its choices: one line each
            for answers in [{}, several, *(case["answers"] for case in CASES)]:
                rows = answer_rows(policy, answers)
                assert str(check_row_tables(env, policy).draw(rows)) == loop.render(page_rows=rows, lang=lang)
            unanswered = [{"question": q, "labels": []} for q in policy.questions]  # every row, "Not answered"
            assert str(check_row_tables(env, policy).draw(unanswered)) == loop.render(page_rows=unanswered, lang=lang)


# The check page's sections as check.html drew them before one call drew them all (trim_blocks, as the app's).
SECTIONS_AS_A_LOOP = """{% for page, page_rows in sections %}
<h2 class="summary-heading">{{ _(page.title) }}</h2>
<dl class="summary-list">
{% include "rows" %}</dl>
{% endfor %}
"""


@pytest.mark.parametrize("lang", LANGUAGES)
def test_check_sections_drawn_in_one_call_are_what_the_loop_drew(lang):
    """Each page's heading and rows, for every worked case and both packs, and with every page and nothing answered."""
    from jinja2 import DictLoader

    from app.core.engine import flow_steps, relevant_answers
    from app.web import i18n
    from app.web.forms import answer_rows
    from app.web.tables import check_sections
    from app.web.templating import make_environment

    settings = Settings()
    catalogs = i18n.Catalogs(settings.locales_dir)
    env = make_environment(settings, catalogs)
    plain = env.overlay(loader=DictLoader({"rows": ROWS_AS_A_LOOP, "sections": SECTIONS_AS_A_LOOP}))
    loop = plain.get_template("sections")
    with i18n.use_locale(catalogs, lang):
        for policy in load_packs(settings.policy_data_dir):
            for answers in [{}, *(case["answers"] for case in CASES)]:
                kept = relevant_answers(policy, answers)
                rows = {row["question"].id: row for row in answer_rows(policy, kept)}
                sections = [(step.page, [rows[q.id] for q in step.questions]) for step in flow_steps(policy, kept)]
                assert sections
                assert str(check_sections(env, policy, sections)) == loop.render(sections=sections, lang=lang)
            every = [(page, [{"question": policy.question(q), "labels": []} for q in page.questions]) for page in policy.pages]
            assert str(check_sections(env, policy, every)) == loop.render(sections=every, lang=lang)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_next_steps_that_share_an_id_are_each_drawn_as_themselves(clients, lang):
    """Two rules are "find_out" and two "green_card_conviction", each worded for its answers: one after the other in
    the same app (kept pieces, the kept table of steps), each result says its own, as a plain render does."""
    for answers in ({"court_case": "not_sure"}, {"court_case": "no", "removal_order": "not_sure"},
                    {"court_case": "not_sure"}, {"lpr": "yes", "criminal_history": "conviction"},
                    {"lpr": "yes", "criminal_history": "arrest_only"}, {"lpr": "yes", "criminal_history": "conviction"}):
        assert_same(clients, f"/{lang}/result", form_data(answers))
    shared = clients[0]
    first = shared.post(f"/{lang}/result", data=form_data({"court_case": "not_sure"})).text
    second = shared.post(f"/{lang}/result", data=form_data({"court_case": "no", "removal_order": "not_sure"})).text
    assert first.count('id="step-find_out"') == second.count('id="step-find_out"') == 1
    step = [page.split('id="step-find_out">')[1].split("</li>")[0] for page in (first, second)]
    assert step[0] != step[1]


def test_piece_slots_keep_no_order_and_replace_on_a_shared_slot():
    """Pieces sit in slots chosen by their key's hash, so the store keeps no order of drawing or use (after a result
    page, an ordered store would end with that person's pieces in page order); a key finds only its own piece."""
    from markupsafe import Markup

    from app.web.shared_pages import PieceSlots

    slots = PieceSlots(size=8)
    keys = [("factors.html:7:1", "en", "en", "doyle-2022", f"factor_{n}") for n in range(40)]
    for key in keys:
        slots.put(key, Markup(key[-1]))
    assert len(slots) <= 8
    for key in keys:
        kept = slots.peek(key)
        assert kept is None or kept == key[-1]  # never another key's piece
    assert not isinstance(slots._slots, dict)  # noqa: SLF001 - the point is how it is held
    off = PieceSlots(enabled=False)
    off.put(keys[0], Markup("x"))
    assert off.peek(keys[0]) is None and len(off) == 0
