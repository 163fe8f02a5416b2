"""The plan form's adapter: form fields -> planning-service sections -> the active plan.

The web app reads the start and plan forms here into the sections that
:func:`runlean.planning.service.plan_from_sections` takes (the service ``runlean plan``
calls too): metric values, the person and habits checked by the domain objects first so that
each error names its form field. It only parses and converts units; every rule is in the
domain and planning layers. :func:`plan_from_json` reads a stored ``plan.json`` back into a
:class:`~runlean.domain.Plan` for the downloads.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

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
                  "start": "start_date", "--start": "start_date", "--by": "target_date",
                  "--weeks": "weeks"}


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
    # The units the form was filled in are saved with the profile: the commands use them too.
    p["units"] = "imperial" if units == "imperial" else "metric"
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
    return Habits(**_habits_section(form))


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


def _person_section(form: Mapping[str, Any], units: str) -> dict[str, Any]:
    """The ``person`` section of the planning service from the profile fields (metric)."""
    from runlean.planning.policy import check_age

    age = f.number(form, "age_years")
    if age is not None:
        check_age(age)  # the clear refusal, before the range check (as the CLI does)
    person = person_from_form(form, units)
    return person.model_dump(mode="json", exclude_none=True)


def _habits_section(form: Mapping[str, Any]) -> dict[str, Any]:
    """The habit fields a form fills in (the planning service's ``habits`` section)."""
    h: dict[str, Any] = {}
    for key in ("pal", "sleep_hours", "protein_g_per_kg"):
        value = f.number(form, key)
        if value is not None:
            h[key] = value
    strength = f.whole(form, "strength_sessions_per_week")
    if strength is not None:
        h["strength_sessions_per_week"] = strength
    return h


#: Goal kinds of the form -> keys of the planning service's ``goal`` section.
GOAL_SECTION_KEYS = {"fat_loss_kg": "lose_fat_kg", "weight_kg": "target_weight_kg",
                     "body_fat_pct": "target_body_fat_pct", "leg_fat_kg": "target_leg_fat_kg"}


def goal_section(form: Mapping[str, Any], units: str) -> dict[str, Any]:
    """The ``goal`` section of the planning service (target in kg or %, ``by`` or ``weeks``)."""
    goal = goal_from_form(form, units)
    section: dict[str, Any] = {GOAL_SECTION_KEYS[goal.kind]: goal.target}
    if goal.target_date is not None:
        section["by"] = goal.target_date.isoformat()
    if goal.weeks is not None:
        section["weeks"] = goal.weeks
    return section


def plan_from_form(store: Store, form: Any, units: str, *, with_profile: bool) -> Plan:
    """Make the plan the form asks for, through the planning service, and keep it active.

    With ``with_profile`` the person and habits come from the form (and become the stored
    profile); otherwise the stored profile is used.
    """
    from runlean.planning.plan import DEFAULT_COMPENSATION
    from runlean.planning.service import plan_from_sections

    sections: dict[str, Any] = {}
    if with_profile:
        sections["person"] = _person_section(form, units)
        sections["habits"] = _habits_section(form)
    prefs = preferences_from_form(form, units)
    sections["preferences"] = prefs.model_dump(mode="json", exclude_none=True)
    sections["goal"] = goal_section(form, units)
    compensation = f.number(form, "compensation")
    start = f.date(form, "start_date")
    outcome = plan_from_sections(
        sections, start=start, data_dir=store.data_dir,
        compensation=DEFAULT_COMPENSATION if compensation is None else compensation / 100.0)
    return outcome.plan


def plan_from_json(plan_json: Mapping[str, Any]) -> Plan:
    """The stored plan as a :class:`Plan` again, read back from its ``plan.json`` form.

    Used for the calendar, sessions and report downloads of the active plan: nothing is
    recomputed, so the files show exactly the plan that was made.
    """
    from runlean.domain import Intensity, Session

    try:
        sessions = [Session(
            date=dt.date.fromisoformat(str(r["date"])), slot=int(r["slot"]), kind=r["kind"],
            sport=str(r["sport"]), duration_min=float(r["duration_min"]),
            running_min=float(r["running_min"]),
            intensity=Intensity(rpe_low=float(r["rpe_low"]), rpe_high=float(r["rpe_high"]),
                                hr_low_bpm=r.get("hr_low_bpm"), hr_high_bpm=r.get("hr_high_bpm"),
                                pace_s_per_km=r.get("pace_s_per_km"),
                                note=str(r.get("intensity_note") or "")),
            net_kcal=float(r["net_kcal"]), gross_kcal=float(r["gross_kcal"]),
            epoc_kcal=float(r["epoc_kcal"]), why=str(r["why"]),
            description=str(r["description"]), uid=str(r["uid"]), week=int(r["week"]),
            deload=bool(r.get("deload", False)), distance_m=r.get("distance_m"),
            fuelling=str(r.get("fuelling") or ""), hard_min=float(r.get("hard_min") or 0.0))
            for r in plan_json["sessions"]]
        requested = plan_json.get("requested_date")
        return Plan(
            plan_key=str(plan_json["plan_key"]), person=Person(**plan_json["person"]),
            habits=Habits(**plan_json["habits"]), goal=Goal(**plan_json["goal"]),
            preferences=Preferences(**plan_json["preferences"]),
            start_date=dt.date.fromisoformat(str(plan_json["start_date"])),
            goal_date=dt.date.fromisoformat(str(plan_json["goal_date"])),
            requested_date=None if requested is None else dt.date.fromisoformat(requested),
            compensation=float(plan_json["compensation"]), sessions=sessions,
            targets=dict(plan_json["targets"]), projection=dict(plan_json["projection"]),
            safety=dict(plan_json["safety"]), warnings=list(plan_json["warnings"]),
            assumptions=list(plan_json["assumptions"]),
            evidence=list(plan_json["evidence"]), baseline=dict(plan_json["baseline"]),
            training_load=dict(plan_json.get("training_load") or {}),
            population=str(plan_json.get("population") or ""),
            screening_clearance=bool(plan_json.get("screening_clearance", False)))
    except (KeyError, TypeError, ValueError) as exc:
        raise InvalidInputError("plan", "the stored plan", f"a complete plan.json ({exc}); "
                                "remake the plan on the Plan page") from None


def plan_from_inputs(store: Store, data: Mapping[str, Any]) -> Plan:
    """Make and keep a plan from JSON: the planning service's sections (``person``,
    ``habits``, ``preferences``, ``goal`` as in a ``runlean plan --profile`` file, metric;
    person and habits default to the stored profile) plus optional ``start_date`` and
    ``compensation`` (0-1)."""
    from runlean.planning.plan import DEFAULT_COMPENSATION
    from runlean.planning.service import parse_date, plan_from_sections

    sections = {k: v for k, v in data.items() if k not in ("start_date", "compensation")}
    prefs = sections.get("preferences")
    if isinstance(prefs, Mapping) and isinstance(prefs.get("free_weekdays"), list):
        sections["preferences"] = dict(prefs) | {
            "free_weekdays": _weekday_numbers(prefs["free_weekdays"])}
    start = (parse_date("start_date", data["start_date"]) if data.get("start_date") is not None
             else None)
    comp = data.get("compensation", DEFAULT_COMPENSATION)
    if isinstance(comp, bool) or not isinstance(comp, int | float):
        raise InvalidInputError("compensation", comp, "a number between 0 and 1")
    return plan_from_sections(dict(sections), start=start, compensation=float(comp),
                              data_dir=store.data_dir).plan


def _weekday_numbers(days: list[Any]) -> tuple[int, ...]:
    """Weekdays given as names (``mon``) or numbers (0 = Monday)."""
    out = []
    for d in days:
        if isinstance(d, str):
            key = d.strip().lower()[:3]
            if key not in WEEKDAYS:
                raise InvalidInputError("free_weekdays", d, "weekday names such as mon, wed")
            out.append(WEEKDAYS.index(key))
        else:
            out.append(d)
    return tuple(out)
