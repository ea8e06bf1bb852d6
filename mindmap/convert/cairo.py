"""Figures to PNG and PDF with cairosvg, safely and reproducibly.

* Our fontconfig is in force while Cairo draws (so 'Arial' is the shipped
  Liberation Sans and text fits its box), and only then
  (:func:`mindmap.text.fontconfig.our_fonts`).
* cairosvg runs without ``unsafe``: it resolves no external entities and
  reads no files or URLs named in the SVG (ours names none).
* PNG: 300 dpi at the figure's printed width, scaled down to fit Cairo's
  32,767-pixel limit, on the canvas colour.  The PDF's dates are fixed, so the
  same map gives the same bytes.
* On a machine without the Cairo library, PNG and PDF stop with one line
  naming what to install; SVG needs no Cairo.
"""

from __future__ import annotations

import io
import struct
import zlib
from typing import TYPE_CHECKING, Any, Final

from ..errors import UserError
from ..text.fontconfig import our_fonts

if TYPE_CHECKING:
    from ..draw.figure import Figure

__all__ = ["DPI", "MAX_PIXELS", "svg_to_pdf", "svg_to_png"]

DPI: Final = 300
MAX_PIXELS: Final = 32_767
FIXED_DATE: Final = "2000-01-01T00:00:00Z"
NO_CAIRO: Final = (
    "PNG and PDF need the Cairo graphics library, which this machine lacks; install it "
    "(Debian/Ubuntu: apt install libcairo2; macOS: brew install cairo; conda: conda install cairo), "
    "or render SVG only (-f svg)"
)


def _cairosvg() -> Any:
    """cairosvg, or a clear message when the Cairo library cannot be loaded."""
    try:
        import cairosvg
    except OSError as error:  # cairocffi's dlopen of libcairo failed
        raise UserError(NO_CAIRO) from error
    return cairosvg


def svg_to_png(figure: Figure, meta: dict[str, str] | None = None) -> bytes:
    """The figure as a PNG at 300 dpi (less for huge figures) on its canvas colour, with text chunks."""
    cairosvg = _cairosvg()
    scale = DPI / 25.4
    width_px, height_px = figure.width_mm * scale, figure.height_mm * scale
    if max(width_px, height_px) > MAX_PIXELS:
        shrink = MAX_PIXELS / max(width_px, height_px)
        width_px, height_px = width_px * shrink, height_px * shrink
    with our_fonts():
        png = cairosvg.svg2png(
            bytestring=figure.cairo_svg.encode("utf-8"),
            output_width=int(width_px),
            output_height=int(height_px),
            background_color=figure.background,
            unsafe=False,
        )
    return _png_with_text(png, meta or {})


def _xmp(meta: dict[str, str]) -> str:
    """An XMP packet: dc:title, and IPTC Core's Alt Text (Accessibility) and
    Extended Description (Accessibility).  No dates, so the same words give the same bytes.

    >>> "<Iptc4xmpCore:AltTextAccessibility><rdf:Alt><rdf:li xml:lang='x-default'>A &amp; B" in _xmp({"alt": "A & B"})
    True
    """
    from xml.sax.saxutils import escape

    def alt(tag: str, value: str | None) -> str:
        if not value:
            return ""
        return f"<{tag}><rdf:Alt><rdf:li xml:lang='x-default'>{escape(value)}</rdf:li></rdf:Alt></{tag}>"

    description = meta.get("description") or meta.get("subject")
    body = (
        alt("dc:title", meta.get("title"))
        + alt("Iptc4xmpCore:AltTextAccessibility", meta.get("alt"))
        + alt("Iptc4xmpCore:ExtDescrAccessibility", description)
    )
    if not body:
        return ""
    return (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:Iptc4xmpCore="http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/">'
        f"{body}</rdf:Description></rdf:RDF></x:xmpmeta>"
        '<?xpacket end="r"?>'
    )


def _png_with_text(png: bytes, meta: dict[str, str]) -> bytes:
    """Insert iTXt chunks after the PNG header: Title (``meta["title"]``),
    Description (the long description, ``meta["description"]``, else
    ``meta["subject"]``), Alt text (``meta["alt"]``) and the same words as XMP
    (IPTC's accessibility fields, which image tools and asset libraries read)."""
    if not meta:
        return png
    chunks = []
    fields = {
        "Title": meta.get("title"),
        "Description": meta.get("description") or meta.get("subject"),
        "Alt text": meta.get("alt"),
        "Medium": meta.get("medium"),  # what the figure was composed for: page, slide, a3...
        "XML:com.adobe.xmp": _xmp(meta),
    }
    for key, value in fields.items():
        if not value:
            continue
        data = key.encode("latin-1") + b"\x00\x00\x00" + b"\x00\x00" + value.encode("utf-8")
        chunk = b"iTXt" + data
        chunks.append(struct.pack(">I", len(data)) + chunk + struct.pack(">I", zlib.crc32(chunk) & 0xFFFFFFFF))
    ihdr_end = 8 + 4 + 4 + 13 + 4
    return png[:ihdr_end] + b"".join(chunks) + png[ihdr_end:]


def svg_to_pdf(figure: Figure, meta: dict[str, str] | None = None) -> bytes:
    """The figure as a PDF with selectable text, title and subject set, fixed dates."""
    _cairosvg()
    import cairocffi
    import cairosvg.surface
    from cairosvg.parser import Tree

    fields: dict[str, str] = meta or {}

    class _PDF(cairosvg.surface.PDFSurface):
        def _create_surface(self, width, height):
            surface = cairocffi.PDFSurface(self.output, width, height)
            surface.set_metadata(cairocffi.PDF_METADATA_CREATE_DATE, FIXED_DATE)
            surface.set_metadata(cairocffi.PDF_METADATA_MOD_DATE, FIXED_DATE)
            if fields.get("title"):
                surface.set_metadata(cairocffi.PDF_METADATA_TITLE, fields["title"])
            subject = fields.get("description") or fields.get("subject")
            if subject:
                # The long description: the PDF's document properties carry it whole.
                surface.set_metadata(cairocffi.PDF_METADATA_SUBJECT, subject)
            surface.set_metadata(cairocffi.PDF_METADATA_CREATOR, "mindmap")
            if fields.get("medium"):
                surface.set_metadata(cairocffi.PDF_METADATA_KEYWORDS, f"mind map; medium: {fields['medium']}")
            return surface, width, height

        _depth = 0

        def draw(self, node):
            # A tagged PDF, as far as Cairo allows: the figure is a Document whose
            # texts are paragraphs (P) in the SVG's reading order.
            tag = "Document" if self._depth == 0 else "P" if node.tag == "text" else None
            self._depth += 1
            if tag:
                self.context.tag_begin(tag, "")
            try:
                super().draw(node)
            finally:
                if tag:
                    self.context.tag_end(tag)
                self._depth -= 1

    output = io.BytesIO()
    tree = Tree(bytestring=figure.cairo_svg.encode("utf-8"), unsafe=False)
    with our_fonts():
        surface = _PDF(tree, output, 96)
        surface.finish()
    return output.getvalue()
