"""``mindmap styles``: list the style sheets, show one fully resolved, check its accessibility."""

from __future__ import annotations

from typing import List, Optional

import typer

from ._common import CONTEXT, report_user_errors

__all__ = ["styles_app"]

styles_app = typer.Typer(
    name="styles",
    help="Style sheets: list them, show one fully resolved, check its contrast.\n\n"
    "Example: mindmap styles check print-mono",
    context_settings=CONTEXT,
    no_args_is_help=True,
    rich_markup_mode=None,
)


@styles_app.command("list", context_settings=CONTEXT)
@report_user_errors
def list_sheets() -> None:
    """Every sheet usable by name, where it was found, and what it is for.

    Example: mindmap styles list
    """
    from ..safety import escape_control
    from ..style.library import available_sheets

    sheets = available_sheets()
    width = max(len(s.name) for s in sheets)
    origin_w = max(len(s.origin) for s in sheets)
    path_w = max(len(str(s.path)) for s in sheets)
    for sheet in sheets:
        line = (
            f"{sheet.name.ljust(width)}  {sheet.origin.ljust(origin_w)}  "
            f"{str(sheet.path).ljust(path_w)}  {sheet.description}"
        )
        typer.echo(escape_control(line.rstrip()))  # a project sheet's description is anyone's text


@styles_app.command("show", context_settings=CONTEXT)
@report_user_errors
def show(
    names: List[str] = typer.Argument(..., help="Sheet names or paths, composed left to right.", show_default=False),
    sets: Optional[List[str]] = typer.Option(
        None, "--set", metavar="KEY=VALUE", help="KEY=VALUE on top, e.g. theme.font.size=14."
    ),
) -> None:
    """Print the fully resolved sheet as YAML: every key, as it would be used.

    Example: mindmap styles show high-contrast
    """
    import yaml

    from ..style.library import compose_style

    style = compose_style(names, None, sets or [])
    data = style.model_dump(mode="json")
    for group in ("look", "scale"):  # a level's changes: only the keys it sets
        levels = data[group]["subtheme"]["by_depth"]
        for level, changes in levels.items():
            levels[level] = {k: v for k, v in changes.items() if v is not None}
    typer.echo(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100), nl=False)


@styles_app.command("check", context_settings=CONTEXT)
@report_user_errors
def check(
    names: List[str] = typer.Argument(..., help="Sheet names or paths, composed left to right.", show_default=False),
    sets: Optional[List[str]] = typer.Option(
        None, "--set", metavar="KEY=VALUE", help="KEY=VALUE on top, e.g. theme.font.size=14."
    ),
    level: str = typer.Option("AA", "--level", help="AA (4.5:1 text) or AAA (7:1 text)."),
) -> None:
    """Check text and line contrast (WCAG) and that connections differ by more than colour.

    Prints each pair with its ratio; exit 1 if any fails.

    Example: mindmap styles check print-mono
    """
    from ..errors import UserError
    from ..style.check import check_style, format_checks
    from ..style.library import compose_style

    if level not in ("AA", "AAA"):
        raise UserError(f"unknown level '{level}'; choose AA or AAA")
    style = compose_style(names, None, sets or [])
    from ..safety import escape_control

    rows = check_style(style, level)  # type: ignore[arg-type]
    typer.echo("\n".join(escape_control(line) for line in format_checks(rows).split("\n")))  # font names are text
    if not all(r.ok for r in rows):
        raise typer.Exit(1)
