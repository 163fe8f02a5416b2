"""Hostile files at the io layer (issue 13): text that would drive a terminal, values no
recording can have, decompression bombs, damaged archive members, lenient log parsing and
unbounded documents. Every case is built here; each gives activities, a repaired value with a
warning, or one ActivityFileError / LogFormatError / InvalidInputError with a reason."""

from __future__ import annotations

import datetime as dt
import math
import os
import time
from pathlib import Path

import numpy as np
import pytest

from runlean.domain import Activity
from runlean.errors import ActivityFileError, InvalidInputError, LogFormatError, ScenarioError
from runlean.io import read_activity_file
from runlean.io.archives import iter_activity_sources
from runlean.io.csv_logs import read_generic_log_csv, read_withings_weight_csv
from runlean.io.documents import load_document
from runlean.io.limits import MAX_TEXT_CHARS, ImportLimits, current_limits
from runlean.io.sanitise import clean_text
from tests import hostile as h
from tests.io import fitwriter as fw

NOW = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
SMALL = ImportLimits(max_file_bytes=4 << 20, max_total_bytes=64 << 20)


def read(name: str, data: bytes, limits: ImportLimits | None = None) -> list[Activity]:
    return read_activity_file(Path(name), data=data, limits=limits, now=NOW)


def sources(path: Path, limits: ImportLimits | None = None) -> dict[str, object]:
    return {Path(n).name if "!" not in n else n.rsplit("!", 1)[1]: s
            for n, s in iter_activity_sources([path], limits=limits)}


# ------------------------------------------------------------- 4. text from files


def test_clean_text_removes_controls_and_caps_length() -> None:
    assert clean_text("a\x1b[2Jb\x07c\x9b31m") == "a[2Jbc31m"
    assert clean_text("one\ttwo\r\nthree") == "one two three"
    assert clean_text("\u202eexe.txt") == "exe.txt"  # right-to-left override removed
    assert clean_text("[/] [bold]x") == "[/] [bold]x"  # markup is the renderer's job
    long = clean_text("x" * 60_000_000)
    assert len(long) == MAX_TEXT_CHARS and long.endswith("…")


def test_fit_product_name_with_escape_sequences_is_cleaned() -> None:
    data = h.fit(product=b"[/]\x1b]0;pwned\x07\x1b[2J")
    (act,) = read("x.fit", data)
    assert act.device is not None and "\x1b" not in act.device and "\x07" not in act.device
    assert "[/]" in act.device


def test_tcx_huge_creator_name_is_not_kept_whole() -> None:
    (act,) = read("x.tcx", h.tcx(creator="C" * 2_000_000, sport="[/]"))
    assert act.device is not None and len(act.device) <= MAX_TEXT_CHARS
    assert act.sport == "[/]"


def test_gpx_sport_with_control_characters() -> None:
    (act,) = read("x.gpx", h.gpx(sport="run\x1b[31mning\x1b[0m"))
    assert "\x1b" not in act.sport and act.sport == "run[31mning[0m"


def test_member_names_are_cleaned(tmp_path: Path) -> None:
    path = tmp_path / "e.zip"
    path.write_bytes(h.zip_bytes({"evil\x1b[2J[/].gpx": h.gpx()}))
    ((name, src),) = list(iter_activity_sources([path]))
    assert "\x1b" not in name and name.endswith("!evil[2J[/].gpx") and isinstance(src, bytes)


# ------------------------------------------------ 5. zero, subnormal, non-finite values


def test_records_sharing_one_timestamp_make_a_zero_duration_activity() -> None:
    data = h.fit(times=[h.T0] * 5, distance_cm=[0, 100, 200, 300, 400])
    (act,) = read("same.fit", data)
    assert act.n_samples == 1 and act.streams["time_s"][0] == 0.0


def test_infinite_values_become_missing_without_poisoning_later_samples() -> None:
    (act,) = read("inf.tcx", h.tcx(distances=["0", "30", "INF", "90", "120", "150", "-5",
                                              "210", "240", "270", "300"]))
    d = act.streams["distance_m"]
    assert np.isnan(d[2]) and np.isnan(d[6])
    assert d[-1] == 300.0 and np.all(np.isfinite(np.delete(d, [2, 6])))
    assert any("distance_m values negative, infinite" in n for n in act.sanitised)


def test_subnormal_distance_is_kept_as_a_number() -> None:
    (act,) = read("tiny.tcx", h.tcx(distances=["0"] + ["4.9e-324"] * 10))
    assert float(np.nanmax(act.streams["distance_m"])) == 5e-324


# ----------------------------------------------------------- 6. implausible activities


@pytest.mark.parametrize(("name", "data", "reason"), [
    ("far.gpx", h.gpx(times=["2021-07-01T08:00:00Z", "2149-07-01T08:00:10Z"], lats=[48, 48]),
     "samples span 1,122,024 h, more than the 48 h"),
    ("flip.fit", h.fit(times=[h.T0, h.T0 + 1, h.T0 + 2, 0xFFFFFF00]),
     "more than the 48 h an activity may last"),
    ("ten_years.tcx", h.tcx(step_s=31_557_600), "more than the 48 h"),
    ("old.gpx", h.gpx(start="1985-05-01T08:00:00Z"), "start 1985-05-01 is before 1990"),
    ("future.gpx", h.gpx(start="2031-05-01T08:00:00Z"), "start 2031-05-01 is in the future"),
    ("fast.gpx", h.gpx(lats=[48.0 + 0.01 * i for i in range(11)]),
     "above the 108 km/h no human-powered activity reaches"),
])
def test_impossible_activities_are_refused(name: str, data: bytes, reason: str) -> None:
    with pytest.raises(ActivityFileError) as info:
        read(name, data)
    message = str(info.value)
    assert message.startswith(f"{name}: not imported: ") and reason in message, message


def test_multisport_refusal_names_the_session() -> None:
    t = h.T0
    data = fw.fit_file([fw.file_id(4), *[fw.record(t + i, distance_cm=300 * i) for i in range(3)],
                        fw.session(t, t + 2, 1, 0),
                        *[fw.record(x, distance_cm=900 + 300 * i)
                          for i, x in enumerate((t + 10, 0xFFFFFF00))],
                        fw.session(t + 10, t + 11, 2, 0)])
    with pytest.raises(ActivityFileError, match="session 2 of 2: samples span"):
        read("multi.fit", data)


def test_implausible_device_totals_are_repaired_with_a_warning() -> None:
    (act,) = read("kcal.fit", h.fit(kcal=65_000))
    assert act.device_energy_kcal is None
    assert any("device energy_kcal 65000 is implausible" in w for w in act.warnings)
    (act,) = read("lap.tcx", h.tcx(lap_distance="inf"))
    assert act.laps[0].distance_m is None and act.device_distance_m is None
    assert any("lap(s) with implausible values" in w for w in act.warnings)


def test_plausible_edge_cases_are_kept() -> None:
    # 47 h at one point per hour, ending now.
    times = [h.iso(NOW - dt.timedelta(hours=47 - i)) for i in range(48)]
    lats = [48.0 + 0.01 * i for i in range(48)]
    (act,) = read("long.gpx", h.gpx(times=times, lats=lats))
    assert act.streams["time_s"][-1] == 47 * 3600
    # An hour starting half a day ahead of "now" (a clock or zone set wrong).
    (act,) = read("ahead.gpx", h.gpx(start=h.iso(NOW + dt.timedelta(hours=12))))
    assert act.start_utc == NOW + dt.timedelta(hours=12)


# -------------------------------------------------------- 8. decompression bombs, limits


def test_gzip_bomb_is_refused_without_inflating_it() -> None:
    bomb = h.gzip_bomb(600 << 20, prefix=h.gpx()[:200])
    start = time.process_time()
    with pytest.raises(ActivityFileError, match="inflates more than 100 times"):
        read("bomb.gpx.gz", bomb)
    assert time.process_time() - start < 2.0


def test_gzip_content_above_the_size_limit() -> None:
    data = h.gzip_bomb(6 << 20, prefix=h.gpx()[:200])
    limits = ImportLimits(max_file_bytes=2 << 20, max_compression_ratio=1e9)
    with pytest.raises(ActivityFileError, match="gzip content above the size limit"):
        read("big.gpx.gz", data, limits)


def test_plain_file_above_the_size_limit_is_not_read(tmp_path: Path) -> None:
    big = tmp_path / "big.fit"
    with big.open("wb") as f:  # sparse: 3 GB on paper, nothing on disk
        f.truncate(3 * 1024**3)
    with pytest.raises(ActivityFileError, match="file of 3,221,225,472 bytes is above"):
        read_activity_file(big)
    ((_name, err),) = list(iter_activity_sources([big]))
    assert isinstance(err, ActivityFileError) and "above the size limit" in str(err)


def test_device_files_are_refused() -> None:
    ((_name, err),) = list(iter_activity_sources([Path("/dev/zero")]))
    assert isinstance(err, ActivityFileError) and "not a regular file" in str(err)
    with pytest.raises(ActivityFileError, match="not a regular file"):
        read_activity_file(Path("/dev/zero"))


def test_xml_with_too_many_samples_is_refused_before_parsing() -> None:
    doc = h.gpx()
    limits = ImportLimits(max_samples=5)
    with pytest.raises(ActivityFileError, match="more than 5 samples in the GPX file"):
        read("many.gpx", doc, limits)
    with pytest.raises(ActivityFileError, match="more than 5 samples in the TCX file"):
        read("many.tcx", h.tcx(), limits)


def test_fit_with_too_many_records_is_refused() -> None:
    with pytest.raises(ActivityFileError, match="more than 5 records"):
        read("many.fit", h.fit(n=20), ImportLimits(max_samples=5))


def test_overlapping_zip_entries_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "overlap.zip"
    path.write_bytes(h.overlapping_zip("a.gpx", 2 << 20, 50))
    start = time.process_time()
    ((_name, err),) = list(iter_activity_sources([path]))
    assert time.process_time() - start < 1.0
    assert isinstance(err, ActivityFileError) and "overlapping entries" in str(err)


def test_high_ratio_member_and_nested_bomb(tmp_path: Path) -> None:
    bomb = h.zip_bytes({"z.gpx": b"\0" * (8 << 20)})
    nested = h.zip_bytes({f"{i}.zip": bomb for i in range(10)})
    path = tmp_path / "nested.zip"
    path.write_bytes(h.zip_bytes({"n.zip": nested, "good.gpx": h.gpx()}))
    found = list(iter_activity_sources([path]))
    errors = [s for _, s in found if isinstance(s, ActivityFileError)]
    assert len(errors) == 10 and all("decompression bomb" in str(e) for e in errors)
    assert [n.rsplit("!", 1)[1] for n, s in found if isinstance(s, bytes)] == ["good.gpx"]


def test_member_count_and_total_bytes_budgets(tmp_path: Path) -> None:
    path = tmp_path / "many.zip"
    path.write_bytes(h.zip_bytes({f"{i:02d}.gpx": h.gpx() for i in range(12)}))
    found = list(iter_activity_sources([path], limits=ImportLimits(max_archive_members=10)))
    assert sum(isinstance(s, bytes) for _, s in found) == 10
    assert "too many archive members" in str(found[-1][1])
    size = len(h.gpx())
    found = list(iter_activity_sources([path], limits=ImportLimits(max_total_bytes=3 * size)))
    assert sum(isinstance(s, bytes) for _, s in found) == 3
    assert all("max_total_bytes" in str(s) for _, s in found[3:])


def test_limits_from_the_environment() -> None:
    limits = current_limits({"RUNLEAN_LIMIT_MAX_FILE_BYTES": "1000",
                             "RUNLEAN_LIMIT_MAX_COMPRESSION_RATIO": "12.5"})
    assert limits.max_file_bytes == 1000 and limits.max_compression_ratio == 12.5
    assert current_limits({}) == ImportLimits()
    for bad in ("-1", "lots", "9" * 5000, "nan"):
        with pytest.raises(InvalidInputError, match="RUNLEAN_LIMIT_MAX_SAMPLES"):
            current_limits({"RUNLEAN_LIMIT_MAX_SAMPLES": bad})


# ------------------------------------------------- 9. one bad member does not stop the rest


def test_bad_members_are_skipped_and_reported(tmp_path: Path) -> None:
    deep = h.zip_bytes({"d.gpx": h.gpx()})
    for _ in range(3):
        deep = h.zip_bytes({"deeper.zip": deep})
    good = h.gpx()
    damaged = bytearray(h.zip_bytes({"c_damaged.gpx": h.gpx(sport="x" * 3000)}))
    damaged[60:90] = b"\xff" * 30  # inside the compressed data: a CRC or inflate error
    archive = h.zip_bytes({"a_secret.gpx": good, "b_big.gpx": h.gpx() + b" " * (5 << 20),
                           "c_inner.zip": bytes(damaged), "d_deep.zip": deep,
                           "e_ok.gpx": good}, stored=False)
    archive = h.mark_encrypted(archive, "a_secret.gpx")
    path = tmp_path / "mixed.zip"
    path.write_bytes(archive)
    found = sources(path, SMALL)
    reasons = {k: str(v) for k, v in found.items() if isinstance(v, ActivityFileError)}
    assert "encrypted" in reasons["a_secret.gpx"]
    assert "above the size limit" in reasons["b_big.gpx"]
    assert "cannot read the archive member" in reasons["c_damaged.gpx"]
    assert "nested too deeply" in reasons["deeper.zip"]
    assert isinstance(found["e_ok.gpx"], bytes)


def test_folder_with_a_damaged_zip_yields_the_good_file(tmp_path: Path) -> None:
    (tmp_path / "a_broken.zip").write_bytes(b"PK\x03\x04 damaged")
    (tmp_path / "b_run.fit").write_bytes(h.fit())
    found = sources(tmp_path)
    assert isinstance(found["a_broken.zip"], ActivityFileError)
    assert isinstance(found["b_run.fit"], Path)


# ------------------------------------------------------------ 11. unbounded documents


@pytest.mark.parametrize(("text", "reason"), [
    ('{"days": ' + "9" * 5000 + "}", "a number of 5,000 digits"),
    ("[" * 200_000 + "]" * 200_000, "nested more than 32 levels deep"),
    ('{"a": NaN}', "NaN is not a JSON number"),
    ('{"a": 0.' + "1" * 100 + "}", "a number of 102 characters"),
])
def test_json_documents_are_bounded(tmp_path: Path, text: str, reason: str) -> None:
    path = tmp_path / "s.json"
    path.write_text(text)
    with pytest.raises(ScenarioError) as info:
        load_document(path, field="SCENARIO", error=ScenarioError)
    assert str(info.value).startswith("SCENARIO: got ") and reason in str(info.value)


@pytest.mark.parametrize(("text", "reason"), [
    ("a = " + "[" * 200_000 + "]" * 200_000, "nested more than 32 levels deep"),
    (".".join(["k"] * 5000) + " = 1", "nested more than 32 levels deep"),
    ("[" + ".".join(["t"] * 40) + "]\nx = 1", "nested more than 32 levels deep"),
    ("weeks = " + "9" * 5000, "thousands of digits"),
    ("weeks = " + "9" * 30, "beyond ±9223372036854775807"),
])
def test_toml_documents_are_bounded(tmp_path: Path, text: str, reason: str) -> None:
    path = tmp_path / "p.toml"
    path.write_text(text)
    with pytest.raises(InvalidInputError) as info:
        load_document(path)
    assert str(info.value).startswith("--profile: got ") and reason in str(info.value)


def test_documents_must_be_small_regular_utf8_files(tmp_path: Path) -> None:
    with pytest.raises(InvalidInputError, match="a regular file"):
        load_document(Path("/dev/zero"))
    (tmp_path / "latin.toml").write_bytes(b"name = '\xe9'")
    with pytest.raises(InvalidInputError, match="UTF-8"):
        load_document(tmp_path / "latin.toml")
    (tmp_path / "ok.toml").write_text("[person]\nweight_kg = 80.5\n")
    assert load_document(tmp_path / "ok.toml") == {"person": {"weight_kg": 80.5}}


# ----------------------------------------------- 11, 16. log CSVs: bounded and strict


@pytest.mark.parametrize(("body", "reason"), [
    ("date,weight_kg\n2024-05-07<script>,70\n", "date = '2024-05-07<script>' is not a date"),
    ("date,weight_kg\n20240507,70\n", "date = '20240507' is not a date"),
    ("date,weight_kg\n2024-05-07,7_2\n", "weight_kg = '7_2' is not a number"),
    ("date,weight_kg\n2024-05-07,\u0667\u0662\n", "is not a number"),
    ("date,weight_kg\n2024-05-07,nan\n", "is not a number"),
    ("date,weight_kg,date\n2024-05-07,70,2024-05-08\n", "column 'date' appears more than once"),
    ("date,weight_kg\n2024-05-07," + "7" * 200 + "\n", "cell of 200 characters"),
    ("date,weight_kg\n2024-05-07," + "x" * 200_000 + "\n", "not a readable CSV file"),
])
def test_log_csv_parsing_is_strict(tmp_path: Path, body: str, reason: str) -> None:
    path = tmp_path / "log.csv"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(LogFormatError) as info:
        read_generic_log_csv(path)
    assert reason in str(info.value) and len(str(info.value)) < 300


def test_log_csv_still_reads_plain_numbers_and_withings_stamps(tmp_path: Path) -> None:
    path = tmp_path / "log.csv"
    path.write_text("date,weight_kg,intake_kcal\n2024-05-07,+72.4,1.85e3\n")
    (w, i) = read_generic_log_csv(path)
    assert w.values == {"weight_kg": 72.4} and i.values == {"kcal": 1850.0}
    wpath = tmp_path / "weight.csv"
    wpath.write_text('Date,"Weight (kg)",Comments\n"2024-05-01 07:32:10",72.4,"' + "c" * 500
                     + '"\n')
    (rec,) = read_withings_weight_csv(wpath)
    assert rec.date == dt.date(2024, 5, 1)


def test_log_csv_from_a_device_or_too_large(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                            ) -> None:
    with pytest.raises(LogFormatError, match="not a regular file"):
        read_generic_log_csv(Path("/dev/zero"))
    monkeypatch.setenv("RUNLEAN_LIMIT_MAX_LOG_BYTES", "100")
    path = tmp_path / "log.csv"
    path.write_text("date,weight_kg\n" + "".join(f"2024-01-{d:02d},70\n" for d in range(1, 30)))
    with pytest.raises(LogFormatError, match="above the size limit"):
        read_generic_log_csv(path)


def test_environment_limits_reach_the_reader(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                             ) -> None:
    monkeypatch.setenv("RUNLEAN_LIMIT_MAX_SAMPLES", "3")
    with pytest.raises(ActivityFileError, match="RUNLEAN_LIMIT_MAX_SAMPLES"):
        read("x.gpx", h.gpx())
    assert os.environ["RUNLEAN_LIMIT_MAX_SAMPLES"] == "3"
    assert math.isfinite(current_limits().max_compression_ratio)


def test_fit_session_start_far_from_its_records_gives_way_to_the_records() -> None:
    recs = [fw.record(h.T0 + i, distance_cm=300 * i) for i in range(5)]
    flipped = h.T0 ^ (1 << 28)  # one bit of the session's start_time: 8.5 years off
    session = fw.message(18, [(253, 0x86, h.T0 + 4), (2, 0x86, flipped), (5, 0x00, 1)])
    data = fw.fit_file([fw.file_id(4), *recs, session])
    (act,) = read("flip_start.fit", data)
    assert act.start_utc == dt.datetime(2021, 7, 1, 6, 0, tzinfo=dt.UTC)
    assert any("session start time is far" in w for w in act.warnings)
