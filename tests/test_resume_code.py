"""Resume codes (issue 14): for any answer set from the contract's lists a code reads back as the same answers, any
single changed character is caught, and a code made before the questions changed is refused as old."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from test_engine_properties import PACKS, answer_sets

from app.core import CodeProblem, Option, Policy, ResumeCodes, Resumed, relevant_answers, screen
from app.core.resume_code import ALPHABET, GROUP, VERSION_LENGTH, _check_character, group, normalize
from app.policy import load_packs

ROOT = Path(__file__).resolve().parents[1]

CODES = ResumeCodes.for_policies(list(PACKS))
policies = st.sampled_from(list(PACKS))


def _plain(code: str) -> str:
    return normalize(code)


def _as_sets(answers: dict) -> dict:
    return {k: v if isinstance(v, str) else frozenset(v) for k, v in answers.items()}


@settings(max_examples=400, deadline=None)
@given(answers=answer_sets(), policy=policies)
def test_a_code_reads_back_as_the_answers_that_count_and_makes_the_same_code(answers, policy):
    code = CODES.make(policy, answers)
    resumed = CODES.read(code)
    assert isinstance(resumed, Resumed), resumed
    assert resumed.policy.id == policy.id
    assert _as_sets(resumed.answers) == _as_sets(relevant_answers(policy, answers))
    assert CODES.make(resumed.policy, resumed.answers) == code
    on = date(2026, 11, 23)
    assert screen(resumed.answers, resumed.policy, on) == screen(answers, policy, on)


@settings(max_examples=300, deadline=None)
@given(answers=answer_sets(), policy=policies, data=st.data())
def test_any_single_changed_character_is_caught(answers, policy, data):
    code = _plain(CODES.make(policy, answers))
    at = data.draw(st.integers(min_value=0, max_value=len(code) - 1))
    other = data.draw(st.sampled_from([c for c in ALPHABET if c != code[at]]))
    changed = code[:at] + other + code[at + 1:]
    problem = CODES.read(changed)
    assert isinstance(problem, CodeProblem), f"{changed} read as {problem}"
    assert problem.reason == "mistyped"


@settings(max_examples=100, deadline=None)
@given(answers=answer_sets(), policy=policies)
def test_a_code_is_read_as_people_copy_it(answers, policy):
    code = CODES.make(policy, answers)
    copied = "  " + code.lower().replace("-", " ").replace("0", "o").replace("1", "l") + " "
    assert CODES.read(copied) == CODES.read(code)


def _with_new_choice(pack: Policy) -> Policy:
    """The pack after a question gains a value (the change a code must notice)."""
    questions = tuple(replace(q, options=q.options + (Option("maybe", "Maybe"),)) if q.id == "lpr" else q
                      for q in pack.questions)
    return replace(pack, questions=questions, _question_index={})


@settings(max_examples=100, deadline=None)
@given(answers=answer_sets(), policy=policies)
def test_a_code_made_before_a_question_changed_is_refused_as_old(answers, policy):
    code = CODES.make(policy, answers)
    changed = ResumeCodes.for_policies([_with_new_choice(p) for p in PACKS])
    assert changed.version != CODES.version
    problem = changed.read(code)
    assert isinstance(problem, CodeProblem) and problem.reason == "old_version"


@settings(max_examples=100, deadline=None)
@given(answers=answer_sets(), policy=policies, version=st.text(ALPHABET, min_size=VERSION_LENGTH, max_size=VERSION_LENGTH))
def test_a_code_of_another_version_with_a_right_check_character_is_refused_as_old(answers, policy, version):
    body = _plain(CODES.make(policy, answers))[:-1]
    other = version + body[VERSION_LENGTH:]
    problem = CODES.read(other + _check_character(other))
    if version == CODES.version:
        assert isinstance(problem, Resumed)
    else:
        assert problem == CodeProblem("old_version", CODES.length)


def test_the_version_changes_when_a_question_or_its_condition_changes():
    packs = list(PACKS)
    dropped = [replace(p, questions=p.questions[:-1], _question_index={}) for p in packs]
    unconditional = [replace(p, questions=tuple(replace(q, condition=None) for q in p.questions), _question_index={})
                     for p in packs]
    versions = {ResumeCodes.for_policies(v).version for v in (packs, dropped, unconditional,
                                                               [_with_new_choice(p) for p in packs])}
    assert len(versions) == 4
    assert ResumeCodes.for_policies(list(load_packs())).version == CODES.version, "the version is stable across loads"


def test_the_version_is_the_same_in_every_process():
    """A server restart must not refuse yesterday's codes: string hashing changes per process, the version must not."""
    script = "from app.core import ResumeCodes; from app.policy import load_packs; " \
             "print(ResumeCodes.for_policies(list(load_packs())).version)"
    seen = {subprocess.run([sys.executable, "-c", script], env={**os.environ, "PYTHONHASHSEED": seed}, cwd=ROOT,
                           capture_output=True, text=True, check=True).stdout.strip() for seed in ("1", "2", "3")}
    assert seen == {CODES.version}


def test_a_code_made_before_the_questions_of_2026_12_04_is_told_it_is_old():
    """A real code of the questions before the contract of 2026-12-04 (16 characters then; codes have grown since):
    the person is told it was made before the questions changed, not that they mistyped it."""
    for typed in ("KG00-0000-005P-834E", "kg00 0000 005p 834e"):
        assert CODES.read(typed) == CodeProblem("old_version", CODES.length)


def test_the_longest_answer_set_fits_the_fixed_length(record_property):
    pack = PACKS.default
    longest = {q.id: tuple(q.values) if q.kind == "multi" else q.values[-1] for q in pack.questions}
    longest.update(court_case="yes", criminal_history="conviction")  # every follow-up asked
    assert len(relevant_answers(pack, longest)) == len(pack.questions)
    code = CODES.make(pack, longest)
    assert code == group(_plain(code)) and len(_plain(code)) == CODES.length
    assert len(_plain(CODES.make(pack, {}))) == CODES.length
    record_property("figure: resume code length, longest answer set",
                    f"{CODES.length} characters ({len(code)} with dashes), e.g. {CODES.make(pack, {})[:4]}-…")
    assert CODES.length % GROUP == 0 and 16 <= CODES.length <= 24


def test_bad_text_names_its_problem():
    assert CODES.read("") == CodeProblem("empty", CODES.length)
    assert CODES.read(" - ") == CodeProblem("empty", CODES.length)
    assert CODES.read("KG26-0P2N-BYFW-8G2U").reason == "characters"  # U is never used
    assert CODES.read("<script>").reason == "characters"
    assert CODES.read(CODES.make(PACKS.default, {})[:-2]).reason == "length"
