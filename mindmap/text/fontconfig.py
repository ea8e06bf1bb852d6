"""Make Cairo (and Graphviz) find the shipped Liberation Sans for 'Arial'.

Both use fontconfig.  While either works, we point ``FONTCONFIG_FILE`` at a
configuration of ours that lists the package's fonts folder first, maps Arial
to Liberation Sans, and keeps the system's fonts as fallbacks for glyphs that
Liberation Sans lacks.

The configuration names every folder by its absolute path: the fontconfig
inside the pygraphviz wheel (and some programs started from us, which inherit
the variable) predate relative folders and would read ``.`` as the current
directory, scanning and littering whatever folder mindmap runs in.  So the
file is written, once per installation, beside fontconfig's cache in the
temporary folder, from the template ``fonts/fonts.conf``, with a copy of the
fonts (fontconfig may write into the folders it scans; the package's own
files stay as shipped).
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Final, Iterator

from .measure import FONT_DIR

__all__ = ["FONTS_CONF_TEMPLATE", "fonts_conf", "our_fonts"]

FONTS_CONF_TEMPLATE: Final = FONT_DIR / "fonts.conf"


@lru_cache(maxsize=1)
def fonts_conf() -> Path:
    """Our fontconfig file with absolute paths, written if it is not there yet."""
    from ..files import write_atomic

    fonts = sorted(FONT_DIR.glob("*.ttf"))
    digest = hashlib.sha256()
    digest.update(FONTS_CONF_TEMPLATE.read_bytes())
    for font in fonts:
        digest.update(font.name.encode() + str(font.stat().st_size).encode())
    base = Path(tempfile.gettempdir()) / f"mindmap-fontconfig-{os.getuid() if hasattr(os, 'getuid') else 0}"
    folder = base / digest.hexdigest()[:16]
    path = folder / "fonts.conf"
    if not path.exists():
        # A copy of the fonts: fontconfig may write its bookkeeping (.uuid)
        # into the folders it scans, and the package's own must stay as shipped.
        for font in fonts:
            write_atomic(folder / "fonts" / font.name, font.read_bytes())
        text = (
            FONTS_CONF_TEMPLATE.read_text(encoding="utf-8")
            .replace("@FONT_DIR@", str(folder / "fonts"))
            .replace("@CACHE_DIR@", str(folder / "cache"))
        )
        write_atomic(path, text.encode("utf-8"))
    return path


@contextmanager
def our_fonts() -> Iterator[None]:
    """Point fontconfig at our configuration while Cairo or Graphviz draws or measures.

    fontconfig reads ``FONTCONFIG_FILE`` when it first starts in a process;
    the variable is set only inside this block and restored after it, so a
    program that uses mindmap as a library keeps its own environment.
    """
    saved = {name: os.environ.get(name) for name in ("FONTCONFIG_FILE", "FONTCONFIG_PATH")}
    os.environ["FONTCONFIG_FILE"] = str(fonts_conf())
    os.environ.pop("FONTCONFIG_PATH", None)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
