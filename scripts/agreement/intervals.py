"""95% intervals of every agreement coefficient: Hayes & Krippendorff's bootstrap for alpha, a
bootstrap over transcripts for the others.

Krippendorff's alpha gets the bootstrap of Hayes & Krippendorff (2007) and Krippendorff's
"Algorithm for bootstrapping a distribution of alpha" (2006, rev. 2011): pairs of values are
drawn with replacement from the observed coincidence matrix, and each resample's observed
disagreement is set against the data's expected disagreement (:func:`alpha_bootstrap`).

Percent agreement, Cohen's and Fleiss' kappa, Gwet's AC1 and the share of units coded
identically get a bootstrap over transcripts (tasks), the sampling unit of the seed's design:
units of one transcript are not independent, so whole transcripts are drawn with replacement
(:func:`~.bootstrap.resample_counts`, the same draws as the model coder's intervals). Every
figure is a ratio of weighted sums over units, so each is summed once per transcript and a
resample's figure is those sums weighted by how often each transcript was drawn; every figure
of one report uses the same draws. A resample on which a figure is undefined (e.g. kappa with
one category) is left out of its percentile interval.

Nothing here rounds; figures are ``(low, high)`` floats, NaN where undefined.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from itertools import combinations
from numbers import Integral

import numpy as np
import pandas as pd

from ls_thematic.label_config.errors import InputError

from ..render import json_value
from .bootstrap import LEVEL, RESAMPLES, interval, kappa_of_tables, resample_counts
from .units import Units

__all__ = [
    "ALPHA_METHOD",
    "METHODS",
    "SEED",
    "TASK_METHOD",
    "alpha_bootstrap",
    "as_json",
    "binary_samples",
    "categorical_intervals",
    "check_resamples",
    "count_samples",
    "kappa_of_square",
    "units_intervals",
]

#: Default seed of every interval.
SEED = 2026
ALPHA_METHOD = "Hayes & Krippendorff (2007) bootstrap"
TASK_METHOD = "bootstrap over transcripts"
#: The coefficients that get an interval, and how.
METHODS = {
    "campbell_percent_agreement": TASK_METHOD,
    "cohen_kappa": TASK_METHOD,
    "fleiss_kappa": TASK_METHOD,
    "krippendorff_alpha": ALPHA_METHOD,
    "gwet_ac1": TASK_METHOD,
    "percent_agreement": TASK_METHOD,
    "unit_agreement": TASK_METHOD,
}
FEW_TASKS = (
    "Fewer than 2 transcripts were coded by two or more coders: the intervals over transcripts "
    "are null (a bootstrap over transcripts needs at least two); alpha's interval resamples "
    "pairs of values and is given."
)
NAN2 = (float("nan"), float("nan"))


def check_resamples(n_boot: object) -> int:
    """``n_boot`` as an int when it is a whole number >= 1; else a clear error."""
    if isinstance(n_boot, bool) or not isinstance(n_boot, Integral) or n_boot < 1:
        raise InputError(
            "The number of bootstrap resamples (--n-boot) must be a whole number of at least "
            f"1 (e.g. 1000); got {n_boot!r}."
        )
    return int(n_boot)


# --------------------------------------------------------------------------- alpha
def alpha_bootstrap(
    counts: np.ndarray,
    weight: np.ndarray | None = None,
    resamples: int = RESAMPLES,
    seed: int = SEED,
) -> np.ndarray:
    """Hayes & Krippendorff's (2007) bootstrap distribution of nominal alpha.

    Krippendorff's algorithm: the cells of the observed coincidence matrix ``o_ck`` (of the
    pairable values) are drawn with probability ``o_ck / n..``; each resample draws as many
    pairs as the data hold (``sum_u m_u (m_u - 1) / 2``, as in Hayes & Krippendorff's
    example) and its alpha is ``1 - (mean metric difference of the drawn pairs) / De``, with
    ``De`` the data's expected disagreement. As in the algorithm, alphas below -1 are set to
    -1, and a resample whose pairs all fall in one diagonal cell (no variation: alpha is
    0/0) counts as alpha 0; since every resample's cell counts are drawn (multinomially), such
    resamples are counted exactly rather than estimated. Krippendorff's practical cap of
    ``25 Q`` draws (a computing limit of 2006) is not applied.

    Parameters
    ----------
    counts : ndarray, shape (n_units, n_values)
        How many coders gave each unit each value (:func:`~.coefficients.rating_counts`).
    weight : ndarray, shape (n_units,), optional
        How many identical units each row stands for.
    resamples : int
        Number of resamples.
    seed : int
        Seed of the draws.

    Returns
    -------
    ndarray of float, shape (resamples,)
        The bootstrap alphas; all NaN when alpha is undefined (fewer than two distinct
        pairable values).
    """
    counts = np.asarray(counts, dtype=float)
    weight = np.ones(len(counts)) if weight is None else np.asarray(weight, dtype=float)
    values = counts.sum(axis=1)
    pairable = (values >= 2) & (weight > 0)
    counts, weight, values = counts[pairable], weight[pairable], values[pairable]
    if np.count_nonzero(counts.sum(axis=0)) < 2:
        return np.full(resamples, np.nan)
    scale = weight / (values - 1)
    coincidences = np.einsum("u,ui,uj->ij", scale, counts, counts) - np.diag(scale @ counts)
    n_values = coincidences.sum()
    totals = coincidences.sum(axis=0)
    expected = (n_values**2 - (totals**2).sum()) / (n_values * (n_values - 1))
    draws = max(int(round(float((weight * values * (values - 1)).sum() / 2))), 1)
    probability = np.clip(coincidences.ravel() / n_values, 0, None)
    rng = np.random.default_rng(seed)
    cells = rng.multinomial(draws, probability / probability.sum(), size=resamples)
    difference = 1.0 - np.eye(len(totals)).ravel()  # nominal metric
    samples = np.maximum(1.0 - (cells @ difference) / draws / expected, -1.0)
    diagonal = np.arange(len(totals)) * (len(totals) + 1)
    samples[(cells[:, diagonal] == draws).any(axis=1)] = 0.0
    return samples


# --------------------------------------------------------------------------- over transcripts
def _task_sums(stats: np.ndarray, task: np.ndarray, n_tasks: int) -> np.ndarray:
    """Column sums of ``stats`` (n_rows, k) per task: shape (n_tasks, k)."""
    out = np.zeros((n_tasks, stats.shape[1]))
    for column in range(stats.shape[1]):
        out[:, column] = np.bincount(task, weights=stats[:, column], minlength=n_tasks)
    return out


def _ratio(numerator: np.ndarray, denominator: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(denominator > 0, numerator / denominator, np.nan)


def _corrected(observed: np.ndarray, chance: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(chance < 1, (observed - chance) / (1 - chance), np.nan)


def count_samples(
    counts: np.ndarray, weight: np.ndarray, task: np.ndarray, draws: np.ndarray
) -> dict[str, np.ndarray]:
    """Percent agreement, Fleiss' kappa and Gwet's AC1 of every resample of transcripts.

    The figures of :func:`~.coefficients.agreement_terms` (observed agreement over the units
    two or more coders rated, category shares over the units rated at least once; every
    column of ``counts`` a category), with each unit's weight multiplied by how often its
    transcript was drawn.

    Parameters
    ----------
    counts : ndarray, shape (n_units, n_categories)
        Coders per unit and category.
    weight : ndarray, shape (n_units,)
        Units each row stands for.
    task : ndarray of int, shape (n_units,)
        Each unit's transcript, 0 .. n_tasks - 1.
    draws : ndarray, shape (resamples, n_tasks)
        How often each transcript is drawn (:func:`~.bootstrap.resample_counts`).

    Returns
    -------
    dict of ndarray, shape (resamples,)
        ``percent_agreement``, ``fleiss_kappa``, ``gwet_ac1``; NaN where undefined.
    """
    raters = counts.sum(axis=1)
    paired = ((raters >= 2) & (weight > 0)).astype(float)
    rated = ((raters >= 1) & (weight > 0)).astype(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(raters[:, None] > 0, counts / raters[:, None], 0.0)
        agreeing = np.where(
            raters >= 2, (counts * (counts - 1)).sum(axis=1) / (raters * (raters - 1)), 0.0
        )
    stats = np.column_stack(
        [
            weight * paired * agreeing,
            weight * paired,
            weight * rated,
            (weight * rated)[:, None] * share,
        ]
    )
    sums = draws @ _task_sums(stats, task, draws.shape[1])
    observed = _ratio(sums[:, 0], sums[:, 1])
    shares = _ratio(sums[:, 3:], sums[:, 2:3])
    n_categories = counts.shape[1]
    gwet = (shares * (1 - shares)).sum(axis=1) / (n_categories - 1) if n_categories > 1 else 0.0
    return {
        "percent_agreement": observed,
        "fleiss_kappa": _corrected(observed, (shares**2).sum(axis=1)),
        "gwet_ac1": _corrected(observed, gwet + 0 * observed),
    }


def kappa_of_square(tables: np.ndarray) -> np.ndarray:
    """Cohen's kappa of each weighted contingency table (last two axes, V x V).

    NaN where a table is empty or chance agreement is 1, as :func:`~.coefficients.cohen_kappa`
    gives it; for V = 2 this is :func:`~.bootstrap.kappa_of_tables`.
    """
    tables = np.asarray(tables, dtype=float)
    total = tables.sum(axis=(-2, -1))
    with np.errstate(divide="ignore", invalid="ignore"):
        observed = np.trace(tables, axis1=-2, axis2=-1) / total
        chance = (tables.sum(axis=-1) * tables.sum(axis=-2)).sum(axis=-1) / total**2
        kappa = (observed - chance) / (1 - chance)
    return np.where((total > 0) & (chance < 1), kappa, np.nan)


def _mean_kappa(kappas: list[np.ndarray], totals: list[np.ndarray]) -> np.ndarray:
    """Per resample, the mean kappa of the pairs with a non-empty table (NaN when one of those
    is NaN, as the reports average them)."""
    if not kappas:
        return np.full(0, np.nan)
    kappa, total = np.stack(kappas), np.stack(totals)
    present = total > 0
    with np.errstate(invalid="ignore"):
        mean = np.where(present, kappa, 0).sum(axis=0) / present.sum(axis=0)
    bad = (present & np.isnan(kappa)).any(axis=0) | ~present.any(axis=0)
    return np.where(bad, np.nan, mean)


def binary_samples(
    values: np.ndarray,
    weight: np.ndarray,
    task: np.ndarray,
    draws: np.ndarray,
    chance_corrected: bool = True,
) -> dict[str, np.ndarray]:
    """Every coefficient of binary (unit, code) items but alpha, on every resample.

    The figures of :func:`~.coefficients.binary_coefficients` (items two or more coders rated),
    with each item's weight multiplied by how often its transcript was drawn.

    Parameters
    ----------
    values : ndarray, shape (n_items, n_coders)
        1.0 applied, 0.0 not applied, NaN not rated.
    weight : ndarray, shape (n_items,)
        Items each row stands for.
    task : ndarray of int, shape (n_items,)
        Each item's transcript, 0 .. n_tasks - 1.
    draws : ndarray, shape (resamples, n_tasks)
        How often each transcript is drawn.
    chance_corrected : bool
        Also Cohen's and Fleiss' kappa and AC1 (else they are left out).

    Returns
    -------
    dict of ndarray, shape (resamples,)
        ``percent_agreement``, ``campbell_percent_agreement`` and, when ``chance_corrected``,
        ``cohen_kappa`` (mean over coder pairs), ``fleiss_kappa``, ``gwet_ac1``.
    """
    rated = (~np.isnan(values)).sum(axis=1) >= 2
    values, weight, task = values[rated], weight[rated], task[rated]
    applied = np.nansum(values, axis=1)
    counts = np.stack([(~np.isnan(values)).sum(axis=1) - applied, applied], axis=1)
    found = count_samples(counts, weight, task, draws)
    tables = []
    for a, b in combinations(range(values.shape[1]), 2):
        both = ~np.isnan(values[:, a]) & ~np.isnan(values[:, b])
        cell = (values[both, a] * 2 + values[both, b]).astype(int)
        per_task = np.zeros((draws.shape[1], 4))
        np.add.at(per_task, (task[both], cell), weight[both])
        tables.append(draws @ per_task)
    agreed = sum(t[:, 3] for t in tables) if tables else np.zeros(len(draws))
    coded = sum(t[:, 1] + t[:, 2] + t[:, 3] for t in tables) if tables else np.zeros(len(draws))
    out = {
        "percent_agreement": found["percent_agreement"],
        "campbell_percent_agreement": _ratio(agreed, coded),
    }
    if chance_corrected:
        out["cohen_kappa"] = _mean_kappa(
            [kappa_of_tables(t) for t in tables], [t.sum(axis=1) for t in tables]
        )
        out["fleiss_kappa"] = found["fleiss_kappa"]
        out["gwet_ac1"] = found["gwet_ac1"]
    return out


def _task_index(task: np.ndarray) -> tuple[np.ndarray, int]:
    """Task positions as 0 .. n_tasks - 1, and n_tasks."""
    unique, index = np.unique(np.asarray(task), return_inverse=True)
    return index.astype(np.int64), len(unique)


def _pairs(samples: Mapping[str, np.ndarray], level: float) -> dict[str, tuple[float, float]]:
    return {name: interval(s, level) for name, s in samples.items()}


def _binary_intervals(
    values, weight, task, draws, resamples, seed, level, chance_corrected, few
) -> dict[str, tuple[float, float]]:
    """``{coefficient: (low, high)}`` of one set of binary items."""
    out = {name: NAN2 for name in METHODS if name != "unit_agreement"}
    if not few:
        out.update(_pairs(binary_samples(values, weight, task, draws, chance_corrected), level))
    if chance_corrected:
        rated = (~np.isnan(values)).sum(axis=1) >= 2
        applied = np.nansum(values[rated], axis=1)
        counts = np.stack([(~np.isnan(values[rated])).sum(axis=1) - applied, applied], axis=1)
        samples = alpha_bootstrap(counts, weight[rated], resamples, seed)
        out["krippendorff_alpha"] = interval(samples, level)
    return out


def _unit_agreement(units: Units, task: np.ndarray, draws: np.ndarray, level: float):
    """The interval of the share of units coded identically (NaN when the units per task do
    not add up to the report's number of units, as for overlap segments)."""
    items = units.items
    values = items[list(units.coders)].to_numpy(dtype=float)
    differs = np.nanmax(values, axis=1) != np.nanmin(values, axis=1)
    first = (items["code"] == items["code"].cat.categories[0]).to_numpy()
    n_tasks = draws.shape[1]
    total = np.bincount(
        task[first], weights=items["weight"].to_numpy(float)[first], minlength=n_tasks
    )
    if not np.isclose(total.sum(), units.n_units):
        return NAN2
    unit_ids = items["unit_id"].to_numpy()
    differing = pd.DataFrame({"unit": unit_ids[differs], "task": task[differs],
                              "weight": items["weight"].to_numpy(float)[differs]})  # fmt: skip
    differing = differing.drop_duplicates("unit")
    lost = np.bincount(differing["task"].to_numpy(), weights=differing["weight"].to_numpy(),
                       minlength=n_tasks)  # fmt: skip
    return interval(_ratio(draws @ (total - lost), draws @ total), level)


def units_intervals(
    units: Units,
    resamples: int = RESAMPLES,
    seed: int = SEED,
    level: float = LEVEL,
    per_code: bool = True,
) -> dict:
    """The intervals of a report's figures: overall and per code.

    Parameters
    ----------
    units : Units
        The report's units.
    resamples, seed, level
        Number of resamples, their seed, the interval's level.
    per_code : bool
        Also one interval per code.

    Returns
    -------
    dict
        ``overall`` ``{coefficient: (low, high)}`` (the coefficients of :data:`METHODS`),
        ``per_code`` ``{code: {...}}`` (empty unless ``per_code``), ``n_tasks`` (transcripts
        resampled) and ``note`` (None, or why the intervals over transcripts are NaN).
    """
    resamples = check_resamples(resamples)
    items = units.items
    task, n_tasks = _task_index(items["task"].to_numpy())
    few = n_tasks < 2
    draws = resample_counts(max(n_tasks, 1), resamples, seed)
    values = items[list(units.coders)].to_numpy(dtype=float)
    weight = items["weight"].to_numpy(dtype=float)
    corrected = units.scheme != "overlap"
    arguments = (draws, resamples, seed, level, corrected, few)
    overall = _binary_intervals(values, weight, task, *arguments)
    overall["unit_agreement"] = NAN2 if few else _unit_agreement(units, task, draws, level)
    codes = {}
    if per_code:
        groups = (
            pd.Series(items["code"].cat.codes.to_numpy())
            .groupby(items["code"].cat.codes.to_numpy())
            .indices
        )
        for position, name in enumerate(units.codes):
            rows = groups.get(position, np.zeros(0, dtype=int))
            codes[name] = _binary_intervals(values[rows], weight[rows], task[rows], *arguments)
    return {
        "overall": overall,
        "per_code": codes,
        "n_tasks": n_tasks,
        "note": FEW_TASKS if few else None,
    }


# --------------------------------------------------------------------------- categorical view
def categorical_intervals(
    data: np.ndarray,
    weight: np.ndarray,
    task: np.ndarray,
    categories: Sequence,
    resamples: int = RESAMPLES,
    seed: int = SEED,
    level: float = LEVEL,
) -> dict[str, tuple[float, float]]:
    """The intervals of :func:`~.categorical.categorical_coefficients`' figures.

    Parameters
    ----------
    data : ndarray of object, shape (n_coders, n_rows)
        Values, None for a missing rating.
    weight : ndarray, shape (n_rows,)
        Units each column stands for.
    task : ndarray, shape (n_rows,)
        Each column's transcript.
    categories : sequence
        The values, as the figures count them.
    resamples, seed, level
        Number of resamples, their seed, the interval's level.

    Returns
    -------
    dict
        ``{coefficient: (low, high)}`` for ``percent_agreement``, ``cohen_kappa``,
        ``fleiss_kappa``, ``krippendorff_alpha`` (Hayes & Krippendorff) and ``gwet_ac1``.
    """
    names = ("percent_agreement", "cohen_kappa", "fleiss_kappa", "krippendorff_alpha", "gwet_ac1")
    out = dict.fromkeys(names, NAN2)
    if data.shape[1] == 0 or not categories:
        return out
    lookup = {c: i for i, c in enumerate(categories)}
    index = np.array([[-1 if v is None else lookup[v] for v in row] for row in data], dtype=int)
    counts = np.zeros((data.shape[1], len(categories)))
    coder, column = np.nonzero(index >= 0)
    np.add.at(counts, (column, index[coder, column]), 1.0)
    out["krippendorff_alpha"] = interval(alpha_bootstrap(counts, weight, resamples, seed), level)
    position, n_tasks = _task_index(task)
    if n_tasks < 2:
        return out
    draws = resample_counts(n_tasks, resamples, seed)
    found = count_samples(counts, weight, position, draws)
    size = len(categories)
    kappas, totals = [], []
    for a, b in combinations(range(len(data)), 2):
        both = (index[a] >= 0) & (index[b] >= 0)
        per_task = np.zeros((n_tasks, size * size))
        np.add.at(per_task, (position[both], index[a, both] * size + index[b, both]), weight[both])
        if not per_task.any():
            continue  # the pair shares no unit: left out of the mean, as in the figures
        tables = (draws @ per_task).reshape(-1, size, size)
        kappas.append(kappa_of_square(tables))
        totals.append(tables.sum(axis=(1, 2)))
    samples = {k: found[k] for k in ("percent_agreement", "fleiss_kappa", "gwet_ac1")}
    samples["cohen_kappa"] = _mean_kappa(kappas, totals)
    out.update(_pairs(samples, level))
    return out


def as_json(pairs: Mapping[str, tuple[float, float]]) -> dict:
    """``{coefficient: {"ci_low": x, "ci_high": y}}`` in plain JSON types (NaN as None)."""
    return {
        name: {"ci_low": json_value(low), "ci_high": json_value(high)}
        for name, (low, high) in pairs.items()
    }
