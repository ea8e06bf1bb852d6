"""Make Cairo (and Graphviz) find the shipped Liberation Sans for 'Arial'.

Both use fontconfig.  Before either starts, we point ``FONTCONFIG_FILE`` at a
configuration of ours that lists the package's fonts folder first, maps Arial
to Liberation Sans, and keeps the system's fonts as fallbacks for glyphs that
Liberation Sans lacks.

The configuration names every folder by its absolute path: the fontconfig
inside the pygraphviz wheel (and some programs started from us, which inherit
the variable) predate relative folders and would read ``.`` as the current
directory, scanning and littering whatever folder mindmap runs in.  So the
file is written, once per installation, beside fontconfig's cache in the
temporary folder, from the template ``fonts/fonts.conf``.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Final

from .text import FONT_DIR

__all__ = ["FONTS_CONF_TEMPLATE", "fonts_conf", "use_our_fonts"]

FONTS_CONF_TEMPLATE: Final = FONT_DIR / "fonts.conf"


@lru_cache(maxsize=1)
def fonts_conf() -> Path:
    """Our fontconfig file with absolute paths, written if it is not there yet."""
    template = FONTS_CONF_TEMPLATE.read_text(encoding="utf-8")
    text = template.replace("@FONT_DIR@", str(FONT_DIR.resolve()))
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    folder = Path(tempfile.gettempdir()) / f"mindmap-fontconfig-{os.getuid() if hasattr(os, 'getuid') else 0}"
    text = text.replace("@CACHE_DIR@", str(folder / "cache"))
    path = folder / f"fonts-{digest}.conf"
    if not path.exists():
        from .files import write_atomic

        write_atomic(path, text.encode("utf-8"))
    return path


def use_our_fonts() -> None:
    """Point fontconfig at our configuration (call before Cairo or Graphviz loads)."""
    os.environ["FONTCONFIG_FILE"] = str(fonts_conf())
    os.environ.pop("FONTCONFIG_PATH", None)
