"""Today: the day's sessions and intake target, what was logged, and where the person stands.

:func:`today_summary` gathers, for one date, the active plan's sessions of the day and of the
coming week, the day's intake and macro targets (training day or rest day, from the plan), the
logs of the day, the weighings and their trend for a chart, and the full
:func:`runlean.tracking.status.status` report (expenditure, projected goal date, training
load, check-in). It is the home page of the web app and the public Python API for the same
view; it adds no rule of its own.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from runlean.store.db import Store
from runlean.store.profile import load_active_plan
from runlean.store.version import data_version
from runlean.tracking import logs
from runlean.tracking.log_table import logs_of_day, row_json
from runlean.tracking.status import StatusReport, status
from runlean.tracking.trend import weight_trend

#: Days of weighings shown in the trend chart.
WEIGHT_CHART_DAYS = 120
#: Days of upcoming sessions listed.
UPCOMING_DAYS = 7
#: Status reports kept by :func:`cached_status` (per database, date and data version).
STATUS_CACHE_SIZE = 8

_status_cache: OrderedDict[tuple[Any, ...], StatusReport] = OrderedDict()
_status_lock = threading.Lock()
_T = TypeVar("_T")


def _cached(cache: OrderedDict[tuple[Any, ...], _T], store: Store, today: dt.date,
            compute: Callable[[], _T]) -> _T:
    """``compute()``, reused while the database, the date and the data version are the same
    (the :data:`STATUS_CACHE_SIZE` most recently used results are kept)."""
    key = (str(store.engine.url), store.data_dir, today, data_version(store))
    with _status_lock:
        hit = cache.get(key)
        if hit is not None:
            cache.move_to_end(key)
            return hit
    value = compute()
    with _status_lock:
        cache[key] = value
        while len(cache) > STATUS_CACHE_SIZE:
            cache.popitem(last=False)
    return value


def cached_status(store: Store, today: dt.date) -> StatusReport:
    """:func:`runlean.tracking.status.status`, reused while nothing stored has changed.

    A status report fits Hall's model to the logs (about a second for a year of them); a
    server showing it on every page view reuses the report of the same database, date and
    :func:`runlean.store.version.data_version`, which changes with any write by any process.
    """
    return _cached(_status_cache, store, today, lambda: status(store, today))


@dataclass
class TodaySummary:
    """What :func:`today_summary` returns (see :meth:`to_dict` for the JSON form)."""

    as_of: dt.date
    has_plan: bool
    sessions_today: list[dict[str, Any]] = field(default_factory=list)
    upcoming: list[dict[str, Any]] = field(default_factory=list)
    day_type: str | None = None
    targets_today: dict[str, float] = field(default_factory=dict)
    logged_today: dict[str, dict[str, Any]] = field(default_factory=dict)
    weighings: list[tuple[dt.date, float]] = field(default_factory=list)
    trend: list[tuple[dt.date, float]] = field(default_factory=list)
    status: StatusReport | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "as_of": self.as_of.isoformat(),
            "has_plan": self.has_plan,
            "day_type": self.day_type,
            "sessions_today": self.sessions_today,
            "upcoming": self.upcoming,
            "targets_today": self.targets_today,
            "logged_today": {k: row_json(v) for k, v in self.logged_today.items()},
            "weighings": [{"date": d.isoformat(), "weight_kg": w} for d, w in self.weighings],
            "trend": [{"date": d.isoformat(), "weight_kg": round(w, 3)} for d, w in self.trend],
            "status": None if self.status is None else self.status.to_dict(),
        }


def day_targets(plan: dict[str, Any], training_day: bool) -> dict[str, float]:
    """The plan's intake and macro targets for a training day or a rest day."""
    t = plan.get("targets") or {}
    suffix = "training_day" if training_day else "rest_day"
    picks = {"intake_kcal": f"intake_kcal_{suffix}", "protein_g": "protein_g_per_day",
             "fat_g": "fat_g_per_day", "carbohydrate_g": f"carbohydrate_g_{suffix}",
             "intake_kcal_average": "intake_kcal_per_day"}
    return {name: float(t[key]) for name, key in picks.items()
            if isinstance(t.get(key), int | float)}


_summary_cache: OrderedDict[tuple[Any, ...], TodaySummary] = OrderedDict()


def today_summary(store: Store, today: dt.date | None = None) -> TodaySummary:
    """The summary of ``today`` (default: the local date) from everything stored.

    Like :func:`cached_status`, a summary is reused while nothing stored has changed.
    """
    day = today or logs.local_today()
    return _cached(_summary_cache, store, day, lambda: _today_summary(store, day))


def _today_summary(store: Store, today: dt.date) -> TodaySummary:
    plan = load_active_plan(store)
    out = TodaySummary(as_of=today, has_plan=plan is not None)
    if plan is not None:
        end = today + dt.timedelta(days=UPCOMING_DAYS)
        for s in plan.get("sessions") or []:
            try:
                day = dt.date.fromisoformat(str(s.get("date"))[:10])
            except ValueError:
                continue
            if day == today:
                out.sessions_today.append(s)
            elif today < day <= end:
                out.upcoming.append(s)
        start = plan.get("start_date")
        goal = plan.get("goal_date")
        in_plan = (start is None or str(start) <= today.isoformat()) and (
            goal is None or today.isoformat() < str(goal))
        if in_plan:
            out.day_type = "training" if out.sessions_today else "rest"
            out.targets_today = day_targets(plan, bool(out.sessions_today))
    out.logged_today = logs_of_day(store, today)
    weights = [(d, w) for d, w in logs.weights(store) if d <= today]
    since = today - dt.timedelta(days=WEIGHT_CHART_DAYS)
    out.weighings = [(d, w) for d, w in weights if d > since]
    if out.weighings:
        wt = weight_trend(weights)
        if wt is not None:
            out.trend = [(wt.date_of(int(d)), float(v))
                         for d, v in zip(wt.trend.day, wt.trend.level_kg, strict=True)
                         if wt.date_of(int(d)) > since]
    out.status = cached_status(store, today)
    return out
