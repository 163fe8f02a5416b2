"""Templates and display formatting (units are converted here, at the edge)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import jinja2
from starlette.requests import Request
from starlette.responses import HTMLResponse

from runlean import __version__
from runlean import units as u
from runlean.web.security import csrf_token

UNITS_COOKIE = "runlean_units"

env = jinja2.Environment(
    loader=jinja2.PackageLoader("runlean.web", "templates"),
    autoescape=jinja2.select_autoescape(["html", "j2"]),
    trim_blocks=True,
    lstrip_blocks=True,
)


def units_of(request: Request) -> str:
    """The unit system chosen in this browser (cookie), else the one saved with the profile
    (as the commands use it), else metric."""
    value = request.cookies.get(UNITS_COOKIE)
    if value in ("metric", "imperial"):
        return str(value)
    from runlean.store.settings import stored_units

    store = getattr(request.app.state, "store", None)
    return (stored_units(store) if store is not None else None) or "metric"


def _mass(kg: Any, units: str = "metric", digits: int = 1) -> str:
    if not isinstance(kg, int | float):
        return "—"
    return f"{u.kg_to_lb(kg):.{digits}f} lb" if units == "imperial" else f"{kg:.{digits}f} kg"


def _mass_value(kg: Any, units: str = "metric", digits: int = 1, signed: bool = False) -> str:
    """A mass as a bare number in the display unit (for form values and rates)."""
    if not isinstance(kg, int | float):
        return ""
    v = u.kg_to_lb(kg) if units == "imperial" else kg
    return f"{v:{'+' if signed else ''}.{digits}f}"


def _length_value(cm: Any, units: str = "metric", digits: int = 1) -> str:
    if not isinstance(cm, int | float):
        return ""
    v = u.cm_to_in(cm) if units == "imperial" else cm
    return f"{v:.{digits}f}"


def _distance(m: Any, units: str = "metric", digits: int = 2) -> str:
    if not isinstance(m, int | float):
        return "—"
    km = m / 1000.0
    return f"{u.km_to_miles(km):.{digits}f} mi" if units == "imperial" else f"{km:.{digits}f} km"


def _pace(s_per_km: Any, units: str = "metric") -> str:
    if not isinstance(s_per_km, int | float) or s_per_km <= 0:
        return "—"
    return u.format_pace(float(s_per_km), "imperial" if units == "imperial" else "metric")


def _duration(seconds: Any) -> str:
    if not isinstance(seconds, int | float):
        return "—"
    total = round(seconds)
    return f"{total // 3600}:{total % 3600 // 60:02d}:{total % 60:02d}"


def _num(value: Any, digits: int = 0, unit: str = "") -> str:
    if not isinstance(value, int | float) or isinstance(value, bool):
        return "—"
    return f"{value:,.{digits}f}{(' ' + unit) if unit else ''}".replace(",", " ")


def _date(value: Any, fmt: str = "%a %d %b %Y") -> str:
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value[:10])
        except ValueError:
            return str(value)
    return value.strftime(fmt) if isinstance(value, dt.date) else "—"


def _tojson_attr(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"), default=str)


env.filters.update(mass=_mass, mass_value=_mass_value, length_value=_length_value,
                   distance=_distance, pace=_pace, duration=_duration, num=_num,
                   date=_date, tojson_data=_tojson_attr)
env.globals["version"] = __version__


def render(request: Request, template: str, status_code: int = 200, **context: Any
           ) -> HTMLResponse:
    """Render ``template`` with the common context (units, CSRF token, current path)."""
    units = units_of(request)
    html = env.get_template(template).render(
        request_path=request.url.path, units=units, csrf=csrf_token(request),
        mass_unit="lb" if units == "imperial" else "kg",
        length_unit="in" if units == "imperial" else "cm",
        distance_unit="mi" if units == "imperial" else "km",
        htmx=request.headers.get("hx-request") == "true", **context)
    return HTMLResponse(html, status_code=status_code)
