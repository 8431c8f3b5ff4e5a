"""POST /{lang}/result.pdf: the summary PDF, made from the posted answers on request and streamed, never stored."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from app.core import Policy, Result, applicable_questions, relevant_answers
from app.web.deps import PostedScreening
from app.web.desk import desk_languages
from app.web.forms import answer_rows
from app.web.i18n import SOURCE_LANGUAGE, _, use_locale
from app.web.presenter import describe, private_questions
from app.web.state import AppState
from app.web.summary_pdf import SummaryPart, build_summary_pdf

router = APIRouter(include_in_schema=False)

FILENAME = "screener-summary.pdf"

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
        return SummaryPart(lang=lang, view=describe(result, policy, answers, leave_out_private=leave_out), answers=texts,
                           left_out=leave_out)


@router.post("/{lang}/result.pdf")
async def result_pdf(screening: PostedScreening) -> Response:
    page, flow = screening.page, screening
    state, policy, visit = page.state, screening.policy, page.visit
    langs = pdf_languages(page.lang, flow.control.get("_pdf_lang"), visit.desk)
    leave_out = flow.control.get("_pdf_leave_out") == "1"
    parts = [_part(state, part_lang, screening.result, policy, screening.answers, leave_out) for part_lang in langs]
    content = await run_in_threadpool(
        build_summary_pdf, parts, policy, visit.host,
        regular=state.settings.pdf_font, bold=state.settings.pdf_font_bold,
        translate_in=lambda part_lang: use_locale(state.catalogs, part_lang),
    )
    return Response(content, media_type="application/pdf", headers={
        "Cache-Control": "no-store",
        "Content-Disposition": f'attachment; filename="{FILENAME}"',
        "Content-Language": ", ".join(langs),
        "X-Robots-Tag": "noindex",
    })
