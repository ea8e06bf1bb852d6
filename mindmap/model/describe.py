"""Words for a figure: alt text and the long description, in reading order.  Pure.

The alt text (at most :data:`ALT_TEXT_LIMIT` characters) says what the figure
is and names its key themes; the long description (Markdown) gives everything
the figure shows, in the order a reader meets it: the title, the hypothesis,
the headline at the centre, then each key theme with its count, description,
sub-themes (with theirs), connections and quotes, then quotes about the map as
a whole and the source.  Both are the same wherever they appear: beside the
figure (``<id>.alt.txt``, ``<id>.description.md``), inside the SVG
(``<desc>``), the PNG and PDF metadata, the slide's alt text and speaker notes
and the gallery page.
"""

from __future__ import annotations

import re
from typing import Callable, Final, Iterator

from .counts import format_count
from .theme import MindMap, Theme

__all__ = ["ALT_TEXT_LIMIT", "DEFAULT_COUNT_FORMAT", "alt_text", "long_description"]

ALT_TEXT_LIMIT: Final = 250
DEFAULT_COUNT_FORMAT: Final = "[n={n}]"
_SPACE: Final = re.compile(r"\s+")


def _flat(text: str) -> str:
    """Text on one line: runs of white space (newlines included) become one space."""
    return _SPACE.sub(" ", text).strip()


def _count(n: int | str | None, count_format: str = DEFAULT_COUNT_FORMAT) -> str:
    return f" {format_count(count_format, n)}" if n is not None else ""


def _cut(text: str, limit: int) -> str:
    """``text`` shortened at a word boundary to at most ``limit`` characters, with '…'."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if text[limit - 1] != " " and " " in cut.strip():  # never inside a word, unless it is all one word
        cut = cut[: cut.rstrip().rindex(" ")]
    return cut.rstrip(" ,;:") + "…"


def alt_text(mind_map: MindMap) -> str:
    """At most 250 characters: what the figure is and its key themes.

    Themes that do not fit are counted ("and 3 more"); an over-long title or
    headline is shortened at a word boundary.

    >>> m = MindMap(id="x", title="Hypothesis 1", headline="Pathways matter", themes=[{"label": "A"}, {"label": "B"}])
    >>> alt_text(m)
    'Mind map, Hypothesis 1: "Pathways matter", with 2 key themes: A; B.'
    """
    themes = [_flat(t.label) for t in mind_map.themes]
    title, headline = _flat(mind_map.title), _flat(mind_map.headline)
    noun = "key theme" if len(themes) == 1 else "key themes"
    tail = f", with {len(themes)} {noun}: "
    # Title and headline share what the shortest useful list leaves: the first
    # theme (or its first words, up to 30 characters) and "…; and N more.".
    first = min(len(themes[0]), max(30, len(themes[0].split(" ", 1)[0]))) if themes else 0
    room = ALT_TEXT_LIMIT - len('Mind map, : ""') - len(tail) - first - len("…; and 99 more.")
    if len(title) + len(headline) > room:
        title = _cut(title, max(room // 3, room - len(headline)))
        headline = _cut(headline, room - len(title))
    head = f'Mind map, {title}: "{headline}"{tail}'
    shown: list[str] = []
    for label in themes:
        more = len(themes) - len(shown) - 1
        candidate = head + "; ".join([*shown, label]) + (f"; and {more} more." if more else ".")
        if len(candidate) > ALT_TEXT_LIMIT:
            break
        shown.append(label)
    if not shown:
        # Not even the first theme fits whole: show as much of it as fits.
        more = len(themes) - 1
        end = f"; and {more} more." if more else "."
        shown = [_cut(themes[0], ALT_TEXT_LIMIT - len(head) - len(end))]
        return head + shown[0] + end
    rest = len(themes) - len(shown)
    return head + "; ".join(shown) + (f"; and {rest} more." if rest else ".")


def long_description(
    mind_map: MindMap, count_format: str = DEFAULT_COUNT_FORMAT, esc: Callable[[str], str] = _flat
) -> str:
    """Markdown: the headline, then every key theme with its count, description,
    sub-themes, connections and quotes, in reading order.  ``esc`` puts each
    piece of the analyst's text on one line (and, for a Markdown file, escapes it).

    >>> m = MindMap(id="x", title="T", headline="Centre", n=9,
    ...             themes=[{"id": "a", "label": "A", "n": 5, "description": "About A.",
    ...                      "subthemes": [{"label": "A1", "n": 2}]}, {"id": "b", "label": "B"}],
    ...             connections=[{"between": ["a", "b"], "label": "feeds"}],
    ...             quotes=[{"text": "Yes.", "attribution": "Innovator", "theme": "b"}])
    >>> print(long_description(m))
    # T
    <BLANKLINE>
    Centre: Centre [n=9]
    <BLANKLINE>
    2 key themes, in reading order.
    <BLANKLINE>
    ## Key theme 1: A [n=5]
    <BLANKLINE>
    About A.
    <BLANKLINE>
    Sub-themes:
    <BLANKLINE>
    - A1 [n=2]
    <BLANKLINE>
    Connections:
    <BLANKLINE>
    - Connected to B (feeds)
    <BLANKLINE>
    ## Key theme 2: B
    <BLANKLINE>
    Connections:
    <BLANKLINE>
    - Connected to A (feeds)
    <BLANKLINE>
    Quotes:
    <BLANKLINE>
    > "Yes." (Innovator)
    <BLANKLINE>
    """
    lines = [f"# {esc(mind_map.title)}", ""]
    if mind_map.hypothesis:
        lines += [f"Hypothesis: {esc(mind_map.hypothesis)}", ""]
    lines += [f"Centre: {esc(mind_map.headline)}{_count(mind_map.n, count_format)}", ""]
    total = len(mind_map.themes)
    lines += [f"{total} key theme{'' if total == 1 else 's'}, in reading order.", ""]
    labels = {t.key: esc(t.label) for t in mind_map.themes}
    for i, theme in enumerate(mind_map.themes, 1):
        lines += [f"## Key theme {i}: {esc(theme.label)}{_count(theme.n, count_format)}", ""]
        if theme.description:
            lines += [esc(theme.description), ""]
        subs = list(_subthemes(theme.subthemes, 0, count_format, esc))
        if subs:
            lines += ["Sub-themes:", "", *subs, ""]
        links = []
        for c in mind_map.connections:
            if theme.key in c.between:
                other = c.between[1] if c.between[0] == theme.key else c.between[0]
                links.append(f"- Connected to {labels[other]}" + (f" ({esc(c.label)})" if c.label else ""))
        if links:
            lines += ["Connections:", "", *links, ""]
        quotes = [q for q in mind_map.quotes if q.theme == theme.key]
        if quotes:
            lines += ["Quotes:", ""]
            for q in quotes:
                lines += [_quote(q.text, q.attribution, esc), ""]
    general = [q for q in mind_map.quotes if not q.theme]
    if general:
        lines += ["## Quotes about the whole map", ""]
        for q in general:
            lines += [_quote(q.text, q.attribution, esc), ""]
    if mind_map.source:
        lines += [f"Source: {esc(mind_map.source)}", ""]
    return "\n".join(lines).rstrip() + "\n"


def _quote(text: str, attribution: str | None, esc: Callable[[str], str] = _flat) -> str:
    from ..text.quotemarks import quoted

    return "> " + quoted(esc(text), '"', '"') + (f" ({esc(attribution)})" if attribution else "")


def _subthemes(themes: list[Theme], level: int, count_format: str, esc: Callable[[str], str] = _flat) -> Iterator[str]:
    for theme in themes:
        line = f"{'  ' * level}- {esc(theme.label)}{_count(theme.n, count_format)}"
        if theme.description:
            line += f": {esc(theme.description)}"
        yield line
        yield from _subthemes(theme.subthemes, level + 1, count_format, esc)
