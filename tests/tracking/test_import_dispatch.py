"""`runlean import` dispatches log CSVs to the log importer, with skip-and-report in bulk."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from runlean.store.activities import list_failed_imports
from runlean.store.db import Store, open_store
from runlean.tracking import logs
from runlean.tracking.importing import import_paths


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = open_store(tmp_path / "db")
    yield s
    s.close()


def test_csv_logs_go_to_the_log_importer_and_bad_ones_are_reported(
        store: Store, tmp_path: Path) -> None:
    good = tmp_path / "log.csv"
    good.write_text("date,weight_kg,intake_kcal\n2024-05-01,80.2,1900\n2024-05-02,80.0,1850\n",
                    encoding="utf-8")
    withings = tmp_path / "weight.csv"
    withings.write_text('Date,"Weight (kg)","Fat mass (kg)"\n'
                        '"2024-05-03 07:01:00",79.8,20.0\n', encoding="utf-8")
    bad = tmp_path / "bad.csv"
    bad.write_text("date,weight_kg\n2024-05-04,heavy\n", encoding="utf-8")
    report = import_paths([good, bad, withings], store)
    assert report.files == 3
    assert len(report.logs) == 2 and any("weight: 2 new" in x for x in report.logs)
    assert [f.source for f in report.failed] == [str(bad)]
    assert "row 2" in report.failed[0].reason
    assert logs.weights(store) == [(dt.date(2024, 5, 1), 80.2), (dt.date(2024, 5, 2), 80.0),
                                   (dt.date(2024, 5, 3), 79.8)]
    assert [r.kcal for r in logs.intakes(store)] == [1900, 1850]
    assert any(r["reason"] == report.failed[0].reason for r in list_failed_imports(store))
    # Nothing of the bad file was written (all or nothing).
    assert dt.date(2024, 5, 4) not in {d for d, _ in logs.weights(store)}
