"""Tables drawn whole, per language: every factor of a pack as the result shows it, every row of the check page.

Drawn the first time a page needs them, for every item at once, and then kept: what is kept says which packs and
languages were used, never which items a person had (compare `{% shared %}` pieces, kept one item at a time).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from jinja2 import Environment, pass_environment
from markupsafe import Markup

from app.core import Policy
from app.web.i18n import current_catalogs, current_locale, markup_gettext
from app.web.shared_pages import SharedPages

T = TypeVar("T")


class PerLanguage(Generic[T]):
    """`build(*sources)` in the current language and catalogs, kept per sources, language and catalogs; at most
    `size` tables (the least recently used dropped first), for processes that build many apps (the tests).

    Sources are app objects (a pack, the Jinja environment), held beside their table so their ids stay theirs."""

    def __init__(self, build: Callable[..., T], size: int = 64):
        self.build, self.size = build, size
        self._tables = SharedPages(size=size)  # the same bounded, least-recently-used store as whole pages

    def __call__(self, *sources: object) -> T:
        held = (*sources, current_catalogs.get())
        key = (*map(id, held), current_locale.get())
        kept: tuple[tuple[object, ...], T] | None = self._tables.peek(key)
        if kept is None or not all(a is b for a, b in zip(kept[0], held, strict=True)):
            kept = (held, self.build(*sources))
            self._tables.put(key, kept)
        return kept[1]


@dataclass(frozen=True)
class CheckRows:
    """Every row of the check page for one pack and language, in halves around the answer (partials/answer_row.html),
    and every choice's words, escaped."""

    halves: dict[str, tuple[Markup, Markup]]  # by question id
    labels: dict[str, Markup]  # by the choice's label (the message id)
    not_answered: Markup
    openings: dict[str, Markup]  # by page id: the section's heading and the opening of its list of rows

    def draw(self, rows: list[dict[str, Any]]) -> Markup:
        """The rows (forms.answer_rows) with each person's answer: a choice's words per line, or "Not answered"."""
        out: list[str] = []
        for row in rows:
            head, tail = self.halves[row["question"].id]
            # The words are escaped already (Markup): a plain join, where Markup's would look at each again.
            answer = "<br>".join([self.labels[label] for label in row["labels"]]) if row["labels"] else self.not_answered
            out += (head, answer, tail)
        return Markup("".join(out))

    def draw_sections(self, sections: list[tuple[Any, list[dict[str, Any]]]]) -> Markup:
        """The check page's sections, (page, rows) each: the page's heading, then its rows in a list."""
        return Markup("".join(f"{self.openings[page.id]}{self.draw(rows)}</dl>\n" for page, rows in sections))


def _check_rows(env: Environment, policy: Policy) -> CheckRows:
    macros = env.get_template("partials/answer_row.html").module
    lang = current_locale.get()
    return CheckRows(
        halves={q.id: (Markup(macros.row_head(q)), Markup(macros.row_tail(q, lang))) for q in policy.questions},  # type: ignore[attr-defined]
        labels={o.label: markup_gettext(o.label) for q in policy.questions for o in q.options},  # as {{ _(label) }} was
        not_answered=Markup(macros.not_answered()),  # type: ignore[attr-defined]
        openings={page.id: Markup('<h2 class="summary-heading">{}</h2>\n<dl class="summary-list">\n').format(
            markup_gettext(page.title)) for page in policy.pages},
    )


check_row_tables: PerLanguage[CheckRows] = PerLanguage(_check_rows)


@pass_environment
def check_sections(env: Environment, policy: Policy, sections: list[tuple[Any, list[dict[str, Any]]]]) -> Markup:
    """The check page's sections, each page's heading and rows (a template global; one call for the whole list)."""
    return check_row_tables(env, policy).draw_sections(sections)
