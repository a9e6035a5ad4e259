"""The design matrix of :class:`~ls_thematic.backend.suggester.CodeSuggester`: a segment's text
embedding and, when the segment comes with its context, what was said before it and who said it.

A row of the design matrix is, in this order:

* the text's embedding (``dim`` columns; what the cold-start gate, ``support`` and ``explain``
  compare);
* when the suggester was fitted on items with context (see
  :func:`~ls_thematic.backend.suggester_inputs.check_items`):

  - the mean embedding of the units before the segment (``dim`` columns; zeros when there are
    none), times ``PREVIOUS_SCALE``: in a conversation the question or the remark a sentence
    answers is often the best cue to its code;
  - the speaker, one-hot (:func:`frequent_speakers`): a column per speaker who said a share of
    the coded segments (roles such as "interviewer" and "participant", or a teacher), one
    "other" column for every other speaker, and no column for an unknown speaker (``None``);

* a constant 1 (the intercept).

Nothing depends on a data set: the speakers are read from the fitted segments, and a speaker
first seen after ``fit`` counts as "other".
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import numpy as np

PREVIOUS_SCALE = 0.5
"""Scale of the previous units' mean embedding relative to the text's (unit norm): with the
shared ridge penalty, their weights are penalised 4 times as much as the text's, so the text
leads and the context corrects (TalkMoves, 400-1,600 segments: 0.25-0.5 beat 1.0 by 0.01-0.02
macro-F1)."""
SPEAKER_MIN_SHARE = 0.01
"""A speaker gets a column of its own when it said at least this share of the coded segments
(counted with their weights) ..."""
SPEAKER_MIN_COUNT = 5.0
"""... and at least this many of them."""
SPEAKER_MAX_COLUMNS = 32
"""At most this many speakers get a column of their own (the most frequent)."""
ROW_BLOCK = 2048
"""Design rows made at a time (memory: the temporary arrays of a fit on thousands of segments
stay the size of a block, ``docs/benchmarks.md``, memory)."""


def frequent_speakers(speakers: Sequence[str | None], weights: np.ndarray) -> tuple[str, ...]:
    """The speakers that get a column of their own, most frequent first (ties by name)."""
    counts: Counter[str] = Counter()
    for speaker, weight in zip(speakers, weights.tolist(), strict=True):
        if speaker is not None and weight > 0:
            counts[speaker] += weight
    total = float(np.sum(weights))
    floor = max(SPEAKER_MIN_COUNT, SPEAKER_MIN_SHARE * total) - 1e-9
    kept = sorted((name for name, n in counts.items() if n >= floor), key=lambda s: (-counts[s], s))
    return tuple(kept[:SPEAKER_MAX_COLUMNS])


def context_width(dim: int, speakers: tuple[str, ...]) -> int:
    """Columns of the context block: the previous units' embedding, the speakers, "other"."""
    return dim + len(speakers) + 1


def design_rows(
    embedded: np.ndarray,
    context: tuple[tuple[str, ...], Sequence[str | None], Sequence[tuple[str, ...]]] | None,
    embed,
) -> np.ndarray:
    """Design rows, float32, shape ``(n, dim [+ context_width] + 1)``.

    Parameters
    ----------
    embedded : ndarray, shape (n, dim)
        The texts' embeddings.
    context : (speakers_, speakers, previous) or None
        ``None`` for a suggester fitted without context (text and intercept only). Otherwise
        the fitted speaker columns, each row's speaker (``None`` if unknown), and each row's
        previous units (``()`` for none, as prototypes have).
    embed : callable
        ``embed(list_of_str) -> ndarray (m, dim)``: the embedding cache's lookup.
    """
    n, dim = embedded.shape
    if context is None:
        out = np.ones((n, dim + 1), dtype=np.float32)
        out[:, :-1] = embedded
        return out
    columns, speakers, previous = context
    out = np.zeros((n, dim + context_width(dim, columns) + 1), dtype=np.float32)
    out[:, :dim] = embedded
    # In blocks of rows: the previous units' vectors of all rows at once were a transient
    # several times the size of the block (two units per row), on top of ``out``.
    for start in range(0, n, ROW_BLOCK):
        stop = start + ROW_BLOCK
        out[start:stop, dim : 2 * dim] = PREVIOUS_SCALE * previous_mean(
            previous[start:stop], dim, embed
        )
    position = {name: k for k, name in enumerate(columns)}
    for i, speaker in enumerate(speakers):
        if speaker is not None:
            out[i, 2 * dim + position.get(speaker, len(columns))] = 1.0
    out[:, -1] = 1.0
    return out


def previous_mean(previous: Sequence[tuple[str, ...]], dim: int, embed) -> np.ndarray:
    """Mean embedding of each row's previous units, shape ``(n, dim)``; zeros for none."""
    out = np.zeros((len(previous), dim), dtype=np.float32)
    lengths = np.fromiter(map(len, previous), np.intp, len(previous))
    if not lengths.any():
        return out
    flat = [unit for units in previous for unit in units]
    vectors = np.asarray(embed(flat), dtype=np.float32)
    rows = np.flatnonzero(lengths)
    starts = np.concatenate([[0], np.cumsum(lengths)])[rows]
    out[rows] = np.add.reduceat(vectors, starts, axis=0) / lengths[rows, None]
    return out
