"""Import bookkeeping queries of runlean.store.activities (no activity files needed)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from runlean.store import activities as act
from runlean.store.db import open_store

AT = dt.datetime(2024, 5, 1, 12, 0, tzinfo=dt.UTC).replace(tzinfo=None)  # naive UTC column


def test_failed_imports_replace_by_name_and_clear_by_name_or_sha(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        with store.transaction() as s:
            act.replace_failed_import(s, "a.fit", "aa", "bad header", AT)
            act.replace_failed_import(s, "a.fit", "aa", "x" * 3000, AT)  # replaces, cut
            act.replace_failed_import(s, "b.fit", "bb", "truncated", AT)
        rows = act.list_failed_imports(store)
        assert sorted(r["source_name"] for r in rows) == ["a.fit", "b.fit"]
        assert max(len(r["reason"]) for r in rows) == 2000
        with store.transaction() as s:
            assert act.delete_failed_imports(s, "renamed.fit", "bb") == 1  # same bytes
            assert act.delete_failed_imports(s, "c.fit", None) == 0
            assert act.delete_failed_imports(s, "a.fit", None) == 1
        assert act.list_failed_imports(store) == []


def test_imported_file_lookup(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        with store.transaction() as s:
            assert act.imported_file_by_sha(s, "ff") is None
            act.add_imported_file(s, "ff", "ride.gpx", 2, AT)
        with store.session() as s:
            row = act.imported_file_by_sha(s, "ff")
            assert row is not None and (row.name, row.n_activities) == ("ride.gpx", 2)
