"""Reading and writing the user's files: regular files only, bounded reads, atomic replacement."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from competency import files
from competency.errors import CompetencyError


def _refused(path, read=lambda p: files.read_at_most(p, 10)) -> str:
    with pytest.raises(CompetencyError) as caught:
        read(path)
    return str(caught.value.diagnostic)


def test_a_fifo_is_refused_at_once_not_waited_on(tmp_path: Path) -> None:
    fifo = tmp_path / "partner.yaml"
    os.mkfifo(fifo)
    assert _refused(fifo) == f"{fifo}: error: cannot read file: a named pipe (FIFO), not a regular file [I300]"
    assert _refused(fifo, files.open_regular).endswith("a named pipe (FIFO), not a regular file [I300]")


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/null"])
def test_a_device_is_refused(device: str) -> None:
    assert _refused(device) == f"{device}: error: cannot read file: a device, not a regular file [I300]"


def test_a_directory_and_a_missing_file_are_refused(tmp_path: Path) -> None:
    assert _refused(tmp_path).endswith("cannot read file: a directory, not a regular file [I300]")
    assert _refused(tmp_path / "none").endswith("cannot read file: No such file or directory [I300]")


def test_reads_stop_at_the_limit(tmp_path: Path) -> None:
    big = tmp_path / "big.json"
    big.write_bytes(b"x" * 1000)
    assert files.read_at_most(big, 11) == b"x" * 11
    assert _refused(big, lambda p: files.read_text(p, 10)) == f"{big}: error: file is larger than 10 bytes [I301]"


def test_a_line_past_the_limit_is_skipped_not_read_whole() -> None:
    stream = io.BytesIO(b"short\n" + b"x" * 5_000_000 + b"\nafter\nend")
    assert list(files.bounded_lines(stream, 10)) == [b"short\n", None, b"after\n", b"end"]
    assert list(files.bounded_lines(io.BytesIO(b"x" * 11), 10)) == [None]
    assert (
        list(files.bounded_lines(io.BytesIO(b"a\n" + b"x" * 3_000_000 + b"\n"), 5_000_000))[1]
        == b"x" * 3_000_000 + b"\n"
    )


def test_text_that_is_not_utf8_is_refused_where_it_breaks(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_bytes(b"partner: P\npeople: \xff\n")
    assert _refused(bad, lambda p: files.read_text(p, 100)) == f"{bad}:2:9: error: file is not valid UTF-8 text [I301]"


def test_replaced_writes_the_whole_file_or_nothing(tmp_path: Path) -> None:
    target = tmp_path / "out.jsonl"
    target.write_text("old\n", encoding="utf-8")
    target.chmod(0o604)
    with pytest.raises(KeyError), files.replaced(target) as f:
        f.write("half")
        raise KeyError("interrupted")
    assert target.read_text(encoding="utf-8") == "old\n" and os.listdir(tmp_path) == ["out.jsonl"]
    with files.replaced(target) as f:
        f.write("new\n")
    assert target.read_text(encoding="utf-8") == "new\n" and target.stat().st_mode & 0o777 == 0o604
    assert os.listdir(tmp_path) == ["out.jsonl"]


def test_replaced_into_a_missing_directory_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(CompetencyError) as caught, files.replaced(tmp_path / "no" / "out.jsonl") as f:
        f.write("x")
    assert caught.value.diagnostic.message.startswith("cannot write file: No such file or directory")


def test_replaced_writes_a_pipe_or_device_as_it_is(tmp_path: Path) -> None:
    with files.replaced("/dev/null") as f:  # not replaced by a regular file, even with the rights to
        f.write("gone\n")
    assert Path("/dev/null").is_char_device()


def test_same_file_sees_through_links(tmp_path: Path) -> None:
    a = tmp_path / "a"
    a.write_text("", encoding="utf-8")
    (tmp_path / "b").symlink_to(a)
    assert files.same_file(a, tmp_path / "b") and not files.same_file(a, tmp_path / "missing")
