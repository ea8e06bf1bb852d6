"""One-line summaries of a map, for the command line.  Pure."""

from __future__ import annotations

from .theme import MindMap

__all__ = ["summary_line"]


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def summary_line(mind_map: MindMap) -> str:
    """``ok: h9-process, 6 key themes, 0 sub-themes, ...``

    >>> m = MindMap(id="a", title="A", headline="H", themes=[{"label": "x", "subthemes": [{"label": "y"}]}])
    >>> summary_line(m)
    'ok: a, 1 key theme, 1 sub-theme, 0 connections, 0 quotes'
    """
    subthemes = sum(1 for _, depth in mind_map.walk() if depth > 1)
    parts = [
        f"ok: {mind_map.id}",
        _plural(len(mind_map.themes), "key theme"),
        _plural(subthemes, "sub-theme"),
        _plural(len(mind_map.connections), "connection"),
        _plural(len(mind_map.quotes), "quote"),
    ]
    if mind_map.n is not None:
        parts.append(f"n{mind_map.n}" if isinstance(mind_map.n, str) else f"n={mind_map.n}")
    return ", ".join(parts)
