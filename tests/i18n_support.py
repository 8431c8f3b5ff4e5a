"""Helpers for the i18n tests: visible text blocks of a page, its forms, JSON text fields, a language check.

Import as ``from i18n_support import ...`` (tests/ is on sys.path, like browser_support).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from html.parser import HTMLParser
from typing import Any, Iterator

# Elements whose text is one block: the text of inline children (a, span, strong…) joins it.
BLOCK_TAGS = {
    "html", "head", "body", "title", "header", "footer", "main", "nav", "section", "article", "aside",
    "div", "p", "ul", "ol", "li", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "form",
    "fieldset", "legend", "label", "button", "details", "summary", "table", "tr", "td", "th",
    "caption", "figure", "figcaption", "blockquote", "pre", "option", "select", "textarea", "br",
}
VOID_TAGS = {"br", "hr", "img", "input", "link", "meta", "area", "base", "col", "embed", "source", "track", "wbr"}
HIDDEN_TAGS = {"script", "style", "template"}
# Attributes a person (or their screen reader) gets as text.
TEXT_ATTRIBUTES = ("aria-label", "title", "alt", "placeholder")

# Words that are the same in every language or are names: never a sign of untranslated text.
ALLOWED_PHRASES = ("ImmigrationLawHelp.org",)

WORD = re.compile(r"[^\W\d_]+")
# Web and email addresses: no language to check.
ADDRESS = re.compile(r"\bhttps?://\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def word_count(text: str) -> int:
    return len(WORD.findall(text))


class _PageParser(HTMLParser):
    """Collects visible text blocks and the forms of one HTML page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.forms: list[Form] = []
        self.html_lang: str | None = None
        self.alternates: dict[str, str] = {}
        self._buffer: list[str] = []
        self._stack: list[tuple[str, bool, list[str]]] = []  # (tag, skip text inside, classes)
        self._form_stack: list[Form] = []

    def _skipping(self) -> bool:
        return any(skip for _tag, skip, _classes in self._stack)

    def _flush(self) -> None:
        text = " ".join("".join(self._buffer).split())
        if text:
            self.blocks.append(text)
        self._buffer = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: (v or "") for k, v in attrs}
        if tag == "html":
            self.html_lang = a.get("lang")
        if tag == "link" and a.get("rel") == "alternate" and "hreflang" in a:
            self.alternates[a["hreflang"]] = a.get("href", "")
        if tag == "meta" and a.get("name") == "description":
            self.blocks.append(a.get("content", ""))
        for name in TEXT_ATTRIBUTES:
            if a.get(name):
                self.blocks.append(a[name])
        if tag == "form":
            form = Form(action=a.get("action", ""), classes=set(a.get("class", "").split()), id=a.get("id", ""))
            self.forms.append(form)
            self._form_stack.append(form)
        if tag in ("input", "button") and self._form_stack:
            self._form_stack[-1].controls.append({"tag": tag, **a})
        if tag in BLOCK_TAGS:
            self._flush()
        if tag in VOID_TAGS:
            return
        # Exempt: an official citation title (a link inside .citation), text marked as another
        # language (the switch's "English" carries lang="en", desk mode's English column), and
        # text marked translate="no" (code a partner copies, which no language check applies to).
        in_citation_link = tag == "a" and any("citation" in classes for _t, _s, classes in self._stack)
        other_lang = "lang" in a and tag != "html" and a["lang"] != self.html_lang
        untranslatable = a.get("translate") == "no"
        skip = tag in HIDDEN_TAGS or in_citation_link or other_lang or untranslatable
        self._stack.append((tag, skip, a.get("class", "").split()))

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID_TAGS:
            return
        if tag == "form" and self._form_stack:
            self._form_stack.pop()
        while self._stack:
            open_tag, _skip, _classes = self._stack.pop()
            if open_tag == tag:
                break
        if tag in BLOCK_TAGS:
            self._flush()

    def handle_data(self, data: str) -> None:
        if not self._skipping():
            self._buffer.append(data)

    def close(self) -> None:
        super().close()
        self._flush()


@dataclass
class Form:
    action: str
    classes: set[str]
    id: str = ""
    controls: list[dict[str, str]] = field(default_factory=list)

    def hidden(self) -> list[tuple[str, str]]:
        return [(c["name"], c.get("value", "")) for c in self.controls if c.get("type") == "hidden"]

    def choices(self, name: str) -> list[str]:
        return [c.get("value", "") for c in self.controls if c.get("name") == name and c.get("type") in ("radio", "checkbox")]

    def choice_names(self) -> list[str]:
        return list(dict.fromkeys(c["name"] for c in self.controls if c.get("type") in ("radio", "checkbox")))


@dataclass
class Page:
    blocks: list[str]
    forms: list[Form]
    html_lang: str | None
    alternates: dict[str, str]

    def form(self, css_class: str) -> Form:
        found = [f for f in self.forms if css_class in f.classes]
        assert found, f"no form with class {css_class!r}; forms: {[sorted(f.classes) for f in self.forms]}"
        return found[0]


def parse_page(html: str) -> Page:
    parser = _PageParser()
    parser.feed(html)
    parser.close()
    return Page(parser.blocks, parser.forms, parser.html_lang, parser.alternates)


def json_texts(value: Any, path: str = "") -> Iterator[tuple[str, str]]:
    """(path, text) for every human-readable string in an API response.

    Skips ids and values (lowercase tokens), dates, URLs, citation titles and formal citations (official names, in
    English), a source's confidence tag (C, P, R), and the phone numbers and addresses a link writes out.
    """
    if isinstance(value, dict):
        is_citation = "url" in value  # {title, url, pin} or {citation, url, confidence}: the title is an official name
        is_link = "href" in value  # {text, href}: a phone number or an address, written as it is
        for key, item in value.items():
            if key in ("url", "href", "confidence") or (key in ("title", "citation") and is_citation) or is_link:
                continue
            yield from json_texts(item, f"{path}.{key}" if path else key)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from json_texts(item, f"{path}[{i}]")
    elif isinstance(value, str):
        if re.fullmatch(r"[a-z0-9_.\-]*", value) or re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            return
        yield path, value


@lru_cache(maxsize=1)
def detector():
    """The offline language identifier, restricted to English and Spanish (built once per process)."""
    from lingua import Language, LanguageDetectorBuilder

    return LanguageDetectorBuilder.from_languages(Language.ENGLISH, Language.SPANISH).build()


def language_of(text: str) -> str | None:
    """"en", "es", or None when the identifier cannot tell."""
    found = detector().detect_language_of(text)
    return None if found is None else {"ENGLISH": "en", "SPANISH": "es"}[found.name]


def without_allowed(text: str, allowed: tuple[str, ...] = ()) -> str:
    """The text without web and email addresses and the names in ALLOWED_PHRASES and `allowed` (longest first)."""
    for phrase in sorted((*ALLOWED_PHRASES, *allowed), key=len, reverse=True):
        text = text.replace(phrase, "")
    return ADDRESS.sub("", text)


def foreign_blocks(texts: list[str], expected: str, allowed: tuple[str, ...] = (), min_words: int = 3) -> list[str]:
    """The texts of `min_words` words or more (besides the `allowed` names) that the identifier does not read as
    `expected`."""
    bad = []
    for text in texts:
        checked = without_allowed(text, allowed)
        if word_count(checked) >= min_words and language_of(checked) != expected:
            bad.append(text)
    return bad


# Answers that raise every factor (but advanced_age, which needs another age), every priority and
# every urgent flag; with ANSWER_SETS they reach every text a result can show.
RAISE_EVERYTHING: dict[str, str | list[str]] = {
    "court_case": "yes", "hearing_soon": "yes", "has_lawyer": "no", "detained": "yes", "removal_order": "yes",
    "lpr": "yes", "entry_date": "on_or_after_2020_11_01", "entry_manner": "not_inspected",
    "years_in_us": "10_or_more", "arrived_under_16": "yes", "age": "under_18", "serious_health": "yes",
    "pregnant_or_nursing": "yes", "caregiver": "yes", "us_family": "yes", "military": "yes",
    "crime_victim_or_witness": "yes", "labor_or_housing_dispute": "yes", "community_ties": "yes",
    "relief": ["asylum", "tps"], "national_security": "yes", "criminal_history": "conviction",
    "sentence_over_1_year": "yes", "harm_to_person": "yes", "weapon": "yes", "multiple_convictions": "yes",
    "years_since_offense": "10_or_more", "rehabilitation": "yes", "conviction_cleared": "yes",
    "condition_contributed": "yes", "answering_for": "self", "continuous_two_years": "no",
    "charge_type": ["drugs", "other"], "criminal_case_open": "yes",
}
ANSWER_SETS: dict[str, dict[str, str | list[str]]] = {
    "everything, under 18": RAISE_EVERYTHING,
    "everything, 65 or older": {**RAISE_EVERYTHING, "age": "65_or_older"},
    "not sure": {"national_security": "not_sure", "entry_date": "not_sure", "entry_manner": "not_sure",
                 "criminal_history": "not_sure", "removal_order": "not_sure", "relief": ["not_sure"]},
    "outside the priorities": {"lpr": "no", "national_security": "no", "entry_date": "before_2020_11_01",
                               "entry_manner": "inspected", "criminal_history": "none", "us_family": "yes"},
    "nothing answered": {},
    # The flags of the laws of 2025 (a green card rules both out, so they need a set of their own).
    "recent entry, theft charge": {"answering_for": "someone_else", "lpr": "no", "entry_date": "on_or_after_2020_11_01",
                                   "entry_manner": "not_inspected", "continuous_two_years": "no",
                                   "criminal_history": "arrest_only", "charge_type": ["theft_or_burglary"],
                                   "criminal_case_open": "yes"},
}


def as_form(answers: dict[str, str | list[str]]) -> list[tuple[str, str]]:
    """Answers as the (name, value) pairs of a posted form."""
    return [(k, v) for k, values in answers.items() for v in ([values] if isinstance(values, str) else values)]


def post_form(client, path: str, pairs: list[tuple[str, str]], headers: dict[str, str] | None = None):
    """POST form pairs (repeated names kept, in order) as a browser would, with httpx's sync or async client."""
    from urllib.parse import urlencode

    return client.post(path, content=urlencode(pairs), headers={"Content-Type": "application/x-www-form-urlencoded", **(headers or {})})
