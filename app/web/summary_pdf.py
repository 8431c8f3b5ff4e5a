"""The printable summary for a lawyer as a PDF: made in memory from one screening, in one language or two (desk mode)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from app.core import Policy
from app.referral.directories import DIRECTORIES as NATIONAL_DIRECTORIES
from app.referral.fields import display_phone
from app.referral.host_org import HostOrg
from app.web.i18n import _, format_date, language_list, language_name
from app.web.presenter import (
    AssessmentSection,
    CallSection,
    ChecklistSection,
    DisclaimerSection,
    FactorsSection,
    NextStepsSection,
    ResultView,
    TodaySection,
    UnclearSection,
    UrgentSection,
)
from app.web.referral_view import host_kind

if TYPE_CHECKING:  # fpdf and its font tools cost a worker some 30 MB: loaded with the first PDF, not at start-up
    from app.web.pdf_document import SummaryDocument

# The marks the PDF draws besides its text: the fonts must have them too (app/startup_check.py checks).
BULLET, LINK, BOX = "•", "→", "☐"

# The national directories of legitimate help (policy brief §4), the same list as the referral pages. The PDF
# writes each address out, so the state bars, which have no single national address, are left to the web page.
DIRECTORIES = tuple(d for d in NATIONAL_DIRECTORIES if d.url)


@dataclass(frozen=True)
class SummaryPart:
    """Everything one language's part of the PDF says: the result view and the answers, already translated."""

    lang: str
    view: ResultView
    answers: list[tuple[str, list[str]]]  # (question, chosen labels)
    left_out: bool = False  # the person chose to leave out the entry and criminal-history answers


def _host(doc: SummaryDocument, host: HostOrg, lang: str) -> None:
    """The visit's host, as the web pages show it: name, what kind of help it gives, how to reach it."""
    doc.paragraph(host.name, bold=True)
    doc.paragraph(host_kind(host), size=10.5)
    lines = [
        _("Phone: %(phone)s") % {"phone": display_phone(host.phone)},
        host.email and _("Email: %(email)s") % {"email": host.email},
        host.address and _("Address: %(address)s") % {"address": host.address},
        host.hours_in(lang) and _("Hours: %(hours)s") % {"hours": host.hours_in(lang)},
        _("Languages: %(languages)s") % {"languages": language_list(host.languages)} if host.languages else None,
        host.website,
    ]
    for line in filter(None, lines):
        doc.bullet(line)


def _urgent(doc: SummaryDocument, section: UrgentSection, ctx: _Context) -> None:
    doc.heading(section.heading)
    doc.paragraph(section.call, bold=True)
    for flag in section.flags:
        doc.paragraph(flag.title, bold=True)
        doc.paragraph(flag.action)


def _today(doc: SummaryDocument, section: TodaySection, ctx: _Context) -> None:
    doc.heading(section.heading)
    doc.paragraph(" ".join(section.sentences))
    if section.note:
        doc.paragraph(" ".join(section.note), size=9)


def _call(doc: SummaryDocument, section: CallSection, ctx: _Context) -> None:
    doc.heading(section.heading)
    if ctx.host:
        _host(doc, ctx.host, ctx.part.lang)
    for directory in DIRECTORIES:
        doc.paragraph(_(directory.name), bold=True, size=10.5)
        doc.paragraph(_(directory.description), size=10.5)
        if directory.url:
            doc.bullet(directory.url, mark=LINK, link=directory.url)


def _next_steps(doc: SummaryDocument, section: NextStepsSection, ctx: _Context) -> None:
    doc.heading(section.heading)
    for step in section.steps:
        doc.bullet(step.text)  # its contacts are written in


def _assessment(doc: SummaryDocument, section: AssessmentSection, ctx: _Context) -> None:
    doc.heading(section.heading)
    doc.paragraph(_("Status of this guidance: %(status)s") % {"status": section.status.name}, bold=True)
    doc.paragraph(section.status.text)
    if section.status.summary:
        doc.paragraph(section.status.summary)
    doc.citation(section.status.citations)
    doc.paragraph(section.verdict, bold=True)
    doc.paragraph(section.text)
    for category in section.priorities:
        doc.paragraph(category.name, bold=True)
        doc.paragraph(f"{category.explanation} {category.relation}")
        doc.citation(category.citations)
    # The person's answers follow how the guidance weighed them, before the factors they raised.
    doc.heading(_("Your answers"))
    doc.answers([(question, ", ".join(labels) if labels else _("Not answered")) for question, labels in ctx.part.answers])


def _factors(doc: SummaryDocument, section: FactorsSection, ctx: _Context) -> None:
    doc.heading(section.heading)
    for factor in section.factors:
        doc.heading(factor.name, level=2)
        doc.paragraph(factor.explanation)
        if not section.favorable and factor.lawyer_note:
            doc.paragraph(_("What a lawyer would look at:") + " " + factor.lawyer_note)
        doc.citation(factor.citations)


def _unclear(doc: SummaryDocument, section: UnclearSection, ctx: _Context) -> None:
    doc.heading(section.heading)
    for ask in section.asks:
        doc.bullet(_("A lawyer will ask:") + " " + " ".join(ask.questions) if ask.questions
                   else _("A lawyer will look at the whole criminal record, not a single answer."))


def _checklist(doc: SummaryDocument, section: ChecklistSection, ctx: _Context) -> None:
    doc.heading(_("Checklist for the lawyer: papers to bring"))
    for factor in section.factors:
        if factor.documents:
            doc.paragraph(factor.name, bold=True, size=10.5)
            for document in factor.documents:
                doc.bullet(document, mark=BOX)
    doc.bullet(_("Every paper the person has from immigration, the immigration court or the police") if section.for_other
               else _("Every paper you have from immigration, the immigration court or the police"), mark=BOX)


def _disclaimer(doc: SummaryDocument, section: DisclaimerSection, ctx: _Context) -> None:
    doc.paragraph(section.text, size=10, colour=doc.MUTED)


# One writer per section template: the PDF walks the presenter's sections in their order.
WRITERS: dict[str, Callable[..., None]] = {
    "urgent": _urgent, "today": _today, "call": _call, "assessment": _assessment, "factors": _factors, "unclear": _unclear,
    "next_steps": _next_steps, "checklist": _checklist, "disclaimer": _disclaimer,
}


@dataclass(frozen=True)
class _Context:
    part: SummaryPart
    host: HostOrg | None
    abandoned: Callable[[], bool]


class BuildAbandoned(Exception):
    """The person who asked for the PDF has gone (a closed tab, a lost signal): nobody is there to read it."""


def _check(ctx: _Context) -> None:
    if ctx.abandoned():
        raise BuildAbandoned


def _write_part(doc: SummaryDocument, ctx: _Context, policy: Policy, bilingual: bool, first: bool) -> None:
    part = ctx.part
    view, result = part.view, part.view.result
    doc.add_page()
    if bilingual:
        doc.paragraph(language_name(part.lang), bold=True, colour=doc.MUTED)
    doc.heading(_("Summary for a lawyer or accredited representative"), level=0)
    if first:  # the date once, at the top
        doc.paragraph(_("Date: %(date)s") % {"date": format_date(result.as_of)})
    doc.paragraph(_("Based on %(policy)s.") % {"policy": _(policy.short_title)})
    doc.paragraph(_("This lists what the person told us. Keep it private: show it only to a lawyer or an accredited representative."),
                  bold=True, size=10)
    if part.left_out:
        doc.paragraph(_("This summary leaves out the answers about entry and criminal history. Ask the person about them."), size=10)
    for section in view.sections:
        _check(ctx)
        WRITERS[section.template](doc, section, ctx)


def build_summary_pdf(parts: list[SummaryPart], policy: Policy, host: HostOrg | None, *,
                      regular: Path, bold: Path, translate_in, abandoned: Callable[[], bool] = lambda: False) -> bytes:
    """The whole PDF as bytes, the visit's host first under legal help; `translate_in(lang)` switches the locale for one part.

    `abandoned()` is asked before each section and before the file is put together: BuildAbandoned as soon as it
    says yes, so the worker stops spending time and memory on a PDF nobody will read.
    """
    from app.web.pdf_document import SummaryDocument

    doc = SummaryDocument(regular, bold)
    doc.set_lang(parts[0].lang)
    for part in parts:
        ctx = _Context(part, host, abandoned)
        with translate_in(part.lang):
            if part is parts[0]:
                doc.set_title(_("Summary for a lawyer or accredited representative"))
            _write_part(doc, ctx, policy, bilingual=len(parts) > 1, first=part is parts[0])
    _check(ctx)
    return bytes(doc.output())
