"""The logs as tables: list, edit, delete and export single log entries (public Python API).

:mod:`runlean.tracking.logs` adds logs (one per date and kind; logging a date again replaces
it). This module serves the log tables of ``runlean log list`` and the web app: a page of one
log, an edit of one entry (its values and, optionally, its date), the deletion of one entry,
and an export of every log as one CSV in runlean's generic format (the format
:func:`runlean.tracking.logs.import_log_csv` reads back).

Edits are checked by the same rules as new logs (:func:`runlean.tracking.logs.validate_entry`)
and written in one transaction: a bad value or a missing entry changes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from runlean.errors import InvalidInputError, NotFoundError
from runlean.store import logs as log_store
from runlean.store.db import Store
from runlean.tracking.logs import LogEntry, LogKind, LogResult, validate_entry

#: The log kinds, in the order the tables show them.
LOG_KINDS: tuple[LogKind, ...] = ("weight", "intake", "sleep", "measurement")
#: Value fields of each kind (stored units: kg, kcal, g, hours, cm).
LOG_FIELDS: dict[str, tuple[str, ...]] = dict(log_store.LOG_FIELDS)
#: Largest page of a log table.
MAX_PAGE = 1000


def check_kind(kind: str) -> LogKind:
    """Return ``kind`` if it is a log kind, else raise :class:`InvalidInputError`."""
    if kind not in LOG_KINDS:
        raise InvalidInputError("kind", kind, "one of " + ", ".join(LOG_KINDS))
    return kind


@dataclass(frozen=True)
class LogPage:
    """One page of a log table, newest first: ``rows`` of ``total`` rows from ``offset``."""

    kind: LogKind
    rows: list[dict[str, Any]]
    total: int
    offset: int
    limit: int

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form: dates as ISO strings, ``logged_at`` as naive-UTC ISO text."""
        return {"kind": self.kind, "total": self.total, "offset": self.offset,
                "limit": self.limit, "fields": list(LOG_FIELDS[self.kind]),
                "rows": [row_json(r) for r in self.rows]}


def row_json(row: Mapping[str, Any]) -> dict[str, Any]:
    """A log row with its date and time as ISO text."""
    return {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in row.items()}


def list_logs(store: Store, kind: str, *, limit: int = 100, offset: int = 0) -> LogPage:
    """One page of the ``kind`` log, newest first.

    Raises
    ------
    InvalidInputError
        An unknown kind, a ``limit`` outside 1-:data:`MAX_PAGE` or a negative ``offset``.
    """
    k = check_kind(kind)
    if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= MAX_PAGE:
        raise InvalidInputError("limit", limit, f"a whole number between 1 and {MAX_PAGE}")
    if isinstance(offset, bool) or not isinstance(offset, int) or offset < 0:
        raise InvalidInputError("offset", offset, "a whole number of rows, 0 or more")
    rows = log_store.log_rows(store, k, limit=limit, offset=offset)
    return LogPage(k, rows, log_store.count_log_rows(store, k), offset, limit)


def logs_of_day(store: Store, date: dt.date) -> dict[str, dict[str, Any]]:
    """Every log of ``date``: kind -> row (kinds not logged that day are absent)."""
    return log_store.logs_on(store, date)


def edit_log(store: Store, kind: str, date: dt.date, values: Mapping[str, float | None], *,
             new_date: dt.date | None = None, source: str = "edit",
             today: dt.date | None = None) -> LogResult:
    """Replace the values (and optionally the date) of the ``kind`` log of ``date``.

    Every value field is set from ``values`` (a field left out is cleared, so an optional
    value such as protein can be removed); the rules are those of a new log. Moving an entry
    to ``new_date`` is refused when that date already has a ``kind`` log (edit that one).

    Raises
    ------
    NotFoundError
        No ``kind`` log on ``date``.
    InvalidInputError
        A value or date that a new log would refuse, or a move onto a logged date.
    """
    k = check_kind(kind)
    target = new_date or date
    entry = validate_entry(LogEntry(k, target, dict(values), source), today)
    with store.transaction() as session:
        before = log_store.get_log_row(session, k, date)
        if before is None:
            raise NotFoundError(f"no {k} log on {date.isoformat()}")
        if target != date:
            if log_store.get_log_row(session, k, target) is not None:
                raise InvalidInputError(
                    "date", target.isoformat(),
                    f"a date without a {k} log ({target.isoformat()} has one: edit that "
                    "entry instead)")
            log_store.delete_log_row(session, k, date)
        log_store.upsert_log(session, k, target, entry.values, source, merge=False)
    previous = {f: before[f] for f in LOG_FIELDS[k]}
    return LogResult(k, target, dict(entry.values), True, previous)


def delete_log(store: Store, kind: str, date: dt.date) -> dict[str, Any]:
    """Delete the ``kind`` log of ``date``; returns the deleted row.

    Raises
    ------
    NotFoundError
        No ``kind`` log on ``date``.
    """
    k = check_kind(kind)
    with store.transaction() as session:
        before = log_store.delete_log_row(session, k, date)
        if before is None:
            raise NotFoundError(f"no {k} log on {date.isoformat()}")
    return before


def export_logs_csv(store: Store) -> str:
    """Every log as CSV text in runlean's generic format (one row per date, oldest first).

    The columns are those :func:`runlean.io.csv_logs.read_generic_log_csv` reads (kg, kcal,
    g, hours, cm), so an export imports back unchanged.
    """
    from runlean.io.log_export import generic_log_csv

    by_date: dict[dt.date, dict[str, float | None]] = {}
    for kind in LOG_KINDS:
        for row in log_store.log_rows(store, kind, newest_first=False):
            by_date.setdefault(row["date"], {}).update(
                {EXPORT_COLUMN[(kind, f)]: row[f] for f in LOG_FIELDS[kind]})
    return generic_log_csv(by_date)


#: Generic CSV column of each (kind, stored field).
EXPORT_COLUMN: dict[tuple[str, str], str] = {
    ("weight", "weight_kg"): "weight_kg",
    ("weight", "body_fat_pct"): "body_fat_pct",
    ("intake", "kcal"): "intake_kcal",
    ("intake", "protein_g"): "protein_g",
    ("intake", "carbs_g"): "carbs_g",
    ("intake", "fat_g"): "fat_g",
    ("sleep", "hours"): "sleep_h",
    ("measurement", "waist_cm"): "waist_cm",
    ("measurement", "neck_cm"): "neck_cm",
    ("measurement", "hip_cm"): "hip_cm",
}
