"""Rendering: every label present, no overlaps, legible, deterministic, golden figures."""

from __future__ import annotations

import difflib
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mindmap.load.reader import load_map
from mindmap.model.theme import MindMap
from mindmap.publish.render import render_map, render_svg
from mindmap.text.measure import measure
from mindmap.text.quotemarks import quoted

from .. import svgcheck
from ..conftest import THEMES, small_map
from ..synthetic import synthetic_map

GOLDEN = __import__("pathlib").Path(__file__).parent.parent / "golden"
GOLDEN_CASES = ("small", "h9-process", "h8-workforce-tree")


def _golden_svg(case: str) -> str:
    """The SVG a golden case renders now (see tests/golden/regenerate.py)."""
    if case == "small":
        return render_svg(MindMap.model_validate(small_map()))
    if case.endswith("-tree"):
        return render_svg(load_map(THEMES / f"{case[:-5]}.yaml"), layout="tree")
    return render_svg(load_map(THEMES / f"{case}.yaml"))


def _normalise(svg: str) -> list[str]:
    # One element per line, so a difference reads as a short diff.
    return re.sub(r">\s*<", ">\n<", svg).strip().splitlines()


@pytest.mark.parametrize("case", GOLDEN_CASES)
def test_golden_svg(case):
    expected = (GOLDEN / f"{case}.svg").read_text(encoding="utf-8")
    actual = _golden_svg(case)
    if actual != expected:
        diff = "\n".join(
            difflib.unified_diff(_normalise(expected), _normalise(actual), "golden", "now", lineterm="", n=1)
        )
        pytest.fail(
            f"{case}.svg differs from the golden file; look at the picture, then run "
            f"`python -m tests.golden.regenerate` if the change is right:\n{diff[:4000]}"
        )


def _check_figure(svg: str, mind_map: MindMap) -> list[svgcheck.Box]:
    root = svgcheck.parse(svg)
    boxes = svgcheck.node_boxes(root)
    assert svgcheck.overlapping_pairs(boxes) == []
    vx, vy, vw, vh = svgcheck.viewbox(root)
    for box in boxes:
        assert vx <= box.x and box.x + box.w <= vx + vw and vy <= box.y and box.y + box.h <= vy + vh
        for text, x, y, size, _cls, bold, italic in box.texts:
            # every line sits inside its box, measured with the shipped font's metrics
            width = measure(text, size, bold=bold, italic=italic)
            assert box.x <= x and x + width <= box.x + box.w + 0.01, (text, box.title)
            assert box.y <= y - size * 0.9 and y + size * 0.25 <= box.y + box.h + 0.01, (text, box.title)
    for text, x, y, w, h in svgcheck.edge_label_boxes(root):
        assert vx <= x and x + w <= vx + vw and vy <= y and y + h <= vy + vh, text
        label = svgcheck.Box([], text, x, y, w, h, [])
        assert svgcheck.overlapping_pairs([*boxes, label]) == svgcheck.overlapping_pairs(boxes), text

    def norm(text: str) -> str:  # every character, in order (a long word may be broken across lines)
        return "".join(text.split())

    themes = [b for b in boxes if {"theme", "subtheme"} & set(b.classes)]
    assert sorted(norm(svgcheck.label_text(b)) for b in themes) == sorted(norm(t.label) for t, _ in mind_map.walk())
    assert all(norm(b.title) == norm(svgcheck.label_text(b)) for b in themes)
    quotes = [b for b in boxes if "quote" in b.classes]
    assert sorted(norm(svgcheck.label_text(b)) for b in quotes) == sorted(norm(quoted(q.text)) for q in mind_map.quotes)
    centre = [b for b in boxes if "hypothesis" in b.classes]
    assert len(centre) == 1 and norm(svgcheck.label_text(centre[0])) == norm(mind_map.headline)
    return boxes


def test_every_report_map_renders_cleanly():
    for path in sorted(THEMES.glob("*.yaml")):
        mind_map = load_map(path)
        _check_figure(render_svg(mind_map), mind_map)
        _check_figure(render_svg(mind_map, layout="tree"), mind_map)


def test_report_maps_are_legible_on_a_slide():
    """Composed for a 16:9 slide (254 x 143 mm), the smallest text prints at 10 pt or more."""
    for path in sorted(THEMES.glob("*.yaml")):
        svg = render_svg(load_map(path), fit="slide")
        root = svgcheck.parse(svg)
        _, _, width, height = svgcheck.viewbox(root)  # in points at natural size
        scale = min(254 * 72 / 25.4 / width, 143 * 72 / 25.4 / height)
        sizes = [float(t.get("font-size")) for t in root.iter(f"{svgcheck.SVG}text")]
        assert min(sizes) * scale >= 10.0, (path.name, min(sizes) * scale)


def test_report_maps_print_legibly_at_the_page_width():
    """At the sheet's 170 mm, text is 7.5 pt (10 px) or more, except where quotes flank
    both sides of the map (h4), which must still not fall below 6 pt."""
    for path in sorted(THEMES.glob("*.yaml")):
        root = svgcheck.parse(render_svg(load_map(path)))
        _, _, width, _ = svgcheck.viewbox(root)
        scale = 170 * 72 / 25.4 / width
        smallest = min(float(t.get("font-size")) for t in root.iter(f"{svgcheck.SVG}text")) * scale
        assert smallest >= (6.0 if path.stem == "h4-leadership" else 7.5), (path.name, smallest)


def test_counts_appear_with_each_counted_node():
    svg = render_svg(load_map(THEMES / "h9-process.yaml"))
    root = svgcheck.parse(svg)
    hypothesis = next(b for b in svgcheck.node_boxes(root) if "hypothesis" in b.classes)
    assert "[n=29]" in [t[0] for t in hypothesis.texts if t[4] == "count"]


def test_node_and_edge_classes_are_stable_hooks(small_map_data):
    svg = render_svg(MindMap.model_validate(small_map_data))
    for hook in (
        'class="node hypothesis"',
        'class="node theme depth-1"',
        'class="node subtheme depth-2"',
        'class="node quote"',
        'class="edge branch"',
        'class="edge connection"',
        'class="edge quote"',
    ):
        assert hook in svg


def test_same_input_gives_the_same_bytes(small_map_data):
    mind_map = MindMap.model_validate(small_map_data)
    first = render_map(mind_map, ["svg", "png", "pdf"])
    second = render_map(mind_map, ["svg", "png", "pdf"])
    assert first == second
    # Cairo stamps PDFs with the current time unless told otherwise: ours is fixed.
    dates = re.findall(rb"/(?:CreationDate|ModDate) \(([^)]*)\)", first["pdf"])
    assert dates and all(d.lstrip(b"D:").startswith(b"20000101") for d in dates)


def test_pdf_keeps_text_as_text(small_map_data):
    pdf = render_map(MindMap.model_validate(small_map_data), ["pdf"])["pdf"]
    assert b"/Font" in pdf and b"FontFile" in pdf


def test_png_is_300_dpi_at_170_mm():
    png = render_map(load_map(THEMES / "h1-pathway.yaml"), ["png"])["png"]
    width = int.from_bytes(png[16:20], "big")
    assert width == int(170 / 25.4 * 300)


def test_a_1000_node_map_lays_out_without_overlaps():
    mind_map = MindMap.model_validate(synthetic_map(1000, seed=7))
    svg = render_svg(mind_map)
    boxes = _check_figure(svg, mind_map)
    assert len(boxes) >= 1000


def test_a_huge_map_png_fits_cairo_limits():
    mind_map = MindMap.model_validate(synthetic_map(1200, seed=3))
    png = render_map(mind_map, ["png"])["png"]
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    assert 0 < max(width, height) <= 32767


words = st.text(alphabet=st.characters(codec="utf-8", categories=("Lu", "Ll", "Nd")), min_size=1, max_size=12)
labels = st.lists(words, min_size=1, max_size=9).map(" ".join)


@st.composite
def random_maps(draw):
    counter = iter(range(10**6))

    def theme(depth):
        subs = [theme(depth + 1) for _ in range(draw(st.integers(0, 3 if depth < 3 else 0)))]
        out = {"id": f"t{next(counter)}", "label": draw(labels), "subthemes": subs}
        if draw(st.booleans()):
            out["n"] = draw(st.integers(0, 500))
        if depth == 1 and draw(st.booleans()):
            out["description"] = draw(labels)
        return out

    themes = [theme(1) for _ in range(draw(st.integers(1, 7)))]
    ids = [t["id"] for t in themes]
    connections = []
    if len(ids) > 1 and draw(st.booleans()):
        connections.append({"between": [ids[0], ids[-1]], "label": draw(st.none() | labels)})
    quotes = [
        {"text": draw(labels), "attribution": draw(st.none() | labels), "theme": draw(st.none() | st.sampled_from(ids))}
        for _ in range(draw(st.integers(0, 2)))
    ]
    return {
        "id": "random",
        "title": draw(labels),
        "headline": draw(labels),
        "themes": themes,
        "connections": connections,
        "quotes": quotes,
        "n": draw(st.none() | st.integers(0, 999)),
    }


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(random_maps())
def test_random_valid_maps_render_with_every_label_and_no_overlaps(data):
    mind_map = MindMap.model_validate(data)
    _check_figure(render_svg(mind_map), mind_map)


def test_two_figures_inline_in_one_page_keep_unique_ids():
    a = render_svg(load_map(THEMES / "h1-pathway.yaml"))
    b = render_svg(load_map(THEMES / "h2-policy-levers.yaml"))
    ids = re.findall(r'\sid="([^"]+)"', a) + re.findall(r'\sid="([^"]+)"', b)
    assert len(ids) == len(set(ids)) >= 4
    root = svgcheck.parse(a)
    labelled = root.get("aria-labelledby").split()
    assert [root.find(f".//*[@id='{i}']").tag.rsplit("}", 1)[-1] for i in labelled] == ["title", "desc"]
