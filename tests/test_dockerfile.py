"""The Dockerfile, read as text (no Docker engine here): non-root, $PORT, catalogs compiled, htmx and fonts in."""

from __future__ import annotations

import json
import shlex
from pathlib import Path

import pytest

from app.settings import Settings
from app.web.factory import HTMX_DIR
from dockerfile_support import instructions

ROOT = Path(__file__).resolve().parents[1]


def final_stage() -> list[tuple[str, str]]:
    steps = instructions()
    last_from = max(i for i, (op, _) in enumerate(steps) if op == "FROM")
    return steps[last_from:]


def test_runtime_is_python_311_slim_and_assets_come_from_a_node_stage():
    froms = [args for op, args in instructions() if op == "FROM"]
    assert froms[0].startswith("node:20-slim AS ") and froms[-1] == "python:3.11-slim"
    runs = " ".join(args for op, args in instructions() if op == "RUN")
    assert "npm ci --omit=dev" in runs


def test_runs_as_a_non_root_user():
    users = [args for op, args in final_stage() if op == "USER"]
    assert users and users[-1] not in ("root", "0") and not users[-1].startswith("0:")
    # The user must exist before it is switched to.
    steps = final_stage()
    created = next(i for i, (op, args) in enumerate(steps) if op == "RUN" and "useradd" in args and users[-1] in args)
    assert created < next(i for i, (op, _) in enumerate(steps) if op == "USER")


def test_one_process_on_port_from_the_environment():
    cmd = [args for op, args in final_stage() if op == "CMD"][-1]
    argv = json.loads(cmd)
    assert argv[:2] == ["sh", "-c"]
    check, _, serve = argv[2].partition(" && ")
    assert shlex.split(check) == ["python", "-m", "app.startup_check"]  # settings checked before any worker starts
    command = shlex.split(serve)
    assert command[:3] == ["exec", "uvicorn", "app.main:app"]
    assert "${PORT:-8000}" in argv[2] and "--host" in command and command[command.index("--host") + 1] == "0.0.0.0"
    assert ("EXPOSE", "8000") in final_stage()


def test_catalogs_are_compiled_before_the_user_switch():
    steps = final_stage()
    compile_at = next(i for i, (op, args) in enumerate(steps) if op == "RUN" and "pybabel compile -d locales -D messages" in args)
    assert compile_at < next(i for i, (op, _) in enumerate(steps) if op == "USER")


def test_fonts_pip_install_and_htmx_where_the_app_looks():
    runs = " ".join(args for op, args in final_stage() if op == "RUN")
    assert "fonts-dejavu-core" in runs and "pip install ." in runs
    assert str(Settings().pdf_font).startswith("/usr/share/fonts/truetype/dejavu/")  # where the Debian package puts it
    copied = [args for op, args in final_stage() if op == "COPY" and args.startswith("--from=")]
    htmx = HTMX_DIR.relative_to(ROOT).as_posix()
    assert any(args.split()[-1] in (htmx, f"./{htmx}") for args in copied), copied


@pytest.mark.parametrize("source", ["pyproject.toml", "README.md", "app", "templates", "locales", "examples",
                                    "package.json", "package-lock.json"])
def test_everything_copied_exists_and_is_not_ignored(source):
    copies = " ".join(args for op, args in instructions() if op == "COPY" and not args.startswith("--from="))
    assert source in copies.split() or source in copies
    assert (ROOT / source).exists()
    ignored = (ROOT / ".dockerignore").read_text(encoding="utf-8").split()
    assert source not in ignored
