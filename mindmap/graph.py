"""The mind map as a networkx graph: what is connected to what.

Node kinds: ``hypothesis``, ``theme`` (key themes, depth 1), ``subtheme``
(depth 2 and more) and ``quote``.  Edge kinds: ``branch`` (parent to child),
``connection`` (between two key themes) and ``quote`` (a theme, or the
hypothesis, to a quote).  Every node carries ``order``, its place in reading
order.  Pure: no files, no drawing.
"""

from __future__ import annotations

from typing import Final

import networkx as nx

from .model import MindMap, Theme

__all__ = ["HYPOTHESIS", "build_graph", "node_id", "quote_id", "children"]

HYPOTHESIS: Final = "hypothesis"


def node_id(theme_key: str) -> str:
    """The graph node of the theme or sub-theme with this id."""
    return f"theme:{theme_key}"


def quote_id(index: int) -> str:
    """The graph node of the map's quote at this position."""
    return f"quote:{index}"


def build_graph(mind_map: MindMap) -> nx.DiGraph:
    """The map's nodes and edges, with every attribute the later stages need.

    >>> from mindmap.model import MindMap
    >>> m = MindMap(id="demo", title="Demo", headline="Centre",
    ...             themes=[{"label": "A", "n": 3, "subthemes": [{"label": "A1"}]}, {"label": "B"}],
    ...             connections=[{"between": ["a", "b"]}])
    >>> g = build_graph(m)
    >>> sorted(g.nodes)
    ['hypothesis', 'theme:a', 'theme:a1', 'theme:b']
    >>> g.edges["theme:a", "theme:b"]["kind"]
    'connection'
    """
    graph = nx.DiGraph(id=mind_map.id, title=mind_map.title)
    order = 0
    graph.add_node(
        HYPOTHESIS, kind="hypothesis", label=mind_map.headline, n=mind_map.n,
        depth=0, branch=-1, order=order, description=mind_map.hypothesis,
    )

    def add(theme: Theme, parent: str, depth: int, branch: int) -> None:
        nonlocal order
        order += 1
        name = node_id(theme.key)
        graph.add_node(
            name, kind="theme" if depth == 1 else "subtheme", label=theme.label,
            description=theme.description, n=theme.n, depth=depth, branch=branch,
            order=order, key=theme.key,
        )
        graph.add_edge(parent, name, kind="branch")
        for sub in theme.subthemes:
            add(sub, name, depth + 1, branch)

    for branch, theme in enumerate(mind_map.themes):
        add(theme, HYPOTHESIS, 1, branch)
    branches = {t.key: i for i, t in enumerate(mind_map.themes)}
    for connection in mind_map.connections:
        a, b = connection.between
        graph.add_edge(node_id(a), node_id(b), kind="connection", label=connection.label)
    for index, quote in enumerate(mind_map.quotes):
        order += 1
        name = quote_id(index)
        parent = node_id(quote.theme) if quote.theme else HYPOTHESIS
        graph.add_node(
            name, kind="quote", label=quote.text, attribution=quote.attribution,
            depth=graph.nodes[parent]["depth"] + 1, branch=branches.get(quote.theme or "", -1),
            order=order, n=None, description=None,
        )
        graph.add_edge(parent, name, kind="quote")
    return graph


def children(graph: nx.DiGraph, name: str) -> list[str]:
    """A node's branch and quote children in reading order (connections excluded)."""
    kids = [k for k, data in graph.succ[name].items() if data["kind"] != "connection"]
    return sorted(kids, key=lambda k: graph.nodes[k]["order"])
