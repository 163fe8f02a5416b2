"""``runlean profile show`` and ``runlean profile set``: the stored person and habits."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from runlean.cli._app import DATA_DIR_OPTION, app, console
from runlean.units import in_to_cm, lb_to_kg

profile_app = typer.Typer(help="Show or change the stored profile (body and habits).",
                          no_args_is_help=True)
app.add_typer(profile_app, name="profile")


@profile_app.command("show")
def show(
    data_dir: Path | None = DATA_DIR_OPTION,
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Show the stored profile."""
    from runlean.errors import NotFoundError
    from runlean.store.db import open_store, store_exists
    from runlean.store.profile import load_profile

    loaded = None
    if store_exists(data_dir):
        with open_store(data_dir) as store:
            loaded = load_profile(store)
    if loaded is None:
        raise NotFoundError("no profile stored yet; create one with 'runlean profile set "
                            "--sex ... --age ... --height-cm ... --weight-kg ...'")
    person, habits = loaded
    data = {"person": person.model_dump(mode="json"), "habits": habits.model_dump(mode="json")}
    if as_json:
        from runlean.io.safe_output import dumps_json

        typer.echo(dumps_json(data, indent=2))
        return
    from rich.table import Table

    table = Table("field", "value", title="Profile")
    for section in ("person", "habits"):
        for key, value in data[section].items():
            if value is not None:
                table.add_row(key, str(value))
    console.print(table)


@profile_app.command("set")
def set_profile(
    sex: str | None = typer.Option(None, "--sex", help="female or male."),
    age: float | None = typer.Option(None, "--age", help="Age [years]."),
    height_cm: float | None = typer.Option(None, "--height-cm", help="Height [cm]."),
    height_in: float | None = typer.Option(None, "--height-in", help="Height [in]."),
    weight_kg: float | None = typer.Option(None, "--weight-kg", help="Weight [kg]."),
    weight_lb: float | None = typer.Option(None, "--weight-lb", help="Weight [lb]."),
    body_fat_pct: float | None = typer.Option(None, "--body-fat-pct", help="Body fat [%]."),
    resting_hr: float | None = typer.Option(None, "--resting-hr", help="Resting HR [bpm]."),
    max_hr: float | None = typer.Option(None, "--max-hr", help="Maximum HR [bpm]."),
    vo2max: float | None = typer.Option(None, "--vo2max", help="VO2max [ml/kg/min]."),
    pal: float | None = typer.Option(None, "--pal", help="Physical activity level."),
    sleep_hours: float | None = typer.Option(None, "--sleep-hours", help="Sleep [h/night]."),
    strength_sessions: int | None = typer.Option(None, "--strength-sessions",
                                                 help="Strength sessions per week."),
    protein_g_per_kg: float | None = typer.Option(None, "--protein-g-per-kg",
                                                  help="Protein [g/kg/day]."),
    timezone: str | None = typer.Option(None, "--timezone", help="IANA zone, e.g. Europe/Paris."),
    data_dir: Path | None = DATA_DIR_OPTION,
) -> None:
    """Create or update the profile; options not given keep their stored value."""
    from runlean.domain import Habits, Person
    from runlean.errors import InvalidInputError
    from runlean.store.db import open_store
    from runlean.store.profile import load_profile, save_profile

    if height_cm is not None and height_in is not None:
        raise InvalidInputError("--height-in", height_in, "to be left out when --height-cm "
                                "is given (give one, not both)")
    if weight_kg is not None and weight_lb is not None:
        raise InvalidInputError("--weight-lb", weight_lb, "to be left out when --weight-kg "
                                "is given (give one, not both)")
    if height_in is not None:
        height_cm = in_to_cm(height_in)
    if weight_lb is not None:
        weight_kg = lb_to_kg(weight_lb)
    person_updates: dict[str, Any] = {
        "sex": sex, "age_years": age, "height_cm": height_cm, "weight_kg": weight_kg,
        "body_fat_pct": body_fat_pct, "resting_hr_bpm": resting_hr, "max_hr_bpm": max_hr,
        "vo2max_ml_per_kg_min": vo2max, "timezone": timezone,
    }
    habit_updates: dict[str, Any] = {
        "pal": pal, "sleep_hours": sleep_hours,
        "strength_sessions_per_week": strength_sessions, "protein_g_per_kg": protein_g_per_kg,
    }
    with open_store(data_dir) as store:
        current = load_profile(store)
        person_data: dict[str, Any] = current[0].model_dump() if current else {}
        habits_data: dict[str, Any] = current[1].model_dump() if current else {}
        person_data.update({k: v for k, v in person_updates.items() if v is not None})
        habits_data.update({k: v for k, v in habit_updates.items() if v is not None})
        missing = [k for k in ("sex", "age_years", "height_cm", "weight_kg")
                   if k not in person_data]
        if missing:
            raise InvalidInputError(missing[0], None, "a value: a new profile needs --sex, "
                                    "--age, --height-cm (or --height-in) and --weight-kg "
                                    "(or --weight-lb)")
        person = Person(**person_data)
        habits = Habits(**habits_data)
        save_profile(store, person, habits)
    console.print(f"Profile saved: {person.sex}, {person.age_years:g} y, "
                  f"{person.height_cm:.1f} cm, {person.weight_kg:.1f} kg.")
