"""Where a connection between neighbours in a row puts its words, and which route a connection takes."""

from __future__ import annotations

import pytest

from mindmap.layout.arrange import Arrangement, Plan
from mindmap.layout.boxes import NodeBox
from mindmap.layout.compose import _faulty
from mindmap.layout.edges import _extent, _side_by_side, label_box
from mindmap.layout.routing import (
    HUG,
    HUG_LONGER,
    LANE,
    RectGrid,
    SegmentGrid,
    hugs,
    moved_apart,
    rank_routes,
    runs_along,
)
from mindmap.model.theme import MindMap
from mindmap.model.tree import build_tree


def _box(name: str, left: float, top: float, w: float, h: float) -> NodeBox:
    box = NodeBox(name=name, kind="theme", depth=1, label=name)
    box.w, box.h, box.x, box.y = w, h, left + w / 2, top + h / 2
    return box


def test_a_rows_connections_words_sit_between_the_boxes_level_with_them():
    """Above its key theme, a wide sub-theme reaches across the gap over its neighbour: the
    words go between the two key themes, level with them, over neither box."""
    mind_map = MindMap(
        id="m",
        title="M",
        headline="Centre",
        themes=[{"label": "A", "subthemes": [{"label": "A wide sub-theme"}]}, {"label": "B"}],
        connections=[{"between": ["a", "b"], "label": "feeds"}],
    )
    tree = build_tree(mind_map)
    boxes = {
        "hypothesis": _box("hypothesis", 60, 120, 120, 40),
        "theme:a": _box("theme:a", 0, 40, 100, 30),
        "theme:a-wide-sub-theme": _box("theme:a-wide-sub-theme", 20, -10, 240, 30),
        "theme:b": _box("theme:b", 170, 40, 100, 30),
    }
    assert set(boxes) == set(tree.nodes)
    regions = {"theme:a": "top", "theme:b": "top"}
    arrangement = Arrangement(Plan("rows", ("theme:a", "theme:b"), 2), set(), regions, [("theme:a", "theme:b")])

    def extent(name: str) -> tuple[float, float, float, float]:
        return _extent(tree, boxes, name)

    points, at = _side_by_side(tree, extent, boxes, arrangement, "theme:a", "theme:b", "feeds", 10.0)
    assert at is not None
    assert (points[0][0], points[-1][0]) == (boxes["theme:a"].right, boxes["theme:b"].left)  # across the gap
    words = label_box(at, "feeds", 10.0)
    assert boxes["theme:a"].right <= words[0] and words[2] <= boxes["theme:b"].left
    for box in boxes.values():
        assert not (box.left < words[2] and words[0] < box.right and box.top < words[3] and words[1] < box.bottom)


def test_a_connection_that_would_run_along_a_branch_line_takes_a_route_clear_of_it():
    """Of routes that cross no more lines, the shortest runs along a branch line (a sub-theme's
    line leaving its theme's side where the connection does): one clear of it that is at most
    HUG_LONGER times as long comes first; a much longer one does not."""
    a, b = _box("a", 0, 0, 100, 40), _box("b", 300, 0, 100, 40)
    boxes = RectGrid([a.rect, b.rect], 60.0)
    branches = SegmentGrid()
    branch = [(a.right, a.y + HUG / 2), (a.right + 150, a.y + HUG / 2), (a.right + 150, a.y + 200)]
    branches.add(branch)
    along = ((a.right, a.y), (b.left, b.y))
    clear = ((a.right, a.y - 12), (b.left, b.y - 12))
    detour = ((a.right, a.y - 12), (a.right + 10, a.y - 12), (a.right + 10, -300), (b.left, -300), (b.left, b.y - 12))
    assert hugs(list(along), branches) and not hugs(list(clear), branches) and not hugs(list(detour), branches)
    assert rank_routes([(along, False), (clear, False)], (a, b), boxes, branches, [])[0][0] == clear
    assert sum(abs(q[1] - p[1]) + abs(q[0] - p[0]) for p, q in zip(detour, detour[1:])) > HUG_LONGER * 200
    assert rank_routes([(along, False), (detour, False)], (a, b), boxes, branches, [])[0][0] == along
    # away from lines, the shortest stays first
    assert rank_routes([(along, False), (clear, False)], (a, b), boxes, SegmentGrid(), [])[0][0] == along


def test_a_connection_keeps_more_than_6_units_from_one_drawn_before_it_where_it_can():
    """Two dashed connections side by side 5 units apart read as one band: running that near a
    connection already drawn counts as crossing it, so a route 12 units off comes first."""
    a, b = _box("a", 0, 80, 40, 60), _box("b", 400, 80, 40, 60)
    boxes = RectGrid([a.rect, b.rect], 60.0)
    drawn = [[(a.right, 100.0), (b.left, 100.0)]]
    near = ((a.right, 105.0), (b.left, 105.0))
    apart = ((a.right, 112.0), (b.left, 112.0))
    assert rank_routes([(near, False), (apart, False)], (a, b), boxes, SegmentGrid(), drawn)[0][0] == apart
    assert rank_routes([(near, False), (apart, False)], (a, b), boxes, SegmentGrid(), [])[0][0] == near


def test_a_connection_that_would_run_on_top_of_one_drawn_before_it_is_moved_beside_it():
    """Two routes through one channel meet in the same lane (lanes are offsets from the boxes):
    the later one's stretch along the first is moved a lane aside, its ends where they were, and
    that copy ranks first; a stretch that runs along nothing is not moved."""
    a, b = _box("a", 0, 0, 60, 30), _box("b", 0, 200, 60, 30)
    boxes = RectGrid([a.rect, b.rect], 60.0)
    drawn = [[(80.0, -40.0), (80.0, 300.0)]]  # a connection down the channel 20 right of both
    route = ((a.right, a.y), (80.0, a.y), (80.0, b.y), (b.right, b.y))
    assert runs_along(route, drawn)
    moved = moved_apart(route, drawn)
    assert moved and all(m[0] == route[0] and m[-1] == route[-1] for m in moved)
    # up to three lanes either way, but never turned back into the boxes (80 - 3 lanes < 60)
    assert sorted(m[1][0] - 80.0 for m in moved) == [-2 * LANE, -LANE, LANE, 2 * LANE, 3 * LANE]
    best = rank_routes([(route, False)] + [(m, False) for m in moved], (a, b), boxes, SegmentGrid(), drawn)[0][0]
    assert best != route and not runs_along(best, drawn)
    assert moved_apart(route, [[(300.0, -40.0), (300.0, 300.0)]]) == []


def _corpus_layout(name: str, fit: str):
    from mindmap.layout.compose import layout_map
    from mindmap.load.reader import load_map
    from mindmap.style.library import compose_style

    from ..conftest import CORPUS

    mind_map = load_map(CORPUS / f"{name}.yaml")
    tree = build_tree(mind_map)
    style = compose_style(map_style=mind_map.style)
    heading = fit != "slide"  # as render does
    return tree, layout_map(tree, style, title=mind_map.title, caption=mind_map.hypothesis, fit=fit, heading=heading)


def test_from_80_boxes_graphviz_routes_a_connection_only_when_no_route_of_our_own_passes_clear(monkeypatch):
    """Graphviz's routing round every box is most of a large map's drawing time, and its routes
    never won there: from GRAPHVIZ_LAST_FROM boxes it is asked only when none of our own routes
    passes clear of the boxes; on smaller maps it is always one of the candidates."""
    import mindmap.layout.edges as edges

    calls: list[int] = []
    routes = edges._graphviz_routes

    def counted(boxes, links):
        calls.append(len(boxes))
        return routes(boxes, links)

    monkeypatch.setattr(edges, "_graphviz_routes", counted)
    tree, laid = _corpus_layout("synthetic-120", "page")
    assert edges.GRAPHVIZ_LAST_FROM <= len(tree.nodes) <= edges.ROUTE_AROUND_LIMIT
    assert any(edge.kind == "connection" for edge in laid.edges)
    assert calls == []
    # no route of our own: Graphviz's is asked for, and the figure is still sound
    for own in ("region_routes", "around_routes", "bracket_routes"):
        monkeypatch.setattr(edges, own, lambda *args, **kwargs: [])
    _, alone = _corpus_layout("synthetic-120", "page")
    assert calls and all(n >= edges.GRAPHVIZ_LAST_FROM for n in calls)
    assert not _faulty(alone)
    calls.clear()
    monkeypatch.undo()
    monkeypatch.setattr(edges, "_graphviz_routes", counted)
    small, _ = _corpus_layout("crisis-care", "page")
    assert len(small.nodes) < edges.GRAPHVIZ_LAST_FROM and calls


def _along_length(laid) -> float:
    """How far, in all, the figure's connections run within 6 units of one another, level or upright."""
    from itertools import combinations

    from mindmap.layout.routing import polyline

    def overlap(line, other) -> float:
        total = 0.0
        for p, q in zip(line, line[1:]):
            for r, s in zip(other, other[1:]):
                for axis in (0, 1):  # a level stretch (axis 0 runs along x), then an upright one
                    cross = 1 - axis
                    if max(abs(p[cross] - q[cross]), abs(r[cross] - s[cross]), abs(p[cross] - r[cross]) / 6) < 1:
                        lo = max(min(p[axis], q[axis]), min(r[axis], s[axis]))
                        total += max(0.0, min(max(p[axis], q[axis]), max(r[axis], s[axis])) - lo)
        return total

    lines = [polyline(edge.points) for edge in laid.edges if edge.kind == "connection"]
    return sum(overlap(a, b) for a, b in combinations(lines, 2))


def test_connections_of_a_busy_map_run_on_top_of_one_another_far_less(monkeypatch):
    """many-connections (10 connections among 8 key themes) on a slide had two dashed lines on
    top of each other for over 200 units, reading as one: a route's stretch along a connection
    already drawn is moved a lane aside (APART_ROUNDS times), and the figure is still sound."""
    import mindmap.layout.edges as edges

    _, apart = _corpus_layout("many-connections", "slide")
    monkeypatch.setattr(edges, "APART_ROUNDS", 0)
    _, together = _corpus_layout("many-connections", "slide")
    assert _along_length(together) > 200
    assert _along_length(apart) < _along_length(together) / 2
    assert not _faulty(apart)


@pytest.mark.parametrize(
    ("name", "fit"), [("virtual-wards", "slide"), ("crisis-care", "page"), ("large-deep", "slide")]
)
def test_a_quotes_dotted_line_is_not_drawn_over_its_lists_solid_lines(name, fit):
    """A quote in a list hangs from the list's spine like a sub-theme: its dotted line starts
    where the solid line to the last sub-theme before it stops (or at the corner into it when
    the solid spine goes past it), so it never runs on top of a solid line, where it read as a
    solid line with grey dots on it (large-deep: for 800 units along the theme's middle)."""
    from mindmap.layout.routing import polyline

    _, laid = _corpus_layout(name, fit)
    solid = SegmentGrid()
    for edge in laid.edges:
        if edge.kind == "branch":
            solid.add(polyline(edge.points))
    quotes = [polyline(edge.points) for edge in laid.edges if edge.kind == "quote"]
    assert quotes
    assert not [line for line in quotes if hugs(line, solid)]
