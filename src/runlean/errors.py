"""The one exception hierarchy of runlean.

Every error a person can cause (bad input, an unsafe goal, a damaged file, a malformed log)
is a :class:`RunleanError`. Its message is written for that person: it names what was wrong,
the offending value and what would be accepted. The CLI prints ``str(error)`` on one line and
exits non-zero; it never shows a traceback for these.
"""

from __future__ import annotations


class RunleanError(Exception):
    """Base class of every error runlean raises on purpose."""

    exit_code: int = 2

    def __str__(self) -> str:
        # Always one line: the CLI prints this verbatim.
        return " ".join(super().__str__().split())


class InvalidInputError(RunleanError):
    """A value given by the user (profile, goal, scenario, option) is invalid.

    Parameters
    ----------
    field
        Name of the offending field, as the user wrote it (e.g. ``"weight_kg"``).
    value
        The value received.
    expected
        What would be accepted (e.g. ``"between 30 and 350 kg"``).
    """

    def __init__(self, field: str, value: object, expected: str) -> None:
        self.field = field
        self.value = value
        self.expected = expected
        got = "nothing" if value is None else repr(value)
        super().__init__(f"{field}: got {got}; expected {expected}.")


class ScenarioError(InvalidInputError):
    """A simulation scenario is malformed (unknown key, wrong list length, bad value)."""


class UnsafeGoalError(RunleanError):
    """A goal or plan would break a health-safety rule (intake floor, rate of loss, BMI, age)."""


class UnreachableGoalError(RunleanError):
    """No admissible intake reaches the requested target by the requested day."""


class ActivityFileError(RunleanError):
    """An activity file cannot be read (empty, not an activity, damaged beyond recovery)."""

    def __init__(self, path: str, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"{path}: {reason}")


class LogFormatError(RunleanError):
    """A log file (CSV of weights, intake, sleep) has a bad row or header."""


class StoreError(RunleanError):
    """The local database cannot be opened, migrated or written."""


class NotFoundError(RunleanError):
    """A requested record (activity, profile, plan) does not exist."""
