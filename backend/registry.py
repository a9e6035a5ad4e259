"""One suggestion model per Label Studio project, and the worker thread that refits them.

:class:`ModelRegistry` creates (or loads from ``MODEL_DIR``) the
:class:`~ls_thematic.backend.model.ThematicModel` of each project the first time it is asked
for, applies webhook events to it on the request thread (fast and durable, see
:meth:`ThematicModel.fit <ls_thematic.backend.model.ThematicModel.fit>`), and queues the refit
for one background worker thread, which coalesces a burst of events into one refit and carries
out START_TRAINING rebuilds. It knows nothing of HTTP: :mod:`ls_thematic.backend.app` calls it.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from collections import deque
from collections.abc import Callable, Mapping
from pathlib import Path

from ls_thematic.label_config.errors import InputError, ThematicError

from . import projects, stores
from .config import Settings
from .model import ThematicModel
from .scheme import (
    ANNOTATIONS_DELETED,
    PROJECT_DELETED,
    TASKS_DELETED,
    TRAINING_EVENTS,
    ProjectRef,
    deleted_annotation_ids,
    deleted_task_ids,
    event_project,
    parse_project,
)

log = logging.getLogger(__name__)

#: The worker folds a project's journal into a new snapshot once it holds this many changes.
COMPACT_AFTER = 100
#: How many background failures ``errors`` keeps (the newest).
MAX_ERRORS = 50
_ERROR_CHARS = 300


class ModelRegistry:
    """One :class:`ThematicModel` per project, and the worker thread that refits them.

    Events are applied to a project's store by :meth:`handle_event` on the request thread
    (fast, durable); the project is then queued for the worker, which waits ``refit_delay``
    seconds so that a burst of events costs one refit, then refits (after a START_TRAINING,
    it first pulls every annotation through the SDK). The worker starts with the first job;
    it is a daemon thread and nothing is lost when the process stops, because the store is
    already on disk and the next prediction refits whatever is stale.

    Models are keyed by their folder's name (:mod:`.projects`: ``N``, or ``N.<created_ts>``
    for a later project that reuses the id). :attr:`errors` holds the last background
    failures, ``{"time", "project", "message"}``, for ``GET /versions``.
    """

    def __init__(
        self,
        settings: Settings,
        *,
        client_factory: Callable[[str, str], object] | None = None,
    ):
        self.settings = settings
        self._client_factory = client_factory
        self._models: dict[str, ThematicModel] = {}
        self._lock = threading.Lock()
        self._cond = threading.Condition()
        self._queue: dict[str, bool] = {}  # folder key -> needs a START_TRAINING rebuild
        self._running = 0
        self._worker: threading.Thread | None = None
        self._closed = False
        self.errors: deque[dict] = deque(maxlen=MAX_ERRORS)

    # ------------------------------------------------------------------ models
    def get(self, project: object, label_config: str | None = None) -> ThematicModel:
        """The model of ``project``, created (or loaded from ``MODEL_DIR``) when first asked.

        ``project`` is ``"<id>.<created_ts>"``, an id, a folder key or a
        :class:`~ls_thematic.backend.scheme.ProjectRef`. A given ``label_config`` becomes the
        project's config. Raises :class:`InputError` when a new project comes without any
        config, stored or given (and then no folder is made).
        """
        ref = parse_project(project)
        with self._lock:
            folder = stores.project_folder(self.settings, ref)
            model = self._models.get(folder.name)
            if model is not None and _remade(model, ref):
                model = None  # deleted and made again by another worker: load it afresh
            if model is None:
                model = ThematicModel(
                    ref.id,
                    label_config,
                    self.settings,
                    client_factory=self._client_factory,
                    folder=folder,
                )
                model.key = folder.name
                stores.record_project(self.settings, folder.name, ref)
                model.created_ts = _created_ts(folder, ref)
                if model.store.rebuild_pending():
                    self.schedule(model.key, rebuild=True)
                self._models[model.key] = model
                return model
            stores.record_project(self.settings, folder.name, ref)
            if model.created_ts is None:  # first named now: the folder took it over
                model.created_ts = _created_ts(folder, ref)
        if label_config is not None:
            model.set_label_config(label_config)
        return model

    def warm_up(self, model: ThematicModel) -> None:
        """Queue a fit (loading the encoder) of ``model``, and any unfinished rebuild."""
        self.schedule(model.key, rebuild=model.store.rebuild_pending())

    def resume_pending(self) -> list[str]:
        """Queue the START_TRAINING rebuilds a previous run accepted but did not finish."""
        pending = stores.pending_rebuilds(self.settings)
        for key in pending:
            self._try_get(key)  # loading a model with the marker queues its rebuild
        return pending

    def known_projects(self) -> list[str]:
        """The keys of the projects loaded now or stored under ``MODEL_DIR``."""
        keys = set(self._models)
        keys.update(f.key for f in projects.project_folders(self.settings.model_dir))
        return sorted(keys, key=_key_order)

    def current_projects(self) -> list[str]:
        """The key of each project id's newest folder (the project Label Studio has now)."""
        newest = {f.project_id: f.key for f in projects.project_folders(self.settings.model_dir)}
        return sorted(newest.values(), key=_key_order)

    def versions(self, project: object = None) -> dict:
        """What ``GET /versions`` answers, for one project or for every stored one.

        ``{"versions": [...], "projects": {key: version}, "unknown_codes": {key: {code: n}},
        "errors": [{"time", "project", "message"}]}``; for one project, ``"project"`` (its
        id) and ``"folder"`` (its key) instead of ``"projects"``, and only its errors.
        ``unknown_codes`` counts the coded segments' codes the config lacks (ignored by the
        fit); ``errors`` are the last background failures (START_TRAINING, refits); for one
        project, ``assistance`` says how suggestions are controlled
        (:meth:`~.model.ThematicModel.assistance`: blind tasks, the withheld share).
        """
        if project is not None:
            model = self.get(project)
            return {
                "versions": [model.model_version],
                "project": model.project_id,
                "folder": model.key,
                "unknown_codes": model.unknown_codes(),
                "assistance": model.assistance(),
                "errors": [e for e in self.errors if e["project"] == model.key],
            }
        current, unknown = {}, {}
        for key in self.known_projects():
            model = self._try_get(key)
            if model is None:
                continue
            current[key] = model.model_version
            codes = model.unknown_codes()
            if codes:
                unknown[key] = codes
        return {
            "versions": sorted(set(current.values())),
            "projects": current,
            "unknown_codes": unknown,
            "errors": list(self.errors),
        }

    def suggestions(self, project: object) -> dict:
        """What ``GET /suggestions`` answers: the project's log of suggestions shown and
        withheld, oldest first, and the salt that chose the withheld units."""
        model = self.get(project)
        return {
            "project": model.project_id,
            "folder": model.key,
            "salt": model.suggestions.salt(),
            "entries": model.suggestions.entries(),
        }

    def record_error(self, project: str, exc: BaseException) -> None:
        """Keep a background failure for ``GET /versions``: its first line, no traceback."""
        text = str(exc).strip().splitlines()
        message = f"{type(exc).__name__}: {text[0] if text else ''}".strip()
        if len(message) > _ERROR_CHARS:
            message = message[: _ERROR_CHARS - 1] + "…"
        moment = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
        self.errors.append({"time": moment, "project": project, "message": message})

    # ------------------------------------------------------------------ events
    def handle_event(self, event: str, data: Mapping) -> dict:
        """Apply a webhook event at once and queue the refit. Returns a small status dict."""
        if event not in TRAINING_EVENTS:
            return {"status": "ignored", "action": event}
        ref = event_project(data)
        if ref is None and event in (ANNOTATIONS_DELETED, TASKS_DELETED):
            return self._unattributed_delete(event, data)
        if ref is None:
            raise InputError(
                f"{event} needs the project object with its 'id' (Label Studio sends it as "
                "'project'); it is missing."
            )
        if event == PROJECT_DELETED:
            return self._delete_project(ref)
        project = data.get("project")
        label_config = project.get("label_config") if isinstance(project, Mapping) else None
        model = self.get(ref, label_config if isinstance(label_config, str) else None)
        status = model.fit(event, data)
        if status.get("changed"):
            self.schedule(model.key, rebuild=bool(status.get("rebuild")))
        status["project"] = model.project_id
        return status

    def _unattributed_delete(self, event: str, data: Mapping) -> dict:
        """A deletion that names no project: applied to the one current project that holds
        the ids (Label Studio's ids are unique), or to none when several do."""
        if event == ANNOTATIONS_DELETED:
            ids = deleted_annotation_ids(data)

            def holds(model: ThematicModel) -> bool:
                return any(model.store.has_annotation(a) for a in ids)

        else:
            ids = deleted_task_ids(data)

            def holds(model: ThematicModel) -> bool:
                return model.holds_tasks(ids)

        holders = [m for m in map(self._try_get, self.current_projects()) if m and holds(m)]
        if len(holders) > 1:
            keys = ", ".join(m.key for m in holders)
            log.warning(
                "%s without a project matches several projects (%s); nothing removed", event, keys
            )
            return {"status": "ignored", "action": event, "removed": 0, "ambiguous": keys}
        removed = 0
        for model in holders:
            removed = len(
                model.store.remove(ids) if event == ANNOTATIONS_DELETED else model.remove_tasks(ids)
            )
            self.schedule(model.key)
        return {"status": "ok", "action": event, "removed": removed}

    def _delete_project(self, ref: ProjectRef) -> dict:
        """PROJECT_DELETED: remove the project's folder (the id's newest, or the one of its
        creation time); older projects that had the id are left for ``purge``."""
        with self._lock:
            folder = stores.project_folder(self.settings, ref)
            self._models.pop(folder.name, None)
            with self._cond:
                self._queue.pop(folder.name, None)
            existed = folder.is_dir()
            if existed:
                projects.remove_folder(folder)
            stores.forget_project(self.settings, folder.name)
        log.info("project %s deleted in Label Studio: %s removed", ref.id, folder)
        return {"status": "ok", "action": PROJECT_DELETED, "removed": int(existed)}

    def _try_get(self, key: str) -> ThematicModel | None:
        """The model of ``key``, or ``None`` when it cannot be loaded (logged)."""
        try:
            return self.get(key)
        except ThematicError as exc:
            log.warning("project %s cannot be loaded: %s", key, exc)
            return None

    # ------------------------------------------------------------------ worker
    def schedule(self, key: str, *, rebuild: bool = False) -> None:
        """Queue a refit (or a START_TRAINING rebuild and refit) of the project ``key``."""
        with self._cond:
            if self._closed:
                return
            self._queue[key] = self._queue.get(key, False) or rebuild
            if self._worker is None or not self._worker.is_alive():
                self._worker = threading.Thread(
                    target=self._work, name="ls-thematic-refit", daemon=True
                )
                self._worker.start()
            self._cond.notify_all()

    def wait_idle(self, timeout: float = 30.0) -> bool:
        """Block until no job is queued or running; returns False on timeout."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while self._queue or self._running:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self._cond.wait(remaining)
            return True

    def close(self, timeout: float = 5.0) -> None:
        """Stop the worker after the job it is running (queued jobs are dropped)."""
        with self._cond:
            self._closed = True
            self._queue.clear()
            self._cond.notify_all()
            worker = self._worker
        if worker is not None:
            worker.join(timeout)

    def _work(self) -> None:
        while True:
            with self._cond:
                while not self._queue and not self._closed:
                    self._cond.wait()
                if self._closed:
                    return
            # Let a burst of events arrive, then take them all as one batch.
            time.sleep(self.settings.refit_delay)
            with self._cond:
                jobs, self._queue = self._queue, {}
                self._running += 1
            try:
                for key, rebuild in jobs.items():
                    self._run(key, rebuild)
            finally:
                with self._cond:
                    self._running -= 1
                    self._cond.notify_all()

    def _run(self, key: str, rebuild: bool) -> None:
        try:
            with self._lock:
                model = self._models.get(key)
            if model is None:
                if not (self.settings.model_dir / key).is_dir():
                    return  # the project was deleted meanwhile
                model = self.get(key)
            if rebuild and model.store.rebuild_pending():  # not done by another worker yet
                n = model.rebuild_from_label_studio()
                log.info("project %s: START_TRAINING pulled %d segments", key, n)
            model.refit()
            if model.store.journal_length >= COMPACT_AFTER:
                model.store.compact()
        except Exception as exc:
            self.record_error(key, exc)
            log.exception(
                "project %s: background %s failed", key, "rebuild" if rebuild else "refit"
            )


def _remade(model: ThematicModel, ref: ProjectRef) -> bool:
    """Whether ``model`` is of an earlier project than ``ref`` under the same folder name (a
    project deleted and made again while this worker held it: another worker removed the
    folder, and the new project got the same name)."""
    held = model.created_ts
    return held is not None and ref.created_ts is not None and held != ref.created_ts


def _created_ts(folder: Path, ref: ProjectRef) -> int | None:
    """The creation time of the project in ``folder`` as far as it is known."""
    if ref.created_ts is not None:
        return ref.created_ts
    named = projects.folder_ref(folder.name)
    return named.created_ts if named and named.created_ts else projects.recorded_ts(folder)


def _key_order(key: str) -> tuple:
    ref = projects.folder_ref(key)
    if ref is None:
        return (2, 0, key, 0)
    ts = ref.created_ts or 0
    return (0, int(ref.id), "", ts) if ref.id.isdigit() else (1, 0, ref.id, ts)
