"""Counts as the figure shows them: whole numbers, and small counts withheld as ``<K``.

A theme's ``n`` is a whole number or a suppressed count :class:`~mindmap.model.Suppressed`
(``"<5"``: at least 1 and fewer than 5), as NHS publications write small numbers.
Every place that writes or compares counts goes through these functions.  Pure.
"""

from __future__ import annotations

import re
from typing import Final

from .theme import Suppressed

__all__ = ["count_range", "count_upper", "format_count", "is_suppressed", "suppress"]

_EQUALS: Final = re.compile(r"\s*=\s*\{n\}")


def is_suppressed(n: object) -> bool:
    """Whether ``n`` is a withheld count such as ``"<5"``."""
    return isinstance(n, str)


def format_count(fmt: str, n: int | str) -> str:
    """``n`` in the style's count format; a suppressed count drops the ``=``.

    >>> format_count("[n={n}]", 12), format_count("[n={n}]", Suppressed("<5"))
    ('[n=12]', '[n<5]')
    >>> format_count("({n} responses)", "<5")
    '(<5 responses)'
    """
    if is_suppressed(n):
        return _EQUALS.sub("{n}", fmt).format(n=n)
    return fmt.format(n=n)


def count_range(n: int | str) -> tuple[int, int]:
    """The smallest and largest value ``n`` can stand for.

    >>> count_range(7), count_range("<5")
    ((7, 7), (1, 4))
    """
    if is_suppressed(n):
        below = int(str(n)[1:])
        return 1, below - 1
    return int(n), int(n)


def count_upper(n: int | str | None) -> int:
    """The largest value ``n`` can stand for (0 for none), for sizes drawn from counts."""
    return 0 if n is None else count_range(n)[1]


def suppress(n: int, below: int | None) -> int | Suppressed:
    """``n``, or ``"<below"`` when it is from 1 to ``below - 1``.

    >>> suppress(3, 5), suppress(0, 5), suppress(5, 5), suppress(3, None)
    ('<5', 0, 5, 3)
    """
    if below is not None and 1 <= n < below:
        return Suppressed(f"<{below}")
    return n
