"""Keeping the plan: store a finished plan as the person's active plan."""

from __future__ import annotations

from pathlib import Path

from runlean.domain import Plan


def save_active_plan(plan: Plan, data_dir: Path | None = None, *,
                     update_profile: bool = False) -> Path:
    """Store ``plan`` (as :func:`runlean.io.plan_files.plan_to_json`) as the active plan.

    The plan's person and habits become the stored profile when no profile exists yet or when
    ``update_profile`` is true (the plan was made from new body values). Returns the data
    directory used.

    Parameters
    ----------
    plan
        The plan to keep.
    data_dir
        Data directory; default ``$RUNLEAN_HOME`` or the platform's user data directory.
    update_profile
        Replace the stored profile with the plan's person and habits.
    """
    from runlean.io.plan_files import plan_to_json
    from runlean.store.db import open_store
    from runlean.store.profile import load_profile, save_plan, save_profile

    goal = f"{plan.goal.kind} {plan.goal.target:g} by {plan.goal_date.isoformat()}"
    with open_store(data_dir) as store:
        save_plan(store, plan_to_json(plan), goal=goal)
        if update_profile or load_profile(store) is None:
            save_profile(store, plan.person, plan.habits)
        return store.data_dir
