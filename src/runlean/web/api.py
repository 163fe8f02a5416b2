"""The JSON API under ``/api/v1`` (OpenAPI at ``/api/docs``).

Field names are those of the CLI's JSON outputs: ``runlean profile show --json``,
``plan.json``, ``runlean activities --format json``, ``runlean activity ID --json``,
``runlean status --format json`` and ``runlean simulate --format json``. State-changing calls
need the ``X-CSRF-Token`` header (``GET /api/v1/csrf`` returns the token and sets its cookie).
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Body, Depends, Query
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from runlean.errors import InvalidInputError, NotFoundError
from runlean.store.db import Store
from runlean.web.security import check_csrf, csrf_token

router = APIRouter(prefix="/api/v1", dependencies=[Depends(check_csrf)])

OBJECT = Body(..., examples=[{}])


def _store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


def _date(text: str, field: str = "date") -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InvalidInputError(field, text, "a date as YYYY-MM-DD") from None


@router.get("/csrf", tags=["session"])
def get_csrf(request: Request) -> dict[str, str]:
    """The CSRF token to send as ``X-CSRF-Token`` (its cookie is set on this response)."""
    return {"csrf_token": csrf_token(request)}


@router.get("/profile", tags=["profile"])
def get_profile(request: Request) -> dict[str, Any]:
    """The stored profile, as ``runlean profile show --json``."""
    from runlean.store.profile import load_profile

    loaded = load_profile(_store(request))
    if loaded is None:
        raise NotFoundError("no profile stored yet")
    return {"person": loaded[0].model_dump(mode="json"),
            "habits": loaded[1].model_dump(mode="json")}


@router.put("/profile", tags=["profile"])
def put_profile(request: Request, payload: dict[str, Any] = OBJECT) -> dict[str, Any]:
    """Replace the profile: ``{"person": {...}, "habits": {...}}`` (domain field names)."""
    from runlean.domain import Habits, Person
    from runlean.store.profile import save_profile

    for key in payload:
        if key not in ("person", "habits"):
            raise InvalidInputError(key, payload[key], "no such field (person, habits)")
    if not isinstance(payload.get("person"), dict):
        raise InvalidInputError("person", payload.get("person"), "an object")
    habits_raw = payload.get("habits", {})
    if not isinstance(habits_raw, dict):
        raise InvalidInputError("habits", habits_raw, "an object")
    person, habits = Person(**payload["person"]), Habits(**habits_raw)
    save_profile(_store(request), person, habits)
    return {"person": person.model_dump(mode="json"), "habits": habits.model_dump(mode="json")}


@router.get("/plan", tags=["plan"])
def get_plan(request: Request) -> dict[str, Any]:
    """The active plan, as ``plan.json``."""
    from runlean.store.profile import load_active_plan

    plan = load_active_plan(_store(request))
    if plan is None:
        raise NotFoundError("no active plan yet")
    return plan


@router.post("/plan", tags=["plan"], status_code=201)
def post_plan(request: Request, payload: dict[str, Any] = OBJECT) -> dict[str, Any]:
    """Make a plan and keep it as the active plan; returns its ``plan.json``.

    Body: the sections of a ``runlean plan --profile`` file, metric: ``goal`` (one of
    ``lose_fat_kg``, ``target_weight_kg``, ``target_body_fat_pct``, ``target_leg_fat_kg``;
    optional ``by`` or ``weeks``), ``preferences``, optional ``person`` and ``habits`` (else
    the stored profile); optional ``start_date`` and ``compensation`` (0-1).
    """
    from runlean.io.plan_files import plan_to_json
    from runlean.web.planner import plan_from_inputs

    return plan_to_json(plan_from_inputs(_store(request), payload))


@router.get("/plan/sessions", tags=["plan"])
def get_sessions(request: Request, since: str | None = None, until: str | None = None
                 ) -> list[dict[str, Any]]:
    """The active plan's sessions (plan.json rows), optionally from ``since`` to ``until``."""
    plan = get_plan(request)
    lo = _date(since, "since").isoformat() if since else ""
    hi = _date(until, "until").isoformat() if until else "9999"
    return [s for s in plan.get("sessions") or [] if lo <= str(s["date"]) <= hi]


@router.get("/activities", tags=["activities"])
def get_activities(request: Request, since: str | None = None, sport: str | None = None,
                   sort: str = "start_utc", order: str = "asc",
                   limit: int = Query(1000, ge=1, le=10000), offset: int = Query(0, ge=0)
                   ) -> list[dict[str, Any]]:
    """Stored activities with the fields of ``runlean activities --format json``."""
    from runlean.store.activities import LIST_COLUMNS
    from runlean.store.activity_query import SORT_COLUMNS, activity_page
    from runlean.web.views import local_start

    if sort not in SORT_COLUMNS:
        raise InvalidInputError("sort", sort, "one of " + ", ".join(SORT_COLUMNS))
    if order not in ("asc", "desc"):
        raise InvalidInputError("order", order, "asc or desc")
    since_dt = (dt.datetime.combine(_date(since, "since"), dt.time(), tzinfo=dt.UTC)
                if since else None)
    rows, _, _ = activity_page(_store(request), sport=sport, since=since_dt, sort=sort,
                               descending=order == "desc", limit=limit, offset=offset)
    columns = ["id", "start_utc", "start_local", *LIST_COLUMNS[2:]]
    out = []
    for r in rows:
        r["start_local"] = local_start(r)
        out.append({k: r[k] for k in columns})
    return out


@router.get("/activities/{activity_id}", tags=["activities"])
def get_activity(request: Request, activity_id: int) -> dict[str, Any]:
    """One activity with every stored field, as ``runlean activity ID --json``."""
    from runlean.store.activities import get_activity as get

    return get(_store(request), activity_id)


@router.patch("/activities/{activity_id}", tags=["activities"])
def patch_activity(request: Request, activity_id: int, payload: dict[str, Any] = OBJECT
                   ) -> dict[str, Any]:
    """Correct the sport (``{"sport": "cycling"}``); energy and load are recomputed."""
    from runlean.tracking.energy import set_activity_sport

    if set(payload) != {"sport"} or not isinstance(payload["sport"], str):
        raise InvalidInputError("sport", payload.get("sport"), "an object {\"sport\": NAME}")
    return set_activity_sport(_store(request), activity_id, payload["sport"])


@router.post("/activities", tags=["activities"])
async def post_activities(request: Request) -> dict[str, Any]:
    """Import uploaded files (multipart field ``files``: FIT, GPX, TCX, .gz, .zip).

    Returns ``imported``, ``duplicates`` and ``failed`` (with reasons), per file.
    """
    from runlean.tracking.importing import import_paths
    from runlean.web.uploads import save_uploads
    from runlean.web.views import import_result

    form = await request.form()
    with tempfile.TemporaryDirectory(prefix="runlean-upload-") as tmp:
        paths = await save_uploads(request, form, "files", Path(tmp))
        report = import_paths(paths, _store(request),
                              display_names={str(p): p.name for p in paths})
        return import_result(report, Path(tmp))


@router.get("/logs/{kind}", tags=["logs"])
def get_logs(request: Request, kind: str, limit: int = 100, offset: int = 0
             ) -> dict[str, Any]:
    """One page of a log (weight, intake, sleep, measurement), newest first."""
    from runlean.tracking.log_table import list_logs

    return list_logs(_store(request), kind, limit=limit, offset=offset).to_dict()


def _values(payload: dict[str, Any], kind: str) -> dict[str, Any]:
    from runlean.tracking.log_table import LOG_FIELDS, check_kind

    fields = LOG_FIELDS[check_kind(kind)]
    for key in payload:
        if key not in (*fields, "date"):
            raise InvalidInputError(key, payload[key], f"one of the {kind} fields: date, "
                                    + ", ".join(fields))
    return {k: payload[k] for k in fields if k in payload}


@router.post("/logs/{kind}", tags=["logs"], status_code=201)
def post_log(request: Request, kind: str, payload: dict[str, Any] = OBJECT) -> dict[str, Any]:
    """Log one entry: ``{"date": "YYYY-MM-DD", <fields>}`` (date default today)."""
    from runlean.tracking.log_table import row_json
    from runlean.tracking.logs import LogEntry, local_today, log_entries

    values = _values(payload, kind)
    day = _date(str(payload["date"])) if payload.get("date") else local_today()
    result = log_entries(_store(request), [LogEntry(kind, day, values, "api")])[0]  # type: ignore[arg-type]
    return {"kind": result.kind, "date": result.date.isoformat(), "values": result.values,
            "replaced": result.replaced,
            "previous": None if result.previous is None else row_json(result.previous)}


@router.put("/logs/{kind}/{date}", tags=["logs"])
def put_log(request: Request, kind: str, date: str, payload: dict[str, Any] = OBJECT
            ) -> dict[str, Any]:
    """Replace the values (and with ``date`` the date) of one entry; fields left out are
    cleared."""
    from runlean.tracking.log_table import edit_log

    values = _values(payload, kind)
    new = _date(str(payload["date"])) if payload.get("date") else None
    result = edit_log(_store(request), kind, _date(date), values, new_date=new, source="api")
    return {"kind": result.kind, "date": result.date.isoformat(), "values": result.values,
            "previous": result.previous}


@router.delete("/logs/{kind}/{date}", tags=["logs"])
def delete_log(request: Request, kind: str, date: str) -> dict[str, Any]:
    """Delete one entry; returns it."""
    from runlean.tracking.log_table import delete_log as delete
    from runlean.tracking.log_table import row_json

    return {"deleted": row_json(delete(_store(request), kind, _date(date)))}


@router.get("/logs.csv", tags=["logs"])
def get_logs_csv(request: Request) -> Response:
    """Every log as one CSV in runlean's generic format (imports back unchanged)."""
    from runlean.tracking.log_table import export_logs_csv

    return Response(export_logs_csv(_store(request)), media_type="text/csv")


@router.get("/status", tags=["status"])
def get_status(request: Request) -> dict[str, Any]:
    """Where the person stands, as ``runlean status --format json``."""
    from runlean.tracking.logs import local_today
    from runlean.tracking.today import cached_status

    return cached_status(_store(request), local_today()).to_dict()


@router.get("/today", tags=["status"])
def get_today(request: Request) -> dict[str, Any]:
    """Today's sessions, targets, logs, weight trend and status."""
    from runlean.tracking.today import today_summary

    return today_summary(_store(request)).to_dict()


@router.post("/simulate", tags=["simulate"])
def post_simulate(payload: dict[str, Any] = OBJECT) -> JSONResponse:
    """Run a scenario (the ``runlean simulate`` format); returns each column's daily values,
    as ``runlean simulate --format json``."""
    from runlean.simulate import simulate_scenario

    return JSONResponse(simulate_scenario(payload))
