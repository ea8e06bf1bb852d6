"""Composing a figure for where it is printed: the arrangement whose smallest text prints largest.

A figure is not drawn first and shrunk afterwards.  For the medium chosen
(:mod:`.media`), the layout tries several arrangements (:mod:`.arrange`):
key themes beside the headline, in rows above and below it, or (many of them)
in rows of columns a few themes deep (with twenty or more, one or two of them
may stand level with the headline on either side of it, or the legend may);
sub-themes
growing outwards or stacked below their parent from some depth on (on a map of
80 boxes or more, lists too tall folded into columns side by side); from 20
boxes, rows packed like masonry (:mod:`.masonry`) too; wider or
narrower text; the headline wider when it is long; the legend in a free
corner, below or beside the map, or slid in from an edge until it meets a box
or a line (so it stands out of the map only as far as it must), in one, two or
four columns.  Each is scored by the
size its smallest text prints at once the whole figure is fitted to the
medium; the few best are drawn in full (:mod:`.edges`) and measured, and the
one whose smallest text prints largest is kept.

Key themes joined by a connection are ordered as a ring round the headline with
as few themes as possible between the ends of any connection (every order for
up to eight of them, a greedy search beyond), so most connections run straight
across the gap between neighbours and the others cross few branch lines.

``layout="tree"`` grows the tree left to right: every key theme one below another to the right
of the headline, each subtree packed by its contours, composed for the medium by the same search
(lists stacked from some depth, wrap widths, the legend), with Graphviz ``dot``'s layered tree of
the same boxes as one more finalist.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Iterator, Sequence
from copy import copy
from dataclasses import replace
from itertools import permutations
from typing import Final, Literal

from ..model.tree import HYPOTHESIS, MapTree
from ..style.sheet import Style
from ..text.measure import measure
from .arrange import (
    NEVER,
    Arrangement,
    Blocks,
    Known,
    Plan,
    Spacing,
    any_overlap,
    arrange,
    balanced_split,
    subtree_blocks,
)
from .boxes import EdgePath, Layout, NodeBox, NodeLook, Rect, bounding, look_for, resolve_looks, shift_run, size_box
from .edges import branch_edges, connection_edges, label_box, rects_overlap
from .legend import LEGEND_KINDS, LEGEND_MODES, Sample, kinds_in, legend_box, title_runs
from .masonry import FEW_ROW_HEIGHTS, ROW_HEIGHTS, arrange_masonry
from .media import MEDIA, PT_PER_MM, Medium, find_medium, printed_size
from .routing import Point, RectGrid, SegmentGrid, bounds, crosses_rect, crossings, polyline, rect_gap

__all__ = ["LAYOUTS", "LEGEND_MODES", "Layout", "layout_map", "legend_layout"]

LAYOUTS: Final = ("radial", "tree")
LayoutName = Literal["radial", "tree"]
EXHAUSTIVE_ORDER_UP_TO: Final = 7
LARGE: Final = 80  # from this many boxes, the search tries fewer arrangements
# A small map's best in rows is also drawn with these shallower bands of lines round the headline.
BANDS: Final = (0.8, 0.6)
PER_COLUMN: Final = 6  # rows of columns: at most this many key themes in one column
FINALISTS: Final = 9  # arrangements drawn in full before one is chosen (the best splits of each kind first)
LABEL_REACH: Final = 6.0  # a connection's words stand at most this far from their own line (issue 12)
# The drawn figure's aspect within this of the medium's (a little inside issue 12's 10%, as the
# benchmark measures the text's own extent), else its score times ASPECT_COST in the final choice.
ASPECT_BAND: Final = 0.09
ASPECT_COST: Final = 0.94
WORDS_ACROSS_COST: Final = 0.7  # a connection's words with another line behind them (see _words_across)
LEVEL_STEPS: Final = 4  # a legend level with the headline: tried at this many steps out to the map's edge
RING_FROM: Final = 20  # from this many key themes, rows of columns with some beside the headline too
MASONRY_FROM: Final = 20  # from this many boxes, rows packed like masonry are tried too (folded lists: LARGE)
# Up to this many, rows packed like masonry are tried in a second order too (the tallest themes
# first): beyond, that doubles a search of about a second for no gain on the corpus's maps.
TALLEST_FIRST_UP_TO: Final = 120
HUGE: Final = 1000  # from this many, only the balanced splits, and the legend only below or beside the map
LegendForm = tuple[int, bool]  # a legend's columns, and whether its words are wrapped narrow
Placed = tuple[LegendForm, tuple[float, float]]  # a legend's form and its top-left corner


def connected_order(items: list[str], links: list[tuple[str, str]], in_list: bool = True) -> list[str]:
    """The items reordered, as a ring clockwise round the headline, so that linked items sit as
    close as possible: fewest themes between the two ends of any one link, then in all, then
    moving items as little as possible (every order for a few items, greedy moves beyond).

    Every theme between the two ends of a link is a branch line the link has to cross (or go
    round), so the first and last items count as neighbours too: their link runs round the map.
    ``in_list`` prefers, among the best rings, the one with most links between neighbours in
    the list itself (no route round the map).

    >>> connected_order(["a", "b", "c", "d", "e"], [("a", "c")])
    ['a', 'c', 'b', 'd', 'e']
    """
    pairs = {frozenset(p) for p in links if p[0] in items and p[1] in items and p[0] != p[1]}
    if not pairs:
        return list(items)
    home = {item: i for i, item in enumerate(items)}
    count = len(items)
    ends = [tuple(pair) for pair in sorted(pairs, key=lambda p: sorted(home[i] for i in p))]

    def score(order: Sequence[str]) -> tuple[int, int, int, int]:
        at = {item: i for i, item in enumerate(order)}
        worst = total = beside = 0
        for a, b in ends:
            d = abs(at[a] - at[b])
            gap = min(d, count - d) - 1
            worst, total = max(worst, gap), total + gap
            # then links between neighbours in the list (not only round the ring): no route round the map
            beside += d == 1 and in_list
        return -worst, -total, beside, -sum([abs(i - home[item]) for item, i in at.items()])

    if count <= EXHAUSTIVE_ORDER_UP_TO + 1:
        # the first item stays first when there are eight: a ring's gaps do not change as it turns
        first = items[:1] if count > EXHAUSTIVE_ORDER_UP_TO else []
        rest = items[1:] if first else items
        candidates = (first + list(order) for order in permutations(rest))
        return max(candidates, key=lambda order: (score(order), [-home[i] for i in order]))
    order = list(items)
    best = score(order)
    improved = True
    while improved:
        improved = False
        for pair in sorted(pairs, key=lambda p: sorted(home[i] for i in p)):
            a, b = sorted(pair, key=lambda i: home[i])
            for mover, anchor in ((b, a), (a, b)):
                for offset in (1, 0):
                    trial = [i for i in order if i != mover]
                    trial.insert(trial.index(anchor) + offset, mover)
                    tried = score(trial)
                    if tried > best:
                        order, best, improved = trial, tried, True
    return order


def _spacing(style: Style) -> Spacing:
    sp = style.scale.spacing
    return Spacing(sp.level_gap, sp.sibling_gap, sp.branch_gap, sp.centre_gap, indent=max(18.0, sp.level_gap * 0.75))


def _shapes(
    tree: MapTree,
    order: list[str],
    medium: Medium | None,
    heights: dict[str, float],
    widths: dict[str, float],
    links: list[tuple[str, str]],
) -> list[Plan]:
    """The arrangements worth trying for this map and medium, at the sheet's wrap widths
    (just one for ``--fit none``)."""
    count = len(order)
    max_depth = max(node.depth for node in tree.nodes.values())
    sides_split = balanced_split([heights[i] for i in order], [0.0] * max(count - 1, 0))
    if medium is None:
        return [Plan("sides", tuple(order), sides_split)]
    large = len(tree.nodes) >= LARGE
    stack_depths = [NEVER] + [d for d in (2, 1) if d < max_depth]
    if large:
        stack_depths = [d for d in stack_depths if d in (NEVER, 1)]
    rows_split = balanced_split([widths[i] for i in order], [0.0] * max(count - 1, 0))
    pairs = {frozenset(p) for p in links}
    plans: list[Plan] = []
    huge = len(tree.nodes) >= HUGE
    if huge:  # two arrangements at most: the search would cost more than it can win
        return [Plan("sides", tuple(order), sides_split, depth) for depth in stack_depths]
    for depth in stack_depths:
        for split in [sides_split] if huge else _splits(sides_split, count, order, pairs, large):
            plans.append(Plan("sides", tuple(order), split, depth))
    if count >= 4 and not large:  # a theme above the headline and one below it, the rest beside it
        for above, below in ((True, True), (True, False), (False, True)):
            start = int(above)
            rest = [heights[i] for i in order[start:]]
            middle = start + balanced_split(rest, [0.0] * max(len(rest) - 1, 0))
            splits = [s for s in (middle, middle - 1, middle + 1) if start < s < count - int(below)]
            for depth in stack_depths:
                plans += [Plan("sides", tuple(order), s, depth, above=above, below=below) for s in splits]
    if count >= 3:
        for split in [rows_split] if huge else _splits(rows_split, count, order, pairs, large):
            plans.append(Plan("rows", tuple(order), split, NEVER))
    if count >= 2 and max_depth >= 3:  # sub-themes with their own: side by side below each key theme
        for split in _splits(rows_split, count, order, pairs, large):
            plans.append(Plan("rows", tuple(order), split, NEVER, fan=True))
    # Many key themes: rows of columns, a few themes one beyond another in each column.
    halves = sorted({count // 2, balanced_split([heights[i] for i in order], [0.0] * max(count - 1, 0))})
    # "about 1.5 per column" is a row of columns with one or two themes each: between one theme
    # per column (a plain row) and two, a wide medium often wants a row in between
    deepest = min(PER_COLUMN, -(-count // 2))
    # (a large map's rows also try the steps between: a column more or less moves its height a lot)
    steps = (1.5, 1.75, 2, 2.25, 2.5, 3, 4, 5, 6) if large else (1.5, 2, 2.5, 3, 4, 5, 6)
    for per_column in [p for p in steps if p <= deepest]:
        plans += [Plan("rows", tuple(order), split, NEVER, per_column) for split in halves if 0 < split < count]
    # Very many: some of them level with the headline on its left and right, where rows leave
    # room the width of the rows beside its height (each row a column shorter, the figure narrower).
    if count >= RING_FROM and not large:
        # (on one side only, the other may hold the legend)
        for beside in ((1, 1), (2, 2), (1, 0), (2, 0), (0, 1), (0, 2)):
            rows = count - sum(beside)
            rest = [heights[i] for i in order[:rows]]  # (about the rows' themes, for their split)
            tops = sorted({rows // 2, balanced_split(rest, [0.0] * (len(rest) - 1))})
            for per_column in [p for p in steps if 1 < p <= min(PER_COLUMN, -(-rows // 2))]:
                plans += [
                    Plan("rows", tuple(order), split, NEVER, per_column, beside=beside)
                    for split in tops
                    if 0 < split < rows
                ]
    return plans


FOLD_TOPS: Final = 4  # a large map's arrangements with folded lists tried with wider or narrower text
FOLD_FINALISTS: Final = 2  # and drawn in full, besides the others
# Large maps: lists folded into columns no taller than these shares of the tallest key theme's list.
FOLDS: Final = (0.8, 0.7, 0.6, 0.5, 0.4, 0.33, 0.27, 0.22, 0.18, 0.15, 0.12)


def _folded(order: list[str], shapes: Blocks, fold: float) -> list[Plan]:
    """A large map's arrangements with every list folded into columns no taller than ``fold``:
    key themes in rows (of columns, with many), or beside the headline."""
    count = len(order)
    ends = [0.0] * max(count - 1, 0)
    rows_split = balanced_split([shapes.sizes[i][0] for i in order], ends)
    sides_split = balanced_split([shapes.sizes[i][1] for i in order], ends)
    plans = [Plan("sides", tuple(order), sides_split, 1, fold=fold)]
    if count >= 2:
        plans.append(Plan("rows", tuple(order), rows_split, NEVER, fold=fold))
    halves = sorted({count // 2, sides_split})
    for per_column in [p for p in (1.5, 2, 3) if p <= min(PER_COLUMN, -(-count // 2))]:
        plans += [
            Plan("rows", tuple(order), split, NEVER, per_column, fold=fold) for split in halves if 0 < split < count
        ]
    return plans


MASONRY_TOPS: Final = 2  # a large map's rows packed like masonry (of each kind) tried with wider or narrower text
MASONRY_FINALISTS: Final = 2  # and drawn in full, besides the others


def _masonry_plans(order: list[str], folds: tuple[float, ...], medium: Medium, joined: bool) -> list[Plan]:
    """A large map's rows packed like masonry (see :func:`.arrange.arrange`): about half the key
    themes in each row, each theme's lists folded at one of ``folds`` or not at all, the map as
    near the medium's shape as the rows allow (joined themes one beyond the other too, on a map
    with connections)."""
    count = len(order)
    if count < 3:
        return []
    return [
        Plan("rows", tuple(order), split, NEVER, masonry=folds, aspect=medium.aspect, together=together)
        for split in _splits(count // 2, count, order, set(), True)
        for together in (False, True)[: 2 if joined else 1]
    ]


def tallest_first(order: list[str], pairs: set[frozenset[str]], height: dict[str, float]) -> list[str]:
    """``order``'s runs of joined themes (neighbours with a connection, the last and the first
    too: the order is a ring) kept whole, the tallest run first.  Rows packed like masonry from
    this order hold themes of like heights (the top row the taller half, the bottom row the
    rest), so their columns come out even where the connections' order mixes tall and short.

    >>> tallest_first(["a", "b", "c", "d"], {frozenset(("b", "c"))}, {"a": 5, "b": 1, "c": 1, "d": 9})
    ['d', 'a', 'b', 'c']
    """
    runs = [[order[0]]] if order else []
    for a, b in zip(order, order[1:]):
        if frozenset((a, b)) in pairs:
            runs[-1].append(b)
        else:
            runs.append([b])
    if len(runs) > 1 and frozenset((order[-1], order[0])) in pairs:
        runs[0] = runs.pop() + runs[0]
    runs.sort(key=lambda run: -sum(height[item] for item in run))  # (stable: ties keep their order)
    return [item for run in runs for item in run]


def _wraps(tree: MapTree, shape: Plan, landscape: bool = False) -> list[Plan]:
    """The same arrangement with wider or narrower text (still wider on a landscape medium, where
    a long theme on two lines rather than three can let the figure's height fit the width)."""
    if len(tree.nodes) >= HUGE:
        return [shape]
    if len(tree.nodes) >= LARGE:  # fewer: each arrangement of a large map costs more
        # a wider headline: the lines to many key themes leave it further apart, so the band
        # they fan out in can be lower
        return [replace(shape, wrap=wrap, headline_wrap=h) for wrap in (1.0, 0.8, 1.3) for h in (1.0, 2.5, 4.0)]
    headline_words = len(tree.nodes[HYPOTHESIS].label.split())
    has_quotes = any(node.kind == "quote" for node in tree.nodes.values())
    # a long headline wider, else a column over half the figure
    headline_wraps = (1.0, 1.8, 2.8) if headline_words > 12 else (1.0,)
    quote_wraps = (1.0, 0.75, 1.4) if has_quotes else (1.0,)
    wraps = (1.0, 0.8, 1.3, 1.7) + ((2.2,) if landscape else ())
    if len(tree.children(HYPOTHESIS)) >= RING_FROM:  # many short key themes: a step between
        wraps += (0.9,)
    plans = [
        replace(shape, wrap=wrap, headline_wrap=headline, quote_wrap=quote)
        for wrap in wraps
        for headline in headline_wraps
        for quote in quote_wraps
    ]
    # on a landscape medium a short headline too (two lines rather than four can lower a row
    # above it), with the quotes as they are: fewer to try
    if landscape and headline_words <= 12:
        plans += [replace(shape, wrap=wrap, headline_wrap=1.8) for wrap in wraps]
    return plans


def _splits(balanced: int, count: int, order: list[str], pairs: set[frozenset[str]], large: bool) -> list[int]:
    """Every split for a few items; else the balanced one and its neighbours."""
    if count <= 1:
        return [count]
    if count <= 8 and not large:
        return sorted(range(1, count), key=lambda s: (abs(s - balanced), s))
    return sorted({s for s in range(balanced - 2, balanced + 3) if 0 < s < count}, key=lambda s: (abs(s - balanced), s))


def _broken(plan: Plan, pairs: set[frozenset[str]], ring: bool = False) -> int:
    """How many linked themes the plan parts (they sit in different regions, or are not neighbours);
    with ``ring``, the sides' ends are next to each other round the headline (or to a theme above
    or below it): their connections are routed, but short."""
    beside = {frozenset(p) for region in plan.groups() for p in zip(region, region[1:])}
    if ring and plan.form == "sides" and not plan.straight:
        order = list(plan.order)
        beside |= {frozenset(p) for p in zip(order, order[1:] + order[:1]) if len(set(p)) == 2}
    return len(pairs - beside)


def _legend_spots(bbox: Rect, legend: NodeBox, margin: float, position: str) -> list[tuple[float, float]]:
    """Where a legend of this size may go: the map's corners, else below or beside it."""
    x0, y0, x1, y1 = bbox
    w, h = legend.w, legend.h
    corners = {
        "bottom-right": (x1 - w, y1 - h),
        "bottom-left": (x0, y1 - h),
        "top-right": (x1 - w, y0),
        "top-left": (x0, y0),
    }
    if position in corners:
        lx = x0 if position.endswith("left") else x1 - w
        outside = (lx, y0 - margin - h) if position.startswith("top") else (lx, y1 + margin)
        return [corners[position], outside]
    if position == "below":
        return [(x1 - w, y1 + margin), (x0 + (x1 - x0 - w) / 2, y1 + margin)]
    # along the bottom and top edges too: a gap between two columns of themes may hold it
    along = [x0 + (x1 - x0 - w) * k / 5 for k in range(1, 5)] if x1 - x0 > w else []
    return [
        *corners.values(),
        *((x, y1 - h) for x in along),
        *((x, y0) for x in along),
        (x1 - w, y1 + margin),
        (x0, y1 + margin),
        (x1 + margin, y1 - h),
        (x1 + margin, y0 + (y1 - y0 - h) / 2),
    ]


# Between two themes joined by a connection without words: room for three dashes of its
# pattern and the gaps between them (6 4 6 4 6), so the line reads as a connection.
DASHES_ROOM: Final = 26.0
# A legend slid in from an edge of the map: the places along that edge it tries (fewer while
# estimating, where the lines are not yet drawn).
LANES: Final = 12
ESTIMATE_LANES: Final = 2


def _slid_spots(
    bbox: Rect, w: float, h: float, margin: float, obstacles: list[Rect], lanes: int
) -> list[tuple[float, float]]:
    """Where a legend of this size comes to rest slid in from each edge of the map (in from
    below, above, the right and the left) until it meets a box, a label or a line: a corner or
    an edge with room for part of it lets it stand out by only the part that does not fit."""
    x0, y0, x1, y1 = bbox
    spots: list[tuple[float, float]] = []
    gap = margin
    across = [x0 + (x1 - x0 - w) * k / lanes for k in range(lanes + 1)] if x1 - x0 > w else [x0]
    down = [y0 + (y1 - y0 - h) * k / lanes for k in range(lanes + 1)] if y1 - y0 > h else [y0]
    # (each the first of the highest or lowest, as max and min of a list give it)
    for lx in across:
        lo, hi = lx - margin, lx + w + margin
        below, above = y0, y1
        for r in obstacles:
            if r[2] > lo and r[0] < hi:
                if r[3] + gap > below:
                    below = r[3] + gap
                if r[1] - gap < above:
                    above = r[1] - gap
        spots.append((lx, below))  # in from below
        spots.append((lx, above - h))  # in from above
    for ly in down:
        lo, hi = ly - margin, ly + h + margin
        right, left = x0, x1
        for r in obstacles:
            if r[3] > lo and r[1] < hi:
                if r[2] + gap > right:
                    right = r[2] + gap
                if r[0] - gap < left:
                    left = r[0] - gap
        spots.append((right, ly))  # in from the right
        spots.append((left - w, ly))  # in from the left
    return spots


def _clear(rect: Rect, rects: list[Rect]) -> bool:
    """Whether ``rect`` overlaps none of ``rects`` (touching is not overlapping)."""
    x0, y0, x1, y1 = rect
    for r in rects:
        if not (x1 <= r[0] or r[2] <= x0 or y1 <= r[1] or r[3] <= y0):
            return False
    return True


def _line_pieces(lines: list[list[Point]], step: int = 4) -> list[Rect]:
    """Each line as the rectangles round runs of a few of its points (coarse, never smaller than the line)."""
    return [bounds(line[k : k + step + 1]) for line in lines for k in range(0, max(len(line) - 1, 1), step)]


class _Composer:
    """The search for one map, style and medium; then the chosen layout, drawn."""

    def __init__(
        self,
        tree: MapTree,
        style: Style,
        medium: Medium | None,
        legend: str,
        heading: bool,
        title: str,
        caption: str | None,
    ) -> None:
        self.tree, self.style, self.medium = tree, style, medium
        self.title, self.caption, self.heading = title, caption, heading
        self.looks = resolve_looks(tree, style)
        self.sp = _spacing(style)
        self.margin = style.scale.canvas.margin
        self.label_size = style.scale.legend.size
        kinds = kinds_in(tree) if legend == "auto" else LEGEND_KINDS if legend == "full" else ()
        self.legend_kinds = kinds if style.look.legend.show and legend in ("auto", "full") else ()
        columns = (2, 1, 4) if len(self.legend_kinds) > 2 else (2, 1)
        # and a narrow column, for a gap beside the map narrower than the legend's title
        forms: list[LegendForm] = [(c, False) for c in columns] + [(1, True), (2, True)]
        self.legends = {f: legend_box(style, self.legend_kinds, *f) for f in forms} if self.legend_kinds else {}
        self._sized: dict[tuple[float, float, float], dict[str, NodeBox]] = {}
        self._blocks: dict[tuple[float, float, float], Known] = {}
        self._headings: dict[float, tuple[list, float]] = {}
        self._heading_sizes: dict[int, tuple[float, float]] = {}  # (height, widest line) by step of width
        self._scores: dict[Plan, float] = {}  # each plan scored once (the search ranks some plans twice)
        self.links = [(link.source, link.target) for link in tree.links]
        self.depth = {name: node.depth for name, node in tree.nodes.items()}
        self.words = {frozenset((link.source, link.target)): link.label for link in tree.links}
        self.pairs = {frozenset(p) for p in self.links}
        sizes = [look.size for look in self.looks.values()] + [look.count_size for look in self.looks.values()]
        self.smallest = min(sizes + ([self.label_size] if tree.links else []))

    # --- sizes --------------------------------------------------------------------------

    def boxes(self, wrap: float, headline_wrap: float, quote_wrap: float = 1.0) -> dict[str, NodeBox]:
        """The boxes, sized once per set of wrap factors (each arrangement places every one of them anew)."""
        key = (wrap, headline_wrap, quote_wrap)
        if key not in self._sized:
            factor = {"hypothesis": headline_wrap, "quote": quote_wrap * wrap}
            self._sized[key] = {
                name: size_box(node, self.looks[name], factor.get(node.kind, wrap))
                for name, node in self.tree.nodes.items()
            }
        return self._sized[key]

    def room(self, form: str) -> Callable[[str, str], float]:
        size = self.label_size

        def between(a: str, b: str) -> float:
            key = frozenset((a, b))
            if key not in self.words:
                return 0.0
            words = self.words[key]
            if form == "rows":
                return measure(words, size, italic=True) + 18 if words else DASHES_ROOM
            if form == "column":  # one below the other in a column: the words beside the line, in the gap
                return max(DASHES_ROOM, size * 1.4 + 8)
            return size * 1.5 + 16 if words else DASHES_ROOM

        return between

    def blocks(self, stack_from: int, fold: float = 0.0) -> Blocks:
        """The key themes' subtrees at the sheet's wrap widths, stacked from ``stack_from`` (and
        lists folded, see :func:`.arrange.blocks`), kept for :meth:`arrange`, which places the
        same boxes."""
        known = self._blocks.setdefault((1.0, 1.0, 1.0), Known())
        depth_of = self.depth.__getitem__
        return subtree_blocks(
            self.tree.children, self.boxes(1.0, 1.0), HYPOTHESIS, depth_of, self.sp, stack_from, False, known, fold
        )[0]

    def arrange(self, plan: Plan) -> tuple[dict[str, NodeBox], Arrangement]:
        boxes = self.boxes(plan.wrap, plan.headline_wrap, plan.quote_wrap)
        known = self._blocks.setdefault((plan.wrap, plan.headline_wrap, plan.quote_wrap), Known())
        given = (
            plan,
            self.tree.children,
            boxes,
            HYPOTHESIS,
            self.depth.__getitem__,
            self.sp,
            self.room(plan.form),
            known,
        )
        if plan.masonry:  # rows packed like masonry
            return boxes, arrange_masonry(*given, ROW_HEIGHTS if len(boxes) >= LARGE else FEW_ROW_HEIGHTS)
        return boxes, arrange(*given, self.room("column"))

    # --- scoring ---------------------------------------------------------------------

    def _heading_height(self, width: float, exact: bool = False) -> tuple[list, float]:
        # While searching, headings are measured for widths in steps of 8 units.
        key = round(width, 3) if exact else int(max(width, self.style.scale.title.wrap_width) // 8) * 8
        if key not in self._headings:
            width = width if exact else float(key)
            runs = title_runs(self.title, self.caption, self.style, width, self.heading)
            height = (max(r.baseline + r.size * 0.3 for r in runs) + self.margin * 0.6) if runs else 0.0
            self._headings[key] = (runs, height)
        return self._headings[key]

    def _framed(self, width: float, height: float, exact: bool = False) -> tuple[float, float]:
        """The whole figure's width and height (heading and margins included) round a map and
        legend of this width and height; while searching (not ``exact``), the heading's read once
        per step of width."""
        if exact:
            runs, title_h = self._heading_height(width, exact=True)
            widest = max((r.width for r in runs), default=0.0)
        else:
            key = int(max(width, self.style.scale.title.wrap_width) // 8) * 8
            if key not in self._heading_sizes:
                runs, title_h = self._heading_height(width)
                self._heading_sizes[key] = (title_h, max((r.width for r in runs), default=0.0))
            title_h, widest = self._heading_sizes[key]
        return max(width, widest) + 2 * self.margin, height + title_h + 2 * self.margin

    def frame(self, bbox: Rect, legend: Placed | None) -> tuple[float, float, Rect]:
        """The drawn figure's width and height (heading and margins included) and the map's box."""
        x0, y0, x1, y1 = bbox
        if legend is not None:
            box = self.legends[legend[0]][0]
            lx, ly = legend[1]
            x0, y0, x1, y1 = min(x0, lx), min(y0, ly), max(x1, lx + box.w), max(y1, ly + box.h)
        width, height = self._framed(x1 - x0, y1 - y0, exact=True)
        return width, height, (x0, y0, x1, y1)

    def score(self, width: float, height: float) -> float:
        if self.medium is None:  # --fit none: as 0.1 did, both a slide and the sheet's page width
            slide, page_width = MEDIA["slide"], self.style.scale.canvas.width_mm * PT_PER_MM
            return min(min(slide.width / width, slide.height / height) / 8.0, page_width / width / 7.5)
        return printed_size(self.smallest, width, height, self.medium)

    def legend_options(
        self, boxes: dict[str, NodeBox], bbox: Rect, labels: list[Rect], lines: list[list[Point]] | None = None
    ) -> Iterator[Placed | None]:
        """The places the legend may go, in order: made one by one as :meth:`best_legend` asks for
        them, which stops at the first inside the map's outline (the later ones, often every place
        slid in from an edge, are then never worked out)."""
        if not self.legends:
            yield None
            return
        line_bounds = [bounds(line) for line in lines or []]
        position = self.style.look.legend.position
        rects = [(b.x - b.w / 2, b.y - b.h / 2, b.x + b.w / 2, b.y + b.h / 2) for b in boxes.values()]
        m = self.margin
        # (a large map's only once its lines are drawn: the band round the headline may hold it)
        slide_in = position == "auto" and (len(rects) < LARGE or (lines is not None and len(rects) < HUGE))
        huge = len(rects) >= HUGE
        bx0, by0, bx1, by1 = bbox
        for form, (box, _) in self.legends.items():
            w, h = box.w, box.h
            for lx, ly in _legend_spots(bbox, box, self.margin, position) + self._level_spots(boxes, box, bbox):
                outside = lx >= bx1 or ly >= by1 or lx + w <= bx0 or ly + h <= by0
                if huge and not outside:
                    continue  # a huge map: no corner search, the legend goes below or beside it
                x0, y0, x1, y1 = lx - m, ly - m, lx + w + m, ly + h + m
                if not outside and not _clear((x0, y0, x1, y1), rects):
                    continue
                if labels and any(rects_overlap((lx, ly, lx + w, ly + h), r, m) for r in labels):
                    continue
                hidden = (
                    line_bounds
                    and not outside
                    and any(
                        rects_overlap(box_of, (x0, y0, x1, y1))
                        and any(x0 <= px <= x1 and y0 <= py <= y1 for px, py in line)
                        for line, box_of in zip(lines or [], line_bounds)
                    )
                )
                if hidden:
                    continue  # it would hide part of a line
                yield form, (lx, ly)
        if slide_in:  # after the usual places, which win ties: clear of every box, label and line by how they are found
            obstacles = rects + labels + _line_pieces(lines or [])
            for form, (box, _) in self.legends.items():
                spots = _slid_spots(bbox, box.w, box.h, m, obstacles, LANES if lines is not None else ESTIMATE_LANES)
                for spot in dict.fromkeys(spots):
                    yield form, spot

    def _level_spots(self, boxes: dict[str, NodeBox], legend: NodeBox, bbox: Rect) -> list[tuple[float, float]]:
        """Many key themes in rows (of a map under LARGE boxes, whose themes have no room beside the headline
        otherwise): level with the headline on its left or right, where no theme
        beside it stands, from near it out to the map's edge (the rows' lines fan out above and
        below the headline's height, rising as they go out)."""
        centre = boxes[HYPOTHESIS]
        if len(self.tree.children(HYPOTHESIS)) < RING_FROM or len(self.tree.nodes) >= LARGE:
            return []
        y = centre.y - legend.h / 2
        near = centre.w / 2 + self.sp.level_gap
        room = max(centre.x - bbox[0], bbox[2] - centre.x) - near - legend.w
        steps = [near + room * k / LEVEL_STEPS for k in range(LEVEL_STEPS + 1)] if room > 0 else [near]
        return [(centre.x + side * out - (legend.w if side < 0 else 0.0), y) for out in steps for side in (-1, 1)]

    def best_legend(self, bbox: Rect, options: Iterable[Placed | None]) -> tuple[float, Placed | None]:
        """The score of the best place for the legend, and that place: the first inside the map's
        outline (nothing can print larger), else the first of the best; places that give the
        figure the same outline are scored once."""
        best: tuple[float, Placed | None] = (-1.0, None)
        seen: set[tuple[float, float]] = set()
        x0, y0, x1, y1 = bbox
        whole = (x1 - x0, y1 - y0)
        for option in options:
            inside = False
            outline = whole
            if option is not None:
                box = self.legends[option[0]][0]
                lx, ly = option[1]
                # the outline :meth:`frame` works out, the same sums in the same order
                outline = (max(x1, lx + box.w) - min(x0, lx), max(y1, ly + box.h) - min(y0, ly))
                if outline in seen:
                    continue
                seen.add(outline)
                inside = outline == whole
            score = self.score(*self._framed(*outline))
            if inside:
                return score, option
            if score > best[0] + 1e-9:
                best = (score, option)
        return best

    def ranked(self, plans: list[Plan]) -> list[tuple[float, Plan]]:
        """The plans with their scores, best first (earlier plans win ties)."""
        scored: list[tuple[float, int, Plan]] = []
        for index, plan in enumerate(plans):
            if plan not in self._scores:
                boxes, arrangement = self.arrange(plan)
                bbox = bounding(boxes.values())
                penalty = (1.0 - 0.08 * _broken(plan, self.pairs)) * _plainness(plan)
                penalty *= 0.0 if arrangement.cramped else 1.0
                self._scores[plan] = self.best_legend(bbox, self.legend_options(boxes, bbox, []))[0] * penalty
            scored.append((self._scores[plan], index, plan))
        scored.sort(key=lambda item: (-round(item[0], 9), item[1]))
        return [(score, plan) for score, _, plan in scored]

    # --- the chosen layout, drawn ---------------------------------------------------------

    def compose(self, plan: Plan) -> Layout:
        placed, arrangement = self.arrange(plan)
        boxes = {name: copy(box) for name, box in placed.items()}  # its own, as the search re-places them
        edges = branch_edges(self.tree, boxes, arrangement, self.style, self.sp.indent, self.looks)
        edges += connection_edges(self.tree, boxes, arrangement, self.style, self.label_size, edges)
        return self.finish(boxes, edges)

    def finish(self, boxes: dict[str, NodeBox], edges: list[EdgePath]) -> Layout:
        nodes = list(boxes.values())
        x0, y0, x1, y1 = bounding(boxes.values())
        labels = [label_box(e.label_at, e.label, self.label_size) for e in edges if e.label and e.label_at]
        # (min and max keep the first of equal values, as the pairwise min and max did point by point)
        xs = [px for edge in edges for px, _ in edge.points]
        ys = [py for edge in edges for _, py in edge.points]
        if xs:
            x0, x1, y0, y1 = min(x0, min(xs)), max(x1, max(xs)), min(y0, min(ys)), max(y1, max(ys))
        for lx0, ly0, lx1, ly1 in labels:
            x0, x1, y0, y1 = min(x0, lx0), max(x1, lx1), min(y0, ly0), max(y1, ly1)
        bbox = (x0, y0, x1, y1)
        legend: NodeBox | None = None
        samples: list[Sample] = []
        # a huge map's legend goes below or beside it, where no line is
        lines = [polyline(e.points) for e in edges] if len(nodes) < HUGE else []
        chosen = self.best_legend(bbox, self.legend_options(boxes, bbox, labels, lines))[1]
        if chosen is not None:
            template, samples = self.legends[chosen[0]]
            legend = replace(template)
            lx, ly = chosen[1]
            legend.x, legend.y = lx + legend.w / 2, ly + legend.h / 2
        width, height, (x0, y0, x1, y1) = self.frame(bbox, chosen)
        heading, title_h = self._heading_height(x1 - x0, exact=True)
        dx, dy = self.margin - x0, self.margin + title_h - y0
        pad_x = pad_y = 0.0
        medium = self.medium
        if medium is not None and medium.fixed:
            # The figure is the medium's whole area: the map centred on the canvas.
            if width / height > medium.aspect:
                pad_y = width / medium.aspect - height
            else:
                pad_x = height * medium.aspect - width
        dx += pad_x / 2
        dy += pad_y / 2
        drawn = (width - 2 * self.margin, height - 2 * self.margin)
        width, height = width + pad_x, height + pad_y
        for box in nodes:
            box.x += dx
            box.y += dy
        if legend is not None:
            legend.x += dx
            legend.y += dy
        heading = [shift_run(r, self.margin + pad_x / 2, self.margin + pad_y / 2) for r in heading]
        moved = [e.moved(dx, dy) for e in edges]
        if medium is None:
            width_mm = self.style.scale.canvas.width_mm
        else:
            scale = min(medium.width / width, medium.height / height)  # points per unit
            width_mm = width * scale / PT_PER_MM
        return Layout(
            width=width,
            height=height,
            nodes=nodes,
            edges=moved,
            title=heading,
            legend=legend,
            legend_items=samples,
            width_mm=width_mm,
            medium=medium.name if medium else "none",
            label_size=self.label_size,
            samples=_sample_looks(self.style),
            drawn=drawn,
        )


def _sample_looks(style: Style) -> dict[str, NodeLook]:
    """The legend's sample boxes look like the first branch's key theme and sub-theme on the map."""
    return {"theme": look_for(style, "theme", 1, 0), "subtheme": look_for(style, "subtheme", 2, 0)}


def _tree_layout(composer: _Composer) -> Layout:
    """A tree growing to the right of the headline: the key themes one below another, as far out
    as each other, their subtrees packed by their contours (a non-layered tidy tree); composed
    for the medium as the radial layout is (lists stacked from some depth, wrap widths, the
    legend), with connected themes next to each other and their connections across the gap."""
    tree, medium = composer.tree, composer.medium
    items = tree.children(HYPOTHESIS)
    order = tuple(connected_order(items, composer.links))
    max_depth = max(node.depth for node in tree.nodes.values())
    depths = [NEVER] + [d for d in (2, 1) if d < max_depth and (d == 1 or len(tree.nodes) < LARGE)]
    plans = [Plan("sides", order, len(order), depth, straight=True) for depth in depths]
    if medium is None:
        return composer.compose(plans[0])
    ranked = composer.ranked([p for plan in plans for p in _wraps(tree, plan, medium.aspect > 1)])
    few = 1 if len(tree.nodes) >= HUGE else 2 if len(tree.nodes) >= LARGE else FINALISTS
    finalists = [(composer.compose(p), p) for _, p in ranked[:few]]
    if len(tree.nodes) < LARGE:
        finalists.append((_dot_tree(composer), Plan("sides", tuple(items), len(items), straight=True)))
    return max(finalists, key=lambda f: _merit(composer, medium, f)[::-1])[0]


def _dot_tree(composer: _Composer) -> Layout:
    """Graphviz ``dot``, left to right, every box sized as in the radial layout at the sheet's
    wrap widths: one more finalist for the tree layout (its layers can print larger)."""
    from .graphviz import new_graph, run_layout

    tree, sp = composer.tree, composer.sp
    boxes = composer.boxes(1.0, 1.0)
    agraph = new_graph()
    for name, box in boxes.items():
        agraph.add_node(name, width=f"{box.w / 72:.4f}", height=f"{box.h / 72:.4f}")
    agraph.graph_attr.update(
        rankdir="LR",
        nodesep=f"{sp.sibling_gap / 72:.3f}",
        ranksep=f"{sp.level_gap / 72:.3f}",
        splines="false",
        ordering="out",
    )
    for name, node in tree.nodes.items():
        for kid in node.children:
            agraph.add_edge(name, kid)
    run_layout(agraph, "dot")
    for name, box in boxes.items():
        x, y = (float(v) for v in agraph.get_node(name).attr["pos"].split(","))
        box.x, box.y, box.side, box.orient = x, -y, 1, "right"
    # Each column's boxes start at one left edge (dot centres them), so a line into a narrow
    # box does not cut the corner of a wider one above or below it.
    lefts: dict[int, float] = {}
    for name, node in tree.nodes.items():
        lefts[node.depth] = min(lefts.get(node.depth, boxes[name].left), boxes[name].left)
    for name, node in tree.nodes.items():
        boxes[name].x = lefts[node.depth] + boxes[name].w / 2
    arrangement = Arrangement(Plan("sides", (), 0), set(), {k: "right" for k in tree.children(HYPOTHESIS)}, [])
    edges = branch_edges(tree, boxes, arrangement, composer.style, composer.sp.indent, composer.looks)
    edges += connection_edges(tree, boxes, arrangement, composer.style, composer.label_size, edges)
    return composer.finish(boxes, edges)


def _merit(composer: _Composer, medium: Medium, item: tuple[Layout, Plan]) -> tuple[float, float]:
    """How good a layout drawn in full is, and whether it is sound (1) or faulty (0)."""
    laid, plan = item
    # a connection not straight across a gap costs half what it costs in the estimate
    broken = 1.0 - 0.04 * _broken(plan, composer.pairs, ring=True)
    lines = _polylines(laid)  # once for every check below
    clear = 0.0 if _faulty(laid, lines) else 1.0  # never kept while a sound one is there
    # (a folded or masonry one checked as the benchmark counts crossings)
    if (plan.fold or plan.masonry) and clear and _along(laid, lines):
        clear = 0.0
    if plan.masonry and clear and _branches_cross(laid):
        clear = 0.0
    shaped = _shaped(laid, medium) if len(composer.tree.nodes) < LARGE else 1.0
    score = composer.score(laid.width, laid.height) * _plainness(plan) * _tangle(laid, lines) * broken * shaped
    return round(score * _words_across(laid, lines), 9), clear


def layout_map(
    tree: MapTree,
    style: Style,
    layout: LayoutName = "radial",
    *,
    title: str = "",
    caption: str | None = None,
    fit: str = "page",
    legend: str = "auto",
    heading: bool = True,
) -> Layout:
    """Size, place and route every box and line of ``tree`` for the medium ``fit``."""
    medium = find_medium(fit)
    composer = _Composer(tree, style, medium, legend, heading, title, caption)
    if layout == "tree":
        return _tree_layout(composer)
    items = tree.children(HYPOTHESIS)
    orders = [items]
    if medium is not None:  # two rings: links between list neighbours first, or the fewest moves
        orders = [connected_order(items, composer.links), connected_order(items, composer.links, in_list=False)]
        orders = orders[:1] if orders[0] == orders[1] or len(tree.nodes) >= LARGE else orders
    # each key theme's height beside the headline and width in a row (at the sheet's wrap widths)
    outwards, stacked = composer.blocks(NEVER), composer.blocks(1)
    heights = {item: outwards.sizes[item][1] for item in items}
    widths = {item: stacked.sizes[item][0] for item in items}
    plans = [plan for order in orders for plan in _shapes(tree, order, medium, heights, widths, composer.links)]
    # lists folded into columns (a large map), and rows packed like masonry (from MASONRY_FROM
    # boxes, but not on a small map of many key themes: the rings and rows of columns are its columns)
    large = len(tree.nodes) >= LARGE
    packed = large or (MASONRY_FROM <= len(tree.nodes) and len(items) < RING_FROM)
    packing = list(orders)  # the orders rows packed like masonry are tried in
    if medium is not None and len(tree.nodes) < HUGE and packed:
        tallest = max(stacked.sizes[item][1] for item in items)
        outcomes = set()  # folds that fold every list alike are tried once
        folds: list[float] = []
        for share in FOLDS:
            lists = composer.blocks(1, tallest * share)
            outcome = tuple(lists.sizes[item] for item in items)
            if outcome not in outcomes:
                outcomes.add(outcome)
                folds.append(tallest * share)
                if large:
                    plans += [plan for order in orders for plan in _folded(order, lists, tallest * share)]
        joined = bool(composer.links)
        if len(tree.nodes) <= TALLEST_FIRST_UP_TO:  # (and from the tallest themes first: more even rows)
            tall = tallest_first(orders[0], composer.pairs, {item: stacked.sizes[item][1] for item in items})
            packing += [tall] * (tall not in packing)
        plans += [plan for order in packing for plan in _masonry_plans(order, tuple(folds), medium, joined)]
    shapes = composer.ranked(plans)
    plan = shapes[0][1]
    if medium is None:
        return composer.compose(plan)
    # then wider or narrower text, for the few best arrangements
    tops = []
    for order in orders:  # per order, the best few plain arrangements and the best rows of columns
        mine = [shape for _, shape in shapes if shape.order == tuple(order) and not (shape.fold or shape.masonry)]
        # the best few of each kind (beside the headline most), so one kind cannot crowd out another
        plain_kinds = _by_kind([shape for shape in mine if shape.per_column == 1])
        tops += [shape for (form, *_), best in plain_kinds.items() for shape in best[: 4 if form == "sides" else 2]]
        tops += [s for s in mine if s.per_column > 1 and not any(s.beside)][:2]
        tops += _rings(mine)  # (many key themes: the best with each number beside the headline)
        # a large map's lists folded into columns: the best few, on top of the others
        tops += [shape for _, shape in shapes if shape.order == tuple(order) and shape.fold][:FOLD_TOPS]
    for order in packing:  # and rows packed like masonry, in each order they were tried in
        kind = [shape for _, shape in shapes if shape.order == tuple(order) and shape.masonry]
        for together in (False, True):
            tops += [shape for shape in kind if shape.together == together][: MASONRY_TOPS if large else 1]
    tries = [p for shape in tops for p in _wraps(tree, shape, medium.aspect > 1)]
    ranked = composer.ranked(tries)
    # The estimate leaves out the lines and where the legend can really go: the few best are
    # drawn and measured, and the one whose smallest text prints largest is kept.
    plain = [p for _, p in ranked if p.per_column == 1 and not (p.fold or p.masonry)]
    columns = [p for _, p in ranked if p.per_column > 1 and not p.fold]
    # (rows packed like masonry: the best with joined themes side by side, then the best with them
    # one beyond the other too, then the next best of each split)
    masonry: list[Plan] = []
    for together in (False, True):
        masonry += [p for _, p in ranked if p.masonry and p.together == together][:1]
    for _, p in ranked:
        if p.masonry and all((p.split, p.together) != (q.split, q.together) for q in masonry):
            masonry.append(p)
    masonry = masonry[:MASONRY_FINALISTS]
    for order in packing:  # and the best in each order, if not yet in (the estimate ranks orders less surely)
        mine = [p for _, p in ranked if p.masonry and p.order == tuple(order)][:1]
        masonry += [p for p in mine if p not in masonry]
    # (the best of each fold, arrangement and text width: a wider headline alone changes little)
    folded: list[Plan] = []
    for _, p in ranked:
        if p.fold and all(
            (p.form, p.split, p.per_column, p.fold, p.wrap) != (q.form, q.split, q.per_column, q.fold, q.wrap)
            for q in folded
        ):
            folded.append(p)
    few = 1 if len(tree.nodes) >= HUGE else 2 if len(tree.nodes) >= LARGE else FINALISTS
    # the best of each kind first (beside the headline, in rows, in rows fanned out), then the next best:
    # the estimate ranks kinds less surely than it ranks variants of one kind
    # (of one kind, the best of each split: variants of one split differ by little)
    kinds = _by_kind(plain, each_split=True)
    picked = [p for rank in (0, 1, 2) for best in kinds.values() if len(best) > rank for p in best[rank : rank + 1]]
    picked = (picked + [p for p in plain if p not in picked])[:few]
    # the best rows of columns with no theme beside the headline, and (many key themes) the best
    # with each number beside it and two heights of the headline, as the estimate cannot tell
    # where the legend will find room among the lines, nor which connections will cross them
    plain_columns = [p for p in columns if not any(p.beside)][:1]
    ring = _rings(columns, 2)
    finalists = [(composer.compose(p), p) for p in picked + plain_columns + ring + folded[:FOLD_FINALISTS] + masonry]

    def merit(item: tuple[Layout, Plan]) -> tuple[float, float]:
        return _merit(composer, medium, item)[::-1]  # sound ones first

    if len(finalists) == 1:
        return finalists[0][0]
    merits = [merit(item) for item in finalists]  # (each drawn finalist measured once)
    best = finalists[merits.index(max(merits))]
    rows = [
        (m, item)
        for m, item in zip(merits, finalists)
        if item[1].form == "rows" and item[1].per_column == 1 and not item[1].masonry
    ]
    if len(tree.nodes) < LARGE and rows:
        # the best in rows, with a shallower band of lines round the headline: drawn in full,
        # as the estimate cannot tell where the legend will still fit (so it is kept only if better)
        shallower = [replace(max(rows, key=lambda row: row[0])[1][1], band=band) for band in BANDS]
        best = max([best] + [(composer.compose(p), p) for p in shallower], key=merit)
    return best[0]


def _rings(plans: list[Plan], headlines: int = 1) -> list[Plan]:
    """The first of these plans with each number of themes beside the headline (none excepted),
    and with as many different widths of the headline (its height decides what fits beside it)."""
    firsts: dict[tuple[int, int], list[Plan]] = {}
    for plan in plans:
        if any(plan.beside):
            kept = firsts.setdefault(plan.beside, [])
            if len(kept) < headlines and all(p.headline_wrap != plan.headline_wrap for p in kept):
                kept.append(plan)
    return [plan for kept in firsts.values() for plan in kept]


def _by_kind(plans: list[Plan], each_split: bool = False) -> dict[tuple[str, bool, bool], list[Plan]]:
    """The plans of each kind (beside the headline, in rows, in rows fanned out; with lists folded
    or not), in their order; ``each_split``: only the first of each split."""
    kinds: dict[tuple[str, bool, bool], list[Plan]] = {}
    seen: set[tuple[str, bool, bool, int]] = set()
    for plan in plans:
        folded = plan.fold > 0
        if each_split and (plan.form, plan.fan, folded, plan.split) in seen:
            continue
        seen.add((plan.form, plan.fan, folded, plan.split))
        kinds.setdefault((plan.form, plan.fan, folded), []).append(plan)
    return kinds


def _polylines(laid: Layout) -> list[list[Point]]:
    """Every edge of ``laid`` as the polyline the checks of a finalist measure (worked out once for all of them)."""
    return [polyline(edge.points) for edge in laid.edges]


def _faulty(laid: Layout, lines: list[list[Point]] | None = None) -> bool:
    """Whether two boxes overlap, a connection's words cover a box or stand more than LABEL_REACH
    from their own line, or some line passes behind a box it does not join (more than 2 units
    inside it): a last check on every arrangement drawn in full (``lines``: :func:`_polylines`)."""
    if any_overlap(laid.nodes):
        return True
    inset = 2.0
    rects = {n.name: (n.left + inset, n.top + inset, n.right - inset, n.bottom - inset) for n in laid.nodes}
    grid = RectGrid(r for r in rects.values() if r[0] < r[2] and r[1] < r[3])
    lines = _polylines(laid) if lines is None else lines
    for edge, line in zip(laid.edges, lines):
        if edge.label and edge.label_at:
            words = label_box(edge.label_at, edge.label, laid.label_size)
            if grid.overlaps(words) or rect_gap(words, line) > LABEL_REACH:
                return True
    for edge, line in zip(laid.edges, lines):
        ends = {rects.get(edge.source), rects.get(edge.target)}
        for q in line[1:]:  # (each segment's far end: the first point is its box's own)
            for r in grid.at(q):
                if r not in ends and r[0] < q[0] < r[2] and r[1] < q[1] < r[3]:
                    return True
    return False


def _words_across(laid: Layout, lines: list[list[Point]] | None = None) -> float:
    """A layout in which another line (a branch, or another connection) passes behind a
    connection's words (issue 12: words touch their own line and no other) is kept only when no
    sound one comes near it (ruled out altogether, a dense map fell back to a far smaller layout:
    the 215-box overview on a slide 6.2 to 3.0 pt)."""
    labelled = [
        (k, label_box(e.label_at, e.label, laid.label_size)) for k, e in enumerate(laid.edges) if e.label and e.label_at
    ]
    if not labelled:
        return 1.0
    lines = _polylines(laid) if lines is None else lines
    others = SegmentGrid()
    for k, line in enumerate(lines):
        if not laid.edges[k].label:
            others.add(line)
    for k, words in labelled:
        inner = (words[0] + 1, words[1] + 1, words[2] - 1, words[3] - 1)
        if others.touches(inner, 0.0) or any(crosses_rect(lines[j], inner) for j, _ in labelled if j != k):
            return WORDS_ACROSS_COST
    return 1.0


def _branches_cross(laid: Layout) -> bool:
    """Whether two of the lines from the headline cross (rows packed like masonry draw some along
    tracks and the others as curves: each must stay a line of its own)."""
    # (two points a Bézier segment: the tracks are straight but for their small corners)
    lines = [polyline(e.points, 2) for e in laid.edges if e.kind == "branch" and e.source == HYPOTHESIS]
    found = [bounds(line) for line in lines]
    return any(crossings(line, lines[k + 1 :], found[k + 1 :]) for k, line in enumerate(lines))


ALONG_STEP: Final = 2.0  # a connection is followed in steps this long to find where it meets a branch line
ALONG_ENDS: Final = 10.0  # not this near its ends, where it leaves its boxes among their own lines


def _along(laid: Layout, lines: list[list[Point]] | None = None) -> bool:
    """Whether some connection meets branch lines at more than one place, or runs along one for
    more than a few units (which the crossings of :func:`_tangle` do not count), as the
    benchmark counts crossings: every place a connection touches a branch line, away from its ends."""
    lines = _polylines(laid) if lines is None else lines
    grid = SegmentGrid()
    for edge, line in zip(laid.edges, lines):
        if edge.kind == "branch":
            grid.add(line)
    for edge, line in zip(laid.edges, lines):
        if edge.kind != "connection":
            continue
        length = sum(math.dist(p, q) for p, q in zip(line, line[1:]))
        places, run, travelled = 0, 0.0, 0.0
        for p, q in zip(line, line[1:]):
            span = math.dist(p, q)
            steps = max(1, int(span / ALONG_STEP))
            for k in range(steps):
                at = travelled + span * k / steps
                if at < ALONG_ENDS or at > length - ALONG_ENDS:
                    continue
                x, y = p[0] + (q[0] - p[0]) * k / steps, p[1] + (q[1] - p[1]) * k / steps
                if grid.touches((x, y, x, y), 1.0):
                    places += run == 0.0
                    run += span / steps
                    if run > 4 * ALONG_STEP or places > 1:
                        return True
                else:
                    run = 0.0
            travelled += span
    return False


def _shaped(laid: Layout, medium: Medium) -> float:
    """A figure that fills its medium keeps near the medium's shape (issue 12: its aspect within 10%
    of the medium's): one further off is kept only when it prints clearly larger.  A page figure
    wider than the page's shape is as wide as the column and shorter than the page, so it has no
    height to fill and no shape to keep."""
    width, height = laid.drawn
    if not (width > 0 and height > 0) or (not medium.fixed and width / height >= medium.aspect):
        return 1.0
    return 1.0 if abs(width / height / medium.aspect - 1.0) <= ASPECT_BAND else ASPECT_COST


def _tangle(laid: Layout, lines: list[list[Point]] | None = None) -> float:
    """A layout in which some connection crosses more than one branch line is kept only when
    nothing else comes near it."""
    lines = _polylines(laid) if lines is None else lines
    branches = [line[3:-3] for e, line in zip(laid.edges, lines) if e.kind == "branch"]
    for edge, line in zip(laid.edges, lines):
        if edge.kind == "connection" and crossings(line[3:-3], branches) > 1:
            return 0.8
    return 1.0


def _plainness(plan: Plan) -> float:
    """Rows of columns win only when they print clearly larger: their lines are longer to follow."""
    return 0.97 if plan.per_column > 1 or plan.masonry else 1.0


def legend_layout(style: Style) -> Layout:
    """The legend alone, with every kind, as a figure of its own (the report's guide page)."""
    margin = style.scale.canvas.margin
    legend, samples = legend_box(style, LEGEND_KINDS, 2)
    legend.x, legend.y = margin + legend.w / 2, margin + legend.h / 2
    width = legend.w + 2 * margin
    return Layout(
        width=width,
        height=legend.h + 2 * margin,
        nodes=[],
        edges=[],
        title=[],
        legend=legend,
        legend_items=samples,
        width_mm=min(170.0, width / PT_PER_MM),
        medium="page",
        label_size=style.scale.legend.size,
        samples=_sample_looks(style),
    )
