"""What the servers of the team stack share: Debian packages, the OS user a server runs as,
secrets kept in owner-only files, state files that record a process, and log tails.

The process records themselves are :class:`~ls_thematic.scripts.lsserver.ProcessRecord` and
:func:`~ls_thematic.scripts.lsserver.stop_process`; this module only stores them.
"""

from __future__ import annotations

import json
import os
import pwd
import secrets
import shutil
import socket
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from ls_thematic.label_config.fileio import atomic_write_text

from ..lsserver import HOST, free_port, is_recorded_process
from .errors import StackError

T = TypeVar("T")

# Environment variables passed to the servers; everything else is dropped.
PASSTHROUGH_ENV = ("PATH", "LANG", "LC_ALL", "TZ")
APT_TIMEOUT = 900.0
_LOG_TAIL_LINES = 25


def is_root() -> bool:
    """Whether this process runs as root (it may then install packages and switch users)."""
    return os.geteuid() == 0


def clean_environment(**extra: str) -> dict[str, str]:
    """A minimal environment for a server: PATH and the locale, plus ``extra``."""
    env = {name: os.environ[name] for name in PASSTHROUGH_ENV if name in os.environ}
    env.setdefault("PATH", "/usr/local/bin:/usr/bin:/bin")
    env.setdefault("LANG", "C.UTF-8")
    env.update(extra)
    return env


def ensure_installed(find: Callable[[], T | None], package: str, what: str, still_missing: str) -> T:
    """What ``find`` finds, after installing the Debian ``package`` (:func:`apt_install`) when it
    finds nothing; :class:`StackError` with ``still_missing`` when the package did not help."""
    found = find()
    if found is not None:
        return found
    apt_install(package, what)
    found = find()
    if found is None:
        raise StackError(still_missing)
    return found


def server_user(name: str) -> OsUser:
    """The OS user a server runs as: ``name`` when we are root (the servers refuse root),
    else ourselves."""
    return OsUser.named(name) if is_root() else OsUser.current()


def apt_install(package: str, what: str) -> None:
    """Install the Debian package ``package`` with apt-get (root only).

    Raises
    ------
    StackError
        When not root, when apt-get is missing, or when the installation fails.
    """
    if not is_root():
        raise StackError(
            f"{what} is not installed. Install Debian's package with "
            f"`sudo apt-get install {package}`, or run this command as root, which installs it."
        )
    if shutil.which("apt-get") is None:
        raise StackError(
            f"{what} is not installed and there is no apt-get on this machine to install the "
            f"Debian package {package!r}; install {what} with the system's package manager."
        )
    env = {**clean_environment(), "DEBIAN_FRONTEND": "noninteractive"}
    for command in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", package]):
        done = subprocess.run(
            command, env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True,
            timeout=APT_TIMEOUT,
        )  # fmt: skip
        if done.returncode != 0:
            raise StackError(
                f"`{' '.join(command)}` failed with exit code {done.returncode} while installing "
                f"{what}:\n{(done.stderr or done.stdout).strip()[-1500:]}"
            )


@dataclass(frozen=True)
class OsUser:
    """The OS account a server runs as: its name, uid and gid."""

    name: str
    uid: int
    gid: int

    @classmethod
    def current(cls) -> OsUser:
        entry = pwd.getpwuid(os.geteuid())
        return cls(entry.pw_name, entry.pw_uid, entry.pw_gid)

    @classmethod
    def named(cls, name: str) -> OsUser:
        """The account ``name``.

        Raises
        ------
        StackError
            If there is no such account.
        """
        try:
            entry = pwd.getpwnam(name)
        except KeyError:
            raise StackError(
                f"There is no OS user {name!r}; the Debian package that runs the server as that "
                "user creates it (reinstall it with apt-get install --reinstall)."
            ) from None
        return cls(entry.pw_name, entry.pw_uid, entry.pw_gid)

    def is_current(self) -> bool:
        return self.uid == os.geteuid()

    def popen_options(self) -> dict:
        """``subprocess`` options that run a program as this user (from root), or nothing."""
        if self.is_current():
            return {}
        return {"user": self.uid, "group": self.gid, "extra_groups": []}

    def give(self, path: Path, mode: int) -> None:
        """Make ``path`` (a folder or file, not its contents) this user's, with ``mode``."""
        if not self.is_current():
            os.chown(path, self.uid, self.gid)
        path.chmod(mode)


def _can_traverse(st: os.stat_result, user: OsUser) -> bool:
    if user.uid == 0:
        return True
    if st.st_uid == user.uid:
        return bool(st.st_mode & 0o100)
    groups = os.getgrouplist(user.name, user.gid)
    if st.st_gid in groups:
        return bool(st.st_mode & 0o010)
    return bool(st.st_mode & 0o001)


def check_reachable(path: Path, user: OsUser, what: str) -> None:
    """Check that ``user`` can reach ``path``: every folder above it must be searchable by them.

    Raises
    ------
    StackError
        Naming the first folder that the user cannot pass.
    """
    path = Path(path).resolve()
    for folder in reversed(path.parents):
        if not _can_traverse(folder.stat(), user):
            raise StackError(
                f"{what} runs as the OS user {user.name!r}, which cannot reach {path}: the "
                f"folder {folder} (mode {folder.stat().st_mode & 0o777:04o}) is not searchable "
                f"by it. Use a data folder below folders that others may pass through "
                f"(`chmod o+x {folder}` allows passing without listing)."
            )


def allow_passing(folder: Path) -> None:
    """Let other users pass through ``folder`` (o+x) without listing or reading it."""
    mode = folder.stat().st_mode & 0o7777
    if not mode & 0o001:
        folder.chmod(mode | 0o001)


def read_or_create_secret(path: Path) -> str:
    """The secret kept in ``path``, or a new random one (32 hex digits) saved there (0600)."""
    try:
        secret = path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        secret = ""
    if secret:
        return secret
    secret = secrets.token_hex(16)
    atomic_write_text(path, secret + "\n", mode=0o600)
    return secret


def write_record(path: Path, record: dict) -> None:
    """Save a server's state (its process record and settings) as JSON, owner only."""
    atomic_write_text(path, json.dumps(record, indent=2) + "\n", mode=0o600)


def read_record(path: Path, keys: tuple[str, ...]) -> dict | None:
    """A state saved by :func:`write_record`; None when ``path`` does not exist.

    Raises
    ------
    StackError
        If the file is not such a state, or lacks one of ``keys``.
    """
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except ValueError as err:
        raise StackError(
            f"{path} is not a state file of the team stack ({err}); delete it."
        ) from err
    missing = [key for key in keys if not isinstance(record, dict) or key not in record]
    if missing:
        raise StackError(
            f"{path} is not a state file of the team stack: it lacks {', '.join(missing)}; "
            "delete it (and stop the server it named by hand, if it still runs)."
        )
    return record


def record_running(record: dict | None) -> bool:
    """Whether the process a state names still runs (the same process, not a reused pid)."""
    if record is None or not int(record["pid"]):
        return False
    return is_recorded_process(int(record["pid"]), record.get("start_time"), record.get("cmdline"))


def open_log(path: Path):
    """``path`` opened for appending (created owner only); returns (file, start offset)."""
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    log = os.fdopen(fd, "ab")
    return log, log.seek(0, os.SEEK_END)


def log_tail(path: Path, start: int = 0, lines: int = _LOG_TAIL_LINES) -> str:
    """The last ``lines`` lines of ``path`` written after offset ``start``."""
    try:
        with open(path, "rb") as log:
            log.seek(start)
            text = log.read().decode(errors="replace")
    except OSError as err:
        return f"(cannot read {path}: {err})"
    return "\n".join(text.splitlines()[-lines:]) or "(the log is empty)"


def port_free(port: int) -> bool:
    """Whether nothing listens on ``port`` of 127.0.0.1."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        try:
            sock.bind((HOST, port))
        except OSError:
            return False
    return True


def choose_port(port: int | None, previous: int | None) -> int:
    """``port`` when free; when None, ``previous`` (the last start's) when free, else any free
    port.

    Raises
    ------
    StackError
        If ``port`` is given and in use.
    """
    if port is None:
        return previous if previous and port_free(previous) else free_port(HOST)
    if not port_free(port):
        raise StackError(f"Port {port} on {HOST} is in use; choose another one or leave port=None.")
    return port
