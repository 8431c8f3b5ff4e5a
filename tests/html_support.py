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
