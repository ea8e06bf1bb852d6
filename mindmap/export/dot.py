"""The Graphviz source of the map, for people who tune a layout by hand.

Run it with ``dot -Tsvg map.dot -o map.svg`` (left to right, like
``mindmap render --layout tree``) or change ``layout`` to ``twopi`` for a
radial picture.  Nodes carry the house style's colours and fonts: the
headline in NHS Blue with white text, key themes and sub-themes in tints of
their branch colour, quotes as notes; connections between key themes are
dashed and do not constrain the ranks.  Every label is a quoted DOT string
with ``\\`` and ``"`` escaped, so it shows exactly as written.
"""

from __future__ import annotations

from ..model.graph import HYPOTHESIS, build_graph
from ..model.theme import MindMap
from ..style.colour import mix
from ..text.quotemarks import quoted
from ._text import count_format, flat, with_count

__all__ = ["quote_dot", "to_dot"]


def quote_dot(text: str) -> str:
    r"""A DOT double-quoted string whose label shows ``text`` exactly.

    >>> print(quote_dot('say "hi" \\ [n=3]'))
    "say \"hi\" \\ [n=3]"
    """
    return '"' + flat(text).replace("\\", "\\\\").replace('"', '\\"') + '"'


def to_dot(mind_map: MindMap) -> str:
    """The map as DOT text."""
    from ..style.library import compose_style

    style = compose_style(map_style=mind_map.style)
    look = style.look
    fmt = count_format(mind_map)
    graph = build_graph(mind_map)
    family = look.font_family
    nodes = sorted(graph.nodes, key=lambda n: graph.nodes[n]["order"])
    names = {name: f"n{graph.nodes[name]['order']}" for name in nodes}
    out = [
        f"// {flat(mind_map.title)}: made by mindmap. dot -Tsvg {mind_map.id}.dot -o {mind_map.id}.svg",
        f"digraph {quote_dot(mind_map.id)} {{",
        f"  graph [layout=dot, rankdir=LR, root={names[HYPOTHESIS]}, overlap=false, splines=true, "
        f"nodesep=0.25, ranksep=0.6, bgcolor={quote_dot(look.canvas.background)}, label={quote_dot(mind_map.title)}, "
        f"labelloc=t, fontname={quote_dot(family)}, fontsize=18, fontcolor={quote_dot(look.canvas.title_colour)}];",
        f'  node [fontname={quote_dot(family)}, shape=box, style="rounded,filled", penwidth=1.2];',
        "  edge [arrowhead=none];",
    ]
    for name in nodes:
        data = graph.nodes[name]
        kind = data["kind"]
        if kind == "hypothesis":
            attrs = (
                f"label={quote_dot(with_count(data['label'], data['n'], fmt))}, fontsize=16, "
                f'fillcolor={quote_dot(look.palette[0])}, color={quote_dot(look.palette[0])}, fontcolor="#FFFFFF"'
            )
        elif kind == "quote":
            text = quoted(flat(data["label"])) + (f" ({flat(data['attribution'])})" if data.get("attribution") else "")
            attrs = (
                f"label={quote_dot(text)}, shape=note, style=filled, fontsize=10, "
                f'fillcolor="#FFFFFF", color={quote_dot(look.lines.quote)}, fontcolor={quote_dot(look.quote.text)}'
            )
        else:
            branch = style.branch_colour(data["branch"])
            box = look.theme if kind == "theme" else look.subtheme
            fill = mix(branch, "#FFFFFF", style.tint(data["depth"]))
            attrs = (
                f"label={quote_dot(with_count(data['label'], data['n'], fmt))}, "
                f"fontsize={14 if kind == 'theme' else 11}, "
                f"fillcolor={quote_dot(fill)}, color={quote_dot(branch)}, fontcolor={quote_dot(box.text)}"
            )
            if data.get("description"):
                attrs += f", tooltip={quote_dot(data['description'])}"
        out.append(f"  {names[name]} [{attrs}];")
    order = {n: graph.nodes[n]["order"] for n in nodes}
    for a, b, data in sorted(graph.edges(data=True), key=lambda e: (order[e[0]], order[e[1]])):
        if data["kind"] == "connection":
            words = f", label={quote_dot(data['label'])}, fontsize=10" if data.get("label") else ""
            out.append(
                f"  {names[a]} -> {names[b]} [style=dashed, constraint=false, dir=both, "
                f"color={quote_dot(look.lines.connection)}{words}];"
            )
        elif data["kind"] == "quote":
            out.append(f"  {names[a]} -> {names[b]} [style=dotted, color={quote_dot(look.lines.quote)}];")
        else:
            branch = style.branch_colour(graph.nodes[b]["branch"])
            out.append(f"  {names[a]} -> {names[b]} [color={quote_dot(branch)}, penwidth=2];")
    out.append("}")
    return "\n".join(out) + "\n"
