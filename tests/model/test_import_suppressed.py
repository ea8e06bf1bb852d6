"""Suppressed counts: n: "<5" is valid wherever a count is, drawn as [n<5], and understood
by lint, the descriptions, the preview, every export and the gallery."""

from __future__ import annotations

import io
import json

import networkx as nx
import pytest
from typer.testing import CliRunner

from mindmap.analysis.lint import lint_map
from mindmap.cli import app
from mindmap.errors import InputError
from mindmap.export import export_map
from mindmap.load.reader import load_map
from mindmap.model.describe import long_description
from mindmap.model.summary import summary_line
from mindmap.model.theme import MindMap
from mindmap.publish.render import figure_meta, render_map

runner = CliRunner()

YAML = """\
id: small-numbers
title: "Small numbers"
headline: Care works when
n: "<10"
themes:
  - id: staff
    label: Staff time
    n: <5
    subthemes:
      - label: Rotas
        n: "<5"
  - id: money
    label: Money
    n: 3
"""


def load(tmp_path, text: str = YAML, name: str = "m.yaml") -> MindMap:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return load_map(path)


def test_suppressed_counts_load_quoted_or_plain(tmp_path):
    m = load(tmp_path)
    assert (m.n, m.themes[0].n, m.themes[0].subthemes[0].n, m.themes[1].n) == ("<10", "<5", "<5", 3)
    assert m.themes[0].n.below == 5
    data = {"id": "j", "title": "T", "headline": "H", "themes": [{"label": "A", "n": "< 5"}]}
    as_json = load(tmp_path, json.dumps(data), "m.json")
    assert as_json.themes[0].n == "<5"  # spaces after '<' are tidied


@pytest.mark.parametrize(
    "value, message",
    [
        ('"<1"', "'<1' is not a suppressed count: K in '<K' must be from 2 to 10,000,000"),
        ('"<0"', "'<0' is not a suppressed count: K in '<K' must be from 2 to 10,000,000"),
        ('"<x"', "must be a whole number, not the text '<x'"),
        ('">5"', "must be a whole number, not the text '>5'"),
        ('"5"', "must be a whole number, not the text '5'"),
    ],
)
def test_bad_suppressed_counts_are_located(tmp_path, value, message):
    path = tmp_path / "bad.yaml"
    path.write_text(YAML.replace("n: <5", f"n: {value}"), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_map(path)
    assert caught.value.lines() == [f"{path}:8:8: themes.0.n: {message}"]


def test_drawn_as_n_less_than(tmp_path):
    m = load(tmp_path)
    svg = render_map(m, ["svg"])["svg"].decode()
    assert "[n&lt;5]" in svg and "[n&lt;10]" in svg and "[n=3]" in svg
    assert "[n=&lt;" not in svg


def test_drawn_with_branch_widths_scaled_by_n(tmp_path):
    m = load(tmp_path, YAML + "style:\n  scale:\n    lines:\n      scale_by_n: true\n")
    assert "[n&lt;5]" in render_map(m, ["svg"])["svg"].decode()


def test_descriptions_preview_and_summary(tmp_path):
    m = load(tmp_path)
    description = long_description(m)
    assert "Centre: Care works when [n<10]" in description
    assert "## Key theme 1: Staff time [n<5]" in description and "- Rotas [n<5]" in description
    assert figure_meta(m)["description"] == description
    assert summary_line(m).endswith(", n<10")
    path = tmp_path / "m.yaml"
    result = runner.invoke(app, ["preview", str(path)])
    assert result.exit_code == 0 and "Staff time [n<5]" in result.stdout and "Care works when [n<10]" in result.stdout
    assert runner.invoke(app, ["validate", str(path)]).stdout.endswith("n<10\n")


def test_every_export_writes_the_suppressed_count(tmp_path):
    m = load(tmp_path)
    assert "## Staff time \\[n\\<5\\]" in export_map(m, "markdown").decode()
    assert '["Staff time [n#lt;5]"]' in export_map(m, "mermaid").decode()
    assert 'TEXT="Staff time [n&lt;5]"' in export_map(m, "freemind").decode()
    assert 'text="Staff time [n&lt;5]"' in export_map(m, "opml").decode()
    assert 'label="Staff time [n<5]"' in export_map(m, "dot").decode()
    data = json.loads(export_map(m, "json"))
    assert {node["label"]: node.get("n") for node in data["nodes"]}["Staff time"] == "<5"
    graph = nx.read_graphml(io.BytesIO(export_map(m, "graphml")))
    assert {d["label"]: d.get("n") for _, d in graph.nodes(data=True)}["Staff time"] == "<5"
    assert {d["label"]: d.get("n") for _, d in graph.nodes(data=True)}["Money"] == 3


@pytest.mark.parametrize("fmt", ["markdown", "mermaid", "freemind", "opml"])
def test_outline_round_trip_keeps_suppressed_counts(tmp_path, fmt):
    from mindmap.load.outlines import read_outline
    from mindmap.load.qda import validated

    m = load(tmp_path)
    back = validated(read_outline(fmt, export_map(m, fmt), "x", "x"))
    assert [t.n for t, _ in back.walk()] == ["<5", "<5", 3] and back.n == "<10"


def _lint_messages(m: MindMap) -> list[str]:
    return [p.message for p in lint_map(m)]


def test_lint_compares_a_parent_with_the_range():
    def make(parent, child, map_n=None):
        return MindMap.model_validate(
            {
                "id": "x",
                "title": "T",
                "headline": "H",
                "n": map_n,
                "themes": [
                    {"id": "a", "label": "A", "n": parent, "subthemes": [{"id": "b", "label": "B", "n": child}]}
                ],
            }
        )

    # A sub-theme of 1 to 4 can fit under a parent of 3; one of 7 cannot fit under 1 to 4.
    assert _lint_messages(make(3, "<5")) == []
    assert _lint_messages(make("<5", "<10")) == []
    assert _lint_messages(make("<5", 7)) == [
        "warning: sub-theme 'b' has n=7, more than its parent 'a' (n<5); a response coded to a sub-theme "
        "also counts for its theme [subtheme-larger-than-parent]"
    ]
    assert _lint_messages(make("<5", "<5", map_n=3)) == []
    assert _lint_messages(make(10, 2, map_n="<5")) == [
        "warning: map n<5 is smaller than the n=10 of theme 'a' (themes.0); the map counts every response "
        "coded to any of its themes [map-n-below-theme]"
    ]


def test_gallery_page_shows_suppressed_counts(tmp_path):
    from mindmap.publish.gallery import render_gallery

    themes = tmp_path / "themes"
    themes.mkdir()
    (themes / "m.yaml").write_text(YAML, encoding="utf-8")
    render_gallery(themes, tmp_path / "out", workers=1)
    page = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert "Staff time [n&lt;5]" in page
    assert "[n&lt;5]" in (tmp_path / "out" / "small-numbers.svg").read_text(encoding="utf-8")
