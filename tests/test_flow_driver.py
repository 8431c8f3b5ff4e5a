"""The browser driver's wait for a no-JS step, against a server that sends a page's head before its body.

A page with JavaScript disabled never runs the timers `wait_for_function` polls with: a wait that starts before the
new document has parsed its heading is checked once and then never again. The CI run that failed twice
(`test_browser_flow` and `test_browser_navigation`, no-JS, "Page.wait_for_function: Timeout 10000ms exceeded") was
this: under load the new document's scripting context was ready before its `<h1>` had arrived. Here the server makes
that likely by pausing between the head and the body: the old wait failed there, `submit` must not.
(A test that the old wait times out would itself depend on timing: under load the first check can come late
enough to see the heading, so it is not kept.)
"""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from flow_driver import submit, wait_for_first_paint

PAUSE_S = 0.4  # between the head and the body of the answer to the form; longer than a parse, far under any timeout

FIRST = b"<!doctype html><html lang=en><title>one</title><main id=main><h1>One</h1>" \
        b"<form method=post><button id=go>Continue</button></form></main>"
HEAD = b"<!doctype html><html lang=en><title>two</title>" + b"<!-- padding -->" * 200
BODY = b"<main id=main><h1>Two</h1></main>"


class SlowBody(BaseHTTPRequestHandler):
    def do_GET(self):
        self._send(FIRST)

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        for part in (HEAD, BODY):
            self.wfile.write(b"%x\r\n%s\r\n" % (len(part), part))
            self.wfile.flush()
            time.sleep(PAUSE_S)
        self.wfile.write(b"0\r\n\r\n")

    def _send(self, body: bytes):
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def slow_body_url():
    server = ThreadingHTTPServer(("127.0.0.1", 0), SlowBody)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.mark.browser
def test_submit_without_scripts_waits_for_the_whole_new_page(new_page, slow_body_url):
    page = new_page(javascript=False)
    page.goto(slow_body_url)
    submit(page, "#go", javascript=False)
    assert page.evaluate("document.readyState") == "complete"
    assert page.locator("#main h1").inner_text() == "Two"


@pytest.mark.browser
@pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])
def test_the_wait_for_a_first_paint_ends_once_the_page_is_painted_and_fails_if_it_never_is(new_page, slow_body_url,
                                                                                         javascript):
    page = new_page(javascript=javascript)
    page.goto(slow_body_url)
    wait_for_first_paint(page)  # a heading and a button: painted, so this returns
    page.goto("data:text/html,<!doctype html><title>blank</title><body></body>")  # a new document with nothing to paint
    with pytest.raises(AssertionError, match="not painted within 0.3 s"):
        wait_for_first_paint(page, timeout_s=0.3)
