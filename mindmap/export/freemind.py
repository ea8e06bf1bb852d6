"""A FreeMind ``.mm`` file (format 1.0.1), which Freeplane and XMind open.

The headline is the root; key themes alternate right and left of it, the
first half on the right, in reading order; sub-themes and quotes nest below
their theme.  A description becomes the node's note; a connection between
key themes becomes an arrow link (``arrowlink``) from the first theme to the
second; its words, if any, go in the first theme's note ("Connected to ..."),
since FreeMind's format has no place for words on a link.  Ids are ``ID_<order>``
(reading order), so the same map gives the same bytes.
"""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from ..model.graph import build_graph, node_id, quote_id
from ..model.theme import MindMap, Theme
from ._text import count_format, flat, with_count
from .graphdata import xml_safe

__all__ = ["to_freemind"]

VERSION = "1.0.1"


def _attr(text: str) -> str:
    return quoteattr(xml_safe(text), {"\n": "&#10;", "\t": "&#9;", "\r": "&#13;"})


def _note(*paragraphs: str) -> str:
    body = "".join(f"<p>{escape(xml_safe(flat(p)))}</p>" for p in paragraphs)
    return f'<richcontent TYPE="NOTE"><html><head></head><body>{body}</body></html></richcontent>'


def to_freemind(mind_map: MindMap) -> str:
    """The map as FreeMind XML text."""
    fmt = count_format(mind_map)
    graph = build_graph(mind_map)
    ids = {name: f"ID_{data['order']}" for name, data in graph.nodes(data=True)}
    labels = {t.key: flat(t.label) for t in mind_map.themes}
    arrows: dict[str, list[tuple[str, str, str | None]]] = {}
    for c in mind_map.connections:
        a, b = c.between
        arrows.setdefault(a, []).append((ids[node_id(b)], labels[b], c.label))
    quotes: dict[str, list[int]] = {}
    for i, q in enumerate(mind_map.quotes):
        quotes.setdefault(q.theme or "", []).append(i)

    out = [f'<map version="{VERSION}">', "<!-- Made by mindmap; open it with Freeplane, FreeMind or XMind. -->"]

    def quote_nodes(key: str, pad: str) -> None:
        for i in quotes.get(key, []):
            q = mind_map.quotes[i]
            text = f"“{flat(q.text)}”" + (f" ({flat(q.attribution)})" if q.attribution else "")
            out.append(
                f'{pad}<node ID="{ids[quote_id(i)]}" TEXT={_attr(text)} STYLE="bubble">'
                '<font ITALIC="true" NAME="Arial" SIZE="11"/></node>'
            )

    def theme_node(theme: Theme, depth: int, position: str | None) -> None:
        pad = "  " * depth
        where = f' POSITION="{position}"' if position else ""
        text = with_count(theme.label, theme.n, fmt)
        out.append(f'{pad}<node ID="{ids[node_id(theme.key)]}" TEXT={_attr(text)}{where}>')
        if depth == 1:
            out.append(f'{pad}  <font BOLD="true" NAME="Arial" SIZE="14"/>')
        links = arrows.get(theme.key, []) if depth == 1 else []
        paragraphs = [theme.description] if theme.description else []
        paragraphs += [
            f"Connected to {other}" + (f" ({flat(label)})" if label else "") for _, other, label in links if label
        ]
        if paragraphs:
            out.append(f"{pad}  {_note(*paragraphs)}")
        for target, _, _ in links:
            out.append(f'{pad}  <arrowlink DESTINATION="{target}" ENDARROW="Default" STARTARROW="None"/>')
        for sub in theme.subthemes:
            theme_node(sub, depth + 1, None)
        if depth == 1:
            quote_nodes(theme.key, pad + "  ")
        out.append(f"{pad}</node>")

    root = with_count(mind_map.headline, mind_map.n, fmt)
    out.append(f'<node ID="{ids["hypothesis"]}" TEXT={_attr(root)}>')
    out.append('  <font BOLD="true" NAME="Arial" SIZE="18"/>')
    if mind_map.hypothesis:
        out.append(f"  {_note(mind_map.hypothesis)}")
    right = (len(mind_map.themes) + 1) // 2
    for i, theme in enumerate(mind_map.themes):
        theme_node(theme, 1, "right" if i < right else "left")
    quote_nodes("", "  ")
    out += ["</node>", "</map>"]
    # FreeMind itself writes every non-ASCII character as a character reference.
    return ("\n".join(out) + "\n").encode("ascii", "xmlcharrefreplace").decode("ascii")
