"""``mindmap specimen``: one page that shows every element of a style sheet."""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from ._common import report_user_errors

__all__ = ["specimen"]


@report_user_errors
def specimen(
    out: Path = typer.Option(..., "-o", "--out", help="The figure to write: .svg, .png or .pdf.", show_default=False),
    styles: Optional[List[str]] = typer.Option(
        None, "--style", metavar="NAME|PATH", help="Sheet name or path; repeat to compose, left to right."
    ),
    sets: Optional[List[str]] = typer.Option(
        None, "--set", metavar="KEY=VALUE", help="KEY=VALUE on top, e.g. theme.font.size=14."
    ),
    layout: str = typer.Option("radial", "--layout", help="radial or tree."),
    embed_fonts: bool = typer.Option(False, "--embed-fonts", help="Embed the font subset used in the SVG."),
) -> None:
    """Draw a sample map with every element kind at every level, and the legend.

    Example: mindmap specimen --style print-mono -o print-mono.png
    """
    from ..errors import UserError
    from ..files import write_atomic
    from ..publish.render import render_map
    from ..style.library import compose_style
    from ..style.specimen import specimen_map

    fmt = out.suffix.lower().lstrip(".")
    if fmt not in ("svg", "png", "pdf"):
        raise UserError(f"{out}: unknown format '{out.suffix}'; end the name with .svg, .png or .pdf")
    from ..safety import escape_control, refuse_output_is_input
    from ..style.library import load_sheet

    refuse_output_is_input([out], [Path(layer.name) for ref in styles or [] for layer in load_sheet(ref)])
    mind_map = specimen_map()
    style = compose_style(styles or [], None, sets or [])
    data = render_map(mind_map, [fmt], style=style, layout=layout, embed_fonts=embed_fonts)[fmt]
    write_atomic(out, data)
    typer.echo(escape_control(f"wrote {out}"))
