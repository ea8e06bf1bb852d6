"""Colours: parsing, mixing and WCAG contrast.  Pure."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Final

__all__ = ["contrast", "darken_to_contrast", "mix", "parse_colour", "relative_luminance"]

_HEX: Final = re.compile(r"^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")


def parse_colour(value: str) -> str:
    """A colour as ``#RRGGBB`` (upper case) from ``#RGB`` or ``#RRGGBB``."""
    if not isinstance(value, str) or not _HEX.match(value.strip()):
        raise ValueError(f"'{value}' is not a colour; write it as #RRGGBB, e.g. #005EB8")
    digits = value.strip()[1:]
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    return "#" + digits.upper()


def _rgb(colour: str) -> tuple[int, int, int]:
    colour = parse_colour(colour)
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def _hex(rgb: tuple[float, float, float]) -> str:
    return "#" + "".join(f"{max(0, min(255, round(c))):02X}" for c in rgb)


@lru_cache(maxsize=4096)  # pure; called once per box on big maps
def mix(colour: str, other: str, amount: float) -> str:
    """``amount`` of ``colour`` and the rest ``other`` (1.0 gives ``colour``)."""
    a, b = _rgb(colour), _rgb(other)
    return _hex(tuple(x * amount + y * (1 - amount) for x, y in zip(a, b)))  # type: ignore[arg-type]


@lru_cache(maxsize=4096)  # pure; called once per box on big maps
def relative_luminance(colour: str) -> float:
    """WCAG 2.2 relative luminance."""

    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = _rgb(colour)
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: str, b: str) -> float:
    """The WCAG contrast ratio of two colours (1 to 21).

    >>> round(contrast("#005EB8", "#FFFFFF"), 1)
    6.4
    """
    la, lb = relative_luminance(a), relative_luminance(b)
    hi, lo = max(la, lb), min(la, lb)
    return (hi + 0.05) / (lo + 0.05)


@lru_cache(maxsize=4096)  # pure; called once per box on big maps
def darken_to_contrast(colour: str, background: str, ratio: float) -> str:
    """``colour``, darkened towards black just enough to reach ``ratio`` on ``background``."""
    if contrast(colour, background) >= ratio:
        return parse_colour(colour)
    for step in range(1, 101):
        candidate = mix(colour, "#000000", 1 - step / 100)
        if contrast(candidate, background) >= ratio:
            return candidate
    return "#000000"
