"""Six people the result page is built for (issue 10), as complete answer sets, for browser, PDF and readability tests."""

from __future__ import annotations

# Everything a person answers "no" or the plain value to; each case changes what makes it that case.
BASE = {
    "court_case": "no", "detained": "no", "removal_order": "no", "lpr": "no",
    "entry_date": "before_2020_11_01", "entry_manner": "inspected", "years_in_us": "5_to_9",
    "arrived_under_16": "no", "age": "18_to_64", "serious_health": "no", "pregnant_or_nursing": "no",
    "caregiver": "no", "us_family": "no", "military": "no", "crime_victim_or_witness": "no",
    "labor_or_housing_dispute": "no", "community_ties": "no", "relief": ["none"],
    "national_security": "no", "criminal_history": "none",
}
CONVICTION = {
    "criminal_history": "conviction", "sentence_over_1_year": "no", "harm_to_person": "no", "weapon": "no",
    "multiple_convictions": "no", "years_since_offense": "5_to_9", "rehabilitation": "yes",
    "conviction_cleared": "no", "condition_contributed": "no",
}

CASES: dict[str, dict] = {
    # The woman of issue 10: came in 2012 without inspection, 14 years here, two US-citizen children, no record.
    "outside": {**BASE, "entry_manner": "not_inspected", "years_in_us": "10_or_more", "caregiver": "yes",
                "us_family": "yes", "community_ties": "yes"},
    "border": {**BASE, "entry_date": "on_or_after_2020_11_01", "entry_manner": "not_inspected", "years_in_us": "under_5"},
    "cannot_tell": {**BASE, "entry_date": "on_or_after_2020_11_01", "entry_manner": "not_sure", "court_case": "not_sure"},
    "conviction": {**BASE, **CONVICTION, "multiple_convictions": "yes"},
    "detained_order": {**BASE, "detained": "yes", "removal_order": "yes", "court_case": "yes", "hearing_soon": "no",
                       "has_lawyer": "no", "entry_manner": "not_inspected"},
    "green_card_conviction": {**BASE, **CONVICTION, "lpr": "yes", "years_in_us": "10_or_more"},
}
URGENT_CASES = {"detained_order"}


def form_pairs(answers: dict, **control: str) -> list[tuple[str, str]]:
    """The answers as posted form fields (one pair per value of a multi-select), then control fields."""
    pairs = [(k, v) for k, value in answers.items() for v in (value if isinstance(value, list) else [value])]
    return pairs + [(f"_{k}", v) for k, v in control.items()]
