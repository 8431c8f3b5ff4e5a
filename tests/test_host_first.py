"""Who is shown first wherever help is offered: on a partner's visit its contact stands in for the deployment's host.

The deployment has a host organization file and a partner with a contact; each page and the PDF must show exactly
one of the two, before the national directories: the partner's on the partner's visit, else the host organization.
"""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from app.settings import Settings
from app.web.factory import create_app
from embed_support import REPO_ROOT, form_data, pdf_text, write_partners_file
from html_support import Page

HOST = ("Example Immigrant Legal Services", "tel:+12175550100")  # examples/host-org.example.yaml
PARTNER = ("Centro Ñandú – Asesoría Legal", "tel:+13125550142")  # embed_support.write_partners_file
URGENT = {"court_case": "yes", "has_lawyer": "no", "us_family": "yes"}
VISITS = {"partner visit": ("casa-prueba", PARTNER, HOST), "default visit": (None, HOST, PARTNER)}


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    partners = write_partners_file(tmp_path_factory.mktemp("partners") / "partners.yaml")
    settings = Settings(host_org_file=REPO_ROOT / "examples" / "host-org.example.yaml", partners_file=partners,
                        today="2026-11-23")
    return TestClient(create_app(settings))


@pytest.fixture(params=list(VISITS))
def visit(request):
    return VISITS[request.param]


def query(partner_id: str | None) -> str:
    return f"?partner={partner_id}" if partner_id else ""


def control(partner_id: str | None) -> dict[str, str]:
    return {"partner": partner_id} if partner_id else {}


def assert_shown_first(page: Page, container_id: str, shown: tuple[str, str], hidden: tuple[str, str]) -> None:
    """One host card in the container, before any directory list: the expected organization's name and phone."""
    container = page.by_id(container_id)
    cards = page.inside(container, attr="data-host-org")
    assert len(cards) == 1, f"expected one host card in #{container_id}, found {len(cards)}"
    lists = page.inside(container, attr="data-directories")
    assert all(cards[0].order < found.order for found in lists), f"the host is not first in #{container_id}"
    name, tel = shown
    assert name in cards[0].text
    assert [a.attrs["href"] for a in page.inside(cards[0], "a") if a.attrs["href"].startswith("tel:")] == [tel]
    assert hidden[0] not in container.text


def test_help_page_shows_the_visit_host_first(client, visit):
    partner_id, shown, hidden = visit
    page = Page(client.get(f"/en/help{query(partner_id)}").text)
    assert_shown_first(page, "main", shown, hidden)
    assert page.by_id("help-host").order < page.by_id("help-directories").order


def test_zip_search_keeps_the_partner_and_shows_its_host_first(client, visit):
    partner_id, shown, hidden = visit
    response = client.post("/en/help/providers", data={"zip": "10001", **form_data({}, **control(partner_id))})
    assert_shown_first(Page(response.text), "main", shown, hidden)


def test_result_page_shows_the_visit_host_first_in_the_urgent_and_referral_blocks(client, visit):
    partner_id, shown, hidden = visit
    response = client.post("/en/result", data=form_data(URGENT, policy="doyle-2022", **control(partner_id)))
    page = Page(response.text)
    assert_shown_first(page, "call", shown, hidden)
    assert_shown_first(page, "referral", shown, hidden)
    assert page.has_id("partner-contact") is (partner_id is not None)
    help_links = [a.attrs["href"] for a in page.inside(page.by_id("referral"), "a") if "/help" in a.attrs["href"]]
    assert help_links == [f"/en/help{query(partner_id)}"]  # the help page it leads to shows the same host


def test_checklist_pages_show_the_visit_host_first(client, visit):
    partner_id, shown, hidden = visit
    printable = Page(client.get(f"/en/help/checklist{query(partner_id)}").text)
    assert_shown_first(printable, "main", shown, hidden)
    personal = Page(client.post("/en/help/checklist", data=form_data(URGENT, policy="doyle-2022", **control(partner_id))).text)
    assert_shown_first(personal, "main", shown, hidden)
    help_link = [a for a in personal.inside(personal.by_id("main"), "a") if a.attrs.get("href", "").startswith("/en/help")][-1]
    assert personal.by_id("checklist-host").order < help_link.order
    assert help_link.attrs["href"] == f"/en/help{query(partner_id)}"


def test_pdf_names_the_visit_host_first_under_legal_help(client, visit, tmp_path):
    partner_id, shown, hidden = visit
    response = client.post("/en/result.pdf", data=form_data(URGENT, policy="doyle-2022", **control(partner_id)))
    text = " ".join(pdf_text(response.content, tmp_path).split())
    help_section = text[text.index("Who to call"):]
    assert help_section.index(shown[0]) < help_section.index("Free legal help list of the immigration courts (EOIR)")
    digits = shown[1].removeprefix("tel:+1")
    assert f"({digits[:3]}) {digits[3:6]}-{digits[6:]}" in help_section
    assert hidden[0] not in text

