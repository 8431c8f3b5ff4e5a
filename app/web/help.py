"""The help pages: real legal help (host first, directories, local providers by ZIP), fraud warnings, the checklist.

A ZIP code is personal: it is sent only in a POST body, never in a URL, and never logged or kept.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from app.core import Policy
from app.referral.nearby import DEFAULT_RADIUS_MILES, ZipProblem, nearest, normalize_zip, zip_location
from app.web import pages
from app.web.deps import state_of
from app.web.forms import FormRefused, hidden_answers, language_switch, read_fields
from app.web.i18n import _, use_locale
from app.web.visit import remember_visit

router = APIRouter(include_in_schema=False)

ZIP_FIELD = "zip"
ZIP_FIELD_MAX = 32  # longer input is not a ZIP code; do not carry it around


def _zip_problem_message(problem: ZipProblem) -> str:
    if problem.code == "malformed":
        return _("Enter a ZIP code with 5 numbers, like 90011.")
    return _("We could not find this ZIP code. Check the 5 numbers and try again.")


@router.get("/{lang}/help")
async def help_page(request: Request, lang: str) -> Response:
    if lang not in state_of(request).catalogs:
        return pages.error_page(request, 404)
    return pages.render(request, "help.html", lang, {})


@router.get("/{lang}/help/providers")
async def providers_get(request: Request, lang: str) -> Response:
    """The search is a POST form; a bookmarked or typed address goes back to the form."""
    if lang not in state_of(request).catalogs:
        return pages.error_page(request, 404)
    return RedirectResponse(f"/{lang}/help#find-near-you", status_code=303)


@router.post("/{lang}/help/providers")
async def providers_search(request: Request, lang: str) -> Response:
    state = state_of(request)
    if lang not in state.catalogs:
        return pages.error_page(request, 404)
    try:
        fields = dict(await read_fields(request, errors="replace"))  # a mistyped ZIP gets the ZIP message
    except FormRefused as refused:
        return pages.error_page(request, refused.status)
    remember_visit(request, fields)  # the partner rides along, so its contact still comes first
    typed = fields.get(ZIP_FIELD, "")[:ZIP_FIELD_MAX]
    switch = language_switch("help/providers", [(ZIP_FIELD, typed)], [])
    try:
        origin = zip_location(typed)
    except ZipProblem as problem:
        with use_locale(state.catalogs, lang):
            error = _zip_problem_message(problem)
        return pages.render(request, "help_results.html", lang,
                            {"zip": typed, "error": error, "found": [], "switch": switch}, status=422, private=True)
    found = nearest(state.referral.providers, origin, radius_miles=DEFAULT_RADIUS_MILES)
    return pages.render(request, "help_results.html", lang, {
        "zip": normalize_zip(typed), "error": None, "found": found, "today": state.settings.as_of_today(),
        "switch": switch,
    }, private=True)


def _checklist_items(policies: list[Policy], factor_ids: set[str] | None = None) -> list[dict]:
    """One item per favorable factor (each once, in pack order): its name and the documents that show it."""
    items: dict[str, dict] = {}
    for policy in policies:
        for factor in policy.factors:
            if factor.kind != "favorable" or factor.id in items or (factor_ids is not None and factor.id not in factor_ids):
                continue
            items[factor.id] = {"id": factor.id, "name": _(factor.name), "documents": [_(d) for d in factor.documents]}
    return list(items.values())


@router.get("/{lang}/help/checklist")
async def checklist_all(request: Request, lang: str) -> Response:
    """Every favorable factor of every pack, for anyone preparing to see a lawyer."""
    state = state_of(request)
    if lang not in state.catalogs:
        return pages.error_page(request, 404)
    with use_locale(state.catalogs, lang):
        items = _checklist_items(list(state.packs))
    return pages.render(request, "checklist.html", lang, {"items": items, "personal": False})


@router.post("/{lang}/help/checklist")
async def checklist_personal(request: Request, lang: str) -> Response:
    """The checklist for the factors the person's answers raise, posted from the result page."""
    screening = await pages.read_screening(request, lang)
    if isinstance(screening, Response):
        return screening
    state, policy = state_of(request), screening.policy
    with use_locale(state.catalogs, lang):
        items = _checklist_items([policy], set(screening.result.favorable_factors))
    hidden = hidden_answers(policy, screening.answers)
    return pages.render(request, "checklist.html", lang, {
        "items": items, "personal": True,
        "switch": language_switch("help/checklist", hidden, [("_policy", policy.id)]),
    }, private=True)
