"""What is true now (app/policy/data/present.yaml, policy brief §6): which items show for which answers on which
date, written by hand from the brief, never computed by the evaluator under test; and what the loader refuses."""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path

import pytest

from app.core import relevant_answers, screen
from app.core.advice import choose
from app.policy import PolicyDataError, load_packs
from app.policy.loader import DATA_DIR
from app.policy.present import load_advice, reported_problems

PACKS = load_packs()
PACK = PACKS.default
ADVICE = load_advice(PACKS)
TODAY = date(2026, 12, 4)

# Everything answered "no" or plainly: an inspected entry before November 2020, no record, no court case.
PLAIN = {
    "answering_for": "self", "court_case": "no", "detained": "no", "removal_order": "no", "lpr": "no",
    "entry_date": "before_2020_11_01", "entry_manner": "inspected", "years_in_us": "5_to_9", "arrived_under_16": "no",
    "age": "18_to_64", "serious_health": "no", "pregnant_or_nursing": "no", "caregiver": "no", "us_family": "no",
    "military": "no", "crime_victim_or_witness": "no", "labor_or_housing_dispute": "no", "community_ties": "no",
    "relief": ("none",), "national_security": "no", "criminal_history": "none",
}
ALWAYS = ["lawyer", "sign_nothing", "leaving_ask_first", "no_notario", "scams_and_reports"]
EVERYONE = ["lawyer", "sign_nothing", "no_notario", "scams_and_reports"]  # green-card holders: no offer to leave


def shown(answers: dict, as_of: date = TODAY) -> dict[str, list[str]]:
    result = screen(answers, PACK, as_of)
    chosen = choose(ADVICE, result, relevant_answers(PACK, answers))
    return {"urgent": [i.id for i in chosen.urgent], "today": [i.id for i in chosen.today],
            "next_steps": [i.id for i in chosen.next_steps]}


def steps_of(*ids: str) -> list[str]:
    """Step ids in the file's reading order: the order is the data's, the ids are the test's."""
    order = [item.id for item in ADVICE.by_place("next_step")]
    assert set(ids) <= set(order), set(ids) - set(order)
    return sorted(ids, key=order.index)


# (name, answers over PLAIN, as-of date, urgent items, next steps): from the policy brief §6's "Say" lines.
RECENT_UNINSPECTED = {"entry_date": "on_or_after_2020_11_01", "entry_manner": "not_inspected", "years_in_us": "under_5"}
CASES = [
    ("a plain case gets the lawyer, the papers, the offers to leave and the fraud steps", {}, TODAY, [], steps_of(*ALWAYS)),
    # Laken Riley Act: entry without inspection and a pending theft charge; tell the defense lawyer before a plea;
    # bond depends; keep proof of two years; registration is for those with no green card and no court case.
    ("a recent entrant with a pending shoplifting charge",
     {**RECENT_UNINSPECTED, "continuous_two_years": "yes", "criminal_history": "arrest_only",
      "charge_type": ("theft_or_burglary",), "criminal_case_open": "yes"}, TODAY,
     ["urgent_mandatory_detention"],
     steps_of(*ALWAYS, "plea_tell_defense_lawyer", "bond_if_held", "keep_proof_of_two_years",
              "what_counts_as_conviction", "registration_ask_first")),
    ("unsure how they came in, with a theft charge: the law may apply",
     {"entry_date": "on_or_after_2020_11_01", "entry_manner": "not_sure", "continuous_two_years": "not_sure",
      "criminal_history": "arrest_only", "charge_type": ("theft_or_burglary",), "criminal_case_open": "no"}, TODAY,
     [], steps_of(*ALWAYS, "laken_riley_check", "bond_if_held", "keep_proof_of_two_years",
                  "what_counts_as_conviction", "registration_ask_first")),
    ("an uninspected entry and an unknown charge: the law may apply",
     {"entry_manner": "not_inspected", "criminal_history": "conviction", "charge_type": ("not_sure",),
      "criminal_case_open": "no"}, TODAY,
     [], steps_of(*ALWAYS, "laken_riley_check", "bond_if_held", "keep_proof_of_two_years",
                  "what_counts_as_conviction", "registration_ask_first")),
    # Expedited removal: under two years here after an entry without inspection.
    ("an entrant under two years here", {**RECENT_UNINSPECTED, "continuous_two_years": "no"}, TODAY,
     ["urgent_fast_removal"],
     steps_of(*ALWAYS, "bond_if_held", "keep_proof_of_two_years", "registration_ask_first")),
    # Immigration court: keep going to every hearing, address current, no dismissal without a lawyer.
    ("a person with a court case and a lawyer",
     {"court_case": "yes", "hearing_soon": "no", "has_lawyer": "yes"}, TODAY,
     [], steps_of(*ALWAYS, "keep_going_to_court", "no_dismissal_without_lawyer", "check_court_date")),
    ("a person not sure of a court case",
     {"court_case": "not_sure"}, TODAY,
     [], steps_of(*ALWAYS, "keep_going_to_court", "no_dismissal_without_lawyer", "find_out_court_case")),
    ("a person with no court case not sure of an order",
     {"removal_order": "not_sure"}, TODAY, [], steps_of(*ALWAYS, "find_out_order")),
    # What counts as a conviction; drug cases of green-card holders, with the reason.
    ("a green-card holder with a drug conviction",
     {"lpr": "yes", "criminal_history": "conviction", "charge_type": ("drugs",), "criminal_case_open": "no",
      "sentence_over_1_year": "no", "harm_to_person": "no", "weapon": "no", "multiple_convictions": "no"}, TODAY,
     [], steps_of(*EVERYONE, "what_counts_as_conviction", "green_card_drug_case")),
    ("a green-card holder with a drug arrest only gets the drug reason too",
     {"lpr": "yes", "criminal_history": "arrest_only", "charge_type": ("drugs",), "criminal_case_open": "no"}, TODAY,
     [], steps_of(*EVERYONE, "what_counts_as_conviction", "green_card_drug_case")),
    ("a green-card holder with another conviction gets the advice without the drug reason",
     {"lpr": "yes", "criminal_history": "conviction", "charge_type": ("dui",), "criminal_case_open": "no"}, TODAY,
     [], steps_of(*EVERYONE, "what_counts_as_conviction", "green_card_conviction")),
    ("a green-card holder with an arrest only",
     {"lpr": "yes", "criminal_history": "arrest_only", "charge_type": ("other",), "criminal_case_open": "yes"}, TODAY,
     [], steps_of(*EVERYONE, "plea_tell_defense_lawyer", "what_counts_as_conviction", "green_card_arrest")),
    # Detention: find the person; bond depends (never after a final order).
    ("a detained person with a final order",
     {"detained": "yes", "removal_order": "yes"}, TODAY,
     ["urgent_detained", "urgent_removal_order"], steps_of(*ALWAYS, "detainee_locator")),
    ("a detained person with no order",
     {"detained": "yes"}, TODAY, ["urgent_detained"], steps_of(*ALWAYS, "detainee_locator", "bond_depends")),
    ("not sure whether the person is detained", {"detained": "not_sure"}, TODAY, [],
     steps_of(*ALWAYS, "detainee_locator", "bond_depends")),
    # TPS, DACA; victims.
    ("a person with TPS", {"relief": ("tps",)}, TODAY, [], steps_of(*ALWAYS, "tps_daca_changed")),
    ("a U visa applicant", {"relief": ("u_visa",)}, TODAY, [], steps_of(*ALWAYS, "victims_policy_ended")),
    # A relative: first what a relative can do; the locator with what to have ready, in place of the general one.
    ("a relative of a detained person with a final order",
     {"answering_for": "someone_else", "detained": "yes", "removal_order": "yes"}, TODAY,
     ["urgent_detained", "urgent_removal_order"],
     steps_of(*ALWAYS, "relative_find_person", "relative_find_lawyer", "relative_sign_and_pay_nothing",
              "relative_keep_papers")),
    ("a relative not sure whether the person is detained",
     {"answering_for": "someone_else", "detained": "not_sure"}, TODAY, [],
     steps_of(*ALWAYS, "relative_find_person", "relative_find_lawyer", "relative_sign_and_pay_nothing",
              "relative_keep_papers", "bond_depends")),
    ("a relative of a person who is not detained",
     {"answering_for": "someone_else"}, TODAY, [],
     steps_of(*ALWAYS, "relative_sign_and_pay_nothing", "relative_keep_papers")),
    # Nothing shows before the law it describes.
    ("before 2025, the shoplifting case sees none of the laws of 2025",
     {**RECENT_UNINSPECTED, "continuous_two_years": "no", "criminal_history": "arrest_only",
      "charge_type": ("theft_or_burglary",), "criminal_case_open": "yes"},
     date(2024, 3, 1), [], steps_of(*EVERYONE, "plea_tell_defense_lawyer", "what_counts_as_conviction")),
    ("on 2025-01-25 the expedited removal designation holds, the Laken Riley Act not yet",
     {**RECENT_UNINSPECTED, "continuous_two_years": "no", "criminal_history": "arrest_only",
      "charge_type": ("theft_or_burglary",), "criminal_case_open": "no"},
     date(2025, 1, 25), ["urgent_fast_removal"],
     steps_of(*EVERYONE, "keep_proof_of_two_years", "what_counts_as_conviction")),
]


@pytest.mark.parametrize("name, answers, as_of, urgent, steps", CASES, ids=[c[0] for c in CASES])
def test_the_items_shown_for_these_answers(name, answers, as_of, urgent, steps):
    got = shown({**PLAIN, **answers}, as_of)
    assert got["urgent"] == urgent
    assert got["next_steps"] == steps
    today = ["today_ice_sets_priorities"] if as_of >= date(2025, 1, 20) else []
    # A green-card holder with any record reads the risk in #today as well (second legal-aid read, H1).
    answers = {**PLAIN, **answers}
    if as_of >= date(2025, 1, 20) and answers["lpr"] == "yes" and answers["criminal_history"] != "none":
        today.append("today_green_card_record")
    assert got["today"] == today


def test_every_contract_flag_has_one_urgent_item_and_the_items_follow_the_flags_order():
    flags = [flag.id for flag in PACK.urgent_flags]
    assert [ADVICE.urgent_for(flag).id for flag in flags] == [
        "urgent_detained", "urgent_removal_order", "urgent_hearing_soon", "urgent_no_lawyer",
        "urgent_mandatory_detention", "urgent_fast_removal"]


def test_every_item_is_sourced_and_checked_and_what_reveals_entry_or_arrests_says_so():
    for item in ADVICE.items:
        assert item.sources and item.checked == date(2026, 12, 4), item.id
        for source in item.sources:
            assert source.url is None or source.url.startswith("https://"), item.id
    reveal = {item.id: set(item.reveals) for item in ADVICE.items if item.reveals}
    assert reveal["urgent_mandatory_detention"] == {"entry", "arrests"}
    assert reveal["keep_proof_of_two_years"] == {"entry"} and reveal["what_counts_as_conviction"] == {"arrests"}
    assert reveal["bond_if_held"] == {"entry"} and "bond_depends" not in reveal  # a detained person's bond step stays
    assert "lawyer" not in reveal and "scams_and_reports" not in reveal


# The addresses policy brief §6 gives for its sources, copied by hand: a source may carry only these.
BRIEF_URLS = {
    "https://media.cadc.uscourts.gov/opinions/docs/2026/06/25-5320-2179963.pdf",
    "https://locator.ice.gov/odls",
    "https://www.justice.gov/eoir/customer-service-initiatives",
}


def test_a_source_carries_a_url_only_where_the_brief_gives_one(record_property):
    urls = {source.url for item in ADVICE.items for source in item.sources if source.url}
    assert urls <= BRIEF_URLS
    brief = Path(__file__).resolve().parents[2] / "shared" / "domain" / "policy-brief.md"
    if brief.exists():  # beside the checkout: the copy above matches it
        text = brief.read_text(encoding="utf-8")
        assert all(url.removeprefix("https://").removeprefix("www.") in text for url in BRIEF_URLS)
    sources = {source.id for item in ADVICE.items for source in item.sources}
    record_property("figure: present data, sources with a URL", f"{len(urls)} of {len(sources)}")


def test_the_data_age_and_the_six_month_check(record_property):
    age = (TODAY - ADVICE.oldest_check).days
    record_property("figure: present data age", f"{age} days since the oldest check ({ADVICE.oldest_check}), "
                                                 f"{(TODAY - ADVICE.last_checked).days} since the newest, on {TODAY}")
    result = screen({**PLAIN, "court_case": "yes"}, PACK, date(2027, 6, 4))
    chosen = choose(ADVICE, result, relevant_answers(PACK, {**PLAIN, "court_case": "yes"}))
    assert not chosen.out_of_date(date(2027, 6, 4))  # exactly six months: still fresh
    assert chosen.out_of_date(date(2027, 6, 6))
    assert chosen.last_checked() == date(2026, 12, 4)


# --------------------------------------------------------------------------- what the loader refuses


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    shutil.copytree(DATA_DIR, tmp_path / "data")
    return tmp_path / "data"


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _load(data_dir: Path):
    return load_advice(load_packs(data_dir), data_dir)


@pytest.mark.parametrize("old, new, message", [
    ("when: {court_case: [\"yes\"]}\n", "when: {court_date: [\"yes\"]}\n", r"items\[check_court_date\].when: names unknown question 'court_date'"),
    ("when: {relief: [tps, daca]}", "when: {relief: [tps, green_card]}", r"unknown values \['green_card'\]"),
    ("    sources: [padilla]\n", "    sources: []\n", r"items\[plea_tell_defense_lawyer\].sources: every text needs at least one source"),
    ("    sources: [padilla]\n", "    sources: [padila]\n", r"unknown sources \['padila'\]"),
    ("    flag: hearing_soon\n", "    flag: hearing_later\n", r"items\[urgent_hearing_soon\].flag: expected one of"),
    ("    flag: hearing_soon\n", "    flag: hearing_soon\n    when: {court_case: [\"yes\"]}\n", r"names its flag .* instead of repeating its rule"),
    ("    flag: hearing_soon\n", "    flag: no_lawyer\n", r"no urgent item for the flags \['hearing_soon'\]"),
    ("call %(court_phone)s or go", "call %(court_fone)s or go", r"names unknown contacts \['court_fone'\]"),
    ("    url: \"https://locator.ice.gov/odls\"\n", "    url: \"http://locator.ice.gov/odls\"\n", r"sources.detainee_locator.url: expected an https address"),
    ("    confidence: P\n", "    confidence: X\n", r"confidence: expected one of \['C', 'P', 'R'\]"),
    ("    checked: 2026-12-04\n", "    checked: last week\n", r"checked: expected a date"),
    ("    when: always\n    text: \"Do not sign", "    text: \"Do not sign", r"items\[sign_nothing\].when: say when it shows"),
])
def test_the_loader_refuses(data_copy, old, new, message):
    _edit(data_copy / "present.yaml", old, new)
    with pytest.raises(PolicyDataError, match=message):
        _load(data_copy)


def test_a_reported_source_needs_words_that_say_so_in_every_language(data_copy):
    _edit(data_copy / "present.yaml", "    confidence: P\n", "    confidence: R\n")  # the first source tagged P
    advice = _load(data_copy)
    reported = [item.id for item in advice.items if any(s.reported for s in item.sources)]
    assert reported
    english = ("en", lambda text: text, "report")
    spanish = ("es", lambda text: "Según informes, " + text, "informe")
    problems = reported_problems(advice, [english, spanish])
    assert len(problems) == len(reported) and all("en words do not say it is reported" in p for p in problems)
    assert reported_problems(advice, [("en", lambda text: "Reports say " + text, "report"), spanish]) == []


YOU = re.compile(r"\b(you|your|yours)\b", re.IGNORECASE)


def test_what_speaks_to_the_reader_has_words_for_someone_else():
    """Every item whose words address the reader has its third-person words, unless only a relative sees it."""
    for item in ADVICE.items:
        only_for_relatives = "answering_for" in (item.when.reads if item.when else ()) and \
            item.when({"answering_for": "self"}) is False
        for field in ("title", "text"):
            plain, other = getattr(item, field), getattr(item, f"{field}_other")
            if only_for_relatives or not YOU.search(plain):
                continue
            if item.id == "detainee_locator":  # "someone in your family": a relative has relative_find_person instead
                assert item.when({"answering_for": "someone_else", "detained": "yes"}) is False
                continue
            assert other, (item.id, field)
            first = re.split(r"(?<=[.:?])\s", other)[0]
            assert not re.match(r"(?i)(you|your)\b", first), (item.id, first)
            assert item.say(field, True) == other and item.say(field, False) == plain
