"""Where a connection between neighbours in a row puts its words."""

from __future__ import annotations

from mindmap.layout.arrange import Arrangement, Plan
from mindmap.layout.boxes import NodeBox
from mindmap.layout.edges import _extent, _side_by_side, label_box
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
