"""The legibility benchmark: how large a figure's text prints where it lands, and whether its connections read.

``python -m bench.legibility`` (or ``make bench-legibility``; ``python -m bench`` runs it too) renders every
map of ``bench/corpus/`` and the report's ten (``themes/``) with ``mindmap render -f svg`` (with ``--fit page``,
``--fit slide`` and ``--fit a3`` when this mindmap has the option; otherwise the one figure is measured on every
medium) and with the Mermaid CLI on the same map (``mindmap export --to mermaid``), measures each figure, and
writes a "Legibility" section into ``bench/results.md`` (between the markers ``<!-- BEGIN legibility -->`` and
``<!-- END legibility -->``, replacing an earlier one), with the targets of issues 12 and 13.

The measures, on one SVG (relying only on its class names: ``node``, ``edge branch``, ``edge connection``,
``edge-label connection``):

* printed size: the smallest text, in pt, once the whole figure (its viewBox, 1 unit = 1 pt) is scaled to fit
  the medium: ``min(font sizes) * min(medium width / figure width, medium height / figure height)``.  Font sizes
  come from attributes, inline styles and the SVG's own CSS (selectors, specificity, inheritance), scaled by any
  transform; HTML text in ``<foreignObject>`` (Mermaid's labels) counts like ``<text>``;
* aspect: width / height of what is drawn (every shape and text, a background covering the whole canvas
  excepted), beside the medium's: a figure composed for a slide or A3 is the medium's whole canvas, with the
  map centred on it, so its viewBox alone says nothing about how well the map fills it;
* boxes: ``<g class="node ...">`` groups (the headline, themes and quotes);
* through: connection lines that pass behind a box they do not join (more than 2 units of the line inside the
  box shrunk by 1 unit; the boxes a line joins are those nearest its two ends);
* crossings: points where a connection line crosses a branch line, not counting any within 10 units of an end
  of either line, and points closer than 5 units counted once; connection-with-connection crossings apart;
* detached: connection labels farther than 6 units from every connection line.

No import from outside the repository: :func:`crosscheck` runs the team's reference ``figurecheck.py`` as a
separate process, when it is there, and prints both measures side by side.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import datetime as _dt
import hashlib
import json
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Final, Iterable, Iterator, Sequence

__all__ = [
    "MEDIA",
    "FigureMeasure",
    "LegibilityResults",
    "MapRow",
    "Target",
    "crosscheck",
    "edge_lines",
    "font_sizes",
    "length_inside",
    "main",
    "measure_svg",
    "node_boxes",
    "parse_css",
    "path_polylines",
    "polyline_crossings",
    "printed_size",
    "rect_polyline_distance",
    "run_legibility",
    "section",
    "splice",
    "targets",
    "view_box",
]

ROOT: Final = Path(__file__).resolve().parent.parent
CORPUS: Final = ROOT / "bench" / "corpus"
THEMES: Final = ROOT / "themes"
RESULTS: Final = ROOT / "bench" / "results.md"
CACHE: Final = ROOT / ".tmp" / "bench-mermaid"
BEGIN: Final = "<!-- BEGIN legibility -->"
END: Final = "<!-- END legibility -->"

MM: Final = 72 / 25.4
MEDIA: Final[dict[str, tuple[float, float]]] = {  # printable area, pt
    "page": (round(170 * MM, 1), round(240 * MM, 1)),  # 481.9 x 680.3: a 170 mm column, at most 240 mm tall
    "slide": (720.0, 405.0),  # 16:9
    "a3": (round(400 * MM, 1), round(277 * MM, 1)),  # 1133.9 x 785.2: A3 landscape inside its margins
}
MEDIUM_NAMES: Final = {
    "page": "a page (170 mm wide, at most 240 mm tall)",
    "slide": "a 16:9 slide",
    "a3": "A3 landscape (400 x 277 mm inside the margins)",
}
SMALL_MAP: Final = 40  # boxes: the issue-12 targets are for maps up to this size
DETACHED_UNITS: Final = 6.0
END_CLEAR: Final = 10.0
SAME_POINT: Final = 5.0
THROUGH_INSET: Final = 1.0
THROUGH_MIN_LENGTH: Final = 2.0
JOIN_DISTANCE: Final = 8.0

SVG_NS: Final = "{http://www.w3.org/2000/svg}"
_NUMBER: Final = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_NOT_DRAWN: Final = {"title", "desc", "style", "script", "metadata", "defs", "symbol", "clipPath", "mask", "marker"}
_TEXT_TAGS: Final = {"text", "tspan", "textPath"}
_SHAPES: Final = {"rect", "circle", "ellipse", "polygon", "polyline", "path", "line"}

Point = tuple[float, float]
Matrix = tuple[float, float, float, float, float, float]  # a b c d e f: x' = a x + c y + e, y' = b x + d y + f
IDENTITY: Final[Matrix] = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _local(tag: object) -> str:
    return str(tag).rsplit("}", 1)[-1]


# --- transforms --------------------------------------------------------------------------------------------------


def _multiply(m: Matrix, n: Matrix) -> Matrix:
    """m then n applied inside it: the matrix of ``m * n``."""
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (
        a * a2 + c * b2,
        b * a2 + d * b2,
        a * c2 + c * d2,
        b * c2 + d * d2,
        a * e2 + c * f2 + e,
        b * e2 + d * f2 + f,
    )


def parse_transform(text: str | None) -> Matrix:
    """The matrix of an SVG ``transform`` attribute (translate, scale, rotate, skewX, skewY, matrix)."""
    m = IDENTITY
    for kind, args in re.findall(r"([A-Za-z]+)\s*\(([^)]*)\)", text or ""):
        v = [float(x) for x in _NUMBER.findall(args)]
        if kind == "translate" and v:
            step: Matrix = (1, 0, 0, 1, v[0], v[1] if len(v) > 1 else 0.0)
        elif kind == "scale" and v:
            step = (v[0], 0, 0, v[1] if len(v) > 1 else v[0], 0, 0)
        elif kind == "rotate" and v:
            r = math.radians(v[0])
            step = (math.cos(r), math.sin(r), -math.sin(r), math.cos(r), 0, 0)
            if len(v) == 3:
                step = _multiply(_multiply((1, 0, 0, 1, v[1], v[2]), step), (1, 0, 0, 1, -v[1], -v[2]))
        elif kind == "skewX" and v:
            step = (1, 0, math.tan(math.radians(v[0])), 1, 0, 0)
        elif kind == "skewY" and v:
            step = (1, math.tan(math.radians(v[0])), 0, 1, 0, 0)
        elif kind == "matrix" and len(v) == 6:
            step = (v[0], v[1], v[2], v[3], v[4], v[5])
        else:
            continue
        m = _multiply(m, step)
    return m


def _apply(m: Matrix, p: Point) -> Point:
    return (m[0] * p[0] + m[2] * p[1] + m[4], m[1] * p[0] + m[3] * p[1] + m[5])


def _scale_of(m: Matrix) -> float:
    """How much the matrix scales lengths (the square root of its area factor)."""
    return math.sqrt(abs(m[0] * m[3] - m[1] * m[2]))


def _walk(
    root: ET.Element, start: Matrix = IDENTITY, above: tuple[ET.Element, ...] = ()
) -> Iterator[tuple[ET.Element, Matrix, tuple[ET.Element, ...]]]:
    """Every drawn element from ``root`` down, with its transform to the figure's coordinates (``start`` is the
    transform above ``root``) and its ancestors (outermost first)."""

    def visit(
        el: ET.Element, m: Matrix, ancestors: tuple[ET.Element, ...]
    ) -> Iterator[tuple[ET.Element, Matrix, tuple[ET.Element, ...]]]:
        if (
            _local(el.tag) in _NOT_DRAWN
            or el.get("display") == "none"
            or re.search(r"display\s*:\s*none", el.get("style") or "")
        ):
            return
        here = _multiply(m, parse_transform(el.get("transform"))) if el.get("transform") else m
        yield el, here, ancestors
        for child in el:
            yield from visit(child, here, (*ancestors, el))

    yield from visit(root, start, above)


# --- CSS and font sizes ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    """One selector of a CSS rule with its font-size declaration."""

    compounds: tuple[str, ...]  # descendant chain, outermost first
    specificity: tuple[int, int, int]
    order: int
    font_size: str


def _specificity(compounds: Sequence[str]) -> tuple[int, int, int]:
    text = " ".join(compounds)
    ids = len(re.findall(r"#[\w-]+", text))
    classes = len(re.findall(r"\.[\w-]+|\[[^\]]*\]|:(?!:)[\w-]+", text))
    tags = len(re.findall(r"(?:^|\s)[A-Za-z][\w-]*", text))
    return ids, classes, tags


def parse_css(css: str) -> list[Rule]:
    """The font-size rules of a style sheet; at-rules (@font-face, @keyframes, @media) are skipped."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    rules: list[Rule] = []
    i, order = 0, 0
    while i < len(css):
        brace = css.find("{", i)
        if brace < 0:
            break
        prelude = css[i:brace].strip()
        depth, j = 1, brace + 1
        while j < len(css) and depth:
            depth += {"{": 1, "}": -1}.get(css[j], 0)
            j += 1
        body = css[brace + 1 : j - 1]
        i = j
        if prelude.startswith("@") or "{" in body:
            continue
        found = [d for d in body.split(";") if re.match(r"\s*font-size\s*:", d)]
        if not found:
            continue
        value = found[-1].split(":", 1)[1].replace("!important", "").strip()
        for selector in prelude.split(","):
            compounds = tuple(c for c in re.split(r"\s*[>+~]\s*|\s+", selector.strip()) if c)
            if compounds:
                rules.append(Rule(compounds, _specificity(compounds), order, value))
                order += 1
    return rules


def _matches(compound: str, el: ET.Element, is_root: bool) -> bool:
    tag = _local(el.tag)
    classes = (el.get("class") or "").split()
    for part in re.findall(r"[#.]?[\w-]+|\[[^\]]*\]|::?[\w-]+(?:\([^)]*\))?|\*", compound):
        if part == "*":
            continue
        if part.startswith("#"):
            if el.get("id") != part[1:]:
                return False
        elif part.startswith("."):
            if part[1:] not in classes:
                return False
        elif part.startswith("["):
            m = re.match(r"\[\s*([\w:-]+)\s*(?:=\s*[\"']?([^\"'\]]*)[\"']?)?\s*\]", part)
            if not m or el.get(m.group(1)) is None or (m.group(2) is not None and el.get(m.group(1)) != m.group(2)):
                return False
        elif part.startswith(":"):
            if part != ":root" or not is_root:
                return False
        elif part != tag:
            return False
    return True


def _rule_applies(rule: Rule, el: ET.Element, ancestors: tuple[ET.Element, ...]) -> bool:
    if not _matches(rule.compounds[-1], el, not ancestors):
        return False
    k = len(ancestors) - 1
    for compound in reversed(rule.compounds[:-1]):
        while k >= 0 and not _matches(compound, ancestors[k], k == 0):
            k -= 1
        if k < 0:
            return False
        k -= 1
    return True


_KEYWORDS: Final = {
    "xx-small": 9.0,
    "x-small": 10.0,
    "small": 13.0,
    "medium": 16.0,
    "large": 18.0,
    "x-large": 24.0,
    "xx-large": 32.0,
}


def _size_value(value: str, inherited: float) -> float | None:
    """A CSS or SVG font-size in user units (px), or None when it cannot be read."""
    value = value.strip().lower()
    if value in _KEYWORDS:
        return _KEYWORDS[value]
    if value == "larger":
        return inherited * 1.2
    if value == "smaller":
        return inherited / 1.2
    m = re.fullmatch(r"([-+]?(?:\d+\.?\d*|\.\d+))\s*(px|pt|em|rem|%|mm|cm|in|pc)?", value)
    if not m:
        return None
    number, unit = float(m.group(1)), m.group(2) or "px"
    factor = {
        "px": 1.0,
        "pt": 4 / 3,
        "pc": 16.0,
        "mm": 96 / 25.4,
        "cm": 96 / 2.54,
        "in": 96.0,
        "em": inherited,
        "rem": 16.0,
        "%": inherited / 100,
    }[unit]
    return number * factor


def _has_own_text(el: ET.Element) -> bool:
    return bool((el.text or "").strip()) or any((child.tail or "").strip() for child in el)


def font_sizes(root: ET.Element) -> list[float]:
    """The font size, in the root's user units, of every element that draws text of its own.

    Cascade: inline ``style``, then the most specific matching CSS rule (later wins a tie), then the SVG
    ``font-size`` attribute, then the parent's size (16 at the root).  The size is scaled by the element's
    transform.  SVG ``<text>``/``<tspan>`` and HTML elements inside ``<foreignObject>`` are counted.
    """
    rules: list[Rule] = []
    for style in root.iter(SVG_NS + "style"):
        rules += parse_css("".join(style.itertext()))
    sizes: list[float] = []
    computed: dict[int, float] = {}
    for el, matrix, ancestors in _walk(root):
        inherited = computed.get(id(ancestors[-1]), 16.0) if ancestors else 16.0
        size = inherited
        declared = re.findall(r"font-size\s*:\s*([^;]+)", el.get("style") or "")
        candidates = [r for r in rules if _rule_applies(r, el, ancestors)] if rules else []
        if declared:
            size = _size_value(declared[-1].replace("!important", ""), inherited) or inherited
        elif candidates:
            best = max(candidates, key=lambda r: (r.specificity, r.order))
            size = _size_value(best.font_size, inherited) or inherited
        elif el.get("font-size"):
            size = _size_value(el.get("font-size") or "", inherited) or inherited
        computed[id(el)] = size
        tag = _local(el.tag)
        in_html = any(_local(a.tag) == "foreignObject" for a in ancestors)
        if (tag in _TEXT_TAGS or in_html) and _has_own_text(el):
            sizes.append(size * _scale_of(matrix))
    return sizes


def view_box(root: ET.Element) -> tuple[float, float, float, float]:
    """x, y, width, height of the figure: its viewBox, else its width and height."""
    vb = root.get("viewBox")
    if vb:
        x, y, w, h = (float(v) for v in _NUMBER.findall(vb)[:4])
        return x, y, w, h

    def length(name: str) -> float:
        m = _NUMBER.match(root.get(name) or "0")
        return float(m.group()) if m else 0.0

    return 0.0, 0.0, length("width"), length("height")


def printed_size(smallest: float, width: float, height: float, medium: str | tuple[float, float]) -> float:
    """The smallest text in pt once a figure of ``width`` x ``height`` units is scaled to fit the medium."""
    mw, mh = MEDIA[medium] if isinstance(medium, str) else medium
    if width <= 0 or height <= 0:
        return 0.0
    return smallest * min(mw / width, mh / height)


# --- path geometry -----------------------------------------------------------------------------------------------


def _cubic(p0: Point, p1: Point, p2: Point, p3: Point, steps: int = 24) -> list[Point]:
    out = []
    for k in range(1, steps + 1):
        s = k / steps
        u = 1 - s
        out.append(
            (
                u**3 * p0[0] + 3 * u * u * s * p1[0] + 3 * u * s * s * p2[0] + s**3 * p3[0],
                u**3 * p0[1] + 3 * u * u * s * p1[1] + 3 * u * s * s * p2[1] + s**3 * p3[1],
            )
        )
    return out


def _quad(p0: Point, p1: Point, p2: Point, steps: int = 16) -> list[Point]:
    out = []
    for k in range(1, steps + 1):
        s = k / steps
        u = 1 - s
        out.append(
            (u * u * p0[0] + 2 * u * s * p1[0] + s * s * p2[0], u * u * p0[1] + 2 * u * s * p1[1] + s * s * p2[1])
        )
    return out


def _arc(p0: Point, rx: float, ry: float, phi_deg: float, large: bool, sweep: bool, p1: Point) -> list[Point]:
    """An elliptical arc as points (SVG implementation notes, F.6.5)."""
    if p0 == p1:
        return []
    rx, ry = abs(rx), abs(ry)
    if rx == 0 or ry == 0:
        return [p1]
    phi = math.radians(phi_deg)
    cos, sin = math.cos(phi), math.sin(phi)
    dx, dy = (p0[0] - p1[0]) / 2, (p0[1] - p1[1]) / 2
    x1, y1 = cos * dx + sin * dy, -sin * dx + cos * dy
    lam = (x1 / rx) ** 2 + (y1 / ry) ** 2
    if lam > 1:
        rx, ry = rx * math.sqrt(lam), ry * math.sqrt(lam)
    num = rx * rx * ry * ry - rx * rx * y1 * y1 - ry * ry * x1 * x1
    den = rx * rx * y1 * y1 + ry * ry * x1 * x1
    coef = math.sqrt(max(0.0, num / den)) if den else 0.0
    if large == sweep:
        coef = -coef
    cx1, cy1 = coef * rx * y1 / ry, -coef * ry * x1 / rx
    cx = cos * cx1 - sin * cy1 + (p0[0] + p1[0]) / 2
    cy = sin * cx1 + cos * cy1 + (p0[1] + p1[1]) / 2

    def angle(ux: float, uy: float, vx: float, vy: float) -> float:
        a = math.atan2(ux * vy - uy * vx, ux * vx + uy * vy)
        return a

    t1 = angle(1, 0, (x1 - cx1) / rx, (y1 - cy1) / ry)
    dt = angle((x1 - cx1) / rx, (y1 - cy1) / ry, (-x1 - cx1) / rx, (-y1 - cy1) / ry)
    if not sweep and dt > 0:
        dt -= 2 * math.pi
    elif sweep and dt < 0:
        dt += 2 * math.pi
    steps = max(4, int(abs(dt) / (math.pi / 16)))
    out = []
    for k in range(1, steps + 1):
        t = t1 + dt * k / steps
        x, y = rx * math.cos(t), ry * math.sin(t)
        out.append((cos * x - sin * y + cx, sin * x + cos * y + cy))
    out[-1] = p1
    return out


def path_polylines(d: str | None) -> list[list[Point]]:
    """The subpaths of an SVG path as polylines (every command, absolute and relative; curves flattened)."""
    tokens = re.findall(r"[MmLlHhVvCcSsQqTtAaZz]|[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?", d or "")
    out: list[list[Point]] = []
    current: list[Point] = []
    pos: Point = (0.0, 0.0)
    start: Point = (0.0, 0.0)
    last_ctrl: Point | None = None
    last_cmd = ""
    cmd = ""
    i = 0

    def take(k: int) -> list[float]:
        nonlocal i
        vals = [float(t) for t in tokens[i : i + k]]
        i += k
        return vals

    while i < len(tokens):
        if tokens[i].isalpha():
            cmd = tokens[i]
            i += 1
            if cmd in "Zz":
                if current:
                    current.append(start)
                pos, last_cmd = start, "Z"
                continue
        elif not cmd or cmd in "Zz":
            i += 1
            continue
        need = {"M": 2, "L": 2, "T": 2, "H": 1, "V": 1, "C": 6, "S": 4, "Q": 4, "A": 7}[cmd.upper()]
        if i + need > len(tokens) or any(t.isalpha() for t in tokens[i : i + need]):
            break
        v = take(need)
        rel = cmd.islower()
        ox, oy = pos if rel else (0.0, 0.0)
        up = cmd.upper()
        if up == "M":
            if current and len(current) > 1:
                out.append(current)
            pos = (v[0] + ox, v[1] + oy)
            start, current = pos, [pos]
            cmd = "l" if rel else "L"
            last_ctrl = None
        elif up == "L" or up == "H" or up == "V":
            if up == "L":
                pos = (v[0] + ox, v[1] + oy)
            elif up == "H":
                pos = (v[0] + ox, pos[1])
            else:
                pos = (pos[0], v[0] + oy)
            current.append(pos)
            last_ctrl = None
        elif up == "C" or up == "S":
            if up == "C":
                c1, c2, end = (v[0] + ox, v[1] + oy), (v[2] + ox, v[3] + oy), (v[4] + ox, v[5] + oy)
            else:
                c1 = (2 * pos[0] - last_ctrl[0], 2 * pos[1] - last_ctrl[1]) if last_ctrl and last_cmd in "CcSs" else pos
                c2, end = (v[0] + ox, v[1] + oy), (v[2] + ox, v[3] + oy)
            current += _cubic(pos, c1, c2, end)
            pos, last_ctrl = end, c2
        elif up == "Q" or up == "T":
            if up == "Q":
                c, end = (v[0] + ox, v[1] + oy), (v[2] + ox, v[3] + oy)
            else:
                c = (2 * pos[0] - last_ctrl[0], 2 * pos[1] - last_ctrl[1]) if last_ctrl and last_cmd in "QqTt" else pos
                end = (v[0] + ox, v[1] + oy)
            current += _quad(pos, c, end)
            pos, last_ctrl = end, c
        else:  # A
            end = (v[5] + ox, v[6] + oy)
            current += _arc(pos, v[0], v[1], v[2], bool(v[3]), bool(v[4]), end)
            pos, last_ctrl = end, None
        last_cmd = cmd
        if not current:
            current = [pos]
    if len(current) > 1:
        out.append(current)
    return out


def _shape_polylines(el: ET.Element) -> list[list[Point]]:
    tag = _local(el.tag)

    def num(name: str, default: float = 0.0) -> float:
        m = _NUMBER.match(el.get(name) or "")
        return float(m.group()) if m else default

    if tag == "path":
        return path_polylines(el.get("d"))
    if tag in ("polygon", "polyline"):
        v = [float(x) for x in _NUMBER.findall(el.get("points") or "")]
        pts = list(zip(v[0::2], v[1::2]))
        return [pts + pts[:1]] if tag == "polygon" and pts else [pts]
    if tag == "line":
        return [[(num("x1"), num("y1")), (num("x2"), num("y2"))]]
    if tag == "rect":
        x, y, w, h = num("x"), num("y"), num("width"), num("height")
        return [[(x, y), (x + w, y), (x + w, y + h), (x, y + h), (x, y)]]
    if tag in ("circle", "ellipse"):
        cx, cy = num("cx"), num("cy")
        rx = num("rx", num("r"))
        ry = num("ry", num("r"))
        return [[(cx + rx * math.cos(k * math.pi / 16), cy + ry * math.sin(k * math.pi / 16)) for k in range(33)]]
    return []


@dataclass(frozen=True)
class Box:
    """A node's box in the root's coordinates."""

    id: str
    kind: str
    x0: float
    y0: float
    x1: float
    y1: float


def _classes(el: ET.Element) -> list[str]:
    return (el.get("class") or "").split()


def node_boxes(root: ET.Element) -> list[Box]:
    """The bounding box of the shapes (not the text) of every ``<g class="node ...">``."""
    boxes = []
    for el, matrix, ancestors in _walk(root):
        if _local(el.tag) != "g" or "node" not in _classes(el):
            continue
        if any(_local(a.tag) == "g" and "node" in _classes(a) for a in ancestors):
            continue
        pts: list[Point] = []
        for sub, m, _ in _inside(el, matrix, ancestors):
            if _local(sub.tag) in _SHAPES:
                for line in _shape_polylines(sub):
                    pts += [_apply(m, p) for p in line]
        if pts:
            xs, ys = [p[0] for p in pts], [p[1] for p in pts]
            kind = " ".join(c for c in _classes(el) if c != "node")
            boxes.append(Box(el.get("id") or f"node-{len(boxes)}", kind, min(xs), min(ys), max(xs), max(ys)))
    return boxes


def legend_boxes(root: ET.Element) -> list[Box]:
    """The outline of each ``<g class="legend">``: its first shape, the frame round the rest."""
    out = []
    for el, matrix, _ in _walk(root):
        if _local(el.tag) != "g" or "legend" not in _classes(el):
            continue
        frame = next((sub for sub in el if _local(sub.tag) in _SHAPES), None)
        pts = [_apply(matrix, p) for line in _shape_polylines(frame) for p in line] if frame is not None else []
        if pts:
            xs, ys = [p[0] for p in pts], [p[1] for p in pts]
            out.append(Box(f"legend-{len(out)}", "legend", min(xs), min(ys), max(xs), max(ys)))
    return out


def _inside(
    el: ET.Element, matrix: Matrix, ancestors: tuple[ET.Element, ...]
) -> Iterator[tuple[ET.Element, Matrix, tuple[ET.Element, ...]]]:
    """The drawn elements below ``el``, whose own transform is already in ``matrix``."""
    for child in el:
        yield from _walk(child, matrix, (*ancestors, el))


def edge_lines(root: ET.Element, kind: str) -> list[list[Point]]:
    """The polylines of every ``<g class="edge KIND">`` (its paths and lines), in the root's coordinates."""
    out = []
    for el, matrix, _ in _walk(root):
        cls = _classes(el)
        if _local(el.tag) != "g" or cls[:1] != ["edge"] or kind not in cls[1:]:
            continue
        for sub, m, _ in _inside(el, matrix, ()):
            if _local(sub.tag) in ("path", "line", "polyline"):
                for line in _shape_polylines(sub):
                    pts = [_apply(m, p) for p in line]
                    if len(pts) > 1:
                        out.append(pts)
    return out


# --- lines against boxes and lines -------------------------------------------------------------------------------


def _segment_cross(a: Point, b: Point, c: Point, d: Point) -> Point | None:
    den = (b[0] - a[0]) * (d[1] - c[1]) - (b[1] - a[1]) * (d[0] - c[0])
    if den == 0:
        return None
    t = ((c[0] - a[0]) * (d[1] - c[1]) - (c[1] - a[1]) * (d[0] - c[0])) / den
    u = ((c[0] - a[0]) * (b[1] - a[1]) - (c[1] - a[1]) * (b[0] - a[0])) / den
    if 0 <= t <= 1 and 0 <= u <= 1:
        return (a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1]))
    return None


def _bounds(line: Sequence[Point]) -> tuple[float, float, float, float]:
    xs, ys = [p[0] for p in line], [p[1] for p in line]
    return min(xs), min(ys), max(xs), max(ys)


def polyline_crossings(
    p: Sequence[Point], q: Sequence[Point], end_clear: float = END_CLEAR, same_point: float = SAME_POINT
) -> list[Point]:
    """Distinct points where polylines p and q cross, ignoring any within ``end_clear`` of an end of either."""
    if len(p) < 2 or len(q) < 2:
        return []
    bp, bq = _bounds(p), _bounds(q)
    if bp[2] < bq[0] or bq[2] < bp[0] or bp[3] < bq[1] or bq[3] < bp[1]:
        return []
    ends = (p[0], p[-1], q[0], q[-1])
    found: list[Point] = []
    for a, b in zip(p, p[1:]):
        if max(a[0], b[0]) < bq[0] or min(a[0], b[0]) > bq[2] or max(a[1], b[1]) < bq[1] or min(a[1], b[1]) > bq[3]:
            continue
        for c, d in zip(q, q[1:]):
            if (
                max(a[0], b[0]) < min(c[0], d[0])
                or max(c[0], d[0]) < min(a[0], b[0])
                or max(a[1], b[1]) < min(c[1], d[1])
                or max(c[1], d[1]) < min(a[1], b[1])
            ):
                continue
            x = _segment_cross(a, b, c, d)
            if x is None or any(math.dist(x, e) < end_clear for e in ends):
                continue
            if all(math.dist(x, f) > same_point for f in found):
                found.append(x)
    return found


def length_inside(line: Sequence[Point], x0: float, y0: float, x1: float, y1: float) -> float:
    """How much of the polyline lies inside the rectangle (Liang-Barsky clipping of each segment)."""
    total = 0.0
    for a, b in zip(line, line[1:]):
        dx, dy = b[0] - a[0], b[1] - a[1]
        lo, hi = 0.0, 1.0
        ok = True
        for p, q in ((-dx, a[0] - x0), (dx, x1 - a[0]), (-dy, a[1] - y0), (dy, y1 - a[1])):
            if p == 0:
                if q < 0:
                    ok = False
                    break
                continue
            r = q / p
            if p < 0:
                lo = max(lo, r)
            else:
                hi = min(hi, r)
            if lo > hi:
                ok = False
                break
        if ok and hi > lo:
            total += (hi - lo) * math.hypot(dx, dy)
    return total


def _point_rect_distance(p: Point, x0: float, y0: float, x1: float, y1: float) -> float:
    return math.hypot(max(x0 - p[0], 0.0, p[0] - x1), max(y0 - p[1], 0.0, p[1] - y1))


def _point_segment_distance(p: Point, a: Point, b: Point) -> float:
    dx, dy = b[0] - a[0], b[1] - a[1]
    length2 = dx * dx + dy * dy
    t = 0.0 if length2 == 0 else max(0.0, min(1.0, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / length2))
    return math.dist(p, (a[0] + t * dx, a[1] + t * dy))


def rect_polyline_distance(x0: float, y0: float, x1: float, y1: float, line: Sequence[Point]) -> float:
    """The shortest distance between a rectangle and a polyline (0 when they touch or overlap)."""
    if not line:
        return math.inf
    corners = ((x0, y0), (x1, y0), (x1, y1), (x0, y1))
    best = math.inf
    for a, b in zip(line, line[1:]) if len(line) > 1 else [(line[0], line[0])]:
        if length_inside([a, b], x0, y0, x1, y1) > 0 or _point_rect_distance(a, x0, y0, x1, y1) == 0:
            return 0.0
        best = min(
            best,
            _point_rect_distance(a, x0, y0, x1, y1),
            _point_rect_distance(b, x0, y0, x1, y1),
            *(_point_segment_distance(c, a, b) for c in corners),
        )
    return best


def _label_rects(root: ET.Element) -> list[tuple[float, float, float, float]]:
    """The rectangle of every connection label: its background rect, else its text's estimated extent."""
    out = []
    for el, matrix, _ in _walk(root):
        cls = _classes(el)
        if _local(el.tag) != "g" or cls[:1] != ["edge-label"] or "connection" not in cls[1:]:
            continue
        pts: list[Point] = []
        rects = [sub for sub in el.iter() if _local(sub.tag) == "rect"]
        if rects:
            for line in _shape_polylines(rects[0]):
                pts += [_apply(matrix, p) for p in line]
        else:
            for text in (sub for sub in el.iter() if _local(sub.tag) == "text"):
                words = "".join(text.itertext()).strip()
                size = _size_value(text.get("font-size") or "10", 16.0) or 10.0
                x = float(_NUMBER.match(text.get("x") or "0").group())  # type: ignore[union-attr]
                y = float(_NUMBER.match(text.get("y") or "0").group())  # type: ignore[union-attr]
                width = 0.55 * size * len(words)
                anchor = text.get("text-anchor") or "start"
                left = x - {"middle": width / 2, "end": width}.get(anchor, 0.0)
                pts += [_apply(matrix, (left, y - size)), _apply(matrix, (left + width, y + 0.25 * size))]
        if pts:
            xs, ys = [p[0] for p in pts], [p[1] for p in pts]
            out.append((min(xs), min(ys), max(xs), max(ys)))
    return out


# --- one figure --------------------------------------------------------------------------------------------------


@dataclass
class FigureMeasure:
    """Everything measured on one SVG."""

    boxes: int
    smallest: float  # smallest font size, viewBox units
    width: float
    height: float
    connections: int = 0
    through: int = 0  # connection lines that pass behind at least one box they do not join
    through_boxes: int = 0  # (connection, box) pairs
    crossings: int = 0  # connection x branch crossing points, in all
    crossings_max: int = 0  # the most branch crossings on one connection
    connection_crossings: int = 0  # connection x connection
    labels: int = 0
    detached: int = 0
    across: int = 0  # connection labels that another line (a branch, or another connection) passes through
    drawn_width: float = 0.0  # the extent of what is drawn (see drawn_extent); 0 when nothing is
    drawn_height: float = 0.0
    box_area: float = 0.0  # the boxes' and the legend's area, square units

    def share(self, medium: str, pt: float | None = None) -> float:
        """The share of the medium's area the boxes and the legend cover when the figure prints its
        smallest text at ``pt`` (by default at the size it prints at): what a map at that size needs
        of the medium before any line, gap or margin."""
        mw, mh = MEDIA[medium]
        pt = self.printed(medium) if pt is None else pt
        if not (self.smallest and pt):
            return 0.0
        units = (pt / self.smallest) ** 2  # square points per square unit
        return self.box_area * units / (mw * mh)

    @property
    def aspect(self) -> float:
        """Width / height of what is drawn, else of the viewBox."""
        if self.drawn_width and self.drawn_height:
            return self.drawn_width / self.drawn_height
        return self.width / self.height if self.height else 0.0

    def printed(self, medium: str) -> float:
        return printed_size(self.smallest, self.width, self.height, medium)

    def as_dict(self, medium: str) -> dict[str, float | int]:
        return {
            "boxes": self.boxes,
            "printed_pt": round(self.printed(medium), 2),
            "aspect": round(self.aspect, 3),
            "through": self.through,
            "crossings": self.crossings + self.connection_crossings,
            "detached": self.detached,
        }


def _joined(end: Point, boxes: Sequence[Box]) -> Box | None:
    """The box a connection's end belongs to: the nearest within JOIN_DISTANCE units."""
    best, dist = None, JOIN_DISTANCE
    for b in boxes:
        d = _point_rect_distance(end, b.x0, b.y0, b.x1, b.y1)
        if d <= dist:
            best, dist = b, d
    return best


def drawn_extent(root: ET.Element) -> tuple[float, float, float, float] | None:
    """x0, y0, x1, y1 round every shape and text drawn (text by an estimate of its extent), leaving out
    a background rectangle that covers the whole viewBox; None when nothing is drawn."""
    vx, vy, vw, vh = view_box(root)
    xs: list[float] = []
    ys: list[float] = []
    for el, matrix, ancestors in _walk(root):
        tag = _local(el.tag)
        if any(_local(a.tag) in ("defs", "clipPath", "mask", "marker", "symbol") for a in ancestors):
            continue
        pts: list[Point] = []
        if tag in _SHAPES:
            for line in _shape_polylines(el):
                pts += [_apply(matrix, p) for p in line]
            if tag == "rect" and pts:
                px, py = [p[0] for p in pts], [p[1] for p in pts]
                if max(px) - min(px) >= vw * 0.99 and max(py) - min(py) >= vh * 0.99:
                    continue  # the canvas
        elif tag == "text" and "".join(el.itertext()).strip():
            words = "".join(el.itertext()).strip()
            size = _size_value(el.get("font-size") or "10", 16.0) or 10.0
            x_at, y_at = _NUMBER.match(el.get("x") or "0"), _NUMBER.match(el.get("y") or "0")
            x = float(x_at.group()) if x_at else 0.0
            y = float(y_at.group()) if y_at else 0.0
            width = 0.5 * size * len(words)
            anchor = el.get("text-anchor") or "start"
            left = x - {"middle": width / 2, "end": width}.get(anchor, 0.0)
            pts = [_apply(matrix, (left, y - size * 0.9)), _apply(matrix, (left + width, y + 0.25 * size))]
        xs += [p[0] for p in pts]
        ys += [p[1] for p in pts]
    if not xs:
        return None
    # never past the canvas: what is drawn outside it is not printed
    return max(min(xs), vx), max(min(ys), vy), min(max(xs), vx + vw), min(max(ys), vy + vh)


def measure_svg(svg: str | bytes) -> FigureMeasure:
    """Measure one SVG figure (see the module's docstring for each measure)."""
    root = ET.fromstring(svg)
    _, _, width, height = view_box(root)
    sizes = font_sizes(root)
    boxes = node_boxes(root)
    conns = edge_lines(root, "connection")
    branches = edge_lines(root, "branch")
    result = FigureMeasure(len(boxes), min(sizes) if sizes else 0.0, width, height, connections=len(conns))
    result.box_area = sum((b.x1 - b.x0) * (b.y1 - b.y0) for b in [*boxes, *legend_boxes(root)])
    extent = drawn_extent(root)
    if extent is not None:
        result.drawn_width, result.drawn_height = extent[2] - extent[0], extent[3] - extent[1]
    for line in conns:
        joined = {_joined(line[0], boxes), _joined(line[-1], boxes)}
        behind = [
            b
            for b in boxes
            if b not in joined
            and length_inside(
                line, b.x0 + THROUGH_INSET, b.y0 + THROUGH_INSET, b.x1 - THROUGH_INSET, b.y1 - THROUGH_INSET
            )
            > THROUGH_MIN_LENGTH
        ]
        result.through += bool(behind)
        result.through_boxes += len(behind)
        crossed = sum(len(polyline_crossings(line, b)) for b in branches)
        result.crossings += crossed
        result.crossings_max = max(result.crossings_max, crossed)
    for i, a in enumerate(conns):
        for b in conns[i + 1 :]:
            result.connection_crossings += len(polyline_crossings(a, b))
    for x0, y0, x1, y1 in _label_rects(root):
        result.labels += 1
        gaps = [rect_polyline_distance(x0, y0, x1, y1, c) for c in conns]
        if min(gaps, default=math.inf) > DETACHED_UNITS:
            result.detached += 1
        # across another line: a branch line, or a connection other than its own (the nearest)
        own = gaps.index(min(gaps)) if gaps else -1
        inner = (x0 + 1, y0 + 1, x1 - 1, y1 - 1)
        others = branches + [c for k, c in enumerate(conns) if k != own]
        if any(length_inside(line, *inner) > 0 for line in others):
            result.across += 1
    return result


# --- running the tools -------------------------------------------------------------------------------------------

_SCRIPT: Final = Path(sys.executable).parent / "mindmap"
MINDMAP: Final = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-m", "mindmap"]
CHROMIUM_ARGS: Final = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _run(cmd: Sequence[str], **kw: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(list(cmd), capture_output=True, text=True, cwd=ROOT, **kw)  # type: ignore[call-overload]


@dataclass
class Capabilities:
    """What this mindmap's ``render`` offers (read from its ``--help``)."""

    fit: list[str] = field(default_factory=list)  # the --fit choices, empty when there is no --fit
    depth: bool = False
    split: bool = False
    styles: list[str] = field(default_factory=list)


def capabilities() -> Capabilities:
    text = _run([*MINDMAP, "render", "--help"]).stdout
    caps = Capabilities()
    if "--fit" in text:
        # the option's own help (the command's text and other options may name it too)
        found = re.search(r"--fit\s+(<\w+>|\[|TEXT|[A-Z])", text)
        block = text[found.start() if found else text.index("--fit") :][:400]
        caps.fit = [m for m in ("page", "slide", "a3") if re.search(rf"\b{m}\b", block)] or ["page", "slide", "a3"]
    caps.depth = "--depth" in text
    caps.split = "--split" in text
    styles = _run([*MINDMAP, "styles", "list"]).stdout
    caps.styles = [s for s in ("high-contrast",) if s in styles]
    return caps


def _map_id(path: Path) -> str:
    import yaml

    return str(yaml.safe_load(path.read_text("utf-8"))["id"])


def render_batch(maps: Sequence[Path], out: Path, extra: Sequence[str] = ()) -> dict[str, Path]:
    """``mindmap render MAPS -o OUT -f svg EXTRA``, once for all maps; map id -> SVG file."""
    out.mkdir(parents=True, exist_ok=True)
    done = _run([*MINDMAP, "render", *map(str, maps), "-o", str(out), "-f", "svg", *extra])
    if done.returncode != 0:
        raise RuntimeError(f"mindmap render {' '.join(extra)} failed: {done.stderr.strip()[:2000]}")
    return {path.stem: path for path in sorted(out.glob("*.svg"))}


def _mmdc() -> tuple[Path | None, str | None, str]:
    mmdc = ROOT / ".tools" / "node_modules" / ".bin" / "mmdc"
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    version = "unknown"
    package = ROOT / ".tools" / "node_modules" / "@mermaid-js" / "mermaid-cli" / "package.json"
    if package.exists():
        version = str(json.loads(package.read_text("utf-8")).get("version", "unknown"))
    return (mmdc if mmdc.exists() else None), chromium, version


def mermaid_figures(maps: Sequence[Path], log: Callable[[str], None] = lambda s: None) -> dict[str, str]:
    """Map id -> the Mermaid CLI's SVG (or ``"error: ..."``) for each map, cached by the source's hash.

    The source is mindmap's own ``export --to mermaid``; the cache (``.tmp/bench-mermaid/``) is keyed by the
    SHA-256 of the source and the Mermaid CLI's version, so a rerun only draws maps that changed.
    """
    mmdc, chromium, version = _mmdc()
    if mmdc is None or chromium is None:
        return {_map_id(p): "error: the Mermaid CLI or Chromium is not installed (make tools)" for p in maps}
    CACHE.mkdir(parents=True, exist_ok=True)
    config = CACHE / "puppeteer.json"
    config.write_text(json.dumps({"executablePath": chromium, "args": CHROMIUM_ARGS}), "utf-8")
    out: dict[str, str] = {}
    todo: list[tuple[str, Path, Path]] = []
    with tempfile.TemporaryDirectory(prefix="mindmap-mmd-") as tmp:
        exported = _run([*MINDMAP, "export", *map(str, maps), "--to", "mermaid", "-o", tmp])
        if exported.returncode != 0:
            raise RuntimeError(f"mindmap export --to mermaid failed: {exported.stderr.strip()[:2000]}")
        for path in maps:
            ident = _map_id(path)
            source = Path(tmp, f"{ident}.mmd").read_bytes()
            key = hashlib.sha256(source + b"\0mermaid-cli " + version.encode()).hexdigest()[:20]
            svg = CACHE / f"{key}.svg"
            mmd = CACHE / f"{key}.mmd"
            if not svg.exists():
                mmd.write_bytes(source)
                todo.append((ident, mmd, svg))
            out[ident] = str(svg)

        def draw(job: tuple[str, Path, Path]) -> tuple[str, str | None]:
            ident, mmd, svg = job
            log(f"  Mermaid CLI: {ident}")
            partial = svg.with_suffix(".part.svg")
            done = subprocess.run(
                [str(mmdc), "-q", "-p", str(config), "-i", str(mmd), "-o", str(partial)],
                capture_output=True,
                text=True,
                cwd=CACHE,
                timeout=600,
            )
            if done.returncode != 0 or not partial.exists():
                return ident, f"error: mmdc exit {done.returncode}: {done.stderr.strip()[:300]}"
            partial.replace(svg)
            return ident, None

        with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
            for ident, error in pool.map(draw, todo):
                if error:
                    out[ident] = error
    result = {}
    for ident, where in out.items():
        if where.startswith("error:"):
            result[ident] = where
            continue
        text = Path(where).read_text("utf-8", "replace")
        failed = next(
            (m for m in ("Maximum text size", "Syntax error", 'aria-roledescription="error"') if m in text), None
        )
        result[ident] = f"error: drew an error picture ({failed})" if failed else text
    return result


# --- one run -----------------------------------------------------------------------------------------------------


@dataclass
class MapRow:
    """One map: its figures per medium (mindmap, high-contrast) and the Mermaid CLI's."""

    name: str
    group: str  # "report" or "corpus"
    boxes: int
    mindmap: dict[str, FigureMeasure] = field(default_factory=dict)
    high_contrast: dict[str, FigureMeasure] = field(default_factory=dict)
    mermaid: FigureMeasure | None = None
    mermaid_note: str = ""

    @property
    def small(self) -> bool:
        return self.boxes <= SMALL_MAP


@dataclass
class LegibilityResults:
    rows: list[MapRow]
    caps: Capabilities
    code: str
    mermaid_version: str
    media_rendered: dict[str, str]  # medium -> how its figure was made
    overview: FigureMeasure | None = None  # realistic-215 --depth 1 on a slide
    details: dict[str, FigureMeasure] = field(default_factory=dict)  # realistic-215 --split, on a page
    seconds: float = 0.0


def _corpus_maps(corpus: Path) -> list[Path]:
    return sorted(p for p in corpus.glob("*.yaml"))


def _count_boxes(path: Path) -> int:
    import yaml

    data = yaml.safe_load(path.read_text("utf-8"))

    def walk(themes: list[dict] | None) -> int:
        return sum(1 + walk(t.get("subthemes")) for t in themes or [])

    return 1 + walk(data.get("themes")) + len(data.get("quotes") or [])


def run_legibility(
    corpus: Path = CORPUS,
    themes: Path = THEMES,
    *,
    mermaid: bool = True,
    log: Callable[[str], None] = lambda s: None,
    work: Path | None = None,
    code: str = "the installed mindmap",
) -> LegibilityResults:
    """Render and measure every map; nothing is written outside ``work`` and the Mermaid cache."""
    import time

    started = time.perf_counter()
    own = work is None
    work = Path(tempfile.mkdtemp(prefix="mindmap-legibility-")) if work is None else work
    try:
        caps = capabilities()
        report_maps = sorted(themes.glob("*.yaml"))
        corpus_maps = _corpus_maps(corpus)
        all_maps = report_maps + corpus_maps
        rows = {
            _map_id(p): MapRow(_map_id(p), "report" if p in report_maps else "corpus", _count_boxes(p))
            for p in all_maps
        }
        large = [p for p in all_maps if rows[_map_id(p)].boxes > SMALL_MAP]
        media_rendered: dict[str, str] = {}
        variants: list[tuple[str, str, list[str], list[Path]]] = []  # medium, kind, options, maps
        for medium in ("page", "slide", "a3"):
            chosen = all_maps if medium != "a3" else large
            if medium in caps.fit:
                variants.append((medium, "house", ["--fit", medium], chosen))
                media_rendered[medium] = f"`mindmap render -f svg --fit {medium}`"
            else:
                variants.append((medium, "house", [], chosen))
                media_rendered[medium] = (
                    "`mindmap render -f svg` (no `--fit` in this mindmap: the one figure, scaled to the medium)"
                )
            if caps.styles and medium != "a3":
                variants.append(
                    (
                        medium,
                        "high-contrast",
                        ["--style", "high-contrast", *(["--fit", medium] if medium in caps.fit else [])],
                        [p for p in all_maps if rows[_map_id(p)].boxes <= SMALL_MAP],
                    )
                )
        rendered: dict[tuple[str, ...], dict[str, FigureMeasure]] = {}
        for medium, kind, options, chosen in variants:
            key = tuple(options)
            if key not in rendered:
                log(f"mindmap render {' '.join(options) or '(plain)'}: {len(chosen)} maps")
                files = render_batch(
                    chosen, work / (re.sub(r"\W+", "-", " ".join(options)).strip("-") or "plain"), options
                )
                rendered[key] = {ident: measure_svg(path.read_bytes()) for ident, path in files.items()}
            wanted = {_map_id(p) for p in chosen}
            for ident, fig in rendered[key].items():
                if ident in wanted:
                    (rows[ident].mindmap if kind == "house" else rows[ident].high_contrast)[medium] = fig
        _, _, version = _mmdc()
        if mermaid:
            log(f"Mermaid CLI on {len(all_maps)} maps (cached in {CACHE.relative_to(ROOT)})")
            for ident, svg in mermaid_figures(all_maps, log).items():
                if svg.startswith("error:"):
                    rows[ident].mermaid_note = svg[len("error: ") :]
                else:
                    rows[ident].mermaid = measure_svg(svg)
        results = LegibilityResults(list(rows.values()), caps, code, version, media_rendered)
        big = next((p for p in corpus_maps if _map_id(p) == "realistic-215"), None)
        if big is not None and caps.depth:
            log("realistic-215 --depth 1 on a slide")
            options = ["--depth", "1", *(["--fit", "slide"] if "slide" in caps.fit else [])]
            files = render_batch([big], work / "depth-1", options)
            results.overview = measure_svg(files["realistic-215"].read_bytes())
        if big is not None and caps.split:
            log("realistic-215 --split on a page")
            options = ["--split", *(["--fit", "page"] if "page" in caps.fit else [])]
            files = render_batch([big], work / "split", options)
            results.details = {k: measure_svg(v.read_bytes()) for k, v in files.items() if "--" in k}
        results.seconds = time.perf_counter() - started
        return results
    finally:
        if own:
            shutil.rmtree(work, ignore_errors=True)


# --- targets and the results section -----------------------------------------------------------------------------


@dataclass
class Target:
    name: str
    measured: str
    limit: str
    met: bool | None  # None: not measured


def _worst(rows: Iterable[MapRow], value: Callable[[MapRow], float | None]) -> tuple[MapRow | None, float | None]:
    known = [(value(r), r) for r in rows]
    known2 = [(v, r) for v, r in known if v is not None]
    if not known2:
        return None, None
    v, r = min(known2, key=lambda vr: vr[0])
    return r, v


def _floor(
    rows: list[MapRow], name: str, limit: float, value: Callable[[MapRow], float | None], unit: str = " pt"
) -> Target:
    worst, v = _worst(rows, value)
    if worst is None or v is None:
        return Target(name, "not measured", f"≥ {limit:g}{unit}", None)
    below = [r.name for r in rows if (value(r) or 0) < limit and value(r) is not None]
    text = f"lowest {v:.2f}{unit} ({worst.name}); " + (
        f"{len(below)} of {len(rows)} below: {', '.join(below)}" if below else f"all {len(rows)} maps at or above"
    )
    return Target(name, text, f"≥ {limit:g}{unit}", not below)


def _ratio(row: MapRow, medium: str) -> float | None:
    fig = row.mindmap.get(medium)
    if fig is None or row.mermaid is None or row.mermaid.printed(medium) <= 0:
        return None
    return fig.printed(medium) / row.mermaid.printed(medium)


def _aspect_off(fig: FigureMeasure | None, medium: str) -> float | None:
    """How far the drawn figure's aspect is from the medium's; None where the map does not fill the
    medium: a page is 170 mm wide and at most 240 mm tall, so a figure wider than the page's shape is
    as wide as the column and shorter than the page (the medium has no height to fill)."""
    if fig is None or not fig.height:
        return None
    mw, mh = MEDIA[medium]
    if medium == "page" and fig.aspect > mw / mh:
        return None
    return abs(fig.aspect / (mw / mh) - 1)


def _aspect_target(name: str, rows: list[MapRow], media: Sequence[str], limit: float) -> Target:
    off = [(r.name, m, _aspect_off(r.mindmap.get(m), m)) for r in rows for m in media]
    filled = [(n, m, v) for n, m, v in off if v is not None]
    far = [(n, m, v) for n, m, v in filled if v > limit]
    measured = f"{len(far)} of {len(filled)} figures that fill their medium outside"
    if len(filled) < len(off):
        measured += f" ({len(off) - len(filled)} page figures as wide as the page and shorter than it)"
    if far:
        worst = max(far, key=lambda x: x[2])
        measured += f", farthest {worst[2]:.0%} off ({worst[0]}, {worst[1]})"
    return Target(name, measured, f"≤ {limit:.0%}", not far if filled else None)


def _figures(res: LegibilityResults) -> list[tuple[MapRow, str, FigureMeasure]]:
    """Each distinct mindmap figure once, named by the media it was measured on ("page, slide, a3" when one
    figure serves them all, as without ``--fit``)."""
    out: list[tuple[MapRow, str, FigureMeasure]] = []
    for r in res.rows:
        seen: dict[int, list[str]] = {}
        for medium, fig in r.mindmap.items():
            seen.setdefault(id(fig), []).append(medium)
        for medium, fig in r.mindmap.items():
            if seen[id(fig)][0] == medium:
                out.append((r, ", ".join(seen[id(fig)]), fig))
    return out


def targets(res: LegibilityResults) -> list[Target]:
    """Each target of issues 12 and 13 with what was measured and whether it holds."""
    small = [r for r in res.rows if r.small]
    report = [r for r in res.rows if r.group == "report"]
    out = [
        _floor(small, f"maps of up to {SMALL_MAP} boxes on a page", 8, lambda r: _pt(r, "page")),
        _floor(small, f"maps of up to {SMALL_MAP} boxes on a slide", 8, lambda r: _pt(r, "slide")),
        _floor(report, "the report's ten maps on a page", 9, lambda r: _pt(r, "page")),
        _floor(report, "the report's ten maps on a slide", 10, lambda r: _pt(r, "slide")),
        _floor(
            small,
            f"against the Mermaid CLI on a slide (maps of up to {SMALL_MAP} boxes)",
            1.2,
            lambda r: _ratio(r, "slide"),
            "x",
        ),
    ]
    figs = _figures(res)
    for label, attr in (
        ("connection lines behind boxes they do not join", "through"),
        ("detached connection labels (> 6 units from every connection line)", "detached"),
        ("connection labels with another line through them", "across"),
    ):
        bad = [(r.name, m, getattr(f, attr)) for r, m, f in figs if getattr(f, attr)]
        out.append(
            Target(
                f"{label}, every map and medium",
                "; ".join(f"{n} ({m}): {v}" for n, m, v in bad) or f"0 in {len(figs)} figures",
                "0",
                not bad if figs else None,
            )
        )
    bad = [(r.name, m, f.crossings_max) for r, m, f in figs if f.crossings_max > 1]
    out.append(
        Target(
            "branch crossings of any one connection, every map and medium",
            "; ".join(f"{n} ({m}): {v}" for n, m, v in bad) or f"at most 1 in {len(figs)} figures",
            "≤ 1",
            not bad if figs else None,
        )
    )
    bad = [(r.name, m, f.crossings) for r, m, f in figs if r.group == "report" and f.crossings]
    out.append(
        Target(
            "branch crossings on the report's maps",
            "; ".join(f"{n} ({m}): {v}" for n, m, v in bad) or "0",
            "0",
            not bad if figs else None,
        )
    )
    hc = [(r, m) for r in res.rows for m in ("page", "slide") if m in r.high_contrast and m in r.mindmap]
    worse = [(r.name, m) for r, m in hc if r.high_contrast[m].printed(m) + 1e-9 < r.mindmap[m].printed(m)]
    out.append(
        Target(
            "`--style high-contrast` prints at least as large as the house style (same map, medium)",
            (
                f"smaller in {len(worse)} of {len(hc)} cases"
                + (": " + ", ".join(f"{n} ({m})" for n, m in worse) if worse else "")
            )
            if hc
            else "not measured",
            "0 smaller",
            (not worse) if hc else None,
        )
    )
    out.append(
        _aspect_target(
            "drawn figure's aspect within 10% of the medium's where it fills it (maps of up to 40 boxes)",
            small,
            ("page", "slide"),
            0.10,
        )
    )
    out.append(
        _aspect_target(
            "large maps: drawn figure's aspect within 25% of the medium's (page, slide, A3)",
            [r for r in res.rows if not r.small],
            ("page", "slide", "a3"),
            0.25,
        )
    )
    big = next((r for r in res.rows if r.name == "realistic-215"), None)
    out.append(_floor([big] if big else [], "the 215-box map whole on A3 landscape", 6, lambda r: _pt(r, "a3")))
    if res.overview is not None:
        v = res.overview.printed("slide")
        out.append(
            Target(
                f"its overview (`--depth 1`, {res.overview.boxes} boxes) on a slide", f"{v:.2f} pt", "≥ 8 pt", v >= 8
            )
        )
    else:
        out.append(
            Target(
                "its overview (`--depth 1`) on a slide", "not measured (no `--depth` in this mindmap)", "≥ 8 pt", None
            )
        )
    if res.details:
        detail = {k: f for k, f in res.details.items() if f.boxes <= SMALL_MAP}
        low = min(detail.items(), key=lambda kv: kv[1].printed("page")) if detail else None
        out.append(
            Target(
                f"each `--split` detail of up to {SMALL_MAP} boxes on a page",
                f"lowest {low[1].printed('page'):.2f} pt ({low[0]}) of {len(detail)}" if low else "none",
                "≥ 8 pt",
                (low[1].printed("page") >= 8) if low else None,
            )
        )
    else:
        why = "`--split` wrote no detail figure" if res.caps.split else "no `--split` in this mindmap"
        out.append(Target("each `--split` detail on a page", f"not measured ({why})", "≥ 8 pt", None))
    s120 = next((r for r in res.rows if r.name == "synthetic-120"), None)
    ratio = _ratio(s120, "page") if s120 else None
    out.append(
        Target(
            "120 boxes on a page against the Mermaid CLI",
            f"{_pt(s120, 'page'):.2f} pt vs {s120.mermaid.printed('page'):.2f} pt = {ratio:.2f}x"
            if s120 and s120.mermaid and ratio is not None
            else "not measured",
            "≥ 2x",
            None if ratio is None else ratio >= 2,
        )
    )
    return out


def shortfalls(res: LegibilityResults) -> list[tuple[str, str, FigureMeasure, float]]:
    """Each figure below a printed-size target: (what, medium, the figure, the size the target asks)."""
    out: list[tuple[str, str, FigureMeasure, float]] = []
    for r in res.rows:
        for medium, fig in r.mindmap.items():
            want = 0.0
            if r.small and medium in ("page", "slide"):
                want = 9.0 if r.group == "report" and medium == "page" else 8.0
                want = 10.0 if r.group == "report" and medium == "slide" else want
            if r.small and medium == "slide" and r.mermaid is not None:
                want = max(want, 1.2 * r.mermaid.printed("slide"))
            if r.name == "realistic-215" and medium == "a3":
                want = 6.0
            if r.name == "synthetic-120" and medium == "page" and r.mermaid is not None:
                want = 2 * r.mermaid.printed("page")
            if want and fig.printed(medium) + 1e-9 < want:
                out.append((r.name, medium, fig, want))
    if res.overview is not None and res.overview.printed("slide") < 8:
        out.append(("realistic-215 overview (`--depth 1`)", "slide", res.overview, 8.0))
    return out


def room_needed(res: LegibilityResults) -> list[str]:
    """A table: for each figure below its target, the share of the medium its boxes and legend cover
    now and would cover at the target (before any line, gap or margin), beside the most any figure
    of this run covers: a share far above that is a target the content cannot meet at these sizes."""
    short = shortfalls(res)
    figs = [(r.name, m, f) for r in res.rows for m, f in r.mindmap.items()]
    if not short or not figs:
        return []
    name, medium, best = max(figs, key=lambda x: x[2].share(x[1]))
    lines = [
        "",
        "### What the printed sizes still short would need",
        "",
        "Boxes (with the legend) as a share of the medium's area: now, and if the figure printed its smallest "
        "text at the target, before any line, gap or margin. The most any figure of this run covers is "
        f"{best.share(medium):.0%} ({name}, {medium}); a map that would need much more cannot reach the target "
        "with its words at the sheet's sizes, however it is arranged.",
        "",
        "| figure | medium | now | target | boxes cover now | would need |",
        "|---|---|--:|--:|--:|--:|",
    ]
    for what, med, fig, want in short:
        lines.append(
            f"| {what} | {med} | {fig.printed(med):.2f} pt | {want:.2f} pt | {fig.share(med):.0%} "
            f"| {fig.share(med, want):.0%} |"
        )
    return lines


def _pt(row: MapRow | None, medium: str) -> float | None:
    if row is None or medium not in row.mindmap:
        return None
    return row.mindmap[medium].printed(medium)


def _f(v: float | None, fmt: str = "{:.1f}") -> str:
    return "–" if v is None else fmt.format(v)


def _mark(met: bool | None) -> str:
    return {True: "holds", False: "**does not hold**", None: "not measured"}[met]


def section(res: LegibilityResults, command: str = "make bench-legibility") -> str:
    """The "Legibility" section of bench/results.md, between its markers."""
    lines = [
        BEGIN,
        "## Legibility",
        "",
        f"Generated by `{command}` (bench/legibility.py) on "
        f"{_dt.datetime.now(_dt.UTC).strftime('%Y-%m-%d %H:%M UTC')} ({res.seconds:.0f} s), measuring "
        f"{res.code}. Maps: the report's ten (themes/) and the corpus (bench/corpus/: written for the benchmark, "
        "the four large ones by bench/corpus/generate.py). Mermaid CLI "
        f"{res.mermaid_version} draws the same map from `mindmap export --to mermaid` (labels, counts and quotes; "
        "no descriptions, connections or legend).",
        "",
        "Printed size: the smallest text in pt once the whole figure (viewBox, 1 unit = 1 pt) is scaled to fit the "
        "medium, `min(font size) x min(medium width / figure width, medium height / figure height)`; Mermaid's "
        "labels are HTML in `<foreignObject>` at the size its CSS gives them (16 px). Ratio: mindmap's printed size "
        "over Mermaid's. Aspect: the figure's width / height, then the medium's. Through: connection lines passing "
        "behind a box they do not join (and how many boxes they pass behind). Crossings: points where a connection "
        "line crosses a branch line (more than 10 units from the lines' ends; + connection-with-connection "
        "crossings when there are any). Detached: connection labels more than 6 units from every connection line.",
        "",
    ]
    for medium, (mw, mh) in MEDIA.items():
        rows = [r for r in res.rows if medium in r.mindmap]
        if not rows:
            continue
        lines += [
            f"### On {MEDIUM_NAMES[medium]}: {mw:g} x {mh:g} pt, aspect {mw / mh:.2f}",
            "",
            f"Figures: {res.media_rendered.get(medium, '?')}"
            + ("; maps of more than 40 boxes only." if medium == "a3" else "."),
            "",
            "| map | boxes | mindmap pt | Mermaid pt | ratio | aspect (drawn / medium) | through | crossings "
            "| detached |",
            "|---|--:|--:|--:|--:|--:|--:|--:|--:|",
        ]
        for r in rows:
            fig = r.mindmap[medium]
            mer = r.mermaid.printed(medium) if r.mermaid else None
            ratio = _ratio(r, medium)
            cross = f"{fig.crossings}" + (f" (max {fig.crossings_max} on one)" if fig.crossings_max > 1 else "")
            if fig.connection_crossings:
                cross += f" + {fig.connection_crossings}"
            lines.append(
                f"| {r.name}{' (report)' if r.group == 'report' else ''} | {r.boxes} | {fig.printed(medium):.1f} "
                f"| {_f(mer) if r.mermaid else (r.mermaid_note[:60] or '–')} | {_f(ratio, '{:.2f}x')} "
                f"| {fig.aspect:.2f} / {mw / mh:.2f} "
                f"| {fig.through}{f' (behind {fig.through_boxes} boxes)' if fig.through_boxes > fig.through else ''} "
                f"| {cross if fig.connections else '–'} "
                f"| {fig.detached if fig.labels else '–'} |"
            )
        lines.append("")
    lines += ["### Targets of issues 12 and 13", "", "| target | measured | limit | |", "|---|---|---|---|"]
    lines += [f"| {t.name} | {t.measured} | {t.limit} | {_mark(t.met)} |" for t in targets(res)]
    lines += room_needed(res)
    lines += [
        "",
        "Regenerate: `make bench-legibility` (this section only; the Mermaid CLI's figures are cached by "
        "source hash in `.tmp/bench-mermaid/`) or `make bench` (everything).",
        END,
    ]
    return "\n".join(lines) + "\n"


def splice(document: str, part: str) -> str:
    """``document`` with its legibility section replaced by ``part`` (appended when it has none)."""
    if BEGIN in document and END in document:
        head, rest = document.split(BEGIN, 1)
        tail = rest.split(END, 1)[1]
        return head + part.rstrip("\n") + tail
    return document.rstrip("\n") + "\n\n" + part


# --- the cross-check against the team's reference tool -----------------------------------------------------------


def _figurecheck() -> Path | None:
    for base in (ROOT.parent, ROOT.parent.parent):
        candidate = base / "shared" / "tools" / "figurecheck.py"
        if candidate.exists():
            return candidate
    return None


def crosscheck(svgs: Sequence[Path], tool: Path | None = None, out: Callable[[str], None] = print) -> bool:
    """Measure each SVG here and with ``figurecheck.py`` (a separate process) and print both; True if they agree.

    figurecheck counts connection-with-connection crossings in its ``crossings``; they are added here too
    before comparing.  Printed sizes agree within 0.01 pt.
    """
    tool = tool or _figurecheck()
    if tool is None:
        out("figurecheck.py not found (../shared/tools/): no cross-check")
        return False
    agree = True
    out(f"cross-check against {tool}")
    out(f"{'figure':<28} {'medium':<6} {'what':<10} {'here':>8} {'figurecheck':>12}")
    for svg in svgs:
        mine = measure_svg(svg.read_bytes())
        for medium in ("page", "slide", "a3"):
            done = subprocess.run(
                [sys.executable, str(tool), str(svg), "--medium", medium], capture_output=True, text=True
            )
            theirs = json.loads(done.stdout.strip().splitlines()[-1])
            ours = mine.as_dict(medium)
            for key in ("boxes", "printed_pt", "aspect", "through", "crossings", "detached"):
                same = abs(float(ours[key]) - float(theirs[key])) <= (0.011 if key in ("printed_pt", "aspect") else 0)
                agree &= same
                out(
                    f"{svg.name:<28} {medium:<6} {key:<10} {ours[key]!s:>8} {theirs[key]!s:>12}"
                    + ("" if same else "   <-- differs")
                )
    out("they agree" if agree else "THEY DIFFER")
    return agree


def collect(
    *,
    mermaid: bool = True,
    working_tree: bool = False,
    crosscheck_figures: bool = False,
    log: Callable[[str], None] = lambda s: print(s, file=sys.stderr, flush=True),
) -> LegibilityResults:
    """One legibility run on the committed mindmap (``git archive HEAD``, as ``make bench`` measures), or on
    the working tree's; optionally print the cross-check against figurecheck.py on a few of its figures."""
    work = Path(tempfile.mkdtemp(prefix="mindmap-legibility-"))
    saved = os.environ.get("PYTHONPATH")
    try:
        code = "the working tree's mindmap"
        if not working_tree:
            from .suite import _snapshot

            code = _snapshot(work)
        res = run_legibility(mermaid=mermaid, work=work, log=log, code=code)
        if crosscheck_figures:
            figures = sorted((work / "plain").glob("*.svg")) or sorted((work / "fit-page").glob("*.svg"))
            crosscheck([f for f in figures if f.stem in CROSSCHECK])
        return res
    finally:
        if saved is None:
            os.environ.pop("PYTHONPATH", None)
        else:
            os.environ["PYTHONPATH"] = saved
        shutil.rmtree(work, ignore_errors=True)


CROSSCHECK: Final = (
    "h2-policy-levers",
    "h8-workforce",
    "h9-process",
    "crisis-care",
    "many-connections",
    "staff-wellbeing",
    "welsh",
    "synthetic-120",
)


# --- command line ------------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.legibility", description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=RESULTS, help="results file to put the section in")
    parser.add_argument("--no-mermaid", action="store_true", help="do not run the Mermaid CLI")
    parser.add_argument(
        "--working-tree",
        action="store_true",
        help="measure the working tree's mindmap (default: as committed, like `make bench`)",
    )
    parser.add_argument(
        "--crosscheck",
        action="store_true",
        help="also compare with ../shared/tools/figurecheck.py on a few figures, printed",
    )
    args = parser.parse_args(argv)
    res = collect(mermaid=not args.no_mermaid, working_tree=args.working_tree, crosscheck_figures=args.crosscheck)
    from mindmap.files import write_atomic

    old = args.out.read_text("utf-8") if args.out.exists() else "# Benchmark\n"
    write_atomic(args.out, splice(old, section(res)).encode("utf-8"))
    for t in targets(res):
        print(f"{_mark(t.met).strip('*'):>15}  {t.name}: {t.measured} ({t.limit})")
    print(f"wrote the Legibility section of {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
