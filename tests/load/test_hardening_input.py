"""Hardening, inputs: pipes and devices, terminal escapes, numbers too long to
convert, in every reader (theme files, style sheets, CSV and Excel sheets, --set).

Issue 15, failures 4, 7, 10 and 12, and the C1 and bidi weak spot; the files that
are inputs sit in tests/hostile/ with their exact messages (test_hostile.py).
"""

from __future__ import annotations

import os
import shutil
import threading
import time
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from mindmap.cli import app
from mindmap.errors import InputError, Problem
from mindmap.safety import escape_control

from ..conftest import FIXTURES, small_map

RESPONSE_THEMES = FIXTURES / "responses" / "themes"
ESCAPE = "\x1b]0;TITLE\x07\x1b[2J"
SHOWN = "\\x1b]0;TITLE\\x07\\x1b[2J"


def _invoke(args: list[str]):
    """Run a command with a watchdog: a FIFO that blocks the command fails the test instead of hanging it."""
    result: list = []
    worker = threading.Thread(target=lambda: result.append(CliRunner().invoke(app, args)), daemon=True)
    started = time.monotonic()
    worker.start()
    worker.join(10)
    assert result, f"mindmap {' '.join(args)} blocked for 10 s"
    assert time.monotonic() - started < 10
    return result[0]


def _fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path


# --- 12. a FIFO (or device) as any input file ------------------------------------------


def test_a_fifo_as_a_theme_file_is_refused_at_once(tmp_path):
    fifo = _fifo(tmp_path / "map.yaml")
    result = _invoke(["validate", str(fifo)])
    assert result.exit_code == 1
    assert result.stderr == (f"{fifo}:1:1: is a named pipe (FIFO), not a regular file; give the file itself\n")


def test_a_device_as_a_theme_file_is_refused_at_once():
    result = _invoke(["render", "/dev/zero", "-f", "svg", "-o", "/nonexistent"])
    assert result.exit_code == 1
    assert result.stderr == "/dev/zero:1:1: is a device, not a regular file; give the file itself\n"


def test_a_fifo_as_a_style_sheet_is_refused_at_once(tmp_path):
    fifo = _fifo(tmp_path / "sheet.yaml")
    theme = tmp_path / "t.yaml"
    theme.write_text(yaml.safe_dump(small_map()), encoding="utf-8")
    result = _invoke(["render", str(theme), "--style", str(fifo), "-f", "svg", "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert result.stderr == (f"{fifo}:1:1: is a named pipe (FIFO), not a regular file; give the file itself\n")
    assert not (tmp_path / "out").exists()


def test_a_fifo_extended_by_a_maps_style_block_is_refused_at_once(tmp_path):
    _fifo(tmp_path / "sheet.yaml")
    data = small_map()
    data["style"] = {"extends": "sheet.yaml"}
    theme = tmp_path / "t.yaml"
    theme.write_text(yaml.safe_dump(data), encoding="utf-8")
    result = _invoke(["render", str(theme), "-f", "svg", "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "is a named pipe (FIFO), not a regular file" in result.stderr


@pytest.mark.parametrize("name", ["responses.csv", "responses.xlsx"])
def test_a_fifo_as_the_responses_sheet_is_refused_at_once(tmp_path, name):
    fifo = _fifo(tmp_path / name)
    result = _invoke(["tally", str(fifo), "--themes", str(RESPONSE_THEMES)])
    assert result.exit_code == 1
    assert result.stderr == f"{fifo}:1:1: is a named pipe (FIFO), not a regular file; give the file itself\n"


def test_a_link_to_dev_zero_as_the_responses_sheet_is_refused_without_reading_it(tmp_path):
    """It ended in a MemoryError traceback: the CSV was read whole before its size was checked."""
    link = tmp_path / "responses.csv"
    link.symlink_to("/dev/zero")
    result = _invoke(["tally", str(link), "--themes", str(RESPONSE_THEMES)])
    assert result.exit_code == 1
    assert result.stderr == f"{link}:1:1: is a device, not a regular file; give the file itself\n"


def test_a_csv_over_the_size_limit_is_refused_before_it_is_read(tmp_path, monkeypatch):
    import mindmap.analysis.tally

    monkeypatch.setattr(mindmap.analysis.tally, "MAX_RESPONSES_BYTES", 1000)
    path = tmp_path / "big.csv"
    path.write_text("response_id,hypothesis,text,codes,excluded\n" + "r,h,t,,\n" * 200, encoding="utf-8")
    result = _invoke(["tally", str(path), "--themes", str(RESPONSE_THEMES)])
    assert result.exit_code == 1
    assert result.stderr == f"{path}:1:1: file is 1,643 bytes, over the limit of 1,000 bytes\n"


# --- 4. numbers of more than 4,300 digits, wherever a number is read ---------------------


def test_a_set_value_of_five_thousand_digits_is_a_message():
    result = _invoke(["styles", "show", "health-innovation", "--set", "theme.font.size=" + "9" * 5000])
    assert result.exit_code == 1
    assert "Traceback" not in result.stderr and "set_int_max_str_digits" not in result.stderr
    assert result.stderr == "--set: scale.theme.size: must be at most 200, not inf\n"


def test_a_style_sheet_with_a_number_of_five_thousand_digits_is_located(tmp_path):
    sheet = tmp_path / "sheet.yaml"
    sheet.write_text("scale:\n  theme:\n    size: " + "9" * 5000 + "\n", encoding="utf-8")
    result = _invoke(["styles", "show", str(sheet)])
    assert result.exit_code == 1
    assert result.stderr == (
        f"{sheet}:3:11: scale.theme.size: a number of 5,000 digits is too large; counts go up to 10,000,000\n"
    )


# --- 7. terminal escapes in user text never reach the terminal raw --------------------------


def test_problem_lines_escape_control_characters():
    problem = Problem(f"a{ESCAPE}.yaml", 2, 3, f"themes.{ESCAPE}", f"unknown key '{ESCAPE}'")
    assert str(problem) == f"a{SHOWN}.yaml:2:3: themes.{SHOWN}: unknown key '{SHOWN}'"
    assert "\x1b" not in InputError([problem]).message


def test_escape_control_covers_c0_c1_del_and_bidi_and_keeps_other_text():
    codes = [*range(0x20), 0x7F, *range(0x80, 0xA0), *range(0x202A, 0x202F), *range(0x2066, 0x206A)]
    text = "".join(chr(c) for c in codes)
    shown = escape_control(text)
    assert shown.isascii() and shown.isprintable()
    assert escape_control("Ærøskøbing — “quoted” 中文 🎉") == "Ærøskøbing — “quoted” 中文 🎉"


def test_tally_escapes_a_csv_cell_in_its_messages(tmp_path):
    sheet = tmp_path / "r.csv"
    sheet.write_text(f"response_id,hypothesis,text,codes,excluded\nr1,{ESCAPE},hello,,\n", encoding="utf-8")
    result = _invoke(["tally", str(sheet), "--themes", str(RESPONSE_THEMES)])
    assert result.exit_code == 1
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr
    assert f"unknown map id '{SHOWN.lower()}'" in result.stderr


def test_tally_escapes_a_csv_cell_in_its_tables(tmp_path):
    sheet = tmp_path / "r.csv"
    sheet.write_text(
        f"response_id,hypothesis,text,codes,excluded\nr1,h9-process,hello,,{ESCAPE} reason\n", encoding="utf-8"
    )
    themes = tmp_path / "themes"
    shutil.copytree(RESPONSE_THEMES, themes)
    result = _invoke(["tally", str(sheet), "--themes", str(themes)])
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    assert f"{SHOWN} reason" in result.stdout


def test_tally_json_escapes_c1_and_bidi_controls(tmp_path):
    import json

    sheet = tmp_path / "r.csv"
    sheet.write_text(
        "response_id,hypothesis,text,codes,excluded\nr1,h9-process,hello,,why\x9b\u202e\n", encoding="utf-8"
    )
    result = _invoke(["tally", str(sheet), "--themes", str(RESPONSE_THEMES), "--json"])
    assert result.exit_code == 0, result.output
    assert "\x9b" not in result.stdout and "\u202e" not in result.stdout
    assert json.loads(result.stdout)["excluded_by_reason"] == {"why\x9b\u202e": 1}


def test_a_style_name_with_escapes_is_shown_escaped():
    result = _invoke(["styles", "show", ESCAPE])
    assert result.exit_code == 1
    assert "\x1b" not in result.stderr
    assert result.stderr.startswith(f"unknown style '{SHOWN}'")


def test_a_style_sheet_key_with_escapes_is_shown_escaped(tmp_path):
    sheet = tmp_path / "sheet.yaml"
    sheet.write_text('look:\n  "\\e[2J": 1\n', encoding="utf-8")
    result = _invoke(["styles", "check", str(sheet)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{sheet}:2:3: look.\\x1b[2J: unknown key '\\x1b[2J'")


def test_a_file_name_with_escapes_is_shown_escaped(tmp_path):
    path = tmp_path / f"map{ESCAPE}.yaml"
    path.write_text(yaml.safe_dump(small_map()), encoding="utf-8")
    result = _invoke(["validate", str(path)])
    assert result.exit_code == 0
    assert "\x1b" not in result.stdout and SHOWN in result.stdout
    result = _invoke(["render", str(path), "-f", "svg", "-o", str(tmp_path / "out")])
    assert "\x1b" not in result.stdout


def test_a_thousand_problems_print_fifty_lines_and_a_count(tmp_path):
    themes = "".join(f"  - label: T{i}\n    n: x\n" for i in range(1000))
    path = tmp_path / "m.yaml"
    path.write_text(f"id: m\ntitle: T\nheadline: H\nthemes:\n{themes}", encoding="utf-8")
    result = _invoke(["validate", str(path)])
    lines = result.stderr.splitlines()
    assert result.exit_code == 1
    assert len(lines) == 51
    assert lines[-1] == "... and 950 more problems not shown; fix these and run again"


def test_styles_check_escapes_a_font_name_from_a_sheet():
    result = _invoke(["styles", "check", "health-innovation", "--set", f"font_family=Arial{ESCAPE}"])
    assert result.exit_code == 1  # not a measured font
    assert "\x1b" not in result.stdout and f"Arial{SHOWN}" in result.stdout


def test_styles_list_escapes_a_project_sheets_description(tmp_path, monkeypatch):
    (tmp_path / "styles").mkdir()
    (tmp_path / "styles" / "odd.yaml").write_text('description: "odd \\e[2J sheet"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = _invoke(["styles", "list"])
    assert result.exit_code == 0
    assert "\x1b" not in result.stdout and "odd \\x1b[2J sheet" in result.stdout
