"""A heading and list outline of the map, for markmap and any Markdown reader.

The tree is the same wherever it is read: the headline is the one level-1
heading (the root), each key theme a level-2 heading, and everything under a
key theme a nested list item: its description (in italics), its sub-themes,
its connections (prefixed ``↔``) and its quotes.  Quotes about the whole map
follow as a last level-2 heading.  Every label is escaped so that no Markdown
reader turns ``[n=12]``, ``*`` or ``<staff>`` into links, emphasis or HTML.
"""

from __future__ import annotations

import re
from typing import Final, Iterator

from ..model import MindMap, Theme
from ..quotemarks import quoted
from ._text import count_format, flat, with_count

__all__ = ["escape_markdown", "to_markdown", "unescape_markdown"]

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
    text = _SPECIAL.sub(r"\\\1", flat(text))
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


def _quote(text: str, attribution: str | None) -> str:
    body = quoted(escape_markdown(text))
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
