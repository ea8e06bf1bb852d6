"""The errors mindmap raises for users, as opposed to its own bugs.

A :class:`UserError` is something the person running mindmap can fix: a broken
theme file, an unknown style, a missing file.  Only the command line catches
these; it prints them to stderr and exits with status 1.  Anything else is a
bug in mindmap and keeps its traceback.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

__all__ = ["EXIT_INVALID", "EXIT_USAGE", "InputError", "Problem", "UserError"]

EXIT_INVALID: Final = 1
EXIT_USAGE: Final = 2


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one input file, located as precisely as we can."""

    file: str
    line: int
    column: int
    field: str
    message: str

    def __str__(self) -> str:
        from .safety import escape_control  # user text never reaches a terminal raw

        where = f"{escape_control(self.file)}:{self.line}:{self.column}"
        field, message = escape_control(self.field), escape_control(self.message)
        return f"{where}: {field}: {message}" if field else f"{where}: {message}"


class UserError(Exception):
    """Bad input or a bad request: reported to the user, never a traceback."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def lines(self) -> list[str]:
        return [self.message]


class InputError(UserError):
    """Every problem found in one or more input files, in file and line order."""

    def __init__(self, problems: list[Problem], more: int = 0) -> None:
        self.problems = sorted(problems)
        self.more = more  # problems found but not kept (a sheet of 300,000 bad rows)
        super().__init__("\n".join(self.lines()))

    def lines(self) -> list[str]:
        from .safety import more_line

        return [str(p) for p in self.problems] + ([more_line(self.more)] if self.more else [])
