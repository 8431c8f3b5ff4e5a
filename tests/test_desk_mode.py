"""Intake-desk mode over HTTP: the client's language and English side by side, chosen per visit, partner or deployment."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from app.settings import Settings
from app.web.factory import create_app
from embed_support import RICH_ANSWERS, client_language_dir, form_data, lang_cells, translator, write_partners_file


@pytest.fixture(scope="module")
def language(tmp_path_factory):
    return client_language_dir(tmp_path_factory.mktemp("locales"))


@pytest.fixture(scope="module")
def client(language, tmp_path_factory):
    partners = write_partners_file(tmp_path_factory.mktemp("partners") / "partners.yaml")
    return TestClient(create_app(Settings(locales_dir=language[1], partners_file=partners)))


def check_page(client, lang: str, **control: str):
    return client.post(f"/{lang}/questions", data=form_data(RICH_ANSWERS, go="check", policy="doyle-2022", **control))


def result_page(client, lang: str, **control: str):
    return client.post(f"/{lang}/result", data=form_data(RICH_ANSWERS, policy="doyle-2022", **control))


def test_check_answers_side_by_side_in_client_language_and_english(client, language):
    lang, locales = language
    t = translator(locales, lang)
    page = check_page(client, lang, desk="1")
    assert page.status_code == 200 and page.headers["cache-control"] == "no-store"
    headers = lang_cells(page.text, "th")
    assert [h[0] for h in headers] == [lang, "en"]
    cells = lang_cells(page.text, "td")
    assert [c[0] for c in cells[:4]] == [lang, "en", lang, "en"]
    question = "Who are you answering for?"  # the first question of the flow
    assert t(question) != question
    assert cells[0][1].startswith(t(question)) and cells[1][1].startswith(question)
    assert cells[0][1].endswith(t("For myself")) and cells[1][1].endswith("For myself")
    # One "Change" button per answer, and the answers still ride in the form.
    assert page.text.count('name="_change"') == len(cells) // 2
    assert '<input type="hidden" name="_desk" value="1">' in page.text


def test_result_side_by_side_row_by_row(client, language):
    lang, locales = language
    t = translator(locales, lang)
    page = result_page(client, lang, desk="1")
    cells = lang_cells(page.text, "div")
    langs = [c[0] for c in cells]
    assert langs == [lang, "en"] * (len(cells) // 2), langs
    columns = {code: " ".join(text for c, text in cells if c == code) for code in (lang, "en")}
    for msgid in ("What the guidance counted in your favor", "You have lived in the US for a long time"):
        assert t(msgid) in columns[lang] and msgid in columns["en"], msgid
        assert msgid not in columns[lang]
    # Citations keep their official titles in both columns.
    assert columns[lang].count("Mayorkas") == columns["en"].count("Mayorkas") > 0
    assert t("Start over for the next person") in page.text
    assert re.search(r'<link rel="stylesheet" href="/static/css/desk\.css\?v=[0-9a-f]{12}">', page.text)


def test_start_over_goes_to_the_start_keeping_only_the_visit_options(client, language):
    lang, _ = language
    page = result_page(client, lang, desk="1", partner="casa-prueba")
    # On a page with answers it asks first: a post of them to /start-over, or the dialog that leads to the start.
    assert (f'form="answers" formaction="/{lang}/start-over" class="button desk-start-over" id="desk-start-over" '
            f'data-start-over data-start="/{lang}/?partner=casa-prueba&amp;desk=1"') in page.text
    asked = client.post(f"/{lang}/start-over", data=form_data({"court_case": "no"}, partner="casa-prueba", desk="1"))
    assert asked.status_code == 200 and asked.headers["cache-control"] == "no-store"
    assert f'id="start-over-yes" href="/{lang}/?partner=casa-prueba&amp;desk=1"' in asked.text


def test_english_client_gets_one_column_in_larger_text(client):
    page = result_page(client, "en", desk="1")
    assert "desk-grid" not in page.text and 'id="favorable"' in page.text
    assert "/static/css/desk.css" in page.text and "Start over for the next person" in page.text


def test_without_desk_mode_pages_are_the_usual_ones(client, language):
    lang, _ = language
    page = result_page(client, lang)
    assert "desk-grid" not in page.text and "desk.css" not in page.text and "data-start-over" not in page.text
    assert 'name="_desk"' not in page.text


def test_partner_option_turns_desk_mode_on_without_a_carried_field(language, tmp_path):
    lang, locales = language
    partners = write_partners_file(tmp_path / "partners.yaml", desk_mode=True)
    client = TestClient(create_app(Settings(locales_dir=locales, partners_file=partners)))
    page = check_page(client, lang, partner="casa-prueba")
    assert "desk-answers" in page.text and 'name="_desk"' not in page.text
    assert 'name="_partner" value="casa-prueba"' in page.text


def test_deployment_setting_turns_desk_mode_on_for_everyone(language):
    lang, locales = language
    client = TestClient(create_app(Settings(locales_dir=locales, desk_mode=True)))
    assert "desk-grid" in result_page(client, lang).text
    assert "data-start-over" in client.get(f"/{lang}/").text
