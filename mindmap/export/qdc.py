"""The map's themes as a REFI-QDA codebook (``.qdc``), to start the coding in
NVivo, ATLAS.ti, MAXQDA, QualCoder or Taguette from a structure drafted here.

Key themes become top-level codes and sub-themes the codes nested in them,
each with its description and, for key themes, its branch colour.  A theme
keeps the ``guid`` it was imported with; any other theme gets a stable guid
derived from the map's id and the theme's id (a name-based UUID, version 5),
so the same map always gives the same bytes and a later ``mindmap tally`` of
the project coded with this codebook matches every code to its theme.
The headline, counts, connections and quotes have no place in a codebook.
"""

from __future__ import annotations

import uuid
from typing import Final
from xml.sax.saxutils import escape, quoteattr

from ..model.theme import MindMap, Theme
from .graphdata import xml_safe

__all__ = ["CODEBOOK_NS", "theme_guid", "to_qdc"]

CODEBOOK_NS: Final = "urn:QDA-XML:codebook:1.0"
# The namespace of mindmap's name-based guids: uuid5 of the URL namespace and this name.
GUID_NAMESPACE: Final = uuid.uuid5(uuid.NAMESPACE_URL, "https://mindmap.invalid/refi-qda/code")


def theme_guid(map_id: str, theme: Theme) -> str:
    """The theme's own guid if it has one, else one derived from the map and theme ids.

    >>> theme_guid("h9", Theme(id="access", label="Access"))
    '79dd441d-a6c4-5924-bad0-7020851fa03e'
    """
    return theme.guid or str(uuid.uuid5(GUID_NAMESPACE, f"{map_id}/{theme.key}"))


def to_qdc(mind_map: MindMap) -> str:
    """The map's themes as codebook XML text."""
    from ..style.library import compose_style

    style = compose_style(map_style=mind_map.style)
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f"<!-- {escape(xml_safe(mind_map.title)).replace('--', '- -')}: made by mindmap from '{mind_map.id}'. -->",
        f'<CodeBook xmlns="{CODEBOOK_NS}" origin="mindmap">',
        "  <Codes>",
    ]

    def code(theme: Theme, depth: int, branch: int) -> None:
        pad = "  " * (depth + 1)
        attrs = f'guid="{theme_guid(mind_map.id, theme)}" name={quoteattr(xml_safe(theme.label))} isCodable="true"'
        if depth == 1:
            attrs += f' color="{style.branch_colour(branch).upper()}"'
        if not theme.description and not theme.subthemes:
            out.append(f"{pad}<Code {attrs}/>")
            return
        out.append(f"{pad}<Code {attrs}>")
        if theme.description:
            out.append(f"{pad}  <Description>{escape(xml_safe(theme.description))}</Description>")
        for sub in theme.subthemes:
            code(sub, depth + 1, branch)
        out.append(f"{pad}</Code>")

    for branch, theme in enumerate(mind_map.themes):
        code(theme, 1, branch)
    out += ["  </Codes>", "</CodeBook>"]
    return "\n".join(out) + "\n"
