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
    styles: Optional[List[str]] = typer.Option(
        None, "--style", metavar="NAME|PATH",
        help="Style sheet name or path; repeat to compose, left to right (see 'mindmap styles list')."),
    sets: Optional[List[str]] = typer.Option(
        None, "--set", metavar="KEY=VALUE",
        help="KEY=VALUE on top of everything, e.g. --set theme.font.size=14; repeatable."),
    embed_fonts: bool = typer.Option(False, "--embed-fonts", help="Embed the subset of the font used in each SVG."),
) -> None:
    """Render theme files as figures named OUT/<id>.<format>.

    Every file is checked first: if any is invalid, its problems are printed
    (as by validate) and nothing is written.

    Style, later wins: the default sheet, each --style, the map's own style:
    block, each --set.  A style that fails the accessibility check (see
    'mindmap styles check') gives a warning on stderr.

    Example: mindmap render themes/h9-process.yaml -o gallery -f svg -f pdf
    Example: mindmap render themes/*.yaml -o print --style print-mono --set theme.font.size=12
    """
    import sys

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
    from ..stylecheck import check_style
    from ..styles import StyleError, resolve_style
    from ..safety import escape_control, refuse_output_is_input, refuse_repeated_ids
    from ..stylesheets import load_sheet, map_layers, parse_set

    sheets = [layer for ref in styles or [] for layer in load_sheet(ref)]  # every sheet checked before any map is read
    layers = [layer.data for layer in sheets]
    on_top = parse_set(sets or [])
    maps = load_maps(files)
    refuse_repeated_ids(files, maps, "figures")
    suffixes = [*wanted, "alt.txt", "description.md"]
    refuse_output_is_input([out_dir / f"{m.id}.{suffix}" for m in maps for suffix in suffixes],
                           [*files, *(Path(layer.name) for layer in sheets)])
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
                print(escape_control(f"warning: {path}: the style fails {len(failing)} accessibility check(s), e.g. "
                                     f"{failing[0].what} ({failing[0].foreground} on {failing[0].background}); "
                                     "see 'mindmap styles check'"), file=sys.stderr)
        outputs = render_map(mind_map, wanted, style=style, layout=layout, embed_fonts=embed_fonts)
        outputs.update(describe_outputs(mind_map, style))  # <id>.alt.txt, <id>.description.md
        for path in write_outputs(outputs, out_dir, mind_map.id):
            typer.echo(escape_control(f"wrote {path}"))
