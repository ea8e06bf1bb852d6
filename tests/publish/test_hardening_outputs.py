"""Hardening, outputs: no command overwrites its own input, loses a figure to a
second map of the same id, or ends in a traceback when standard output fails.

Issue 15, failures 1, 2, 3 and 9, and their siblings in every command that writes.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from mindmap.cli import app

from ..conftest import THEMES, small_map

H4 = THEMES / "h4-leadership.yaml"


def _theme(folder: Path, name: str, map_id: str = "small") -> Path:
    data = small_map()
    data["id"] = map_id
    path = folder / name
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def _run(args: list[str], cwd: Path | None = None):
    old = Path.cwd()
    if cwd is not None:
        os.chdir(cwd)
    try:
        return CliRunner().invoke(app, args)
    finally:
        os.chdir(old)


# --- 1. an output that is one of the inputs is refused, exit 2, nothing written ---------


def test_export_to_json_in_the_maps_folder_does_not_overwrite_the_theme_file(tmp_path):
    """`mindmap export h4.json --to json` in the map's folder wrote h4.json over the theme file."""
    source = tmp_path / "small.json"
    source.write_text(yaml.safe_dump(small_map()).replace("'", '"'), encoding="utf-8")
    import json

    source.write_text(json.dumps(small_map(), indent=2), encoding="utf-8")
    before = source.read_bytes()
    result = _run(["export", "small.json", "--to", "json"], cwd=tmp_path)
    assert result.exit_code == 2, result.output
    assert result.stderr == "small.json: the output would overwrite an input; choose another output (-o)\n"
    assert source.read_bytes() == before


def test_export_with_o_naming_the_input_is_refused(tmp_path):
    source = _theme(tmp_path, "src.yaml")
    before = source.read_bytes()
    result = _run(["export", str(source), "--to", "markdown", "-o", str(source)])
    assert result.exit_code == 2
    assert result.stderr == f"{source}: the output would overwrite an input; choose another output (-o)\n"
    assert source.read_bytes() == before


def test_export_through_a_link_to_the_input_is_refused(tmp_path):
    source = _theme(tmp_path, "src.yaml")
    link = tmp_path / "link.md"
    link.symlink_to(source)
    before = source.read_bytes()
    result = _run(["export", str(source), "--to", "markdown", "-o", str(link)])
    assert result.exit_code == 2
    assert result.stderr == (
        f"{link}: the output would overwrite an input (the same file as {source}); choose another output (-o)\n"
    )
    assert source.read_bytes() == before and link.is_symlink()


def test_export_is_refused_before_the_input_is_read(tmp_path):
    """The check comes first: even a broken input is not read when -o names it."""
    source = tmp_path / "broken.yaml"
    source.write_text("id: [unclosed\n", encoding="utf-8")
    result = _run(["export", str(source), "--to", "markdown", "-o", str(source)])
    assert result.exit_code == 2
    assert "overwrite an input" in result.stderr and "invalid YAML" not in result.stderr


def test_render_whose_figure_would_overwrite_an_input_is_refused(tmp_path):
    """A theme file named like an output (<id>.alt.txt) is an input all the same."""
    source = _theme(tmp_path, "small.alt.txt")
    before = source.read_bytes()
    result = _run(["render", "small.alt.txt", "-f", "svg"], cwd=tmp_path)
    assert result.exit_code == 2
    assert result.stderr == "small.alt.txt: the output would overwrite an input; choose another output (-o)\n"
    assert source.read_bytes() == before
    assert not (tmp_path / "small.svg").exists()


def test_render_cannot_overwrite_its_style_sheet(tmp_path):
    theme = _theme(tmp_path, "t.yaml")
    sheet = tmp_path / "small.svg"  # a sheet named like the figure: odd, but an input
    sheet.write_text("description: x\n", encoding="utf-8")
    result = _run(["render", str(theme), "-o", str(tmp_path), "-f", "svg", "--style", str(sheet)])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{sheet}: the output would overwrite an input")
    assert sheet.read_text() == "description: x\n"


def test_specimen_cannot_overwrite_its_style_sheet(tmp_path):
    sheet = tmp_path / "sheet.yaml"
    sheet.write_text("description: x\n", encoding="utf-8")
    link = tmp_path / "out.svg"
    link.symlink_to(sheet)
    result = _run(["specimen", "--style", str(sheet), "-o", str(link)])
    assert result.exit_code == 2
    assert "would overwrite an input" in result.stderr
    assert sheet.read_text() == "description: x\n"


def test_new_cannot_overwrite_the_schema_it_points_to(tmp_path):
    """`new` reads no file, but the schema it names is one: -o through a link to it is refused."""
    schema = tmp_path / "mindmap.schema.json"
    schema.write_text("{}", encoding="utf-8")
    link = tmp_path / "x.yaml"
    link.symlink_to(schema)
    result = _run(["new", "x", "-o", str(link), "--force", "--schema", "mindmap.schema.json"])
    assert result.exit_code == 2
    assert "would overwrite an input" in result.stderr
    assert schema.read_text() == "{}"


def test_tally_write_refuses_a_theme_file_that_is_the_responses_sheet(tmp_path):
    themes = tmp_path / "themes"
    themes.mkdir()
    sheet = tmp_path / "responses.csv"
    sheet.write_text("response_id,hypothesis,text,codes,excluded\n", encoding="utf-8")
    _theme(themes, "a.yaml")
    (themes / "b.yaml").symlink_to(sheet)
    result = _run(["tally", str(sheet), "--themes", str(themes), "--write"])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{themes / 'b.yaml'}: the output would overwrite an input")


# --- 2. render of two maps with one id -------------------------------------------------


def test_render_refuses_two_maps_with_the_same_id_naming_both_files(tmp_path):
    a, b = _theme(tmp_path, "a.yaml"), _theme(tmp_path, "b.yaml")
    out = tmp_path / "out"
    result = _run(["render", str(a), str(b), "-o", str(out), "-f", "svg"])
    assert result.exit_code == 1
    assert result.stderr == (
        f"{b}: id 'small' is also the id of {a}; their figures would overwrite each other; give each map its own id\n"
    )
    assert not out.exists()


def test_export_names_both_files_of_a_repeated_id(tmp_path):
    a, b = _theme(tmp_path, "a.yaml"), _theme(tmp_path, "b.yaml")
    out = tmp_path / "out"
    result = _run(["export", str(a), str(b), "--to", "mermaid", "-o", str(out)])
    assert result.exit_code == 1
    assert result.stderr == (
        f"{b}: id 'small' is also the id of {a}; their exports would overwrite each other; give each map its own id\n"
    )
    assert not out.exists()


# --- 3. gallery X -o X ------------------------------------------------------------------


def test_gallery_into_its_own_themes_folder_is_refused(tmp_path):
    folder = tmp_path / "themes"
    folder.mkdir()
    _theme(folder, "a.yaml")
    before = sorted(p.name for p in folder.iterdir())
    result = _run(["gallery", str(folder), "-o", str(folder)])
    assert result.exit_code == 2, result.output
    assert result.stderr == (
        f"{folder}: the gallery folder would be the themes folder; "
        "its manifest.json would be read as a theme file; choose another folder (-o)\n"
    )
    assert sorted(p.name for p in folder.iterdir()) == before


def test_gallery_into_a_link_to_its_themes_folder_is_refused(tmp_path):
    folder = tmp_path / "themes"
    folder.mkdir()
    _theme(folder, "a.yaml")
    link = tmp_path / "out"
    link.symlink_to(folder)
    result = _run(["gallery", str(folder), "-o", str(link)])
    assert result.exit_code == 2
    assert sorted(p.name for p in folder.iterdir()) == ["a.yaml"]


# --- 9. a write error on standard output ------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["schema"],
        ["export", str(H4), "--to", "markdown", "-o", "-"],
        ["preview", str(H4)],
        ["styles", "show", "print-mono"],
        ["validate", str(H4)],
    ],
    ids=lambda a: a[0] if a[0] != "styles" else "styles-show",
)
def test_a_full_standard_output_is_a_message_not_a_traceback(args):
    with open("/dev/full", "wb") as full:
        result = subprocess.run(
            [sys.executable, "-m", "mindmap", *args], stdout=full, stderr=subprocess.PIPE, text=True, timeout=60
        )
    assert "Traceback" not in result.stderr and "Exception ignored" not in result.stderr, result.stderr
    assert result.stderr == "standard output: cannot write: No space left on device\n"
    assert result.returncode == 1


def test_a_closed_pipe_on_standard_output_is_a_message_not_a_traceback():
    process = subprocess.Popen(
        [sys.executable, "-m", "mindmap", "schema"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    assert process.stdout is not None
    process.stdout.close()  # the reader went away (`mindmap schema | head -0`)
    _, err = process.communicate(timeout=60)
    assert "Traceback" not in err and "Exception ignored" not in err, err
    assert err == "standard output: cannot write: Broken pipe\n"
    assert process.returncode == 1
