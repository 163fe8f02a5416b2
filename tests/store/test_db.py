"""Opening the store: data directory, URL, migrations to head, schema == metadata."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

from runlean.errors import StoreError
from runlean.store import models  # noqa: F401
from runlean.store.base import Base
from runlean.store.db import (
    current_revision,
    database_url,
    default_data_dir,
    open_store,
    store_exists,
)


def test_fresh_database_is_migrated_to_head(tmp_path: Path) -> None:
    store = open_store(tmp_path)
    try:
        assert current_revision(store.engine) is not None
        assert (tmp_path / "runlean.db").is_file()
        assert (tmp_path / "streams").is_dir()
        tables = set(inspect(store.engine).get_table_names())
        assert {"profile", "plans", "activities", "failed_imports", "imported_files",
                "alembic_version"} <= tables
    finally:
        store.close()


def test_initial_revision_id_is_stable(tmp_path: Path) -> None:
    # Later migrations (0002_logs) declare down_revision = "0001_initial".
    from alembic.script import ScriptDirectory

    from runlean.store.db import alembic_config

    script = ScriptDirectory.from_config(alembic_config())
    assert "0001_initial" in {rev.revision for rev in script.walk_revisions()}
    base = script.get_base()
    assert base == "0001_initial"


def test_migrated_schema_equals_metadata(tmp_path: Path) -> None:
    store = open_store(tmp_path)
    try:
        with store.engine.connect() as conn:
            ctx = MigrationContext.configure(conn, opts={"compare_type": True})
            diffs = compare_metadata(ctx, Base.metadata)
        assert diffs == []
    finally:
        store.close()


def test_reopen_is_idempotent_and_sqlite_pragmas_set(tmp_path: Path) -> None:
    open_store(tmp_path).close()
    store = open_store(tmp_path)
    try:
        with store.engine.connect() as conn:
            assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
            assert str(conn.execute(text("PRAGMA journal_mode")).scalar()).lower() == "wal"
    finally:
        store.close()


def test_data_dir_and_url_resolution(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RUNLEAN_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("RUNLEAN_DATABASE_URL", raising=False)
    assert default_data_dir() == tmp_path / "home"
    assert default_data_dir(tmp_path / "x") == tmp_path / "x"
    assert database_url(tmp_path) == f"sqlite:///{tmp_path / 'runlean.db'}"
    monkeypatch.setenv("RUNLEAN_DATABASE_URL", "sqlite:///" + str(tmp_path / "other.db"))
    assert database_url(tmp_path).endswith("other.db")
    assert database_url(tmp_path, "sqlite://") == "sqlite://"
    monkeypatch.delenv("RUNLEAN_HOME")
    assert default_data_dir().name.lower() == "runlean"


def test_bad_url_is_a_store_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="cannot open database"):
        open_store(tmp_path, url="nosuchdialect://x")


def test_bad_url_error_does_not_show_the_password(tmp_path: Path) -> None:
    with pytest.raises(StoreError) as info:
        open_store(tmp_path, url="nosuchdialect://runner:s3cret@db.example/runlean")
    message = str(info.value)
    assert "s3cret" not in message
    assert "nosuchdialect://runner:***@db.example/runlean" in message


@pytest.mark.skipif(not os.environ.get("RUNLEAN_TEST_PG_URL"),
                    reason="RUNLEAN_TEST_PG_URL is not set (no PostgreSQL server to test on)")
def test_postgresql_migrates_and_matches_metadata(tmp_path: Path) -> None:
    store = open_store(tmp_path, url=os.environ["RUNLEAN_TEST_PG_URL"])
    try:
        with store.engine.connect() as conn:
            ctx = MigrationContext.configure(conn, opts={"compare_type": True})
            assert compare_metadata(ctx, Base.metadata) == []
    finally:
        store.close()


def test_head_revision_constant_is_the_scripts_head(tmp_path: Path) -> None:
    from alembic.script import ScriptDirectory

    from runlean.store.db import HEAD_REVISION, alembic_config, current_revision, is_at_head

    assert ScriptDirectory.from_config(alembic_config()).get_current_head() == HEAD_REVISION
    with open_store(tmp_path) as store:
        assert is_at_head(store.engine)
        assert current_revision(store.engine) == HEAD_REVISION


def test_reopening_an_up_to_date_store_does_not_load_alembic(tmp_path: Path) -> None:
    import subprocess
    import sys

    from ..conftest import REPO

    open_store(tmp_path).close()
    code = ("import sys; from pathlib import Path; from runlean.store.db import open_store; "
            f"open_store(Path({str(tmp_path)!r})).close(); print('alembic' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={"PYTHONPATH": str(REPO / "src")}).stdout.strip()
    assert out == "False"


def test_store_exists_does_not_create(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("RUNLEAN_DATABASE_URL", raising=False)
    home = tmp_path / "home"
    assert not store_exists(home)
    assert not home.exists()
    open_store(home).close()
    assert store_exists(home)
    assert store_exists(home, url="postgresql://runner@db.example/runlean")


@pytest.mark.parametrize("url", [
    "postgresql+psycopg://runner@127.0.0.1:1/runlean?password=s3cret",
    "postgresql+psycopg://runner:s3cret@127.0.0.1:1/runlean",
    "postgresql+psycopg://runner:s3cret@127.0.0.1:notaport/runlean",
    "postgresql://runner:s3cret@[::1/runlean",
    "nosuchdialect://runner@db.example/runlean?sslpassword=s3cret&password=s3cret",
    "not a url runner:s3cret@db.example password=s3cret",
])
def test_no_error_message_shows_the_password(tmp_path: Path, url: str) -> None:
    with pytest.raises(StoreError) as info:
        open_store(tmp_path, url=url)
    assert "s3cret" not in str(info.value)
    assert "s3cret" not in repr(info.value.args)
    with pytest.raises(StoreError) as info:
        if store_exists(tmp_path, url=url):
            open_store(tmp_path, url=url)
    assert "s3cret" not in str(info.value)


def test_the_cli_does_not_show_a_password_from_the_environment(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
        ) -> None:
    import sys

    from runlean.cli import main

    monkeypatch.setenv("RUNLEAN_DATABASE_URL",
                       "postgresql+psycopg://runner@127.0.0.1:1/runlean?password=s3cret")
    for args in (["activities"], ["profile", "show"], ["log", "weight", "79"]):
        monkeypatch.setattr(sys, "argv", ["runlean", *args, "--data-dir", str(tmp_path)])
        with pytest.raises(SystemExit) as exit_info:
            main()
        assert exit_info.value.code != 0
        err = capsys.readouterr().err
        assert err.startswith("runlean: error: ") and err.count("\n") == 1, err
        assert "s3cret" not in err
        assert "***" in err
