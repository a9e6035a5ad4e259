"""Label Studio on the team stack's PostgreSQL, served by gunicorn with several worker processes.

``label-studio start`` serves with Django's development server, one process; under 20 coders it
sat at 88% of a core (issue 14). Here the same application (``label_studio.core.wsgi``, with the
settings ``label_studio.core.settings.label_studio`` and the ``label_studio`` package folder on
``PYTHONPATH``, as ``label-studio start`` sets them up) runs under gunicorn, installed into
Label Studio's virtual environment by ``make venv-ls``. Static files need nothing more: Label
Studio's own URL patterns serve ``/static/`` from the ``static_build`` folder its wheel ships
(``core/urls.py``), whichever server runs it.

Before the workers start, ``label-studio init --quiet`` (one process) applies the migrations and
creates the first user with its legacy API token, exactly as ``label-studio start`` does on a first
start; on a later start it only finds that user. The server is recorded in the same state file
as ``make up``'s (``<data>/label-studio.json``), so ``down`` stops it the same way.
"""

from __future__ import annotations

import os
import socket
import subprocess
import warnings
from pathlib import Path

from ls_thematic.label_config.errors import LabelStudioError

from ..lsserver import (
    DEFAULT_START_TIMEOUT,
    HOST,
    LabelStudioServer,
    ProcessRecord,
    _check_api,
    _ExitedEarly,
    _log_tail,
    _poll_health,
    _resolve_token,
    find_label_studio,
    free_port,
    process_record,
    stop_process,
)

DEFAULT_WORKERS = 3
SETTINGS_MODULE = "label_studio.core.settings.label_studio"
WSGI_APP = "label_studio.core.wsgi:application"
#: gunicorn's name for the server; it is also in the command line that ``down`` checks.
PROC_NAME = "label-studio"
# gthread workers: a request that waits on the backend ("Retrieve predictions", up to
# ML_TIMEOUT_PREDICT) does not hold the whole worker, and the worker's heartbeat goes on.
THREADS = 4
# gthread's timeout is the worker's heartbeat, sent by its event loop, not a limit on a request:
# a long "Retrieve predictions" (up to ML_TIMEOUT_PREDICT, 100 s) does not get the worker killed.
WORKER_TIMEOUT = 120
#: Seconds an idle kept-alive connection stays open (nginx's default ``keepalive_timeout``).
#: gunicorn's default, 2 s, is shorter than the pauses of a coder's browser (or of a client's
#: pooled ``requests.Session``) between two requests, so the server closed connections just as the
#: next request went out on them: "Connection reset by peer" (issue 14's load test: 20 resets in
#: 10 minutes of 20 coders; none in 3 minutes with 75 s). A server's idle timeout should outlast
#: its clients' usual pauses. gthread keeps idle connections in its event loop, not a thread (up to
#: ``worker_connections``, 1,000 by default), so a long keep-alive holds no thread.
KEEPALIVE = 75


def _choose_port(port: int | None) -> int:
    """``port`` when nothing listens on it (connections of a previous server that are still
    in TIME_WAIT do not count: gunicorn binds with SO_REUSEADDR), or a free one when None.

    Raises
    ------
    LabelStudioError
        If ``port`` is given and a server listens on it.
    """
    if port is None:
        return free_port(HOST)
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((HOST, port))
            sock.listen(1)
        except OSError:
            raise LabelStudioError(
                f"Port {port} on {HOST} is in use; choose another one (--port)."
            ) from None
    return port


def _package_folder(executable: Path) -> Path:
    """The ``label_studio`` package folder of the virtual environment of ``executable``."""
    python = executable.parent / "python"
    done = subprocess.run(
        [str(python), "-c",
         "import importlib.util, os; print(os.path.dirname(importlib.util.find_spec("
         "'label_studio').origin))"],
        capture_output=True, text=True, timeout=60, env={"PATH": os.environ.get("PATH", "")},
    )  # fmt: skip
    if done.returncode != 0:
        raise LabelStudioError(
            f"Cannot find the label_studio package beside {executable}: {done.stderr.strip()}"
        )
    return Path(done.stdout.strip())


def gunicorn_command(executable: Path, port: int, workers: int = DEFAULT_WORKERS) -> list[str]:
    """gunicorn serving Label Studio on 127.0.0.1:``port`` with ``workers`` processes.

    Raises
    ------
    LabelStudioError
        If gunicorn is not installed beside ``executable`` (``make venv-ls`` installs it), or
        ``workers`` is below 1.
    """
    if workers < 1:
        raise LabelStudioError(f"Label Studio needs at least 1 worker process; got {workers}.")
    gunicorn = executable.parent / "gunicorn"
    if not os.access(gunicorn, os.X_OK):
        raise LabelStudioError(
            f"gunicorn is not installed in Label Studio's virtual environment ({gunicorn} is "
            f"missing); run `make venv-ls`, or `{executable.parent / 'pip'} install "
            "'gunicorn>=22,<24'`."
        )
    return [
        str(gunicorn), "--name", PROC_NAME, "-w", str(workers), "-k", "gthread",
        "--threads", str(THREADS), "--timeout", str(WORKER_TIMEOUT),
        "--keep-alive", str(KEEPALIVE), "-b", f"{HOST}:{port}", "--access-logfile", "-", WSGI_APP,
    ]  # fmt: skip


def wsgi_environment(env: dict[str, str], package: Path) -> dict[str, str]:
    """``env`` plus what the WSGI application needs to import as ``label-studio start`` does."""
    return {
        **env,
        "DJANGO_SETTINGS_MODULE": SETTINGS_MODULE,
        "PYTHONPATH": str(package),
        "DEBUG": "false",
    }


def initialize(executable: Path, env: dict[str, str], cwd: Path, log_path: Path,
               timeout: float = DEFAULT_START_TIMEOUT) -> None:  # fmt: skip
    """Migrate the database and create the first user and its token (``label-studio init``).

    Raises
    ------
    LabelStudioError
        If it fails or takes longer than ``timeout`` seconds, with the last lines of its output.
    """
    fd = os.open(log_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    with os.fdopen(fd, "ab") as log:
        start = log.seek(0, os.SEEK_END)
        try:
            done = subprocess.run(
                [str(executable), "init", "--quiet", "--enable-legacy-api-token"], cwd=cwd,
                env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                timeout=timeout,
            )  # fmt: skip
        except subprocess.TimeoutExpired:
            raise LabelStudioError(
                f"Label Studio's migrations did not finish within {timeout:g} s. Last lines of "
                f"{log_path}:\n{_log_tail(log_path, start)}"
            ) from None
    if done.returncode != 0:
        raise LabelStudioError(
            f"`label-studio init` failed with exit code {done.returncode}. Last lines of "
            f"{log_path}:\n{_log_tail(log_path, start)}"
        )


def start_label_studio_workers(
    ls_data_dir: Path,
    env_for,
    *,
    port: int | None,
    username: str,
    password: str,
    workers: int = DEFAULT_WORKERS,
    log_path: Path,
    executable: Path | None = None,
    timeout: float = DEFAULT_START_TIMEOUT,
) -> LabelStudioServer:
    """Start Label Studio under gunicorn with ``workers`` processes and wait until it works.

    Parameters
    ----------
    ls_data_dir : Path
        Label Studio's data folder (media, the token file); created if missing.
    env_for : callable
        ``env_for(api_key) -> dict``: the complete environment of Label Studio for that token
        (:func:`~ls_thematic.scripts.team.stack.team_label_studio_environment`).
    port : int, optional
        TCP port on 127.0.0.1; a free one when None.
    username, password : str
        The first user, created on the first start only.
    workers : int
        gunicorn worker processes.
    log_path : Path
        The server's output (appended, owner only).

    Returns
    -------
    LabelStudioServer
        The running server (its pid is gunicorn's master; ``stop_process`` stops the group).

    Raises
    ------
    LabelStudioError
        If Label Studio or gunicorn is missing, the port is busy, the migrations fail, or the
        server exits or does not answer in time; the server is stopped before raising.
    """
    executable = Path(executable) if executable is not None else find_label_studio()
    ls_data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    api_key = _resolve_token(ls_data_dir, None)  # the kept token, or a new one (0600)
    port = _choose_port(port)
    env = env_for(api_key)
    command = gunicorn_command(executable, port, workers)
    initialize(executable, env, ls_data_dir, log_path, timeout)
    env = wsgi_environment(env, _package_folder(executable))
    url = f"http://{HOST}:{port}"
    fd = os.open(log_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    with os.fdopen(fd, "ab") as log:
        log_start = log.seek(0, os.SEEK_END)
        process = subprocess.Popen(
            command, cwd=ls_data_dir, env=env, stdin=subprocess.DEVNULL, stdout=log,
            stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    try:
        try:
            _poll_health(url, timeout, process)
        except _ExitedEarly as exited:
            raise LabelStudioError(
                f"Label Studio (gunicorn) exited with code {exited.returncode} before answering "
                f"on {url}. Last lines of {log_path}:\n{_log_tail(log_path, log_start)}"
            ) from None
        _check_api(url, api_key, username)
    except BaseException:
        stop_process(process.pid)
        process.poll()
        raise
    record = process_record(process.pid) or ProcessRecord(process.pid, None, None)
    with warnings.catch_warnings():  # the server outlives this call; stop_process reaps it
        warnings.simplefilter("ignore", ResourceWarning)
        del process
    return LabelStudioServer(
        url=url, api_key=api_key, username=username, password=password, pid=record.pid,
        data_dir=ls_data_dir, log_path=log_path.resolve(), start_time=record.start_time,
        cmdline=record.cmdline,
    )  # fmt: skip
