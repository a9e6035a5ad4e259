"""The coded segments of a project in PostgreSQL (``BACKEND_DATABASE_URL``), for several workers.

Same contract as the folder store (:class:`~ls_thematic.backend.store.SegmentStore`): an
annotation's segments are replaced or removed as a whole, a START_TRAINING rebuild keeps the
events that arrived while it pulled, and a change is committed before the call returns (so
before the webhook is answered; PostgreSQL's default ``synchronous_commit`` makes a commit
durable). Two tables, made at start if missing:

``ls_thematic_projects (project, revision, rebuild_from, generation, rebuild_pending, salt, created_ts)``
    One row per project (its folder's name under ``MODEL_DIR``: ``N`` or ``N.<created_ts>``,
    chosen from these rows, so that every host names a project alike; ``created_ts`` is the
    Label Studio project's creation time, once a request named it).
    ``revision`` goes up by one in the transaction of every change; ``rebuild_from`` is the
    revision a START_TRAINING pull started from, while it runs. ``generation`` is drawn from
    a sequence when the row is made: a project deleted in Label Studio and made again under
    the same key (a folder name is reused once the old folder is gone) gets another one, so a
    worker that still holds the old project's segments drops them instead of mixing the two.
    ``rebuild_pending`` is the START_TRAINING marker (the folder store's file), so that any
    worker, on any host, resumes a rebuild that another accepted and did not finish.
``ls_thematic_segments (project, annotation, revision, segments)``
    One row per annotation: the revision of its last change and its segments as an ASCII JSON
    list (``\\u`` escapes: any character of a transcript fits in a ``text`` column); ``NULL``
    once the annotation is removed, so that every worker sees the removal.

Each process keeps a copy of each project in memory, like the folder store, and catches up
before every read: one query returns the project's revision and the rows changed since the
revision it has (revisions are given out under the project row's lock, so in commit order).
A refit holds the project's advisory lock (:meth:`PgSegmentStore.refit_lock`), so the
workers of all hosts refit a project one at a time. The labelling config stays a file in the
project's folder, as with the folder store. The suggestion log and the embedding cache that
the workers share are in :mod:`.pgshared`, in tables of the same schema.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import threading
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

import psycopg

from ls_thematic.label_config.fileio import atomic_write_text

from .config import redact_url
from .store import (
    _MOD,
    FILE_MODE,
    FOLDER_MODE,
    LABEL_CONFIG,
    Segment,
    StoreError,
    _BadEntry,
    _id_order,
    _key,
    _restrict_modes,
    _segment_of,
    _sum_of,
)

#: Connections each process keeps open to the database (one per gunicorn thread).
POOL_SIZE = 4
_SCHEMA = """
CREATE TABLE IF NOT EXISTS ls_thematic_projects (
    project text PRIMARY KEY,
    revision bigint NOT NULL DEFAULT 0,
    rebuild_from bigint
);
CREATE TABLE IF NOT EXISTS ls_thematic_segments (
    project text NOT NULL REFERENCES ls_thematic_projects ON DELETE CASCADE,
    annotation text NOT NULL,
    revision bigint NOT NULL,
    segments text,
    PRIMARY KEY (project, annotation)
);
CREATE INDEX IF NOT EXISTS ls_thematic_segments_revision
    ON ls_thematic_segments (project, revision);
CREATE SEQUENCE IF NOT EXISTS ls_thematic_generations;
ALTER TABLE ls_thematic_projects
    ADD COLUMN IF NOT EXISTS generation bigint NOT NULL
        DEFAULT nextval('ls_thematic_generations'),
    ADD COLUMN IF NOT EXISTS rebuild_pending boolean NOT NULL DEFAULT false,
    ADD COLUMN IF NOT EXISTS salt text,
    ADD COLUMN IF NOT EXISTS created_ts bigint;
CREATE TABLE IF NOT EXISTS ls_thematic_suggestions (
    id bigserial PRIMARY KEY,
    project text NOT NULL REFERENCES ls_thematic_projects ON DELETE CASCADE,
    task bigint NOT NULL,
    blind boolean NOT NULL,
    entry text NOT NULL
);
CREATE INDEX IF NOT EXISTS ls_thematic_suggestions_task
    ON ls_thematic_suggestions (project, task);
CREATE TABLE IF NOT EXISTS ls_thematic_embeddings (
    project text NOT NULL REFERENCES ls_thematic_projects ON DELETE CASCADE,
    encoder text NOT NULL,
    key text NOT NULL,
    task bigint,
    vector bytea NOT NULL,
    PRIMARY KEY (project, encoder, key)
);
CREATE INDEX IF NOT EXISTS ls_thematic_embeddings_task
    ON ls_thematic_embeddings (project, task);
"""
#: Advisory lock key taken while the schema is made (two workers start at once).
_SCHEMA_LOCK = 0x6C7374_686D
#: True when every object of ``_SCHEMA`` exists. Its DDL takes exclusive table locks even when
#: there is nothing to do ("IF NOT EXISTS" is checked after the lock), which deadlocks with the
#: transactions of workers already serving; so a worker runs it only on a new or older schema.
_SCHEMA_COMPLETE = """
SELECT to_regclass('ls_thematic_segments_revision') IS NOT NULL
   AND to_regclass('ls_thematic_generations') IS NOT NULL
   AND to_regclass('ls_thematic_suggestions_task') IS NOT NULL
   AND to_regclass('ls_thematic_embeddings_task') IS NOT NULL
   AND (SELECT count(*) FROM information_schema.columns
        WHERE table_schema = current_schema() AND table_name = 'ls_thematic_projects'
          AND column_name IN ('generation', 'rebuild_pending', 'salt', 'created_ts')) = 4
"""


class Database:
    """One PostgreSQL database, as one process uses it: a few connections, tables made once.

    Parameters
    ----------
    url : str
        ``BACKEND_DATABASE_URL``; shown in messages with its password replaced by ``***``.
    size : int
        At most this many connections are open at once; a caller waits for a free one.

    Raises
    ------
    StoreError
        The database cannot be reached, or its tables cannot be made.
    """

    def __init__(self, url: str, size: int = POOL_SIZE):
        self.url = url
        self.label = redact_url(url)
        self._idle: list[psycopg.Connection] = []
        self._lockers: list[psycopg.Connection] = []
        self._free = threading.BoundedSemaphore(size)
        self._lock = threading.Lock()
        with self.transaction() as conn:
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (_SCHEMA_LOCK,))
            if not conn.execute(_SCHEMA_COMPLETE).fetchone()[0]:
                conn.execute(_SCHEMA)

    @contextlib.contextmanager
    def connection(self) -> Iterator[psycopg.Connection]:
        """A connection of the pool (autocommit), returned to it afterwards."""
        with self._free:
            with self._lock:
                conn = self._idle.pop() if self._idle else None
            if conn is None or conn.closed:
                conn = self._connect()
            try:
                yield conn
            except BaseException:
                if not conn.closed and conn.info.transaction_status != 0:  # not idle: broken
                    conn.close()
                raise
            finally:
                if not conn.closed:
                    with self._lock:
                        self._idle.append(conn)

    @contextlib.contextmanager
    def lock_connection(self) -> Iterator[psycopg.Connection]:
        """A connection of its own (not from the pool) for holding an advisory lock: the
        holder reads through the pool meanwhile, and may wait for a lock while others read."""
        with self._lock:
            conn = self._lockers.pop() if self._lockers else None
        if conn is None or conn.closed:
            conn = self._connect()
        try:
            yield conn
        finally:
            if not conn.closed and conn.info.transaction_status == 0:
                with self._lock:
                    self._lockers.append(conn)
            else:
                conn.close()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[psycopg.Connection]:
        """A connection inside one transaction, committed when the block ends without error."""
        try:
            with self.connection() as conn, conn.transaction():
                yield conn
        except psycopg.OperationalError as exc:
            raise StoreError(
                f"The backend's database ({self.label}) failed: {_first_line(exc)}"
            ) from None

    def forget_project(self, project: str) -> None:
        """Delete the project's row and, with it, its segments."""
        with self.transaction() as conn:
            conn.execute("DELETE FROM ls_thematic_projects WHERE project = %s", (project,))

    def projects(self) -> list[str]:
        """The keys of the projects that have a row."""
        with self.transaction() as conn:
            rows = conn.execute("SELECT project FROM ls_thematic_projects ORDER BY project")
            return [row[0] for row in rows.fetchall()]

    def project_times(self, project_id: str) -> dict[str, int | None]:
        """The keys (``N``, ``N.<created_ts>``) of the project id ``project_id`` that have a
        row, each with the creation time recorded for it (``None``: not known)."""
        with self.transaction() as conn:
            rows = conn.execute(
                "SELECT project, created_ts FROM ls_thematic_projects "
                "WHERE split_part(project, '.', 1) = %s",
                (project_id,),
            ).fetchall()
        return dict(rows)

    def record_created(self, project: str, created_ts: int) -> None:
        """Record the creation time of the project ``project`` (its row made if missing),
        unless one is recorded already."""
        with self.transaction() as conn:
            conn.execute(
                "INSERT INTO ls_thematic_projects (project, created_ts) VALUES (%s, %s) "
                "ON CONFLICT (project) DO UPDATE "
                "SET created_ts = COALESCE(ls_thematic_projects.created_ts, EXCLUDED.created_ts)",
                (project, created_ts),
            )

    def pending_rebuilds(self) -> list[str]:
        """The keys of the projects whose START_TRAINING rebuild was accepted, not finished."""
        with self.transaction() as conn:
            rows = conn.execute(
                "SELECT project FROM ls_thematic_projects WHERE rebuild_pending ORDER BY project"
            )
            return [row[0] for row in rows.fetchall()]

    def _connect(self) -> psycopg.Connection:
        try:
            return psycopg.connect(self.url, autocommit=True, connect_timeout=10)
        except psycopg.Error as exc:
            raise StoreError(
                f"Cannot connect to the backend's database BACKEND_DATABASE_URL={self.label}: "
                f"{_first_line(exc)}. Check that PostgreSQL runs there and that the role, "
                "password and database exist (or unset BACKEND_DATABASE_URL to keep the "
                "segments in MODEL_DIR)."
            ) from None


_databases: dict[tuple[int, str], Database] = {}
_databases_lock = threading.Lock()


def database(url: str) -> Database:
    """The :class:`Database` of ``url`` for this process (made on first use; a forked worker
    makes its own, never sharing its parent's connections)."""
    key = (os.getpid(), url)
    with _databases_lock:
        db = _databases.get(key)
        if db is None:
            db = _databases[key] = Database(url)
        return db


class PgSegmentStore:
    """The segments of one project, by annotation id, kept in PostgreSQL.

    Parameters
    ----------
    db : Database
        The database (:func:`database`).
    project : str
        The project's key (its folder's name under ``MODEL_DIR``).
    folder : path-like
        The project's folder (``0700``), for its labelling config and START_TRAINING marker.
    """

    def __init__(self, db: Database, project: str, folder: str | os.PathLike):
        self.db = db
        self.project = project
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True, mode=FOLDER_MODE)
        _restrict_modes(self.folder)
        self._lock = threading.RLock()
        self._annotations: dict[str, tuple[Segment, ...]] = {}
        self._sums: dict[str, int] = {}
        self._total = 0
        self._revision = 0
        self._generation: int | None = None
        self._sync()

    # ------------------------------------------------------------------ reading
    @property
    def revision(self) -> int:
        """The project's revision in the database, as of this call."""
        with self._lock:
            self._sync()
            return self._revision

    def __len__(self) -> int:
        with self._lock:
            self._sync()
            return sum(len(segments) for segments in self._annotations.values())

    @property
    def annotation_ids(self) -> list[str]:
        with self._lock:
            self._sync()
            return sorted(self._annotations, key=_id_order)

    def has_annotation(self, annotation_id: object) -> bool:
        with self._lock:
            self._sync()
            return _key(annotation_id) in self._annotations

    def segments(self) -> list[Segment]:
        """Every segment, grouped by annotation in id order (a stable order)."""
        with self._lock:
            self._sync()
            return [
                s for k in sorted(self._annotations, key=_id_order) for s in self._annotations[k]
            ]

    def spans_of_task(self, task_id: int) -> list[tuple[int, int]]:
        """``(start, end)`` of every segment coded in task ``task_id``."""
        return [
            (s.start, s.end)
            for s in self.segments()
            if s.task == task_id and s.start is not None and s.end is not None
        ]

    def state(self) -> tuple[list[Segment], str]:
        """``(segments(), digest())``, consistent with each other."""
        with self._lock:
            return self.segments(), self.digest()

    def digest_and_size(self) -> tuple[str, int]:
        """``(digest(), len(self))``, consistent with each other."""
        with self._lock:
            return self.digest(), len(self)

    def digest(self) -> str:
        """The folder store's digest of the same segments (:meth:`.store.SegmentStore.digest`)."""
        with self._lock:
            n = len(self)
            return hashlib.sha256(f"{self._total:064x}:{n}".encode()).hexdigest()

    def annotations_of_tasks(self, task_ids: Iterable[int]) -> list[str]:
        """The ids of the annotations with a segment in one of ``task_ids``, in id order."""
        wanted = set(task_ids)
        with self._lock:
            self._sync()
            keys = [k for k, v in self._annotations.items() if any(s.task in wanted for s in v)]
        return sorted(keys, key=_id_order)

    # ------------------------------------------------------------------ changes
    def replace(self, annotation_id: object, segments: Iterable[Segment]) -> bool:
        """Make ``segments`` those of ``annotation_id`` (committed); returns whether anything
        changed."""
        key = _key(annotation_id)
        new = tuple(segments)
        payload = _payload(new)
        with self._lock:
            with self.db.transaction() as conn:
                revision, _, generation = self._lock_project(conn)
                row = conn.execute(
                    "SELECT segments FROM ls_thematic_segments "
                    "WHERE project = %s AND annotation = %s",
                    (self.project, _db_key(key)),
                ).fetchone()
                if row is not None and row[0] == payload:
                    return False
                self._write(conn, revision + 1, {key: payload})
            self._applied(revision, generation, lambda: self._apply(key, new))
        return True

    def remove(self, annotation_ids: Iterable[object]) -> list[str]:
        """Drop the segments of ``annotation_ids`` (committed); returns the ids that were known.

        While a rebuild pulls, ids not known yet are marked removed too, so that the pull
        does not bring them back.
        """
        keys = list(dict.fromkeys(_key(a) for a in annotation_ids))
        if not keys:
            return []
        with self._lock:
            with self.db.transaction() as conn:
                revision, rebuild_from, generation = self._lock_project(conn)
                rows = conn.execute(
                    "SELECT annotation FROM ls_thematic_segments WHERE project = %s "
                    "AND annotation = ANY(%s) AND segments IS NOT NULL",
                    (self.project, [_db_key(k) for k in keys]),
                ).fetchall()
                live = {_from_db_key(r[0]) for r in rows}
                known = [k for k in keys if k in live]
                doomed = keys if rebuild_from is not None else known
                if not doomed:
                    return []
                self._write(conn, revision + 1, dict.fromkeys(doomed))
            self._applied(revision, generation, lambda: [self._apply(k, None) for k in known])
        return known

    def begin_rebuild(self) -> None:
        """Remember the revision a START_TRAINING pull starts from (see :meth:`rebuild`)."""
        with self._lock, self.db.transaction() as conn:
            self._lock_project(conn)
            conn.execute(
                "UPDATE ls_thematic_projects SET rebuild_from = revision WHERE project = %s",
                (self.project,),
            )

    def abort_rebuild(self) -> None:
        """Forget the pull's start after it failed; the stored state stays as it is."""
        with self._lock, self.db.transaction() as conn:
            conn.execute(
                "UPDATE ls_thematic_projects SET rebuild_from = NULL WHERE project = %s",
                (self.project,),
            )

    def rebuild(self, annotations: Mapping[object, Iterable[Segment]]) -> bool:
        """Replace everything with ``annotations``, except the annotations changed (or removed)
        since :meth:`begin_rebuild`, by any worker: those keep their newer state. Returns
        whether anything changed."""
        pulled = {_key(k): _payload(tuple(v)) for k, v in annotations.items()}
        with self._lock, self.db.transaction() as conn:
            revision, rebuild_from, _ = self._lock_project(conn)
            since = revision if rebuild_from is None else rebuild_from
            rows = conn.execute(
                "SELECT annotation, revision, segments FROM ls_thematic_segments "
                "WHERE project = %s",
                (self.project,),
            ).fetchall()
            stored = {_from_db_key(a): (rev, payload) for a, rev, payload in rows}
            changes: dict[str, str | None] = {}
            for key, (rev, payload) in stored.items():
                if rev <= since and payload is not None and key not in pulled:
                    changes[key] = None
            for key, payload in pulled.items():
                rev, old = stored.get(key, (0, None))
                if rev <= since and (key not in stored or old != payload):
                    changes[key] = payload
            self._write(conn, revision + 1, changes)
            conn.execute(
                "UPDATE ls_thematic_projects SET rebuild_from = NULL WHERE project = %s",
                (self.project,),
            )
        with self._lock:
            self._sync()
        return bool(changes)

    def compact(self) -> None:
        """Nothing to fold: the database is the store (kept for the folder store's callers)."""

    @property
    def journal_length(self) -> int:
        return 0

    @contextlib.contextmanager
    def refit_lock(self) -> Iterator[None]:
        """Hold the project's PostgreSQL advisory lock: one refit of it at a time, across
        every worker and host on this database (a worker that dies releases it)."""
        with self.db.lock_connection() as conn:
            conn.execute("SELECT pg_advisory_lock(%s)", (_lock_key(self.project),))
            try:
                yield
            finally:
                if not conn.closed:
                    conn.execute("SELECT pg_advisory_unlock(%s)", (_lock_key(self.project),))

    # ------------------------------------------------------------------ folder files
    def label_config(self) -> str | None:
        path = self.folder / LABEL_CONFIG
        return path.read_text(encoding="utf-8") if path.is_file() else None

    def set_label_config(self, xml: str) -> None:
        with self._lock:
            if self.label_config() != xml:
                atomic_write_text(self.folder / LABEL_CONFIG, xml, mode=FILE_MODE)

    # ------------------------------------------------------------------ START_TRAINING marker
    def mark_rebuild_pending(self) -> None:
        """Record that a START_TRAINING rebuild was accepted (committed; any worker resumes it)."""
        with self._lock, self.db.transaction() as conn:
            self._lock_project(conn)
            conn.execute(
                "UPDATE ls_thematic_projects SET rebuild_pending = true WHERE project = %s",
                (self.project,),
            )

    def rebuild_pending(self) -> bool:
        """Whether a START_TRAINING rebuild of the project was accepted and not finished."""
        with self.db.transaction() as conn:
            row = conn.execute(
                "SELECT rebuild_pending FROM ls_thematic_projects WHERE project = %s",
                (self.project,),
            ).fetchone()
        return bool(row and row[0])

    def clear_rebuild_pending(self) -> None:
        """The START_TRAINING rebuild is over (done, or failed and not to be repeated)."""
        with self.db.transaction() as conn:
            conn.execute(
                "UPDATE ls_thematic_projects SET rebuild_pending = false WHERE project = %s",
                (self.project,),
            )

    # ------------------------------------------------------------------ internals
    def _lock_project(self, conn: psycopg.Connection) -> tuple[int, int | None, int]:
        """Lock the project's row (made if missing) until the transaction ends; returns its
        ``(revision, rebuild_from, generation)``."""
        conn.execute(
            "INSERT INTO ls_thematic_projects (project) VALUES (%s) ON CONFLICT DO NOTHING",
            (self.project,),
        )
        return conn.execute(
            "SELECT revision, rebuild_from, generation FROM ls_thematic_projects "
            "WHERE project = %s FOR UPDATE",
            (self.project,),
        ).fetchone()

    def _write(self, conn: psycopg.Connection, revision: int, rows: dict[str, str | None]) -> None:
        """Store ``rows`` (annotation -> payload, ``None``: removed) as of ``revision``."""
        conn.execute(
            "UPDATE ls_thematic_projects SET revision = %s WHERE project = %s",
            (revision, self.project),
        )
        with conn.cursor() as cur:
            cur.executemany(
                "INSERT INTO ls_thematic_segments (project, annotation, revision, segments) "
                "VALUES (%s, %s, %s, %s) ON CONFLICT (project, annotation) DO UPDATE "
                "SET revision = EXCLUDED.revision, segments = EXCLUDED.segments",
                [(self.project, _db_key(k), revision, p) for k, p in rows.items()],
            )

    def _applied(self, revision: int, generation: int, apply) -> None:
        """After a commit at ``revision + 1``: apply it in memory if this copy was at
        ``revision`` of the same project (``generation``), else catch up with everything
        committed since."""
        with self._lock:
            if self._revision == revision and self._generation == generation:
                apply()
                self._revision = revision + 1
            else:
                self._sync()

    def _sync(self) -> None:
        """Catch up with the changes committed since this copy's revision (one query)."""
        with self.db.transaction() as conn:
            rows = conn.execute(
                "SELECT p.generation, p.revision, s.annotation, s.segments "
                "FROM ls_thematic_projects p LEFT JOIN ls_thematic_segments s "
                "ON s.project = p.project AND s.revision > %s WHERE p.project = %s",
                (self._revision, self.project),
            ).fetchall()
        if not rows:  # no project (yet, or deleted)
            self._reset(None)
            return
        generation, revision = rows[0][0], rows[0][1]
        if generation != self._generation or revision < self._revision:
            # another project under this key (deleted and made again): start from nothing
            filtered = self._revision > 0
            self._reset(generation)
            if filtered:  # the rows above skipped the new project's early revisions
                self._sync()
                return
        for _, _, key, payload in rows:
            if key is not None:
                key = _from_db_key(key)
                self._apply(key, None if payload is None else _segments(payload, self.project, key))
        self._revision = revision

    def _reset(self, generation: int | None) -> None:
        self._annotations, self._sums, self._total, self._revision = {}, {}, 0, 0
        self._generation = generation

    def _apply(self, key: str, segments: tuple[Segment, ...] | None) -> None:
        if segments is None:
            self._annotations.pop(key, None)
            self._total = (self._total - self._sums.pop(key, 0)) % _MOD
            return
        self._annotations[key] = segments
        new_sum = _sum_of(segments)
        self._total = (self._total - self._sums.get(key, 0) + new_sum) % _MOD
        self._sums[key] = new_sum


def _payload(segments: tuple[Segment, ...]) -> str:
    return json.dumps([s.to_dict() for s in segments], ensure_ascii=True)


def _segments(payload: str, project: str, key: str) -> tuple[Segment, ...]:
    try:
        data = json.loads(payload)
        if not isinstance(data, list):
            raise _BadEntry("is not a JSON list")
        return tuple(_segment_of(s) for s in data)
    except (ValueError, RecursionError) as exc:  # _BadEntry included
        raise StoreError(
            f"The segments of annotation {key!r} of project {project} in ls_thematic_segments "
            f"cannot be read: the row {exc}. This backend writes a JSON list of segments there, "
            "so it was changed by hand. Restore it from a backup, or delete the row and send "
            "START_TRAINING to rebuild the project from Label Studio."
        ) from None


def _db_key(key: str) -> str:
    """An annotation id as stored: ASCII (a NUL or a lone surrogate fits in no ``text``)."""
    return json.dumps(key, ensure_ascii=True)[1:-1]


def _from_db_key(text: str) -> str:
    return json.loads(f'"{text}"')


def _lock_key(project: str) -> int:
    """The signed 64-bit advisory lock key of a project's refits."""
    digest = hashlib.sha256(f"ls-thematic refit {project}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


def _first_line(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__
