"""The web layer: routes, templates, translations and security headers."""
