"""POST /{lang}/result.pdf: the summary PDF, made from the posted answers on request and streamed, never stored.

A worker makes at most PDS_PDF_BUILDS PDFs at once (`BuildSlots`); a request beyond them gets, at once, a 503 page in
the person's language that keeps their answers in a form to try again (no JavaScript needed). A PDF whose person
has gone (the connection closed) stops being made: the build asks between sections.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import anyio
from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool
from starlette.requests import ClientDisconnect

from app.core import Policy, Result, applicable_questions, relevant_answers
from app.web.deps import PostedScreening, Screening
from app.web.desk import desk_languages
from app.web.forms import answer_rows, hidden_answers, language_switch_carrying
from app.web.i18n import SOURCE_LANGUAGE, _, use_locale
from app.web.presenter import describe, private_questions
from app.web.state import AppState
from app.web.summary_pdf import BuildAbandoned, SummaryPart, build_summary_pdf

router = APIRouter(include_in_schema=False)

FILENAME = "screener-summary.pdf"
# When to ask again, on the 503 page and in its Retry-After: a PDF takes a fraction of a second to make.
RETRY_AFTER_SECONDS = 5
# The PDF's own choices on the result page, posted again by the 503 page's "Try again".
PDF_CHOICES = ("_pdf_lang", "_pdf_include_private")

# What the "Language of the PDF" choice on the result page means, for a page in `lang`.
PDF_LANGUAGES = {"page": lambda lang: [lang], "en": lambda lang: [SOURCE_LANGUAGE], "both": desk_languages}


def pdf_languages(lang: str, choice: str | None, desk: bool) -> list[str]:
    """The languages of the PDF: the person's choice; by default the page's, or both at an intake desk."""
    pick = PDF_LANGUAGES.get(choice or "", desk_languages if desk else PDF_LANGUAGES["page"])
    return list(dict.fromkeys(pick(lang)))


def _part(state: AppState, lang: str, result: Result, policy: Policy, answers: dict, leave_out: bool) -> SummaryPart:
    private = private_questions(policy) if leave_out else set()
    kept = relevant_answers(policy, answers)
    rows = [r for r in answer_rows(kept, applicable_questions(policy, kept)) if r["question"].id not in private]
    with use_locale(state.catalogs, lang):
        # Not _(row["question"].text): Babel would extract the key "question" as a message.
        texts = [(_(question.text), [_(label) for label in labels]) for question, labels in ((r["question"], r["labels"]) for r in rows)]
        return SummaryPart(lang=lang, view=describe(result, policy, advice=state.advice, leave_out_private=leave_out), answers=texts,
                           left_out=leave_out)


async def built_unless_gone(request: Request, build: Callable[[Callable[[], bool]], bytes]) -> bytes:
    """`build(abandoned)` in a worker thread while this task listens for the connection closing (the body is read,
    so the next message is the disconnect); ClientDisconnect if it closed before the PDF was made."""
    gone = threading.Event()

    async def listen() -> None:
        while (await request.receive())["type"] != "http.disconnect":
            pass
        gone.set()

    content = None
    async with anyio.create_task_group() as group:
        group.start_soon(listen)
        try:
            content = await run_in_threadpool(build, gone.is_set)
        except BuildAbandoned:
            pass
        group.cancel_scope.cancel()
    if content is None:
        raise ClientDisconnect
    return content


def busy_page(screening: Screening) -> Response:
    """503: every slot is taken. The answers and the PDF's choices ride in the page's forms, so the person can ask
    again, or go back to the result, without retyping anything."""
    page, policy = screening.page, screening.policy
    hidden = hidden_answers(relevant_answers(policy, screening.answers))
    choices = [(name, screening.control[name]) for name in PDF_CHOICES if screening.control.get(name)]
    response = page.render("pdf_busy.html", {
        "switch": language_switch_carrying("result", hidden, [("_policy", policy.id)]),
        "policy": policy,
        "hidden": hidden,
        "pdf_choices": choices,
        "retry_after": RETRY_AFTER_SECONDS,
    }, status=503, private=True)
    response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


@router.post("/{lang}/result.pdf")
async def result_pdf(request: Request, screening: PostedScreening) -> Response:
    page, flow = screening.page, screening
    state, policy, visit = page.state, screening.policy, page.visit
    with state.pdf_builds.slot() as free:
        if not free:
            return busy_page(screening)
        langs = pdf_languages(page.lang, flow.control.get("_pdf_lang"), visit.desk)
        # The entry and criminal-history answers, and what they raised, stay out unless the person adds them.
        leave_out = flow.control.get("_pdf_include_private") != "1"
        parts = [_part(state, part_lang, screening.result, policy, screening.answers, leave_out) for part_lang in langs]
        content = await built_unless_gone(request, lambda abandoned: build_summary_pdf(
            parts, policy, visit.host, regular=state.settings.pdf_font, bold=state.settings.pdf_font_bold,
            translate_in=lambda part_lang: use_locale(state.catalogs, part_lang), abandoned=abandoned))
    return Response(content, media_type="application/pdf", headers={
        "Cache-Control": "no-store",
        "Content-Disposition": f'attachment; filename="{FILENAME}"',
        "Content-Language": ", ".join(langs),
        "X-Robots-Tag": "noindex",
    })
