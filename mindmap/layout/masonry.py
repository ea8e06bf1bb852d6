"""Rows packed like masonry, for large maps (80 to 999 boxes): each row's key themes in columns
of consecutive themes one beyond another, each theme's lists folded at the height that suits its
column, chosen by dynamic programming so that no row has one tall column and many short ones;
each line from the headline runs out along a track of its own.  :func:`arrange_masonry` places
every box for a plan with ``plan.masonry`` (the search in :mod:`.compose` asks it for those
plans, :func:`.arrange.arrange` for the others)."""

from __future__ import annotations

from typing import Callable, Final

from .arrange import (
    LANE_GAP,
    LINE_PITCH,
    LINE_ROOM,
    Arrangement,
    Blocks,
    Children,
    Column,
    Known,
    Plan,
    RowPlan,
    Spacing,
    descendants,
    mirror,
    place_block,
    row_start,
    subtree_blocks,
)
from .boxes import NodeBox

__all__ = ["MAX_TIERS", "arrange_masonry", "masonry_rows"]


# Masonry rows: at most this many key themes one beyond another in a column, and this many row
# heights tried for each row (fewer on a map of fewer boxes, whose rows take fewer shapes).
MAX_TIERS: Final = 6
ROW_HEIGHTS: Final = 24
FEW_ROW_HEIGHTS: Final = 8
Shape = tuple[float, float, int]  # a key theme's block: its width, its height, which fold gives it


def _theme_shapes(options: list[Blocks], items: list[str]) -> dict[str, list[Shape]]:
    """Each key theme's blocks, narrowest first, each lower than every narrower one (the rest
    can never be better)."""
    out: dict[str, list[Shape]] = {}
    for item in items:
        keep: list[Shape] = []
        for w, h, k in sorted((b.sizes[item][0], b.sizes[item][1], k) for k, b in enumerate(options)):
            if not keep or h < keep[-1][1] - 1e-9:
                keep.append((w, h, k))
        out[item] = keep
    return out


def _run_columns(run: tuple[str, ...], shapes: dict[str, list[Shape]], sp: Spacing) -> list[Column]:
    """A run of consecutive key themes stacked as one column: for each width it can have, the
    least height (each theme its lowest block no wider), narrowest first, each lower than the last."""
    found: list[Column] = []
    for width in sorted({w for item in run for w, _, _ in shapes[item]}):
        picks: list[int] = []
        widest, total = 0.0, sp.branch_gap * (len(run) - 1)
        for item in run:
            fits = [s for s in shapes[item] if s[0] <= width]
            if not fits:
                break
            widest, total = max(widest, fits[-1][0]), total + fits[-1][1]
            picks.append(fits[-1][2])
        else:
            if not found or total < found[-1][1] - 1e-9:
                found.append((widest, total, tuple(picks)))
    return found


# Two neighbouring columns started this much apart from the headline still have their first themes
# side by side (a connection straight across: it meets both boxes' sides).
SIDE_BY_SIDE_STEP: Final = 2 * LINE_PITCH
ROUND_COLUMN: Final = 6.0  # a connection round a column's outer side runs this far beyond it


def _stair(lines_out: int, band: float, sp: Spacing) -> float:
    """How far from the headline's edge a column of a large map's row starts when ``lines_out``
    lines pass between it and the headline (to columns further out), none to columns further in:
    room for those lines, never more than the band all the row's lines share (``band``)."""
    return min(band, sp.centre_gap / 2 + LINE_PITCH * lines_out)


def masonry_rows(
    group: list[str],
    columns: Callable[[int, int], list[Column]],
    limit: float,
    band: float,
    sp: Spacing,
    links: list[bool] | None = None,
    together: bool = False,
) -> RowPlan | None:
    """The narrowest row of columns of consecutive themes (in order, left to right) whose every
    column, started as far from the headline as the lines passing under it need (:func:`_stair`,
    the themes further out along the row), stays within ``limit`` of the headline's edge; None
    when none does.  Two themes joined by a connection, one after the other (``links[k]``:
    ``group[k]`` and ``group[k + 1]``), stand side by side, each the only theme of its column
    (their connection runs straight across the gap, its words in it), or with ``together`` one
    beyond the other in a column too (their connection round its side), unless that leaves no
    row at all.  Dynamic programming over where each column ends: linear in the themes."""
    links = links or [False] * max(len(group) - 1, 0)
    for keep in (True, False):
        row = _masonry_row(group, columns, limit, band, sp, links if keep else [False] * len(links), together)
        if row is not None:
            return row
    return None


def _masonry_row(
    group: list[str],
    columns: Callable[[int, int], list[Column]],
    limit: float,
    band: float,
    sp: Spacing,
    links: list[bool],
    together: bool,
) -> RowPlan | None:
    n = len(group)
    inf = float("inf")
    before = [0]  # how many links among the first k pairs
    for link in links:
        before.append(before[-1] + link)
    # the narrowest of the first i themes, ending in a column of more than one theme (0) or one (1)
    best = [[0.0, 0.0]] + [[inf, inf] for _ in range(n)]
    back: list[list[tuple[int, int, Column] | None]] = [[None, None] for _ in range(n + 1)]
    for i in range(1, n + 1):
        for j in range(max(0, i - MAX_TIERS), i):
            one = int(i - j == 1)
            linked = j > 0 and links[j - 1]
            if (linked and not one) or (not together and before[i - 1] > before[j]):
                continue  # joined themes side by side, each the only one in its column (or together)
            state = 1 if linked or best[j][1] <= best[j][0] else 0
            came = best[j][state]
            if came == inf:
                continue
            room = limit - _stair(min(j, n - i) + i - j, band, sp)
            options = columns(j, i)  # narrowest first, each lower than the last
            if not options or options[-1][1] > room:
                continue
            lo, hi = 0, len(options) - 1
            while lo < hi:  # the narrowest no higher than the room
                mid = (lo + hi) // 2
                if options[mid][1] <= room:
                    hi = mid
                else:
                    lo = mid + 1
            column = options[lo]
            value = came + column[0] + LANE_GAP * (i - j - 1) + (sp.branch_gap if j else 0.0)
            if value < best[i][one] - 1e-9:
                best[i][one], back[i][one] = value, (j, state, column)
    if min(best[n]) == inf:
        return None
    out: RowPlan = []
    i, state = n, 0 if best[n][0] <= best[n][1] else 1
    while i > 0:
        step = back[i][state]
        assert step is not None
        j, state, column = step
        out.append((j, i, column))
        i = j
    return out[::-1]


def _lay_row(
    group: list[str],
    row: RowPlan,
    centre: NodeBox,
    widths: dict[str, float],
    gap: Callable[[str, str], float],
    sp: Spacing,
) -> tuple[float, float, list[tuple[float, float, list[float]]]]:
    """Where a masonry row's columns go: its width, its height from the headline's edge, and each
    column's inner edge (x, its lanes left of it), distance from the headline's edge and the
    tracks its lines run along (distances from the headline's edge, one for each theme).

    The line to each theme leaves the headline's edge at a point of its own (in the order of
    where the lines go, as :func:`.edges.branch_edges` places them), runs straight out to a track
    of its own, along it and on to the theme's box (``widths``: the boxes' widths) or its lane.
    Of the lines going left, the one going furthest has the track nearest the headline, and each
    other runs ``LINE_PITCH`` beyond every line further out that starts where it runs (and alike
    to the right): a line's track passes above the lines further out and below the lines further
    in, so no two lines cross or run together.
    Each column starts ``LINE_PITCH`` beyond the furthest track under it (its own lines', and
    those passing under it to other columns): a column far out along the row, under which few
    lines pass, comes in close to the headline."""
    between = []
    for a, b in zip(row, row[1:]):
        # side by side: room for a connection's words; else room for those of a connection
        # between two themes of the column before, round its side
        room = [gap(group[a[0]], group[b[0]])] if b[1] - b[0] == 1 else []
        room += [gap(group[k], group[k + 1]) for k in range(a[0], a[1] - 1)]
        between.append(max([sp.branch_gap, *room]))
    lanes_w = [LANE_GAP * (i - j - 1) for j, i, _ in row]
    width = sum(c[0] for _, _, c in row) + sum(lanes_w) + sum(between)
    x = -width / 2
    xs: list[float] = []
    spans: list[tuple[float, float]] = []
    ends: list[tuple[float, int, int]] = []  # where each line ends, its column and its tier
    for k, ((j, i, column), lanes) in enumerate(zip(row, lanes_w)):
        left = x + (between[k - 1] if k else 0.0)
        x = left + lanes
        xs.append(x)
        spans.append((left - LINE_ROOM, x + column[0] + LINE_ROOM))
        ends += [
            (x - LANE_GAP * tier if tier else x + widths[item] / 2, k, tier) for tier, item in enumerate(group[j:i])
        ]
        x += column[0]
    ends.sort()
    inset = min(centre.radius, centre.h / 3, centre.w / 3)
    step = (centre.w - 2 * inset) / (len(ends) + 1)
    starts = [centre.left + inset + step * (m + 1) for m in range(len(ends))]
    leftward = [m for m in range(len(ends)) if ends[m][0] < starts[m]]
    rightward = [m for m in range(len(ends)) if ends[m][0] >= starts[m]][::-1]
    track = [sp.centre_gap / 2] * len(ends)
    for going, way in ((leftward, -1), (rightward, 1)):  # the furthest first
        for rank, m in enumerate(going):
            # above every line further out that starts where this one runs (the nearest first:
            # the further out, the further from here it starts)
            for k in reversed(going[:rank]):
                if way * (starts[k] - ends[m][0]) >= LINE_PITCH:
                    break
                track[m] = max(track[m], track[k] + LINE_PITCH)
    depth = [0.0] * len(row)
    tracks: list[list[float]] = [[0.0] * (i - j) for j, i, _ in row]
    for m, ((end, k, tier), start) in enumerate(zip(ends, starts)):
        tracks[k][tier] = track[m]
        lo, hi = min(start, end), max(start, end)
        for c, (left, right) in enumerate(spans):
            if c == k or (lo < right and hi > left):  # its own column, or one it passes under
                depth[c] = max(depth[c], track[m] + LINE_PITCH)
    height = max(d + c[1] for d, (_, _, c) in zip(depth, row))
    return width, height, list(zip(xs, depth, tracks))


def arrange_masonry(
    plan: Plan,
    kids: Children,
    boxes: dict[str, NodeBox],
    centre_name: str,
    depth_of: Callable[[str], int],
    sp: Spacing,
    room: Callable[[str, str], float] | None,
    known: Known | None,
    heights: int = ROW_HEIGHTS,
) -> Arrangement:
    """Rows above and below the headline packed like masonry (``heights`` of each tried): each row's key
    themes (in order: the top row from the left, the bottom row from the right) in columns of
    consecutive themes one beyond another, each theme's lists folded at the height that suits
    its column (``plan.masonry``), the columns as even as the themes allow, so that no row has
    one tall column and many short ones.  Columns beyond the headline's ends start nearer it,
    as few lines pass under them.  Of the rows each height allows, the pair that brings the map
    nearest ``plan.aspect`` (width / height) at the largest size is kept."""
    known = Known() if known is None else known
    centre = boxes[centre_name]
    centre.x = centre.y = 0.0
    centre.orient, centre.side = "centre", 1
    folds = (0.0, *plan.masonry)
    options = [subtree_blocks(kids, boxes, centre_name, depth_of, sp, 1, False, known, f) for f in folds]
    stacked = options[0][1]
    items = list(plan.order)
    shapes = _theme_shapes([o[0] for o in options], items)
    widths = {item: boxes[item].w for item in items}

    def gap(a: str, b: str) -> float:
        return max(sp.branch_gap, room(a, b)) if room else sp.branch_gap

    def joined(a: str, b: str) -> bool:
        return room(a, b) > 0 if room else False

    rows = [items[: plan.split], items[plan.split :][::-1]]  # each from the left
    laid: list[list[tuple[float, float, RowPlan]]] = []
    for group in rows:
        key = (tuple(group), plan.together, folds)
        if key not in known.rows:
            known.rows[key] = _row_choices(
                group, shapes, centre, widths, gap, joined, plan.together, sp, known, folds, heights
            )
        laid.append(known.rows[key])
    aspect = plan.aspect or 1.0
    best: tuple[float, float] | None = None
    pick = (laid[0][0], laid[1][0])
    for upper in laid[0]:
        for lower in laid[1]:
            width, height = max(upper[0], lower[0]), upper[1] + lower[1] + centre.h
            cost = (round(max(width / aspect, height), 6), round(width + height, 6))
            if best is None or cost < best:
                best, pick = cost, (upper, lower)
    merged = Blocks()
    regions: dict[str, str] = {}
    neighbours: list[tuple[str, str]] = []
    lanes: dict[str, tuple[float, float]] = {}
    beyond: dict[tuple[str, str], float] = {}
    tracks: dict[str, float] = {}
    for orient, group, (_, _, row) in (("up", rows[0], pick[0]), ("down", rows[1], pick[1])):
        if not group:
            continue
        _, _, spots = _lay_row(group, row, centre, widths, gap, sp)
        for (j, i, column), (x, depth, ranks) in zip(row, spots):
            run = group[j:i]
            for item, k in zip(run, column[2]):
                _take(merged, options[k][0], kids, item)
            top = centre.h / 2 + depth
            for inner, outer in zip(run, run[1:]):
                if joined(inner, outer):
                    beyond[inner, outer] = x + column[0] + ROUND_COLUMN
            for tier, item in enumerate(run):
                regions[item] = "top" if orient == "up" else "bottom"
                tracks[item] = centre.h / 2 + ranks[tier]
                place_block(kids, boxes, merged, stacked, item, x, top, 1, orient, sp)
                if tier:
                    lanes[item] = (x - LANE_GAP * tier, centre.h / 2 + depth)
                top += merged.sizes[item][1] + sp.branch_gap
        # side by side (a connection straight across the gap): first themes of columns started
        # alike, the right one without lanes
        for (j0, _, _), (j1, i1, _), a, b in zip(row, row[1:], spots, spots[1:]):
            if i1 - j1 == 1 and abs(a[1] - b[1]) <= SIDE_BY_SIDE_STEP:
                neighbours.append((group[j0], group[j1]))
        if orient == "up":
            mirror(kids, boxes, group)
            lanes.update({item: (lanes[item][0], -lanes[item][1]) for item in group if item in lanes})
            tracks.update({item: -tracks[item] for item in group if item in tracks})
    return Arrangement(plan, stacked, regions, neighbours, lanes, set(), merged.folded, beyond=beyond, tracks=tracks)


def _row_choices(
    group: list[str],
    shapes: dict[str, list[Shape]],
    centre: NodeBox,
    widths: dict[str, float],
    gap: Callable[[str, str], float],
    joined: Callable[[str, str], bool],
    together: bool,
    sp: Spacing,
    known: Known,
    folds: tuple[float, ...],
    heights: int,
) -> list[tuple[float, float, RowPlan]]:
    """The masonry rows of these themes each of ``heights`` heights allows: width, height, columns."""
    n = len(group)
    if not n:
        return [(0.0, 0.0, [])]
    table: dict[tuple[int, int], list[Column]] = {}

    def columns(j: int, i: int) -> list[Column]:
        if (j, i) not in table:
            key = (tuple(group[j:i]), folds)
            if key not in known.columns:
                known.columns[key] = _run_columns(key[0], shapes, sp)
            table[j, i] = known.columns[key]
        return table[j, i]

    links = [joined(a, b) for a, b in zip(group, group[1:])]
    lowest = max(shapes[item][-1][1] for item in group)
    band = 4 * sp.centre_gap  # at first the deepest band a row's lines can take (see row_start)
    highest = band + sum(shapes[item][-1][1] for item in group) / 2 + lowest
    found: dict[tuple[float, float], RowPlan] = {}
    for step in range(heights + 1):
        limit = sp.centre_gap / 2 + lowest + (highest - lowest) * (step / heights) ** 2
        row = masonry_rows(group, columns, limit, band, sp, links, together)
        if row is None:
            continue
        width, height, _ = _lay_row(group, row, centre, widths, gap, sp)
        found.setdefault((round(width, 6), round(height, 6)), row)
        # the next with the band this row's width gives (a little narrower rows: about as deep)
        band = row_start(width, centre, sp, n) - centre.h / 2
    return [(w, h, r) for (w, h), r in sorted(found.items())]


def _take(into: Blocks, source: Blocks, kids: Children, root: str) -> None:
    """Copy one key theme's subtree's blocks from ``source``."""
    for name in descendants(kids, root):
        into.sizes[name] = source.sizes[name]
        into.box_top[name] = source.box_top[name]
        if name in source.kid_top:
            into.kid_top[name] = source.kid_top[name]
        for mine, theirs in ((into.box_left, source.box_left), (into.kid_x, source.kid_x)):
            if name in theirs:
                mine[name] = theirs[name]
            else:
                mine.pop(name, None)
        if name in source.folded:
            into.folded.add(name)
