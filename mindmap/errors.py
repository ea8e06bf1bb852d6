"""The errors mindmap raises for users, as opposed to its own bugs.

A :class:`UserError` is something the person running mindmap can fix: a broken
theme file, an unknown style, a missing file.  The wording helpers every message
goes through live here too: :func:`escape_control` (no input reaches a terminal
raw) and :func:`more_line` (what stands for the problems left out).  Only the command line catches
these; it prints them to stderr and exits with status 1.  Anything else is a
bug in mindmap and keeps its traceback.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Any, Callable, Final, Mapping

__all__ = [
    "BIDI_CONTROLS",
    "EXIT_INVALID",
    "EXIT_USAGE",
    "InputError",
    "Problem",
    "UserError",
    "escape_control",
    "more_line",
]

EXIT_INVALID: Final = 1
EXIT_USAGE: Final = 2


# Bidirectional embeddings, overrides and isolates: they reorder the text after them.
BIDI_CONTROLS: Final = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
# C0, DEL, C1, the bidi controls, and the line and paragraph separators (line breaks to YAML).
_CONTROL: Final = re.compile(f"[\x00-\x1f\x7f-\x9f\u2028\u2029{BIDI_CONTROLS}]")
_NAMED: Final = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def escape_control(text: str) -> str:
    r"""``text`` with control characters and bidirectional overrides made visible.

    >>> escape_control("a\x1b]0;TITLE\x07b")
    'a\\x1b]0;TITLE\\x07b'
    >>> escape_control("tab\there, C1 \x9b, RLO \u202e, é and 中文 kept")
    'tab\\there, C1 \\x9b, RLO \\u202e, é and 中文 kept'
    """

    def visible(match: re.Match[str]) -> str:
        char = match.group()
        if char in _NAMED:
            return _NAMED[char]
        code = ord(char)
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"

    return _CONTROL.sub(visible, text)


def more_line(rest: int) -> str:
    """The line that stands for ``rest`` messages left out."""
    return f"... and {rest:,} more problem{'s' if rest != 1 else ''} not shown; fix these and run again"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one input file, located as precisely as we can."""

    file: str
    line: int
    column: int
    field: str
    message: str

    def __str__(self) -> str:
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
        return [str(p) for p in self.problems] + ([more_line(self.more)] if self.more else [])


def word_error(
    error: Mapping[str, Any],
    *,
    specific: Callable[[Mapping[str, Any]], str | None],
    allowed: Callable[[tuple[Any, ...]], list[str]],
    describe: Callable[[Any], str],
    cutoff: float = 0.6,
) -> str:
    """A pydantic validation error in a user's words: the one place they are chosen, by the error's type.

    ``specific`` words the errors of one kind of file (a theme file, a style sheet) and returns
    None for the rest, which are worded here alike for every file: an unknown key (with "did
    you mean" from ``allowed(loc)``, else the keys allowed), a missing key, a value that should
    be a mapping (``describe(value)`` names what it is instead), and pydantic's own words last.

    >>> word_error({"type": "extra_forbidden", "loc": ("colour",)}, specific=lambda e: None,
    ...            allowed=lambda loc: ["color", "size"], describe=str)
    "unknown key 'colour'; did you mean 'color'?"
    """
    message = specific(error)
    if message is not None:
        return message
    kind = error["type"]
    loc = tuple(error["loc"])
    value = error.get("input")
    if kind == "extra_forbidden":
        keys = allowed(loc)
        close = difflib.get_close_matches(str(loc[-1]), keys, n=1, cutoff=cutoff)
        hint = f"; did you mean '{close[0]}'?" if close else f"; allowed keys: {', '.join(keys)}"
        return f"unknown key '{loc[-1]}'{hint}"
    if kind == "missing":
        return "required key is missing"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return f"must be a mapping of keys, not {describe(value)}"
    return str(error["msg"])
