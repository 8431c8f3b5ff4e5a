"""Pages that show nothing of the person, kept once drawn (see `SharedPages`)."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from threading import Lock


class SharedPages:
    """Pages that show nothing of the person (the start page, the first question, safety, help, embed), drawn once
    per language, visit options, site address and date and then sent as they are; at most `size` of them, the
    least recently used dropped first. Nothing a person answered is ever a key or a value here."""

    def __init__(self, size: int = 256, enabled: bool = True):
        self.size, self.enabled = size, enabled
        self._pages: OrderedDict[Hashable, str] = OrderedDict()
        self._lock = Lock()  # the PDF route's thread pool may render too

    def get(self, key: Hashable, draw: Callable[[], str]) -> str:
        if not self.enabled:
            return draw()
        with self._lock:
            html = self._pages.get(key)
            if html is not None:
                self._pages.move_to_end(key)
                return html
        html = draw()
        with self._lock:
            self._pages[key] = html
            while len(self._pages) > self.size:
                self._pages.popitem(last=False)
        return html

    def __len__(self) -> int:
        return len(self._pages)
