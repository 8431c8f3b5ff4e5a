"""Resume codes: a pack and its answers written as a short code a person can copy by hand, and read back.

The code is a number in mixed radix, one digit per question the flow asks, in the catalog's question order: a
single choice is 0 (not answered) or 1 + its index in the question's values; a multi-select is a bitmask of its
values (0: not answered). A question whose condition does not hold has no digit, so every code reads back as
the answers that count. The number is written in Crockford's base 32 (no I, L, O or U), after a version of two
characters and before a Luhn mod 32 check character, which catches any single changed character.

The version comes from a hash of the packs, their questions, values and conditions: after any change to them, an
old code is refused as old, whatever its length (two characters: a change keeps the same version about once in
1,024 changes). A code is whole groups of four characters; it grows by a group when the questions need more room.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from app.core.engine import relevant_answers
from app.core.model import All, Answers, Any_, Expr, Is, Policy, Question

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
BASE = len(ALPHABET)
VERSION_LENGTH = 2
GROUP = 4
# What people type for the characters the alphabet leaves out.
_LOOK_ALIKES = str.maketrans({"O": "0", "I": "1", "L": "1"})
_SEPARATORS = " -\t\u2010\u2011\u2012\u2013\u2014\u00a0."


@dataclass(frozen=True)
class CodeProblem:
    """Why a code cannot be read; the web layer turns `reason` into words."""

    reason: str  # empty | characters | length | mistyped | old_version
    expected_length: int = 0


@dataclass(frozen=True)
class Resumed:
    """What a code holds: the pack and the answers that count, in question order."""

    policy: Policy
    answers: dict[str, str | tuple[str, ...]]


def _condition_text(expr: Expr | None) -> str:
    """A condition as stable text (a frozenset's own order changes from run to run)."""
    if expr is None:
        return "-"
    if isinstance(expr, Is):
        return f"{expr.question}in({','.join(sorted(expr.values))})"
    assert isinstance(expr, (All, Any_)), "a question's condition is plain: tests, all and any (the loader checks)"
    parts = ",".join(_condition_text(p) for p in expr.parts)
    return f"{'all' if isinstance(expr, All) else 'any'}({parts})"


def _radix(question: Question) -> int:
    return 2 ** len(question.values) if question.kind == "multi" else len(question.values) + 1


def _digit(question: Question, value: str | tuple[str, ...] | None) -> int:
    if value is None:
        return 0
    if question.kind == "multi":
        return sum(1 << question.values.index(v) for v in set(value))
    return 1 + question.values.index(str(value))


def _value(question: Question, digit: int) -> str | tuple[str, ...] | None:
    if digit == 0:
        return None
    if question.kind == "multi":
        return tuple(v for i, v in enumerate(question.values) if digit >> i & 1)
    return question.values[digit - 1]


def _check_character(body: str) -> str:
    """Luhn mod N over `body` (from the right, every other character doubled): the character that makes it whole."""
    total, double = 0, True
    for char in reversed(body):
        addend = ALPHABET.index(char) * (2 if double else 1)
        total += addend // BASE + addend % BASE
        double = not double
    return ALPHABET[-total % BASE]


def group(code: str) -> str:
    """A code as people read it: groups of four joined by dashes."""
    return "-".join(code[i:i + GROUP] for i in range(0, len(code), GROUP))


def normalize(text: str) -> str:
    """What a person typed, as the code's characters: upper case, no spaces or dashes, O as 0, I and L as 1."""
    kept = "".join(c for c in text.upper() if c not in _SEPARATORS)
    return kept.translate(_LOOK_ALIKES)


@dataclass(frozen=True)
class ResumeCodes:
    """Makes and reads the codes of one set of packs (in their order: the pack is the code's first digit)."""

    policies: tuple[Policy, ...]
    version: str
    length: int  # characters, without dashes

    @classmethod
    def for_policies(cls, policies: Sequence[Policy]) -> ResumeCodes:
        packs = tuple(policies)
        fingerprint = "|".join(
            p.id + ":" + ";".join(f"{q.id}/{q.kind}/{','.join(q.values)}/{_condition_text(q.condition)}"
                                  for q in p.questions)
            for p in packs
        )
        number = int.from_bytes(hashlib.sha256(fingerprint.encode()).digest()[:4], "big")
        version = "".join(ALPHABET[number >> (5 * i) & 31] for i in range(VERSION_LENGTH))
        largest = len(packs) * max(_product(p) for p in packs) - 1
        payload = max(1, _digits_needed(largest))
        # Whole groups of four: a code grows by a group when the questions need more room.
        return cls(packs, version, -(-(VERSION_LENGTH + payload + 1) // GROUP) * GROUP)

    def make(self, policy: Policy, answers: Answers) -> str:
        """The grouped code of checked answers (values from each question's list, as check_answers returns them)."""
        pack_index = next(i for i, p in enumerate(self.policies) if p.id == policy.id)
        kept = relevant_answers(policy, answers)
        asked = [q for q in policy.questions if _asks(q, kept)]
        number = 0
        for question in reversed(asked):
            number = number * _radix(question) + _digit(question, kept.get(question.id))
        number = number * len(self.policies) + pack_index
        payload_length = self.length - VERSION_LENGTH - 1
        payload = "".join(ALPHABET[number // BASE ** i % BASE] for i in reversed(range(payload_length)))
        body = self.version + payload
        return group(body + _check_character(body))

    def read(self, text: str) -> Resumed | CodeProblem:
        """The pack and answers a typed code holds, or why it cannot be read."""
        code = normalize(text)
        if not code:
            return CodeProblem("empty", self.length)
        if any(c not in ALPHABET for c in code):
            return CodeProblem("characters", self.length)
        whole = len(code) > VERSION_LENGTH and _check_character(code[:-1]) == code[-1]
        if whole and code[:VERSION_LENGTH] != self.version:
            # Made before the questions changed, whatever its length then (a code may have grown since).
            return CodeProblem("old_version", self.length)
        if len(code) != self.length:
            return CodeProblem("length", self.length)
        if not whole:
            return CodeProblem("mistyped", self.length)
        number = 0
        for char in code[VERSION_LENGTH:-1]:
            number = number * BASE + ALPHABET.index(char)
        number, pack_index = divmod(number, len(self.policies))
        policy = self.policies[pack_index]
        answers: dict[str, str | tuple[str, ...]] = {}
        for question in policy.questions:
            if not _asks(question, answers):
                continue
            number, digit = divmod(number, _radix(question))
            value = _value(question, digit)
            if value is not None:
                answers[question.id] = value
        if number:  # digits beyond the last question: no code this version makes
            return CodeProblem("mistyped", self.length)
        return Resumed(policy, answers)


def _asks(question: Question, answers_so_far: Answers) -> bool:
    return question.condition is None or question.condition(answers_so_far) is True


def _product(policy: Policy) -> int:
    product = 1
    for question in policy.questions:
        product *= _radix(question)
    return product


def _digits_needed(number: int) -> int:
    digits = 0
    while number:
        number //= BASE
        digits += 1
    return digits
