"""Under interleaved concurrent requests in English and Spanish, no response mixes languages."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlencode

import httpx
from i18n_support import RAISE_EVERYTHING, as_form, foreign_blocks, json_texts, language_of, parse_page, word_count

REQUESTS = 200
IN_FLIGHT = 25
MARKER = {"en": "Leave this site quickly", "es": "Salir rápido de este sitio"}  # in every page's header
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


async def _slowly(body: str):
    """A form body sent in pieces, so the server awaits mid-request while others run."""
    data = body.encode()
    for start in range(0, len(data), 64):
        yield data[start:start + 64]
        await asyncio.sleep(0.005)


def _request(client: httpx.AsyncClient, i: int, lang: str):
    """The i-th kind of request (pages, the flow and its errors, a full result, the API), in `lang`."""
    kind = i % 7
    if kind == 0:
        return client.get(f"/{lang}/")
    if kind == 1:
        return client.get(f"/{lang}/safety")
    if kind == 2:
        body = urlencode([("_at", "court_case"), ("court_case", "yes"), ("_go", "next")])
        return client.post(f"/{lang}/questions", content=_slowly(body), headers=FORM)
    if kind == 3:
        return client.post(f"/{lang}/result", content=_slowly(urlencode(as_form(RAISE_EVERYTHING))), headers=FORM)
    if kind == 4:
        return client.get("/api/v1/questions", params={"lang": lang})
    if kind == 5:  # no answer chosen: the error message is worded after the body has been read
        return client.post(f"/{lang}/questions", content=_slowly(urlencode([("_at", "court_case"), ("_go", "next")])), headers=FORM)
    return client.post("/api/v1/screen", json={"lang": lang, "answers": RAISE_EVERYTHING})


def _problems(response: httpx.Response, lang: str) -> list[str]:
    other = "es" if lang == "en" else "en"
    problems = []
    if response.status_code not in (200, 422) or response.headers.get("content-language") != lang:
        problems.append(f"status {response.status_code}, Content-Language {response.headers.get('content-language')}")
    if response.headers["content-type"].startswith("application/json"):
        texts = [text for _path, text in json_texts(response.json())]
    else:
        page = parse_page(response.text)
        texts = page.blocks
        if page.html_lang != lang or MARKER[lang] not in response.text or MARKER[other] in response.text:
            problems.append(f"html lang {page.html_lang}, or the wrong marker")
    long_texts = [t for t in texts if word_count(t) >= 3]
    if len(long_texts) < 10 or any(language_of(t) != lang for t in long_texts[:3]):
        problems.append("too few texts in the language")
    problems += [f"in {other}: {block!r}" for block in foreign_blocks(texts, lang)]
    return problems


async def _fire(base_url: str) -> list[tuple[int, str, httpx.Response]]:
    gate = asyncio.Semaphore(IN_FLIGHT)
    async with httpx.AsyncClient(base_url=base_url, timeout=30) as client:
        async def one(i: int):
            lang = ("en", "es")[i % 2]  # alternate languages, and with i // 2 the kinds of request
            async with gate:
                return i, lang, await _request(client, i // 2, lang)

        return await asyncio.gather(*(one(i) for i in range(REQUESTS)))


def test_interleaved_requests_in_two_languages_never_mix(live_server):
    # In a thread of its own: a browser test before this one in the same xdist worker leaves
    # Playwright's sync loop marked as running on the main thread, where asyncio.run refuses to start.
    with ThreadPoolExecutor(max_workers=1) as thread:
        results = thread.submit(asyncio.run, _fire(live_server.url)).result()
    assert len(results) == REQUESTS
    failures = [f"request {i} ({lang}, {r.request.method} {r.request.url.path}): {p}"
                for i, lang, r in results for p in _problems(r, lang)]
    assert not failures, f"{len(failures)} problems:\n" + "\n".join(failures[:30])
