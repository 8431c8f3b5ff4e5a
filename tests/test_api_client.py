"""A client generated from the running server's OpenAPI document (openapi-python-client, offline) reads naturally
and screens the contract's worked cases: operation ids name its functions, component schemas its classes."""

from __future__ import annotations

import importlib
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from test_api_http import CASES, CONTRACT_FIELDS

PACKAGE = "pd_screener_client"


@pytest.fixture(scope="module")
def client_package(live_server, tmp_path_factory):
    root = tmp_path_factory.mktemp("generated")
    config = root / "config.yaml"
    config.write_text("post_hooks: []\n", encoding="utf-8")  # no formatter run: nothing outside the venv is needed
    cli = Path(sys.executable).with_name("openapi-python-client")
    run = subprocess.run(
        [str(cli), "generate", "--url", f"{live_server.url}/api/v1/openapi.json", "--meta", "none",
         "--output-path", str(root / PACKAGE), "--config", str(config)],
        capture_output=True, text=True, timeout=300, cwd=root,
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    sys.path.insert(0, str(root))
    try:
        yield importlib.import_module(PACKAGE), root / PACKAGE
    finally:
        sys.path.remove(str(root))
        for name in [m for m in sys.modules if m == PACKAGE or m.startswith(PACKAGE + ".")]:
            del sys.modules[name]


def test_the_generated_names_are_the_operation_ids_and_the_components(client_package):
    _package, folder = client_package
    assert sorted(p.stem for p in (folder / "api" / "screening").glob("*.py") if p.stem != "__init__") == [
        "list_policies", "list_questions", "make_resume_code", "read_resume_code", "screen"]
    models = {p.stem for p in (folder / "models").glob("*.py")}
    assert {"screen_request", "screen_result", "answers", "error_response", "policy_id", "language",
            "resume_code_request", "resume_code", "resume_code_reading", "resumed_answers"} <= models
    assert not [m for m in models if "api_v1" in m or "_post" in m]  # was screen_endpoint_api_v1_screen_post_body_…


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_the_generated_client_screens_the_worked_case(client_package, live_server, case):
    package, _folder = client_package
    screen = importlib.import_module(f"{PACKAGE}.api.screening.screen")
    models = importlib.import_module(f"{PACKAGE}.models")
    request = models.ScreenRequest(
        policy=models.PolicyId(case["policy"]), as_of=date.fromisoformat(case["as_of"]),
        answers=models.Answers.from_dict(case["answers"]),
    )
    with package.Client(base_url=live_server.url, raise_on_unexpected_status=True) as client:
        result = screen.sync(client=client, body=request)
    assert isinstance(result, models.ScreenResult), result
    expect = case["expect"]
    status_since = result.policy.status_since
    assert {"id": result.policy.id, "status": result.policy.status.value,
            "status_since": status_since.isoformat() if status_since else None} == expect["policy"]
    got = {"as_of": result.as_of.isoformat(), "assessment": result.assessment.value,
           **{name: getattr(result, name) for name in CONTRACT_FIELDS if name not in ("as_of", "assessment")}}
    assert got == {name: expect[name] for name in CONTRACT_FIELDS}


def test_the_generated_client_sends_an_empty_relief_list_as_unanswered(client_package, live_server):
    package, _folder = client_package
    screen = importlib.import_module(f"{PACKAGE}.api.screening.screen")
    models = importlib.import_module(f"{PACKAGE}.models")
    with package.Client(base_url=live_server.url) as client:
        empty = screen.sync(client=client, body=models.ScreenRequest(as_of=date(2024, 1, 1), answers=models.Answers(relief=[])))
        left_out = screen.sync(client=client, body=models.ScreenRequest(as_of=date(2024, 1, 1), answers=models.Answers()))
    assert isinstance(empty, models.ScreenResult) and isinstance(left_out, models.ScreenResult)
    assert empty.to_dict() == left_out.to_dict()


def test_the_generated_client_makes_a_resume_code_and_reads_it_back(client_package, live_server):
    package, _folder = client_package
    make = importlib.import_module(f"{PACKAGE}.api.screening.make_resume_code")
    read = importlib.import_module(f"{PACKAGE}.api.screening.read_resume_code")
    models = importlib.import_module(f"{PACKAGE}.models")
    answers = {"court_case": "yes", "has_lawyer": "no", "relief": ["tps"]}
    with package.Client(base_url=live_server.url, raise_on_unexpected_status=True) as client:
        made = make.sync(client=client, body=models.ResumeCodeRequest(policy=models.PolicyId("trasvina-2021"),
                                                                        answers=models.Answers.from_dict(answers)))
        assert isinstance(made, models.ResumeCode), made
        back = read.sync(client=client, body=models.ResumeCodeReading(code=made.code))
        refused = read.sync(client=client, body=models.ResumeCodeReading(code="KG00-0000-0000-0000"))
    assert isinstance(back, models.ResumedAnswers) and back.policy == "trasvina-2021"
    assert back.answers.to_dict() == answers
    assert isinstance(refused, models.ErrorResponse) and refused.error.errors[0].field == "code"
