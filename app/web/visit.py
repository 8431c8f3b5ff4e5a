"""Per-visit options that travel with the answers, never in a cookie: the partner and intake-desk mode.

The partner also decides who is shown first wherever help is offered (`Visit.host`): its contact, if it has one,
else the deployment's host organization.

A visit starts from the entry address (`/en/?partner=casa-ayuda&desk=1`); after that the options ride in
hidden form fields (`_partner`, `_desk`) and in the query of plain links. Neither carries personal data.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from fastapi import Request

from app.partners import Partner
from app.partners.origins import frame_ancestors
from app.referral.host_org import HostOrg
from app.web.deps import state_of
from app.web.security import FRAME_ANCESTORS_STATE

PARTNER_FIELD, DESK_FIELD = "_partner", "_desk"
PARTNER_PARAM, DESK_PARAM = "partner", "desk"
VISIT_STATE = "visit"


@dataclass(frozen=True)
class Visit:
    partner: Partner | None
    desk: bool
    desk_chosen: bool  # asked for on this visit (carried along), not configured for the deployment or partner
    frame_origins: tuple[str, ...]  # besides this site
    host: HostOrg | None  # shown first wherever help is offered: the partner's contact, else the deployment's host

    @property
    def partner_hosts(self) -> bool:
        """Whether the host shown is the partner's own contact."""
        return self.host is not None and self.partner is not None and self.host is self.partner.contact

    def carry(self) -> list[tuple[str, str]]:
        """Hidden form fields that keep the options on the next page."""
        pairs = [(PARTNER_FIELD, self.partner.id)] if self.partner else []
        return pairs + ([(DESK_FIELD, "1")] if self.desk_chosen else [])

    def query(self) -> str:
        """The same options for a plain link: "?partner=casa-ayuda&desk=1", or "" for the default."""
        params = [(PARTNER_PARAM, self.partner.id)] if self.partner else []
        params += [(DESK_PARAM, "1")] if self.desk_chosen else []
        return "?" + urlencode(params) if params else ""


def _visit(request: Request, partner_id: str | None, desk_flag: str | None) -> Visit:
    state = state_of(request)
    partner = state.partners.get(partner_id)  # an unknown id gets the default, never an error page
    chosen = desk_flag == "1"
    visit = Visit(
        partner=partner,
        desk=chosen or state.settings.desk_mode or bool(partner and partner.desk_mode),
        desk_chosen=chosen,
        frame_origins=tuple(dict.fromkeys([*state.settings.embed_origins, *(partner.origins if partner else ())])),
        host=(partner.contact if partner else None) or state.referral.host,
    )
    setattr(request.state, VISIT_STATE, visit)
    # The security headers read this when the response starts: only this partner's sites may frame the page.
    setattr(request.state, FRAME_ANCESTORS_STATE, frame_ancestors(visit.frame_origins))
    return visit


def remember_visit(request: Request, control: dict[str, str]) -> Visit:
    """The visit named by a posted form's control fields."""
    return _visit(request, control.get(PARTNER_FIELD), control.get(DESK_FIELD))


def visit_of(request: Request) -> Visit:
    """This request's visit: the posted one if the form was read, else the one in the address's query."""
    visit = getattr(request.state, VISIT_STATE, None)
    if visit is None:
        visit = _visit(request, request.query_params.get(PARTNER_PARAM), request.query_params.get(DESK_PARAM))
    return visit


def with_carried_fields(visit: Visit, context: dict[str, Any]) -> dict[str, Any]:
    """Adds the visit's hidden fields to every form that carries answers (`hidden`) and to the language switch."""
    carry = visit.carry()
    if not carry:
        return context
    context = dict(context)
    if "hidden" in context:
        context["hidden"] = [*context["hidden"], *carry]
    if context.get("switch"):
        context["switch"] = {**context["switch"], "control": [*context["switch"]["control"], *carry]}
    return context
