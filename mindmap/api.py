"""The Python API, for scripts and notebooks: ``import mindmap``.

Five names do everything the command line does with one map:

* :func:`load_map` reads a theme file (YAML or JSON) into a :class:`MindMap`,
  raising :class:`~mindmap.errors.InputError` with every problem as
  ``file:line:col: field: message``;
* :class:`MindMap` is the map itself (a pydantic model: build one from a dict
  with ``MindMap.model_validate(data)``); in Jupyter it shows as the figure;
* :func:`build_graph` gives its networkx graph (nodes ``hypothesis``,
  ``theme``, ``subtheme``, ``quote``; edges ``branch``, ``connection``,
  ``quote``) for your own analysis;
* :func:`render` makes SVG, PNG or PDF, as bytes or written to files;
* :func:`resolve_style` composes style sheets into a :class:`~mindmap.style.sheet.Style`.

A whole session, from a theme file to a PNG for a report:

>>> import mindmap, pathlib, tempfile
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "demo.yaml").write_text('''
... id: demo
... title: "Hypothesis 1: Demo"
... headline: Pathways matter because they
... themes:
...   - id: access
...     label: Give access
...     n: 12
...     subthemes:
...       - label: Faster referrals
...   - id: trust
...     label: Build trust
... connections:
...   - between: [access, trust]
... ''', encoding="utf-8")
>>> demo = mindmap.load_map(folder / "demo.yaml")
>>> demo.title
'Hypothesis 1: Demo'
>>> graph = mindmap.build_graph(demo)
>>> sorted(kind for _, kind in graph.nodes(data="kind"))
['hypothesis', 'subtheme', 'theme', 'theme']
>>> png = mindmap.render(demo, "png")
>>> png[:8] == b"\\x89PNG\\r\\n\\x1a\\n"
True
>>> [p.name for p in mindmap.render(demo, ["svg", "pdf"], out_dir=folder)]
['demo.svg', 'demo.pdf']
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Union, overload

from .load.reader import load_map
from .model.graph import build_graph
from .model.theme import MindMap

if TYPE_CHECKING:
    from .style.sheet import Style

__all__ = ["MindMap", "build_graph", "load_map", "register_display", "render", "resolve_style"]

StyleSpec = Union["Style", str, Path, Mapping[str, Any], Sequence[Union[str, Path, Mapping[str, Any]]], None]


def _layers(style: StyleSpec) -> tuple[list[str | Path], list[dict[str, Any]]]:
    """Split a style argument into sheets (names or paths) and overrides (mappings)."""
    if style is None:
        return [], []
    items: list[Any] = [style] if isinstance(style, (str, Path, Mapping)) else list(style)
    sheets: list[str | Path] = []
    overrides: list[dict[str, Any]] = []
    for item in items:
        if isinstance(item, Mapping):
            overrides.append(dict(item))
        elif isinstance(item, (str, Path)):
            if overrides:
                raise TypeError("give style sheets (names or paths) before overrides (dicts)")
            sheets.append(item)
        else:
            raise TypeError(f"a style is a sheet name, a path or a dict, not {type(item).__name__}")
    return sheets, overrides


def resolve_style(*sheets: str | Path | Mapping[str, Any]) -> Style:
    """The house style with each sheet (a name or path) or override (a dict) on top, later wins.

    Overrides name only what they change, with the keys of a style sheet
    (see ``mindmap schema --styles``).

    >>> import mindmap
    >>> mindmap.resolve_style().look.palette[0]
    '#005EB8'
    >>> wide = mindmap.resolve_style({"scale": {"canvas": {"width_mm": 250}}})
    >>> wide.scale.canvas.width_mm
    250.0
    >>> mindmap.resolve_style({"look": {"palete": []}})
    Traceback (most recent call last):
    ...
    mindmap.style.sheet.StyleError: style: look.palete: unknown key 'palete'; did you mean 'palette'?
    """
    return _compose(list(sheets), None)


def _compose(style: StyleSpec, map_style: Mapping[str, Any] | None) -> Style:
    from .style.library import compose_style
    from .style.sheet import Style

    if isinstance(style, Style):
        return style
    sheets, overrides = _layers(style)
    return compose_style(sheets, map_style, overrides=overrides)


def register_display(formatter: Any) -> None:
    """Show maps as their figures through an IPython ``DisplayFormatter`` (done for you in IPython).

    >>> from IPython.core.formatters import DisplayFormatter
    >>> formatter = DisplayFormatter()
    >>> register_display(formatter)
    >>> m = MindMap.model_validate({"id": "a", "title": "A", "headline": "Centre", "themes": [{"label": "B"}]})
    >>> formatter.format(m)[0]["image/svg+xml"].startswith("<?xml")
    True
    """
    formatter.formatters["image/svg+xml"].for_type_by_name("mindmap.model.theme", "MindMap", _display_svg)


def _display_svg(mind_map: MindMap) -> str:
    return render(mind_map, "svg").decode("utf-8")


@overload
def render(
    mind_map: MindMap | str | Path,
    formats: str = ...,
    *,
    style: StyleSpec = ...,
    layout: str = ...,
    fit: str = ...,
    legend: str = ...,
    heading: bool | None = ...,
    out_dir: None = ...,
    depth: int | None = ...,
) -> bytes: ...
@overload
def render(
    mind_map: MindMap | str | Path,
    formats: list[str] | tuple[str, ...],
    *,
    style: StyleSpec = ...,
    layout: str = ...,
    fit: str = ...,
    legend: str = ...,
    heading: bool | None = ...,
    out_dir: None = ...,
    depth: int | None = ...,
) -> dict[str, bytes]: ...
@overload
def render(
    mind_map: MindMap | str | Path,
    formats: str | Sequence[str] = ...,
    *,
    style: StyleSpec = ...,
    layout: str = ...,
    fit: str = ...,
    legend: str = ...,
    heading: bool | None = ...,
    out_dir: str | Path,
    depth: int | None = ...,
) -> list[Path]: ...


def render(
    mind_map: MindMap | str | Path,
    formats: str | Sequence[str] = "svg",
    *,
    style: StyleSpec = None,
    layout: str = "radial",
    fit: str = "page",
    legend: str = "auto",
    heading: bool | None = None,
    out_dir: str | Path | None = None,
    depth: int | None = None,
) -> bytes | dict[str, bytes] | list[Path]:
    """Render a map (a :class:`MindMap` or the path of a theme file) as a figure.

    ``formats`` is ``"svg"``, ``"png"``, ``"pdf"`` or ``"html"`` (an
    interactive page: zoom, fold, search; the result is that figure's bytes) or a
    list of them (the result maps each format to its bytes).  With ``out_dir``, the figures are written there as
    ``<id>.<format>`` instead, atomically, and their paths returned.

    ``style`` is a sheet's name or path, a dict of overrides, or a list of
    those (sheets first), applied like ``--style`` and ``--set`` on the
    command line: the house style, then the sheets, then the map's own
    ``style:`` block, then the dicts.  A :class:`~mindmap.styles.Style` from
    :func:`resolve_style` is used as it is.  ``layout`` is ``radial`` or ``tree``.
    ``depth`` folds everything below that depth into its parent, which says
    what it holds (1: key themes only; see :mod:`mindmap.model.fold`).

    ``fit`` is the medium the figure is composed for: ``page`` (a report's
    170 mm column, the default), ``slide`` (16:9), ``a4-landscape``, ``a3``
    or ``none`` (natural size).  ``legend`` is ``auto`` (only the kinds the
    map has), ``full``, ``none`` or ``separate`` (none in the figure);
    ``heading`` puts the title and hypothesis in the picture (default: yes,
    except on a slide).

    >>> import mindmap
    >>> m = mindmap.MindMap.model_validate(
    ...     {"id": "tiny", "title": "Tiny", "headline": "Centre", "themes": [{"label": "One"}]})
    >>> svg = mindmap.render(m)
    >>> svg.startswith(b"<svg") or svg.startswith(b"<?xml")
    True
    >>> b"Centre" in svg
    True
    >>> sorted(mindmap.render(m, ["svg", "png"]))
    ['png', 'svg']
    >>> big = mindmap.render(m, style={"scale": {"hypothesis": {"size": 30}}})
    >>> big != svg
    True
    >>> mindmap.render(m, "gif")
    Traceback (most recent call last):
    ...
    mindmap.errors.UserError: unknown format 'gif'; choose from: svg, png, pdf, html
    >>> b"1 sub-theme" in mindmap.render(mindmap.MindMap.model_validate(
    ...     {"id": "t", "title": "T", "headline": "H", "themes": [{"label": "A", "subthemes": [{"label": "A1"}]}]}),
    ...     depth=1)
    True
    """
    from .publish.formats import check_formats
    from .publish.render import render_map, write_outputs

    if not isinstance(mind_map, MindMap):
        if isinstance(mind_map, (str, Path)):
            mind_map = load_map(mind_map)
        else:
            raise TypeError(f"render takes a MindMap or the path of a theme file, not {type(mind_map).__name__}")
    single = isinstance(formats, str)
    wanted = check_formats([formats] if isinstance(formats, str) else formats)
    resolved = _compose(style, mind_map.style)
    if depth is not None and depth < 0:
        from .errors import UserError

        raise UserError(f"depth must be 0 or more, not {depth}")
    outputs = render_map(
        mind_map, wanted, style=resolved, layout=layout, fit=fit, legend=legend, heading=heading, depth=depth
    )
    if out_dir is not None:
        return write_outputs(outputs, Path(out_dir), mind_map.id)
    return outputs[wanted[0]] if single else outputs
