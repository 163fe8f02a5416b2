"""Importing activity files into the store: one transaction per source file.

:func:`import_paths` walks files, folders and archives (``runlean.io.archives``), and hands each
source to the handler registered for its suffix in :data:`HANDLERS` (FIT/GPX/TCX go to
:func:`import_activity_source`; other file kinds, e.g. CSV logs, register their own handler).

For each source file:

1. its SHA-256 is looked up in ``imported_files``: a file imported before is skipped and
   reported as a duplicate of that earlier file;
2. the file is read (and sanitised) by :func:`runlean.io.read_activity_file`; every activity in
   it is summarised (:func:`runlean.io.metrics.summarise`), checked against stored activities
   by fingerprint (:mod:`runlean.store.activities` documents the tolerance), given runlean's
   energy and load estimates (:mod:`runlean.tracking.energy`) and matched to a planned session;
3. the stream of every activity not already stored is written to a Parquet file under a
   temporary name, outside any database transaction (analysis and file writing can take long
   and must not hold the database's write lock);
4. everything for that file (activity rows, the ``imported_files`` row) is written in ONE
   short database transaction, which checks the file and the fingerprints again (another
   import may have stored them meanwhile: that is a duplicate, not a failure). The stream
   files are renamed only after the commit, every one of them even if one fails; on any
   exception the transaction rolls back, the temporary files are deleted, the failure is
   recorded in ``failed_imports`` with its reason, and the bulk import goes on with the next
   file.

A storage failure (a full disk, a database that cannot be written) is not the file's fault:
it stops the whole import with one :class:`~runlean.errors.StoreError` line, keeping what
earlier files stored.

Each run of :func:`import_paths` is an import batch (:mod:`runlean.store.batches`): its
activities and file records name it, the report gives its id, and
``runlean import --undo BATCH`` removes it. While it runs, the import holds the data
directory's lock shared (:mod:`runlean.store.lock`), so that no other command tidies its
temporary stream files away.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from runlean.domain import Activity, Habits, Person
from runlean.errors import RunleanError, StoreError
from runlean.store import streams as stream_files
from runlean.store.activities import (
    Fingerprint,
    PendingActivity,
    delete_failed_imports,
    has_failed_imports,
    imported_file_name,
    replace_failed_import,
    sport_family,
    store_source,
    stored_duplicates,
    to_naive_utc,
)
from runlean.store.batches import finish_batch, start_batch
from runlean.store.db import Store
from runlean.store.models import ActivityRow
from runlean.store.profile import load_active_plan, load_profile, utc_now_naive


@dataclass(frozen=True)
class ImportedItem:
    """An activity stored by the import."""

    activity_id: int
    source: str
    session_index: int
    start_utc: dt.datetime | None
    sport: str


@dataclass(frozen=True)
class DuplicateItem:
    """A source (or one activity in it) skipped because it is already stored.

    ``kind`` is ``"file"`` (same bytes, by SHA-256) or ``"activity"`` (same activity by
    fingerprint); ``duplicate_of`` names the earlier file, or the stored activity
    (``"activity <id> (<source file>)"``).
    """

    source: str
    kind: str
    duplicate_of: str
    session_index: int | None = None


@dataclass(frozen=True)
class FailedItem:
    """A source that could not be imported (nothing of it was stored)."""

    source: str
    reason: str


@dataclass
class ImportReport:
    """What :func:`import_paths` did."""

    imported: list[ImportedItem] = field(default_factory=list)
    duplicates: list[DuplicateItem] = field(default_factory=list)
    failed: list[FailedItem] = field(default_factory=list)
    #: Number of source files seen.
    files: int = 0
    #: Log CSVs imported (weight, intake, sleep, tape), one summary line each.
    logs: list[str] = field(default_factory=list)
    #: Problems that did not stop a file (e.g. a stream file gone after the commit).
    warnings: list[str] = field(default_factory=list)
    #: The import batch (``runlean import --undo``); None when nothing was stored.
    batch_id: int | None = None

    def merge(self, other: ImportReport) -> None:
        self.imported.extend(other.imported)
        self.duplicates.extend(other.duplicates)
        self.failed.extend(other.failed)
        self.logs.extend(other.logs)
        self.warnings.extend(other.warnings)


@dataclass
class ImportContext:
    """What every handler receives besides the source."""

    store: Store
    person: Person | None
    habits: Habits | None
    plan: dict[str, Any] | None
    default_timezone: str
    #: The import batch the rows written belong to.
    batch_id: int | None = None
    #: The source being imported (named when a storage failure stops the import).
    current_source: str | None = None
    #: Sources handed to :func:`import_source` so far.
    sources_done: int = 0
    #: Activities stored so far.
    stored: int = 0


class Handler(Protocol):
    """Imports one source (already read into memory) and returns its part of the report."""

    def __call__(self, ctx: ImportContext, name: str, data: bytes) -> ImportReport: ...


#: Import handlers by lower-case file suffix (after any ``.gz`` was removed by the archive
#: walker). Other services add theirs here, e.g. ``HANDLERS[".csv"] = import_log_csv``.
HANDLERS: dict[str, Handler] = {}

#: ``progress(files_done, name)`` is called after each source file.
ProgressCallback = Callable[[int, str], None]


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def record_failure(store: Store, name: str, sha: str | None, reason: str) -> None:
    """Record a failed import in its own transaction, replacing earlier failures of the same
    source name: ``runlean import --failed`` shows each failing file once, latest reason.
    """
    with store.transaction() as session:
        replace_failed_import(session, name, sha, reason, utc_now_naive())


def clear_failures(store: Store, name: str, sha: str | None) -> int:
    """Forget recorded failures of a source that has now been imported (or is recognised as
    already imported): same name, or same bytes. Returns how many were removed."""
    if not has_failed_imports(store, name, sha):
        return 0
    with store.transaction() as session:
        return delete_failed_imports(session, name, sha)


def _planned_session_uid(plan: dict[str, Any] | None, activity: Activity) -> str | None:
    """UID of the active plan's session on the activity's local date, of the same sport family.

    Plan sessions are ``{"uid", "date" (ISO local date), "sport", ...}``. Rest days and
    sessions of another family do not match; the first matching session wins.
    """
    if not plan or activity.start_utc is None:
        return None
    zone = ZoneInfo(activity.timezone) if activity.timezone else None
    local = activity.start_utc.astimezone(zone) if zone else activity.start_utc
    if zone is None and activity.utc_offset_s is not None:
        local = activity.start_utc.astimezone(dt.timezone(dt.timedelta(
            seconds=activity.utc_offset_s)))
    family = sport_family(activity.sport)
    for s in plan.get("sessions", []) or []:
        if not isinstance(s, dict) or str(s.get("date")) != local.date().isoformat():
            continue
        if family is not None and sport_family(str(s.get("sport") or "")) == family:
            uid = s.get("uid")
            return None if uid is None else str(uid)
    return None


def _laps_json(activity: Activity) -> list[dict[str, Any]]:
    out = []
    for lap in activity.laps:
        out.append({
            "start_utc": None if lap.start_utc is None else lap.start_utc.isoformat(),
            "elapsed_s": lap.elapsed_s, "timer_s": lap.timer_s, "distance_m": lap.distance_m,
            "avg_hr_bpm": lap.avg_hr_bpm, "max_hr_bpm": lap.max_hr_bpm,
            "energy_kcal": lap.energy_kcal,
        })
    return out


def _activity_row(ctx: ImportContext, name: str, sha: str, index: int,
                  activity: Activity) -> tuple[ActivityRow, Fingerprint]:
    from runlean.io.metrics import summarise
    from runlean.tracking.energy import estimate_energy_and_load

    summary = summarise(activity)
    distance_source = None
    if summary.distance_m is not None:
        distance_source = "gps" if summary.distance_source == "gps" else "device"
    fp = Fingerprint(activity.start_utc, activity.sport, summary.elapsed_s,
                     summary.distance_m, distance_source)
    est = estimate_energy_and_load(activity, summary, ctx.person, ctx.habits)
    avg_speed = summary.avg_speed_m_per_s
    row = ActivityRow(
        source_file=name, source_format=activity.source_format, content_sha256=sha,
        session_index=index, start_utc=to_naive_utc(activity.start_utc),
        timezone=activity.timezone, utc_offset_s=activity.utc_offset_s,
        sport=activity.sport, sub_sport=activity.sub_sport,
        duration_s=summary.elapsed_s, moving_time_s=summary.moving_s,
        distance_m=summary.distance_m, distance_source=distance_source,
        ascent_m=summary.ascent_m, avg_hr_bpm=summary.avg_hr_bpm,
        max_hr_bpm=summary.max_hr_bpm, avg_speed_m_per_s=avg_speed,
        device=activity.device, device_energy_kcal=activity.device_energy_kcal,
        energy_kcal=est.energy_kcal, net_energy_kcal=est.net_energy_kcal,
        energy_method=est.energy_method, epoc_kcal=est.epoc_kcal, load=est.load,
        load_method=est.load_method, zones_json=est.zones,
        laps_json=_laps_json(activity),
        warnings_json=[*activity.warnings, *est.warnings],
        sanitised_json=list(activity.sanitised),
        n_samples=activity.n_samples,
        planned_session_uid=_planned_session_uid(ctx.plan, activity),
        imported_at=utc_now_naive(),
    )
    return row, fp


def import_activity_source(ctx: ImportContext, name: str, data: bytes) -> ImportReport:
    """Import one FIT/GPX/TCX source in one transaction (see the module docstring).

    Raises whatever reading or writing raises; :func:`import_source` turns that into a
    recorded failure.
    """
    from runlean.io import read_activity_file

    report = ImportReport()
    sha = sha256_hex(data)
    seen = imported_file_name(ctx.store, sha)
    if seen is not None:
        report.duplicates.append(DuplicateItem(name, "file", seen))
        return report
    activities = read_activity_file(Path(name), data=data,
                                    default_timezone=ctx.default_timezone)
    if not activities:
        raise RunleanError(f"{name}: the file holds no activity")
    # 1. Analysis, with no database lock held.
    analysed = [(activity, PendingActivity(index, *_activity_row(ctx, name, sha, index,
                                                                  activity)))
                for index, activity in enumerate(activities)]
    known = stored_duplicates(ctx.store, [p.fingerprint for _, p in analysed])
    pending: list[PendingActivity] = []
    tmp_files: dict[int, Path] = {}
    try:
        # 2. Streams of the new activities, under temporary names.
        for (activity, item), dup in zip(analysed, known, strict=True):
            if dup is not None:
                report.duplicates.append(DuplicateItem(name, "activity", dup, item.index))
                continue
            if activity.n_samples:
                stream_name, tmp = stream_files.write_tmp(ctx.store.streams_dir,
                                                          activity.streams)
                tmp_files[item.index] = tmp
                item.row.stream_path = stream_name
            pending.append(item)
        # 3. One short write transaction: the inserts.
        outcome = store_source(ctx.store, sha, name, pending, ctx.batch_id)
    except BaseException:
        for tmp in tmp_files.values():
            stream_files.discard(tmp)
        raise
    if outcome.file_duplicate_of is not None:  # another import stored it meanwhile
        for tmp in tmp_files.values():
            stream_files.discard(tmp)
        return ImportReport(duplicates=[DuplicateItem(name, "file", outcome.file_duplicate_of)])
    for index, dup in outcome.duplicates:
        report.duplicates.append(DuplicateItem(name, "activity", dup, index))
        if index in tmp_files:
            stream_files.discard(tmp_files.pop(index))
    # 4. After the commit: every stream file is renamed, whatever happens to one of them.
    by_index = {item.index: item for item in pending}
    to_promote = []
    for index, row_id in outcome.stored:
        activity = activities[index]
        report.imported.append(ImportedItem(row_id, name, index, activity.start_utc,
                                            activity.sport))
        if by_index[index].row.stream_path is not None:
            to_promote.append(str(by_index[index].row.stream_path))
    for lost in stream_files.promote_all(ctx.store.streams_dir, to_promote):
        report.warnings.append(f"{name}: the stream file {lost} of a stored activity is "
                               "missing (removed by another program?); its summary is kept")
    return report


for _suffix in (".fit", ".gpx", ".tcx"):
    HANDLERS[_suffix] = import_activity_source


def import_log_csv_source(ctx: ImportContext, name: str, data: bytes) -> ImportReport:
    """Import a log CSV (generic log format or Withings ``weight.csv``), all or nothing.

    Dispatched for ``.csv`` files given explicitly (folders and archives are walked for
    activity files only: a Strava export's ``activities.csv`` is not a log). A bad row raises
    :class:`~runlean.errors.LogFormatError`, which :func:`import_source` records as a failure.
    """
    import tempfile

    from runlean.tracking.logs import import_log_csv

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / Path(name).name
        path.write_bytes(data)
        result = import_log_csv(ctx.store, path)
    return ImportReport(logs=[f"{name}: " + result.message().split(": ", 1)[1]])


HANDLERS[".csv"] = import_log_csv_source


def handler_for(name: str) -> Handler:
    """The handler registered for ``name``'s suffix; activity files otherwise (the reader
    detects FIT/GPX/TCX from the content and rejects anything else with a reason)."""
    lower = name.lower()
    if lower.endswith(".gz"):
        lower = lower[:-3]
    return HANDLERS.get(Path(lower).suffix, import_activity_source)


def import_source(ctx: ImportContext, name: str, source: bytes | Path) -> ImportReport:
    """Import one source, turning any error into a recorded failure (nothing of it stored).

    A source that imports (or is found to be imported already) has its earlier recorded
    failures removed, so ``runlean import --failed`` lists only files still failing.
    """
    sha: str | None = None
    ctx.current_source = name
    ctx.sources_done += 1
    try:
        data = source.read_bytes() if isinstance(source, Path) else source
        sha = sha256_hex(data)
        handler = handler_for(name)
        if not data:
            raise RunleanError(f"{name}: the file is empty")
        report = handler(ctx, name, data)
    except StoreError:  # the store, not the file: stop the import (see import_paths)
        raise
    except Exception as exc:
        reason = str(exc) if isinstance(exc, RunleanError) else f"{type(exc).__name__}: {exc}"
        record_failure(ctx.store, name, sha, reason)
        return ImportReport(failed=[FailedItem(name, reason)])
    ctx.stored += len(report.imported)
    clear_failures(ctx.store, name, sha)
    return report


#: Import order of files on disk by suffix (lower first); others come last.
FORMAT_PRIORITY = {".fit": 0, ".tcx": 1, ".gpx": 2}


def _format_rank(name: str) -> int:
    lower = name.lower().removesuffix(".gz")
    return FORMAT_PRIORITY.get(Path(lower).suffix, len(FORMAT_PRIORITY))


class _StopImport(BaseException):
    """Carries a :class:`StoreError` out of the walk over sources, past the handlers that
    record a bad file or archive and go on: a storage failure stops the whole import."""

    def __init__(self, error: StoreError) -> None:
        super().__init__(str(error))
        self.error = error


def import_paths(paths: Iterable[Path | str], store: Store, *,
                 profile: tuple[Person, Habits] | None = None,
                 progress: ProgressCallback | None = None,
                 display_names: Mapping[str, str] | None = None) -> ImportReport:
    """Import activity files, folders and archives (Strava/Garmin export zips, ``.gz``).

    Parameters
    ----------
    paths
        Files, folders (walked recursively) or archives.
    store
        An open store (:func:`runlean.store.db.open_store`).
    profile
        Person and habits for energy estimates; default: the stored profile, else documented
        defaults (see :mod:`runlean.tracking.energy`).
    progress
        Called as ``progress(files_done, name)`` after each source file.
    display_names
        Name to record and report for a path given (key: ``str(path)``), e.g. the name an
        uploaded file had before it was saved to a temporary folder; members of an archive and
        files of a folder keep their part below it.

    Returns
    -------
    ImportReport
        Imported activities, duplicates skipped (and what they duplicate), failures with
        reasons, and the import batch id (None when nothing was stored).

    Raises
    ------
    StoreError
        When the store cannot be written (a full disk, a busy or unreachable database): the
        import stops; what earlier files stored is kept, in the batch the message names.
    """
    paths = list(paths)
    if profile is None:
        profile = load_profile(store)
    person, habits = profile if profile is not None else (None, None)
    with store.import_lock():
        batch_id = start_batch(store, [str(p) for p in paths])
        ctx = ImportContext(store=store, person=person, habits=habits,
                            plan=load_active_plan(store),
                            default_timezone=person.timezone if person is not None else "UTC",
                            batch_id=batch_id)
        try:
            report = _import_sources(paths, store, ctx, progress, display_names or {})
        except _StopImport as stop:
            raise _stopped(stop.error, ctx) from None
        except StoreError as exc:
            raise _stopped(exc, ctx) from None
        report.batch_id = batch_id if finish_batch(store, batch_id, report.files) else None
    return report


def _stopped(error: StoreError, ctx: ImportContext) -> StoreError:
    """The one-line error of an import stopped by the store, saying what was kept."""
    if ctx.batch_id is not None:
        with contextlib.suppress(RunleanError):  # the store may still refuse writes
            finish_batch(ctx.store, ctx.batch_id, ctx.sources_done)
    where = f" at {ctx.current_source} (nothing of it was stored)" if ctx.current_source else ""
    if ctx.stored:
        kept = (f"; {ctx.stored} activities from earlier files are kept (batch {ctx.batch_id}; "
                "importing again completes the set)")
    else:
        kept = "; nothing was stored"
    return StoreError(f"{error}; the import stopped{where}{kept}")


def _import_sources(paths: list[Path | str], store: Store, ctx: ImportContext,
                    progress: ProgressCallback | None,
                    display_names: Mapping[str, str]) -> ImportReport:
    """The walk of :func:`import_paths` over every source."""
    from runlean.io.archives import iter_activity_sources

    report = ImportReport()

    def run(name: str, source: bytes | Path) -> None:
        try:
            part = import_source(ctx, name, source)
        except StoreError as exc:
            raise _StopImport(exc) from None
        report.merge(part)
        report.files += 1
        if progress is not None:
            progress(report.files, name)

    # Files on disk are imported after archive members, FIT before TCX before GPX, so that when
    # one activity comes in several formats the richest recording is the one kept.
    on_disk: list[tuple[str, Path]] = []
    for path in paths:
        opened: set[str] = set()  # archives that could be opened (members were listed)
        given = str(path)
        shown = display_names.get(given)

        def rename(text: str, given: str = given, shown: str | None = shown) -> str:
            return text if shown is None else text.replace(given, shown)

        try:
            for raw_name, source in iter_activity_sources([Path(path)]):
                name = rename(raw_name)
                parts = name.split("!")
                opened.update("!".join(parts[:i]) for i in range(1, len(parts)))
                if isinstance(source, RunleanError):  # one unreadable file or member
                    reason = rename(str(source))
                    record_failure(store, name, None, reason)
                    report.failed.append(FailedItem(name, reason))
                    report.files += 1
                elif isinstance(source, Path):
                    on_disk.append((name, source))
                else:
                    run(name, source)
        except RunleanError as exc:  # a missing path
            record_failure(store, rename(given), None, rename(str(exc)))
            report.failed.append(FailedItem(rename(given), rename(str(exc))))
        for archive in sorted(opened):  # a repaired archive no longer fails as a whole
            clear_failures(store, archive, None)
    for name, source in sorted(on_disk, key=lambda item: _format_rank(item[0])):
        run(name, source)
    return report
