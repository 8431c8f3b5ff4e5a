"""The printable summary for a lawyer as a PDF: made in memory from one screening, in one language or two (desk mode)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from fpdf import FPDF

from app.core import Policy
from app.errors import StartupError
from app.referral.directories import DIRECTORIES as NATIONAL_DIRECTORIES
from app.referral.fields import display_phone
from app.referral.host_org import HostOrg
from app.web.i18n import _, format_date, language_list, language_name
from app.web.presenter import (
    AssessmentSection,
    CallSection,
    ChecklistSection,
    CitationView,
    DisclaimerSection,
    FactorsSection,
    NextStepsSection,
    ResultView,
    TodaySection,
    UnclearSection,
    UrgentSection,
)
from app.web.referral_view import host_kind

FONT = "DejaVu"
TEXT, MUTED, ACCENT = (27, 31, 35), (74, 83, 96), (29, 78, 137)


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


def check_fonts(regular: Path, bold: Path) -> None:
    """Refuse to start without the PDF fonts, naming the file and the Debian package that has it."""
    for path in (regular, bold):
        if not path.is_file():
            raise StartupError(
                f"PDF font {path} is missing: install Debian's fonts-dejavu-core, "
                "or set PDS_PDF_FONT and PDS_PDF_FONT_BOLD to a Unicode TrueType font"
            )


class SummaryDocument(FPDF):
    """A Letter-size document with a Unicode font, plain headings, paragraphs, bullets and written-out links."""

    def __init__(self, regular: Path, bold: Path):
        super().__init__(format="Letter")
        self.set_margins(20, 18, 20)
        self.set_auto_page_break(True, margin=18)
        self.add_font(FONT, "", str(regular))
        self.add_font(FONT, "B", str(bold))
        self.set_creator("pd-screener")
        self.set_text_color(*TEXT)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FONT, size=9)
        self.set_text_color(*MUTED)
        self.cell(0, 6, f"{self.page_no()} / {{nb}}", align="C")
        self.set_text_color(*TEXT)

    def _keep_room(self, height: float) -> None:
        # A heading never sits alone at the foot of a page.
        if self.will_page_break(height):
            self.add_page()

    def heading(self, text: str, level: int = 1) -> None:
        size = {0: 18, 1: 14, 2: 12}[level]
        self._keep_room(size + 22)
        self.ln(4 if level else 0)
        self.set_font(FONT, "B", size)
        self.set_text_color(*(ACCENT if level < 2 else TEXT))
        self.multi_cell(0, size * 0.5, text, align="L", new_x="LMARGIN", new_y="NEXT")
        self.set_text_color(*TEXT)
        self.ln(1.5)

    def paragraph(self, text: str, *, bold: bool = False, size: float = 11, colour: tuple = TEXT) -> None:
        self.set_font(FONT, "B" if bold else "", size)
        self.set_text_color(*colour)
        self.multi_cell(0, size * 0.5, text, align="L", new_x="LMARGIN", new_y="NEXT")
        self.set_text_color(*TEXT)
        self.ln(1.5)

    def bullet(self, text: str, *, mark: str = "•", link: str | None = None) -> None:
        self.set_font(FONT, "", 11)
        self.cell(6, 5.5, mark)
        self.multi_cell(0, 5.5, text, align="L", new_x="LMARGIN", new_y="NEXT", link=link)
        self.ln(1)

    def answers(self, rows: list[tuple[str, str]]) -> None:
        """Question and chosen answer side by side; a row never splits over two pages."""
        self.set_font(FONT, "", 10.5)
        with self.table(col_widths=(62, 38), first_row_as_headings=False, text_align="LEFT",
                        borders_layout="HORIZONTAL_LINES", line_height=5.2, padding=(1.2, 1.5)) as table:
            for question, answer in rows:
                row = table.row()
                row.cell(question)
                row.cell(answer)
        self.ln(2)

    def citation(self, items: list[CitationView]) -> None:
        for c in items:
            self._keep_room(15)  # a citation never splits over two pages
            pin = f" ({c.pin})" if c.pin else ""
            self.paragraph(_("Source: %(title)s%(pin)s. %(url)s") % {"title": c.title, "pin": pin, "url": c.url},
                           size=9.5, colour=MUTED)


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


def _call(doc: SummaryDocument, section: CallSection, ctx: _Context) -> None:
    doc.heading(section.heading)
    if ctx.host:
        _host(doc, ctx.host, ctx.part.lang)
    for directory in DIRECTORIES:
        doc.paragraph(_(directory.name), bold=True, size=10.5)
        doc.paragraph(_(directory.description), size=10.5)
        if directory.url:
            doc.bullet(directory.url, mark="→", link=directory.url)


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
    for category in section.categories:
        doc.bullet(f"{category.name}: {category.relation}")
    for question in section.unsure_questions:
        doc.bullet(_("“I'm not sure”: %(question)s") % {"question": question.text})


def _checklist(doc: SummaryDocument, section: ChecklistSection, ctx: _Context) -> None:
    doc.heading(_("Checklist for the lawyer: papers to bring"))
    for factor in section.factors:
        if factor.documents:
            doc.paragraph(factor.name, bold=True, size=10.5)
            for document in factor.documents:
                doc.bullet(document, mark="☐")
    doc.bullet(_("Every paper you have from immigration, the immigration court or the police"), mark="☐")


def _disclaimer(doc: SummaryDocument, section: DisclaimerSection, ctx: _Context) -> None:
    doc.paragraph(section.text, size=10, colour=MUTED)


# One writer per section template: the PDF walks the presenter's sections in their order.
WRITERS: dict[str, Callable[..., None]] = {
    "urgent": _urgent, "today": _today, "call": _call, "assessment": _assessment, "factors": _factors, "unclear": _unclear,
    "next_steps": _next_steps, "checklist": _checklist, "disclaimer": _disclaimer,
}


@dataclass(frozen=True)
class _Context:
    part: SummaryPart
    host: HostOrg | None


def _write_part(doc: SummaryDocument, part: SummaryPart, policy: Policy, host: HostOrg | None, bilingual: bool,
                first: bool) -> None:
    view, result = part.view, part.view.result
    doc.add_page()
    if bilingual:
        doc.paragraph(language_name(part.lang), bold=True, colour=MUTED)
    doc.heading(_("Summary for a lawyer or accredited representative"), level=0)
    if first:  # the date once, at the top
        doc.paragraph(_("Date: %(date)s") % {"date": format_date(result.as_of)})
    doc.paragraph(_("Based on %(policy)s.") % {"policy": _(policy.short_title)})
    doc.paragraph(_("This lists what the person told us. Keep it private: show it only to a lawyer or an accredited representative."),
                  bold=True, size=10)
    if part.left_out:
        doc.paragraph(_("The answers about entry and criminal history are left out, at the person's choice."), size=10)
    ctx = _Context(part, host)
    for section in view.sections:
        WRITERS[section.template](doc, section, ctx)


def build_summary_pdf(parts: list[SummaryPart], policy: Policy, host: HostOrg | None, *,
                      regular: Path, bold: Path, translate_in) -> bytes:
    """The whole PDF as bytes, the visit's host first under legal help; `translate_in(lang)` switches the locale for one part."""
    doc = SummaryDocument(regular, bold)
    doc.set_lang(parts[0].lang)
    for part in parts:
        with translate_in(part.lang):
            if part is parts[0]:
                doc.set_title(_("Summary for a lawyer or accredited representative"))
            _write_part(doc, part, policy, host, bilingual=len(parts) > 1, first=part is parts[0])
    return bytes(doc.output())
