"""The templates: one autoescaped Jinja environment per language, whose fixed words are translated when a template is
compiled, so a page never looks one up while it is drawn."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, nodes, select_autoescape
from jinja2.compiler import CodeGenerator, Frame
from jinja2.visitor import NodeTransformer
from markupsafe import Markup, _escape_inner, escape  # _escape_inner: the escaping of a str that escape() wraps in a Markup

from app.settings import Settings
from app.web import i18n
from app.web.forms import hidden_fields

MACROS = ("sources_summary", "citation_links", "citations", "language_switch")
GETTEXT_NAMES = ("_", "gettext")


class TranslatedWords(NodeTransformer):
    """`_("Continue")` becomes the constant `Markup("Continuar")`; `_("Step %(n)s", n=x)` becomes `Markup("Paso %(n)s") %
    {"n": x}`. Exactly what the newstyle gettext of an autoescaped template gives at run time (a translation is Markup,
    always %-formatted, its variables escaped), decided once. A message that is not a constant is left to run time."""

    def __init__(self, gettext: Callable[[str], str]):
        self.gettext = gettext

    def visit_Call(self, call: nodes.Call) -> nodes.Node:  # noqa: N802 - NodeTransformer's naming
        node = self.generic_visit(call)
        assert isinstance(node, nodes.Call)
        callee, args = node.node, node.args
        if not (isinstance(callee, nodes.Name) and callee.name in GETTEXT_NAMES and len(args) == 1
                and isinstance(args[0], nodes.Const) and isinstance(args[0].value, str)
                and node.dyn_args is None and node.dyn_kwargs is None):
            return node
        words = Markup(self.gettext(args[0].value) if args[0].value else "")
        if not node.kwargs:
            return nodes.Const(words % {}, lineno=node.lineno)
        variables = nodes.Dict([nodes.Pair(nodes.Const(k.key), k.value, lineno=node.lineno) for k in node.kwargs],
                               lineno=node.lineno)
        return nodes.Mod(nodes.Const(words, lineno=node.lineno), variables, lineno=node.lineno)


def escape_output(value: Any) -> str:
    """The text markupsafe.escape gives for `{{ value }}`, without making a Markup of it: escape copies a Markup into a
    new one and wraps escaped text in one, for each of the 300 values a result page writes. tests/test_templating.py."""
    kind = value.__class__
    if kind is Markup:
        return value
    if kind is str:
        return _escape_inner(value)
    return escape(value)


class OutputCodeGenerator(CodeGenerator):
    """Jinja's code generator, but each `{{ value }}` of an autoescaped template calls `escape_output` (as Jinja's
    own NativeEnvironment swaps this call for its own): most values of a page are Markup already (the pack's words,
    the translations, the macros' output)."""

    def _output_child_pre(self, node: nodes.Expr, frame: Frame, finalize: Any) -> None:
        if frame.eval_ctx.volatile or not frame.eval_ctx.autoescape:
            super()._output_child_pre(node, frame, finalize)
            return
        self.write("environment.escape_output(")
        if finalize.src is not None:
            self.write(finalize.src)


class LanguageEnvironment(Environment):
    """A Jinja environment for one language (its `translations`): its templates are compiled with their fixed words in it."""

    code_generator_class = OutputCodeGenerator

    def __init__(self, translations: Any, **options: Any):
        super().__init__(**options)
        self.translations = translations
        self.escape_output = escape_output

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        """The parsed template with its constant messages translated (Jinja calls this before compiling)."""
        tree = super()._parse(source, name, filename)
        return TranslatedWords(self.translations.gettext).visit(tree)


def make_environment(settings: Settings, catalogs: i18n.Catalogs, lang: str = i18n.SOURCE_LANGUAGE) -> LanguageEnvironment:
    translations = catalogs.get(lang)
    env = LanguageEnvironment(
        translations,
        loader=FileSystemLoader(str(settings.templates_dir)),
        autoescape=select_autoescape(default=True, default_for_string=True),
        extensions=["jinja2.ext.i18n"],
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        # The templates ship with the release and the app restarts to change them: without this, every
        # get_template and include stats its file (19 stats a result page).
        auto_reload=False,
    )
    env.install_gettext_translations(translations, newstyle=True)  # type: ignore[attr-defined]  # added by the i18n extension

    def gettext(message: str, /, **variables: object) -> Markup:
        """A message that is not a constant (a pack's words), as the newstyle gettext of an autoescaped template gives it."""
        return Markup(translations.gettext(message) if message else message) % variables

    env.globals["gettext"] = env.globals["_"] = gettext
    # {% trans %} blocks are whitespace-trimmed, as the extractor (trimmed = "true") sees them.
    env.policies["ext.i18n.trimmed"] = True
    env.filters["date"] = lambda d: i18n.format_date(d)
    env.filters["number"] = lambda n: i18n.format_number(n)
    env.globals["hidden_fields"] = hidden_fields
    env.globals["language_name"] = i18n.language_name
    env.globals["language_list"] = i18n.language_list
    env.globals["quick_exit_url"] = settings.quick_exit_url
    env.globals["site_title"] = settings.site_title  # empty: the neutral "Questionnaire" of the page's language
    return env


class Templates:
    """The environments of every language on offer; `templates[lang]` draws in `lang`."""

    def __init__(self, settings: Settings, catalogs: i18n.Catalogs):
        self._by_language = {lang: make_environment(settings, catalogs, lang) for lang in catalogs.languages}

    def __getitem__(self, lang: str) -> LanguageEnvironment:
        return self._by_language[lang]

    def __iter__(self) -> Iterator[LanguageEnvironment]:
        return iter(self._by_language.values())

    def add_globals(self, **values: Any) -> None:
        for env in self:
            env.globals.update(values)

    def install_macros(self) -> None:
        """The shared macros (partials/macros.html) as globals. Call it after the last global is set: the macros'
        module sees the globals as they are when it is made."""
        for env in self:
            module = env.get_template("partials/macros.html").make_module()
            env.globals.update({name: getattr(module, name) for name in MACROS})
