"""``mindmap validate``: check theme files and say what is wrong, line by line."""

from __future__ import annotations

from pathlib import Path
from typing import List

import typer

from ._common import fail, report_user_errors

__all__ = ["validate"]


@report_user_errors
def validate(
    files: List[Path] = typer.Argument(..., help="Theme files (.yaml, .yml or .json).", show_default=False),
    strict: bool = typer.Option(False, "--strict", help="Treat lint warnings as errors (exit 1)."),
) -> None:
    """Check theme files: a summary line for each valid one, else every problem.

    Problems go to stderr as FILE:LINE:COL: field.path: message, and the exit
    status is 1.  Lint warnings (likely mistakes in a valid file, such as a
    sub-theme counted higher than its theme) go to stderr too; with --strict
    they also make the exit status 1.

    Example: mindmap validate themes/*.yaml
    """
    from ..analysis.lint import lint_file
    from ..errors import InputError
    from ..model.summary import summary_line
    from ..safety import escape_control
    from ..style.library import check_map_style

    problems: list[str] = []
    warnings: list[str] = []
    for path in files:
        try:
            mind_map, found = lint_file(path)
            check_map_style(path, mind_map.style)  # the map's own style: block, located
        except InputError as exc:
            problems.extend(exc.lines())
            continue
        typer.echo(escape_control(f"{path}: {summary_line(mind_map)}"))
        warnings.extend(str(w) for w in found)
    for line in warnings:
        typer.echo(line, err=True)
    if problems or (strict and warnings):
        raise fail(problems)
