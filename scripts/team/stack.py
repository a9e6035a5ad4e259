"""The team stack: PostgreSQL and Redis under one data folder, and Label Studio's settings for
them. (Work in progress: starting Label Studio under gunicorn and the backend is not here yet.)

What Label Studio 1.23.2 reads (``label_studio/core/settings/base.py``):

* ``DJANGO_DB=default`` selects PostgreSQL, configured by ``POSTGRE_NAME``, ``POSTGRE_USER``,
  ``POSTGRE_PASSWORD``, ``POSTGRE_HOST`` and ``POSTGRE_PORT``; the driver (psycopg 3) is
  already in its virtual environment. Its 396 migrations take about 30 s on PostgreSQL on two
  cores (about 270 s on SQLite), so the SQLite template trick is not needed.
* ``SECRET_KEY``: when unset, each process draws a random one, so several worker processes
  would not accept each other's sessions; the stack keeps one in a 0600 file.
* Redis: the Community edition hard-codes ``REDIS_ENABLED = False`` and ``RQ_QUEUES`` on
  localhost:6379 without a password, and does not read ``REDIS_LOCATION``. Its webhooks and
  background jobs therefore run inside the request unless a settings module overrides those
  two settings (and RQ workers, ``manage.py rqworker``, are started). ``REDIS_LOCATION`` is
  still passed, for the editions that read it.
"""

from __future__ import annotations

from pathlib import Path

from ..lsserver import HOST, label_studio_environment
from .postgres import PostgresServer, start_postgres, stop_postgres
from .redis_server import RedisServer, start_redis, stop_redis
from .system import read_or_create_secret

SECRET_KEY_FILE = "label-studio.secret"


def team_label_studio_environment(
    data_dir: Path,
    ls_data_dir: Path,
    postgres: PostgresServer,
    redis: RedisServer,
    *,
    username: str,
    password: str,
    api_key: str,
) -> dict[str, str]:
    """The environment of Label Studio on the stack's PostgreSQL and Redis.

    :func:`~ls_thematic.scripts.lsserver.label_studio_environment` (clean, offline), plus the
    database settings, a ``SECRET_KEY`` shared by all worker processes (kept in
    ``<data_dir>/label-studio.secret``, 0600) and ``REDIS_LOCATION``.
    """
    env = label_studio_environment(ls_data_dir, username, password, api_key)
    env.update(
        {
            "DJANGO_DB": "default",
            "POSTGRE_NAME": postgres.database,
            "POSTGRE_USER": postgres.user,
            "POSTGRE_PASSWORD": postgres.password,
            "POSTGRE_HOST": HOST,
            "POSTGRE_PORT": str(postgres.port),
            "SECRET_KEY": read_or_create_secret(Path(data_dir) / SECRET_KEY_FILE),
            "REDIS_LOCATION": redis.url,
        }
    )
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
