"""Counting coded responses: a spreadsheet of responses to every ``[n=..]``.

Analysts code each chat response to one or more themes in a spreadsheet (CSV
or Excel), one row per response::

    response_id,hypothesis,text,codes,excluded
    r001,h9-process,"Yes, adoption is a spiral ... #NHSSomerset",short-term-complexity;sharing-learning,
    r002,h9-process,"Nothing to do with the question",,not relevant

This module reads those rows (:func:`read_responses`), counts them against the
theme files (:func:`tally`: pure) and writes the counts back into the theme
files (:func:`plan_writes`, :func:`write_files`) changing nothing but the
numbers: every comment, key order and line of formatting the analyst wrote
stays byte for byte.

A theme's n is the number of distinct, non-excluded responses coded to it or
to any of its sub-themes; a map's n is the number coded to any of its themes.
"""

from __future__ import annotations

import csv
import difflib
import io
import json
import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final, Iterable, Iterator

from ..errors import InputError, Problem, UserError
from ..model.theme import MindMap, Theme

__all__ = [
    "COLUMNS",
    "FileUpdate",
    "MapCount",
    "Response",
    "Tally",
    "ThemeCount",
    "hashtags",
    "iter_responses",
    "plan_writes",
    "read_responses",
    "tally",
    "update_text",
    "write_files",
]

COLUMNS: Final = ("response_id", "hypothesis", "text", "codes", "excluded")
CODE_SEPARATOR: Final = ";"
MAX_RESPONSES_BYTES: Final = 50 * 1024 * 1024
# An .xlsx is a zip: each part (the sheet, the shared strings) and all of them
# together may expand only so far, however small the file.
MAX_XLSX_MEMBER_BYTES: Final = 100 * 1024 * 1024
MAX_XLSX_BYTES: Final = 200 * 1024 * 1024
# A hashtag: '#' not inside a word (so not 'C#' or '&#35;'), then a letter and
# word characters or '-' (#NHSSomerset, #ICS, #BNSSG-ICB).
_HASHTAG: Final = re.compile(r"(?<![\w&#])#([^\W\d_][\w-]*)")


@dataclass(frozen=True)
class Response:
    """One row of the responses sheet (``row`` as a spreadsheet numbers it: the header is 1)."""

    row: int
    response_id: str
    hypothesis: str
    text: str
    codes: tuple[str, ...]
    excluded: str
    columns: dict[str, int] = field(default_factory=dict, compare=False, repr=False)

    @property
    def is_excluded(self) -> bool:
        return bool(self.excluded)


def hashtags(text: str) -> list[str]:
    """The locality tags in a response, in order, each once (case kept as written).

    >>> hashtags("Yes, a spiral loop #NHSSomerset #ICS and #nhssomerset again; C# is not one")
    ['#NHSSomerset', '#ICS']
    """
    seen: dict[str, str] = {}
    for match in _HASHTAG.finditer(text):
        tag = "#" + match.group(1).rstrip("-")
        seen.setdefault(tag.casefold(), tag)
    return list(seen.values())


# --- reading the sheet -----------------------------------------------------------


def _header_key(name: str) -> str:
    return re.sub(r"[\s\-]+", "_", name.strip().lower())


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).upper()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value).strip()


def _rows_from_csv(path: Path) -> Iterator[tuple[int, list[str]]]:
    """The rows of a CSV sheet, streamed: memory stays bounded whatever the number of rows.

    A regular file only (a FIFO or device is refused without blocking), at most
    :data:`MAX_RESPONSES_BYTES`; UTF-8 (a BOM allowed) is read a megabyte at a
    time; UTF-16 and UTF-32 (announced by a BOM) are decoded whole.
    """
    from ..load.reader import decode
    from ..safety import NotRegularFile, open_regular

    name = str(path)

    def fail(message: str, line: int = 1, column: int = 1) -> InputError:
        return InputError([Problem(name, line, column, "", message)])

    try:
        handle = open_regular(path)
    except NotRegularFile as exc:
        raise fail(f"{exc.args[0]}; give the file itself") from None
    except FileNotFoundError:
        raise fail("no such file") from None
    except OSError as exc:
        raise fail(f"cannot be read: {exc.strerror or exc}") from None
    with handle:
        size = os.fstat(handle.fileno()).st_size
        if size > MAX_RESPONSES_BYTES:
            raise fail(f"file is {size:,} bytes, over the limit of {MAX_RESPONSES_BYTES:,} bytes")
        first = handle.read(_CHUNK)
        if first.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")):  # UTF-16/32: small, decode whole
            raw = first + handle.read(MAX_RESPONSES_BYTES + 1 - len(first))
            if len(raw) > MAX_RESPONSES_BYTES:
                raise fail(f"holds more than the limit of {MAX_RESPONSES_BYTES:,} bytes")
            if not raw.strip():
                raise fail("file is empty; it needs a header row: " + ",".join(COLUMNS))
            pieces: Iterator[str] = iter([decode(raw, name)])
        else:
            pieces = _utf8_pieces(handle, first, name)
        yield from _csv_rows(pieces, name, tab=path.suffix.lower() == ".tsv")


_CHUNK: Final = 1 << 20


def _utf8_pieces(handle: Any, first: bytes, name: str) -> Iterator[str]:
    """UTF-8 text a piece at a time, each piece ending at a line break (so no
    character is split), with the same messages as a theme file's at the same place."""

    def fail(message: str, line: int = 1, column: int = 1) -> InputError:
        return InputError([Problem(name, line, column, "", message)])

    total = len(first)
    if first.startswith(b"\xef\xbb\xbf"):
        first = first[3:]
    carry = b""
    lines_before = 0
    seen_text = False
    chunk = first
    while True:
        at_end = len(chunk) == 0
        if b"\x00" in chunk:
            raise fail("is not a text file (it contains NUL bytes); is it UTF-16 without a byte-order mark, or binary?")
        buffer = carry + chunk
        cut = len(buffer) if at_end else buffer.rfind(b"\n") + 1
        piece, carry = buffer[:cut], buffer[cut:]
        if piece:
            seen_text = seen_text or bool(piece.strip())
            try:
                text = piece.decode("utf-8")
            except UnicodeDecodeError as exc:  # located as decode() would, counting the lines already read
                line_start = piece.rfind(b"\n", 0, exc.start) + 1
                raise fail(
                    f"is not UTF-8 text (byte 0x{piece[exc.start]:02x}); save it as UTF-8 "
                    "(it may be Latin-1 or Windows-1252)",
                    lines_before + piece.count(b"\n", 0, exc.start) + 1,
                    exc.start - line_start + 1,
                ) from None
            lines_before += piece.count(b"\n")
            yield text
        if at_end:
            break
        chunk = handle.read(_CHUNK)
        total += len(chunk)
        if total > MAX_RESPONSES_BYTES:
            raise fail(f"holds more than the limit of {MAX_RESPONSES_BYTES:,} bytes")
    if not seen_text:
        raise fail("file is empty; it needs a header row: " + ",".join(COLUMNS))


def _csv_rows(pieces: Iterator[str], name: str, tab: bool) -> Iterator[tuple[int, list[str]]]:
    """CSV rows from pieces of text; the delimiter is the commonest of , ; and tab in the first line."""
    first_piece = next(pieces, "")
    if tab:
        delimiter = "\t"
    else:
        first_line = first_piece.split("\n", 1)[0]
        delimiter = max(",;\t", key=first_line.count)

    def lines() -> Iterator[str]:
        for piece in _chain(first_piece, pieces):
            yield from io.StringIO(piece, newline="")

    reader = csv.reader(lines(), delimiter=delimiter)
    try:
        for number, row in enumerate(reader, start=1):
            yield number, [cell.strip() for cell in row]
    except csv.Error as exc:
        raise InputError([Problem(name, reader.line_num, 1, "", f"invalid CSV: {exc}")]) from None


def _chain(first: str, rest: Iterator[str]) -> Iterator[str]:
    yield first
    yield from rest


def _rows_from_xlsx(path: Path) -> Iterator[tuple[int, list[str]]]:
    from ..safety import NotRegularFile, open_regular

    name = str(path)
    try:
        handle = open_regular(path)
    except NotRegularFile as exc:
        raise InputError([Problem(name, 1, 1, "", f"{exc.args[0]}; give the file itself")]) from None
    except FileNotFoundError:
        raise InputError([Problem(name, 1, 1, "", "no such file")]) from None
    except OSError as exc:
        raise InputError([Problem(name, 1, 1, "", f"cannot be read: {exc.strerror or exc}")]) from None
    with handle:
        yield from _xlsx_rows(handle, name)


def _xlsx_rows(handle: Any, name: str) -> Iterator[tuple[int, list[str]]]:
    import zipfile

    def too_big(message: str, line: int = 1) -> InputError:
        return InputError([Problem(name, line, 1, "", f"{message}; save it as CSV, or split it")])

    def unreadable(exc: BaseException, line: int = 1) -> InputError:
        reason = (
            f"{type(exc).__name__}: {exc}" if not isinstance(exc, (zipfile.BadZipFile, KeyError, OSError)) else str(exc)
        )
        return InputError(
            [
                Problem(
                    name,
                    line,
                    1,
                    "",
                    f"is not a readable Excel .xlsx workbook ({_short_reason(reason)}); save it again as .xlsx or CSV",
                )
            ]
        )

    # A zip bomb is refused by what its members would expand to, before any is
    # inflated: zipfile never gives more than a member's declared size.
    try:
        with zipfile.ZipFile(handle) as archive:
            members = archive.infolist()
    except Exception as exc:
        raise unreadable(exc) from None
    for member in members:
        if member.file_size > MAX_XLSX_MEMBER_BYTES:
            raise too_big(
                f"the workbook's part {member.filename} expands to {member.file_size:,} bytes, "
                f"over the limit of {MAX_XLSX_MEMBER_BYTES:,} bytes"
            )
    expanded = sum(member.file_size for member in members)
    if expanded > MAX_XLSX_BYTES:
        raise too_big(f"the workbook expands to {expanded:,} bytes, over the limit of {MAX_XLSX_BYTES:,} bytes")
    handle.seek(0)
    from openpyxl import load_workbook  # imported only now: a refused bomb is answered in milliseconds

    # openpyxl parses bytes from anywhere: whatever it raises on a damaged
    # workbook (zip, XML and index errors alike) is the workbook's fault.
    try:
        book = load_workbook(handle, read_only=True, data_only=True)
    except Exception as exc:
        raise unreadable(exc) from None
    try:
        try:
            rows = iter(book.worksheets[0].iter_rows(values_only=True))
        except Exception as exc:
            raise unreadable(exc) from None
        number = text = 0
        while True:
            try:
                row = next(rows)
            except StopIteration:
                break
            except Exception as exc:
                raise unreadable(exc, number + 1) from None
            number += 1
            text += sum(len(value) for value in row if isinstance(value, str))
            cells = [_cell(value) for value in row]
            if text > MAX_RESPONSES_BYTES:  # one long shared string repeated in every cell
                raise too_big(f"the cells hold more than {MAX_RESPONSES_BYTES:,} characters of text in all", number)
            yield number, cells
    finally:
        book.close()


def _short_reason(text: str, limit: int = 120) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def read_responses(path: str | Path) -> list[Response]:
    """Every response in a CSV (``.csv``, ``.tsv``, ``.txt``) or Excel (``.xlsx``) sheet
    (a list; :func:`iter_responses` gives them one at a time, in bounded memory).
    """
    return list(iter_responses(path))


def iter_responses(path: str | Path) -> Iterator[Response]:
    """Each response in a CSV (``.csv``, ``.tsv``, ``.txt``) or Excel (``.xlsx``) sheet, as it is read.

    Header names are matched ignoring case, spaces and ``-`` (``Response ID``
    is ``response_id``); extra columns are ignored.  Blank rows are skipped.
    A missing column raises :class:`~mindmap.errors.InputError` (row 1);
    problems with single rows are found by :func:`tally`.
    """
    path = Path(path)
    name = str(path)
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        rows: Iterable[tuple[int, list[str]]] = _rows_from_xlsx(path)
    elif suffix in (".csv", ".tsv", ".txt"):
        rows = _rows_from_csv(path)
    elif suffix == ".xls":
        raise UserError(f"{name}: old Excel .xls files are not supported; save it as .xlsx or CSV")
    else:
        raise UserError(f"{name}: responses must be a .csv or .xlsx file, not '{suffix or 'no extension'}'")
    problems: list[Problem] = []
    columns: dict[str, int] | None = None
    where: dict[str, int] = {}
    for number, cells in rows:
        if columns is None:
            if not any(cells):
                continue  # blank rows above the header
            columns = {}
            for index, cell in enumerate(cells):
                key = _header_key(cell)
                if key in COLUMNS and key in columns:
                    problems.append(Problem(name, number, index + 1, key, f"column '{cell}' appears twice; keep one"))
                elif key:
                    columns.setdefault(key, index)
            found = [cell for cell in cells if cell]
            for wanted in COLUMNS:
                if wanted not in columns:
                    close = difflib.get_close_matches(wanted, [_header_key(c) for c in found], n=1, cutoff=0.6)
                    hint = (
                        f"; did you mean '{close[0]}'?"
                        if close
                        else f"; the header has: {', '.join(found) or 'nothing'}"
                    )
                    problems.append(Problem(name, number, 1, "", f"missing column '{wanted}'{hint}"))
            if problems:
                raise InputError(problems)
            where = {key: columns[key] + 1 for key in COLUMNS}  # one dict, shared by every row
            continue
        if not any(cells):
            continue
        values = {key: (cells[index] if index < len(cells) else "") for key, index in columns.items()}
        response_id = values["response_id"]
        codes = tuple(dict.fromkeys(c.strip().lower() for c in values["codes"].split(CODE_SEPARATOR) if c.strip()))
        response = Response(
            row=number,
            response_id=response_id,
            hypothesis=values["hypothesis"].strip().lower(),
            text=values["text"],
            codes=codes,
            excluded=values["excluded"].strip(),
            columns=where,
        )
        yield response
    if columns is None:
        raise InputError(
            [Problem(name, 1, 1, "", "has no header row; the first row must name the columns: " + ", ".join(COLUMNS))]
        )


# --- counting ----------------------------------------------------------------------


@dataclass
class ThemeCount:
    """One theme's count, with where it stands in the file (``path`` into the map's data)."""

    key: str
    label: str
    depth: int
    path: tuple[Any, ...]
    n: int
    previous: int | str | None


@dataclass
class MapCount:
    """One map's counts."""

    mind_map: MindMap
    file: str
    received: int = 0
    excluded: int = 0
    coded: int = 0
    not_coded: int = 0
    themes: list[ThemeCount] = field(default_factory=list)

    @property
    def n(self) -> int:
        return self.coded

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.mind_map.id,
            "file": self.file,
            "received": self.received,
            "excluded": self.excluded,
            "coded": self.coded,
            "not_coded": self.not_coded,
            "n": self.n,
            "previous_n": self.mind_map.n,
            "themes": [
                {"id": t.key, "label": t.label, "depth": t.depth, "n": t.n, "previous_n": t.previous}
                for t in self.themes
            ],
        }


@dataclass
class Tally:
    """The counts for a whole responses sheet."""

    source: str
    received: int
    excluded: dict[str, int]
    coded: int
    not_coded: int
    maps: list[MapCount]
    localities: list[dict[str, Any]]
    untagged: int
    not_coded_rows: list[int] = field(default_factory=list)

    @property
    def excluded_total(self) -> int:
        return sum(self.excluded.values())

    def as_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "responses": self.received,
            "excluded": self.excluded_total,
            "excluded_by_reason": dict(self.excluded),
            "coded": self.coded,
            "not_coded": self.not_coded,
            "not_coded_rows": self.not_coded_rows,
            "maps": [m.as_dict() for m in self.maps],
            "localities": self.localities,
            "untagged": self.untagged,
        }


def _theme_paths(
    themes: list[Theme], path: tuple[Any, ...], depth: int, parents: tuple[str, ...]
) -> Iterator[tuple[Theme, tuple[Any, ...], int, tuple[str, ...]]]:
    for index, theme in enumerate(themes):
        here = (*path, index)
        yield theme, here, depth, (*parents, theme.key)
        yield from _theme_paths(theme.subthemes, (*here, "subthemes"), depth + 1, (*parents, theme.key))


def _unknown(what: str, name: str, known: list[str], listing: str, context: str = "") -> str:
    close = difflib.get_close_matches(name, known, n=1)
    if close:
        hint = f"; did you mean '{close[0]}'?"
    elif len(known) <= 12:
        hint = f"; {listing}: {', '.join(known)}"
    else:
        hint = ""
    return f"unknown {what} '{name}'{context}{hint}"


def tally(responses: Iterable[Response], maps: dict[str, tuple[MindMap, str]], source: str = "") -> Tally:
    """Count ``responses`` against ``maps`` (map id to the map and its file).  Pure.

    ``responses`` may be a stream (:func:`iter_responses`): each is counted
    and dropped, so a million rows take little memory.  Raises
    :class:`~mindmap.errors.InputError` naming the row of every response with
    an empty or duplicate id, an unknown map id, an unknown code, or both an
    exclusion reason and codes (the first :data:`~mindmap.safety.MAX_MESSAGES`
    of them, and a count of the rest).
    """
    from ..safety import MAX_MESSAGES

    problems = _Capped(MAX_MESSAGES)
    chains: dict[str, dict[str, tuple[str, ...]]] = {}
    counts: dict[str, MapCount] = {}
    map_ids = sorted(maps)
    for map_id, (mind_map, file) in maps.items():
        chain: dict[str, tuple[str, ...]] = {}
        themes: list[ThemeCount] = []
        for theme, path, depth, parents in _theme_paths(mind_map.themes, ("themes",), 1, ()):
            chain[theme.key] = parents
            themes.append(ThemeCount(theme.key, theme.label, depth, path, 0, theme.n))
        chains[map_id] = chain
        counts[map_id] = MapCount(mind_map, file, themes=themes)
    # Response ids are unique (a repeat is an error), so a theme's n is a count, not a set of ids.
    credited: dict[str, dict[str, int]] = {map_id: {} for map_id in maps}
    received = 0
    mentioned: set[str] = set()
    excluded: dict[str, int] = {}
    reason_names: dict[str, str] = {}
    tags: dict[str, dict[str, Any]] = {}
    untagged = 0
    coded = not_coded = 0
    not_coded_rows: list[int] = []
    first_row: dict[str, int] = {}
    default_where = {key: i + 1 for i, key in enumerate(COLUMNS)}
    for response in responses:
        received += 1
        mentioned.add(response.hypothesis)
        where = response.columns or default_where
        if not response.response_id:
            problems.append(
                Problem(
                    source, response.row, where["response_id"], "response_id", "is empty; give every response an id"
                )
            )
        elif response.response_id in first_row:
            problems.append(
                Problem(
                    source,
                    response.row,
                    where["response_id"],
                    "response_id",
                    f"duplicate response id '{response.response_id}' "
                    f"(first at row {first_row[response.response_id]}); give each response its own id",
                )
            )
        else:
            first_row[response.response_id] = response.row
        map_count = counts.get(response.hypothesis)
        if response.hypothesis and map_count is None:
            problems.append(
                Problem(
                    source,
                    response.row,
                    where["hypothesis"],
                    "hypothesis",
                    _unknown("map id", response.hypothesis, map_ids, "the maps are"),
                )
            )
        if response.is_excluded and response.codes:
            problems.append(
                Problem(
                    source,
                    response.row,
                    where["excluded"],
                    "excluded",
                    f"response is excluded ('{response.excluded}') but also coded "
                    f"({'; '.join(response.codes)}); clear the reason or the codes",
                )
            )
            continue
        if response.codes and not response.hypothesis:
            problems.append(
                Problem(
                    source,
                    response.row,
                    where["hypothesis"],
                    "hypothesis",
                    "is empty but the response is coded; name the map it answers",
                )
            )
            continue
        if map_count is not None:
            map_count.received += 1
        found = hashtags(response.text)
        if found:
            for tag in found:
                entry = tags.setdefault(tag.casefold(), {"tag": tag, "responses": 0, "excluded": 0, "coded": 0})
                entry["responses"] += 1
        else:
            untagged += 1
        if response.is_excluded:
            key = response.excluded.casefold()
            reason_names.setdefault(key, response.excluded)
            excluded[key] = excluded.get(key, 0) + 1
            if map_count is not None:
                map_count.excluded += 1
            for tag in found:
                tags[tag.casefold()]["excluded"] += 1
            continue
        if not response.codes:
            not_coded += 1
            not_coded_rows.append(response.row)
            if map_count is not None:
                map_count.not_coded += 1
            continue
        if map_count is None:
            continue
        chain = chains[response.hypothesis]
        bad = False
        for code in response.codes:
            if code not in chain:
                problems.append(
                    Problem(
                        source,
                        response.row,
                        where["codes"],
                        "codes",
                        _unknown("code", code, list(chain), "its theme ids are", f" for map '{response.hypothesis}'"),
                    )
                )
                bad = True
        if bad:
            continue
        coded += 1
        map_count.coded += 1
        for tag in found:
            tags[tag.casefold()]["coded"] += 1
        themes_hit: set[str] = set()
        for code in response.codes:
            themes_hit.update(chain[code])
        hits = credited[response.hypothesis]
        for key in themes_hit:
            hits[key] = hits.get(key, 0) + 1
    if problems or problems.more:
        raise InputError(list(problems), more=problems.more)
    for map_id, map_count in counts.items():
        for theme_count in map_count.themes:
            theme_count.n = credited[map_id].get(theme_count.key, 0)
    localities = sorted(tags.values(), key=lambda t: (-t["responses"], t["tag"].casefold()))
    return Tally(
        source=source,
        received=received,
        excluded={reason_names[k]: v for k, v in sorted(excluded.items(), key=lambda kv: (-kv[1], kv[0]))},
        coded=coded,
        not_coded=not_coded,
        maps=[counts[m] for m in map_ids if m in mentioned],
        localities=localities,
        untagged=untagged,
        not_coded_rows=not_coded_rows,
    )


class _Capped(list[Problem]):
    """A list of problems that keeps the first ``limit`` and counts the rest."""

    def __init__(self, limit: int) -> None:
        super().__init__()
        self.limit = limit
        self.more = 0

    def append(self, problem: Problem) -> None:
        if len(self) < self.limit:
            super().append(problem)
        else:
            self.more += 1


# --- writing counts back -------------------------------------------------------------

# Where ``n`` goes when a mapping has none: after the last of these keys present.
_ANCHORS: Final = {
    "map": ("headline", "hypothesis", "title", "id"),
    "theme": ("description", "label", "id"),
}


@dataclass
class FileUpdate:
    """A theme file's new bytes and what changed in it."""

    path: Path
    old: bytes
    new: bytes
    changes: list[str]


@dataclass
class _Span:
    start: int
    end: int
    column: int
    flow: bool = False


def _yaml_spans(text: str) -> tuple[dict[tuple[Any, ...], _Span], dict[tuple[Any, ...], _Span]]:
    """Character spans of every value (by path) and every key, from the YAML events."""
    import yaml

    values: dict[tuple[Any, ...], _Span] = {}
    keys: dict[tuple[Any, ...], _Span] = {}
    # Each open container: [is_mapping, path, pending key or None, count]
    stack: list[list[Any]] = []

    def place(event: Any) -> tuple[tuple[Any, ...], bool]:
        if not stack:
            return (), False
        top = stack[-1]
        if not top[0]:
            top[3] += 1
            return (*top[1], top[3] - 1), False
        if top[2] is None:
            return top[1], True
        return (*top[1], top[2]), False

    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        start, end = event.start_mark, event.end_mark
        if start is None or end is None:  # the parser marks every event it emits
            raise ValueError(f"YAML event without a position: {event!r}")
        if isinstance(event, yaml.ScalarEvent):
            path, is_key = place(event)
            span = _Span(start.index, end.index, start.column)
            if is_key:
                stack[-1][2] = event.value
                keys[(*path, event.value)] = span
            else:
                values[path] = span
                if stack and stack[-1][0]:
                    stack[-1][2] = None
        elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            path, _ = place(event)
            values[path] = _Span(start.index, -1, start.column, bool(event.flow_style))
            stack.append([isinstance(event, yaml.MappingStartEvent), path, None, 0])
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            _, path, _, _ = stack.pop()
            values[path].end = end.index
            if stack and stack[-1][0]:
                stack[-1][2] = None
    return values, keys


def _line_start(text: str, index: int) -> int:
    return max(text.rfind("\n", 0, index), text.rfind("\r", 0, index)) + 1


def _yaml_edits(text: str, wanted: dict[tuple[Any, ...], tuple[str, int | str]]) -> str:
    """Set ``n`` in each mapping at the given paths, editing only the number's characters
    (the whole value when a suppressed count ``"<K"`` is written or replaced)."""
    values, keys = _yaml_spans(text)
    newline = "\r\n" if "\r\n" in text else ("\r" if "\r" in text and "\n" not in text else "\n")
    edits: list[tuple[int, int, str]] = []
    for path, (kind, n) in wanted.items():
        if (*path, "n") in values:
            span = values[(*path, "n")]
            raw = text[span.start : span.end]
            if isinstance(n, str) or "<" in raw:  # a suppressed count, written or replaced
                edits.append((span.start, span.end, f'"{n}"' if isinstance(n, str) else str(n)))
                continue
            digits = re.search(r"[-+]?[0-9]+(?=[^0-9]*$)", raw)  # 12, 007, !!int 12, !!int "12"
            if digits is None:  # pragma: no cover - a valid file's n is always a whole number
                raise AssertionError(f"cannot find the number in {raw!r}")
            edits.append((span.start + digits.start(), span.start + digits.end(), str(n)))
            continue
        anchor = next(k for k in _ANCHORS[kind] if (*path, k) in values)
        mapping = values[path]
        value = values[(*path, anchor)]
        shown = f'"{n}"' if isinstance(n, str) else str(n)
        if mapping.flow:
            edits.append((value.end, value.end, f", n: {shown}"))
            continue
        key = keys[(*path, anchor)]
        end = value.end
        start_of_line = _line_start(text, end)
        if text[start_of_line:end].strip() == "":
            at = start_of_line  # a block scalar ends at the start of the next line
        else:
            found = [i for i in (text.find("\n", end), text.find("\r", end)) if i >= 0]
            if not found:
                edits.append((len(text), len(text), f"{newline}{' ' * key.column}n: {shown}"))
                continue
            at = min(found)
            at += 2 if text.startswith("\r\n", at) else 1
        edits.append((at, at, f"{' ' * key.column}n: {shown}{newline}"))
    out = text
    for start, end, replacement in sorted(edits, reverse=True):
        out = out[:start] + replacement + out[end:]
    return out


def _json_edits(text: str, wanted: dict[tuple[Any, ...], tuple[str, int | str]]) -> str:
    data = json.loads(text)

    def get(path: tuple[Any, ...]) -> Any:
        item = data
        for part in path:
            item = item[part]
        return item

    for path, (kind, n) in sorted(wanted.items(), key=lambda kv: len(kv[0]), reverse=True):
        mapping = get(path)
        if "n" in mapping:
            mapping["n"] = n
            continue
        anchor = next(k for k in _ANCHORS[kind] if k in mapping)
        rebuilt: dict[str, Any] = {}
        for key, value in mapping.items():
            rebuilt[key] = value
            if key == anchor:
                rebuilt["n"] = n
        mapping.clear()
        mapping.update(rebuilt)
    indent = 2
    match = re.search(r"\n([ \t]+)\S", text)
    if match and set(match.group(1)) == {" "}:
        indent = len(match.group(1))
    return json.dumps(data, indent=indent, ensure_ascii=False) + "\n"


def update_text(text: str, name: str, counts: MapCount, suppress_below: int | None = None) -> tuple[str, list[str]]:
    """The theme file's text with every count set, and a line for each change.

    YAML is edited in place (only the digits change, or one ``n:`` line is
    added per theme that had none); JSON is rewritten with ``json.dumps``.
    With ``suppress_below`` K, counts from 1 to K-1 are written as ``"<K"``.
    The result is loaded again and checked before it is returned.
    """
    from ..load.reader import parse_document, validate_document
    from ..model.counts import suppress

    wanted: dict[tuple[Any, ...], tuple[str, int | str]] = {}
    changes: list[str] = []
    map_n = suppress(counts.n, suppress_below) if isinstance(counts.n, int) else counts.n
    if counts.mind_map.n != map_n:
        wanted[()] = ("map", map_n)
        changes.append(f"n: {_show(counts.mind_map.n)} -> {map_n}")
    shown: dict[tuple[Any, ...], Any] = {}
    for theme in counts.themes:
        shown[theme.path] = suppress(theme.n, suppress_below) if isinstance(theme.n, int) else theme.n
        if theme.previous != shown[theme.path]:
            wanted[theme.path] = ("theme", shown[theme.path])
            changes.append(f"{theme.key}: {_show(theme.previous)} -> {shown[theme.path]}")
    if not wanted:
        return text, []
    new = _json_edits(text, wanted) if name.lower().endswith(".json") else _yaml_edits(text, wanted)
    check = validate_document(parse_document(new, name), name)
    got = {tuple(p): t.n for t, p, _, _ in _theme_paths(check.themes, ("themes",), 1, ())}
    expected = shown
    if check.n != map_n or got != expected:  # pragma: no cover - a bug, not bad input
        raise AssertionError(f"{name}: counts did not round-trip ({got} != {expected})")
    return new, changes


def _show(n: int | str | None) -> str:
    return "none" if n is None else str(n)


_BOM: Final = b"\xef\xbb\xbf"


def plan_writes(result: Any, suppress_below: int | None = None) -> list[FileUpdate]:
    """The new bytes of every theme file whose counts change (nothing is written)."""
    updates: list[FileUpdate] = []
    for counts in result.maps:
        path = Path(counts.file)
        old = path.read_bytes()
        bom = _BOM if old.startswith(_BOM) else b""
        try:
            text = old[len(bom) :].decode("utf-8")
        except UnicodeDecodeError:
            raise UserError(f"{path}: --write edits UTF-8 files only; save this file as UTF-8 and run again") from None
        new_text, changes = update_text(text, counts.file, counts, suppress_below)
        if changes:
            updates.append(FileUpdate(path, old, bom + new_text.encode("utf-8"), changes))
    return updates


def write_files(updates: list[FileUpdate]) -> None:
    """Write every update, all or none: each new file is complete on disk beside
    its target before any target is replaced, and a file that changed since it
    was read stops the whole write."""
    import shutil

    from ..files import WriteError

    staged: list[tuple[str, Path]] = []
    backups: list[tuple[Path, Path]] = []
    replaced: list[Path] = []
    current = updates[0].path if updates else Path(".")
    try:
        for update in updates:
            current = update.path
            real = Path(os.path.realpath(update.path))  # through a link: the file it points to, and the link stays
            fd, tmp = tempfile.mkstemp(prefix=f".{real.name}.", suffix=".tmp", dir=real.parent)
            staged.append((tmp, real))
            with os.fdopen(fd, "wb") as handle:
                handle.write(update.new)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(tmp, update.path.stat().st_mode & 0o7777)
        for update in updates:
            if update.path.read_bytes() != update.old:
                raise UserError(f"{update.path}: changed while counting; nothing written, run tally again")
        # Each old file is kept (a hard link) until every new one is in place, so
        # that a failure or Ctrl-C between two renames puts the old ones back.
        for tmp, target in staged:
            backup = Path(f"{tmp}.old")
            try:
                os.link(target, backup)
            except OSError:
                shutil.copy2(target, backup)
            backups.append((backup, target))
        for tmp, target in staged:
            current = target
            os.replace(tmp, target)
            replaced.append(target)
    except BaseException as exc:
        for backup, target in backups:
            if target in replaced:
                os.replace(backup, target)
        for tmp, _ in staged:
            try:
                os.unlink(tmp)
            except FileNotFoundError:
                pass
        if isinstance(exc, OSError) and not isinstance(exc, WriteError):
            raise WriteError(current, exc) from exc  # a full disk: a message, not a traceback
        raise
    finally:
        for backup, _ in backups:
            try:
                os.unlink(backup)
            except FileNotFoundError:
                pass
