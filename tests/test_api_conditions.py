"""The questions endpoint writes a question's condition whole, however it combines its tests."""

from __future__ import annotations

import shutil

from fastapi.testclient import TestClient

from app.core.model import All, Any_, Is
from app.policy.loader import DATA_DIR
from app.settings import Settings
from app.web.api import condition_json
from app.web.factory import create_app


def test_a_compound_condition_comes_out_whole():
    expr = All((Is("court_case", frozenset({"yes"})),
                Any_((Is("detained", frozenset({"yes"})), Is("removal_order", frozenset({"yes", "not_sure"}))))))
    assert condition_json(expr).model_dump(by_alias=True) == {"all": [
        {"question": "court_case", "in": ["yes"]},
        {"any": [{"question": "detained", "in": ["yes"]}, {"question": "removal_order", "in": ["not_sure", "yes"]}]},
    ]}


def test_the_questions_endpoint_lists_a_compound_condition_from_the_data(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    catalog = data / "catalog.yaml"
    text = catalog.read_text(encoding="utf-8")
    one_test = '  - id: has_lawyer\n    when: {court_case: ["yes"]}\n'
    assert one_test in text
    # A condition reads only answers from earlier pages (the loader checks it): detained is on the first page.
    catalog.write_text(text.replace(one_test, '  - id: has_lawyer\n'
                                    '    when: {court_case: ["yes"], any: [{detained: ["yes"]}, {detained: ["no"]}]}\n'),
                       encoding="utf-8")
    client = TestClient(create_app(Settings(policy_data_dir=data)))
    questions = client.get("/api/v1/questions").json()["questions"]
    has_lawyer = next(q for q in questions if q["id"] == "has_lawyer")
    assert has_lawyer["condition"] == {"all": [
        {"question": "court_case", "in": ["yes"]},
        {"any": [{"question": "detained", "in": ["yes"]}, {"question": "detained", "in": ["no"]}]},
    ]}
