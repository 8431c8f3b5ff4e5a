"""Loads the policy packs from YAML and refuses bad data with a message that says where and what."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from app.core.model import (
    STATUSES,
    All,
    Any_,
    AtMostUnknown,
    Citation,
    Expr,
    Factor,
    Is,
    IsNot,
    Option,
    Page,
    Period,
    Policy,
    Priority,
    Question,
    Unanswered,
    UrgentFlag,
)
from app.errors import StartupError
from app.policy.yamlload import DuplicateKeyError, read_yaml

DATA_DIR = Path(__file__).parent / "data"


class PolicyDataError(StartupError):
    """The policy data is not usable; the message names the file, the place and the problem."""


@dataclass(frozen=True)
class Packs:
    by_id: dict[str, Policy]
    default_id: str

    def get(self, policy_id: str) -> Policy | None:
        return self.by_id.get(policy_id)

    @property
    def default(self) -> Policy:
        return self.by_id[self.default_id]

    def __iter__(self):
        return iter(self.by_id.values())


class _Reader:
    """Reads one file's mappings, raising PolicyDataError with the file and a dotted path."""

    def __init__(self, path: Path):
        self.path = path

    def fail(self, where: str, problem: str) -> PolicyDataError:
        return PolicyDataError(f"{self.path.name}: {where}: {problem}")

    def load(self) -> dict[str, Any]:
        try:
            data = read_yaml(self.path)
        except DuplicateKeyError as exc:
            raise PolicyDataError(f"{self.path.name}: {exc}") from None
        except (OSError, ValueError) as exc:
            raise PolicyDataError(f"{self.path.name}: cannot read: {exc}") from None
        if not isinstance(data, dict):
            raise self.fail("top level", "expected a mapping")
        return data

    def text(self, item: dict, key: str, where: str, *, required: bool = True) -> str:
        value = item.get(key, "")
        if not isinstance(value, str) or (required and not value.strip()):
            raise self.fail(f"{where}.{key}", "expected non-empty text")
        return value

    def unique(self, items: list[dict], where: str) -> None:
        seen: set[str] = set()
        for i, item in enumerate(items):
            if not isinstance(item, dict) or not isinstance(item.get("id"), str):
                raise self.fail(f"{where}[{i}]", "each entry needs an id")
            if item["id"] in seen:
                raise self.fail(f"{where}[{i}]", f"duplicate id {item['id']!r}")
            seen.add(item["id"])


def _expr(reader: _Reader, raw: Any, where: str, questions: dict[str, Question], *, plain: bool = False) -> Expr:
    """A rule: question ids mapped to the values that make each part hold (all must), `any:`/`all:` lists to nest;
    besides, outside a question's own condition (`plain`), `{question: {not: [values]}}` (holds unless the answer
    is one of them: a missing or "not sure" answer does not rule it out), `{question: unanswered}` (holds when it
    has no answer) and `at_most_unclear: rule` (a sign that leaves a category unclear but never decides it alone)."""
    if not isinstance(raw, dict) or not raw:
        raise reader.fail(where, "a rule is a mapping of question ids to lists of values")
    parts: list[Expr] = []
    for key, value in raw.items():
        if key in ("any", "all"):
            if not isinstance(value, list) or not value:
                raise reader.fail(f"{where}.{key}", "expected a list of rules")
            inner = tuple(_expr(reader, v, f"{where}.{key}[{i}]", questions, plain=plain) for i, v in enumerate(value))
            parts.append(Any_(inner) if key == "any" else All(inner))
            continue
        if key == "at_most_unclear" and not plain:
            part = _expr(reader, value, f"{where}.{key}", questions, plain=True)
            assert isinstance(part, (Is, All, Any_))
            parts.append(AtMostUnknown(part))
            continue
        question = questions.get(key)
        if question is None:
            raise reader.fail(where, f"names unknown question {key!r}")
        if value == "unanswered" and not plain:
            parts.append(Unanswered(key))
            continue
        negated = isinstance(value, dict) and list(value) == ["not"] and not plain
        values = value["not"] if negated else value
        if not isinstance(values, list) or not values:
            raise reader.fail(f"{where}.{key}", "expected a list of values" + ("" if plain else " (or {not: [values]})"))
        unknown = [v for v in values if v not in question.values]
        if unknown:
            raise reader.fail(f"{where}.{key}", f"unknown values {unknown} (allowed: {list(question.values)})")
        parts.append(IsNot(key, frozenset(values)) if negated else Is(key, frozenset(values)))
    return parts[0] if len(parts) == 1 else All(tuple(parts))


FOR_OTHER = "for_someone_else"


def _for_other(reader: _Reader, item: dict, where: str, keys: tuple[str, ...], labels: dict[str, str] | None = None) -> dict[str, Any]:
    """An item's `for_someone_else:` words: the third-person form of its own words (`keys` only), for someone
    answering for another person. Each replaces words the item has; `labels` (a question's, by value) and
    `documents` (as many, in the same order) only some or all of theirs."""
    raw = item.get(FOR_OTHER)
    if raw is None:
        return {}
    where = f"{where}.{FOR_OTHER}"
    if not isinstance(raw, dict) or not raw:
        raise reader.fail(where, f"expected a mapping of {list(keys)} to words")
    unknown = [key for key in raw if key not in keys]
    if unknown:
        raise reader.fail(where, f"unknown keys {unknown} (allowed: {list(keys)})")
    words: dict[str, Any] = {}
    for key, value in raw.items():
        if key == "labels":
            words[key] = _other_labels(reader, value, f"{where}.labels", labels or {})
        elif key == "documents":
            plain = item.get("documents", [])
            if not isinstance(value, list) or len(value) != len(plain) or not all(isinstance(d, str) and d.strip() for d in value):
                raise reader.fail(f"{where}.documents", f"expected {len(plain)} non-empty texts, one for each of `documents`, in order")
            if value == plain:
                raise reader.fail(f"{where}.documents", "is the same as the documents it replaces")
            words[key] = tuple(value)
        else:
            if not item.get(key):
                raise reader.fail(f"{where}.{key}", f"replaces nothing: there is no {key} beside it")
            words[key] = _other_text(reader, value, f"{where}.{key}", item[key])
    return words


def _other_labels(reader: _Reader, raw: Any, where: str, labels: dict[str, str]) -> dict[str, str]:
    if not isinstance(raw, dict) or not raw:
        raise reader.fail(where, "expected a mapping of answer values to labels")
    unknown = [value for value in raw if value not in labels]
    if unknown:
        raise reader.fail(where, f"unknown values {unknown} (allowed: {list(labels)})")
    return {value: _other_text(reader, words, f"{where}.{value}", labels[value]) for value, words in raw.items()}


def _other_text(reader: _Reader, words: Any, where: str, plain: str) -> str:
    if not isinstance(words, str) or not words.strip():
        raise reader.fail(where, "expected non-empty text")
    if words == plain:
        raise reader.fail(where, "is the same as the words it replaces")
    return words


def _citations(reader: _Reader, raw: Any, where: str, sources: dict[str, dict]) -> tuple[Citation, ...]:
    if not isinstance(raw, list) or not raw:
        raise reader.fail(where, "needs at least one citation")
    out = []
    for i, item in enumerate(raw):
        if not isinstance(item, dict) or item.get("source") not in sources:
            raise reader.fail(f"{where}[{i}]", f"unknown source (known: {sorted(sources)})")
        source = sources[item["source"]]
        out.append(Citation(title=source["title"], url=source.get("url"), pin=item.get("pin")))
    return tuple(out)


def _questions(reader: _Reader, catalog: dict) -> dict[str, Question]:
    raw = catalog.get("questions")
    if not isinstance(raw, list):
        raise reader.fail("questions", "expected a list")
    reader.unique(raw, "questions")
    common_labels = catalog.get("option_labels", {})
    questions: dict[str, Question] = {}
    for i, item in enumerate(raw):
        where = f"questions[{i}] ({item['id']})"
        values = item.get("options")
        if not isinstance(values, list) or not values or len(set(values)) != len(values):
            raise reader.fail(f"{where}.options", "expected a list of distinct values")
        labels = {**common_labels, **item.get("labels", {})}
        missing = [v for v in values if v not in labels]
        if missing:
            raise reader.fail(f"{where}.labels", f"no label for {missing}")
        other = _for_other(reader, item, where, ("text", "hint", "why", "labels"), {v: labels[v] for v in values})
        other_labels = other.get("labels", {})
        condition = _expr(reader, item["when"], f"{where}.when", questions, plain=True) if "when" in item else None
        kind = item.get("kind", "single")
        exclusive = item.get("exclusive", [])
        if exclusive and (kind != "multi" or not isinstance(exclusive, list) or not set(exclusive) <= set(values)):
            raise reader.fail(f"{where}.exclusive", f"expected a list of this multi-select's values {values}")
        questions[item["id"]] = Question(
            id=item["id"],
            kind=kind,
            options=tuple(Option(v, labels[v], other_labels.get(v, "")) for v in values),
            text=reader.text(item, "text", where),
            hint=reader.text(item, "hint", where, required=False),
            why=reader.text(item, "why", where),
            condition=condition,
            exclusive=tuple(exclusive),
            text_other=other.get("text", ""),
            hint_other=other.get("hint", ""),
            why_other=other.get("why", ""),
        )
    return questions


def _pages(reader: _Reader, catalog: dict, questions: dict[str, Question]) -> tuple[tuple[Page, ...], dict[str, Question]]:
    """The flow's pages, and the questions each naming its page; every question on one page, in question order,
    and a condition reading only answers from earlier pages (so a page never waits on its own answers)."""
    raw = catalog.get("pages")
    if not isinstance(raw, list) or not raw:
        raise reader.fail("pages", "expected a list of pages")
    reader.unique(raw, "pages")
    pages: list[Page] = []
    page_of: dict[str, str] = {}
    for i, item in enumerate(raw):
        where = f"pages[{i}] ({item['id']})"
        ids = item.get("questions")
        if not isinstance(ids, list) or not ids:
            raise reader.fail(f"{where}.questions", "expected a list of question ids")
        for question_id in ids:
            if question_id not in questions:
                raise reader.fail(f"{where}.questions", f"names unknown question {question_id!r}")
            if question_id in page_of:
                raise reader.fail(f"{where}.questions", f"{question_id!r} is already on page {page_of[question_id]!r}")
            condition = questions[question_id].condition
            later = sorted(q for q in condition.reads if page_of.get(q) in (None, item["id"])) if condition else []
            if later:
                raise reader.fail(f"{where}.questions", f"{question_id!r} depends on {later}, which are not on an earlier page")
            page_of[question_id] = item["id"]
        pages.append(Page(id=item["id"], title=reader.text(item, "title", where), questions=tuple(ids),
                          title_other=_for_other(reader, item, where, ("title",)).get("title", "")))
    missing = [q for q in questions if q not in page_of]
    if missing:
        raise reader.fail("pages", f"questions on no page: {missing}")
    if [q for p in pages for q in p.questions] != list(questions):
        raise reader.fail("pages", "the pages must list the questions in the order of `questions`")
    return tuple(pages), {q.id: replace(q, page=page_of[q.id]) for q in questions.values()}


def _pack(path: Path, catalog: dict, questions: dict[str, Question], pages: tuple[Page, ...], sources: dict) -> Policy:
    reader = _Reader(path)
    data = reader.load()
    cat_reader = _Reader(DATA_DIR / "catalog.yaml")
    pack_id = reader.text(data, "id", "id")
    if path.stem != pack_id:
        raise reader.fail("id", f"{pack_id!r} does not match the file name")

    timeline_raw = data.get("timeline")
    if not isinstance(timeline_raw, list) or not timeline_raw:
        raise reader.fail("timeline", "expected at least one period")
    timeline: list[Period] = []
    for i, item in enumerate(timeline_raw):
        where = f"timeline[{i}]"
        start = item.get("start") if isinstance(item, dict) else None
        if not isinstance(start, date):
            raise reader.fail(f"{where}.start", "expected a date (YYYY-MM-DD)")
        if timeline and start <= timeline[-1].start:
            raise reader.fail(f"{where}.start", f"{start} is not after {timeline[-1].start}: dates out of order")
        if item.get("status") not in STATUSES[1:]:
            raise reader.fail(f"{where}.status", f"expected one of {list(STATUSES[1:])}")
        timeline.append(Period(start, item["status"], reader.text(item, "summary", where),
                               _citations(reader, item.get("citations"), f"{where}.citations", sources)))

    priorities_raw = data.get("priorities", [])
    reader.unique(priorities_raw, "priorities")
    priorities = tuple(
        Priority(
            id=item["id"],
            name=reader.text(item, "name", f"priorities.{item['id']}"),
            explanation=reader.text(item, "explanation", f"priorities.{item['id']}"),
            may_apply=_expr(reader, item.get("may_apply"), f"priorities.{item['id']}.may_apply", questions),
            citations=_citations(reader, item.get("citations"), f"priorities.{item['id']}.citations", sources),
            reported=_flag(reader, item, "reported"),
            explanation_other=_for_other(reader, item, f"priorities.{item['id']}", ("explanation",)).get("explanation", ""),
        )
        for item in priorities_raw
    )

    catalog_factors = {f["id"]: f for f in catalog["factors"]}
    listed_raw = data.get("factors", [])
    reader.unique(listed_raw, "factors")
    listed = {item["id"]: item for item in listed_raw}
    unknown = [f for f in listed if f not in catalog_factors]
    if unknown:
        raise reader.fail("factors", f"unknown factor ids {unknown}")
    factors = []
    for factor_id, item in catalog_factors.items():  # catalog order is the contract's order
        if factor_id not in listed:
            continue
        where = f"factors.{factor_id}"
        kind = item.get("kind")
        if kind not in ("favorable", "aggravating"):
            raise cat_reader.fail(where + ".kind", "expected favorable or aggravating")
        # A pack may word a factor its own way where its memo differs (then its own words for someone else too),
        # and mark a factor that rests on reports.
        own = listed[factor_id]
        other = _for_other(cat_reader, item, where, ("name", "explanation", "documents"))
        if "explanation" in own:
            other["explanation"] = _for_other(reader, own, where, ("explanation",)).get("explanation", "")
        elif FOR_OTHER in own:
            raise reader.fail(f"{where}.{FOR_OTHER}", "a pack words a factor for someone else only beside its own explanation")
        factors.append(Factor(
            id=factor_id,
            kind=kind,
            name=cat_reader.text(item, "name", where),
            explanation=reader.text(own, "explanation", where) if "explanation" in own else cat_reader.text(item, "explanation", where),
            reported=_flag(reader, own, "reported"),
            when=_expr(cat_reader, item.get("when"), where + ".when", questions),
            citations=_citations(reader, listed[factor_id].get("citations"), where + ".citations", sources),
            lawyer_note=cat_reader.text(item, "lawyer_note", where, required=kind == "aggravating"),
            documents=tuple(item.get("documents", ())),
            name_other=other.get("name", ""),
            explanation_other=other.get("explanation", ""),
            documents_other=other.get("documents", ()),
        ))

    order = data.get("questions", list(questions))
    missing = [q for q in order if q not in questions]
    if missing:
        raise reader.fail("questions", f"unknown question ids {missing}")
    urgent = tuple(_urgent_flag(cat_reader, item, questions) for item in catalog.get("urgent_flags", []))
    return Policy(
        id=pack_id,
        title=reader.text(data, "title", "title"),
        short_title=reader.text(data, "short_title", "short_title"),
        summary=reader.text(data, "summary", "summary"),
        documents=_citations(reader, data.get("documents"), "documents", sources),
        questions=tuple(questions[q] for q in order),
        factors=tuple(factors),
        priorities=priorities,
        timeline=tuple(timeline),
        urgent_flags=urgent,
        pages=tuple(
            replace(p, questions=kept) for p in pages if (kept := tuple(q for q in p.questions if q in order))
        ),
        default=_flag(reader, data, "default"),
        factors_note=reader.text(data, "factors_note", "factors_note", required=False),
        switch_label=reader.text(data, "switch_label", "switch_label"),
    )


def _urgent_flag(reader: _Reader, item: dict, questions: dict[str, Question]) -> UrgentFlag:
    where = f"urgent_flags.{item['id']}"
    unknown = sorted(set(item) - {"id", "when", "since"})
    if unknown:
        raise reader.fail(where, f"unknown keys {unknown}: a flag's words are in present.yaml, beside its `flag:`")
    return UrgentFlag(id=item["id"], when=_expr(reader, item.get("when"), f"{where}.when", questions),
                      since=_since(reader, item, where))


def _since(reader: _Reader, item: dict, where: str) -> date | None:
    """A flag's `since:`: the date its law took effect (absent: any date)."""
    value = item.get("since")
    if value is not None and not isinstance(value, date):
        raise reader.fail(f"{where}.since", "expected a date (YYYY-MM-DD)")
    return value


def _flag(reader: _Reader, data: dict, key: str) -> bool:
    value = data.get(key, False)
    if not isinstance(value, bool):
        raise reader.fail(key, "expected true or false")
    return value


def load_packs(data_dir: Path = DATA_DIR) -> Packs:
    """Read sources, the shared catalog and every pack; raise PolicyDataError on any problem."""
    src_reader = _Reader(data_dir / "sources.yaml")
    sources = src_reader.load().get("sources", {})
    for key, source in sources.items():
        if not isinstance(source, dict) or not source.get("title") or not str(source.get("url", "https://")).startswith("https://"):
            raise src_reader.fail(f"sources.{key}", "needs a title, and an url only if it is https")
    cat_reader = _Reader(data_dir / "catalog.yaml")
    catalog = cat_reader.load()
    pages, questions = _pages(cat_reader, catalog, _questions(cat_reader, catalog))
    cat_reader.unique(catalog.get("factors", []), "factors")
    cat_reader.unique(catalog.get("urgent_flags", []), "urgent_flags")
    packs: dict[str, Policy] = {}
    for path in sorted((data_dir / "packs").glob("*.yaml")):
        pack = _pack(path, catalog, questions, pages, sources)
        if pack.id in packs:
            raise PolicyDataError(f"{path.name}: duplicate pack id {pack.id!r}")
        packs[pack.id] = pack
    if not packs:
        raise PolicyDataError(f"no packs found in {data_dir / 'packs'}")
    defaults = [p.id for p in packs.values() if p.default is True]
    if len(defaults) != 1:
        raise PolicyDataError(f"exactly one pack must say `default: true`; found {defaults}")
    return Packs(by_id=packs, default_id=defaults[0])
