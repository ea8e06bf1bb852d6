"""``mindmap serve``: a live preview page that re-renders as theme files and style sheets change."""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from ._common import fit_option, legend_option, report_user_errors

__all__ = ["serve"]


@report_user_errors
def serve(
    target: Path = typer.Argument(..., help="A theme file, or a folder of them.", show_default=False),
    styles: Optional[List[str]] = typer.Option(
        None, "--style", help="Style sheet name or path; repeat to compose, left to right."
    ),
    port: int = typer.Option(8765, "--port", min=0, max=65535, help="Port on 127.0.0.1 (0: any free port)."),
    layout: str = typer.Option("radial", "--layout", help="radial (headline at the centre) or tree (left to right)."),
    fit: str = fit_option(),
    legend: str = legend_option(),
    depth: Optional[int] = typer.Option(
        None,
        "--depth",
        min=0,
        metavar="N",
        show_default=False,
        help="Fold everything below depth N into its parent (1: key themes only).",
    ),
) -> None:
    """Serve a page on 127.0.0.1 that shows the rendered map(s) and updates
    itself within a second of any change to a theme file or style sheet.

    A change that breaks a file shows its FILE:LINE:COL problems on the page
    and keeps the last good figure; fixing the file brings the figure back.
    The page is reachable from this computer only.  Ctrl-C stops it.

    Example: mindmap serve themes --style print-mono
    """
    from ..publish.render import check_choices
    from ..serve.server import PreviewServer

    check_choices(layout, fit, legend)
    server = PreviewServer(target, styles or [], port=port, layout=layout, fit=fit, legend=legend, depth=depth)
    from ..safety import escape_control

    typer.echo(escape_control(f"serving {target} at {server.url} (Ctrl-C to stop)"))
    server.serve_forever()
    typer.echo("stopped")
