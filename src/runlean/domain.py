"""Validated, typed value objects: the person, their habits, their goal, and an activity.

Bad input never reaches the models: every constructor here checks ranges and consistency and
raises :class:`~runlean.errors.InvalidInputError` naming the field, the value and the valid
range. Units are in the names (``weight_kg``, ``height_cm``); conversion from pounds, inches or
miles happens only at the interfaces (see :mod:`runlean.units`).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Any, Literal, Self
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import numpy as np
import pydantic
from pydantic import BaseModel, ConfigDict, field_validator, model_validator

from runlean.errors import InvalidInputError
from runlean.science._arrays import FloatArray as FloatArray  # re-exported (io, store)
from runlean.units import UnitSystem, kg_to_lb

Sex = Literal["female", "male"]
Experience = Literal["none", "beginner", "intermediate", "advanced"]
GoalKind = Literal["fat_loss_kg", "weight_kg", "body_fat_pct", "leg_fat_kg"]

#: Valid ranges of numeric inputs: field -> (low, high, unit). Inclusive bounds.
RANGES: dict[str, tuple[float, float, str]] = {
    "age_years": (18, 100, "years"),
    "height_cm": (120, 230, "cm"),
    "weight_kg": (30, 350, "kg"),
    "body_fat_pct": (3, 70, "%"),
    "resting_hr_bpm": (25, 120, "bpm"),
    "max_hr_bpm": (100, 230, "bpm"),
    "vo2max_ml_per_kg_min": (10, 95, "ml/kg/min"),
    "pal": (1.2, 2.5, "(physical activity level, TDEE/RMR)"),
    # The plan's activity level excludes training; FAO/WHO/UNU 2004's lowest lifestyle band
    # (sedentary or light activity) starts at 1.40.
    "non_exercise_pal": (1.4, 2.5, "(activity level without training, TDEE/RMR; 1.4 is a "
                                   "seated job with little walking)"),
    "steps_per_day": (0, 40000, "steps per day"),
    "sleep_hours": (3, 14, "hours per night"),
    "strength_sessions_per_week": (0, 7, "sessions per week"),
    "protein_g_per_kg": (0.3, 4.0, "g per kg body weight per day"),
    "legs_kg": (0, 150, "kg"),
    "arms_kg": (0, 60, "kg"),
    "trunk_kg": (0, 200, "kg"),
    "race_distance_m": (800, 100_000, "m"),
    "race_time_s": (90, 24 * 3600, "s"),
}


def check_range(name: str, value: float, *, label: str | None = None) -> float:
    """Return ``value`` if it lies in ``RANGES[name]``, else raise a clear error.

    Parameters
    ----------
    name
        Key of :data:`RANGES`.
    value
        The value to check.
    label
        Field name to show the user, when it differs from ``name``.
    """
    low, high, unit = RANGES[name]
    return check_bounds(label or name, value, low, high, unit)


def check_bounds(field: str, value: object, low: float, high: float, unit: str) -> float:
    """Return ``value`` as a float if it is a finite number in ``[low, high]``, else raise.

    The one bounds check behind every user-supplied number: booleans, text, NaN and
    infinities are refused, and the error names ``field``, the value and the range in
    ``unit``.
    """
    if not isinstance(value, int | float) or isinstance(value, bool) or not math.isfinite(value):
        raise InvalidInputError(field, value, f"a number between {low:g} and {high:g} {unit}")
    if not low <= value <= high:
        raise InvalidInputError(field, value, f"between {low:g} and {high:g} {unit}")
    return float(value)


def _first_pydantic_error(exc: pydantic.ValidationError) -> InvalidInputError:
    err = exc.errors()[0]
    loc = ".".join(str(p) for p in err.get("loc", ())) or "input"
    msg = str(err.get("msg", "invalid value"))
    value = err.get("input")
    if err.get("type") == "extra_forbidden":
        msg = "no such field (check the spelling)"
    elif err.get("type") == "missing":
        name = str(err.get("loc", ("",))[-1])
        value = None
        msg = "a value (this field is required)"
        if name in RANGES:
            low, high, unit = RANGES[name]
            msg = f"a value between {low:g} and {high:g} {unit} (this field is required)"
    # Pydantic says "Input should be 'female' or 'male'"; after "expected" that reads twice.
    msg = msg.removeprefix("Input should be ")
    return InvalidInputError(loc, value, msg[0].lower() + msg[1:])


class DomainModel(BaseModel):
    """Base of the validated value objects: frozen, no unknown fields, one error type."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    def __init__(self, **data: Any) -> None:
        try:
            super().__init__(**data)
        except pydantic.ValidationError as exc:
            raise _first_pydantic_error(exc) from None


class RegionalFat(DomainModel):
    """Measured regional fat (DXA or a segmental scale), both sides summed [kg]."""

    legs_kg: float
    arms_kg: float
    trunk_kg: float

    @field_validator("legs_kg", "arms_kg", "trunk_kg")
    @classmethod
    def _in_range(cls, v: float, info: pydantic.ValidationInfo) -> float:
        return check_range(str(info.field_name), v)

    @property
    def total_kg(self) -> float:
        return self.legs_kg + self.arms_kg + self.trunk_kg


class RaceResult(DomainModel):
    """A recent race or time-trial result, used for VDOT training paces."""

    distance_m: float
    time_s: float

    @field_validator("distance_m")
    @classmethod
    def _distance(cls, v: float) -> float:
        return check_range("race_distance_m", v, label="distance_m")

    @field_validator("time_s")
    @classmethod
    def _time(cls, v: float) -> float:
        return check_range("race_time_s", v, label="time_s")

    @model_validator(mode="after")
    def _plausible_speed(self) -> Self:
        speed = self.distance_m / self.time_s
        if speed > 6.7:  # faster than the men's 5000 m world record pace (~6.6 m/s)
            raise InvalidInputError(
                "race", f"{self.distance_m:g} m in {self.time_s:g} s",
                "a speed below 6.7 m/s (faster than a world record)")
        if speed < 1.0:
            raise InvalidInputError(
                "race", f"{self.distance_m:g} m in {self.time_s:g} s",
                "a running speed above 1 m/s (3.6 km/h)")
        return self


class Screening(DomainModel):
    """Answers to the pre-exercise screening questions (ACSM 2015 algorithm; PAR-Q+).

    Each answer is ``True`` (yes), ``False`` (no) or ``None`` (not answered).

    * ``heart_disease``: known heart or blood-vessel disease (heart attack, heart failure,
      angina, stroke, peripheral artery disease) or a heart rhythm problem.
    * ``metabolic_disease``: type 1 or type 2 diabetes.
    * ``kidney_disease``: chronic kidney disease.
    * ``symptoms``: chest pain or pressure at rest or on exertion, unusual breathlessness,
      dizziness or fainting, ankle swelling, or a racing or irregular heartbeat.
    * ``medications``: prescribed medicine for a chronic condition such as high blood
      pressure or a heart condition.
    * ``joint_problem``: a bone, joint or soft-tissue problem that activity could make worse.
    """

    heart_disease: bool | None = None
    metabolic_disease: bool | None = None
    kidney_disease: bool | None = None
    symptoms: bool | None = None
    medications: bool | None = None
    joint_problem: bool | None = None

    @property
    def answered(self) -> bool:
        """True when every question was answered."""
        return all(getattr(self, name) is not None for name in type(self).model_fields)

    def yes(self) -> list[str]:
        """Names of the questions answered yes."""
        return [name for name in type(self).model_fields if getattr(self, name)]


class Person(DomainModel):
    """A person's body: the inputs of every model.

    ``body_fat_pct`` is optional (estimated from BMI, age and sex when absent);
    ``regional_fat`` is optional (default leg/arm/trunk shares by sex when absent).
    """

    sex: Sex
    age_years: float
    height_cm: float
    weight_kg: float
    body_fat_pct: float | None = None
    regional_fat: RegionalFat | None = None
    resting_hr_bpm: float | None = None
    max_hr_bpm: float | None = None
    vo2max_ml_per_kg_min: float | None = None
    race: RaceResult | None = None
    timezone: str = "UTC"
    screening: Screening | None = None
    #: The units the person reads and types (``--units``): metric (kg, cm, km) or imperial
    #: (lb, in, miles). Only the interfaces convert; every model works in metric.
    units: UnitSystem = "metric"

    @field_validator("age_years", "height_cm", "weight_kg")
    @classmethod
    def _required_range(cls, v: float, info: pydantic.ValidationInfo) -> float:
        return check_range(str(info.field_name), v)

    @field_validator("body_fat_pct", "resting_hr_bpm", "max_hr_bpm", "vo2max_ml_per_kg_min")
    @classmethod
    def _optional_range(cls, v: float | None, info: pydantic.ValidationInfo) -> float | None:
        return None if v is None else check_range(str(info.field_name), v)

    @field_validator("timezone")
    @classmethod
    def _zone(cls, v: str) -> str:
        try:
            ZoneInfo(v)
        except (ZoneInfoNotFoundError, ValueError):
            raise InvalidInputError(
                "timezone", v, "an IANA zone name such as 'Europe/Paris'") from None
        return v

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if (
            self.resting_hr_bpm is not None
            and self.max_hr_bpm is not None
            and self.max_hr_bpm <= self.resting_hr_bpm + 20
        ):
            raise InvalidInputError(
                "max_hr_bpm", self.max_hr_bpm,
                f"at least 20 bpm above the resting heart rate ({self.resting_hr_bpm:g} bpm)")
        if self.regional_fat is not None:
            total = self.regional_fat.total_kg
            limit = (self.weight_kg * self.body_fat_pct / 100.0 if self.body_fat_pct is not None
                     else 0.7 * self.weight_kg)
            what = ("the total fat mass implied by body_fat_pct" if self.body_fat_pct is not None
                    else "70 % of body weight")
            if total > limit + 1e-9:
                raise InvalidInputError(
                    "regional_fat", f"{total:.1f} kg (legs+arms+trunk)",
                    f"at most {what} ({limit:.1f} kg)")
        return self

    @property
    def height_m(self) -> float:
        return self.height_cm / 100.0

    @property
    def bmi(self) -> float:
        """Body-mass index [kg/m²]."""
        return self.weight_kg / self.height_m**2


Occupation = Literal["seated", "standing", "walking", "manual"]
PalSource = Literal["given", "questionnaire", "assumed"]
#: Activity level without training assumed when neither a level nor a questionnaire is given
#: (the middle of FAO/WHO/UNU 2004's sedentary or light band, 1.40-1.69) [P].
DEFAULT_NON_EXERCISE_PAL = 1.5


class Habits(DomainModel):
    """Habits that shape energy expenditure and the fat/lean split of weight change.

    ``pal`` is the physical activity level *without training* (TDEE/RMR on a day without a
    run or a workout; training is added from what the person does). It is given, or derived
    from the activity questionnaire (``occupation`` and ``steps_per_day``, see
    :func:`runlean.science.metabolism.lifestyle_non_exercise_pal`), or assumed to be
    :data:`DEFAULT_NON_EXERCISE_PAL`; ``pal_source`` says which.
    """

    pal: float = DEFAULT_NON_EXERCISE_PAL
    sleep_hours: float = 7.5
    strength_sessions_per_week: int = 0
    protein_g_per_kg: float | None = None
    occupation: Occupation | None = None
    steps_per_day: float | None = None
    pal_source: PalSource = "assumed"

    @model_validator(mode="before")
    @classmethod
    def _resolve_pal(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        out = dict(data)
        if out.get("pal") is not None:
            out.setdefault("pal_source", "given")
            return out
        if out.get("occupation") is not None or out.get("steps_per_day") is not None:
            from runlean.science.metabolism import OCCUPATION_PAL, lifestyle_non_exercise_pal

            occupation = out.get("occupation")
            if occupation is not None and occupation not in OCCUPATION_PAL:
                return out  # the field validator names the allowed values
            steps = out.get("steps_per_day")
            if steps is not None:
                check_range("steps_per_day", steps)
            out["pal"] = lifestyle_non_exercise_pal(occupation, steps)
            out["pal_source"] = "questionnaire"
            return out
        out.pop("pal", None)
        out["pal_source"] = out.get("pal_source", "assumed")
        return out

    @field_validator("pal")
    @classmethod
    def _pal(cls, v: float) -> float:
        return check_range("non_exercise_pal", v, label="pal")

    @field_validator("sleep_hours", "strength_sessions_per_week")
    @classmethod
    def _range(cls, v: float, info: pydantic.ValidationInfo) -> float:
        check_range(str(info.field_name), v)
        return v

    @field_validator("protein_g_per_kg")
    @classmethod
    def _protein(cls, v: float | None) -> float | None:
        return None if v is None else check_range("protein_g_per_kg", v)

    @field_validator("steps_per_day")
    @classmethod
    def _steps(cls, v: float | None) -> float | None:
        return None if v is None else check_range("steps_per_day", v)


class Goal(DomainModel):
    """What the person wants, and by when.

    ``kind`` says how ``target`` is read: ``fat_loss_kg`` (kg of fat to lose), ``weight_kg``
    (target body weight), ``body_fat_pct`` (target body-fat percentage) or ``leg_fat_kg``
    (target fat mass of both legs). ``target_date`` and ``weeks`` are alternatives; with
    neither, the planner chooses the safest reasonable pace.
    """

    kind: GoalKind
    target: float
    target_date: dt.date | None = None
    weeks: int | None = None

    @field_validator("target")
    @classmethod
    def _finite(cls, v: float) -> float:
        if not math.isfinite(v) or v <= 0:
            raise InvalidInputError("target", v, "a positive number")
        return v

    @field_validator("weeks")
    @classmethod
    def _weeks(cls, v: int | None) -> int | None:
        if v is not None and not 1 <= v <= 260:
            raise InvalidInputError("weeks", v, "between 1 and 260 weeks")
        return v

    @model_validator(mode="after")
    def _one_deadline(self) -> Self:
        if self.target_date is not None and self.weeks is not None:
            raise InvalidInputError(
                "weeks", self.weeks,
                "to be left out when target_date is given (give one, not both)")
        if self.kind == "body_fat_pct":
            check_range("body_fat_pct", self.target, label="target")
        if self.kind == "weight_kg":
            check_range("weight_kg", self.target, label="target")
        return self

    def describe(self, units: UnitSystem = "metric", gerund: bool = False) -> str:
        """The goal in words: "lose 6 kg of fat", "reach 72 kg", "reach 20 % body fat"...

        ``units`` chooses kg or lb (one decimal) for masses; ``gerund`` gives "losing ...",
        "reaching ..." for use inside a sentence.
        """
        def mass(kg: float) -> str:
            return f"{kg_to_lb(kg):.1f} lb" if units == "imperial" else f"{kg:g} kg"

        text = {"fat_loss_kg": f"lose {mass(self.target)} of fat",
                "weight_kg": f"reach {mass(self.target)}",
                "body_fat_pct": f"reach {self.target:g} % body fat",
                "leg_fat_kg": f"reach {mass(self.target)} of leg fat"}[self.kind]
        if gerund:
            verb, rest = text.split(" ", 1)
            text = {"lose": "losing", "reach": "reaching"}[verb] + " " + rest
        return text

    def check_is_loss_for(self, person: Person, current_fat_kg: float,
                          current_leg_fat_kg: float) -> None:
        """Raise if the goal is not a loss from the person's present state.

        Parameters
        ----------
        person
            The person the goal is for.
        current_fat_kg
            Their present total fat mass [kg] (measured or estimated).
        current_leg_fat_kg
            Their present leg fat mass [kg] (measured or estimated).
        """
        if self.kind == "fat_loss_kg":
            if self.target >= current_fat_kg:
                raise InvalidInputError(
                    "goal: fat to lose [kg]", self.target,
                    f"less than your whole fat mass ({current_fat_kg:.1f} kg)")
            return
        current = {
            "weight_kg": person.weight_kg,
            "body_fat_pct": 100.0 * current_fat_kg / person.weight_kg,
            "leg_fat_kg": current_leg_fat_kg,
        }[self.kind]
        what, unit = {"weight_kg": ("weight", "kg"), "body_fat_pct": ("body fat", "%"),
                      "leg_fat_kg": ("leg fat", "kg")}[self.kind]
        if self.target >= current:
            # The weight as given (6 digits: a weight typed in lb converts back exactly);
            # fat figures are estimates, shown to 0.1.
            shown = f"{current:g}" if self.kind == "weight_kg" else f"{current:.1f}"
            raise InvalidInputError(
                f"goal: target {what} [{unit}]", self.target,
                f"below your current {what} ({shown} {unit}): runlean plans fat loss, "
                "and this goal would be a gain")


#: Names of the per-sample streams an :class:`Activity` may carry, with their units.
STREAMS: dict[str, str] = {
    "time_s": "seconds since the first sample",
    "distance_m": "cumulative distance [m]",
    "speed_m_per_s": "speed [m/s]",
    "hr_bpm": "heart rate [bpm]",
    "cadence_spm": "cadence, steps (or revolutions, strokes) per minute",
    "power_w": "power [W]",
    "altitude_m": "altitude [m]",
    "lat_deg": "latitude [deg]",
    "lon_deg": "longitude [deg]",
    "temperature_c": "temperature [°C]",
    "segment": "segment index (GPX trkseg / TCX Track); distance is never bridged across",
}


@dataclass
class Lap:
    """One lap (or, for pool swims, one length group) as the device recorded it."""

    start_utc: dt.datetime | None
    elapsed_s: float | None = None
    timer_s: float | None = None
    distance_m: float | None = None
    avg_hr_bpm: float | None = None
    max_hr_bpm: float | None = None
    energy_kcal: float | None = None


@dataclass
class Activity:
    """One recorded activity: a time series with optional GPS (never assume GPS).

    Every reader (FIT, GPX, TCX) returns this. Streams are NumPy arrays of equal length
    keyed by the names in :data:`STREAMS`; a missing value is NaN, a missing channel is
    absent from the dict. ``time_s`` is always present.
    """

    sport: str
    source_format: Literal["fit", "gpx", "tcx"]
    start_utc: dt.datetime | None
    streams: dict[str, FloatArray]
    sub_sport: str | None = None
    timezone: str | None = None
    utc_offset_s: int | None = None
    laps: list[Lap] = field(default_factory=list)
    device: str | None = None
    device_energy_kcal: float | None = None
    device_distance_m: float | None = None
    device_timer_s: float | None = None
    device_elapsed_s: float | None = None
    device_avg_hr_bpm: float | None = None
    device_max_hr_bpm: float | None = None
    device_ascent_m: float | None = None
    warnings: list[str] = field(default_factory=list)
    sanitised: list[str] = field(default_factory=list)
    #: Position of this activity among the sessions of its file (multisport FIT), from 0.
    session_index: int = 0
    #: Number of sessions (activities) the source file held.
    session_count: int = 1
    #: Raw sport label as written in the file (FIT enum name, GPX ``<type>``, TCX ``@Sport``).
    sport_raw: str | None = None
    #: Timer pauses recorded by the device as ``(start_s, end_s)`` on the ``time_s`` scale
    #: (FIT timer stop → start events). Empty when the file records none.
    pauses: list[tuple[float, float]] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.start_utc is not None and self.start_utc.utcoffset() is None:
            raise ValueError("Activity.start_utc must be timezone-aware")
        n = len(self.streams.get("time_s", ()))
        for name, arr in self.streams.items():
            if name not in STREAMS:
                raise ValueError(f"unknown stream {name!r}")
            if len(arr) != n:
                raise ValueError(f"stream {name!r} has {len(arr)} samples, time_s has {n}")

    @property
    def n_samples(self) -> int:
        return len(self.streams.get("time_s", ()))

    def has(self, name: str) -> bool:
        """True when stream ``name`` exists and has at least one finite value."""
        arr = self.streams.get(name)
        return arr is not None and bool(np.isfinite(arr).any())


# --------------------------------------------------------------------------------------------
# Planning: preferences, sessions and the plan
# --------------------------------------------------------------------------------------------

CrossMode = Literal["cycling", "swimming", "elliptical", "rowing"]
SessionKind = Literal["easy", "long", "run_walk", "hiit", "strength", "cross", "walk"]

#: Weekday names accepted in ``free_weekdays`` (Monday = 0, as :meth:`datetime.date.weekday`).
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

RANGES.update({
    "running_days_per_week": (1, 7, "days per week"),
    "longest_session_min": (10, 360, "minutes"),
    "weekly_running_min": (0, 1500, "minutes per week"),
    "weekly_running_km": (0, 250, "km per week"),
    "longest_recent_run_min": (0, 360, "minutes"),
    "compensation": (0, 1, "(fraction of exercise energy eaten back, 0 to 1)"),
})


class Preferences(DomainModel):
    """How, and how much, the person wants to train.

    ``free_weekdays`` lists the weekdays on which a session may be scheduled (0 = Monday);
    ``experience`` is used when current running volume is not given.
    """

    running_days_per_week: int = 3
    longest_session_min: float = 60.0
    free_weekdays: tuple[int, ...] = (0, 1, 2, 3, 4, 5, 6)
    experience: Experience = "beginner"
    weekly_running_min: float | None = None
    weekly_running_km: float | None = None
    longest_recent_run_min: float | None = None
    strength_sessions_per_week: int = 2
    cross_training: tuple[CrossMode, ...] = ()

    @field_validator("running_days_per_week", "longest_session_min", "weekly_running_min",
                     "weekly_running_km", "longest_recent_run_min")
    @classmethod
    def _ranges(cls, v: float | None, info: pydantic.ValidationInfo) -> float | None:
        if v is not None:
            check_range(str(info.field_name), v)
        return v

    @field_validator("strength_sessions_per_week")
    @classmethod
    def _strength(cls, v: int) -> int:
        check_range("strength_sessions_per_week", v)
        return v

    @field_validator("free_weekdays")
    @classmethod
    def _weekdays(cls, v: tuple[int, ...]) -> tuple[int, ...]:
        for d in v:
            if not 0 <= d <= 6:
                raise InvalidInputError("free_weekdays", d, "weekdays 0 (Monday) to 6 (Sunday)")
        return tuple(sorted(set(v)))


@dataclass(frozen=True)
class Intensity:
    """The intensity target of a session: always RPE; HR and pace when they can be derived."""

    rpe_low: float
    rpe_high: float
    hr_low_bpm: float | None = None
    hr_high_bpm: float | None = None
    pace_s_per_km: float | None = None
    note: str = ""


@dataclass(frozen=True)
class Session:
    """One planned training session.

    Energy figures are for this person at their baseline weight: ``gross_kcal`` includes
    resting metabolism during the session, ``net_kcal`` does not, ``epoc_kcal`` is the
    after-burn (part of the deficit together with ``net_kcal``).
    """

    date: dt.date
    slot: int
    kind: SessionKind
    sport: str
    duration_min: float
    running_min: float
    intensity: Intensity
    net_kcal: float
    gross_kcal: float
    epoc_kcal: float
    why: str
    description: str
    uid: str
    week: int
    deload: bool = False
    #: Planned distance [m] (running and walking at the session's paces; None when the
    #: session has no distance, e.g. strength).
    distance_m: float | None = None
    #: Fuelling advice for long sessions ("" when none is needed).
    fuelling: str = ""
    #: Minutes of hard work of an interval session (its bouts; 0 for other sessions).
    hard_min: float = 0.0

    @property
    def deficit_kcal(self) -> float:
        """Energy this session adds to the day's expenditure [kcal] (net + EPOC)."""
        return self.net_kcal + self.epoc_kcal

    @property
    def title(self) -> str:
        """Short label for tables and calendar summaries: the description to its first colon."""
        return self.description.split(":")[0]


@dataclass
class Plan:
    """A complete plan: targets, sessions, projection, safety figures and explanations.

    ``targets`` holds the nutrition targets (kcal/day and g/day figures, named with units);
    ``projection`` maps a scenario name to its daily series (``day``, ``weight_kg``,
    ``fat_kg``, ``fat_free_kg``, ``leg_fat_kg``, ``arm_fat_kg``, ``trunk_fat_kg``,
    ``intake_kcal_per_day``); ``safety`` the checked safety figures; ``evidence`` the
    question-and-answer explanations with this person's numbers.
    """

    plan_key: str
    person: Person
    habits: Habits
    goal: Goal
    preferences: Preferences
    start_date: dt.date
    goal_date: dt.date
    requested_date: dt.date | None
    compensation: float
    sessions: list[Session]
    targets: dict[str, float]
    projection: dict[str, dict[str, list[float]]]
    safety: dict[str, float]
    warnings: list[str]
    assumptions: list[str]
    evidence: list[dict[str, str]]
    baseline: dict[str, float]
    #: Projected training load: ``day``, ``load`` (session-RPE AU), ``fitness`` (CTL),
    #: ``fatigue`` (ATL), ``form`` (TSB) from the planned sessions.
    training_load: dict[str, list[float]] = field(default_factory=dict)
    #: Population whose guidelines the plan follows: "athlete", "overweight" or
    #: "healthy_weight" (:func:`runlean.planning.policy.classify`).
    population: str = ""
    #: True when the pre-exercise screening recommends medical clearance first.
    screening_clearance: bool = False
