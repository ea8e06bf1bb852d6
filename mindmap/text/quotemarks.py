"""Quotation marks around a quote, once: a quote the analyst already put in marks keeps its own.

>>> quoted("Just get on with it")
'“Just get on with it”'
>>> quoted('"Just get on with it," she said')
'"Just get on with it," she said'
"""

from __future__ import annotations

from typing import Final

__all__ = ["OPENING_MARKS", "has_own_marks", "quoted"]

# Marks a quote may open with: straight and curly double, low-9, guillemets, single curly.
OPENING_MARKS: Final = '"“”„«»‘‚「『'


def has_own_marks(text: str) -> bool:
    """Whether ``text`` starts with a quotation mark of its own."""
    return text.lstrip()[:1] in OPENING_MARKS if text.strip() else False


def quoted(text: str, opening: str = "“", closing: str = "”") -> str:
    """``text`` in quotation marks, unless it starts with one already (then as it is)."""
    return text if has_own_marks(text) else f"{opening}{text}{closing}"
