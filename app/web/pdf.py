"""POST /{lang}/result.pdf: the summary PDF, made from the posted answers on request and streamed, never stored."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from app.web.deps import FormPage, PostedScreening
from app.web.desk import desk_languages
from app.web.forms import answer_rows
from app.web.i18n import _, use_locale
from app.web.presenter import describe
from app.web.state import AppState
from app.web.summary_pdf import SummaryPart, build_summary_pdf

router = APIRouter(include_in_schema=False)

FILENAME = "screener-summary.pdf"


def _part(state: AppState, lang: str, result, policy, rows: list[dict]) -> SummaryPart:
    with use_locale(state.catalogs, lang):
        # Not _(row["question"].text): Babel would extract the key "question" as a message.
        answers = [(_(question.text), [_(label) for label in labels]) for question, labels in ((r["question"], r["labels"]) for r in rows)]
        return SummaryPart(lang=lang, view=describe(result, policy), answers=answers)


@router.post("/{lang}/result.pdf")
async def result_pdf(page: FormPage, screening: PostedScreening) -> Response:
    state, policy, visit = page.state, screening.policy, page.visit
    rows = answer_rows(policy, screening.answers)
    langs = desk_languages(page.lang) if visit.desk else [page.lang]
    parts = [_part(state, part_lang, screening.result, policy, rows) for part_lang in langs]
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
