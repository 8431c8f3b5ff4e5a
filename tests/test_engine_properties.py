"""Properties of the screening engine over any answer set drawn from the contract's value lists."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from app.core import screen
from app.policy import load_packs

PACKS = load_packs()
QUESTIONS = PACKS.default.questions


@st.composite
def answer_sets(draw):
    answers = {}
    for q in QUESTIONS:
        if not draw(st.booleans()):
            continue  # left unanswered
        if q.kind == "multi":
            answers[q.id] = tuple(draw(st.lists(st.sampled_from(q.values), min_size=1, max_size=4, unique=True)))
        else:
            answers[q.id] = draw(st.sampled_from(q.values))
    return answers


policies = st.sampled_from(list(PACKS.by_id))
dates = st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31))


@settings(max_examples=400, deadline=None)
@given(answers=answer_sets(), policy_id=policies, as_of=dates)
def test_any_answer_set_gets_a_result_with_consistent_lists(answers, policy_id, as_of):
    result = screen(answers, PACKS.get(policy_id), as_of)
    assert not set(result.priorities) & set(result.unclear), "a category is never both a priority and unclear"
    if result.priorities:
        assert result.assessment == "may_be_priority"
    elif result.unclear:
        assert result.assessment == "cannot_tell"
    else:
        assert result.assessment == "may_fall_outside_priorities"
    pack = PACKS.get(policy_id)
    listed = [f.id for f in pack.factors]
    for ids in (result.favorable_factors, result.aggravating_factors):
        assert list(ids) == sorted(ids, key=listed.index), "factors keep the contract's order"
    assert set(result.favorable_factors) <= {f.id for f in pack.factors if f.kind == "favorable"}
    assert set(result.aggravating_factors) <= {f.id for f in pack.factors if f.kind == "aggravating"}


@settings(max_examples=200, deadline=None)
@given(answers=answer_sets(), policy_id=policies, as_of=dates)
def test_identical_input_gives_identical_results(answers, policy_id, as_of):
    pack = PACKS.get(policy_id)
    assert screen(answers, pack, as_of) == screen(dict(answers), pack, as_of)


@settings(max_examples=200, deadline=None)
@given(answers=answer_sets(), policy_id=policies)
def test_the_date_changes_only_the_status_and_the_flags_of_laws_not_yet_made(answers, policy_id):
    pack = PACKS.get(policy_id)
    a = screen(answers, pack, date(2021, 12, 1))
    b = screen(answers, pack, date(2026, 11, 23))
    assert (a.assessment, a.priorities, a.unclear, a.favorable_factors) == (
        b.assessment, b.priorities, b.unclear, b.favorable_factors)
    dated = {flag.id for flag in pack.urgent_flags if flag.since is not None}
    assert a.urgent == tuple(flag for flag in b.urgent if flag not in dated)


@settings(max_examples=200, deadline=None)
@given(answers=answer_sets(), policy_id=policies, as_of=dates)
def test_a_flag_is_never_raised_before_its_law_took_effect(answers, policy_id, as_of):
    pack = PACKS.get(policy_id)
    since = {flag.id: flag.since for flag in pack.urgent_flags}
    for flag in screen(answers, pack, as_of).urgent:
        assert since[flag] is None or as_of >= since[flag]


@settings(max_examples=200, deadline=None)
@given(answers=answer_sets(), policy_id=policies, as_of=dates)
def test_aggravating_factors_need_a_conviction(answers, policy_id, as_of):
    result = screen(answers, PACKS.get(policy_id), as_of)
    if answers.get("criminal_history") != "conviction":
        assert result.aggravating_factors == ()


@settings(max_examples=300, deadline=None)
@given(answers=answer_sets(), policy_id=policies, as_of=dates)
def test_not_sure_never_raises_a_factor(answers, policy_id, as_of):
    """Contract §2: every answer a raised factor's rule reads is a real answer, never "not sure"."""
    pack = PACKS.get(policy_id)
    result = screen(answers, pack, as_of)
    for factor_id in result.favorable_factors + result.aggravating_factors:
        factor = pack.factor(factor_id)
        for question in factor.when.reads:
            answer = answers[question]
            assert answer != "not_sure" and (isinstance(answer, str) or set(answer) - {"not_sure"}), (factor_id, question)
