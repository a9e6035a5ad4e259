"""The coded segments of one Label Studio project, kept durably under ``MODEL_DIR/<project>/``.

The training data of a project's model is every span any coder coded, grouped by the annotation
it belongs to, so that an edited or deleted annotation replaces or removes exactly its segments.

Files in the project folder:

``segments.json``
    A snapshot: ``{"seq": N, "annotations": {annotation id: [segment, ...]}}``, written
    atomically (temporary file, fsync, ``os.replace``).
``journal.jsonl``
    One JSON line per change since the snapshot, each with a sequence number above the
    snapshot's. A change is appended and fsynced *before* it is applied in memory and before
    the webhook is answered, so an event Label Studio was told about survives a crash.
    Loading replays the lines newer than the snapshot; a torn last line (a crash mid-write) is
    skipped. :meth:`SegmentStore.compact` folds the journal into a new snapshot.
``label_config.xml``
    The project's labelling config as last seen (from ``/setup``, ``/predict`` or a webhook).
``rebuild.pending``
    Present while a START_TRAINING rebuild has been asked for and not finished yet.

Everything here is thread-safe: one lock per store guards the memory state and the files.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import threading
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from pathlib import Path

from ls_thematic.label_config.fileio import atomic_write_bytes, atomic_write_text

log = logging.getLogger(__name__)

SNAPSHOT = "segments.json"
JOURNAL = "journal.jsonl"
LABEL_CONFIG = "label_config.xml"
REBUILD_PENDING = "rebuild.pending"


@dataclass(frozen=True)
class Segment:
    """One coded span: its text and codes, and where it came from (for the "why" notes)."""

    text: str
    codes: tuple[str, ...]
    task: int | None = None
    participant: str | None = None
    start: int | None = None
    end: int | None = None
    coder: int | None = None

    @classmethod
    def from_dict(cls, data: Mapping) -> Segment:
        return cls(
            text=data["text"],
            codes=tuple(data["codes"]),
            task=data.get("task"),
            participant=data.get("participant"),
            start=data.get("start"),
            end=data.get("end"),
            coder=data.get("coder"),
        )

    def to_dict(self) -> dict:
        out = asdict(self)
        out["codes"] = list(self.codes)
        return {k: v for k, v in out.items() if v is not None}


class SegmentStore:
    """The segments of one project, by annotation id, persisted in ``folder``.

    Parameters
    ----------
    folder : path-like
        ``MODEL_DIR/<project id>``; created when missing. Existing files are loaded.
    """

    def __init__(self, folder: str | os.PathLike):
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self._lock = threading.RLock()
        self._annotations: dict[str, tuple[Segment, ...]] = {}
        self._seq = 0
        self._snapshot_seq = 0
        self._sums: dict[str, int] = {}  # annotation -> sum of its segments' hashes
        self._total = 0
        self._recording: list[tuple] | None = None
        self._load()

    # ------------------------------------------------------------------ reading
    def __len__(self) -> int:
        with self._lock:
            return sum(len(segments) for segments in self._annotations.values())

    @property
    def annotation_ids(self) -> list[str]:
        with self._lock:
            return sorted(self._annotations, key=_id_order)

    def has_annotation(self, annotation_id: object) -> bool:
        with self._lock:
            return _key(annotation_id) in self._annotations

    def segments(self) -> list[Segment]:
        """Every segment, grouped by annotation in id order (a stable order)."""
        with self._lock:
            return [
                segment
                for key in sorted(self._annotations, key=_id_order)
                for segment in self._annotations[key]
            ]

    def spans_of_task(self, task_id: int) -> list[tuple[int, int]]:
        """``(start, end)`` of every segment coded in task ``task_id``."""
        with self._lock:
            return [
                (s.start, s.end)
                for segments in self._annotations.values()
                for s in segments
                if s.task == task_id and s.start is not None and s.end is not None
            ]

    def state(self) -> tuple[list[Segment], str]:
        """``(segments(), digest())`` read together, consistent with each other."""
        with self._lock:
            return self.segments(), self.digest()

    def digest_and_size(self) -> tuple[str, int]:
        """``(digest(), len(self))``, consistent with each other."""
        with self._lock:
            return self.digest(), len(self)

    def digest(self) -> str:
        """SHA-256 (hex) of the multiset of segments: equal sets give equal digests, in any order.

        It covers each segment's text, codes and participant, which is all a model learns or
        shows; it does not depend on which annotation a segment came from. It is kept up to
        date incrementally (a sum of per-segment hashes), so it costs nothing per event.
        """
        with self._lock:
            return hashlib.sha256(f"{self._total:064x}:{len(self)}".encode()).hexdigest()

    # ------------------------------------------------------------------ changes
    def replace(self, annotation_id: object, segments: Iterable[Segment]) -> bool:
        """Make ``segments`` the segments of ``annotation_id``; returns whether anything changed."""
        key = _key(annotation_id)
        new = tuple(segments)
        with self._lock:
            if key in self._annotations and self._annotations[key] == new:
                return False
            self._append(
                {"op": "replace", "annotation": key, "segments": [s.to_dict() for s in new]}
            )
            self._apply_replace(key, new)
            if self._recording is not None:
                self._recording.append(("replace", key, new))
            return True

    def remove(self, annotation_ids: Iterable[object]) -> list[str]:
        """Drop the segments of ``annotation_ids``; returns the ids that were known here."""
        with self._lock:
            keys = [
                k for k in dict.fromkeys(_key(a) for a in annotation_ids) if k in self._annotations
            ]
            if self._recording is not None:
                # Also those not known yet: a rebuild in progress may bring them back.
                self._recording.append(("remove", [_key(a) for a in annotation_ids]))
            if keys:
                self._append({"op": "remove", "annotations": keys})
                self._apply_remove(keys)
            return keys

    def begin_rebuild(self) -> None:
        """Start remembering changes, to replay them over the state :meth:`rebuild` installs.

        A rebuild pulls every annotation from Label Studio, which takes a while; a webhook that
        arrives meanwhile may or may not be in what was pulled. Replaying the changes made since
        this call keeps such an event whatever the pull saw.
        """
        with self._lock:
            self._recording = []

    def rebuild(self, annotations: Mapping[object, Iterable[Segment]]) -> bool:
        """Replace everything with ``annotations``, replay the changes recorded since
        :meth:`begin_rebuild`, and write a snapshot at once. Returns whether anything changed."""
        new = {_key(k): tuple(v) for k, v in annotations.items()}
        with self._lock:
            for change in self._recording or []:
                if change[0] == "replace":
                    new[change[1]] = change[2]
                else:
                    for key in change[1]:
                        new.pop(key, None)
            self._recording = None
            changed = new != self._annotations
            self._annotations = new
            self._recount()
            self._seq += 1
            self._write_snapshot()
            return changed

    def compact(self) -> None:
        """Fold the journal into a new snapshot (a no-op when the journal is empty)."""
        with self._lock:
            if self._seq != self._snapshot_seq:
                self._write_snapshot()

    @property
    def journal_length(self) -> int:
        """Changes recorded since the last snapshot."""
        with self._lock:
            return self._seq - self._snapshot_seq

    # ------------------------------------------------------------------ label config
    def label_config(self) -> str | None:
        path = self.folder / LABEL_CONFIG
        with self._lock:
            return path.read_text(encoding="utf-8") if path.is_file() else None

    def set_label_config(self, xml: str) -> None:
        with self._lock:
            if self.label_config() != xml:
                atomic_write_text(self.folder / LABEL_CONFIG, xml)

    # ------------------------------------------------------------------ START_TRAINING marker
    def mark_rebuild_pending(self) -> None:
        with self._lock:
            atomic_write_text(self.folder / REBUILD_PENDING, "START_TRAINING\n")

    def rebuild_pending(self) -> bool:
        return (self.folder / REBUILD_PENDING).is_file()

    def clear_rebuild_pending(self) -> None:
        with self._lock:
            (self.folder / REBUILD_PENDING).unlink(missing_ok=True)

    # ------------------------------------------------------------------ internals
    def _apply_replace(self, key: str, segments: tuple[Segment, ...]) -> None:
        # An annotation that codes nothing is kept (empty): it has been seen, adds no segment.
        self._annotations[key] = segments
        new_sum = _sum_of(segments)
        self._total = (self._total - self._sums.get(key, 0) + new_sum) % _MOD
        self._sums[key] = new_sum

    def _apply_remove(self, keys: list[str]) -> None:
        for key in keys:
            self._annotations.pop(key, None)
            self._total = (self._total - self._sums.pop(key, 0)) % _MOD

    def _recount(self) -> None:
        self._sums = {key: _sum_of(segments) for key, segments in self._annotations.items()}
        self._total = sum(self._sums.values()) % _MOD

    def _append(self, entry: dict) -> None:
        entry = {"seq": self._seq + 1, **entry}
        line = json.dumps(entry, ensure_ascii=False) + "\n"
        path = self.folder / JOURNAL
        created = not path.exists()
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(line)
            handle.flush()
            os.fsync(handle.fileno())
        if created:
            _fsync_dir(self.folder)  # the new file's name must survive a crash too
        self._seq += 1

    def _write_snapshot(self) -> None:
        data = {
            "seq": self._seq,
            "annotations": {
                key: [s.to_dict() for s in segments]
                for key, segments in sorted(
                    self._annotations.items(), key=lambda kv: _id_order(kv[0])
                )
            },
        }
        atomic_write_bytes(
            self.folder / SNAPSHOT, json.dumps(data, ensure_ascii=False).encode("utf-8")
        )
        # Every journal line is now in the snapshot (its seq is at most the snapshot's).
        atomic_write_bytes(self.folder / JOURNAL, b"")
        self._snapshot_seq = self._seq

    def _load(self) -> None:
        snapshot = self.folder / SNAPSHOT
        if snapshot.is_file():
            data = json.loads(snapshot.read_text(encoding="utf-8"))
            self._seq = self._snapshot_seq = int(data.get("seq", 0))
            self._annotations = {
                key: tuple(Segment.from_dict(s) for s in segments)
                for key, segments in data.get("annotations", {}).items()
            }
            self._recount()
        journal = self.folder / JOURNAL
        if not journal.is_file():
            return
        lines = journal.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                where = (
                    "its last line (cut off by a crash)"
                    if number == len(lines)
                    else f"line {number}"
                )
                log.warning("%s: skipping %s, which is not valid JSON", journal, where)
                continue
            seq = int(entry.get("seq", 0))
            if seq <= self._snapshot_seq:
                continue  # already in the snapshot
            if entry.get("op") == "replace":
                self._apply_replace(
                    entry["annotation"],
                    tuple(Segment.from_dict(s) for s in entry.get("segments", [])),
                )
            elif entry.get("op") == "remove":
                self._apply_remove(list(entry.get("annotations", [])))
            self._seq = max(self._seq, seq)


_MOD = 1 << 256


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # some platforms cannot open a directory; nothing more to do there
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _sum_of(segments: Iterable[Segment]) -> int:
    """Sum (mod 2**256) of the segments' SHA-256 hashes: a hash of the multiset."""
    total = 0
    for s in segments:
        row = json.dumps([s.text, sorted(s.codes), s.participant], ensure_ascii=False)
        total += int.from_bytes(hashlib.sha256(row.encode("utf-8")).digest(), "big")
    return total % _MOD


def _key(annotation_id: object) -> str:
    return str(annotation_id)


def _id_order(key: str) -> tuple[int, int | str]:
    return (0, int(key)) if key.isdigit() else (1, key)
