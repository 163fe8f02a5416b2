"""A store with a year of daily logs and 300 activities, for the web benchmarks.

The person is the built-in example runner (``runlean plan --example``) with the example plan
as the active plan. Logs: 365 days of morning weights (a slow loss plus scale noise), intakes
with macros, sleep, and a weekly waist measurement. Activities: 300 runs and rides over the
year, stored as rows the way an import stores them (summary, energy, load; no stream files,
which the pages measured here do not read).
"""

from __future__ import annotations

import datetime as dt
import tomllib
from importlib.resources import files
from pathlib import Path

import numpy as np

DAYS = 365
N_ACTIVITIES = 300


def example_inputs(start: dt.date):  # type: ignore[no-untyped-def]
    """Person, Habits, Goal, Preferences of the bundled example profile."""
    from runlean.domain import WEEKDAYS, Goal, Habits, Person, Preferences

    data = tomllib.loads((files("runlean") / "data" / "example_profile.toml").read_text())
    prefs = dict(data["preferences"])
    prefs["free_weekdays"] = tuple(WEEKDAYS.index(d) for d in prefs["free_weekdays"])
    prefs["cross_training"] = tuple(prefs["cross_training"])
    return (Person(**data["person"]), Habits(**data["habits"]),
            Goal(kind="fat_loss_kg", target=float(data["goal"]["lose_fat_kg"])),
            Preferences(**prefs))


def build_store(data_dir: Path, today: dt.date, seed: int = 1) -> None:
    """Fill ``data_dir`` with the profile, the plan, a year of logs and 300 activities."""
    from runlean.planning.plan import make_plan
    from runlean.planning.store import save_active_plan
    from runlean.store.db import open_store
    from runlean.store.models import ActivityRow
    from runlean.tracking.logs import LogEntry, log_entries

    rng = np.random.default_rng(seed)
    first = today - dt.timedelta(days=DAYS - 1)
    person, habits, goal, prefs = example_inputs(first)
    plan = make_plan(person, habits, goal, prefs, today - dt.timedelta(days=28))
    save_active_plan(plan, data_dir)
    entries = []
    for k in range(DAYS):
        day = first + dt.timedelta(days=k)
        w = person.weight_kg - 0.02 * k + rng.normal(0, 0.5)
        entries.append(LogEntry("weight", day, {"weight_kg": round(w, 1)}))
        kcal = rng.normal(1750, 200)
        entries.append(LogEntry("intake", day, {"kcal": round(kcal), "protein_g": 120.0,
                                                "carbs_g": 190.0, "fat_g": 60.0}))
        entries.append(LogEntry("sleep", day, {"hours": round(rng.uniform(6, 8.5), 1)}))
        if k % 7 == 0:
            entries.append(LogEntry("measurement", day, {"waist_cm": 88.0 - 0.02 * k}))
    with open_store(data_dir) as store:
        log_entries(store, entries, today=today)
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        with store.transaction() as session:
            for i in range(N_ACTIVITIES):
                day = first + dt.timedelta(days=int(i * DAYS / N_ACTIVITIES))
                start = dt.datetime.combine(day, dt.time(7, 0))
                ride = i % 5 == 4
                dur = float(rng.uniform(1800, 4200))
                speed = rng.uniform(6, 8) if ride else rng.uniform(2.4, 3.2)
                session.add(ActivityRow(
                    source_file=f"bench/{i:04d}.fit", source_format="fit",
                    content_sha256=f"{i:064x}", session_index=0, start_utc=start,
                    timezone="Europe/Paris", utc_offset_s=3600,
                    sport="cycling" if ride else "running", sub_sport=None,
                    duration_s=dur, moving_time_s=dur * 0.97, distance_m=dur * speed,
                    distance_source="device", ascent_m=float(rng.uniform(0, 200)),
                    avg_hr_bpm=float(rng.uniform(130, 160)), max_hr_bpm=175.0,
                    avg_speed_m_per_s=float(speed), device="bench",
                    device_energy_kcal=None, energy_kcal=dur / 60 * 10,
                    net_energy_kcal=dur / 60 * 8.5, energy_method="keytel_hr",
                    epoc_kcal=15.0, load=dur / 60 * 1.2, load_method="banister_trimp",
                    zones_json=None, laps_json=[], warnings_json=[], sanitised_json=[],
                    stream_path=None, n_samples=0, planned_session_uid=None,
                    imported_at=now))
