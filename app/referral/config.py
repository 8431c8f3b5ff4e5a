"""A deployment's referral set-up, loaded once at start-up: the app refuses to start when a file is bad."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from app.referral import directories as official_contacts
from app.referral.directories import DIRECTORIES, Directory
from app.referral.host_org import HostOrg, load_host_org
from app.referral.providers import KINDS, Provider, load_providers

# Said at start-up and by the config check when no host organization is set: the default install's "Who to call".
NO_HOST_ORG = ("no host organization is set (PDS_HOST_ORG_FILE), so \"Who to call\" shows only the national lists, "
               "with no phone number of yours. See docs/operators.md, step 2.")


@dataclass(frozen=True)
class Referral:
    """What every page that offers help shows: the host first, then the national directories."""

    host: HostOrg | None
    providers: tuple[Provider, ...]
    directories: tuple[Directory, ...] = DIRECTORIES
    official = official_contacts  # the court line, fraud contacts and check lists, for templates
    kinds = KINDS


def load_referral(host_org_file: Path | None, providers_file: Path | None) -> Referral:
    """Reads and checks both files; raises ReferralConfigError (the check command's message) on a bad one."""
    host = load_host_org(host_org_file) if host_org_file else None
    providers = load_providers(providers_file) if providers_file else ()
    return Referral(host=host, providers=providers)
