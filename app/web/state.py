"""The app's state, built once at start-up: settings, packs, catalogs, templates, referral set-up, partners, resume codes."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from fastapi import Request

from app.core import ResumeCodes
from app.partners import Partners
from app.policy import Packs
from app.referral.config import Referral
from app.settings import Settings
from app.web.i18n import Catalogs
from app.web.shared_pages import SharedPages
from app.web.templating import Templates


@dataclass(frozen=True)
class AppState:
    settings: Settings
    packs: Packs
    catalogs: Catalogs
    templates: Templates
    partners: Partners = Partners()
    referral: Referral = Referral(host=None, providers=())
    # Whole pages that show nothing of the person (rendering.SharedPages), filled as they are asked for.
    shared_pages: SharedPages = field(default_factory=lambda: SharedPages())

    @cached_property
    def resume_codes(self) -> ResumeCodes:
        """Made once: the codes' version is a hash of every pack's questions."""
        return ResumeCodes.for_policies(list(self.packs))


def state_of(request: Request) -> AppState:
    state: AppState = request.app.state.pds
    return state
