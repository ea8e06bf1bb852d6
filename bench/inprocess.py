"""In-process measurements, run in a fresh interpreter (``python -m bench.inprocess MAP``).

A fresh process per map keeps each figure free of what the benchmark itself
holds in memory (a big heap slows Python's garbage collector) and of earlier
maps' caches.  Prints one JSON object: the layout quality, the median time of
a render (load, graph, layout, SVG) and of the part inside Graphviz, and the
warm re-render times (what the live preview does on every edit).
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from dataclasses import asdict


def measure_map(path: str, renders: int = 3, warm_runs: int = 20) -> dict:
    import pygraphviz

    from mindmap.layout.compose import layout_map
    from mindmap.load.reader import load_map
    from mindmap.model.tree import build_tree
    from mindmap.publish.render import render_svg
    from mindmap.style.library import compose_style

    from .measure import layout_quality

    mind_map = load_map(path)
    style = compose_style(map_style=mind_map.style)
    layout = layout_map(build_tree(mind_map), style, title=mind_map.title, caption=mind_map.hypothesis)
    quality = layout_quality(layout, style.scale.canvas.width_mm, style)

    inside = [0.0]
    original = pygraphviz.AGraph.layout

    def timed_layout(self, *args, **kwargs):
        start = time.perf_counter()
        try:
            return original(self, *args, **kwargs)
        finally:
            inside[0] += time.perf_counter() - start

    totals, shares = [], []
    pygraphviz.AGraph.layout = timed_layout  # type: ignore[method-assign]
    try:
        for i in range(renders + 1):  # the first is a warm-up
            inside[0] = 0.0
            start = time.perf_counter()
            render_svg(load_map(path), style)
            if i:
                totals.append(time.perf_counter() - start)
                shares.append(inside[0])
    finally:
        pygraphviz.AGraph.layout = original  # type: ignore[method-assign]

    warm, warm_svg = [], []
    loaded = load_map(path)
    for i in range(warm_runs + 2):
        start = time.perf_counter()
        render_svg(load_map(path))
        middle = time.perf_counter()
        render_svg(loaded)
        end = time.perf_counter()
        if i >= 2:
            warm.append(middle - start)
            warm_svg.append(end - middle)
    return {
        "quality": asdict(quality),
        "render_s": statistics.median(totals),
        "graphviz_s": statistics.median(shares),
        "warm": warm,
        "warm_svg": warm_svg,
    }


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    warm_runs = 20 if "--warm" in args else 0
    path = next(a for a in args if not a.startswith("--"))
    print(json.dumps(measure_map(path, warm_runs=warm_runs)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
