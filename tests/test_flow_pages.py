"""The web flow's pages, per page as in the catalog: which page comes next for which answers, what each page asks,
and the progress count. Pure functions over the policy data; no server.
"""

from __future__ import annotations

import pytest

from app.core import first_unanswered_step, flow_steps, progress, step_after, step_before
from app.policy import load_packs
from flow_driver import CASES, case_named

PACK = load_packs().default
PAGE_LIMITS = {  # issue 11: pages from start to result, the check page included
    "long-time resident parent": 8,
    "entered without inspection in 2022, no record": 9,
    "two minor convictions: a prior record alone": 11,
}
# The page of the first question, answering_for: the start page's two buttons answer it, so no one sees it then.
WHO = PACK.page("answering_for").id


def answers_of(case: dict) -> dict:
    return {q: v if isinstance(v, str) else tuple(v) for q, v in case["answers"].items()}


def walk(answers: dict, after: str | None = None) -> list[str]:
    """The page ids a person goes through pressing Continue with these answers (after the page `after`)."""
    pages, step = [], step_after(PACK, answers, PACK.page(after) if after else None)
    while step is not None:
        pages.append(step.page.id)
        step = step_after(PACK, answers, step.page)
    return pages


@pytest.mark.parametrize("prefix, limit", PAGE_LIMITS.items())
def test_worked_cases_fit_in_their_page_budget(prefix, limit):
    answers = answers_of(case_named(prefix))
    assert WHO not in walk(answers, after=WHO)
    assert len(walk(answers, after=WHO)) + 1 <= limit


def test_who_the_answers_are_for_comes_first_then_the_urgent_questions():
    assert [q.id for q in flow_steps(PACK, {})[0].questions] == ["answering_for"]
    assert [q.id for q in flow_steps(PACK, {})[1].questions] == ["court_case", "detained", "removal_order"]
    assert walk({"court_case": "yes"})[:3] == ["who", "now", "court"]


@pytest.mark.parametrize("court_case", ["no", "not_sure", None])
def test_court_follow_ups_are_asked_only_after_court_case_yes(court_case):
    answers = {} if court_case is None else {"court_case": court_case}
    assert "court" not in walk(answers)
    assert step_after(PACK, {"court_case": "yes"}, PACK.page("now")).page.id == "court"


@pytest.mark.parametrize("history", ["arrest_only", "not_sure"])
def test_conviction_pages_are_asked_only_on_a_conviction(history):
    assert walk({"criminal_history": history})[-2:] == ["record", "charges"]
    assert walk({"criminal_history": "conviction"})[-4:] == ["record", "charges", "conviction", "since"]


def test_no_record_asks_nothing_after_the_record_page():
    assert walk({"criminal_history": "none"})[-1] == "record"


@pytest.mark.parametrize("entry_manner, entry_date, asked", [
    ("not_inspected", "on_or_after_2020_11_01", True), ("not_sure", "on_or_after_2020_11_01", True),
    ("not_inspected", "not_sure", True), ("not_sure", "not_sure", True),
    ("inspected", "on_or_after_2020_11_01", False), ("not_inspected", "before_2020_11_01", False), (None, None, False),
])
def test_two_years_here_is_asked_only_after_a_recent_or_unsure_uninspected_entry(entry_manner, entry_date, asked):
    answers = {k: v for k, v in (("entry_manner", entry_manner), ("entry_date", entry_date)) if v}
    assert ("presence" in walk(answers)) is asked
    assert PACK.page("continuous_two_years").id == "presence"


def test_pregnancy_is_asked_on_the_health_page_of_everyone():
    health = PACK.page("pregnant_or_nursing")
    assert health.id == "health" and "serious_health" in health.questions
    assert all("health" in walk(answers_of(c)) for c in CASES)


def test_a_page_or_one_of_its_questions_names_the_page():
    assert PACK.page("has_lawyer") == PACK.page("court") and PACK.page("nope") is None


def test_back_goes_to_the_page_before_skipping_closed_ones():
    assert step_before(PACK, {"court_case": "no"}, PACK.page("arrival")).page.id == "now"
    assert step_before(PACK, {"court_case": "yes"}, PACK.page("arrival")).page.id == "court"
    assert step_before(PACK, {}, PACK.page("now")).page.id == WHO
    assert step_before(PACK, {}, PACK.page(WHO)) is None


def test_first_unanswered_page_is_where_a_change_reopens_the_flow():
    answers = answers_of(case_named("long-time resident parent"))
    assert first_unanswered_step(PACK, answers) is None
    assert first_unanswered_step(PACK, {**answers, "court_case": "yes"}).page.id == "court"


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_progress_counts_pages_and_never_goes_backwards(case):
    """Answering page by page, the step number never exceeds the total nor falls, and the total never drops below it."""
    answers, seen, last = {}, 0, 0
    for page_id in walk(answers_of(case)):
        number, total = progress(PACK, answers, PACK.page(page_id))
        assert number == seen + 1 and number <= total and number > last
        page = PACK.page(page_id)
        answers.update({q: v for q, v in answers_of(case).items() if q in page.questions})
        seen, last = number, number
        assert progress(PACK, answers, page)[1] >= number
    assert progress(PACK, answers, None) == (seen + 1, seen + 1)  # the check page is the last step
