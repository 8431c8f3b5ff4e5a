"""A new language is one catalog: a throwaway French catalog in a temporary locales folder is served
by the unchanged app (PDS_LOCALES_DIR), in its pages, headers, switch, redirect and API."""

from __future__ import annotations

import shutil
from pathlib import Path

import httpx
import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from i18n_support import parse_page

ROOT = Path(__file__).resolve().parents[1]
FRENCH = {
    "Leave this site quickly": "Quitter ce site rapidement",
    "Before you start": "Avant de commencer",
    "Start for myself": "Commencer pour moi",
    "Do you have a case in immigration court?": "Avez-vous une affaire devant le tribunal de l'immigration ?",
    "Yes": "Oui",
}


def _compile(po: Path) -> None:
    with po.open("rb") as source:
        catalog = read_po(source)
    with po.with_suffix(".mo").open("wb") as target:
        write_mo(target, catalog)


@pytest.fixture(scope="module")
def french_server(make_live_server, tmp_path_factory):
    locales = tmp_path_factory.mktemp("locales")
    shutil.copytree(ROOT / "locales", locales, dirs_exist_ok=True)
    for po in locales.glob("*/LC_MESSAGES/messages.po"):
        _compile(po)  # the copy is self-contained, whether or not the repo's .mo files are built
    fr = locales / "fr" / "LC_MESSAGES"
    fr.mkdir(parents=True)
    entries = "".join(f'msgid "{k}"\nmsgstr "{v}"\n\n' for k, v in FRENCH.items())
    (fr / "messages.po").write_text(f'msgid ""\nmsgstr ""\n"Language: fr\\n"\n"Content-Type: text/plain; charset=utf-8\\n"\n\n{entries}', encoding="utf-8")
    _compile(fr / "messages.po")
    return make_live_server(env={"PDS_LOCALES_DIR": str(locales)})


def test_the_new_language_is_offered(french_server):
    assert httpx.get(f"{french_server.url}/healthz").json()["languages"] == ["en", "es", "fr"]


def test_its_pages_are_served_in_it(french_server):
    response = httpx.get(f"{french_server.url}/fr/")
    assert response.status_code == 200
    assert response.headers["content-language"] == "fr"
    page = parse_page(response.text)
    assert page.html_lang == "fr" and set(page.alternates) == {"en", "es", "fr", "x-default"}
    assert "Quitter ce site rapidement" in response.text and "Avant de commencer" in response.text
    question = httpx.post(f"{french_server.url}/fr/questions", data={"answering_for": "self"})
    assert "Avez-vous une affaire devant le tribunal" in question.text and ">Oui<" in question.text


def test_the_switch_names_it_in_its_own_language_and_accept_language_finds_it(french_server):
    english = httpx.get(f"{french_server.url}/en/")
    assert 'lang="fr">Français<' in english.text and 'lang="es">Español<' in english.text
    redirect = httpx.get(f"{french_server.url}/", headers={"Accept-Language": "fr-CA,fr;q=0.9,en;q=0.5"})
    assert redirect.status_code == 303 and redirect.headers["location"] == "/fr/"


def test_the_api_accepts_it(french_server):
    body = httpx.get(f"{french_server.url}/api/v1/questions", params={"lang": "fr"}).json()
    assert body["lang"] == "fr" and body["questions"][1]["text"].startswith("Avez-vous")
