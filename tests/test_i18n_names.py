"""The languages an organization speaks are named in the reader's language, joined the way that language joins a list."""

from __future__ import annotations

import pytest

from app.web.i18n import current_locale, language_list


@pytest.mark.parametrize(("lang", "codes", "expected"), [
    ("es", ["en", "es"], "inglés y español"),
    ("es", ["es", "en"], "español e inglés"),  # "e", not "y", before an "i" sound
    ("es", ["es", "en", "pl"], "español, inglés y polaco"),
    ("es", ["es", "it"], "español e italiano"),
    ("es", ["es"], "español"),
    ("en", ["es", "en"], "Spanish and English"),
    ("en", ["es", "en", "pl"], "Spanish, English, and Polish"),
])
def test_language_list_names_the_languages_in_the_readers_language(lang, codes, expected):
    token = current_locale.set(lang)
    try:
        assert language_list(codes) == expected
    finally:
        current_locale.reset(token)
