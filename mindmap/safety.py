"""Guards every command shares: outputs that would overwrite inputs, text that
would drive the terminal, and "files" that are really pipes or devices.

* :func:`refuse_output_is_input`: an output path that is one of the inputs
  (the same file once links are resolved) is a usage error (exit 2), raised
  before anything is written.
* :func:`escape_control`: user text shown in a message, with every control
  character (C0, DEL, C1) and bidirectional override written as a visible
  escape (``\\x1b``, ``\\u202e``), so a theme file or a spreadsheet cell cannot
  retitle, clear or reorder the terminal.
* :func:`open_regular`: a file opened for reading only if it is a regular
  file; a FIFO, a device or a socket is refused without blocking on it.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path
from typing import Any, BinaryIO, Final, Iterable, Sequence

from .errors import BIDI_CONTROLS, EXIT_USAGE, InputError, Problem, UserError, escape_control, more_line

__all__ = [
    "BIDI_CONTROLS",
    "MAX_MESSAGES",
    "NotRegularFile",
    "UsageError",
    "cap_lines",
    "escape_control",
    "open_regular",
    "read_regular",
    "refuse_output_is_input",
    "refuse_repeated_ids",
    "same_file",
]

MAX_MESSAGES: Final = 50
_MORE: Final = re.compile(r"\.\.\. and ([0-9,]+) more problems? not shown; fix these and run again")


class UsageError(UserError):
    """The command was asked for something it must not do (exit status 2, not 1)."""

    exit_code: int = EXIT_USAGE


def cap_lines(lines: list[str], limit: int = MAX_MESSAGES) -> list[str]:
    """At most ``limit`` lines, then one line counting the rest.

    >>> cap_lines(["a", "b", "c"], 2)
    ['a', 'b', '... and 1 more problem not shown; fix these and run again']
    """
    shown: list[str] = []
    hidden = 0
    for line in lines:
        counted = _MORE.fullmatch(line)
        if counted:  # a count of problems already left out, added to ours
            hidden += int(counted.group(1).replace(",", ""))
        elif len(shown) < limit:
            shown.append(line)
        else:
            hidden += 1
    return [*shown, more_line(hidden)] if hidden else shown


def same_file(a: Path, b: Path) -> bool:
    """Whether two paths name the same file, after resolving links (either may not exist yet)."""
    try:
        if Path(a).resolve() == Path(b).resolve():
            return True
    except (OSError, RuntimeError):  # a loop of links: compare what can be compared below
        pass
    try:
        return os.path.samefile(a, b)  # a case-insensitive file system, another name for the folder
    except OSError:
        return False


def refuse_output_is_input(outputs: Iterable[Path], inputs: Iterable[Path], *, what: str = "output") -> None:
    """Raise :class:`UsageError` if any output is one of the inputs.

    Called by every command that writes, before it writes (and, where the
    output names are known from the arguments alone, before it reads).
    """
    inputs = [Path(p) for p in inputs]
    for out in outputs:
        for source in inputs:
            if same_file(Path(out), source):
                same = "" if str(out) == str(source) else f" (the same file as {source})"
                raise UsageError(
                    f"{escape_control(str(out))}: the {what} would overwrite an input{escape_control(same)}; "
                    "choose another output (-o)"
                )


class NotRegularFile(OSError):
    """A path that is a folder, pipe, device or socket where a file was expected."""

    def __init__(self, path: Path, kind: str) -> None:
        super().__init__(f"is {kind}, not a regular file")
        self.kind = kind
        self.filename = str(path)


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def open_regular(path: Path) -> BinaryIO:
    """``path`` opened for reading in binary, if it is a regular file.

    Opened without blocking (a FIFO with no writer would otherwise wait for
    ever), then checked with ``fstat`` on the open file, so a swap between the
    check and the read is impossible.  Raises :class:`NotRegularFile` for
    anything else, or the :class:`OSError` of the open.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags)
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise NotRegularFile(Path(path), _kind(mode))
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_regular(path: Path, max_bytes: int) -> bytes:
    """A regular file's bytes, at most ``max_bytes`` (one more, to tell it is over).

    Every failure is an :class:`~mindmap.errors.InputError` at ``PATH:1:1``.
    """
    name = str(path)

    def fail(message: str) -> InputError:
        return InputError([Problem(name, 1, 1, "", message)])

    try:
        with open_regular(Path(path)) as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > max_bytes:
                raise fail(f"file is {size:,} bytes, over the limit of {max_bytes:,} bytes")
            raw = handle.read(max_bytes + 1)
        if len(raw) > max_bytes:
            raise fail(f"holds more than the limit of {max_bytes:,} bytes")
        return raw
    except NotRegularFile as exc:
        raise fail(f"{exc.args[0]}; give the file itself") from None
    except FileNotFoundError:
        raise fail("no such file") from None
    except PermissionError:
        raise fail("cannot be read: permission denied") from None
    except IsADirectoryError:
        raise fail("is a folder, not a file") from None
    except OSError as exc:
        raise fail(f"cannot be read: {exc.strerror or exc}") from None


def refuse_repeated_ids(files: Sequence[Path], maps: Sequence[Any], what: str = "figures") -> None:
    """Raise :class:`~mindmap.errors.UserError` naming both files when two maps share an id
    (their outputs, named by id, would overwrite each other)."""
    first: dict[str, Path] = {}
    for path, mind_map in zip(files, maps):
        if mind_map.id in first:
            raise UserError(
                f"{escape_control(str(path))}: id '{mind_map.id}' is also the id of "
                f"{escape_control(str(first[mind_map.id]))}; their {what} would overwrite each other; "
                "give each map its own id"
            )
        first[mind_map.id] = path
