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
from app.referral.host_org import HostOrg
from app.web.state import AppState

PARTNER_FIELD, DESK_FIELD = "_partner", "_desk"
PARTNER_PARAM, DESK_PARAM = "partner", "desk"


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

    @property
    def options(self) -> tuple[str, bool]:
        """What a visit was built from (partner id, desk chosen): everything else follows from the deployment. The key
        of what is drawn once per visit kind (shared pages and pieces)."""
        return (self.partner.id if self.partner else "", self.desk_chosen)

    def carry(self) -> list[tuple[str, str]]:
        """Hidden form fields that keep the options on the next page."""
        pairs = [(PARTNER_FIELD, self.partner.id)] if self.partner else []
        return pairs + ([(DESK_FIELD, "1")] if self.desk_chosen else [])

    def query(self) -> str:
        """The same options for a plain link: "?partner=casa-ayuda&desk=1", or "" for the default."""
        params = [(PARTNER_PARAM, self.partner.id)] if self.partner else []
        params += [(DESK_PARAM, "1")] if self.desk_chosen else []
        return "?" + urlencode(params) if params else ""


def make_visit(state: AppState, partner_id: str | None, desk_flag: str | None) -> Visit:
    """The visit named by a partner id and a desk flag (from the address's query or a posted form's fields)."""
    partner = state.partners.get(partner_id)  # an unknown id gets the default, never an error page
    chosen = desk_flag == "1"
    return Visit(
        partner=partner,
        desk=chosen or state.settings.desk_mode or bool(partner and partner.desk_mode),
        desk_chosen=chosen,
        frame_origins=tuple(dict.fromkeys([*state.settings.embed_origins, *(partner.origins if partner else ())])),
        host=(partner.contact if partner else None) or state.referral.host,
    )


def visit_in_query(state: AppState, request: Request) -> Visit:
    """The visit of a plain link: `?partner=<id>&desk=1`."""
    return make_visit(state, request.query_params.get(PARTNER_PARAM), request.query_params.get(DESK_PARAM))


def visit_in_form(state: AppState, control: dict[str, str]) -> Visit:
    """The visit a posted form carries in its hidden fields."""
    return make_visit(state, control.get(PARTNER_FIELD), control.get(DESK_FIELD))


def with_carried_fields(visit: Visit, context: dict[str, Any]) -> dict[str, Any]:
    """Adds the visit's hidden fields to the form that carries the answers (`hidden`) and to a language switch that is
    a form of its own."""
    carry = visit.carry()
    if not carry:
        return context
    context = dict(context)
    if "hidden" in context:
        context["hidden"] = [*context["hidden"], *carry]
    if context.get("switch") and "control" in context["switch"]:
        context["switch"] = {**context["switch"], "control": [*context["switch"]["control"], *carry]}
    return context
