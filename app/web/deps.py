"""The dependencies routes declare, as in FastAPI's full-stack template (`api/deps.py`): the app's state, the page
(its language, checked once, and the visit), a posted form, and its answers checked and screened.

Each raises `ErrorPage` (404 unknown language, 413 too large, 422 unreadable form) so routes stay short; none of
them writes to the request.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request

from app.core import Policy, Result, screen
from app.web.forms import PostedForm, form_answers, parse_form
from app.web.rendering import ErrorPage, Page, public_base_url, wants_fragment
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


async def read_limited(request: Request, limit: int) -> bytes:
    """The request body, refusing more than `limit` bytes whatever Content-Length claims."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise BodyTooLarge
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise BodyTooLarge
        chunks.append(chunk)
    return b"".join(chunks)


async def page_language(lang: str, state: StateDep) -> str:
    """The language in a page's address; an unknown one gets the 404 page."""
    if lang not in state.catalogs:
        raise ErrorPage(404)
    return lang


PageLang = Annotated[str, Depends(page_language)]


async def posted_form(request: Request, state: StateDep, lang: PageLang) -> PostedForm:
    """The posted urlencoded form, read once (the 413 page over the size limit); after the language check."""
    try:
        body = await read_limited(request, state.settings.max_body_bytes)
    except BodyTooLarge:
        raise ErrorPage(413) from None
    return parse_form(body)


PostedFormDep = Annotated[PostedForm, Depends(posted_form)]


async def link_page(request: Request, state: StateDep, lang: PageLang) -> Page:
    """A page reached by a link: the visit is in the address's query."""
    return Page(state, lang, visit_in_query(state, request), wants_fragment(request), public_base_url(state, request))


async def form_page(request: Request, state: StateDep, lang: PageLang, form: PostedFormDep) -> Page:
    """A page reached by posting a form: the visit rides in its hidden fields."""
    return Page(state, lang, visit_in_form(state, form.control), wants_fragment(request),
                public_base_url(state, request))


LinkPage = Annotated[Page, Depends(link_page)]
FormPage = Annotated[Page, Depends(form_page)]


@dataclass(frozen=True)
class FlowForm:
    """A posted flow form: the pack it names, its answers as the core checked them, its control fields."""

    policy: Policy
    answers: dict[str, str | tuple[str, ...]]
    control: dict[str, str]


async def flow_form(form: PostedFormDep, state: StateDep, page: FormPage) -> FlowForm:
    """The posted answers; an answer that is not one of its question's choices gets the 422 page."""
    policy = state.packs.get(form.control.get(POLICY_FIELD) or "") or state.packs.default
    answers, refused = form_answers(policy, form)
    if refused or not form.readable:
        raise ErrorPage(422, page.visit)
    return FlowForm(policy, answers, form.control)


PostedAnswers = Annotated[FlowForm, Depends(flow_form)]


@dataclass(frozen=True)
class Screening:
    """A posted result form, screened on the deployment's today."""

    policy: Policy
    answers: dict[str, str | tuple[str, ...]]
    result: Result


async def posted_screening(flow: PostedAnswers, state: StateDep) -> Screening:
    return Screening(flow.policy, flow.answers, screen(flow.answers, flow.policy, state.settings.as_of_today()))


PostedScreening = Annotated[Screening, Depends(posted_screening)]
