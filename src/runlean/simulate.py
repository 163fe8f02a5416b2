"""Run a simulation scenario (the stable ``runlean simulate`` scenario format).

:func:`simulate_scenario` takes a scenario dict and returns one list per output column, one
value per day from day 0 (baseline) to day ``days`` inclusive.

Scenario keys (the stable scenario format):

``person`` (required)
    ``sex`` ("female"/"male"), ``age_years``, ``height_cm``, ``weight_kg``, optional
    ``body_fat_pct`` (null = Jackson et al. 2002 estimate from BMI, age and sex), ``pal``
    (null = derived from the intake if given, else 1.6), ``baseline_intake_kcal_per_day`` (null
    = in energy balance at ``pal``·RMR; with ``pal`` also given they may start out of balance),
    and the runlean extension ``regional_fat``: ``{"legs_kg", "arms_kg", "trunk_kg"}``
    measured at baseline (e.g. DXA; scaled down to the total fat mass if it exceeds it).
``days`` (required)
    Number of days (1–36500).
``intake_change_kcal_per_day``, ``activity_change_pct``, ``carb_fraction``,
``sodium_change_mg_per_day``
    One number, or a list of ``days`` numbers (element ``k`` in effect from day ``k`` to
    ``k+1``). Defaults 0, 0, the baseline carbohydrate fraction, 0.
``carb_fraction_baseline``
    One number (default 0.5; null also means 0.5).

Optional runlean extensions:

``extra_activity_kcal_per_day``
    Extra activity energy (e.g. running) [kcal/d at baseline weight], number or list of
    ``days``; its cost scales with the current weight. The kind of exercise is not an input:
    regional fat follows whole-body fat only (no spot reduction).
``strength_sessions_per_week``, ``protein_g_per_kg``, ``sleep_hours``
    Inputs of the lean-mass modifiers (runlean's documented proposals).
``lean_modifiers``
    true/false. Default: true when any of the three inputs above is given, else false (the
    published model). Stress is deliberately not an input.
``leg_fat_exponent``
    Allometric exponent of leg fat on total fat: 1.0 (proportional, default) or 0.87 (any
    value in 0.5–1.5 is accepted).
``parameter_set``
    ``"bw"`` (default: the R package bw's kcal constants) or ``"nih"`` (the NIH Body Weight
    Planner's).

Unknown keys, wrong list lengths and impossible values raise
:class:`~runlean.errors.ScenarioError` naming the field.

Validity range of the result: inputs inside their documented ranges can still drive the
model where it means nothing (a 30 kg person eating 1 100 kcal/day less for ten years; a
350 kg person eating 6 000 kcal/day more, where the ODE solution diverges). The trajectory
is checked day by day (:func:`validity_problem`), and the first day on which a mass is not
finite or negative, body weight falls below the lowest BMI compatible with survival
(:data:`MIN_BMI`), body fat falls below :data:`MIN_BODY_FAT_PCT` of weight, or weight rises
above :data:`MAX_WEIGHT_KG` is an error naming the input that drove the model there and
the day, instead of numbers that look like results. A person whose weight is already below
the BMI floor is an error on ``person.weight_kg``.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import numpy as np

from runlean.domain import Person, RegionalFat, check_bounds, check_range
from runlean.errors import InvalidInputError, ScenarioError

#: Output columns, in order.
COLUMNS = (
    "day", "weight_kg", "fat_kg", "fat_free_kg", "lean_kg", "glycogen_kg", "ecf_kg",
    "body_fat_pct", "intake_kcal_per_day", "expenditure_kcal_per_day",
    "adaptive_thermogenesis_kcal_per_day", "leg_fat_kg", "arm_fat_kg", "trunk_fat_kg",
)

PERSON_KEYS = ("sex", "age_years", "height_cm", "weight_kg", "body_fat_pct", "pal",
               "baseline_intake_kcal_per_day", "regional_fat")

#: Time-varying inputs: key -> (low, high, unit) of each daily value.
SERIES_RANGES: dict[str, tuple[float, float, str]] = {
    "intake_change_kcal_per_day": (-6000.0, 6000.0, "kcal/day"),
    "activity_change_pct": (-100.0, 500.0, "% change of the activity parameter"),
    "carb_fraction": (0.0, 1.0, "(fraction of intake)"),
    "sodium_change_mg_per_day": (-4000.0, 20000.0, "mg/day"),
    "extra_activity_kcal_per_day": (0.0, 4000.0, "kcal/day"),
}

SCENARIO_KEYS = (
    "person", "days", "carb_fraction_baseline", *SERIES_RANGES,
    "strength_sessions_per_week", "protein_g_per_kg", "sleep_hours", "lean_modifiers",
    "leg_fat_exponent", "parameter_set",
)

#: Longest simulation [days] (100 years).
MAX_DAYS = 36500

#: Lowest body-mass index compatible with survival [kg/m²] by sex: about 13 for men and 11
#: for women (Henry CJK, Eur J Clin Nutr 1990;44:329-335). Below it the model describes no
#: living person.
MIN_BMI = {"male": 13.0, "female": 11.0}
#: Lowest body fat [% of weight] inside the model's validity range. The Minnesota volunteers
#: (Keys et al., The Biology of Human Starvation, 1950) bottomed out near 5 %; with almost no
#: fat left, Forbes' partition of the energy imbalance between fat and lean means nothing.
MIN_BODY_FAT_PCT = 2.0
#: Highest body weight inside the model's validity range [kg]: above any person recorded
#: (about 635 kg).
MAX_WEIGHT_KG = 650.0

#: Inputs that push weight down (+1: a larger value loses more) or up, checked in this order
#: when naming the input that drove the model out of its validity range.
DRIVERS: tuple[tuple[str, float], ...] = (
    ("intake_change_kcal_per_day", -1.0),
    ("extra_activity_kcal_per_day", 1.0),
    ("activity_change_pct", 1.0),
)
#: Accepted range of an explicit baseline intake [kcal/d].
BASELINE_INTAKE_RANGE = (500.0, 8000.0)


def _number(field: str, value: Any, low: float, high: float, unit: str) -> float:
    try:
        return check_bounds(field, value, low, high, unit)
    except InvalidInputError as exc:
        raise ScenarioError(exc.field, exc.value, exc.expected) from None


def _series(scenario: Mapping[str, Any], key: str, days: int, default: float) -> np.ndarray:
    low, high, unit = SERIES_RANGES[key]
    value = scenario.get(key, default)
    if value is None:
        value = default
    if isinstance(value, list):
        if len(value) != days:
            raise ScenarioError(key, f"a list of {len(value)} values",
                                f"one number or a list of exactly days = {days} numbers")
        return np.array([_number(f"{key}[{i}]", v, low, high, unit)
                         for i, v in enumerate(value)])
    return np.full(days, _number(key, value, low, high, unit))


def _person(raw: Any) -> tuple[Person, float | None, float | None]:
    if not isinstance(raw, Mapping):
        raise ScenarioError("person", raw, "an object with sex, age_years, height_cm, weight_kg")
    for key in raw:
        if key not in PERSON_KEYS:
            raise ScenarioError(f"person.{key}", raw[key],
                                f"no such field; allowed: {', '.join(PERSON_KEYS)}")
    fields = {k: raw[k] for k in ("sex", "age_years", "height_cm", "weight_kg", "body_fat_pct")
              if k in raw}
    try:
        if raw.get("regional_fat") is not None:
            if not isinstance(raw["regional_fat"], Mapping):
                raise ScenarioError("person.regional_fat", raw["regional_fat"],
                                    "an object with legs_kg, arms_kg, trunk_kg")
            try:
                fields["regional_fat"] = RegionalFat(**raw["regional_fat"])
            except InvalidInputError as exc:
                raise ScenarioError(f"person.regional_fat.{exc.field}", exc.value,
                                    exc.expected) from None
        person = Person(**fields)
        pal = raw.get("pal")
        pal = None if pal is None else check_range("pal", pal)
    except ScenarioError:
        raise
    except InvalidInputError as exc:
        raise ScenarioError(f"person.{exc.field}", exc.value, exc.expected) from None
    intake = raw.get("baseline_intake_kcal_per_day")
    if intake is not None:
        intake = _number("person.baseline_intake_kcal_per_day", intake,
                         *BASELINE_INTAKE_RANGE, "kcal/day")
    return person, pal, intake


def _optional(scenario: Mapping[str, Any], key: str) -> float | None:
    value = scenario.get(key)
    if value is None:
        return None
    try:
        return check_range(key, value)
    except InvalidInputError as exc:
        raise ScenarioError(exc.field, exc.value, exc.expected) from None


@dataclass(frozen=True)
class ScenarioInputs:
    """The scenario's inputs other than the person (shared with ``runlean cohort``); every
    series is shaped ``(days,)``."""

    days: int
    intake_change_kcal_per_day: np.ndarray
    activity_change_pct: np.ndarray
    extra_activity_kcal_per_day: np.ndarray
    carb_fraction_baseline: float
    carb_fraction: np.ndarray
    sodium_change_mg_per_day: np.ndarray
    #: Lean-mass multiplier of the modifiers, or None for the published model.
    lean_multiplier: float | None
    leg_fat_exponent: float
    parameter_set: str


def scenario_inputs(scenario: Mapping[str, Any]) -> ScenarioInputs:
    """Validate everything of a scenario but its keys and its person (module docstring).

    Raises
    ------
    ScenarioError
        Wrong list length or impossible value (the message names the field).
    """
    from runlean.science.hall2011 import PARAMETER_SETS
    from runlean.science.lean_modifiers import lean_fraction_multiplier

    days = scenario.get("days")
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= MAX_DAYS:
        raise ScenarioError("days", days, f"a whole number of days from 1 to {MAX_DAYS}")
    # Like the time-varying inputs, an explicit null means the default.
    carb_raw = scenario.get("carb_fraction_baseline")
    carb_base = _number("carb_fraction_baseline", 0.5 if carb_raw is None else carb_raw,
                        0.05, 1.0, "(fraction of intake)")
    d_ei = _series(scenario, "intake_change_kcal_per_day", days, 0.0)
    act = _series(scenario, "activity_change_pct", days, 0.0)
    carb = _series(scenario, "carb_fraction", days, carb_base)
    d_na = _series(scenario, "sodium_change_mg_per_day", days, 0.0)
    extra = _series(scenario, "extra_activity_kcal_per_day", days, 0.0)
    sessions = _optional(scenario, "strength_sessions_per_week")
    protein = _optional(scenario, "protein_g_per_kg")
    sleep = _optional(scenario, "sleep_hours")
    use_mod = scenario.get("lean_modifiers")
    if use_mod is None:
        use_mod = any(v is not None for v in (sessions, protein, sleep))
    if not isinstance(use_mod, bool):
        raise ScenarioError("lean_modifiers", use_mod, "true or false")
    k_raw = scenario.get("leg_fat_exponent")
    k_leg = _number("leg_fat_exponent", 1.0 if k_raw is None else k_raw, 0.5, 1.5,
                    "(1.0 proportional, 0.87 evidence-based)")
    set_name = scenario.get("parameter_set")
    set_name = "bw" if set_name is None else set_name
    if not isinstance(set_name, str) or set_name not in PARAMETER_SETS:
        raise ScenarioError("parameter_set", set_name, f"one of {', '.join(PARAMETER_SETS)}")
    return ScenarioInputs(
        days=days, intake_change_kcal_per_day=d_ei, activity_change_pct=act,
        extra_activity_kcal_per_day=extra, carb_fraction_baseline=carb_base,
        carb_fraction=carb, sodium_change_mg_per_day=d_na,
        lean_multiplier=(float(lean_fraction_multiplier(sessions or 0.0, protein, sleep))
                         if use_mod else None),
        leg_fat_exponent=k_leg, parameter_set=set_name)


def simulate_scenario(scenario: Mapping[str, Any]) -> dict[str, list[float]]:
    """Run Hall's model with regional fat on a scenario (format in the module docstring).

    Parameters
    ----------
    scenario
        The scenario (e.g. parsed from JSON).

    Returns
    -------
    Mapping of each column of :data:`COLUMNS` to its ``days + 1`` daily values.

    Raises
    ------
    ScenarioError
        Unknown key, wrong list length or impossible value (the message names the field).
    """
    from runlean.science.hall2011 import (
        PARAMETER_SETS,
        hall_baseline,
        regional_fat_kg,
        simulate_batch,
    )
    from runlean.science.regional_fat import regional_fat_shares

    if not isinstance(scenario, Mapping):
        raise ScenarioError("scenario", type(scenario).__name__, "a JSON object")
    for key in scenario:
        if key not in SCENARIO_KEYS:
            raise ScenarioError(key, scenario[key],
                                f"no such scenario field; allowed: {', '.join(SCENARIO_KEYS)}")
    if "person" not in scenario:
        raise ScenarioError("person", None, "an object describing the person (required)")
    person, pal, intake = _person(scenario["person"])
    inputs = scenario_inputs(scenario)
    days, carb_base = inputs.days, inputs.carb_fraction_baseline
    d_ei, act = inputs.intake_change_kcal_per_day, inputs.activity_change_pct
    carb, d_na = inputs.carb_fraction, inputs.sodium_change_mg_per_day
    extra, k_leg = inputs.extra_activity_kcal_per_day, inputs.leg_fat_exponent

    floor_kg = MIN_BMI[person.sex] * (person.height_cm / 100.0) ** 2
    if person.weight_kg < floor_kg:
        raise ScenarioError("person.weight_kg", raw_weight(scenario),
                            f"at least {floor_kg:.1f} kg at {person.height_cm:g} cm (a BMI of "
                            f"{MIN_BMI[person.sex]:g}, the lowest compatible with survival; "
                            "Henry 1990, Eur J Clin Nutr)")
    male = person.sex == "male"
    baseline = hall_baseline(
        male, person.age_years, person.height_cm, person.weight_kg,
        body_fat_pct=person.body_fat_pct, pal=pal, intake_kcal_per_day=intake,
        carb_fraction_baseline=carb_base, params=PARAMETER_SETS[inputs.parameter_set],
    )
    if np.any(baseline.intake0[0] + d_ei < 0):
        day = int(np.argmax(baseline.intake0[0] + d_ei < 0))
        raise ScenarioError("intake_change_kcal_per_day", float(d_ei[day]),
                            f"an intake of at least 0 kcal/day (baseline intake "
                            f"{baseline.intake0[0]:.0f} kcal/day; day {day})")
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        # Out-of-range runs may overflow; validity_problem below reports them as an error.
        traj = simulate_batch(baseline, days, d_ei[None, :], act[None, :], extra[None, :],
                              carb[None, :], d_na[None, :],
                              lean_multiplier=inputs.lean_multiplier)

    fat0 = baseline.fat0
    if person.regional_fat is not None:
        measured = np.array([person.regional_fat.legs_kg, person.regional_fat.arms_kg,
                             person.regional_fat.trunk_kg])
        scale = min(1.0, float(fat0[0]) / float(measured.sum())) if measured.sum() > 0 else 1.0
        legs0, arms0, trunk0 = measured * scale
    else:
        shares = np.array(regional_fat_shares(male, person.age_years, float(fat0[0])))
        legs0, arms0, trunk0 = shares * fat0[0]
    legs, arms, trunk = regional_fat_kg(fat0, traj.fat, np.array([legs0]), np.array([arms0]),
                                        np.array([trunk0]), k_leg)
    columns = {
        "day": np.arange(days + 1, dtype=float),
        "weight_kg": traj.weight[0], "fat_kg": traj.fat[0], "fat_free_kg": traj.fat_free[0],
        "lean_kg": traj.lean[0], "glycogen_kg": traj.glycogen[0], "ecf_kg": traj.ecf[0],
        "body_fat_pct": traj.body_fat_pct[0],
        "intake_kcal_per_day": traj.intake[0],
        "expenditure_kcal_per_day": traj.expenditure[0],
        "adaptive_thermogenesis_kcal_per_day": traj.adaptive_thermogenesis[0],
        "leg_fat_kg": legs[0], "arm_fat_kg": arms[0], "trunk_fat_kg": trunk[0],
    }
    problem = validity_problem(columns, person)
    if problem is not None:
        day, what, direction = problem
        raise _out_of_range_error(scenario, {"intake_change_kcal_per_day": d_ei,
                                             "extra_activity_kcal_per_day": extra,
                                             "activity_change_pct": act}, day, what, direction)
    result = {name: [float(v) for v in columns[name]] for name in COLUMNS}
    result["day"] = [int(v) for v in result["day"]]
    return result


def raw_weight(scenario: Mapping[str, Any]) -> Any:
    """The person's weight as written in the scenario (for error messages)."""
    person = scenario.get("person")
    return person.get("weight_kg") if isinstance(person, Mapping) else None


def validity_problem(columns: Mapping[str, np.ndarray], person: Person
                     ) -> tuple[int, str, int] | None:
    """The first day the trajectory leaves the model's validity range (module notes).

    Returns ``(day, what happened, direction)`` with direction −1 when weight or fat fell
    too low, +1 when weight rose too high, 0 when the solution diverged or a mass became
    negative (no direction); None when every day is inside the range. Day 0 is the input
    and is not checked here.
    """
    masses = ("weight_kg", "fat_kg", "fat_free_kg", "lean_kg", "glycogen_kg", "ecf_kg")
    arrays = {m: np.asarray(columns[m], dtype=float) for m in masses}
    weight, fat = arrays["weight_kg"], arrays["fat_kg"]
    floor_kg = MIN_BMI[person.sex] * (person.height_cm / 100.0) ** 2
    with np.errstate(invalid="ignore", divide="ignore"):
        low_fat = 100.0 * fat / weight < MIN_BODY_FAT_PCT
    checks: list[tuple[np.ndarray, str, int]] = []
    for m, arr in arrays.items():
        checks.append((~np.isfinite(arr), f"{m} is not a finite number (the solution "
                       "diverged)", 0))
        checks.append((arr < 0, f"{m} became negative ({{value:.1f}} kg)", 0))
    checks += [
        (weight < floor_kg, f"weight fell to {{weight:.2f}} kg, below {floor_kg:.2f} kg (a BMI "
         f"of {MIN_BMI[person.sex]:g}, the lowest compatible with survival; Henry 1990, Eur "
         "J Clin Nutr)", -1),
        (low_fat, f"body fat fell below {MIN_BODY_FAT_PCT:g} % of weight (starvation bottoms "
         "out near 5 %; Keys et al. 1950)", -1),
        (weight > MAX_WEIGHT_KG, f"weight rose to {{weight:.0f}} kg, above {MAX_WEIGHT_KG:g} "
         "kg, heavier than any person recorded", 1),
    ]
    first: tuple[int, str, int] | None = None
    for mask, what, direction in checks:
        days = np.flatnonzero(mask[1:]) + 1
        if len(days) and (first is None or int(days[0]) < first[0]):
            day = int(days[0])
            value = next((float(a[day]) for m, a in arrays.items() if m in what), 0.0)
            first = (day, what.format(value=value, weight=float(weight[day])), direction)
    return first


def _out_of_range_error(scenario: Mapping[str, Any], series: Mapping[str, np.ndarray],
                        day: int, what: str, direction: int) -> ScenarioError:
    """The error naming the input that drove the model out of range on ``day``: the first
    time-varying input that pushes weight the wrong way that day (any non-zero one when the
    solution diverged), else the baseline intake, else ``days``."""
    index = min(max(day - 1, 0), len(next(iter(series.values()))) - 1)
    advice = f"on day {day} {what}; use a smaller change or fewer days"
    candidates = [(key, float(series[key][index]), loses) for key, loses in DRIVERS
                  if float(series[key][index]) != 0.0]
    matching = [c for c in candidates if direction == 0 or (c[1] * c[2] < 0) == (direction > 0)]
    if matching:
        key, value, _ = matching[0]
        shown = scenario.get(key)
        if isinstance(shown, list) or shown is None:
            shown = f"{value:g} on day {index}"
        return ScenarioError(key, shown, "a value that keeps the model inside its validity "
                             "range: " + advice)
    person = scenario.get("person")
    intake = person.get("baseline_intake_kcal_per_day") if isinstance(person, Mapping) else None
    if intake is not None:
        return ScenarioError("person.baseline_intake_kcal_per_day", intake,
                             "an intake closer to the expenditure: " + advice)
    return ScenarioError("days", scenario.get("days"), "fewer days: " + advice)


def example_scenario() -> dict[str, Any]:
    """The bundled example scenario (``runlean/data/example_scenario.json``)."""
    from importlib.resources import files

    text = files("runlean").joinpath("data/example_scenario.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def load_scenario(path: str | Path) -> dict[str, Any]:
    """Read a scenario JSON file within bounds (:func:`runlean.io.documents.load_document`);
    a missing, oversized, malformed or too deeply nested file raises ScenarioError."""
    from runlean.io.documents import load_document

    return load_document(path, field="SCENARIO", kind="json", error=ScenarioError)


def _format(value: Any) -> Any:
    """A cell of the CSV: numbers with 6 decimals (whole numbers as they are), any text
    through :func:`runlean.io.safe_output.csv_cell` (never a spreadsheet formula)."""
    from runlean.io.safe_output import csv_cell

    if isinstance(value, bool) or not isinstance(value, int | float):
        return csv_cell(value)
    return str(value) if isinstance(value, int) else f"{value:.6f}"


def _write_file(path: str | Path, text: str) -> None:
    """Write ``text`` to ``path`` (private, all or nothing); an unwritable path raises
    InvalidInputError."""
    from runlean.io.output import write_file

    write_file(Path(path), text.encode("utf-8"))


def write_csv(columns: Mapping[str, list[float]], out: IO[str] | str | Path) -> None:
    """Write the columns as CSV, one row per day (header = column names)."""
    if isinstance(out, str | Path):
        buffer = io.StringIO()
        write_csv(columns, buffer)
        _write_file(out, buffer.getvalue())
        return
    from runlean.io.safe_output import csv_cell

    writer = csv.writer(out, lineterminator="\n")
    names = list(columns)
    writer.writerow([csv_cell(n) for n in names])
    for row in zip(*(columns[n] for n in names), strict=True):
        writer.writerow([_format(v) for v in row])


def write_json(columns: Mapping[str, list[float]], out: IO[str] | str | Path) -> None:
    """Write the columns as a JSON object mapping each column name to its daily values."""
    from runlean.io.safe_output import dumps_json

    text = dumps_json(dict(columns), indent=None) + "\n"
    if isinstance(out, str | Path):
        _write_file(out, text)
    else:
        out.write(text)
