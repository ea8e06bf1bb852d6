"""``mindmap render``: theme files to SVG, PNG, PDF and interactive HTML figures."""

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
        None, "-f", "--format",
        help="svg, png, pdf or html (interactive: zoom, fold, search); repeat for several. Default: svg and png."
    ),
    layout: str = typer.Option("radial", "--layout", help="radial (headline at the centre) or tree (left to right)."),
    styles: Optional[List[str]] = typer.Option(
        None, "--style", metavar="NAME|PATH",
        help="Style sheet name or path; repeat to compose, left to right (see 'mindmap styles list')."),
    sets: Optional[List[str]] = typer.Option(
        None, "--set", metavar="KEY=VALUE",
        help="KEY=VALUE on top of everything, e.g. --set theme.font.size=14; repeatable."),
    embed_fonts: bool = typer.Option(False, "--embed-fonts", help="Embed the subset of the font used in each SVG."),
    depth: Optional[int] = typer.Option(
        None, "--depth", min=0, metavar="N", show_default=False,
        help="Fold everything below depth N into its parent, which says what it holds (1: key themes only)."),
    split: bool = typer.Option(
        False, "--split",
        help="Write an overview folded to key themes (<id>.*) and one detail figure per key theme "
             "(<id>--<theme-id>.*)."),
) -> None:
    """Render theme files as figures named OUT/<id>.<format>.

    Every file is checked first: if any is invalid, its problems are printed
    (as by validate) and nothing is written.

    Style, later wins: the default sheet, each --style, the map's own style:
    block, each --set.  A style that fails the accessibility check (see
    'mindmap styles check') gives a warning on stderr.

    With --split, --depth folds the detail figures (counted within each: 2
    keeps the theme's own sub-themes).  An html figure holds the whole map
    and opens folded at --depth.

    Example: mindmap render themes/h9-process.yaml -o gallery -f svg -f pdf
    Example: mindmap render themes/big.yaml -o figures --split -f svg -f html
    Example: mindmap render themes/*.yaml -o print --style print-mono --set theme.font.size=12
    """
    import sys

    from ..errors import UserError
    from ..layout import LAYOUTS
    from ..loading import load_maps
    from ..render import FORMATS, describe_outputs, render_map, render_split, write_outputs

    wanted = list(dict.fromkeys(formats or ["svg", "png"]))
    for fmt in wanted:
        if fmt not in FORMATS:
            raise UserError(f"unknown format '{fmt}'; choose from: {', '.join(FORMATS)}")
    if layout not in LAYOUTS:
        raise UserError(f"unknown layout '{layout}'; choose one of: {', '.join(LAYOUTS)}")
    from ..stylecheck import check_style
    from ..styles import StyleError, resolve_style
    from ..stylesheets import map_layers, parse_set, sheet_layers

    layers = sheet_layers(styles or [])  # every sheet checked before any map is read
    on_top = parse_set(sets or [])
    maps = load_maps(files)
    warned: set[str] = set()
    for path, mind_map in zip(files, maps):
        own = map_layers(path, mind_map.style)  # its problems with file:line:col; extends followed
        try:
            style = resolve_style(*layers, *own, on_top)
        except StyleError as exc:
            raise UserError(exc.message.replace("style: ", f"{path}: style: ")) from None
        key = style.model_dump_json()
        if key not in warned:
            warned.add(key)
            failing = [row for row in check_style(style) if not row.ok]
            if failing:
                print(f"warning: {path}: the style fails {len(failing)} accessibility check(s), e.g. "
                      f"{failing[0].what} ({failing[0].foreground} on {failing[0].background}); "
                      "see 'mindmap styles check'", file=sys.stderr)
        if split:  # <id>.* and <id>--<theme-id>.*, each with its alt text and description
            figures = render_split(mind_map, wanted, style, layout, embed_fonts=embed_fonts, depth=depth)
        else:
            outputs = render_map(mind_map, wanted, style=style, layout=layout, embed_fonts=embed_fonts, depth=depth)
            outputs.update(describe_outputs(mind_map, style))  # <id>.alt.txt, <id>.description.md
            figures = {mind_map.id: outputs}
        for stem, outputs in figures.items():
            for path in write_outputs(outputs, out_dir, stem):
                typer.echo(f"wrote {path}")
