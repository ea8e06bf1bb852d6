"""Counting from a REFI-QDA project: the codes' coded segments to every ``[n=..]``.

Each theme of each theme file is matched to one code of the project: by the
``guid`` the theme keeps from ``mindmap import`` first, else by its label
(the code's name, ignoring case and spacing, when one code has that name).
A theme's n is the number of distinct sources (or segments, or cases) coded
to its code or any code below it in the codebook, or to any of its
sub-themes' codes; a map's n counts those coded to any of its themes.  A
theme that no code matches, with no matched theme below it, keeps its n;
the report lists it, and every code that no theme (nor any theme above it in
the codebook) matches.  Pure: :func:`tally_project` reads nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..load.qda import Code, Project
from ..model.theme import MindMap, Theme
from .tally import MapCount, ThemeCount

__all__ = ["ProjectTally", "ThemeMatch", "tally_project"]


@dataclass
class ThemeMatch:
    """How one theme was matched: the code's name and guid, and by what (``guid``, ``name``, or ``''``)."""

    map_id: str
    key: str
    label: str
    by: str
    code: str | None = None
    guid: str | None = None
    note: str | None = None


@dataclass
class ProjectTally:
    """The counts of every theme file from one project, and what did not match."""

    source: str
    count: str
    maps: list[MapCount]
    matches: list[ThemeMatch] = field(default_factory=list)
    unmatched_codes: list[Code] = field(default_factory=list)

    @property
    def unmatched_themes(self) -> list[ThemeMatch]:
        return [m for m in self.matches if not m.by]

    def as_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "count": self.count,
            "maps": [m.as_dict() for m in self.maps],
            "matches": [vars(m) for m in self.matches],
            "unmatched_codes": [{"name": c.name, "guid": c.guid, "line": c.line} for c in self.unmatched_codes],
            "unmatched_themes": [{"map": m.map_id, "id": m.key, "label": m.label} for m in self.unmatched_themes],
        }


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def tally_project(
    project: Project, maps: dict[str, tuple[MindMap, str]], count: str = "sources", source: str = ""
) -> ProjectTally:
    """Count ``project``'s coding against ``maps`` (map id to the map and its file)."""
    direct = project.units[count]
    codes = list(project.codebook.walk())
    by_guid = {c.guid: c for c in codes if c.guid}
    by_name: dict[str, list[Code]] = {}
    for code in codes:
        by_name.setdefault(_norm(code.name), []).append(code)
    below: dict[int, set[str]] = {}

    def gather(code: Code) -> set[str]:
        found = set(direct.get(code.guid, ())) if code.guid else set()
        for child in code.children:
            found |= gather(child)
        below[id(code)] = found
        return found

    for top in project.codebook.codes:
        gather(top)

    matched_codes: set[int] = set()
    matches: list[ThemeMatch] = []
    results: list[MapCount] = []
    for map_id in sorted(maps):
        mind_map, file = maps[map_id]
        counts = MapCount(mind_map, file)

        def visit(
            themes: list[Theme], path: tuple[Any, ...], depth: int, map_id: str, counts: MapCount
        ) -> tuple[set[str], bool]:
            union: set[str] = set()
            any_match = False
            for index, theme in enumerate(themes):
                here = (*path, index)
                match = ThemeMatch(map_id, theme.key, theme.label, "")
                code: Code | None = None
                if theme.guid and theme.guid.strip("{}").lower() in by_guid:
                    code, match.by = by_guid[theme.guid.strip("{}").lower()], "guid"
                else:
                    if theme.guid:
                        match.note = f"guid {theme.guid} is not in the project"
                    named = by_name.get(_norm(theme.label), [])
                    if len(named) == 1:
                        code, match.by = named[0], "name"
                    elif len(named) > 1:
                        match.note = f"{len(named)} codes are named '{theme.label}'; keep the guid to choose one"
                entry = ThemeCount(theme.key, theme.label, depth, here, 0, theme.n)
                counts.themes.append(entry)
                found: set[str] = set()
                if code is not None:
                    match.code, match.guid = code.name, code.guid
                    matched_codes.add(id(code))
                    found |= below[id(code)]
                matches.append(match)
                sub, sub_match = visit(theme.subthemes, (*here, "subthemes"), depth + 1, map_id, counts)
                found |= sub
                if code is None and not sub_match:
                    entry.n = theme.n  # type: ignore[assignment]  # nothing to count it by: keep it
                else:
                    entry.n = len(found)
                    any_match = True
                union |= found
            return union, any_match

        everything, any_match = visit(mind_map.themes, ("themes",), 1, map_id, counts)
        counts.coded = len(everything) if any_match else mind_map.n  # type: ignore[assignment]
        results.append(counts)

    unmatched: list[Code] = []

    def uncovered(code: Code) -> None:
        if id(code) in matched_codes:
            return
        unmatched.append(code)
        for child in code.children:
            uncovered(child)

    for top in project.codebook.codes:
        uncovered(top)
    return ProjectTally(source, count, results, matches, unmatched)
