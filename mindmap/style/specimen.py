"""A specimen map: every element kind at every level, so a designer sees a whole sheet at once.

Pure: the sample map is data; :func:`specimen_map` validates it as a
:class:`~mindmap.model.MindMap`, and the ordinary pipeline draws it.
"""

from __future__ import annotations

from typing import Any, Final

from ..model.theme import MindMap

__all__ = ["SPECIMEN", "specimen_map"]

SPECIMEN: Final[dict[str, Any]] = {
    "id": "specimen",
    "title": "Style specimen: every element of a mind map",
    "hypothesis": "The full hypothesis statement appears as the caption, under the title.",
    "headline": "Hypothesis headline at the centre",
    "n": 120,
    "themes": [
        {
            "id": "key-theme-one",
            "label": "Key theme one",
            "description": "Key theme description, in the theme's own box",
            "n": 42,
            "subthemes": [
                {
                    "label": "Sub-theme (depth 2)",
                    "n": 18,
                    "subthemes": [
                        {
                            "label": "Further sub-theme (depth 3)",
                            "n": 7,
                            "subthemes": [{"label": "Deeper still (depth 4)", "n": 2}],
                        },
                        {"label": "Another at depth 3"},
                    ],
                },
                {"label": "Sub-theme without a count"},
            ],
        },
        {
            "id": "key-theme-two",
            "label": "Key theme two",
            "description": "Each key theme takes the next palette colour",
            "n": 31,
            "subthemes": [{"label": "Sub-themes take a tint of their branch", "n": 12}],
        },
        {
            "id": "key-theme-three",
            "label": "Key theme three",
            "description": "A key theme connection joins related themes",
            "n": 9,
        },
        {
            "id": "key-theme-four",
            "label": "Key theme four",
            "n": 5,
            "subthemes": [{"label": "Fourth branch colour", "n": 3}],
        },
    ],
    "connections": [
        {"between": ["key-theme-one", "key-theme-three"], "label": "connection label"},
        {"between": ["key-theme-two", "key-theme-four"]},
    ],
    "quotes": [
        {
            "text": "A respondent's words in a call-out, near the theme they illustrate.",
            "attribution": "Representative from a health innovation network",
            "theme": "key-theme-two",
        },
        {
            "text": "Quotes carry the respondent's role as attribution.",
            "attribution": "Innovator",
            "theme": "key-theme-three",
        },
    ],
}


def specimen_map() -> MindMap:
    """The specimen as a validated map."""
    return MindMap.model_validate(SPECIMEN)
