"""Reading Label Studio JSON exports for agreement: who coded which span of which task.

:func:`coder_of` names the coder of an annotation; :func:`read_export` keeps the latest
non-cancelled annotation of each coder per task, their coded spans, and the tasks that two or
more of the selected coders annotated, as the arrays of an :class:`Export`. Coders, annotations
and spans are read by :mod:`ls_thematic.label_config.lsexport`, as every other command reads
them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import Any

import numpy as np

from ls_thematic.label_config import lsexport

from .errors import AgreementError

__all__ = ["coder_of"]


def coder_of(annotation: Mapping) -> int | str:
    """Who made an annotation: ``completed_by`` when it is an id, its ``email`` when a dict.

    Parameters
    ----------
    annotation : mapping
        One element of a task's ``annotations`` in a Label Studio JSON export.

    Returns
    -------
    int or str
        The user id, or the e-mail address when the export expanded the user (a dict with an
        ``email``; its ``id`` when the e-mail is empty).

    Raises
    ------
    AgreementError
        If the annotation names no coder.
    """
    coder = lsexport.coder_of(annotation)
    if not coder.known:
        raise AgreementError(
            f"Annotation {annotation.get('id', '?')} has no coder in 'completed_by' "
            f"(found {annotation.get('completed_by')!r}); agreement needs to know who coded what."
        )
    return coder.label


@dataclass(frozen=True, eq=False)
class Export:
    """Spans of the selected coders in the tasks that two or more of them annotated."""

    task_ids: list
    texts: list[str]
    participants: list
    turns: list
    coders: tuple
    codes: tuple
    coded: np.ndarray  # bool, (n_tasks, n_coders): the coder annotated the task
    task: np.ndarray  # int, (n_spans,) task position
    coder: np.ndarray  # int, (n_spans,) coder position
    code: np.ndarray  # int, (n_spans,) code position
    start: np.ndarray  # int, (n_spans,)
    end: np.ndarray  # int, (n_spans,)

    @property
    def big(self) -> int:
        """A stride larger than any offset, to sort (group, offset) pairs as one integer."""
        return max((len(text) for text in self.texts), default=0) + 1

    def recoded(self, mapping: Mapping[str, str]) -> Export:
        """The same spans with every code replaced by ``mapping[code]``."""
        new_codes = tuple(dict.fromkeys(mapping[c] for c in self.codes))
        position = {c: i for i, c in enumerate(new_codes)}
        lookup = np.array([position[mapping[c]] for c in self.codes], dtype=np.int64)
        return Export(
            self.task_ids,
            self.texts,
            self.participants,
            self.turns,
            self.coders,
            new_codes,
            self.coded,
            self.task,
            self.coder,
            lookup[self.code] if len(self.code) else self.code,
            self.start,
            self.end,
        )


def _check_tasks(tasks: Any) -> Sequence:
    """The export as a non-empty list of tasks (one task object is a list of one)."""
    if isinstance(tasks, Mapping):
        tasks = [tasks]
    if not isinstance(tasks, Sequence) or isinstance(tasks, (str, bytes)):
        raise AgreementError(
            "tasks must be a Label Studio JSON export: a list of tasks; found "
            f"{type(tasks).__name__}."
        )
    if len(tasks) == 0:
        raise AgreementError("The export has no tasks.")
    return tasks


def _check_codes(codes: Sequence[str] | None) -> list[str] | None:
    """The codebook's codes without repeats, or None to take the labels that occur."""
    if codes is None:
        return None
    codebook = list(dict.fromkeys(str(c) for c in codes))
    if not codebook:
        raise AgreementError("codes must name at least one code.")
    return codebook


def _task_text(task: Any, position: int, text_key: str) -> tuple[Any, Mapping, str]:
    """``(task id, data, text)`` of one task of the export."""
    if not isinstance(task, Mapping):
        raise AgreementError(f"Task {position} is not a JSON object; found {type(task).__name__}.")
    task_id = task.get("id", position)
    data = task.get("data")
    text = data.get(text_key) if isinstance(data, Mapping) else None
    if not isinstance(text, str):
        raise AgreementError(
            f"Task {task_id} has no text in data[{text_key!r}]; agreement needs the text "
            "to place the spans (set text_key to the data field your labelling config uses)."
        )
    return task_id, data, text


def _latest_annotations(task: Mapping, all_coders: dict) -> dict:
    """``{coder: annotation}``: each coder's latest annotation of the task that counts
    (:func:`ls_thematic.label_config.lsexport.latest_by_coder`).

    Adds every coder met to ``all_coders`` (in order of appearance).
    """
    latest = {}
    for annotation in lsexport.latest_by_coder(task).values():
        key = coder_of(annotation)
        all_coders.setdefault(key, None)
        latest[key] = annotation
    return latest


def _task_spans(
    position: int,
    task: Mapping,
    latest: Mapping,
    from_name: str | None,
    text_key: str,
    codebook: list[str] | None,
    origin: str = "all",
) -> list[tuple]:
    """``(task position, coder, code, start, end)`` of the coded spans of one task, read by the
    one span rule (:func:`ls_thematic.label_config.lsexport.coded_spans`), those of ``origin``
    only (:func:`ls_thematic.label_config.lsexport.keep_origin`)."""
    spans = []
    for key, annotation in latest.items():
        for span in lsexport.coded_spans(task, annotation, from_name, text_key):
            if not lsexport.keep_origin(span, origin):
                continue
            for code in span.codes:
                if codebook is not None and code not in codebook:
                    raise AgreementError(
                        f"Unknown code {code!r} in task {lsexport.task_id_of(task, position)}; "
                        f"the codebook has: {', '.join(codebook)}."
                    )
                spans.append((position, key, code, span.start, span.end))
    return spans


def _select_coders(coders: Sequence | None, all_coders: Mapping) -> tuple:
    """The coders to compare: ``coders`` (checked against the export) or everyone."""
    if coders is None:
        selected = tuple(all_coders)
    else:
        selected = tuple(dict.fromkeys(coders))
        unknown = [c for c in selected if c not in all_coders]
        if unknown:
            raise AgreementError(
                f"Unknown coder {unknown[0]!r}; the export has: "
                f"{', '.join(str(c) for c in all_coders)}."
            )
        if len(selected) < 2:
            raise AgreementError(f"Agreement needs two or more coders; found {len(selected)}.")
    if len(selected) < 2:
        raise AgreementError(
            f"Agreement needs two or more coders; the export has {len(selected)} "
            f"({', '.join(str(c) for c in selected) or 'none'})."
        )
    return selected


def _shared_tasks(
    per_task: list[dict], selected: tuple, explicit: bool
) -> tuple[np.ndarray, np.ndarray]:
    """``(coded, shared)``: who annotated each task, and the tasks two or more annotated.

    ``coded`` is bool, shape (n_tasks, n_coders); ``shared`` bool, shape (n_tasks,). With
    ``explicit`` coders, every pair of them must share a task.
    """
    coded = np.array([[c in latest for c in selected] for latest in per_task], dtype=bool).reshape(
        len(per_task), len(selected)
    )
    shared = coded.sum(axis=1) >= 2
    if explicit:
        for first, second in combinations(range(len(selected)), 2):
            if not (coded[:, first] & coded[:, second]).any():
                raise AgreementError(
                    f"Coders {selected[first]} and {selected[second]} share no tasks; agreement "
                    "compares coders on the tasks they both annotated. Choose coders who "
                    "annotated the same tasks."
                )
    if not shared.any():
        raise AgreementError(
            f"No task was annotated by two or more of the coders "
            f"{', '.join(str(c) for c in selected)}; agreement needs double-coded tasks."
        )
    return coded, shared


def read_export(
    tasks: Any,
    coders: Sequence | None = None,
    codes: Sequence[str] | None = None,
    from_name: str | None = None,
    text_key: str = "text",
    origin: str = "all",
) -> Export:
    """Parse an export, keep the selected coders and the tasks that two or more annotated.

    ``origin`` keeps every coded span (``"all"``), each coder's own coding (``"manual"``: coded
    by hand or an edited suggestion) or the suggestions they accepted unchanged
    (``"accepted"``); a coder whose spans in a task are all left out still annotated it, and
    counts there as coding nothing.
    """
    tasks = _check_tasks(tasks)
    codebook = _check_codes(codes)
    if origin not in lsexport.ORIGIN_CHOICES:
        raise AgreementError(
            f"Unknown origin {origin!r}; use one of {', '.join(lsexport.ORIGIN_CHOICES)}."
        )
    all_coders: dict = {}
    per_task: list[dict] = []
    spans: list[tuple] = []  # (task position, coder key, code, start, end)
    task_ids, texts, participants, turns = [], [], [], []
    for position, task in enumerate(tasks):
        task_id, data, text = _task_text(task, position, text_key)
        latest = _latest_annotations(task, all_coders)
        task_ids.append(task_id)
        texts.append(text)
        participants.append(data.get("participant"))
        turns.append(data.get("turns"))
        per_task.append(latest)
        spans += _task_spans(position, task, latest, from_name, text_key, codebook, origin)
    selected = _select_coders(coders, all_coders)
    coder_position = {c: i for i, c in enumerate(selected)}
    coded, shared = _shared_tasks(per_task, selected, coders is not None)
    keep = np.flatnonzero(shared)
    new_position = np.full(len(per_task), -1)
    new_position[keep] = np.arange(len(keep))
    spans = [s for s in spans if s[1] in coder_position and shared[s[0]]]
    code_names = codebook if codebook is not None else sorted({s[2] for s in spans})
    if not code_names:
        raise AgreementError(
            "No coder applied any code (a 'labels' span) in the tasks that two or more coders "
            "annotated; pass the codebook as codes=... to compare coders who coded nothing."
        )
    code_position = {c: i for i, c in enumerate(code_names)}
    columns = list(zip(*spans, strict=True)) if spans else [(), (), (), (), ()]
    return Export(
        task_ids=[task_ids[i] for i in keep],
        texts=[texts[i] for i in keep],
        participants=[participants[i] for i in keep],
        turns=[turns[i] for i in keep],
        coders=selected,
        codes=tuple(code_names),
        coded=coded[keep],
        task=new_position[np.asarray(columns[0], dtype=np.int64)],
        coder=np.array([coder_position[c] for c in columns[1]], dtype=np.int64),
        code=np.array([code_position[c] for c in columns[2]], dtype=np.int64),
        start=np.asarray(columns[3], dtype=np.int64),
        end=np.asarray(columns[4], dtype=np.int64),
    )
