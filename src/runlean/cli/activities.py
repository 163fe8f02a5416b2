"""``runlean import``, ``runlean activities`` and ``runlean activity ID``."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import typer

from runlean.cli._app import app, console

DATA_DIR_OPTION = typer.Option(None, "--data-dir", help="Data directory (default: "
                               "$RUNLEAN_HOME or the platform's user data folder).")
PATHS_ARGUMENT = typer.Argument(None, help="Files, folders or export archives.")


def _fmt(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.1f}"
    if isinstance(value, dt.datetime):
        return value.isoformat()
    return str(value)


@app.command("import")
def import_command(
    paths: list[Path] | None = PATHS_ARGUMENT,
    failed: bool = typer.Option(False, "--failed", help="List the recorded failed imports."),
    data_dir: Path | None = DATA_DIR_OPTION,
) -> None:
    """Import activity files (FIT, GPX, TCX, .gz, Strava/Garmin export zips) and log CSVs."""
    from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn
    from rich.table import Table

    from runlean.errors import InvalidInputError
    from runlean.store.activities import list_failed_imports
    from runlean.store.db import open_store
    from runlean.tracking.importing import import_paths

    with open_store(data_dir) as store:
        if failed:
            rows = list_failed_imports(store)
            table = Table("at (UTC)", "source", "reason", title="Failed imports")
            for r in rows:
                table.add_row(_fmt(r["at"]), Path(r["source_name"]).name, r["reason"])
            console.print(table if rows else "No failed imports recorded.")
            return
        if not paths:
            raise InvalidInputError("PATH", None, "at least one file, folder or archive")
        with Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
                      TextColumn("{task.completed} files"), console=console,
                      transient=True) as bar:
            task = bar.add_task("Importing", total=None)
            report = import_paths(paths, store, progress=lambda n, name: bar.update(
                task, completed=n, description=f"Importing {Path(name).name}"))
    summary = Table("result", "count", title=f"Import of {report.files} file(s)")
    summary.add_row("imported activities", str(len(report.imported)))
    summary.add_row("duplicates skipped", str(len(report.duplicates)))
    summary.add_row("failed files", str(len(report.failed)))
    if report.logs:
        summary.add_row("log CSVs imported", str(len(report.logs)))
    console.print(summary)
    for line in report.logs:
        console.print(line)
    if report.duplicates:
        dup = Table("source", "duplicate of", title="Duplicates skipped")
        for d in report.duplicates:
            dup.add_row(Path(d.source).name, d.duplicate_of)
        console.print(dup)
    if report.failed:
        bad = Table("source", "reason", title="Failed")
        for f in report.failed:
            bad.add_row(Path(f.source).name, f.reason)
        console.print(bad)


@app.command("activities")
def activities_command(
    since: str | None = typer.Option(None, "--since",
                                     help="Only from this date (YYYY-MM-DD, UTC)."),
    fmt: str = typer.Option("table", "--format", help="table, json or csv."),
    data_dir: Path | None = DATA_DIR_OPTION,
) -> None:
    """List stored activities."""
    from runlean.errors import InvalidInputError
    from runlean.store.activities import LIST_COLUMNS, list_activities
    from runlean.store.db import open_store

    if fmt not in ("table", "json", "csv"):
        raise InvalidInputError("--format", fmt, "one of table, json, csv")
    since_dt = None
    if since is not None:
        try:
            since_dt = dt.datetime.combine(dt.date.fromisoformat(since), dt.time(),
                                           tzinfo=dt.UTC)
        except ValueError:
            raise InvalidInputError("--since", since, "a date as YYYY-MM-DD") from None
    with open_store(data_dir) as store:
        rows = [{k: r[k] for k in LIST_COLUMNS} for r in list_activities(store, since=since_dt)]
    if fmt == "json":
        typer.echo(json.dumps(rows, default=_fmt, indent=1))
    elif fmt == "csv":
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=list(LIST_COLUMNS), lineterminator="\n")
        writer.writeheader()
        for r in rows:
            writer.writerow({k: ("" if v is None else
                                 v.isoformat() if isinstance(v, dt.datetime) else v)
                             for k, v in r.items()})
        typer.echo(buf.getvalue(), nl=False)
    else:
        from rich.table import Table

        shown = ("id", "start_utc", "sport", "duration_s", "distance_m", "avg_hr_bpm",
                 "energy_kcal", "energy_method", "device_energy_kcal", "load", "source_file")
        table = Table(*shown, title=f"{len(rows)} activities")
        for r in rows:
            table.add_row(*(_fmt(r[k]) for k in shown))
        console.print(table)


@app.command("activity")
def activity_command(
    activity_id: int = typer.Argument(..., help="Activity id (see 'runlean activities')."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
    data_dir: Path | None = DATA_DIR_OPTION,
) -> None:
    """Show one activity: summary, energy breakdown with methods, HR zones and laps."""
    from rich.table import Table

    from runlean.store.activities import get_activity
    from runlean.store.db import open_store

    with open_store(data_dir) as store:
        row = get_activity(store, activity_id)
    if as_json:
        typer.echo(json.dumps(row, default=_fmt, indent=1))
        return
    info = Table("field", "value", title=f"Activity {activity_id}")
    for key in ("start_utc", "timezone", "sport", "sub_sport", "device", "duration_s",
                "moving_time_s", "distance_m", "ascent_m", "avg_hr_bpm", "max_hr_bpm",
                "avg_speed_m_per_s", "planned_session_uid", "source_file"):
        info.add_row(key, _fmt(row[key]))
    console.print(info)
    energy = Table("figure", "kcal", "method", title="Energy")
    energy.add_row("gross (runlean)", _fmt(row["energy_kcal"]), row["energy_method"] or "")
    energy.add_row("net (runlean)", _fmt(row["net_energy_kcal"]), "gross minus 1 MET")
    energy.add_row("EPOC", _fmt(row["epoc_kcal"]), "epoc model (physiology.md §4.3)")
    energy.add_row("device", _fmt(row["device_energy_kcal"]), "as reported by the device")
    energy.add_row("training load", _fmt(row["load"]), row["load_method"] or "")
    console.print(energy)
    if row["zones_json"]:
        zones = Table("zone", "bpm", "time", title="Heart-rate zones (Karvonen)")
        for z in row["zones_json"]:
            zones.add_row(str(z["zone"]), f"{z['low_bpm']:.0f}-{z['high_bpm']:.0f}",
                          f"{z['time_s'] / 60:.1f} min")
        console.print(zones)
    if row["laps_json"]:
        laps = Table("lap", "start", "elapsed s", "distance m", "avg HR", "kcal", title="Laps")
        for i, lap in enumerate(row["laps_json"], 1):
            laps.add_row(str(i), _fmt(lap.get("start_utc")), _fmt(lap.get("elapsed_s")),
                         _fmt(lap.get("distance_m")), _fmt(lap.get("avg_hr_bpm")),
                         _fmt(lap.get("energy_kcal")))
        console.print(laps)
    for w in row["warnings_json"]:
        console.print(f"warning: {w}")
