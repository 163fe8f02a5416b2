"""Writing daily logs as CSV in runlean's generic log format (see :mod:`runlean.io.csv_logs`)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Mapping

#: Columns of an export, in order (a subset of :data:`runlean.io.csv_logs.GENERIC_COLUMNS`).
EXPORT_COLUMNS = ("date", "weight_kg", "body_fat_pct", "intake_kcal", "protein_g", "carbs_g",
                  "fat_g", "sleep_h", "waist_cm", "neck_cm", "hip_cm")


def generic_log_csv(by_date: Mapping[dt.date, Mapping[str, float | None]]) -> str:
    """CSV text: one row per date (oldest first), empty cells for values not logged.

    Parameters
    ----------
    by_date
        date -> {generic column name (``weight_kg``, ``intake_kcal``, ...): value}.
    """
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(EXPORT_COLUMNS)
    for date in sorted(by_date):
        values = by_date[date]
        unknown = set(values) - set(EXPORT_COLUMNS)
        if unknown:
            raise ValueError(f"unknown log columns: {', '.join(sorted(unknown))}")
        writer.writerow([date.isoformat()] + [
            "" if values.get(c) is None else repr(float(values[c]))  # type: ignore[arg-type]
            for c in EXPORT_COLUMNS[1:]])
    return buf.getvalue()
