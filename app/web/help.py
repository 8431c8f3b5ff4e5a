"""The help pages: real legal help (host first, directories, local providers by ZIP), fraud warnings, the checklist.

A ZIP code is personal: it is sent only in a POST body, never in a URL, and never logged or kept.
"""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import RedirectResponse, Response

from app.core import Policy, relevant_answers
from app.referral.nearby import DEFAULT_RADIUS_MILES, ZipProblem, nearest, normalize_zip, zip_location
from app.web.deps import LinkPage, PageLang, PostedFormDep, PostedScreening
from app.web.forms import hidden_answers, language_switch_carrying
from app.web.i18n import _
from app.web.presenter import advice_texts, answering_for_someone_else

router = APIRouter(include_in_schema=False)

# What is true now that a relative of a detained person needs first (present.yaml's items), on the help page too.
FAMILY_STEPS = ("relative_find_person", "relative_find_lawyer", "relative_sign_and_pay_nothing")
ZIP_FIELD = "zip"
ZIP_FIELD_MAX = 32  # longer input is not a ZIP code; do not carry it around


def _zip_problem_message(problem: ZipProblem) -> str:
    if problem.code == "malformed":
        return _("Enter a ZIP code with 5 numbers, like 90011.")
    return _("We could not find this ZIP code. Check the 5 numbers and try again.")


@router.get("/{lang}/help")
async def help_page(page: LinkPage) -> Response:
    def context() -> dict:
        # A relative's first steps (present.yaml), in this page's language; the same words for everyone.
        said = advice_texts.made_in(page.state.catalogs, page.lang, page.state.advice)
        return {"family_steps": [said[item, False] for item in FAMILY_STEPS]}

    return page.render_shared("help.html", context, key=(page.state.settings.as_of_today(),))


@router.get("/{lang}/help/providers")
async def providers_get(lang: PageLang) -> Response:
    """The search is a POST form; a bookmarked or typed address goes back to the form."""
    return RedirectResponse(f"/{lang}/help#find-near-you", status_code=303)


@router.post("/{lang}/help/providers")
async def providers_search(posted: PostedFormDep) -> Response:
    page, form = posted.page, posted.form
    # The partner rides along in the form, so its contact still comes first; a mistyped ZIP gets the ZIP message.
    typed = form.value(ZIP_FIELD)[:ZIP_FIELD_MAX]
    switch = language_switch_carrying("help/providers", [(ZIP_FIELD, typed)], [])
    try:
        origin = zip_location(typed)
    except ZipProblem as problem:
        return page.render("help_results.html", {
            "zip": typed, "error": _zip_problem_message(problem), "found": [], "switch": switch,
        }, status=422, private=True)
    found = nearest(page.state.referral.providers, origin, radius_miles=DEFAULT_RADIUS_MILES)
    return page.render("help_results.html", {
        "zip": normalize_zip(typed), "error": None, "found": found, "today": page.state.settings.as_of_today(),
        "switch": switch,
    }, private=True)


def _checklist_items(policies: list[Policy], factor_ids: set[str] | None = None, for_other: bool = False) -> list[dict]:
    """One item per favorable factor (each once, in pack order): its name and the documents that show it, worded for
    someone answering for another person when `for_other`."""
    items: dict[str, dict] = {}
    for policy in policies:
        for factor in policy.factors:
            if factor.kind != "favorable" or factor.id in items or (factor_ids is not None and factor.id not in factor_ids):
                continue
            items[factor.id] = {"id": factor.id, "name": _(factor.say("name", for_other)),
                               "documents": [_(d) for d in factor.documents_for(for_other)]}
    return list(items.values())


@router.get("/{lang}/help/checklist")
async def checklist_all(page: LinkPage) -> Response:
    """Every favorable factor of every pack, for anyone preparing to see a lawyer."""
    return page.render_shared("checklist.html", lambda: {"items": _checklist_items(list(page.state.packs)), "personal": False})


@router.post("/{lang}/help/checklist")
async def checklist_personal(screening: PostedScreening) -> Response:
    """The checklist for the factors the person's answers raise, posted from the result page."""
    page, policy = screening.page, screening.policy
    hidden = hidden_answers(relevant_answers(policy, screening.answers))
    for_other = answering_for_someone_else(screening.answers)
    return page.render("checklist.html", {
        "items": _checklist_items([policy], set(screening.result.favorable_factors), for_other), "personal": True,
        "for_other": for_other, "policy": policy,
        "switch": language_switch_carrying("help/checklist", hidden, [("_policy", policy.id)]),
    }, private=True)
