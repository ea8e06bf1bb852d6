"""The whole pipeline for one map: model to graph to layout to SVG, PNG and PDF."""

from __future__ import annotations

from pathlib import Path
from typing import Final, Iterable

from .describe import alt_text, long_description
from .graph import build_light_graph
from .layout import LAYOUTS, layout_graph
from .model import MindMap
from .styles import Style, resolve_style
from .svg import draw_svg

__all__ = ["FORMATS", "describe_outputs", "figure_meta", "render_svg", "render_map", "write_outputs"]

FORMATS: Final = ("svg", "png", "pdf")


def render_svg(mind_map: MindMap, style: Style | None = None, layout: str = "radial", *,
               embed_fonts: bool = False) -> str:
    """The map as an SVG document (text); ``embed_fonts`` embeds the font subset it uses."""
    if layout not in LAYOUTS:
        from .errors import UserError

        raise UserError(f"unknown layout '{layout}'; choose one of: {', '.join(LAYOUTS)}")
    style = style or resolve_style(mind_map.style)
    graph = build_light_graph(mind_map)  # no networkx import: ~50 ms less per process
    laid_out = layout_graph(graph, style, layout, title=mind_map.title, caption=mind_map.hypothesis)  # type: ignore[arg-type]
    description = long_description(mind_map, style.look.count_format)
    svg = draw_svg(laid_out, style, title=mind_map.title, description=description, map_id=mind_map.id)
    if embed_fonts:
        from .fontembed import embed_fonts as embed

        svg = embed(svg)
    return svg


def render_map(
    mind_map: MindMap, formats: Iterable[str] = ("svg",), style: Style | None = None, layout: str = "radial",
    *, embed_fonts: bool = False,
) -> dict[str, bytes]:
    """The map in each format asked for, as bytes, keyed by format (``embed_fonts``: in the SVG)."""
    style = style or resolve_style(mind_map.style)
    svg = render_svg(mind_map, style, layout)
    out: dict[str, bytes] = {}
    wanted = list(dict.fromkeys(formats))
    meta = figure_meta(mind_map, style)
    for fmt in wanted:
        if fmt == "svg":
            if embed_fonts:
                from .fontembed import embed_fonts as embed

                out["svg"] = embed(svg).encode("utf-8")
            else:
                out["svg"] = svg.encode("utf-8")
        else:
            from .convert import svg_to_pdf, svg_to_png

            _check_figure_size(mind_map, svg, fmt)
            out[fmt] = (svg_to_png if fmt == "png" else svg_to_pdf)(svg, meta)
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
    from .export.markdown import escape_markdown

    style = style or resolve_style(mind_map.style)
    # A Markdown file: the analyst's words escaped as the Markdown export escapes them,
    # so that a label such as <script> is shown by Markdown readers, never run.
    description = long_description(mind_map, style.look.count_format, escape_markdown)
    return {
        "alt.txt": (alt_text(mind_map) + "\n").encode("utf-8"),
        "description.md": description.encode("utf-8"),
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
