"""What is true now, as data: the urgent help, the next steps and the sentences of #today that depend on the present
(policy brief §6), each with its condition, the date from which it holds, its sources and the date it was checked.

Pure: choosing items reads the answers, the urgent flags already raised and the as-of date, never the clock.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import Literal

from app.core.model import Expr, Result, Worded

# An item is due for a new check this long after its own check date (policy brief §6).
RECHECK_DAYS = 183
PLACES = ("urgent", "today", "next_step")
CONFIDENCES = ("C", "P", "R")  # confirmed, supported by secondary sources, reported (policy brief's tags)
REVEALS = ("entry", "arrests")  # what showing an item tells a reader of the paper about the person


@dataclass(frozen=True)
class Source:
    id: str
    citation: str  # a formal citation: statute, Federal Register page, case name with court and number, memo number
    confidence: Literal["C", "P", "R"]
    url: str | None = None  # only where the policy brief gives one

    @property
    def reported(self) -> bool:
        return self.confidence == "R"


@dataclass(frozen=True)
class Contact:
    """A phone number or address a sentence names (`%(id)s`), written out in the words and linked on the page."""

    id: str
    text: str
    href: str


@dataclass(frozen=True)
class AdviceItem(Worded):
    id: str
    place: Literal["urgent", "today", "next_step"]
    text: str  # a message id; `%(contact)s` placeholders name contacts
    sources: tuple[Source, ...]
    checked: date
    holds_from: date | None = None  # the law or event it describes; before it the item is never shown
    when: Expr | None = None  # next steps and #today: shown when this holds (None: always)
    flag: str | None = None  # urgent items: the contract's flag they speak to
    title: str = ""  # urgent items: their heading
    contacts: tuple[Contact, ...] = ()
    reveals: tuple[str, ...] = ()
    title_other: str = ""  # the words for someone answering for another person, where the plain ones address the reader
    text_other: str = ""

    def holds_on(self, as_of: date) -> bool:
        return self.holds_from is None or as_of >= self.holds_from

    def due_for_check(self, as_of: date) -> bool:
        """Checked more than six months before the as-of date: the facts may be out of date."""
        return (as_of - self.checked).days > RECHECK_DAYS


@dataclass(frozen=True)
class Advice:
    """Every advice item, in reading order within each place."""

    items: tuple[AdviceItem, ...]
    # The day the last of the packs' guidance ended (their timelines, policy brief §2): after it none is in force.
    all_guidance_ended: date | None = None

    def by_place(self, place: str) -> tuple[AdviceItem, ...]:
        return self._places.get(place, ())

    def urgent_for(self, flag: str) -> AdviceItem | None:
        return self._urgent.get(flag)

    @cached_property
    def _places(self) -> dict[str, tuple[AdviceItem, ...]]:
        places: dict[str, list[AdviceItem]] = {}
        for item in self.items:
            places.setdefault(item.place, []).append(item)
        return {place: tuple(items) for place, items in places.items()}

    @cached_property
    def _urgent(self) -> dict[str, AdviceItem]:
        found: dict[str, AdviceItem] = {}
        for item in self.by_place("urgent"):
            if item.flag is not None:
                found.setdefault(item.flag, item)  # the first, as a scan in order would find
        return found

    @property
    def last_checked(self) -> date:
        return max(item.checked for item in self.items)

    @property
    def oldest_check(self) -> date:
        return min(item.checked for item in self.items)


@dataclass(frozen=True)
class Chosen:
    """The items a result shows, by place, in reading order."""

    urgent: tuple[AdviceItem, ...]
    today: tuple[AdviceItem, ...]
    next_steps: tuple[AdviceItem, ...]

    @property
    def shown(self) -> tuple[AdviceItem, ...]:
        return self.urgent + self.today + self.next_steps

    def last_checked(self) -> date | None:
        return max((item.checked for item in self.shown), default=None)

    def out_of_date(self, as_of: date) -> bool:
        """Some item shown was last checked more than six months before the as-of date."""
        return any(item.due_for_check(as_of) for item in self.shown)


def choose(advice: Advice, result: Result, answers: Mapping) -> Chosen:
    """The items for a screened result: its urgent flags' items (in the flags' order), then the #today sentences
    and next steps whose condition holds for the answers that count, each only from the date it holds.

    `answers` are the relevant answers (engine.relevant_answers), so a follow-up's answer counts only where asked.
    """
    as_of = result.as_of

    def shows(item: AdviceItem) -> bool:
        return item.holds_on(as_of) and (item.when is None or item.when(answers) is True)

    urgent = tuple(item for flag in result.urgent if (item := advice.urgent_for(flag)) is not None and item.holds_on(as_of))
    return Chosen(
        urgent=urgent,
        today=tuple(item for item in advice.by_place("today") if shows(item)),
        next_steps=tuple(item for item in advice.by_place("next_step") if shows(item)),
    )
