"""One option scheme for every command: the units option, and errors in the user's terms.

``--units metric|imperial`` chooses kg/cm/km or lb/in/miles for what a command reads and
prints; without it, ``$RUNLEAN_UNITS``, else the units saved in the profile, else metric.
The models check values in metric units under their field names (``weight_kg``);
:func:`option_errors` turns such an error back into the option the person typed and the unit
they typed it in: ``--weight: 10 lb is below 66.2 lb``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, TypeVar

import typer

from runlean import units as u
from runlean.errors import InvalidInputError

if TYPE_CHECKING:
    from runlean.store.db import Store

T = TypeVar("T")
Units = Literal["metric", "imperial"]

#: ``--units`` on every command that reads or prints a mass, length or distance.
UNITS_OPTION = typer.Option(
    None, "--units", case_sensitive=False, envvar="RUNLEAN_UNITS", show_envvar=False,
    help="metric (kg, cm, km) or imperial (lb, in, miles). Default: the units saved in "
         "your profile (plan and profile set save the --units they are given), else "
         "metric; the RUNLEAN_UNITS environment variable sets it too.")

def units_in(units: Units | None, store: Store | None) -> Units:
    """The units to use: ``--units`` when given, else the stored profile's, else metric."""
    if units is not None:
        return units
    if store is None:
        return "metric"
    from runlean.store.settings import stored_units

    return stored_units(store) or "metric"


#: The body and habit options ``plan`` and ``profile set`` share (one spelling, one help).
SEX_OPTION = typer.Option(None, "--sex", case_sensitive=False, help="female or male.")
AGE_OPTION = typer.Option(None, "--age", metavar="YEARS", help="Age [years].")
HEIGHT_OPTION = typer.Option(None, "--height", metavar="HEIGHT",
                             help="Height [cm, or in with --units imperial].")
WEIGHT_OPTION = typer.Option(None, "--weight", metavar="WEIGHT",
                             help="Weight [kg, or lb with --units imperial].")
BODY_FAT_OPTION = typer.Option(None, "--body-fat", metavar="PCT", help="Body fat [%].")
RESTING_HR_OPTION = typer.Option(None, "--resting-hr", metavar="BPM", help="Resting HR [bpm].")
MAX_HR_OPTION = typer.Option(None, "--max-hr", metavar="BPM", help="Maximal HR [bpm].")
TIMEZONE_OPTION = typer.Option(None, "--timezone", metavar="ZONE",
                               help="IANA zone of your calendar and logs, e.g. Europe/Paris.")
PAL_OPTION = typer.Option(None, "--pal", metavar="PAL",
                          help="Activity level WITHOUT training (1.4-2.5).")
SLEEP_OPTION = typer.Option(None, "--sleep", metavar="HOURS", help="Sleep [h/night].")
SLEEP_HOURS_ALIAS = typer.Option(None, "--sleep-hours", hidden=True)


#: ``--format text|json`` (json: the stable field names, in metric units).
FORMAT_OPTION = typer.Option("text", "--format", case_sensitive=False,
                             help="text, or json (field names and units stay the same "
                                  "whatever --units says).")

#: Hidden ``--json``: the old spelling of ``--format json``, kept so that scripts keep working.
JSON_ALIAS = typer.Option(False, "--json", hidden=True)

Quantity = Literal["mass", "length", "distance", "metres"]

#: quantity -> (metric unit as written in messages, metric-to-imperial factor function,
#: the metric unit shown to a metric user, its conversion, the imperial unit).
_QUANTITIES: dict[str, tuple[str, Callable[[float], float], str, Callable[[float], float],
                             str]] = {
    "mass": ("kg", u.kg_to_lb, "kg", lambda v: v, "lb"),
    "length": ("cm", u.cm_to_in, "cm", lambda v: v, "in"),
    "distance": ("km", u.km_to_miles, "km", lambda v: v, "miles"),
    "metres": ("m", lambda m: u.km_to_miles(m / 1000.0), "km", lambda m: m / 1000.0, "miles"),
}


@dataclass(frozen=True)
class OptionField:
    """The option that sets a model field, and what the field measures (None: no unit)."""

    option: str
    quantity: Quantity | None = None


class OptionValueError(InvalidInputError):
    """An option's value is invalid; the message names the option and the user's unit."""

    def __init__(self, option: str, value: object, expected: str, message: str) -> None:
        super().__init__(option, value, expected)
        self.args = (message,)


def _number_text(value: float) -> str:
    return f"{round(value, 1):g}"


def _convert_expected(text: str, quantity: Quantity, units: Units) -> str:
    """``text`` with its metric amounts (``30 kg``, ``between 30 and 350 kg``) in ``units``."""
    metric_unit, to_imperial, shown_metric, to_metric, imperial_unit = _QUANTITIES[quantity]
    convert, unit = (to_imperial, imperial_unit) if units == "imperial" else (to_metric,
                                                                                shown_metric)
    number = r"(-?[0-9]+(?:\.[0-9]+)?)"
    # Bounds rounded inwards (66.14 lb -> 66.2): a value shown as accepted is accepted.
    text = re.sub(rf"between {number} and {number} {metric_unit}\b",
                  lambda m: f"between {math.ceil(convert(float(m[1])) * 10 - 1e-6) / 10:g} and "
                            f"{math.floor(convert(float(m[2])) * 10 + 1e-6) / 10:g} {unit}",
                  text)
    return re.sub(rf"{number} {metric_unit}\b",
                  lambda m: f"{_number_text(convert(float(m[1])))} {unit}", text)


_NUMBER = r"[0-9]+(?:\.[0-9]+)?"


def _same_decimals(value: float, like: str) -> str:
    """``value`` with as many decimals as the number ``like`` was written with, at most one
    (more digits than that come from a value converted before, not from a measurement)."""
    decimals = min(len(like.partition(".")[2]), 1)
    return f"{value:.{decimals}f}"


def _imperial_amounts(text: str, unit: str, convert: Callable[[float], float],
                      shown: str) -> str:
    """``text`` with each ``N unit`` and ``A-B unit`` converted by ``convert`` to ``shown``."""

    def span(m: re.Match[str]) -> str:
        low = _same_decimals(convert(float(m[1])), m[1])
        return f"{low}-{_same_decimals(convert(float(m[2])), m[2])} {shown}"

    def amount(m: re.Match[str]) -> str:
        return f"{_same_decimals(convert(float(m[1])), m[1])} {shown}"

    text = re.sub(rf"\b({_NUMBER})-({_NUMBER}) {unit}\b", span, text)
    return re.sub(rf"\b({_NUMBER}) {unit}\b", amount, text)


def in_units(text: str, units: Units | u.UnitSystem) -> str:
    """A message written in metric units with its masses and distances in ``units``.

    ``81.6 kg`` becomes ``179.9 lb``, ``4-8 kg`` ``9-18 lb`` and ``5.0 km`` ``3.1 mi`` (as
    many decimals as written, at most one); metric text is returned unchanged. Rates such as
    ``kcal per kg`` carry no amount and are left alone.
    """
    if units != "imperial":
        return text
    text = _imperial_amounts(text, "kg", u.kg_to_lb, "lb")
    return _imperial_amounts(text, "km", u.km_to_miles, "mi")


def translate_error(exc: InvalidInputError, fields: Mapping[str, OptionField],
                    units: Units) -> InvalidInputError:
    """``exc`` (about a model field) as an error about the option that set the field.

    Fields not in ``fields`` are returned unchanged. A list item (``cross_training.0``) is
    looked up by its field. Masses, lengths and distances are shown in ``units``, with
    "is below"/"is above" when the value lies outside an accepted range.
    """
    spec = fields.get(exc.field) or fields.get(exc.field.split(".")[0])
    if spec is None:
        return exc
    value, expected = exc.value, exc.expected
    if spec.quantity is None or isinstance(value, bool) or not isinstance(value, int | float):
        got = "nothing" if value is None else repr(value)
        return OptionValueError(spec.option, value, expected,
                                f"{spec.option}: got {got}; expected {expected}.")
    _, to_imperial, shown_metric, to_metric, imperial_unit = _QUANTITIES[spec.quantity]
    imperial = units == "imperial"
    shown = to_imperial(float(value)) if imperial else to_metric(float(value))
    unit = imperial_unit if imperial else shown_metric
    expected = _convert_expected(expected, spec.quantity, units)
    got = f"{_number_text(shown)} {unit}"
    bounds = re.search(r"between (-?[0-9.]+) and (-?[0-9.]+) ", expected)
    if bounds is not None and shown < float(bounds[1]):
        message = f"{spec.option}: {got} is below {bounds[1]} {unit}; expected {expected}."
    elif bounds is not None and shown > float(bounds[2]):
        message = f"{spec.option}: {got} is above {bounds[2]} {unit}; expected {expected}."
    else:
        message = f"{spec.option}: got {got}; expected {expected}."
    return OptionValueError(spec.option, got, expected, message)


@contextmanager
def option_errors(fields: Mapping[str, OptionField], units: Units = "metric") -> Iterator[None]:
    """Re-raise an :class:`InvalidInputError` about a model field as one about its option."""
    try:
        yield
    except InvalidInputError as exc:
        translated = translate_error(exc, fields, units)
        if translated is exc:
            raise
        raise translated from None


def one_of(name: str, value: T | None, alias: str, alias_value: T | None) -> T | None:
    """The value of an option or of its old spelling (a hidden alias); not both."""
    if value is not None and alias_value is not None:
        raise InvalidInputError(alias, alias_value, f"to be left out when {name} is given "
                                f"({alias} is the old spelling of {name})")
    return value if value is not None else alias_value


def as_units(value: str) -> u.UnitSystem:
    """``--units`` (already checked by the option) as a unit system."""
    return "imperial" if value == "imperial" else "metric"
