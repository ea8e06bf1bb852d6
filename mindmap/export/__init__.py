"""Exports for other people's tools: slides, outlines, mind-map files and graph data.

Each format has its own module; each turns a loaded map into bytes and touches
no files (the command line writes them, atomically).  Every format but
``pptx`` makes one file per map; ``pptx`` makes one deck, one slide per map.

=========  ===========  ====================================================
format     suffix       for
=========  ===========  ====================================================
pptx       .pptx        slide decks (PowerPoint, LibreOffice Impress)
mermaid    .mmd         Mermaid ``mindmap`` diagrams (docs, wikis, GitHub)
markdown   .md          outline: markmap and any Markdown reader
freemind   .mm          FreeMind, Freeplane, XMind
opml       .opml        outliners (OmniOutliner, Dynalist, Workflowy, Logseq)
qdc        .qdc         REFI-QDA codebook: NVivo, ATLAS.ti, MAXQDA, QualCoder
graphml    .graphml     analysts' tools (Gephi, yEd, networkx, igraph)
json       .json        networkx node-link JSON
dot        .dot         Graphviz source, for tuning a layout by hand
=========  ===========  ====================================================
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Final, Sequence

from ..model import MindMap

__all__ = ["EXPORTS", "Export", "export_map", "export_maps"]


@dataclass(frozen=True)
class Export:
    """One export format: its file suffix and whether it makes one file per map."""

    name: str
    suffix: str
    per_map: bool
    help: str


EXPORTS: Final = {
    e.name: e
    for e in (
        Export("pptx", ".pptx", False, "one 16:9 slide per map, figure as SVG with PNG fallback"),
        Export("mermaid", ".mmd", True, "a Mermaid mindmap"),
        Export("markdown", ".md", True, "a heading and list outline (markmap)"),
        Export("freemind", ".mm", True, "a FreeMind/Freeplane map with arrow links"),
        Export("opml", ".opml", True, "an OPML outline for outliners"),
        Export("qdc", ".qdc", True, "a REFI-QDA codebook of the themes, for coding software"),
        Export("graphml", ".graphml", True, "the graph with every attribute"),
        Export("json", ".json", True, "the graph as networkx node-link JSON"),
        Export("dot", ".dot", True, "the Graphviz source"),
    )
}


def _one(name: str) -> Callable[[MindMap], bytes]:
    if name == "mermaid":
        from .mermaid import to_mermaid as fn
    elif name == "markdown":
        from .markdown import to_markdown as fn
    elif name == "freemind":
        from .freemind import to_freemind as fn
    elif name == "opml":
        from .opml import to_opml as fn
    elif name == "qdc":
        from .qdc import to_qdc as fn
    elif name == "graphml":
        from .graphdata import to_graphml as fn
    elif name == "json":
        from .graphdata import to_json as fn
    elif name == "dot":
        from .dot import to_dot as fn
    else:
        raise KeyError(name)

    def encoded(mind_map: MindMap) -> bytes:
        out = fn(mind_map)
        return out.encode("utf-8") if isinstance(out, str) else out

    return encoded


def export_map(mind_map: MindMap, name: str) -> bytes:
    """One map in a per-map format (every format but ``pptx``), as bytes."""
    return _one(name)(mind_map)


def export_maps(maps: Sequence[MindMap], name: str) -> list[tuple[str, bytes]]:
    """``(file name, bytes)`` for each file the format makes from these maps."""
    spec = EXPORTS[name]
    if spec.per_map:
        fn = _one(name)
        return [(m.id + spec.suffix, fn(m)) for m in maps]
    from .pptx import to_pptx

    stem = maps[0].id if len(maps) == 1 else "slides"
    return [(stem + spec.suffix, to_pptx(maps))]
