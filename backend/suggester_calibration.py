"""Decision thresholds and probability calibration of
:class:`~ls_thematic.backend.suggester.CodeSuggester`, from out-of-sample (leave-one-out) scores:
per-code F1-optimal thresholds and Platt scaling."""

from __future__ import annotations

import numpy as np

_PLATT_BINS = 64
_PLATT_ITERATIONS = 30
# The pooled calibration (for codes with few coded segments) is pulled towards
# p = sigmoid(6 s - 3), which maps a ridge score s of 0, 0.5 and 1 to about 0.05, 0.5 and 0.95,
# with the weight of a couple of segments: with little data the probabilities stay close to the
# scores instead of collapsing onto the base rate. Per-code calibrations have no such pull: it
# would flatten the probabilities of rare codes, whose scores are small (it cost 0.01-0.02 of
# top-3 hit on the pxtextmining benchmark).
PLATT_SLOPE, PLATT_BIAS, PLATT_PRIOR_STRENGTH = 6.0, -3.0, 2.0


def sigmoid(z: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * np.asarray(z, dtype=np.float64)))


def f1_thresholds(
    scores: np.ndarray, targets: np.ndarray, n_positives: np.ndarray, weights: np.ndarray
) -> np.ndarray:
    """Per column, the score threshold that maximises F1 of ``scores >= t`` against ``targets``.

    ``scores`` and ``targets`` have shape (n, columns); each row counts with its weight
    (``weights``, shape (n,)) in the true and false positives, and ``n_positives`` is each
    column's weighted count of positives. The threshold is halfway between the last score kept
    and the next lower one. Columns with no positive get ``nan``.
    """
    n, n_codes = scores.shape
    out = np.full(n_codes, np.nan)
    if n == 0:
        return out
    by_code = np.ascontiguousarray(scores.T)
    targets_by_code = np.ascontiguousarray(targets.T)
    rows_coded = np.count_nonzero(targets_by_code, axis=1)
    for j in np.flatnonzero(n_positives > 0):
        depth = _FIRST_DEPTH_PER_POSITIVE * int(rows_coded[j]) + _FIRST_DEPTH
        out[j] = _best_cut(by_code[j], targets_by_code[j], weights, float(n_positives[j]), depth)
    return out


# How deep into a code's ranking to look first: F1 = 2 hits / (kept + positives) <= 2 positives /
# (kept + positives), so a cut that keeps many rows can only win when the best cut in the top
# rows is poor; then _best_cut looks as deep as a better cut could lie, or sorts everything.
_FIRST_DEPTH_PER_POSITIVE, _FIRST_DEPTH = 8, 64


def _best_cut(
    scores: np.ndarray, targets: np.ndarray, weights: np.ndarray, positives: float, depth: int
) -> float:
    """The F1-optimal threshold of one column (see :func:`f1_thresholds`), found among its
    ``depth`` highest scores when no cut deeper down can beat it: O(n) instead of a sort."""
    n = len(scores)
    while True:
        if depth >= n - 1:
            order = np.argsort(-scores)
        else:  # the depth + 1 highest scores, highest first
            top = np.argpartition(-scores, depth)[: depth + 1]
            order = top[np.argsort(-scores[top])]
        ranked = scores[order]
        ranked_weights = weights[order]
        kept = np.cumsum(ranked_weights)
        f1 = 2.0 * np.cumsum(targets[order] * ranked_weights) / (kept + positives)
        f1[:-1][ranked[:-1] <= ranked[1:]] = -1.0  # cut only between distinct scores
        whole = len(order) == n
        if not whole:
            f1[-1] = -1.0  # the cut below the last row seen needs the score after it
        best = int(np.argmax(f1))
        # every deeper cut keeps at least kept[-1] and so has F1 <= the bound
        if whole or f1[best] >= 2.0 * positives / (kept[-1] + positives):
            break
        # a deeper cut wins only if it keeps less than `needed`: look about that deep
        needed = 2.0 * positives / max(float(f1[best]), 1e-12) - positives
        depth = int(max(2.0, 1.25 * needed / max(float(kept[-1]), 1e-12)) * depth)
        if depth > n // 4:
            depth = n
    if best < len(ranked) - 1:
        return 0.5 * (ranked[best] + ranked[best + 1])
    return float(ranked[best])


def fit_platt(
    scores: np.ndarray,
    targets: np.ndarray,
    prior_strength: float = 0.0,
    weights: np.ndarray | None = None,
    pooled: bool = False,
) -> tuple[np.ndarray, np.ndarray]:
    """Platt scaling per column: ``p = sigmoid(a s + b)``, with Platt's smoothed targets.

    ``scores`` and ``targets`` have shape (n, columns); ``weights`` (shape (n,), default 1
    each) is how much each row counts. With ``pooled``, one scaling for all columns together,
    as if they were stacked into one. Scores are binned (``_PLATT_BINS`` per column) so that
    the Newton iterations cost O(columns x bins), not O(rows x columns). Returns slopes and
    intercepts, shape (columns,), or (1,) when pooled.
    """
    if weights is None:
        weights = np.ones(len(scores))
    count, pos, centre = _bins(scores, targets, weights, pooled)
    n_cols = len(count)
    n_pos = pos.sum(axis=1, keepdims=True)
    n_neg = count.sum(axis=1, keepdims=True) - n_pos
    hi, lo = (n_pos + 1.0) / (n_pos + 2.0), 1.0 / (n_neg + 2.0)
    soft = pos * hi + (count - pos) * lo  # smoothed positives per bin

    def loss(a, b):
        z = a[:, None] * centre + b[:, None]
        data = (count * np.logaddexp(0.0, z) - soft * z).sum(axis=1)
        return data + 0.5 * prior_strength * ((a - PLATT_SLOPE) ** 2 + (b - PLATT_BIAS) ** 2)

    a = np.full(n_cols, PLATT_SLOPE)
    b = np.full(n_cols, PLATT_BIAS)
    ridge = prior_strength + 1e-9
    current = loss(a, b)
    for _ in range(_PLATT_ITERATIONS):
        p = sigmoid(a[:, None] * centre + b[:, None])
        resid = count * p - soft
        weight = count * p * (1.0 - p)
        ga = (resid * centre).sum(axis=1) + ridge * (a - PLATT_SLOPE)
        gb = resid.sum(axis=1) + ridge * (b - PLATT_BIAS)
        haa = (weight * centre * centre).sum(axis=1) + ridge
        hab = (weight * centre).sum(axis=1)
        hbb = weight.sum(axis=1) + ridge
        det = haa * hbb - hab * hab
        da = (hbb * ga - hab * gb) / det
        db = (haa * gb - hab * ga) / det
        step = np.ones(n_cols)
        for _ in range(8):  # backtracking: never let the loss go up
            trial = loss(a - step * da, b - step * db)
            worse = trial > current + 1e-12
            if not worse.any():
                break
            step[worse] *= 0.5
        trial = loss(a - step * da, b - step * db)
        better = trial <= current + 1e-12
        a = np.where(better, a - step * da, a)
        b = np.where(better, b - step * db, b)
        current = np.where(better, trial, current)
        if np.abs(step * da).max() < 1e-6 and np.abs(step * db).max() < 1e-6:
            break
    return np.maximum(a, 1e-3), b


def _bins(
    scores: np.ndarray, targets: np.ndarray, weights: np.ndarray, pooled: bool
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per column (one when ``pooled``) and bin: weighted count of rows, of positives, and
    the rows' weighted mean score; each of shape (columns, ``_PLATT_BINS``)."""
    n_cols = 1 if pooled else scores.shape[1]
    axis = None if pooled else 0
    low, high = scores.min(axis=axis), scores.max(axis=axis)
    width = np.where(high > low, high - low, 1.0)
    bins = ((scores - low) / width * _PLATT_BINS).astype(np.intp)  # >= 0: low is the minimum
    np.minimum(bins, _PLATT_BINS - 1, out=bins)  # the maximum itself goes in the top bin
    if not pooled:
        bins += np.arange(n_cols) * _PLATT_BINS
    flat = bins.ravel()
    size = n_cols * _PLATT_BINS
    row_weights = weights[:, None]  # a row's weight counts in every column
    if np.all(weights == 1.0):
        count = np.bincount(flat, minlength=size).astype(np.float64)
    else:
        count = np.bincount(flat, np.broadcast_to(row_weights, scores.shape).ravel(), size)
    pos = np.bincount(flat, weights=(targets * row_weights).ravel(), minlength=size)
    total = np.bincount(flat, weights=(scores * row_weights).ravel(), minlength=size)
    count, pos, total = (x.reshape(n_cols, -1) for x in (count, pos, total))
    # A bin's weighted mean score (its weight may be below 1: do not divide by max(count, 1)).
    centre = np.where(count > 0, total / np.where(count > 0, count, 1.0), 0.0)
    return count, pos, centre
