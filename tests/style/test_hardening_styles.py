"""Hardening, style sheets: extends stays in the map's folder, sizes have a floor and
a ceiling, and `styles check` checks sizes as well as contrast.

Issue 15, failures 5 and 6, and the width_mm weak spot.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from mindmap.cli import app
from mindmap.style.check import check_style
from mindmap.style.library import compose_style

from ..conftest import small_map

SECRET = "hunter2-do-not-echo"


def _invoke(args: list[str], cwd: Path | None = None):
    old = Path.cwd()
    if cwd is not None:
        os.chdir(cwd)
    try:
        return CliRunner().invoke(app, args)
    finally:
        os.chdir(old)


def _map(folder: Path, extends: str) -> Path:
    data = small_map()
    data["style"] = {"extends": extends}
    path = folder / "m.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


@pytest.fixture
def layout(tmp_path):
    """maps/ holds the map; outside/secret.yaml is a file the map must never make mindmap read."""
    (tmp_path / "maps").mkdir()
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "secret.yaml").write_text(f"{SECRET}: {SECRET}\n", encoding="utf-8")
    return tmp_path


# --- 6. extends --------------------------------------------------------------------------


def test_a_sheet_beside_the_map_cannot_extend_a_file_outside_the_folder(layout):
    maps = layout / "maps"
    (maps / "local.yaml").write_text("extends: ../outside/secret.yaml\n", encoding="utf-8")
    theme = _map(maps, "local.yaml")
    result = _invoke(["render", str(theme), "-o", str(layout / "out"), "-f", "svg"])
    assert result.exit_code == 1
    assert result.stderr == (
        f"{maps / 'local.yaml'}: extends: '../outside/secret.yaml' is outside the theme file's "
        "folder; name a sheet (mindmap styles list) or a sheet file beside the theme file\n"
    )
    assert SECRET not in result.output
    assert not (layout / "out").exists()


def test_every_level_of_extends_is_confined(layout):
    maps = layout / "maps"
    (maps / "a.yaml").write_text("extends: b.yaml\n", encoding="utf-8")
    (maps / "b.yaml").write_text("extends: c.yaml\n", encoding="utf-8")
    (maps / "c.yaml").write_text(f"extends: {layout / 'outside' / 'secret.yaml'}\n", encoding="utf-8")
    theme = _map(maps, "a.yaml")
    result = _invoke(["render", str(theme), "-o", str(layout / "out"), "-f", "svg"])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{maps / 'c.yaml'}: extends: '{layout / 'outside' / 'secret.yaml'}' is outside")
    assert SECRET not in result.output


def test_a_link_inside_the_folder_to_a_file_outside_is_refused(layout):
    maps = layout / "maps"
    (maps / "link.yaml").symlink_to(layout / "outside" / "secret.yaml")
    (maps / "local.yaml").write_text("extends: link.yaml\n", encoding="utf-8")
    for ref in ("link.yaml", "local.yaml"):
        theme = _map(maps, ref)
        result = _invoke(["render", str(theme), "-o", str(layout / "out"), "-f", "svg"])
        assert result.exit_code == 1
        assert "is outside the theme file's folder" in result.stderr
        assert SECRET not in result.output


def test_a_bare_name_is_never_read_from_the_current_folder(layout):
    maps = layout / "maps"
    (layout / ".creds").write_text(f"{SECRET}: 1\n", encoding="utf-8")
    theme = _map(maps, ".creds")
    result = _invoke(["render", str(theme), "-o", str(layout / "out"), "-f", "svg"], cwd=layout)
    assert result.exit_code == 1
    assert result.stderr.startswith("unknown style '.creds'; available: ")
    assert SECRET not in result.output
    (maps / "sheet.yaml").write_text("extends: .creds\n", encoding="utf-8")  # the same from a sheet it extends
    theme = _map(maps, "sheet.yaml")
    result = _invoke(["render", str(theme), "-o", str(layout / "out"), "-f", "svg"], cwd=layout)
    assert result.exit_code == 1
    assert result.stderr.startswith("unknown style '.creds'; available: ")
    assert SECRET not in result.output


def test_a_command_line_sheet_does_not_extend_a_bare_name_from_the_current_folder(layout):
    (layout / "mine.yaml").write_text("extends: .creds\n", encoding="utf-8")
    (layout / "outside" / ".creds").write_text(f"{SECRET}: 1\n", encoding="utf-8")
    result = _invoke(["styles", "show", str(layout / "mine.yaml")], cwd=layout / "outside")
    assert result.exit_code == 1
    assert result.stderr.startswith("unknown style '.creds'")
    assert SECRET not in result.output


def test_extends_inside_the_folder_and_by_name_still_work(layout):
    maps = layout / "maps"
    (maps / "a.yaml").write_text("extends: sub/b.yaml\n", encoding="utf-8")
    (maps / "sub").mkdir()
    (maps / "sub" / "b.yaml").write_text(
        'extends: print-mono\nlook: {canvas: {background: "#FAFAFA"}}\n', encoding="utf-8"
    )
    theme = _map(maps, "a.yaml")
    result = _invoke(["render", str(theme), "-o", str(layout / "out"), "-f", "svg"])
    assert result.exit_code == 0, result.stderr
    svg = (layout / "out" / "small.svg").read_text(encoding="utf-8")
    assert 'fill="#FAFAFA"' in svg


# --- 5. font sizes: a floor, a ceiling, and a check -----------------------------------------


def test_a_tiny_font_size_from_set_is_refused():
    result = _invoke(["styles", "check", "health-innovation", "--set", "theme.font.size=1e-9"])
    assert result.exit_code == 1
    assert result.stderr == "--set: scale.theme.size: must be 4 or more, not 1e-9\n"


def test_a_tiny_font_size_in_a_sheet_is_located(tmp_path):
    sheet = tmp_path / "tiny.yaml"
    sheet.write_text("scale:\n  theme: {size: 0.000000001}\n  legend:\n    title_size: 3.5\n", encoding="utf-8")
    result = _invoke(["styles", "check", str(sheet)])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{sheet}:2:17: scale.theme.size: must be 4 or more, not 0.000000001",
        f"{sheet}:4:17: scale.legend.title_size: must be 4 or more, not 3.5",
    ]


def test_a_huge_font_size_is_refused():
    result = _invoke(["styles", "check", "health-innovation", "--set", "quote.font.size=500"])
    assert result.exit_code == 1
    assert result.stderr == "--set: scale.quote.size: must be at most 200, not 500\n"


def test_styles_check_fails_text_below_the_house_minimum():
    """Above the floor, text under 7.5 pt (10 px, the house style's minimum) fails the check."""
    rows = check_style(compose_style([], None, ["subtheme.count_size=5"]))
    failed = [r for r in rows if not r.ok]
    assert [(r.what, r.foreground, r.background) for r in failed] == [
        ("sub-theme depth 2 count text size", "5 pt", "at least 7.5 pt")
    ]
    result = _invoke(["styles", "check", "health-innovation", "--set", "subtheme.count_size=5"])
    assert result.exit_code == 1
    assert "FAIL  sub-theme depth 2 count text size" in result.stdout


def test_styles_check_lists_a_size_row_for_every_text_role():
    rows = check_style(compose_style([]))
    sizes = [r.what for r in rows if r.what.endswith("text size")]
    assert "title text size" in sizes and "legend text size" in sizes and "quote text size" in sizes
    assert all(r.ok for r in rows)


def test_a_font_size_in_by_depth_has_the_same_floor(tmp_path):
    sheet = tmp_path / "deep.yaml"
    sheet.write_text("scale:\n  subtheme:\n    by_depth:\n      3: {size: 2}\n", encoding="utf-8")
    result = _invoke(["styles", "check", str(sheet)])
    assert result.exit_code == 1
    assert result.stderr == f"{sheet}:4:17: scale.subtheme.by_depth.3.size: must be 4 or more, not 2\n"


# --- weak spot: width_mm 5000 ---------------------------------------------------------------


def test_a_canvas_wider_than_a0_is_refused_with_a_message():
    result = _invoke(["styles", "check", "health-innovation", "--set", "canvas.width_mm=5000"])
    assert result.exit_code == 1
    assert result.stderr == "--set: scale.canvas.width_mm: must be at most 841 (A0 paper's width), not 5000\n"


def test_a_maps_style_block_with_a_huge_width_is_located(tmp_path):
    data = small_map()
    data["style"] = {"scale": {"canvas": {"width_mm": 5000}}}
    theme = tmp_path / "m.yaml"
    theme.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    result = _invoke(["render", str(theme), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    line = next(i for i, text in enumerate(theme.read_text().splitlines(), 1) if "width_mm" in text)
    assert result.stderr == (
        f"{theme}:{line}:17: style.scale.canvas.width_mm: must be at most 841 (A0 paper's width), not 5000\n"
    )
    assert not (tmp_path / "out").exists()
