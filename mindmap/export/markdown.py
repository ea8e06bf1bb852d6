"""A heading and list outline of the map, for markmap and any Markdown reader.

The tree is the same wherever it is read: the headline is the one level-1
heading (the root), each key theme a level-2 heading, and everything under a
key theme a nested list item: its description (in italics), its sub-themes,
its connections (prefixed ``↔``) and its quotes.  Quotes about the whole map
follow as a last level-2 heading.  Every label is escaped so that no Markdown
reader turns ``[n=12]``, ``*`` or ``<staff>`` into links, emphasis or HTML.
"""

from __future__ import annotations

from typing import Iterator

from ..model.theme import MindMap, Theme
from ..text.markdown import escape_markdown, unescape_markdown
from ._text import count_format, with_count

__all__ = ["escape_markdown", "to_markdown", "unescape_markdown"]


def _quote(text: str, attribution: str | None) -> str:
    body = f"“{escape_markdown(text)}”"  # always: mindmap import reads a quote by its marks
    return f"*{body}*" + (f" ({escape_markdown(attribution)})" if attribution else "")


def _subthemes(themes: list[Theme], level: int, fmt: str) -> Iterator[str]:
    for theme in themes:
        yield f"{'  ' * level}- {escape_markdown(with_count(theme.label, theme.n, fmt))}"
        if theme.description:
            yield f"{'  ' * (level + 1)}- *{escape_markdown(theme.description)}*"
        yield from _subthemes(theme.subthemes, level + 1, fmt)


def to_markdown(mind_map: MindMap) -> str:
    """The outline as Markdown text.

    >>> m = MindMap(id="x", title="T", headline="Centre", n=9,
    ...             themes=[{"id": "a", "label": "A [n=1]", "n": 5, "subthemes": [{"label": "A1"}]},
    ...                     {"id": "b", "label": "B"}], connections=[{"between": ["a", "b"]}])
    >>> print(to_markdown(m), end="")
    # Centre \\[n=9\\]
    <BLANKLINE>
    ## A \\[n=1\\] \\[n=5\\]
    <BLANKLINE>
    - A1
    - ↔ B
    <BLANKLINE>
    ## B
    <BLANKLINE>
    - ↔ A \\[n=1\\]
    """
    fmt = count_format(mind_map)
    lines = [f"# {escape_markdown(with_count(mind_map.headline, mind_map.n, fmt))}", ""]
    labels = {t.key: escape_markdown(t.label) for t in mind_map.themes}
    for theme in mind_map.themes:
        lines += [f"## {escape_markdown(with_count(theme.label, theme.n, fmt))}", ""]
        items: list[str] = []
        if theme.description:
            items.append(f"- *{escape_markdown(theme.description)}*")
        items.extend(_subthemes(theme.subthemes, 0, fmt))
        for c in mind_map.connections:
            if theme.key in c.between:
                other = c.between[1] if c.between[0] == theme.key else c.between[0]
                items.append(f"- ↔ {labels[other]}" + (f" ({escape_markdown(c.label)})" if c.label else ""))
        items.extend(f"- {_quote(q.text, q.attribution)}" for q in mind_map.quotes if q.theme == theme.key)
        if items:
            lines += [*items, ""]
    general = [q for q in mind_map.quotes if not q.theme]
    if general:
        lines += ["## Quotes", ""]
        lines += [f"- {_quote(q.text, q.attribution)}" for q in general]
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
