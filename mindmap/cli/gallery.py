"""``mindmap gallery``: a folder of theme files to every format, and a page to review them."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from ._common import fit_option, report_user_errors

__all__ = ["gallery"]


@report_user_errors
def gallery(
    folder: Path = typer.Argument(Path("themes"), help="The folder of theme files."),
    out_dir: Path = typer.Option(Path("gallery"), "-o", "--out", help="The gallery folder."),
    jobs: Optional[int] = typer.Option(
        None, "-j", "--jobs", min=1, help="Maps rendered at once. Default: all cores.", show_default=False
    ),
    force: bool = typer.Option(False, "--force", help="Render every map, even those unchanged since the last run."),
    fit: str = fit_option(),
    split: bool = typer.Option(
        False,
        "--split",
        help="Show each map as an overview folded to key themes, linked to a detail figure per key theme.",
    ),
) -> None:
    """Render every theme file in FOLDER into OUT: SVG, PNG, PDF, a PowerPoint
    slide, alt text and long description per map, and index.html to review
    them all.  Maps whose theme file, style and mindmap version are unchanged
    since the last run (see OUT/manifest.json) are skipped.

    Example: mindmap gallery themes -o gallery
    """
    import sys

    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from ..publish.gallery import INDEX, check_folders, render_gallery
    from ..publish.render import check_choices

    check_choices(fit=fit)

    check_folders(folder, out_dir)  # before the progress bar starts
    console = Console(stderr=True)
    with Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=not sys.stderr.isatty(),
    ) as bar:
        task = bar.add_task("rendering", total=None)

        def advance(stem: str, done: int, total: int) -> None:
            bar.update(task, completed=done, total=total, description=f"rendered {stem}")

        result = render_gallery(folder, out_dir, workers=jobs, force=force, progress=advance, fit=fit, split=split)
    from ..safety import escape_control

    typer.echo(
        escape_control(
            f"{out_dir / INDEX}: {len(result.rendered)} rendered, {len(result.skipped)} unchanged"
            + (f", {len(result.removed)} old files removed" if result.removed else "")
        )
    )
