"""The specimen: every element kind at every level, for every shipped sheet; golden SVGs; embedded fonts.

Regenerate the golden files (and look at them as PNG before committing):

    .venv/bin/mindmap specimen -o tests/golden/specimen-health-innovation.svg
    .venv/bin/mindmap specimen --style print-mono -o tests/golden/specimen-print-mono.svg
"""

from __future__ import annotations

import base64
import difflib
import io
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mindmap.cli import app
from mindmap.draw.fontembed import used_characters
from mindmap.publish.render import make_figure, render_svg
from mindmap.style.library import compose_style
from mindmap.style.specimen import specimen_map

runner = CliRunner()
GOLDEN = Path(__file__).parent.parent / "golden"
SHIPPED = ("health-innovation", "print-mono", "high-contrast")
GOLDEN_SHEETS = ("health-innovation", "print-mono")
REGENERATE = {
    "health-innovation": ".venv/bin/mindmap specimen -o tests/golden/specimen-health-innovation.svg",
    "print-mono": ".venv/bin/mindmap specimen --style print-mono -o tests/golden/specimen-print-mono.svg",
}


def specimen_svg(sheet: str, embed_fonts: bool = False) -> str:
    styles = [] if sheet == "health-innovation" else [sheet]
    return render_svg(specimen_map(), compose_style(styles), embed_fonts=embed_fonts)


def specimen_texts() -> list[tuple[str, bool, bool]]:
    return [(r.text, r.bold, r.italic) for r in make_figure(specimen_map(), compose_style()).runs]


@pytest.mark.parametrize("sheet", SHIPPED)
def test_specimen_shows_every_element_kind_at_every_level(sheet):
    svg = specimen_svg(sheet)
    for hook in (
        'class="node hypothesis"',
        'class="node theme depth-1"',
        'class="node subtheme depth-2"',
        'class="node subtheme depth-3"',
        'class="node subtheme depth-4"',
        'class="node quote"',
        'class="edge branch"',
        'class="edge connection"',
        'class="edge quote"',
        'class="legend"',
        'class="sample theme"',
        'class="sample subtheme"',
        'class="sample connection"',
        'class="sample count"',
        'class="title"',
        'class="caption"',
        'class="attribution"',
        'class="description"',
        'class="count"',
    ):
        assert hook in svg, hook
    # Four key themes, so four branch colours in use.
    style = compose_style([] if sheet == "health-innovation" else [sheet])
    for branch in range(4):
        assert f'stroke="{style.line_colour(branch)}"' in svg


@pytest.mark.parametrize("sheet", GOLDEN_SHEETS)
def test_specimen_golden_svg(sheet):
    path = GOLDEN / f"specimen-{sheet}.svg"
    expected = path.read_text(encoding="utf-8").splitlines()
    actual = specimen_svg(sheet).splitlines()
    if actual != expected:
        diff = "\n".join(list(difflib.unified_diff(expected, actual, str(path), "now", lineterm="", n=0))[:40])
        pytest.fail(f"the specimen changed; if that is intended, look at it and run: {REGENERATE[sheet]}\n{diff}")


def test_specimen_command_writes_png_and_svg_and_is_deterministic(tmp_path):
    png = tmp_path / "s.png"
    result = runner.invoke(app, ["specimen", "--style", "high-contrast", "-o", str(png)])
    assert result.exit_code == 0, result.output
    assert png.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    one, two = tmp_path / "1.svg", tmp_path / "2.svg"
    for out in (one, two):
        assert runner.invoke(app, ["specimen", "-o", str(out)]).exit_code == 0
    assert one.read_bytes() == two.read_bytes()
    assert one.read_text(encoding="utf-8") == specimen_svg("health-innovation")


def test_specimen_refuses_an_unknown_format(tmp_path):
    result = runner.invoke(app, ["specimen", "-o", str(tmp_path / "s.gif")])
    assert result.exit_code == 1
    assert result.stderr == f"{tmp_path / 's.gif'}: unknown format '.gif'; end the name with .svg, .png or .pdf\n"
    assert not (tmp_path / "s.gif").exists()


# --- fonts ------------------------------------------------------------------------------


def test_svg_names_arial_then_liberation_sans_then_generic():
    svg = specimen_svg("health-innovation")
    assert re.search(r'<svg [^>]*font-family="Arial, \'Liberation Sans\', sans-serif"', svg)


def test_embedded_fonts_are_the_subset_used_and_named_first():
    from fontTools.ttLib import TTFont

    svg = specimen_svg("health-innovation")
    embedded = specimen_svg("health-innovation", embed_fonts=True)
    assert specimen_svg("health-innovation", embed_fonts=True) == embedded  # same input, same bytes
    assert re.search(
        r'<svg [^>]*font-family="\'Liberation Sans\', Arial, sans-serif" text-rendering="geometricPrecision"', embedded
    )
    rules = re.findall(
        r"@font-face\{font-family:'Liberation Sans';font-weight:(\w+);font-style:(\w+);"
        r"src:url\(data:font/woff;base64,([A-Za-z0-9+/=]+)\) format\('woff'\)\}",
        embedded,
    )
    used = used_characters(specimen_texts())
    assert {(w == "bold", s == "italic") for w, s, _ in rules} == set(used)
    for weight, slant, data in rules:
        raw = base64.b64decode(data)
        assert raw[:4] == b"wOFF"
        font = TTFont(io.BytesIO(raw))
        cmap = set(font.getBestCmap())
        chars = {ord(c) for c in used[(weight == "bold", slant == "italic")]}
        assert chars - {0x20} <= cmap  # every character drawn is in the subset...
        assert len(cmap) <= len(chars | {0x20}) + 5  # ...and little else (not the whole font)
    # The rest of the SVG is untouched.
    assert (
        re.sub(r"<defs>.*?</defs>\n", "", embedded, flags=re.S).replace(
            '\'Liberation Sans\', Arial, sans-serif" text-rendering="geometricPrecision"',
            "Arial, 'Liberation Sans', sans-serif\"",
        )
        == svg
    )


def test_render_embed_fonts_flag(tmp_path):
    theme = Path(__file__).resolve().parents[2] / "themes" / "h9-process.yaml"
    result = runner.invoke(app, ["render", str(theme), "-o", str(tmp_path), "-f", "svg", "--embed-fonts"])
    assert result.exit_code == 0, result.output
    svg = (tmp_path / "h9-process.svg").read_text(encoding="utf-8")
    assert "@font-face{font-family:'Liberation Sans'" in svg
    size_embedded = len(svg)
    runner.invoke(app, ["render", str(theme), "-o", str(tmp_path), "-f", "svg"])
    plain = (tmp_path / "h9-process.svg").read_text(encoding="utf-8")
    assert "@font-face" not in plain
    assert size_embedded - len(plain) < 120_000  # subsets, not the ~400 KB of whole faces


def test_embedded_subset_draws_every_text_at_the_measured_width_in_chromium(browser):
    """With the embedded font renamed so that no installed font can stand in, Chromium
    draws every text at the width layout measured: the subset is complete and used."""
    from mindmap.text.measure import measure

    svg = specimen_svg("health-innovation", embed_fonts=True).replace("Liberation Sans", "mm-embedded-only")
    svg = svg.replace("'mm-embedded-only', Arial, sans-serif", "'mm-embedded-only', monospace")
    body = svg[svg.index("<svg") :]
    page = browser.new_page()
    try:
        page.set_content(f"<!doctype html><html><body style='margin:0'>{body}</body></html>")
        # Load every embedded face before measuring (faces load lazily, on first use).
        page.evaluate("() => Promise.all([...document.fonts].map(f => f.load())).then(() => document.fonts.ready)")
        drawn = page.evaluate("""() => [...document.querySelectorAll('svg text')].map(t => [
            t.textContent, parseFloat(t.getAttribute('font-size')), t.getAttribute('font-weight') === 'bold',
            t.getAttribute('font-style') === 'italic', t.getComputedTextLength()])""")
        faces = page.evaluate("() => [...document.fonts].filter(f => f.status === 'loaded').length")
    finally:
        page.close()
    assert faces == len(used_characters(specimen_texts()))
    assert len(drawn) > 40
    for text, size, bold, italic, width in drawn:
        expected = measure(text, size, bold=bold, italic=italic)
        assert abs(width - expected) <= 0.01 * expected + 0.5, (text, width, expected)


def test_characters_drawn_by_another_family_are_not_embedded():
    texts = [("Ab & 漢字 c", False, False), ("Z", True, False)]
    assert used_characters(texts) == {(False, False): set("Ab & c"), (True, False): {"Z"}}
