"""The command line: exit codes, exact stderr for user errors, files written or not."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

from typer.testing import CliRunner

from mindmap import __version__
from mindmap.cli import app

from ..conftest import FIXTURES, THEMES

runner = CliRunner()


def test_version():
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout.strip() == f"mindmap {__version__}"


def test_validate_valid_files_prints_a_summary_each():
    result = runner.invoke(app, ["validate", str(THEMES / "h9-process.yaml"), str(THEMES / "h4-leadership.yaml")])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        f"{THEMES / 'h9-process.yaml'}: ok: h9-process, 6 key themes, 0 sub-themes, 0 connections, 2 quotes, n=29",
        f"{THEMES / 'h4-leadership.yaml'}: ok: h4-leadership, 3 key themes, 2 sub-themes, 0 connections, 2 quotes",
    ]


def test_validate_reports_every_problem_of_every_file(monkeypatch):
    monkeypatch.chdir(FIXTURES / "broken")
    result = runner.invoke(app, ["validate", "unknown-key.yaml", "bad-counts.yaml", "nope.yaml"])
    assert result.exit_code == 1
    expected = (
        (FIXTURES / "broken" / "unknown-key.expected").read_text().splitlines()
        + (FIXTURES / "broken" / "bad-counts.expected").read_text().splitlines()
        + ["nope.yaml:1:1: no such file"]
    )
    assert result.stderr.splitlines() == expected
    assert "Traceback" not in result.output


def test_validate_accepts_json(tmp_path, small_map_data):
    path = tmp_path / "small.json"
    path.write_text(json.dumps(small_map_data), encoding="utf-8")
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 0
    assert "ok: small" in result.stdout


def test_render_writes_svg_and_png_by_default(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["render", str(THEMES / "h1-pathway.yaml")])
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "h1-pathway.svg").read_bytes().startswith(b"<?xml")
    assert (tmp_path / "h1-pathway.png").read_bytes().startswith(b"\x89PNG")
    assert not (tmp_path / "h1-pathway.pdf").exists()


def test_render_formats_and_layout(tmp_path):
    result = runner.invoke(
        app, ["render", str(THEMES / "h6-decision-making.yaml"), "-o", str(tmp_path), "-f", "pdf", "--layout", "tree"]
    )
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "h6-decision-making.pdf").read_bytes().startswith(b"%PDF")
    assert not (tmp_path / "h6-decision-making.svg").exists()


def test_render_writes_nothing_when_any_file_is_invalid(tmp_path):
    out = tmp_path / "out"
    result = runner.invoke(
        app,
        ["render", str(THEMES / "h1-pathway.yaml"), str(FIXTURES / "broken" / "missing-headline.yaml"), "-o", str(out)],
    )
    assert result.exit_code == 1
    assert result.stderr.strip().endswith("headline: required key is missing")
    assert not out.exists() or list(out.iterdir()) == []


def test_render_keeps_the_old_figure_when_the_new_input_is_invalid(tmp_path):
    good = tmp_path / "m.yaml"
    shutil.copy(THEMES / "h7-evidence-base.yaml", good)
    assert runner.invoke(app, ["render", str(good), "-o", str(tmp_path), "-f", "svg"]).exit_code == 0
    before = (tmp_path / "h7-evidence-base.svg").read_bytes()
    good.write_text(good.read_text(encoding="utf-8").replace("headline:", "headlin:"), encoding="utf-8")
    assert runner.invoke(app, ["render", str(good), "-o", str(tmp_path), "-f", "svg"]).exit_code == 1
    assert (tmp_path / "h7-evidence-base.svg").read_bytes() == before


def test_unknown_format_and_layout_are_user_errors(tmp_path):
    result = runner.invoke(app, ["render", str(THEMES / "h1-pathway.yaml"), "-o", str(tmp_path), "-f", "gif"])
    assert result.exit_code == 1
    assert result.stderr.strip() == "unknown format 'gif'; choose from: svg, png, pdf, html"
    result = runner.invoke(app, ["render", str(THEMES / "h1-pathway.yaml"), "-o", str(tmp_path), "--layout", "radia"])
    assert result.exit_code == 1
    assert result.stderr.strip() == "unknown layout 'radia'; choose one of: radial, tree"


def test_every_command_has_help_with_an_example():
    for command in (["--help"], ["validate", "--help"], ["render", "-h"]):
        result = runner.invoke(app, command)
        assert result.exit_code == 0
        assert "Example:" in result.stdout


def test_console_script_runs_as_a_process(tmp_path):
    exe = shutil.which("mindmap", path=str(__import__("pathlib").Path(sys.executable).parent))
    assert exe, "the mindmap console script is installed beside the interpreter"
    done = subprocess.run([exe, "validate", str(FIXTURES / "broken" / "syntax.yaml")], capture_output=True, text=True)
    assert done.returncode == 1
    assert done.stderr.strip().endswith("invalid YAML: did not find expected ',' or ']'")
    assert "Traceback" not in done.stderr


def test_two_separate_runs_write_identical_files(tmp_path):
    exe = shutil.which("mindmap", path=str(__import__("pathlib").Path(sys.executable).parent))
    for run in ("a", "b"):
        done = subprocess.run(
            [
                exe,
                "render",
                str(THEMES / "h4-leadership.yaml"),
                "-o",
                str(tmp_path / run),
                "-f",
                "svg",
                "-f",
                "png",
                "-f",
                "pdf",
            ],
            capture_output=True,
            text=True,
        )
        assert done.returncode == 0, done.stderr
    for fmt in ("svg", "png", "pdf"):
        assert (tmp_path / "a" / f"h4-leadership.{fmt}").read_bytes() == (
            tmp_path / "b" / f"h4-leadership.{fmt}"
        ).read_bytes()


def test_rendering_leaves_nothing_but_the_figures_where_it_runs(tmp_path):
    exe = shutil.which("mindmap", path=str(__import__("pathlib").Path(sys.executable).parent))
    done = subprocess.run(
        [exe, "render", str(THEMES / "h8-workforce.yaml"), "-f", "svg", "-f", "png", "-f", "pdf"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    names = sorted(p.name for p in tmp_path.rglob("*"))
    assert all(name.startswith("h8-workforce.") for name in names), names
    assert {"h8-workforce.svg", "h8-workforce.png", "h8-workforce.pdf"} <= set(names)


def test_rendering_prints_nothing_on_stderr(tmp_path):
    """No warnings from Graphviz or fontconfig reach the user (this map once made
    Graphviz say 'nodes touch - falling back to straight line edges')."""
    from bench.generate import synthetic_map, to_yaml

    theme = tmp_path / "s30.yaml"
    theme.write_text(to_yaml(synthetic_map(30)), encoding="utf-8")
    exe = shutil.which("mindmap", path=str(__import__("pathlib").Path(sys.executable).parent))
    # Composed for A3, it prints legibly: no warning of mindmap's own either.
    done = subprocess.run(
        [exe, "render", str(theme), "-o", str(tmp_path), "-f", "svg", "-f", "png", "--fit", "a3"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0
    assert done.stderr == ""
