"""A page of stored activities: filtered, sorted and counted in the database.

Used by the activity table of the web app (and any caller that needs one page of a long
list): only the listing columns are read, and the count, filter, sort and page are SQL.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import ColumnElement, func, select

from runlean.store.activities import LIST_COLUMNS, sport_family, to_aware_utc, to_naive_utc
from runlean.store.db import Store
from runlean.store.models import ActivityRow

#: Columns an activity page may be sorted by.
SORT_COLUMNS = ("start_utc", "sport", "duration_s", "distance_m", "avg_hr_bpm", "energy_kcal",
                "load", "id")


def activity_page(store: Store, *, sport: str | None = None,
                  since: dt.datetime | None = None, until: dt.datetime | None = None,
                  sort: str = "start_utc", descending: bool = True, limit: int = 50,
                  offset: int = 0) -> tuple[list[dict[str, Any]], int, list[str]]:
    """One page of activities: (rows of :data:`LIST_COLUMNS`, total matching, sports).

    ``sport`` keeps activities of that stored sport name; ``since``/``until`` (aware) bound
    the start time (``until`` exclusive). Undated activities sort last. ``sports`` lists
    every stored sport name (for a filter menu). ``sort`` must be one of
    :data:`SORT_COLUMNS` (checked by the caller).
    """
    conds: list[ColumnElement[bool]] = []
    if sport:
        conds.append(ActivityRow.sport == sport)
    if since is not None:
        conds.append(ActivityRow.start_utc >= to_naive_utc(since))
    if until is not None:
        conds.append(ActivityRow.start_utc < to_naive_utc(until))
    column = getattr(ActivityRow, sort)
    cols = [getattr(ActivityRow, c) for c in LIST_COLUMNS]
    query = (select(*cols, ActivityRow.utc_offset_s, ActivityRow.planned_session_uid)
             .where(*conds)
             .order_by(column.is_(None), column.desc() if descending else column,
                       ActivityRow.id.desc() if descending else ActivityRow.id)
             .limit(limit).offset(offset))
    with store.session() as session:
        total = int(session.scalar(select(func.count()).select_from(ActivityRow)
                                   .where(*conds)) or 0)
        rows = []
        for r in session.execute(query):
            row = dict(r._mapping)
            row["start_utc"] = to_aware_utc(row["start_utc"])
            row["sport_family"] = sport_family(row["sport"])
            rows.append(row)
        sports = sorted(s for (s,) in session.execute(select(ActivityRow.sport).distinct()))
    return rows, total, sports
