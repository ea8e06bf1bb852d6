"""mindmap tally: counts checked against a count made here, independently of mindmap.tally."""

from __future__ import annotations

import csv
import json
import re
import shutil
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from mindmap.cli import app
from mindmap.errors import UserError
from mindmap.load.reader import load_map

FIXTURE = Path(__file__).parent.parent / "fixtures" / "responses"
RESPONSES = FIXTURE / "responses.csv"
THEMES = FIXTURE / "themes"

# The fixture maps' structure, written out by hand: each sub-theme's parent.
PARENTS = {
    "h9-process": {
        "business-cases": "short-term-complexity",
        "funding-cycles": "short-term-complexity",
        "local-adaptation": "adaptability-to-place",
    },
    "h4-leadership": {"board-level": "senior-sponsorship"},
}
THEME_IDS = {
    "h9-process": [
        "short-term-complexity",
        "business-cases",
        "funding-cycles",
        "adaptability-to-place",
        "local-adaptation",
        "sharing-learning",
        "moving-to-bau",
    ],
    "h4-leadership": ["senior-sponsorship", "board-level", "clinical-leadership", "distributed-leadership"],
}

runner = CliRunner()


def _rows() -> list[dict[str, str]]:
    with RESPONSES.open(newline="", encoding="utf-8") as handle:
        return [{k.lower().replace(" ", "_"): v for k, v in row.items()} for row in csv.DictReader(handle)]


def _codes(row: dict[str, str]) -> set[str]:
    return {c.strip().lower() for c in row["codes"].split(";") if c.strip()}


def expected_counts() -> dict:
    """Count the fixture the obvious way, without mindmap's code."""
    themes: dict[str, Counter] = {m: Counter() for m in PARENTS}
    maps: Counter = Counter()
    excluded: Counter = Counter()
    tags: Counter = Counter()
    for row in _rows():
        for tag in {t.lower() for t in re.findall(r"#[A-Za-z][A-Za-z0-9_-]*", row["text"])}:
            tags[tag] += 1
        if row["excluded"].strip():
            excluded[row["excluded"].strip().lower()] += 1
            continue
        codes = _codes(row)
        if not codes:
            continue
        hyp = row["hypothesis"]
        maps[hyp] += 1
        credited = set(codes) | {PARENTS[hyp][c] for c in codes if c in PARENTS[hyp]}
        for theme in credited:
            themes[hyp][theme] += 1
    return {"themes": themes, "maps": maps, "excluded": excluded, "tags": tags}


def _json(args: list[str]) -> dict:
    result = runner.invoke(app, ["tally", *args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_fixture_has_the_rows_the_issue_asks_for():
    rows = _rows()
    assert len(rows) >= 60
    assert sum(1 for r in rows if len(_codes(r)) > 1) >= 10  # multi-coded
    assert sum(1 for r in rows if r["excluded"].strip()) >= 5
    assert sum(1 for r in rows if "#" in r["text"]) >= 40
    assert any("\n" in r["text"] for r in rows)  # a quoted multi-line cell
    # A response coded both to a sub-theme and its parent must count once for the parent.
    assert any({"business-cases", "short-term-complexity"} <= _codes(r) for r in rows)


def test_counts_match_an_independent_count():
    want = expected_counts()
    got = _json([str(RESPONSES), "--themes", str(THEMES)])
    rows = _rows()
    assert got["responses"] == len(rows) == 68
    assert got["excluded"] == sum(want["excluded"].values())
    assert {k.lower(): v for k, v in got["excluded_by_reason"].items()} == dict(want["excluded"])
    assert got["coded"] == sum(want["maps"].values())
    assert got["not_coded"] == sum(1 for r in rows if not r["excluded"].strip() and not _codes(r))
    assert got["not_coded_rows"] == [i + 2 for i, r in enumerate(rows) if not r["excluded"].strip() and not _codes(r)]
    by_map = {m["id"]: m for m in got["maps"]}
    assert set(by_map) == {"h9-process", "h4-leadership"}  # q10 is not in the sheet
    for map_id, entry in by_map.items():
        assert entry["n"] == want["maps"][map_id]
        assert [t["id"] for t in entry["themes"]] == THEME_IDS[map_id]
        assert {t["id"]: t["n"] for t in entry["themes"]} == {t: want["themes"][map_id][t] for t in THEME_IDS[map_id]}
        assert entry["received"] == sum(1 for r in rows if r["hypothesis"] == map_id)
    assert {t["tag"].lower(): t["responses"] for t in got["localities"]} == dict(want["tags"])
    assert got["untagged"] == sum(1 for r in rows if "#" not in r["text"])
    # #NHSSomerset and #nhssomerset are one locality, shown as first written.
    assert "#NHSSomerset" in [t["tag"] for t in got["localities"]]


def test_a_parent_counts_each_response_once(tmp_path):
    sheet = tmp_path / "r.csv"
    sheet.write_text(
        "response_id,hypothesis,text,codes,excluded\n"
        "a,h9-process,x,business-cases;funding-cycles;short-term-complexity,\n"
        "b,h9-process,y,funding-cycles,\n"
        "c,h9-process,z,,not relevant\n",
        encoding="utf-8",
    )
    got = _json([str(sheet), "--themes", str(THEMES)])
    (h9,) = got["maps"]
    n = {t["id"]: t["n"] for t in h9["themes"]}
    assert (h9["n"], n["short-term-complexity"], n["business-cases"], n["funding-cycles"]) == (2, 2, 1, 2)
    assert n["sharing-learning"] == 0


def test_table_output_names_every_section():
    result = runner.invoke(app, ["tally", str(RESPONSES), "--themes", str(THEMES)], env={"COLUMNS": "120"})
    assert result.exit_code == 0, result.output
    out = result.stdout
    for words in (
        "received",
        "excluded",
        "not yet coded",
        "Per map",
        "Per locality tag",
        "#NHSSomerset",
        "Moving to business as usual (BAU)",
        "2 theme files would change",
        "note: 3 responses to h9-process are not yet coded",
    ):
        assert words in out
    assert "[n=" in out  # Rich markup in labels is printed, not interpreted


# --- writing ----------------------------------------------------------------------


def _only_numbers_changed(old: str, new: str) -> None:
    """Outside its n values and added ``n:`` lines, ``new`` is ``old`` line for line."""
    n_line = re.compile(r" *n: \d+\r?\n")

    def rest(text: str) -> list[str]:
        return [
            re.sub(r"\bn: \d+", "n: #", re.sub(r", n: \d+\}", "}", line))
            for line in text.splitlines(keepends=True)
            if not n_line.fullmatch(line)
        ]

    assert rest(old) == rest(new)
    assert sum(map(bool, map(n_line.fullmatch, new.splitlines(keepends=True)))) > sum(
        map(bool, map(n_line.fullmatch, old.splitlines(keepends=True)))
    )


def test_write_changes_only_the_numbers(tmp_path):
    themes = tmp_path / "themes"
    shutil.copytree(THEMES, themes)
    before = {p.name: p.read_bytes() for p in themes.iterdir()}
    result = runner.invoke(app, ["tally", str(RESPONSES), "--themes", str(themes), "--write"])
    assert result.exit_code == 0, result.output
    assert "wrote" in result.stdout
    want = expected_counts()

    h9_old = before["h9-process.yaml"].decode()
    h9_new = (themes / "h9-process.yaml").read_text(encoding="utf-8")
    _only_numbers_changed(h9_old, h9_new)
    # Every comment line and trailing comment is still there, byte for byte.
    for line in h9_old.splitlines():
        if "#" in line:
            assert line.replace("n: 3 ", f"n: {want['maps']['h9-process']} ") in h9_new.splitlines()
    # The exact result where n was missing, in a flow mapping and after a block scalar.
    assert (
        '        label: Business cases   # "lost in the business case arena"\n'
        f"        n: {want['themes']['h9-process']['business-cases']}\n" in h9_new
    )
    assert (
        f"- {{id: funding-cycles, label: Funding cycles, n: {want['themes']['h9-process']['funding-cycles']}}}\n"
        in h9_new
    )
    assert (
        "      to their own population.\n"
        f"    n: {want['themes']['h9-process']['adaptability-to-place']}\n    subthemes:\n" in h9_new
    )
    assert (
        "    label: 'Sharing learning'     # keep this comment\n"
        f"    n: {want['themes']['h9-process']['sharing-learning']}\n\n  - id: moving-to-bau\n" in h9_new
    )

    for map_id, file in (("h9-process", "h9-process.yaml"), ("h4-leadership", "h4-leadership.json")):
        loaded = load_map(themes / file)
        assert loaded.n == want["maps"][map_id]
        assert {t.key: t.n for t, _ in loaded.walk()} == {t: want["themes"][map_id][t] for t in THEME_IDS[map_id]}
    # JSON is rewritten stably: exactly what json.dumps gives, key order kept, n after label.
    h4 = (themes / "h4-leadership.json").read_text(encoding="utf-8")
    data = json.loads(h4)
    assert h4 == json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    assert list(data) == ["id", "title", "headline", "n", "themes"]
    assert list(data["themes"][0]) == ["id", "label", "n", "subthemes"]
    # Counted maps are consistent by construction: none of lint's count rules fires.
    from mindmap.analysis.lint import lint_file

    for file in ("h9-process.yaml", "h4-leadership.json"):
        _, warnings = lint_file(themes / file)
        assert not [
            w
            for w in warnings
            if re.search(r"\[(mixed-counts|map-n-below-theme|subtheme-larger-than-parent)\]", w.message)
        ]
    _, before_warnings = lint_file(THEMES / "h9-process.yaml")
    assert any("[mixed-counts]" in w.message for w in before_warnings)  # as the analyst left it
    # A map not in the sheet is not touched.
    assert (themes / "q10-prerequisites.yaml").read_bytes() == before["q10-prerequisites.yaml"]

    again = runner.invoke(app, ["tally", str(RESPONSES), "--themes", str(themes), "--write"])
    assert again.exit_code == 0
    assert "nothing written" in again.stdout
    assert (themes / "h9-process.yaml").read_text(encoding="utf-8") == h9_new


def test_write_keeps_crlf_and_byte_order_mark(tmp_path):
    themes = tmp_path / "themes"
    themes.mkdir()
    text = (
        "# counted by hand\r\nid: small\r\ntitle: Small\r\nheadline: Centre\r\nthemes:\r\n"
        "  - id: a   # first\r\n    label: A\r\n    n: 12\r\n  - label: B\r\n"
    )
    (themes / "small.yaml").write_bytes(b"\xef\xbb\xbf" + text.encode())
    sheet = tmp_path / "r.csv"
    sheet.write_text("response_id,hypothesis,text,codes,excluded\n1,small,x,a;b,\n2,small,y,b,\n", encoding="utf-8")
    result = runner.invoke(app, ["tally", str(sheet), "--themes", str(themes), "--write"])
    assert result.exit_code == 0, result.output
    assert (themes / "small.yaml").read_bytes() == b"\xef\xbb\xbf" + (
        b"# counted by hand\r\nid: small\r\ntitle: Small\r\nheadline: Centre\r\nn: 2\r\nthemes:\r\n"
        b"  - id: a   # first\r\n    label: A\r\n    n: 1\r\n  - label: B\r\n    n: 2\r\n"
    )


def test_write_keeps_json_indent(tmp_path):
    themes = tmp_path / "themes"
    themes.mkdir()
    (themes / "m.json").write_text(
        json.dumps({"id": "m", "title": "M", "headline": "H", "themes": [{"label": "Über", "id": "a"}]}, indent=4),
        encoding="utf-8",
    )
    sheet = tmp_path / "r.csv"
    sheet.write_text("response_id,hypothesis,text,codes,excluded\n1,m,x,a,\n", encoding="utf-8")
    assert runner.invoke(app, ["tally", str(sheet), "--themes", str(themes), "--write"]).exit_code == 0
    assert (themes / "m.json").read_text(encoding="utf-8") == json.dumps(
        {"id": "m", "title": "M", "headline": "H", "n": 1, "themes": [{"label": "Über", "n": 1, "id": "a"}]},
        indent=4,
        ensure_ascii=False,
    ) + "\n"


def test_write_is_all_or_none(tmp_path):
    from mindmap.analysis.tally import plan_writes, read_responses, tally, write_files
    from mindmap.load.reader import load_map as load

    themes = tmp_path / "themes"
    shutil.copytree(THEMES, themes)
    maps = {m.id: (m, str(p)) for p in sorted(themes.glob("*.*")) if p.suffix in (".yaml", ".json") for m in [load(p)]}
    updates = plan_writes(tally(read_responses(RESPONSES), maps, str(RESPONSES)))
    assert [u.path.name for u in updates] == ["h4-leadership.json", "h9-process.yaml"]
    # Someone saves h9 while we count: neither file may be written.
    (themes / "h9-process.yaml").write_text((THEMES / "h9-process.yaml").read_text() + "\n", encoding="utf-8")
    with pytest.raises(UserError, match="changed while counting"):
        write_files(updates)
    assert (themes / "h4-leadership.json").read_bytes() == (THEMES / "h4-leadership.json").read_bytes()
    assert not list(themes.glob("*.tmp"))  # no temp files left


# --- Excel ----------------------------------------------------------------------------


def test_xlsx_gives_the_same_counts_as_csv(tmp_path):
    from openpyxl import Workbook

    with RESPONSES.open(newline="", encoding="utf-8") as handle:
        table = list(csv.reader(handle))
    book = Workbook()
    sheet = book.active
    sheet.append(["RESPONSE_ID", "hypothesis", "TEXT", "Codes", "excluded", "Submitted"])
    for row in table[1:]:
        sheet.append([None if cell == "" else cell for cell in row])
    path = tmp_path / "responses.xlsx"
    book.save(path)
    from_csv = _json([str(RESPONSES), "--themes", str(THEMES)])
    from_xlsx = _json([str(path), "--themes", str(THEMES)])
    for data in (from_csv, from_xlsx):
        data.pop("source")
    assert from_xlsx == from_csv


def test_xlsx_numbers_and_errors_name_the_row(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["response_id", "hypothesis", "text", "codes", "excluded"])
    sheet.append([1, "h9-process", "a #ICS", "sharing-learning", None])
    sheet.append([2.0, "h9-process", "b", "sharing-lerning", None])
    path = tmp_path / "r.xlsx"
    book.save(path)
    result = runner.invoke(app, ["tally", str(path), "--themes", str(THEMES)])
    assert result.exit_code == 1
    assert result.stderr == (
        f"{path}:3:4: codes: unknown code 'sharing-lerning' for map 'h9-process'; did you mean 'sharing-learning'?\n"
    )


def test_not_a_workbook(tmp_path):
    path = tmp_path / "r.xlsx"
    path.write_text("not a zip", encoding="utf-8")
    result = runner.invoke(app, ["tally", str(path), "--themes", str(THEMES)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{path}:1:1: is not a readable Excel .xlsx workbook")
    assert "Traceback" not in result.output


# --- errors, each with its row -----------------------------------------------------------

HEADER = "response_id,hypothesis,text,codes,excluded\n"
ERRORS = [
    pytest.param(
        HEADER + "r1,h9-process,ok,sharing-learning,\nr2,h9-procss,x,sharing-learning,\n",
        ["{f}:3:2: hypothesis: unknown map id 'h9-procss'; did you mean 'h9-process'?"],
        id="unknown-map",
    ),
    pytest.param(
        HEADER + "r1,h9-process,ok,sharing-learning;bau,\n",
        [
            "{f}:2:4: codes: unknown code 'bau' for map 'h9-process'; its theme ids are: short-term-complexity, "
            "business-cases, funding-cycles, adaptability-to-place, local-adaptation, sharing-learning, moving-to-bau"
        ],
        id="unknown-code",
    ),
    pytest.param(
        HEADER + "r1,h9-process,ok,sharing-learning,\nr2,h9-process,x,,\nr3,h4-leadership,x,board-level,not relevant\n",
        [
            "{f}:4:5: excluded: response is excluded ('not relevant') but also coded (board-level); "
            "clear the reason or the codes"
        ],
        id="excluded-and-coded",
    ),
    pytest.param(
        HEADER + 'r1,h9-process,ok,sharing-learning,\nr2,h9-process,"two\nlines",,\nr1,h9-process,x,,\n',
        ["{f}:4:1: response_id: duplicate response id 'r1' (first at row 2); give each response its own id"],
        id="duplicate-id",
    ),
    pytest.param(
        "response_id,hypothesis,text,code,excluded\nr1,h9-process,ok,sharing-learning,\n",
        ["{f}:1:1: missing column 'codes'; did you mean 'code'?"],
        id="missing-column",
    ),
    pytest.param(
        "id;hypothesis;text\nr1;h9-process;ok\n",
        [
            "{f}:1:1: missing column 'codes'; the header has: id, hypothesis, text",
            "{f}:1:1: missing column 'excluded'; the header has: id, hypothesis, text",
            "{f}:1:1: missing column 'response_id'; the header has: id, hypothesis, text",
        ],
        id="missing-columns-semicolons",
    ),
    pytest.param(
        HEADER + "r1,,ok,sharing-learning,\n,h9-process,x,,\n",
        [
            "{f}:2:2: hypothesis: is empty but the response is coded; name the map it answers",
            "{f}:3:1: response_id: is empty; give every response an id",
        ],
        id="empty-fields",
    ),
]


@pytest.mark.parametrize("sheet, messages", ERRORS)
def test_each_error_names_its_row_and_nothing_is_written(tmp_path, sheet, messages):
    themes = tmp_path / "themes"
    shutil.copytree(THEMES, themes)
    path = tmp_path / "responses.csv"
    path.write_text(sheet, encoding="utf-8")
    result = runner.invoke(app, ["tally", str(path), "--themes", str(themes), "--write"])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [m.format(f=path) for m in messages]
    assert result.stdout == ""
    for original in THEMES.iterdir():
        assert (themes / original.name).read_bytes() == original.read_bytes()


def test_all_row_errors_are_reported_in_one_pass(tmp_path):
    path = tmp_path / "responses.csv"
    path.write_text(
        HEADER + "r1,h9-process,x,nope,\nr2,nowhere,x,,\nr3,h4-leadership,x,board-level,dup\n", encoding="utf-8"
    )
    result = runner.invoke(app, ["tally", str(path), "--themes", str(THEMES)])
    assert result.exit_code == 1
    assert [line.split(":")[1] for line in result.stderr.splitlines()] == ["2", "3", "4"]


def test_bad_arguments(tmp_path):
    result = runner.invoke(app, ["tally", str(RESPONSES), "--themes", str(tmp_path / "none")])
    assert result.exit_code == 1
    assert result.stderr == f"{tmp_path / 'none'}: --themes must be a folder of theme files (no such folder)\n"
    other = tmp_path / "r.ods"
    other.write_text("x", encoding="utf-8")
    result = runner.invoke(app, ["tally", str(other), "--themes", str(THEMES)])
    assert result.exit_code == 1
    assert result.stderr == f"{other}: responses must be a .csv or .xlsx file, not '.ods'\n"


# --- the in-place edit, on many generated files ---------------------------------------------


@st.composite
def theme_files(draw):
    """A theme file written in a mix of the styles analysts use, and new counts for it."""
    counter = iter(range(1000))

    def theme(depth: int, indent: int) -> tuple[list[str], list]:
        key = f"t{next(counter)}"
        has_n = draw(st.booleans())
        flow = draw(st.booleans()) and depth > 1
        children = [] if depth == 3 else [theme(depth + 1, indent + 4) for _ in range(draw(st.integers(0, 2)))]
        pad = " " * indent
        n_part = f", n: {draw(st.integers(0, 99))}" if has_n else ""
        if flow and not children:
            return [f"{pad}- {{id: {key}, label: Label {key}{n_part}}}" + draw(st.sampled_from(["", "  # flow"]))], [
                key,
                [],
            ]
        lines = [f"{pad}- id: {key}", f"{pad}  label: 'Label {key}'" + draw(st.sampled_from(["", "   # why", " #x"]))]
        if draw(st.booleans()):
            lines += [f"{pad}  description: >-", f"{pad}    Words about", f"{pad}    {key}."]
        if draw(st.booleans()):
            lines.append(f"{pad}  # a comment line")
        if has_n:
            lines.append(f"{pad}  n: {draw(st.integers(0, 99))}   # old")
        if children:
            lines.append(f"{pad}  subthemes:")
            for child_lines, _ in children:
                lines += child_lines
        if draw(st.booleans()):
            lines.append("")
        return lines, [key, [c[1] for c in children]]

    head = ["# generated", "id: gen", "title: Generated", "headline: Centre   # c"]
    if draw(st.booleans()):
        head.append(f"n: {draw(st.integers(0, 99))}")
    head.append("themes:")
    body = []
    for _ in range(draw(st.integers(1, 3))):
        lines, _tree = theme(1, 2)
        body += lines
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    return newline.join(head + body) + newline


@settings(max_examples=60, deadline=None)
@given(text=theme_files(), seed=st.integers(0, 10_000))
def test_in_place_edit_sets_every_count_and_nothing_else(text, seed):
    import random

    from mindmap.analysis.tally import MapCount, ThemeCount, _theme_paths, update_text
    from mindmap.load.reader import parse_document, validate_document

    mind_map = validate_document(parse_document(text, "gen.yaml"), "gen.yaml")
    rng = random.Random(seed)
    themes = [
        ThemeCount(t.key, t.label, depth, path, rng.randint(0, 500), t.n)
        for t, path, depth, _ in _theme_paths(mind_map.themes, ("themes",), 1, ())
    ]
    counts = MapCount(mind_map, "gen.yaml", coded=rng.randint(0, 500), themes=themes)
    new, _changes = update_text(text, "gen.yaml", counts)
    again = validate_document(parse_document(new, "gen.yaml"), "gen.yaml")
    assert again.n == counts.n
    assert [t.n for t, _ in again.walk()] == [t.n for t in themes]
    _only_numbers_changed_or_same(text, new)
    if "\r\n" in text:
        assert "\n" not in new.replace("\r\n", "")


def _only_numbers_changed_or_same(old: str, new: str) -> None:
    if old == new:
        return
    n_line = re.compile(r" *n: \d+\r?\n")

    def rest(text: str) -> list[str]:
        return [
            re.sub(r"\bn: \d+", "n: #", re.sub(r", n: \d+\}", "}", line))
            for line in text.splitlines(keepends=True)
            if not n_line.fullmatch(line)
        ]

    assert rest(old) == rest(new)


def test_tagged_and_quoted_numbers_keep_their_spelling():
    from mindmap.analysis.tally import MapCount, ThemeCount, update_text
    from mindmap.load.reader import parse_document, validate_document

    text = 'id: m\ntitle: M\nheadline: H\nn: !!int "4"\nthemes:\n  - label: A\n    n: !!int 3 # c\n'
    mind_map = validate_document(parse_document(text, "m.yaml"), "m.yaml")
    counts = MapCount(mind_map, "m.yaml", coded=7, themes=[ThemeCount("a", "A", 1, ("themes", 0), 5, 3)])
    new, changes = update_text(text, "m.yaml", counts)
    assert new == 'id: m\ntitle: M\nheadline: H\nn: !!int "7"\nthemes:\n  - label: A\n    n: !!int 5 # c\n'
    assert changes == ["n: 4 -> 7", "a: 3 -> 5"]


def test_write_refuses_a_utf16_file_and_writes_nothing(tmp_path):
    themes = tmp_path / "themes"
    shutil.copytree(THEMES, themes)
    h9 = themes / "h9-process.yaml"
    h9.write_bytes(b"\xff\xfe" + (THEMES / "h9-process.yaml").read_text(encoding="utf-8").encode("utf-16-le"))
    before = {p.name: p.read_bytes() for p in themes.iterdir()}
    result = runner.invoke(app, ["tally", str(RESPONSES), "--themes", str(themes), "--write"])
    assert result.exit_code == 1
    assert result.stderr == f"{h9}: --write edits UTF-8 files only; save this file as UTF-8 and run again\n"
    assert {p.name: p.read_bytes() for p in themes.iterdir()} == before
