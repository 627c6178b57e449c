"""The user's private cache directory, and the compiled library kept in it.

Everything cached here is a pickle (Lark's parse tables, a compiled `plan.Library`, the
findings of a `lint`), and
unpickling runs code, so the directory must be one only this user can write: a predictable
name in a shared place could be planted by someone else first. Every entry's name carries a
hash of everything it was built from, so a change of input, of this package's code or of
Python never reads an old entry. Any trouble reading or writing means "no cache", never an error.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import pickle
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

KEEP = 32  # entries of one kind


def directory() -> str | None:
    """The user's cache directory for competency (`_platform_directory`), or None if it is not private."""
    path = _platform_directory()
    try:
        os.makedirs(path, mode=0o700, exist_ok=True)
        info = os.stat(path)
    except OSError:
        return None
    # Windows has no uids, and its mode bits do not say who may write: its profile ACLs decide.
    if hasattr(os, "getuid") and (info.st_uid != os.getuid() or info.st_mode & 0o022):
        return None
    return path


def _platform_directory() -> str:
    """`$XDG_CACHE_HOME/competency`, else where the platform keeps a user's caches (as platformdirs
    names them): `~/.cache/competency`, `~/Library/Caches/competency`, `%LOCALAPPDATA%\\competency\\Cache`."""
    if base := os.environ.get("XDG_CACHE_HOME"):
        return os.path.join(base, "competency")
    home = os.path.expanduser("~")
    if sys.platform == "win32":
        local = os.environ.get("LOCALAPPDATA") or os.path.join(home, "AppData", "Local")
        return os.path.join(local, "competency", "Cache")
    if sys.platform == "darwin":
        return os.path.join(home, "Library", "Caches", "competency")
    return os.path.join(home, ".cache", "competency")


@functools.cache
def code_fingerprint() -> str:
    """A hash of this package's code and grammar, and of the Python running it: pickled objects
    are only read back by the code that made them."""
    package = Path(__file__).parent
    files = sorted([*package.rglob("*.py"), *package.rglob("*.lark")])
    contents = (part for file in files for part in (file.relative_to(package).as_posix().encode(), file.read_bytes()))
    return _hash([repr(sys.version_info).encode(), *contents])


def key(parts: Iterable[bytes]) -> str:
    """The name of an entry built from `parts` by this code."""
    return _hash([code_fingerprint().encode(), *parts])[:32]


def _hash(parts: Iterable[bytes]) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(len(part).to_bytes(8, "big") + part)  # length-prefixed: parts never run together
    return digest.hexdigest()


def read(kind: str, entry_key: str) -> Any | None:
    """The object stored under `kind` and `entry_key`, or None."""
    where = directory()
    if where is None:
        return None
    from competency.files import open_regular

    try:
        with open_regular(os.path.join(where, f"{kind}-{entry_key}.pickle")) as f:
            return pickle.load(f)
    except Exception:  # missing, truncated, unreadable or not a regular file: rebuild, as if never cached
        return None


def write(kind: str, entry_key: str, value: Any) -> None:
    """Store `value` atomically: a reader sees the old entry or the whole new one."""
    import tempfile  # only a cache miss writes

    where = directory()
    if where is None:
        return
    try:
        fd, temp = tempfile.mkstemp(dir=where, prefix=f".{kind}-")
    except OSError:
        return
    try:
        with os.fdopen(fd, "wb") as f:
            pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temp, os.path.join(where, f"{kind}-{entry_key}.pickle"))
    except Exception:  # a full disk, say: the next run compiles again
        with contextlib.suppress(OSError):
            os.unlink(temp)
        return
    _prune(Path(where), kind)


def _prune(where: Path, kind: str) -> None:
    """Keep the newest `KEEP` entries of a kind: an author who edits and evaluates all day
    makes a new entry with every change."""
    entries = []
    for entry in where.glob(f"{kind}-*.pickle"):
        with contextlib.suppress(OSError):
            entries.append((entry.stat().st_mtime_ns, entry))
    for _, entry in sorted(entries, reverse=True)[KEEP:]:
        with contextlib.suppress(OSError):
            entry.unlink()
