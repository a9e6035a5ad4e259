"""Label Studio tasks from transcript files, and which of them a project already has.

A task holds the transcript's text and turns (:mod:`.transcripts`), its participant's id,
attributes and header (:mod:`.participants`), the file name and a content hash: two imports of
the same transcript share the hash, so an import skips what the project already has.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import asdict
from pathlib import Path

from .errors import TranscriptError
from .fileio import check_encoding
from .participants import attributes_of, participant_header, read_participants
from .text import normalise_text
from .transcripts import SUPPORTED_EXTENSIONS, read_transcript
from .turns import (
    DEFAULT_INTERVIEWER_PATTERN,
    DEFAULT_SPEAKER_PATTERN,
    Transcript,
    interviewer_regex,
    speaker_regex,
)


def content_hash(text: str) -> str:
    """The SHA-256 of ``text`` (UTF-8), in hex: two imports of the same transcript share it."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _task(path: Path, transcript: Transcript, pid: str, attributes: dict[str, str]) -> dict:
    return {
        "data": {
            "text": transcript.text,
            "participant": pid,
            "attributes": attributes,
            "participant_header": participant_header(pid, attributes),
            "turns": [asdict(turn) for turn in transcript.turns],
            "source_file": path.name,
            "content_hash": content_hash(transcript.text),
        }
    }


def build_task(
    path: str | os.PathLike,
    participants: Mapping[str, Mapping[str, str]],
    *,
    participant_id: str | None = None,
    speaker_pattern: str | re.Pattern[str] = DEFAULT_SPEAKER_PATTERN,
    interviewer_pattern: str | re.Pattern[str] = DEFAULT_INTERVIEWER_PATTERN,
    encoding: str | None = None,
) -> dict:
    """Build one Label Studio task from a transcript file.

    Parameters
    ----------
    path : path-like
        A ``.txt``, ``.docx``, ``.vtt`` or ``.srt`` transcript.
    participants : mapping
        ``{participant id: {attribute: value}}``, as :func:`read_participants` returns.
    participant_id : str, optional
        Defaults to the file name without its extension (``P3.txt`` -> ``"P3"``).
    speaker_pattern, interviewer_pattern, encoding
        As for :func:`read_transcript`.

    Returns
    -------
    dict
        ``{"data": {"text", "participant", "attributes", "participant_header", "turns",
        "source_file", "content_hash"}}``; ``turns`` is a list of
        ``{"start", "end", "speaker", "role"}`` dicts with offsets into ``text``.
    """
    path = Path(path)
    pid = participant_id if participant_id is not None else path.stem
    transcript = read_transcript(
        path,
        speaker_pattern=speaker_pattern,
        interviewer_pattern=interviewer_pattern,
        encoding=encoding,
    )
    attributes = attributes_of(participants, pid, path, from_stem=participant_id is None)
    return _task(path, transcript, pid, attributes)


def build_tasks(
    paths: Iterable[str | os.PathLike],
    participants_csv: str | os.PathLike,
    *,
    speaker_pattern: str | re.Pattern[str] = DEFAULT_SPEAKER_PATTERN,
    interviewer_pattern: str | re.Pattern[str] = DEFAULT_INTERVIEWER_PATTERN,
    encoding: str | None = None,
) -> list[dict]:
    """Build tasks for a batch of transcripts, or fail with every problem at once.

    Each file's participant id is its name without the extension. Every file is checked before
    anything is returned: if any file is unreadable or invalid, its participant is missing from
    ``participants_csv``, two files have the same participant, two files have the same text, or
    the participants file itself is invalid, one :class:`TranscriptError` lists all the
    problems and no task is returned.
    """
    paths = [Path(p) for p in paths]
    if not paths:
        raise TranscriptError(
            f"No transcript files were given; pass {', '.join(SUPPORTED_EXTENSIONS)} files."
        )
    speaker_re = speaker_regex(speaker_pattern)
    interviewer_re = interviewer_regex(interviewer_pattern)
    check_encoding(encoding)

    problems: list[str] = []
    participants: dict[str, dict[str, str]] | None
    try:
        participants = read_participants(participants_csv, encoding=encoding)
    except TranscriptError as exc:
        problems.append(str(exc))
        participants = None
    tasks = _batch(paths, participants, problems, speaker_re, interviewer_re, encoding)
    if problems:
        count = f"{len(problems)} problem" + ("s" if len(problems) > 1 else "")
        raise TranscriptError(
            f"Nothing was imported; fix these {count} and import again:\n"
            + "\n".join(f"  - {problem}" for problem in problems)
        )
    return tasks


def _batch(
    paths: list[Path],
    participants: Mapping[str, Mapping[str, str]] | None,
    problems: list[str],
    speaker_re: re.Pattern,
    interviewer_re: re.Pattern,
    encoding: str | None,
) -> list[dict]:
    """The tasks of the files that pass every check; the problems are added to ``problems``."""
    tasks: list[dict] = []
    file_of_participant: dict[str, Path] = {}
    file_of_hash: dict[str, Path] = {}
    for path in paths:
        pid = path.stem
        ok = True
        if pid in file_of_participant:
            problems.append(
                f"{path}: participant {pid!r} is also the participant of "
                f"{file_of_participant[pid]}; import one transcript per participant."
            )
            ok = False
        file_of_participant.setdefault(pid, path)
        attributes: dict[str, str] = {}
        if participants is not None:
            try:
                attributes = attributes_of(participants, pid, path, from_stem=True)
            except TranscriptError as exc:
                problems.append(str(exc))
                ok = False
        try:
            transcript = read_transcript(
                path,
                speaker_pattern=speaker_re,
                interviewer_pattern=interviewer_re,
                encoding=encoding,
            )
        except TranscriptError as exc:
            problems.append(str(exc))
            continue
        digest = content_hash(transcript.text)
        if digest in file_of_hash:
            problems.append(f"{path} has the same text as {file_of_hash[digest]}.")
            continue
        file_of_hash[digest] = path
        if ok:
            tasks.append(_task(path, transcript, pid, attributes))
    return tasks


def task_hash(task: Mapping) -> str:
    """A task's ``data.content_hash``, or the hash of its ``data.text`` for older tasks."""
    data = task.get("data", task)
    stored = data.get("content_hash")
    return stored if stored else content_hash(normalise_text(data.get("text", "")))


def content_hashes(tasks: Iterable[Mapping]) -> set[str]:
    """The content hashes of tasks already in a project (as exported or listed by the API)."""
    return {task_hash(task) for task in tasks}


def new_tasks(tasks: Iterable[dict], existing_hashes: set[str]) -> tuple[list[dict], list[dict]]:
    """Split ``tasks`` into ``(to_import, skipped)``: a task is skipped if its content hash is in
    ``existing_hashes`` or an earlier task of ``tasks`` has it. Order is kept."""
    seen = set(existing_hashes)
    to_import: list[dict] = []
    skipped: list[dict] = []
    for task in tasks:
        digest = task_hash(task)
        (skipped if digest in seen else to_import).append(task)
        seen.add(digest)
    return to_import, skipped
