"""The resume-code endpoints over real HTTP (issue 14): answers to a code and back, the same codes as the web flow's
in both directions, and a bad or old code refused with 422 in the requested language."""

from __future__ import annotations

import re

import httpx
import pytest
from i18n_support import parse_page, post_form
from test_api_http import CASES

from app.core.resume_code import ALPHABET, _check_character

MAKE, READ = "/api/v1/resume-code", "/api/v1/resume-code/read"


@pytest.fixture(scope="module")
def api(live_server):
    with httpx.Client(base_url=live_server.url, timeout=10) as client:
        yield client


def as_list(value):
    return [value] if isinstance(value, str) else list(value)


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_a_code_reads_back_as_the_same_pack_and_answers(api, case):
    made = api.post(MAKE, json={"policy": case["policy"], "answers": case["answers"]})
    assert made.status_code == 200, made.text
    assert made.headers["cache-control"] == "no-store"
    body = made.json()
    assert body["policy"] == case["policy"] and len(body["code"].replace("-", "")) == body["length"] == 20
    read = api.post(READ, json={"code": body["code"]})
    assert read.status_code == 200, read.text
    assert read.headers["cache-control"] == "no-store"
    back = read.json()
    assert back["policy"] == case["policy"]
    kept = {k: sorted(as_list(v)) for k, v in back["answers"].items()}
    asked = {k: sorted(as_list(v)) for k, v in case["answers"].items() if as_list(v)}
    assert kept.items() <= asked.items(), "nothing the case did not answer"
    screened = [api.post("/api/v1/screen", json={"policy": case["policy"], "as_of": case["as_of"], "answers": a}).json()
                for a in (case["answers"], back["answers"])]
    assert screened[0] == screened[1], "the answers read back screen as the original"


def test_a_code_from_the_api_opens_the_web_check_page_with_its_answers(api):
    answers = {"court_case": "yes", "hearing_soon": "no", "has_lawyer": "no", "relief": ["tps", "asylum"]}
    code = api.post(MAKE, json={"policy": "trasvina-2021", "answers": answers}).json()["code"]
    page = post_form(api, "/es/resume", [("_resume", code)])
    assert page.status_code == 200 and page.headers["cache-control"] == "no-store"
    hidden = parse_page(page.text).form("check-form").hidden()
    assert ("_policy", "trasvina-2021") in hidden
    assert sorted(p for p in hidden if not p[0].startswith("_")) == sorted(
        (k, v) for k, value in answers.items() for v in as_list(value))


def test_a_code_from_the_web_page_reads_in_the_api(api):
    pairs = [("court_case", "no"), ("relief", "none"), ("criminal_history", "conviction"), ("weapon", "yes")]
    page = post_form(api, "/en/resume-code", pairs + [("_policy", "doyle-2022"), ("_from", "result")])
    assert page.headers["cache-control"] == "no-store"
    shown = re.search(r'id="resume-code"[^>]*>(.*?)</p>', page.text).group(1)
    code = re.sub(r"<[^>]+>", "", shown).strip()  # its groups are spans
    back = api.post(READ, json={"code": code}).json()
    assert back == {"policy": "doyle-2022", "lang": "en",
                    "answers": {"court_case": "no", "relief": ["none"], "criminal_history": "conviction", "weapon": "yes"}}


def _another_version(code: str) -> str:
    plain = code.replace("-", "")
    version = "ZZ" if plain[:2] != "ZZ" else "YY"
    body = version + plain[2:-1]
    return body + _check_character(body)


@pytest.mark.parametrize("lang, words", [("en", "Check each letter and number"), ("es", "Revise cada letra y número")])
def test_a_mistyped_code_is_refused_in_the_requested_language(api, lang, words):
    code = api.post(MAKE, json={"answers": {"lpr": "no"}}).json()["code"]
    last = code[-1]
    wrong = code[:-1] + next(c for c in ALPHABET if c != last)
    refused = api.post(READ, json={"code": wrong, "lang": lang})
    assert refused.status_code == 422
    error = refused.json()["error"]
    assert words in error["message"] and error["errors"][0]["field"] == "code"
    assert refused.headers["cache-control"] == "no-store"


@pytest.mark.parametrize("lang, words", [("en", "before we changed our questions"), ("es", "antes de que cambiáramos")])
def test_a_code_of_another_version_is_refused_as_old(api, lang, words):
    code = api.post(MAKE, json={"answers": {"lpr": "no"}}).json()["code"]
    refused = api.post(READ, json={"code": _another_version(code), "lang": lang})
    assert refused.status_code == 422 and words in refused.json()["error"]["message"]


@pytest.mark.parametrize("body, field, allowed", [
    ({"code": 12345}, "code", []),
    ({}, "code", []),
    ({"code": "x" * 65}, "code", []),
    ({"code": "KG00", "answers": {}}, "answers", ["code", "lang"]),
])
def test_a_bad_read_request_names_the_field(api, body, field, allowed):
    refused = api.post(READ, json={**body, "lang": "es"})
    assert refused.status_code == 422, refused.text
    errors = {e["field"]: e for e in refused.json()["error"]["errors"]}
    assert field in errors and errors[field]["allowed"] == allowed
    assert refused.json()["error"]["message"] == "Por favor, corrija la solicitud."


def test_answers_outside_the_lists_get_no_code(api):
    refused = api.post(MAKE, json={"answers": {"court_case": "maybe"}, "lang": "es"})
    assert refused.status_code == 422
    error = refused.json()["error"]["errors"][0]
    assert error["field"] == "answers.court_case" and error["allowed"] == ["yes", "no", "not_sure"]
    assert api.post(MAKE, json={"as_of": "2025-01-20"}).json()["error"]["errors"][0]["allowed"] == [
        "policy", "lang", "answers"]


def test_both_endpoints_are_in_the_openapi_schema(api):
    schema = api.get("/api/v1/openapi.json").json()
    operations = {op["operationId"] for path in schema["paths"].values() for op in path.values()}
    assert {"make_resume_code", "read_resume_code"} <= operations
    assert {"ResumeCode", "ResumedAnswers", "ResumeCodeRequest", "ResumeCodeReading"} <= set(schema["components"]["schemas"])
    read = schema["paths"][READ]["post"]
    assert "422" in read["responses"] and "413" in read["responses"]


@pytest.mark.parametrize("lang, words", [("en", "before we changed our questions"), ("es", "antes de que cambiáramos")])
def test_the_start_page_refuses_an_old_code_in_its_language(api, lang, words):
    code = api.post(MAKE, json={"answers": {"lpr": "no"}}).json()["code"]
    page = post_form(api, f"/{lang}/resume", [("_resume", _another_version(code))])
    assert page.status_code == 422 and page.headers["cache-control"] == "no-store"
    assert words in page.text and 'id="resume-input"' in page.text and "error-summary" in page.text
