"""Each next step of the result page shows exactly when its answers hold, and not otherwise (policy brief §6)."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from fastapi.testclient import TestClient

from app.settings import Settings
from app.web.factory import create_app
from app.web.presenter import NEXT_STEPS
from html_support import Page
from result_cases import BASE, CASES, CONVICTION, form_pairs

client = TestClient(create_app(Settings(today="2026-11-23")))


def steps_shown(answers: dict, lang: str = "en") -> list[str]:
    response = client.post(f"/{lang}/result", content=urlencode(form_pairs(answers, policy="doyle-2022")),
                           headers={"content-type": "application/x-www-form-urlencoded"})
    assert response.status_code == 200
    page = Page(response.text)
    return [li.attrs["id"].removeprefix("step-") for li in page.inside(page.by_id("next-steps"), "li")
            if li.attrs.get("id", "").startswith("step-")]


# step id -> (answers where it must show, answers where it must not)
BRANCHES = {
    "court_dismissal": ([{"court_case": "yes", "has_lawyer": "yes", "hearing_soon": "no"}],
                        [{"court_case": "no"}, {"court_case": "not_sure"}]),
    "court_check": ([{"court_case": "yes", "has_lawyer": "no", "hearing_soon": "not_sure"}],
                    [{"court_case": "no"}, {"court_case": "not_sure"}]),
    "find_out": ([{"court_case": "not_sure"}, {"removal_order": "not_sure"}, {"court_case": "yes", "removal_order": "not_sure"}],
                 [{"court_case": "no"}, {"court_case": "yes", "has_lawyer": "yes"}]),
    "sign_nothing": ([{"court_case": "no"}, {"court_case": "not_sure"}], [{"court_case": "yes", "has_lawyer": "yes"}]),
    "detainee_locator": ([{"detained": "yes"}], [{"detained": "no"}]),
    "no_bond_hearing": ([{"entry_manner": "not_inspected"}, {"entry_manner": "not_inspected", "detained": "yes"}],
                        [{"entry_manner": "inspected", "detained": "yes"}, {"entry_manner": "not_sure"}]),
    "what_counts_as_conviction": ([CONVICTION, {"criminal_history": "arrest_only"}, {"criminal_history": "not_sure"}],
                                  [{"criminal_history": "none"}]),
    "green_card_conviction": ([{**CONVICTION, "lpr": "yes"}, {"lpr": "yes", "criminal_history": "arrest_only"},
                               {"lpr": "yes", "criminal_history": "not_sure"}],
                              [{**CONVICTION, "lpr": "no"}, {"lpr": "yes", "criminal_history": "none"}]),
}
ALWAYS = {"lawyer", "no_notario", "report_fraud"}


def test_every_step_rule_has_its_branch_test():
    assert {rule.id for rule in NEXT_STEPS} == set(BRANCHES) | ALWAYS


@pytest.mark.parametrize("step", sorted(BRANCHES))
def test_step_shows_exactly_when_its_answers_hold(step):
    holds, fails = BRANCHES[step]
    for change in holds:
        assert step in steps_shown({**BASE, **change}), change
    for change in fails:
        assert step not in steps_shown({**BASE, **change}), change


@pytest.mark.parametrize("case", sorted(CASES))
def test_everyone_is_told_to_see_a_lawyer_and_to_avoid_notarios(case):
    assert ALWAYS <= set(steps_shown(CASES[case]))


def test_a_person_with_no_court_case_never_reads_about_a_dismissal():
    response = client.post("/en/result", content=urlencode(form_pairs(CASES["outside"], policy="doyle-2022")),
                           headers={"content-type": "application/x-www-form-urlencoded"})
    assert "dismiss" not in response.text.lower()
    assert "Do not sign any paper from ICE until a lawyer has read it." in response.text


@pytest.mark.parametrize("lang", ["en", "es"])
def test_no_text_tells_a_person_who_entered_without_inspection_to_ask_for_bond(lang):
    answers = {**CASES["detained_order"], "entry_manner": "not_inspected"}
    response = client.post(f"/{lang}/result", content=urlencode(form_pairs(answers, policy="doyle-2022")),
                           headers={"content-type": "application/x-www-form-urlencoded"})
    text = " ".join(Page(response.text).by_id("main").text.lower().split())
    for phrase in ("ask for bond", "ask about bond", "pida fianza", "pregunte por la fianza", "pedir fianza"):
        assert phrase not in text
    assert "step-no_bond_hearing" in response.text


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("policy", ["doyle-2022", "trasvina-2021"])
def test_no_heading_calls_the_reader_a_threat_or_a_priority(lang, policy):
    for answers in [*CASES.values(), {"national_security": "not_sure", "criminal_history": "not_sure"}]:
        response = client.post(f"/{lang}/result", content=urlencode(form_pairs(answers, policy=policy)),
                               headers={"content-type": "application/x-www-form-urlencoded"})
        page = Page(response.text)
        for heading in page.all("h1") + page.all("h2") + page.all("h3") + page.all("h4"):
            assert not any(word in heading.text.lower() for word in ("threat", "amenaza", "you are a priority", "usted es una prioridad")), heading.text
