"""The declarative base shared by every table of the local database."""

from __future__ import annotations

from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    """Base class of all ORM models (one metadata for Alembic)."""
