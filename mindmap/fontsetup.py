"""Make Cairo (and Graphviz) find the shipped Liberation Sans for 'Arial'.

Both use fontconfig.  Before either starts, we point ``FONTCONFIG_FILE`` at a
configuration of ours that lists the package's fonts folder first, maps Arial
to Liberation Sans, and keeps the system's fonts as fallbacks for glyphs that
Liberation Sans lacks.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Final

from .text import FONT_DIR

__all__ = ["FONTS_CONF", "use_our_fonts"]

FONTS_CONF: Final = FONT_DIR / "fonts.conf"


def use_our_fonts() -> None:
    """Point fontconfig at our configuration (call before Cairo or Graphviz loads)."""
    os.environ["FONTCONFIG_FILE"] = str(FONTS_CONF)
    os.environ.setdefault("FONTCONFIG_PATH", str(Path(FONTS_CONF).parent))
