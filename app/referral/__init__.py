"""Referral to legitimate legal help: the host organization, national directories and local providers."""
