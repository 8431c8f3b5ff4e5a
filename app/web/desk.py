"""Intake-desk mode: the check-answers and result pages in the client's language and English, side by side.

Each row is rendered once per language (a macro called under that language's locale), so the two columns
line up row by row and every word still comes from the gettext catalogs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from app.core import Policy, Result
from app.web.i18n import SOURCE_LANGUAGE, _, use_locale
from app.web.presenter import ResultView, describe
from app.web.state import AppState
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
    macro = getattr(state.jinja.get_template(ROWS_TEMPLATE).module, kind)
    cells = []
    for lang in langs:
        with use_locale(state.catalogs, lang):
            cells.append(Cell(lang, Markup(macro(*args(lang)))))
    return Row(kind, cells, key, label)


def result_views(state: AppState, result: Result, policy: Policy, langs: list[str]) -> dict[str, ResultView]:
    views = {}
    for lang in langs:
        with use_locale(state.catalogs, lang):
            views[lang] = describe(result, policy)
    return views


def result_rows(state: AppState, result: Result, policy: Policy, langs: list[str]) -> list[Row]:
    views = result_views(state, result, policy, langs)
    first = views[langs[0]]
    rows = [_row(state, langs, "status", lambda lang: (views[lang],))]
    if first.urgent:
        rows.append(_row(state, langs, "urgent_heading", lambda lang: ()))
        rows += [_row(state, langs, "urgent", lambda lang, i=i: (views[lang].urgent[i],)) for i in range(len(first.urgent))]
    rows.append(_row(state, langs, "assessment", lambda lang: (views[lang], policy)))
    rows += [_row(state, langs, "category", lambda lang, i=i: (views[lang].priorities[i],)) for i in range(len(first.priorities))]
    for section, items in (("favorable", first.favorable), ("aggravating", first.aggravating)):
        if items:
            rows.append(_row(state, langs, f"{section}_heading", lambda lang: ()))
            rows += [_row(state, langs, "factor", lambda lang, i=i, s=section: (getattr(views[lang], s)[i],)) for i in range(len(items))]
    if first.unclear:
        rows.append(_row(state, langs, "unclear", lambda lang: (views[lang],)))
    rows.append(_row(state, langs, "next_steps", lambda lang: (views[lang],)))
    rows.append(_row(state, langs, "disclaimer", lambda lang: (views[lang],)))
    return rows


def check_rows(state: AppState, rows: list[dict], langs: list[str]) -> list[Row]:
    with use_locale(state.catalogs, langs[0]):
        # Not _(r["question"].text): Babel would extract the key "question" as a message.
        labels = [_(question.text) for question in (r["question"] for r in rows)]
    return [_row(state, langs, "answer", lambda lang, r=r: (r["question"], r["labels"]), key=r["question"].id, label=label)
            for r, label in zip(rows, labels, strict=True)]


def desk_rows(state: AppState, visit: Visit, template: str, lang: str, context: dict[str, Any]) -> list[Row] | None:
    """The bilingual rows for a desk-mode check or result page; None for every other page."""
    langs = desk_languages(lang)
    if not visit.desk or template not in DESK_PAGES or len(langs) < 2:
        return None
    if template == "result.html":
        return result_rows(state, context["view"].result, context["policy"], langs)
    return check_rows(state, context["rows"], langs)
