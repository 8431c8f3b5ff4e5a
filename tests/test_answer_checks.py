"""The one answer checker (app.core): the contract's reading for the API and the web flow, and the exclusive
relief choices declared in the catalog, which only the web flow asks a person to choose alone."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from fastapi.testclient import TestClient

from app.core import AnswerError, check_answer, check_answers, screen, step_problem
from app.policy import load_packs
from app.settings import Settings
from app.web.factory import create_app

PACK = load_packs().default
RELIEF = PACK.question("relief")


def test_the_multi_selects_declare_their_exclusive_choices_in_the_catalog():
    assert RELIEF.exclusive == ("none", "not_sure")
    assert PACK.question("charge_type").exclusive == ("not_sure",)
    assert all(not q.exclusive for q in PACK.questions if q.kind == "single")


def test_an_empty_relief_list_is_no_answer():
    answers, errors = check_answers(PACK, {"relief": [], "lpr": "no"})
    assert errors == [] and answers == {"lpr": "no"}
    assert "relief" in screen(answers, PACK, PACK.timeline[0].start).unanswered_questions


def test_a_relief_list_may_combine_none_with_another_value_as_the_contract_reads_it():
    answers, errors = check_answers(PACK, {"relief": ["none", "tps", "tps"]})
    assert errors == [] and answers == {"relief": ("none", "tps")}
    assert "possible_relief" in screen(answers, PACK, PACK.timeline[0].start).favorable_factors


@pytest.mark.parametrize(("question", "value", "code"), [
    ("relief", "tps", "not_a_list"),
    ("relief", ["tps", "lottery"], "not_allowed"),
    ("lpr", ["yes"], "not_a_value"),
    ("lpr", 1, "not_a_value"),
    ("lpr", "maybe", "not_allowed"),
])
def test_a_bad_answer_names_its_question_and_the_allowed_values(question, value, code):
    checked = check_answer(PACK.question(question), value)
    assert checked == AnswerError(question, code, PACK.question(question).values)


@pytest.mark.parametrize(("chosen", "problem"), [
    ((), "missing"),
    (("none",), None),
    (("tps", "daca"), None),
    (("none", "tps"), "exclusive"),
    (("not_sure", "asylum"), "exclusive"),
    (("none", "not_sure"), "exclusive"),
])
def test_the_flow_asks_for_an_exclusive_choice_alone(chosen, problem):
    assert step_problem(RELIEF, {"relief": chosen} if chosen else {}) == problem


@pytest.fixture(scope="module")
def client():
    return TestClient(create_app(Settings()))


def post_form(client, path: str, fields: list[tuple[str, str]]):
    return client.post(path, content=urlencode(fields), headers={"Content-Type": "application/x-www-form-urlencoded"})


def test_the_question_page_tells_a_person_not_to_tick_none_with_another_choice(client):
    fields = [("relief", "none"), ("relief", "tps"), ("_at", "relief"), ("_go", "next"), ("_policy", PACK.id)]
    response = post_form(client, "/en/questions", fields)
    assert response.status_code == 422
    assert "but not both" in response.text
    assert response.text.count('class="choices-divider"') == 1  # one "or" before the exclusive choices


def test_the_question_page_accepts_several_applications(client):
    fields = [("relief", "tps"), ("relief", "daca"), ("_at", "relief"), ("_go", "next"), ("_policy", PACK.id)]
    response = post_form(client, "/en/questions", fields)
    assert response.status_code == 200 and "but not both" not in response.text
