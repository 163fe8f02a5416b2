"""Reading and de-duplicating stored activities.

Times come back as timezone-aware UTC datetimes (the columns hold naive UTC).

Duplicate rule (:func:`find_duplicate`), for the same activity exported twice (FIT and GPX of
one ride, a Strava and a Garmin export): an activity duplicates a stored one when

* both have an absolute start time and they are within :data:`START_TOLERANCE_S` (±60 s), and
* they are of the same sport family (:func:`sport_family`: run, ride, swim, walk, ski, ...;
  an unknown sport on either side matches any family, because GPX files often carry none), and
* their elapsed durations differ by at most 5 % of the longer one or 60 s, whichever is larger,
  and
* their distances differ by at most 5 % of the longer one or 100 m, whichever is larger. The
  distance is compared only when both sides have one *from the same kind of source*
  (``device`` distance field vs ``gps`` path length): GPS path length over-counts jitter at
  stops, so a GPX export of a 668 m ride measures 900 m. Otherwise duration alone decides.

Activities without an absolute start time are never matched by fingerprint (only by file hash).
"""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from runlean.domain import FloatArray
from runlean.errors import NotFoundError
from runlean.store import streams as stream_files
from runlean.store.db import Store
from runlean.store.models import ActivityRow, FailedImportRow, ImportedFileRow

START_TOLERANCE_S = 60.0
DURATION_TOLERANCE_FRACTION = 0.05
DURATION_TOLERANCE_S = 60.0
DISTANCE_TOLERANCE_FRACTION = 0.05
DISTANCE_TOLERANCE_M = 100.0

_FAMILIES: dict[str, tuple[str, ...]] = {
    "run": ("run", "jog", "treadmill", "trail", "9"),
    "ride": ("cycl", "bik", "ride", "1", "spin", "virtual_activity", "indoor_cycling"),
    "swim": ("swim",),
    "walk": ("walk", "hik"),
    "ski": ("ski",),
    "row": ("row",),
    "multisport": ("multisport", "transition"),
}


def sport_family(sport: str | None) -> str | None:
    """Family of a sport name (``running`` → ``run``, ``Biking`` → ``ride``, Strava ``1`` → ride).

    Returns ``None`` for an unknown or generic sport.
    """
    if not sport:
        return None
    s = sport.strip().lower()
    for family, keys in _FAMILIES.items():
        for key in keys:
            if (key.isdigit() and s == key) or (not key.isdigit() and key in s):
                return family
    return None


def to_naive_utc(t: dt.datetime | None) -> dt.datetime | None:
    """An aware datetime as naive UTC (``None`` passes through)."""
    if t is None:
        return None
    if t.utcoffset() is None:
        raise ValueError("expected a timezone-aware datetime")
    return t.astimezone(dt.UTC).replace(tzinfo=None)


def to_aware_utc(t: dt.datetime | None) -> dt.datetime | None:
    """A naive-UTC column value as an aware UTC datetime."""
    return None if t is None else t.replace(tzinfo=dt.UTC)


@dataclass(frozen=True)
class Fingerprint:
    """What identifies an activity across formats."""

    start_utc: dt.datetime | None
    sport: str | None
    duration_s: float
    distance_m: float | None
    distance_source: str | None


def _close(a: float, b: float, fraction: float, absolute: float) -> bool:
    return abs(a - b) <= max(fraction * max(abs(a), abs(b)), absolute)


def matches(a: Fingerprint, b: Fingerprint) -> bool:
    """True when ``a`` and ``b`` are the same activity under the documented tolerance."""
    if a.start_utc is None or b.start_utc is None:
        return False
    if abs((a.start_utc - b.start_utc).total_seconds()) > START_TOLERANCE_S:
        return False
    fa, fb = sport_family(a.sport), sport_family(b.sport)
    if fa is not None and fb is not None and fa != fb:
        return False
    if not _close(a.duration_s, b.duration_s, DURATION_TOLERANCE_FRACTION, DURATION_TOLERANCE_S):
        return False
    if (a.distance_m is not None and b.distance_m is not None
            and a.distance_source == b.distance_source):
        return _close(a.distance_m, b.distance_m, DISTANCE_TOLERANCE_FRACTION,
                      DISTANCE_TOLERANCE_M)
    return True


def fingerprint_of(row: ActivityRow) -> Fingerprint:
    return Fingerprint(to_aware_utc(row.start_utc), row.sport, row.duration_s, row.distance_m,
                       row.distance_source)


def find_duplicate(session: Session, fp: Fingerprint) -> ActivityRow | None:
    """The stored activity that ``fp`` duplicates, if any (see the module docstring)."""
    return DuplicateIndex.load(session, [fp]).find(fp)


#: Columns shown by ``runlean activities`` (in this order).
LIST_COLUMNS = (
    "id", "start_utc", "timezone", "sport", "sub_sport", "duration_s", "moving_time_s",
    "distance_m", "ascent_m", "avg_hr_bpm", "max_hr_bpm", "energy_kcal", "energy_method",
    "device_energy_kcal", "load", "load_method", "source_file",
)


def row_to_dict(row: ActivityRow) -> dict[str, Any]:
    """Every column of ``row``; ``start_utc`` as an aware UTC datetime."""
    out = {c.key: getattr(row, c.key) for c in ActivityRow.__table__.columns}
    out["start_utc"] = to_aware_utc(row.start_utc)
    out["imported_at"] = to_aware_utc(row.imported_at)
    return out


def list_activities(store: Store, *, since: dt.datetime | None = None) -> list[dict[str, Any]]:
    """Stored activities ordered by start time (undated ones last) as dicts of columns.

    ``since`` (aware) keeps activities starting at or after it.
    """
    query = select(ActivityRow)
    if since is not None:
        query = query.where(ActivityRow.start_utc >= to_naive_utc(since))
    with store.session() as session:
        rows = session.scalars(query.order_by(ActivityRow.start_utc.is_(None),
                                              ActivityRow.start_utc, ActivityRow.id)).all()
        return [row_to_dict(r) for r in rows]


def get_activity(store: Store, activity_id: int) -> dict[str, Any]:
    """One stored activity as a dict of columns; :class:`NotFoundError` if absent."""
    with store.session() as session:
        row = session.get(ActivityRow, activity_id)
        if row is None:
            raise NotFoundError(f"no activity with id {activity_id} (see 'runlean activities')")
        return row_to_dict(row)


def update_activity(store: Store, activity_id: int, **fields: Any) -> dict[str, Any]:
    """Set columns of one stored activity in one transaction; returns the updated row.

    Raises :class:`NotFoundError` if absent and ``ValueError`` for an unknown column.
    """
    columns = {c.key for c in ActivityRow.__table__.columns} - {"id"}
    unknown = sorted(set(fields) - columns)
    if unknown:
        raise ValueError(f"unknown activity columns: {', '.join(unknown)}")
    with store.session() as session:
        row = session.get(ActivityRow, activity_id)
        if row is None:
            raise NotFoundError(f"no activity with id {activity_id} (see 'runlean activities')")
        for key, value in fields.items():
            setattr(row, key, value)
        session.commit()
        return row_to_dict(row)


def delete_activity(store: Store, activity_id: int) -> dict[str, Any]:
    """Delete one stored activity: its row in one transaction, then (after the commit) its
    stream file. Returns the deleted row (as :func:`get_activity` shows it).

    Its source file stays recorded as imported (with one activity fewer), so importing the
    same folder again does not bring the activity back; undoing the file's import batch
    (:func:`runlean.store.batches.undo_batch`) forgets the file. A crash between the commit
    and the file removal leaves a stream file without a row, which the next start removes.

    Raises :class:`NotFoundError` when there is no such activity.
    """
    from runlean.store.batches import remove_streams

    with store.transaction() as session:
        row = session.get(ActivityRow, activity_id)
        if row is None:
            raise NotFoundError(f"no activity with id {activity_id} (see 'runlean activities')")
        deleted = row_to_dict(row)
        source = imported_file_by_sha(session, row.content_sha256)
        if source is not None and source.n_activities > 0:
            source.n_activities -= 1
        session.delete(row)
    if deleted["stream_path"]:
        remove_streams(store, [deleted["stream_path"]])
    return deleted


def load_streams(store: Store, activity_id: int) -> dict[str, FloatArray]:
    """The per-sample streams of a stored activity (float64 arrays keyed by stream name)."""
    row = get_activity(store, activity_id)
    if row["stream_path"] is None:
        return {}
    path = store.stream_file(row["stream_path"])
    if not path.is_file():
        raise NotFoundError(f"the stream file of activity {activity_id} is missing: {path}")
    return stream_files.read(path)


def list_failed_imports(store: Store) -> list[dict[str, Any]]:
    """Recorded failed imports, newest first: source_name, sha256, reason, at (aware UTC)."""
    with store.session() as session:
        rows = session.scalars(select(FailedImportRow).order_by(FailedImportRow.id.desc()))
        return [{"source_name": r.source_name, "sha256": r.sha256, "reason": r.reason,
                 "at": to_aware_utc(r.at)} for r in rows]


# --- writes of the import (each takes the caller's session: the caller owns the transaction) --


def imported_file_by_sha(session: Session, sha: str) -> ImportedFileRow | None:
    """The ``imported_files`` row of a source with this SHA-256, if it was imported before."""
    return session.scalars(select(ImportedFileRow).where(ImportedFileRow.sha256 == sha)).first()


def add_imported_file(session: Session, sha: str, name: str, n_activities: int,
                      imported_at: dt.datetime, batch_id: int | None = None) -> None:
    """Record a source file as imported (naive UTC ``imported_at``) by import ``batch_id``."""
    session.add(ImportedFileRow(sha256=sha, name=name, imported_at=imported_at,
                                n_activities=n_activities, batch_id=batch_id))


def imported_file_name(store: Store, sha: str) -> str | None:
    """Name of the stored file with these bytes' SHA-256, if one was imported."""
    with store.session() as session:
        row = imported_file_by_sha(session, sha)
        return None if row is None else row.name


def _describe(row: ActivityRow) -> str:
    return f"activity {row.id} ({row.source_file})"


class DuplicateIndex:
    """Stored activities near some start times, indexed by start, to match many fingerprints
    with one query (a file of thousands of sessions must not cost a query each).

    :meth:`load` reads every stored activity starting within :data:`START_TOLERANCE_S` of
    the span of the given fingerprints; :meth:`find` applies :func:`matches`; :meth:`add`
    registers a row being inserted, so that a later activity of the same file that matches
    it is a duplicate too.
    """

    def __init__(self) -> None:
        self._starts: list[dt.datetime] = []
        self._rows: list[tuple[Fingerprint, ActivityRow]] = []

    @classmethod
    def load(cls, session: Session, fingerprints: list[Fingerprint]) -> DuplicateIndex:
        index = cls()
        starts = [t for t in (to_naive_utc(fp.start_utc) for fp in fingerprints)
                  if t is not None]
        if starts:
            window = dt.timedelta(seconds=START_TOLERANCE_S)
            for row in session.scalars(select(ActivityRow).where(
                    ActivityRow.start_utc >= min(starts) - window,
                    ActivityRow.start_utc <= max(starts) + window).order_by(ActivityRow.id)):
                index.add(fingerprint_of(row), row)
        return index

    def add(self, fp: Fingerprint, row: ActivityRow) -> None:
        start = to_naive_utc(fp.start_utc)
        if start is None:  # never matched by fingerprint
            return
        at = bisect.bisect_right(self._starts, start)
        self._starts.insert(at, start)
        self._rows.insert(at, (fp, row))

    def find(self, fp: Fingerprint) -> ActivityRow | None:
        """The first (lowest id) stored activity ``fp`` duplicates, if any."""
        start = to_naive_utc(fp.start_utc)
        if start is None:
            return None
        window = dt.timedelta(seconds=START_TOLERANCE_S)
        lo = bisect.bisect_left(self._starts, start - window)
        hi = bisect.bisect_right(self._starts, start + window)
        found = [row for other, row in self._rows[lo:hi] if matches(fp, other)]
        return min(found, key=lambda r: (r.id is None, r.id or 0)) if found else None


def stored_duplicates(store: Store, fingerprints: list[Fingerprint]) -> list[str | None]:
    """For each fingerprint, the stored activity it duplicates (``"activity <id> (<file>)"``)
    or None. A read outside any write transaction: :func:`store_source` checks again."""
    with store.session() as session:
        index = DuplicateIndex.load(session, fingerprints)
        out = []
        for fp in fingerprints:
            dup = index.find(fp)
            out.append(None if dup is None else _describe(dup))
        return out


@dataclass
class PendingActivity:
    """An analysed activity ready to be inserted (its stream file, if any, already written
    under a temporary name and named in ``row.stream_path``)."""

    index: int
    row: ActivityRow
    fingerprint: Fingerprint


@dataclass
class StoredSource:
    """What :func:`store_source` wrote for one source file."""

    #: Name of the earlier file with the same bytes, when another import stored it first
    #: (then nothing was written).
    file_duplicate_of: str | None = None
    #: ``(index, activity id)`` of each activity stored.
    stored: list[tuple[int, int]] = field(default_factory=list)
    #: ``(index, "activity <id> (<file>)")`` of each activity found already stored.
    duplicates: list[tuple[int, str]] = field(default_factory=list)


def store_source(store: Store, sha: str, name: str, pending: list[PendingActivity],
                 batch_id: int | None) -> StoredSource:
    """Insert one source file's activities and its ``imported_files`` row in ONE short write
    transaction (the analysis and the stream files are done before it).

    Inside the transaction the file's SHA-256 and every activity's fingerprint are checked
    again: another import may have stored them since the caller looked. A file stored
    meanwhile (found here, or raising the unique constraint on its SHA-256) is a duplicate,
    not a failure.
    """
    result = StoredSource()
    try:
        with store.transaction() as session:
            seen = imported_file_by_sha(session, sha)
            if seen is not None:
                return StoredSource(file_duplicate_of=seen.name)
            index = DuplicateIndex.load(session, [item.fingerprint for item in pending])
            stored: list[PendingActivity] = []
            duplicates: list[tuple[int, ActivityRow]] = []
            for item in pending:
                dup = index.find(item.fingerprint)
                if dup is not None:
                    duplicates.append((item.index, dup))
                    continue
                item.row.batch_id = batch_id
                session.add(item.row)
                index.add(item.fingerprint, item.row)
                stored.append(item)
            session.flush()  # one batch of INSERTs; the rows get their ids
            result.stored = [(item.index, item.row.id) for item in stored]
            result.duplicates = [(i, _describe(row)) for i, row in duplicates]
            add_imported_file(session, sha, name, len(stored),
                              dt.datetime.now(dt.UTC).replace(tzinfo=None), batch_id)
    except IntegrityError:
        earlier = imported_file_name(store, sha)
        if earlier is None:
            raise
        return StoredSource(file_duplicate_of=earlier)
    return result


def replace_failed_import(session: Session, name: str, sha: str | None, reason: str,
                          at: dt.datetime) -> None:
    """Record a failed import of ``name``, replacing earlier failures of that source name.

    The reason is cut to 2000 characters; ``at`` is naive UTC.
    """
    session.execute(delete(FailedImportRow).where(FailedImportRow.source_name == name))
    session.add(FailedImportRow(source_name=name, sha256=sha, reason=reason[:2000], at=at))


def _failure_condition(name: str, sha: str | None) -> Any:
    cond: Any = FailedImportRow.source_name == name
    if sha is not None:
        cond = or_(cond, FailedImportRow.sha256 == sha)
    return cond


def has_failed_imports(store: Store, name: str, sha: str | None) -> bool:
    """Whether failures are recorded with this source name or these bytes' SHA-256 (a read,
    so that the common case, nothing to forget, takes no write lock)."""
    with store.session() as session:
        return session.scalars(select(FailedImportRow.id)
                               .where(_failure_condition(name, sha)).limit(1)).first() is not None


def delete_failed_imports(session: Session, name: str, sha: str | None) -> int:
    """Delete recorded failures with this source name or (when given) these bytes' SHA-256.

    Returns how many rows were deleted.
    """
    result = session.execute(delete(FailedImportRow).where(_failure_condition(name, sha)))
    return int(getattr(result, "rowcount", 0) or 0)
