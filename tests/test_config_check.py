"""The config check (`python -m app.config_check`, `make check-config`): the example deployment passes and shows under
"Who to call" what the running app's result page shows; a broken file is named with its line and the check exits 1.
With no host organization the app says so in one line at start-up, and so does the check.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import httpx
import pytest

from app.referral.config import NO_HOST_ORG
from embed_support import REPO_ROOT, form_data
from html_support import Page

EXAMPLES = REPO_ROOT / "examples"
EXAMPLE_ENV = {
    "PDS_HOST_ORG_FILE": str(EXAMPLES / "host-org.example.yaml"),
    "PDS_PROVIDERS_FILE": str(EXAMPLES / "providers.example.csv"),
    "PDS_PARTNERS_FILE": str(EXAMPLES / "partners.example.yaml"),
    "PDS_EMBED_ORIGINS": "https://www.example.org",
}
ANSWERS = {"court_case": "no", "us_family": "yes"}  # nothing urgent: "Who to call" is the referral block alone


def run_check(env: dict[str, str]) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("PDS_")}
    return subprocess.run([sys.executable, "-m", "app.config_check"], cwd=REPO_ROOT, env={**clean, **env},
                          capture_output=True, text=True, timeout=120)


def who_to_call_sections(output: str) -> dict[str, list[str]]:
    """The check's "Who to call" blocks by their heading ("[es] partner casa-ayuda (?partner=casa-ayuda)")."""
    sections: dict[str, list[str]] = {}
    heading = None
    for line in output.splitlines():
        if line.startswith("["):
            heading = line
            sections[heading] = []
        elif heading and line.startswith("    "):
            sections[heading].append(line.strip())
        else:
            heading = None
    return sections


def call_text(server_url: str, lang: str, partner: str | None) -> str:
    control = {"policy": "doyle-2022", **({"partner": partner} if partner else {})}
    response = httpx.post(f"{server_url}/{lang}/result", data=form_data(ANSWERS, **control), timeout=30)
    assert response.status_code == 200
    return Page(response.text).by_id("call").text


def test_example_files_pass_and_who_to_call_is_what_the_running_app_shows(make_live_server):
    server = make_live_server(env=EXAMPLE_ENV)
    done = run_check(EXAMPLE_ENV)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.rstrip().endswith("No problems found.") and "Traceback" not in done.stderr
    sections = who_to_call_sections(done.stdout)
    assert list(sections) == ["[en] every visit", "[es] every visit", "[en] partner casa-ayuda (?partner=casa-ayuda)",
                              "[es] partner casa-ayuda (?partner=casa-ayuda)"]
    # The host's phone in each language; on the partner's visits, the partner's contact instead.
    # The phone first (issue 24: inside the first screen of a phone), then who they are.
    phone = "(217) 555\u20110100"  # kept on one line (its space a no-break one, read here as a space)
    assert sections["[en] every visit"][:4] == [
        "Who to call", f"Call Example Immigrant Legal Services: {phone}", "Example Immigrant Legal Services",
        "The Department of Justice recognizes this organization. Its accredited representatives may give legal advice."]
    assert sections["[es] every visit"][0] == "A quién llamar" and sections["[es] every visit"][1].endswith(phone)
    assert sections["[en] partner casa-ayuda (?partner=casa-ayuda)"][1].endswith("(312) 555\u20110142")
    assert "Horario: De lunes a viernes, de 9 a. m. a 5 p. m." in sections["[es] partner casa-ayuda (?partner=casa-ayuda)"]
    assert "(partner desk-north has no contact of its own" in done.stdout
    for heading, lines in sections.items():
        lang, partner = heading[1:3], "casa-ayuda" if "partner" in heading else None
        # Word for word, in order, what the result page of the running app shows in its "Who to call" block.
        assert " ".join(lines) in call_text(server.url, lang, partner), heading
    assert NO_HOST_ORG not in server.log_text()
    # The operator's guide shows the same lines for its worked example (docs/operators.md, step 8).
    guide = (REPO_ROOT / "docs" / "operators.md").read_text(encoding="utf-8")
    shown = guide.split("```\n[en] every visit\n", 1)[1].split("```", 1)[0].splitlines()
    assert [line.strip().replace("555-0100", "555\u20110100") for line in shown] == sections["[en] every visit"][:len(shown)]


def write(path: Path, text: str) -> Path:
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_every_problem_is_listed_with_its_file_and_line_and_the_check_exits_1(tmp_path):
    host = write(tmp_path / "host.yaml", """\
        name: "Centro"
        phone: "555-0100"
        doj_recognized: maybe
        """)
    providers = write(tmp_path / "providers.csv", """\
        name,kind,languages,phone,website,address,zip,services,last_verified
        Good Aid,nonprofit,en,217-555-0101,,"1 Main St",62701,Bond,2026-01-01
        Bad Aid,law_firm,en,217-555-0101,,"1 Main St",62701,Bond,2026-01-01
        """)
    partners = write(tmp_path / "partners.yaml", """\
        partners:
          - id: casa
            name: "Casa"
            origins: ["https://casa.example.org/embed"]
            contact:
              name: "Casa"
              phone: "(312) 555-0142"
              doj_recognized: true
              has_attorneys: sometimes
        """)
    done = run_check({"PDS_HOST_ORG_FILE": str(host), "PDS_PROVIDERS_FILE": str(providers),
                      "PDS_PARTNERS_FILE": str(partners), "PDS_DESK_MODE": "maybe"})
    assert done.returncode == 1, done.stdout + done.stderr
    problems = done.stdout.split("problem(s)", 1)[1].splitlines()[1:]
    assert problems == [
        '  PDS_DESK_MODE="maybe" is not valid; allowed: true or false',  # as the app's start-up check says it
        f"  {host}: has_attorneys is missing",
        f"  {host}:2: phone '555-0100' is not a 10-digit US phone number",
        f"  {host}:3: doj_recognized must be true or false, not 'maybe'",
        f"  {providers}:3: kind 'law_firm' is not one of: attorney, doj_recognized, nonprofit, referral_service",
        f"  {partners}:4: partner 'casa': origins: 'https://casa.example.org/embed' is not an origin like "
        "https://www.example.org (scheme, host, optional port; no path)",
        f"  {partners}:9: partner 'casa': contact: has_attorneys must be true or false, not 'sometimes'",
    ]
    assert "Who to call" not in done.stdout and "No problems found" not in done.stdout and "Traceback" not in done.stderr


@pytest.mark.parametrize(("name", "text", "expected"), [
    ("host.toml", 'name = "Centro"\nphone = "217-555-0100"\ndoj_recognized = true\nhas_attorneys = false\n[hours]\nes = ""\n',
     ":5: hours.es must be a non-empty text"),
    ("host.yaml", 'name: "Centro"\nphone: "217-555-0100\n', ":3: is not valid YAML"),
    ("host.yaml", "name: Centro\nphone: 217-555-0100\nname: Again\ndoj_recognized: true\nhas_attorneys: true\n",
     ":3: is not valid YAML: duplicate key 'name'"),
])
def test_host_file_problems_in_toml_or_unreadable_yaml_have_their_line(tmp_path, name, text, expected):
    path = write(tmp_path / name, text)
    done = run_check({"PDS_HOST_ORG_FILE": str(path)})
    assert done.returncode == 1 and f"  {path}{expected}" in done.stdout, done.stdout


def test_without_a_host_organization_the_app_says_so_at_start_up_and_the_check_notes_it(live_server):
    assert live_server.log_text().count(NO_HOST_ORG) == 1, live_server.log_text()
    done = run_check({})
    assert done.returncode == 0
    assert f"Note: {NO_HOST_ORG}" in done.stdout
    every_visit = who_to_call_sections(done.stdout)["[en] every visit"]
    assert not any("Phone:" in line or line.startswith("Call ") for line in every_visit)
    assert " ".join(every_visit) in call_text(live_server.url, "en", None)
