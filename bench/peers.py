"""The tools users would otherwise pick, and Graphviz alone: where they are, how to run them.

* PlantUML: Debian's ``plantuml`` (Java), ``plantuml -tsvg -o OUT map.puml``.
* Mermaid CLI: ``.tools/node_modules/.bin/mmdc`` (scripts/install-tools.sh) with
  Debian's Chromium through a Puppeteer config; at 1,000 nodes it draws an
  error picture instead of the map, which the benchmark detects and reports.
* Graphviz alone: ``twopi -Tsvg`` on a bare DOT of the same map (the floor).

A tool that is not installed is reported as such; the benchmark still runs.
"""

from __future__ import annotations

import json
import platform
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Final

__all__ = ["Peers", "find_peers", "machine", "mermaid_failed", "versions"]

ROOT: Final = Path(__file__).resolve().parent.parent
CHROMIUM_ARGS: Final = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@dataclass
class Peers:
    plantuml: str | None
    mmdc: str | None
    chromium: str | None
    twopi: str | None

    def mermaid_cmd(self, work: Path, src: Path, out: Path) -> list[str]:
        config = work / "puppeteer.json"
        if not config.exists():
            config.write_text(json.dumps({"executablePath": self.chromium, "args": CHROMIUM_ARGS}))
        return [str(self.mmdc), "-q", "-p", str(config), "-i", str(src), "-o", str(out)]

    def plantuml_cmd(self, src: Path, out_dir: Path) -> list[str]:
        return [str(self.plantuml), "-tsvg", "-o", str(out_dir), str(src)]

    def twopi_cmd(self, src: Path, out: Path) -> list[str]:
        return [str(self.twopi), "-Tsvg", "-o", str(out), str(src)]


def find_peers() -> Peers:
    mmdc = ROOT / ".tools" / "node_modules" / ".bin" / "mmdc"
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    return Peers(
        plantuml=shutil.which("plantuml"),
        mmdc=str(mmdc) if mmdc.exists() and chromium else None,
        chromium=chromium,
        twopi=shutil.which("twopi"),
    )


def mermaid_failed(svg_path: Path) -> str | None:
    """Why the Mermaid CLI's picture is not the map (an error picture), or None."""
    if not svg_path.exists():
        return "wrote no SVG"
    text = svg_path.read_text("utf-8", "replace")
    for marker in ("Maximum text size", "Syntax error", 'aria-roledescription="error"'):
        if marker in text:
            return f"drew an error picture instead of the map ({marker!r})"
    return None


def _first_line(cmd: list[str]) -> str:
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"unknown ({exc.__class__.__name__})"
    text = (out.stdout or out.stderr).strip()
    return text.splitlines()[0].strip() if text else "unknown"


def machine() -> dict[str, str]:
    """The machine the figures come from."""
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = "unknown"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
                break
    except OSError:
        pass
    import os

    os_name = platform.platform()
    try:
        for line in Path("/etc/os-release").read_text().splitlines():
            if line.startswith("PRETTY_NAME="):
                os_name = line.split("=", 1)[1].strip('"')
    except OSError:
        pass
    return {
        "CPU": cpu,
        "cores available": str(len(os.sched_getaffinity(0))),
        "memory": mem,
        "system": os_name,
        "kernel": platform.release(),
    }


def versions(peers: Peers) -> dict[str, str]:
    """Versions of everything timed."""
    from importlib import metadata

    out = {"Python": sys.version.split()[0]}
    for dist in ("mindmap", "networkx", "pydantic", "typer", "pygraphviz", "CairoSVG", "fonttools", "PyYAML"):
        try:
            out[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            out[dist] = "not installed"
    out["PlantUML"] = _first_line([peers.plantuml, "-version"]) if peers.plantuml else "not installed"
    if peers.plantuml:
        out["Java"] = _first_line(["java", "-version"])
    out["Mermaid CLI"] = _first_line([peers.mmdc, "--version"]) if peers.mmdc else "not installed"
    out["Chromium"] = _first_line([peers.chromium, "--version"]) if peers.chromium else "not installed"
    out["Graphviz CLI"] = _first_line([peers.twopi, "-V"]) if peers.twopi else "not installed"
    return out
