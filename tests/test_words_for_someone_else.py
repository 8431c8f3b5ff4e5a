"""Words for someone answering for another person (answering_for: someone_else, issue 24): every text that
speaks to the reader as "you" or "I" has its own third-person wording in the data, extracted and translated,
and the model hands out either wording on request."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from app.core.model import Factor, Is, Option, Page, Priority, Question
from app.policy import load_packs
from app.policy.extract import FOR_OTHER_NOTE, extract_policy_yaml
from app.policy.loader import DATA_DIR
from app.settings import ROOT
from app.web import i18n

PACKS = load_packs()
# Speaking to the reader: second person, or first person in an answer the reader picks ("I was convicted").
ADDRESSES_READER = re.compile(r"\b(you|your|yours|I|me|my)\b", re.IGNORECASE)
# The one first-person label that stays: whoever answers is the one who is not sure.
ANSWERER_OWN = "I'm not sure"
# answering_for asks the reader who they answer for: its words are the reader's in either case.
ASKS_THE_READER = {"answering_for"}


def addresses_reader(text: str) -> bool:
    return bool(ADDRESSES_READER.search(text.replace(ANSWERER_OWN, "")))


def first_sentence(text: str) -> str:
    return re.split(r"(?<=[.?!])\s", text, maxsplit=1)[0]


def worded() -> Iterator[tuple[str, str, str | None]]:
    """(place, plain words, their words for someone else or None where the data takes none) for every text a person
    reads in the packs, each place once."""
    seen: set[str] = set()

    def once(place: str, plain: str, other: str | None) -> Iterator[tuple[str, str, str | None]]:
        if plain and place not in seen:
            seen.add(place)
            yield place, plain, other

    for pack in PACKS:
        for q in pack.questions:
            if q.id in ASKS_THE_READER:
                continue
            for field in ("text", "hint", "why"):
                yield from once(f"questions[{q.id}].{field}", getattr(q, field), getattr(q, f"{field}_other"))
            for o in q.options:
                yield from once(f"questions[{q.id}].labels.{o.value}", o.label, o.label_other)
        for p in pack.pages:
            yield from once(f"pages[{p.id}].title", p.title, p.title_other)
        for f in pack.factors:
            where = f"{pack.id}: factors[{f.id}]"
            yield from once(f"{where}.name", f.name, f.name_other)
            yield from once(f"{where}.explanation", f.explanation, f.explanation_other)
            yield from once(f"{where}.lawyer_note", f.lawyer_note, None)
            for i, (plain, other) in enumerate(zip(f.documents, f.documents_other or [""] * len(f.documents))):
                yield from once(f"{where}.documents[{i}]", plain, other)
        for pr in pack.priorities:
            yield from once(f"{pack.id}: priorities[{pr.id}].name", pr.name, None)
            yield from once(f"{pack.id}: priorities[{pr.id}].explanation", pr.explanation, pr.explanation_other)
        for place, plain in [("title", pack.title), ("short_title", pack.short_title), ("summary", pack.summary),
                             *((f"timeline[{i}].summary", period.summary) for i, period in enumerate(pack.timeline))]:
            yield from once(f"{pack.id}: {place}", plain, None)


WORDED = list(worded())
VARIANTS = [(place, plain, other) for place, plain, other in WORDED if other and other != plain]


def test_every_text_that_speaks_to_the_reader_has_words_for_someone_else():
    missing = [f"{place}: {plain!r}" for place, plain, other in WORDED if addresses_reader(plain) and not other]
    assert not missing, "no for_someone_else: words (or, where the data takes none, reword without you/I):\n" + "\n".join(missing)


def test_no_words_for_someone_else_begin_by_speaking_to_the_reader():
    """The words may still say "if you are not sure" later on, but never begin with "you" doing or being something."""
    wrong = [f"{place}: {other!r}" for place, _, other in VARIANTS if addresses_reader(first_sentence(other))]
    assert not wrong, "\n".join(wrong)


def test_short_words_for_someone_else_never_speak_to_the_reader():
    """Question texts, labels, page titles, factor names and flag titles speak only of the person."""
    short = re.compile(r"\.(text|title|name)$|\.labels\.")
    wrong = [f"{place}: {other!r}" for place, _, other in VARIANTS if short.search(place) and addresses_reader(other)]
    assert not wrong, "\n".join(wrong)


def test_the_data_words_the_reported_cases_for_someone_else():
    """The walk (reviews/2026-12-walk.md): a brother answering for a detained man read "You are in detention"."""
    from app.policy.present import load_advice

    pack = PACKS.default
    detained = load_advice(PACKS).urgent_for("detained")  # the flag's words are what is true now (present.yaml)
    assert "you" not in detained.say("title", for_other=True).lower().split()
    assert detained.say("text", for_other=True).endswith("The person should not sign any paper from ICE until a lawyer has read it.")
    assert pack.question("detained").say("text", for_other=True) == "Is the person in immigration detention now?"
    assert len(VARIANTS) >= 85, "about every question, label, page and factor that says you or I"


CATALOGS = i18n.Catalogs(ROOT / "locales")


@pytest.fixture
def spanish() -> Iterator[None]:
    with i18n.use_locale(CATALOGS, "es"):
        yield


def test_spanish_words_for_someone_else_are_their_own(spanish):
    """Translated (not the English), and not the Spanish of the words they replace."""
    same = [f"{place}: {i18n._(other)!r}" for place, plain, other in VARIANTS
            if i18n._(other) in (other, i18n._(plain))]
    assert not same, "\n".join(same)


def test_short_spanish_words_for_someone_else_never_say_usted(spanish):
    short = re.compile(r"\.(text|title|name)$|\.labels\.")
    wrong = [f"{place}: {i18n._(other)!r}" for place, _, other in VARIANTS
             if short.search(place) and re.search(r"\busted\b", i18n._(other), re.IGNORECASE)]
    assert not wrong, "\n".join(wrong)


def test_every_word_for_someone_else_is_extracted_with_a_note_for_the_translator():
    notes: dict[str, list[str]] = {}
    for path in [DATA_DIR / "catalog.yaml", *sorted((DATA_DIR / "packs").glob("*.yaml"))]:
        with path.open("rb") as handle:
            for _, _, message, comments in extract_policy_yaml(handle, None, None, {}):
                notes.setdefault(message, []).extend(comments)
    for _, _, other in VARIANTS:
        assert any(FOR_OTHER_NOTE in note for note in notes.get(other, [])), f"not extracted with its note: {other!r}"
    plain = {plain for _, plain, _ in VARIANTS} - {other for _, _, other in VARIANTS}
    assert not any(FOR_OTHER_NOTE in note for message in plain for note in notes.get(message, []))


# The model: either wording on request, so no caller writes `x_other or x`.

ALWAYS = Is("court_case", frozenset({"yes"}))


@pytest.mark.parametrize("for_other, expected", [(False, "Do you have a green card?"), (True, "Does the person have a green card?")])
def test_a_question_says_its_words_for_the_reader_or_for_someone_else(for_other, expected):
    question = Question("lpr", "single", (), "Do you have a green card?", "", "Why.", text_other="Does the person have a green card?")
    assert question.say("text", for_other) == expected
    assert question.say("why", for_other) == "Why.", "no words for someone else: the plain words"


def test_each_worded_record_says_its_words_for_someone_else():
    assert Option("conviction", "I was convicted", "The person was convicted").say("label", True) == "The person was convicted"
    assert Option("yes", "Yes").say("label", True) == "Yes"
    assert Page("record", "Your record", ("national_security",), "The person's record").say("title", True) == "The person's record"
    assert Page("record", "Your record", ("national_security",), "The person's record").say("title", False) == "Your record"
    priority = Priority("p", "The priority", "It covered you.", ALWAYS, (), explanation_other="It covered the person.")
    assert (priority.say("name", True), priority.say("explanation", True)) == ("The priority", "It covered the person.")


def test_a_factor_says_its_papers_for_someone_else_in_the_same_order():
    factor = Factor("lpr", "favorable", "You have a green card", "Counted.", ALWAYS, (), documents=("Your green card", "A photo"),
                    name_other="The person has a green card", documents_other=("The person's green card", "A photo"))
    assert factor.say("name", True) == "The person has a green card"
    assert factor.documents_for(True) == ("The person's green card", "A photo")
    assert factor.documents_for(False) == ("Your green card", "A photo")
    assert Factor("x", "favorable", "N", "E", ALWAYS, (), documents=("Papers",)).documents_for(True) == ("Papers",)

