"""Pure screening functions: which questions apply, what a set of answers raises, status on a date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Mapping

from app.core.model import (
    ASSESSMENTS,
    UNSURE,
    All,
    Answers,
    Any_,
    Expr,
    Is,
    Period,
    Policy,
    Question,
    Result,
)

# Three-valued logic: True (holds), False (ruled out), None (not sure or not answered).
Truth = bool | None


def evaluate(expr: Expr, answers: Answers) -> Truth:
    """Kleene logic over answers: "not sure" and missing answers make an atom unknown."""
    if isinstance(expr, Is):
        answer = answers.get(expr.question)
        if answer is None:
            return None
        chosen = (answer,) if isinstance(answer, str) else tuple(answer)
        if not chosen:
            return None
        if any(v in expr.values for v in chosen):
            return True
        if all(v == UNSURE for v in chosen):
            return None
        return False
    if isinstance(expr, All):
        results = [evaluate(p, answers) for p in expr.parts]
        if any(r is False for r in results):
            return False
        return True if all(r is True for r in results) else None
    if isinstance(expr, Any_):
        results = [evaluate(p, answers) for p in expr.parts]
        if any(r is True for r in results):
            return True
        return False if all(r is False for r in results) else None
    raise TypeError(f"not an expression: {expr!r}")


def relevant_answers(policy: Policy, answers: Answers) -> dict[str, str | tuple[str, ...]]:
    """The answers that count: those to the pack's questions whose condition holds, in order."""
    kept: dict[str, str | tuple[str, ...]] = {}
    for question in policy.questions:
        if question.id not in answers:
            continue
        if question.condition is not None and evaluate(question.condition, kept) is not True:
            continue
        value = answers[question.id]
        kept[question.id] = value if isinstance(value, str) else tuple(value)
    return kept


def applicable_questions(policy: Policy, answers: Answers) -> list[Question]:
    """The questions the web flow asks, given the answers so far (conditions read earlier answers)."""
    kept = relevant_answers(policy, answers)
    return [q for q in policy.questions if q.condition is None or evaluate(q.condition, kept) is True]


def next_question(policy: Policy, answers: Answers) -> Question | None:
    """The first applicable question not yet answered, or None when the flow is complete."""
    return next((q for q in applicable_questions(policy, answers) if q.id not in answers), None)


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


def screen(answers: Answers, policy: Policy, as_of: date) -> Result:
    """Map answers to the pack's priority categories, factors and urgent flags on `as_of`."""
    kept = relevant_answers(policy, answers)
    priorities: list[str] = []
    unclear: list[str] = []
    for category in policy.priorities:
        truth = evaluate(category.may_apply, kept)
        if truth is True:
            priorities.append(category.id)
        elif truth is None:
            unclear.append(category.id)
    favorable = tuple(f.id for f in policy.factors if f.kind == "favorable" and evaluate(f.when, kept) is True)
    aggravating = tuple(f.id for f in policy.factors if f.kind == "aggravating" and evaluate(f.when, kept) is True)
    urgent = tuple(u.id for u in policy.urgent_flags if evaluate(u.when, kept) is True)
    if priorities:
        assessment = ASSESSMENTS[0]
    elif unclear:
        assessment = ASSESSMENTS[1]
    else:
        assessment = ASSESSMENTS[2]
    status, since, _ = status_on(policy, as_of)
    asked = applicable_questions(policy, kept)
    unsure = tuple(
        q.id for q in asked
        if q.id in kept and (kept[q.id] == UNSURE or (not isinstance(kept[q.id], str) and UNSURE in kept[q.id]))
    )
    unanswered = tuple(q.id for q in asked if q.id not in kept)
    return Result(
        policy_id=policy.id,
        status=status,
        status_since=since,
        as_of=as_of,
        assessment=assessment,
        priorities=tuple(priorities),
        unclear=tuple(unclear),
        favorable_factors=favorable,
        aggravating_factors=aggravating,
        urgent=urgent,
        unsure_questions=unsure,
        unanswered_questions=unanswered,
    )


@dataclass(frozen=True)
class AnswerError:
    """One problem with submitted answers; the web layer turns `code` into words."""

    question: str
    code: str  # unknown_question | not_allowed | not_a_list | not_a_value | empty
    allowed: tuple[str, ...] = ()


def check_answers(policy: Policy, raw: Mapping[str, object]) -> tuple[dict[str, str | tuple[str, ...]], list[AnswerError]]:
    """Validate raw answers against the pack's questions: ids known, values from each question's list."""
    clean: dict[str, str | tuple[str, ...]] = {}
    errors: list[AnswerError] = []
    for key, value in raw.items():
        question = policy.question(key)
        if question is None:
            errors.append(AnswerError(str(key), "unknown_question", tuple(q.id for q in policy.questions)))
            continue
        allowed = question.values
        if question.kind == "multi":
            if not isinstance(value, (list, tuple)):
                errors.append(AnswerError(key, "not_a_list", allowed))
                continue
            if not all(isinstance(v, str) and v in allowed for v in value):
                errors.append(AnswerError(key, "not_allowed", allowed))
                continue
            if not value:
                errors.append(AnswerError(key, "empty", allowed))
                continue
            clean[key] = tuple(dict.fromkeys(value))
        else:
            if not isinstance(value, str):
                errors.append(AnswerError(key, "not_a_value", allowed))
                continue
            if value not in allowed:
                errors.append(AnswerError(key, "not_allowed", allowed))
                continue
            clean[key] = value
    return clean, errors
