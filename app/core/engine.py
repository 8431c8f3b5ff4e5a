"""Pure screening functions: which questions apply, what a set of answers raises, status on a date."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from app.core.model import (
    ASSESSMENTS,
    UNSURE,
    Answers,
    Page,
    Period,
    Policy,
    Question,
    Result,
    Step,
)


def _walk(policy: Policy, answers: Answers) -> tuple[dict[str, str | tuple[str, ...]], list[Question]]:
    """One pass in question order: the answers that count, and the questions the flow asks.

    A condition reads only earlier answers (a data-health test checks this), so one pass is enough.
    """
    kept: dict[str, str | tuple[str, ...]] = {}
    asked: list[Question] = []
    for question in policy.questions:
        if question.condition is not None and question.condition(kept) is not True:
            continue
        asked.append(question)
        value = answers.get(question.id)
        if value is not None:
            kept[question.id] = value if value.__class__ is str else tuple(value)
    return kept, asked


def relevant_answers(policy: Policy, answers: Answers) -> dict[str, str | tuple[str, ...]]:
    """The answers that count: those to the pack's questions whose condition holds, in order."""
    return _walk(policy, answers)[0]


def applicable_questions(policy: Policy, answers: Answers) -> list[Question]:
    """The questions the web flow asks, given the answers so far (conditions read earlier answers)."""
    return _walk(policy, answers)[1]


def next_question(policy: Policy, answers: Answers) -> Question | None:
    """The first applicable question not yet answered, or None when the flow is complete."""
    return next((q for q in applicable_questions(policy, answers) if q.id not in answers), None)


def flow_steps(policy: Policy, answers: Answers) -> list[Step]:
    """The pages the web flow shows for these answers, in order, each with the questions it asks.

    A condition reads only answers from earlier pages (the loader checks this), so which questions a
    page asks is settled before the page is shown; a page that asks nothing is skipped.
    """
    asked = {q.id: q for q in applicable_questions(policy, answers)}
    steps = []
    for page in policy.pages:
        questions = tuple(asked[q] for q in page.questions if q in asked)
        if questions:
            steps.append(Step(page, questions))
    return steps


def _page_index(policy: Policy, page: Page) -> int:
    return policy.page_position(page)


# The functions below read the flow's pages for the answers; a caller that asks several of them about the same
# answers may pass `steps` (flow_steps(policy, answers)) so the flow is walked once.


def step_for(policy: Policy, answers: Answers, page: Page, *, steps: list[Step] | None = None) -> Step:
    """The page as the flow shows it for these answers (with no questions if none applies)."""
    steps = flow_steps(policy, answers) if steps is None else steps
    return next((s for s in steps if s.page.id == page.id), Step(page, ()))


def step_after(policy: Policy, answers: Answers, page: Page | None, *, steps: list[Step] | None = None) -> Step | None:
    """The first page after `page` (the first page for None) that asks something; None: go to the check page."""
    start = -1 if page is None else _page_index(policy, page)
    steps = flow_steps(policy, answers) if steps is None else steps
    return next((s for s in steps if _page_index(policy, s.page) > start), None)


def step_before(policy: Policy, answers: Answers, page: Page, *, steps: list[Step] | None = None) -> Step | None:
    """The last page before `page` that asks something; None before the first."""
    end = _page_index(policy, page)
    steps = flow_steps(policy, answers) if steps is None else steps
    earlier = [s for s in steps if _page_index(policy, s.page) < end]
    return earlier[-1] if earlier else None


def first_unanswered_step(policy: Policy, answers: Answers, *, steps: list[Step] | None = None) -> Step | None:
    """The first page with a question not yet answered, or None when every page is answered."""
    steps = flow_steps(policy, answers) if steps is None else steps
    return next((s for s in steps if any(q.id not in answers for q in s.questions)), None)


def progress(policy: Policy, answers: Answers, page: Page | None, *, steps: list[Step] | None = None) -> tuple[int, int]:
    """(step number, steps in all) counting pages and the check page (`page` None); the number never exceeds the total."""
    steps = flow_steps(policy, answers) if steps is None else steps
    total = len(steps) + 1
    if page is None:
        return total, total
    before = sum(1 for s in steps if _page_index(policy, s.page) < _page_index(policy, page))
    return before + 1, total


def status_on(policy: Policy, on: date) -> tuple[str, date | None, Period | None]:
    """The pack's status on a date: (status id, since when, the period), from its timeline."""
    current: Period | None = None
    for period in policy.timeline:
        if period.start <= on:
            current = period
        else:
            break
    if current is None:
        return "not_yet_in_force", None, None
    return current.status, current.start, current


def _is_unsure(value: str | tuple[str, ...] | None) -> bool:
    if value is None:
        return False
    return value == UNSURE if value.__class__ is str else UNSURE in value


def screen(answers: Answers, policy: Policy, as_of: date) -> Result:
    """Map answers to the pack's priority categories, factors and urgent flags on `as_of`."""
    kept, asked = _walk(policy, answers)
    priorities: list[str] = []
    unclear: list[str] = []
    for category in policy.priorities:
        truth = category.may_apply(kept)
        if truth is True:
            priorities.append(category.id)
        elif truth is None:
            unclear.append(category.id)
    favorable: list[str] = []
    aggravating: list[str] = []
    for factor in policy.factors:
        if factor.when(kept) is True:
            (favorable if factor.kind == "favorable" else aggravating).append(factor.id)
    urgent = tuple(u.id for u in policy.urgent_flags if u.raised(kept, as_of))
    if priorities:
        assessment = ASSESSMENTS[0]
    elif unclear:
        assessment = ASSESSMENTS[1]
    else:
        assessment = ASSESSMENTS[2]
    status, since, _ = status_on(policy, as_of)
    unsure = tuple(q.id for q in asked if _is_unsure(kept.get(q.id)))
    unanswered = tuple(q.id for q in asked if q.id not in kept)
    return Result(
        policy_id=policy.id,
        status=status,
        status_since=since,
        as_of=as_of,
        assessment=assessment,
        priorities=tuple(priorities),
        unclear=tuple(unclear),
        favorable_factors=tuple(favorable),
        aggravating_factors=tuple(aggravating),
        urgent=urgent,
        unsure_questions=unsure,
        unanswered_questions=unanswered,
        counted=kept,
    )


@dataclass(frozen=True)
class AnswerError:
    """One problem with submitted answers; the web layer turns `code` into words."""

    question: str
    code: str  # unknown_question | not_allowed | not_a_list | not_a_value
    allowed: tuple[str, ...] = ()


def check_answer(question: Question, value: object) -> str | tuple[str, ...] | AnswerError | None:
    """One answer read as the contract reads it: a value from the question's list, or for a multi-select a list of
    them (duplicates dropped; an empty list is no answer, None). A problem comes back as an AnswerError."""
    allowed = question.values
    if question.kind == "multi":
        if not isinstance(value, (list, tuple)):
            return AnswerError(question.id, "not_a_list", allowed)
        if not all(isinstance(v, str) and v in allowed for v in value):
            return AnswerError(question.id, "not_allowed", allowed)
        return tuple(dict.fromkeys(value)) or None
    if not isinstance(value, str):
        return AnswerError(question.id, "not_a_value", allowed)
    if value not in allowed:
        return AnswerError(question.id, "not_allowed", allowed)
    return value


def check_answers(policy: Policy, raw: Mapping[str, object]) -> tuple[dict[str, str | tuple[str, ...]], list[AnswerError]]:
    """Validate raw answers against the pack's questions: ids known, values from each question's list."""
    clean: dict[str, str | tuple[str, ...]] = {}
    errors: list[AnswerError] = []
    for key, value in raw.items():
        question = policy.question(key)
        if question is None:
            errors.append(AnswerError(str(key), "unknown_question", tuple(q.id for q in policy.questions)))
            continue
        checked = check_answer(question, value)
        if isinstance(checked, AnswerError):
            errors.append(checked)
        elif checked is not None:
            clean[key] = checked
    return clean, errors


def step_problem(question: Question, answers: Answers) -> str | None:
    """Why the flow cannot go on from `question`: "missing" (nothing chosen) or "exclusive" (a choice such as
    "none" that excludes the others, chosen with another); None when it can. The API reads such a list as it is."""
    value = answers.get(question.id)
    if not value:
        return "missing"
    if value.__class__ is not str and len(value) > 1 and any(v in question.exclusive for v in value):
        return "exclusive"
    return None
