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
from typing import TYPE_CHECKING, Callable, Final, Sequence

if TYPE_CHECKING:
    from ..model.theme import MindMap

__all__ = ["EXPORTS", "Export", "export_help", "export_map", "export_maps"]


def _mermaid(mind_map: MindMap) -> str:
    from .mermaid import to_mermaid

    return to_mermaid(mind_map)


def _markdown(mind_map: MindMap) -> str:
    from .markdown import to_markdown

    return to_markdown(mind_map)


def _freemind(mind_map: MindMap) -> str | bytes:
    from .freemind import to_freemind

    return to_freemind(mind_map)


def _opml(mind_map: MindMap) -> str | bytes:
    from .opml import to_opml

    return to_opml(mind_map)


def _qdc(mind_map: MindMap) -> str | bytes:
    from .qdc import to_qdc

    return to_qdc(mind_map)


def _graphml(mind_map: MindMap) -> str | bytes:
    from .graphdata import to_graphml

    return to_graphml(mind_map)


def _json(mind_map: MindMap) -> str | bytes:
    from .graphdata import to_json

    return to_json(mind_map)


def _dot(mind_map: MindMap) -> str:
    from .dot import to_dot

    return to_dot(mind_map)


def _pptx(maps: Sequence[MindMap]) -> bytes:
    from .pptx import to_pptx

    return to_pptx(maps)


@dataclass(frozen=True)
class Export:
    """One export format: its file suffix, what it is for, and its writer: one file per map
    (``per_map``) or one file for all the maps (``deck``)."""

    name: str
    suffix: str
    help: str
    per_map: Callable[[MindMap], str | bytes] | None = None
    deck: Callable[[Sequence[MindMap]], bytes] | None = None


EXPORTS: Final[dict[str, Export]] = {
    e.name: e
    for e in (
        Export("pptx", ".pptx", "one 16:9 slide per map, figure as SVG with PNG fallback", deck=_pptx),
        Export("mermaid", ".mmd", "a Mermaid mindmap", _mermaid),
        Export("markdown", ".md", "a heading and list outline (markmap)", _markdown),
        Export("freemind", ".mm", "a FreeMind/Freeplane map with arrow links", _freemind),
        Export("opml", ".opml", "an OPML outline for outliners", _opml),
        Export("qdc", ".qdc", "a REFI-QDA codebook of the themes, for coding software", _qdc),
        Export("graphml", ".graphml", "the graph with every attribute", _graphml),
        Export("json", ".json", "the graph as networkx node-link JSON", _json),
        Export("dot", ".dot", "the Graphviz source", _dot),
    )
}


def export_help() -> str:
    """The formats for the command's help, each with what it is for."""
    items = [f"{e.name} ({e.help})" for e in EXPORTS.values()]
    return ", ".join(items[:-1]) + " or " + items[-1]


def _bytes(data: str | bytes) -> bytes:
    return data.encode("utf-8") if isinstance(data, str) else data


def export_map(mind_map: MindMap, name: str) -> bytes:
    """One map in a per-map format (every format but ``pptx``), as bytes."""
    write = EXPORTS[name].per_map
    if write is None:
        raise KeyError(name)
    return _bytes(write(mind_map))


def export_maps(maps: Sequence[MindMap], name: str) -> list[tuple[str, bytes]]:
    """``(file name, bytes)`` for each file the format makes from these maps."""
    spec = EXPORTS[name]
    if spec.per_map is not None:
        write = spec.per_map
        return [(m.id + spec.suffix, _bytes(write(m))) for m in maps]
    assert spec.deck is not None
    stem = maps[0].id if len(maps) == 1 else "slides"
    return [(stem + spec.suffix, spec.deck(maps))]
