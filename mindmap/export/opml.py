"""An OPML 2.0 outline of the map, for outliners (OmniOutliner, Dynalist, Workflowy, Logseq).

The headline is the one top outline (its ``_note`` the hypothesis, as
OmniOutliner and Dynalist write notes), key themes its children (``_note``:
the description), and below each key theme its sub-themes, then its
connections (``↔ Other theme (words)``, under the first theme of each), then
its quotes (``“text” (who)``); quotes about the whole map follow the key
themes.  The map's title is the ``<title>``.  Attribute values are escaped,
so every label shows exactly as written; the same map gives the same bytes.
``mindmap import`` reads the file back.
"""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from ..model.theme import MindMap, Theme
from ._text import count_format, flat, with_count
from .graphdata import xml_safe

__all__ = ["to_opml"]


def _attr(text: str) -> str:
    return quoteattr(xml_safe(text), {"\n": "&#10;", "\t": "&#9;", "\r": "&#13;"})


def _quote_text(text: str, attribution: str | None) -> str:
    return f"“{flat(text)}”" + (f" ({flat(attribution)})" if attribution else "")


def to_opml(mind_map: MindMap) -> str:
    """The map as OPML text.

    >>> m = MindMap(id="x", title="T", headline="Centre", themes=[{"label": "A & B", "n": 3}])
    >>> print(to_opml(m), end="")
    <?xml version="1.0" encoding="UTF-8"?>
    <!-- Made by mindmap; open it with an outliner. -->
    <opml version="2.0">
      <head>
        <title>T</title>
      </head>
      <body>
        <outline text="Centre">
          <outline text="A &amp; B [n=3]"/>
        </outline>
      </body>
    </opml>
    """
    fmt = count_format(mind_map)
    labels = {t.key: flat(t.label) for t in mind_map.themes}
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        "<!-- Made by mindmap; open it with an outliner. -->",
        '<opml version="2.0">',
        "  <head>",
        f"    <title>{escape(xml_safe(flat(mind_map.title)))}</title>",
        "  </head>",
        "  <body>",
    ]

    def element(text: str, note: str | None, pad: str, children: list[str]) -> list[str]:
        attrs = f"text={_attr(text)}" + (f" _note={_attr(note)}" if note else "")
        if not children:
            return [f"{pad}<outline {attrs}/>"]
        return [f"{pad}<outline {attrs}>", *children, f"{pad}</outline>"]

    def theme(item: Theme, depth: int) -> list[str]:
        pad = "  " * (depth + 2)
        inner = [line for sub in item.subthemes for line in theme(sub, depth + 1)]
        if depth == 1:
            for c in mind_map.connections:
                if c.between[0] == item.key:
                    words = f" ({flat(c.label)})" if c.label else ""
                    inner += element(f"↔ {labels[c.between[1]]}{words}", None, pad + "  ", [])
            for q in mind_map.quotes:
                if q.theme == item.key:
                    inner += element(_quote_text(q.text, q.attribution), None, pad + "  ", [])
        return element(with_count(item.label, item.n, fmt), item.description, pad, inner)

    children = [line for item in mind_map.themes for line in theme(item, 1)]
    for q in mind_map.quotes:
        if not q.theme:
            children += element(_quote_text(q.text, q.attribution), None, "      ", [])
    out += element(with_count(mind_map.headline, mind_map.n, fmt), mind_map.hypothesis, "    ", children)
    out += ["  </body>", "</opml>"]
    return "\n".join(out) + "\n"
