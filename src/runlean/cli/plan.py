"""``runlean plan``: a safe calorie and macro target, a training calendar and a projection."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import typer

from runlean.cli._app import DATA_DIR_OPTION, app, console
from runlean.errors import InvalidInputError, UnsafeGoalError


def _read_profile(path: Path | None, example: bool) -> dict[str, Any]:
    import tomllib

    if example:
        from importlib.resources import files

        text = (files("runlean") / "data" / "example_profile.toml").read_text()
        return tomllib.loads(text)
    if path is None:
        return {}
    try:
        raw = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InvalidInputError("--profile", str(path), f"a readable file ({exc.strerror})"
                                ) from None
    except UnicodeDecodeError:
        raise InvalidInputError("--profile", str(path), "a UTF-8 text file (TOML or JSON)"
                                ) from None
    try:
        if path.suffix == ".json":
            import json

            data: object = json.loads(raw)
        else:
            data = tomllib.loads(raw)
    except ValueError as exc:
        raise InvalidInputError("--profile", str(path), f"valid TOML or JSON ({exc})") from None
    if not isinstance(data, dict):
        raise InvalidInputError("--profile", str(path), "a JSON object or TOML document of "
                                "sections ([person], [habits], [preferences], [goal])")
    return data


PROFILE_SECTIONS = ("person", "habits", "preferences", "goal")
GOAL_NUMBERS = ("lose_fat_kg", "target_weight_kg", "target_body_fat_pct", "target_leg_fat_kg")
GOAL_KEYS = (*GOAL_NUMBERS, "by", "weeks")


def _check_profile(data: dict[str, Any]) -> None:
    """Refuse unknown sections and goal keys and wrongly typed goal values (one-line error)."""
    for section, value in data.items():
        if section not in PROFILE_SECTIONS:
            raise InvalidInputError(section, "a section", "one of the sections ["
                                    + "], [".join(PROFILE_SECTIONS) + "]")
        if not isinstance(value, dict):
            raise InvalidInputError(section, value, "a table of settings ([" + section + "])")
    for key, value in data.get("goal", {}).items():
        if key not in GOAL_KEYS:
            raise InvalidInputError(f"goal.{key}", value, "no such field (one of "
                                    + ", ".join(GOAL_KEYS) + ")")
        if key in GOAL_NUMBERS and (isinstance(value, bool)
                                    or not isinstance(value, int | float)):
            raise InvalidInputError(f"goal.{key}", value, "a number")
        if key == "weeks" and (isinstance(value, bool) or not isinstance(value, int)):
            raise InvalidInputError("goal.weeks", value, "a whole number of weeks")
        if key == "by":
            try:
                dt.date.fromisoformat(str(value))
            except ValueError:
                raise InvalidInputError("goal.by", value, "a date as YYYY-MM-DD") from None


def _iso_date(field: str, text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InvalidInputError(field, text, "a date as YYYY-MM-DD") from None


def _weekdays(items: list[str]) -> tuple[int, ...]:
    from runlean.domain import WEEKDAYS

    out = []
    for item in items:
        for part in str(item).split(","):
            key = part.strip().lower()[:3]
            if not key:
                continue
            if key not in WEEKDAYS:
                raise InvalidInputError("free_weekdays", part, "weekday names such as mon,wed,sat")
            out.append(WEEKDAYS.index(key))
    return tuple(out)


@app.command("plan")
def plan_command(
    profile: Path | None = typer.Option(None, "--profile", help="Profile file (TOML or JSON)."),
    example: bool = typer.Option(False, "--example", help="Use the built-in example profile."),
    units: str = typer.Option("metric", "--units", help="metric or imperial (lb, in, miles)."),
    sex: str | None = typer.Option(None, "--sex", help="female or male."),
    age: float | None = typer.Option(None, "--age", help="Age [years]."),
    height: float | None = typer.Option(None, "--height", help="Height [cm, or in]."),
    weight: float | None = typer.Option(None, "--weight", help="Weight [kg, or lb]."),
    body_fat: float | None = typer.Option(None, "--body-fat", help="Body fat [%]."),
    resting_hr: float | None = typer.Option(None, "--resting-hr", help="Resting HR [bpm]."),
    max_hr: float | None = typer.Option(None, "--max-hr", help="Maximal HR [bpm]."),
    pal: float | None = typer.Option(None, "--pal", help="Activity level without training."),
    sleep: float | None = typer.Option(None, "--sleep", help="Sleep [h/night]."),
    lose_fat: float | None = typer.Option(None, "--lose-fat-kg", help="Fat to lose [kg or lb]."),
    target_weight: float | None = typer.Option(None, "--target-weight", help="[kg or lb]"),
    target_body_fat: float | None = typer.Option(None, "--target-body-fat", help="[%]"),
    target_leg_fat: float | None = typer.Option(None, "--target-leg-fat", help="[kg or lb]"),
    by: str | None = typer.Option(None, "--by", help="Goal date YYYY-MM-DD."),
    weeks: int | None = typer.Option(None, "--weeks", help="Goal in N weeks."),
    run_days: int | None = typer.Option(None, "--run-days", help="Running days per week."),
    longest_session: float | None = typer.Option(None, "--longest-session",
                                                 help="Longest session [min]."),
    free_days: list[str] = typer.Option([], "--free-days", help="e.g. mon,wed,sat."),
    experience: str | None = typer.Option(None, "--experience",
                                          help="none, beginner, intermediate, advanced."),
    weekly_minutes: float | None = typer.Option(None, "--weekly-minutes",
                                                help="Current running [min/week]."),
    weekly_distance: float | None = typer.Option(None, "--weekly-distance",
                                                 help="Current running [km or miles/week]."),
    longest_run: float | None = typer.Option(None, "--longest-run",
                                             help="Longest run of the last 30 days [min]."),
    race_distance: float | None = typer.Option(None, "--race-distance",
                                               help="Recent race [km or miles]."),
    race_time: str | None = typer.Option(None, "--race-time", help="Race time H:MM:SS."),
    strength: int | None = typer.Option(None, "--strength", help="Strength sessions/week."),
    cross: list[str] = typer.Option([], "--cross", help="cycling, swimming, elliptical, rowing."),
    compensation: float = typer.Option(0.3, "--compensation",
                                       help="Share of exercise energy assumed eaten back."),
    start: str | None = typer.Option(None, "--start", help="Start date (default today)."),
    out: Path | None = typer.Option(None, "--out", help="Write plan files to this folder."),
    data_dir: Path | None = DATA_DIR_OPTION,
    no_save: bool = typer.Option(False, "--no-save",
                                 help="Do not store the plan as the active plan."),
) -> None:
    """Make a safe fat-loss plan: targets, training calendar, projection and evidence."""
    from runlean import units as u
    from runlean.domain import Goal, Habits, Person, Preferences, RaceResult
    from runlean.planning.plan import make_plan
    from runlean.planning.safety import check_age

    if units not in ("metric", "imperial"):
        raise InvalidInputError("--units", units, "metric or imperial")
    if out is not None:
        from runlean.io.output import check_output_folder

        check_output_folder(out)
    imp = units == "imperial"
    kg = (lambda v: u.lb_to_kg(v)) if imp else (lambda v: v)
    cm = (lambda v: u.in_to_cm(v)) if imp else (lambda v: v)
    km = (lambda v: u.miles_to_km(v)) if imp else (lambda v: v)
    data = _read_profile(profile, example)
    _check_profile(data)
    p = dict(data.get("person", {}))
    h = dict(data.get("habits", {}))
    pr = dict(data.get("preferences", {}))
    g = dict(data.get("goal", {}))
    for key, val in (("sex", sex), ("age_years", age), ("body_fat_pct", body_fat),
                     ("resting_hr_bpm", resting_hr), ("max_hr_bpm", max_hr)):
        if val is not None:
            p[key] = val
    if height is not None:
        p["height_cm"] = cm(height)
    if weight is not None:
        p["weight_kg"] = kg(weight)
    for missing in ("sex", "age_years", "height_cm", "weight_kg"):
        if missing not in p:
            raise InvalidInputError(missing, None, "a value (give it as an option or in "
                                    "--profile, or use --example)")
    if isinstance(p["age_years"], int | float):
        check_age(float(p["age_years"]))  # a clear refusal, before the range check
    if race_distance is not None or race_time is not None:
        if race_distance is None or race_time is None:
            raise InvalidInputError("--race-time", race_time, "both --race-distance and "
                                    "--race-time")
        try:
            parts = [float(x) for x in race_time.split(":")]
        except ValueError:
            raise InvalidInputError("--race-time", race_time, "a time as H:MM:SS or MM:SS"
                                    ) from None
        secs = sum(v * 60 ** i for i, v in enumerate(reversed(parts)))
        p["race"] = {"distance_m": km(race_distance) * 1000.0, "time_s": secs}
    if isinstance(p.get("race"), dict):
        p["race"] = RaceResult(**p["race"])
    person = Person(**p)
    if pal is not None:
        h["pal"] = pal
    if sleep is not None:
        h["sleep_hours"] = sleep
    if strength is not None:
        pr["strength_sessions_per_week"] = strength
    h.setdefault("strength_sessions_per_week", pr.get("strength_sessions_per_week", 2))
    habits = Habits(**h)
    for key, val in (("running_days_per_week", run_days), ("longest_session_min",
                     longest_session), ("experience", experience),
                     ("weekly_running_min", weekly_minutes), ("longest_recent_run_min",
                     longest_run)):
        if val is not None:
            pr[key] = val
    if weekly_distance is not None:
        pr["weekly_running_km"] = km(weekly_distance)
    if free_days:
        pr["free_weekdays"] = free_days
    if "free_weekdays" in pr:
        pr["free_weekdays"] = _weekdays([str(x) for x in pr["free_weekdays"]]) \
            if pr["free_weekdays"] and isinstance(pr["free_weekdays"][0], str) \
            else tuple(pr["free_weekdays"])
        if not pr["free_weekdays"]:
            raise UnsafeGoalError("No plan: 0 days a week are available for training; give at "
                                  "least 1 free weekday.")
    if cross:
        pr["cross_training"] = tuple(c.strip() for x in cross for c in x.split(","))
    if "cross_training" in pr:
        pr["cross_training"] = tuple(pr["cross_training"])
    prefs = Preferences(**pr)
    goals = {"fat_loss_kg": g.get("lose_fat_kg"), "weight_kg": g.get("target_weight_kg"),
             "body_fat_pct": g.get("target_body_fat_pct"),
             "leg_fat_kg": g.get("target_leg_fat_kg")}
    given = [(key, val, conv) for key, val, conv in (
        ("fat_loss_kg", lose_fat, kg), ("weight_kg", target_weight, kg),
        ("body_fat_pct", target_body_fat, None), ("leg_fat_kg", target_leg_fat, kg))
        if val is not None]
    if len(given) > 1:
        raise InvalidInputError("goal", len(given), "exactly one of --lose-fat-kg, "
                                "--target-weight, --target-body-fat, --target-leg-fat")
    if given:  # a goal on the command line replaces the profile's goal
        key, val, conv = given[0]
        goals = dict.fromkeys(goals)
        goals[key] = conv(val) if conv else val
    chosen = [(k, v) for k, v in goals.items() if v is not None]
    if len(chosen) != 1:
        raise InvalidInputError("goal", len(chosen), "exactly one of --lose-fat-kg, "
                                "--target-weight, --target-body-fat, --target-leg-fat")
    start_date = _iso_date("--start", start) if start else \
        dt.datetime.now(ZoneInfo(person.timezone)).date()
    target_date = _iso_date("--by", by) if by else (
        dt.date.fromisoformat(str(g["by"])) if g.get("by") and weeks is None else None)
    goal = Goal(kind=chosen[0][0], target=float(chosen[0][1]), target_date=target_date,
                weeks=weeks if weeks is not None else (g.get("weeks") if not by else None))
    plan = make_plan(person, habits, goal, prefs, start_date, compensation=compensation)
    _render(plan, units)
    if out is not None:
        from runlean.io.plan_files import write_plan_files
        from runlean.report.plan_report import render_plan_report

        html = render_plan_report(plan).encode()
        written = write_plan_files(plan, out, {"report.html": html})
        console.print("Wrote " + ", ".join(str(w) for w in written))
    if not no_save:
        from runlean.planning.store import save_active_plan

        where = save_active_plan(plan, data_dir)
        console.print(f"Saved as the active plan in {where}")


def _render(plan: Any, units: str) -> None:
    from rich.table import Table

    from runlean import units as u

    t = plan.targets
    s = plan.safety
    imp = units == "imperial"
    units_sys: u.UnitSystem = "imperial" if imp else "metric"

    def wt(v: float) -> str:
        return f"{u.kg_to_lb(v):.1f} lb" if imp else f"{v:.1f} kg"

    for w in plan.warnings:
        console.print(f"[bold red]Warning:[/] {w}")
    days = (plan.goal_date - plan.start_date).days
    p = plan.projection["plan"]
    goal_text = plan.goal.describe(units_sys)
    console.print(f"[bold]Your plan: {goal_text} by {plan.goal_date:%a %d %b %Y}[/] "
                  f"({days / 7:.0f} weeks from {plan.start_date:%d %b %Y})")
    rows = [
        ("Eat", f"[bold]{t['intake_kcal_per_day']:.0f} kcal/day[/] on average: "
                f"{t['intake_kcal_training_day']:.0f} on training days, "
                f"{t['intake_kcal_rest_day']:.0f} on rest days"),
        ("Macros", f"protein {t['protein_g_per_day']:.0f} g/day "
                   f"({t['protein_g_per_kg']:.1f} g/kg), fat {t['fat_g_per_day']:.0f} g "
                   f"({t['fat_energy_pct']:.0f} % of energy), carbohydrate "
                   f"{t['carbohydrate_g_training_day']:.0f} g on training days / "
                   f"{t['carbohydrate_g_rest_day']:.0f} g on rest days"),
        ("Now", f"you burn about {t['baseline_expenditure_kcal_per_day']:.0f} kcal/day "
                "before the plan's training"),
        ("Training", f"{t['exercise_kcal_per_day']:.0f} kcal/day on average (net + "
                     f"after-burn); {100 * plan.compensation:.0f} % assumed eaten back"),
        ("Pace", f"{s['weekly_loss_pct']:.2f} % of body weight a week "
                 f"(fastest week {s['fastest_week_loss_pct']:.2f} %, limit "
                 f"{s['max_weekly_loss_pct']:.1f} %)"),
        ("Safety", f"intake ≥ {s['min_safe_intake_kcal_per_day']:.0f} kcal/day; energy "
                   f"availability {s['energy_availability_kcal_per_kg_ffm']:.1f} kcal/kg "
                   f"fat-free mass (≥ {s['min_energy_availability']:.0f}); BMI at the goal "
                   f"{s['end_bmi']:.1f} (≥ 18.5)"),
        ("Result", f"{wt(p['weight_kg'][0])} → {wt(p['weight_kg'][days])}, fat "
                   f"{wt(p['fat_kg'][0])} → {wt(p['fat_kg'][days])}, leg fat "
                   f"{wt(p['leg_fat_kg'][0])} → {wt(p['leg_fat_kg'][days])}"),
        ("Afterwards", f"{t['maintenance_kcal_per_day']:.0f} kcal/day holds the new weight "
                       "if you keep training as in the last 4 weeks"),
    ]
    summary = Table.grid(padding=(0, 2))
    summary.add_column(style="bold")
    summary.add_column()
    for label, text in rows:
        summary.add_row(label, text)
    console.print(summary)
    if "vdot" in t:
        console.print(
            f"Training paces from your race (Daniels VDOT {t['vdot']:.1f}): " + ", ".join(
                f"{band} {u.format_pace(t[f'pace_{band}_s_per_km'], units_sys)}"
                for band in ("E", "M", "T", "I")))
    tab = Table(title="First two weeks", title_justify="left")
    for col in ("Date", "Session", "Intensity"):
        tab.add_column(col)
    tab.add_column("kcal", justify="right")
    for ses in plan.sessions:
        if ses.week > 2:
            break
        i = ses.intensity
        hr = f", {i.hr_low_bpm:.0f}-{i.hr_high_bpm:.0f} bpm" if i.hr_low_bpm else ""
        pace = f", {u.format_pace(i.pace_s_per_km, units_sys)}" if i.pace_s_per_km else ""
        tab.add_row(ses.date.strftime("%a %d %b"), ses.title,
                    f"RPE {i.rpe_low:g}-{i.rpe_high:g}{hr}{pace}", f"{ses.deficit_kcal:.0f}")
    console.print(tab)
    console.print("kcal: energy the session adds to your day (net of resting, with "
                  "after-burn). Full session details: --out DIR (report.html, plan.ics).",
                  style="dim")
    proj = Table(title="Projection (the plan)", title_justify="left")
    for col in ("Week", "Weight", "Fat", "Fat-free", "Leg fat", ""):
        proj.add_column(col, justify="left" if col in ("Week", "") else "right")
    shown = sorted({*range(0, len(p["day"]), 28), days})
    for d in shown:
        note = ("goal" if d == days else "maintenance" if d > days else "")
        proj.add_row(f"{d / 7:.0f}", wt(p["weight_kg"][d]), wt(p["fat_kg"][d]),
                     wt(p["fat_free_kg"][d]), wt(p["leg_fat_kg"][d]), note)
    console.print(proj)
    after = min(days + 28, len(p["day"]) - 1)
    rise = p["weight_kg"][after] - p["weight_kg"][days]
    if rise > 0.05:
        console.print(f"After the goal, eating at maintenance refills glycogen and its water: "
                      f"+{wt(rise)} on the scale, not fat (fat stays at "
                      f"{wt(p['fat_kg'][after])}).", style="dim")
