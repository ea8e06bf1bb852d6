"""What every command shares: help options and turning user errors into exit 1."""

from __future__ import annotations

import functools
import sys
from typing import Any, Callable, Final, TypeVar

import typer

from ..errors import EXIT_INVALID, UserError

__all__ = ["CONTEXT", "command_paths", "report_user_errors", "fail"]

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
