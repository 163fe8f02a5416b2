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
from dataclasses import dataclass, fields
from importlib.resources import files
from typing import Any

from runlean.cohort.programme import RunningProgramme, parse_programme
from runlean.errors import ScenarioError
from runlean.simulate import SERIES_RANGES, ScenarioInputs, scenario_inputs

SCENARIO_KEYS = (
    "days", "carb_fraction_baseline", *SERIES_RANGES, "strength_sessions_per_week",
    "protein_g_per_kg", "sleep_hours", "lean_modifiers", "leg_fat_exponent", "parameter_set",
    "running_programme",
)


@dataclass(frozen=True)
class CohortScenario(ScenarioInputs):
    """A validated cohort scenario: the simulate scenario's inputs and a running programme."""

    programme: RunningProgramme | None = None


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
    inputs = scenario_inputs(scenario)
    prog_raw = scenario.get("running_programme")
    return CohortScenario(
        **{f.name: getattr(inputs, f.name) for f in fields(ScenarioInputs)},
        programme=None if prog_raw is None else parse_programme(prog_raw, inputs.days))


def example_cohort_scenario() -> dict[str, Any]:
    """The bundled example cohort scenario (``runlean/data/example_cohort_scenario.json``)."""
    text = files("runlean").joinpath("data/example_cohort_scenario.json").read_text(
        encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data
