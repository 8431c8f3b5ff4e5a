"""Smoke tests of the test infrastructure itself: live server, Chromium, axe-core, helpers."""

from __future__ import annotations

import socket
from urllib.parse import urlsplit

import httpx
import pytest

from browser_support import format_violations, measure_transfer, run_axe, screenshot


def test_live_server_answers_healthz(live_server):
    response = httpx.get(f"{live_server.url}/healthz", timeout=10)
    assert response.status_code == 200, live_server.log_text()
    assert live_server.log_path.is_file()


@pytest.mark.browser
def test_chromium_loads_healthz_and_axe_runs(live_server, page_js):
    response = page_js.goto(f"{live_server.url}/healthz")
    assert response is not None and response.status == 200
    violations = run_axe(page_js)
    assert isinstance(violations, list), format_violations(violations)
    assert isinstance(format_violations(violations), str)
    assert screenshot(page_js, "infra-smoke-healthz").is_file()
    origin = urlsplit(live_server.url).netloc
    assert page_js.requested_urls, "request recording saw nothing"
    assert all(urlsplit(u).netloc == origin for u in page_js.requested_urls), page_js.requested_urls


@pytest.mark.browser
def test_transfer_measurement_and_nojs_page(live_server, page_nojs):
    report = measure_transfer(page_nojs, f"{live_server.url}/healthz")
    assert report.total > 0, str(report)
    assert not report.other_origin, report.other_origin
    assert page_nojs.evaluate("1 + 1") == 2  # Playwright's own evaluation still works without page JS


def test_a_browser_that_leaves_mid_form_is_not_logged_as_an_error(make_live_server):
    """A closed tab or a lost signal while a form or an API body is still on its way: nobody is left to answer, and no
    traceback goes to the log (under load, a pipe full of them once stalled a worker that nobody read)."""
    server = make_live_server(fresh=True)
    for path in ("/en/questions", "/en/result", "/api/v1/screen"):
        with socket.create_connection(("127.0.0.1", server.port)) as sock:
            sock.sendall(f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                         "Content-Length: 1000\r\n\r\ncourt_case=y".encode())
        # The server reads the close before this next connection's request, on its one event loop.
        assert httpx.get(f"{server.url}/healthz", timeout=10).status_code == 200
    log = server.log_text()
    assert log.count("GET /healthz") >= 3, log
    assert "Traceback" not in log and "ClientDisconnect" not in log, log
