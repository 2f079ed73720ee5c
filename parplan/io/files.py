"""Files written safely on every platform: a lock held by the operating system (released when
its process dies) and an atomic write that never overwrites someone else's save.

``locked(path)`` serialises writers of one file through ``path.lock`` (``filelock``: msvcrt on
Windows, fcntl elsewhere). ``write_atomic(path, data, expected)`` writes a temporary file beside
``path`` and renames it over, unless the file on disk is no longer ``expected``
(``ChangedMeanwhile``). ``create_new(path, data)`` creates a file that must not exist yet, whole
and exclusively (two writers racing for one name: one wins, the other gets ``NameTaken``).
The ledger, the work log, carry-over, ``fmt``, ``import``, ``init`` and ``export`` write through
here.

Test hook (issue 19): with ``PARPLAN_TEST_KILL_AFTER=N`` in the environment, the process ends
at once (``os._exit(KILLED)``, no clean-up, as ``kill -9`` would) right after its Nth file is put
in place by ``write_atomic`` or ``create_new``. The kill tests (tests/test_interrupted.py) run a
command with N = 1, 2, … to stop it between every pair of its writes.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import os
import stat
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

from parplan.io.errors import DataError

# issue 19: the kill tests' hook (see the module's docstring)
KILL_AFTER = "PARPLAN_TEST_KILL_AFTER"
KILLED = 137  # the exit status of a process killed by SIGKILL, as a shell reports it
_writes_done = [0]


def _written() -> None:
    """Count one file put in place; end the process here if the test hook asks for it."""
    wanted = os.environ.get(KILL_AFTER)
    if not wanted:
        return
    _writes_done[0] += 1
    if wanted.strip() == str(_writes_done[0]):
        os._exit(KILLED)


def lock_path(path: Path) -> Path:
    return path.with_name(path.name + ".lock")


def write_target(path: Path) -> Path:
    """The file a write to ``path`` must replace: ``path`` itself, or the file it links to
    (replacing a symbolic link would leave its target without the change)."""
    return Path(os.path.realpath(path)) if path.is_symlink() else path


@contextlib.contextmanager
def locked(path: Path, timeout: float = 10.0, poll: float = 0.05) -> Iterator[None]:
    """Hold the lock of ``path`` while the body runs: serialises writers of one file.

    An operating-system lock on ``<file>.lock`` (``filelock``: ``flock`` on POSIX, ``msvcrt``
    locking on Windows): it dies with the process that holds it, so a writer killed mid-way
    never blocks the next one. Temporary files left beside ``path`` by such a writer are
    removed once the lock is taken. Waiting longer than ``timeout`` seconds raises
    ``DataError``.
    """
    # lazy: filelock, only for a command that writes
    from filelock import FileLock, Timeout

    path = write_target(Path(path))
    lock = lock_path(path)
    file_lock = FileLock(str(lock), timeout=timeout, poll_interval=poll)
    try:
        file_lock.acquire()
    except Timeout:
        raise DataError("ledger.locked", lock=str(lock)) from None
    try:
        _remove_dead_temporaries(path)
        yield
    finally:
        file_lock.release()


def _temporary_prefix(path: Path) -> str:
    return f".{path.name}."


def _remove_dead_temporaries(path: Path) -> None:
    """Temporary files of ``write_atomic`` for ``path`` left by a writer that died before its
    rename. Called under the lock, so no live writer of this file has one."""
    prefix = _temporary_prefix(path)
    with contextlib.suppress(OSError):
        for entry in os.scandir(path.parent):
            if entry.name.startswith(prefix) and entry.name.endswith(".tmp"):
                with contextlib.suppress(OSError):
                    os.remove(entry.path)


def _replace(source: str, target: Path, attempts: int = 20, pause: float = 0.05) -> None:
    """``os.replace``, retried for a moment: on Windows a reader that has the file open (another
    parplan showing a view) makes the rename fail with PermissionError until it closes it."""
    for attempt in range(attempts):
        try:
            os.replace(source, target)
            return
        except PermissionError:
            if attempt == attempts - 1:
                raise
            time.sleep(pause)


class ChangedMeanwhile(DataError):
    """The file is no longer what was read: someone else saved it. Nothing was written."""

    def __init__(self, path: Path) -> None:
        super().__init__("ledger.changed-meanwhile", file=str(path), n=1)


# issue 19: new files respect the umask
def new_file_mode() -> int:
    """The mode ``open()`` gives a new file: 0o666 without the bits of the process's umask
    (0o644 under the usual 022, 0o664 under 002, 0o640 under 027). A temporary file made by
    ``tempfile.mkstemp`` is 0600 whatever the umask; renamed into place as a new file, it gets
    this mode first."""
    return 0o666 & ~_umask()


def _umask() -> int:
    """The process's umask, read without changing it where the system says it (Linux's
    /proc/self/status, since 4.7); elsewhere set and put back at once, to a strict 077 in
    between, so that a file another thread makes in that instant is private, not public."""
    with (
        contextlib.suppress(OSError, ValueError, IndexError),
        open("/proc/self/status", "rb") as status,
    ):
        for line in status:
            if line.startswith(b"Umask:"):
                return int(line.split()[1], 8)
    mask = os.umask(0o077)
    os.umask(mask)
    return mask


def write_atomic(path: Path, data: bytes, expected: bytes | None = None) -> None:
    """Replace the file's content at once: a reader sees the old file or the new, never half of
    one. The temporary file sits in the same directory (``os.replace`` cannot cross disks) and
    is removed if anything fails before the rename. Call it under ``locked(path)``.

    - A symbolic link is written through: its target gets the content.
    - A read-only file (no write permission) is refused with ``DataError("ledger.read-only")``;
      a writable one keeps its mode and, where the system allows, its owner. A new file gets
      the umask's mode (``new_file_mode``).
    - With ``expected`` (the bytes the new content was made from), the file is read again just
      before the rename; if it changed, ``ChangedMeanwhile`` is raised and nothing is written.
    - An ``OSError`` (a full disk…) names ``path``.
    """
    path = Path(path)
    target = write_target(path)
    try:
        status = os.stat(target)
    except FileNotFoundError:
        status = None
    if status is not None and not _writable(target, status):
        raise DataError("ledger.read-only", file=str(path))
    temporary = None
    try:
        descriptor, temporary = tempfile.mkstemp(
            prefix=_temporary_prefix(target), suffix=".tmp", dir=target.parent
        )
        with os.fdopen(descriptor, "wb") as stream:
            write_in_pieces(stream, data)
            stream.flush()
            os.fsync(stream.fileno())
        if status is None:  # a new file: the mode open() would give it, not mkstemp's 0600
            with contextlib.suppress(OSError):
                os.chmod(temporary, new_file_mode())
        else:
            with contextlib.suppress(OSError):
                os.chmod(temporary, stat.S_IMODE(status.st_mode))
            if hasattr(os, "chown"):  # POSIX: keep the owner when we may (root, or the owner)
                with contextlib.suppress(OSError):
                    os.chown(temporary, status.st_uid, status.st_gid)
        if expected is not None and not _holds(target, expected):
            raise ChangedMeanwhile(path)
        if expected is not None and _exchange(temporary, target):
            _check_displaced(temporary, target, expected, path)
            temporary = None
        else:
            _replace(temporary, target)
        _written()
    except OSError as error:
        _discard(temporary)
        if error.filename in (None, temporary):
            raise OSError(error.errno, error.strerror or str(error), str(path)) from error
        raise
    except BaseException:
        _discard(temporary)
        raise


# The most written by one call (issue 23, seventh round). One write of a 48 MB plan took
# 0.3-0.5 s on the benchmark's machine (Linux 6.18, ext4) whenever the machine had been idle for
# a few seconds, against 0.02 s written a megabyte at a time: the page cache makes a large write
# of folios of 2 MB, which the system then takes from the memory it had given back to the host
# (a virtual machine's), a page fault at a time; a write of at most a megabyte takes smaller
# folios, from memory at hand. Anywhere else a few more calls, no slower.
WRITE_PIECE = 1 << 20


def write_in_pieces(stream: BinaryIO, data: bytes) -> None:
    """Write ``data`` (any bytes-like object, counted in bytes) to ``stream`` at most
    ``WRITE_PIECE`` bytes at a call, every byte of it: a stream that writes fewer bytes than it
    is given (a raw, unbuffered one: a file-size limit, a signal) is given the rest again, and
    one that writes none raises ``OSError`` rather than leaving the file short (review of issue
    23, seventh round: the files here are buffered, whose ``write`` takes all, but the writer
    must not depend on it)."""
    whole = memoryview(data).cast("B")
    start = 0
    while start < len(whole):
        written = stream.write(whole[start : start + WRITE_PIECE])
        if not written:  # (None: a non-blocking stream would block; 0: nothing taken)
            raise OSError(errno.EIO, os.strerror(errno.EIO))  # (the system's words for it)
        start += written


class NameTaken(FileExistsError):
    """``create_new``: the name exists (maybe only as a link), or another writer took it first."""


def create_new(path: Path, data: bytes, *, same_ok: bool = False) -> bool:
    """Create ``path``, which must not exist: written whole under a temporary name beside it,
    then linked to its name in one step that fails if the name is taken (``os.link`` never
    replaces, never follows a symbolic link at the name). Two writers racing for one name: one
    wins, the other gets ``NameTaken`` (a ``FileExistsError``) and writes nothing, so there is
    no check-then-rename gap. The new file gets the mode any new file gets (the umask's).
    Where the file system has no hard links (FAT, some shares), the file is opened with
    ``O_EXCL`` and written in place.

    With ``same_ok``, a regular file (not a link) already holding exactly ``data`` is left as it
    is and False returned: a rerun of an interrupted ``init`` finishes its work. True when the
    file was created."""
    path = Path(path)
    if same_ok and not path.is_symlink() and path.is_file():
        with contextlib.suppress(OSError):
            if path.read_bytes() == data:
                return False
    if os.path.lexists(path):
        raise NameTaken(errno.EEXIST, os.strerror(errno.EEXIST), str(path))
    descriptor, temporary = tempfile.mkstemp(
        prefix=_temporary_prefix(path), suffix=".tmp", dir=path.parent
    )
    try:
        with os.fdopen(descriptor, "wb") as stream:
            write_in_pieces(stream, data)
            stream.flush()
            os.fsync(stream.fileno())
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(temporary, 0o666 & ~mask)  # a new file's usual mode, not a temporary's 0600
        try:
            os.link(temporary, path)
        except FileExistsError:
            raise NameTaken(errno.EEXIST, os.strerror(errno.EEXIST), str(path)) from None
        except OSError:  # no hard links here
            flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
            try:
                handle = os.open(path, flags | getattr(os, "O_NOFOLLOW", 0), 0o666)
            except FileExistsError:
                raise NameTaken(errno.EEXIST, os.strerror(errno.EEXIST), str(path)) from None
            with os.fdopen(handle, "wb") as stream:
                write_in_pieces(stream, data)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
    _written()
    return True


def inside(path: Path, folder: Path) -> bool:
    """``path``, followed through every link, is within ``folder`` (also followed)."""
    target, root = os.path.realpath(path), os.path.realpath(folder)
    try:
        return os.path.commonpath([target, root]) == root
    except ValueError:  # another drive on Windows
        return False


def _check_displaced(temporary: str, target: Path, expected: bytes, path: Path) -> None:
    """After swapping the new file in: what it displaced must be what the edit was made from.
    If not, someone saved the file in the instant between the last check and the swap: their
    file goes back in place (unless a newer save replaced ours meanwhile) and
    ``ChangedMeanwhile`` says to make the edit again. A displaced file that cannot be read
    back is not known to be the one the edit was made from: it goes back too, never deleted
    (review of issue 23, sixth round)."""
    ours = os.stat(target)
    try:
        displaced_is_expected = _holds(Path(temporary), expected)
    except OSError:
        displaced_is_expected = False
    if displaced_is_expected:
        os.remove(temporary)
        return
    if os.path.samestat(ours, os.stat(target)):
        _exchange(temporary, target)  # their file back; ours now at the temporary name
    os.remove(temporary)
    raise ChangedMeanwhile(path)


def _exchange(first: str, second: Path) -> bool:
    """Swap two files' names in one step (Linux ``renameat2(RENAME_EXCHANGE)``); False where
    the system or the file system cannot, and the caller then renames (``os.replace``).

    With a plain rename, a save made by someone else in the microseconds between the last
    check and the rename would be overwritten unseen; a swap keeps it, under the temporary
    name, where ``_check_displaced`` finds it."""
    rename = _renameat2()
    if rename is None:
        return False
    # lazy: ctypes, only to exchange two files (Linux's renameat2)
    import ctypes

    at_cwd, exchange = -100, 2  # AT_FDCWD, RENAME_EXCHANGE (linux/fcntl.h, linux/fs.h)
    if rename(at_cwd, os.fsencode(first), at_cwd, os.fsencode(os.fspath(second)), exchange) == 0:
        return True
    error = ctypes.get_errno()
    if error in (errno.EINVAL, errno.ENOSYS, errno.EXDEV, errno.EOPNOTSUPP, errno.ENOTSUP):
        return False
    raise OSError(error, os.strerror(error), os.fspath(second))


@functools.cache
def _renameat2() -> Callable[..., int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        # lazy: ctypes, only to exchange two files (Linux's renameat2)
        import ctypes

        function = ctypes.CDLL(None, use_errno=True).renameat2
    except (ImportError, OSError, AttributeError):  # no ctypes, or a libc older than 2.28
        return None
    function.argtypes = [
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_uint,
    ]
    function.restype = ctypes.c_int
    return function


def _writable(target: Path, status: os.stat_result) -> bool:
    """The file may be replaced: it is not marked read-only (no write bit at all, as chmod 444
    or Windows' read-only attribute make it) and the user may write it."""
    return bool(status.st_mode & 0o222) and os.access(target, os.W_OK)


_COMPARED = 1 << 20  # bytes read at a time by ``_holds``


def _holds(path: Path, expected: bytes) -> bool:
    """Whether the file holds exactly ``expected`` (False when it is gone): read a megabyte at
    a time and compared as it comes, without holding a copy of the whole (issue 23, sixth
    round: a second 48 MB read into new memory cost an edit of a large plan ~0.03 s, twice).
    Anything but a regular file (a named pipe put at the name) holds nothing, and is opened
    without waiting for a writer."""
    flags = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        with open(os.open(path, flags), "rb", buffering=0) as stream:
            if not stat.S_ISREG(os.fstat(stream.fileno()).st_mode):
                return False
            at = 0
            while block := stream.read(_COMPARED):
                if not expected.startswith(block, at):
                    return False
                at += len(block)
    except FileNotFoundError:
        return False
    return at == len(expected)


def _discard(temporary: str | None) -> None:
    if temporary is not None:
        with contextlib.suppress(OSError):
            os.remove(temporary)
