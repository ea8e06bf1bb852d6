"""Lines: branch lines from parent to child, and connections between key themes.

Branch lines from the headline each leave it at a point of their own along the
side facing their theme, so forty of them stay forty traceable lines; in rows
of columns, the line to a theme beyond the first in its column runs along its
own lane beside the column; in a folded list, the lines to a column beyond the
first leave the parent's outer side along its middle and run down a spine in
the gap before that column.  A connection between two key themes that the
arrangement put side by side runs straight across the gap between them, with
its words in that gap, touching the line; any other takes the route
(:mod:`.routing`) that passes behind no box and crosses the fewest branch
lines, its words on it or just beside it, clear of other lines.
"""

from __future__ import annotations

from collections.abc import Callable
from math import sqrt
from typing import Any, Final

from ..model.counts import count_upper
from ..model.tree import HYPOTHESIS, MapTree
from ..text.measure import measure
from .arrange import Arrangement, descendants, level_with
from .boxes import EdgePath, NodeBox, NodeLook, Rect, bounding
from .routing import (
    RectGrid,
    SegmentGrid,
    around_routes,
    bracket_routes,
    entry_side,
    hugs,
    moved_apart,
    polyline,
    rank_routes,
    region_routes,
    runs_along,
)

__all__ = ["ROUTE_AROUND_LIMIT", "branch_edges", "connection_edges", "label_box", "rects_overlap"]

# Beyond this many nodes, connections that are not side by side are drawn as
# simple curves rather than routed around every box (Graphviz's obstacle
# routing grows too fast).
ROUTE_AROUND_LIMIT: Final = 120
# From this many, Graphviz routes a connection only when no route of our own passes clear of
# the boxes (its routing is most of a large map's drawing time, and its routes do not win there).
GRAPHVIZ_LAST_FROM: Final = 80
# Where the best route runs along a connection already drawn, the best this many are tried moved beside it.
APART_FROM: Final = 4
APART_ROUNDS: Final = 3
# Beyond this many boxes, routes are not weighed by the branch lines they cross (filing
# thousands of lines costs more than the few connections gain).
COUNT_CROSSINGS_UP_TO: Final = 1000
# Where a connection's best route runs along a branch line: straight lines between these points of
# the two themes' facing sides (shares of each box's height from its middle) are tried too.
BOW_SHIFTS: Final = ((-0.25, -0.25), (0.25, 0.25), (-0.25, 0.25), (0.25, -0.25))
Point = tuple[float, float]


def label_box(at: Point, label: str, size: float) -> Rect:
    """The rectangle (x0, y0, x1, y1) a connection label centred at ``at`` covers."""
    w = measure(label, size, italic=True) + 6
    return (at[0] - w / 2, at[1] - size * 0.75, at[0] + w / 2, at[1] + size * 0.65)


def rects_overlap(a: Rect, b: Rect, margin: float = 0.0) -> bool:
    return not (a[2] + margin <= b[0] or b[2] + margin <= a[0] or a[3] + margin <= b[1] or b[3] + margin <= a[1])


def _line(a: Point, b: Point) -> tuple[Point, Point, Point]:
    """A straight segment from a to b as one cubic Bézier segment (its last three points)."""
    return (
        (a[0] + (b[0] - a[0]) / 3, a[1] + (b[1] - a[1]) / 3),
        (a[0] + 2 * (b[0] - a[0]) / 3, a[1] + 2 * (b[1] - a[1]) / 3),
        b,
    )


def _s_curve(a: Point, b: Point, curvature: float, vertical: bool) -> tuple[Point, ...]:
    """A smooth S from a to b, leaving and arriving horizontally (or vertically)."""
    if vertical:
        dy = (b[1] - a[1]) * curvature
        return (a, (a[0], a[1] + dy), (b[0], b[1] - dy), b)
    dx = (b[0] - a[0]) * curvature
    return (a, (a[0] + dx, a[1]), (b[0] - dx, b[1]), b)


def _elbow(spine: Point, end: Point, radius: float) -> tuple[Point, ...]:
    """Down (or up) a spine from ``spine``, round a corner, across to ``end``."""
    sx, sy = spine
    ex, ey = end
    vertical = 1 if ey > sy else -1
    horizontal = 1 if ex > sx else -1
    r = min(radius, abs(ey - sy), abs(ex - sx))
    corner_in = (sx, ey - vertical * r)
    corner_out = (sx + horizontal * r, ey)
    return (
        spine,
        *_line(spine, corner_in),
        (sx, ey - vertical * r * 0.45),
        (sx + horizontal * r * 0.45, ey),
        corner_out,
        *_line(corner_out, end),
    )


def _track(start: Point, y: float, end: Point, radius: float = 6.0) -> tuple[Point, ...]:
    """Straight out of the headline to a track at ``y``, along it, and on to ``end`` (round corners)."""
    sx, sy = start
    ex, ey = end
    across = 1 if ex > sx else -1
    first = 1 if y > sy else -1
    then = 1 if ey > y else -1
    r1 = min(radius, abs(y - sy), abs(ex - sx) / 2)
    r2 = min(radius, abs(ey - y), abs(ex - sx) / 2)
    a, b = (sx, y - first * r1), (sx + across * r1, y)
    c, d = (ex - across * r2, y), (ex, y + then * r2)
    return (
        start,
        *_line(start, a),
        (sx, y - first * r1 * 0.45),
        (sx + across * r1 * 0.45, y),
        b,
        *_line(b, c),
        (ex - across * r2 * 0.45, y),
        (ex, y + then * r2 * 0.45),
        d,
        *_line(d, end),
    )


def _folded_spine(child: NodeBox, indent: float) -> float:
    """Where the spine of a child's column of a folded list runs: half an indent before it."""
    return (child.left if child.side > 0 else child.right) - child.side * indent / 2


def _under(parent: NodeBox, x: float) -> bool:
    """Whether a spine at ``x`` runs below (or above) ``parent``, within its width."""
    return (x - parent.left) * (parent.right - x) > 0


def _stacked_spine(parent: NodeBox, child: NodeBox, indent: float) -> float:
    """Where the spine of a list stacked below (or above) its parent runs: half an indent in from its inner edge."""
    return (parent.left if child.side > 0 else parent.right) + child.side * indent / 2


# A quote's dotted line that would run on top of its list's solid spine starts where the solid
# line stops instead: at the last sub-theme before the quote, or (sub-themes beyond it too) at
# the corner into the quote, this far before it along the spine.
QUOTE_STUB: Final = 6.0


def _quote_off_spine(
    points: tuple[Point, ...],
    tree: MapTree,
    boxes: dict[str, NodeBox],
    source: str,
    target: str,
    indent: float,
    folded: bool,
) -> tuple[Point, ...]:
    """A quote's line in a list, not drawn over the solid lines its sub-theme siblings' share.
    Along the spine: it starts level with the last of them between the parent and the quote
    (the spine goes on dotted), or just before the quote when the solid spine passes it.  A
    folded list's columns beside the parent are reached along its middle: there the quote's
    line starts at the furthest column a solid line reaches, or at its own spine's corner when
    a solid line goes further."""
    parent, quote = boxes[source], boxes[target]

    def spine(box: NodeBox) -> float:
        return _folded_spine(box, indent) if folded else _stacked_spine(parent, box, indent)

    x, side = spine(quote), quote.side
    way = 1 if quote.y > parent.y else -1
    solid = [boxes[kid] for kid in tree.children(source) if tree.nodes[kid].kind != "quote"]
    end = (quote.left if side > 0 else quote.right, quote.y)
    along = [box.y for box in solid if abs(spine(box) - x) < 1e-6 and (box.y - parent.y) * way > 0]
    if folded and not _under(parent, x):  # reached along the parent's middle
        reach = [spine(box) for box in solid if box.side == side]
        if not reach:
            return points
        furthest = max(reach, key=lambda sx: sx * side)
        if (furthest - x) * side < -1e-6 and not along:  # the quote's column is the furthest out
            return _folded_line(parent, quote, indent, from_x=furthest)
        if not along:  # a solid line goes on past its spine: from the corner onto it
            return _folded_line(parent, quote, indent, from_x=x - side * QUOTE_STUB)
    if not along:
        return points
    if any((y - quote.y) * way > 0 for y in along):  # the solid spine passes the quote
        return _elbow((x, quote.y - way * QUOTE_STUB), end, 6.0)
    return _elbow((x, max(along, key=lambda y: y * way)), end, 6.0)


def _folded_line(parent: NodeBox, child: NodeBox, indent: float, from_x: float | None = None) -> tuple[Point, ...]:
    """To a child in a folded list (:func:`.arrange.blocks`): down the spine half an indent
    before its column, from the parent's edge when the spine is below the parent, else from
    the parent's outer side (or ``from_x`` along its middle) along its middle and round a
    corner onto the spine."""
    side = child.side
    spine_x = _folded_spine(child, indent)
    down = 1 if child.y > parent.y else -1
    end = (child.left if side > 0 else child.right, child.y)
    if _under(parent, spine_x):  # below (or above) the parent
        return _elbow((spine_x, parent.bottom if down > 0 else parent.top), end, 6.0)
    start = (parent.right if side > 0 else parent.left, parent.y) if from_x is None else (from_x, parent.y)
    r = 6.0
    corner_in = (spine_x - side * r, parent.y)
    corner_out = (spine_x, parent.y + down * r)
    return (
        start,
        *_line(start, corner_in),
        (spine_x - side * r * 0.45, parent.y),
        (spine_x, parent.y + down * r * 0.45),
        corner_out,
        *_elbow(corner_out, end, 6.0)[1:],
    )


def _spread(lo: float, hi: float, count: int) -> list[float]:
    """``count`` points spread evenly strictly inside [lo, hi]."""
    return [lo + (hi - lo) * (i + 1) / (count + 1) for i in range(count)]


def _centre_starts(
    centre: NodeBox, arrangement: Arrangement, boxes: dict[str, NodeBox]
) -> dict[str, tuple[Point, str]]:
    """Where each line from the headline leaves it, and which edge: a point of its own on the
    side facing its theme (the top or bottom edge for a theme drawn in above or below it)."""
    gap = 6.0
    by_edge: dict[str, list[str]] = {}
    for item, region in arrangement.regions.items():
        box = boxes[item]
        edge = region
        if region == "right" and box.left < centre.right + gap:
            edge = "top-right" if box.y < centre.y else "bottom-right"
        elif region == "left" and box.right > centre.left - gap:
            edge = "top-left" if box.y < centre.y else "bottom-left"
        by_edge.setdefault(edge, []).append(item)
    inset = min(centre.radius, centre.h / 3, centre.w / 3)
    starts: dict[str, tuple[Point, str]] = {}
    for edge, items in by_edge.items():
        if edge in ("right", "left"):
            items.sort(key=lambda n: boxes[n].y)
            x = centre.right if edge == "right" else centre.left
            ys = _spread(centre.top + inset, centre.bottom - inset, len(items))
            starts.update({item: ((x, y), "side") for item, y in zip(items, ys)})
            continue
        if edge in ("top", "bottom"):  # rows: each column's line from its own point along the edge
            # in the order of where the lines go (a lane left of its column, else the box's middle)
            items.sort(key=lambda n: arrangement.lanes[n][0] if n in arrangement.lanes else boxes[n].x)
            y = centre.top if edge == "top" else centre.bottom
            xs = _spread(centre.left + inset, centre.right - inset, len(items))
            starts.update({item: ((x, y), "side") for item, x in zip(items, xs)})
            continue
        # Up (or down) out of the headline, then across: the farthest theme's line
        # leaves nearest the middle, so no line crosses another.
        items.sort(key=lambda n: abs(boxes[n].y - centre.y), reverse=True)
        y = centre.top if edge.startswith("top") else centre.bottom
        side = 1 if edge.endswith("right") else -1
        nearest_inner = min(abs((boxes[n].left if side > 0 else boxes[n].right) - centre.x) for n in items)
        reach = max(min(nearest_inner - 8.0, centre.w / 2 - inset), 2.0)
        offsets = _spread(0.0, reach, len(items))
        starts.update({item: ((centre.x + side * dx, y), "end") for item, dx in zip(items, offsets)})
    return starts


def branch_edges(
    tree: MapTree,
    boxes: dict[str, NodeBox],
    arrangement: Arrangement,
    style: Any,
    indent: float,
    looks: dict[str, NodeLook],
) -> list[EdgePath]:
    """Every parent-to-child line, in reading order of the parents."""
    ls, ll = style.scale.lines, style.look.lines
    max_n = max((count_upper(node.n) for node in tree.nodes.values()), default=0) or 1
    centre = boxes[HYPOTHESIS]
    starts = _centre_starts(centre, arrangement, boxes)
    edges: list[EdgePath] = []
    for source, node in tree.nodes.items():
        parent = boxes[source]
        for place, target in enumerate(node.children):
            child = boxes[target]
            if source == HYPOTHESIS:
                region = arrangement.regions[target]
                start, leaves = starts[target]
                if region in ("right", "left"):
                    end = (child.left, child.y) if region == "right" else (child.right, child.y)
                    if leaves == "side":
                        points = _s_curve(start, end, ls.curvature, False)
                    else:  # up or down out of the headline, then across into the theme
                        points = (start, (start[0], end[1]), (start[0] + (end[0] - start[0]) * 0.25, end[1]), end)
                elif target in arrangement.lanes:  # to its lane, then along it past the themes before it
                    lane = arrangement.lanes[target]
                    to_lane = (
                        _track(start, arrangement.tracks[target], lane)
                        if target in arrangement.tracks
                        else _s_curve(start, lane, ls.curvature, True)
                    )
                    points = (*to_lane, *_elbow(lane, (child.left, child.y), 6.0)[1:])
                elif target in arrangement.tracks:  # out along its track, then into the theme
                    end = (child.x, child.bottom if region == "top" else child.top)
                    points = _track(start, arrangement.tracks[target], end)
                elif region == "top":
                    points = _s_curve(start, (child.x, child.bottom), ls.curvature, True)
                else:
                    points = _s_curve(start, (child.x, child.top), ls.curvature, True)
            elif source in arrangement.fanned:  # down (or up) to each of the lists side by side
                down = child.y > parent.y
                inset = min(parent.radius + 2.0, parent.w / 4)
                xs = _spread(parent.left + inset, parent.right - inset, len(node.children))
                start = (xs[place], parent.bottom if down else parent.top)
                points = _s_curve(start, (child.x, child.top if down else child.bottom), ls.curvature, True)
            elif source in arrangement.folded:
                points = _folded_line(parent, child, indent)
                if tree.nodes[target].kind == "quote":
                    points = _quote_off_spine(points, tree, boxes, source, target, indent, folded=True)
            elif source in arrangement.stacked:
                side = child.side
                spine_x = _stacked_spine(parent, child, indent)
                spine_y = parent.top if child.y < parent.y else parent.bottom
                points = _elbow((spine_x, spine_y), (child.left if side > 0 else child.right, child.y), 6.0)
                if tree.nodes[target].kind == "quote":
                    points = _quote_off_spine(points, tree, boxes, source, target, indent, folded=False)
            else:
                side = child.side
                start = (parent.x + side * parent.w / 2, parent.y)
                points = _s_curve(start, (child.x - side * child.w / 2, child.y), ls.curvature, False)
            target_node = tree.nodes[target]
            if target_node.kind == "quote":
                edges.append(EdgePath(source, target, "quote", points, ll.quote, ls.quote_width, ll.quote_dash))
                continue
            colour = looks[target].line
            width = ls.branch_width * (0.72 ** (child.depth - 1))
            n = target_node.n
            if ls.scale_by_n and n is not None:
                width = ls.branch_width * (0.5 + 1.5 * sqrt(count_upper(n) / max_n))
            edges.append(EdgePath(source, target, "branch", points, colour, max(width, 0.8)))
    return edges


def _extent(tree: MapTree, boxes: dict[str, NodeBox], root: str) -> Rect:
    """The rectangle around a subtree's boxes."""
    return bounding(boxes[name] for name in descendants(tree.children, root))


def _side_by_side(
    tree: MapTree,
    extent: Callable[[str], Rect],
    boxes: dict[str, NodeBox],
    arrangement: Arrangement,
    a: str,
    b: str,
    label: str | None,
    size: float,
) -> tuple[tuple[Point, ...], Point | None]:
    """A connection straight across the gap between two neighbouring key themes, and its words' place."""
    region = arrangement.regions[a]
    first, second = (a, b) if (boxes[a].y, boxes[a].x) < (boxes[b].y, boxes[b].x) else (b, a)
    p, q = boxes[first], boxes[second]
    if region in ("right", "left"):
        side = 1 if region == "right" else -1
        px = (p.left if side > 0 else p.right) + side * 4
        qx = (q.left if side > 0 else q.right) + side * 4
        gap_top = extent(first)[3]
        gap_bottom = extent(second)[1]
        gap_y = (gap_top + gap_bottom) / 2
        start, end = (px, p.bottom), (qx, q.top)
        if abs(px - qx) < 0.5:
            points: tuple[Point, ...] = (start, *_line(start, end))
        else:  # down the first's inner edge, across the gap between the two, down to the second
            points = (start, *_line(start, (px, gap_y)), *_line((px, gap_y), (qx, gap_y)), *_line((qx, gap_y), end))
        at = None
        if label:
            w = measure(label, size, italic=True) + 6
            outer = max(px, qx) if side > 0 else min(px, qx)
            at = (outer + side * (2 + w / 2), gap_y + size * 0.05)
        return points, at
    if boxes[a].left < boxes[b].right and boxes[b].left < boxes[a].right:  # one below the other in a column
        return _one_below(p, q, label, size)
    # Rows: left to right across the gap, near the theme boxes' edge facing the headline.
    first, second = (a, b) if boxes[a].x < boxes[b].x else (b, a)
    p, q = boxes[first], boxes[second]
    if region == "bottom":
        y = max(p.top, q.top) + 5
    else:
        y = min(p.bottom, q.bottom) - 5
    start, end = (p.right, y), (q.left, y)
    at = None
    if label:
        direction = 1 if region == "bottom" else -1
        words_y = y + direction * (2 + size * 0.75)
        # midway between the two subtrees; where they reach across the gap (a wide quote above
        # a key theme), between their boxes that stand level with the words
        at = ((extent(first)[2] + extent(second)[0]) / 2, words_y)
        words = label_box(at, label, size)
        mine = [boxes[n] for root in (first, second) for n in descendants(tree.children, root)]
        if any(rects_overlap(words, (b.left, b.top, b.right, b.bottom)) for b in mine):
            gap_left = max(b.right for b in _level(tree, boxes, first, words_y, size))
            gap_right = min(b.left for b in _level(tree, boxes, second, words_y, size))
            at = ((gap_left + gap_right) / 2, words_y)
    return (start, *_line(start, end)), at


def _level(tree: MapTree, boxes: dict[str, NodeBox], root: str, y: float, size: float) -> list[NodeBox]:
    """A key theme's box and the boxes of its subtree that stand level with words of this size at ``y``."""
    return level_with(tree.children, boxes, root, y - size, y + size) or [boxes[root]]


# A connection between two themes one below the other in a column: this far in from the right
# edge the narrower of them (the lanes to the column's themes run along its left).
BELOW_INSET: Final = 12.0


def _one_below(
    upper: NodeBox, lower: NodeBox, label: str | None, size: float
) -> tuple[tuple[Point, ...], Point | None]:
    """A connection straight down the gap between two themes one below the other in a column
    (rows of columns), near their right edges, its words in the gap on the line's left, where the
    boxes are (the column's lanes are on their left, the next column's beyond their right)."""
    x = min(upper.right, lower.right) - BELOW_INSET
    start, end = (x, upper.bottom), (x, lower.top)
    at = None
    if label:
        w = measure(label, size, italic=True) + 6
        at = (x - 2 - w / 2, (upper.bottom + lower.top) / 2 + size * 0.05)
    return (start, *_line(start, end)), at


def _round_column(
    boxes: dict[str, NodeBox], a: str, b: str, x: float, label: str | None, size: float
) -> tuple[tuple[Point, ...], Point | None]:
    """A connection between two key themes one beyond the other in a column of a masonry row
    (:func:`.arrange.arrange`): out of each one's outer side a quarter of its height nearer the
    headline than its middle (clear of the line along its middle to its folded list), joined by
    a run at ``x``, beyond the column's widest block; its words beside the run, in the gap after
    the column."""
    p, q = boxes[a], boxes[b]
    toward = 1.0 if p.y < 0 else -1.0  # the headline's side (it is at y = 0)
    start, end = (p.right, p.y + toward * p.h / 4), (q.right, q.y + toward * q.h / 4)
    points = (start, *_line(start, (x, start[1])), *_line((x, start[1]), (x, end[1])), *_line((x, end[1]), end))
    at = None
    if label:
        w = measure(label, size, italic=True) + 6
        at = (x + 2 + w / 2, (start[1] + end[1]) / 2 + size * 0.05)
    return points, at


def _bow(a: NodeBox, b: NodeBox, shift: tuple[float, float] = (0.0, 0.0), bow: float = 0.15) -> tuple[Point, ...]:
    """A curve from the side of ``a`` facing ``b`` to the side of ``b`` facing ``a``, bowed a little
    (or, with ``bow`` 0, straight; its ends ``shift`` times each box's height from the sides' middles)."""
    start = (a.right if b.x > a.x else a.left, a.y + shift[0] * a.h)
    end = (b.right if a.x > b.x else b.left, b.y + shift[1] * b.h)
    dx, dy = end[0] - start[0], end[1] - start[1]
    return (
        start,
        (start[0] + dx / 3 - dy * bow, start[1] + dy / 3 + dx * bow),
        (start[0] + 2 * dx / 3 - dy * bow, start[1] + 2 * dy / 3 + dx * bow),
        end,
    )


def _pinned(value: float) -> str:
    """A pinned coordinate for Graphviz's ``nop`` (points), at the precision of 1e-5 inch."""
    return f"{round(value / 72, 5) * 72:.6f}"


def _label_spot(
    points: tuple[Point, ...],
    label: str,
    boxes: RectGrid,
    taken: list[Rect],
    size: float,
    avoid: tuple[SegmentGrid, ...] = (),
    anywhere: bool = True,
) -> Point | None:
    """Where a routed connection's words go: on the curve, as near its middle as
    possible, where they cover no box, no other words and no other line; else beside
    it; else (``anywhere``) the nearest free spot, or None."""
    samples = polyline(points, 16)
    middle = len(samples) // 2
    ranked = sorted(range(len(samples)), key=lambda i: (abs(i - middle), i))

    def free(at: Point, lines: bool = True) -> bool:
        rect = label_box(at, label, size)
        if boxes.overlaps(rect, 2.0) or any(rects_overlap(rect, o, 2.0) for o in taken):
            return False
        return not lines or not any(grid.touches(rect) for grid in avoid)

    box = label_box((0.0, 0.0), label, size)
    half_w = (box[2] - box[0]) / 2
    # on the line, else just beside it (touching it): left or right of it, above or below it
    beside = ((0.0, 0.0), (half_w + 1, 0.0), (-half_w - 1, 0.0), (0.0, -size * 0.85), (0.0, size * 0.85))
    for strict in (True, False):  # clear of every other line if it can be, else only of boxes and words
        for dx, dy in beside:
            for i in ranked:
                at = (samples[i][0] + dx, samples[i][1] + dy)
                if free(at, strict):
                    return at
    if not anywhere:
        return None
    # No room on the line: the nearest free spot beside its middle, never over a box.
    mx, my = samples[middle]
    step = size * 1.5
    for ring in range(1, 13):
        for dx, dy in ((0, -1), (0, 1), (1, 0), (-1, 0), (1, -1), (-1, -1), (1, 1), (-1, 1)):
            at = (mx + dx * ring * step * 2, my + dy * ring * step)
            if free(at):
                return at
    return samples[middle]


def connection_edges(
    tree: MapTree,
    boxes: dict[str, NodeBox],
    arrangement: Arrangement,
    style: Any,
    size: float,
    branches: list[EdgePath] | None = None,
) -> list[EdgePath]:
    """Every connection: straight across the gap between neighbours; any other by the route
    (:mod:`.routing`) that passes behind no box and crosses the fewest of the ``branches``."""
    if not tree.links:
        return []
    ls, ll = style.scale.lines, style.look.lines
    order = {name: i for i, name in enumerate(tree.nodes)}
    links = sorted(tree.links, key=lambda link: order[link.source])
    beside = set(arrangement.neighbours) | {(b, a) for a, b in arrangement.neighbours}
    beyond = dict(arrangement.beyond) | {(b, a): x for (a, b), x in arrangement.beyond.items()}
    others = [i for i, link in enumerate(links) if (link.source, link.target) not in beside | beyond.keys()]
    extents: dict[str, Rect] = {}  # each key theme's subtree's extent, worked out once for every connection

    def extent(name: str) -> Rect:
        if name not in extents:
            extents[name] = _extent(tree, boxes, name)
        return extents[name]

    straight = {
        i: _round_column(boxes, link.source, link.target, beyond[link.source, link.target], link.label, size)
        if (link.source, link.target) in beyond
        else _side_by_side(tree, extent, boxes, arrangement, link.source, link.target, link.label, size)
        for i, link in enumerate(links)
        if i not in others
    }
    across = [list(points) for points, _ in straight.values()]
    # the words of side-by-side connections have their places already: the others keep clear of them
    taken: list[Rect] = []
    for i, (_, spot) in straight.items():
        words = links[i].label
        if spot is not None and words:
            taken.append(label_box(spot, words, size))
    routed = _routes(extent, boxes, arrangement, [links[i] for i in others], branches or [], across, taken, size)
    routed = {others[k]: found for k, found in routed.items()}
    edges = []
    for i, link in enumerate(links):
        points, at = routed[i] if i in routed else straight[i]
        edges.append(
            EdgePath(
                link.source,
                link.target,
                "connection",
                points,
                ll.connection,
                ls.connection_width,
                ll.connection_dash,
                link.label,
                at,
            )
        )
    return edges


def _routes(
    extent: Callable[[str], Rect],
    boxes: dict[str, NodeBox],
    arrangement: Arrangement,
    links: list[Any],
    branches: list[EdgePath],
    across: list[list[Point]],
    taken: list[Rect],
    size: float,
) -> dict[int, tuple[tuple[Point, ...], Point | None]]:
    """Routes (Bézier points) for connections between themes that are not side by side, and where
    their words go: of the best few routes, the first whose words can touch it (``taken`` grows)."""
    if not links:
        return {}
    # Graphviz's routing round every box grows too fast beyond ROUTE_AROUND_LIMIT boxes: a gentle
    # curve between the two themes is the last resort there instead.
    routed: dict[int, tuple[Point, ...]] = {}

    def graphviz(i: int) -> tuple[Point, ...]:
        if not routed:  # (all the links at once, when first asked)
            if len(boxes) > ROUTE_AROUND_LIMIT:
                routed.update({k: _bow(boxes[link.source], boxes[link.target]) for k, link in enumerate(links)})
            else:
                routed.update(_graphviz_routes(boxes, links))
        return routed[i]

    last = GRAPHVIZ_LAST_FROM <= len(boxes) <= ROUTE_AROUND_LIMIT  # Graphviz's route only when no other will do
    regions = arrangement.regions
    by_region: dict[str, list[NodeBox]] = {}
    for item, region in regions.items():
        by_region.setdefault(region, []).append(boxes[item])
    placed = list(boxes.values())
    everything = bounding(placed)
    # the side by which each key theme's own line comes in: no connection leaves by it
    entries = {
        edge.target: entry_side(boxes[edge.target], edge.points[-1]) for edge in branches if edge.source == HYPOTHESIS
    }
    weigh = len(boxes) <= COUNT_CROSSINGS_UP_TO
    hug = len(boxes) <= ROUTE_AROUND_LIMIT  # (beyond, the search for a route clear of lines or apart costs too much)
    lines = [polyline(edge.points) for edge in branches if weigh and edge.kind in ("branch", "quote")]
    drawn: list[list[Point]] = list(across)
    # cells about the size of the room each box has: a long route round a huge map then asks few cells
    width, height = everything[2] - everything[0], everything[3] - everything[1]
    room = sqrt(width * height / len(placed))
    grid = RectGrid((b.rect for b in placed), max(60.0, room))
    branch_grid = SegmentGrid()
    if len(boxes) <= COUNT_CROSSINGS_UP_TO:  # beyond, the shortest route that passes behind no box
        for line in lines:
            branch_grid.add(line)
    avoid = SegmentGrid(max(40.0, room))  # the connections drawn so far: their words keep clear of them too
    for line in drawn:
        avoid.add(line)
    out: dict[int, tuple[tuple[Point, ...], Point | None]] = {}
    for i, link in enumerate(links):
        a, b = boxes[link.source], boxes[link.target]
        ra, rb = regions.get(link.source), regions.get(link.target)
        options: list[tuple[tuple[Point, ...], bool]] = [] if last else [(graphviz(i), True)]
        if ra is not None and rb is not None:
            if ra == rb:
                options += [(r, False) for r in region_routes(a, b, ra, by_region[ra], extent)]
            else:
                options += [(r, False) for r in around_routes(a, ra, b, rb, by_region, extent, everything)]
        options += [(r, False) for r in bracket_routes(a, b, extent, entries)]
        ranked = rank_routes(options, (a, b), grid, branch_grid, drawn, hug)
        if not ranked and last:
            options.insert(0, (graphviz(i), True))
            ranked = rank_routes(options, (a, b), grid, branch_grid, drawn, hug)
        ranked = ranked or [(graphviz(i), True)]
        first = polyline(ranked[0][0]) if ranked[0][1] else list(ranked[0][0])
        if hug and hugs(first, branch_grid):  # along a branch line: straight from other points of the sides too
            options += [(_bow(a, b, shift, 0.0), True) for shift in BOW_SHIFTS]
            ranked = rank_routes(options, (a, b), grid, branch_grid, drawn) or ranked
        for _ in range(APART_ROUNDS if hug else 0):  # along a connection: beside it (a stretch a round)
            if ranked[0][1] or not runs_along(ranked[0][0], drawn):
                break
            bests = [route for route, bezier in ranked[:APART_FROM] if not bezier]
            options += [(moved, False) for route in bests for moved in moved_apart(route, drawn, (a, b))]
            ranked = rank_routes(options, (a, b), grid, branch_grid, drawn, hug) or ranked
        chosen, at = ranked[0], None
        for route in ranked[: 16 if link.label else 1]:
            points = route[0] if route[1] else _orthogonal(route[0])
            at = (
                _label_spot(points, link.label, grid, taken, size, (branch_grid, avoid), anywhere=False)
                if link.label
                else None
            )
            if at is not None or not link.label:
                chosen = route
                break
        points = chosen[0] if chosen[1] else _orthogonal(chosen[0])
        if link.label and at is None:  # no route leaves room for its words beside it
            at = _label_spot(points, link.label, grid, taken, size, (branch_grid, avoid))
        if at is not None and link.label:
            taken.append(label_box(at, link.label, size))
        drawn.append(polyline(chosen[0]) if chosen[1] else list(chosen[0]))
        avoid.add(drawn[-1])
        out[i] = (points, at)
    return out


def _orthogonal(corners: tuple[Point, ...]) -> tuple[Point, ...]:
    """A polyline as Bézier points, each corner rounded a little."""
    points: list[Point] = [corners[0]]
    for prev, corner, nxt in zip(corners, corners[1:], corners[2:]):
        r_in = min(6.0, _dist(prev, corner) / 2)
        r_out = min(6.0, _dist(corner, nxt) / 2)
        before = _towards(corner, prev, r_in)
        after = _towards(corner, nxt, r_out)
        points += _line(points[-1], before)
        points += [_towards(corner, prev, r_in * 0.45), _towards(corner, nxt, r_out * 0.45), after]
    points += [*_line(points[-1], corners[-1])]
    return tuple(points)


def _dist(a: Point, b: Point) -> float:
    return sqrt((a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2)


def _towards(a: Point, b: Point, distance: float) -> Point:
    """The point ``distance`` from ``a`` towards ``b``."""
    d = _dist(a, b)
    if d < 1e-9:
        return a
    return (a[0] + (b[0] - a[0]) * distance / d, a[1] + (b[1] - a[1]) * distance / d)


def _graphviz_routes(boxes: dict[str, NodeBox], links: list[Any]) -> dict[int, tuple[Point, ...]]:
    """Each link routed by Graphviz around every box (the boxes' positions pinned)."""
    from .graphviz import new_graph, run_layout, spline_points

    agraph = new_graph()
    agraph.graph_attr.update(splines="true", esep="+1")
    for name, box in boxes.items():
        # Pinned positions (in points, rounded as inches to 5 places); Graphviz
        # then shifts the whole drawing to its own origin, which we undo from a
        # node's new position.
        agraph.add_node(
            name, pos=f"{_pinned(box.x)},{_pinned(-box.y)}!", width=f"{box.w / 72:.4f}", height=f"{box.h / 72:.4f}"
        )
    for i, link in enumerate(links):
        agraph.add_edge(link.source, link.target, key=str(i))
    # "nop" is neato -n: it keeps the given positions and only routes edges.
    run_layout(agraph, "nop")
    anchor = boxes[links[0].source]
    gx, gy = (float(v) for v in agraph.get_node(links[0].source).attr["pos"].split(","))
    dx, dy = anchor.x - gx, anchor.y + gy
    out = {}
    for i, link in enumerate(links):
        points = spline_points(agraph.get_edge(link.source, link.target, key=str(i)).attr["pos"])
        out[i] = tuple((x + dx, dy - y) for x, y in points)
    return out
