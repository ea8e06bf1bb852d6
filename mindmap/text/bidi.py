"""Text as Cairo must be handed it: visual order, joined Arabic letters.

Our SVG keeps every text in logical order, as typed, and browsers lay out
right-to-left scripts and join Arabic letters themselves.  cairosvg draws each
character's glyph left to right and does neither, so the SVG drawn for Cairo
(:func:`mindmap.draw.svg.draw_svg` with ``for_cairo``) passes every text
through :func:`visual_text`:

* composed to NFC, so an ``e`` plus a combining accent is the one glyph ``é``;
* Arabic shaped to its presentation forms (arabic-reshaper) and any
  right-to-left text put in visual order (python-bidi, the Unicode
  Bidirectional Algorithm in a left-to-right paragraph, as browsers use it).

Variation selectors (U+FE0E, U+FE0F) are dropped by the drawing once each
stretch's font is chosen (``SELECTORS``): drawn alone they are blank boxes.
Latin-only text is returned unchanged.
"""

from __future__ import annotations

import unicodedata
from typing import Final

__all__ = ["SELECTORS", "visual_text"]

SELECTORS: Final = dict.fromkeys((0xFE0E, 0xFE0F))


def _rtl(text: str) -> bool:
    return any(unicodedata.bidirectional(char) in ("R", "AL", "RLE", "RLO", "RLI") for char in text)


def visual_text(text: str) -> str:
    """``text`` in the order Cairo should draw it, left to right: NFC, Arabic
    shaped, right-to-left stretches reversed (see the module's description).

    >>> visual_text("abc")
    'abc'
    """
    if text.isascii():
        return text
    text = unicodedata.normalize("NFC", text)
    if _rtl(text):
        from bidi import get_display

        if any(unicodedata.bidirectional(char) == "AL" for char in text):
            import arabic_reshaper

            text = arabic_reshaper.reshape(text)
        text = get_display(text, base_dir="L")
    return text
