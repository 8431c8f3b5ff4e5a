"""Schemathesis against the app's own OpenAPI schema: no server error, no response that breaks the schema."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

CONFIG = Path(__file__).with_name("schemathesis.toml")


def test_schemathesis_finds_no_failure(live_server, tmp_path: Path):
    cli = Path(sys.executable).with_name("schemathesis")
    command = [
        str(cli), "--config-file", str(CONFIG), "run", f"{live_server.url}/api/v1/openapi.json",
        "--checks", "all", "--max-examples", "80", "--workers", "1", "--seed", "20211129",
        "--phases", "examples,coverage,fuzzing",
    ]
    run = subprocess.run(command, capture_output=True, text=True, timeout=600, cwd=tmp_path)
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-2000:]
    assert "Tested: 5" in run.stdout, run.stdout[-3000:]
