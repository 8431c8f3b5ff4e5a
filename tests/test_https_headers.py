"""HTTPS awareness, against the real server over HTTP: HSTS only on what arrived over HTTPS (here, through a
simulated proxy's X-Forwarded-Proto), believed only from PDS_TRUSTED_PROXIES; the optional redirect to HTTPS."""

from __future__ import annotations

import httpx
import pytest

HSTS = "max-age=31536000; includeSubDomains"
# The test speaks from two loopback addresses: 127.0.0.2 plays the trusted proxy, 127.0.0.1 anyone else.
PROXY_ADDRESS = "127.0.0.2"
FORWARDED_HTTPS = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.7"}


def get(server, path: str, *, source: str = "127.0.0.1", headers: dict | None = None) -> httpx.Response:
    transport = httpx.HTTPTransport(local_address=source)
    with httpx.Client(transport=transport, timeout=10, follow_redirects=False) as client:
        return client.get(f"{server.url}{path}", headers=headers or {})


@pytest.fixture(scope="module")
def behind_proxy(make_live_server):
    return make_live_server({"PDS_TRUSTED_PROXIES": PROXY_ADDRESS})


@pytest.fixture(scope="module")
def redirecting(make_live_server):
    return make_live_server({"PDS_TRUSTED_PROXIES": PROXY_ADDRESS, "PDS_HTTPS_REDIRECT": "true"})


@pytest.mark.parametrize("path", ["/en/", "/es/help", "/api/v1/policies", "/static/css/site.css", "/no-such-page"])
def test_https_through_a_trusted_proxy_gets_strict_transport_security(behind_proxy, path):
    response = get(behind_proxy, path, source=PROXY_ADDRESS, headers=FORWARDED_HTTPS)
    assert response.headers.get("strict-transport-security") == HSTS, response.headers


def test_forwarded_https_from_an_untrusted_address_is_not_believed(behind_proxy):
    response = get(behind_proxy, "/en/", source="127.0.0.1", headers=FORWARDED_HTTPS)
    assert response.status_code == 200
    assert "strict-transport-security" not in response.headers


def test_plain_http_gets_no_strict_transport_security(behind_proxy, live_server):
    for server, source in ((behind_proxy, PROXY_ADDRESS), (live_server, "127.0.0.1")):
        response = get(server, "/en/", source=source)
        assert response.status_code == 200
        assert "strict-transport-security" not in response.headers


def test_the_default_trusts_a_proxy_on_this_machine(live_server):
    response = get(live_server, "/en/", headers=FORWARDED_HTTPS)
    assert response.headers.get("strict-transport-security") == HSTS


def test_no_redirect_to_https_unless_asked(behind_proxy):
    assert get(behind_proxy, "/en/help?partner=x").status_code == 200


def test_redirect_sends_plain_http_to_the_same_address_over_https(redirecting):
    response = get(redirecting, "/en/help?partner=x")
    assert response.status_code == 308
    assert response.headers["location"] == "https://127.0.0.1/en/help?partner=x"
    assert "strict-transport-security" not in response.headers
    assert response.headers["content-security-policy"].startswith("default-src 'self'")


def test_redirect_keeps_a_post_a_post(redirecting):
    with httpx.Client(timeout=10) as client:
        response = client.post(f"{redirecting.url}/en/result", data={"_policy": "doyle-2022"}, follow_redirects=False)
    assert response.status_code == 308 and response.headers["location"] == "https://127.0.0.1/en/result"


def test_redirect_spares_health_checks_and_what_a_trusted_proxy_says_came_over_https(redirecting):
    assert get(redirecting, "/healthz").status_code == 200
    forwarded = get(redirecting, "/en/", source=PROXY_ADDRESS, headers=FORWARDED_HTTPS)
    assert forwarded.status_code == 200 and forwarded.headers["strict-transport-security"] == HSTS
    spoofed = get(redirecting, "/en/", source="127.0.0.1", headers=FORWARDED_HTTPS)
    assert spoofed.status_code == 308
