"""``runlean log list``, ``runlean log delete`` and ``runlean log export``: the logs as tables."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Literal

import typer

from runlean.cli._app import DATA_DIR_OPTION, console
from runlean.cli._options import UNITS_OPTION, Units, as_units, units_in
from runlean.cli.track import log_app
from runlean.errors import InvalidInputError
from runlean.units import cm_to_in, kg_to_lb

KIND_ARG = typer.Argument(..., help="weight, intake, sleep or measurement (any case).",
                          metavar="KIND")


def _day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InvalidInputError("--date", text, "a date as YYYY-MM-DD") from None


@log_app.command("list")
def log_list_cmd(kind: str = KIND_ARG,
                 limit: int = typer.Option(30, "--limit", metavar="ROWS",
                                           help="Rows to show (newest first)."),
                 offset: int = typer.Option(0, "--offset", metavar="ROWS",
                                            help="Rows to skip."),
                 fmt: Literal["table", "text", "json"] = typer.Option(
                     "table", "--format", case_sensitive=False,
                     help="table (or text, the same), or json (metric field names)."),
                 units: Units | None = UNITS_OPTION,
                 data_dir: Path | None = DATA_DIR_OPTION) -> None:
    """List one log, newest first (the table in --units; JSON always metric)."""
    from runlean.store.db import open_store
    from runlean.tracking.log_table import list_logs

    with open_store(data_dir) as store:
        page = list_logs(store, kind.strip().lower(), limit=limit, offset=offset)
        units = units_in(units, store)
    if fmt == "json":
        typer.echo(json.dumps(page.to_dict(), indent=1))
        return
    from rich.table import Table

    from runlean.tracking.log_table import LOG_FIELDS

    fields = LOG_FIELDS[page.kind]
    imperial = units == "imperial"
    # Column name and conversion: kg and cm columns become lb and in for imperial.
    shown = {f: (f.removesuffix("_kg") + "_lb", kg_to_lb) if imperial and f.endswith("_kg")
             else (f.removesuffix("_cm") + "_in", cm_to_in) if imperial and f.endswith("_cm")
             else (f, None) for f in fields}
    table = Table("date", *(shown[f][0] for f in fields), "source",
                  title=f"{page.kind} log: {len(page.rows)} of {page.total}")
    for r in page.rows:
        cells = []
        for f in fields:
            value, convert = r[f], shown[f][1]
            cells.append("" if value is None else f"{convert(value):.1f}" if convert
                         else f"{value:g}")
        table.add_row(r["date"].isoformat(), *cells, r["source"])
    console.print(table)


@log_app.command("delete")
def log_delete_cmd(kind: str = KIND_ARG,
                   date: str = typer.Option(..., "--date", metavar="DATE",
                                            help="Date of the entry YYYY-MM-DD."),
                   units: Units | None = UNITS_OPTION,
                   data_dir: Path | None = DATA_DIR_OPTION) -> None:
    """Delete one log entry."""
    from runlean.store.db import open_store
    from runlean.tracking.log_table import delete_log
    from runlean.tracking.logs import describe_values

    with open_store(data_dir) as store:
        kind = kind.strip().lower()
        row = delete_log(store, kind, _day(date))
        units = units_in(units, store)
    console.print(f"deleted {kind} {date}: {describe_values(row, as_units(units))}",
                  markup=False, soft_wrap=True)


@log_app.command("export")
def log_export_cmd(out: Path | None = typer.Option(None, "--out", metavar="FILE",
                                                   help="CSV file to write (default: "
                                                   "standard output)."),
                   data_dir: Path | None = DATA_DIR_OPTION) -> None:
    """Export every log as one CSV (runlean's generic format; 'runlean log import' reads it)."""
    from runlean.store.db import open_store
    from runlean.tracking.log_table import export_logs_csv

    with open_store(data_dir) as store:
        text = export_logs_csv(store)
    if out is None:
        typer.echo(text, nl=False)
        return
    from runlean.io.output import write_file

    write_file(out, text.encode("utf-8"))
    console.print(f"wrote {len(text.splitlines()) - 1} dates to {out}", markup=False)
