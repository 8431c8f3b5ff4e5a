"""The public JSON API of the screening contract (§6): policies, questions, screen."""

from __future__ import annotations

import json
from datetime import date
from typing import Any, Literal

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ConfigDict

from app.core import check_answers, screen, status_on
from app.web.deps import AppState, read_body, state_of
from app.web.errors import ErrorResponse, FieldError, error_response, field_errors
from app.web.i18n import _, use_locale
from app.web.presenter import cite, describe

class CitationOut(BaseModel):
    # Read straight from the presenter's CitationView objects (no per-field copying).
    model_config = ConfigDict(from_attributes=True)

    title: str
    url: str
    pin: str | None = None


class PeriodOut(BaseModel):
    start: date
    status: Literal["in_force", "blocked", "ended"]
    summary: str
    citations: list[CitationOut]


class PolicyOut(BaseModel):
    id: str
    title: str
    summary: str
    default: bool
    documents: list[CitationOut]
    timeline: list[PeriodOut]


class PoliciesOut(BaseModel):
    policies: list[PolicyOut]


class OptionOut(BaseModel):
    value: str
    label: str


class QuestionOut(BaseModel):
    id: str
    type: Literal["single", "multi"]
    condition: dict[str, Any] | None
    text: str
    hint: str
    why: str
    options: list[OptionOut]
    page: str  # the id of the web flow's page that asks it


class PageRef(BaseModel):
    id: str


class PageOut(BaseModel):
    """A page of the web flow: closely related questions asked together."""

    id: str
    title: str
    questions: list[PageRef]


class QuestionsOut(BaseModel):
    policy: str
    lang: str
    questions: list[QuestionOut]
    pages: list[PageOut]


class PolicyStatusOut(BaseModel):
    id: str
    title: str
    status: Literal["not_yet_in_force", "in_force", "blocked", "ended"]
    status_since: date | None
    status_name: str
    status_text: str
    status_summary: str
    citations: list[CitationOut]


class FactorOut(BaseModel):
    id: str
    kind: Literal["favorable", "aggravating"]
    name: str
    explanation: str
    lawyer_note: str | None = None
    documents: list[str]
    citations: list[CitationOut]


class CategoryOut(BaseModel):
    id: str
    name: str
    explanation: str
    citations: list[CitationOut]


class UrgentOut(BaseModel):
    id: str
    title: str
    action: str


class UnsureOut(BaseModel):
    id: str
    text: str


class TextOut(BaseModel):
    assessment_heading: str
    assessment: str
    urgent: list[UrgentOut]
    priorities: list[CategoryOut]
    unclear: list[CategoryOut]
    favorable_factors: list[FactorOut]
    aggravating_factors: list[FactorOut]
    unsure_answers: list[UnsureOut]
    next_steps: list[str]
    disclaimer: str


class ScreenOut(BaseModel):
    policy: PolicyStatusOut
    as_of: date
    lang: str
    assessment: Literal["may_be_priority", "cannot_tell", "may_fall_outside_priorities"]
    priorities: list[str]
    unclear: list[str]
    favorable_factors: list[str]
    aggravating_factors: list[str]
    urgent: list[str]
    text: TextOut


def _condition(expr) -> dict[str, Any] | None:
    """A question's condition as JSON: {"question": id, "in": [values]} (all current conditions are one test)."""
    if expr is None:
        return None
    return {"question": expr.question, "in": sorted(expr.values)}


def _choose(state: AppState, policy: str | None, lang: str | None) -> tuple[Any, str, list[FieldError]]:
    errors = []
    pack = state.packs.get(policy) if policy is not None else state.packs.default
    if pack is None:
        errors.append(FieldError(field="policy", message=_("Unknown policy."), allowed=list(state.packs.by_id)))
    language = lang if lang is not None else state.settings.default_language
    if language not in state.catalogs:
        errors.append(FieldError(field="lang", message=_("Unknown language."), allowed=list(state.catalogs.languages)))
    return pack, language, errors


def _query_choice(state: AppState, policy: str | None, lang: str | None) -> tuple[Any, str, JSONResponse | None]:
    """The pack and language a GET asks for, or a 422 naming what is wrong, in the asked language if we have it."""
    with use_locale(state.catalogs, lang if lang in state.catalogs else state.settings.default_language):
        pack, language, errors = _choose(state, policy, lang)
        if errors:
            return pack, language, error_response(422, _("Please correct the request."), errors)
    return pack, language, None


def _error_docs() -> dict:
    return {422: {"model": ErrorResponse, "description": "Invalid input; names the field and the allowed values"}}


async def policies(request: Request, response: Response):
    # Query parameters are read here, not declared in the signature, so one validator (ours)
    # speaks for them; add_routes declares them in the OpenAPI schema with their enums.
    state = state_of(request)
    _pack, language, refused = _query_choice(state, None, request.query_params.get("lang"))
    if refused:
        return refused
    response.headers["Content-Language"] = language
    with use_locale(state.catalogs, language):
        # Document titles are official names and stay as published; summaries and pins are our words.
        return PoliciesOut(policies=[
            PolicyOut(
                id=p.id, title=_(p.title), summary=_(p.summary), default=p.default,
                documents=[CitationOut.model_validate(c) for c in cite(p.documents)],
                timeline=[
                    PeriodOut(start=t.start, status=t.status, summary=_(t.summary),
                              citations=[CitationOut.model_validate(c) for c in cite(t.citations)])
                    for t in p.timeline
                ],
            )
            for p in state.packs
        ])


async def questions(request: Request, response: Response):
    state = state_of(request)
    pack, language, refused = _query_choice(state, request.query_params.get("policy"), request.query_params.get("lang"))
    if refused:
        return refused
    response.headers["Content-Language"] = language
    with use_locale(state.catalogs, language):
        return QuestionsOut(policy=pack.id, lang=language, questions=[
            QuestionOut(
                id=q.id, type=q.kind, condition=_condition(q.condition),
                text=_(q.text), hint=_(q.hint), why=_(q.why),
                options=[OptionOut(value=o.value, label=_(o.label)) for o in q.options], page=q.page,
            )
            for q in pack.questions
        ], pages=[
            PageOut(id=p.id, title=_(p.title), questions=[PageRef(id=q) for q in p.questions]) for p in pack.pages
        ])


def screen_request_schema(state: AppState) -> dict:
    """The request body's JSON schema, built from the packs so it lists every question and value."""
    answers: dict[str, Any] = {}
    for pack in state.packs:
        for q in pack.questions:
            values = list(q.values)
            answers[q.id] = (
                {"type": "array", "items": {"type": "string", "enum": values}, "minItems": 1}
                if q.kind == "multi" else {"type": "string", "enum": values}
            )
    return {
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "policy": {"type": "string", "enum": list(state.packs.by_id), "default": state.packs.default_id},
            "as_of": {"type": "string", "format": "date", "description": "Default: today"},
            "lang": {"type": "string", "enum": list(state.catalogs.languages), "default": "en"},
            "answers": {"type": "object", "additionalProperties": False, "properties": answers},
        },
    }


async def screen_endpoint(request: Request):
    state = state_of(request)
    fallback_lang = state.settings.default_language
    body_or_error = await read_body(request, state.settings.max_body_bytes)
    if isinstance(body_or_error, JSONResponse):
        return body_or_error
    try:
        payload = json.loads(body_or_error)
    except (ValueError, UnicodeDecodeError):
        with use_locale(state.catalogs, fallback_lang):
            return error_response(422, _("The request body must be JSON."), [FieldError(field="body", message=_("The request body must be JSON."))])
    if not isinstance(payload, dict):
        with use_locale(state.catalogs, fallback_lang):
            return error_response(422, _("The request body must be a JSON object."), [FieldError(field="body", message=_("The request body must be a JSON object."), allowed=["policy", "as_of", "lang", "answers"])])
    lang_raw = payload.get("lang")
    show_lang = lang_raw if isinstance(lang_raw, str) and lang_raw in state.catalogs else fallback_lang
    with use_locale(state.catalogs, show_lang):
        errors: list[FieldError] = []
        unknown = sorted(k for k in payload if k not in ("policy", "as_of", "lang", "answers"))
        for key in unknown:
            errors.append(FieldError(field=str(key), message=_("This field is not part of the request."), allowed=["policy", "as_of", "lang", "answers"]))
        # A field that is present must be a string: null or a number is an error, not "use the default".
        policy_raw = payload.get("policy")
        if "policy" in payload and not isinstance(policy_raw, str):
            policy_raw = repr(policy_raw)
        if "lang" in payload and not isinstance(lang_raw, str):
            lang_raw = repr(lang_raw)
        pack, language, choose_errors = _choose(state, policy_raw, lang_raw)
        errors.extend(choose_errors)
        as_of = state.settings.as_of_today()
        if "as_of" in payload:
            try:
                if not isinstance(payload["as_of"], str) or len(payload["as_of"]) != 10:
                    raise ValueError
                as_of = date.fromisoformat(payload["as_of"])
            except ValueError:
                errors.append(FieldError(field="as_of", message=_("Write the date as YYYY-MM-DD, for example 2025-01-20.")))
        answers_raw = payload.get("answers", {})
        answers: dict = {}
        if not isinstance(answers_raw, dict):
            errors.append(FieldError(field="answers", message=_("Answers must be a JSON object of question ids and values.")))
        elif pack is not None:
            answers, answer_errors = check_answers(pack, answers_raw)
            errors.extend(field_errors(answer_errors))
        if errors:
            return error_response(422, _("Please correct the request."), errors)
        result = screen(answers, pack, as_of)
        view = describe(result, pack)
        status, since, _period = status_on(pack, as_of)
        out = ScreenOut(
            policy=PolicyStatusOut(
                id=pack.id, title=_(pack.title), status=status, status_since=since,
                status_name=view.status_name, status_text=view.status_text, status_summary=view.status_summary,
                citations=[CitationOut.model_validate(c) for c in view.status_citations],
            ),
            as_of=as_of,
            lang=language,
            assessment=result.assessment,
            priorities=list(result.priorities),
            unclear=list(result.unclear),
            favorable_factors=list(result.favorable_factors),
            aggravating_factors=list(result.aggravating_factors),
            urgent=list(result.urgent),
            text=TextOut(
                assessment_heading=view.assessment_heading,
                assessment=view.assessment_text,
                urgent=view.urgent,
                priorities=view.priorities,
                unclear=view.unclear,
                favorable_factors=view.favorable,
                aggravating_factors=view.aggravating,
                unsure_answers=view.unsure_questions,
                next_steps=view.next_steps,
                disclaimer=view.disclaimer,
            ),
        )
        return JSONResponse(out.model_dump(mode="json"), headers={"Cache-Control": "no-store", "Content-Language": language})


def build_router(state: AppState) -> APIRouter:
    router = APIRouter(prefix="/api/v1", tags=["screening"])
    add_routes(router, state)
    return router


def add_routes(router_: APIRouter, state: AppState) -> None:
    """Routes whose OpenAPI schema lists this deployment's packs and languages as enums."""
    lang_param = {"name": "lang", "in": "query", "required": False,
                  "schema": {"type": "string", "enum": list(state.catalogs.languages)}, "description": "Language code; default en"}
    router_.add_api_route(
        "/policies", policies, methods=["GET"], response_model=PoliciesOut, responses=_error_docs(),
        openapi_extra={"parameters": [lang_param]}, summary="The policy packs with their dated, cited timelines",
    )
    router_.add_api_route(
        "/questions", questions, methods=["GET"], response_model=QuestionsOut, responses=_error_docs(),
        openapi_extra={"parameters": [
            {"name": "policy", "in": "query", "required": False,
             "schema": {"type": "string", "enum": list(state.packs.by_id)}, "description": "Policy pack id; default doyle-2022"},
            lang_param,
        ]},
        summary="The questions of a pack, in order, in a language",
    )
    router_.add_api_route(
        "/screen", screen_endpoint, methods=["POST"], response_model=ScreenOut,
        responses={**_error_docs(), 413: {"model": ErrorResponse, "description": "Body over the size limit"}},
        openapi_extra={"requestBody": {"required": True, "content": {"application/json": {"schema": screen_request_schema(state)}}}},
        summary="Screen a set of answers against a policy pack on a date",
    )
