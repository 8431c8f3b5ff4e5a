"""The help pages and the referral blocks over real HTTP, with and without a host organization, in every language.

Directory addresses and distances are checked against values the test knows on its own: the official
addresses from the policy brief, and a haversine over the `zipcodes` package's coordinates.
"""

from __future__ import annotations

import math
from pathlib import Path
from urllib.parse import urlencode

import httpx
import pytest
import zipcodes
from babel.numbers import parse_decimal

from app.policy import load_packs
from app.web.i18n import Catalogs, _, use_locale
from html_support import Page

REPO_ROOT = Path(__file__).resolve().parents[1]
CATALOGS = Catalogs(REPO_ROOT / "locales")
LANGUAGES = CATALOGS.languages  # what the app reports at /healthz; checked below
TODAY = "2026-11-23"
HOST_FILE = REPO_ROOT / "examples" / "host-org.example.yaml"
HOST_TEL = "tel:+12175550100"

# Policy brief §4; the state bar has no single national address.
OFFICIAL = {
    "eoir_pro_bono": "https://www.justice.gov/eoir/list-pro-bono-legal-service-providers",
    "eoir_roster": "https://www.justice.gov/eoir/recognition-accreditation-roster-reports",
    "immigrationlawhelp": "https://www.immigrationlawhelp.org/",
    "aila": "https://www.ailalawyer.com/",
    "state_bar": None,
}

CENTER_ZIP = "10001"
# name, ZIP, last verified. 2025-11-23 is exactly 12 months before TODAY (fresh); 2025-11-22 is older (stale).
PROVIDERS = [
    ("Chelsea Legal Aid", "10011", "2026-10-01"),
    ("Brooklyn Immigrant Help", "11201", "2025-11-22"),
    ("Hoboken Legal Clinic", "07030", "2025-11-23"),
    ("Stamford Center", "06901", "2026-05-05"),
    ("Trenton Representatives", "08608", "2024-01-15"),
    ("Philadelphia Aid", "19103", "2026-08-08"),
    ("Boston Far Away", "02108", "2026-08-08"),
]
STALE = {"Brooklyn Immigrant Help", "Trenton Representatives"}
FAR_ZIP = "99501"  # Anchorage: no listed provider within 100 miles

CONTRACT_FAVORABLE = {
    "lpr", "tender_age", "advanced_age", "lengthy_presence", "arrived_as_child", "health_condition",
    "pregnant_or_nursing", "caregiver", "us_family", "military_service", "crime_victim_or_witness",
    "labor_or_housing_dispute", "community_ties", "possible_relief", "time_since_offense", "rehabilitation",
    "conviction_vacated", "mental_condition",
}
ALL_FAVORABLE_ANSWERS = [
    ("lpr", "yes"), ("years_in_us", "10_or_more"), ("arrived_under_16", "yes"), ("serious_health", "yes"),
    ("pregnant_or_nursing", "yes"), ("caregiver", "yes"), ("us_family", "yes"), ("military", "yes"),
    ("crime_victim_or_witness", "yes"), ("labor_or_housing_dispute", "yes"), ("community_ties", "yes"),
    ("relief", "asylum"), ("relief", "tps"), ("criminal_history", "conviction"), ("years_since_offense", "10_or_more"),
    ("rehabilitation", "yes"), ("conviction_cleared", "yes"), ("condition_contributed", "yes"),
]


def tr(lang: str, message: str) -> str:
    with use_locale(CATALOGS, lang):
        return _(message)


def miles_between(zip_a: str, zip_b: str) -> float:
    """Great-circle distance, computed here independently of the app."""
    (a,), (b,) = zipcodes.matching(zip_a), zipcodes.matching(zip_b)
    lat1, lon1, lat2, lon2 = (math.radians(float(v)) for v in (a["lat"], a["long"], b["lat"], b["long"]))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 3958.8 * math.asin(math.sqrt(h))


@pytest.fixture(scope="module")
def providers_file(tmp_path_factory) -> Path:
    rows = ["name,kind,languages,phone,website,address,zip,services,last_verified"]
    for i, (name, zip_code, verified) in enumerate(PROVIDERS):
        rows.append(f"{name},nonprofit,en;es,212-555-01{i:02d},,1 Main Street,{zip_code},Court cases,{verified}")
    path = tmp_path_factory.mktemp("referral") / "providers.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def hosted(make_live_server, providers_file):
    return make_live_server(env={"PDS_HOST_ORG_FILE": HOST_FILE, "PDS_PROVIDERS_FILE": providers_file, "PDS_TODAY": TODAY})


@pytest.fixture(scope="module")
def unhosted(make_live_server):
    return make_live_server(env={"PDS_TODAY": TODAY})


@pytest.fixture(params=["with_host", "without_host"])
def server(request, hosted, unhosted):
    return hosted if request.param == "with_host" else unhosted


def get(server, path: str) -> httpx.Response:
    return httpx.get(server.url + path, timeout=20)


def post(server, path: str, pairs) -> httpx.Response:
    """A form POST; `pairs` may repeat a name, as a multi-select does."""
    pairs = pairs.items() if isinstance(pairs, dict) else pairs
    return httpx.post(server.url + path, content=urlencode(list(pairs)), timeout=20,
                      headers={"Content-Type": "application/x-www-form-urlencoded"})


def search(server, lang: str, zip_code: str) -> httpx.Response:
    return post(server, f"/{lang}/help/providers", {"zip": zip_code})


# The result's #call block lists the two directories that lead straight to free help; the help page lists all.
FIRST_ROUTES = ("eoir_pro_bono", "immigrationlawhelp")


def assert_directories(page: Page, prefix: str, only: tuple[str, ...] = tuple(OFFICIAL)) -> None:
    """Each national directory named is listed in this block (and no other), its link pointing to its official address."""
    listed = [e.attrs["id"].removeprefix(f"{prefix}-") for e in page.all("li", cls="directory") if e.attrs.get("id", "").startswith(f"{prefix}-")]
    assert listed == list(only), listed
    for directory_id in only:
        url = OFFICIAL[directory_id]
        item = page.by_id(f"{prefix}-{directory_id}")
        hrefs = [a.attrs["href"] for a in page.inside(item, "a")]
        assert hrefs == ([url] if url else []), (directory_id, hrefs)


def assert_host_first(page: Page, container_id: str, hosted_server: bool) -> None:
    container = page.by_id(container_id)
    hosts = page.inside(container, attr="data-host-org")
    lists = page.inside(container, attr="data-directories")
    assert lists, f"no directory list in #{container_id}"
    if not hosted_server:
        assert hosts == [], f"a host card in #{container_id} with no host configured"
        return
    assert len(hosts) == 1, f"expected one host card in #{container_id}"
    assert hosts[0].order < lists[0].order, f"the host does not come before the directories in #{container_id}"
    phones = [a.attrs["href"] for a in page.inside(hosts[0], "a") if a.attrs.get("href", "").startswith("tel:")]
    assert phones == [HOST_TEL]
    assert "Example Immigrant Legal Services" in hosts[0].text


def test_the_app_reports_the_languages_these_tests_run_in(live_server):
    languages = get(live_server, "/healthz").json()["languages"]
    assert "en" in languages
    assert tuple(languages) == LANGUAGES


@pytest.mark.parametrize("lang", LANGUAGES)
def test_help_page_shows_the_host_first_and_every_directory(server, hosted, lang):
    response = get(server, f"/{lang}/help")
    assert response.status_code == 200 and response.headers["content-language"] == lang
    page = Page(response.text)
    assert page.all("html")[0].attrs["lang"] == lang
    assert_directories(page, "help-directory")
    main = page.by_id("main")
    hosts = page.inside(main, attr="data-host-org")
    if server is hosted:
        assert page.by_id("help-host").order < page.by_id("help-directories").order
        assert hosts[0].order < page.by_id("help-directories").order
        assert_host_first(page, "main", True)
    else:
        assert hosts == [] and not page.has_id("help-host")
    for section in ("real-or-fraud", "check-license", "report-fraud"):
        assert page.by_id(section).text
    hrefs = {a.attrs["href"] for a in page.inside(main, "a")}
    assert {"https://www.justice.gov/eoir/list-of-currently-disciplined-practitioners",
            "mailto:EOIR.Fraud.Program@usdoj.gov", "tel:+18773824357", f"/{lang}/help/checklist"} <= hrefs


@pytest.mark.parametrize("lang", LANGUAGES)
def test_result_page_call_block_shows_the_host_first_and_the_first_directories(server, hosted, lang):
    response = post(server, f"/{lang}/result", [("lpr", "no"), ("us_family", "yes")])
    assert response.status_code == 200 and response.headers["cache-control"] == "no-store"
    page = Page(response.text)
    assert not page.has_id("urgent-what-to-do")
    assert_host_first(page, "referral", server is hosted)
    assert_directories(page, "call-directory", FIRST_ROUTES)
    assert page.by_id("call").order < page.by_id("next-steps").order < page.by_id("checklist").order


@pytest.mark.parametrize("lang", LANGUAGES)
def test_urgent_block_calls_the_host_first_and_gives_the_court_line(server, hosted, lang):
    response = post(server, f"/{lang}/result", [("court_case", "yes"), ("has_lawyer", "no")])
    page = Page(response.text)
    urgent, call = page.by_id("urgent"), page.by_id("call")
    # The urgent block opens with a way to call: the host's phone, else the official list of free legal help.
    first_link = page.inside(urgent, "a")[0].attrs["href"]
    assert first_link == (HOST_TEL if server is hosted else OFFICIAL["eoir_pro_bono"])
    assert_host_first(page, "call", server is hosted)
    assert_directories(page, "call-directory", FIRST_ROUTES)
    hrefs = [a.attrs["href"] for a in page.inside(call, "a")]
    assert "tel:+18008987180" in hrefs and "https://acis.eoir.justice.gov/" in hrefs
    assert page.by_id("step-no_dismissal_without_lawyer").text and page.by_id("step-keep_going_to_court").text
    assessment = [e for e in page.all("section") if e.attrs.get("id", "").startswith("assessment-")][0]
    assert urgent.order < page.by_id("today").order < call.order < page.by_id("next-steps").order < assessment.order


def provider_names(page: Page) -> list[str]:
    return [page.inside(li, cls="provider-name")[0].text for li in page.all("li", cls="provider")]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_zip_search_lists_providers_nearest_first_with_distances_in_the_locale(hosted, lang):
    response = search(hosted, lang, CENTER_ZIP)
    assert response.status_code == 200 and response.headers["cache-control"] == "no-store"
    page = Page(response.text)
    distances = {name: miles_between(CENTER_ZIP, zip_code) for name, zip_code, _v in PROVIDERS}
    expected = sorted((n for n, d in distances.items() if d <= 100), key=distances.get)
    assert "Boston Far Away" not in expected and len(expected) == 6  # the test data really has one outside
    assert provider_names(page) == expected
    for li in page.all("li", cls="provider"):
        name = page.inside(li, cls="provider-name")[0].text
        shown = page.inside(li, cls="provider-distance")[0].text
        assert float(parse_decimal(shown.split()[0], locale=lang)) == pytest.approx(distances[name], abs=0.06), (name, shown)
    assert_host_first(page, "main", True)
    assert page.by_id("help-host").order < page.by_id("providers").order
    assert_directories(page, "help-directory")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_entries_not_verified_in_the_last_12_months_are_marked(hosted, lang):
    page = Page(search(hosted, lang, CENTER_ZIP).text)
    marked = {page.inside(li, cls="provider-name")[0].text for li in page.all("li", cls="provider")
              if page.inside(li, attr="data-stale")}
    assert marked == STALE
    for li in page.all("li", cls="provider-stale"):
        assert tr(lang, "Not checked in the last 12 months.") in li.text


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("typed, message", [
    ("12a45", "Enter a ZIP code with 5 numbers, like 90011."),
    ("1234", "Enter a ZIP code with 5 numbers, like 90011."),
    ("", "Enter a ZIP code with 5 numbers, like 90011."),
    ('"><script>alert(1)</script>', "Enter a ZIP code with 5 numbers, like 90011."),
    ("00000", "We could not find this ZIP code. Check the 5 numbers and try again."),
])
def test_unknown_or_malformed_zip_gets_a_friendly_message_in_the_persons_language(server, lang, typed, message):
    response = search(server, lang, typed)
    assert response.status_code == 422
    assert response.headers["content-language"] == lang and response.headers["cache-control"] == "no-store"
    page = Page(response.text)
    assert tr(lang, message) in page.by_id("zip-error").text
    assert page.by_id("zip").attrs["value"] == typed  # given back in the field, escaped
    assert "<script>alert(1)" not in response.text
    assert not page.all("li", cls="provider")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_zip_with_no_provider_nearby_falls_back_to_the_national_directories(server, hosted, lang):
    response = search(server, lang, FAR_ZIP)
    assert response.status_code == 200
    page = Page(response.text)
    assert page.has_id("no-providers") and not page.all("li", cls="provider")
    assert page.by_id("no-providers").order < page.by_id("help-directories").order
    assert_directories(page, "help-directory")
    if server is hosted:
        assert page.by_id("help-host").order < page.by_id("no-providers").order


def test_zip_search_is_a_post_form_and_the_zip_never_reaches_urls_or_logs(hosted, unhosted):
    page = Page(get(hosted, "/en/help").text)
    form = page.inside(page.by_id("find-near-you"), "form")[0]
    assert (form.attrs["method"], form.attrs["action"]) == ("post", "/en/help/providers")
    assert not Page(get(unhosted, "/en/help").text).has_id("find-near-you")  # no providers file: no search
    response = search(hosted, "en", "07030")
    assert response.status_code == 200 and "07030" not in str(response.url)
    assert "07030" not in hosted.log_text()
    redirect = httpx.get(hosted.url + "/en/help/providers?zip=07030", follow_redirects=False, timeout=10)
    assert redirect.status_code == 303 and "07030" not in redirect.headers["location"]


def test_help_pages_in_an_unknown_language_are_not_found(hosted):
    assert get(hosted, "/xx/help").status_code == 404
    assert search(hosted, "xx", CENTER_ZIP).status_code == 404


def favorable_ids_of(pack) -> set[str]:
    return {f.id for f in pack.factors if f.kind == "favorable"}


def assert_checklist_item(page: Page, factor, lang: str) -> None:
    item = page.by_id(f"checklist-{factor.id}")
    documents = [li.text for li in page.inside(item, "li", cls="checklist-document")]
    assert documents and documents == [" ".join(tr(lang, d).split()) for d in factor.documents], factor.id
    assert " ".join(tr(lang, factor.name).split()) in item.text


@pytest.mark.parametrize("lang", LANGUAGES)
def test_printable_checklist_has_an_item_for_every_favorable_factor_of_both_packs(hosted, lang):
    packs = load_packs()
    assert set().union(*(favorable_ids_of(p) for p in packs)) == CONTRACT_FAVORABLE
    page = Page(get(hosted, f"/{lang}/help/checklist").text)
    shown = {li.attrs["data-factor"] for li in page.all("li", cls="checklist-factor")}
    assert shown == CONTRACT_FAVORABLE
    for pack in packs:
        for factor in pack.factors:
            if factor.kind == "favorable":
                assert_checklist_item(page, factor, lang)


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("policy_id", ["doyle-2022", "trasvina-2021"])
def test_result_checklist_covers_every_favorable_factor_the_person_has(hosted, lang, policy_id):
    pack = load_packs().get(policy_id)
    seen: set[str] = set()
    for age in ("under_18", "65_or_older"):  # one person cannot be both young and old
        answers = [*ALL_FAVORABLE_ANSWERS, ("age", age), ("_policy", policy_id)]
        page = Page(post(hosted, f"/{lang}/result", answers).text)
        checklist = page.by_id("checklist")
        ids = [li.attrs["data-factor"] for li in page.inside(checklist, "li", cls="checklist-factor")]
        factors = [div.attrs["id"].removeprefix("factor-") for div in page.inside(page.by_id("favorable"), "div", cls="factor")]
        assert ids == factors, "the checklist follows the favorable factors shown"
        for factor_id in ids:
            assert_checklist_item(page, pack.factor(factor_id), lang)
        seen |= set(ids)
        printable = Page(post(hosted, f"/{lang}/help/checklist", answers).text)
        assert [li.attrs["data-factor"] for li in printable.all("li", cls="checklist-factor")] == ids
    assert seen == favorable_ids_of(pack)
