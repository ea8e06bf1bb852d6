"""mindmap gallery: every format per map, skipping unchanged maps, deterministic output."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

import mindmap
from mindmap.cli import app
from mindmap.errors import InputError, UserError
from mindmap.load.reader import load_map
from mindmap.model.describe import alt_text, long_description
from mindmap.publish.gallery import FORMATS, INDEX, MANIFEST, input_hash, render_gallery
from mindmap.text.markdown import escape_markdown, unescape_markdown

ROOT = Path(__file__).resolve().parents[2]
PICKS = ("h1-pathway.yaml", "h9-process.yaml")


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


SMALL = """id: {id}
title: "Map {id}"
headline: Centre of {id}
n: 5
themes:
  - label: First theme of {id}
    n: 3
  - label: Second theme
"""


@pytest.fixture
def themes(tmp_path: Path) -> Path:
    """Two small maps (quick to render) in a folder of their own."""
    folder = tmp_path / "themes"
    folder.mkdir()
    for stem in ("alpha", "beta"):
        (folder / f"{stem}.yaml").write_text(SMALL.format(id=stem))
    return folder


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> tuple[Path, Path]:
    """One gallery of two report maps, rendered on two worker processes."""
    base = tmp_path_factory.mktemp("gallery")
    folder = base / "themes"
    folder.mkdir()
    for name in PICKS:
        shutil.copy(ROOT / "themes" / name, folder / name)
    render_gallery(folder, base / "out", workers=2)
    return folder, base / "out"


def test_every_map_gets_every_format_an_index_and_a_manifest(rendered) -> None:
    folder, out = rendered
    stems = ["h1-pathway", "h9-process"]
    expected = sorted([f"{s}.{suffix}" for s in stems for suffix in FORMATS] + [INDEX, MANIFEST])
    assert sorted(files_of(out)) == expected
    manifest = json.loads((out / MANIFEST).read_text())
    assert sorted(manifest["maps"]) == stems
    assert manifest["maps"]["h9-process"]["source"] == "h9-process.yaml"
    m = load_map(folder / "h9-process.yaml")
    assert (out / "h9-process.alt.txt").read_text() == alt_text(m) + "\n"
    # Markdown: the analyst's words escaped as the Markdown export escapes them (issue 15)
    assert (out / "h9-process.description.md").read_text() == long_description(m, esc=escape_markdown)


def test_the_gallery_is_the_same_bytes_on_one_worker_as_on_two(rendered, tmp_path: Path) -> None:
    folder, out = rendered
    render_gallery(folder, tmp_path / "serial", workers=1)
    assert files_of(tmp_path / "serial") == files_of(out)


def test_a_second_run_skips_unchanged_maps_and_rewrites_none_of_their_files(themes: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = render_gallery(themes, out, workers=1)
    assert first.rendered == ("alpha", "beta") and first.skipped == ()
    stamps = {p.name: p.stat().st_mtime_ns for p in out.iterdir() if p.name not in (INDEX, MANIFEST)}
    second = render_gallery(themes, out, workers=1)
    assert second.rendered == () and second.skipped == ("alpha", "beta")
    assert {p.name: p.stat().st_mtime_ns for p in out.iterdir() if p.name not in (INDEX, MANIFEST)} == stamps


def test_a_changed_theme_file_is_rendered_again_and_only_it(themes: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    render_gallery(themes, out, workers=1)
    path = themes / "beta.yaml"
    path.write_text(path.read_text().replace('title: "Map beta"', 'title: "Map beta, revised"'))
    result = render_gallery(themes, out, workers=1)
    assert result.rendered == ("beta",) and result.skipped == ("alpha",)
    assert b"Map beta, revised" in (out / "beta.svg").read_bytes()
    assert "Map beta, revised" in (out / INDEX).read_text()


def test_a_missing_output_file_is_made_again(themes: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    render_gallery(themes, out, workers=1)
    (out / "alpha.pdf").unlink()
    assert render_gallery(themes, out, workers=1).rendered == ("alpha",)
    assert (out / "alpha.pdf").read_bytes().startswith(b"%PDF")


def test_a_new_mindmap_version_renders_everything_again(themes: Path, tmp_path: Path, monkeypatch) -> None:
    out = tmp_path / "out"
    render_gallery(themes, out, workers=1)
    monkeypatch.setattr(mindmap, "__version__", "99.0.0")
    assert render_gallery(themes, out, workers=1).rendered == ("alpha", "beta")


def test_the_hash_covers_theme_bytes_style_and_version() -> None:
    base = input_hash(b"id: a\n", '{"look": 1}', "0.1.0")
    assert input_hash(b"id: a\n", '{"look": 1}', "0.1.0") == base
    assert (
        len(
            {
                base,
                input_hash(b"id: b\n", '{"look": 1}', "0.1.0"),
                input_hash(b"id: a\n", '{"look": 2}', "0.1.0"),
                input_hash(b"id: a\n", '{"look": 1}', "0.2.0"),
            }
        )
        == 4
    )


def test_a_map_whose_style_block_changes_is_rendered_again(themes: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    render_gallery(themes, out, workers=1)
    path = themes / "alpha.yaml"
    path.write_text(path.read_text() + "style:\n  look:\n    count_format: '(n={n})'\n")
    assert render_gallery(themes, out, workers=1).rendered == ("alpha",)
    assert "First theme of alpha (n=3)" in (out / "alpha.description.md").read_text()


def test_files_of_a_removed_map_are_removed(themes: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    render_gallery(themes, out, workers=1)
    (themes / "alpha.yaml").unlink()
    result = render_gallery(themes, out, workers=1)
    assert sorted(result.removed) == sorted(f"alpha.{s}" for s in FORMATS)
    assert not any(p.name.startswith("alpha") for p in out.iterdir())
    assert "Map alpha" not in (out / INDEX).read_text()


def test_an_invalid_theme_file_stops_the_gallery_before_anything_is_written(themes: Path, tmp_path: Path) -> None:
    (themes / "broken.yaml").write_text("id: broken\ntitle: B\nheadline: H\nthemes: []\n")
    with pytest.raises(InputError) as caught:
        render_gallery(themes, tmp_path / "out", workers=1)
    assert [str(p) for p in caught.value.problems] == [
        f"{themes / 'broken.yaml'}:4:9: themes: needs at least one entry"
    ]
    assert not (tmp_path / "out").exists()


def test_two_maps_with_one_id_are_refused(themes: Path, tmp_path: Path) -> None:
    shutil.copy(themes / "alpha.yaml", themes / "alpha-copy.yaml")
    with pytest.raises(UserError, match="id 'alpha' is also the id of"):
        render_gallery(themes, tmp_path / "out", workers=1)


def test_hidden_and_other_files_in_the_folder_are_not_maps(themes: Path, tmp_path: Path) -> None:
    (themes / ".alpha.yaml.swp.yaml").write_text("not: a map\n")
    (themes / "notes.txt").write_text("notes")
    assert render_gallery(themes, tmp_path / "out", workers=1).rendered == ("alpha", "beta")


def test_cli_gallery_renders_and_reports(themes: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["gallery", str(themes), "-o", str(out), "-j", "1"])
    assert result.exit_code == 0, result.output
    assert f"{out / INDEX}: 2 rendered, 0 unchanged" in result.output
    again = CliRunner().invoke(app, ["gallery", str(themes), "-o", str(out)])
    assert f"{out / INDEX}: 0 rendered, 2 unchanged" in again.output
    forced = CliRunner().invoke(app, ["gallery", str(themes), "-o", str(out), "--force"])
    assert f"{out / INDEX}: 2 rendered, 0 unchanged" in forced.output


def test_cli_gallery_errors_are_one_line_and_exit_1(tmp_path: Path) -> None:
    missing = CliRunner().invoke(app, ["gallery", str(tmp_path / "nope"), "-o", str(tmp_path / "out")])
    assert missing.exit_code == 1
    assert missing.output.strip() == f"{tmp_path / 'nope'}: no such folder; give the folder that holds the theme files"
    empty = tmp_path / "empty"
    empty.mkdir()
    result = CliRunner().invoke(app, ["gallery", str(empty), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "no theme files (.yaml, .yml or .json)" in result.output
    assert not (tmp_path / "out").exists()


def test_the_long_description_and_alt_text_are_identical_everywhere(rendered) -> None:
    import html
    import io
    import re
    import xml.etree.ElementTree as ET

    from PIL import Image
    from pptx import Presentation
    from pypdf import PdfReader

    _, out = rendered
    # The .md file escapes Markdown (issue 15); everywhere else has the same words as plain text.
    description = unescape_markdown((out / "h9-process.description.md").read_text(encoding="utf-8"))
    alt = (out / "h9-process.alt.txt").read_text(encoding="utf-8").rstrip("\n")
    svg = ET.parse(out / "h9-process.svg").getroot()
    png = Image.open(out / "h9-process.png")
    png.load()
    pdf = PdfReader(out / "h9-process.pdf")
    slide = Presentation(io.BytesIO((out / "h9-process.pptx").read_bytes())).slides[0]
    [picture] = [s for s in slide.shapes if s.shape_type == 13]
    page = (out / INDEX).read_text(encoding="utf-8")
    in_page = html.unescape(
        re.search(r'<div class="description" id="h9-process-description">(.*?)</div>', page, re.S).group(1)
    )
    label = html.unescape(re.search(r'aria-label="([^"]*)" aria-describedby="h9-process-description"', page).group(1))

    assert svg.find("{http://www.w3.org/2000/svg}desc").text == description
    assert png.text["Description"] == description and png.text["Alt text"] == alt
    assert pdf.metadata.subject == description
    assert slide.notes_slide.notes_text_frame.text + "\n" == description
    assert picture._element.nvPicPr.cNvPr.get("descr") == alt
    assert in_page + "\n" == description and label == alt
