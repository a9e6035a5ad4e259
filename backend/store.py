"""The coded segments of one Label Studio project, kept durably under ``MODEL_DIR/<project>/``.

The training data of a project's model is every span any coder coded, grouped by the annotation
it belongs to, so that an edited or deleted annotation replaces or removes exactly its segments.

Files in the project folder (the folder is ``0700``, every file ``0600``: they quote
confidential interviews and name participants and coders; looser modes are tightened on load):

``segments.json``
    A snapshot: ``{"seq": N, "annotations": {annotation id: [segment, ...]}}``, written
    atomically (temporary file, fsync, ``os.replace``).
``journal.jsonl``
    One JSON line per change since the snapshot, each with a sequence number above the
    snapshot's, written ASCII-only (``\\u`` escapes), so that no character of a segment can
    end a line. A change is appended and fsynced *before* it is applied in memory and before
    the webhook is answered, so an event Label Studio was told about survives a crash.
    Loading replays the lines newer than the snapshot, splitting on ``\\n`` only (journals
    written with raw UTF-8 by earlier versions load too). :meth:`SegmentStore.compact` folds
    the journal into a new snapshot.
``journal.rejected``
    Journal lines loading could not use, set aside (and logged) instead of stopping the
    project: a last line cut off by a crash, a line that is not a JSON object, a change that
    lacks a field. One JSON line each: ``{"rejected_at", "line", "reason", "text"}``. The
    journal is then rewritten without them, so that the next change starts on a line of its
    own.
``label_config.xml``
    The project's labelling config as last seen (from ``/setup``, ``/predict`` or a webhook).
``rebuild.pending``
    Present while a START_TRAINING rebuild has been asked for and not finished yet.

Everything here is thread-safe: one lock per store guards the memory state and the files. One
process at a time may use a ``MODEL_DIR`` (:mod:`ls_thematic.backend.lock`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import logging
import os
import re
import stat
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass, fields
from functools import cached_property
from pathlib import Path

from ls_thematic.label_config.errors import ThematicError
from ls_thematic.label_config.fileio import append_durably, atomic_write_bytes, atomic_write_text

from .segment import context_item

log = logging.getLogger(__name__)

SNAPSHOT = "segments.json"
JOURNAL = "journal.jsonl"
REJECTED = "journal.rejected"
LABEL_CONFIG = "label_config.xml"
REBUILD_PENDING = "rebuild.pending"
#: Permission bits of the project folder and of every file the store writes (owner only).
FOLDER_MODE = 0o700
FILE_MODE = 0o600


class StoreError(ThematicError):
    """A project's snapshot under ``MODEL_DIR`` cannot be read."""


#: A segment's ``origin`` when it was coded by hand (Label Studio's ``manual``; see
#: :func:`ls_thematic.label_config.lsexport.origin_of`). Files leave it out.
MANUAL = "manual"


@dataclass(frozen=True)
class Segment:
    """One coded span: its text and codes, and where it came from (for the "why" notes).

    ``origin`` is Label Studio's origin of the span's result, as
    :func:`ls_thematic.label_config.lsexport.origin_of` reads it: ``"manual"`` (coded by
    hand; also every segment stored before origins were kept), ``"prediction"`` (a suggestion
    the coder kept unchanged) or ``"prediction-changed"`` (a suggestion the coder edited).

    ``speaker`` and ``previous`` are the span's context in its transcript, as
    :func:`ls_thematic.backend.segment.context_items` reads it (the role or speaker of its turn,
    the sentences before it); ``None`` and ``()`` mean no context: a paragraph's first span, or
    a segment stored before contexts were kept. Files leave them out when empty.
    """

    text: str
    codes: tuple[str, ...]
    task: int | None = None
    participant: str | None = None
    start: int | None = None
    end: int | None = None
    coder: int | None = None
    origin: str = MANUAL
    speaker: str | None = None
    previous: tuple[str, ...] = ()

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
            origin=data.get("origin", MANUAL),
            speaker=data.get("speaker"),
            previous=tuple(data.get("previous") or ()),
        )

    def to_dict(self) -> dict:
        """The segment as JSON data; ``None`` fields, no ``previous`` sentences and a
        ``"manual"`` origin are left out, so a segment coded by hand without context is
        written as before origins and contexts were kept."""
        out = asdict(self)
        out["codes"] = list(self.codes)
        out["previous"] = list(self.previous) or None
        if self.origin == MANUAL:
            del out["origin"]
        return {k: v for k, v in out.items() if v is not None}

    def __hash__(self) -> int:
        return self._hash

    @cached_property
    def _hash(self) -> int:
        """The hash of all fields, as the dataclass would make it, computed once: every refit
        looks up each of a project's segments (:mod:`ls_thematic.backend.refit`)."""
        return hash(tuple(getattr(self, f.name) for f in fields(self)))

    @property
    def has_context(self) -> bool:
        return self.speaker is not None or bool(self.previous)

    def item(self) -> str | dict:
        """What the suggester learns from: the text alone when the segment has no context,
        else :func:`~ls_thematic.backend.segment.context_item` of it."""
        if not self.has_context:
            return self.text
        return context_item(self.text, self.speaker, self.previous)


class SegmentStore:
    """The segments of one project, by annotation id, persisted in ``folder``.

    Parameters
    ----------
    folder : path-like
        ``MODEL_DIR/<project id>``; created (``0700``) when missing. Existing files are
        loaded, and their modes tightened to ``0600`` (the folder's to ``0700``).

    Raises
    ------
    StoreError
        The snapshot is not one this store wrote (bad journal lines are set aside instead).
    """

    def __init__(self, folder: str | os.PathLike):
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True, mode=FOLDER_MODE)
        _restrict_modes(self.folder)
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

        It covers each segment's text, codes, participant, origin (an accepted suggestion
        counts less in the fit) and context (speaker and previous sentences), which is all a
        model learns or shows; it does not depend on which annotation a segment came from. A
        segment coded by hand without context hashes as it did before origins and contexts
        were kept. It is kept up to
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

    def annotations_of_tasks(self, task_ids: Iterable[int]) -> list[str]:
        """The ids of the annotations with a segment in one of ``task_ids``, in id order."""
        wanted = set(task_ids)
        with self._lock:
            keys = [
                k for k, segs in self._annotations.items() if any(s.task in wanted for s in segs)
            ]
        return sorted(keys, key=_id_order)

    def begin_rebuild(self) -> None:
        """Start remembering changes, to replay them over the state :meth:`rebuild` installs.

        A rebuild pulls every annotation from Label Studio, which takes a while; a webhook that
        arrives meanwhile may or may not be in what was pulled. Replaying the changes made since
        this call keeps such an event whatever the pull saw.
        """
        with self._lock:
            self._recording = []

    def abort_rebuild(self) -> None:
        """Stop remembering changes after a pull that failed; the stored state stays as it is."""
        with self._lock:
            self._recording = None

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
                atomic_write_text(self.folder / LABEL_CONFIG, xml, mode=FILE_MODE)

    # ------------------------------------------------------------------ START_TRAINING marker
    def mark_rebuild_pending(self) -> None:
        with self._lock:
            atomic_write_text(self.folder / REBUILD_PENDING, "START_TRAINING\n", mode=FILE_MODE)

    def rebuild_pending(self) -> bool:
        return (self.folder / REBUILD_PENDING).is_file()

    def clear_rebuild_pending(self) -> None:
        with self._lock:
            (self.folder / REBUILD_PENDING).unlink(missing_ok=True)

    def refit_lock(self) -> contextlib.AbstractContextManager:
        """Nothing to hold: one process serves this store (:mod:`.stores`'s interface)."""
        return contextlib.nullcontext()

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
        # ASCII only: a segment's U+2028 or U+0085 is written as \u2028, never as a raw line end.
        line = (json.dumps(entry, ensure_ascii=True) + "\n").encode("ascii")
        path = self.folder / JOURNAL
        created = not path.exists()
        append_durably(path, line)
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
            self.folder / SNAPSHOT,
            json.dumps(data, ensure_ascii=False).encode("utf-8"),
            mode=FILE_MODE,
        )
        # Every journal line is now in the snapshot (its seq is at most the snapshot's).
        atomic_write_bytes(self.folder / JOURNAL, b"", mode=FILE_MODE)
        self._snapshot_seq = self._seq

    def _load(self) -> None:
        snapshot = self.folder / SNAPSHOT
        if snapshot.is_file():
            self._load_snapshot(snapshot)
        journal = self.folder / JOURNAL
        if journal.is_file():
            self._replay(journal)

    def _load_snapshot(self, snapshot: Path) -> None:
        try:
            data = json.loads(snapshot.read_bytes().decode("utf-8"))
        except (ValueError, RecursionError) as exc:  # UTF-8 and JSON errors
            problem = _BadEntry(f"is not valid UTF-8 JSON ({exc})")
        else:
            try:
                self._install_snapshot(data)
                return
            except _BadEntry as exc:
                problem = exc
        raise StoreError(
            f"{snapshot} cannot be read: it {problem}. This backend writes it whole or not at "
            "all, so it was changed by hand or damaged on disk. Restore it from a backup, or "
            "move it aside and send START_TRAINING to rebuild the project from Label Studio."
        )

    def _install_snapshot(self, data: object) -> None:
        if not isinstance(data, dict):
            raise _BadEntry(f"is a JSON {_json_type(data)}, not an object")
        seq = _check_int(data.get("seq", 0), "'seq'")
        annotations = data.get("annotations", {})
        if not isinstance(annotations, dict):
            raise _BadEntry("has 'annotations' that are not an object")
        self._annotations = {
            key: tuple(_segment_of(s) for s in _check_list(segments, "'segments'"))
            for key, segments in annotations.items()
        }
        self._seq = self._snapshot_seq = seq
        self._recount()

    def _replay(self, journal: Path) -> None:
        """Apply the journal's changes newer than the snapshot; set aside lines that are not
        changes, and rewrite the journal without them (a torn last line included)."""
        *lines, torn = journal.read_bytes().split(b"\n")  # on "\n" only, never U+2028 & co
        kept: list[bytes] = []
        rejected: list[tuple[int, str, bytes]] = []
        for number, raw in enumerate([*lines, torn], 1):
            if not raw.strip():
                continue
            try:
                seq, change = _parse_line(raw)
            except _BadEntry as exc:
                cut_off = number > len(lines)  # no "\n" after it: the write never finished
                where = "its last line (cut off by a crash)" if cut_off else f"line {number}"
                rejected.append((number, f"{where}, which {exc}", raw))
                continue
            kept.append(raw)
            if seq > self._snapshot_seq:  # else already in the snapshot
                change(self)
                self._seq = max(self._seq, seq)
        if rejected or torn:
            self._set_aside(journal, rejected)
            atomic_write_bytes(journal, b"".join(x + b"\n" for x in kept), mode=FILE_MODE)

    def _set_aside(self, journal: Path, rejected: list[tuple[int, str, bytes]]) -> None:
        if not rejected:
            return
        now = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
        lines = b"".join(
            json.dumps(
                {
                    "rejected_at": now,
                    "line": number,
                    "reason": reason,
                    "text": raw.decode("utf-8", "surrogateescape"),
                },
                ensure_ascii=True,
            ).encode("ascii")
            + b"\n"
            for number, reason, raw in rejected
        )
        path = self.folder / REJECTED
        append_durably(path, lines)
        for _, reason, _ in rejected:
            log.warning("%s: skipping %s; it is kept in %s", journal, reason, path.name)


_MOD = 1 << 256
_ASCII_DIGITS = re.compile(r"[0-9]+")


class _BadEntry(ValueError):
    """A journal line or snapshot part that is not what this store writes; says why."""


def _parse_line(raw: bytes) -> tuple[int, Callable[[SegmentStore], None]]:
    """``(seq, apply)`` of one journal line; raises :class:`_BadEntry` saying what is wrong.

    Everything is checked before anything is applied, so a bad line changes nothing.
    """
    try:
        entry = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise _BadEntry("is not valid UTF-8") from None
    except (ValueError, RecursionError):
        raise _BadEntry("is not valid JSON") from None
    if not isinstance(entry, dict):
        raise _BadEntry(f"is a JSON {_json_type(entry)}, not an object")
    seq = _check_int(entry.get("seq", 0), "'seq'")
    op = entry.get("op")
    if op == "replace":
        if "annotation" not in entry:
            raise _BadEntry("has no 'annotation'")
        key = _annotation_key(entry["annotation"])
        segments = tuple(
            _segment_of(s) for s in _check_list(entry.get("segments", []), "'segments'")
        )
        return seq, lambda store: store._apply_replace(key, segments)
    if op == "remove":
        keys = [
            _annotation_key(a) for a in _check_list(entry.get("annotations", []), "'annotations'")
        ]
        return seq, lambda store: store._apply_remove(keys)
    return seq, lambda store: None  # an operation of a later version: its number still counts


def _segment_of(data: object) -> Segment:
    if not isinstance(data, dict):
        raise _BadEntry(f"has a segment that is a JSON {_json_type(data)}, not an object")
    if not isinstance(data.get("text"), str):
        raise _BadEntry("has a segment whose 'text' is missing or not a string")
    codes = _check_list(data.get("codes"), "a segment's 'codes'")
    if not all(isinstance(code, str) for code in codes):
        raise _BadEntry("has a segment whose 'codes' are not all strings")
    for name in ("task", "start", "end", "coder"):
        if data.get(name) is not None:
            _check_int(data[name], f"a segment's '{name}'")
    if not isinstance(data.get("participant", ""), (str, type(None))):
        raise _BadEntry("has a segment whose 'participant' is not a string")
    if not isinstance(data.get("origin", MANUAL), str):
        raise _BadEntry("has a segment whose 'origin' is not a string")
    if not isinstance(data.get("speaker"), (str, type(None))):
        raise _BadEntry("has a segment whose 'speaker' is not a string")
    previous = _check_list(data.get("previous", []), "a segment's 'previous'")
    if not all(isinstance(sentence, str) for sentence in previous):
        raise _BadEntry("has a segment whose 'previous' sentences are not all strings")
    return Segment.from_dict(data)


def _check_int(value: object, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _BadEntry(f"has {what} that is not an integer")
    return value


def _check_list(value: object, what: str) -> list:
    if not isinstance(value, list):
        raise _BadEntry(f"has {what} that is not a list")
    return value


def _annotation_key(value: object) -> str:
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise _BadEntry(
            f"has an annotation id that is a JSON {_json_type(value)}, not a string or number"
        )
    return _key(value)


def _json_type(value: object) -> str:
    names = {dict: "object", list: "array", str: "string", bool: "boolean", type(None): "null"}
    return names.get(type(value), "number")


def _restrict_modes(folder: Path) -> None:
    """Owner-only modes for ``folder`` (``0700``) and the files in it (``0600``)."""
    try:
        paths = [folder, *(p for p in folder.iterdir() if p.is_file() and not p.is_symlink())]
        for path in paths:
            if stat.S_IMODE(path.stat().st_mode) & 0o077:  # group or others may read it
                os.chmod(path, FOLDER_MODE if path == folder else FILE_MODE)
    except OSError as exc:  # not our folder, a read-only mount: use it as it is
        log.warning("%s: cannot make it readable by its owner only (%s)", folder, exc)


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
        fields = [s.text, sorted(s.codes), s.participant]
        if s.origin != MANUAL:  # segments coded by hand keep the hash of earlier versions
            fields.append(s.origin)
        if s.has_context:  # as do segments without context
            fields.append({"speaker": s.speaker, "previous": list(s.previous)})
        row = json.dumps(fields, ensure_ascii=False)
        total += int.from_bytes(hashlib.sha256(row.encode("utf-8")).digest(), "big")
    return total % _MOD


def _key(annotation_id: object) -> str:
    return str(annotation_id)


def _id_order(key: str) -> tuple[int, int, str]:
    """Numbers first, by value (ASCII digits only: "²" and "٣" are names), then names."""
    if _ASCII_DIGITS.fullmatch(key):
        return (0, int(key), key)
    return (1, 0, key)
