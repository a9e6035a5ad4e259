"""Which suggestions go into the pre-filled annotation: those likely to be right.

Label Studio 1.23 opens a task that has no annotation with a new annotation copied from the
task's prediction, every region of it (``addAnnotationFromPrediction`` in its editor); pressing
Submit then accepts them all. So the backend pre-fills only the suggestions whose calibrated
probability reaches their code's *precision threshold*, at most a few per turn or paragraph,
best first; the other suggestions are named in the pre-filled regions' notes ("Also
possible: ...") and are given to a coder who selects a passage and asks (interactive
pre-annotation).

A code's precision threshold is read from the fitted
:class:`~ls_thematic.backend.suggester.CodeSuggester`'s out-of-sample evidence: every coded
segment's leave-one-out probability of the code (``loo_proba_``) and whether the segment has
the code (``targets_``). It is the smallest probability ``t`` such that, among the segments with
an out-of-sample probability of at least ``t``, the share that has the code reaches the target
with confidence: the one-sided lower Wilson bound (:func:`statsmodels.stats.proportion.
proportion_confint`) of that share, not the share itself, must reach it. With few segments the
bound is far below the share (8 right out of 8 gives 0.83 at 90 %), so a code needs evidence
before it is pre-filled (and when even the cut that keeps every segment reaches the target,
nothing is known below them: only the floor below applies). A code with too few coded segments
for the bound to reach the target even if all were right ("no evidence yet", the cold
start) falls back on its calibrated probability: it is pre-filled where that reaches
``prior_threshold`` (default: the target itself) and the few segments do not contradict it. The threshold is never below the
suggester's own F1 threshold (``thresholds_``), so nothing is pre-filled that would not be
suggested.

Segments with a sample weight below 1 (``sample_weight_``: suggestions a coder accepted
unchanged) are left out of the evidence: counting them would measure the pre-fill by its own
output.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

import numpy as np
from statsmodels.stats.proportion import proportion_confint

from .segment import Span, Unit

#: One-sided confidence of the lower bound on a code's precision.
DEFAULT_CONFIDENCE = 0.9
#: How many other codes a pre-filled region's note names.
MAX_ALSO_POSSIBLE = 3


def wilson_lower(hits: np.ndarray, n: np.ndarray, confidence: float = DEFAULT_CONFIDENCE):
    """One-sided lower Wilson bound of the proportion ``hits / n`` (0 where ``n`` is 0).

    Parameters
    ----------
    hits, n : array_like of float, same shape
        Successes and trials, ``0 <= hits <= n``.
    confidence : float
        One-sided confidence level in (0, 1).

    Returns
    -------
    ndarray of float, the shape of ``n``
    """
    hits = np.asarray(hits, dtype=float)
    n = np.asarray(n, dtype=float)
    low, _ = proportion_confint(
        hits, np.maximum(n, 1.0), alpha=2 * (1 - confidence), method="wilson"
    )
    return np.where(n > 0, low, 0.0)


def precision_thresholds(
    proba: np.ndarray,
    targets: np.ndarray,
    floor: np.ndarray,
    target: float,
    *,
    weights: np.ndarray | None = None,
    confidence: float = DEFAULT_CONFIDENCE,
    prior_threshold: float | None = None,
) -> np.ndarray:
    """Per code, the lowest probability at which suggestions reach ``target`` precision.

    Parameters
    ----------
    proba : ndarray of float, shape (n_segments, n_codes)
        Each coded segment's out-of-sample probability of each code.
    targets : ndarray, shape (n_segments, n_codes)
        1 where the segment has the code, 0 where not.
    floor : ndarray of float, shape (n_codes,)
        The lowest threshold allowed per code (the suggester's own thresholds; ``inf``: never).
    target : float
        The precision to reach, in (0, 1].
    weights : ndarray of float, shape (n_segments,), optional
        Sample weights; segments below 1 (accepted suggestions) are left out.
    confidence : float
        One-sided confidence of the lower Wilson bound that must reach ``target``.
    prior_threshold : float, optional
        The threshold of a code with too few segments to show ``target`` even if all were
        right (default: ``target``), unless those segments already contradict it.

    Returns
    -------
    ndarray of float, shape (n_codes,)
        ``inf`` for a code that is never pre-filled: its evidence shows the target is not
        reached at any threshold.
    """
    proba = np.asarray(proba, dtype=float)
    targets = np.asarray(targets) > 0
    floor = np.asarray(floor, dtype=float)
    _check(proba, targets, floor, target, weights, confidence)
    if weights is not None:
        keep = np.asarray(weights, dtype=float) >= 1.0
        proba, targets = proba[keep], targets[keep]
    prior = float(target if prior_threshold is None else prior_threshold)
    out = np.empty(len(floor))
    for j in range(len(floor)):
        out[j] = _code_threshold(proba[:, j], targets[:, j], target, confidence, prior)
    return np.maximum(out, floor)


def _code_threshold(
    proba: np.ndarray, has: np.ndarray, target: float, confidence: float, prior: float
) -> float:
    """:func:`precision_thresholds` for one code."""
    order = np.argsort(-proba, kind="stable")
    ranked, hits = proba[order], np.cumsum(has[order])
    kept = np.arange(1, len(ranked) + 1)
    # A cut keeps every segment with the same probability: only the last of a tie is a cut.
    cut = np.ones(len(ranked), dtype=bool)
    cut[:-1] = ranked[:-1] > ranked[1:]
    n_positives = int(has.sum())
    if wilson_lower(n_positives, n_positives, confidence) < target:
        # Too little evidence to show the target: the calibrated probability decides, unless
        # the segments at or above it already fall short of the target.
        above = ranked >= prior
        if above.any() and has[order][above].mean() < target:
            return np.inf
        return prior
    good = np.flatnonzero(cut & (wilson_lower(hits, kept, confidence) >= target))
    if not len(good):
        return np.inf
    if good[-1] == len(ranked) - 1:
        return -np.inf  # every segment kept: nothing is known below them, the floor decides
    return float(ranked[good[-1]])


def _check(proba, targets, floor, target, weights, confidence) -> None:
    if proba.ndim != 2 or proba.shape != targets.shape or proba.shape[1] != len(floor):
        raise ValueError(
            "proba and targets must be arrays of the same shape (n_segments, n_codes) and floor "
            f"one value per code; got {proba.shape}, {targets.shape} and {floor.shape}."
        )
    if weights is not None and np.shape(weights) != (len(proba),):
        raise ValueError(
            f"weights must have one value per segment ({len(proba)}); got shape "
            f"{np.shape(weights)}."
        )
    if not 0.0 < target <= 1.0:
        raise ValueError(f"The precision target must be in (0, 1]; got {target!r}.")
    if not 0.0 < confidence < 1.0:
        raise ValueError(f"The confidence must be in (0, 1); got {confidence!r}.")


def thresholds_of(estimator: object, target: float) -> dict[str, float]:
    """``{code: precision threshold}`` of a fitted CodeSuggester (see
    :func:`precision_thresholds`); uses ``sample_weight_`` when the estimator has it."""
    classes = [str(c) for c in estimator.classes_]
    floor = np.asarray(estimator.thresholds_, dtype=float)
    proba = getattr(estimator, "loo_proba_", None)
    targets = getattr(estimator, "targets_", None)
    if proba is None or targets is None or len(proba) == 0:
        proba = np.zeros((0, len(classes)))
        targets = np.zeros((0, len(classes)))
    weights = getattr(estimator, "sample_weight_", None)
    if weights is not None and len(weights) != len(proba):
        weights = None
    found = precision_thresholds(proba, targets, floor, target, weights=weights)
    return dict(zip(classes, (float(t) for t in found), strict=True))


def prefilled(
    unit_codes: Sequence[Mapping[str, float]], thresholds: Mapping[str, float]
) -> list[dict[str, float]]:
    """Per unit, the suggested codes whose probability reaches their precision threshold
    (a code without a threshold never does), in the order given."""
    return [
        {c: p for c, p in codes.items() if p >= thresholds.get(c, np.inf)} for codes in unit_codes
    ]


def cap_per_block(spans: Sequence[Span], units: Sequence[Unit], limit: int) -> list[Span]:
    """At most ``limit`` spans per block (turn or paragraph), the most probable first (ties:
    the earlier span); returned in their original order."""
    by_block: dict[int, list[int]] = {}
    for k, span in enumerate(spans):
        by_block.setdefault(units[span.units[0]].block, []).append(k)
    kept = set()
    for members in by_block.values():
        members.sort(key=lambda k: (-spans[k].score, spans[k].start, k))
        kept.update(members[:limit])
    return [span for k, span in enumerate(spans) if k in kept]


def also_possible(
    spans: Sequence[Span],
    units: Sequence[Unit],
    unit_codes: Sequence[Mapping[str, float]],
    shown: Sequence[Collection[str]],
    limit: int = MAX_ALSO_POSSIBLE,
) -> list[dict[str, float]]:
    """Per pre-filled span, the other codes suggested in its turn or paragraph and not shown.

    Each suggestion of a unit (``unit_codes[i]``) that no pre-filled span shows on that unit
    (``shown[i]``) goes to the nearest span of the unit's block (ties: the earlier span), unless
    it is that span's own code. A block without a pre-filled span gives its suggestions to none.

    Returns
    -------
    list of dict, one per span
        ``{code: best probability}``, most probable first, at most ``limit`` codes.
    """
    by_block: dict[int, list[int]] = {}
    for k, span in enumerate(spans):
        by_block.setdefault(units[span.units[0]].block, []).append(k)
    found: list[dict[str, float]] = [{} for _ in spans]
    for i, codes in enumerate(unit_codes):
        owners = by_block.get(units[i].block)
        if not owners:
            continue
        k = min(owners, key=lambda k: (_distance(i, spans[k].units), k))
        for code, p in codes.items():
            if code not in shown[i] and code != spans[k].code:
                found[k][code] = max(float(p), found[k].get(code, 0.0))
    return [
        dict(sorted(best.items(), key=lambda item: (-item[1], item[0]))[:limit]) for best in found
    ]


def _distance(i: int, members: Sequence[int]) -> int:
    """How many units unit ``i`` is from the run ``members`` (0 inside it)."""
    return max(members[0] - i, i - members[-1], 0)
