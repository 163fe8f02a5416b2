"""CSV logs: generic format, Withings export, clear errors, all-or-nothing import."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from runlean.errors import LogFormatError
from runlean.io.csv_logs import read_generic_log_csv, read_log_csv, read_withings_weight_csv
from runlean.store.db import Store, open_store
from runlean.tracking import logs

TODAY = dt.date(2024, 6, 1)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = open_store(tmp_path / "db")
    yield s
    s.close()


def _write(tmp_path: Path, name: str, text: str) -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_generic_format_with_units(tmp_path: Path) -> None:
    p = _write(tmp_path, "log.csv",
               "date,weight_lb,intake_kcal,protein_g,sleep_h,waist_in\n"
               "2024-05-01,160,1850,140,7.5,32\n"
               "2024-05-02,159.5,,,,\n\n")
    recs = read_generic_log_csv(p)
    w = [r for r in recs if r.kind == "weight"]
    assert [r.date for r in w] == [dt.date(2024, 5, 1), dt.date(2024, 5, 2)]
    assert w[0].values["weight_kg"] == pytest.approx(160 * 0.45359237)
    m = next(r for r in recs if r.kind == "measurement")
    assert m.values == {"waist_cm": pytest.approx(81.28)}
    i = next(r for r in recs if r.kind == "intake")
    assert i.values == {"kcal": 1850, "protein_g": 140} and i.row == 2


@pytest.mark.parametrize(("text", "match"), [
    ("date,weight_kgs\n2024-05-01,70\n", "unknown column 'weight_kgs'"),
    ("weight_kg\n70\n", "no 'date' column"),
    ("date,weight_kg\n2024-05-01,70\n2024-13-01,71\n", "row 3: date = '2024-13-01'"),
    ("date,weight_kg\n2024-05-01,seventy\n", "row 2: weight_kg = 'seventy' is not a number"),
    ("date,weight_kg\n2024-05-01,70\n2024-05-01,71\n", "row 3: date 2024-05-01 already"),
    ("date,weight_kg,weight_lb\n2024-05-01,70,154\n", "same value"),
    ("date,weight_kg\n2024-05-01,70,3\n", "row 2: 3 cells"),
    ("", "empty"),
])
def test_bad_files_have_clear_errors(tmp_path: Path, text: str, match: str) -> None:
    with pytest.raises(LogFormatError, match=match):
        read_generic_log_csv(_write(tmp_path, "bad.csv", text))


WITHINGS = (
    'Date,"Weight (kg)","Fat mass (kg)","Bone mass (kg)","Muscle mass (kg)",'
    '"Hydration (kg)",Comments\n'
    '"2024-05-02 21:10:00",73.0,15.0,3.1,55.0,40.2,\n'
    '"2024-05-02 07:05:11",72.4,14.5,3.1,55.0,40.1,"after run"\n'
    '"2024-05-01 07:32:10",72.8,,,,,\n'
)


def test_withings_export_first_reading_per_day(tmp_path: Path) -> None:
    p = _write(tmp_path, "weight.csv", WITHINGS)
    recs = read_withings_weight_csv(p)
    assert [r.date for r in recs] == [dt.date(2024, 5, 1), dt.date(2024, 5, 2)]
    assert recs[1].values["weight_kg"] == 72.4  # the morning reading, not the evening one
    assert recs[1].values["body_fat_pct"] == pytest.approx(100 * 14.5 / 72.4)
    assert "body_fat_pct" not in recs[0].values
    assert read_log_csv(p) == recs  # detected from the header


def test_import_is_all_or_nothing(store: Store, tmp_path: Path) -> None:
    p = _write(tmp_path, "log.csv",
               "date,weight_kg,intake_kcal\n2024-05-01,72.4,1850\n2024-05-02,720,1900\n")
    with pytest.raises(LogFormatError, match=r"row 3: weight_kg: got 720\.0"):
        logs.import_log_csv(store, p, today=TODAY)
    assert logs.weights(store) == [] and logs.intakes(store) == []
    future = _write(tmp_path, "f.csv", "date,intake_kcal\n2024-05-01,1800\n2024-07-01,1900\n")
    with pytest.raises(LogFormatError, match="row 3: date"):
        logs.import_log_csv(store, future, today=TODAY)
    neg = _write(tmp_path, "n.csv", "date,intake_kcal\n2024-05-01,-200\n")
    with pytest.raises(LogFormatError, match="row 2: kcal"):
        logs.import_log_csv(store, neg, today=TODAY)
    assert logs.intakes(store) == []


def test_import_counts_new_and_replaced(store: Store, tmp_path: Path) -> None:
    logs.log_weight(store, dt.date(2024, 5, 1), 73.0, today=TODAY)
    p = _write(tmp_path, "log.csv",
               "date,weight_kg,sleep_h\n2024-05-01,72.4,7\n2024-05-02,72.1,6.5\n")
    res = logs.import_log_csv(store, p, today=TODAY)
    assert res.new == {"sleep": 2, "weight": 1} and res.replaced == {"weight": 1}
    assert logs.weights(store) == [(dt.date(2024, 5, 1), 72.4), (dt.date(2024, 5, 2), 72.1)]
    assert "1 replaced" in res.message()
