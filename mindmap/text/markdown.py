"""Markdown escaping: an analyst's words shown literally by CommonMark readers, and back."""

from __future__ import annotations

import re
from typing import Final

__all__ = ["escape_markdown", "unescape_markdown"]

_SPACE: Final = re.compile(r"\s+")


def _flat(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


# Characters that start emphasis, code, links, HTML, entities, tables, strike-through,
# maths (markmap's KaTeX) or a closing heading sequence, anywhere in a line ...
_SPECIAL: Final = re.compile(r"([\\`*_\[\]<>#|~&$])")
# ... and those that start a list, block quote or heading underline at its start.
_LEADING: Final = re.compile(r"^(\s*)(?:([-+=:])|(\d+)([.)]))")


def escape_markdown(text: str) -> str:
    r"""Text shown literally by CommonMark readers (markmap uses markdown-it).

    >>> escape_markdown("Staff <time> [n=12] *now*")
    'Staff \\<time\\> \\[n=12\\] \\*now\\*'
    >>> escape_markdown("- 1. not a list")
    '\\- 1. not a list'
    >>> escape_markdown("12) not a list either")
    '12\\) not a list either'
    """
    text = _SPECIAL.sub(r"\\\1", _flat(text))
    return _LEADING.sub(_escape_leading, text)


# CommonMark: a backslash before ASCII punctuation stands for that character.
_ESCAPED: Final = re.compile(r"\\([!-/:-@\[-`{-~])")


def unescape_markdown(text: str) -> str:
    r"""The words that :func:`escape_markdown` escaped, as written (for plain-text places).

    >>> unescape_markdown(escape_markdown("Staff <time> [n=12] *now* \\ - x"))
    'Staff <time> [n=12] *now* \\ - x'
    """
    return _ESCAPED.sub(r"\1", text)


def _escape_leading(match: re.Match[str]) -> str:
    indent, mark, digits, dot = match.groups()
    return f"{indent}\\{mark}" if mark else f"{indent}{digits}\\{dot}"
