"""SVG to PNG and PDF with cairosvg, safely and reproducibly.

* Our fontconfig is in force before Cairo loads (so 'Arial' is the shipped
  Liberation Sans and text fits its box).
* cairosvg runs without ``unsafe``: it resolves no external entities and
  reads no files or URLs named in the SVG (ours names none).
* PNG: 300 dpi at the figure's width, scaled down to fit Cairo's 32,767-pixel
  limit.  The PDF's creation date is fixed, so the same map gives the same bytes.
"""

from __future__ import annotations

import io
import re
from typing import Final

from .fontsetup import use_our_fonts

__all__ = ["DPI", "MAX_PIXELS", "svg_to_png", "svg_to_pdf"]

DPI: Final = 300
MAX_PIXELS: Final = 32_767
FIXED_DATE: Final = "2000-01-01T00:00:00Z"
_SIZE: Final = re.compile(r'<svg[^>]*?\swidth="([0-9.]+)mm"\s+height="([0-9.]+)mm"')


def _size_mm(svg: str) -> tuple[float, float]:
    match = _SIZE.search(svg[:2000])
    if not match:
        raise ValueError("the SVG has no width and height in mm")
    return float(match.group(1)), float(match.group(2))


def svg_to_png(svg: str, meta: dict[str, str] | None = None) -> bytes:
    """The SVG as a PNG at 300 dpi (less for huge figures), with text chunks."""
    use_our_fonts()
    import cairosvg

    width_mm, height_mm = _size_mm(svg)
    scale = DPI / 25.4
    width_px, height_px = width_mm * scale, height_mm * scale
    if max(width_px, height_px) > MAX_PIXELS:
        shrink = MAX_PIXELS / max(width_px, height_px)
        width_px, height_px = width_px * shrink, height_px * shrink
    png = cairosvg.svg2png(
        bytestring=svg.encode("utf-8"), output_width=int(width_px), output_height=int(height_px), unsafe=False,
    )
    return _png_with_text(png, meta or {})


def _png_with_text(png: bytes, meta: dict[str, str]) -> bytes:
    """Insert iTXt chunks after the PNG header: Title (``meta["title"]``),
    Description (the long description, ``meta["description"]``, else
    ``meta["subject"]``) and Alt text (``meta["alt"]``)."""
    import struct
    import zlib

    if not meta:
        return png
    chunks = []
    fields = {
        "Title": meta.get("title"),
        "Description": meta.get("description") or meta.get("subject"),
        "Alt text": meta.get("alt"),
    }
    for key, value in fields.items():
        if not value:
            continue
        data = key.encode("latin-1") + b"\x00\x00\x00" + b"\x00\x00" + value.encode("utf-8")
        chunk = b"iTXt" + data
        chunks.append(struct.pack(">I", len(data)) + chunk + struct.pack(">I", zlib.crc32(chunk) & 0xFFFFFFFF))
    ihdr_end = 8 + 4 + 4 + 13 + 4
    return png[:ihdr_end] + b"".join(chunks) + png[ihdr_end:]


def svg_to_pdf(svg: str, meta: dict[str, str] | None = None) -> bytes:
    """The SVG as a PDF with selectable text, title and subject set, a fixed date."""
    use_our_fonts()
    import cairocffi
    import cairosvg.surface
    from cairosvg.parser import Tree

    meta = meta or {}

    class _PDF(cairosvg.surface.PDFSurface):
        def _create_surface(self, width, height):  # type: ignore[override]
            surface = cairocffi.PDFSurface(self.output, width, height)
            surface.set_metadata(cairocffi.PDF_METADATA_CREATE_DATE, FIXED_DATE)
            surface.set_metadata(cairocffi.PDF_METADATA_MOD_DATE, FIXED_DATE)
            if meta.get("title"):
                surface.set_metadata(cairocffi.PDF_METADATA_TITLE, meta["title"])
            subject = meta.get("description") or meta.get("subject")
            if subject:
                # The long description: the PDF's document properties carry it whole.
                surface.set_metadata(cairocffi.PDF_METADATA_SUBJECT, subject)
            surface.set_metadata(cairocffi.PDF_METADATA_CREATOR, "mindmap")
            return surface, width, height

        _depth = 0

        def draw(self, node):  # type: ignore[override]
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
    tree = Tree(bytestring=svg.encode("utf-8"), unsafe=False)
    surface = _PDF(tree, output, 96)
    surface.finish()
    return output.getvalue()
