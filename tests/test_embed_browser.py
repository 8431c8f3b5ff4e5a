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

from app.web.embed import embed_snippet
from browser_support import format_violations, run_axe, screenshot
from embed_support import RICH_ANSWERS, answer_every_question, see_result, wait_for_host, write_partners_file

pytestmark = pytest.mark.browser

FRAME = "#pd-screener"
LINK = "#pd-screener-link a"
FRAME_TITLE, LINK_TEXT = "Immigration guidance check", "Open the immigration guidance check in a new tab"
SNIPPET_HEIGHT = 900  # the frame's height in the snippet, before the host script fits it to its page
HELLO_WAIT_MS = 3000  # embed-host.js: how long after the frame's load its page has to say hello


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
    """A partner's own site on 127.0.0.1:port: a page with the embed page's snippet, a quick-exit landing page, a cookie
    probe. `above` is HTML put before the snippet (a tall block pushes the lazy frame out of view)."""

    def __init__(self, port: int, app_url: str, entry: str, above: str = ""):
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
        self.app_url, self.entry, self.above = app_url, entry, above
        self.server = QuietServer(("127.0.0.1", port), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def page(self) -> str:
        probe = self.origin.replace("127.0.0.1", "localhost") + "/probe"
        return (
            f"<!doctype html><title>Partner site</title><h1>Our partner page</h1>{self.above}"
            + embed_snippet(self.app_url, self.entry, FRAME_TITLE, LINK_TEXT)
            + f'<iframe id="probe" src="{probe}" title="probe" height="40"></iframe>'
        )

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="module")
def sites(make_live_server, tmp_path_factory):
    allowed_port, below_port, other_port = free_port(), free_port(), free_port()
    allowed = [f"http://127.0.0.1:{allowed_port}", f"http://127.0.0.1:{below_port}"]
    partners = write_partners_file(tmp_path_factory.mktemp("partners") / "partners.yaml", origins=allowed)
    server = make_live_server(env={"PDS_PARTNERS_FILE": str(partners), "PDS_QUICK_EXIT_URL": f"{allowed[0]}/exit"})
    app_url = server.url.replace("127.0.0.1", "localhost")  # another site than the partner's 127.0.0.1
    made = {
        "allowed": PartnerSite(allowed_port, app_url, "/en/?partner=casa-prueba"),
        "allowed, frame far below": PartnerSite(below_port, app_url, "/en/?partner=casa-prueba",
                                                above='<div style="height: 12000px">Our news</div>'),
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
    assert start_height != SNIPPET_HEIGHT, "the host script never resized the frame"
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
    assert frame_height(page) == SNIPPET_HEIGHT  # no script, so the frame keeps its height and scrolls
    assert frame.locator("#partner-contact").count() == 1
    assert_no_cookies(page)
    frame.click("#quick-exit")
    page.wait_for_url(made["allowed"].origin + "/exit")


# On the partner's page, before its scripts: counts the frame's load events, and notes whether its page has said
# hello (a height message) since the last one. Both listeners run in the same event dispatch as embed-host.js's own,
# so once `helloSinceLoad` is true the host script has heard that hello too.
FRAME_WATCH_JS = """
window.__pd = {loads: 0, helloSinceLoad: false};
document.addEventListener("load", function (event) {
  if (event.target && event.target.id === "pd-screener") { window.__pd.loads += 1; window.__pd.helloSinceLoad = false; }
}, true);
window.addEventListener("message", function (event) {
  if (event.data && event.data.type === "pd-screener:height") window.__pd.helloSinceLoad = true;
});
"""


def watched_partner_page(new_page, site: PartnerSite, *, javascript: bool = True):
    """The partner's page with the fake clock installed and the frame watched (FRAME_WATCH_JS)."""
    page = new_page(viewport=(1000, 800), javascript=javascript)
    page.add_init_script(FRAME_WATCH_JS)
    page.clock.install()  # time runs as usual; run_for() moves it on at once, firing the timers it passes
    return page


def frame_watch(page) -> dict:
    return page.evaluate("window.__pd")


def assert_frame_shown(page) -> None:
    assert page.locator(FRAME).is_visible() and page.locator(FRAME).get_attribute("data-pd-refused") is None


def assert_frame_stays_after_its_hello(page, app_url: str):
    """Once the frame has loaded and its page has said hello, long past the host script's wait: the frame is shown
    and fitted to its page. Returns the frame."""
    frame = app_frame(page, app_url)
    frame.wait_for_selector("form.start-form")
    page.wait_for_function("window.__pd.loads >= 1 && window.__pd.helloSinceLoad")
    page.clock.run_for(HELLO_WAIT_MS * 3)
    assert_frame_shown(page)
    wait_for_host(frame)
    return frame


@pytest.mark.parametrize("case", ["site not listed", "unknown partner"])
def test_a_site_that_is_not_allowed_gets_the_link_in_place_of_the_frame_the_browser_refused(sites, new_page, case):
    server, app_url, made = sites
    site = made["not_listed"] if case == "site not listed" else made["allowed"]
    original = site.entry
    if case == "unknown partner":
        site.entry = "/en/?partner=someone-else"  # the default profile lets only the app's own site frame it
    try:
        page = watched_partner_page(new_page, site)
        refusals: list[str] = []
        page.on("console", lambda m: refusals.append(m.text) if "frame-ancestors" in m.text else None)
        with page.expect_response(lambda r: r.url.startswith(app_url + "/en/")) as caught:
            page.goto(site.origin + "/")
        csp = caught.value.headers["content-security-policy"]
        assert site.origin not in csp.split("frame-ancestors", 1)[1]
        page.wait_for_function("window.__pd.loads >= 1")  # the browser's refusal has loaded in the frame
        assert page.locator(FRAME).is_visible()  # not before the wait: a page may still say hello
        page.clock.run_for(HELLO_WAIT_MS)
        page.wait_for_selector(FRAME, state="hidden")
        assert page.locator(FRAME).get_attribute("data-pd-refused") == ""
        assert frame_watch(page) == {"loads": 1, "helloSinceLoad": False}
        assert refusals and "violates the following Content Security Policy directive" in refusals[0], refusals
        assert not any(f.url.startswith(app_url) and "Immigration guidance check" in f.content() for f in page.frames)
        # In its place, the snippet's link: a plain link that opens the screener, whole, in a new tab.
        link = page.locator(LINK)
        assert link.is_visible() and link.inner_text() == LINK_TEXT
        assert (link.get_attribute("href"), link.get_attribute("target")) == (app_url + site.entry, "_blank")
        with page.expect_popup() as popup:
            link.click()
        popup.value.wait_for_selector("form.start-form")
        assert popup.value.url == app_url + site.entry
    finally:
        site.entry = original


def test_without_javascript_the_link_is_under_the_frame_the_browser_refused(sites, new_page):
    server, app_url, made = sites
    page = new_page(viewport=(1000, 800), javascript=False)
    with page.expect_response(lambda r: r.url.startswith(app_url + "/en/")):
        page.goto(made["not_listed"].origin + "/")
    frame_box, link_box = page.locator(FRAME).bounding_box(), page.locator(LINK).bounding_box()
    assert link_box["y"] >= frame_box["y"] + frame_box["height"]  # the refused frame stays; the link is under it
    assert page.locator(LINK).get_attribute("href") == app_url + made["not_listed"].entry


def test_on_an_allowed_site_a_frame_that_said_hello_stays_long_after_the_wait(sites, new_page):
    server, app_url, made = sites
    page = watched_partner_page(new_page, made["allowed"])
    page.goto(made["allowed"].origin + "/")
    assert_frame_stays_after_its_hello(page, app_url)
    assert frame_height(page) != SNIPPET_HEIGHT
    assert page.locator(LINK).is_visible()  # the snippet's link stays under a frame that works


def test_a_lazy_frame_out_of_view_is_waited_for_from_its_own_load_and_works_when_scrolled_to(sites, new_page):
    server, app_url, made = sites
    site = made["allowed, frame far below"]
    page = watched_partner_page(new_page, site)
    page.goto(site.origin + "/")
    page.wait_for_load_state("load")
    page.clock.run_for(HELLO_WAIT_MS * 3)  # long past any wait the host script could have started on its own
    assert frame_watch(page)["loads"] == 0  # lazy and far out of view: not loaded yet
    assert_frame_shown(page)
    page.locator(FRAME).scroll_into_view_if_needed()
    assert_frame_stays_after_its_hello(page, app_url)


def test_embed_page_shows_the_snippet_and_a_preview_that_resizes(sites, new_page):
    server, app_url, made = sites
    page = new_page(viewport=(1000, 800))
    page.goto(f"{server.url}/en/embed?partner=casa-prueba")
    snippet = page.locator("#snippet-en").inner_text()
    assert snippet == embed_snippet(server.url, "/en/?partner=casa-prueba", FRAME_TITLE, LINK_TEXT)
    assert f'src="{server.url}/static/js/embed-host.js"' in snippet and "sandbox" not in snippet
    assert made["allowed"].origin in page.locator(".embed-origins").inner_text()
    preview = next(f for f in page.frames if f.url.startswith(server.url + "/en/?partner="))
    preview.wait_for_selector("form.start-form")
    wait_for_host(preview)
    assert frame_height(page) != 700
    violations = run_axe(page)
    assert not violations, format_violations(violations)
    screenshot(page, "embed-page")
