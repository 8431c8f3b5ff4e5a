"""Intake-desk mode: the check-answers and result pages in the client's language and English, side by side.

Each row is rendered once per language (a macro called under that language's locale), so the two columns
line up row by row and every word still comes from the gettext catalogs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from app.core import Policy
from app.web.i18n import SOURCE_LANGUAGE, _, use_locale
from app.web.presenter import ANSWERING_FOR, ResultView, describe
from app.web.state import AppState
from app.web.texts import pack_text
from app.web.visit import Visit

ROWS_TEMPLATE = "partials/desk_rows.html"
DESK_PAGES = ("check.html", "result.html")


@dataclass(frozen=True)
class Cell:
    lang: str
    html: Markup


@dataclass(frozen=True)
class Row:
    kind: str
    cells: list[Cell]
    key: str = ""  # the question id, for the "Change" button of an answer row
    label: str = ""  # that question in the client's language, for the button's hidden label


def desk_languages(lang: str) -> list[str]:
    """The client's language, then English; one column when the client reads English."""
    return [lang] if lang == SOURCE_LANGUAGE else [lang, SOURCE_LANGUAGE]


def _row(state: AppState, langs: list[str], kind: str, args: Callable[..., tuple], key: str = "", label: str = "") -> Row:
    cells = []
    for lang in langs:
        macro = getattr(state.templates[lang].get_template(ROWS_TEMPLATE).module, kind)
        with use_locale(state.catalogs, lang):
            cells.append(Cell(lang, Markup(macro(*args(lang)))))
    return Row(kind, cells, key, label)


def result_rows(state: AppState, view: ResultView, page: dict[str, Any], langs: list[str]) -> list[Row]:
    """One row per section of the result, each drawn by the result page's own section template per language."""
    views = {langs[0]: view}
    for lang in langs[1:]:
        with use_locale(state.catalogs, lang):
            views[lang] = describe(view.result, view.policy, advice=state.advice)
    rows = []
    for i, section in enumerate(view.sections):
        cells = []
        for n, lang in enumerate(langs):
            template = state.templates[lang].get_template(f"partials/result/{section.template}.html")
            # Ids stay unique: the client's column keeps the page's ids, the others get a language prefix.
            with use_locale(state.catalogs, lang):
                html = template.render({**page, "section": views[lang].sections[i], "idp": f"{lang}-" if n else ""})
            cells.append(Cell(lang, Markup(html)))
        rows.append(Row(section.kind, cells))
    return rows


def check_rows(state: AppState, policy: Policy, answered: list[tuple[str, tuple[str, ...]]], langs: list[str]) -> list[Row]:
    """A row per question asked, (id, values given), with its words and the labels of the choices in each language."""
    for_other = dict(answered).get(ANSWERING_FOR) == ("someone_else",)  # a client answering for someone else
    words = {lang: pack_text.made_in(state.catalogs, lang, policy).worded(for_other).questions for lang in langs}
    with use_locale(state.catalogs, langs[0]):  # the end of each "Change" button, as a plain translation
        asked = {q_id for q_id, _values in answered}  # in question order, as the pages list them
        labels = [_(question.say("text", for_other)) for question in policy.questions if question.id in asked]
    return [_row(state, langs, "answer", lambda lang, q_id=q_id, values=values: (words[lang][q_id].text,
                                                                                words[lang][q_id].chosen(values)),
                 key=q_id, label=label)
            for (q_id, values), label in zip(answered, labels, strict=True)]


def desk_rows(state: AppState, visit: Visit, template: str, lang: str, context: dict[str, Any]) -> list[Row] | None:
    """The bilingual rows for a desk-mode check or result page; None for every other page."""
    langs = desk_languages(lang)
    if not visit.desk or template not in DESK_PAGES or len(langs) < 2:
        return None
    if template == "result.html":
        return result_rows(state, context["view"], {**context, "lang": lang, "visit": visit}, langs)
    return check_rows(state, context["policy"], context["answered"], langs)
