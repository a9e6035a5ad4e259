"""Bootstrap intervals over transcripts for Cohen's kappa between coders, and an equivalence
check of one coder against the others.

Units of one transcript are not independent (one speaker, one story), so the resamples draw
whole *tasks* with replacement: each coder pair's weighted 2x2 table is counted per task once
(:func:`task_tables`), and the table of a resample is those tables weighted by how often each
task was drawn (:func:`resample_counts`). Kappa is computed for every resample at once
(:func:`kappa_of_tables`, the same value as :func:`~.coefficients.kappa_from_table`). The draws
depend only on the seed and the number of tasks, so figures computed on the same tasks share
their resamples and their differences are paired (:func:`equivalence`). Nothing here rounds;
:func:`pair_intervals` and :func:`equivalence` return plain JSON values (NaN as None).
"""

from __future__ import annotations

import math
import warnings
from itertools import combinations
from typing import Any

import numpy as np

from ls_thematic.label_config.errors import InputError

from ..render import json_value
from .errors import AgreementError
from .units import Units

__all__ = [
    "LEVEL",
    "MARGIN_RULE",
    "RESAMPLES",
    "check_margin",
    "coded_by",
    "equivalence",
    "interval",
    "kappa_of_tables",
    "pair_intervals",
    "resample_counts",
    "task_tables",
]

#: Resamples of a bootstrap interval, and its level.
RESAMPLES = 1000
LEVEL = 0.95
#: What an equivalence margin may be.
MARGIN_RULE = (
    "must be a difference of kappa greater than 0 and at most 1 (e.g. 0.10: model-person "
    "agreement within 0.10 of person-person)"
)


def task_tables(units: Units, first, second, tasks=None) -> np.ndarray:
    """Per task, the weighted 2x2 table of coders ``first`` and ``second`` (items both coded).

    Parameters
    ----------
    units : Units
        The units and every coder's 0/1 (NaN: did not code the task) per (unit, code) item.
    first, second
        Two of ``units.coders``.
    tasks : sequence, optional
        The tasks (values of ``units.items["task"]``), in the order of the rows; by default
        every task of the units, sorted.

    Returns
    -------
    ndarray of float, shape (n_tasks, 4)
        ``[none/none, none/applied, applied/none, applied/applied]`` summed unit weights; their
        sum over tasks is :func:`~.coefficients.pair_counts` of the pair.
    """
    items = units.items
    all_tasks = np.sort(items["task"].unique()) if tasks is None else np.asarray(tasks)
    position = {task: i for i, task in enumerate(all_tasks.tolist())}
    a = items[first].to_numpy(dtype=float)
    b = items[second].to_numpy(dtype=float)
    row = items["task"].map(position).to_numpy()
    both = ~np.isnan(a) & ~np.isnan(b) & ~np.isnan(row.astype(float))
    cell = (a[both] * 2 + b[both]).astype(int)
    out = np.zeros((len(all_tasks), 4))
    weight = items["weight"].to_numpy(dtype=float)[both]
    np.add.at(out, (row[both].astype(int), cell), weight)
    return out


def resample_counts(n_tasks: int, resamples: int = RESAMPLES, seed: int = 0) -> np.ndarray:
    """How often each of ``n_tasks`` tasks is drawn in each resample: shape (resamples, n_tasks).

    Raises
    ------
    AgreementError
        No tasks, or fewer than one resample.
    """
    if n_tasks < 1:
        raise AgreementError("A bootstrap over transcripts needs at least one transcript.")
    if not isinstance(resamples, (int, np.integer)) or resamples < 1:
        raise AgreementError(
            f"The number of bootstrap resamples must be a whole number >= 1; got {resamples!r}."
        )
    draws = np.random.default_rng(seed).integers(n_tasks, size=(resamples, n_tasks))
    counts = np.zeros((resamples, n_tasks))
    np.add.at(counts, (np.arange(resamples)[:, None], draws), 1)
    return counts


def kappa_of_tables(tables: np.ndarray) -> np.ndarray:
    """Cohen's kappa of each weighted 2x2 table ``[n00, n01, n10, n11]`` (last axis).

    NaN where a table is empty or chance agreement is 1 (both coders constant and equal), as
    :func:`~.coefficients.kappa_from_table` gives it.
    """
    tables = np.asarray(tables, dtype=float)
    n00, n01, n10, n11 = np.moveaxis(tables, -1, 0)
    total = n00 + n01 + n10 + n11
    with np.errstate(divide="ignore", invalid="ignore"):
        observed = (n00 + n11) / total
        chance = ((n00 + n01) * (n00 + n10) + (n10 + n11) * (n01 + n11)) / total**2
        kappa = (observed - chance) / (1 - chance)
    return np.where((total > 0) & (chance < 1), kappa, np.nan)


def interval(samples: np.ndarray, level: float = LEVEL) -> tuple[float, float]:
    """The percentile interval of bootstrap ``samples`` (NaN resamples left out; NaN, NaN when
    none is left)."""
    samples = np.asarray(samples, dtype=float)
    finite = samples[~np.isnan(samples)]
    if not len(finite):
        return (float("nan"), float("nan"))
    tail = 100 * (1 - level) / 2
    low, high = np.percentile(finite, [tail, 100 - tail])
    return (float(low), float(high))


# --------------------------------------------------------------------------- coder pairs
def check_margin(margin: object) -> float:
    """``margin`` as a float when it is a kappa difference in (0, 1]; else a clear error."""
    if (
        isinstance(margin, bool)
        or not isinstance(margin, (int, float))
        or not 0 < float(margin) <= 1
    ):
        raise InputError(f"The equivalence margin {MARGIN_RULE}; got {margin!r}.")
    return float(margin)


def coded_by(units: Units) -> tuple[dict, np.ndarray]:
    """``({coder: bool per task}, the tasks, sorted)``: which tasks each coder annotated."""
    coded = units.items.groupby("task")[list(units.coders)].first().notna().sort_index()
    return {c: coded[c].to_numpy() for c in units.coders}, coded.index.to_numpy()


def _key(coder: Any) -> Any:
    """A coder as a JSON value: ids and e-mails as they are, anything else as text."""
    return coder if isinstance(coder, (int, str)) else str(coder)


def _pair(units: Units, a, b, tasks, coded, resamples: int, seed: int) -> dict:
    shared = coded[a] & coded[b]
    tables = task_tables(units, a, b, tasks)[shared]
    total = tables.sum(axis=0)
    row = {"coder_a": _key(a), "coder_b": _key(b), "n_tasks": int(shared.sum())}
    if not shared.any():
        empty = ("cohen_kappa", "kappa_low", "kappa_high", "percent_agreement")
        return {**row, **dict.fromkeys(empty)}
    low, high = interval(
        kappa_of_tables(resample_counts(len(tables), resamples, seed) @ tables), LEVEL
    )
    return {
        **row,
        "cohen_kappa": json_value(float(kappa_of_tables(total))),
        "kappa_low": json_value(low),
        "kappa_high": json_value(high),
        "percent_agreement": json_value(float((total[0] + total[3]) / total.sum())),
    }


def pair_intervals(units: Units, resamples: int = RESAMPLES, seed: int = 0) -> list[dict]:
    """Cohen's kappa of every coder pair, with a bootstrap interval over the tasks both coded.

    Returns
    -------
    list of dict
        One per pair, in ``units.coders`` order: ``coder_a, coder_b, n_tasks`` (tasks both
        coded: those resampled), ``cohen_kappa`` (as :func:`~.report.agreement_report`'s
        coder x coder matrix), ``kappa_low, kappa_high`` (the 95% percentile interval),
        ``percent_agreement``; None where the pair shares no task or kappa is undefined.
    """
    coded, tasks = coded_by(units)
    return [
        _pair(units, a, b, tasks, coded, resamples, seed)
        for a, b in combinations(list(units.coders), 2)
    ]


def equivalence(
    units: Units, coder, margin: float, resamples: int = RESAMPLES, seed: int = 0
) -> dict | None:
    """Is ``coder``'s agreement with the others within ``margin`` of theirs with each other?

    A paired bootstrap over the tasks that two or more of the *other* coders annotated: on each
    resample, (mean kappa of ``coder`` with each other coder) - (mean kappa of the other coders'
    pairs), both from the same drawn tasks.

    Returns
    -------
    dict or None
        None when no task was annotated by two of the others; else ``difference`` (on all
        those tasks), ``low, high`` (its 95% percentile interval), ``model_human,
        human_human`` (the two means), ``margin``, ``within`` (the interval lies in
        [-margin, margin]) and ``n_tasks``.
    """
    margin = check_margin(margin)
    coded, tasks = coded_by(units)
    others = [c for c in units.coders if c != coder]
    double = np.sum([coded[c] for c in others], axis=0) >= 2 if len(others) >= 2 else None
    if double is None or not double.any():
        return None
    counts = resample_counts(int(double.sum()), resamples, seed)

    def mean_kappa(pairs):  # (on all the tasks, on each resample), averaged over the pairs
        tables = [task_tables(units, a, b, tasks)[double] for a, b in pairs]
        full = np.nanmean([kappa_of_tables(t.sum(axis=0)) for t in tables])
        return full, np.nanmean([kappa_of_tables(counts @ t) for t in tables], axis=0)

    with warnings.catch_warnings():  # "Mean of empty slice" where every pair is NaN
        warnings.simplefilter("ignore", RuntimeWarning)
        with_coder, with_coder_samples = mean_kappa([(coder, c) for c in others])
        between, between_samples = mean_kappa(list(combinations(others, 2)))
    low, high = interval(with_coder_samples - between_samples, LEVEL)
    return {
        "difference": json_value(float(with_coder - between)),
        "low": json_value(low),
        "high": json_value(high),
        "model_human": json_value(float(with_coder)),
        "human_human": json_value(float(between)),
        "margin": margin,
        "within": bool(not math.isnan(low) and -margin <= low and high <= margin),
        "n_tasks": int(double.sum()),
    }
