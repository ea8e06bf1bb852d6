"""Reading our own SVG back for tests: node boxes, their texts, overlaps."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass

NS = {"svg": "http://www.w3.org/2000/svg"}
SVG = "{http://www.w3.org/2000/svg}"


@dataclass
class Box:
    classes: list[str]
    title: str
    x: float
    y: float
    w: float
    h: float
    texts: list[tuple[str, float, float, float, str, bool, bool]]  # text, x, y, size, class, bold, italic


def parse(svg: str | bytes) -> ET.Element:
    return ET.fromstring(svg if isinstance(svg, bytes) else svg.encode("utf-8"))


def node_boxes(root: ET.Element) -> list[Box]:
    boxes = []
    for g in root.iter(f"{SVG}g"):
        classes = (g.get("class") or "").split()
        if "node" not in classes:
            continue
        shape = g.find(f"{SVG}rect[@class='shape']")
        if shape is not None:
            x, y, w, h = (float(shape.get(k)) for k in ("x", "y", "width", "height"))
        else:
            e = g.find(f"{SVG}ellipse")
            cx, cy, rx, ry = (float(e.get(k)) for k in ("cx", "cy", "rx", "ry"))
            x, y, w, h = cx - rx, cy - ry, 2 * rx, 2 * ry
        texts = [
            (
                "".join(t.itertext()),
                float(t.get("x")),
                float(t.get("y")),
                float(t.get("font-size")),
                t.get("class") or "",
                t.get("font-weight") == "bold",
                t.get("font-style") == "italic",
            )
            for t in g.findall(f"{SVG}text")
        ]
        title = g.find(f"{SVG}title")
        boxes.append(Box(classes, title.text if title is not None else "", x, y, w, h, texts))
    return boxes


def overlapping_pairs(boxes: list[Box]) -> list[tuple[Box, Box]]:
    """Pairs of boxes whose areas intersect (touching edges do not count)."""
    order = sorted(boxes, key=lambda b: b.x)
    pairs = []
    active: list[Box] = []
    for box in order:
        active = [a for a in active if a.x + a.w > box.x + 1e-6]
        for other in active:
            if box.y < other.y + other.h - 1e-6 and other.y < box.y + box.h - 1e-6:
                pairs.append((other, box))
        active.append(box)
    return pairs


def label_text(box: Box, roles: tuple[str, ...] = ("label",)) -> str:
    return " ".join(t[0] for t in box.texts if t[4] in roles)


def viewbox(root: ET.Element) -> tuple[float, float, float, float]:
    return tuple(float(v) for v in root.get("viewBox").split())  # type: ignore[return-value]


def edge_label_boxes(root: ET.Element) -> list[tuple[str, float, float, float, float]]:
    """(text, x, y, w, h) of each connection's words, from its background patch."""
    out = []
    for g in root.iter(f"{SVG}g"):
        if "edge-label" not in (g.get("class") or "").split():
            continue
        rect = g.find(f"{SVG}rect")
        text = g.find(f"{SVG}text")
        out.append((text.text or "", *(float(rect.get(k)) for k in ("x", "y", "width", "height"))))
    return out
