"""The Word report: a title page with contents, the guide to the mind maps, then each map with its
hypothesis, figure, caption, quotes and a table of its themes, and an appendix of long descriptions.

The report is built with python-docx in the house style (Arial, NHS colours, A4 with a 170 mm text
width), or in the styles of an organisation's own template.  What makes it accessible is in the file
itself: the document language (``w:lang`` on the default run properties and the core properties),
real headings, alt text on every picture (``wp:docPr/@descr``), captions numbered by a ``SEQ`` field
and linked (bookmark and internal hyperlink) to the figure's long description, quotations in the
Quote style, and tables whose header row is marked and repeats across pages.
:func:`mindmap.publish.a11y.check_docx` checks all this on any ``.docx``.

The same inputs give the same bytes: the document's dates are fixed (the report's date, else
1 January 2000), ids are counted, never random, and the zip is rewritten with its entries in a fixed
order and fixed timestamps.

A folder's maps come in the order of the folder's ``report.toml`` (``maps = [ids]``; maps it does
not list follow by file name), else by file name; the same file may give the report's ``title``,
``subtitle`` and ``date``.
"""

from __future__ import annotations

import datetime as dt
import difflib
import io
import re
import struct
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, Literal, Sequence

from ..model.theme import MindMap

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument
    from docx.text.paragraph import Paragraph

    from ..style.sheet import Style

__all__ = [
    "FIXED_DATE",
    "LANGUAGE",
    "N_WORDING",
    "SETTINGS_FILE",
    "Medium",
    "Report",
    "build_docx",
    "collect_report",
    "figure_png",
    "fixed_zip",
    "format_date",
    "legend_alt",
    "legend_png",
    "legend_png_cached",
    "parse_date",
    "png_size",
    "read_settings",
]

Medium = Literal["page", "slide"]

SETTINGS_FILE: Final = "report.toml"
LANGUAGE: Final = "en-GB"
FIXED_DATE: Final = dt.datetime(2000, 1, 1)
ZIP_TIME: Final = (2000, 1, 1, 0, 0, 0)
PAGE_WIDTH_MM: Final = 170.0  # the text width the figures are composed for
MAX_FIGURE_HEIGHT_MM: Final = 185.0  # leaves room on the page for the heading, hypothesis and caption
EMU_PER_MM: Final = 36_000
DPI: Final = 300  # the figures' resolution (mindmap.convert.DPI)
DEFAULT_TITLE: Final = "Mind maps"
# The seed report's own words about [n=..], on its "Guide to interpreting the mind maps" page.
N_WORDING: Final = (
    "Where 'n' has been presented on the mind maps, this includes the number of responses which have been "
    "further sub themed. Due to the richness of data, the comments analysed often applied to more than one "
    "identified theme; therefore, the total number of comments will not equate to the number of comments "
    "relevant to each theme."
)
MONTHS: Final = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
SETTINGS_KEYS: Final = ("title", "subtitle", "date", "maps")

# House-style colours (see house-style.md): text, secondary text, NHS Blue, NHS Dark Blue, NHS Pale Grey.
TEXT: Final = "212B32"
SECONDARY: Final = "4C6272"
NHS_BLUE: Final = "005EB8"
DARK_BLUE: Final = "003087"
PALE_GREY: Final = "E8EDEE"
FONT: Final = "Arial"


# --- what goes in: maps, order, title, date -------------------------------------------------------


@dataclass(frozen=True)
class Settings:
    """A folder's ``report.toml``: all optional."""

    title: str | None = None
    subtitle: str | None = None
    date: dt.date | None = None
    maps: tuple[str, ...] = ()
    path: Path | None = None
    lines: tuple[str, ...] = ()

    def line_of(self, key: str, value: str | None = None) -> int:
        """The line that holds ``key`` (or, with ``value``, the line that quotes it), else 1."""
        pattern = (
            re.compile(rf"^\s*{re.escape(key)}\s*=") if value is None else re.compile(rf'["\']{re.escape(value)}["\']')
        )
        for number, line in enumerate(self.lines, 1):
            if pattern.search(line):
                return number
        return 1


@dataclass(frozen=True)
class Report:
    """Everything the report and the deck show, in order."""

    title: str
    maps: tuple[MindMap, ...]
    subtitle: str | None = None
    date: dt.date | None = None


def parse_date(text: str) -> dt.date:
    """A date written ``YYYY-MM-DD``.

    >>> parse_date("2023-12-11")
    datetime.date(2023, 12, 11)
    """
    return dt.date.fromisoformat(text.strip())


def format_date(day: dt.date) -> str:
    """A date in British English, the same in every locale.

    >>> format_date(dt.date(2023, 12, 11))
    '11 December 2023'
    """
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def read_settings(path: Path) -> Settings:
    """Read a ``report.toml``; a problem is a :class:`~mindmap.errors.UserError` naming file and line."""
    import tomllib

    from ..errors import UserError

    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UserError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    lines = tuple(text.splitlines())
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc)) or "not valid TOML"
        where = f"{found.group(1)}:{found.group(2)}" if found else "1:1"
        raise UserError(f"{path}:{where}: {message}") from None
    bare = Settings(path=path, lines=lines)
    problems: list[str] = []
    for key in data:
        if key not in SETTINGS_KEYS:
            close = difflib.get_close_matches(key, SETTINGS_KEYS, n=1)
            hint = f"; did you mean '{close[0]}'?" if close else f"; the keys are: {', '.join(SETTINGS_KEYS)}"
            problems.append(f"{path}:{bare.line_of(key)}: {key}: unknown key '{key}'{hint}")
    values: dict[str, Any] = {}
    for key in ("title", "subtitle"):
        if key in data:
            if isinstance(data[key], str) and data[key].strip():
                values[key] = " ".join(data[key].split())
            else:
                problems.append(f'{path}:{bare.line_of(key)}: {key}: give a text in quotes, e.g. {key} = "..."')
    if "date" in data:
        value = data["date"]
        if isinstance(value, dt.datetime):
            value = value.date()
        if isinstance(value, str):
            try:
                value = parse_date(value)
            except ValueError:
                value = None
        if isinstance(value, dt.date):
            values["date"] = value
        else:
            problems.append(f"{path}:{bare.line_of('date')}: date: give a date as YYYY-MM-DD, e.g. date = 2023-12-11")
    if "maps" in data:
        maps = data["maps"]
        if isinstance(maps, list) and all(isinstance(m, str) for m in maps):
            values["maps"] = tuple(maps)
        else:
            problems.append(f'{path}:{bare.line_of("maps")}: maps: give a list of map ids, e.g. maps = ["h1-pathway"]')
    if problems:
        raise UserError("\n".join(problems))
    return Settings(path=path, lines=lines, **values)


def _ordered(maps: list[MindMap], settings: Settings) -> list[MindMap]:
    """Maps in the order ``settings.maps`` names them, then the others in the order given."""
    from ..errors import UserError

    by_id = {m.id: m for m in maps}
    problems = []
    seen: set[str] = set()
    for map_id in settings.maps:
        if map_id in seen:
            problems.append(f"{settings.path}:{settings.line_of('maps', map_id)}: maps: '{map_id}' is listed twice")
        elif map_id not in by_id:
            close = difflib.get_close_matches(map_id, list(by_id), n=1)
            hint = f"; did you mean '{close[0]}'?" if close else f"; the maps are: {', '.join(by_id)}"
            problems.append(
                f"{settings.path}:{settings.line_of('maps', map_id)}: maps: no map has the id '{map_id}'{hint}"
            )
        seen.add(map_id)
    if problems:
        raise UserError("\n".join(problems))
    return [by_id[i] for i in settings.maps] + [m for m in maps if m.id not in seen]


def collect_report(
    inputs: Sequence[Path], *, title: str | None = None, date: dt.date | None = None, subtitle: str | None = None
) -> Report:
    """The maps of every input (a theme file, or a folder of them with its ``report.toml``), in order,
    with the title and date: given here, else the first ``report.toml``'s, else a plain title and no date.
    Every theme file is checked first; invalid ones raise :class:`~mindmap.errors.InputError`."""
    from ..errors import UserError
    from ..files import find_theme_files
    from ..load.reader import load_maps

    maps: list[MindMap] = []
    first: Settings | None = None
    for path in map(Path, inputs):
        if path.is_dir():
            settings_path = path / SETTINGS_FILE
            settings = read_settings(settings_path) if settings_path.is_file() else Settings()
            first = first or (settings if settings.path else None)
            maps.extend(_ordered(load_maps(find_theme_files(path)), settings))
        elif path.is_file():
            maps.extend(load_maps([path]))
        else:
            raise UserError(f"{path}: no such file or folder")
    seen: dict[str, int] = {}
    for m in maps:
        seen[m.id] = seen.get(m.id, 0) + 1
    twice = sorted(i for i, count in seen.items() if count > 1)
    if twice:
        raise UserError(f"several maps have the id {', '.join(twice)}; every map in a report needs its own id")
    first = first or Settings()
    return Report(
        title=title or first.title or DEFAULT_TITLE,
        maps=tuple(maps),
        subtitle=subtitle or first.subtitle,
        date=date or first.date,
    )


# --- figures: the one place the report and the deck get their pictures from ---------------------


def figure_png(mind_map: MindMap, medium: Medium) -> bytes:
    """The map's figure as a PNG at 300 dpi, for a 170 mm page or a 16:9 slide (see :func:`_figure_png`);
    the last few are kept, so that a report and a deck made in one process draw each figure once."""
    if medium not in ("page", "slide"):
        raise ValueError(f"unknown medium {medium!r}; choose page or slide")
    return _cached_figure(mind_map.model_dump_json(), medium)


@lru_cache(maxsize=32)
def _cached_figure(map_json: str, medium: Medium) -> bytes:
    return _figure_png(MindMap.model_validate_json(map_json), medium)


def _figure_png(mind_map: MindMap, medium: Medium) -> bytes:
    """The map's figure as a PNG at 300 dpi, composed for a 170 mm page or a 16:9 slide's body,
    without the title and hypothesis drawn above it: the report's heading and caption, and the
    slide's title, carry them as text.  The guide page carries the legend for every map."""
    from ..style.library import compose_style
    from .render import render_map

    fit = "report-page" if medium == "page" else "slide-body"
    style = compose_style(map_style=mind_map.style)
    return render_map(mind_map, ("png",), style=style, fit=fit, heading=False, legend="none")["png"]


def legend_png(style: Style) -> bytes:
    """The guide's legend alone, every kind of element, as a PNG at 300 dpi, drawn at the same
    scale as a map's own text: 1 pt of the layout is 1 pt on the page."""
    from .render import make_legend_figure

    return make_legend_figure(style, ("png",))["png"]


def legend_alt(style: Style) -> str:
    """The legend figure's alt text: each sample and what it stands for."""
    lg = style.look.legend
    count = style.look.count_format.format(n=42)
    return (
        f"{lg.title}: a box for a key theme ({lg.theme}); {line_words(style)} between key themes "
        f"({lg.connection}); a smaller box for a sub-theme ({lg.subtheme}); and {count}, a count "
        f"({lg.count})."
    )


def line_words(style: Style) -> str:
    """How a key-theme connection is drawn, in words (the legend's sample, for readers who cannot see it).

    >>> from mindmap.style.library import compose_style
    >>> line_words(compose_style())
    'a dashed line'
    """
    dash = style.look.lines.connection_dash
    return {"solid": "a solid line", "dashdot": "a dash-dot line"}.get(dash, f"a {dash} line")


def png_size(png: bytes) -> tuple[int, int]:
    """Width and height in pixels, from the PNG header."""
    if png[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    width, height = struct.unpack(">II", png[16:24])
    return width, height


# --- the document, piece by piece ------------------------------------------------------------------


def _qn(tag: str) -> str:
    from docx.oxml.ns import qn

    return qn(tag)


def _el(tag: str, **attrs: str) -> Any:
    from docx.oxml import OxmlElement

    element = OxmlElement(tag)
    for key, value in attrs.items():
        element.set(_qn(f"w:{key}"), value)
    return element


def _fonts(rpr: Any, name: str) -> None:
    """Name the font outright in a run-properties element (no theme font overrides it)."""
    fonts = rpr.find(_qn("w:rFonts"))
    if fonts is None:
        fonts = _el("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        fonts.attrib.pop(_qn(f"w:{attr}"), None)
    for attr in ("ascii", "hAnsi", "cs"):
        fonts.set(_qn(f"w:{attr}"), name)


def _set_language(doc: DocxDocument) -> None:
    """en-GB as the default language of every run (styles.xml) and for proofing (settings.xml)."""
    styles = doc.styles.element
    defaults = styles.find(_qn("w:docDefaults"))
    if defaults is None:
        defaults = _el("w:docDefaults")
        styles.insert(0, defaults)
    rpr_default = defaults.find(_qn("w:rPrDefault"))
    if rpr_default is None:
        rpr_default = _el("w:rPrDefault")
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find(_qn("w:rPr"))
    if rpr is None:
        rpr = _el("w:rPr")
        rpr_default.append(rpr)
    lang = rpr.find(_qn("w:lang"))
    if lang is None:
        lang = _el("w:lang")
        rpr.append(lang)
    lang.set(_qn("w:val"), LANGUAGE)
    theme_lang = doc.settings.element.find(_qn("w:themeFontLang"))
    if theme_lang is not None:
        theme_lang.set(_qn("w:val"), LANGUAGE)


_AFTER_PBDR: Final = tuple(
    f"w:{tag}"
    for tag in (
        "shd",
        "tabs",
        "suppressAutoHyphens",
        "kinsoku",
        "wordWrap",
        "overflowPunct",
        "topLinePunct",
        "autoSpaceDE",
        "autoSpaceDN",
        "bidi",
        "adjustRightInd",
        "snapToGrid",
        "spacing",
        "ind",
        "contextualSpacing",
        "mirrorIndents",
        "suppressOverlap",
        "jc",
        "textDirection",
        "textAlignment",
        "textboxTightWrap",
        "outlineLvl",
        "divId",
        "cnfStyle",
        "rPr",
        "sectPr",
        "pPrChange",
    )
)


def _house_style(doc: DocxDocument) -> None:
    """Arial, NHS colours and readable sizes on the styles the report uses; A4 with 20 mm margins."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt, RGBColor

    rpr = doc.styles.element.find(_qn("w:docDefaults")).find(_qn("w:rPrDefault")).find(_qn("w:rPr"))
    _fonts(rpr, FONT)

    def style(
        name: str,
        size: float,
        colour: str = TEXT,
        *,
        bold: bool = False,
        italic: bool = False,
        before: float = 0,
        after: float = 6,
    ) -> Any:
        st = doc.styles[name]
        st.font.size = Pt(size)
        st.font.bold = bold
        st.font.italic = italic
        st.font.color.rgb = RGBColor.from_string(colour)
        _fonts(st.element.get_or_add_rPr(), FONT)
        st.paragraph_format.space_before = Pt(before)
        st.paragraph_format.space_after = Pt(after)
        return st

    normal = style("Normal", 11)
    normal.paragraph_format.line_spacing = 1.15
    title = style("Title", 28, DARK_BLUE, bold=True, after=12)
    bdr = title.element.pPr.find(_qn("w:pBdr"))
    if bdr is not None:
        title.element.pPr.remove(bdr)
    style("Subtitle", 14, SECONDARY, after=6)
    numpr = doc.styles["Subtitle"].element.pPr.find(_qn("w:numPr"))
    if numpr is not None:
        doc.styles["Subtitle"].element.pPr.remove(numpr)
    style("Heading 1", 20, DARK_BLUE, bold=True, before=0, after=10)
    style("Heading 2", 15, DARK_BLUE, bold=True, before=14, after=6)
    style("Heading 3", 12, TEXT, bold=True, before=10, after=4)
    style("TOC Heading", 15, DARK_BLUE, bold=True, before=18, after=6)
    quote = style("Quote", 11, TEXT, italic=True, before=6, after=2)
    quote.paragraph_format.left_indent = Mm(8)
    quote.paragraph_format.keep_with_next = True
    border = _el("w:pBdr")
    border.append(_el("w:left", val="single", sz="24", space="8", color=NHS_BLUE))
    # Word insists on the schema's order of paragraph properties: pBdr comes before these.
    quote.element.get_or_add_pPr().insert_element_before(border, *_AFTER_PBDR)
    attribution = style("Quote Attribution", 10, SECONDARY, after=10)
    attribution.paragraph_format.left_indent = Mm(8)
    caption = style("Caption", 10, SECONDARY, after=12)
    caption.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    style("Footer", 10, SECONDARY, after=0)
    style("Table Text", 10, TEXT, after=0).paragraph_format.line_spacing = 1.0
    for name in ("TOC 1", "List Bullet", "List Bullet 2", "List Bullet 3"):
        style(name, 11, TEXT, after=3)
    link = doc.styles["Hyperlink"]
    link.font.color.rgb = RGBColor.from_string(NHS_BLUE)
    link.font.underline = True

    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(20)
    section.top_margin = section.bottom_margin = Mm(20)
    section.header_distance = section.footer_distance = Mm(10)


def _ensure_styles(doc: DocxDocument) -> None:
    """Add, plainly, each style the report uses that the document (perhaps a template) lacks."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.shared import Pt

    names = {s.name for s in doc.styles}
    paragraph = (
        "Title",
        "Subtitle",
        "Heading 1",
        "Heading 2",
        "Heading 3",
        "TOC Heading",
        "TOC 1",
        "Quote",
        "Quote Attribution",
        "Caption",
        "List Bullet",
        "List Bullet 2",
        "List Bullet 3",
        "Table Text",
        "Footer",
    )
    for name in paragraph:
        if name in names:
            continue
        st = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        st.base_style = doc.styles["Normal"]
        level = {"Heading 1": 0, "Heading 2": 1, "Heading 3": 2}.get(name)
        if level is not None:
            st.font.bold = True
            st.font.size = Pt((16, 13, 11)[level])
            st.element.get_or_add_pPr().append(_el("w:outlineLvl", val=str(level)))
        if name in ("Quote",):
            st.font.italic = True
    if "Hyperlink" not in names:
        st = doc.styles.add_style("Hyperlink", WD_STYLE_TYPE.CHARACTER)
        st.font.underline = True
    if "Table Grid" not in names:
        doc.styles.add_style("Table Grid", WD_STYLE_TYPE.TABLE)


class _Builder:
    """Adds the report's parts to a document, counting bookmark ids as it goes."""

    def __init__(self, doc: DocxDocument, style: Style) -> None:
        from docx.shared import Emu

        self.doc = doc
        self.style = style
        self.bookmarks = 0
        section = doc.sections[0]
        page_width, page_height = section.page_width, section.page_height
        left, right, top, bottom = section.left_margin, section.right_margin, section.top_margin, section.bottom_margin
        if page_width is None or page_height is None or left is None or right is None or top is None or bottom is None:
            # python-docx's default template sets them all; a section without them has no text area to fill.
            raise ValueError("the report's first section has no page size or margins")
        text_width = page_width - left - right
        text_height = page_height - top - bottom
        self.figure_width = min(Emu(int(PAGE_WIDTH_MM * EMU_PER_MM)), Emu(text_width))
        self.figure_height = min(Emu(int(MAX_FIGURE_HEIGHT_MM * EMU_PER_MM)), Emu(int(text_height * 0.72)))
        self.link_style = doc.styles["Hyperlink"].style_id
        self.style_ids = {st.name: st.style_id for st in doc.styles}

    # small pieces

    def paragraph(self, text: str = "", style: str | None = None) -> Paragraph:
        paragraph = self.doc.add_paragraph(text)
        if style is not None:
            self.set_style(paragraph, style)
        return paragraph

    def set_style(self, paragraph: Paragraph, style: str) -> None:
        """Give a paragraph a style by name (by id, directly: python-docx's own lookup, which scans
        every style each time, would be most of the time a report takes)."""
        paragraph._p.style = self.style_ids[style]

    def bookmark(self, paragraph: Paragraph, name: str) -> None:
        """Mark the whole paragraph as bookmark ``name`` (the target of internal links)."""
        self.bookmarks += 1
        p = paragraph._p
        at = 1 if p.pPr is not None else 0
        p.insert(at, _el("w:bookmarkStart", id=str(self.bookmarks), name=name))
        p.append(_el("w:bookmarkEnd", id=str(self.bookmarks)))

    def link(self, paragraph: Paragraph, anchor: str, text: str, *, styled: bool = True) -> None:
        """An internal hyperlink to bookmark ``anchor`` (in the Hyperlink style unless not ``styled``,
        as in the contents, where Word's own entries are links that look like text)."""
        link = _el("w:hyperlink", anchor=anchor, history="1")
        run = _el("w:r")
        if styled:
            rpr = _el("w:rPr")
            rpr.append(_el("w:rStyle", val=self.link_style))
            run.append(rpr)
        t = _el("w:t")
        t.text = text
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        run.append(t)
        link.append(run)
        paragraph._p.append(link)

    @staticmethod
    def field(paragraph: Paragraph, instruction: str, shown: str) -> None:
        """A complex field (``w:fldChar``) with its instruction and the result shown until it is updated."""
        for part in ("begin", "instr", "separate", "text", "end"):
            run = paragraph.add_run()
            if part == "instr":
                instr = _el("w:instrText")
                instr.text = f" {instruction} "
                instr.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
                run._r.append(instr)
            elif part == "text":
                run.text = shown
            else:
                run._r.append(_el("w:fldChar", fldCharType=part))

    def picture(self, png: bytes, alt: str, name: str, width_mm: float | None = None) -> Paragraph:
        """A centred picture paragraph, as wide as the text (or ``width_mm``) and no taller than
        the page allows, with its alt text on the picture."""
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Emu

        px_w, px_h = png_size(png)
        width: int = self.figure_width if width_mm is None else min(Emu(int(width_mm * EMU_PER_MM)), self.figure_width)
        height = int(width * px_h / px_w)
        if height > self.figure_height:
            width, height = int(width * self.figure_height / height), int(self.figure_height)
        paragraph = self.paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.keep_with_next = True
        paragraph.paragraph_format.space_after = 0
        shape = paragraph.add_run().add_picture(io.BytesIO(png), width=Emu(int(width)), height=Emu(int(height)))
        inline = shape._inline
        inline.docPr.set("name", name)
        inline.docPr.set("descr", alt)
        for c_nv_pr in inline.xpath(".//pic:cNvPr"):
            c_nv_pr.set("name", name)
            c_nv_pr.set("descr", alt)
        return paragraph

    def heading(self, text: str, level: int, *, bookmark: str | None = None, new_page: bool = False) -> Paragraph:
        paragraph = self.paragraph(text, f"Heading {level}")
        if new_page:
            paragraph.paragraph_format.page_break_before = True
        if bookmark:
            self.bookmark(paragraph, bookmark)
        return paragraph

    # the parts

    def title_page(self, report: Report, entries: list[tuple[str, str]]) -> None:
        self.paragraph(report.title, "Title")
        if report.subtitle:
            self.paragraph(report.subtitle, "Subtitle")
        if report.date:
            self.paragraph(format_date(report.date), "Subtitle")
        self.paragraph("Contents", "TOC Heading")
        self.contents(entries)

    def contents(self, entries: list[tuple[str, str]]) -> None:
        """A TOC field whose shown result already lists the headings, each linked to its place
        (Word adds page numbers when the field is updated)."""
        for at, (text, anchor) in enumerate(entries):
            paragraph = self.paragraph(style="TOC 1")
            if at == 0:
                paragraph.add_run()._r.append(_el("w:fldChar", fldCharType="begin"))
                instr = _el("w:instrText")
                instr.text = ' TOC \\o "1-1" \\h \\z \\u '
                instr.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
                paragraph.add_run()._r.append(instr)
                paragraph.add_run()._r.append(_el("w:fldChar", fldCharType="separate"))
            self.link(paragraph, anchor, text, styled=False)
            if at == len(entries) - 1:
                paragraph.add_run()._r.append(_el("w:fldChar", fldCharType="end"))

    def guide(self) -> None:
        from docx.shared import Pt

        lg = self.style.look.legend
        self.heading(lg.title, 1, bookmark="guide", new_page=True)
        legend = legend_png_cached(self.style)
        picture = self.picture(legend, legend_alt(self.style), lg.title, width_mm=png_size(legend)[0] / DPI * 25.4)
        picture.paragraph_format.space_after = Pt(12)
        self.paragraph(N_WORDING)
        count = self.style.look.count_format.format(n=42)
        for term, meaning in (
            (lg.theme, "a key theme, in a box coloured for its branch, with its description under its label."),
            (lg.connection, f"{line_words(self.style)} between two key themes that relate to each other."),
            (lg.subtheme, "a smaller, paler box on a key theme's branch."),
            (count, "the number of responses further sub-themed under that theme or map."),
        ):
            item = self.paragraph(style="List Bullet")
            item.add_run(f"{term}: ").bold = True
            item.add_run(meaning)

    def map_section(self, number: int, mind_map: MindMap, alt: str) -> None:
        self.heading(mind_map.title, 1, bookmark=f"map_{number}", new_page=True)
        if mind_map.hypothesis:
            hypothesis = self.paragraph()
            hypothesis.add_run("Hypothesis: ").bold = True
            hypothesis.add_run(" ".join(mind_map.hypothesis.split()))
        self.picture(figure_png(mind_map, "page"), alt, f"Figure {number}")
        caption = self.paragraph(style="Caption")
        caption.add_run("Figure ")
        self.field(caption, "SEQ Figure \\* ARABIC", str(number))
        caption.add_run(f": {mind_map.title}. ")
        self.link(caption, f"desc_{number}", f"Long description of Figure {number}")
        self.bookmark(caption, f"fig_{number}")
        if mind_map.quotes:
            self.heading("Quotes", 2)
            for quote in mind_map.quotes:
                self.paragraph(f"\u201c{' '.join(quote.text.split())}\u201d", "Quote")
                if quote.attribution:
                    self.paragraph(f"\u2014 {' '.join(quote.attribution.split())}", "Quote Attribution")
        self.heading("Key themes and sub-themes", 2)
        self.theme_table(number, mind_map)

    def theme_table(self, number: int, mind_map: MindMap) -> None:
        from docx.enum.table import WD_TABLE_ALIGNMENT
        from docx.shared import Mm

        rows: list[tuple[str, str, int | None, int]] = []
        for theme, depth in mind_map.walk():
            label = " ".join(theme.label.split())
            rows.append((label, "", theme.n, 0) if depth == 1 else ("", label, theme.n, depth - 2))
        counted = mind_map.n is not None or any(n is not None for _, _, n, _ in rows)
        intro = self.paragraph()
        intro.paragraph_format.keep_with_next = True
        if mind_map.n is not None:
            intro.add_run(f"Responses further sub-themed for this map: {mind_map.n}. ")
        intro.add_run(
            "Each key theme, then its sub-themes"
            + (
                ", with the number of responses coded to it (n; blank where none was given)."
                if counted
                else ". No response counts were given for this map."
            )
        )
        header = ["Key theme", "Sub-theme"] + (["n"] if counted else [])
        table = self.doc.add_table(rows=1 + len(rows), cols=len(header))
        table.style = self.doc.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        widths = (Mm(70), Mm(80), Mm(20)) if counted else (Mm(80), Mm(90))
        for column, width in zip(table.columns, widths):
            column.width = width
        tbl_pr = table._tbl.tblPr
        tbl_pr.append(_el("w:tblCaption", val=f"Key themes of {mind_map.title}"))
        tbl_pr.append(
            _el(
                "w:tblDescription",
                val=f"The key themes and sub-themes of Figure {number}" + (", with counts" if counted else ""),
            )
        )
        for r, values in enumerate(
            [(*header,)] + [(a, b, *([("" if n is None else str(n))] if counted else [])) for a, b, n, _ in rows]
        ):
            row = table.rows[r]
            tr_pr = row._tr.get_or_add_trPr()
            tr_pr.append(_el("w:cantSplit"))
            if r == 0:
                tr_pr.append(_el("w:tblHeader"))
            for c, value in enumerate(values):
                cell = row.cells[c]
                cell.width = widths[c]
                paragraph = cell.paragraphs[0]
                self.set_style(paragraph, "Table Text")
                run = paragraph.add_run(value)
                if r == 0:
                    run.bold = True
                    tc_pr = cell._tc.get_or_add_tcPr()
                    tc_pr.append(_el("w:shd", val="clear", color="auto", fill=PALE_GREY))
                elif c == 0 and value:
                    run.bold = True
                if r > 0 and c == 1 and rows[r - 1][3]:
                    paragraph.paragraph_format.left_indent = Mm(5 * rows[r - 1][3])
                if c == 2:
                    from docx.enum.text import WD_ALIGN_PARAGRAPH

                    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT

    def appendix(self, figures: list[tuple[int, MindMap, str]]) -> None:
        self.heading("Appendix: long descriptions of the figures", 1, bookmark="appendix", new_page=True)
        self.paragraph(
            "Everything each figure shows, in reading order: the centre, then each key theme with "
            "its count, description, sub-themes, connections and quotes."
        )
        for number, mind_map, description in figures:
            self.heading(f"Figure {number}: {mind_map.title}", 2, bookmark=f"desc_{number}")
            back = self.paragraph()
            self.link(back, f"fig_{number}", f"Back to Figure {number}")
            self.markdown(description)

    def markdown(self, description: str) -> None:
        """The long description's Markdown as paragraphs: ``##`` headings, ``-`` lists, ``>`` quotes."""
        for line in description.splitlines():
            stripped = line.strip()
            if not stripped or line.startswith("# "):
                continue
            if line.startswith("## "):
                self.heading(line[3:], 3)
            elif stripped.startswith("- "):
                depth = min((len(line) - len(line.lstrip(" "))) // 2, 2)
                self.paragraph(stripped[2:], "List Bullet" if depth == 0 else f"List Bullet {depth + 1}")
            elif stripped.startswith("> "):
                self.paragraph(stripped[2:], "Quote")
            else:
                self.paragraph(stripped)

    def footer(self) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        footer = self.doc.sections[0].footer
        paragraph = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
        self.set_style(paragraph, "Footer")
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.add_run("Page ")
        self.field(paragraph, "PAGE", "1")


def legend_png_cached(style: Style) -> bytes:
    """:func:`legend_png`, drawn once per style in a process."""
    return _cached_legend(style.model_dump_json())


@lru_cache(maxsize=4)
def _cached_legend(style_json: str) -> bytes:
    from ..style.sheet import Style

    return legend_png(Style.model_validate_json(style_json))


def _drop_thumbnail(doc: DocxDocument) -> None:
    """The default template's thumbnail shows another document: leave it out."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    rels = doc.part.package.rels
    for r_id in [r_id for r_id, rel in rels.items() if rel.reltype == RT.THUMBNAIL]:
        rels.pop(r_id)


def _properties(doc: DocxDocument, report: Report) -> None:
    props = doc.core_properties
    props.title = report.title
    props.subject = report.subtitle or ""
    props.language = LANGUAGE
    props.author = props.last_modified_by = "mindmap"
    props.comments = ""
    props.keywords = "mind map; rapid insight"
    props.category = ""
    stamp = dt.datetime.combine(report.date, dt.time()) if report.date else FIXED_DATE
    props.created = props.modified = stamp
    props.last_printed = stamp
    props.revision = 1


def _clear_body(doc: DocxDocument) -> None:
    """A template's own content goes; its styles, page set-up, headers and footers stay."""
    body = doc.element.body
    for child in list(body):
        if child.tag != _qn("w:sectPr"):
            body.remove(child)


def build_docx(report: Report, template: Path | None = None) -> bytes:
    """The report as ``.docx`` bytes: in the house style, or in ``template``'s styles."""
    import docx

    from ..style.library import compose_style
    from .render import figure_meta

    doc = docx.Document(str(template) if template else None)
    _clear_body(doc)
    _ensure_styles(doc)
    _set_language(doc)
    if template is None:
        _house_style(doc)
        _drop_thumbnail(doc)
    style = compose_style()
    build = _Builder(doc, style)
    entries = [(style.look.legend.title, "guide")]
    entries += [(m.title, f"map_{i}") for i, m in enumerate(report.maps, 1)]
    entries.append(("Appendix: long descriptions of the figures", "appendix"))
    build.title_page(report, entries)
    build.guide()
    figures = []
    for number, mind_map in enumerate(report.maps, 1):
        meta = figure_meta(mind_map, compose_style(map_style=mind_map.style))
        build.map_section(number, mind_map, meta["alt"])
        figures.append((number, mind_map, meta["description"]))
    build.appendix(figures)
    if template is None:
        build.footer()
    _properties(doc, report)
    buffer = io.BytesIO()
    doc.save(buffer)
    return fixed_zip(buffer.getvalue())


def fixed_zip(data: bytes) -> bytes:
    """The same Office package with its entries in a fixed order (``[Content_Types].xml`` first,
    then by name), fixed timestamps and permissions, so the same content gives the same bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        names = sorted(src.namelist(), key=lambda n: (n != "[Content_Types].xml", n))
        for name in names:
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            # Pictures are compressed already: stored as they are, they cost no time to write or read.
            stored = name.lower().endswith((".png", ".jpg", ".jpeg"))
            info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            dst.writestr(info, src.read(name))
    return out.getvalue()
