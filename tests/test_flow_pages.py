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
    "entered without inspection in 2022": 9,
    "two minor convictions: prior record counts in doyle": 11,
}


def answers_of(case: dict) -> dict:
    return {q: v if isinstance(v, str) else tuple(v) for q, v in case["answers"].items()}


def walk(answers: dict) -> list[str]:
    """The page ids a person goes through pressing Continue with these answers."""
    pages, step = [], step_after(PACK, answers, None)
    while step is not None:
        pages.append(step.page.id)
        step = step_after(PACK, answers, step.page)
    return pages


@pytest.mark.parametrize("prefix, limit", PAGE_LIMITS.items())
def test_worked_cases_fit_in_their_page_budget(prefix, limit):
    assert len(walk(answers_of(case_named(prefix)))) + 1 <= limit


def test_urgent_questions_come_first():
    assert [q.id for q in flow_steps(PACK, {})[0].questions] == ["court_case", "detained", "removal_order"]
    assert walk({"court_case": "yes"})[:2] == ["now", "court"]


@pytest.mark.parametrize("court_case", ["no", "not_sure", None])
def test_court_follow_ups_are_asked_only_after_court_case_yes(court_case):
    answers = {} if court_case is None else {"court_case": court_case}
    assert "court" not in walk(answers)
    assert step_after(PACK, {"court_case": "yes"}, PACK.page("now")).page.id == "court"


@pytest.mark.parametrize("history", ["none", "arrest_only", "not_sure"])
def test_conviction_pages_are_asked_only_on_a_conviction(history):
    assert walk({"criminal_history": history})[-1] == "record"
    assert walk({"criminal_history": "conviction"})[-3:] == ["record", "conviction", "since"]


def test_pregnancy_is_asked_on_the_health_page_of_everyone():
    health = PACK.page("pregnant_or_nursing")
    assert health.id == "health" and "serious_health" in health.questions
    assert all("health" in walk(answers_of(c)) for c in CASES)


def test_a_page_or_one_of_its_questions_names_the_page():
    assert PACK.page("has_lawyer") == PACK.page("court") and PACK.page("nope") is None


def test_back_goes_to_the_page_before_skipping_closed_ones():
    assert step_before(PACK, {"court_case": "no"}, PACK.page("arrival")).page.id == "now"
    assert step_before(PACK, {"court_case": "yes"}, PACK.page("arrival")).page.id == "court"
    assert step_before(PACK, {}, PACK.page("now")) is None


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
