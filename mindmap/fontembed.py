"""Embedding the font an SVG uses: the subset of Liberation Sans its text needs.

Layout measures every label with Liberation Sans, which has Arial's metrics, and
the SVG names Arial first.  With the font embedded (as WOFF in an
``@font-face`` rule) and named first, the figure renders with the very glyphs
it was measured with on any machine, Arial installed or not.  Same SVG in,
same bytes out (no timestamps).
"""

from __future__ import annotations

import base64
import html
import io
import re
from typing import Final

from .text import _FACES, FONT_DIR

__all__ = ["EMBEDDED_FAMILY", "embed_fonts", "used_characters"]

EMBEDDED_FAMILY: Final = "Liberation Sans"
_TEXT: Final = re.compile(r"<text\b([^>]*)>(.*?)</text>", re.S)
# Characters Liberation Sans lacks are drawn in a <tspan> naming another family.
_OTHER_FAMILY: Final = re.compile(r"<tspan\b[^>]*\bfont-family=[^>]*>.*?</tspan>", re.S)
_TAG: Final = re.compile(r"<[^>]*>")
_ROOT_FAMILY: Final = re.compile(r'(<svg\b[^>]*?\bfont-family=")([^"]*)(")')


def used_characters(svg: str) -> dict[tuple[bool, bool], set[str]]:
    """The characters drawn in each face (bold, italic) of the SVG's text."""
    faces: dict[tuple[bool, bool], set[str]] = {}
    for attrs, content in _TEXT.findall(svg):
        face = ('font-weight="bold"' in attrs, 'font-style="italic"' in attrs)
        ours = _TAG.sub("", _OTHER_FAMILY.sub("", content))
        faces.setdefault(face, set()).update(html.unescape(ours))
    return faces


def subset_woff(face: tuple[bool, bool], chars: set[str], *, plain_advances: bool = True) -> bytes:
    """The shipped face (bold, italic) cut down to ``chars`` (and a space), as WOFF.

    With ``plain_advances`` it keeps only what layout measures: advance widths,
    without shaping, device metrics or hinting.
    """
    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(FONT_DIR / _FACES[face], recalcTimestamp=False)
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


def embed_fonts(svg: str) -> str:
    """``svg`` with the Liberation Sans subsets it uses embedded and named first.

    The root also asks for ``text-rendering="geometricPrecision"``, so that a
    browser draws each text at exactly the width layout measured.
    """
    rules = []
    for (bold, italic), chars in sorted(used_characters(svg).items()):
        data = base64.b64encode(subset_woff((bold, italic), chars)).decode("ascii")
        rules.append(
            f"@font-face{{font-family:'{EMBEDDED_FAMILY}';font-weight:{'bold' if bold else 'normal'};"
            f"font-style:{'italic' if italic else 'normal'};src:url(data:font/woff;base64,{data}) format('woff')}}"
        )
    if not rules:
        return svg
    style = '<defs><style type="text/css">' + "\n".join(rules) + "</style></defs>\n"

    def first(match: re.Match[str]) -> str:
        names = [n.strip() for n in html.unescape(match.group(2)).split(",")]
        names = [n for n in names if n.strip("'\"") != EMBEDDED_FAMILY]
        family = ", ".join([f"'{EMBEDDED_FAMILY}'", *names])
        # back into the attribute: what was unescaped above is escaped again
        family = family.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")
        # geometricPrecision: browsers then place glyphs at their exact advances,
        # as layout measured them, rather than rounding them at small sizes.
        return match.group(1) + family + match.group(3) + ' text-rendering="geometricPrecision"'

    svg = _ROOT_FAMILY.sub(first, svg, count=1)
    at = svg.find("</desc>")
    at = svg.find("\n", at) + 1 if at >= 0 else svg.find(">", svg.find("<svg")) + 1
    return svg[:at] + style + svg[at:]
