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
) -> None:
    """Check theme files: a summary line for each valid one, else every problem.

    Problems go to stderr as FILE:LINE:COL: field.path: message, and the exit
    status is 1.

    Example: mindmap validate themes/*.yaml
    """
    from ..errors import InputError
    from ..loading import load_map
    from ..summary import summary_line

    problems: list[str] = []
    for path in files:
        try:
            mind_map = load_map(path)
        except InputError as exc:
            problems.extend(exc.lines())
            continue
        typer.echo(f"{path}: {summary_line(mind_map)}")
    if problems:
        raise fail(problems)
