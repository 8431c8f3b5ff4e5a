"""The pages a person sees: start, one question per page, check answers, result, safety, errors.

Answers travel only in the page's form fields (POST bodies): never in URLs, cookies or server memory.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from app.core import Policy, Question, applicable_questions, relevant_answers, screen
from app.web.deps import BodyTooLarge, read_limited, state_of
from app.web.errors import missing_answer_message
from app.web.i18n import _, use_locale
from app.web.presenter import describe

router = APIRouter(include_in_schema=False)

CONTROL_PREFIX = "_"
EXCLUSIVE_MULTI_VALUES = ("none", "not_sure")


def _lang_or_404(request: Request, lang: str) -> str | None:
    return lang if lang in state_of(request).catalogs else None


def render(request: Request, template: str, lang: str, context: dict[str, Any], *, status: int = 200,
           private: bool = False) -> HTMLResponse:
    """Render a page, or for an htmx swap of #main only its title, main block and language switch."""
    state = state_of(request)
    with use_locale(state.catalogs, lang):
        tpl = state.jinja.get_template(template)
        ctx = {
            "lang": lang,
            "languages": state.catalogs.languages,
            "settings": state.settings,
            "path": request.url.path,
            **context,
        }
        if request.headers.get("hx-request") == "true" and request.headers.get("hx-target") == "main":
            tctx = tpl.new_context(ctx)
            html = "".join([
                "<title>", *tpl.blocks["title"](tctx), "</title>",
                *tpl.blocks["main"](tpl.new_context(ctx)),
                state.jinja.get_template("partials/language_switch_oob.html").render(ctx),
            ])
        else:
            html = tpl.render(ctx)
    headers = {"Content-Language": lang, "Vary": "HX-Request, HX-Target"}
    if private:
        headers["Cache-Control"] = "no-store"
    return HTMLResponse(html, status_code=status, headers=headers)


def error_page(request: Request, status: int) -> HTMLResponse:
    state = state_of(request)
    first = request.url.path.strip("/").split("/")[0]
    lang = first if first in state.catalogs else state.settings.default_language
    return render(request, "error.html", lang, {"status": status}, status=status, private=True)


@router.get("/")
async def root(request: Request) -> Response:
    state = state_of(request)
    lang = state.catalogs.best_match(request.headers.get("accept-language"), state.settings.default_language)
    return RedirectResponse(f"/{lang}/", status_code=303, headers={"Vary": "Accept-Language"})


@router.get("/{lang}/")
async def start(request: Request, lang: str) -> Response:
    if not _lang_or_404(request, lang):
        return error_page(request, 404)
    state = state_of(request)
    pack = state.packs.default
    view = describe(screen({}, pack, state.settings.as_of_today()), pack)
    return render(request, "start.html", lang, {
        "policy": pack, "view": view, "question_count": len(applicable_questions(pack, {})),
    })


@router.get("/{lang}")
async def start_no_slash(request: Request, lang: str) -> Response:
    if not _lang_or_404(request, lang):
        return error_page(request, 404)
    return RedirectResponse(f"/{lang}/", status_code=308)


@router.get("/{lang}/safety")
async def safety(request: Request, lang: str) -> Response:
    if not _lang_or_404(request, lang):
        return error_page(request, 404)
    return render(request, "safety.html", lang, {})


@dataclass
class FormState:
    """A posted form split into answers (question ids) and control fields (names starting with _)."""

    answers: dict[str, str | tuple[str, ...]] = field(default_factory=dict)
    control: dict[str, str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


async def read_form(request: Request, policy_lookup) -> FormState | Response:
    state = state_of(request)
    try:
        body = await read_limited(request, state.settings.max_body_bytes)
    except BodyTooLarge:
        return error_page(request, 413)
    try:
        pairs = parse_qsl(body.decode("utf-8"), keep_blank_values=True, strict_parsing=False)
    except (UnicodeDecodeError, ValueError):
        return error_page(request, 422)
    form = FormState()
    grouped: dict[str, list[str]] = {}
    for name, value in pairs:
        if name.startswith(CONTROL_PREFIX):
            form.control[name] = value
        else:
            grouped.setdefault(name, []).append(value)
    policy: Policy = policy_lookup(form.control.get("_policy"))
    for name, values in grouped.items():
        question = policy.question(name)
        if question is None or not all(v in question.values for v in values):
            form.problems.append(name)
            continue
        if question.kind == "multi":
            form.answers[name] = tuple(dict.fromkeys(values))
        elif len(values) == 1:
            form.answers[name] = values[0]
        else:
            form.problems.append(name)
    return form


def _policy_lookup(request: Request):
    packs = state_of(request).packs
    return lambda policy_id: packs.get(policy_id or "") or packs.default


def _hidden_answers(policy: Policy, answers: dict, *, skip: str | None = None) -> list[tuple[str, str]]:
    """The (name, value) pairs that carry answers to the next page, in question order."""
    pairs: list[tuple[str, str]] = []
    for question_id, value in relevant_answers(policy, answers).items():
        if question_id == skip:
            continue
        for v in (value,) if isinstance(value, str) else value:
            pairs.append((question_id, v))
    return pairs


def _switch(endpoint: str, carry: list[tuple[str, str]], control: list[tuple[str, str]]) -> dict[str, Any]:
    """What the language switch posts so the person keeps their answers and their place."""
    return {"endpoint": endpoint, "carry": carry, "control": control}


def _question_context(policy: Policy, answers: dict, question: Question, *, error: str | None = None,
                      return_to: str = "") -> dict[str, Any]:
    asked = applicable_questions(policy, answers)
    ids = [q.id for q in asked]
    position = ids.index(question.id) + 1 if question.id in ids else len(ids)
    current = answers.get(question.id)
    chosen = set() if current is None else ({current} if isinstance(current, str) else set(current))
    control = [("_at", question.id), ("_go", "stay"), ("_policy", policy.id)]
    return {
        "switch": _switch("questions", _hidden_answers(policy, answers), control + ([("_return", return_to)] if return_to else [])),
        "policy": policy,
        "question": question,
        "chosen": chosen,
        "hidden": _hidden_answers(policy, answers, skip=question.id),
        "position": position,
        "total": len(ids),
        "is_first": position == 1,
        "error": error,
        "return_to": return_to,
    }


def _check_context(policy: Policy, answers: dict) -> dict[str, Any]:
    kept = relevant_answers(policy, answers)
    rows = []
    for question in applicable_questions(policy, kept):
        value = kept.get(question.id)
        values = () if value is None else ((value,) if isinstance(value, str) else value)
        labels = [o.label for o in question.options if o.value in values]
        rows.append({"question": question, "labels": labels})
    hidden = _hidden_answers(policy, kept)
    return {"policy": policy, "rows": rows, "hidden": hidden,
            "switch": _switch("questions", hidden, [("_go", "check"), ("_policy", policy.id)])}


def _missing_or_invalid(question: Question, answers: dict) -> str | None:
    value = answers.get(question.id)
    if value is None or value == ():
        return missing_answer_message(question)
    if question.kind == "multi" and len(value) > 1 and any(v in EXCLUSIVE_MULTI_VALUES for v in value):
        return _("Choose the applications that apply, or “None of these”, or “I'm not sure”, but not both.")
    return None


@router.api_route("/{lang}/questions", methods=["GET", "POST"])
async def questions(request: Request, lang: str) -> Response:
    """One endpoint walks the flow: the posted answers and the button pressed decide the next page."""
    if not _lang_or_404(request, lang):
        return error_page(request, 404)
    lookup = _policy_lookup(request)
    if request.method == "GET":
        policy = lookup(None)
        return render(request, "question.html", lang, _question_context(policy, {}, policy.questions[0]), private=True)
    form = await read_form(request, lookup)
    if isinstance(form, Response):
        return form
    policy = lookup(form.control.get("_policy"))
    if form.problems:
        return render(request, "error.html", lang, {"status": 422, "form_problem": True}, status=422, private=True)
    answers = dict(form.answers)
    asked = applicable_questions(policy, answers)
    ids = [q.id for q in asked]
    at = policy.question(form.control.get("_at", ""))
    go = form.control.get("_go", "next")
    change = policy.question(form.control.get("_change", ""))
    return_to = form.control.get("_return", "")

    if change is not None:
        return render(request, "question.html", lang, _question_context(policy, answers, change, return_to="check"), private=True)
    if go == "check":
        return render(request, "check.html", lang, _check_context(policy, answers), private=True)
    if at is None:  # coming from the start page, or a language switch mid-flow
        target = next((q for q in asked if q.id not in answers), None)
        if target is None:
            return render(request, "check.html", lang, _check_context(policy, answers), private=True)
        return render(request, "question.html", lang, _question_context(policy, answers, target), private=True)
    if go == "back":
        position = ids.index(at.id) if at.id in ids else len(ids)
        if return_to == "check":
            return render(request, "check.html", lang, _check_context(policy, answers), private=True)
        target = asked[position - 1] if position > 0 else None
        if target is None:
            return RedirectResponse(f"/{lang}/", status_code=303)
        return render(request, "question.html", lang, _question_context(policy, answers, target), private=True)
    if go == "stay":
        return render(request, "question.html", lang, _question_context(policy, answers, at, return_to=return_to), private=True)

    problem = _missing_or_invalid(at, answers)
    if problem:
        context = _question_context(policy, answers, at, error=problem, return_to=return_to)
        return render(request, "question.html", lang, context, status=422, private=True)
    asked = applicable_questions(policy, answers)  # this answer may open or close later questions
    if return_to == "check":
        target = next((q for q in asked if q.id not in answers), None)
    else:
        later = asked[[q.id for q in asked].index(at.id) + 1:] if at.id in [q.id for q in asked] else []
        target = later[0] if later else None
    if target is None:
        return render(request, "check.html", lang, _check_context(policy, answers), private=True)
    return render(request, "question.html", lang, _question_context(policy, answers, target, return_to=return_to if target.id not in answers else ""), private=True)


@router.post("/{lang}/result")
async def result(request: Request, lang: str) -> Response:
    if not _lang_or_404(request, lang):
        return error_page(request, 404)
    lookup = _policy_lookup(request)
    form = await read_form(request, lookup)
    if isinstance(form, Response):
        return form
    if form.problems:
        return render(request, "error.html", lang, {"status": 422, "form_problem": True}, status=422, private=True)
    state = state_of(request)
    policy = lookup(form.control.get("_policy"))
    outcome = screen(form.answers, policy, state.settings.as_of_today())
    with use_locale(state.catalogs, lang):
        view = describe(outcome, policy)
    hidden = _hidden_answers(policy, form.answers)
    return render(request, "result.html", lang, {
        "switch": _switch("result", hidden, [("_policy", policy.id)]),
        "policy": policy,
        "view": view,
        "hidden": hidden,
        "other_policies": [p for p in state.packs if p.id != policy.id],
    }, private=True)
