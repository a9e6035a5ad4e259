"""What the workers of a team server share besides the segments: the suggestion log and the
embedding cache, in the backend's PostgreSQL database (``BACKEND_DATABASE_URL``).

Without a database, each lives in one process: the log in the project's folder
(:class:`~ls_thematic.backend.suggestion_log.SuggestionLog`), the vectors in the process's
:class:`~ls_thematic.backend.encoders.EmbeddingCache`. With one, every worker on every host:

* writes to and reads **one log** per project (:class:`PgSuggestionLog`), with one salt, so the
  same units are withheld whichever worker answers and ``ls-thematic audit`` reads everything;
* **embeds a text once** (:class:`PgEmbeddings`): a worker's cache asks the database for the
  vectors it lacks before it encodes, and stores what it encoded (a transcript opened on one
  worker is warm on all of them).

Both tables hang off the project's row (:mod:`.pgstore`), so PROJECT_DELETED and ``ls-thematic
purge`` delete them with it. An embedding row records the task its text came from, and a log
entry its task, so TASKS_DELETED deletes both with the task's segments. Tables (made at start
with the others, :data:`ls_thematic.backend.pgstore._SCHEMA`):

``ls_thematic_suggestions (id, project, task, blind, entry)``
    One row per log entry, ``entry`` its JSON (ASCII), in the order written (``id``).
``ls_thematic_embeddings (project, encoder, key, task, vector)``
    One row per text and encoder (:func:`~ls_thematic.backend.encoders.describe_encoder`):
    ``key`` is the text's SHA-1 (:func:`~ls_thematic.backend.encoders.text_key`; the text is
    not stored), ``vector`` its float32 little-endian bytes, ``task`` where the text was first
    met (``NULL`` for the codebook's own texts).
"""

from __future__ import annotations

import json
import logging
import secrets
import threading
from collections.abc import Callable, Iterable, Mapping

import numpy as np
import psycopg
from psycopg import sql

from .pgstore import Database
from .store import StoreError
from .suggestion_log import SuggestionLogBase, is_entry, is_salt, note_tasks, stamped

log = logging.getLogger(__name__)

_NEW_PROJECT = "INSERT INTO ls_thematic_projects (project) VALUES (%s) ON CONFLICT DO NOTHING"


class PgSuggestionLog(SuggestionLogBase):
    """The log of one project's suggestions, in ``ls_thematic_suggestions``.

    Parameters
    ----------
    db : Database
        The backend's database (:func:`~ls_thematic.backend.pgstore.database`).
    project : str
        The project's key (its folder's name under ``MODEL_DIR``).
    """

    def __init__(self, db: Database, project: str):
        self.db = db
        self.project = project
        self._salt: str | None = None
        self._lock = threading.Lock()

    def salt(self) -> str:
        """The project's salt, made at random by the first worker that needs it (the column
        ``salt`` of its row); every worker reads that one."""
        with self._lock:
            if self._salt is None:
                with self.db.transaction() as conn:
                    salt = conn.execute(
                        "INSERT INTO ls_thematic_projects (project, salt) VALUES (%s, %s) "
                        "ON CONFLICT (project) DO UPDATE "
                        "SET salt = COALESCE(ls_thematic_projects.salt, EXCLUDED.salt) "
                        "RETURNING salt",
                        (self.project, secrets.token_hex(16)),
                    ).fetchone()[0]
                if not is_salt(salt):
                    raise StoreError(
                        f"The salt of project {self.project} in ls_thematic_projects is not a "
                        f"hex salt ({salt[:20]!r}); it was changed by hand. Set it to NULL to "
                        "have a new one made (the withheld units then change)."
                    )
                self._salt = salt
            return self._salt

    def record(self, entries: Iterable[Mapping], at: str | None = None) -> None:
        """Append ``entries``, committed before this returns (one transaction)."""
        lines = stamped(entries, at)
        if not lines:
            return
        with self.db.transaction() as conn:
            conn.execute(_NEW_PROJECT, (self.project,))
            conn.execute(
                "INSERT INTO ls_thematic_suggestions (project, task, blind, entry) "
                "SELECT %s, t, b, e FROM unnest(%s::bigint[], %s::boolean[], %s::text[]) "
                "AS u(t, b, e)",
                (
                    self.project,
                    [line["task"] for line in lines],
                    [line["why"] == "blind" for line in lines],
                    [json.dumps(line, ensure_ascii=True) for line in lines],
                ),
            )

    def entries(self) -> list[dict]:
        """Every entry, oldest first; a row that is not a logged entry is skipped (logged)."""
        with self.db.transaction() as conn:
            rows = conn.execute(
                "SELECT id, entry FROM ls_thematic_suggestions WHERE project = %s ORDER BY id",
                (self.project,),
            ).fetchall()
        out = []
        for row_id, text in rows:
            try:
                entry = json.loads(text)
            except ValueError:
                entry = None
            if not is_entry(entry):
                log.warning("ls_thematic_suggestions row %d is not a logged suggestion", row_id)
                continue
            out.append(entry)
        return out

    def tasks(self) -> dict[int, bool]:
        with self.db.transaction() as conn:
            rows = conn.execute(
                "SELECT task, bool_or(blind) FROM ls_thematic_suggestions WHERE project = %s "
                "GROUP BY task",
                (self.project,),
            ).fetchall()
        return note_tasks({}, ({"task": t, "why": "blind" if b else "shown"} for t, b in rows))

    def forget_tasks(self, task_ids: Iterable[int]) -> int:
        """Delete the entries of the tasks ``task_ids``; returns how many (committed)."""
        return _delete_tasks(self.db, "ls_thematic_suggestions", self.project, task_ids)


class PgEmbeddings:
    """The vectors of one project's texts for one encoder, shared by every worker: what
    :func:`~ls_thematic.backend.encoders.shared_embeddings` takes.

    Parameters
    ----------
    db : Database
        The backend's database.
    project : str
        The project's key.
    encoder : str
        The encoder's name (:func:`~ls_thematic.backend.encoders.describe_encoder`): vectors
        of another encoder are never mixed in.
    origin : callable, optional
        ``origin() -> {text key: task id}``: where the texts about to be embedded come from
        (called once, only when something new is stored, so a warm refit pays nothing). A key
        it does not name is stored without a task.
    """

    def __init__(
        self,
        db: Database,
        project: str,
        encoder: str,
        origin: Callable[[], Mapping[str, int]] | None = None,
    ):
        self.db = db
        self.project = project
        self.encoder = encoder
        self._origin = origin
        self._tasks: Mapping[str, int] | None = None

    def fetch(self, keys: list[str]) -> dict[str, np.ndarray]:
        """The stored vectors of ``keys`` (float32); a key not stored is left out."""
        with self.db.transaction() as conn:
            rows = conn.execute(
                "SELECT key, vector FROM ls_thematic_embeddings "
                "WHERE project = %s AND encoder = %s AND key = ANY(%s)",
                (self.project, self.encoder, list(keys)),
            ).fetchall()
        return {key: np.frombuffer(vector, dtype="<f4").astype(np.float32) for key, vector in rows}

    def keep(self, keys: list[str], vectors: np.ndarray) -> None:
        """Store the vectors of ``keys`` (a key stored meanwhile by another worker is kept as
        it is: the same text gives the same vector)."""
        if self._tasks is None:
            self._tasks = self._origin() if self._origin is not None else {}
        vectors = np.asarray(vectors, dtype="<f4")
        try:
            with self.db.transaction() as conn:
                conn.execute(_NEW_PROJECT, (self.project,))
                conn.execute(
                    "INSERT INTO ls_thematic_embeddings (project, encoder, key, task, vector) "
                    "SELECT %s, %s, k, t, v "
                    "FROM unnest(%s::text[], %s::bigint[], %s::bytea[]) AS u(k, t, v) "
                    "ON CONFLICT DO NOTHING",
                    (
                        self.project,
                        self.encoder,
                        list(keys),
                        [self._tasks.get(key) for key in keys],
                        [row.tobytes() for row in vectors],
                    ),
                )
        except psycopg.errors.ForeignKeyViolation:  # the project was deleted meanwhile
            log.info("project %s was deleted while its texts were embedded", self.project)

    def forget_tasks(self, task_ids: Iterable[int]) -> int:
        """Delete the vectors of texts met in the tasks ``task_ids``, of every encoder."""
        return _delete_tasks(self.db, "ls_thematic_embeddings", self.project, task_ids)


def _delete_tasks(db: Database, table: str, project: str, task_ids: Iterable[int]) -> int:
    """Delete the rows of ``table`` (a table of this module) of the tasks ``task_ids`` of
    ``project``, committed; returns how many."""
    ids = [int(t) for t in set(task_ids)]
    if not ids:
        return 0
    with db.transaction() as conn:
        done = conn.execute(
            sql.SQL("DELETE FROM {} WHERE project = %s AND task = ANY(%s)").format(
                sql.Identifier(table)
            ),
            (project, ids),
        )
        return done.rowcount
