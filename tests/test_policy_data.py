"""Code health of the policy data, and the loader's refusal of bad data with a clear message."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from app.core.model import Is
from app.policy import PolicyDataError, load_packs
from app.policy.loader import DATA_DIR

PACKS = load_packs()
CONTRACT_FACTORS_BOTH = {
    "lpr", "tender_age", "advanced_age", "lengthy_presence", "arrived_as_child", "health_condition",
    "pregnant_or_nursing", "caregiver", "us_family", "military_service", "crime_victim_or_witness",
    "community_ties", "possible_relief", "time_since_offense", "rehabilitation",
    "serious_sentence", "serious_harm", "weapon", "prior_record",
}
DOYLE_ONLY = {"labor_or_housing_dispute", "conviction_vacated", "mental_condition"}


def test_each_pack_lists_exactly_the_contract_factors():
    assert {f.id for f in PACKS.get("doyle-2022").factors} == CONTRACT_FACTORS_BOTH | DOYLE_ONLY
    assert {f.id for f in PACKS.get("trasvina-2021").factors} == CONTRACT_FACTORS_BOTH


def test_doyle_is_the_default_pack():
    assert PACKS.default_id == "doyle-2022"


@pytest.mark.parametrize("pack", list(PACKS), ids=lambda p: p.id)
def test_every_factor_and_period_is_cited_with_a_title_and_any_url_https(pack):
    """A url only where there is an official copy: a case or memo without one is cited by its formal citation alone
    (content review W7: no search link in place of a citation)."""
    for item in [*pack.factors, *pack.timeline, *pack.priorities]:
        assert item.citations, item
        for c in item.citations:
            assert c.title and (c.url is None or c.url.startswith("https://")) and "?q=" not in (c.url or "")
    ended = next(p for p in pack.timeline if p.status == "ended")
    assert any(c.title.startswith("Executive Order 14159") for c in ended.citations)


@pytest.mark.parametrize("pack", list(PACKS), ids=lambda p: p.id)
def test_every_factor_has_an_explanation_and_favorable_ones_a_document(pack):
    for f in pack.factors:
        assert len(f.explanation.split()) >= 8
        if f.kind == "favorable":
            assert f.documents, f"{f.id} needs at least one document for the lawyer checklist"
        else:
            assert f.lawyer_note


def _questions_in(expr):
    if isinstance(expr, Is):
        return {expr.question}
    return set().union(*(_questions_in(p) for p in expr.parts))


@pytest.mark.parametrize("pack", list(PACKS), ids=lambda p: p.id)
def test_every_question_is_reachable_and_conditions_point_backwards(pack):
    seen: set[str] = set()
    for q in pack.questions:
        if q.condition is not None:
            assert _questions_in(q.condition) <= seen, f"{q.id} depends on a later question"
        seen.add(q.id)


@pytest.mark.parametrize("pack", list(PACKS), ids=lambda p: p.id)
def test_every_question_is_on_one_page_and_a_follow_up_comes_after_the_answer_that_opens_it(pack):
    page_of = {q: i for i, page in enumerate(pack.pages) for q in page.questions}
    assert [q for page in pack.pages for q in page.questions] == [q.id for q in pack.questions]
    for q in pack.questions:
        assert q.page == pack.pages[page_of[q.id]].id
        if q.condition is not None:
            assert all(page_of[named] < page_of[q.id] for named in _questions_in(q.condition)), q.id


@pytest.mark.parametrize("pack", list(PACKS), ids=lambda p: p.id)
def test_timeline_matches_the_contract(pack):
    expected = {
        "doyle-2022": [("2021-11-29", "in_force"), ("2022-06-24", "blocked"), ("2023-07-28", "in_force"), ("2025-01-20", "ended")],
        "trasvina-2021": [("2021-05-27", "in_force"), ("2021-08-19", "blocked"), ("2022-04-25", "ended")],
    }[pack.id]
    assert [(p.start.isoformat(), p.status) for p in pack.timeline] == expected


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"test setup: {old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_loader_refuses_a_duplicate_key(data_copy):
    _edit(data_copy / "packs" / "doyle-2022.yaml", "default: true\n", "default: true\ndefault: true\n")
    with pytest.raises(PolicyDataError, match=r"doyle-2022.yaml: duplicate key 'default'"):
        load_packs(data_copy)


def test_yes_and_no_stay_strings_but_true_and_false_are_booleans(tmp_path):
    from app.policy.yamlload import read_yaml
    path = tmp_path / "x.yaml"
    path.write_text("a: yes\nb: no\nc: true\nd: false\n", encoding="utf-8")
    assert read_yaml(path) == {"a": "yes", "b": "no", "c": True, "d": False}


def test_a_second_pack_saying_default_false_is_not_a_default(data_copy):
    text = (data_copy / "packs" / "trasvina-2021.yaml").read_text(encoding="utf-8")
    (data_copy / "packs" / "trasvina-2021.yaml").write_text(text.replace("id: trasvina-2021\n", "id: trasvina-2021\ndefault: false\n"), encoding="utf-8")
    assert load_packs(data_copy).default_id == "doyle-2022"


def test_loader_refuses_a_duplicate_question_id(data_copy):
    _edit(data_copy / "catalog.yaml", "  - id: hearing_soon\n", "  - id: court_case\n")
    with pytest.raises(PolicyDataError, match=r"catalog.yaml: questions\[4\]: duplicate id 'court_case'"):
        load_packs(data_copy)


def test_loader_refuses_a_condition_on_an_unknown_question(data_copy):
    _edit(data_copy / "catalog.yaml", "when: {court_case: [\"yes\"]}", "when: {court_date: [\"yes\"]}")
    with pytest.raises(PolicyDataError, match=r"names unknown question 'court_date'"):
        load_packs(data_copy)


def test_loader_refuses_a_factor_without_citation(data_copy):
    _edit(data_copy / "packs" / "trasvina-2021.yaml", "{id: lpr, citations: [{source: trasvina_2021}]}", "{id: lpr, citations: []}")
    with pytest.raises(PolicyDataError, match=r"trasvina-2021.yaml: factors.lpr.citations: needs at least one citation"):
        load_packs(data_copy)


def test_loader_refuses_timeline_dates_out_of_order(data_copy):
    _edit(data_copy / "packs" / "doyle-2022.yaml", "start: 2023-07-28", "start: 2022-01-01")
    with pytest.raises(PolicyDataError, match=r"timeline\[2\].start: 2022-01-01 is not after 2022-06-24: dates out of order"):
        load_packs(data_copy)


def test_loader_refuses_an_unknown_value_in_a_rule(data_copy):
    _edit(data_copy / "packs" / "doyle-2022.yaml", "entry_manner: [not_inspected]", "entry_manner: [uninspected]")
    with pytest.raises(PolicyDataError, match=r"unknown values \['uninspected'\]"):
        load_packs(data_copy)


def test_loader_refuses_a_follow_up_on_the_page_of_the_answer_that_opens_it(data_copy):
    _edit(data_copy / "catalog.yaml", "questions: [court_case, detained, removal_order]", "questions: [court_case, hearing_soon, detained, removal_order]")
    _edit(data_copy / "catalog.yaml", "questions: [hearing_soon, has_lawyer]", "questions: [has_lawyer]")
    with pytest.raises(PolicyDataError, match=r"pages\[1\] \(now\).questions: 'hearing_soon' depends on \['court_case'\], which are not on an earlier page"):
        load_packs(data_copy)


def test_loader_refuses_a_question_on_no_page(data_copy):
    _edit(data_copy / "catalog.yaml", "questions: [crime_victim_or_witness, labor_or_housing_dispute]", "questions: [crime_victim_or_witness]")
    with pytest.raises(PolicyDataError, match=r"catalog.yaml: pages: questions on no page: \['labor_or_housing_dispute'\]"):
        load_packs(data_copy)


def test_the_loader_refuses_exclusive_values_on_a_single_choice_question(data_copy):
    _edit(data_copy / "catalog.yaml", "options: [\"yes\", \"no\", not_sure]\n", "options: [\"yes\", \"no\", not_sure]\n    exclusive: [not_sure]\n")
    with pytest.raises(PolicyDataError, match=r"court_case\)\.exclusive: expected a list of this multi-select's values"):
        load_packs(data_copy)


def test_the_server_refuses_to_start_on_bad_data_with_a_one_line_message(data_copy):
    _edit(data_copy / "packs" / "doyle-2022.yaml", "start: 2023-07-28", "start: 2022-01-01")
    run = subprocess.run(
        [sys.executable, "-c", "import app.main"], capture_output=True, text=True, timeout=60,
        cwd=Path(__file__).resolve().parents[1], env={**os.environ, "PDS_POLICY_DATA_DIR": str(data_copy)},
    )
    assert run.returncode == 1
    assert run.stderr.strip().splitlines()[-1] == (
        "pd-screener cannot start: doyle-2022.yaml: timeline[2].start: 2022-01-01 is not after 2022-06-24: dates out of order"
    )
    assert "Traceback" not in run.stderr


def test_loader_refuses_a_negated_test_in_a_question_condition(data_copy):
    """A question's condition is what the API publishes and resume codes hash: plain tests, all and any only."""
    _edit(data_copy / "catalog.yaml", 'when: {court_case: ["yes"]}', 'when: {court_case: {not: ["no"]}}')
    with pytest.raises(PolicyDataError, match=r"questions\[\d+\] \(hearing_soon\).when.court_case: expected a list of values"):
        load_packs(data_copy)


def test_loader_refuses_at_most_unclear_in_a_question_condition(data_copy):
    _edit(data_copy / "catalog.yaml", 'when: {court_case: ["yes"]}', 'when: {at_most_unclear: {court_case: ["yes"]}}')
    with pytest.raises(PolicyDataError, match=r"names unknown question 'at_most_unclear'"):
        load_packs(data_copy)


def test_loader_refuses_a_flag_whose_since_is_not_a_date(data_copy):
    _edit(data_copy / "catalog.yaml", "since: 2025-01-29", "since: soon")
    with pytest.raises(PolicyDataError, match=r"urgent_flags.mandatory_detention_risk.since: expected a date"):
        load_packs(data_copy)


def test_the_dated_flags_hold_from_the_dates_of_their_laws():
    """Contract §5: the Laken Riley Act (2025-01-29) and the expedited-removal designation (2025-01-21)."""
    flags = {f.id: f.since for f in load_packs().default.urgent_flags}
    assert flags == {"detained": None, "removal_order": None, "hearing_soon": None, "no_lawyer": None,
                     "mandatory_detention_risk": date(2025, 1, 29), "fast_removal_risk": date(2025, 1, 21)}


# The words for someone answering for another person (`for_someone_else:`, issue 24): refused with file and place.
COURT_CASE_OTHER = '    for_someone_else:\n      text: "Does the person have a case in immigration court?"\n'


@pytest.mark.parametrize("file, old, new, message", [
    ("catalog.yaml", COURT_CASE_OTHER, COURT_CASE_OTHER + '      txt: "The person?"\n',
     r"catalog.yaml: questions\[1\] \(court_case\).for_someone_else: unknown keys \['txt'\] \(allowed: \['text', 'hint', 'why', 'labels'\]\)"),
    ("catalog.yaml", '        not_inspected: "The person came in', '        walked_in: "The person came in',
     r"catalog.yaml: questions\[\d+\] \(entry_manner\).for_someone_else.labels: unknown values \['walked_in'\]"),
    ("catalog.yaml", '        - "Medical records of the relative the person cares for"\n', "",
     r"catalog.yaml: factors.caregiver.for_someone_else.documents: expected 3 non-empty texts, one for each of `documents`"),
    ("catalog.yaml", '      title: "The person\'s court case"\n', '      name: "The person\'s case"\n',
     r"catalog.yaml: pages\[2\] \(court\).for_someone_else: unknown keys \['name'\] \(allowed: \['title'\]\)"),
    ("catalog.yaml", '    when: {detained: ["yes"]}\n  - id: removal_order', '    when: {detained: ["yes"]}\n    title: "In detention"\n  - id: removal_order',
     r"catalog.yaml: urgent_flags.detained: unknown keys \['title'\]: a flag's words are in present.yaml"),
    ("catalog.yaml", '      text: "How old is the person?"\n', '      text: "How old is the person?"\n      hint: "Count full years."\n',
     r"questions\[\d+\] \(age\).for_someone_else.hint: replaces nothing: there is no hint beside it"),
    ("catalog.yaml", '      text: "How old is the person?"\n', '      text: "How old are you?"\n',
     r"questions\[\d+\] \(age\).for_someone_else.text: is the same as the words it replaces"),
    ("catalog.yaml", '      name: "The person is under 18"\n', '      name: ""\n',
     r"factors.tender_age.for_someone_else.name: expected non-empty text"),
    ("catalog.yaml", '    for_someone_else:\n      text: "How old is the person?"\n', '    for_someone_else: "How old is the person?"\n',
     r"questions\[\d+\] \(age\).for_someone_else: expected a mapping of \['text', 'hint', 'why', 'labels'\] to words"),
    ("packs/doyle-2022.yaml", '    may_apply: {national_security: ["yes"]}\n',
     '    may_apply: {national_security: ["yes"]}\n    for_someone_else: {name: "x"}\n',
     r"doyle-2022.yaml: priorities.national_security.for_someone_else: unknown keys \['name'\] \(allowed: \['explanation'\]\)"),
    ("packs/doyle-2022.yaml", "{id: lpr, reported: true,", '{id: lpr, for_someone_else: {explanation: "x"}, reported: true,',
     r"doyle-2022.yaml: factors.lpr.for_someone_else: a pack words a factor for someone else only beside its own explanation"),
], ids=["question-key", "label-value", "documents-length", "page-key", "flag-key", "nothing-to-replace", "same-words",
        "empty-text", "not-a-mapping", "priority-key", "pack-factor-without-own-explanation"])
def test_loader_refuses_bad_words_for_someone_else(data_copy, file, old, new, message):
    _edit(data_copy / file, old, new)
    with pytest.raises(PolicyDataError, match=message):
        load_packs(data_copy)


RELIEF_OWN = ("  - id: possible_relief\n    explanation: \"The Trasviña memo counted your chance of status.\"\n"
              "    citations: [{source: trasvina_2021}]\n")


def test_a_pack_that_words_a_factor_its_own_way_leaves_out_the_catalogs_words_for_someone_else(data_copy):
    """The catalog's variant belongs to the catalog's explanation: a pack's own explanation has only its own."""
    _edit(data_copy / "packs" / "trasvina-2021.yaml", "  - {id: possible_relief, citations: [{source: trasvina_2021}]}\n", RELIEF_OWN)
    relief = load_packs(data_copy).get("trasvina-2021").factor("possible_relief")
    assert relief.explanation_other == ""
    assert relief.say("explanation", for_other=True) == "The Trasviña memo counted your chance of status."


def test_a_pack_words_its_own_explanation_and_a_priority_for_someone_else(data_copy):
    trasvina = data_copy / "packs" / "trasvina-2021.yaml"
    _edit(trasvina, "  - {id: possible_relief, citations: [{source: trasvina_2021}]}\n",
          RELIEF_OWN + "    for_someone_else: {explanation: \"The Trasviña memo counted the person's chance of status.\"}\n")
    _edit(trasvina, '    may_apply: {national_security: ["yes"]}\n',
          '    may_apply: {national_security: ["yes"]}\n    for_someone_else: {explanation: "It covered the person if suspected."}\n')
    packs = load_packs(data_copy)
    assert packs.get("trasvina-2021").factor("possible_relief").say("explanation", for_other=True) == (
        "The Trasviña memo counted the person's chance of status.")
    assert packs.get("doyle-2022").factor("possible_relief").say("explanation", for_other=True).endswith(
        "A lawyer can tell if one fits the person.")
    security = next(p for p in packs.get("trasvina-2021").priorities if p.id == "national_security")
    assert security.say("explanation", for_other=True) == "It covered the person if suspected."
    assert security.say("explanation", for_other=False) == security.explanation != security.explanation_other
