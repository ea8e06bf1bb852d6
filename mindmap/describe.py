"""Words for a figure: alt text and the long description, in reading order.  Pure."""

from __future__ import annotations

from typing import Final

from .model import MindMap, Theme

__all__ = ["ALT_TEXT_LIMIT", "alt_text", "long_description"]

ALT_TEXT_LIMIT: Final = 250


def _count(n: int | None, count_format: str = "[n={n}]") -> str:
    return f" {count_format.format(n=n)}" if n is not None else ""


def alt_text(mind_map: MindMap) -> str:
    """At most 250 characters: what the figure is and its key themes.

    >>> m = MindMap(id="x", title="Hypothesis 1", headline="Pathways matter", themes=[{"label": "A"}, {"label": "B"}])
    >>> alt_text(m)
    'Mind map, Hypothesis 1: "Pathways matter", with 2 key themes: A; B.'
    """
    themes = [t.label for t in mind_map.themes]
    head = f'Mind map, {mind_map.title}: "{mind_map.headline}", with {len(themes)} key theme{"s" if len(themes) != 1 else ""}: '
    text = head + "; ".join(themes) + "."
    if len(text) <= ALT_TEXT_LIMIT:
        return text
    shown: list[str] = []
    for label in themes:
        more = len(themes) - len(shown) - 1
        candidate = head + "; ".join([*shown, label]) + (f"; and {more} more." if more else ".")
        if len(candidate) > ALT_TEXT_LIMIT:
            break
        shown.append(label)
    rest = len(themes) - len(shown)
    text = head + "; ".join(shown) + (f"; and {rest} more." if rest else ".")
    if len(text) > ALT_TEXT_LIMIT:
        text = text[: ALT_TEXT_LIMIT - 1].rstrip() + "…"
    return text


def long_description(mind_map: MindMap, count_format: str = "[n={n}]") -> str:
    """Markdown: the headline, then every key theme with its count, description,
    sub-themes, connections and quotes, in reading order."""
    lines = [f"# {mind_map.title}", ""]
    if mind_map.hypothesis:
        lines += [f"Hypothesis: {mind_map.hypothesis}", ""]
    lines += [f"Centre: {mind_map.headline}{_count(mind_map.n, count_format)}", ""]
    labels = {t.key: t.label for t in mind_map.themes}
    for i, theme in enumerate(mind_map.themes, 1):
        lines.append(f"## Key theme {i}: {theme.label}{_count(theme.n, count_format)}")
        lines.append("")
        if theme.description:
            lines += [theme.description, ""]
        subs = list(_subthemes(theme.subthemes, 0, count_format))
        if subs:
            lines += ["Sub-themes:", *subs, ""]
        links = []
        for c in mind_map.connections:
            if theme.key in c.between:
                other = c.between[1] if c.between[0] == theme.key else c.between[0]
                links.append(f"- Connected to {labels[other]}" + (f" ({c.label})" if c.label else ""))
        if links:
            lines += [*links, ""]
        for q in mind_map.quotes:
            if q.theme == theme.key:
                lines += [_quote(q.text, q.attribution), ""]
    general = [q for q in mind_map.quotes if not q.theme]
    if general:
        lines += ["## Quotes", ""]
        for q in general:
            lines += [_quote(q.text, q.attribution), ""]
    if mind_map.source:
        lines += [f"Source: {mind_map.source}", ""]
    return "\n".join(lines).rstrip() + "\n"


def _quote(text: str, attribution: str | None) -> str:
    return f'> "{text}"' + (f" ({attribution})" if attribution else "")


def _subthemes(themes: list[Theme], level: int, count_format: str):
    for theme in themes:
        yield f"{'  ' * level}- {theme.label}{_count(theme.n, count_format)}"
        yield from _subthemes(theme.subthemes, level + 1, count_format)
