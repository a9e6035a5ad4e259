"""Per-segment scoring of held-out suggestions, with bootstrap intervals over documents.

The protocol is the maintainers' ``shared/tools/heldout_eval.py``: :func:`load_heldout` imports
that file, and the benchmark uses its loaders, its split and its baselines. Its ``score`` only
returns totals, so :func:`fit_and_score` does what it does (same fit and predict calls, same
definitions of micro/macro-F1, top-1 and top-3) but keeps one row per held-out segment with the
document it comes from. :func:`figures` turns rows (optionally weighted) into the four figures;
on the full test set they equal ``heldout_eval.score`` (tested to 4 decimals).

:func:`bootstrap` resamples held-out *documents* with replacement (segments of one transcript
are not independent) and recomputes every figure, and Cohen's kappa between the top-ranked
code and the human code (:func:`kappa`, on the segments with exactly one human code), on each
resample. The draws depend only on the seed and the documents, so two systems scored on the
same test set get the same resamples: their differences (:func:`margin_interval`) are paired.
"""

from __future__ import annotations

import functools
import importlib.util
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ls_thematic.scripts.agreement.coefficients import cohen_kappa

FIGURES = ("micro_f1", "macro_f1", "top1", "top3")
RESAMPLES = 1000
LEVEL = 0.95


class SharedDataMissing(RuntimeError):
    """The maintainers' held-out script or data set is not where the benchmark looks."""


@functools.cache
def load_heldout(path: Path):
    """The module ``heldout_eval`` imported from ``path`` (once per process, so one cache).

    Raises
    ------
    SharedDataMissing
        If the file does not exist.
    """
    path = Path(path)
    if not path.is_file():
        raise SharedDataMissing(
            f"The held-out protocol {path} was not found. The quality benchmark runs the "
            "maintainers' script shared/tools/heldout_eval.py on shared/data; put the shared "
            "folder beside the checkout or pass --shared FOLDER."
        )
    spec = importlib.util.spec_from_file_location("heldout_eval", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def split_with_documents(heldout, docs: dict, seed: int = 0):
    """``heldout.split(docs, seed)`` and, in the same order, each segment's document id.

    Returns
    -------
    pool, test : list of (item, codes)
        As ``heldout.split`` returns them.
    pool_ids, test_ids : list of str
        The document of each pool and test segment (the same split run on the ids).
    """
    pool, test = heldout.split(docs, seed)
    pool_ids, test_ids = heldout.split({d: [d] * len(s) for d, s in docs.items()}, seed)
    return pool, test, pool_ids, test_ids


@dataclass(frozen=True)
class SegmentScores:
    """One fitted system's outcome on every held-out segment (shapes: n segments, C codes)."""

    documents: np.ndarray  # (n,) object: the document of each segment
    truth: np.ndarray  # (n, C) 0/1: the human codes
    predicted: np.ndarray  # (n, C) 0/1: the codes the system decides to suggest
    top1: np.ndarray  # (n,) bool: the best-ranked code is a human code
    top3: np.ndarray  # (n,) bool: a human code is among the three best-ranked
    first: np.ndarray  # (n,) object: the best-ranked code
    gold: list  # (n,) lists of human codes
    fit_s: float
    predict_s: float
    n_train: int


def fit_and_score(system, pool, test, test_ids, n: int, context: bool) -> SegmentScores:
    """Fit ``system`` on the first ``n`` pool segments and score every test segment.

    The same steps as ``heldout_eval.score``: without ``context`` every item becomes its text;
    ``fit(texts, codes)``, then ``predict_proba`` and ``predict`` on the test items; codes are
    the union of the system's classes and the human codes; the ranking is ``argsort(-p)``.
    """
    if not context:
        pool = [(_text(t), c) for t, c in pool]
        test = [(_text(t), c) for t, c in test]
    train = pool[:n]
    started = time.perf_counter()
    system.fit([t for t, _ in train], [c for _, c in train])
    fit_s = time.perf_counter() - started
    items, gold = [t for t, _ in test], [c for _, c in test]
    started = time.perf_counter()
    proba = system.predict_proba(items)
    predicted = system.predict(items)
    predict_s = time.perf_counter() - started
    classes = list(system.classes_)
    codes = sorted(set(classes) | {c for g in gold for c in g})
    column = {c: i for i, c in enumerate(codes)}
    truth = np.zeros((len(items), len(codes)), dtype=np.int8)
    chosen = np.zeros_like(truth)
    top1 = np.zeros(len(items), dtype=bool)
    top3 = np.zeros(len(items), dtype=bool)
    first = np.empty(len(items), dtype=object)
    for i, (g, p) in enumerate(zip(gold, predicted, strict=True)):
        truth[i, [column[c] for c in g]] = 1
        chosen[i, [column[c] for c in p]] = 1
        order = [classes[j] for j in np.argsort(-proba[i])[:3]]
        first[i] = order[0]
        top1[i] = order[0] in g
        top3[i] = bool(set(order) & set(g))
    return SegmentScores(
        documents=np.asarray(test_ids, dtype=object),
        truth=truth,
        predicted=chosen,
        top1=top1,
        top3=top3,
        first=first,
        gold=gold,
        fit_s=fit_s,
        predict_s=predict_s,
        n_train=len(train),
    )


def _text(item):
    return item["text"] if isinstance(item, dict) else item


# ----------------------------------------------------------------------------- figures
def _per_document(scores: SegmentScores):
    """Counts per held-out document: ids, then arrays with one row per document."""
    ids, row = np.unique(scores.documents.astype(str), return_inverse=True)
    hit = scores.truth & scores.predicted
    per = {
        "tp": hit,
        "fp": scores.predicted & (1 - scores.truth),
        "fn": scores.truth & (1 - scores.predicted),
        "top1": scores.top1[:, None],
        "top3": scores.top3[:, None],
        "n": np.ones((len(row), 1)),
    }
    out = {}
    for key, values in per.items():
        summed = np.zeros((len(ids), values.shape[1]))
        np.add.at(summed, row, values)
        out[key] = summed
    return ids, row, out


def _figures_from_counts(counts: dict) -> dict[str, np.ndarray]:
    """The four figures from counts summed over documents; arrays of shape (B,)."""
    tp, fp, fn = counts["tp"], counts["fp"], counts["fn"]
    micro_den = 2 * tp.sum(axis=1) + fp.sum(axis=1) + fn.sum(axis=1)
    present = (tp + fn) > 0
    den = 2 * tp + fp + fn
    per_code = np.divide(2 * tp, den, out=np.zeros_like(tp), where=den > 0)
    n_present = present.sum(axis=1)
    macro = np.divide(
        (per_code * present).sum(axis=1), n_present, out=np.zeros(len(tp)), where=n_present > 0
    )
    n = counts["n"][:, 0]
    return {
        "micro_f1": np.divide(
            2 * tp.sum(axis=1), micro_den, out=np.zeros(len(tp)), where=micro_den > 0
        ),
        "macro_f1": macro,
        "top1": counts["top1"][:, 0] / n,
        "top3": counts["top3"][:, 0] / n,
    }


def figures(scores: SegmentScores) -> dict[str, float]:
    """Micro/macro-F1, top-1 and top-3 on all held-out segments (``heldout_eval.score``'s)."""
    _, _, per = _per_document(scores)
    totals = {key: values.sum(axis=0, keepdims=True) for key, values in per.items()}
    return {name: float(value[0]) for name, value in _figures_from_counts(totals).items()}


def single_coded(scores: SegmentScores) -> np.ndarray:
    """Mask of the held-out segments with exactly one human code: kappa's units."""
    return np.array([len(g) == 1 for g in scores.gold], dtype=bool)


def kappa(scores: SegmentScores) -> float:
    """Cohen's kappa of the top-ranked code against the human code, on single-coded segments.

    NaN when no segment has exactly one human code, or one category is all that occurs.
    """
    mask = single_coded(scores)
    if not mask.any():
        return float("nan")
    gold = [g[0] for g, m in zip(scores.gold, mask, strict=True) if m]
    return cohen_kappa(gold, scores.first[mask].tolist())


# ----------------------------------------------------------------------------- bootstrap
def resample_weights(documents, resamples: int = RESAMPLES, seed: int = 0) -> np.ndarray:
    """How often each distinct document (sorted ids) is drawn in each resample: (B, docs)."""
    n_docs = len(np.unique(np.asarray(documents, dtype=object).astype(str)))
    draws = np.random.default_rng(seed).integers(n_docs, size=(resamples, n_docs))
    weights = np.zeros((resamples, n_docs))
    np.add.at(weights, (np.arange(resamples)[:, None], draws), 1)
    return weights


def bootstrap(
    scores: SegmentScores, resamples: int = RESAMPLES, seed: int = 0
) -> dict[str, np.ndarray]:
    """Each figure and ``kappa`` recomputed on ``resamples`` resamples of the documents.

    Returns
    -------
    dict of str to ndarray, shape (resamples,)
        One value per resample for ``micro_f1, macro_f1, top1, top3, kappa`` (NaN where
        undefined on a resample).
    """
    ids, row, per = _per_document(scores)
    weights = resample_weights(scores.documents, resamples, seed)
    out = _figures_from_counts({key: weights @ values for key, values in per.items()})
    out["kappa"] = _kappa_samples(scores, row, weights)
    return out


def _kappa_samples(scores: SegmentScores, row: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Kappa on each resample, from the (human code, first code) pairs counted per document.

    The same value as :func:`cohen_kappa` with the resample's counts as ``sample_weight``
    (tested), computed for all resamples at once: one call of it per resample costs 1-100 ms,
    which is minutes for a benchmark run.
    """
    mask = single_coded(scores)
    if not mask.any():
        return np.full(len(weights), np.nan)
    gold = [g[0] for g, m in zip(scores.gold, mask, strict=True) if m]
    codes = sorted(set(gold) | set(scores.first[mask].tolist()))
    column = {c: j for j, c in enumerate(codes)}
    first = scores.first[mask].tolist()
    pair = [column[g] * len(codes) + column[f] for g, f in zip(gold, first, strict=True)]
    counts = np.zeros((weights.shape[1], len(codes) ** 2))
    np.add.at(counts, (row[mask], pair), 1)
    table = (weights @ counts).reshape(len(weights), len(codes), len(codes))  # (B, gold, first)
    total = table.sum(axis=(1, 2))
    observed = np.trace(table, axis1=1, axis2=2) / total
    chance = (table.sum(axis=2) * table.sum(axis=1)).sum(axis=1) / total**2
    with np.errstate(invalid="ignore", divide="ignore"):
        kappas = (observed - chance) / (1 - chance)
    return np.where(np.isclose(chance, 1.0), np.nan, kappas)


def interval(samples: np.ndarray, level: float = LEVEL) -> tuple[float, float]:
    """The percentile interval of bootstrap ``samples`` (NaN values left out)."""
    tail = 100 * (1 - level) / 2
    finite = samples[~np.isnan(samples)]
    if not len(finite):
        return (float("nan"), float("nan"))
    low, high = np.percentile(finite, [tail, 100 - tail])
    return (float(low), float(high))


def margin_interval(a: np.ndarray, b: np.ndarray, level: float = LEVEL) -> tuple[float, float]:
    """Interval of ``a - b`` for two systems' samples drawn with the same documents (paired)."""
    return interval(np.asarray(a) - np.asarray(b), level)
