"""The mind map as a networkx graph: what is connected to what.

Node kinds: ``hypothesis``, ``theme`` (key themes, depth 1), ``subtheme``
(depth 2 and more) and ``quote``.  Edge kinds: ``branch`` (parent to child),
``connection`` (between two key themes) and ``quote`` (a theme, or the
hypothesis, to a quote).  Every node carries ``order``, its place in reading
order.  Pure: no files, no drawing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable, Final, Iterator

from .model import MindMap, Theme

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["HYPOTHESIS", "LightDiGraph", "build_graph", "build_light_graph", "node_id", "quote_id", "children"]

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
    import networkx as nx

    return _build(mind_map, nx.DiGraph)


def build_light_graph(mind_map: MindMap) -> LightDiGraph:
    """The same graph as :func:`build_graph`, as a :class:`LightDiGraph`.

    What rendering uses: importing networkx costs ~50 ms, a fifth of a
    whole ``mindmap render -f svg``, and layout only reads the graph.

    >>> from mindmap.model import MindMap
    >>> m = MindMap(id="demo", title="Demo", headline="Centre",
    ...             themes=[{"label": "A", "subthemes": [{"label": "A1"}]}, {"label": "B"}],
    ...             connections=[{"between": ["a", "b"]}])
    >>> light, full = build_light_graph(m), build_graph(m)
    >>> list(light.nodes(data=True)) == list(full.nodes(data=True))
    True
    >>> list(light.edges(data=True)) == list(full.edges(data=True))
    True
    """
    return _build(mind_map, LightDiGraph)


def _build(mind_map: MindMap, make: Callable[..., Any]) -> Any:
    graph = make(id=mind_map.id, title=mind_map.title)
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


def children(graph: nx.DiGraph | LightDiGraph, name: str) -> list[str]:
    """A node's branch and quote children in reading order (connections excluded)."""
    kids = [k for k, data in graph.succ[name].items() if data["kind"] != "connection"]
    return sorted(kids, key=lambda k: graph.nodes[k]["order"])


class _Nodes:
    """``graph.nodes``: ``nodes[name]`` is a node's data; ``nodes(data=True)`` its (name, data) pairs."""

    __slots__ = ("_node",)

    def __init__(self, node: dict[str, dict]) -> None:
        self._node = node

    def __getitem__(self, name: str) -> dict:
        return self._node[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._node)

    def __len__(self) -> int:
        return len(self._node)

    def __contains__(self, name: object) -> bool:
        return name in self._node

    def __call__(self, data: bool | str = False, default: Any = None) -> list:
        if data is True:
            return list(self._node.items())
        if data is False:
            return list(self._node)
        return [(name, d.get(data, default)) for name, d in self._node.items()]


class _Edges:
    """``graph.edges``: ``edges[a, b]`` is an edge's data; ``edges(data=True)`` its (a, b, data) triples."""

    __slots__ = ("_adj",)

    def __init__(self, adj: dict[str, dict[str, dict]]) -> None:
        self._adj = adj

    def __getitem__(self, pair: tuple[str, str]) -> dict:
        return self._adj[pair[0]][pair[1]]

    def __iter__(self) -> Iterator[tuple[str, str]]:
        return ((a, b) for a, nbrs in self._adj.items() for b in nbrs)

    def __len__(self) -> int:
        return sum(len(nbrs) for nbrs in self._adj.values())

    def __contains__(self, pair: object) -> bool:
        return isinstance(pair, tuple) and len(pair) == 2 and pair[1] in self._adj.get(pair[0], {})

    def __call__(self, data: bool | str = False, default: Any = None) -> list:
        if data is True:
            return [(a, b, d) for a, nbrs in self._adj.items() for b, d in nbrs.items()]
        if data is False:
            return list(self)
        return [(a, b, d.get(data, default)) for a, nbrs in self._adj.items() for b, d in nbrs.items()]


class LightDiGraph:
    """A directed graph with the reading part of ``networkx.DiGraph``'s interface.

    ``nodes``, ``edges``, ``succ``, ``pred``, ``graph`` and the counts, in
    networkx's order (nodes as added; edges by source node, then as added), so
    the layout reads it exactly as it reads a networkx graph.  For anything
    else, :func:`build_graph` gives the networkx graph itself.
    """

    def __init__(self, **attr: Any) -> None:
        self.graph: dict[str, Any] = dict(attr)
        self._node: dict[str, dict] = {}
        self._adj: dict[str, dict[str, dict]] = {}
        self._pred: dict[str, dict[str, dict]] = {}
        self.nodes = _Nodes(self._node)
        self.edges = _Edges(self._adj)

    def add_node(self, name: str, **attr: Any) -> None:
        if name not in self._node:
            self._node[name] = {}
            self._adj[name] = {}
            self._pred[name] = {}
        self._node[name].update(attr)

    def add_edge(self, a: str, b: str, **attr: Any) -> None:
        for name in (a, b):
            if name not in self._node:
                self.add_node(name)
        data = self._adj[a].get(b, {})
        data.update(attr)
        self._adj[a][b] = data
        self._pred[b][a] = data

    @property
    def succ(self) -> dict[str, dict[str, dict]]:
        return self._adj

    adj = succ

    @property
    def pred(self) -> dict[str, dict[str, dict]]:
        return self._pred

    def successors(self, name: str) -> Iterator[str]:
        return iter(self._adj[name])

    def predecessors(self, name: str) -> Iterator[str]:
        return iter(self._pred[name])

    def is_directed(self) -> bool:
        return True

    def number_of_nodes(self) -> int:
        return len(self._node)

    def number_of_edges(self) -> int:
        return len(self.edges)

    def __len__(self) -> int:
        return len(self._node)

    def __iter__(self) -> Iterator[str]:
        return iter(self._node)

    def __contains__(self, name: object) -> bool:
        return name in self._node
