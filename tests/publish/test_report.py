"""mindmap report -o FILE.docx: the Word report's structure, its settings file, its bytes, its command line."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import zipfile
from pathlib import Path

import docx
import pytest
import yaml
from docx.oxml.ns import qn
from typer.testing import CliRunner

from mindmap.cli import app
from mindmap.load.reader import load_map
from mindmap.model.describe import alt_text, long_description
from mindmap.publish.a11y import check_docx
from mindmap.publish.report import (
    N_WORDING,
    build_docx,
    collect_report,
    figure_png,
    legend_png,
    png_size,
    read_settings,
)
from mindmap.style.library import compose_style
from tests.conftest import small_map

ROOT = Path(__file__).resolve().parents[2]
THEMES = ROOT / "themes"
PICKS = ("h2-policy-levers.yaml", "h9-process.yaml")
EMU_PER_MM = 36_000
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"


def counted_map() -> dict:
    """A small map with counts at three levels, a connection and a quote."""
    data = small_map()
    data["themes"][0]["subthemes"][0]["subthemes"] = [{"label": "Alpha one deeper", "n": 2}]
    return data


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    """Two of the report's maps and a small counted one, with a report.toml that orders them."""
    base = tmp_path_factory.mktemp("report") / "maps"
    base.mkdir()
    for name in PICKS:
        shutil.copy(THEMES / name, base / name)
    (base / "a-small.yaml").write_text(yaml.safe_dump(counted_map(), sort_keys=False), encoding="utf-8")
    (base / "report.toml").write_text(
        'title = "A test report"\nsubtitle = "For the tests"\ndate = 2023-12-11\nmaps = ["h9-process", "small"]\n',
        encoding="utf-8",
    )
    return base


@pytest.fixture(scope="module")
def built(folder: Path) -> tuple[bytes, docx.document.Document]:
    data = build_docx(collect_report([folder]))
    return data, docx.Document(io.BytesIO(data))


def body_paragraphs(doc) -> list:
    return list(doc.paragraphs)


def headings(doc) -> list[tuple[int, str]]:
    out = []
    for p in doc.paragraphs:
        name = p.style.name
        if name.startswith("Heading "):
            out.append((int(name.split()[1]), p.text))
    return out


def test_maps_come_in_report_toml_order_then_the_rest_by_file_name(folder: Path) -> None:
    report = collect_report([folder])
    assert [m.id for m in report.maps] == ["h9-process", "small", "h2-policy-levers"]
    assert (report.title, report.subtitle, report.date) == ("A test report", "For the tests", dt.date(2023, 12, 11))


def test_without_report_toml_maps_come_by_file_name_and_the_title_is_plain(folder: Path, tmp_path: Path) -> None:
    plain = tmp_path / "plain"
    shutil.copytree(folder, plain)
    (plain / "report.toml").unlink()
    report = collect_report([plain])
    assert [m.id for m in report.maps] == ["small", "h2-policy-levers", "h9-process"]
    assert (report.title, report.subtitle, report.date) == ("Mind maps", None, None)


def test_title_and_date_given_win_over_report_toml(folder: Path) -> None:
    report = collect_report([folder], title="Given", date=dt.date(2024, 1, 2))
    assert (report.title, report.date) == ("Given", dt.date(2024, 1, 2))


def test_the_document_has_title_date_contents_guide_each_map_and_the_appendix(built) -> None:
    _, doc = built
    first = [(p.style.name, p.text) for p in doc.paragraphs[:4]]
    assert first == [
        ("Title", "A test report"),
        ("Subtitle", "For the tests"),
        ("Subtitle", "11 December 2023"),
        ("TOC Heading", "Contents"),
    ]
    titles = ["Hypothesis 9: Process", "Small map", "Hypothesis 2: Policy levers"]
    assert [text for level, text in headings(doc) if level == 1] == [
        "Guide to interpreting the mind maps",
        *titles,
        "Appendix: long descriptions of the figures",
    ]
    # Each map: Heading 1, then (with quotes) Quotes, then the themes table, all at level 2.
    levels = headings(doc)
    at = levels.index((1, "Small map"))
    assert levels[at + 1 : at + 3] == [(2, "Quotes"), (2, "Key themes and sub-themes")]
    assert [t for lv, t in levels if lv == 2 and t.startswith("Figure")] == [
        f"Figure {i}: {t}" for i, t in enumerate(titles, 1)
    ]
    # The contents is a real TOC field, showing each Heading 1, linked to it.
    instructions = [e.text for e in doc.element.body.iter(qn("w:instrText"))]
    assert any(i.strip().startswith("TOC \\o") for i in instructions)
    toc = [p for p in doc.paragraphs if p.style.name == "TOC 1"]
    assert [p.text for p in toc][1:4] == titles
    anchors = [h.get(qn("w:anchor")) for p in toc for h in p._p.iter(qn("w:hyperlink"))]
    bookmarks = {b.get(qn("w:name")) for b in doc.element.body.iter(qn("w:bookmarkStart"))}
    assert anchors and set(anchors) <= bookmarks


def test_the_guide_page_has_the_legend_figure_and_the_reports_words_about_n(built) -> None:
    _, doc = built
    texts = [p.text for p in doc.paragraphs]
    guide = next(
        i
        for i, p in enumerate(doc.paragraphs)
        if p.style.name == "Heading 1" and p.text == "Guide to interpreting the mind maps"
    )
    assert N_WORDING in texts[guide : guide + 4]
    assert "[n=42]: the number of responses further sub-themed under that theme or map." in texts
    legend = doc.paragraphs[guide + 1]._p
    doc_pr = next(legend.iter(f"{{{WP}}}docPr"))
    assert doc_pr.get("descr").startswith("Guide to interpreting the mind maps: a box for a key theme")


def test_captions_are_numbered_by_a_seq_field_and_link_to_the_long_description(built) -> None:
    _, doc = built
    captions = [p for p in doc.paragraphs if p.style.name == "Caption"]
    titles = ["Hypothesis 9: Process", "Small map", "Hypothesis 2: Policy levers"]
    assert [p.text for p in captions] == [
        f"Figure {i}: {t}. Long description of Figure {i}" for i, t in enumerate(titles, 1)
    ]
    bookmarks = {b.get(qn("w:name")): b for b in doc.element.body.iter(qn("w:bookmarkStart"))}
    for i, caption in enumerate(captions, 1):
        instr = [e.text.strip() for e in caption._p.iter(qn("w:instrText"))]
        assert instr == ["SEQ Figure \\* ARABIC"]
        links = [h.get(qn("w:anchor")) for h in caption._p.iter(qn("w:hyperlink"))]
        assert links == [f"desc_{i}"]
        # The link's target is the appendix heading for this figure, which links back.
        target = bookmarks[f"desc_{i}"].getparent()
        assert "".join(t.text for t in target.iter(qn("w:t"))) == f"Figure {i}: {titles[i - 1]}"
        assert f"fig_{i}" in {b.get(qn("w:name")) for b in caption._p.iter(qn("w:bookmarkStart"))}


def test_every_figure_has_its_alt_text_and_is_a_300_dpi_png_170_mm_wide(built, folder: Path) -> None:
    _, doc = built
    maps = {m.title: m for m in collect_report([folder]).maps}
    figures = [p for p in doc.paragraphs if any(True for _ in p._p.iter(f"{{{WP}}}docPr"))][1:]  # after the legend
    assert len(figures) == 3
    for paragraph, title in zip(figures, ["Hypothesis 9: Process", "Small map", "Hypothesis 2: Policy levers"]):
        doc_pr = next(paragraph._p.iter(f"{{{WP}}}docPr"))
        assert doc_pr.get("descr") == alt_text(maps[title])
        extent = next(paragraph._p.iter(f"{{{WP}}}extent"))
        width_mm = int(extent.get("cx")) / EMU_PER_MM
        blip = next(paragraph._p.iter(qn("a:blip")))
        png = doc.part.related_parts[blip.get(qn("r:embed"))].blob
        px_w, _ = png_size(png)
        assert width_mm <= 170.0 + 1e-6
        assert px_w / (width_mm / 25.4) == pytest.approx(300, rel=0.02) or width_mm < 170  # shrunk only to fit height
    # Composed for the page below its heading: 170 mm wide, or 185 mm tall if taller than wide.
    small = next(figures[1]._p.iter(f"{{{WP}}}extent"))
    width, height = int(small.get("cx")) / EMU_PER_MM, int(small.get("cy")) / EMU_PER_MM
    assert round(width) == 170 or round(height) == 185


def test_quotes_are_in_the_quote_style_with_their_attributions(built, folder: Path) -> None:
    _, doc = built
    paragraphs = doc.paragraphs
    for m in collect_report([folder]).maps:
        for q in m.quotes:
            words = f"\u201c{' '.join(q.text.split())}\u201d"
            at = next(i for i, p in enumerate(paragraphs) if p.text == words)
            assert paragraphs[at].style.name == "Quote"
            assert (paragraphs[at + 1].style.name, paragraphs[at + 1].text) == (
                "Quote Attribution",
                f"\u2014 {q.attribution}",
            )


def test_each_map_has_a_table_of_its_themes_with_counts_and_a_repeating_header(built) -> None:
    _, doc = built
    assert len(doc.tables) == 3
    small = doc.tables[1]
    rows = [[c.text for c in row.cells] for row in small.rows]
    assert rows == [
        ["Key theme", "Sub-theme", "n"],
        ["Alpha theme", "", "6"],
        ["", "Alpha one", "3"],
        ["", "Alpha one deeper", "2"],
        ["", "Alpha two", ""],
        ["Beta theme", "", "4"],
        ["Gamma theme", "", ""],
    ]
    for table in doc.tables:
        first = table.rows[0]._tr
        assert first.trPr.find(qn("w:tblHeader")) is not None
        assert all(row._tr.trPr.find(qn("w:tblHeader")) is None for row in table.rows[1:])
        assert table._tbl.tblPr.find(qn("w:tblCaption")).get(qn("w:val")).startswith("Key themes of ")
    # A map without counts has no n column, and says so.
    assert [c.text for c in doc.tables[2].rows[0].cells] == ["Key theme", "Sub-theme"]
    assert any(p.text.endswith("No response counts were given for this map.") for p in doc.paragraphs)


def test_the_appendix_holds_every_long_description(built, folder: Path) -> None:
    _, doc = built
    text = "\n".join(p.text for p in doc.paragraphs)
    appendix = text[text.index("Appendix: long descriptions of the figures") :]
    for m in collect_report([folder]).maps:
        for line in long_description(m).splitlines():
            line = line.strip().removeprefix("## ").removeprefix("- ").removeprefix("> ")
            if line and not line.startswith("# "):
                assert line in appendix


def test_language_title_and_dates_are_in_the_document_properties(built) -> None:
    data, doc = built
    props = doc.core_properties
    assert (props.title, props.language) == ("A test report", "en-GB")
    assert props.created == props.modified == dt.datetime(2023, 12, 11, tzinfo=dt.UTC)
    lang = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr")).find(qn("w:lang"))
    assert lang.get(qn("w:val")) == "en-GB"
    assert b"python-docx" not in zipfile.ZipFile(io.BytesIO(data)).read("docProps/core.xml")


def test_the_report_passes_the_accessibility_check(built) -> None:
    data, _ = built
    assert check_docx(data) == []


def test_same_inputs_give_the_same_bytes(built, folder: Path) -> None:
    data, _ = built
    assert build_docx(collect_report([folder])) == data
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        infos = z.infolist()
    assert infos[0].filename == "[Content_Types].xml"
    assert [i.filename for i in infos[1:]] == sorted(i.filename for i in infos[1:])
    assert {i.date_time for i in infos} == {(2000, 1, 1, 0, 0, 0)}
    assert not any("thumbnail" in i.filename for i in infos)


def test_without_a_date_the_file_date_is_fixed_and_no_date_is_shown(folder: Path) -> None:
    report = collect_report([folder / "a-small.yaml"])
    doc = docx.Document(io.BytesIO(build_docx(report)))
    assert doc.core_properties.created == dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
    assert [p.style.name for p in doc.paragraphs[:2]] == ["Title", "TOC Heading"]


def test_a_template_gives_its_styles_and_loses_its_content(folder: Path, tmp_path: Path) -> None:
    from docx.shared import Pt, RGBColor

    template = docx.Document()
    template.styles["Heading 1"].font.color.rgb = RGBColor(0x8A, 0x15, 0x38)
    template.styles["Normal"].font.size = Pt(12)
    template.add_paragraph("The organisation's sample text, to be replaced.")
    path = tmp_path / "org.docx"
    template.save(str(path))
    doc = docx.Document(io.BytesIO(build_docx(collect_report([folder / "a-small.yaml"]), path)))
    assert doc.styles["Heading 1"].font.color.rgb == RGBColor(0x8A, 0x15, 0x38)
    assert doc.styles["Normal"].font.size == Pt(12)
    assert "The organisation's sample text, to be replaced." not in [p.text for p in doc.paragraphs]
    assert doc.core_properties.language == "en-GB"


def test_figure_png_composes_the_map_without_its_title_for_each_medium() -> None:
    from mindmap.layout.media import REPORT_BODY, SLIDE_BODY

    m = load_map(THEMES / "h9-process.yaml")
    page, slide = figure_png(m, "page"), figure_png(m, "slide")
    assert page[:8] == b"\x89PNG\r\n\x1a\n" and slide[:8] == b"\x89PNG\r\n\x1a\n" and page != slide
    # The page's figure fills the column below the heading; the slide's has the body's shape.
    (pw, ph), (sw, sh) = png_size(page), png_size(slide)
    assert abs(pw - 170 / 25.4 * 300) <= 1 or abs(ph - 185 / 25.4 * 300) <= 1
    assert sw / sh == pytest.approx(SLIDE_BODY.aspect, rel=0.01)
    assert pw / ph <= 170 / 185 * 1.2 or abs(pw - 170 / 25.4 * 300) <= 1  # composed, not squeezed
    assert REPORT_BODY.name == "report-page"
    with pytest.raises(ValueError, match="unknown medium"):
        figure_png(m, "poster")  # type: ignore[arg-type]


def test_legend_png_is_the_legend_at_text_size() -> None:
    png = legend_png(compose_style())
    w, h = png_size(png)
    assert 40 < w / 300 * 25.4 < 170 and w > 2 * h  # a strip narrower than the page, at 300 dpi


# --- report.toml and the command line ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('title = "T"\nmpas = ["a"]\n', "report.toml:2: mpas: unknown key 'mpas'; did you mean 'maps'?"),
        (
            'title = "T"\ndate = "11/12/2023"\n',
            "report.toml:2: date: give a date as YYYY-MM-DD, e.g. date = 2023-12-11",
        ),
        ('maps = "h1"\n', 'report.toml:1: maps: give a list of map ids, e.g. maps = ["h1-pathway"]'),
        ("title = \n", "report.toml:1:9: Invalid value"),
    ],
)
def test_report_toml_problems_name_file_and_line(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "report.toml"
    path.write_text(text, encoding="utf-8")
    from mindmap.errors import UserError

    with pytest.raises(UserError) as info:
        read_settings(path)
    assert str(info.value) == f"{tmp_path}/{message}"


def test_report_toml_naming_an_unknown_map_is_an_error_with_its_line(tmp_path: Path) -> None:
    shutil.copy(THEMES / "h9-process.yaml", tmp_path / "h9-process.yaml")
    (tmp_path / "report.toml").write_text('maps = [\n  "h9-process",\n  "h9-proces",\n]\n', encoding="utf-8")
    result = CliRunner().invoke(app, ["report", str(tmp_path), "-o", str(tmp_path / "r.docx")])
    assert result.exit_code == 1
    assert result.stderr == (
        f"{tmp_path}/report.toml:3: maps: no map has the id 'h9-proces'; did you mean 'h9-process'?\n"
    )
    assert not (tmp_path / "r.docx").exists()


def test_cli_writes_the_report_and_checks_it(tmp_path: Path) -> None:
    src = tmp_path / "one.yaml"
    src.write_text(yaml.safe_dump(counted_map()), encoding="utf-8")
    out = tmp_path / "out" / "r.docx"
    result = CliRunner().invoke(app, ["report", str(src), "-o", str(out), "--title", "One map", "--date", "2024-02-29"])
    assert result.exit_code == 0, result.output
    assert result.stdout == f"wrote {out}: 1 map, 0 accessibility findings\n"
    doc = docx.Document(str(out))
    assert [p.text for p in doc.paragraphs[:2]] == ["One map", "29 February 2024"]


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (["-o", "x.pdf"], "Invalid value for '-o': 'x.pdf' must end in .docx (Word report) or .pptx (slide deck)"),
        ([], "Invalid value for '-o': give the file to write (.docx or .pptx), or --check FILE"),
        (["-o", "x.docx", "--date", "11/12/2023"], "'11/12/2023' is not a date; write it as YYYY-MM-DD"),
        (["-o", "x.docx", "--template", "org.pptx"], "a .docx needs a .docx template, not 'org.pptx'"),
        (["--check", "-o", "x.docx"], "--check takes only the files to check"),
    ],
)
def test_cli_usage_errors_exit_2(args: list[str], error: str) -> None:
    result = CliRunner().invoke(app, ["report", str(THEMES / "h9-process.yaml"), *args])
    assert result.exit_code == 2
    assert error in " ".join(result.stderr.split())


def test_cli_bad_input_exits_1_without_writing(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: bad\ntitle: Bad\nthemes: []\n", encoding="utf-8")
    out = tmp_path / "r.docx"
    result = CliRunner().invoke(app, ["report", str(bad), "-o", str(out)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{bad}:")
    assert "Traceback" not in result.output and not out.exists()
    missing = CliRunner().invoke(app, ["report", str(tmp_path / "nope"), "-o", str(out)])
    assert (missing.exit_code, missing.stderr) == (1, f"{tmp_path / 'nope'}: no such file or folder\n")
