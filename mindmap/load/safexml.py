"""A small, safe XML reader: elements with their line and column, nothing else.

It is built on :mod:`xml.parsers.expat` and refuses what makes XML dangerous
to read from strangers: a document type declaration (``<!DOCTYPE``, where
entities are declared, so no "billion laughs" and no external entity can be
read), entity declarations and external entity references (never fetched:
no files, no network).  Processing instructions and comments are skipped.
The tree is built without recursion and limited in depth and size, so a deep
or huge document is refused with a message rather than exhausting memory.

Every problem is an :class:`~mindmap.errors.InputError` located at
``FILE:LINE:COL``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final, Iterator
from xml.parsers import expat

from ..errors import InputError, Problem

__all__ = ["MAX_DEPTH", "MAX_ELEMENTS", "Element", "parse_xml", "xml_problem"]

MAX_DEPTH: Final = 200
MAX_ELEMENTS: Final = 2_000_000


@dataclass(slots=True)
class Element:
    """One XML element: its namespace, local name, attributes, text and children."""

    ns: str
    tag: str
    attrs: dict[str, str]
    line: int
    column: int
    children: list[Element] = field(default_factory=list)
    content: list[str | Element] = field(default_factory=list, repr=False)

    @property
    def text(self) -> str:
        """The text directly inside the element (not inside its children)."""
        return "".join(part for part in self.content if isinstance(part, str))

    def itertext(self) -> str:
        """All the text inside the element, its children's included, in document order."""
        out: list[str] = []
        stack: list[str | Element] = [self]
        while stack:
            item = stack.pop()
            if isinstance(item, str):
                out.append(item)
            else:
                stack.extend(reversed(item.content))
        return "".join(out)

    def find(self, tag: str) -> Element | None:
        """The first child named ``tag`` (in the element's own namespace), if any."""
        return next((c for c in self.children if c.tag == tag and c.ns == self.ns), None)

    def findall(self, tag: str) -> list[Element]:
        """Every child named ``tag`` (in the element's own namespace), in order."""
        return [c for c in self.children if c.tag == tag and c.ns == self.ns]

    def iter(self) -> Iterator[Element]:
        """This element and every element below it, in document order (no recursion)."""
        stack = [self]
        while stack:
            element = stack.pop()
            yield element
            stack.extend(reversed(element.children))


class _Refused(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def xml_problem(name: str, line: int, column: int, message: str) -> InputError:
    """An :class:`InputError` at one place in an XML file."""
    return InputError([Problem(name, line, column, "", message)])


def parse_xml(data: bytes, name: str) -> Element:
    """The root element of ``data``, an XML document read safely (see the module's docstring).

    >>> root = parse_xml(b'<a xmlns="urn:x"><b k="v">t &amp; u</b></a>', "f.xml")
    >>> root.ns, root.tag, root.children[0].attrs, root.children[0].text, root.children[0].line
    ('urn:x', 'a', {'k': 'v'}, 't & u', 1)
    >>> parse_xml(b'<!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>', "f.xml")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    mindmap.errors.InputError: f.xml:1:13: DTDs (<!DOCTYPE ...>) are not allowed in this file: they can declare...
    """
    parser = expat.ParserCreate(encoding=None, namespace_separator=" ")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    stack: list[Element] = []
    root: list[Element] = []
    count = 0

    def start(qname: str, attrs: dict[str, str]) -> None:
        nonlocal count
        count += 1
        if count > MAX_ELEMENTS:
            raise _Refused(f"has more than {MAX_ELEMENTS:,} elements; refused")
        if len(stack) >= MAX_DEPTH:
            raise _Refused(f"elements are nested more than {MAX_DEPTH} deep; refused")
        ns, _, tag = qname.rpartition(" ")
        clean = attrs
        for key in attrs:
            if " " in key:  # a namespaced attribute: keep its local name
                clean = {k.rpartition(" ")[2]: v for k, v in attrs.items()}
                break
        element = Element(ns, tag, clean, parser.CurrentLineNumber, parser.CurrentColumnNumber + 1)
        if stack:
            stack[-1].children.append(element)
            stack[-1].content.append(element)
        else:
            root.append(element)
        stack.append(element)

    def end(_qname: str) -> None:
        stack.pop()

    def text(data: str) -> None:
        if stack:
            stack[-1].content.append(data)

    def doctype(*_args: object) -> None:
        raise _Refused(
            "DTDs (<!DOCTYPE ...>) are not allowed in this file: they can declare entities "
            "that expand without limit or read other files; export it again from the coding software"
        )

    def entity(*_args: object) -> None:
        raise _Refused("entity declarations are not allowed in this file; export it again from the coding software")

    def external(*_args: object) -> int:
        raise _Refused("external entities are not read; export the file again from the coding software")

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = entity
    parser.UnparsedEntityDeclHandler = entity
    parser.ExternalEntityRefHandler = external
    parser.buffer_text = True
    try:
        parser.Parse(data, True)
    except _Refused as exc:
        raise xml_problem(name, parser.CurrentLineNumber, parser.CurrentColumnNumber + 1, exc.message) from None
    except expat.ExpatError as exc:
        reason = expat.ErrorString(exc.code) if exc.code else str(exc)
        raise xml_problem(name, exc.lineno, exc.offset + 1, f"is not well-formed XML: {reason}") from None
    except (ValueError, LookupError) as exc:  # an encoding expat cannot read
        raise xml_problem(name, 1, 1, f"cannot be read as XML: {exc}") from None
    if not root:
        raise xml_problem(name, 1, 1, "has no XML root element")
    return root[0]
