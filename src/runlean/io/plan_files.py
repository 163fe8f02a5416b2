"""Plan files: ``plan.json`` (everything), ``sessions.csv`` and ``plan.ics``.

Files are written to a temporary directory inside the target folder and moved into place only
when every file was written, so a failure leaves nothing half-written.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from runlean.domain import Plan, Session
from runlean.io.safe_output import csv_cell, dumps_json

SESSION_COLUMNS = ("date", "week", "deload", "slot", "kind", "sport", "duration_min",
                   "running_min", "rpe_low", "rpe_high", "hr_low_bpm", "hr_high_bpm",
                   "pace_s_per_km", "net_kcal", "epoc_kcal", "gross_kcal", "description",
                   "why", "uid", "distance_m", "fuelling", "hard_min")


def session_row(s: Session) -> dict[str, Any]:
    """A session as a flat row (CSV / JSON)."""
    i = s.intensity
    return {"date": s.date.isoformat(), "week": s.week, "deload": s.deload, "slot": s.slot,
            "kind": s.kind, "sport": s.sport, "duration_min": s.duration_min,
            "running_min": round(s.running_min, 2), "rpe_low": i.rpe_low,
            "rpe_high": i.rpe_high, "hr_low_bpm": i.hr_low_bpm, "hr_high_bpm": i.hr_high_bpm,
            "pace_s_per_km": None if i.pace_s_per_km is None else round(i.pace_s_per_km, 1),
            "net_kcal": round(s.net_kcal, 2), "epoc_kcal": round(s.epoc_kcal, 2),
            "gross_kcal": round(s.gross_kcal, 2), "description": s.description,
            "why": s.why, "uid": s.uid,
            "distance_m": None if s.distance_m is None else round(s.distance_m),
            "fuelling": s.fuelling, "hard_min": s.hard_min}


def plan_to_json(plan: Plan) -> dict[str, Any]:
    """Everything in the plan as JSON-ready data.

    Each session also carries ``type`` (= ``kind``) and ``energy_kcal`` (= ``gross_kcal``,
    runlean's gross estimate, as stored for imported activities) for matching with
    recorded activities.
    """
    return {
        "runlean_plan_version": 1,
        "plan_key": plan.plan_key,
        "start_date": plan.start_date.isoformat(),
        "goal_date": plan.goal_date.isoformat(),
        "requested_date": None if plan.requested_date is None
        else plan.requested_date.isoformat(),
        "person": plan.person.model_dump(mode="json"),
        "habits": plan.habits.model_dump(mode="json"),
        "goal": plan.goal.model_dump(mode="json"),
        "preferences": plan.preferences.model_dump(mode="json"),
        "compensation": plan.compensation,
        "baseline": plan.baseline,
        "targets": plan.targets,
        "safety": plan.safety,
        "warnings": plan.warnings,
        "assumptions": plan.assumptions,
        "evidence": plan.evidence,
        "sessions": [session_row(s) | {"type": s.kind, "energy_kcal": round(s.gross_kcal, 2),
                                       "intensity_note": s.intensity.note}
                     for s in plan.sessions],
        "projection": plan.projection,
        "training_load": plan.training_load,
        "population": plan.population,
        "screening_clearance": plan.screening_clearance,
    }


def sessions_csv(sessions: list[Session]) -> str:
    """Sessions as CSV text with the header :data:`SESSION_COLUMNS`."""
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=SESSION_COLUMNS, lineterminator="\n")
    w.writeheader()
    for s in sessions:
        w.writerow({k: csv_cell(v) for k, v in session_row(s).items()})
    return buf.getvalue()


def write_plan_files(plan: Plan, out_dir: Path, extra: dict[str, bytes] | None = None
                     ) -> list[Path]:
    """Write plan.json, sessions.csv, plan.ics (and ``extra`` files) into ``out_dir``.

    All files are first written to a temporary directory inside ``out_dir`` and then renamed
    into place (:func:`runlean.io.output.write_files`).
    """
    from runlean.io.ical import sessions_to_ical
    from runlean.io.output import write_files

    files: dict[str, bytes] = {
        "plan.json": dumps_json(plan_to_json(plan), indent=1).encode(),
        "sessions.csv": sessions_csv(plan.sessions).encode(),
        "plan.ics": sessions_to_ical(plan.sessions, plan.person.timezone),
        **(extra or {}),
    }
    return write_files(out_dir, files)


__all__ = ["plan_to_json", "sessions_csv", "write_plan_files"]
