"""The gallery: every theme file of a folder rendered in every format, and a page to review them.

For each map ``<id>``, the gallery folder holds ``<id>.svg``, ``.png``,
``.pdf``, ``.pptx`` (one slide), ``.alt.txt`` and ``.description.md``;
``index.html`` shows them all (with ``split``, each map's figure is its
overview, folded to key themes, and ``<id>--<theme-id>.svg``, ``.png``,
``.pdf``, ``.alt.txt`` and ``.description.md`` are each key theme's detail,
linked from a list under the overview); ``manifest.json`` records, for each map, the
hash of what its files were made from (the theme file's bytes, the resolved
style, mindmap's version), so a second run skips maps that have not changed.

Maps render in parallel on all cores; every file is written atomically and
depends only on its inputs, so the folder's bytes do not depend on the order
in which maps finish or on how many were skipped.

The page is self-contained: figures are inline SVG named by their alt text
and described by their long description; Liberation Sans (Arial's metrics, so
text fits its boxes without Arial) is embedded, cut down to the characters
used; styles are inline under a Content-Security-Policy that allows nothing
else, so opening it makes no request at all.  Download links point to the
files beside it.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable, Final, Sequence

__all__ = [
    "FORMATS",
    "INDEX",
    "MANIFEST",
    "MANIFEST_VERSION",
    "GalleryResult",
    "find_theme_files",
    "input_hash",
    "render_gallery",
    "render_index",
]

FORMATS: Final = ("svg", "png", "pdf", "pptx", "alt.txt", "description.md")
DOWNLOADS: Final = (("svg", "SVG"), ("png", "PNG"), ("pdf", "PDF"), ("pptx", "PowerPoint"), ("description.md", "Description"))
INDEX: Final = "index.html"
MANIFEST: Final = "manifest.json"
MANIFEST_VERSION: Final = 1
SUFFIXES: Final = (".yaml", ".yml", ".json")


@dataclass(frozen=True)
class GalleryResult:
    """What one run did: the ids rendered, the ids skipped as unchanged, the files removed."""

    rendered: tuple[str, ...]
    skipped: tuple[str, ...]
    removed: tuple[str, ...]


def find_theme_files(folder: Path) -> list[Path]:
    """The theme files directly in ``folder`` (not hidden ones), sorted by name."""
    from .errors import UserError

    folder = Path(folder)
    if not folder.is_dir():
        raise UserError(f"{folder}: no such folder; give the folder that holds the theme files")
    files = sorted(
        p for p in folder.iterdir() if p.suffix.lower() in SUFFIXES and not p.name.startswith(".") and p.is_file()
    )
    if not files:
        raise UserError(f"{folder}: no theme files (.yaml, .yml or .json) in this folder")
    return files


def input_hash(theme_bytes: bytes, style_json: str, version: str) -> str:
    """The hash that decides whether a map's files are current.

    >>> input_hash(b"id: a", "{}", "0.1.0") == input_hash(b"id: a", "{}", "0.1.0")
    True
    >>> input_hash(b"id: a", "{}", "0.1.0") == input_hash(b"id: a", "{}", "0.1.1")
    False
    """
    digest = hashlib.sha256()
    for part in (f"mindmap-gallery/{MANIFEST_VERSION}".encode(), version.encode(), style_json.encode("utf-8"), theme_bytes):
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return "sha256:" + digest.hexdigest()


def _style_json(mind_map) -> str:  # type: ignore[no-untyped-def]
    from .styles import resolve_style

    return resolve_style(mind_map.style).model_dump_json()


DETAIL_FORMATS: Final = ("svg", "png", "pdf", "alt.txt", "description.md")


def render_files(path: str, split: bool = False) -> dict[str, bytes]:
    """Every gallery file of one theme file, keyed by suffix (runs in a worker process).

    With ``split``, the figure is the overview (folded to key themes) and each
    key theme's detail files are keyed ``--<theme-id>.<suffix>``.
    """
    from .export.pptx import SlideFigure, build_deck
    from .loading import load_map
    from .render import describe_outputs, figure_meta, render_map, render_split
    from .styles import resolve_style

    mind_map = load_map(path)
    style = resolve_style(mind_map.style)
    details: dict[str, bytes] = {}
    if split:
        figures = render_split(mind_map, ("svg", "png", "pdf"), style)
        out = figures.pop(mind_map.id)
        for stem, files in figures.items():
            details.update({f"{stem[len(mind_map.id):]}.{suffix}": data for suffix, data in files.items()})
    else:
        out = render_map(mind_map, ("svg", "png", "pdf"), style=style)
    meta = figure_meta(mind_map, style)
    out["pptx"] = build_deck([SlideFigure(mind_map.title, out["svg"], out["png"], meta["alt"], meta["description"])])
    out.update(describe_outputs(mind_map, style))
    out.update(details)
    return out


def _ignore_interrupts() -> None:
    """A worker process's start: Ctrl-C is the parent's to handle."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _render_and_write(path: str, out_dir: str, stem: str, split: bool = False) -> str:
    from .files import write_atomic
    from .fold import DETAIL_SEPARATOR

    for suffix, data in render_files(path, split).items():
        name = f"{stem}{suffix}" if suffix.startswith(DETAIL_SEPARATOR) else f"{stem}.{suffix}"
        write_atomic(Path(out_dir) / name, data)
    return stem


def _read_manifest(out_dir: Path) -> dict:
    try:
        data = json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("version") != MANIFEST_VERSION or not isinstance(data.get("maps"), dict):
        return {}
    return data["maps"]


def render_gallery(
    src: Path,
    out_dir: Path,
    *,
    workers: int | None = None,
    force: bool = False,
    progress: Callable[[str, int, int], None] | None = None,
    split: bool = False,
) -> GalleryResult:
    """Render every theme file in ``src`` into ``out_dir`` and write its index page.

    ``split``: each map's figure is its overview, with a detail figure per key
    theme beside it (see :func:`mindmap.render.render_split`).

    ``progress(map_id, done, total)`` is called as each map finishes.  Invalid
    theme files raise :class:`~mindmap.errors.InputError` (every problem of every
    file) before anything is written.
    """
    from . import __version__
    from .errors import UserError
    from .files import write_atomic
    from .loading import load_maps

    files = find_theme_files(src)
    maps = load_maps(files)
    by_id: dict[str, Path] = {}
    for path, mind_map in zip(files, maps):
        if mind_map.id in by_id:
            raise UserError(f"{path}: id '{mind_map.id}' is also the id of {by_id[mind_map.id]}; every map in a gallery needs its own id")
        by_id[mind_map.id] = path
    out_dir = Path(out_dir)
    old = _read_manifest(out_dir)
    entries: dict[str, dict] = {}
    todo: list[tuple[str, Path]] = []
    skipped: list[str] = []
    for path, mind_map in zip(files, maps):
        made_with = _style_json(mind_map) + ("\nsplit" if split else "")  # a split gallery is made anew
        digest = input_hash(path.read_bytes(), made_with, __version__)
        entries[mind_map.id] = {
            "title": mind_map.title,
            "source": path.name,
            "hash": digest,
            "files": [f"{mind_map.id}.{suffix}" for suffix in FORMATS],
        }
        if split:
            from .fold import detail_stem

            details = [[detail_stem(mind_map, t.key), t.label] for t in mind_map.themes]
            entries[mind_map.id]["details"] = details
            entries[mind_map.id]["files"] += [f"{stem}.{suffix}" for stem, _ in details for suffix in DETAIL_FORMATS]
        current = old.get(mind_map.id, {}).get("hash") == digest and all((out_dir / f).is_file() for f in entries[mind_map.id]["files"])
        if current and not force:
            skipped.append(mind_map.id)
        else:
            todo.append((mind_map.id, path))

    out_dir.mkdir(parents=True, exist_ok=True)
    done = 0
    total = len(todo)
    workers = max(1, min(workers or os.cpu_count() or 1, total or 1))
    if workers == 1 or total <= 1:
        for stem, path in todo:
            _render_and_write(str(path), str(out_dir), stem, split)
            done += 1
            if progress:
                progress(stem, done, total)
    else:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor, as_completed

        # "spawn": a fresh interpreter per worker, safe whatever threads (Rich's
        # progress bar) the parent runs.
        # Ctrl-C reaches the workers too (the terminal signals the whole process
        # group); they ignore it, and the parent lets the maps in hand finish
        # and cancels the rest, so no worker dies mid-write (or is terminated
        # by a broken pool) and leaves a temporary file behind.
        with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                                 initializer=_ignore_interrupts) as pool:
            futures = [pool.submit(_render_and_write, str(path), str(out_dir), stem, split) for stem, path in todo]
            try:
                for future in as_completed(futures):
                    stem = future.result()
                    done += 1
                    if progress:
                        progress(stem, done, total)
            except KeyboardInterrupt:
                pool.shutdown(wait=True, cancel_futures=True)
                raise

    removed: list[str] = []
    for stem, entry in sorted(old.items()):
        keep = set(entries[stem]["files"]) if stem in entries else set()  # a map's details go when --split does
        for name in entry.get("files", []):
            if name in keep:
                continue
            target = out_dir / Path(name).name
            if target.is_file():
                target.unlink()
                removed.append(target.name)

    if not todo and not removed and old == entries and (out_dir / INDEX).is_file():
        # Nothing changed: the manifest and the index page (whose embedded font
        # subsets cost ~0.4 s to make) would come out the same bytes.
        return GalleryResult((), tuple(skipped), ())
    manifest = {"version": MANIFEST_VERSION, "mindmap": __version__, "maps": entries}
    write_atomic(out_dir / MANIFEST, (json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8"))
    figures = [_figure_from_files(out_dir, stem, entries[stem]["title"], entries[stem].get("details", []))
               for stem in entries]
    write_atomic(out_dir / INDEX, render_index(figures).encode("utf-8"))
    return GalleryResult(tuple(stem for stem, _ in todo), tuple(skipped), tuple(removed))


@dataclass(frozen=True)
class Figure:
    """One map as the index page shows it."""

    id: str
    title: str
    svg: bytes
    alt: str
    description: str
    details: tuple[tuple[str, str], ...] = ()  # (file stem, key theme's label) of each detail figure


def _figure_from_files(out_dir: Path, stem: str, title: str, details: Sequence[Sequence[str]] = ()) -> Figure:
    return Figure(
        id=stem,
        title=title,
        svg=(out_dir / f"{stem}.svg").read_bytes(),
        alt=(out_dir / f"{stem}.alt.txt").read_text(encoding="utf-8").rstrip("\n"),
        description=(out_dir / f"{stem}.description.md").read_text(encoding="utf-8"),
        details=tuple((d[0], d[1]) for d in details),
    )


_CSS: Final = """
:root { color: #212B32; background: #F0F4F5; font-family: Arial, 'Liberation Sans', sans-serif; }
body { margin: 0 auto; max-width: 72rem; padding: 1.5rem; line-height: 1.5; }
h1, h2 { color: #003087; line-height: 1.25; }
a { color: #005EB8; }
a:focus { outline: 3px solid #FFB81C; background: #FFEB3B; color: #212B32; }
nav ol { columns: 2; padding-left: 1.5rem; }
article { background: #FFFFFF; border: 1px solid #D8DDE0; border-radius: 4px; margin: 2rem 0; padding: 1rem 1.5rem; }
figure { margin: 0; }
figure svg.map { display: block; width: 100%; height: auto; }
figcaption { color: #4C6272; margin-top: 0.5rem; }
details { margin-top: 1rem; }
summary { cursor: pointer; color: #005EB8; font-weight: bold; }
.description { white-space: pre-wrap; font-family: inherit; margin: 0.5rem 0 0; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.downloads { display: flex; flex-wrap: wrap; gap: 0.5rem 1.5rem; padding: 0; list-style: none; }
""".strip()


def _csp(css: str) -> str:
    digest = base64.b64encode(hashlib.sha256(css.encode("utf-8")).digest()).decode("ascii")
    return f"default-src 'none'; font-src data:; style-src 'sha256-{digest}'; base-uri 'none'; form-action 'none'"


_FACES: Final = (("normal", "normal"), ("bold", "normal"), ("normal", "italic"), ("bold", "italic"))
_ID: Final = re.compile(r'\bid="([^"]+)"')
_REF: Final = re.compile(r'(url\(#|href="#)([^")]+)')
_LABELLEDBY: Final = re.compile(r'\saria-(?:labelledby|describedby|label)="[^"]*"')
_XML_DECL: Final = re.compile(r"^<\?xml[^>]*>\s*")


def inline_svg(svg: bytes, stem: str, alt: str) -> str:
    """A figure's SVG ready to sit inside the page: no XML declaration, every id
    prefixed with the map's id (so ids stay unique on a page of many maps), the
    alt text as its accessible name and the long description below it
    (``<stem>-description``) as its accessible description."""
    text = _XML_DECL.sub("", svg.decode("utf-8"))
    text = _ID.sub(lambda m: f'id="{stem}-{m.group(1)}"', text)
    text = _REF.sub(lambda m: f"{m.group(1)}{stem}-{m.group(2)}", text)
    start = text.index("<svg")
    end = text.index(">", start)
    head = _LABELLEDBY.sub("", text[start:end])
    head += f' aria-label="{html.escape(alt)}" aria-describedby="{html.escape(stem)}-description" class="map"'
    return text[:start] + head + text[end:]


@lru_cache(maxsize=4)
def _font_faces(characters: frozenset[str]) -> str:
    """@font-face rules for Liberation Sans (Arial's metrics), each face cut down
    to the characters the page uses and embedded as a data: URL."""
    import logging

    from .fontembed import subset_woff

    logging.getLogger("fontTools.subset").setLevel(logging.ERROR)  # "FFTM NOT subset"

    wanted = {c for c in characters if c.isprintable()} | {chr(i) for i in range(0x20, 0x7F)}
    rules = []
    for weight, style in _FACES:
        face = (weight == "bold", style == "italic")
        data = base64.b64encode(subset_woff(face, wanted, plain_advances=False)).decode("ascii")
        rules.append(
            f"@font-face {{ font-family: 'Liberation Sans'; font-weight: {weight}; font-style: {style}; "
            f"src: url(data:font/woff;base64,{data}) format('woff'); }}"
        )
    return "\n".join(rules)


def _detail_links(f: Figure) -> list[str]:
    """The list under an overview that links each key theme to its detail figure."""
    if not f.details:
        return []
    e = html.escape
    items = "".join(
        f'<li><a href="{e(stem)}.svg">{e(label)}</a> (<a href="{e(stem)}.png" download>PNG'
        f'<span class="visually-hidden"> of {e(label)}</span></a>, <a href="{e(stem)}.pdf" download>PDF'
        f'<span class="visually-hidden"> of {e(label)}</span></a>)</li>'
        for stem, label in f.details
    )
    return [
        f'<nav class="details" aria-labelledby="{e(f.id)}-details">',
        f'<h3 id="{e(f.id)}-details">Each key theme in detail</h3>',
        f"<ol>{items}</ol>",
        "</nav>",
    ]


def render_index(figures: Sequence[Figure], title: str = "Mind map gallery") -> str:
    """The gallery page: one figure per map with its alt text, long description and downloads."""
    e = html.escape
    count = len(figures)
    body = [
        "<main>",
        f"<h1>{e(title)}</h1>",
        f"<p>{count} mind map{'' if count == 1 else 's'}. Each figure has a long description below it "
        "(select “Long description”) and links to download it as SVG, PNG, PDF and PowerPoint.</p>",
        '<nav aria-label="Maps"><ol>',
        *(f'<li><a href="#{e(f.id)}">{e(f.title)}</a></li>' for f in figures),
        "</ol></nav>",
    ]
    for f in figures:
        links = "".join(
            f'<li><a href="{e(f.id)}.{suffix}" download>{label}<span class="visually-hidden"> of {e(f.title)}</span></a></li>'
            for suffix, label in DOWNLOADS
        )
        body += [
            f'<article id="{e(f.id)}" aria-labelledby="{e(f.id)}-heading">',
            f'<h2 id="{e(f.id)}-heading">{e(f.title)}</h2>',
            "<figure>",
            inline_svg(f.svg, f.id, f.alt).rstrip("\n"),
            # For reviewers: the alt text, shown (screen readers have it as the figure's name).
            f'<figcaption aria-hidden="true">Alt text: {e(f.alt)}</figcaption>',
            "</figure>",
            "<details>",
            "<summary>Long description</summary>",
            f'<div class="description" id="{e(f.id)}-description">{e(f.description.rstrip(chr(10)))}</div>',
            "</details>",
            f'<ul class="downloads" aria-label="Downloads for {e(f.title)}">{links}</ul>',
            *_detail_links(f),
            "</article>",
        ]
    body += ["</main>"]
    page_text = title + "".join(f.title + f.alt + f.description for f in figures) + "".join(
        html.unescape(t) for f in figures for t in re.findall(r">([^<]+)<", f.svg.decode("utf-8"))
    )
    css = _font_faces(frozenset(page_text)) + "\n" + _CSS
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en-GB">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{e(_csp(css))}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="generator" content="mindmap">',
        f"<title>{e(title)}</title>",
        f"<style>{css}</style>",
        "</head>",
        "<body>",
        *body,
        "</body>",
        "</html>",
    ]
    return "\n".join(parts) + "\n"
