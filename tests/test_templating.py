"""app/web/templating.py: each language's templates are compiled with their fixed words translated, and `{{ value }}`
writes what Jinja's autoescape would (templating.escape_output)."""

from __future__ import annotations

import pytest
from jinja2 import Environment
from markupsafe import Markup, escape

from app.settings import Settings
from app.web.templating import escape_output, make_environment

LANGUAGES = ("en", "es")


class Shown:
    def __html__(self) -> str:
        return "<i>shown</i>"

    def __str__(self) -> str:
        return "<i>not this</i>"


VALUES = ["", "plain", "<b>&'\"</b>", "é ñ – “x”", Markup("<b>kept</b>"), Markup(""), 3, 2.5, None, True, Shown()]


@pytest.mark.parametrize("value", VALUES, ids=[f"{type(v).__name__}-{i}" for i, v in enumerate(VALUES)])
def test_escape_output_gives_markupsafes_escape(value):
    assert escape_output(value) == escape(value)


def test_a_template_writes_what_jinjas_own_autoescape_writes():
    from app.web import i18n

    source = "{% for v in values %}[{{ v }}]{% endfor %}|{{ values | join(', ') }}|{% set x %}<{{ values[2] }}>{% endset %}{{ x }}"
    settings = Settings()
    ours = make_environment(settings, i18n.Catalogs(settings.locales_dir))
    theirs = Environment(autoescape=True)
    assert ours.from_string(source).render(values=VALUES) == theirs.from_string(source).render(values=VALUES)
    assert "escape_output" in ours.compile("{{ v }}", raw=True)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_words_translated_when_a_template_is_compiled_are_what_jinjas_newstyle_gettext_gives(lang):
    """Each language's templates are compiled with their constant messages translated (templating.TranslatedWords):
    for every message of the catalog, alone and with markup in its variables, and for a message that is not a constant,
    the page text must be what jinja2.ext's own newstyle gettext renders at run time."""
    import re

    from app.web import i18n

    settings = Settings()
    catalogs = i18n.Catalogs(settings.locales_dir)
    ours = make_environment(settings, catalogs, lang)
    theirs = Environment(autoescape=True, extensions=["jinja2.ext.i18n"])
    theirs.install_gettext_callables(catalogs.get(lang).gettext, catalogs.get(lang).ngettext, newstyle=True)  # type: ignore[attr-defined]
    messages = [m.id for m in babel_catalog(settings.locales_dir / "es" / "LC_MESSAGES" / "messages.po") if m.id and isinstance(m.id, str)]
    assert len(messages) > 300
    for message in messages:
        literal = '"' + message.replace("\\", "\\\\").replace('"', '\\"') + '"'
        names = re.findall(r"%\((\w+)\)s", message)
        call = f"_({literal}" + "".join(f", {name}={name}" for name in names) + ")"
        source = "{{ " + call + " }}|{{ _(message, **variables) }}"
        variables = {name: f"<{name}> & \"x\"" for name in names}
        rendered = [env.from_string(source).render(message=message, variables=variables, **variables) for env in (ours, theirs)]
        assert rendered[0] == rendered[1], message
        assert "resolve('_')" not in ours.compile("{{ " + call + " }}", raw=True)  # translated when compiled


def babel_catalog(path):
    from babel.messages.pofile import read_po

    with path.open("rb") as handle:
        return read_po(handle)


