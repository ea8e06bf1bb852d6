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
    from .cairoload import import_cairosvg

    cairosvg = import_cairosvg()  # the same cairosvg, imported ~60 ms faster

    from .cairotext import for_cairo

    svg = for_cairo(svg)
    width_mm, height_mm = _size_mm(svg)
    scale = DPI / 25.4
    width_px, height_px = width_mm * scale, height_mm * scale
    if max(width_px, height_px) > MAX_PIXELS:
        shrink = MAX_PIXELS / max(width_px, height_px)
        width_px, height_px = width_px * shrink, height_px * shrink
    background = _background(svg)
    if background is None:
        png = cairosvg.svg2png(
            bytestring=svg.encode("utf-8"), output_width=int(width_px), output_height=int(height_px), unsafe=False,
        )
    else:
        png = _opaque_png(svg, int(width_px), int(height_px), background)
    return _png_with_text(png, meta or {})


_BACKGROUND: Final = re.compile(r'<rect class="background" x="0" y="0" width="[0-9.]+" height="[0-9.]+" fill="(#[0-9A-Fa-f]{6})"/>')


def _background(svg: str) -> str | None:
    """The canvas colour when a full-size opaque background rectangle comes first, else None."""
    match = _BACKGROUND.search(svg[:20_000])
    return match.group(1) if match else None


def _opaque_png(svg: str, width: int, height: int, background: str) -> bytes:
    """The SVG drawn on the canvas colour as an RGB PNG.

    Cairo's own PNG writer spends most of a PNG's time (~0.1 s of 0.2 s for a
    report map) on RGBA with libpng's adaptive filters; our canvas is opaque, so
    we draw on an RGB surface filled with the canvas colour and compress the
    rows with zlib ourselves: the same pixels inside the canvas, half the time,
    a smaller file.  (Pixels at the very edge that the canvas only partly
    covers get the canvas colour instead of being partly transparent.)
    """
    import struct
    import sys
    import zlib

    import cairocffi
    import cairosvg.surface
    from cairosvg.parser import Tree

    class _RGB(cairosvg.surface.PNGSurface):
        def _create_surface(self, w, h):  # type: ignore[override]
            w, h = int(round(w)), int(round(h))
            return cairocffi.ImageSurface(cairocffi.FORMAT_RGB24, w, h), w, h

    tree = Tree(bytestring=svg.encode("utf-8"), unsafe=False)
    surface = _RGB(tree, None, 96, output_width=width, output_height=height, background_color=background)
    image = surface.cairo
    image.flush()
    w, h, stride = image.get_width(), image.get_height(), image.get_stride()
    data = image.get_data()
    # RGB24 pixels are 32-bit words 0x00RRGGBB: bytes B, G, R, x in little-endian order.
    r, g, b = (2, 1, 0) if sys.byteorder == "little" else (1, 2, 3)
    compressor = zlib.compressobj(3)  # the knee: level 6 costs ~30% more time for ~13% less size
    idat = []
    rows_per_block = max(1, (1 << 20) // max(stride, 1))
    for top in range(0, h, rows_per_block):
        rows = min(rows_per_block, h - top)
        block = bytes(data[top * stride:(top + rows) * stride])
        out = bytearray(rows * (3 * w + 1))
        for i in range(rows):
            row = block[i * stride:i * stride + 4 * w]
            start = i * (3 * w + 1) + 1  # each row: filter type 0, then R G B per pixel
            out[start:start + 3 * w:3] = row[r::4]
            out[start + 1:start + 3 * w:3] = row[g::4]
            out[start + 2:start + 3 * w:3] = row[b::4]
        idat.append(compressor.compress(bytes(out)))
    idat.append(compressor.flush())
    surface.finish()

    def chunk(kind: bytes, payload: bytes) -> bytes:
        return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload) & 0xFFFFFFFF)

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", b"".join(idat)) + chunk(b"IEND", b""))


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
    body = (alt("dc:title", meta.get("title")) + alt("Iptc4xmpCore:AltTextAccessibility", meta.get("alt"))
            + alt("Iptc4xmpCore:ExtDescrAccessibility", description))
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
    import struct
    import zlib

    if not meta:
        return png
    chunks = []
    fields = {
        "Title": meta.get("title"),
        "Description": meta.get("description") or meta.get("subject"),
        "Alt text": meta.get("alt"),
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


def svg_to_pdf(svg: str, meta: dict[str, str] | None = None) -> bytes:
    """The SVG as a PDF with selectable text, title and subject set, a fixed date."""
    use_our_fonts()
    from .cairoload import import_cairosvg

    import_cairosvg()  # the same cairosvg, imported ~60 ms faster
    import cairocffi
    import cairosvg.surface
    from cairosvg.parser import Tree

    from .cairotext import for_cairo

    svg = for_cairo(svg)

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
