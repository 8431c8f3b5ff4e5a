"""Choosing the language: `/` follows Accept-Language, and the switch keeps the person's answers and place."""

from __future__ import annotations

import re
from datetime import date

import httpx
import pytest
from html_support import Page, language_switch
from i18n_support import RAISE_EVERYTHING, as_form, parse_page, post_form

from app.settings import ROOT
from app.web import i18n


@pytest.fixture(scope="module")
def client(live_server):
    with httpx.Client(base_url=live_server.url, timeout=20) as c:
        yield c


@pytest.mark.parametrize(("header", "lands_on"), [
    ("es-MX,es;q=0.9,en;q=0.8", "/es/"),
    ("es", "/es/"),
    ("en-US,en;q=0.9,es;q=0.8", "/en/"),
    ("fr-FR, es;q=0.5", "/es/"),
    ("fr, de", "/en/"),
    ("es;q=0, en", "/en/"),
    (None, "/en/"),
])
def test_root_follows_accept_language(client, header, lands_on):
    response = client.get("/", headers={"Accept-Language": header} if header else {})
    assert response.status_code == 303 and response.headers["location"] == lands_on
    assert "accept-language" in response.headers["vary"].lower()


def _switch_to(page_html: str, lang: str) -> tuple[str, list[tuple[str, str]]]:
    """What the language switch for `lang` on a page posts: where, and every pair (it submits the page's form)."""
    return language_switch(Page(page_html), lang)


def _answers(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return sorted((name, value) for name, value in pairs if not name.startswith("_"))


FIRST_PAGE = [("court_case", "yes"), ("detained", "no"), ("removal_order", "no")]


def test_switching_on_a_question_page_keeps_the_answers_and_the_question(client):
    english = post_form(client, "/en/questions", [*FIRST_PAGE, ("_at", "now"), ("_go", "next")])
    assert english.status_code == 200
    before = parse_page(english.text).form("flow-form")
    action, carried = _switch_to(english.text, "es")
    assert action == "/es/questions"
    spanish = post_form(client, action, carried)
    assert spanish.status_code == 200 and spanish.headers["content-language"] == "es"
    after = parse_page(spanish.text)
    assert after.html_lang == "es"
    flow = after.form("flow-form")
    assert dict(flow.hidden())["_at"] == dict(before.hidden())["_at"] == "court"
    assert _answers(flow.hidden()) == _answers(before.hidden()) == sorted(FIRST_PAGE)
    assert "¿Tiene un abogado o un representante acreditado" in spanish.text


def test_switching_keeps_an_answer_already_chosen_on_the_current_question(client):
    # Back from the next page: the court page shows hearing_soon with its answer checked; the switch keeps it checked.
    back = post_form(client, "/en/questions", [*FIRST_PAGE, ("hearing_soon", "no"), ("_at", "arrival"), ("_go", "back")])
    action, carried = _switch_to(back.text, "es")
    spanish = post_form(client, action, carried)
    assert dict(parse_page(spanish.text).form("flow-form").hidden())["_at"] == "court"
    assert 'value="no" checked' in spanish.text


def test_switching_carries_a_choice_ticked_but_not_yet_sent_and_stays_on_the_page(client):
    """The switch submits the page's own form: what the person ticked on this page goes along, and the same page comes
    back in the other language with it ticked and no "choose an answer" error, even with other questions left open."""
    english = post_form(client, "/en/questions", [*FIRST_PAGE, ("_at", "now"), ("_go", "next")])
    page = Page(english.text)
    page.by_id("hearing_soon-yes").attrs["checked"] = ""  # ticked in the browser, not sent yet
    action, carried = language_switch(page, "es")
    assert ("hearing_soon", "yes") in carried and ("_go", "stay") in carried
    spanish = post_form(client, action, carried)
    assert spanish.status_code == 200 and "error-summary" not in spanish.text
    assert dict(parse_page(spanish.text).form("flow-form").hidden())["_at"] == "court"
    assert Page(spanish.text).by_id("hearing_soon-yes").attrs.get("checked") == ""


def test_switching_on_check_answers_stays_on_check_answers(client):
    english = post_form(client, "/en/questions", as_form({"court_case": "no", "detained": "no"}) + [("_go", "check")])
    before = parse_page(english.text).form("check-form")
    action, carried = _switch_to(english.text, "es")
    spanish = post_form(client, action, carried)
    after = parse_page(spanish.text).form("check-form")
    assert "Revise sus respuestas" in spanish.text
    assert _answers(after.hidden()) == _answers(before.hidden())


def test_switching_on_the_result_shows_the_same_result_in_the_other_language(client):
    english = post_form(client, "/en/result", as_form(RAISE_EVERYTHING) + [("_policy", "trasvina-2021")])
    action, carried = _switch_to(english.text, "es")
    assert action == "/es/result" and ("_policy", "trasvina-2021") in carried
    spanish = post_form(client, action, carried)
    assert spanish.headers["content-language"] == "es" and "Su resultado" in spanish.text
    assert "memorando Trasviña" in spanish.text
    factor_ids = re.compile(r'id="factor-([a-z_]+)"')
    assert factor_ids.findall(spanish.text) == factor_ids.findall(english.text) != []
    # And back again.
    action_back, carried_back = _switch_to(spanish.text, "en")
    assert action_back == "/en/result" and _answers(carried_back) == _answers(carried)


def test_an_htmx_swap_brings_a_switch_that_carries_the_new_answers(client):
    fragment = post_form(client, "/es/questions", [*FIRST_PAGE, ("_at", "now"), ("_go", "next")],
                         {"HX-Request": "true", "HX-Target": "main"})
    assert "<html" not in fragment.text and 'hx-swap-oob="true"' in fragment.text
    action, carried = _switch_to(fragment.text, "en")
    assert action == "/en/questions" and ("court_case", "yes") in carried and ("_at", "court") in carried


def test_pages_without_answers_switch_with_a_plain_link(client):
    page = parse_page(client.get("/es/safety").text)
    base = str(client.base_url).rstrip("/")
    assert page.alternates == {"en": f"{base}/en/safety", "es": f"{base}/es/safety", "x-default": f"{base}/safety"}
    assert 'href="/en/safety" hreflang="en" lang="en">English<' in client.get("/es/safety").text
    assert 'lang="es">Español<' in client.get("/en/").text


def test_dates_and_numbers_follow_the_locale():
    catalogs = i18n.Catalogs(ROOT / "locales")
    with i18n.use_locale(catalogs, "es"):
        assert i18n.format_date(date(2025, 1, 20)) == "20 de enero de 2025"
        assert i18n.format_number(65536) == "65.536"
    with i18n.use_locale(catalogs, "en"):
        assert i18n.format_date(date(2025, 1, 20)) == "January 20, 2025"
        assert i18n.format_number(65536) == "65,536"


def test_language_names_are_written_in_their_own_language():
    assert (i18n.language_name("en"), i18n.language_name("es")) == ("English", "Español")
