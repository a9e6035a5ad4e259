"""The team stack (``ls-thematic up --team``): PostgreSQL, Redis, Label Studio with several
workers and the suggestion backend, each run as this project's own process under the data
folder and stopped by ``down`` by its recorded pid."""

from .errors import StackError
from .postgres import PostgresServer, ensure_database, start_postgres, stop_postgres
from .redis_server import RedisServer, start_redis, stop_redis

__all__ = [
    "PostgresServer",
    "RedisServer",
    "StackError",
    "ensure_database",
    "start_postgres",
    "start_redis",
    "stop_postgres",
    "stop_redis",
]
