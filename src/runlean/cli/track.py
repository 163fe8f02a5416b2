"""Tracking commands: ``runlean log ...`` and ``runlean status``."""

from __future__ import annotations

import datetime as dt
import math
import re
from pathlib import Path
from typing import Any, Literal

import typer

from runlean.cli._app import DATA_DIR_OPTION, RunleanGroup, app, console, err_console
from runlean.cli._options import (
    FORMAT_OPTION,
    UNITS_OPTION,
    OptionField,
    Units,
    as_units,
    in_units,
    option_errors,
    units_in,
)
from runlean.errors import InvalidInputError
from runlean.units import CM_PER_IN, KG_PER_LB, format_mass, kg_to_lb

log_app = typer.Typer(cls=RunleanGroup, no_args_is_help=True,
                      help="Log weight, intake, sleep and tape measurements (one per date).")
app.add_typer(log_app, name="log")


#: Let a negative value (``runlean log intake -200``) reach the range check instead of being
#: read by click as an unknown option ``-2``.
NUMBER_ARG: dict[str, Any] = {"ignore_unknown_options": True}

DATE_OPT = typer.Option(None, "--date", metavar="DATE", help="Date YYYY-MM-DD (default: today).")

#: A number as typed on the command line: ASCII digits, optional sign, decimal point and
#: exponent. Python's float() also reads ``7_2`` as 72 and Arabic-Indic digits; a typo must
#: be an error, not a value. The same rule as log CSVs (``runlean.io.csv_logs``), kept here
#: so that ``runlean log`` starts without importing the io layer.
NUMBER_TEXT = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
#: A date as typed on the command line.
DATE_TEXT = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _projected(d: dict[str, Any]) -> str:
    """When the goal is projected to be reached, and from what."""
    when, source = d["projected_goal_date"], d.get("projection_source")
    if when is None:
        return "beyond 3 years at this intake" if source == "logs" else "—"
    if source == "plan":
        return f"{when} (the plan's projection until your logs can re-estimate it)"
    return f"{when} (re-estimated from your weight and intake logs)"


def _number(field: str, text: str | None) -> float | None:
    """``text`` as a finite number (strict, see :data:`NUMBER_TEXT`); None stays None."""
    if text is None:
        return None
    shown = text if len(text) <= 40 else text[:37] + "..."
    if NUMBER_TEXT.fullmatch(text.strip()) is None:
        raise InvalidInputError(field, shown, "a number written with the digits 0-9 (e.g. "
                                "72.5)")
    value = float(text)
    if not math.isfinite(value):
        raise InvalidInputError(field, shown, "a finite number")
    return value


def _required_number(field: str, text: str) -> float:
    value = _number(field, text)
    if value is None:
        raise InvalidInputError(field, None, "a number")
    return value


def _date(text: str | None) -> dt.date:
    from runlean.tracking.logs import local_today

    if text is None:
        return local_today()
    try:
        if DATE_TEXT.fullmatch(text) is None:
            raise ValueError(text)
        return dt.date.fromisoformat(text)
    except ValueError:
        shown = text if len(text) <= 40 else text[:37] + "..."
        raise InvalidInputError("--date", shown, "a date as YYYY-MM-DD") from None


def _store(data_dir: Path | None) -> Any:
    from runlean.store.db import open_store

    return open_store(data_dir)


#: Log fields and the argument or option that sets them (errors name it).
LOG_FIELDS: dict[str, OptionField] = {
    "weight_kg": OptionField("weight", "mass"), "kcal": OptionField("kcal"),
    "protein_g": OptionField("--protein"), "carbs_g": OptionField("--carbs"),
    "fat_g": OptionField("--fat"), "hours": OptionField("hours"),
    "waist_cm": OptionField("waist", "length"), "neck_cm": OptionField("neck", "length"),
    "hip_cm": OptionField("hip", "length"), "date": OptionField("--date"),
}

#: ``--unit``: the old per-value spelling of ``--units`` (kg or lb, cm or in), kept hidden.
UNIT_ALIAS = typer.Option(None, "--unit", hidden=True)


def _system(units: Units, unit: str | None, allowed: dict[str, Units], field: str) -> Units:
    """The unit system: ``--units``, or the old ``--unit kg|lb`` (``cm|in``) when given."""
    if unit is None:
        return units
    key = unit.strip().lower()
    if key not in allowed:
        raise InvalidInputError(f"--unit ({field})", unit, "one of " + ", ".join(allowed))
    return allowed[key]


def _say(result: Any, units: Units) -> None:
    """A log call's result on stdout, its warnings on stderr."""
    console.print(result.message(as_units(units)), markup=False, soft_wrap=True)
    for warning in result.warnings:
        err_console.print(f"warning: {warning}", markup=False, soft_wrap=True)


@log_app.command("weight", context_settings=NUMBER_ARG)
def log_weight_cmd(value: str = typer.Argument(..., help="Scale weight [kg, or lb with "
                                               "--units imperial].", metavar="WEIGHT"),
                   date: str | None = DATE_OPT,
                   units: Units | None = UNITS_OPTION,
                   unit: str | None = UNIT_ALIAS,
                   data_dir: Path | None = DATA_DIR_OPTION) -> None:
    """Log the morning weight of a day."""
    from runlean.tracking.logs import log_weight

    number = _required_number("weight", value)
    with _store(data_dir) as store:
        system = _system(units_in(units, store), unit, {"kg": "metric", "lb": "imperial"},
                         "weight")
        kg = number * KG_PER_LB if system == "imperial" else number
        with option_errors(LOG_FIELDS, system):
            _say(log_weight(store, _date(date), kg), system)


@log_app.command("intake", context_settings=NUMBER_ARG)
def log_intake_cmd(kcal: str = typer.Argument(..., help="Energy eaten [kcal].", metavar="KCAL"),
                   date: str | None = DATE_OPT,
                   protein: str | None = typer.Option(None, "--protein", help="Protein [g].",
                                                      metavar="GRAMS"),
                   carbs: str | None = typer.Option(None, "--carbs", help="Carbohydrate [g].",
                                                    metavar="GRAMS"),
                   fat: str | None = typer.Option(None, "--fat", help="Fat [g].",
                                                  metavar="GRAMS"),
                   data_dir: Path | None = DATA_DIR_OPTION) -> None:
    """Log what was eaten on a day (a warning when the macros hold clearly more energy,
    at 4/4/9 kcal/g, than the kcal logged)."""
    from runlean.tracking.logs import log_intake

    with _store(data_dir) as store, option_errors(LOG_FIELDS):
        _say(log_intake(store, _date(date), _required_number("kcal", kcal),
                        protein_g=_number("--protein", protein),
                        carbs_g=_number("--carbs", carbs),
                        fat_g=_number("--fat", fat)), "metric")


@log_app.command("sleep", context_settings=NUMBER_ARG)
def log_sleep_cmd(hours: str = typer.Argument(..., help="Hours slept.", metavar="HOURS"),
                  date: str | None = DATE_OPT,
                  data_dir: Path | None = DATA_DIR_OPTION) -> None:
    """Log the hours slept in the night ending on a day."""
    from runlean.tracking.logs import log_sleep

    with _store(data_dir) as store, option_errors(LOG_FIELDS):
        _say(log_sleep(store, _date(date), _required_number("hours", hours)), "metric")


def _tape(name: str, value: str, date: str | None, units: Units | None, unit: str | None,
          data_dir: Path | None) -> None:
    from runlean.tracking.logs import log_measurement, navy_body_fat_now

    number = _required_number(name, value)
    with _store(data_dir) as store:
        system = _system(units_in(units, store), unit, {"cm": "metric", "in": "imperial"},
                         name)
        cm = number * CM_PER_IN if system == "imperial" else number
        with option_errors(LOG_FIELDS, system):
            result = log_measurement(store, _date(date),
                                     waist_cm=cm if name == "waist" else None,
                                     neck_cm=cm if name == "neck" else None,
                                     hip_cm=cm if name == "hip" else None)
        _say(result, system)
        bf = navy_body_fat_now(store)
        if bf is not None:
            console.print(f"US Navy body fat: {bf:.1f} % (tape; ±3-4 points)")


LENGTH_HELP = " [cm, or in with --units imperial]."


@log_app.command("waist", context_settings=NUMBER_ARG)
def log_waist_cmd(value: str = typer.Argument(..., help="Waist circumference (at navel)"
                                              + LENGTH_HELP, metavar="LENGTH"),
                  date: str | None = DATE_OPT,
                  units: Units | None = UNITS_OPTION,
                  unit: str | None = UNIT_ALIAS,
                  data_dir: Path | None = DATA_DIR_OPTION) -> None:
    """Log the waist circumference."""
    _tape("waist", value, date, units, unit, data_dir)


@log_app.command("neck", context_settings=NUMBER_ARG)
def log_neck_cmd(value: str = typer.Argument(..., help="Neck circumference" + LENGTH_HELP,
                                             metavar="LENGTH"),
                 date: str | None = DATE_OPT,
                 units: Units | None = UNITS_OPTION,
                 unit: str | None = UNIT_ALIAS,
                 data_dir: Path | None = DATA_DIR_OPTION) -> None:
    """Log the neck circumference."""
    _tape("neck", value, date, units, unit, data_dir)


@log_app.command("hip", context_settings=NUMBER_ARG)
def log_hip_cmd(value: str = typer.Argument(..., help="Hip circumference" + LENGTH_HELP,
                                            metavar="LENGTH"),
                date: str | None = DATE_OPT,
                units: Units | None = UNITS_OPTION,
                unit: str | None = UNIT_ALIAS,
                data_dir: Path | None = DATA_DIR_OPTION) -> None:
    """Log the hip circumference."""
    _tape("hip", value, date, units, unit, data_dir)


FILES_ARG = typer.Argument(..., help="CSV log files.", metavar="FILE...")


@log_app.command("import")
def log_import_cmd(files: list[Path] = FILES_ARG,
                   data_dir: Path | None = DATA_DIR_OPTION) -> None:
    """Import log CSVs (runlean's generic format or a Withings weight.csv); each file is
    all-or-nothing."""
    from runlean.tracking.logs import import_log_csv

    with _store(data_dir) as store:
        for f in files:
            # The message holds the file's name: printed literally, never as markup.
            console.print(import_log_csv(store, f).message(), markup=False)


def _fmt(v: Any, spec: str = ".1f", unit: str = "") -> str:
    return "— (see Missing)" if v is None else f"{v:{spec}}{unit}"


@app.command("status")
def status_cmd(fmt: Literal["text", "json"] = FORMAT_OPTION,
               units: Units | None = UNITS_OPTION,
               data_dir: Path | None = DATA_DIR_OPTION) -> None:
    """Where you stand: trend weight, real expenditure, targets, training load, next steps.

    Warnings go to standard error; with --format json they are in the JSON only.
    """
    from runlean.tracking.status import status

    with _store(data_dir) as store:
        system = as_units(units_in(units, store))
        rep = status(store, units="metric" if fmt == "json" else system)
    if fmt == "json":
        from runlean.io.safe_output import dumps_json

        typer.echo(dumps_json(rep.to_dict(), indent=2))
        return
    d = rep.to_dict()
    rate = d["weight_rate_kg_per_week"]

    def mass(kg: Any, digits: int = 1) -> str:
        return "— (see Missing)" if kg is None else format_mass(kg, system, digits)

    lines = [
        f"Status on {d['as_of']}",
        f"  Trend weight      {mass(d['trend_weight_kg'])}"
        + ("" if rate is None else f"  ({rate:+.2f} kg/week)" if system == "metric"
           else f"  ({kg_to_lb(rate):+.2f} lb/week)"),
        f"  Expenditure       {_fmt(d['expenditure_estimate_kcal_per_day'], '.0f', ' kcal/day')}"
        + ("" if d["expenditure_uncertainty_kcal_per_day"] is None else
           f" ± {d['expenditure_uncertainty_kcal_per_day']:.0f}"
           f"  [{d['expenditure_source']}]"),
        f"  Intake target     {_fmt(d['intake_target_kcal_per_day'], '.0f', ' kcal/day')}",
        f"  Goal              {mass(d['goal_weight_kg'])} by "
        f"{d['goal_date'] or 'no date'}; projected {_projected(d)}",
        f"  Leg fat           {mass(d['leg_fat_kg'], 2)}",
        f"  Load CTL/ATL/TSB  {_fmt(d['ctl'], '.0f')} / {_fmt(d['atl'], '.0f')} / "
        f"{_fmt(d['tsb'], '.0f')}   ACWR {_fmt(d['acwr'], '.2f')}",
        *([f"  Planned load      {d['planned_load_today']:.0f} today, "
           f"{d['planned_load_next_7_days']:.0f} in the next 7 days [TRIMP] "
           "(not counted until done)"] if d.get("planned_load_today") is not None else []),
    ]
    if d["sleep_avg_h"] is not None:
        lines.append(f"  Sleep (7 days)    {d['sleep_avg_h']:.1f} h/night")
    if d["navy_body_fat_pct"] is not None:
        lines.append(f"  Navy body fat     {d['navy_body_fat_pct']:.1f} %")
    if d["running_volume"]:
        lines.append(f"  Running volume    {d['running_volume']} next week")
    for title, key in (("Missing", "missing"), ("Next week", "recommendation")):
        if d[key]:
            lines.append(f"{title}:")
            lines.extend(f"  - {in_units(x, system)}" for x in d[key])
    for warning in d["warnings"]:
        err_console.print(f"warning: {in_units(warning, system)}", markup=False,
                          soft_wrap=True)
    console.print("\n".join(lines), markup=False, soft_wrap=True)  # piped: whole lines


@app.command("report")
def report_cmd(out: Path = typer.Option(..., "--out", metavar="DIR", help="Output folder."),
               units: Units | None = UNITS_OPTION,
               data_dir: Path | None = DATA_DIR_OPTION) -> None:
    """Write an offline HTML progress report (progress.html) into --out."""
    from runlean.report.progress_report import write_progress_report

    with _store(data_dir) as store:
        path = write_progress_report(store, out, units=units_in(units, store))
    console.print(f"wrote {path}", markup=False)
