"""mindmap report -o FILE.pptx: the slide deck's structure, notes, template and bytes."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import zipfile
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.util import Emu

from mindmap.model.describe import alt_text, long_description
from mindmap.publish.a11y import check_pptx
from mindmap.publish.deck import MARGIN, SLIDE_HEIGHT, SLIDE_WIDTH, build_pptx
from mindmap.publish.report import N_WORDING, collect_report

THEMES = Path(__file__).resolve().parents[2] / "themes"
PICKS = ("h4-leadership.yaml", "h9-process.yaml")


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("deck") / "maps"
    base.mkdir()
    for name in PICKS:
        shutil.copy(THEMES / name, base / name)
    (base / "report.toml").write_text('title = "Deck"\ndate = 2023-12-11\nmaps = ["h9-process"]\n', encoding="utf-8")
    return base


@pytest.fixture(scope="module")
def deck(folder: Path) -> tuple[bytes, object]:
    data = build_pptx(collect_report([folder]))
    return data, Presentation(io.BytesIO(data))


def pictures(slide) -> list:
    return [s for s in slide.shapes if s.shape_type == 13]  # MSO_SHAPE_TYPE.PICTURE


def test_title_slide_guide_slide_then_one_slide_per_map(deck) -> None:
    _, prs = deck
    titles = [s.shapes.title.text_frame.text for s in prs.slides]
    assert titles == [
        "Deck",
        "Guide to interpreting the mind maps",
        "Hypothesis 9: Process",
        "Hypothesis 4: Leadership",
    ]
    subtitle = prs.slides[0].placeholders[1]
    assert subtitle.text_frame.text == "11 December 2023"
    for shape in (prs.slides[0].shapes.title, subtitle):  # centred on the 16:9 slide
        assert shape.left + shape.width // 2 == pytest.approx(SLIDE_WIDTH // 2, abs=1)
    guide = prs.slides[1]
    assert N_WORDING in [s.text_frame.text for s in guide.shapes if s.has_text_frame]
    assert pictures(guide)[0]._element.nvPicPr.cNvPr.get("descr").startswith("Guide to interpreting the mind maps:")


def test_each_map_fills_the_content_area_with_alt_text_and_notes(deck, folder: Path) -> None:
    _, prs = deck
    maps = collect_report([folder]).maps
    for slide, m in zip(list(prs.slides)[2:], maps):
        (picture,) = pictures(slide)
        assert picture._element.nvPicPr.cNvPr.get("descr") == alt_text(m)
        title = slide.shapes.title
        top = title.top + title.height + MARGIN // 2
        box_w, box_h = SLIDE_WIDTH - 2 * MARGIN, SLIDE_HEIGHT - (title.top + title.height) - MARGIN - MARGIN // 2
        # As large as fits: it touches the box's sides or its top and bottom, and stays inside.
        assert picture.width == pytest.approx(box_w, abs=2) or picture.height == pytest.approx(box_h, abs=2)
        assert picture.top >= top - 1 and picture.top + picture.height <= top + box_h + 1
        assert picture.left >= MARGIN - 1 and picture.left + picture.width <= SLIDE_WIDTH - MARGIN + 1
        notes = slide.notes_slide.notes_text_frame.text
        assert notes == long_description(m).rstrip("\n")
        assert "Hypothesis: " + " ".join(m.hypothesis.split()) in notes
        assert m.quotes
        for q in m.quotes:
            assert f'"{" ".join(q.text.split())}" ({q.attribution})' in notes


def test_the_deck_passes_the_check_and_has_its_properties(deck) -> None:
    data, prs = deck
    assert check_pptx(data) == []
    props = prs.core_properties
    assert (props.title, props.language) == ("Deck", "en-GB")
    assert props.created == dt.datetime(2023, 12, 11)
    assert (prs.slide_width, prs.slide_height) == (SLIDE_WIDTH, SLIDE_HEIGHT)


def test_same_inputs_give_the_same_bytes(deck, folder: Path) -> None:
    data, _ = deck
    assert build_pptx(collect_report([folder])) == data
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        infos = z.infolist()
    assert infos[0].filename == "[Content_Types].xml"
    assert {i.date_time for i in infos} == {(2000, 1, 1, 0, 0, 0)}
    assert not any("thumbnail" in i.filename for i in infos)


def test_a_template_gives_its_size_and_layouts_and_loses_its_slides(folder: Path, tmp_path: Path) -> None:
    template = Presentation()
    template.slide_width, template.slide_height = Emu(9_144_000), Emu(6_858_000)  # 4:3
    template.slides.add_slide(template.slide_layouts[0]).shapes.title.text = "The organisation's sample slide"
    path = tmp_path / "org.pptx"
    template.save(str(path))
    prs = Presentation(io.BytesIO(build_pptx(collect_report([folder / "h9-process.yaml"]), path)))
    assert (prs.slide_width, prs.slide_height) == (9_144_000, 6_858_000)
    titles = [s.shapes.title.text_frame.text for s in prs.slides]
    assert titles == ["Mind maps", "Guide to interpreting the mind maps", "Hypothesis 9: Process"]
    (picture,) = pictures(prs.slides[2])
    assert picture.left + picture.width <= 9_144_000
