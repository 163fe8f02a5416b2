"""Queries of the daily-log tables (weight, intake, sleep, tape measurements).

Only storage: validation and what counts as a replacement are in
:mod:`runlean.tracking.logs`. Writes take the caller's session, so that a batch of logs is one
transaction (all or nothing). :func:`upsert_logs` writes a whole batch (a CSV of years of
weights) in a few statements per log kind, so that its transaction holds the database's write
lock for milliseconds, not minutes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.orm import Session

from runlean.store.db import Store
from runlean.store.log_models import IntakeLogRow, MeasurementLogRow, SleepLogRow, WeightLogRow

#: Table of each log kind.
LOG_ROWS: dict[str, type[Any]] = {
    "weight": WeightLogRow,
    "intake": IntakeLogRow,
    "sleep": SleepLogRow,
    "measurement": MeasurementLogRow,
}

#: Value columns of each log kind.
LOG_FIELDS: dict[str, tuple[str, ...]] = {
    "weight": ("weight_kg", "body_fat_pct"),
    "intake": ("kcal", "protein_g", "carbs_g", "fat_g"),
    "sleep": ("hours",),
    "measurement": ("waist_cm", "neck_cm", "hip_cm"),
}


def _naive_utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def upsert_log(session: Session, kind: str, date: dt.date, values: Mapping[str, float | None],
               source: str, *, merge: bool = False) -> dict[str, float | None] | None:
    """Write the ``kind`` log of ``date``; return the row's previous values, None if new.

    An existing row is updated in place: with ``merge`` only the values that are not None
    are set (the others keep what was logged); without it every value column is set (a
    missing key clears the column).
    """
    model = LOG_ROWS[kind]
    row = session.scalars(select(model).where(model.date == date)).one_or_none()
    fields = LOG_FIELDS[kind]
    if row is None:
        session.add(model(date=date, source=source, logged_at=_naive_utc_now(), **dict(values)))
        session.flush()
        return None
    previous: dict[str, float | None] = {k: getattr(row, k) for k in fields}
    if merge:
        for k, v in values.items():
            if v is not None:
                setattr(row, k, v)
    else:
        for k in fields:
            setattr(row, k, values.get(k))
    row.source = source
    row.logged_at = _naive_utc_now()
    session.flush()
    return previous


#: One log to write: kind, date, values, source, merge (see :func:`upsert_log`).
LogWrite = tuple[str, dt.date, Mapping[str, float | None], str, bool]


def upsert_logs(session: Session, writes: Sequence[LogWrite]
                ) -> list[dict[str, float | None] | None]:
    """Write many logs, with the same result as :func:`upsert_log` called for each in order.

    Per log kind: one SELECT of the stored rows in the batch's date range, one bulk INSERT of
    the new dates and one bulk UPDATE of the replaced ones (a date logged twice in the batch
    ends with its last values). Returns, for each write, the values it replaced (``None``
    when its date was new).
    """
    results: list[dict[str, float | None] | None] = [None] * len(writes)
    kinds: dict[str, list[int]] = {}
    for i, write in enumerate(writes):
        kinds.setdefault(write[0], []).append(i)
    now = _naive_utc_now()
    for kind, indices in kinds.items():
        model = LOG_ROWS[kind]
        fields = LOG_FIELDS[kind]
        dates = [writes[i][1] for i in indices]
        state: dict[dt.date, dict[str, Any]] = {}
        for row in session.execute(select(model.id, model.date, *[getattr(model, f)
                                                                   for f in fields])
                                   .where(model.date >= min(dates), model.date <= max(dates))):
            state[row.date] = {"id": row.id, **{f: getattr(row, f) for f in fields}}
        touched: dict[dt.date, dict[str, Any]] = {}
        for i in indices:
            _, date, values, source, merge = writes[i]
            current = state.get(date)
            if current is None:
                current = {"id": None, **dict.fromkeys(fields), **dict(values)}
                state[date] = current
            else:
                results[i] = {f: current[f] for f in fields}
                if merge:
                    current.update({k: v for k, v in values.items() if v is not None})
                else:
                    current.update({f: values.get(f) for f in fields})
            current["source"] = source
            touched[date] = current
        columns = (*fields, "source")
        new = [{"date": d, "logged_at": now, **{k: c[k] for k in columns}}
               for d, c in touched.items() if c["id"] is None]
        changed = [{"b_id": c["id"], "b_logged_at": now, **{f"b_{k}": c[k] for k in columns}}
                   for c in touched.values() if c["id"] is not None]
        # Core executemany: the ORM's per-row bookkeeping would cost seconds on a long CSV.
        table = model.__table__
        connection = session.connection()
        if new:
            connection.execute(insert(table), new)
        if changed:
            connection.execute(
                update(table).where(table.c.id == bindparam("b_id")).values(
                    {k: bindparam(f"b_{k}") for k in (*columns, "logged_at")}), changed)
    return results


def weights(store: Store) -> list[tuple[dt.date, float]]:
    """All logged weights as ``(date, kg)``, oldest first."""
    with store.session() as s:
        return [(r.date, r.weight_kg)
                for r in s.scalars(select(WeightLogRow).order_by(WeightLogRow.date))]


def intakes(store: Store) -> list[IntakeLogRow]:
    """All logged intakes (rows detached from the session), oldest first."""
    with store.session() as s:
        return list(s.scalars(select(IntakeLogRow).order_by(IntakeLogRow.date)))


def sleeps(store: Store) -> list[tuple[dt.date, float]]:
    """All logged sleep as ``(date, hours)``, oldest first."""
    with store.session() as s:
        return [(r.date, r.hours)
                for r in s.scalars(select(SleepLogRow).order_by(SleepLogRow.date))]


def measurements(store: Store) -> list[MeasurementLogRow]:
    """All logged tape measurements, oldest first."""
    with store.session() as s:
        return list(s.scalars(select(MeasurementLogRow).order_by(MeasurementLogRow.date)))


# --- listing, editing and deleting single log rows (the web app's log tables) ---------------


def log_row_dict(kind: str, row: Any) -> dict[str, Any]:
    """One log row as a dict: ``date``, the kind's value columns, ``source``, ``logged_at``."""
    out: dict[str, Any] = {"date": row.date}
    out.update({k: getattr(row, k) for k in LOG_FIELDS[kind]})
    out["source"] = row.source
    out["logged_at"] = row.logged_at
    return out


def log_rows(store: Store, kind: str, *, limit: int | None = None, offset: int = 0,
             newest_first: bool = True) -> list[dict[str, Any]]:
    """Rows of the ``kind`` log as dicts (:func:`log_row_dict`), newest (or oldest) first."""
    model = LOG_ROWS[kind]
    order = model.date.desc() if newest_first else model.date
    query = select(model).order_by(order).offset(offset)
    if limit is not None:
        query = query.limit(limit)
    with store.session() as s:
        return [log_row_dict(kind, r) for r in s.scalars(query)]


def count_log_rows(store: Store, kind: str) -> int:
    """Number of rows in the ``kind`` log."""
    from sqlalchemy import func

    model = LOG_ROWS[kind]
    with store.session() as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


def logs_on(store: Store, date: dt.date) -> dict[str, dict[str, Any]]:
    """Every log of one date: kind -> row dict (kinds without a row are absent)."""
    out: dict[str, dict[str, Any]] = {}
    with store.session() as s:
        for kind, model in LOG_ROWS.items():
            row = s.scalars(select(model).where(model.date == date)).one_or_none()
            if row is not None:
                out[kind] = log_row_dict(kind, row)
    return out


def get_log_row(session: Session, kind: str, date: dt.date) -> dict[str, Any] | None:
    """The ``kind`` log of ``date`` as a dict, or None."""
    model = LOG_ROWS[kind]
    row = session.scalars(select(model).where(model.date == date)).one_or_none()
    return None if row is None else log_row_dict(kind, row)


def delete_log_row(session: Session, kind: str, date: dt.date) -> dict[str, Any] | None:
    """Delete the ``kind`` log of ``date``; return its row dict, or None when there was none."""
    model = LOG_ROWS[kind]
    row = session.scalars(select(model).where(model.date == date)).one_or_none()
    if row is None:
        return None
    before = log_row_dict(kind, row)
    session.delete(row)
    session.flush()
    return before
