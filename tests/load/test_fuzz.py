"""Random mutations of valid theme files: a valid figure or a clean error, never a crash.

Two kinds of mutation, a few thousand cases in all:

* text: bytes and lines of real theme files (YAML and JSON) deleted,
  duplicated, swapped, truncated, or spliced with YAML's sharp edges
  (anchors, tags, tabs, flow brackets, quotes, BOMs, NUL, odd Unicode);
* structure: one value anywhere in a valid map replaced by any JSON-ish value
  (None, booleans, huge and negative numbers, NaN, hostile text, lists,
  mappings), a key removed or added, then written as YAML or JSON.

Each result is loaded from disk as a user's file would be.  It must either
raise :class:`~mindmap.errors.UserError` whose every line is a
``FILE:LINE:COL: ...`` problem, or load and render an SVG that parses and
shows every theme label.  Any other exception fails the test (and hypothesis
shrinks it to a small reproducer).  SVG only, to stay fast.
"""

from __future__ import annotations

import atexit
import copy
import json
import re
import shutil
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from mindmap.errors import InputError, UserError
from mindmap.load.reader import load_map
from mindmap.publish.render import render_svg

from ..conftest import THEMES, small_map

SVG = "{http://www.w3.org/2000/svg}"
PROBLEM = re.compile(r"^.+:\d+:\d+: .*\S")
SEEDS: list[tuple[str, bytes]] = [
    (".yaml", yaml.safe_dump(small_map(), sort_keys=False, allow_unicode=True).encode("utf-8")),
    (".json", json.dumps(small_map(), indent=2).encode("utf-8")),
    *((".yaml", path.read_bytes()) for path in sorted(THEMES.glob("*.yaml"))[:4]),
]
TOKENS = [
    ":",
    ": ",
    "- ",
    "-",
    "? ",
    "&a ",
    "*a",
    "<<: ",
    "!!str ",
    "!!python/object:os.system ",
    "!x ",
    "{",
    "}",
    "[",
    "]",
    ",",
    '"',
    "'",
    "#",
    "|",
    ">",
    "---\n",
    "...\n",
    "\t",
    "\n",
    "  ",
    "    ",
    "~",
    "null",
    "yes",
    "1e3",
    "0x1F",
    "-1",
    "2.5",
    ".nan",
    "99999999999999999999",
    "2023-12-11",
    "\ufeff",
    "\x00",
    "\x07",
    "\u202e",
    "é",
    "ŵ",
    "中文",
    "עברית",
    "🎉",
    "e\u0301",
    "\\",
    "\\u",
    "\\ud800",
    "%",
    "@",
    "`",
    "<script>",
    "&amp;",
    "id: ",
    "label: ",
    "themes:",
    "n: ",
    "subthemes:\n",
    "between: [",
    "style:\n  look:\n",
]
HOSTILE_TEXT = st.text(
    alphabet=st.one_of(
        st.characters(codec="utf-8", exclude_categories=("Cs",)),
        st.sampled_from("<>&\"'{}|\\\t\n :-#*!%@`\x00\x1b\u202e\ufeff"),
    ),
    max_size=12,
)
PRINTABLE_TEXT = st.text(
    alphabet=st.one_of(
        st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")),
        st.sampled_from("<>&\"'{}|\\ :-#*!%@`\u202e\ufeff\u0301ŵŷ中文עבריתالعربية🎉👩‍⚕️"),
    ),
    min_size=1,
    max_size=60,
)
VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(10**20), 10**20)
    | st.floats()
    | HOSTILE_TEXT
    | st.sampled_from(["alpha", "beta", "gamma", "", "   ", "yes", "1e3", "2023-12-11"]),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(
            st.sampled_from(["id", "label", "n", "text", "between", "subthemes", "look", "x"]) | HOSTILE_TEXT,
            inner,
            max_size=3,
        )
    ),
    max_leaves=6,
)

_FOLDER = Path(tempfile.mkdtemp(prefix="mindmap-fuzz-"))  # one file, rewritten per case (fast)
atexit.register(shutil.rmtree, _FOLDER, ignore_errors=True)


def _check(suffix: str, data: bytes) -> str:
    """The property: a clean, located error, or a figure with every label.  Says which."""
    path = _FOLDER / f"map{suffix}"
    path.write_bytes(data)
    try:
        mind_map = load_map(path)
    except InputError as exc:
        assert exc.problems
        for line in exc.lines():
            assert PROBLEM.match(line), line
        return "clean error"
    try:
        svg = render_svg(mind_map)
    except UserError as exc:  # a style block that does not fit the sheet
        assert exc.lines() and all(exc.lines())
        return "clean style error"
    root = ET.fromstring(svg.encode("utf-8"))
    titles = {t.text for t in root.iter(f"{SVG}title")}
    assert mind_map.title in titles
    assert {theme.label for theme, _ in mind_map.walk()} <= titles
    return "valid figure"


@st.composite
def text_mutants(draw: st.DrawFn) -> tuple[str, bytes]:
    suffix, data = draw(st.sampled_from(SEEDS))
    for _ in range(draw(st.integers(1, 4))):
        size = len(data)
        at = draw(st.integers(0, size))
        op = draw(st.sampled_from(["insert", "delete", "replace", "dup-line", "swap-lines", "truncate", "indent"]))
        if op == "insert":
            data = data[:at] + draw(st.sampled_from(TOKENS)).encode("utf-8", "surrogatepass") + data[at:]
        elif op == "delete":
            data = data[:at] + data[at + draw(st.integers(1, 40)) :]
        elif op == "replace":
            piece = draw(HOSTILE_TEXT).encode("utf-8")
            data = data[:at] + piece + data[at + draw(st.integers(0, 10)) :]
        elif op == "truncate":
            data = data[:at]
        else:
            lines = data.split(b"\n")
            i = draw(st.integers(0, len(lines) - 1))
            if op == "dup-line":
                lines.insert(i, lines[i])
            elif op == "swap-lines":
                j = draw(st.integers(0, len(lines) - 1))
                lines[i], lines[j] = lines[j], lines[i]
            else:
                lines[i] = draw(st.sampled_from([b" ", b"  ", b"\t", b""])) + lines[i].lstrip(b" ")
            data = b"\n".join(lines)
    return suffix, data


def _paths(value: Any, here: tuple = ()) -> list[tuple]:
    found = [here]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*here, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _paths(item, (*here, index))
    return found


def _get(data: Any, path: tuple) -> Any:
    for part in path:
        data = data[part]
    return data


@st.composite
def structure_mutants(draw: st.DrawFn) -> tuple[str, bytes]:
    data = small_map()
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(_paths(data)[1:]))
        parent = _get(data, path[:-1])
        op = draw(st.sampled_from(["retext", "retext", "replace", "replace", "delete", "add-key"]))
        if op == "retext":  # any words at all in place of a text: mostly still a valid map
            texts = [p for p in _paths(data)[1:] if isinstance(_get(data, p), str)]
            if texts:
                where = draw(st.sampled_from(texts))
                _get(data, where[:-1])[where[-1]] = draw(PRINTABLE_TEXT)
        elif op == "replace":
            parent[path[-1]] = draw(VALUES)
        elif op == "delete":
            del parent[path[-1]]
        elif isinstance(parent, dict):
            parent[draw(HOSTILE_TEXT)] = draw(VALUES)
        else:
            parent.append(copy.deepcopy(draw(VALUES)))
    if draw(st.booleans()):
        return ".json", json.dumps(data, ensure_ascii=draw(st.booleans())).encode("utf-8", "surrogatepass")
    text = yaml.safe_dump(
        data,
        allow_unicode=draw(st.booleans()),
        sort_keys=False,
        default_flow_style=draw(st.sampled_from([False, None, True])),
    )
    return ".yaml", text.encode("utf-8", "surrogatepass")


@settings(max_examples=2000, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(text_mutants())
def test_mutated_text_gives_a_figure_or_a_clean_error(case: tuple[str, bytes]):
    event(_check(*case))


@settings(max_examples=2000, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(structure_mutants())
def test_mutated_structure_gives_a_figure_or_a_clean_error(case: tuple[str, bytes]):
    event(_check(*case))


def test_the_seeds_themselves_render():
    for suffix, data in SEEDS:
        assert _check(suffix, data) == "valid figure"
        assert load_map(_FOLDER / f"map{suffix}")  # each seed is valid, so mutants start from a real map


# --- damaged Excel workbooks (mindmap tally) ----------------------------------------


def _good_workbook() -> bytes:
    import csv
    import io

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    responses = Path(__file__).resolve().parents[1] / "fixtures" / "responses" / "responses.csv"
    with responses.open(newline="", encoding="utf-8") as handle:
        for row in csv.reader(handle):
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


GOOD_WORKBOOK = _good_workbook()
WORKBOOK_PARTS = __import__("zipfile").ZipFile(__import__("io").BytesIO(GOOD_WORKBOOK)).namelist()


@st.composite
def damaged_workbooks(draw: st.DrawFn) -> bytes:
    import io
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(GOOD_WORKBOOK))
    target = draw(st.sampled_from(WORKBOOK_PARTS))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name in WORKBOOK_PARTS:
            data = source.read(name)
            if name == target:
                op = draw(st.sampled_from(["truncate", "flip", "garbage", "drop"]))
                if op == "drop":
                    continue
                if op == "truncate":
                    data = data[: draw(st.integers(0, len(data)))]
                elif op == "flip":
                    damaged = bytearray(data)
                    for _ in range(draw(st.integers(1, 5))):
                        damaged[draw(st.integers(0, len(damaged) - 1))] = draw(st.integers(0, 255))
                    data = bytes(damaged)
                else:
                    data = draw(st.binary(max_size=60))
            archive.writestr(name, data)
    return out.getvalue()


@settings(max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(damaged_workbooks())
def test_a_damaged_workbook_gives_responses_or_a_clean_error(data: bytes):
    from mindmap.analysis.tally import read_responses

    path = _FOLDER / "responses.xlsx"
    path.write_bytes(data)
    try:
        read_responses(path)
    except InputError as exc:
        assert all(PROBLEM.match(line) for line in exc.lines()), exc.lines()
        event("clean error")
    except UserError:
        event("clean error")
    else:
        event("read")
