"""The domain's data types: questions and their pages, factors, priority categories, timelines and results."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Literal

UNSURE = "not_sure"

STATUSES = ("not_yet_in_force", "in_force", "blocked", "ended")
ASSESSMENTS = ("may_be_priority", "cannot_tell", "may_fall_outside_priorities")

Answers = Mapping[str, str | tuple[str, ...]]


@dataclass(frozen=True)
class Citation:
    title: str
    url: str | None  # None: cited by its formal citation alone (no official copy to link to)
    pin: str | None = None


# Rules evaluate in three-valued (Kleene) logic: True holds, False is ruled out, None is unknown
# ("not sure" or not answered). Calling an expression with the answers evaluates it.


@dataclass(frozen=True)
class Is:
    """Holds when the answer to `question` is one of `values` (for a multi-select: any chosen one)."""

    question: str
    values: frozenset[str]

    @property
    def reads(self) -> frozenset[str]:
        """The question ids this rule reads."""
        return frozenset((self.question,))

    def __call__(self, answers: Mapping) -> bool | None:
        answer = answers.get(self.question)
        if answer is None:
            return None
        if answer.__class__ is str:
            if answer in self.values:
                return True
            return None if answer == UNSURE else False
        if not answer:
            return None
        for value in answer:
            if value in self.values:
                return True
        for value in answer:
            if value != UNSURE:
                return False
        return None


def _decide(parts: tuple[Expr, ...], answers: Mapping, decisive: bool) -> bool | None:
    """`decisive` as soon as one part is; else unknown if any part is unknown; else the other truth value."""
    unknown = False
    for part in parts:
        truth = part(answers)
        if truth is decisive:
            return decisive
        if truth is None:
            unknown = True
    return None if unknown else not decisive


@dataclass(frozen=True)
class All:
    """Holds when every part holds; ruled out as soon as one part is ruled out."""

    parts: tuple[Expr, ...]

    @property
    def reads(self) -> frozenset[str]:
        return frozenset().union(*(part.reads for part in self.parts))

    def __call__(self, answers: Mapping) -> bool | None:
        return _decide(self.parts, answers, False)


@dataclass(frozen=True)
class Any_:
    """Holds as soon as one part holds; ruled out when every part is ruled out."""

    parts: tuple[Expr, ...]

    @property
    def reads(self) -> frozenset[str]:
        return frozenset().union(*(part.reads for part in self.parts))

    def __call__(self, answers: Mapping) -> bool | None:
        return _decide(self.parts, answers, True)


@dataclass(frozen=True)
class IsNot:
    """Holds unless the answer to `question` is one of `values`: a missing or "not sure" answer does not rule it out
    (the contract's "lpr is not yes"). Never unknown."""

    question: str
    values: frozenset[str]

    @property
    def reads(self) -> frozenset[str]:
        return frozenset((self.question,))

    def __call__(self, answers: Mapping) -> bool | None:
        answer = answers.get(self.question)
        if answer is None:
            return True
        if answer.__class__ is str:
            return answer not in self.values
        return not any(value in self.values for value in answer)


@dataclass(frozen=True)
class Unanswered:
    """Holds when `question` has no answer (left out, or not asked). Never unknown."""

    question: str

    @property
    def reads(self) -> frozenset[str]:
        return frozenset((self.question,))

    def __call__(self, answers: Mapping) -> bool | None:
        return self.question not in answers


@dataclass(frozen=True)
class AtMostUnknown:
    """What its part says, except that where the part holds it is only unknown: a sign that can leave a category
    unclear but never decides it alone (under doyle-2022, a prior record alone: policy brief §3, an [R] fact)."""

    part: Is | All | Any_

    @property
    def reads(self) -> frozenset[str]:
        return self.part.reads

    def __call__(self, answers: Mapping) -> bool | None:
        return None if self.part(answers) is not False else False


Expr = Is | IsNot | Unanswered | AtMostUnknown | All | Any_


class Worded:
    """Words with a third-person form for someone answering for another person (answering_for: someone_else):
    beside a field `x` a field `x_other`, empty where `x` does not address the reader (a field may have none)."""

    def say(self, field: str, for_other: bool) -> str:
        """The words of `field`: the third-person form when `for_other` asks for it and there is one, else the plain."""
        plain: str = getattr(self, field)
        return (getattr(self, f"{field}_other", "") or plain) if for_other else plain


@dataclass(frozen=True)
class Option(Worded):
    value: str
    label: str
    label_other: str = ""


@dataclass(frozen=True)
class Question(Worded):
    id: str
    kind: Literal["single", "multi"]
    options: tuple[Option, ...]
    text: str
    hint: str
    why: str
    condition: Expr | None = None
    page: str = ""
    exclusive: tuple[str, ...] = ()  # values of a multi-select that exclude every other ("none", "not_sure")
    text_other: str = ""
    hint_other: str = ""
    why_other: str = ""

    @cached_property
    def values(self) -> tuple[str, ...]:
        """The options' values, in order (made once: every answer is checked against them)."""
        return tuple(o.value for o in self.options)

    @property
    def allows_unsure(self) -> bool:
        return UNSURE in self.values


@dataclass(frozen=True)
class Page(Worded):
    """One page of the web flow: closely related questions asked together, in order."""

    id: str
    title: str
    questions: tuple[str, ...]
    title_other: str = ""


@dataclass(frozen=True)
class Step:
    """A page as the flow shows it for some answers: only the questions whose condition holds."""

    page: Page
    questions: tuple[Question, ...]


@dataclass(frozen=True)
class Factor(Worded):
    id: str
    kind: Literal["favorable", "aggravating"]
    name: str
    explanation: str
    when: Expr
    citations: tuple[Citation, ...]
    lawyer_note: str = ""
    documents: tuple[str, ...] = ()
    reported: bool = False  # rests on a fact the policy brief marks [R]: reported, not checked in the memo
    name_other: str = ""
    explanation_other: str = ""
    documents_other: tuple[str, ...] = ()  # in the order of `documents`, each one's words for someone else

    def documents_for(self, for_other: bool) -> tuple[str, ...]:
        """The papers to bring, worded for someone answering for another person when `for_other`."""
        return (self.documents_other or self.documents) if for_other else self.documents


@dataclass(frozen=True)
class Priority(Worded):
    id: str
    name: str
    explanation: str
    may_apply: Expr
    citations: tuple[Citation, ...]
    reported: bool = False  # part of the rule rests on a fact the policy brief marks [R]
    explanation_other: str = ""


@dataclass(frozen=True)
class Period:
    start: date
    status: str
    summary: str
    citations: tuple[Citation, ...]


@dataclass(frozen=True)
class UrgentFlag:
    """A contract flag's rule (its words are what is true now: present.yaml)."""

    id: str
    when: Expr
    since: date | None = None  # raised only on an as-of date on or after this one (the law it rests on took effect)

    def raised(self, answers: Mapping, as_of: date) -> bool:
        return (self.since is None or as_of >= self.since) and self.when(answers) is True


@dataclass(frozen=True)
class Policy:
    id: str
    title: str
    short_title: str
    summary: str
    documents: tuple[Citation, ...]
    questions: tuple[Question, ...]
    factors: tuple[Factor, ...]
    priorities: tuple[Priority, ...]
    timeline: tuple[Period, ...]
    urgent_flags: tuple[UrgentFlag, ...]
    pages: tuple[Page, ...] = ()
    default: bool = False
    factors_note: str = ""
    switch_label: str = ""  # the result's button that shows the answers under this pack, in plain words  # said beside the favorable factors to a person with no conviction (e.g. whom a list was for)
    _question_index: dict[str, Question] = field(default_factory=dict, compare=False, repr=False)
    _page_positions: dict[str, int] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._question_index.update({q.id: q for q in self.questions})
        self._page_positions.update({p.id: i for i, p in enumerate(self.pages)})

    def page_position(self, page: Page) -> int:
        """Where a page of this pack comes in the flow (0 for the first)."""
        return self._page_positions[page.id]

    def question(self, question_id: str) -> Question | None:
        return self._question_index.get(question_id)

    def page(self, page_or_question_id: str) -> Page | None:
        """A page by its id, or the page that asks a question (a form or link may name either)."""
        question = self.question(page_or_question_id)
        wanted = question.page if question else page_or_question_id
        return next((p for p in self.pages if p.id == wanted), None)

    def factor(self, factor_id: str) -> Factor | None:
        return next((f for f in self.factors if f.id == factor_id), None)


@dataclass(frozen=True)
class Result:
    policy_id: str
    status: str
    status_since: date | None
    as_of: date
    assessment: str
    priorities: tuple[str, ...]
    unclear: tuple[str, ...]
    favorable_factors: tuple[str, ...]
    aggravating_factors: tuple[str, ...]
    urgent: tuple[str, ...]
    unsure_questions: tuple[str, ...]
    unanswered_questions: tuple[str, ...]
    # The answers that counted (those to the questions the flow asks, in order), for the words drawn from this
    # result; never shown in a repr, never part of an equality.
    counted: Answers = field(default_factory=dict, repr=False, compare=False)
