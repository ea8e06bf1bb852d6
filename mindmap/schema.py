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


# What each style key does, for editors' hover text, where the style model
# (mindmap.styles) gives no description of its own.  Keyed by model and field;
# a ``...Patch`` model (a sparse change) shares its model's words.
_STYLE_WORDS: Final = {
    ("Style", "description"): "One line saying what the sheet is for (shown by 'mindmap styles list').",
    ("Style", "look"): "How the map looks: colours, shapes and fonts.",
    ("Style", "scale"): "How big things are: text sizes, widths and gaps.",
    ("Look", "font_family"): "The font named first for all text (the house style names Arial).",
    ("Look", "font_fallbacks"): "Fonts named after it, in order, where it is not installed.",
    ("Look", "canvas"): "The page behind the map, its title and caption.",
    ("Look", "palette"): "The key themes' colours, in order, cycling.",
    ("Look", "hypothesis"): "The headline box at the centre.",
    ("Look", "theme"): "The key theme boxes.",
    ("Look", "subtheme"): "The sub-theme boxes.",
    ("Look", "quote"): "The quote call-outs.",
    ("Look", "lines"): "The lines: branches, connections and quote links.",
    ("Look", "tints"): "How much of its branch colour a box's fill keeps, by depth (key themes first).",
    ("Look", "count_format"): "How a count is written, with {n} where the number goes, e.g. '[n={n}]'.",
    ("Look", "show_title"): "Whether to draw the map's title above it.",
    ("Look", "show_caption"): "Whether to draw the hypothesis statement as a caption.",
    ("Look", "legend"): "The legend, 'Guide to interpreting the mind maps'.",
    ("Canvas", "background"): "The colour of the page behind the map.",
    ("Canvas", "title_colour"): "The colour of the title.",
    ("Canvas", "caption_colour"): "The colour of the caption.",
    ("BoxLook", "shape"): "The box's outline: rounded, rectangle, ellipse, pill or callout.",
    (
        "BoxLook",
        "fill",
    ): "The fill colour; 'branch' is the key theme's palette colour, 'branch-tint' a light tint of it.",
    ("BoxLook", "border"): "The border colour; 'branch' and 'branch-tint' as for fill.",
    ("BoxLook", "text"): "The colour of the label.",
    ("BoxLook", "count"): "The colour of the count, e.g. [n=12].",
    ("BoxLook", "description"): "The colour of a key theme's description.",
    ("BoxLook", "attribution"): "The colour of a quote's attribution.",
    ("BoxLook", "weight"): "The label's weight: normal or bold.",
    ("BoxLook", "italic"): "Whether the label is italic.",
    ("BoxLook", "font_family"): "The font for this kind of box; when absent, the sheet's font_family.",
    ("SubthemeLook", "by_depth"): "Changes for deeper levels, by depth (key themes are 1, their sub-themes 2); "
    "a change at a depth applies there and deeper.",
    ("LinesLook", "branch"): "The colour of the lines from the centre out; 'branch' is the key theme's colour.",
    ("LinesLook", "connection"): "The colour of connections between key themes.",
    ("LinesLook", "connection_dash"): "The pattern of connections (solid, dashed, dotted, dashdot): "
    "never colour alone.",
    ("LinesLook", "quote"): "The colour of the line from a theme to its quote.",
    ("LinesLook", "quote_dash"): "The pattern of that line: solid, dashed, dotted or dashdot.",
    ("LegendLook", "show"): "Whether to draw the legend.",
    ("LegendLook", "position"): "Where the legend goes: auto, a corner, or below the map.",
    ("LegendLook", "shape"): "The legend box's outline.",
    ("LegendLook", "weight"): "The weight of the explanations (the heading is always bold).",
    ("LegendLook", "font_family"): "The legend's font; when absent, the sheet's font_family.",
    ("LegendLook", "fill"): "The legend box's fill colour.",
    ("LegendLook", "border"): "The legend box's border colour.",
    ("LegendLook", "text"): "The colour of the explanations.",
    ("LegendLook", "title_colour"): "The colour of the legend's heading.",
    ("LegendLook", "title"): "The legend's heading.",
    ("LegendLook", "theme"): "The words beside the key theme box.",
    ("LegendLook", "connection"): "The words beside the connection line.",
    ("LegendLook", "subtheme"): "The words beside the sub-theme box.",
    ("LegendLook", "count"): "The words beside the count.",
    ("Scale", "canvas"): "The figure's width and margin.",
    ("Scale", "hypothesis"): "Sizes of the headline box.",
    ("Scale", "theme"): "Sizes of the key theme boxes.",
    ("Scale", "subtheme"): "Sizes of the sub-theme boxes.",
    ("Scale", "quote"): "Sizes of the quote call-outs.",
    ("Scale", "legend"): "Sizes of the legend.",
    ("Scale", "title"): "Sizes of the title and caption.",
    ("Scale", "lines"): "Widths and curves of the lines.",
    ("Scale", "spacing"): "Gaps between boxes.",
    ("CanvasScale", "width_mm"): "The width the figure is drawn for, in millimetres (170 fits an A4 page).",
    ("CanvasScale", "margin"): "The space around the map.",
    ("BoxScale", "size"): "The label's text size.",
    ("BoxScale", "count_size"): "The count's text size (and a quote's attribution).",
    ("BoxScale", "description_size"): "The description's text size.",
    ("BoxScale", "padding"): "The space between the text and the border.",
    ("BoxScale", "corner_radius"): "How round the corners are.",
    ("BoxScale", "border_width"): "The border's width (0: no border).",
    ("BoxScale", "wrap_width"): "Text wraps onto a new line at this width.",
    ("SubthemeScale", "by_depth"): "Changes for deeper levels, by depth, as in the look.",
    ("LegendScale", "size"): "The explanations' text size.",
    ("LegendScale", "title_size"): "The heading's text size.",
    ("LegendScale", "padding"): "The space between the text and the border.",
    ("LegendScale", "corner_radius"): "How round the corners are.",
    ("LegendScale", "border_width"): "The border's width (0: no border).",
    ("LegendScale", "wrap_width"): "Explanations wrap onto a new line at this width.",
    ("TitleScale", "size"): "The title's text size.",
    ("TitleScale", "caption_size"): "The caption's text size.",
    ("TitleScale", "wrap_width"): "Title and caption wrap at this width (or the map's, if wider).",
    ("LinesScale", "branch_width"): "The width of branch lines.",
    ("LinesScale", "scale_by_n"): "Whether a branch line is wider for a theme with more responses.",
    ("LinesScale", "connection_width"): "The width of connections.",
    ("LinesScale", "quote_width"): "The width of the line to a quote.",
    ("LinesScale", "curvature"): "How much lines curve: 0 straight, 1 the most.",
    ("Spacing", "level_gap"): "The gap between a box and the boxes under it.",
    ("Spacing", "sibling_gap"): "The gap between neighbouring boxes.",
    ("Spacing", "branch_gap"): "The gap between key themes' branches.",
    ("Spacing", "centre_gap"): "The gap between the headline and the key themes.",
}


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
        from .model.theme import _as_text

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


def _style_words(model: str, key: str) -> str | None:
    """The words for a style key, looked up along the model's classes (a sub-class shares its base's)."""
    from .style import sheet as styles

    cls = getattr(styles, model, None)
    for klass in cls.__mro__ if isinstance(cls, type) else ():
        if (klass.__name__, key) in _STYLE_WORDS:
            return _STYLE_WORDS[(klass.__name__, key)]
    return None


def _describe(node: dict[str, Any], model: str) -> None:
    for key, prop in node.get("properties", {}).items():
        words = None if "description" in prop else _style_words(model, key)
        if words:
            prop["description"] = words
        prop.setdefault("title", key.replace("_", " ").title())  # pydantic leaves a $ref untitled


def _ordered(schema: dict[str, Any], title: str, description: str) -> dict[str, Any]:
    head = {"$schema": DIALECT, "title": title, "description": description}
    rest = {k: v for k, v in schema.items() if k not in ("title", "description", "$defs")}
    tail = {"$defs": schema["$defs"]} if "$defs" in schema else {}
    return {**head, **rest, **tail}


def _style_model() -> Any:
    from .style import sheet as styles

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
    _describe(schema, "Style")
    for name, definition in schema.get("$defs", {}).items():
        _describe(definition, name.removesuffix("Patch"))
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
    ['description', 'guid', 'id', 'label', 'n', 'subthemes']
    """
    from .model.theme import MindMap

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
        node["$ref"] = f"#/$defs/{prefix}{ref[len('#/$defs/') :]}"


def schema_text(styles: bool = False) -> str:
    """The schema as the text of the committed file: stable key order, two-space indent, final newline.

    >>> schema_text().endswith("}\\n")
    True
    """
    schema = styles_schema() if styles else theme_schema()
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
