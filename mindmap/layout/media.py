"""The media a figure is composed for, with their printable areas in points.

A page is a report's text column, 170 mm wide and at most 240 mm tall; a slide
is PowerPoint's 16:9 at 720 x 405 pt; A4 landscape and A3 landscape leave 15 mm
margins.  ``none`` composes nothing: the figure is drawn at its natural size
and printed at the style sheet's width, as mindmap 0.1 did.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

__all__ = [
    "FITS",
    "LEGEND_MODES",
    "MEDIA",
    "PAGE_MIN_PT",
    "PT_PER_MM",
    "REPORT_BODY",
    "SLIDE_BODY",
    "Medium",
    "find_medium",
    "fit_help",
    "printed_size",
]

PT_PER_MM: Final = 72 / 25.4
# The house style's smallest text: 10 px at the figure's printed width (house-style.md).
PAGE_MIN_PT: Final = 7.5


@dataclass(frozen=True)
class Medium:
    """Where a figure is printed: the largest area it may fill, in points."""

    name: str
    width: float
    height: float
    fixed: bool  # the figure is the medium's whole area (a slide), not only as tall as it needs (a page)
    help: str

    @property
    def aspect(self) -> float:
        return self.width / self.height


MEDIA: Final[dict[str, Medium]] = {
    m.name: m
    for m in (
        Medium("page", 170 * PT_PER_MM, 240 * PT_PER_MM, False, "a report page, 170 mm wide"),
        Medium("slide", 720.0, 405.0, True, "a 16:9 slide"),
        Medium("a4-landscape", 267 * PT_PER_MM, 180 * PT_PER_MM, True, "A4 landscape"),
        Medium("a3", 400 * PT_PER_MM, 277 * PT_PER_MM, True, "A3 landscape"),
    )
}
FITS: Final = (*MEDIA, "none")
# What a slide deck's picture fills: the slide below its title (mindmap's own decks).
SLIDE_BODY: Final = Medium("slide-body", 720.0, 720.0 * 5_669_280 / 11_734_800, True, "a 16:9 slide below its title")


# What a Word report's figure fills: the 170 mm column, below the map's heading and above its caption.
REPORT_BODY: Final = Medium("report-page", 170 * PT_PER_MM, 185 * PT_PER_MM, False, "a report page below its heading")


def find_medium(name: str) -> Medium | None:
    """The medium called ``name`` (None for ``none``)."""
    return {SLIDE_BODY.name: SLIDE_BODY, REPORT_BODY.name: REPORT_BODY}.get(name) or MEDIA.get(name)


# The legend: the kinds the map has, all four kinds, none, or none in the figure and one figure of its own.
LEGEND_MODES: Final = ("auto", "full", "none", "separate")


def fit_help() -> str:
    """The media for a command's help.

    >>> fit_help().split("), ")[0]
    'page (a report page, 170 mm wide'
    """
    items = [f"{m.name} ({m.help})" for m in MEDIA.values()] + ["none (natural size, the sheet's width)"]
    return ", ".join(items[:-1]) + " or " + items[-1]


def printed_size(smallest: float, width: float, height: float, medium: Medium) -> float:
    """The smallest text, in points, once a figure of this size (viewBox units) is fitted to the medium.

    >>> round(printed_size(10, 1000, 100, MEDIA["slide"]), 2)
    7.2
    """
    return smallest * min(medium.width / width, medium.height / height)
