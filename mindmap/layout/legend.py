"""The legend ("Guide to interpreting the mind maps") and the figure's heading.

The legend explains only what it is given: with ``--legend auto`` that is the
element kinds the map has (no sub-theme sample on a map without sub-themes).
"""

from __future__ import annotations

from typing import Final, Iterable

from ..model.tree import MapTree
from ..style.sheet import Style
from ..text.measure import ASCENT, LINE_HEIGHT, measure, wrap
from .boxes import NodeBox, Run
from .media import LEGEND_MODES

__all__ = ["LEGEND_KINDS", "LEGEND_MODES", "kinds_in", "legend_box", "title_runs"]

LEGEND_KINDS: Final = ("theme", "connection", "subtheme", "count")
NARROW: Final = 0.75  # a narrow legend's wrap width, times the sheet's
Sample = tuple[str, tuple[float, float, float, float]]


def kinds_in(tree: MapTree) -> tuple[str, ...]:
    """The legend's kinds that this map has, in the legend's order."""
    nodes = tree.nodes.values()
    has = {
        "theme": any(n.kind == "theme" for n in nodes),
        "connection": bool(tree.links),
        "subtheme": any(n.kind == "subtheme" for n in nodes),
        "count": any(n.n is not None for n in nodes),
    }
    return tuple(kind for kind in LEGEND_KINDS if has[kind])


def legend_box(
    style: Style, kinds: Iterable[str] = LEGEND_KINDS, columns: int = 2, narrow: bool = False
) -> tuple[NodeBox, list[Sample]]:
    """The legend box, its text runs and the sample shapes (kind, x, y, w, h) inside it.

    A grid of ``columns`` under its title, so that it can sit in a corner of
    the map, in a strip below it or in a column beside it.  ``narrow`` wraps
    its words (and its title, where that is wider) to three quarters of the
    sheet's width: a taller legend that fits a narrower gap beside the map.
    """
    lg, ls = style.look.legend, style.scale.legend
    pad = ls.padding
    runs: list[Run] = []
    samples: list[Sample] = []
    text_w = ls.wrap_width * (NARROW if narrow else 1.0)
    sample_w = 30.0
    column_w = sample_w + 6 + text_w
    title_lines = wrap(lg.title, ls.title_size, columns * column_w, bold=True) if narrow else [lg.title]
    top = pad + ls.title_size * ASCENT  # the first title line's baseline
    for index, line in enumerate(title_lines):
        runs.append(
            Run(
                line,
                pad,
                top + index * ls.title_size * LINE_HEIGHT,
                ls.title_size,
                "legend-title",
                lg.title_colour,
                True,
                False,
                measure(line, ls.title_size, bold=True),
            )
        )
    y = top + (len(title_lines) - 1) * ls.title_size * LINE_HEIGHT
    y += ls.title_size * (LINE_HEIGHT - ASCENT) + pad * 0.5
    titles = len(title_lines)
    words = {"theme": lg.theme, "connection": lg.connection, "subtheme": lg.subtheme, "count": lg.count}
    items = [(kind, words[kind]) for kind in kinds]
    for row in range(0, len(items), columns):
        row_h = 0.0
        for col, (kind, text) in enumerate(items[row : row + columns]):
            x = pad + col * (column_w + pad * 1.5)
            bold = lg.weight == "bold"
            lines = wrap(text, ls.size, text_w, bold=bold)
            block = max(len(lines) * ls.size * LINE_HEIGHT, 14.0)
            samples.append((kind, (x, y, sample_w, block)))
            ty = y + (block - len(lines) * ls.size * LINE_HEIGHT) / 2
            for line in lines:
                runs.append(
                    Run(
                        line,
                        x + sample_w + 6,
                        ty + ls.size * ASCENT,
                        ls.size,
                        "legend",
                        lg.text,
                        bold,
                        False,
                        measure(line, ls.size, bold=bold),
                    )
                )
                ty += ls.size * LINE_HEIGHT
            row_h = max(row_h, block)
        y += row_h + pad * 0.5
    width = max(max((r.x + r.width for r in runs[titles:]), default=0.0), *(r.width + pad for r in runs[:titles])) + pad
    box = NodeBox(
        name="legend",
        kind="legend",
        depth=0,
        label=lg.title,
        w=width,
        h=y + pad * 0.5,
        runs=runs,
        shape=lg.shape,
        fill=lg.fill,
        border=lg.border,
        border_width=ls.border_width,
        radius=min(ls.corner_radius, (y + pad * 0.5) / 2),
        font_family=lg.font_family,
    )
    return box, samples


def title_runs(title: str, caption: str | None, style: Style, width: float, heading: bool = True) -> list[Run]:
    """The heading's lines (title, then the hypothesis as caption), wrapped to ``width`` or the sheet's width."""
    ts, look = style.scale.title, style.look
    runs: list[Run] = []
    if not heading:
        return runs
    y = 0.0
    if look.show_title:
        for line in wrap(title, ts.size, max(width, ts.wrap_width), bold=True):
            y += ts.size * ASCENT
            runs.append(
                Run(
                    line,
                    0.0,
                    y,
                    ts.size,
                    "title",
                    look.canvas.title_colour,
                    True,
                    False,
                    measure(line, ts.size, bold=True),
                )
            )
            y += ts.size * (LINE_HEIGHT - ASCENT)
        y += ts.size * 0.35
    if look.show_caption and caption:
        for line in wrap(caption, ts.caption_size, max(width, ts.wrap_width)):
            y += ts.caption_size * ASCENT
            runs.append(
                Run(
                    line,
                    0.0,
                    y,
                    ts.caption_size,
                    "caption",
                    look.canvas.caption_colour,
                    False,
                    False,
                    measure(line, ts.caption_size),
                )
            )
            y += ts.caption_size * (LINE_HEIGHT - ASCENT)
    return runs
