"""The deployment's referral files: the providers CSV and the host organization file are checked row by row.

Every bad row is reported with its line number; the check command and the app's refusal to start say the same.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.referral.fields import ReferralConfigError
from app.referral.host_org import load_host_org
from app.referral.providers import load_providers
from app.settings import Settings
from app.web.factory import create_app

REPO_ROOT = Path(__file__).resolve().parents[1]
HEADER = "name,kind,languages,phone,website,address,zip,services,last_verified\n"
GOOD_ROW = 'Good Legal Aid,nonprofit,en;es,(217) 555-0101,https://aid.example.org/,"1 Main St, Springfield",62701,Bond,2026-09-15\n'
HOST_YAML = """name: Example Center
phone: "217-555-0100"
doj_recognized: true
has_attorneys: false
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def check_command(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "app.referral.providers", "check", str(path)],
                          cwd=REPO_ROOT, capture_output=True, text=True, timeout=60)


def problems_of(path: Path) -> list[str]:
    with pytest.raises(ReferralConfigError) as caught:
        load_providers(path)
    return caught.value.problems


BAD_ROWS = {
    "missing_name": (',nonprofit,en,217-555-0101,,"1 Main St",62701,Bond,2026-01-01', "name is empty"),
    "malformed_zip": ('Aid,nonprofit,en,217-555-0101,,"1 Main St",6270,Bond,2026-01-01', "zip '6270' is not a 5-digit ZIP code"),
    "unknown_zip": ('Aid,nonprofit,en,217-555-0101,,"1 Main St",00000,Bond,2026-01-01', "zip '00000' is not a known US ZIP code"),
    "bad_date": ('Aid,nonprofit,en,217-555-0101,,"1 Main St",62701,Bond,2026-02-30', "last_verified '2026-02-30' is not a date"),
    "us_style_date": ('Aid,nonprofit,en,217-555-0101,,"1 Main St",62701,Bond,02/01/2026', "last_verified '02/01/2026' is not a date"),
    "unknown_kind": ('Aid,law_firm,en,217-555-0101,,"1 Main St",62701,Bond,2026-01-01', "kind 'law_firm' is not one of"),
    "short_phone": ('Aid,nonprofit,en,555-0101,,"1 Main St",62701,Bond,2026-01-01', "phone '555-0101' is not a 10-digit US phone number"),
    "phone_with_letters": ('Aid,nonprofit,en,217-555-HELP,,"1 Main St",62701,Bond,2026-01-01', "phone '217-555-HELP' has characters"),
    "url_without_scheme": ('Aid,nonprofit,en,,www.aid.example.org,"1 Main St",62701,Bond,2026-01-01', "website 'www.aid.example.org' is not a web address"),
    "url_not_web": ('Aid,nonprofit,en,,javascript:alert(1),"1 Main St",62701,Bond,2026-01-01', "website 'javascript:alert(1)' is not a web address"),
    "no_way_to_reach": ('Aid,nonprofit,en,,,"1 Main St",62701,Bond,2026-01-01', "give a phone or a website"),
    "unknown_language": ('Aid,nonprofit,en;klingon,217-555-0101,,"1 Main St",62701,Bond,2026-01-01', "language 'klingon' is not a language code"),
    "extra_field": ('Aid,nonprofit,en,217-555-0101,,"1 Main St",62701,Bond,2026-01-01,surplus', "has more fields than the 9 columns"),
}


@pytest.mark.parametrize("kind", BAD_ROWS)
def test_each_kind_of_bad_row_is_reported_with_its_line_number(tmp_path, kind):
    row, expected = BAD_ROWS[kind]
    path = write(tmp_path, "providers.csv", HEADER + GOOD_ROW + GOOD_ROW + row + "\n" + GOOD_ROW)
    problems = problems_of(path)
    assert len(problems) == 1, problems
    assert problems[0].startswith(f"line 4: {expected}"), problems


def test_every_bad_row_is_reported_not_only_the_first(tmp_path):
    rows = [BAD_ROWS[k][0] for k in ("missing_name", "malformed_zip", "bad_date", "unknown_kind", "short_phone", "url_without_scheme")]
    path = write(tmp_path, "providers.csv", HEADER + GOOD_ROW + "\n".join(rows) + "\n")
    problems = problems_of(path)
    assert [p.split(":")[0] for p in problems] == [f"line {n}" for n in range(3, 9)], problems


def test_line_numbers_count_quoted_line_breaks_and_blank_lines(tmp_path):
    multi_line = 'Aid,nonprofit,en,217-555-0101,,"1 Main St\nSuite 2",62701,Bond,2026-01-01\n'
    path = write(tmp_path, "providers.csv", HEADER + multi_line + "\n" + BAD_ROWS["missing_name"][0] + "\n")
    assert problems_of(path) == ["line 5: name is empty"]


def test_a_row_with_several_problems_lists_each(tmp_path):
    path = write(tmp_path, "providers.csv", HEADER + ",firm,en,12,,addr,abc,Bond,yesterday\n")
    problems = problems_of(path)
    assert len(problems) == 5 and all(p.startswith("line 2: ") for p in problems), problems


def test_missing_and_unknown_columns_are_reported_on_line_1(tmp_path):
    path = write(tmp_path, "providers.csv", "name,kind,zip_code\nAid,nonprofit,62701\n")
    problems = problems_of(path)
    assert "line 1: missing column 'zip'" in problems and "line 1: unknown column 'zip_code'" in problems


def test_a_file_that_is_not_utf8_is_reported(tmp_path):
    path = tmp_path / "providers.csv"
    path.write_bytes((HEADER + GOOD_ROW.replace("Good", "Señora")).encode("latin-1"))
    assert "is not UTF-8" in problems_of(path)[0]


def test_good_file_loads_with_locations_and_a_spreadsheet_bom(tmp_path):
    path = tmp_path / "providers.csv"
    path.write_bytes(b"\xef\xbb\xbf" + (HEADER + GOOD_ROW).encode("utf-8"))
    (provider,) = load_providers(path)
    assert provider.name == "Good Legal Aid" and provider.line == 2
    assert provider.phone == "2175550101" and provider.languages == ("en", "es")
    assert provider.location == pytest.approx((39.8, -89.6), abs=0.2)


def test_the_example_files_are_valid():
    assert len(load_providers(REPO_ROOT / "examples" / "providers.example.csv")) >= 3
    host = load_host_org(REPO_ROOT / "examples" / "host-org.example.yaml")
    assert host.name and host.phone and host.hours_in("es") != host.hours_in("en")


def test_check_command_prints_each_bad_row_and_exits_1(tmp_path):
    path = write(tmp_path, "providers.csv", HEADER + GOOD_ROW + BAD_ROWS["missing_name"][0] + "\n" + BAD_ROWS["bad_date"][0] + "\n")
    run = check_command(path)
    assert run.returncode == 1, run
    assert "line 3: name is empty" in run.stdout and "line 4: last_verified" in run.stdout, run.stdout
    with pytest.raises(ReferralConfigError) as caught:
        load_providers(path)
    assert run.stdout.strip() == str(caught.value)


def test_check_command_accepts_a_good_file(tmp_path):
    run = check_command(write(tmp_path, "providers.csv", HEADER + GOOD_ROW))
    assert run.returncode == 0 and "is valid: 1 providers" in run.stdout, run


def test_check_command_without_a_path_shows_usage():
    run = subprocess.run([sys.executable, "-m", "app.referral.providers"], cwd=REPO_ROOT, capture_output=True, text=True, timeout=60)
    assert run.returncode == 2 and "usage:" in run.stderr


def test_app_refuses_to_start_on_a_bad_providers_file_with_the_check_message(tmp_path):
    path = write(tmp_path, "providers.csv", HEADER + BAD_ROWS["unknown_kind"][0] + "\n")
    expected = check_command(path).stdout.strip()
    with pytest.raises(ReferralConfigError) as caught:
        create_app(Settings(providers_file=path))
    assert str(caught.value) == expected
    env = {**os.environ, "PDS_PROVIDERS_FILE": str(path)}
    server = subprocess.run([sys.executable, "-m", "uvicorn", "app.main:app", "--port", "0"], cwd=REPO_ROOT, env=env,
                            capture_output=True, text=True, timeout=60)
    assert server.returncode != 0
    assert expected in server.stderr + server.stdout


HOST_PROBLEMS = {
    "no_name": (HOST_YAML.replace("name: Example Center\n", ""), "name is missing"),
    "bad_phone": (HOST_YAML.replace("217-555-0100", "555-0100"), "phone '555-0100' is not a 10-digit US phone number"),
    "not_a_boolean": (HOST_YAML.replace("doj_recognized: true", "doj_recognized: maybe"), "doj_recognized must be true or false"),
    "unknown_field": (HOST_YAML + "fax: 1\n", "fax is not a known field"),
    "bad_email": (HOST_YAML + "email: help-at-example\n", "email 'help-at-example' is not an e-mail address"),
    "bad_website": (HOST_YAML + "website: example.org\n", "website 'example.org' is not a web address"),
    "languages_not_a_list": (HOST_YAML + "languages: en es\n", "languages must be a list"),
    "duplicate_key": (HOST_YAML + "name: Again\n", "is not valid YAML"),
}


@pytest.mark.parametrize("kind", HOST_PROBLEMS)
def test_bad_host_org_file_is_refused_with_what_is_wrong(tmp_path, kind):
    text, expected = HOST_PROBLEMS[kind]
    path = write(tmp_path, "host.yaml", text)
    with pytest.raises(ReferralConfigError) as caught:
        load_host_org(path)
    assert any(expected in p for p in caught.value.problems), caught.value.problems
    with pytest.raises(ReferralConfigError) as at_start:
        create_app(Settings(host_org_file=path))
    assert str(at_start.value) == str(caught.value)


def test_host_org_file_may_be_toml(tmp_path):
    path = write(tmp_path, "host.toml", 'name = "Centro"\nphone = "+1 217 555 0100"\ndoj_recognized = false\n'
                 'has_attorneys = true\nlanguages = ["es", "en"]\nhours = "9-5"\n')
    host = load_host_org(path)
    assert (host.name, host.phone, host.doj_recognized, host.has_attorneys, host.languages) == ("Centro", "2175550100", False, True, ("es", "en"))
    assert host.hours_in("es") == "9-5"


def test_host_org_file_of_another_type_is_refused(tmp_path):
    with pytest.raises(ReferralConfigError, match="must end in .yaml, .yml or .toml"):
        load_host_org(write(tmp_path, "host.json", "{}"))
