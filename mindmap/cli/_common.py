"""What every command shares: help options and turning user errors into exit 1."""

from __future__ import annotations

import functools
import gc
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Callable, Final, TypeVar

import typer

from ..errors import EXIT_INVALID, UserError
from ..layout.media import LEGEND_MODES, fit_help

__all__ = [
    "CONTEXT",
    "collector_paused",
    "command_paths",
    "fail",
    "fit_option",
    "heading_option",
    "legend_option",
    "report_user_errors",
]

CONTEXT: Final = {"help_option_names": ["-h", "--help"]}
F = TypeVar("F", bound=Callable[..., Any])


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's automatic garbage collection off for one piece of work, then back as it was.

    What reading a map and drawing it build stays alive until its figure is written, so the
    collector's repeated passes over it free next to nothing: on a 5,000-node map they were
    about a tenth of the render. Memory is freed as ever when objects are let go; only rare
    reference cycles wait until the collector is on again. The objects still alive at the end
    are moved to the oldest generation (freeze, then unfreeze), so the first collection after
    does not scan them all as new. mypy does the same while it loads its graph (mypy/build.py).
    """
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.unfreeze()
        if was_on:
            gc.enable()


def fail(lines: list[str], code: int = EXIT_INVALID) -> typer.Exit:
    """Print problems on stderr (control characters escaped, at most 50 lines and a
    count of the rest) and give the exit that says 'invalid input' (or ``code``)."""
    from ..safety import cap_lines, escape_control

    shown = [escape_control(part) for line in lines for part in str(line).split("\n")]
    for line in cap_lines(shown):
        print(line, file=sys.stderr)
    return typer.Exit(code)


def _stdout_failed(exc: OSError) -> typer.Exit:
    """Standard output cannot be written (a full disk, a closed pipe): say so, exit 1.

    Standard output is pointed at /dev/null so that Python's own flush at exit
    does not fail a second time with "Exception ignored".
    """
    import os

    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # not a real file (a test runner's buffer)
        pass
    print(f"standard output: cannot write: {exc.strerror or exc}", file=sys.stderr)
    return typer.Exit(EXIT_INVALID)


def _is_stdout_error(exc: OSError) -> bool:
    """A write error with no file name: standard output, the only file written without one."""
    import errno

    return exc.filename is None and exc.errno in (
        errno.EPIPE,
        errno.ENOSPC,
        errno.EIO,
        errno.EFBIG,
        getattr(errno, "EDQUOT", -1),
    )


def report_user_errors(command: F) -> F:
    """Run a command; a :class:`UserError` becomes its messages on stderr and exit 1."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            try:
                result = command(*args, **kwargs)
            except typer.Exit:
                sys.stdout.flush()  # a full disk or a closed pipe shows here, not at exit
                raise
            sys.stdout.flush()
            return result
        except UserError as exc:
            raise fail(exc.lines(), getattr(exc, "exit_code", EXIT_INVALID)) from None
        except OSError as exc:
            if _is_stdout_error(exc):
                raise _stdout_failed(exc) from None
            raise
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
        "auto",
        "--legend",
        help=f"{', '.join(LEGEND_MODES[:-1])} or {LEGEND_MODES[-1]}: auto explains only what the map has; "
        "separate draws no legend in the figures and writes it once as legend.<format>.",
    )


def heading_option() -> Any:
    """``--heading/--no-heading``: the title and hypothesis inside the picture."""
    return typer.Option(
        None,
        "--heading/--no-heading",
        show_default=False,
        help="Title and hypothesis inside the picture. Default: yes, except with --fit slide.",
    )
