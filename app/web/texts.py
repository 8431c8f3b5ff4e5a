"""A pack's words in one language, resolved once: every question, choice and page title as the pages show them.

Made per (pack, language) at start-up (`warm`) and kept as long as the app's catalogs live. Nothing of a person is
in them or in their key: a page picks the words of the questions it shows and ticks the person's choices itself.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Generic, TypeVar
from weakref import WeakKeyDictionary

from markupsafe import Markup

from app.core import UNSURE, Policy, Question
from app.web.i18n import Catalogs, current_catalogs, current_locale, markup_gettext, use_locale

T = TypeVar("T")


class PerLanguage(Generic[T]):
    """`build(*sources)` in a language, made once per (sources, language) for each app's catalogs.

    Sources are an app's own objects (a pack): they are told apart by identity and held beside what was built from
    them, so an id never names another object."""

    def __init__(self, build: Callable[..., T]):
        self.build = build
        self._made: WeakKeyDictionary[Catalogs, dict[tuple, tuple[tuple[object, ...], T]]] = WeakKeyDictionary()

    def __call__(self, *sources: object) -> T:
        """In the current language and catalogs (`use_locale`)."""
        catalogs = current_catalogs.get()
        if catalogs is None:  # outside any app: drawn, not kept
            return self.build(*sources)
        return self.made_in(catalogs, current_locale.get(), *sources)

    def made_in(self, catalogs: Catalogs, lang: str, *sources: object) -> T:
        made = self._made.setdefault(catalogs, {})
        key = (lang, *map(id, sources))
        kept = made.get(key)
        if kept is None or not all(a is b for a, b in zip(kept[0], sources, strict=True)):
            with use_locale(catalogs, lang):
                kept = (sources, self.build(*sources))
            made[key] = kept
        return kept[1]


@dataclass(frozen=True)
class ChoiceText:
    value: str
    label: Markup
    divider: bool  # an "or" before it: the first exclusive choice after the others, or "I'm not sure" of a single choice


@dataclass(frozen=True)
class QuestionText:
    id: str
    text: Markup
    hint: Markup  # empty when the question has none
    why: Markup
    input_type: str  # "radio" or "checkbox"
    choices: tuple[ChoiceText, ...]
    change_label: Markup  # the hidden end of its "Change" button on the check page: "your answer to: <question>"

    def chosen(self, values: Iterable[str]) -> list[Markup]:
        """The labels of the choices among `values`, in the question's order."""
        picked = set(values)
        return [choice.label for choice in self.choices if choice.value in picked]


@dataclass(frozen=True)
class PackText:
    """A pack's words in one language, in the reader's wording; `other` holds them worded for someone answering for
    another person (`for_someone_else:` in the catalog). Both are made at start-up: which one a page shows is the
    page's choice, never part of what is kept or of its key."""

    questions: dict[str, QuestionText]
    page_titles: dict[str, Markup]
    other: PackText | None = None

    def worded(self, for_other: bool) -> PackText:
        """These words for the reader, or for someone answering for another person."""
        return self.other if for_other and self.other is not None else self


def _question_text(question: Question, for_other: bool = False) -> QuestionText:
    values = [option.value for option in question.options]
    choices = []
    for i, option in enumerate(question.options):
        after_others = option.value in question.exclusive and i > 0 and values[i - 1] not in question.exclusive
        unsure = option.value == UNSURE and question.kind == "single"
        choices.append(ChoiceText(option.value, markup_gettext(option.say("label", for_other)), after_others or unsure))
    text = markup_gettext(question.say("text", for_other))
    hint = question.say("hint", for_other)
    return QuestionText(
        id=question.id, text=text, hint=markup_gettext(hint) if hint else Markup(""),
        why=markup_gettext(question.say("why", for_other)),
        input_type="checkbox" if question.kind == "multi" else "radio", choices=tuple(choices),
        change_label=markup_gettext("your answer to: %(question)s", question=text),
    )


def _pack_text(policy: Policy) -> PackText:
    def words(for_other: bool, other: PackText | None = None) -> PackText:
        return PackText(questions={q.id: _question_text(q, for_other) for q in policy.questions},
                        page_titles={page.id: markup_gettext(page.say("title", for_other)) for page in policy.pages},
                        other=other)

    return words(False, other=words(True))


pack_text: PerLanguage[PackText] = PerLanguage(_pack_text)
