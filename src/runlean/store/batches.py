"""Import batches: each run of an import is one batch, which can be listed and undone.

:func:`start_batch` records a batch when an import starts; every activity and imported-file
row the import writes names it (``batch_id``). :func:`undo_batch` deletes the batch's
activities and imported-file records in ONE transaction and then, after the commit, their
stream files: a crash in between leaves stream files without rows, which
:meth:`runlean.store.db.Store.recover_streams` removes at the next start. Files of an undone
batch are forgotten, so importing them again stores them again.

Log values from CSV files imported in the same run are not part of a batch (a log replaces the
value of its date, and the earlier value is not kept): undo does not change them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from runlean.errors import NotFoundError
from runlean.store import streams as stream_files
from runlean.store.db import Store
from runlean.store.models import ActivityRow, ImportBatchRow, ImportedFileRow


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def _aware(t: dt.datetime | None) -> dt.datetime | None:
    return None if t is None else t.replace(tzinfo=dt.UTC)


def start_batch(store: Store, sources: list[str]) -> int:
    """Record the start of an import of ``sources``; returns the new batch id."""
    with store.transaction() as session:
        row = ImportBatchRow(started_at=_now(), sources_json=list(sources), n_files=0)
        session.add(row)
        session.flush()
        return row.id


def finish_batch(store: Store, batch_id: int, n_files: int) -> bool:
    """Record the end of an import. A batch that stored nothing (no activity, no file
    record: every source failed, or only log CSVs) is removed instead.

    Returns whether the batch is kept.
    """
    with store.transaction() as session:
        row = session.get(ImportBatchRow, batch_id)
        if row is None:
            return False
        used = any(session.scalar(select(func.count()).select_from(model)
                                  .where(model.batch_id == batch_id))
                   for model in (ActivityRow, ImportedFileRow))
        if not used:
            session.delete(row)
            return False
        row.finished_at = _now()
        row.n_files = n_files
        return True


def list_batches(store: Store) -> list[dict[str, Any]]:
    """Import batches, newest first: ``id``, ``started_at`` and ``finished_at`` (aware UTC;
    ``finished_at`` is None while the import runs or when it was interrupted), ``sources``
    (the paths given), ``n_files`` (files seen) and ``n_activities`` (activities stored and
    still there)."""
    with store.session() as session:
        counts: dict[int, int] = {}
        for batch_id, count in session.execute(
                select(ActivityRow.batch_id, func.count())
                .where(ActivityRow.batch_id.is_not(None)).group_by(ActivityRow.batch_id)):
            if batch_id is not None:
                counts[int(batch_id)] = int(count)
        rows = session.scalars(select(ImportBatchRow).order_by(ImportBatchRow.id.desc()))
        return [{"id": r.id, "started_at": _aware(r.started_at),
                 "finished_at": _aware(r.finished_at), "sources": list(r.sources_json),
                 "n_files": r.n_files, "n_activities": int(counts.get(r.id, 0))}
                for r in rows]


def delete_batch_rows(session: Session, batch_id: int) -> tuple[list[str], int, int]:
    """Delete the batch's activities, imported-file records and the batch itself in the
    caller's transaction.

    Returns
    -------
    (stream_paths, n_activities, n_files)
        Stream files to remove once the transaction has committed, and the counts deleted.
    """
    streams = [p for p in session.scalars(select(ActivityRow.stream_path).where(
        ActivityRow.batch_id == batch_id, ActivityRow.stream_path.is_not(None))) if p]
    n_activities = session.execute(delete(ActivityRow).where(ActivityRow.batch_id == batch_id))
    n_files = session.execute(delete(ImportedFileRow)
                              .where(ImportedFileRow.batch_id == batch_id))
    session.execute(delete(ImportBatchRow).where(ImportBatchRow.id == batch_id))
    return (streams, int(getattr(n_activities, "rowcount", 0) or 0),
            int(getattr(n_files, "rowcount", 0) or 0))


def remove_streams(store: Store, names: list[str]) -> int:
    """Remove the stream files of deleted rows (after the commit); returns how many there
    were. Names that are not runlean stream names are left alone."""
    removed = 0
    for name in names:
        if stream_files.runlean_stream_name(name) != "final":
            continue
        path = store.stream_file(name)
        if path.is_file():
            removed += 1
        stream_files.remove(path)
    return removed


@dataclass(frozen=True)
class UndoResult:
    """What :func:`undo_batch` removed."""

    batch_id: int
    #: Activities deleted.
    activities: int
    #: Imported-file records deleted (those files can be imported again).
    files: int
    #: Stream files removed.
    streams_removed: int


def describe_batch(store: Store, batch_id: int) -> dict[str, Any]:
    """The batch as :func:`list_batches` shows it; :class:`NotFoundError` if absent."""
    for batch in list_batches(store):
        if batch["id"] == batch_id:
            return batch
    raise NotFoundError(f"no import batch {batch_id} (see 'runlean import --batches')")


def undo_batch(store: Store, batch_id: int) -> UndoResult:
    """Delete everything import batch ``batch_id`` stored: its activities, their stream files
    and its imported-file records (see the module docstring for the order and for crashes).

    Raises :class:`NotFoundError` when there is no such batch.
    """
    with store.transaction() as session:
        if session.get(ImportBatchRow, batch_id) is None:
            raise NotFoundError(f"no import batch {batch_id} (see 'runlean import --batches')")
        streams, n_activities, n_files = delete_batch_rows(session, batch_id)
    removed = remove_streams(store, streams)
    return UndoResult(batch_id, n_activities, n_files, removed)
