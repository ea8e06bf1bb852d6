"""Text as Cairo must be handed it: visual order, joined Arabic letters, one font per stretch.

Our SVG keeps every text in logical order, as typed, and browsers lay out
right-to-left scripts, join Arabic letters and pick fallback fonts
themselves.  cairosvg draws each character's glyph left to right with the one
font it is told, and does none of that.  Before converting to PNG or PDF we
therefore rewrite each ``<text>``:

* composed to NFC, so an ``e`` plus a combining accent is the one glyph ``é``;
* variation selectors (U+FE0E, U+FE0F) dropped once each stretch's font is
  chosen (``❤️`` still goes to the emoji font): drawn alone they are blank boxes;
* Arabic shaped to its presentation forms (arabic-reshaper) and any
  right-to-left text put in visual order (python-bidi, the Unicode
  Bidirectional Algorithm in a left-to-right paragraph, as browsers use it);
* split again into ``<tspan>`` stretches by the font that draws each
  character (:func:`mindmap.svg.text_content`).

Only texts that need it are touched, so Latin-only figures are unchanged.
"""

from __future__ import annotations

import html
import re
import unicodedata
from typing import Final

__all__ = ["for_cairo", "visual_text"]

_TEXT: Final = re.compile(r"(<text\b[^>]*>)(.*?)(</text>)", re.DOTALL)
_TSPAN: Final = re.compile(r"</?tspan\b[^>]*>")
_SELECTORS: Final = dict.fromkeys((0xFE0E, 0xFE0F))


def _rtl(text: str) -> bool:
    return any(unicodedata.bidirectional(char) in ("R", "AL", "RLE", "RLO", "RLI") for char in text)


def visual_text(text: str) -> str:
    """``text`` in the order Cairo should draw it, left to right: NFC, Arabic
    shaped, right-to-left stretches reversed (see the module's description)."""
    text = unicodedata.normalize("NFC", text)
    if _rtl(text):
        from bidi import get_display

        if any(unicodedata.bidirectional(char) == "AL" for char in text):
            import arabic_reshaper

            text = arabic_reshaper.reshape(text)
        text = get_display(text, base_dir="L")
    return text


def for_cairo(svg: str) -> str:
    """The SVG with every text that needs it rewritten for Cairo."""
    from .svg import text_content

    def rewrite(match: re.Match[str]) -> str:
        start, content, end = match.groups()
        if content.isascii():
            return match.group(0)
        visual = visual_text(html.unescape(_TSPAN.sub("", content)))
        bold = 'font-weight="bold"' in start
        italic = 'font-style="italic"' in start
        return start + text_content(visual, bold, italic).translate(_SELECTORS) + end

    return _TEXT.sub(rewrite, svg)
