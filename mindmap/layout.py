"""Where everything goes: node boxes sized from their text, placed, and edges routed.

Sizes come from our own text measurement (:mod:`mindmap.text`).  The radial
layout places nodes itself, linear in the size of the map: the headline at the
centre, key themes around it clockwise from the top right, each key theme's
sub-themes and quotes further out in its direction, every subtree in its own
band so nothing can overlap.  Graphviz (through pygraphviz, with the node
positions pinned) routes the connections between key themes around the boxes.
The tree layout hands the whole graph to Graphviz ``dot``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from math import sqrt
from typing import TYPE_CHECKING, Final, Literal

from .graph import HYPOTHESIS, children
from .radial import Spacing, place_radial
from .styles import BoxLook, BoxScale, Style
from .text import ASCENT, LINE_HEIGHT, measure, wrap

if TYPE_CHECKING:  # annotations only: layout reads networkx graphs and LightDiGraph alike
    import networkx as nx

__all__ = ["Layout", "NodeBox", "Run", "EdgePath", "layout_graph", "LAYOUTS"]

LAYOUTS: Final = ("radial", "tree")
Layout_ = Literal["radial", "tree"]
# Beyond this many nodes, connections are drawn as simple curves rather than
# routed around every box (Graphviz's obstacle routing grows too fast).
ROUTE_AROUND_LIMIT: Final = 120
PT_PER_MM: Final = 72 / 25.4


@dataclass(frozen=True)
class Run:
    """One line (or part of a line) of text, placed relative to its box's top left."""

    text: str
    x: float
    baseline: float
    size: float
    role: str  # label, description, count, attribution, title, caption, legend
    colour: str
    bold: bool = False
    italic: bool = False
    width: float = 0.0


@dataclass
class NodeBox:
    """A node's box: centre, size, look, and its text runs."""

    name: str
    kind: str
    depth: int
    label: str
    x: float = 0.0
    y: float = 0.0
    w: float = 0.0
    h: float = 0.0
    runs: list[Run] = field(default_factory=list)
    shape: str = "rounded"
    fill: str = "#FFFFFF"
    border: str = "#000000"
    border_width: float = 1.0
    radius: float = 4.0
    side: int = 1  # +1 grows to the right, -1 to the left
    orient: str = "right"  # the side its branch grows to: right, left (centre for the headline)
    font_family: str | None = None  # None: the figure's font family

    @property
    def left(self) -> float:
        return self.x - self.w / 2

    @property
    def right(self) -> float:
        return self.x + self.w / 2

    @property
    def top(self) -> float:
        return self.y - self.h / 2

    @property
    def bottom(self) -> float:
        return self.y + self.h / 2


@dataclass(frozen=True)
class EdgePath:
    """An edge as cubic Bézier points (start, then three points per segment)."""

    source: str
    target: str
    kind: str
    points: tuple[tuple[float, float], ...]
    colour: str
    width: float
    dash: str = "solid"
    label: str | None = None
    label_at: tuple[float, float] | None = None


@dataclass
class Layout:
    """Everything the SVG stage draws, in points, with (0, 0) at the top left."""

    width: float
    height: float
    nodes: list[NodeBox]
    edges: list[EdgePath]
    title: list[Run]
    legend: NodeBox | None
    legend_items: list[tuple[str, tuple[float, float, float, float]]]


# --- sizing ---------------------------------------------------------------------


def _box_styles(style: Style, kind: str, depth: int = 1) -> tuple[BoxLook, BoxScale]:
    return style.box(kind, depth)


def _size_node(name: str, data: dict, style: Style) -> NodeBox:
    kind = data["kind"]
    look, scale = _box_styles(style, kind, data["depth"])
    bold = look.weight == "bold"
    pad = scale.padding
    wrap_width = scale.wrap_width
    lines: list[tuple[list[tuple[str, str, float, bool, bool, str]], float]] = []
    # Each line: its runs (text, role, size, bold, italic, colour) and its size.
    count = style.look.count_format.format(n=data["n"]) if data.get("n") is not None else None
    if kind == "quote":
        from .quotemarks import quoted

        text = quoted(data["label"])
        for line in wrap(text, scale.size, wrap_width, italic=look.italic):
            lines.append(([(line, "label", scale.size, False, look.italic, look.text)], scale.size))
        if data.get("attribution"):
            for line in wrap(data["attribution"], scale.count_size, wrap_width):
                lines.append(([(line, "attribution", scale.count_size, False, False, look.attribution)], scale.count_size))
    else:
        label_lines = wrap(data["label"], scale.size, wrap_width, bold=bold)
        for line in label_lines:
            lines.append(([(line, "label", scale.size, bold, look.italic, look.text)], scale.size))
        if count is not None:
            last_runs, _ = lines[-1]
            joined = measure(last_runs[0][0] + " ", scale.size, bold=bold) + measure(count, scale.count_size)
            if joined <= wrap_width and kind != "hypothesis":
                last_runs.append((count, "count", scale.count_size, False, False, look.count))
            else:
                lines.append(([(count, "count", scale.count_size, False, False, look.count)], scale.count_size))
        if kind == "theme" and data.get("description"):
            size = scale.description_size
            for line in wrap(data["description"], size, wrap_width):
                lines.append(([(line, "description", size, False, False, look.description)], size))
    # Place the runs: each line centred (quotes left-aligned), baselines stacked.
    widths = []
    for runs, _ in lines:
        total = 0.0
        for i, (text, _role, size, b, it, _c) in enumerate(runs):
            if i:
                total += measure(" ", runs[0][2], bold=runs[0][3])
            total += measure(text, size, bold=b, italic=it)
        widths.append(total)
    inner_w = max(widths) if widths else 0.0
    box = NodeBox(name=name, kind=kind, depth=data["depth"], label=data["label"])
    # Round shapes need room at the sides; a call-out, for its accent bar.
    extra = pad * 0.6 if look.shape in ("ellipse", "pill") else 4.0 if look.shape == "callout" else 0.0
    box.w = inner_w + 2 * (pad + extra)
    y = pad
    runs_out: list[Run] = []
    for (runs, line_size), line_w in zip(lines, widths):
        baseline = y + line_size * (LINE_HEIGHT - 1) / 2 + line_size * ASCENT
        x = pad + extra if kind == "quote" else (box.w - line_w) / 2
        for i, (text, role, size, b, it, colour) in enumerate(runs):
            if i:
                x += measure(" ", runs[0][2], bold=runs[0][3])
            width = measure(text, size, bold=b, italic=it)
            runs_out.append(Run(text, x, baseline, size, role, colour, b, it, width))
            x += width
        y += line_size * LINE_HEIGHT
    box.h = y + pad
    if look.shape == "ellipse":
        box.w *= 1.25
        box.h *= 1.3
        shift_x = (box.w - box.w / 1.25) / 2
        shift_y = (box.h - box.h / 1.3) / 2
        runs_out = [_shift(r, shift_x, shift_y) for r in runs_out]
    box.runs = runs_out
    box.shape = look.shape
    box.font_family = look.font_family
    box.border_width = scale.border_width
    box.radius = min(scale.corner_radius, box.h / 2)
    return box


def _shift(run: Run, dx: float, dy: float) -> Run:
    return Run(run.text, run.x + dx, run.baseline + dy, run.size, run.role, run.colour, run.bold, run.italic, run.width)


def _colour_boxes(graph: nx.DiGraph, boxes: dict[str, NodeBox], style: Style) -> dict[int, str]:
    """Fill and border colours from the branch palette; returns each branch's line colour."""
    line_colours: dict[int, str] = {}
    for name, box in boxes.items():
        data = graph.nodes[name]
        branch = data["branch"]
        line_colours.setdefault(branch, style.line_colour(branch))
        box.fill, box.border = style.box_colours(box.kind, box.depth, branch)
    return line_colours


# --- radial placement (see mindmap.radial) ------------------------------------


def _radial(graph: nx.DiGraph, boxes: dict[str, NodeBox], style: Style) -> None:
    sp = style.scale.spacing
    spacing = Spacing(sp.level_gap, sp.sibling_gap, sp.branch_gap, sp.centre_gap)
    # Two connected key themes that end up side by side get room between them
    # for the connection to show, and for its words.
    size = style.scale.legend.size
    room: dict[frozenset[str], float] = {}
    for a, b, data in graph.edges(data=True):
        if data["kind"] == "connection":
            room[frozenset((a, b))] = size * 1.4 + 18 if data.get("label") else 18.0
    place_radial(lambda name: children(graph, name), boxes, HYPOTHESIS, spacing,
                 lambda a, b: room.get(frozenset((a, b)), 0.0))


# --- tree placement (Graphviz dot) ----------------------------------------------


def _agraph(graph: nx.DiGraph, boxes: dict[str, NodeBox]):
    from .graphviz import new_graph

    agraph = new_graph()
    for name in sorted(boxes, key=lambda n: graph.nodes[n]["order"]):
        box = boxes[name]
        agraph.add_node(name, width=f"{box.w / 72:.4f}", height=f"{box.h / 72:.4f}")
    return agraph


def _tree(graph: nx.DiGraph, boxes: dict[str, NodeBox], style: Style) -> None:
    sp = style.scale.spacing
    agraph = _agraph(graph, boxes)
    agraph.graph_attr.update(
        rankdir="LR", nodesep=f"{sp.sibling_gap / 72:.3f}", ranksep=f"{sp.level_gap / 72:.3f}",
        splines="false", ordering="out",
    )
    for source, target, data in sorted(graph.edges(data=True), key=lambda e: (graph.nodes[e[0]]["order"], graph.nodes[e[1]]["order"])):
        if data["kind"] != "connection":
            agraph.add_edge(source, target)
    agraph.layout(prog="dot")
    for name, box in boxes.items():
        x, y = (float(v) for v in agraph.get_node(name).attr["pos"].split(","))
        box.x, box.y, box.side, box.orient = x, -y, 1, "right"


# --- edges ----------------------------------------------------------------------


def _curve(a: tuple[float, float], b: tuple[float, float], curvature: float) -> tuple[tuple[float, float], ...]:
    """A smooth S from ``a`` to ``b``, leaving and arriving horizontally."""
    dx = (b[0] - a[0]) * curvature
    return (a, (a[0] + dx, a[1]), (b[0] - dx, b[1]), b)


def _branch_edges(graph: nx.DiGraph, boxes: dict[str, NodeBox], style: Style, lines: dict[int, str]) -> list[EdgePath]:
    ls, ll = style.scale.lines, style.look.lines
    max_n = max((d["n"] or 0 for _, d in graph.nodes(data=True)), default=0) or 1
    edges: list[EdgePath] = []
    for source, target, data in graph.edges(data=True):
        kind = data["kind"]
        if kind == "connection":
            continue
        parent, child = boxes[source], boxes[target]
        side = child.side
        # From the centre itself (the box hides the start), else from the
        # parent's outer side, to the child's inner side.
        start = (parent.x, parent.y) if source == HYPOTHESIS else (parent.x + side * parent.w / 2, parent.y)
        end = (child.x - side * child.w / 2, child.y)
        if kind == "quote":
            points = _curve(start, end, ls.curvature)
            edges.append(EdgePath(source, target, "quote", points, ll.quote, ls.quote_width, ll.quote_dash))
            continue
        branch = graph.nodes[target]["branch"]
        colour = lines[branch] if ll.branch == "branch" else ll.branch
        width = ls.branch_width * (0.72 ** (child.depth - 1))
        n = graph.nodes[target].get("n")
        if ls.scale_by_n and n is not None:
            width = ls.branch_width * (0.5 + 1.5 * sqrt(n / max_n))
        edges.append(EdgePath(source, target, "branch", _curve(start, end, ls.curvature), colour, max(width, 0.8)))
    return edges


def _pinned(value: float) -> str:
    """A pinned coordinate for Graphviz's ``nop`` (points), at the precision of 1e-5 inch."""
    return f"{round(value / 72, 5) * 72:.6f}"


def _connection_edges(graph: nx.DiGraph, boxes: dict[str, NodeBox], style: Style, route: bool) -> list[EdgePath]:
    pairs = [(s, t, d) for s, t, d in graph.edges(data=True) if d["kind"] == "connection"]
    if not pairs:
        return []
    ls, ll = style.scale.lines, style.look.lines
    from .graphviz import new_graph, spline_points

    agraph = new_graph()
    agraph.graph_attr.update(splines="true" if route else "curved", esep="+1")
    for name in sorted(boxes, key=lambda n: graph.nodes[n]["order"]):
        box = boxes[name]
        # Pinned positions (in points, rounded as inches to 5 places); Graphviz
        # then shifts the whole drawing to its own origin, which we undo from a
        # node's new position.
        agraph.add_node(
            name, pos=f"{_pinned(box.x)},{_pinned(-box.y)}!", width=f"{box.w / 72:.4f}", height=f"{box.h / 72:.4f}",
        )
    for i, (source, target, _) in enumerate(pairs):
        agraph.add_edge(source, target, key=str(i))
    # "nop" is neato -n: it keeps the given positions and only routes edges.
    # (prog="neato" ran a whole stress majorisation first, quadratic in the
    # number of nodes: 2.3 s of 2.8 s for a 5,000-node map.)
    agraph.layout(prog="nop")
    anchor = boxes[pairs[0][0]]
    gx, gy = (float(v) for v in agraph.get_node(pairs[0][0]).attr["pos"].split(","))
    dx, dy = anchor.x - gx, anchor.y + gy
    edges = []
    placed = list(boxes.values())
    taken: list[tuple[float, float, float, float]] = []
    for i, (source, target, data) in enumerate(pairs):
        points = spline_points(agraph.get_edge(source, target, key=str(i)).attr["pos"])
        points = tuple((x + dx, dy - y) for x, y in points)
        label_at = None
        if data.get("label"):
            label_at = _label_spot(points, data["label"], placed, taken, style)
            taken.append(label_box(label_at, data["label"], style))
        edges.append(EdgePath(source, target, "connection", points, ll.connection, ls.connection_width,
                              ll.connection_dash, data.get("label"), label_at))
    return edges


def _bezier_samples(points: tuple[tuple[float, float], ...], steps: int = 8) -> list[tuple[float, float]]:
    samples = [points[0]]
    for i in range(1, len(points) - 2, 3):
        p0, p1, p2, p3 = points[i - 1], points[i], points[i + 1], points[i + 2]
        for k in range(1, steps + 1):
            t = k / steps
            u = 1 - t
            samples.append((
                u**3 * p0[0] + 3 * u * u * t * p1[0] + 3 * u * t * t * p2[0] + t**3 * p3[0],
                u**3 * p0[1] + 3 * u * u * t * p1[1] + 3 * u * t * t * p2[1] + t**3 * p3[1],
            ))
    return samples


def label_box(at: tuple[float, float], label: str, style: Style) -> tuple[float, float, float, float]:
    """The rectangle (x0, y0, x1, y1) a connection label centred at ``at`` covers."""
    size = style.scale.legend.size
    w = measure(label, size, italic=True) + 6
    return (at[0] - w / 2, at[1] - size * 0.75, at[0] + w / 2, at[1] + size * 0.65)


def _label_spot(points, label: str, boxes, taken: list, style: Style) -> tuple[float, float]:
    """Where a connection's label goes: on the curve as near its middle as
    possible where it covers no box and no other label; failing that, the
    nearest free spot around the curve's middle."""
    samples = _bezier_samples(points)
    middle = len(samples) // 2
    ranked = sorted(range(len(samples)), key=lambda i: (abs(i - middle), i))

    def free(at: tuple[float, float]) -> bool:
        rect = label_box(at, label, style)
        return not any(_overlaps(rect, b, 2.0) for b in boxes) and not any(
            _rects_overlap(rect, other, 2.0) for other in taken)

    for i in ranked:
        if free(samples[i]):
            return samples[i]
    mx, my = samples[middle]
    step = style.scale.legend.size * 1.5
    for ring in range(1, 13):
        for dx, dy in ((0, -1), (0, 1), (1, 0), (-1, 0), (1, -1), (-1, -1), (1, 1), (-1, 1)):
            at = (mx + dx * ring * step * 2, my + dy * ring * step)
            if free(at):
                return at
    return samples[middle]


# --- title, legend, canvas ------------------------------------------------------


def _title_runs(mind_map_title: str, caption: str | None, style: Style, width: float) -> list[Run]:
    ts, look = style.scale.title, style.look
    runs: list[Run] = []
    y = 0.0
    if look.show_title:
        for line in wrap(mind_map_title, ts.size, max(width, ts.wrap_width), bold=True):
            y += ts.size * ASCENT
            runs.append(Run(line, 0.0, y, ts.size, "title", look.canvas.title_colour, True, False,
                            measure(line, ts.size, bold=True)))
            y += ts.size * (LINE_HEIGHT - ASCENT)
        y += ts.size * 0.35
    if look.show_caption and caption:
        for line in wrap(caption, ts.caption_size, max(width, ts.wrap_width)):
            y += ts.caption_size * ASCENT
            runs.append(Run(line, 0.0, y, ts.caption_size, "caption", look.canvas.caption_colour, False, False,
                            measure(line, ts.caption_size)))
            y += ts.caption_size * (LINE_HEIGHT - ASCENT)
    return runs


def _legend(style: Style, columns: int = 2) -> tuple[NodeBox, list[tuple[str, tuple[float, float, float, float]]]]:
    """The legend box, its text runs and the sample shapes (kind, x, y, w, h) inside it.

    A compact two-column grid under its title, so that it can sit in a corner
    of the map or in a short strip below it.
    """
    lg, ls = style.look.legend, style.scale.legend
    pad = ls.padding
    runs: list[Run] = []
    samples: list[tuple[str, tuple[float, float, float, float]]] = []
    text_w = ls.wrap_width
    sample_w = 30.0
    column_w = sample_w + 6 + text_w
    y = pad + ls.title_size * ASCENT
    runs.append(Run(lg.title, pad, y, ls.title_size, "legend-title", lg.title_colour, True, False,
                    measure(lg.title, ls.title_size, bold=True)))
    y += ls.title_size * (LINE_HEIGHT - ASCENT) + pad * 0.5
    items = (("theme", lg.theme), ("connection", lg.connection), ("subtheme", lg.subtheme), ("count", lg.count))
    for row in range(0, len(items), columns):
        row_h = 0.0
        for col, (kind, words) in enumerate(items[row : row + columns]):
            x = pad + col * (column_w + pad * 1.5)
            bold = lg.weight == "bold"
            lines = wrap(words, ls.size, text_w, bold=bold)
            block = max(len(lines) * ls.size * LINE_HEIGHT, 14.0)
            samples.append((kind, (x, y, sample_w, block)))
            ty = y + (block - len(lines) * ls.size * LINE_HEIGHT) / 2
            for line in lines:
                runs.append(Run(line, x + sample_w + 6, ty + ls.size * ASCENT, ls.size, "legend", lg.text, bold,
                                False, measure(line, ls.size, bold=bold)))
                ty += ls.size * LINE_HEIGHT
            row_h = max(row_h, block)
        y += row_h + pad * 0.5
    width = max(max(r.x + r.width for r in runs[1:]), runs[0].width + pad) + pad
    box = NodeBox(name="legend", kind="legend", depth=0, label=lg.title, w=width, h=y + pad * 0.5,
                  runs=runs, shape=lg.shape, fill=lg.fill, border=lg.border, border_width=ls.border_width,
                  radius=min(ls.corner_radius, (y + pad * 0.5) / 2), font_family=lg.font_family)
    return box, samples


SLIDE: Final = (254 * PT_PER_MM, 143 * PT_PER_MM)


# The smallest text a figure should print at: on a 16:9 slide (the issue's
# 8 pt) and at the page width the sheet names (house style: 10 px = 7.5 pt).
SLIDE_MIN_PT: Final = 8.0
PAGE_MIN_PT: Final = 7.5


def _slide_scale(width: float, height: float) -> float:
    """How much a figure of this natural size is scaled to fit a 16:9 slide."""
    return min(SLIDE[0] / width, SLIDE[1] / height)


def _print_score(width: float, height: float, style: Style) -> float:
    """How well text of a given size survives both uses of the figure: scaled
    to a slide, and printed at the sheet's width (1.0 = exactly at the limit)."""
    page = style.scale.canvas.width_mm * PT_PER_MM / width
    return min(_slide_scale(width, height) / SLIDE_MIN_PT, page / PAGE_MIN_PT)


def _place_legend(nodes, edges, style: Style, bbox, title: str, caption: str | None):
    """Put the legend where the figure's text prints largest, both on a 16:9
    slide and at the page width the sheet names (see :func:`_print_score`).

    Candidates: a free corner of the map (one or two columns), beside the map
    (one column) or below it (two columns).  Returns the legend, its samples
    and the new bounding box.
    """
    x0, y0, x1, y1 = bbox
    margin = style.scale.canvas.margin
    labels = [label_box(e.label_at, e.label, style) for e in edges if e.label and e.label_at]
    best = None
    for columns in (2, 1):
        legend, samples = _legend(style, columns)
        w, h = legend.w, legend.h
        spots = [(x1 - w, y1 - h), (x0, y1 - h), (x1 - w, y0), (x0, y0)]
        # The sheet may name a corner (legend.position): that corner if free,
        # else just outside the map beside it; "below" always goes below.
        position = style.look.legend.position
        corners = ("bottom-right", "bottom-left", "top-right", "top-left")
        if position in corners:
            spots = [spots[corners.index(position)]]
        elif position == "below":
            spots = []
        candidates = []
        for lx, ly in spots:
            rect = (lx, ly, lx + w, ly + h)
            if not any(_overlaps(rect, b, margin) for b in nodes) and not any(
                    _rects_overlap(rect, r, margin) for r in labels):
                candidates.append((lx, ly))
        if position in corners:
            lx = x0 if position.endswith("left") else x1 - w
            candidates.append((lx, y0 - margin - h) if position.startswith("top") else (lx, y1 + margin))
        elif position == "below":
            candidates.append((x1 - w, y1 + margin))
        else:
            candidates.append((x1 + margin, y1 - h) if columns == 1 else (x1 - w, y1 + margin))
        for lx, ly in candidates:
            bx0, by0 = min(x0, lx), min(y0, ly)
            bx1, by1 = max(x1, lx + w), max(y1, ly + h)
            runs = _title_runs(title, caption, style, bx1 - bx0)
            title_h = (max(r.baseline + r.size * 0.3 for r in runs) + margin * 0.6) if runs else 0.0
            width = max(bx1 - bx0, max((r.width for r in runs), default=0.0)) + 2 * margin
            score = _print_score(width, by1 - by0 + title_h + 2 * margin, style)
            if best is None or score > best[0] + 1e-9:
                best = (score, legend, samples, lx, ly, (bx0, by0, bx1, by1))
    _, legend, samples, lx, ly, box = best
    legend.x, legend.y = lx + legend.w / 2, ly + legend.h / 2
    return legend, samples, box


def _rects_overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float], margin: float) -> bool:
    return not (a[2] + margin <= b[0] or b[2] + margin <= a[0] or a[3] + margin <= b[1] or b[3] + margin <= a[1])


def _overlaps(a: tuple[float, float, float, float], b: NodeBox, margin: float) -> bool:
    x0, y0, x1, y1 = a
    return not (x1 + margin <= b.left or b.right + margin <= x0 or y1 + margin <= b.top or b.bottom + margin <= y0)


def layout_graph(graph: nx.DiGraph, style: Style, layout: Layout_ = "radial", *,
                 title: str = "", caption: str | None = None) -> Layout:
    """Size, place and route every node and edge of ``graph``."""
    boxes = {name: _size_node(name, data, style) for name, data in graph.nodes(data=True)}
    line_colours = _colour_boxes(graph, boxes, style)
    if layout == "tree":
        _tree(graph, boxes, style)
    else:
        _radial(graph, boxes, style)
    route = len(boxes) <= ROUTE_AROUND_LIMIT
    edges = _branch_edges(graph, boxes, style, line_colours) + _connection_edges(graph, boxes, style, route)

    nodes = sorted(boxes.values(), key=lambda b: graph.nodes[b.name]["order"])
    x0 = min(b.left for b in nodes)
    x1 = max(b.right for b in nodes)
    y0 = min(b.top for b in nodes)
    y1 = max(b.bottom for b in nodes)
    for edge in edges:
        for px, py in edge.points:
            x0, x1, y0, y1 = min(x0, px), max(x1, px), min(y0, py), max(y1, py)
        if edge.label and edge.label_at:
            lx0, ly0, lx1, ly1 = label_box(edge.label_at, edge.label, style)
            x0, x1, y0, y1 = min(x0, lx0), max(x1, lx1), min(y0, ly0), max(y1, ly1)
    margin = style.scale.canvas.margin

    legend = None
    samples: list[tuple[str, tuple[float, float, float, float]]] = []
    if style.look.legend.show:
        legend, samples, (x0, y0, x1, y1) = _place_legend(nodes, edges, style, (x0, y0, x1, y1), title, caption)

    title_runs = _title_runs(title, caption, style, x1 - x0)
    title_h = (max((r.baseline + r.size * 0.3) for r in title_runs) + margin * 0.6) if title_runs else 0.0
    if title_runs:
        x1 = max(x1, x0 + max(r.width for r in title_runs))
    dx, dy = margin - x0, margin + title_h - y0
    for box in nodes:
        box.x += dx
        box.y += dy
    if legend is not None:
        legend.x += dx
        legend.y += dy
    title_runs = [_shift(r, margin, margin) for r in title_runs]
    moved = [
        EdgePath(e.source, e.target, e.kind, tuple((x + dx, y + dy) for x, y in e.points), e.colour, e.width, e.dash,
                 e.label, (e.label_at[0] + dx, e.label_at[1] + dy) if e.label_at else None)
        for e in edges
    ]
    return Layout(width=x1 - x0 + 2 * margin, height=y1 - y0 + title_h + 2 * margin, nodes=nodes,
                  edges=moved, title=title_runs, legend=legend, legend_items=samples)
