"""The interactive HTML figure (-f html): self-contained, deterministic, escaped, and working in Chromium."""

from __future__ import annotations

import base64
import hashlib
import html
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

import mindmap
from mindmap.cli import app
from mindmap.draw.html import STATIC
from mindmap.model.theme import MindMap

from ..conftest import THEMES, small_map

runner = CliRunner()
HOSTILE = "</script><script>alert(1)</script>"


def deep_map(label_b: str = "Beta theme") -> MindMap:
    """Key theme alpha with two levels below it and a quote; beta with one sub-theme; gamma alone."""
    return MindMap.model_validate(
        {
            "id": "deep",
            "title": "Deep map",
            "headline": "The centre",
            "n": 30,
            "themes": [
                {
                    "id": "alpha",
                    "label": "Alpha care",
                    "n": 20,
                    "subthemes": [
                        {
                            "id": "a1",
                            "label": "Alpha one",
                            "n": 8,
                            "subthemes": [{"id": "a1x", "label": "Care at home"}],
                        },
                        {"id": "a2", "label": "Alpha two"},
                    ],
                },
                {"id": "beta", "label": label_b, "subthemes": [{"id": "b1", "label": "Beta care one"}]},
                {"id": "gamma", "label": "Gamma"},
            ],
            "connections": [{"between": ["alpha", "gamma"], "label": "related"}],
            "quotes": [{"text": "A quote about alpha.", "attribution": "Innovator", "theme": "alpha"}],
        }
    )


def sha256(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


# --- the file ---------------------------------------------------------------------------------------


def test_same_map_gives_the_same_bytes():
    first = mindmap.render(deep_map(), "html")
    assert first == mindmap.render(deep_map(), "html")
    assert first.startswith(b"<!DOCTYPE html>")
    assert mindmap.render(deep_map(), "html", depth=1) == mindmap.render(deep_map(), "html", depth=1)


def test_page_is_self_contained_and_allows_only_its_own_script_and_style():
    page = mindmap.render(deep_map(), "html").decode("utf-8")
    scripts = re.findall(r"<script>(.*?)</script>", page, re.S)
    styles = re.findall(r"<style>(.*?)</style>", page, re.S)
    assert len(scripts) == 1 and len(styles) == 1
    assert scripts[0] == (STATIC / "interactive.js").read_text(encoding="utf-8")
    assert styles[0].endswith((STATIC / "interactive.css").read_text(encoding="utf-8"))
    csp = html.unescape(re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', page).group(1))
    assert csp == (
        f"default-src 'none'; script-src '{sha256(scripts[0])}'; style-src '{sha256(styles[0])}'; "
        "font-src data:; base-uri 'none'; form-action 'none'"
    )
    # Nothing to fetch: no external source, link or import, and the fonts are data: URLs.
    assert not re.search(r'\s(?:src|href)="(?!#)', page)
    assert "@import" not in page and "<link" not in page
    assert re.findall(r"url\(([a-z]+):", page) and set(re.findall(r"url\(([a-z]+):", page)) == {"data"}
    # The only URL is the SVG namespace (in the markup and in the script, which creates SVG elements).
    assert set(re.findall(r"https?://[^\s\"']+", page)) == {"http://www.w3.org/2000/svg"}


def test_svg_carries_the_tree_for_folding():
    page = mindmap.render(deep_map(), "html").decode("utf-8")
    assert '<g class="node subtheme depth-3" data-node="theme:a1x" data-parent="theme:a1"' in page
    assert '<g class="node theme depth-1" data-node="theme:alpha" data-parent="hypothesis"' in page
    assert '<g class="edge branch" data-source="theme:a1" data-target="theme:a1x">' in page
    assert '<g class="edge quote" data-source="theme:alpha" data-target="quote:0">' in page
    assert '<g class="edge connection" data-source="theme:alpha" data-target="theme:gamma">' in page


def test_a_hostile_label_stays_text():
    page = mindmap.render(deep_map(HOSTILE), "html").decode("utf-8")
    assert page.count("<script") == 1 and page.count("</script>") == 1
    assert "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_cli_writes_html_beside_the_other_formats(tmp_path: Path):
    path = THEMES / "h4-leadership.yaml"
    result = runner.invoke(app, ["render", str(path), "-o", str(tmp_path), "-f", "html", "-f", "svg"])
    assert result.exit_code == 0, result.output
    page = (tmp_path / "h4-leadership.html").read_text(encoding="utf-8")
    assert "<title>Hypothesis 4: Leadership</title>" in page
    assert (tmp_path / "h4-leadership.svg").is_file() and (tmp_path / "h4-leadership.alt.txt").is_file()
    result = runner.invoke(app, ["render", str(path), "-o", str(tmp_path / "d"), "-f", "html", "--depth", "1"])
    assert result.exit_code == 0, result.output
    assert 'data-fold-depth="1"' in (tmp_path / "d" / "h4-leadership.html").read_text(encoding="utf-8")


# --- in Chromium ------------------------------------------------------------------------------------


@pytest.fixture
def page_of(browser, tmp_path: Path):
    """Open a map's HTML figure from file:// in Chromium; collect console errors and failed requests."""
    opened = []

    def open_page(mind_map: MindMap, depth: int | None = None, name: str = "figure.html"):
        path = tmp_path / name
        path.write_bytes(mindmap.render(mind_map, "html", depth=depth))
        context = browser.new_context(viewport={"width": 1200, "height": 900})
        page = context.new_page()
        page.problems = []  # type: ignore[attr-defined]
        page.on(
            "console",
            lambda m: page.problems.append(f"console {m.type}: {m.text}") if m.type in ("error", "warning") else None,
        )
        page.on("pageerror", lambda e: page.problems.append(f"page error: {e}"))
        page.on("requestfailed", lambda r: page.problems.append(f"request failed: {r.url}"))
        page.on("request", lambda r: page.problems.append(f"request: {r.url}") if r.url != path.as_uri() else None)
        page.on("dialog", lambda d: (page.problems.append(f"dialog: {d.message}"), d.dismiss()))
        page.goto(path.as_uri())
        page.wait_for_function("document.querySelector('#mm-viewport[data-zoom]') !== null")
        opened.append(context)
        return page

    yield open_page
    for context in opened:
        context.close()


def visible(page, node: str) -> bool:
    return page.locator(f'g.node[data-node="{node}"]').is_visible()


def edge_visible(page, target: str) -> bool:
    return page.locator(f'g.edge:not(.connection)[data-target="{target}"]').is_visible()


@pytest.mark.browser
def test_clicking_a_theme_folds_its_descendants_and_clicking_again_unfolds(page_of):
    page = page_of(deep_map())
    for node in ("theme:a1", "theme:a1x", "theme:a2", "quote:0"):
        assert visible(page, node)
    page.click('g.node[data-node="theme:alpha"]')
    for node in ("theme:a1", "theme:a1x", "theme:a2", "quote:0"):
        assert not visible(page, node), node
    for target in ("theme:a1", "theme:a1x", "quote:0"):
        assert not edge_visible(page, target), target
    assert visible(page, "theme:alpha") and visible(page, "theme:b1") and edge_visible(page, "theme:gamma")
    # connections join key themes: never folded away (a straight vertical line has no width,
    # so Playwright's is_visible cannot tell: ask the computed style)
    assert page.locator("g.edge.connection").evaluate(
        "e => getComputedStyle(e).display !== 'none' && getComputedStyle(e).visibility !== 'hidden'"
    )
    marker = page.locator('g.node[data-node="theme:alpha"] .mm-marker text')
    assert marker.text_content() == "+4"
    assert page.get_attribute('g.node[data-node="theme:alpha"]', "aria-expanded") == "false"
    page.click('g.node[data-node="theme:alpha"]')
    for node in ("theme:a1", "theme:a1x", "theme:a2", "quote:0"):
        assert visible(page, node)
    assert page.locator(".mm-marker").count() == 0
    assert page.get_attribute('g.node[data-node="theme:alpha"]', "aria-expanded") == "true"
    # Folding a sub-theme hides only its own branch; folding its key theme then unfolding keeps it folded.
    page.click('g.node[data-node="theme:a1"]')
    assert not visible(page, "theme:a1x") and visible(page, "theme:a2")
    page.click("button[data-action=unfold-all]")
    assert visible(page, "theme:a1x")
    page.click("button[data-action=fold-all]")
    assert not visible(page, "theme:a1") and not visible(page, "theme:b1") and visible(page, "theme:gamma")
    assert page.problems == []


@pytest.mark.browser
def test_the_page_opens_folded_at_the_depth_it_was_made_with(page_of):
    page = page_of(deep_map(), depth=1)
    assert visible(page, "theme:alpha") and not visible(page, "theme:a1") and not visible(page, "theme:b1")
    assert page.locator('g.node[data-node="theme:beta"] .mm-marker text').text_content() == "+1"
    page.click('g.node[data-node="theme:beta"]')
    assert visible(page, "theme:b1")
    assert page.problems == []


@pytest.mark.browser
def test_search_highlights_matching_labels_and_says_how_many(page_of):
    page = page_of(deep_map())
    page.fill("#mm-search", "care")
    matched = page.eval_on_selector_all("g.node.mm-match", "els => els.map(e => e.getAttribute('data-node'))")
    assert matched == ["theme:alpha", "theme:a1x", "theme:b1"]  # "Alpha care", "Care at home", "Beta care one"
    status = page.locator("#mm-status")
    assert status.get_attribute("aria-live") == "polite"
    assert status.text_content() == "3 labels match \u201ccare\u201d."
    # Matches are marked by more than colour: the others fade, the matches get a heavy outline.
    assert float(page.eval_on_selector('g.node[data-node="theme:a2"]', "e => getComputedStyle(e).opacity")) < 0.5
    width = page.eval_on_selector('g.node[data-node="theme:b1"] > .shape', "e => getComputedStyle(e).strokeWidth")
    assert width == "4px"
    # A match inside a folded theme is counted and its folded ancestor marked.
    page.click("button[data-action=fold-all]")
    assert "2 inside folded themes" in status.text_content()
    assert page.locator('g.node[data-node="theme:alpha"].mm-match-inside').count() == 1
    page.fill("#mm-search", "nothing like this")
    assert status.text_content() == "No label matches \u201cnothing like this\u201d."
    assert page.locator("g.node.mm-match").count() == 0
    page.fill("#mm-search", "")
    assert status.text_content() == ""
    assert page.problems == []


@pytest.mark.browser
def test_keyboard_reaches_a_theme_folds_it_and_shows_focus(page_of):
    page = page_of(deep_map())
    page.focus("#mm-search")
    focused = []
    for _ in range(12):  # the search box, then five buttons, then the headline and the themes
        page.keyboard.press("Tab")
        focused.append(
            page.evaluate("document.activeElement.getAttribute('data-node') || document.activeElement.tagName")
        )
        if focused[-1] == "theme:alpha":
            break
    assert focused[-1] == "theme:alpha", focused
    assert focused.index("hypothesis") == len(focused) - 2
    style = page.evaluate(
        "(() => { const s = getComputedStyle(document.activeElement); return [s.outlineStyle, s.outlineWidth]; })()"
    )
    assert style == ["solid", "3px"]
    stroke = page.evaluate("getComputedStyle(document.activeElement.querySelector('.shape')).strokeWidth")
    assert stroke == "4px"
    page.keyboard.press("Enter")
    assert not visible(page, "theme:a1")
    page.keyboard.press(" ")
    assert visible(page, "theme:a1")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('data-node')") == "theme:a1"
    assert page.problems == []


@pytest.mark.browser
def test_plus_minus_and_zero_zoom_and_reset(page_of):
    page = page_of(deep_map())

    def box() -> list[float]:
        return [float(v) for v in page.get_attribute("#mm-viewport svg", "viewBox").split()]

    home = box()
    assert page.get_attribute("#mm-viewport", "data-zoom") == "100"
    page.keyboard.press("+")
    zoomed = box()
    assert zoomed[2] == pytest.approx(home[2] / 1.25, abs=0.02)
    assert page.get_attribute("#mm-viewport", "data-zoom") == "125"
    assert page.text_content("#mm-zoom") == "125%"
    page.keyboard.press("-")
    page.keyboard.press("-")
    assert box()[2] == pytest.approx(home[2] * 1.25, abs=0.02)
    page.keyboard.press("0")
    assert box() == home
    page.click("button[data-action=zoom-in]")
    assert box()[2] < home[2]
    page.click("button[data-action=reset]")
    # The wheel zooms around the pointer; dragging pans.
    page.mouse.move(600, 500)
    page.mouse.wheel(0, -100)
    page.wait_for_function(f"document.querySelector('#mm-viewport svg').viewBox.baseVal.width < {home[2] - 1}")
    before = box()
    page.mouse.move(600, 500)
    page.mouse.down()
    page.mouse.move(500, 450, steps=5)
    page.mouse.up()
    after = box()
    assert after[0] > before[0] and after[1] > before[1] and after[2] == before[2]
    assert page.problems == []


@pytest.mark.browser
def test_a_hostile_label_runs_nothing_in_the_browser(page_of):
    page = page_of(deep_map(HOSTILE))
    assert page.locator('g.node[data-node="theme:beta"] text.label').first.text_content().startswith("</script>")
    page.fill("#mm-search", "alert")
    assert page.text_content("#mm-status") == "1 label matches \u201calert\u201d."
    assert page.evaluate("document.scripts.length") == 1
    assert page.problems == []


@pytest.mark.browser
def test_a_report_map_opens_cleanly_and_looks_right(page_of, tmp_path: Path):
    page = page_of(mindmap.load_map(THEMES / "h4-leadership.yaml"), depth=1)
    assert page.locator("g.node .mm-marker").count() >= 1
    page.screenshot(path=str(tmp_path / "h4-leadership-html.png"))
    assert (tmp_path / "h4-leadership-html.png").stat().st_size > 10_000
    # Without the script the page would hide the controls: with it they show.
    assert page.locator("#mm-controls").is_visible()
    assert page.problems == []


def test_small_map_renders_in_every_format_including_html():
    out = mindmap.render(MindMap.model_validate(small_map()), ["svg", "html"])
    assert sorted(out) == ["html", "svg"]
    svg = out["svg"].decode("utf-8").split("<svg", 1)[1]
    assert svg.split(">", 1)[1].split("</svg>")[0] in out["html"].decode("utf-8")
