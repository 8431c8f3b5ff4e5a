"""The translation catalogs: messages.pot matches the sources, and every catalog is complete and safe.

Complete: every msgid of the .pot is in each .po, translated, not fuzzy. Safe: the same
%(name)s placeholders, and no bare % (Jinja's newstyle gettext formats every string).
Consistent: the glossary's terms are translated the glossary's way.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]
LOCALES = ROOT / "locales"
POT = LOCALES / "messages.pot"
PO_FILES = sorted(LOCALES.glob("*/LC_MESSAGES/messages.po"))
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")
BARE_PERCENT = re.compile(r"%(?!\(\w+\)[sd]|%)")

# English term in a msgid -> a pattern the Spanish msgstr must then contain (locales/glossary.md);
# "s?" lets a plural English term take the plural Spanish one.
GLOSSARY_ES = {
    r"\bdiscretion\b": r"facultad discrecional",
    r"Notice to Appear": r"Aviso de Comparecencia",
    r"immigration court": r"cortes? de inmigración",
    r"immigration judge": r"jue(z|ces) de inmigración",
    r"accredited representative": r"representantes? acreditados?",
    r"green card": r"tarjeta verde",
    r"lawful permanent resident": r"residente permanente legal",
    r"\bnotar(y|io)\b": r"notario",
    r"\blawyer": r"abogado",
    r"\bhearing": r"audiencia",
    r"\bbond\b": r"fianza",
    r"\bdetention\b": r"detención",
    r"\bdismiss": r"desestim",
    r"order of deportation|ordered you deported": r"orden de deportación",
    r"aggravated felony": r"delito grave agravado",
    r"\bconvict": r"condena",
    r"\bguidelines\b": r"pautas",
    r"\bguidance\b": r"guía",
    r"\bmemo\b": r"memorando",
    r"\basylum\b": r"asilo",
    r"\bprobation\b": r"libertad condicional",
    r"I'm not sure": r"No lo sé",
    r"legal advice": r"asesoría legal",
    r"\bweigh(ed|s)?\b": r"tom\w* en cuenta",
}

# Words the Spanish never uses (locales/glossary.md, "Neutral words"): regional ones, and "cerrar" for a dismissal.
NEVER_ES = (r"\bcerra", r"consejo legal", r"\bcasero", r"\bpatr[oó]n\b", r"r[eé]cord\b", r"ya mismo", r"ahorita")


def _msgids(catalog) -> set[str]:
    return {m.id for m in catalog if m.id}


def _load(path: Path):
    with path.open("rb") as handle:
        return read_po(handle)


def test_there_is_a_spanish_catalog():
    assert LOCALES / "es" / "LC_MESSAGES" / "messages.po" in PO_FILES


def test_messages_pot_is_up_to_date_with_the_sources(tmp_path):
    fresh = tmp_path / "messages.pot"
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "--quiet", "extract", "-F", "pyproject.toml",
         "-o", str(fresh), "--add-comments=Translators:", "--omit-header", "."],
        cwd=ROOT, check=True, capture_output=True, timeout=120,
    )
    committed, extracted = _msgids(_load(POT)), _msgids(_load(fresh))
    assert committed == extracted, (
        "locales/messages.pot is out of date; run `make messages` and translate the new entries.\n"
        f"missing from the .pot: {sorted(extracted - committed)}\nno longer in the sources: {sorted(committed - extracted)}"
    )


@pytest.mark.parametrize("po_path", PO_FILES, ids=lambda p: p.parent.parent.name)
def test_catalog_has_every_msgid_translated_and_none_fuzzy(po_path):
    catalog, pot = _load(po_path), _load(POT)
    assert _msgids(catalog) == _msgids(pot), "run `make messages` to update the catalog"
    empty = [m.id for m in catalog if m.id and not m.string]
    fuzzy = [m.id for m in catalog if m.id and m.fuzzy]
    assert not empty, f"{len(empty)} untranslated: {empty}"
    assert not fuzzy, f"{len(fuzzy)} fuzzy: {fuzzy}"
    assert not catalog.obsolete, f"obsolete entries: {list(catalog.obsolete)}"


@pytest.mark.parametrize("po_path", PO_FILES, ids=lambda p: p.parent.parent.name)
def test_translations_keep_every_placeholder_and_no_bare_percent(po_path):
    problems = []
    for message in _load(po_path):
        if not message.id:
            continue
        if set(PLACEHOLDER.findall(message.id)) != set(PLACEHOLDER.findall(message.string)):
            problems.append(f"placeholders differ: {message.id!r} -> {message.string!r}")
        if BARE_PERCENT.search(message.string):
            problems.append(f"bare % in {message.string!r}")
    assert not problems, "\n".join(problems)


def test_spanish_uses_the_glossary_terms():
    problems = []
    for message in _load(LOCALES / "es" / "LC_MESSAGES" / "messages.po"):
        for english, spanish in GLOSSARY_ES.items():
            if message.id and re.search(english, message.id, re.I) and not re.search(spanish, message.string, re.I):
                problems.append(f"{english!r} should be {spanish!r}: {message.id!r} -> {message.string!r}")
    assert not problems, "\n".join(problems)


def test_spanish_avoids_regional_words_and_never_closes_a_dismissed_case():
    problems = [f"{word!r} in {message.string!r}" for message in _load(LOCALES / "es" / "LC_MESSAGES" / "messages.po")
                for word in NEVER_ES if message.id and re.search(word, message.string, re.I)]
    assert not problems, "\n".join(problems)


def test_the_glossary_lists_every_term_the_test_checks():
    glossary = (LOCALES / "glossary.md").read_text(encoding="utf-8").lower()
    for spanish in GLOSSARY_ES.values():
        term = spanish.lower().replace("s?", "").replace("desestim", "desestimar").replace("tom\\w* en cuenta", "tomaba en cuenta").replace("jue(z|ces)", "juez")
        assert term in glossary, spanish
