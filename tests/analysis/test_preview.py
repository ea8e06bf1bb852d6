"""mindmap preview: the structure as a terminal tree, then lint warnings; no Graphviz."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from mindmap.cli import app

runner = CliRunner()
H9 = Path(__file__).parent.parent / "fixtures" / "responses" / "themes" / "h9-process.yaml"
WIDE = {"COLUMNS": "200"}


def test_tree_shows_everything_in_reading_order():
    result = runner.invoke(app, ["preview", str(H9)], env=WIDE)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == f"Hypothesis 9: Process  h9-process  ({H9})"
    assert lines[1] == "Understanding the process is imperative. [n=3]"
    order = [
        "Key themes (4)",
        "Short-term complexity [n=1]  short-term-complexity",
        "Business cases  business-cases",
        "Funding cycles  funding-cycles",
        "Adaptability to place  adaptability-to-place",
        "Local systems adapt the innovation to their own population.",
        "Local adaptation [n=7]  local-adaptation",
        "Sharing learning  sharing-learning",
        "Moving to business as usual (BAU) [n=0]  moving-to-bau",
        "Quotes (1)",
        "“Adoption is a spiral loop.”  — Representative from a health innovation network  → short-term-complexity",
        "3 warnings:",
    ]
    found = [next(i for i, line in enumerate(lines) if line.rstrip().endswith(item)) for item in order]
    assert found == sorted(found)
    # Sub-themes sit one level deeper than their key theme.
    key = lines[found[1]]
    sub = lines[found[2]]
    assert sub.index("Business") - key.index("Short") == 4
    warnings = lines[found[-1] + 1 : found[-1] + 4]
    assert [w.rsplit("[", 1)[1] for w in warnings] == ["map-n-below-theme]", "mixed-counts]", "mixed-counts]"]
    assert warnings[0].startswith(f"{H9}:9:4: n: warning:")


def test_connections_are_listed(tmp_path):
    path = tmp_path / "m.yaml"
    path.write_text(
        "id: m\ntitle: M\nheadline: H\nthemes:\n  - {id: a, label: A}\n  - {id: b, label: B}\n"
        "connections:\n  - between: [a, b]\n    label: feeds\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["preview", str(path)], env=WIDE)
    assert result.exit_code == 0
    assert "Connections (1)" in result.stdout
    assert "a ↔ b  feeds" in result.stdout
    assert "warning" not in result.stdout


def test_analysts_text_is_never_read_as_markup(tmp_path):
    path = tmp_path / "m.yaml"
    path.write_text(
        "id: m\ntitle: '[bold]T[/bold]'\nheadline: '[red]H'\nthemes:\n  - label: '[link=x]A[/link] [n=2]'\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["preview", str(path)], env=WIDE)
    assert result.exit_code == 0
    assert "[bold]T[/bold]" in result.stdout
    assert "[red]H" in result.stdout
    assert "[link=x]A[/link] [n=2]" in result.stdout


def test_strict_turns_warnings_into_exit_1():
    assert runner.invoke(app, ["preview", "--strict", str(H9)], env=WIDE).exit_code == 1
    assert runner.invoke(app, ["preview", str(H9)], env=WIDE).exit_code == 0


def test_preview_needs_no_graphviz():
    code = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from mindmap.cli import app\n"
        f"result = CliRunner().invoke(app, ['preview', {str(H9)!r}])\n"
        "assert result.exit_code == 0, result.output\n"
        "print(sorted(m for m in ('pygraphviz', 'mindmap.layout.compose', 'mindmap.layout.graphviz', 'cairosvg')"
        " if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
