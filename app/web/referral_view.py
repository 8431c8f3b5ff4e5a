"""The referral set-up in the person's language: what templates and the PDF show for the host, directories and providers."""

from __future__ import annotations

from datetime import date

from babel.units import format_unit

from app.referral.config import Referral
from app.referral.fields import display_phone, phone_uri
from app.referral.host_org import HostOrg
from app.referral.nearby import DEFAULT_RADIUS_MILES, Nearby
from app.referral.providers import Provider
from app.web.i18n import _, current_locale, format_date, language_list
from app.web.texts import PerLanguage


def host_kind(host: HostOrg) -> str:
    """What kind of help the host can give, said honestly from the two facts the deployer or partner declared."""
    if host.has_attorneys and host.doj_recognized:
        return _("This organization has immigration lawyers. The Department of Justice also recognizes it, so its accredited representatives may give legal advice.")
    if host.has_attorneys:
        return _("This organization has immigration lawyers who may give legal advice.")
    if host.doj_recognized:
        return _("The Department of Justice recognizes this organization. Its accredited representatives may give legal advice.")
    return _("This organization is not a law office. It can help you find a lawyer or an accredited representative.")


class ReferralView:
    """A Jinja global; each method reads the request's locale when it is called, so it is safe to share."""

    radius_miles = DEFAULT_RADIUS_MILES
    phone_text = staticmethod(display_phone)
    phone_uri = staticmethod(phone_uri)
    host_kind = staticmethod(host_kind)  # the host itself is the visit's (`visit.host`), not the deployment's
    languages = staticmethod(language_list)

    def __init__(self, referral: Referral):
        self.providers = referral.providers
        self.official = referral.official
        self._referral = referral
        self._directories = PerLanguage(lambda: [{"id": d.id, "name": _(d.name), "description": _(d.description), "url": d.url}
                                                 for d in referral.directories])

    def directories(self) -> list[dict]:
        """The national directories in the current language (translated once per language)."""
        return self._directories()

    def directory_url(self, directory_id: str) -> str | None:
        return next(d.url for d in self._referral.directories if d.id == directory_id)

    def kind(self, kind: str) -> str:
        return _(self._referral.kinds[kind])

    def miles(self, value: float) -> str:
        return format_unit(round(value, 1), "length-mile", locale=current_locale.get(), format="#,##0.0")

    def radius(self) -> str:
        return format_unit(self.radius_miles, "length-mile", locale=current_locale.get(), format="#,##0")

    def nearby(self, found: list[Nearby[Provider]], today: date) -> list[dict]:
        return [{
            "provider": n.provider,
            "distance": self.miles(n.miles),
            "kind": self.kind(n.provider.kind),
            "languages": language_list(n.provider.languages) if n.provider.languages else "",
            "verified": format_date(n.provider.last_verified),
            "stale": n.provider.is_stale(today),
        } for n in found]
