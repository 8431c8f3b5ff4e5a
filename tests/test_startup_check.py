"""Bad settings are refused before anything is served (issue 26): exit code 1 and one line naming the variable, its
value and what is allowed, never a traceback; from `python -m app.startup_check` (what `make run` and the image run
first), from the app's own start, and with several workers, where uvicorn would otherwise restart them for ever."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from fontTools import subset
from fontTools.ttLib import TTFont

from app.errors import StartupError
from app.settings import Settings, get_settings
from app.startup_check import ALLOWED, PREFIX, problems, settings_problems
from app.web.factory import create_app
from process_support import REPO_ROOT, free_port

# The issue's cases, then the other settings a type alone does not check.
BAD = [
    ("PDS_DEFAULT_LANGUAGE", "xx"),
    ("PDS_TODAY", "2025-13-45"),
    ("PDS_MAX_BODY_BYTES", "10"),
    ("PDS_EMBED_ORIGINS", "javascript:alert(1)"),
    ("PDS_DESK_MODE", "maybe"),
    ("PDS_PDF_FONT", "README.md"),
    ("PDS_LOCALES_DIR", "/nope"),
    ("PDS_PDF_FONT_BOLD", "/nope/DejaVuSans-Bold.ttf"),
    ("PDS_PDF_BUILDS", "0"),
    ("PDS_BODY_TIMEOUT", "forever"),
    ("PDS_TRUSTED_PROXIES", "10.0.0.1/8"),
    ("PDS_QUICK_EXIT_URL", "javascript:alert(1)"),
    ("PDS_PUBLIC_URL", "screener.example.org"),
    ("PDS_HTTPS_REDIRECT", "sometimes"),
    ("PDS_TEMPLATES_DIR", "/nope"),
    ("PDS_POLICY_DATA_DIR", "/nope"),
    ("PDS_PARTNERS_FILE", "/nope/partners.yaml"),
]
ISSUE_CASES = BAD[:7]
DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def clean_env(**settings: str) -> dict[str, str]:
    """This environment without any PDS_ setting of its own, plus `settings`."""
    return {**{k: v for k, v in os.environ.items() if not k.startswith("PDS_")}, "PYTHONUNBUFFERED": "1", **settings}


def run(command: list[str], **settings: str) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=REPO_ROOT, env=clean_env(**settings), capture_output=True, text=True,
                          timeout=120, stdin=subprocess.DEVNULL)


CHECK = [sys.executable, "-m", "app.startup_check"]


def serve() -> list[str]:
    return [sys.executable, "-m", "uvicorn", "app.main:app", "--host", "127.0.0.1", "--port", str(free_port()),
            "--no-proxy-headers"]


def assert_refused(done: subprocess.CompletedProcess, name: str, value: str) -> None:
    lines = done.stderr.strip().splitlines()
    assert done.returncode == 1, (done.returncode, done.stderr)
    assert 1 <= len(lines) <= 3 and "Traceback" not in done.stderr, done.stderr
    assert lines[0].startswith(PREFIX + f"{name}={json.dumps(value, ensure_ascii=False)} "), lines[0]
    assert "; allowed: " in lines[0], lines[0]


@pytest.mark.parametrize("name, value", ISSUE_CASES, ids=[name for name, _ in ISSUE_CASES])
def test_the_check_refuses_a_bad_setting_in_one_line(name, value):
    assert_refused(run(CHECK, **{name: value}), name, value)


@pytest.fixture
def environment(monkeypatch):
    """Sets PDS_ variables for `problems()` in this process (the settings are read once, so read afresh)."""
    for key in [k for k in os.environ if k.startswith("PDS_")]:
        monkeypatch.delenv(key)
    get_settings.cache_clear()
    yield monkeypatch.setenv
    get_settings.cache_clear()


@pytest.mark.parametrize("name, value", BAD[len(ISSUE_CASES):], ids=[name for name, _ in BAD[len(ISSUE_CASES):]])
def test_every_other_bad_setting_is_refused_in_one_line(environment, name, value):
    environment(name, value)
    found = problems()
    assert len(found) == 1 and found[0].startswith(f"{name}={json.dumps(value)} ") and "; allowed: " in found[0], found


@pytest.mark.parametrize("name, value", ISSUE_CASES, ids=[name for name, _ in ISSUE_CASES])
def test_the_app_itself_refuses_a_bad_setting_in_the_same_line(environment, name, value):
    started = run(serve(), **{name: value})
    assert_refused(started, name, value)
    environment(name, value)
    assert started.stderr.strip().splitlines() == [PREFIX + line for line in problems()]
    assert "Uvicorn running" not in started.stderr + started.stdout


def test_the_deployment_as_shipped_passes_in_silence():
    done = run(CHECK)
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")
    assert problems() == []


def test_each_bad_setting_gets_its_own_line():
    done = run(CHECK, PDS_TODAY="someday", PDS_DESK_MODE="maybe", PDS_DEFAULT_LANGUAGE="xx")
    assert done.returncode == 1
    named = sorted(line.split("=", 1)[0].removeprefix(PREFIX) for line in done.stderr.splitlines())
    assert named == ["PDS_DESK_MODE", "PDS_TODAY"]  # the language is checked once the settings can be read


def test_make_run_with_two_workers_ends_on_a_bad_setting_instead_of_restarting_them():
    done = subprocess.run(["make", "run", f"PORT={free_port()}"], cwd=REPO_ROOT, capture_output=True, text=True,
                          timeout=120, stdin=subprocess.DEVNULL, env=clean_env(PDS_DESK_MODE="maybe", WEB_CONCURRENCY="2"))
    assert done.returncode != 0
    lines = done.stderr.strip().splitlines()
    assert lines[0].startswith(PREFIX + 'PDS_DESK_MODE="maybe" ') and len(lines) <= 3, done.stderr  # and make's own line
    assert "Uvicorn running" not in done.stderr + done.stdout and "Traceback" not in done.stderr


def test_create_app_refuses_with_the_lines_the_check_prints():
    with pytest.raises(StartupError) as refused:
        create_app(Settings(default_language="fr", quick_exit_url="ftp://example.org"))
    lines = str(refused.value).splitlines()
    assert [line.split("=", 1)[0] for line in lines] == ["PDS_DEFAULT_LANGUAGE", "PDS_QUICK_EXIT_URL"]
    assert "one of the languages on offer: en, es" in lines[0]


def test_a_font_without_the_letters_of_the_catalogs_is_refused_naming_them(tmp_path):
    ascii_only = tmp_path / "ascii.ttf"
    font = TTFont(DEJAVU)
    subsetter = subset.Subsetter()
    subsetter.populate(unicodes=range(0x20, 0x7F))
    subsetter.subset(font)
    font.save(ascii_only)
    found = settings_problems(Settings(pdf_font=ascii_only))
    assert len(found) == 1 and found[0].startswith(f'PDS_PDF_FONT="{ascii_only}" lacks '), found
    assert "ñ (U+00F1)" in found[0] or "á (U+00E1)" in found[0]  # letters of the Spanish catalog
    assert settings_problems(Settings(pdf_font=DEJAVU)) == []


def test_a_file_that_is_not_a_font_is_refused(tmp_path):
    fake = tmp_path / "fake.ttf"
    fake.write_bytes(b"not a font at all")
    found = settings_problems(Settings(pdf_font_bold=fake))
    assert len(found) == 1 and found[0].startswith(f'PDS_PDF_FONT_BOLD="{fake}" is not a font that can be read'), found


def write_catalog(folder: Path, lang: str, *, compiled: bool = True, damaged: bool = False) -> None:
    target = folder / lang / "LC_MESSAGES"
    target.mkdir(parents=True)
    (target / "messages.po").write_text('msgid ""\nmsgstr ""\n', encoding="utf-8")
    if damaged:
        (target / "messages.mo").write_bytes(b"\x00" * 40)
    elif compiled:
        with (target / "messages.mo").open("wb") as handle:
            write_mo(handle, Catalog(locale=lang))


@pytest.mark.parametrize("catalogs, problem", [
    ({"fr": {}}, "has no catalog for es"),
    ({"es": {}, "fr": {"compiled": False}}, "has no compiled catalog for fr"),
    ({"es": {}, "fr": {"damaged": True}}, "has a fr catalog that does not load"),
    ({"es": {}, "zz_QQ": {}}, "has zz_QQ/, which is no language code Babel knows"),
])
def test_every_language_of_the_locales_folder_must_load_and_spanish_must_be_there(tmp_path, catalogs, problem):
    for lang, how in catalogs.items():
        write_catalog(tmp_path, lang, **how)
    found = settings_problems(Settings(locales_dir=tmp_path))
    assert len(found) == 1 and found[0].startswith(f'PDS_LOCALES_DIR="{tmp_path}" {problem}'), found


def test_a_third_language_that_loads_is_offered(tmp_path):
    write_catalog(tmp_path, "es")
    write_catalog(tmp_path, "fr")
    assert settings_problems(Settings(locales_dir=tmp_path, default_language="fr")) == []


def test_every_setting_says_what_it_allows():
    assert set(ALLOWED) == set(Settings.model_fields)
