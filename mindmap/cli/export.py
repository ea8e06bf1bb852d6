"""``mindmap export``: theme files to slides, outlines, mind-map files and graph data."""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from ..export import export_help
from ._common import report_user_errors

__all__ = ["export"]


@report_user_errors
def export(
    files: List[Path] = typer.Argument(..., help="Theme files (.yaml, .yml or .json).", show_default=False),
    to: str = typer.Option(..., "--to", "-t", help=f"The format: {export_help()}.", show_default=False),
    out: Optional[Path] = typer.Option(
        None,
        "-o",
        "--out",
        help="Where to write: a file when there is one output (one map, or pptx), else a folder; "
        "'-' for standard output. "
        "Default: <id>.<suffix> (pptx of several maps: slides.pptx) in the current folder.",
        show_default=False,
    ),
) -> None:
    """Export theme files for other tools.

    pptx makes one deck with a 16:9 slide per map (figure as SVG with a PNG
    fallback, alt text on the picture, long description in the notes); every
    other format makes one file per map: mermaid (.mmd), markdown (.md outline
    for markmap), freemind (.mm for FreeMind, Freeplane, XMind), opml (.opml
    for outliners), qdc (a REFI-QDA codebook for coding software), graphml and
    json (networkx node-link) with every attribute, dot (Graphviz source).

    Example: mindmap export themes/*.yaml --to pptx -o maps.pptx
    """
    import sys

    from ..errors import UserError
    from ..export import EXPORTS, export_maps
    from ..files import write_atomic
    from ..load.reader import load_maps
    from ..safety import escape_control, refuse_output_is_input, refuse_repeated_ids

    if to not in EXPORTS:
        raise UserError(f"unknown export format '{to}'; choose one of: {', '.join(EXPORTS)}")
    if out is not None and str(out) != "-":
        refuse_output_is_input([out], files)  # before anything is read
    maps = load_maps(files)
    if EXPORTS[to].per_map is not None:
        refuse_repeated_ids(files, maps, "exports")
    outputs = export_maps(maps, to)
    if out is not None and str(out) == "-":
        if len(outputs) != 1 or to == "pptx":
            raise UserError("-o - (standard output) takes one text export: one map, in any format but pptx")
        sys.stdout.buffer.write(outputs[0][1])
        sys.stdout.flush()
        return
    paths = []
    for name, _data in outputs:
        if out is None:
            path = Path(name)
        elif len(outputs) == 1 and not out.is_dir():
            path = out
        else:
            path = out / name
        paths.append(path)
    refuse_output_is_input(paths, files)  # before anything is written
    for path, (_name, data) in zip(paths, outputs):
        write_atomic(path, data)
        typer.echo(escape_control(f"wrote {path}"))
