"""The command line a newcomer meets: help with examples, -h, completion, suggestions, exit codes."""

from __future__ import annotations

import subprocess
import sys

import pytest
from typer.testing import CliRunner

from mindmap import __version__
from mindmap.cli import app
from mindmap.cli._common import command_paths

runner = CliRunner()


PATHS = command_paths(app)


def test_the_commands_this_issue_adds_are_registered():
    names = {p[0] for p in PATHS}
    assert {"new", "schema", "validate", "render"} <= names


@pytest.mark.parametrize("path", PATHS, ids=lambda p: " ".join(p))
def test_every_command_has_help_with_an_example_and_takes_dash_h(path):
    long = runner.invoke(app, [*path, "--help"], prog_name="mindmap")
    short = runner.invoke(app, [*path, "-h"], prog_name="mindmap")
    assert long.exit_code == short.exit_code == 0
    assert short.stdout == long.stdout
    name = " ".join(path)
    assert f"Usage: mindmap {name} " in short.stdout
    examples = [line.strip() for line in short.stdout.splitlines() if line.strip().startswith("Example: ")]
    assert examples, f"'mindmap {name} -h' shows no 'Example: mindmap {name} ...' line"
    assert any(e.startswith(f"Example: mindmap {name}") for e in examples), examples


def test_top_level_help_lists_every_command_exit_status_and_completion():
    result = runner.invoke(app, ["-h"], prog_name="mindmap")
    assert result.exit_code == 0
    for path in PATHS:
        if len(path) == 1:
            assert f"\n  {path[0]} " in result.stdout, path
    assert "Exit status: 0 success, 1 invalid input or a failed check, 2 wrong usage." in " ".join(
        result.stdout.split()
    )
    assert "--install-completion" in result.stdout


def test_shell_completion_script(monkeypatch):
    # Typer finds the user's shell from the process tree; under CI or a detached test runner
    # there may be no shell above us, so say it is bash, as a bash user's terminal would.
    import typer.completion

    monkeypatch.setattr(typer.completion, "_get_shell_name", lambda: "bash")
    result = runner.invoke(app, ["--show-completion"], prog_name="mindmap")
    assert result.exit_code == 0, (result.output, repr(result.exception))
    assert "_MINDMAP_COMPLETE=complete_bash" in result.stdout


def test_no_arguments_shows_help():
    result = runner.invoke(app, [], prog_name="mindmap")
    assert "Usage: mindmap [OPTIONS] COMMAND [ARGS]..." in result.stdout + result.stderr


@pytest.mark.parametrize(
    ("args", "hint"),
    [
        (["rendr"], "No such command 'rendr'. Did you mean 'render'?"),
        (["new", "m", "--forse"], "No such option: --forse"),
        (["schema", "--style"], "No such option: --style"),
    ],
)
def test_wrong_usage_exits_2_with_a_suggestion(args, hint):
    result = runner.invoke(app, args, prog_name="mindmap")
    assert result.exit_code == 2
    assert hint in result.stderr


def test_wrong_option_suggests_the_right_one():
    result = runner.invoke(app, ["schema", "--style"], prog_name="mindmap")
    assert "--styles" in result.stderr


def test_python_dash_m_mindmap_is_the_command():
    out = subprocess.run([sys.executable, "-m", "mindmap", "--version"], capture_output=True, text=True)
    assert out.returncode == 0
    assert out.stdout == f"mindmap {__version__}\n"
    bad = subprocess.run([sys.executable, "-m", "mindmap", "rendr"], capture_output=True, text=True)
    assert bad.returncode == 2
    assert "Did you mean 'render'?" in bad.stderr


def test_help_loads_no_heavy_library():
    # `mindmap --help` must stay instant: commands import the pipeline only when they run.
    code = (
        "import sys\n"
        "from mindmap.cli import main\n"
        "sys.argv = ['mindmap', '--help']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "heavy = ('pydantic', 'networkx', 'pygraphviz', 'cairosvg', 'PIL', 'pptx', 'openpyxl', 'rich')\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy), file=sys.stderr)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.stderr.strip().splitlines()[-1] == "[]"
