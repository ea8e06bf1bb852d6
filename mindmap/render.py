"""The whole pipeline for one map: model to graph to layout to SVG, PNG and PDF."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Final, Iterable

from .describe import alt_text, long_description
from .graph import build_light_graph
from .layout import LAYOUTS, layout_graph
from .model import MindMap
from .styles import Style, resolve_style
from .svg import draw_svg

if TYPE_CHECKING:
    from .fold import FoldedMap

__all__ = ["FORMATS", "describe_outputs", "figure_meta", "render_svg", "render_map", "render_split", "write_outputs"]

FORMATS: Final = ("svg", "png", "pdf", "html")


def render_svg(mind_map: MindMap | FoldedMap, style: Style | None = None, layout: str = "radial", *,
               embed_fonts: bool = False, depth: int | None = None) -> str:
    """The map as an SVG document (text); ``embed_fonts`` embeds the font subset it uses.

    ``depth`` draws the map down to that depth only, each node saying what is
    folded into it (see :mod:`mindmap.fold`); a :class:`~mindmap.fold.FoldedMap`
    (an overview or a detail) is drawn as it is, or folded in its turn.  The long description stays
    that of the whole map (or, for a detail, of the whole branch).
    """
    if layout not in LAYOUTS:
        from .errors import UserError

        raise UserError(f"unknown layout '{layout}'; choose one of: {', '.join(LAYOUTS)}")
    described = mind_map if isinstance(mind_map, MindMap) else mind_map.map
    style = style or resolve_style(described.style)
    view = None if isinstance(mind_map, MindMap) else mind_map
    if depth is not None:
        from .fold import fold_map

        view = fold_map(mind_map, depth)
    if view is not None:
        from .fold import view_graph

        drawn, graph = view.map, view_graph(view, style.look.count_format)
    else:
        drawn, graph = described, build_light_graph(described)  # no networkx import: ~50 ms less per process
    laid_out = layout_graph(graph, style, layout, title=drawn.title, caption=drawn.hypothesis)  # type: ignore[arg-type]
    description = long_description(described, style.look.count_format)
    svg = draw_svg(laid_out, style, title=drawn.title, description=description, map_id=drawn.id)
    if embed_fonts:
        from .fontembed import embed_fonts as embed

        svg = embed(svg)
    return svg


def render_map(
    mind_map: MindMap | FoldedMap, formats: Iterable[str] = ("svg",), style: Style | None = None,
    layout: str = "radial", *, embed_fonts: bool = False, depth: int | None = None,
) -> dict[str, bytes]:
    """The map in each format asked for, as bytes, keyed by format (``embed_fonts``: in the SVG).

    ``depth`` folds the figure (see :func:`render_svg`); the ``html`` figure
    holds the whole map and starts folded at ``depth``, to unfold in the browser.
    """
    described = mind_map if isinstance(mind_map, MindMap) else mind_map.map
    style = style or resolve_style(described.style)
    wanted = list(dict.fromkeys(formats))
    svg = render_svg(mind_map, style, layout, depth=depth) if wanted != ["html"] else ""
    out: dict[str, bytes] = {}
    meta = figure_meta(described, style)
    for fmt in wanted:
        if fmt == "html":
            from .draw.html import render_html

            out["html"] = render_html(mind_map, style, layout, depth=depth).encode("utf-8")
        elif fmt == "svg":
            if embed_fonts:
                from .fontembed import embed_fonts as embed

                out["svg"] = embed(svg).encode("utf-8")
            else:
                out["svg"] = svg.encode("utf-8")
        else:
            from .convert import svg_to_pdf, svg_to_png

            _check_figure_size(described, svg, fmt)
            out[fmt] = (svg_to_png if fmt == "png" else svg_to_pdf)(svg, meta)
    return out


def render_split(
    mind_map: MindMap, formats: Iterable[str] = ("svg",), style: Style | None = None, layout: str = "radial",
    *, embed_fonts: bool = False, depth: int | None = None,
) -> dict[str, dict[str, bytes]]:
    """An overview and one detail per key theme, keyed by file stem, each in
    every format asked for with its alt text and long description.

    The overview, ``<id>``, is the map folded to its key themes (depth 1); the
    detail of a key theme, ``<id>--<theme-id>``, is the headline with that
    theme's whole branch (see :func:`mindmap.fold.detail_map`), folded at
    ``depth`` if given (counted within the detail: 2 keeps the theme's own
    sub-themes).
    """
    from .fold import detail_map

    style = style or resolve_style(mind_map.style)
    wanted = list(dict.fromkeys(formats))
    overview = render_map(mind_map, wanted, style, layout, embed_fonts=embed_fonts, depth=1)
    overview.update(describe_outputs(mind_map, style))
    out = {mind_map.id: overview}
    for theme in mind_map.themes:
        view = detail_map(mind_map, theme.key)
        figures = render_map(view, wanted, style, layout, embed_fonts=embed_fonts, depth=depth)
        figures.update(describe_outputs(view.map, style))
        out[view.map.id] = figures
    return out


def _check_figure_size(mind_map: MindMap, svg: str, fmt: str) -> None:
    """Refuse to convert a figure so large that Cairo would run for minutes."""
    from .errors import UserError
    from .loading import limits

    limit = limits()["max_figure_bytes"]
    if len(svg) > limit:
        def size(n: int) -> str:
            return f"{n / 1e6:.1f} MB" if n >= 100_000 else f"{n:,} bytes"

        raise UserError(
            f"{mind_map.id}: the figure is {size(len(svg))} of SVG, more than {fmt.upper()} conversion "
            f"takes ({size(limit)}, MINDMAP_MAX_FIGURE_BYTES); shorten the labels, split the map, "
            "or render SVG only (-f svg)"
        )


def figure_meta(mind_map: MindMap, style: Style | None = None) -> dict[str, str]:
    """The words embedded in PNG and PDF metadata: title, alt text, long description."""
    style = style or resolve_style(mind_map.style)
    return {
        "title": mind_map.title,
        "alt": alt_text(mind_map),
        "description": long_description(mind_map, style.look.count_format),
    }


def describe_outputs(mind_map: MindMap, style: Style | None = None) -> dict[str, bytes]:
    """The alt text and long description written beside a figure, keyed by suffix:
    ``alt.txt`` and ``description.md`` (so :func:`write_outputs` names them
    ``<id>.alt.txt`` and ``<id>.description.md``)."""
    meta = figure_meta(mind_map, style)
    return {
        "alt.txt": (meta["alt"] + "\n").encode("utf-8"),
        "description.md": meta["description"].encode("utf-8"),
    }


def write_outputs(outputs: dict[str, bytes], out_dir: Path, stem: str) -> list[Path]:
    """Write each output atomically as ``out_dir/stem.format``."""
    from .files import write_atomic

    written = []
    for fmt, data in outputs.items():
        path = out_dir / f"{stem}.{fmt}"
        write_atomic(path, data)
        written.append(path)
    return written
