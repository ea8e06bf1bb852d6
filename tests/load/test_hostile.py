"""Hostile input: every file in tests/hostile/ gets exactly its expected answer.

Each ``NAME.yaml`` / ``NAME.json`` sits beside ``NAME.yaml.expected``:

* for a file that must be refused, the exact lines ``mindmap validate NAME``
  prints on stderr (exit 1, no traceback); ``mindmap render`` must print the
  same lines and write nothing, and leave an existing figure untouched;
* for a file that must be read (a BOM, YAML's self-converting words), a first
  line ``# valid`` and then ``title: ...``, ``headline: ...`` and one
  ``label: ...`` per theme as the user typed them; the rendered SVG must carry
  each label verbatim.

An optional ``NAME.yaml.env`` sets environment variables (``KEY=VALUE`` lines), used
to lower the limits so the corpus stays small.  Files over the real default
limits (10 MB, 20,000 entries) are generated in tmp_path below.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mindmap.cli import app
from mindmap.errors import InputError
from mindmap.load.reader import MAX_FILE_BYTES, MAX_NODES, load_map

HOSTILE = Path(__file__).resolve().parents[1] / "hostile"
CASES = sorted(p for p in HOSTILE.iterdir() if p.suffix in (".yaml", ".yml", ".json"))
SVG = "{http://www.w3.org/2000/svg}"


def _expected(path: Path) -> list[str]:
    return (HOSTILE / f"{path.name}.expected").read_text(encoding="utf-8").splitlines()


def _env(path: Path) -> dict[str, str]:
    env_file = HOSTILE / f"{path.name}.env"
    if not env_file.exists():
        return {}
    pairs = (line.split("=", 1) for line in env_file.read_text(encoding="utf-8").splitlines() if line.strip())
    return {key: value for key, value in pairs}


def _valid(path: Path) -> bool:
    sidecar = HOSTILE / f"{path.name}.expected"
    return sidecar.exists() and _expected(path)[:1] == ["# valid"]


def test_every_hostile_file_has_its_expected_answer():
    names = {p.name for p in CASES}
    assert {p.name.removesuffix(".expected") for p in HOSTILE.glob("*.expected")} == names
    assert {p.name.removesuffix(".env") for p in HOSTILE.glob("*.env")} <= names
    assert len(CASES) >= 60


@pytest.mark.parametrize("path", [p for p in CASES if not _valid(p)], ids=lambda p: p.name)
def test_validate_refuses_with_exactly_the_expected_lines(path: Path, monkeypatch):
    monkeypatch.chdir(HOSTILE)
    for key, value in _env(path).items():
        monkeypatch.setenv(key, value)
    started = time.monotonic()
    result = CliRunner().invoke(app, ["validate", path.name])
    assert time.monotonic() - started < 1.0, "a hostile file must be answered within a second"
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == _expected(path)


@pytest.mark.parametrize("path", [p for p in CASES if not _valid(p)], ids=lambda p: p.name)
def test_render_refuses_the_same_way_and_touches_nothing(path: Path, tmp_path, monkeypatch):
    monkeypatch.chdir(HOSTILE)
    for key, value in _env(path).items():
        monkeypatch.setenv(key, value)
    out = tmp_path / "out"
    out.mkdir()
    before = out / "hostile.svg"
    before.write_bytes(b"<svg>the figure from last week</svg>")
    result = CliRunner().invoke(app, ["render", path.name, "-o", str(out), "-f", "svg", "-f", "png"])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == _expected(path)
    assert sorted(p.name for p in out.iterdir()) == ["hostile.svg"]
    assert before.read_bytes() == b"<svg>the figure from last week</svg>"


@pytest.mark.parametrize("path", [p for p in CASES if _valid(p)], ids=lambda p: p.name)
def test_valid_oddities_keep_the_text_the_user_typed(path: Path, tmp_path, monkeypatch):
    monkeypatch.chdir(HOSTILE)
    mind_map = load_map(Path(path.name))
    got = [f"title: {mind_map.title}", f"headline: {mind_map.headline}"]
    got += [f"label: {theme.label}" for theme, _ in mind_map.walk()]
    assert got == _expected(path)[1:]
    result = CliRunner().invoke(app, ["render", path.name, "-o", str(tmp_path), "-f", "svg"])
    assert result.exit_code == 0, result.stderr
    root = ET.parse(tmp_path / f"{mind_map.id}.svg").getroot()
    titles = {t.text for t in root.iter(f"{SVG}title")}
    assert {theme.label for theme, _ in mind_map.walk()} <= titles
    assert mind_map.title in titles


def test_no_traceback_from_the_real_command_line(tmp_path):
    """The installed console script, not CliRunner: stderr is exactly the message."""
    cases = ["alias-bomb.yaml", "binary.yaml", "deep.json", "python-tags.yaml"]
    result = subprocess.run(
        [sys.executable, "-m", "mindmap", "render", *cases, "-o", str(tmp_path)],
        cwd=HOSTILE,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines() == sorted(line for case in cases for line in _expected(Path(case)))
    assert list(tmp_path.iterdir()) == []


# --- the real default limits, on files too big to keep in the repository ------


def _theme_file(path: Path, themes: int) -> Path:
    body = "".join(f"  - label: Theme {i}\n" for i in range(themes))
    path.write_text(f"id: big\ntitle: T\nheadline: H\nthemes:\n{body}", encoding="utf-8")
    return path


def test_default_size_limit_is_ten_megabytes(tmp_path):
    assert MAX_FILE_BYTES == 10 * 1024 * 1024
    path = tmp_path / "big.yaml"
    path.write_bytes(b"id: big\n" + b"#" * (MAX_FILE_BYTES - 8) + b"\n")
    started = time.monotonic()
    with pytest.raises(InputError) as caught:
        load_map(path)
    assert time.monotonic() - started < 1.0
    assert caught.value.lines() == [f"{path}:1:1: file is 10,485,761 bytes, over the limit of 10,485,760 bytes"]


def test_default_node_limit_is_twenty_thousand(tmp_path):
    assert MAX_NODES == 20_000
    with pytest.raises(InputError) as caught:
        load_map(_theme_file(tmp_path / "big.yaml", 20_001))
    assert caught.value.lines() == [f"{tmp_path / 'big.yaml'}:1:1: map has 20,002 entries, over the limit of 20,000"]


def test_a_ten_megabyte_flood_of_values_is_refused_quickly(tmp_path):
    """Just under the size limit, 2.5 million numbers: counted, not built, under a second."""
    path = tmp_path / "flood.yaml"
    path.write_text("id: big\ntitle: T\nheadline: H\nthemes: [{label: A}]\nstyle: [" + "1," * 2_500_000 + "1]\n")
    assert path.stat().st_size < MAX_FILE_BYTES
    started = time.monotonic()
    with pytest.raises(InputError) as caught:
        load_map(path)
    assert time.monotonic() - started < 1.0
    assert caught.value.lines()[0].endswith(
        "holds more than 321,000 YAML values; theme files are limited to 20,000 entries "
        "(themes, quotes, connections); split the map"
    )


def test_limits_can_be_raised_from_the_environment(tmp_path, monkeypatch):
    path = _theme_file(tmp_path / "m.yaml", 30)
    monkeypatch.setenv("MINDMAP_MAX_NODES", "10")
    with pytest.raises(InputError):
        load_map(path)
    monkeypatch.setenv("MINDMAP_MAX_NODES", "100")
    assert len(load_map(path).themes) == 30
    monkeypatch.setenv("MINDMAP_MAX_FILE_BYTES", "100")
    with pytest.raises(InputError, match="over the limit of 100 bytes"):
        load_map(path)


def _dump() -> None:  # pragma: no cover - a reviewing aid: python -m tests.load.test_hostile
    """Print what each case gives now, to review by eye before writing .expected files."""
    os.chdir(HOSTILE)
    for path in CASES:
        env = {**os.environ, **_env(path)}
        result = subprocess.run(
            [sys.executable, "-m", "mindmap", "validate", path.name], capture_output=True, text=True, env=env
        )
        print(f"== {path.name} (exit {result.returncode})\n{result.stderr}{result.stdout}")


if __name__ == "__main__":  # pragma: no cover
    _dump()


# --- the responses spreadsheet (mindmap tally) ----------------------------------------

SHEETS = HOSTILE / "sheets"
SHEET_CASES = sorted(p for p in SHEETS.iterdir() if p.suffix != ".expected")
RESPONSE_THEMES = Path(__file__).resolve().parents[1] / "fixtures" / "responses" / "themes"


def test_every_hostile_sheet_has_its_expected_answer():
    assert {p.name.removesuffix(".expected") for p in SHEETS.glob("*.expected")} == {p.name for p in SHEET_CASES}
    assert len(SHEET_CASES) >= 8


@pytest.mark.parametrize("path", SHEET_CASES, ids=lambda p: p.name)
def test_tally_refuses_a_hostile_sheet_with_exactly_the_expected_lines(path: Path, tmp_path, monkeypatch):
    import shutil

    themes = tmp_path / "themes"
    shutil.copytree(RESPONSE_THEMES, themes)
    before = {p.name: p.read_bytes() for p in themes.iterdir()}
    monkeypatch.chdir(SHEETS)
    result = CliRunner().invoke(app, ["tally", path.name, "--themes", str(themes), "--write"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == 1
    expected = (SHEETS / f"{path.name}.expected").read_text(encoding="utf-8").splitlines()
    assert result.stderr.splitlines() == [
        line.replace("../../fixtures/responses/themes", str(themes)) for line in expected
    ]
    assert {p.name: p.read_bytes() for p in themes.iterdir()} == before  # --write wrote nothing


# --- every command that reads theme files answers the same way ------------------------


@pytest.mark.parametrize("path", [p for p in CASES if not _valid(p)], ids=lambda p: p.name)
def test_export_and_gallery_refuse_the_same_way(path: Path, tmp_path, monkeypatch):
    import shutil

    monkeypatch.chdir(HOSTILE)
    for key, value in _env(path).items():
        monkeypatch.setenv(key, value)
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["export", path.name, "--to", "mermaid", "-o", str(out)])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == _expected(path)
    assert not out.exists()

    folder = tmp_path / "themes"
    folder.mkdir()
    shutil.copy(path, folder / path.name)
    result = CliRunner().invoke(app, ["gallery", str(folder), "-o", str(out)])
    assert result.exit_code == 1
    # (the progress bar, removed when done, may leave an empty line first)
    assert [line for line in result.stderr.splitlines() if line] == [
        line.replace(path.name, str(folder / path.name), 1) if line.startswith(path.name) else line
        for line in _expected(path)
    ]
    assert not out.exists() or list(out.iterdir()) == []


def test_an_output_folder_that_cannot_be_written_is_a_message(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the output folder should be")
    theme = HOSTILE / "utf8-bom.yaml"
    result = CliRunner().invoke(app, ["render", str(theme), "-o", str(blocker), "-f", "svg"])
    assert result.exit_code == 1
    assert "Traceback" not in result.stderr
    assert result.stderr == f"{blocker / 'hostile.svg'}: cannot write: {blocker} is a file, not a folder\n"


def test_an_endless_device_is_refused_without_reading_it():
    """A device is not a theme file (issue 15: refuse anything but a regular file)."""
    started = time.monotonic()
    result = CliRunner().invoke(app, ["validate", "/dev/zero"])
    assert time.monotonic() - started < 5
    assert result.exit_code == 1
    assert result.stderr == "/dev/zero:1:1: is a device, not a regular file; give the file itself\n"


def test_a_figure_too_large_to_convert_is_refused_before_cairo_runs(tmp_path, monkeypatch):
    """A valid map within the file limits can still make an SVG that would keep
    Cairo busy for minutes (4,500 themes of 1,400-character labels: 56 MB of SVG,
    148 s and 1.2 GB for a PNG); past MINDMAP_MAX_FIGURE_BYTES, PNG and PDF are refused."""
    from mindmap.load.reader import MAX_FIGURE_BYTES

    assert MAX_FIGURE_BYTES == 16 * 1024 * 1024
    monkeypatch.setenv("MINDMAP_MAX_FIGURE_BYTES", "2000")
    theme = HOSTILE / "utf8-bom.yaml"
    result = CliRunner().invoke(app, ["render", str(theme), "-o", str(tmp_path), "-f", "svg", "-f", "png"])
    assert result.exit_code == 1
    assert re.fullmatch(
        r"hostile: the figure is \d+,\d{3} bytes of SVG, more than PNG conversion takes \(2,000 bytes, "
        r"MINDMAP_MAX_FIGURE_BYTES\); shorten the labels, split the map, or render SVG only \(-f svg\)\n",
        result.stderr,
    ), result.stderr
    assert list(tmp_path.iterdir()) == []
    result = CliRunner().invoke(app, ["render", str(theme), "-o", str(tmp_path), "-f", "svg"])
    assert result.exit_code == 0
