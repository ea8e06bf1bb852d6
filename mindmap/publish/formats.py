"""The one registry of figure formats.

The command line's choices and help, the API's checks and the pipeline read
it.  Adding a format means adding its writer here (and its test).  Writers
import what they need when called, so reading the registry costs nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Final, Iterable

from ..errors import UserError

if TYPE_CHECKING:
    from ..draw.figure import Figure

__all__ = ["FIGURE_FORMATS", "FigureFormat", "check_formats", "format_help"]


def _svg(figure: Figure, meta: dict[str, str]) -> bytes:
    return figure.svg.encode("utf-8")


def _png(figure: Figure, meta: dict[str, str]) -> bytes:
    from ..convert.cairo import svg_to_png

    return svg_to_png(figure, meta)


def _pdf(figure: Figure, meta: dict[str, str]) -> bytes:
    from ..convert.cairo import svg_to_pdf

    return svg_to_pdf(figure, meta)


def _html(figure: Figure, meta: dict[str, str]) -> bytes:
    from ..draw.html import render_html

    return render_html(figure, meta).encode("utf-8")


@dataclass(frozen=True)
class FigureFormat:
    """A figure format: its name (the file suffix), what it is for, and its writer."""

    name: str
    help: str
    write: Callable[[Figure, dict[str, str]], bytes]
    needs_cairo: bool = False
    interactive: bool = False  # drawn whole, to sit in a page that folds it (see render_figures)
    uses_meta: bool = True  # its writer reads the metadata (title, alt text, long description)


FIGURE_FORMATS: Final[dict[str, FigureFormat]] = {
    f.name: f
    for f in (
        FigureFormat("svg", "vector, text stays text", _svg, uses_meta=False),
        FigureFormat("png", "300 dpi picture", _png, needs_cairo=True),
        FigureFormat("pdf", "vector, for print", _pdf, needs_cairo=True),
        FigureFormat("html", "interactive: zoom, fold, search", _html, interactive=True),
    )
}


def check_formats(formats: Iterable[str]) -> list[str]:
    """The formats asked for, each once, in order; an unknown one is a user error naming the choices.

    >>> check_formats(["png", "svg", "png"])
    ['png', 'svg']
    >>> check_formats(["gif"])
    Traceback (most recent call last):
    ...
    mindmap.errors.UserError: unknown format 'gif'; choose from: svg, png, pdf, html
    """
    wanted = list(dict.fromkeys(formats))
    for fmt in wanted:
        if fmt not in FIGURE_FORMATS:
            raise UserError(f"unknown format '{fmt}'; choose from: {', '.join(FIGURE_FORMATS)}")
    return wanted


def format_help() -> str:
    """The formats for a command's help.

    >>> format_help()  # doctest: +NORMALIZE_WHITESPACE
    'svg (vector, text stays text), png (300 dpi picture), pdf (vector, for print)
    or html (interactive: zoom, fold, search)'
    """
    items = [f"{f.name} ({f.help})" for f in FIGURE_FORMATS.values()]
    return ", ".join(items[:-1]) + " or " + items[-1]
