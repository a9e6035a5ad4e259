"""One suggestion model per Label Studio project, and the worker thread that refits them.

:class:`ModelRegistry` creates (or loads from ``MODEL_DIR``) the
:class:`~ls_thematic.backend.model.ThematicModel` of each project the first time it is asked
for, applies webhook events to it on the request thread (fast and durable, see
:meth:`ThematicModel.fit <ls_thematic.backend.model.ThematicModel.fit>`), and queues the refit
for one background worker thread, which coalesces a burst of events into one refit and carries
out START_TRAINING rebuilds. It knows nothing of HTTP: :mod:`ls_thematic.backend.app` calls it.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from collections.abc import Callable, Mapping

from ls_thematic.label_config.errors import InputError

from .config import Settings
from .model import ThematicModel
from .scheme import (
    ANNOTATIONS_DELETED,
    TRAINING_EVENTS,
    deleted_annotation_ids,
    is_project_id,
    parse_project_id,
)
from .store import LABEL_CONFIG, REBUILD_PENDING

log = logging.getLogger(__name__)

#: The worker folds a project's journal into a new snapshot once it holds this many changes.
COMPACT_AFTER = 100


class ModelRegistry:
    """One :class:`ThematicModel` per project, and the worker thread that refits them.

    Events are applied to a project's store by :meth:`handle_event` on the request thread
    (fast, durable); the project is then queued for the worker, which waits ``refit_delay``
    seconds so that a burst of events costs one refit, then refits (after a START_TRAINING,
    it first pulls every annotation through the SDK). The worker starts with the first job;
    it is a daemon thread and nothing is lost when the process stops, because the store is
    already on disk and the next prediction refits whatever is stale.
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
        self._queue: dict[str, bool] = {}  # project -> needs a START_TRAINING rebuild
        self._running = 0
        self._worker: threading.Thread | None = None
        self._closed = False
        self.errors: deque[str] = deque(maxlen=50)  # the last background failures

    # ------------------------------------------------------------------ models
    def get(self, project: object, label_config: str | None = None) -> ThematicModel:
        """The model of ``project``, created (or loaded from ``MODEL_DIR``) when first asked.

        A given ``label_config`` becomes the project's config. Raises :class:`InputError` when
        a new project comes without any config, stored or given.
        """
        project_id = parse_project_id(project)
        with self._lock:
            model = self._models.get(project_id)
            if model is None:
                stored = self.settings.model_dir / project_id / LABEL_CONFIG
                if label_config is None and not stored.is_file():
                    raise InputError(
                        f"Project {project_id} is new to this backend and came without a "
                        "labelling config; Label Studio sends it with /setup (schema), "
                        "/predict (label_config) and webhooks (project.label_config)."
                    )
                model = ThematicModel(
                    project_id, label_config, self.settings, client_factory=self._client_factory
                )
                if model.store.rebuild_pending():
                    self.schedule(project_id, rebuild=True)
                self._models[project_id] = model
                return model
        if label_config is not None:
            model.set_label_config(label_config)
        return model

    def warm_up(self, model: ThematicModel) -> None:
        """Queue a fit (loading the encoder) of ``model``, and any unfinished rebuild."""
        self.schedule(model.project_id, rebuild=model.store.rebuild_pending())

    def resume_pending(self) -> list[str]:
        """Queue the START_TRAINING rebuilds a previous run accepted but did not finish."""
        pending = [
            pid
            for pid in self.known_projects()
            if (self.settings.model_dir / pid / REBUILD_PENDING).is_file()
        ]
        for project_id in pending:
            self.get(project_id)  # loading a model with the marker queues its rebuild
        return pending

    def known_projects(self) -> list[str]:
        """Projects loaded now or stored under ``MODEL_DIR``."""
        ids = set(self._models)
        if self.settings.model_dir.is_dir():
            ids.update(
                p.name
                for p in self.settings.model_dir.iterdir()
                if p.is_dir() and is_project_id(p.name)
            )
        return sorted(ids, key=lambda x: (not x.isdigit(), int(x) if x.isdigit() else 0, x))

    # ------------------------------------------------------------------ events
    def handle_event(self, event: str, data: Mapping) -> dict:
        """Apply a webhook event at once and queue the refit. Returns a small status dict."""
        if event not in TRAINING_EVENTS:
            return {"status": "ignored", "action": event}
        project = data.get("project")
        project_id = project.get("id") if isinstance(project, Mapping) else project
        label_config = project.get("label_config") if isinstance(project, Mapping) else None
        if event == ANNOTATIONS_DELETED and project_id is None:
            # Annotation ids are unique across Label Studio: find the projects that hold them.
            ids = deleted_annotation_ids(data)
            removed = 0
            for pid in self.known_projects():
                model = self._try_get(pid)
                if model is not None and any(model.store.has_annotation(a) for a in ids):
                    removed += len(model.store.remove(ids))
                    self.schedule(pid)
            return {"status": "ok", "action": event, "removed": removed}
        if project_id is None:
            raise InputError(
                f"{event} needs the project object with its 'id' (Label Studio sends it as "
                "'project'); it is missing."
            )
        model = self.get(project_id, label_config)
        status = model.fit(event, data)
        if status.get("changed"):
            self.schedule(model.project_id, rebuild=bool(status.get("rebuild")))
        status["project"] = model.project_id
        return status

    def _try_get(self, project_id: str) -> ThematicModel | None:
        try:
            return self.get(project_id)
        except InputError:
            return None

    # ------------------------------------------------------------------ worker
    def schedule(self, project_id: str, *, rebuild: bool = False) -> None:
        """Queue a refit (or a START_TRAINING rebuild and refit) of ``project_id``."""
        with self._cond:
            if self._closed:
                return
            self._queue[project_id] = self._queue.get(project_id, False) or rebuild
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
                for project_id, rebuild in jobs.items():
                    self._run(project_id, rebuild)
            finally:
                with self._cond:
                    self._running -= 1
                    self._cond.notify_all()

    def _run(self, project_id: str, rebuild: bool) -> None:
        try:
            model = self.get(project_id)
            if rebuild:
                n = model.rebuild_from_label_studio()
                log.info("project %s: START_TRAINING pulled %d segments", project_id, n)
            model.refit()
            if model.store.journal_length >= COMPACT_AFTER:
                model.store.compact()
        except Exception as exc:
            self.errors.append(f"project {project_id}: {exc}")
            log.exception(
                "project %s: background %s failed", project_id, "rebuild" if rebuild else "refit"
            )
