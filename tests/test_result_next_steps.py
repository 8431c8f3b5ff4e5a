"""Each next step of the result page shows exactly when its answers hold, and not otherwise (policy brief §6)."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from fastapi.testclient import TestClient

from app.settings import Settings
from app.web.factory import create_app
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


# step id -> (answers where it must show, answers where it must not), from policy brief §6; the page of each, as the
# data's own tests (test_present_data.py) check the choice itself.
NOT_INSPECTED = {"entry_manner": "not_inspected"}
THEFT_ARREST = {"criminal_history": "arrest_only", "charge_type": ["theft_or_burglary"], "criminal_case_open": "no"}
BRANCHES = {
    "relative_find_person": ([{"answering_for": "someone_else", "detained": "yes"}],
                             [{"answering_for": "someone_else", "detained": "no"}, {"answering_for": "self", "detained": "yes"}]),
    "relative_find_lawyer": ([{"answering_for": "someone_else", "detained": "not_sure"}], [{"detained": "yes"}]),
    "relative_sign_and_pay_nothing": ([{"answering_for": "someone_else"}], [{"answering_for": "self"}, {}]),
    "relative_keep_papers": ([{"answering_for": "someone_else"}], [{"answering_for": "self"}]),
    "laken_riley_check": ([{"entry_manner": "not_sure", **THEFT_ARREST}, {**NOT_INSPECTED, **THEFT_ARREST, "charge_type": ["not_sure"]}],
                          [{**NOT_INSPECTED, **THEFT_ARREST}, {"entry_manner": "inspected", **THEFT_ARREST}]),
    "plea_tell_defense_lawyer": ([{**THEFT_ARREST, "criminal_case_open": "yes"}, {**THEFT_ARREST, "criminal_case_open": "not_sure"}],
                                 [THEFT_ARREST, {"criminal_history": "none"}]),
    "keep_going_to_court": ([{"court_case": "yes", "has_lawyer": "yes", "hearing_soon": "no"}, {"court_case": "not_sure"}],
                            [{"court_case": "no"}]),
    "no_dismissal_without_lawyer": ([{"court_case": "yes", "has_lawyer": "yes", "hearing_soon": "no"}, {"court_case": "not_sure"}],
                                    [{"court_case": "no"}]),
    "check_court_date": ([{"court_case": "yes", "has_lawyer": "no", "hearing_soon": "not_sure"}],
                         [{"court_case": "no"}, {"court_case": "not_sure"}]),
    "find_out_court_case": ([{"court_case": "not_sure"}], [{"court_case": "no"}, {"court_case": "yes", "has_lawyer": "yes"}]),
    "find_out_order": ([{"removal_order": "not_sure"}, {"court_case": "yes", "removal_order": "not_sure"}],
                       [{"court_case": "not_sure", "removal_order": "not_sure"}, {"removal_order": "no"}]),
    "detainee_locator": ([{"detained": "yes"}, {"detained": "not_sure"}],
                         [{"detained": "no"}, {"answering_for": "someone_else", "detained": "yes"}]),
    "bond_depends": ([{"detained": "yes"}, {"detained": "not_sure"}], [{"detained": "yes", "removal_order": "yes"}, {"detained": "no"}]),
    "bond_if_held": ([NOT_INSPECTED, {"entry_manner": "not_sure"}],
                     [{**NOT_INSPECTED, "removal_order": "yes"}, {**NOT_INSPECTED, "detained": "yes"}, {"entry_manner": "inspected"}]),
    "keep_proof_of_two_years": ([NOT_INSPECTED, {"entry_manner": "not_sure"}], [{**NOT_INSPECTED, "lpr": "yes"}, {}]),
    "what_counts_as_conviction": ([CONVICTION, {"criminal_history": "arrest_only"}, {"criminal_history": "not_sure"}],
                                  [{"criminal_history": "none"}]),
    "green_card_drug_case": ([{**CONVICTION, "lpr": "yes", "charge_type": ["drugs"]},
                              {"lpr": "yes", "criminal_history": "arrest_only", "charge_type": ["drugs"]}],
                             [{**CONVICTION, "lpr": "no", "charge_type": ["drugs"]}, {**CONVICTION, "lpr": "yes", "charge_type": ["dui"]}]),
    "green_card_conviction": ([{**CONVICTION, "lpr": "yes"}, {**CONVICTION, "lpr": "yes", "charge_type": ["dui"]}],
                              [{**CONVICTION, "lpr": "no"}, {**CONVICTION, "lpr": "yes", "charge_type": ["drugs"]}]),
    "green_card_arrest": ([{"lpr": "yes", "criminal_history": "arrest_only"}, {"lpr": "yes", "criminal_history": "not_sure"}],
                          [{"lpr": "yes", "criminal_history": "none"}, {"lpr": "no", "criminal_history": "arrest_only"}]),
    "registration_ask_first": ([NOT_INSPECTED, {"entry_manner": "not_sure", "court_case": "not_sure"}],
                               [{**NOT_INSPECTED, "court_case": "yes", "has_lawyer": "yes", "hearing_soon": "no"},
                                {**NOT_INSPECTED, "lpr": "yes"}, {**NOT_INSPECTED, "detained": "yes"}, {}]),
    "leaving_ask_first": ([{}, {"lpr": "not_sure"}], [{"lpr": "yes"}]),
    "tps_daca_changed": ([{"relief": ["tps"]}, {"relief": ["daca", "asylum"]}], [{"relief": ["asylum"]}]),
    "victims_policy_ended": ([{"relief": ["u_visa"]}, {"crime_victim_or_witness": "yes"}], [{"relief": ["asylum"]}]),
}
ALWAYS = {"lawyer", "sign_nothing", "no_notario", "scams_and_reports"}


def test_every_step_of_the_data_has_its_branch_test():
    from app.policy import load_packs
    from app.policy.present import load_advice

    steps = {item.id for item in load_advice(load_packs()).by_place("next_step")}
    assert steps == set(BRANCHES) | ALWAYS


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
    assert "step-sign_nothing" in response.text


@pytest.mark.parametrize("lang", ["en", "es"])
def test_no_bond_step_after_a_final_order(lang):
    answers = {**CASES["detained_order"], "entry_manner": "not_inspected"}
    response = client.post(f"/{lang}/result", content=urlencode(form_pairs(answers, policy="doyle-2022")),
                           headers={"content-type": "application/x-www-form-urlencoded"})
    text = " ".join(Page(response.text).by_id("main").text.lower().split())
    for phrase in ("ask for bond", "about bond", "pedir fianza", "por la fianza"):
        assert phrase not in text
    assert "step-bond" not in response.text  # content review K2: bond does not fit after a final order


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("policy", ["doyle-2022", "trasvina-2021"])
def test_no_heading_calls_the_reader_a_threat_or_a_priority(lang, policy):
    for answers in [*CASES.values(), {"national_security": "not_sure", "criminal_history": "not_sure"}]:
        response = client.post(f"/{lang}/result", content=urlencode(form_pairs(answers, policy=policy)),
                               headers={"content-type": "application/x-www-form-urlencoded"})
        page = Page(response.text)
        for heading in page.all("h1") + page.all("h2") + page.all("h3") + page.all("h4"):
            assert not any(word in heading.text.lower() for word in ("threat", "amenaza", "you are a priority", "usted es una prioridad")), heading.text
