"""The ``mindmap`` command line: one module per command, all registered here.

Commands import the heavy parts of the pipeline only when they run, so that
``mindmap --help`` stays instant.
"""

from __future__ import annotations

from typing import Optional

import typer

from ._common import CONTEXT
from .export import export
from .gallery import gallery
from .import_ import import_
from .new import new
from .preview import preview
from .render import render
from .report import report
from .schema import schema
from .serve import serve
from .specimen import specimen
from .styles import styles_app
from .tally import tally
from .validate import validate

__all__ = ["app", "main"]

app = typer.Typer(
    name="mindmap",
    help="Rapid-insight mind maps in house style, from coded themes.\n\n"
    "Start with 'mindmap new MY-MAP'; each command's -h shows an example.\n\n"
    "Exit status: 0 success, 1 invalid input or a failed check, 2 wrong usage.\n\n"
    "Example: mindmap render themes/h9-process.yaml -o gallery",
    context_settings=CONTEXT,
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        from .. import __version__  # read from the installed metadata: only when asked for

        typer.echo(f"mindmap {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Optional[bool] = typer.Option(
        None, "--version", callback=_version, is_eager=True, help="Show the version and exit."
    ),
) -> None:
    """Rapid-insight mind maps in house style, from coded themes.

    Exit status: 0 success, 1 invalid input or a failed check, 2 wrong usage.

    Example: mindmap render themes/h9-process.yaml -o gallery
    """


app.command(context_settings=CONTEXT)(validate)
app.command(context_settings=CONTEXT)(render)
app.command(context_settings=CONTEXT)(export)
app.command(name="import", context_settings=CONTEXT)(import_)
app.command(context_settings=CONTEXT)(gallery)
app.command(context_settings=CONTEXT)(new)
app.command(context_settings=CONTEXT)(schema)
app.command(context_settings=CONTEXT)(tally)
app.command(context_settings=CONTEXT)(preview)
app.command(context_settings=CONTEXT)(serve)
app.command(context_settings=CONTEXT)(specimen)
app.command(context_settings=CONTEXT)(report)
app.add_typer(styles_app, name="styles")


def main() -> None:
    """The console script's entry point: runs one command, after which the process ends.

    What the command leaves alive at the end (modules, the text-width caches, styles and
    schemas) is frozen out of the garbage collector's reach (``gc.freeze``) on the way out, so
    that Python's last collection at exit does not go over all of it once more to free
    nothing: after a 5,000-node render that pass was 60 to 100 ms. Objects are still freed
    as they are let go; only that final collection is spared.
    """
    import gc

    try:
        app(prog_name="mindmap")
    finally:
        gc.freeze()


if __name__ == "__main__":  # pragma: no cover
    main()
