"""Findable by the people it is for, against the real server over HTTP: start and help pages indexable with
absolute hreflang links, answer pages noindex, robots.txt, a sitemap, favicon.ico, and language-less addresses."""

from __future__ import annotations

import re

import httpx
import pytest

from html_support import Page

PUBLIC_URL = "https://screener.example.org"


def head_links(html: str) -> dict[str, list[str]]:
    """rel (":hreflang" when it has one) -> hrefs, e.g. {"alternate:es": ["https://…/es/"]}."""
    links: dict[str, list[str]] = {}
    for link in Page(html).all("link"):
        key = link.attrs["rel"] + (f":{link.attrs['hreflang']}" if "hreflang" in link.attrs else "")
        links.setdefault(key, []).append(link.attrs["href"])
    return links


def meta(html: str, name: str) -> str | None:
    found = [m.attrs["content"] for m in Page(html).all("meta") if m.attrs.get("name") == name]
    return found[0] if found else None


def title(html: str) -> str:
    return Page(html).all("title")[0].text


@pytest.fixture(scope="module")
def public(make_live_server):
    return make_live_server({"PDS_PUBLIC_URL": PUBLIC_URL})


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("page", ["", "help", "safety"])
def test_start_help_and_safety_pages_are_indexable_with_a_title_and_description(live_server, lang, page):
    response = httpx.get(f"{live_server.url}/{lang}/{page}", timeout=10)
    assert response.status_code == 200
    assert meta(response.text, "robots") is None and "x-robots-tag" not in response.headers
    # The tab title stays neutral on a shared device ("Questionnaire", or PDS_SITE_TITLE); the description says more.
    assert title(response.text).strip() and len(meta(response.text, "description")) > 50
    assert head_links(response.text)["canonical"] == [f"{live_server.url}/{lang}/{page}"]


def test_title_and_description_are_in_the_page_language(live_server):
    english, spanish = (httpx.get(f"{live_server.url}/{lang}/", timeout=10).text for lang in ("en", "es"))
    assert meta(english, "description") != meta(spanish, "description")
    assert "preguntas" in meta(spanish, "description").lower() and "questions" in meta(english, "description")
    assert title(english) != title(spanish)


def test_hreflang_links_are_absolute_from_the_public_url(public):
    links = head_links(httpx.get(f"{public.url}/es/help", timeout=10).text)
    assert links["alternate:en"] == [f"{PUBLIC_URL}/en/help"] and links["alternate:es"] == [f"{PUBLIC_URL}/es/help"]
    assert links["alternate:x-default"] == [f"{PUBLIC_URL}/help"]
    assert links["canonical"] == [f"{PUBLIC_URL}/es/help"]


def test_hreflang_links_are_absolute_from_the_request_without_a_public_url(live_server):
    links = head_links(httpx.get(f"{live_server.url}/en/", timeout=10).text)
    assert links["alternate:es"] == [f"{live_server.url}/es/"] and links["alternate:x-default"] == [f"{live_server.url}/"]


def test_pages_that_show_answers_stay_noindex(live_server):
    with httpx.Client(base_url=live_server.url, timeout=10) as client:
        question = client.get("/en/questions")
        assert question.status_code == 200 and meta(question.text, "robots") == "noindex"
        posted = client.post("/en/questions", data={"_policy": "doyle-2022", "_go": "check"})
        result = client.post("/en/result", data={"_policy": "doyle-2022"})
    for response in (posted, result):
        assert response.status_code in (200, 422)
        assert meta(response.text, "robots") == "noindex" and response.headers["cache-control"] == "no-store"
        assert "canonical" not in head_links(response.text)


def test_robots_txt_allows_the_site_and_names_the_sitemap(public):
    response = httpx.get(f"{public.url}/robots.txt", timeout=10)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/plain")
    lines = response.text.splitlines()
    assert "User-agent: *" in lines and "Disallow: /api/" in lines and "Disallow: /" not in lines
    assert f"Sitemap: {PUBLIC_URL}/sitemap.xml" in lines


def test_sitemap_lists_the_indexable_pages_in_each_language(public):
    response = httpx.get(f"{public.url}/sitemap.xml", timeout=10)
    assert response.status_code == 200
    locs = re.findall(r"<loc>([^<]+)</loc>", response.text)
    assert sorted(locs) == sorted(f"{PUBLIC_URL}/{lang}/{page}" for lang in ("en", "es") for page in ("", "help", "safety"))
    for loc in locs:
        assert httpx.get(public.url + loc[len(PUBLIC_URL):], timeout=10).status_code == 200


def test_favicon_ico_is_the_site_icon(live_server):
    response = httpx.get(f"{live_server.url}/favicon.ico", timeout=10)
    assert response.status_code == 200 and response.headers["content-type"] == "image/svg+xml"
    assert response.content == httpx.get(f"{live_server.url}/static/img/icon.svg", timeout=10).content


@pytest.mark.parametrize("path", ["/help", "/help/checklist", "/help/providers", "/safety", "/embed", "/questions"])
@pytest.mark.parametrize(("accept", "lang"), [("es-MX,es;q=0.9,en;q=0.5", "es"), ("en-US", "en"), ("fr", "en")])
def test_language_less_addresses_go_to_the_browsers_language(live_server, path, accept, lang):
    response = httpx.get(f"{live_server.url}{path}?partner=demo", headers={"Accept-Language": accept}, timeout=10)
    assert response.status_code == 303, response.text[:200]
    assert response.headers["location"] == f"/{lang}{path}?partner=demo"
    assert "accept-language" in response.headers["vary"].lower()
    assert httpx.get(f"{live_server.url}{response.headers['location']}", timeout=10, follow_redirects=True).status_code == 200
