"""Tables of the daily logs: weight, intake, sleep and tape measurements.

One row per local calendar date and log kind (``date`` is unique): logging a date again
replaces the value. Units are in the column names. Created by migration ``0002_logs``.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, DateTime, Float, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from runlean.store.base import Base


class WeightLogRow(Base):
    """Morning scale weight of one day."""

    __tablename__ = "weight_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    date: Mapped[dt.date] = mapped_column(Date, nullable=False, unique=True)
    weight_kg: Mapped[float] = mapped_column(Float, nullable=False)
    #: Body fat reported by a smart scale [%], when imported.
    body_fat_pct: Mapped[float | None] = mapped_column(Float, nullable=True)
    #: Where the value came from (``cli``, ``csv:<file name>``).
    source: Mapped[str] = mapped_column(String(200), nullable=False)
    logged_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False)


class IntakeLogRow(Base):
    """Energy and macronutrient intake of one day."""

    __tablename__ = "intake_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    date: Mapped[dt.date] = mapped_column(Date, nullable=False, unique=True)
    kcal: Mapped[float] = mapped_column(Float, nullable=False)
    protein_g: Mapped[float | None] = mapped_column(Float, nullable=True)
    carbs_g: Mapped[float | None] = mapped_column(Float, nullable=True)
    fat_g: Mapped[float | None] = mapped_column(Float, nullable=True)
    source: Mapped[str] = mapped_column(String(200), nullable=False)
    logged_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False)


class SleepLogRow(Base):
    """Hours slept in the night ending on ``date``."""

    __tablename__ = "sleep_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    date: Mapped[dt.date] = mapped_column(Date, nullable=False, unique=True)
    hours: Mapped[float] = mapped_column(Float, nullable=False)
    source: Mapped[str] = mapped_column(String(200), nullable=False)
    logged_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False)


class MeasurementLogRow(Base):
    """Tape measurements of one day (each may be missing; later logs fill in or replace)."""

    __tablename__ = "measurement_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    date: Mapped[dt.date] = mapped_column(Date, nullable=False, unique=True)
    waist_cm: Mapped[float | None] = mapped_column(Float, nullable=True)
    neck_cm: Mapped[float | None] = mapped_column(Float, nullable=True)
    hip_cm: Mapped[float | None] = mapped_column(Float, nullable=True)
    source: Mapped[str] = mapped_column(String(200), nullable=False)
    logged_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False)
