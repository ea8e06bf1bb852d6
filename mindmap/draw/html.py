"""The interactive figure: one self-contained HTML file with the house-style SVG inline.

The page needs nothing but itself: its script (``static/interactive.js``)
and styles (``static/interactive.css``) are inline, Liberation Sans (Arial's
metrics, so text fits the boxes it was measured for) is embedded cut down to
the characters used, and a Content-Security-Policy allows exactly that script
and that style sheet by their SHA-256 hashes and nothing else, so opening it
(from ``file://`` too) loads nothing.  The same map gives the same bytes.

Everything from the map reaches the page escaped: the labels inside the SVG
(see :mod:`mindmap.svg`), the title and long description with
:func:`html.escape`; the script is the static file only (it reads the labels
from the figure itself), so no label can end it or add another.

Without the script the page still shows the whole figure; with it, the
figure zooms and pans, folds and unfolds, and finds labels (see the script).
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
from pathlib import Path
from typing import TYPE_CHECKING, Final

from ..model import MindMap

if TYPE_CHECKING:
    from ..fold import FoldedMap
    from ..styles import Style

__all__ = ["STATIC", "content_security_policy", "render_html"]

STATIC: Final = Path(__file__).resolve().parent / "static"
_XML_DECL: Final = re.compile(r"^<\?xml[^>]*>\s*")
_SIZE: Final = re.compile(r'\s(?:width|height)="[^"]*"')
_TEXT: Final = re.compile(r">([^<]+)<")


def _static(name: str) -> str:
    return (STATIC / name).read_text(encoding="utf-8")


def _hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def content_security_policy(script: str, css: str) -> str:
    """The page's policy: this script and this style sheet (by hash), fonts as data: URLs, nothing else.

    >>> content_security_policy("x", "y").startswith("default-src 'none'; script-src 'sha256-")
    True
    """
    return (f"default-src 'none'; script-src {_hash(script)}; style-src {_hash(css)}; font-src data:; "
            "base-uri 'none'; form-action 'none'")


def _inline(svg: str) -> str:
    """The SVG ready to sit in the page: no XML declaration, sized by the page's
    styles, and a group (not a single image) so its themes can be controls."""
    text = _XML_DECL.sub("", svg)
    start = text.index("<svg")
    end = text.index(">", start)
    head = _SIZE.sub("", text[start:end]).replace(' role="img"', ' role="group"')
    return text[:start] + head + ' preserveAspectRatio="xMidYMid meet"' + text[end:]


def render_html(mind_map: MindMap | FoldedMap, style: Style | None = None, layout: str = "radial", *,
                depth: int | None = None) -> str:
    """The map as one interactive HTML page (text).

    The page holds the whole map (or, given a :class:`~mindmap.fold.FoldedMap`
    such as a detail, what it draws); ``depth`` makes it open folded at that
    depth (depth 1: key themes only), to unfold in the browser.
    """
    from ..describe import long_description
    from ..gallery import _font_faces
    from ..render import render_svg
    from ..styles import resolve_style

    described = mind_map if isinstance(mind_map, MindMap) else mind_map.map
    style = style or resolve_style(described.style)
    svg = render_svg(mind_map, style, layout)
    description = long_description(described, style.look.count_format).rstrip("\n")
    e = html.escape
    page_text = described.title + description + "".join(html.unescape(t) for t in _TEXT.findall(svg))
    css = _font_faces(frozenset(page_text)) + "\n" + _static("interactive.css")
    script = _static("interactive.js")
    fold = f' data-fold-depth="{depth}"' if depth is not None else ""
    body = [
        "<main>",
        f"<h1>{e(described.title)}</h1>",
        '<div class="mm-controls" id="mm-controls" hidden>',
        '<div class="mm-search" role="search">',
        '<label for="mm-search">Find a label</label>',
        '<input id="mm-search" type="search" autocomplete="off" spellcheck="false" aria-describedby="mm-status">',
        "</div>",
        '<div class="mm-buttons" role="group" aria-label="Zoom and fold">',
        '<button type="button" data-action="zoom-in" aria-keyshortcuts="+">Zoom in</button>',
        '<button type="button" data-action="zoom-out" aria-keyshortcuts="-">Zoom out</button>',
        '<button type="button" data-action="reset" aria-keyshortcuts="0">Reset view</button>',
        '<button type="button" data-action="fold-all">Fold all</button>',
        '<button type="button" data-action="unfold-all">Unfold all</button>',
        '<span class="mm-zoom" id="mm-zoom" aria-label="Zoom level">100%</span>',
        "</div>",
        "</div>",
        '<p class="mm-status" id="mm-status" role="status" aria-live="polite"></p>',
        f'<div class="mm-viewport" id="mm-viewport"{fold}>',
        _inline(svg).rstrip("\n"),
        "</div>",
        '<p class="mm-help">Drag to move the figure and use the mouse wheel to zoom. Keys: Tab moves from theme '
        "to theme; Enter or Space folds or unfolds the theme in focus; + and - zoom; 0 resets the view; the arrow "
        "keys move the figure. Clicking a theme folds or unfolds it; a folded theme shows how many boxes it holds "
        "(+N).</p>",
        "<details>",
        "<summary>Long description</summary>",
        f'<div class="mm-description">{e(description)}</div>',
        "</details>",
        "</main>",
    ]
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en-GB">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{e(content_security_policy(script, css))}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="generator" content="mindmap">',
        f"<title>{e(described.title)}</title>",
        f"<style>{css}</style>",
        "</head>",
        "<body>",
        *body,
        f"<script>{script}</script>",
        "</body>",
        "</html>",
    ]
    return "\n".join(parts) + "\n"
