"""The starter theme file that ``mindmap new`` writes.  Pure: text in, text out.

The starter is a small map that validates and renders as it is: a headline,
two key themes (one with a sub-theme), a connection and a quote.  Every field
has a one-line explanation above it, in the same words as the schema and the
README (the field descriptions in :mod:`mindmap.model`), and every optional
field the map does not use is shown commented out, ready to switch on.

>>> text = starter_text("h11-workforce")
>>> text.splitlines()[0]
'# yaml-language-server: $schema=mindmap.schema.json'
>>> "id: h11-workforce" in text
True
"""

from __future__ import annotations

import json
import re
from typing import Final

from pydantic import BaseModel

from ..errors import UserError
from ..model.theme import ID_PATTERN, MAX_ID_LENGTH, RESERVED_IDS, Connection, MindMap, Quote, Theme, slugify
from ..schema import THEME_SCHEMA_FILE, schema_comment

__all__ = ["check_id", "starter_text", "title_from_id"]

_TEMPLATE: Final = """\
{schema_line}
#
# A starter mind map for mindmap: change the words, keep the shape.
# Lines starting with '#' are comments. To use an optional field, delete the
# '# ' in front of it and keep its indentation (two spaces a level).
#
#   check it:        mindmap validate {file}
#   make a figure:   mindmap render {file} -f png

# {MindMap.id}
id: {id}
# {MindMap.title}
title: {title}
# {MindMap.headline}
headline: The words at the centre of the map
# {MindMap.hypothesis}
# hypothesis: The full statement that this map explores.
# {MindMap.n}
# n: 40
# {MindMap.source}
# source: Online workshop, coded by the project team.

# {MindMap.themes}
themes:
  # {Theme.id}
  - id: first-theme
    # {Theme.label}
    label: First key theme
    # {Theme.description}
    # description: What the responses coded to this theme have in common.
    # {Theme.n}
    # n: 12
    # {Theme.guid}
    # guid: 1b8c6c2e-0c3f-4a61-9d4e-4f7c1c9a0b11
    # {Theme.subthemes}
    subthemes:
      - label: A further sub-theme
        # n: 5
  - id: second-theme
    label: Second key theme

# {MindMap.connections}
connections:
  # {Connection.between}
  - between: [first-theme, second-theme]
    # {Connection.label}
    # label: Related

# {MindMap.quotes}
quotes:
  # {Quote.text}
  - text: A respondent's words, verbatim.
    # {Quote.attribution}
    attribution: Innovator
    # {Quote.theme}
    theme: first-theme

# {MindMap.style} Name only what changes; 'mindmap styles show' lists every key.
# style:
#   look:
#     palette: ["#007F3B", "#005EB8"]
"""

_PLACEHOLDER: Final = re.compile(r"\{(?:(MindMap|Theme|Connection|Quote)\.)?([a-z_]+)\}")
_MODELS: Final[dict[str, type[BaseModel]]] = {
    "MindMap": MindMap,
    "Theme": Theme,
    "Connection": Connection,
    "Quote": Quote,
}


def title_from_id(map_id: str) -> str:
    """A first title for a new map, from its id.

    >>> title_from_id("h11-workforce")
    'H11 workforce'
    """
    words = map_id.replace("-", " ").strip()
    return words[:1].upper() + words[1:]


def check_id(map_id: str) -> str:
    """``map_id`` if it can name a map, else a :class:`UserError` suggesting one that can.

    >>> check_id("h11-workforce")
    'h11-workforce'
    >>> check_id("My Map")  # doctest: +NORMALIZE_WHITESPACE
    Traceback (most recent call last):
    ...
    mindmap.errors.UserError: 'My Map' is not a valid id: use lower-case letters, digits and '-',
    starting with a letter or digit; did you mean 'my-map'?
    """
    if len(map_id) > MAX_ID_LENGTH:
        raise UserError(f"id is {len(map_id)} characters long; keep it to {MAX_ID_LENGTH} or fewer")
    if not re.match(ID_PATTERN, map_id):
        suggestion = slugify(map_id)
        raise UserError(
            f"'{map_id}' is not a valid id: use lower-case letters, digits and '-', "
            f"starting with a letter or digit; did you mean '{suggestion}'?"
        )
    if map_id in RESERVED_IDS:
        raise UserError(f"'{map_id}' is a reserved file name; choose another id, e.g. '{map_id}-map'")
    return map_id


def starter_text(map_id: str, schema: str = THEME_SCHEMA_FILE, file: str | None = None) -> str:
    """The starter theme file for a map called ``map_id``.

    ``schema`` is where editors find the JSON Schema (a path relative to the
    file, or a URL); ``file`` is the file's name as the user will type it in
    the commands the starter suggests.
    """
    check_id(map_id)
    values = {
        "schema_line": schema_comment(schema),
        "id": map_id,
        "title": json.dumps(title_from_id(map_id), ensure_ascii=False),
        "file": file or f"{map_id}.yaml",
    }

    def fill(match: re.Match[str]) -> str:
        model, name = match.groups()
        if model is None:
            return values[name]
        description = _MODELS[model].model_fields[name].description
        assert description, f"{model}.{name} has no description"
        return description

    return _PLACEHOLDER.sub(fill, _TEMPLATE)
