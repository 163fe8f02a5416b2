"""A page of activities: filter, sort, count and page in SQL."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from runlean.store.activities import add_activity_row
from runlean.store.activity_query import activity_page
from runlean.store.db import open_store
from runlean.store.models import ActivityRow
from runlean.store.version import data_version

START = dt.datetime(2024, 5, 1, 7, 0, tzinfo=dt.UTC).replace(tzinfo=None)  # naive UTC column


def _row(i: int, sport: str, start: dt.datetime | None, dist: float | None) -> ActivityRow:
    return ActivityRow(source_file=f"f{i}", source_format="fit", content_sha256=f"{i:064x}",
                       session_index=0, start_utc=start, sport=sport, duration_s=1800.0,
                       distance_m=dist, laps_json=[], warnings_json=[], sanitised_json=[],
                       n_samples=0, imported_at=START, load=10.0 + i)


def test_filter_sort_page(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        v0 = data_version(store)
        with store.transaction() as s:
            for i in range(7):
                add_activity_row(s, _row(i, "cycling" if i % 3 == 0 else "running",
                                         START + dt.timedelta(days=i), 1000.0 * (7 - i)))
            add_activity_row(s, _row(7, "running", None, None))
        assert data_version(store) != v0
        rows, total, sports = activity_page(store, limit=3)
        assert total == 8 and sports == ["cycling", "running"]
        assert [r["source_file"] for r in rows] == ["f6", "f5", "f4"]  # newest first
        assert rows[0]["start_utc"].tzinfo is not None
        rows, total, _ = activity_page(store, sort="distance_m", descending=False, limit=10)
        assert [r["source_file"] for r in rows][-1] == "f7"  # undated/unknown last
        assert rows[0]["distance_m"] == 1000.0
        rows, total, _ = activity_page(store, sport="cycling")
        assert total == 3 and {r["sport"] for r in rows} == {"cycling"}
        since = (START + dt.timedelta(days=2)).replace(tzinfo=dt.UTC)
        until = since + dt.timedelta(days=2)
        rows, total, _ = activity_page(store, since=since, until=until)
        assert total == 2 and [r["source_file"] for r in rows] == ["f3", "f2"]
        rows, total, _ = activity_page(store, limit=3, offset=6)
        assert total == 8 and len(rows) == 2
