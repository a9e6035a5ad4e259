"""Fixed units: imported turns, sentences, and the passages one coder bracketed.

A coder applied a code to a unit when that coder's spans of the code (their union) cover at
least ``min_overlap`` of the unit's characters; every (unit, code) pair is one binary item.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from numbers import Integral
from typing import Any

import numpy as np
import pandas as pd

from ls_thematic.label_config.text import split_sentences as transcript_sentences

from ..errors import AgreementError
from ..export import Export, read_export
from .base import UNCODED, Units, build_items, check_min_overlap, make_units, overlap_rule
from .intervals import expand_ranges, merge_intervals


def _fixed_units(
    export: Export,
    unit_task: np.ndarray,
    unit_start: np.ndarray,
    unit_end: np.ndarray,
    min_overlap: float,
) -> tuple[pd.DataFrame, float]:
    """Items for fixed units (turns, sentences, bracketed passages); see :func:`turn_units`."""
    n_coders, n_codes, big = len(export.coders), len(export.codes), export.big
    order = np.lexsort((unit_end, unit_start, unit_task))
    unit_task, unit_start, unit_end = unit_task[order], unit_start[order], unit_end[order]
    keep = unit_end > unit_start
    unit_task, unit_start, unit_end = unit_task[keep], unit_start[keep], unit_end[keep]
    key = unit_task * big + unit_start
    distinct = np.ones(len(key), dtype=bool)
    distinct[1:] = (np.diff(key) != 0) | (np.diff(unit_end) != 0)
    unit_task, unit_start, unit_end = unit_task[distinct], unit_start[distinct], unit_end[distinct]
    n_units = len(unit_task)
    unit_key_start, unit_key_end = unit_task * big + unit_start, unit_task * big + unit_end

    group = (export.task * n_coders + export.coder) * n_codes + export.code
    merged_group, merged_start, merged_end = merge_intervals(group, export.start, export.end, big)
    merged_task = merged_group // (n_coders * n_codes)
    span_key_start = merged_task * big + merged_start
    span_key_end = merged_task * big + merged_end
    high = np.searchsorted(unit_key_start, span_key_end, side="left")
    disjoint = n_units < 2 or bool((unit_key_start[1:] >= unit_key_end[:-1]).all())
    if disjoint:
        low = np.searchsorted(unit_key_end, span_key_start, side="right")
    else:
        longest = int((unit_end - unit_start).max()) if n_units else 0
        low = np.searchsorted(unit_key_start, span_key_start - longest, side="right")
    span, unit = expand_ranges(low, high)
    overlap = np.minimum(span_key_end[span], unit_key_end[unit]) - np.maximum(
        span_key_start[span], unit_key_start[unit]
    )
    positive = overlap > 0
    span, unit, overlap = span[positive], unit[positive], overlap[positive]
    coder_code = merged_group[span] % (n_coders * n_codes)
    triple = unit * (n_coders * n_codes) + coder_code
    triple_key, inverse = np.unique(triple, return_inverse=True)
    coverage = np.bincount(inverse, weights=overlap)
    triple_unit = triple_key // (n_coders * n_codes)
    length = (unit_end - unit_start)[triple_unit]
    hit = coverage >= min_overlap * length
    triple_key, triple_unit = triple_key[hit], triple_unit[hit]
    triple_coder = (triple_key // n_codes) % n_coders
    triple_code = triple_key % n_codes
    pair = triple_unit * n_codes + triple_code
    pair_key, pair_inverse = np.unique(pair, return_inverse=True)
    applied = np.zeros((len(pair_key), n_coders), dtype=bool)
    applied[pair_inverse, triple_coder] = True
    item_unit = pair_key // n_codes
    item_code = pair_key % n_codes
    units_per_task = np.bincount(unit_task, minlength=len(export.texts))
    zero_weight = np.repeat(units_per_task[:, None], n_codes, axis=1).astype(float)
    np.subtract.at(zero_weight, (unit_task[item_unit], item_code), 1.0)
    items = build_items(
        export,
        unit_task[item_unit],
        unit_start[item_unit],
        unit_end[item_unit],
        item_code,
        applied,
        item_unit,
        np.ones(len(item_unit)),
        zero_weight,
    )
    return items, float(n_units)


def _turn_arrays(export: Export) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    tasks, starts, ends = [], [], []
    for position, (task_id, turns, text) in enumerate(
        zip(export.task_ids, export.turns, export.texts, strict=True)
    ):
        if not isinstance(turns, list) or not turns:
            raise AgreementError(
                f"Task {task_id} has no turns in data['turns']; unit='turns' needs the turns "
                "imported with each transcript. Use unit='sentences' or 'bracketed' instead."
            )
        for turn in turns:
            start = turn.get("start") if isinstance(turn, Mapping) else None
            end = turn.get("end") if isinstance(turn, Mapping) else None
            if (
                not isinstance(start, Integral)
                or not isinstance(end, Integral)
                or not (0 <= start <= end <= len(text))
            ):
                raise AgreementError(
                    f"Task {task_id} has a turn {turn!r} whose start and end are not offsets "
                    f"within its text of {len(text)} characters."
                )
            tasks.append(position)
            starts.append(start)
            ends.append(end)
    return (
        np.asarray(tasks, dtype=np.int64),
        np.asarray(starts, dtype=np.int64),
        np.asarray(ends, dtype=np.int64),
    )


def turns_from(export: Export, min_overlap: float) -> Units:
    items, n_units = _fixed_units(export, *_turn_arrays(export), min_overlap)
    unit = (
        "turn: each turn imported with the transcript (data['turns']), all speakers; "
        f"{overlap_rule(min_overlap)}; each (turn, code) pair is one item. {UNCODED}"
    )
    return make_units(export, "turns", unit, items, n_units)


def turn_units(
    tasks: Sequence[Mapping],
    coders: Sequence | None = None,
    *,
    min_overlap: float = 0.5,
    codes: Sequence[str] | None = None,
    from_name: str | None = None,
    text_key: str = "text",
) -> Units:
    """Code assignments per imported turn (``data['turns']``: list of {start, end, speaker}).

    A coder applied a code to a turn when that coder's spans of the code (their union) cover at
    least ``min_overlap`` of the turn's characters (any overlap when ``min_overlap`` is 0).
    Every turn is a unit, whoever speaks.

    Parameters
    ----------
    tasks : list of dict
        A Label Studio JSON export (list of tasks with ``data`` and ``annotations``).
    coders : sequence, optional
        Coders to compare (``coder_of`` keys); by default everyone who annotated. When given,
        every pair must share a task.
    min_overlap : float
        Fraction of a unit that a code must cover, in [0, 1].
    codes : sequence of str, optional
        The codebook; a label not in it raises. By default the labels that occur.
    from_name : str, optional
        Only spans of this labels control; by default every ``labels`` result.
    text_key : str
        The ``data`` field holding the text.

    Returns
    -------
    Units
        One row per (turn, code) item; see :class:`Units`.
    """
    min_overlap = check_min_overlap(min_overlap)
    return turns_from(read_export(tasks, coders, codes, from_name, text_key), min_overlap)


_LINE_BREAK = re.compile(r"\n")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Split a text into sentences, as the import and the backend do, and at every line break.

    Each line is split by :func:`ls_thematic.label_config.text.split_sentences`: a
    sentence ends after ``.``, ``!``, ``?`` or an ellipsis (with closing quotes or brackets)
    followed by white space and a capital letter or an opening quote, except after a known
    abbreviation ("Dr.", "e.g.", "p.m.") or an initial. Leading and trailing white space is not
    part of a sentence. Pass your own splitter to :func:`sentence_units` if that matters.

    Parameters
    ----------
    text : str
        The text.

    Returns
    -------
    list of (int, int)
        ``(start, end)`` character offsets of each sentence, in order.
    """
    if not isinstance(text, str):
        raise AgreementError(f"split_sentences needs a string; found {type(text).__name__}.")
    cuts = [m.end() for m in _LINE_BREAK.finditer(text)]
    sentences = []
    for start, end in zip([0, *cuts], [*cuts, len(text)], strict=True):
        sentences.extend(transcript_sentences(text, start, end))
    return sentences


@functools.lru_cache(maxsize=4)
def _split_all(texts: tuple[str, ...]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(task position, start, end) of every sentence of ``texts``, by :func:`split_sentences`.

    Cached: the per-level report builds the units of the same texts once per level.
    """
    tasks, starts, ends = [], [], []
    for position, text in enumerate(texts):
        bounds = split_sentences(text)
        tasks += [position] * len(bounds)
        starts += [b[0] for b in bounds]
        ends += [b[1] for b in bounds]
    arrays = tuple(np.asarray(a, dtype=np.int64) for a in (tasks, starts, ends))
    for array in arrays:
        array.flags.writeable = False
    return arrays


def sentences_from(
    export: Export, min_overlap: float, split: Callable[[str], Iterable[tuple[int, int]]] | None
) -> Units:
    if split is None:
        items, n_units = _fixed_units(export, *_split_all(tuple(export.texts)), min_overlap)
        unit = (
            "sentence: each sentence of the text, found by split_sentences (punctuation and line "
            f"breaks); {overlap_rule(min_overlap)}; each (sentence, code) pair is one item. "
            f"{UNCODED}"
        )
        return make_units(export, "sentences", unit, items, n_units)
    splitter = split
    tasks, starts, ends = [], [], []
    for position, (task_id, text) in enumerate(zip(export.task_ids, export.texts, strict=True)):
        for bounds in splitter(text):
            start, end = bounds
            if not (isinstance(start, Integral) and isinstance(end, Integral)) or not (
                0 <= start <= end <= len(text)
            ):
                raise AgreementError(
                    f"The sentence splitter returned {bounds!r} for task {task_id}; it must "
                    f"return (start, end) offsets within the text of {len(text)} characters."
                )
            tasks.append(position)
            starts.append(start)
            ends.append(end)
    items, n_units = _fixed_units(
        export,
        np.asarray(tasks, dtype=np.int64),
        np.asarray(starts, dtype=np.int64),
        np.asarray(ends, dtype=np.int64),
        min_overlap,
    )
    how = "split_sentences (punctuation and line breaks)" if split is None else "the given splitter"
    unit = (
        f"sentence: each sentence of the text, found by {how}; {overlap_rule(min_overlap)}; "
        f"each (sentence, code) pair is one item. {UNCODED}"
    )
    return make_units(export, "sentences", unit, items, n_units)


def sentence_units(
    tasks: Sequence[Mapping],
    coders: Sequence | None = None,
    *,
    min_overlap: float = 0.5,
    split: Callable[[str], Iterable[tuple[int, int]]] | None = None,
    codes: Sequence[str] | None = None,
    from_name: str | None = None,
    text_key: str = "text",
) -> Units:
    """Code assignments per sentence.

    Parameters
    ----------
    tasks, coders, min_overlap, codes, from_name, text_key
        As in :func:`turn_units`.
    split : callable, optional
        ``split(text) -> [(start, end), ...]``; defaults to :func:`split_sentences`.

    Returns
    -------
    Units
        One row per (sentence, code) item; see :class:`Units`.
    """
    min_overlap = check_min_overlap(min_overlap)
    export = read_export(tasks, coders, codes, from_name, text_key)
    return sentences_from(export, min_overlap, split)


def bracketed_from(export: Export, bracketing_coder: Any, min_overlap: float) -> Units:
    if bracketing_coder is None:
        raise AgreementError(
            "unit='bracketed' needs bracketing_coder, the coder whose spans fix the units; the "
            f"coders are: {', '.join(str(c) for c in export.coders)}."
        )
    if bracketing_coder not in export.coders:
        raise AgreementError(
            f"Unknown bracketing coder {bracketing_coder!r}; the coders are: "
            f"{', '.join(str(c) for c in export.coders)}."
        )
    position = export.coders.index(bracketing_coder)
    mine = export.coder == position
    if not mine.any():
        raise AgreementError(
            f"The bracketing coder {bracketing_coder} coded no spans in the tasks that two or "
            "more coders annotated, so there are no units."
        )
    bracketed_tasks = export.coded[:, position]
    coded = export.coded & bracketed_tasks[:, None]
    shared = coded.sum(axis=1) >= 2
    restricted = Export(
        export.task_ids,
        export.texts,
        export.participants,
        export.turns,
        export.coders,
        export.codes,
        np.where(shared[:, None], coded, False),
        export.task,
        export.coder,
        export.code,
        export.start,
        export.end,
    )
    task = export.task[mine]
    keep = shared[task]
    items, n_units = _fixed_units(
        restricted, task[keep], export.start[mine][keep], export.end[mine][keep], min_overlap
    )
    items = items[shared[items["task"].to_numpy()]].reset_index(drop=True)
    unit = (
        f"bracketed passage: each distinct span (start, end) of the bracketing coder "
        f"{bracketing_coder}, any code (Campbell et al. 2013); {overlap_rule(min_overlap)}; "
        f"each (passage, code) pair is one item. {UNCODED}"
    )
    return make_units(restricted, "bracketed", unit, items, n_units)


def bracketed_units(
    tasks: Sequence[Mapping],
    bracketing_coder: Any,
    coders: Sequence | None = None,
    *,
    min_overlap: float = 0.5,
    codes: Sequence[str] | None = None,
    from_name: str | None = None,
    text_key: str = "text",
) -> Units:
    """Code assignments per passage bracketed by one coder (Campbell et al. 2013).

    The units are the distinct spans (start, end) of ``bracketing_coder``, whatever their code,
    in the tasks that coder annotated. Every coder, the bracketing coder included, applied a
    code to a passage when their spans of the code cover at least ``min_overlap`` of it.

    Parameters
    ----------
    tasks, coders, min_overlap, codes, from_name, text_key
        As in :func:`turn_units`.
    bracketing_coder : int or str
        The coder (``coder_of`` key) whose spans fix the units.

    Returns
    -------
    Units
        One row per (passage, code) item; see :class:`Units`.
    """
    min_overlap = check_min_overlap(min_overlap)
    export = read_export(tasks, coders, codes, from_name, text_key)
    return bracketed_from(export, bracketing_coder, min_overlap)
