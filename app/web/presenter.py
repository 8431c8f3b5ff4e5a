"""Turns an engine Result into translated words: typed sections in the order a person reads them.

The result page, the desk view, the PDF and the API all read the one `ResultView` this module builds, so
the order of a result and every domain sentence in it live here, translated once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from operator import attrgetter
from typing import ClassVar

from app.core import Citation, Policy, Result
from app.core.advice import Advice, AdviceItem, choose
from app.core.model import Answers, Expr, Factor, Priority
from app.referral.directories import N_
from app.web.i18n import _, format_date
from app.web.texts import PerLanguage

# One sentence each for #today: how the past guidance would have weighed answers like these. Never a label on the
# person, and worded so that it reads right for a person and for someone answering for them.
TODAY_MEANING = {
    "may_be_priority": N_(
        "Under this guidance, answers like these may have fit a group that ICE was told to put first. "
        "Only a lawyer can say for sure."),
    "cannot_tell": N_("From these answers, we cannot tell how this guidance would have weighed the case."),
    "may_fall_outside_priorities": N_(
        "Under this guidance, answers like these may not have fit the groups ICE was told to put first."),
}

ASSESSMENT_TEXT = {
    "may_be_priority": N_(
        "That did not decide a case by itself. Officers still had to look at the whole story, and the "
        "facts in a person's favor still counted."
    ),
    "cannot_tell": N_(
        "Some answers were “I'm not sure” or left out. A lawyer can help find out, for example by "
        "getting immigration or court records."
    ),
    "may_fall_outside_priorities": N_(
        "This was never a promise. Officers still decided each case one by one."
    ),
}

ASSESSMENT_HEADING = {
    "may_be_priority": N_("The answers may have fit a group this guidance put first"),
    "cannot_tell": N_("We cannot tell from the answers"),
    "may_fall_outside_priorities": N_("The answers may not have fit the groups this guidance put first"),
}

STATUS_NAME = {
    "not_yet_in_force": N_("Not yet in force"),
    "in_force": N_("In force"),
    "blocked": N_("Blocked"),
    "ended": N_("Ended"),
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
        "situations like these in the past. It cannot tell what ICE will do today."
    ) % {"since": since_text}


def today_sentences(result: Result, all_ended: date | None, meaning: str | None, present: list[str],
                    for_other: bool) -> list[str]:
    """#today: where the guidance stands (it protects no one now); what answers like these would have meant under it
    (`meaning`; none when urgent help shows, as it could read as comfort); what is true now (`present`, from
    present.yaml). When those facts were checked is `checked_note`'s."""
    if result.status != "ended":
        first = [status_banner(result.status, result.status_since, result.as_of)]
    elif result.status_since and all_ended and result.status_since < all_ended:
        first = [
            _("This guidance ended in %(year)s. The guidance that replaced it ended on %(date)s.")
            % {"year": result.status_since.year, "date": format_date(all_ended)},
            _("Neither protects anyone now."),
        ]
    else:
        first = [_("This guidance ended on %(date)s, and it protects no one now.")
                 % {"date": format_date(result.status_since or result.as_of)}]
    meanings = [meaning] if meaning else []
    if not present:  # before the present's facts hold: what the guidance said was all there was
        lawyer = [_("Only a lawyer or an accredited representative can tell what applies to the person.") if for_other
                  else _("Only a lawyer or an accredited representative can tell you what applies to you.")]
        return [*first, *meanings, *lawyer]
    return [*first, *meanings, *present]


def checked_note(checked: date | None, out_of_date: bool) -> list[str]:
    """Beneath #today: when its facts about today were last checked, and whether some may be out of date."""
    note = [_("Facts about today checked on %(date)s.") % {"date": format_date(checked)}] if checked else []
    if out_of_date:
        note.append(_("Some were checked more than six months before this date, so they may be out of date. "
                      "A lawyer will know what is true now."))
    return note


@dataclass(frozen=True)
class Link:
    text: str
    href: str


CONFIDENCE_NAME = {
    "C": N_("confirmed in the source"),
    "P": N_("supported by secondary sources"),
    "R": N_("reported, not confirmed"),
}


@dataclass(frozen=True)
class SourceView:
    citation: str  # a formal citation: stays as published
    url: str | None
    confidence: str  # C, P or R (policy brief's tags)
    confidence_name: str


def _longest_first(link: Link) -> int:
    return -len(link.text)


@dataclass(frozen=True)
class Said:
    """An item of what is true now in one language and one wording: its words with its contacts written in (so the
    API and the PDF carry them too), the contacts as links, its sources and when it was checked."""

    id: str
    title: str
    text: str
    links: tuple[Link, ...]
    sources: tuple[SourceView, ...]
    checked: date
    reveals: tuple[str, ...]

    @cached_property
    def parts(self) -> list[tuple[str, Link | None]]:
        """The text in pieces, each contact the sentence names as its link (for the page; found once per language and
        wording, as the items are kept per language)."""
        named = [link for link in self.links if link.text in self.text]
        if not named:
            return [(self.text, None)]
        pattern = "(" + "|".join(re.escape(link.text) for link in sorted(named, key=_longest_first)) + ")"
        by_text = {link.text: link for link in named}
        return [(piece, by_text.get(piece)) for piece in re.split(pattern, self.text) if piece]



def _said(item: AdviceItem, for_other: bool) -> Said:
    contacts = {contact.id: contact.text for contact in item.contacts}  # of both wordings: a text names what it needs
    title, text = item.say("title", for_other), item.say("text", for_other)
    return Said(
        id=item.id, title=_(title) if title else "", text=_(text) % contacts,
        links=tuple(Link(contact.text, contact.href) for contact in item.contacts),
        sources=tuple(SourceView(s.citation, s.url, s.confidence, _(CONFIDENCE_NAME[s.confidence])) for s in item.sources),
        checked=item.checked, reveals=item.reveals,
    )


def _advice_texts(advice: Advice) -> dict[tuple[str, bool], Said]:
    return {(item.id, for_other): _said(item, for_other) for item in advice.items for for_other in (False, True)}


# Every item of what is true now, in both wordings, resolved once per language (app/web/texts.py): never per person.
advice_texts: PerLanguage[dict[tuple[str, bool], Said]] = PerLanguage(_advice_texts)


# --------------------------------------------------------------------------- the pieces of a section


@dataclass(frozen=True)
class CitationView:
    title: str
    url: str | None
    pin: str | None


def cite(citations: tuple[Citation, ...]) -> tuple[CitationView, ...]:
    # Titles are official document names and stay as published; only pins are our words.
    return tuple(CitationView(c.title, c.url, _(c.pin) if c.pin else None) for c in citations)


@dataclass(frozen=True)
class StatusView:
    """Where the guidance stood on the as-of date."""

    status: str
    name: str
    text: str
    summary: str
    citations: tuple[CitationView, ...]


@dataclass(frozen=True)
class UrgentItem:
    id: str  # the contract's flag
    said: Said

    title = property(attrgetter("said.title"))
    action = property(attrgetter("said.text"))
    parts = property(attrgetter("said.parts"))
    links = property(attrgetter("said.links"))
    sources = property(attrgetter("said.sources"))
    checked = property(attrgetter("said.checked"))


@dataclass(frozen=True)
class CategoryView:
    id: str
    name: str
    explanation: str
    relation: str  # how the answers relate to what the category covered
    citations: tuple[CitationView, ...]  # tuples: these views are kept and shared by every request
    private: bool = False  # drawn from the entry or criminal-history answers


@dataclass(frozen=True)
class FactorView:
    id: str
    kind: str
    name: str
    explanation: str
    lawyer_note: str | None
    documents: tuple[str, ...]
    citations: tuple[CitationView, ...]
    private: bool = False


@dataclass(frozen=True)
class UnsureQuestion:
    id: str
    text: str


# --------------------------------------------------------------------------- sections, in reading order
# Each section names its template (`partials/result/<template>.html`) and the PDF's writer; `kind` names the
# section itself (the factors template draws both "favorable" and "aggravating").


@dataclass(frozen=True)
class UrgentSection:
    heading: str
    call: str
    flags: list[UrgentItem]
    kind: str = "urgent"
    template: ClassVar[str] = "urgent"


@dataclass(frozen=True)
class TodaySection:
    heading: str
    sentences: list[str]
    note: list[str] = field(default_factory=list)  # when its facts about today were checked (small print)
    kind: str = "today"
    template: ClassVar[str] = "today"


@dataclass(frozen=True)
class CallSection:
    heading: str
    urgent: bool
    flags: tuple[str, ...]  # the urgent flags, for the national routes an urgent case needs
    kind: str = "call"
    template: ClassVar[str] = "call"


@dataclass(frozen=True)
class NextStepsSection:
    heading: str
    steps: list[Said]
    kind: str = "next_steps"
    template: ClassVar[str] = "next_steps"

    @property
    def sources(self) -> list[SourceView]:
        """Every source of the steps, once each, in the order they first come."""
        return list(dict.fromkeys(source for step in self.steps for source in step.sources))

    @property
    def checked(self) -> date | None:
        return max((step.checked for step in self.steps), default=None)


@dataclass(frozen=True)
class AssessmentSection:
    heading: str
    basis: str  # which guidance, on which date
    assessment: str
    verdict: str
    text: str
    status: StatusView
    priorities: list[CategoryView]
    kind: str = "assessment"
    template: ClassVar[str] = "assessment"


@dataclass(frozen=True)
class FactorsSection:
    heading: str
    intro: str
    factors: list[FactorView]
    kind: str  # "favorable" or "aggravating"
    template: ClassVar[str] = "factors"

    @property
    def favorable(self) -> bool:
        return self.kind == "favorable"


@dataclass(frozen=True)
class UnclearSection:
    """What the answers leave open, said as the questions a lawyer will ask about (issue 24): one line a category,
    never a heading that names a frightening category as if it applied."""

    heading: str
    categories: list[CategoryView]
    unsure_questions: list[UnsureQuestion]
    some_unanswered: bool
    asks: list[UnclearAsk] = field(default_factory=list)
    kind: str = "unclear"
    template: ClassVar[str] = "unclear"


@dataclass(frozen=True)
class UnclearAsk:
    id: str  # the category left open (the page's `unclear-<id>`)
    questions: list[str]  # the questions its rule reads that were answered "not sure" or not at all; none: the record


@dataclass(frozen=True)
class ChecklistSection:
    heading: str
    factors: list[FactorView]
    for_other: bool = False  # worded for someone answering for another person
    kind: str = "checklist"
    template: ClassVar[str] = "checklist"


@dataclass(frozen=True)
class DisclaimerSection:
    text: str
    kind: str = "disclaimer"
    template: ClassVar[str] = "disclaimer"


Section = (UrgentSection | TodaySection | CallSection | NextStepsSection | AssessmentSection | FactorsSection
           | UnclearSection | ChecklistSection | DisclaimerSection)


@dataclass(frozen=True)
class ResultView:
    """A result in the current locale: the sections in reading order, and the parts the API names."""

    result: Result
    policy: Policy
    answers: Answers
    status: StatusView
    sections: list[Section]
    urgent: list[UrgentItem] = field(default_factory=list)
    priorities: list[CategoryView] = field(default_factory=list)
    unclear: list[CategoryView] = field(default_factory=list)
    favorable: list[FactorView] = field(default_factory=list)
    aggravating: list[FactorView] = field(default_factory=list)
    unsure_questions: list[UnsureQuestion] = field(default_factory=list)
    steps: list[Said] = field(default_factory=list)
    today: list[str] = field(default_factory=list)
    facts_checked: date | None = None  # when the facts about today shown were last checked (None: none shown)
    facts_may_be_out_of_date: bool = False
    disclaimer: str = ""
    for_other: bool = False  # someone answering for another person

    # The API's names for the status, the assessment and the next steps.
    status_name = property(attrgetter("status.name"))
    status_text = property(attrgetter("status.text"))
    status_summary = property(attrgetter("status.summary"))
    status_citations = property(attrgetter("status.citations"))
    assessment_heading = property(attrgetter("assessment.verdict"))
    assessment_text = property(attrgetter("assessment.text"))
    next_steps = property(attrgetter("steps"))

    def section(self, kind: str) -> Section | None:
        return next((s for s in self.sections if s.kind == kind), None)

    @property
    def assessment(self) -> AssessmentSection:
        section = self.section("assessment")
        assert isinstance(section, AssessmentSection)
        return section


# The answers a person may leave out of the PDF: how they entered, and their criminal history with its follow-ups.
PRIVATE_QUESTIONS = frozenset({"entry_date", "entry_manner", "criminal_history"})
# The contract's question of who the answers describe (wording only: no rule reads it).
ANSWERING_FOR = "answering_for"


def answering_for_someone_else(answers: Answers) -> bool:
    return answers.get(ANSWERING_FOR) == "someone_else"


def questions_read(expr: Expr | None) -> set[str]:
    """The question ids a rule reads."""
    return set() if expr is None else set(expr.reads)


def private_questions(policy: Policy) -> set[str]:
    """PRIVATE_QUESTIONS and every question asked only because of one of them."""
    return {q.id for q in policy.questions if q.id in PRIVATE_QUESTIONS or questions_read(q.condition) & PRIVATE_QUESTIONS}


def _status(policy: Policy, result: Result) -> StatusView:
    # The engine has already placed the as-of date on the timeline: find that period's words by its start.
    period = next((p for p in policy.timeline if p.start == result.status_since), None)
    return StatusView(
        status=result.status,
        name=_(STATUS_NAME[result.status]),
        text=status_banner(result.status, result.status_since, result.as_of),
        summary=_(period.summary) if period else "",
        citations=cite(period.citations) if period else cite(policy.documents),
    )


def reported_note() -> str:
    return _("This rests on reports of the 2021 guidelines. We could not check it in the guidelines themselves.")


def reported_priority_note() -> str:
    # Only the weapon and prior-record parts of a priority's rule rest on [R] facts (policy brief §3).
    return _("The weapon and the more-than-one-conviction parts rest on reports of the guidelines. We could not "
             "check them in the guidelines themselves.")


def priority_relation(category_id: str) -> str:
    """How the answers relate to a priority they may have matched; hedged where the tool drew its own lines."""
    if category_id == "public_safety":
        return _("Some of the answers are signs this priority looked at. Whether it covered a case depended on "
                 "facts this tool does not ask.")
    return _("The answers match what it covered.")


@dataclass(frozen=True)
class PackViews:
    """Every factor and priority of a pack in one language, as the result shows them (`pack_views`); the factors in
    both wordings (`factors_for`)."""

    private: frozenset[str]
    factors: dict[str, FactorView]
    factors_other: dict[str, FactorView]  # worded for someone answering for another person
    priorities: dict[str, CategoryView]  # with how the answers relate to a priority they may have matched
    unclear: dict[str, CategoryView]  # with "the answers leave this open"

    def factors_for(self, for_other: bool) -> dict[str, FactorView]:
        return self.factors_other if for_other else self.factors


def _pack_views(policy: Policy) -> PackViews:
    private = private_questions(policy)

    def factor_view(f: Factor, for_other: bool) -> FactorView:
        explanation = _(f.say("explanation", for_other)) + (" " + reported_note() if f.reported else "")
        return FactorView(f.id, f.kind, _(f.say("name", for_other)), explanation,
                          _(f.lawyer_note) if f.lawyer_note else None, tuple(_(d) for d in f.documents_for(for_other)),
                          cite(f.citations), private=bool(questions_read(f.when) & private))

    def category_view(c: Priority, relation: str) -> CategoryView:
        explanation = _(c.explanation) + (" " + reported_priority_note() if c.reported else "")
        return CategoryView(c.id, _(c.name), explanation, relation, cite(c.citations),
                            private=bool(questions_read(c.may_apply) & private))

    leave_open = _("The answers leave this open.")
    return PackViews(frozenset(private), {f.id: factor_view(f, False) for f in policy.factors},
                     {f.id: factor_view(f, True) for f in policy.factors},
                     {c.id: category_view(c, priority_relation(c.id)) for c in policy.priorities},
                     {c.id: category_view(c, leave_open) for c in policy.priorities})


# Every factor and priority of a pack, resolved once per language (app/web/texts.py): never per person.
pack_views: PerLanguage[PackViews] = PerLanguage(_pack_views)


def describe(result: Result, policy: Policy, *, advice: Advice, leave_out_private: bool = False) -> ResultView:
    """The result as sections in reading order, with what is true now (`advice`, present.yaml) for the answers that
    counted (`result.counted`) on the result's as-of date; `leave_out_private` drops what the entry and
    criminal-history answers raised or reveal."""
    answers = result.counted
    for_other = answering_for_someone_else(answers)
    views = pack_views(policy)
    private = views.private
    said = advice_texts(advice)
    chosen = choose(advice, result, answers)

    def kept(items: list) -> list:
        return [item for item in items if not (leave_out_private and item.private)]

    def shown(items: tuple[AdviceItem, ...]) -> list[Said]:
        return [said[item.id, for_other] for item in items if not (leave_out_private and item.reveals)]

    status = _status(policy, result)
    urgent = [UrgentItem(item.flag or item.id, said[item.id, for_other]) for item in chosen.urgent
              if not (leave_out_private and item.reveals)]
    priorities = kept([views.priorities[c] for c in result.priorities])
    unclear = kept([views.unclear[c] for c in result.unclear])
    factors = views.factors_for(for_other)
    favorable = kept([factors[f] for f in result.favorable_factors])
    aggravating = kept([factors[f] for f in result.aggravating_factors])
    unsure = [UnsureQuestion(q.id, _(q.say("text", for_other))) for q in map(policy.question, result.unsure_questions)
              if q is not None and not (leave_out_private and q.id in private)]
    steps = shown(chosen.next_steps)
    present = [item.text for item in shown(chosen.today)]
    checked = chosen.last_checked()
    out_of_date = chosen.out_of_date(result.as_of)
    disclaimer = _(
        "This is legal information, not legal advice. It describes past guidance. "
        "Only a lawyer or an accredited representative can tell what applies to the person."
    ) if for_other else _(
        "This is legal information, not legal advice. It describes past guidance. "
        "Only a lawyer or an accredited representative can tell you what applies to you."
    )
    # What answers like these meant under the guidance: not beside urgent help (it could read as comfort), and never
    # in a paper that leaves out the answers it rests on.
    left_out = _("This summary leaves out the answers about entry and criminal history, and what they showed.")
    # Nor beside a criminal record: what the past guidance made of it could read as comfort while the record carries
    # risks today (second legal-aid read, H1).
    record = answers.get("criminal_history") in ("arrest_only", "conviction", "not_sure")
    meaning = left_out if leave_out_private else None if urgent or record else _(TODAY_MEANING[result.assessment])
    today = today_sentences(result, advice.all_guidance_ended, meaning, present, for_other)
    verdict, assessment_text = _(ASSESSMENT_HEADING[result.assessment]), _(ASSESSMENT_TEXT[result.assessment])
    if result.assessment == "may_fall_outside_priorities" and answers.get("criminal_history") == "conviction":
        # Policy brief §3: some convictions (an aggravated felony, drug trafficking) need no sign this tool asks about.
        assessment_text += " " + _(
            "But some convictions, like drug trafficking, could fall in the public safety priority even without "
            "the signs this tool asks about. Only a lawyer can tell.")
    if leave_out_private:  # how the guidance weighed the rest could reveal what was left out: say so instead
        verdict, assessment_text = _("Some answers are left out"), left_out

    if result.status == "ended":
        # The guidance ended: say how it weighed answers like these, never as if it applied on the as-of date.
        basis = _("How this guidance weighed answers like these before it ended on %(date)s: %(policy)s.") % {
            "policy": _(policy.short_title), "date": format_date(result.status_since or result.as_of)}
    else:
        basis = _("Based on %(policy)s, as of %(date)s.") % {"policy": _(policy.short_title), "date": format_date(result.as_of)}
    favorable_intro = _("These facts can still help a lawyer, for example to ask for more time or for relief.")
    if policy.factors_note and answers.get("criminal_history") != "conviction":
        favorable_intro += " " + _(policy.factors_note)

    sections: list[Section] = []
    if urgent:
        sections.append(UrgentSection(_("Get help from a lawyer now"), _("Call a lawyer or a free legal help group today."), urgent))
    note = checked_note(checked, out_of_date) if present else []
    sections.append(TodaySection(_("What this means today"), today, note))
    sections.append(CallSection(_("Who to call"), bool(urgent), result.urgent))
    sections.append(NextStepsSection(_("What to do next"), steps))
    sections.append(AssessmentSection(
        heading=_("How this guidance weighed the answers"), assessment=result.assessment,
        basis=basis, verdict=verdict, text=assessment_text, status=status, priorities=priorities,
    ))
    if favorable:
        sections.append(FactorsSection(
            _("What the guidance counted in the person's favor") if for_other else _("What the guidance counted in your favor"),
            favorable_intro, favorable, "favorable"))
    if aggravating:
        sections.append(FactorsSection(
            _("What the guidance weighed against a person"),
            _("These facts did not decide a case. The guidance said to look at the whole story."), aggravating, "aggravating"))
    if unclear:
        open_questions = set(result.unsure_questions) | set(result.unanswered_questions)
        rules = {c.id: c.may_apply for c in policy.priorities}
        asks = [UnclearAsk(c.id, [_(q.say("text", for_other)) for q in policy.questions
                                  if q.id in open_questions and q.id in rules[c.id].reads
                                  and not (leave_out_private and q.id in private)]) for c in unclear]
        sections.append(UnclearSection(_("What a lawyer will ask about"), unclear, unsure, bool(result.unanswered_questions),
                                       asks))
    sections.append(ChecklistSection(_("What to bring to a lawyer"), favorable, for_other))
    sections.append(DisclaimerSection(disclaimer))

    return ResultView(result=result, policy=policy, answers=answers, status=status, sections=sections, urgent=urgent,
                      priorities=priorities, unclear=unclear, favorable=favorable, aggravating=aggravating,
                      unsure_questions=unsure, steps=steps, today=[*today, *note], facts_checked=checked if present or steps else None,
                      facts_may_be_out_of_date=out_of_date, disclaimer=disclaimer, for_other=for_other)
