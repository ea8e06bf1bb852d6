"""Outlines and mind-map files read back into maps: each reader undoes its export.

=========  ==========================================================================
format     read as
=========  ==========================================================================
freemind   ``.mm``: the root node is the headline (its note the hypothesis), its
           children the key themes (a note is a description; ``arrowlink`` s between
           key themes are connections, their words from the note's "Connected to"
           lines or Freeplane's ``MIDDLE_LABEL``), bubble nodes in quotation marks quotes
markdown   ``.md`` as markmap reads it: ``#`` the headline, ``##`` key themes, list
           items sub-themes (``###`` and deeper headings too); a first item in
           italics is a description, ``- ↔ Theme (words)`` a connection,
           ``- *“text”* (who)`` a quote, and a last ``## Quotes`` holds the map's
           own quotes
opml       ``.opml``: the first outline is the headline (``_note``: hypothesis), its
           children key themes (``_note``: description), ``↔`` children connections
           and children in quotation marks quotes; ``<title>`` is the map's title
mermaid    ``.mmd``: a Mermaid ``mindmap``; the root is the headline, indentation
           gives the tree, round nodes in quotation marks are quotes and
           ``%% connection: A <-> B (words)`` comments connections; the front
           matter's ``title`` is the map's title
=========  ==========================================================================

Everywhere, ``Label [n=12]`` (or ``[n<5]``) at the end of a label is its count.
Ids are the slugs of the labels (none of these formats holds ids).  Readers
are pure functions of the file's bytes; problems are
:class:`~mindmap.errors.InputError` at ``FILE:LINE:COL``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from ..errors import InputError, Problem
from ..model.theme import Suppressed
from .qda import Imported, Node, unique_ids
from .safexml import Element, parse_xml, xml_problem

__all__ = ["OUTLINE_FORMATS", "read_outline", "split_count"]

OUTLINE_FORMATS: Final = ("freemind", "markdown", "opml", "mermaid")
MAX_OUTLINE_BYTES: Final = 20 * 1024 * 1024
_COUNT: Final = re.compile(r"^(?P<label>.*?)\s*\[n(?:=(?P<n>[0-9]{1,8})|<(?P<below>[0-9]{1,8}))\]$", re.S)
_QUOTE: Final = re.compile(r"^“(?P<text>.*)”(?: \((?P<who>.*)\))?$", re.S)
_SPACE: Final = re.compile(r"\s+")


def _flat(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def split_count(text: str) -> tuple[str, int | str | None]:
    """A label and the count at its end, if any.

    >>> split_count("Staff time [n=12]"), split_count("Rare [n<5]"), split_count("No count")
    (('Staff time', 12), ('Rare', '<5'), ('No count', None))
    """
    match = _COUNT.match(text.strip())
    if not match or not match.group("label").strip():
        return text.strip(), None
    if match.group("n") is not None:
        return match.group("label").strip(), int(match.group("n"))
    below = int(match.group("below"))
    if below < 2:
        return text.strip(), None
    return match.group("label").strip(), Suppressed(f"<{below}")


def _quote(text: str) -> tuple[str, str | None] | None:
    match = _QUOTE.match(_flat(text))
    if not match or not match.group("text").strip():
        return None
    who = match.group("who")
    return match.group("text").strip(), (who.strip() or None) if who is not None else None


@dataclass
class _Outline:
    """What every reader finds, before ids are given: nodes, connections by node, quotes."""

    file: str
    headline: str = ""
    n: int | str | None = None
    title: str | None = None
    hypothesis: str | None = None
    themes: list[Node] = field(default_factory=list)
    connections: list[tuple[Node, Node, str | None]] = field(default_factory=list)
    quotes: list[tuple[str, str | None, Node | None]] = field(default_factory=list)
    line: int = 1


def _node(text: str, line: int, column: int = 1) -> Node:
    label, n = split_count(_flat(text))
    return Node(label, line=line, column=column, n=n)


def _finish(outline: _Outline, map_id: str, title: str | None, headline: str | None) -> Imported:
    if not outline.headline:
        raise InputError([Problem(outline.file, outline.line, 1, "", "has no root node (the headline)")])
    if not outline.themes:
        raise InputError([Problem(outline.file, outline.line, 1, "", "has no key themes below the root")])
    ids = unique_ids(outline.themes)
    lines: dict[tuple[Any, ...], tuple[int, int]] = {(): (outline.line, 1)}

    def theme(node: Node, path: tuple[Any, ...]) -> dict[str, Any]:
        lines[path] = (node.line, node.column)
        data: dict[str, Any] = {"id": ids[id(node)], "label": node.label}
        if node.description:
            data["description"] = node.description
        if node.n is not None:
            data["n"] = node.n
        if node.children:
            data["subthemes"] = [theme(c, (*path, "subthemes", i)) for i, c in enumerate(node.children)]
        return data

    from .qda import _title

    data: dict[str, Any] = {
        "id": map_id,
        "title": title or outline.title or _title(Path(outline.file).stem),
        "headline": headline or outline.headline,
    }
    if outline.hypothesis:
        data["hypothesis"] = outline.hypothesis
    if outline.n is not None:
        data["n"] = outline.n
    data["themes"] = [theme(n, ("themes", i)) for i, n in enumerate(outline.themes)]
    connections: list[dict[str, Any]] = []
    seen: set[frozenset[str]] = set()
    for a, b, words in outline.connections:
        pair = frozenset((ids[id(a)], ids[id(b)]))
        if pair in seen or a is b:
            continue
        seen.add(pair)
        connections.append({"between": [ids[id(a)], ids[id(b)]], **({"label": words} if words else {})})
    if connections:
        data["connections"] = connections
    if outline.quotes:
        data["quotes"] = [
            {"text": text, **({"attribution": who} if who else {}), **({"theme": ids[id(t)]} if t else {})}
            for text, who, t in outline.quotes
        ]
    return Imported(data, [], lines, outline.file)


def _match_label(text: str, themes: list[Node]) -> tuple[Node, str | None] | None:
    """``Label`` or ``Label (words)``: the key theme it names (longest label first) and the words."""
    for node in sorted(themes, key=lambda n: -len(n.label)):
        label = _flat(node.label)
        if text == label:
            return node, None
        if text.startswith(label + " (") and text.endswith(")"):
            return node, text[len(label) + 2 : -1].strip() or None
    return None


# --- FreeMind / Freeplane ---------------------------------------------------------------


def _node_text(element: Element) -> str:
    if "TEXT" in element.attrs:
        return element.attrs["TEXT"]
    for rich in element.findall("richcontent"):
        if rich.attrs.get("TYPE", "").upper() == "NODE":
            return rich.itertext()
    return ""


def _note_paragraphs(element: Element) -> list[str]:
    for rich in element.findall("richcontent"):
        if rich.attrs.get("TYPE", "").upper() in ("NOTE", "DETAILS"):
            paragraphs = [p.itertext() for p in rich.iter() if p.tag == "p"]
            if not paragraphs:
                paragraphs = [rich.itertext()]
            return [_flat(p) for p in paragraphs if _flat(p)]
    return []


def read_freemind(
    data: bytes, name: str, map_id: str, title: str | None = None, headline: str | None = None
) -> Imported:
    """A FreeMind or Freeplane ``.mm`` file (see the module)."""
    root = parse_xml(data, name)
    if root.tag != "map" or root.ns:
        raise xml_problem(
            name, root.line, root.column, f"the root element is <{root.tag}>; a FreeMind or Freeplane file is <map>"
        )
    centre = root.find("node")
    outline = _Outline(name, line=root.line)
    if centre is None:
        raise xml_problem(name, root.line, root.column, "<map> has no <node> (the headline)")
    outline.line = centre.line
    outline.headline, outline.n = split_count(_flat(_node_text(centre)))
    outline.hypothesis = " ".join(_note_paragraphs(centre)) or None
    by_id: dict[str, Node] = {}
    arrows: list[tuple[Node, Element, list[str]]] = []

    def is_quote(element: Element) -> tuple[str, str | None] | None:
        return _quote(_node_text(element)) if element.attrs.get("STYLE") == "bubble" else None

    def build(element: Element, depth: int) -> Node:
        node = _node(_node_text(element), element.line, element.column)
        if not node.label:
            raise xml_problem(name, element.line, element.column, "<node> has no text")
        notes = _note_paragraphs(element)
        if "ID" in element.attrs:
            by_id[element.attrs["ID"]] = node
        links = element.findall("arrowlink")
        if depth == 1 and links:
            arrows.append((node, element, notes))
        connected = {p for p in notes if p.startswith("Connected to ")} if depth == 1 and links else set()
        node.description = "\n".join(p for p in notes if p not in connected) or None
        stack.append((element, node, depth))
        return node

    stack: list[tuple[Element, Node, int]] = []
    for child in centre.findall("node"):
        quoted = is_quote(child)
        if quoted:
            outline.quotes.append((*quoted, None))
            continue
        outline.themes.append(build(child, 1))
    while stack:
        element, node, depth = stack.pop()
        for child in element.findall("node"):
            quoted = is_quote(child) if depth == 1 else None
            if quoted:
                outline.quotes.append((*quoted, node))
                continue
            node.children.append(build(child, depth + 1))
    # Quotes were met theme by theme; put them in reading order of their themes.
    order = {id(n): i for i, n in enumerate(outline.themes)}
    outline.quotes.sort(key=lambda q: order.get(id(q[2]), len(order)) if q[2] is not None else len(order))
    keys = {id(n) for n in outline.themes}
    for node, element, notes in arrows:
        for link in element.findall("arrowlink"):
            target = by_id.get(link.attrs.get("DESTINATION", ""))
            if target is None:
                raise xml_problem(
                    name,
                    link.line,
                    link.column,
                    f"<arrowlink> DESTINATION '{link.attrs.get('DESTINATION', '')}' names no node",
                )
            if id(target) not in keys:
                continue
            words = (link.attrs.get("MIDDLE_LABEL") or "").strip() or None
            for paragraph in notes:
                if not paragraph.startswith("Connected to "):
                    continue
                found = _match_label(paragraph[len("Connected to ") :], [target])
                if found and found[1]:
                    words = found[1]
            outline.connections.append((node, target, words))
    return _finish(outline, map_id, title, headline)


# --- OPML ------------------------------------------------------------------------------------


def read_opml(data: bytes, name: str, map_id: str, title: str | None = None, headline: str | None = None) -> Imported:
    """An OPML outline (see the module)."""
    root = parse_xml(data, name)
    if root.tag != "opml" or root.ns:
        raise xml_problem(name, root.line, root.column, f"the root element is <{root.tag}>; an OPML file is <opml>")
    body = root.find("body")
    if body is None:
        raise xml_problem(name, root.line, root.column, "<opml> has no <body>")
    head = root.find("head")
    title_element = head.find("title") if head is not None else None
    outline = _Outline(name, line=body.line)
    if title_element is not None and _flat(title_element.itertext()):
        outline.title = _flat(title_element.itertext())
    tops = body.findall("outline")
    if len(tops) > 1:
        raise xml_problem(
            name,
            tops[1].line,
            tops[1].column,
            "the body has more than one top outline; a map has one headline at its root",
        )
    if not tops:
        raise xml_problem(name, body.line, body.column, "<body> has no <outline> (the headline)")
    centre = tops[0]
    outline.line = centre.line
    outline.headline, outline.n = split_count(_flat(centre.attrs.get("text", "")))
    outline.hypothesis = (centre.attrs.get("_note") or "").strip() or None
    pending: list[tuple[Node, str, Element]] = []

    def build(element: Element, depth: int) -> Node:
        node = _node(element.attrs.get("text", ""), element.line, element.column)
        if not node.label:
            raise xml_problem(name, element.line, element.column, "<outline> has no text")
        node.description = (element.attrs.get("_note") or "").strip() or None
        for child in element.findall("outline"):
            text = _flat(child.attrs.get("text", ""))
            quoted = _quote(text) if depth == 1 else None
            if quoted:
                outline.quotes.append((*quoted, node))
            elif depth == 1 and text.startswith("↔ "):
                pending.append((node, text[2:], child))
            else:
                node.children.append(build(child, depth + 1))
        return node

    for child in centre.findall("outline"):
        quoted = _quote(_flat(child.attrs.get("text", "")))
        if quoted:
            outline.quotes.append((*quoted, None))
        else:
            outline.themes.append(build(child, 1))
    outline.quotes.sort(key=lambda q: q[2] is None)
    for node, text, element in pending:
        found = _match_label(text, outline.themes)
        if found is None:
            node.children.append(build(element, 2))  # a sub-theme whose label starts with ↔
            continue
        outline.connections.append((node, found[0], found[1]))
    return _finish(outline, map_id, title, headline)


# --- Markdown (markmap) ----------------------------------------------------------------------

_HEADING: Final = re.compile(r"^(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
_ITEM: Final = re.compile(r"^([ \t]*)(?:[-*+]|[0-9]{1,9}[.)])[ \t]+(.*)$")
_ESCAPED: Final = re.compile(r"\\([!-/:-@\[-`{-~])")
_MD_QUOTE: Final = re.compile(r"^\*“(?P<text>.*\S.*)”\*(?: \((?P<who>.*)\))?$", re.S)


def _emphasis(text: str) -> str | None:
    """The words of an item wholly in italics (``*words*``, the closing mark not escaped), else None."""
    if len(text) < 3 or text[0] not in "*_" or text[-1] != text[0]:
        return None
    body = text[1:-1]
    backslashes = len(body) - len(body.rstrip("\\"))
    return body if backslashes % 2 == 0 and body.strip() else None


def _unescape(text: str) -> str:
    return _ESCAPED.sub(r"\1", text).strip()


def read_markdown(
    data: bytes, name: str, map_id: str, title: str | None = None, headline: str | None = None
) -> Imported:
    """A Markdown outline as markmap reads it (see the module)."""
    text = _decode(data, name)
    outline = _Outline(name)
    # Each entry: (depth in the map, node or None for the headline)
    heading_stack: list[tuple[int, Node | None]] = []
    list_stack: list[tuple[int, Node | None]] = []  # (indent, node) of open list items
    current: Node | None = None  # the heading node that list items belong under
    current_depth = 0
    items_seen: dict[int, int] = {}
    pending: list[tuple[Node, str, int]] = []
    in_fence = False
    all_lines = text.splitlines()
    skip = 0
    if all_lines and all_lines[0].strip() == "---":  # markmap's front matter: options, not the tree
        skip = next((i + 1 for i in range(1, len(all_lines)) if all_lines[i].strip() == "---"), 0)
    for number, raw in enumerate(all_lines, start=1):
        if number <= skip:
            continue
        stripped = raw.strip()
        if stripped.startswith(("```", "~~~")):
            in_fence = not in_fence
            continue
        if in_fence or not stripped:
            continue
        heading = _HEADING.match(raw)
        if heading and not raw.startswith((" ", "\t")):
            level, words = len(heading.group(1)), heading.group(2)
            list_stack.clear()
            if level == 1 or not outline.headline:
                if outline.headline:
                    raise InputError([Problem(name, number, 1, "", "a second level-1 heading; a map has one headline")])
                outline.headline, outline.n = split_count(_unescape(words))
                outline.line = number
                heading_stack = [(0, None)]
                current, current_depth = None, 0
                continue
            node = _node(_unescape(words), number)
            while heading_stack and heading_stack[-1][0] >= level - 1:
                heading_stack.pop()
            parent = heading_stack[-1][1] if heading_stack else None
            depth = (heading_stack[-1][0] + 1) if heading_stack else 1
            if parent is None:
                outline.themes.append(node)
            else:
                parent.children.append(node)
            heading_stack.append((depth, node))
            current, current_depth = node, depth
            items_seen[id(node)] = 0
            continue
        item = _ITEM.match(raw)
        if item is None:
            continue  # paragraphs and other text are not part of the tree
        indent = len(item.group(1).expandtabs(4))
        body = item.group(2).strip()
        while list_stack and list_stack[-1][0] >= indent:
            list_stack.pop()
        parent = list_stack[-1][1] if list_stack else current
        level = len(list_stack)
        if parent is None:
            quoted = _MD_QUOTE.match(body)
            if quoted:
                outline.quotes.append((_unescape(quoted.group("text")), _who(quoted.group("who")), None))
                continue
            node = _node(_unescape(body), number, indent + 1)
            outline.themes.append(node)
            list_stack.append((indent, node))
            continue
        first = items_seen.get(id(parent), 0) == 0
        items_seen[id(parent)] = items_seen.get(id(parent), 0) + 1
        quoted = _MD_QUOTE.match(body)
        emphasis = _emphasis(body)
        if first and emphasis is not None and not (quoted and level == 0 and current_depth == 1):
            parent.description = _unescape(emphasis)
            list_stack.append((indent, None))
            continue
        if level == 0 and current is parent and current_depth == 1 and quoted:
            outline.quotes.append((_unescape(quoted.group("text")), _who(quoted.group("who")), parent))
            list_stack.append((indent, None))
            continue
        if level == 0 and current is parent and current_depth == 1 and body.startswith("↔ "):
            pending.append((parent, body[2:], number))
            list_stack.append((indent, None))
            continue
        node = _node(_unescape(body), number, indent + 1)
        parent.children.append(node)
        list_stack.append((indent, node))
    # A last '## Quotes' of quotes only holds the map's own quotes.
    if outline.themes:
        last = outline.themes[-1]
        own = [q for q in outline.quotes if q[2] is last]
        if (
            last.label == "Quotes"
            and own
            and not last.children
            and last.description is None
            and last.n is None
            and not any(p[0] is last for p in pending)
        ):
            outline.themes.pop()
            outline.quotes = [q if q[2] is not last else (q[0], q[1], None) for q in outline.quotes]
    for parent, words, number in pending:
        found = _match_label(_unescape(words), outline.themes)
        if found is None:
            parent.children.append(_node(_unescape("↔ " + words), number))
            continue
        outline.connections.append((parent, found[0], found[1]))
    return _finish(outline, map_id, title, headline)


def _who(text: str | None) -> str | None:
    return _unescape(text) or None if text is not None else None


def _decode(data: bytes, name: str) -> str:
    from .reader import decode

    return decode(data, name)


# --- Mermaid mindmap --------------------------------------------------------------------------

_SHAPES: Final = (("((", "))"), ("))", "(("), ("{{", "}}"), ("(", ")"), (")", "("), ("[", "]"))
_ENTITY: Final = re.compile(r"#(\w+);")
_NAMED: Final = {"quot": '"', "lt": "<", "gt": ">", "amp": "&", "apos": "'", "nbsp": "\u00a0"}
_CONNECTION: Final = re.compile(r"^%%\s*connection:\s*(.*)$")


def _mermaid_entities(text: str) -> str:
    def one(match: re.Match[str]) -> str:
        code = match.group(1)
        if code.isdigit() and int(code) < 0x110000:
            return chr(int(code))
        return _NAMED.get(code, match.group(0))

    return _ENTITY.sub(one, text)


def _mermaid_node(body: str) -> tuple[str, str]:
    """The node's shape (its opening delimiter, '' for none) and its text."""
    body = re.sub(r":::.*$", "", body).strip()
    for start, end in _SHAPES:
        at = body.find(start)
        if at >= 0 and body.endswith(end) and re.fullmatch(r"[^\s()\[\]{}]*", body[:at]):
            inner = body[at + len(start) : len(body) - len(end)].strip()
            if len(inner) >= 2 and inner[0] == inner[-1] == '"':
                inner = inner[1:-1]
                if len(inner) >= 2 and inner[0] == inner[-1] == "`":
                    inner = inner[1:-1]
            return start, _mermaid_entities(inner)
    return "", _mermaid_entities(body)


def read_mermaid(
    data: bytes, name: str, map_id: str, title: str | None = None, headline: str | None = None
) -> Imported:
    """A Mermaid ``mindmap`` (see the module)."""
    text = _decode(data, name)
    lines = text.splitlines()
    outline = _Outline(name)
    start = 0
    if lines and lines[0].strip() == "---":
        for number in range(1, len(lines)):
            if lines[number].strip() == "---":
                start = number + 1
                break
            key, _, value = lines[number].partition(":")
            if key.strip() == "title" and value.strip():
                value = value.strip()
                try:
                    outline.title = json.loads(value) if value.startswith('"') else value.strip("'")
                except json.JSONDecodeError:
                    outline.title = value
        else:
            raise InputError([Problem(name, 1, 1, "", "the front matter (---) is not closed")])
    header = next(
        (i for i in range(start, len(lines)) if lines[i].strip() and not lines[i].strip().startswith("%%")), None
    )
    if header is None or lines[header].strip() != "mindmap":
        at = (header or 0) + 1
        raise InputError([Problem(name, at, 1, "", "is not a Mermaid mind map: the diagram must start with 'mindmap'")])
    stack: list[tuple[int, Node | None, int]] = []  # (indent, node or None for the root, depth)
    links: list[tuple[str, int]] = []
    for number in range(header + 1, len(lines)):
        raw = lines[number]
        stripped = raw.strip()
        if not stripped:
            continue
        connection = _CONNECTION.match(stripped)
        if connection:
            links.append((connection.group(1).strip(), number + 1))
            continue
        if stripped.startswith("%%") or stripped.startswith("::icon(") or stripped.startswith(":::"):
            continue
        indent = len(raw) - len(raw.lstrip())
        shape, words = _mermaid_node(stripped)
        if not outline.headline:
            outline.headline, outline.n = split_count(_flat(words))
            outline.line = number + 1
            stack = [(indent, None, 0)]
            continue
        while stack and stack[-1][0] >= indent:
            stack.pop()
        if not stack:
            raise InputError(
                [
                    Problem(
                        name, number + 1, indent + 1, "", "a second root node; indent it under the first (the headline)"
                    )
                ]
            )
        _, parent, depth = stack[-1]
        quoted = _quote(words) if shape == "(" and depth <= 1 else None
        if quoted:
            outline.quotes.append((*quoted, parent))
            stack.append((indent, parent, 99))
            continue
        node = _node(words, number + 1, indent + 1)
        if not node.label:
            raise InputError([Problem(name, number + 1, indent + 1, "", "a node with no text")])
        if parent is None:
            outline.themes.append(node)
        else:
            parent.children.append(node)
        stack.append((indent, node, depth + 1))
    order = {id(n): i for i, n in enumerate(outline.themes)}
    outline.quotes.sort(key=lambda q: order[id(q[2])] if q[2] is not None else len(order))
    for words, number in links:
        found_a = None
        for node in sorted(outline.themes, key=lambda n: -len(n.label)):
            if words.startswith(_flat(node.label) + " <-> "):
                found_a = node
                break
        if found_a is None:
            raise InputError([Problem(name, number, 1, "", f"connection '{words}' names no key theme on its left")])
        found_b = _match_label(words[len(_flat(found_a.label)) + 5 :].strip(), outline.themes)
        if found_b is None:
            raise InputError([Problem(name, number, 1, "", f"connection '{words}' names no key theme on its right")])
        outline.connections.append((found_a, found_b[0], found_b[1]))
    return _finish(outline, map_id, title, headline)


_READERS: Final = {
    "freemind": read_freemind,
    "opml": read_opml,
    "markdown": read_markdown,
    "mermaid": read_mermaid,
}


def read_outline(
    fmt: str, data: bytes, name: str, map_id: str, title: str | None = None, headline: str | None = None
) -> Imported:
    """The theme-file data of an outline in ``fmt`` (one of :data:`OUTLINE_FORMATS`)."""
    return _READERS[fmt](data, name, map_id, title, headline)
