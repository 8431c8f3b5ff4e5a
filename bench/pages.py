"""Pages and API against the framework floor, side by side in one run (a benchmark, never a timed test).

    .venv/bin/python bench/pages.py [--seconds 6] [--connections 50]

1. Starts the app (one uvicorn worker pinned to core 0) and walks the questionnaire over HTTP as a browser would
   without JavaScript, with answers that show every section of the result (tests/embed_support.RICH_ANSWERS): the start page, every question page, the check page and the
   result, plus the JSON API. The requests it replays are the ones that walk made.
2. Starts the floor (`bench/floor.py`: a bare FastAPI app that answers the same requests with the bytes the app
   sent) with the same uvicorn flags on the same core.
3. Drives both with wrk (Debian package) pinned to core 1, page by page, and prints for each page the two rates,
   their ratio, the app's p99 latency, and the app worker's resident memory after the load.
4. Runs the app again with two workers (WEB_CONCURRENCY=2, as the Docker image takes it; no pinning) and prints
   its rate for each page.
Only loopback addresses are used; every load is bounded in time.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlencode

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]
from embed_support import RICH_ANSWERS  # noqa: E402 - every section of the result shows for these answers

UVICORN_FLAGS = ["--host", "127.0.0.1", "--no-access-log"]  # as the Docker image runs it (less its host)
FORM = "application/x-www-form-urlencoded"


@dataclass
class Recorded:
    name: str
    method: str
    path: str
    body: bytes
    content_type: str | None
    status: int = 0
    response_headers: dict | None = None
    response_body: bytes = b""


class Forms(HTMLParser):
    """Every form of a page: its attributes, hidden and choice inputs, and submit buttons."""

    def __init__(self, html: str):
        super().__init__()
        self.forms: list[dict] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.forms.append({**a, "hidden": [], "choices": [], "buttons": []})
        elif self.forms and tag == "input":
            kind = a.get("type", "text")
            if kind == "hidden":
                self.forms[-1]["hidden"].append((a.get("name", ""), a.get("value", "")))
            elif kind in ("radio", "checkbox"):
                self.forms[-1]["choices"].append((a.get("name", ""), a.get("value", "")))
        elif self.forms and tag == "button" and a.get("type", "submit") == "submit":
            self.forms[-1]["buttons"].append(a)

    def named(self, css_class: str) -> dict | None:
        return next((f for f in self.forms if css_class in f.get("class", "").split()), None)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(target: list[str], port: int, *, env: dict | None = None, cpu: str | None = "0") -> subprocess.Popen:
    cmd = [sys.executable, "-m", "uvicorn", *target, *UVICORN_FLAGS, "--port", str(port)]
    if cpu is not None and shutil.which("taskset"):
        cmd = ["taskset", "-c", cpu, *cmd]
    # The server's output goes to a file: a pipe nobody reads fills up and then stalls the server mid-request.
    log = tempfile.NamedTemporaryFile(prefix="bench-server-", suffix=".log", delete=False)
    proc = subprocess.Popen(cmd, cwd=ROOT, env={**os.environ, **(env or {})}, stdout=log, stderr=subprocess.STDOUT)
    proc.log_path = Path(log.name)  # type: ignore[attr-defined]
    log.close()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"server {target} exited: {proc.log_path.read_text(errors='replace')}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return proc
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit(f"server {target} did not start")


def stop(proc: subprocess.Popen) -> str:
    """Stop a server; returns what it logged (and removes the log)."""
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)
    path: Path = proc.log_path  # type: ignore[attr-defined]
    text = path.read_text(errors="replace")
    path.unlink(missing_ok=True)
    return text


def submit(client: httpx.Client, name: str, form: dict, pairs: list[tuple[str, str]]) -> tuple[Recorded, httpx.Response]:
    body = urlencode(pairs).encode()
    response = client.post(form["action"], content=body, headers={"Content-Type": FORM})
    return Recorded(name, "POST", form["action"], body, FORM), response


def walk(base: str, answers: dict) -> list[Recorded]:
    """The requests a person's browser makes (without JavaScript) from the start page to the result, and the API."""
    steps: list[Recorded] = []
    with httpx.Client(base_url=base, headers={"Accept-Encoding": "identity"}) as client:
        response = client.get("/en/")
        response.raise_for_status()
        steps.append(Recorded("start", "GET", "/en/", b"", None))
        forms = Forms(response.text)
        record, response = submit(client, "question", forms.named("start-form"), forms.named("start-form")["hidden"])
        questions = [record]
        for _ in range(80):
            response.raise_for_status()
            forms = Forms(response.text)
            check = forms.named("check-form")
            if check:
                questions[-1].name = "check"
                steps += questions[len(questions) // 2 - 1: len(questions) // 2] + [questions[-1]]
                result, response = submit(client, "result", check, check["hidden"])
                response.raise_for_status()
                steps.append(result)
                break
            flow = forms.named("flow-form")
            names = dict.fromkeys(name for name, _ in flow["choices"])
            chosen = [(n, v) for n in names for v in ([answers[n]] if isinstance(answers.get(n), str) else answers.get(n, []))]
            next_button = next(b for b in flow["buttons"] if b.get("value") == "next")
            record, response = submit(client, "question", flow, flow["hidden"] + chosen + [(next_button["name"], "next")])
            questions.append(record)
        else:
            raise SystemExit("the walk never reached the check page")
        body = json.dumps({"answers": answers}).encode()
        steps.append(Recorded("api", "POST", "/api/v1/screen", body, "application/json"))
        for step in steps:  # what the app answered, for the floor to send back
            r = client.request(step.method, step.path, content=step.body or None,
                               headers={"Content-Type": step.content_type} if step.content_type else {})
            step.status, step.response_body = r.status_code, r.content
            step.response_headers = {k: v for k, v in r.headers.items() if k.lower() in ("content-type", "cache-control")}
            assert r.status_code == 200, (step.name, r.status_code)
    return steps


def wrk_script(step: Recorded, folder: Path) -> Path:
    path = folder / f"{step.name}.lua"
    lines = [f'wrk.method = "{step.method}"']
    if step.body:
        lines.append(f"wrk.body = [==[{step.body.decode()}]==]")
        lines.append(f'wrk.headers["Content-Type"] = "{step.content_type}"')
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3}


def run_wrk(url: str, script: Path, seconds: float, connections: int, cpu: str | None = "1") -> tuple[float, float, int]:
    """(requests per second, p99 in ms, responses that were not 2xx/3xx or failed)."""
    cmd = ["wrk", "-t1", f"-c{connections}", f"-d{max(1, round(seconds))}s", "--latency", "-s", str(script), url]
    if cpu is not None and shutil.which("taskset"):
        cmd = ["taskset", "-c", cpu, *cmd]
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=seconds + 30).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", out)
    bad = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses: (\d+)", out))
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    bad += sum(int(n) for n in errors.groups()) if errors else 0
    return rate, float(p99.group(1)) * UNITS[p99.group(2)], bad


def rss_mb(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1)) / 1024


def worker_pids(parent: int) -> list[int]:
    """uvicorn's worker processes (not multiprocessing's resource tracker)."""
    children = Path(f"/proc/{parent}/task/{parent}/children")
    pids = [int(p) for p in children.read_text().split()] if children.exists() else []
    return [p for p in pids if b"resource_tracker" not in Path(f"/proc/{p}/cmdline").read_bytes()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=6)
    parser.add_argument("--connections", type=int, default=50)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is needed: apt-get install wrk")
    env = {"PDS_TODAY": "2026-11-23"}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        port = free_port()
        logs: dict[str, str] = {}
        app = start_server(["app.main:app"], port, env=env)
        try:
            steps = walk(f"http://127.0.0.1:{port}", RICH_ANSWERS)
            recording = folder / "recording.json"
            recording.write_text(json.dumps([
                {"method": s.method, "path": s.path, "request": base64.b64encode(s.body).decode(), "status": s.status, "headers": s.response_headers,
                 "body": base64.b64encode(s.response_body).decode()} for s in steps]), encoding="utf-8")
            scripts = {s.name: wrk_script(s, folder) for s in steps}
            floor_port = free_port()
            floor = start_server(["--app-dir", "bench", "floor:app"], floor_port,
                                 env={"PDS_BENCH_RECORDING": str(recording)})
            rows = []
            try:
                for step in steps:
                    results = {}
                    for which, p in (("app", port), ("floor", floor_port)):
                        url = f"http://127.0.0.1:{p}{step.path}"
                        run_wrk(url, scripts[step.name], 1, args.connections)  # warm up
                        results[which] = run_wrk(url, scripts[step.name], args.seconds, args.connections)
                    rows.append((step, results))
            finally:
                logs["floor"] = stop(floor)
            rss = rss_mb(app.pid)
        finally:
            logs["app"] = stop(app)

        two = {}
        port2 = free_port()
        app2 = start_server(["app.main:app"], port2, env={**env, "WEB_CONCURRENCY": "2"}, cpu=None)  # as in Docker
        try:
            time.sleep(1.5)  # both workers up
            for step in steps:
                url = f"http://127.0.0.1:{port2}{step.path}"
                run_wrk(url, scripts[step.name], 1, args.connections, cpu=None)
                two[step.name] = run_wrk(url, scripts[step.name], args.seconds, args.connections, cpu=None)
            rss2 = [rss_mb(pid) for pid in worker_pids(app2.pid)]
        finally:
            logs["two workers"] = stop(app2)

    print(f"{args.connections} connections, {args.seconds:g} s a page; "
          "app and floor: one uvicorn worker on core 0, wrk on core 1")
    print(f"{'page':<10}{'bytes':>8}{'app req/s':>11}{'floor req/s':>13}{'ratio':>7}{'app p99':>10}"
          f"{'floor p99':>11}{'errors':>8}{'2 workers req/s':>17}")
    for step, results in rows:
        (rate, p99, bad), (floor_rate, floor_p99, floor_bad) = results["app"], results["floor"]
        print(f"{step.name:<10}{len(step.response_body):>8}{rate:>11,.0f}{floor_rate:>13,.0f}{rate / max(floor_rate, 1e-9):>7.2f}"
              f"{p99:>8.1f}ms{floor_p99:>9.1f}ms{bad + floor_bad:>8}{two[step.name][0]:>17,.0f}")
    print(f"app worker RSS after the load: {rss:.1f} MB (one worker); "
          f"{', '.join(f'{r:.1f}' for r in rss2)} MB (two workers)")
    print("tracebacks the servers logged: " + ", ".join(f"{k} {v.count('Traceback')}" for k, v in logs.items()))


if __name__ == "__main__":
    main()
