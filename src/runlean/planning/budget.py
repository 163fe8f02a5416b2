"""The energy budget before the plan: what the person burns now, and from what.

``expenditure = RMR × non-exercise activity level + energy of current training``

* RMR: Mifflin-St Jeor (Mifflin et al. 1990, Am J Clin Nutr 51:241), the equation Hall's
  model uses at baseline.
* Non-exercise activity level: :attr:`runlean.domain.Habits.pal` (given, from the activity
  questionnaire, or assumed 1.5); it never includes training (FAO/WHO/UNU 2004).
* Current training: running (stated weekly minutes or distance, imported activities, or the
  volume assumed from experience) as easy running at the person's easy speed, plus current
  strength sessions, each with its EPOC, exactly as the plan's own sessions are costed
  (:func:`runlean.planning.sessions.session_energy`). Counting it here, and only the plan's
  training *over* it as new, means running is never counted twice and never left out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from runlean.domain import Habits, Person, Preferences
from runlean.planning.sessions import PersonFactors, session_energy
from runlean.planning.training import STRENGTH_MIN, SessionSpec, seed_volume
from runlean.science.metabolism import mifflin_st_jeor


@dataclass(frozen=True)
class CurrentTraining:
    """What the person trains now, per week, and where the figure comes from."""

    running_min_per_week: float
    longest_run_min: float
    strength_sessions_per_week: float
    source: str
    #: Energy of the current training when measured (imported activities) [kcal/day]; None
    #: means it is costed from the minutes.
    measured_kcal_per_day: float | None = None

    @property
    def hours_per_week(self) -> float:
        """Running plus strength time [h/week] (strength sessions at their planned length)."""
        return (self.running_min_per_week
                + STRENGTH_MIN * self.strength_sessions_per_week) / 60.0


def stated_training(prefs: Preferences, habits: Habits) -> CurrentTraining:
    """Current training from the person's own answers (or their experience level)."""
    weekly, longest = seed_volume(prefs)
    if prefs.weekly_running_min is not None:
        source = "your stated weekly minutes"
    elif prefs.weekly_running_km is not None:
        source = "your stated weekly distance"
    elif weekly > 0:
        source = f"assumed from your experience ({prefs.experience})"
    else:
        source = "none stated"
    return CurrentTraining(weekly, longest, float(habits.strength_sessions_per_week), source)


@dataclass(frozen=True)
class EnergyBudget:
    """Expenditure before the plan and its parts [kcal/day]."""

    rmr_kcal_per_day: float
    non_exercise_pal: float
    pal_source: str
    training: CurrentTraining
    training_kcal_per_day: float

    @property
    def non_exercise_kcal_per_day(self) -> float:
        return self.rmr_kcal_per_day * self.non_exercise_pal

    @property
    def expenditure_kcal_per_day(self) -> float:
        """Total expenditure before the plan: RMR × PAL + current training [kcal/day]."""
        return self.non_exercise_kcal_per_day + self.training_kcal_per_day

    @property
    def total_pal(self) -> float:
        """The whole-day activity level this implies (expenditure / RMR)."""
        return self.expenditure_kcal_per_day / self.rmr_kcal_per_day


def current_training_kcal_per_day(training: CurrentTraining, factors: PersonFactors) -> float:
    """Energy of the current training (net + EPOC) [kcal/day].

    Running as one week of easy running at the person's easy speed (EPOC is proportional to
    the net energy at a given intensity, so one week-long session gives the same total as the
    runs it stands for); strength as sessions of :data:`STRENGTH_MIN` minutes.
    """
    if training.measured_kcal_per_day is not None:
        return training.measured_kcal_per_day
    day = dt.date(2000, 1, 3)
    total = 0.0
    if training.running_min_per_week > 0:
        run = SessionSpec(day, 0, "easy", "running", training.running_min_per_week,
                          training.running_min_per_week, 0, False)
        net, _gross, epoc = session_energy(run, factors)
        total += net + epoc
    if training.strength_sessions_per_week > 0:
        lift = SessionSpec(day, 0, "strength", "strength", STRENGTH_MIN, 0.0, 0, False)
        net, _gross, epoc = session_energy(lift, factors)
        total += (net + epoc) * training.strength_sessions_per_week
    return total / 7.0


def energy_budget(person: Person, habits: Habits, training: CurrentTraining,
                  factors: PersonFactors) -> EnergyBudget:
    """The energy budget before the plan (see the module docstring)."""
    rmr = float(mifflin_st_jeor(person.weight_kg, person.height_cm, person.age_years,
                                person.sex == "male"))
    return EnergyBudget(rmr, habits.pal, habits.pal_source, training,
                        current_training_kcal_per_day(training, factors))
