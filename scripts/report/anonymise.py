"""Privacy of a write-up: pseudonyms for participant ids and ``[name]`` for names.

``pseudonymise`` replaces every participant id with a pseudonym *everywhere*: tables, figures,
extracts, the transcripts inside the .qdpx (``P4:`` speaker labels become ``Participant D:``),
with the coded offsets moved to match. ``redact_names`` (and the values of a ``name``
participant attribute, and each word of them) are replaced with ``[name]`` in all transcript
text, extracts and memos; the ``name`` attribute itself is then left out of every output, and
so are the transcripts' file names. Participant ids that are not pseudonymised stay as they
are: they are the study's own codes (P1, P2, ...).
"""

from __future__ import annotations

import bisect
import copy
import hashlib
import re
import string
from collections.abc import Callable, Mapping, Sequence

from ..snapshot import Snapshot, as_snapshot, coding_control, natural_key, participant_of
from .errors import ReportError

REDACTED = "[name]"
NAME_ATTRIBUTE = "name"
#: Data keys that name where a transcript came from; left out of a private report.
_SOURCE_KEYS = ("source_file", "content_hash", "name", "file_upload")


# --------------------------------------------------------------------------- pseudonyms
def _letters(index: int) -> str:
    out = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        out = string.ascii_uppercase[rest] + out
    return out


def pseudonyms(ids: Sequence[str], how="letters", salt: str | None = None) -> dict[str, str]:
    """``{participant id: pseudonym}``.

    Parameters
    ----------
    ids : sequence of str
    how : "letters", "hash" or dict
        ``"letters"``: "Participant A", "Participant B", ... in natural order of the ids (P2
        before P10), so stable for the same set of participants. ``"hash"``: "Participant "
        and the first 8 hex digits of SHA-256 of ``salt`` and the id, stable across any sets;
        it needs a secret ``salt``, since study ids are easy to guess. A dict is used as given
        (every id needs a pseudonym).
    """
    ids = sorted(dict.fromkeys(map(str, ids)), key=natural_key)
    if isinstance(how, Mapping):
        missing = [i for i in ids if i not in how]
        if missing:
            raise ReportError(
                f"The pseudonym map has no pseudonym for {', '.join(missing)}; give every "
                "participant one."
            )
        mapping = {i: str(how[i]) for i in ids}
    elif how in (True, "letters"):
        mapping = {pid: f"Participant {_letters(i)}" for i, pid in enumerate(ids)}
    elif how == "hash":
        if not salt:
            raise ReportError(
                "Hashed pseudonyms need a secret salt (salt=... / --salt): without one anyone "
                "can hash P1, P2, ... and undo them."
            )
        mapping = {
            pid: "Participant " + hashlib.sha256(f"{salt}\0{pid}".encode()).hexdigest()[:8].upper()
            for pid in ids
        }
    else:
        raise ReportError(
            f"pseudonymise={how!r} is not allowed; use False, True/'letters', 'hash' or a dict."
        )
    clashes = {p for p in mapping.values() if list(mapping.values()).count(p) > 1}
    if clashes:
        raise ReportError(f"Pseudonyms must differ; these repeat: {', '.join(sorted(clashes))}.")
    return mapping


# --------------------------------------------------------------------------- text rewriting
class _Rewrite:
    """Replacements in one text, with the map from old to new character offsets."""

    def __init__(self, text: str, pattern: re.Pattern | None, replace) -> None:
        self.subs: list[tuple[int, int, str]] = []
        if pattern is not None:
            for match in pattern.finditer(text):
                self.subs.append((match.start(), match.end(), replace(match)))
        pieces, last = [], 0
        self._starts, self._ends, self._new_starts, self._new_ends = [], [], [], []
        shift = 0
        for start, end, new in self.subs:
            pieces += [text[last:start], new]
            self._starts.append(start)
            self._ends.append(end)
            self._new_starts.append(start + shift)
            shift += len(new) - (end - start)
            self._new_ends.append(end + shift)
            last = end
        pieces.append(text[last:])
        self.text = "".join(pieces)

    def position(self, old: int, side: str) -> int:
        """New offset of ``old``; inside a replaced word, its start (``side="start"``) or end."""
        i = bisect.bisect_right(self._starts, old) - 1
        if i < 0:
            return old
        if old >= self._ends[i]:
            return old + (self._new_ends[i] - self._ends[i])
        if old == self._starts[i]:
            return self._new_starts[i]
        return self._new_starts[i] if side == "start" else self._new_ends[i]


class _Chain:
    """Two rewrites one after the other."""

    def __init__(self, first: _Rewrite, second: _Rewrite) -> None:
        self.first, self.second, self.text = first, second, second.text

    def position(self, old: int, side: str) -> int:
        return self.second.position(self.first.position(old, side), side)


def _word_pattern(words: Sequence[str], ignore_case: bool) -> re.Pattern | None:
    words = sorted({w for w in words if w and w.strip()}, key=len, reverse=True)
    if not words:
        return None
    body = "|".join(re.escape(w) for w in words)
    return re.compile(rf"(?<!\w)(?:{body})(?!\w)", re.IGNORECASE if ignore_case else 0)


def _rewriter(names: Sequence[str], mapping: Mapping[str, str]) -> Callable[[str], _Rewrite]:
    """A function ``text -> rewrite``: names redacted (any case), then ids pseudonymised."""
    name_pattern = _word_pattern(names, ignore_case=True)
    id_pattern = _word_pattern(list(mapping), ignore_case=False)

    def rewrite(text: str) -> _Rewrite:
        first = _Rewrite(text, name_pattern, lambda m: REDACTED)
        if id_pattern is None:
            return first
        second = _Rewrite(first.text, id_pattern, lambda m: mapping[m.group(0)])
        return _Chain(first, second)

    return rewrite


def _names_to_redact(snapshot: Snapshot, redact_names: Sequence[str]) -> list[str]:
    """The names given, plus every task's ``name`` attribute and each word of it."""
    names = [str(n) for n in redact_names if str(n).strip()]
    for task in snapshot:
        value = ((task.get("data") or {}).get("attributes") or {}).get(NAME_ATTRIBUTE)
        if value and str(value).strip():
            names.append(str(value).strip())
            names += [part for part in str(value).split() if len(part) > 1]
    return names


# --------------------------------------------------------------------------- one task
def _rewrite_turns(data: dict, edit, mapping: Mapping[str, str]) -> None:
    for turn in data.get("turns") or []:
        if isinstance(turn.get("start"), int) and isinstance(turn.get("end"), int):
            turn["start"] = edit.position(turn["start"], "start")
            turn["end"] = edit.position(turn["end"], "end")
        if turn.get("speaker") in mapping:
            turn["speaker"] = mapping[turn["speaker"]]


def _make_private(task: dict, pid: str, mapping: Mapping[str, str]) -> None:
    """New participant id and header, no ``name`` attribute, no file names or hashes."""
    data = task["data"]
    attributes = {k: v for k, v in (data.get("attributes") or {}).items() if k != NAME_ATTRIBUTE}
    data["attributes"] = attributes
    new_id = mapping.get(pid, pid)
    data["participant"] = new_id
    data["participant_header"] = " · ".join(
        [new_id] + [f"{k.replace('_', ' ')}: {v}" for k, v in attributes.items() if v]
    )
    for key in _SOURCE_KEYS:
        data.pop(key, None)
    task.pop("file_upload", None)
    task.pop("meta", None)


def _rewrite_results(task: dict, edit, rewrite: Callable[[str], _Rewrite]) -> None:
    """Span offsets and texts follow the rewritten text; memos are rewritten too (a
    per-region memo carries its region's offsets, but its ``text`` is the memo)."""
    for annotation in task.get("annotations") or []:
        for result in annotation.get("result") or []:
            value = result.get("value") or {}
            memo = result.get("type") == "textarea"
            if edit is not None and isinstance(value.get("start"), int) and isinstance(
                value.get("end"), int
            ):
                value["start"] = edit.position(value["start"], "start")
                value["end"] = edit.position(value["end"], "end")
                if "text" in value and not memo:
                    value["text"] = edit.text[value["start"]:value["end"]]
            if memo and value.get("text"):
                texts = value["text"]  # a list of lines, as Label Studio stores it, or one string
                value["text"] = (rewrite(texts).text if isinstance(texts, str)
                                 else [rewrite(str(t)).text for t in texts])


def anonymise_snapshot(
    snapshot,
    pseudonymise=False,
    redact_names: Sequence[str] = (),
    *,
    salt: str | None = None,
) -> tuple[Snapshot, dict[str, str]]:
    """A copy of the snapshot with participants pseudonymised and names redacted.

    Returns ``(snapshot, {participant id: pseudonym})`` (the map is empty without
    pseudonymisation). Span offsets, turns and span texts follow the rewritten text. See the
    module notes for what changes.
    """
    snapshot = as_snapshot(snapshot)
    _, data_key = coding_control(snapshot)
    ids = [participant_of(task) for task in snapshot]
    mapping = pseudonyms(ids, pseudonymise, salt) if pseudonymise else {}
    names = _names_to_redact(snapshot, redact_names)
    private = bool(mapping) or bool(names)
    rewrite = _rewriter(names, mapping)
    tasks = []
    for task in snapshot:
        task = copy.deepcopy(task)
        data = task.setdefault("data", {})
        pid = participant_of(task)
        text = data.get(data_key)
        edit = rewrite(text) if isinstance(text, str) else None
        if edit is not None:
            data[data_key] = edit.text
            _rewrite_turns(data, edit, mapping)
        if private:
            _make_private(task, pid, mapping)
        _rewrite_results(task, edit, rewrite)
        tasks.append(task)
    meta = {k: v for k, v in snapshot.meta.items() if k != "source"} if private else snapshot.meta
    return Snapshot(tasks, project=snapshot.project, meta=meta), mapping
