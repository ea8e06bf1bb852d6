"""mindmap tally PROJECT.qdpx: codes matched to themes (guid first, then name), counts written
with only the digits changed, all or nothing; --suppress-below writes "<K"."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from typer.testing import CliRunner

from mindmap.cli import app
from mindmap.load.reader import load_map

from ..load.test_import_qda import HAND_COUNTS, QDA, make_qdpx

runner = CliRunner()

# A theme file an analyst wrote by hand for the pilot: comments, its own ids and order,
# some themes matched by guid, one by name only, one matching nothing.
HAND_WRITTEN = """\
# The pilot's map, written by hand.
id: pilot
title: "Pilot"
headline: Care works when
n: 99   # stale
themes:
  - id: care
    label: Social care          # renamed: matched by its guid
    guid: c0000000-0000-4000-8000-000000000001
    n: 7
    subthemes:
      - id: staff
        label: Llesiant staff   # no guid: matched by name
      - id: team
        label: Équipe
        guid: "{C0000000-0000-4000-8000-000000000003}"
        n: 0
  - id: money
    label: COST                 # name, ignoring case
    n: 1
  - id: hopes
    label: Hopes and fears      # no code: left as it is
    n: 4
"""


def setup(tmp_path: Path) -> tuple[Path, Path]:
    themes = tmp_path / "themes"
    themes.mkdir()
    (themes / "pilot.yaml").write_text(HAND_WRITTEN, encoding="utf-8")
    return make_qdpx(tmp_path / "pilot.qdpx"), themes


def tally(*args: str):
    return runner.invoke(app, ["tally", *map(str, args)])


def test_counts_match_the_hand_counts_and_only_digits_change(tmp_path):
    qdpx, themes = setup(tmp_path)
    result = tally(qdpx, "--themes", themes, "--write")
    assert result.exit_code == 0, result.stderr
    hand = HAND_COUNTS["sources"]
    # care: own code + Llesiant staff + Équipe = 2 sources; money: Cost = 1; map: sources
    # coded to any matched code (Gofal, Llesiant, Équipe, Cost) = interviews 1, 2, 3 = 3.
    expected = HAND_WRITTEN.replace("n: 99", "n: 3").replace("n: 7", f"n: {hand['gofal-cymdeithasol']}")
    expected = expected.replace(
        "        label: Llesiant staff   # no guid: matched by name\n",
        f"        label: Llesiant staff   # no guid: matched by name\n        n: {hand['llesiant-staff']}\n",
    )
    expected = expected.replace("n: 0", f"n: {hand['equipe']}").replace("    n: 1\n", f"    n: {hand['cost']}\n")
    assert (themes / "pilot.yaml").read_text(encoding="utf-8") == expected
    assert "wrote " in result.stdout
    # Run again: nothing to change.
    assert "every count is already up to date; nothing written" in tally(qdpx, "--themes", themes, "--write").stdout


def test_unmatched_codes_and_themes_are_reported(tmp_path):
    qdpx, themes = setup(tmp_path)
    result = tally(qdpx, "--themes", themes, "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["unmatched_themes"] == [{"map": "pilot", "id": "hopes", "label": "Hopes and fears"}]
    assert [c["name"] for c in data["unmatched_codes"]] == ["Access & <digital>", "Broadband"]
    by = {m["key"]: m["by"] for m in data["matches"]}
    assert by == {"care": "guid", "staff": "name", "team": "guid", "money": "name", "hopes": ""}
    assert data["written"] is None
    # Tables name them too.
    text = tally(qdpx, "--themes", themes).stdout
    assert "Themes no code matched (their n is left as it is):" in text and "pilot: hopes 'Hopes and fears'" in text
    assert "Codes no theme matched:" in text
    assert "'Broadband' (line 17, guid c0000000-0000-4000-8000-000000000005)" in text
    assert "1 theme file would change; run again with --write" in text
    assert (themes / "pilot.yaml").read_text(encoding="utf-8") == HAND_WRITTEN  # nothing written without --write


def test_segments_and_cases_counts(tmp_path):
    qdpx, themes = setup(tmp_path)
    for mode in ("segments", "cases"):
        assert tally(qdpx, "--themes", themes, "--write", "--count", mode).exit_code == 0
        m = load_map(themes / "pilot.yaml")
        hand = HAND_COUNTS[mode]
        got = {t.key: t.n for t, _ in m.walk()}
        assert got == {
            "care": hand["gofal-cymdeithasol"],
            "staff": hand["llesiant-staff"],
            "team": hand["equipe"],
            "money": hand["cost"],
            "hopes": 4,
        }
        # The map: segments/cases coded to Gofal (and below) or Cost.
        assert m.n == {"segments": 4, "cases": 2}[mode]


def test_suppress_below_writes_small_counts_as_a_range(tmp_path):
    qdpx, themes = setup(tmp_path)
    result = tally(qdpx, "--themes", themes, "--write", "--suppress-below", "3")
    assert result.exit_code == 0, result.stderr
    m = load_map(themes / "pilot.yaml")
    assert {t.key: t.n for t, _ in m.walk()} == {"care": "<3", "staff": "<3", "team": "<3", "money": "<3", "hopes": 4}
    assert m.n == 3  # 3 is not below 3
    text = (themes / "pilot.yaml").read_text(encoding="utf-8")
    assert '    n: "<3"\n' in text and "# stale" in text and "# renamed: matched by its guid" in text
    # Unsuppressed again: the quoted "<3" becomes digits.
    assert tally(qdpx, "--themes", themes, "--write").exit_code == 0
    assert {t.key: t.n for t, _ in load_map(themes / "pilot.yaml").walk()}["care"] == 2


def test_suppress_below_works_for_response_sheets_too(tmp_path):
    fixture = Path(__file__).parent.parent / "fixtures" / "responses"
    themes = tmp_path / "themes"
    shutil.copytree(fixture / "themes", themes)
    result = tally(fixture / "responses.csv", "--themes", themes, "--write", "--suppress-below", "10")
    assert result.exit_code == 0, result.stderr
    counted = [p for p in sorted(themes.iterdir()) if load_map(p).id in ("h9-process", "h4-leadership")]
    assert len(counted) == 2
    for path in counted:
        for theme, _ in load_map(path).walk():
            assert theme.n == 0 or theme.n == "<10" or (isinstance(theme.n, int) and theme.n >= 10), (path, theme)
    assert any(t.n == "<10" for p in counted for t, _ in load_map(p).walk())
    assert '"n": "<10"' in (themes / "h4-leadership.json").read_text(encoding="utf-8")


def test_suppress_below_must_be_two_or_more(tmp_path):
    qdpx, themes = setup(tmp_path)
    result = tally(qdpx, "--themes", themes, "--suppress-below", "1")
    assert result.exit_code == 2


def test_a_bad_project_writes_nothing(tmp_path):
    qde = (
        (QDA / "small-project.qde")
        .read_text(encoding="utf-8")
        .replace(
            'targetGUID="c0000000-0000-4000-8000-000000000006"/>',
            'targetGUID="c0000000-0000-4000-8000-0000000000aa"/>',
            1,
        )
    )
    qdpx = make_qdpx(tmp_path / "bad.qdpx", qde.encode("utf-8"))
    _, themes = setup(tmp_path)
    result = tally(qdpx, "--themes", themes, "--write")
    assert result.exit_code == 1
    assert result.stderr == (
        f"{qdpx}/project.qde:65:11: <CodeRef> targetGUID 'c0000000-0000-4000-8000-0000000000aa' "
        "names no code defined in the file\n"
    )
    assert (themes / "pilot.yaml").read_text(encoding="utf-8") == HAND_WRITTEN


def test_count_is_for_projects_only(tmp_path):
    fixture = Path(__file__).parent.parent / "fixtures" / "responses"
    result = tally(fixture / "responses.csv", "--themes", fixture / "themes", "--count", "cases")
    assert result.exit_code == 1
    assert result.stderr == "--count is for REFI-QDA projects (.qdpx); a responses sheet counts responses\n"
