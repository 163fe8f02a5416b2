"""A way out: delete one activity, or undo a whole import (rows and streams together)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, text

from runlean.errors import NotFoundError
from runlean.store import streams as stream_files
from runlean.store.activities import delete_activity, get_activity, list_activities
from runlean.store.batches import list_batches, undo_batch
from runlean.store.db import create_db_engine, migrate, open_store
from runlean.store.models import ImportedFileRow
from runlean.tracking.importing import import_paths

from .synthetic_files import fit_bytes, write_fit_folder
from .test_concurrency import assert_store_invariants


def _stream_names(data: Path) -> set[str]:
    return {p.name for p in (data / "streams").iterdir()}


def test_each_import_is_a_batch_that_can_be_undone(tmp_path: Path) -> None:
    data = tmp_path / "data"
    first = write_fit_folder(tmp_path / "a", 3)
    second = write_fit_folder(tmp_path / "b", 2, first_day=10)
    multi = tmp_path / "b" / "multi.fit"
    multi.write_bytes(fit_bytes(20, sessions=3))
    with open_store(data) as store:
        ra = import_paths([tmp_path / "a"], store)
        rb = import_paths([tmp_path / "b"], store)
        assert ra.batch_id is not None and rb.batch_id is not None
        assert ra.batch_id != rb.batch_id
        batches = list_batches(store)
        assert [b["id"] for b in batches] == [rb.batch_id, ra.batch_id]  # newest first
        assert [b["n_activities"] for b in batches] == [5, 3]
        assert [b["n_files"] for b in batches] == [3, 3]
        assert batches[1]["sources"] == [str(tmp_path / "a")]
        assert all(isinstance(b["started_at"], dt.datetime) and b["finished_at"] is not None
                   for b in batches)
        a_streams = {get_activity(store, i.activity_id)["stream_path"] for i in ra.imported}
        assert a_streams <= _stream_names(data)

        undone = undo_batch(store, ra.batch_id)
        assert undone.activities == 3 and undone.files == 3 and undone.streams_removed == 3
        assert not a_streams & _stream_names(data)
        assert len(list_activities(store)) == 5
        assert [b["id"] for b in list_batches(store)] == [rb.batch_id]
        with store.session() as s:
            names = set(s.scalars(select(ImportedFileRow.name)))
        assert names == {str(p) for p in [*second, multi]}
        with pytest.raises(NotFoundError, match="no import batch"):
            undo_batch(store, ra.batch_id)
    assert_store_invariants(data)
    with open_store(data) as store:  # undone means forgotten: the files import again
        again = import_paths(list(first), store)
        assert len(again.imported) == 3 and not again.duplicates
        undo_batch(store, rb.batch_id)
        assert {r["source_file"] for r in list_activities(store)} == {str(p) for p in first}
    assert_store_invariants(data)


def test_delete_one_activity_removes_its_row_and_stream(tmp_path: Path) -> None:
    data = tmp_path / "data"
    path = tmp_path / "multi.fit"
    path.write_bytes(fit_bytes(0, sessions=3))
    with open_store(data) as store:
        report = import_paths([path], store)
        victim = report.imported[1].activity_id
        stream = get_activity(store, victim)["stream_path"]
        deleted = delete_activity(store, victim)
        assert deleted["id"] == victim
        assert stream not in _stream_names(data)
        assert len(_stream_names(data)) == 2
        with pytest.raises(NotFoundError):
            get_activity(store, victim)
        with pytest.raises(NotFoundError, match="no activity with id"):
            delete_activity(store, victim)
        # The file stays known (a folder imported again does not bring the activity back).
        again = import_paths([path], store)
        assert not again.imported and [d.kind for d in again.duplicates] == ["file"]
        (batch,) = list_batches(store)
        assert batch["n_activities"] == 2
    assert_store_invariants(data)


def test_a_crash_between_commit_and_file_removal_leaves_orphans_recovery_removes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = tmp_path / "data"
    write_fit_folder(tmp_path / "in", 3)
    with open_store(data) as store:
        batch = import_paths([tmp_path / "in"], store).batch_id
        assert batch is not None

        def crash(path: Path) -> None:
            raise KeyboardInterrupt  # the process dies right after the commit

        monkeypatch.setattr(stream_files, "remove", crash)
        with pytest.raises(KeyboardInterrupt):
            undo_batch(store, batch)
        monkeypatch.undo()
        assert list_activities(store) == []
        assert len(_stream_names(data)) == 3  # orphans, for now
    open_store(data).close()
    assert _stream_names(data) == set()
    assert_store_invariants(data)


def test_a_failed_delete_changes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                         ) -> None:
    from runlean.store import batches

    data = tmp_path / "data"
    write_fit_folder(tmp_path / "in", 2)
    with open_store(data) as store:
        batch = import_paths([tmp_path / "in"], store).batch_id
        assert batch is not None
        real = batches.delete_batch_rows

        def fail_after_delete(session: Any, batch_id: int) -> Any:
            real(session, batch_id)
            raise RuntimeError("the database went away")

        monkeypatch.setattr(batches, "delete_batch_rows", fail_after_delete)
        with pytest.raises(RuntimeError):
            undo_batch(store, batch)
        assert len(list_activities(store)) == 2
        assert len(_stream_names(data)) == 2
    assert_store_invariants(data)


def test_an_older_database_is_migrated_and_its_activities_can_be_deleted(tmp_path: Path
                                                                         ) -> None:
    data = tmp_path / "data"
    data.mkdir()
    engine = create_db_engine(f"sqlite:///{data / 'runlean.db'}")
    migrate(engine, "0002_logs")
    with engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO activities (source_file, source_format, content_sha256, session_index,"
            " sport, duration_s, laps_json, warnings_json, sanitised_json, n_samples,"
            " imported_at) VALUES ('old.fit', 'fit', :sha, 0, 'running', 600, '[]', '[]',"
            " '[]', 0, '2024-01-01 00:00:00')"), {"sha": "0" * 64})
    engine.dispose()
    with open_store(data) as store:
        (row,) = list_activities(store)
        assert row["batch_id"] is None
        assert list_batches(store) == []
        delete_activity(store, row["id"])
        assert list_activities(store) == []


def test_ids_of_deleted_batches_and_activities_are_never_reused(tmp_path: Path) -> None:
    data = tmp_path / "data"
    write_fit_folder(tmp_path / "in", 2)
    with open_store(data) as store:
        first = import_paths([tmp_path / "in"], store)
        assert first.batch_id is not None
        old_ids = {i.activity_id for i in first.imported}
        undo_batch(store, first.batch_id)
        second = import_paths([tmp_path / "in"], store)
        assert second.batch_id is not None and second.batch_id > first.batch_id
        assert min(i.activity_id for i in second.imported) > max(old_ids)
