"""What each page shows: service results reshaped for the templates (no rules, no SQL).

Each ``*_context`` function calls the service behind a page and returns the template's
variables; charts are returned as small JSON specs that ``static/app.js`` draws with the
locally served plotly.js. Masses and distances are converted to the chosen unit system here.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from runlean import units as u
from runlean.errors import InvalidInputError, NotFoundError
from runlean.store.db import Store
from runlean.web import forms as f

KIND_LABELS = {"easy": "Easy run", "long": "Long run", "run_walk": "Run-walk",
               "hiit": "Intervals", "strength": "Strength", "cross": "Cross-training"}
SCENARIO_LABELS = {"plan": "The plan (diet + training)", "diet_only": "Diet change alone",
                   "running_only": "Running alone, no diet change",
                   "plan_no_strength": "The plan without strength training"}
SCENARIO_COLOURS = {"plan": "#1b7f5f", "diet_only": "#b86e00", "running_only": "#2f5f96",
                    "plan_no_strength": "#8a3fb8"}
PAGE_SIZE = 50
LOG_PAGE_SIZE = 31


def local_zone_name() -> str:
    """The IANA name of this machine's zone when it can be found, else UTC."""
    import os

    zone = os.environ.get("TZ", "")
    if zone and "/" in zone:
        return zone
    try:
        link = Path("/etc/localtime").resolve()
        parts = link.parts
        if "zoneinfo" in parts:
            return "/".join(parts[parts.index("zoneinfo") + 1:])
    except OSError:
        pass
    return "UTC"


def today_iso() -> str:
    from runlean.tracking.logs import local_today

    return local_today().isoformat()


def _mass(kg: float | None, units: str) -> float | None:
    if kg is None:
        return None
    return round(u.kg_to_lb(kg), 2) if units == "imperial" else round(kg, 3)


def _masses(values: Sequence[float], units: str) -> list[float]:
    if units == "imperial":
        return [round(u.kg_to_lb(v), 2) for v in values]
    return [round(v, 3) for v in values]


def chart(traces: list[dict[str, Any]], *, y_title: str = "", x_title: str = "",
          equal_axes: bool = False, height: int = 320, label: str = "") -> dict[str, Any]:
    """A chart spec for ``static/app.js``."""
    return {"traces": traces, "y_title": y_title, "x_title": x_title,
            "equal_axes": equal_axes, "height": height, "label": label}


# --- profile ----------------------------------------------------------------------------------


def profile_values(store: Store, units: str) -> dict[str, Any]:
    """The stored profile as form values in the display units ({} without a profile)."""
    from runlean.store.profile import load_profile

    loaded = load_profile(store)
    if loaded is None:
        return {"pal": "1.6", "sleep_hours": "7.5", "strength_sessions_per_week": "0",
                "timezone": local_zone_name()}
    return person_values(loaded[0].model_dump(), loaded[1].model_dump(), units)


def _fmt(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        return f"{v:.2f}".rstrip("0").rstrip(".")
    return str(v)


def person_values(p: Mapping[str, Any], h: Mapping[str, Any], units: str) -> dict[str, Any]:
    """Form values of a person and habits (as dumped) in the display units."""
    imp = units == "imperial"
    out = {k: _fmt(p.get(k)) for k in ("sex", "age_years", "body_fat_pct", "resting_hr_bpm",
                                       "max_hr_bpm", "vo2max_ml_per_kg_min", "timezone")}
    out["weight_kg"] = _fmt(round(u.kg_to_lb(p["weight_kg"]), 1) if imp else p["weight_kg"])
    out["height_cm"] = _fmt(round(u.cm_to_in(p["height_cm"]), 1) if imp else p["height_cm"])
    rf = p.get("regional_fat")
    if rf:
        for key in ("legs_kg", "arms_kg", "trunk_kg"):
            out[key] = _fmt(round(u.kg_to_lb(rf[key]), 2) if imp else rf[key])
    race = p.get("race")
    if race:
        km = race["distance_m"] / 1000.0
        out["race_distance"] = _fmt(round(u.km_to_miles(km), 3) if imp else km)
        t = round(race["time_s"])
        out["race_time"] = f"{t // 3600}:{t % 3600 // 60:02d}:{t % 60:02d}"
    out.update({k: _fmt(h.get(k)) for k in ("pal", "sleep_hours", "strength_sessions_per_week",
                                            "protein_g_per_kg")})
    return out


# --- plan -------------------------------------------------------------------------------------


def _plan_form_values(plan: Mapping[str, Any], units: str) -> dict[str, Any]:
    from runlean.domain import WEEKDAYS

    pr = plan.get("preferences") or {}
    goal = plan.get("goal") or {}
    imp = units == "imperial"
    values: dict[str, Any] = {
        "experience": pr.get("experience", "beginner"),
        "running_days_per_week": _fmt(pr.get("running_days_per_week")),
        "longest_session_min": _fmt(pr.get("longest_session_min")),
        "weekly_running_min": _fmt(pr.get("weekly_running_min")),
        "weekly_running_km": _fmt(None if pr.get("weekly_running_km") is None else
                                  (u.km_to_miles(pr["weekly_running_km"]) if imp
                                   else pr["weekly_running_km"])),
        "longest_recent_run_min": _fmt(pr.get("longest_recent_run_min")),
        "strength_sessions_per_week": _fmt(pr.get("strength_sessions_per_week")),
        "free_weekdays": [WEEKDAYS[d] for d in pr.get("free_weekdays", range(7))],
        "cross_training": list(pr.get("cross_training", ())),
        "goal_kind": goal.get("kind", "fat_loss_kg"),
        "compensation": _fmt(100 * float(plan.get("compensation", 0.3))),
    }
    target = goal.get("target")
    if isinstance(target, int | float):
        values["goal_target"] = _fmt(round(u.kg_to_lb(target), 1) if imp and
                                     goal.get("kind") != "body_fat_pct" else target)
    if goal.get("target_date"):
        values.update(deadline="date", target_date=goal["target_date"])
    elif goal.get("weeks"):
        values.update(deadline="weeks", weeks=_fmt(goal["weeks"]))
    else:
        values["deadline"] = "none"
    return values


def _month_grid(sessions: list[dict[str, Any]], month: dt.date) -> list[list[dict[str, Any]]]:
    by_day: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for s in sessions:
        by_day[str(s["date"])].append(s)
    weeks = []
    for week in calendar.Calendar(0).monthdatescalendar(month.year, month.month):
        weeks.append([{"date": d, "in_month": d.month == month.month,
                       "sessions": by_day.get(d.isoformat(), [])} for d in week])
    return weeks


def plan_context(store: Store, units: str, month: str | None) -> dict[str, Any]:
    """Everything the plan page shows (``plan`` None when there is no active plan)."""
    from runlean.store.profile import load_active_plan, load_profile

    plan = load_active_plan(store)
    profile = load_profile(store)
    ctx: dict[str, Any] = {"plan": plan, "has_profile": profile is not None,
                           "kind_labels": KIND_LABELS, "scenario_labels": SCENARIO_LABELS}
    if plan is None:
        ctx["values"] = {"experience": "beginner", "running_days_per_week": "3",
                         "longest_session_min": "60", "goal_kind": "fat_loss_kg",
                         "free_weekdays": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"],
                         "cross_training": [], "strength_sessions_per_week": "2",
                         "deadline": "none"}
        return ctx
    ctx["values"] = _plan_form_values(plan, units)
    sessions = list(plan.get("sessions") or [])
    start = dt.date.fromisoformat(plan["start_date"])
    goal_date = dt.date.fromisoformat(plan["goal_date"])
    today = dt.date.fromisoformat(today_iso())
    try:
        shown = dt.date.fromisoformat((month or "") + "-01") if month else None
    except ValueError:
        raise InvalidInputError("month", month, "a month as YYYY-MM") from None
    if shown is None:
        ref = today if start <= today <= goal_date else start
        shown = ref.replace(day=1)
    first_month = start.replace(day=1)
    last_month = goal_date.replace(day=1)
    prev_m = (shown - dt.timedelta(days=1)).replace(day=1)
    next_m = (shown + dt.timedelta(days=32)).replace(day=1)
    month_sessions = [s for s in sessions if str(s["date"]).startswith(shown.strftime("%Y-%m"))]
    ctx.update(
        start=start, goal_date=goal_date, month=shown, month_label=shown.strftime("%B %Y"),
        prev_month=prev_m.strftime("%Y-%m") if prev_m >= first_month else None,
        next_month=next_m.strftime("%Y-%m") if next_m <= last_month else None,
        grid=_month_grid(sessions, shown), month_sessions=month_sessions,
        weeks_total=(goal_date - start).days // 7, sessions_total=len(sessions),
        targets=plan.get("targets") or {}, safety=plan.get("safety") or {},
        warnings=plan.get("warnings") or [], assumptions=plan.get("assumptions") or [],
        evidence=plan.get("evidence") or [], goal_text=_goal_text(plan, units),
        charts=plan_charts(plan, units),
    )
    return ctx


def _goal_text(plan: Mapping[str, Any], units: str) -> str:
    from runlean.domain import Goal

    try:
        return Goal(**plan["goal"]).describe("imperial" if units == "imperial" else "metric")
    except (KeyError, TypeError, InvalidInputError):
        return "your goal"


def plan_charts(plan: Mapping[str, Any], units: str) -> dict[str, Any]:
    """Projection charts: weight (four scenarios), composition, leg fat per scenario."""
    start = dt.date.fromisoformat(plan["start_date"])
    proj: dict[str, dict[str, list[float]]] = plan.get("projection") or {}
    unit = "lb" if units == "imperial" else "kg"

    def dates(cols: Mapping[str, list[float]]) -> list[str]:
        return [(start + dt.timedelta(days=int(d))).isoformat() for d in cols["day"]]

    weight = [{"x": dates(c), "y": _masses(c["weight_kg"], units), "name": SCENARIO_LABELS.get(
        k, k), "color": SCENARIO_COLOURS.get(k)} for k, c in proj.items()]
    legs = [{"x": dates(c), "y": _masses(c["leg_fat_kg"], units), "name": SCENARIO_LABELS.get(
        k, k), "color": SCENARIO_COLOURS.get(k)} for k, c in proj.items()]
    p = proj.get("plan")
    comp = [] if p is None else [
        {"x": dates(p), "y": _masses(p[col], units), "name": label}
        for col, label in (("fat_kg", "Total fat"), ("fat_free_kg", "Fat-free mass"),
                           ("leg_fat_kg", "Leg fat"), ("trunk_fat_kg", "Trunk fat"),
                           ("arm_fat_kg", "Arm fat")) if col in p]
    return {
        "weight": chart(weight, y_title=f"weight [{unit}]",
                        label="Projected weight for the plan and three alternatives"),
        "composition": chart(comp, y_title=unit, label="Fat, fat-free mass and regional fat "
                             "under the plan"),
        "legfat": chart(legs, y_title=f"leg fat [{unit}]",
                        label="Leg fat under each scenario: it follows total fat"),
    }


def plan_session(store: Store, uid: str) -> dict[str, Any]:
    """One session of the active plan, by uid."""
    from runlean.store.profile import load_active_plan

    plan = load_active_plan(store)
    for s in (plan or {}).get("sessions") or []:
        if s.get("uid") == uid:
            return dict(s) | {"label": KIND_LABELS.get(str(s.get("kind")), s.get("kind"))}
    raise NotFoundError(f"no session {uid!r} in the active plan")


_PLAN_FILES = {"plan.json": "application/json", "sessions.csv": "text/csv",
               "plan.ics": "text/calendar", "report.html": "text/html"}


def plan_file(store: Store, name: str, units: str = "metric") -> tuple[bytes, str]:
    """A download of the active plan: plan.json, sessions.csv, plan.ics or report.html.

    ``units`` (metric or imperial) sets the masses and distances of report.html.
    """
    import json

    from runlean.store.profile import load_active_plan

    if name not in _PLAN_FILES:
        raise NotFoundError(f"no plan file {name!r} (plan.json, sessions.csv, plan.ics, "
                            "report.html)")
    plan_json = load_active_plan(store)
    if plan_json is None:
        raise NotFoundError("no active plan yet: make one on the Plan page")
    if name == "plan.json":
        return json.dumps(plan_json, indent=1).encode(), _PLAN_FILES[name]
    from runlean.web.planner import plan_from_json

    plan = plan_from_json(plan_json)
    if name == "sessions.csv":
        from runlean.io.plan_files import sessions_csv

        return sessions_csv(plan.sessions).encode(), _PLAN_FILES[name]
    if name == "plan.ics":
        from runlean.io.ical import sessions_to_ical

        return sessions_to_ical(plan.sessions, plan.person.timezone), _PLAN_FILES[name]
    from runlean.report.plan_report import render_plan_report

    return (render_plan_report(plan, "imperial" if units == "imperial" else "metric").encode(),
            _PLAN_FILES[name])


# --- today ------------------------------------------------------------------------------------


def today_context(store: Store, units: str) -> dict[str, Any]:
    """The Today page: the summary of :func:`runlean.tracking.today.today_summary`."""
    from runlean.tracking.today import today_summary

    summary = today_summary(store)
    st = summary.status.to_dict() if summary.status is not None else {}
    unit = "lb" if units == "imperial" else "kg"
    charts: dict[str, Any] = {}
    if summary.weighings:
        charts["weight"] = chart([
            {"x": [d.isoformat() for d, _ in summary.weighings],
             "y": _masses([w for _, w in summary.weighings], units), "name": "scale",
             "mode": "markers", "color": "#888"},
            {"x": [d.isoformat() for d, _ in summary.trend],
             "y": _masses([w for _, w in summary.trend], units), "name": "trend",
             "color": "#1b7f5f"}], y_title=f"weight [{unit}]",
            label="Weighings and trend weight")
    est = st.get("expenditure_estimate_kcal_per_day")
    sd = st.get("expenditure_uncertainty_kcal_per_day")
    band = None if est is None or sd is None else (est - 1.96 * sd, est + 1.96 * sd)
    return {"summary": summary, "st": st, "charts": charts, "band": band,
            "today": summary.as_of.isoformat(), "kind_labels": KIND_LABELS,
            "trend_mass": _mass(st.get("trend_weight_kg"), units),
            "goal_mass": _mass(st.get("goal_weight_kg"), units)}


def log_from_form(store: Store, form: Any, units: str) -> Any:
    """Log what a Today form sends: ``kind`` weight, intake, sleep or waist, for ``date``."""
    from runlean.tracking.logs import (
        local_today,
        log_intake,
        log_measurement,
        log_sleep,
        log_weight,
    )

    kind = f.choice(form, "kind", ("weight", "intake", "sleep", "waist"))
    day = f.date(form, "date", default=local_today())
    assert day is not None
    if kind == "weight":
        kg = f.required(form, "weight_kg", kind="mass", units=units)
        return log_weight(store, day, kg, body_fat_pct=f.number(form, "body_fat_pct"),
                          source="web")
    if kind == "intake":
        return log_intake(store, day, f.required(form, "kcal"),
                          protein_g=f.number(form, "protein_g"),
                          carbs_g=f.number(form, "carbs_g"), fat_g=f.number(form, "fat_g"),
                          source="web")
    if kind == "sleep":
        return log_sleep(store, day, f.required(form, "hours"), source="web")
    if kind == "waist":
        return log_measurement(store, day, waist_cm=f.number(
            form, "waist_cm", required=True, kind="length", units=units), source="web")
    raise InvalidInputError("kind", kind, "one of weight, intake, sleep, waist")


# --- activities -------------------------------------------------------------------------------


def _since(text: str, field: str) -> dt.datetime | None:
    if not text:
        return None
    try:
        return dt.datetime.combine(dt.date.fromisoformat(text), dt.time(), tzinfo=dt.UTC)
    except ValueError:
        raise InvalidInputError(field, text, "a date as YYYY-MM-DD") from None


def local_start(row: Mapping[str, Any]) -> dt.datetime | None:
    """The start of an activity on its own local clock (zone, else offset, else UTC)."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    start = row.get("start_utc")
    if not isinstance(start, dt.datetime):
        return None
    zone = row.get("timezone")
    if zone:
        try:
            return start.astimezone(ZoneInfo(str(zone)))
        except (ZoneInfoNotFoundError, ValueError):
            pass
    offset = row.get("utc_offset_s")
    if isinstance(offset, int | float):
        return start.astimezone(dt.timezone(dt.timedelta(seconds=offset)))
    return start


def activities_context(store: Store, *, sort: str, order: str, sport: str, since: str,
                       until: str, page: int) -> dict[str, Any]:
    """A page of the activity table with its filters."""
    from runlean.store.activity_query import SORT_COLUMNS, activity_page

    if sort not in SORT_COLUMNS:
        raise InvalidInputError("sort", sort, "one of " + ", ".join(SORT_COLUMNS))
    if order not in ("asc", "desc"):
        raise InvalidInputError("order", order, "asc or desc")
    if page < 1:
        raise InvalidInputError("page", page, "a page number from 1")
    until_dt = _since(until, "until")
    rows, total, sports = activity_page(
        store, sport=sport or None, since=_since(since, "since"),
        until=None if until_dt is None else until_dt + dt.timedelta(days=1),
        sort=sort, descending=order == "desc", limit=PAGE_SIZE,
        offset=(page - 1) * PAGE_SIZE)
    for r in rows:
        r["start_local"] = local_start(r)
    pages = max(1, -(-total // PAGE_SIZE))
    return {"rows": rows, "total": total, "sports": sports, "sort": sort, "order": order,
            "sport": sport, "since": since, "until": until, "page": page, "pages": pages}


def import_result(report: Any, tmp: Path) -> dict[str, Any]:
    """Per uploaded file: imported / duplicate / failed with the reason (names as uploaded)."""
    def name(source: str) -> str:
        try:
            rel = Path(source).resolve().relative_to(tmp.resolve())
            return str(Path(*rel.parts[1:]))  # drop the private numbering folder
        except ValueError:  # already the name as uploaded (import_paths' display_names)
            return source

    private = re.compile(re.escape(str(tmp)) + r"/\d{4}/|" + re.escape(str(tmp.resolve()))
                         + r"/\d{4}/")

    def clean(text: str) -> str:
        return private.sub("", text)

    rows: list[dict[str, Any]] = []
    for item in report.imported:
        rows.append({"file": name(item.source), "status": "imported",
                     "detail": f"activity {item.activity_id} ({item.sport})",
                     "activity_id": item.activity_id})
    for d in report.duplicates:
        rows.append({"file": name(d.source), "status": "duplicate",
                     "detail": clean(f"already stored: {d.duplicate_of}"), "activity_id": None})
    for fl in report.failed:
        rows.append({"file": name(fl.source), "status": "failed",
                     "detail": clean(fl.reason), "activity_id": None})
    for line in report.logs:
        rows.append({"file": "", "status": "log", "detail": clean(line), "activity_id": None})
    return {"rows": rows, "files": report.files, "imported": len(report.imported),
            "duplicates": len(report.duplicates), "failed": len(report.failed)}


def activity_context(store: Store, activity_id: int, units: str) -> dict[str, Any]:
    """One activity: summary, energy and load, charts from its streams, its planned session."""
    import numpy as np

    from runlean.store.activities import get_activity, sport_family
    from runlean.store.profile import load_active_plan
    from runlean.tracking.activity_series import activity_series
    from runlean.tracking.energy import SETTABLE_SPORTS

    row = get_activity(store, activity_id)
    series = activity_series(store, activity_id)
    charts: dict[str, Any] = {}

    def values(arr: Any, factor: float = 1.0, digits: int = 5) -> list[float | None]:
        return [None if not np.isfinite(v) else round(float(v) * factor, digits) for v in arr]

    if series:
        minutes = values(series["minutes"], digits=3)
        if "lat_deg" in series and "lon_deg" in series:
            charts["route"] = chart([{"x": values(series["lon_deg"]),
                                      "y": values(series["lat_deg"]), "name": "route",
                                      "color": "#c0392b"}],
                                    x_title="longitude [°]", y_title="latitude [°]",
                                    equal_axes=True, height=380,
                                    label="Route drawn from the GPS points (no map)")
        if "hr_bpm" in series:
            charts["hr"] = chart([{"x": minutes, "y": values(series["hr_bpm"], digits=0),
                                   "name": "heart rate", "color": "#c0392b"}],
                                 x_title="minutes", y_title="bpm", label="Heart rate")
        if "speed_m_per_s" in series:
            vals = series["speed_m_per_s"]
            if sport_family(row["sport"]) in ("run", "walk"):  # pace, min per km (or mile)
                per = u.KM_PER_MILE if units == "imperial" else 1.0
                with np.errstate(divide="ignore", invalid="ignore"):
                    pace = np.where(vals > 0.5, per * 1000.0 / vals / 60.0, np.nan)
                charts["pace"] = chart([{"x": minutes, "y": values(pace, digits=3),
                                         "name": "pace", "color": "#2f5f96"}],
                                       x_title="minutes",
                                       y_title=f"min/{'mi' if units == 'imperial' else 'km'}",
                                       label="Pace")
            else:
                factor = 3.6 / (u.KM_PER_MILE if units == "imperial" else 1.0)
                charts["pace"] = chart([{"x": minutes, "y": values(vals, factor, 2),
                                         "name": "speed", "color": "#2f5f96"}],
                                       x_title="minutes",
                                       y_title="mph" if units == "imperial" else "km/h",
                                       label="Speed")
        if "altitude_m" in series:
            charts["elevation"] = chart([{"x": minutes, "y": values(series["altitude_m"],
                                                                    digits=1),
                                          "name": "altitude", "color": "#6b4f2a"}],
                                        x_title="minutes", y_title="m", label="Elevation")
        if "power_w" in series:
            charts["power"] = chart([{"x": minutes, "y": values(series["power_w"], digits=0),
                                      "name": "power", "color": "#8a3fb8"}],
                                    x_title="minutes", y_title="W", label="Power")
    planned = None
    uid = row.get("planned_session_uid")
    if uid:
        plan = load_active_plan(store)
        planned = next((s for s in (plan or {}).get("sessions") or []
                        if s.get("uid") == uid), None)
    return {"a": row, "start_local": local_start(row), "charts": charts, "planned": planned,
            "sports": SETTABLE_SPORTS, "kind_labels": KIND_LABELS}


# --- logs -------------------------------------------------------------------------------------


def logs_context(store: Store, kind: str, page: int) -> dict[str, Any]:
    """One page of one log table."""
    from runlean.tracking.log_table import LOG_FIELDS, LOG_KINDS, list_logs

    if page < 1:
        raise InvalidInputError("page", page, "a page number from 1")
    result = list_logs(store, kind, limit=LOG_PAGE_SIZE, offset=(page - 1) * LOG_PAGE_SIZE)
    pages = max(1, -(-result.total // LOG_PAGE_SIZE))
    return {"kind": result.kind, "kinds": LOG_KINDS, "fields": LOG_FIELDS[result.kind],
            "rows": result.rows, "total": result.total, "page": page, "pages": pages}


def log_row(store: Store, kind: str, date: dt.date) -> dict[str, Any]:
    """One log entry (NotFoundError when absent)."""
    from runlean.tracking.log_table import check_kind, logs_of_day

    k = check_kind(kind)
    row = logs_of_day(store, date).get(k)
    if row is None:
        raise NotFoundError(f"no {k} log on {date.isoformat()}")
    return row


#: Fields of the log tables and their display conversion (mass/length follow the units).
FIELD_KIND = {"weight_kg": "mass", "waist_cm": "length", "neck_cm": "length",
              "hip_cm": "length"}


def edit_log_from_form(store: Store, kind: str, date: dt.date, form: Any, units: str
                       ) -> dt.date:
    """Apply an edit form to one log entry; returns the entry's (possibly new) date."""
    from runlean.tracking.log_table import LOG_FIELDS, check_kind, edit_log

    k = check_kind(kind)
    values = {name: f.number(form, name, kind=FIELD_KIND.get(name), units=units)
              for name in LOG_FIELDS[k]}
    new_date = f.date(form, "new_date", default=date)
    assert new_date is not None
    edit_log(store, k, date, values, new_date=new_date, source="web")
    return new_date


# --- what if ----------------------------------------------------------------------------------


def _whatif_defaults(store: Store, units: str) -> dict[str, Any]:
    from runlean.simulate import example_scenario
    from runlean.store.profile import load_profile

    loaded = load_profile(store)
    scen = example_scenario()
    if loaded is not None:
        person, habits = loaded
        values = person_values(person.model_dump(), habits.model_dump(), units)
    else:
        values = person_values(scen["person"] | {"timezone": "UTC"}, scen["person"], units)
    values.update(days="365", intake_change="-500", activity_change_pct="0",
                  carb_fraction_baseline="50", carb_fraction="50")
    if not values.get("pal"):
        values["pal"] = "1.6"
    return values


def scenario_from_form(form: Any, units: str) -> dict[str, Any]:
    """A simulate scenario (the stable scenario format) from the what-if form."""
    sex = f.choice(form, "sex", ("female", "male"))
    person = {
        "sex": sex,
        "age_years": f.number(form, "age_years", required=True),
        "height_cm": f.number(form, "height_cm", required=True, kind="length", units=units),
        "weight_kg": f.number(form, "weight_kg", required=True, kind="mass", units=units),
        "body_fat_pct": f.number(form, "body_fat_pct"),
        "pal": f.number(form, "pal"),
        "baseline_intake_kcal_per_day": f.number(form, "baseline_intake"),
    }
    days = f.whole(form, "days", required=True)
    carb0 = f.number(form, "carb_fraction_baseline")
    carb = f.number(form, "carb_fraction")
    return {"person": person, "days": days,
            "intake_change_kcal_per_day": f.number(form, "intake_change") or 0.0,
            "activity_change_pct": f.number(form, "activity_change_pct") or 0.0,
            "carb_fraction_baseline": 0.5 if carb0 is None else carb0 / 100.0,
            "carb_fraction": (0.5 if carb0 is None else carb0 / 100.0) if carb is None
            else carb / 100.0}


def whatif_context(store: Store, form: Any | None, units: str) -> dict[str, Any]:
    """The what-if page: the form (defaults from the profile) and, after a run, the result."""
    if form is None:
        values = _whatif_defaults(store, units)
        return {"values": values, "result": None}
    scenario = scenario_from_form(form, units)
    ctx = whatif_scenario_context(store, scenario, units)
    ctx["values"] = {k: form.get(k) for k in form}
    return ctx


def whatif_scenario_context(store: Store, scenario: Mapping[str, Any], units: str
                            ) -> dict[str, Any]:
    """Run a scenario (:func:`runlean.simulate.simulate_scenario`) and chart it."""
    import json

    from runlean.simulate import simulate_scenario

    cols = simulate_scenario(scenario)
    unit = "lb" if units == "imperial" else "kg"
    days = cols["day"]
    charts = {
        "weight": chart([{"x": days, "y": _masses(cols["weight_kg"], units), "name": "weight",
                          "color": "#1b7f5f"}], x_title="day", y_title=f"weight [{unit}]",
                        label="Body weight"),
        "fat": chart([{"x": days, "y": _masses(cols["fat_kg"], units), "name": "fat"},
                      {"x": days, "y": _masses(cols["fat_free_kg"], units),
                       "name": "fat-free mass"}], x_title="day", y_title=unit,
                     label="Fat and fat-free mass"),
        "legfat": chart([{"x": days, "y": _masses(cols["leg_fat_kg"], units), "name": "legs"},
                         {"x": days, "y": _masses(cols["arm_fat_kg"], units), "name": "arms"},
                         {"x": days, "y": _masses(cols["trunk_fat_kg"], units),
                          "name": "trunk"}], x_title="day", y_title=unit,
                        label="Regional fat (follows total fat)"),
    }
    last = len(days) - 1
    summary = {k: (cols[k][0], cols[k][last]) for k in
               ("weight_kg", "fat_kg", "fat_free_kg", "leg_fat_kg", "intake_kcal_per_day",
                "expenditure_kcal_per_day")}
    return {"values": _whatif_defaults(store, units),
            "result": {"charts": charts, "summary": summary, "days": int(days[-1]),
                       "scenario_json": json.dumps(scenario)}}
