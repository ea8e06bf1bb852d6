"""Finding, reading and composing style sheets (the files; :mod:`mindmap.styles` is the model).

A sheet is named (``print-mono``) or given as a path (``my/house.yaml``).
Names are looked up in the package's built-in sheets, then the project's
``styles/`` folder (in the current folder, else beside the package in a source
checkout), then as a path.  A sheet may ``extends:`` another sheet (a name, or
a path relative to the sheet).  Composition order, later wins:

1. the built-in default (``health-innovation``),
2. each ``--style`` sheet, left to right (each after whatever it extends),
3. the map's own ``style:`` block,
4. each ``--set key=value``, left to right.

Every sheet is validated on its own on top of the default, so an error is
reported with that sheet's ``file:line:col``.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final, Mapping, Sequence

from pydantic import ValidationError

from ..errors import InputError, Problem, UserError
from .sheet import (
    DEFAULT_SHEET,
    SHEET_DIR,
    Style,
    StyleError,
    _default_data,
    merge,
    merge_layers,
    model_at,
    style_problems,
)

__all__ = [
    "SheetInfo",
    "available_sheets",
    "check_map_style",
    "compose_style",
    "find_sheet",
    "load_sheet",
    "map_layers",
    "parse_set",
    "project_style_dirs",
    "sheet_layers",
]

SUFFIXES: Final = (".yaml", ".yml")
MAX_EXTENDS: Final = 20
# Shorthand words for --set: theme.font.size means the theme's font size.
_ALIASES: Final = {
    "font.size": "size",
    "font.family": "font_family",
    "font.weight": "weight",
    "font.colour": "text",
    "font.color": "text",
    "font.italic": "italic",
    "colour": "text",
    "color": "text",
    "corner-radius": "corner_radius",
    "wrap-width": "wrap_width",
    "border-width": "border_width",
}


@dataclass(frozen=True)
class SheetInfo:
    """A sheet that can be used by name: where it was found and what it says it is."""

    name: str
    path: Path
    origin: str  # built-in or project
    description: str


def project_style_dirs() -> list[Path]:
    """The user's own ``styles/`` folder, in the current folder (the shipped sheets are built in)."""
    dirs = [Path.cwd() / "styles"]
    out: list[Path] = []
    for folder in dirs:
        if folder.is_dir() and all(folder.resolve() != d.resolve() for d in out):
            out.append(folder)
    return out


def _named(folder: Path) -> dict[str, Path]:
    found: dict[str, Path] = {}
    if folder.is_dir():
        for path in sorted(folder.iterdir()):
            if path.suffix in SUFFIXES and path.is_file():
                found.setdefault(path.stem, path)
    return found


def _places() -> list[tuple[str, dict[str, Path]]]:
    places = [("built-in", _named(SHEET_DIR))]
    places.extend(("project", _named(folder)) for folder in project_style_dirs())
    return places


def _description(path: Path) -> str:
    try:
        from ..load.reader import parse_document

        data = parse_document(path.read_text(encoding="utf-8"), str(path)).data
    except (OSError, UnicodeDecodeError, UserError):
        return "(cannot be read)"
    text = data.get("description") if isinstance(data, dict) else None
    return str(text) if text else ""


def available_sheets() -> list[SheetInfo]:
    """Every sheet usable by name, first-found wins (built-in before project)."""
    seen: set[str] = set()
    out: list[SheetInfo] = []
    for origin, named in _places():
        for name, path in named.items():
            if name not in seen:
                seen.add(name)
                out.append(SheetInfo(name, path, origin, _description(path)))
    return out


def find_sheet(ref: str, relative_to: Path | None = None) -> Path:
    """The file of the sheet named or given by ``ref``."""
    looks_like_path = "/" in ref or "\\" in ref or ref.endswith(SUFFIXES)
    if not looks_like_path:
        for _origin, named in _places():
            if ref in named:
                return named[ref]
    for candidate in ([relative_to / ref] if relative_to else []) + [Path(ref)]:
        # A pipe or device is refused by the reader (it is not unknown).
        if candidate.exists() and not candidate.is_dir():
            return candidate
    raise _unknown_style(ref)


def _unknown_style(ref: str) -> UserError:
    names = sorted({n for _, named in _places() for n in named})
    close = difflib.get_close_matches(ref, names, n=1)
    hint = f"did you mean '{close[0]}'? " if close else ""
    return UserError(f"unknown style '{ref}'; {hint}available: {', '.join(names)} (or give the path of a .yaml sheet)")


def _find_extended(ref: str, folder: Path, root: Path | None, referrer: str) -> Path:
    """The sheet an ``extends:`` names: a sheet by name, or a path relative to the
    extending file's ``folder``, never the current folder.  With ``root`` (a chain
    that a theme file started), the path must lie inside ``root`` once links are
    resolved, or inside a folder of named sheets; it is refused before it is read."""
    looks_like_path = "/" in ref or "\\" in ref or ref.endswith(SUFFIXES)
    if not looks_like_path:
        for _origin, named in _places():
            if ref in named:
                return named[ref]
        raise _unknown_style(ref)
    target = folder / ref
    if root is not None:
        resolved = target.resolve()
        allowed = [root, SHEET_DIR.resolve(), *(d.resolve() for d in project_style_dirs())]
        if not any(place in resolved.parents for place in allowed):
            raise UserError(
                f"{referrer}: extends: '{ref}' is outside the theme file's folder; name a sheet "
                "(mindmap styles list) or a sheet file beside the theme file"
            )
    if not target.exists() or target.is_dir():
        raise _unknown_style(ref)
    return target


@dataclass(frozen=True)
class _Layer:
    name: str
    data: dict[str, Any]


def load_sheet(ref: str | Path, relative_to: Path | None = None, root: Path | None = None) -> list[_Layer]:
    """A sheet and everything it extends, base first, each checked with file:line:col errors.

    ``ref`` is found like ``--style`` (a name, or a path); each ``extends:`` in
    a sheet is a name or a path relative to that sheet.  ``root`` (the folder
    of the theme file whose ``style: extends:`` started the chain) confines
    every path in the chain, ``ref`` included, to that folder.
    """
    layers: list[_Layer] = []
    chain: list[Path] = []
    current: str | Path | None = ref
    base = relative_to
    referrer = str(relative_to) if relative_to is not None else ""
    if current == DEFAULT_SHEET:
        return []  # everything starts from the default anyway
    while current is not None:
        if isinstance(current, Path):
            path = current
        elif chain or root is not None:
            path = _find_extended(current, base or Path("."), root, referrer)
        else:
            path = find_sheet(current, base)
        resolved = path.resolve()
        if resolved in chain:
            names = " -> ".join(str(p) for p in (*chain, resolved))
            raise UserError(f"{path}: 'extends' goes round in a circle: {names}")
        if len(chain) >= MAX_EXTENDS:
            raise UserError(f"{path}: more than {MAX_EXTENDS} sheets extend one another")
        chain.append(resolved)
        layer, parent = _read_layer(path)
        layers.append(layer)
        if parent == DEFAULT_SHEET:
            break  # everything starts from the default anyway
        current, base, referrer = parent, path.parent, str(path)
    return list(reversed(layers))


def _read_layer(path: Path) -> tuple[_Layer, str | None]:
    from ..load.reader import Document, decode, limits, parse_document
    from ..safety import read_regular

    name = str(path)
    raw = read_regular(path, limits()["max_bytes"])  # a regular file within the limit, or a located message
    # An empty sheet changes nothing (decode would call it an empty theme file).
    doc = Document(data={}) if not raw.strip() else parse_document(decode(raw, name), name)
    data = doc.data
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise InputError(
            [Problem(name, 1, 1, "", "a style sheet must be a mapping of keys (description, extends, look, scale)")]
        )
    problems = list(doc.problems)
    parent = data.get("extends")
    if parent is not None and not isinstance(parent, str):
        problems.append(
            Problem(name, *doc.locate(("extends",)), "extends", "must name one sheet, e.g. extends: print-mono")
        )
        parent = None
    body = {k: v for k, v in data.items() if k != "extends"}
    try:
        Style.model_validate(merge(_default_data(), body))
    except ValidationError as exc:
        said = {(p.line, p.column) for p in doc.problems}  # a value the reader refused is reported once
        problems.extend(p for p in style_problems(exc, name, doc.locate) if (p.line, p.column) not in said)
    if problems:
        raise InputError(problems)
    return _Layer(name, body), parent


def sheet_layers(refs: Sequence[str | Path]) -> list[dict[str, Any]]:
    """The data of each sheet named, after the sheets it extends, in order."""
    out: list[dict[str, Any]] = []
    for ref in refs:
        out.extend(layer.data for layer in load_sheet(ref))
    return out


# --- --set key=value -----------------------------------------------------------------


def _is_text(path: tuple[str, ...]) -> bool:
    """Whether the key at ``path`` holds text (wording, colours, names): its value is kept as typed."""
    model = model_at(path[:-1])
    info = model.model_fields.get(path[-1]) if model else None
    if info is None:
        return False
    kinds = {info.annotation, *getattr(info.annotation, "__args__", ())}
    return not any(k in (bool, float, int) or getattr(k, "__origin__", None) is list or k is list for k in kinds)


def _value(text: str, path: tuple[str, ...] = ()) -> Any:
    """A --set value: text as typed for a text key (so "#005EB8" and "[n={n}]" stay);
    otherwise true/false, a number, or a [list] of values."""
    import yaml

    stripped = text.strip()
    if path and _is_text(path):
        return stripped
    if stripped.startswith("[") and stripped.endswith("]"):
        inner = stripped[1:-1].strip()
        return [_value(part) for part in inner.split(",")] if inner else []
    if stripped.startswith("#") or not stripped:
        return stripped
    try:
        value = yaml.safe_load(stripped)
    except yaml.YAMLError:
        return stripped
    except ValueError:  # a whole number of more than 4,300 digits: as a size, it is simply too large
        return float(stripped) if stripped.lstrip("+-").isdigit() else stripped
    if isinstance(value, (bool, int, float, list)):
        return value
    return stripped


def _all_keys(model: Any = None, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    model = model or Style
    keys: list[tuple[str, ...]] = []
    for name in model.model_fields:
        inner = model_at((*prefix, name))
        keys.append((*prefix, name))
        if inner is not None and name != "by_depth":
            keys.extend(_all_keys(inner, (*prefix, name)))
    return keys


def _resolve_key(key: str) -> tuple[str, ...]:
    """A dotted --set key as a full path; ``theme.font.size`` finds ``scale.theme.size``."""
    written = key.strip()
    for alias, real in _ALIASES.items():
        if written.endswith("." + alias) or written == alias:
            written = written[: len(written) - len(alias)] + real
    # "font" is a word designers use, not a group of ours: theme.font.x means theme.x.
    parts = tuple(p for p in written.split(".") if p and p != "font")
    if not parts:
        raise UserError(f"--set {key}=...: give a key, e.g. --set look.hypothesis.fill=#003087")
    full = set(_all_keys())
    if parts in full:
        return parts
    # the by_depth levels: look.subtheme.by_depth.3.fill
    if len(parts) >= 4 and parts[2] == "by_depth" and parts[3].isdigit():
        return parts
    matches = [(group, *parts) for group in ("look", "scale") if (group, *parts) in full]
    if len(matches) == 1:
        return matches[0]
    if len(matches) > 1:
        raise UserError(f"--set {key}: ambiguous; write {' or '.join('.'.join(m) for m in matches)}")
    dotted = sorted(".".join(k) for k in full)
    short = sorted({".".join(k[1:]) for k in full if k[0] in ("look", "scale")})
    close = difflib.get_close_matches(".".join(parts), dotted + short, n=1, cutoff=0.6)
    hint = f"; did you mean '{close[0]}'?" if close else "; see 'mindmap styles show' for every key"
    raise UserError(f"--set {key}: unknown key{hint}")


def parse_set(items: Sequence[str]) -> dict[str, Any]:
    """``--set`` items as one sparse override (later items win)."""
    override: dict[str, Any] = {}
    for item in items:
        if "=" not in item:
            raise UserError(f"--set {item}: write it as KEY=VALUE, e.g. --set theme.font.size=14")
        key, _, text = item.partition("=")
        path = _resolve_key(key)
        nested: Any = _value(text, path)
        for part in reversed(path):
            nested = {part: nested}
        override = merge(override, nested)
    try:
        merge_layers(override)
    except StyleError as exc:
        raise UserError(exc.message.replace("style: ", "--set: ")) from None
    return override


def map_layers(path: Path, map_style: dict[str, Any]) -> list[dict[str, Any]]:
    """A theme file's ``style:`` block as layers: the sheet it ``extends`` (if any), then itself.

    Checked first, each problem with ``file:line:col``; ``extends`` is found
    like ``--style``, a path relative to the theme file's folder.
    """
    if not map_style:
        return []
    check_map_style(path, map_style)
    layers: list[dict[str, Any]] = []
    parent = map_style.get("extends")
    if parent is not None:
        if not isinstance(parent, str):
            raise UserError(f"{path}: style.extends: must name one sheet, e.g. extends: print-mono")
        # Theme files travel by email: one may name a sheet, or a sheet file in
        # its own folder, but not make mindmap read any other file.
        if "/" in parent or "\\" in parent or parent.endswith(SUFFIXES):
            folder = path.parent.resolve()
            target = (folder / parent).resolve()
            if folder not in target.parents:
                raise UserError(
                    f"{path}: style.extends: '{parent}' is outside the theme file's folder; "
                    "name a sheet (mindmap styles list) or a sheet file beside the theme file"
                )
        layers.extend(layer.data for layer in load_sheet(parent, relative_to=path.parent, root=path.parent.resolve()))
    layers.append({k: v for k, v in map_style.items() if k != "extends"})
    return layers


def check_map_style(path: Path, map_style: dict[str, Any]) -> None:
    """A theme file's own ``style:`` block, checked with ``file:line:col`` for each problem."""
    if not map_style:
        return
    try:
        Style.model_validate(merge(_default_data(), {k: v for k, v in map_style.items() if k != "extends"}))
    except ValidationError as exc:
        from ..load.reader import parse_document, read_text

        name = str(path)
        doc = parse_document(read_text(path), name)

        def locate(loc: tuple[Any, ...], key: bool = False) -> tuple[int, int]:
            return doc.locate(("style", *loc), key=key)

        raise InputError(
            [
                Problem(p.file, p.line, p.column, f"style.{p.field}" if p.field else "style", p.message)
                for p in style_problems(exc, name, locate)
            ]
        ) from None


def compose_style(
    styles: Sequence[str | Path] = (),
    map_style: Mapping[str, Any] | None = None,
    sets: Sequence[str] = (),
    *,
    map_path: Path | None = None,
    overrides: Sequence[Mapping[str, Any]] = (),
) -> Style:
    """The one composition of style layers, later wins: the default sheet, then
    each sheet of ``styles`` (after the sheets it extends), then the map's own
    ``style:`` block, then each of ``overrides`` (dicts, from the Python API),
    then each ``--set KEY=VALUE`` of ``sets``.

    With ``map_path``, the map's block is checked with ``file:line:col`` for
    each problem and its ``extends`` is followed (:func:`map_layers`).
    """
    layers = sheet_layers(styles)
    if map_style:
        if map_path is not None:
            layers.extend(map_layers(map_path, dict(map_style)))
        else:
            own = {k: v for k, v in map_style.items() if k != "extends"}
            try:
                merge_layers(own)
            except StyleError as exc:
                raise StyleError(exc.message.replace("style: ", "the map's style block: ")) from None
            layers.append(own)
    layers.extend(dict(layer) for layer in overrides)
    layers.append(parse_set(sets))
    try:
        return merge_layers(*layers)
    except StyleError as exc:
        if map_path is None:
            raise
        raise UserError(exc.message.replace("style: ", f"{map_path}: style: ")) from None
