"""Rewrite the golden SVGs from the current code: `python -m tests.golden.regenerate`.

Look at each figure (render it to PNG) before committing the new files.
"""

from pathlib import Path

from tests.layout.test_render import GOLDEN_CASES, _golden_svg

if __name__ == "__main__":
    for case in GOLDEN_CASES:
        path = Path(__file__).parent / f"{case}.svg"
        path.write_text(_golden_svg(case), encoding="utf-8")
        print(f"wrote {path}")
