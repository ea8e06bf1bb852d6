"""LightDiGraph: the graph rendering reads, without importing networkx, equal to networkx's."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bench.generate import synthetic_map, to_yaml
from mindmap.graph import LightDiGraph, build_graph, build_light_graph, children
from mindmap.loading import load_map

THEMES = Path(__file__).resolve().parent.parent / "themes"


def _maps(tmp_path: Path) -> list:
    path = tmp_path / "synthetic.yaml"
    path.write_text(to_yaml(synthetic_map(300)), "utf-8")
    return [load_map(p) for p in sorted(THEMES.glob("*.yaml"))] + [load_map(path)]


def test_light_graph_equals_the_networkx_graph(tmp_path: Path) -> None:
    for mind_map in _maps(tmp_path):
        light, full = build_light_graph(mind_map), build_graph(mind_map)
        assert isinstance(light, LightDiGraph)
        assert light.graph == full.graph
        assert list(light.nodes(data=True)) == list(full.nodes(data=True))
        assert list(light.nodes(data="kind")) == list(full.nodes(data="kind"))
        assert list(light.nodes) == list(full.nodes) and len(light) == len(full)
        assert list(light.edges(data=True)) == list(full.edges(data=True))
        assert list(light.edges) == list(full.edges)
        assert light.number_of_edges() == full.number_of_edges()
        for name in full.nodes:
            assert light.nodes[name] == full.nodes[name]
            assert dict(light.succ[name]) == dict(full.succ[name])
            assert dict(light.pred[name]) == dict(full.pred[name])
            assert list(light.successors(name)) == list(full.successors(name))
            assert children(light, name) == children(full, name)
        for a, b in full.edges:
            assert light.edges[a, b] == full.edges[a, b] and (a, b) in light.edges


def test_edges_come_in_networkx_order_not_insertion_order() -> None:
    g = LightDiGraph()
    for name in "abc":
        g.add_node(name)
    g.add_edge("b", "c", kind="x")
    g.add_edge("a", "c", kind="y")
    assert list(g.edges) == [("a", "c"), ("b", "c")]  # by source node, as networkx
    g.add_edge("a", "c", label="z")  # a second add updates the same edge's data
    assert g.edges["a", "c"] == {"kind": "y", "label": "z"} and g.number_of_edges() == 2
    assert ("c", "a") not in g.edges and "d" not in g


def test_rendering_an_svg_does_not_import_networkx() -> None:
    code = (
        "import sys\n"
        "from mindmap.loading import load_map\n"
        "from mindmap.render import render_svg\n"
        f"svg = render_svg(load_map({str(THEMES / 'h8-workforce.yaml')!r}))\n"
        "print('<svg' in svg, 'networkx' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["True", "False"]


@pytest.mark.parametrize("layout", ["radial", "tree"])
def test_same_svg_from_either_graph(layout: str, monkeypatch) -> None:
    import importlib

    render = importlib.import_module("mindmap.render")

    mind_map = load_map(THEMES / "h8-workforce.yaml")
    light = render.render_svg(mind_map, layout=layout)
    monkeypatch.setattr(render, "build_light_graph", build_graph)
    assert render.render_svg(mind_map, layout=layout) == light
