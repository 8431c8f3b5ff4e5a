"""The summary PDF: made from posted answers, streamed and not stored, read back with poppler's pdftotext."""

from __future__ import annotations

import subprocess
from datetime import date

import httpx
import pytest
from fastapi.testclient import TestClient

from app.core import screen
from app.policy import load_packs
from app.settings import Settings
from app.web.factory import create_app
from app.web.summary_pdf import DIRECTORIES
from browser_support import SCREENSHOT_DIR
from embed_support import RICH_ANSWERS, client_language_dir, form_data, form_pairs, pdf_text, translator, write_partners_file

ACCENTS = "á é í ó ú ñ ¿ ¡ § –"
PARTNER_NAME = f"Centro Ñandú – Asesoría Legal ({ACCENTS})"


def flat(text: str) -> str:
    """Whitespace folded, so a phrase wrapped over two lines of the PDF still matches."""
    return " ".join(text.split())


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    lang, locales = client_language_dir(tmp_path_factory.mktemp("locales"))
    partners = write_partners_file(tmp_path_factory.mktemp("partners") / "partners.yaml", name=PARTNER_NAME)
    client = TestClient(create_app(Settings(locales_dir=locales, partners_file=partners, today="2026-11-23")))
    return client, lang, locales


def post_pdf(client, lang: str, **control: str):
    return client.post(f"/{lang}/result.pdf", data=form_data(RICH_ANSWERS, policy="doyle-2022", **control))


def expected_factors() -> list:
    pack = load_packs().get("doyle-2022")
    result = screen(RICH_ANSWERS, pack, date(2026, 11, 23))
    return [pack.factor(f) for f in result.favorable_factors + result.aggravating_factors]


def test_pdf_is_an_attachment_that_is_never_stored(setup):
    client, lang, _ = setup
    response = post_pdf(client, lang)
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["cache-control"] == "no-store"
    assert response.headers["content-disposition"].startswith("attachment;")
    assert response.content.startswith(b"%PDF-")
    assert "set-cookie" not in response.headers


def test_english_pdf_has_date_status_answers_factors_citations_checklist_and_contacts(setup, tmp_path):
    client, _, _ = setup
    # The private answers are in it only when the person adds them (content review H2).
    text = flat(pdf_text(post_pdf(client, "en", partner="casa-prueba", pdf_include_private="1").content, tmp_path))
    assert "Date: November 23, 2026" in text
    assert "Status of this guidance: Ended" in text and "This guidance ended on January 20, 2025." in text
    assert "Do you have a case in immigration court? Yes" in text  # question, then the chosen label
    relief = load_packs().get("doyle-2022").question("relief")
    chosen = next(o.label for o in relief.options if o.value == "family_petition")
    assert flat(f"{relief.text} {chosen}") in text  # a multi-select answer
    factors = expected_factors()
    assert {f.id for f in factors} >= {"lengthy_presence", "us_family", "prior_record"}
    for factor in factors:
        assert flat(factor.name) in text, factor.id
        for citation in factor.citations:
            assert citation.url in text, (factor.id, citation.url)
    for factor in factors:
        for document in factor.documents:
            assert flat(document) in text, document  # the checklist for the lawyer
    assert "Get help from a lawyer now" in text  # court case, no lawyer
    assert PARTNER_NAME in text and "(312) 555-0142" in text and "citas@casa-prueba.example.org" in text
    for directory in DIRECTORIES:
        assert flat(directory.name) in text and directory.url in text


def test_pdf_in_the_client_language(setup, tmp_path):
    client, lang, locales = setup
    t = translator(locales, lang)
    text = flat(pdf_text(post_pdf(client, lang, partner="casa-prueba").content, tmp_path))
    for msgid in ("Summary for a lawyer or accredited representative", "Checklist for the lawyer: papers to bring",
                  "Who to call", "You have lived in the US for a long time",
                  "Free legal help list of the immigration courts (EOIR)"):
        assert t(msgid) != msgid, f"{lang} has no translation of {msgid!r}"
        assert flat(t(msgid)) in text, msgid
    assert "Checklist for the lawyer: papers to bring" not in text  # not bilingual outside desk mode
    assert "https://www.justice.gov/eoir/list-pro-bono-legal-service-providers" in text
    assert "¡De lunes a viernes!" in text  # the partner's hours in the client's language


def test_desk_mode_pdf_has_both_languages(setup, tmp_path):
    client, lang, locales = setup
    t = translator(locales, lang)
    text = flat(pdf_text(post_pdf(client, lang, desk="1").content, tmp_path))
    for msgid in ("Summary for a lawyer or accredited representative", "Who to call",
                  "You came to the US as a child"):
        assert flat(t(msgid)) in text and msgid in text, msgid
    # The client's language comes first.
    assert text.index(flat(t("Who to call"))) < text.index("Who to call")


def test_accents_and_symbols_survive(setup, tmp_path):
    client, lang, _ = setup
    text = pdf_text(post_pdf(client, lang, partner="casa-prueba").content, tmp_path)
    assert PARTNER_NAME in text
    assert "1200 W. Calle Ñandú, Suite § 3 – Chicago, IL 60608" in text
    assert "☐" in text  # checklist boxes


def test_pdf_fonts_are_embedded_unicode_truetype(setup, tmp_path):
    client, lang, _ = setup
    source = tmp_path / "summary.pdf"
    source.write_bytes(post_pdf(client, lang).content)
    fonts = subprocess.run(["pdffonts", str(source)], capture_output=True, text=True, check=True).stdout
    assert "DejaVuSans" in fonts and "Identity-H" in fonts
    assert all(" yes " in line for line in fonts.splitlines()[2:] if line.strip()), fonts  # embedded


def test_bad_answers_get_the_error_page_not_a_pdf(setup):
    client, lang, _ = setup
    response = client.post(f"/{lang}/result.pdf", data={"court_case": "maybe<script>"})
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("text/html")
    assert "<script>" not in response.text


def test_unknown_language_is_a_404_page(setup):
    client, _, _ = setup
    assert client.post("/xx/result.pdf", data={"court_case": "no"}).status_code == 404


def test_missing_font_stops_start_up_naming_the_package(tmp_path):
    with pytest.raises(Exception, match="fonts-dejavu-core"):
        create_app(Settings(pdf_font=tmp_path / "nope.ttf"))


def test_pdf_over_real_http_from_the_result_page_form(live_server, tmp_path):
    """The result page's own form posts what the PDF needs (speed is measured in bench/, not asserted here)."""
    with httpx.Client(base_url=live_server.url, timeout=30) as http:
        page = http.post("/en/result", data=form_data(RICH_ANSWERS, policy="doyle-2022"))
        assert 'action="/en/result.pdf"' in page.text
        response = http.post("/en/result.pdf", data=form_data(RICH_ANSWERS, policy="doyle-2022"))
    assert response.status_code == 200
    assert "Summary for a lawyer" in pdf_text(response.content, tmp_path)
    assert "court_case" not in live_server.log_text()  # answers never reach the log


@pytest.mark.browser
def test_result_page_printed_to_pdf_has_no_navigation_and_writes_out_citations(live_server, new_page, tmp_path):
    page = new_page(viewport=(1000, 1200))
    page.goto(f"{live_server.url}/en/")
    # Post the answers the way the check page does, then print what the browser shows.
    page.evaluate("""([action, pairs]) => {
        const form = document.createElement('form'); form.method = 'post'; form.action = action;
        for (const [n, v] of pairs) { const i = document.createElement('input'); i.type = 'hidden'; i.name = n; i.value = v; form.appendChild(i); }
        document.body.appendChild(form); form.submit(); }""",
                  ["/en/result", form_pairs(RICH_ANSWERS, policy="doyle-2022")])
    page.wait_for_selector("#favorable")
    pdf_path = tmp_path / "printed.pdf"
    page.pdf(path=str(pdf_path), format="Letter", print_background=True)
    text = subprocess.run(["pdftotext", str(pdf_path), "-"], capture_output=True, text=True, check=True).stdout
    folded = flat(text)
    assert "Your result" in folded
    assert "Leave this site quickly" not in folded and "Change your answers" not in folded
    assert "Download PDF" not in folded and "Staying safe online" not in folded
    unspaced = folded.replace(" ", "")  # a long address may wrap anywhere
    assert "(https://www.justice.gov/eoir/list-pro-bono-legal-service-providers)" in unspaced
    assert f"({expected_factors()[0].citations[0].url})" in unspaced  # citations written out
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "2", str(pdf_path),
                    str(SCREENSHOT_DIR / "result-printed")], check=True)
    assert (SCREENSHOT_DIR / "result-printed-1.png").is_file()
