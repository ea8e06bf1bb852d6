"""Rewrite the Unicode golden figures: ``python -m tests.golden.unicode_regenerate``.

From tests/golden/unicode.yaml it writes unicode.svg (the figure), unicode-cairo.svg
(the same SVG as handed to Cairo: visual order, shaped Arabic, a font per stretch)
and unicode.png.  Look at unicode.png before committing them.
"""

from pathlib import Path

from tests.text.test_unicode import golden_outputs

if __name__ == "__main__":
    for name, data in golden_outputs().items():
        path = Path(__file__).parent / name
        path.write_bytes(data)
        print(f"wrote {path}")
