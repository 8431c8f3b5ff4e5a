"""The pages over HTTP against a running server: headers, fragments for htmx, validation errors, forms that speak
the contract, the language switch that keeps answers and place, and bad input that never gets a 500.
"""

from __future__ import annotations

import hashlib
import re
from html.parser import HTMLParser
from pathlib import Path

import httpx
import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo

from app.policy import load_packs
import html_support
from flow_driver import answer_pairs, case_named
from html_support import language_switch

PACK = load_packs().default
CASE = case_named("long-time resident parent")
HTMX = {"HX-Request": "true", "HX-Target": "main"}
EXIT_URL = "https://example.org/weather"


class Page(HTMLParser):
    """The parts of a page the tests read: title, every element's attributes, and each form's fields."""

    def __init__(self, html: str):
        super().__init__()
        self.html = html
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.forms: list[dict] = []
        self._in_title = False
        self.title = ""
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attributes = {k: v or "" for k, v in attrs}
        self.elements.append((tag, attributes))
        if tag == "form":
            self.forms.append({**attributes, "fields": []})
        elif tag in ("input", "button") and self.forms and "name" in attributes:
            self.forms[-1]["fields"].append((attributes["name"], attributes.get("value", ""), tag, attributes))
        self._in_title = tag == "title"

    def handle_endtag(self, tag):
        self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data

    def by_id(self, element_id: str) -> dict[str, str] | None:
        return next((a for _, a in self.elements if a.get("id") == element_id), None)

    def form(self, action: str) -> dict:
        return next(f for f in self.forms if f.get("action") == action)


@pytest.fixture(scope="module")
def locales_with_spanish(tmp_path_factory) -> Path:
    """An extra (empty) catalog, so the language switch appears; its text falls back to English."""
    root = tmp_path_factory.mktemp("locales")
    target = root / "es" / "LC_MESSAGES"
    target.mkdir(parents=True)
    with (target / "messages.mo").open("wb") as handle:
        write_mo(handle, Catalog(locale="es"))
    return root


@pytest.fixture(scope="module")
def client(make_live_server, locales_with_spanish):
    server = make_live_server(env={"PDS_LOCALES_DIR": locales_with_spanish, "PDS_TODAY": "2024-03-01",
                                   "PDS_QUICK_EXIT_URL": EXIT_URL})
    with httpx.Client(base_url=server.url, timeout=10) as client:
        yield client


def post(client, path: str, pairs: list[tuple[str, str]], headers: dict | None = None):
    return client.post(path, content="&".join(f"{k}={v}" for k, v in pairs),
                       headers={"Content-Type": "application/x-www-form-urlencoded", **(headers or {})})


ANSWERED = [*answer_pairs(CASE["answers"]), ("_policy", PACK.id)]


def test_every_page_sends_strict_headers_and_no_cookie(client):
    responses = [client.get("/en/"), client.get("/en/questions"), client.get("/en/safety"), client.get("/en/nope"),
                 post(client, "/en/questions", [*ANSWERED, ("_go", "check")]), post(client, "/en/result", ANSWERED)]
    for response in responses:
        csp = response.headers["content-security-policy"]
        assert "default-src 'self'" in csp and "unsafe-inline" not in csp and "unsafe-eval" not in csp
        assert "set-cookie" not in response.headers
        assert response.headers["vary"].startswith("HX-Request, HX-Target")
        assert response.status_code < 500
    for response in responses[1:2] + responses[4:]:
        assert response.headers["cache-control"] == "no-store", response.url


def test_pages_carry_no_inline_script_style_or_handler(client):
    for response in (client.get("/en/"), post(client, "/en/result", ANSWERED)):
        page = Page(response.text)
        for tag, attributes in page.elements:
            assert "style" not in attributes and not any(name.startswith("on") for name in attributes), tag
            if tag == "script":
                assert attributes.get("src", "").startswith("/static/"), attributes


def test_htmx_request_gets_the_main_block_with_the_full_title(client):
    full = Page(post(client, "/en/questions", ANSWERED[:2]).text)
    fragment_response = post(client, "/en/questions", ANSWERED[:2], headers=HTMX)
    fragment = Page(fragment_response.text)
    assert fragment_response.text.startswith("<title>")
    assert fragment.title == full.title and " – " in full.title
    assert not any(tag in ("html", "header", "footer", "main") for tag, _ in fragment.elements)
    oob = fragment.by_id("language-switch")
    assert oob is not None and oob.get("hx-swap-oob") == "true"


def test_missing_answer_is_422_with_error_title_and_a_summary_linked_to_the_first_input(client):
    for headers in ({}, HTMX):
        response = post(client, "/en/questions", [("_at", "court_case"), ("_go", "next"), ("_policy", PACK.id)], headers)
        assert response.status_code == 422
        page = Page(response.text)
        assert page.title.startswith("Error:")
        links = [a for tag, a in page.elements if tag == "a" and a.get("href", "").startswith("#court_case")]
        first_input = next(a for tag, a in page.elements if tag == "input" and a.get("name") == "court_case")
        assert links and links[0]["href"] == "#" + first_input["id"]
        fieldset = next(a for tag, a in page.elements if tag == "fieldset")
        assert "court_case-error" in fieldset["aria-describedby"].split()


def test_a_page_with_some_answers_missing_names_each_missing_question_and_keeps_the_others(client):
    response = post(client, "/en/questions", [("detained", "no"), ("_at", "now"), ("_go", "next"), ("_policy", PACK.id)])
    assert response.status_code == 422
    page = Page(response.text)
    links = [a["href"] for tag, a in page.elements if tag == "a" and a.get("href", "").startswith("#")
             and a["href"] != "#main"]
    assert links == ["#court_case-yes", "#removal_order-yes"]  # the summary links each to its own fieldset
    for question_id in ("court_case", "removal_order"):
        fieldset = next(a for tag, a in page.elements if tag == "fieldset" and f"{question_id}-error" in a.get("aria-describedby", ""))
        assert fieldset and page.by_id(f"{question_id}-error") is not None
    assert page.by_id("detained-error") is None and "checked" in page.by_id("detained-no")
    fields = [a.get("type") for name, _, _, a in page.form("/en/questions")["fields"] if name == "detained"]
    assert fields == ["radio"] * 3  # yes, no, not sure: no hidden copy of the answer beside its own radios


def test_check_page_groups_the_answers_under_the_pages_that_asked_them(client):
    response = post(client, "/en/questions", [*ANSWERED, ("_go", "check")])
    headings = re.findall(r'<h2 class="summary-heading">([^<]+)</h2>', response.text)
    asked = [p for p in PACK.pages if p.id not in ("court", "presence", "charges", "conviction", "since")]
    assert headings == [p.title for p in asked]  # no heading for a page the answers never opened
    assert response.text.index("answer-court_case") < response.text.index(asked[2].title) < response.text.index("answer-lpr")


def test_back_from_the_check_page_shows_the_last_page_asked_with_its_answers(client):
    response = post(client, "/en/questions", [*ANSWERED, ("_go", "back")])  # the check page's Back: no `_at`
    assert response.status_code == 200 and page_on(response) == ("record", ["national_security", "criminal_history"])
    assert "checked" in Page(response.text).by_id("criminal_history-none")


def test_every_question_names_its_inputs_by_id_with_the_contract_values(client):
    for question in PACK.questions:
        answers = [("court_case", "yes"), ("criminal_history", "conviction"), ("entry_manner", "not_inspected"),
                   ("entry_date", "on_or_after_2020_11_01")]  # every follow-up asked
        response = post(client, "/en/questions", [*answers, ("_change", question.id), ("_policy", PACK.id)])
        assert response.status_code == 200, question.id
        fields = [(name, value) for name, value, tag, _ in Page(response.text).form("/en/questions")["fields"]
                  if tag == "input" and not name.startswith("_") and name == question.id]
        assert [v for _, v in fields if v] == list(question.values), question.id


def test_no_answer_ever_travels_in_a_url(client):
    for response in (post(client, "/en/questions", [*ANSWERED, ("_go", "check")]), post(client, "/en/result", ANSWERED)):
        page = Page(response.text)
        for form in page.forms:
            assert form.get("method") == "post" and "?" not in form.get("action", ""), form
        for tag, attributes in page.elements:
            for name in ("href", "action", "formaction", "src"):
                url = attributes.get(name, "")
                if re.fullmatch(r"/static/[\w/.-]+\?v=[0-9a-f]{12}", url):
                    continue  # a file's content hash (app/web/static_files.py), the same for everyone
                assert "=" not in url or url.startswith("https://"), f"{tag} {name}={url}"


def test_language_switch_keeps_the_answers_and_the_place(client):
    first_page = [("court_case", "no"), ("detained", "no"), ("removal_order", "no")]
    response = post(client, "/en/questions", [*first_page, ("_at", "now"), ("_go", "next"), ("_policy", PACK.id)])
    assert response.status_code == 200
    action, pairs = language_switch(html_support.Page(response.text), "es")
    assert action == "/es/questions" and set(first_page) <= set(pairs) and ("_at", "arrival") in pairs

    switched = post(client, "/es/questions", pairs)
    assert switched.status_code == 200 and switched.headers["content-language"] == "es"
    page = Page(switched.text)
    assert ("html", {"lang": "es"}) in page.elements
    assert page.by_id("lpr-yes") is not None and page.by_id("entry_manner-inspected") is not None
    carried = [(n, v) for n, v, _, a in page.form("/es/questions")["fields"] if a.get("type") == "hidden" and not n.startswith("_")]
    assert carried == first_page


@pytest.mark.parametrize("go, endpoint", [("check", "questions"), (None, "result")])
def test_language_switch_on_check_and_result_pages_posts_every_answer(client, go, endpoint):
    pairs = [*ANSWERED, ("_go", go)] if go else ANSWERED
    response = post(client, f"/en/{endpoint}", pairs)
    action, carried = language_switch(html_support.Page(response.text), "es")
    assert action == f"/es/{endpoint}" and set(answer_pairs(CASE["answers"])) <= set(carried)
    again = post(client, f"/es/{endpoint}", carried)
    assert again.status_code == 200 and again.headers["content-language"] == "es"


def test_quick_exit_goes_to_the_configured_site(client):
    page = Page(client.get("/en/").text)
    assert page.by_id("quick-exit")["href"] == EXIT_URL
    assert next(a for tag, a in page.elements if tag == "body")["data-quick-exit"] == EXIT_URL


@pytest.mark.parametrize("pairs", [
    [("court_case", "maybe"), ("_at", "court_case")],
    [("no_such_question", "yes")],
    [("court_case", "yes"), ("court_case", "no")],
    [("court_case", "<script>alert(1)</script>")],
])
def test_bad_form_input_is_a_clear_422_page_never_500_never_echoed(client, pairs):
    for path in ("/en/questions", "/en/result"):
        response = post(client, path, [*pairs, ("_go", "next"), ("_policy", PACK.id)])
        assert response.status_code == 422, path
        assert "<script>alert" not in response.text
        assert Page(response.text).title.startswith("Error:")


def test_unknown_language_and_page_are_404_pages(client):
    for path in ("/xx/", "/xx/questions", "/en/nope"):
        response = client.get(path)
        assert response.status_code == 404 and "text/html" in response.headers["content-type"]
        assert "Page not found" in Page(response.text).title


def page_on(response) -> tuple[str | None, list[str]]:
    """The page a response shows (the `_at` field of its question form) and the questions it asks, in order."""
    forms = [f for f in Page(response.text).forms if "flow-form" in f.get("class", "")]
    if not forms:
        return None, []
    fields = forms[0]["fields"]
    at = next(value for name, value, _, _ in fields if name == "_at")
    asked = [name for name, _, tag, a in fields if tag == "input" and a.get("type") in ("radio", "checkbox")]
    return at, list(dict.fromkeys(asked))


def test_back_from_every_page_returns_to_the_page_before_with_its_answers(client):
    case = case_named("two minor convictions: a prior record alone")  # every conditional conviction question
    answers = answer_pairs(case["answers"])
    pages: list[str] = []
    asked: list[str] = ["answering_for"]
    response = post(client, "/en/questions", [("answering_for", "self"), ("_policy", PACK.id)])  # the start page's button
    while (at := page_on(response)[0]) is not None:
        pages.append(at)
        asked += page_on(response)[1]
        response = post(client, "/en/questions", [*[(q, v) for q, v in answers if q in asked], ("_at", at),
                                                  ("_go", "next"), ("_policy", PACK.id)])
    assert set(asked) == set(case["answers"]), "the flow did not ask exactly the case's questions"
    assert len(pages) + 1 <= 11, f"{len(pages)} question pages and the check page"
    for previous, current in zip(pages, pages[1:]):
        back = post(client, "/en/questions", [*answers, ("_at", current), ("_go", "back"), ("_policy", PACK.id)])
        shown, questions = page_on(back)
        assert shown == previous and questions
        for question in questions:
            checked = [a["value"] for tag, a in Page(back.text).elements if tag == "input" and a.get("name") == question and "checked" in a]
            assert checked == [v for q, v in answers if q == question], question


def static_links(html: str) -> list[str]:
    return [a.get("href") or a.get("src") for tag, a in Page(html).elements
            if tag in ("link", "script") and (a.get("href") or a.get("src") or "").startswith("/static/")]


@pytest.mark.parametrize("path", ["/en/", "/es/?desk=1", "/en/embed"])
def test_pages_name_static_files_by_their_content_and_those_are_kept_a_year(client, path):
    """Every stylesheet, script and icon a page names carries the hash of the bytes it gets; asked for that way, the
    file is immutable for a year. Pages themselves are never cached that way."""
    page = client.get(path)
    links = static_links(page.text)
    assert len(links) >= 4, links
    for link in links:
        file_path, _, query = link.partition("?v=")
        response = client.get(link)
        assert response.status_code == 200, link
        assert query == hashlib.sha256(response.content).hexdigest()[:12], link
        assert response.headers["cache-control"] == "public, max-age=31536000, immutable", link
        assert response.headers["x-content-type-options"] == "nosniff", link
        # Headers only a document reads are left off stylesheets and scripts; an SVG can be opened as one.
        document = not response.headers["content-type"].startswith(("text/css", "text/javascript"))
        assert ("content-security-policy" in response.headers) == document, link
    assert "max-age" not in page.headers.get("cache-control", "")
    assert "content-security-policy" in page.headers and "permissions-policy" in page.headers


def test_static_files_asked_for_without_their_current_hash_are_revalidated(client):
    """A partner's page links embed-host.js with no hash, and a page cached before a release names an old hash:
    both get today's file, checked again each time (by its ETag), never a year-long copy."""
    for path in ("/static/js/embed-host.js", "/static/css/site.css?v=000000000000", "/static/vendor/htmx.min.js"):
        response = client.get(path)
        assert response.status_code == 200 and response.headers["cache-control"] == "no-cache", path
        again = client.get(path, headers={"If-None-Match": response.headers["etag"]})
        assert again.status_code == 304, path
    assert "max-age" not in client.get("/en/").headers.get("cache-control", "")
    missing = client.get("/static/no-such-file.css?v=000000000000")
    assert missing.status_code == 404 and "max-age" not in missing.headers.get("cache-control", "")


@pytest.mark.parametrize("method, path, pairs", [
    ("GET", "/en/", None), ("GET", "/en/safety", None), ("GET", "/en/questions", None),
    ("POST", "/en/questions", [*ANSWERED, ("_go", "check")]), ("POST", "/en/result", ANSWERED),
    ("POST", "/en/result", [*answer_pairs(case_named("detained, removal order")["answers"]), ("_policy", "trasvina-2021")]),
])
def test_every_page_renders_as_an_htmx_fragment_like_its_full_page(client, method, path, pairs):
    """A template that sets a variable outside its main block breaks only the fragment: render both."""
    full = client.get(path) if method == "GET" else post(client, path, pairs)
    fragment = client.get(path, headers=HTMX) if method == "GET" else post(client, path, pairs, headers=HTMX)
    assert full.status_code == fragment.status_code == 200, fragment.text[:300]
    assert Page(fragment.text).title == Page(full.text).title
    heading = next(a for tag, a in Page(fragment.text).elements if tag == "h1")
    assert heading.get("tabindex") == "-1"  # the swap's focus target


def test_the_apps_scripts_and_stylesheets_are_sent_minified(client):
    """Sources keep their comments; what a phone downloads does not (app/web/static_files.py)."""
    static = Path(__file__).resolve().parents[1] / "app" / "static"
    for name in ("js/site.js", "css/site.css", "js/embed-frame.js"):
        response = client.get(f"/static/{name}")
        source = (static / name).read_text(encoding="utf-8")
        assert response.status_code == 200 and len(response.content) < 0.85 * len(source.encode()), name
        comments = re.findall(r"^\s*//(.+)$", source, re.M) + re.findall(r"/\*(.+?)\*/", source, re.S)
        assert comments and not [c for c in comments if c.strip() in response.text], name


@pytest.mark.parametrize("endpoint, extra", [("questions", [("_at", "family"), ("_go", "stay")]), ("questions", [("_go", "check")]),
                                             ("result", []), ("resume-code", [("_from", "result")])])
def test_a_page_carries_each_answer_once_and_every_button_submits_that_form(client, endpoint, extra):
    """One form (#answers) holds the answers; the language switch and every other button that needs them submit it
    (the form attribute, so without JavaScript too): no answer is drawn twice."""
    response = post(client, f"/en/{endpoint}", [*ANSWERED, *extra])
    assert response.status_code == 200
    page = html_support.Page(response.text)
    carried = [(e.attrs["name"], e.attrs.get("value", "")) for e in page.all("input")
               if not e.attrs.get("name", "_").startswith("_") and (e.attrs.get("type") == "hidden" or "checked" in e.attrs)]
    assert sorted(carried) == sorted(set(carried)) and set(carried) <= set(ANSWERED) and len(carried) > 10
    form = page.by_id("answers")
    buttons = [b for b in page.all("button") if b.attrs.get("type", "submit") == "submit"]
    assert buttons and all(b.attrs.get("form") == "answers" or form.order < b.order <= form.end for b in buttons)
