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


def with_count(label: str, n: int | None, fmt: str) -> str:
    """``Label [n=12]``: the label on one line, then its count when it has one."""
    return flat(label) + (f" {fmt.format(n=n)}" if n is not None else "")
