"""What a person sees of the help: "what to do now" before the assessment, ZIP search with and without JS, axe."""

from __future__ import annotations

import pytest

from browser_support import format_violations, run_axe, screenshot
from flow_driver import goto
from test_help_http import CENTER_ZIP, HOST_FILE, LANGUAGES, TODAY, tr

URGENT_ANSWERS = {
    "detained": {"detained": "yes"},
    "removal_order": {"removal_order": "yes"},
    "hearing_soon": {"court_case": "yes", "hearing_soon": "yes", "has_lawyer": "yes"},
    "no_lawyer": {"court_case": "yes", "has_lawyer": "no"},
}

SUBMIT_FORM = """([action, answers]) => {
  const form = document.createElement("form");
  form.method = "post";
  form.action = action;
  for (const [name, value] of Object.entries(answers)) {
    const input = document.createElement("input");
    input.type = "hidden"; input.name = name; input.value = value;
    form.appendChild(input);
  }
  document.body.appendChild(form);
  form.submit();
}"""


@pytest.fixture(scope="module")
def hosted(make_live_server, tmp_path_factory):
    providers = tmp_path_factory.mktemp("browser-referral") / "providers.csv"
    providers.write_text(
        "name,kind,languages,phone,website,address,zip,services,last_verified\n"
        "Chelsea Legal Aid,nonprofit,en;es,212-555-0100,https://aid.example.org/,1 Main Street,10011,Court cases,2026-10-01\n"
        "Old Listing,attorney,en,212-555-0101,,2 Main Street,11201,Bond,2024-01-01\n",
        encoding="utf-8",
    )
    return make_live_server(env={"PDS_HOST_ORG_FILE": HOST_FILE, "PDS_PROVIDERS_FILE": providers, "PDS_TODAY": TODAY})


def show_result(page, server, lang: str, answers: dict) -> None:
    page.goto(f"{server.url}/{lang}/")
    with page.expect_navigation():
        page.evaluate(SUBMIT_FORM, [f"/{lang}/result", answers])


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("flag", list(URGENT_ANSWERS))
@pytest.mark.parametrize("with_host", [True, False], ids=["with_host", "without_host"])
def test_what_to_do_now_comes_before_the_assessment(make_live_server, hosted, page_js, lang, flag, with_host):
    server = hosted if with_host else make_live_server(env={"PDS_TODAY": TODAY})
    show_result(page_js, server, lang, URGENT_ANSWERS[flag])
    assert page_js.locator(f"#urgent-{flag}").count() == 1, f"the {flag} flag was not raised"
    urgent, now = page_js.locator("#urgent"), page_js.locator("#call")
    assessment = page_js.locator("section.assessment")
    assert tr(lang, "Who to call") in now.locator("h2").first.inner_text()
    assert page_js.evaluate(
        "() => Boolean(document.querySelector('#call').compareDocumentPosition("
        "document.querySelector('section.assessment')) & Node.DOCUMENT_POSITION_FOLLOWING)")
    now_box, assessment_box = now.bounding_box(), assessment.bounding_box()
    assert now_box["y"] + now_box["height"] <= assessment_box["y"], (now_box, assessment_box)
    # The urgent block starts on the first screen of a small phone, with a way to call at its top.
    urgent_link = urgent.locator("a").first.bounding_box()
    assert urgent.bounding_box()["y"] < 740 and urgent_link["y"] + urgent_link["height"] <= 740, urgent_link
    first_call = now.locator("[data-host-org] a[href^='tel:'], [data-directories] a").first
    if with_host:
        assert first_call.get_attribute("href") == "tel:+12175550100"
    else:
        assert first_call.get_attribute("href").startswith("https://www.justice.gov/eoir/")
    if flag == "detained" and lang == "en":
        screenshot(page_js, f"urgent-{flag}-{'host' if with_host else 'nohost'}")


@pytest.mark.browser
def test_zip_search_works_without_javascript_and_keeps_the_zip_out_of_urls(hosted, page_nojs):
    goto(page_nojs, f"{hosted.url}/en/help")
    page_nojs.fill("#zip", CENTER_ZIP)
    with page_nojs.expect_navigation():
        page_nojs.click("#find-near-you button[type=submit]")
    assert page_nojs.url.endswith("/en/help/providers")
    names = page_nojs.locator(".provider-name").all_inner_texts()
    assert names == ["Chelsea Legal Aid", "Old Listing"]
    assert page_nojs.locator(".provider-stale .provider-name").all_inner_texts() == ["Old Listing"]
    assert not [u for u in page_nojs.requested_urls if CENTER_ZIP in u]
    screenshot(page_nojs, "help-results-nojs")


@pytest.mark.browser
def test_zip_search_with_htmx_swaps_results_and_errors(hosted, page_js):
    goto(page_js, f"{hosted.url}/en/help")
    page_js.fill("#zip", "12")
    page_js.click("#find-near-you button[type=submit]")
    page_js.wait_for_selector("#zip-error")
    assert tr("en", "Enter a ZIP code with 5 numbers, like 90011.") in page_js.inner_text("#zip-error")
    assert page_js.evaluate("() => document.activeElement.id") == "error-summary-title"
    page_js.fill("#zip", CENTER_ZIP)
    page_js.click("main form.zip-form button[type=submit]")
    page_js.wait_for_selector(".provider-name")
    assert page_js.locator(".provider-name").first.inner_text() == "Chelsea Legal Aid"
    assert not [u for u in page_js.requested_urls if CENTER_ZIP in u]


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGUAGES)
def test_help_pages_have_no_axe_violations(hosted, page_js, lang):
    for path in ("help", "help/checklist"):
        page_js.goto(f"{hosted.url}/{lang}/{path}")
        violations = run_axe(page_js)
        assert not violations, f"/{lang}/{path}: " + format_violations(violations)
    for zip_code in (CENTER_ZIP, "99501", "abc"):
        goto(page_js, f"{hosted.url}/{lang}/help")
        page_js.fill("#zip", zip_code)
        with page_js.expect_response(lambda r: r.url.endswith("/help/providers")):
            page_js.click("#find-near-you button[type=submit]")
        page_js.wait_for_selector(".provider-name, #no-providers, #zip-error")
        violations = run_axe(page_js)
        assert not violations, f"ZIP {zip_code}: " + format_violations(violations)
    show_result(page_js, hosted, lang, {"detained": "yes", "us_family": "yes", "caregiver": "yes"})
    violations = run_axe(page_js)
    assert not violations, "result page: " + format_violations(violations)
    if lang == "en":
        page_js.goto(f"{hosted.url}/{lang}/help")
        screenshot(page_js, "help-page")
