"""The data directory is private: folders runlean creates are 0700, its files 0600."""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from runlean.io.output import write_files
from runlean.store.db import open_store
from runlean.tracking.importing import import_paths
from runlean.tracking.logs import log_weight

from .synthetic_files import fit_bytes

pytestmark = pytest.mark.skipif(sys.platform == "win32",
                                reason="POSIX permission bits (Windows uses ACLs)")


@pytest.fixture(autouse=True)
def permissive_umask() -> Iterator[None]:
    """The common default umask, under which Python creates 0755 folders and 0644 files."""
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_new_data_directory_database_and_streams_are_private(tmp_path: Path) -> None:
    import datetime as dt

    data = tmp_path / "home" / "runlean"
    (tmp_path / "run.fit").write_bytes(fit_bytes(0))
    with open_store(data) as store:
        import_paths([tmp_path / "run.fit"], store)
        log_weight(store, dt.date(2024, 5, 1), 79.0)
        db_files = sorted(data.glob("runlean.db*"))
        assert {p.name for p in db_files} >= {"runlean.db", "runlean.db-wal"}
        for path in db_files:
            assert _mode(path) == 0o600, path
    assert _mode(data) == 0o700
    assert _mode(data / "streams") == 0o700
    streams = list((data / "streams").iterdir())
    assert streams
    for path in streams:
        assert _mode(path) == 0o600, path
    for path in data.iterdir():  # nothing in the data directory is readable by others
        assert _mode(path) & 0o077 == 0, path


def test_an_older_store_is_made_private_on_open(tmp_path: Path) -> None:
    data = tmp_path / "data"
    open_store(data).close()
    for path in (data / "streams", data / "runlean.db"):
        path.chmod(0o755 if path.is_dir() else 0o644)
    open_store(data).close()
    assert _mode(data / "streams") == 0o700
    assert _mode(data / "runlean.db") == 0o600


def test_an_existing_folder_chosen_by_the_user_keeps_its_mode(tmp_path: Path) -> None:
    # A folder the person made (and may share) is not chmod-ed; what runlean puts in it is
    # private.
    chosen = tmp_path / "shared"
    chosen.mkdir(mode=0o755)
    chosen.chmod(0o755)
    open_store(chosen).close()
    assert _mode(chosen) == 0o755
    assert _mode(chosen / "runlean.db") == 0o600
    assert _mode(chosen / "streams") == 0o700


def test_output_files_are_private(tmp_path: Path) -> None:
    out = tmp_path / "plans" / "mine"
    written = write_files(out, {"plan.json": b"{}", "plan.ics": b"BEGIN:VCALENDAR"})
    assert written
    for path in written:
        assert _mode(path) == 0o600, path
    assert _mode(out) == 0o700


def test_the_platform_default_location_is_tightened(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    import platformdirs

    default = tmp_path / "share" / "runlean"
    default.mkdir(parents=True)
    default.chmod(0o755)  # as an older runlean left it
    monkeypatch.setattr(platformdirs, "user_data_dir", lambda *args, **kwargs: str(default))
    monkeypatch.delenv("RUNLEAN_HOME", raising=False)
    monkeypatch.delenv("RUNLEAN_DATABASE_URL", raising=False)
    open_store().close()
    assert _mode(default) == 0o700
    assert _mode(default / "runlean.db") == 0o600
