"""A running programme applied to a population: its energy, person by person.

A programme is a number of easy continuous runs a week of a given length, at an absolute
speed or at a fraction of each person's VO2max, followed by a share of the people it is
offered to (or, equivalently, a share of its sessions done: ``adherence``), from a start day
to an end day, for everybody or for a subgroup.

Energy of one session, as the planner costs an easy run (``runlean.planning.sessions``):

* net energy by the ACSM running equation at the session speed (resting 3.5 ml/kg/min
  excluded, because resting energy is already in the daily budget),
  ``kcal = VO2_net · weight · minutes / 1000 · 5.0``;
* plus EPOC, the planner's after-burn model (a share of the net energy rising with
  intensity, fitted to LaForgia et al. 1997) at the intensity of an easy run on the Daniels
  scale (E pace, 0.70 of VO2max).

Per day: ``sessions_per_week × adherence × (net + EPOC) / 7 × (1 − compensation)``
[kcal/d at baseline weight], entering Hall's model as extra activity energy. The model
divides it by the baseline weight and multiplies by the current weight (the running
equation's energy is proportional to body weight), so the programme costs less as people
lose weight. ``compensation`` is the share of exercise energy eaten back or offset by moving
less (default 0: none; the planner assumes 0.3).

The adherence share is applied as an expected value, not by drawing who skips: results are
deterministic, the same on any number of workers.

References
----------
.. [1] ACSM's Guidelines for Exercise Testing and Prescription, metabolic equations.
.. [2] LaForgia J et al. J Appl Physiol 1997;82:661–666 (EPOC, see
   :func:`runlean.science.exercise.laforgia_1997_epoc_kcal`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from runlean.domain import check_bounds
from runlean.errors import ScenarioError
from runlean.science.exercise import (
    acsm_running_speed_for_vo2,
    acsm_running_vo2,
    laforgia_1997_epoc_kcal,
    vo2_to_kcal,
)
from runlean.science.running import DANIELS_PACE_FRACTIONS

#: Intensity of an easy run for EPOC [fraction of VO2max on the Daniels scale]: E pace, as the
#: planner costs its easy runs.
EASY_EPOC_INTENSITY = DANIELS_PACE_FRACTIONS["E"]
#: Speeds derived from a VO2max fraction are kept within this range [m/s] (as the planner
#: does for an easy pace from VO2max).
SPEED_BOUNDS_M_PER_S = (1.8, 4.5)
PROGRAMME_KEYS = ("sessions_per_week", "minutes", "speed_m_per_s", "vo2max_fraction",
                  "adherence", "compensation", "start_day", "end_day", "applies_to")


@dataclass(frozen=True)
class RunningProgramme:
    """A running programme (see the module docstring); validated by :func:`parse_programme`.

    Attributes
    ----------
    sessions_per_week
        Runs per week.
    minutes
        Running time of each run [min].
    speed_m_per_s
        Absolute speed [m/s]; with ``vo2max_fraction`` too, the speed of people without a
        VO2max.
    vo2max_fraction
        Speed whose gross ACSM VO2 is this fraction of the person's VO2max.
    adherence
        Share of sessions done [fraction].
    compensation
        Share of the exercise energy compensated [fraction].
    start_day, end_day
        Days the programme runs: ``start_day <= day < end_day`` (None = to the end).
    applies_to
        Column → accepted values (text), plus optional ``bmi_min``/``bmi_max`` on the
        baseline BMI; empty = everybody.
    """

    sessions_per_week: float
    minutes: float
    speed_m_per_s: float | None = None
    vo2max_fraction: float | None = None
    adherence: float = 1.0
    compensation: float = 0.0
    start_day: int = 0
    end_day: int | None = None
    applies_to: Mapping[str, Any] = field(default_factory=dict)


def _num(key: str, value: Any, low: float, high: float, unit: str) -> float:
    try:
        return check_bounds(f"running_programme.{key}", value, low, high, unit)
    except Exception as exc:  # InvalidInputError -> ScenarioError naming the field
        raise ScenarioError(getattr(exc, "field", key), value,
                            getattr(exc, "expected", str(exc))) from None


def parse_programme(raw: Any, days: int) -> RunningProgramme:
    """Validate the ``running_programme`` object of a cohort scenario.

    Raises
    ------
    ScenarioError
        Unknown key or impossible value (the message names the field).
    """
    if not isinstance(raw, Mapping):
        raise ScenarioError("running_programme", raw, "an object (see runlean cohort --help)")
    for key in raw:
        if key not in PROGRAMME_KEYS:
            raise ScenarioError(f"running_programme.{key}", raw[key],
                                f"no such field; allowed: {', '.join(PROGRAMME_KEYS)}")
    for key in ("sessions_per_week", "minutes"):
        if raw.get(key) is None:
            raise ScenarioError(f"running_programme.{key}", None, "a number (required)")
    speed = raw.get("speed_m_per_s")
    frac = raw.get("vo2max_fraction")
    if speed is None and frac is None:
        raise ScenarioError("running_programme.speed_m_per_s", None,
                            "a speed [m/s] or a vo2max_fraction (at least one)")
    start = raw.get("start_day", 0)
    end = raw.get("end_day")
    for key, v in (("start_day", start), ("end_day", end)):
        if v is not None and (isinstance(v, bool) or not isinstance(v, int)
                              or not 0 <= v <= days):
            raise ScenarioError(f"running_programme.{key}", v, f"a whole day from 0 to {days}")
    if end is not None and end <= start:
        raise ScenarioError("running_programme.end_day", end, f"a day after start_day {start}")
    who = raw.get("applies_to") or {}
    if not isinstance(who, Mapping):
        raise ScenarioError("running_programme.applies_to", who,
                            "an object mapping columns to values (and bmi_min/bmi_max)")
    for key in ("bmi_min", "bmi_max"):
        if who.get(key) is not None:
            _num(f"applies_to.{key}", who[key], 10.0, 100.0, "kg/m²")
    return RunningProgramme(
        sessions_per_week=_num("sessions_per_week", raw["sessions_per_week"], 0, 14,
                               "sessions per week"),
        minutes=_num("minutes", raw["minutes"], 1, 300, "minutes per session"),
        speed_m_per_s=None if speed is None else _num("speed_m_per_s", speed, 1.0, 7.0, "m/s"),
        vo2max_fraction=None if frac is None else _num("vo2max_fraction", frac, 0.3, 1.0,
                                                       "(fraction of VO2max)"),
        adherence=_num("adherence", raw.get("adherence", 1.0), 0.0, 1.0, "(share of sessions)"),
        compensation=_num("compensation", raw.get("compensation", 0.0), 0.0, 1.0,
                          "(share of exercise energy)"),
        start_day=int(start), end_day=None if end is None else int(end), applies_to=dict(who))


def programme_speed_m_per_s(prog: RunningProgramme, vo2max: np.ndarray) -> np.ndarray:
    """Running speed of each person [m/s] (NaN where neither a speed nor a VO2max is known).

    With ``vo2max_fraction``: the ACSM speed of ``fraction × VO2max`` (clamped to
    :data:`SPEED_BOUNDS_M_PER_S`) for people with a VO2max, else ``speed_m_per_s``.
    """
    n = vo2max.shape[0]
    speed = np.full(n, np.nan if prog.speed_m_per_s is None else prog.speed_m_per_s)
    if prog.vo2max_fraction is not None:
        known = ~np.isnan(vo2max)
        v = np.asarray(acsm_running_speed_for_vo2(prog.vo2max_fraction * vo2max[known]),
                       dtype=float) / 60.0
        speed[known] = np.clip(v, *SPEED_BOUNDS_M_PER_S)
    return speed


def session_energy_kcal(speed_m_per_s: np.ndarray, minutes: float,
                        weight_kg: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Net and EPOC energy of one easy run per person [kcal] (see the module docstring)."""
    s = np.asarray(speed_m_per_s, dtype=float) * 60.0
    net = np.asarray(vo2_to_kcal(acsm_running_vo2(s, net=True), weight_kg, minutes),
                     dtype=float)
    epoc = np.asarray(laforgia_1997_epoc_kcal(net, EASY_EPOC_INTENSITY), dtype=float)
    return net, epoc


def check_applies_to(prog: RunningProgramme, group_columns: Sequence[str]) -> None:
    """Check that ``applies_to`` names only grouping columns (or ``bmi_min``, ``bmi_max``).

    Raises
    ------
    ScenarioError
        ``applies_to`` names a column the population does not have.
    """
    for key, want in prog.applies_to.items():
        if key not in ("bmi_min", "bmi_max") and key not in group_columns:
            raise ScenarioError(f"running_programme.applies_to.{key}", want,
                                f"a column of the population (grouping columns: "
                                f"{', '.join(group_columns) or 'none'}; or bmi_min, bmi_max)")


def programme_members(prog: RunningProgramme, groups: Mapping[str, np.ndarray],
                      bmi: np.ndarray) -> np.ndarray:
    """Who the programme is offered to (bools ``(n,)``).

    Raises
    ------
    ScenarioError
        ``applies_to`` names a column the population does not have.
    """
    check_applies_to(prog, list(groups))
    member = np.ones(bmi.shape[0], dtype=bool)
    for key, want in prog.applies_to.items():
        if key == "bmi_min":
            member &= bmi >= float(want)
        elif key == "bmi_max":
            member &= bmi < float(want)
        else:
            accepted = [str(v).strip() for v in (want if isinstance(want, list) else [want])]
            member &= np.isin(groups[key], accepted)
    return member


def programme_kcal_per_day(prog: RunningProgramme, weight_kg: np.ndarray, vo2max: np.ndarray,
                           member: np.ndarray) -> np.ndarray:
    """Extra activity energy of the programme [kcal/d at baseline weight], per person.

    Raises
    ------
    ScenarioError
        A member has neither a VO2max (for ``vo2max_fraction``) nor a fallback speed.
    """
    speed = programme_speed_m_per_s(prog, vo2max)
    lacking = member & np.isnan(speed)
    if np.any(lacking):
        raise ScenarioError("running_programme.speed_m_per_s", None,
                            f"a fallback speed: {int(lacking.sum())} people have no "
                            f"vo2max_ml_per_kg_min for vo2max_fraction")
    net, epoc = session_energy_kcal(np.where(member, speed, 2.0), prog.minutes, weight_kg)
    per_day = prog.sessions_per_week * prog.adherence * (net + epoc) / 7.0
    return np.where(member, per_day * (1.0 - prog.compensation), 0.0)


def programme_schedule(prog: RunningProgramme, days: int) -> np.ndarray:
    """1.0 on the days the programme runs, else 0.0, shape ``(days,)``."""
    on = np.zeros(days)
    on[prog.start_day:days if prog.end_day is None else prog.end_day] = 1.0
    return on
