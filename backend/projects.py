"""Where each Label Studio project's model lives under ``MODEL_DIR``, and removing it.

A project is its id *and* its creation time (:class:`~ls_thematic.backend.scheme.ProjectRef`):
Label Studio numbers projects from 1 again after a reset, and the new project 3 is another
study than the old project 3. So:

- the first project with id ``N`` this backend sees lives in ``MODEL_DIR/N/``; its creation
  time is recorded there, in ``project.json``;
- a later project that reuses the id (another creation time) gets ``MODEL_DIR/N.<created_ts>/``,
  a fresh folder; the older folder is left exactly as it was, never read for the new project,
  and stays until ``ls-thematic purge --project N`` removes the id's folders;
- a request that names the id without a creation time (a webhook whose project object lacks
  ``created_at``, ``GET /versions?project=N``) goes to the id's newest folder;
- a folder from before creation times were recorded (``MODEL_DIR/N/`` without
  ``project.json``) is taken over by the first request that names a creation time.

Naming a project never makes a folder: :class:`~ls_thematic.backend.model.ThematicModel` makes
it once a labelling config came with the project.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path

from ls_thematic.label_config.errors import InputError, ThematicError
from ls_thematic.label_config.fileio import atomic_write_text

from .lock import LOCK_FILE, lock_holder
from .scheme import ProjectRef, is_project_id

log = logging.getLogger(__name__)

#: The file in a project folder that records the project's id and creation time.
PROJECT_FILE = "project.json"
#: A folder being removed is first renamed to a name starting with this (never a project).
REMOVING_PREFIX = ".removing-"


@dataclass(frozen=True)
class ProjectFolder:
    """A project folder under ``MODEL_DIR``: its path, project id and creation time (if known)."""

    path: Path
    project_id: str
    created_ts: int | None

    @property
    def key(self) -> str:
        """The folder's name: ``N`` or ``N.<created_ts>``."""
        return self.path.name


def folder_ref(name: str) -> ProjectRef | None:
    """The project a folder name stands for (``N`` or ``N.<created_ts>``), or ``None``."""
    project_id, dot, ts = name.partition(".")
    if not is_project_id(project_id):
        return None
    if not dot:
        return ProjectRef(project_id)
    if not (ts.isascii() and ts.isdigit()):
        return None
    return ProjectRef(project_id, int(ts))


def recorded_ts(folder: Path) -> int | None:
    """The creation time recorded in ``folder/project.json``, or ``None``."""
    path = folder / PROJECT_FILE
    try:
        ts = json.loads(path.read_text(encoding="utf-8")).get("created_ts")
    except FileNotFoundError:
        return None
    except (OSError, ValueError, AttributeError) as exc:
        log.warning("%s cannot be read (%s); the folder's creation time is unknown", path, exc)
        return None
    return ts if isinstance(ts, int) and not isinstance(ts, bool) else None


def record_ts(folder: Path, ref: ProjectRef) -> None:
    """Write ``folder/project.json`` (owner-only) with ``ref``'s id and creation time."""
    path = folder / PROJECT_FILE
    text = json.dumps({"id": ref.id, "created_ts": ref.created_ts}) + "\n"
    atomic_write_text(path, text)
    os.chmod(path, 0o600)


def project_folders(model_dir: Path, project_id: str | None = None) -> list[ProjectFolder]:
    """The project folders under ``model_dir`` (of ``project_id`` only, if given), oldest
    first (a folder whose creation time is unknown counts as the oldest)."""
    if not model_dir.is_dir():
        return []
    found = []
    for path in model_dir.iterdir():
        ref = folder_ref(path.name)
        if ref is None or not path.is_dir():
            continue
        if project_id is not None and ref.id != project_id:
            continue
        ts = ref.created_ts if ref.created_ts is not None else recorded_ts(path)
        found.append(ProjectFolder(path, ref.id, ts))
    return sorted(found, key=_age)


def resolve(model_dir: Path, ref: ProjectRef) -> Path:
    """The folder of the project ``ref``: an existing one, or where a new one is to be made.

    See the module's docstring for the rules. Only reads the disk.
    """
    folders = project_folders(model_dir, ref.id)
    if ref.created_ts is None:
        return folders[-1].path if folders else model_dir / ref.id
    for folder in folders:
        if folder.created_ts == ref.created_ts:
            return folder.path
    bare = model_dir / ref.id
    if not bare.exists() or any(f.path == bare and f.created_ts is None for f in folders):
        return bare  # the id's first project, or a folder from before times were recorded
    log.warning(
        "project %s created at %d is not the project %s whose segments are in %s (another "
        "creation time: a reset Label Studio?); it gets a folder of its own, %s.%d",
        ref.id,
        ref.created_ts,
        ref.id,
        bare,
        ref.id,
        ref.created_ts,
    )
    return model_dir / f"{ref.id}.{ref.created_ts}"


def adopt(folder: Path, ref: ProjectRef) -> None:
    """Record ``ref``'s creation time in ``folder`` if it has none recorded yet."""
    if ref.created_ts is None or folder_ref(folder.name) != ProjectRef(ref.id):
        return
    if recorded_ts(folder) is None:
        record_ts(folder, ref)


def remove_folder(folder: Path) -> None:
    """Remove a project folder: renamed first (one atomic step, after which no project
    loads from it), then deleted."""
    doomed = folder.with_name(f"{REMOVING_PREFIX}{folder.name}-{uuid.uuid4().hex[:8]}")
    folder.rename(doomed)
    shutil.rmtree(doomed)


def leftovers(model_dir: Path) -> list[Path]:
    """Folders a removal renamed but did not finish deleting (a crash in between)."""
    if not model_dir.is_dir():
        return []
    return sorted(p for p in model_dir.iterdir() if p.name.startswith(REMOVING_PREFIX))


def purge_plan(model_dir: Path, project_id: str) -> list[ProjectFolder]:
    """The folders ``ls-thematic purge --project`` would remove: every folder of the id (the
    current project's and those of earlier projects that had the id).

    Raises
    ------
    InputError
        ``project_id`` is not a project id.
    ThematicError
        A backend is serving ``model_dir`` now (it would keep the project in memory and write
        it back): stop it first.
    """
    if not is_project_id(project_id):
        raise InputError(
            f"--project {project_id!r} is not a project id; allowed: letters, digits, '_' and "
            "'-' (the number in the project's Label Studio address, e.g. 3)."
        )
    if backend_running(model_dir):
        holder = lock_holder(model_dir)
        who = f" (process {holder})" if holder is not None else ""
        raise ThematicError(
            f"A suggestion backend is running on {model_dir}{who}; it keeps the project in "
            "memory and would write it back. Stop it (make down, or ls-thematic down), then "
            "purge."
        )
    return project_folders(model_dir, project_id)


def purge(model_dir: Path, project_id: str) -> list[Path]:
    """Remove every folder of ``project_id`` under ``model_dir`` (see :func:`purge_plan`);
    returns the folders removed."""
    folders = purge_plan(model_dir, project_id)
    for folder in folders:
        remove_folder(folder.path)
    return [f.path for f in folders]


def backend_running(model_dir: Path) -> bool:
    """Whether a backend process holds ``model_dir``'s lock (:mod:`.lock`) now."""
    try:
        fd = os.open(Path(model_dir) / LOCK_FILE, os.O_RDONLY | os.O_CLOEXEC)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)  # closing releases the probe's own lock
    return False


def _age(folder: ProjectFolder) -> tuple[int, int, str]:
    known = folder.created_ts is not None
    return (int(known), folder.created_ts if known else 0, folder.key)
