"""Three worked cases completed end to end in Chromium, with JavaScript on and off, clicking every page.

Each run also checks what must never happen on the way: a request to another origin, an answer in a URL
or in the server log, a cookie, a script or style blocked by the Content-Security-Policy, or anything
left in the browser's storage.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from flow_driver import Watch, case_named, expected_ids, result_ids, run_case, values_of

# Each case, and the most pages it may take from the start page to the result, the check page included (issue 11).
CASES = [
    (case_named("long-time resident parent"), 8),
    (case_named("entered without inspection in 2022, no record"), 9),
    (case_named("two minor convictions: a prior record alone"), 11),
    (case_named("detained, removal order, hearing soon"), 9),
]


def answer_words(case: dict) -> set[str]:
    """Question ids and answer values long enough not to occur by chance in a URL or a log line."""
    words = set(case["answers"])
    for answer in case["answers"].values():
        words.update(v for v in values_of(answer) if len(v) > 3)
    return words


@pytest.mark.browser
@pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])
@pytest.mark.parametrize("case, most_pages", CASES, ids=[c["name"] for c, _ in CASES])
def test_case_reaches_its_result_by_clicking_through(make_live_server, new_page, case, most_pages, javascript,
                                                     record_property):
    server = make_live_server(env={"PDS_TODAY": case["as_of"]})
    page = new_page(javascript=javascript)
    watch = Watch(page)
    log_before = len(server.log_text())
    pages: list[str] = []

    asked = run_case(page, server.url, case, javascript=javascript, on_page=lambda page, kind: pages.append(kind))

    assert pages.count("check") == 1 and pages[-1] == "result"
    assert len(pages) - 1 <= most_pages, f"{len(pages) - 1} pages before the result: {pages}"
    record_property(f"figure: pages to the result ({'JS' if javascript else 'no JS'}), {case['name']}", len(pages) - 1)
    assert sorted(asked) == sorted(case["answers"]), "every question the case answers, each once"

    assert result_ids(page) == expected_ids(case)
    assert page.locator("#policy-status").get_attribute("data-status") == case["expect"]["policy"]["status"]
    conditional = {"hearing_soon", "has_lawyer"} & set(asked)
    assert conditional == ({"hearing_soon", "has_lawyer"} if case["answers"]["court_case"] == "yes" else set())

    origin = urlsplit(server.url).netloc
    words = answer_words(case)
    for url in page.requested_urls:
        assert urlsplit(url).netloc == origin, f"request left the origin: {url}"
        url = re.sub(r"^([^?]+/static/[\w/.-]+)\?v=[0-9a-f]{12}$", r"\1", url)  # a file's content hash, not an answer
        assert "=" not in url and not any(w in url for w in words), f"an answer in a URL: {url}"
    assert len(watch.responses) >= len(pages), "response headers were not recorded"
    assert not watch.set_cookie_headers()
    assert not watch.console_errors, watch.console_errors
    log = server.log_text()[log_before:]
    assert "POST /en/result" in log  # the log is the access log of this run
    leaked = sorted(w for w in words if w in log)
    assert not leaked, f"answers in the server log: {leaked}\n{log[-2000:]}"
    if javascript:
        config = page.evaluate("() => [htmx.config.historyCacheSize, htmx.config.selfRequestsOnly, htmx.config.allowEval]")
        assert config == [0, True, False], "the htmx-config meta was not applied"
        storage = page.evaluate("() => [localStorage.length, sessionStorage.length, Object.keys(sessionStorage)]")
        assert storage[:2] == [0, 0], f"something was stored: {storage}"
