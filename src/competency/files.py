"""Reading and writing the user's files: bounded, regular files only, replaced atomically.

Every file the tool reads (rule files, partner data, cost files, batch input, cache entries)
comes through `open_regular`: a FIFO or a device would block or never end, so only a regular
file is read, and never more than its limit. The path `-` is standard input, whatever it is
(a pipe, most often), read within the same limits. Every file the tool writes over (`fmt`, batch
output) goes through `replaced`, so a full disk or an interrupt leaves the old file whole.
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
from collections.abc import Iterable, Iterator
from typing import BinaryIO, TextIO

from competency.errors import CompetencyError, Diagnostic, Span

# Opening a FIFO for reading waits for a writer unless non-blocking (Windows has no FIFOs).
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)


STDIN = "-"  # the path that names standard input
STDIN_NAME = "<stdin>"  # how messages name it


def shown_name(path: str | os.PathLike[str]) -> str:
    """A path as messages name it: standard input as `<stdin>`."""
    name = os.fspath(path)
    return STDIN_NAME if name == STDIN else name


def open_regular(path: str | os.PathLike[str]) -> BinaryIO:
    """`path` opened for reading in binary, or `CompetencyError` (I300) if it is not a readable regular
    file; `-` is standard input."""
    name = os.fspath(path)
    if name == STDIN:
        return _standard_input()
    try:
        fd = os.open(name, _OPEN_FLAGS)
    except OSError as exc:
        raise _cannot_read(name, exc) from None
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise CompetencyError(Diagnostic("I300", f"cannot read file: {_kind(mode)}, not a regular file", name))
        if _OPEN_FLAGS & getattr(os, "O_NONBLOCK", 0):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def _standard_input() -> BinaryIO:
    """Standard input, through a copy of its descriptor: closing it leaves standard input open."""
    try:
        return os.fdopen(os.dup(sys.stdin.fileno()), "rb")
    except (OSError, ValueError, AttributeError):  # closed, or none at all
        raise CompetencyError(Diagnostic("I300", "cannot read standard input: it is closed", STDIN_NAME)) from None


def read_at_most(path: str | os.PathLike[str], size: int) -> bytes:
    """The first `size` bytes of a regular file (all of it, if shorter): callers pass their limit
    plus one, and a longer result means the file is too large, without reading the rest."""
    with open_regular(path) as f:
        try:
            return f.read(size)
        except OSError as exc:
            raise _cannot_read(shown_name(path), exc) from None


def read_text(path: str | os.PathLike[str], limit: int) -> str:
    """A regular UTF-8 text file of at most `limit` bytes; I301 if larger or not UTF-8 (where, by line and column)."""
    data = read_at_most(path, limit + 1)
    name = shown_name(path)
    if len(data) > limit:
        raise CompetencyError(Diagnostic("I301", f"file is larger than {limit:,} bytes", name))
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        span = Span(line, column, line, column + 1)
        raise CompetencyError(Diagnostic("I301", "file is not valid UTF-8 text", name, span)) from None


def bounded_lines(f: BinaryIO, limit: int) -> Iterator[bytes | None]:
    """The lines of a binary stream; a line of more than `limit` bytes (its newline included) is
    given as None, and only counted while it is read past, so one endless line never fills the
    memory. Read in large pieces: `readline` with a large limit takes seconds a gigabyte."""
    pieces: list[bytes] = []
    size = 0  # of the line being read; past `limit`, its pieces are dropped
    while chunk := f.read(1 << 20):
        start = 0
        while (end := chunk.find(b"\n", start)) >= 0:
            size += end + 1 - start
            yield b"".join([*pieces, chunk[start : end + 1]]) if size <= limit else None
            pieces, size, start = [], 0, end + 1
        size += len(chunk) - start
        if size <= limit:
            pieces.append(chunk[start:])
        else:
            pieces.clear()
    if size:
        yield b"".join(pieces) if size <= limit else None


@contextlib.contextmanager
def replaced(path: str | os.PathLike[str]) -> Iterator[TextIO]:
    """Write a file's new text: a temporary file beside it, renamed over it only if the block ends well.

    The target keeps its permissions (a new file gets the usual ones); a symbolic link is
    followed, so the file it names is replaced and the link stays. A target that is not a
    regular file (a pipe, /dev/stdout) cannot be replaced, so it is written as it is.
    """
    name = os.fspath(path)
    target = os.path.realpath(name)
    try:
        mode, kept = os.stat(target).st_mode, True
    except FileNotFoundError:
        mode, kept = stat.S_IFREG | (0o666 & ~_umask()), False
    except OSError as exc:
        raise _cannot_write(name, exc, False) from None
    if not stat.S_ISREG(mode):
        with _writing(name, False), open(target, "w", encoding="utf-8", newline="") as f:
            yield f
        return
    import tempfile  # only writing needs it

    with _writing(name, kept):
        fd, temporary = tempfile.mkstemp(dir=os.path.dirname(target), prefix=f".{os.path.basename(target)}.")
    try:
        with _writing(name, kept), os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
            os.chmod(temporary, stat.S_IMODE(mode))
            os.replace(temporary, target)
    finally:
        _remove(temporary)  # gone already, unless something failed


@contextlib.contextmanager
def _writing(name: str, kept: bool) -> Iterator[None]:
    """An `OSError` while writing `name` (a full disk, a missing folder) as one diagnostic."""
    try:
        yield
    except OSError as exc:
        raise _cannot_write(name, exc, kept) from None


def refuse_input(output: str | os.PathLike[str], inputs: Iterable[str | os.PathLike[str]], option: str) -> None:
    """Refuse to write `output` over a file the command reads (also through a link): it would destroy its input."""
    for source in inputs:
        if same_file(output, source):
            raise unwritable_output(output, f"{option} is the input {source}; write the results elsewhere")


def unwritable_output(output: str | os.PathLike[str], message: str) -> CompetencyError:
    return CompetencyError(Diagnostic("I308", message, str(output)))


def same_file(a: str | os.PathLike[str], b: str | os.PathLike[str]) -> bool:
    """Whether two paths name one existing file (through links, too)."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _remove(path: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a special file"


def _cannot_read(path: str, exc: OSError) -> CompetencyError:
    return CompetencyError(Diagnostic("I300", f"cannot read file: {exc.strerror or exc}", path))


def _cannot_write(path: str, exc: OSError, kept: bool) -> CompetencyError:
    kept_text = "; it is left as it was" if kept else ""
    return CompetencyError(Diagnostic("I300", f"cannot write file: {exc.strerror or exc}{kept_text}", path))
