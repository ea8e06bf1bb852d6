"""Routes for connections between key themes that are not side by side.

Several routes are tried for each such connection and measured against what
is already drawn; the one that passes behind no box and crosses the fewest
branch lines (then the fewest other connections, then the shortest) is kept:

* *inside*: out of the first theme's inner edge, along a channel between the
  themes and the headline, into the second (it crosses the lines of the themes
  in between, one each);
* *outside*: the same, but along a channel beyond every box between them (it
  crosses nothing, at the cost of a longer line);
* *around*: for themes in different regions (right and left, the top and the
  bottom row), a U below, above or beside the whole map;
* Graphviz's own route around the boxes, when it was asked for one.

Geometry is worked out in a frame where the region's outward direction is
``+u`` and the along-the-region direction is ``+v``, so one recipe serves the
right and left sides and the top and bottom rows.  Pure geometry.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from functools import cache
from typing import Any, Final

from .boxes import NodeBox, Rect

__all__ = [
    "Route",
    "around_routes",
    "bounds",
    "bracket_routes",
    "crosses_rect",
    "crossings",
    "hugs",
    "moved_apart",
    "polyline",
    "rank_routes",
    "rect_gap",
    "region_routes",
    "runs_along",
]

Point = tuple[float, float]
Route = tuple[Point, ...]  # an orthogonal polyline, or Bézier points (start, then three per segment)
# Room between a routed connection and the boxes it passes.
CLEAR: Final = 10.0
LANES: Final = 3  # parallel lanes tried for each route
LANE: Final = 8.0  # between lanes (two dashed lines nearer than about 6 read as one band)
SHORTEST: Final = 24.0  # a connection shorter than this cannot show its dashes (6 on, 4 off)
# A connection running within HUG of a branch line (centre to centre) for more than HUG_RUN, away
# from its ends, reads as one line with it: a route that crosses no more lines and is at most
# HUG_LONGER times as long is preferred.
HUG: Final = 5.0
HUG_RUN: Final = 16.0
HUG_STEP: Final = 2.0
HUG_ENDS: Final = 10.0
HUG_LONGER: Final = 1.5
BOX_CORNER: Final = 6.0  # a route moved aside still leaves its box at least this far from a corner

_TO: Final[dict[str, Callable[[Point], Point]]] = {
    "right": lambda p: (p[0], p[1]),
    "left": lambda p: (-p[0], p[1]),
    "bottom": lambda p: (p[1], p[0]),
    "top": lambda p: (-p[1], p[0]),
}
_FROM: Final[dict[str, Callable[[Point], Point]]] = {
    "right": lambda p: (p[0], p[1]),
    "left": lambda p: (-p[0], p[1]),
    "bottom": lambda p: (p[1], p[0]),
    "top": lambda p: (p[1], -p[0]),
}


def _framed(rect: Rect, region: str) -> Rect:
    to = _TO[region]
    (a, b), (c, d) = to((rect[0], rect[1])), to((rect[2], rect[3]))
    return (min(a, c), min(b, d), max(a, c), max(b, d))


@cache
def _weights(steps: int) -> tuple[tuple[float, float, float, float], ...]:
    """The weights of a cubic segment's four points at t = 1/steps, 2/steps, ..., 1 (each product
    grouped as ``u**3 * p0 + 3 * u * u * t * p1 + ...`` groups it, so the points come out the same)."""
    out = []
    for k in range(1, steps + 1):
        t = k / steps
        u = 1 - t
        out.append((u**3, 3 * u * u * t, 3 * u * t * t, t**3))
    return tuple(out)


def polyline(bezier: Sequence[Point], steps: int = 8) -> list[Point]:
    """Points along cubic Bézier points (start, then three per segment)."""
    samples = [bezier[0]]
    weights = _weights(steps)
    for i in range(1, len(bezier) - 2, 3):
        (x0, y0), (x1, y1), (x2, y2), (x3, y3) = bezier[i - 1], bezier[i], bezier[i + 1], bezier[i + 2]
        for a, b, c, d in weights:
            samples.append((a * x0 + b * x1 + c * x2 + d * x3, a * y0 + b * y1 + c * y2 + d * y3))
    return samples


def _orient(a: Point, b: Point, c: Point) -> float:
    return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])


def _cross(p: Point, q: Point, r: Point, s: Point) -> bool:
    """Whether segments pq and rs cross (touching at an end does not count)."""
    d1, d2 = _orient(r, s, p), _orient(r, s, q)
    d3, d4 = _orient(p, q, r), _orient(p, q, s)
    return d1 * d2 < 0 and d3 * d4 < 0


def bounds(line: Sequence[Point]) -> Rect:
    """The rectangle around a polyline."""
    xs, ys = [p[0] for p in line], [p[1] for p in line]
    return (min(xs), min(ys), max(xs), max(ys))


def crossings(line: Sequence[Point], others: Iterable[Sequence[Point]], boxes: Sequence[Rect] | None = None) -> int:
    """How many times the polyline ``line`` crosses the polylines ``others`` (``boxes``: their
    :func:`bounds`, when already known)."""
    count = 0
    own = bounds(line) if line else (0.0, 0.0, 0.0, 0.0)
    for k, other in enumerate(others):
        if len(other) < 2:
            continue
        box = boxes[k] if boxes is not None else bounds(other)
        if box[2] < own[0] or box[0] > own[2] or box[3] < own[1] or box[1] > own[3]:
            continue
        for p, q in zip(line, line[1:]):
            if max(p[0], q[0]) < box[0] or min(p[0], q[0]) > box[2]:
                continue
            if max(p[1], q[1]) < box[1] or min(p[1], q[1]) > box[3]:
                continue
            count += sum(_cross(p, q, r, s) for r, s in zip(other, other[1:]))
    return count


def _to_segment(c: Point, a: Point, b: Point) -> float:
    """The distance from ``c`` to the segment ``ab``."""
    dx, dy = b[0] - a[0], b[1] - a[1]
    t = 0.0 if dx == dy == 0 else max(0.0, min(1.0, ((c[0] - a[0]) * dx + (c[1] - a[1]) * dy) / (dx * dx + dy * dy)))
    return math.hypot(a[0] + t * dx - c[0], a[1] + t * dy - c[1])


def rect_gap(rect: Rect, line: Sequence[Point]) -> float:
    """The shortest distance between ``rect`` and the polyline ``line`` (0 when they touch)."""
    x0, y0, x1, y1 = rect

    def to_rect(p: Point) -> float:
        return math.hypot(max(x0 - p[0], 0.0, p[0] - x1), max(y0 - p[1], 0.0, p[1] - y1))

    corners = ((x0, y0), (x1, y0), (x1, y1), (x0, y1))
    best = min((to_rect(p) for p in line), default=math.inf)
    for a, b in zip(line, line[1:]):
        if _hits(a, b, rect, 0.0):
            return 0.0
        best = min(best, *(_to_segment(c, a, b) for c in corners))
    return best


def crosses_rect(line: Sequence[Point], rect: Rect) -> bool:
    """Whether the polyline passes through (or has a point inside) the rectangle."""
    x0, y0, x1, y1 = rect
    return any(_hits(p, q, rect, 0.0) or (x0 <= p[0] <= x1 and y0 <= p[1] <= y1) for p, q in zip(line, line[1:]))


def _hits(p: Point, q: Point, rect: Rect, margin: float) -> bool:
    """Whether segment pq passes through ``rect`` grown by ``margin`` (Liang-Barsky clipping)."""
    x0, y0, x1, y1 = rect[0] - margin, rect[1] - margin, rect[2] + margin, rect[3] + margin
    dx, dy = q[0] - p[0], q[1] - p[1]
    lo, hi = 0.0, 1.0
    for edge_p, edge_q in ((-dx, p[0] - x0), (dx, x1 - p[0]), (-dy, p[1] - y0), (dy, y1 - p[1])):
        if edge_p == 0:
            if edge_q < 0:
                return False
            continue
        t = edge_q / edge_p
        if edge_p < 0:
            lo = max(lo, t)
        else:
            hi = min(hi, t)
        if lo > hi:
            return False
    return hi - lo > 1e-9


def _cells(cells: dict[tuple[int, int], Any], cx0: int, cx1: int, cy0: int, cy1: int) -> list[tuple[int, int]]:
    """The cells from (cx0, cy0) to (cx1, cy1), in order; for a long reach, only those ``cells`` holds."""
    if (cx1 - cx0 + 1) * (cy1 - cy0 + 1) > len(cells):
        return sorted(key for key in cells if cx0 <= key[0] <= cx1 and cy0 <= key[1] <= cy1)
    return [(cx, cy) for cx in range(cx0, cx1 + 1) for cy in range(cy0, cy1 + 1)]


class SegmentGrid:
    """Line segments filed by the cells of a grid they pass, to ask quickly whether a rectangle
    touches any of them."""

    def __init__(self, cell: float = 40.0) -> None:
        self.cell = cell
        self.cells: dict[tuple[int, int], list[tuple[Point, Point]]] = {}

    def add(self, line: Sequence[Point]) -> None:
        """File each segment in the cells along it (sampled every half cell: a query looks one cell
        further round, so a segment that clips a cell's corner is still found)."""
        c = self.cell
        half = c / 2
        filed = self.cells
        for p, q in zip(line, line[1:]):
            dx, dy = q[0] - p[0], q[1] - p[1]
            steps = int(max(abs(dx), abs(dy)) / half) + 1
            if steps == 1:  # most segments (a curve's, between two of its samples): its two ends' cells
                start = (int(p[0] // c), int(p[1] // c))
                end = (int((p[0] + dx) // c), int((p[1] + dy) // c))
                cells: Iterable[tuple[int, int]] = (start,) if start == end else (start, end)
            else:
                cells = {
                    (int((p[0] + dx * k / steps) // c), int((p[1] + dy * k / steps) // c)) for k in range(steps + 1)
                }
            for key in cells:
                filed.setdefault(key, []).append((p, q))

    def _around(self, x0: float, y0: float, x1: float, y1: float) -> list[tuple[int, int]]:
        c = self.cell
        return _cells(self.cells, int(x0 // c) - 1, int(x1 // c) + 1, int(y0 // c) - 1, int(y1 // c) + 1)

    def crossings(self, line: Sequence[Point]) -> int:
        """How many times the polyline ``line`` crosses the segments filed."""
        count = 0
        for p, q in zip(line, line[1:]):
            seen: set[tuple[Point, Point]] = set()
            for key in self._around(min(p[0], q[0]), min(p[1], q[1]), max(p[0], q[0]), max(p[1], q[1])):
                for r, s in self.cells.get(key, ()):
                    if (r, s) not in seen:
                        seen.add((r, s))
                        count += _cross(p, q, r, s)
        return count

    def within(self, rect: Rect) -> list[tuple[Point, Point]]:
        """The segments filed whose bounds overlap ``rect``, each once."""
        x0, y0, x1, y1 = rect
        found: dict[tuple[Point, Point], None] = {}
        for key in self._around(x0, y0, x1, y1):
            for p, q in self.cells.get(key, ()):
                if min(p[0], q[0]) <= x1 and max(p[0], q[0]) >= x0 and min(p[1], q[1]) <= y1 and max(p[1], q[1]) >= y0:
                    found[p, q] = None
        return list(found)

    def touches(self, rect: Rect, margin: float = 1.0) -> bool:
        x0, y0, x1, y1 = rect[0] - margin, rect[1] - margin, rect[2] + margin, rect[3] + margin
        for key in self._around(x0, y0, x1, y1):
            for p, q in self.cells.get(key, ()):
                if _hits(p, q, rect, margin) or (x0 <= p[0] <= x1 and y0 <= p[1] <= y1):
                    return True
        return False


class RectGrid:
    """Rectangles filed by the cells of a grid they cover, to ask quickly whether a rectangle
    overlaps any of them."""

    def __init__(self, rects: Iterable[Rect] = (), cell: float = 60.0) -> None:
        self.cell = cell
        self.cells: dict[tuple[int, int], list[Rect]] = {}
        for rect in rects:
            self.add(rect)

    def add(self, rect: Rect) -> None:
        c = self.cell
        for cx in range(int(rect[0] // c), int(rect[2] // c) + 1):
            for cy in range(int(rect[1] // c), int(rect[3] // c) + 1):
                self.cells.setdefault((cx, cy), []).append(rect)

    def at(self, point: Point) -> list[Rect] | tuple[()]:
        """The rectangles filed in the cell that holds ``point``: every one with the point inside."""
        c = self.cell
        return self.cells.get((int(point[0] // c), int(point[1] // c)), ())

    def cells_near(self, p: Point, q: Point, margin: float = 3.0) -> list[tuple[int, int]]:
        """The cells round the segment pq, ``margin`` beyond it on every side (ask ``cells`` what
        each holds: a rectangle covering several is in each)."""
        c = self.cell
        x0, x1 = min(p[0], q[0]) - margin, max(p[0], q[0]) + margin
        y0, y1 = min(p[1], q[1]) - margin, max(p[1], q[1]) + margin
        return _cells(self.cells, int(x0 // c), int(x1 // c), int(y0 // c), int(y1 // c))

    def overlaps(self, rect: Rect, margin: float = 0.0) -> bool:
        c = self.cell
        x0, y0, x1, y1 = rect[0] - margin, rect[1] - margin, rect[2] + margin, rect[3] + margin
        for key in _cells(self.cells, int(x0 // c), int(x1 // c), int(y0 // c), int(y1 // c)):
            for r in self.cells.get(key, ()):
                if not (x1 <= r[0] or r[2] <= x0 or y1 <= r[1] or r[3] <= y0):
                    return True
        return False


def region_routes(
    a: NodeBox, b: NodeBox, region: str, items: Sequence[NodeBox], extent: Callable[[str], Rect]
) -> list[Route]:
    """Inside and outside routes between two themes of one region (``items``: the region's themes)."""
    fa, fb = _framed(a.rect, region), _framed(b.rect, region)
    if fa[1] > fb[1]:
        a, b, fa, fb = b, a, fb, fa
    ea, eb = _framed(extent(a.name), region), _framed(extent(b.name), region)
    between = [_framed(i.rect, region) for i in items if fa[1] <= _framed(i.rect, region)[1] <= fb[1]]
    spans = [_framed(extent(i.name), region) for i in items if fa[1] <= _framed(i.rect, region)[1] <= fb[1]]
    if not between:
        return []
    inner = min(r[0] for r in between) - CLEAR
    outer = max(r[2] for r in spans) + CLEAR
    back = _FROM[region]
    routes = []
    # Lanes: several connections may share a gap or a channel, each on a line of its own.
    for lane in range(LANES):
        ga, gb = ea[3] + 4.0 + LANE * lane, eb[1] - 4.0 - LANE * lane
        ua, ub = fa[0] + 4.0 + LANE * lane, fb[0] + 4.0 + LANE * lane
        if ga > gb:
            continue
        for channel in (inner - LANE * lane, outer + LANE * lane):
            framed = [(ua, fa[3]), (ua, ga), (channel, ga), (channel, gb), (ub, gb), (ub, fb[1])]
            routes.append(tuple(back(p) for p in framed))
    return routes


def _leg(
    box: NodeBox,
    region: str,
    items: Sequence[NodeBox],
    extent: Callable[[str], Rect],
    everything: Rect,
    d: int,
    lane: int,
) -> list[Point]:
    """From ``box`` to the line beyond the whole map in direction ``d`` along its region (+1: down the
    right and left sides, rightwards along the rows): out of its far end, into the channel on the
    headline's side of the themes beyond it, along that channel past them all (crossing their lines)."""
    f = _framed(box.rect, region)
    ext = _framed(extent(box.name), region)
    beyond = [_framed(i.rect, region) for i in items if d * (_framed(i.rect, region)[1] - f[1]) > 0]
    whole = _framed(everything, region)
    off = LANE * lane
    u = f[0] + 4.0 + off
    edge, gap = (f[3], ext[3] + 4.0 + off) if d > 0 else (f[1], ext[1] - 4.0 - off)
    channel = min([r[0] for r in beyond] + [f[0]]) - CLEAR - off
    far = whole[3] + CLEAR + off if d > 0 else whole[1] - CLEAR - off
    back = _FROM[region]
    return [back(p) for p in ((u, edge), (u, gap), (channel, gap), (channel, far))]


def around_routes(
    a: NodeBox,
    ra: str,
    b: NodeBox,
    rb: str,
    by_region: dict[str, list[NodeBox]],
    extent: Callable[[str], Rect],
    everything: Rect,
) -> list[Route]:
    """Routes for themes in different regions (right and left, the top and bottom row): from each,
    along its region's inner channel past the themes beyond it, then round the end of the map."""
    routes: list[Route] = []
    for lane in range(LANES):
        for d in (1, -1):
            first = _leg(a, ra, by_region[ra], extent, everything, d, lane)
            second = _leg(b, rb, by_region[rb], extent, everything, d, lane)
            routes.append((*first, *reversed(second)))
    return routes


def bracket_routes(
    a: NodeBox, b: NodeBox, extent: Callable[[str], Rect], entries: dict[str, str] | None = None
) -> list[Route]:
    """A bracket beside both themes: out of the same side of each, joined by a line just past
    both their subtrees (two themes one beyond the other in a column, say).  Not out of the point
    where a theme's own branch line comes in (``entries``: its side, left, right, top or bottom),
    where it would read as that line going on."""
    ea, eb = extent(a.name), extent(b.name)
    entries = entries or {}

    def at(box: NodeBox, side: str) -> Point:
        # the middle of the side, or a quarter of the way along it where the theme's own line comes in
        shift = 0.25 if entries.get(box.name) == side else 0.0
        if side in ("left", "right"):
            return (box.left if side == "left" else box.right, box.y - box.h * shift)
        return (box.x + box.w * shift, box.top if side == "top" else box.bottom)

    routes: list[Route] = []
    for lane in range(LANES):
        off = 5.0 + LANE * lane
        right = max(ea[2], eb[2]) + off
        left = min(ea[0], eb[0]) - off
        below = max(ea[3], eb[3]) + off
        above = min(ea[1], eb[1]) - off
        for side in ("right", "left", "bottom", "top"):
            p, q = at(a, side), at(b, side)
            if side in ("left", "right"):
                x = right if side == "right" else left
                routes.append((p, (x, p[1]), (x, q[1]), q))
            else:
                y = below if side == "bottom" else above
                routes.append((p, (p[0], y), (q[0], y), q))
    return routes


def entry_side(box: NodeBox, point: Point) -> str:
    """Which side of ``box`` a line ending at ``point`` comes in by."""
    distances = {
        "left": abs(point[0] - box.left),
        "right": abs(point[0] - box.right),
        "top": abs(point[1] - box.top),
        "bottom": abs(point[1] - box.bottom),
    }
    return min(distances, key=lambda side: distances[side])


def runs_along(line: Sequence[Point], others: Iterable[Sequence[Point]], near: float = 6.0) -> bool:
    """Whether some level or upright stretch of ``line`` runs along one of ``others`` (within
    ``near``: two dashed lines nearer read as one band) for any length: the first such stretch answers."""
    for other in others:
        for p, q in zip(line, line[1:]):
            for r, s in zip(other, other[1:]):
                if abs(p[1] - q[1]) < 1e-6 and abs(r[1] - s[1]) < 1e-6 and abs(p[1] - r[1]) < near:
                    if min(max(p[0], q[0]), max(r[0], s[0])) - max(min(p[0], q[0]), min(r[0], s[0])) > 0.0:
                        return True
                elif abs(p[0] - q[0]) < 1e-6 and abs(r[0] - s[0]) < 1e-6 and abs(p[0] - r[0]) < near:
                    if min(max(p[1], q[1]), max(r[1], s[1])) - max(min(p[1], q[1]), min(r[1], s[1])) > 0.0:
                        return True
    return False


def moved_apart(
    route: Route, drawn: Sequence[Sequence[Point]], ends: tuple[NodeBox, NodeBox] | None = None
) -> list[Route]:
    """Copies of an orthogonal route with one of its stretches that runs along a connection
    already drawn (see :func:`runs_along`) moved off it sideways, one to three lanes either way
    (its neighbours longer or shorter, never turned back).  The lanes of a channel are offsets
    from the boxes, so two connections through one channel can meet in the same lane: these put
    the later one beside the first.  With ``ends`` (the boxes it joins), a first or last stretch
    moves too, its end sliding along its box's side (not within BOX_CORNER of a corner): two
    connections out of the middle of one side then leave it apart."""
    out: list[Route] = []
    last = len(route) - 2
    for k in range(0 if ends else 1, last + 1 if ends else last):
        p, q = route[k], route[k + 1]
        if not runs_along((p, q), drawn):
            continue
        level = abs(p[1] - q[1]) < 1e-6
        neighbours = [i for i in (k - 1, k + 1) if 0 <= i <= last]  # the stretches before and after it
        for step in (1, -1, 2, -2, 3, -3):
            d = step * LANE
            moved = ((p[0], p[1] + d), (q[0], q[1] + d)) if level else ((p[0] + d, p[1]), (q[0] + d, q[1]))
            copy = (*route[:k], *moved, *route[k + 2 :])
            if not all(_same_way(route[i], route[i + 1], copy[i], copy[i + 1]) for i in neighbours):
                continue
            slid = [(ends[0], copy[0])] if ends and k == 0 else []
            slid += [(ends[1], copy[-1])] if ends and k == last else []
            if not all(_on_side(box, end) for box, end in slid):
                continue
            out.append(copy)
    return out


def _on_side(box: NodeBox, point: Point) -> bool:
    """Whether ``point`` lies on a side of ``box``, at least BOX_CORNER from its corners."""
    inside_x = box.left + BOX_CORNER <= point[0] <= box.right - BOX_CORNER
    inside_y = box.top + BOX_CORNER <= point[1] <= box.bottom - BOX_CORNER
    on_x = min(abs(point[0] - box.left), abs(point[0] - box.right)) < 1e-6
    on_y = min(abs(point[1] - box.top), abs(point[1] - box.bottom)) < 1e-6
    return (on_x and inside_y) or (on_y and inside_x)


def _same_way(p: Point, q: Point, p2: Point, q2: Point) -> bool:
    """Whether the stretch p2-q2 runs the same way as p-q, at least 4 units long."""
    dx, dy = q[0] - p[0], q[1] - p[1]
    dx2, dy2 = q2[0] - p2[0], q2[1] - p2[1]
    return dx * dx2 + dy * dy2 > 0 and abs(dx2) + abs(dy2) >= 4.0


def hugs(line: Sequence[Point], branches: SegmentGrid) -> bool:
    """Whether ``line`` runs within HUG of a branch line for more than HUG_RUN (followed in steps
    of HUG_STEP, not within HUG_ENDS of its ends, where it leaves its boxes among their own lines).
    Only the branch segments near each of its segments are asked (most have none)."""
    if not branches.cells:
        return False
    length = sum(math.dist(p, q) for p, q in zip(line, line[1:]))
    run, travelled = 0.0, 0.0
    for p, q in zip(line, line[1:]):
        span = math.dist(p, q)
        box = (min(p[0], q[0]) - HUG, min(p[1], q[1]) - HUG, max(p[0], q[0]) + HUG, max(p[1], q[1]) + HUG)
        near = branches.within(box)
        if not near or travelled + span < HUG_ENDS or travelled > length - HUG_ENDS:
            run = 0.0
            travelled += span
            continue
        steps = max(1, int(span / HUG_STEP))
        for k in range(steps):
            at = travelled + span * k / steps
            x, y = p[0] + (q[0] - p[0]) * k / steps, p[1] + (q[1] - p[1]) * k / steps
            if HUG_ENDS <= at <= length - HUG_ENDS and any(_to_segment((x, y), r, s) <= HUG for r, s in near):
                run += span / steps
                if run > HUG_RUN:
                    return True
            else:
                run = 0.0
        travelled += span
    return False


def _behind_a_box(line: Sequence[Point], boxes: RectGrid, own: set[Rect]) -> bool:
    """Whether ``line`` passes behind a box: its ``own`` two only past their edges, every other
    box with room to spare.  A box clear of a segment's reach is passed over without clipping
    (most of those filed in the cells round a segment are)."""
    cells = boxes.cells
    for p, q in zip(line, line[1:]):
        lo_x, hi_x = (p[0], q[0]) if p[0] <= q[0] else (q[0], p[0])
        lo_y, hi_y = (p[1], q[1]) if p[1] <= q[1] else (q[1], p[1])
        for key in boxes.cells_near(p, q, 3.0):
            for rect in cells.get(key, ()):
                # wholly beyond one side of the rectangle grown by the larger margin: _hits says no for
                # either (asked first: most boxes filed near a segment are, and it needs no look-up in own)
                if hi_x < rect[0] - 2.0 or lo_x > rect[2] + 2.0 or hi_y < rect[1] - 2.0 or lo_y > rect[3] + 2.0:
                    continue
                margin = -1.5 if rect in own else 2.0
                if (
                    hi_x < rect[0] - margin
                    or lo_x > rect[2] + margin
                    or hi_y < rect[1] - margin
                    or lo_y > rect[3] + margin
                ):
                    continue
                if _hits(p, q, rect, margin):
                    return True
    return False


def rank_routes(
    routes: Sequence[tuple[Route, bool]],
    ends: tuple[NodeBox, NodeBox],
    boxes: RectGrid,
    branches: SegmentGrid,
    drawn: Sequence[Sequence[Point]],
    hug: bool = True,
) -> list[tuple[Route, bool]]:
    """The routes (``(points, is_bezier)``) that pass behind no box but their own two, best first:
    fewest branch lines crossed, then fewest connections already drawn, then shortest; but where
    the best runs along a branch line (see :func:`hugs`), the shortest alike that does not comes
    first if it is at most HUG_LONGER times as long (unless ``hug`` is false).  ``boxes`` holds
    every box (its own two included), ``branches`` every branch line."""
    ranked: list[tuple[tuple[int, int, float], int]] = []
    own = {ends[0].rect, ends[1].rect}
    # each connection drawn so far bounded once for every route weighed against it (a line of
    # fewer than two points crosses nothing: its place holds a rectangle never read)
    drawn_bounds = [bounds(other) if len(other) >= 2 else (0.0, 0.0, 0.0, 0.0) for other in drawn]
    lines: dict[int, list[Point]] = {}
    for index, (route, bezier) in enumerate(routes):
        line = lines[index] = polyline(route) if bezier else list(route)
        length = sum(abs(q[0] - p[0]) + abs(q[1] - p[1]) for p, q in zip(line, line[1:]))
        if length < SHORTEST:
            continue  # too short to show that it is dashed
        if _behind_a_box(line, boxes, own):
            continue
        # running along a connection already drawn is as bad as crossing it
        along = 1 if not bezier and runs_along(line, drawn) else 0
        ranked.append(
            ((branches.crossings(line), crossings(line, drawn, drawn_bounds) + along, round(length, 3)), index)
        )
    ranked.sort()
    if hug and ranked and hugs(lines[ranked[0][1]], branches):
        best = ranked[0][0]
        for k, ((*counts, length), index) in enumerate(ranked[1:], 1):
            if tuple(counts) != best[:2] or length > best[2] * HUG_LONGER:
                break
            if not hugs(lines[index], branches):
                ranked.insert(0, ranked.pop(k))
                break
    return [routes[index] for _, index in ranked]
