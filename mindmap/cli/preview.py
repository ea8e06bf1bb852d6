"""``mindmap preview``: a map's structure in the terminal, with its lint warnings."""

from __future__ import annotations

from pathlib import Path
from typing import List

import typer

from ._common import fail, report_user_errors

__all__ = ["preview"]


@report_user_errors
def preview(
    files: List[Path] = typer.Argument(..., help="Theme files (.yaml, .yml or .json).", show_default=False),
    strict: bool = typer.Option(False, "--strict", help="Treat lint warnings as errors (exit 1)."),
) -> None:
    """Show each map's structure as a tree: headline, key themes with n and
    description, sub-themes, connections, quotes, then any lint warnings.

    Instant (no layout, no Graphviz): run it as often as you save.  An invalid
    file prints its problems as FILE:LINE:COL and exits 1.

    Example: mindmap preview themes/h9-process.yaml
    """
    from rich.console import Console
    from rich.text import Text

    from ..analysis.lint import lint_file
    from ..analysis.preview import preview_tree
    from ..errors import InputError
    from ..safety import escape_control

    console = Console(highlight=False)
    problems: list[str] = []
    warned = False
    for path in files:
        try:
            mind_map, warnings = lint_file(path)
        except InputError as exc:
            problems.extend(exc.lines())
            continue
        console.print(preview_tree(mind_map, escape_control(str(path))))
        if warnings:
            warned = True
            console.print(Text(f"{len(warnings)} warning{'s' if len(warnings) != 1 else ''}:", style="bold yellow"))
            for warning in warnings:
                console.print(Text(str(warning), style="yellow"), soft_wrap=True)
        console.print()
    if problems or (strict and warned):
        raise fail(problems)
