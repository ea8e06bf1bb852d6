"""Lint: things in a valid theme file that are probably mistakes.

A warning does not stop a render; ``validate --strict`` and ``preview
--strict`` turn warnings into a failure (exit 1).  Each warning is a
:class:`~mindmap.errors.Problem` located at the field at fault, its message
starting with ``warning:`` and ending with the rule's name in brackets.

The rules:

``subtheme-larger-than-parent``
    a sub-theme with a larger n than its parent theme (a suppressed count
    ``<K`` stands for 1 to K-1, and the warning comes only when no values in
    the two ranges fit);
``mixed-counts``
    siblings where some have an n and some do not;
``map-n-below-theme``
    a map n smaller than its largest theme n;
``duplicate-label``
    two themes with the same label (ignoring case and spacing);
``missing-description``
    a key theme with no description where at least half of the other key
    themes have one;
``long-label``
    a theme or sub-theme label that will wrap to more than four lines in the
    map's style (the headline is a sentence and may run longer);
``long-headline``
    a headline of more than 25 words, with what it costs: the share of the
    figure it takes on a page, and the size the figure's text prints at.
``bidi-control``
    text holding a bidirectional embedding, override or isolate (U+202A to
    U+202E, U+2066 to U+2069), which makes the text after it read in another
    order than it is stored: ``Invoice \u202efdp.exe`` shows as ``Invoice exe.pdf``.

A quote that names an unknown theme is not a warning: loading the file
already fails with an error there (see :mod:`mindmap.model`).

:func:`lint_map` is pure; :func:`lint_file` also reads the file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Final, Iterator

from ..errors import Problem
from ..model.counts import count_range
from ..model.theme import MindMap, Theme

__all__ = ["MAX_HEADLINE_WORDS", "MAX_LABEL_LINES", "RULES", "lint_file", "lint_map"]

MAX_LABEL_LINES: Final = 4
MAX_HEADLINE_WORDS: Final = 25
RULES: Final = (
    "subtheme-larger-than-parent",
    "mixed-counts",
    "map-n-below-theme",
    "duplicate-label",
    "missing-description",
    "long-label",
    "long-headline",
    "bidi-control",
)

Path_ = tuple[Any, ...]


def _walk(
    themes: list[Theme], path: Path_, depth: int, parent: tuple[Theme, Path_] | None = None
) -> Iterator[tuple[Theme, Path_, int, tuple[Theme, Path_] | None, list[Theme]]]:
    for index, theme in enumerate(themes):
        here = (*path, index)
        yield theme, here, depth, parent, themes
        yield from _walk(theme.subthemes, (*here, "subthemes"), depth + 1, (theme, here))


def _n(n: int | str) -> str:
    """``n=12``, or ``n<5`` for a suppressed count."""
    return f"n{n}" if isinstance(n, str) else f"n={n}"


def _dotted(path: Path_) -> str:
    return ".".join(str(p) for p in path)


def _siblings_have(have: int, siblings: int) -> str:
    """'its sibling has one', 'all 3 of its siblings have one', '1 of its 4 siblings has one'."""
    if siblings == 1:
        return "its sibling has one"
    if have == siblings:
        return f"all {siblings} of its siblings have one"
    return f"{have} of its {siblings} siblings {'has' if have == 1 else 'have'} one"


def lint_map(mind_map: MindMap, doc: Any = None, name: str = "", style: Any = None) -> list[Problem]:
    """Every warning for ``mind_map``, in file order.

    ``doc`` (a :class:`mindmap.loading.Document`) places each warning at its
    line and column; without it every warning is at 1:1.  ``style`` is the
    resolved style the labels are measured in (default: the map's own).
    """

    def at(path: Path_) -> tuple[int, int]:
        return doc.locate(path) if doc is not None else (1, 1)

    warnings: list[Problem] = []

    def warn(path: Path_, rule: str, message: str) -> None:
        warnings.append(Problem(name, *at(path), _dotted(path), f"warning: {message} [{rule}]"))

    entries = list(_walk(mind_map.themes, ("themes",), 1))

    # A sub-theme cannot hold more responses than its theme (the nearest one above it with an n).
    counted_above: dict[Path_, Theme | None] = {}
    for theme, path, _depth, parent, _siblings in entries:
        above = None
        if parent is not None:
            above = parent[0] if parent[0].n is not None else counted_above.get(parent[1])
        counted_above[path] = above
        # A suppressed count ('<5') stands for a range: warn only when no value in the ranges fits.
        if (
            above is not None
            and theme.n is not None
            and above.n is not None
            and count_range(theme.n)[0] > count_range(above.n)[1]
        ):
            relation = "its parent" if parent is not None and above is parent[0] else "the theme above it"
            warn(
                (*path, "n"),
                "subtheme-larger-than-parent",
                f"sub-theme '{theme.key}' has {_n(theme.n)}, more than {relation} '{above.key}' "
                f"({_n(above.n)}); a response coded to a sub-theme also counts for its theme",
            )

    # Siblings either all have a count or none do.
    groups: dict[Path_, list[tuple[Theme, Path_]]] = {}
    for theme, path, _depth, _parent, _siblings in entries:
        groups.setdefault(path[:-1], []).append((theme, path))
    for members in groups.values():
        counted = [t for t, _ in members if t.n is not None]
        if counted and len(counted) < len(members):
            for theme, path in members:
                if theme.n is None:
                    warn(
                        (*path, "label"),
                        "mixed-counts",
                        f"'{theme.key}' has no n but {_siblings_have(len(counted), len(members) - 1)}; "
                        "give every sibling an n, or none",
                    )

    # The map counts every response coded to any theme.
    if mind_map.n is not None:
        counted_themes = [(t, p) for t, p, _, _, _ in entries if t.n is not None]
        if counted_themes:
            largest, where = max(counted_themes, key=lambda tp: count_range(tp[0].n or 0)[0])
            if largest.n is not None and count_range(mind_map.n)[1] < count_range(largest.n)[0]:
                warn(
                    ("n",),
                    "map-n-below-theme",
                    f"map {_n(mind_map.n)} is smaller than the {_n(largest.n)} of theme '{largest.key}' "
                    f"({_dotted(where)}); the map counts every response coded to any of its themes",
                )

    # Two boxes that read the same cannot be told apart.
    first: dict[str, Path_] = {}
    for theme, path, _depth, _parent, _siblings in entries:
        key = " ".join(theme.label.split()).casefold()
        if key in first:
            line = at((*first[key], "label"))[0]
            warn(
                (*path, "label"),
                "duplicate-label",
                f"label '{theme.label}' is also used by {_dotted(first[key])} (line {line}); "
                "make the labels different so readers can tell the boxes apart",
            )
        else:
            first[key] = path

    # Key themes are described all alike.
    described = [t for t in mind_map.themes if t.description]
    others = len(mind_map.themes) - 1
    if described and len(described) < len(mind_map.themes) and 2 * len(described) >= others:
        for index, theme in enumerate(mind_map.themes):
            if not theme.description:
                warn(
                    ("themes", index, "label"),
                    "missing-description",
                    f"key theme '{theme.key}' has no description but {_siblings_have(len(described), others)}; add one",
                )

    # Labels that will not fit in a box.
    from ..text.measure import wrap

    if style is None:
        style = _style_for(mind_map)
    checks = [
        ((*path, "label"), theme.label, "theme" if depth == 1 else "subtheme")
        for theme, path, depth, _parent, _siblings in entries
    ]
    for path, label, kind in checks:
        look, scale = getattr(style.look, kind), getattr(style.scale, kind)
        lines = wrap(label, scale.size, scale.wrap_width, bold=look.weight == "bold", italic=look.italic)
        if len(lines) > MAX_LABEL_LINES:
            warn(
                path,
                "long-label",
                f"label wraps to {len(lines)} lines (more than {MAX_LABEL_LINES}) at this style's width; "
                "shorten it and move the detail into the description",
            )

    # A headline is a box like the others: a paragraph in the middle crowds the map.
    words = len(mind_map.headline.split())
    if words > MAX_HEADLINE_WORDS:
        share, printed = _headline_cost(mind_map, style)
        warn(
            ("headline",),
            "long-headline",
            f"the headline has {words} words (more than {MAX_HEADLINE_WORDS}); on a page its box takes "
            f"{share:.0%} of the figure and the map's text prints at {printed:.1f} pt; "
            "shorten it and move the rest into the hypothesis",
        )

    # Text that reads in another order than it is stored.
    from ..safety import BIDI_CONTROLS

    texts: list[tuple[Path_, Any]] = [
        ((key,), getattr(mind_map, key)) for key in ("title", "hypothesis", "headline", "source")
    ]
    for theme, path, _depth, _parent, _siblings in entries:
        texts += [((*path, "label"), theme.label), ((*path, "description"), theme.description)]
    texts += [(("connections", i, "label"), c.label) for i, c in enumerate(mind_map.connections)]
    for i, q in enumerate(mind_map.quotes):
        texts += [(("quotes", i, "text"), q.text), (("quotes", i, "attribution"), q.attribution)]
    for path, value in texts:
        found = next((char for char in value or "" if char in BIDI_CONTROLS), None)
        if found is not None:
            warn(
                path,
                "bidi-control",
                f"contains the bidirectional control U+{ord(found):04X}, which makes the text after it read "
                "in another order than it is written; remove it",
            )

    return sorted(warnings)


def _headline_cost(mind_map: MindMap, style: Any) -> tuple[float, float]:
    """The headline box's share of the figure's area on a page, and the figure's printed text size."""
    from ..layout.compose import layout_map
    from ..layout.media import MEDIA, printed_size
    from ..model.tree import HYPOTHESIS, build_tree

    tree = build_tree(mind_map)
    layout = layout_map(tree, style, title=mind_map.title, caption=mind_map.hypothesis, fit="page")
    box = next(b for b in layout.nodes if b.name == HYPOTHESIS)
    smallest = min(run.size for run in layout.runs())
    return box.w * box.h / (layout.width * layout.height), printed_size(
        smallest, layout.width, layout.height, MEDIA["page"]
    )


def _style_for(mind_map: MindMap) -> Any:
    from ..style.library import compose_style
    from ..style.sheet import default_sheet

    try:
        return compose_style(map_style=mind_map.style)
    except Exception:  # an invalid style block is render's error to report; measure in the default
        return default_sheet()


def lint_file(path: str | Path, style: Any = None) -> tuple[MindMap, list[Problem]]:
    """Load a theme file and lint it; raises :class:`~mindmap.errors.InputError` if it is invalid."""
    from ..load.reader import limits, parse_document, read_text, validate_document

    name = str(path)
    bounds = limits()  # the same limits as load_map, MINDMAP_MAX_* included
    doc = parse_document(read_text(Path(path), bounds["max_bytes"]), name, bounds["max_nodes"])
    mind_map = validate_document(doc, name, bounds["max_nodes"])
    return mind_map, lint_map(mind_map, doc, name, style)
