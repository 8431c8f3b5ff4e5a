"""The JSON API over real HTTP against a running server: the worked cases, and every kind of bad input."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

# The contract's worked cases: read from shared/ beside the checkout when present (CI has it), else
# from the copy kept in tests/data (a data-health test checks the copy has not drifted).
SHARED_CASES = Path(__file__).resolve().parents[2] / "shared" / "spec" / "example-cases.json"
CASES_FILE = SHARED_CASES if SHARED_CASES.exists() else Path(__file__).resolve().parent / "data" / "example-cases.json"
CASES = json.loads(CASES_FILE.read_text(encoding="utf-8"))
CONTRACT_FIELDS = ("as_of", "assessment", "priorities", "unclear", "favorable_factors", "aggravating_factors", "urgent")


@pytest.fixture(scope="module")
def api(live_server):
    with httpx.Client(base_url=live_server.url, timeout=10) as client:
        yield client


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_worked_case_through_http(api, case):
    response = api.post("/api/v1/screen", json={"policy": case["policy"], "as_of": case["as_of"], "answers": case["answers"]})
    assert response.status_code == 200, response.text
    body = response.json()
    expect = case["expect"]
    assert {k: body["policy"][k] for k in ("id", "status", "status_since")} == expect["policy"]
    for name in CONTRACT_FIELDS:
        assert body[name] == expect[name], name
    assert response.headers["cache-control"] == "no-store"


def test_the_kept_copy_of_the_worked_cases_matches_shared():
    copy = json.loads((Path(__file__).resolve().parent / "data" / "example-cases.json").read_text(encoding="utf-8"))
    assert copy == CASES


def test_a_missing_body_or_null_field_is_422(api):
    assert api.post("/api/v1/screen").status_code == 422
    _assert_422(api.post("/api/v1/screen", json={"lang": None, "answers": {}}), "lang")
    _assert_422(api.post("/api/v1/screen", json={"policy": None, "answers": {}}), "policy")


def test_a_wrong_method_is_405_with_allow(api):
    response = api.request("TRACE", "/api/v1/policies")
    assert response.status_code == 405 and "GET" in response.headers["allow"]


def test_every_raised_factor_comes_with_explanation_and_citation(api):
    answers = {"lpr": "yes", "criminal_history": "conviction", "weapon": "yes", "detained": "yes"}
    body = api.post("/api/v1/screen", json={"answers": answers, "as_of": "2024-01-01"}).json()
    text = body["text"]
    assert [f["id"] for f in text["favorable_factors"]] == body["favorable_factors"]
    assert [f["id"] for f in text["aggravating_factors"]] == body["aggravating_factors"]
    for factor in text["favorable_factors"] + text["aggravating_factors"]:
        assert factor["explanation"] and factor["citations"][0]["url"].startswith("https://")
    assert [u["id"] for u in text["urgent"]] == ["detained"]
    assert body["policy"]["status_text"] and body["text"]["next_steps"]


def test_defaults_are_doyle_today_and_english(api):
    body = api.post("/api/v1/screen", json={"answers": {}}).json()
    assert body["policy"]["id"] == "doyle-2022" and body["lang"] == "en"
    assert len(body["as_of"]) == 10


def test_policies_list_both_packs_with_cited_timelines(api):
    body = api.get("/api/v1/policies").json()
    ids = [p["id"] for p in body["policies"]]
    assert ids == ["doyle-2022", "trasvina-2021"]
    for policy in body["policies"]:
        assert policy["summary"] and all(period["citations"] for period in policy["timeline"])
    _assert_422(api.get("/api/v1/policies", params={"lang": "xx"}), "lang")


def test_questions_in_order_with_conditions_and_labels(api):
    body = api.get("/api/v1/questions", params={"policy": "doyle-2022", "lang": "en"}).json()
    ids = [q["id"] for q in body["questions"]]
    # Who the answers are for, then the urgent ones
    assert ids[:6] == ["answering_for", "court_case", "detained", "removal_order", "hearing_soon", "has_lawyer"]
    hearing = body["questions"][4]
    assert hearing["condition"] == {"question": "court_case", "in": ["yes"]}
    two_years = next(q for q in body["questions"] if q["id"] == "continuous_two_years")
    assert two_years["condition"] == {"all": [{"question": "entry_manner", "in": ["not_inspected", "not_sure"]},
                                              {"question": "entry_date", "in": ["not_sure", "on_or_after_2020_11_01"]}]}
    charges = next(q for q in body["questions"] if q["id"] == "charge_type")
    assert charges["type"] == "multi" and charges["condition"] == {
        "question": "criminal_history", "in": ["arrest_only", "conviction", "not_sure"]}
    assert all(q["type"] == "multi" or q["id"] == "answering_for" or q["options"][-1]["value"] == "not_sure"
               for q in body["questions"]), "every single choice but answering_for takes not_sure"
    relief = next(q for q in body["questions"] if q["id"] == "relief")
    assert relief["type"] == "multi" and "asylum" in [o["value"] for o in relief["options"]]


def test_each_question_names_its_page_and_the_pages_come_in_flow_order(api):
    body = api.get("/api/v1/questions", params={"policy": "doyle-2022", "lang": "es"}).json()
    pages = [p["id"] for p in body["pages"]]
    assert pages[:3] == ["who", "now", "court"] and all(p["title"] for p in body["pages"])
    on_pages = [q["id"] for p in body["pages"] for q in p["questions"]]
    assert on_pages == [q["id"] for q in body["questions"]]
    by_id = {q["id"]: q for q in body["questions"]}
    assert by_id["court_case"]["page"] == "now" and by_id["hearing_soon"]["page"] == "court"
    assert by_id["pregnant_or_nursing"]["page"] == by_id["serious_health"]["page"]


def _assert_422(response, field: str, allowed: list[str] | None = None):
    assert response.status_code == 422, response.text
    errors = response.json()["error"]["errors"]
    match = [e for e in errors if e["field"] == field]
    assert match, f"no error names {field}: {errors}"
    assert match[0]["message"]
    if allowed is not None:
        assert match[0]["allowed"] == allowed
    return match[0]


def test_unknown_question_id_is_422_naming_it(api):
    error = _assert_422(api.post("/api/v1/screen", json={"answers": {"shoe_size": "9"}}), "answers.shoe_size")
    assert "court_case" in error["allowed"]


def test_value_outside_the_list_is_422_with_allowed_values(api):
    _assert_422(api.post("/api/v1/screen", json={"answers": {"entry_manner": "swam"}}), "answers.entry_manner",
                ["inspected", "not_inspected", "not_sure"])


def test_a_multi_select_value_outside_the_list_is_422(api):
    _assert_422(api.post("/api/v1/screen", json={"answers": {"relief": ["tps", "lottery"]}}), "answers.relief")


def test_a_multi_select_given_as_text_is_422(api):
    _assert_422(api.post("/api/v1/screen", json={"answers": {"relief": "tps"}}), "answers.relief")


@pytest.mark.parametrize("bad", ["2024-13-01", "01/02/2024", "yesterday", "2024-1-1", 20240101])
def test_malformed_date_is_422(api, bad):
    _assert_422(api.post("/api/v1/screen", json={"as_of": bad, "answers": {}}), "as_of")


def test_unknown_policy_is_422_with_allowed_ids(api):
    _assert_422(api.post("/api/v1/screen", json={"policy": "morton-2011", "answers": {}}), "policy", ["doyle-2022", "trasvina-2021"])
    _assert_422(api.get("/api/v1/questions", params={"policy": "morton-2011"}), "policy")


def test_unknown_language_is_422(api):
    error = _assert_422(api.post("/api/v1/screen", json={"lang": "xx", "answers": {}}), "lang")
    assert "en" in error["allowed"]
    _assert_422(api.get("/api/v1/questions", params={"lang": "xx"}), "lang")


@pytest.mark.parametrize("body", [b"{not json", b"\xff\xfe", b"[1, 2]", b"\"text\""])
def test_a_body_that_is_not_a_json_object_is_422(api, body):
    _assert_422(api.post("/api/v1/screen", content=body, headers={"content-type": "application/json"}), "body")


@pytest.mark.parametrize("path", ["/api/v1/screen", "/api/v1/resume-code", "/api/v1/resume-code/read"])
@pytest.mark.parametrize("content_type", [None, "text/plain", "application/x-www-form-urlencoded"])
def test_a_body_not_sent_as_json_or_not_sent_at_all_is_422(api, path, content_type):
    """As FastAPI reads a body (strict content type): JSON text sent as anything but application/json is not read as
    JSON, and no body at all is missing."""
    headers = {"content-type": content_type} if content_type else {}
    message = _assert_422(api.post(path, content=b'{"lang": "es"}', headers=headers), "body")["message"]
    assert message == "The request body must be a JSON object."
    assert _assert_422(api.post(path, content=b"", headers=headers), "body")["message"] == "The request body must be JSON."
    read = api.post(path, content=b'{"lang": "es", "code": "x"}', headers={"content-type": "application/json; charset=utf-8"})
    assert read.status_code == 422  # "x" is no code, and "code" is no field of the other two
    assert all(error["field"] != "body" for error in read.json()["error"]["errors"])  # but the body was read as JSON


def test_a_body_over_64_kib_is_413(api):
    big = json.dumps({"answers": {}, "pad": "x" * 70_000}).encode()
    response = api.post("/api/v1/screen", content=big, headers={"content-type": "application/json"})
    assert response.status_code == 413
    assert response.json()["error"]["errors"][0]["field"] == "body"


def test_a_chunked_body_over_the_limit_is_413_too(api):
    def chunks():
        for _ in range(80):
            yield b"x" * 1024
    response = api.post("/api/v1/screen", content=chunks(), headers={"content-type": "application/json"})
    assert response.status_code == 413


def test_an_empty_relief_list_screens_as_unanswered(api):
    left_out = api.post("/api/v1/screen", json={"as_of": "2024-01-01", "answers": {"lpr": "no"}})
    empty = api.post("/api/v1/screen", json={"as_of": "2024-01-01", "answers": {"lpr": "no", "relief": []}})
    assert empty.status_code == 200, empty.text
    assert empty.json() == left_out.json()
    assert "possible_relief" not in empty.json()["favorable_factors"]


def test_a_relief_list_may_combine_none_with_an_application(api):
    body = api.post("/api/v1/screen", json={"as_of": "2024-01-01", "answers": {"relief": ["none", "tps"]}}).json()
    assert "possible_relief" in body["favorable_factors"]


def test_a_body_nested_10000_deep_is_422_naming_the_body_and_the_server_lives_on(api):
    response = api.post("/api/v1/screen", content=b"[" * 10_000 + b"]" * 10_000, headers={"content-type": "application/json"})
    error = _assert_422(response, "body")
    assert "nested too deeply" in error["message"]
    assert api.post("/api/v1/screen", json={"answers": {}}).status_code == 200


@pytest.mark.parametrize("depth", [2, 10_000])
def test_deeply_nested_answers_are_422_naming_the_answer(api, depth):
    body = b'{"answers": {"relief": ' + b"[" * depth + b'"tps"' + b"]" * depth + b"}}"
    error = _assert_422(api.post("/api/v1/screen", content=body, headers={"content-type": "application/json"}), "answers.relief")
    assert "nested too deeply" in error["message"]


def test_a_nested_object_where_an_answer_goes_is_422_naming_it(api):
    _assert_422(api.post("/api/v1/screen", json={"answers": {"lpr": {"value": "yes"}}}), "answers.lpr", ["yes", "no", "not_sure"])


def test_errors_are_never_500_and_never_echo_markup(api):
    response = api.post("/api/v1/screen", json={"answers": {"<script>alert(1)</script>": "x"}})
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/json")


@pytest.mark.parametrize("path", ["/api/v1/nothing", "/api/"])  # "/api/" fits the start page's "/{lang}/"
def test_unknown_api_path_is_json_404(api, path):
    response = api.get(path)
    assert response.status_code == 404 and response.json()["error"]["status"] == 404


@pytest.mark.parametrize("text", ['{"a": [[[1]]]}', ']]]]{{{{', '{"a": "[[[[[[", "b": [1]}', '{"x": "\\"[[[[", "y": {"z": [[1]]}}',
                                  '[' * 4 + '"unterminated', '{"answers": {"a": ["b"]}}'])
def test_the_quick_depth_check_agrees_with_the_scanner(text):
    """nesting_problem first measures depth in one pass; it must refuse exactly what the key-tracking scan refuses."""
    from app.web import api as api_module

    assert (api_module._deepest(text) > 3) == (api_module._nesting_path(text, 3) is not None)


def test_answering_for_takes_no_not_sure(api):
    _assert_422(api.post("/api/v1/screen", json={"answers": {"answering_for": "not_sure"}}), "answers.answering_for",
                ["self", "someone_else"])


def test_a_charge_type_outside_the_list_or_as_text_is_422(api):
    _assert_422(api.post("/api/v1/screen", json={"answers": {"charge_type": ["theft_or_burglary", "jaywalking"]}}),
                "answers.charge_type")
    _assert_422(api.post("/api/v1/screen", json={"answers": {"charge_type": "drugs"}}), "answers.charge_type")


@pytest.mark.parametrize("as_of, urgent", [("2025-01-28", []), ("2025-01-29", ["mandatory_detention_risk"])])
def test_the_detention_flag_holds_from_the_date_of_its_law(api, as_of, urgent):
    answers = {"entry_manner": "not_inspected", "criminal_history": "arrest_only", "charge_type": ["theft_or_burglary"]}
    body = api.post("/api/v1/screen", json={"as_of": as_of, "answers": answers}).json()
    assert body["urgent"] == urgent and [u["id"] for u in body["text"]["urgent"]] == urgent
