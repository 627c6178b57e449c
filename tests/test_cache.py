"""The compiled library in the user's private cache: read back only for the same files and code."""

from __future__ import annotations

import os
import sys
import threading
from pathlib import Path

import pytest

import competency
from competency import cache
from competency.compiler import library
from competency.errors import CompetencyError

USER = 'competency cloud-crm "{title}" {{\n  option o "O" {{\n    level silver {{\n    }}\n  }}\n}}\n'


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "home"))
    return tmp_path / "home" / "competency"


def entries(directory: Path) -> list[Path]:
    return sorted(directory.glob("library-*.pickle"))


@pytest.fixture
def no_compiling(monkeypatch):
    """From here on, compiling fails the test: a load must come from the cache."""

    def refuse(layers):
        raise AssertionError("compiled again")

    return lambda: monkeypatch.setattr(library, "_compile", refuse)


def test_a_second_load_reads_the_compiled_library_back(cache_home: Path, no_compiling) -> None:
    first = competency.load()
    assert len(entries(cache_home)) == 1
    assert entries(cache_home)[0].stat().st_mode & 0o777 == 0o600
    no_compiling()
    second = competency.load()
    assert second == first and second is not first
    assert [v.path for v in second.versions("cloud-crm")] == [v.path for v in first.versions("cloud-crm")]


def test_a_changed_file_is_compiled_again(tmp_path: Path, cache_home: Path) -> None:
    user = tmp_path / "rules"
    user.mkdir()
    (user / "crm.comp").write_text(USER.format(title="First"), encoding="utf-8")
    assert competency.load([user]).versions("cloud-crm")[0].title == "First"
    (user / "crm.comp").write_text(USER.format(title="Second"), encoding="utf-8")
    assert competency.load([user]).versions("cloud-crm")[0].title == "Second"
    assert len(entries(cache_home)) == 2


def test_the_same_files_in_another_layer_are_another_entry(tmp_path: Path, cache_home: Path) -> None:
    (tmp_path / "crm.comp").write_text(USER.format(title="Mine"), encoding="utf-8")
    with_builtin = competency.load([tmp_path])
    alone = competency.load([tmp_path], builtin=False)
    assert "application-development" in with_builtin.competencies
    assert "application-development" not in alone.competencies


def test_a_broken_entry_is_rebuilt(cache_home: Path) -> None:
    expected = competency.load()
    [entry] = entries(cache_home)
    entry.write_bytes(entry.read_bytes()[:100])  # truncated
    assert competency.load() == expected
    assert entry.stat().st_size > 100  # written anew


def test_an_entry_that_is_not_a_library_is_ignored(cache_home: Path) -> None:
    expected = competency.load()
    [entry] = entries(cache_home)
    cache.write("library", entry.name.removeprefix("library-").removesuffix(".pickle"), ["not", "a", "library"])
    assert competency.load() == expected


def test_a_library_with_errors_is_not_cached(tmp_path: Path, cache_home: Path) -> None:
    (tmp_path / "bad.comp").write_text("competency {", encoding="utf-8")
    for _ in range(2):
        with pytest.raises(CompetencyError):
            competency.load([tmp_path])
    assert entries(cache_home) == []


def test_a_directory_others_can_write_to_is_not_used(cache_home: Path) -> None:
    cache_home.mkdir(parents=True)
    cache_home.chmod(0o777)
    competency.load()
    assert entries(cache_home) == []
    assert cache.directory() is None


def test_without_a_usable_cache_directory_loading_still_works(tmp_path: Path, monkeypatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))  # a file: no directory can be made under it
    assert cache.directory() is None
    assert "cloud-crm" in competency.load().competencies


def test_keys_depend_on_every_part_and_where_parts_split() -> None:
    assert cache.key([b"ab", b"c"]) != cache.key([b"a", b"bc"])
    assert cache.key([b"a"]) == cache.key([b"a"]) != cache.key([b"b"])


def test_only_the_newest_entries_are_kept(tmp_path: Path, cache_home: Path, monkeypatch) -> None:
    monkeypatch.setattr(cache, "KEEP", 2)
    user = tmp_path / "rules"
    user.mkdir()
    for title in ("One", "Two", "Three"):
        (user / "crm.comp").write_text(USER.format(title=title), encoding="utf-8")
        competency.load([user], builtin=False)
        for entry in entries(cache_home):  # older by far than the next entry, whatever the clock's grain
            mtime = entry.stat().st_mtime - 60
            os.utime(entry, (mtime, mtime))
    kept = [e.read_bytes() for e in entries(cache_home)]
    assert len(kept) == 2
    assert not any(b"One" in k for k in kept) and any(b"Three" in k for k in kept)


def test_a_file_changed_after_reading_is_cached_under_what_was_parsed(
    tmp_path: Path, cache_home: Path, monkeypatch
) -> None:
    (tmp_path / "crm.comp").write_text(USER.format(title="Before"), encoding="utf-8")
    compile_files = library._compile

    def edited_after_reading(layers):  # the files are read, then edited, then parsed
        (tmp_path / "crm.comp").write_text(USER.format(title="After"), encoding="utf-8")
        return compile_files(layers)

    monkeypatch.setattr(library, "_compile", edited_after_reading)
    assert competency.load([tmp_path], builtin=False).versions("cloud-crm")[0].title == "Before"
    monkeypatch.setattr(library, "_compile", compile_files)
    assert competency.load([tmp_path], builtin=False).versions("cloud-crm")[0].title == "After"
    assert len(entries(cache_home)) == 2  # one entry per content, each under its own name


def test_a_file_rewritten_while_loading_never_poisons_the_cache(tmp_path: Path, cache_home: Path) -> None:
    """Editors and `fmt` rewrite a file in place (truncate, then write): a load that reads it
    half-written compiles what it read, and caches it under the name of exactly that."""
    rules = tmp_path / "crm.comp"
    text = USER.format(title="Override")
    rules.write_text(text, encoding="utf-8")
    stop = threading.Event()

    def rewrite() -> None:
        while not stop.is_set():
            with open(rules, "w", encoding="utf-8") as f:
                f.flush()
                f.write(text)

    writer = threading.Thread(target=rewrite)
    writer.start()
    try:
        titles = {competency.load([tmp_path]).versions("cloud-crm")[-1].title for _ in range(40)}
    finally:
        stop.set()
        writer.join()
    assert titles <= {"Override", "Cloud Customer Relationship Management"}  # the whole file, or none of it
    for _ in range(3):  # the whole file read back, however the cache was filled meanwhile
        assert competency.load([tmp_path]).versions("cloud-crm")[-1].title == "Override"


@pytest.mark.parametrize(
    ("platform", "where"),
    [
        ("linux", "home/.cache/competency"),
        ("darwin", "home/Library/Caches/competency"),
        ("win32", "local/competency/Cache"),
    ],
)
def test_without_xdg_cache_home_the_platform_cache_directory_is_used(
    tmp_path: Path, monkeypatch, platform: str, where: str
) -> None:
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path / "local"))
    monkeypatch.setattr(sys, "platform", platform)
    if platform == "win32":
        monkeypatch.delattr(os, "getuid")  # as on Windows: no uids to check the owner against
    assert cache.directory() == str(tmp_path / where)
