"""Display settings read on every command, without loading the domain or ORM models.

:func:`stored_units` reads the ``units`` the person saved with their profile (``plan --units``,
``profile set --units``) through a Core view of the profile table, so that a command as small
as ``runlean log weight 80`` learns them at the cost of one query.
"""

from __future__ import annotations

from typing import Literal

from sqlalchemy import JSON, column, select, table

from runlean.store.db import Store

#: The profile table's person column (:class:`runlean.store.models.ProfileRow`; a test checks
#: that the names agree).
PROFILE_PERSON = table("profile", column("id"), column("person_json", JSON))


def stored_units(store: Store) -> Literal["metric", "imperial"] | None:
    """The units saved in the profile, or ``None`` (no profile, or none saved)."""
    person = PROFILE_PERSON.c.person_json
    with store.engine.connect() as conn:
        row = conn.execute(select(person).order_by(PROFILE_PERSON.c.id).limit(1)).first()
    value = row[0].get("units") if row is not None and isinstance(row[0], dict) else None
    if value == "imperial":
        return "imperial"
    return "metric" if value == "metric" else None
