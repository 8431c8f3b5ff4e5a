"""Loads what is true now (`data/present.yaml`, policy brief §6) and refuses it with the file, the place and the
problem: an unknown question, value or flag, a text without a source, a source without a formal citation or a
confidence, a URL that is not https, a placeholder that names no contact, or an urgent item that repeats its flag's
rule instead of naming the flag.

Whether the words of an item resting on a reported [R] fact say it is reported is checked per language when the
catalogs are loaded (`reported_problems`): the words are translated, so the check needs the catalogs.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from typing import Any

from app.core.advice import CONFIDENCES, PLACES, REVEALS, Advice, AdviceItem, Contact, Source
from app.core.model import Question
from app.policy.loader import DATA_DIR, FOR_OTHER, Packs, _expr, _for_other, _Reader

PRESENT_FILE = "present.yaml"
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def _date(reader: _Reader, item: dict, key: str, where: str, *, required: bool) -> date | None:
    value = item.get(key)
    if value is None and not required:
        return None
    if not isinstance(value, date):
        raise reader.fail(f"{where}.{key}", "expected a date (YYYY-MM-DD)")
    return value


def _sources(reader: _Reader, raw: Any) -> dict[str, Source]:
    if not isinstance(raw, dict) or not raw:
        raise reader.fail("sources", "expected a mapping of source ids")
    sources = {}
    for key, item in raw.items():
        where = f"sources.{key}"
        if not isinstance(item, dict):
            raise reader.fail(where, "expected a mapping with a citation and a confidence")
        unknown = set(item) - {"citation", "confidence", "url"}
        if unknown:
            raise reader.fail(where, f"unknown keys {sorted(unknown)}")
        if item.get("confidence") not in CONFIDENCES:
            raise reader.fail(f"{where}.confidence", f"expected one of {list(CONFIDENCES)}")
        url = item.get("url")
        if url is not None and not (isinstance(url, str) and url.startswith("https://")):
            raise reader.fail(f"{where}.url", "expected an https address (only where the policy brief gives one)")
        sources[key] = Source(key, reader.text(item, "citation", where), item["confidence"], url)
    return sources


def _contacts(reader: _Reader, raw: Any) -> dict[str, Contact]:
    contacts = {}
    for key, item in (raw or {}).items():
        where = f"contacts.{key}"
        if not isinstance(item, dict):
            raise reader.fail(where, "expected a mapping with text and href")
        href = reader.text(item, "href", where)
        if not href.startswith(("https://", "tel:", "mailto:")):
            raise reader.fail(f"{where}.href", "expected an https, tel: or mailto: address")
        contacts[key] = Contact(key, reader.text(item, "text", where), href)
    return contacts


def _named_contacts(reader: _Reader, text: str, where: str, contacts: dict[str, Contact]) -> list[str]:
    """The contacts `text` names as %(id)s; refused when one is unknown or a % stands bare."""
    named = PLACEHOLDER.findall(text)
    unknown = [name for name in named if name not in contacts]
    if unknown or "%" in PLACEHOLDER.sub("", text):
        raise reader.fail(where, f"names unknown contacts {unknown} (known: {sorted(contacts)}); "
                                 "write a contact as %(id)s and never a bare %")
    return named


def _item(reader: _Reader, raw: dict, where: str, questions: dict[str, Question], flags: set[str],
          sources: dict[str, Source], contacts: dict[str, Contact]) -> AdviceItem:
    known = {"id", "place", "text", "title", "when", "flag", "holds_from", "checked", "sources", "reveals", FOR_OTHER}
    unknown = set(raw) - known
    if unknown:
        raise reader.fail(where, f"unknown keys {sorted(unknown)}")
    place = raw.get("place")
    if place not in PLACES:
        raise reader.fail(f"{where}.place", f"expected one of {list(PLACES)}")
    text = reader.text(raw, "text", where)
    names = raw.get("sources")
    if not isinstance(names, list) or not names:
        raise reader.fail(f"{where}.sources", "every text needs at least one source")
    missing = [name for name in names if name not in sources]
    if missing:
        raise reader.fail(f"{where}.sources", f"unknown sources {missing} (known: {sorted(sources)})")
    other = _for_other(reader, raw, where, ("title", "text"))
    named = _named_contacts(reader, text, f"{where}.text", contacts)
    named += _named_contacts(reader, other.get("text", ""), f"{where}.{FOR_OTHER}.text", contacts)  # may name more
    reveals = raw.get("reveals", [])
    if not isinstance(reveals, list) or not set(reveals) <= set(REVEALS):
        raise reader.fail(f"{where}.reveals", f"expected a list of {list(REVEALS)}")
    when, flag, title = None, None, ""
    if place == "urgent":
        # An urgent item names its contract flag: the flag's rule (catalog.yaml) is the only one.
        if "when" in raw:
            raise reader.fail(f"{where}.when", "an urgent item names its flag (`flag:`) instead of repeating its rule")
        flag = raw.get("flag")
        if flag not in flags:
            raise reader.fail(f"{where}.flag", f"expected one of the catalog's urgent flags {sorted(flags)}")
        title = reader.text(raw, "title", where)
    else:
        if "flag" in raw or "title" in raw:
            raise reader.fail(where, "only an urgent item has a flag and a title")
        condition = raw.get("when")
        if condition is None:
            raise reader.fail(f"{where}.when", "say when it shows: a rule, or `always`")
        when = None if condition == "always" else _expr(reader, condition, f"{where}.when", questions)
    return AdviceItem(
        id=raw["id"], place=place, text=text, sources=tuple(sources[name] for name in names),
        checked=_date(reader, raw, "checked", where, required=True),  # type: ignore[arg-type]
        holds_from=_date(reader, raw, "holds_from", where, required=False),
        when=when, flag=flag, title=title, contacts=tuple(contacts[name] for name in dict.fromkeys(named)),
        reveals=tuple(reveals), title_other=other.get("title", ""), text_other=other.get("text", ""),
    )


def load_advice(packs: Packs, data_dir: Path = DATA_DIR) -> Advice:
    """Read `present.yaml` against the packs' questions and urgent flags; raise PolicyDataError on any problem."""
    reader = _Reader(data_dir / PRESENT_FILE)
    data = reader.load()
    questions = {q.id: q for pack in packs for q in pack.questions}
    flags = {flag.id for pack in packs for flag in pack.urgent_flags}
    sources = _sources(reader, data.get("sources"))
    contacts = _contacts(reader, data.get("contacts"))
    raw_items = data.get("items")
    if not isinstance(raw_items, list) or not raw_items:
        raise reader.fail("items", "expected a list of items")
    reader.unique(raw_items, "items")
    items = tuple(_item(reader, raw, f"items[{raw['id']}]", questions, flags, sources, contacts) for raw in raw_items)
    uncovered = sorted(flags - {item.flag for item in items if item.place == "urgent"})
    if uncovered:
        raise reader.fail("items", f"no urgent item for the flags {uncovered}")
    doubled = sorted({f for f in flags if sum(item.flag == f for item in items) > 1})
    if doubled:
        raise reader.fail("items", f"more than one urgent item for the flags {doubled}")
    ends = [period.start for pack in packs for period in pack.timeline if period.status == "ended"]
    return Advice(items, all_guidance_ended=max(ends, default=None))


def reported_problems(advice: Advice, languages: Iterable[tuple[str, Callable[[str], str], str]]) -> list[str]:
    """For each language (its code, its gettext and its reported-fact marker: a word every sentence resting on a
    reported fact contains, "report" in English), every item resting on an [R] source whose words do not say so."""
    problems = []
    for lang, gettext, marker in languages:
        for item in advice.items:
            if any(source.reported for source in item.sources):
                words = " ".join(gettext(text) for text in (item.title, item.text) if text).lower()
                if not marker.strip() or marker.strip().lower() not in words:
                    problems.append(f"{PRESENT_FILE}: items[{item.id}]: rests on a reported [R] source, but its "
                                    f"{lang} words do not say it is reported (they must contain {marker!r})")
    return problems
