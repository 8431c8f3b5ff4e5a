"""Collects scenario files: each YAML entry (name, policy, as_of, answers, expect) is one test."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from app.core import screen
from app.policy import load_packs
from app.policy.yamlload import read_yaml

PACKS = load_packs()
FIELDS = ("assessment", "priorities", "unclear", "favorable_factors", "aggravating_factors", "urgent", "status", "status_since")


def pytest_collect_file(parent, file_path: Path):
    if file_path.suffix == ".yaml" and file_path.name.startswith("scenarios_"):
        return ScenarioFile.from_parent(parent, path=file_path)
    return None


class ScenarioFile(pytest.File):
    def collect(self):
        data = read_yaml(self.path)
        defaults = data.get("defaults", {})
        for entry in data["scenarios"]:
            yield ScenarioItem.from_parent(self, name=entry["name"], spec={**defaults, **entry})


class ScenarioItem(pytest.Item):
    def __init__(self, *, spec: dict, **kwargs):
        super().__init__(**kwargs)
        self.spec = spec

    def runtest(self) -> None:
        spec = self.spec
        policy = PACKS.get(spec["policy"])
        assert policy is not None, f"unknown policy {spec['policy']}"
        answers = {**spec.get("base_answers", {}), **spec.get("answers", {})}
        # null in a scenario means "not answered": the key is dropped from the base answers.
        answers = {k: tuple(v) if isinstance(v, list) else v for k, v in answers.items() if v is not None}
        as_of = spec["as_of"] if isinstance(spec["as_of"], date) else date.fromisoformat(spec["as_of"])
        result = screen(answers, policy, as_of)
        got = {
            "assessment": result.assessment,
            "priorities": list(result.priorities),
            "unclear": list(result.unclear),
            "favorable_factors": list(result.favorable_factors),
            "aggravating_factors": list(result.aggravating_factors),
            "urgent": list(result.urgent),
            "status": result.status,
            "status_since": result.status_since,
        }
        expect = spec["expect"]
        unknown = set(expect) - set(FIELDS)
        assert not unknown, f"unknown expect fields {unknown}"
        mismatches = {k: (got[k], v) for k, v in expect.items() if got[k] != v}
        if mismatches:
            raise ScenarioMismatch(mismatches)

    def repr_failure(self, excinfo):
        if isinstance(excinfo.value, ScenarioMismatch):
            return "\n".join(f"{k}: got {g!r}, expected {e!r}" for k, (g, e) in excinfo.value.args[0].items())
        return super().repr_failure(excinfo)

    def reportinfo(self):
        return self.path, 0, f"scenario: {self.name}"


class ScenarioMismatch(AssertionError):
    pass
