"""The slide deck for the event: a title slide, the guide slide, then one slide per map.

Each map's slide has the map's title in the slide's title placeholder (so screen readers and the
outline view find it), the figure filling the content area below it with its alt text on the
picture (``p:cNvPr/@descr``), and in the speaker notes the long description (the hypothesis,
every theme with its count, every quote with its attribution).  Built with python-pptx on its
default deck, made 16:9, in the house style, or on an organisation's template (its layouts named
"Title Slide" and "Title Only", its slide size).  The same inputs give the same bytes (fixed
dates, the zip rewritten by :func:`mindmap.publish.report.fixed_zip`).
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any, Final

from .report import (
    FIXED_DATE,
    LANGUAGE,
    N_WORDING,
    Report,
    figure_png,
    fixed_zip,
    format_date,
    legend_alt,
    legend_png_cached,
    png_size,
)

__all__ = ["build_pptx", "notes_text"]

SLIDE_WIDTH: Final = 12_192_000  # 13.333 in: PowerPoint's 16:9 "Widescreen" (as mindmap.export.pptx)
SLIDE_HEIGHT: Final = 6_858_000  # 7.5 in
MARGIN: Final = 228_600  # 0.25 in
TITLE_HEIGHT: Final = 731_520  # 0.8 in
DARK_BLUE: Final = "003087"
TEXT: Final = "212B32"
SECONDARY: Final = "4C6272"


def notes_text(description: str) -> str:
    """The speaker notes: the long description, which gives the hypothesis, every theme with its
    count, and every quote with its attribution, in reading order."""
    return description.rstrip("\n")


def _layout(prs: Any, name: str, fallback: int) -> Any:
    for layout in prs.slide_layouts:
        if layout.name == name:
            return layout
    layouts = list(prs.slide_layouts)
    return layouts[min(fallback, len(layouts) - 1)]


def _clear_slides(prs: Any) -> None:
    """A template's own slides go; its masters and layouts stay."""
    ids = prs.slides._sldIdLst
    for slide_id in list(ids):
        prs.part.drop_rel(slide_id.rId)
        ids.remove(slide_id)


def _style_runs(frame: Any, size: float | None, colour: str | None, bold: bool | None = None) -> None:
    """House-style font on every run of a text frame, and the language on each."""
    from pptx.dml.color import RGBColor
    from pptx.enum.lang import MSO_LANGUAGE_ID
    from pptx.util import Pt

    for paragraph in frame.paragraphs:
        for run in paragraph.runs:
            run.font.language_id = MSO_LANGUAGE_ID.ENGLISH_UK
            if size is None:
                continue
            run.font.name = "Arial"
            run.font.size = Pt(size)
            if bold is not None:
                run.font.bold = bold
            if colour:
                run.font.color.rgb = RGBColor.from_string(colour)


def _title(slide: Any, text: str, house: bool, size: float = 28, *, top: bool = True) -> Any:
    """The slide's title placeholder, filled; in the house style, placed across the top (``top``)."""
    from pptx.util import Emu

    heading = slide.shapes.title
    if heading is None:
        return None
    if house and top:
        heading.left, heading.top = Emu(MARGIN), Emu(MARGIN // 2)
        heading.width, heading.height = Emu(SLIDE_WIDTH - 2 * MARGIN), Emu(TITLE_HEIGHT)
    heading.text_frame.text = text
    _style_runs(heading.text_frame, size if house else None, DARK_BLUE, True)
    return heading


def _content_box(prs: Any, heading: Any) -> tuple[int, int, int, int]:
    """Left, top, width and height of the area below the title."""
    width, height = int(prs.slide_width), int(prs.slide_height)
    top = int(heading.top + heading.height) if heading is not None else MARGIN
    return MARGIN, top + MARGIN // 2, width - 2 * MARGIN, height - top - MARGIN - MARGIN // 2


def _picture(slide: Any, png: bytes, alt: str, name: str, box: tuple[int, int, int, int]) -> Any:
    """The PNG as large as fits in ``box``, centred, with its alt text."""
    from pptx.util import Emu

    left, top, box_w, box_h = box
    px_w, px_h = png_size(png)
    scale = min(box_w / px_w, box_h / px_h)
    w, h = int(px_w * scale), int(px_h * scale)
    picture = slide.shapes.add_picture(
        io.BytesIO(png), Emu(left + (box_w - w) // 2), Emu(top + (box_h - h) // 2), Emu(w), Emu(h)
    )
    c_nv_pr = picture._element.nvPicPr.cNvPr
    c_nv_pr.set("name", name)
    c_nv_pr.set("descr", alt)
    return picture


def _drop_thumbnail(prs: Any) -> None:
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT

    rels = prs.part.package._rels
    for r_id in [r_id for r_id, rel in rels.items() if rel.reltype == RT.THUMBNAIL]:
        rels.pop(r_id)


def build_pptx(report: Report, template: Path | None = None) -> bytes:
    """The deck as ``.pptx`` bytes: the house style on a 16:9 deck, or ``template``'s layouts."""
    from pptx import Presentation
    from pptx.util import Emu

    from ..style.library import compose_style
    from .render import figure_meta

    house = template is None
    prs = Presentation(str(template) if template else None)
    if house:
        prs.slide_width, prs.slide_height = Emu(SLIDE_WIDTH), Emu(SLIDE_HEIGHT)
        _drop_thumbnail(prs)
    else:
        _clear_slides(prs)
    style = compose_style()

    # The title slide.
    slide = prs.slides.add_slide(_layout(prs, "Title Slide", 0))
    _title(slide, report.title, house, 36, top=False)
    lines = [line for line in (report.subtitle, format_date(report.date) if report.date else None) if line]
    subtitle = next((s for s in slide.placeholders if s.placeholder_format.idx == 1), None)
    if house:
        # python-pptx's default layouts are drawn for 4:3: centre them on the 16:9 slide.
        for shape, top, height in ((slide.shapes.title, 1_600_000, 1_900_000), (subtitle, 3_650_000, 1_200_000)):
            if shape is not None:
                shape.left, shape.width = Emu(4 * MARGIN), Emu(SLIDE_WIDTH - 8 * MARGIN)
                shape.top, shape.height = Emu(top), Emu(height)
    if subtitle is not None:
        if lines:
            subtitle.text_frame.text = "\n".join(lines)
            _style_runs(subtitle.text_frame, 20 if house else None, SECONDARY)
        else:
            subtitle._element.getparent().remove(subtitle._element)  # an empty placeholder reads as "click to add"

    # The guide slide: the legend, and under it the words about n.
    slide = prs.slides.add_slide(_layout(prs, "Title Only", 5))
    heading = _title(slide, style.look.legend.title, house)
    left, top, width, height = _content_box(prs, heading)
    legend = legend_png_cached(style)
    _picture(slide, legend, legend_alt(style), style.look.legend.title, (left, top, width, height * 11 // 20))
    below = top + height * 3 // 5
    box = slide.shapes.add_textbox(
        Emu(left + MARGIN * 2), Emu(below), Emu(width - MARGIN * 4), Emu(top + height - below)
    )
    frame = box.text_frame
    frame.word_wrap = True
    frame.text = N_WORDING
    _style_runs(frame, 20, TEXT)
    box.name = "About n"

    # One slide per map.
    for number, mind_map in enumerate(report.maps, 1):
        meta = figure_meta(mind_map, compose_style(map_style=mind_map.style))
        slide = prs.slides.add_slide(_layout(prs, "Title Only", 5))
        heading = _title(slide, mind_map.title, house)
        _picture(slide, figure_png(mind_map, "slide"), meta["alt"], f"Figure {number}", _content_box(prs, heading))
        notes = slide.notes_slide.notes_text_frame
        notes.text = notes_text(meta["description"])
        _style_runs(notes, 12 if house else None, None)

    props = prs.core_properties
    props.title = report.title
    props.subject = report.subtitle or ""
    props.language = LANGUAGE
    props.author = props.last_modified_by = "mindmap"
    stamp = dt.datetime.combine(report.date, dt.time()) if report.date else FIXED_DATE
    props.created = props.modified = stamp
    props.last_printed = stamp
    props.revision = 1
    buffer = io.BytesIO()
    prs.save(buffer)
    return fixed_zip(buffer.getvalue())
