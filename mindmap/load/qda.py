"""REFI-QDA codebooks (``.qdc``) and projects (``.qdpx``), read into theme trees.

REFI-QDA is the open exchange standard of NVivo, ATLAS.ti, MAXQDA, QualCoder
and Taguette.  A codebook is XML in the namespace ``urn:QDA-XML:codebook:1.0``::

    <CodeBook xmlns="urn:QDA-XML:codebook:1.0">
      <Codes>
        <Code guid="..." name="Access" isCodable="true" color="#005EB8">
          <Description>...</Description>
          <Code guid="..." name="Broadband" isCodable="true"/>
        </Code>
      </Codes>
    </CodeBook>

A project is a zip holding ``project.qde`` (namespace ``urn:QDA-XML:project:1.0``:
the same ``CodeBook``, then ``Cases``, ``Sources`` with their coded selections,
``Links`` and ``Graphs``) and the source documents under ``Sources/``, which are
never read.  :func:`read_codebook` and :func:`read_project` check what they read
and raise :class:`~mindmap.errors.InputError` at ``FILE:LINE:COL`` for malformed
XML, a wrong namespace, a missing required attribute, a guid referenced but never
defined, and two codes of the same name under one parent.  XML is read by
:mod:`.safexml` (no DTDs, no entities, nothing fetched); a project's zip is read
with limits on its member count, the sizes its members declare and the bytes
``project.qde`` expands to, in bounded chunks, never onto disk.

:func:`codebook_map` turns what was read into a :class:`~mindmap.model.MindMap`.
"""

from __future__ import annotations

import re
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final, Iterator, Literal, Sequence

from ..errors import InputError, Problem, UserError
from ..model.theme import GUID_PATTERN, MindMap
from .safexml import Element, parse_xml, xml_problem

__all__ = [
    "CODEBOOK_NS",
    "COUNT_MODES",
    "MAX_MEMBERS",
    "MAX_PROJECT_BYTES",
    "MAX_TOTAL_BYTES",
    "PROJECT_NS",
    "Code",
    "Codebook",
    "Imported",
    "Node",
    "Project",
    "codebook_map",
    "parse_project",
    "read_codebook",
    "read_project",
    "read_project_bytes",
    "unique_ids",
    "validated",
]

CODEBOOK_NS: Final = "urn:QDA-XML:codebook:1.0"
PROJECT_NS: Final = "urn:QDA-XML:project:1.0"
COUNT_MODES: Final = ("sources", "segments", "cases")
MAX_CODEBOOK_BYTES: Final = 100 * 1024 * 1024
MAX_MEMBERS: Final = 20_000
MAX_PROJECT_BYTES: Final = 200 * 1024 * 1024
MAX_TOTAL_BYTES: Final = 8 * 1024 * 1024 * 1024
CHUNK: Final = 1024 * 1024
MAX_THEME_DEPTH: Final = 40
SOURCE_TAGS: Final = ("TextSource", "PictureSource", "PDFSource", "AudioSource", "VideoSource")
_GUID: Final = re.compile(GUID_PATTERN)
_LZMA_ERRORS: tuple[type[Exception], ...] = ()
try:  # zipfile's LZMA members raise lzma's own error on damaged data
    from lzma import LZMAError

    _LZMA_ERRORS = (LZMAError,)
except ImportError:  # pragma: no cover - Python built without lzma
    pass
# What zipfile raises on encrypted members, unknown compression, truncated or damaged data.
_ZIP_ERRORS: tuple[type[Exception], ...] = (
    RuntimeError,
    NotImplementedError,
    EOFError,
    OSError,
    ValueError,
    zlib.error,
    *_LZMA_ERRORS,
)
_COLOUR: Final = re.compile(r"^#([0-9A-Fa-f]{6}|[0-9A-Fa-f]{3})$")
CountMode = Literal["sources", "segments", "cases"]


@dataclass
class Code:
    """One code of a codebook, with its place in the file."""

    guid: str | None
    name: str
    codable: bool
    colour: str | None
    description: str | None
    line: int
    column: int
    children: list[Code] = field(default_factory=list)

    def walk(self) -> Iterator[Code]:
        """This code and every code below it, depth first."""
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass
class Codebook:
    """The codes of a codebook or project, top-level first, and the file they came from."""

    file: str
    codes: list[Code]
    name: str | None = None

    def walk(self) -> Iterator[Code]:
        """Every code, depth first."""
        for code in self.codes:
            yield from code.walk()


@dataclass
class Link:
    """A graph edge or link between two objects of a project, by their guids."""

    origin: str
    target: str
    name: str | None
    line: int


@dataclass
class Project:
    """A project's codebook and what was coded to each code.

    ``units[mode][guid]`` is the set of sources, segments or cases coded
    directly to the code with that guid (not counting the codes below it).
    """

    codebook: Codebook
    units: dict[str, dict[str, set[str]]]
    links: list[Link]
    has_cases: bool


def _norm(name: str) -> str:
    return " ".join(name.split()).casefold()


# --- reading the XML ---------------------------------------------------------------------


def _need(element: Element, attr: str, name: str) -> str:
    value = element.attrs.get(attr)
    if value is None:
        raise xml_problem(
            name, element.line, element.column, f"<{element.tag}> is missing its required attribute '{attr}'"
        )
    return value


def _guid(element: Element, attr: str, name: str, required: bool = True) -> str | None:
    value = element.attrs.get(attr) if not required else _need(element, attr, name)
    if value is None:
        return None
    value = value.strip()
    if not _GUID.match(value):
        raise xml_problem(
            name,
            element.line,
            element.column,
            f"<{element.tag}> {attr} '{value[:60]}' is not a GUID (like 1b8c6c2e-0c3f-4a61-9d4e-4f7c1c9a0b11)",
        )
    return value.strip("{}").lower()


def _check_root(root: Element, name: str, ns: str, tag: str, what: str) -> None:
    if root.tag != tag or root.ns != ns:
        found = f"<{root.tag}>" + (f' in namespace "{root.ns}"' if root.ns else " with no namespace")
        raise xml_problem(
            name, root.line, root.column, f'the root element is {found}; a {what} is <{tag} xmlns="{ns}">'
        )


def _read_codes(parent: Element, name: str) -> list[Code]:
    """The codes under ``parent`` (a ``Codes`` or ``Code`` element), checked."""
    codes: list[Code] = []
    # Iterative, so that deep nesting cannot exhaust Python's stack.
    stack: list[tuple[Element, list[Code]]] = [(parent, codes)]
    while stack:
        element, into = stack.pop()
        for child in element.findall("Code"):
            guid = _guid(child, "guid", name)
            label = _need(child, "name", name)
            codable = _need(child, "isCodable", name).strip().lower()
            if codable not in ("true", "false", "1", "0"):
                raise xml_problem(
                    name, child.line, child.column, f"<Code> isCodable must be true or false, not '{codable[:40]}'"
                )
            colour = child.attrs.get("color")
            if colour is not None and not _COLOUR.match(colour.strip()):
                raise xml_problem(
                    name, child.line, child.column, f"<Code> color '{colour[:40]}' is not a colour like #005EB8"
                )
            description = child.find("Description")
            text = description.text.strip() if description is not None else ""
            code = Code(
                guid, label.strip(), codable in ("true", "1"), _colour(colour), text or None, child.line, child.column
            )
            if not code.name:
                raise xml_problem(name, child.line, child.column, "<Code> name is empty")
            into.append(code)
            stack.append((child, code.children))
    return codes


def _colour(value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip().upper()
    if len(value) == 4:
        value = "#" + "".join(c * 2 for c in value[1:])
    return value


def _check_codes(codes: list[Code], name: str) -> None:
    """Two codes with one guid, or two codes of one name under one parent, are errors."""
    problems: list[Problem] = []
    guids: dict[str, Code] = {}
    groups: list[list[Code]] = [codes]
    while groups:
        siblings = groups.pop()
        names: dict[str, Code] = {}
        for code in siblings:
            key = _norm(code.name)
            if key in names:
                problems.append(
                    Problem(
                        name,
                        code.line,
                        code.column,
                        "",
                        f"duplicate code name '{code.name}' under one parent "
                        f"(also at line {names[key].line}); rename one",
                    )
                )
            else:
                names[key] = code
            if code.guid is not None:
                if code.guid in guids:
                    problems.append(
                        Problem(
                            name,
                            code.line,
                            code.column,
                            "",
                            f"duplicate guid '{code.guid}' (also code '{guids[code.guid].name}' "
                            f"at line {guids[code.guid].line})",
                        )
                    )
                else:
                    guids[code.guid] = code
            groups.append(code.children)
    if problems:
        raise InputError(problems)


def _codebook(root: Element, name: str, ns: str) -> list[Code]:
    book = root if root.tag == "CodeBook" else root.find("CodeBook")
    if book is None:
        return []
    codes_element = book.find("Codes")
    if codes_element is None:
        raise xml_problem(name, book.line, book.column, "<CodeBook> has no <Codes>")
    codes = _read_codes(codes_element, name)
    _check_codes(codes, name)
    return codes


def read_codebook(path: str | Path, data: bytes | None = None) -> Codebook:
    """A REFI-QDA codebook (``.qdc``) from ``path`` (or from ``data``, named ``path``)."""
    name = str(path)
    if data is None:
        data = _read_file(Path(path), MAX_CODEBOOK_BYTES)
    root = parse_xml(data, name)
    if root.ns == PROJECT_NS and root.tag == "Project":
        raise xml_problem(
            name,
            root.line,
            root.column,
            "is a REFI-QDA project (project.qde), not a codebook; import it with --from qde",
        )
    _check_root(root, name, CODEBOOK_NS, "CodeBook", "REFI-QDA codebook")
    codes = _codebook(root, name, CODEBOOK_NS)
    if not codes:
        raise xml_problem(name, root.line, root.column, "the codebook has no codes")
    return Codebook(name, codes)


def _read_file(path: Path, limit: int) -> bytes:
    name = str(path)
    try:
        if path.is_dir():
            raise xml_problem(name, 1, 1, "is a folder, not a file")
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
    except FileNotFoundError:
        raise xml_problem(name, 1, 1, "no such file") from None
    except OSError as exc:
        raise xml_problem(name, 1, 1, f"cannot be read: {exc.strerror or exc}") from None
    if len(data) > limit:
        raise xml_problem(name, 1, 1, f"is over the limit of {limit:,} bytes")
    return data


# --- projects ------------------------------------------------------------------------------


def _zip_entries(path: Path) -> int | None:
    """The member count the zip's end record declares, read before the directory is parsed."""
    with path.open("rb") as handle:
        handle.seek(0, 2)
        size = handle.tell()
        tail_size = min(size, 65_557)
        handle.seek(size - tail_size)
        tail = handle.read(tail_size)
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or at + 22 > len(tail):
        return None
    entries = struct.unpack("<H", tail[at + 10 : at + 12])[0]
    if entries == 0xFFFF:  # zip64: the true count is in the zip64 end record
        locator = tail.rfind(b"PK\x06\x07", 0, at)
        record = tail.rfind(b"PK\x06\x06", 0, at)
        if locator >= 0 and record >= 0 and record + 40 <= len(tail):
            return int(struct.unpack("<Q", tail[record + 32 : record + 40])[0])
    return int(entries)


def read_project_bytes(path: str | Path) -> bytes:
    """The ``project.qde`` inside a ``.qdpx`` zip, read within the limits (see the module)."""
    path = Path(path)
    name = str(path)

    def refuse(message: str) -> InputError:
        return xml_problem(name, 1, 1, message)

    if not path.exists():
        raise refuse("no such file")
    if path.is_dir():
        raise refuse("is a folder, not a .qdpx file")
    try:
        declared = _zip_entries(path)
    except OSError as exc:
        raise refuse(f"cannot be read: {exc.strerror or exc}") from None
    if declared is not None and declared > MAX_MEMBERS:
        raise refuse(f"the zip has {declared:,} members, over the limit of {MAX_MEMBERS:,}; refused")
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            if len(members) > MAX_MEMBERS:
                raise refuse(f"the zip has {len(members):,} members, over the limit of {MAX_MEMBERS:,}; refused")
            total = sum(m.file_size for m in members)
            if total > MAX_TOTAL_BYTES:
                raise refuse(
                    f"the zip's members expand to {total:,} bytes, over the limit of {MAX_TOTAL_BYTES:,}; refused"
                )
            found = [m for m in members if m.filename == "project.qde"]
            if not found:
                found = [m for m in members if m.filename.lower() == "project.qde"]
            if not found:
                raise refuse(
                    "has no project.qde; a REFI-QDA project (.qdpx) is a zip with project.qde "
                    "at its top; export the project again (for a codebook, use the .qdc file)"
                )
            member = found[0]
            if member.file_size > MAX_PROJECT_BYTES:
                raise refuse(
                    f"project.qde expands to {member.file_size:,} bytes, over the limit of "
                    f"{MAX_PROJECT_BYTES:,}; refused"
                )
            chunks: list[bytes] = []
            size = 0
            with archive.open(member) as handle:
                while True:
                    chunk = handle.read(CHUNK)
                    if not chunk:
                        break
                    size += len(chunk)
                    if size > MAX_PROJECT_BYTES:
                        raise refuse(
                            f"project.qde expands to more than {MAX_PROJECT_BYTES:,} bytes "
                            "(more than its header says); refused"
                        )
                    chunks.append(chunk)
            return b"".join(chunks)
    except zipfile.BadZipFile as exc:
        raise refuse(f"is not a readable .qdpx (zip) file: {exc}") from None
    except _ZIP_ERRORS as exc:
        raise refuse(f"project.qde cannot be read from the zip: {exc}") from None


def read_project(path: str | Path) -> Project:
    """A REFI-QDA project: a ``.qdpx`` zip, or a bare ``project.qde`` (suffix ``.qde``)."""
    path = Path(path)
    if path.suffix.lower() == ".qde":
        return parse_project(_read_file(path, MAX_PROJECT_BYTES), str(path))
    return parse_project(read_project_bytes(path), f"{path}/project.qde")


def parse_project(data: bytes, name: str) -> Project:
    """A project from the bytes of its ``project.qde`` (``name`` locates its problems)."""
    root = parse_xml(data, name)
    _check_root(root, name, PROJECT_NS, "Project", "REFI-QDA project (project.qde)")
    codes = _codebook(root, name, PROJECT_NS)
    if not codes:
        raise xml_problem(name, root.line, root.column, "the project has no codes (no <CodeBook>)")
    codebook = Codebook(name, codes, (root.attrs.get("name") or "").strip() or None)
    code_guids = {c.guid for c in codebook.walk() if c.guid}
    defined: set[str] = set()
    for element in root.iter():
        if "guid" in element.attrs:
            value = element.attrs["guid"].strip().strip("{}").lower()
            defined.add(value)

    units: dict[str, dict[str, set[str]]] = {mode: {} for mode in COUNT_MODES}
    problems: list[Problem] = []

    def refer(element: Element, attr: str, kinds: set[str] | None, what: str) -> str | None:
        target = _guid(element, attr, name)
        assert target is not None
        if target not in (kinds if kinds is not None else defined):
            problems.append(
                Problem(
                    name,
                    element.line,
                    element.column,
                    "",
                    f"<{element.tag}> {attr} '{target}' names no {what} defined in the file",
                )
            )
            return None
        return target

    # Cases: which sources and selections each case holds, and codes given to the case itself.
    cases_of: dict[str, set[str]] = {}
    cases = root.find("Cases")
    for case in cases.findall("Case") if cases is not None else []:
        case_guid = _guid(case, "guid", name)
        assert case_guid is not None
        for ref in case.findall("SourceRef") + case.findall("SelectionRef"):
            target = refer(ref, "targetGUID", None, "source or selection")
            if target:
                cases_of.setdefault(target, set()).add(case_guid)
        for ref in case.findall("CodeRef"):
            target = refer(ref, "targetGUID", code_guids, "code")
            if target:
                units["cases"].setdefault(target, set()).add(case_guid)

    sources = root.find("Sources")
    for source in sources.children if sources is not None else []:
        if source.ns != PROJECT_NS or source.tag not in SOURCE_TAGS:
            continue
        source_guid = _guid(source, "guid", name)
        assert source_guid is not None
        # Walk the source, keeping each element's parent: a Coding's parent is its segment.
        stack: list[tuple[Element, str]] = [(source, source_guid)]
        while stack:
            element, holder = stack.pop()
            for child in element.children:
                if child.ns != PROJECT_NS:
                    continue
                if child.tag == "Coding":
                    _guid(child, "guid", name)
                    code_ref = child.find("CodeRef")
                    if code_ref is None:
                        problems.append(Problem(name, child.line, child.column, "", "<Coding> has no <CodeRef>"))
                        continue
                    target = refer(code_ref, "targetGUID", code_guids, "code")
                    if target is None:
                        continue
                    units["sources"].setdefault(target, set()).add(source_guid)
                    units["segments"].setdefault(target, set()).add(holder)
                    case_set = units["cases"].setdefault(target, set())
                    case_set.update(cases_of.get(source_guid, ()))
                    case_set.update(cases_of.get(holder, ()))
                elif "guid" in child.attrs:
                    stack.append((child, _guid(child, "guid", name) or holder))
                else:
                    stack.append((child, holder))

    links: list[Link] = []
    graphs = root.find("Graphs")
    for graph in graphs.findall("Graph") if graphs is not None else []:
        vertices: dict[str, str | None] = {}
        for vertex in graph.findall("Vertex"):
            vertex_guid = _guid(vertex, "guid", name)
            assert vertex_guid is not None
            represented = None
            if "representedGUID" in vertex.attrs:
                represented = refer(vertex, "representedGUID", None, "object")
            vertices[vertex_guid] = represented
        for edge in graph.findall("Edge"):
            _guid(edge, "guid", name)
            ends = []
            for attr in ("sourceVertex", "targetVertex"):
                ends.append(refer(edge, attr, set(vertices), "vertex of this graph"))
            if None in ends:
                continue
            origin, target = (vertices[e] for e in ends if e is not None)
            if origin and target:
                links.append(Link(origin, target, (edge.attrs.get("name") or "").strip() or None, edge.line))
    link_list = root.find("Links")
    for link in link_list.findall("Link") if link_list is not None else []:
        _guid(link, "guid", name)
        ends = [
            refer(link, attr, None, "object") if attr in link.attrs else None for attr in ("originGUID", "targetGUID")
        ]
        if ends[0] and ends[1]:
            links.append(Link(ends[0], ends[1], (link.attrs.get("name") or "").strip() or None, link.line))
    if problems:
        raise InputError(problems)
    return Project(codebook, units, links, has_cases=cases is not None and bool(cases.findall("Case")))


# --- from codes to a map ----------------------------------------------------------------


@dataclass
class Node:
    label: str
    guid: str | None = None
    description: str | None = None
    colour: str | None = None
    line: int = 1
    column: int = 1
    children: list[Node] = field(default_factory=list)
    n: int | str | None = None

    @classmethod
    def of(cls, code: Code) -> Node:
        return cls(
            code.name,
            code.guid,
            code.description,
            code.colour,
            code.line,
            code.column,
            [cls.of(c) for c in code.children],
        )


def _split_paths(nodes: list[Node], separator: str, name: str) -> list[Node]:
    """Codes whose names are paths (``Access/Digital``) placed in the tree their paths spell."""
    out: list[Node] = []
    made: dict[tuple[str, ...], Node] = {}
    given: dict[tuple[str, ...], Node] = {}
    for node in nodes:
        parts = [p.strip() for p in node.label.split(separator) if p.strip()]
        if not parts:
            raise xml_problem(
                name, node.line, node.column, f"code name '{node.label}' has nothing but the separator '{separator}'"
            )
        key = tuple(_norm(p) for p in parts)
        if key in given:
            raise xml_problem(
                name,
                node.line,
                node.column,
                f"duplicate code path '{node.label}' (also at line {given[key].line}); rename one",
            )
        siblings = out
        for depth in range(1, len(parts)):
            prefix = key[:depth]
            if prefix not in made:
                made[prefix] = Node(parts[depth - 1], line=node.line, column=node.column)
                siblings.append(made[prefix])
            siblings = made[prefix].children
        children = _split_paths(node.children, separator, name)
        if key in made:  # an earlier path made this node: give it the code's details
            target = made[key]
            target.label, target.guid = parts[-1], node.guid
            target.description, target.colour = node.description, node.colour
            target.line, target.column = node.line, node.column
            target.children.extend(children)
        else:
            target = Node(parts[-1], node.guid, node.description, node.colour, node.line, node.column, children)
            made[key] = target
            siblings.append(target)
        given[key] = target
    return out


def _find_root(nodes: list[Node], wanted: str, name: str) -> Node:
    matches = [n for top in nodes for n in _walk_nodes(top) if _norm(n.label) == _norm(wanted)]
    if len(matches) == 1:
        return matches[0]
    if len(matches) > 1:
        lines = ", ".join(str(m.line) for m in matches)
        raise UserError(
            f"{name}: --root '{wanted}' names {len(matches)} codes (lines {lines}); rename one in the coding software"
        )
    import difflib

    names = [n.label for top in nodes for n in _walk_nodes(top)]
    close = difflib.get_close_matches(wanted, names, n=1)
    tops = ", ".join(n.label for n in nodes[:12])
    hint = f"; did you mean '{close[0]}'?" if close else f"; top-level codes are: {tops}"
    raise UserError(f"{name}: no code named '{wanted}' for --root{hint}")


def _walk_nodes(node: Node) -> Iterator[Node]:
    yield node
    for child in node.children:
        yield from _walk_nodes(child)


def unique_ids(nodes: list[Node]) -> dict[int, str]:
    """An id for every node: the slug of its label, made unique with its parent's id, then a number."""
    from ..model.theme import MAX_ID_LENGTH, slugify

    ids: dict[int, str] = {}
    used: set[str] = set()
    from collections import deque

    queue: deque[tuple[Node, str | None]] = deque((n, None) for n in nodes)
    # Breadth first, so that key themes keep the plainest ids.
    while queue:
        node, parent = queue.popleft()
        base = slugify(node.label)
        candidate = base
        if candidate in used and parent:
            candidate = f"{parent}-{base}"[:MAX_ID_LENGTH].rstrip("-")
        number = 2
        stem = candidate
        while candidate in used:
            suffix = f"-{number}"
            candidate = stem[: MAX_ID_LENGTH - len(suffix)].rstrip("-") + suffix
            number += 1
        used.add(candidate)
        ids[id(node)] = candidate
        queue.extend((c, candidate) for c in node.children)
    return ids


@dataclass
class Imported:
    """A map made from another tool's file, with what the theme file's comments say about it."""

    data: dict[str, Any]
    notes: list[str]
    lines: dict[tuple[Any, ...], tuple[int, int]]
    file: str


def codebook_map(
    book: Codebook,
    *,
    map_id: str,
    title: str | None = None,
    headline: str | None = None,
    root: str | None = None,
    keep_colours: bool = False,
    path_separator: str | None = None,
    project: Project | None = None,
    count: CountMode = "sources",
    palette: Sequence[str] = (),
) -> Imported:
    """The theme-file data for a codebook (and, from a project, its counts and connections).

    Top-level codes become key themes and nested codes sub-themes; with
    ``root``, that code's children become the key themes and its name the
    headline.  ``count`` chooses what a theme's n counts in a project: the
    distinct sources, segments or cases coded to its code or any code below it.
    """
    nodes = [Node.of(c) for c in book.codes]
    if path_separator:
        nodes = _split_paths(nodes, path_separator, book.file)
    notes: list[str] = []
    centre: Node | None = None
    if root is not None:
        centre = _find_root(nodes, root, book.file)
        if not centre.children:
            raise UserError(f"{book.file}: --root '{root}' has no codes below it to be key themes")
        nodes = centre.children
    ids = unique_ids(nodes)

    units: dict[int, set[str]] = {}
    if project is not None:
        if count == "cases" and not project.has_cases:
            raise UserError(f"{book.file}: the project has no cases; use --count sources or --count segments")
        direct = project.units[count]

        def gather(node: Node) -> set[str]:
            found = set(direct.get(node.guid, ())) if node.guid else set()
            for child in node.children:
                found |= gather(child)
            units[id(node)] = found
            return found

        everything: set[str] = set(direct.get(centre.guid, ())) if centre is not None and centre.guid else set()
        for node in nodes:
            everything |= gather(node)
        what = {"sources": "distinct sources (documents)", "segments": "coded segments", "cases": "distinct cases"}[
            count
        ]
        notes.append(f"Each n counts the {what} coded to the theme's code or any code below it;")
        notes.append(f"the headline's n counts those coded to any code in the map (--count {count}).")

    lines: dict[tuple[Any, ...], tuple[int, int]] = {}

    def theme(node: Node, path: tuple[Any, ...]) -> dict[str, Any]:
        lines[path] = (node.line, node.column)
        data: dict[str, Any] = {"id": ids[id(node)], "label": node.label}
        if node.guid:
            data["guid"] = node.guid
        if node.description:
            data["description"] = node.description
        if project is not None:
            data["n"] = len(units[id(node)])
        elif node.n is not None:
            data["n"] = node.n
        if node.children:
            data["subthemes"] = [theme(c, (*path, "subthemes", i)) for i, c in enumerate(node.children)]
        return data

    themes = [theme(n, ("themes", i)) for i, n in enumerate(nodes)]
    name_title = book.name or _title(Path(book.file).stem)
    data: dict[str, Any] = {
        "id": map_id,
        "title": title or name_title,
        "headline": headline or (centre.label if centre is not None else name_title),
    }
    if project is not None:
        data["n"] = len(everything)
    data["themes"] = themes
    if project is not None:
        key_ids = {n.guid: ids[id(n)] for n in nodes if n.guid}
        connections: list[dict[str, Any]] = []
        seen: dict[frozenset[str], dict[str, Any]] = {}
        skipped = 0
        for link in project.links:
            a, b = key_ids.get(link.origin), key_ids.get(link.target)
            if a is None or b is None or a == b:
                skipped += 1
                continue
            pair = frozenset((a, b))
            if pair in seen:
                if link.name and "label" not in seen[pair]:
                    seen[pair]["label"] = link.name
                continue
            entry: dict[str, Any] = {"between": [a, b]}
            if link.name:
                entry["label"] = link.name
            seen[pair] = entry
            connections.append(entry)
        if connections:
            data["connections"] = connections
        if skipped:
            notes.append(f"{skipped} graph edge(s) or link(s) not between two key themes were left out.")
    colours = [n.colour for n in nodes]
    if keep_colours and any(colours):
        house = list(palette) or ["#005EB8"]  # the house palette fills in codes without a colour
        data["style"] = {"look": {"palette": [c or house[i % len(house)] for i, c in enumerate(colours)]}}
    elif any(c for n in nodes for c in [x.colour for x in _walk_nodes(n)]):
        notes.append("The codes' colours were not kept: --keep-colours makes the key themes' colours the palette.")
    return Imported(data, notes, lines, book.file)


def _title(stem: str) -> str:
    words = " ".join(stem.replace("_", " ").replace("-", " ").split()) or "Imported map"
    return words[:1].upper() + words[1:]


def validated(imported: Imported) -> MindMap:
    """The imported data as a checked map; a problem is located at its code's line in the source file."""
    from pydantic import ValidationError

    from ..model.theme import ReferenceProblems
    from .reader import Document, _message

    # A theme file holds themes nested at most MAX_THEME_DEPTH deep (its YAML nesting is limited).
    stack: list[tuple[dict[str, Any], tuple[Any, ...], int]] = [
        (t, ("themes", i), 1) for i, t in enumerate(imported.data.get("themes", []))
    ]
    while stack:
        theme, path, depth = stack.pop()
        if depth > MAX_THEME_DEPTH:
            line, column = imported.lines.get(path, (1, 1))
            raise InputError(
                [
                    Problem(
                        imported.file,
                        line,
                        column,
                        "",
                        f"codes are nested more than {MAX_THEME_DEPTH} levels deep; a theme file "
                        "holds fewer (use --root to start lower down)",
                    )
                ]
            )
        stack.extend((t, (*path, "subthemes", i), depth + 1) for i, t in enumerate(theme.get("subthemes", [])))
    try:
        return MindMap.model_validate(imported.data)
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            loc = tuple(error["loc"])
            if isinstance(error.get("ctx", {}).get("error"), ReferenceProblems):
                for where, message in error["ctx"]["error"].problems:
                    problems.append(_located(imported, tuple(where), message))
                continue
            problems.append(_located(imported, loc, _message(error, Document(None), loc)))
        raise InputError(problems) from None


def _located(imported: Imported, loc: tuple[Any, ...], message: str) -> Problem:
    path = loc
    while path and path not in imported.lines:
        path = path[:-1]
    line, column = imported.lines.get(path, (1, 1))
    dotted = ".".join(str(p) for p in loc)
    return Problem(imported.file, line, column, "", f"{dotted}: {message}")
