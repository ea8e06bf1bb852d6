"""What every outline export shares: a node's words as the figure shows them."""

from __future__ import annotations

import re
from typing import Final

from ..model.theme import MindMap

__all__ = ["count_format", "flat", "with_count"]

_SPACE: Final = re.compile(r"\s+")


def flat(text: str) -> str:
    """Text on one line: runs of white space (newlines included) become one space."""
    return _SPACE.sub(" ", text).strip()


def count_format(mind_map: MindMap) -> str:
    """How this map writes counts (``[n=12]`` in the house style)."""
    from ..style.library import compose_style

    return compose_style(map_style=mind_map.style).look.count_format


def with_count(label: str, n: int | str | None, fmt: str) -> str:
    """``Label [n=12]`` (``Label [n<5]`` when suppressed): the label on one line, then its count when it has one."""
    from ..model.counts import format_count

    return flat(label) + (f" {format_count(fmt, n)}" if n is not None else "")
