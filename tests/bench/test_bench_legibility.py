"""The legibility benchmark's measures on hand-made SVGs with known answers, and its corpus of maps."""

from __future__ import annotations

import importlib.util
import math
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from bench import legibility as L

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "bench" / "corpus"


def svg(body: str, view: str = "0 0 1000 500", style: str = "") -> str:
    css = f"<style>{style}</style>" if style else ""
    return f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{view}">{css}{body}</svg>'


def box(ident: str, x: float, y: float, w: float = 100, h: float = 40) -> str:
    return (
        f'<g class="node theme depth-1" id="{ident}"><rect x="{x}" y="{y}" width="{w}" height="{h}"/>'
        f'<text x="{x + 5}" y="{y + 20}" font-size="10">{ident}</text></g>'
    )


# --- printed size ---------------------------------------------------------------------------------------------


def test_a_figure_1000_units_wide_with_10_pt_text_prints_at_7_2_pt_on_a_slide() -> None:
    fig = L.measure_svg(svg('<text x="10" y="20" font-size="10">Label</text>'))
    assert fig.smallest == 10
    assert fig.printed("slide") == pytest.approx(7.2)  # 720 / 1000 limits; 405 / 500 would allow 8.1
    assert fig.printed("page") == pytest.approx(10 * 481.9 / 1000)
    assert fig.printed("a3") == pytest.approx(10 * 1133.9 / 1000)  # A3 landscape: the width limits too
    assert fig.width / fig.height == pytest.approx(2.0)


def test_the_aspect_is_of_what_is_drawn_not_of_the_canvas_or_its_background() -> None:
    # a slide-shaped canvas with a background over all of it and a square map centred on it
    body = '<rect x="0" y="0" width="720" height="405" fill="white"/>' + box("a", 260, 100, 200, 200)
    fig = L.measure_svg(svg(body, view="0 0 720 405"))
    assert fig.aspect == pytest.approx(1.0)
    assert L._aspect_off(fig, "slide") == pytest.approx(1 - 405 / 720)
    # what is drawn past the canvas is not printed, so it does not count
    wide = box("b", -500, 100, 1720, 200)
    assert L.measure_svg(svg(wide, view="0 0 720 405")).aspect == pytest.approx(720 / 200)


def test_the_boxes_share_of_the_medium_now_and_at_a_target_size() -> None:
    frame, sample = '<rect x="600" y="400" width="100" height="50"/>', '<rect x="610" y="410" width="9" height="9"/>'
    legend = f'<g class="legend">{frame}{sample}</g>'
    fig = L.measure_svg(svg(box("a", 10, 10, 200, 100) + box("b", 300, 10, 100, 50) + legend))
    assert fig.box_area == pytest.approx(200 * 100 + 100 * 50 + 100 * 50)  # the legend's frame, not its samples
    # printed at 7.2 pt on a slide, 1 unit is 0.72 pt
    assert fig.share("slide") == pytest.approx(30_000 * 0.72**2 / (720 * 405))
    # at 14.4 pt every box is twice as wide and tall: four times the share
    assert fig.share("slide", 14.4) == pytest.approx(4 * fig.share("slide"))


def test_room_needed_lists_only_the_figures_below_their_target() -> None:
    short, fine = _row("short", "corpus", 20, 10.0, 10.0), _row("fine", "corpus", 20, 20.0, 8.0)
    for row in (short, fine):
        row.mindmap["slide"].box_area = 100_000.0
    res = L.LegibilityResults([short, fine], L.Capabilities(), "test", "0", {})
    named = [(what, medium, want) for what, medium, _, want in L.shortfalls(res)]
    # short: 7.2 pt on a slide (8 asked) and 4.8 on a page; and 1.2 x Mermaid's 7.2 = 8.64 on the slide
    assert named == [("short", "page", 8.0), ("short", "slide", pytest.approx(8.64))]
    table = "\n".join(L.room_needed(res))
    assert "| short | slide | 7.20 pt | 8.64 pt |" in table and "| fine |" not in table


def test_a_page_figure_wider_than_the_page_is_shorter_than_it_and_has_no_aspect_to_keep() -> None:
    wide = L.measure_svg(svg(box("a", 10, 10, 1000, 300), view="0 0 1020 320"))
    tall = L.measure_svg(svg(box("a", 10, 10, 300, 1000), view="0 0 320 1020"))
    assert L._aspect_off(wide, "page") is None  # as wide as the column, shorter than 240 mm: it fits
    assert L._aspect_off(wide, "slide") == pytest.approx(abs((1000 / 300) / (720 / 405) - 1))
    assert L._aspect_off(tall, "page") == pytest.approx(abs(0.3 / (481.9 / 680.3) - 1))


def test_the_media_are_the_issues_sizes() -> None:
    assert L.MEDIA == {"page": (481.9, 680.3), "slide": (720.0, 405.0), "a3": (1133.9, 785.2)}


def test_font_sizes_follow_css_classes_inheritance_units_and_transforms() -> None:
    body = (
        '<g font-size="12"><text class="small">a</text><text>b</text>'
        '<g transform="scale(0.5)"><text>c</text></g>'
        '<text style="font-size: 9pt">d</text><text font-size="150%">e</text><text> </text></g>'
    )
    root = L.ET.fromstring(svg(body, style="text.small { font-size: 8px } @font-face { font-family: X; }"))
    assert sorted(L.font_sizes(root)) == pytest.approx([6, 8, 12, 12, 18])


def test_the_more_specific_css_rule_wins_and_empty_text_does_not_count() -> None:
    body = '<text class="a" id="t">x</text><text class="a"></text>'
    root = L.ET.fromstring(svg(body, style="#t { font-size: 20px } text.a { font-size: 7px } .a { font-size: 5px }"))
    assert L.font_sizes(root) == [20]


def test_mermaid_html_labels_take_the_size_of_its_css() -> None:
    body = (
        '<g class="node mindmap-node"><rect x="0" y="0" width="200" height="40"/><foreignObject width="200" '
        'height="24"><div xmlns="http://www.w3.org/1999/xhtml"><span class="nodeLabel"><p>Theme</p></span>'
        '</div></foreignObject></g><foreignObject width="0" height="0"><div xmlns="http://www.w3.org/1999/xhtml">'
        '<span class="edgeLabel"></span></div></foreignObject>'
    )
    text = svg(
        body,
        style="#my-svg{font-family:arial;font-size:16px;}#my-svg .node-icon-0{font-size:40px;}"
        "@keyframes dash{to{stroke-dashoffset:0;}}",
    ).replace("<svg ", '<svg id="my-svg" ', 1)
    fig = L.measure_svg(text)
    assert fig.smallest == 16
    assert fig.boxes == 1
    assert fig.printed("slide") == pytest.approx(16 * 0.72)


# --- paths ---------------------------------------------------------------------------------------------------


def test_paths_with_relative_commands_and_curves_end_where_svg_says() -> None:
    [line] = L.path_polylines("M10,10 h20 v10 l-5,5 c0,10 10,10 10,0 s10,-10 10,0 q5,5 10,0 t10,0")
    assert line[0] == (10, 10)
    assert line[1] == (30, 10) and line[2] == (30, 20) and line[3] == (25, 25)
    assert line[-1] == pytest.approx((65, 25))
    [arc] = L.path_polylines("M0,0 A10,10 0 0 1 20,0")
    assert arc[-1] == pytest.approx((20, 0))
    assert min(y for _, y in arc) == pytest.approx(-10, abs=0.2)  # a half circle above the chord
    assert len(L.path_polylines("M0,0 L10,0 M20,0 L30,0 Z")) == 2


# --- connections ---------------------------------------------------------------------------------------------


def test_a_connection_path_through_a_box_counts_as_through() -> None:
    boxes = box("a", 0, 0) + box("b", 400, 0) + box("c", 200, 0)
    through = L.measure_svg(svg(boxes + '<g class="edge connection"><path d="M100,20 L400,20"/></g>'))
    assert (through.connections, through.through, through.through_boxes) == (1, 1, 1)
    around = L.measure_svg(svg(boxes + '<g class="edge connection"><path d="M100,20 C250,120 250,120 400,20"/></g>'))
    assert around.through == 0


def test_a_connection_touching_only_its_own_boxes_is_not_through() -> None:
    line = '<g class="edge connection"><path d="M95,20 L305,20"/></g>'
    fig = L.measure_svg(svg(box("a", 0, 0) + box("b", 300, 0) + line))
    assert fig.through == 0


def test_crossings_of_connection_and_branch_lines_away_from_their_ends() -> None:
    branch = '<g class="edge branch"><path d="M200,0 L200,400"/></g>'
    crossing = '<g class="edge connection"><path d="M100,200 L300,200"/></g>'
    fig = L.measure_svg(svg(branch + crossing))
    assert (fig.crossings, fig.crossings_max) == (1, 1)
    near_end = '<g class="edge connection"><path d="M195,395 L300,395"/></g>'  # within 10 units of the branch's end
    assert L.measure_svg(svg(branch + near_end)).crossings == 0
    twice = '<g class="edge connection"><path d="M100,100 L300,100 L300,300 L100,300"/></g>'
    fig = L.measure_svg(svg(branch + twice))
    assert (fig.crossings, fig.crossings_max) == (2, 2)
    two_connections = L.measure_svg(svg(crossing + '<g class="edge connection"><path d="M200,100 L200,300"/></g>'))
    assert (two_connections.crossings, two_connections.connection_crossings) == (0, 1)


def test_a_label_10_units_from_its_line_is_detached_and_one_3_units_away_is_not() -> None:
    line = '<g class="edge connection"><path d="M0,100 L500,100"/></g>'

    def label(y: float) -> str:
        return (
            f'<g class="edge-label connection"><rect x="200" y="{y}" width="80" height="14"/>'
            f'<text x="203" y="{y + 11}" font-size="10">leads to</text></g>'
        )

    assert L.measure_svg(svg(line + label(110))).detached == 1  # rect's top 10 units below the line
    assert L.measure_svg(svg(line + label(103))).detached == 0
    assert L.measure_svg(svg(line + label(93))).detached == 0  # the line runs through the label
    fig = L.measure_svg(svg(line + label(76)))  # 10 units above: rect bottom at 90
    assert (fig.labels, fig.detached) == (1, 1)


def test_a_label_with_another_line_through_it_is_counted_and_its_own_line_is_not() -> None:
    own = '<g class="edge connection"><path d="M0,100 L500,100"/></g>'
    other = '<g class="edge connection"><path d="M0,300 L500,300"/></g>'
    words = (
        '<g class="edge-label connection"><rect x="200" y="93" width="80" height="14"/>'
        '<text x="203" y="104" font-size="10">leads to</text></g>'
    )

    def branch(x: float) -> str:
        return f'<g class="edge branch"><path d="M{x},0 L{x},200"/></g>'

    assert L.measure_svg(svg(own + other + words)).across == 0  # only its own line runs through it
    assert L.measure_svg(svg(own + other + words + branch(240))).across == 1  # a branch line through it
    assert L.measure_svg(svg(own + other + words + branch(290))).across == 0  # one beside it
    crossing = '<g class="edge connection"><path d="M240,0 L240,90 L240,400"/></g>'
    assert L.measure_svg(svg(own + crossing + words)).across == 1  # another connection through it


def test_geometry_helpers() -> None:
    assert L.length_inside([(0, 5), (20, 5)], 5, 0, 15, 10) == pytest.approx(10)
    assert L.length_inside([(0, 20), (20, 20)], 5, 0, 15, 10) == 0
    assert L.rect_polyline_distance(0, 0, 10, 10, [(13, 14), (13, 30)]) == pytest.approx(5)
    assert L.rect_polyline_distance(0, 0, 10, 10, [(-5, 5), (15, 5)]) == 0
    assert L.printed_size(10, 0, 100, "page") == 0
    assert math.isinf(L.rect_polyline_distance(0, 0, 1, 1, []))


def test_boxes_are_measured_through_transforms() -> None:
    body = (
        '<g transform="translate(100,50)"><g class="node theme" transform="scale(2)">'
        '<rect x="0" y="0" width="10" height="5"/><text>x</text></g></g>'
    )
    [b] = L.node_boxes(L.ET.fromstring(svg(body)))
    assert (b.x0, b.y0, b.x1, b.y1) == pytest.approx((100, 50, 120, 60))


def test_a_real_figure_has_one_box_per_node_and_quote() -> None:
    import mindmap

    m = mindmap.load_map(ROOT / "themes" / "h9-process.yaml")
    fig = L.measure_svg(mindmap.render(m, "svg"))
    assert fig.boxes == 1 + sum(1 for _ in m.walk()) + len(m.quotes)
    assert 0 < fig.printed("slide") and fig.smallest > 0


def test_capabilities_are_read_from_the_render_help(monkeypatch: pytest.MonkeyPatch) -> None:
    helps = {
        "render": "  --layout <str>  radial or tree.\n  --fit <str>  page, slide, a4-landscape, a3 or none.\n"
        "  --depth <int>  Fold below depth N.\n",
        "styles": "house\nhigh-contrast\nprint-mono\n",
    }

    def fake(cmd: list[str], **kw: object) -> subprocess.CompletedProcess[str]:
        return subprocess.CompletedProcess(cmd, 0, helps[cmd[len(L.MINDMAP)]], "")

    monkeypatch.setattr(L, "_run", fake)
    caps = L.capabilities()
    assert (caps.fit, caps.depth, caps.split, caps.styles) == (["page", "slide", "a3"], True, False, ["high-contrast"])
    helps["render"] = "  --layout <str>  radial or tree.\n"
    assert L.capabilities().fit == []


# --- the results section and the targets ---------------------------------------------------------------------


def _row(name: str, group: str, boxes: int, smallest: float, mermaid: float | None = None) -> L.MapRow:
    fig = L.FigureMeasure(boxes, smallest, 1000, 500)
    row = L.MapRow(name, group, boxes, {"page": fig, "slide": fig})
    if mermaid is not None:
        row.mermaid = L.FigureMeasure(boxes, mermaid, 1000, 500)
    return row


def test_targets_hold_or_not_by_the_measured_sizes() -> None:
    res = L.LegibilityResults(
        [_row("a", "corpus", 20, 12.0, 8.0), _row("h1", "report", 8, 14.0, 9.0)], L.Capabilities(), "test", "0", {}
    )
    by_name = {t.name: t for t in L.targets(res)}
    assert by_name["maps of up to 40 boxes on a slide"].met is True  # 12 * 0.72 = 8.64
    assert by_name["maps of up to 40 boxes on a page"].met is False  # 12 * 0.4819 = 5.8
    assert by_name["against the Mermaid CLI on a slide (maps of up to 40 boxes)"].met is True  # 1.5x
    assert by_name["the report's ten maps on a slide"].met is True  # 14 * 0.72 = 10.08
    assert by_name["connection lines behind boxes they do not join, every map and medium"].met is True
    assert by_name["the 215-box map whole on A3 landscape"].met is None
    res.rows[0].mindmap["page"].through = 1  # one figure serves page and slide: counted once
    by_name = {t.name: t for t in L.targets(res)}
    through = by_name["connection lines behind boxes they do not join, every map and medium"]
    assert through.met is False and through.measured == "a (page, slide): 1"


def test_the_section_replaces_its_earlier_self_and_keeps_the_rest() -> None:
    res = L.LegibilityResults([_row("a", "corpus", 20, 12.0, 8.0)], L.Capabilities(), "test", "0", {})
    part = L.section(res)
    assert part.startswith(L.BEGIN) and part.rstrip().endswith(L.END)
    assert "| a | 20 | 8.6 | 5.8 | 1.50x | 2.00 / 1.78 |" in part
    doc = L.splice("# Benchmark\n\nintro\n", part)
    assert doc.startswith("# Benchmark\n\nintro\n") and doc.count(L.BEGIN) == 1
    again = L.splice(doc + "\n## After\n", part.replace("1.50x", "9.99x"))
    assert again.count(L.BEGIN) == 1 and "9.99x" in again and "1.50x" not in again and again.endswith("## After\n")


# --- the corpus ----------------------------------------------------------------------------------------------


def _maps() -> dict[str, dict]:
    return {p.stem: yaml.safe_load(p.read_text("utf-8")) for p in sorted(CORPUS.glob("*.yaml"))}


def _walk(themes: list[dict] | None, depth: int = 1):  # type: ignore[no-untyped-def]
    for t in themes or []:
        yield t, depth
        yield from _walk(t.get("subthemes"), depth + 1)


def _boxes(m: dict) -> int:
    return 1 + sum(1 for _ in _walk(m["themes"])) + len(m.get("quotes") or [])


def test_every_corpus_map_validates_strictly() -> None:
    files = sorted(CORPUS.glob("*.yaml"))
    assert len(files) >= 13
    done = subprocess.run(
        [sys.executable, "-m", "mindmap", "validate", "--strict", *map(str, files)], capture_output=True, text=True
    )
    assert done.returncode == 1  # one warning: the long headline is there on purpose
    warnings = done.stderr.splitlines()
    assert len(warnings) == 1 and "digital-inclusion.yaml" in warnings[0], done.stderr
    assert warnings[0].endswith("shorten it and move the rest into the hypothesis [long-headline]")
    assert done.stdout.count(": ok: ") == len(files)


def test_the_corpus_has_the_maps_the_issues_name() -> None:
    maps = _maps()
    assert _boxes(maps["crisis-care"]) == 21 and len(maps["crisis-care"]["quotes"]) == 2
    assert maps["crisis-care"]["connections"] and any(t.get("subthemes") for t in maps["crisis-care"]["themes"])
    staff = maps["staff-wellbeing"]
    assert len(staff["themes"]) == 12 and len(staff["connections"]) == 4
    assert all(t.get("description") and len(t["label"]) > 40 for t in staff["themes"])
    assert _boxes(maps["virtual-wards"]) == 34 and max(d for _, d in _walk(maps["virtual-wards"]["themes"])) == 4
    maternity = maps["maternity"]
    assert _boxes(maternity) == 14 and len(maternity["quotes"]) == 7
    assert all(30 <= len(q["text"].split()) <= 60 for q in maternity["quotes"])
    assert len(maps["digital-inclusion"]["headline"].split()) == 39 and _boxes(maps["digital-inclusion"]) == 18
    assert 14 <= len(maps["wide"]["themes"]) <= 16
    assert len(maps["many-connections"]["themes"]) == 8 and 8 <= len(maps["many-connections"]["connections"]) <= 10
    assert any("label" in c for c in maps["many-connections"]["connections"])
    welsh = yaml.safe_dump(maps["welsh"], allow_unicode=True)
    assert all(ch in welsh for ch in "ŵŷâ")
    accented = yaml.safe_dump(maps["accented"], allow_unicode=True)
    assert all(ch in accented for ch in "éłóãç")
    assert 115 <= _boxes(maps["synthetic-120"]) <= 125
    big = maps["realistic-215"]
    assert _boxes(big) == 215 and len(big["themes"]) == 40 and len(big["quotes"]) == 2
    assert all(3 <= len(t["subthemes"]) <= 6 for t in big["themes"])
    assert 140 <= _boxes(maps["large-deep"]) <= 160 and max(d for _, d in _walk(maps["large-deep"]["themes"])) == 5
    wide = maps["large-wide"]
    assert 140 <= _boxes(wide) <= 160 and len(wide["themes"]) >= 30 and max(d for _, d in _walk(wide["themes"])) <= 2


def test_every_corpus_map_has_counts_and_its_own_words() -> None:
    maps = _maps()
    for name, m in maps.items():
        assert m.get("n") is not None, name
        assert all(t.get("n") is not None for t, _ in _walk(m["themes"])), name
    labels = {name: {t["label"].casefold() for t, _ in _walk(m["themes"])} for name, m in maps.items()}
    names = sorted(labels)
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            assert len(labels[a] & labels[b]) <= 2, (a, b, labels[a] & labels[b])


def test_the_generated_corpus_maps_are_current() -> None:
    spec = importlib.util.spec_from_file_location("corpus_generate", CORPUS / "generate.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["corpus_generate"] = module
    spec.loader.exec_module(module)
    built = module.build_all()
    assert sorted(built) == ["large-deep.yaml", "large-wide.yaml", "realistic-215.yaml", "synthetic-120.yaml"]
    for name, text in built.items():
        assert (CORPUS / name).read_text("utf-8") == text, f"{name}: run python bench/corpus/generate.py"
    assert module.build_all() == built  # same seed, same bytes
