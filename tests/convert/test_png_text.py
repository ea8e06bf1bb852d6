"""PNG text stays where layout measured it: inside its box, whatever the pixel size."""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET

import pytest
from PIL import Image

from mindmap.load.reader import load_map
from mindmap.publish.render import render_figures
from mindmap.text.measure import measure

from ..conftest import CORPUS, THEMES

SVG = "{http://www.w3.org/2000/svg}"
HEADLINE = "Where patients wait in urgent and emergency care, and why"


def test_cairo_places_each_letter_where_layout_measured_it() -> None:
    """Cairo draws letter by letter, rounding each advance to whole pixels at a PNG's size; the
    Cairo drawing names every letter's x, so a line ends where it was measured to end."""
    _, figure = render_figures(load_map(THEMES / "h9-process.yaml"), ["svg"])
    root = ET.fromstring(figure.cairo_svg)
    nodes = [g for g in root.iter(f"{SVG}g") if (g.get("class") or "").startswith("node ")]
    texts = [t for g in nodes for t in g.iter(f"{SVG}text") if (t.text or "").isascii() and len(t.text or "") > 3]
    assert texts
    for text in texts:
        xs = [float(v) for v in (text.get("x") or "").split()]
        words = text.text or ""
        assert len(xs) == len(words)
        bold, size = text.get("font-weight") == "bold", float(text.get("font-size") or 0)
        italic = text.get("font-style") == "italic"
        # as laid out, to the letter (positions are written to 0.01)
        assert xs[-1] - xs[0] == pytest.approx(measure(words[:-1], size, bold=bold, italic=italic), abs=0.02)
    # the browser's SVG is unchanged: one x a text
    assert all(" " not in (t.get("x") or "") for t in ET.fromstring(figure.svg).iter(f"{SVG}text"))


def test_a_long_bold_headline_stays_inside_its_box_in_the_png() -> None:
    """synthetic-120's 57-letter headline, at about 26 px in its page PNG, grew 11 px past its box
    when Cairo placed each letter by its own rounded advance: no white text pixel may reach the
    box's right padding."""
    mind_map = load_map(CORPUS / "synthetic-120.yaml")
    out, figure = render_figures(mind_map, ["png"], fit="page")
    svg = figure.svg
    head = re.search(r'class="node hypothesis".*?<rect class="shape" x="([\d.]+)" y="([\d.]+)" width="([\d.]+)"', svg)
    assert head and HEADLINE in svg
    x, y, w = (float(v) for v in head.groups())
    image = Image.open(io.BytesIO(out["png"])).convert("RGB")
    scale = image.width / figure.width
    padding = 10.0  # the house style's headline padding
    rows = range(int((y + padding) * scale), int((y + padding + 15) * scale))  # the headline's first line
    columns = range(int((x + w - padding + 1) * scale), int((x + w - 2) * scale))
    white = [(c, r) for r in rows for c in columns if min(image.getpixel((c, r))) > 200]
    assert not white, f"headline text reaches the box's padding at {white[:3]}"
