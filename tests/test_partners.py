"""Partner profiles: contrast maths, the partners file, start-up refusal, and the fallback for an unknown partner."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
from fastapi.testclient import TestClient

from app.partners import PartnerConfigError, load_partners
from app.partners.contrast import contrast_ratio, relative_luminance
from app.settings import Settings
from app.web.factory import create_app
from app.web.i18n import Catalogs, _, use_locale
from embed_support import REPO_ROOT, write_partners_file
from html_support import Page

EXAMPLE = REPO_ROOT / "examples" / "partners.example.yaml"


def frame_ancestors(response) -> str:
    return re.search(r"frame-ancestors ([^;]+)", response.headers["content-security-policy"]).group(1)


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    partners = write_partners_file(tmp_path_factory.mktemp("partners") / "partners.yaml")
    return TestClient(create_app(Settings(partners_file=partners)))


# --------------------------------------------------------------------------- contrast maths


@pytest.mark.parametrize(("fg", "bg", "expected"), [
    ("#000000", "#ffffff", 21.0),
    ("#ffffff", "#ffffff", 1.0),
    ("#777777", "#ffffff", 4.48),  # the well-known "just fails AA" grey
    ("#767676", "#ffffff", 4.54),  # the well-known "just passes AA" grey
    ("#0000ff", "#ffffff", 8.59),  # pure blue
    ("#ff0000", "#ffffff", 4.00),  # pure red: fails AA for normal text
])
def test_contrast_ratio_matches_wcag_reference_values(fg, bg, expected):
    assert contrast_ratio(fg, bg) == pytest.approx(expected, abs=0.01)
    assert contrast_ratio(bg, fg) == pytest.approx(expected, abs=0.01)


def test_relative_luminance_of_primaries():
    assert relative_luminance("#fff") == pytest.approx(1.0)
    assert relative_luminance("#f00") == pytest.approx(0.2126)
    assert relative_luminance("#00ff00") == pytest.approx(0.7152)


# --------------------------------------------------------------------------- the partners file


def test_example_partners_file_loads_with_logo_contact_and_desk_option():
    partners = load_partners(EXAMPLE)
    casa = partners.get("casa-ayuda")
    assert casa.origins == ("https://casa-ayuda.example.org", "https://www.casa-ayuda.example.org")
    assert casa.logo.url == "/partner/casa-ayuda/logo" and casa.logo.media_type == "image/svg+xml"
    assert casa.contact.doj_recognized is True and casa.contact.hours_in("es").startswith("De lunes")
    assert "Ñandú" in casa.contact.address
    assert casa.contact.phone_uri == "tel:+13125550142"  # one tel: form for every host card
    assert partners.get("desk-north").desk_mode is True


def test_no_partners_file_means_no_partners():
    assert len(load_partners(None)) == 0


def test_low_contrast_accent_is_rejected_naming_partner_pair_and_ratio(tmp_path):
    path = write_partners_file(tmp_path / "partners.yaml", accent="#ffdd55")
    with pytest.raises(PartnerConfigError) as caught:
        create_app(Settings(partners_file=path))
    message = str(caught.value)
    assert "casa-prueba" in message and str(path) in message
    assert "#ffdd55" in message and "on white" in message
    assert re.search(r"is 1\.\d\d:1, needs at least 4\.5:1", message), message


def test_accent_that_passes_on_white_but_not_on_the_panel_is_rejected(tmp_path):
    # #737373 is 4.74:1 on white but 4.34:1 on the light panel where footer links sit.
    assert contrast_ratio("#737373", "#ffffff") > 4.5 > contrast_ratio("#737373", "#f3f5f7")
    path = write_partners_file(tmp_path / "partners.yaml", accent="#737373")
    with pytest.raises(PartnerConfigError, match=r"light panel \(#737373 on #f3f5f7\) is 4\.3\d:1"):
        load_partners(path)


def test_server_refuses_to_start_with_one_clear_line(tmp_path):
    path = write_partners_file(tmp_path / "partners.yaml", accent="#ffdd55")
    env = {**os.environ, "PDS_PARTNERS_FILE": str(path)}
    done = subprocess.run([sys.executable, "-m", "uvicorn", "app.main:app", "--port", "0"], cwd=REPO_ROOT, env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode != 0
    assert "pd-screener cannot start: partners file" in done.stderr
    assert "partner 'casa-prueba'" in done.stderr and "Traceback" not in done.stderr


@pytest.mark.parametrize(("change", "expected"), [
    (("accent: \"#7a1f5c\"", "accent: \"purple\""), "is not a colour written as #rrggbb"),
    (("accent: \"#7a1f5c\"", "accent: \"#7a1f5c\"\n    logo: \"https://cdn.example.org/logo.png\""), "img-src 'self'"),
    (("accent: \"#7a1f5c\"", "accent: \"#7a1f5c\"\n    logo: \"missing.png\""), "cannot be read"),
    (("https://casa-prueba.example.org\"]", "https://casa-prueba.example.org/embed\"]"), "no path"),
    (("https://casa-prueba.example.org\"]", "'unsafe-inline'\"]"), "is not an origin"),
    (("desk_mode: false", "desk_mode: false\n    colour: red"), "colour is not a known field"),
    (("id: casa-prueba", "id: Casa Prueba"), "id must be lower-case"),
    # The contact block gets the checks of the host organization file.
    (('phone: "(312) 555-0142"', 'phone: "555-0142"'), "contact: phone '555-0142' is not a 10-digit US phone number"),
    (("has_attorneys: false\n", ""), "contact: has_attorneys is missing"),
    (('website: "https://casa-prueba.example.org/"', 'website: "casa-prueba.example.org"'), "contact: website"),
])
def test_bad_profiles_are_refused_with_the_reason(tmp_path, change, expected):
    path = write_partners_file(tmp_path / "partners.yaml")
    path.write_text(path.read_text(encoding="utf-8").replace(*change), encoding="utf-8")
    with pytest.raises(PartnerConfigError, match=re.escape(expected)):
        load_partners(path)


def test_duplicate_partner_id_is_refused(tmp_path):
    path = write_partners_file(tmp_path / "partners.yaml")
    text = path.read_text(encoding="utf-8")
    path.write_text(text + text.split("partners:\n", 1)[1], encoding="utf-8")
    with pytest.raises(PartnerConfigError, match="used twice"):
        load_partners(path)


def test_every_problem_of_every_profile_is_listed_with_its_line(tmp_path):
    path = write_partners_file(tmp_path / "partners.yaml", accent="#ffdd55")
    text = path.read_text(encoding="utf-8").replace('phone: "(312) 555-0142"', 'phone: "555-0142"')
    text = text.replace("desk_mode: false", "desk_mode: maybe")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PartnerConfigError) as caught:
        load_partners(path)
    lines = text.splitlines()
    found = [(problem.line, problem.text.split(": ")[1].split(" ")[0]) for problem in caught.value.located]
    assert sorted(found) == [(lines.index('    accent: "#ffdd55"') + 1, "accent"), (lines.index("    desk_mode: maybe") + 1, "desk_mode"),
                     (lines.index('      phone: "555-0142"') + 1, "contact")], caught.value.located


# --------------------------------------------------------------------------- choosing a partner


def test_unknown_partner_gets_the_default_page_not_an_error(client):
    response = client.get("/en/?partner=no-such-partner")
    assert response.status_code == 200
    assert frame_ancestors(response) == "'self'"
    assert "partner-name" not in response.text and "/theme.css" not in response.text
    assert 'name="_partner"' not in response.text and "partner=no-such-partner" not in response.text


def test_unknown_partner_in_a_posted_form_gets_the_default(client):
    response = client.post("/en/questions", data={"_partner": "no-such-partner"})
    assert response.status_code == 200
    assert frame_ancestors(response) == "'self'"
    assert 'name="_partner"' not in response.text


def test_known_partner_shows_name_colours_and_its_framing_origins(client):
    response = client.get("/en/?partner=casa-prueba")
    assert response.status_code == 200
    assert frame_ancestors(response) == "'self' https://casa-prueba.example.org"
    assert "Centro Ñandú – Asesoría Legal" in response.text
    assert '<link rel="stylesheet" href="/partner/casa-prueba/theme.css">' in response.text
    theme = client.get("/partner/casa-prueba/theme.css")
    assert theme.headers["content-type"].startswith("text/css") and "--brand: #7a1f5c" in theme.text
    assert client.get("/partner/no-such-partner/theme.css").status_code == 404


def test_partner_rides_in_hidden_fields_through_the_posted_flow(client):
    start = client.get("/en/?partner=casa-prueba")
    assert '<input type="hidden" name="_partner" value="casa-prueba">' in start.text
    question = client.post("/en/questions", data={"_partner": "casa-prueba"})
    assert '<input type="hidden" name="_partner" value="casa-prueba">' in question.text
    assert frame_ancestors(question) == "'self' https://casa-prueba.example.org"
    assert question.headers["cache-control"] == "no-store"
    assert not question.cookies and "set-cookie" not in question.headers


def test_every_link_inside_the_partner_visit_keeps_the_partner(client):
    page = client.get("/en/safety?partner=casa-prueba").text
    internal = re.findall(r'<a [^>]*href="(/[a-z]{2}/[^"]*)"', page)
    assert internal, page
    assert all("partner=casa-prueba" in href for href in internal), internal


def test_deployment_wide_origins_frame_every_page(tmp_path):
    app = create_app(Settings(embed_origins="https://clinic.example.org, https://*.ngo.example"))
    response = TestClient(app).get("/en/")
    assert frame_ancestors(response) == "'self' https://clinic.example.org https://*.ngo.example"


def test_embed_page_gives_the_snippet_in_each_language_the_page_s_own_first(client):
    for lang, other in (("en", "es"), ("es", "en")):
        page = Page(client.get(f"/{lang}/embed?partner=casa-prueba").text)
        snippets = [e for e in page.all("pre", cls="embed-snippet") if e.attrs.get("id", "").startswith("snippet-")]
        assert [e.attrs["id"] for e in snippets] == [f"snippet-{lang}", f"snippet-{other}"]
    english, spanish = (Page(client.get("/en/embed?partner=casa-prueba").text).by_id(f"snippet-{lang}").text
                        for lang in ("en", "es"))
    with use_locale(Catalogs(REPO_ROOT / "locales"), "es"):
        title = _("Immigration guidance check")
    assert f'src="http://testserver/es/?partner=casa-prueba" title="{title}"' in spanish
    assert ">Abrir la revisión de la guía de inmigración en una pestaña nueva</a>" in spanish
    assert ">Open the immigration guidance check in a new tab</a>" in english


def test_logo_from_a_file_next_to_the_partners_file_is_served_from_this_site():
    client = TestClient(create_app(Settings(partners_file=EXAMPLE)))
    page = client.get("/en/?partner=casa-ayuda").text
    assert '<img class="partner-logo" src="/partner/casa-ayuda/logo"' in page
    logo = client.get("/partner/casa-ayuda/logo")
    assert logo.status_code == 200 and logo.headers["content-type"] == "image/svg+xml"
    assert logo.content == (REPO_ROOT / "examples" / "casa-ayuda-logo.svg").read_bytes()
