"""A map's structure as a terminal tree (Rich): what ``mindmap preview`` prints.

Headline first, then each key theme with its count and description, its
sub-themes below it, then the connections and the quotes.  Pure and instant:
no Graphviz, no layout; every piece of the analyst's text is shown as text,
never read as Rich markup.
"""

from __future__ import annotations

from typing import Final

from rich.text import Text
from rich.tree import Tree

from ..model.counts import format_count
from ..model.theme import MindMap, Theme

__all__ = ["QUOTE_PREVIEW_CHARS", "preview_tree"]

QUOTE_PREVIEW_CHARS: Final = 160


def _flat(text: str) -> str:
    return " ".join(text.split())


def _cut(text: str, limit: int) -> str:
    text = _flat(text)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _count_format(mind_map: MindMap) -> str:
    from ..style.library import compose_style
    from ..style.sheet import default_sheet

    try:
        return compose_style(map_style=mind_map.style).look.count_format
    except Exception:  # an invalid style block is reported by render, not here
        return default_sheet().look.count_format


def _theme_text(theme: Theme, count_format: str, depth: int) -> Text:
    text = Text()
    text.append(_flat(theme.label), style="bold" if depth == 1 else "")
    if theme.n is not None:
        text.append(" " + format_count(count_format, theme.n), style="cyan")
    text.append(f"  {theme.key}", style="dim")
    if theme.description:
        text.append("\n" + _flat(theme.description), style="italic")
    return text


def _add_themes(node: Tree, themes: list[Theme], count_format: str, depth: int) -> None:
    for theme in themes:
        child = node.add(_theme_text(theme, count_format, depth))
        _add_themes(child, theme.subthemes, count_format, depth + 1)


def preview_tree(mind_map: MindMap, source: str | None = None) -> Tree:
    """The map as a Rich tree, in reading order."""
    count_format = _count_format(mind_map)
    head = Text()
    head.append(mind_map.title, style="bold")
    head.append(f"  {mind_map.id}", style="dim")
    if source:
        head.append(f"  ({source})", style="dim")
    head.append("\n")
    head.append(_flat(mind_map.headline), style="bold blue")
    if mind_map.n is not None:
        head.append(" " + format_count(count_format, mind_map.n), style="cyan")
    tree = Tree(head, guide_style="dim")
    themes = tree.add(Text(f"Key themes ({len(mind_map.themes)})", style="bold"))
    _add_themes(themes, mind_map.themes, count_format, 1)
    if mind_map.connections:
        links = tree.add(Text(f"Connections ({len(mind_map.connections)})", style="bold"))
        for connection in mind_map.connections:
            a, b = connection.between
            line = Text(f"{a} ↔ {b}")
            if connection.label:
                line.append(f"  {_flat(connection.label)}", style="italic")
            links.add(line)
    if mind_map.quotes:
        quotes = tree.add(Text(f"Quotes ({len(mind_map.quotes)})", style="bold"))
        for quote in mind_map.quotes:
            from ..text.quotemarks import quoted

            line = Text(quoted(_cut(quote.text, QUOTE_PREVIEW_CHARS)), style="italic")
            if quote.attribution:
                line.append(f"  — {_flat(quote.attribution)}")
            if quote.theme:
                line.append(f"  → {quote.theme}", style="dim")
            quotes.add(line)
    return tree
