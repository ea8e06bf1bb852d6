"""What every command shares: help options and turning user errors into exit 1."""

from __future__ import annotations

import functools
import sys
from typing import Any, Callable, Final, TypeVar

import typer

from ..errors import EXIT_INVALID, UserError
from ..layout.media import LEGEND_MODES, fit_help

__all__ = ["CONTEXT", "command_paths", "fail", "fit_option", "heading_option", "legend_option", "report_user_errors"]

CONTEXT: Final = {"help_option_names": ["-h", "--help"]}
F = TypeVar("F", bound=Callable[..., Any])


def fail(lines: list[str]) -> typer.Exit:
    """Print problems on stderr and give the exit that says 'invalid input'."""
    for line in lines:
        print(line, file=sys.stderr)
    return typer.Exit(EXIT_INVALID)


def report_user_errors(command: F) -> F:
    """Run a command; a :class:`UserError` becomes its messages on stderr and exit 1."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except UserError as exc:
            raise fail(exc.lines()) from None
        except KeyboardInterrupt:
            print("interrupted; outputs already written are complete, others untouched", file=sys.stderr)
            raise typer.Exit(130) from None

    return wrapper  # type: ignore[return-value]


def command_paths(app: typer.Typer) -> list[list[str]]:
    """Every command path of ``app``, in the order its help lists them, groups before their commands."""
    import typer.main

    paths: list[list[str]] = []

    def visit(group: Any, path: list[str]) -> None:
        for name in group.list_commands(None):
            command = group.get_command(None, name)
            if command is None or getattr(command, "hidden", False):
                continue
            paths.append([*path, name])
            if hasattr(command, "list_commands"):
                visit(command, [*path, name])

    visit(typer.main.get_command(app), [])
    return paths


def fit_option() -> Any:
    """``--fit``: the medium the figure is composed for."""
    return typer.Option("page", "--fit", help=f"Compose the figure for {fit_help()}.")


def legend_option() -> Any:
    """``--legend``: which legend the figure carries."""
    return typer.Option(
        "auto", "--legend",
        help=f"{', '.join(LEGEND_MODES[:-1])} or {LEGEND_MODES[-1]}: auto explains only what the map has; "
        "separate draws no legend in the figures and writes it once as legend.<format>.")


def heading_option() -> Any:
    """``--heading/--no-heading``: the title and hypothesis inside the picture."""
    return typer.Option(None, "--heading/--no-heading", show_default=False,
                        help="Title and hypothesis inside the picture. Default: yes, except with --fit slide.")
