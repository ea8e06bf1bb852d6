"""The benchmark's parts, and a smoke run of the whole of it on one tiny map (no timing asserted)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.generate import synthetic_map, to_dot, to_mermaid, to_plantuml, to_yaml
from bench.measure import Quality, _overlapping_pairs, digest_files, layout_quality, time_process
from bench.peers import mermaid_failed
from bench.suite import growth_exponent
from mindmap.load.reader import load_map


def test_synthetic_maps_are_deterministic_and_valid(tmp_path: Path) -> None:
    first, second = to_yaml(synthetic_map(300)), to_yaml(synthetic_map(300))
    assert first == second
    assert to_yaml(synthetic_map(300, seed=1)) != first
    path = tmp_path / "m.yaml"
    path.write_text(first, "utf-8")
    mind_map = load_map(path)
    synth = synthetic_map(300)
    nodes = 1 + sum(1 for _ in mind_map.walk()) + len(mind_map.quotes)
    assert nodes == synth.node_count == 300
    assert len(mind_map.connections) == len(synth.connections) > 0
    assert max(depth for _, depth in mind_map.walk()) >= 3


@pytest.mark.parametrize("size", [30, 1000])
def test_peer_sources_hold_every_node(size: int) -> None:
    synth = synthetic_map(size)
    themes = sum(1 for _ in synth.walk())
    puml = to_plantuml(synth).splitlines()
    assert puml[0] == "@startmindmap" and puml[-1] == "@endmindmap"
    # One line per node starting with stars (quotes are multi-line blocks starting with stars too).
    assert sum(1 for line in puml if line.startswith("*")) == 1 + themes + len(synth.quotes)
    mermaid = to_mermaid(synth).splitlines()
    assert mermaid[0] == "mindmap"
    assert len(mermaid) - 1 == 1 + themes + len(synth.quotes)
    dot = to_dot(synth)
    assert dot.count("[label=") == 1 + themes + len(synth.quotes)


def test_overlapping_pairs_counts_shared_area_only() -> None:
    rects = [(0, 0, 10, 10), (5, 5, 15, 15), (10, 0, 20, 10), (30, 30, 40, 40)]
    # (0..10) and (5..15) overlap; (5..15) and (10..20) overlap; touching edges do not count.
    assert _overlapping_pairs(rects) == 2
    assert _overlapping_pairs([(0, 0, 10, 10), (10, 0, 20, 10)]) == 0


def test_layout_quality_finds_text_outside_its_box() -> None:
    from mindmap.layout.boxes import Layout, NodeBox, Run

    inside = Run("ok", 2, 12, 10, "label", "#000000", width=20)
    outside = Run("too wide", 2, 12, 10, "label", "#000000", width=200)
    boxes = [
        NodeBox("a", "theme", 1, "a", x=50, y=50, w=40, h=20, runs=[inside]),
        NodeBox("b", "theme", 1, "b", x=60, y=55, w=40, h=20, runs=[outside]),
        NodeBox("c", "theme", 1, "c", x=195, y=50, w=20, h=20, runs=[]),
    ]  # 5 pt past the right edge
    layout = Layout(width=200, height=100, nodes=boxes, edges=[], title=[], legend=None, legend_items=[])
    quality = layout_quality(layout, width_mm=200 * 25.4 / 72)  # printed at 1:1
    assert isinstance(quality, Quality)
    assert quality.overlapping_pairs == 1
    assert quality.labels_outside == 1
    assert quality.outside_canvas == 1
    assert quality.aspect == pytest.approx(2.0)
    assert quality.smallest_pt_printed == pytest.approx(10.0)
    # 70.6 x 35.3 mm fits a 254 x 143 mm slide by its width (x3.6; by height it would be x4.05).
    assert quality.smallest_pt_slide == pytest.approx(10.0 * 254 / (200 * 25.4 / 72), rel=1e-3)


def test_growth_exponent_of_linear_and_quadratic_data() -> None:
    assert growth_exponent([(100, 1.0), (1000, 10.0), (10000, 100.0)]) == pytest.approx(1.0)
    assert growth_exponent([(100, 1.0), (1000, 100.0)]) == pytest.approx(2.0)
    assert growth_exponent([(100, 1.0)]) is None


def test_mermaid_error_picture_is_detected(tmp_path: Path) -> None:
    good = tmp_path / "good.svg"
    good.write_text('<svg aria-roledescription="mindmap"><text>Theme</text></svg>')
    bad = tmp_path / "bad.svg"
    bad.write_text('<svg aria-roledescription="flowchart-v2"><text>Maximum text size in diagram exceeded</text></svg>')
    assert mermaid_failed(good) is None
    assert "error picture" in mermaid_failed(bad)
    assert mermaid_failed(tmp_path / "missing.svg") == "wrote no SVG"


def test_time_process_reports_failure_and_digests(tmp_path: Path) -> None:
    import sys

    ok = time_process("ok", [sys.executable, "-c", "pass"], runs=2, warmup=0)
    assert ok.ok and len(ok.walls) == 2 and ok.peak_mib and ok.peak_mib > 1
    bad = time_process("bad", [sys.executable, "-c", "import sys; sys.exit(3)"], runs=2, warmup=0)
    assert not bad.ok and bad.walls == [] and "exit status 3" in bad.note
    f = tmp_path / "f"
    f.write_bytes(b"x")
    assert digest_files([f]) == digest_files([f])


def test_smoke_run_writes_results(tmp_path: Path) -> None:
    from bench.__main__ import main

    out = tmp_path / "results.md"
    # A run without the legibility part keeps the section an earlier run wrote.
    earlier = (
        "# old\n\n<!-- BEGIN notes -->\n## Before and after\n\nby hand\n<!-- END notes -->\n\n"
        "<!-- BEGIN legibility -->\n## Legibility\n\nmeasured before\n<!-- END legibility -->\n"
    )
    out.write_text(earlier, "utf-8")
    assert main(["--quick", "--out", str(out)]) == 0
    text = out.read_text("utf-8")
    assert "# old" not in text and text.count("## Legibility\n\nmeasured before") == 1
    # and the hand-written notes, before the machine's description
    assert text.count("## Before and after\n\nby hand") == 1
    assert text.index("## Before and after") < text.index("## Machine and versions")
    assert "## Targets" in text and "## Layout quality" in text
    # One fixed version measured (the committed package), whatever is edited meanwhile.
    assert "| code measured | mindmap as committed at " in text or "a copy of the working tree" in text
    import os

    assert "mindmap-bench-" not in os.environ.get("PYTHONPATH", "")  # restored after the run
    rows = {line.split(" | ")[0].lstrip("| "): line for line in text.splitlines() if line.startswith("| synthetic 12")}
    assert rows, text
    quality = next(line for line in text.splitlines() if line.startswith("| synthetic 12 | 12 | 0 | 0 |"))
    assert "pt at 170 mm" in quality
    same = next(line for line in text.splitlines() if line.startswith("| same bytes"))
    assert same.endswith("| met |"), same


def test_interleaved_jobs_take_turns() -> None:
    import sys

    from bench.measure import Job, time_interleaved

    order: list[str] = []
    quick = [sys.executable, "-c", "pass"]
    a = Job("a", quick, runs=2, warmup=1, before=lambda: order.append("a"))
    b = Job("b", quick, runs=1, warmup=0, before=lambda: order.append("b"))
    fails = Job("c", [sys.executable, "-c", "raise SystemExit(2)"], runs=3, warmup=0, before=lambda: order.append("c"))
    ta, tb, tc = time_interleaved([a, b, fails])
    assert order == ["a", "b", "c", "a", "a"]  # c stops at its first failure
    assert len(ta.walls) == 2 and len(tb.walls) == 1
    assert not tc.ok and tc.walls == [] and "exit status 2" in tc.note
