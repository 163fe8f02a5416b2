"""Reading form fields: text to numbers and dates, units to the stored ones (kg, cm, km).

Errors are the domain's :class:`~runlean.errors.InvalidInputError`, named after the form
field (which is named after the domain field, e.g. ``weight_kg``), so that the page can show
the message next to the field, in the words the CLI uses.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from typing import Any

from runlean import units as u
from runlean.errors import InvalidInputError

#: Per unit system: field kind -> (label, factor to the stored unit).
UNIT_LABELS: dict[str, dict[str, tuple[str, float]]] = {
    "metric": {"mass": ("kg", 1.0), "length": ("cm", 1.0), "distance": ("km", 1.0)},
    "imperial": {"mass": ("lb", u.KG_PER_LB), "length": ("in", u.CM_PER_IN),
                 "distance": ("mi", u.KM_PER_MILE)},
}


def text(form: Mapping[str, Any], name: str) -> str:
    """The stripped text of a field ('' when absent or a file)."""
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


def number(form: Mapping[str, Any], name: str, *, required: bool = False,
           label: str | None = None, kind: str | None = None,
           units: str = "metric") -> float | None:
    """A number field, converted to the stored unit when ``kind`` is mass/length/distance.

    An empty field is None (or an error when ``required``); text that is not a number is an
    :class:`InvalidInputError` naming ``label`` (default: the field name).
    """
    raw = text(form, name)
    if raw.count(",") == 1 and "." not in raw:  # a decimal comma: 72,4
        raw = raw.replace(",", ".")
    field = label or name
    if not raw:
        if required:
            raise InvalidInputError(field, None, "a value (this field is required)")
        return None
    try:
        value = float(raw)
    except ValueError:
        raise InvalidInputError(field, raw, "a number") from None
    if not math.isfinite(value):
        raise InvalidInputError(field, raw, "a finite number")
    if kind is not None:
        value *= UNIT_LABELS[units][kind][1]
    return value


def required(form: Mapping[str, Any], name: str, *, label: str | None = None,
             kind: str | None = None, units: str = "metric") -> float:
    """A number field that must be filled in (see :func:`number`)."""
    value = number(form, name, required=True, label=label, kind=kind, units=units)
    assert value is not None
    return value


def whole(form: Mapping[str, Any], name: str, *, required: bool = False) -> int | None:
    """A whole-number field."""
    value = number(form, name, required=required)
    if value is None:
        return None
    if value != int(value):
        raise InvalidInputError(name, text(form, name), "a whole number")
    return int(value)


def date(form: Mapping[str, Any], name: str, *, required: bool = False,
         default: dt.date | None = None) -> dt.date | None:
    """A ``YYYY-MM-DD`` date field."""
    raw = text(form, name)
    if not raw:
        if required and default is None:
            raise InvalidInputError(name, None, "a date as YYYY-MM-DD")
        return default
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise InvalidInputError(name, raw, "a date as YYYY-MM-DD") from None


def choice(form: Mapping[str, Any], name: str, options: tuple[str, ...], *,
           default: str | None = None) -> str | None:
    """A field whose value must be one of ``options``."""
    raw = text(form, name) or default
    if raw is None:
        return None
    if raw not in options:
        raise InvalidInputError(name, raw, "one of " + ", ".join(options))
    return raw


def race_time_s(raw: str, field: str = "race_time") -> float:
    """``H:MM:SS`` or ``MM:SS`` (or seconds) as seconds."""
    try:
        parts = [float(x) for x in raw.split(":")]
    except ValueError:
        raise InvalidInputError(field, raw, "a time as H:MM:SS or MM:SS") from None
    if not parts or len(parts) > 3 or any(p < 0 or not math.isfinite(p) for p in parts):
        raise InvalidInputError(field, raw, "a time as H:MM:SS or MM:SS")
    return float(sum(v * 60 ** i for i, v in enumerate(reversed(parts))))
