"""The dependencies routes declare, as in FastAPI's full-stack template (`api/deps.py`): the app's state, the page
(its language, checked once, and the visit), a posted form, and its answers checked and screened.

Each is a single dependency on the request, and builds on the one before by a plain call: `posted_screening`
calls `flow_form`, which calls `posted_form`. A route names the one it needs (a screening carries its page and
form), so nothing is read or checked twice. A chain of FastAPI dependencies would say the same, but FastAPI solves
each link on every request: 23 of them on a result page took a quarter of its time.

Each raises `ErrorPage` (404 unknown language, 413 too large, 422 unreadable form), in that order, so routes stay
short (a body that arrives too slowly gets 408 and the connection is closed); none of them writes to the request.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

import anyio
from fastapi import Depends, Request
from starlette.exceptions import HTTPException
from starlette.requests import ClientDisconnect

from app.core import Policy, Result, screen
from app.web.forms import PostedForm, form_answers, parse_form
from app.web.rendering import ErrorPage, Page, public_base_url, wants_chrome, wants_fragment
from app.web.state import AppState, state_of
from app.web.visit import visit_in_form, visit_in_query

POLICY_FIELD = "_policy"


async def app_state(request: Request) -> AppState:
    """The app's state, for routes. Async on purpose: FastAPI runs a plain `def` dependency in a worker thread,
    a thread hop on every request for a lookup."""
    return state_of(request)


StateDep = Annotated[AppState, Depends(app_state)]


class BodyTooLarge(Exception):
    pass


class BodyTooSlow(Exception):
    pass


# Sent with the 408: the rest of a body that came too slowly must not be read as the connection's next request.
CLOSE = {"Connection": "close"}


async def read_limited(request: Request, limit: int, seconds: float) -> bytes:
    """The request body, refusing more than `limit` bytes whatever Content-Length claims, and a body that has not
    all arrived within `seconds` (PDS_BODY_TIMEOUT): uvicorn waits for a body as long as it dribbles in, and one
    connection sending a byte now and then would hold a request open for ever."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise BodyTooLarge
    chunks, size = [], 0
    with anyio.move_on_after(seconds):
        while True:  # the ASGI messages as they come (no async generator around them, as request.stream() has)
            message = await request.receive()
            if message["type"] == "http.disconnect":
                raise ClientDisconnect
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                raise BodyTooLarge
            chunks.append(chunk)
            if not message.get("more_body", False):
                return b"".join(chunks)
    raise BodyTooSlow


def checked_language(request: Request, state: AppState) -> str:
    """The language in a page's address; an unknown one gets the 404 page."""
    lang = request.path_params.get("lang", "")
    if lang not in state.catalogs:
        raise ErrorPage(404)
    return lang


async def page_language(request: Request) -> str:
    return checked_language(request, state_of(request))


PageLang = Annotated[str, Depends(page_language)]


async def link_page(request: Request) -> Page:
    """A page reached by a link: the visit is in the address's query."""
    state = state_of(request)
    lang = checked_language(request, state)
    return Page(state, lang, visit_in_query(state, request), wants_fragment(request), wants_chrome(request),
                public_base_url(state, request))


LinkPage = Annotated[Page, Depends(link_page)]


@dataclass(frozen=True)
class Posted:
    """A page reached by posting a form (the visit rides in its hidden fields), and the form, read once."""

    page: Page
    form: PostedForm


async def posted_form(request: Request) -> Posted:
    """The posted urlencoded form (the 413 page over the size limit), after the language check."""
    state = state_of(request)
    lang = checked_language(request, state)
    try:
        body = await read_limited(request, state.settings.max_body_bytes, state.settings.body_timeout)
    except BodyTooLarge:
        raise ErrorPage(413) from None
    except BodyTooSlow:
        raise HTTPException(408, headers=CLOSE) from None
    form = parse_form(body)
    page = Page(state, lang, visit_in_form(state, form.control), wants_fragment(request), wants_chrome(request),
                public_base_url(state, request))
    return Posted(page, form)


PostedFormDep = Annotated[Posted, Depends(posted_form)]


@dataclass(frozen=True)
class FlowForm:
    """A posted flow form: its page, the pack it names, its answers as the core checked them, its control fields."""

    page: Page
    policy: Policy
    answers: dict[str, str | tuple[str, ...]]
    control: dict[str, str]


def checked_answers(posted: Posted) -> FlowForm:
    """The posted answers; an answer that is not one of its question's choices gets the 422 page."""
    page, form = posted.page, posted.form
    policy = page.state.packs.get(form.control.get(POLICY_FIELD) or "") or page.state.packs.default
    answers, refused = form_answers(policy, form)
    if refused or not form.readable:
        raise ErrorPage(422, page.visit)
    return FlowForm(page, policy, answers, form.control)


async def flow_form(request: Request) -> FlowForm:
    return checked_answers(await posted_form(request))


PostedAnswers = Annotated[FlowForm, Depends(flow_form)]


@dataclass(frozen=True)
class Screening:
    """A posted result form, screened on the deployment's today."""

    page: Page
    policy: Policy
    answers: dict[str, str | tuple[str, ...]]
    control: dict[str, str]
    result: Result


async def posted_screening(request: Request) -> Screening:
    flow = await flow_form(request)
    today = flow.page.state.settings.as_of_today()
    return Screening(flow.page, flow.policy, flow.answers, flow.control, screen(flow.answers, flow.policy, today))


PostedScreening = Annotated[Screening, Depends(posted_screening)]
