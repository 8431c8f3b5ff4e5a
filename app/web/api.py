"""The public JSON API of the screening contract (§6): policies, questions, screen; and resume codes (answers to a
code and back), so intake systems can exchange codes with the web flow.

The request and response bodies are typed models (app/web/api_models.py); pydantic's validation errors and the
core's answer check both come back as the contract's error body, naming the field and the allowed values.
"""

# No `from __future__ import annotations`: the routes' types are built from this deployment's data inside
# build_router, and FastAPI reads them from the signatures.

import inspect
import json
import re
from collections.abc import Callable, Coroutine, Sequence
from dataclasses import dataclass
from datetime import date
from enum import Enum
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from pydantic import BaseModel, ValidationError

from app.core import CodeProblem, Expr, Policy, Result, check_answers, screen
from app.core.advice import Advice
from app.core.model import All, Any_, Is
from app.web.api_models import (
    CODE_REQUEST_FIELDS,
    MAX_CODE_TEXT,
    MAX_REQUEST_DEPTH,
    READ_REQUEST_FIELDS,
    REQUEST_FIELDS,
    AllOf,
    AnswerOption,
    AnswerTest,
    AnyOf,
    CategoryText,
    Citation,
    Condition,
    FactorText,
    FlowPage,
    PageQuestion,
    PolicyList,
    PolicyPack,
    PolicyStatus,
    QuestionInfo,
    QuestionList,
    RequestModels,
    ResultText,
    ResumeCode,
    ResumedAnswers,
    ScreenResult,
    TimelinePeriod,
)
from app.web.deps import CLOSE, BodyTooLarge, BodyTooSlow, read_limited
from app.web.errors import ApiRefusal, ErrorResponse, FieldError, error_response, field_errors, resume_code_message
from app.web.i18n import _, format_number, use_locale
from app.web.presenter import cite, describe, pack_views
from app.web.state import AppState, state_of
from app.web.texts import PerLanguage

PREFIX = "/api/v1"


def condition_json(expr: Expr | None) -> Condition | None:
    """A question's condition as JSON: {"question", "in"} for one test, {"all": [...]} or {"any": [...]} to combine."""
    if expr is None:
        return None
    if isinstance(expr, Is):
        return AnswerTest(question=expr.question, in_=sorted(expr.values))
    assert isinstance(expr, (All, Any_)), "a question's condition is plain: tests, all and any (the loader checks)"
    parts = [part for part in (condition_json(p) for p in expr.parts) if part is not None]
    return AllOf(all=parts) if isinstance(expr, All) else AnyOf(any=parts)


# --------------------------------------------------------------------------- reading a body safely

# JSON's strings (with a colon after them when they are keys) and brackets: enough to measure nesting.
_TOKENS = re.compile(r'"((?:[^"\\]|\\.)*)"(\s*:)?|[\[\]{}]')
_STRINGS = re.compile(r'"(?:[^"\\]|\\.)*"')
_BRACKETS = re.compile(r"[\[\]{}]")
_LANG = re.compile(r'"lang"\s*:\s*"([A-Za-z_]{2,12})"')


def _deepest(text: str) -> int:
    """How deep JSON text nests (brackets inside strings do not count)."""
    depth = deepest = 0
    for bracket in _BRACKETS.findall(_STRINGS.sub("", text)):
        depth = depth + 1 if bracket in "[{" else max(depth - 1, 0)  # as nesting_problem counts a stray close
        deepest = max(deepest, depth)
    return deepest


def nesting_problem(text: str, limit: int) -> list[str] | None:
    """Where JSON text first nests deeper than `limit`: the keys leading there ([] for the top); None if it never does.

    Read without a parser, so a body of 10,000 brackets costs one regular-expression pass, never a deep recursion.
    """
    if text.count("{") + text.count("[") <= limit:  # no more brackets than levels (most requests): it cannot nest deeper
        return None
    if _deepest(text) <= limit:  # one pass in C over the strings, then a walk over the brackets alone
        return None
    return _nesting_path(text, limit)


def _nesting_path(text: str, limit: int) -> list[str] | None:
    opened_by: list[str] = []  # for each open container, the key it is the value of ("" at the top or in a list)
    key = ""
    for token in _TOKENS.finditer(text):
        if token.group(1) is not None:
            key = token.group(1) if token.group(2) else key
            continue
        if token.group() in "[{":
            opened_by.append(key)
            if len(opened_by) > limit:
                return [k for k in opened_by if k]
        elif opened_by:
            opened_by.pop()
        key = ""
    return None


async def checked_text(request: Request) -> str | Response:
    """The body as JSON text that no parser need recurse into; the 413 response over the size limit, 408 when it
    arrives too slowly; 422
    (RequestValidationError) for bytes that are not UTF-8 JSON text or that nest deeper than any valid request."""
    state = state_of(request)
    limit = state.settings.max_body_bytes
    try:
        body = await read_limited(request, limit, state.settings.body_timeout)
    except BodyTooLarge:
        with use_locale(state.catalogs, state.settings.default_language):  # unread, so its `lang` is unknown
            message = _("The request is too large. The limit is %(limit)s bytes.") % {"limit": format_number(limit)}
            return error_response(413, message, [FieldError(field="body", message=message)])
    except BodyTooSlow:
        with use_locale(state.catalogs, state.settings.default_language):
            message = _("The request body arrived too slowly. The limit is %(seconds)s seconds.") % {
                "seconds": format_number(state.settings.body_timeout)}
            refused = error_response(408, message, [FieldError(field="body", message=message)])
            refused.headers.update(CLOSE)
            return refused
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        text = "\0"
    if "\0" in text:  # never in JSON text; json.loads would guess UTF-16 or UTF-32 from it
        raise RequestValidationError([{"type": "json_invalid", "loc": ("body",)}])
    deep = nesting_problem(text, MAX_REQUEST_DEPTH)
    if deep is not None:
        asked = _LANG.search(text)  # the body is not parsed, but its `lang` can still choose the words
        raise RequestValidationError([{"type": "too_deep", "loc": ("body", *deep)}],
                                     body={"lang": asked.group(1)} if asked else None)
    return text


def json_response(body: BaseModel, lang: str) -> Response:
    """A response model sent as it is (the route's response_model names it in the schema; it is not checked again),
    never to be stored."""
    return Response(body.model_dump_json(), media_type="application/json",
                    headers={"Cache-Control": "no-store", "Content-Language": lang})


def _json_or_none(text: str) -> object:
    try:
        return json.loads(text)
    except ValueError:
        return None


def _is_json(content_type: str | None) -> bool:
    """Whether FastAPI would read a body of this type as JSON: application/json or application/*+json (none given is
    not JSON: FastAPI's strict_content_type)."""
    kind = (content_type or "").split(";")[0].strip().lower()
    return kind == "application/json" or (kind.startswith("application/") and kind.endswith("+json"))


class BodyOnlyRoute(APIRoute):
    """A route whose endpoint takes its body alone (a pydantic model) and returns its Response: the body is checked
    (`checked_text`) before any parser reads it, validated by pydantic straight from its JSON text and handed to the
    endpoint, with the errors FastAPI would raise. FastAPI's own handling (the JSON parsed again, then the endpoint's
    dependencies solved) took a third of a screen request's time. The endpoint's signature still gives the API
    schema its body."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        (parameter,) = inspect.signature(self.endpoint).parameters.values()
        model: type[BaseModel] = parameter.annotation
        endpoint = self.endpoint

        async def validated(request: Request) -> Response:
            text = await checked_text(request)
            if isinstance(text, Response):
                return text
            if not text:  # FastAPI finds no body
                raise RequestValidationError([{"type": "missing", "loc": ("body",)}])
            if not _is_json(request.headers.get("content-type")):  # FastAPI would hand the model the bytes
                raise RequestValidationError([{"type": "model_attributes_type", "loc": ("body",)}])
            try:
                body = model.model_validate_json(text)
            except ValidationError as error:
                problems = [{**problem, "loc": ("body", *problem["loc"])} for problem in error.errors()]
                raise RequestValidationError(problems, body=_json_or_none(text)) from None
            response: Response = await endpoint(body)
            return response

        return validated


# --------------------------------------------------------------------------- errors in the request's language


def _request_language(state: AppState, request: Request, body: object) -> str:
    asked = body.get("lang") if isinstance(body, dict) else request.query_params.get("lang")
    return asked if isinstance(asked, str) and asked in state.catalogs else state.settings.default_language


def _body_fields(request: Request) -> tuple[str, ...]:
    """The fields of the body the request's endpoint takes."""
    path = request.url.path
    if path.endswith("/resume-code/read"):
        return READ_REQUEST_FIELDS
    return CODE_REQUEST_FIELDS if path.endswith("/resume-code") else REQUEST_FIELDS


def _field_error(state: AppState, error: dict[str, Any], fields: tuple[str, ...]) -> FieldError:
    """One pydantic (or body-check) error as the contract's field error."""
    where = [str(part) for part in error.get("loc", ())[1:]]  # after "body" or "query"
    kind = error.get("type", "")
    if kind == "too_deep":
        return FieldError(field=".".join(where) or "body", message=_(
            "This is nested too deeply. A valid request has at most %(levels)s levels: the body, its answers, "
            "and a list of choices.") % {"levels": MAX_REQUEST_DEPTH})
    top = [w for w in where if not w.isdigit()]
    if kind in ("json_invalid", "missing") and not top:
        return FieldError(field="body", message=_("The request body must be JSON."))
    if not top:
        return FieldError(field="body", message=_("The request body must be a JSON object."), allowed=list(fields))
    name = top[0]
    if kind == "extra_forbidden":
        return FieldError(field=name, message=_("This field is not part of the request."), allowed=list(fields))
    if name == "policy":
        return FieldError(field=name, message=_("Unknown policy."), allowed=list(state.packs.by_id))
    if name == "lang":
        return FieldError(field=name, message=_("Unknown language."), allowed=list(state.catalogs.languages))
    if name == "as_of":
        return FieldError(field=name, message=_("Write the date as YYYY-MM-DD, for example 2025-01-20."))
    if name == "answers":
        return FieldError(field=name, message=_("Answers must be a JSON object of question ids and values."))
    if name == "code":
        return FieldError(field=name, message=_("Write the code as text, at most %(count)s characters.") % {
            "count": MAX_CODE_TEXT})
    return FieldError(field=".".join(top), message=_("This value is not valid."))


def validation_error_response(request: Request, exc: RequestValidationError) -> JSONResponse:
    """422 naming each field and its allowed values, in the language the request asked for if we have it."""
    state = state_of(request)
    with use_locale(state.catalogs, _request_language(state, request, exc.body)):
        fields = _body_fields(request)
        errors = list({e.field: e for e in (_field_error(state, err, fields) for err in exc.errors())}.values())
        return error_response(422, _("Please correct the request."), errors)


# --------------------------------------------------------------------------- the endpoints


def _citations(citations: Sequence[object]) -> list[Citation]:
    return [Citation.model_validate(c) for c in citations]


def policy_list(state: AppState) -> PolicyList:
    # Document titles are official names and stay as published; summaries and pins are our words.
    return PolicyList(policies=[
        PolicyPack(
            id=p.id, title=_(p.title), summary=_(p.summary), default=p.default,
            documents=_citations(cite(p.documents)),
            timeline=[TimelinePeriod(start=t.start, status=t.status, summary=_(t.summary),
                                     citations=_citations(cite(t.citations))) for t in p.timeline],
        )
        for p in state.packs
    ])


def question_list(pack: Policy, lang: str) -> QuestionList:
    return QuestionList(policy=pack.id, lang=lang, questions=[
        QuestionInfo(
            id=q.id, type=q.kind, condition=condition_json(q.condition),
            text=_(q.text), hint=_(q.hint), why=_(q.why),
            options=[AnswerOption(value=o.value, label=_(o.label)) for o in q.options], page=q.page,
        )
        for q in pack.questions
    ], pages=[
        FlowPage(id=p.id, title=_(p.title), questions=[PageQuestion(id=q) for q in p.questions]) for p in pack.pages
    ])


@dataclass(frozen=True)
class ApiScreening:
    """A screen request whose answers the core has checked, screened on its as-of date."""

    policy: Policy
    lang: str
    result: Result
    answers: dict  # the checked answers: the next steps follow them
    advice: Advice  # what is true now (present.yaml)


@dataclass(frozen=True)
class PackTexts:
    """Every factor and priority of a pack as the response shows them, in one language (`pack_texts`)."""

    factors: dict[tuple[str, bool], FactorText]  # by id and whether worded for someone answering for another person
    categories: dict[str, CategoryText]


def _pack_texts(pack: Policy) -> PackTexts:
    views = pack_views(pack)
    return PackTexts(factors={(f.id, for_other): FactorText.model_validate(f, from_attributes=True)
                              for for_other in (False, True) for f in views.factors_for(for_other).values()},
                     categories={c.id: CategoryText.model_validate(c, from_attributes=True) for c in views.priorities.values()})


# Made once per pack and language (app/web/texts.py), as the presenter's views they are read from.
pack_texts: PerLanguage[PackTexts] = PerLanguage(_pack_texts)


def screen_result(screening: ApiScreening) -> ScreenResult:
    pack, result = screening.policy, screening.result
    view = describe(result, pack, advice=screening.advice)
    texts = pack_texts(pack)
    return ScreenResult.model_validate({
        "policy": PolicyStatus(
            id=pack.id, title=_(pack.title), status=result.status,
            status_since=result.status_since, status_name=view.status_name, status_text=view.status_text,
            status_summary=view.status_summary, citations=_citations(view.status_citations),
        ),
        "as_of": result.as_of,
        "lang": screening.lang,
        "assessment": result.assessment,
        "priorities": result.priorities,
        "unclear": result.unclear,
        "favorable_factors": result.favorable_factors,
        "aggravating_factors": result.aggravating_factors,
        "urgent": result.urgent,
        "text": ResultText.model_validate({
            "assessment_heading": view.assessment_heading,
            "assessment": view.assessment_text,
            "urgent": view.urgent,
            "priorities": [texts.categories[c.id] for c in view.priorities],
            "unclear": [texts.categories[c.id] for c in view.unclear],
            "favorable_factors": [texts.factors[f.id, view.for_other] for f in view.favorable],
            "aggravating_factors": [texts.factors[f.id, view.for_other] for f in view.aggravating],
            "unsure_answers": view.unsure_questions,
            "today": view.today,
            "facts_checked": view.facts_checked,
            "facts_may_be_out_of_date": view.facts_may_be_out_of_date,
            "next_steps": view.next_steps,
            "disclaimer": view.disclaimer,
        }, from_attributes=True),
    })


ERROR_DOCS: dict[int | str, dict[str, Any]] = {
    422: {"model": ErrorResponse, "description": "Invalid input; names the field and the allowed values"},
}


def _checked_answers(app_state: AppState, pack: Policy, lang: str, raw: dict) -> dict[str, str | tuple[str, ...]]:
    """A request's answers checked by the core, as the web flow's are; 422 naming each bad one."""
    answers, problems = check_answers(pack, raw)
    if problems:
        with use_locale(app_state.catalogs, lang):
            raise ApiRefusal(422, _("Please correct the request."), field_errors(problems))
    return answers


def build_router(state: AppState) -> APIRouter:
    """The endpoints, whose schema lists this deployment's packs, languages, questions and values."""
    models = RequestModels.build(state.packs, state.catalogs, state.settings.default_language)
    PolicyId, Language, ScreenRequest = models.policy_id, models.language, models.screen_request
    CodeRequest, CodeReading = models.code_request, models.code_reading
    router = APIRouter(prefix=PREFIX, tags=["screening"])

    def language_of(lang: Enum | None) -> str:
        return lang.value if lang is not None else state.settings.default_language

    @router.get("/policies", operation_id="list_policies", response_model=PolicyList, responses=ERROR_DOCS,
                summary="The policy packs with their dated, cited timelines")
    async def list_policies(response: Response, lang: Language | None = None) -> PolicyList:  # type: ignore[valid-type]
        language = language_of(lang)
        response.headers["Content-Language"] = language
        with use_locale(state.catalogs, language):
            return policy_list(state)

    @router.get("/questions", operation_id="list_questions", response_model=QuestionList, responses=ERROR_DOCS,
                summary="The questions of a pack, in order, in a language")
    async def list_questions(response: Response, policy: PolicyId | None = None,  # type: ignore[valid-type]
                             lang: Language | None = None) -> QuestionList:  # type: ignore[valid-type]
        language = language_of(lang)
        pack = state.packs.get(policy.value) if policy is not None else state.packs.default
        response.headers["Content-Language"] = language
        with use_locale(state.catalogs, language):
            return question_list(pack or state.packs.default, language)

    async def screen_answers(body: ScreenRequest) -> Response:  # type: ignore[valid-type]
        pack = state.packs.get(body.policy.value) or state.packs.default  # type: ignore[attr-defined]
        lang: str = body.lang.value  # type: ignore[attr-defined]
        answers = _checked_answers(state, pack, lang, body.answers.root)  # type: ignore[attr-defined]
        as_of: date = body.as_of or state.settings.as_of_today()  # type: ignore[attr-defined]
        screening = ApiScreening(pack, lang, screen(answers, pack, as_of), answers, state.advice)
        with use_locale(state.catalogs, screening.lang):
            return json_response(screen_result(screening), screening.lang)

    size_docs = {**ERROR_DOCS, 408: {"model": ErrorResponse, "description": "Body not all sent within the time limit"},
                 413: {"model": ErrorResponse, "description": "Body over the size limit"}}
    router.add_api_route(
        "/screen", screen_answers, methods=["POST"], operation_id="screen", response_model=ScreenResult,
        responses=size_docs,
        summary="Screen a set of answers against a policy pack on a date", route_class_override=BodyOnlyRoute,
    )

    async def make_resume_code(body: CodeRequest) -> Response:  # type: ignore[valid-type]
        pack = state.packs.get(body.policy.value) or state.packs.default  # type: ignore[attr-defined]
        lang: str = body.lang.value  # type: ignore[attr-defined]
        answers = _checked_answers(state, pack, lang, body.answers.root)  # type: ignore[attr-defined]
        codes = state.resume_codes
        return json_response(ResumeCode(code=codes.make(pack, answers), policy=pack.id, length=codes.length), lang)

    async def read_resume_code(body: CodeReading) -> Response:  # type: ignore[valid-type]
        lang: str = body.lang.value  # type: ignore[attr-defined]
        read = state.resume_codes.read(body.code)  # type: ignore[attr-defined]
        if isinstance(read, CodeProblem):
            with use_locale(state.catalogs, lang):
                message = resume_code_message(read)
                raise ApiRefusal(422, message, [FieldError(field="code", message=message)])
        answers = {k: v if isinstance(v, str) else list(v) for k, v in read.answers.items()}
        return json_response(ResumedAnswers(policy=read.policy.id, lang=lang, answers=answers), lang)

    router.add_api_route(
        "/resume-code", make_resume_code, methods=["POST"], operation_id="make_resume_code", response_model=ResumeCode,
        responses=size_docs, route_class_override=BodyOnlyRoute,
        summary="A resume code for a pack and its answers, to continue in the web flow",
    )
    router.add_api_route(
        "/resume-code/read", read_resume_code, methods=["POST"], operation_id="read_resume_code",
        response_model=ResumedAnswers, route_class_override=BodyOnlyRoute,
        responses={**size_docs, 422: {"model": ErrorResponse, "description": "Invalid input, or a code that cannot be "
                                      "read (mistyped, or made before the questions changed), in the request's language"}},
        summary="The pack and answers a resume code holds",
    )
    return router
