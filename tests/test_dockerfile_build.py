"""The Dockerfile passes hadolint, and is built here the way an engine would build it, where there is none:
each stage in a scratch folder standing for its filesystem, COPY honouring .dockerignore, its RUN steps run for
real (npm ci, pip install ., catalog compile), then the image's CMD and HEALTHCHECK run as the image's user."""

from __future__ import annotations

import fnmatch
import importlib.metadata
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

from process_support import free_port, healthz_ok
from dockerfile_support import ROOT, instructions

HADOLINT = Path(sys.executable).parent / "hadolint"
# RUN steps that change the system rather than the image's files: checked against this machine instead.
SYSTEM_STEP = re.compile(r"^(apt-get |groupadd |useradd )")


def hadolint(dockerfile: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(HADOLINT), "--config", str(ROOT / ".hadolint.yaml"), "--no-color", str(dockerfile)],
                          capture_output=True, text=True, timeout=60)


def test_hadolint_passes():
    done = hadolint(ROOT / "Dockerfile")
    assert done.returncode == 0, done.stdout + done.stderr


def test_hadolint_still_catches_what_it_should(tmp_path):
    bad = tmp_path / "Dockerfile"
    bad.write_text("FROM python:latest\nRUN cd /app && pip install flask\nCMD python app.py\n", encoding="utf-8")
    done = hadolint(bad)
    assert done.returncode != 0 and {"DL3007", "DL3003", "DL3025"} <= set(re.findall(r"DL\d{4}", done.stdout)), done.stdout


def runs_as(uid: str) -> list[str]:
    """The prefix that runs a command as the image's numeric user (as Kubernetes' runAsUser), when we are root."""
    return ["setpriv", f"--reuid={uid}", f"--regid={uid}", "--clear-groups"] if os.geteuid() == 0 else []


def image_python(uid: str) -> str:
    """A Python 3.11 the image's user can run: this one, unless it lives in root's private home; else Debian's."""
    for candidate in (sys._base_executable, "/usr/bin/python3.11"):
        # Through sh, as the CMD runs it: sh refuses a program behind a folder the user may not enter.
        probe = [*runs_as(uid), "sh", "-c", 'exec "$0" -c "import venv, ensurepip"', candidate]
        if Path(candidate).exists() and subprocess.run(probe, capture_output=True).returncode == 0:
            return candidate
    raise AssertionError(f"no Python 3.11 that uid {uid} may run (install Debian's python3.11-venv)")


def ignored(relative: str, patterns: list[str]) -> bool:
    parts = relative.split("/")
    for pattern in patterns:
        if fnmatch.fnmatch(relative, pattern) or fnmatch.fnmatch(parts[0], pattern):
            return True
        if pattern.startswith("**/") and any(fnmatch.fnmatch(part, pattern[3:]) for part in parts):
            return True
    return False


@dataclass
class Stage:
    root: Path  # stands for the stage's filesystem "/"
    workdir: str = "/"
    env: dict[str, str] = field(default_factory=dict)

    def path(self, inside: str) -> Path:
        return self.root / (Path(self.workdir) / inside).relative_to("/")


@dataclass
class Image:
    stages: dict[str, Stage]
    final: Stage
    user: str
    cmd: list[str]
    healthcheck: list[str]
    system_steps: list[str]


def copy_into(sources: list[Path], destination: Path, relative_to: Path, patterns: list[str]) -> None:
    for source in sources:
        if source.is_dir():
            for item in sorted(source.rglob("*")):
                relative = item.relative_to(relative_to).as_posix()
                if item.is_file() and not ignored(relative, patterns):
                    target = destination / item.relative_to(source)
                    target.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copy2(item, target)
        else:
            assert not ignored(source.relative_to(relative_to).as_posix(), patterns), source
            destination.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, destination / source.name)


def build(scratch: Path) -> Image:
    """Runs the Dockerfile's steps; each FROM must be a runtime this machine has (python 3.11, node 20)."""
    users = [args for op, args in instructions() if op == "USER"]
    assert users and users[-1].isdigit(), users
    patterns = [line.strip() for line in (ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines()
                if line.strip() and not line.startswith("#")]
    venv = scratch / "python"  # the python:3.11-slim stage's interpreter and its site-packages
    # The base image comes with pip; ours is put in from this environment's (ensurepip is slow to compile).
    subprocess.run([image_python(users[-1]), "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    subprocess.run([sys.executable, "-m", "pip", "--python", str(venv / "bin" / "python"), "install", "-q", "--no-compile",
                    f"pip=={importlib.metadata.version('pip')}"], check=True, timeout=300)
    stages: dict[str, Stage] = {}
    stage, user, cmd, healthcheck, system_steps = None, "root", [], [], []
    for op, args in instructions():
        if op == "FROM":
            image, _, name = args.partition(" AS ")
            if image.startswith("node:"):
                version = subprocess.run(["node", "--version"], capture_output=True, text=True, check=True).stdout
                assert version.startswith(f"v{image.split(':')[1].split('-')[0]}."), (image, version)
            else:
                assert image == f"python:{sys.version_info.major}.{sys.version_info.minor}-slim", image
            # HOME stays ours: pip's and npm's download caches live there (the engine has its own layer cache).
            stage = Stage(scratch / (name.strip() or "final"), env={"PATH": f"{venv / 'bin'}:{os.environ['PATH']}",
                                                                    "HOME": os.environ.get("HOME", "/root")})
            stages[name.strip() or "final"] = stage
        elif op == "WORKDIR":
            stage.workdir = args
            stage.path(".").mkdir(parents=True, exist_ok=True)
        elif op == "ENV":
            stage.env.update(dict(item.split("=", 1) for item in shlex.split(args)))
        elif op == "COPY":
            words = args.split()
            if words[0].startswith("--from="):
                origin = stages[words[0].split("=", 1)[1]]
                copy_into([origin.root / Path(src).relative_to("/") for src in words[1:-1]], stage.path(words[-1]),
                          origin.root, [])
            else:
                copy_into([ROOT / src for src in words[:-1]], stage.path(words[-1]), ROOT, patterns)
        elif op == "RUN":
            if SYSTEM_STEP.match(args):
                system_steps.append(args)
                continue
            assert not re.search(r"(^|\s)/", args), f"a RUN step that writes outside the image's files: {args}"
            # pip's cache only makes a download faster: leave it on here (the image turns it off to stay small).
            env = {k: v for k, v in stage.env.items() if k != "PIP_NO_CACHE_DIR"}
            done = subprocess.run(["sh", "-c", args], cwd=stage.path("."), env=env, capture_output=True, text=True,
                                  timeout=600)
            assert done.returncode == 0, (args, done.stdout[-2000:], done.stderr[-3000:])
        elif op == "USER":
            user = args
        elif op == "CMD":
            cmd = json.loads(args)
        elif op == "HEALTHCHECK":
            healthcheck = json.loads(args[args.index("CMD ") + 4:])
        else:
            assert op in ("EXPOSE",), f"no emulation for {op}: extend this test"
    return Image(stages, stage, user, cmd, healthcheck, system_steps)


@pytest.fixture(scope="module")
def image():
    # World-readable (pytest's own temporary folder is not), so the image's user can read its files.
    scratch = Path(tempfile.mkdtemp(prefix="pd-screener-image-"))
    scratch.chmod(0o755)
    try:
        yield build(scratch)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def test_system_steps_are_the_font_package_and_the_image_user(image):
    packages = [word for step in image.system_steps if "apt-get install" in step
                for word in step.split("apt-get install", 1)[1].split("&&")[0].split() if not word.startswith("-")]
    assert packages == ["fonts-dejavu-core"]
    for package in packages:
        status = subprocess.run(["dpkg-query", "-W", "-f=${Status}", package], capture_output=True, text=True)
        assert status.stdout == "install ok installed", package
    assert any(f"--uid {image.user}" in step for step in image.system_steps if step.startswith("groupadd") or "useradd" in step)


def test_the_built_files_are_where_the_app_looks(image):
    app = image.final.path(".")
    assert (app / "node_modules" / "htmx.org" / "dist" / "htmx.min.js").is_file()
    assert not (app / "node_modules" / "axe-core").exists()  # dev tools are left out
    assert (app / "locales" / "es" / "LC_MESSAGES" / "messages.mo").is_file()
    assert not (app / "tests").exists() and not list(app.rglob("__pycache__"))


def image_command(image: Image) -> list[str]:
    """The CMD as it runs here: its --app-dir is the image's folder, and it listens on loopback only."""
    workdir = image.final.workdir
    argv = [word.replace(f"--app-dir {workdir}", f"--app-dir {image.final.path('.')}").replace("--host 0.0.0.0", "--host 127.0.0.1")
            for word in image.cmd]
    assert argv != image.cmd, "the CMD no longer names its --app-dir and --host as expected"
    return argv


def test_the_image_command_serves_the_app_as_its_user_and_its_healthcheck_passes(image):
    port = free_port()
    argv = image_command(image)
    as_user = runs_as(image.user)  # its files are root's, so read-only to it, as in the pod
    before = files_of(image.final.root)
    env = {**image.final.env, "PORT": str(port), "HOME": "/nonexistent"}
    log = image.final.root / "server.log"
    with open(log, "wb") as out:  # an engine runs the CMD in the WORKDIR
        server = subprocess.Popen([*as_user, *argv], cwd=image.final.path("."), env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 30
        while not healthz_ok(f"http://127.0.0.1:{port}"):
            assert server.poll() is None and time.monotonic() < deadline, log.read_text()
            time.sleep(0.2)
        health = httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=10).json()
        assert health["languages"] == ["en", "es"] and health["status"] == "ok"
        assert "Antes de empezar" in httpx.get(f"http://127.0.0.1:{port}/es/", timeout=10).text
        pdf = httpx.post(f"http://127.0.0.1:{port}/en/result.pdf", data={"court_case": "no"}, timeout=30)
        assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
        check = subprocess.run([*as_user, *image.healthcheck], env=env, capture_output=True, text=True, timeout=30)
        assert check.returncode == 0, check.stderr
    finally:
        server.terminate()
        server.wait(timeout=15)
    assert "Traceback" not in log.read_text()
    # Nothing written beside the app (a read-only root filesystem in the pod): only this test's server log.
    assert files_of(image.final.root) - before <= {(log.as_posix(), log.stat().st_mtime_ns)}


def test_a_bad_setting_ends_the_image_command_with_one_line_even_with_two_workers(image):
    env = {**image.final.env, "PORT": str(free_port()), "HOME": "/nonexistent", "WEB_CONCURRENCY": "2",
           "PDS_DESK_MODE": "maybe"}
    done = subprocess.run([*runs_as(image.user), *image_command(image)], cwd=image.final.path("."), env=env,
                          capture_output=True, text=True, timeout=60)  # uvicorn would restart its workers for ever
    assert done.returncode == 1, done.stderr
    assert done.stderr.splitlines() == [done.stderr.strip()] and "PDS_DESK_MODE=\"maybe\"" in done.stderr, done.stderr
    assert "Uvicorn running" not in done.stdout + done.stderr


def files_of(root: Path) -> set[tuple[str, int]]:
    return {(path.as_posix(), path.stat().st_mtime_ns) for path in root.rglob("*") if path.is_file()}
