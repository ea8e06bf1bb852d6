"""The whole pipeline for one map: model to tree to layout to figure, then each figure format
(:mod:`mindmap.publish.formats`)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Final, Iterable

from ..draw.figure import Figure, draw_figure
from ..errors import UserError
from ..layout.compose import LAYOUTS, LEGEND_MODES, LayoutName, layout_map
from ..layout.media import FITS, REPORT_BODY, SLIDE_BODY, find_medium
from ..model.describe import alt_text, long_description
from ..model.theme import MindMap
from ..model.tree import build_tree
from ..style.library import compose_style
from ..style.sheet import Style
from .formats import FIGURE_FORMATS, check_formats

if TYPE_CHECKING:
    from ..draw.svg import Inline
    from ..model.fold import FoldedMap

__all__ = [
    "check_choices",
    "describe_outputs",
    "figure_meta",
    "legibility_warning",
    "make_figure",
    "make_legend_figure",
    "render_figures",
    "render_map",
    "render_split",
    "render_svg",
    "write_outputs",
]


def check_choices(layout: str = "radial", fit: str = "page", legend: str = "auto") -> None:
    """A user error naming the choices for an unknown layout, fit or legend mode."""
    fits = (*FITS, SLIDE_BODY.name, REPORT_BODY.name)
    for what, value, choices in (("layout", layout, LAYOUTS), ("fit", fit, fits), ("legend", legend, LEGEND_MODES)):
        if value not in choices:
            shown = FITS if what == "fit" else choices
            raise UserError(f"unknown {what} '{value}'; choose one of: {', '.join(shown)}")


def _layout_name(layout: str) -> LayoutName:
    """``layout`` as one of the layout names (:func:`check_choices` has refused any other)."""
    if layout == "radial":
        return "radial"
    if layout == "tree":
        return "tree"
    raise UserError(f"unknown layout '{layout}'; choose one of: {', '.join(LAYOUTS)}")


def make_figure(
    mind_map: MindMap | FoldedMap,
    style: Style | None = None,
    layout: str = "radial",
    *,
    fit: str = "page",
    legend: str = "auto",
    heading: bool | None = None,
    embed_fonts: bool = False,
    inline: Inline | None = None,
    depth: int | None = None,
) -> Figure:
    """The map laid out for the medium ``fit`` and drawn: a :class:`~mindmap.draw.figure.Figure`.

    ``legend`` is ``auto`` (the kinds the map has), ``full``, ``none`` or
    ``separate`` (none in the figure: see :func:`make_legend_figure`);
    ``heading`` False leaves the title and hypothesis out of the picture;
    by default they are in it, except on a slide (whose title holds them).

    ``depth`` draws the map down to that depth only, each node saying what is
    folded into it (see :mod:`mindmap.model.fold`); a
    :class:`~mindmap.model.fold.FoldedMap` (an overview or a detail) is drawn
    as it is, or folded in its turn.  The long description stays that of the
    whole map (or, for a detail, of the whole branch).
    """
    from ..model.fold import fold_map, view_tree

    check_choices(layout, fit, legend)
    described = mind_map if isinstance(mind_map, MindMap) else mind_map.map
    style = style or compose_style(map_style=described.style)
    view = None if isinstance(mind_map, MindMap) else mind_map
    if depth is not None:
        view = fold_map(mind_map, depth)
    if view is not None:
        drawn, tree = view.map, view_tree(view, style.look.count_format)
    else:
        drawn, tree = described, build_tree(described)
    laid_out = layout_map(
        tree,
        style,
        _layout_name(layout),
        title=drawn.title,
        caption=drawn.hypothesis,
        fit=fit,
        legend=legend,
        heading=fit != "slide" if heading is None else heading,
    )
    description = long_description(described, style.look.count_format)
    return draw_figure(
        laid_out,
        style,
        title=drawn.title,
        description=description,
        map_id=drawn.id,
        embed_fonts=embed_fonts,
        inline=inline,
    )


def render_svg(
    mind_map: MindMap | FoldedMap,
    style: Style | None = None,
    layout: str = "radial",
    *,
    fit: str = "page",
    legend: str = "auto",
    embed_fonts: bool = False,
    depth: int | None = None,
) -> str:
    """The map as an SVG document (text); ``embed_fonts`` embeds the font subset it uses."""
    return make_figure(mind_map, style, layout, fit=fit, legend=legend, embed_fonts=embed_fonts, depth=depth).svg


def render_figures(
    mind_map: MindMap | FoldedMap,
    formats: Iterable[str] = ("svg",),
    style: Style | None = None,
    layout: str = "radial",
    *,
    fit: str = "page",
    legend: str = "auto",
    heading: bool | None = None,
    embed_fonts: bool = False,
    depth: int | None = None,
) -> tuple[dict[str, bytes], Figure]:
    """The map in each format asked for, as bytes keyed by format, and the figure they were made from.

    ``depth`` folds the figure (see :func:`make_figure`); the ``html`` figure
    holds the whole map and opens folded at ``depth``, to unfold in the browser.
    """
    wanted = check_formats(formats)
    described = mind_map if isinstance(mind_map, MindMap) else mind_map.map
    style = style or compose_style(map_style=described.style)
    figure = make_figure(
        mind_map, style, layout, fit=fit, legend=legend, heading=heading, embed_fonts=embed_fonts, depth=depth
    )
    # the long description is the costliest part of the metadata: made only for a writer that reads it
    meta: dict[str, str] = {}
    out: dict[str, bytes] = {}
    for fmt in wanted:
        kind = FIGURE_FORMATS[fmt]
        if kind.uses_meta and not meta:
            meta = figure_meta(described, style, figure.medium)
        if kind.interactive:  # the whole map, drawn to sit in a page, folded by the page's script
            from ..draw.svg import Inline

            whole = make_figure(
                mind_map,
                style,
                layout,
                fit=fit,
                legend=legend,
                heading=heading,
                inline=Inline(meta["alt"], "mm-description", page=True),
            )
            out[fmt] = kind.write(whole, {**meta, "fold_depth": "" if depth is None else str(depth)})
            continue
        if kind.needs_cairo:
            _check_figure_size(described, figure, fmt)
        out[fmt] = kind.write(figure, meta)
    return out, figure


def render_map(
    mind_map: MindMap | FoldedMap,
    formats: Iterable[str] = ("svg",),
    style: Style | None = None,
    layout: str = "radial",
    *,
    fit: str = "page",
    legend: str = "auto",
    heading: bool | None = None,
    embed_fonts: bool = False,
    depth: int | None = None,
) -> dict[str, bytes]:
    """The map in each format asked for, as bytes, keyed by format (``embed_fonts``: in the SVG)."""
    return render_figures(
        mind_map, formats, style, layout, fit=fit, legend=legend, heading=heading, embed_fonts=embed_fonts, depth=depth
    )[0]


def render_split(
    mind_map: MindMap,
    formats: Iterable[str] = ("svg",),
    style: Style | None = None,
    layout: str = "radial",
    *,
    fit: str = "page",
    legend: str = "auto",
    heading: bool | None = None,
    embed_fonts: bool = False,
    depth: int | None = None,
) -> tuple[dict[str, dict[str, bytes]], list[Figure]]:
    """An overview and one detail per key theme, keyed by file stem, each in every
    format asked for with its alt text and long description; and the figures drawn.

    The overview, ``<id>``, is the map folded to its key themes (depth 1); the
    detail of a key theme, ``<id>--<theme-id>``, is the headline with that
    theme's whole branch (see :func:`mindmap.model.fold.detail_map`), folded at
    ``depth`` if given (counted within the detail: 2 keeps the theme's own
    sub-themes).  Each is composed for the medium ``fit``.
    """
    from ..model.fold import detail_map

    style = style or compose_style(map_style=mind_map.style)
    options = {"fit": fit, "legend": legend, "heading": heading, "embed_fonts": embed_fonts}
    overview, figure = render_figures(mind_map, formats, style, layout, depth=1, **options)  # type: ignore[arg-type]
    overview.update(describe_outputs(mind_map, style))
    out, drawn = {mind_map.id: overview}, [figure]
    for theme in mind_map.themes:
        view = detail_map(mind_map, theme.key)
        files, figure = render_figures(view, formats, style, layout, depth=depth, **options)  # type: ignore[arg-type]
        files.update(describe_outputs(view.map, style))
        out[view.map.id] = files
        drawn.append(figure)
    return out, drawn


LEGIBLE_PT: Final = 7.0


def legibility_warning(figure: Figure, fit: str) -> str | None:
    """What to say when the figure's smallest text prints below 7 pt on its medium, else None."""
    printed = figure.smallest_text_pt
    if printed >= LEGIBLE_PT:
        return None
    medium = find_medium(fit)
    where = "at the sheet's width" if medium is None else f"on {medium.help}"
    bigger = "--fit a3" if fit != "a3" else "a larger medium"
    return (
        f"the smallest text prints at {printed:.1f} pt {where} (below {LEGIBLE_PT:g} pt); "
        f"try {bigger}, --depth 1 or --split to show less in each figure, "
        "or a sheet with narrower text and tighter spacing"
    )


def make_legend_figure(style: Style, formats: Iterable[str] = ("svg",)) -> dict[str, bytes]:
    """The legend alone ("Guide to interpreting the mind maps"), as its own figure, in each format."""
    from ..draw.figure import draw_figure
    from ..layout.compose import legend_layout

    wanted = check_formats(formats)
    layout = legend_layout(style)
    words = ", ".join(run.text for run in (layout.legend.runs if layout.legend else []))
    title = style.look.legend.title
    figure = draw_figure(layout, style, title=title, description=words, map_id="legend")
    meta = {"title": title, "alt": title, "description": words, "medium": "page"}
    return {fmt: FIGURE_FORMATS[fmt].write(figure, meta) for fmt in wanted}


def _check_figure_size(mind_map: MindMap, figure: Figure, fmt: str) -> None:
    """Refuse to convert a figure so large that Cairo would run for minutes."""
    from ..load.reader import limits

    limit = limits()["max_figure_bytes"]
    size_of = len(figure.cairo_svg)
    if size_of > limit:

        def size(n: int) -> str:
            return f"{n / 1e6:.1f} MB" if n >= 100_000 else f"{n:,} bytes"

        raise UserError(
            f"{mind_map.id}: the figure is {size(size_of)} of SVG, more than {fmt.upper()} conversion "
            f"takes ({size(limit)}, MINDMAP_MAX_FIGURE_BYTES); shorten the labels, split the map, "
            "or render SVG only (-f svg)"
        )


def figure_meta(mind_map: MindMap, style: Style | None = None, medium: str = "page") -> dict[str, str]:
    """The words embedded in PNG and PDF metadata: title, alt text, long description, medium."""
    style = style or compose_style(map_style=mind_map.style)
    return {
        "title": mind_map.title,
        "alt": alt_text(mind_map),
        "description": long_description(mind_map, style.look.count_format),
        "medium": medium,
    }


def describe_outputs(mind_map: MindMap, style: Style | None = None) -> dict[str, bytes]:
    """The alt text and long description written beside a figure, keyed by suffix:
    ``alt.txt`` and ``description.md`` (so :func:`write_outputs` names them
    ``<id>.alt.txt`` and ``<id>.description.md``)."""
    from ..text.markdown import escape_markdown

    style = style or compose_style(map_style=mind_map.style)
    # A Markdown file: the analyst's words escaped as the Markdown export escapes them,
    # so that a label such as <script> is shown by Markdown readers, never run.
    description = long_description(mind_map, style.look.count_format, escape_markdown)
    return {
        "alt.txt": (alt_text(mind_map) + "\n").encode("utf-8"),
        "description.md": description.encode("utf-8"),
    }


def write_outputs(outputs: dict[str, bytes], out_dir: Path, stem: str) -> list[Path]:
    """Write each output atomically as ``out_dir/stem.format``."""
    from ..files import write_atomic

    written = []
    for fmt, data in outputs.items():
        path = out_dir / f"{stem}.{fmt}"
        write_atomic(path, data)
        written.append(path)
    return written
