"""``runlean import``, ``runlean activities`` and ``runlean activity ID``."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path
from typing import Any, Literal

import typer

from runlean.cli._app import DATA_DIR_OPTION, app, console, err_console
from runlean.cli._options import FORMAT_OPTION, JSON_ALIAS, UNITS_OPTION, Units, units_in

PATHS_ARGUMENT = typer.Argument(None, help="Files, folders or export archives.",
                                metavar="PATH...")


#: Metres in a mile (international mile, 1959).
METRES_PER_MILE = 1609.344
#: Feet in a metre (international foot, 1959: 0.3048 m).
FEET_PER_METRE = 1 / 0.3048

#: Largest activity id SQLite (and PostgreSQL ``bigint``) can hold.
MAX_ACTIVITY_ID = 2**63 - 1


def _finite(value: Any) -> float | None:
    """``value`` as a finite float, else None (None, text, NaN, infinities, booleans)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def _plain(value: Any) -> Any:
    """A rich ``Text`` showing ``value`` literally: text from files is never read as markup
    (``[/]`` in a sport name) and loses its control characters (escape sequences)."""
    from rich.text import Text

    from runlean.io.limits import MAX_NAME_CHARS
    from runlean.io.sanitise import clean_text

    return Text("" if value is None else clean_text(value, MAX_NAME_CHARS))


def _fmt(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.1f}" if math.isfinite(value) else ""
    if isinstance(value, dt.datetime):
        return value.isoformat()
    return str(value)


def _local_start(row: dict[str, Any]) -> dt.datetime | None:
    """The activity's start in its own local time (stored zone, else offset, else UTC)."""
    start = row.get("start_utc")
    if not isinstance(start, dt.datetime):
        return None
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    zone = row.get("timezone")
    try:
        if zone:
            try:
                return start.astimezone(ZoneInfo(str(zone)))
            except (ZoneInfoNotFoundError, ValueError):
                pass
        offset = _finite(row.get("utc_offset_s"))
        if offset is not None and abs(offset) < 86_400:
            return start.astimezone(dt.timezone(dt.timedelta(seconds=offset)))
    except OverflowError:  # a start at the very edge of the calendar
        pass
    return start


def _start_text(row: dict[str, Any]) -> str:
    local = _local_start(row)
    if local is None:
        return "(no absolute time)"
    return f"{local:%Y-%m-%d %H:%M} {local.tzname() or ''}".rstrip()


def _duration_text(seconds: Any) -> str:
    value = _finite(seconds)
    if value is None:
        return ""
    total = round(value)
    sign = "-" if total < 0 else ""
    total = abs(total)
    return f"{sign}{total // 3600}:{total % 3600 // 60:02d}:{total % 60:02d}"


def _km(meters: Any, units: str = "metric") -> str:
    """A distance in km (miles in imperial), two decimals, without the unit."""
    value = _finite(meters)
    if value is None:
        return ""
    return f"{value / 1000 if units == 'metric' else value / METRES_PER_MILE:.2f}"


def _km_unit(units: str) -> str:
    return "km" if units == "metric" else "mi"


def _per(amount: float, per: float) -> float | None:
    """``amount / per`` when it is a finite number (zero and subnormal divisors give None)."""
    try:
        value = amount / per
    except (ZeroDivisionError, OverflowError):
        return None
    return value if math.isfinite(value) else None


def _pace_text(row: dict[str, Any], units: str = "metric") -> str:
    """Pace for foot sports (min/km or min/mi), per 100 m for swims, speed (km/h or mph)
    otherwise.

    Empty when distance or time is missing, zero, not finite, or gives no finite pace.
    """
    from runlean.store.activities import sport_family

    dist = _finite(row.get("distance_m"))
    time_s = _finite(row.get("moving_time_s")) or _finite(row.get("duration_s"))
    if dist is None or time_s is None or dist <= 0 or time_s <= 0:
        return ""
    family = sport_family(row.get("sport"))
    if family in ("run", "walk", "hike", "swim"):
        unit, per_m = (("/100m", 100.0) if family == "swim" else ("/km", 1000.0)
                       if units == "metric" else ("/mi", METRES_PER_MILE))
        pace = _per(time_s * per_m, dist)
        if pace is None or pace >= 360_000:  # slower than 100 h per unit: not a pace
            return ""
        seconds = round(pace)
        return f"{seconds // 60}:{seconds % 60:02d} {unit}"
    speed = _per(dist, time_s)
    if speed is None:
        return ""
    return f"{speed * 3.6:.1f} km/h" if units == "metric" else \
        f"{speed * 3600 / METRES_PER_MILE:.1f} mph"


def _num(value: Any, digits: int = 0) -> str:
    number = _finite(value)
    return "" if number is None else f"{number:.{digits}f}"


def activities_table(rows: list[dict[str, Any]], *, wide: bool = False,
                     units: str = "metric") -> Any:
    """The ``runlean activities`` table: 9 narrow columns that fit 80 terminal columns.

    ``pace`` is min/km for foot sports, min/100 m for swims and km/h otherwise (min/mi and
    mph with ``units="imperial"``, whose distances are in miles).
    Dates and numbers never wrap (``no_wrap``); only the sport (and, with ``wide``, the
    file name) is shortened with an ellipsis. ``wide`` adds the device's kcal, the time zone
    and the source file.
    """
    from rich.table import Table

    table = Table(title=f"{len(rows)} activities", box=None, pad_edge=False,
                  padding=(0, 1), header_style="bold underline",
                  caption="kcal: runlean's gross estimate ('runlean activity ID' shows the "
                  "method); load: training load")
    table.add_column("id", justify="right", no_wrap=True)
    table.add_column("start (local)", no_wrap=True)
    table.add_column("sport", overflow="ellipsis", no_wrap=True, max_width=10)
    table.add_column("time", justify="right", no_wrap=True)
    table.add_column(_km_unit(units), justify="right", no_wrap=True)
    table.add_column("pace", justify="right", no_wrap=True)
    table.add_column("HR", justify="right", no_wrap=True)
    table.add_column("kcal", justify="right", no_wrap=True)
    if wide:
        table.add_column("device kcal", justify="right", no_wrap=True)
    table.add_column("load", justify="right", no_wrap=True)
    if wide:
        table.add_column("zone", no_wrap=True)
        table.add_column("file", overflow="ellipsis", no_wrap=True, max_width=40)
    for r in rows:
        local = _local_start(r)
        start = "(no time)" if local is None else f"{local:%Y-%m-%d %H:%M}"
        cells = [str(r["id"]), start, _plain(r["sport"]), _duration_text(r["duration_s"]),
                 _km(r["distance_m"], units), _pace_text(r, units), _num(r["avg_hr_bpm"]),
                 _num(r["energy_kcal"])]
        if wide:
            cells.append(_num(r["device_energy_kcal"]))
        cells.append(_num(r["load"]))
        if wide:
            cells += [_plain(r.get("timezone")), _plain(_file_name(r["source_file"]))]
        table.add_row(*cells)
    return table


def _file_name(source: Any) -> str:
    """A source name without its folders: ``run.fit``, or ``export.zip!activities/1.gpx``
    for an archive member (the member's path is kept whole: it may contain ``/``)."""
    text = str(source or "")
    outer, bang, member = text.partition("!")
    return Path(outer).name + bang + member


@app.command("import")
def import_command(
    paths: list[str] | None = PATHS_ARGUMENT,
    failed: bool = typer.Option(False, "--failed", help="List the recorded failed imports."),
    batches: bool = typer.Option(False, "--batches", help="List the import batches, newest "
                                 "first (each import is one batch)."),
    undo: int | None = typer.Option(None, "--undo", metavar="BATCH", help="Undo import batch "
                                    "BATCH: delete its activities, their stream files and its "
                                    "file records (asks first)."),
    yes: bool = typer.Option(False, "--yes", "-y", help="Undo without asking."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="List each duplicate skipped "
                                 "(by default one line counts them)."),
    data_dir: Path | None = DATA_DIR_OPTION,
) -> None:
    """Import activity files (FIT, GPX, TCX, .gz, Strava/Garmin export zips) and log CSVs.

    Each import is a batch that 'runlean import --undo BATCH' removes again (log values from
    CSVs are not undone). Exits 1 when sources failed and nothing was imported (nor found
    already imported), and when an undo is not confirmed. Warnings and failures go to
    standard error.
    """
    from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn
    from rich.table import Table

    from runlean.errors import InvalidInputError
    from runlean.store.activities import list_failed_imports
    from runlean.store.db import open_store
    from runlean.tracking.importing import import_paths

    if undo is not None and (paths or failed or batches):
        raise InvalidInputError("--undo", undo, "alone (not with paths, --failed or --batches)")
    with open_store(data_dir) as store:
        if batches:
            _print_batches(store)
            return
        if undo is not None:
            _undo_batch(store, undo, yes)
            return
        if failed:
            rows = list_failed_imports(store)
            table = Table("at (UTC)", "source", "reason", title="Failed imports")
            for r in rows:
                table.add_row(_fmt(r["at"]), _plain(_file_name(r["source_name"])),
                              _plain(r["reason"]))
            console.print(table if rows else "No failed imports recorded.")
            return
        if not paths:
            raise InvalidInputError("PATH", None, "at least one file, folder or archive")
        if any(not p.strip() for p in paths):
            raise InvalidInputError("PATH", "", "a file, folder or archive (an empty path "
                                    "is refused; use '.' for the current folder)")
        from rich.markup import escape

        from runlean.io.sanitise import clean_text

        with Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
                      TextColumn("{task.completed} files"), console=console,
                      transient=True) as bar:
            task = bar.add_task("Importing", total=None)
            report = import_paths(
                [Path(p) for p in paths], store, progress=lambda n, name: bar.update(
                    task, completed=n,
                    description=f"Importing {escape(clean_text(_file_name(name)))}"))
    summary = Table("result", "count", title=f"Import of {report.files} file(s)")
    summary.add_row("imported activities", str(len(report.imported)))
    summary.add_row("failed files", str(len(report.failed)))
    if report.logs:
        summary.add_row("log CSVs imported", str(len(report.logs)))
    console.print(summary)
    n_dup = len(report.duplicates)
    if n_dup:
        console.print(f"{n_dup} duplicate{'' if n_dup == 1 else 's'} skipped (already "
                      "stored)" + ("" if verbose else "; --verbose lists them") + ".",
                      soft_wrap=True)
    if report.batch_id is not None:
        console.print(f"Import batch {report.batch_id} ('runlean import --undo "
                      f"{report.batch_id}' removes what it stored).", soft_wrap=True)
    for line in report.logs:
        console.print(_plain(line))
    for line in report.warnings:
        err_console.print(_plain(f"warning: {line}"), soft_wrap=True)
    if report.duplicates and verbose:
        dup = Table("source", "duplicate of", title="Duplicates skipped")
        for d in report.duplicates:
            dup.add_row(_plain(_file_name(d.source)), _plain(d.duplicate_of))
        console.print(dup)
    if report.failed:
        bad = Table("source", "reason", title="Failed")
        for f in report.failed:
            bad.add_row(_plain(_file_name(f.source)), _plain(f.reason))
        err_console.print(bad)
        if not (report.imported or report.duplicates or report.logs):
            typer.echo(f"runlean: error: nothing imported ({len(report.failed)} source(s) "
                       "failed)", err=True)
            raise typer.Exit(1)


@app.command("activities")
def activities_command(
    since: str | None = typer.Option(None, "--since", metavar="DATE",
                                     help="Only from this date (YYYY-MM-DD, UTC)."),
    fmt: Literal["table", "text", "json", "csv"] = typer.Option(
        "table", "--format", case_sensitive=False,
        help="table (or text, the same), json or csv (json and csv in metric units)."),
    wide: bool = typer.Option(False, "--wide", help="Table with every column (device kcal, "
                              "time zone, file); needs about 130 columns."),
    units: Units | None = UNITS_OPTION,
    data_dir: Path | None = DATA_DIR_OPTION,
) -> None:
    """List stored activities (the table fits 80 columns; --wide shows more)."""
    from runlean.errors import InvalidInputError
    from runlean.store.activities import LIST_COLUMNS, list_activities
    from runlean.store.db import open_store

    since_dt = None
    if since is not None:
        try:
            since_dt = dt.datetime.combine(dt.date.fromisoformat(since), dt.time(),
                                           tzinfo=dt.UTC)
        except ValueError:
            raise InvalidInputError("--since", since, "a date as YYYY-MM-DD") from None
    with open_store(data_dir) as store:
        stored = list_activities(store, since=since_dt)
        system = units_in(units, store)
    columns = ["id", "start_utc", "start_local", *LIST_COLUMNS[2:]]
    rows = []
    for r in stored:
        row: dict[str, Any] = {k: r[k] for k in LIST_COLUMNS}
        row["start_local"] = _local_start(r)
        rows.append({k: row[k] for k in columns})
    if fmt == "json":
        from runlean.io.safe_output import dumps_json

        typer.echo(dumps_json(rows, indent=1))
    elif fmt == "csv":
        from runlean.io.safe_output import csv_text

        typer.echo(csv_text(columns, rows), nl=False)
    else:
        console.print(activities_table(rows, wide=wide, units=system))


@app.command("activity")
def activity_command(
    activity_id: int = typer.Argument(..., help="Activity id (see 'runlean activities').",
                                      metavar="ID"),
    fmt: Literal["text", "json"] = FORMAT_OPTION,
    json_alias: bool = JSON_ALIAS,
    units: Units | None = UNITS_OPTION,
    sport: str | None = typer.Option(
        None, "--sport", metavar="SPORT", help="Correct the sport (running, cycling, walking, "
        "hiking, swimming, rowing, cross_country_skiing, training) and recompute energy and load."),
    delete: bool = typer.Option(False, "--delete", help="Delete the activity and its stream "
                                "file (asks first)."),
    yes: bool = typer.Option(False, "--yes", "-y", help="Delete without asking."),
    data_dir: Path | None = DATA_DIR_OPTION,
) -> None:
    """Show one activity: summary, energy breakdown with methods, HR zones and laps.

    With --delete, delete it (exits 1 when the deletion is not confirmed).
    """
    from rich.table import Table

    from runlean.errors import InvalidInputError
    from runlean.io.safe_output import dumps_json
    from runlean.io.sanitise import clean_text
    from runlean.store.activities import get_activity
    from runlean.store.db import open_store
    from runlean.tracking.energy import set_activity_sport

    as_json = json_alias or fmt == "json"
    if not 1 <= activity_id <= MAX_ACTIVITY_ID:
        raise InvalidInputError("ACTIVITY_ID", activity_id,
                                f"a whole number from 1 to {MAX_ACTIVITY_ID} (see 'runlean "
                                "activities')")
    if delete and (sport is not None or as_json):
        raise InvalidInputError("--delete", True, "alone (not with --sport or --format "
                                "json)")
    with open_store(data_dir) as store:
        units = units_in(units, store)
        if delete:
            _delete_activity(store, activity_id, yes, units)
            return
        if sport is not None:
            before = get_activity(store, activity_id)
            row = set_activity_sport(store, activity_id, sport)
            if not as_json:
                console.print(_plain(
                    f"Sport of activity {activity_id}: {clean_text(before['sport'])} -> "
                    f"{clean_text(row['sport'])}; energy {_num(before['energy_kcal'])} -> "
                    f"{_num(row['energy_kcal'])} kcal ({clean_text(row['energy_method'])}), "
                    f"load {_num(before['load'])} -> {_num(row['load'])}"))
        else:
            row = get_activity(store, activity_id)
    if as_json:
        typer.echo(dumps_json(row, indent=1))
        return
    info = Table("field", "value", title=f"Activity {activity_id}")
    sport = (row["sport"] or "") + (f" ({row['sub_sport']})" if row["sub_sport"] else "")
    items = [
        ("start (local)", _start_text(row)),
        ("start (UTC)", _fmt(row["start_utc"])),
        ("time zone", row["timezone"] or ""),
        ("sport", sport),
        ("device", row["device"] or ""),
        ("duration", _duration_text(row["duration_s"])),
        ("moving time", _duration_text(row["moving_time_s"])),
        ("distance", f"{_km(row['distance_m'], units)} {_km_unit(units)}"
         if _finite(row["distance_m"]) is not None else ""),
        ("distance from", row["distance_source"] or ""),
        ("pace / speed", _pace_text(row, units)),
        ("ascent", "" if (ascent := _finite(row["ascent_m"])) is None
         else f"{ascent:.0f} m" if units == "metric" else f"{ascent * FEET_PER_METRE:.0f} ft"),
        ("heart rate avg / max",
         f"{_num(row['avg_hr_bpm'])} / {_num(row['max_hr_bpm'])} bpm"
         if row["avg_hr_bpm"] is not None else ""),
        ("samples", str(row["n_samples"])),
        ("planned session", row["planned_session_uid"] or ""),
        ("source file", row["source_file"]),
    ]
    for key, value in items:
        info.add_row(key, _plain(value))
    console.print(info)
    energy = Table("figure", "kcal", "method", title="Energy")
    energy.add_row("gross (runlean)", _fmt(row["energy_kcal"]), _plain(row["energy_method"]))
    energy.add_row("net (runlean)", _fmt(row["net_energy_kcal"]), "gross minus 1 MET")
    energy.add_row("EPOC", _fmt(row["epoc_kcal"]),
                   "after-burn: share of net energy by intensity (LaForgia 1997)")
    energy.add_row("device", _fmt(row["device_energy_kcal"]), "as reported by the device")
    energy.add_row("training load", _fmt(row["load"]), _plain(row["load_method"]))
    console.print(energy)
    if row["zones_json"]:
        zones = Table("zone", "bpm", "time", title="Heart-rate zones (Karvonen)")
        for z in row["zones_json"]:
            minutes = _finite(z.get("time_s"))
            zones.add_row(_plain(z.get("zone")),
                          f"{_num(z.get('low_bpm'))}-{_num(z.get('high_bpm'))}",
                          "" if minutes is None else f"{minutes / 60:.1f} min")
        console.print(zones)
    if row["laps_json"]:
        laps = Table("lap", "start (local)", "time", _km_unit(units), "avg HR", "kcal",
                     title="Laps")
        for i, lap in enumerate(row["laps_json"], 1):
            start = lap.get("start_utc")
            lap_start = ""
            if isinstance(start, str):
                try:
                    local = _local_start({**row,
                                          "start_utc": dt.datetime.fromisoformat(start)})
                except ValueError:
                    local = None
                lap_start = "" if local is None else f"{local:%H:%M:%S}"
            laps.add_row(str(i), lap_start,
                         _duration_text(lap.get("timer_s") or lap.get("elapsed_s")),
                         _km(lap.get("distance_m"), units), _num(lap.get("avg_hr_bpm")),
                         _num(lap.get("energy_kcal")))
        console.print(laps)
    for w in row["warnings_json"] or []:
        console.print(_plain(f"warning: {w}"))
    for note in row["sanitised_json"] or []:
        console.print(_plain(f"cleaned: {note}"))


def _confirm(question: str, yes: bool) -> None:
    """Ask ``question`` unless ``yes``; exit 1 with "Nothing deleted." on no (or no answer)."""
    if yes:
        return
    try:
        confirmed = typer.confirm(question, default=False, abort=False)
    except typer.Abort:  # no answer (end of input, Ctrl-C): that is a no
        typer.echo("")
        confirmed = False
    if not confirmed:
        console.print("Nothing deleted.")
        raise typer.Exit(1)


def _local_text(value: Any) -> str:
    if not isinstance(value, dt.datetime):
        return "-"
    return f"{value.astimezone():%Y-%m-%d %H:%M}"


def _print_batches(store: Any) -> None:
    """``runlean import --batches``: one row per import batch, newest first."""
    from rich.markup import escape
    from rich.table import Table

    from runlean.store.batches import list_batches

    rows = list_batches(store)
    if not rows:
        console.print("No import batches recorded.")
        return
    table = Table("batch", "started (local)", "files", "activities", "status", "sources",
                  title="Import batches ('runlean import --undo BATCH' removes one)")
    for b in rows:
        status = "done" if b["finished_at"] is not None else "running or interrupted"
        sources = ", ".join(Path(p).name or p for p in b["sources"])
        table.add_row(str(b["id"]), _local_text(b["started_at"]), str(b["n_files"]),
                      str(b["n_activities"]), status, escape(sources))
    console.print(table)


def _undo_batch(store: Any, batch_id: int, yes: bool) -> None:
    """``runlean import --undo BATCH``: say what goes, ask, delete."""
    from runlean.store.batches import describe_batch, undo_batch

    batch = describe_batch(store, batch_id)
    sources = ", ".join(batch["sources"])
    console.print(f"Import batch {batch_id} of {_local_text(batch['started_at'])} ({sources}): "
                  f"{batch['n_activities']} activities and their stream files will be deleted, "
                  "and its files forgotten (importing them again stores them again).",
                  markup=False, highlight=False, soft_wrap=True)
    _confirm(f"Undo import batch {batch_id}?", yes)
    result = undo_batch(store, batch_id)
    console.print(f"Undid import batch {batch_id}: deleted {result.activities} activities "
                  f"({result.streams_removed} stream files) and forgot {result.files} "
                  "imported files.", soft_wrap=True)


def _delete_activity(store: Any, activity_id: int, yes: bool, units: str = "metric") -> None:
    """``runlean activity ID --delete``: say which activity, ask, delete."""
    from runlean.store.activities import delete_activity, get_activity

    row = get_activity(store, activity_id)
    distance = (f", {_km(row['distance_m'], units)} {_km_unit(units)}"
                if row["distance_m"] is not None else "")
    console.print(_plain(f"Activity {activity_id}: {row['sport']} on {_start_text(row)}, "
                         f"{_duration_text(row['duration_s'])}{distance}, from "
                         f"{row['source_file']}"), soft_wrap=True)
    _confirm(f"Delete activity {activity_id}?", yes)
    delete_activity(store, activity_id)
    console.print(f"Deleted activity {activity_id} and its stream file. Its file stays "
                  "recorded as imported, so importing it again does not bring it back.",
                  soft_wrap=True)
