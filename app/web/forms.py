"""What the pages' forms carry: a posted urlencoded body split into answers and control fields, the answers checked
by the core, the hidden fields that carry the answers to the next page, and what the language switch posts.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from markupsafe import Markup, escape

from app.core import Policy, Question, check_answers
from app.core.model import Answers

CONTROL_PREFIX = "_"


@dataclass(frozen=True)
class PostedForm:
    """A posted form: values by field name (answers, not yet checked) and control fields (names starting with _)."""

    values: dict[str, list[str]] = field(default_factory=dict)
    control: dict[str, str] = field(default_factory=dict)
    readable: bool = True  # False when the body was not UTF-8 (its bad bytes are read as U+FFFD)

    def value(self, name: str) -> str:
        """The last value posted under `name`, or ""."""
        return (self.values.get(name) or [""])[-1]


def parse_form(body: bytes) -> PostedForm:
    """A urlencoded body as a PostedForm."""
    try:
        text, readable = body.decode("utf-8"), True
    except UnicodeDecodeError:
        text, readable = body.decode("utf-8", errors="replace"), False
    form = PostedForm(readable=readable)
    for name, value in form_pairs(text):
        if name.startswith(CONTROL_PREFIX):
            form.control[name] = value
        else:
            form.values.setdefault(name, []).append(value)
    return form


def form_pairs(text: str) -> list[tuple[str, str]]:
    """urllib's parse_qsl(text, keep_blank_values=True). A form of ids and plain values has nothing to unquote (no %
    and no +), and then its pairs are split without parse_qsl's unquoting of each name and value (the bench's
    question page read its form in 6 us instead of 14)."""
    if "%" in text or "+" in text:
        return parse_qsl(text, keep_blank_values=True)
    return [(name, value) for name, _eq, value in (part.partition("=") for part in text.split("&") if part)]


def form_answers(policy: Policy, form: PostedForm) -> tuple[dict[str, str | tuple[str, ...]], list[str]]:
    """The form's answers as the core checks them against the pack's questions, and the names it refused."""
    raw: dict[str, object] = {}
    for name, values in form.values.items():
        question = policy.question(name)
        multi = question is not None and question.kind == "multi"
        raw[name] = values if multi or len(values) != 1 else values[0]  # a single answer sent twice is refused
    answers, errors = check_answers(policy, raw)
    return answers, [e.question for e in errors]


def hidden_answers(kept: Answers) -> list[tuple[str, str]]:
    """The (name, value) pairs that carry the answers that count (`relevant_answers`, in question order) to the next page."""
    return [(question_id, v) for question_id, value in kept.items() for v in ((value,) if isinstance(value, str) else value)]


def _hidden_line(name: str, value: str) -> str:
    return f'<input type="hidden" name="{escape(name)}" value="{escape(value)}">\n'


def hidden_fields(pairs: Iterable[tuple[str, str]]) -> Markup:
    """`<input type="hidden" name=".." value="..">` for each pair, one a line, names and values escaped: what carries the
    answers in every form of a page (a template global; drawn in Python, as a page has up to five such forms)."""
    return Markup("".join(_hidden_line(name, value) for name, value in pairs))


class HiddenFields:
    """`hidden_fields` with the line of every answer the packs can carry (each question with each of its values)
    drawn once at start-up, for every person alike; any other pair (a control field) is drawn as it comes."""

    def __init__(self, policies: Iterable[Policy]):
        self.lines = {(q.id, v): _hidden_line(q.id, v) for p in policies for q in p.questions for v in q.values}

    def __call__(self, pairs: Iterable[tuple[str, str]]) -> Markup:
        lines = self.lines
        return Markup("".join(lines.get(pair) or _hidden_line(*pair) for pair in pairs))


def kept_values(kept: Answers, question_id: str) -> tuple[str, ...]:
    """The values given to a question (none if unanswered)."""
    value = kept.get(question_id)
    return () if value is None else ((value,) if isinstance(value, str) else tuple(value))


def answer_rows(kept: Answers, asked: Iterable[Question]) -> list[dict[str, Any]]:
    """Each question asked (`applicable_questions`), with the labels of the options chosen (none if unanswered), from the
    answers that count (`relevant_answers`)."""
    rows = []
    for question in asked:
        values = kept_values(kept, question.id)
        rows.append({"question": question, "labels": [o.label for o in question.options if o.value in values]})
    return rows


ANSWERS_FORM = "answers"  # the id of the one form of a page that carries the answers


def language_switch(endpoint: str, name: str = "", value: str = "") -> dict[str, Any]:
    """On a page whose answers ride in its one form (#answers): the switch posts that form to `endpoint` in the other
    language, with `name`=`value` (what the page's own buttons would add to stay where the person is)."""
    return {"endpoint": endpoint, "form": ANSWERS_FORM, "name": name, "value": value}


def language_switch_carrying(endpoint: str, carry: list[tuple[str, str]], control: list[tuple[str, str]]) -> dict[str, Any]:
    """On a page with no form of answers: the switch is a small form of its own that posts `carry` and `control`."""
    return {"endpoint": endpoint, "form": "", "carry": carry, "control": control}
