"""``mindmap render``: theme files to SVG, PNG, PDF and interactive HTML figures."""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from ..publish.formats import format_help
from ._common import collector_paused, fit_option, heading_option, legend_option, report_user_errors

__all__ = ["render"]


@report_user_errors
def render(
    files: List[Path] = typer.Argument(..., help="Theme files (.yaml, .yml or .json).", show_default=False),
    out_dir: Path = typer.Option(Path("."), "-o", "--out", help="Folder for the figures."),
    formats: Optional[List[str]] = typer.Option(
        None, "-f", "--format", help=f"{format_help()}; repeat for several. Default: svg and png."
    ),
    layout: str = typer.Option("radial", "--layout", help="radial (headline at the centre) or tree (left to right)."),
    styles: Optional[List[str]] = typer.Option(
        None,
        "--style",
        metavar="NAME|PATH",
        help="Style sheet name or path; repeat to compose, left to right (see 'mindmap styles list').",
    ),
    sets: Optional[List[str]] = typer.Option(
        None,
        "--set",
        metavar="KEY=VALUE",
        help="KEY=VALUE on top of everything, e.g. --set theme.font.size=14; repeatable.",
    ),
    embed_fonts: bool = typer.Option(False, "--embed-fonts", help="Embed the subset of the font used in each SVG."),
    fit: str = fit_option(),
    legend: str = legend_option(),
    heading: Optional[bool] = heading_option(),
    depth: Optional[int] = typer.Option(
        None,
        "--depth",
        min=0,
        metavar="N",
        show_default=False,
        help="Fold everything below depth N into its parent, which says what it holds (1: key themes only).",
    ),
    split: bool = typer.Option(
        False,
        "--split",
        help="Write an overview folded to key themes (<id>.*) and one detail figure per key theme "
        "(<id>--<theme-id>.*).",
    ),
) -> None:
    """Render theme files as figures named OUT/<id>.<format>.

    Every file is checked first: if any is invalid, its problems are printed
    (as by validate) and nothing is written.

    Style, later wins: the default sheet, each --style, the map's own style:
    block, each --set.  A style that fails the accessibility check (see
    'mindmap styles check') gives a warning on stderr.

    Each figure is composed for where it is printed (--fit): a report page by
    default.  A figure whose smallest text would still print below 7 pt gives
    a warning on stderr, with what to try.

    With --split, --depth folds the detail figures (counted within each: 2
    keeps the theme's own sub-themes).  An html figure holds the whole map
    and opens folded at --depth.

    Example: mindmap render themes/h9-process.yaml -o gallery -f svg -f pdf
    Example: mindmap render themes/h9-process.yaml -o slides -f png --fit slide
    Example: mindmap render themes/big.yaml -o figures --split -f svg -f html
    Example: mindmap render themes/*.yaml -o print --style print-mono --set theme.font.size=12
    """
    import sys

    from ..load.reader import load_maps
    from ..publish.formats import check_formats
    from ..publish.render import (
        check_choices,
        describe_outputs,
        legibility_warning,
        make_legend_figure,
        render_figures,
        render_split,
        write_outputs,
    )
    from ..style.check import check_style
    from ..style.library import compose_style, parse_set

    wanted = check_formats(formats or ["svg", "png"])
    check_choices(layout, fit, legend)
    from ..safety import escape_control, refuse_output_is_input, refuse_repeated_ids
    from ..style.library import load_sheet

    sheets = [layer for ref in styles or [] for layer in load_sheet(ref)]  # every sheet checked before any map is read
    parse_set(sets or [])
    with collector_paused():
        maps = load_maps(files)
    refuse_repeated_ids(files, maps, "figures")
    suffixes = [*wanted, "alt.txt", "description.md"]
    refuse_output_is_input(
        [out_dir / f"{m.id}.{suffix}" for m in maps for suffix in suffixes],
        [*files, *(Path(layer.name) for layer in sheets)],
    )
    warned: set[str] = set()
    for path, mind_map in zip(files, maps):
        with collector_paused():  # each map's objects live until its figures are written
            # the map's block with its problems at file:line:col, its extends followed
            style = compose_style(styles or [], mind_map.style, sets or [], map_path=path)
            key = style.model_dump_json()
            if key not in warned:
                warned.add(key)
                failing = [row for row in check_style(style) if not row.ok]
                if failing:
                    print(
                        escape_control(
                            f"warning: {path}: the style fails {len(failing)} accessibility check(s), "
                            f"e.g. {failing[0].what} ({failing[0].foreground} on {failing[0].background}); "
                            "see 'mindmap styles check'"
                        ),
                        file=sys.stderr,
                    )
            options = {
                "style": style,
                "layout": layout,
                "fit": fit,
                "legend": legend,
                "heading": heading,
                "embed_fonts": embed_fonts,
                "depth": depth,
            }
            if split:  # <id>.* and <id>--<theme-id>.*, each with its alt text and description
                figures, drawn = render_split(mind_map, wanted, **options)  # type: ignore[arg-type]
            else:
                outputs, figure = render_figures(mind_map, wanted, **options)  # type: ignore[arg-type]
                outputs.update(describe_outputs(mind_map, style))  # <id>.alt.txt, <id>.description.md
                figures, drawn = {mind_map.id: outputs}, [figure]
            for figure in drawn:
                warning = legibility_warning(figure, fit)
                if warning:
                    print(escape_control(f"warning: {path}: {warning}"), file=sys.stderr)
                    break
            for stem, outputs in figures.items():
                for written in write_outputs(outputs, out_dir, stem):
                    typer.echo(escape_control(f"wrote {written}"))
    if legend == "separate":
        first = compose_style(styles or [], maps[0].style, sets or [], map_path=files[0])
        for written in write_outputs(make_legend_figure(first, wanted), out_dir, "legend"):
            typer.echo(escape_control(f"wrote {written}"))
