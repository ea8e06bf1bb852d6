"""Arrangements: where every box goes, for one plan, with nothing overlapping.

The headline sits at the centre, at (0, 0).  A :class:`Plan` says how the
centre's children (key themes, and quotes about the whole hypothesis) are
arranged around it:

* ``sides``: down the right-hand side from the top, then up the left-hand
  side; each key theme's subtree grows outwards in its own band.  Bands above
  or below the centre are drawn in towards it.  The first theme may stand
  straight above the headline and the one after the right side straight below
  it (each heading a list, as in ``rows``), the sides' bands kept clear of them.
* ``rows``: along a row above the headline from the left, then along a row
  below it from the right; each key theme heads a column with its subtree
  stacked below it (above it, for the top row).  With ``beside``, a few themes
  stand level with the headline on its right (after the top row) and its left
  (last), within its height, where the rows' lines do not pass.

Either way the order is clockwise from the top, so reading order survives.
From ``stack_depth`` down, a node's children are stacked below it, indented,
instead of growing further out: deep maps stay narrow.  With ``fold`` (large
maps), a list taller than that is folded into columns side by side below its
parent, so deep subtrees can use a wide medium's width.  Every subtree has its
own block, so no two boxes can overlap, and the work is linear in the map.

Pure geometry on :class:`~mindmap.layout.boxes.NodeBox` objects.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Callable, Final

from .boxes import NodeBox

__all__ = [
    "Arrangement",
    "Blocks",
    "Known",
    "Plan",
    "Spacing",
    "any_overlap",
    "arrange",
    "balanced_split",
    "descendants",
    "level_with",
    "linear_partition",
    "mirror",
    "place_block",
    "row_start",
    "subtree_blocks",
]

Children = Callable[[str], list[str]]
NEVER: Final = 10_000  # a stack depth no map reaches
# How strongly bands above or below the centre are drawn in towards it.
PULL_IN: Final = 0.9
# Room between a branch line and the inner edge of a theme it passes.
LINE_CLEARANCE: Final = 10.0
LARGE: Final = 80  # from this many boxes, a row's band of lines is as deep as its lines need
# Large maps: the depth of the band between the headline and a row, per line fanning out in it.
LINE_PITCH: Final = 6.0
# A row's band of lines is never shallower than this share of the centre gap (see row_start).
BAND_FLOOR: Final = 0.6


@dataclass(frozen=True)
class Spacing:
    level_gap: float
    sibling_gap: float
    branch_gap: float
    centre_gap: float
    indent: float


@dataclass(frozen=True)
class Plan:
    """One way to arrange a map (the layout's search tries several)."""

    form: str  # "sides" or "rows"
    order: tuple[str, ...]  # the centre's children, clockwise from the top
    split: int  # how many of them go in the first region (the right side, the top row)
    stack_depth: int = NEVER  # nodes this deep or deeper have their children stacked below them
    per_column: float = 1  # rows: about this many key themes one beyond another in each column, on average
    fan: bool = False  # rows: each key theme's sub-themes side by side below it, each heading a list
    wrap: float = 1.0  # wrap widths times this
    headline_wrap: float = 1.0  # the headline's wrap width times this
    quote_wrap: float = 1.0  # quotes' wrap width times this
    # sides: the order's first item straight above the headline, the item after the right side
    # straight below it (the rest beside it)
    above: bool = False
    below: bool = False
    # a list taller than this (units) is folded into columns side by side below its parent (0: never)
    fold: float = 0.0
    # rows: the band of lines between the headline and each row, times this (see row_start)
    band: float = 1.0
    # sides: every key theme's inner edge the same way out from the headline, none drawn in
    # towards it (a tree growing to the right, with an empty left side)
    straight: bool = False
    # rows: this many themes stand level with the headline on its right and on its left (the rest
    # in the rows): the order's items after the top row's, and its last ones
    beside: tuple[int, int] = (0, 0)
    # rows packed like masonry (large maps): each key theme's lists folded at one of these heights
    # (or not at all), each row's columns of consecutive themes chosen so that the map comes
    # nearest this width / height (see :func:`.masonry.arrange_masonry`)
    masonry: tuple[float, ...] = ()
    aspect: float = 0.0
    together: bool = False  # masonry: themes joined by a connection may stand one beyond the other

    def groups(self) -> list[list[str]]:
        """The items of each region in the order's order (neighbours in a group sit side by side):
        the right and left sides (and the themes above and below), or the top and bottom rows
        (and the themes beside the headline: top row, right, bottom row, left)."""
        order, split = list(self.order), self.split
        if self.form == "rows" and any(self.beside):
            after, last = split + self.beside[0], len(order) - self.beside[1]
            return [order[:split], order[split:after], order[after:last], order[last:]]
        if self.form != "sides" or not (self.above or self.below):
            return [order[:split], order[split:]]
        start, after = int(self.above), split + int(self.below)
        return [order[:start], order[start:split], order[split:after], order[after:]]


@dataclass
class Arrangement:
    """Where a plan put everything: boxes placed in place, plus how each parent joins its children."""

    plan: Plan
    stacked: set[str]  # parents whose children hang below (or above) them
    regions: dict[str, str]  # each centre child: right, left, top or bottom
    neighbours: list[tuple[str, str]]  # centre children side by side in one region (in order)
    # rows of columns: a key theme beyond the first in its column is reached along a lane (its x)
    # in the gap left of the column, from the row's edge nearest the headline (its y)
    lanes: dict[str, tuple[float, float]] = field(default_factory=dict)
    fanned: set[str] = field(default_factory=set)  # parents whose children sit side by side below them
    folded: set[str] = field(default_factory=set)  # parents whose list is folded into columns (see blocks)
    # the themes beside the headline stand taller than it, where the rows' lines pass: not to be kept
    cramped: bool = False
    # masonry rows: two key themes one beyond the other in a column, joined by a connection that
    # runs round the column's outer side at this x
    beyond: dict[tuple[str, str], float] = field(default_factory=dict)
    # masonry rows: a key theme whose line runs straight out from the headline along a track at this y
    tracks: dict[str, float] = field(default_factory=dict)


def balanced_split(sizes: list[float], gaps: list[float]) -> int:
    """How many items go in the first region so that the two regions are most nearly equal.

    ``gaps[i]`` is the space between item ``i`` and item ``i + 1``.

    >>> balanced_split([10, 10, 10, 10], [1, 1, 1])
    2
    """
    if len(sizes) <= 1:
        return len(sizes)
    best, best_k = float("inf"), 1
    for k in range(1, len(sizes)):
        first = sum(sizes[:k]) + sum(gaps[: k - 1])
        second = sum(sizes[k:]) + sum(gaps[k:])
        if max(first, second) < best - 1e-9:
            best, best_k = max(first, second), k
    return best_k


def _post_order(kids: Children, root: str) -> list[str]:
    order, stack = [], [root]
    while stack:
        name = stack.pop()
        order.append(name)
        stack.extend(kids(name))
    order.reverse()
    return order


Env = list[tuple[float, float, float]]  # a contour: (x0, x1, y) pieces, sorted, not overlapping
# Room kept beside a box in a contour, so that boxes in neighbouring columns never touch corners.
CONTOUR_PAD: Final = 2.0
LINE_ROOM: Final = 2.0  # beyond a line's middle, for its width
CONTOUR_PIECES: Final = 24  # a contour of more pieces is made coarser (never closer to its boxes)
FAN_GAP: Final = 14.0  # between the lists side by side below a key theme (fanned rows)
CONTOUR_UP_TO: Final = 1000  # from this many boxes, subtrees are packed by the boxes round them (linear time)


def _merge(a: Env, b: Env, lower: bool) -> Env:
    """Two contours as one: the lower (largest y) or upper (least y) of the two wherever either has one."""
    if not a:
        return list(b)
    if not b:
        return list(a)
    out: Env = []
    i = j = 0
    na, nb = len(a), len(b)
    x = min(a[0][0], b[0][0])
    while True:
        while i < na and a[i][1] <= x:
            i += 1
        while j < nb and b[j][1] <= x:
            j += 1
        if i >= na and j >= nb:
            break
        pa = a[i] if i < na else None
        pb = b[j] if j < nb else None
        va = pa[2] if pa is not None and pa[0] <= x else None
        vb = pb[2] if pb is not None and pb[0] <= x else None
        # the next place either contour changes: an end of a piece in force, or a start of one to come
        ends = [p[1] if v is not None else p[0] for p, v in ((pa, va), (pb, vb)) if p is not None]
        nxt = min(ends)
        if va is None:
            if vb is None:
                x = nxt
                continue
            y = vb
        else:
            y = va if vb is None else (max(va, vb) if lower else min(va, vb))
        if out and out[-1][2] == y and out[-1][1] == x:
            out[-1] = (out[-1][0], nxt, y)
        else:
            out.append((x, nxt, y))
        x = nxt
    if len(out) > CONTOUR_PIECES:  # coarser, and never closer than the boxes: a group's worst y
        step = -(-len(out) // CONTOUR_PIECES)
        pick = max if lower else min
        out = [
            (group[0][0], group[-1][1], pick(p[2] for p in group))
            for group in (out[k : k + step] for k in range(0, len(out), step))
        ]
    return out


def _shift(env: Env, dx: float, dy: float) -> Env:
    return [(x0 + dx, x1 + dx, y + dy) for x0, x1, y in env]


def _rect_env(x0: float, x1: float, y: float) -> Env:
    return [(x0 - CONTOUR_PAD, x1 + CONTOUR_PAD, y)]


def _fan(inner: float, outer: float, centre: float, far: float, down: int) -> Env:
    """The edge of the lines from a parent's middle (at x = ``inner``) to its children (at x =
    ``outer``) whose farthest middle is at ``far``: each line is an S, half way across by the
    halfway height, so a step there keeps close to the lines without touching them."""
    edge = max(far, centre) if down > 0 else min(far, centre)
    half = (centre + edge) / 2
    middle = (inner + outer) / 2
    return [(inner + CONTOUR_PAD, middle, half + down * LINE_ROOM), (middle, outer, edge + down * LINE_ROOM)]


def _clearance(lower: Env, upper: Env) -> float:
    """How far ``upper`` must move down to clear ``lower`` wherever they share an x: the most
    ``lower(x) - upper(x)`` (minus infinity when they share none)."""
    best, i = float("-inf"), 0
    for x0, x1, top in upper:
        while i < len(lower) and lower[i][1] <= x0:
            i += 1
        k = i
        while k < len(lower) and lower[k][0] < x1:
            best = max(best, lower[k][2] - top)
            k += 1
    return best


@dataclass
class Blocks:
    """Every subtree laid out on its own, relative to its block (the box round all of it):
    its size, where its root's box sits in it, where each child's block sits in its parent's."""

    sizes: dict[str, tuple[float, float]] = field(default_factory=dict)
    box_top: dict[str, float] = field(default_factory=dict)  # the root box's top, from the block's top
    kid_top: dict[str, float] = field(default_factory=dict)  # a child block's top, from its parent block's top
    contours: dict[str, tuple[Env, Env]] = field(default_factory=dict)  # each root's upper and lower contour
    box_left: dict[str, float] = field(default_factory=dict)  # the root box's inner edge, if not the block's
    kid_x: dict[str, float] = field(default_factory=dict)  # a child block's inner edge, from its parent's
    folded: set[str] = field(default_factory=set)  # parents whose list is folded into columns


def blocks(
    kids: Children,
    boxes: dict[str, NodeBox],
    root: str,
    depth_of: Callable[[str], int],
    stack_from: int,
    sp: Spacing,
    stacked: set[str],
    into: Blocks | None = None,
    fanned: set[str] | None = None,
    fold: float = 0.0,
) -> Blocks:
    """Each subtree's block, growing outwards or stacked; fills ``stacked``.

    With ``fold``, a list taller than that is folded into columns side by side below its parent
    (each child with its whole list in one column, the columns as even as they can be): the
    first column hangs from the parent's inner edge as usual, each other one from a line along
    the parent's middle and down a spine in the gap left of its column.

    Growing outwards, a parent's children are packed by their contours (a non-layered tidy
    tree): each child's subtree comes up as close under the one before as the boxes and lines
    of both allow, not merely below the box round it, and the parent sits level with the
    middle of its first and last child.  Each contour keeps the lines from a parent to its
    children inside it, so no box is packed over a line."""
    out = into if into is not None else Blocks()
    contours = len(boxes) < CONTOUR_UP_TO
    upper: dict[str, Env] = {}
    lower: dict[str, Env] = {}
    for name in _post_order(kids, root):
        box = boxes[name]
        children = kids(name)
        if not children:
            out.sizes[name] = (box.w, box.h)
            out.box_top[name] = 0.0
            if contours:
                upper[name], lower[name] = _rect_env(0.0, box.w, 0.0), _rect_env(0.0, box.w, box.h)
            continue
        if fanned is not None and depth_of(name) == stack_from - 1:  # its children side by side below it
            fanned.add(name)
            across = sum(out.sizes[k][0] for k in children) + FAN_GAP * (len(children) - 1)
            width = max(box.w, across)
            y = box.h + max(sp.level_gap * 0.6, 16.0)
            x = (width - across) / 2
            for kid in children:
                out.kid_top[kid], out.kid_x[kid] = y, x
                upper.pop(kid, None), lower.pop(kid, None)
                x += out.sizes[kid][0] + FAN_GAP
            out.box_left[name] = (width - box.w) / 2
            out.box_top[name] = 0.0
            out.sizes[name] = (width, y + max(out.sizes[k][1] for k in children))
            if contours:
                upper[name], lower[name] = _rect_env(0.0, width, 0.0), _rect_env(0.0, width, out.sizes[name][1])
            continue
        if depth_of(name) >= stack_from:  # a list: each child below the one before, indented
            stacked.add(name)
            x, y = sp.indent, box.h + sp.sibling_gap
            if fold and len(children) > 1 and _list_height(out, children, sp) > fold:
                _fold(out, name, box, children, fold, sp)
                if contours:  # flat on top: the line along the parent's middle to the other columns
                    upper[name] = _rect_env(0.0, out.sizes[name][0], 0.0)
                    lower[name] = _rect_env(0.0, out.sizes[name][0], out.sizes[name][1])
                    for kid in children:
                        upper.pop(kid, None), lower.pop(kid, None)
                continue
            for kid in children:
                out.kid_top[kid] = y
                upper.pop(kid, None), lower.pop(kid, None)
                y += out.sizes[kid][1] + sp.sibling_gap
            width = max(box.w, x + max(out.sizes[k][0] for k in children))
            out.sizes[name] = (width, y - sp.sibling_gap)
            out.box_top[name] = 0.0
            if not contours:
                continue
            # its contour: the box, then the list below it (a list's own steps are too small to pack into)
            upper[name] = _merge(_rect_env(0.0, box.w, 0.0), _rect_env(x, width, box.h + sp.sibling_gap), False)
            lower[name] = _rect_env(0.0, width, y - sp.sibling_gap)
            continue
        x = box.w + sp.level_gap
        if not contours:  # the children's blocks one below another, the box level with their middle
            column = sum(out.sizes[k][1] for k in children) + sp.sibling_gap * (len(children) - 1)
            height = max(box.h, column)
            y = (height - column) / 2
            for kid in children:
                out.kid_top[kid] = y
                y += out.sizes[kid][1] + sp.sibling_gap
            out.sizes[name] = (x + max(out.sizes[k][0] for k in children), height)
            out.box_top[name] = (height - box.h) / 2
            continue
        tops: list[float] = []
        column_low: Env = []
        for kid in children:
            kid_up = _shift(upper[kid], x, 0.0)
            if not tops:
                tops.append(0.0)
            else:
                needed = _clearance(column_low, kid_up) + sp.sibling_gap
                tops.append(max(needed, tops[-1]))
            column_low = _merge(column_low, _shift(lower[kid], x, tops[-1]), True)
        mids = [t + out.box_top[k] + boxes[k].h / 2 for t, k in zip(tops, children)]
        centre = (mids[0] + mids[-1]) / 2
        box_top = centre - box.h / 2
        # the block's top: the highest of the box, the children's blocks and their contours
        top = min([box_top] + tops)
        bottom = max([box_top + box.h] + [t + out.sizes[k][1] for t, k in zip(tops, children)])
        for t, kid in zip(tops, children):
            out.kid_top[kid] = t - top
        out.box_top[name] = box_top - top
        out.sizes[name] = (x + max(out.sizes[k][0] for k in children), bottom - top)
        middle, first, last = centre - top, mids[0] - top, mids[-1] - top
        up = _merge(_rect_env(0.0, box.w, box_top - top), _fan(box.w, x, middle, first, -1), False)
        low = _merge(_rect_env(0.0, box.w, box_top + box.h - top), _fan(box.w, x, middle, last, 1), True)
        for t, kid in zip(tops, children):
            up = _merge(up, _shift(upper.pop(kid), x, t - top), False)
            low = _merge(low, _shift(lower.pop(kid), x, t - top), True)
        upper[name], lower[name] = up, low
    if contours:
        out.contours[root] = (upper[root], lower[root])
    return out


# Between a folded list's columns (the next column's spine is half an indent further on).
FOLD_GAP: Final = 8.0
# A folded column's spine at least this far from its parent's corner (its own, or along the parent's middle).
FOLD_CLEAR: Final = 8.0


def _list_height(out: Blocks, children: list[str], sp: Spacing) -> float:
    """The height of these children's blocks one below another."""
    return sum(out.sizes[k][1] for k in children) + sp.sibling_gap * (len(children) - 1)


def _fold(out: Blocks, name: str, box: NodeBox, children: list[str], fold: float, sp: Spacing) -> None:
    """``name``'s list folded into the fewest columns (consecutive children) no taller than
    ``fold``, else into as many as make the tallest least (see :func:`blocks`)."""
    heights = [out.sizes[k][1] + sp.sibling_gap for k in children]
    best: list[int] = [len(children)]
    least = float("inf")
    for parts in range(2, len(children) + 1):
        counts = linear_partition(heights, parts)
        tallest, start = 0.0, 0
        for count in counts:
            tallest = max(tallest, sum(heights[start : start + count]) - sp.sibling_gap)
            start += count
        if tallest < least - 1e-9:
            best, least = counts, tallest
        if tallest <= fold:
            break
    out.folded.add(name)
    top = box.h + sp.sibling_gap
    origin, start, bottom = 0.0, 0, top
    for c, count in enumerate(best):
        column = children[start : start + count]
        start += count
        if c:
            spine = origin + sp.indent / 2
            if box.w - FOLD_CLEAR < spine < box.w + FOLD_CLEAR:  # neither below the parent nor clear of it
                origin = box.w + FOLD_CLEAR - sp.indent / 2
        y = top
        for kid in column:
            out.kid_top[kid] = y
            out.kid_x[kid] = origin + sp.indent
            y += out.sizes[kid][1] + sp.sibling_gap
        bottom = max(bottom, y - sp.sibling_gap)
        origin += sp.indent + max(out.sizes[k][0] for k in column) + FOLD_GAP
    out.sizes[name] = (max(box.w, origin - FOLD_GAP), bottom)
    out.box_top[name] = 0.0


def place_block(
    kids: Children,
    boxes: dict[str, NodeBox],
    shapes: Blocks,
    stacked: set[str],
    root: str,
    inner_x: float,
    top: float,
    side: int,
    orient: str,
    sp: Spacing,
) -> None:
    """Place a subtree: its block's inner edge at ``inner_x``, its top at ``top``, growing to ``side``."""
    stack = [(root, inner_x, top)]
    while stack:
        name, x_in, block_top = stack.pop()
        box = boxes[name]
        box.x = x_in + side * (shapes.box_left.get(name, 0.0) + box.w / 2)
        box.y = block_top + shapes.box_top[name] + box.h / 2
        box.orient, box.side = orient, side
        children = kids(name)
        if not children:
            continue
        child_x = x_in + side * (sp.indent if name in stacked else box.w + sp.level_gap)
        for kid in children:
            at = x_in + side * shapes.kid_x[kid] if kid in shapes.kid_x else child_x
            stack.append((kid, at, block_top + shapes.kid_top[kid]))


def level_with(kids: Children, boxes: dict[str, NodeBox], root: str, top: float, bottom: float) -> list[NodeBox]:
    """The boxes of ``root``'s subtree that stand level with the band from ``top`` to ``bottom``."""
    return [boxes[n] for n in descendants(kids, root) if boxes[n].bottom > top and boxes[n].top < bottom]


def descendants(kids: Children, root: str) -> list[str]:
    """``root`` and everything below it."""
    out, stack = [], [root]
    while stack:
        name = stack.pop()
        out.append(name)
        stack.extend(kids(name))
    return out


# Side bands kept out (see _keep_out): between y0 and y1, or beyond (below, if down), at least x out.
KeepOut = tuple[float, float, float, bool]
# A column of consecutive key themes (masonry rows): its width, its height, and the block each theme takes.
Column = tuple[float, float, tuple[int, ...]]
RowPlan = list[tuple[int, int, Column]]  # a row's columns: the run group[j:i] and how it is stacked


@dataclass
class Known:
    """What the search works out once for one set of boxes and keeps between arrangements: the
    subtrees' blocks (by stack depth, fan and fold), and (masonry rows) each run of key themes'
    columns (by the run and the folds tried)."""

    blocks: dict[tuple[int, bool] | tuple[int, bool, float], tuple[Blocks, set[str], set[str]]] = field(
        default_factory=dict
    )
    columns: dict[tuple[tuple[str, ...], tuple[float, ...]], list[Column]] = field(default_factory=dict)
    rows: dict[tuple[tuple[str, ...], bool, tuple[float, ...]], list[tuple[float, float, RowPlan]]] = field(
        default_factory=dict
    )


def subtree_blocks(
    kids: Children,
    boxes: dict[str, NodeBox],
    centre_name: str,
    depth_of: Callable[[str], int],
    sp: Spacing,
    stack_from: int,
    fan: bool = False,
    known: Known | None = None,
    fold: float = 0.0,
) -> tuple[Blocks, set[str], set[str]]:
    """The blocks of every key theme's subtree, with the parents stacked and fanned (and lists
    folded); kept in ``known`` (by stack depth, fan and fold) for these boxes, as neither order
    nor split changes them."""
    known = Known() if known is None else known
    key: tuple[int, bool] | tuple[int, bool, float] = (stack_from, fan) if not fold else (stack_from, fan, fold)
    if key not in known.blocks:
        made: tuple[Blocks, set[str], set[str]] = (Blocks(), set(), set())
        for item in kids(centre_name):
            blocks(kids, boxes, item, depth_of, stack_from, sp, made[1], made[0], made[2] if fan else None, fold)
        known.blocks[key] = made
    return known.blocks[key]


def arrange(
    plan: Plan,
    kids: Children,
    boxes: dict[str, NodeBox],
    centre_name: str,
    depth_of: Callable[[str], int],
    sp: Spacing,
    room: Callable[[str, str], float] | None = None,
    known: Known | None = None,
    room_below: Callable[[str, str], float] | None = None,
) -> Arrangement:
    """Place every box for ``plan``; ``room(a, b)`` may widen the gap between neighbours a and b
    side by side, ``room_below(a, b)`` between a and b one below the other in a column of a row
    (both 0 when a connection does not join them).
    ``known`` keeps the subtrees' blocks for these boxes between calls (:func:`subtree_blocks`)."""
    centre = boxes[centre_name]
    centre.x = centre.y = 0.0
    centre.orient, centre.side = "centre", 1
    fan = plan.form == "rows" and plan.fan
    stack_from = (2 if fan else 1) if plan.form == "rows" else plan.stack_depth
    shapes, stacked, fanned = subtree_blocks(
        kids, boxes, centre_name, depth_of, sp, stack_from, fan, known, 0.0 if fan else plan.fold
    )

    def gap(a: str, b: str) -> float:
        return max(sp.branch_gap, room(a, b)) if room else sp.branch_gap

    first, second = list(plan.order[: plan.split]), list(plan.order[plan.split :])
    regions: dict[str, str] = {}
    neighbours: list[tuple[str, str]] = []
    lanes: dict[str, tuple[float, float]] = {}
    cramped = False
    if plan.form == "rows" and any(plan.beside):
        first, right, second, left = plan.groups()
        cramped = _beside(kids, boxes, shapes, stacked, centre, right, left, regions, sp)
    if plan.form == "rows" and plan.per_column > 1:
        _columns(
            plan, kids, boxes, shapes, stacked, centre, first, second, gap, regions, neighbours, lanes, sp, room_below
        )
    elif plan.form == "rows":
        _rows(plan, kids, boxes, shapes, stacked, centre, first, second, gap, regions, neighbours, sp)
    else:
        joined = (lambda a, b: room(a, b) > 0) if room else (lambda a, b: False)
        keep_out: list[KeepOut] = []
        ends: list[NodeBox] = []
        if plan.above or plan.below:
            top, first, bottom, second = plan.groups()
            stacked = set(stacked)  # its own: the one given is kept for other plans
            # the themes above and below: each heading a list, as in a row layout (a row of one
            # has no neighbours, so no gap between neighbours)
            lists, stacked_lists, _ = subtree_blocks(kids, boxes, centre_name, depth_of, sp, 1, False, known)
            names = [name for item in top + bottom for name in descendants(kids, item)]
            stacked.update(name for name in names if name in stacked_lists)
            stacked.difference_update(name for name in names if name not in stacked_lists)
            _rows(plan, kids, boxes, lists, stacked, centre, top, bottom, gap, regions, neighbours, sp)
            ends = [boxes[name] for name in names]
            keep_out = _keep_out(ends, centre, sp)
        _sides(
            kids,
            boxes,
            shapes,
            stacked,
            centre,
            first,
            second,
            gap,
            joined,
            regions,
            neighbours,
            sp,
            keep_out,
            ends,
            plan.straight,
        )
    return Arrangement(plan, stacked, regions, neighbours, lanes, fanned, shapes.folded, cramped)


def _keep_out(ends: list[NodeBox], centre: NodeBox, sp: Spacing) -> list[KeepOut]:
    """Where side bands must not come in: a band reaching as far from the headline as a theme
    above or below it starts far enough out that it, and the line to it (leaving the headline's
    side, half way across beyond that theme's edge), pass outside that theme's boxes."""
    if not ends:
        return []
    out = []
    for orient in (-1, 1):
        mine = [b for b in ends if (b.y < centre.y) == (orient < 0)]
        if not mine:
            continue
        half = max(max(abs(b.left), abs(b.right)) for b in mine)
        near = min(abs(b.y) - b.h / 2 for b in mine)  # the edge nearest the headline
        far = max(abs(b.y) + b.h / 2 for b in mine)
        x = 2 * (half + sp.branch_gap) - centre.w / 2
        y0, y1 = (-far, -near) if orient < 0 else (near, far)
        out.append((y0 - sp.branch_gap, y1 + sp.branch_gap, x, orient > 0))
    return out


def linear_partition(sizes: list[float], parts: int) -> list[int]:
    """How many consecutive items go in each of ``parts`` groups so that the largest group total is least.

    >>> linear_partition([3, 1, 1, 1, 2, 2], 3)
    [1, 3, 2]
    """
    n = len(sizes)
    parts = max(1, min(parts, n))
    prefix = [0.0]
    for size in sizes:
        prefix.append(prefix[-1] + size)
    inf = float("inf")
    # best[k][i]: the least largest total splitting the first i items into k groups
    best = [[inf] * (n + 1) for _ in range(parts + 1)]
    cut = [[0] * (n + 1) for _ in range(parts + 1)]
    best[0][0] = 0.0
    for k in range(1, parts + 1):
        for i in range(k, n + 1):
            for j in range(k - 1, i):
                value = max(best[k - 1][j], prefix[i] - prefix[j])
                if value < best[k][i] - 1e-9:
                    best[k][i], cut[k][i] = value, j
    counts, i = [], n
    for k in range(parts, 0, -1):
        j = cut[k][i]
        counts.append(i - j)
        i = j
    return list(reversed(counts))


# Between the lanes in the gap left of a column.
LANE_GAP: Final = 7.0


def _columns(
    plan: Plan,
    kids: Children,
    boxes: dict[str, NodeBox],
    shapes: Blocks,
    stacked: set[str],
    centre: NodeBox,
    top_row: list[str],
    bottom_row: list[str],
    gap: Callable[[str, str], float],
    regions: dict[str, str],
    neighbours: list[tuple[str, str]],
    lanes: dict[str, tuple[float, float]],
    sp: Spacing,
    room_below: Callable[[str, str], float] | None = None,
) -> None:
    """Rows of columns: above the headline from the left, below it from the right, each column
    holding a run of key themes one beyond another; the line to a theme beyond the first runs
    along its own lane in the gap left of its column.  The first themes of two columns are side
    by side when the right-hand column has no lanes between them; two themes one below the
    other in a column are neighbours too when a connection joins them and the first holds no
    list (the connection runs straight across the gap between them, kept as ``room_below``)."""
    sizes = shapes.sizes
    for orient, group in (("up", top_row), ("down", list(reversed(bottom_row)))):
        if not group:
            continue
        parts = math.ceil(len(group) / plan.per_column)
        # one theme below another in a column: as close as boxes of one list when it holds no
        # list of its own (its line comes along the lane beside the column, not between them)
        below = {i: sp.sibling_gap if not kids(i) else sp.branch_gap for i in group}
        joined = {(a, b): room_below(a, b) if room_below and not kids(a) else 0.0 for a, b in zip(group, group[1:])}
        for (a, _), extra in joined.items():
            below[a] = max(below[a], extra)
        counts = linear_partition([sizes[i][1] + below[i] for i in group], parts)
        columns, start = [], 0
        for count in counts:
            columns.append(group[start : start + count])
            start += count
        widths = [max(sizes[i][0] for i in column) for column in columns]
        pairs = [(left[0], right[0]) for left, right in zip(columns, columns[1:]) if len(right) == 1]
        neighbours.extend(pairs)
        neighbours.extend(pair for column in columns for pair in zip(column, column[1:]) if joined[pair] > 0)
        # between columns: the usual gap, or (side by side) room for a connection's words
        between = [
            gap(left[0], right[0]) if len(right) == 1 else sp.branch_gap for left, right in zip(columns, columns[1:])
        ]
        lanes_w = [LANE_GAP * (len(column) - 1) for column in columns]  # room for the lanes left of each
        # before each column: its lanes, and the gap from the column before; for a column after
        # one of themes without lists, its lanes lie in that gap (as far from that column's
        # boxes as from its own), widened for them where they need more
        before = [lanes_w[0]] + [
            max(b, w + LANE_GAP) if not any(kids(i) for i in left) else b + w
            for b, w, left in zip(between, lanes_w[1:], columns)
        ]
        width = sum(widths) + sum(before)
        row_top = row_start(width, centre, sp, len(group) if len(boxes) >= LARGE else 0)
        x = -width / 2
        for c, (column, column_w) in enumerate(zip(columns, widths)):
            x += before[c]
            top = row_top
            for tier, item in enumerate(column):
                regions[item] = "top" if orient == "up" else "bottom"
                place_block(kids, boxes, shapes, stacked, item, x, top, 1, orient, sp)
                if tier:
                    lanes[item] = (x - LANE_GAP * tier, row_top)
                top += sizes[item][1] + below[item]
            x += column_w
        if orient == "up":  # the top row is the bottom row's mirror image
            mirror(kids, boxes, group)
            lanes.update({item: (lanes[item][0], -lanes[item][1]) for item in group if item in lanes})


def _beside(
    kids: Children,
    boxes: dict[str, NodeBox],
    shapes: Blocks,
    stacked: set[str],
    centre: NodeBox,
    right: list[str],
    left: list[str],
    regions: dict[str, str],
    sp: Spacing,
) -> bool:
    """Rows with themes beside the headline: each side's themes one below another, level with
    the headline and a level gap out from its side, their lines from points of their own on
    that side.  The rows' lines leave the headline's top and bottom edges and fan out above and
    below it, so the themes beside it must stand within its height: whether they do not."""
    cramped = False
    for orient, group in (("right", right), ("left", list(reversed(left)))):
        side = 1 if orient == "right" else -1
        total = sum(shapes.sizes[i][1] for i in group) + sp.branch_gap * max(len(group) - 1, 0)
        cramped = cramped or total > centre.h
        top = -total / 2
        for item in group:
            regions[item] = orient
            place_block(kids, boxes, shapes, stacked, item, side * (centre.w / 2 + sp.level_gap), top, side, orient, sp)
            top += shapes.sizes[item][1] + sp.branch_gap
    return cramped


def _spread(beyond: float, sp: Spacing) -> float:
    """The room lines fanning out from the headline take to stay apart, for the row or column
    they reach reaching ``beyond`` past the headline's edge."""
    return min(0.06 * max(beyond, 0.0), 3 * sp.centre_gap)


def row_start(width: float, centre: NodeBox, sp: Spacing, lines: int = 0, band: float = 1.0) -> float:
    """How far below the headline's middle a row of this width starts: lines fan out from the
    headline's edge to every column, so the wider the row, the more room they get to stay apart
    (long shallow lines need height to keep apart as much as many lines do).

    With ``lines`` (a large map's row: how many lines fan out to it), the gap kept clear of the
    headline beside that room is halved where the row's lines need no more, ``LINE_PITCH`` each:
    a few lines to a large map's row need less room than a wide row's many.

    ``band`` scales that room (a plan's band: the search tries shallower ones, never below
    ``BAND_FLOOR`` of the centre gap)."""
    spread = _spread(width / 2 - centre.w / 2, sp)
    room = sp.centre_gap + spread
    if lines:
        room = max(sp.centre_gap / 2 + spread, min(room, LINE_PITCH * lines))
    return centre.h / 2 + max(room * band, sp.centre_gap * BAND_FLOOR)


def mirror(kids: Children, boxes: dict[str, NodeBox], items: list[str]) -> None:
    """Turn these items' subtrees upside down about the headline's middle (a row below becomes one above)."""
    for item in items:
        for name in descendants(kids, item):
            boxes[name].y = -boxes[name].y


def _sides(
    kids: Children,
    boxes: dict[str, NodeBox],
    shapes: Blocks,
    stacked: set[str],
    centre: NodeBox,
    right: list[str],
    left: list[str],
    gap: Callable[[str, str], float],
    joined: Callable[[str, str], bool],
    regions: dict[str, str],
    neighbours: list[tuple[str, str]],
    sp: Spacing,
    keep_out: list[KeepOut] | None = None,
    ends: list[NodeBox] | None = None,
    straight: bool = False,
) -> None:
    """The sides: ``keep_out`` keeps bands reaching as far as a theme above or below the headline
    (``ends``) out from the headline's middle, clear of it and the line to it, and every band
    then far enough out that its line leaves the headline's side; ``straight``: see Plan."""
    sizes = shapes.sizes
    keep = keep_out or []
    for orient, group in (("right", right), ("left", list(reversed(left)))):
        side = 1 if orient == "right" else -1
        between = [gap(a, b) for a, b in zip(group, group[1:])]
        neighbours.extend(zip(group, group[1:]))
        regions.update(dict.fromkeys(group, orient))
        total = sum(sizes[i][1] for i in group) + sum(between)
        tops = []
        top = -total / 2
        for i, item in enumerate(group):
            tops.append(top)
            top += sizes[item][1] + (between[i] if i < len(between) else 0.0)
        inners = _band_inners(group, tops, sizes, centre, sp, keep, straight)
        # a connection between neighbours runs across the gap between their bands: keep it whole
        whole = [joined(a, b) for a, b in zip(group, group[1:])]
        packed = _packed_bands(group, tops, between, whole, shapes, boxes, centre, sp, keep, straight)
        for band_tops, band_inners in ([packed] if packed else []) + [(tops, inners)]:
            for item, band_top, inner in zip(group, band_tops, band_inners):
                place_block(kids, boxes, shapes, stacked, item, side * inner, band_top, side, orient, sp)
            if band_tops is tops:
                break
            placed = [boxes[name] for item in group for name in descendants(kids, item)]
            if not any_overlap([centre] + placed + (ends or [])):
                break


def _band_inners(
    group: list[str],
    tops: list[float],
    sizes: dict[str, tuple[float, float]],
    centre: NodeBox,
    sp: Spacing,
    keep_out: list[KeepOut] | None = None,
    straight: bool = False,
) -> list[float]:
    """How far out from the headline's middle each key theme's band starts (``keep_out``: see
    :func:`_sides`).  ``straight``: all as far, out from the headline's side by the centre gap
    and, as for a row, room for the lines to a tall column to spread (see :func:`row_start`)."""
    half_h = centre.h / 2
    clearance = centre.w / 2 + sp.centre_gap
    if straight:
        reach = max(-tops[0], tops[-1] + sizes[group[-1]][1], half_h) if group else half_h
        return [clearance + _spread(reach - half_h, sp)] * len(group)
    inners, where = [], []
    for item, band_top in zip(group, tops):
        band_bottom = band_top + sizes[item][1]
        # Bands level with the centre keep clear of it; the others come
        # closer in, by how far they are above or below it.  where: above (-1), level (0), below (1)
        distance = max(band_top - half_h, -half_h - band_bottom, 0.0)
        # never so far in that its line could not reach it from the headline's top or bottom
        inner = max(sp.centre_gap / 2, centre.w * 0.3, clearance - distance * PULL_IN)
        if keep_out:  # out from the headline's side, and round the themes above or below it
            inner = max([inner, centre.w / 2 + LINE_CLEARANCE])
            inner = max([inner] + [x for y0, y1, x, down in keep_out if (band_bottom > y0 if down else band_top < y1)])
        inners.append(inner)
        where.append(-1 if band_bottom < -half_h else 1 if band_top > half_h else 0)
    # A branch line to a far theme passes the inner edges of the nearer
    # ones: keep each nearer theme at least LINE_CLEARANCE further out.
    for i in range(1, len(group)):  # above the centre: top (far) to bottom (near)
        if where[i] <= 0 and where[i - 1] < 0:
            inners[i] = max(inners[i], inners[i - 1] + LINE_CLEARANCE)
    for i in range(len(group) - 2, -1, -1):  # below: bottom (far) to top (near)
        if where[i] >= 0 and where[i + 1] > 0:
            inners[i] = max(inners[i], inners[i + 1] + LINE_CLEARANCE)
    return inners


def _packed_bands(
    group: list[str],
    tops: list[float],
    between: list[float],
    whole: list[bool],
    shapes: Blocks,
    boxes: dict[str, NodeBox],
    centre: NodeBox,
    sp: Spacing,
    keep_out: list[KeepOut] | None = None,
    straight: bool = False,
) -> tuple[list[float], list[float]] | None:
    """The key themes of one side packed by their contours, each as close under the one before as
    its boxes and the lines from the headline allow; None without contours (huge maps) or when
    the rounds do not settle.

    A band's boxes keep clear of the boxes and lines above it; its own key theme stays below
    every box above it that is nearer the headline, so the line to it (which comes from the
    headline's side, or up or down out of it and then across) passes none.  Where each band
    starts depends on how far it is from the headline, and that on how close the bands pack:
    a few rounds settle both."""
    if not group or any(item not in shapes.contours for item in group):
        return None
    sizes = shapes.sizes
    half_w, half_h = centre.w / 2, centre.h / 2
    for _ in range(6):
        inners = _band_inners(group, tops, sizes, centre, sp, keep_out, straight)
        packed: list[float] = []
        boxes_low: Env = []  # the lower contour of the bands so far
        lines_low: Env = []  # and of the lines to them
        for i, item in enumerate(group):
            up, low = shapes.contours[item]
            inner = inners[i]
            root_top = shapes.box_top[item]  # from the band's top
            root_mid = root_top + boxes[item].h / 2
            top = tops[0]
            if packed:
                gap = between[i - 1]
                above = _merge(boxes_low, lines_low, True)
                top = max(_clearance(above, _shift(up, inner, 0.0)), packed[-1]) + gap
                top = max(top, _clearance(boxes_low, [(0.0, inner - CONTOUR_PAD, root_top)]) + gap)
                if whole[i - 1]:  # below the whole band before, as when stacked by blocks
                    top = max(top, packed[-1] + sizes[group[i - 1]][1] + gap)
            packed.append(top)
            boxes_low = _merge(boxes_low, _shift(low, inner, top), True)
            if inner < half_w + 6.0:  # up or down out of the headline, then across at the theme's middle
                lowest, start = top + root_mid, 0.0
            else:  # from a point on the headline's side
                lowest, start = max(half_h, top + root_mid), half_w
            if inner - CONTOUR_PAD > start:
                lines_low = _merge(lines_low, [(start, inner - CONTOUR_PAD, lowest + LINE_ROOM)], True)
        extent = max(t + sizes[item][1] for t, item in zip(packed, group)) - packed[0]
        shift = -extent / 2 - packed[0]
        settled = [t + shift for t in packed]
        if all(abs(a - b) < 0.01 for a, b in zip(settled, tops)):
            return settled, inners
        tops = settled
    return None


def any_overlap(placed: list[NodeBox]) -> bool:
    """Whether any two of these boxes share area (a sweep down the boxes by their tops)."""
    ordered = sorted(placed, key=lambda b: b.top)
    for i, a in enumerate(ordered):
        for b in ordered[i + 1 :]:
            if b.top >= a.bottom:
                break
            if a.left < b.right and b.left < a.right:
                return True
    return False


def _row_gap(
    kids: Children,
    boxes: dict[str, NodeBox],
    shapes: Blocks,
    stacked: set[str],
    left: str,
    right: str,
    needed: float,
    sp: Spacing,
) -> float:
    """The gap between two neighbours' blocks in a row, so that their key themes' boxes stand
    ``needed`` apart (room for a connection's words on the line between them): the words lie
    level with those boxes, so what a block holds above or below its key theme does not push
    its neighbour away, only what stands level with it."""
    if needed <= sp.branch_gap:
        return sp.branch_gap
    free = 0.0
    for item, side in ((left, "right"), (right, "left")):
        place_block(kids, boxes, shapes, stacked, item, 0.0, 0.0, 1, "down", sp)
        level = level_with(kids, boxes, item, boxes[item].top, boxes[item].bottom)
        if side == "right":
            free += shapes.sizes[item][0] - max(b.right for b in level)
        else:
            free += min(b.left for b in level)
    return max(sp.branch_gap, needed - free)


def _rows(
    plan: Plan,
    kids: Children,
    boxes: dict[str, NodeBox],
    shapes: Blocks,
    stacked: set[str],
    centre: NodeBox,
    top_row: list[str],
    bottom_row: list[str],
    gap: Callable[[str, str], float],
    regions: dict[str, str],
    neighbours: list[tuple[str, str]],
    sp: Spacing,
) -> None:
    sizes = shapes.sizes
    for orient, group in (("up", top_row), ("down", list(reversed(bottom_row)))):
        if not group:
            continue
        between = [_row_gap(kids, boxes, shapes, stacked, a, b, gap(a, b), sp) for a, b in zip(group, group[1:])]
        neighbours.extend(zip(group, group[1:]) if orient == "up" else zip(reversed(group[1:]), reversed(group[:-1])))
        width = sum(sizes[i][0] for i in group) + sum(between)
        row_top = row_start(width, centre, sp, len(group) if len(boxes) >= LARGE else 0, plan.band)
        x = -width / 2
        for i, item in enumerate(group):
            regions[item] = "top" if orient == "up" else "bottom"
            place_block(kids, boxes, shapes, stacked, item, x, row_top, 1, orient, sp)
            x += sizes[item][0] + (between[i] if i < len(between) else 0.0)
        if orient == "up":  # the top row is the bottom row's mirror image
            mirror(kids, boxes, group)
