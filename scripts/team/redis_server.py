"""A Redis server for the team stack, run as this project's own process.

Debian's ``redis-server`` (installed by root when missing; anyone else is told to) listens on
127.0.0.1 only, with its data (append-only file), its configuration and its Unix socket in
``<data_dir>/redis``. Clients need a random password (``requirepass``) kept in
``<data_dir>/redis.password`` (0600); the configuration file that holds it is 0600 too, so the
password is never on a command line. When this runs as root the server runs as the OS user
``redis`` (created by the Debian package) and the folder is that user's, mode 0700.

The server is recorded in ``<data_dir>/redis.json`` (pid, start time, command line:
:class:`~ls_thematic.scripts.lsserver.ProcessRecord`) and stopped with
:func:`~ls_thematic.scripts.lsserver.stop_process` (SIGTERM: Redis saves and exits).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from ..lsserver import HOST, process_record, stop_process
from .errors import StackError
from .system import (
    OsUser,
    allow_passing,
    check_reachable,
    choose_port,
    clean_environment,
    ensure_installed,
    log_tail,
    open_log,
    read_or_create_secret,
    read_record,
    record_running,
    server_user,
    write_record,
)

SERVER_PROGRAM = "redis-server"
CLIENT_PROGRAM = "redis-cli"
DEBIAN_PACKAGE = "redis-server"
SERVER_USER = "redis"  # the OS user of the server when this runs as root
REDIS_DIR = "redis"
CONFIG_FILE = "redis.conf"
PASSWORD_FILE = "redis.password"
STATE_FILE = "redis.json"
LOG_FILE = "redis.log"
DEFAULT_TIMEOUT = 30.0
_POLL_SECONDS = 0.1


@dataclass(frozen=True)
class RedisServer:
    """A running Redis server of the team stack: ``url`` is ``redis://:<password>@127.0.0.1:
    <port>/0`` (redis-py and RQ read it as is)."""

    url: str
    port: int
    pid: int
    data_dir: Path
    password: str
    socket_path: Path
    log_path: Path
    start_time: int | None = None
    cmdline: str | None = None


def find_redis() -> tuple[Path, Path] | None:
    """``(redis-server, redis-cli)`` on the PATH (Debian: /usr/bin); None when missing."""
    server, client = shutil.which(SERVER_PROGRAM), shutil.which(CLIENT_PROGRAM)
    if server is None or client is None:
        return None
    return Path(server), Path(client)


def ensure_redis() -> tuple[Path, Path]:
    """``(redis-server, redis-cli)``, installing Debian's package when missing.

    Raises
    ------
    StackError
        If they are missing and cannot be installed here, or are still missing afterwards.
    """
    return ensure_installed(
        find_redis, DEBIAN_PACKAGE, f"Redis ({SERVER_PROGRAM} and {CLIENT_PROGRAM})",
        f"The Debian package {DEBIAN_PACKAGE!r} was installed, but {SERVER_PROGRAM} or "
        f"{CLIENT_PROGRAM} is still not on the PATH ({os.environ.get('PATH', '')}).",
    )  # fmt: skip


def _server_user() -> OsUser:
    return server_user(SERVER_USER)


def redis_config(folder: Path, port: int, password: str) -> str:
    """The configuration of the server: loopback only, password, data and socket in ``folder``."""
    return "\n".join(
        [
            "# written by ls-thematic at each start; edits are lost",
            f"bind {HOST}",
            "protected-mode yes",
            f"port {port}",
            f"unixsocket {folder / 'redis.sock'}",
            "unixsocketperm 700",
            f"dir {folder}",
            "daemonize no",
            'logfile ""',
            "appendonly yes",
            f"requirepass {password}",
            "",
        ]
    )


def _write_config(folder: Path, user: OsUser, port: int, password: str) -> Path:
    path = folder / CONFIG_FILE
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as conf:
        conf.write(redis_config(folder, port, password))
    user.give(path, 0o600)
    return path


def _ping(client: Path, port: int, password: str) -> bool:
    done = subprocess.run(
        [str(client), "-h", HOST, "-p", str(port), "ping"],
        env=clean_environment(REDISCLI_AUTH=password), capture_output=True, text=True, timeout=5,
    )  # fmt: skip
    return done.returncode == 0 and done.stdout.strip() == "PONG"


def _wait_ready(client, process, port, password, timeout, log: Path, start: int) -> None:
    deadline = time.monotonic() + timeout
    while not _ping(client, port, password):
        if process.poll() is not None:
            raise StackError(
                f"Redis exited with code {process.returncode} at start. Last lines of {log}:\n"
                f"{log_tail(log, start)}"
            )
        if time.monotonic() >= deadline:
            raise StackError(
                f"Redis did not answer on {HOST}:{port} within {timeout:g} s. Last lines of "
                f"{log}:\n{log_tail(log, start)}"
            )
        time.sleep(_POLL_SECONDS)


def _server_from(record: dict, data_dir: Path, password: str) -> RedisServer:
    port = int(record["port"])
    return RedisServer(
        url=f"redis://:{password}@{HOST}:{port}/0", port=port, pid=int(record["pid"]),
        data_dir=data_dir, password=password, socket_path=Path(record["socket_path"]),
        log_path=Path(record["log_path"]), start_time=record.get("start_time"),
        cmdline=record.get("cmdline"),
    )  # fmt: skip


def start_redis(
    data_dir: Path, port: int | None = None, *, timeout: float = DEFAULT_TIMEOUT
) -> RedisServer:
    """Start Redis with its data in ``<data_dir>/redis``, or return the one running.

    Parameters
    ----------
    data_dir : Path
        The stack's data folder; created if missing.
    port : int, optional
        TCP port on 127.0.0.1; default: the port of the last start when free, else a free one.
    timeout : float
        Seconds to wait for the server to answer PING.

    Raises
    ------
    StackError
        If Redis is missing and cannot be installed, its OS user cannot reach the data
        folder, the port is busy, or it does not start (with its log's last lines).
    """
    data_dir = Path(data_dir).expanduser().resolve()
    data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    state_path = data_dir / STATE_FILE
    record = read_record(state_path, ("pid", "port", "socket_path", "log_path"))
    password = read_or_create_secret(data_dir / PASSWORD_FILE)
    if record_running(record):
        return _server_from(record, data_dir, password)
    server_program, client = ensure_redis()
    user = _server_user()
    folder = data_dir / REDIS_DIR
    if not user.is_current():
        allow_passing(data_dir)
        check_reachable(folder, user, "Redis")
    folder.mkdir(mode=0o700, exist_ok=True)
    user.give(folder, 0o700)
    port = choose_port(port, record and int(record["port"]))
    config = _write_config(folder, user, port, password)
    log_path = data_dir / LOG_FILE
    log, log_start = open_log(log_path)
    with log:
        process = subprocess.Popen(
            [str(server_program), str(config)], cwd=folder, env=clean_environment(),
            stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True, **user.popen_options(),
        )  # fmt: skip
    try:
        _wait_ready(client, process, port, password, timeout, log_path, log_start)
    except BaseException:
        stop_process(process.pid)
        raise
    found = process_record(process.pid)  # after the start: Redis renames its process title
    record = {
        "pid": process.pid, "start_time": found and found.start_time,
        "cmdline": found and found.cmdline, "port": port,
        "socket_path": str(folder / "redis.sock"), "log_path": str(log_path),
    }  # fmt: skip
    write_record(state_path, record)
    return _server_from(record, data_dir, password)


def stop_redis(data_dir: Path) -> bool:
    """Stop the Redis recorded in ``<data_dir>/redis.json``; its data is kept.

    Returns True when it was running and has been stopped, False when nothing of ours ran.
    """
    state_path = Path(data_dir).expanduser().resolve() / STATE_FILE
    record = read_record(state_path, ("pid",))
    if record is None or not int(record["pid"]):
        return False
    stopped = stop_process(
        int(record["pid"]), start_time=record.get("start_time"), cmdline=record.get("cmdline")
    )
    write_record(state_path, {**record, "pid": 0, "start_time": None, "cmdline": None})
    return stopped
