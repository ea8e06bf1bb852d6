"""Lint rules one by one, each at its file:line:col; validate prints them and --strict fails."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mindmap.analysis.lint import RULES, lint_file, lint_map
from mindmap.cli import app
from mindmap.model.theme import MindMap

runner = CliRunner()

CLEAN = """\
id: clean
title: Clean
headline: Centre
n: 10
themes:
  - id: a
    label: Alpha
    description: About alpha.
    n: 8
    subthemes:
      - {id: a1, label: Alpha one, n: 5}
      - {id: a2, label: Alpha two, n: 3}
  - id: b
    label: Beta
    description: About beta.
    n: 4
"""


def _write(tmp_path: Path, text: str, name: str = "map.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _lines(tmp_path: Path, text: str) -> list[str]:
    path = _write(tmp_path, text)
    _, warnings = lint_file(path)
    return [str(w).replace(str(path), "F") for w in warnings]


def test_a_clean_map_has_no_warnings(tmp_path):
    assert _lines(tmp_path, CLEAN) == []


def test_subtheme_larger_than_parent(tmp_path):
    text = CLEAN.replace("{id: a1, label: Alpha one, n: 5}", "{id: a1, label: Alpha one, n: 9}")
    assert _lines(tmp_path, text) == [
        "F:11:39: themes.0.subthemes.0.n: warning: sub-theme 'a1' has n=9, more than its parent 'a' (n=8); "
        "a response coded to a sub-theme also counts for its theme [subtheme-larger-than-parent]"
    ]


def test_subtheme_larger_than_an_uncounted_parents_theme(tmp_path):
    text = (
        "id: m\ntitle: M\nheadline: H\nthemes:\n  - id: a\n    label: A\n    n: 4\n    subthemes:\n"
        "      - id: b\n        label: B\n        subthemes:\n          - {id: c, label: C, n: 6}\n"
    )
    assert _lines(tmp_path, text) == [
        "F:12:34: themes.0.subthemes.0.subthemes.0.n: warning: sub-theme 'c' has n=6, more than the theme above it "
        "'a' (n=4); a response coded to a sub-theme also counts for its theme [subtheme-larger-than-parent]"
    ]


def test_mixed_counts_among_siblings(tmp_path):
    text = CLEAN.replace("{id: a2, label: Alpha two, n: 3}", "{id: a2, label: Alpha two}")
    assert _lines(tmp_path, text) == [
        "F:12:25: themes.0.subthemes.1.label: warning: 'a2' has no n but its sibling has one; "
        "give every sibling an n, or none [mixed-counts]"
    ]
    # No counts at all is fine.
    bare = "\n".join(line for line in CLEAN.splitlines() if not line.strip().startswith("n:")) + "\n"
    bare = bare.replace(", n: 5", "").replace(", n: 3", "")
    assert _lines(tmp_path, bare) == []


def test_map_n_below_its_largest_theme(tmp_path):
    assert _lines(tmp_path, CLEAN.replace("n: 10\n", "n: 7\n", 1)) == [
        "F:4:4: n: warning: map n=7 is smaller than the n=8 of theme 'a' (themes.0); "
        "the map counts every response coded to any of its themes [map-n-below-theme]"
    ]


def test_duplicate_labels_ignore_case_and_spacing(tmp_path):
    text = CLEAN.replace("label: Beta", "label: alpha  ONE")
    assert _lines(tmp_path, text) == [
        "F:14:12: themes.1.label: warning: label 'alpha  ONE' is also used by themes.0.subthemes.0 (line 11); "
        "make the labels different so readers can tell the boxes apart [duplicate-label]"
    ]


def test_key_theme_missing_a_description_its_siblings_have(tmp_path):
    text = CLEAN.replace("    description: About beta.\n", "")
    assert _lines(tmp_path, text) == [
        "F:14:12: themes.1.label: warning: key theme 'b' has no description but its sibling has one; "
        "add one [missing-description]"
    ]
    # One described theme among many is a choice, not a slip.
    many = text + "".join(f"  - {{id: t{i}, label: T{i}, n: 1}}\n" for i in range(3))
    assert [w for w in _lines(tmp_path, many) if "missing-description" in w] == []


def test_label_that_wraps_to_more_than_four_lines(tmp_path):
    long_label = "A very long key theme label that goes on and on about many things at once, far too long for a box"
    text = CLEAN.replace("label: Beta", f"label: {long_label}")
    (line,) = _lines(tmp_path, text)
    assert line.startswith("F:14:12: themes.1.label: warning: label wraps to ")
    assert line.endswith(
        "lines (more than 4) at this style's width; shorten it and move the detail into the description [long-label]"
    )
    # Measured in the map's own style: a wider box takes the same words in fewer lines.
    wide = text + "style:\n  scale:\n    theme: {wrap_width: 600}\n"
    assert _lines(tmp_path, wide) == []


def test_a_headline_of_more_than_25_words_is_flagged_with_its_measured_cost(tmp_path):
    words = " ".join(["word"] * 30)
    head = CLEAN.split("headline:")[0]
    text = head + "headline: " + words + "\n" + CLEAN.split("headline:")[1].split("\n", 1)[1]
    (line,) = _lines(tmp_path, text)
    match = re.fullmatch(
        r"F:\d+:11: headline: warning: the headline has 30 words \(more than 25\); on a page its box "
        r"takes (\d+)% of the figure and the map's text prints at (\d+\.\d) pt; shorten it and move "
        r"the rest into the hypothesis \[long-headline\]",
        line,
    )
    assert match, line
    share, printed = int(match.group(1)), float(match.group(2))
    assert 5 <= share <= 90 and 4.0 <= printed <= 20.0  # the rule [long-headline] measures a real layout
    # 25 words are fine.
    exact = head + "headline: " + " ".join(["word"] * 25) + "\n" + CLEAN.split("headline:")[1].split("\n", 1)[1]
    assert _lines(tmp_path, exact) == []


def test_every_rule_is_documented_and_tested():
    import mindmap.analysis.lint

    tested = Path(__file__).read_text(encoding="utf-8")
    for rule in RULES:
        assert f"``{rule}``" in mindmap.analysis.lint.__doc__
        assert f"[{rule}]" in tested


def test_quote_naming_an_unknown_theme_is_already_an_error(tmp_path):
    path = _write(tmp_path, CLEAN + "quotes:\n  - text: Hello.\n    theme: gamma\n")
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 1
    assert result.stderr == f"{path}:19:12: quotes.0.theme: no key theme has id 'gamma'; key themes are: a, b\n"


def test_lint_map_without_a_document_is_pure():
    mind_map = MindMap.model_validate(
        {"id": "m", "title": "M", "headline": "H", "n": 1, "themes": [{"label": "X", "n": 2}]}
    )
    (warning,) = lint_map(mind_map)
    assert (warning.line, warning.column, warning.field) == (1, 1, "n")


def test_json_files_are_located_too(tmp_path):
    path = _write(
        tmp_path,
        '{"id": "j", "title": "J", "headline": "H", "n": 1,\n "themes": [{"label": "X", "n": 5}]}\n',
        "map.json",
    )
    _, (warning,) = lint_file(path)
    assert (warning.line, warning.column) == (1, 49)


# --- validate ------------------------------------------------------------------------


def test_validate_prints_warnings_and_passes_without_strict(tmp_path):
    path = _write(tmp_path, CLEAN.replace("n: 10\n", "n: 7\n", 1))
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 0
    assert result.stdout == f"{path}: ok: clean, 2 key themes, 2 sub-themes, 0 connections, 0 quotes, n=7\n"
    assert result.stderr.startswith(f"{path}:4:4: n: warning: map n=7")


def test_validate_strict_fails_on_warnings(tmp_path):
    warned = _write(tmp_path, CLEAN.replace("n: 10\n", "n: 7\n", 1))
    clean = _write(tmp_path, CLEAN, "clean.yaml")
    result = runner.invoke(app, ["validate", "--strict", str(clean), str(warned)])
    assert result.exit_code == 1
    assert result.stderr.count("warning:") == 1
    assert runner.invoke(app, ["validate", "--strict", str(clean)]).exit_code == 0


@pytest.mark.parametrize("command", ["validate", "preview"])
def test_errors_still_come_first_and_fail(tmp_path, command):
    path = _write(tmp_path, CLEAN.replace("label: Beta", "label: ''"))
    result = runner.invoke(app, [command, str(path)])
    assert result.exit_code == 1
    assert result.stderr == f"{path}:14:12: themes.1.label: must not be empty\n"


def test_bidirectional_controls_are_a_warning_where_they_stand(tmp_path):
    """Issue 15: U+202E in a label was accepted silently; it makes "fdp.exe" read "exe.pdf"."""
    text = CLEAN.replace("label: Beta", 'label: "Invoice \\u202efdp.exe"')
    (line,) = _lines(tmp_path, text)
    assert line == (
        "F:14:12: themes.1.label: warning: contains the bidirectional control U+202E, which makes "
        "the text after it read in another order than it is written; remove it [bidi-control]"
    )
