"""Measuring and wrapping text with the shipped font's own metrics.

The Graphviz inside the pygraphviz wheel guesses text widths; we do not let it.
Every label is measured here with Liberation Sans (metric-compatible with
Arial, which the SVG names first), so a box always fits its text.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Final

__all__ = [
    "FALLBACK_FONTS",
    "FONT_DIR",
    "TextMetrics",
    "fallback_face",
    "measure",
    "metrics",
    "word_widths",
    "wrap",
    "wrap_tally",
]

FONT_DIR: Final = Path(__file__).parent / "fonts"
FACES: Final = {
    (False, False): "LiberationSans-Regular.ttf",
    (True, False): "LiberationSans-Bold.ttf",
    (False, True): "LiberationSans-Italic.ttf",
    (True, True): "LiberationSans-BoldItalic.ttf",
}
# Line height as a multiple of the font size, and the ascent used to place a
# baseline inside a line box (Liberation Sans: ascent 0.905, descent 0.212).
LINE_HEIGHT: Final = 1.22
ASCENT: Final = 0.905
DESCENT: Final = 0.212


# Fonts that draw what Liberation Sans lacks (CJK, Arabic, emoji, symbols), in
# the order they are tried for a character.  Each stretch of such characters is
# drawn in the family named here (svg.py writes it on a <tspan>), so measuring
# with its advance widths gives the width that Cairo and browsers draw.  They
# are Debian's fonts-dejavu-core, fonts-noto-cjk and fonts-noto-color-emoji
# (scripts/install-tools.sh); a font that is missing is simply skipped.
FALLBACK_FONTS: Final = (
    (
        "DejaVu Sans",
        {
            (False, False): "DejaVuSans.ttf",
            (True, False): "DejaVuSans-Bold.ttf",
            (False, True): "DejaVuSans-Oblique.ttf",
            (True, True): "DejaVuSans-BoldOblique.ttf",
        },
    ),
    (
        "Noto Sans CJK SC",
        {
            (False, False): "NotoSansCJK-Regular.ttc",
            (True, False): "NotoSansCJK-Bold.ttc",
            (False, True): "NotoSansCJK-Regular.ttc",
            (True, True): "NotoSansCJK-Bold.ttc",
        },
    ),
    (
        "Noto Color Emoji",
        {
            (False, False): "NotoColorEmoji.ttf",
            (True, False): "NotoColorEmoji.ttf",
            (False, True): "NotoColorEmoji.ttf",
            (True, True): "NotoColorEmoji.ttf",
        },
    ),
)
FONT_FOLDERS: Final = (Path("/usr/share/fonts"), Path("/usr/local/share/fonts"))
EMOJI_FAMILY: Final = "Noto Color Emoji"
EMOJI_SELECTOR: Final = "\ufe0f"
# Width, in ems, of a character no font has (Liberation Sans' .notdef box is
# 0.75 em); wide East Asian characters and emoji get a full em and more.
MISSING_WIDTH: Final = 0.75
MISSING_WIDE_WIDTH: Final = 1.25


@cache
def _font_file(name: str) -> Path | None:
    for folder in FONT_FOLDERS:
        found = sorted(folder.rglob(name)) if folder.is_dir() else []
        if found:
            return found[0]
    return None


@cache
def fallback_advances(family: str, bold: bool = False, italic: bool = False) -> dict[int, float]:
    """The advance widths (ems) of a fallback family's face, or {} if it is not installed."""
    files = dict(FALLBACK_FONTS)[family]
    path = _font_file(files[(bold, italic)])
    if path is None:
        return {}
    from fontTools.ttLib import TTCollection, TTFont

    if path.suffix == ".ttc":
        fonts = TTCollection(path, lazy=True).fonts
        font = next((f for f in fonts if f["name"].getDebugName(1) == family), fonts[0])
    else:
        font = TTFont(path, lazy=True)
    units = font["head"].unitsPerEm
    hmtx = font["hmtx"].metrics
    return {code: hmtx[glyph][0] / units for code, glyph in font.getBestCmap().items()}


@lru_cache(maxsize=4096)
def fallback_face(char: str, bold: bool = False, italic: bool = False) -> tuple[str, bool, bool] | None:
    """The face (family, bold, italic) that draws ``char`` when Liberation Sans
    lacks it; None when Liberation Sans has it (or no font has it, and its
    .notdef box is drawn).  A slanted or bold face without the character gives
    way to the same family's upright or regular one (DejaVu Sans Oblique has
    no Arabic; DejaVu Sans has)."""
    code = ord(char)
    if code in metrics(bold, italic).advances:
        return None
    order = [name for name, _ in FALLBACK_FONTS]
    if code >= 0x1F000:  # emoji: the colour font first, not a black-and-white symbol
        order.insert(0, order.pop())
    faces = list(dict.fromkeys([(bold, italic), (bold, False), (False, italic), (False, False)]))
    for family in order:
        for face_bold, face_italic in faces:
            if code in fallback_advances(family, face_bold, face_italic):
                return family, face_bold, face_italic
    return None


@dataclass(frozen=True)
class TextMetrics:
    """Advance widths of one face, in units of the font size (1.0 = one em)."""

    advances: dict[int, float]
    bold: bool = False
    italic: bool = False

    def char_width(self, char: str) -> float:
        width = self.advances.get(ord(char))
        if width is not None:
            return width
        # Not in Liberation Sans: a fallback font draws it, with its own width.
        face = fallback_face(char, self.bold, self.italic)
        if face is not None:
            return fallback_advances(*face)[ord(char)]
        # No font has it: be generous so that the box still holds whatever is
        # drawn: wide East Asian characters and emoji more than an em,
        # combining marks and invisible format characters nothing.
        if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
            return 0.0
        if unicodedata.east_asian_width(char) in ("W", "F") or ord(char) >= 0x1F000:
            return MISSING_WIDE_WIDTH
        return MISSING_WIDTH

    def _width_with_selectors(self, text: str) -> float:
        total = 0.0
        for at, char in enumerate(text):
            face = emoji_face(text, at)
            total += fallback_advances(*face)[ord(char)] if face else self.char_width(char)
        return total

    def width(self, text: str) -> float:
        if EMOJI_SELECTOR in text:
            return self._width_with_selectors(text)
        advances = self.advances
        total = 0.0
        for char in text:
            width = advances.get(ord(char))
            total += width if width is not None else self.char_width(char)
        return total


def emoji_face(text: str, at: int) -> tuple[str, bool, bool] | None:
    """The colour emoji face when ``text[at]`` asks for it with U+FE0F (``❤️``,
    ``1️⃣``) and the emoji font has it, else None: browsers then draw the
    character as an emoji, wider than its text form."""
    if text[at + 1 : at + 2] == EMOJI_SELECTOR and ord(text[at]) in fallback_advances(EMOJI_FAMILY):
        return EMOJI_FAMILY, False, False
    return None


@cache
def metrics(bold: bool = False, italic: bool = False) -> TextMetrics:
    """The advance widths of the shipped face with this weight and slant."""
    from .metrics import read_advances

    # The same numbers, read from fonts/advances.json (python -m mindmap.text.metrics)
    # rather than from the fonts with fontTools, which costs ~50 ms a process.
    cached = read_advances(
        {(False, False): "regular", (True, False): "bold", (False, True): "italic", (True, True): "bold-italic"}[
            (bold, italic)
        ]
    )
    if cached is not None:
        return TextMetrics(cached, bold, italic)
    from fontTools.ttLib import TTFont

    font = TTFont(FONT_DIR / FACES[(bold, italic)], lazy=True)
    units = font["head"].unitsPerEm
    hmtx = font["hmtx"].metrics
    advances = {code: hmtx[glyph][0] / units for code, glyph in font.getBestCmap().items()}
    font.close()
    return TextMetrics(advances, bold, italic)


@lru_cache(maxsize=65_536)
def _ems(text: str, bold: bool, italic: bool) -> float:
    """The width of ``text`` in ems (layout measures the same words many times while it searches)."""
    return metrics(bold, italic).width(text)


def measure(text: str, size: float, *, bold: bool = False, italic: bool = False) -> float:
    """The width of one line of ``text`` at ``size`` points, in points."""
    return _ems(text, bold, italic) * size


@lru_cache(maxsize=2048)  # every text of a map of some hundreds of boxes, which re-wraps them for each wrap width
def _paragraphs(text: str, bold: bool, italic: bool) -> tuple[tuple[tuple[str, ...], tuple[float, ...]], ...]:
    """The words of each paragraph of ``text`` that has any, and their widths in ems (layout
    wraps the same text at many widths while it balances a box's lines)."""
    paragraphs = (tuple(paragraph.split()) for paragraph in text.splitlines() or [""])
    return tuple((words, tuple(_ems(word, bold, italic) for word in words)) for words in paragraphs if words)


def word_widths(text: str, size: float, *, bold: bool = False, italic: bool = False) -> list[float]:
    """The width of each word of ``text`` at ``size`` points, in order, as :func:`measure` gives it
    (read from the words :func:`wrap` keeps for the text).

    >>> word_widths("a ab", 10) == [measure("a", 10), measure("ab", 10)]
    True
    """
    return [width * size for _, widths in _paragraphs(text, bold, italic) for width in widths]


def wrap(text: str, size: float, max_width: float, *, bold: bool = False, italic: bool = False) -> list[str]:
    """Break ``text`` into lines no wider than ``max_width`` points (greedy, by words).

    A word wider than the whole line is broken between characters.  Line
    breaks in the text are kept.
    """
    limit = max_width / size
    space = _ems(" ", bold, italic)
    lines: list[str] = []
    for words, widths in _paragraphs(text, bold, italic):
        line: list[str] = []
        used = 0.0
        for word, word_width in zip(words, widths):
            if word_width > limit:
                if line:
                    lines.append(" ".join(line))
                    line, used = [], 0.0
                face = metrics(bold, italic)
                pieces = _break_word(word, face, limit)
                lines.extend(pieces[:-1])
                line, used = [pieces[-1]], face.width(pieces[-1])
                continue
            extra = word_width + (space if line else 0.0)
            if line and used + extra > limit:
                lines.append(" ".join(line))
                line, used = [word], word_width
            else:
                line.append(word)
                used += extra
        if line:
            lines.append(" ".join(line))
    return lines or [""]


def wrap_tally(
    text: str, size: float, max_width: float, *, bold: bool = False, italic: bool = False
) -> tuple[int, str]:
    """How many lines :func:`wrap` breaks ``text`` into, and the last of them, without making the
    others (layout tries many widths for each box and keeps the lines of one).

    >>> wrap_tally("one two three", 10, 40) == (len(wrap("one two three", 10, 40)), wrap("one two three", 10, 40)[-1])
    True
    """
    limit = max_width / size
    space = _ems(" ", bold, italic)
    count = 0
    last = ""
    for words, widths in _paragraphs(text, bold, italic):
        # the line being filled: a broken word's last piece (or None), then words[start:at], as wrap's ``line``
        piece: str | None = None
        start = held = 0
        used = 0.0
        for at, word_width in enumerate(widths):
            if word_width > limit:
                count += held > 0
                face = metrics(bold, italic)
                pieces = _break_word(words[at], face, limit)
                count += len(pieces) - 1
                piece, start, held, used = pieces[-1], at + 1, 1, face.width(pieces[-1])
                continue
            extra = word_width + (space if held else 0.0)
            if held and used + extra > limit:
                count += 1
                piece, start, held, used = None, at, 1, word_width
            else:
                held += 1
                used += extra
        if held:
            count += 1
            last = " ".join(words[start:]) if piece is None else " ".join((piece, *words[start:]))
    return (count, last) if count else (1, "")


def _break_word(word: str, face: TextMetrics, limit: float) -> list[str]:
    pieces: list[str] = []
    current = ""
    used = 0.0
    for char in word:
        width = face.char_width(char)
        if current and used + width > limit:
            pieces.append(current)
            current, used = "", 0.0
        current += char
        used += width
    pieces.append(current)
    return pieces
