"""Shared fixtures: a real uvicorn server, and a real Chromium driven by Playwright.

* ``make_live_server(env)`` / ``live_server``: the real app (``uvicorn app.main:app``)
  in a subprocess on a free 127.0.0.1 port, its stdout+stderr captured to a file.
* ``browser``: Debian's /usr/bin/chromium via Playwright (never a downloaded browser).
* ``new_page(...)`` / ``page_js`` / ``page_nojs``: fresh contexts; every request URL
  the context makes is recorded in ``page.requested_urls``.

Works under pytest-xdist: every worker starts its own servers and browser.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

import pytest

from process_support import CHROMIUM_ARGS, CHROMIUM_PATH, REPO_ROOT
from process_support import free_port as _free_port
from process_support import healthz_ok as _healthz_ok

DEFAULT_VIEWPORT = {"width": 360, "height": 740}
SERVER_START_TIMEOUT = 20.0


# --------------------------------------------------------------------------- live server


@dataclass
class LiveServer:
    """A running ``uvicorn app.main:app`` subprocess."""

    url: str  # base URL without trailing slash, e.g. "http://127.0.0.1:43121"
    log_path: Path
    env: dict[str, str]
    proc: subprocess.Popen = field(repr=False)

    @property
    def port(self) -> int:
        return int(self.url.rsplit(":", 1)[1])

    def log_text(self) -> str:
        """Everything the server has written to stdout/stderr so far."""
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)


def _start_server(env: dict[str, str], log_dir: Path, name: str) -> LiveServer:
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    log_path = log_dir / f"{name}-{port}.log"
    full_env = {**os.environ, "PYTHONUNBUFFERED": "1", **env}
    cmd = [sys.executable, "-m", "uvicorn", "app.main:app", "--host", "127.0.0.1", "--port", str(port),
           "--no-proxy-headers"]  # the app reads forwarded headers itself, from PDS_TRUSTED_PROXIES
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(
            cmd, cwd=REPO_ROOT, env=full_env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL
        )
    server = LiveServer(url=url, log_path=log_path, env=dict(env), proc=proc)
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with code {proc.returncode} before /healthz answered:\n{server.log_text()}")
        if _healthz_ok(url):
            return server
        time.sleep(0.1)
    server.stop()
    raise RuntimeError(f"GET {url}/healthz did not return 200 within {SERVER_START_TIMEOUT}s:\n{server.log_text()}")


@pytest.fixture(scope="session")
def make_live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[..., LiveServer]]:
    """Factory: ``make_live_server(env={"PDS_HOST_ORG_FILE": ...}, fresh=False) -> LiveServer``.

    Servers with the same extra ``env`` are shared for the session unless ``fresh=True``.
    All are terminated at session end. A server that fails to start is retried once
    (a free port can be taken between choosing it and binding it).
    """
    log_dir = tmp_path_factory.mktemp("live-server-logs")
    cache: dict[frozenset, LiveServer] = {}
    started: list[LiveServer] = []

    def factory(env: dict[str, str] | None = None, *, fresh: bool = False) -> LiveServer:
        env = {k: str(v) for k, v in (env or {}).items()}
        key = frozenset(env.items())
        if not fresh and key in cache and cache[key].proc.poll() is None:
            return cache[key]
        server, error = None, ""
        for attempt in (1, 2):  # retry only a lost race for the port
            try:
                server = _start_server(env, log_dir, f"server{len(started)}-{attempt}")
                break
            except RuntimeError as exc:
                error = str(exc)
                if "address already in use" not in error.lower():
                    break
        if server is None:
            pytest.fail(f"live server failed to start (env={env}): {error}", pytrace=False)
        started.append(server)
        if not fresh:
            cache[key] = server
        return server

    yield factory
    for server in started:
        server.stop()


@pytest.fixture(scope="session")
def live_server(make_live_server: Callable[..., LiveServer]) -> LiveServer:
    """The app with default settings."""
    return make_live_server()


# --------------------------------------------------------------------------- browser


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium driven by Playwright's sync API (fails, never skips)."""
    if not os.access(CHROMIUM_PATH, os.X_OK):
        pytest.fail(
            f"{CHROMIUM_PATH} not found: install Debian's chromium "
            "(`make test` does it as root; or: apt-get install -y chromium poppler-utils fonts-dejavu-core)",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM_PATH, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(scope="session")
def browser_with_bfcache(browser):
    """The same Chromium with the back-forward cache on, as people have it (Playwright turns it off by default).

    Started after `browser`, inside the same Playwright session, so the two never race for its event loop.
    """
    instance = browser.browser_type.launch(executable_path=CHROMIUM_PATH, headless=True, args=CHROMIUM_ARGS,
                                           ignore_default_args=["--disable-back-forward-cache"])
    yield instance
    instance.close()


@pytest.fixture
def new_page(browser, request) -> Iterator[Callable[..., object]]:
    """Factory: ``new_page(viewport=(w, h), javascript=True, bfcache=False, **context_kwargs) -> Page``.

    Each call makes a fresh context (no shared cookies or cache). Every request URL made
    in that context (including sub-resources and popups) is appended to
    ``page.requested_urls``. Extra keyword arguments go to ``browser.new_context``
    (e.g. ``locale="es-ES"``, ``bypass_csp=True``). ``bfcache=True`` opens it in ``browser_with_bfcache``.
    Contexts close at test end.
    """
    contexts = []

    def factory(viewport: tuple[int, int] | dict | None = None, javascript: bool = True, bfcache: bool = False,
                **context_kwargs):
        if viewport is None:
            viewport = DEFAULT_VIEWPORT
        elif not isinstance(viewport, dict):
            viewport = {"width": viewport[0], "height": viewport[1]}
        owner = request.getfixturevalue("browser_with_bfcache") if bfcache else browser
        context = owner.new_context(viewport=viewport, java_script_enabled=javascript, **context_kwargs)
        contexts.append(context)
        requested: list[str] = []
        context.on("request", lambda request: requested.append(request.url))
        # What went wrong in the browser, for failure messages (flow_driver.page_state): requests that got no
        # answer, and errors on any page or frame of the context.
        troubles: list[str] = []
        context.on("requestfailed", lambda r: troubles.append(f"{r.method} {r.url} failed: {r.failure}"))
        context.on("console", lambda m: m.type == "error" and troubles.append(f"console error: {m.text}"))
        context.on("weberror", lambda e: troubles.append(f"page error: {e.error}"))
        page = context.new_page()
        page.requested_urls = requested
        page.troubles = troubles
        return page

    yield factory
    for context in contexts:
        context.close()


@pytest.fixture
def page_js(new_page):
    """A 360x740 page with JavaScript enabled."""
    return new_page(javascript=True)


@pytest.fixture
def page_nojs(new_page):
    """A 360x740 page with JavaScript disabled."""
    return new_page(javascript=False)


# --------------------------------------------------------------------------- figures in the summary


def pytest_terminal_summary(terminalreporter) -> None:
    """Print what tests recorded with ``record_property("figure: <what>", value)`` (e.g. readability)."""
    figures = {
        name[len("figure:"):].strip(): value
        for reports in terminalreporter.stats.values()
        for report in reports
        for name, value in getattr(report, "user_properties", ())
        if isinstance(name, str) and name.startswith("figure:")
    }
    if figures:
        terminalreporter.section("figures")
        for name, value in sorted(figures.items()):
            terminalreporter.write_line(f"{name}: {value}")
