"""The same store code on PostgreSQL: only the URL changes.

Runs when ``RUNLEAN_TEST_PG_URL`` names a PostgreSQL database the tests may wipe (``.ci/run``
starts a local server and sets it); skipped otherwise.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from runlean.domain import Habits, Person
from runlean.store.activities import list_activities, load_streams
from runlean.store.db import Store, open_store
from runlean.store.profile import load_active_plan, load_profile, save_plan, save_profile
from runlean.tracking.importing import import_paths
from runlean.tracking.logs import log_weight, weights

PG_URL = os.environ.get("RUNLEAN_TEST_PG_URL")

pytestmark = pytest.mark.skipif(
    not PG_URL, reason="RUNLEAN_TEST_PG_URL is not set (no PostgreSQL server to test on)")


@pytest.fixture
def pg_store(tmp_path: Path) -> Iterator[Store]:
    assert PG_URL is not None
    engine = create_engine(PG_URL)
    with engine.begin() as conn:  # start from an empty schema every time
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    store = open_store(tmp_path / "data", url=PG_URL)
    try:
        yield store
    finally:
        store.close()


def test_profile_plan_and_logs_round_trip(pg_store: Store) -> None:
    person = Person(sex="female", age_years=35, height_cm=165, weight_kg=80,
                    timezone="Europe/Paris")
    save_profile(pg_store, person, Habits(pal=1.5))
    loaded = load_profile(pg_store)
    assert loaded is not None
    assert loaded[0] == person
    assert loaded[1].pal == 1.5
    save_plan(pg_store, {"sessions": [{"uid": "a", "date": "2026-12-01"}]}, goal="weight_kg 72")
    plan = load_active_plan(pg_store)
    assert plan is not None
    assert plan["sessions"][0]["uid"] == "a"
    day = dt.date(2026, 11, 1)
    log_weight(pg_store, day, 80.0, today=dt.date(2026, 11, 29))
    again = log_weight(pg_store, day, 79.5, today=dt.date(2026, 11, 29))
    assert again.replaced
    assert weights(pg_store) == [(day, 79.5)]


def test_import_is_idempotent_and_dedupes_across_formats(pg_store: Store, activities_dir: Path,
                                                         tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    for name in ("fit/garmin_edge1000_ride_tiny.fit", "gpx/garmin_connect_ride_tiny.gpx",
                 "tcx/garmin_edge1000_ride_tiny.tcx", "fit/garmin_fr645m_run_hr.fit"):
        shutil.copy(activities_dir / name, src / Path(name).name)
    first = import_paths([src], pg_store)
    assert len(first.imported) == 2  # the ride (three formats) once, and the run
    assert len(first.duplicates) == 2
    assert first.failed == []
    second = import_paths([src], pg_store)
    assert second.imported == []
    assert len(second.duplicates) == 4
    rows = list_activities(pg_store)
    assert len(rows) == 2
    for row in rows:
        start = row["start_utc"]
        assert start.utcoffset() == dt.timedelta(0)
        streams = load_streams(pg_store, row["id"])
        assert len(streams["time_s"]) > 0


def test_batches_undo_delete_and_log_csv_on_postgresql(pg_store: Store, tmp_path: Path
                                                       ) -> None:
    from runlean.store.activities import delete_activity
    from runlean.store.batches import list_batches, undo_batch
    from runlean.tracking.logs import import_log_csv

    from .synthetic_files import fit_bytes, write_fit_folder

    write_fit_folder(tmp_path / "a", 3)
    (tmp_path / "multi.fit").write_bytes(fit_bytes(30, sessions=2))
    first = import_paths([tmp_path / "a"], pg_store)
    second = import_paths([tmp_path / "multi.fit"], pg_store)
    assert first.batch_id is not None and second.batch_id is not None
    assert [b["n_activities"] for b in list_batches(pg_store)] == [2, 3]
    undone = undo_batch(pg_store, first.batch_id)
    assert (undone.activities, undone.files, undone.streams_removed) == (3, 3, 3)
    (victim, kept) = [i.activity_id for i in second.imported]
    delete_activity(pg_store, victim)
    assert [r["id"] for r in list_activities(pg_store)] == [kept]
    streams = {p.name for p in pg_store.streams_dir.iterdir()}
    assert streams == {list_activities(pg_store)[0]["stream_path"]}
    again = import_paths([tmp_path / "a"], pg_store)  # undone files import again, new ids
    assert len(again.imported) == 3
    assert again.batch_id is not None and again.batch_id > second.batch_id
    assert min(i.activity_id for i in again.imported) > victim
    csv_path = tmp_path / "w.csv"
    start = dt.date(2020, 1, 1)
    csv_path.write_text("date,weight_kg\n" + "".join(
        f"{start + dt.timedelta(days=i)},{80 - i / 100}\n" for i in range(500)))
    assert import_log_csv(pg_store, csv_path).new == {"weight": 500}
    assert import_log_csv(pg_store, csv_path).replaced == {"weight": 500}
    assert len(weights(pg_store)) == 500
