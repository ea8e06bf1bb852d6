"""Unicode: Welsh, accented names, CJK, right-to-left scripts, emoji and combining marks.

tests/golden/unicode.yaml holds them all.  Its figures are golden files
(regenerate with ``python -m tests.golden.unicode_regenerate``, then look at
tests/golden/unicode.png).  Beyond the goldens:

* every character Cairo is asked to draw has a glyph in the face it is drawn
  with (no blank or .notdef boxes in PNG and PDF);
* text is measured with the fonts that draw it, and Chromium draws every
  line of the figure no wider than we measured it;
* the words survive every export: SVG, PNG metadata, PDF text, and each
  ``mindmap export`` format.
"""

from __future__ import annotations

import difflib
import html
import io
import json
import re
import unicodedata
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from mindmap.load.reader import load_map
from mindmap.publish.formats import FIGURE_FORMATS
from mindmap.publish.render import figure_meta, make_figure, render_map
from mindmap.text.bidi import visual_text
from mindmap.text.measure import fallback_advances, fallback_face, measure, metrics

GOLDEN = Path(__file__).resolve().parents[1] / "golden"
SOURCE = GOLDEN / "unicode.yaml"
SVG = "{http://www.w3.org/2000/svg}"
REGENERATE = "python -m tests.golden.unicode_regenerate"


def golden_outputs() -> dict[str, bytes]:
    """What the golden files hold when they are current (see unicode_regenerate.py)."""
    mind_map = load_map(SOURCE)
    figure = make_figure(mind_map)
    return {
        "unicode.svg": figure.svg.encode("utf-8"),
        "unicode-cairo.svg": figure.cairo_svg.encode("utf-8"),
        "unicode.png": FIGURE_FORMATS["png"].write(figure, figure_meta(mind_map)),
    }


@pytest.fixture(scope="module")
def mind_map():
    return load_map(SOURCE)


@pytest.fixture(scope="module")
def outputs() -> dict[str, bytes]:
    return golden_outputs()


def _labels(mind_map) -> list[str]:
    return [theme.label for theme, _ in mind_map.walk()]


# --- golden figures -------------------------------------------------------------


@pytest.mark.parametrize("name", ["unicode.svg", "unicode-cairo.svg"])
def test_golden_svg(outputs, name):
    expected = (GOLDEN / name).read_text(encoding="utf-8")
    actual = outputs[name].decode("utf-8")
    if actual != expected:
        diff = "\n".join(
            difflib.unified_diff(expected.split(">"), actual.split(">"), "golden", "now", lineterm="", n=1)
        )
        pytest.fail(
            f"{name} differs from the golden file; look at the picture, then run `{REGENERATE}` "
            f"if the change is right:\n{diff[:4000]}"
        )


def test_golden_png_shows_the_same_picture(outputs):
    """Pixels, not bytes: the PNG encoder may change; what is drawn may not."""
    from PIL import Image, ImageChops

    expected = Image.open(GOLDEN / "unicode.png").convert("RGB")
    actual = Image.open(io.BytesIO(outputs["unicode.png"])).convert("RGB")
    assert actual.size == expected.size, f"size changed; look at the picture, then run `{REGENERATE}`"
    diff = ImageChops.difference(actual, expected).convert("L").point(lambda v: 255 if v > 48 else 0)
    changed = sum(diff.histogram()[255:]) / (actual.size[0] * actual.size[1])
    assert changed < 0.001, f"{changed:.2%} of pixels changed; look at the picture, then run `{REGENERATE}`"


# --- every character has a glyph where it is drawn --------------------------------


def _drawn_stretches(svg: bytes):
    """(text, family or None for Liberation Sans, bold, italic) for each stretch Cairo draws."""
    root = ET.fromstring(svg)
    for text in root.iter(f"{SVG}text"):
        bold = text.get("font-weight") == "bold"
        italic = text.get("font-style") == "italic"
        if text.text:
            yield text.text, None, bold, italic
        for span in text.findall(f"{SVG}tspan"):
            family = span.get("font-family").split(",")[0].strip("' ")
            yield (
                (span.text or ""),
                family,
                span.get("font-weight", "bold" if bold else "") == "bold",
                span.get("font-style", "italic" if italic else "") == "italic",
            )
            if span.tail:
                yield span.tail, None, bold, italic


def test_every_character_cairo_draws_has_a_glyph_in_its_face(outputs):
    missing = []
    for text, family, bold, italic in _drawn_stretches(outputs["unicode-cairo.svg"]):
        cmap = metrics(bold, italic).advances if family is None else fallback_advances(family, bold, italic)
        for char in text:
            if ord(char) not in cmap:
                missing.append((char, f"U+{ord(char):04X}", family or "Liberation Sans", bold, italic))
    assert missing == []


def test_the_checker_would_see_a_missing_glyph():
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><text>\xe4\xb8\xad</text></svg>'  # CJK, no tspan
    assert [family for _, family, _, _ in _drawn_stretches(svg)] == [None]
    assert 0x4E2D not in metrics().advances


def test_all_fallback_fonts_are_installed():
    """scripts/install-tools.sh installs them; without them CJK and emoji are boxes."""
    for family in ("DejaVu Sans", "Noto Sans CJK SC", "Noto Color Emoji"):
        assert fallback_advances(family), f"{family} is not installed; run: bash scripts/install-tools.sh"


# --- measuring -------------------------------------------------------------------


def test_fallback_characters_are_measured_with_the_font_that_draws_them():
    assert measure("医疗服务", 10) == pytest.approx(40.0)  # Noto Sans CJK: one em each
    assert measure("🎉", 10) == pytest.approx(10 * 2550 / 2048)  # Noto Color Emoji's advance
    assert measure("❤\ufe0f", 10) == pytest.approx(10 * 2550 / 2048)  # asked for as an emoji
    assert fallback_face("ا", italic=True) == ("DejaVu Sans", False, False)  # the oblique has no Arabic
    assert measure("ا", 10, italic=True) == pytest.approx(10 * fallback_advances("DejaVu Sans")[ord("ا")])
    assert fallback_face("ŵ") is None and fallback_face("א") is None  # Liberation Sans has Welsh and Hebrew
    assert measure("e\u0301", 10) == pytest.approx(measure("e", 10))  # a combining accent takes no room


def test_a_character_no_font_has_is_overestimated():
    private = "\U000f0000"  # private use: in no font
    assert fallback_face(private) is None
    assert measure(private, 10) >= 7.5
    assert measure("\U0002a6d6", 10) >= 10  # a wide CJK extension character no installed font has


def test_chromium_draws_no_line_wider_than_measured(browser, mind_map):
    """The figure with its Liberation Sans subsets embedded (so the browser has our
    metrics) and the fallback families named on <tspan>s, as a reader sees it."""
    svg = render_map(mind_map, ["svg"], embed_fonts=True)["svg"].decode("utf-8")
    page = browser.new_page()
    try:
        page.set_content(f"<!doctype html><html><body style='margin:0'>{svg}</body></html>")
        page.evaluate("document.fonts.ready")
        drawn = page.evaluate("""() => Array.from(document.querySelectorAll('text')).map(t => [
            t.textContent, t.getComputedTextLength(), parseFloat(t.getAttribute('font-size')),
            t.getAttribute('font-weight') === 'bold', t.getAttribute('font-style') === 'italic'])""")
    finally:
        page.close()
    assert len(drawn) > 20
    too_wide = []
    for text, width, size, bold, italic in drawn:
        measured = measure(text, size, bold=bold, italic=italic)
        if width > measured * 1.03 + 0.5:
            too_wide.append((text, round(width, 2), round(measured, 2)))
    assert too_wide == []
    # and for text that needs no shaping, the same widths, not just smaller
    cjk = [(w, measure(t, s, bold=b, italic=i)) for t, w, s, b, i in drawn if t == "患者参与"]
    assert cjk and cjk[0][0] == pytest.approx(cjk[0][1], rel=0.01)


# --- right to left, for Cairo ---------------------------------------------------------


def test_right_to_left_text_is_put_in_visual_order_for_cairo():
    assert visual_text("abc עברית def") == "abc תירבע def"
    assert visual_text("שלום 2023") == "2023 םולש"
    arabic = visual_text("العربية")
    assert all(0xFE70 <= ord(c) <= 0xFEFF for c in arabic)  # joined presentation forms
    assert visual_text("e\u0301") == "é"  # composed
    assert visual_text("Latin only") == "Latin only"


def test_the_svg_itself_keeps_logical_order(outputs, mind_map):
    root = ET.fromstring(outputs["unicode.svg"])
    titles = [t.text for t in root.iter(f"{SVG}title")]
    for label in _labels(mind_map):
        assert label in titles
    words = " ".join("".join(t.itertext()) for t in root.iter(f"{SVG}text"))
    assert "שירותי בריאות" in words and "الخدمات الصحية" in words


def test_latin_figures_keep_their_words_for_cairo_with_each_letter_placed():
    """Latin text reaches Cairo as it is, in the same order; only each letter's x is named (where
    layout measured it), so no line grows past its box at a PNG's pixel size."""
    import re

    figure = make_figure(load_map(Path(__file__).resolve().parents[2] / "themes" / "h9-process.yaml"))
    words = re.compile(r">([^<>]+)</text>")
    assert words.findall(figure.cairo_svg) == words.findall(figure.svg)
    assert re.sub(r' x="[^"]*"', "", figure.cairo_svg) == re.sub(r' x="[^"]*"', "", figure.svg)


# --- every export ----------------------------------------------------------------


def test_png_and_pdf_carry_the_words(mind_map):
    from PIL import Image
    from pypdf import PdfReader

    out = render_map(mind_map, ["png", "pdf"])
    image = Image.open(io.BytesIO(out["png"]))
    assert image.text["Title"] == mind_map.title
    reader = PdfReader(io.BytesIO(out["pdf"]))
    assert reader.metadata.title == mind_map.title
    text = " ".join(page.extract_text() for page in reader.pages)
    for words in ("Gŵyl y gwanwyn", "Dvořák, Müller", "患者参与", "医疗服务创新与数字化", "Caerdydd ŵ"):
        assert words in text, words


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in _strings(k) + _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


@pytest.mark.parametrize("fmt", ["mermaid", "markdown", "freemind", "graphml", "json", "dot", "pptx"])
def test_every_export_keeps_every_label(fmt, mind_map, tmp_path):
    from typer.testing import CliRunner

    from mindmap.cli import app

    out = tmp_path / f"out.{fmt}"
    result = CliRunner().invoke(app, ["export", str(SOURCE), "--to", fmt, "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    data = out.read_bytes()
    if fmt == "pptx":
        from pptx import Presentation

        deck = Presentation(io.BytesIO(data))
        words = " ".join(
            shape.text_frame.text for slide in deck.slides for shape in slide.shapes if shape.has_text_frame
        )
        words += " ".join(slide.notes_slide.notes_text_frame.text for slide in deck.slides if slide.has_notes_slide)
    elif fmt == "json":
        words = " ".join(_strings(json.loads(data)))
    elif fmt in ("freemind", "graphml"):
        root = ET.fromstring(data)
        words = " ".join([*(v for e in root.iter() for v in e.attrib.values()), *(e.text or "" for e in root.iter())])
    else:
        text = data.decode("utf-8")
        words = html.unescape(re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), text))
    for label in _labels(mind_map):
        assert " ".join(label.split()) in " ".join(words.split()), (fmt, label)


# --- any text at all ------------------------------------------------------------------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

ANY_TEXT = st.text(
    st.one_of(
        st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")),
        st.sampled_from(
            "אבגדהו عربيةالخدمات 中文한글かな 🎉👍🏽👩\u200d⚕\ufe0f❤\ufe0f"
            "\u0301\u0308\u202e\u202d\u2067\u2069\u200f\u200e 0123"
        ),
    ),
    min_size=1,
    max_size=40,
).filter(lambda text: any(unicodedata.category(char)[0] in "LNPS" for char in text))  # some visible character


@settings(max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(ANY_TEXT, min_size=1, max_size=3), st.booleans())
def test_any_text_renders_for_browsers_and_for_cairo(labels, bold_title):
    from mindmap.model.theme import MindMap

    mind_map = MindMap.model_validate(
        {
            "id": "any",
            "title": labels[0],
            "headline": labels[-1],
            "themes": [{"id": f"t{i}", "label": label} for i, label in enumerate(labels)],
        }
    )
    figure = make_figure(mind_map)
    root = ET.fromstring(figure.svg.encode("utf-8"))
    titles = [t.text for t in root.iter(f"{SVG}title")]
    assert all(theme.label in titles for theme, _ in mind_map.walk())
    cairo_svg = figure.cairo_svg.encode("utf-8")
    ET.fromstring(cairo_svg)
    for text, family, bold, italic in _drawn_stretches(cairo_svg):
        if family is not None:  # a fallback stretch holds only what its face draws
            cmap = fallback_advances(family, bold, italic)
            assert all(ord(char) in cmap for char in text), (family, text)
