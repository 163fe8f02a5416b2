"""The HTML pages. Each route parses the form or query, calls one service, renders."""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Depends
from starlette.datastructures import FormData, UploadFile
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from runlean.errors import InvalidInputError, RunleanError
from runlean.store.db import Store
from runlean.web import forms as f
from runlean.web import views
from runlean.web.planner import (
    CROSS_MODES,
    EXPERIENCE,
    GOAL_KINDS,
    PAL_LEVELS,
    form_field,
    plan_from_form,
)
from runlean.web.render import UNITS_COOKIE, render, units_of
from runlean.web.security import check_csrf
from runlean.web.uploads import save_uploads

router = APIRouter(dependencies=[Depends(check_csrf)], include_in_schema=False)


def store_of(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


def see_other(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def is_htmx(request: Request) -> bool:
    return request.headers.get("hx-request") == "true"


def field_errors(exc: RunleanError) -> dict[str, str]:
    """Errors keyed by form field ('' for the form as a whole)."""
    if isinstance(exc, InvalidInputError):
        return {form_field(exc.field): str(exc)}
    return {"": str(exc)}


def form_values(form: FormData) -> dict[str, Any]:
    """The submitted values, to show the form again as it was typed."""
    out: dict[str, Any] = {}
    for key in form:
        values = [v for v in form.getlist(key) if isinstance(v, str)]
        out[key] = values if key in ("free_weekdays", "cross_training") else (
            values[0] if values else "")
    return out


FORM_CHOICES: dict[str, Any] = {"experience": EXPERIENCE, "goal_kinds": GOAL_KINDS,
                                "cross_modes": CROSS_MODES, "pal_levels": PAL_LEVELS}


# --- home, units ------------------------------------------------------------------------------


@router.get("/")
def home(request: Request) -> Response:
    from runlean.store.profile import load_active_plan, load_profile

    store = store_of(request)
    if load_active_plan(store) is not None:
        return see_other("/today")
    return see_other("/plan" if load_profile(store) is not None else "/start")


@router.post("/settings/units")
async def set_units(request: Request) -> Response:
    form = await request.form()
    units = f.choice(form, "units", ("metric", "imperial"), default="metric")
    back = f.text(form, "next")
    # Only a path of this app: not "//host" nor "/\\host" (which browsers read as a host).
    target = back if back.startswith("/") and not back.startswith(("//", "/\\")) else "/"
    response = see_other(target)
    response.set_cookie(UNITS_COOKIE, units or "metric", max_age=365 * 86400,
                        samesite="strict", httponly=True)
    return response


# --- start (first run) and profile ------------------------------------------------------------


def _start_defaults() -> dict[str, Any]:
    return {"experience": "beginner", "running_days_per_week": "3",
            "longest_session_min": "60", "free_weekdays": ["mon", "tue", "wed", "thu", "fri",
                                                           "sat", "sun"],
            "strength_sessions_per_week": "2", "pal": "1.6", "sleep_hours": "7.5",
            "goal_kind": "fat_loss_kg", "deadline": "none", "cross_training": [],
            "timezone": views.local_zone_name()}


@router.get("/start")
def start_page(request: Request) -> Response:
    from runlean.store.profile import load_profile

    values = _start_defaults()
    if load_profile(store_of(request)) is not None:  # coming back: start from what is stored
        values |= views.profile_values(store_of(request), units_of(request))
    return render(request, "start.html.j2", title="Start", values=values, errors={},
                  **FORM_CHOICES)


@router.post("/start")
async def start_submit(request: Request) -> Response:
    form = await request.form()
    try:
        plan_from_form(store_of(request), form, units_of(request), with_profile=True)
    except RunleanError as exc:
        return render(request, "start.html.j2", status_code=400, title="Start",
                      values=form_values(form), errors=field_errors(exc), **FORM_CHOICES)
    return see_other("/plan")


@router.get("/profile")
def profile_page(request: Request) -> Response:
    return render(request, "profile.html.j2", title="Profile",
                  values=views.profile_values(store_of(request), units_of(request)),
                  errors={}, saved=False, **FORM_CHOICES)


@router.post("/profile")
async def profile_submit(request: Request) -> Response:
    from runlean.store.profile import save_profile
    from runlean.web.planner import habits_from_form, person_from_form

    form = await request.form()
    units = units_of(request)
    try:
        person, habits = person_from_form(form, units), habits_from_form(form)
        save_profile(store_of(request), person, habits)
    except RunleanError as exc:
        return render(request, "profile.html.j2", status_code=400, title="Profile",
                      values=form_values(form), errors=field_errors(exc), saved=False,
                      **FORM_CHOICES)
    return render(request, "profile.html.j2", title="Profile",
                  values=views.profile_values(store_of(request), units), errors={},
                  saved=True, **FORM_CHOICES)


# --- plan -------------------------------------------------------------------------------------


@router.get("/plan")
def plan_page(request: Request, month: str | None = None, view: str = "month") -> Response:
    store = store_of(request)
    ctx = views.plan_context(store, units_of(request), month)
    return render(request, "plan.html.j2", title="Plan", errors={}, view=view,
                  **ctx, **FORM_CHOICES)


@router.post("/plan")
async def plan_submit(request: Request) -> Response:
    store = store_of(request)
    form = await request.form()
    try:
        plan_from_form(store, form, units_of(request), with_profile=False)
    except RunleanError as exc:
        ctx = views.plan_context(store, units_of(request), None)
        ctx["values"] = form_values(form)
        return render(request, "plan.html.j2", status_code=400, title="Plan",
                      errors=field_errors(exc), view="month", **ctx, **FORM_CHOICES)
    return see_other("/plan")


@router.get("/plan/sessions/{uid}")
def plan_session(request: Request, uid: str) -> Response:
    session = views.plan_session(store_of(request), uid)
    template = "_session.html.j2" if is_htmx(request) else "session.html.j2"
    return render(request, template, title="Session", s=session)


@router.get("/plan/download/{name}")
def plan_download(request: Request, name: str) -> Response:
    body, media = views.plan_file(store_of(request), name, units_of(request))
    return Response(body, media_type=media,
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


# --- today and logging ------------------------------------------------------------------------


@router.get("/today")
def today_page(request: Request) -> Response:
    ctx = views.today_context(store_of(request), units_of(request))
    return render(request, "today.html.j2", title="Today", errors={}, logged=None, **ctx)


@router.post("/log")
async def log_submit(request: Request) -> Response:
    form = await request.form()
    units = units_of(request)
    kind = f.text(form, "kind")
    try:
        result = views.log_from_form(store_of(request), form, units)
    except RunleanError as exc:
        if is_htmx(request):
            return render(request, "_log_form.html.j2", status_code=400, kind=kind,
                          values=form_values(form), errors=field_errors(exc), logged=None,
                          today=views.today_iso())
        ctx = views.today_context(store_of(request), units)
        return render(request, "today.html.j2", status_code=400, title="Today",
                      errors={kind: field_errors(exc)}, logged=None, **ctx)
    if is_htmx(request):
        return render(request, "_log_form.html.j2", kind=kind, values={}, errors={},
                      logged=result.message(), today=views.today_iso())
    return see_other("/today")


# --- activities -------------------------------------------------------------------------------


@router.get("/activities")
def activities_page(request: Request, sort: str = "start_utc", order: str = "desc",
                    sport: str = "", since: str = "", until: str = "",
                    page: int = 1) -> Response:
    ctx = views.activities_context(store_of(request), sort=sort, order=order, sport=sport,
                                   since=since, until=until, page=page)
    template = "_activity_table.html.j2" if is_htmx(request) else "activities.html.j2"
    return render(request, template, title="Activities", **ctx)


@router.post("/activities/upload")
async def activities_upload(request: Request) -> Response:
    from runlean.tracking.importing import import_paths

    form = await request.form()
    with tempfile.TemporaryDirectory(prefix="runlean-upload-") as tmp:
        try:
            paths = await save_uploads(request, form, "files", Path(tmp))
        except InvalidInputError as exc:
            return render(request, "_upload_result.html.j2", status_code=400,
                          result=None, error=str(exc))
        report = import_paths(paths, store_of(request),
                              display_names={str(p): p.name for p in paths})
        result = views.import_result(report, Path(tmp))
    template = "_upload_result.html.j2" if is_htmx(request) else "upload_done.html.j2"
    return render(request, template, title="Import", result=result, error=None)


@router.get("/activities/{activity_id}")
def activity_page(request: Request, activity_id: int) -> Response:
    ctx = views.activity_context(store_of(request), activity_id, units_of(request))
    return render(request, "activity.html.j2", title=f"Activity {activity_id}", **ctx)


@router.post("/activities/{activity_id}/sport")
async def activity_sport(request: Request, activity_id: int) -> Response:
    from runlean.tracking.energy import set_activity_sport

    form = await request.form()
    set_activity_sport(store_of(request), activity_id, f.text(form, "sport"))
    return see_other(f"/activities/{activity_id}")


# --- logs -------------------------------------------------------------------------------------


@router.get("/logs")
def logs_page(request: Request, kind: str = "weight", page: int = 1) -> Response:
    ctx = views.logs_context(store_of(request), kind, page)
    template = "_log_table.html.j2" if is_htmx(request) else "logs.html.j2"
    return render(request, template, title="Logs", csv_message=None, csv_error=None, **ctx)


@router.get("/logs/export.csv")
def logs_export(request: Request) -> Response:
    from runlean.tracking.log_table import export_logs_csv

    return Response(export_logs_csv(store_of(request)), media_type="text/csv",
                    headers={"Content-Disposition": 'attachment; filename="runlean-logs.csv"'})


@router.post("/logs/import")
async def logs_import(request: Request) -> Response:
    from runlean.tracking.logs import import_log_csv

    form = await request.form()
    message = error = None
    with tempfile.TemporaryDirectory(prefix="runlean-logs-") as tmp:
        try:
            paths = await save_uploads(request, form, "file", Path(tmp))
            message = "; ".join(import_log_csv(store_of(request), p).message()
                                .replace(str(p), p.name) for p in paths)
        except RunleanError as exc:
            error = str(exc)
    ctx = views.logs_context(store_of(request), "weight", 1)
    return render(request, "logs.html.j2", status_code=400 if error else 200, title="Logs",
                  csv_message=message, csv_error=error, **ctx)


def _log_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InvalidInputError("date", text, "a date as YYYY-MM-DD") from None


@router.get("/logs/{kind}/{date}")
def log_row(request: Request, kind: str, date: str) -> Response:
    row = views.log_row(store_of(request), kind, _log_date(date))
    return render(request, "_log_row.html.j2", kind=kind, row=row, editing=False,
                  errors={}, values={})


@router.get("/logs/{kind}/{date}/edit")
def log_edit_form(request: Request, kind: str, date: str) -> Response:
    row = views.log_row(store_of(request), kind, _log_date(date))
    template = "_log_row.html.j2" if is_htmx(request) else "log_edit.html.j2"
    return render(request, template, title="Edit log", kind=kind, row=row, editing=True,
                  errors={}, values={})


@router.post("/logs/{kind}/{date}")
async def log_edit_submit(request: Request, kind: str, date: str) -> Response:
    form = await request.form()
    day = _log_date(date)
    store = store_of(request)
    try:
        new_date = views.edit_log_from_form(store, kind, day, form, units_of(request))
    except InvalidInputError as exc:
        row = views.log_row(store, kind, day)
        template = "_log_row.html.j2" if is_htmx(request) else "log_edit.html.j2"
        return render(request, template, status_code=400, title="Edit log", kind=kind,
                      row=row, editing=True, errors=field_errors(exc),
                      values=form_values(form))
    if is_htmx(request):
        row = views.log_row(store, kind, new_date)
        return render(request, "_log_row.html.j2", kind=kind, row=row, editing=False,
                      errors={}, values={})
    return see_other(f"/logs?kind={kind}")


@router.get("/logs/{kind}/{date}/delete")
def log_delete_confirm(request: Request, kind: str, date: str) -> Response:
    row = views.log_row(store_of(request), kind, _log_date(date))
    return render(request, "log_delete.html.j2", title="Delete log", kind=kind, row=row)


@router.post("/logs/{kind}/{date}/delete")
def log_delete(request: Request, kind: str, date: str) -> Response:
    from runlean.tracking.log_table import delete_log

    delete_log(store_of(request), kind, _log_date(date))
    if is_htmx(request):
        return Response("", status_code=200)
    return see_other(f"/logs?kind={kind}")


# --- what if ----------------------------------------------------------------------------------


@router.get("/whatif")
def whatif_page(request: Request) -> Response:
    ctx = views.whatif_context(store_of(request), None, units_of(request))
    return render(request, "whatif.html.j2", title="What if", errors={}, **ctx)


@router.post("/whatif")
async def whatif_submit(request: Request) -> Response:
    form = await request.form()
    units = units_of(request)
    try:
        ctx = views.whatif_context(store_of(request), form, units)
        errors: dict[str, str] = {}
        code = 200
    except RunleanError as exc:
        ctx = views.whatif_context(store_of(request), None, units)
        ctx["values"] = form_values(form)
        ctx["result"] = None
        errors, code = field_errors(exc), 400
    template = "_whatif_result.html.j2" if is_htmx(request) else "whatif.html.j2"
    return render(request, template, status_code=code, title="What if", errors=errors, **ctx)


@router.post("/whatif/upload")
async def whatif_upload(request: Request) -> Response:
    form = await request.form()
    units = units_of(request)
    upload = form.get("scenario")
    try:
        if not isinstance(upload, UploadFile) or not upload.filename:
            raise InvalidInputError("scenario", None, "a scenario JSON file")
        raw = await upload.read()
        try:
            scenario = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as exc:
            raise InvalidInputError("scenario", upload.filename,
                                    f"a JSON scenario file ({exc})") from None
        ctx = views.whatif_scenario_context(store_of(request), scenario, units)
        errors: dict[str, str] = {}
        code = 200
    except RunleanError as exc:
        ctx = views.whatif_context(store_of(request), None, units)
        ctx["result"] = None
        errors, code = {"scenario": str(exc)}, 400
    return render(request, "whatif.html.j2", status_code=code, title="What if",
                  errors=errors, **ctx)


@router.post("/whatif/download")
async def whatif_download(request: Request) -> Response:
    from runlean.simulate import simulate_scenario, write_csv, write_json

    form = await request.form()
    fmt = f.choice(form, "format", ("csv", "json"), default="csv")
    try:
        scenario = json.loads(f.text(form, "scenario_json") or "null")
    except ValueError:
        raise InvalidInputError("scenario", "the scenario", "valid JSON") from None
    columns = simulate_scenario(scenario)
    import io

    buf = io.StringIO()
    (write_csv if fmt == "csv" else write_json)(columns, buf)
    return Response(buf.getvalue(), media_type="text/csv" if fmt == "csv"
                    else "application/json",
                    headers={"Content-Disposition":
                             f'attachment; filename="trajectory.{fmt}"'})

