"""Drawing a :class:`~mindmap.layout.Layout` as SVG text.

Text stays text.  Every string from the input is escaped, so no label can add
markup.  Each node is a ``<g class="node KIND depth-N">`` and each edge a
``<g class="edge KIND">``: stable hooks for designers' CSS and for tests.
Node groups also carry ``data-node`` (the graph node) and ``data-parent``,
edge groups ``data-source`` and ``data-target``, so a script can fold a branch.
Numbers are written with fixed precision so the same map gives the same bytes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Final

from ..layout.boxes import EdgePath, Layout, NodeBox, Run
from ..layout.edges import label_box
from ..style.sheet import Style
from ..text.bidi import SELECTORS, visual_text
from ..text.measure import metrics

__all__ = ["EMBEDDED_FAMILY", "Inline", "draw_svg", "escape_attr", "escape_text", "text_content"]

Content = Callable[[str, bool, bool], str]
# The family an embedded font subset is named by (see mindmap.draw.fontembed).
EMBEDDED_FAMILY: Final = "Liberation Sans"

_INVALID_XML: Final = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_DASHES: Final = {"solid": None, "dashed": "6 4", "dotted": "1.2 3", "dashdot": "7 3 1.2 3"}


def _plain(text: str) -> bool:
    """Whether ``text`` is printable ASCII without ``&``, ``<`` or ``>``: XML as it is (most
    labels; a figure escapes some tens of thousands of texts)."""
    return text.isascii() and text.isprintable() and "&" not in text and "<" not in text and ">" not in text


def escape_text(text: str) -> str:
    """Text made safe as XML character data (characters XML forbids become U+FFFD)."""
    if _plain(text):
        return text
    text = _INVALID_XML.sub("\ufffd", text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def escape_attr(text: str) -> str:
    """Text made safe inside a double-quoted XML attribute."""
    if _plain(text) and '"' not in text:
        return text
    return escape_text(text).replace('"', "&quot;").replace("\n", "&#10;").replace("\t", "&#9;")


def text_content(text: str, bold: bool = False, italic: bool = False) -> str:
    """Escaped character data for a ``<text>``.  Each stretch that Liberation Sans
    cannot draw (CJK, Arabic, emoji) is a ``<tspan>`` naming the fallback family
    it was measured with (:func:`mindmap.text.measure.fallback_face`), so Cairo, which
    does no font fallback of its own, and browsers both draw it at that width."""
    if text.isascii():
        return escape_text(text)
    import unicodedata

    from ..text.measure import emoji_face, fallback_face

    out: list[str] = []
    stretch: list[str] = []
    face: tuple[str, bool, bool] | None = None

    def flush() -> None:
        if not stretch:
            return
        words = escape_text("".join(stretch))
        if face is None:
            out.append(words)
        else:
            family, face_bold, face_italic = face
            attrs = f'font-family="{_family_names([family, "sans-serif"])}"'
            if face_bold != bold:  # the family has no bold face with these characters
                attrs += ' font-weight="normal"'
            if face_italic != italic:
                attrs += ' font-style="normal"'
            out.append(f"<tspan {attrs}>{words}</tspan>")
        stretch.clear()

    for at, char in enumerate(text):
        wanted = emoji_face(text, at) or fallback_face(char, bold, italic)
        # joiners, selectors and combining marks stay with the character they join
        if wanted != face and not (stretch and unicodedata.category(char) in ("Mn", "Me", "Cf")):
            flush()
            face = wanted
        stretch.append(char)
    flush()
    return "".join(out)


def _f(value: float) -> str:
    text = f"{value:.2f}"
    if text[-1] != "0":  # most numbers: nothing to strip (a figure writes some hundred thousand)
        return text
    text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _family(style: Style) -> str:
    return _family_names([style.look.font_family, *style.look.font_fallbacks])


def _family_names(names: list[str]) -> str:
    quoted = [n if n in ("serif", "sans-serif", "monospace") or " " not in n else f"'{n}'" for n in names]
    return escape_attr(", ".join(quoted))


def _text(run: Run, ox: float, oy: float, content: Content, klass: str | None = None) -> str:
    face = (' font-weight="bold"' if run.bold else "") + (' font-style="italic"' if run.italic else "")
    x = _f(ox + run.x)
    if content is _cairo_content and run.text.isascii():
        x = _letters_at(run, ox + run.x)
    return (
        f'<text class="{klass or run.role}" x="{x}" y="{_f(oy + run.baseline)}" '
        f'font-size="{_f(run.size)}" fill="{run.colour}"{face}>{content(run.text, run.bold, run.italic)}</text>'
    )


def _letters_at(run: Run, x: float) -> str:
    """Each letter's x where layout measured it (for Cairo): Cairo draws letter by letter, each
    advance rounded to whole pixels at a PNG's size, so a long line placed by its own advances
    could grow past its box (a 57-letter headline at 26 px by 11 px)."""
    face = metrics(run.bold, run.italic)
    at = []
    for char in run.text:
        at.append(_f(x))
        x += face.width(char) * run.size
    return " ".join(at)


def _path(points: tuple[tuple[float, float], ...]) -> str:
    if not points:
        return ""
    parts = [f"M{_f(points[0][0])},{_f(points[0][1])}"]
    rest = points[1:]
    if len(rest) % 3 == 0:
        for i in range(0, len(rest), 3):
            (a, b), (c, d), (e, f) = rest[i : i + 3]
            parts.append(f"C{_f(a)},{_f(b)} {_f(c)},{_f(d)} {_f(e)},{_f(f)}")
    else:
        parts.extend(f"L{_f(x)},{_f(y)}" for x, y in rest)
    return " ".join(parts)


def _shape(box: NodeBox, x: float, y: float) -> str:
    fill, stroke, width = box.fill, box.border, box.border_width
    paint = f'fill="{fill}"' + (f' stroke="{stroke}" stroke-width="{_f(width)}"' if width > 0 else "")
    if box.shape == "ellipse":
        return (
            f'<ellipse class="shape" cx="{_f(x + box.w / 2)}" cy="{_f(y + box.h / 2)}" '
            f'rx="{_f(box.w / 2)}" ry="{_f(box.h / 2)}" {paint}/>'
        )
    radius = {"rectangle": 0.0, "pill": box.h / 2}.get(box.shape, box.radius)
    rect = (
        f'<rect class="shape" x="{_f(x)}" y="{_f(y)}" width="{_f(box.w)}" height="{_f(box.h)}" '
        f'rx="{_f(radius)}" {paint}/>'
    )
    if box.shape == "callout":
        # A call-out: the box with an accent bar on the side facing its theme.
        bar_x = x if box.side > 0 else x + box.w - 3
        rect += (
            f'<rect class="accent" x="{_f(bar_x)}" y="{_f(y + radius)}" width="3" '
            f'height="{_f(max(box.h - 2 * radius, 1))}" fill="{stroke}"/>'
        )
    return rect


def _node(box: NodeBox, content: Content, fallbacks: tuple[str, ...] = (), parent: str | None = None) -> str:
    x, y = box.left, box.top
    depth = f" depth-{box.depth}" if box.kind in ("theme", "subtheme") else ""
    family = f' font-family="{_family_names([box.font_family, *fallbacks])}"' if box.font_family else ""
    # data-node and data-parent: the tree, for scripts that fold branches (mindmap.draw.html).
    tree = f' data-node="{escape_attr(box.name)}"' + (f' data-parent="{escape_attr(parent)}"' if parent else "")
    out = [
        f'<g class="node {box.kind}{depth}"{tree}{family}><title>{escape_text(box.label)}</title>',
        _shape(box, x, y),
    ]
    out.extend(_text(run, x, y, content) for run in box.runs)
    out.append("</g>")
    return "".join(out)


def _edge(edge: EdgePath, style: Style) -> str:
    dash = _DASHES[edge.dash]
    attrs = f'fill="none" stroke="{edge.colour}" stroke-width="{_f(edge.width)}" stroke-linecap="round"'
    if dash:
        attrs += f' stroke-dasharray="{dash}"'
    ends = f'data-source="{escape_attr(edge.source)}" data-target="{escape_attr(edge.target)}"'
    return f'<g class="edge {edge.kind}" {ends}><path d="{_path(edge.points)}" {attrs}/></g>'


def _edge_label(edge: EdgePath, style: Style, content: Content, size: float) -> str:
    """A connection's words, on a patch of canvas so the line does not cross them."""
    if not (edge.label and edge.label_at):
        return ""
    x0, y0, x1, y1 = label_box(edge.label_at, edge.label, size)
    return (
        f'<g class="edge-label {edge.kind}"><rect x="{_f(x0)}" y="{_f(y0)}" '
        f'width="{_f(x1 - x0)}" height="{_f(y1 - y0)}" rx="2" fill="{style.look.canvas.background}"/>'
        f'<text x="{_f(x0 + 3)}" y="{_f(edge.label_at[1] + size * 0.35)}" font-size="{_f(size)}" '
        f'font-style="italic" fill="{style.look.legend.text}">{content(edge.label, False, True)}</text></g>'
    )


def _sample(
    kind: str, shape: str, x: float, y: float, w: float, h: float, rx: float, fill: str, stroke: str, width: float
) -> str:
    """A legend's sample box, in the shape the map draws that kind with."""
    paint = f'fill="{fill}" stroke="{stroke}" stroke-width="{_f(width)}"'
    if shape == "ellipse":
        return (
            f'<ellipse class="sample {kind}" cx="{_f(x + w / 2)}" cy="{_f(y + h / 2)}" rx="{_f(w / 2)}" '
            f'ry="{_f(h / 2)}" {paint}/>'
        )
    radius = {"rectangle": 0.0, "pill": h / 2}.get(shape, rx)
    return (
        f'<rect class="sample {kind}" x="{_f(x)}" y="{_f(y)}" width="{_f(w)}" height="{_f(h)}" '
        f'rx="{_f(radius)}" {paint}/>'
    )


def _legend(layout: Layout, style: Style, content: Content) -> str:
    box = layout.legend
    if box is None:
        return ""
    x, y = box.left, box.top
    family = f' font-family="{_family_names([box.font_family, *style.look.font_fallbacks])}"' if box.font_family else ""
    out = [f'<g class="legend"{family}>' + _shape(box, x, y)]
    look, scale = style.look, style.scale
    # The samples look like the first branch's boxes on the map (resolved by the layout).
    theme, sub = layout.samples["theme"], layout.samples["subtheme"]
    for kind, (sx, sy, sw, sh) in layout.legend_items:
        sx, sy = sx + x, sy + y
        mid = sy + sh / 2
        if kind == "theme":
            out.append(
                _sample(
                    "theme",
                    theme.shape,
                    sx,
                    mid - 6,
                    sw,
                    12,
                    3,
                    theme.fill,
                    theme.border,
                    theme.border_width,
                )
            )
        elif kind == "subtheme":
            out.append(
                _sample(
                    "subtheme",
                    sub.shape,
                    sx + 6,
                    mid - 5,
                    sw - 6,
                    10,
                    2,
                    sub.fill,
                    sub.border,
                    sub.border_width,
                )
            )
        elif kind == "connection":
            dash = _DASHES[look.lines.connection_dash]
            dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
            out.append(
                f'<path class="sample connection" d="M{_f(sx)},{_f(mid)} '
                f"C{_f(sx + sw / 3)},{_f(mid - 6)} {_f(sx + 2 * sw / 3)},{_f(mid + 6)} {_f(sx + sw)},{_f(mid)}"
                f'" fill="none" stroke="{look.lines.connection}" '
                f'stroke-width="{_f(scale.lines.connection_width)}"{dash_attr}/>'
            )
        elif kind == "count":
            text = look.count_format.format(n=42)
            out.append(
                f'<text class="sample count" x="{_f(sx)}" y="{_f(mid + 3)}" font-size="{_f(scale.legend.size)}" '
                f'fill="{look.theme.count}">{escape_text(text)}</text>'
            )
    out.extend(_text(run, x, y, content) for run in box.runs)
    out.append("</g>")
    return "".join(out)


def _cairo_content(text: str, bold: bool = False, italic: bool = False) -> str:
    """Character data for Cairo: visual order, joined Arabic, no variation selectors."""
    return text_content(visual_text(text), bold, italic).translate(SELECTORS)


@dataclass(frozen=True)
class Inline:
    """How a figure sits inside an HTML page: named by its alt text, described by
    the element with id ``described_by``; no XML declaration."""

    alt: str
    described_by: str
    page: bool = False  # sized by the page, and a group of controls rather than one image (the HTML figure)


def draw_svg(
    layout: Layout,
    style: Style,
    *,
    title: str,
    description: str,
    map_id: str = "map",
    for_cairo: bool = False,
    font_css: str | None = None,
    inline: Inline | None = None,
) -> str:
    """The finished SVG document for a laid-out map.

    The title and description ids carry the map's id, so several figures can
    sit inline in one page (the gallery, a notebook) with ids still unique.
    ``for_cairo`` writes every text in the order Cairo draws it
    (:mod:`mindmap.text.bidi`); ``font_css`` (``@font-face`` rules) embeds
    fonts and names Liberation Sans first; ``inline`` makes the figure ready to
    sit in an HTML page.
    """
    content: Content = _cairo_content if for_cairo else text_content
    width_mm, height_mm = layout.size_mm
    family = _family(style)
    extra = ""
    if font_css is not None:
        names = [
            EMBEDDED_FAMILY,
            *(n for n in (style.look.font_family, *style.look.font_fallbacks) if n != EMBEDDED_FAMILY),
        ]
        family = _family_names(names)
        # geometricPrecision: browsers then place glyphs at their exact advances,
        # as layout measured them, rather than rounding them at small sizes.
        extra = ' text-rendering="geometricPrecision"'
    size = f'width="{_f(width_mm)}mm" height="{_f(height_mm)}mm" '
    role = "img"
    if inline is None:
        labelled = f'aria-labelledby="mm-{map_id}-title mm-{map_id}-desc"'
    else:
        labelled = (
            f'aria-label="{escape_attr(inline.alt)}" aria-describedby="{escape_attr(inline.described_by)}" class="map"'
        )
        if inline.page:
            size, role = "", "group"
            labelled += ' preserveAspectRatio="xMidYMid meet"'
    parts = [
        "" if inline else '<?xml version="1.0" encoding="UTF-8"?>\n',
        f'<svg xmlns="http://www.w3.org/2000/svg" {size}'
        f'viewBox="0 0 {_f(layout.width)} {_f(layout.height)}" role="{role}" {labelled} '
        f'font-family="{family}"{extra} data-medium="{layout.medium}">\n',
        f'<title id="mm-{map_id}-title">{escape_text(title)}</title>\n',
        f'<desc id="mm-{map_id}-desc">{escape_text(description)}</desc>\n',
    ]
    if font_css:
        parts.append('<defs><style type="text/css">' + font_css + "</style></defs>\n")
    parts.append(
        f'<rect class="background" x="0" y="0" width="{_f(layout.width)}" height="{_f(layout.height)}" '
        f'fill="{style.look.canvas.background}"/>\n'
    )
    if layout.title:
        parts.append('<g class="heading">' + "".join(_text(r, 0, 0, content) for r in layout.title) + "</g>\n")
    # Edges first, so boxes sit on top of the lines; connection words last.
    parts.append('<g class="edges">\n')
    parts.extend(_edge(e, style) + "\n" for e in layout.edges)
    parts.append('</g>\n<g class="nodes">\n')
    fallbacks = tuple(style.look.font_fallbacks)
    parents = {e.target: e.source for e in layout.edges if e.kind != "connection"}
    parts.extend(_node(box, content, fallbacks, parents.get(box.name)) + "\n" for box in layout.nodes)
    parts.append('</g>\n<g class="edge-labels">\n')
    parts.extend(_edge_label(e, style, content, layout.label_size) + "\n" for e in layout.edges if e.label)
    parts.append("</g>\n")
    parts.append(_legend(layout, style, content) + "\n")
    parts.append("</svg>\n")
    return "".join(parts)
