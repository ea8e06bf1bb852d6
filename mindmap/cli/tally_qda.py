"""``mindmap tally PROJECT.qdpx``: counts from a REFI-QDA project into the theme files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typer

__all__ = ["tally_from_project"]


def tally_from_project(
    path: Path, maps: dict[str, tuple[Any, str]], count: str, write: bool, as_json: bool, suppress_below: int | None
) -> None:
    """Match the project's codes to the themes, print the counts, and with ``write`` write them."""
    from ..analysis.qda_tally import tally_project
    from ..analysis.tally import plan_writes, write_files
    from ..load.qda import read_project

    project = read_project(path)
    result = tally_project(project, maps, count, source=str(path))
    updates = plan_writes(result, suppress_below)
    if write:
        write_files(updates)
    if as_json:
        data = result.as_dict()
        data["written"] = [str(u.path) for u in updates] if write else None
        typer.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    _print(result)
    if write:
        for update in updates:
            typer.echo(f"wrote {update.path}: " + "; ".join(update.changes))
        if not updates:
            typer.echo("every count is already up to date; nothing written")
    elif updates:
        typer.echo(
            f"{len(updates)} theme file{'s' if len(updates) != 1 else ''} would change; "
            "run again with --write to write the counts"
        )


def _print(result: Any) -> None:
    from rich import box
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console(highlight=False, soft_wrap=False)
    console.print(Text(f"Codes in {result.source}, counting {result.count}", style="bold"), soft_wrap=True)
    matches = {(m.map_id, m.key): m for m in result.matches}
    for counts in result.maps:
        shown = "" if counts.n is None else str(counts.n)
        table = Table(title=Text(f"{counts.mind_map.id} [n={shown}]"), box=box.SIMPLE, title_justify="left")
        for name in ("theme", "id", "code", "by", "n", "was"):
            table.add_column(name, justify="right" if name in ("n", "was") else "left")
        for theme in counts.themes:
            match = matches[(counts.mind_map.id, theme.key)]
            table.add_row(
                Text("  " * (theme.depth - 1) + theme.label),
                Text(theme.key),
                Text(match.code or "-"),
                match.by or "unmatched",
                "" if theme.n is None else str(theme.n),
                "" if theme.previous is None else str(theme.previous),
            )
        console.print(table)
    if result.unmatched_themes:
        console.print(Text("Themes no code matched (their n is left as it is):", style="bold"))
        for match in result.unmatched_themes:
            note = f" ({match.note})" if match.note else ""
            console.print(Text(f"  {match.map_id}: {match.key} '{match.label}'{note}"), soft_wrap=True)
    if result.unmatched_codes:
        console.print(Text("Codes no theme matched:", style="bold"))
        for code in result.unmatched_codes:
            console.print(Text(f"  '{code.name}' (line {code.line}, guid {code.guid})"), soft_wrap=True)
