"""``mindmap new``: a commented starter file that validates, renders and explains every field."""

from __future__ import annotations

import json
import re

import jsonschema
import pytest
from typer.testing import CliRunner

from mindmap.analysis.scaffold import starter_text
from mindmap.cli import app
from mindmap.load.reader import load_map, parse_document, read_text
from mindmap.model.theme import Connection, MindMap, Quote, Theme
from mindmap.publish.render import render_map
from mindmap.schema import SCHEMA_COMMENT

from ..conftest import ROOT

runner = CliRunner()
MODELS = {"MindMap": MindMap, "Theme": Theme, "Connection": Connection, "Quote": Quote}


def new(*args: str):
    return runner.invoke(app, ["new", *args])


def test_new_writes_a_starter_that_validates_and_renders(tmp_path):
    out = tmp_path / "h11-workforce.yaml"
    result = new("h11-workforce", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [f"wrote {out}", f"next: edit it, then run: mindmap validate {out}"]
    m = load_map(out)
    assert (m.id, m.title) == ("h11-workforce", "H11 workforce")
    assert [t.key for t in m.themes] == ["first-theme", "second-theme"]
    assert [s.label for s in m.themes[0].subthemes] == ["A further sub-theme"]
    assert [c.between for c in m.connections] == [("first-theme", "second-theme")]
    assert [(q.attribution, q.theme) for q in m.quotes] == [("Innovator", "first-theme")]
    figures = render_map(m, ["svg", "png"])
    assert figures["png"].startswith(b"\x89PNG\r\n\x1a\n")
    svg = figures["svg"].decode()
    for words in ("First key theme", "Second key theme", "A further sub-theme", "Innovator"):
        assert words in svg
    validate = runner.invoke(app, ["validate", str(out)])
    assert validate.exit_code == 0, validate.stderr


def test_new_output_validates_against_the_committed_schema(tmp_path):
    out = tmp_path / "m.yaml"
    assert new("m", "-o", str(out)).exit_code == 0
    schema = json.loads((ROOT / "mindmap.schema.json").read_text(encoding="utf-8"))
    data = parse_document(read_text(out), str(out)).data
    assert list(jsonschema.Draft202012Validator(schema).iter_errors(data)) == []


def uncomment_optional_fields(text: str) -> str:
    """Switch on every commented-out field: '# key: value' lines lose their '# '."""
    return re.sub(r"^(\s*)# ((?:\s*)[a-z_]+:(?: .*)?)$", r"\1\2", text, flags=re.M)


def test_every_optional_field_is_shown_and_works_when_switched_on(tmp_path):
    text = starter_text("full")
    full = uncomment_optional_fields(text)
    assert full != text
    path = tmp_path / "full.yaml"
    path.write_text(full, encoding="utf-8")
    m = load_map(path)
    used = {
        "MindMap": set(m.model_fields_set),
        "Theme": set().union(*(t.model_fields_set for t, _ in m.walk())),
        "Connection": set().union(*(c.model_fields_set for c in m.connections)),
        "Quote": set().union(*(q.model_fields_set for q in m.quotes)),
    }
    for name, model in MODELS.items():
        assert used[name] == set(model.model_fields), name
    assert m.hypothesis and m.source and m.n == 40 and m.style
    assert m.themes[0].description and m.themes[0].n == 12 and m.themes[0].subthemes[0].n == 5
    assert m.connections[0].label == "Related"
    svg = render_map(m, ["svg"])["svg"].decode()
    assert "[n=12]" in svg and "#007F3B".lower() in svg.lower()


def test_every_field_is_explained_in_the_models_words():
    text = starter_text("m")
    comments = {line.strip()[2:] for line in text.splitlines() if line.strip().startswith("# ")}
    for name, model in MODELS.items():
        for key, field in model.model_fields.items():
            assert any(c.startswith(field.description) for c in comments), f"{name}.{key}"


def test_refuses_to_overwrite_without_force(tmp_path):
    out = tmp_path / "m.yaml"
    out.write_text("precious\n", encoding="utf-8")
    result = new("m", "-o", str(out))
    assert result.exit_code == 1
    assert result.stderr == f"{out}: already exists; use --force to overwrite it, or -o to choose another file\n"
    assert out.read_text(encoding="utf-8") == "precious\n"
    result = new("m", "-o", str(out), "--force")
    assert result.exit_code == 0, result.stderr
    assert load_map(out).id == "m"


@pytest.mark.parametrize(
    ("given", "message"),
    [
        (
            "My Map",
            "'My Map' is not a valid id: use lower-case letters, digits and '-', "
            "starting with a letter or digit; did you mean 'my-map'?",
        ),
        (
            "-x",
            "'-x' is not a valid id: use lower-case letters, digits and '-', "
            "starting with a letter or digit; did you mean 'x'?",
        ),
        ("con", "'con' is a reserved file name; choose another id, e.g. 'con-map'"),
    ],
)
def test_a_bad_id_gets_a_suggestion_and_nothing_is_written(given, message, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = new("--", given)
    assert result.exit_code == 1
    assert result.stderr == message + "\n"
    assert list(tmp_path.iterdir()) == []


def test_default_file_is_id_yaml_here_and_a_folder_takes_id_yaml(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert new("here").exit_code == 0
    assert load_map(tmp_path / "here.yaml").id == "here"
    (tmp_path / "maps").mkdir()
    assert new("there", "-o", "maps").exit_code == 0
    assert load_map(tmp_path / "maps" / "there.yaml").id == "there"


def first_line(path) -> str:
    return path.read_text(encoding="utf-8").splitlines()[0]


def test_schema_reference_points_at_the_nearest_schema(tmp_path):
    (tmp_path / "mindmap.schema.json").write_text("{}", encoding="utf-8")
    (tmp_path / "themes" / "deep").mkdir(parents=True)
    out = tmp_path / "themes" / "deep" / "m.yaml"
    result = new("m", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    assert first_line(out) == SCHEMA_COMMENT + "../../mindmap.schema.json"


def test_without_a_schema_nearby_it_says_how_to_write_one(tmp_path):
    out = tmp_path / "m.yaml"
    result = new("m", "-o", str(out))
    assert result.exit_code == 0
    assert first_line(out) == SCHEMA_COMMENT + "mindmap.schema.json"
    assert (
        result.stderr
        == f"for editor help, write the schema beside it: mindmap schema -o {tmp_path / 'mindmap.schema.json'}\n"
    )


def test_schema_option_is_used_as_given(tmp_path):
    out = tmp_path / "m.yaml"
    assert new("m", "-o", str(out), "--schema", "https://example.org/mindmap.schema.json").exit_code == 0
    assert first_line(out) == SCHEMA_COMMENT + "https://example.org/mindmap.schema.json"


def test_in_this_repository_a_new_theme_file_points_at_the_committed_schema(tmp_path):
    # find_schema walks up from the target; the report's themes/ folder is one below it.
    from mindmap.cli.new import find_schema

    assert find_schema(ROOT / "themes" / "h11-new.yaml") == "../mindmap.schema.json"


def test_same_id_gives_the_same_bytes(tmp_path):
    a, b = tmp_path / "a" / "m.yaml", tmp_path / "b" / "m.yaml"
    for out in (a, b):
        out.parent.mkdir()
        assert runner.invoke(app, ["new", "m", "-o", str(out), "--schema", "s.json"]).exit_code == 0
    assert a.read_bytes() == b.read_bytes().replace(str(b).encode(), str(a).encode())
    assert starter_text("m") == starter_text("m")


def test_new_without_an_id_is_a_usage_error():
    result = new()
    assert result.exit_code == 2
    assert "Missing argument 'ID'" in result.stderr


def test_a_file_that_cannot_be_written_is_a_clear_error(tmp_path):
    (tmp_path / "afile").write_text("x", encoding="utf-8")
    out = tmp_path / "afile" / "m.yaml"
    result = new("m", "-o", str(out))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{out}: cannot write: ")
    assert len(result.stderr.splitlines()) == 1


def test_the_starter_is_yaml_so_other_names_are_refused(tmp_path):
    out = tmp_path / "m.json"
    result = new("m", "-o", str(out))
    assert result.exit_code == 1
    assert result.stderr == f"{out}: the starter is YAML (with comments); name the file m.yaml\n"
    assert not out.exists()
