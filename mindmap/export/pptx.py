"""Slides: one 16:9 slide per map, the figure as vector with a PNG fallback.

Each slide has the map's title (in the title placeholder, so screen readers
and the outline view find it), the figure filling the rest of the slide, its
alt text on the picture (``cNvPr/@descr``) and the long description in the
speaker notes.  The figure is stored the way PowerPoint itself stores an SVG:
a PNG in ``a:blip/@r:embed`` for older readers (and LibreOffice), and the SVG
in an ``asvg:svgBlip`` extension of the same blip.  The package's dates and
zip timestamps are fixed, so the same maps give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from dataclasses import dataclass
from typing import Final, Sequence

from ..model.theme import MindMap

__all__ = ["SLIDE_HEIGHT", "SLIDE_WIDTH", "SlideFigure", "build_deck", "figure_for", "to_pptx"]

SLIDE_WIDTH: Final = 12_192_000  # 13.333 in: PowerPoint's 16:9 "Widescreen"
SLIDE_HEIGHT: Final = 6_858_000  # 7.5 in
MARGIN: Final = 228_600  # 0.25 in
TITLE_HEIGHT: Final = 731_520  # 0.8 in
SVG_EXT_URI: Final = "{96DAC541-7B7A-43D3-8B79-37D633B846F1}"
SVG_NS: Final = "http://schemas.microsoft.com/office/drawing/2016/SVG/main"
FIXED_DATE: Final = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


@dataclass(frozen=True)
class SlideFigure:
    """Everything one slide shows: already rendered, so the gallery can reuse its files."""

    title: str
    svg: bytes
    png: bytes
    alt: str
    description: str
    size_mm: tuple[float, float]  # the figure's printed width and height


def figure_for(mind_map: MindMap) -> SlideFigure:
    """Render one map for a slide (SVG and its PNG fallback, alt text, description)."""
    from ..publish.formats import FIGURE_FORMATS
    from ..publish.render import figure_meta, make_figure
    from ..style.library import compose_style

    style = compose_style(map_style=mind_map.style)
    figure = make_figure(mind_map, style, fit="slide-body", heading=False)  # the slide's title holds the heading
    meta = figure_meta(mind_map, style, figure.medium)
    svg, png = (FIGURE_FORMATS[fmt].write(figure, meta) for fmt in ("svg", "png"))
    return SlideFigure(mind_map.title, svg, png, meta["alt"], meta["description"], (figure.width_mm, figure.height_mm))


def to_pptx(maps: Sequence[MindMap]) -> bytes:
    """A deck with one slide per map, in the order given."""
    return build_deck([figure_for(m) for m in maps])


def _fit(size_mm: tuple[float, float]) -> tuple[int, int, int, int]:
    """Left, top, width, height of the figure: as large as fits below the title, centred."""
    width_mm, height_mm = size_mm
    box_w = SLIDE_WIDTH - 2 * MARGIN
    box_h = SLIDE_HEIGHT - TITLE_HEIGHT - 2 * MARGIN
    scale = min(box_w / width_mm, box_h / height_mm)
    w, h = int(width_mm * scale), int(height_mm * scale)
    return (SLIDE_WIDTH - w) // 2, TITLE_HEIGHT + MARGIN + (box_h - h) // 2, w, h


def _add_svg(picture, slide_part, svg: bytes) -> None:
    """Store the SVG beside the picture's PNG, as PowerPoint does (svgBlip extension)."""
    from lxml import etree
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT
    from pptx.opc.package import Part
    from pptx.oxml.ns import qn

    package = slide_part.package
    part = Part(package.next_image_partname("svg"), "image/svg+xml", package, svg)
    rid = slide_part.relate_to(part, RT.IMAGE)
    blip = picture._element.blipFill.find(qn("a:blip"))
    ext_list = etree.SubElement(blip, qn("a:extLst"))
    ext = etree.SubElement(ext_list, qn("a:ext"), uri=SVG_EXT_URI)
    svg_blip = etree.SubElement(ext, f"{{{SVG_NS}}}svgBlip", nsmap={"asvg": SVG_NS})
    svg_blip.set(qn("r:embed"), rid)


def build_deck(figures: Sequence[SlideFigure], title: str | None = None) -> bytes:
    """The deck as .pptx bytes."""
    from pptx import Presentation
    from pptx.dml.color import RGBColor
    from pptx.util import Emu, Pt

    prs = Presentation()
    prs.slide_width, prs.slide_height = Emu(SLIDE_WIDTH), Emu(SLIDE_HEIGHT)
    layout = prs.slide_layouts[5]  # "Title Only"
    for figure in figures:
        slide = prs.slides.add_slide(layout)
        heading = slide.shapes.title
        heading.left, heading.top = Emu(MARGIN), Emu(MARGIN // 2)
        heading.width, heading.height = Emu(SLIDE_WIDTH - 2 * MARGIN), Emu(TITLE_HEIGHT)
        heading.text_frame.text = figure.title
        for paragraph in heading.text_frame.paragraphs:
            for run in paragraph.runs:
                run.font.name = "Arial"
                run.font.size = Pt(28)
                run.font.bold = True
                run.font.color.rgb = RGBColor(0x00, 0x30, 0x87)  # NHS Dark Blue
        left, top, width, height = _fit(figure.size_mm)
        picture = slide.shapes.add_picture(io.BytesIO(figure.png), Emu(left), Emu(top), Emu(width), Emu(height))
        c_nv_pr = picture._element.nvPicPr.cNvPr
        c_nv_pr.set("name", "Mind map")
        c_nv_pr.set("descr", figure.alt)
        _add_svg(picture, slide.part, figure.svg)
        slide.notes_slide.notes_text_frame.text = figure.description.rstrip("\n")
    props = prs.core_properties
    props.title = title or (figures[0].title if len(figures) == 1 else "Mind maps")
    props.author = props.last_modified_by = "mindmap"
    props.created = props.modified = FIXED_DATE.replace(tzinfo=None)
    props.revision = 1
    buffer = io.BytesIO()
    prs.save(buffer)
    return _fixed_zip(buffer.getvalue())


def _fixed_zip(data: bytes) -> bytes:
    """The same zip with fixed timestamps and permissions, members in their order."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2000, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()
