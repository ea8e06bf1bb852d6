"""Boxes: what layout places and drawing draws, and each node's box sized from its text.

The style is read once per kind of box (:func:`resolve_looks`): each node gets
a :class:`NodeLook` of plain values (sizes, colours, shape, wrap width), and
sizing and drawing read those values, never the style sheet.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Final

from ..model.counts import format_count
from ..model.tree import MapTree, TreeNode
from ..style.sheet import Style
from ..text.measure import ASCENT, LINE_HEIGHT, measure, word_widths, wrap, wrap_tally
from ..text.quotemarks import quoted

__all__ = [
    "EdgePath",
    "Layout",
    "NodeBox",
    "NodeLook",
    "Rect",
    "Run",
    "bounding",
    "resolve_looks",
    "shift_run",
    "size_box",
]

Rect = tuple[float, float, float, float]  # x0, y0, x1, y1


def bounding(boxes: Iterable[NodeBox]) -> Rect:
    """The rectangle around these boxes."""
    placed = list(boxes)
    # the sides as NodeBox.left, .top, .right and .bottom work them out, without a property call each
    return (
        min(b.x - b.w / 2 for b in placed),
        min(b.y - b.h / 2 for b in placed),
        max(b.x + b.w / 2 for b in placed),
        max(b.y + b.h / 2 for b in placed),
    )


@dataclass(frozen=True)
class Run:
    """One line (or part of a line) of text, placed relative to its box's top left."""

    text: str
    x: float
    baseline: float
    size: float
    role: str  # label, description, count, folded, attribution, title, caption, legend
    colour: str
    bold: bool = False
    italic: bool = False
    width: float = 0.0


def shift_run(run: Run, dx: float, dy: float) -> Run:
    """The run moved by (dx, dy)."""
    return replace(run, x=run.x + dx, baseline=run.baseline + dy)


@dataclass(frozen=True)
class NodeLook:
    """Everything about a box that comes from the style, as plain values."""

    shape: str
    fill: str
    border: str
    text: str
    count: str
    description: str
    attribution: str
    bold: bool
    italic: bool
    font_family: str | None
    size: float
    count_size: float
    description_size: float
    padding: float
    corner_radius: float
    border_width: float
    wrap_width: float
    count_format: str
    line: str  # the colour of the branch line into the box


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
    orient: str = "right"  # where its branch grows: right, left, up, down (centre for the headline)
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

    @property
    def rect(self) -> Rect:
        return (self.left, self.top, self.right, self.bottom)


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

    def moved(self, dx: float, dy: float) -> EdgePath:
        """The edge moved by (dx, dy) (made field by field: ``dataclasses.replace`` costs several
        times as much, and a figure moves thousands of edges)."""
        at = self.label_at
        return EdgePath(
            self.source,
            self.target,
            self.kind,
            tuple([(x + dx, y + dy) for x, y in self.points]),
            self.colour,
            self.width,
            self.dash,
            self.label,
            (at[0] + dx, at[1] + dy) if at else None,
        )


@dataclass
class Layout:
    """Everything the drawing stage draws, in points, with (0, 0) at the top left."""

    width: float
    height: float
    nodes: list[NodeBox]
    edges: list[EdgePath]
    title: list[Run]
    legend: NodeBox | None
    legend_items: list[tuple[str, tuple[float, float, float, float]]]
    width_mm: float = 170.0  # the printed width
    medium: str = "none"
    label_size: float = 10.0  # connection words
    samples: dict[str, NodeLook] = field(default_factory=dict)  # the legend's sample boxes: theme, subtheme
    # the width and height of what is drawn (inside the margins), before a fixed medium centres it
    drawn: tuple[float, float] = (0.0, 0.0)

    @property
    def size_mm(self) -> tuple[float, float]:
        """The printed width and height in millimetres."""
        return self.width_mm, self.width_mm * self.height / self.width

    def runs(self) -> list[Run]:
        """Every text run of the figure: headings, boxes, legend (connection words excluded)."""
        out = list(self.title)
        for box in self.nodes:
            out.extend(box.runs)
        if self.legend is not None:
            out.extend(self.legend.runs)
        return out


def look_for(style: Style, kind: str, depth: int, branch: int) -> NodeLook:
    """What the style says of a box of this kind, depth and branch, as plain values."""
    look, scale = style.box(kind, depth)
    fill, border = style.box_colours(kind, depth, branch)
    lines = style.look.lines
    return NodeLook(
        look.shape,
        fill,
        border,
        look.text,
        look.count,
        look.description,
        look.attribution,
        look.weight == "bold",
        look.italic,
        look.font_family,
        scale.size,
        scale.count_size,
        scale.description_size,
        scale.padding,
        scale.corner_radius,
        scale.border_width,
        scale.wrap_width,
        style.look.count_format,
        style.line_colour(branch) if lines.branch == "branch" else lines.branch,
    )


def resolve_looks(tree: MapTree, style: Style) -> dict[str, NodeLook]:
    """Each node's look, reading the style once for each kind, depth and branch."""
    cache: dict[tuple[str, int, int], NodeLook] = {}
    out: dict[str, NodeLook] = {}
    for name, node in tree.nodes.items():
        key = (node.kind, node.depth, node.branch)
        if key not in cache:
            cache[key] = look_for(style, node.kind, node.depth, node.branch)
        out[name] = cache[key]
    return out


BALANCE_STEPS: Final = 6  # halvings in the search for a box's balanced width (to 1/64 of the range)
TextLine = tuple[
    list[tuple[str, str, float, bool, bool, str]], float
]  # runs (text, role, size, bold, italic, colour), size


def _text_lines(node: TreeNode, look: NodeLook, count: str | None, wrap_width: float) -> list[TextLine]:
    """A box's lines of text, wrapped at ``wrap_width``: label (and count), description, what is folded into it."""
    bold = look.bold
    lines: list[TextLine] = []
    if node.kind == "quote":
        for line in wrap(quoted(node.label), look.size, wrap_width, italic=look.italic):
            lines.append(([(line, "label", look.size, False, look.italic, look.text)], look.size))
        if node.attribution:
            for line in wrap(node.attribution, look.count_size, wrap_width):
                lines.append(
                    ([(line, "attribution", look.count_size, False, False, look.attribution)], look.count_size)
                )
        return lines
    for line in wrap(node.label, look.size, wrap_width, bold=bold):
        lines.append(([(line, "label", look.size, bold, look.italic, look.text)], look.size))
    if count is not None:
        last_runs, _ = lines[-1]
        joined = measure(last_runs[0][0] + " ", look.size, bold=bold) + measure(count, look.count_size)
        if joined <= wrap_width and node.kind != "hypothesis":
            last_runs.append((count, "count", look.count_size, False, False, look.count))
        else:
            lines.append(([(count, "count", look.count_size, False, False, look.count)], look.count_size))
    if node.kind == "theme" and node.description:
        size = look.description_size
        for line in wrap(node.description, size, wrap_width):
            lines.append(([(line, "description", size, False, False, look.description)], size))
    if node.folded:  # what is folded into it (mindmap.model.fold), in secondary text
        for line in wrap(node.folded, look.count_size, wrap_width, italic=True):
            lines.append(([(line, "folded", look.count_size, False, True, look.count)], look.count_size))
    return lines


def _line_tally(node: TreeNode, look: NodeLook, count: str | None, wrap_width: float) -> list[tuple[int, float]]:
    """How many lines of each size :func:`_text_lines` gives, part by part, without making them:
    the search for a box's balanced width needs only their height."""
    sizes: list[tuple[int, float]] = []
    if node.kind == "quote":
        sizes.append((wrap_tally(quoted(node.label), look.size, wrap_width, italic=look.italic)[0], look.size))
        if node.attribution:
            sizes.append((wrap_tally(node.attribution, look.count_size, wrap_width)[0], look.count_size))
    else:
        lines, last = wrap_tally(node.label, look.size, wrap_width, bold=look.bold)
        sizes.append((lines, look.size))
        if count is not None:
            joined = measure(last + " ", look.size, bold=look.bold) + measure(count, look.count_size)
            if not (joined <= wrap_width and node.kind != "hypothesis"):
                sizes.append((1, look.count_size))
        if node.kind == "theme" and node.description:
            size = look.description_size
            sizes.append((wrap_tally(node.description, size, wrap_width)[0], size))
        if node.folded:
            sizes.append((wrap_tally(node.folded, look.count_size, wrap_width, italic=True)[0], look.count_size))
    return sizes


def _height(tally: list[tuple[int, float]]) -> float:
    """The height of lines so tallied, added up line by line (as ``sum`` adds up the lines' sizes)."""
    height = 0.0
    for lines, size in tally:
        for _ in range(lines):
            height += size
    return height


def _longest_word(node: TreeNode, look: NodeLook) -> float:
    """The widest word of a box's text: no balanced width is narrower (a word is never broken to balance lines)."""
    if node.kind == "quote":
        texts = [
            (quoted(node.label), look.size, False, look.italic),
            (node.attribution or "", look.count_size, False, False),
        ]
    else:
        texts = [(node.label, look.size, look.bold, look.italic)]
        if node.kind == "theme" and node.description:
            texts.append((node.description, look.description_size, False, False))
        if node.folded:
            texts.append((node.folded, look.count_size, False, True))
    return max(
        (width for text, size, bold, italic in texts for width in word_widths(text, size, bold=bold, italic=italic)),
        default=0.0,
    )


def size_box(node: TreeNode, look: NodeLook, wrap_factor: float = 1.0) -> NodeBox:
    """The node's box, its text wrapped at the look's width times ``wrap_factor``."""
    kind = node.kind
    pad = look.padding
    count = format_count(look.count_format, node.n) if node.n is not None else None
    widest = look.wrap_width * wrap_factor
    # Balanced: the narrowest width that takes no more height, so that the lines are of even
    # length and the box no wider than it must be (never narrower than its longest word).
    # Only the lines' heights are needed while searching; the lines are made at the width found.
    tally = _line_tally(node, look, count, widest)
    height = _height(tally)
    low, high = _longest_word(node, look), widest
    # Nothing wrapped (every paragraph on one line, the count beside the label as it would be
    # at any width): every narrower width that keeps the height gives these very lines, so
    # the search could only find them again. Most boxes of a large map are such short ones.
    # (A part with as many lines as unwrapped has the very same lines.)
    if low < high and tally != _line_tally(node, look, count, math.inf):
        for _ in range(BALANCE_STEPS):
            middle = (low + high) / 2
            if _height(_line_tally(node, look, count, middle)) <= height + 1e-6:
                high = middle
            else:
                low = middle
    lines = _text_lines(node, look, count, high)
    # Place the runs: each line centred (quotes left-aligned), baselines stacked.
    widths = []
    run_widths = []  # each line's runs' widths, measured once for both uses
    for runs, _ in lines:
        total = 0.0
        measured = []
        for i, (text, _role, size, b, it, _c) in enumerate(runs):
            if i:
                total += measure(" ", runs[0][2], bold=runs[0][3])
            width = measure(text, size, bold=b, italic=it)
            measured.append(width)
            total += width
        widths.append(total)
        run_widths.append(measured)
    inner_w = max(widths) if widths else 0.0
    box = NodeBox(name=node.name, kind=kind, depth=node.depth, label=node.label)
    # Round shapes need room at the sides; a call-out, for its accent bar.
    extra = pad * 0.6 if look.shape in ("ellipse", "pill") else 4.0 if look.shape == "callout" else 0.0
    box.w = inner_w + 2 * (pad + extra)
    y = pad
    runs_out: list[Run] = []
    for (runs, line_size), line_w, measured in zip(lines, widths, run_widths):
        baseline = y + line_size * (LINE_HEIGHT - 1) / 2 + line_size * ASCENT
        x = pad + extra if kind == "quote" else (box.w - line_w) / 2
        for i, (text, role, size, b, it, colour) in enumerate(runs):
            if i:
                x += measure(" ", runs[0][2], bold=runs[0][3])
            width = measured[i]
            runs_out.append(Run(text, x, baseline, size, role, colour, b, it, width))
            x += width
        y += line_size * LINE_HEIGHT
    box.h = y + pad
    if look.shape == "ellipse":
        box.w *= 1.25
        box.h *= 1.3
        shift_x = (box.w - box.w / 1.25) / 2
        shift_y = (box.h - box.h / 1.3) / 2
        runs_out = [shift_run(r, shift_x, shift_y) for r in runs_out]
    box.runs = runs_out
    box.shape = look.shape
    box.font_family = look.font_family
    box.border_width = look.border_width
    box.radius = min(look.corner_radius, box.h / 2)
    box.fill, box.border = look.fill, look.border
    return box
