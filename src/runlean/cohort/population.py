"""Population tables for cohort runs: read a CSV or Parquet file and validate it row by row.

One row per person. Columns (units in the names, as everywhere in runlean):

``sex`` (required)
    ``female`` or ``male`` (any case).
``age_years``, ``height_cm``, ``weight_kg`` (required)
    Numbers within the domain ranges (:data:`runlean.domain.RANGES`).
``body_fat_pct``, ``pal``, ``vo2max_ml_per_kg_min`` (optional)
    Empty = estimated (body fat from BMI, age and sex; PAL 1.6 or from the intake).
``baseline_intake_kcal_per_day`` (optional)
    What the person eats now [kcal/d]; empty = in energy balance.
``legs_kg``, ``arms_kg``, ``trunk_kg`` (optional, all three or none)
    Measured regional fat (e.g. DXA); empty = the average shares by sex.
``person_id`` (optional)
    An identifier written with each trajectory, as text; default: the row number.
any other column
    A grouping column (e.g. ``region``, ``age_band``): results are summarised per value.

Every row is checked with the rules of :mod:`runlean.domain` (``RANGES`` and the
:class:`~runlean.domain.Person` rules: regional fat at most the fat mass). A row that breaks a
rule is left out and reported (:class:`RejectedRow`: its row number, counting the first row
after the header as row 1, the field, the value and the rule's own message), never silently
dropped. The checks are vectorised; the message of each rejected row is produced by the
domain function itself (:func:`runlean.domain.check_range`).
"""

from __future__ import annotations

import functools
import io
import math
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from runlean.domain import RANGES, check_bounds, check_range
from runlean.errors import InvalidInputError

REQUIRED = ("sex", "age_years", "height_cm", "weight_kg")
OPTIONAL_NUMBERS = ("body_fat_pct", "pal", "vo2max_ml_per_kg_min",
                    "baseline_intake_kcal_per_day", "legs_kg", "arms_kg", "trunk_kg")
REGIONAL = ("legs_kg", "arms_kg", "trunk_kg")
#: Columns with a meaning for the model; every other column (but ``person_id``) groups.
KNOWN = (*REQUIRED, *OPTIONAL_NUMBERS, "person_id")
#: Accepted range of a baseline intake [kcal/d] (as in ``runlean simulate``).
BASELINE_INTAKE_RANGE = (500.0, 8000.0)
#: Most distinct values a grouping column may have (a summary row per value and day).
MAX_GROUP_VALUES = 1000
#: Names a grouping column may not have: the trajectory columns (grouping columns are
#: written with each trajectory row under their own names).
RESERVED = ("person_id", "day", "sex", "weight_kg", "fat_kg", "fat_free_kg", "lean_kg",
            "leg_fat_kg", "arm_fat_kg", "trunk_fat_kg", "expenditure_kcal_per_day",
            "intake_kcal_per_day", "bmi_kg_m2")


@dataclass(frozen=True)
class RejectedRow:
    """A population row left out, with the rule it breaks."""

    row: int
    field: str
    value: object
    reason: str


@dataclass(frozen=True)
class Population:
    """Validated people (arrays ``(n,)``), in file order, and the rows left out.

    ``rows`` holds each person's row number in the file (first row after the header = 1);
    NaN in an optional array means "not given". ``groups`` maps each grouping column to its
    values as text.
    """

    person_id: np.ndarray
    rows: np.ndarray
    male: np.ndarray
    age_years: np.ndarray
    height_cm: np.ndarray
    weight_kg: np.ndarray
    body_fat_pct: np.ndarray
    pal: np.ndarray
    vo2max_ml_per_kg_min: np.ndarray
    baseline_intake_kcal_per_day: np.ndarray
    legs_kg: np.ndarray
    arms_kg: np.ndarray
    trunk_kg: np.ndarray
    groups: dict[str, np.ndarray]
    rejected: tuple[RejectedRow, ...]

    @property
    def n(self) -> int:
        """Number of valid people."""
        return int(self.weight_kg.shape[0])

    @property
    def bmi(self) -> np.ndarray:
        """Baseline BMI [kg/m²]."""
        return np.asarray(self.weight_kg / (self.height_cm / 100.0) ** 2, dtype=float)

    def take(self, index: np.ndarray) -> Population:
        """The people at ``index`` (e.g. a partition), same fields."""
        fields = {name: getattr(self, name)[index] for name in _ARRAY_FIELDS}
        return Population(**fields, groups={k: v[index] for k, v in self.groups.items()},
                          rejected=())


_ARRAY_FIELDS = ("person_id", "rows", "male", "age_years", "height_cm", "weight_kg",
                 "body_fat_pct", "pal", "vo2max_ml_per_kg_min", "baseline_intake_kcal_per_day",
                 "legs_kg", "arms_kg", "trunk_kg")


_READ_ERRORS = (OSError, ValueError, pd.errors.ParserError)
#: How every reader here parses a population CSV: every cell as text, blanks as "".
_CSV_TEXT: dict[str, Any] = {"dtype": str, "keep_default_na": False, "skipinitialspace": True}


def read_population_table(path: str | Path) -> pd.DataFrame:
    """Read a population file: ``.csv`` (header row) or ``.parquet``.

    Raises
    ------
    InvalidInputError
        A missing or unreadable file, or another extension.
    """
    p = Path(path)
    suffix = _suffix(p)
    try:
        if suffix == ".csv":
            table: pd.DataFrame = pd.read_csv(p, **_CSV_TEXT)
            _check_fields(table, 1)
            return table
        return pd.read_parquet(p)
    except FileNotFoundError:
        raise InvalidInputError("POPULATION", str(p), "an existing file") from None
    except _READ_ERRORS as exc:
        raise _unreadable(p, exc) from None


def _unreadable(p: Path, exc: Exception) -> InvalidInputError:
    reason = " ".join(str(exc).split())[:200]
    return InvalidInputError("POPULATION", str(p), f"a readable CSV or Parquet table ({reason})")


@dataclass(frozen=True)
class TableSource:
    """A population table handed out in slices of rows (:meth:`slices`), from memory or
    from its file: a cohort run's driver then neither holds nor parses the population.
    """

    columns: tuple[str, ...]
    #: Rows of the table (for a CSV, its lines but the header: an estimate if a quoted
    #: field holds a line break; it only sizes the partitions and the progress bar).
    rows: int
    path: Path | None = None
    table: pd.DataFrame | None = None

    @classmethod
    def of_frame(cls, table: pd.DataFrame) -> TableSource:
        """A table already in memory."""
        return cls(tuple(str(c) for c in table.columns), len(table), table=table)

    @classmethod
    def of_file(cls, path: str | Path) -> TableSource:
        """A ``.csv`` (header row) or ``.parquet`` file: its columns and rows are read, not
        its values.

        Raises
        ------
        InvalidInputError
            A missing or unreadable file, or another extension.
        """
        import pyarrow.parquet as pq

        p = Path(path)
        suffix = _suffix(p)
        try:
            if suffix == ".csv":
                columns = tuple(pd.read_csv(p, nrows=0, skipinitialspace=True).columns)
                return cls(tuple(str(c) for c in columns), _csv_data_lines(p), path=p)
            file = pq.ParquetFile(p)
            # The columns as pandas reads them (an index written with the table is not one).
            columns = file.schema_arrow.empty_table().to_pandas().columns
            return cls(tuple(str(c) for c in columns), file.metadata.num_rows, path=p)
        except FileNotFoundError:
            raise InvalidInputError("POPULATION", str(p), "an existing file") from None
        except (*_READ_ERRORS, pd.errors.EmptyDataError) as exc:
            raise _unreadable(p, exc) from None

    def partitions(self, size: int) -> int | None:
        """How many slices :meth:`slices` hands out (None for a CSV file: it would take a
        scan of the file)."""
        if self.table is not None:
            return -(-len(self.table) // size)
        assert self.path is not None
        return len(_parquet_plan(self.path, size)) if _suffix(self.path) == ".parquet" else None

    def slices(self, size: int) -> Iterator[tuple[int, pd.DataFrame | FileSlice]]:
        """``(first row number, rows)`` for consecutive slices of about ``size`` rows.

        From memory, the rows themselves. From a file, a :class:`FileSlice` that the worker
        reads itself, so that this process neither parses nor ships the population: a
        Parquet file by row groups (small groups joined, large ones cut), a CSV file by byte
        ranges found by counting line breaks. A CSV in which a line break need not end a row
        (quotes, blank or whitespace-only lines, bare carriage returns) is read here
        instead, in chunks, and its rows are handed out.

        Raises
        ------
        InvalidInputError
            The file cannot be read (further).
        """
        if self.table is not None:
            for start in range(0, len(self.table), size):
                yield start + 1, self.table.iloc[start:start + size]
            return
        assert self.path is not None
        path = str(self.path.resolve())       # the workers may run elsewhere
        try:
            if _suffix(self.path) == ".parquet":
                first = 1
                for pieces in _parquet_plan(self.path, size):
                    rows = sum(n for _, _, n in pieces)
                    yield first, FileSlice(path, self.columns, rows, first, pieces=pieces)
                    first += rows
                return
            plan = _csv_plan(self.path, size)
            if plan is not None:
                cuts, counts = plan
                first = 1
                for start, stop, rows in zip(cuts[:-1], cuts[1:], counts, strict=True):
                    yield first, FileSlice(path, self.columns, rows, first,
                                           byte_range=(start, stop), header_bytes=cuts[0])
                    first += rows
                return
            first = 1
            for chunk in pd.read_csv(self.path, chunksize=size, **_CSV_TEXT):
                _check_fields(chunk, first)
                yield first, chunk.reset_index(drop=True)
                first += len(chunk)
        except _READ_ERRORS as exc:
            raise _unreadable(self.path, exc) from None


@dataclass(frozen=True)
class FileSlice:
    """Rows of a population file that a worker reads itself (:meth:`TableSource.slices`)."""

    path: str
    columns: tuple[str, ...]
    rows: int
    #: Row number of the first row in the file (the first after the header is 1).
    first_row: int
    #: Parquet: (row group, first row in it, rows) of each piece, in order.
    pieces: tuple[tuple[int, int, int], ...] = ()
    #: CSV: the bytes of the rows, and the length of the header line (read with them).
    byte_range: tuple[int, int] | None = None
    header_bytes: int = 0

    def read(self) -> pd.DataFrame:
        """The rows, as :func:`read_population_table` reads them.

        Raises
        ------
        InvalidInputError
            The file cannot be read, or no longer holds these rows.
        """
        import pyarrow as pa

        p = Path(self.path)
        try:
            if self.byte_range is None:
                st = p.stat()
                table = pa.concat_tables([
                    _row_group(self.path, st.st_mtime_ns, st.st_size, g).slice(offset, n)
                    for g, offset, n in self.pieces]).to_pandas()
            else:
                start, stop = self.byte_range
                with p.open("rb") as f:
                    header = f.read(self.header_bytes)
                    f.seek(start)
                    data = f.read(stop - start)
                try:
                    table = pd.read_csv(io.BytesIO(header + data), **_CSV_TEXT)
                except pd.errors.ParserError as exc:
                    # pandas counts lines from this slice's header: count them in the file.
                    raise ValueError(re.sub(
                        r"line (\d+)", lambda m: f"line {int(m[1]) + self.first_row - 1}",
                        str(exc))) from None
                _check_fields(table, self.first_row)
        except _READ_ERRORS as exc:
            raise _unreadable(p, exc) from None
        if tuple(str(c) for c in table.columns) != self.columns:
            raise _unreadable(p, ValueError("the file changed while it was read (its columns "
                                            "differ)"))
        if len(table) != self.rows:
            raise _unreadable(p, ValueError(f"the file changed while it was read (expected "
                                            f"{self.rows} rows from row {self.first_row}, "
                                            f"got {len(table)})"))
        return pd.DataFrame(table)


def _check_fields(table: pd.DataFrame, first_row: int) -> None:
    """A CSV's first row with one field more than the header makes pandas take the first
    column for an index (and shift the rows): an error instead."""
    if not isinstance(table.index, pd.RangeIndex):
        raise ValueError(f"row {first_row} has more fields than the header")


@functools.lru_cache(maxsize=1)
def _row_group(path: str, mtime_ns: int, size: int, group: int) -> Any:
    """One row group of a Parquet file, decoded once per worker for all its slices (a row
    group is decoded whole; pandas writes groups of up to a million rows)."""
    import pyarrow.parquet as pq

    return pq.ParquetFile(path).read_row_group(group)


def _parquet_plan(p: Path, size: int) -> list[tuple[tuple[int, int, int], ...]]:
    """Slices of a Parquet file as pieces ``(row group, first row, rows)``: consecutive row
    groups joined up to ``size`` rows, a larger group cut into slices of ``size``."""
    import pyarrow.parquet as pq

    meta = pq.ParquetFile(p).metadata
    plan: list[tuple[tuple[int, int, int], ...]] = []
    pending: list[tuple[int, int, int]] = []
    held = 0
    for g in range(meta.num_row_groups):
        n = meta.row_group(g).num_rows
        for offset in range(0, n, size):
            piece = (g, offset, min(size, n - offset))
            if held + piece[2] > size and pending:
                plan.append(tuple(pending))
                pending, held = [], 0
            pending.append(piece)
            held += piece[2]
    if pending:
        plan.append(tuple(pending))
    return plan


#: Bytes of a CSV file scanned at a time by :func:`_csv_plan`.
_CSV_BLOCK = 1 << 24


def _csv_plan(p: Path, size: int) -> tuple[list[int], list[int]] | None:
    """Byte offsets that split a CSV file after its header and then every ``size`` rows,
    ending with the file's length, and the rows between them; None when a line break need
    not end a row (quotes, blank or whitespace-only lines, bare carriage returns)."""
    cuts: list[int] = []
    newlines, base = 0, 0
    carry = b"\n"           # the unfinished last line of the blocks so far, after a break
    blank = re.compile(rb"\n[ \t]*\r?\n")
    bare_cr = re.compile(rb"\r(?!\n)")
    with p.open("rb") as f:
        while block := f.read(_CSV_BLOCK):
            joined = carry + block
            # A "\r" that ends the block may pair with a "\n" in the next one.
            if b'"' in block or blank.search(joined) or bare_cr.search(
                    joined[:-1] if joined.endswith(b"\r") else joined):
                return None
            ends = np.flatnonzero(np.frombuffer(block, dtype=np.uint8) == 10)
            index = newlines + np.arange(ends.shape[0])
            cuts += (ends[index % size == 0] + base + 1).tolist()
            newlines += ends.shape[0]
            base += len(block)
            carry = b"\n" + joined[joined.rfind(b"\n") + 1:]
    tail = carry[1:]
    if not cuts or (tail and not tail.strip()) or tail.endswith(b"\r"):
        return None   # no header line, a whitespace-only last line, or a bare "\r" at the end
    if cuts[-1] != base:
        cuts.append(base)
    total = newlines - 1 + (len(tail) > 0)
    return cuts, [min(size, total - i * size) for i in range(len(cuts) - 1)]


def _suffix(p: Path) -> str:
    suffix = p.suffix.lower()
    if suffix not in (".csv", ".parquet", ".pq"):
        raise InvalidInputError("POPULATION", str(p), "a .csv or .parquet file")
    return ".csv" if suffix == ".csv" else ".parquet"


def _csv_data_lines(p: Path) -> int:
    """Lines of a CSV file but the header (blank lines included)."""
    lines, last = 0, b"\n"
    with p.open("rb") as f:
        while block := f.read(1 << 24):
            lines += block.count(b"\n")
            last = block[-1:]
    lines += last != b"\n"
    return max(0, lines - 1)


def _numbers(col: pd.Series) -> np.ndarray:
    """A column as floats; blanks are NaN, text that is not a number is NaN too."""
    if col.dtype == object or pd.api.types.is_string_dtype(col):
        text = col.astype(str).str.strip()
        return np.asarray(pd.to_numeric(text.where(text != "", None), errors="coerce"),
                          dtype=float)
    return np.asarray(pd.to_numeric(col, errors="coerce"), dtype=float)


def _blank(col: pd.Series) -> np.ndarray:
    if col.dtype == object or pd.api.types.is_string_dtype(col):
        return np.asarray(col.isna() | (col.astype(str).str.strip() == ""), dtype=bool)
    return np.asarray(col.isna(), dtype=bool)


def _message(field: str, value: object, low: float, high: float, unit: str) -> str:
    """The domain rule's own message for a bad value (see runlean.domain.check_bounds)."""
    try:
        if field in RANGES:
            check_range(field, value)  # type: ignore[arg-type]
        else:
            check_bounds(field, value, low, high, unit)
    except InvalidInputError as exc:
        return str(exc)
    return f"{field}: got {value!r}"  # pragma: no cover - only called for failing values


def check_columns(columns: Iterable[object]) -> list[str]:
    """Check a population table's columns; return its grouping columns.

    Raises
    ------
    InvalidInputError
        A required column is missing, or a grouping column has the name of a trajectory
        column (:data:`RESERVED`): it is written with each trajectory row under its own name.
    """
    cols = [str(c) for c in columns]
    missing = [c for c in REQUIRED if c not in cols]
    if missing:
        raise InvalidInputError("POPULATION", f"columns {cols}",
                                f"the columns {', '.join(REQUIRED)} (missing: "
                                f"{', '.join(missing)})")
    groups = [c for c in cols if c not in KNOWN]
    clash = [c for c in groups if c in RESERVED]
    if clash:
        raise InvalidInputError("POPULATION", f"column {clash[0]!r}",
                                f"a grouping column not named like a result column "
                                f"({', '.join(RESERVED)}): rename it")
    return groups


def validate_population(table: pd.DataFrame) -> Population:
    """Check every row of a population table with the domain rules (see module docstring).

    Parameters
    ----------
    table
        One row per person (e.g. from :func:`read_population_table`).

    Returns
    -------
    The valid people, and every row left out with its reason.

    Raises
    ------
    InvalidInputError
        A required column is missing, no row is valid, or a grouping column has more than
        :data:`MAX_GROUP_VALUES` distinct values or a reserved name.
    """
    pop = validate_rows(table)
    if pop.n == 0:
        raise no_valid_row(len(table), pop.rejected)
    return pop


def no_valid_row(rows: int, rejected: Sequence[RejectedRow]) -> InvalidInputError:
    """The error for a population with no valid row (naming the first problem)."""
    first = rejected[0].reason if rejected else "no rows"
    return InvalidInputError("POPULATION", f"{rows} rows",
                             f"at least one valid row (first problem: row "
                             f"{rejected[0].row if rejected else 0}: {first})")


def too_many_group_values(column: str) -> InvalidInputError:
    """The error for a grouping column with more than :data:`MAX_GROUP_VALUES` values."""
    return InvalidInputError("POPULATION", f"column {column!r}",
                             f"a grouping column with at most {MAX_GROUP_VALUES} distinct "
                             f"values (or leave it out of the table)")


def validate_rows(table: pd.DataFrame, first_row: int = 1) -> Population:
    """:func:`validate_population` of a slice of a table whose first row is ``first_row``
    (row numbers and default identifiers count from it), without the "no valid row" error:
    the result may hold nobody."""
    check_columns(table.columns)
    n = len(table)
    bad = np.zeros(n, dtype=bool)
    rejected: list[RejectedRow] = []

    def reject(mask: np.ndarray, field: str, values: pd.Series | np.ndarray,
               reason_of: object) -> None:
        new = mask & ~bad
        for i in np.flatnonzero(new):
            v = values.iloc[i] if isinstance(values, pd.Series) else values[i]
            v = v.item() if isinstance(v, np.generic) else v
            rejected.append(RejectedRow(int(i) + first_row, field, v,
                                        reason_of(v) if callable(reason_of) else str(reason_of)))
        bad[:] |= mask

    sex_text = table["sex"].astype(str).str.strip().str.lower()
    reject(~sex_text.isin(("female", "male")).to_numpy(), "sex", table["sex"],
           lambda v: f"sex: got {v!r}; expected female or male.")
    values: dict[str, np.ndarray] = {}
    for name in (*REQUIRED[1:], *OPTIONAL_NUMBERS):
        if name not in table.columns:
            values[name] = np.full(n, np.nan)
            continue
        x = _numbers(table[name])
        given = ~_blank(table[name])
        if name == "baseline_intake_kcal_per_day":
            low, high, unit = (*BASELINE_INTAKE_RANGE, "kcal/day")
        else:
            low, high, unit = RANGES[name]
        # Same rule as check_bounds: a finite number within [low, high].
        ok = np.isfinite(x) & (x >= low) & (x <= high)
        required = name in REQUIRED
        fail = ~ok & (given | required)

        def reason(v: object, name: str = name, low: float = low, high: float = high,
                   unit: str = unit) -> str:
            val: object = v
            if isinstance(v, str):
                try:
                    val = float(v)
                except ValueError:
                    val = v
            if isinstance(val, float) and not math.isfinite(val):
                val = v
            if v is None or (isinstance(v, str) and not v.strip()):
                val = None
            return _message(name, val, low, high, unit)

        reject(fail, name, table[name], reason)
        values[name] = np.where(ok, x, np.nan)
    # Regional fat: all three or none, and at most the fat mass (the Person rule).
    reg = np.stack([values[c] for c in REGIONAL])
    some, all_ = np.any(~np.isnan(reg), axis=0), np.all(~np.isnan(reg), axis=0)
    reject(some & ~all_, "regional_fat", np.full(n, None, dtype=object),
           "regional_fat: give legs_kg, arms_kg and trunk_kg together (or none of them).")
    total = np.nansum(reg, axis=0)
    w, bf = values["weight_kg"], values["body_fat_pct"]
    limit = np.where(np.isnan(bf), 0.7 * w, w * bf / 100.0)
    over = all_ & (total > limit + 1e-9)
    reject(over, "regional_fat", total,
           lambda v: f"regional_fat: got {v:.1f} kg (legs+arms+trunk); expected at most the "
                     f"fat mass (body_fat_pct × weight, or 70 % of weight).")
    keep = ~bad
    row_numbers = np.arange(first_row, first_row + n, dtype=np.int64)
    if "person_id" in table.columns:
        # Always text: a type read from the values would differ between the partitions of a
        # table (one of "1", "2", another of "X"), and "007" stays "007".
        pid = table["person_id"].fillna("").astype(str).str.strip().to_numpy().astype(str)[keep]
    else:
        pid = row_numbers[keep]
    groups: dict[str, np.ndarray] = {}
    for col in table.columns:
        if col in KNOWN:
            continue
        vals = table[col].fillna("").astype(str).str.strip().to_numpy()[keep]
        if len(np.unique(vals)) > MAX_GROUP_VALUES:
            raise too_many_group_values(str(col))
        groups[str(col)] = vals.astype(str)
    rejected.sort(key=lambda r: r.row)
    return Population(
        person_id=pid, rows=row_numbers[keep],
        male=(sex_text.to_numpy() == "male")[keep],
        **{name: values[name][keep] for name in (*REQUIRED[1:], *OPTIONAL_NUMBERS)},
        groups=groups, rejected=tuple(rejected))


def load_population(path: str | Path) -> Population:
    """Read and validate a population file (:func:`read_population_table`, then
    :func:`validate_population`)."""
    return validate_population(read_population_table(path))
