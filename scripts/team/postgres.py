"""A PostgreSQL server for the team stack, run as this project's own process.

The cluster lives in ``<data_dir>/postgres`` and listens on 127.0.0.1 only, with its Unix
socket in that folder. The server programs are Debian's (``/usr/lib/postgresql/<version>/bin``,
the highest version installed; ``$LS_THEMATIC_PG_BIN`` names another folder). When they are
missing, root installs Debian's ``postgresql`` package; anyone else is told to.

PostgreSQL refuses to run as root, so when this runs as root the cluster belongs to the OS
user ``postgres`` (created by the Debian package), folder mode 0700, and ``initdb``,
``postgres`` and ``psql`` run as that user. Local (socket) connections use ``peer``
authentication, TCP connections ``scram-sha-256``. One role and one database, both named
:data:`DEFAULT_NAME`, are created with a random password kept in ``<data_dir>/postgres.password``
(0600). Starting the same ``data_dir`` again reuses the cluster, its data and its password;
starting it while it runs returns the running server.

The server is recorded in ``<data_dir>/postgres.json`` (pid, start time, command line:
:class:`~ls_thematic.scripts.lsserver.ProcessRecord`); :func:`stop_postgres` asks it for a
fast shutdown (SIGINT) and falls back on :func:`~ls_thematic.scripts.lsserver.stop_process`.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ..lsserver import HOST, is_recorded_process, process_record, stop_process
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

DEBIAN_ROOT = Path("/usr/lib/postgresql")
BIN_ENV = "LS_THEMATIC_PG_BIN"
PROGRAMS = ("initdb", "postgres", "pg_isready", "psql")
DEBIAN_PACKAGE = "postgresql"
SERVER_USER = "postgres"  # the OS user of the server when this runs as root
DEFAULT_NAME = "ls_thematic"  # the role and the database
CLUSTER_DIR = "postgres"
PASSWORD_FILE = "postgres.password"
STATE_FILE = "postgres.json"
LOG_FILE = "postgres.log"
DEFAULT_TIMEOUT = 60.0
_SOCKET_PATH_MAX = 107  # sun_path, less the terminating NUL
_POLL_SECONDS = 0.2


@dataclass(frozen=True)
class PostgresServer:
    """A running PostgreSQL server of the team stack and how to reach it.

    ``url`` is ``postgresql://<user>:<password>@127.0.0.1:<port>/<database>`` (psql, psycopg
    and SQLAlchemy read it as is); ``socket_dir`` holds the Unix socket.
    """

    url: str = field(repr=False)  # holds the password: kept out of logs and test reports
    port: int
    pid: int
    data_dir: Path
    user: str
    password: str = field(repr=False)
    database: str
    socket_dir: Path
    bin_dir: Path
    log_path: Path
    start_time: int | None = None
    cmdline: str | None = None

    @property
    def host(self) -> str:
        return HOST


def _version_key(folder: Path) -> tuple:
    return tuple(int(part) if part.isdigit() else -1 for part in re.split(r"[.]", folder.name))


def _has_programs(folder: Path) -> bool:
    return all(os.access(folder / name, os.X_OK) for name in PROGRAMS)


def find_postgres_bin() -> Path | None:
    """The folder of PostgreSQL's server programs; None when they are not installed.

    ``$LS_THEMATIC_PG_BIN`` when set, else Debian's ``/usr/lib/postgresql/<v>/bin`` of the
    highest version ``v`` that has ``initdb``, ``postgres``, ``pg_isready`` and ``psql``.
    Links such as ``/usr/local/bin/pg_ctl`` are not looked at: they may point to any version.
    """
    if os.environ.get(BIN_ENV):
        folder = Path(os.environ[BIN_ENV])
        return folder if _has_programs(folder) else None
    if not DEBIAN_ROOT.is_dir():
        return None
    versions = sorted(DEBIAN_ROOT.iterdir(), key=_version_key, reverse=True)
    for version in versions:
        if _has_programs(version / "bin"):
            return version / "bin"
    return None


def ensure_postgres_bin() -> Path:
    """The folder of PostgreSQL's server programs, installing Debian's package when missing.

    Raises
    ------
    StackError
        If they are missing and cannot be installed here (not root, no apt-get), or are still
        missing after the installation.
    """
    if os.environ.get(BIN_ENV) and find_postgres_bin() is None:
        raise StackError(
            f"${BIN_ENV} is {os.environ[BIN_ENV]!r}, which does not hold PostgreSQL's "
            f"programs {', '.join(PROGRAMS)}; point it to a PostgreSQL bin folder or unset it."
        )
    return ensure_installed(
        find_postgres_bin, DEBIAN_PACKAGE,
        f"PostgreSQL (its server programs in {DEBIAN_ROOT}/<version>/bin)",
        f"The Debian package {DEBIAN_PACKAGE!r} was installed, but {DEBIAN_ROOT}/<version>/bin "
        f"still lacks one of {', '.join(PROGRAMS)}.",
    )  # fmt: skip


def _server_user() -> OsUser:
    return server_user(SERVER_USER)


def _run(bin_dir: Path, user: OsUser, args: list[str], what: str, *, cwd: Path, stdin=None):
    """Run a PostgreSQL program as ``user``; raise with its output when it fails."""
    done = subprocess.run(
        [str(bin_dir / args[0]), *args[1:]], cwd=cwd, env=clean_environment(),
        input=stdin, capture_output=True, text=True, timeout=DEFAULT_TIMEOUT,
        **user.popen_options(),
    )  # fmt: skip
    if done.returncode != 0:
        raise StackError(
            f"PostgreSQL's {args[0]} failed ({what}) with exit code {done.returncode}:\n"
            f"{(done.stderr or done.stdout).strip()[-1500:]}"
        )
    return done.stdout


def _init_cluster(bin_dir: Path, user: OsUser, cluster: Path) -> None:
    """Create the cluster in ``cluster`` unless it holds one (``PG_VERSION``)."""
    if (cluster / "PG_VERSION").exists():
        return
    if cluster.exists() and any(cluster.iterdir()):
        raise StackError(
            f"{cluster} is not empty but holds no PostgreSQL cluster (no PG_VERSION); move its "
            "contents away or choose another data folder."
        )
    cluster.mkdir(mode=0o700, exist_ok=True)
    user.give(cluster, 0o700)
    _run(
        bin_dir, user,
        ["initdb", "-D", str(cluster), "-U", user.name, "-E", "UTF8", "--locale=C.UTF-8",
         "--auth-local=peer", "--auth-host=scram-sha-256"],
        f"creating the cluster in {cluster}", cwd=cluster,
    )  # fmt: skip
    settings = (
        "\n# ls-thematic: loopback only, the socket inside the cluster folder\n"
        f"listen_addresses = '{HOST}'\n"
        f"unix_socket_directories = '{cluster}'\n"
    )
    with open(cluster / "postgresql.conf", "a", encoding="utf-8") as conf:
        conf.write(settings)


def _wait_ready(
    bin_dir: Path, process: subprocess.Popen, port: int, timeout: float, log: Path, start: int
) -> None:
    deadline = time.monotonic() + timeout
    while True:
        if process.poll() is not None:
            raise StackError(
                f"PostgreSQL exited with code {process.returncode} at start. Last lines of "
                f"{log}:\n{log_tail(log, start)}"
            )
        ready = subprocess.run(
            [str(bin_dir / "pg_isready"), "-q", "-h", HOST, "-p", str(port), "-t", "1"],
            env=clean_environment(), capture_output=True,
        )  # fmt: skip
        if ready.returncode == 0:
            return
        if time.monotonic() >= deadline:
            raise StackError(
                f"PostgreSQL did not accept connections on {HOST}:{port} within {timeout:g} s. "
                f"Last lines of {log}:\n{log_tail(log, start)}"
            )
        time.sleep(_POLL_SECONDS)


def _setup_sql(name: str, password: str) -> str:
    """SQL (for psql) that creates role and database ``name`` if missing and sets the password."""
    return (
        f"SELECT format('CREATE ROLE %I LOGIN', '{name}') WHERE NOT EXISTS "
        f"(SELECT FROM pg_roles WHERE rolname = '{name}')\\gexec\n"
        f"ALTER ROLE \"{name}\" LOGIN PASSWORD '{password}';\n"
        f"SELECT format('CREATE DATABASE %I OWNER %I', '{name}', '{name}') WHERE NOT EXISTS "
        f"(SELECT FROM pg_database WHERE datname = '{name}')\\gexec\n"
    )


def superuser_sql(server: PostgresServer, sql: str, database: str = "postgres") -> str:
    """Run ``sql`` (psql input) as the cluster's superuser through the Unix socket; returns
    psql's output (unaligned, tuples only).

    Raises
    ------
    StackError
        If psql fails (the first error stops it).
    """
    user = _server_user()
    return _run(
        server.bin_dir, user,
        ["psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", str(server.socket_dir),
         "-p", str(server.port), "-U", user.name, "-d", database],
        "running SQL as the superuser", cwd=server.socket_dir, stdin=sql,
    )  # fmt: skip


def ensure_database(server: PostgresServer, name: str) -> str:
    """Create database ``name`` owned by the server's role if missing; returns its URL.

    Raises
    ------
    StackError
        If ``name`` is not a plain identifier (letters, digits, underscores).
    """
    if not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", name):
        raise StackError(
            f"Database name {name!r} is not allowed; use lower-case letters, digits and "
            "underscores, starting with a letter (at most 63 characters)."
        )
    superuser_sql(
        server,
        f"SELECT format('CREATE DATABASE %I OWNER %I', '{name}', '{server.user}') WHERE NOT "
        f"EXISTS (SELECT FROM pg_database WHERE datname = '{name}')\\gexec\n",
    )
    return server.url.rsplit("/", 1)[0] + "/" + name


def _server_from(record: dict, data_dir: Path, password: str) -> PostgresServer:
    port, name = int(record["port"]), record["database"]
    return PostgresServer(
        url=f"postgresql://{record['user']}:{password}@{HOST}:{port}/{name}",
        port=port, pid=int(record["pid"]), data_dir=data_dir, user=record["user"],
        password=password, database=name, socket_dir=Path(record["socket_dir"]),
        bin_dir=Path(record["bin_dir"]), log_path=Path(record["log_path"]),
        start_time=record.get("start_time"), cmdline=record.get("cmdline"),
    )  # fmt: skip


def _launch(bin_dir: Path, user: OsUser, cluster: Path, port: int, log_path: Path):
    command = [
        str(bin_dir / "postgres"), "-D", str(cluster), "-p", str(port),
        "-c", f"listen_addresses={HOST}", "-c", f"unix_socket_directories={cluster}",
    ]  # fmt: skip
    log, start = open_log(log_path)
    with log:
        process = subprocess.Popen(
            command, cwd=cluster, env=clean_environment(), stdin=subprocess.DEVNULL,
            stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
            **user.popen_options(),
        )  # fmt: skip
    return process, start


def start_postgres(
    data_dir: Path, port: int | None = None, *, timeout: float = DEFAULT_TIMEOUT
) -> PostgresServer:
    """Start PostgreSQL with its cluster in ``<data_dir>/postgres``, or return the one running.

    Parameters
    ----------
    data_dir : Path
        The stack's data folder; created if missing. Holds the cluster, its password file
        (0600), its state file and its log.
    port : int, optional
        TCP port on 127.0.0.1; default: the port of the last start when free, else a free one.
    timeout : float
        Seconds to wait for the server to accept connections.

    Returns
    -------
    PostgresServer
        The running server, with the role and database :data:`DEFAULT_NAME`.

    Raises
    ------
    StackError
        If PostgreSQL is missing and cannot be installed, the server's OS user cannot reach the
        data folder, the port is busy, or the server does not start (with its log's last lines).
    """
    data_dir = Path(data_dir).expanduser().resolve()
    data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    state_path = data_dir / STATE_FILE
    record = read_record(
        state_path, ("pid", "port", "user", "database", "socket_dir", "bin_dir", "log_path")
    )
    password = read_or_create_secret(data_dir / PASSWORD_FILE)
    if record_running(record):
        return _server_from(record, data_dir, password)
    bin_dir = ensure_postgres_bin()
    user = _server_user()
    cluster = data_dir / CLUSTER_DIR
    if not user.is_current():
        allow_passing(data_dir)
        check_reachable(cluster, user, "PostgreSQL")
    port = choose_port(port, record and int(record["port"]))
    if len(f"{cluster}/.s.PGSQL.{port}") > _SOCKET_PATH_MAX:
        raise StackError(
            f"The data folder {data_dir} is too deep for PostgreSQL's Unix socket "
            f"({cluster}/.s.PGSQL.{port} is longer than {_SOCKET_PATH_MAX} characters); use a "
            "shorter path."
        )
    _init_cluster(bin_dir, user, cluster)
    log_path = data_dir / LOG_FILE
    process, log_start = _launch(bin_dir, user, cluster, port, log_path)
    try:
        _wait_ready(bin_dir, process, port, timeout, log_path, log_start)
        found = process_record(process.pid)
        record = {
            "pid": process.pid, "start_time": found and found.start_time,
            "cmdline": found and found.cmdline, "port": port, "user": DEFAULT_NAME,
            "database": DEFAULT_NAME, "socket_dir": str(cluster), "bin_dir": str(bin_dir),
            "log_path": str(log_path),
        }  # fmt: skip
        server = _server_from(record, data_dir, password)
        superuser_sql(server, _setup_sql(DEFAULT_NAME, password))
    except BaseException:
        _shutdown(process.pid, None, None)
        raise
    write_record(state_path, record)
    return server


def _shutdown(pid: int, start_time: int | None, cmdline: str | None, timeout: float = 30) -> bool:
    """Fast shutdown (SIGINT to the postmaster: sessions are ended, data is flushed), then
    :func:`stop_process` for whatever is left."""
    if not is_recorded_process(pid, start_time, cmdline):
        return False
    try:
        os.kill(pid, signal.SIGINT)
    except ProcessLookupError:
        return True
    deadline = time.monotonic() + timeout
    while is_recorded_process(pid, start_time, cmdline) and time.monotonic() < deadline:
        time.sleep(0.1)
    stop_process(pid, start_time=start_time, cmdline=cmdline)
    return True


def stop_postgres(data_dir: Path) -> bool:
    """Stop the PostgreSQL recorded in ``<data_dir>/postgres.json``; the cluster is kept.

    Returns True when it was running and has been stopped, False when nothing of ours ran
    (a recorded pid now held by another program is left alone).
    """
    state_path = Path(data_dir).expanduser().resolve() / STATE_FILE
    record = read_record(state_path, ("pid",))
    if record is None or not int(record["pid"]):
        return False
    stopped = _shutdown(int(record["pid"]), record.get("start_time"), record.get("cmdline"))
    # kept without a process, so that the next start takes the same port when it is free
    write_record(state_path, {**record, "pid": 0, "start_time": None, "cmdline": None})
    return stopped


def server_info(server: PostgresServer) -> dict:
    """The server as JSON-ready values, without its password."""
    info = {
        key: str(value) if isinstance(value, Path) else value
        for key, value in asdict(server).items()
    }
    info.pop("password")
    info["url"] = server.url.replace(f":{server.password}@", ":***@")
    return info
