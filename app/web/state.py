"""The app's state, built once at start-up: settings, packs, catalogs, templates, referral set-up, partners, resume codes."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property

from fastapi import Request

from app.core import ResumeCodes
from app.core.advice import Advice
from app.partners import Partners
from app.policy import Packs
from app.referral.config import Referral
from app.settings import Settings
from app.web.i18n import Catalogs
from app.web.shared_pages import SharedPages
from app.web.templating import Templates


class BuildSlots:
    """At most `limit` PDFs made at once in this process (PDS_PDF_BUILDS): a request that finds no free slot is turned
    away at once, not queued, since a queue holds memory and keeps people waiting for PDFs some of them no longer
    want. Taken and given back only on the event loop's thread, so a plain count is enough."""

    def __init__(self, limit: int):
        self.limit = limit
        self.taken = 0

    @contextmanager
    def slot(self) -> Iterator[bool]:
        """True, holding a slot until the block ends; False when all are taken."""
        if self.taken >= self.limit:
            yield False
            return
        self.taken += 1
        try:
            yield True
        finally:
            self.taken -= 1


@dataclass(frozen=True)
class AppState:
    settings: Settings
    packs: Packs
    catalogs: Catalogs
    templates: Templates
    advice: Advice  # what is true now (present.yaml): urgent help, #today, next steps
    partners: Partners = Partners()
    referral: Referral = Referral(host=None, providers=())
    # Whole pages that show nothing of the person (rendering.SharedPages), filled as they are asked for.
    shared_pages: SharedPages = field(default_factory=lambda: SharedPages())
    pdf_builds: BuildSlots = field(default_factory=lambda: BuildSlots(2))

    @cached_property
    def resume_codes(self) -> ResumeCodes:
        """Made once: the codes' version is a hash of every pack's questions."""
        return ResumeCodes.for_policies(list(self.packs))


def state_of(request: Request) -> AppState:
    state: AppState = request.app.state.pds
    return state
