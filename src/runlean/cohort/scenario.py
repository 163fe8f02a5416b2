"""Cohort scenarios: the ``runlean simulate`` scenario format, for a whole population.

The keys of the simulate scenario format except ``person`` (the people come from the
population table), with the same meaning, units and checks, applied to everybody:

``days`` (required), ``intake_change_kcal_per_day``, ``activity_change_pct``,
``carb_fraction_baseline``, ``carb_fraction``, ``sodium_change_mg_per_day``,
``extra_activity_kcal_per_day`` (one number, or a list of ``days`` numbers),
``strength_sessions_per_week``, ``protein_g_per_kg``, ``sleep_hours``, ``lean_modifiers``,
``leg_fat_exponent``, ``parameter_set``.

Plus ``running_programme`` (:mod:`runlean.cohort.programme`)::

    "running_programme": {"sessions_per_week": 3, "minutes": 30, "speed_m_per_s": 2.2,
                          "vo2max_fraction": null, "adherence": 0.7, "compensation": 0,
                          "start_day": 0, "end_day": null,
                          "applies_to": {"age_band": ["20-29", "30-39"], "bmi_min": 30}}

Unknown keys and impossible values raise :class:`~runlean.errors.ScenarioError` naming the
field.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from importlib.resources import files
from typing import Any

import numpy as np

from runlean.cohort.programme import RunningProgramme, parse_programme
from runlean.domain import check_bounds, check_range
from runlean.errors import InvalidInputError, ScenarioError
from runlean.science.hall2011 import PARAMETER_SETS
from runlean.science.lean_modifiers import lean_fraction_multiplier
from runlean.simulate import MAX_DAYS, SERIES_RANGES

SCENARIO_KEYS = (
    "days", "carb_fraction_baseline", *SERIES_RANGES, "strength_sessions_per_week",
    "protein_g_per_kg", "sleep_hours", "lean_modifiers", "leg_fat_exponent", "parameter_set",
    "running_programme",
)


@dataclass(frozen=True)
class CohortScenario:
    """A validated cohort scenario; every series is shaped ``(days,)``."""

    days: int
    intake_change_kcal_per_day: np.ndarray
    activity_change_pct: np.ndarray
    extra_activity_kcal_per_day: np.ndarray
    carb_fraction_baseline: float
    carb_fraction: np.ndarray
    sodium_change_mg_per_day: np.ndarray
    lean_multiplier: float | None
    leg_fat_exponent: float
    parameter_set: str
    programme: RunningProgramme | None


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


def _optional(scenario: Mapping[str, Any], key: str) -> float | None:
    value = scenario.get(key)
    if value is None:
        return None
    try:
        return check_range(key, value)
    except InvalidInputError as exc:
        raise ScenarioError(exc.field, exc.value, exc.expected) from None


def parse_cohort_scenario(scenario: Any) -> CohortScenario:
    """Validate a cohort scenario (format in the module docstring).

    Raises
    ------
    ScenarioError
        Unknown key, wrong list length or impossible value (the message names the field).
    """
    if not isinstance(scenario, Mapping):
        raise ScenarioError("scenario", type(scenario).__name__, "a JSON object")
    for key in scenario:
        if key == "person":
            raise ScenarioError("person", "an object",
                                "no person in a cohort scenario: the people come from the "
                                "POPULATION table (remove the key)")
        if key not in SCENARIO_KEYS:
            raise ScenarioError(key, scenario[key],
                                f"no such scenario field; allowed: {', '.join(SCENARIO_KEYS)}")
    days = scenario.get("days")
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= MAX_DAYS:
        raise ScenarioError("days", days, f"a whole number of days from 1 to {MAX_DAYS}")
    carb_raw = scenario.get("carb_fraction_baseline")
    carb_base = _number("carb_fraction_baseline", 0.5 if carb_raw is None else carb_raw,
                        0.05, 1.0, "(fraction of intake)")
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
    set_name = scenario.get("parameter_set") or "bw"
    if set_name not in PARAMETER_SETS:
        raise ScenarioError("parameter_set", set_name, f"one of {', '.join(PARAMETER_SETS)}")
    prog_raw = scenario.get("running_programme")
    return CohortScenario(
        days=days,
        intake_change_kcal_per_day=_series(scenario, "intake_change_kcal_per_day", days, 0.0),
        activity_change_pct=_series(scenario, "activity_change_pct", days, 0.0),
        extra_activity_kcal_per_day=_series(scenario, "extra_activity_kcal_per_day", days,
                                            0.0),
        carb_fraction_baseline=carb_base,
        carb_fraction=_series(scenario, "carb_fraction", days, carb_base),
        sodium_change_mg_per_day=_series(scenario, "sodium_change_mg_per_day", days, 0.0),
        lean_multiplier=(float(lean_fraction_multiplier(sessions or 0.0, protein, sleep))
                         if use_mod else None),
        leg_fat_exponent=k_leg, parameter_set=str(set_name),
        programme=None if prog_raw is None else parse_programme(prog_raw, days))


def example_cohort_scenario() -> dict[str, Any]:
    """The bundled example cohort scenario (``runlean/data/example_cohort_scenario.json``)."""
    text = files("runlean").joinpath("data/example_cohort_scenario.json").read_text(
        encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data
