"""The team stack: PostgreSQL and Redis under one data folder, and Label Studio's settings for
them, and the whole team stack: :func:`start_team` / :func:`stop_team` (``ls-thematic up --team``
and ``down``).

What Label Studio 1.23.2 reads (``label_studio/core/settings/base.py``):

* ``DJANGO_DB=default`` selects PostgreSQL, configured by ``POSTGRE_NAME``, ``POSTGRE_USER``,
  ``POSTGRE_PASSWORD``, ``POSTGRE_HOST`` and ``POSTGRE_PORT``; the driver (psycopg 3) is
  already in its virtual environment. Its 396 migrations take about 30 s on PostgreSQL on two
  cores (about 270 s on SQLite), so the SQLite template trick is not needed.
* ``SECRET_KEY``: when unset, each process draws a random one, so several worker processes
  would not accept each other's sessions; the stack keeps one in a 0600 file.
* Redis: the Community edition hard-codes ``REDIS_ENABLED = False`` ("OSS version does not
  support Redis") and ``RQ_QUEUES`` on localhost:6379 without a password, and does not read
  ``REDIS_LOCATION``. Its webhooks and background jobs therefore run inside the request. The
  team stack thus starts no Redis for Label Studio (:func:`start_team`); given a Redis,
  :func:`team_label_studio_environment` still passes ``REDIS_LOCATION`` for the editions that
  read it.

:func:`start_team` starts, under one data folder: PostgreSQL (a database for Label Studio and
one for the backend), Label Studio migrated and served by gunicorn with several workers
(:mod:`.label_studio`), the suggestion backend with ``BACKEND_DATABASE_URL`` and several
workers, and the demo project connected to it, as ``make up`` does. The data folder gets o+x
(others may pass through it, not list it) so that PostgreSQL's OS user reaches its cluster.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass
from pathlib import Path

from label_studio_sdk import LabelStudio

from .. import demo
from ..lsserver import HOST, label_studio_environment, write_state
from .label_studio import DEFAULT_WORKERS, start_label_studio_workers
from .postgres import STATE_FILE, PostgresServer, ensure_database, start_postgres, stop_postgres
from .redis_server import RedisServer, start_redis, stop_redis
from .system import (
    allow_passing,
    read_or_create_secret,
    read_record,
    record_running,
    write_record,
)

SECRET_KEY_FILE = "label-studio.secret"
#: Written by :func:`start_team`; ``down`` stops the team stack when it finds it.
TEAM_STATE_FILE = "team.json"
LABEL_STUDIO_DATABASE = "label_studio"
BACKEND_DATABASE = "backend"
DEFAULT_BACKEND_WORKERS = 2


#: Label Studio's settings for serving a team behind a TLS proxy (docs/deployment.md, *TLS in
#: front*), passed on from the environment of ``up --team`` when set; nothing else is.
PROXY_SETTINGS = (
    "LABEL_STUDIO_HOST",
    "LABEL_STUDIO_CSRF_TRUSTED_ORIGINS",
    "LABEL_STUDIO_SESSION_COOKIE_SECURE",
    "LABEL_STUDIO_DISABLE_SIGNUP_WITHOUT_LINK",
    "LABEL_STUDIO_ALLOWED_HOSTS",
    "LABEL_STUDIO_DEBUG",
)


def team_label_studio_environment(
    data_dir: Path,
    ls_data_dir: Path,
    postgres: PostgresServer,
    redis: RedisServer | None = None,
    *,
    username: str,
    password: str,
    api_key: str,
) -> dict[str, str]:
    """The environment of Label Studio on the stack's PostgreSQL and Redis.

    :func:`~ls_thematic.scripts.lsserver.label_studio_environment` (clean, offline), plus the
    database settings (``postgres.database``) and a ``SECRET_KEY`` shared by all worker
    processes (kept in ``<data_dir>/label-studio.secret``, 0600); ``REDIS_LOCATION`` when a
    ``redis`` is given (Label Studio 1.23.2 Community does not read it). ``DEBUG`` is off (Label
    Studio's default is on: its error pages would show tracebacks and settings to coders), and
    the :data:`PROXY_SETTINGS` set in this process's environment are passed on.
    """
    env = label_studio_environment(ls_data_dir, username, password, api_key)
    env.update(
        {
            "DEBUG": "false",
            **{name: os.environ[name] for name in PROXY_SETTINGS if name in os.environ},
            "DJANGO_DB": "default",
            "POSTGRE_NAME": postgres.database,
            "POSTGRE_USER": postgres.user,
            "POSTGRE_PASSWORD": postgres.password,
            "POSTGRE_HOST": HOST,
            "POSTGRE_PORT": str(postgres.port),
            "SECRET_KEY": read_or_create_secret(Path(data_dir) / SECRET_KEY_FILE),
        }
    )
    if redis is not None:
        env["REDIS_LOCATION"] = redis.url
    return env


def start_services(data_dir: Path) -> tuple[PostgresServer, RedisServer]:
    """Start (or reuse) the stack's PostgreSQL and Redis; Redis is stopped again if
    PostgreSQL fails after it."""
    redis = start_redis(data_dir)
    try:
        postgres = start_postgres(data_dir)
    except BaseException:
        stop_redis(data_dir)
        raise
    return postgres, redis


def stop_services(data_dir: Path) -> list[str]:
    """Stop the stack's PostgreSQL and Redis by their recorded pids; returns what was stopped."""
    stopped = []
    if stop_postgres(data_dir):
        stopped.append("PostgreSQL")
    if stop_redis(data_dir):
        stopped.append("Redis")
    return stopped


@dataclass
class TeamResult(demo.UpResult):
    """What :func:`start_team` started: :class:`~ls_thematic.scripts.demo.UpResult`, plus the
    PostgreSQL port, the worker counts and the data folder (made o+x for PostgreSQL's user)."""

    postgres_port: int = 0
    workers: int = DEFAULT_WORKERS
    backend_workers: int = DEFAULT_BACKEND_WORKERS
    data_dir: Path | None = None


def _team_label_studio(data, postgres, credentials, port, workers) -> tuple:
    """The team's Label Studio: the one recorded in ``data`` when it still answers, else a new
    one under gunicorn; returns ``(server, reused)``."""
    state_path = data / "label-studio.json"
    server = demo._running_server(state_path)
    if server is not None:
        return server, True
    ls_postgres = dataclasses.replace(postgres, database=LABEL_STUDIO_DATABASE)
    ls_dir = demo.private_folder(data / "label-studio")

    def env_for(api_key: str) -> dict[str, str]:
        return team_label_studio_environment(
            data, ls_dir, ls_postgres, username=credentials.username,
            password=credentials.password, api_key=api_key,
        )  # fmt: skip

    server = start_label_studio_workers(
        ls_dir, env_for, port=port, username=credentials.username,
        password=credentials.password, workers=workers, log_path=data / "label-studio.log",
    )  # fmt: skip
    write_state(state_path, server)
    return server, False


def start_team(
    data_dir: Path,
    port: int = 8080,
    backend_port: int = 9090,
    *,
    workers: int = DEFAULT_WORKERS,
    backend_workers: int = DEFAULT_BACKEND_WORKERS,
) -> TeamResult:
    """Start (or reuse) the team stack in ``data_dir``: PostgreSQL, Label Studio under gunicorn,
    the backend on PostgreSQL, and the demo project connected to it.

    Parameters
    ----------
    data_dir : Path
        The data folder (default of the CLI: ``./data``); created owner-only, then given o+x so
        that PostgreSQL's OS user passes through it to its cluster.
    port, backend_port : int
        Label Studio's and the backend's ports on 127.0.0.1.
    workers, backend_workers : int
        gunicorn worker processes of Label Studio and of the backend.

    Returns
    -------
    TeamResult
        Where everything runs; the credentials stay in ``<data>/credentials.json`` (0600).

    Raises
    ------
    StackError, LabelStudioError
        If a server cannot start; the stack is then stopped again, unless it was running before
    this call.
    """
    data = demo.private_folder(Path(data_dir).expanduser().resolve())
    allow_passing(data)  # private_folder took o+x away; PostgreSQL's user needs it
    credentials = demo.ensure_credentials(data)
    was_running = record_running(read_record(data / STATE_FILE, ("pid",)))
    write_record(data / TEAM_STATE_FILE, {"workers": workers, "backend_workers": backend_workers})
    postgres = start_postgres(data)
    try:
        ensure_database(postgres, LABEL_STUDIO_DATABASE)
        backend_db = ensure_database(postgres, BACKEND_DATABASE)
        server, reused = _team_label_studio(data, postgres, credentials, port, workers)
        client = LabelStudio(base_url=server.url, api_key=server.api_key)
        project_id, created = demo.ensure_demo_project(client)
        backend_url, _ = demo.start_backend(
            data, backend_port, server, credentials=credentials, workers=backend_workers,
            extra_env={"BACKEND_DATABASE_URL": backend_db},
        )  # fmt: skip
        demo.connect_backend(client, project_id, backend_url, auth=credentials.backend_auth)
    except BaseException:
        if not was_running:  # a stack that ran before this call is left running
            stop_team(data)
        raise
    return TeamResult(
        url=server.url, username=server.username, password=credentials.password,
        api_key=server.api_key, project_id=project_id, backend_url=backend_url,
        reused_server=reused, created_project=created,
        credentials_path=demo.credentials_path(data), postgres_port=postgres.port,
        workers=workers, backend_workers=backend_workers, data_dir=data,
    )  # fmt: skip


def is_team(data_dir: Path) -> bool:
    """Whether ``data_dir`` holds a team stack's state (:func:`start_team` ran there)."""
    return read_record(Path(data_dir).resolve() / TEAM_STATE_FILE, ()) is not None


def stop_team(data_dir: Path) -> list[str]:
    """Stop the backend, Label Studio and the services of the team stack in ``data_dir`` by their
    recorded pids (:func:`~ls_thematic.scripts.demo.down`, then :func:`stop_services`); the data
    are kept. Returns what was stopped."""
    data = Path(data_dir).expanduser().resolve()
    stopped = demo.down(data)
    stopped += stop_services(data)
    return stopped
