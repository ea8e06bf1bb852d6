"""Embedding the font an SVG uses: the subset of Liberation Sans its text needs.

Layout measures every label with Liberation Sans, which has Arial's metrics, and
the SVG names Arial first.  With the font embedded (as WOFF in an
``@font-face`` rule) and named first, the figure renders with the very glyphs
it was measured with on any machine, Arial installed or not.  Same SVG in,
same bytes out (no timestamps).
"""

from __future__ import annotations

import base64
import io
from functools import lru_cache
from typing import Final, Iterable

from ..text.measure import FACES, FONT_DIR, emoji_face, fallback_face
from .svg import EMBEDDED_FAMILY

__all__ = ["font_css", "page_font_faces", "subset_woff", "used_characters"]


def used_characters(texts: Iterable[tuple[str, bool, bool]]) -> dict[tuple[bool, bool], set[str]]:
    """The characters Liberation Sans draws in each face (bold, italic) of these
    texts (text, bold, italic); characters drawn with a fallback font are left out."""
    faces: dict[tuple[bool, bool], set[str]] = {}
    for text, bold, italic in texts:
        chars = faces.setdefault((bold, italic), set())
        for at, char in enumerate(text):
            if text.isascii() or (emoji_face(text, at) is None and fallback_face(char, bold, italic) is None):
                chars.add(char)
    return {face: chars for face, chars in faces.items() if chars}


def subset_woff(face: tuple[bool, bool], chars: set[str], *, plain_advances: bool = True) -> bytes:
    """The shipped face (bold, italic) cut down to ``chars`` (and a space), as WOFF.

    With ``plain_advances`` it keeps only what layout measures: advance widths,
    without shaping, device metrics or hinting.
    """
    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(FONT_DIR / FACES[face], recalcTimestamp=False)
    options = subset.Options()
    options.flavor = "woff"
    options.name_IDs = ["*"]  # keep the licence and names
    options.notdef_outline = True
    if plain_advances:
        # Layout measures plain advance widths: no kerning or other shaping (GPOS,
        # GSUB, kern), no device metrics that round advances (hdmx, LTSH, VDMX),
        # no hinting; and no FontForge timestamps (FFTM).
        options.drop_tables = [*options.drop_tables, "FFTM", "hdmx", "LTSH", "VDMX", "GPOS", "GSUB", "GDEF", "kern"]
        options.layout_features = []
        options.hinting = False
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes={ord(c) for c in chars} | {0x20})
    subsetter.subset(font)
    out = io.BytesIO()
    font.flavor = "woff"
    font.save(out, reorderTables=True)
    return out.getvalue()


def font_css(texts: Iterable[tuple[str, bool, bool]]) -> str:
    """``@font-face`` rules embedding, for each face the texts use, the subset of
    Liberation Sans they need, as WOFF (same texts, same bytes)."""
    rules = []
    for (bold, italic), chars in sorted(used_characters(texts).items()):
        data = base64.b64encode(subset_woff((bold, italic), chars)).decode("ascii")
        rules.append(
            f"@font-face{{font-family:'{EMBEDDED_FAMILY}';font-weight:{'bold' if bold else 'normal'};"
            f"font-style:{'italic' if italic else 'normal'};src:url(data:font/woff;base64,{data}) format('woff')}}"
        )
    return "\n".join(rules)


_PAGE_FACES: Final = (("normal", "normal"), ("bold", "normal"), ("normal", "italic"), ("bold", "italic"))


@lru_cache(maxsize=4)
def page_font_faces(characters: frozenset[str]) -> str:
    """@font-face rules for an HTML page: Liberation Sans (Arial's metrics), each
    face cut down to the characters the page uses, embedded as a data: URL."""
    import logging

    logging.getLogger("fontTools.subset").setLevel(logging.ERROR)  # "FFTM NOT subset"

    wanted = {c for c in characters if c.isprintable()} | {chr(i) for i in range(0x20, 0x7F)}
    rules = []
    for weight, style in _PAGE_FACES:
        face = (weight == "bold", style == "italic")
        data = base64.b64encode(subset_woff(face, wanted, plain_advances=False)).decode("ascii")
        rules.append(
            f"@font-face {{ font-family: 'Liberation Sans'; font-weight: {weight}; font-style: {style}; "
            f"src: url(data:font/woff;base64,{data}) format('woff'); }}"
        )
    return "\n".join(rules)
