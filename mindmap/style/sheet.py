"""Style sheets: how a map looks (colours, shapes, fonts) and its scale (sizes).

A sheet is YAML.  The built-in ``health-innovation`` sheet holds every key; any
other sheet or override names only what it changes, and is merged on top
(later wins).  Pure: reads only the package's own sheet file.
"""

from __future__ import annotations

import copy
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Final, Literal, Optional

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, create_model, field_validator

from ..errors import Problem, UserError, word_error
from .colour import parse_colour

__all__ = [
    "DEFAULT_SHEET",
    "SHEET_DIR",
    "Style",
    "StyleError",
    "default_sheet",
    "merge",
    "merge_layers",
    "model_at",
    "style_problems",
]

SHEET_DIR: Final = Path(__file__).parent / "sheets"
DEFAULT_SHEET: Final = "health-innovation"

Shape = Literal["rounded", "rectangle", "ellipse", "pill", "callout"]
Weight = Literal["normal", "bold"]
Dash = Literal["solid", "dashed", "dotted", "dashdot"]
LegendPosition = Literal["auto", "bottom-right", "bottom-left", "top-right", "top-left", "below"]
Colour = Annotated[str, AfterValidator(parse_colour)]


def _branch_or_colour(value: str) -> str:
    return value if value in ("branch", "branch-tint") else parse_colour(value)


BranchColour = Annotated[str, AfterValidator(_branch_or_colour)]


class _Group(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Canvas(_Group):
    background: Colour
    title_colour: Colour
    caption_colour: Colour


class BoxLook(_Group):
    shape: Shape
    fill: BranchColour
    border: BranchColour
    text: Colour
    count: Colour = "#4C6272"
    description: Colour = "#212B32"
    attribution: Colour = "#4C6272"
    weight: Weight = "normal"
    italic: bool = False
    font_family: Optional[str] = None  # None: the sheet's font_family


def _patch_model(model: type[_Group]) -> type[_Group]:
    """The same keys as ``model``, each optional: a sparse change to one group."""
    fields: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        annotation: Any = Annotated[(info.annotation, *info.metadata)] if info.metadata else info.annotation
        fields[name] = (Optional[annotation], None)
    return create_model(f"{model.__name__}Patch", __base__=_Group, **fields)


BoxLookPatch = _patch_model(BoxLook)
Depth = Annotated[int, Field(ge=2, le=100)]


class SubthemeLook(BoxLook):
    """Sub-themes; ``by_depth`` changes deeper levels (3: applies at depth 3 and deeper)."""

    by_depth: dict[Depth, BoxLookPatch] = Field(default_factory=dict)  # type: ignore[valid-type]


class LinesLook(_Group):
    branch: BranchColour
    connection: Colour
    connection_dash: Dash
    quote: Colour
    quote_dash: Dash


class LegendLook(_Group):
    show: bool
    position: LegendPosition = "auto"
    shape: Shape = "rounded"
    weight: Weight = "normal"  # the explanations; the title is a heading, always bold
    font_family: Optional[str] = None  # None: the sheet's font_family
    fill: Colour
    border: Colour
    text: Colour
    title_colour: Colour
    title: str
    theme: str
    connection: str
    subtheme: str
    count: str


class Look(_Group):
    font_family: str
    font_fallbacks: list[str]
    canvas: Canvas
    palette: list[Colour] = Field(min_length=1)
    hypothesis: BoxLook
    theme: BoxLook
    subtheme: SubthemeLook
    quote: BoxLook
    lines: LinesLook
    tints: list[Annotated[float, Field(ge=0, le=1)]] = Field(min_length=1)
    count_format: str
    show_title: bool
    show_caption: bool
    legend: LegendLook

    @field_validator("count_format")
    @classmethod
    def _count_format(cls, value: str) -> str:
        if "{n}" not in value:
            raise ValueError("must contain {n} where the number goes, e.g. '[n={n}]'")
        try:
            value.format(n=1)
        except (IndexError, KeyError, ValueError):
            raise ValueError("may contain only {n} in braces, e.g. '[n={n}]'") from None
        return value


# Text below this size is a smudge at any print size (1e-9 drew font-size="0").
MIN_FONT_SIZE: Final = 4
MAX_FONT_SIZE: Final = 200
# A0 paper's width: wider, a PNG at 300 dpi takes gigabytes (and is clamped).
MAX_WIDTH_MM: Final = 841


class BoxScale(_Group):
    size: float = Field(ge=MIN_FONT_SIZE, le=MAX_FONT_SIZE)
    count_size: float = Field(ge=MIN_FONT_SIZE, le=MAX_FONT_SIZE)
    description_size: float = Field(9.5, ge=MIN_FONT_SIZE, le=MAX_FONT_SIZE)
    padding: float = Field(ge=0, le=200)
    corner_radius: float = Field(ge=0, le=200)
    border_width: float = Field(ge=0, le=50)
    wrap_width: float = Field(gt=10, le=2000)


BoxScalePatch = _patch_model(BoxScale)


class SubthemeScale(BoxScale):
    """Sub-theme sizes; ``by_depth`` changes deeper levels, as in the look group."""

    by_depth: dict[Depth, BoxScalePatch] = Field(default_factory=dict)  # type: ignore[valid-type]


class CanvasScale(_Group):
    width_mm: float = Field(gt=10, le=MAX_WIDTH_MM)
    margin: float = Field(ge=0, le=500)


class LegendScale(_Group):
    size: float = Field(ge=MIN_FONT_SIZE, le=MAX_FONT_SIZE)
    title_size: float = Field(ge=MIN_FONT_SIZE, le=MAX_FONT_SIZE)
    padding: float = Field(ge=0, le=200)
    corner_radius: float = Field(4, ge=0, le=200)
    border_width: float = Field(0.8, ge=0, le=50)
    wrap_width: float = Field(150, gt=10, le=2000)


class TitleScale(_Group):
    size: float = Field(ge=MIN_FONT_SIZE, le=MAX_FONT_SIZE)
    caption_size: float = Field(ge=MIN_FONT_SIZE, le=MAX_FONT_SIZE)
    wrap_width: float = Field(gt=10, le=5000)


class LinesScale(_Group):
    branch_width: float = Field(gt=0, le=50)
    scale_by_n: bool
    connection_width: float = Field(gt=0, le=50)
    quote_width: float = Field(gt=0, le=50)
    curvature: float = Field(ge=0, le=1)


class Spacing(_Group):
    level_gap: float = Field(ge=0, le=500)
    sibling_gap: float = Field(ge=0, le=500)
    branch_gap: float = Field(ge=0, le=500)
    centre_gap: float = Field(ge=0, le=500)


class Scale(_Group):
    canvas: CanvasScale
    hypothesis: BoxScale
    theme: BoxScale
    subtheme: SubthemeScale
    quote: BoxScale
    legend: LegendScale
    title: TitleScale
    lines: LinesScale
    spacing: Spacing


class Style(_Group):
    """A fully resolved style: every key present and checked."""

    description: str = ""
    look: Look
    scale: Scale

    def branch_colour(self, branch: int) -> str:
        palette = self.look.palette
        return palette[branch % len(palette)]

    def tint(self, depth: int) -> float:
        tints = self.look.tints
        return tints[min(max(depth, 1), len(tints)) - 1]

    def box(self, kind: str, depth: int = 1) -> tuple[BoxLook, BoxScale]:
        """The look and scale of a box of this kind at this depth (``by_depth`` applied)."""
        look: BoxLook = getattr(self.look, kind)
        scale: BoxScale = getattr(self.scale, kind)
        if kind == "subtheme":
            look = _at_depth(look, self.look.subtheme.by_depth, depth)
            scale = _at_depth(scale, self.scale.subtheme.by_depth, depth)
        return look, scale

    def line_colour(self, branch: int) -> str:
        """A branch's line colour: its palette colour, darkened to 3:1 on the canvas."""
        from .colour import darken_to_contrast

        base = self.branch_colour(branch) if branch >= 0 else self.look.palette[0]
        return darken_to_contrast(base, self.look.canvas.background, 3.0)

    def box_colours(self, kind: str, depth: int, branch: int) -> tuple[str, str]:
        """The fill and border of a box of this kind, depth and branch (``branch`` keywords resolved)."""
        from .colour import mix

        look, _ = self.box(kind, depth)
        base = self.branch_colour(branch) if branch >= 0 else self.look.palette[0]
        line = self.line_colour(branch)
        tint = mix(base, "#FFFFFF", self.tint(max(depth, 1)))
        fill = {"branch": base, "branch-tint": tint}.get(look.fill, look.fill)
        border = {"branch": line, "branch-tint": tint}.get(look.border, look.border)
        return fill, border

    def font(self, kind: str, depth: int = 1) -> str:
        """The font family a box of this kind is drawn with."""
        if kind == "legend":
            return self.look.font_family
        return self.box(kind, depth)[0].font_family or self.look.font_family


def _at_depth(group: Any, by_depth: dict[int, Any], depth: int) -> Any:
    changes: dict[str, Any] = {}
    for level in sorted(by_depth):
        if level <= depth:
            changes.update(by_depth[level].model_dump(exclude_none=True))
    return group.model_copy(update=changes) if changes else group


class StyleError(UserError):
    """A style override (a map's ``style:`` block or ``--set``) that does not fit the sheet."""


# Top-level keys a sheet file may hold besides the groups.
SHEET_KEYS: Final = ("description", "extends", "look", "scale")


def model_at(path: tuple[Any, ...]) -> type[BaseModel] | None:
    """The group (model class) that the keys at ``path`` belong to, if any."""
    model: Any = Style
    for part in path:
        if isinstance(part, int) or (isinstance(part, str) and part.isdigit()):
            continue  # a by_depth level or list index
        if not (isinstance(model, type) and issubclass(model, BaseModel)) or part not in model.model_fields:
            return None
        model = _inner_model(model.model_fields[part].annotation)
    return model if isinstance(model, type) and issubclass(model, BaseModel) else None


def _inner_model(annotation: Any) -> Any:
    from typing import get_args

    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def allowed_keys(path: tuple[Any, ...]) -> list[str]:
    """The keys allowed in the mapping at ``path`` (the top level includes ``extends``)."""
    if not path:
        return list(SHEET_KEYS)
    model = model_at(path)
    return list(model.model_fields) if model else []


def _dotted(path: tuple[Any, ...]) -> str:
    return ".".join(str(p) for p in path)


def _kind(value: Any) -> str:
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    return f"the text '{value}'"


def _number(value: Any) -> str:
    """A number as a designer writes it: 200, 4, 1e-09, 3.5 (not 200.0)."""
    return f"{value:g}" if isinstance(value, float) else str(value)


def error_message(error: Any) -> str:
    """A pydantic error about a sheet in a designer's words (see :func:`~mindmap.errors.word_error`)."""
    return word_error(
        error, specific=_sheet_words, allowed=lambda loc: allowed_keys(loc[:-1]), describe=_kind, cutoff=0.5
    )


def _sheet_words(error: Any) -> str | None:
    loc = tuple(error["loc"])
    kind = error["type"]
    ctx = error.get("ctx") or {}
    value = error.get("input")
    if kind == "value_error":
        return str(ctx.get("error", error["msg"]))
    if kind == "literal_error":
        return f"{_kind(value)} is not allowed; choose one of: {ctx.get('expected', '').replace(chr(39), '')}"
    if kind in ("float_parsing", "float_type", "int_parsing", "int_type", "int_from_float"):
        return f"must be a number, not {_kind(value)}"
    if kind in ("bool_parsing", "bool_type"):
        return f"must be true or false, not {_kind(value)}"
    if kind == "string_type":
        if value is None:
            return 'is empty; write a colour in quotes, e.g. "#005EB8" (an unquoted # starts a YAML comment)'
        return f"must be text, not {_kind(value)}"
    if kind == "greater_than":
        return f"must be more than {_number(ctx.get('gt'))}, not {_number(value)}"
    if kind == "greater_than_equal":
        return f"must be {_number(ctx.get('ge'))} or more, not {_number(value)}"
    if kind == "less_than_equal":
        why = " (A0 paper's width)" if loc and loc[-1] == "width_mm" else ""
        return f"must be at most {_number(ctx.get('le'))}{why}, not {_number(value)}"
    if kind == "too_short":
        return "needs at least one entry"
    if kind == "list_type":
        return f"must be a list, e.g. [a, b], not {_kind(value)}"
    return None


def style_problems(exc: ValidationError, name: str, locate: Any = None) -> list[Problem]:
    """Each error of a failed validation as a :class:`Problem` (``locate(loc, key=)`` gives line, column)."""
    problems = []
    for error in exc.errors(include_url=False):
        loc = tuple(error["loc"])
        line, column = locate(loc, key=error["type"] == "extra_forbidden") if locate else (1, 1)
        problems.append(Problem(name, line, column, _dotted(loc), error_message(error)))
    return problems


def merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    """Deep-merge ``override`` onto a copy of ``base`` (mappings merge, the rest replaces)."""
    merged = copy.deepcopy(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = merge(merged[key], value)
        else:
            merged[key] = copy.deepcopy(value)
    return merged


@lru_cache(maxsize=1)
def _default_data() -> dict[str, Any]:
    import yaml

    text = (SHEET_DIR / f"{DEFAULT_SHEET}.yaml").read_text(encoding="utf-8")
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


@lru_cache(maxsize=1)
def default_sheet() -> Style:
    """The built-in house style."""
    return Style.model_validate(_default_data())


def validate_style(data: dict[str, Any], name: str = "style") -> Style:
    """Complete sheet data as a :class:`Style`; a :class:`StyleError` says what is wrong."""
    try:
        return Style.model_validate(data)
    except ValidationError as exc:
        lines = [
            f"{name}: {p.field}: {p.message}" if p.field else f"{name}: {p.message}" for p in style_problems(exc, name)
        ]
        raise StyleError("\n".join(lines)) from None


def merge_layers(*overrides: dict[str, Any]) -> Style:
    """The default sheet with each layer merged on top, in the order given (later wins).

    The order of layers is :func:`mindmap.style.library.compose_style`'s to
    decide.  A layer may carry a sheet's ``description``; ``extends`` must
    already have been followed.
    """
    if not any(overrides):
        return default_sheet()
    data = _default_data()
    for override in overrides:
        if override:
            data = merge(data, {k: v for k, v in override.items() if k != "extends"})
    return validate_style(data)
