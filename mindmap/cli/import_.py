"""``mindmap import``: a theme file from a REFI-QDA codebook or project, or from an outline."""

from __future__ import annotations

from pathlib import Path
from typing import Final, Optional

import typer

from ._common import report_user_errors

__all__ = ["IMPORT_FORMATS", "default_id", "import_", "import_text"]

# Format names and the file suffixes that choose them.
IMPORT_FORMATS: Final = {
    "qdc": (".qdc",),
    "qdpx": (".qdpx",),
    "qde": (".qde",),
    "freemind": (".mm",),
    "markdown": (".md", ".markdown"),
    "opml": (".opml",),
    "mermaid": (".mmd", ".mermaid"),
}


def _format_of(path: Path, given: str | None) -> str:
    from ..errors import UserError

    if given is not None:
        if given not in IMPORT_FORMATS:
            raise UserError(f"unknown import format '{given}'; choose one of: {', '.join(IMPORT_FORMATS)}")
        return given
    suffix = path.suffix.lower()
    for name, suffixes in IMPORT_FORMATS.items():
        if suffix in suffixes:
            return name
    raise UserError(
        f"{path}: cannot tell the format from '{suffix or 'no extension'}'; "
        f"name it with --from ({', '.join(IMPORT_FORMATS)})"
    )


def import_text(
    path: Path,
    fmt: str | None = None,
    *,
    map_id: str | None = None,
    title: str | None = None,
    headline: str | None = None,
    root: str | None = None,
    keep_colours: bool = False,
    path_separator: str | None = None,
    count: str = "sources",
    schema: str | None = None,
) -> str:
    """The commented theme file made from ``path`` (every problem raised as a user error)."""
    from ..errors import UserError
    from ..load.outlines import MAX_OUTLINE_BYTES, read_outline
    from ..load.qda import COUNT_MODES, _read_file, codebook_map, read_codebook, read_project, validated
    from ..load.themefile import theme_file_text
    from ..schema import schema_comment
    from ..style.sheet import default_sheet

    fmt = _format_of(path, fmt)
    if count not in COUNT_MODES:
        raise UserError(f"unknown --count '{count}'; choose one of: {', '.join(COUNT_MODES)}")
    qda = fmt in ("qdc", "qdpx", "qde")
    if not qda:
        for option, value in (("--root", root), ("--path-separator", path_separator)):
            if value is not None:
                raise UserError(f"{option} is for REFI-QDA codebooks and projects (.qdc, .qdpx), not {fmt}")
        if keep_colours:
            raise UserError(f"--keep-colours is for REFI-QDA codebooks and projects (.qdc, .qdpx), not {fmt}")
    if fmt == "qdc" and count != "sources":
        raise UserError("--count is for projects (.qdpx): a codebook holds no coded segments")
    if path_separator is not None and not path_separator.strip():
        raise UserError("--path-separator must be at least one visible character, e.g. /")
    map_id = default_id(path, map_id)
    header = [f"Imported by 'mindmap import' from {path.name} ({_describe(fmt)})."]
    if qda:
        project = read_project(path) if fmt in ("qdpx", "qde") else None
        book = project.codebook if project is not None else read_codebook(path)
        imported = codebook_map(
            book,
            map_id=map_id,
            title=title,
            headline=headline,
            root=root,
            keep_colours=keep_colours,
            path_separator=path_separator,
            project=project,
            count=count,  # type: ignore[arg-type]
            palette=default_sheet().look.palette,
        )
        header.append("Each theme keeps its code's guid, so that 'mindmap tally PROJECT.qdpx --themes DIR'")
        header.append("can match the codes again after you edit the labels.")
    else:
        data = _read_file(path, MAX_OUTLINE_BYTES)
        imported = read_outline(fmt, data, str(path), map_id, title, headline)
    header += imported.notes
    mind_map = validated(imported)
    return theme_file_text(mind_map, header, schema_comment(schema) if schema else None)


def default_id(path: Path, given: str | None = None) -> str:
    """The map's id: ``given`` (checked), else the slug of the file's name."""
    from ..analysis.scaffold import check_id
    from ..model.theme import RESERVED_IDS, slugify

    if given is not None:
        return check_id(given)
    map_id = slugify(path.stem)
    if map_id == "theme" or not map_id:
        map_id = "imported"
    if map_id in RESERVED_IDS:  # index.md, con.qdc: a file name Windows or the gallery keeps for itself
        map_id += "-map"
    return map_id


def _describe(fmt: str) -> str:
    return {
        "qdc": "a REFI-QDA codebook",
        "qdpx": "a REFI-QDA project",
        "qde": "a REFI-QDA project file",
        "freemind": "a FreeMind/Freeplane map",
        "markdown": "a Markdown outline",
        "opml": "an OPML outline",
        "mermaid": "a Mermaid mind map",
    }[fmt]


@report_user_errors
def import_(
    file: Path = typer.Argument(
        ..., help="The file to import: .qdc, .qdpx, .qde, .mm, .md, .opml or .mmd.", show_default=False
    ),
    out: Optional[Path] = typer.Option(
        None,
        "-o",
        "--out",
        show_default=False,
        help="The theme file to write (.yaml), or a folder to write ID.yaml in. Default: standard output.",
    ),
    from_: Optional[str] = typer.Option(
        None,
        "--from",
        show_default=False,
        help=f"The format, when the extension does not say: {', '.join(IMPORT_FORMATS)}.",
    ),
    root: Optional[str] = typer.Option(
        None,
        "--root",
        show_default=False,
        help="A code whose children become the key themes; its name becomes the headline.",
    ),
    headline: Optional[str] = typer.Option(
        None,
        "--headline",
        show_default=False,
        help="The words at the centre. Default: the root's name, else the project's or file's.",
    ),
    title: Optional[str] = typer.Option(
        None,
        "--title",
        show_default=False,
        help="The map's title. Default: the file's title, project name or file name.",
    ),
    map_id: Optional[str] = typer.Option(
        None,
        "--id",
        show_default=False,
        help="The map's id. Default: the name of the output file, else of the input file.",
    ),
    keep_colours: bool = typer.Option(
        False, "--keep-colours", help="Make the key themes' code colours the map's palette."
    ),
    path_separator: Optional[str] = typer.Option(
        None,
        "--path-separator",
        show_default=False,
        help="Rebuild the tree from code names that are paths, e.g. / for Access/Digital/Broadband (Taguette).",
    ),
    count: str = typer.Option("sources", "--count", help="What n counts in a project: sources, segments or cases."),
    force: bool = typer.Option(False, "--force", help="Overwrite the output file if it exists."),
) -> None:
    """Make a theme file from a REFI-QDA codebook or project, or an outline.

    REFI-QDA is the exchange standard of NVivo, ATLAS.ti, MAXQDA, QualCoder
    and Taguette: top-level codes become key themes, nested codes sub-themes,
    descriptions carry over and each theme keeps its code's guid.  From a
    project (.qdpx) every n counts the sources (or segments, or cases) coded
    to the code or any code below it, and graph edges and links between key
    themes become connections.  FreeMind/Freeplane (.mm), Markdown (markmap),
    OPML and Mermaid mind maps are read as their exports write them.

    The theme file is checked before it is written; any problem is printed as
    FILE:LINE:COL and nothing is written.

    Example: mindmap import codebook.qdpx -o themes/h12-access.yaml --root "Access"
    """
    import sys

    from ..errors import UserError
    from ..files import write_atomic
    from .new import find_schema

    if out is not None and out.is_dir():
        out = out / f"{default_id(file, map_id)}.yaml"
    if out is not None and out.suffix.lower() not in (".yaml", ".yml"):
        raise UserError(f"{out}: the theme file is YAML (with comments); name it {out.with_suffix('.yaml').name}")
    if out is not None and out.exists() and not force:
        raise UserError(f"{out}: already exists; use --force to overwrite it, or -o to choose another file")
    if out is not None and map_id is None:
        map_id = default_id(out)  # -o themes/h12-access.yaml: the map is h12-access
    schema = find_schema(out) if out is not None else None
    text = import_text(
        file,
        from_,
        map_id=map_id,
        title=title,
        headline=headline,
        root=root,
        keep_colours=keep_colours,
        path_separator=path_separator,
        count=count,
        schema=schema,
    )
    if out is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    write_atomic(out, text.encode("utf-8"))
    typer.echo(f"wrote {out}")
