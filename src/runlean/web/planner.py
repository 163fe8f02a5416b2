"""The plan form's adapter: form fields -> domain objects -> ``make_plan`` -> active plan.

This is the one place where the web app builds :class:`~runlean.domain.Person`,
:class:`~runlean.domain.Habits`, :class:`~runlean.domain.Preferences` and
:class:`~runlean.domain.Goal` from a form, as ``runlean plan`` does from its options, and calls
:func:`runlean.planning.plan.make_plan` and :func:`runlean.planning.store.save_active_plan`.
It only parses and converts units; every rule is in the domain and planning layers. (A
planning service taking raw inputs will replace :func:`plan_from_form`.)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any
from zoneinfo import ZoneInfo

from runlean.domain import (
    WEEKDAYS,
    Goal,
    Habits,
    Person,
    Plan,
    Preferences,
    RaceResult,
    RegionalFat,
)
from runlean.errors import InvalidInputError
from runlean.store.db import Store
from runlean.web import forms as f

GOAL_KINDS = ("fat_loss_kg", "weight_kg", "body_fat_pct", "leg_fat_kg")
EXPERIENCE = ("none", "beginner", "intermediate", "advanced")
CROSS_MODES = ("cycling", "swimming", "elliptical", "rowing")
#: Activity level choices (PAL without the running): value -> label.
PAL_LEVELS = {"1.4": "Mostly sitting (desk job, little walking)",
              "1.6": "Some walking or standing during the day",
              "1.8": "On your feet most of the day",
              "2.0": "Physical work"}

#: Error fields of the domain -> the form field the message goes next to.
FIELD_OF_ERROR = {"distance_m": "race_distance", "time_s": "race_time", "race": "race_time",
                  "--race-time": "race_time", "target": "goal_target",
                  "regional_fat": "legs_kg", "goal": "goal_kind", "compensation": "compensation",
                  "start": "start_date"}


def form_field(error_field: str) -> str:
    """The form field an :class:`InvalidInputError` belongs to."""
    if error_field.startswith("goal:") or error_field.startswith("goal."):
        return "goal_target"
    return FIELD_OF_ERROR.get(error_field, error_field.removeprefix("person.")
                              .removeprefix("habits."))


def person_from_form(form: Mapping[str, Any], units: str) -> Person:
    """A :class:`Person` from the profile fields of a form."""
    p: dict[str, Any] = {"sex": f.choice(form, "sex", ("female", "male"))}
    if p["sex"] is None:
        raise InvalidInputError("sex", None, "female or male")
    p["age_years"] = f.number(form, "age_years", required=True)
    p["height_cm"] = f.number(form, "height_cm", required=True, kind="length", units=units)
    p["weight_kg"] = f.number(form, "weight_kg", required=True, kind="mass", units=units)
    for key in ("body_fat_pct", "resting_hr_bpm", "max_hr_bpm", "vo2max_ml_per_kg_min"):
        p[key] = f.number(form, key)
    zone = f.text(form, "timezone")
    if zone:
        p["timezone"] = zone
    regional = [f.number(form, k, kind="mass", units=units)
                for k in ("legs_kg", "arms_kg", "trunk_kg")]
    if any(v is not None for v in regional):
        if any(v is None for v in regional):
            raise InvalidInputError("legs_kg", None, "all three of legs, arms and trunk fat "
                                    "(from the same DXA scan), or none")
        p["regional_fat"] = RegionalFat(legs_kg=regional[0], arms_kg=regional[1],
                                        trunk_kg=regional[2])
    race_d = f.number(form, "race_distance", kind="distance", units=units)
    race_t = f.text(form, "race_time")
    if race_d is not None or race_t:
        if race_d is None:
            raise InvalidInputError("race_distance", None, "the race distance too")
        if not race_t:
            raise InvalidInputError("race_time", None, "the race time too (H:MM:SS)")
        p["race"] = RaceResult(distance_m=race_d * 1000.0, time_s=f.race_time_s(race_t))
    return Person(**p)


def habits_from_form(form: Mapping[str, Any]) -> Habits:
    """:class:`Habits` from the habit fields of a form (empty fields keep the defaults)."""
    h: dict[str, Any] = {}
    for key in ("pal", "sleep_hours", "protein_g_per_kg"):
        value = f.number(form, key)
        if value is not None:
            h[key] = value
    strength = f.whole(form, "strength_sessions_per_week")
    if strength is not None:
        h["strength_sessions_per_week"] = strength
    return Habits(**h)


def preferences_from_form(form: Any, units: str) -> Preferences:
    """:class:`Preferences` from the training fields of a form."""
    pr: dict[str, Any] = {}
    exp = f.choice(form, "experience", EXPERIENCE)
    if exp:
        pr["experience"] = exp
    for key in ("running_days_per_week", "strength_sessions_per_week"):
        value = f.whole(form, key)
        if value is not None:
            pr[key] = value
    for key in ("longest_session_min", "weekly_running_min", "longest_recent_run_min"):
        minutes = f.number(form, key)
        if minutes is not None:
            pr[key] = minutes
    km = f.number(form, "weekly_running_km", kind="distance", units=units)
    if km is not None:
        pr["weekly_running_km"] = km
    days = [d for d in form.getlist("free_weekdays") if isinstance(d, str)] \
        if hasattr(form, "getlist") else list(form.get("free_weekdays") or [])
    if not days:
        raise InvalidInputError("free_weekdays", "none", "at least one free weekday")
    for d in days:
        if d not in WEEKDAYS:
            raise InvalidInputError("free_weekdays", d, "weekday names such as mon, wed, sat")
    pr["free_weekdays"] = tuple(WEEKDAYS.index(d) for d in days)
    cross = [c for c in form.getlist("cross_training") if isinstance(c, str)] \
        if hasattr(form, "getlist") else list(form.get("cross_training") or [])
    for c in cross:
        if c not in CROSS_MODES:
            raise InvalidInputError("cross_training", c, "one of " + ", ".join(CROSS_MODES))
    pr["cross_training"] = tuple(cross)
    return Preferences(**pr)


def goal_from_form(form: Mapping[str, Any], units: str) -> Goal:
    """The :class:`Goal` of a form (target in kg/lb for masses, % for body fat)."""
    kind = f.choice(form, "goal_kind", GOAL_KINDS)
    if kind is None:
        raise InvalidInputError("goal_kind", None, "one of " + ", ".join(GOAL_KINDS))
    target = f.number(form, "goal_target", required=True, label="target",
                      kind=None if kind == "body_fat_pct" else "mass", units=units)
    deadline = f.choice(form, "deadline", ("none", "date", "weeks"), default="none")
    target_date = f.date(form, "target_date", required=True) if deadline == "date" else None
    weeks = f.whole(form, "weeks", required=True) if deadline == "weeks" else None
    return Goal(kind=kind, target=target, target_date=target_date, weeks=weeks)


def plan_from_form(store: Store, form: Any, units: str, *, with_profile: bool) -> Plan:
    """Make the plan the form asks for and keep it as the active plan.

    With ``with_profile`` the person and habits come from the form and are stored as the
    profile; otherwise the stored profile is used.
    """
    from runlean.planning.plan import DEFAULT_COMPENSATION, make_plan
    from runlean.planning.safety import check_age
    from runlean.planning.store import save_active_plan
    from runlean.store.profile import load_profile, save_profile

    if with_profile:
        age = f.number(form, "age_years")
        if age is not None:
            check_age(age)  # a clear refusal before the range check, as the CLI does
        person = person_from_form(form, units)
        habits = habits_from_form(form)
    else:
        profile = load_profile(store)
        if profile is None:
            raise InvalidInputError("profile", None, "a profile first (the Start page)")
        person, habits = profile
    prefs = preferences_from_form(form, units)
    goal = goal_from_form(form, units)
    compensation = f.number(form, "compensation")
    start = f.date(form, "start_date") or dt.datetime.now(ZoneInfo(person.timezone)).date()
    plan = make_plan(person, habits, goal, prefs, start,
                     compensation=DEFAULT_COMPENSATION if compensation is None
                     else compensation / 100.0)
    if with_profile:
        save_profile(store, person, habits)
    save_active_plan(plan, store.data_dir)  # same data directory and database URL
    return plan


def plan_from_json(plan_json: Mapping[str, Any]) -> Plan:
    """The stored plan rebuilt from its inputs (for the calendar and report downloads).

    ``make_plan`` is deterministic: the same inputs give the same plan (same ``plan_key``).
    """
    from runlean.planning.plan import make_plan

    try:
        person = Person(**plan_json["person"])
        habits = Habits(**plan_json["habits"])
        goal = Goal(**plan_json["goal"])
        prefs = Preferences(**plan_json["preferences"])
        start = dt.date.fromisoformat(str(plan_json["start_date"]))
        compensation = float(plan_json["compensation"])
    except (KeyError, TypeError, ValueError) as exc:
        raise InvalidInputError("plan", "the stored plan", f"a plan with its inputs ({exc}); "
                                "remake it on the Plan page") from None
    return make_plan(person, habits, goal, prefs, start, compensation=compensation)


def plan_from_inputs(store: Store, data: Mapping[str, Any]) -> Plan:
    """Make and keep a plan from JSON inputs: ``goal`` and ``preferences`` (as in plan.json),
    optional ``person``/``habits`` (default: the stored profile, which they then replace),
    ``start_date`` and ``compensation`` (0-1)."""
    from runlean.planning.plan import DEFAULT_COMPENSATION, make_plan
    from runlean.planning.store import save_active_plan
    from runlean.store.profile import load_profile, save_profile

    for key in data:
        if key not in ("person", "habits", "preferences", "goal", "start_date",
                       "compensation"):
            raise InvalidInputError(key, data[key], "no such field (one of person, habits, "
                                    "preferences, goal, start_date, compensation)")
    for key in ("person", "habits", "preferences", "goal"):
        if key in data and not isinstance(data[key], Mapping):
            raise InvalidInputError(key, data[key], "an object")
    stored = load_profile(store)
    if "person" in data:
        person = Person(**data["person"])
        habits = Habits(**data.get("habits", {}))
    elif stored is None:
        raise InvalidInputError("person", None, "the person (no profile is stored yet)")
    else:
        person = stored[0]
        habits = Habits(**data["habits"]) if "habits" in data else stored[1]
    if "goal" not in data:
        raise InvalidInputError("goal", None, "a goal: {\"kind\": ..., \"target\": ...}")
    goal = Goal(**data["goal"])
    prefs = Preferences(**data.get("preferences", {}))
    start_raw = data.get("start_date")
    try:
        start = (dt.date.fromisoformat(str(start_raw)) if start_raw is not None
                 else dt.datetime.now(ZoneInfo(person.timezone)).date())
    except ValueError:
        raise InvalidInputError("start_date", start_raw, "a date as YYYY-MM-DD") from None
    comp = data.get("compensation", DEFAULT_COMPENSATION)
    if isinstance(comp, bool) or not isinstance(comp, int | float):
        raise InvalidInputError("compensation", comp, "a number between 0 and 1")
    plan = make_plan(person, habits, goal, prefs, start, compensation=float(comp))
    if "person" in data or "habits" in data:
        save_profile(store, person, habits)
    save_active_plan(plan, store.data_dir)
    return plan
