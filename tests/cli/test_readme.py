"""The README: its shape, its generated parts current, and its tutorial working as written.

Regenerate the generated parts with: .venv/bin/python scripts/readme.py
"""

from __future__ import annotations

import importlib.util
import re
import shlex
import shutil

import pytest
from typer.testing import CliRunner

from mindmap.cli import app

from ..conftest import FIXTURES, ROOT, THEMES

README = ROOT / "README.md"
runner = CliRunner()


def load_script():
    spec = importlib.util.spec_from_file_location("readme_script", ROOT / "scripts" / "readme.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def text() -> str:
    return README.read_text(encoding="utf-8")


def section(text: str, heading: str) -> str:
    start = text.index(f"\n{heading}")
    end = text.find("\n## ", start + 1)
    return text[start : end if end != -1 else None]


def blocks(text: str, language: str) -> list[str]:
    return re.findall(rf"^```{language}\n(.*?)^```$", text, flags=re.S | re.M)


def test_generated_parts_are_current(text):
    assert load_script().regenerate(text) == text, (
        "README.md is stale; regenerate it with: .venv/bin/python scripts/readme.py"
    )


def test_starts_with_the_two_set_up_commands_then_a_gallery_picture(text):
    lines = text.splitlines()
    assert lines[0] == "# mindmap"
    body = [line for line in lines[1:] if line.strip()]
    assert body[:4] == ["```sh", "make gallery", "make test", "```"]
    first_image = re.search(r"!\[([^\]]+)\]\(([^)]+)\)", text)
    assert first_image.group(2) == "gallery/h9-process.png"
    assert len(first_image.group(1)) > 20  # the picture has real alt text
    assert text.index("make test") < first_image.start() < text.index("## Five-minute tutorial")


def test_sections_come_in_the_order_a_newcomer_needs(text):
    order = [
        "## Five-minute tutorial",
        "## Command reference",
        "### Exit status",
        "## Theme file format",
        "## Contributing",
    ]
    positions = [text.index(f"\n{heading}") for heading in order]
    assert positions == sorted(positions)


def test_reference_covers_every_command_and_exit_status(text):
    script = load_script()
    reference = section(text, "## Command reference")
    paths = script._commands()
    assert {"new", "schema", "render", "validate"} <= {p[0] for p in paths}
    for path in paths:
        assert f"### mindmap {' '.join(path)}\n" in reference
    for status in ("| 0 | success |", "| 1 | invalid input", "| 2 | wrong usage"):
        assert status in reference


def test_theme_format_lists_every_field(text):
    from mindmap.model.theme import Connection, MindMap, Quote, Theme

    fmt = section(text, "## Theme file format")
    for model in (MindMap, Theme, Connection, Quote):
        for key, field in model.model_fields.items():
            assert f"| `{key}` |" in fmt and field.description in fmt, key


def test_regenerate_replaces_a_stale_block_and_keeps_the_rest():
    script = load_script()
    stale = (
        "intro\n<!-- BEGIN generated: cli (x) -->\nSTALE REFERENCE\n<!-- END generated: cli -->\nmiddle\n"
        "<!-- BEGIN generated: format -->\n<!-- END generated: format -->\nend\n"
    )
    fresh = script.regenerate(stale)
    assert "STALE REFERENCE" not in fresh and "### mindmap new" in fresh and "| `headline` | required |" in fresh
    assert fresh.startswith("intro\n") and "\nmiddle\n" in fresh and fresh.endswith("end\n")
    assert script.regenerate(fresh) == fresh


def run(line: str):
    args = shlex.split(line, comments=True)
    assert args[0] == "mindmap", line
    return runner.invoke(app, args[1:])


def test_the_tutorial_works_as_written(text, tmp_path, monkeypatch):
    tutorial = section(text, "## Five-minute tutorial")
    monkeypatch.chdir(tmp_path)
    shutil.copy(ROOT / "mindmap.schema.json", tmp_path)  # as in this repository
    commands = [line for block in blocks(tutorial, "sh") for line in block.splitlines() if line.startswith("mindmap ")]
    assert commands[0] == "mindmap new h11-workforce -o themes/h11-workforce.yaml"

    # 1. Start a map: the file names the schema as the README shows.
    result = run(commands[0])
    assert result.exit_code == 0, result.stderr
    written = (tmp_path / "themes" / "h11-workforce.yaml").read_text(encoding="utf-8")
    schema_line = blocks(tutorial, "yaml")[0].strip()
    assert written.splitlines()[0] == schema_line

    # 2. Edit it: the README's map replaces the starter.
    example = next(b for b in blocks(tutorial, "yaml") if b.startswith("id: h11-workforce"))
    (tmp_path / "themes" / "h11-workforce.yaml").write_text(example, encoding="utf-8")

    # 3. Check it: exactly the output the README shows.
    console = blocks(tutorial, "console")[0].splitlines()
    shutil.copy(FIXTURES / "broken" / "unknown-key.yaml", tmp_path / "broken.yaml")
    prompts = [i for i, line in enumerate(console) if line.startswith("$ ")]
    for i, start in enumerate(prompts):
        end = prompts[i + 1] if i + 1 < len(prompts) else len(console)
        result = run(console[start][2:])
        shown = result.stdout + result.stderr
        assert shown.splitlines() == console[start + 1 : end]

    # 4 and 5. Every render and style command runs and makes the figure.
    for line in commands[1:]:
        result = run(line)
        assert result.exit_code == 0, (line, result.stderr)
    png = tmp_path / "figures" / "h11-workforce.png"
    assert png.read_bytes().startswith(b"\x89PNG")
    for name in ("h11-workforce.alt.txt", "h11-workforce.description.md"):
        assert name in section(text, "## Five-minute tutorial") and (tmp_path / "figures" / name).is_file()

    # The map's own style block, as shown, works.
    style_block = next(b for b in blocks(tutorial, "yaml") if b.startswith("style:"))
    with_style = tmp_path / "themes" / "styled.yaml"
    with_style.write_text(example.replace("h11-workforce", "styled") + style_block, encoding="utf-8")
    result = run(f"mindmap render {with_style} -o figures -f svg")
    assert result.exit_code == 0, result.stderr
    assert "#007F3B".lower() in (tmp_path / "figures" / "styled.svg").read_text(encoding="utf-8").lower()


def test_the_python_example_runs(text, tmp_path, monkeypatch):
    code = blocks(section(text, "### In Python and Jupyter notebooks"), "python")[0]
    monkeypatch.chdir(tmp_path)
    (tmp_path / "themes").mkdir()
    shutil.copy(THEMES / "h9-process.yaml", tmp_path / "themes")
    scope: dict = {}
    exec(compile(code, "README.md", "exec"), scope)
    assert scope["png"].startswith(b"\x89PNG")
    assert sorted(scope["figures"]) == ["pdf", "svg"]
    assert (tmp_path / "figures" / "h9-process.png").is_file()
    assert scope["graph"].number_of_nodes() > len(scope["m"].themes)
