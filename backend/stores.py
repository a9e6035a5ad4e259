"""Which store holds a project's coded segments: the folder under ``MODEL_DIR`` or PostgreSQL.

:class:`Store` is what the model and the registry use of a store; two classes have it:

- :class:`~ls_thematic.backend.store.SegmentStore` (the default): a journal and a snapshot in
  the project's folder, served by one process (:mod:`.lock` keeps a second one out);
- :class:`~ls_thematic.backend.pgstore.PgSegmentStore`, when ``BACKEND_DATABASE_URL`` is set:
  one row per annotation in PostgreSQL and a revision per project, so that several gunicorn
  workers (on one host or several) serve the same projects; each keeps its copy in memory and
  catches up when the revision in the database moved past its own.

:func:`prepare` runs once at start (:func:`~ls_thematic.backend.app.create_app`): it takes the
``MODEL_DIR`` lock for the folder store, or connects to the database and creates its tables.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Protocol

from .config import Settings
from .encoders import SharedEmbeddings
from .lock import lock_model_dir
from .projects import adopt, project_folders, resolve
from .scheme import ProjectRef
from .store import REBUILD_PENDING, Segment, SegmentStore
from .suggestion_log import SuggestionLog, SuggestionLogBase


class Store(Protocol):
    """The segments of one project, by annotation id (see :class:`.store.SegmentStore`).

    Every change is durable when the call returns (an acknowledged webhook survives a crash);
    reads reflect every change acknowledged before they started, by any process.
    """

    def __len__(self) -> int: ...

    @property
    def annotation_ids(self) -> list[str]: ...

    def has_annotation(self, annotation_id: object) -> bool: ...

    def segments(self) -> list[Segment]: ...

    def spans_of_task(self, task_id: int) -> list[tuple[int, int]]: ...

    def state(self) -> tuple[list[Segment], str]: ...

    def digest_and_size(self) -> tuple[str, int]: ...

    def digest(self) -> str: ...

    def replace(self, annotation_id: object, segments: Iterable[Segment]) -> bool: ...

    def remove(self, annotation_ids: Iterable[object]) -> list[str]: ...

    def annotations_of_tasks(self, task_ids: Iterable[int]) -> list[str]: ...

    def begin_rebuild(self) -> None: ...

    def abort_rebuild(self) -> None: ...

    def rebuild(self, annotations: Mapping[object, Iterable[Segment]]) -> bool: ...

    def compact(self) -> None: ...

    @property
    def journal_length(self) -> int: ...

    def label_config(self) -> str | None: ...

    def set_label_config(self, xml: str) -> None: ...

    def mark_rebuild_pending(self) -> None: ...

    def rebuild_pending(self) -> bool: ...

    def clear_rebuild_pending(self) -> None: ...

    def refit_lock(self) -> AbstractContextManager: ...


def open_store(settings: Settings, folder: str | os.PathLike) -> Store:
    """The store of the project whose folder is ``folder`` (its name is the project's key)."""
    if settings.database_url is None:
        return SegmentStore(folder)
    from .pgstore import PgSegmentStore, database

    return PgSegmentStore(database(settings.database_url), Path(folder).name, folder)


def project_folder(settings: Settings, ref: ProjectRef) -> Path:
    """The folder (its name is the project's key) of the project ``ref``; only reads.

    The folder store follows :func:`.projects.resolve`, on this host's ``MODEL_DIR``: the id's
    first project is ``N``, a later project that reuses the id ``N.<created_ts>``, and a request
    without a creation time goes to the id's newest. With the database the same rules run on
    the database's rows (:func:`record_project` records their creation times), so that every
    host names a project alike, whatever its own ``MODEL_DIR`` holds.
    """
    model_dir = Path(settings.model_dir)
    if settings.database_url is None:
        return resolve(model_dir, ref)
    from .pgstore import database

    times = database(settings.database_url).project_times(ref.id)
    if ref.created_ts is None:
        if not times:
            return model_dir / ref.id
        newest = max(times, key=lambda key: (times[key] is not None, times[key] or 0, key))
        return model_dir / newest
    for key, ts in times.items():
        if ts == ref.created_ts:
            return model_dir / key
    if ref.id not in times or times[ref.id] is None:
        return model_dir / ref.id  # the id's first project, or one made without a time
    return model_dir / f"{ref.id}.{ref.created_ts}"


def record_project(settings: Settings, key: str, ref: ProjectRef) -> None:
    """Record that the project ``key`` was created at ``ref.created_ts`` (when named): in its
    folder's ``project.json`` for a bare ``N`` folder, and in its database row."""
    adopt(Path(settings.model_dir) / key, ref)
    if settings.database_url is None or ref.created_ts is None:
        return
    from .pgstore import database

    database(settings.database_url).record_created(key, ref.created_ts)


def open_suggestion_log(settings: Settings, folder: str | os.PathLike) -> SuggestionLogBase:
    """The suggestion log of the project whose folder is ``folder``: its file there, or its
    rows in the database (``BACKEND_DATABASE_URL``: one log for every worker and host)."""
    if settings.database_url is None:
        return SuggestionLog(folder)
    from .pgshared import PgSuggestionLog
    from .pgstore import database

    return PgSuggestionLog(database(settings.database_url), Path(folder).name)


def open_embeddings(
    settings: Settings,
    folder: str | os.PathLike,
    encoder: str,
    origin: Callable[[], Mapping[str, int]] | None = None,
) -> SharedEmbeddings | None:
    """The vectors the workers share for the project whose folder is ``folder`` and the
    encoder named ``encoder`` (:class:`~ls_thematic.backend.pgshared.PgEmbeddings`), or
    ``None`` with the folder store (one process: its own cache is all there is). ``origin``
    names the tasks of the texts about to be embedded (see ``PgEmbeddings``)."""
    if settings.database_url is None:
        return None
    from .pgshared import PgEmbeddings
    from .pgstore import database

    return PgEmbeddings(database(settings.database_url), Path(folder).name, encoder, origin)


def forget_embedded_tasks(settings: Settings, folder: str | os.PathLike, task_ids) -> int:
    """Delete the shared vectors of texts met in the tasks ``task_ids`` (TASKS_DELETED);
    nothing to do with the folder store (vectors live in memory only)."""
    shared = open_embeddings(settings, folder, encoder="")
    return 0 if shared is None else shared.forget_tasks(task_ids)


def prepare(settings: Settings) -> None:
    """At start: lock ``MODEL_DIR`` for this process (folder store), or connect to the database
    and create its tables (``BACKEND_DATABASE_URL``; several processes may share it).

    Raises
    ------
    ModelDirLocked
        Another process serves this ``MODEL_DIR`` with the folder store.
    StoreError
        The database cannot be reached or its tables cannot be made.
    """
    if settings.database_url is None:
        lock_model_dir(settings.model_dir)
        return
    from .pgstore import database

    Path(settings.model_dir).mkdir(parents=True, exist_ok=True, mode=0o700)
    database(settings.database_url)


def forget_project(settings: Settings, key: str) -> None:
    """Delete what the database holds of the project ``key`` (PROJECT_DELETED); the folder
    store's segments go with the project's folder, so there is nothing more to do for it."""
    if settings.database_url is None:
        return
    from .pgstore import database

    database(settings.database_url).forget_project(key)


def pending_rebuilds(settings: Settings) -> list[str]:
    """The keys of the projects whose START_TRAINING rebuild was accepted and not finished:
    the folders with the marker file, or the database's marked rows (``BACKEND_DATABASE_URL``:
    every worker on the database sees them)."""
    if settings.database_url is None:
        folders = project_folders(Path(settings.model_dir))
        return [f.key for f in folders if (f.path / REBUILD_PENDING).is_file()]
    from .pgstore import database

    return database(settings.database_url).pending_rebuilds()


def stored_projects(settings: Settings, project_id: str) -> list[str]:
    """The keys (``N``, ``N.<created_ts>``) of the project id ``project_id`` that the database
    holds; none for the folder store (its segments are in the folders).

    Raises
    ------
    StoreError
        The database cannot be reached.
    """
    if settings.database_url is None:
        return []
    from .pgstore import database

    keys = database(settings.database_url).projects()
    return [k for k in keys if k == project_id or k.startswith(f"{project_id}.")]


def purge_project(settings: Settings, project_id: str) -> list[str]:
    """Delete what the database holds of every project with the id ``project_id`` (the current
    one and earlier ones that had the id: ``ls-thematic purge``); returns their keys. A worker
    that still holds one in memory drops it at its next read (its row is gone)."""
    keys = stored_projects(settings, project_id)
    for key in keys:
        forget_project(settings, key)
    return keys
