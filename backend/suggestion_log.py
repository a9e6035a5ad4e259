"""What the backend suggested, per project: every suggestion shown, and each one withheld.

A methods reviewer asks how much the coders followed the model (``ls-thematic audit``). To
answer, the backend logs, for each pre-annotation it makes, every unit it scored: the codes it
pre-filled there (or would have), with their probabilities, and whether the coder was shown
them. Two controls make the log worth reading:

* **Blind double-coding.** A transcript ``ls-thematic sample --assign`` chose for a second coder
  is marked in its task meta (:data:`~ls_thematic.label_config.lsexport.SAMPLE_META_KEY`); by
  default it gets no suggestions at all (``BLIND_DOUBLE_CODING``), so the agreement on it
  measures two people, not one model twice. The log records that the task was blind.
* **Withheld units.** In every other task a random share (``WITHHOLD_FRACTION``) of the units
  gets no suggestion; what it would have been is logged as withheld. Whether a unit is
  withheld is a hash of the project's salt (``suggestions.salt``, made once at random), the
  task id and the unit's character offsets: reproducible, the same at every request, and
  independent of the other units.

Files in the project folder (``0600``, deleted with the project; a deleted task's lines are
deleted with it):

``suggestions.jsonl``
    One JSON object per line (ASCII, appended and fsynced; a line cut off by a crash is skipped
    on reading). A unit: ``{"v": 1, "at", "task", "model_version", "encoder", "start", "end", "codes":
    {code: probability}, "why": "shown" | "withheld" | "asked", "fraction"}``; ``codes`` may be
    empty (the model suggests nothing there), ``"asked"`` marks codes a coder asked for on a
    span they selected, ``fraction`` is the withheld share in force, ``encoder`` names the
    sentence encoder (:func:`~ls_thematic.backend.encoders.describe_encoder`). A blind task:
    ``{"v": 1, "at", "task", "model_version", "encoder", "why": "blind"}``. ``at`` is when the
    backend received the request (UTC, milliseconds; :func:`now`), not when it answered: a slow
    answer and a fast one then stand in the order Label Studio asked, so the latest entry of a
    task before an annotation was made from the task as it then was (e.g. already marked blind).
``suggestions.salt``
    The project's salt (hex), written once: created exclusively (``O_EXCL``), so that when
    several workers share ``MODEL_DIR`` the first one's salt is everyone's.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
import secrets
import threading
import time
from collections.abc import Iterable, Mapping
from pathlib import Path

from ls_thematic.label_config.fileio import append_durably, atomic_write_text
from ls_thematic.label_config.lsexport import SAMPLE_META_KEY

log = logging.getLogger(__name__)

LOG = "suggestions.jsonl"
SALT = "suggestions.salt"
VERSION = 1
WHY = ("shown", "withheld", "asked", "blind")


def now() -> str:
    """The time of a log entry: UTC, ISO 8601 to the millisecond."""
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="milliseconds")


def is_blind(task: object) -> bool:
    """Whether ``task`` was chosen for blind double-coding (its meta names the assignment)."""
    meta = task.get("meta") if isinstance(task, Mapping) else None
    return isinstance(meta, Mapping) and isinstance(meta.get(SAMPLE_META_KEY), Mapping)


class SuggestionLogBase:
    """What a log of suggestions does with its entries, wherever it keeps them: the folder
    (:class:`SuggestionLog`) or PostgreSQL (:class:`~ls_thematic.backend.pgshared.PgSuggestionLog`).

    A subclass keeps the salt and the entries: :meth:`salt`, :meth:`record`, :meth:`entries`,
    :meth:`tasks` and :meth:`forget_tasks`.
    """

    def salt(self) -> str:
        """The project's salt, made at random the first time."""
        raise NotImplementedError

    def record(self, entries: Iterable[Mapping], at: str | None = None) -> None:
        """Append ``entries`` (each a unit or a blind task, without ``v`` and ``at``), stamped
        ``at`` (default :func:`now`)."""
        raise NotImplementedError

    def entries(self) -> list[dict]:
        """Every entry, oldest first."""
        raise NotImplementedError

    def tasks(self) -> dict[int, bool]:
        """The ids of the tasks logged, each mapped to whether it was logged blind."""
        raise NotImplementedError

    def forget_tasks(self, task_ids: Iterable[int]) -> int:
        """Delete the entries of the tasks ``task_ids`` (deleted in Label Studio); returns how
        many."""
        raise NotImplementedError

    def withheld(self, task_id: int, start: int, end: int, fraction: float) -> bool:
        """Whether the unit ``[start, end)`` of task ``task_id`` gets no suggestion."""
        if fraction <= 0:
            return False
        key = f"{self.salt()}:{task_id}:{start}:{end}".encode("ascii")
        draw = int.from_bytes(hashlib.sha256(key).digest()[:8], "big") / 2**64
        return draw < fraction

    def record_units(
        self,
        task_id: int,
        units: Iterable,
        codes: Iterable[Mapping[str, float]],
        held: Iterable[bool],
        why: str,
        at: str | None = None,
        **about,
    ) -> None:
        """Log each unit (``start``, ``end``) of task ``task_id`` with the ``codes`` it was
        shown, or, ``held``, would have been (``why`` "withheld"), stamped ``at``; ``about``
        goes into every entry (``model_version``, ``encoder``, ``fraction``)."""
        self.record(
            (
                {
                    "task": task_id,
                    **about,
                    "start": unit.start,
                    "end": unit.end,
                    "codes": {c: round(float(p), 4) for c, p in unit_codes.items()},
                    "why": "withheld" if hold else why,
                }
                for unit, unit_codes, hold in zip(units, codes, held, strict=True)
            ),
            at,
        )

    def record_blind(self, task_ids: Iterable[int], at: str | None = None, **about) -> None:
        """Log that the tasks ``task_ids`` were left blind (no suggestion at all), at ``at``."""
        self.record(({"task": task_id, **about, "why": "blind"} for task_id in task_ids), at)

    def blind_tasks(self) -> set[int]:
        """The ids of the tasks logged as blind."""
        return {task for task, blind in self.tasks().items() if blind}


def stamped(entries: Iterable[Mapping], at: str | None = None) -> list[dict]:
    """``entries`` as logged: each with the log's version ``v`` and the time ``at`` (default
    :func:`now`)."""
    at = at or now()
    return [{"v": VERSION, "at": at, **entry} for entry in entries]


class SuggestionLog(SuggestionLogBase):
    """The log of one project's suggestions, kept in ``folder`` (see the module's notes)."""

    def __init__(self, folder: str | Path):
        self.folder = Path(folder)
        self._lock = threading.Lock()
        self._salt: str | None = None
        self._tasks: dict[int, bool] | None = None  # task id -> logged blind; read lazily

    @property
    def path(self) -> Path:
        return self.folder / LOG

    def salt(self) -> str:
        with self._lock:
            if self._salt is None:
                path = self.folder / SALT
                text = path.read_text(encoding="ascii").strip() if path.is_file() else ""
                if not text:
                    text = _create_salt(path)
                if not is_salt(text):
                    log.warning("%s is not a hex salt; a new one replaces it", path)
                    text = secrets.token_hex(16)
                    atomic_write_text(path, text + "\n", mode=0o600)
                self._salt = text
            return self._salt

    def record(self, entries: Iterable[Mapping], at: str | None = None) -> None:
        lines = stamped(entries, at)
        if not lines:
            return
        data = "".join(json.dumps(line, ensure_ascii=True) + "\n" for line in lines)
        with self._lock:
            # after a line cut off by a crash, start on a line of its own
            start = b"" if _ends_a_line(self.path) else b"\n"
            append_durably(self.path, start + data.encode("ascii"))
            if self._tasks is not None:
                note_tasks(self._tasks, lines)

    def entries(self) -> list[dict]:
        """Every entry, oldest first; lines that are not a logged entry are skipped (logged)."""
        with self._lock:
            return _read(self.path)

    def tasks(self) -> dict[int, bool]:
        with self._lock:
            if self._tasks is None:
                self._tasks = note_tasks({}, _read(self.path))
            return dict(self._tasks)

    def forget_tasks(self, task_ids: Iterable[int]) -> int:
        """Delete the lines of the tasks ``task_ids`` (deleted in Label Studio); returns how
        many. The log is rewritten atomically."""
        gone = set(task_ids)
        with self._lock:
            if not gone or not self.path.is_file():
                return 0
            kept = [e for e in _read(self.path) if e.get("task") not in gone]
            raw = self.path.read_bytes().count(b"\n")
            text = "".join(json.dumps(e, ensure_ascii=True) + "\n" for e in kept)
            atomic_write_text(self.path, text, mode=0o600)
            self._tasks = None
            return raw - len(kept)


def _create_salt(path: Path) -> str:
    """Make ``path`` with a new random salt, unless another process (a gunicorn worker on the
    same ``MODEL_DIR``) made it first: the file is created exclusively, so the first writer
    wins and every other reads its salt. Returns the salt in force."""
    salt = secrets.token_hex(16)
    data = (salt + "\n").encode("ascii")
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o600)
    except FileExistsError:
        return _read_salt(path)
    try:
        # written whole before anyone may read a partial line: a reader waits for the newline
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)
    return salt


def _read_salt(path: Path, timeout: float = 5.0) -> str:
    """The salt another process is writing to ``path`` (it ends with a newline once whole)."""
    deadline = time.monotonic() + timeout
    while True:
        text = path.read_text(encoding="ascii")
        if text.endswith("\n") or time.monotonic() > deadline:
            return text.strip()
        time.sleep(0.01)


def _ends_a_line(path: Path) -> bool:
    """Whether ``path`` is missing, empty or ends with a newline."""
    try:
        with path.open("rb") as handle:
            if handle.seek(0, 2) == 0:
                return True
            handle.seek(-1, 2)
            return handle.read(1) == b"\n"
    except FileNotFoundError:
        return True


def note_tasks(tasks: dict[int, bool], entries: Iterable[Mapping]) -> dict[int, bool]:
    """Add the tasks of ``entries`` to ``tasks`` (task id -> logged blind); returns it."""
    for entry in entries:
        tasks[entry["task"]] = tasks.get(entry["task"], False) or entry["why"] == "blind"
    return tasks


def _read(path: Path) -> list[dict]:
    if not path.is_file():
        return []
    out = []
    for number, raw in enumerate(path.read_bytes().split(b"\n"), 1):
        if not raw.strip():
            continue
        try:
            entry = json.loads(raw)
        except ValueError:
            log.warning("%s line %d is not JSON (cut off by a crash?); skipped", path, number)
            continue
        if not is_entry(entry):
            log.warning("%s line %d is not a logged suggestion; skipped", path, number)
            continue
        out.append(entry)
    return out


def is_entry(entry: object) -> bool:
    """Whether ``entry`` (read back from a log) is an entry this version writes."""
    return (
        isinstance(entry, dict)
        and entry.get("v") == VERSION
        and isinstance(entry.get("task"), int)
        and entry.get("why") in WHY
    )


def is_salt(text: str) -> bool:
    """Whether ``text`` is a salt as :func:`secrets.token_hex` makes them (16+ hex digits)."""
    return len(text) >= 16 and all(c in "0123456789abcdef" for c in text)
