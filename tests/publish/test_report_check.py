"""mindmap report --check: each accessibility problem found, with its location, in documents broken on purpose.

Every fixture is built here with python-docx (or python-pptx) in tmp_path: a document that is
fine except for one problem, so that each test shows the check finds that problem, where it is,
and nothing else.
"""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Pt
from typer.testing import CliRunner

from mindmap.cli import app
from mindmap.layout.media import PAGE_MIN_PT
from mindmap.publish.a11y import FLOOR_PT, Finding, check_docx, check_pptx
from mindmap.publish.report import legend_png_cached
from mindmap.style.library import compose_style


def good() -> docx.document.Document:
    """A small document with none of the problems: language, headings in order, a picture with alt
    text, a table with a header row."""
    doc = docx.Document()
    doc.core_properties.language = "en-GB"
    doc.add_paragraph("Report", style="Title")
    doc.add_paragraph("Introduction", style="Heading 1")
    doc.add_paragraph("Some words.")
    picture = doc.add_paragraph().add_run().add_picture(io.BytesIO(legend_png_cached(compose_style())), width=Pt(200))
    picture._inline.docPr.set("descr", "The legend")
    doc.add_paragraph("Details", style="Heading 2")
    table = doc.add_table(rows=2, cols=2)
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "Theme", "n"
    table.rows[1].cells[0].text, table.rows[1].cells[1].text = "Access", "12"
    table.rows[0]._tr.get_or_add_trPr().append(docx.oxml.OxmlElement("w:tblHeader"))
    doc.add_paragraph("The end.")
    return doc


def check(doc: docx.document.Document) -> list[Finding]:
    buffer = io.BytesIO()
    doc.save(buffer)
    return check_docx(buffer.getvalue())


def test_the_good_fixture_has_no_findings() -> None:
    assert check(good()) == []


def test_a_picture_without_alt_text() -> None:
    doc = good()
    doc.add_paragraph().add_run().add_picture(io.BytesIO(legend_png_cached(compose_style())), width=Pt(100))
    # python-docx leaves descr out; an empty one is just as bad.
    doc.inline_shapes[1]._inline.docPr.set("descr", "  ")
    assert [str(f) for f in check(doc)] == ['picture 2 (paragraph 7): picture without alt text ("Picture 2")']


def test_a_decorative_picture_needs_no_alt_text() -> None:
    doc = good()
    doc.add_paragraph().add_run().add_picture(io.BytesIO(legend_png_cached(compose_style())), width=Pt(100))
    doc_pr = doc.inline_shapes[1]._inline.docPr
    ext_list = docx.oxml.parse_xml(
        '<a:extLst xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
        '<a:ext uri="{C183D7F6-B498-43B3-948B-1728B52AA6E4}">'
        '<adec:decorative xmlns:adec="http://schemas.microsoft.com/office/drawing/2017/decorative" val="1"/>'
        "</a:ext></a:extLst>"
    )
    doc_pr.append(ext_list)
    assert check(doc) == []


def test_a_heading_level_that_skips() -> None:
    doc = good()
    doc.add_paragraph("Too deep", style="Heading 4")
    assert [str(f) for f in check(doc)] == [
        'paragraph 7: heading level 4 after heading level 2 (skips level 3) ("Too deep")'
    ]


def test_a_first_heading_below_level_1() -> None:
    doc = docx.Document()
    doc.core_properties.language = "en-GB"
    doc.add_paragraph("Starts at two", style="Heading 2")
    assert [str(f) for f in check(doc)] == [
        'paragraph 1: heading level 2 after no heading before it (skips level 1) ("Starts at two")'
    ]


def test_a_table_without_a_header_row() -> None:
    doc = good()
    table = doc.add_table(rows=2, cols=2)
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "Quote", "Who"
    assert [str(f) for f in check(doc)] == [
        "table 2 (after paragraph 6): no header row: mark the first row as a header row that repeats on each page "
        '(w:tblHeader) ("Quote | Who")'
    ]


def test_a_header_row_switched_off_is_no_header_row() -> None:
    doc = good()
    doc.tables[0].rows[0]._tr.trPr.find(qn("w:tblHeader")).set(qn("w:val"), "false")
    assert [f.location for f in check(doc)] == ["table 1 (after paragraph 5)"]


def test_empty_paragraphs_used_as_spacing() -> None:
    doc = good()
    doc.paragraphs[2].insert_paragraph_before("")  # between "Introduction" and "Some words."
    doc.add_paragraph("   ")
    doc.add_paragraph("Last words.")
    assert [str(f) for f in check(doc)] == [
        'paragraph 3: empty paragraph used as spacing (after "Introduction"); use the style\'s space before or '
        "after instead",
        'paragraph 8: empty paragraph used as spacing (after "The end."); use the style\'s space before or after '
        "instead",
    ]


def test_a_page_break_or_the_last_paragraph_is_not_spacing() -> None:
    doc = good()
    doc.add_page_break()
    doc.add_paragraph("After the break.")
    doc.add_paragraph("")  # the body's last paragraph
    assert check(doc) == []


def test_text_below_the_floor_in_a_run_a_style_and_a_table_cell() -> None:
    doc = good()
    doc.add_paragraph("Fine print: ").add_run("tiny words").font.size = Pt(6)
    doc.styles["Heading 2"].font.size = Pt(7)
    cell = doc.tables[0].rows[1].cells[0].paragraphs[0]
    cell.runs[0].font.size = Pt(5.5)
    assert [str(f) for f in check(doc)] == [
        'paragraph 5: text of 7 pt, smaller than the house style\'s floor of 7.5 pt ("Details")',
        "table 1, row 2, cell 1, paragraph 1: text of 5.5 pt, smaller than the house style's floor of 7.5 pt "
        '("Access")',
        'paragraph 7: text of 6 pt, smaller than the house style\'s floor of 7.5 pt ("tiny words")',
    ]


def test_the_floor_is_the_house_styles() -> None:
    # house-style.md: 10 px at the figure's width, which the layout keeps printed figures above.
    assert FLOOR_PT == PAGE_MIN_PT == 7.5


def test_a_missing_document_language() -> None:
    doc = good()
    doc.core_properties.language = ""
    rpr = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    rpr.remove(rpr.find(qn("w:lang")))
    assert [str(f) for f in check(doc)] == [
        "document: no document language: set w:lang on the default run properties (styles.xml), e.g. en-GB",
        "document properties: no language (dc:language), e.g. en-GB",
    ]


def test_every_problem_at_once_in_document_order(tmp_path: Path) -> None:
    doc = docx.Document()  # python-docx's own: w:lang en-US in the styles, no dc:language
    doc.add_paragraph("A title", style="Title")
    doc.add_paragraph("Deep first", style="Heading 3")
    doc.add_paragraph("")
    doc.add_paragraph().add_run().add_picture(io.BytesIO(legend_png_cached(compose_style())), width=Pt(100))
    doc.add_table(rows=1, cols=1).rows[0].cells[0].text = "No header"
    doc.add_paragraph("small").runs[0].font.size = Pt(7)
    path = tmp_path / "broken.docx"
    doc.save(str(path))
    result = CliRunner().invoke(app, ["report", "--check", str(path)])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{path}: document properties: no language (dc:language), e.g. en-GB",
        f'{path}: paragraph 2: heading level 3 after no heading before it (skips level 1) ("Deep first")',
        f'{path}: paragraph 3: empty paragraph used as spacing (after "Deep first"); use the style\'s space before '
        "or after instead",
        f'{path}: picture 1 (paragraph 4): picture without alt text ("Picture 1")',
        f"{path}: table 1 (after paragraph 4): no header row: mark the first row as a header row that repeats on "
        'each page (w:tblHeader) ("No header")',
        f'{path}: paragraph 5: text of 7 pt, smaller than the house style\'s floor of 7.5 pt ("small")',
    ]


def test_cli_check_passes_a_good_document(tmp_path: Path) -> None:
    path = tmp_path / "good.docx"
    good().save(str(path))
    result = CliRunner().invoke(app, ["report", "--check", str(path)])
    assert (result.exit_code, result.stdout) == (0, f"{path}: ok, no accessibility findings\n")


def test_cli_check_refuses_what_it_cannot_read(tmp_path: Path) -> None:
    fake = tmp_path / "fake.docx"
    fake.write_text("not a zip", encoding="utf-8")
    result = CliRunner().invoke(app, ["report", "--check", str(fake)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{fake}: not a readable .docx file")
    other = CliRunner().invoke(app, ["report", "--check", str(tmp_path / "x.odt")])
    assert (other.exit_code, other.stderr) == (1, f"{tmp_path / 'x.odt'}: the check reads .docx and .pptx files\n")
    missing = CliRunner().invoke(app, ["report", "--check", str(tmp_path / "gone.docx")])
    assert (missing.exit_code, missing.stderr) == (1, f"{tmp_path / 'gone.docx'}: no such file\n")


def test_a_deck_with_each_problem(tmp_path: Path) -> None:
    from pptx import Presentation
    from pptx.util import Pt as PptPt

    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])  # blank: no title
    slide.shapes.add_picture(io.BytesIO(legend_png_cached(compose_style())), 0, 0)
    box = slide.shapes.add_textbox(0, 0, 100, 100)
    box.text_frame.text = "tiny"
    box.text_frame.paragraphs[0].runs[0].font.size = PptPt(6)
    titled = prs.slides.add_slide(prs.slide_layouts[5])
    titled.shapes.title.text = "A title"
    buffer = io.BytesIO()
    prs.save(buffer)
    # python-pptx, like PowerPoint, puts the file name where the alt text goes: that is no alt text.
    assert [str(f) for f in check_pptx(buffer.getvalue())] == [
        "document properties: no language (dc:language), e.g. en-GB",
        "slide 1: slide without a title (in its title placeholder)",
        'slide 1, picture 1: picture without alt text (only its file name) ("image.png")',
        'slide 1: text of 6 pt, smaller than the house style\'s floor of 7.5 pt ("tiny")',
    ]


@pytest.mark.parametrize("suffix", [".docx", ".pptx"])
def test_what_report_writes_is_checked_and_passes(tmp_path: Path, suffix: str) -> None:
    themes = Path(__file__).resolve().parents[2] / "themes"
    out = tmp_path / f"r{suffix}"
    result = CliRunner().invoke(app, ["report", str(themes / "h4-leadership.yaml"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout.endswith("1 map, 0 accessibility findings\n")
    checked = CliRunner().invoke(app, ["report", "--check", str(out)])
    assert checked.exit_code == 0


def test_a_template_that_breaks_the_rules_is_reported_after_writing(tmp_path: Path) -> None:
    template = docx.Document()
    template.styles["Caption"].font.size = Pt(6)
    path = tmp_path / "org.docx"
    template.save(str(path))
    out = tmp_path / "r.docx"
    themes = Path(__file__).resolve().parents[2] / "themes"
    result = CliRunner().invoke(
        app, ["report", str(themes / "h4-leadership.yaml"), "-o", str(out), "--template", str(path)]
    )
    assert result.exit_code == 1
    assert out.is_file()  # written, then reported
    assert result.stderr.splitlines() == [
        f'{out}: paragraph 16: text of 6 pt, smaller than the house style\'s floor of 7.5 pt ("Figure")'
    ]


def test_a_file_name_is_not_alt_text() -> None:
    doc = good()
    doc.inline_shapes[0]._inline.docPr.set("descr", "legend-final-v2.PNG")
    assert [str(f) for f in check(doc)] == [
        'picture 1 (paragraph 4): picture without alt text (only its file name) ("legend-final-v2.PNG")'
    ]


def test_the_committed_gallery_report_and_deck_pass() -> None:
    gallery = Path(__file__).resolve().parents[2] / "gallery"
    assert check_docx(gallery / "report.docx") == []
    assert check_pptx(gallery / "report-deck.pptx") == []
