"""The map's graph for analysts' own tools: GraphML and networkx node-link JSON.

Both carry the graph of :func:`mindmap.graph.build_graph` with every attribute
(node ``kind``, ``label``, ``description``, ``n``, ``depth``, ``branch``,
``order``, ``key``, ``attribution``; edge ``kind`` and ``label``) and the map's
own fields as graph attributes.  An attribute a node does not have (a theme
with no count) is left out rather than written as null, because GraphML has no
null: so reading either file back gives exactly :func:`export_graph` (networkx's
GraphML reader adds its own empty ``node_default`` and ``edge_default``).
"""

from __future__ import annotations

import io
import json
import re
from typing import Any, Final

import networkx as nx

from ..model.graph import build_graph
from ..model.theme import MindMap

__all__ = ["export_graph", "to_graphml", "to_json", "xml_safe"]

_INVALID_XML: Final = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def xml_safe(text: str) -> str:
    """Text XML can hold: characters XML forbids become U+FFFD."""
    return _INVALID_XML.sub("\ufffd", text)


def _clean(data: dict[str, Any]) -> dict[str, Any]:
    return {k: (xml_safe(v) if isinstance(v, str) else v) for k, v in sorted(data.items()) if v is not None}


def export_graph(mind_map: MindMap) -> nx.DiGraph:
    """The map's graph as exported: no null attributes; graph attributes
    ``map_id``, ``title``, ``headline`` and, when present, ``hypothesis``, ``n``, ``source``."""
    source = build_graph(mind_map)
    graph = nx.DiGraph()
    graph.graph.update(
        _clean(
            {
                "map_id": mind_map.id,
                "title": mind_map.title,
                "headline": mind_map.headline,
                "hypothesis": mind_map.hypothesis,
                "n": mind_map.n,
                "source": mind_map.source,
            }
        )
    )
    for name in sorted(source.nodes, key=lambda n: source.nodes[n]["order"]):
        graph.add_node(name, **_clean(source.nodes[name]))
    order = {n: source.nodes[n]["order"] for n in source.nodes}
    for a, b, data in sorted(source.edges(data=True), key=lambda e: (order[e[0]], order[e[1]])):
        graph.add_edge(a, b, **_clean(data))
    return graph


def to_json(mind_map: MindMap) -> str:
    """networkx node-link JSON (``nx.node_link_graph(data, edges="edges")`` reads it back)."""
    data = nx.node_link_data(export_graph(mind_map), edges="edges")
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def to_graphml(mind_map: MindMap) -> bytes:
    """GraphML (``nx.read_graphml(path)`` reads it back)."""
    buffer = io.BytesIO()
    nx.write_graphml_xml(export_graph(mind_map), buffer, encoding="utf-8", prettyprint=True)
    return buffer.getvalue()
