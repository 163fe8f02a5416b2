"""Persistence of domain objects (SQLAlchemy 2 + Alembic). Only this package talks SQL."""
