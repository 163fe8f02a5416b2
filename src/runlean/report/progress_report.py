"""Offline HTML progress report: what the logs show against the plan.

One self-contained file (plotly.js embedded inline once; no network needed) in the plan
report's style (header, cards, KPI tiles): the status figures, then the warnings and next
week's advice, then the charts: scale and trend weight against the plan (moved to start at the
trend) and the model re-projected from today, intake against the target, expenditure over
time (from the logs, or from the profile while the logs are too few, and labelled so), leg
fat, CTL/ATL/TSB and weekly running volume. A chart without data is replaced by a message
that says what to log. Masses and distances follow ``units`` (metric or imperial).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from runlean.report.common import Units, chart_html, environment, layout
from runlean.store.activities import list_activities
from runlean.store.db import Store
from runlean.store.profile import load_active_plan, load_profile
from runlean.tracking import logs
from runlean.tracking.expenditure import (
    MAX_PROJECTION_DAYS,
    ExpenditureReport,
    estimate_from_logs,
    fat_mass_at_weight_kg,
)
from runlean.tracking.load import daily_load_series, weekly_run_volume_km
from runlean.tracking.status import StatusReport, _leg_fat, _plan_goal, status, training_energy
from runlean.units import UnitSystem

#: The expenditure and leg-fat history is recalibrated once a week (ending on the last
#: weighing): each recalibration simulates Hall's model for the whole PAL grid (~35 ms), so a
#: daily history of a year of logs would take ~13 s; weekly points show the same trend.
RECALIBRATION_STEP_DAYS = 7

#: The training-load chart opens on the last ``LOAD_WINDOW_DAYS`` days (or from the plan start
#: when that is later, but never fewer than ``LOAD_MIN_HISTORY_DAYS`` of history) and
#: ``LOAD_AHEAD_DAYS`` of planned load; older imports stay in the data (zoom out to see them).
LOAD_WINDOW_DAYS = 120
LOAD_MIN_HISTORY_DAYS = 28
LOAD_AHEAD_DAYS = 28

#: The weight chart opens on the weighings: from ``WEIGHT_PAD_DAYS`` before the first to
#: ``WEIGHT_AHEAD_DAYS`` after today (or the last weighing), the y axis around what shows there.
WEIGHT_PAD_DAYS = 3
WEIGHT_AHEAD_DAYS = 28
#: Smallest y padding of the weight chart [kg].
WEIGHT_MIN_PAD_KG = 0.5

#: Smallest span of the leg-fat axis [kg]: a change of 0.1 kg is drawn as the small change it
#: is, not stretched over the whole height of the chart.
LEGFAT_MIN_SPAN_KG = 2.0

#: Weeks of the running-volume chart.
VOLUME_WEEKS = 12

#: Line colours and dashes: every line of a chart differs from the others in both.
WEIGHT_LINES = {"trend": ("#1b7f5f", "solid"), "plan": ("#d08c1f", "dash"),
                "reprojection": ("#3a6ea5", "dot")}
SCALE_COLOUR = "#9aa9a4"
LOAD_LINES = {"ctl": ("#1b7f5f", "CTL (fitness)"), "atl": ("#c2571a", "ATL (fatigue)"),
              "tsb": ("#6c5ba7", "TSB (form)")}
LOAD_DASHES = {"ctl": "solid", "atl": "longdash", "tsb": "dashdot"}

#: The label of the expenditure figure by where it comes from.
FROM_LOGS = "estimated from your logs"
FROM_PROFILE = "estimated from your profile"


@dataclass
class Chart:
    """One chart section: its figure, or (without data) the message shown instead."""

    cid: str
    title: str
    fig: Any | None = None
    empty: str = ""
    note: str = ""


def load_window(series_start: dt.date, series_end: dt.date, today: dt.date,
                plan_start: dt.date | None) -> tuple[dt.date, dt.date]:
    """The date range the training-load chart opens on.

    From the later of ``today - LOAD_WINDOW_DAYS`` and the plan start (but at least
    ``LOAD_MIN_HISTORY_DAYS`` before today) to ``LOAD_AHEAD_DAYS`` after today, both clipped
    to the series, so that years-old imports do not squeeze recent load into a sliver.
    """
    lo = today - dt.timedelta(days=LOAD_WINDOW_DAYS)
    if plan_start is not None:
        lo = max(lo, min(plan_start, today - dt.timedelta(days=LOAD_MIN_HISTORY_DAYS)))
    hi = today + dt.timedelta(days=LOAD_AHEAD_DAYS)
    return max(lo, series_start), min(hi, series_end)


def weight_window(first: dt.date, last: dt.date, today: dt.date) -> tuple[dt.date, dt.date]:
    """The date range the weight chart opens on: around the weighings, and a few weeks ahead."""
    return (first - dt.timedelta(days=WEIGHT_PAD_DAYS),
            max(last, today) + dt.timedelta(days=WEIGHT_AHEAD_DAYS))


def axis_range(values: list[float], min_span: float, floor: float | None = None
               ) -> tuple[float, float]:
    """An axis range around ``values`` at least ``min_span`` wide (never below ``floor``)."""
    lo, hi = min(values), max(values)
    span = max(1.2 * (hi - lo), min_span)
    mid = 0.5 * (lo + hi)
    a, b = mid - span / 2, mid + span / 2
    if floor is not None and a < floor:
        a, b = floor, floor + span
    return a, b


def _plan_start(plan: dict[str, Any] | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(plan["start_date"])[:10]) if plan else None
    except (KeyError, ValueError):
        return None


def _plan_weights(plan: dict[str, Any] | None) -> tuple[list[dt.date], list[float]] | None:
    """The plan's projected weight [kg] by date, when the stored plan has one."""
    start = _plan_start(plan)
    if plan is None or start is None or not isinstance(plan.get("projection"), dict):
        return None
    proj = plan["projection"].get("plan", plan["projection"])
    if not isinstance(proj, dict) or not proj.get("weight_kg"):
        return None
    days = proj.get("day") or list(range(len(proj["weight_kg"])))
    return ([start + dt.timedelta(days=int(d)) for d in days],
            [float(w) for w in proj["weight_kg"]])


def _interp(x: list[dt.date], y: list[float], at: dt.date) -> float:
    import numpy as np

    return float(np.interp(at.toordinal(), [d.toordinal() for d in x], y))


def _line(name: str, key: str, x: list[Any], y: list[float], width: float = 2.5) -> Any:
    import plotly.graph_objects as go

    colour, dash = WEIGHT_LINES[key]
    return go.Scatter(x=x, y=y, name=name, mode="lines",
                      line={"color": colour, "dash": dash, "width": width})


def _weight_chart(rep: StatusReport, weights: list[tuple[dt.date, float]], today: dt.date,
                  plan: dict[str, Any] | None, exp: ExpenditureReport | None,
                  u: Units) -> Chart:
    """Scale, trend, the plan from the trend at its start, and the re-projection from today."""
    import numpy as np
    import plotly.graph_objects as go

    from runlean.tracking.trend import weight_trend

    title = f"Weight [{u.mass_unit}]: your trend against the plan"
    wt = weight_trend(weights, weights[0][0]) if weights else None
    if wt is None:
        return Chart("weight", title, empty=(
            "No weighings yet, so there is no trend to show. Weigh yourself in the morning, "
            "a few times a week, and log it (runlean log weight 72.4, or --unit lb); the chart "
            "and the expenditure estimate start with the first weighings."))
    tr = wt.trend
    tdates = [wt.date_of(int(d)) for d in tr.day]
    level = [float(v) for v in tr.level_kg]
    lo, hi = weight_window(weights[0][0], weights[-1][0], today)
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=[d for d, _ in weights], y=u.masses([w for _, w in weights]),
                             mode="markers", name="Scale",
                             marker={"color": SCALE_COLOUR, "size": 6}))
    fig.add_trace(_line("Trend", "trend", list(tdates), u.masses(level), width=3))
    shown: list[float] = [w for d, w in weights if lo <= d <= hi] + level
    note = ""
    planned = _plan_weights(plan)
    if planned is not None:
        pdates, pw = planned
        # The plan starts where the trend was on its first day (or on the first weighing):
        # the chart compares the change, not the profile's weight with the scale's.
        anchor = min(max(pdates[0], tdates[0]), tdates[-1])
        if pdates[0] <= anchor <= pdates[-1]:
            shift = _interp(tdates, level, anchor) - _interp(pdates, pw, anchor)
            pw = [w + shift for w in pw]
            keep = [k for k, d in enumerate(pdates) if d >= anchor]
            pdates, pw = [pdates[k] for k in keep], [pw[k] for k in keep]
            fig.add_trace(_line("Plan, from your trend", "plan", pdates, u.masses(pw)))
            note = (f"The plan's line starts at your trend on {anchor:%d %b %Y}: it shows "
                    "the planned change, not the weight in your profile. ")
            shown += [w for d, w in zip(pdates, pw, strict=True) if lo <= d <= hi]
    if exp is not None and exp.calibration is not None:
        cal = exp.calibration
        plan_intake = _plan_goal(plan)[2] if plan else None  # as the projected goal date
        intake = plan_intake or exp.estimate.mean_intake_kcal_per_day
        horizon = (hi - today).days
        for until in (rep.goal_date, rep.projected_goal_date):  # on to where it meets the goal
            if until is not None:
                horizon = max(horizon, (until - today).days)
        horizon = max(1, min(horizon, MAX_PROJECTION_DAYS))
        traj = cal.simulate(intake, horizon)
        now = cal.history_days
        ahead = [float(w) for w in traj.weight[0, now:now + horizon + 1] + cal.offset_kg]
        rdates = [today + dt.timedelta(days=k) for k in range(len(ahead))]
        fig.add_trace(_line("Re-projected from today", "reprojection", rdates, u.masses(ahead)))
        shown += [w for d, w in zip(rdates, ahead, strict=True) if d <= hi]
        which = "the plan's intake" if plan_intake else "your mean logged intake"
        note += ("Re-projected from today: Hall's model recalibrated to your weighings and "
                f"intake, run on at {which}, {intake:.0f} kcal a day.")
    fig.add_vline(x=today.isoformat(), line_dash="dot", line_color="#888")
    y = u.masses([float(v) for v in np.asarray(shown)])
    pad = max(0.08 * (max(y) - min(y)), u.mass(WEIGHT_MIN_PAD_KG))
    fig.update_layout(**layout(yaxis_title=u.mass_unit))
    fig.update_xaxes(range=[lo.isoformat(), hi.isoformat()])
    fig.update_yaxes(range=[min(y) - pad, max(y) + pad])
    return Chart("weight", title, fig, note=note)


def _history(store: Store, weights: list[tuple[dt.date, float]], rep: StatusReport,
             u: Units) -> list[Chart]:
    """Expenditure and leg fat, recalibrated once a week up to the last weighing."""
    import numpy as np
    import plotly.graph_objects as go

    from runlean.tracking.trend import weight_trend

    profile = load_profile(store)
    exp_title = "Expenditure [kcal/day] (± 1 SD)"
    leg_title = f"Leg fat [{u.mass_unit}] (follows total fat)"
    if profile is None:
        msg = ("No profile yet: set one up (runlean profile, or runlean plan) for an "
               "expenditure estimate and body composition.")
        return [Chart("expenditure", exp_title, empty=msg), Chart("legfat", leg_title, empty=msg)]
    wt = weight_trend(weights, weights[0][0]) if weights else None
    if wt is None:
        today_est = rep.expenditure_estimate_kcal_per_day
        now = (f" Today's estimate, {FROM_PROFILE}: {today_est:.0f} kcal/day."
               if today_est is not None else "")
        return [Chart("expenditure", f"Expenditure [kcal/day], {FROM_PROFILE}", empty=(
                    "No weighings yet: expenditure over time is estimated from the change of "
                    "your trend weight and the intake you log." + now)),
                Chart("legfat", leg_title, empty=(
                    "No weighings yet: leg fat follows your total fat, which the weighings "
                    "track."))]
    person, habits = profile
    tr = wt.trend
    tdates = [wt.date_of(int(d)) for d in tr.day]
    intakes = [(x.date, x.kcal) for x in logs.intakes(store)]
    sleeps = logs.sleeps(store)
    first = tdates[min(13, len(tdates) - 1)]
    weeks = (tdates[-1] - first).days // RECALIBRATION_STEP_DAYS
    days: list[dt.date] = []
    est: list[float] = []
    sd: list[float] = []
    from_logs: list[bool] = []
    leg: list[float] = []
    for j in range(weeks, -1, -1):  # weekly, ending on the last weighing
        day = tdates[-1] - dt.timedelta(days=RECALIBRATION_STEP_DAYS * j)
        r = estimate_from_logs(weights, intakes, person, habits, day, sleeps=sleeps)
        days.append(day)
        est.append(r.estimate.expenditure_kcal_per_day)
        sd.append(r.estimate.sd_kcal_per_day)
        from_logs.append(r.data_used)
        level = float(np.interp((day - wt.origin).days, tr.day, tr.level_kg))
        fm = (float(r.calibration.state_now().fat[0, -1]) if r.calibration is not None
              else fat_mass_at_weight_kg(person, level))
        leg.append(_leg_fat(person, fm))
    fig = go.Figure()
    for used, name, colour, symbol in ((True, f"Expenditure, {FROM_LOGS}", "#1b7f5f", "circle"),
                                       (False, f"Expenditure, {FROM_PROFILE} (too few logs)",
                                        "#d08c1f", "circle-open")):
        idx = [k for k, f in enumerate(from_logs) if f is used]
        if idx:
            fig.add_trace(go.Scatter(
                x=[days[k] for k in idx], y=[est[k] for k in idx], name=name,
                mode="markers+lines", line={"color": colour, "dash": "solid" if used else "dot"},
                marker={"color": colour, "symbol": symbol, "size": 9},
                error_y={"type": "data", "array": [sd[k] for k in idx], "visible": True}))
    fig.update_layout(**layout(yaxis_title="kcal/day"))
    source = (FROM_LOGS if all(from_logs) else FROM_PROFILE if not any(from_logs)
              else f"{FROM_LOGS}, or {FROM_PROFILE} where the logs are too few")
    charts = [Chart("expenditure", f"Expenditure [kcal/day] (± 1 SD), {source}", fig)]
    fig = go.Figure(go.Scatter(x=days, y=u.masses(leg), name="Leg fat", mode="markers+lines",
                               line={"color": "#1b7f5f"}))
    lo, hi = axis_range(u.masses(leg), u.mass(LEGFAT_MIN_SPAN_KG), floor=0.0)
    fig.update_layout(**layout(yaxis_title=u.mass_unit, showlegend=False))
    fig.update_yaxes(range=[lo, hi])
    charts.append(Chart("legfat", leg_title, fig))
    return charts


def _intake_chart(store: Store, rep: StatusReport, plan: dict[str, Any] | None) -> Chart:
    import plotly.graph_objects as go

    intakes = logs.intakes(store)
    title = "Intake [kcal/day]"
    if not intakes:
        return Chart("intake", title, empty=(
            "No intake logged yet (runlean log intake 1850). Until there is, expenditure is "
            f"{FROM_PROFILE}, not measured from your logs."))
    fig = go.Figure(go.Bar(x=[x.date for x in intakes], y=[x.kcal for x in intakes],
                           name="Logged intake", marker={"color": "#a6d3bf"}))
    target = rep.intake_target_kcal_per_day or (_plan_goal(plan)[2] if plan else None)
    if target:
        fig.add_hline(y=target, line_dash="dash", line_color="#b4441c",
                      annotation_text=f"target {target:.0f}", annotation_position="top left")
    fig.update_layout(**layout(yaxis_title="kcal/day"))
    return Chart("intake", title, fig)


def _training_charts(store: Store, today: dt.date, plan: dict[str, Any] | None,
                     u: Units) -> list[Chart]:
    import numpy as np
    import plotly.graph_objects as go

    profile = load_profile(store)
    acts = list_activities(store)
    sessions = list(plan.get("sessions") or []) if plan else []
    load_title = "Training load [TRIMP/day] (dotted after today: planned)"
    vol_title = f"Weekly running volume [{u.dist_unit}]"
    charts: list[Chart] = []
    if acts or sessions:
        s = daily_load_series(acts, sessions, today,
                              person=profile[0] if profile is not None else None)
        x = [s.start + dt.timedelta(days=k) for k in range(s.load.size)]
        k_today = (today - s.start).days
        lo, hi = load_window(x[0], x[-1], today, _plan_start(plan))
        shown = slice((lo - s.start).days, (hi - s.start).days + 1)
        fig = go.Figure()
        curves = (("ctl", s.ctl, s.ctl_planned), ("atl", s.atl, s.atl_planned),
                  ("tsb", s.tsb, s.tsb_planned))
        for key, y, yp in curves:  # done: solid up to today; if done as planned: dotted after
            colour, name = LOAD_LINES[key]
            fig.add_trace(go.Scatter(x=x[:k_today + 1], y=y[:k_today + 1], name=name,
                                     legendgroup=name,
                                     line={"color": colour, "dash": LOAD_DASHES[key]}))
            fig.add_trace(go.Scatter(x=x[k_today:], y=yp[k_today:], name=f"{name}, planned",
                                     legendgroup=name, showlegend=False,
                                     line={"color": colour, "dash": "dot"}))
        fig.add_vline(x=today.isoformat(), line_dash="dot", line_color="#888")
        ys = np.concatenate([c[shown] for _, y, yp in curves for c in (y, yp)])
        pad = max(0.08 * float(ys.max() - ys.min()), 2.0)  # [TRIMP/day]
        fig.update_layout(**layout(yaxis_title="TRIMP/day"))
        fig.update_xaxes(range=[lo.isoformat(), hi.isoformat()])
        fig.update_yaxes(range=[float(ys.min()) - pad, float(ys.max()) + pad])
        note = ("The chart opens on recent weeks; double-click it to see older activities."
                if acts else "")
        charts.append(Chart("load", load_title, fig, note=note))
    else:
        charts.append(Chart("load", load_title, empty=(
            "No activities imported and no plan yet: import your runs (runlean import FILES) "
            "or make a plan to see fitness, fatigue and form.")))
    vol = weekly_run_volume_km(acts, VOLUME_WEEKS, today)
    if not any(v > 0 for _, v in vol):
        charts.append(Chart("volume", vol_title, empty=(
            f"No runs imported in the last {VOLUME_WEEKS} weeks (runlean import FILES: GPX, "
            "TCX or FIT files from your watch or phone).")))
    else:
        fig = go.Figure(go.Bar(x=[w for w, _ in vol], y=[u.km(v) for _, v in vol],
                               name="Running distance", marker={"color": "#5fae8f"}))
        fig.update_layout(**layout(yaxis_title=u.dist_unit, xaxis_title="week starting",
                                   showlegend=False))
        charts.append(Chart("volume", vol_title, fig))
    return charts


def charts(store: Store, today: dt.date, rep: StatusReport,
           units: UnitSystem = "metric") -> list[Chart]:
    """Every chart section of the report, in order, with its figure or its empty message."""
    u = Units(units)
    plan = load_active_plan(store)
    profile = load_profile(store)
    weights = [(d, w) for d, w in logs.weights(store) if d <= today]
    exp: ExpenditureReport | None = None
    if profile is not None and weights:
        intakes = [(x.date, x.kcal) for x in logs.intakes(store)]
        exp = estimate_from_logs(weights, intakes, profile[0], profile[1], today,
                                 sleeps=[(d, h) for d, h in logs.sleeps(store) if d <= today],
                                 training_kcal_per_day=training_energy(
                                     list_activities(store), plan, today))
    return [_weight_chart(rep, weights, today, plan, exp, u),
            _intake_chart(store, rep, plan),
            *_history(store, weights, rep, u),
            *_training_charts(store, today, plan, u)]


def _figures(store: Store, today: dt.date, rep: StatusReport, units: UnitSystem = "metric"
             ) -> list[tuple[str, str, Any]]:
    """(chart id, title, figure) of each chart with data; titles go in the page heading only."""
    return [(c.cid, c.title, c.fig) for c in charts(store, today, rep, units) if c.fig is not None]


@dataclass(frozen=True)
class Figure:
    """One status figure as a KPI tile."""

    key: str
    label: str
    value: str
    unit: str = ""
    missing: bool = False


def status_figures(rep: StatusReport, u: Units) -> list[Figure]:
    """The status figures in the chosen units, the expenditure labelled by its source."""
    d = rep.to_dict()
    from_logs = str(d["expenditure_source"] or "").startswith("logs")
    m = u.mass_unit
    rows: list[tuple[str, str, str, Any]] = [
        ("trend_weight_kg", "Trend weight", f".1f| {m}", u.mass),
        ("weight_rate_kg_per_week", "Weight change", f"+.2f| {m}/week", u.mass),
        ("expenditure_estimate_kcal_per_day",
         f"Expenditure, {FROM_LOGS if from_logs else FROM_PROFILE}", ".0f| kcal/day", None),
        ("expenditure_uncertainty_kcal_per_day", "Expenditure uncertainty (1 SD)",
         ".0f| kcal/day", None),
        ("intake_target_kcal_per_day", "Intake target", ".0f| kcal/day", None),
        ("goal_weight_kg", "Goal weight", f".1f| {m}", u.mass),
        ("goal_date", "Goal date", "|", None),
        ("projected_goal_date", "Projected goal date (re-projected from today)", "|", None),
        ("leg_fat_kg", "Leg fat", f".2f| {m}", u.mass),
        ("navy_body_fat_pct", "US Navy body fat", ".1f| %", None),
        ("sleep_avg_h", "Sleep (last 7 days)", ".1f| h/night", None),
        ("ctl", "Fitness CTL", ".0f| TRIMP/day", None),
        ("atl", "Fatigue ATL", ".0f| TRIMP/day", None),
        ("tsb", "Form TSB", "+.0f|", None),
        ("acwr", "Acute:chronic load ratio", ".2f|", None),
        ("running_volume", "Running volume next week", "|", None),
    ]
    out = []
    for key, label, fmt, conv in rows:
        v = d[key]
        spec, unit = fmt.split("|")
        if v is None:
            out.append(Figure(key, label, "—", missing=True))
            continue
        if conv is not None:
            v = conv(v)
        text = f"{v:{spec}}" if spec and isinstance(v, int | float) else u.text(str(v))
        out.append(Figure(key, label, text, unit.strip()))
    return out


def render_progress_report(store: Store, today: dt.date | None = None,
                           units: UnitSystem = "metric") -> str:
    """The progress report as one self-contained HTML string.

    ``units``: ``"metric"`` (kg, km) or ``"imperial"`` (lb, miles) for every mass and distance
    shown, charts included.
    """
    from plotly.offline import get_plotlyjs

    rep = status(store, today)
    u = Units(units)
    plan = load_active_plan(store)
    sections = charts(store, rep.as_of, rep, units)
    return str(environment(u).get_template("progress_report.html.j2").render(
        rep=rep, u=u, figures=status_figures(rep, u), plotly_js=get_plotlyjs(),
        plan_start=_plan_start(plan), legfat_min_span_kg=LEGFAT_MIN_SPAN_KG,
        charts=[(c, chart_html(c.fig, c.cid) if c.fig else "") for c in sections],
        from_logs=str(rep.expenditure_source or "").startswith("logs"),
        lists=[(title, key, [u.text(x) for x in getattr(rep, key)])
               for title, key in (("Warnings", "warnings"), ("Next week", "recommendation"),
                                  ("Missing data", "missing")) if getattr(rep, key)]))


def write_progress_report(store: Store, out_dir: Path, today: dt.date | None = None,
                          units: UnitSystem = "metric") -> Path:
    """Write ``progress.html`` into ``out_dir`` (created if needed) and return its path.

    An ``out_dir`` that cannot be a folder raises :class:`runlean.errors.InvalidInputError`.
    """
    from runlean.io.output import write_files

    html_text = render_progress_report(store, today, units)
    return write_files(out_dir, {"progress.html": html_text.encode("utf-8")})[0]
