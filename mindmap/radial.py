"""Radial placement: the headline at the centre, key themes around it, nothing overlapping.

Key themes are dealt out clockwise in reading order: down the right-hand side
from the top, then up the left-hand side, split where the two sides are most
nearly level.  Each key theme's sub-themes and quotes form a tidy tree growing
outwards, in its own band, so no two boxes can overlap and the work is linear
in the number of nodes.  Branches above and below the centre are drawn in
towards it, so a report-size map sits around its headline rather than in two
columns, which keeps the figure compact enough to print large on a slide.

Pure geometry: boxes are anything with ``w``, ``h``, ``x``, ``y``, ``side``
and ``orient`` attributes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Final

__all__ = ["Spacing", "place_radial"]

Children = Callable[[str], list[str]]
SIDES: Final = {"right": 1, "left": -1}
# How strongly bands above or below the centre are drawn in towards it.
PULL_IN: Final = 0.9
# Room between a branch line and the inner edge of a theme it passes.
LINE_CLEARANCE: Final = 10.0


@dataclass(frozen=True)
class Spacing:
    level_gap: float
    sibling_gap: float
    branch_gap: float
    centre_gap: float


def _subtree(kids: Children, root: str) -> list[str]:
    order, stack = [], [root]
    while stack:
        name = stack.pop()
        order.append(name)
        stack.extend(kids(name))
    return order


def band_heights(kids: Children, boxes, root: str, gap: float) -> dict[str, float]:
    """The height of each subtree's band: a node, or its children stacked, whichever is taller."""
    heights: dict[str, float] = {}
    for name in reversed(_subtree(kids, root)):
        children = kids(name)
        stacked = sum(heights[k] for k in children) + gap * max(len(children) - 1, 0)
        heights[name] = max(boxes[name].h, stacked)
    return heights


def place_band(kids: Children, boxes, heights: dict[str, float], root: str, inner_x: float, top: float,
               orient: str, sp: Spacing) -> None:
    """Place a subtree: the root's inner edge at ``inner_x``, its band from ``top`` down."""
    side = SIDES[orient]
    stack = [(root, inner_x, top)]
    while stack:
        name, x_in, band_top = stack.pop()
        box = boxes[name]
        box.x = x_in + side * box.w / 2
        box.y = band_top + heights[name] / 2
        box.orient, box.side = orient, side
        children = kids(name)
        if not children:
            continue
        stacked = sum(heights[k] for k in children) + sp.sibling_gap * (len(children) - 1)
        y = band_top + (heights[name] - stacked) / 2
        child_x = x_in + side * (box.w + sp.level_gap)
        for kid in children:
            stack.append((kid, child_x, y))
            y += heights[kid] + sp.sibling_gap


def split_sides(sizes: list[float], gaps: list[float]) -> int:
    """How many branches go on the right so that the two sides are most nearly level.

    ``gaps[i]`` is the space between branch ``i`` and branch ``i + 1``.
    """
    if len(sizes) <= 1:
        return len(sizes)
    best, best_k = float("inf"), 1
    for k in range(1, len(sizes)):
        right = sum(sizes[:k]) + sum(gaps[: k - 1])
        left = sum(sizes[k:]) + sum(gaps[k:])
        if max(right, left) < best - 1e-9:
            best, best_k = max(right, left), k
    return best_k


def place_radial(kids: Children, boxes, centre_name: str, sp: Spacing,
                 gap_between: Callable[[str, str], float] | None = None) -> None:
    """Place every box of the map (``kids`` gives a node's children in reading order).

    ``gap_between(a, b)`` may widen the space between two neighbouring
    branches (for the words of a connection between them).
    """
    centre = boxes[centre_name]
    centre.x = centre.y = 0.0
    centre.orient, centre.side = "centre", 1
    items = kids(centre_name)
    heights: dict[str, float] = {}
    for item in items:
        heights.update(band_heights(kids, boxes, item, sp.sibling_gap))

    def gap(a: str, b: str) -> float:
        return max(sp.branch_gap, gap_between(a, b)) if gap_between else sp.branch_gap

    gaps = [gap(a, b) for a, b in zip(items, items[1:])]
    k = split_sides([heights[i] for i in items], gaps)
    half_h = centre.h / 2
    clearance = centre.w / 2 + sp.centre_gap
    for orient, group in (("right", items[:k]), ("left", list(reversed(items[k:])))):
        between = [gap(a, b) for a, b in zip(group, group[1:])]
        total = sum(heights[i] for i in group) + sum(between)
        tops, inners, sides = [], [], []
        top = -total / 2
        for i, item in enumerate(group):
            band_top, band_bottom = top, top + heights[item]
            # Bands level with the centre keep clear of it; the others come
            # closer in, by how far they are above or below it.
            distance = max(band_top - half_h, -half_h - band_bottom, 0.0)
            tops.append(band_top)
            inners.append(max(sp.centre_gap / 2, clearance - distance * PULL_IN))
            sides.append(-1 if band_bottom < -half_h else 1 if band_top > half_h else 0)
            top = band_bottom + (between[i] if i < len(between) else 0.0)
        # A branch line to a far theme passes the inner edges of the nearer
        # ones: keep each nearer theme at least LINE_CLEARANCE further out.
        for i in range(1, len(group)):  # above the centre: top (far) to bottom (near)
            if sides[i] <= 0 and sides[i - 1] < 0:
                inners[i] = max(inners[i], inners[i - 1] + LINE_CLEARANCE)
        for i in range(len(group) - 2, -1, -1):  # below: bottom (far) to top (near)
            if sides[i] >= 0 and sides[i + 1] > 0:
                inners[i] = max(inners[i], inners[i + 1] + LINE_CLEARANCE)
        for item, band_top, inner in zip(group, tops, inners):
            place_band(kids, boxes, heights, item, SIDES[orient] * inner, band_top, orient, sp)
