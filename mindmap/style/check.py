"""Is a style sheet accessible?  Contrast of every text and meaningful line, text sizes, and more than colour.

WCAG 2.2 AA, as the house style asks: text at least 4.5:1 against the fill it
sits on (3:1 for large text: 24 pt, or 18.67 pt bold), lines and shapes that
carry meaning at least 3:1 against the canvas, and a key-theme connection that
differs from a branch by its dash pattern, not only its colour.  ``level="AAA"``
asks 7:1 and 4.5:1 for text.  Pure: a :class:`~mindmap.styles.Style` in, rows out.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal

from .colour import contrast
from .sheet import Style

__all__ = [
    "LARGE_BOLD_SIZE",
    "LARGE_SIZE",
    "METRIC_COMPATIBLE",
    "MIN_TEXT_SIZE",
    "Check",
    "check_style",
    "format_checks",
]

LARGE_SIZE: Final = 24.0
# The house style's smallest text, 10 px, in the sheets' points.
MIN_TEXT_SIZE: Final = 7.5
LARGE_BOLD_SIZE: Final = 18.67
_TEXT: Final = {"AA": (4.5, 3.0), "AAA": (7.0, 4.5)}
NON_TEXT: Final = 3.0
# Families with Arial's advance widths, which layout measures with (Liberation Sans).
METRIC_COMPATIBLE: Final = frozenset({"arial", "liberation sans", "arimo", "helvetica"})


@dataclass(frozen=True)
class Check:
    """One pair checked: what, the two colours (or a rule), the ratio and what it needs."""

    what: str
    foreground: str
    background: str
    ratio: float | None  # None: a rule that is not a ratio
    needed: float | None
    ok: bool
    note: str = ""


def _large(size: float, bold: bool) -> bool:
    return size >= LARGE_SIZE or (bold and size >= LARGE_BOLD_SIZE)


def check_style(style: Style, level: Literal["AA", "AAA"] = "AA") -> list[Check]:
    """Every pair a reader depends on, with its contrast and whether it passes."""
    normal, large = _TEXT[level]
    look, scale = style.look, style.scale
    canvas = look.canvas.background
    rows: list[Check] = []

    def text(what: str, fg: str, bg: str, size: float, bold: bool = False) -> None:
        needed = large if _large(size, bold) else normal
        ratio = contrast(fg, bg)
        rows.append(Check(what, fg, bg, ratio, needed, ratio >= needed - 1e-9, "large text" if needed == large else ""))

    def line(what: str, fg: str, bg: str, note: str = "") -> None:
        ratio = contrast(fg, bg)
        rows.append(Check(what, fg, bg, ratio, NON_TEXT, ratio >= NON_TEXT - 1e-9, note))

    # Title and caption on the canvas.
    if look.show_title:
        text("title on canvas", look.canvas.title_colour, canvas, scale.title.size, True)
    if look.show_caption:
        text("caption on canvas", look.canvas.caption_colour, canvas, scale.title.caption_size)
    # Boxes: each text role on its fill, for every branch colour the fill can take.
    branches = range(len(look.palette))
    depths = {"hypothesis": [0], "theme": [1], "subtheme": sorted({2, *look.subtheme.by_depth}), "quote": [2]}
    for kind, levels in depths.items():
        for depth in levels:
            box_look, box_scale = style.box(kind, depth)
            uses_branch = "branch" in (box_look.fill, box_look.border)
            seen: set[tuple[str, str]] = set()
            for branch in branches if uses_branch and kind in ("theme", "subtheme") else [-1]:
                fill, border = style.box_colours(kind, depth, branch)
                if (fill, border) in seen:
                    continue
                seen.add((fill, border))
                name = kind if kind not in ("subtheme",) else f"sub-theme depth {depth}"
                where = f" (branch {branch + 1})" if branch >= 0 else ""
                bold = box_look.weight == "bold"
                if kind == "quote":
                    text(f"quote text on its fill{where}", box_look.text, fill, box_scale.size)
                    text(f"quote attribution on its fill{where}", box_look.attribution, fill, box_scale.count_size)
                else:
                    text(f"{name} label on its fill{where}", box_look.text, fill, box_scale.size, bold)
                    text(f"{name} count on its fill{where}", box_look.count, fill, box_scale.count_size)
                if kind == "theme":
                    text(
                        f"{name} description on its fill{where}", box_look.description, fill, box_scale.description_size
                    )
                # The shape must stand out from the canvas by its fill or its border.
                outline = [fill] + ([border] if box_scale.border_width > 0 else [])
                best = max(outline, key=lambda c: contrast(c, canvas))
                line(
                    f"{name} shape against canvas{where}",
                    best,
                    canvas,
                    "border" if best == border and best != fill else "fill",
                )
    # Lines against the canvas.
    if look.lines.branch == "branch":
        for branch in branches:
            line(f"branch line (branch {branch + 1})", style.line_colour(branch), canvas)
    else:
        line("branch line", look.lines.branch, canvas)
    line("connection line", look.lines.connection, canvas)
    line("quote line", look.lines.quote, canvas)
    # Connection labels sit on the canvas (in legend text colour).
    text("connection label on canvas", look.legend.text, canvas, scale.legend.size)
    # The legend.
    if look.legend.show:
        text("legend title on legend fill", look.legend.title_colour, look.legend.fill, scale.legend.title_size, True)
        text("legend text on legend fill", look.legend.text, look.legend.fill, scale.legend.size)
        text("legend count sample on legend fill", look.theme.count, look.legend.fill, scale.legend.size)
    # Sizes: colour does not help text too small to read (10 px, the house style's minimum).
    sized = [("title", scale.title.size, look.show_title), ("caption", scale.title.caption_size, look.show_caption)]
    for kind, levels in depths.items():
        for depth in levels:
            box_scale = style.box(kind, depth)[1]
            name = kind if kind != "subtheme" else f"sub-theme depth {depth}"
            if kind == "quote":
                sized += [("quote", box_scale.size, True), ("quote attribution", box_scale.count_size, True)]
                continue
            sized += [(f"{name} label", box_scale.size, True), (f"{name} count", box_scale.count_size, True)]
            if kind == "theme":
                sized.append((f"{name} description", box_scale.description_size, True))
    sized += [("legend", scale.legend.size, True), ("legend title", scale.legend.title_size, look.legend.show)]
    for what, size, shown in sized:
        if shown:
            rows.append(
                Check(
                    f"{what} text size",
                    f"{size:g} pt",
                    f"at least {MIN_TEXT_SIZE:g} pt",
                    None,
                    None,
                    size >= MIN_TEXT_SIZE - 1e-9,
                    "" if size >= MIN_TEXT_SIZE - 1e-9 else "raise the size",
                )
            )
    # Fonts: layout measures with Liberation Sans, which has Arial's metrics; a
    # font with other metrics may overflow its boxes wherever it is installed.
    families = {"figure": look.font_family}
    for kind in ("hypothesis", "theme", "subtheme", "quote"):
        for depth in depths[kind]:
            family = style.box(kind, depth)[0].font_family
            if family:
                families[kind if kind != "subtheme" else f"sub-theme depth {depth}"] = family
    if look.legend.font_family:
        families["legend"] = look.legend.font_family
    for where, family in families.items():
        ok = family.strip().lower() in METRIC_COMPATIBLE
        rows.append(
            Check(
                f"{where} font has the measured metrics",
                family,
                "Arial metrics",
                None,
                None,
                ok,
                "" if ok else "text is measured as Arial; use Arial, Liberation Sans, Arimo or Helvetica",
            )
        )
    # Never colour alone: branches are solid, so connections need a dash; quote
    # lines need a pattern of their own too.
    dash = look.lines.connection_dash
    rows.append(
        Check(
            "connection differs from branch by more than colour",
            f"dash {dash}",
            "branch solid",
            None,
            None,
            dash != "solid",
            "" if dash != "solid" else "set look.lines.connection_dash to dashed, dotted or dashdot",
        )
    )
    quote_dash = look.lines.quote_dash
    rows.append(
        Check(
            "quote line differs from connection by more than colour",
            f"dash {quote_dash}",
            f"connection {dash}",
            None,
            None,
            quote_dash != dash,
            "" if quote_dash != dash else "give look.lines.quote_dash a different pattern",
        )
    )
    return rows


def format_checks(rows: list[Check]) -> str:
    """The checks as a plain-text table, failures marked."""
    header = ("", "pair", "colours", "ratio", "needs")
    lines = [header]
    for row in rows:
        ratio = f"{row.ratio:.2f}:1" if row.ratio is not None else ""
        needs = f"{row.needed:g}:1" if row.needed is not None else ""
        colours = (
            f"{row.foreground} on {row.background}"
            if row.ratio is not None
            else f"{row.foreground} vs {row.background}"
        )
        what = row.what + (f" ({row.note})" if row.note else "")
        lines.append(("ok" if row.ok else "FAIL", what, colours, ratio, needs))
    widths = [max(len(r[i]) for r in lines) for i in range(len(header))]
    out = ["  ".join(cell.ljust(w) for cell, w in zip(r, widths)).rstrip() for r in lines]
    failed = sum(not r.ok for r in rows)
    out.append(f"{len(rows)} checks, {failed} failed" if failed else f"{len(rows)} checks, all pass")
    return "\n".join(out)
