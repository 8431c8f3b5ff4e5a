"""The national directories of legitimate legal help and the official contacts, as data (policy brief §4).

Names and sentences are gettext message ids marked with N_ for extraction; the web layer translates them.
"""

from __future__ import annotations

from dataclasses import dataclass


def N_(message: str) -> str:
    """Marks a message for extraction; the web layer translates it when it renders."""
    return message


@dataclass(frozen=True)
class Directory:
    id: str
    name: str
    description: str
    url: str | None  # None when there is no single national address (each state has its own bar)


DIRECTORIES: tuple[Directory, ...] = (
    Directory(
        "eoir_pro_bono",
        N_("Free legal help list of the immigration courts (EOIR)"),
        N_("The Justice Department's list of groups and lawyers that may give free legal help, updated every 3 months."),
        "https://www.justice.gov/eoir/list-pro-bono-legal-service-providers",
    ),
    Directory(
        "eoir_roster",
        N_("List of DOJ-recognized organizations and accredited representatives (EOIR)"),
        N_("The official list to find a recognized organization near you, or to check that a representative is accredited."),
        "https://www.justice.gov/eoir/recognition-accreditation-roster-reports",
    ),
    Directory(
        "immigrationlawhelp",
        N_("ImmigrationLawHelp.org"),
        N_("A national list of nonprofit groups that give free or low-cost immigration legal help."),
        "https://www.immigrationlawhelp.org/",
    ),
    Directory(
        "aila",
        N_("AILA lawyer search"),
        N_("A search for private immigration lawyers who are members of the American Immigration Lawyers Association."),
        "https://www.ailalawyer.com/",
    ),
    Directory(
        "state_bar",
        N_("Your state bar's lawyer referral service"),
        N_("Each state bar can refer you to a licensed lawyer and lets you check a lawyer's license on its own website."),
        None,
    ),
)

# Checks and reports (policy brief §4), finding a detained person and checking a court case (§6).
DISCIPLINED_LIST_URL = "https://www.justice.gov/eoir/list-of-currently-disciplined-practitioners"
COURT_INFO_PHONE = "1-800-898-7180"
COURT_INFO_TEL = "tel:+18008987180"
COURT_INFO_URL = "https://acis.eoir.justice.gov/"
EOIR_FRAUD_EMAIL = "EOIR.Fraud.Program@usdoj.gov"
FTC_PHONE = "1-877-382-4357"
FTC_PHONE_LETTERS = "1-877-FTC-HELP"
FTC_TEL = "tel:+18773824357"
FTC_REPORT_URL = "https://reportfraud.ftc.gov/"  # in English
FTC_REPORT_URL_ES = "https://reportefraude.ftc.gov/"  # in Spanish
DETAINEE_LOCATOR_URL = "https://locator.ice.gov/odls/"
