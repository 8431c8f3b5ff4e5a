"""app/web/compression.py: a client that does not ask for gzip gets exactly what Starlette's GZipMiddleware gives it
(the same headers, Vary included, and the same body), for every kind of response the middleware treats apart."""

from __future__ import annotations

import asyncio

import pytest
from starlette.applications import Starlette
from starlette.middleware.gzip import GZipMiddleware
from starlette.responses import HTMLResponse, PlainTextResponse, Response, StreamingResponse
from starlette.routing import Route

from app.web.compression import Compression

BIG = "<p>" + "words " * 200 + "</p>"


async def streamed() -> object:
    for part in ("<p>one</p>", "<p>two</p>"):
        yield part


RESPONSES = {
    "/big": lambda: HTMLResponse(BIG),
    "/small": lambda: HTMLResponse("<p>short</p>"),
    "/varies": lambda: HTMLResponse(BIG, headers={"Vary": "HX-Request, HX-Target"}),
    "/image": lambda: Response(BIG.encode(), media_type="image/png"),
    "/encoded": lambda: Response(BIG.encode(), media_type="text/html", headers={"Content-Encoding": "br"}),
    "/partial": lambda: PlainTextResponse(BIG, status_code=206),
    "/streamed": lambda: StreamingResponse(streamed(), media_type="text/html"),
    "/empty": lambda: Response(status_code=204),
}


def responding(make):
    async def endpoint(request):
        return make()

    return endpoint


def app() -> Starlette:
    return Starlette(routes=[Route(path, responding(make)) for path, make in RESPONSES.items()])


def sent(middleware: type, path: str, headers: list[tuple[bytes, bytes]]) -> list[dict]:
    messages: list[dict] = []
    scope = {"type": "http", "method": "GET", "path": path, "raw_path": path.encode(), "query_string": b"", "root_path": "",
             "headers": headers, "scheme": "http", "server": ("testserver", 80), "client": ("127.0.0.1", 1), "http_version": "1.1"}

    requested = False

    async def receive() -> dict:
        nonlocal requested
        if requested:  # a streaming response listens for the client leaving: it never does here
            await asyncio.Event().wait()
        requested = True
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict) -> None:
        messages.append(message)

    asyncio.run(middleware(app(), minimum_size=500)(scope, receive, send))
    return messages


@pytest.mark.parametrize("path", RESPONSES)
@pytest.mark.parametrize("accept", [None, b"identity", b"br", b"gzip, deflate"])
def test_what_is_sent_is_what_gzip_middleware_sends(path, accept):
    headers = [(b"host", b"testserver")] + ([(b"accept-encoding", accept)] if accept is not None else [])
    ours, theirs = sent(Compression, path, headers), sent(GZipMiddleware, path, headers)
    assert ours == theirs
    vary = dict(ours[0]["headers"]).get(b"vary", b"")
    assert (b"Accept-Encoding" in vary) == (path in ("/big", "/varies", "/streamed"))
