"""Synthetic theme files for the benchmark, and the same maps for the peers.

Each map comes from a fixed seed, so the same size gives the same file on every
machine and every run.  Labels, counts, descriptions, quotes and connections are
drawn to look like the report's maps (themes/): key themes of two to seven
words, sub-themes nested two or three deep, a few counts, quotes of one to four
sentences with a role, and links between key themes.

The same map is written for PlantUML (``@startmindmap``), the Mermaid CLI
(``mindmap``) and Graphviz alone (DOT for ``twopi``, no styling): the floor.
"""

from __future__ import annotations

import json
import random
import textwrap
from dataclasses import dataclass, field
from typing import Final, Iterator

__all__ = ["SEED", "SIZES", "SynthMap", "SynthTheme", "synthetic_map", "to_dot", "to_mermaid", "to_plantuml", "to_yaml"]

SIZES: Final = (30, 300, 1000, 5000)
SEED: Final = 20231211  # the day of the report's workshop

_WORDS: Final = (
    "innovation adoption spread scale pace system local national pathway clinical patient data evidence "
    "workforce leadership funding commissioning procurement business case capacity culture trust relationships "
    "digital primary care integrated board partnership learning implementation fidelity adaptation impact "
    "outcomes value benefits risk governance alignment priorities incentives levers policy regulation "
    "sustainability staff time training skills engagement communication networks champions clinicians "
    "managers finance estates infrastructure interoperability records sharing analytics population health "
    "inequalities access demand waiting lists referrals discharge community mental services providers "
    "evaluation metrics baseline pilot rollout transformation change readiness ownership accountability"
).split()
_SMALL: Final = ("and", "of", "the", "for", "in", "to", "with", "across", "between")
_ROLES: Final = (
    "Innovator",
    "NHS organisation",
    "Representative from a health innovation network",
    "Commissioner",
    "Clinical lead",
    "Integrated care board",
    "Industry partner",
    "Academic partner",
    "Patient representative",
)


@dataclass
class SynthTheme:
    id: str
    label: str
    n: int | None = None
    description: str | None = None
    subthemes: list[SynthTheme] = field(default_factory=list)

    def walk(self, depth: int = 1) -> Iterator[tuple[SynthTheme, int]]:
        yield self, depth
        for sub in self.subthemes:
            yield from sub.walk(depth + 1)


@dataclass
class SynthMap:
    id: str
    title: str
    headline: str
    hypothesis: str
    n: int
    themes: list[SynthTheme]
    quotes: list[tuple[str, str, str | None]]  # text, attribution, key theme id
    connections: list[tuple[str, str, str | None]]

    def walk(self) -> Iterator[tuple[SynthTheme, int]]:
        for theme in self.themes:
            yield from theme.walk()

    @property
    def node_count(self) -> int:
        return 1 + sum(1 for _ in self.walk()) + len(self.quotes)


def _phrase(rng: random.Random, low: int, high: int) -> str:
    words = []
    for i in range(rng.randint(low, high)):
        if i and rng.random() < 0.25:
            words.append(rng.choice(_SMALL))
        words.append(rng.choice(_WORDS))
    text = " ".join(words)
    return text[0].upper() + text[1:]


def _sentence(rng: random.Random) -> str:
    return _phrase(rng, 6, 16) + rng.choice((".", ".", ".", "?"))


def synthetic_map(nodes: int, seed: int = SEED) -> SynthMap:
    """A map of about ``nodes`` nodes (headline, themes, sub-themes and quotes)."""
    rng = random.Random(seed * 100_003 + nodes)
    quotes_wanted = max(1, round(nodes * 0.06))
    key_count = max(4, min(16, round(nodes**0.45)))
    theme_budget = max(key_count, nodes - 1 - quotes_wanted)
    counter = 0

    def new_theme(words: tuple[int, int], depth: int) -> SynthTheme:
        nonlocal counter
        counter += 1
        theme = SynthTheme(id=f"t{counter}", label=_phrase(rng, *words))
        if rng.random() < 0.3:
            theme.n = rng.randint(1, 60 if depth == 1 else 25)
        if depth == 1 and rng.random() < 0.25:
            theme.description = _sentence(rng)
        return theme

    themes = [new_theme((2, 7), 1) for _ in range(key_count)]
    # Grow sub-themes breadth first under random parents of depth 1 to 3, so
    # the tree is bushy near the centre and thins out, as coded themes do.
    open_parents: list[tuple[SynthTheme, int]] = [(t, 1) for t in themes]
    made = key_count
    while made < theme_budget:
        parent, depth = open_parents[rng.randrange(len(open_parents))]
        child = new_theme((1, 6), depth + 1)
        parent.subthemes.append(child)
        made += 1
        if depth + 1 < 4:
            open_parents.append((child, depth + 1))
    quotes = []
    for _ in range(quotes_wanted):
        text = " ".join(_sentence(rng) for _ in range(rng.randint(1, 4)))
        theme = rng.choice(themes).id if rng.random() < 0.85 else None
        quotes.append((text, rng.choice(_ROLES), theme))
    connections: list[tuple[str, str, str | None]] = []
    pairs = set()
    for _ in range(max(1, min(key_count * 2, round(nodes**0.5 / 2)))):
        a, b = rng.sample(range(key_count), 2)
        key = (min(a, b), max(a, b))
        if key in pairs:
            continue
        pairs.add(key)
        label = _phrase(rng, 1, 3).lower() if rng.random() < 0.3 else None
        connections.append((themes[a].id, themes[b].id, label))
    return SynthMap(
        id=f"synthetic-{nodes}",
        title=f"Synthetic map of about {nodes} nodes",
        headline=_phrase(rng, 6, 12),
        hypothesis=" ".join(_sentence(rng) for _ in range(2)),
        n=rng.randint(20, 400),
        themes=themes,
        quotes=quotes,
        connections=connections,
    )


# --- writers --------------------------------------------------------------------


def _q(text: str) -> str:
    # JSON strings are valid YAML double-quoted scalars.
    return json.dumps(text, ensure_ascii=False)


def to_yaml(m: SynthMap) -> str:
    """The map as a theme file for mindmap."""
    out = [
        f"id: {m.id}",
        f"title: {_q(m.title)}",
        f"hypothesis: {_q(m.hypothesis)}",
        f"headline: {_q(m.headline)}",
        f"n: {m.n}",
        "themes:",
    ]

    def theme(t: SynthTheme, indent: str) -> None:
        out.append(f"{indent}- id: {t.id}")
        out.append(f"{indent}  label: {_q(t.label)}")
        if t.n is not None:
            out.append(f"{indent}  n: {t.n}")
        if t.description:
            out.append(f"{indent}  description: {_q(t.description)}")
        if t.subthemes:
            out.append(f"{indent}  subthemes:")
            for sub in t.subthemes:
                theme(sub, indent + "    ")

    for t in m.themes:
        theme(t, "  ")
    if m.connections:
        out.append("connections:")
        for a, b, label in m.connections:
            out.append(f"  - between: [{a}, {b}]" + (f"\n    label: {_q(label)}" if label else ""))
    if m.quotes:
        out.append("quotes:")
        for text, who, key in m.quotes:
            out.append(f"  - text: {_q(text)}")
            out.append(f"    attribution: {_q(who)}")
            if key:
                out.append(f"    theme: {key}")
    return "\n".join(out) + "\n"


def _label(t: SynthTheme) -> str:
    return t.label + (f" [n={t.n}]" if t.n is not None else "")


def _quotes_by_theme(m: SynthMap) -> dict[str | None, list[tuple[str, str]]]:
    by: dict[str | None, list[tuple[str, str]]] = {}
    for text, who, key in m.quotes:
        by.setdefault(key, []).append((text, who))
    return by


def to_plantuml(m: SynthMap) -> str:
    """The map for PlantUML's mind map diagram (connections have no equivalent there)."""
    quotes = _quotes_by_theme(m)
    out = ["@startmindmap", f"* {m.headline}"]

    def multi(stars: str, text: str) -> None:
        lines = textwrap.wrap(text, 50) or [""]
        out.append(f"{stars}:" + "\n".join(lines) + ";")

    def quote_nodes(stars: str, key: str | None) -> None:
        for text, who in quotes.get(key, []):
            multi(stars, f"\u201c{text}\u201d \u2014 {who}")

    half = (len(m.themes) + 1) // 2
    for i, t in enumerate(m.themes):
        if i == half:
            out.append("left side")  # the second half on the left
        for sub, depth in t.walk():
            out.append("*" * (depth + 1) + " " + _label(sub).replace(";", ","))
            if depth == 1:
                quote_nodes("***", sub.id)
    quote_nodes("**", None)
    out.append("@endmindmap")
    return "\n".join(out) + "\n"


def _mermaid_text(text: str) -> str:
    for char, code in (("#", "#35;"), ('"', "#quot;"), ("<", "#lt;"), (">", "#gt;")):
        text = text.replace(char, code)
    return text


def to_mermaid(m: SynthMap) -> str:
    """The map for the Mermaid CLI's mindmap diagram (no connections there either)."""
    quotes = _quotes_by_theme(m)
    out = ["mindmap", f'  root(("{_mermaid_text(m.headline)}"))']
    counter = 0

    def node(indent: int, text: str, square: bool = False) -> None:
        nonlocal counter
        counter += 1
        o, c = ("[", "]") if square else ("(", ")")
        out.append(" " * indent + f'n{counter}{o}"{_mermaid_text(text)}"{c}')

    for t in m.themes:
        for sub, depth in t.walk():
            node(2 + 2 * depth, _label(sub))
            if depth == 1:
                for text, who in quotes.get(sub.id, []):
                    node(6, f"\u201c{text}\u201d \u2014 {who}", square=True)
    for text, who in quotes.get(None, []):
        node(4, f"\u201c{text}\u201d \u2014 {who}", square=True)
    return "\n".join(out) + "\n"


def to_dot(m: SynthMap) -> str:
    """The bare graph for Graphviz alone (twopi): plain labels, no wrapping, styling or overlap removal."""
    quotes = _quotes_by_theme(m)
    out = ["digraph map {", '  root="h";', "  node [shape=box];", f"  h [label={_q(m.headline)}];"]
    q = 0

    def quote_nodes(parent: str, key: str | None) -> None:
        nonlocal q
        for text, _who in quotes.get(key, []):
            q += 1
            out.append(f"  q{q} [label={_q(text[:60])}];")
            out.append(f"  {parent} -> q{q};")

    for t in m.themes:
        out.append(f"  h -> {_q(t.id)};")
        for sub, _depth in t.walk():
            out.append(f"  {_q(sub.id)} [label={_q(_label(sub))}];")
            for child in sub.subthemes:
                out.append(f"  {_q(sub.id)} -> {_q(child.id)};")
        quote_nodes(_q(t.id), t.id)
    quote_nodes("h", None)
    for a, b, _label_text in m.connections:
        out.append(f"  {_q(a)} -> {_q(b)} [style=dashed];")
    out.append("}")
    return "\n".join(out) + "\n"
