"""Resume codes in a real browser (issue 14), JavaScript on and off: a code from the result page, typed on a fresh
start page as a person might copy it, leads to the same result (the same blocks, the same #today), under the same
pack; a wrong code gets an error summary in the page's language; the code is never in an address or the browser's
storage, and every page that shows it is no-store; no axe violation on the new pages in either language."""

from __future__ import annotations

import pytest

from browser_support import format_violations, run_axe
from flow_driver import Watch, case_named, goto, mark_page, page_kind, result_ids, run_case, submit, wait_for_new_page

pytestmark = pytest.mark.browser

GET_CODE = "#main [data-get-code]"


class AtCheckPage(Exception):
    """Stops a walk through the flow on the check page."""
OTHER_PACK = "#main .result-actions button[name=_policy]"


@pytest.fixture(scope="module")
def server(make_live_server):
    return make_live_server(env={"PDS_TODAY": "2026-11-23"})


def result_seen(page) -> tuple[dict, str, str]:
    return result_ids(page), " ".join(page.locator("#today").inner_text().split()), page.locator("h1").inner_text()


def type_code(page, base: str, lang: str, code: str, *, javascript: bool) -> None:
    """On a fresh start page: open "Continue with a code", type the code, continue."""
    goto(page, f"{base}/{lang}/")
    page.locator("#main .resume-start summary").click()
    page.locator("#resume-input").fill(code)
    submit(page, "#main .resume-form button[type=submit]", javascript=javascript)


def as_copied(code: str) -> str:
    """The code as a person might copy it from paper: lower case, spaces for dashes, O for 0."""
    return code.lower().replace("-", " ").replace("0", "o")


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
@pytest.mark.parametrize("lang, case, other_pack", [
    ("en", "two minor convictions: a prior record alone", False),
    ("es", "detained, removal order, hearing soon", True),
])
def test_a_code_from_the_result_leads_a_fresh_start_page_to_the_same_result(server, new_page, lang, case, other_pack,
                                                                              javascript):
    page = new_page(javascript=javascript)
    watch = Watch(page)
    run_case(page, server.url, case_named(case), javascript=javascript, lang=lang)
    if other_pack:  # the pack rides in the code too
        submit(page, OTHER_PACK, javascript=javascript)
    before = result_seen(page)
    submit(page, GET_CODE, javascript=javascript)
    code = page.locator("#resume-code").inner_text().strip()
    assert len(code.replace("-", "")) == 20 and code.count("-") == 4, code
    assert page.locator("#main").inner_text().count(code) == 1
    if javascript:
        stored = page.evaluate("() => JSON.stringify([Object.entries(localStorage), Object.entries(sessionStorage)])")
        assert code not in stored and code.replace("-", "") not in stored
    submit(page, "#main .resume-back button", javascript=javascript)  # back to the result it came from
    assert result_seen(page) == before

    fresh = new_page(javascript=javascript)
    fresh_watch = Watch(fresh)
    type_code(fresh, server.url, lang, as_copied(code), javascript=javascript)
    assert page_kind(fresh) == "check"
    submit(fresh, "#main .check-form button[data-step-next]", javascript=javascript)
    assert result_seen(fresh) == before

    log = server.log_text().upper().replace("-", "")
    assert code.replace("-", "") not in log and "/RESUME" in log, "the server logs the visits, never the code"
    for seen in (watch, fresh_watch):
        urls = [url for url, _, _ in seen.responses]
        assert not [u for u in urls if code.replace("-", "").lower() in u.replace("-", "").lower()], urls
        assert not seen.set_cookie_headers()
        shown = [(url, h.get("cache-control")) for url, _, h in seen.responses if url.endswith(("/resume-code", "/resume"))]
        assert shown and all(cache == "no-store" for _, cache in shown), shown


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_code_from_the_check_page_goes_back_to_the_check_page(server, new_page, javascript):
    page = new_page(javascript=javascript)

    def stop_at_check(page, kind):
        if kind == "check":
            raise AtCheckPage

    with pytest.raises(AtCheckPage):
        run_case(page, server.url, case_named("pregnant victim of crime"), javascript=javascript, on_page=stop_at_check)
    answers = page.locator("#main .summary-list").all_inner_texts()
    submit(page, GET_CODE, javascript=javascript)
    code = page.locator("#resume-code").inner_text().strip()
    submit(page, "#main .resume-back button", javascript=javascript)
    assert page_kind(page) == "check" and page.locator("#main .summary-list").all_inner_texts() == answers
    fresh = new_page(javascript=javascript)
    type_code(fresh, server.url, "en", code, javascript=javascript)
    assert fresh.locator("#main .summary-list").all_inner_texts() == answers


WRONG = {"en": "There is a problem", "es": "Hay un problema"}


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_mistyped_code_gets_an_error_summary_in_the_page_language(server, new_page, lang, javascript):
    page = new_page(javascript=javascript)
    statuses = []
    page.on("response", lambda r: r.url.endswith("/resume") and statuses.append(r.status))
    type_code(page, server.url, lang, "KG00-0000-0000-0000<b>", javascript=javascript)
    summary = page.locator("#main .error-summary")
    assert summary.count() == 1 and WRONG[lang] in summary.inner_text()
    assert statuses == [422]
    assert page.locator("#main b").count() == 0, "what was typed is never echoed as markup"
    assert page.locator("#resume-input").get_attribute("aria-invalid") == "true"
    assert page.locator("#resume-input").input_value() == "KG00-0000-0000-0000<b>", "kept, so it can be fixed"
    if javascript:
        assert page.evaluate("() => !!document.activeElement.closest('.error-summary')"), "the summary has focus"
        summary.locator("a").click()
        assert page.evaluate("() => document.activeElement.id") == "resume-input"
        violations = run_axe(page)
        assert not violations, format_violations(violations)


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_code_page_and_the_open_code_form_have_no_axe_violations(server, new_page, lang):
    page = new_page(javascript=True)
    run_case(page, server.url, case_named("long-time resident"), javascript=True, lang=lang)
    submit(page, GET_CODE, javascript=True)
    violations = run_axe(page)
    assert not violations, format_violations(violations)
    goto(page, f"{server.url}/{lang}/")
    page.locator("#main .resume-start summary").click()
    violations = run_axe(page)
    assert not violations, format_violations(violations)


def test_the_phones_back_button_leaves_the_code_page_for_the_result(server, new_page):
    page = new_page(javascript=True)
    run_case(page, server.url, case_named("entered without inspection in 2022, no record"), javascript=True)
    before = result_seen(page)
    submit(page, GET_CODE, javascript=True)
    page.locator("#resume-code").wait_for()
    mark_page(page)
    page.go_back()
    wait_for_new_page(page)
    assert page_kind(page) == "result" and result_seen(page) == before
