"""``mindmap tally``: count coded responses and (with --write) put every n in the theme files."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, Optional

import typer

from ._common import report_user_errors

__all__ = ["tally"]


def _theme_files(folder: Path) -> list[Path]:
    from ..errors import UserError
    from ..files import theme_files_in

    if not folder.is_dir():
        raise UserError(
            f"{folder}: --themes must be a folder of theme files" + ("" if folder.exists() else " (no such folder)")
        )
    files = theme_files_in(folder)
    if not files:
        raise UserError(f"{folder}: no theme files (.yaml, .yml or .json) in this folder")
    return files


@report_user_errors
def tally(
    responses: Path = typer.Argument(
        ...,
        help="Coded responses: a .csv or .xlsx sheet, one row per response; or a REFI-QDA project (.qdpx).",
        show_default=False,
    ),
    themes: Path = typer.Option(Path("themes"), "--themes", help="Folder of theme files the codes refer to."),
    write: bool = typer.Option(False, "--write", help="Write every n into the theme files (only the numbers change)."),
    as_json: bool = typer.Option(False, "--json", help="Print the summary as JSON instead of tables."),
    suppress_below: Optional[int] = typer.Option(
        None,
        "--suppress-below",
        min=2,
        show_default=False,
        help="Write counts from 1 to K-1 as '<K' (small numbers withheld, as NHS publications require).",
    ),
    count: str = typer.Option("sources", "--count", help="From a project: count sources, segments or cases."),
) -> None:
    """Count coded responses per map, theme and locality tag.

    The sheet needs the columns response_id, hypothesis, text, codes and
    excluded (any case; other columns are ignored).  codes holds theme or
    sub-theme ids separated by ';'; excluded is empty or the reason the
    response was left out.  A theme's n counts the distinct, non-excluded
    responses coded to it or to any of its sub-themes; a map's n counts those
    coded to any of its themes.  Locality tags are the #hashtags in the text.

    Any error (unknown map or code, a response both excluded and coded,
    duplicate ids, a missing column) is printed as FILE:ROW:COL and nothing is
    written.

    From a REFI-QDA project (.qdpx), each theme is matched to a code (by the
    guid 'mindmap import' kept, else by name) and its n counts the sources
    coded to the code or any code below it (--count segments or cases to
    count those instead); unmatched codes and themes are listed.

    Example: mindmap tally responses.xlsx --themes themes --write
    """
    from ..analysis.tally import iter_responses, plan_writes, write_files
    from ..analysis.tally import tally as count_rows
    from ..errors import InputError, Problem, UserError
    from ..load.qda import COUNT_MODES
    from ..load.reader import load_maps

    if count not in COUNT_MODES:
        raise UserError(f"unknown --count '{count}'; choose one of: {', '.join(COUNT_MODES)}")
    is_project = responses.suffix.lower() in (".qdpx", ".qde")
    if count != "sources" and not is_project:
        raise UserError("--count is for REFI-QDA projects (.qdpx); a responses sheet counts responses")
    files = _theme_files(themes)
    if write:  # the theme files are written: none may be the responses sheet
        from ..safety import refuse_output_is_input

        refuse_output_is_input(files, [responses])
    maps = load_maps(files)
    by_id: dict[str, tuple[Any, str]] = {}
    problems = []
    for path, mind_map in zip(files, maps):
        if mind_map.id in by_id:
            problems.append(
                Problem(
                    str(path),
                    1,
                    1,
                    "id",
                    f"map id '{mind_map.id}' is also used by {by_id[mind_map.id][1]}; map ids must be unique",
                )
            )
        else:
            by_id[mind_map.id] = (mind_map, str(path))
    if problems:
        raise InputError(problems)
    if is_project:
        from .tally_qda import tally_from_project

        return tally_from_project(responses, by_id, count, write, as_json, suppress_below)
    rows = iter_responses(responses)  # counted as read: a million rows in bounded memory
    result = count_rows(rows, by_id, source=str(responses))
    updates = plan_writes(result, suppress_below) if write else []
    if write:
        write_files(updates)
    if as_json:
        data = result.as_dict()
        data["written"] = [str(u.path) for u in updates] if write else None
        text = json.dumps(data, indent=2, ensure_ascii=False)
        # json escapes C0 controls itself; C1 controls and bidi overrides are escaped too (only strings hold them).
        from ..safety import BIDI_CONTROLS

        typer.echo(re.sub(f"[\x7f-\x9f{BIDI_CONTROLS}]", lambda m: f"\\u{ord(m.group()):04x}", text))
        return
    from ..safety import escape_control

    _print_tables(result)
    for m in result.maps:
        if m.not_coded:
            typer.echo(
                f"note: {m.not_coded} response{'s' if m.not_coded != 1 else ''} to {m.mind_map.id} "
                f"{'are' if m.not_coded != 1 else 'is'} not yet coded; its counts may grow once they are"
            )
    if write:
        for update in updates:
            typer.echo(escape_control(f"wrote {update.path}: " + "; ".join(update.changes)))
        if not updates:
            typer.echo("every count is already up to date; nothing written")
    else:
        stale = sum(1 for _ in plan_writes(result, suppress_below))
        if stale:
            typer.echo(
                f"{stale} theme file{'s' if stale != 1 else ''} would change; "
                "run again with --write to write the counts"
            )


def _print_tables(result: Any) -> None:
    from rich import box
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text as RichText

    from ..safety import escape_control

    def Text(text: str, **kwargs: Any) -> Any:
        return RichText(escape_control(text), **kwargs)

    console = Console(highlight=False, soft_wrap=False)
    console.print(Text(f"Responses in {result.source}", style="bold"), soft_wrap=True)
    summary = Table(box=box.SIMPLE)
    summary.add_column("")
    summary.add_column("count", justify="right")
    summary.add_row("received", str(result.received))
    summary.add_row("excluded", str(result.excluded_total))
    for reason, number in result.excluded.items():
        summary.add_row(Text(f"  {reason}"), str(number))
    summary.add_row("coded", str(result.coded))
    summary.add_row("not yet coded", str(result.not_coded))
    console.print(summary)
    if result.not_coded_rows:
        rows = ", ".join(map(str, result.not_coded_rows[:20])) + (", …" if len(result.not_coded_rows) > 20 else "")
        console.print(Text(f"Not yet coded (neither coded nor excluded): rows {rows}"))

    per_map = Table(title="Per map", box=box.SIMPLE, title_justify="left")
    for name in ("map", "received", "excluded", "coded", "n", "was"):
        per_map.add_column(name, justify="left" if name == "map" else "right")
    for m in result.maps:
        per_map.add_row(
            Text(m.mind_map.id),
            str(m.received),
            str(m.excluded),
            str(m.coded),
            str(m.n),
            "" if m.mind_map.n is None else str(m.mind_map.n),
        )
    console.print(per_map)

    for m in result.maps:
        themes = Table(title=Text(f"{m.mind_map.id} [n={m.n}]"), box=box.SIMPLE, title_justify="left")
        themes.add_column("theme")
        themes.add_column("id")
        themes.add_column("n", justify="right")
        themes.add_column("was", justify="right")
        for t in m.themes:
            themes.add_row(
                Text("  " * (t.depth - 1) + t.label),
                Text(t.key),
                str(t.n),
                "" if t.previous is None else str(t.previous),
            )
        console.print(themes)

    places = Table(title="Per locality tag", box=box.SIMPLE, title_justify="left")
    for name in ("tag", "responses", "excluded", "coded"):
        places.add_column(name, justify="left" if name == "tag" else "right")
    for entry in result.localities:
        places.add_row(Text(entry["tag"]), str(entry["responses"]), str(entry["excluded"]), str(entry["coded"]))
    places.add_row(Text("(no tag)"), str(result.untagged), "", "")
    console.print(places)
