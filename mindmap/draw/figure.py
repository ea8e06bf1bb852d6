"""A figure as the later stages get it: SVG text with its size, background and text runs.

Converters and publishers read what they need from a :class:`Figure` (its
printed size, its canvas colour, the texts it draws) instead of parsing the
SVG back.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Callable, Final

from ..layout.boxes import Layout
from ..style.sheet import Style
from .svg import Inline, draw_svg

__all__ = ["PT_PER_MM", "Figure", "TextRun", "draw_figure"]

PT_PER_MM: Final = 72 / 25.4


@dataclass(frozen=True)
class TextRun:
    """One text the figure draws: its words, size (in viewBox units), face and role."""

    text: str
    size: float
    bold: bool
    italic: bool
    role: str


@dataclass(frozen=True)
class Figure:
    """A drawn map: the SVG for browsers and files, the SVG for Cairo, and what it holds."""

    svg: str
    cairo: str | Callable[[], str]  # the drawing for Cairo, or how to make it (only PNG and PDF need it)
    width: float  # viewBox units
    height: float
    width_mm: float  # printed size
    height_mm: float
    background: str  # the canvas colour, "#RRGGBB"
    runs: tuple[TextRun, ...]
    medium: str = "none"

    @cached_property
    def cairo_svg(self) -> str:
        """The same drawing with every text in the order Cairo draws it (made when first asked for)."""
        return self.cairo if isinstance(self.cairo, str) else self.cairo()

    @property
    def smallest_text_pt(self) -> float:
        """The smallest text, in points, at the figure's printed size."""
        scale = self.width_mm * PT_PER_MM / self.width
        return min((run.size for run in self.runs), default=0.0) * scale


def figure_texts(layout: Layout) -> tuple[TextRun, ...]:
    """Every text the drawing of ``layout`` holds, in drawing order."""
    runs = [TextRun(r.text, r.size, r.bold, r.italic, r.role) for r in layout.runs()]
    size = layout.label_size
    runs.extend(TextRun(e.label, size, False, True, "connection") for e in layout.edges if e.label and e.label_at)
    return tuple(runs)


def draw_figure(
    layout: Layout,
    style: Style,
    *,
    title: str,
    description: str,
    map_id: str = "map",
    embed_fonts: bool = False,
    inline: Inline | None = None,
) -> Figure:
    """Draw ``layout`` as a :class:`Figure` (``embed_fonts``: the SVG carries its font subset)."""
    runs = figure_texts(layout)
    css = None
    if embed_fonts:
        from .fontembed import font_css

        css = font_css((r.text, r.bold, r.italic) for r in runs)
    svg = draw_svg(layout, style, title=title, description=description, map_id=map_id, font_css=css, inline=inline)

    def for_cairo() -> str:  # its own: every letter placed where layout measured it
        return draw_svg(layout, style, title=title, description=description, map_id=map_id, for_cairo=True)

    cairo_svg: str | Callable[[], str] = for_cairo

    width_mm, height_mm = layout.size_mm
    return Figure(
        svg,
        cairo_svg,
        layout.width,
        layout.height,
        width_mm,
        height_mm,
        style.look.canvas.background,
        runs,
        layout.medium,
    )
