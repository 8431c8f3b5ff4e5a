"""The pages a person sees: start, the question pages (closely related questions together), check answers,
result, the resume code (and coming back with it), safety.

Answers travel only in the page's form fields (POST bodies): never in URLs, cookies or server memory.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.routing import Route

from app.core import (
    CodeProblem,
    Policy,
    Step,
    first_unanswered_step,
    flow_steps,
    progress,
    relevant_answers,
    screen,
    step_after,
    step_before,
    step_for,
    step_problem,
)
from app.web.deps import (
    LinkPage,
    PageLang,
    PostedAnswers,
    PostedFormDep,
    StateDep,
    flow_form,
    link_page,
    posted_screening,
)
from app.web.errors import resume_code_message, step_problem_message
from app.web.forms import hidden_answers, kept_values, language_switch
from app.web.presenter import answering_for_someone_else, describe
from app.web.rendering import Page
from app.web.texts import PackText

router = APIRouter(include_in_schema=False)

# What the start page says, in minutes, from a quick to a slow reader: `python bench/flow_time.py` measures it.
MINUTES_TO_ANSWER = (5, 10)
RESUME_FIELD = "_resume"
# The question the start page's two buttons answer ("Start for myself", "Start for someone else"): once answered,
# its page is part of the start page, so the flow neither counts it nor goes Back to it (the start page asks again).
ASKED_ON_START = "answering_for"
TYPED_CODE_LIMIT = 64  # what a refused code shows again of what was typed


@router.get("/")
async def root(request: Request, state: StateDep) -> Response:
    lang = state.catalogs.best_match(request.headers.get("accept-language"), state.settings.default_language)
    return RedirectResponse(f"/{lang}/", status_code=303, headers={"Vary": "Accept-Language"})


def _start_context(page: Page, today: date, **extra: Any) -> dict[str, Any]:
    pack = page.state.packs.default
    return {"policy": pack, "view": describe(screen({}, pack, today), pack, advice=page.state.advice), "minutes": MINUTES_TO_ANSWER,  # (low, high)
            "code_length": page.state.resume_codes.length, **extra}


async def start(request: Request) -> Response:
    page = await link_page(request)
    today = page.state.settings.as_of_today()
    return page.render_shared("start.html", lambda: _start_context(page, today), key=(today,))


@router.post("/{lang}/resume")
async def resume(posted: PostedFormDep) -> Response:
    """"Continue with a code" on the start page: the check page with the code's answers, or the start page saying
    what is wrong with the code (422; drawn for this request, never shared: it shows what was typed)."""
    page, form = posted.page, posted.form
    typed = form.control.get(RESUME_FIELD, "")
    read = page.state.resume_codes.read(typed)
    if isinstance(read, CodeProblem):
        context = _start_context(page, page.state.settings.as_of_today(), resume_error=resume_code_message(read),
                                 typed_code=typed[:TYPED_CODE_LIMIT])
        return page.render("start.html", context, status=422, private=True)
    context = _check_context(page.words(read.policy), read.policy, relevant_answers(read.policy, read.answers))
    return page.render("check.html", context, private=True)


@router.get("/{lang}")
async def start_no_slash(lang: PageLang) -> Response:
    return RedirectResponse(f"/{lang}/", status_code=308)


@router.get("/{lang}/safety")
async def safety(page: LinkPage) -> Response:
    return page.render_shared("safety.html")


@router.get("/{lang}/discretion")
async def discretion(page: LinkPage) -> Response:
    """What prosecutorial discretion was, and what this tool cannot tell."""
    return page.render_shared("discretion.html")


def walked_steps(steps: list[Step], answers: dict) -> list[Step]:
    """The pages the flow walks and counts (of `steps`, flow_steps for these answers): less the page of the start
    page's question once it is answered."""
    if ASKED_ON_START in answers:
        return [s for s in steps if s.questions[0].id != ASKED_ON_START]
    return steps


def _page_context(words: PackText, policy: Policy, answers: dict, step: Step, *, errors: dict[str, str] | None = None,
                  return_to: str = "", walked: list[Step] | None = None) -> dict[str, Any]:
    """`words`: the pack's in the page's language; `answers`: those that count (relevant_answers); `walked`:
    walked_steps for these answers if the caller has them."""
    words = words.worded(answering_for_someone_else(answers))  # "the person", not "you", for a relative
    ids = {q.id for q in step.questions}
    errors = errors or {}
    ticked = {q_id: {v} if isinstance(v, str) else set(v) for q_id, v in answers.items() if q_id in ids}
    walked = walked_steps(flow_steps(policy, answers), answers) if walked is None else walked
    number, total = progress(policy, answers, step.page, steps=walked)
    return {
        "switch": language_switch("questions", "_go", "stay"),  # the same page again, with what is ticked on it
        "policy": policy,
        "step": step,
        "title": words.page_titles[step.page.id],
        # Each question's words, its error message (or None) and the choices ticked.
        "fields": [(words.questions[q.id], errors.get(q.id), ticked.get(q.id, ())) for q in step.questions],
        "hidden": [pair for pair in hidden_answers(answers) if pair[0] not in ids],  # this page's are its choices
        "position": number,
        "total": total,
        "is_first": number == 1,
        "errors": errors,
        "return_to": return_to,
    }


def _check_context(words: PackText, policy: Policy, kept: dict, *, steps: list[Step] | None = None) -> dict[str, Any]:
    """`words`: the pack's in the page's language; `kept`: the answers that count (relevant_answers); `steps`:
    flow_steps(policy, kept) if the caller has it."""
    words = words.worded(answering_for_someone_else(kept))
    steps = flow_steps(policy, kept) if steps is None else steps
    hidden = hidden_answers(kept)
    answered = [(q.id, kept_values(kept, q.id)) for step in steps for q in step.questions]  # also read by the desk's rows
    given = dict(answered)
    sections = []  # each page's title, and its questions' words with the labels of the choices given
    for step in steps:
        texts = [words.questions[q.id] for q in step.questions]
        sections.append((words.page_titles[step.page.id], [(text, text.chosen(given[text.id])) for text in texts]))
    number, total = progress(policy, kept, None, steps=walked_steps(steps, kept))
    return {"policy": policy, "answered": answered, "sections": sections, "hidden": hidden,
            "position": number, "total": total,
            "switch": language_switch("questions", "_go", "check")}


@router.get("/{lang}/questions")
async def first_question(page: LinkPage) -> Response:
    policy = page.state.packs.default  # no answers yet: the same page for everyone
    return page.render_shared("question.html", lambda: _page_context(page.words(policy), policy, {}, flow_steps(policy, {})[0]),
                              private=True)


async def questions(request: Request) -> Response:
    """One endpoint walks the flow: the posted answers and the button pressed decide the next page."""
    flow = await flow_form(request)
    page = flow.page
    policy, answers = flow.policy, relevant_answers(flow.policy, flow.answers)  # the flow reads no other
    at = policy.page(flow.control.get("_at", ""))
    go = flow.control.get("_go", "next")
    change = policy.page(flow.control.get("_change", ""))
    return_to = flow.control.get("_return", "")
    steps = flow_steps(policy, answers)  # the answers do not change below: the flow is walked once
    walked = walked_steps(steps, answers)
    words = page.words(policy)

    def show(step: Step, *, status: int = 200, **context: Any) -> Response:
        return page.render("question.html", _page_context(words, policy, answers, step, walked=walked, **context),
                           status=status, private=True)

    def check_page() -> Response:
        return page.render("check.html", _check_context(words, policy, answers, steps=steps), private=True)

    if change is not None:
        return show(step_for(policy, answers, change, steps=steps), return_to="check")
    if go == "check":
        return check_page()
    if go == "back" and at is None:  # Back from the check page: the last page asked
        return show(walked[-1]) if walked else RedirectResponse(f"/{page.lang}/", status_code=303)
    if at is None:  # coming from the start page, or a language switch mid-flow
        target = first_unanswered_step(policy, answers, steps=walked)
        return show(target) if target else check_page()
    if go == "back":
        if return_to == "check":
            return check_page()
        target = step_before(policy, answers, at, steps=walked)
        return show(target) if target else RedirectResponse(f"/{page.lang}/", status_code=303)
    if go == "stay":
        return show(step_for(policy, answers, at, steps=steps), return_to=return_to)

    step = step_for(policy, answers, at, steps=steps)
    problems = {q.id: step_problem_message(q, problem) for q in step.questions if (problem := step_problem(q, answers))}
    if problems:
        return show(step, errors=problems, return_to=return_to, status=422)
    # After a change, ask only what the change opened, then back to the check page; else the next page
    # (this page's answers may have opened or closed later ones).
    target = (first_unanswered_step(policy, answers, steps=walked) if return_to == "check"
              else step_after(policy, answers, at, steps=walked))
    return show(target, return_to=return_to) if target else check_page()


@router.post("/{lang}/start-over")
async def start_over(flow: PostedAnswers) -> Response:
    """"Start again" on a page that holds answers, without JavaScript: a page that asks once before they are gone."""
    page, policy = flow.page, flow.policy
    return page.render("start_over.html", {
        "switch": language_switch("start-over"),
        "policy": policy,
        "hidden": hidden_answers(relevant_answers(policy, flow.answers)),
    }, private=True)


@router.post("/{lang}/resume-code")
async def resume_code(flow: PostedAnswers) -> Response:
    """"Get a code to come back later" on the check page or the result: the code on a page of its own."""
    page = flow.page
    policy, came_from = flow.policy, "result" if flow.control.get("_from") == "result" else "check"
    hidden = hidden_answers(relevant_answers(policy, flow.answers))
    return page.render("resume_code.html", {
        "switch": language_switch("resume-code", "_from", came_from),
        "policy": policy,
        "code": page.state.resume_codes.make(policy, flow.answers),
        "hidden": hidden,
        "came_from": came_from,
    }, private=True)


async def result(request: Request) -> Response:
    screening = await posted_screening(request)
    page, policy = screening.page, screening.policy
    view = describe(screening.result, policy, advice=page.state.advice)
    hidden = hidden_answers(view.answers)
    return page.render("result.html", {
        "switch": language_switch("result"),
        "policy": policy,
        "view": view,
        "hidden": hidden,
        "other_policies": [p for p in page.state.packs if p.id != policy.id],
    }, private=True)


# The routes a person's walk through the flow hits most, tried before all others (factory.create_app): plain Starlette
# routes, which take the request and call their dependency themselves. FastAPI's handling of a route (solving its
# dependencies, even the request alone) took a tenth of a question page's time; these pages are not in the API schema.
FLOW_ROUTES = [Route("/{lang}/", start, methods=["GET"]), Route("/{lang}/questions", questions, methods=["POST"]),
               Route("/{lang}/result", result, methods=["POST"])]
