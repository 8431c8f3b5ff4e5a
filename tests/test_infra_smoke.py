"""Smoke tests of the test infrastructure itself: live server, Chromium, axe-core, helpers."""

from __future__ import annotations

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
