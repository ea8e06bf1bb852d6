"""A large map's rows packed like masonry (issue 13): columns of consecutive key themes, each
theme's lists folded to suit its column, lines along tracks of their own."""

from __future__ import annotations

import itertools
import random

import pytest

import mindmap.layout.compose as compose
from mindmap.layout.arrange import LANE_GAP, NEVER, Column, Plan, Spacing
from mindmap.layout.compose import FOLDS, _branches_cross, _Composer, _faulty
from mindmap.layout.masonry import MAX_TIERS, masonry_rows
from mindmap.layout.media import find_medium
from mindmap.load.reader import load_map
from mindmap.model.theme import MindMap
from mindmap.model.tree import HYPOTHESIS, build_tree
from mindmap.style.library import compose_style

from ..conftest import CORPUS
from ..synthetic import synthetic_map

SP = Spacing(level_gap=26.0, sibling_gap=8.0, branch_gap=16.0, centre_gap=34.0, indent=19.5)


def _random_columns(rng: random.Random, n: int) -> dict[tuple[int, int], list[Column]]:
    """Made-up column options for each run of up to MAX_TIERS themes: narrowest first, each lower."""
    table: dict[tuple[int, int], list[Column]] = {}
    for j in range(n):
        for i in range(j + 1, min(n, j + MAX_TIERS) + 1):
            width, height, options = rng.uniform(80, 160), rng.uniform(100, 220) * (i - j), []
            for _ in range(rng.randint(1, 3)):
                options.append((width, height, (0,) * (i - j)))
                width, height = width * rng.uniform(1.2, 2.0), height * rng.uniform(0.5, 0.9)
            table[j, i] = options
    return table


def _width(row, n: int) -> float:
    lanes = sum(LANE_GAP * (i - j - 1) for j, i, _ in row)
    return sum(c[0] for _, _, c in row) + lanes + SP.branch_gap * (len(row) - 1)


def _room(limit: float, j: int, i: int, n: int) -> float:
    return limit - min(200.0, SP.centre_gap / 2 + 6.0 * (min(j, n - i) + i - j))


@pytest.mark.parametrize("seed", range(8))
def test_a_masonry_row_is_the_narrowest_of_every_way_to_cut_the_themes_into_columns(seed):
    """Dynamic programming against every cut of up to seven themes into consecutive columns:
    the row keeps the themes in order, each column within the limit, and no cut is narrower."""
    rng = random.Random(seed)
    n = rng.randint(3, 7)
    table = _random_columns(rng, n)
    group = [f"t{k}" for k in range(n)]
    limit = rng.uniform(350, 700)
    row = masonry_rows(group, lambda j, i: table[j, i], limit, 200.0, SP)
    best = float("inf")
    for cuts in itertools.product((False, True), repeat=n - 1):
        bounds = [0] + [k + 1 for k, cut in enumerate(cuts) if cut] + [n]
        runs = list(zip(bounds, bounds[1:]))
        if any(i - j > MAX_TIERS for j, i in runs):
            continue
        chosen = []
        for j, i in runs:
            fits = [c for c in table[j, i] if c[1] <= _room(limit, j, i, n)]
            if not fits:
                break
            chosen.append((j, i, min(fits)))
        else:
            best = min(best, _width(chosen, n))
    if best == float("inf"):
        assert row is None
        return
    assert row is not None
    assert [j for j, _, _ in row] == [0] + [i for _, i, _ in row[:-1]] and row[-1][1] == n  # in order, each once
    assert all(c[1] <= _room(limit, j, i, n) + 1e-9 for j, i, c in row)
    assert _width(row, n) == pytest.approx(best)


def test_themes_joined_by_a_connection_stand_side_by_side_each_alone_in_its_column():
    n = 6
    table = {(j, i): [(100.0, 150.0 * (i - j), (0,) * (i - j))] for j in range(n) for i in range(j + 1, n + 1)}
    group = [f"t{k}" for k in range(n)]
    links = [False, True, False, False, False]  # t1 and t2
    row = masonry_rows(group, lambda j, i: table[j, i], 2000.0, 100.0, SP, links)
    assert row is not None
    runs = [(j, i) for j, i, _ in row]
    assert (1, 2) in runs and (2, 3) in runs
    together = masonry_rows(group, lambda j, i: table[j, i], 2000.0, 100.0, SP, links, together=True)
    assert together is not None and len(together) < len(row)  # one beyond the other too: fewer columns


def _large_map(seed: int) -> MindMap:
    data = synthetic_map(random.Random(seed).randint(90, 200), seed=seed)
    return MindMap.model_validate(data)


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("fit", ["a3", "page"])
def test_masonry_rows_keep_the_order_overlap_nothing_and_their_lines_pass_behind_no_box(seed, fit):
    """Random large maps, every split and both ways with connections: the top row reads from the
    left and the bottom row from the right (column by column, outwards in each), no box overlaps
    another, no line passes behind a box it does not join, words stay by their line, and the lines
    from the headline each leave it at a point of their own and never cross."""
    mind_map = _large_map(seed)
    tree = build_tree(mind_map)
    medium = find_medium(fit)
    assert medium is not None
    composer = _Composer(tree, compose_style(), medium, "auto", True, mind_map.title, mind_map.hypothesis)
    items = tree.children(HYPOTHESIS)
    tallest = max(composer.blocks(1).sizes[item][1] for item in items)
    folds = tuple(tallest * share for share in FOLDS[::3])
    for split, together in itertools.product(range(1, len(items), 2), (False, True)):
        plan = Plan("rows", tuple(items), split, NEVER, masonry=folds, aspect=medium.aspect, together=together)
        laid = composer.compose(plan)
        assert not _faulty(laid) and not _branches_cross(laid), (split, together)
        boxes = {box.name: box for box in laid.nodes}
        centre = boxes[HYPOTHESIS]
        top, bottom = items[:split], items[split:][::-1]
        for row, above in ((top, True), (bottom, False)):
            # along the row: the columns' inner edges never step back, and within a column each
            # theme is further from the headline than the one before
            for a, b in zip(row, row[1:]):
                pa, pb = boxes[a], boxes[b]
                assert pb.left >= pa.left - 1e-6
                if abs(pb.left - pa.left) < 1e-6:
                    assert (pb.y < pa.y) if above else (pb.y > pa.y)
            for item in row:
                assert (boxes[item].bottom <= centre.top) if above else (boxes[item].top >= centre.bottom)
        starts = [e.points[0] for e in laid.edges if e.kind == "branch" and e.source == HYPOTHESIS]
        assert len(set(starts)) == len(starts) == len(items)


def _with_and_without(monkeypatch, name: str, fit: str, setting: str, off: int):
    """A corpus map laid out for ``fit`` as it is, then with ``compose.<setting>`` set to ``off``:
    its number of boxes, both layouts' scores (as the search weighs them) and the first layout."""
    mind_map = load_map(CORPUS / f"{name}.yaml")
    tree = build_tree(mind_map)
    style = compose_style(map_style=mind_map.style)
    heading = fit != "slide"  # as render does

    def laid():
        return compose.layout_map(
            tree, style, title=mind_map.title, caption=mind_map.hypothesis, fit=fit, heading=heading
        )

    on = laid()
    monkeypatch.setattr(compose, setting, off)
    without = laid()
    composer = _Composer(tree, style, find_medium(fit), "auto", heading, mind_map.title, mind_map.hypothesis)
    return len(tree.nodes), composer.score(on.width, on.height), composer.score(without.width, without.height), on


def test_a_mid_size_map_of_deep_lists_is_packed_like_masonry_where_that_prints_larger(monkeypatch):
    """From MASONRY_FROM boxes (and fewer than RING_FROM key themes), rows packed like masonry are
    finalists too: virtual-wards (34 boxes, lists three deep) prints larger on a slide with them
    than without (7.38 -> 7.66 pt), sound: no line behind a box, no two lines from the headline
    crossing."""
    low, high = compose.MASONRY_FROM, compose.LARGE
    boxes, packed, plain, laid = _with_and_without(monkeypatch, "virtual-wards", "slide", "MASONRY_FROM", compose.LARGE)
    assert low <= boxes < high
    assert packed > plain
    assert not _faulty(laid) and not _branches_cross(laid)


def test_rows_packed_tallest_themes_first_are_tried_too_and_print_larger_where_that_evens_the_rows(monkeypatch):
    """The connections' order mixes tall and short key themes in each row, so one tall column
    sets the row's height: rows packed from the order with the tallest first (runs of joined
    themes kept whole) are finalists too, up to TALLEST_FIRST_UP_TO boxes.  synthetic-120 on a
    page prints larger with them than without (4.29 -> 4.42 pt), and is sound."""
    low, high = compose.LARGE, compose.TALLEST_FIRST_UP_TO
    boxes, tall, mixed, laid = _with_and_without(monkeypatch, "synthetic-120", "page", "TALLEST_FIRST_UP_TO", 0)
    assert low <= boxes <= high
    assert tall > mixed
    assert not _faulty(laid) and not _branches_cross(laid)


def test_tallest_first_keeps_each_run_of_joined_themes_whole_round_the_ring():
    heights = {"a": 1.0, "b": 10.0, "c": 5.0, "d": 2.0, "e": 8.0}
    pairs = {frozenset(("e", "a")), frozenset(("c", "d"))}  # e-a joined across the ring's ends
    assert compose.tallest_first(["a", "b", "c", "d", "e"], pairs, heights) == ["b", "e", "a", "c", "d"]
    assert compose.tallest_first(["a", "b", "c"], set(), heights) == ["b", "c", "a"]
