"""The summary PDF under a surge (issue 26): a worker makes at most PDS_PDF_BUILDS PDFs at once and turns the rest
away at once with a 503 page that keeps the answers; a PDF whose person has gone stops being made; the fonts are
parsed once per process. Memory is asserted (the pod's limit), time never is (bench/pdf_load.py measures it)."""

from __future__ import annotations

import asyncio
import re
import subprocess
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode

import httpx
import pytest
from fastapi.testclient import TestClient

import app.web.pdf as pdf_route
import app.web.pdf_document as pdf_document
from app.settings import Settings
from app.web.factory import create_app
from app.web.summary_pdf import BuildAbandoned, build_summary_pdf
import flow_driver
from browser_support import format_violations, run_axe
from embed_support import RICH_ANSWERS, form_data, form_pairs, pdf_text
from html_support import Page

TODAY = "2026-11-23"
CLIENTS = 30
POD_LIMIT_MIB = 320  # deploy/kubernetes/deployment.yaml: resources.limits.memory
AFTER_MIB = 160  # the pod's request: where a worker is back to once the surge has passed
FORM = {"content-type": "application/x-www-form-urlencoded"}


def memory_mib(pid: int) -> tuple[float, float]:
    """(peak, now) resident memory of a process: the kernel's high-water mark (VmHWM) and VmRSS."""
    status = Path(f"/proc/{pid}/status").read_text()
    return tuple(int(re.search(rf"{key}:\s+(\d+) kB", status).group(1)) / 1024 for key in ("VmHWM", "VmRSS"))  # type: ignore[return-value]


def test_thirty_pdfs_asked_at_once_get_a_pdf_or_a_503_and_the_worker_stays_under_the_pod_limit(
        make_live_server, tmp_path, record_property):
    server = make_live_server({"PDS_TODAY": TODAY}, fresh=True)  # its own worker: the peak is this test's
    body = urlencode(form_pairs(RICH_ANSWERS, policy="doyle-2022"))
    start = threading.Barrier(CLIENTS)

    def ask(_: int) -> httpx.Response:
        with httpx.Client(base_url=server.url, timeout=120) as http:
            start.wait()
            return http.post("/en/result.pdf", content=body, headers=FORM)

    with ThreadPoolExecutor(CLIENTS) as pool:
        answers = list(pool.map(ask, range(CLIENTS)))
    peak, now = memory_mib(server.proc.pid)
    pdfs = [a for a in answers if a.status_code == 200]
    busy = [a for a in answers if a.status_code == 503]
    print(f"{CLIENTS} PDF requests at once: {len(pdfs)} PDFs, {len(busy)} 503s; worker peak {peak:.0f} MiB, "
          f"after {now:.0f} MiB")
    record_property("figure: PDF surge, 30 at once: PDFs / 503s", f"{len(pdfs)} / {len(busy)}")
    record_property("figure: PDF surge, 30 at once: worker peak / after (MiB)", f"{peak:.0f} / {now:.0f}")
    assert len(pdfs) + len(busy) == CLIENTS, sorted({a.status_code for a in answers})
    assert pdfs, "no PDF was made"
    for answer in pdfs:
        assert answer.headers["content-type"] == "application/pdf" and answer.content.startswith(b"%PDF-")
    for answer in busy:
        assert answer.headers["retry-after"].isdigit() and answer.headers["cache-control"] == "no-store"
        assert answer.headers["content-type"].startswith("text/html")
    # PDFs made side by side share the parsed fonts: each says what a PDF made alone says.
    texts = {pdf_text(answer.content, tmp_path) for answer in pdfs}
    assert len(texts) == 1 and "Summary for a lawyer" in texts.pop()
    assert peak < POD_LIMIT_MIB and now < AFTER_MIB, (peak, now)
    assert "Traceback" not in server.log_text()


@pytest.fixture
def app():
    return create_app(Settings(today=TODAY))


@pytest.mark.parametrize("lang, title", [("en", "The PDF could not be made right now"),
                                         ("es", "No pudimos hacer el PDF en este momento")])
def test_with_every_slot_taken_the_503_page_keeps_the_answers_for_another_try(app, lang, title):
    posted = form_pairs(RICH_ANSWERS, policy="doyle-2022", pdf_lang="en", pdf_include_private="1")
    client = TestClient(app)
    slots = app.state.pds.pdf_builds
    held = [slots.slot() for _ in range(slots.limit)]
    assert all(slot.__enter__() for slot in held)  # every PDF slot busy, as in a surge
    try:
        busy = client.post(f"/{lang}/result.pdf", content=urlencode(posted), headers=FORM)
    finally:
        for slot in held:
            slot.__exit__(None, None, None)
    assert busy.status_code == 503
    assert busy.headers["retry-after"] == str(pdf_route.RETRY_AFTER_SECONDS)
    assert busy.headers["cache-control"] == "no-store" and busy.headers["content-language"] == lang
    page = Page(busy.text)
    assert page.all("h1")[0].text == title and page.all("title")[0].text.startswith(title)
    retry = page.by_id("pdf-retry")
    assert retry.attrs["method"] == "post" and retry.attrs["action"] == f"/{lang}/result.pdf"
    fields = [(i.attrs["name"], i.attrs["value"]) for i in page.inside(retry, "input") if i.attrs.get("type") == "hidden"]
    assert sorted(fields) == sorted(posted)  # every answer and both PDF choices, nothing else
    back = next(f for f in page.all("form") if f.attrs.get("action") == f"/{lang}/result")
    back_fields = {(i.attrs["name"], i.attrs["value"]) for i in page.inside(back, "input")}
    assert back_fields == set(form_pairs(RICH_ANSWERS, policy="doyle-2022"))
    again = client.post(f"/{lang}/result.pdf", content=urlencode(fields), headers=FORM)
    assert again.status_code == 200 and again.content.startswith(b"%PDF-")
    assert again.headers["content-language"] == "en"  # the PDF's language choice rode along
    assert slots.taken == 0


async def call(app, body: bytes, receive_after_body) -> list[dict]:
    """One POST /en/result.pdf straight through the ASGI app; what it sent."""
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST", "scheme": "http",
             "path": "/en/result.pdf", "raw_path": b"/en/result.pdf", "query_string": b"", "root_path": "",
             "headers": [(b"host", b"testserver"), (b"content-type", FORM["content-type"].encode()),
                         (b"content-length", str(len(body)).encode())],
             "client": ("127.0.0.1", 50000), "server": ("testserver", 80), "state": {}}
    sent: list[dict] = []
    delivered = False

    async def receive() -> dict:
        nonlocal delivered
        if not delivered:
            delivered = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive_after_body()

    async def send(message: dict) -> None:
        sent.append(message)

    await app(scope, receive, send)
    return sent


def test_a_pdf_whose_person_has_gone_stops_being_made(app, monkeypatch):
    asked: list[bool] = []
    written: list[int] = []

    def build_once_gone(*args, abandoned, **kwargs):
        # In the build's thread: wait (bounded) until the route has heard the connection close, then build.
        gone = threading.Event()
        for _ in range(1000):
            if abandoned():
                gone.set()
                break
            gone.wait(0.01)
        asked.append(gone.is_set())
        return build_summary_pdf(*args, abandoned=abandoned, **kwargs)

    monkeypatch.setattr(pdf_route, "build_summary_pdf", build_once_gone)
    monkeypatch.setattr(pdf_document.SummaryDocument, "output", lambda self: written.append(1) or b"%PDF-")

    async def disconnect() -> dict:
        return {"type": "http.disconnect"}

    body = urlencode(form_pairs(RICH_ANSWERS, policy="doyle-2022")).encode()
    with ThreadPoolExecutor(1) as own_loop:  # a thread of its own: Playwright may run an event loop in this one
        sent = own_loop.submit(asyncio.run, call(app, body, disconnect)).result()
    assert asked == [True], "the route never told the build that the connection had closed"
    assert written == []  # stopped before the file was put together
    start = next(m for m in sent if m["type"] == "http.response.start")
    assert start["status"] != 200 and b"%PDF" not in b"".join(m.get("body", b"") for m in sent)
    assert app.state.pds.pdf_builds.taken == 0  # its slot is free again


def test_the_build_asks_between_sections_and_stops_at_the_first_yes(app, monkeypatch):
    captured = {}
    monkeypatch.setattr(pdf_route, "build_summary_pdf", lambda *args, **kwargs: captured.update(args=args, kwargs=kwargs) or b"%PDF-")
    TestClient(app).post("/en/result.pdf", data=form_data(RICH_ANSWERS, policy="doyle-2022"))
    asked = []

    def abandoned() -> bool:
        asked.append(1)
        return len(asked) == 4  # the person leaves while the fourth section is due

    with pytest.raises(BuildAbandoned):
        build_summary_pdf(*captured["args"], **{**captured["kwargs"], "abandoned": abandoned})
    assert len(asked) == 4
    assert build_summary_pdf(*captured["args"], **captured["kwargs"]).startswith(b"%PDF-")  # asked, and never gone


def test_the_fonts_are_parsed_once_per_process(app, monkeypatch):
    monkeypatch.setattr(pdf_document, "_PARSED", {})
    parsed: list[str] = []
    real_add_font = pdf_document.FPDF.add_font

    def counting_add_font(self, family=None, style="", fname=None, **kwargs):
        parsed.append(f"{fname} {style}")
        return real_add_font(self, family, style, fname, **kwargs)

    monkeypatch.setattr(pdf_document.FPDF, "add_font", counting_add_font)
    client = TestClient(app)
    for lang, control in (("en", {}), ("es", {}), ("es", {"desk": "1"}), ("en", {})):
        response = client.post(f"/{lang}/result.pdf", data=form_data(RICH_ANSWERS, policy="doyle-2022", **control))
        assert response.status_code == 200 and response.content.startswith(b"%PDF-")
    settings = app.state.pds.settings
    assert parsed == [f"{settings.pdf_font} ", f"{settings.pdf_font_bold} B"]


def test_pdfs_made_from_the_shared_fonts_embed_their_own_subset(app, tmp_path):
    client = TestClient(app)
    sizes = []
    for lang in ("en", "es", "en"):
        content = client.post(f"/{lang}/result.pdf", data=form_data(RICH_ANSWERS, policy="doyle-2022")).content
        source = tmp_path / f"{lang}.pdf"
        source.write_bytes(content)
        fonts = subprocess.run(["pdffonts", str(source)], capture_output=True, text=True, check=True).stdout
        assert fonts.count("CID TrueType") == 2 and all(" yes yes yes " in line for line in fonts.splitlines()[2:])
        sizes.append(len(content))
    # The third PDF is the first one again: what the Spanish one added to its fonts did not stay in the shared ones.
    assert abs(sizes[2] - sizes[0]) < 200, sizes


def busy_answer(lang: str, pairs: list[tuple[str, str]]) -> tuple[str, dict[str, str]]:
    """The 503 page the app draws with every PDF slot taken (the live server's settings, so its static files match)."""
    app = create_app(Settings())
    slots = app.state.pds.pdf_builds
    held = [slots.slot() for _ in range(slots.limit)]
    assert all(slot.__enter__() for slot in held)
    response = TestClient(app).post(f"/{lang}/result.pdf", content=urlencode(pairs), headers=FORM)
    assert response.status_code == 503
    return response.text, {k: v for k, v in response.headers.items() if k not in ("content-length", "content-encoding")}


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_busy_page_passes_axe_and_try_again_gets_the_pdf_without_javascript(live_server, new_page, lang):
    """The page comes where the person pressed "Download PDF" (served in place of the server's first answer, as a
    surge would make it); with JavaScript off, "Try again" posts the answers to the real server and gets the PDF."""
    pairs = form_pairs(RICH_ANSWERS, policy="doyle-2022")
    html, headers = busy_answer(lang, [*pairs, ("_pdf_include_private", "1")])
    for javascript in (True, False):
        page = new_page(javascript=javascript)
        busy_served: list[str] = []

        def first_answer_busy(route) -> None:
            if busy_served:
                route.continue_()
            else:
                busy_served.append(route.request.post_data or "")
                route.fulfill(status=503, headers=headers, body=html)

        page.route(f"{live_server.url}/{lang}/result.pdf", first_answer_busy)
        flow_driver.goto(page, f"{live_server.url}/{lang}/")
        flow_driver.post_form(page, f"{live_server.url}/{lang}/result", pairs)
        page.check("#pdf-include-private")
        flow_driver.submit(page, "#download-pdf button[type=submit]", javascript=False)  # a plain download form
        assert busy_served and page.locator("h1").inner_text() == Page(html).all("h1")[0].text
        if javascript:
            violations = run_axe(page)
            assert not violations, format_violations(violations)
            continue
        with page.expect_download() as download:
            page.click("#pdf-retry button[type=submit]")
        assert Path(download.value.path()).read_bytes().startswith(b"%PDF-")
        assert len(busy_served) == 1
