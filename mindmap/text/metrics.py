"""The shipped fonts' advance widths, read once from the TTFs and kept as a small data file.

Opening four TrueType fonts with fontTools costs more than laying out a whole
report map (about 50 ms of a 300 ms render), so :mod:`mindmap.text` reads
``fonts/advances.json`` instead: for each face, its units per em and the
advance width (in font units) of every character it maps, as runs of
consecutive code points.  The widths are the same numbers fontTools gives, so
measurement does not change.

Regenerate (after changing a font):  ``python -m mindmap.text.metrics``
A test rebuilds it in memory and compares it with the committed file.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Final

__all__ = ["ADVANCES_FILE", "FACES", "build_advances", "main", "read_advances"]

FONT_DIR: Final = Path(__file__).parent / "fonts"
ADVANCES_FILE: Final = FONT_DIR / "advances.json"
FACES: Final = {
    "regular": "LiberationSans-Regular.ttf",
    "bold": "LiberationSans-Bold.ttf",
    "italic": "LiberationSans-Italic.ttf",
    "bold-italic": "LiberationSans-BoldItalic.ttf",
}


def _face_runs(path: Path) -> dict:
    from fontTools.ttLib import TTFont

    font = TTFont(path, lazy=True)
    units = font["head"].unitsPerEm
    hmtx = font["hmtx"].metrics
    cmap = font.getBestCmap()
    runs: list[list] = []
    for code in sorted(cmap):
        advance = hmtx[cmap[code]][0]
        if runs and runs[-1][0] + len(runs[-1][1]) == code:
            runs[-1][1].append(advance)
        else:
            runs.append([code, [advance]])
    font.close()
    return {"file": path.name, "units_per_em": units, "runs": runs}


def build_advances() -> str:
    """The data file's text, built from the fonts (needs fontTools)."""
    faces = {name: _face_runs(FONT_DIR / file) for name, file in FACES.items()}
    lines = ['{"generated_by": "python -m mindmap.text.metrics", "faces": {']
    for i, (name, face) in enumerate(faces.items()):
        head = f'"{name}": {{"file": "{face["file"]}", "units_per_em": {face["units_per_em"]}, "runs": ['
        body = ",\n".join(json.dumps(run, separators=(",", ":")) for run in face["runs"])
        lines.append(head + "\n" + body + "\n]}" + ("," if i < len(faces) - 1 else ""))
    lines.append("}}")
    return "\n".join(lines) + "\n"


def read_advances(name: str) -> dict[int, float] | None:
    """A face's advance widths in ems, keyed by code point; None if the data file is missing."""
    data = _load()
    if data is None:
        return None
    face = data["faces"][name]
    units = face["units_per_em"]
    advances: dict[int, float] = {}
    for start, widths in face["runs"]:
        for offset, width in enumerate(widths):
            advances[start + offset] = width / units
    return advances


_CACHE: dict = {}


def _load() -> dict | None:
    if "data" not in _CACHE:
        try:
            _CACHE["data"] = json.loads(ADVANCES_FILE.read_text("utf-8"))
        except FileNotFoundError:
            _CACHE["data"] = None
    return _CACHE["data"]


def main(argv: list[str] | None = None) -> int:
    """Write (or with ``--check``, compare) ``fonts/advances.json``."""
    args = sys.argv[1:] if argv is None else argv
    text = build_advances()
    if "--check" in args:
        current = ADVANCES_FILE.read_text("utf-8") if ADVANCES_FILE.exists() else ""
        if current != text:
            print(f"{ADVANCES_FILE} is stale; run: python -m mindmap.text.metrics", file=sys.stderr)
            return 1
        return 0
    from ..files import write_atomic

    write_atomic(ADVANCES_FILE, text.encode("utf-8"))
    print(f"wrote {ADVANCES_FILE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
