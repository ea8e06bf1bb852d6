"""``mindmap schema``: the JSON Schema of theme files (or style sheets), for editors."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from ._common import report_user_errors

__all__ = ["schema"]


@report_user_errors
def schema(
    out: Optional[Path] = typer.Option(
        None,
        "-o",
        "--out",
        help="Write the schema to this file instead of printing it.",
        show_default=False,
    ),
    styles: bool = typer.Option(
        False,
        "--styles",
        help="The schema of style sheets instead of theme files.",
    ),
) -> None:
    """Print or write the JSON Schema of theme files, for editor completion and checks.

    Name the schema in a theme file's first line and editors with the YAML
    language server (VS Code's YAML extension and others) complete keys,
    explain each field and underline mistakes as you type:

        # yaml-language-server: $schema=mindmap.schema.json

    Example: mindmap schema -o mindmap.schema.json

    Example: mindmap schema --styles -o styles.schema.json
    """
    from ..schema import schema_text

    text = schema_text(styles=styles)
    if out is None:
        typer.echo(text, nl=False)
        return
    from ..errors import UserError
    from ..files import write_atomic

    if out.is_dir():
        raise UserError(
            f"{out}: is a folder; give a file name, "
            f"e.g. {out / ('styles.schema.json' if styles else 'mindmap.schema.json')}"
        )
    write_atomic(out, text.encode("utf-8"))  # a failure is a UserError: PATH: cannot write: REASON
    from ..safety import escape_control

    typer.echo(escape_control(f"wrote {out}"))
