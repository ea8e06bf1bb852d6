"""A Mermaid ``mindmap`` of the map, with every label kept exactly.

Mermaid reads ``Label [n=12]`` as a node of square shape whose text is
``n=12``, so every node here is written as ``id["text"]`` with the text
quoted, and the characters Mermaid would still act on are written as its
entity codes: ``#`` as ``#35;`` (first, so no label can spell an entity),
``"`` as ``#quot;``, ``<`` and ``>`` as ``#lt;`` and ``#gt;`` (Mermaid strips
anything that looks like an HTML tag), ``&`` as ``#amp;`` and the backtick as
``#96;`` (it would start a Markdown string), and ``*``, ``_`` and ``~`` as
``#42;``, ``#95;`` and ``#126;`` (Mermaid's labels are Markdown: they would
become emphasis).  Mermaid mind maps have no
cross-links: connections between key themes are kept as ``%%`` comments.
"""

from __future__ import annotations

import json
from typing import Final, Iterator

from ..model.theme import MindMap, Theme
from ._text import count_format, flat, with_count

__all__ = ["escape_mermaid", "to_mermaid"]

_ENTITIES: Final = (
    ("#", "#35;"),
    ('"', "#quot;"),
    ("<", "#lt;"),
    (">", "#gt;"),
    ("&", "#amp;"),
    ("`", "#96;"),
    ("*", "#42;"),
    ("_", "#95;"),
    ("~", "#126;"),
)


def escape_mermaid(text: str) -> str:
    """Text for inside a quoted Mermaid label, shown as it is.

    >>> escape_mermaid('Say "no" to <staff> #1 & more')
    'Say #quot;no#quot; to #lt;staff#gt; #35;1 #amp; more'
    """
    text = flat(text)
    for char, code in _ENTITIES:
        text = text.replace(char, code)
    return text


def _node(ident: str, text: str, shape: tuple[str, str] = ("[", "]")) -> str:
    return f'{ident}{shape[0]}"{escape_mermaid(text)}"{shape[1]}'


def _quote_text(text: str, attribution: str | None) -> str:
    return f"“{flat(text)}”" + (f" ({flat(attribution)})" if attribution else "")


def to_mermaid(mind_map: MindMap) -> str:
    """The map as Mermaid source text.

    >>> m = MindMap(id="x", title="T", headline="Centre", themes=[{"label": "A", "n": 3}])
    >>> print(to_mermaid(m), end="")
    ---
    title: "T"
    ---
    mindmap
      root(("Centre"))
        t1["A [n=3]"]
    """
    fmt = count_format(mind_map)
    counter = 0

    def ident() -> str:
        nonlocal counter
        counter += 1
        return f"t{counter}"

    def subtree(theme: Theme, depth: int) -> Iterator[str]:
        pad = "  " * depth
        yield pad + _node(ident(), with_count(theme.label, theme.n, fmt))
        for sub in theme.subthemes:
            yield from subtree(sub, depth + 1)
        for q in mind_map.quotes:
            if depth == 2 and q.theme == theme.key:
                yield "  " * (depth + 1) + _node(ident(), _quote_text(q.text, q.attribution), ("(", ")"))

    # The front matter is YAML: a JSON string is a valid YAML double-quoted scalar.
    title = json.dumps(flat(mind_map.title), ensure_ascii=False)
    lines = ["---", f"title: {title}", "---", "mindmap"]
    lines.append("  " + _node("root", with_count(mind_map.headline, mind_map.n, fmt), ("((", "))")))
    for theme in mind_map.themes:
        lines.extend(subtree(theme, 2))
    for q in mind_map.quotes:
        if not q.theme:
            lines.append("    " + _node(ident(), _quote_text(q.text, q.attribution), ("(", ")")))
    labels = {t.key: flat(t.label) for t in mind_map.themes}
    for c in mind_map.connections:
        a, b = (labels[k] for k in c.between)
        words = f" ({flat(c.label)})" if c.label else ""
        lines.append(f"%% connection: {a} <-> {b}{words}".replace("\n", " "))
    return "\n".join(lines) + "\n"
