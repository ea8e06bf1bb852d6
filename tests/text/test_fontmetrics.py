"""fonts/advances.json: fresh, and the same widths as reading the fonts with fontTools."""

from __future__ import annotations

import pytest

from mindmap.text import metrics as fontmetrics
from mindmap.text.measure import FACES, FONT_DIR, metrics


def test_committed_advances_are_not_stale() -> None:
    # Regenerate with: python -m mindmap.text.metrics
    assert fontmetrics.ADVANCES_FILE.read_text("utf-8") == fontmetrics.build_advances()


@pytest.mark.parametrize("bold,italic", [(False, False), (True, False), (False, True), (True, True)])
def test_advances_equal_the_fonts_own(bold: bool, italic: bool) -> None:
    from fontTools.ttLib import TTFont

    font = TTFont(FONT_DIR / FACES[(bold, italic)], lazy=True)
    units = font["head"].unitsPerEm
    hmtx = font["hmtx"].metrics
    expected = {code: hmtx[glyph][0] / units for code, glyph in font.getBestCmap().items()}
    font.close()
    assert metrics(bold, italic).advances == expected
    assert len(expected) > 2000


def test_check_flag_reports_staleness(tmp_path, monkeypatch, capsys) -> None:
    assert fontmetrics.main(["--check"]) == 0
    stale = tmp_path / "advances.json"
    stale.write_text("{}", "utf-8")
    monkeypatch.setattr(fontmetrics, "ADVANCES_FILE", stale)
    assert fontmetrics.main(["--check"]) == 1
    assert "stale" in capsys.readouterr().err
