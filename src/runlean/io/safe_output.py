"""Output that is safe to open: CSV cells that are not formulas, JSON that is valid JSON.

Spreadsheet formula injection
    A text cell starting with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return, which
    some spreadsheets skip before looking for one) is run as a formula when the CSV is opened
    in a spreadsheet: a sport named ``=HYPERLINK("http://…")`` in an activity file would become
    a live link in the user's export. Every CSV runlean writes passes each cell through
    :func:`csv_cell`, which prefixes such text with an apostrophe (OWASP, "CSV Injection").
    Numbers are never changed: ``-500`` stays a number.

JSON
    Python's :mod:`json` writes ``NaN`` and ``Infinity`` by default, which no JSON parser
    accepts. :func:`json_ready` turns every non-finite float into ``null`` and
    :func:`dumps_json` then serialises with ``allow_nan=False``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
from collections.abc import Iterable, Mapping, Sequence
from typing import IO, Any

#: First characters that make a spreadsheet read a text cell as a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> Any:
    """``value`` made safe for a CSV cell (see the module notes); non-text passes unchanged.

    ``None`` and non-finite floats become ``""``, datetimes and dates their ISO text.
    """
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return ""
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def csv_text(header: Sequence[str], rows: Iterable[Sequence[Any] | Mapping[str, Any]],
             out: IO[str] | None = None) -> str:
    """CSV text with ``header`` and ``rows`` (sequences, or mappings keyed by the header),
    every cell through :func:`csv_cell`. Written to ``out`` as well when given."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow([csv_cell(h) for h in header])
    for row in rows:
        cells = [row.get(h) for h in header] if isinstance(row, Mapping) else row
        writer.writerow([csv_cell(c) for c in cells])
    text = buf.getvalue()
    if out is not None:
        out.write(text)
    return text


def json_ready(value: Any) -> Any:
    """``value`` with every non-finite float replaced by ``None`` (lists, tuples and dicts
    walked; datetimes and dates as ISO text; NumPy scalars as Python numbers)."""
    if isinstance(value, bool) or value is None or isinstance(value, str | int):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, Mapping):
        return {str(k): json_ready(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [json_ready(v) for v in value]
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    item = getattr(value, "item", None)  # NumPy scalar
    if callable(item):
        return json_ready(item())
    return str(value)


def dumps_json(value: Any, **kwargs: Any) -> str:
    """JSON text of ``value`` after :func:`json_ready`; never contains NaN or Infinity."""
    return json.dumps(json_ready(value), allow_nan=False, **kwargs)


__all__ = ["FORMULA_PREFIXES", "csv_cell", "csv_text", "dumps_json", "json_ready"]
