"""The planning service: from a profile (sections of plain values) to a saved plan.

This is what ``runlean plan`` and the web app call. Input is a mapping of sections, all in
metric units (interfaces convert units first)::

    {"person": {...Person fields...}, "habits": {...}, "preferences": {...},
     "goal": {"lose_fat_kg" | "target_weight_kg" | "target_body_fat_pct" |
              "target_leg_fat_kg": number, "by": "YYYY-MM-DD" | "weeks": N}}

Body values missing from ``person`` are taken from the stored profile; body values given
replace it (:attr:`PlanOutcome.profile_updated` says so). When the person states no current
running volume, the running imported over the last 28 days (if any) is their current
training. The plan is saved as the active plan unless asked not to.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from runlean.domain import Goal, Habits, Person, Plan, Preferences, RaceResult
from runlean.errors import InvalidInputError
from runlean.planning import policy
from runlean.planning.budget import CurrentTraining

PROFILE_SECTIONS = ("person", "habits", "preferences", "goal")
GOAL_NUMBERS = {"lose_fat_kg": "fat_loss_kg", "target_weight_kg": "weight_kg",
                "target_body_fat_pct": "body_fat_pct", "target_leg_fat_kg": "leg_fat_kg"}
GOAL_KEYS = (*GOAL_NUMBERS, "by", "weeks")
#: Body fields that make a profile (the rest of ``person`` is optional).
REQUIRED_PERSON = ("sex", "age_years", "height_cm", "weight_kg")
#: Latest goal date accepted (the longest plan is two years; later dates are a typo).
MAX_GOAL_YEARS = 5
#: Imported activities counted as current training: the last 28 days.
RECENT_TRAINING_DAYS = 28
#: Running activities needed in that window to count.
MIN_RECENT_RUNS = 2


@dataclass
class PlanOutcome:
    """A plan and what the service did with it."""

    plan: Plan
    saved_to: Path | None = None
    profile_updated: bool = False
    notes: list[str] = field(default_factory=list)


def check_sections(data: dict[str, Any]) -> None:
    """Refuse unknown sections and goal keys and wrongly typed goal values (one line)."""
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
        if key in GOAL_NUMBERS and (isinstance(value, bool) or not isinstance(value, int | float)):
            raise InvalidInputError(f"goal.{key}", value, "a number")
        if key == "weeks" and (isinstance(value, bool) or not isinstance(value, int)):
            raise InvalidInputError("goal.weeks", value, "a whole number of weeks")


def parse_date(name: str, value: Any, start: dt.date | None = None) -> dt.date:
    """A YYYY-MM-DD date, within five years of ``start`` when given (one-line errors)."""
    try:
        date = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
    except (ValueError, OverflowError):
        raise InvalidInputError(name, value, "a date as YYYY-MM-DD") from None
    if start is not None and not start <= date <= start + dt.timedelta(days=365 * MAX_GOAL_YEARS):
        raise InvalidInputError(name, date.isoformat(),
                                f"a date after the start ({start.isoformat()}) and within "
                                f"{MAX_GOAL_YEARS} years of it (plans last at most 2 years)")
    return date


#: Earliest start date accepted (activity files before 1990 are refused too).
EARLIEST_START = dt.date(1990, 1, 1)


def check_start(start: dt.date, today: dt.date) -> dt.date:
    """A start date from 1990 to a year from today."""
    if not EARLIEST_START <= start <= today + dt.timedelta(days=366):
        raise InvalidInputError("--start", start.isoformat(),
                                f"a date from {EARLIEST_START.isoformat()} to a year from "
                                f"today ({today.isoformat()})")
    return start


def build_goal(section: dict[str, Any], start: dt.date) -> Goal:
    """The goal from its section: exactly one target, and ``by`` or ``weeks`` (or neither)."""
    chosen = [(GOAL_NUMBERS[k], v) for k, v in section.items()
              if k in GOAL_NUMBERS and v is not None]
    if len(chosen) != 1:
        raise InvalidInputError("goal", len(chosen), "exactly one of --lose-fat, "
                                "--target-weight, --target-body-fat, --target-leg-fat")
    by = section.get("by")
    weeks = section.get("weeks")
    if by is not None and weeks is not None:
        raise InvalidInputError("--weeks", weeks, "to be left out when --by is given")
    target_date = parse_date("--by", by, start) if by is not None else None
    return Goal(kind=chosen[0][0], target=float(chosen[0][1]), target_date=target_date,
                weeks=weeks)


def build_person(section: dict[str, Any]) -> Person:
    """The person from its section (a race given as a table becomes a RaceResult)."""
    p = dict(section)
    for key in REQUIRED_PERSON:
        if p.get(key) is None:
            raise InvalidInputError(key, None, "a value (give it as an option or in --profile, "
                                    "or use --example)")
    if isinstance(p.get("age_years"), int | float) and not isinstance(p["age_years"], bool):
        policy.check_age(float(p["age_years"]))  # a clear refusal before the range check
    if isinstance(p.get("race"), dict):
        p["race"] = RaceResult(**p["race"])
    return Person(**p)


def merge_stored_profile(sections: dict[str, Any], stored: tuple[Person, Habits] | None
                         ) -> tuple[dict[str, Any], bool]:
    """Fill missing person and habits values from the stored profile.

    Returns the merged sections and whether the given values change the stored body (so the
    profile should be updated).
    """
    person = dict(sections.get("person", {}))
    habits = dict(sections.get("habits", {}))
    if stored is None:
        return {**sections, "person": person, "habits": habits}, True
    old_p = stored[0].model_dump(mode="json", exclude_none=True)
    old_h = stored[1].model_dump(mode="json", exclude_none=True)
    changed = any(k in person and person[k] != old_p.get(k) for k in person)
    changed |= any(k in habits and habits[k] != old_h.get(k) for k in habits)
    if any(k in habits for k in ("pal", "occupation", "steps_per_day")):
        old_h.pop("pal_source", None)
        if "pal" not in habits:
            old_h.pop("pal", None)
    return {**sections, "person": old_p | person, "habits": old_h | habits}, changed


def recent_training(activities: list[dict[str, Any]], today: dt.date,
                    habits: Habits) -> CurrentTraining | None:
    """Current training from imported running activities of the last 28 days, or None.

    Running minutes and the longest run come from the activities' moving (else elapsed) time;
    the energy from runlean's estimate of each activity (net + EPOC), all sports included.
    """
    since = today - dt.timedelta(days=RECENT_TRAINING_DAYS)
    recent = [a for a in activities if a.get("start_utc") is not None
              and since <= a["start_utc"].date() < today]
    runs = [a for a in recent if str(a.get("sport") or "").lower().startswith(("run", "trail"))]
    if len(runs) < MIN_RECENT_RUNS:
        return None
    weeks = RECENT_TRAINING_DAYS / 7.0
    minutes = [float(a.get("moving_time_s") or a.get("duration_s") or 0.0) / 60.0 for a in runs]
    kcal = sum(float(a.get("net_energy_kcal") or 0.0) + float(a.get("epoc_kcal") or 0.0)
               for a in recent)
    return CurrentTraining(sum(minutes) / weeks, max(minutes), float(
        habits.strength_sessions_per_week), f"your imported activities of the last "
        f"{RECENT_TRAINING_DAYS} days ({len(runs)} runs)", kcal / RECENT_TRAINING_DAYS)


def _states_volume(prefs: Preferences) -> bool:
    return prefs.weekly_running_min is not None or prefs.weekly_running_km is not None


def plan_from_sections(sections: dict[str, Any], *, start: dt.date | None = None,
                       compensation: float = 0.3, data_dir: Path | None = None,
                       use_store: bool = True, save: bool = True) -> PlanOutcome:
    """Make (and by default save) a plan from profile sections (module docstring).

    Parameters
    ----------
    sections
        Profile sections in metric units.
    start
        Day 0 of the plan (default: today in the person's time zone).
    compensation
        Share of new training energy assumed eaten back (0-1).
    data_dir
        Data directory of the store (default ``$RUNLEAN_HOME`` or the platform's).
    use_store
        Read the stored profile and imported activities; False for a throwaway plan (the
        built-in example), which is then never saved.
    save
        Save the plan as the active plan (and update the profile when body values changed).
    """
    from runlean.planning.plan import make_plan

    check_sections(sections)
    stored: tuple[Person, Habits] | None = None
    activities: list[dict[str, Any]] = []
    store_ok = use_store and _store_exists(data_dir)
    if store_ok:
        from runlean.store.activities import list_activities
        from runlean.store.db import open_store
        from runlean.store.profile import load_profile

        now = dt.datetime.now(dt.UTC)
        with open_store(data_dir) as store:
            stored = load_profile(store)
            activities = list_activities(
                store, since=now - dt.timedelta(days=RECENT_TRAINING_DAYS + 1))
    merged, changed = merge_stored_profile(sections, stored if use_store else None)
    person = build_person(merged.get("person", {}))
    habits = Habits(**merged.get("habits", {}))
    prefs_data = dict(merged.get("preferences", {}))
    prefs_data.setdefault("strength_sessions_per_week", 2)
    prefs = Preferences(**prefs_data)
    today = dt.datetime.now(ZoneInfo(person.timezone)).date()
    day0 = check_start(start, today) if start is not None else today
    goal = build_goal(merged.get("goal", {}), day0)
    current = None
    if not _states_volume(prefs) and activities:
        current = recent_training(activities, today, habits)
    plan = make_plan(person, habits, goal, prefs, day0, compensation=compensation,
                     current_training=current)
    outcome = PlanOutcome(plan)
    if day0 < today:
        plan.warnings.append(
            f"This plan starts in the past ({day0.isoformat()}, {(today - day0).days} days "
            "ago): its first weeks are already behind you; make a new plan from today to use "
            "it day by day.")
    if current is not None:
        outcome.notes.append(f"Current training taken from {current.source}: "
                             f"{current.running_min_per_week:.0f} min of running a week.")
    if save and use_store:
        from runlean.planning.store import save_active_plan

        outcome.saved_to = save_active_plan(plan, data_dir, update_profile=changed)
        outcome.profile_updated = changed
    return outcome


def _store_exists(data_dir: Path | None) -> bool:
    from runlean.store.db import store_exists

    return store_exists(data_dir)
