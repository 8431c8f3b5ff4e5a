"""What the pages' forms carry: a size-capped urlencoded body split into answers and control fields, the
hidden fields that carry the answers to the next page, and what the language switch posts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Collection
from urllib.parse import parse_qsl

from fastapi import Request

from app.core import Policy, applicable_questions, relevant_answers
from app.web.deps import BodyTooLarge, read_limited, state_of
from app.web.visit import remember_visit

CONTROL_PREFIX = "_"

PolicyLookup = Callable[[str | None], Policy]


class FormRefused(Exception):
    """A body this site does not read as a form; `status` is the error page to send (413 too large, 422 unreadable)."""

    def __init__(self, status: int):
        super().__init__(status)
        self.status = status


@dataclass
class FormState:
    """A posted form split into answers (question ids) and control fields (names starting with _)."""

    answers: dict[str, str | tuple[str, ...]] = field(default_factory=dict)
    control: dict[str, str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


async def read_fields(request: Request, *, errors: str = "strict") -> list[tuple[str, str]]:
    """The posted (name, value) pairs, refusing a body over the size limit; `errors` as for bytes.decode."""
    try:
        body = await read_limited(request, state_of(request).settings.max_body_bytes)
    except BodyTooLarge:
        raise FormRefused(413) from None
    try:
        return parse_qsl(body.decode("utf-8", errors=errors), keep_blank_values=True, strict_parsing=False)
    except (UnicodeDecodeError, ValueError):
        raise FormRefused(422) from None


def policy_lookup(request: Request) -> PolicyLookup:
    """The pack a form names in `_policy`; the default pack for a missing or unknown id."""
    packs = state_of(request).packs
    return lambda policy_id: packs.get(policy_id or "") or packs.default


async def read_form(request: Request, lookup: PolicyLookup) -> FormState:
    """The posted answers, checked against the questions of the pack the form names; FormRefused for a bad body."""
    form = FormState()
    grouped: dict[str, list[str]] = {}
    for name, value in await read_fields(request):
        if name.startswith(CONTROL_PREFIX):
            form.control[name] = value
        else:
            grouped.setdefault(name, []).append(value)
    remember_visit(request, form.control)
    policy = lookup(form.control.get("_policy"))
    for name, values in grouped.items():
        question = policy.question(name)
        if question is None or not all(v in question.values for v in values):
            form.problems.append(name)
            continue
        if question.kind == "multi":
            form.answers[name] = tuple(dict.fromkeys(values))
        elif len(values) == 1:
            form.answers[name] = values[0]
        else:
            form.problems.append(name)
    return form


def hidden_answers(policy: Policy, answers: dict, *, skip: Collection[str] = ()) -> list[tuple[str, str]]:
    """The (name, value) pairs that carry answers to the next page, in question order, but those in `skip`."""
    pairs: list[tuple[str, str]] = []
    for question_id, value in relevant_answers(policy, answers).items():
        if question_id in skip:
            continue
        for v in (value,) if isinstance(value, str) else value:
            pairs.append((question_id, v))
    return pairs


def answer_rows(policy: Policy, answers: dict) -> list[dict[str, Any]]:
    """Each question asked, with the labels of the options chosen (none if unanswered), in question order."""
    kept = relevant_answers(policy, answers)
    rows = []
    for question in applicable_questions(policy, kept):
        value = kept.get(question.id)
        values = () if value is None else ((value,) if isinstance(value, str) else value)
        rows.append({"question": question, "labels": [o.label for o in question.options if o.value in values]})
    return rows


def language_switch(endpoint: str, carry: list[tuple[str, str]], control: list[tuple[str, str]]) -> dict[str, Any]:
    """What the language switch posts so the person keeps their answers and their place."""
    return {"endpoint": endpoint, "carry": carry, "control": control}
