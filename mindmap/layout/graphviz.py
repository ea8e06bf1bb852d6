"""Our one door to Graphviz (pygraphviz): a fresh graph and reading splines back.

pygraphviz's wheel bundles Graphviz and fontconfig.  We never let Graphviz
measure or draw text, but its fontconfig still reads a configuration when it
starts: it runs inside :func:`~mindmap.text.fontconfig.our_fonts`, which also
silences the ``unknown element "reset-dirs"`` warnings that Debian's
configuration causes.
"""

from __future__ import annotations

from typing import Any

from ..text.fontconfig import our_fonts

__all__ = ["new_graph", "run_layout", "spline_points"]


def new_graph() -> Any:
    """An empty directed Graphviz graph (edges drawn without arrows), ready for nodes."""
    import pygraphviz

    agraph = pygraphviz.AGraph(strict=False, directed=True)
    agraph.node_attr.update(shape="box", fixedsize="true", label="")
    agraph.edge_attr.update(dir="none", arrowhead="none")
    return agraph


def spline_points(pos: str) -> tuple[tuple[float, float], ...]:
    """The Bézier control points of a Graphviz edge ``pos`` attribute.

    >>> spline_points("e,10,0 0,0 3,0 7,0 10,0")
    ((0.0, 0.0), (3.0, 0.0), (7.0, 0.0), (10.0, 0.0))
    """
    points = []
    for part in pos.split():
        if part.startswith(("e,", "s,")):
            continue
        x, y = part.split(",")[:2]
        points.append((float(x), float(y)))
    return tuple(points)


def run_layout(agraph: Any, prog: str) -> None:
    """Run Graphviz's ``prog`` (``dot``, ``nop``) on ``agraph``, with our fonts."""
    with our_fonts():
        agraph.layout(prog=prog)
