"""The loader: valid files in YAML and JSON, and every broken fixture's exact messages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mindmap.errors import InputError
from mindmap.load.reader import load_map, parse_document
from mindmap.model.theme import MindMap

from ..conftest import FIXTURES, THEMES

BROKEN = FIXTURES / "broken"
BROKEN_FILES = sorted(p for p in BROKEN.iterdir() if p.suffix in (".yaml", ".json"))


def test_every_report_map_loads():
    maps = [load_map(p) for p in sorted(THEMES.glob("*.yaml"))]
    assert len(maps) == 10
    assert {m.id for m in maps} == {p.stem for p in THEMES.glob("*.yaml")}


def test_json_and_yaml_give_the_same_map(tmp_path, small_map_data):
    import yaml

    (tmp_path / "m.json").write_text(json.dumps(small_map_data), encoding="utf-8")
    (tmp_path / "m.yaml").write_text(yaml.safe_dump(small_map_data, sort_keys=False), encoding="utf-8")
    assert load_map(tmp_path / "m.json") == load_map(tmp_path / "m.yaml") == MindMap.model_validate(small_map_data)


def test_scalars_stay_the_text_the_user_typed(tmp_path):
    path = tmp_path / "m.yaml"
    path.write_text(
        "id: m\ntitle: 2023-12-11\nheadline: yes\nthemes:\n  - label: 1e3\n  - label: 007\n  - label: 'no'\n",
        encoding="utf-8",
    )
    m = load_map(path)
    assert m.title == "2023-12-11"
    assert m.headline == "yes"
    assert [t.label for t in m.themes] == ["1e3", "007", "no"]


def test_ids_default_to_the_slug_of_the_label(tmp_path):
    path = tmp_path / "m.yaml"
    path.write_text("id: m\ntitle: T\nheadline: H\nthemes:\n  - label: Moving to BAU (soon)\n", encoding="utf-8")
    assert load_map(path).themes[0].key == "moving-to-bau-soon"


def test_utf8_byte_order_mark_is_read(tmp_path):
    path = tmp_path / "m.yaml"
    path.write_bytes(b"\xef\xbb\xbfid: m\ntitle: Caf\xc3\xa9\nheadline: H\nthemes: [{label: A}]\n")
    assert load_map(path).title == "Café"


def test_positions_point_at_keys_and_values():
    doc = parse_document("id: a\nthemes:\n  - label: x\n    n: 3\n", "f.yaml")
    assert doc.values[("themes", 0, "n")] == (4, 8)
    assert doc.keys[("themes", 0, "n")] == (4, 5)
    assert doc.locate(("themes", 0, "missing")) == (3, 5)


@pytest.mark.parametrize("path", BROKEN_FILES, ids=lambda p: p.name)
def test_broken_fixture_gives_exactly_its_messages(path: Path, monkeypatch):
    monkeypatch.chdir(BROKEN)
    expected = (BROKEN / f"{path.stem}.expected").read_text(encoding="utf-8").splitlines()
    with pytest.raises(InputError) as caught:
        load_map(Path(path.name))
    assert caught.value.lines() == expected


def test_missing_file_and_folder_get_the_same_clear_form(tmp_path):
    with pytest.raises(InputError) as missing:
        load_map(tmp_path / "nope.yaml")
    assert missing.value.lines() == [f"{tmp_path / 'nope.yaml'}:1:1: no such file"]
    with pytest.raises(InputError) as folder:
        load_map(tmp_path)
    assert folder.value.lines()[0].startswith(f"{tmp_path}:1:1: is a folder")
