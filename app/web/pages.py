"""The pages a person sees: start, one question per page, check answers, result, safety, errors.

Answers travel only in the page's form fields (POST bodies): never in URLs, cookies or server memory.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from app.core import Policy, Question, Result, applicable_questions, next_question, relevant_answers, screen
from app.web.deps import state_of
from app.web.desk import desk_rows
from app.web.errors import missing_answer_message
from app.web.forms import (
    FormRefused, FormState, answer_rows, hidden_answers, language_switch, policy_lookup, read_form,
)
from app.web.i18n import _, use_locale
from app.web.presenter import describe
from app.web.site_files import public_base_url
from app.web.visit import visit_of, with_carried_fields

router = APIRouter(include_in_schema=False)

EXCLUSIVE_MULTI_VALUES = ("none", "not_sure")


def _lang_or_404(request: Request, lang: str) -> str | None:
    return lang if lang in state_of(request).catalogs else None


def render(request: Request, template: str, lang: str, context: dict[str, Any], *, status: int = 200,
           private: bool = False) -> HTMLResponse:
    """Render a page, or for an htmx swap of #main only its title, main block and language switch."""
    state = state_of(request)
    visit = visit_of(request)
    context = with_carried_fields(visit, context)
    with use_locale(state.catalogs, lang):
        tpl = state.jinja.get_template(template)
        ctx = {
            "lang": lang,
            "languages": state.catalogs.languages,
            "settings": state.settings,
            "path": request.url.path,
            "public_base": public_base_url(request),  # absolute hreflang and canonical links
            "visit": visit,
            "desk_rows": desk_rows(state, visit, template, lang, context),
            **context,
        }
        if request.headers.get("hx-request") == "true" and request.headers.get("hx-target") == "main":
            # The layout's title block, filled with this page's title block: the same <title> as a full page.
            head_title = state.jinja.get_template("base.html").blocks["head_title"]
            html = "".join([
                "<title>", *head_title(tpl.new_context(ctx)), "</title>",
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


def _question_context(policy: Policy, answers: dict, question: Question, *, error: str | None = None,
                      return_to: str = "") -> dict[str, Any]:
    asked = applicable_questions(policy, answers)
    ids = [q.id for q in asked]
    position = ids.index(question.id) + 1 if question.id in ids else len(ids)
    current = answers.get(question.id)
    chosen = set() if current is None else ({current} if isinstance(current, str) else set(current))
    control = [("_at", question.id), ("_go", "stay"), ("_policy", policy.id)]
    return {
        "switch": language_switch("questions", hidden_answers(policy, answers), control + ([("_return", return_to)] if return_to else [])),
        "policy": policy,
        "question": question,
        "chosen": chosen,
        "hidden": hidden_answers(policy, answers, skip=question.id),
        "position": position,
        "total": len(ids),
        "is_first": position == 1,
        "error": error,
        "return_to": return_to,
    }


def _check_context(policy: Policy, answers: dict) -> dict[str, Any]:
    kept = relevant_answers(policy, answers)
    hidden = hidden_answers(policy, kept)
    return {"policy": policy, "rows": answer_rows(policy, kept), "hidden": hidden,
            "switch": language_switch("questions", hidden, [("_go", "check"), ("_policy", policy.id)])}


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
    if request.method == "GET":
        policy = policy_lookup(request)(None)
        return render(request, "question.html", lang, _question_context(policy, {}, policy.questions[0]), private=True)
    posted = await read_answers(request, lang)
    if isinstance(posted, Response):
        return posted
    policy, form = posted
    answers = dict(form.answers)
    asked = applicable_questions(policy, answers)
    ids = [q.id for q in asked]
    at = policy.question(form.control.get("_at", ""))
    go = form.control.get("_go", "next")
    change = policy.question(form.control.get("_change", ""))
    return_to = form.control.get("_return", "")

    def show(question: Question, *, status: int = 200, **context: Any) -> Response:
        return render(request, "question.html", lang, _question_context(policy, answers, question, **context),
                      status=status, private=True)

    def check_page() -> Response:
        return render(request, "check.html", lang, _check_context(policy, answers), private=True)

    if change is not None:
        return show(change, return_to="check")
    if go == "check":
        return check_page()
    if at is None:  # coming from the start page, or a language switch mid-flow
        target = next_question(policy, answers)
        return show(target) if target else check_page()
    if go == "back":
        if return_to == "check":
            return check_page()
        position = ids.index(at.id) if at.id in ids else len(ids)
        if position == 0:
            return RedirectResponse(f"/{lang}/", status_code=303)
        return show(asked[position - 1])
    if go == "stay":
        return show(at, return_to=return_to)

    problem = _missing_or_invalid(at, answers)
    if problem:
        return show(at, error=problem, return_to=return_to, status=422)
    if return_to == "check":  # after a change, ask only what the change opened, then back to the check page
        target = next_question(policy, answers)
    else:
        asked = applicable_questions(policy, answers)  # this answer may open or close later questions
        ids = [q.id for q in asked]
        position = ids.index(at.id) + 1 if at.id in ids else len(ids)
        target = asked[position] if position < len(asked) else None
    return show(target, return_to=return_to) if target else check_page()


async def read_answers(request: Request, lang: str) -> tuple[Policy, FormState] | Response:
    """The policy and answers of a posted flow form, or the error page to send instead."""
    if not _lang_or_404(request, lang):
        return error_page(request, 404)
    lookup = policy_lookup(request)
    try:
        form = await read_form(request, lookup)
    except FormRefused as refused:
        return error_page(request, refused.status)
    if form.problems:
        return render(request, "error.html", lang, {"status": 422, "form_problem": True}, status=422, private=True)
    return lookup(form.control.get("_policy")), form


@dataclass(frozen=True)
class Screening:
    """A posted result form, screened on the deployment's today."""

    policy: Policy
    answers: dict
    result: Result


async def read_screening(request: Request, lang: str) -> Screening | Response:
    """The screening of a posted result form, or the error page to send instead."""
    posted = await read_answers(request, lang)
    if isinstance(posted, Response):
        return posted
    policy, form = posted
    return Screening(policy, form.answers, screen(form.answers, policy, state_of(request).settings.as_of_today()))


@router.post("/{lang}/result")
async def result(request: Request, lang: str) -> Response:
    screening = await read_screening(request, lang)
    if isinstance(screening, Response):
        return screening
    state, policy = state_of(request), screening.policy
    with use_locale(state.catalogs, lang):
        view = describe(screening.result, policy)
    hidden = hidden_answers(policy, screening.answers)
    return render(request, "result.html", lang, {
        "switch": language_switch("result", hidden, [("_policy", policy.id)]),
        "policy": policy,
        "view": view,
        "hidden": hidden,
        "other_policies": [p for p in state.packs if p.id != policy.id],
    }, private=True)
