"""Units made of the spans themselves: segments matched by overlap, and characters."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from ..errors import AgreementError
from ..export import Export, read_export
from .base import OVERLAP_MEASURES, UNCODED, Units, build_items, check_fraction, make_units
from .intervals import covered_length, expand_ranges, merge_intervals


def overlap_from(export: Export, threshold: float, overlap: str) -> Units:
    if overlap not in OVERLAP_MEASURES:
        raise AgreementError(
            f"Unknown overlap measure {overlap!r}; use 'iou' (intersection over union) or "
            "'shorter' (intersection over the shorter span)."
        )
    n_coders, n_codes, big = len(export.coders), len(export.codes), export.big
    group = (export.task * n_coders + export.coder) * n_codes + export.code
    merged_group, start, end = merge_intervals(group, export.start, export.end, big)
    task = merged_group // (n_coders * n_codes)
    coder = (merged_group // n_codes) % n_coders
    code = merged_group % n_codes
    task_code = task * n_codes + code
    order = np.lexsort((end, start, task_code))
    task, coder, code, task_code, start, end = (
        a[order] for a in (task, coder, code, task_code, start, end)
    )
    key_start, key_end = task_code * big + start, task_code * big + end
    high = np.searchsorted(key_start, key_end, side="left")
    first, second = expand_ranges(np.arange(len(start)) + 1, high)
    other = coder[first] != coder[second]
    first, second = first[other], second[other]
    intersection = np.minimum(end[first], end[second]) - start[second]
    length_first, length_second = end[first] - start[first], end[second] - start[second]
    if overlap == "iou":
        score = intersection / (length_first + length_second - intersection)
    else:
        score = intersection / np.minimum(length_first, length_second)
    linked = score >= threshold
    n_spans = len(start)
    graph = coo_matrix(
        (np.ones(linked.sum()), (first[linked], second[linked])), shape=(n_spans, n_spans)
    )
    _, component = (
        connected_components(graph, directed=False) if n_spans else (0, np.array([], int))
    )
    n_components = int(component.max()) + 1 if n_spans else 0
    applied = np.zeros((n_components, n_coders), dtype=bool)
    applied[component, coder] = True
    unit_task = np.zeros(n_components, dtype=np.int64)
    unit_code = np.zeros(n_components, dtype=np.int64)
    unit_task[component] = task
    unit_code[component] = code
    unit_start = np.full(n_components, np.iinfo(np.int64).max)
    unit_end = np.zeros(n_components, dtype=np.int64)
    np.minimum.at(unit_start, component, start)
    np.maximum.at(unit_end, component, end)
    items = build_items(
        export,
        unit_task,
        unit_start,
        unit_end,
        unit_code,
        applied,
        np.arange(n_components),
        np.ones(n_components),
        np.zeros((len(export.texts), n_codes)),
    )
    measure = (
        "intersection over union" if overlap == "iou" else "intersection over the shorter span"
    )
    unit = (
        "segment: spans of one code by different coders whose overlap "
        f"({measure}) is at least {threshold:g} form one segment (linked transitively; a "
        "coder's overlapping spans of one code are merged first); a segment only one coder "
        "coded counts as 'coded by one, not the other'. There are no segments that nobody "
        f"coded, so chance-corrected coefficients are not reported for this unit. {UNCODED}"
    )
    return make_units(export, "overlap", unit, items, float(n_components))


def overlap_units(
    tasks: Sequence[Mapping],
    coders: Sequence | None = None,
    *,
    threshold: float = 0.5,
    overlap: str = "iou",
    codes: Sequence[str] | None = None,
    from_name: str | None = None,
    text_key: str = "text",
) -> Units:
    """Segments matched across coders by code and overlap (MAXQDA-style segment agreement).

    Spans of the same code by two different coders match when their overlap is at least
    ``threshold``: ``overlap="iou"`` measures intersection / union, ``"shorter"``
    intersection / length of the shorter span (MAXQDA's "minimum overlap"). Matched spans are
    one segment (transitively, so a span can bridge two of another coder's); a span nobody
    matched is a segment coded by one coder and not the others.

    Parameters
    ----------
    tasks, coders, codes, from_name, text_key
        As in :func:`turn_units`.
    threshold : float
        Minimum overlap, in (0, 1].
    overlap : {"iou", "shorter"}
        How overlap is measured.

    Returns
    -------
    Units
        One row per segment; see :class:`Units`.
    """
    threshold = check_fraction(threshold, "threshold", allow_zero=False)
    export = read_export(tasks, coders, codes, from_name, text_key)
    return overlap_from(export, threshold, overlap)


def characters_from(export: Export) -> Units:
    n_coders, n_codes, big = len(export.coders), len(export.codes), export.big
    group = (export.task * n_coders + export.coder) * n_codes + export.code
    merged_group, start, end = merge_intervals(group, export.start, export.end, big)
    task = merged_group // (n_coders * n_codes)
    code = merged_group % n_codes
    task_code = task * n_codes + code
    lengths = np.array([len(t) for t in export.texts], dtype=np.int64)
    active = np.unique(task_code)
    active_length = lengths[active // n_codes]
    boundary = np.unique(
        np.concatenate(
            [
                task_code * big + start,
                task_code * big + end,
                active * big,
                active * big + active_length,
            ]
        )
    )
    same = boundary[1:] // big == boundary[:-1] // big
    run_task_code = boundary[:-1][same] // big
    run_start = boundary[:-1][same] - run_task_code * big
    run_end = boundary[1:][same] - run_task_code * big
    run_task, run_code = run_task_code // n_codes, run_task_code % n_codes
    coder_index = np.arange(n_coders)
    query_group = (run_task[:, None] * n_coders + coder_index[None, :]) * n_codes + run_code[
        :, None
    ]
    covered = covered_length(
        merged_group, start, end, big, query_group, run_start[:, None], run_end[:, None]
    )
    applied = covered > 0
    any_applied = applied.any(axis=1)
    run_length = (run_end - run_start).astype(float)
    zero_weight = np.repeat(lengths[:, None], n_codes, axis=1).astype(float)
    np.subtract.at(
        zero_weight, (run_task[any_applied], run_code[any_applied]), run_length[any_applied]
    )
    n_runs = int(any_applied.sum())
    items = build_items(
        export,
        run_task[any_applied],
        run_start[any_applied],
        run_end[any_applied],
        run_code[any_applied],
        applied[any_applied],
        np.arange(n_runs),
        run_length[any_applied],
        zero_weight,
    )
    unit = (
        "character: each character of the text and each code is one binary unit (NVivo's "
        "coding comparison); rows are runs of characters coded alike, weighted by their length. "
        f"{UNCODED}"
    )
    return make_units(export, "characters", unit, items, float(lengths.sum() * n_codes))


def character_units(
    tasks: Sequence[Mapping],
    coders: Sequence | None = None,
    *,
    codes: Sequence[str] | None = None,
    from_name: str | None = None,
    text_key: str = "text",
) -> Units:
    """Character-level code assignments per code and document (as NVivo compares coding).

    Every character x code is a binary unit: applied when one of the coder's spans of the code
    covers the character. Runs of characters that all coders coded alike are one row weighted
    by their length, so the table stays small.

    Parameters
    ----------
    tasks, coders, codes, from_name, text_key
        As in :func:`turn_units`.

    Returns
    -------
    Units
        One row per run of characters and code; see :class:`Units`.
    """
    return characters_from(read_export(tasks, coders, codes, from_name, text_key))
