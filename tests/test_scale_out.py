"""Scale-out, for real: Debian's nginx with deploy/nginx/pd-screener.conf (only its ports and certificate changed)
in front of three uvicorn processes, all on loopback. Under a bounded load of the questionnaire flow and the API
over HTTPS, one process is killed (SIGKILL, between turns of its event loop: see kill_while_waiting) and another
restarted (SIGTERM, then started again): no request fails, and the process given SIGTERM finishes the request it
holds before it exits."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import ssl
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

import httpx
import pytest
import trustme

from app.policy import load_packs
from app.settings import Settings

from process_support import REPO_ROOT, free_port, healthz_ok

EXAMPLE = REPO_ROOT / "deploy" / "nginx" / "pd-screener.conf"
NGINX = "/usr/sbin/nginx"
CASES = json.loads((REPO_ROOT / "tests" / "data" / "example-cases.json").read_text(encoding="utf-8"))
LOAD_SECONDS = 30.0
CLIENTS = 4
# Each client starts a visit (six requests) every half second at most: steady traffic on every process, while
# the rest of the suite keeps enough of the machine's two cores to run.
VISIT_INTERVAL = 0.5
MAX_REQUESTS_PER_CLIENT = 5000  # a second bound besides the clock
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
PACKS = {pack.id: pack for pack in load_packs(Settings().policy_data_dir)}
FIRST_PAGE = {pack_id: pack.pages[0].id for pack_id, pack in PACKS.items()}
# The worked cases that answer the whole first page (one case answers two questions only: its step would be a 422).
CASES = [case for case in CASES if all(q.id in case["answers"] for q in PACKS[case["policy"]].questions
                                       if q.page == FIRST_PAGE[case["policy"]] and q.condition is None)]


@dataclass
class Upstream:
    """One `uvicorn app.main:app` process, as deploy/nginx/pd-screener.conf says to run it."""

    port: int
    log: Path
    proc: subprocess.Popen | None = None

    def start(self) -> None:
        cmd = [sys.executable, "-m", "uvicorn", "app.main:app", "--host", "127.0.0.1", "--port", str(self.port),
               "--no-access-log", "--no-proxy-headers"]
        with open(self.log, "ab") as log:
            self.proc = subprocess.Popen(cmd, cwd=REPO_ROOT, stdout=log, stderr=subprocess.STDOUT,
                                         stdin=subprocess.DEVNULL, env={**os.environ, "PYTHONUNBUFFERED": "1"})
        deadline = time.monotonic() + 20
        while not healthz_ok(f"http://127.0.0.1:{self.port}"):
            assert self.proc.poll() is None and time.monotonic() < deadline, self.log.read_text()
            time.sleep(0.1)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=10)


def nginx_config(tmp: Path, upstream_ports: list[int], http_port: int, https_port: int, cert: Path, key: Path) -> Path:
    """The example, with this run's ports and certificate, inside a minimal nginx.conf of the test's own."""
    example = EXAMPLE.read_text(encoding="utf-8")
    replacements = [(f"127.0.0.1:{8001 + i}", f"127.0.0.1:{port}") for i, port in enumerate(upstream_ports)] + [
        ("listen 80;", f"listen 127.0.0.1:{http_port};"),
        ("listen 443 ssl http2;", f"listen 127.0.0.1:{https_port} ssl http2;"),
        ("/etc/ssl/certs/screener.example.org.pem", str(cert)),
        ("/etc/ssl/private/screener.example.org.key", str(key)),
    ]
    for old, new in replacements:
        assert example.count(old) == 1, old
        example = example.replace(old, new)
    (tmp / "pd-screener.conf").write_text(example, encoding="utf-8")
    temp_paths = "".join(f"    {kind}_temp_path {tmp}/{kind};\n" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    main = (
        # As root, nginx's workers would drop to nobody, who cannot enter pytest's private temporary folder.
        ("user root;\n" if os.geteuid() == 0 else "")
        + f"daemon off;\nworker_processes 1;\npid {tmp}/nginx.pid;\nerror_log {tmp}/error.log warn;\n"
        + "events { worker_connections 512; }\n"
        + f"http {{\n{temp_paths}    include {tmp}/pd-screener.conf;\n}}\n"
    )
    (tmp / "nginx.conf").write_text(main, encoding="utf-8")
    return tmp / "nginx.conf"


def form(answers: dict) -> list[tuple[str, str]]:
    return [(key, value) for key, answer in answers.items() for value in ([answer] if isinstance(answer, str) else answer)]


@dataclass
class Load:
    """The requests of one visitor after another: the flow's pages and the API, each with the status it must get."""

    base: str
    context: ssl.SSLContext
    deadline: float
    counts: Counter = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def visit(self, client: httpx.Client, case: dict) -> list[tuple[str, httpx.Request]]:
        answers, policy = case["answers"], case["policy"]
        # The first page answered (the case's other answers ride along, as hidden fields would).
        step = [("_policy", policy), ("_at", FIRST_PAGE[policy]), ("_go", "next"), *form(answers)]
        return [
            ("GET start", client.build_request("GET", "/es/")),
            ("POST first question", client.build_request("POST", "/es/questions", content=urlencode([("_policy", policy)]), headers=FORM)),
            ("POST question step", client.build_request("POST", "/es/questions", content=urlencode(step), headers=FORM)),
            ("POST result", client.build_request("POST", "/es/result", content=urlencode([("_policy", policy), *form(answers)]), headers=FORM)),
            ("GET api questions", client.build_request("GET", f"/api/v1/questions?policy={policy}&lang=es")),
            ("POST api screen", client.build_request("POST", "/api/v1/screen", json={"policy": policy, "answers": answers})),
        ]

    def run(self, number: int) -> None:
        with httpx.Client(base_url=self.base, verify=self.context, timeout=30) as client:
            sent = 0
            while time.monotonic() < self.deadline and sent < MAX_REQUESTS_PER_CLIENT:
                next_visit = time.monotonic() + VISIT_INTERVAL
                for name, request in self.visit(client, CASES[(number + sent) % len(CASES)]):
                    sent += 1
                    try:
                        response = client.send(request)
                        ok = response.status_code == 200 and response.headers.get("strict-transport-security")
                        problem = None if ok else f"{name}: {response.status_code} {response.text[:200]!r}"
                    except httpx.HTTPError as error:
                        problem = f"{name}: {type(error).__name__} {error}"
                    with self.lock:
                        self.counts[name] += 1
                        if problem:
                            self.failures.append(problem)
                time.sleep(max(0.0, min(next_visit, self.deadline) - time.monotonic()))


# The system calls in which a process waits for events (epoll_wait, epoll_pwait, epoll_pwait2). On x86_64 a task
# stopped by a signal still shows the call it was in; arm64 forgets it on the way to the stop (it reads -1 there).
EVENT_WAITS = {"x86_64": {"232", "281", "441"}}


def _state(pid: int) -> str:
    """The process's state letter (R, S, T, Z, ...), from the field after the last ')' of /proc/PID/stat."""
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]


def kill_while_waiting(proc: subprocess.Popen) -> int:
    """SIGKILL `proc` at an instant it waits for events, not while it writes a response; returns the tries it took.

    uvicorn writes a response's head and its body with two writes in one turn of its event loop. A crash between
    them leaves nginx holding a head it has already passed on to the client, and nginx cannot send the rest from
    another process: that one response is cut (it happened once, 1 request of 1,440). That is not what this test is
    about, which is that the proxy moves every other request, held or new, off a dead process. So the process is
    stopped (SIGSTOP), and killed only if it was stopped waiting in epoll, between turns of its loop; else it goes
    on (SIGCONT) and is tried again a moment later. It still dies holding requests: they are the ones nginx retries.
    Where the stopped call cannot be read (not x86_64), it is killed at once, as before.
    """
    waits = EVENT_WAITS.get(os.uname().machine)
    if waits is None:
        proc.send_signal(signal.SIGKILL)
        return 1
    deadline = time.monotonic() + 20
    for tries in range(1, 2001):
        os.kill(proc.pid, signal.SIGSTOP)
        killed = False
        try:
            while (state := _state(proc.pid)) not in ("T", "t"):  # the signal is sent, the process not yet stopped
                assert state not in ("Z", "X") and time.monotonic() < deadline, f"process {proc.pid} is in state {state}"
                time.sleep(0.0005)
            if Path(f"/proc/{proc.pid}/syscall").read_text().split()[0] in waits:
                os.kill(proc.pid, signal.SIGKILL)
                killed = True
                return tries
        finally:
            if not killed and proc.poll() is None:
                os.kill(proc.pid, signal.SIGCONT)  # never left stopped: nginx would wait on it for its 30 s timeout
        time.sleep(0.002)
    raise AssertionError(f"process {proc.pid} was never stopped waiting for events in 2,000 tries")


def held_request(port: int, body: bytes) -> socket.socket:
    """A POST to one process, its body not yet sent; returns once the app is waiting for it (100 Continue)."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=30)
    sock.sendall((f"POST /api/v1/screen HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\n"
                  f"Content-Length: {len(body)}\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n").encode())
    interim = b""
    while not interim.endswith(b"\r\n\r\n"):
        interim += sock.recv(1)
    assert interim.startswith(b"HTTP/1.1 100 "), interim
    return sock


def wait_for_line(log: Path, line: str) -> None:
    deadline = time.monotonic() + 20
    while line not in log.read_text(encoding="utf-8", errors="replace"):
        assert time.monotonic() < deadline, log.read_text()
        time.sleep(0.05)


def read_response(sock: socket.socket) -> tuple[int, bytes]:
    data = b""
    while chunk := sock.recv(65536):
        data += chunk
    sock.close()
    status = int(re.match(rb"HTTP/1\.1 (\d{3})", data).group(1))
    return status, data.split(b"\r\n\r\n", 1)[1]


@pytest.fixture
def cluster(tmp_path):
    """Three upstream processes and nginx in front, over HTTPS with a trustme certificate for 127.0.0.1."""
    assert os.access(NGINX, os.X_OK), "install Debian's nginx (scripts/ensure-system-packages.sh)"
    ca = trustme.CA()
    cert = ca.issue_cert("127.0.0.1", "localhost")
    cert.cert_chain_pems[0].write_to_path(str(tmp_path / "cert.pem"))
    cert.private_key_pem.write_to_path(str(tmp_path / "key.pem"))
    upstreams = [Upstream(free_port(), tmp_path / f"upstream-{i}.log") for i in range(3)]
    for upstream in upstreams:
        upstream.start()
    https_port = free_port()
    config = nginx_config(tmp_path, [u.port for u in upstreams], free_port(), https_port,
                          tmp_path / "cert.pem", tmp_path / "key.pem")
    nginx = subprocess.Popen([NGINX, "-p", str(tmp_path), "-c", str(config), "-e", str(tmp_path / "error.log")],
                             stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    context = ssl.create_default_context()
    ca.configure_trust(context)
    base = f"https://127.0.0.1:{https_port}"
    deadline = time.monotonic() + 10
    while True:
        try:
            httpx.get(f"{base}/healthz", verify=context, timeout=2).raise_for_status()
            break
        except httpx.HTTPError:
            assert nginx.poll() is None and time.monotonic() < deadline, (tmp_path / "error.log").read_text()
            time.sleep(0.1)
    yield base, context, upstreams, tmp_path
    nginx.send_signal(signal.SIGQUIT)
    nginx.wait(timeout=10)
    for upstream in upstreams:
        upstream.stop()


def test_no_request_fails_while_one_process_is_killed_and_another_restarted(cluster, record_property):
    base, context, (killed, restarted, _steady), tmp = cluster
    load = Load(base, context, deadline=time.monotonic() + LOAD_SECONDS)
    clients = [threading.Thread(target=load.run, args=(n,)) for n in range(CLIENTS)]
    for client in clients:
        client.start()
    start = time.monotonic()

    def at(fraction: float) -> None:
        time.sleep(max(0.0, start + fraction * LOAD_SECONDS - time.monotonic()))

    at(0.25)
    tries = kill_while_waiting(killed.proc)

    at(0.4)
    body = json.dumps({"policy": CASES[0]["policy"], "answers": CASES[0]["answers"]}).encode()
    held = held_request(restarted.port, body)  # uvicorn has sent 100 Continue: the app awaits the body
    restarted.proc.send_signal(signal.SIGTERM)
    wait_for_line(restarted.log, "Waiting for connections to close")  # shutting down, and holding ours
    still_running_while_holding = restarted.proc.poll() is None
    held.sendall(body)
    held_status, held_body = read_response(held)
    exit_code = restarted.proc.wait(timeout=20)
    restarted.start()

    for client in clients:
        client.join(timeout=LOAD_SECONDS + 60)
    total = sum(load.counts.values())
    record_property("figure: scale-out requests through nginx (3 processes, 1 killed, 1 restarted)",
                    f"{total} requests in {LOAD_SECONDS:.0f} s, {len(load.failures)} failed, killed at try {tries}; "
                    + ", ".join(f"{name} {count}" for name, count in sorted(load.counts.items())))

    assert not any(client.is_alive() for client in clients)
    assert total >= 6 * CLIENTS, load.counts  # every client got through at least one whole visit
    if load.failures:  # the whole of nginx's account, untruncated, in the failed test's captured output
        print(f"killed: {killed.port}, restarted: {restarted.port}\n" + (tmp / "error.log").read_text())
    assert not load.failures, (len(load.failures), load.failures[:10], (tmp / "error.log").read_text()[-2000:])
    assert killed.proc.wait(timeout=10) == -signal.SIGKILL
    # The proxy did meet the dead process, and sent those requests on to another.
    assert f'upstream: "http://127.0.0.1:{killed.port}/' in (tmp / "error.log").read_text()
    assert still_running_while_holding and held_status == 200 and json.loads(held_body)["policy"]["id"] == CASES[0]["policy"]
    # A clean shutdown: uvicorn finishes, then re-raises the SIGTERM it caught so its parent sees why it stopped.
    assert exit_code in (0, -signal.SIGTERM) and "Finished server process" in restarted.log.read_text(), exit_code
    assert healthz_ok(f"http://127.0.0.1:{restarted.port}")
