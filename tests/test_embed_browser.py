"""Embedding across two origins in a real browser: a partner page on 127.0.0.1 frames the app on localhost.

Different hosts are different sites, so the app is a third party inside the frame. The context blocks
third-party cookies (and a probe frame proves it does); the app needs none.
"""

from __future__ import annotations

import http.server
import socket
import sys
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from browser_support import format_violations, run_axe, screenshot
from embed_support import RICH_ANSWERS, answer_every_question, see_result, wait_for_host, write_partners_file

pytestmark = pytest.mark.browser

FRAME = "#pd-screener"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class QuietServer(http.server.ThreadingHTTPServer):
    """Says nothing when the browser drops a connection (a frame or page closed mid-answer); raises nothing else away."""

    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class PartnerSite:
    """A partner's own site on 127.0.0.1:port: a page framing the app, a quick-exit landing page, a cookie probe."""

    def __init__(self, port: int, app_url: str, entry: str):
        site = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 - http.server's name
                if self.path == "/probe":
                    # A third-party cookie (SameSite=None; Secure is allowed on localhost): blocked if 3PCs are.
                    body, headers = b"<p id=probe>probe</p>", [("Set-Cookie", "probe=1; SameSite=None; Secure; Path=/")]
                elif self.path == "/exit":
                    body, headers = b"<title>Weather</title><h1>Weather</h1>", []
                else:
                    body, headers = site.page().encode(), []
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                for name, value in headers:
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.origin = f"http://127.0.0.1:{port}"
        self.app_url, self.entry = app_url, entry
        self.server = QuietServer(("127.0.0.1", port), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def page(self) -> str:
        probe = self.origin.replace("127.0.0.1", "localhost") + "/probe"
        return (
            "<!doctype html><title>Partner site</title><h1>Our partner page</h1>"
            f'<iframe id="pd-screener" src="{self.app_url}{self.entry}" title="Screener" width="100%" height="400"></iframe>'
            f'<script src="{self.app_url}/static/js/embed-host.js" data-pd-frame="pd-screener" async></script>'
            f'<iframe id="probe" src="{probe}" title="probe" height="40"></iframe>'
        )

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="module")
def sites(make_live_server, tmp_path_factory):
    allowed_port, other_port = free_port(), free_port()
    allowed = f"http://127.0.0.1:{allowed_port}"
    partners = write_partners_file(tmp_path_factory.mktemp("partners") / "partners.yaml", origins=[allowed])
    server = make_live_server(env={"PDS_PARTNERS_FILE": str(partners), "PDS_QUICK_EXIT_URL": f"{allowed}/exit"})
    app_url = server.url.replace("127.0.0.1", "localhost")  # another site than the partner's 127.0.0.1
    made = {
        "allowed": PartnerSite(allowed_port, app_url, "/en/?partner=casa-prueba"),
        "not_listed": PartnerSite(other_port, app_url, "/en/?partner=casa-prueba"),
    }
    yield server, app_url, made
    for site in made.values():
        site.close()


def open_partner_page(new_page, site: PartnerSite, *, javascript: bool = True):
    page = new_page(viewport=(1000, 800), javascript=javascript)
    cdp = page.context.new_cdp_session(page)
    # Block third-party cookies explicitly, whatever the profile's default.
    cdp.send("Network.setCookieControls", {"enableThirdPartyCookieRestriction": True,
                                           "disableThirdPartyCookieMetadata": True,
                                           "disableThirdPartyCookieHeuristics": True})
    responses: list = []
    page.context.on("response", lambda response: responses.append(response))
    page.responses = responses
    page.goto(site.origin + "/")
    return page


def app_frame(page, app_url: str):
    page.wait_for_selector(FRAME)
    for _ in range(100):
        frame = next((f for f in page.frames if f.url.startswith(app_url)), None)
        if frame is not None:
            return frame
        page.wait_for_timeout(50)
    raise AssertionError([f.url for f in page.frames])


def frame_height(page) -> int:
    return int(page.locator(FRAME).get_attribute("height"))


def complete_flow(frame) -> None:
    answer_every_question(frame, RICH_ANSWERS)
    see_result(frame)
    assert frame.locator("#favorable").count() == 1


def assert_no_cookies(page) -> None:
    assert page.frame_locator("#probe").locator("#probe").inner_text() == "probe"  # the probe frame loaded...
    tried = [r.url for r in page.responses if "set-cookie" in r.all_headers()]
    assert tried and all(url.endswith("/probe") for url in tried), tried  # ...and only the probe tried to set one
    assert page.context.cookies() == []  # ...and third-party cookies were refused; the app set none


def test_flow_completes_in_the_frame_which_resizes_to_its_content(sites, new_page):
    server, app_url, made = sites
    page = open_partner_page(new_page, made["allowed"])
    frame = app_frame(page, app_url)
    frame.wait_for_selector("form.start-form")
    wait_for_host(frame)
    start_height = frame_height(page)
    assert start_height != 400, "the host script never resized the frame"
    assert frame.locator("#partner-name").inner_text().endswith("Centro Ñandú – Asesoría Legal")
    complete_flow(frame)
    wait_for_host(frame)
    result_height = frame_height(page)
    assert result_height > start_height + 500, (start_height, result_height)
    assert frame.locator("#partner-contact").count() == 1
    violations = run_axe(frame)
    assert not violations, format_violations(violations)
    screenshot(page, "embed-partner-result", full_page=False)  # Chromium paints a tall frame only near the viewport
    with page.expect_download() as download:  # the PDF comes out of the cross-site frame too
        frame.click("#download-pdf button")
    assert download.value.suggested_filename.endswith(".pdf")
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF-")
    assert_no_cookies(page)


def test_links_to_other_sites_open_in_a_new_tab_and_quick_exit_leaves_the_partner_page(sites, new_page):
    server, app_url, made = sites
    page = open_partner_page(new_page, made["allowed"])
    frame = app_frame(page, app_url)
    complete_flow(frame)
    links = frame.eval_on_selector_all("a[href]", "els => els.map(a => [a.id, a.href, a.target, a.rel])")
    external = [link for link in links if urlsplit(link[1]).scheme in ("http", "https")
                and not link[1].startswith(app_url)]
    assert len(external) > 5
    for link_id, href, target, rel in external:
        if link_id == "quick-exit":
            assert target == "_top", href
        else:
            assert target == "_blank" and {"noopener", "noreferrer"} <= set(rel.split()), (href, target, rel)
    frame.click("#quick-exit")
    page.wait_for_url(made["allowed"].origin + "/exit")
    assert page.title() == "Weather"


def test_flow_and_quick_exit_work_in_the_frame_without_javascript(sites, new_page):
    server, app_url, made = sites
    page = open_partner_page(new_page, made["allowed"], javascript=False)
    frame = app_frame(page, app_url)
    complete_flow(frame)
    assert frame_height(page) == 400  # no script, so the frame keeps its height and scrolls
    assert frame.locator("#partner-contact").count() == 1
    assert_no_cookies(page)
    frame.click("#quick-exit")
    page.wait_for_url(made["allowed"].origin + "/exit")


@pytest.mark.parametrize("case", ["site not listed", "unknown partner"])
def test_browser_refuses_to_frame_the_app_for_a_site_that_is_not_allowed(sites, new_page, case):
    server, app_url, made = sites
    site = made["not_listed"] if case == "site not listed" else made["allowed"]
    original = site.entry
    if case == "unknown partner":
        site.entry = "/en/?partner=someone-else"  # the default profile lets only the app's own site frame it
    try:
        page = new_page(viewport=(1000, 800))
        refusals: list[str] = []
        page.on("console", lambda m: refusals.append(m.text) if "frame-ancestors" in m.text else None)
        with page.expect_response(lambda r: r.url.startswith(app_url + "/en/")) as caught:
            page.goto(site.origin + "/")
        csp = caught.value.headers["content-security-policy"]
        assert site.origin not in csp.split("frame-ancestors", 1)[1]
        page.wait_for_timeout(500)
        frame = page.frame_locator(FRAME)
        assert frame.locator("form.start-form").count() == 0
        assert not any(f.url.startswith(app_url) and "Immigration guidance check" in f.content() for f in page.frames)
        assert refusals and "violates the following Content Security Policy directive" in refusals[0], refusals
    finally:
        site.entry = original


def test_embed_page_shows_the_snippet_and_a_preview_that_resizes(sites, new_page):
    server, app_url, made = sites
    page = new_page(viewport=(1000, 800))
    page.goto(f"{server.url}/en/embed?partner=casa-prueba")
    snippet = page.locator(".embed-snippet").inner_text()
    assert f'src="{server.url}/en/?partner=casa-prueba"' in snippet
    assert f'src="{server.url}/static/js/embed-host.js"' in snippet and "sandbox" not in snippet
    assert made["allowed"].origin in page.locator(".embed-origins").inner_text()
    preview = next(f for f in page.frames if f.url.startswith(server.url + "/en/?partner="))
    preview.wait_for_selector("form.start-form")
    wait_for_host(preview)
    assert frame_height(page) != 700
    violations = run_axe(page)
    assert not violations, format_violations(violations)
    screenshot(page, "embed-page")
