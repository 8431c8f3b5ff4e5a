"""What is the same for everyone, kept once drawn: whole pages that show nothing of the person (`SharedPages`),
and pieces of the others (`SharedPieces`, a template tag)."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from threading import Lock
from typing import Any, TypeVar

from jinja2 import Environment, nodes
from jinja2.ext import Extension
from jinja2.parser import Parser
from markupsafe import Markup

from app.web.i18n import current_locale

T = TypeVar("T")


class SharedPages:
    """Pages that show nothing of the person (the start page, the first question, safety, help, embed), drawn once
    per language, visit options, site address and date and then sent as they are; at most `size` of them, the
    least recently used dropped first. Nothing a person answered is ever a key or a value here."""

    def __init__(self, size: int = 256, enabled: bool = True):
        self.size, self.enabled = size, enabled
        self._pages: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = Lock()  # the PDF route's thread pool may render too

    def get(self, key: Hashable, draw: Callable[[], T]) -> T:
        """What is kept under `key`, else `draw()`, kept."""
        html = self.peek(key)
        if html is None:
            html = draw()
            self.put(key, html)
        return html

    def peek(self, key: Hashable) -> Any:
        """What is kept under `key` (now the most recently used), or None."""
        if not self.enabled:
            return None
        with self._lock:
            kept = self._pages.get(key)
            if kept is not None:
                self._pages.move_to_end(key)
            return kept

    def put(self, key: Hashable, value: Any) -> None:
        if not self.enabled:
            return
        with self._lock:
            self._pages[key] = value
            while len(self._pages) > self.size:
                self._pages.popitem(last=False)

    def __len__(self) -> int:
        return len(self._pages)


class PieceSlots:
    """Where `{% shared %}` pieces are kept: a fixed number of slots, a piece's slot chosen by the hash of its key
    (Python's, salted per process), a new piece replacing whatever held its slot.

    Not a dict and not least-recently-used on purpose: both keep the order in which pieces were drawn or last
    used, and after a result page the last ones in that order would be that person's factors, steps and
    priorities, in page order. Here a slot says only that some page since start-up showed its piece."""

    def __init__(self, size: int = 4096, enabled: bool = True):
        self.size, self.enabled = size, enabled
        self._slots: list[tuple[Hashable, Markup] | None] = [None] * size

    def peek(self, key: Hashable) -> Markup | None:
        if not self.enabled:
            return None
        held = self._slots[hash(key) % self.size]  # one read of a list item: no lock needed
        return held[1] if held is not None and held[0] == key else None

    def put(self, key: Hashable, piece: Markup) -> None:
        if self.enabled:
            self._slots[hash(key) % self.size] = (key, piece)

    def __len__(self) -> int:
        return sum(slot is not None for slot in self._slots)


class SharedPieces(Extension):
    """`{% shared "factor", policy.id, factor.id %}...{% endshared %}`: a piece of a page that is the same for
    everyone with the same key, drawn once per key and language and then reused.

    The key names everything the piece shows (catalog ids, the visit's options, an error text); the language it is
    drawn in and the page's `lang` (in desk mode a piece may be drawn in English for a Spanish page, and link to
    /es/) are added here, and so is where the tag is (template, line and its place among the tags). The body is
    rendered with autoescaping as usual, and kept as the Markup it made, so nothing is escaped twice or left
    unescaped. tests/test_shared_pages.py compares pages drawn this way with plain renders.

    A key is never a person's answer, nor a set of anything of theirs: a question piece is kept per question and
    the choices are marked on it (forms.mark_chosen), a check-page row per question with the answer drawn per
    request, a factor per factor, and the checklist is not kept (its key would be the person's set of factors).
    What the store holds says at most that someone saw one factor or one question, never who or what else, nor in
    what order (`PieceSlots`).
    """

    tags = {"shared"}

    def __init__(self, environment: Environment):
        super().__init__(environment)
        environment.extend(shared_pieces=PieceSlots(size=4096))
        self._tags = 0  # each tag's own number: two tags on one line are still two pieces

    def parse(self, parser: Parser) -> list[nodes.Node]:
        """Compiles to `{% set kept = _kept(key) %}{% if kept is none %}{% set body %}...{% endset %}{{ _keep(key,
        body) }}{% else %}{{ kept }}{% endif %}`: a kept piece costs a look-up, where a call block would make a
        macro for its body on every use (4 us a piece, more than drawing a small one)."""
        lineno = next(parser.stream).lineno
        key = [parser.parse_expression()]
        while parser.stream.skip_if("comma"):
            key.append(parser.parse_expression())
        body = parser.parse_statements(("name:endshared",), drop_needle=True)
        self._tags += 1
        where = nodes.Const(f"{parser.name}:{lineno}:{self._tags}")
        full_key = nodes.Tuple([where, nodes.Name("lang", "load"), *key], "load")
        kept, drawn = f"_shared_kept_{self._tags}", f"_shared_drawn_{self._tags}"
        return [
            nodes.Assign(nodes.Name(kept, "store"), self.call_method("_kept", [full_key])).set_lineno(lineno),
            nodes.If(nodes.Test(nodes.Name(kept, "load"), "none", [], [], None, None), [
                nodes.AssignBlock(nodes.Name(drawn, "store"), None, body),
                nodes.Output([self.call_method("_keep", [full_key, nodes.Name(drawn, "load")])]),
            ], [], [nodes.Output([nodes.Name(kept, "load")])]).set_lineno(lineno),
        ]

    def _slots_and_key(self, key: tuple) -> tuple[PieceSlots, tuple]:
        """The store, and the tag's key with the language the piece is drawn in (after where the tag is)."""
        pieces: PieceSlots = self.environment.shared_pieces  # type: ignore[attr-defined]
        return pieces, (key[0], current_locale.get(), *key[1:])

    def _kept(self, key: tuple) -> Markup | None:
        pieces, full = self._slots_and_key(key)
        return pieces.peek(full)

    def _keep(self, key: tuple, drawn: str) -> Markup:
        pieces, full = self._slots_and_key(key)
        piece = Markup(drawn)
        pieces.put(full, piece)
        return piece
