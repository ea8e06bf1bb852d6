"""The map as the layout reads it: one small typed tree, in reading order.

Node kinds: ``hypothesis`` (the centre), ``theme`` (key themes, depth 1),
``subtheme`` (depth 2 and more) and ``quote``.  Each node knows its children
(sub-themes, then quotes, in reading order); connections join two key themes.
:func:`mindmap.model.graph.build_graph` turns the same tree into the networkx
graph users get.  Pure: no files, no drawing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final

from .theme import MindMap, Theme

__all__ = ["HYPOTHESIS", "Link", "MapTree", "TreeNode", "build_tree", "node_id", "quote_id"]

HYPOTHESIS: Final = "hypothesis"


def node_id(theme_key: str) -> str:
    """The tree node of the theme or sub-theme with this id."""
    return f"theme:{theme_key}"


def quote_id(index: int) -> str:
    """The tree node of the map's quote at this position."""
    return f"quote:{index}"


@dataclass
class TreeNode:
    """One box of the map: what it says and where it sits in the tree."""

    name: str
    kind: str
    label: str
    depth: int
    branch: int  # the key theme's position (-1: the centre, or a quote of the centre)
    order: int  # place in reading order
    n: int | str | None = None  # a count, or a suppressed one such as "<5"
    description: str | None = None
    attribution: str | None = None
    key: str | None = None  # the theme's id
    parent: str | None = None
    children: list[str] = field(default_factory=list)
    folded: str | None = None  # what is folded into it ("12 sub-themes, [n=87] in all"), see mindmap.model.fold


@dataclass(frozen=True)
class Link:
    """A connection between two key themes (tree node names), with its words."""

    source: str
    target: str
    label: str | None = None


@dataclass
class MapTree:
    """Every node in reading order, and the connections."""

    id: str
    title: str
    nodes: dict[str, TreeNode]
    links: list[Link]

    def children(self, name: str) -> list[str]:
        """A node's children in reading order."""
        return self.nodes[name].children


def _add(nodes: dict[str, TreeNode], theme: Theme, parent: str, depth: int, branch: int) -> None:
    """Add ``theme`` and its sub-themes to ``nodes``, in reading order.

    (A function of its own, not one nested in :func:`build_tree` that calls itself: that one
    and the cell naming it make a reference cycle holding every node, which only the garbage
    collector frees, long after the tree is let go; on a 5,000-node map, 15,000 objects.)
    """
    name = node_id(theme.key)
    nodes[name] = TreeNode(
        name,
        "theme" if depth == 1 else "subtheme",
        theme.label,
        depth,
        branch,
        len(nodes),
        theme.n,
        theme.description,
        key=theme.key,
        parent=parent,
    )
    nodes[parent].children.append(name)
    for sub in theme.subthemes:
        _add(nodes, sub, name, depth + 1, branch)


def build_tree(mind_map: MindMap) -> MapTree:
    """The map's tree: the headline, its key themes and their sub-themes, quotes, connections.

    >>> from mindmap.model import MindMap
    >>> m = MindMap(id="demo", title="Demo", headline="Centre",
    ...             themes=[{"label": "A", "subthemes": [{"label": "A1"}]}, {"label": "B"}],
    ...             quotes=[{"text": "Yes.", "theme": "a"}])
    >>> tree = build_tree(m)
    >>> list(tree.nodes)
    ['hypothesis', 'theme:a', 'theme:a1', 'theme:b', 'quote:0']
    >>> tree.children("theme:a")
    ['theme:a1', 'quote:0']
    """
    nodes: dict[str, TreeNode] = {}
    nodes[HYPOTHESIS] = TreeNode(HYPOTHESIS, "hypothesis", mind_map.headline, 0, -1, 0, mind_map.n, mind_map.hypothesis)
    for branch, theme in enumerate(mind_map.themes):
        _add(nodes, theme, HYPOTHESIS, 1, branch)
    branches = {t.key: i for i, t in enumerate(mind_map.themes)}
    for index, quote in enumerate(mind_map.quotes):
        name = quote_id(index)
        parent = node_id(quote.theme) if quote.theme else HYPOTHESIS
        nodes[name] = TreeNode(
            name,
            "quote",
            quote.text,
            nodes[parent].depth + 1,
            branches.get(quote.theme or "", -1),
            len(nodes),
            attribution=quote.attribution,
            parent=parent,
        )
    # Quotes follow a theme's sub-themes, in the order the map lists them.
    for name, node in nodes.items():
        if node.kind == "quote" and node.parent is not None:
            nodes[node.parent].children.append(name)
    links = [Link(node_id(c.between[0]), node_id(c.between[1]), c.label) for c in mind_map.connections]
    return MapTree(mind_map.id, mind_map.title, nodes, links)
