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
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Final, Sequence

if TYPE_CHECKING:
    from ..model.theme import MindMap

__all__ = [
    "FORMATS",
    "INDEX",
    "MANIFEST",
    "MANIFEST_VERSION",
    "GalleryResult",
    "input_hash",
    "render_gallery",
    "render_index",
]

FORMATS: Final = ("svg", "png", "pdf", "pptx", "alt.txt", "description.md")
DOWNLOADS: Final = (
    ("svg", "SVG"),
    ("png", "PNG"),
    ("pdf", "PDF"),
    ("pptx", "PowerPoint"),
    ("description.md", "Description"),
)
INDEX: Final = "index.html"
MANIFEST: Final = "manifest.json"
MANIFEST_VERSION: Final = 1


@dataclass(frozen=True)
class GalleryResult:
    """What one run did: the ids rendered, the ids skipped as unchanged, the files removed."""

    rendered: tuple[str, ...]
    skipped: tuple[str, ...]
    removed: tuple[str, ...]


def check_folders(src: Path, out_dir: Path) -> None:
    """Refuse (exit 2) a gallery folder that is the themes folder (after resolving links)."""
    from ..safety import UsageError, escape_control, same_file

    if same_file(Path(out_dir), Path(src)):
        raise UsageError(
            f"{escape_control(str(out_dir))}: the gallery folder would be the themes folder; "
            f"its {MANIFEST} would be read as a theme file; choose another folder (-o)"
        )


def input_hash(theme_bytes: bytes, style_json: str, version: str) -> str:
    """The hash that decides whether a map's files are current.

    >>> input_hash(b"id: a", "{}", "0.1.0") == input_hash(b"id: a", "{}", "0.1.0")
    True
    >>> input_hash(b"id: a", "{}", "0.1.0") == input_hash(b"id: a", "{}", "0.1.1")
    False
    """
    digest = hashlib.sha256()
    for part in (
        f"mindmap-gallery/{MANIFEST_VERSION}".encode(),
        version.encode(),
        style_json.encode("utf-8"),
        theme_bytes,
    ):
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return "sha256:" + digest.hexdigest()


def _style_json(mind_map: MindMap) -> str:
    from ..style.library import compose_style

    return compose_style(map_style=mind_map.style).model_dump_json()


DETAIL_FORMATS: Final = ("svg", "png", "pdf", "alt.txt", "description.md")


def render_files(path: str, fit: str = "page", split: bool = False) -> dict[str, bytes]:
    """Every gallery file of one theme file, keyed by suffix (runs in a worker process).

    With ``split``, the figure is the overview (folded to key themes) and each
    key theme's detail files are keyed ``--<theme-id>.<suffix>``.
    """
    from ..export.pptx import SlideFigure, build_deck
    from ..load.reader import load_map
    from ..style.library import compose_style
    from .formats import FIGURE_FORMATS
    from .render import describe_outputs, figure_meta, make_figure, render_split

    mind_map = load_map(path)
    style = compose_style(map_style=mind_map.style)
    details: dict[str, bytes] = {}
    if split:
        figures, _ = render_split(mind_map, ("svg", "png", "pdf"), style=style, fit=fit)
        out = figures.pop(mind_map.id)
        for stem, files in figures.items():
            details.update({f"{stem[len(mind_map.id) :]}.{suffix}": data for suffix, data in files.items()})
    else:
        figure = make_figure(mind_map, style, fit=fit)  # for a report page, unless told otherwise
        meta = figure_meta(mind_map, style, figure.medium)
        out = {fmt: FIGURE_FORMATS[fmt].write(figure, meta) for fmt in ("svg", "png", "pdf")}
    meta = figure_meta(mind_map, style)
    # The slide has a figure of its own: composed for 16:9, its title in the slide's title.
    on_slide = make_figure(mind_map, style, fit="slide-body", heading=False)
    slide_meta = figure_meta(mind_map, style, on_slide.medium)
    slide = SlideFigure(
        mind_map.title,
        FIGURE_FORMATS["svg"].write(on_slide, slide_meta),
        FIGURE_FORMATS["png"].write(on_slide, slide_meta),
        meta["alt"],
        meta["description"],
        (on_slide.width_mm, on_slide.height_mm),
    )
    out["pptx"] = build_deck([slide])
    out.update(describe_outputs(mind_map, style))
    out.update(details)
    return out


def _ignore_interrupts() -> None:
    """A worker process's start: Ctrl-C is the parent's to handle."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _render_and_write(path: str, out_dir: str, stem: str, fit: str = "page", split: bool = False) -> str:
    from ..files import write_atomic
    from ..model.fold import DETAIL_SEPARATOR

    for suffix, data in render_files(path, fit, split).items():
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
    fit: str = "page",
    split: bool = False,
) -> GalleryResult:
    """Render every theme file in ``src`` into ``out_dir`` and write its index page.

    ``split``: each map's figure is its overview, with a detail figure per key
    theme beside it (see :func:`mindmap.render.render_split`).

    ``progress(map_id, done, total)`` is called as each map finishes.  Invalid
    theme files raise :class:`~mindmap.errors.InputError` (every problem of every
    file) before anything is written.
    """
    from .. import __version__
    from ..errors import UserError
    from ..files import write_atomic
    from ..load.reader import load_maps

    check_folders(src, out_dir)
    from ..files import find_theme_files

    files = find_theme_files(src)
    maps = load_maps(files)
    by_id: dict[str, Path] = {}
    for path, mind_map in zip(files, maps):
        if mind_map.id in by_id:
            raise UserError(
                f"{path}: id '{mind_map.id}' is also the id of {by_id[mind_map.id]}; "
                "every map in a gallery needs its own id"
            )
        by_id[mind_map.id] = path
    out_dir = Path(out_dir)
    old = _read_manifest(out_dir)
    entries: dict[str, dict] = {}
    todo: list[tuple[str, Path]] = []
    skipped: list[str] = []
    for path, mind_map in zip(files, maps):
        digest = input_hash(
            path.read_bytes(), _style_json(mind_map) + f"\nfit={fit}" + ("\nsplit" if split else ""), __version__
        )
        entries[mind_map.id] = {
            "title": mind_map.title,
            "source": path.name,
            "hash": digest,
            "files": [f"{mind_map.id}.{suffix}" for suffix in FORMATS],
        }
        if split:
            from ..model.fold import detail_stem

            details = [[detail_stem(mind_map, t.key), t.label] for t in mind_map.themes]
            entries[mind_map.id]["details"] = details
            entries[mind_map.id]["files"] += [f"{stem}.{suffix}" for stem, _ in details for suffix in DETAIL_FORMATS]
        current = old.get(mind_map.id, {}).get("hash") == digest and all(
            (out_dir / f).is_file() for f in entries[mind_map.id]["files"]
        )
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
            _render_and_write(str(path), str(out_dir), stem, fit, split)
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
        with ProcessPoolExecutor(
            max_workers=workers, mp_context=multiprocessing.get_context("spawn"), initializer=_ignore_interrupts
        ) as pool:
            futures = [pool.submit(_render_and_write, str(path), str(out_dir), stem, fit, split) for stem, path in todo]
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
    write_atomic(
        out_dir / MANIFEST, (json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")
    )
    pages = [page_entry(mind_map, fit, entries[mind_map.id].get("details", [])) for mind_map in maps]
    write_atomic(out_dir / INDEX, render_index(pages).encode("utf-8"))
    return GalleryResult(tuple(stem for stem, _ in todo), tuple(skipped), tuple(removed))


@dataclass(frozen=True)
class Entry:
    """One map as the index page shows it: its figure ready to sit inline, and its words."""

    id: str
    title: str
    svg: str
    alt: str
    description: str
    texts: tuple[str, ...]  # every text the figure draws (for the page's font subset)
    details: tuple[tuple[str, str], ...] = ()  # (file stem, key theme's label) of each detail figure


def page_entry(mind_map: MindMap, fit: str = "page", details: Sequence[Sequence[str]] = ()) -> Entry:
    """The map's entry on the index page (drawn again: ~10 ms, far less than reading files back);
    with ``details``, the overview folded to key themes, linked to each theme's detail."""
    from ..draw.svg import Inline
    from ..model.fold import fold_map
    from ..style.library import compose_style
    from .render import figure_meta, make_figure

    style = compose_style(map_style=mind_map.style)
    meta = figure_meta(mind_map, style)
    inline = Inline(meta["alt"], f"{mind_map.id}-description")
    figure = make_figure(fold_map(mind_map, 1) if details else mind_map, style, fit=fit, inline=inline)
    return Entry(
        mind_map.id,
        mind_map.title,
        figure.svg,
        meta["alt"],
        meta["description"],
        tuple(run.text for run in figure.runs),
        tuple((d[0], d[1]) for d in details),
    )


_CSS: Final = (
    """
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
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); """
    """white-space: nowrap; }
.downloads { display: flex; flex-wrap: wrap; gap: 0.5rem 1.5rem; padding: 0; list-style: none; }
"""
).strip()


def _csp(css: str) -> str:
    digest = base64.b64encode(hashlib.sha256(css.encode("utf-8")).digest()).decode("ascii")
    return f"default-src 'none'; font-src data:; style-src 'sha256-{digest}'; base-uri 'none'; form-action 'none'"


def _detail_links(f: Entry) -> list[str]:
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


def render_index(figures: Sequence[Entry], title: str = "Mind map gallery") -> str:
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
            f'<li><a href="{e(f.id)}.{suffix}" download>{label}'
            f'<span class="visually-hidden"> of {e(f.title)}</span></a></li>'
            for suffix, label in DOWNLOADS
        )
        body += [
            f'<article id="{e(f.id)}" aria-labelledby="{e(f.id)}-heading">',
            f'<h2 id="{e(f.id)}-heading">{e(f.title)}</h2>',
            "<figure>",
            f.svg.rstrip("\n"),
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
    page_text = title + "".join(f.title + f.alt + f.description + "".join(f.texts) for f in figures)
    from ..draw.fontembed import page_font_faces

    css = page_font_faces(frozenset(page_text)) + "\n" + _CSS
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
