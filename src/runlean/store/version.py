"""A cheap fingerprint of everything a status report reads (profile, plan, logs, activities).

Two equal fingerprints mean that no log, activity, profile or plan was added, changed or
removed in between (by any process: the CLI and the web app share the database), so a status
computed for the first can be reused for the second.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from runlean.store.db import Store
from runlean.store.log_models import IntakeLogRow, MeasurementLogRow, SleepLogRow, WeightLogRow
from runlean.store.models import ActivityRow, PlanRow, ProfileRow


def data_version(store: Store) -> tuple[Any, ...]:
    """Counts, newest ids and change times of every table a status report reads."""
    parts: list[Any] = []
    with store.session() as s:
        for model in (WeightLogRow, IntakeLogRow, SleepLogRow, MeasurementLogRow):
            parts.extend(s.execute(select(func.count(), func.max(model.logged_at),
                                          func.sum(model.id))).one())
        parts.extend(s.execute(select(
            func.count(), func.max(ActivityRow.id), func.sum(ActivityRow.load),
            func.sum(ActivityRow.energy_kcal), func.max(ActivityRow.imported_at))).one())
        parts.extend(s.execute(select(func.max(PlanRow.id), func.count())
                               .where(PlanRow.is_active.is_(True))).one())
        parts.extend(s.execute(select(func.max(ProfileRow.updated_at))).one())
    return tuple(parts)
