"""ORM models of the local database (SQLAlchemy 2, typed ``Mapped`` columns).

Portable types only (SQLite and PostgreSQL): JSON blobs use :class:`sqlalchemy.JSON`; times
are stored as *naive UTC* ``DateTime`` columns (SQLite drops the offset) next to the IANA zone
name and the UTC offset of the local clock, and are turned back into aware UTC datetimes on
read by the service layer (:mod:`runlean.store.activities`). Units are in the column names.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Boolean, DateTime, Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from runlean.store.base import Base


class ProfileRow(Base):
    """The one person using this database: body (``person_json``) and habits (``habits_json``).

    Both JSON blobs are the ``model_dump`` of :class:`runlean.domain.Person` and
    :class:`runlean.domain.Habits`; they are validated again through those classes on read.
    """

    __tablename__ = "profile"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_json: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False)
    habits_json: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False)
    #: Last change, naive UTC.
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False)


class PlanRow(Base):
    """A stored plan (JSON blob written by the planner); at most one row has ``is_active``."""

    __tablename__ = "plans"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    #: Creation time, naive UTC.
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False)
    goal: Mapped[str | None] = mapped_column(Text, nullable=True)
    plan_json: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False)
    is_active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True, index=True)


class ImportBatchRow(Base):
    """One run of ``runlean import``: what it was given and when; its activities and imported
    files name it (``batch_id``), so that ``runlean import --undo`` can remove them."""

    __tablename__ = "import_batches"
    #: Ids are never reused (an old ``--undo N`` must not remove a later import).
    __table_args__ = ({"sqlite_autoincrement": True},)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    #: Start of the import, naive UTC.
    started_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False)
    #: End of the import, naive UTC (null while it runs, or when it was interrupted).
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    #: The paths the import was given (list of strings).
    sources_json: Mapped[list[str]] = mapped_column(JSON, nullable=False)
    #: Source files seen (imported, duplicate or failed).
    n_files: Mapped[int] = mapped_column(Integer, nullable=False, default=0)


class ImportedFileRow(Base):
    """A source file whose content was imported (or found to duplicate stored activities).

    The SHA-256 of the file bytes makes re-importing the same file a fast no-op.
    """

    __tablename__ = "imported_files"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    #: SHA-256 of the file bytes, lowercase hex.
    sha256: Mapped[str] = mapped_column(String(64), nullable=False, unique=True)
    name: Mapped[str] = mapped_column(Text, nullable=False)
    #: Import time, naive UTC.
    imported_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False)
    #: Activities stored from this file (0 when every activity in it was a duplicate).
    n_activities: Mapped[int] = mapped_column(Integer, nullable=False)
    #: The import batch that recorded this file (null before batches existed).
    batch_id: Mapped[int | None] = mapped_column(
        Integer, ForeignKey("import_batches.id", name="fk_imported_files_batch_id"),
        nullable=True, index=True)


class FailedImportRow(Base):
    """A source file that could not be imported, with the reason shown to the user."""

    __tablename__ = "failed_imports"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_name: Mapped[str] = mapped_column(Text, nullable=False)
    #: SHA-256 of the file bytes (null when the bytes could not be read at all).
    sha256: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    reason: Mapped[str] = mapped_column(Text, nullable=False)
    #: Time of the failed attempt, naive UTC.
    at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False)


class ActivityRow(Base):
    """One imported activity (one FIT session, one GPX/TCX activity) and its derived figures."""

    __tablename__ = "activities"
    #: Ids are never reused once an activity is deleted.
    __table_args__ = ({"sqlite_autoincrement": True},)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_file: Mapped[str] = mapped_column(Text, nullable=False)
    #: ``fit``, ``gpx`` or ``tcx``.
    source_format: Mapped[str] = mapped_column(String(8), nullable=False)
    #: SHA-256 of the whole source file (several activities may share it).
    content_sha256: Mapped[str] = mapped_column(String(64), nullable=False, index=True)
    #: Position of this activity in its file (multisport FIT sessions: 0, 1, ...).
    session_index: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    #: Start time, naive UTC (null when the file has only device-relative timestamps).
    start_utc: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True, index=True)
    #: IANA zone of the local clock at the start (e.g. ``Europe/Paris``), when known.
    timezone: Mapped[str | None] = mapped_column(String(64), nullable=True)
    #: Offset of the local clock from UTC at the start [s].
    utc_offset_s: Mapped[int | None] = mapped_column(Integer, nullable=True)
    sport: Mapped[str] = mapped_column(String(64), nullable=False)
    sub_sport: Mapped[str | None] = mapped_column(String(64), nullable=True)
    #: Elapsed (wall-clock) time [s].
    duration_s: Mapped[float] = mapped_column(Float, nullable=False)
    #: Moving time [s].
    moving_time_s: Mapped[float | None] = mapped_column(Float, nullable=True)
    #: Distance [m].
    distance_m: Mapped[float | None] = mapped_column(Float, nullable=True)
    #: ``device`` (a recorded distance field) or ``gps`` (path length of GPS fixes).
    distance_source: Mapped[str | None] = mapped_column(String(16), nullable=True)
    #: Total ascent [m].
    ascent_m: Mapped[float | None] = mapped_column(Float, nullable=True)
    #: Mean heart rate [bpm].
    avg_hr_bpm: Mapped[float | None] = mapped_column(Float, nullable=True)
    #: Maximum heart rate [bpm].
    max_hr_bpm: Mapped[float | None] = mapped_column(Float, nullable=True)
    #: Mean speed over moving time [m/s].
    avg_speed_m_per_s: Mapped[float | None] = mapped_column(Float, nullable=True)
    device: Mapped[str | None] = mapped_column(Text, nullable=True)
    #: Energy the device reported, as reported [kcal].
    device_energy_kcal: Mapped[float | None] = mapped_column(Float, nullable=True)
    #: runlean's gross energy estimate (incl. resting metabolism) [kcal].
    energy_kcal: Mapped[float | None] = mapped_column(Float, nullable=True)
    #: runlean's net energy estimate (gross minus resting over the same time) [kcal].
    net_energy_kcal: Mapped[float | None] = mapped_column(Float, nullable=True)
    #: How ``energy_kcal`` was obtained (``keytel_hr``, ``acsm_speed_grade``,
    #: ``compendium_met:<code>``).
    energy_method: Mapped[str | None] = mapped_column(String(64), nullable=True)
    #: Excess post-exercise oxygen consumption, as energy [kcal].
    epoc_kcal: Mapped[float | None] = mapped_column(Float, nullable=True)
    #: Training load [TRIMP-like arbitrary units].
    load: Mapped[float | None] = mapped_column(Float, nullable=True)
    #: How ``load`` was obtained (``banister_trimp``, ``session_rpe``, ``met_minutes``).
    load_method: Mapped[str | None] = mapped_column(String(64), nullable=True)
    #: Time in heart-rate zones: list of {zone, low_bpm, high_bpm, time_s}.
    zones_json: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON, nullable=True)
    #: Laps as recorded: list of {start_utc, elapsed_s, timer_s, distance_m, ...}.
    laps_json: Mapped[list[dict[str, Any]]] = mapped_column(JSON, nullable=False)
    #: Reader and import warnings (strings).
    warnings_json: Mapped[list[str]] = mapped_column(JSON, nullable=False)
    #: What the reader repaired (strings).
    sanitised_json: Mapped[list[str]] = mapped_column(JSON, nullable=False)
    #: Parquet file of the streams, relative to ``<data_dir>/streams``.
    stream_path: Mapped[str | None] = mapped_column(Text, nullable=True)
    #: Number of samples in the stream file.
    n_samples: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    #: UID of the planned session this activity fulfils, if any.
    planned_session_uid: Mapped[str | None] = mapped_column(String(64), nullable=True)
    #: Import time, naive UTC.
    imported_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False)
    #: The import batch that stored this activity (null before batches existed).
    batch_id: Mapped[int | None] = mapped_column(
        Integer, ForeignKey("import_batches.id", name="fk_activities_batch_id"),
        nullable=True, index=True)
