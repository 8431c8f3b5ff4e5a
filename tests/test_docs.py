"""The docs in step with the code: the screening contract's tables (docs/screening-contract.md) against the policy
data, the API reference (docs/api.md) against the OpenAPI schema, and every link in the README and docs/ inside
this repository."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.core.model import STATUSES, All, Any_, Expr, Is
from app.policy import load_packs
from app.settings import Settings
from app.web.factory import create_app

REPO_ROOT = Path(__file__).resolve().parents[1]
DOCS = REPO_ROOT / "docs"
CONTRACT = (DOCS / "screening-contract.md").read_text(encoding="utf-8")
PACKS = load_packs()
QUESTIONS = {q.id: q for pack in PACKS for q in pack.questions}
IDENTIFIER = re.compile(r"[a-z0-9_]+")


def section(number: int) -> str:
    """The text of the contract's section `number` ("## 2. Questions" up to the next "## ")."""
    found = re.search(rf"^## {number}\. .*?(?=^## |\Z)", CONTRACT, re.MULTILINE | re.DOTALL)
    assert found, f"the contract has no section {number}"
    return found.group(0)


def table_rows(text: str) -> list[list[str]]:
    """The cells of each table row whose first cell is a `code` id (header and rule rows left out)."""
    rows = []
    for line in text.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if line.startswith("| `") and cells:
            rows.append(cells)
    return rows


def first_id(cell: str) -> str:
    return re.match(r"`([a-z0-9_]+)`", cell).group(1)


def named_in(expr: Expr | None) -> dict[str, set[str]]:
    """The questions a condition reads, each with the values it names."""
    found: dict[str, set[str]] = {}
    if isinstance(expr, Is):
        found[expr.question] = set(expr.values)
    elif isinstance(expr, (All, Any_)):
        for part in expr.parts:
            for question, values in named_in(part).items():
                found.setdefault(question, set()).update(values)
    return found


def named_in_words(cell: str) -> dict[str, set[str]]:
    """The questions a contract cell names ("criminal_history is arrest_only, conviction or not_sure"), each with the
    values of that question named after it."""
    found: dict[str, set[str]] = {}
    current = None
    for word in IDENTIFIER.findall(cell):
        if word in QUESTIONS:
            current = word
            found.setdefault(word, set())
        elif current and word in QUESTIONS[current].values:
            found[current].add(word)
    return found


QUESTION_ROWS = {first_id(row[0]): row for row in table_rows(section(2))}


def test_the_contract_and_the_catalog_have_the_same_questions():
    assert sorted(QUESTION_ROWS) == sorted(QUESTIONS)


@pytest.mark.parametrize("question_id", sorted(QUESTION_ROWS))
def test_each_question_takes_the_values_the_contract_lists(question_id):
    cell = QUESTION_ROWS[question_id][1]
    question = QUESTIONS.get(question_id)
    assert question is not None, f"{question_id} is in the contract, not in the catalog"
    values = [v.strip() for v in cell.removeprefix("list of:").split(",")]
    assert list(question.values) == values, f"{question_id}: catalog {list(question.values)}, contract {values}"
    assert (question.kind == "multi") is cell.startswith("list of:"), question_id


@pytest.mark.parametrize("question_id", sorted(QUESTION_ROWS))
def test_each_question_is_asked_when_the_contract_says(question_id):
    cell = QUESTION_ROWS[question_id][2]
    question = QUESTIONS.get(question_id)
    assert question is not None, f"{question_id} is in the contract, not in the catalog"
    if cell == "always":
        assert question.condition is None, f"{question_id} has a condition in the catalog"
    else:
        assert named_in(question.condition) == named_in_words(cell), f"{question_id}: the contract says {cell!r}"


def factor_rows() -> list[list[str]]:
    return table_rows(section(3))


def test_the_contract_and_each_pack_have_the_same_factors_favorable_then_aggravating():
    favorable, aggravating = section(3).split("Aggravating factors", 1)
    kinds = {first_id(row[0]): "favorable" for row in table_rows(favorable)}
    kinds |= {first_id(row[0]): "aggravating" for row in table_rows(aggravating)}
    for pack in PACKS:
        listed = [first_id(row[0]) for row in factor_rows() if row[-1] in ("both", pack.id)]
        assert [f.id for f in pack.factors] == listed, pack.id  # "Lists hold ids in the order of the tables"
        assert {f.id: f.kind for f in pack.factors} == {f: kinds[f] for f in listed}, pack.id


def test_the_contract_and_each_pack_have_the_same_priority_categories():
    rows = table_rows(section(4))
    for pack in PACKS:
        listed = [first_id(row[0]) for row in rows if not re.search(r"\((doyle|trasvina)-\d{4}\)", row[0])
                  or f"({pack.id})" in row[0]]
        assert [p.id for p in pack.priorities] == listed, pack.id


def test_the_contract_and_the_catalog_have_the_same_urgent_flags_in_order():
    flags = [first_id(row[0]) for row in table_rows(section(5))]
    for pack in PACKS:
        assert [f.id for f in pack.urgent_flags] == flags, pack.id


def test_the_contract_and_the_code_have_the_same_status_ids():
    assert [first_id(row[0]) for row in table_rows(section(1))] == list(STATUSES)


def test_the_api_reference_names_every_path_and_operation_of_the_schema():
    schema = TestClient(create_app(Settings())).get("/api/v1/openapi.json").json()
    reference = (DOCS / "api.md").read_text(encoding="utf-8")
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            assert f"{method.upper()} {path}" in reference, f"{method.upper()} {path}"
            assert f"`{operation['operationId']}`" in reference, operation["operationId"]


MARKDOWN_LINK = re.compile(r"\]\(([^)\s]+)\)")


@pytest.mark.parametrize("doc", ["README.md", *sorted(str(p.relative_to(REPO_ROOT)) for p in DOCS.glob("*.md"))])
def test_every_link_of_the_readme_and_docs_stays_in_the_repository_and_exists(doc):
    path = REPO_ROOT / doc
    text = path.read_text(encoding="utf-8")
    assert "../shared" not in text and "/work/" not in text
    for target in MARKDOWN_LINK.findall(text):
        if re.match(r"[a-z]+:", target) or target.startswith("#"):
            continue  # another site, or a place in this page
        linked = (path.parent / target.split("#")[0]).resolve()
        assert linked.is_relative_to(REPO_ROOT), f"{doc} links outside the repository: {target}"
        assert linked.exists(), f"{doc} links to a missing file: {target}"


def test_the_readme_links_the_operators_guide_first():
    links = [t for t in MARKDOWN_LINK.findall((REPO_ROOT / "README.md").read_text(encoding="utf-8"))]
    assert links[0] == "docs/operators.md"
    assert {"docs/operators.md", "docs/screening-contract.md", "docs/api.md"} <= set(links)
