"""Never lose a file: a failure at any point leaves each output old or wholly new.

Faults are injected where they hurt most, between writing the temporary file
and renaming it into place (``os.replace``), and while writing (a full disk at
``fsync``); a real SIGINT is sent to a running command.  After each, every
output must be either the file that was there before or a complete new one,
and no temporary file may be left behind.
"""

from __future__ import annotations

import errno
import os
import shutil
import signal
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from mindmap.cli import app
from mindmap.files import WriteError, write_atomic

from ..conftest import THEMES

OLD = b"the figure from last week"


def _whole(path: Path) -> bool:
    """A complete figure of its kind (not a truncated or half-written one)."""
    data = path.read_bytes()
    if path.suffix == ".svg":
        try:
            ET.fromstring(data)
        except ET.ParseError:
            return False
        return data.rstrip().endswith(b"</svg>")
    if path.suffix == ".png":
        return data.startswith(b"\x89PNG\r\n\x1a\n") and data.endswith(b"IEND\xaeB`\x82")
    if path.suffix == ".pdf":
        return data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    if path.suffix in (".txt", ".md", ".html", ".json"):
        return data.endswith(b"\n")
    if path.suffix == ".pptx":
        import zipfile

        try:
            with zipfile.ZipFile(path) as archive:
                return archive.testzip() is None
        except zipfile.BadZipFile:
            return False
    raise AssertionError(f"no wholeness check for {path}")


def _temporaries(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".") and p.name.endswith(".tmp"))


class Fault:
    """Replaces ``os.replace``: the first ``after`` renames happen, then ``error``
    is raised (by every later rename, or by the next one only if ``once``)."""

    def __init__(self, after: int, error: BaseException, once: bool = False) -> None:
        self.after, self.error, self.once, self.calls = after, error, once, 0
        self.real = os.replace

    def __call__(self, src, dst):  # type: ignore[no-untyped-def]
        self.calls += 1
        if self.calls > self.after and not (self.once and self.calls > self.after + 1):
            raise self.error
        return self.real(src, dst)


# --- write_atomic alone -------------------------------------------------------


@pytest.mark.parametrize(
    "error", [OSError(errno.ENOSPC, "No space left on device"), KeyboardInterrupt()], ids=["full-disk", "ctrl-c"]
)
def test_a_fault_between_write_and_rename_keeps_the_old_file(tmp_path, monkeypatch, error):
    target = tmp_path / "map.svg"
    target.write_bytes(OLD)
    monkeypatch.setattr(os, "replace", Fault(0, error))
    with pytest.raises(type(error)):
        write_atomic(target, b"<svg>new</svg>\n")
    assert target.read_bytes() == OLD
    assert _temporaries(tmp_path) == []


def test_a_full_disk_while_writing_keeps_the_old_file_and_says_so(tmp_path, monkeypatch):
    target = tmp_path / "map.png"
    target.write_bytes(OLD)

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(WriteError) as caught:
        write_atomic(target, b"x" * 100_000)
    assert caught.value.lines() == [f"{target}: cannot write: No space left on device"]
    assert isinstance(caught.value, OSError) and caught.value.errno == errno.ENOSPC
    assert target.read_bytes() == OLD
    assert _temporaries(tmp_path) == []


def test_a_new_file_is_never_seen_half_written(tmp_path, monkeypatch):
    """Until the rename, the target does not exist at all; after it, it is whole."""
    target = tmp_path / "new.svg"
    seen: list[bool] = []
    real = os.replace

    def watch(src, dst):  # type: ignore[no-untyped-def]
        seen.append(Path(dst).exists())
        assert Path(src).read_bytes() == b"<svg/>\n"
        return real(src, dst)

    monkeypatch.setattr(os, "replace", watch)
    write_atomic(target, b"<svg/>\n")
    assert seen == [False]
    assert target.read_bytes() == b"<svg/>\n"
    assert oct(target.stat().st_mode & 0o777) == oct(0o644)


def test_an_unwritable_folder_is_a_clear_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("a file, not a folder")
    with pytest.raises(WriteError) as caught:
        write_atomic(blocker / "map.svg", b"<svg/>")
    assert caught.value.lines() == [f"{blocker / 'map.svg'}: cannot write: {blocker} is a file, not a folder"]


# --- whole commands -----------------------------------------------------------


def _maps(folder: Path, count: int = 4) -> list[Path]:
    files = sorted(THEMES.glob("*.yaml"))[:count]
    folder.mkdir()
    for path in files:
        shutil.copy(path, folder / path.name)
    return sorted(folder.iterdir())


def _old_outputs(out: Path, maps: list[Path], formats: tuple[str, ...]) -> dict[Path, bytes]:
    out.mkdir(exist_ok=True)
    old = {}
    for path in maps:
        for fmt in formats:
            target = out / f"{path.stem}.{fmt}"
            target.write_bytes(OLD + fmt.encode())
            old[target] = target.read_bytes()
    return old


def _check_old_or_whole(out: Path, old: dict[Path, bytes]) -> tuple[int, int]:
    """Every output is its old bytes or a whole new figure; counts (old, new)."""
    kept = replaced = 0
    for path in sorted(out.iterdir()):
        assert not path.name.endswith(".tmp"), f"temporary file left: {path.name}"
        if old.get(path) == path.read_bytes():
            kept += 1
        else:
            assert _whole(path), f"{path.name} is neither the old file nor a whole new one"
            replaced += 1
    return kept, replaced


@pytest.mark.parametrize(
    "error, status, message",
    [
        (OSError(errno.ENOSPC, "No space left on device"), 1, "cannot write: No space left on device"),
        (KeyboardInterrupt(), 130, "interrupted"),
    ],
    ids=["full-disk", "ctrl-c"],
)
def test_render_interrupted_mid_run_leaves_every_file_old_or_whole(tmp_path, monkeypatch, error, status, message):
    maps = _maps(tmp_path / "themes", 3)
    out = tmp_path / "out"
    old = _old_outputs(out, maps, ("svg", "png"))
    fault = Fault(3, error)
    monkeypatch.setattr(os, "replace", fault)
    result = CliRunner().invoke(app, ["render", *map(str, maps), "-o", str(out), "-f", "svg", "-f", "png"])
    assert result.exit_code == status
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    kept, replaced = _check_old_or_whole(out, old)
    assert replaced == 3 and kept >= 2  # three renames happened, the rest kept their old bytes


def test_a_failing_converter_leaves_the_map_untouched(tmp_path, monkeypatch):
    """Every format of a map is made in memory before any is written, so a Cairo
    failure on the PDF leaves the map's SVG and PNG as they were."""
    import mindmap.convert.cairo

    maps = _maps(tmp_path / "themes", 1)
    out = tmp_path / "out"
    old = _old_outputs(out, maps, ("svg", "png", "pdf"))

    def broken(svg: str, meta=None) -> bytes:  # type: ignore[no-untyped-def]
        raise MemoryError("cairo could not allocate the surface")

    monkeypatch.setattr(mindmap.convert.cairo, "svg_to_pdf", broken)
    result = CliRunner().invoke(app, ["render", str(maps[0]), "-o", str(out), "-f", "svg", "-f", "png", "-f", "pdf"])
    assert isinstance(result.exception, MemoryError)
    assert _check_old_or_whole(out, old) == (3, 0)


def _wait_for_line(process: subprocess.Popen, text: str, timeout: float) -> list[str]:
    lines: list[str] = []
    deadline = time.monotonic() + timeout
    assert process.stdout is not None
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        lines.append(line)
        if text in line:
            return lines
    raise AssertionError(f"no line with {text!r} within {timeout} s: {lines}")


def test_a_real_sigint_to_a_running_render_leaves_every_file_old_or_whole(tmp_path):
    """Ctrl-C as a terminal sends it: SIGINT to the whole process group, mid-run."""
    maps = _maps(tmp_path / "themes", 10)
    out = tmp_path / "out"
    formats = ("svg", "png", "pdf")
    old = _old_outputs(out, maps, formats)
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "mindmap",
            "render",
            *map(str, maps),
            "-o",
            str(out),
            *(arg for fmt in formats for arg in ("-f", fmt)),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        _wait_for_line(process, "wrote", timeout=60)
        os.killpg(process.pid, signal.SIGINT)
        _, stderr = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 130, stderr
    assert "Traceback" not in stderr
    assert "interrupted" in stderr
    kept, replaced = _check_old_or_whole(out, old)
    assert replaced >= 1 and kept >= 1, (kept, replaced)


def test_a_real_sigint_to_a_running_gallery_leaves_a_usable_gallery(tmp_path):
    """A gallery is made, every theme file changes, and the next run is
    interrupted by Ctrl-C (SIGINT to the process group: the parent and its
    worker processes) once some figures have been replaced.  Every file is then
    the old one or a whole new one, the page is the last complete one, and a
    further run finishes the job."""
    themes = tmp_path / "themes"
    maps = _maps(themes, 6)
    out = tmp_path / "gallery"
    command = [sys.executable, "-m", "mindmap", "gallery", str(themes), "-o", str(out)]
    subprocess.run(command, check=True, capture_output=True, timeout=120)
    before = {path: path.read_bytes() for path in out.iterdir()}
    for path in maps:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        data["title"] = f"Revised {data['title']}"
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")

    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and process.poll() is None:
            if any(path.suffix == ".svg" and path.read_bytes() != before[path] for path in before):
                break
            time.sleep(0.01)
        assert process.poll() is None, f"the run ended before it could be interrupted: {process.communicate()}"
        os.killpg(process.pid, signal.SIGINT)
        _, stderr = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    assert process.returncode == 130, stderr
    assert "Traceback" not in stderr

    kept, replaced = _check_old_or_whole(out, before)
    assert replaced >= 1 and kept >= 1, (kept, replaced)
    assert set(before) <= set(out.iterdir()), "an interrupted run removed a file"
    assert (out / "index.html").read_bytes() == before[out / "index.html"]  # the last complete page
    assert (out / "manifest.json").read_bytes() == before[out / "manifest.json"]

    finished = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert finished.returncode == 0, finished.stderr
    for path in out.iterdir():
        assert _whole(path), path.name
    svg = (out / f"{maps[0].stem}.svg").read_text(encoding="utf-8")
    assert "Revised " in svg


# --- tally --write: a set of theme files, all or none ------------------------------

RESPONSES = Path(__file__).resolve().parents[1] / "fixtures" / "responses"


@pytest.mark.parametrize(
    "error, status, message",
    [
        (OSError(errno.ENOSPC, "No space left on device"), 1, "cannot write: No space left on device"),
        (KeyboardInterrupt(), 130, "interrupted"),
    ],
    ids=["full-disk", "ctrl-c"],
)
def test_tally_write_interrupted_between_renames_puts_every_file_back(tmp_path, monkeypatch, error, status, message):
    """The first theme file has been renamed into place when the second rename
    fails: the first is put back, so the set is all old, never half new."""
    themes = tmp_path / "themes"
    shutil.copytree(RESPONSES / "themes", themes)
    before = {p: p.read_bytes() for p in themes.iterdir()}
    fault = Fault(1, error, once=True)  # the rollback's own renames work
    monkeypatch.setattr(os, "replace", fault)
    result = CliRunner().invoke(app, ["tally", str(RESPONSES / "responses.csv"), "--themes", str(themes), "--write"])
    assert fault.calls >= 2, "the fault must come after the first rename"
    assert result.exit_code == status, result.output
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert {p: p.read_bytes() for p in themes.iterdir()} == before  # nothing new, nothing left behind


def test_tally_write_on_a_full_disk_writes_nothing(tmp_path, monkeypatch):
    themes = tmp_path / "themes"
    shutil.copytree(RESPONSES / "themes", themes)
    before = {p: p.read_bytes() for p in themes.iterdir()}
    calls = []

    def full(fd: int) -> None:
        calls.append(fd)
        if len(calls) == 2:
            raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    result = CliRunner().invoke(app, ["tally", str(RESPONSES / "responses.csv"), "--themes", str(themes), "--write"])
    assert result.exit_code == 1
    assert result.stderr.endswith(": cannot write: No space left on device\n")
    assert {p: p.read_bytes() for p in themes.iterdir()} == before


def test_a_write_error_survives_the_trip_from_a_worker_process():
    """Gallery workers pickle their exceptions back to the parent."""
    import pickle

    error = WriteError(Path("/out/map.png"), OSError(errno.ENOSPC, "No space left on device"))
    again = pickle.loads(pickle.dumps(error))
    assert isinstance(again, WriteError) and isinstance(again, OSError)
    assert again.lines() == ["/out/map.png: cannot write: No space left on device"]
    assert again.errno == errno.ENOSPC
