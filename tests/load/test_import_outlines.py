"""mindmap import of outlines: FreeMind/Freeplane, Markdown (markmap), OPML and Mermaid.

Each reader is the inverse of its export: export then import gives the same
map, except what the format cannot hold (the README lists it; ``HOLDS`` below
says the same per format, and ``canonical`` drops exactly that).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from mindmap.cli import app
from mindmap.export import export_map
from mindmap.load.outlines import read_outline
from mindmap.load.qda import validated
from mindmap.load.reader import load_map
from mindmap.model.theme import MindMap
from mindmap.publish.render import render_map

ROOT = Path(__file__).resolve().parents[2]
OUTLINES = Path(__file__).parent.parent / "fixtures" / "outlines"
SUFFIX = {"freemind": ".mm", "markdown": ".md", "opml": ".opml", "mermaid": ".mmd"}
# What each format holds beyond the tree of labels, counts and quotes.
HOLDS = {
    "freemind": {"title": False, "hypothesis": True, "descriptions": True, "direction": True},
    "markdown": {"title": False, "hypothesis": False, "descriptions": True, "direction": False},
    "opml": {"title": True, "hypothesis": True, "descriptions": True, "direction": True},
    "mermaid": {"title": True, "hypothesis": False, "descriptions": False, "direction": True},
}
runner = CliRunner()


def flat(text: str | None) -> str | None:
    return " ".join(text.split()) if text else None


def canonical(m: MindMap, fmt: str) -> dict[str, Any]:
    """The map as far as ``fmt`` holds it: ids, source and style never; order of quotes by theme."""
    holds = HOLDS[fmt]
    labels = {t.key: flat(t.label) for t in m.themes}
    order = {t.key: i for i, t in enumerate(m.themes)}

    def tree(theme: Any) -> tuple:
        return (
            flat(theme.label),
            flat(theme.description) if holds["descriptions"] else None,
            theme.n,
            tuple(tree(s) for s in theme.subthemes),
        )

    connections = set()
    for c in m.connections:
        a, b = c.between
        pair = (labels[a], labels[b]) if holds["direction"] else tuple(sorted((labels[a], labels[b])))
        connections.add((pair, flat(c.label)))
    quotes = sorted(
        ((flat(q.text), flat(q.attribution), labels.get(q.theme or "")) for q in m.quotes),
        key=lambda q: order.get(next((k for k, v in labels.items() if v == q[2]), ""), len(order)),
    )
    return {
        "headline": flat(m.headline),
        "n": m.n,
        "title": flat(m.title) if holds["title"] else None,
        "hypothesis": flat(m.hypothesis) if holds["hypothesis"] else None,
        "themes": tuple(tree(t) for t in m.themes),
        "connections": connections,
        "quotes": quotes,
    }


def round_trip(m: MindMap, fmt: str) -> MindMap:
    data = export_map(m, fmt)
    return validated(read_outline(fmt, data, f"{m.id}{SUFFIX[fmt]}", m.id))


REPORT_MAPS = sorted((ROOT / "themes").glob("*.yaml"))


@pytest.mark.parametrize("fmt", sorted(SUFFIX))
@pytest.mark.parametrize("path", REPORT_MAPS, ids=[p.stem for p in REPORT_MAPS])
def test_export_then_import_gives_the_same_map(path, fmt):
    m = load_map(path)
    back = round_trip(m, fmt)
    assert canonical(back, fmt) == canonical(m, fmt)
    assert back.id == m.id
    # Ids are the slugs of the labels, made unique.
    assert len({t.key for t, _ in back.walk()}) == sum(1 for _ in back.walk())


TRICKY = MindMap.model_validate(
    {
        "id": "tricky",
        "title": "Tricky: <b>bold</b> & *stars*",
        "hypothesis": "If A & B < C, then # D",
        "headline": 'Care works when "we" talk',
        "n": 31,
        "themes": [
            {
                "id": "a",
                "label": "Staff & <time> #1",
                "n": 14,
                "description": "Time *set aside* [for] `change`_now",
                "subthemes": [
                    {
                        "label": "Protected_time ~ clinicians",
                        "n": "<5",
                        "description": "A | B \\ C",
                        "subthemes": [{"label": "- 1. not a list", "n": 2}],
                    },
                    {"label": "12) not either", "n": 0},
                ],
            },
            {"id": "b", "label": "Équipe rôles (ŵ) 中文", "n": 9},
            {"id": "c", "label": "Llesiant", "subthemes": [{"label": "A [n] note"}]},
        ],
        "connections": [{"between": ["a", "b"], "label": "feeds (a lot)"}, {"between": ["c", "a"]}],
        "quotes": [
            {"text": 'We "never" had <time>.', "attribution": "Nurse & carer", "theme": "a"},
            {"text": "Overall: fine", "theme": "c"},
            {"text": "No role given"},
        ],
    }
)


@pytest.mark.parametrize("fmt", sorted(SUFFIX))
def test_escaped_characters_survive_the_round_trip(fmt):
    back = round_trip(TRICKY, fmt)
    assert canonical(back, fmt) == canonical(TRICKY, fmt)
    # And a second round changes nothing at all, byte for byte.
    assert export_map(round_trip(back, fmt), fmt) == export_map(back, fmt)


@pytest.mark.parametrize("fmt", ["freemind", "opml"])
def test_direction_of_connections_is_kept_where_the_format_holds_it(fmt):
    back = round_trip(TRICKY, fmt)
    labels = {t.key: t.label for t in back.themes}
    assert sorted((labels[c.between[0]], labels[c.between[1]], c.label) for c in back.connections) == [
        ("Llesiant", "Staff & <time> #1", None),
        ("Staff & <time> #1", "Équipe rôles (ŵ) 中文", "feeds (a lot)"),
    ]


# --- hand-written fixtures ------------------------------------------------------------------------

EXPECTED_TREE = [
    ("Connectivity & cost", 1, 12),
    ("Rural gaps", 2, "<5"),
    ("Mobile data only", 2, 7),
    ("Llesiant staff", 1, None),
    ("Équipe <rôles>", 2, None),
]


@pytest.mark.parametrize("name", ["diagram.mmd", "markmap.md", "outliner.opml", "freeplane.mm"])
def test_hand_written_outlines_import_validate_and_render(tmp_path, name):
    out = tmp_path / "map.yaml"
    result = runner.invoke(app, ["import", str(OUTLINES / name), "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    assert runner.invoke(app, ["validate", str(out)]).exit_code == 0
    m = load_map(out)
    tree = [(t.label, depth, t.n) for t, depth in m.walk()]
    expected = EXPECTED_TREE if name != "freeplane.mm" else EXPECTED_TREE[:4]
    assert tree == expected
    assert (m.headline, m.n) == ("Digital inclusion works when", 20)
    assert [(c.between, c.label) for c in m.connections] == [(("connectivity-cost", "llesiant-staff"), "limits")]
    assert (m.quotes[0].text, m.quotes[0].attribution, m.quotes[0].theme) == (
        "We had one bar of signal on a good day.",
        "Carer",
        "connectivity-cost",
    )
    if name != "freeplane.mm":
        second = m.quotes[1]
        assert (second.text, second.attribution, second.theme) == ("It just works now.", "Innovator", None)
    if name in ("diagram.mmd", "outliner.opml"):
        assert m.title == "Hypothesis 12: Digital inclusion"
    if name != "diagram.mmd":
        assert m.themes[0].description == "Broadband, data and who pays."
    svg = render_map(m, ["svg"])["svg"].decode()
    for text in ("Connectivity &amp; cost", "[n=12]", "[n&lt;5]", "Llesiant staff", "limits"):
        assert text in svg, text


def test_markmap_sub_theme_descriptions_and_front_matter():
    imported = read_outline("markdown", (OUTLINES / "markmap.md").read_bytes(), "markmap.md", "m")
    m = validated(imported)
    assert m.themes[0].subthemes[0].description == "Farms beyond the last cabinet."
    assert "colorFreezeLevel" not in str(m.model_dump())


def test_freeplane_rich_text_nodes_and_notes():
    m = validated(read_outline("freemind", (OUTLINES / "freeplane.mm").read_bytes(), "f.mm", "f"))
    assert m.themes[0].subthemes[1].label == "Mobile data only"  # from <richcontent TYPE="NODE">
    assert m.hypothesis == "Hypothesis 12: access to digital care depends on more than devices."


BAD_OUTLINES = {
    "x.mm": (
        b"<map><node TEXT='H'><arrowlink DESTINATION='ID_9'/></node></map>",
        "x.mm:1:1: has no key themes below the root",
    ),
    "y.mm": (
        b"<map><node TEXT='H'><node TEXT='A'><arrowlink DESTINATION='ID_9'/></node></node></map>",
        "y.mm:1:36: <arrowlink> DESTINATION 'ID_9' names no node",
    ),
    "z.mm": (b"<svg/>", "z.mm:1:1: the root element is <svg>; a FreeMind or Freeplane file is <map>"),
    "a.opml": (
        b"<opml><body><outline text='H'/><outline text='I'/></body></opml>",
        "a.opml:1:32: the body has more than one top outline; a map has one headline at its root",
    ),
    "b.opml": (b"<opml><head/></opml>", "b.opml:1:1: <opml> has no <body>"),
    "c.mmd": (b"graph TD\n  A --> B\n", "c.mmd:1:1: is not a Mermaid mind map: the diagram must start with 'mindmap'"),
    "d.mmd": (
        b"mindmap\n  root\n    A\n  second root\n",
        "d.mmd:4:3: a second root node; indent it under the first (the headline)",
    ),
    "e.mmd": (
        b"mindmap\n  root\n    A\n%% connection: A <-> Nowhere\n",
        "e.mmd:4:1: connection 'A <-> Nowhere' names no key theme on its right",
    ),
    "f.md": (b"# H\n\n# Again\n", "f.md:3:1: a second level-1 heading; a map has one headline"),
    "g.md": (b"just text\n", "g.md:1:1: has no root node (the headline)"),
    "h.opml": (
        b"<!DOCTYPE opml [<!ENTITY x 'y'>]><opml/>",
        "h.opml:1:16: DTDs (<!DOCTYPE ...>) are not allowed in "
        "this file: they can declare entities that expand without limit or read other files; export it again "
        "from the coding software",
    ),
}


@pytest.mark.parametrize("name", sorted(BAD_OUTLINES))
def test_bad_outlines_give_located_messages_and_write_nothing(tmp_path, name):
    data, message = BAD_OUTLINES[name]
    path = tmp_path / name
    path.write_bytes(data)
    out = tmp_path / "out.yaml"
    result = runner.invoke(app, ["import", str(path), "-o", str(out)])
    assert result.exit_code == 1
    assert result.stderr == f"{tmp_path}/{message}\n"
    assert not out.exists()


def test_codebook_options_are_refused_for_outlines():
    result = runner.invoke(app, ["import", str(OUTLINES / "markmap.md"), "--root", "X"])
    assert result.exit_code == 1
    assert result.stderr == "--root is for REFI-QDA codebooks and projects (.qdc, .qdpx), not markdown\n"


def test_opml_export_is_registered_and_deterministic():
    m = load_map(ROOT / "themes" / "h9-process.yaml")
    first = export_map(m, "opml")
    assert first == export_map(m, "opml")
    assert first.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n')
    assert b"<title>Hypothesis 9: Process</title>" in first


# --- property: random maps survive each round trip ---------------------------------------------

LABEL = (
    st.text(
        alphabet=st.sampled_from(list("abcXYZ019 &<>\"'*_#[]()-:|\\`~=é中ŵ!?.,;/+“”↔")),
        min_size=1,
        max_size=24,
    )
    .map(lambda s: " ".join(s.split()))
    .filter(bool)
)
COUNT = st.none() | st.integers(0, 500) | st.integers(2, 10).map(lambda k: f"<{k}")


def _ambiguous(label: str) -> bool:
    """The label forms the README lists as what outline formats cannot tell apart."""
    return bool(re.search(r"\[n(=\d+|<\d+)\]$", label) or label.startswith(("“", "↔")))


@st.composite
def maps(draw: st.DrawFn) -> MindMap:
    used: set[str] = set()

    def label() -> str:
        text = draw(LABEL)
        assume(not _ambiguous(text) and text.casefold() not in used and text != "Quotes")
        used.add(text.casefold())
        return text

    def theme(depth: int) -> dict:
        entry: dict = {"id": f"t{len(used)}", "label": label(), "n": draw(COUNT)}
        if draw(st.booleans()):
            entry["description"] = draw(LABEL)
            # Markdown: a key theme's description wholly in quotation marks reads as a quote (README).
            assume(not re.match(r"^“.*\S.*”", entry["description"]))
        if depth < 3:
            entry["subthemes"] = [theme(depth + 1) for _ in range(draw(st.integers(0, 2)))]
        return entry

    themes = [theme(1) for _ in range(draw(st.integers(1, 4)))]
    data = {"id": "m", "title": draw(LABEL), "headline": draw(LABEL), "n": draw(COUNT), "themes": themes}
    m = MindMap.model_validate(data)
    keys = [t.key for t in m.themes]
    pairs = [(a, b) for i, a in enumerate(keys) for b in keys[i + 1 :]]
    chosen = draw(st.lists(st.sampled_from(pairs), unique=True, max_size=3)) if pairs else []
    connections = [{"between": list(p), **({"label": draw(LABEL)} if draw(st.booleans()) else {})} for p in chosen]
    labels = [flat(t.label) or "" for t in m.themes]
    for c in connections:  # a connection's words that read as part of a longer label are ambiguous
        assume(not any(c.get("label") and f"{x} ({c['label']})" in labels for x in labels))
    quotes = [
        {"text": draw(LABEL), **({"theme": draw(st.sampled_from(keys))} if draw(st.booleans()) else {})}
        for _ in range(draw(st.integers(0, 2)))
    ]
    return MindMap.model_validate({**data, "connections": connections, "quotes": quotes})


@settings(
    max_examples=400,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(maps(), st.sampled_from(sorted(SUFFIX)))
def test_random_maps_survive_export_then_import(m, fmt):
    assert canonical(round_trip(m, fmt), fmt) == canonical(m, fmt)
