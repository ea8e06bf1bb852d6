"""Hardening, `mindmap tally`: a million rows in bounded memory, 300,000 bad rows in
51 lines, zip bombs refused at once, and --write through a link writes the target.

Issue 15, failures 10 and 11 and the tally weak spots.  The big files are made in
tmp_path; the figures measured are printed (run with -s to see them).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mindmap.cli import app

from ..conftest import FIXTURES

RESPONSE_THEMES = FIXTURES / "responses" / "themes"
HEADER = "response_id,hypothesis,text,codes,excluded\n"
MB = 1024 * 1024


@pytest.fixture
def themes(tmp_path) -> Path:
    folder = tmp_path / "themes"
    shutil.copytree(RESPONSE_THEMES, folder)
    return folder


def _peak(args: list[str]) -> tuple[int, float, subprocess.CompletedProcess]:
    """Run mindmap in a fresh process: its peak resident memory (bytes) and wall time.

    The peak is the kernel's VmHWM for the new process image: getrusage's
    ru_maxrss would also count the pytest process it was forked from.
    """
    script = (
        "import re, sys\n"
        "from mindmap.cli import app\n"
        "try:\n"
        f"    app({args!r}, prog_name='mindmap')\n"
        "except SystemExit as exit:\n"
        "    code = exit.code\n"
        "status = open('/proc/self/status').read()\n"
        "print('PEAK', re.search(r'VmHWM:\\s+(\\d+) kB', status).group(1), file=sys.stderr)\n"
        "sys.exit(code)\n"
    )
    started = time.monotonic()
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=600)
    elapsed = time.monotonic() - started
    peak = int(re.search(r"PEAK (\d+)", result.stderr).group(1)) * 1024
    return peak, elapsed, result


def test_a_million_rows_are_counted_in_bounded_memory(tmp_path, themes):
    """1 million rows took 13 s and 1 GB: the rows were all kept.  Now streamed (aim: 200 MB at most)."""
    codes = ["sharing-learning", "business-cases;funding-cycles", "short-term-complexity", "", "local-adaptation"]
    path = tmp_path / "million.csv"
    with path.open("w", encoding="utf-8") as handle:
        handle.write(HEADER)
        for i in range(1_000_000):
            code = codes[i % 5]
            handle.write(f"r{i},h9-process,Said #Tag{i % 7},{code},{'' if code else 'not relevant'}\n")
    peak, elapsed, result = _peak(["tally", str(path), "--themes", str(themes), "--json"])
    print(f"\n1,000,000 CSV rows ({path.stat().st_size / MB:.0f} MB): peak {peak / MB:.0f} MB, {elapsed:.1f} s")
    assert result.returncode == 0, result.stderr[-2000:]
    assert '"responses": 1000000' in result.stdout
    assert '"coded": 800000' in result.stdout
    assert peak < 200 * MB


def test_three_hundred_thousand_bad_rows_print_fifty_problems_and_a_count(tmp_path, themes):
    """They printed 599,002 lines."""
    path = tmp_path / "bad.csv"
    path.write_text(HEADER + "".join(",no-such-map,t,x,\n" for _ in range(300_000)), encoding="utf-8")
    peak, elapsed, result = _peak(["tally", str(path), "--themes", str(themes)])
    print(f"\n300,000 bad rows: peak {peak / MB:.0f} MB, {elapsed:.1f} s")
    lines = result.stderr.splitlines()[:-1]  # the last line is the PEAK figure
    assert result.returncode == 1
    assert len(lines) == 51
    assert lines[0].startswith(f"{path}:2:1: response_id: is empty")
    assert lines[-1] == "... and 599,950 more problems not shown; fix these and run again"


def _bomb(path: Path, member: str, size: int, body: bytes = b"") -> Path:
    """An .xlsx whose ``member`` inflates to ``size`` bytes (written a megabyte at a time)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        with archive.open(member, "w", force_zip64=True) as handle:
            handle.write(body)
            chunk = b" " * MB
            left = size - len(body)
            while left > 0:
                handle.write(chunk[:left])
                left -= len(chunk)
    return path


def test_an_xlsx_whose_shared_strings_expand_to_a_gigabyte_is_refused_at_once(tmp_path, themes):
    """It took 32 s and 3.6 GB, then a traceback."""
    path = _bomb(tmp_path / "bomb.xlsx", "xl/sharedStrings.xml", 1024 * MB, b"<sst><si><t>")
    print(f"\nshared-strings bomb: {path.stat().st_size / MB:.1f} MB on disk, 1,024 MB inflated")
    peak, elapsed, result = _peak(["tally", str(path), "--themes", str(themes)])
    print(f"refused in {elapsed:.2f} s (whole process), peak {peak / MB:.0f} MB")
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == (
        f"{path}:1:1: the workbook's part xl/sharedStrings.xml expands to 1,073,741,824 bytes, over the limit of "
        "104,857,600 bytes; save it as CSV, or split it"
    )
    from mindmap.analysis.tally import iter_responses
    from mindmap.errors import InputError

    started = time.monotonic()
    with pytest.raises(InputError):
        next(iter_responses(path))
    refused = time.monotonic() - started
    print(f"the reader refused it in {refused * 1000:.0f} ms")
    assert refused < 2


def test_an_xlsx_with_a_gigabyte_of_whitespace_is_refused(tmp_path, themes):
    """It took 2.2 GB and exited 0."""
    path = _bomb(tmp_path / "spaces.xlsx", "xl/worksheets/sheet1.xml", 1024 * MB, b"<worksheet>")
    result = CliRunner().invoke(app, ["tally", str(path), "--themes", str(themes)])
    assert result.exit_code == 1
    assert result.stderr == (
        f"{path}:1:1: the workbook's part xl/worksheets/sheet1.xml expands to 1,073,741,824 "
        "bytes, over the limit of 104,857,600 bytes; save it as CSV, or split it\n"
    )


def test_an_xlsx_repeating_one_long_shared_string_is_refused_by_its_total_text(tmp_path, themes):
    """A shared string is stored once and shown in every cell that names it: 1 MB, 60 times."""
    from openpyxl import Workbook

    book = Workbook()  # not write-only: it keeps text in the shared strings
    sheet = book.active
    sheet.append(["response_id", "hypothesis", "text", "codes", "excluded"])
    for i in range(60):
        sheet.append([f"r{i}", "h9-process", "PLACEHOLDER", "", "x"])
    plain = tmp_path / "plain.xlsx"
    book.save(plain)
    path = tmp_path / "repeat.xlsx"
    # openpyxl writes text inline; a forged file points every row at one shared string instead
    # (Excel itself caps a cell at 32,767 characters; a forged file does not).
    shared = (
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="60" uniqueCount="1">'
        b"<si><t>" + b"word " * 200_000 + b"</t></si></sst>"
    )
    edits = {
        "xl/worksheets/sheet1.xml": (b't="inlineStr"><is><t>PLACEHOLDER</t></is>', b't="s"><v>0</v>'),
        "xl/_rels/workbook.xml.rels": (
            b"</Relationships>",
            b'<Relationship Type="http://schemas.openxmlformats.org/'
            b'officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml" '
            b'Id="rId9"/></Relationships>',
        ),
        "[Content_Types].xml": (
            b"</Types>",
            b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
            b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
        ),
    }
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename in edits:
                old, new = edits[info.filename]
                assert old in data
                data = data.replace(old, new)
            target.writestr(info.filename, data)
        target.writestr("xl/sharedStrings.xml", shared)
    assert path.stat().st_size < 2 * MB
    result = CliRunner().invoke(app, ["tally", str(path), "--themes", str(themes)])
    assert result.exit_code == 1
    assert result.stderr == (
        f"{path}:54:1: the cells hold more than 52,428,800 characters of text in all; save it as CSV, or split it\n"
    )


# --- --write through a symbolic link --------------------------------------------------------


def test_tally_write_through_a_link_writes_the_target_and_keeps_the_link(tmp_path, themes):
    """It replaced the link with a file and left the real file stale."""
    real = tmp_path / "shared" / "h9-process.yaml"
    real.parent.mkdir()
    shutil.move(themes / "h9-process.yaml", real)
    (themes / "h9-process.yaml").symlink_to(real)
    sheet = FIXTURES / "responses" / "responses.csv"
    result = CliRunner().invoke(app, ["tally", str(sheet), "--themes", str(themes), "--write"])
    assert result.exit_code == 0, result.output
    assert (themes / "h9-process.yaml").is_symlink()
    assert (themes / "h9-process.yaml").resolve() == real.resolve()
    assert "n: " in real.read_text(encoding="utf-8")
    again = CliRunner().invoke(app, ["tally", str(sheet), "--themes", str(themes)])
    assert "would change" not in again.stdout  # the real file holds the counts
    assert sorted(p.name for p in real.parent.iterdir()) == ["h9-process.yaml"]  # no temporary left


def test_write_atomic_through_a_link_writes_the_target(tmp_path):
    from mindmap.files import write_atomic

    target = tmp_path / "real" / "figure.svg"
    target.parent.mkdir()
    target.write_bytes(b"old")
    link = tmp_path / "figure.svg"
    link.symlink_to(target)
    write_atomic(link, b"new")
    assert link.is_symlink() and target.read_bytes() == b"new"
    chained = tmp_path / "chained.svg"
    chained.symlink_to(link)
    write_atomic(chained, b"newer")
    assert chained.is_symlink() and link.is_symlink() and target.read_bytes() == b"newer"
    dangling = tmp_path / "dangling.svg"
    dangling.symlink_to(tmp_path / "real" / "new.svg")
    write_atomic(dangling, b"made")
    assert dangling.is_symlink() and (tmp_path / "real" / "new.svg").read_bytes() == b"made"
