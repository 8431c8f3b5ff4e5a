"""Turns an engine Result into translated words: the one source of result text for pages and the API."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from app.core import Citation, Policy, Result
from app.web.i18n import _, format_date

ASSESSMENT_TEXT = {
    "may_be_priority": lambda: _(
        "Under this guidance, people in situations like yours may have been a priority for enforcement. "
        "That did not decide a case by itself. Officers still had to look at the whole story, and the "
        "things in your favor still mattered."
    ),
    "cannot_tell": lambda: _(
        "From your answers, we cannot tell how this guidance would have treated a situation like yours. "
        "Some answers were not sure or left out. A lawyer can help you find out."
    ),
    "may_fall_outside_priorities": lambda: _(
        "Under this guidance, people in situations like yours may have been outside the groups that ICE "
        "put first. This was never a promise. Officers still decided each case one by one."
    ),
}

ASSESSMENT_HEADING = {
    "may_be_priority": lambda: _("This guidance may have made a situation like yours a priority"),
    "cannot_tell": lambda: _("We cannot tell from your answers"),
    "may_fall_outside_priorities": lambda: _("A situation like yours may have been outside the priorities"),
}

STATUS_NAME = {
    "not_yet_in_force": lambda: _("Not yet in force"),
    "in_force": lambda: _("In force"),
    "blocked": lambda: _("Blocked"),
    "ended": lambda: _("Ended"),
}


def status_banner(status: str, since: date | None, as_of: date) -> str:
    """One plain sentence on where the guidance stood on the as-of date."""
    on = format_date(as_of)
    if status == "not_yet_in_force":
        return _("On %(date)s, this guidance had not started yet.") % {"date": on}
    since_text = format_date(since) if since else on
    if status == "in_force":
        return _("On %(date)s, this guidance was in force. It had been in force since %(since)s.") % {"date": on, "since": since_text}
    if status == "blocked":
        return _("On %(date)s, this guidance was blocked and ICE was not using it. It had been blocked since %(since)s.") % {"date": on, "since": since_text}
    return _(
        "This guidance ended on %(since)s. ICE does not follow it now. This page shows how it weighed "
        "situations like yours in the past. It cannot tell you what ICE will do today."
    ) % {"since": since_text}


def next_steps() -> list[str]:
    return [
        _("Talk to an immigration lawyer or a DOJ-accredited representative. Many nonprofit groups give free or low-cost help."),
        _("Do not go to a notario or notary for legal help. In the United States, a notary is not a lawyer and cannot help with immigration cases."),
        _("Gather the papers on the checklist below and bring them to your appointment."),
        _("Since 2025, ICE has asked judges to dismiss some cases and then arrested people for fast deportation. Do not ask for or agree to a dismissal of your case without a lawyer."),
    ]


@dataclass
class CitationView:
    title: str
    url: str
    pin: str | None


def cite(citations: tuple[Citation, ...]) -> list[CitationView]:
    # Titles are official document names and stay as published; only pins are our words.
    return [CitationView(c.title, c.url, _(c.pin) if c.pin else None) for c in citations]


@dataclass
class ResultView:
    """Everything a result page or API response says, translated into the current locale."""

    result: Result
    policy: Policy
    status_name: str
    status_text: str
    status_summary: str
    status_citations: list[CitationView]
    assessment_heading: str
    assessment_text: str
    urgent: list[dict] = field(default_factory=list)
    priorities: list[dict] = field(default_factory=list)
    unclear: list[dict] = field(default_factory=list)
    favorable: list[dict] = field(default_factory=list)
    aggravating: list[dict] = field(default_factory=list)
    unsure_questions: list[dict] = field(default_factory=list)
    next_steps: list[str] = field(default_factory=list)
    disclaimer: str = ""


def describe(result: Result, policy: Policy) -> ResultView:
    status, since = result.status, result.status_since  # as the engine found them on the as-of date
    period = next((p for p in policy.timeline if p.start == since), None)
    by_id = {f.id: f for f in policy.factors}
    categories = {p.id: p for p in policy.priorities}
    flags = {u.id: u for u in policy.urgent_flags}

    def factor_view(factor_id: str) -> dict:
        f = by_id[factor_id]
        return {
            "id": f.id,
            "kind": f.kind,
            "name": _(f.name),
            "explanation": _(f.explanation),
            "lawyer_note": _(f.lawyer_note) if f.lawyer_note else None,
            "documents": [_(d) for d in f.documents],
            "citations": cite(f.citations),
        }

    def category_view(category_id: str) -> dict:
        c = categories[category_id]
        return {"id": c.id, "name": _(c.name), "explanation": _(c.explanation), "citations": cite(c.citations)}

    return ResultView(
        result=result,
        policy=policy,
        status_name=STATUS_NAME[status](),
        status_text=status_banner(status, since, result.as_of),
        status_summary=_(period.summary) if period else "",
        status_citations=cite(period.citations) if period else cite(policy.documents),
        assessment_heading=ASSESSMENT_HEADING[result.assessment](),
        assessment_text=ASSESSMENT_TEXT[result.assessment](),
        urgent=[{"id": u, "title": _(flags[u].title), "action": _(flags[u].action)} for u in result.urgent],
        priorities=[category_view(c) for c in result.priorities],
        unclear=[category_view(c) for c in result.unclear],
        favorable=[factor_view(f) for f in result.favorable_factors],
        aggravating=[factor_view(f) for f in result.aggravating_factors],
        unsure_questions=[
            {"id": q, "text": _(question.text)} for q in result.unsure_questions if (question := policy.question(q))
        ],
        next_steps=next_steps(),
        disclaimer=_(
            "This is legal information, not legal advice. It describes past guidance. "
            "Only a lawyer or an accredited representative can tell you what applies to you."
        ),
    )
