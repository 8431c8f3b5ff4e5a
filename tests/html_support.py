"""A small HTML reader for HTTP tests (stdlib only): elements in document order, by id, inside one another.

    page = Page(response.text)
    box = page.by_id("referral")
    links = [a.attrs["href"] for a in page.inside(box, "a")]
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    order: int  # position of the start tag in the document
    end: int = 10**9  # position of the last element inside it
    parts: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.parts).split())

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[Element] = []
        self.open: list[Element] = []

    def handle_starttag(self, tag, attrs):
        element = Element(tag, {k: v or "" for k, v in attrs}, len(self.elements))
        self.elements.append(element)
        if tag in VOID:
            element.end = element.order
        else:
            self.open.append(element)

    def handle_endtag(self, tag):
        for i in range(len(self.open) - 1, -1, -1):
            if self.open[i].tag == tag:
                for closed in self.open[i:]:
                    closed.end = len(self.elements) - 1
                del self.open[i:]
                return

    def handle_data(self, data):
        for element in self.open:
            element.parts.append(data)


class Page:
    def __init__(self, html: str):
        reader = _Reader()
        reader.feed(html)
        reader.close()
        self.elements = reader.elements

    def by_id(self, element_id: str) -> Element:
        found = [e for e in self.elements if e.attrs.get("id") == element_id]
        assert len(found) == 1, f"expected one element with id={element_id!r}, found {len(found)}"
        return found[0]

    def has_id(self, element_id: str) -> bool:
        return any(e.attrs.get("id") == element_id for e in self.elements)

    def inside(self, container: Element, tag: str | None = None, *, cls: str | None = None,
               attr: str | None = None) -> list[Element]:
        """Elements inside `container`, in document order, filtered by tag, class or attribute name."""
        return _matching(self.elements[container.order + 1: container.end + 1], tag, cls, attr)

    def all(self, tag: str | None = None, *, cls: str | None = None, attr: str | None = None) -> list[Element]:
        return _matching(self.elements, tag, cls, attr)


def _matching(elements: list[Element], tag: str | None, cls: str | None, attr: str | None) -> list[Element]:
    return [e for e in elements
            if (tag is None or e.tag == tag) and (cls is None or cls in e.classes) and (attr is None or attr in e.attrs)]


FIELDS = ("input", "select", "textarea")
NOT_SENT = {"submit", "button", "image", "reset", "file"}


def submitted(page: Page, button: Element) -> tuple[str, list[tuple[str, str]]]:
    """Where pressing the submit `button` posts, and the pairs it sends, by the browser's rules: the button's form is the
    one its `form` attribute names, else the form around it; that form's fields (inside it with no `form` attribute, or
    anywhere naming it) in document order, a radio or checkbox only when checked, a select's chosen option, nothing
    disabled; then the button's own name and value. The address is the button's formaction, else the form's action."""
    named = button.attrs.get("form")
    form = page.by_id(named) if named else next(f for f in reversed(page.all("form")) if f.order < button.order <= f.end)
    assert form.tag == "form", f"{button.attrs} names no form"
    pairs: list[tuple[str, str]] = []
    for element in page.elements:
        owner = element.attrs.get("form")
        if element.tag not in FIELDS or "name" not in element.attrs or "disabled" in element.attrs:
            continue
        if not (owner == form.attrs.get("id") if owner else form.order < element.order <= form.end):
            continue
        kind = element.attrs.get("type", "text")
        if element.tag == "input" and (kind in NOT_SENT or (kind in ("radio", "checkbox") and "checked" not in element.attrs)):
            continue
        if element.tag == "select":
            options = page.inside(element, "option")
            chosen = next((o for o in options if "selected" in o.attrs), options[0] if options else None)
            if chosen is not None:
                pairs.append((element.attrs["name"], chosen.attrs.get("value", chosen.text)))
            continue
        pairs.append((element.attrs["name"], element.attrs.get("value", element.text if element.tag == "textarea" else "")))
    if "name" in button.attrs:
        pairs.append((button.attrs["name"], button.attrs.get("value", "")))
    return button.attrs.get("formaction") or form.attrs.get("action", ""), pairs


def language_switch(page: Page, lang: str) -> tuple[str, list[tuple[str, str]]]:
    """What the page's language switch posts for `lang`: its address and pairs (`submitted`)."""
    nav = page.by_id("language-switch")
    buttons = [b for b in page.inside(nav, "button") if b.attrs.get("lang") == lang]
    assert len(buttons) == 1, f"one switch button to {lang} expected, found {len(buttons)}"
    return submitted(page, buttons[0])
