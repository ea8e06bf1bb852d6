"""Subtrees packed by their contours (a non-layered tidy tree), not by the boxes round them."""

from __future__ import annotations

import random

import pytest

from mindmap.layout.arrange import (
    BAND_FLOOR,
    FOLD_CLEAR,
    LINE_PITCH,
    NEVER,
    Blocks,
    Plan,
    Spacing,
    any_overlap,
    arrange,
    blocks,
    place_block,
)
from mindmap.layout.arrange import row_start as row_top
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


def _random_tree(
    rng: random.Random, boxes: tuple[int, int], tallest: float
) -> tuple[dict[str, list[str]], dict[str, tuple[float, float]]]:
    """A random tree under "r": each node a child of one before it, of random size."""
    shape: dict[str, list[str]] = {}
    sizes = {"r": (90.0, 30.0)}
    frontier = ["r"]
    for i in range(rng.randint(*boxes)):
        parent = rng.choice(frontier)
        name = f"n{i}"
        shape.setdefault(parent, []).append(name)
        sizes[name] = (rng.uniform(30, 160), rng.uniform(14, tallest))
        frontier.append(name)
    return shape, sizes


def _key_themes(
    rng: random.Random, count: tuple[int, int], key_w: tuple[float, float], subs: tuple[int, int], widest: float
) -> tuple[dict[str, list[str]], dict[str, tuple[float, float]]]:
    """A random headline "r" with key themes of random size, each with a list of sub-themes."""
    shape: dict[str, list[str]] = {"r": [f"k{i}" for i in range(rng.randint(*count))]}
    sizes = {"r": (rng.uniform(90, 200), rng.uniform(40, 120))}
    for key in shape["r"]:
        sizes[key] = (rng.uniform(*key_w), rng.uniform(20, 60))
        shape[key] = [f"{key}s{j}" for j in range(rng.randint(*subs))]
        for sub in shape[key]:
            sizes[sub] = (rng.uniform(30, widest), rng.uniform(14, 50))
    return shape, sizes


@pytest.mark.parametrize("seed", range(12))
@pytest.mark.parametrize("stack_from", [NEVER, 2])
def test_no_two_boxes_overlap_in_random_trees(seed, stack_from):
    shape, sizes = _random_tree(random.Random(seed), (8, 60), 90)
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


@pytest.mark.parametrize("seed", range(10))
@pytest.mark.parametrize(("above", "below"), [(True, True), (True, False), (False, True)])
def test_a_theme_above_or_below_the_headline_leaves_the_sides_clear_of_it(seed, above, below):
    """The first key theme straight above the headline, the one after the right side straight
    below it: no box overlaps another, and each side's themes stay out of their column."""
    shape, sizes = _key_themes(random.Random(seed), (4, 9), (40, 160), (0, 4), 140)
    kids, boxes, depth_of = _tree(shape, sizes)
    order = tuple(shape["r"])
    split = int(above) + (len(order) - int(above) - int(below)) // 2
    plan = Plan("sides", order, split, 1, above=above, below=below)
    arrangement = arrange(plan, kids, boxes, "r", depth_of, SP)
    placed = list(boxes.values())
    assert not any_overlap(placed)
    for i, a in enumerate(placed):
        for b in placed[i + 1 :]:
            assert not _overlap(a, b), (a.name, b.name)
    centre = boxes["r"]
    top, right, bottom, left = plan.groups()
    ends = {"up": top, "down": bottom}
    for orient, group in ends.items():
        for item in group:
            column = [boxes[n] for n in [item, *shape[item]]]
            key = boxes[item]  # its list of sub-themes indented under (or over) it
            assert arrangement.regions[item] == ("top" if orient == "up" else "bottom")
            if orient == "up":
                assert all(b.bottom <= centre.top for b in column)
            else:
                assert all(b.top >= centre.bottom for b in column)
            lo, hi = min(b.left for b in column), max(b.right for b in column)
            assert (lo + hi) / 2 == pytest.approx(centre.x)  # straight above or below the headline's middle
            assert lo <= key.left < centre.x
            for item_beside in right + left:
                for b in (boxes[n] for n in [item_beside, *shape[item_beside]]):
                    assert (
                        b.right <= lo
                        or b.left >= hi
                        or b.top >= max(c.bottom for c in column)
                        or b.bottom <= min(c.top for c in column)
                    ), (b.name, item)
    assert all(arrangement.regions[k] == "right" for k in right) and all(arrangement.regions[k] == "left" for k in left)


@pytest.mark.parametrize("seed", range(12))
@pytest.mark.parametrize("share", [0.5, 0.25])
def test_a_folded_list_keeps_its_order_overlaps_nothing_and_stays_within_the_fold(seed, share):
    """Large maps: a list taller than the fold is folded into columns side by side below its
    parent (issue 13); no box overlaps another, the children read down each column and then
    across, each column's spine stands clear of its parent's corner, and a column is no taller
    than the fold unless one child's own block is."""
    shape, sizes = _random_tree(random.Random(seed), (20, 90), 50)
    kids, boxes, depth_of = _tree(shape, sizes)
    unfolded = blocks(kids, boxes, "r", depth_of, 0, SP, set(), Blocks())
    fold = unfolded.sizes["r"][1] * share
    stacked: set[str] = set()
    shapes = blocks(kids, boxes, "r", depth_of, 0, SP, stacked, Blocks(), fold=fold)
    place_block(kids, boxes, shapes, stacked, "r", 0.0, 0.0, 1, "right", SP)
    placed = list(boxes.values())
    assert not any_overlap(placed)
    for i, a in enumerate(placed):
        for b in placed[i + 1 :]:
            assert not _overlap(a, b), (a.name, b.name)
    width, height = shapes.sizes["r"]
    assert width == pytest.approx(max(b.right for b in placed) - min(b.left for b in placed))
    assert height == pytest.approx(max(b.bottom for b in placed) - min(b.top for b in placed))
    assert height < unfolded.sizes["r"][1]  # folding made it lower
    assert shapes.folded
    for parent in shapes.folded:
        children = shape[parent]
        lefts = [round(boxes[k].left, 6) for k in children]
        assert lefts == sorted(lefts) and lefts[0] == pytest.approx(boxes[parent].left + SP.indent)
        columns: dict[float, list[str]] = {}
        for kid in children:
            columns.setdefault(round(boxes[kid].left, 6), []).append(kid)
        assert len(columns) > 1
        for left, column in columns.items():
            assert [boxes[k].y for k in column] == sorted(boxes[k].y for k in column)
            top = min(boxes[n].top for k in column for n in _subtree(shape, k))
            bottom = max(boxes[n].bottom for k in column for n in _subtree(shape, k))
            assert top >= boxes[parent].bottom  # below the parent, so a line along its middle passes over them
            if all(shapes.sizes[k][1] <= fold for k in children):
                assert bottom - top <= fold + 1e-6
            spine = left - SP.indent / 2
            parent_box = boxes[parent]
            assert spine <= parent_box.right - FOLD_CLEAR + 1e-6 or spine >= parent_box.right + FOLD_CLEAR - 1e-6


def _subtree(shape: dict[str, list[str]], root: str) -> list[str]:
    out, stack = [], [root]
    while stack:
        name = stack.pop()
        out.append(name)
        stack.extend(shape.get(name, []))
    return out


@pytest.mark.parametrize("width", [100.0, 400.0, 900.0, 2000.0, 5000.0])
@pytest.mark.parametrize("lines", [1, 3, 5, 12, 20, 40])
def test_a_large_maps_band_of_lines_is_never_deeper_than_before_nor_shallower_than_its_lines_need(width, lines):
    """A large map's row: the band between the headline and the row keeps the room its lines'
    spread needs and half the usual gap, and at least LINE_PITCH per line; never more than before."""
    centre = NodeBox(name="c", kind="hypothesis", depth=0, label="c", x=0.0, y=0.0, w=200.0, h=40.0)
    usual = row_top(width, centre, SP) - centre.h / 2
    band = row_top(width, centre, SP, lines) - centre.h / 2
    spread = usual - SP.centre_gap
    assert band <= usual + 1e-9
    assert band >= SP.centre_gap / 2 + spread - 1e-9
    assert band >= min(usual, LINE_PITCH * lines) - 1e-9


@pytest.mark.parametrize("width", [100.0, 900.0, 5000.0])
@pytest.mark.parametrize("band", [1.0, 0.8, 0.6, 0.1])
def test_a_shallower_band_scales_the_room_for_lines_but_keeps_a_floor(width, band):
    centre = NodeBox(name="c", kind="hypothesis", depth=0, label="c", x=0.0, y=0.0, w=200.0, h=40.0)
    usual = row_top(width, centre, SP) - centre.h / 2
    shallower = row_top(width, centre, SP, band=band) - centre.h / 2
    assert shallower == pytest.approx(max(usual * band, SP.centre_gap * BAND_FLOOR))


def _level_with(boxes, shape, item):
    key = boxes[item]
    todo, level = [item], []
    while todo:
        name = todo.pop()
        todo.extend(shape.get(name, []))
        if boxes[name].bottom > key.top and boxes[name].top < key.bottom:
            level.append(boxes[name])
    return level


@pytest.mark.parametrize("seed", range(12))
@pytest.mark.parametrize("fan", [False, True])
def test_a_rows_connection_has_its_words_room_level_with_its_themes_and_no_more(seed, fan):
    """Neighbours in a row joined by a connection with words: what stands level with their key
    themes keeps the words' room between them, but what their subtrees hold above or below the
    key themes (a wide quote, a list) may reach across it, so their blocks are no further apart
    than the room level with the key themes needs."""
    rng = random.Random(seed)
    shape, sizes = _key_themes(rng, (3, 6), (40, 120), (1, 4), 220)
    kids, boxes, depth_of = _tree(shape, sizes)
    order = tuple(shape["r"])
    words = {frozenset(pair): rng.uniform(30, 110) for pair in zip(order, order[1:]) if rng.random() < 0.7}

    def room(a: str, b: str) -> float:
        return words.get(frozenset((a, b)), 0.0)

    plan = Plan("rows", order, len(order) // 2, fan=fan)
    arrangement = arrange(plan, kids, boxes, "r", depth_of, SP, room)
    assert not any_overlap(list(boxes.values()))
    for a, b in arrangement.neighbours:
        left, right = (a, b) if boxes[a].x < boxes[b].x else (b, a)
        free = min(x.left for x in _level_with(boxes, shape, right)) - max(
            x.right for x in _level_with(boxes, shape, left)
        )
        blocks_apart = min(boxes[n].left for n in [right, *shape[right]]) - max(
            boxes[n].right for n in [left, *shape[left]]
        )
        needed = max(SP.branch_gap, room(a, b))
        assert free >= needed - 1e-6, (a, b)
        # no further apart than the room level with the themes, or the usual gap, needs
        assert blocks_apart <= SP.branch_gap + 1e-6 or free == pytest.approx(needed), (a, b)


def _leaves(rng: random.Random, count: int, centre: tuple[float, float]):
    """A headline and ``count`` key themes without sub-themes, of random sizes."""
    shape: dict[str, list[str]] = {"r": [f"k{i}" for i in range(count)]}
    sizes = {"r": centre, **{key: (rng.uniform(80, 130), rng.choice((40.0, 53.0, 65.0))) for key in shape["r"]}}
    return shape, sizes


@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize("beside", [(1, 1), (2, 0), (0, 2), (2, 1)])
def test_themes_beside_the_headline_stand_level_with_it_and_the_rows_keep_clear(seed, beside):
    """Rows of columns with some key themes beside the headline: the order runs clockwise (top
    row, right, bottom row, left), the themes beside it stand within its height a level gap out
    from its side, and no box overlaps another."""
    rng = random.Random(seed)
    shape, sizes = _leaves(rng, 24, (250.0, 140.0))
    kids, boxes, depth_of = _tree(shape, sizes)
    order = tuple(shape["r"])
    plan = Plan("rows", order, 11, NEVER, 3, beside=beside)
    top, right, bottom, left = plan.groups()
    assert (len(top), len(right), len(left)) == (11, *beside)
    assert top + right + bottom + left == list(order)
    arrangement = arrange(plan, kids, boxes, "r", depth_of, SP)
    assert not arrangement.cramped
    assert not any_overlap(list(boxes.values()))
    centre = boxes["r"]
    for group, region in ((right, "right"), (left, "left")):
        for item in group:
            box = boxes[item]
            assert arrangement.regions[item] == region
            assert centre.top <= box.top and box.bottom <= centre.bottom
            gap = box.left - centre.right if region == "right" else centre.left - box.right
            assert gap == pytest.approx(SP.level_gap)
    # clockwise: the right side top to bottom, the left side bottom to top
    assert [boxes[i].y for i in right] == sorted(boxes[i].y for i in right)
    assert [boxes[i].y for i in left] == sorted((boxes[i].y for i in left), reverse=True)
    assert all(arrangement.regions[i] == "top" for i in top) and all(arrangement.regions[i] == "bottom" for i in bottom)


def test_themes_beside_a_headline_too_low_for_them_make_the_arrangement_cramped():
    shape, sizes = _leaves(random.Random(1), 24, (250.0, 60.0))
    kids, boxes, depth_of = _tree(shape, sizes)
    order = tuple(shape["r"])
    assert arrange(Plan("rows", order, 11, NEVER, 3, beside=(2, 0)), kids, boxes, "r", depth_of, SP).cramped
    sizes = {**sizes, "k11": (100.0, 40.0)}  # one theme beside it, no taller than the headline
    kids, boxes, depth_of = _tree(shape, sizes)
    assert not arrange(Plan("rows", order, 11, NEVER, 3, beside=(1, 0)), kids, boxes, "r", depth_of, SP).cramped


@pytest.mark.parametrize("seed", range(6))
def test_leaf_themes_in_a_column_sit_a_sibling_gap_apart_with_their_lanes_in_the_gap_before_it(seed):
    """Rows of columns of key themes without lists: one below another a sibling gap apart (their
    lines come along the lanes), and a column's lanes lie in the gap from the column before,
    which is widened only as far as they need."""
    shape, sizes = _leaves(random.Random(seed), 18, (200.0, 80.0))
    kids, boxes, depth_of = _tree(shape, sizes)
    plan = Plan("rows", tuple(shape["r"]), 9, NEVER, 3)
    arrangement = arrange(plan, kids, boxes, "r", depth_of, SP)
    assert not any_overlap(list(boxes.values()))
    columns: dict[float, list[NodeBox]] = {}
    for item in shape["r"]:
        columns.setdefault(round(boxes[item].left, 6), []).append(boxes[item])
    by_row: dict[bool, list[list[NodeBox]]] = {}
    for _, column in sorted(columns.items()):
        column.sort(key=lambda b: b.y)
        for upper, lower in zip(column, column[1:]):
            assert lower.top - upper.bottom == pytest.approx(SP.sibling_gap)
        by_row.setdefault(column[0].y < 0, []).append(column)
    assert len(by_row[True]) >= 3 and len(by_row[False]) >= 3
    for row in by_row.values():
        for before, after in zip(row, row[1:]):
            lanes = 7.0 * (len(after) - 1)  # arrange.LANE_GAP each beyond the first theme
            gap = after[0].left - max(b.right for b in before)
            assert gap == pytest.approx(max(SP.branch_gap, lanes + 7.0))
            laned = [box for box in after if box.name in arrangement.lanes]  # all but the one nearest the headline
            assert len(laned) == len(after) - 1
            for box in laned:  # each lane between the columns, as far from both as they can be
                lane_x = arrangement.lanes[box.name][0]
                assert max(b.right for b in before) + 7.0 <= lane_x + 1e-6 < after[0].left


def test_joined_themes_one_below_another_in_a_column_are_neighbours_with_room_between():
    shape, sizes = _leaves(random.Random(3), 12, (200.0, 80.0))
    kids, boxes, depth_of = _tree(shape, sizes)
    order = tuple(shape["r"])
    plan = Plan("rows", order, 6, NEVER, 3)
    plain = arrange(plan, kids, boxes, "r", depth_of, SP)
    column = [k for k in order[:6] if boxes[k].left == pytest.approx(boxes["k0"].left)]
    a, b = column[0], column[1]  # the first column of the top row, its first two themes
    assert (a, b) not in plain.neighbours

    def room_below(x: str, y: str) -> float:
        return 31.0 if {x, y} == {a, b} else 0.0

    joined = arrange(plan, kids, boxes, "r", depth_of, SP, room_below=room_below)
    assert (a, b) in joined.neighbours
    upper, lower = sorted((boxes[a], boxes[b]), key=lambda box: box.y)
    assert lower.top - upper.bottom == pytest.approx(31.0)
    assert not any_overlap(list(boxes.values()))
