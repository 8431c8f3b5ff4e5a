"""Shared pieces for the embedding, partner, desk and PDF tests: answers, a partners file, a client language.

    from embed_support import RICH_ANSWERS, write_partners_file, client_language_dir, translator
"""

from __future__ import annotations

import subprocess
import textwrap
from html.parser import HTMLParser
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo

from app.web.i18n import Catalogs
from flow_driver import check, submit, wait_for_first_paint

REPO_ROOT = Path(__file__).resolve().parents[1]
LOCALES_DIR = REPO_ROOT / "locales"

# A person with a court case and no lawyer (urgent), long residence, US family, and an old conviction
# with more than one offense (an aggravating factor): every section of the result and the PDF shows.
RICH_ANSWERS: dict[str, str | list[str]] = {
    "answering_for": "self", "court_case": "yes", "hearing_soon": "no", "has_lawyer": "no", "detained": "no", "removal_order": "no",
    "lpr": "no", "entry_date": "before_2020_11_01", "entry_manner": "inspected", "years_in_us": "10_or_more",
    "arrived_under_16": "yes", "age": "18_to_64", "serious_health": "no", "pregnant_or_nursing": "no",
    "caregiver": "yes", "us_family": "yes", "military": "no", "crime_victim_or_witness": "no",
    "labor_or_housing_dispute": "no", "community_ties": "yes", "relief": ["family_petition"],
    "national_security": "no", "criminal_history": "conviction", "sentence_over_1_year": "no",
    "harm_to_person": "no", "weapon": "no", "multiple_convictions": "yes", "years_since_offense": "10_or_more",
    "rehabilitation": "yes", "conviction_cleared": "no", "condition_contributed": "no", "charge_type": ["other"],
    "criminal_case_open": "no",
}

# Used only when the repository has no catalog but English: a few real translations, so the
# bilingual tests still compare two different languages. The real Spanish catalog replaces it.
FALLBACK_SPANISH = {
    "Check your answers": "Revise sus respuestas",
    "Your result": "Su resultado",
    "Do you have a case in immigration court?": "¿Tiene un caso en la corte de inmigración?",
    "Yes": "Sí",
    "What the guidance counted in your favor": "Lo que la guía contaba a su favor",
    "You have lived in the US for a long time": "Usted ha vivido en EE. UU. por mucho tiempo",
    "You came to the US as a child": "Usted llegó a EE. UU. de niño",
    "Summary for a lawyer or accredited representative": "Resumen para un abogado o representante acreditado",
    "Checklist for the lawyer: papers to bring": "Lista para el abogado: papeles que debe llevar",
    "Where to find real legal help": "Dónde encontrar ayuda legal de verdad",
    "Your answers": "Sus respuestas",
    "Start over for the next person": "Empezar de nuevo para la siguiente persona",
    "Free legal help list of the immigration courts (EOIR)": "Lista de ayuda legal gratuita de las cortes de inmigración (EOIR)",
}


def _real_languages() -> list[str]:
    return [lang for lang in Catalogs(LOCALES_DIR).languages if lang != "en"]


def client_language_dir(tmp_dir: Path) -> tuple[str, Path]:
    """(language, locales folder): a real non-English catalog if the repository has one, else a small Spanish one."""
    real = _real_languages()
    if real:
        return real[0], LOCALES_DIR
    catalog = Catalog(locale="es", domain="messages")
    for msgid, msgstr in FALLBACK_SPANISH.items():
        catalog.add(msgid, msgstr)
    target = tmp_dir / "es" / "LC_MESSAGES"
    target.mkdir(parents=True, exist_ok=True)
    with (target / "messages.mo").open("wb") as handle:
        write_mo(handle, catalog)
    return "es", tmp_dir


def translator(locales_dir: Path, lang: str):
    """gettext for one language of a locales folder, to compute what a page or PDF should say."""
    return Catalogs(locales_dir).get(lang).gettext


def write_partners_file(path: Path, *, origins: list[str] | None = None, accent: str = "#7a1f5c",
                        name: str = "Centro Ñandú – Asesoría Legal", desk_mode: bool = False) -> Path:
    """A partners file with one partner, `casa-prueba`, whose name and contact use accents and symbols."""
    origin_list = ", ".join(f'"{o}"' for o in (origins or ["https://casa-prueba.example.org"]))
    path.write_text(textwrap.dedent(f"""\
        partners:
          - id: casa-prueba
            name: "{name}"
            origins: [{origin_list}]
            accent: "{accent}"
            desk_mode: {"true" if desk_mode else "false"}
            contact:
              name: "{name}"
              phone: "(312) 555-0142"
              email: "citas@casa-prueba.example.org"
              address: "1200 W. Calle Ñandú, Suite § 3 – Chicago, IL 60608"
              hours:
                en: "Monday to Friday, 9 am to 5 pm"
                es: "¿Cuándo? ¡De lunes a viernes! 9 a. m. – 5 p. m."
              languages: [es, en]
              website: "https://casa-prueba.example.org/"
              doj_recognized: true
              has_attorneys: false
        """), encoding="utf-8")
    return path


def form_pairs(answers: dict, **control: str) -> list[tuple[str, str]]:
    """The answers as posted form fields (a multi-select posts one field per value), then control fields."""
    pairs: list[tuple[str, str]] = []
    for name, value in answers.items():
        for v in (value if isinstance(value, list) else [value]):
            pairs.append((name, v))
    return pairs + [(f"_{k}", v) for k, v in control.items()]


def form_data(answers: dict, **control: str) -> dict[str, str | list[str]]:
    """The same fields as a mapping for httpx (a list posts one field per value)."""
    return {**answers, **{f"_{k}": v for k, v in control.items()}}


def pdf_text(pdf: bytes, tmp_dir: Path) -> str:
    """The text of a PDF as poppler's pdftotext reads it (reading order, no layout)."""
    source = tmp_dir / "summary.pdf"
    source.write_bytes(pdf)
    done = subprocess.run(["pdftotext", "-enc", "UTF-8", str(source), "-"], capture_output=True, check=True)
    return done.stdout.decode("utf-8")


class _LangCells(HTMLParser):
    """Collects the text of every element with a `lang` attribute and one of the given tags."""

    VOID = {"br", "img", "input", "meta", "link", "hr"}

    def __init__(self, tags: tuple[str, ...]):
        super().__init__()
        self.tags, self.cells, self.stack = tags, [], []

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        lang = dict(attrs).get("lang") if tag in self.tags else None
        self.stack.append((tag, len(self.cells) if lang else None))
        if lang:
            self.cells.append([lang, ""])

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        for _, index in self.stack:
            if index is not None:
                self.cells[index][1] += data


def lang_cells(html: str, *tags: str) -> list[tuple[str, str]]:
    """(lang, text with whitespace folded) for each `tags` element that has a lang attribute, in page order."""
    parser = _LangCells(tags)
    parser.feed(html)
    return [(lang, " ".join(text.split())) for lang, text in parser.cells]


def _scripted(page) -> bool:
    """Whether the page runs its scripts (htmx swaps each step in) or loads every step whole."""
    page.wait_for_load_state("load")  # htmx and site.js have run: the first click is the one a person makes
    return page.evaluate("() => typeof window.htmx !== 'undefined'")


# The heights embed-host.js gives the frame: the document's, within these bounds.
HOST_MIN_HEIGHT, HOST_MAX_HEIGHT = 300, 30000
# On the partner's page: the frame's height attribute and its top (after a new page the host scrolls it into view).
_HOST_FRAME_JS = "frame => [Number(frame.getAttribute('height')), frame.getBoundingClientRect().top]"
_DOCUMENT_HEIGHT_JS = "Math.ceil(document.documentElement.getBoundingClientRect().height)"


def wait_for_host(page, *, javascript: bool | None = None) -> None:
    """When `page` is an app frame on a partner's page: wait until the partner's page has fitted the frame to it.

    The frame's document settles first; its height reaches the host page by postMessage from another process,
    which can come later. Until then the host may still resize the frame or scroll it into view, and a click
    aimed at a button in the frame lands on the partner's page instead (seen: the heading stays stale, nothing
    is sent, the frame never gets focus). A person cannot act in that instant either; the test waits it out.
    """
    if getattr(page, "parent_frame", None) is None:
        return  # a top-level page: no host around it
    if not (_scripted(page) if javascript is None else javascript):
        return  # a frame without scripts: the host does not resize it either
    frame = page.frame_element()
    try:
        for _ in range(200):  # 10 s, in steps of 50 ms; both heights are read again each time
            wanted = min(HOST_MAX_HEIGHT, max(HOST_MIN_HEIGHT, page.evaluate(_DOCUMENT_HEIGHT_JS)))
            height, top = frame.evaluate(_HOST_FRAME_JS)
            if abs(height - wanted) <= 1 and top >= -1:
                return
            page.wait_for_timeout(50)
        raise AssertionError(f"the partner's page never fitted the frame: height {height} for a document of {wanted}, "
                             f"top at {top}")
    finally:
        frame.dispose()


def answer_every_question(page, answers: dict) -> None:
    """From the start page (or a question page), answer each page's questions as a person would (tick, Continue)
    until the check page has settled; `page` may be a frame.

    Every step waits until the next page has settled before touching it: htmx processes swapped-in content 20 ms
    after the swap, and until then the new form is a plain one; a page loaded whole takes no input until it has
    been painted (flow_driver.submit waits for both); and a partner's page resizes and scrolls its frame to fit
    the new page a moment later (wait_for_host waits for that). A click before any of these can land on another
    button, beside the frame, or nowhere.
    """
    javascript = _scripted(page)
    wait_for_first_paint(page)  # the frame's first document (the host page shows the frame in view)
    wait_for_host(page, javascript=javascript)
    if page.locator("form.start-form").count():
        submit(page, "form.start-form button[value=self]", javascript=javascript)
        wait_for_host(page, javascript=javascript)
    for _ in range(30):
        if page.locator("form.check-form").count():
            return
        names = page.eval_on_selector_all("form.flow-form .choice-input", "els => els.map(e => e.name)")
        for question in dict.fromkeys(names):
            value = answers[question]
            for v in (value if isinstance(value, list) else [value]):
                check(page, f"#{question}-{v}")
        submit(page, "form.flow-form button[value=next]", javascript=javascript)
        wait_for_host(page, javascript=javascript)
    raise AssertionError("the flow did not reach the check page")


def see_result(page) -> None:
    """On the settled check page: "See my result", and wait until the result (and a partner's page around it)
    has settled."""
    javascript = _scripted(page)
    wait_for_host(page, javascript=javascript)
    submit(page, "form.check-form button.button:not([name])", javascript=javascript)
    wait_for_host(page, javascript=javascript)
