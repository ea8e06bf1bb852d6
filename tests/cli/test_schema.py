"""The JSON Schemas for editors: current, complete, and in agreement with the loader.

Regenerate the committed files with::

    mindmap schema -o mindmap.schema.json
    mindmap schema --styles -o styles.schema.json
"""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml
from typer.testing import CliRunner

from mindmap.cli import app
from mindmap.errors import InputError, UserError
from mindmap.load.reader import load_map, parse_document, read_text
from mindmap.model.theme import Connection, MindMap, Quote, Theme
from mindmap.schema import SCHEMA_COMMENT, schema_text, styles_schema, theme_schema
from mindmap.style.library import compose_style

from ..conftest import FIXTURES, ROOT, THEMES
from ..synthetic import synthetic_map

runner = CliRunner()
THEME_SCHEMA = ROOT / "mindmap.schema.json"
STYLES_SCHEMA = ROOT / "styles.schema.json"
BROKEN = FIXTURES / "broken"
# Broken fixtures whose fault is the file's structure (a key, a type, a count,
# an id's spelling): the schema must catch these, so that editors underline them.
STRUCTURAL = [
    "bad-counts.yaml",
    "bad-id.json",
    "list-root.yaml",
    "missing-headline.yaml",
    "no-themes.yaml",
    "unknown-key.yaml",
]


def file_data(path: Path):
    """A file's data as mindmap reads it (scalars kept as typed text, whole numbers as numbers)."""
    return parse_document(read_text(path), str(path)).data


@pytest.fixture(scope="module")
def theme_validator():
    return jsonschema.Draft202012Validator(json.loads(THEME_SCHEMA.read_text(encoding="utf-8")))


@pytest.fixture(scope="module")
def styles_validator():
    return jsonschema.Draft202012Validator(json.loads(STYLES_SCHEMA.read_text(encoding="utf-8")))


def messages(validator, data) -> list[str]:
    return [f"{'.'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(data)]


# --- generated files are current ------------------------------------------------------


def test_committed_theme_schema_is_current():
    assert THEME_SCHEMA.read_text(encoding="utf-8") == schema_text(), (
        "mindmap.schema.json is stale; regenerate it with: mindmap schema -o mindmap.schema.json"
    )


def test_committed_styles_schema_is_current():
    assert STYLES_SCHEMA.read_text(encoding="utf-8") == schema_text(styles=True), (
        "styles.schema.json is stale; regenerate it with: mindmap schema --styles -o styles.schema.json"
    )


def test_schemas_are_valid_draft_2020_12():
    for path in (THEME_SCHEMA, STYLES_SCHEMA):
        schema = json.loads(path.read_text(encoding="utf-8"))
        jsonschema.Draft202012Validator.check_schema(schema)
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_every_theme_file_field_has_the_models_title_and_description():
    schema = theme_schema()
    groups = {
        "": (schema, MindMap),
        "Theme": (schema["$defs"]["Theme"], Theme),
        "Connection": (schema["$defs"]["Connection"], Connection),
        "Quote": (schema["$defs"]["Quote"], Quote),
    }
    for name, (node, model) in groups.items():
        assert set(node["properties"]) == set(model.model_fields), name
        assert node["additionalProperties"] is False
        for key, prop in node["properties"].items():
            field = model.model_fields[key]
            assert prop["title"] == field.title, (name, key)
            assert prop["description"] == field.description, (name, key)
            assert len(prop["description"]) > 10, (name, key)


def test_style_sheet_schema_describes_every_key_of_the_model():
    from mindmap.style.sheet import Style

    schema = styles_schema()
    assert set(schema["properties"]) == set(Style.model_fields) | {"extends"}
    assert "required" not in json.dumps(schema)  # a sheet names only what it changes
    assert theme_schema()["properties"]["style"]["$ref"] == "#/$defs/Style"


def undescribed(schema) -> list[str]:
    missing: list[str] = []
    pending = [("", schema)]
    while pending:
        path, node = pending.pop()
        if isinstance(node, dict):
            for key, prop in node.get("properties", {}).items():
                if not (isinstance(prop, dict) and prop.get("title") and prop.get("description")):
                    missing.append(f"{path}.{key}")
            pending.extend((f"{path}/{k}", v) for k, v in node.items())
        elif isinstance(node, list):
            pending.extend((path, v) for v in node)
    return sorted(missing)


def test_every_style_key_has_a_title_and_description_for_editors():
    assert undescribed(styles_schema()) == [], (
        "describe these style keys: Field(description=...) in mindmap/styles.py, "
        "or an entry in _STYLE_WORDS in mindmap/schema.py"
    )
    assert undescribed(theme_schema()) == []


def test_style_words_name_real_keys():
    from mindmap.schema import _STYLE_WORDS
    from mindmap.style import sheet as styles

    for model, key in _STYLE_WORDS:
        assert key in getattr(styles, model).model_fields, f"{model}.{key} is not a style key any more"


# --- files validate -----------------------------------------------------------------


def test_every_report_theme_file_names_the_committed_schema_on_its_first_line():
    files = sorted(THEMES.glob("*.yaml"))
    assert files
    for path in files:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith(SCHEMA_COMMENT), path.name
        target = (path.parent / first[len(SCHEMA_COMMENT) :]).resolve()
        assert target == THEME_SCHEMA.resolve(), path.name


def valid_files() -> list[Path]:
    extra = [
        p
        for p in FIXTURES.rglob("*")
        if p.suffix in (".yaml", ".yml", ".json")
        and "broken" not in p.relative_to(FIXTURES).parts
        and (p.parent.name == "valid")
    ]
    return sorted(THEMES.glob("*.yaml")) + sorted(extra)


@pytest.mark.parametrize("path", valid_files(), ids=lambda p: p.name)
def test_valid_files_validate_against_the_committed_schema(path, theme_validator):
    load_map(path)  # mindmap accepts it...
    assert messages(theme_validator, file_data(path)) == []  # ...and so does the schema


def test_test_maps_validate(theme_validator, small_map_data):
    for data in (small_map_data, synthetic_map(60, seed=3), synthetic_map(8, seed=9)):
        MindMap.model_validate(data)
        assert messages(theme_validator, data) == []


@pytest.mark.parametrize("name", STRUCTURAL)
def test_structural_broken_fixtures_fail_the_schema(name, theme_validator):
    path = BROKEN / name
    with pytest.raises(InputError):
        load_map(path)
    assert messages(theme_validator, file_data(path)) != []


def test_cross_references_are_left_to_validate(theme_validator):
    # Unknown and duplicate ids need the whole map: the schema passes the file,
    # `mindmap validate` catches it.
    path = BROKEN / "bad-references.yaml"
    with pytest.raises(InputError):
        load_map(path)
    assert messages(theme_validator, file_data(path)) == []


def test_schema_names_the_fault(theme_validator):
    found = messages(theme_validator, file_data(BROKEN / "unknown-key.yaml"))
    assert found == ["themes.0: Additional properties are not allowed ('descripton' was unexpected)"]


HEAD = "id: m\ntitle: T\nheadline: H\n"


@pytest.mark.parametrize(
    ("text", "accepted"),
    [
        # Text the loader keeps as typed: an editor reading YAML 1.2 sees numbers
        # and booleans here, and must not underline them.
        ("id: m\ntitle: 2023\nheadline: yes\nthemes:\n  - label: 1.5\n  - label: true\n", True),
        ("id: 2023\ntitle: T\nheadline: H\nthemes:\n  - label: A\n", True),
        (HEAD + "n: 0\nthemes:\n  - label: A\n    n: 12\n", True),
        (HEAD + "themes:\n  - {id: a, label: A}\n  - {id: b, label: B}\nconnections:\n  - between: [a, b]\n", True),
        (HEAD + "themes:\n  - label: A\nstyle:\n  look:\n    palette: ['#007F3B']\n", True),
        # Structural faults both must refuse.
        (HEAD + "n: 1.5\nthemes:\n  - label: A\n", False),
        (HEAD + "n: -1\nthemes:\n  - label: A\n", False),
        (HEAD + "themes: []\n", False),
        (HEAD + "themes:\n  - label: ''\n", False),
        (HEAD + "themes:\n  - label: A\n    id: Not An Id\n", False),
        (HEAD + "themes:\n  - label: A\nconnections:\n  - between: [a]\n", False),
        (HEAD + "themes:\n  - label: A\nquotes:\n  - attribution: Innovator\n", False),
        (HEAD + "themes:\n  - label: A\nstyle:\n  look:\n    palete: ['#007F3B']\n", False),
        (HEAD + "themes:\n  - label: A\nstyle:\n  scale:\n    canvas: 12\n", False),
        (HEAD + "themes:\n  - label: A\nstyle: plain\n", False),
    ],
)
def test_schema_and_loader_agree(text, accepted, tmp_path, theme_validator):
    path = tmp_path / "m.yaml"
    path.write_text(text, encoding="utf-8")
    try:  # mindmap accepts a map if it loads and its style block resolves
        compose_style(map_style=load_map(path).style)
        loaded = True
    except UserError:
        loaded = False
    assert loaded is accepted
    assert (messages(theme_validator, file_data(path)) == []) is accepted


def style_sheets() -> list[Path]:
    return sorted((ROOT / "mindmap" / "style" / "sheets").glob("*.yaml"))


@pytest.mark.parametrize("path", style_sheets(), ids=lambda p: p.name)
def test_style_sheets_validate_against_the_styles_schema(path, styles_validator):
    # As an editor sees the file (YAML types), not as mindmap reads it.
    assert messages(styles_validator, yaml.safe_load(path.read_text(encoding="utf-8"))) == []


def test_styles_schema_refuses_unknown_keys(styles_validator):
    assert messages(styles_validator, {"look": {"palete": ["#005EB8"]}}) != []
    assert messages(styles_validator, {"extends": "health-innovation", "look": {"palette": ["#005EB8"]}}) == []


# --- the command ------------------------------------------------------------------------


def test_schema_command_prints_the_schema():
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == schema_text()
    result = runner.invoke(app, ["schema", "--styles"])
    assert result.stdout == schema_text(styles=True)


def test_schema_command_writes_a_file(tmp_path):
    out = tmp_path / "sub" / "mindmap.schema.json"
    result = runner.invoke(app, ["schema", "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"wrote {out}\n"
    assert out.read_text(encoding="utf-8") == THEME_SCHEMA.read_text(encoding="utf-8")


def test_schema_command_refuses_a_folder(tmp_path):
    result = runner.invoke(app, ["schema", "-o", str(tmp_path)])
    assert result.exit_code == 1
    assert result.stderr == f"{tmp_path}: is a folder; give a file name, e.g. {tmp_path / 'mindmap.schema.json'}\n"


# --- in a real editor --------------------------------------------------------------------

YAML_LANGUAGE_SERVER = ROOT / ".tools" / "node_modules" / ".bin" / "yaml-language-server"


class LanguageServer:
    """A minimal LSP client for yaml-language-server (what VS Code's YAML extension runs)."""

    SETTINGS = {"validate": True, "hover": True, "completion": True, "schemaStore": {"enable": False}}

    def __init__(self, root: Path) -> None:
        import queue
        import subprocess
        import threading

        assert YAML_LANGUAGE_SERVER.exists(), "run scripts/install-tools.sh (make tools) first"
        self.proc = subprocess.Popen(
            [str(YAML_LANGUAGE_SERVER), "--stdio"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        self.inbox: queue.Queue = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        self.request(1, "initialize", {"processId": None, "rootUri": root.as_uri(), "capabilities": {}})
        self.send({"method": "initialized", "params": {}})
        self.send({"method": "workspace/didChangeConfiguration", "params": {"settings": {"yaml": self.SETTINGS}}})

    def _read(self) -> None:
        stream = self.proc.stdout
        while True:
            headers = b""
            while not headers.endswith(b"\r\n\r\n"):
                byte = stream.read(1)
                if not byte:
                    return
                headers += byte
            length = next(
                int(h.split(b":")[1]) for h in headers.split(b"\r\n") if h.lower().startswith(b"content-length")
            )
            self.inbox.put(json.loads(stream.read(length)))

    def send(self, message: dict) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode()
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def next_message(self, timeout: float = 30) -> dict:
        message = self.inbox.get(timeout=timeout)
        if "id" in message and "method" in message:  # the server asks for its settings
            items = message.get("params", {}).get("items", [None])
            self.send({"id": message["id"], "result": [self.SETTINGS] * len(items)})
        return message

    def request(self, number: int, method: str, params: dict) -> dict:
        self.send({"id": number, "method": method, "params": params})
        while True:
            message = self.next_message()
            if message.get("id") == number and "method" not in message:
                return message.get("result")

    def open(self, path: Path) -> None:
        self.send(
            {
                "method": "textDocument/didOpen",
                "params": {
                    "textDocument": {
                        "uri": path.as_uri(),
                        "languageId": "yaml",
                        "version": 1,
                        "text": path.read_text(encoding="utf-8"),
                    }
                },
            }
        )

    def diagnostics(self, paths: list[Path]) -> dict[str, list[str]]:
        """The first diagnostics published for each file, as 'LINE:COL: message'."""
        wanted = {p.as_uri(): p.name for p in paths}
        found: dict[str, list[str]] = {}
        while len(found) < len(wanted):
            message = self.next_message()
            if message.get("method") == "textDocument/publishDiagnostics" and message["params"]["uri"] in wanted:
                found[wanted[message["params"]["uri"]]] = [
                    f"{d['range']['start']['line'] + 1}:{d['range']['start']['character'] + 1}: {d['message']}"
                    for d in message["params"]["diagnostics"]
                ]
        return found

    def close(self) -> None:
        self.proc.kill()
        self.proc.wait()


def test_an_editor_underlines_mistakes_and_explains_keys(tmp_path):
    # A newcomer's project: the schema at the top, theme files in themes/, as
    # `mindmap new` writes them (so the first line names ../mindmap.schema.json).
    (tmp_path / "themes").mkdir()
    (tmp_path / "mindmap.schema.json").write_text(schema_text(), encoding="utf-8")
    good = tmp_path / "themes" / "good.yaml"
    runner.invoke(app, ["new", "good", "-o", str(good)])
    bad = tmp_path / "themes" / "bad.yaml"
    bad.write_text(
        good.read_text(encoding="utf-8")
        .replace("id: good", "id: bad")
        .replace("    label: First key theme\n", "    label: First key theme\n    descripton: typo\n    n: 1.5\n")
        .replace('title: "Good"', "title: 2023"),  # a number is text to mindmap: no squiggle
        encoding="utf-8",
    )
    numbered = bad.read_text(encoding="utf-8").splitlines()
    line_of = {key: numbered.index(f"    {key}") + 1 for key in ("descripton: typo", "n: 1.5")}
    server = LanguageServer(tmp_path)
    try:
        server.open(bad)
        server.open(good)
        found = server.diagnostics([bad, good])
        title_line = good.read_text(encoding="utf-8").splitlines().index('title: "Good"')
        hover = server.request(
            2,
            "textDocument/hover",
            {"textDocument": {"uri": good.as_uri()}, "position": {"line": title_line, "character": 1}},
        )
    finally:
        server.close()
    assert found["good.yaml"] == []
    assert sorted(found["bad.yaml"]) == sorted(
        [
            f"{line_of['descripton: typo']}:5: Property descripton is not allowed.",
            f'{line_of["n: 1.5"]}:8: Incorrect type. Expected "integer | string | null".',
        ]
    )
    assert "A short caption, e.g. 'Hypothesis 9: Process'." in hover["contents"]["value"]


def test_validate_catches_the_style_block_mistakes_editors_underline(tmp_path, theme_validator):
    path = tmp_path / "m.yaml"
    path.write_text(HEAD + "themes:\n  - label: A\nstyle:\n  look:\n    palete: ['#007F3B']\n", encoding="utf-8")
    assert messages(theme_validator, file_data(path)) != []
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 1
    assert result.stderr == f"{path}:8:5: style.look.palete: unknown key 'palete'; did you mean 'palette'?\n"
