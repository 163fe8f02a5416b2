"""Daily logs: weight, intake, sleep and tape measurements (the public Python API).

Every value is checked before anything is written; a bad value raises
:class:`~runlean.errors.InvalidInputError` naming the field, the value and the valid range, and
the database is unchanged. Logging a date that already has a value replaces it, and the result
says so (with the previous value). :func:`log_entries` writes many entries in one transaction
(all or nothing), which the CSV import uses.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from runlean.errors import InvalidInputError
from runlean.store import logs as log_store
from runlean.store.db import Store
from runlean.store.log_models import IntakeLogRow, MeasurementLogRow
from runlean.units import UnitSystem, format_length, format_mass

LogKind = Literal["weight", "intake", "sleep", "measurement"]

#: Valid ranges of logged values: field -> (low, high, unit), inclusive. Weight and body fat
#: are the profile's ranges (:data:`runlean.domain.RANGES`), repeated here so that
#: ``runlean log`` does not import the domain layer (NumPy and pydantic: 0.2–0.4 s per call);
#: ``tests/tracking/test_logs.py`` checks that they stay equal.
LOG_RANGES: dict[str, tuple[float, float, str]] = {
    "weight_kg": (30, 350, "kg"),
    "body_fat_pct": (3, 70, "%"),
    "kcal": (0.0, 12000.0, "kcal per day"),
    "protein_g": (0.0, 800.0, "g per day"),
    "carbs_g": (0.0, 1500.0, "g per day"),
    "fat_g": (0.0, 600.0, "g per day"),
    "hours": (0.0, 16.0, "hours of sleep per night"),
    "waist_cm": (40.0, 250.0, "cm"),
    "neck_cm": (20.0, 80.0, "cm"),
    "hip_cm": (50.0, 250.0, "cm"),
}

#: Oldest date accepted in a log.
EARLIEST_DATE = dt.date(1970, 1, 1)

_FIELDS = log_store.LOG_FIELDS
_REQUIRED = {"weight": "weight_kg", "intake": "kcal", "sleep": "hours"}


def local_today() -> dt.date:
    """Today's date on the local clock."""
    return dt.datetime.now(dt.UTC).astimezone().date()


@dataclass(frozen=True)
class LogEntry:
    """One value (or set of values) to log for a date."""

    kind: LogKind
    date: dt.date
    values: Mapping[str, float | None]
    source: str = "cli"


#: How each logged value reads in a message: field -> (label, unit); "mass" and "length"
#: follow the unit system (kg or lb, cm or in).
_SHOWN: dict[str, tuple[str, str]] = {
    "weight_kg": ("", "mass"), "body_fat_pct": ("body fat", "%"), "kcal": ("", "kcal"),
    "protein_g": ("protein", "g"), "carbs_g": ("carbohydrate", "g"), "fat_g": ("fat", "g"),
    "hours": ("", "h"), "waist_cm": ("waist", "length"), "neck_cm": ("neck", "length"),
    "hip_cm": ("hip", "length"),
}


def describe_values(values: Mapping[str, Any], units: UnitSystem = "metric") -> str:
    """Logged values in words: ``94.5 kg`` (``208.3 lb``), ``2100 kcal, protein 120 g``,
    ``waist 88.0 cm``; fields that are not log values (date, source) are left out."""
    parts = []
    for key, value in values.items():
        if value is None or key not in _SHOWN or not isinstance(value, int | float):
            continue
        label, unit = _SHOWN[key]
        text = (format_mass(value, units) if unit == "mass" else
                format_length(value, units) if unit == "length" else f"{value:g} {unit}")
        parts.append(f"{label} {text}".strip())
    return ", ".join(parts)


@dataclass(frozen=True)
class LogResult:
    """What a log call did: ``replaced`` is True when the date already had a value;
    ``warnings`` holds what looks wrong but was logged (macros that exceed the energy)."""

    kind: LogKind
    date: dt.date
    values: dict[str, float | None]
    replaced: bool
    previous: dict[str, float | None] | None = field(default=None)
    warnings: tuple[str, ...] = ()

    def message(self, units: UnitSystem = "metric") -> str:
        """``weight 2026-12-02: 94.5 kg (replaced 95.0 kg)``, masses and lengths in ``units``."""
        shown = describe_values(self.values, units)
        if self.replaced and self.previous is not None:
            return (f"{self.kind} {self.date}: {shown} (replaced "
                    f"{describe_values(self.previous, units)})")
        return f"{self.kind} {self.date}: {shown}"


#: Energy of the macronutrients [kcal/g]: Atwater's general factors (Atwater & Bryant 1900;
#: FAO 2003, Food energy: methods of analysis and conversion factors, FAO Food and Nutrition
#: Paper 77).
ATWATER_KCAL_PER_G = {"protein_g": 4.0, "carbs_g": 4.0, "fat_g": 9.0}
#: The macros' energy may exceed the logged energy by this share before a warning: label
#: values are rounded and may lawfully differ from the food by 20 % (US FDA, 21 CFR 101.9),
#: and fibre counted as carbohydrate yields about 2 kcal/g, not 4.
MACRO_EXCESS_FRACTION = 0.15
#: ... and by at least this much energy [kcal/day], so that small snacks do not warn.
MACRO_EXCESS_MIN_KCAL = 100.0


def macro_energy_warning(kcal: float, protein_g: float | None, carbs_g: float | None,
                         fat_g: float | None) -> str | None:
    """A warning when the macronutrients hold clearly more energy than the logged kcal.

    Energy from the macros uses Atwater's 4/4/9 kcal/g (:data:`ATWATER_KCAL_PER_G`); the
    warning needs an excess above both :data:`MACRO_EXCESS_FRACTION` and
    :data:`MACRO_EXCESS_MIN_KCAL`. Fewer macro kcal than logged is normal (alcohol, macros not
    logged) and never warns.
    """
    grams = {"protein_g": protein_g, "carbs_g": carbs_g, "fat_g": fat_g}
    if all(g is None for g in grams.values()):
        return None
    macro_kcal = sum(ATWATER_KCAL_PER_G[k] * g for k, g in grams.items() if g is not None)
    excess = macro_kcal - kcal
    if excess <= MACRO_EXCESS_MIN_KCAL or excess <= MACRO_EXCESS_FRACTION * kcal:
        return None
    share = f", {100.0 * excess / kcal:.0f} % more than" if kcal > 0 else " against"
    return (f"the macros hold {macro_kcal:.0f} kcal (4 kcal/g protein and carbohydrate, "
            f"9 kcal/g fat){share} the {kcal:g} kcal logged; check the numbers for a typo "
            "(logged as given)")


def check_log_value(name: str, value: object) -> float:
    """Return ``value`` as a float if it lies in :data:`LOG_RANGES`, else raise."""
    low, high, unit = LOG_RANGES[name]
    if (not isinstance(value, int | float) or isinstance(value, bool)
            or not math.isfinite(float(value))):
        raise InvalidInputError(name, value, f"a number between {low:g} and {high:g} {unit}")
    if not low <= float(value) <= high:
        raise InvalidInputError(name, value, f"between {low:g} and {high:g} {unit}")
    return float(value)


def check_log_date(date: object, today: dt.date | None = None) -> dt.date:
    """Return ``date`` if it is a calendar date not in the future, else raise."""
    today = today or local_today()
    if not isinstance(date, dt.date) or isinstance(date, dt.datetime):
        raise InvalidInputError("date", date, "a calendar date (YYYY-MM-DD)")
    if date > today:
        raise InvalidInputError("date", date.isoformat(),
                                f"a date not in the future (today is {today.isoformat()})")
    if date < EARLIEST_DATE:
        raise InvalidInputError("date", date.isoformat(), f"on or after {EARLIEST_DATE}")
    return date


def validate_entry(entry: LogEntry, today: dt.date | None = None) -> LogEntry:
    """Check every value of ``entry``; return a cleaned copy (floats, no unknown fields)."""
    if entry.kind not in _FIELDS:
        raise InvalidInputError("kind", entry.kind, "one of weight, intake, sleep, measurement")
    date = check_log_date(entry.date, today)
    allowed = _FIELDS[entry.kind]
    clean: dict[str, float | None] = {}
    for key, value in entry.values.items():
        if key not in allowed:
            raise InvalidInputError(key, value, f"one of the {entry.kind} fields: "
                                    + ", ".join(allowed))
        clean[key] = None if value is None else check_log_value(key, value)
    required = _REQUIRED.get(entry.kind)
    if required and clean.get(required) is None:
        raise InvalidInputError(required, None, f"a value for a {entry.kind} log")
    if entry.kind == "measurement" and all(v is None for v in clean.values()):
        raise InvalidInputError("measurement", None, "at least one of waist, neck, hip")
    return LogEntry(entry.kind, date, clean, entry.source)


def _result(entry: LogEntry, previous: dict[str, float | None] | None) -> LogResult:
    """What writing ``entry`` did, given the values it replaced (None for a new date)."""
    merge = entry.kind == "measurement"  # logging the neck keeps the waist logged that day
    if previous is None:
        replaced = False
    elif merge:
        replaced = any(previous[k] is not None for k, v in entry.values.items() if v is not None)
    else:
        replaced = True
    return LogResult(entry.kind, entry.date, dict(entry.values), replaced,
                     previous if replaced else None)


def log_entries(store: Store, entries: Iterable[LogEntry], *, today: dt.date | None = None
                ) -> list[LogResult]:
    """Validate every entry, then write them all in one transaction (all or nothing).

    The writes are a few statements per log kind (:func:`runlean.store.logs.upsert_logs`), so
    a long CSV holds the database's write lock for milliseconds.
    """
    checked = [validate_entry(e, today) for e in entries]
    with store.transaction() as session:
        previous = log_store.upsert_logs(session, [
            (e.kind, e.date, e.values, e.source, e.kind == "measurement") for e in checked])
    return [_result(e, p) for e, p in zip(checked, previous, strict=True)]


def log_weight(store: Store, date: dt.date, weight_kg: float, *,
               body_fat_pct: float | None = None, source: str = "cli",
               today: dt.date | None = None) -> LogResult:
    """Log the morning weight of ``date`` [kg] (optionally a scale's body-fat %)."""
    return log_entries(store, [LogEntry("weight", date, {"weight_kg": weight_kg,
                                                         "body_fat_pct": body_fat_pct},
                                        source)], today=today)[0]


def log_intake(store: Store, date: dt.date, kcal: float, *, protein_g: float | None = None,
               carbs_g: float | None = None, fat_g: float | None = None, source: str = "cli",
               today: dt.date | None = None) -> LogResult:
    """Log the energy [kcal] and macronutrients [g] eaten on ``date``."""
    values = {"kcal": kcal, "protein_g": protein_g, "carbs_g": carbs_g, "fat_g": fat_g}
    result = log_entries(store, [LogEntry("intake", date, values, source)], today=today)[0]
    warning = macro_energy_warning(kcal, protein_g, carbs_g, fat_g)
    return result if warning is None else replace(result, warnings=(warning,))


def log_sleep(store: Store, date: dt.date, hours: float, *, source: str = "cli",
              today: dt.date | None = None) -> LogResult:
    """Log the hours slept in the night ending on ``date``."""
    return log_entries(store, [LogEntry("sleep", date, {"hours": hours}, source)],
                       today=today)[0]


def log_measurement(store: Store, date: dt.date, *, waist_cm: float | None = None,
                    neck_cm: float | None = None, hip_cm: float | None = None,
                    source: str = "cli", today: dt.date | None = None) -> LogResult:
    """Log tape measurements of ``date`` [cm]; values not given keep what was logged."""
    values = {"waist_cm": waist_cm, "neck_cm": neck_cm, "hip_cm": hip_cm}
    return log_entries(store, [LogEntry("measurement", date, values, source)], today=today)[0]


# --- reading ------------------------------------------------------------------------------


def weights(store: Store) -> list[tuple[dt.date, float]]:
    """All logged weights as ``(date, kg)``, oldest first."""
    return log_store.weights(store)


def intakes(store: Store) -> list[IntakeLogRow]:
    """All logged intakes (rows detached from the session), oldest first."""
    return log_store.intakes(store)


def sleeps(store: Store) -> list[tuple[dt.date, float]]:
    """All logged sleep as ``(date, hours)``, oldest first."""
    return log_store.sleeps(store)


def measurements(store: Store) -> list[MeasurementLogRow]:
    """All logged tape measurements, oldest first."""
    return log_store.measurements(store)


def latest_measurements(store: Store) -> dict[str, tuple[dt.date, float]]:
    """The most recent value of each tape measurement: name -> (date, cm)."""
    out: dict[str, tuple[dt.date, float]] = {}
    for row in measurements(store):
        for k in _FIELDS["measurement"]:
            v = getattr(row, k)
            if v is not None:
                out[k] = (row.date, float(v))
    return out


def navy_body_fat_now(store: Store) -> float | None:
    """US Navy body fat from the latest tape measurements and the profile [%].

    None when there is no profile or a needed measurement is missing (waist and neck; also
    hip for women). Tape estimates are within about ±3-4 points of DXA.
    """
    from runlean.science.body_composition import navy_body_fat_pct_metric
    from runlean.store.profile import load_profile

    profile = load_profile(store)
    if profile is None:
        return None
    person = profile[0]
    meas = latest_measurements(store)
    need = ["waist_cm", "neck_cm"] + (["hip_cm"] if person.sex == "female" else [])
    if not all(k in meas for k in need):
        return None
    return float(navy_body_fat_pct_metric(
        meas["waist_cm"][1], meas["neck_cm"][1], person.height_cm, person.sex == "male",
        meas["hip_cm"][1] if "hip_cm" in need else None))


# --- CSV import ---------------------------------------------------------------------------


@dataclass(frozen=True)
class CsvImportResult:
    """Outcome of :func:`import_log_csv`: counts of new and replaced logs per kind."""

    path: str
    new: dict[str, int]
    replaced: dict[str, int]

    def message(self) -> str:
        kinds = sorted(set(self.new) | set(self.replaced))
        parts = [f"{k}: {self.new.get(k, 0)} new, {self.replaced.get(k, 0)} replaced"
                 for k in kinds]
        return f"{self.path}: " + ("; ".join(parts) if parts else "no values")


def import_log_csv(store: Store, path: str | Any, *, today: dt.date | None = None
                   ) -> CsvImportResult:
    """Import a log CSV (generic format or Withings ``weight.csv``), all or nothing.

    Policy: the whole file is validated first; one bad row (unparseable, impossible value,
    future date) raises :class:`~runlean.errors.LogFormatError` naming the row and the reason,
    and nothing of the file is written.
    """
    from pathlib import Path

    from runlean.errors import LogFormatError
    from runlean.io.csv_logs import read_log_csv

    p = Path(path)
    records = read_log_csv(p)
    entries = []
    for rec in records:
        try:
            entries.append(validate_entry(
                LogEntry(rec.kind, rec.date, rec.values, rec.source),  # type: ignore[arg-type]
                today))
        except InvalidInputError as exc:
            raise LogFormatError(f"{p.name}: row {rec.row}: {exc}") from None
    results = log_entries(store, entries, today=today)
    new: dict[str, int] = {}
    replaced: dict[str, int] = {}
    for r in results:
        bucket = replaced if r.replaced else new
        bucket[r.kind] = bucket.get(r.kind, 0) + 1
    return CsvImportResult(str(p), new, replaced)
