"""Style sheets: how a map looks (colours, shapes, fonts) and its scale (sizes).

A sheet is YAML.  The built-in ``health-innovation`` sheet holds every key; any
other sheet or override names only what it changes, and is merged on top
(later wins).  Pure: reads only the package's own sheet file.
"""

from __future__ import annotations

import copy
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Final, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator

from .colour import parse_colour

__all__ = ["DEFAULT_SHEET", "SHEET_DIR", "Style", "default_sheet", "merge", "resolve_style"]

SHEET_DIR: Final = Path(__file__).parent / "sheets"
DEFAULT_SHEET: Final = "health-innovation"

Shape = Literal["rounded", "rectangle", "ellipse", "pill", "callout"]
Weight = Literal["normal", "bold"]
Dash = Literal["solid", "dashed", "dotted", "dashdot"]
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


class LinesLook(_Group):
    branch: BranchColour
    connection: Colour
    connection_dash: Dash
    quote: Colour
    quote_dash: Dash


class LegendLook(_Group):
    show: bool
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
    subtheme: BoxLook
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


class BoxScale(_Group):
    size: float = Field(gt=0, le=200)
    count_size: float = Field(gt=0, le=200)
    description_size: float = Field(9.5, gt=0, le=200)
    padding: float = Field(ge=0, le=200)
    corner_radius: float = Field(ge=0, le=200)
    border_width: float = Field(ge=0, le=50)
    wrap_width: float = Field(gt=10, le=2000)


class CanvasScale(_Group):
    width_mm: float = Field(gt=10, le=5000)
    margin: float = Field(ge=0, le=500)


class LegendScale(_Group):
    size: float = Field(gt=0, le=200)
    title_size: float = Field(gt=0, le=200)
    padding: float = Field(ge=0, le=200)


class TitleScale(_Group):
    size: float = Field(gt=0, le=200)
    caption_size: float = Field(gt=0, le=200)
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
    subtheme: BoxScale
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


def resolve_style(*overrides: dict[str, Any]) -> Style:
    """The default sheet with each override merged on top, in order (later wins)."""
    if not any(overrides):
        return default_sheet()
    data = _default_data()
    for override in overrides:
        if override:
            data = merge(data, override)
    return Style.model_validate(data)
