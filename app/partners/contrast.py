"""WCAG 2.x contrast: relative luminance of sRGB colours and the ratio between two of them."""

from __future__ import annotations

import re

HEX_COLOUR = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
AA_NORMAL_TEXT = 4.5


def parse_hex(colour: str) -> tuple[int, int, int]:
    """(r, g, b) from "#rgb" or "#rrggbb"; ValueError for anything else."""
    if not isinstance(colour, str) or not HEX_COLOUR.match(colour):
        raise ValueError(f"{colour!r} is not a colour written as #rrggbb")
    digits = colour[1:]
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)


def normalise(colour: str) -> str:
    return "#%02x%02x%02x" % parse_hex(colour)


def _linear(channel: int) -> float:
    c = channel / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def relative_luminance(colour: str) -> float:
    r, g, b = (_linear(c) for c in parse_hex(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(first: str, second: str) -> float:
    """From 1 (same colour) to 21 (black on white), whichever way round the colours are given."""
    a, b = relative_luminance(first), relative_luminance(second)
    lighter, darker = max(a, b), min(a, b)
    return (lighter + 0.05) / (darker + 0.05)


def darken(colour: str, amount: float) -> str:
    """Mix `colour` with black: amount 0 keeps it, 1 gives black (used for hover shades)."""
    return "#%02x%02x%02x" % tuple(round(c * (1 - amount)) for c in parse_hex(colour))
