"""Policy data: the packs, questions, factors and citations, loaded and checked from YAML."""

from app.policy.loader import PolicyDataError, Packs, load_packs

__all__ = ["PolicyDataError", "Packs", "load_packs"]
