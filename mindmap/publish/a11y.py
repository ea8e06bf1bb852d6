"""The accessibility check of a Word document (and of a slide deck): what a reader with a screen
reader, or with low vision, would trip over, each with where it is.

In a ``.docx`` it finds: pictures without alt text (``wp:docPr/@descr``, unless marked decorative),
headings that skip a level, tables whose first row is not marked as a header row
(``w:tblHeader``), empty paragraphs used as spacing, text smaller than the house style's floor,
and a missing document language (``w:lang`` on the default run properties, ``dc:language`` in the
document properties).  In a ``.pptx``: pictures without alt text, slides without a title, text
below the floor and a missing language.

Locations count from 1 in document order: ``paragraph 12`` is the body's twelfth paragraph,
``table 2, row 3, cell 1, paragraph 1`` a paragraph in a table, ``picture 4 (paragraph 30)`` the
fourth picture and the paragraph that holds it.  Each finding quotes a snippet of the text there.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final, Iterator

from ..layout.media import PAGE_MIN_PT

__all__ = ["FLOOR_PT", "Finding", "check_docx", "check_file", "check_pptx"]

# The house style's smallest text: 10 px at the figure's width, 7.5 pt (house-style.md, and the
# floor the layout keeps a printed figure's text above).
FLOOR_PT: Final = PAGE_MIN_PT  # the house style's smallest text
W: Final = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
WP: Final = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
A: Final = "http://schemas.openxmlformats.org/drawingml/2006/main"
P: Final = "http://schemas.openxmlformats.org/presentationml/2006/main"
DECORATIVE: Final = "http://schemas.microsoft.com/office/drawing/2017/decorative"
SNIPPET: Final = 60
_HEADING_NAME: Final = re.compile(r"^heading ([1-9])$", re.IGNORECASE)
_FALSE: Final = ("0", "false", "off")
_FILE_NAME: Final = re.compile(r"^[\w\- ]+\.(png|jpe?g|gif|bmp|svg|emf|wmf|tiff?|webp)$", re.IGNORECASE)


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


@dataclass(frozen=True)
class Finding:
    """One problem, where it is, and a snippet of the text there."""

    location: str
    message: str
    snippet: str = ""

    def __str__(self) -> str:
        return f"{self.location}: {self.message}" + (f' ("{self.snippet}")' if self.snippet else "")


def _snip(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= SNIPPET else text[: SNIPPET - 1].rstrip() + "…"


def _text(element: Any) -> str:
    return "".join(t.text or "" for t in element.iter(_w("t")))


def _on(element: Any) -> bool:
    """A toggle element (``<w:tblHeader/>``, ``<w:b w:val="0"/>``) that is switched on."""
    return element is not None and element.get(_w("val"), "true").lower() not in _FALSE


class _Styles:
    """Font sizes and outline levels as a paragraph or run inherits them through its styles."""

    def __init__(self, styles_element: Any) -> None:
        self.by_id: dict[str, Any] = {}
        self.default_paragraph: str | None = None
        for style in styles_element.iter(_w("style")):
            style_id = style.get(_w("styleId"))
            if style_id:
                self.by_id[style_id] = style
                if style.get(_w("type")) == "paragraph" and _on(style) and style.get(_w("default")) in ("1", "true"):
                    self.default_paragraph = style_id
        self.default_size: float | None = None
        defaults = styles_element.find(_w("docDefaults"))
        size = None if defaults is None else defaults.find(f"{_w('rPrDefault')}/{_w('rPr')}/{_w('sz')}")
        if size is not None:
            self.default_size = int(size.get(_w("val"))) / 2
        lang = None if defaults is None else defaults.find(f"{_w('rPrDefault')}/{_w('rPr')}/{_w('lang')}")
        self.language = (lang.get(_w("val")) or "").strip() if lang is not None else ""

    def chain(self, style_id: str | None) -> Iterator[Any]:
        """The style and those it is based on, nearest first."""
        seen: set[str] = set()
        while style_id and style_id in self.by_id and style_id not in seen:
            seen.add(style_id)
            style = self.by_id[style_id]
            yield style
            based = style.find(_w("basedOn"))
            style_id = based.get(_w("val")) if based is not None else None

    def _size_in(self, style_id: str | None) -> float | None:
        for style in self.chain(style_id):
            size = style.find(f"{_w('rPr')}/{_w('sz')}")
            if size is not None:
                return int(size.get(_w("val"))) / 2
        return None

    def paragraph_style(self, p: Any) -> str | None:
        ref = p.find(f"{_w('pPr')}/{_w('pStyle')}")
        return ref.get(_w("val")) if ref is not None else self.default_paragraph

    def run_size(self, run: Any, paragraph_style: str | None, table_style: str | None) -> float:
        """The run's size in points: its own, its character style's, its paragraph style's, its
        table style's, the document default's, else Word's 10 pt."""
        size = run.find(f"{_w('rPr')}/{_w('sz')}")
        if size is not None:
            return int(size.get(_w("val"))) / 2
        ref = run.find(f"{_w('rPr')}/{_w('rStyle')}")
        for found in (
            self._size_in(ref.get(_w("val")) if ref is not None else None),
            self._size_in(paragraph_style),
            self._size_in(table_style),
            self.default_size,
        ):
            if found is not None:
                return found
        return 10.0

    def heading_level(self, p: Any) -> int | None:
        """1 to 9 for a heading (its outline level, direct or from its style, else a 'heading N'
        style name), None for body text."""
        level = p.find(f"{_w('pPr')}/{_w('outlineLvl')}")
        style_id = self.paragraph_style(p)
        if level is None:
            for style in self.chain(style_id):
                level = style.find(f"{_w('pPr')}/{_w('outlineLvl')}")
                if level is not None:
                    break
        if level is not None:
            value = int(level.get(_w("val"), "9"))
            return value + 1 if 0 <= value <= 8 else None
        for style in self.chain(style_id):
            name = style.find(_w("name"))
            found = _HEADING_NAME.match(name.get(_w("val"), "")) if name is not None else None
            if found:
                return int(found.group(1))
        return None


def _blocks(parent: Any) -> Iterator[Any]:
    """Paragraphs and tables in order, looking inside content controls (``w:sdt``)."""
    for child in parent:
        if child.tag == _w("sdt"):
            content = child.find(_w("sdtContent"))
            if content is not None:
                yield from _blocks(content)
        elif child.tag in (_w("p"), _w("tbl")):
            yield child


def _is_spacing(p: Any) -> bool:
    """An empty paragraph: no text, picture, field, page break or section break."""
    if _text(p).strip():
        return False
    for tag in ("drawing", "pict", "object", "fldChar", "fldSimple", "instrText", "sectPr"):
        if next(p.iter(_w(tag)), None) is not None:
            return False
    return not any(br.get(_w("type")) == "page" for br in p.iter(_w("br")))


class _DocxCheck:
    def __init__(self, doc: Any) -> None:
        self.styles = _Styles(doc.styles.element)
        self.findings: list[Finding] = []
        self.paragraphs = 0
        self.tables = 0
        self.pictures = 0
        self.last_heading = 0
        self.last_text = ""

    def run(self, doc: Any) -> list[Finding]:
        if not self.styles.language:
            self.findings.append(
                Finding(
                    "document",
                    "no document language: set w:lang on the default run properties (styles.xml), e.g. en-GB",
                )
            )
        if not (doc.core_properties.language or "").strip():
            self.findings.append(Finding("document properties", "no language (dc:language), e.g. en-GB"))
        blocks = list(_blocks(doc.element.body))
        for at, block in enumerate(blocks):
            if block.tag == _w("tbl"):
                self.table(block, f"after paragraph {self.paragraphs}" if self.paragraphs else "at the start")
                continue
            self.paragraphs += 1
            where = f"paragraph {self.paragraphs}"
            text = _text(block)
            level = self.styles.heading_level(block)
            if level is not None:
                if level > self.last_heading + 1:
                    before = f"heading level {self.last_heading}" if self.last_heading else "no heading before it"
                    self.findings.append(
                        Finding(
                            where,
                            f"heading level {level} after {before} (skips level {self.last_heading + 1})",
                            _snip(text),
                        )
                    )
                self.last_heading = level
            last = at == len(blocks) - 1
            if _is_spacing(block) and not last:
                after = f'after "{_snip(self.last_text)}"' if self.last_text else "at the start"
                self.findings.append(
                    Finding(
                        where,
                        f"empty paragraph used as spacing ({after}); use the style's space before or after instead",
                    )
                )
            self.paragraph(block, where, None)
            if text.strip():
                self.last_text = text
        return self.findings

    def paragraph(self, p: Any, where: str, table_style: str | None) -> None:
        for doc_pr in p.iter(f"{{{WP}}}docPr"):
            self.pictures += 1
            decorative = any(_on_decorative(e) for e in doc_pr.iter(f"{{{DECORATIVE}}}decorative"))
            alt = (doc_pr.get("descr") or "").strip()
            if decorative:
                continue
            if not alt or _file_name(alt):
                message = "picture without alt text" + (" (only its file name)" if alt else "")
                self.findings.append(
                    Finding(f"picture {self.pictures} ({where})", message, _snip(alt or doc_pr.get("name") or ""))
                )
        style = self.styles.paragraph_style(p)
        for run in p.iter(_w("r")):
            words = _text(run)
            if not words.strip():
                continue
            size = self.styles.run_size(run, style, table_style)
            if size < FLOOR_PT:
                self.findings.append(
                    Finding(
                        where,
                        f"text of {size:g} pt, smaller than the house style's floor of {FLOOR_PT:g} pt",
                        _snip(words),
                    )
                )
                break

    def table(self, tbl: Any, after: str) -> None:
        self.tables += 1
        number = self.tables
        rows = tbl.findall(_w("tr"))
        style_ref = tbl.find(f"{_w('tblPr')}/{_w('tblStyle')}")
        table_style = style_ref.get(_w("val")) if style_ref is not None else None
        if rows:
            header = rows[0].find(f"{_w('trPr')}/{_w('tblHeader')}")
            if not _on(header):
                cells = " | ".join(_text(tc).strip() for tc in rows[0].findall(_w("tc")))
                self.findings.append(
                    Finding(
                        f"table {number} ({after})",
                        "no header row: mark the first row as a header row that repeats on each page (w:tblHeader)",
                        _snip(cells),
                    )
                )
        for r, tr in enumerate(rows, 1):
            for c, tc in enumerate(tr.findall(_w("tc")), 1):
                k = 0
                for block in _blocks(tc):
                    if block.tag == _w("tbl"):
                        self.table(block, f"in table {number}, row {r}, cell {c}")
                        continue
                    k += 1
                    self.paragraph(block, f"table {number}, row {r}, cell {c}, paragraph {k}", table_style)


def _on_decorative(element: Any) -> bool:
    return element.get("val", "1").lower() not in _FALSE


def check_docx(source: Path | str | bytes) -> list[Finding]:
    """Every accessibility problem found in a ``.docx`` (a path or its bytes), in document order."""
    import docx

    doc = docx.Document(io.BytesIO(source) if isinstance(source, bytes) else str(source))
    return _DocxCheck(doc).run(doc)


def check_pptx(source: Path | str | bytes) -> list[Finding]:
    """Every accessibility problem found in a ``.pptx``: pictures without alt text, slides without a
    title, text below the floor, no language."""
    from pptx import Presentation

    prs = Presentation(io.BytesIO(source) if isinstance(source, bytes) else str(source))
    findings: list[Finding] = []
    if not (prs.core_properties.language or "").strip():
        findings.append(Finding("document properties", "no language (dc:language), e.g. en-GB"))
    for s, slide in enumerate(prs.slides, 1):
        title = slide.shapes.title
        if title is None or not title.text_frame.text.strip():
            findings.append(Finding(f"slide {s}", "slide without a title (in its title placeholder)"))
        pictures = 0
        for element in slide.shapes._spTree.iter(f"{{{P}}}pic"):
            pictures += 1
            c_nv_pr = element.find(f"{{{P}}}nvPicPr/{{{P}}}cNvPr")
            alt = (c_nv_pr.get("descr") or "").strip() if c_nv_pr is not None else ""
            if c_nv_pr is not None and (not alt or _file_name(alt)):
                message = "picture without alt text" + (" (only its file name)" if alt else "")
                findings.append(
                    Finding(f"slide {s}, picture {pictures}", message, _snip(alt or c_nv_pr.get("name") or ""))
                )
        for run in slide.shapes._spTree.iter(f"{{{A}}}r"):
            rpr = run.find(f"{{{A}}}rPr")
            size = rpr.get("sz") if rpr is not None else None
            words = "".join(t.text or "" for t in run.iter(f"{{{A}}}t"))
            if size and words.strip() and int(size) / 100 < FLOOR_PT:
                findings.append(
                    Finding(
                        f"slide {s}",
                        f"text of {int(size) / 100:g} pt, smaller than the house style's floor of {FLOOR_PT:g} pt",
                        _snip(words),
                    )
                )
    return findings


def check_file(path: Path) -> list[Finding]:
    """:func:`check_docx` or :func:`check_pptx`, by the file's suffix; a file that is not one is a
    :class:`~mindmap.errors.UserError`."""
    import zipfile

    from docx.opc.exceptions import PackageNotFoundError as DocxNotFound
    from pptx.exc import PackageNotFoundError as PptxNotFound

    from ..errors import UserError

    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".docx", ".pptx"):
        raise UserError(f"{path}: the check reads .docx and .pptx files")
    if not path.is_file():
        raise UserError(f"{path}: no such file")
    try:
        return check_pptx(path) if suffix == ".pptx" else check_docx(path)
    except (zipfile.BadZipFile, KeyError, ValueError, DocxNotFound, PptxNotFound) as exc:
        reason = str(exc) if isinstance(exc, (KeyError, ValueError)) else "not an Office package (a zip)"
        raise UserError(f"{path}: not a readable {suffix} file ({reason})") from None


def _file_name(alt: str) -> bool:
    """Alt text that is only a file name, as tools fill in when no one wrote any.

    >>> _file_name("image.png"), _file_name("Figure 1.JPG"), _file_name("A map of themes.")
    (True, True, False)
    """
    return bool(_FILE_NAME.match(alt.strip()))
