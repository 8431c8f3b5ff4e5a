"""Policy data: the packs, questions, factors and citations, loaded and checked from YAML."""

from app.policy.loader import Packs, PolicyDataError, load_packs

__all__ = ["PolicyDataError", "Packs", "load_packs"]
