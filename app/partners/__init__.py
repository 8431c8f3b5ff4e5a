"""Partner organizations: profiles read from the partners file (who embeds the screener, its look and contact)."""

from app.partners.loader import PartnerConfigError, load_partners
from app.partners.model import Logo, Partner, Partners

__all__ = ["Logo", "Partner", "PartnerConfigError", "Partners", "load_partners"]
