"""A relative reads the papers to bring and the court date's help about the person, not about themselves (issue 24).

The list of papers on the result page, its printable page and the PDF, and the court date's line of "Who to call",
worded by hand here for each reader: the words of one must never show to the other.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.settings import Settings
from app.web.factory import create_app
from embed_support import form_data, pdf_text
from html_support import Page
from result_cases import BASE

client = TestClient(create_app(Settings(today="2026-12-04")))

# A court case with no lawyer and a hearing soon (the court date's line shows), close family (a paper to bring).
ANSWERS = {**BASE, "court_case": "yes", "has_lawyer": "no", "hearing_soon": "yes", "us_family": "yes"}

# (words about the reader, words about the person), as each page shows them.
WORDS = {
    "en": [("To find your court date", "To find the person's court date"),
           ("Your passport, ID card or other proof of who you are", "The person's passport, ID card or other proof of who they are"),
           ("Every paper you got from ICE", "Every paper the person got from ICE"),
           ("If you were ever arrested or convicted", "If the person was ever arrested or convicted"),
           ("Papers that show the facts in your favor", "Papers that show the facts in the person's favor"),
           ("Show your original papers", "Show the person's original papers")],
    "es": [("Para saber la fecha de su audiencia", "Para saber la fecha de la audiencia de la persona"),
           ("Su pasaporte, su tarjeta de identidad", "El pasaporte de la persona"),
           ("Todos los papeles que recibió de ICE", "Todos los papeles que la persona recibió de ICE"),
           ("Si alguna vez tuvo un arresto o una condena", "Si a la persona la arrestaron o la condenaron alguna vez"),
           ("Papeles que muestran los hechos a su favor", "Papeles que muestran los hechos a favor de la persona"),
           ("Muestre sus papeles originales", "Muestre los papeles originales de la persona")],
}
# The court date's line also says where the A-number is (result page and help page).
A_NUMBER = {"en": ("You need your A-number", "You need the person's A-number"),
            "es": ("Necesita su número A", "Necesita el número A de la persona")}
PDF_WORDS = {"en": ("Every paper you have from immigration", "Every paper the person has from immigration"),
             "es": ("Todos los papeles que tenga de inmigración", "Todos los papeles que la persona tenga de inmigración")}


def text_of(html: str, element_id: str) -> str:
    page = Page(html)
    return " ".join(" ".join(page.by_id(element_id).parts).split())


def answers_for(answering_for: str) -> dict:
    return {**ANSWERS, "answering_for": answering_for}


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("answering_for", ["self", "someone_else"])
def test_the_result_page_words_the_papers_and_the_court_date_for_its_reader(lang, answering_for):
    response = client.post(f"/{lang}/result", data=form_data(answers_for(answering_for), policy="doyle-2022"))
    assert response.status_code == 200
    shown = text_of(response.text, "call") + " " + text_of(response.text, "checklist")
    for about_reader, about_person in [*WORDS[lang], A_NUMBER[lang]]:
        wanted, unwanted = (about_person, about_reader) if answering_for == "someone_else" else (about_reader, about_person)
        assert wanted in shown, f"{answering_for}, {lang}: {wanted!r} missing"
        assert unwanted not in shown, f"{answering_for}, {lang}: {unwanted!r} shown"


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("answering_for", ["self", "someone_else"])
def test_the_printable_list_of_papers_is_worded_for_its_reader(lang, answering_for):
    response = client.post(f"/{lang}/help/checklist", data=form_data(answers_for(answering_for), policy="doyle-2022"))
    assert response.status_code == 200
    shown = " ".join(text_of(response.text, "main").split())
    for about_reader, about_person in WORDS[lang][1:]:  # the papers; the court date is not on this page
        wanted, unwanted = (about_person, about_reader) if answering_for == "someone_else" else (about_reader, about_person)
        assert wanted in shown and unwanted not in shown, (answering_for, lang, wanted)
    # The close family's own paper, in the words for its reader (catalog data).
    about_reader, about_person = {"en": ("Your family member's", "The family member's"),
                                  "es": ("verde de su familiar", "verde del familiar")}[lang]
    family = text_of(response.text, "checklist-us_family")
    wanted, unwanted = (about_person, about_reader) if answering_for == "someone_else" else (about_reader, about_person)
    assert wanted in family and unwanted not in family


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("answering_for", ["self", "someone_else"])
def test_the_pdf_checklist_is_worded_for_its_reader(lang, answering_for, tmp_path: Path):
    response = client.post(f"/{lang}/result.pdf", data=form_data(answers_for(answering_for), policy="doyle-2022"))
    assert response.status_code == 200 and response.headers["content-type"] == "application/pdf"
    text = " ".join(pdf_text(response.content, tmp_path).split())
    about_reader, about_person = PDF_WORDS[lang]
    wanted, unwanted = (about_person, about_reader) if answering_for == "someone_else" else (about_reader, about_person)
    assert wanted in text and unwanted not in text
