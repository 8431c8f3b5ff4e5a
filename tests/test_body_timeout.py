"""A request body that arrives too slowly is cut off (issue 26): uvicorn waits as long as bytes keep dribbling in,
so the app stops reading after PDS_BODY_TIMEOUT seconds and answers 408, closing the connection. Over a raw socket
against the real server, as a slow client (or one that means harm) would send it."""

from __future__ import annotations

import json
import socket

import httpx
import pytest

from embed_support import RICH_ANSWERS, form_data

# How long the test waits for the server at most: a bound, not a measurement (the cut-off comes after 1 s).
WAIT = 30


@pytest.fixture(scope="module")
def server(make_live_server):
    return make_live_server({"PDS_BODY_TIMEOUT": "1"})


def send_part_of_a_body(server, path: str, content_type: str, start: bytes) -> tuple[bytes, bool]:
    """Headers promising 1,000 bytes, then only `start`; what the server sent, and whether it closed."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=WAIT) as connection:
        connection.sendall(f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: {content_type}\r\n"
                           f"Content-Length: 1000\r\n\r\n".encode() + start)
        received = b""
        while True:
            chunk = connection.recv(65536)
            if not chunk:
                return received, True
            received += chunk


def split(response: bytes) -> tuple[str, dict[str, str], bytes]:
    head, _, body = response.partition(b"\r\n\r\n")
    status, *lines = head.decode("latin-1").split("\r\n")
    return status, {k.lower(): v.strip() for k, _, v in (line.partition(":") for line in lines)}, body


def test_a_form_that_stops_arriving_gets_408_and_the_connection_is_closed(server):
    response, closed = send_part_of_a_body(server, "/es/result", "application/x-www-form-urlencoded", b"court_case=ye")
    status, headers, body = split(response)
    assert status.startswith("HTTP/1.1 408 ") and closed
    assert headers["connection"] == "close" and headers["content-type"].startswith("text/html")
    assert headers["content-language"] == "es" and b'<html lang="es">' in body


def test_an_api_body_that_stops_arriving_gets_408_in_json(server):
    response, closed = send_part_of_a_body(server, "/api/v1/screen", "application/json", b'{"policy": "doyle-2022", ')
    status, headers, body = split(response)
    assert status.startswith("HTTP/1.1 408 ") and closed and headers["connection"] == "close"
    error = json.loads(body)["error"]
    assert error["status"] == 408 and "1 seconds" in error["message"] and error["errors"][0]["field"] == "body"


def test_a_body_sent_in_time_is_answered_as_always(server):
    with httpx.Client(base_url=server.url, timeout=WAIT) as http:
        assert http.post("/en/result", data=form_data(RICH_ANSWERS, policy="doyle-2022")).status_code == 200
        assert http.post("/api/v1/screen", json={"policy": "doyle-2022", "answers": {}}).status_code == 200
    assert "Traceback" not in server.log_text()
