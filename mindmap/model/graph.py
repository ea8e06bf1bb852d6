"""The mind map as a networkx graph, for users' own analysis and for the exports.

Node kinds: ``hypothesis``, ``theme`` (key themes, depth 1), ``subtheme``
(depth 2 and more) and ``quote``.  Edge kinds: ``branch`` (parent to child),
``connection`` (between two key themes) and ``quote`` (a theme, or the
hypothesis, to a quote).  Every node carries ``order``, its place in reading
order.  Built from :func:`mindmap.model.tree.build_tree`, so the graph and the
figure never disagree.  Pure: no files, no drawing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .theme import MindMap
from .tree import HYPOTHESIS, build_tree, node_id, quote_id

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["HYPOTHESIS", "build_graph", "node_id", "quote_id"]


def build_graph(mind_map: MindMap) -> nx.DiGraph:
    """The map's nodes and edges, with every attribute the exports need.

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
    import networkx as nx

    tree = build_tree(mind_map)
    graph = nx.DiGraph(id=mind_map.id, title=mind_map.title)
    for name, node in tree.nodes.items():
        attrs = {
            "kind": node.kind,
            "label": node.label,
            "n": node.n,
            "depth": node.depth,
            "branch": node.branch,
            "order": node.order,
            "description": node.description,
        }
        if node.kind in ("theme", "subtheme"):
            attrs["key"] = node.key
        if node.kind == "quote":
            attrs["attribution"] = node.attribution
        graph.add_node(name, **attrs)
    for name, node in tree.nodes.items():
        if node.parent is not None:
            graph.add_edge(node.parent, name, kind="quote" if node.kind == "quote" else "branch")
    for link in tree.links:
        graph.add_edge(link.source, link.target, kind="connection", label=link.label)
    return graph
