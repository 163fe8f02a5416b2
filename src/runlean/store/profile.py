"""Storing the person's profile and the active plan.

The profile is one row: the :class:`~runlean.domain.Person` and :class:`~runlean.domain.Habits`
as JSON, validated again through those classes when read (a stored profile that no longer
validates raises :class:`~runlean.errors.StoreError`). Plans are JSON blobs written by the
planner; saving a plan makes it the only active one.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select, update

from runlean.domain import Habits, Person
from runlean.errors import InvalidInputError, StoreError
from runlean.store.db import Store
from runlean.store.models import PlanRow, ProfileRow


def utc_now_naive() -> dt.datetime:
    """Now, as a naive UTC datetime (what the ``DateTime`` columns hold)."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def save_profile(store: Store, person: Person, habits: Habits) -> None:
    """Store (replace) the profile."""
    with store.transaction() as session:
        row = session.scalars(select(ProfileRow).order_by(ProfileRow.id)).first()
        person_json = person.model_dump(mode="json")
        habits_json = habits.model_dump(mode="json")
        if row is None:
            session.add(ProfileRow(person_json=person_json, habits_json=habits_json,
                                   updated_at=utc_now_naive()))
        else:
            row.person_json = person_json
            row.habits_json = habits_json
            row.updated_at = utc_now_naive()


def load_profile(store: Store) -> tuple[Person, Habits] | None:
    """The stored profile, or ``None`` when none was saved."""
    with store.session() as session:
        row = session.scalars(select(ProfileRow).order_by(ProfileRow.id)).first()
        if row is None:
            return None
        try:
            return Person(**row.person_json), Habits(**row.habits_json)
        except InvalidInputError as exc:
            raise StoreError(f"the stored profile is no longer valid ({exc}); "
                             "set it again with 'runlean profile set'") from None


def save_plan(store: Store, plan_json: dict[str, Any], *, goal: str | None = None) -> int:
    """Store ``plan_json`` as the active plan (any previous plan becomes inactive).

    Returns the id of the new plan row.
    """
    with store.transaction() as session:
        session.execute(update(PlanRow).where(PlanRow.is_active.is_(True))
                        .values(is_active=False))
        row = PlanRow(created_at=utc_now_naive(), goal=goal, plan_json=plan_json,
                      is_active=True)
        session.add(row)
        session.flush()
        return row.id


def load_active_plan(store: Store) -> dict[str, Any] | None:
    """The active plan's JSON, or ``None`` when there is none."""
    with store.session() as session:
        row = session.scalars(select(PlanRow).where(PlanRow.is_active.is_(True))
                              .order_by(PlanRow.id.desc())).first()
        return None if row is None else dict(row.plan_json)
