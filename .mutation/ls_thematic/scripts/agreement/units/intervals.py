"""Interval arithmetic on spans grouped by an integer key, vectorised with numpy.

A (group, offset) pair is sorted as the single integer ``group * big + offset``, where ``big``
is larger than any offset (:attr:`Export.big <ls_thematic.scripts.agreement.export.Export.big>`).
"""

from __future__ import annotations

import numpy as np


def merge_intervals(
    group: np.ndarray, start: np.ndarray, end: np.ndarray, big: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Union of the intervals of each group: disjoint intervals sorted by (group, start)."""
    if len(group) == 0:
        return group, start, end
    order = np.lexsort((start, group))
    group, start, end = group[order], start[order], end[order]
    key_start, key_end = group * big + start, group * big + end
    running_end = np.maximum.accumulate(key_end)
    new = np.ones(len(group), dtype=bool)
    new[1:] = key_start[1:] > running_end[:-1]
    first = np.flatnonzero(new)
    merged_end = np.maximum.reduceat(key_end, first)
    merged_group = group[first]
    return merged_group, start[first], merged_end - merged_group * big


def covered_length(
    group: np.ndarray,
    start: np.ndarray,
    end: np.ndarray,
    big: int,
    query_group: np.ndarray,
    query_start: np.ndarray,
    query_end: np.ndarray,
) -> np.ndarray:
    """Length of [query_start, query_end) covered by the disjoint intervals of query_group.

    ``group, start, end`` must come from :func:`merge_intervals`.
    """
    if len(group) == 0:
        return np.zeros(np.broadcast(query_group, query_start).shape, dtype=np.int64)
    key_start, key_end = group * big + start, group * big + end
    before = np.concatenate([[0], np.cumsum(key_end - key_start)])

    def covered_before(position: np.ndarray) -> np.ndarray:
        last = np.searchsorted(key_start, position, side="right") - 1
        safe = np.maximum(last, 0)
        partial = np.clip(position - key_start[safe], 0, key_end[safe] - key_start[safe])
        return np.where(last >= 0, before[safe] + partial, 0)

    offset = query_group * big
    return covered_before(offset + query_end) - covered_before(offset + query_start)


def expand_ranges(low: np.ndarray, high: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """All (row, j) with low[row] <= j < high[row]."""
    lengths = np.maximum(high - low, 0)
    row = np.repeat(np.arange(len(low)), lengths)
    first = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    j = low[row] + np.arange(lengths.sum()) - first[row]
    return row, j
