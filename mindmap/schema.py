"""JSON Schemas for editors: the theme file and the style sheet, from the pydantic models.

Editors with the YAML language server (VS Code's YAML extension, and others)
read a schema named in a file's first line::

    # yaml-language-server: $schema=mindmap.schema.json

and then complete keys, show each field's description on hover and underline
mistakes as the user types.  The schemas are generated from
:mod:`mindmap.model` and :mod:`mindmap.styles`, so they say what
:func:`mindmap.load_map` accepts, in the same words as the docs.

The committed files at the top of the repository are regenerated with::

    mindmap schema -o mindmap.schema.json
    mindmap schema --styles -o styles.schema.json

Pure: no files.

>>> schema = theme_schema()
>>> schema["required"]
['id', 'title', 'headline', 'themes']
>>> schema["properties"]["headline"]["description"]
'The words at the centre of the map.'
"""

from __future__ import annotations

import json
from typing import Any, Final

from pydantic.json_schema import GenerateJsonSchema

__all__ = [
    "DIALECT",
    "SCHEMA_COMMENT",
    "STYLES_SCHEMA_FILE",
    "THEME_SCHEMA_FILE",
    "schema_comment",
    "schema_text",
    "styles_schema",
    "theme_schema",
]

DIALECT: Final = "https://json-schema.org/draft/2020-12/schema"
THEME_SCHEMA_FILE: Final = "mindmap.schema.json"
STYLES_SCHEMA_FILE: Final = "styles.schema.json"
SCHEMA_COMMENT: Final = "# yaml-language-server: $schema="

# What the loader accepts where the model asks for text.  It keeps every YAML
# scalar as the text the user typed, so `title: 2023`, `label: 1.5` and
# `label: true` are all text to mindmap; an editor reading YAML 1.2 sees a
# number or a boolean there, and must not underline it.
_TEXT_TYPES: Final = ["string", "number", "boolean"]
# An id may be written as a whole number (`id: 2023`): it becomes the text "2023".
_ID_TYPES: Final = ["string", "integer"]


def schema_comment(target: str) -> str:
    """The first line that ties a YAML file to a schema, for the YAML language server.

    >>> schema_comment("../mindmap.schema.json")
    '# yaml-language-server: $schema=../mindmap.schema.json'
    """
    return f"{SCHEMA_COMMENT}{target}"


class _FileSchema(GenerateJsonSchema):
    """Pydantic's generator, told how the loader reads scalars into text and ids."""

    def function_before_schema(self, schema: Any) -> Any:
        result = super().function_before_schema(schema)
        from .model import _as_text

        if schema["function"].get("function") is _as_text and result.get("type") == "string":
            result = {**result, "type": list(_TEXT_TYPES)}
        return result

    def chain_schema(self, schema: Any) -> Any:
        # Pydantic describes a chain by its first step only; an id's pattern is
        # checked in a later step, so carry it over.
        result = super().chain_schema(schema)
        for step in schema["steps"][1:]:
            inner = step.get("schema", step)
            if isinstance(inner, dict) and inner.get("type") == "str" and inner.get("pattern"):
                result = {**result, "pattern": inner["pattern"], "type": list(_ID_TYPES)}
        return result


def _walk(node: Any, visit: Any) -> None:
    pending = [node]
    while pending:
        item = pending.pop()
        if isinstance(item, dict):
            visit(item)
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)


def _plain_tuples(node: dict[str, Any]) -> None:
    # `between` is a pair of ids.  Draft 2020-12 says so with prefixItems, which
    # older editor validators ignore; both ends have the same schema, so say it
    # with items plus a fixed length, which every draft understands.
    items = node.get("prefixItems")
    if isinstance(items, list) and items and all(item == items[0] for item in items):
        node.pop("prefixItems")
        node["items"] = items[0]
        node["minItems"] = node["maxItems"] = len(items)


def _sparse(node: dict[str, Any]) -> None:
    # A style sheet names only what it changes: nothing is required.
    node.pop("required", None)


def _ordered(schema: dict[str, Any], title: str, description: str) -> dict[str, Any]:
    head = {"$schema": DIALECT, "title": title, "description": description}
    rest = {k: v for k, v in schema.items() if k not in ("title", "description", "$defs")}
    tail = {"$defs": schema["$defs"]} if "$defs" in schema else {}
    return {**head, **rest, **tail}


def _style_model() -> Any:
    from . import styles

    return styles.Style


def styles_schema(extends: bool = True) -> dict[str, Any]:
    """The JSON Schema of a style sheet (every key optional: a sheet names only what it changes).

    ``extends=False`` leaves out the sheet file's ``extends`` key, for a map's ``style:`` block.

    >>> schema = styles_schema()
    >>> "required" in schema
    False
    >>> schema["additionalProperties"]
    False
    """
    schema = _style_model().model_json_schema(schema_generator=_FileSchema)
    _walk(schema, _plain_tuples)
    _walk(schema, _sparse)
    if extends:
        # A sheet file may build on another (mindmap.stylesheets); a map's
        # style block may not, so this key is not part of the model.
        schema["properties"] = {
            "extends": {
                "title": "Extends",
                "description": "The sheet this one builds on: a name (e.g. health-innovation) "
                "or a path relative to this sheet.",
                "type": "string",
            },
            **schema["properties"],
        }
    return _ordered(
        schema,
        "mindmap style sheet",
        "A mindmap style sheet: how a map looks (colours, shapes, fonts) and its scale "
        "(sizes). The default sheet holds every key; any other sheet, and a map's own "
        "style block, names only what it changes.",
    )


def theme_schema() -> dict[str, Any]:
    """The JSON Schema of a theme file, with a title and description on every field.

    A map's ``style:`` block is checked against the style sheet's schema.
    Checks that need the whole map (ids unique, connections and quotes naming
    key themes that exist) are left to ``mindmap validate``.

    >>> schema = theme_schema()
    >>> schema["properties"]["id"]["pattern"]
    '^[a-z0-9][a-z0-9-]*$'
    >>> sorted(schema["$defs"]["Theme"]["properties"])
    ['description', 'id', 'label', 'n', 'subthemes']
    """
    from .model import MindMap

    schema = MindMap.model_json_schema(schema_generator=_FileSchema)
    _walk(schema, _plain_tuples)
    # A map's own style block is a sparse style sheet: embed the sheet's schema,
    # its definitions prefixed so that they cannot clash with the map's.
    style = json.loads(json.dumps(styles_schema(extends=False)))
    style_defs = style.pop("$defs", {})
    for key in ("$schema", "title", "description"):
        style.pop(key, None)
    _walk([style, style_defs], lambda node: _prefix_ref(node, "Style"))
    defs = schema.setdefault("$defs", {})
    defs.update({f"Style{name}": definition for name, definition in style_defs.items()})
    defs["Style"] = style
    field = schema["properties"]["style"]
    schema["properties"]["style"] = {
        "title": field["title"],
        "description": field["description"],
        "$ref": "#/$defs/Style",
    }
    return _ordered(
        schema,
        "mindmap theme file",
        "A mindmap theme file: one rapid-insight mind map, with a hypothesis headline "
        "at the centre and the key themes, sub-themes, connections and quotes around it.",
    )


def _prefix_ref(node: dict[str, Any], prefix: str) -> None:
    ref = node.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/$defs/"):
        node["$ref"] = f"#/$defs/{prefix}{ref[len('#/$defs/'):]}"


def schema_text(styles: bool = False) -> str:
    """The schema as the text of the committed file: stable key order, two-space indent, final newline.

    >>> schema_text().endswith("}\\n")
    True
    """
    schema = styles_schema() if styles else theme_schema()
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
