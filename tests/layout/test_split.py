"""--split: an overview folded to key themes and one detail figure per key theme (render and gallery)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from typer.testing import CliRunner

from mindmap.cli import app
from mindmap.load.reader import load_map
from mindmap.model.describe import alt_text
from mindmap.model.fold import detail_map
from mindmap.model.theme import MindMap
from mindmap.publish.gallery import FORMATS, INDEX, MANIFEST, render_gallery
from mindmap.publish.render import render_split, render_svg

from .. import svgcheck
from ..conftest import small_map

runner = CliRunner()

MAP = """id: split
title: "Split map"
headline: The centre
n: 20
themes:
  - id: alpha
    label: Alpha theme
    n: 12
    subthemes:
      - label: Alpha one
        n: 7
        subthemes:
          - label: Alpha one deeper
      - label: Alpha two
        n: 3
  - id: beta
    label: Beta theme
    subthemes:
      - label: Beta one
  - id: gamma
    label: Gamma theme
connections:
  - between: [alpha, gamma]
quotes:
  - text: A quote about alpha.
    attribution: Innovator
    theme: alpha
  - text: A quote about the whole map.
"""


def theme_file(tmp_path: Path) -> Path:
    path = tmp_path / "split.yaml"
    path.write_text(MAP, encoding="utf-8")
    return path


def titles(svg: str | bytes) -> list[str]:
    return [b.title for b in svgcheck.node_boxes(svgcheck.parse(svg))]


def test_render_split_writes_an_overview_and_a_detail_per_key_theme(tmp_path: Path):
    path = theme_file(tmp_path)
    out = tmp_path / "out"
    result = runner.invoke(app, ["render", str(path), "-o", str(out), "--split", "-f", "svg", "-f", "png"])
    assert result.exit_code == 0, result.output
    stems = ["split", "split--alpha", "split--beta", "split--gamma"]
    expected = sorted(f"{stem}.{suffix}" for stem in stems for suffix in ("svg", "png", "alt.txt", "description.md"))
    assert sorted(p.name for p in out.iterdir()) == expected
    assert result.output.splitlines() == [
        f"wrote {out / name}"
        for stem in stems
        for name in (f"{stem}.svg", f"{stem}.png", f"{stem}.alt.txt", f"{stem}.description.md")
    ]


def test_the_overview_is_folded_to_key_themes(tmp_path: Path):
    path = theme_file(tmp_path)
    out = tmp_path / "out"
    assert runner.invoke(app, ["render", str(path), "-o", str(out), "--split", "-f", "svg"]).exit_code == 0
    overview = (out / "split.svg").read_text(encoding="utf-8")
    assert titles(overview) == [
        "The centre",
        "Alpha theme",
        "Beta theme",
        "Gamma theme",
        "A quote about the whole map.",
    ]
    assert overview == render_svg(load_map(path), depth=1)
    boxes = {b.title: b for b in svgcheck.node_boxes(svgcheck.parse(overview))}
    assert svgcheck.label_text(boxes["Alpha theme"], ("folded",)) == "3 sub-themes [n=10], 1 quote"
    assert 'class="edge connection"' in overview
    # Beside it, the whole map's alt text and long description.
    m = load_map(path)
    assert (out / "split.alt.txt").read_text(encoding="utf-8") == alt_text(m) + "\n"


def test_each_detail_is_the_headline_with_one_whole_branch(tmp_path: Path):
    path = theme_file(tmp_path)
    out = tmp_path / "out"
    assert runner.invoke(app, ["render", str(path), "-o", str(out), "--split", "-f", "svg"]).exit_code == 0
    alpha = (out / "split--alpha.svg").read_text(encoding="utf-8")
    assert titles(alpha) == [
        "The centre",
        "Alpha theme",
        "Alpha one",
        "Alpha one deeper",
        "Alpha two",
        "A quote about alpha.",
    ]
    assert '<title id="mm-split--alpha-title">Split map: Alpha theme</title>' in alpha
    assert 'class="folded"' not in alpha and 'class="edge connection"' not in alpha
    assert titles((out / "split--beta.svg").read_text(encoding="utf-8")) == ["The centre", "Beta theme", "Beta one"]
    assert titles((out / "split--gamma.svg").read_text(encoding="utf-8")) == ["The centre", "Gamma theme"]
    alt = (out / "split--alpha.alt.txt").read_text(encoding="utf-8")
    assert alt == 'Mind map, Split map: Alpha theme: "The centre", with 1 key theme: Alpha theme.\n'
    description = (out / "split--alpha.description.md").read_text(encoding="utf-8")
    assert "Alpha one deeper" in description and "Beta" not in description
    # The detail keeps the theme's colour in the whole map (beta is the second colour, not the first).
    whole = render_svg(load_map(path))

    def fill(svg: str, node: str) -> str:
        return re.search(
            rf'data-node="{node}"[^>]*><title>[^<]*</title><rect class="shape"[^>]* fill="([^"]+)"', svg
        ).group(1)

    beta = (out / "split--beta.svg").read_text(encoding="utf-8")
    assert fill(beta, "theme:beta") == fill(whole, "theme:beta") != fill(whole, "theme:alpha")


def test_depth_with_split_folds_the_details(tmp_path: Path):
    path = theme_file(tmp_path)
    out = tmp_path / "out"
    args = ["render", str(path), "-o", str(out), "--split", "--depth", "2", "-f", "svg", "-f", "html"]
    assert runner.invoke(app, args).exit_code == 0
    alpha = (out / "split--alpha.svg").read_text(encoding="utf-8")
    assert "Alpha one deeper" not in titles(alpha)
    assert ">1 sub-theme<" in alpha
    # The overview is folded to key themes whatever --depth says.
    assert titles((out / "split.svg").read_text(encoding="utf-8"))[1:4] == ["Alpha theme", "Beta theme", "Gamma theme"]
    # The HTML figures hold their whole map or branch, opening folded: to key themes, or at --depth.
    overview = (out / "split.html").read_text(encoding="utf-8")
    assert 'data-fold-depth="1"' in overview and "Alpha one deeper" in overview
    detail = (out / "split--alpha.html").read_text(encoding="utf-8")
    assert 'data-fold-depth="2"' in detail and "Alpha one deeper" in detail and "Beta theme" not in detail


def test_split_is_the_same_bytes_twice():
    m = MindMap.model_validate(small_map())
    assert render_split(m, ["svg", "png"])[0] == render_split(m, ["svg", "png"])[0]
    assert list(render_split(m, ["svg"])[0]) == ["small", "small--alpha", "small--beta", "small--gamma"]
    assert render_split(m, ["svg"])[0]["small--alpha"]["svg"] == render_svg(detail_map(m, "alpha")).encode("utf-8")


def test_gallery_split_links_each_theme_of_the_overview_to_its_detail(tmp_path: Path):
    folder = tmp_path / "themes"
    folder.mkdir()
    theme_file(folder)
    out = tmp_path / "gallery"
    render_gallery(folder, out, workers=1, split=True)
    details = ["split--alpha", "split--beta", "split--gamma"]
    expected = sorted(
        [f"split.{s}" for s in FORMATS]
        + [f"{d}.{s}" for d in details for s in ("svg", "png", "pdf", "alt.txt", "description.md")]
        + [INDEX, MANIFEST]
    )
    assert sorted(p.name for p in out.iterdir()) == expected
    page = (out / INDEX).read_text(encoding="utf-8")
    links = re.findall(r'<li><a href="(split--[a-z]+)\.svg">([^<]+)</a>', page)
    assert links == [("split--alpha", "Alpha theme"), ("split--beta", "Beta theme"), ("split--gamma", "Gamma theme")]
    assert '<h3 id="split-details">Each key theme in detail</h3>' in page
    assert 'class="folded"' in page  # the inline figure is the overview
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["maps"]["split"]["details"] == [
        [d, label] for d, label in zip(details, ["Alpha theme", "Beta theme", "Gamma theme"])
    ]
    # Without --split the details go, and the figure is whole again.
    result = render_gallery(folder, out, workers=1)
    assert sorted(result.removed) == sorted(
        f"{d}.{s}" for d in details for s in ("svg", "png", "pdf", "alt.txt", "description.md")
    )
    assert sorted(p.name for p in out.iterdir()) == sorted([f"split.{s}" for s in FORMATS] + [INDEX, MANIFEST])
    assert "Each key theme in detail" not in (out / INDEX).read_text(encoding="utf-8")
    assert 'class="folded"' not in (out / INDEX).read_text(encoding="utf-8")


def test_gallery_cli_takes_split(tmp_path: Path):
    folder = tmp_path / "themes"
    folder.mkdir()
    theme_file(folder)
    result = runner.invoke(app, ["gallery", str(folder), "-o", str(tmp_path / "g"), "--split", "-j", "1"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "g" / "split--gamma.pdf").is_file()
