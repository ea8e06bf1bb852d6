"""Reading theme files: bytes to a validated :class:`~mindmap.model.MindMap`.

YAML and JSON go through one path.  We build Python data ourselves from the
YAML event stream so that we can

* remember where every key and value stands (for ``file:line:col`` messages),
* keep scalars as the text the user typed (``yes``, ``1e3`` and ``2023-12-11``
  stay text; only whole numbers become numbers),
* refuse duplicate keys, aliases (no "billion laughs") and absurd nesting
  without recursion.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

import yaml
from pydantic import ValidationError
from pydantic_core import ErrorDetails

from ..errors import InputError, Problem, word_error
from ..model.theme import MAX_COUNT, MindMap, ReferenceProblems

__all__ = [
    "MAX_FIGURE_BYTES",
    "MAX_FILE_BYTES",
    "MAX_NODES",
    "limits",
    "load_map",
    "load_maps",
    "parse_document",
    "read_text",
]

MAX_FILE_BYTES: Final = 10 * 1024 * 1024
MAX_NODES: Final = 20_000
MAX_DEPTH: Final = 100
# A theme, quote or connection takes at most about a dozen YAML events (keys,
# values, lists), so a file with far more events than that per allowed entry
# is refused while it is still being counted, before any data is built.
EVENTS_PER_NODE: Final = 16
# Cairo takes about 1.5 s and 25 MB of memory per MB of SVG: a figure past this
# size is refused for PNG and PDF rather than left to run for minutes.
MAX_FIGURE_BYTES: Final = 16 * 1024 * 1024
LIMIT_VARIABLES: Final = {
    "max_bytes": "MINDMAP_MAX_FILE_BYTES",
    "max_nodes": "MINDMAP_MAX_NODES",
    "max_figure_bytes": "MINDMAP_MAX_FIGURE_BYTES",
}


def limits() -> dict[str, int]:
    """The input limits in force: the defaults, or the environment's ``MINDMAP_MAX_*``.

    ``MINDMAP_MAX_FILE_BYTES`` (default 10 MB) and ``MINDMAP_MAX_NODES`` (default
    20,000) apply to every command that reads theme files;
    ``MINDMAP_MAX_FIGURE_BYTES`` (default 16 MB of SVG) to PNG and PDF conversion.
    """

    from ..errors import UserError

    found = {"max_bytes": MAX_FILE_BYTES, "max_nodes": MAX_NODES, "max_figure_bytes": MAX_FIGURE_BYTES}
    for key, variable in LIMIT_VARIABLES.items():
        raw = os.environ.get(variable, "").strip().replace("_", "")
        if not raw:
            continue
        if not raw.isdigit() or int(raw) < 1:
            raise UserError(f"{variable}={os.environ[variable]!r} is not a whole number of 1 or more")
        found[key] = int(raw)
    return found


_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_INT = re.compile(r"^[-+]?[0-9]+$")
_YAML_TAGS: Final = {
    "tag:yaml.org,2002:str": "str",
    "tag:yaml.org,2002:int": "int",
    "tag:yaml.org,2002:null": "null",
}

try:  # the C parser is much faster; the pure one is always there
    _Loader: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on the PyYAML build
    _Loader = yaml.SafeLoader

Path_ = tuple[Any, ...]


class Whole(int):
    """A whole number from a file, remembering how it was written (``007``)."""

    source: str

    def __new__(cls, text: str) -> Whole:
        number = super().__new__(cls, int(text))
        number.source = text
        return number


@dataclass
class Document:
    """A parsed file: its data and where each part of it stands (1-based)."""

    data: Any
    problems: list[Problem] = field(default_factory=list)
    values: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path_, tuple[int, int]] = field(default_factory=dict)

    def locate(self, path: Path_, *, key: bool = False) -> tuple[int, int]:
        """The position of the value at ``path`` (or of its key), else its nearest parent."""
        path = tuple(path)
        if key and path in self.keys:
            return self.keys[path]
        while path:
            if path in self.values:
                return self.values[path]
            path = path[:-1]
        return self.values.get((), (1, 1))


def read_text(path: Path, max_bytes: int = MAX_FILE_BYTES) -> str:
    """A file's text, with every way of failing turned into one clear problem."""
    from ..safety import read_regular

    if path.is_dir():
        raise InputError(
            [Problem(str(path), 1, 1, "", "is a folder, not a theme file; give the .yaml or .json files inside it")]
        )
    # A FIFO, a device or a socket is refused without waiting on it; never more than the limit.
    return decode(read_regular(path, max_bytes), str(path))


def decode(raw: bytes, name: str) -> str:
    """Bytes to text: UTF-8 (with or without a BOM), or UTF-16/32 announced by a BOM."""

    def fail(message: str, line: int = 1, column: int = 1) -> InputError:
        return InputError([Problem(name, line, column, "", message)])

    boms = (
        (b"\xef\xbb\xbf", "utf-8"),
        (b"\xff\xfe\x00\x00", "utf-32-le"),
        (b"\x00\x00\xfe\xff", "utf-32-be"),
        (b"\xff\xfe", "utf-16-le"),
        (b"\xfe\xff", "utf-16-be"),
    )
    for bom, encoding in boms:
        if raw.startswith(bom):
            try:
                return raw[len(bom) :].decode(encoding)
            except UnicodeDecodeError:
                raise fail(
                    f"starts with a {encoding.upper()} byte-order mark but is not valid {encoding.upper()}"
                ) from None
    if not raw.strip():
        raise fail("file is empty; a theme file needs at least id, title, headline and themes")
    if b"\x00" in raw:
        raise fail("is not a text file (it contains NUL bytes); is it UTF-16 without a byte-order mark, or binary?")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        raise fail(
            f"is not UTF-8 text (byte 0x{raw[exc.start]:02x}); save it as UTF-8 (it may be Latin-1 or Windows-1252)",
            line,
            column,
        ) from None
    return text


def parse_document(text: str, name: str, max_nodes: int = MAX_NODES) -> Document:
    """Parse YAML (or JSON, which we read as YAML) into data and positions."""
    problems: list[Problem] = []
    if name.lower().endswith(".json"):
        _check_json_syntax(text, name)
        text = _json_escapes_for_yaml(text, name)
    _check_event_budget(text, name, max_nodes)
    doc = Document(data=None)
    # A stack of open containers: (container, path, pending key or None)
    stack: list[list[Any]] = []
    root_set = False
    fatal = False
    seen_keys: list[dict[Any, tuple[int, int]]] = []

    def attach(value: Any, path: Path_, mark: tuple[int, int]) -> None:
        nonlocal root_set
        if not stack:
            doc.data = value
            root_set = True
            return
        top = stack[-1]
        container = top[0]
        if isinstance(container, list):
            container.append(value)
            return
        # a mapping: either this value is a key, or the value of the pending key
        if top[2] is None:
            if isinstance(value, (dict, list)):
                problems.append(
                    Problem(name, *mark, _dotted(top[1]), "a key must be a plain word, not a list or mapping")
                )
                top[2] = ("\0invalid", mark)
                return
            key = str(value) if value is not None else ""
            if key in seen_keys[-1]:
                first = seen_keys[-1][key]
                problems.append(
                    Problem(
                        name,
                        *mark,
                        _dotted((*top[1], key)),
                        f"duplicate key (first given at line {first[0]}); keep only one",
                    )
                )
                top[2] = ("\0duplicate", mark)
            else:
                seen_keys[-1][key] = mark
                doc.keys[(*top[1], key)] = mark
                top[2] = (key, mark)
        else:
            key, _ = top[2]
            if not key.startswith("\0"):
                container[key] = value
            top[2] = None

    def place() -> tuple[Path_, bool]:
        """Where the next value goes: its path, and whether it is a mapping's key (whose own
        path is not needed)."""
        if not stack:
            return (), False
        container, path, pending = stack[-1]
        if isinstance(container, list):
            return (*path, len(container)), False
        if pending is None:
            return path, True
        return (*path, pending[0]), False

    # The kinds of event, most frequent first: a file is mostly keys and values.
    scalar, starts, ends = yaml.ScalarEvent, (yaml.MappingStartEvent, yaml.SequenceStartEvent), _END_EVENTS
    try:
        events = yaml.parse(text, Loader=_Loader)
        for event in events:
            if isinstance(event, scalar):
                mark = _mark(event)
                path, is_key = place()
                try:
                    value = _scalar(event)
                except ValueError as exc:
                    problems.append(Problem(name, *mark, _dotted(path), str(exc)))
                    value = Whole("0") if isinstance(exc, _TooManyDigits) else event.value  # said once is enough
                if not is_key:
                    doc.values[path] = mark
                attach(value, path, mark)
            elif isinstance(event, starts):
                mark = _mark(event)
                path, is_key = place()
                if len(stack) >= MAX_DEPTH:
                    problems.append(
                        Problem(name, *mark, _short(_dotted(path), 60), f"nested more than {MAX_DEPTH} levels deep")
                    )
                    fatal = True
                    break
                if event.tag not in _COLLECTION_TAGS:
                    problems.append(
                        Problem(name, *mark, _dotted(path), f"YAML tag '{event.tag}' is not supported; remove it")
                    )
                container: Any = {} if isinstance(event, yaml.MappingStartEvent) else []
                if not is_key:
                    doc.values[path] = mark
                attach(container, path, mark)
                stack.append([container, path, None])
                seen_keys.append({})
            elif isinstance(event, ends):
                stack.pop()
                seen_keys.pop()
            elif isinstance(event, (yaml.StreamStartEvent, yaml.StreamEndEvent, yaml.DocumentEndEvent)):
                continue
            elif isinstance(event, yaml.DocumentStartEvent):
                if root_set:
                    mark = _mark(event)
                    problems.append(
                        Problem(name, *mark, "", "holds more than one YAML document (---); keep one map per file")
                    )
                    fatal = True
                    break
            elif isinstance(event, yaml.AliasEvent):
                problems.append(
                    Problem(
                        name,
                        *_mark(event),
                        _dotted(place()[0]),
                        "YAML aliases (*name) are not supported; write the value out",
                    )
                )
                fatal = True
                break
    except yaml.MarkedYAMLError as exc:
        error_mark = exc.problem_mark or exc.context_mark
        line, column = (error_mark.line + 1, error_mark.column + 1) if error_mark else (1, 1)
        message = exc.problem or exc.context or "invalid YAML"
        if "\t" in message or "'\\t'" in message or "tab character" in message or _char_at(text, line, column) == "\t":
            message += " (tabs cannot indent YAML; use spaces)"
        problems.append(Problem(name, line, column, "", f"invalid YAML: {message}"))
        fatal = True
    except yaml.reader.ReaderError as exc:  # a character YAML refuses (C1 controls): say where it is
        before = text[: exc.position]
        line, column = before.count("\n") + 1, exc.position - (before.rfind("\n") + 1) + 1
        code = exc.character if isinstance(exc.character, int) else ord(exc.character)
        kind = "control character" if code < 0x20 or 0x7F <= code <= 0x9F else "character"
        problems.append(
            Problem(
                name, line, column, "", f"contains the {kind} U+{code:04X}, which a theme file cannot hold; remove it"
            )
        )
        fatal = True
    except yaml.YAMLError as exc:
        problems.append(Problem(name, 1, 1, "", f"invalid YAML: {exc}"))
        fatal = True
    except RecursionError:
        problems.append(Problem(name, 1, 1, "", "nested too deeply to read"))
        fatal = True
    if fatal:
        raise InputError(problems)
    doc.problems = problems
    return doc


_END_EVENTS: Final = (yaml.MappingEndEvent, yaml.SequenceEndEvent)


def _check_event_budget(text: str, name: str, max_nodes: int) -> None:
    """Refuse a file with far too many YAML values, cheaply, before building anything.

    Counting libyaml's events costs about half a microsecond each, so even a
    10 MB list of numbers is turned away in a fraction of a second and memory
    stays small.  Syntax errors are left for the real parse to report.
    """
    budget = max_nodes * EVENTS_PER_NODE + 1000
    count = 0
    try:
        for event in yaml.parse(text, Loader=_Loader):
            count += 1
            if count > budget:
                mark = _mark(event)
                raise InputError(
                    [
                        Problem(
                            name,
                            *mark,
                            "",
                            f"holds more than {budget:,} YAML values; theme files are limited to "
                            f"{max_nodes:,} entries (themes, quotes, connections); split the map",
                        )
                    ]
                )
    except yaml.YAMLError:
        return


_COLLECTION_TAGS: Final = {None, "!", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}
_SURROGATE_ESCAPE: Final = re.compile(
    r"(?<!\\)((?:\\\\)*)\\u(d[89ab][0-9a-f]{2})(?:\\u(d[c-f][0-9a-f]{2}))?|(?<!\\)((?:\\\\)*)\\u(d[c-f][0-9a-f]{2})",
    re.IGNORECASE,
)


def _json_escapes_for_yaml(text: str, name: str) -> str:
    r"""JSON writes a character beyond U+FFFF as two escapes (``\ud83d\ude00``,
    as Python's json.dumps does by default); YAML wants one (``\U0001F600``).
    A lone half of such a pair is refused: it is not a character."""

    def pair(match: re.Match[str]) -> str:
        high, low = match.group(2), match.group(3)
        if high is None or low is None:
            before = text[: match.start()]
            line = before.count("\n") + 1
            column = match.start() - (before.rfind("\n") + 1) + 1 + len(match.group(1) or match.group(4) or "")
            half = f"\\u{high or match.group(5)}"
            raise InputError(
                [
                    Problem(
                        name,
                        line,
                        column,
                        "",
                        f"'{half}' is half of a character (a lone UTF-16 surrogate); write the whole character",
                    )
                ]
            )
        code = 0x10000 + ((int(high, 16) - 0xD800) << 10) + (int(low, 16) - 0xDC00)
        return f"{match.group(1)}\\U{code:08X}"

    return _SURROGATE_ESCAPE.sub(pair, text) if "\\u" in text or "\\U" in text else text


def _char_at(text: str, line: int, column: int) -> str:
    lines = text.split("\n", line)
    if line - 1 < len(lines) and 0 < column <= len(lines[line - 1]):
        return lines[line - 1][column - 1]
    return ""


def _check_json_syntax(text: str, name: str) -> None:
    try:
        json.loads(text, parse_int=str)  # syntax only: a number of 5,000 digits is the loader's to locate
    except json.JSONDecodeError as exc:
        raise InputError([Problem(name, exc.lineno, exc.colno, "", f"invalid JSON: {exc.msg}")]) from None
    except RecursionError:
        raise InputError([Problem(name, 1, 1, "", "nested too deeply to read")]) from None


def _mark(event: Any) -> tuple[int, int]:
    mark = event.start_mark
    return (mark.line + 1, mark.column + 1) if mark else (1, 1)


class _TooManyDigits(ValueError):
    """A whole number too long to convert; reported once, where it stands."""


# No count is near this long (and no label is longer than 2,000 characters);
# Python refuses to convert more than 4,300 digits to a number at all.
MAX_DIGITS: Final = 2000


def _scalar(event: Any) -> Any:
    value = event.value
    if len(value) > MAX_DIGITS and event.tag in (None, "!", "tag:yaml.org,2002:int") and _INT.match(value):
        digits = len(value.lstrip("+-"))
        raise _TooManyDigits(f"a number of {digits:,} digits is too large; counts go up to {MAX_COUNT:,}")
    tag = event.tag
    if tag in (None, "!") and event.implicit[0]:
        if _NULL.match(value):
            return None
        if _INT.match(value):
            return Whole(value)
        return value
    if tag in (None, "!"):
        return value  # quoted: always text
    kind = _YAML_TAGS.get(tag)
    if kind == "str":
        return value
    if kind == "int" and _INT.match(value):
        return Whole(value)
    if kind == "null" and _NULL.match(value):
        return None
    raise ValueError(f"YAML tag '{tag}' is not supported; remove it")


def _dotted(path: Path_) -> str:
    return ".".join(str(p) for p in path)


# --- validation ---------------------------------------------------------------


def _count_nodes(data: Any) -> int:
    count = 0
    pending = [data]
    while pending:
        item = pending.pop()
        if isinstance(item, dict):
            count += 1
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
    return count


def validate_document(doc: Document, name: str, max_nodes: int = MAX_NODES) -> MindMap:
    """Validate parsed data as a :class:`MindMap`, every problem located."""
    if not isinstance(doc.data, dict):
        if doc.problems:
            raise InputError(doc.problems)
        kind = "nothing" if doc.data is None else f"a {_kind(doc.data)}"
        raise InputError(
            [
                Problem(
                    name,
                    1,
                    1,
                    "",
                    f"a theme file must be a mapping of keys (id, title, headline, themes, ...), not {kind}",
                )
            ]
        )
    nodes = _count_nodes(doc.data)
    if nodes > max_nodes:
        raise InputError([Problem(name, 1, 1, "", f"map has {nodes:,} entries, over the limit of {max_nodes:,}")])
    try:
        mind_map = MindMap.model_validate(doc.data)
    except ValidationError as exc:
        raise InputError(doc.problems + _problems(exc, doc, name)) from None
    if doc.problems:
        raise InputError(doc.problems)
    return mind_map


def _kind(value: Any) -> str:
    if isinstance(value, list):
        return "list"
    if isinstance(value, dict):
        return "mapping"
    if isinstance(value, int) and not isinstance(value, bool):
        return "number"
    return "text"


def _problems(exc: ValidationError, doc: Document, name: str) -> list[Problem]:
    problems: list[Problem] = []
    for error in exc.errors(include_url=False):
        loc = tuple(error["loc"])
        kind = error["type"]
        ctx = error.get("ctx") or {}
        if kind == "value_error" and isinstance(ctx.get("error"), ReferenceProblems):
            for path, message in ctx["error"].problems:
                problems.append(Problem(name, *doc.locate((*loc, *path)), _dotted((*loc, *path)), message))
            continue
        message = _message(error, doc, loc)
        line, column = doc.locate(loc, key=kind == "extra_forbidden")
        if kind == "missing":
            line, column = doc.locate(loc[:-1])
        problems.append(Problem(name, line, column, _dotted(loc), message))
    return problems


_ALLOWED: Final = {
    (): ["id", "title", "hypothesis", "headline", "n", "themes", "connections", "quotes", "source", "style"],
    ("themes",): ["id", "label", "description", "n", "subthemes", "guid"],
    ("connections",): ["between", "label"],
    ("quotes",): ["text", "attribution", "theme"],
}


def _allowed_keys(loc: Path_) -> list[str]:
    parent = [p for p in loc[:-1] if isinstance(p, str)]
    if not parent:
        return _ALLOWED[()]
    if parent[0] == "themes":
        return _ALLOWED[("themes",)]
    return _ALLOWED.get((parent[0],), [])


def _message(error: ErrorDetails, doc: Document, loc: Path_) -> str:
    """A theme file's validation error in an analyst's words (see :func:`~mindmap.errors.word_error`)."""
    return word_error(
        error,
        specific=lambda e: _theme_words(e, loc),
        allowed=_allowed_keys,
        describe=lambda value: "nothing" if value is None else "a " + _kind(value),
    )


def _theme_words(error: Any, loc: Path_) -> str | None:
    kind = error["type"]
    ctx = error.get("ctx") or {}
    value = error.get("input")
    field_name = next((p for p in reversed(loc) if isinstance(p, str)), "")
    if kind in ("int_type", "int_parsing"):
        if isinstance(value, str):
            return f"must be a whole number, not the text '{_short(value)}'"
        return f"must be a whole number, not a {_kind(value)}"
    if kind == "greater_than_equal":
        return f"must be {ctx.get('ge')} or more, not {value}"
    if kind == "less_than_equal":
        return f"must be at most {ctx.get('le'):,}, not {value}"
    if kind == "string_too_short":
        return "must not be empty" if field_name != "themes" else "needs at least one entry"
    if kind == "string_too_long" or (kind == "too_long" and isinstance(value, str)):
        return f"is longer than {ctx.get('max_length'):,} characters"
    if kind == "string_pattern_mismatch":
        return (
            f"'{_short(str(value))}' is not a valid id: "
            "use lower-case letters, digits and '-', starting with a letter or digit"
        )
    if kind == "string_type":
        return f"must be text, not {'nothing' if value is None else 'a ' + _kind(value)}"
    if kind == "too_short" and isinstance(value, str):
        return "must not be empty"
    if kind == "too_short":
        return (
            "needs at least one entry"
            if ctx.get("min_length") == 1
            else f"needs at least {ctx.get('min_length')} entries"
        )
    if kind in ("too_long", "tuple_type") and field_name == "between":
        return "must name exactly two key-theme ids, e.g. [theme-a, theme-b]"
    if kind == "list_type":
        return f"must be a list (one '- ' entry per item), not {'nothing' if value is None else 'a ' + _kind(value)}"
    return None


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def load_map(path: str | Path, *, max_bytes: int | None = None, max_nodes: int | None = None) -> MindMap:
    """Read and validate one theme file (YAML or JSON).

    The limits default to :func:`limits` (10 MB and 20,000 entries unless the
    environment sets ``MINDMAP_MAX_FILE_BYTES`` or ``MINDMAP_MAX_NODES``).
    Raises :class:`~mindmap.errors.InputError` listing every problem found.
    """
    defaults = limits()
    max_bytes = defaults["max_bytes"] if max_bytes is None else max_bytes
    max_nodes = defaults["max_nodes"] if max_nodes is None else max_nodes
    path = Path(path)
    name = str(path)
    text = read_text(path, max_bytes)
    doc = parse_document(text, name, max_nodes)
    return validate_document(doc, name, max_nodes)


def load_maps(paths: list[Path], **limits: int) -> list[MindMap]:
    """Load several files, gathering the problems of all of them before failing."""
    maps: list[MindMap] = []
    problems: list[Problem] = []
    for path in paths:
        try:
            maps.append(load_map(path, **limits))
        except InputError as exc:
            problems.extend(exc.problems)
    if problems:
        raise InputError(problems)
    return maps
