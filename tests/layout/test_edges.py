"""Where a connection between neighbours in a row puts its words, and which route a connection takes."""

from __future__ import annotations

from mindmap.layout.arrange import Arrangement, Plan
from mindmap.layout.boxes import NodeBox
from mindmap.layout.compose import _faulty
from mindmap.layout.edges import _extent, _side_by_side, label_box
from mindmap.layout.routing import HUG, HUG_LONGER, RectGrid, SegmentGrid, hugs, rank_routes
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


def _corpus_layout(name: str, fit: str):
    from mindmap.layout.compose import layout_map
    from mindmap.load.reader import load_map
    from mindmap.style.library import compose_style

    from ..conftest import THEMES

    mind_map = load_map(THEMES.parent / "bench" / "corpus" / f"{name}.yaml")
    tree = build_tree(mind_map)
    style = compose_style(map_style=mind_map.style)
    return tree, layout_map(tree, style, title=mind_map.title, caption=mind_map.hypothesis, fit=fit)


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
