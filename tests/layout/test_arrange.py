"""Subtrees packed by their contours (a non-layered tidy tree), not by the boxes round them."""

from __future__ import annotations

import random

import pytest

from mindmap.layout.arrange import NEVER, Blocks, Spacing, blocks, place_block
from mindmap.layout.boxes import NodeBox

SP = Spacing(level_gap=40.0, sibling_gap=10.0, branch_gap=20.0, centre_gap=30.0, indent=18.0)


def _tree(shape: dict[str, list[str]], sizes: dict[str, tuple[float, float]]):
    boxes = {name: NodeBox(name=name, kind="subtheme", depth=0, label=name) for name in sizes}
    for name, (w, h) in sizes.items():
        boxes[name].w, boxes[name].h = w, h
    depth: dict[str, int] = {"r": 0}
    for parent, kids in shape.items():  # parents are listed before their children
        for kid in kids:
            depth[kid] = depth[parent] + 1
    return (lambda name: shape.get(name, [])), boxes, depth.__getitem__


def _place(shape, sizes, stack_from=NEVER):
    kids, boxes, depth_of = _tree(shape, sizes)
    stacked: set[str] = set()
    shapes = blocks(kids, boxes, "r", depth_of, stack_from, SP, stacked, Blocks())
    place_block(kids, boxes, shapes, stacked, "r", 0.0, 0.0, 1, "right", SP)
    return boxes, shapes


def _overlap(a: NodeBox, b: NodeBox) -> bool:
    return a.left < b.right and b.left < a.right and a.top < b.bottom and b.top < a.bottom


def test_a_leaf_comes_up_beside_the_tall_subtree_above_it():
    # a: a small box with a tall column of four children; b: a leaf below it
    shape = {"r": ["a", "b"], "a": ["a1", "a2", "a3", "a4"]}
    sizes = {"r": (80, 30), "a": (80, 30), "b": (80, 30), **{f"a{i}": (80, 40) for i in range(1, 5)}}
    boxes, shapes = _place(shape, sizes)
    a_column_bottom = max(boxes[f"a{i}"].bottom for i in range(1, 5))
    # by the boxes round them, b would start below a's whole column; by contours it sits under a's box
    assert boxes["b"].top < a_column_bottom - 40
    assert boxes["b"].top >= boxes["a"].bottom + SP.sibling_gap
    # and clear of a's lines: at the middle of a's level gap they are half way down to a4
    a4_mid = boxes["a4"].y
    half = (boxes["a"].y + a4_mid) / 2
    assert boxes["b"].right <= boxes["a"].right + SP.level_gap / 2 and boxes["b"].top > boxes["a"].y
    assert not (boxes["b"].right > boxes["a"].right + 2 and boxes["b"].top < half)
    # the block is the box round all of it
    everything = list(boxes.values())
    assert shapes.sizes["r"][1] == pytest.approx(max(b.bottom for b in everything) - min(b.top for b in everything))


def test_a_parent_sits_level_with_the_middle_of_its_first_and_last_child():
    shape = {"r": ["a", "b", "c"]}
    sizes = {"r": (80, 20), "a": (80, 20), "b": (80, 90), "c": (80, 20)}
    boxes, _ = _place(shape, sizes)
    assert boxes["r"].y == pytest.approx((boxes["a"].y + boxes["c"].y) / 2)


@pytest.mark.parametrize("seed", range(12))
@pytest.mark.parametrize("stack_from", [NEVER, 2])
def test_no_two_boxes_overlap_in_random_trees(seed, stack_from):
    rng = random.Random(seed)
    shape: dict[str, list[str]] = {}
    sizes = {"r": (90.0, 30.0)}
    frontier = ["r"]
    for i in range(rng.randint(8, 60)):
        parent = rng.choice(frontier)
        name = f"n{i}"
        shape.setdefault(parent, []).append(name)
        sizes[name] = (rng.uniform(30, 160), rng.uniform(14, 90))
        frontier.append(name)
    boxes, shapes = _place(shape, sizes, stack_from)
    placed = list(boxes.values())
    for i, a in enumerate(placed):
        for b in placed[i + 1 :]:
            assert not _overlap(a, b), (a.name, b.name)
    # children in their given order, top to bottom
    for kids in shape.values():
        ys = [boxes[k].y for k in kids]
        assert ys == sorted(ys)
    width, height = shapes.sizes["r"]
    assert width == pytest.approx(max(b.right for b in placed) - min(b.left for b in placed))
    assert height == pytest.approx(max(b.bottom for b in placed) - min(b.top for b in placed))
