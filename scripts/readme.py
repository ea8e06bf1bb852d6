"""Regenerate the generated parts of README.md: the CLI reference and the theme file format.

    .venv/bin/python scripts/readme.py           # rewrite README.md in place
    .venv/bin/python scripts/readme.py --check   # exit 1 if README.md is stale

The CLI reference is every command's ``-h`` output, walking whatever commands
are registered (sub-commands too); the theme file format is made from the
JSON Schema, so it uses the same words as the models and the editors.
Each generated part sits between ``<!-- BEGIN generated: NAME -->`` and
``<!-- END generated: NAME -->`` lines; everything else is hand-written.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
WIDTH = "80"


def _help(args: list[str]) -> str:
    from typer.testing import CliRunner

    from mindmap.cli import app

    result = CliRunner().invoke(app, [*args, "-h"], prog_name="mindmap", env={"COLUMNS": WIDTH})
    if result.exit_code != 0:
        raise SystemExit(f"mindmap {' '.join(args)} -h failed: {result.output}")
    return result.stdout.rstrip() + "\n"


def _commands() -> list[list[str]]:
    """Every command path, in the order ``mindmap -h`` lists them, groups before their commands."""
    from mindmap.cli import app
    from mindmap.cli._common import command_paths

    return command_paths(app)


def cli_reference() -> str:
    """``mindmap -h`` and each command's ``-h``, as Markdown."""
    parts = ["```text\n$ mindmap -h\n" + _help([]) + "```\n"]
    for path in _commands():
        name = " ".join(path)
        parts.append(f"### mindmap {name}\n\n```text\n$ mindmap {name} -h\n{_help(path)}```\n")
    return "\n".join(parts)


def _kind(prop: dict[str, Any], defs: dict[str, Any]) -> str:
    options = prop.get("anyOf", [prop])
    options = [o for o in options if o.get("type") != "null"]
    option = options[0]
    if "$ref" in option or "$ref" in prop:
        ref = (option.get("$ref") or prop["$ref"]).rsplit("/", 1)[-1]
        return "style overrides (a mapping)" if ref == "Style" else ref.lower()
    types = option.get("type")
    if isinstance(types, list) and "pattern" in option:
        return "id"
    if isinstance(types, list):
        return "text"
    if types == "integer":
        suppressed = any(o.get("type") == "string" and o.get("pattern", "").startswith("^<") for o in options)
        return "whole number, 0 or more" + (', or `"<K"` (withheld)' if suppressed else "")
    if types == "string" and "0-9a-fA-F" in option.get("pattern", ""):
        return "GUID"
    if types == "array":
        item = option.get("items", {})
        if "$ref" in item:
            noun = {"Theme": "themes", "Connection": "connections", "Quote": "quotes"}[item["$ref"].rsplit("/", 1)[-1]]
            at_least = f", at least {option['minItems']}" if option.get("minItems") else ""
            return f"list of {noun}{at_least}"
        if "pattern" in item and option.get("minItems") == option.get("maxItems") == 2:
            return "two ids"
    return str(types)


def _table(node: dict[str, Any], defs: dict[str, Any]) -> str:
    required = set(node.get("required", []))
    rows = ["| key | needed | kind | what it is |", "|---|---|---|---|"]
    for key, prop in node["properties"].items():
        need = "required" if key in required else "optional"
        rows.append(f"| `{key}` | {need} | {_kind(prop, defs)} | {prop['description']} |")
    return "\n".join(rows) + "\n"


def theme_format() -> str:
    """Every field of a theme file, one table per kind of entry, from the schema."""
    from mindmap.schema import theme_schema

    schema = theme_schema()
    defs = schema["$defs"]
    sections = [
        ("The map (top level)", schema["description"], schema),
        ("Each entry of `themes` (and of `subthemes`)", defs["Theme"]["description"], defs["Theme"]),
        ("Each entry of `connections`", defs["Connection"]["description"], defs["Connection"]),
        ("Each entry of `quotes`", defs["Quote"]["description"], defs["Quote"]),
    ]
    return "\n".join(f"#### {title}\n\n{text}\n\n{_table(node, defs)}" for title, text, node in sections)


GENERATORS: dict[str, Callable[[], str]] = {"cli": cli_reference, "format": theme_format}
_BLOCK = re.compile(r"(<!-- BEGIN generated: (\w+)[^\n]*-->\n)(.*?)(<!-- END generated: \2 -->)", re.S)


def regenerate(text: str) -> str:
    """``text`` with every generated block replaced by what it should be now."""
    found: set[str] = set()

    def fill(match: re.Match[str]) -> str:
        name = match.group(2)
        found.add(name)
        return f"{match.group(1)}\n{GENERATORS[name]()}\n{match.group(4)}"

    out = _BLOCK.sub(fill, text)
    missing = set(GENERATORS) - found
    if missing:
        raise SystemExit(f"README.md has no generated block for: {', '.join(sorted(missing))}")
    return out


def main(argv: list[str]) -> int:
    current = README.read_text(encoding="utf-8")
    wanted = regenerate(current)
    if "--check" in argv:
        if wanted != current:
            print("README.md is stale; regenerate it with: .venv/bin/python scripts/readme.py", file=sys.stderr)
            return 1
        return 0
    if wanted != current:
        from mindmap.files import write_atomic

        write_atomic(README, wanted.encode("utf-8"))
        print(f"wrote {README.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main(sys.argv[1:]))
