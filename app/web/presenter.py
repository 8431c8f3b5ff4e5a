"""Turns an engine Result into translated words: typed sections in the order a person reads them.

The result page, the desk view, the PDF and the API all read the one `ResultView` this module builds, so
the order of a result and every domain sentence in it live here, translated once.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import ClassVar

from app.core import Citation, Policy, Result, relevant_answers
from app.core.model import Answers, Expr, Factor, Priority
from app.referral import directories as official
from app.web.i18n import _, format_date
from app.web.texts import PerLanguage

# Executive Order 14159 (policy brief §2): from this date no pack's guidance, nor any that replaced it, was in force.
ALL_GUIDANCE_ENDED = date(2025, 1, 20)

# One sentence each for #today: what the answers would have meant under the guidance. Never a label on the person.
TODAY_MEANING = {
    "may_be_priority": lambda: _(
        "Under this guidance, your answers may have fit a group that ICE was told to put first. "
        "Only a lawyer can say for sure."),
    "cannot_tell": lambda: _("From your answers, we cannot tell how it would have weighed a case like yours."),
    "may_fall_outside_priorities": lambda: _(
        "Under this guidance, your answers did not fit the groups ICE was told to put first. That was never a promise."),
}

ASSESSMENT_TEXT = {
    "may_be_priority": lambda: _(
        "That did not decide a case by itself. Officers still had to look at the whole story, and the "
        "facts in a person's favor still counted."
    ),
    "cannot_tell": lambda: _(
        "Some answers were “I'm not sure” or left out. A lawyer can help you find out, for example by "
        "getting your immigration or court records."
    ),
    "may_fall_outside_priorities": lambda: _(
        "This was never a promise. Officers still decided each case one by one."
    ),
}

ASSESSMENT_HEADING = {
    "may_be_priority": lambda: _("Your answers may have fit a group this guidance put first"),
    "cannot_tell": lambda: _("We cannot tell from your answers"),
    "may_fall_outside_priorities": lambda: _("Your answers did not fit the groups this guidance put first"),
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


def today_sentences(result: Result) -> list[str]:
    """#today: the guidance protects no one now; what the answers would have meant; why a lawyer matters more."""
    if result.status != "ended":
        first = [status_banner(result.status, result.status_since, result.as_of)]
        lawyer = _("Only a lawyer or an accredited representative can tell you what applies to you.")
    elif result.status_since and result.status_since < ALL_GUIDANCE_ENDED:
        first = [
            _("This guidance ended in %(year)s, and the guidance that replaced it ended on %(date)s.")
            % {"year": result.status_since.year, "date": format_date(ALL_GUIDANCE_ENDED)},
            _("Neither protects anyone now."),
        ]
        lawyer = _("Today ICE sets its own priorities. So a lawyer's help matters more than ever.")
    else:
        first = [_("This guidance ended on %(date)s, and it protects no one now.")
                 % {"date": format_date(result.status_since or ALL_GUIDANCE_ENDED)}]
        lawyer = _("Today ICE sets its own priorities. So a lawyer's help matters more than ever.")
    return [*first, TODAY_MEANING[result.assessment](), lawyer]


@dataclass(frozen=True)
class Link:
    text: str
    href: str


COURT_SITE = "acis.eoir.justice.gov"
FTC_SITE, FTC_SITE_ES = "ReportFraud.ftc.gov", "ReporteFraude.ftc.gov"
LOCATOR_SITE = "locator.ice.gov/odls"
# The contacts a step's words name; each is written out in the sentence, so the API and the PDF carry it too.
CONTACTS = {"phone": official.COURT_INFO_PHONE, "site": COURT_SITE, "ftc_phone": official.FTC_PHONE,
            "ftc_site": FTC_SITE, "ftc_site_es": FTC_SITE_ES, "locator": LOCATOR_SITE}


def _court_links() -> tuple[Link, ...]:
    return (Link(official.COURT_INFO_PHONE, official.COURT_INFO_TEL), Link(COURT_SITE, official.COURT_INFO_URL))


def _answer(answers: Answers, question_id: str) -> str | tuple[str, ...] | None:
    return answers.get(question_id)


@dataclass(frozen=True)
class StepRule:
    """A next step: when the (relevant) answers call for it, its words, and the links that go with it."""

    id: str
    applies: Callable[[Answers], bool]
    words: Callable[[], str]
    links: Callable[[], tuple[Link, ...]] = lambda: ()

    def text(self) -> str:
        """The step's words with its contacts written in."""
        return self.words() % CONTACTS


CONVICTION_ANSWERS = ("conviction", "arrest_only", "not_sure")

# In reading order. Policy brief §6 says which facts each step rests on.
NEXT_STEPS: tuple[StepRule, ...] = (
    StepRule("lawyer", lambda a: True, lambda: _(
        "Talk to an immigration lawyer or a DOJ-accredited representative. Many groups help for free or at low cost.")),
    StepRule("court_dismissal", lambda a: _answer(a, "court_case") == "yes", lambda: _(
        "Do not ask for or agree to a dismissal of your case without a lawyer. Since May 2025, ICE has arrested "
        "some people right after a judge dismissed their case, to deport them fast.")),
    StepRule("court_check", lambda a: _answer(a, "court_case") == "yes", lambda: _(
        "Check your next hearing: call %(phone)s or go to %(site)s. You need your A-number. It is at the top "
        "right of your Notice to Appear."), _court_links),
    # Policy brief §6: the court's line shows only what an immigration judge ordered, not an officer's order.
    StepRule("find_out", lambda a: _answer(a, "court_case") in ("not_sure", None), lambda: _(
        "To find out if you have a court case or an order, call the court's line at %(phone)s or go to "
        "%(site)s. You need your A-number. It starts with an A and is on papers from immigration. The court's "
        "line shows only cases and orders from an immigration judge. An order from an officer, for example at "
        "the border, does not show there. A lawyer can ask for your records."),
        _court_links),
    StepRule("find_out",
             lambda a: _answer(a, "court_case") not in ("not_sure", None) and _answer(a, "removal_order") == "not_sure",
             lambda: _(
        "To find out if you have an order, call the court's line at %(phone)s or go to %(site)s. You need "
        "your A-number. It starts with an A and is on papers from immigration. The court's line shows only "
        "cases and orders from an immigration judge. An order from an officer, for example at the border, does "
        "not show there. A lawyer can ask for your records."),
        _court_links),
    StepRule("sign_nothing", lambda a: _answer(a, "court_case") in ("no", "not_sure"), lambda: _(
        "Do not sign any paper from ICE until a lawyer has read it.")),
    StepRule("detainee_locator", lambda a: _answer(a, "detained") == "yes", lambda: _(
        "Family can find a person in ICE detention with ICE's online locator, %(locator)s. Search by A-number "
        "and country of birth, or by exact full name and country of birth. It does not show anyone under 18. It also lists "
        "people released in the last 60 days. So a listing does not always mean the person is still detained."),
        lambda: (Link(LOCATOR_SITE, official.DETAINEE_LOCATOR_URL),)),
    # Matter of Yajure Hurtado, 29 I&N Dec. 216 (BIA 2025): binds immigration judges (policy brief §6).
    StepRule("no_bond_hearing", lambda a: _answer(a, "entry_manner") == "not_inspected", lambda: _(
        "Since September 2025, most people who came in without being checked by an officer cannot get a bond "
        "hearing from an immigration judge. If you or a family member is detained, ask a lawyer if release is "
        "possible. One way may be a federal court.")),
    StepRule("what_counts_as_conviction", lambda a: _answer(a, "criminal_history") in CONVICTION_ANSWERS, lambda: _(
        "For immigration, a case can count as a conviction even if the court did not call it one. A guilty or "
        "no contest plea can count, even if the judge put off the judgment or gave only probation. An expunged "
        "case may still count. Show a lawyer the court papers of every case.")),
    StepRule("green_card_conviction",
             lambda a: _answer(a, "lpr") == "yes" and _answer(a, "criminal_history") == "conviction", lambda: _(
        "You have a green card and a conviction. See a lawyer before you leave the United States, and before "
        "you apply for anything with USCIS, such as citizenship.")),
    # Policy brief §6: deferred adjudication after a guilty plea usually counts as a conviction.
    StepRule("green_card_conviction",
             lambda a: _answer(a, "lpr") == "yes" and _answer(a, "criminal_history") in ("arrest_only", "not_sure"),
             lambda: _(
        "You have a green card and a past arrest or charge. For immigration it may count as a conviction. See a "
        "lawyer before you leave the US and before you apply for anything with USCIS, such as citizenship.")),
    StepRule("no_notario", lambda a: True, lambda: _(
        "Do not go to a notario or notary for legal help. In the US, a notary is not a lawyer. A "
        "notary cannot give legal advice or choose or fill in your forms.")),
    StepRule("report_fraud", lambda a: True, lambda: _(
        "If someone tried to cheat you, report it to the FTC. Call %(ftc_phone)s or go to %(ftc_site)s (English) "
        "or %(ftc_site_es)s (Spanish)."),
        lambda: (Link(official.FTC_PHONE, official.FTC_TEL), Link(FTC_SITE, official.FTC_REPORT_URL),
                 Link(FTC_SITE_ES, official.FTC_REPORT_URL_ES))),
)


def _every_step() -> tuple[NextStep, ...]:
    return tuple(NextStep(rule.id, rule.text(), tuple(rule.links())) for rule in NEXT_STEPS)


# Every step's words, resolved once per language (app/web/texts.py), in NEXT_STEPS's order: by place, not by id,
# as two rules may share an id and say it differently (a court case or an order; only an order).
every_step: PerLanguage[tuple[NextStep, ...]] = PerLanguage(_every_step)


def next_steps(answers: Answers) -> list[NextStep]:
    """The steps these answers call for, in reading order."""
    return [step for step, rule in zip(every_step(), NEXT_STEPS, strict=True) if rule.applies(answers)]


# --------------------------------------------------------------------------- the pieces of a section


@dataclass(frozen=True)
class CitationView:
    title: str
    url: str
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
    id: str
    title: str
    action: str


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


@dataclass(frozen=True)
class NextStep:
    id: str
    text: str  # with its contacts written in
    links: tuple[Link, ...]

    @cached_property
    def parts(self) -> list[tuple[str, Link | None]]:
        """The text in pieces, each contact the sentence names as its link (for the page; found once per language, as
        the steps are kept per language)."""
        named = [link for link in self.links if link.text in self.text]
        if not named:
            return [(self.text, None)]
        pattern = "(" + "|".join(re.escape(link.text) for link in sorted(named, key=lambda found: -len(found.text))) + ")"
        by_text = {link.text: link for link in named}
        return [(piece, by_text.get(piece)) for piece in re.split(pattern, self.text) if piece]


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
    steps: list[NextStep]
    kind: str = "next_steps"
    template: ClassVar[str] = "next_steps"


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
    heading: str
    categories: list[CategoryView]
    unsure_questions: list[UnsureQuestion]
    some_unanswered: bool
    kind: str = "unclear"
    template: ClassVar[str] = "unclear"


@dataclass(frozen=True)
class ChecklistSection:
    heading: str
    factors: list[FactorView]
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
    steps: list[NextStep] = field(default_factory=list)
    disclaimer: str = ""

    # The API's names for the status, the assessment and the next steps.
    status_name = property(lambda self: self.status.name)
    status_text = property(lambda self: self.status.text)
    status_summary = property(lambda self: self.status.summary)
    status_citations = property(lambda self: self.status.citations)
    assessment_heading = property(lambda self: self.assessment.verdict)
    assessment_text = property(lambda self: self.assessment.text)
    next_steps = property(lambda self: [step.text for step in self.steps])

    def section(self, kind: str) -> Section | None:
        return next((s for s in self.sections if s.kind == kind), None)

    @property
    def assessment(self) -> AssessmentSection:
        section = self.section("assessment")
        assert isinstance(section, AssessmentSection)
        return section


# The answers a person may leave out of the PDF: how they entered, and their criminal history with its follow-ups.
PRIVATE_QUESTIONS = frozenset({"entry_date", "entry_manner", "criminal_history"})


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
        name=STATUS_NAME[result.status](),
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
        return _("Some of your answers are signs this priority looked at. Whether it covered a case depended on "
                 "facts this tool does not ask.")
    return _("Your answers match what it covered.")


@dataclass(frozen=True)
class PackViews:
    """Every factor and priority of a pack in one language, as the result shows them (`pack_views`)."""

    private: frozenset[str]
    factors: dict[str, FactorView]
    priorities: dict[str, CategoryView]  # with how the answers relate to a priority they may have matched
    unclear: dict[str, CategoryView]  # with "your answers leave this open"


def _pack_views(policy: Policy) -> PackViews:
    private = private_questions(policy)

    def factor_view(f: Factor) -> FactorView:
        explanation = _(f.explanation) + (" " + reported_note() if f.reported else "")
        return FactorView(f.id, f.kind, _(f.name), explanation, _(f.lawyer_note) if f.lawyer_note else None,
                          tuple(_(d) for d in f.documents), cite(f.citations), private=bool(questions_read(f.when) & private))

    def category_view(c: Priority, relation: str) -> CategoryView:
        explanation = _(c.explanation) + (" " + reported_priority_note() if c.reported else "")
        return CategoryView(c.id, _(c.name), explanation, relation, cite(c.citations),
                            private=bool(questions_read(c.may_apply) & private))

    leave_open = _("Your answers leave this open.")
    return PackViews(frozenset(private), {f.id: factor_view(f) for f in policy.factors},
                     {c.id: category_view(c, priority_relation(c.id)) for c in policy.priorities},
                     {c.id: category_view(c, leave_open) for c in policy.priorities})


# Every factor and priority of a pack, resolved once per language (app/web/texts.py): never per person.
pack_views: PerLanguage[PackViews] = PerLanguage(_pack_views)


def describe(result: Result, policy: Policy, answers: Answers | None = None, *, leave_out_private: bool = False) -> ResultView:
    """The result as sections in reading order; `leave_out_private` drops what the entry and criminal-history answers raised."""
    answers = relevant_answers(policy, answers or {})
    views = pack_views(policy)
    private = views.private
    flags = {u.id: u for u in policy.urgent_flags}

    def kept(items: list) -> list:
        return [item for item in items if not (leave_out_private and item.private)]

    status = _status(policy, result)
    urgent = [UrgentItem(u, _(flags[u].title), _(flags[u].action)) for u in result.urgent]
    priorities = kept([views.priorities[c] for c in result.priorities])
    unclear = kept([views.unclear[c] for c in result.unclear])
    favorable = kept([views.factors[f] for f in result.favorable_factors])
    aggravating = kept([views.factors[f] for f in result.aggravating_factors])
    unsure = [UnsureQuestion(q.id, _(q.text)) for q in map(policy.question, result.unsure_questions)
              if q is not None and not (leave_out_private and q.id in private)]
    steps = [step for step in next_steps(answers)
             if not (leave_out_private and step.id in ("no_bond_hearing", "what_counts_as_conviction", "green_card_conviction"))]
    disclaimer = _(
        "This is legal information, not legal advice. It describes past guidance. "
        "Only a lawyer or an accredited representative can tell you what applies to you."
    )
    today = today_sentences(result)
    verdict, assessment_text = ASSESSMENT_HEADING[result.assessment](), ASSESSMENT_TEXT[result.assessment]()
    if result.assessment == "may_fall_outside_priorities" and answers.get("criminal_history") == "conviction":
        # Policy brief §3: some convictions (an aggravated felony, drug trafficking) need no sign this tool asks about.
        assessment_text += " " + _(
            "But some convictions, like drug trafficking, could fall in the public safety priority even without "
            "the signs this tool asks about. Only a lawyer can tell.")
    if leave_out_private:
        # How the guidance weighed the rest could reveal what was left out: say so instead.
        left_out = _("This summary leaves out the answers about entry and criminal history, and what they showed.")
        today[-2] = left_out
        verdict, assessment_text = _("Some answers are left out"), left_out

    sections: list[Section] = []
    if urgent:
        sections.append(UrgentSection(_("Get help from a lawyer now"), _("Call a lawyer or a free legal help group today."), urgent))
    sections.append(TodaySection(_("What this means today"), today))
    sections.append(CallSection(_("Who to call"), bool(urgent), result.urgent))
    sections.append(NextStepsSection(_("What to do next"), steps))
    sections.append(AssessmentSection(
        heading=_("How this guidance weighed your answers"), assessment=result.assessment,
        basis=_("Based on %(policy)s, as of %(date)s.") % {"policy": _(policy.short_title), "date": format_date(result.as_of)},
        verdict=verdict, text=assessment_text, status=status, priorities=priorities,
    ))
    if favorable:
        sections.append(FactorsSection(
            _("What the guidance counted in your favor"),
            _("These facts can still help a lawyer, for example to ask for more time or for relief."), favorable, "favorable"))
    if aggravating:
        sections.append(FactorsSection(
            _("What the guidance weighed against a person"),
            _("These facts did not decide a case. The guidance said to look at the whole story."), aggravating, "aggravating"))
    if unclear:
        sections.append(UnclearSection(_("What we could not decide"), unclear, unsure, bool(result.unanswered_questions)))
    sections.append(ChecklistSection(_("What to bring to a lawyer"), favorable))
    sections.append(DisclaimerSection(disclaimer))

    return ResultView(result=result, policy=policy, answers=answers, status=status, sections=sections, urgent=urgent,
                      priorities=priorities, unclear=unclear, favorable=favorable, aggravating=aggravating,
                      unsure_questions=unsure, steps=steps, disclaimer=disclaimer)
