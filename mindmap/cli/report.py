"""``mindmap report``: the whole write-up, a Word report or a slide deck, and its accessibility check."""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from ._common import fail, report_user_errors

__all__ = ["report"]

_KINDS = (".docx", ".pptx")


@report_user_errors
def report(
    inputs: List[Path] = typer.Argument(
        ...,
        metavar="FOLDER|FILE",
        help="Theme files, or folders of them (each with an optional report.toml); with --check, the .docx or "
        ".pptx files to check.",
        show_default=False,
    ),
    out: Optional[Path] = typer.Option(
        None,
        "-o",
        "--out",
        help="The file to write: .docx for the Word report, .pptx for the slide deck.",
        show_default=False,
    ),
    title: Optional[str] = typer.Option(
        None, "--title", help="The report's title. Default: report.toml's title, else 'Mind maps'.", show_default=False
    ),
    date: Optional[str] = typer.Option(
        None,
        "--date",
        metavar="YYYY-MM-DD",
        help="The date shown under the title and kept as the file's date. "
        "Default: report.toml's date, else none (the file's date is then 1 January 2000).",
        show_default=False,
    ),
    template: Optional[Path] = typer.Option(
        None,
        "--template",
        help="An organisation's .docx (or .pptx) whose styles (or layouts) to use instead of the house style.",
        show_default=False,
    ),
    check: bool = typer.Option(
        False, "--check", help="Check .docx or .pptx files for accessibility instead of writing one."
    ),
) -> None:
    """Write the whole report of a folder of maps as a Word document or a slide deck, then check it.

    The Word report has a title page with contents, the guide to the mind maps, then for each map
    its heading, hypothesis, figure (with alt text), numbered caption linked to the figure's long
    description in the appendix, quotes and a table of its themes with counts.  The deck has a
    title slide, the guide slide and a slide per map (long description and quotes in the notes).

    Maps come in the order of the folder's report.toml (maps = ["h1-pathway", ...], then any it
    does not list), else by file name; report.toml may also give title, subtitle and date.

    The accessibility check (run on every file written, or alone with --check) lists pictures
    without alt text, skipped heading levels, tables without a header row, empty paragraphs used
    as spacing, text below the house style's floor and a missing document language, each with
    where it is; any finding makes the exit status 1.

    Example: mindmap report themes -o report.docx --date 2023-12-11

    Example: mindmap report themes -o deck.pptx

    Example: mindmap report --check report.docx
    """
    if check:
        if out or title or date or template:
            raise typer.BadParameter("--check takes only the files to check", param_hint="'--check'")
        _check(inputs)
        return
    if out is None:
        raise typer.BadParameter("give the file to write (.docx or .pptx), or --check FILE", param_hint="'-o'")
    kind = out.suffix.lower()
    if kind not in _KINDS:
        raise typer.BadParameter(f"'{out}' must end in .docx (Word report) or .pptx (slide deck)", param_hint="'-o'")
    if template is not None and template.suffix.lower() != kind:
        raise typer.BadParameter(f"a {kind} needs a {kind} template, not '{template.name}'", param_hint="'--template'")
    day = None
    if date is not None:
        from ..publish.report import parse_date

        try:
            day = parse_date(date)
        except ValueError:
            raise typer.BadParameter(
                f"'{date}' is not a date; write it as YYYY-MM-DD, e.g. 2023-12-11", param_hint="'--date'"
            ) from None

    from ..errors import UserError
    from ..files import write_atomic
    from ..publish.a11y import check_file
    from ..publish.report import build_docx, collect_report

    if template is not None and not template.is_file():
        raise UserError(f"{template}: no such template file")
    whole = collect_report(inputs, title=title, date=day)
    if kind == ".docx":
        data = build_docx(whole, template)
    else:
        from ..publish.deck import build_pptx

        data = build_pptx(whole, template)
    write_atomic(out, data)
    findings = check_file(out)
    typer.echo(
        f"wrote {out}: {len(whole.maps)} map{'' if len(whole.maps) == 1 else 's'}, "
        f"{len(findings)} accessibility finding{'' if len(findings) == 1 else 's'}"
    )
    if findings:
        raise fail([f"{out}: {finding}" for finding in findings])


def _check(files: list[Path]) -> None:
    """Check each file; print every finding as FILE: LOCATION: MESSAGE; exit 1 if any."""
    from ..publish.a11y import check_file

    lines: list[str] = []
    for path in files:
        found = check_file(path)
        lines.extend(f"{path}: {finding}" for finding in found)
        if not found:
            typer.echo(f"{path}: ok, no accessibility findings")
    if lines:
        raise fail(lines)
