"""One benchmark run: every map, every tool, every figure, measured together.

The maps: the report's map chosen as the reference (themes/), and synthetic
maps of about 30, 300, 1,000 and 5,000 nodes (:mod:`bench.generate`).  For
each: ``mindmap render -f svg`` (and all three formats up to 300 nodes),
PlantUML, the Mermaid CLI and Graphviz alone on the same map; its layout
quality; and whether every run wrote the same bytes.  Then ``mindmap --help``,
the gallery of the report's maps (from scratch and unchanged), the warm
in-process re-render and where the time goes at scale.
"""

from __future__ import annotations

import math
import os
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

from .generate import SIZES, SynthMap, SynthTheme, synthetic_map, to_dot, to_mermaid, to_plantuml, to_yaml
from .measure import Job, Quality, Timing, digest_files, time_interleaved, time_process
from .peers import Peers, find_peers, machine, mermaid_failed, versions

__all__ = ["REPORT_MAP", "MapResult", "Options", "Results", "run_suite"]

ROOT: Final = Path(__file__).resolve().parent.parent
REPORT_MAP: Final = "h8-workforce"  # the report's map with connections, descriptions and sub-themes
# The console script users run (beside this Python), else ``python -m mindmap``.
_SCRIPT: Final = Path(sys.executable).parent / "mindmap"
MINDMAP: Final = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-m", "mindmap"]


@dataclass
class Options:
    sizes: tuple[int, ...] = SIZES
    runs: int = 5
    peers: bool = True
    gallery: bool = True
    themes: Path = ROOT / "themes"
    report_map: str = REPORT_MAP
    all_formats_up_to: int = 300  # svg+png+pdf timed for maps up to this many nodes
    peer_single_run_from: int = 5000  # peers run once (after no warm-up) from this size
    mermaid_up_to: int = 1000  # the Mermaid CLI is not tried beyond this (it fails at 1,000 already)
    all_report_maps: bool = True  # the other report maps too (without the Mermaid CLI)
    log: bool = True


@dataclass
class MapResult:
    name: str
    nodes: int
    svg: Timing
    all_formats: Timing | None = None
    plantuml: Timing | None = None
    mermaid: Timing | None = None
    graphviz: Timing | None = None
    quality: Quality | None = None
    layout_s: float | None = None  # in-process: load, graph, layout, draw (median)
    graphviz_s: float | None = None  # of which inside Graphviz


@dataclass
class Results:
    machine: dict[str, str]
    versions: dict[str, str]
    peers: Peers
    maps: list[MapResult] = field(default_factory=list)
    help: Timing | None = None
    imports: Timing | None = None
    gallery_scratch: Timing | None = None
    gallery_unchanged: Timing | None = None
    gallery_how: str = ""
    warm: Timing | None = None
    warm_svg_only: Timing | None = None
    total_s: float = 0.0
    options: Options | None = None
    load: list[float] = field(default_factory=list)  # 1-minute load average at the start and the end
    code: str = ""  # which mindmap was measured


def _from_mindmap(m) -> SynthMap:
    def theme(t) -> SynthTheme:
        return SynthTheme(t.key, t.label, t.n, t.description, [theme(s) for s in t.subthemes])

    return SynthMap(
        id=m.id,
        title=m.title,
        headline=m.headline,
        hypothesis=m.hypothesis or "",
        n=m.n or 0,
        themes=[theme(t) for t in m.themes],
        quotes=[(q.text, q.attribution or "", q.theme) for q in m.quotes],
        connections=[(c.between[0], c.between[1], c.label) for c in m.connections],
    )


def _log(options: Options, text: str) -> None:
    if options.log:
        print(text, file=sys.stderr, flush=True)


def _in_process(path: Path, warm: bool = False) -> dict:
    """Layout quality and in-process times of a map, measured in a fresh interpreter."""
    import json
    import subprocess

    cmd = [sys.executable, "-m", "bench.inprocess", str(path)] + (["--warm"] if warm else [])
    done = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, check=True)
    return json.loads(done.stdout)


def _bench_map(
    name: str, synth: SynthMap, yaml_path: Path, work: Path, peers: Peers, options: Options, *, mermaid: bool = True
) -> MapResult:
    """Time mindmap, PlantUML and Graphviz alone on one map, interleaved; then the Mermaid CLI."""
    nodes = synth.node_count
    out = work / f"out-{name}"
    out.mkdir()
    svg = out / f"{synth.id}.svg"

    def clean() -> None:
        for f in out.iterdir():
            f.unlink()

    jobs = [
        Job(
            "mindmap svg",
            [*MINDMAP, "render", str(yaml_path), "-o", str(out), "-f", "svg"],
            options.runs,
            1,
            clean,
            None,
            lambda: digest_files([svg]),
        )
    ]
    if nodes <= options.all_formats_up_to:
        files = [out / f"{synth.id}.{fmt}" for fmt in ("svg", "png", "pdf")]
        jobs.append(
            Job(
                "mindmap svg+png+pdf",
                [*MINDMAP, "render", str(yaml_path), "-o", str(out), "-f", "svg", "-f", "png", "-f", "pdf"],
                options.runs,
                1,
                clean,
                None,
                lambda: digest_files(files),
            )
        )
    single = nodes >= options.peer_single_run_from
    runs, warmup = (1, 0) if single else (options.runs, 1)
    if options.peers and peers.plantuml:
        puml = work / f"{name}.puml"
        puml.write_text(to_plantuml(synth), "utf-8")
        pu_out = work / f"plantuml-{name}"
        pu_out.mkdir()
        pu_svg = pu_out / f"{name}.svg"

        def pu_check() -> str | None:
            if not pu_svg.exists():
                return "wrote no SVG"
            return "drew a syntax-error picture" if "Syntax Error" in pu_svg.read_text("utf-8", "replace") else None

        jobs.append(Job("PlantUML svg", peers.plantuml_cmd(puml, pu_out), runs, warmup, None, pu_check))
    if options.peers and peers.twopi:
        dot = work / f"{name}.dot"
        dot.write_text(to_dot(synth), "utf-8")
        jobs.append(Job("twopi svg", peers.twopi_cmd(dot, work / f"twopi-{name}.svg"), options.runs, 1))
    _log(options, f"  {name}: " + ", ".join(job.label for job in jobs) + " (interleaved)")
    timings = {t.label: t for t in time_interleaved(jobs, cwd=work)}
    result = MapResult(
        name,
        nodes,
        timings["mindmap svg"],
        timings.get("mindmap svg+png+pdf"),
        timings.get("PlantUML svg"),
        None,
        timings.get("twopi svg"),
    )

    _log(options, f"  {name}: in process")
    measured = _in_process(yaml_path)
    result.quality = Quality(**measured["quality"])
    result.layout_s, result.graphviz_s = measured["render_s"], measured["graphviz_s"]

    if mermaid and options.peers and peers.mmdc and nodes <= options.mermaid_up_to:
        _log(options, f"  {name}: Mermaid CLI")
        mmd = work / f"{name}.mmd"
        mmd.write_text(to_mermaid(synth), "utf-8")
        mm_svg = work / f"mermaid-{name}.svg"
        mm_runs, mm_warm = (1, 1) if nodes >= 300 else (runs, warmup)
        result.mermaid = time_process(
            "Mermaid CLI svg",
            peers.mermaid_cmd(work, mmd, mm_svg),
            runs=mm_runs,
            warmup=mm_warm,
            check=lambda: mermaid_failed(mm_svg),
            cwd=work,
        )
    return result


def run_suite(options: Options, work: Path | None = None) -> Results:
    """Generate the maps, time everything, and return the figures (nothing written but in ``work``)."""
    started = time.perf_counter()
    own_work = work is None
    work = Path(tempfile.mkdtemp(prefix="mindmap-bench-")) if work is None else work
    try:
        peers = find_peers() if options.peers else Peers(None, None, None, None)
        results = Results(machine=machine(), versions=versions(peers), peers=peers, options=options)
        results.load.append(os.getloadavg()[0])
        results.code = _snapshot(work)

        _log(options, "mindmap --help")
        results.help = time_process("mindmap --help", [*MINDMAP, "--help"], runs=options.runs, cwd=work)
        results.imports = time_process(
            "import of the heavy libraries",
            [sys.executable, "-c", "import networkx, pydantic, typer, pygraphviz, cairosvg, yaml"],
            runs=options.runs,
            cwd=work,
        )

        from mindmap.load.reader import load_map

        # (name, map, file, slug, whether the Mermaid CLI runs on it)
        maps: list[tuple[str, SynthMap, Path, str, bool]] = []
        report_path = options.themes / f"{options.report_map}.yaml"
        if report_path.exists():
            maps.append(
                (
                    f"report map ({options.report_map})",
                    _from_mindmap(load_map(report_path)),
                    report_path,
                    "report",
                    True,
                )
            )
        for size in options.sizes:
            synth = synthetic_map(size)
            path = work / f"{synth.id}.yaml"
            path.write_text(to_yaml(synth), "utf-8")
            maps.append((f"synthetic {size}", synth, path, f"synthetic-{size}", True))
        if options.all_report_maps and options.themes.is_dir():
            for path in sorted(options.themes.glob("*.yaml")):
                if path != report_path:
                    maps.append((f"report: {path.stem}", _from_mindmap(load_map(path)), path, path.stem, False))
        for name, synth, path, slug, mermaid in maps:
            _log(options, f"map: {name} ({synth.node_count} nodes)")
            results.maps.append(_bench_map(slug, synth, path, work, peers, options, mermaid=mermaid))
            results.maps[-1].name = name

        if options.gallery and options.themes.is_dir():
            _gallery(results, options, work)

        if report_path.exists():
            _log(options, "warm re-render (in process)")
            measured = _in_process(report_path, warm=True)
            results.warm = Timing("load + render_svg", walls=measured["warm"])
            results.warm_svg_only = Timing("render_svg of a loaded map", walls=measured["warm_svg"])
        results.load.append(os.getloadavg()[0])
        results.total_s = time.perf_counter() - started
        return results
    finally:
        os.environ.pop("PYTHONPATH", None)
        if _saved_pythonpath is not None:
            os.environ["PYTHONPATH"] = _saved_pythonpath
        if own_work:
            shutil.rmtree(work, ignore_errors=True)


_saved_pythonpath = os.environ.get("PYTHONPATH")


def _snapshot(work: Path) -> str:
    """Measure one fixed mindmap: the committed package (``git archive HEAD``), put
    first on every child process's path, so that edits made while the benchmark
    runs change nothing it measures.  Outside a git checkout: a copy of mindmap/."""
    import io
    import subprocess
    import tarfile

    src = work / "src"
    src.mkdir()
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.strip()
        archive = subprocess.run(
            ["git", "archive", "--format=tar", "HEAD", "mindmap"], cwd=ROOT, capture_output=True, check=True
        ).stdout
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(src)
        what = f"mindmap as committed at {head} (`git archive HEAD mindmap`; uncommitted edits are not measured)"
    except (OSError, subprocess.CalledProcessError):
        shutil.copytree(ROOT / "mindmap", src / "mindmap", ignore=shutil.ignore_patterns("__pycache__"))
        what = "a copy of the working tree's mindmap/ taken at the start"
    # compiled to bytecode, as installing a wheel does: where PYTHONDONTWRITEBYTECODE is set, Python
    # would otherwise compile every module afresh in every timed run, a cost no installed copy has
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(src / "mindmap")], capture_output=True, check=True)
    what += ", compiled to bytecode as `pip install` does"
    os.environ["PYTHONPATH"] = os.pathsep.join(
        [str(src), str(ROOT)] + ([_saved_pythonpath] if _saved_pythonpath else [])
    )
    return what


def _has_gallery() -> bool:
    import subprocess

    probe = subprocess.run([*MINDMAP, "gallery", "--help"], capture_output=True, text=True)
    return probe.returncode == 0


def _gallery(results: Results, options: Options, work: Path) -> None:
    out = work / "gallery"
    themes = sorted(options.themes.glob("*.yaml"))

    def wipe() -> None:
        shutil.rmtree(out, ignore_errors=True)

    if _has_gallery():
        _log(options, "mindmap gallery (from scratch, then unchanged)")
        results.gallery_how = f"`mindmap gallery {options.themes.name} -o OUT` ({len(themes)} maps)"
        cmd = [*MINDMAP, "gallery", str(options.themes), "-o", str(out)]
        results.gallery_scratch = time_process("gallery from scratch", cmd, runs=options.runs, before=wipe, cwd=work)
        results.gallery_unchanged = time_process("gallery unchanged", cmd, runs=options.runs, cwd=work)
    else:
        _log(options, "mindmap gallery is not there: render every report map in all formats instead")
        results.gallery_how = (
            f"`mindmap gallery` is not available: `mindmap render themes/*.yaml -f svg -f png -f pdf` "
            f"({len(themes)} maps) instead"
        )
        cmd = [*MINDMAP, "render", *map(str, themes), "-o", str(out), "-f", "svg", "-f", "png", "-f", "pdf"]
        results.gallery_scratch = time_process("render all, all formats", cmd, runs=options.runs, before=wipe, cwd=work)


def growth_exponent(points: list[tuple[int, float]]) -> float | None:
    """The least-squares slope of log(time) on log(nodes): 1 is linear."""
    pts = [(math.log(n), math.log(t)) for n, t in points if n > 0 and t and t > 0]
    if len(pts) < 2:
        return None
    mx = sum(x for x, _ in pts) / len(pts)
    my = sum(y for _, y in pts) / len(pts)
    sxx = sum((x - mx) ** 2 for x, _ in pts)
    return sum((x - mx) * (y - my) for x, y in pts) / sxx if sxx else None
