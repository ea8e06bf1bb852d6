"""The gallery page in real Chromium: every figure visible with its alt text and
long description, no request leaves the page, no console errors, text escaped."""

from __future__ import annotations

import html
from pathlib import Path

import pytest

from mindmap.model.describe import ALT_TEXT_LIMIT
from mindmap.publish.gallery import INDEX, render_gallery
from mindmap.text.markdown import unescape_markdown

ROOT = Path(__file__).resolve().parents[2]

HOSTILE = """id: hostile
title: "<script>alert(1)</script> & <b>bold</b> title"
headline: "Centre <img src=x onerror=alert(2)> [n=3]"
themes:
  - id: a
    label: "</svg><script>alert(3)</script>"
    description: "Desc with \\"quotes\\" & <i>tags</i>"
  - id: b
    label: "Link <a href='https://example.org/'>out</a>"
quotes:
  - text: "<style>body{display:none}</style>"
    theme: a
"""


@pytest.fixture(scope="module")
def gallery(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("page")
    themes = base / "themes"
    themes.mkdir()
    for name in ("h2-policy-levers.yaml", "h9-process.yaml"):
        (themes / name).write_bytes((ROOT / "themes" / name).read_bytes())
    (themes / "hostile.yaml").write_text(HOSTILE)
    render_gallery(themes, base / "gallery", workers=1)
    return base / "gallery"


@pytest.fixture(scope="module")
def loaded(browser, gallery: Path):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    requests: list[str] = []
    messages: list[tuple[str, str]] = []
    errors: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.on("console", lambda m: messages.append((m.type, m.text)))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("dialog", lambda d: (errors.append(f"dialog: {d.message}"), d.dismiss()))
    url = (gallery / INDEX).as_uri()
    page.goto(url)
    page.wait_for_load_state("load")
    page.evaluate("document.fonts.ready")
    yield page, url, requests, messages, errors
    page.close()


def test_no_request_leaves_the_page_and_nothing_errs(loaded) -> None:
    page, url, requests, messages, errors = loaded
    for article in page.locator("article").all():
        article.scroll_into_view_if_needed()
        article.locator("summary").click()
    assert requests == [url]
    assert [m for m in messages if m[0] in ("error", "warning")] == []
    assert errors == []


def test_every_figure_is_visible_and_named_by_its_alt_text(loaded, gallery: Path) -> None:
    page = loaded[0]
    figures = page.locator("figure svg.map")
    assert figures.count() == 3
    for i in range(figures.count()):
        svg = figures.nth(i)
        svg.scroll_into_view_if_needed()
        assert svg.is_visible()
        box = svg.bounding_box()
        assert box["width"] > 600 and box["height"] > 200
        stem = svg.evaluate("s => s.closest('article').id")
        alt = (gallery / f"{stem}.alt.txt").read_text(encoding="utf-8").rstrip("\n")
        assert svg.get_attribute("role") == "img"
        assert svg.get_attribute("aria-label") == alt and 0 < len(alt) <= ALT_TEXT_LIMIT
        # The accessible description is the long description below the figure.
        described = page.locator(f"#{svg.get_attribute('aria-describedby')}")
        # (the words of the .md file, which escapes Markdown, as plain text)
        md = (gallery / f"{stem}.description.md").read_text(encoding="utf-8")
        assert described.text_content() == unescape_markdown(md).rstrip("\n")
    assert page.locator("img:not([alt])").count() == 0
    ids = page.evaluate("Array.from(document.querySelectorAll('[id]')).map(e => e.id)")
    assert len(ids) == len(set(ids))


def test_the_long_description_is_folded_and_opens(loaded) -> None:
    page = loaded[0]
    details = page.locator("#h9-process details")
    details.scroll_into_view_if_needed()
    body = details.locator(".description")
    if details.evaluate("d => d.open"):
        details.locator("summary").click()
    assert not body.is_visible()
    details.locator("summary").click()
    assert body.is_visible()
    assert "## Key theme 1: Short-term complexity" in body.inner_text()


def test_download_links_point_to_the_files_beside_the_page(loaded, gallery: Path) -> None:
    page = loaded[0]
    hrefs = page.eval_on_selector_all("#h9-process .downloads a", "as => as.map(a => a.getAttribute('href'))")
    assert hrefs == [
        "h9-process.svg",
        "h9-process.png",
        "h9-process.pdf",
        "h9-process.pptx",
        "h9-process.description.md",
    ]
    assert all((gallery / h).is_file() for h in hrefs)


def test_hostile_text_stays_text(loaded, gallery: Path) -> None:
    page = loaded[0]
    assert page.locator("script").count() == 0
    assert page.locator("article a[href^='http']").count() == 0
    heading = page.locator("#hostile h2")
    assert heading.text_content() == "<script>alert(1)</script> & <b>bold</b> title"
    assert heading.locator("b").count() == 0
    labels = page.locator("#hostile svg.map g.node title").all_text_contents()
    assert "</svg><script>alert(3)</script>" in labels
    assert page.locator("body").is_visible()


def test_page_has_a_restrictive_content_security_policy(gallery: Path) -> None:
    text = (gallery / INDEX).read_text(encoding="utf-8")
    start = text.index('http-equiv="Content-Security-Policy" content="') + len(
        'http-equiv="Content-Security-Policy" content="'
    )
    policy = html.unescape(text[start : text.index('"', start)])
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert directives["default-src"] == "'none'"
    assert directives["style-src"].startswith("'sha256-") and "unsafe" not in policy
    assert directives["font-src"] == "data:"
    assert "http" not in policy
