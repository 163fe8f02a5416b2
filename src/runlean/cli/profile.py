"""``runlean profile show`` and ``runlean profile set``: the stored person and habits."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

import typer

from runlean.cli._app import DATA_DIR_OPTION, RunleanGroup, app, console
from runlean.cli._options import (
    AGE_OPTION,
    BODY_FAT_OPTION,
    FORMAT_OPTION,
    HEIGHT_OPTION,
    JSON_ALIAS,
    MAX_HR_OPTION,
    PAL_OPTION,
    RESTING_HR_OPTION,
    SEX_OPTION,
    SLEEP_HOURS_ALIAS,
    SLEEP_OPTION,
    TIMEZONE_OPTION,
    UNITS_OPTION,
    WEIGHT_OPTION,
    OptionField,
    Units,
    as_units,
    one_of,
    option_errors,
)
from runlean.units import format_length, format_mass, in_to_cm, lb_to_kg

profile_app = typer.Typer(cls=RunleanGroup, no_args_is_help=True,
                          help="Show or change the stored profile (body and habits).")
app.add_typer(profile_app, name="profile")


@profile_app.command("show")
def show(
    data_dir: Path | None = DATA_DIR_OPTION,
    fmt: Literal["text", "json"] = FORMAT_OPTION,
    as_json: bool = JSON_ALIAS,
    units: Units | None = UNITS_OPTION,
) -> None:
    """Show the stored profile."""
    from runlean.errors import NotFoundError
    from runlean.store.db import open_store, store_exists
    from runlean.store.profile import load_profile

    loaded = None
    if store_exists(data_dir):
        with open_store(data_dir) as store:
            loaded = load_profile(store)
    if loaded is not None and units is None:
        units = loaded[0].units
    if loaded is None:
        raise NotFoundError("no profile stored yet; create one with 'runlean profile set "
                            "--sex ... --age ... --height ... --weight ...'")
    person, habits = loaded
    data = {"person": person.model_dump(mode="json"), "habits": habits.model_dump(mode="json")}
    if as_json or fmt == "json":
        from runlean.io.safe_output import dumps_json

        typer.echo(dumps_json(data, indent=2))
        return
    from rich.table import Table

    system = as_units(units or "metric")
    shown = {"height_cm": lambda v: format_length(v, system),
             "weight_kg": lambda v: format_mass(v, system)}
    suffixes = {"_years": " y", "_pct": " %", "_bpm": " bpm", "_ml_per_kg_min": " ml/kg/min",
                "_hours": " h", "_g_per_kg": " g/kg", "_cm": "", "_kg": ""}
    table = Table("field", "value", title="Profile")
    for section in ("person", "habits"):
        for key, value in data[section].items():
            if value is None:
                continue
            suffix = next((s for s in suffixes if key.endswith(s)), "")
            label = key.removesuffix(suffix).replace("_", " ")
            text = (shown[key](value) if key in shown
                    else f"{value:g}{suffixes[suffix]}" if isinstance(value, float) and suffix
                    else str(value))
            table.add_row(label, text)
    console.print(table)


#: Model fields and the ``profile set`` options that set them (errors name the option).
PROFILE_FIELDS: dict[str, OptionField] = {
    "sex": OptionField("--sex"), "age_years": OptionField("--age"),
    "height_cm": OptionField("--height", "length"), "weight_kg": OptionField("--weight", "mass"),
    "body_fat_pct": OptionField("--body-fat"), "resting_hr_bpm": OptionField("--resting-hr"),
    "max_hr_bpm": OptionField("--max-hr"), "vo2max_ml_per_kg_min": OptionField("--vo2max"),
    "timezone": OptionField("--timezone"), "pal": OptionField("--pal"),
    "sleep_hours": OptionField("--sleep"), "strength_sessions_per_week": OptionField("--strength"),
    "protein_g_per_kg": OptionField("--protein-g-per-kg"),
}


@profile_app.command("set")
def set_profile(
    units: Units | None = UNITS_OPTION,
    sex: Literal["female", "male"] | None = SEX_OPTION,
    age: float | None = AGE_OPTION,
    height: float | None = HEIGHT_OPTION,
    weight: float | None = WEIGHT_OPTION,
    height_cm: float | None = typer.Option(None, "--height-cm", hidden=True),
    height_in: float | None = typer.Option(None, "--height-in", hidden=True),
    weight_kg: float | None = typer.Option(None, "--weight-kg", hidden=True),
    weight_lb: float | None = typer.Option(None, "--weight-lb", hidden=True),
    body_fat: float | None = BODY_FAT_OPTION,
    body_fat_pct: float | None = typer.Option(None, "--body-fat-pct", hidden=True),
    resting_hr: float | None = RESTING_HR_OPTION,
    max_hr: float | None = MAX_HR_OPTION,
    vo2max: float | None = typer.Option(None, "--vo2max", metavar="ML_KG_MIN",
                                        help="VO2max [ml/kg/min]."),
    pal: float | None = PAL_OPTION,
    sleep: float | None = SLEEP_OPTION,
    sleep_hours: float | None = SLEEP_HOURS_ALIAS,
    strength: int | None = typer.Option(None, "--strength", metavar="SESSIONS",
                                        help="Strength sessions per week."),
    strength_sessions: int | None = typer.Option(None, "--strength-sessions", hidden=True),
    protein_g_per_kg: float | None = typer.Option(None, "--protein-g-per-kg",
                                                  metavar="G_PER_KG",
                                                  help="Protein [g/kg/day]."),
    timezone: str | None = TIMEZONE_OPTION,
    data_dir: Path | None = DATA_DIR_OPTION,
) -> None:
    """Create or update the profile; options not given keep their stored value.

    Heights and weights are in cm and kg, or in and lb with --units imperial (the old
    --height-cm, --height-in, --weight-kg and --weight-lb still work).
    """
    from runlean.domain import Habits, Person
    from runlean.errors import InvalidInputError
    from runlean.store.db import open_store
    from runlean.store.profile import load_profile, save_profile

    body_fat = one_of("--body-fat", body_fat, "--body-fat-pct", body_fat_pct)
    sleep = one_of("--sleep", sleep, "--sleep-hours", sleep_hours)
    strength_count = one_of("--strength", strength, "--strength-sessions", strength_sessions)
    with open_store(data_dir) as store:
        current = load_profile(store)
        # --units given is saved; else the stored units read what is typed.
        system = units or (current[0].units if current else "metric")
        imperial = system == "imperial"
        heights = [(name, value) for name, value in (
            ("--height", None if height is None else in_to_cm(height) if imperial else height),
            ("--height-cm", height_cm),
            ("--height-in", None if height_in is None else in_to_cm(height_in)))
            if value is not None]
        weights = [(name, value) for name, value in (
            ("--weight", None if weight is None else lb_to_kg(weight) if imperial else weight),
            ("--weight-kg", weight_kg),
            ("--weight-lb", None if weight_lb is None else lb_to_kg(weight_lb)))
            if value is not None]
        for given in (heights, weights):
            if len(given) > 1:
                raise InvalidInputError(given[1][0], given[1][1], f"to be left out when "
                                        f"{given[0][0]} is given (give one, not both)")
        person_updates: dict[str, Any] = {
            "sex": sex, "age_years": age, "height_cm": heights[0][1] if heights else None,
            "weight_kg": weights[0][1] if weights else None,
            "body_fat_pct": body_fat, "resting_hr_bpm": resting_hr, "max_hr_bpm": max_hr,
            "vo2max_ml_per_kg_min": vo2max, "timezone": timezone, "units": units,
        }
        habit_updates: dict[str, Any] = {
            "pal": pal, "sleep_hours": sleep,
            "strength_sessions_per_week": strength_count, "protein_g_per_kg": protein_g_per_kg,
        }
        with option_errors(PROFILE_FIELDS, system):
            person_data: dict[str, Any] = current[0].model_dump() if current else {}
            habits_data: dict[str, Any] = current[1].model_dump() if current else {}
            person_data.update({k: v for k, v in person_updates.items() if v is not None})
            habits_data.update({k: v for k, v in habit_updates.items() if v is not None})
            missing = [k for k in ("sex", "age_years", "height_cm", "weight_kg")
                       if k not in person_data]
            if missing:
                raise InvalidInputError(missing[0], None, "a value: a new profile needs "
                                        "--sex, --age, --height and --weight")
            person = Person(**person_data)
            habits = Habits(**habits_data)
            save_profile(store, person, habits)
    console.print(f"Profile saved: {person.sex}, {person.age_years:g} y, "
                  f"{format_length(person.height_cm, system)}, "
                  f"{format_mass(person.weight_kg, system)}.")
