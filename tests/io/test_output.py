"""All-or-nothing writing of output files into a user-chosen folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from runlean.errors import InvalidInputError
from runlean.io.output import write_files


def test_writes_every_file_and_creates_parents(tmp_path: Path) -> None:
    out = tmp_path / "a" / "b"
    written = write_files(out, {"x.txt": b"1", "y.bin": b"\x00\x01"})
    assert written == [out / "x.txt", out / "y.bin"]
    assert (out / "x.txt").read_bytes() == b"1" and (out / "y.bin").read_bytes() == b"\x00\x01"
    assert sorted(p.name for p in out.iterdir()) == ["x.txt", "y.bin"]  # no temp dir left


def test_out_dir_that_is_a_file_names_the_option(tmp_path: Path) -> None:
    blocker = tmp_path / "f"
    blocker.write_text("keep")
    with pytest.raises(InvalidInputError) as info:
        write_files(blocker, {"x.txt": b"1"}, field="--out")
    assert str(info.value).startswith("--out:") and "a folder" in str(info.value)
    with pytest.raises(InvalidInputError, match="part of the path is a file"):
        write_files(blocker / "sub", {"x.txt": b"1"})
    assert blocker.read_text() == "keep"


def test_single_files_are_private_and_whole(tmp_path: Path) -> None:
    import stat

    from runlean.io.output import write_file

    target = write_file(tmp_path / "trajectory.csv", b"day,weight_kg\n0,80\n")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert target.read_bytes() == b"day,weight_kg\n0,80\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["trajectory.csv"]
    with pytest.raises(InvalidInputError, match="--out"):
        write_file(tmp_path, b"x")  # a folder of that name
