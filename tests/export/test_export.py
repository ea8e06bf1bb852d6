"""Exports, each checked by the tool or parser its readers use: the Mermaid CLI,
a CommonMark parser (markmap's), FreeMind's format rules, networkx, Graphviz,
python-pptx and LibreOffice."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import networkx as nx
import pytest
from typer.testing import CliRunner

from mindmap.cli import app
from mindmap.export import EXPORTS, export_map, export_maps
from mindmap.export.graphdata import export_graph
from mindmap.load.reader import load_map
from mindmap.model.describe import alt_text, long_description
from mindmap.model.graph import build_graph
from mindmap.model.theme import MindMap

ROOT = Path(__file__).resolve().parents[2]
MMDC = ROOT / ".tools" / "node_modules" / ".bin" / "mmdc"
H9 = ROOT / "themes" / "h9-process.yaml"
H2 = ROOT / "themes" / "h2-policy-levers.yaml"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

TRICKY = {
    "id": "tricky",
    "title": 'Tricky: "labels" & more',
    "headline": "Centre [n=3] <b>bold</b>",
    "n": 12,
    "hypothesis": "The whole statement.",
    "themes": [
        {
            "id": "a",
            "label": "Label [n=12] <staff> & #1 `code` café ((x)) {y} $z$ *star* _u_",
            "n": 4,
            "description": "Alpha's description, with <tags> & [brackets].",
            "subthemes": [
                {
                    "label": "- starts with a dash",
                    "n": 2,
                    "subthemes": [{"label": "1. looks like a list", "description": "Deep."}],
                },
                {"label": "end"},
            ],
        },
        {"id": "b", "label": "B: colon; semi # hash"},
        {"id": "c", "label": 'Quote "marks" \\ backslash'},
    ],
    "connections": [{"between": ["a", "b"], "label": "links <to>"}, {"between": ["b", "c"]}],
    "quotes": [
        {"text": 'He said "yes" & <no>', "attribution": "Innovator", "theme": "a"},
        {"text": "About the whole map.", "attribution": "NHS organisation"},
    ],
}


@pytest.fixture(scope="module")
def tricky() -> MindMap:
    return MindMap.model_validate(TRICKY)


def shown(text: str, n: int | None = None) -> str:
    return text + (f" [n={n}]" if n is not None else "")


def all_labels(m: MindMap) -> list[str]:
    """Every node's words as the figure shows them (counts included), in reading order."""
    out = [shown(m.headline, m.n)]
    out += [shown(t.label, t.n) for t, _ in m.walk()]
    return out


def quote_texts(m: MindMap) -> list[str]:
    return [f"“{q.text}”" + (f" ({q.attribution})" if q.attribution else "") for q in m.quotes]


# --- mermaid ---------------------------------------------------------------------------


@pytest.mark.mermaid
def test_mermaid_keeps_every_label_exactly_when_rendered_by_the_mermaid_cli(tricky: MindMap, tmp_path: Path) -> None:
    source = tmp_path / "map.mmd"
    source.write_bytes(export_map(tricky, "mermaid"))
    config = tmp_path / "puppeteer.json"
    config.write_text(json.dumps({"executablePath": "/usr/bin/chromium", "args": CHROMIUM_ARGS}))
    out = tmp_path / "map.svg"
    run = subprocess.run(
        [str(MMDC), "-q", "-p", str(config), "-i", str(source), "-o", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    root = ET.parse(out).getroot()
    texts = ["".join(fo.itertext()) for fo in root.iter("{http://www.w3.org/2000/svg}foreignObject")]
    texts = [t for t in texts if t]
    assert sorted(texts) == sorted(all_labels(tricky) + quote_texts(tricky))


def test_mermaid_keeps_connections_as_comments(tricky: MindMap) -> None:
    text = export_map(tricky, "mermaid").decode()
    assert text.splitlines()[3] == "mindmap"
    assert (
        "%% connection: Label [n=12] <staff> & #1 `code` café ((x)) {y} $z$ *star* _u_ <-> B: colon; semi # hash "
        "(links <to>)" in text
    )


# --- markdown --------------------------------------------------------------------------


def markdown_tree(text: str) -> list:
    """[text, children] trees from headings and list items, as CommonMark (markdown-it) reads them."""
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").parse(text)
    root: list = ["", []]
    headings: list[tuple[int, list]] = [(0, root)]
    items: list[list] = []
    pending: list | None = None
    for tok in tokens:
        if tok.type == "heading_open":
            level = int(tok.tag[1])
            while headings[-1][0] >= level:
                headings.pop()
            pending = ["", []]
            headings[-1][1][1].append(pending)
            headings.append((level, pending))
            items = []
        elif tok.type == "list_item_open":
            pending = ["", []]
            (items[-1] if items else headings[-1][1])[1].append(pending)
            items.append(pending)
        elif tok.type == "list_item_close":
            items.pop()
        elif tok.type == "inline" and pending is not None and not pending[0]:
            pending[0] = "".join(c.content for c in tok.children if c.type in ("text", "code_inline"))
    return root[1]


def expected_outline(m: MindMap) -> list:
    def sub(t) -> list:
        kids = ([[t.description, []]] if t.description else []) + [sub(s) for s in t.subthemes]
        return [shown(t.label, t.n), kids]

    labels = {t.key: t.label for t in m.themes}
    themes = []
    for t in m.themes:
        kids = sub(t)[1]
        for c in m.connections:
            if t.key in c.between:
                other = c.between[1] if c.between[0] == t.key else c.between[0]
                kids.append([f"↔ {labels[other]}" + (f" ({c.label})" if c.label else ""), []])
        kids += [[q, []] for q, quote in zip(quote_texts(m), m.quotes) if quote.theme == t.key]
        themes.append([shown(t.label, t.n), kids])
    general = [[q, []] for q, quote in zip(quote_texts(m), m.quotes) if not quote.theme]
    return [[shown(m.headline, m.n), themes + ([["Quotes", general]] if general else [])]]


def test_markdown_outline_is_the_maps_tree_in_a_commonmark_reader(tricky: MindMap) -> None:
    assert markdown_tree(export_map(tricky, "markdown").decode()) == expected_outline(tricky)


def test_markdown_outline_of_a_report_map() -> None:
    m = load_map(H2)
    assert markdown_tree(export_map(m, "markdown").decode()) == expected_outline(m)


# --- freemind --------------------------------------------------------------------------

# FreeMind 1.0's format (its freemind.xsd): the elements and attributes a .mm may hold.
FREEMIND_ATTRS = {
    "map": {"version"},
    "node": {
        "BACKGROUND_COLOR",
        "COLOR",
        "FOLDED",
        "ID",
        "LINK",
        "POSITION",
        "STYLE",
        "TEXT",
        "CREATED",
        "MODIFIED",
        "HGAP",
        "VGAP",
        "VSHIFT",
    },
    "arrowlink": {"COLOR", "DESTINATION", "ENDARROW", "ENDINCLINATION", "ID", "STARTARROW", "STARTINCLINATION"},
    "font": {"BOLD", "ITALIC", "NAME", "SIZE", "STRIKETHROUGH"},
    "richcontent": {"TYPE"},
    "html": set(),
}
FREEMIND_CHILDREN = {
    "map": {"node"},
    "node": {
        "arrowlink",
        "attribute",
        "attribute_layout",
        "linktarget",
        "cloud",
        "edge",
        "font",
        "hook",
        "icon",
        "node",
        "richcontent",
    },
    "richcontent": {"html"},
}
REQUIRED = {"map": {"version"}, "arrowlink": {"DESTINATION"}, "font": {"NAME", "SIZE"}, "richcontent": {"TYPE"}}


def check_freemind(root: ET.Element) -> list[str]:
    problems: list[str] = []

    def visit(el: ET.Element, parent: str | None) -> None:
        if parent is not None and el.tag not in FREEMIND_CHILDREN.get(parent, set()):
            problems.append(f"<{el.tag}> not allowed in <{parent}>")
        extra = set(el.attrib) - FREEMIND_ATTRS.get(el.tag, set())
        missing = REQUIRED.get(el.tag, set()) - set(el.attrib)
        if extra or missing:
            problems.append(f"<{el.tag}> extra {sorted(extra)} missing {sorted(missing)}")
        if el.tag == "font" and not el.get("SIZE", "").isdigit():
            problems.append("font SIZE must be an integer")
        if el.tag == "node" and el.get("POSITION") not in (None, "left", "right"):
            problems.append("bad POSITION")
        if el.tag == "html":
            return  # any XHTML
        for child in el:
            visit(child, el.tag)

    if root.tag != "map" or len(root) != 1:
        problems.append("a map holds exactly one root node")
    visit(root, None)
    ids = [n.get("ID") for n in root.iter("node")]
    if len(ids) != len(set(ids)):
        problems.append("duplicate ID")
    for link in root.iter("arrowlink"):
        if link.get("DESTINATION") not in ids:
            problems.append(f"arrowlink to unknown {link.get('DESTINATION')}")
    return problems


def test_freemind_file_is_valid_and_keeps_labels_and_connections(tricky: MindMap) -> None:
    data = export_map(tricky, "freemind")
    data.decode("ascii")  # FreeMind's own habit: non-ASCII as character references
    root = ET.fromstring(data)
    assert check_freemind(root) == []
    texts = [n.get("TEXT") for n in root.iter("node")]
    assert sorted(texts) == sorted(all_labels(tricky) + quote_texts(tricky))
    by_id = {n.get("ID"): n.get("TEXT") for n in root.iter("node")}
    links = sorted(
        (n.get("TEXT"), by_id[a.get("DESTINATION")]) for n in root.iter("node") for a in n.findall("arrowlink")
    )
    assert links == sorted(
        [(shown(tricky.themes[0].label, 4), tricky.themes[1].label), (tricky.themes[1].label, tricky.themes[2].label)]
    )
    positions = [n.get("POSITION") for n in root.find("node").findall("node")]
    assert positions[:3] == ["right", "right", "left"]


def test_freemind_checker_catches_what_freemind_rejects() -> None:
    bad = ET.fromstring(
        '<map version="1.0.1"><node ID="a"><arrowlink DESTINATION="zz" MIDDLE_LABEL="x"/>'
        '<font NAME="Arial"/></node></map>'
    )
    assert check_freemind(bad) == [
        "<arrowlink> extra ['MIDDLE_LABEL'] missing []",
        "<font> extra [] missing ['SIZE']",
        "font SIZE must be an integer",
        "arrowlink to unknown zz",
    ]


# --- graphml and json ------------------------------------------------------------------


def same_graph(a: nx.DiGraph, b: nx.DiGraph) -> None:
    assert dict(a.nodes(data=True)) == dict(b.nodes(data=True))
    assert {(u, v): d for u, v, d in a.edges(data=True)} == {(u, v): d for u, v, d in b.edges(data=True)}
    assert {k: v for k, v in a.graph.items() if k not in ("node_default", "edge_default")} == b.graph


@pytest.mark.parametrize("source", ["tricky", H9])
def test_graphml_and_json_round_trip_to_the_same_graph(source, tricky: MindMap, tmp_path: Path) -> None:
    m = tricky if source == "tricky" else load_map(source)
    expected = export_graph(m)
    path = tmp_path / "g.graphml"
    path.write_bytes(export_map(m, "graphml"))
    same_graph(nx.read_graphml(path), expected)
    data = json.loads(export_map(m, "json"))
    same_graph(nx.node_link_graph(data, edges="edges"), expected)


def test_exported_graph_keeps_every_attribute_the_pipeline_has(tricky: MindMap) -> None:
    full = build_graph(tricky)
    exported = export_graph(tricky)
    for name, data in full.nodes(data=True):
        assert exported.nodes[name] == {k: v for k, v in data.items() if v is not None}
    for a, b, data in full.edges(data=True):
        assert exported.edges[a, b] == {k: v for k, v in data.items() if v is not None}
    assert exported.graph["map_id"] == "tricky" and exported.graph["n"] == 12


# --- dot -------------------------------------------------------------------------------


def test_dot_source_keeps_labels_and_lays_out_with_graphviz(tricky: MindMap) -> None:
    import pygraphviz

    agraph = pygraphviz.AGraph(string=export_map(tricky, "dot").decode())
    labels = [agraph.get_node(n).attr["label"].replace("\\\\", "\\") for n in agraph.nodes()]
    assert sorted(labels) == sorted(all_labels(tricky) + quote_texts(tricky))
    assert agraph.number_of_edges() == build_graph(tricky).number_of_edges()
    dashed = [e for e in agraph.edges() if e.attr["style"] == "dashed"]
    assert len(dashed) == len(tricky.connections)
    agraph.layout(prog="dot")
    assert all(agraph.get_node(n).attr["pos"] for n in agraph.nodes())


# --- pptx ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def deck(tricky: MindMap) -> tuple[list[MindMap], bytes]:
    maps = [load_map(H9), tricky]
    [(name, data)] = export_maps(maps, "pptx")
    assert name == "slides.pptx"
    return maps, data


def test_pptx_has_one_titled_slide_per_map_with_alt_text_notes_and_vector_figure(deck) -> None:
    from pptx import Presentation
    from pptx.oxml.ns import qn

    maps, data = deck
    prs = Presentation(io.BytesIO(data))
    assert (prs.slide_width, prs.slide_height) == (12_192_000, 6_858_000)  # 16:9
    assert len(prs.slides) == len(maps)
    for slide, m in zip(prs.slides, maps):
        assert slide.shapes.title.text == m.title
        [picture] = [s for s in slide.shapes if s.shape_type == 13]  # PICTURE
        assert picture._element.nvPicPr.cNvPr.get("descr") == alt_text(m)
        assert slide.notes_slide.notes_text_frame.text == long_description(m).rstrip("\n")
        blip = picture._element.blipFill.find(qn("a:blip"))
        assert slide.part.related_part(blip.get(qn("r:embed"))).content_type == "image/png"
        [svg_blip] = blip.iter("{http://schemas.microsoft.com/office/drawing/2016/SVG/main}svgBlip")
        svg_part = slide.part.related_part(svg_blip.get(qn("r:embed")))
        assert svg_part.content_type == "image/svg+xml"
        assert ET.fromstring(svg_part.blob).find("{http://www.w3.org/2000/svg}title").text == m.title
        # The figure fills the slide below the title: full width or full height.
        assert picture.width >= 0.9 * prs.slide_width or picture.height >= 0.75 * prs.slide_height
        assert picture.left >= 0 and picture.left + picture.width <= prs.slide_width
        assert picture.top + picture.height <= prs.slide_height


def test_pptx_is_the_same_bytes_each_time(deck) -> None:
    maps, data = deck
    assert export_maps(maps, "pptx")[0][1] == data
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert {i.date_time for i in z.infolist()} == {(2000, 1, 1, 0, 0, 0)}


@pytest.mark.libreoffice
def test_libreoffice_opens_the_deck(deck, tmp_path: Path) -> None:
    from pypdf import PdfReader

    maps, data = deck
    source = tmp_path / "deck.pptx"
    source.write_bytes(data)
    soffice = shutil.which("soffice")
    assert soffice, "LibreOffice is installed by scripts/install-tools.sh (make test)"
    run = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        env={**os.environ, "HOME": str(tmp_path)},
    )
    assert run.returncode == 0, run.stderr
    reader = PdfReader(tmp_path / "deck.pdf")
    assert len(reader.pages) == len(maps)
    assert maps[0].title in reader.pages[0].extract_text()


# --- the command -----------------------------------------------------------------------


def test_every_format_is_registered_and_makes_bytes(tricky: MindMap) -> None:
    assert list(EXPORTS) == ["pptx", "mermaid", "markdown", "freemind", "opml", "qdc", "graphml", "json", "dot"]
    for name, spec in EXPORTS.items():
        if spec.per_map:
            assert export_map(tricky, name) == export_map(tricky, name)


def test_export_command_writes_one_file_per_map_into_a_folder(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    result = CliRunner().invoke(app, ["export", str(H9), str(H2), "--to", "mermaid", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["h2-policy-levers.mmd", "h9-process.mmd"]


def test_export_command_writes_the_named_file_for_one_output(tmp_path: Path) -> None:
    target = tmp_path / "mine.json"
    result = CliRunner().invoke(app, ["export", str(H9), "--to", "json", "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert json.loads(target.read_text())["graph"]["map_id"] == "h9-process"


def test_export_command_makes_one_deck_of_several_maps(tmp_path: Path) -> None:
    from pptx import Presentation

    target = tmp_path / "maps.pptx"
    result = CliRunner().invoke(app, ["export", str(H9), str(H2), "--to", "pptx", "-o", str(target)])
    assert result.exit_code == 0, result.output
    titles = [s.shapes.title.text for s in Presentation(str(target)).slides]
    assert titles == [load_map(H9).title, load_map(H2).title]


def test_export_command_writes_to_standard_output(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["export", str(H9), "--to", "markdown", "-o", "-"])
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes == export_map(load_map(H9), "markdown")
    refused = CliRunner().invoke(app, ["export", str(H9), "--to", "pptx", "-o", "-"])
    assert refused.exit_code == 1
    assert "-o - (standard output) takes one text export" in refused.output


def test_export_command_rejects_an_unknown_format(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["export", str(H9), "--to", "visio", "-o", str(tmp_path / "x")])
    assert result.exit_code == 1
    assert (
        "unknown export format 'visio'; choose one of: pptx, mermaid, markdown, freemind, opml, qdc, graphml, json, dot"
        in result.output
    )
    assert not (tmp_path / "x").exists()


def test_export_command_reports_a_bad_theme_file_and_writes_nothing(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: bad\ntitle: Bad\nheadline: H\nthemes:\n  - label: A\n    n: many\n")
    result = CliRunner().invoke(app, ["export", str(bad), "--to", "markdown", "-o", str(tmp_path / "out.md")])
    assert result.exit_code == 1
    assert f"{bad}:6:8: themes.0.n:" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "out.md").exists()
