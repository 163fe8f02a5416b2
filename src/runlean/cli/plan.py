"""``runlean plan``: a safe calorie and macro target, a training calendar and a projection."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

import typer

from runlean.cli._app import DATA_DIR_OPTION, app, console
from runlean.cli._options import (
    AGE_OPTION,
    BODY_FAT_OPTION,
    HEIGHT_OPTION,
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
    Quantity,
    Units,
    in_units,
    one_of,
    option_errors,
    units_in,
)
from runlean.errors import InvalidInputError, UnreachableGoalError, UnsafeGoalError


def _read_profile(path: Path | None, example: bool) -> dict[str, Any]:
    """The profile file's sections (bounded TOML/JSON reading), or the built-in example."""
    from runlean.io.documents import load_document

    if example:
        from importlib.resources import as_file, files

        with as_file(files("runlean") / "data" / "example_profile.toml") as example_path:
            return load_document(example_path, field="--example")
    if path is None:
        return {}
    return load_document(path, field="--profile")


def _weekdays(items: list[str]) -> tuple[int, ...]:
    """Weekday names (mon or monday, any case) to numbers; anything else is an error."""
    from runlean.domain import WEEKDAYS

    full = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
    out = []
    for item in items:
        for part in str(item).split(","):
            key = part.strip().lower()
            if not key:
                continue
            if key in WEEKDAYS:
                out.append(WEEKDAYS.index(key))
            elif key in full:
                out.append(full.index(key))
            else:
                raise InvalidInputError("--free-days", part.strip(),
                                        "weekday names such as mon,wed,sat or monday")
    return tuple(out)


SCREENING_CONDITIONS = {"heart": "heart_disease", "diabetes": "metabolic_disease",
                        "kidney": "kidney_disease", "none": ""}


def _screening(conditions: list[str], symptoms: bool, medication: bool,
               joint: bool) -> dict[str, bool] | None:
    """Screening answers from the options; None when no screening option was given."""
    names = [c.strip().lower() for item in conditions for c in item.split(",") if c.strip()]
    if not names and not (symptoms or medication or joint):
        return None
    answers = {"heart_disease": False, "metabolic_disease": False, "kidney_disease": False,
               "symptoms": symptoms, "medications": medication, "joint_problem": joint}
    for name in names:
        if name not in SCREENING_CONDITIONS:
            raise InvalidInputError("--condition", name, "heart, diabetes, kidney or none")
        if SCREENING_CONDITIONS[name]:
            answers[SCREENING_CONDITIONS[name]] = True
    return answers


#: Model fields and the ``plan`` options that set them (errors name the option).
PLAN_FIELDS: dict[str, OptionField] = {
    "sex": OptionField("--sex"), "age_years": OptionField("--age"),
    "height_cm": OptionField("--height", "length"), "weight_kg": OptionField("--weight", "mass"),
    "body_fat_pct": OptionField("--body-fat"), "resting_hr_bpm": OptionField("--resting-hr"),
    "max_hr_bpm": OptionField("--max-hr"), "timezone": OptionField("--timezone"),
    "distance_m": OptionField("--race-distance", "metres"),
    "time_s": OptionField("--race-time"), "race": OptionField("--race-distance/--race-time"),
    "pal": OptionField("--pal"), "occupation": OptionField("--occupation"),
    "steps_per_day": OptionField("--steps"), "sleep_hours": OptionField("--sleep"),
    "running_days_per_week": OptionField("--run-days"),
    "longest_session_min": OptionField("--longest-session"),
    "free_weekdays": OptionField("--free-days"), "experience": OptionField("--experience"),
    "weekly_running_min": OptionField("--weekly-minutes"),
    "weekly_running_km": OptionField("--weekly-distance", "distance"),
    "longest_recent_run_min": OptionField("--longest-run"),
    "strength_sessions_per_week": OptionField("--strength"),
    "cross_training": OptionField("--cross"), "compensation": OptionField("--compensation"),
    "weeks": OptionField("--weeks"), "target_date": OptionField("--by"),
}
#: Goal options: (option, goal key, quantity); the goal's errors name the one given.
GOAL_OPTIONS: tuple[tuple[str, str, Quantity | None], ...] = (
    ("--lose-fat", "lose_fat_kg", "mass"), ("--target-weight", "target_weight_kg", "mass"),
    ("--target-body-fat", "target_body_fat_pct", None),
    ("--target-leg-fat", "target_leg_fat_kg", "mass"))
#: The goal's own error fields, by goal key.
GOAL_ERROR_FIELDS = {"lose_fat_kg": "goal: fat to lose [kg]",
                     "target_weight_kg": "goal: target weight [kg]",
                     "target_body_fat_pct": "goal: target body fat [%]",
                     "target_leg_fat_kg": "goal: target leg fat [kg]"}


def _given_fields(given: dict[str, bool], goal_key: str | None,
                  has_profile: bool) -> dict[str, OptionField]:
    """The fields whose errors name an option: those set on the command line (all of them
    when there is no profile file, whose key would otherwise be the right name)."""
    fields = {k: v for k, v in PLAN_FIELDS.items() if given.get(k, not has_profile)}
    if goal_key is not None:
        option, _, quantity = next(g for g in GOAL_OPTIONS if g[1] == goal_key)
        fields["target"] = fields[GOAL_ERROR_FIELDS[goal_key]] = OptionField(option, quantity)
    return fields


def _stored_units(data_dir: Path | None) -> Units:
    """The units saved in the stored profile (metric without one)."""
    from runlean.store.db import open_store, store_exists

    if not store_exists(data_dir):
        return "metric"
    with open_store(data_dir) as store:
        return units_in(None, store)


@app.command("plan")
def plan_command(
    profile: Path | None = typer.Option(None, "--profile", metavar="FILE",
                                        help="Profile file (TOML or JSON)."),
    example: bool = typer.Option(False, "--example",
                                 help="Plan for the built-in example runner (not saved)."),
    units: Units | None = UNITS_OPTION,
    sex: Literal["female", "male"] | None = SEX_OPTION,
    age: float | None = AGE_OPTION,
    height: float | None = HEIGHT_OPTION,
    weight: float | None = WEIGHT_OPTION,
    body_fat: float | None = BODY_FAT_OPTION,
    resting_hr: float | None = RESTING_HR_OPTION,
    max_hr: float | None = MAX_HR_OPTION,
    timezone: str | None = TIMEZONE_OPTION,
    pal: float | None = PAL_OPTION,
    occupation: Literal["seated", "standing", "walking", "manual"] | None = typer.Option(
        None, "--occupation", case_sensitive=False,
        help="Instead of --pal: seated, standing, walking or manual."),
    steps: float | None = typer.Option(None, "--steps", metavar="STEPS",
                                       help="Instead of --pal: usual steps a day outside runs."),
    sleep: float | None = SLEEP_OPTION,
    sleep_hours: float | None = SLEEP_HOURS_ALIAS,
    condition: list[str] = typer.Option([], "--condition", metavar="CONDITION",
                                        help="Health screening: heart, diabetes, kidney or "
                                             "none (repeatable)."),
    symptoms: bool = typer.Option(False, "--symptoms",
                                  help="Chest pain, unusual breathlessness, dizziness, ankle "
                                       "swelling or palpitations."),
    medication: bool = typer.Option(False, "--medication",
                                    help="Prescribed medicine for a chronic condition."),
    joint_problem: bool = typer.Option(False, "--joint-problem",
                                       help="A bone or joint problem activity could worsen."),
    lose_fat: float | None = typer.Option(None, "--lose-fat", metavar="WEIGHT",
                                          help="Fat to lose [kg, or lb with --units "
                                               "imperial]."),
    lose_fat_kg: float | None = typer.Option(None, "--lose-fat-kg", hidden=True),
    target_weight: float | None = typer.Option(None, "--target-weight", metavar="WEIGHT",
                                               help="Goal weight [kg or lb]."),
    target_body_fat: float | None = typer.Option(None, "--target-body-fat", metavar="PCT",
                                                 help="Goal body fat [%]."),
    target_leg_fat: float | None = typer.Option(None, "--target-leg-fat", metavar="WEIGHT",
                                                help="Goal fat mass of both legs [kg or lb]."),
    by: str | None = typer.Option(None, "--by", metavar="DATE", help="Goal date YYYY-MM-DD."),
    weeks: int | None = typer.Option(None, "--weeks", metavar="WEEKS", help="Goal in N weeks."),
    run_days: int | None = typer.Option(None, "--run-days", metavar="DAYS",
                                        help="Running days per week."),
    longest_session: float | None = typer.Option(None, "--longest-session", metavar="MIN",
                                                 help="Longest session [min]."),
    free_days: list[str] = typer.Option([], "--free-days", metavar="WEEKDAYS",
                                        help="e.g. mon,wed,sat."),
    experience: Literal["none", "beginner", "intermediate", "advanced"] | None = typer.Option(
        None, "--experience", case_sensitive=False,
        help="Running experience, used when current running is not given."),
    weekly_minutes: float | None = typer.Option(None, "--weekly-minutes", metavar="MIN",
                                                help="Current running [min/week]."),
    weekly_distance: float | None = typer.Option(None, "--weekly-distance", metavar="DISTANCE",
                                                 help="Current running [km or miles/week]."),
    longest_run: float | None = typer.Option(None, "--longest-run", metavar="MIN",
                                             help="Longest run of the last 30 days [min]."),
    race_distance: float | None = typer.Option(None, "--race-distance", metavar="DISTANCE",
                                               help="Recent race [km or miles]."),
    race_time: str | None = typer.Option(None, "--race-time", metavar="H:MM:SS",
                                         help="Race time H:MM:SS."),
    strength: int | None = typer.Option(None, "--strength", metavar="SESSIONS",
                                        help="Strength sessions/week."),
    cross: list[str] = typer.Option([], "--cross", metavar="SPORT",
                                    help="cycling, swimming, elliptical, rowing."),
    compensation: float = typer.Option(0.3, "--compensation", metavar="FRACTION",
                                       help="Share of exercise energy assumed eaten back."),
    start: str | None = typer.Option(None, "--start", metavar="DATE",
                                     help="Start date (default today)."),
    out: Path | None = typer.Option(None, "--out", metavar="DIR",
                                    help="Write plan files to this folder."),
    data_dir: Path | None = DATA_DIR_OPTION,
    no_save: bool = typer.Option(False, "--no-save",
                                 help="Do not store the plan as the active plan."),
) -> None:
    """Make a safe fat-loss plan: targets, training calendar, projection and evidence."""
    from runlean import units as u
    from runlean.planning.service import parse_date, plan_from_sections

    lose_fat = one_of("--lose-fat", lose_fat, "--lose-fat-kg", lose_fat_kg)
    sleep = one_of("--sleep", sleep, "--sleep-hours", sleep_hours)
    if out is not None:
        from runlean.io.output import check_output_folder

        check_output_folder(out)
    system: Units = units or ("metric" if example else _stored_units(data_dir))
    imp = system == "imperial"
    kg = (lambda v: u.lb_to_kg(v)) if imp else (lambda v: v)
    cm = (lambda v: u.in_to_cm(v)) if imp else (lambda v: v)
    km = (lambda v: u.miles_to_km(v)) if imp else (lambda v: v)
    data = _read_profile(profile, example)
    sections = {k: dict(v) if isinstance(v, dict) else v for k, v in data.items()}
    p = sections.setdefault("person", {})
    h = sections.setdefault("habits", {})
    pr = sections.setdefault("preferences", {})
    g = sections.setdefault("goal", {})
    if not all(isinstance(x, dict) for x in (p, h, pr, g)):
        from runlean.planning.service import check_sections

        check_sections(sections)
    given: dict[str, bool] = {}

    def put(section: dict[str, Any], key: str, val: Any) -> None:
        given[key] = val is not None
        if val is not None:
            section[key] = val

    for key, val in (("sex", sex), ("age_years", age), ("body_fat_pct", body_fat),
                     ("resting_hr_bpm", resting_hr), ("max_hr_bpm", max_hr),
                     ("timezone", timezone), ("height_cm", None if height is None else cm(height)),
                     ("weight_kg", None if weight is None else kg(weight))):
        put(p, key, val)
    if units is not None:  # saved with the profile: later commands read and print in it
        p["units"] = units
    answers = _screening(condition, symptoms, medication, joint_problem)
    if answers is not None:
        p["screening"] = answers
    if race_distance is not None or race_time is not None:
        if race_distance is None or race_time is None:
            raise InvalidInputError("--race-time", race_time, "both --race-distance and "
                                    "--race-time")
        p["race"] = {"distance_m": km(race_distance) * 1000.0,
                     "time_s": _race_seconds(race_time)}
    given["distance_m"] = given["time_s"] = given["race"] = race_distance is not None
    for key, val in (("pal", pal), ("occupation", occupation), ("steps_per_day", steps),
                     ("sleep_hours", sleep)):
        put(h, key, val)
    for key, val in (("running_days_per_week", run_days), ("longest_session_min",
                     longest_session), ("experience", experience),
                     ("weekly_running_min", weekly_minutes), ("longest_recent_run_min",
                     longest_run), ("strength_sessions_per_week", strength),
                     ("weekly_running_km", None if weekly_distance is None
                      else km(weekly_distance))):
        put(pr, key, val)
    given["free_weekdays"] = bool(free_days)
    given["cross_training"] = bool(cross)
    given["compensation"] = True
    if free_days:
        pr["free_weekdays"] = free_days
    if "free_weekdays" in pr and pr["free_weekdays"] and isinstance(pr["free_weekdays"][0], str):
        pr["free_weekdays"] = _weekdays([str(x) for x in pr["free_weekdays"]])
    if "free_weekdays" in pr and not pr["free_weekdays"]:
        raise UnsafeGoalError("No plan: 0 days a week are available for training; give at "
                              "least 1 free weekday.")
    if cross:
        pr["cross_training"] = tuple(c.strip().lower() for x in cross for c in x.split(","))
    if "cross_training" in pr:
        pr["cross_training"] = tuple(pr["cross_training"])
    goal_values = {"--lose-fat": lose_fat, "--target-weight": target_weight,
                   "--target-body-fat": target_body_fat, "--target-leg-fat": target_leg_fat}
    given_goals = [(key, kg(val) if quantity == "mass" else val)
                   for option, key, quantity in GOAL_OPTIONS
                   if (val := goal_values[option]) is not None]
    if len(given_goals) > 1:
        raise InvalidInputError("goal", len(given_goals), "exactly one of --lose-fat, "
                                "--target-weight, --target-body-fat, --target-leg-fat")
    if given_goals:  # a goal on the command line replaces the profile's goal
        g.clear()
        g[given_goals[0][0]] = given_goals[0][1]
    given["weeks"], given["target_date"] = weeks is not None, by is not None
    if by is not None:
        g.pop("weeks", None)
        g["by"] = by
    if weeks is not None:
        g.pop("by", None)
        g["weeks"] = weeks
    start_date = parse_date("--start", start) if start else None
    fields = _given_fields(given, given_goals[0][0] if given_goals else None,
                           profile is not None or example)
    try:
        with option_errors(fields, system):
            outcome = plan_from_sections(sections, start=start_date, compensation=compensation,
                                         data_dir=data_dir, use_store=not example,
                                         save=not no_save)
    except (UnsafeGoalError, UnreachableGoalError) as exc:  # refusals, in the user's units
        if system == "metric":
            raise
        raise type(exc)(in_units(str(exc), system)) from None
    plan = outcome.plan
    written: list[Path] = []
    if out is not None:  # the files first: output cut short (``| head``) must not lose them
        from runlean.io.plan_files import write_plan_files
        from runlean.report.plan_report import render_plan_report

        html = render_plan_report(plan, system).encode()
        written = write_plan_files(plan, out, {"report.html": html})
    _render(plan, system)
    if written:
        console.print("Wrote " + ", ".join(str(w) for w in written), markup=False)
    for note in outcome.notes:
        console.print(note, markup=False)
    if outcome.saved_to is not None:
        what = "the active plan, and your profile updated," if outcome.profile_updated \
            else "the active plan"
        console.print(f"Saved as {what} in {outcome.saved_to}", markup=False)
    elif example:
        console.print("This is the built-in example: nothing was saved to your data.")


def _race_seconds(text: str) -> float:
    try:
        parts = [float(x) for x in text.split(":")]
    except ValueError:
        raise InvalidInputError("--race-time", text, "a time as H:MM:SS or MM:SS") from None
    if not 1 <= len(parts) <= 3:
        raise InvalidInputError("--race-time", text, "a time as H:MM:SS or MM:SS")
    return float(sum(v * 60 ** i for i, v in enumerate(reversed(parts))))


def _render(plan: Any, units: str) -> None:
    from rich.markup import escape
    from rich.table import Table

    from runlean import units as u
    from runlean.cli._app import err_console
    from runlean.planning.policy import pace_text

    t = plan.targets
    s = plan.safety
    imp = units == "imperial"
    units_sys: u.UnitSystem = "imperial" if imp else "metric"

    def wt(v: float) -> str:
        return f"{u.kg_to_lb(v):.1f} lb" if imp else f"{v:.1f} kg"

    def dist(m: float | None) -> str:
        if m is None:
            return ""
        return f"{m / 1609.344:.1f} mi" if imp else f"{m / 1000.0:.1f} km"

    for w in plan.warnings:
        err_console.print(f"[bold red]Warning:[/] {escape(in_units(w, units_sys))}")
    days = (plan.goal_date - plan.start_date).days
    p = plan.projection["plan"]
    goal_text = plan.goal.describe(units_sys)
    console.print(f"[bold]Your plan: {escape(goal_text)} by {plan.goal_date:%a %d %b %Y}[/] "
                  f"({days / 7:.0f} weeks from {plan.start_date:%d %b %Y})")
    band = ("" if "dietary_deficit_band_low_kcal_per_day" not in s else
            f" (guideline for you: {s['dietary_deficit_band_low_kcal_per_day']:.0f}-"
            f"{s['dietary_deficit_band_high_kcal_per_day']:.0f})")
    ea = (f"; energy availability {s['energy_availability_kcal_per_kg_ffm']:.0f} kcal/kg "
          f"fat-free mass (≥ {s['min_energy_availability']:.0f})"
          if plan.population == "athlete" else "")
    rows = [
        ("Eat", f"[bold]{t['intake_kcal_per_day']:.0f} kcal/day[/] on average: "
                f"{t['intake_kcal_rest_day']:.0f} on rest days, "
                f"{t['intake_kcal_easy_day']:.0f} on easy training days, "
                f"{t['intake_kcal_hard_day']:.0f} on long-run and interval days; never below "
                f"{t['min_day_intake_kcal']:.0f} on any day"),
        ("Macros", f"protein {t['protein_g_per_day']:.0f} g/day, fat {t['fat_g_per_day']:.0f} g "
                   f"({t['fat_energy_pct']:.0f} % of energy), carbohydrate "
                   f"{t['carbohydrate_g_rest_day']:.0f} g on rest days / "
                   f"{t['carbohydrate_g_hard_day']:.0f} g on long-run and interval days"),
        ("Now", f"you burn about {t['baseline_expenditure_kcal_per_day']:.0f} kcal/day "
                f"(activity level {t['non_exercise_pal']:.2f} without training, plus "
                f"{t['current_training_kcal_per_day']:.0f} kcal/day of current training)"),
        ("Deficit", f"{t['dietary_deficit_kcal_per_day']:.0f} kcal/day less food{band}; "
                    f"training adds {t['exercise_kcal_per_day']:.0f} kcal/day on average (net + "
                    f"after-burn), {100 * plan.compensation:.0f} % of the new part assumed "
                    "eaten back"),
        ("Pace", pace_text(s)),
        ("Safety", f"intake ≥ {s['min_safe_intake_kcal_per_day']:.0f} kcal/day{ea}; BMI at "
                   f"the goal {s['end_bmi']:.1f} (≥ 18.5)"),
        ("Result", f"{wt(p['weight_kg'][0])} → {wt(p['weight_kg'][days])}, fat "
                   f"{wt(p['fat_kg'][0])} → {wt(p['fat_kg'][days])}, leg fat "
                   f"{wt(p['leg_fat_kg'][0])} → "
                   f"{_range(wt(p['leg_fat_kg'][days]), wt(p['leg_fat_kg_allometric'][days]))} "
                   "(in proportion to total fat, or the slower rule seen in trials)"),
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
    for col in ("Date", "Session", "Distance", "Intensity"):
        tab.add_column(col)
    tab.add_column("kcal", justify="right")
    for ses in plan.sessions:
        if ses.week > 2:
            break
        i = ses.intensity
        hr = f", {i.hr_low_bpm:.0f}-{i.hr_high_bpm:.0f} bpm" if i.hr_low_bpm else ""
        pace = f", {u.format_pace(i.pace_s_per_km, units_sys)}" if i.pace_s_per_km else ""
        tab.add_row(ses.date.strftime("%a %d %b"), escape(ses.title), dist(ses.distance_m),
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
        legs = _range(wt(p["leg_fat_kg"][d]), wt(p["leg_fat_kg_allometric"][d]))
        week = f"{d / 7:.0f}" if d % 7 == 0 else f"{d / 7:.1f}"
        proj.add_row(week, wt(p["weight_kg"][d]), wt(p["fat_kg"][d]),
                     wt(p["fat_free_kg"][d]), legs, note)
    console.print(proj)
    after = min(days + 28, len(p["day"]) - 1)
    rise = p["weight_kg"][after] - p["weight_kg"][days]
    if rise > 0.05:
        console.print(f"After the goal, eating at maintenance refills glycogen and its water: "
                      f"+{wt(rise)} on the scale, not fat (fat stays at "
                      f"{wt(p['fat_kg'][after])}).", style="dim")


def _range(a: str, b: str) -> str:
    """Two formatted masses as one range ("7.7-7.9 kg"), or one value when they agree."""
    if a == b:
        return a
    num_a, unit = a.split(" ", 1)
    return f"{num_a}-{b.split(' ', 1)[0]} {unit}"
