"""``mindmap new``: write a commented starter theme file that validates and renders as it is."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Optional

import typer

from ._common import report_user_errors

__all__ = ["find_schema", "new"]


def find_schema(target: Path, name: str = "mindmap.schema.json") -> str | None:
    """The path from ``target``'s folder to the nearest ``name`` in it or a folder above, if any."""
    folder = target.resolve().parent
    for candidate in (folder, *folder.parents):
        if (candidate / name).is_file():
            return Path(os.path.relpath(candidate / name, folder)).as_posix()
    return None


@report_user_errors
def new(
    map_id: str = typer.Argument(
        ...,
        metavar="ID",
        show_default=False,
        help="The new map's id: lower-case letters, digits and '-', e.g. h11-workforce.",
    ),
    out: Optional[Path] = typer.Option(
        None,
        "-o",
        "--out",
        show_default=False,
        help="The file to write (or a folder to write ID.yaml in). Default: ID.yaml here.",
    ),
    force: bool = typer.Option(False, "--force", help="Overwrite the file if it exists."),
    schema: Optional[str] = typer.Option(
        None,
        "--schema",
        show_default=False,
        help="Where editors find the schema (a path relative to the file, or a URL). "
        "Default: the nearest mindmap.schema.json in the file's folder or above.",
    ),
) -> None:
    """Write a commented starter theme file: edit the words, then validate and render it.

    The starter has a headline, two key themes (one with a sub-theme), a
    connection and a quote, with every field explained and every optional
    field shown commented out. Its first line names the JSON Schema, so that
    editors with the YAML language server complete and check it as you type.

    Example: mindmap new h11-workforce -o themes/h11-workforce.yaml
    """
    import sys

    from ..analysis.scaffold import check_id, starter_text
    from ..errors import UserError
    from ..files import write_atomic
    from ..safety import UsageError, escape_control

    check_id(map_id)
    if schema is not None and escape_control(schema) != schema:  # it goes on the file's first line, a comment
        raise UsageError(
            f"--schema {escape_control(schema)!r}: contains a line break or control character; "
            "give a path or URL on one line"
        )
    path = out if out is not None else Path(f"{map_id}.yaml")
    if path.is_dir():
        path = path / f"{map_id}.yaml"
    if path.suffix.lower() not in (".yaml", ".yml"):
        raise UserError(f"{path}: the starter is YAML (with comments); name the file {path.with_suffix('.yaml').name}")
    if path.exists() and not force:
        raise UserError(f"{path}: already exists; use --force to overwrite it, or -o to choose another file")
    reference = schema or find_schema(path)
    if reference and "://" not in reference:  # the schema it names is a file it relies on: never overwrite it
        from ..safety import refuse_output_is_input

        refuse_output_is_input([path], [path.parent / reference])
    shown = escape_control(str(path))  # in the starter's comments and on the terminal: one line, no escapes
    text = starter_text(map_id, reference or "mindmap.schema.json", file=shown)
    write_atomic(path, text.encode("utf-8"))  # a failure is a UserError: PATH: cannot write: REASON
    typer.echo(f"wrote {shown}")
    if reference is None:
        schema_path = path.parent / "mindmap.schema.json"
        print(
            escape_control(f"for editor help, write the schema beside it: mindmap schema -o {schema_path}"),
            file=sys.stderr,
        )
    typer.echo(f"next: edit it, then run: mindmap validate {shown}")
