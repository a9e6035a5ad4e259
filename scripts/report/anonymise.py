"""Privacy of a write-up: pseudonyms for participant ids and coders, ``[name]`` for names.

``pseudonymise`` replaces every participant id with a pseudonym *everywhere*: tables, figures,
extracts, the transcripts inside the .qdpx (``P4:`` speaker labels become ``Participant D:``),
with the coded offsets moved to match. An id is found in the ways people write it: any case,
with or without leading zeros, and as "participant 4" (``P4``, ``p4``, ``P04``, ``P004``,
``Participant 04``; never inside another id: ``P40`` is not ``P4``). The coders' e-mail
addresses (or names) become "Coder A", "Coder B", ... in the annotations and in any text.
Letters are given in a random order drawn from a seed (recorded as ``pseudonym_seed`` in the
private snapshot's ``meta``), so neither the order of the ids nor of the coders shows through;
the same seed and the same ids give the same letters again. The seed undoes the pseudonyms as
surely as the key does (study ids are easy to guess): keep it with the key, out of the report. ``redact_names`` (and the values of a ``name``
participant attribute, and each word of them) are replaced with ``[name]`` in all transcript
text, extracts and memos; the ``name`` attribute itself is then left out of every output, and
so are the transcripts' file names. Participant ids that are not pseudonymised stay as they
are: they are the study's own codes (P1, P2, ...).
"""

from __future__ import annotations

import bisect
import copy
import hashlib
import random
import re
import secrets
import string
from collections import Counter
from collections.abc import Callable, Mapping, Sequence

from ls_thematic.label_config.lsexport import coder_of

from ..snapshot import Snapshot, as_snapshot, coding_control, natural_key, participant_of
from .errors import ReportError

REDACTED = "[name]"
NAME_ATTRIBUTE = "name"
#: Data keys that name where a transcript came from; left out of a private report.
_SOURCE_KEYS = ("source_file", "content_hash", "name", "file_upload")
#: Where the seed of the letters is recorded in a private snapshot's ``meta``.
SEED_KEY = "pseudonym_seed"
#: An id written as letters and a number (``P4``, ``P-04``), found in its variants in text.
_ID_SHAPE = re.compile(r"([A-Za-z]+)[-_]?0*(\d+)")


# --------------------------------------------------------------------------- pseudonyms
def _letters(index: int) -> str:
    out = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        out = string.ascii_uppercase[rest] + out
    return out


def new_seed() -> int:
    """A random seed for the order of the letters (from the operating system's generator)."""
    return secrets.randbelow(2**32)


def _in_random_order(items: Sequence[str], seed: int | str) -> list[str]:
    order = sorted(dict.fromkeys(items), key=natural_key)
    random.Random(seed).shuffle(order)
    return order


def pseudonyms(
    ids: Sequence[str], how="letters", salt: str | None = None, *, seed: int | None = None
) -> dict[str, str]:
    """``{participant id: pseudonym}``, in natural order of the ids.

    Parameters
    ----------
    ids : sequence of str
    how : "letters", "hash" or dict
        ``"letters"``: "Participant A", "Participant B", ... given in a random order drawn
        from ``seed`` (Python's ``random.Random(seed)``), so the letters do not reveal the
        order of the ids; the same ids and seed give the same letters. ``"hash"``:
        "Participant " and the first 8 hex digits of SHA-256 of ``salt`` and the id, stable
        across any sets; it needs a secret ``salt``, since study ids are easy to guess. A dict
        is used as given (every id needs a pseudonym).
    seed : int, optional
        For ``"letters"``; a fresh random one when not given (:func:`new_seed`).
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
        order = _in_random_order(ids, new_seed() if seed is None else seed)
        letter = {pid: f"Participant {_letters(i)}" for i, pid in enumerate(order)}
        mapping = {pid: letter[pid] for pid in ids}
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


def coder_pseudonyms(
    coders: Sequence[str], how="letters", salt: str | None = None, *, seed: int | None = None
) -> dict[str, str]:
    """``{coder e-mail or name: pseudonym}``: "Coder A", "Coder B", ... in a random order drawn
    from ``seed`` (another order than the participants'), or, with ``how="hash"``, "Coder " and
    8 hex digits of SHA-256 of ``salt`` and the coder. Give the same seed as to
    :func:`pseudonyms` to get the coders' letters of a report again."""
    if how == "hash":
        if not salt:
            raise ReportError("Hashed pseudonyms need a secret salt (salt=... / --salt).")
        return {
            coder: "Coder "
            + hashlib.sha256(f"{salt}\0coder\0{coder}".encode()).hexdigest()[:8].upper()
            for coder in sorted(dict.fromkeys(coders), key=natural_key)
        }
    order = _in_random_order(coders, f"coders:{new_seed() if seed is None else seed}")
    return {coder: f"Coder {_letters(i)}" for i, coder in enumerate(order)}


def pseudonymised_coders(
    coders: Sequence, snapshot, pseudonymise, salt: str | None = None, *, seed: int
) -> list:
    """``coders`` (e-mails or user ids, as ``--coders`` takes them) as the private snapshot of
    ``anonymise_snapshot(snapshot, pseudonymise, salt=salt, seed=seed)`` names them, so that
    a choice of coders still selects the same annotations; user ids stay as they are."""
    how = "hash" if pseudonymise == "hash" else "letters"
    names = coder_pseudonyms(_coders_of(as_snapshot(snapshot)), how, salt, seed=seed)
    lowered = {coder.lower(): new for coder, new in names.items()}
    return [lowered.get(str(c).strip().lower(), c) for c in coders]


# --------------------------------------------------------------------------- text rewriting
class _Rewrite:
    """Replacements in one text, with the map from old to new character offsets; a match
    that ``replace`` answers None for is left as it is."""

    def __init__(self, text: str, pattern: re.Pattern | None, replace) -> None:
        self.subs: list[tuple[int, int, str]] = []
        if pattern is not None:
            for match in pattern.finditer(text):
                new = replace(match)
                if new is not None:
                    self.subs.append((match.start(), match.end(), new))
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


def _id_key(pid: str) -> tuple[str, int] | None:
    """``("p", 4)`` for ``P4``, ``p04``, ``P-004``; None for an id of another shape."""
    match = _ID_SHAPE.fullmatch(pid.strip())
    return (match.group(1).lower(), int(match.group(2))) if match else None


class _Pseudonymiser:
    """Finds participant ids (in their variants) and coders in text and names their pseudonym.

    ``mapping`` is ``{participant id: pseudonym}``, ``coders`` ``{e-mail or name: pseudonym}``.
    An id of letters and a number is found in any case, with any leading zeros, and as
    "participant <number>" when no other id has that number; any other id or coder is found
    as written, in any case. Every match is a whole word.
    """

    def __init__(self, mapping: Mapping[str, str], coders: Mapping[str, str]) -> None:
        self._keyed: dict[tuple[str, int], str] = {}
        self._exact: dict[str, str] = {}
        for pid, new in mapping.items():
            key = _id_key(pid)
            if key is None:
                self._exact[pid.lower()] = new
            elif self._keyed.setdefault(key, new) != new:
                same = [p for p in mapping if _id_key(p) == key]
                raise ReportError(
                    f"The participant ids {', '.join(same)} are one id written in two ways; "
                    "give each participant one id."
                )
        for coder, new in coders.items():
            self._exact.setdefault(coder.lower(), new)
        numbers = Counter(number for _, number in self._keyed)
        self._by_number = {n: new for (_, n), new in self._keyed.items() if numbers[n] == 1}
        # whole texts first: a coder "p4@example.org" is not participant P4
        forms = [re.escape(text) for text in sorted(self._exact, key=len, reverse=True)]
        if self._keyed:
            prefixes = sorted({p for p, _ in self._keyed}, key=len, reverse=True)
            forms.append(rf"(?P<prefix>{'|'.join(map(re.escape, prefixes))})[-_]?(?P<number>\d+)")
        if self._by_number:
            forms.append(r"participant\s+(?P<alone>\d+)")
        self.pattern = (
            re.compile(rf"(?<!\w)(?:{'|'.join(forms)})(?!\w)", re.IGNORECASE) if forms else None
        )

    def replace(self, match: re.Match) -> str | None:
        """The pseudonym of a match of :attr:`pattern`; None when it is no participant's id
        (``P40`` when only ``P4`` is one)."""
        groups = match.groupdict()
        if groups.get("prefix"):
            return self._keyed.get((groups["prefix"].lower(), int(groups["number"])))
        if groups.get("alone"):
            return self._by_number.get(int(groups["alone"]))
        return self._exact.get(match.group(0).lower())

    def of(self, text: str) -> str | None:
        """The pseudonym of ``text`` when the whole of it is an id or coder, else None."""
        match = self.pattern.fullmatch(text) if self.pattern is not None else None
        return self.replace(match) if match else None


def _rewriter(names: Sequence[str], ids: _Pseudonymiser) -> Callable[[str], _Rewrite]:
    """A function ``text -> rewrite``: names redacted (any case), then ids pseudonymised."""
    name_pattern = _word_pattern(names, ignore_case=True)

    def rewrite(text: str) -> _Rewrite:
        first = _Rewrite(text, name_pattern, lambda m: REDACTED)
        if ids.pattern is None:
            return first
        second = _Rewrite(first.text, ids.pattern, ids.replace)
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
def _rewrite_turns(data: dict, edit, ids: _Pseudonymiser) -> None:
    for turn in data.get("turns") or []:
        if isinstance(turn.get("start"), int) and isinstance(turn.get("end"), int):
            turn["start"] = edit.position(turn["start"], "start")
            turn["end"] = edit.position(turn["end"], "end")
        if isinstance(turn.get("speaker"), str):
            turn["speaker"] = ids.of(turn["speaker"]) or turn["speaker"]


def _coders_of(snapshot: Snapshot) -> list[str]:
    """The coders' e-mails (or names) in the annotations; coders known by user id only are
    left out (an id names nobody outside Label Studio)."""
    return [
        coder.email
        for task in snapshot
        for annotation in task.get("annotations") or []
        if (coder := coder_of(annotation)).email
    ]


def _pseudonymise_coders(task: dict, coders: Mapping[str, str]) -> None:
    """Each annotation's ``completed_by`` e-mail (or name) replaced by its pseudonym; the
    ``created_username`` Label Studio adds ("e-mail, id") is left out."""
    for annotation in task.get("annotations") or []:
        annotation.pop("created_username", None)
        who = annotation.get("completed_by")
        if isinstance(who, Mapping) and who.get("email") in coders:
            annotation["completed_by"] = {**who, "email": coders[who["email"]]}
        elif isinstance(who, str) and who.strip() in coders:
            annotation["completed_by"] = coders[who.strip()]


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
            if (
                edit is not None
                and isinstance(value.get("start"), int)
                and isinstance(value.get("end"), int)
            ):
                value["start"] = edit.position(value["start"], "start")
                value["end"] = edit.position(value["end"], "end")
                if "text" in value and not memo:
                    value["text"] = edit.text[value["start"] : value["end"]]
            if memo and value.get("text"):
                texts = value["text"]  # a list of lines, as Label Studio stores it, or one string
                value["text"] = (
                    rewrite(texts).text
                    if isinstance(texts, str)
                    else [rewrite(str(t)).text for t in texts]
                )


def anonymise_snapshot(
    snapshot,
    pseudonymise=False,
    redact_names: Sequence[str] = (),
    *,
    salt: str | None = None,
    seed: int | None = None,
) -> tuple[Snapshot, dict[str, str]]:
    """A copy of the snapshot with participants and coders pseudonymised and names redacted.

    Returns ``(snapshot, {participant id: pseudonym})`` (the map is empty without
    pseudonymisation). Span offsets, turns and span texts follow the rewritten text. With
    pseudonymisation, the seed of the letters (``seed``, or a fresh random one) is in the
    private snapshot's ``meta["pseudonym_seed"]``; :func:`pseudonyms` and
    :func:`coder_pseudonyms` with that seed give the same maps again. See the module notes for
    what changes.
    """
    snapshot = as_snapshot(snapshot)
    _, data_key = coding_control(snapshot)
    ids = [participant_of(task) for task in snapshot]
    mapping, coders = {}, {}
    if pseudonymise:
        seed = new_seed() if seed is None else int(seed)
        mapping = pseudonyms(ids, pseudonymise, salt, seed=seed)
        coders = coder_pseudonyms(
            _coders_of(snapshot), "hash" if pseudonymise == "hash" else "letters", salt, seed=seed
        )
    names = _names_to_redact(snapshot, redact_names)
    private = bool(mapping) or bool(names)
    finder = _Pseudonymiser(mapping, coders)
    rewrite = _rewriter(names, finder)
    tasks = []
    for task in snapshot:
        task = copy.deepcopy(task)
        data = task.setdefault("data", {})
        pid = participant_of(task)
        text = data.get(data_key)
        edit = rewrite(text) if isinstance(text, str) else None
        if edit is not None:
            data[data_key] = edit.text
            _rewrite_turns(data, edit, finder)
        if private:
            _make_private(task, pid, mapping)
        _pseudonymise_coders(task, coders)
        _rewrite_results(task, edit, rewrite)
        tasks.append(task)
    meta = {k: v for k, v in snapshot.meta.items() if k != "source"} if private else snapshot.meta
    if mapping:
        meta = {**meta, SEED_KEY: seed}
    return Snapshot(tasks, project=snapshot.project, meta=meta), mapping
