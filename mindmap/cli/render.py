"""``mindmap render``: theme files to SVG, PNG and PDF figures."""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from ._common import report_user_errors

__all__ = ["render"]


@report_user_errors
def render(
    files: List[Path] = typer.Argument(..., help="Theme files (.yaml, .yml or .json).", show_default=False),
    out_dir: Path = typer.Option(Path("."), "-o", "--out", help="Folder for the figures."),
    formats: Optional[List[str]] = typer.Option(
        None, "-f", "--format", help="svg, png or pdf; repeat for several. Default: svg and png."
    ),
    layout: str = typer.Option("radial", "--layout", help="radial (headline at the centre) or tree (left to right)."),
) -> None:
    """Render theme files as figures named OUT/<id>.<format>.

    Every file is checked first: if any is invalid, its problems are printed
    (as by validate) and nothing is written.

    Example: mindmap render themes/h9-process.yaml -o gallery -f svg -f pdf
    """
    from ..errors import UserError
    from ..layout import LAYOUTS
    from ..loading import load_maps
    from ..render import FORMATS, describe_outputs, render_map, write_outputs

    wanted = list(dict.fromkeys(formats or ["svg", "png"]))
    for fmt in wanted:
        if fmt not in FORMATS:
            raise UserError(f"unknown format '{fmt}'; choose from: {', '.join(FORMATS)}")
    if layout not in LAYOUTS:
        raise UserError(f"unknown layout '{layout}'; choose one of: {', '.join(LAYOUTS)}")
    maps = load_maps(files)
    for mind_map in maps:
        outputs = render_map(mind_map, wanted, layout=layout)
        outputs.update(describe_outputs(mind_map))  # <id>.alt.txt, <id>.description.md
        for path in write_outputs(outputs, out_dir, mind_map.id):
            typer.echo(f"wrote {path}")
