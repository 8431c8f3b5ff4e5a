"""The pages a person sees: start, one question per page, check answers, result, safety.

Answers travel only in the page's form fields (POST bodies): never in URLs, cookies or server memory.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from app.core import Policy, Question, applicable_questions, next_question, relevant_answers, screen, step_problem
from app.web.deps import FormPage, LinkPage, PageLang, PostedAnswers, PostedScreening, StateDep
from app.web.errors import step_problem_message
from app.web.forms import answer_rows, hidden_answers, language_switch
from app.web.presenter import describe

router = APIRouter(include_in_schema=False)


@router.get("/")
async def root(request: Request, state: StateDep) -> Response:
    lang = state.catalogs.best_match(request.headers.get("accept-language"), state.settings.default_language)
    return RedirectResponse(f"/{lang}/", status_code=303, headers={"Vary": "Accept-Language"})


@router.get("/{lang}/")
async def start(page: LinkPage) -> Response:
    pack = page.state.packs.default
    view = describe(screen({}, pack, page.state.settings.as_of_today()), pack)
    return page.render("start.html", {
        "policy": pack, "view": view, "question_count": len(applicable_questions(pack, {})),
    })


@router.get("/{lang}")
async def start_no_slash(lang: PageLang) -> Response:
    return RedirectResponse(f"/{lang}/", status_code=308)


@router.get("/{lang}/safety")
async def safety(page: LinkPage) -> Response:
    return page.render("safety.html")


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


@router.get("/{lang}/questions")
async def first_question(page: LinkPage) -> Response:
    policy = page.state.packs.default
    return page.render("question.html", _question_context(policy, {}, policy.questions[0]), private=True)


@router.post("/{lang}/questions")
async def questions(page: FormPage, flow: PostedAnswers) -> Response:
    """One endpoint walks the flow: the posted answers and the button pressed decide the next page."""
    policy, answers = flow.policy, dict(flow.answers)
    asked = applicable_questions(policy, answers)
    ids = [q.id for q in asked]
    at = policy.question(flow.control.get("_at", ""))
    go = flow.control.get("_go", "next")
    change = policy.question(flow.control.get("_change", ""))
    return_to = flow.control.get("_return", "")

    def show(question: Question, *, status: int = 200, **context: Any) -> Response:
        return page.render("question.html", _question_context(policy, answers, question, **context),
                           status=status, private=True)

    def check_page() -> Response:
        return page.render("check.html", _check_context(policy, answers), private=True)

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
            return RedirectResponse(f"/{page.lang}/", status_code=303)
        return show(asked[position - 1])
    if go == "stay":
        return show(at, return_to=return_to)

    problem = step_problem(at, answers)
    if problem:
        return show(at, error=step_problem_message(at, problem), return_to=return_to, status=422)
    if return_to == "check":  # after a change, ask only what the change opened, then back to the check page
        target = next_question(policy, answers)
    else:
        asked = applicable_questions(policy, answers)  # this answer may open or close later questions
        ids = [q.id for q in asked]
        position = ids.index(at.id) + 1 if at.id in ids else len(ids)
        target = asked[position] if position < len(asked) else None
    return show(target, return_to=return_to) if target else check_page()


@router.post("/{lang}/result")
async def result(page: FormPage, screening: PostedScreening) -> Response:
    policy = screening.policy
    hidden = hidden_answers(policy, screening.answers)
    return page.render("result.html", {
        "switch": language_switch("result", hidden, [("_policy", policy.id)]),
        "policy": policy,
        "view": describe(screening.result, policy),
        "hidden": hidden,
        "other_policies": [p for p in page.state.packs if p.id != policy.id],
    }, private=True)
