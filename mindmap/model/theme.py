"""The theme file as data: what an analyst writes, validated by pydantic.

This module is pure: no files, no rendering.  :mod:`mindmap.loading` reads a
file into these models and turns validation errors into ``file:line:col``
messages.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Annotated, Any, Final, Iterator

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainValidator,
    StringConstraints,
    WithJsonSchema,
    model_validator,
)

__all__ = [
    "GUID_PATTERN",
    "ID_PATTERN",
    "MAX_COUNT",
    "SUPPRESSED_PATTERN",
    "Connection",
    "MindMap",
    "Quote",
    "Suppressed",
    "Theme",
    "slugify",
]

ID_PATTERN: Final = r"^[a-z0-9][a-z0-9-]*$"
MAX_ID_LENGTH: Final = 80
MAX_COUNT: Final = 10_000_000
RESERVED_IDS: Final = frozenset(
    {"con", "prn", "aux", "nul", "index"} | {f"com{i}" for i in range(1, 10)} | {f"lpt{i}" for i in range(1, 10)}
)


class ScalarText(str):
    """A YAML scalar kept as the text the user typed (``yes``, ``1e3``, ``007``)."""


def _as_text(value: Any) -> Any:
    # The loader keeps every YAML scalar other than a whole number as typed text,
    # so only whole numbers (YAML or JSON) reach a text field as non-strings.
    # They become the text the user typed, not a re-spelling of the number.
    if isinstance(value, ScalarText):
        return str(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return getattr(value, "source", str(value))
    return value


# C0 and C1 controls (C1's U+009B is a terminal's CSI), DEL, lone surrogates, non-characters.
_UNPRINTABLE: Final = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def _printable(value: str) -> str:
    # Control characters cannot appear in SVG (XML) or be seen in a figure, and
    # lone surrogates cannot be written as UTF-8: refuse them, naming the first.
    from pydantic_core import PydanticCustomError

    found = _UNPRINTABLE.search(value)
    if found:
        raise PydanticCustomError(
            "unprintable_character",
            "contains the control character U+{code} at character {at}; remove it",
            {"code": f"{ord(found.group()):04X}", "at": found.start() + 1},
        )
    # Zero-width spaces, joiners and marks alone show nothing: as empty as "".
    if not any(unicodedata.category(char)[0] in "LNPS" for char in value):
        raise PydanticCustomError("invisible_text", "has no visible characters (only spaces or invisible ones)")
    return value


Text = Annotated[
    str,
    BeforeValidator(_as_text),
    StringConstraints(strip_whitespace=True, min_length=1, max_length=2000),
    AfterValidator(_printable),
]
LongText = Annotated[
    str,
    BeforeValidator(_as_text),
    StringConstraints(strip_whitespace=True, min_length=1, max_length=10_000),
    AfterValidator(_printable),
]
Id = Annotated[
    str,
    BeforeValidator(_as_text),
    StringConstraints(pattern=ID_PATTERN, max_length=MAX_ID_LENGTH),
]
SUPPRESSED_PATTERN: Final = r"^<([2-9]|[1-9][0-9]+)$"
_UUID: Final = r"[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}"
GUID_PATTERN: Final = rf"^(\{{{_UUID}\}}|{_UUID})$"


class Suppressed(str):
    """A count withheld because it is small: ``"<5"`` stands for 1 to 4 responses."""

    @property
    def below(self) -> int:
        """K in ``<K``: the count is at least 1 and less than K."""
        return int(self[1:])


def _count(value: Any) -> int | Suppressed:
    # One validator, one error per bad value: a whole number from 0 to MAX_COUNT,
    # or a suppressed count '<K' (K from 1 to MAX_COUNT) as NHS publications write small numbers.
    from pydantic_core import PydanticCustomError

    if isinstance(value, str):
        text = str(value).strip()
        if re.fullmatch(r"<\s*[0-9]+", text):
            below = int(text[1:].strip())
            if 2 <= below <= MAX_COUNT:
                return Suppressed(f"<{below}")
            raise PydanticCustomError(
                "suppressed_count",
                "'{text}' is not a suppressed count: K in '<K' must be from 2 to {most}",
                {"text": text, "most": f"{MAX_COUNT:,}"},
            )
        raise PydanticCustomError("int_parsing", "must be a whole number", {})
    if isinstance(value, bool) or not isinstance(value, int):
        raise PydanticCustomError("int_type", "must be a whole number", {})
    if value < 0:
        raise PydanticCustomError("greater_than_equal", "must be 0 or more", {"ge": 0})
    if value > MAX_COUNT:
        raise PydanticCustomError("less_than_equal", "must be at most {le}", {"le": MAX_COUNT})
    return int(value)


Count = Annotated[
    Any,
    PlainValidator(_count),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "integer", "minimum": 0, "maximum": MAX_COUNT},
                {"type": "string", "pattern": SUPPRESSED_PATTERN},
            ]
        }
    ),
]
Guid = Annotated[str, StringConstraints(strip_whitespace=True, pattern=GUID_PATTERN)]


def slugify(label: str) -> str:
    """The id a theme gets when it has none: its label in lower case, words joined by ``-``.

    >>> slugify("Moving to business as usual (BAU)")
    'moving-to-business-as-usual-bau'

    A label with no Latin letters or digits (Chinese, Hebrew, emoji) gets a
    stable id from its text, so that such themes do not all collide:

    >>> slugify("医疗服务")
    'theme-dc72e53c'
    """
    ascii_text = unicodedata.normalize("NFKD", label).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if not slug and any(char.isalnum() for char in label):
        import hashlib

        return "theme-" + hashlib.sha1(label.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    if not slug:
        return "theme"
    return slug[:MAX_ID_LENGTH].rstrip("-")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Theme(_Strict):
    """A key theme, or a further sub-theme when nested under one."""

    id: Id | None = Field(
        None,
        title="Id",
        description="Names the theme in connections, quotes and counts; when absent, the slug of the label.",
    )
    label: Text = Field(title="Label", description="The theme as shown on the map.")
    description: LongText | None = Field(
        None, title="Description", description="A short description shown under the label."
    )
    n: Count | None = Field(
        None,
        title="Responses",
        description="How many responses were coded to this theme (shown as [n=..]); "
        "'<5' (any '<K') for a small count withheld (shown as [n<5]).",
    )
    subthemes: list[Theme] = Field(
        default_factory=list,
        title="Sub-themes",
        description="Further sub-themes, nested to any depth.",
    )
    guid: Guid | None = Field(
        None,
        title="GUID",
        description="The code's GUID in REFI-QDA software (set by 'mindmap import'), "
        "so that 'mindmap tally' can match codes to themes.",
    )

    @property
    def key(self) -> str:
        """The theme's id, given or derived from its label."""
        return self.id or slugify(self.label)

    def walk(self, depth: int = 1) -> Iterator[tuple[Theme, int]]:
        """This theme and every sub-theme below it, depth first, with depths."""
        yield self, depth
        for sub in self.subthemes:
            yield from sub.walk(depth + 1)


class Connection(_Strict):
    """A link between two related key themes."""

    between: tuple[Id, Id] = Field(title="Between", description="The ids of the two key themes it connects.")
    label: Text | None = Field(None, title="Label", description="Optional words on the link.")


class Quote(_Strict):
    """A respondent's words, shown as a call-out."""

    text: LongText = Field(title="Text", description="The quote, verbatim.")
    attribution: Text | None = Field(None, title="Attribution", description="The respondent's role, e.g. 'Innovator'.")
    theme: Id | None = Field(None, title="Theme", description="The id of the key theme the quote illustrates.")


class MindMap(_Strict):
    """One mind map: a hypothesis headline at the centre and the themes around it."""

    id: Id = Field(title="Id", description="Names the output files; lower-case letters, digits and '-'.")
    title: Text = Field(title="Title", description="A short caption, e.g. 'Hypothesis 9: Process'.")
    hypothesis: LongText | None = Field(None, title="Hypothesis", description="The full hypothesis statement.")
    headline: Text = Field(title="Headline", description="The words at the centre of the map.")
    n: Count | None = Field(
        None,
        title="Responses",
        description="How many responses were further sub-themed; '<5' (any '<K') for a small count withheld.",
    )
    themes: list[Theme] = Field(min_length=1, title="Key themes", description="The key themes around the headline.")
    connections: list[Connection] = Field(
        default_factory=list, title="Connections", description="Links between related key themes."
    )
    quotes: list[Quote] = Field(
        default_factory=list, title="Quotes", description="Respondents' words with their roles."
    )
    source: LongText | None = Field(None, title="Source", description="Provenance, shown in the long description.")
    style: dict[str, Any] = Field(default_factory=dict, title="Style", description="Per-map style overrides.")

    def walk(self) -> Iterator[tuple[Theme, int]]:
        """Every theme and sub-theme in reading order, with depth (key themes are 1)."""
        for theme in self.themes:
            yield from theme.walk()

    @model_validator(mode="after")
    def _check_references(self) -> MindMap:
        problems: list[tuple[tuple[Any, ...], str]] = []
        if self.id in RESERVED_IDS:
            problems.append((("id",), f"'{self.id}' is a reserved file name; choose another id"))
        _check_ids(self.themes, ("themes",), {}, problems)
        key_ids = [t.key for t in self.themes]
        for i, conn in enumerate(self.connections):
            a, b = conn.between
            for j, end in enumerate((a, b)):
                if end not in key_ids:
                    problems.append((("connections", i, "between", j), _unknown_theme(end, key_ids)))
            if a == b:
                problems.append(
                    (("connections", i, "between"), f"connects '{a}' to itself; name two different key themes")
                )
        for i, quote in enumerate(self.quotes):
            if quote.theme is not None and quote.theme not in key_ids:
                problems.append((("quotes", i, "theme"), _unknown_theme(quote.theme, key_ids)))
        if problems:
            raise ReferenceProblems(problems)
        return self


def _check_ids(
    themes: list[Theme],
    path: tuple[Any, ...],
    seen: dict[str, tuple[Any, ...]],
    problems: list[tuple[tuple[Any, ...], str]],
) -> None:
    """A problem for each theme whose id an earlier one has (``seen``: each id's first path).

    (A function of its own, not one nested in the validator that calls itself: that one and the
    cell naming it make a reference cycle holding ``seen``, which only the garbage collector frees.)
    """
    for i, theme in enumerate(themes):
        here = (*path, i)
        key = theme.key
        if key in seen:
            where = ".".join(str(p) for p in seen[key])
            problems.append(
                (
                    (*here, "id" if theme.id else "label"),
                    f"duplicate id '{key}' (also used by {where}); give one an explicit id",
                )
            )
        else:
            seen[key] = here
        _check_ids(theme.subthemes, (*here, "subthemes"), seen, problems)


def _unknown_theme(name: str, key_ids: list[str]) -> str:
    import difflib

    close = difflib.get_close_matches(name, key_ids, n=1)
    hint = f"; did you mean '{close[0]}'?" if close else f"; key themes are: {', '.join(key_ids)}"
    return f"no key theme has id '{name}'{hint}"


class ReferenceProblems(ValueError):
    """Cross-field problems, each with the location of the field at fault."""

    def __init__(self, problems: list[tuple[tuple[Any, ...], str]]) -> None:
        super().__init__("; ".join(message for _, message in problems))
        self.problems = problems
