"""Errors that stop the app at start-up: bad policy data or bad deployment configuration."""


class StartupError(Exception):
    """The app cannot start; the message says which file, where, and what is wrong."""
