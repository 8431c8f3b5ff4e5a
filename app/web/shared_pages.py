"""What is the same for everyone, kept once drawn: whole pages that show nothing of the person (`SharedPages`)."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from threading import Lock
from typing import Any, TypeVar

T = TypeVar("T")


class SharedPages:
    """Pages that show nothing of the person (the start page, the first question, safety, help, embed), drawn once
    per language, visit options, site address and date and then sent as they are; at most `size` of them, the
    least recently used dropped first. Nothing a person answered is ever a key or a value here."""

    def __init__(self, size: int = 256, enabled: bool = True):
        self.size, self.enabled = size, enabled
        self._pages: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = Lock()  # the store stays whole should a page ever be drawn in a worker thread

    def get(self, key: Hashable, draw: Callable[[], T]) -> T:
        """What is kept under `key` (now the most recently used), else `draw()`, kept."""
        if not self.enabled:
            return draw()
        with self._lock:
            kept = self._pages.get(key)
            if kept is not None:
                self._pages.move_to_end(key)
                return kept
        page = draw()  # outside the lock: two first visitors may both draw it, and keep the same page
        with self._lock:
            self._pages[key] = page
            while len(self._pages) > self.size:
                self._pages.popitem(last=False)
        return page

    def __len__(self) -> int:
        return len(self._pages)
