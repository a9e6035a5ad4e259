"""One backend process per ``MODEL_DIR``: an exclusive lock, held for the life of the process.

The segment stores under ``MODEL_DIR`` live in the memory of the process that serves them, and
their journals are appended by it alone. A second process on the same folder (a second
backend, or a second gunicorn worker with ``-w 2``) would answer from a state the first one
does not see and append to the same journals: acknowledged events would be lost at the next
restart. :func:`lock_model_dir` (called by ``create_app``) makes that second process fail at
start instead, with a message naming the folder and the process that holds it.

The lock is :func:`fcntl.flock` on ``MODEL_DIR/backend.lock``, which holds the holder's pid.
The kernel releases it when the holder's last descriptor closes, so a process that is killed
(``SIGKILL`` included) leaves no stale lock behind; the file itself stays, and is harmless.
Within one process the lock is taken once per folder and kept: building a second app on the
same folder (tests do) reuses it. Under ``gunicorn --preload`` the app is built before the
workers fork and they share the master's lock, so this cannot tell them apart: serve with one
worker (``-w 1``), as the backend's documentation says.

With ``BACKEND_DATABASE_URL`` set the segments live in PostgreSQL, which several processes
share, and no lock is taken (:func:`ls_thematic.backend.stores.prepare`).
"""

from __future__ import annotations

import errno
import fcntl
import os
import stat
import threading
from pathlib import Path

from ls_thematic.label_config.errors import ThematicError

#: The lock file, inside ``MODEL_DIR``.
LOCK_FILE = "backend.lock"
#: Permission bits of ``MODEL_DIR`` (owner only: it holds confidential extracts).
FOLDER_MODE = 0o700
FILE_MODE = 0o600

_held: dict[str, int] = {}  # real path of MODEL_DIR -> descriptor of its lock file
_held_lock = threading.Lock()


class ModelDirLocked(ThematicError):
    """Another process holds the lock of ``MODEL_DIR``."""


def lock_model_dir(model_dir: str | os.PathLike) -> Path:
    """Take the exclusive lock of ``model_dir`` for this process (created ``0700`` if missing).

    Returns the lock file's path. Calling it again in the same process is a no-op.

    Raises
    ------
    ModelDirLocked
        Another process holds it; the message names the folder and that process's pid.
    """
    folder = Path(model_dir)
    folder.mkdir(parents=True, exist_ok=True, mode=FOLDER_MODE)
    _owner_only(folder)
    key = os.path.realpath(folder)
    path = Path(key) / LOCK_FILE
    with _held_lock:
        if key in _held:
            return path
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, FILE_MODE)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            holder = _read_pid(fd)
            os.close(fd)
            if exc.errno not in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                raise
            raise ModelDirLocked(_busy_message(key, path, holder)) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
        _held[key] = fd  # kept open (so locked) until the process ends
    return path


def lock_holder(model_dir: str | os.PathLike) -> int | None:
    """The pid written in ``model_dir``'s lock file (by its holder or a former one), if any."""
    path = Path(model_dir) / LOCK_FILE
    try:
        fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    except OSError:
        return None
    try:
        return _read_pid(fd)
    finally:
        os.close(fd)


def _read_pid(fd: int) -> int | None:
    text = os.pread(fd, 64, 0).decode("ascii", "replace").strip()
    return int(text) if text.isascii() and text.isdecimal() else None


def _busy_message(folder: str, path: Path, holder: int | None) -> str:
    who = f"process {holder}" if holder is not None else "another process (pid not written yet)"
    return (
        f"MODEL_DIR {folder} is in use by {who}, which holds the lock {path}. One backend "
        "process serves a MODEL_DIR: stop that process, or give this backend another MODEL_DIR. "
        "Under gunicorn, serve with one worker (-w 1; the models live in its memory)."
    )


def _owner_only(folder: Path) -> None:
    """Take the group's and others' permissions off ``folder`` (it must be ours)."""
    mode = stat.S_IMODE(folder.stat().st_mode)
    if mode & 0o077:
        try:
            os.chmod(folder, FOLDER_MODE)
        except OSError:  # not ours: the lock still works, the store warns about its folders
            pass
