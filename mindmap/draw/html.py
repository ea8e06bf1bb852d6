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
from pathlib import Path
from typing import Final

from .figure import Figure

__all__ = ["STATIC", "content_security_policy", "render_html"]

STATIC: Final = Path(__file__).resolve().parent / "static"


def _static(name: str) -> str:
    return (STATIC / name).read_text(encoding="utf-8")


def _hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def content_security_policy(script: str, css: str) -> str:
    """The page's policy: this script and this style sheet (by hash), fonts as data: URLs, nothing else.

    >>> content_security_policy("x", "y").startswith("default-src 'none'; script-src 'sha256-")
    True
    """
    return (
        f"default-src 'none'; script-src {_hash(script)}; style-src {_hash(css)}; font-src data:; "
        "base-uri 'none'; form-action 'none'"
    )


def render_html(figure: Figure, meta: dict[str, str]) -> str:
    """The figure as one interactive HTML page (text).

    ``figure`` is drawn to sit in a page (see :class:`~mindmap.draw.svg.Inline`,
    described by the element ``mm-description``); ``meta`` gives the title,
    the long description and ``fold_depth``, the depth the page opens folded at
    (depth 1: key themes only; empty: unfolded).
    """
    from .fontembed import page_font_faces

    title, description = meta["title"], meta["description"].rstrip("\n")
    depth = meta.get("fold_depth", "")
    e = html.escape
    page_text = title + description + "".join(run.text for run in figure.runs)
    css = page_font_faces(frozenset(page_text)) + "\n" + _static("interactive.css")
    script = _static("interactive.js")
    fold = f' data-fold-depth="{int(depth)}"' if depth else ""
    body = [
        "<main>",
        f"<h1>{e(title)}</h1>",
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
        figure.svg.rstrip("\n"),
        "</div>",
        '<p class="mm-help">Drag to move the figure and use the mouse wheel to zoom. Keys: Tab moves from theme '
        "to theme; Enter or Space folds or unfolds the theme in focus; + and - zoom; 0 resets the view; the arrow "
        "keys move the figure. Clicking a theme folds or unfolds it; a folded theme shows how many boxes it holds "
        "(+N).</p>",
        "<details>",
        "<summary>Long description</summary>",
        f'<div class="mm-description" id="mm-description">{e(description)}</div>',
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
        f"<title>{e(title)}</title>",
        f"<style>{css}</style>",
        "</head>",
        "<body>",
        *body,
        f"<script>{script}</script>",
        "</body>",
        "</html>",
    ]
    return "\n".join(parts) + "\n"
