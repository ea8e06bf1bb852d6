"""Alt text and the long description: length, content and reading order."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mindmap.load.reader import load_map
from mindmap.model.describe import ALT_TEXT_LIMIT, alt_text, long_description
from mindmap.model.theme import MindMap

THEMES = sorted((Path(__file__).resolve().parents[2] / "themes").glob("*.yaml"))


@pytest.mark.parametrize("path", THEMES, ids=lambda p: p.stem)
def test_alt_text_of_every_report_map_fits_and_names_the_map(path: Path) -> None:
    mind_map = load_map(path)
    text = alt_text(mind_map)
    assert len(text) <= ALT_TEXT_LIMIT
    assert text.startswith(f"Mind map, {mind_map.title}: ")
    assert mind_map.themes[0].label in text


def test_alt_text_counts_the_themes_it_cannot_name() -> None:
    themes = [{"label": f"A fairly long key theme label number {i}"} for i in range(12)]
    m = MindMap(id="x", title="T", headline="Centre", themes=themes)
    text = alt_text(m)
    assert len(text) <= ALT_TEXT_LIMIT
    assert "with 12 key themes" in text
    named = [t["label"] for t in themes if t["label"] + ";" in text or t["label"] + "." in text]
    assert named == [t["label"] for t in themes[: len(named)]]  # the first ones, in order
    assert text.endswith(f"; and {12 - len(named)} more.")


def test_alt_text_shortens_an_overlong_title_and_headline_at_a_word() -> None:
    m = MindMap(id="x", title="Title " * 60, headline="Headline words " * 40, themes=[{"label": "Only theme"}])
    text = alt_text(m)
    assert len(text) <= ALT_TEXT_LIMIT
    assert "…" in text and "Only theme" in text
    assert "Titl…" not in text  # cut between words, not inside one


# Any text a theme file may hold (the model refuses controls, surrogates and U+FFFE/U+FFFF,
# and text with no visible character: only spaces, zero-width or combining ones).
words = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs", "Cc"), exclude_characters="\ufffe\uffff"),
    min_size=1,
    max_size=400,
).filter(lambda s: any(unicodedata.category(c)[0] in "LNPS" for c in s))


@settings(max_examples=60, deadline=None)
@given(title=words, headline=words, labels=st.lists(words, min_size=1, max_size=30))
def test_alt_text_never_exceeds_the_limit(title: str, headline: str, labels: list[str]) -> None:
    themes = [{"id": f"t{i}", "label": label} for i, label in enumerate(labels)]
    m = MindMap(id="x", title=title, headline=headline, themes=themes)
    text = alt_text(m)
    assert 0 < len(text) <= ALT_TEXT_LIMIT
    assert "\n" not in text


def test_long_description_lists_everything_in_reading_order(small_map_data: dict) -> None:
    small_map_data["hypothesis"] = "The full statement."
    small_map_data["source"] = "Workshop, 2023."
    small_map_data["quotes"].append({"text": "About the whole map.", "attribution": "NHS organisation"})
    text = long_description(MindMap.model_validate(small_map_data))
    expected_in_order = [
        "# Small map",
        "Hypothesis: The full statement.",
        "Centre: The centre [n=10]",
        "3 key themes, in reading order.",
        "## Key theme 1: Alpha theme [n=6]",
        "What alpha means.",
        "- Alpha one [n=3]",
        "- Alpha two",
        "- Connected to Gamma theme (related)",
        '> "A quote about alpha." (Innovator)',
        "## Key theme 2: Beta theme [n=4]",
        "## Key theme 3: Gamma theme",
        "- Connected to Alpha theme (related)",
        "## Quotes about the whole map",
        '> "About the whole map." (NHS organisation)',
        "Source: Workshop, 2023.",
    ]
    lines = text.splitlines()
    positions = [lines.index(item) for item in expected_in_order]
    assert positions == sorted(positions)


def test_long_description_nests_deeper_sub_themes_with_their_descriptions() -> None:
    m = MindMap(
        id="x",
        title="T",
        headline="C",
        themes=[
            {
                "label": "A",
                "subthemes": [{"label": "A1", "description": "First.", "subthemes": [{"label": "A1a", "n": 2}]}],
            }
        ],
    )
    assert "- A1: First.\n  - A1a [n=2]\n" in long_description(m)


def test_long_description_uses_the_style_count_format() -> None:
    m = MindMap(id="x", title="T", headline="C", n=5, themes=[{"label": "A", "n": 3}])
    text = long_description(m, "(n = {n})")
    assert "Centre: C (n = 5)" in text and "A (n = 3)" in text and "[n=" not in text
