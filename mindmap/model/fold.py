"""Overview and detail: a map folded to a depth, or cut down to one key theme.

Pure transformations of the model, read by the graph builder:

* :func:`fold_map` keeps the themes down to a depth and folds everything
  below into its parent, which then says how much it holds and the total of
  the folded counts ("12 sub-themes [n=87], 3 quotes");
* :func:`detail_map` keeps the headline and one key theme's branch (its
  sub-themes and quotes), coloured as in the whole map;
* :func:`view_graph` builds the graph of either, with each folding node's
  summary in its ``folded`` attribute (drawn as a text run of role
  ``folded``).

Depth counts as in :meth:`MindMap.walk`: key themes are depth 1, their
sub-themes 2, and so on; a quote sits one deeper than the theme it
illustrates (a quote on the headline is depth 1).  Depth 0 folds every theme
and quote into the headline.

The total of the folded counts adds the counts of the outermost counted
themes only: a sub-theme's responses are already among its parent's, so a
count nested under a counted theme is not added again.  One response can be
coded under several themes, so the total counts codings, not people.  Counts
that are not whole numbers (a suppressed ``"<5"``) are left out of the total,
and the summary says how many were.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Final, Mapping

from .theme import MindMap, Theme
from .tree import HYPOTHESIS, MapTree, build_tree, node_id

__all__ = ["DETAIL_SEPARATOR", "Folded", "FoldedMap", "detail_map", "detail_stem", "fold_map", "view_tree"]

DETAIL_SEPARATOR: Final = "--"


@dataclass(frozen=True)
class Folded:
    """What one drawn node holds that is not drawn.

    ``total`` is the sum of the outermost whole-number counts among the folded
    themes (``None`` when none has one); ``skipped`` is how many counts were
    left out of it because they are not whole numbers.
    """

    key_themes: int = 0
    subthemes: int = 0
    quotes: int = 0
    total: int | None = None
    skipped: int = 0

    @property
    def hidden(self) -> int:
        """How many boxes are folded into the node."""
        return self.key_themes + self.subthemes + self.quotes

    def words(self, count_format: str = "[n={n}]") -> str:
        """The summary drawn in the node's box, on one line where it can: what it holds, with the
        total of the folded counts (in the style's count format) right after the themes it adds
        up, and the quotes last (they have no counts).

        >>> Folded(subthemes=12, quotes=3, total=87).words()
        '12 sub-themes [n=87], 3 quotes'
        >>> Folded(subthemes=1).words()
        '1 sub-theme'
        >>> Folded(key_themes=2, subthemes=3, total=9).words()
        '2 key themes and 3 sub-themes [n=9]'
        >>> Folded(subthemes=4, total=80, skipped=2).words("n = {n}")
        '4 sub-themes n = 80\\n(2 counts not summed)'
        >>> Folded(subthemes=2, skipped=1).words()
        '2 sub-themes\\n(1 count not summed)'
        """
        themes = " and ".join(
            _plural(number, noun)
            for number, noun in ((self.key_themes, "key theme"), (self.subthemes, "sub-theme"))
            if number
        )
        if self.total is not None:
            themes = f"{themes} {count_format.format(n=self.total)}"
        holds = ", ".join(part for part in (themes, _plural(self.quotes, "quote") if self.quotes else "") if part)
        if self.skipped:
            holds += f"\n({_plural(self.skipped, 'count')} not summed)"
        return holds


def _plural(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


@dataclass(frozen=True)
class FoldedMap:
    """A map as one figure shows it: what is drawn, and what each drawn node holds.

    ``map`` is what is drawn (for :func:`fold_map` at depth 0 it has no
    themes: a map that validation would refuse, made only for drawing);
    ``folded`` maps a graph node (:func:`~mindmap.graph.node_id`, or
    ``"hypothesis"``) to what is folded into it; ``branches`` maps a key
    theme's id to the palette place it has in the whole map, so a detail
    figure keeps the overview's colours.
    """

    map: MindMap
    folded: Mapping[str, Folded] = field(default_factory=dict)
    branches: Mapping[str, int] = field(default_factory=dict)


def _count_total(themes: list[Theme]) -> tuple[int | None, int]:
    """The sum of the outermost whole-number counts under ``themes``, and how many were skipped."""
    total: int | None = None
    skipped = 0
    for theme in themes:
        n: Any = theme.n
        if n is None:
            below, below_skipped = _count_total(theme.subthemes)
            if below is not None:
                total = (total or 0) + below
            skipped += below_skipped
        elif isinstance(n, int) and not isinstance(n, bool):
            total = (total or 0) + n
        else:  # a suppressed or otherwise non-numeric count ("<5")
            skipped += 1
    return total, skipped


def _size(themes: list[Theme]) -> int:
    return sum(1 for theme in themes for _ in theme.walk())


def fold_map(mind_map: MindMap | FoldedMap, depth: int) -> FoldedMap:
    """The map drawn down to ``depth``; everything deeper folded into its parent.

    A :class:`FoldedMap` (a detail) is folded in its turn: its map is cut at
    ``depth`` and its colours kept.

    >>> m = MindMap.model_validate({"id": "m", "title": "M", "headline": "H", "themes": [
    ...     {"id": "a", "label": "A", "n": 9, "subthemes": [
    ...         {"label": "A1", "n": 5, "subthemes": [{"label": "A1x", "n": 3}]},
    ...         {"label": "A2", "n": 2}]},
    ...     {"id": "b", "label": "B"}],
    ...     "quotes": [{"text": "Q", "theme": "a"}]})
    >>> view = fold_map(m, 1)
    >>> [t.label for t in view.map.themes], [len(t.subthemes) for t in view.map.themes], view.map.quotes
    (['A', 'B'], [0, 0], [])
    >>> print(view.folded["theme:a"].words())
    3 sub-themes [n=7], 1 quote
    >>> print(fold_map(m, 0).folded["hypothesis"].words())
    2 key themes and 3 sub-themes [n=9], 1 quote
    >>> fold_map(m, 3).folded
    {}
    """
    if depth < 0:
        raise ValueError(f"depth must be 0 or more, not {depth}")
    if isinstance(mind_map, FoldedMap):
        again = fold_map(mind_map.map, depth)
        return FoldedMap(again.map, again.folded, mind_map.branches)
    folded: dict[str, Folded] = {}
    quotes_by_theme: dict[str | None, int] = {}
    for quote in mind_map.quotes:
        quotes_by_theme[quote.theme] = quotes_by_theme.get(quote.theme, 0) + 1

    if depth == 0:
        themes = mind_map.themes
        total, skipped = _count_total(themes)
        hidden = Folded(
            key_themes=len(themes),
            subthemes=_size(themes) - len(themes),
            quotes=len(mind_map.quotes),
            total=total,
            skipped=skipped,
        )
        drawn = mind_map.model_copy(update={"themes": [], "connections": [], "quotes": []})
        return FoldedMap(drawn, {HYPOTHESIS: hidden})

    def cut(theme: Theme, level: int) -> Theme:
        if level < depth:
            return theme.model_copy(update={"subthemes": [cut(sub, level + 1) for sub in theme.subthemes]})
        # Quotes hang on key themes only: at depth 1 a key theme folds its quotes too.
        quotes = quotes_by_theme.get(theme.key, 0) if level == 1 else 0
        if theme.subthemes or quotes:
            total, skipped = _count_total(theme.subthemes)
            folded[node_id(theme.key)] = Folded(
                subthemes=_size(theme.subthemes), quotes=quotes, total=total, skipped=skipped
            )
        return theme.model_copy(update={"subthemes": []}) if theme.subthemes else theme

    themes = [cut(theme, 1) for theme in mind_map.themes]
    # A quote on a key theme is at depth 2; on the headline, at depth 1.
    quotes = mind_map.quotes if depth >= 2 else [q for q in mind_map.quotes if q.theme is None]
    drawn = mind_map.model_copy(update={"themes": themes, "quotes": quotes})
    return FoldedMap(drawn, folded)


def detail_stem(mind_map: MindMap, theme_key: str) -> str:
    """The file stem of a key theme's detail figure: ``<id>--<theme-id>``.

    >>> m = MindMap.model_validate({"id": "h9", "title": "T", "headline": "H", "themes": [{"label": "Lead well"}]})
    >>> detail_stem(m, "lead-well")
    'h9--lead-well'
    """
    return f"{mind_map.id}{DETAIL_SEPARATOR}{theme_key}"


def detail_map(mind_map: MindMap, theme_key: str) -> FoldedMap:
    """The headline with one key theme's whole branch: its sub-themes and its quotes.

    The figure keeps the headline at the centre, so the theme reads as part
    of its hypothesis, and keeps the theme's colour from the whole map.  Its
    title is the map's title and the theme's label; its id is
    :func:`detail_stem`.

    >>> m = MindMap.model_validate({"id": "h9", "title": "Process", "headline": "H", "themes": [
    ...     {"id": "a", "label": "A"}, {"id": "b", "label": "B", "subthemes": [{"label": "B1"}]}],
    ...     "connections": [{"between": ["a", "b"]}], "quotes": [{"text": "Q", "theme": "b"}]})
    >>> view = detail_map(m, "b")
    >>> view.map.id, view.map.title, [t.label for t in view.map.themes], len(view.map.quotes), view.branches
    ('h9--b', 'Process: B', ['B'], 1, {'b': 1})
    """
    keys = [theme.key for theme in mind_map.themes]
    if theme_key not in keys:
        raise KeyError(f"no key theme has id '{theme_key}'")
    index = keys.index(theme_key)
    theme = mind_map.themes[index]
    drawn = mind_map.model_copy(
        update={
            "id": detail_stem(mind_map, theme_key),
            "title": f"{mind_map.title}: {theme.label}",
            "themes": [theme],
            "connections": [],
            "quotes": [q for q in mind_map.quotes if q.theme == theme_key],
        }
    )
    return FoldedMap(drawn, {}, {theme_key: index})


def view_tree(view: FoldedMap, count_format: str = "[n={n}]") -> MapTree:
    """The tree of what a :class:`FoldedMap` draws.

    A node with something folded into it carries ``folded`` (its summary
    line, in the style's count format); every node keeps its key theme's
    colour from the whole map.
    """
    tree = build_tree(view.map)
    for name, hidden in view.folded.items():
        tree.nodes[name].folded = hidden.words(count_format)
    if view.branches:
        drawn = {theme.key: i for i, theme in enumerate(view.map.themes)}
        recolour = {drawn[key]: place for key, place in view.branches.items() if key in drawn}
        for node in tree.nodes.values():
            if node.branch in recolour:
                node.branch = recolour[node.branch]
    return tree
