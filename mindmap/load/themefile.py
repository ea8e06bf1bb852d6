"""Writing a map as a commented theme file (YAML), the way an analyst would write it.

Keys come in the order of the README's example (id, label, guid, description,
n, sub-themes); every text is a double-quoted scalar, so that no label can be
read back as a number, a date, a list or a comment.  The text is loaded and
checked again before it is returned, so what ``mindmap import`` writes is
always accepted by ``mindmap validate``.  Pure: text out.
"""

from __future__ import annotations

import json
import re
from typing import Any, Final, Iterable

from ..model.theme import MindMap

__all__ = ["theme_file_text", "yaml_quote"]

# Characters YAML does not allow raw in a document (PyYAML's printable set), plus
# the line and paragraph separators, which some readers take as line breaks.
_NOT_PRINTABLE: Final = re.compile("[^\x09\x0a\x0d\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def yaml_quote(text: str) -> str:
    """A YAML double-quoted scalar that reads back as ``text``.

    >>> yaml_quote('Say "no" & <go> # now')
    '"Say \\\\"no\\\\" & <go> # now"'
    >>> yaml_quote("a\\u2028b\\x85")
    '"a\\\\u2028b\\\\u0085"'
    """
    quoted = json.dumps(text, ensure_ascii=False)
    return _NOT_PRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", quoted)


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return yaml_quote(str(value))


_PLAIN_ID: Final = re.compile(r"^[a-z][a-z0-9-]*$")
_YAML_WORDS: Final = frozenset({"y", "n", "yes", "no", "on", "off", "true", "false", "null"})


def _id(value: str) -> str:
    """An id plain (``access-digital``) when no YAML reader can take it for anything else."""
    return value if _PLAIN_ID.match(value) and value not in _YAML_WORDS else yaml_quote(value)


def _mapping(data: dict[str, Any], indent: int, first: str = "") -> Iterable[str]:
    pad = " " * indent
    for index, (key, value) in enumerate(data.items()):
        lead = first if index == 0 and first else pad
        if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            yield f"{lead}{key}:"
            for item in value:
                yield from _mapping(item, indent + 4, first=" " * (indent + 2) + "- ")
        elif isinstance(value, (list, tuple)):
            shown = [_id(v) if key == "between" else _scalar(v) for v in value]
            yield f"{lead}{key}: [{', '.join(shown)}]"
        elif isinstance(value, dict):
            yield f"{lead}{key}:"
            yield from _mapping(value, indent + 2)
        elif key in ("id", "theme") and isinstance(value, str):
            yield f"{lead}{key}: {_id(value)}"
        else:
            yield f"{lead}{key}: {_scalar(value)}"


_THEME_ORDER: Final = ("id", "label", "guid", "description", "n", "subthemes")
_MAP_ORDER: Final = ("id", "title", "hypothesis", "headline", "n", "source", "themes", "connections", "quotes", "style")


def _ordered(data: dict[str, Any], order: tuple[str, ...]) -> dict[str, Any]:
    return {k: data[k] for k in order if k in data and data[k] not in (None, [], {})}


def _theme(theme: dict[str, Any]) -> dict[str, Any]:
    out = _ordered(theme, _THEME_ORDER)
    if "subthemes" in out:
        out["subthemes"] = [_theme(t) for t in out["subthemes"]]
    return out


def theme_file_text(mind_map: MindMap, header: list[str], schema: str | None = None) -> str:
    """The map as commented YAML: ``header`` lines as comments at the top, then the map."""
    from .reader import parse_document, validate_document

    data = mind_map.model_dump(mode="python", exclude_none=True)
    body = _ordered(data, _MAP_ORDER)
    body["themes"] = [_theme(t) for t in body["themes"]]
    if "connections" in body:
        body["connections"] = [_ordered(c, ("between", "label")) for c in body["connections"]]
    if "quotes" in body:
        body["quotes"] = [_ordered(q, ("text", "attribution", "theme")) for q in body["quotes"]]
    lines: list[str] = []
    if schema:  # the yaml-language-server comment line, made by mindmap.schema.schema_comment
        lines += [schema, "#"]
    lines += [f"# {line}".rstrip() for text in header for line in text.splitlines()]
    lines.append("")
    sections = list(body.items())
    for key, value in sections:
        if key in ("themes", "connections", "quotes", "style"):
            lines.append("")
        lines.extend(_mapping({key: value}, 0))
    text = "\n".join(lines) + "\n"
    check = validate_document(parse_document(text, "<import>"), "<import>")
    if check != mind_map:  # pragma: no cover - a bug in this writer, not bad input
        raise AssertionError("the theme file did not read back as the map")
    return text
