"""Measuring: whole processes (wall time, peak memory), in-process re-renders, layout quality.

A process is timed from just before it starts until it is reaped; its peak
resident memory comes from the kernel's own account (``wait4``'s
``ru_maxrss``, for the process and the children it waited for), so no
``/usr/bin/time`` is needed.  Every figure is a median of several runs after
one warm-up run that is thrown away (it fills the page cache).
"""

from __future__ import annotations

import hashlib
import os
import statistics
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Final, Sequence

__all__ = [
    "SLIDE_MM",
    "Job",
    "Quality",
    "Timing",
    "digest_files",
    "layout_quality",
    "time_in_process",
    "time_interleaved",
    "time_process",
]

SLIDE_MM: Final = (254.0, 143.0)  # a 16:9 slide, 10 by 5.63 inches
PT_PER_MM: Final = 72 / 25.4


@dataclass
class Timing:
    """Several runs of one thing: wall times in seconds, the peak memory in MiB."""

    label: str
    walls: list[float] = field(default_factory=list)
    peak_mib: float | None = None
    ok: bool = True
    note: str = ""
    digests: set[str] = field(default_factory=set)

    @property
    def median(self) -> float | None:
        return statistics.median(self.walls) if self.walls else None

    @property
    def same_bytes(self) -> bool | None:
        return (len(self.digests) == 1) if self.digests else None


def _run_once(cmd: Sequence[str], cwd: Path | None, env: dict[str, str] | None) -> tuple[float, float, int, str]:
    """One run: wall seconds, peak MiB, exit status, the end of stderr."""
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(
            list(cmd), cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=err, stdin=subprocess.DEVNULL
        )
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        tail = err.read()[-2000:].decode("utf-8", "replace")
    return wall, usage.ru_maxrss / 1024, proc.returncode, tail


@dataclass
class Job:
    """One command to time: ``warmup`` runs thrown away, then ``runs`` timed.

    ``before`` runs (untimed) before each run, e.g. to empty an output folder;
    ``check`` after each run returns a problem or None; ``digest`` returns a
    hash of the outputs, to see that every run wrote the same bytes.
    """

    label: str
    cmd: Sequence[str]
    runs: int = 5
    warmup: int = 1
    before: Callable[[], None] | None = None
    check: Callable[[], str | None] | None = None
    digest: Callable[[], str] | None = None


def time_interleaved(
    jobs: Sequence[Job], *, cwd: Path | None = None, env: dict[str, str] | None = None
) -> list[Timing]:
    """Time several commands in rounds: each round runs every job once, in turn.

    Interleaving gives every tool the same share of whatever else the machine
    is doing, so the ratios between them hold even when the absolute times
    drift.  A job that fails stops there and keeps its note.
    """
    timings = [Timing(job.label) for job in jobs]
    failed = [False] * len(jobs)
    for round_ in range(max((job.warmup + job.runs for job in jobs), default=0)):
        for k, job in enumerate(jobs):
            if failed[k] or round_ >= job.warmup + job.runs:
                continue
            timing = timings[k]
            if job.before:
                job.before()
            wall, peak, status, tail = _run_once(job.cmd, cwd, env)
            if status != 0:
                failed[k] = True
                timing.ok = False
                timing.walls = []
                timing.note = f"exit status {status}: {tail.strip().splitlines()[-1] if tail.strip() else ''}"
                continue
            problem = job.check() if job.check else None
            if problem:
                timing.ok = False
                timing.note = problem
            if job.digest:
                timing.digests.add(job.digest())
            if round_ >= job.warmup:
                timing.walls.append(wall)
                timing.peak_mib = max(timing.peak_mib or 0.0, peak)
    return timings


def time_process(
    label: str,
    cmd: Sequence[str],
    *,
    runs: int = 5,
    warmup: int = 1,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
    before: Callable[[], None] | None = None,
    check: Callable[[], str | None] | None = None,
    digest: Callable[[], str] | None = None,
) -> Timing:
    """Time ``cmd`` as a whole process (see :class:`Job`)."""
    return time_interleaved([Job(label, cmd, runs, warmup, before, check, digest)], cwd=cwd, env=env)[0]


def time_in_process(label: str, work: Callable[[], object], *, runs: int = 20, warmup: int = 2) -> Timing:
    """Time a function call in this process (median of ``runs`` after ``warmup``)."""
    timing = Timing(label)
    for i in range(warmup + runs):
        start = time.perf_counter()
        work()
        wall = time.perf_counter() - start
        if i >= warmup:
            timing.walls.append(wall)
    return timing


def digest_files(paths: Sequence[Path]) -> str:
    """One SHA-256 over these files' bytes, in the order given."""
    h = hashlib.sha256()
    for path in paths:
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()


# --- layout quality -------------------------------------------------------------


@dataclass
class Quality:
    """How good a laid-out map is, in numbers."""

    nodes: int
    overlapping_pairs: int
    labels_outside: int
    outside_canvas: int  # boxes and connection labels reaching past the canvas
    width_pt: float
    height_pt: float
    aspect: float
    smallest_pt_printed: float  # at the style's printed width (canvas.width_mm)
    smallest_pt_slide: float  # scaled to fit a 254 x 143 mm slide
    printed_width_mm: float


def _overlapping_pairs(rects: list[tuple[float, float, float, float]], tol: float = 0.01) -> int:
    """Pairs of rectangles (x0, y0, x1, y1) that share more than a hair of area (a sweep by x)."""
    order = sorted(rects)
    count = 0
    active: list[tuple[float, float, float, float]] = []
    for rect in order:
        x0 = rect[0]
        active = [r for r in active if r[2] > x0 + tol]
        for other in active:
            if min(rect[3], other[3]) - max(rect[1], other[1]) > tol and min(rect[2], other[2]) - x0 > tol:
                count += 1
        active.append(rect)
    return count


def layout_quality(layout, width_mm: float, style=None) -> Quality:
    """Overlaps, text outside its box, aspect and the smallest text size of a layout.

    ``layout`` is a :class:`mindmap.layout.Layout`; ``width_mm`` is the width
    the figure is printed at (the style's ``canvas.width_mm``).
    """
    from mindmap.text.measure import ASCENT, DESCENT

    rects = [(b.left, b.top, b.right, b.bottom) for b in layout.nodes]
    outside = 0
    sizes: list[float] = []
    tol = 0.05
    for box in layout.nodes:
        for run in box.runs:
            sizes.append(run.size)
            if (
                run.x < -tol
                or run.x + run.width > box.w + tol
                or run.baseline - run.size * ASCENT < -tol
                or run.baseline + run.size * DESCENT > box.h + tol
            ):
                outside += 1
    for run in list(layout.title) + (list(layout.legend.runs) if layout.legend is not None else []):
        sizes.append(run.size)
    width, height = layout.width, layout.height
    extents = list(rects)
    if layout.legend is not None:
        extents.append((layout.legend.left, layout.legend.top, layout.legend.right, layout.legend.bottom))
    if style is not None:
        from mindmap.layout.edges import label_box

        extents += [label_box(e.label_at, e.label, layout.label_size) for e in layout.edges if e.label and e.label_at]
    off_canvas = sum(1 for x0, y0, x1, y1 in extents if x0 < -tol or y0 < -tol or x1 > width + tol or y1 > height + tol)
    printed_pt_per_unit = width_mm * PT_PER_MM / width
    height_mm = width_mm * height / width
    slide_factor = min(SLIDE_MM[0] / width_mm, SLIDE_MM[1] / height_mm)
    smallest = min(sizes) if sizes else 0.0
    return Quality(
        nodes=len(layout.nodes),
        overlapping_pairs=_overlapping_pairs(rects),
        labels_outside=outside,
        outside_canvas=off_canvas,
        width_pt=width,
        height_pt=height,
        aspect=width / height,
        smallest_pt_printed=smallest * printed_pt_per_unit,
        smallest_pt_slide=smallest * printed_pt_per_unit * slide_factor,
        printed_width_mm=width_mm,
    )
