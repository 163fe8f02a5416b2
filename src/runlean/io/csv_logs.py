"""Reading daily logs from CSV files: runlean's generic format and Withings weight exports.

Generic format (one row per date; every column but ``date`` optional; empty cell = not logged)::

    date,weight_kg,intake_kcal,protein_g,carbs_g,fat_g,sleep_h,waist_cm,neck_cm,hip_cm
    2024-05-01,72.4,1850,140,200,60,7.5,82,,
    2024-05-02,72.1,,,,,,,,

* ``date``: ``YYYY-MM-DD`` (local calendar date).
* Units are in the header: ``weight_kg`` or ``weight_lb``; ``waist_cm`` or ``waist_in`` (also
  ``neck_*``, ``hip_*``); ``intake_kcal``; ``protein_g``, ``carbs_g``, ``fat_g``; ``sleep_h``;
  ``body_fat_pct``. Values are converted to kg and cm here, at the file edge.
* Unknown columns are an error (a misspelt header must not be silently ignored).

Withings export (``weight.csv`` from the Withings "download my data" archive)::

    Date,"Weight (kg)","Fat mass (kg)","Bone mass (kg)","Muscle mass (kg)","Hydration (kg)",Comments
    "2024-05-01 07:32:10",72.4,14.1,3.1,55.0,40.2,

The first reading of each calendar day is kept (morning weight); ``Weight (lb)`` files are
converted; the body-fat % is ``100 · fat mass / weight`` when the fat mass is present.

Readers return :class:`LogRecord` rows with 1-based CSV row numbers (header = row 1) and raise
:class:`~runlean.errors.LogFormatError` naming the file, the row and the reason; they never
touch the database.

Parsing is strict, so that a mistake is an error rather than a wrong value: dates are exactly
``YYYY-MM-DD`` in ASCII digits (Withings: optionally followed by `` hh:mm[:ss]``), numbers
are plain ASCII decimals (``72.4``, ``-200``, ``1e3``; not ``7_2``, not Arabic-Indic or other
non-ASCII digits, not ``nan``), a column name may appear only once, and the cells runlean
reads are at most :data:`~runlean.io.limits.MAX_CSV_CELL_CHARS` characters. The file must be
a regular file of at most :data:`~runlean.io.limits.MAX_LOG_BYTES` (``/dev/zero`` is
refused, not read forever).
"""

from __future__ import annotations

import csv
import datetime as dt
import math
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from runlean.errors import LogFormatError
from runlean.io.limits import MAX_CSV_CELL_CHARS, current_limits
from runlean.units import CM_PER_IN, KG_PER_LB

#: A number as runlean accepts it in a log CSV (ASCII only; optional sign and exponent).
NUMBER_PATTERN = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
#: A date of the generic format.
DATE_PATTERN = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
#: A Withings time stamp: a date, optionally with a time of day.
STAMP_PATTERN = re.compile(r"([0-9]{4}-[0-9]{2}-[0-9]{2})(?:[ T][0-9]{2}:[0-9]{2}(?::[0-9]{2})?)?")

#: Generic-format column -> (log kind, field, factor to the stored unit).
GENERIC_COLUMNS: dict[str, tuple[str, str, float]] = {
    "weight_kg": ("weight", "weight_kg", 1.0),
    "weight_lb": ("weight", "weight_kg", KG_PER_LB),
    "body_fat_pct": ("weight", "body_fat_pct", 1.0),
    "intake_kcal": ("intake", "kcal", 1.0),
    "protein_g": ("intake", "protein_g", 1.0),
    "carbs_g": ("intake", "carbs_g", 1.0),
    "fat_g": ("intake", "fat_g", 1.0),
    "sleep_h": ("sleep", "hours", 1.0),
    "waist_cm": ("measurement", "waist_cm", 1.0),
    "waist_in": ("measurement", "waist_cm", CM_PER_IN),
    "neck_cm": ("measurement", "neck_cm", 1.0),
    "neck_in": ("measurement", "neck_cm", CM_PER_IN),
    "hip_cm": ("measurement", "hip_cm", 1.0),
    "hip_in": ("measurement", "hip_cm", CM_PER_IN),
}


@dataclass(frozen=True)
class LogRecord:
    """One log of one kind for one date, read from row ``row`` of ``source``."""

    kind: str
    date: dt.date
    values: dict[str, float | None]
    row: int
    source: str


def _fail(path: Path, row: int | None, reason: str) -> LogFormatError:
    where = f"{path.name}" if row is None else f"{path.name}: row {row}"
    return LogFormatError(f"{where}: {reason}")


def _shown(text: str) -> str:
    """A cell as quoted in an error message: repr (control characters escaped), cut short."""
    return repr(text if len(text) <= 40 else text[:37] + "...")


def _read_text(path: Path) -> str:
    """The file's text: a regular file of at most the log size limit, UTF-8."""
    limits = current_limits()
    try:
        with path.open("rb") as f:
            st = os.fstat(f.fileno())
            if not stat.S_ISREG(st.st_mode):
                raise _fail(path, None, "not a regular file (a device, pipe or socket)")
            if st.st_size > limits.max_log_bytes:
                raise _fail(path, None, f"file of {st.st_size:,} bytes is above the size "
                            f"limit ({limits.hint('max_log_bytes')})")
            raw = f.read(limits.max_log_bytes + 1)
    except OSError as exc:
        raise _fail(path, None, f"cannot read the file ({exc.strerror})") from None
    if len(raw) > limits.max_log_bytes:
        raise _fail(path, None, f"file above the size limit ({limits.hint('max_log_bytes')})")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _fail(path, None, f"not UTF-8 text ({exc.reason} at byte {exc.start})") from None


def _read_rows(path: Path) -> tuple[list[str], list[tuple[int, list[str]]]]:
    text = _read_text(path)
    try:
        rows = list(csv.reader(text.splitlines()))
    except csv.Error as exc:
        raise _fail(path, None, f"not a readable CSV file ({exc})") from None
    if not rows or not any(c.strip() for c in rows[0]):
        raise _fail(path, None, "the file is empty (a header row is needed)")
    header = [c.strip() for c in rows[0]]
    repeated = sorted({h for h in header if header.count(h) > 1})
    if repeated:
        raise _fail(path, 1, f"column {_shown(repeated[0])} appears more than once")
    body = [(i + 2, r) for i, r in enumerate(rows[1:]) if any(c.strip() for c in r)]
    return header, body


def _cell(path: Path, row: int, column: str, text: str) -> str:
    text = text.strip()
    if len(text) > MAX_CSV_CELL_CHARS:
        raise _fail(path, row, f"{column} is a cell of {len(text):,} characters (at most "
                    f"{MAX_CSV_CELL_CHARS} accepted)")
    return text


def _number(path: Path, row: int, column: str, text: str) -> float | None:
    text = _cell(path, row, column, text)
    if not text:
        return None
    if NUMBER_PATTERN.fullmatch(text) is None:
        raise _fail(path, row, f"{column} = {_shown(text)} is not a number (digits 0-9, "
                    "an optional sign and decimal point)")
    value = float(text)
    if not math.isfinite(value):
        raise _fail(path, row, f"{column} = {_shown(text)} is not a finite number")
    return value


def _date(path: Path, row: int, text: str, *, with_time: bool = False) -> dt.date:
    text = _cell(path, row, "date", text)
    match = (STAMP_PATTERN if with_time else DATE_PATTERN).fullmatch(text)
    expected = "YYYY-MM-DD" + (" hh:mm:ss" if with_time else "")
    try:
        if match is None:
            raise ValueError(text)
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        raise _fail(path, row, f"date = {_shown(text)} is not a date (expected "
                    f"{expected})") from None


def read_generic_log_csv(path: Path | str) -> list[LogRecord]:
    """Read a file in runlean's generic log format (see the module docstring)."""
    p = Path(path)
    header, body = _read_rows(p)
    if "date" not in header:
        raise _fail(p, 1, "no 'date' column (columns: date plus any of "
                    + ", ".join(GENERIC_COLUMNS) + ")")
    unknown = [h for h in header if h != "date" and h not in GENERIC_COLUMNS]
    if unknown:
        raise _fail(p, 1, f"unknown column {_shown(unknown[0])} (known: date, "
                    + ", ".join(GENERIC_COLUMNS) + ")")
    targets = [GENERIC_COLUMNS[h][1] for h in header if h != "date"]
    dup = {t for t in targets if targets.count(t) > 1}
    if dup:
        raise _fail(p, 1, f"two columns give the same value {sorted(dup)[0]!r}")
    seen: dict[dt.date, int] = {}
    out: list[LogRecord] = []
    for row_no, cells in body:
        if len(cells) != len(header):
            raise _fail(p, row_no, f"{len(cells)} cells but the header has {len(header)}")
        rec = dict(zip(header, cells, strict=True))
        date = _date(p, row_no, rec["date"])
        if date in seen:
            raise _fail(p, row_no, f"date {date} already given on row {seen[date]}")
        seen[date] = row_no
        by_kind: dict[str, dict[str, float | None]] = {}
        for col, text in rec.items():
            if col == "date":
                continue
            value = _number(p, row_no, col, text)
            if value is None:
                continue
            kind, field, factor = GENERIC_COLUMNS[col]
            by_kind.setdefault(kind, {})[field] = value * factor
        for kind, values in by_kind.items():
            out.append(LogRecord(kind, date, values, row_no, f"csv:{p.name}"))
    return out


WITHINGS_DATE = "Date"
WITHINGS_WEIGHT = {"Weight (kg)": 1.0, "Weight (lb)": KG_PER_LB}
WITHINGS_FAT = {"Fat mass (kg)": 1.0, "Fat mass (lb)": KG_PER_LB}


def is_withings_weight_csv(path: Path | str) -> bool:
    """True when the header looks like a Withings ``weight.csv`` export."""
    try:
        header, _ = _read_rows(Path(path))
    except LogFormatError:
        return False
    return WITHINGS_DATE in header and any(h in header for h in WITHINGS_WEIGHT)


def read_withings_weight_csv(path: Path | str) -> list[LogRecord]:
    """Read a Withings ``weight.csv`` export: the first weighing of each day [kg]."""
    p = Path(path)
    header, body = _read_rows(p)
    wcol = next((h for h in header if h in WITHINGS_WEIGHT), None)
    if WITHINGS_DATE not in header or wcol is None:
        raise _fail(p, 1, "not a Withings weight export (needs 'Date' and 'Weight (kg)')")
    fcol = next((h for h in header if h in WITHINGS_FAT), None)
    first: dict[dt.date, tuple[str, LogRecord]] = {}
    for row_no, cells in body:
        rec = dict(zip(header, cells + [""] * (len(header) - len(cells)), strict=False))
        stamp = rec[WITHINGS_DATE].strip()
        date = _date(p, row_no, stamp, with_time=True)
        weight = _number(p, row_no, wcol, rec[wcol])
        if weight is None:
            continue  # a row with only other measures (e.g. fat mass from another device)
        weight *= WITHINGS_WEIGHT[wcol]
        values: dict[str, float | None] = {"weight_kg": weight}
        if fcol is not None:
            fat = _number(p, row_no, fcol, rec[fcol])
            if fat is not None and weight > 0:
                values["body_fat_pct"] = 100.0 * fat * WITHINGS_FAT[fcol] / weight
        record = LogRecord("weight", date, values, row_no, f"withings:{p.name}")
        if date not in first or stamp < first[date][0]:
            first[date] = (stamp, record)
    return [first[d][1] for d in sorted(first)]


def read_log_csv(path: Path | str) -> list[LogRecord]:
    """Read a log CSV of either supported format, chosen from its header."""
    if is_withings_weight_csv(path):
        return read_withings_weight_csv(path)
    return read_generic_log_csv(path)
