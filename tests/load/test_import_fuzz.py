"""Random mutations of the import fixtures: a theme file that validates, or a clean user error.

Each case mutates the bytes of a hand-written fixture (a codebook, a project,
each outline format, and a project's zip) and imports it the way
``mindmap import`` does.  It must either give a theme file that loads again,
or raise :class:`~mindmap.errors.UserError` (every line of an
:class:`~mindmap.errors.InputError` located as ``FILE:LINE:COL: ...``).  Any
other exception fails, and hypothesis shrinks it to a small reproducer.
"""

from __future__ import annotations

import atexit
import io
import re
import shutil
import tempfile
import zipfile
from pathlib import Path

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from mindmap.cli.import_ import import_text
from mindmap.errors import InputError, UserError
from mindmap.load.reader import parse_document, validate_document

FIXTURES = Path(__file__).parent.parent / "fixtures"
SEEDS = [
    ("qdc", (FIXTURES / "qda" / "nested.qdc").read_bytes()),
    ("qdc", (FIXTURES / "qda" / "taguette-paths.qdc").read_bytes()),
    ("qde", (FIXTURES / "qda" / "small-project.qde").read_bytes()),
    ("freemind", (FIXTURES / "outlines" / "freeplane.mm").read_bytes()),
    ("markdown", (FIXTURES / "outlines" / "markmap.md").read_bytes()),
    ("opml", (FIXTURES / "outlines" / "outliner.opml").read_bytes()),
    ("mermaid", (FIXTURES / "outlines" / "diagram.mmd").read_bytes()),
]
TOKENS = [
    "<",
    ">",
    "</",
    "/>",
    "&",
    "&amp;",
    "&#0;",
    "&#x110000;",
    "&lol;",
    '"',
    "'",
    "=",
    "<!DOCTYPE x>",
    "<![CDATA[",
    "]]>",
    "<?pi?>",
    "<!--",
    "-->",
    'xmlns="urn:x"',
    'guid="',
    'name=""',
    'isCodable="maybe"',
    'color="#zz"',
    '<Code guid="6f1c2b4a-1d2e-4f3a-8b9c-0a1b2c3d4e01" name="A" isCodable="true"/>',
    '<Coding guid="c1000000-0000-4000-8000-000000000009"/>',
    'targetGUID="',
    "{",
    "}",
    "\n",
    "  ",
    "\t",
    "#",
    "##",
    "- ",
    "* ",
    "↔ ",
    "“",
    "”",
    "[n=",
    "[n<1]",
    "[n=99999999999]",
    "]",
    "(",
    ")",
    "((",
    "))",
    "%%",
    "%% connection: ",
    " <-> ",
    "---\n",
    "mindmap\n",
    "\ufeff",
    "\x00",
    "\u202e",
    "é",
    "中文",
    "🎉",
    "\\",
    "`",
    '<node TEXT="x">',
    "</node>",
    '<outline text="y"/>',
    '<arrowlink DESTINATION="ID_1"/>',
    'STYLE="bubble"',
]
PROBLEM = re.compile(r"^.+:\d+:\d+: .*\S")
_FOLDER = Path(tempfile.mkdtemp(prefix="mindmap-import-fuzz-"))
atexit.register(shutil.rmtree, _FOLDER, ignore_errors=True)
SUFFIX = {
    "qdc": ".qdc",
    "qde": ".qde",
    "qdpx": ".qdpx",
    "freemind": ".mm",
    "markdown": ".md",
    "opml": ".opml",
    "mermaid": ".mmd",
}


def _check(fmt: str, data: bytes) -> str:
    path = _FOLDER / f"case{SUFFIX[fmt]}"
    path.write_bytes(data)
    try:
        text = import_text(path, fmt)
    except InputError as exc:
        assert exc.problems
        for line in exc.lines():
            assert PROBLEM.match(line), line
        return "located error"
    except UserError as exc:
        assert exc.lines() and all(exc.lines())
        return "user error"
    validate_document(parse_document(text, "out.yaml"), "out.yaml")  # what import wrote is valid
    return "theme file"


@st.composite
def mutants(draw: st.DrawFn) -> tuple[str, bytes]:
    fmt, data = draw(st.sampled_from(SEEDS))
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(data)))
        op = draw(st.sampled_from(["insert", "insert", "delete", "replace", "truncate", "dup-line", "swap-lines"]))
        if op == "insert":
            data = data[:at] + draw(st.sampled_from(TOKENS)).encode("utf-8") + data[at:]
        elif op == "delete":
            data = data[:at] + data[at + draw(st.integers(1, 60)) :]
        elif op == "replace":
            data = data[:at] + draw(st.binary(max_size=6)) + data[at + draw(st.integers(0, 6)) :]
        elif op == "truncate":
            data = data[:at]
        else:
            lines = data.split(b"\n")
            i, j = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
            if op == "dup-line":
                lines.insert(i, lines[i])
            else:
                lines[i], lines[j] = lines[j], lines[i]
            data = b"\n".join(lines)
    return fmt, data


@settings(max_examples=1500, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(mutants())
def test_mutated_imports_give_a_theme_file_or_a_clean_error(case: tuple[str, bytes]):
    event(_check(*case))


def _zip(qde: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("project.qde", qde)
        archive.writestr("Sources/a.txt", b"text")
    return buffer.getvalue()


ZIP_SEED = _zip((FIXTURES / "qda" / "small-project.qde").read_bytes())


@settings(max_examples=500, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.tuples(st.integers(0, len(ZIP_SEED) - 1), st.binary(min_size=1, max_size=4)), min_size=1, max_size=4),
    st.booleans(),
)
def test_damaged_project_zips_give_a_theme_file_or_a_clean_error(edits, truncate):
    data = bytearray(ZIP_SEED)
    for at, piece in edits:
        data[at : at + len(piece)] = piece
    if truncate:
        data = data[: edits[0][0]]
    event(_check("qdpx", bytes(data)))


def test_the_seeds_themselves_import():
    for fmt, data in SEEDS:
        assert _check(fmt, data) == "theme file", fmt
    assert _check("qdpx", ZIP_SEED) == "theme file"
