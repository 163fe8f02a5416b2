"""Log tables: list, edit (values and date), delete, export that imports back unchanged."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from runlean.errors import InvalidInputError, NotFoundError
from runlean.store.db import Store, open_store
from runlean.tracking import log_table, logs

TODAY = dt.date(2024, 6, 10)
D = [TODAY - dt.timedelta(days=k) for k in range(6)]


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = open_store(tmp_path)
    for k, day in enumerate(D):
        logs.log_weight(s, day, 80.0 - 0.1 * k, today=TODAY)
    logs.log_intake(s, D[0], 1800, protein_g=130, today=TODAY)
    logs.log_measurement(s, D[1], waist_cm=90, neck_cm=38, today=TODAY)
    yield s
    s.close()


def test_pages_newest_first_with_total(store: Store) -> None:
    page = log_table.list_logs(store, "weight", limit=4, offset=1)
    assert page.total == 6
    assert [r["date"] for r in page.rows] == D[1:5]
    assert page.rows[0]["weight_kg"] == pytest.approx(79.9)
    data = page.to_dict()
    assert data["fields"] == ["weight_kg", "body_fat_pct"]
    assert data["rows"][0]["date"] == D[1].isoformat()


@pytest.mark.parametrize(("kwargs", "field"), [({"limit": 0}, "limit"),
                                               ({"limit": 5000}, "limit"),
                                               ({"offset": -1}, "offset")])
def test_bad_page_arguments(store: Store, kwargs: dict[str, int], field: str) -> None:
    with pytest.raises(InvalidInputError) as err:
        log_table.list_logs(store, "weight", **kwargs)
    assert err.value.field == field


def test_unknown_kind(store: Store) -> None:
    with pytest.raises(InvalidInputError, match="one of weight, intake, sleep, measurement"):
        log_table.list_logs(store, "mood")


def test_edit_replaces_every_value_and_can_clear_one(store: Store) -> None:
    res = log_table.edit_log(store, "intake", D[0], {"kcal": 1750}, today=TODAY)
    assert res.previous == {"kcal": 1800, "protein_g": 130, "carbs_g": None, "fat_g": None}
    row = log_table.logs_of_day(store, D[0])["intake"]
    assert row["kcal"] == 1750 and row["protein_g"] is None and row["source"] == "edit"


def test_edit_measurement_does_not_merge(store: Store) -> None:
    log_table.edit_log(store, "measurement", D[1], {"waist_cm": 88}, today=TODAY)
    row = log_table.logs_of_day(store, D[1])["measurement"]
    assert (row["waist_cm"], row["neck_cm"]) == (88, None)


def test_edit_moves_to_a_free_date_only(store: Store) -> None:
    free = TODAY - dt.timedelta(days=20)
    log_table.edit_log(store, "weight", D[2], {"weight_kg": 79.8}, new_date=free, today=TODAY)
    assert D[2] not in {d for d, _ in logs.weights(store)}
    assert (free, 79.8) in logs.weights(store)
    with pytest.raises(InvalidInputError, match="has one: edit that entry"):
        log_table.edit_log(store, "weight", D[3], {"weight_kg": 79}, new_date=D[4],
                           today=TODAY)
    assert log_table.list_logs(store, "weight").total == 6


def test_bad_edit_changes_nothing(store: Store) -> None:
    before = log_table.export_logs_csv(store)
    with pytest.raises(InvalidInputError, match="weight_kg: got 400"):
        log_table.edit_log(store, "weight", D[0], {"weight_kg": 400}, today=TODAY)
    with pytest.raises(InvalidInputError, match="not in the future"):
        log_table.edit_log(store, "weight", D[0], {"weight_kg": 80},
                           new_date=TODAY + dt.timedelta(days=1), today=TODAY)
    with pytest.raises(NotFoundError):
        log_table.edit_log(store, "sleep", D[0], {"hours": 7}, today=TODAY)
    assert log_table.export_logs_csv(store) == before


def test_delete(store: Store) -> None:
    row = log_table.delete_log(store, "weight", D[5])
    assert row["weight_kg"] == pytest.approx(79.5)
    assert log_table.list_logs(store, "weight").total == 5
    with pytest.raises(NotFoundError, match="no weight log on"):
        log_table.delete_log(store, "weight", D[5])


def test_export_imports_back_unchanged(store: Store, tmp_path: Path) -> None:
    text = log_table.export_logs_csv(store)
    lines = text.splitlines()
    assert lines[0].split(",")[:4] == ["date", "weight_kg", "body_fat_pct", "intake_kcal"]
    assert len(lines) == 1 + len(D)
    path = tmp_path / "export.csv"
    path.write_text(text)
    fresh = open_store(tmp_path / "fresh")
    try:
        result = logs.import_log_csv(fresh, path, today=TODAY)
        assert result.new == {"weight": 6, "intake": 1, "measurement": 1}
        assert log_table.export_logs_csv(fresh) == text
        assert logs.weights(fresh) == logs.weights(store)
    finally:
        fresh.close()
