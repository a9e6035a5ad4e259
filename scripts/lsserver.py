"""Run a real Label Studio server on this machine, for `make up` and the end-to-end tests.

Label Studio lives in its own virtual environment (``make venv-ls``: it pins Django and many
packages), so it is started as a separate process, never imported. The server

* listens on 127.0.0.1 only, on a port chosen here and checked afterwards (Label Studio would
  silently move to the next port if the one it was given were busy);
* gets a clean environment: Label Studio reads ``LABEL_STUDIO_X`` and then a bare ``X``, so a
  stray ``HOST``, ``PORT``, ``USERNAME`` or ``PASSWORD`` would leak in;
* sends nothing out: no version check, no usage telemetry, no Sentry (server or browser).
  One call has no switch: a browser opening the login page makes the server fetch tips from
  raw.githubusercontent.com (``/heidi-tips``; it fails quietly without a network);
* allows ML backends on local addresses (``USE_DEFAULT_BANNED_SUBNETS=false``). That switches
  off Label Studio's protection against server-side request forgery, which is fine for a
  server that only listens on 127.0.0.1 for one user, and wrong for a shared deployment.

A state file records a server by its pid, its start time and its command line
(:class:`ProcessRecord`): a pid alone may belong to another program by the time ``down`` reads
it, and :func:`stop_process` never signals a process that is not the one recorded.

A new data directory starts from an empty, migrated database when one has been prepared
(:func:`prepare_database_template`, run by ``make up`` and ``make test``): Label Studio's ~250
migrations take about 4.5 minutes on two cores, a start from the template about 30 s.

The first user and its legacy API token are created from the environment on the first start
of a data directory. Label Studio never changes that token afterwards, so it is kept in
``<data_dir>/ls_thematic_token`` and reused when the same directory is started again.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
import warnings
from dataclasses import asdict, dataclass
from pathlib import Path

from ls_thematic.label_config.errors import LabelStudioError
from ls_thematic.label_config.fileio import atomic_write_bytes, atomic_write_text

HOST = "127.0.0.1"
DEFAULT_USERNAME = "admin@example.com"
DEFAULT_PASSWORD = "ls-thematic-local"
TOKEN_FILE_NAME = "ls_thematic_token"
DATABASE_NAME = "label_studio.sqlite3"
TEMPLATE_NAME = "ls-thematic-empty.sqlite3"  # beside the virtual environment's bin/
# The first start of a data directory without the template migrates its database: about 270 s
# on two idle cores, more under load.
DEFAULT_START_TIMEOUT = 900.0
LOG_FILE_NAME = "label-studio.log"
EXECUTABLE_ENV = "LS_THEMATIC_LABEL_STUDIO"
# Environment variables passed through from the caller; everything else is dropped.
PASSTHROUGH_ENV = ("PATH", "HOME", "LANG", "LC_ALL", "TZ", "TMPDIR", "SYSTEMROOT")
# Settings that keep Label Studio from calling anything outside this machine.
OFFLINE_ENV = {
    "LATEST_VERSION_CHECK": "false",  # else it asks the package registry for a newer version
    "COLLECT_ANALYTICS": "false",  # else usage events go to tele.labelstud.io
    "SENTRY_DSN": "",  # else server errors are reported to Sentry
    "FRONTEND_SENTRY_DSN": "",  # else pages load Sentry's browser script from its CDN
    "FEATURE_FLAGS_OFFLINE": "true",  # the default; the flag client never connects
    "CONVERTER_DOWNLOAD_RESOURCES": "false",  # exports do not fetch URLs found in tasks
}
# How long Label Studio waits for the suggestion backend (its defaults: health 1 s, /setup 3 s,
# /predict 100 s). "Retrieve predictions" sends up to 100 tasks in one /predict: 100 transcripts
# of 200 sentences take about 2 minutes to embed on 2 cores, and past the timeout Label Studio
# stores no suggestion at all and says nothing. A loaded laptop can also miss the 1 s and 3 s.
ML_TIMEOUT_ENV = {
    "ML_TIMEOUT_HEALTH": "5",
    "ML_TIMEOUT_SETUP": "30",
    "ML_TIMEOUT_PREDICT": "1800",
}
_REPO_ROOT = Path(__file__).resolve().parent.parent
_LOG_TAIL_LINES = 25
_POLL_SECONDS = 0.25
# A proxy configured in the environment must not see requests to the local server.
_LOCAL_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


@dataclass(frozen=True)
class LabelStudioServer:
    """A running Label Studio server and how to reach it.

    ``api_key`` is the legacy token of ``username``, usable as ``Authorization: Token <key>``
    and as ``LabelStudio(base_url=url, api_key=api_key)``.
    """

    url: str
    api_key: str
    username: str
    password: str
    pid: int
    data_dir: Path
    log_path: Path
    start_time: int | None = None
    cmdline: str | None = None


def find_label_studio(venv: Path | None = None) -> Path:
    """Return the path of the ``label-studio`` executable.

    Looked up, in order: ``<venv>/bin/label-studio`` when ``venv`` is given; the path in the
    environment variable ``LS_THEMATIC_LABEL_STUDIO``; ``<repo>/.venv-ls/bin/label-studio``.

    Raises
    ------
    LabelStudioError
        If the executable is not there.
    """
    if venv is not None:
        path, origin = Path(venv) / "bin" / "label-studio", f"the virtual environment {venv}"
    elif os.environ.get(EXECUTABLE_ENV):
        path, origin = Path(os.environ[EXECUTABLE_ENV]), f"${EXECUTABLE_ENV}"
    else:
        path, origin = _REPO_ROOT / ".venv-ls" / "bin" / "label-studio", "the default location"
    if not (path.is_file() and os.access(path, os.X_OK)):
        raise LabelStudioError(
            f"Label Studio is not installed at {path} ({origin}). Install it with "
            f"`make venv-ls` (a virtual environment .venv-ls with label-studio==1.23.2), or set "
            f"{EXECUTABLE_ENV} to the path of a label-studio executable."
        )
    return path


def free_port(host: str = HOST) -> int:
    """Return a TCP port on ``host`` that nothing listens on at the moment of the call."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


def _port_is_free(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        try:
            sock.bind((host, port))
        except OSError:
            return False
    # Label Studio itself checks `localhost`, which can be another address than `host`.
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(1)
        return sock.connect_ex(("localhost", port)) != 0


def _health_ok(url: str) -> bool:
    try:
        with _LOCAL_OPENER.open(f"{url}/health", timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


def _poll_health(url: str, timeout: float, process: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + timeout
    while True:
        if process is not None and process.poll() is not None:
            raise _ExitedEarly(process.returncode)
        if _health_ok(url):
            return
        if time.monotonic() >= deadline:
            raise LabelStudioError(
                f"Label Studio did not answer {url}/health within {timeout:g} s."
            )
        time.sleep(_POLL_SECONDS)


class _ExitedEarly(Exception):
    def __init__(self, returncode: int) -> None:
        super().__init__(returncode)
        self.returncode = returncode


def wait_healthy(url: str, timeout: float) -> None:
    """Wait until ``GET <url>/health`` answers 200.

    Raises
    ------
    LabelStudioError
        If it does not within ``timeout`` seconds.
    """
    _poll_health(url.rstrip("/"), timeout)


def _pid_alive(pid: int) -> bool:
    try:  # reap it first if it is our child, or a zombie would count as alive
        if os.waitpid(pid, os.WNOHANG)[0] == pid:
            return False
    except ChildProcessError:
        pass
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _cmdline(pid: int) -> str | None:
    try:
        return (
            Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        )
    except OSError:
        return None


def _start_time(pid: int) -> int | None:
    """When ``pid`` started, in clock ticks after boot (``/proc/<pid>/stat`` field 22)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    # field 2 (the program name, in parentheses) may hold spaces; field 3 follows its ")"
    fields = stat.rsplit(")", 1)[-1].split()
    try:
        return int(fields[22 - 3])
    except (IndexError, ValueError):
        return None


@dataclass(frozen=True)
class ProcessRecord:
    """A process as a state file records it: the pid, and what tells it from a later process
    that is given the same pid (its start time, in clock ticks after boot, and command line)."""

    pid: int
    start_time: int | None
    cmdline: str | None


def process_record(pid: int) -> ProcessRecord | None:
    """The record of the running process ``pid``; None when it does not run."""
    if not _pid_alive(pid):
        return None
    return ProcessRecord(pid, _start_time(pid), _cmdline(pid))


def is_recorded_process(
    pid: int, start_time: int | None = None, cmdline: str | None = None
) -> bool:
    """Whether ``pid`` runs and is the process recorded with ``start_time`` and ``cmdline``.

    Each of them is compared when given; one that cannot be read (the process is gone, or
    there is no ``/proc``) does not match, so an unverifiable pid is never taken for ours.
    """
    if not _pid_alive(pid):
        return False
    if start_time is not None and _start_time(pid) != start_time:
        return False
    return cmdline is None or _cmdline(pid) == cmdline


def stop_process(
    pid: int,
    timeout: float = 20,
    *,
    cmdline_contains: str | None = None,
    start_time: int | None = None,
    cmdline: str | None = None,
) -> bool:
    """Stop a process started in its own session, with SIGTERM and then SIGKILL.

    The signals go to the process group of ``pid`` when ``pid`` leads one (as the servers
    started here do), else to ``pid`` alone.

    Parameters
    ----------
    pid : int
        Process id.
    timeout : float
        Seconds to wait after SIGTERM before sending SIGKILL.
    cmdline_contains : str, optional
        Only stop the process if its command line contains this text (checked where
        ``/proc`` exists).
    start_time, cmdline : optional
        Only stop the process if it is the one recorded with this start time and command
        line (:class:`ProcessRecord`; see :func:`is_recorded_process`). These guard against
        a pid from an old state file that now belongs to another program.

    Returns
    -------
    bool
        True if the process was running (and has been stopped), False if it was not, or if
        it is not the expected program.
    """
    if not is_recorded_process(pid, start_time, cmdline):
        return False
    if cmdline_contains is not None:
        found = _cmdline(pid)
        if found is not None and cmdline_contains not in found:
            return False
    try:
        group = os.getpgid(pid)
    except ProcessLookupError:
        return False
    leads_group = group == pid

    def send(sig: signal.Signals) -> None:
        try:
            if leads_group:
                os.killpg(group, sig)
            else:
                os.kill(pid, sig)
        except ProcessLookupError:
            pass

    send(signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while _pid_alive(pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    # Also catches children left behind in the group when the leader exited on SIGTERM.
    send(signal.SIGKILL)
    deadline = time.monotonic() + 5
    while _pid_alive(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    return True


def _log_tail(log_path: Path, start: int, lines: int = _LOG_TAIL_LINES) -> str:
    try:
        with open(log_path, "rb") as log:
            log.seek(start)
            text = log.read().decode(errors="replace")
    except OSError as err:
        return f"(cannot read {log_path}: {err})"
    return "\n".join(text.splitlines()[-lines:]) or "(the log is empty)"


def _resolve_token(data_dir: Path, api_key: str | None) -> str:
    """Return the token for ``data_dir``, generating and saving one on the first start."""
    token_file = data_dir / TOKEN_FILE_NAME
    if token_file.exists():
        stored = token_file.read_text().strip()
        if api_key is not None and api_key != stored:
            raise LabelStudioError(
                f"The data directory {data_dir} was first started with another API token "
                f"(kept in {token_file}); Label Studio only sets the token when it creates the "
                "user. Pass api_key=None to reuse it, or use a new data directory."
            )
        return stored
    if api_key is None:
        if (data_dir / DATABASE_NAME).exists():
            raise LabelStudioError(
                f"The data directory {data_dir} holds a Label Studio database that was not "
                f"created here (there is no {TOKEN_FILE_NAME} in it), so its API token is "
                "unknown. Pass that token as api_key, or use a new data directory."
            )
        api_key = secrets.token_hex(20)
    elif len(api_key) < 6 or not api_key.isalnum():
        raise LabelStudioError(
            f"The API token must be at least 6 letters or digits (40 hex digits are usual); "
            f"got {len(api_key)} characters."
        )
    atomic_write_text(token_file, api_key + "\n", mode=0o600)  # the token: owner only
    return api_key


def label_studio_environment(
    data_dir: Path, username: str, password: str, api_key: str
) -> dict[str, str]:
    """Return the complete environment a Label Studio server is started with."""
    env = {name: os.environ[name] for name in PASSTHROUGH_ENV if name in os.environ}
    env.setdefault("LANG", "C.UTF-8")
    env.update(OFFLINE_ENV)
    env.update(ML_TIMEOUT_ENV)
    env.update(
        {
            "LABEL_STUDIO_BASE_DATA_DIR": str(data_dir),
            # Label Studio writes a user id under the user's config folder (appdirs), even
            # with analytics off: kept in its data folder, so nothing lands outside it.
            "XDG_CONFIG_HOME": str(Path(data_dir) / "config"),
            "XDG_CACHE_HOME": str(Path(data_dir) / "cache"),
            "LABEL_STUDIO_USERNAME": username,
            "LABEL_STUDIO_PASSWORD": password,
            "LABEL_STUDIO_USER_TOKEN": api_key,
            "LABEL_STUDIO_ENABLE_LEGACY_API_TOKEN": "true",
            # Local use only: lets Label Studio call an ML backend on 127.0.0.1.
            "USE_DEFAULT_BANNED_SUBNETS": "false",
            "PYTHONUNBUFFERED": "1",
        }
    )
    return env


def _check_api(url: str, api_key: str, username: str) -> None:
    """Check through label-studio-sdk that the token works and belongs to ``username``."""
    # label-studio-sdk and httpx load only when a server is started (they are slow to import)
    import httpx
    from label_studio_sdk import LabelStudio

    # trust_env=False: a proxy configured in the environment must not see local requests.
    with httpx.Client(timeout=30, trust_env=False) as http:
        client = LabelStudio(base_url=url, api_key=api_key, httpx_client=http)
        try:
            client.projects.list()
            email = client.users.whoami().email
        except Exception as err:  # the SDK raises ApiError, httpx errors, ...
            raise LabelStudioError(
                f"Label Studio at {url} is up but refused the API token: {err}"
            ) from err
    if email != username:
        raise LabelStudioError(
            f"The API token kept for this data directory belongs to {email!r}, not "
            f"{username!r}; Label Studio only creates the user on the first start. Start it "
            f"with username={email!r}, or use a new data directory."
        )


def _choose_port(port: int | None) -> int:
    """``port`` when nothing listens on it, or a free one when None."""
    if port is None:
        return free_port(HOST)
    if not _port_is_free(HOST, port):
        raise LabelStudioError(
            f"Port {port} on {HOST} is in use; choose another one or leave port=None."
        )
    return port


def _launch(
    executable: Path, port: int, data_dir: Path, env: dict[str, str], log_path: Path
) -> tuple[subprocess.Popen, int]:
    """Start ``label-studio start`` in its own session, its output appended to ``log_path``;
    returns the process and where its part of the log starts."""
    command = [
        str(executable), "start", "--no-browser",
        "--internal-host", HOST, "--port", str(port),
    ]  # fmt: skip
    # owner only: the log quotes requests, and the data directory may be shared
    fd = os.open(log_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    with os.fdopen(fd, "ab") as log:
        log_start = log.seek(0, os.SEEK_END)
        process = subprocess.Popen(
            command,
            cwd=data_dir,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    return process, log_start


def _check_started(
    process: subprocess.Popen, url: str, port: int, timeout: float, log_path: Path, log_start: int
) -> None:
    """Wait until the server answers on ``url``; raise, with the log's last lines, when it
    exits first, does not answer in time, or moved to another port."""
    try:
        _poll_health(url, timeout, process)
    except _ExitedEarly as exited:
        raise LabelStudioError(
            f"Label Studio exited with code {exited.returncode} before answering on {url}. "
            f"Last lines of {log_path}:\n{_log_tail(log_path, log_start)}"
        ) from None
    except LabelStudioError as err:
        raise LabelStudioError(
            f"{err} Last lines of {log_path}:\n{_log_tail(log_path, log_start)}"
        ) from None
    moved = re.search(
        rb"Starting development server at http://[^:/]+:(\d+)/",
        log_path.read_bytes()[log_start:],
    )
    if moved and int(moved.group(1)) != port:
        raise LabelStudioError(
            f"Label Studio moved to port {int(moved.group(1))} because {port} was taken; "
            f"{url} is another server."
        )


def start_label_studio(
    data_dir: Path,
    *,
    port: int | None = None,
    username: str = DEFAULT_USERNAME,
    password: str = DEFAULT_PASSWORD,
    api_key: str | None = None,
    executable: Path | None = None,
    timeout: float = DEFAULT_START_TIMEOUT,
    log_path: Path | None = None,
) -> LabelStudioServer:
    """Start Label Studio on 127.0.0.1 with its data in ``data_dir`` and wait until it works.

    Parameters
    ----------
    data_dir : Path
        Where Label Studio keeps its SQLite database and media; created if missing. Starting
        the same directory again reuses its user and token.
    port : int, optional
        TCP port; a free one is picked when not given.
    username, password : str
        E-mail and password of the first user, created on the first start only.
    api_key : str, optional
        Legacy API token for that user; 40 random hex digits when not given.
    executable : Path, optional
        The ``label-studio`` program; default ``find_label_studio()``.
    timeout : float
        Seconds to wait for the server to answer (the first start of a directory runs
        ~250 migrations unless :func:`prepare_database_template` has been run).
    log_path : Path, optional
        File receiving the server's output (appended); default ``<data_dir>/label-studio.log``.

    Returns
    -------
    LabelStudioServer
        The running server. Stop it with ``stop_process(server.pid)``.

    Raises
    ------
    LabelStudioError
        If Label Studio is missing, the port is busy, the server exits or does not answer in
        time, or the API token does not work. The server is stopped before raising.
    """
    executable = Path(executable) if executable is not None else find_label_studio()
    data_dir = Path(data_dir).expanduser().resolve()
    data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)  # the database: owner only
    api_key = _resolve_token(data_dir, api_key)
    _seed_database(data_dir, executable)
    port = _choose_port(port)
    log_path = Path(log_path) if log_path is not None else data_dir / LOG_FILE_NAME
    log_path.parent.mkdir(parents=True, exist_ok=True)
    url = f"http://{HOST}:{port}"
    env = label_studio_environment(data_dir, username, password, api_key)
    process, log_start = _launch(executable, port, data_dir, env, log_path)
    try:
        _check_started(process, url, port, timeout, log_path, log_start)
        _check_api(url, api_key, username)
    except BaseException:
        stop_process(process.pid)
        process.poll()  # stop_process reaped it; let Popen know
        raise
    pid = process.pid
    record = process_record(pid) or ProcessRecord(pid, None, None)
    # The server is meant to outlive this call (stop_process reaps it by pid); dropping the
    # Popen here must not warn that the subprocess "is still running".
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        del process
    return LabelStudioServer(
        url=url,
        api_key=api_key,
        username=username,
        password=password,
        pid=pid,
        data_dir=data_dir,
        log_path=log_path.resolve(),
        start_time=record.start_time,
        cmdline=record.cmdline,
    )


def database_template(executable: Path | None = None) -> Path:
    """Where the empty, migrated database of the Label Studio at ``executable`` is kept."""
    executable = Path(executable) if executable is not None else find_label_studio()
    return executable.absolute().parent.parent / TEMPLATE_NAME


def prepare_database_template(
    executable: Path | None = None, timeout: float = DEFAULT_START_TIMEOUT
) -> Path:
    """Migrate an empty Label Studio database once, for new data directories to start from.

    ``label-studio version`` applies the migrations and exits without creating a user. The
    result goes beside the virtual environment's ``bin/`` (atomically: two builds at once
    both succeed). Returns its path; an existing template is kept.

    Raises
    ------
    LabelStudioError
        If the migrations fail or take longer than ``timeout`` seconds.
    """
    executable = Path(executable) if executable is not None else find_label_studio()
    target = database_template(executable)
    if target.exists():
        return target
    with tempfile.TemporaryDirectory(prefix="ls-thematic-migrate-") as folder:
        folder = Path(folder)
        env = label_studio_environment(folder, DEFAULT_USERNAME, DEFAULT_PASSWORD, "0" * 40)
        log_path = folder / LOG_FILE_NAME
        try:
            with open(log_path, "wb") as log:
                done = subprocess.run(
                    [str(executable), "version"], cwd=folder, env=env,
                    stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                    timeout=timeout,
                )  # fmt: skip
        except subprocess.TimeoutExpired:
            raise LabelStudioError(
                f"Label Studio's migrations did not finish within {timeout:g} s. Last lines "
                f"of its output:\n{_log_tail(log_path, 0)}"
            ) from None
        if done.returncode != 0 or not (folder / DATABASE_NAME).is_file():
            raise LabelStudioError(
                f"Label Studio's migrations failed (exit code {done.returncode}). Last lines "
                f"of its output:\n{_log_tail(log_path, 0)}"
            )
        atomic_write_bytes(target, (folder / DATABASE_NAME).read_bytes(), mode=0o644)
    return target


def _seed_database(data_dir: Path, executable: Path) -> None:
    """Give a new data directory a copy of the migrated empty database, when there is one."""
    database, template = data_dir / DATABASE_NAME, database_template(executable)
    if not database.exists() and template.is_file():
        atomic_write_bytes(database, template.read_bytes(), mode=0o600)


def write_state(path: Path, server: LabelStudioServer) -> None:
    """Save ``server`` as JSON in ``path`` (atomically; readable by the owner only)."""
    record = {key: str(value) if isinstance(value, Path) else value
              for key, value in asdict(server).items()}  # fmt: skip
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_text(path, json.dumps(record, indent=2) + "\n", mode=0o600)


def _optional(value, kind):
    return None if value is None else kind(value)


def read_state(path: Path) -> LabelStudioServer | None:
    """Load a server saved by ``write_state``; None if ``path`` does not exist.

    The server may have stopped since: check with ``wait_healthy(server.url, 0)``.

    Raises
    ------
    LabelStudioError
        If the file is not a saved server.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    try:
        record = json.loads(text)
        return LabelStudioServer(
            url=str(record["url"]),
            api_key=str(record["api_key"]),
            username=str(record["username"]),
            password=str(record["password"]),
            pid=int(record["pid"]),
            data_dir=Path(record["data_dir"]),
            log_path=Path(record["log_path"]),
            start_time=_optional(record.get("start_time"), int),
            cmdline=_optional(record.get("cmdline"), str),
        )
    except (ValueError, KeyError, TypeError) as err:
        raise LabelStudioError(
            f"{path} is not a Label Studio state file ({type(err).__name__}: {err}); "
            "delete it and start again."
        ) from err
