"""Agreement coefficients, one function per coefficient.

They take reliability data (coders x units, ``NaN`` or ``None`` for a missing rating) or rating
counts (units x categories) and hand them to scikit-learn, statsmodels and the
``krippendorff`` package where those have the coefficient. Gwet's AC1, Brennan-Prediger and
Fleiss' kappa with missing ratings follow Gwet (2014) and his R package irrCAC, which the
libraries do not cover. Percent agreement by Campbell et al. (2013)'s rule and the set of
coefficients of binary (unit, code) items used by the reports are at the end.

Nothing here prints or rounds. See docs/agreement.md.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from itertools import combinations
from numbers import Integral, Real
from typing import Any

import krippendorff
import numpy as np
import pandas as pd
from sklearn.metrics import cohen_kappa_score
from statsmodels.stats.inter_rater import fleiss_kappa as _statsmodels_fleiss_kappa

from .errors import AgreementError

__all__ = [
    "CHANCE_MODELS",
    "LEVELS",
    "agreement_terms",
    "brennan_prediger",
    "cohen_kappa",
    "fleiss_kappa",
    "gwet_ac1",
    "krippendorff_alpha",
    "percent_agreement",
    "rating_counts",
]

LEVELS = ("nominal", "ordinal", "interval", "ratio")
CHANCE_MODELS = ("fleiss", "gwet", "brennan_prediger")


# --------------------------------------------------------------------------------------------
# Input checks shared by the coefficients
# --------------------------------------------------------------------------------------------


def _is_missing(value: Any) -> bool:
    if value is None or value is pd.NA:
        return True
    return isinstance(value, Real) and not isinstance(value, Integral) and np.isnan(value)


def _reliability_matrix(data: Any, name: str = "reliability_data") -> np.ndarray:
    """Return ``data`` as a 2-D array (coders x units): float with NaN, or object with None."""
    try:
        matrix = np.asarray(data, dtype=float)
    except (TypeError, ValueError):
        matrix = np.asarray(data, dtype=object)
        if matrix.ndim == 2:
            missing = np.vectorize(_is_missing, otypes=[bool])(matrix) if matrix.size else matrix
            matrix = np.where(missing, None, matrix)
    if matrix.ndim != 2:
        raise AgreementError(
            f"{name} must be a 2-D array of coders x units; found {matrix.ndim} dimension(s)."
        )
    if matrix.shape[0] < 2:
        raise AgreementError(
            f"{name} must have at least two coders (rows); found {matrix.shape[0]}."
        )
    if matrix.shape[1] < 1:
        raise AgreementError(f"{name} must have at least one unit (column); found none.")
    if matrix.dtype == float and np.isinf(matrix).any():
        raise AgreementError(f"{name} contains infinite values; use NaN for a missing rating.")
    return matrix


def _present(matrix: np.ndarray) -> np.ndarray:
    """Boolean mask of the ratings that are not missing."""
    if matrix.dtype == object:
        return np.not_equal(matrix, None)
    return ~np.isnan(matrix)


def _check_sample_weight(sample_weight: Any, n_units: int) -> np.ndarray | None:
    if sample_weight is None:
        return None
    weight = np.asarray(sample_weight, dtype=float)
    if weight.ndim != 1 or weight.shape[0] != n_units:
        raise AgreementError(
            f"sample_weight must be a 1-D array with one weight per unit ({n_units}); "
            f"found shape {weight.shape}."
        )
    if not np.isfinite(weight).all() or (weight < 0).any():
        raise AgreementError("sample_weight must hold finite, non-negative numbers.")
    return weight


def _categories_of(matrix: np.ndarray, categories: Any) -> np.ndarray:
    present = _present(matrix)
    observed = matrix[present]
    if categories is None:
        if matrix.dtype == object:
            seen = list(dict.fromkeys(observed.tolist()))
            try:
                seen = sorted(seen)
            except TypeError:
                pass
            return np.asarray(seen, dtype=object)
        return np.unique(observed)
    categories = np.asarray(list(categories), dtype=object if matrix.dtype == object else float)
    if categories.ndim != 1 or len(categories) == 0:
        raise AgreementError("categories must be a non-empty 1-D list of the possible ratings.")
    if len(set(categories.tolist())) != len(categories):
        raise AgreementError("categories must not repeat a value.")
    if matrix.dtype == object:  # ratings of mixed types: compared as text
        distinct = set(observed.tolist())
        unknown = sorted({str(v) for v in distinct} - {str(v) for v in categories.tolist()})
    else:  # numbers compare as numbers: a rating -0.0 is the category 0.0
        allowed = set(categories.tolist())
        unknown = sorted(str(v) for v in np.unique(observed).tolist() if v not in allowed)
    if unknown:
        raise AgreementError(
            f"The ratings contain {', '.join(unknown[:5])}, which are not among the categories "
            f"{', '.join(str(v) for v in categories.tolist())}."
        )
    return categories


def _category_index(matrix: np.ndarray, categories: np.ndarray) -> np.ndarray:
    """Coders x units array of category positions, NaN for missing ratings."""
    index = np.full(matrix.shape, np.nan)
    present = _present(matrix)
    if matrix.dtype != object:
        order = np.argsort(categories, kind="stable")
        index[present] = order[np.searchsorted(categories[order], matrix[present])]
        return index
    lookup = {value: position for position, value in enumerate(categories.tolist())}
    values = matrix[present].tolist()
    try:
        index[present] = [lookup[value] for value in values]
    except KeyError:
        lookup = {str(value): position for position, value in enumerate(categories.tolist())}
        index[present] = [lookup[str(value)] for value in values]
    return index


# --------------------------------------------------------------------------------------------
# Coefficients
# --------------------------------------------------------------------------------------------


def rating_counts(data: Any, categories: Sequence | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Count how many coders gave each category to each unit.

    Parameters
    ----------
    data : array_like, shape (n_coders, n_units)
        Reliability data: the rating coder ``i`` gave unit ``j``; ``NaN`` or ``None`` when the
        coder did not rate the unit. Ratings may be numbers or strings.
    categories : sequence, optional
        All possible ratings, shape (n_categories,). Defaults to the sorted ratings that occur.
        Pass the full list (e.g. the codebook) when some category was never used; Gwet's AC1
        and Brennan-Prediger depend on the number of categories.

    Returns
    -------
    counts : ndarray of float, shape (n_units, n_categories)
        ``counts[j, k]`` is the number of coders who gave unit ``j`` category ``k``.
    categories : ndarray, shape (n_categories,)
        The categories, in column order.

    Raises
    ------
    AgreementError
        If ``data`` is not 2-D with at least two coders, or a rating is not in ``categories``.
    """
    matrix = _reliability_matrix(data)
    categories = _categories_of(matrix, categories)
    index = _category_index(matrix, categories)
    counts = np.zeros((matrix.shape[1], len(categories)))
    coder, unit = np.nonzero(~np.isnan(index))
    np.add.at(counts, (unit, index[coder, unit].astype(int)), 1.0)
    return counts, categories


def _check_counts(counts: Any) -> np.ndarray:
    table = np.asarray(counts, dtype=float)
    if table.ndim != 2:
        raise AgreementError(
            f"counts must be a 2-D array of units x categories; found {table.ndim} dimension(s)."
        )
    if table.shape[0] < 1 or table.shape[1] < 1:
        raise AgreementError(
            f"counts must have at least one unit and one category; found {table.shape}."
        )
    if not np.isfinite(table).all() or (table < 0).any() or (table != np.round(table)).any():
        raise AgreementError("counts must hold non-negative whole numbers of coders.")
    return table


def agreement_terms(
    counts: Any,
    chance: str = "fleiss",
    sample_weight: Any = None,
) -> dict[str, float]:
    """Observed and chance agreement of several coders with missing ratings (Gwet 2014, irrCAC).

    Observed agreement is the mean, over the units that two or more coders rated, of the share
    of agreeing coder pairs: ``sum_k r_jk (r_jk - 1) / (r_j (r_j - 1))``. The category shares
    ``pi_k`` are the mean over the units rated at least once of ``r_jk / r_j``. With every coder
    rating every unit, these are Fleiss' P-bar and Pe-bar.

    Parameters
    ----------
    counts : array_like, shape (n_units, n_categories)
        Number of coders who gave each unit each category (see :func:`rating_counts`).
    chance : {"fleiss", "gwet", "brennan_prediger"}
        Chance model: Fleiss ``sum_k pi_k**2``; Gwet's AC1 ``sum_k pi_k (1 - pi_k) / (q - 1)``;
        Brennan-Prediger ``1 / q``, with ``q = n_categories``.
    sample_weight : array_like, shape (n_units,), optional
        How many identical units each row stands for (e.g. characters in a run).

    Returns
    -------
    dict
        ``observed`` and ``chance`` agreement, both in [0, 1], and ``n_units`` (weighted number
        of units that two or more coders rated).

    Raises
    ------
    AgreementError
        If ``counts`` is malformed, ``chance`` is unknown or no unit has two ratings.
    """
    table = _check_counts(counts)
    if chance not in CHANCE_MODELS:
        raise AgreementError(
            f"Unknown chance model {chance!r}; use one of {', '.join(CHANCE_MODELS)}."
        )
    weight = _check_sample_weight(sample_weight, table.shape[0])
    weight = np.ones(table.shape[0]) if weight is None else weight
    raters = table.sum(axis=1)
    paired = (raters >= 2) & (weight > 0)
    if not paired.any():
        raise AgreementError("No unit was rated by two or more coders; agreement is undefined.")
    pair_share = (table[paired] * (table[paired] - 1)).sum(axis=1) / (
        raters[paired] * (raters[paired] - 1)
    )
    observed = float(np.average(pair_share, weights=weight[paired]))
    rated = (raters >= 1) & (weight > 0)
    shares = np.average(table[rated] / raters[rated, None], axis=0, weights=weight[rated])
    n_categories = table.shape[1]
    if chance == "fleiss":
        expected = float((shares**2).sum())
    elif chance == "gwet":
        expected = (
            float((shares * (1 - shares)).sum() / (n_categories - 1)) if n_categories > 1 else 0.0
        )
    else:
        expected = 1.0 / n_categories
    return {"observed": observed, "chance": expected, "n_units": float(weight[paired].sum())}


def _chance_corrected(terms: Mapping[str, float]) -> float:
    """``(observed - chance) / (1 - chance)``; NaN when chance agreement is 1."""
    if terms["chance"] >= 1.0:
        return float("nan")
    return (terms["observed"] - terms["chance"]) / (1.0 - terms["chance"])


def percent_agreement(data: Any, sample_weight: Any = None) -> float:
    """Share of agreeing coder pairs, averaged over units (simple percent agreement).

    With two coders and no missing ratings, this is the share of units both coded alike.

    Parameters
    ----------
    data : array_like, shape (n_coders, n_units)
        Reliability data, ``NaN``/``None`` for a missing rating. Units that fewer than two
        coders rated are left out.
    sample_weight : array_like, shape (n_units,), optional
        How many identical units each column stands for.

    Returns
    -------
    float
        Agreement in [0, 1] (not a percentage).
    """
    counts, _ = rating_counts(data)
    return agreement_terms(counts, "fleiss", sample_weight)["observed"]


def cohen_kappa(
    a: Sequence,
    b: Sequence,
    *,
    weights: str | None = None,
    labels: Sequence | None = None,
    sample_weight: Sequence | None = None,
) -> float:
    """Cohen's kappa of two coders (:func:`sklearn.metrics.cohen_kappa_score`).

    Parameters
    ----------
    a, b : sequence, shape (n_units,)
        The two coders' ratings of the same units; no missing ratings.
    weights : {None, "linear", "quadratic"}
        Weighting of disagreements for ordered categories (None: unweighted).
    labels : sequence, optional
        All categories, shape (n_categories,); by default those that occur.
    sample_weight : sequence, shape (n_units,), optional
        How many identical units each position stands for.

    Returns
    -------
    float
        Kappa in [-1, 1]; NaN when chance agreement is 1 (both coders used one category only).

    Raises
    ------
    AgreementError
        If the lengths differ, a rating is missing or ``weights`` is unknown.
    """
    first = np.asarray(a, dtype=object)
    second = np.asarray(b, dtype=object)
    if first.ndim != 1 or second.ndim != 1 or len(first) != len(second):
        raise AgreementError(
            f"cohen_kappa needs two 1-D sequences of equal length; found shapes {first.shape} "
            f"and {second.shape}."
        )
    if len(first) == 0:
        raise AgreementError("cohen_kappa needs at least one unit; found none.")
    n_missing = sum(_is_missing(v) for v in first.tolist()) + sum(
        _is_missing(v) for v in second.tolist()
    )
    if n_missing:
        raise AgreementError(
            f"cohen_kappa needs both coders to rate every unit; found {n_missing} missing "
            "rating(s). Rate them as 'none', drop those units, or use krippendorff_alpha, "
            "which allows missing ratings."
        )
    if weights not in (None, "linear", "quadratic"):
        raise AgreementError(f"Unknown weights {weights!r}; use None, 'linear' or 'quadratic'.")
    weight = _check_sample_weight(sample_weight, len(first))
    first_list, second_list = first.tolist(), second.tolist()
    counted = np.ones(len(first), dtype=bool) if weight is None else weight > 0
    used = {v for v, c in zip(first_list, counted, strict=True) if c} | {
        v for v, c in zip(second_list, counted, strict=True) if c
    }
    if len(used) < 2:
        return float("nan")
    return float(
        cohen_kappa_score(
            first_list, second_list, labels=labels, weights=weights, sample_weight=weight
        )
    )


def fleiss_kappa(counts: Any, sample_weight: Any = None) -> float:
    """Fleiss' kappa from rating counts, allowing a different number of coders per unit.

    When every unit has the same number of ratings and no weights are given, this is
    :func:`statsmodels.stats.inter_rater.fleiss_kappa`. Otherwise it is Gwet's generalisation
    for missing ratings (irrCAC ``fleiss.raw``), which equals Fleiss' formula on complete data:
    observed agreement over the units rated twice or more, category shares averaged over the
    units rated at least once (see :func:`agreement_terms`).

    Parameters
    ----------
    counts : array_like, shape (n_units, n_categories)
        Number of coders who gave each unit each category (see :func:`rating_counts`).
    sample_weight : array_like, shape (n_units,), optional
        How many identical units each row stands for.

    Returns
    -------
    float
        Kappa; NaN when chance agreement is 1 (one category only).
    """
    table = _check_counts(counts)
    raters = table.sum(axis=1)
    if sample_weight is None and raters.min() == raters.max() and raters[0] >= 2:
        shares = table.sum(axis=0) / table.sum()
        if (shares**2).sum() >= 1.0:
            return float("nan")
        return float(_statsmodels_fleiss_kappa(table, method="fleiss"))
    return _chance_corrected(agreement_terms(table, "fleiss", sample_weight))


def gwet_ac1(data: Any, categories: Sequence | None = None, sample_weight: Any = None) -> float:
    """Gwet's AC1 for any number of coders with missing ratings (Gwet 2014; irrCAC ``gwet.ac1.raw``).

    Parameters
    ----------
    data : array_like, shape (n_coders, n_units)
        Reliability data, ``NaN``/``None`` for a missing rating.
    categories : sequence, optional
        All possible ratings, shape (n_categories,); AC1 depends on their number. Defaults to
        the ratings that occur.
    sample_weight : array_like, shape (n_units,), optional
        How many identical units each column stands for.

    Returns
    -------
    float
        AC1; NaN when chance agreement is 1.
    """
    counts, _ = rating_counts(data, categories)
    return _chance_corrected(agreement_terms(counts, "gwet", sample_weight))


def brennan_prediger(
    data: Any, categories: Sequence | None = None, sample_weight: Any = None
) -> float:
    """Brennan and Prediger's coefficient (chance agreement ``1 / n_categories``; irrCAC).

    Parameters
    ----------
    data : array_like, shape (n_coders, n_units)
        Reliability data, ``NaN``/``None`` for a missing rating.
    categories : sequence, optional
        All possible ratings, shape (n_categories,). Defaults to the ratings that occur.
    sample_weight : array_like, shape (n_units,), optional
        How many identical units each column stands for.

    Returns
    -------
    float
        The coefficient; NaN with a single category.
    """
    counts, _ = rating_counts(data, categories)
    return _chance_corrected(agreement_terms(counts, "brennan_prediger", sample_weight))


def krippendorff_alpha(
    data: Any,
    level: str = "nominal",
    value_domain: Sequence | None = None,
    sample_weight: Any = None,
) -> float:
    """Krippendorff's alpha (the ``krippendorff`` package).

    Parameters
    ----------
    data : array_like, shape (n_coders, n_units)
        Reliability data, ``NaN``/``None`` for a missing rating. Strings are allowed for the
        nominal level, and for the ordinal level when ``value_domain`` gives their order.
    level : {"nominal", "ordinal", "interval", "ratio"}
        Level of measurement.
    value_domain : sequence, optional
        All possible values, shape (n_values,), in order for non-nominal levels.
    sample_weight : array_like, shape (n_units,), optional
        How many identical units each column stands for. At the nominal level alpha is computed
        from the weighted coincidence matrix (the package's formula, each unit's contribution
        multiplied by its weight); at other levels the weights must be whole numbers and the
        units are repeated before calling the package.

    Returns
    -------
    float
        Alpha; NaN when fewer than two distinct values are pairable (alpha is undefined).

    Raises
    ------
    AgreementError
        If the level is unknown, string ratings are used at the interval or ratio level, or
        non-integer weights are used at a non-nominal level.
    """
    if level not in LEVELS:
        raise AgreementError(f"Unknown level {level!r}; use one of {', '.join(LEVELS)}.")
    matrix = _reliability_matrix(data)
    weight = _check_sample_weight(sample_weight, matrix.shape[1])
    if not _present(matrix).any():
        return float("nan")  # no ratings at all: nothing to pair, as with a single value
    if matrix.dtype == object:
        if level in ("interval", "ratio"):
            raise AgreementError(
                f"The {level} level needs numeric ratings; found text ratings such as "
                f"{matrix[_present(matrix)][0]!r}."
            )
        if level == "ordinal" and value_domain is None:
            raise AgreementError(
                "The ordinal level needs value_domain, the ordered list of the text ratings."
            )
        domain = _categories_of(matrix, value_domain)
        matrix = _category_index(matrix, domain)
        value_domain = np.arange(len(domain), dtype=float)
    else:
        value_domain = _categories_of(matrix, value_domain)
    counts, _ = rating_counts(matrix, value_domain)
    pairable = counts.sum(axis=1) >= 2
    if weight is not None:
        pairable &= weight > 0
    if np.count_nonzero(counts[pairable].sum(axis=0)) < 2:
        return float("nan")
    if weight is None:
        return float(
            krippendorff.alpha(
                reliability_data=matrix, value_domain=value_domain, level_of_measurement=level
            )
        )
    if level == "nominal":
        return _weighted_nominal_alpha(counts[pairable], weight[pairable])
    if (weight != np.round(weight)).any():
        raise AgreementError(
            f"At the {level} level, sample_weight must hold whole numbers of units."
        )
    repeated = np.repeat(counts[pairable], weight[pairable].astype(int), axis=0)
    return float(
        krippendorff.alpha(
            value_counts=repeated, value_domain=value_domain, level_of_measurement=level
        )
    )


def _weighted_nominal_alpha(counts: np.ndarray, weight: np.ndarray) -> float:
    """Nominal alpha from value counts (units x values) of pairable units with unit weights."""
    scale = weight / (counts.sum(axis=1) - 1)
    coincidences = np.einsum("u,ui,uj->ij", scale, counts, counts) - np.diag(scale @ counts)
    totals = coincidences.sum(axis=0)
    n_pairable = totals.sum()
    observed = coincidences.sum() - np.trace(coincidences)
    expected = (totals.sum() ** 2 - (totals**2).sum()) / (n_pairable - 1)
    return float(1.0 - observed / expected)


# --------------------------------------------------------------------------------------------
# Binary (unit, code) items: the coefficients of a report, Campbell's rule
# --------------------------------------------------------------------------------------------


def pair_counts(values: np.ndarray, weight: np.ndarray, first: int, second: int) -> np.ndarray:
    """Weighted 2x2 table [[none/none, none/applied], [applied/none, applied/applied]]."""
    a, b = values[:, first], values[:, second]
    both = ~np.isnan(a) & ~np.isnan(b)
    index = (a[both] * 2 + b[both]).astype(int)
    return np.bincount(index, weights=weight[both], minlength=4).reshape(2, 2)


def kappa_from_table(table: np.ndarray) -> float:
    """Cohen's kappa of a weighted 2x2 table through :func:`cohen_kappa`."""
    if table.sum() == 0:
        return float("nan")
    first = np.array([0, 0, 1, 1])
    second = np.array([0, 1, 0, 1])
    weight = table.ravel()
    return cohen_kappa(first, second, labels=[0, 1], sample_weight=weight)


def campbell_share(tables: Sequence[np.ndarray]) -> float:
    """Percent agreement by Campbell et al. (2013)'s rule, from coder-pair 2x2 tables.

    "Segments of text which were coded into more than one code were regarded as different and
    independent units": every (unit, code) item that either coder of a pair applied counts,
    and agreement is the share that both applied, pooled over the coder pairs.

    Parameters
    ----------
    tables : sequence of ndarray, shape (2, 2)
        One :func:`pair_counts` table per coder pair.

    Returns
    -------
    float
        Agreement in [0, 1]; NaN when no coder applied any code.
    """
    coded_pairs = sum(t[0, 1] + t[1, 0] + t[1, 1] for t in tables)
    return float(sum(t[1, 1] for t in tables) / coded_pairs) if coded_pairs > 0 else float("nan")


def binary_coefficients(values: np.ndarray, weight: np.ndarray, chance_corrected: bool) -> dict:
    """All coefficients of binary (unit, code) items, at full precision.

    Parameters
    ----------
    values : ndarray of float, shape (n_items, n_coders)
        1.0 applied, 0.0 not applied, NaN the coder did not rate the item.
    weight : ndarray of float, shape (n_items,)
        How many items each row stands for.
    chance_corrected : bool
        Compute Cohen's and Fleiss' kappa, Krippendorff's alpha and Gwet's AC1 (else NaN).

    Returns
    -------
    dict
        ``n_items``, ``n_coded``, ``percent_agreement``, ``campbell_percent_agreement``,
        ``cohen_kappa`` (mean over coder pairs), ``fleiss_kappa``, ``krippendorff_alpha``,
        ``gwet_ac1``.
    """
    n_coders = values.shape[1]
    result: dict[str, float] = {}
    rated = (~np.isnan(values)).sum(axis=1) >= 2
    values, weight = values[rated], weight[rated]
    applied = np.nansum(values, axis=1)
    n_rated = (~np.isnan(values)).sum(axis=1)
    result["n_items"] = float(weight.sum())
    result["n_coded"] = float(weight[applied > 0].sum())
    nan = float("nan")
    if weight.sum() == 0:
        return {
            **result,
            "percent_agreement": nan,
            "campbell_percent_agreement": nan,
            "cohen_kappa": nan,
            "fleiss_kappa": nan,
            "krippendorff_alpha": nan,
            "gwet_ac1": nan,
        }
    counts = np.stack([n_rated - applied, applied], axis=1)
    result["percent_agreement"] = agreement_terms(counts, "fleiss", weight)["observed"]
    tables = [pair_counts(values, weight, a, b) for a, b in combinations(range(n_coders), 2)]
    result["campbell_percent_agreement"] = campbell_share(tables)
    if chance_corrected:
        kappas = [kappa_from_table(t) for t in tables if t.sum() > 0]
        result["cohen_kappa"] = (
            float(np.mean(kappas)) if kappas and not np.isnan(kappas).any() else nan
        )
        result["fleiss_kappa"] = fleiss_kappa(counts, sample_weight=weight)
        result["krippendorff_alpha"] = krippendorff_alpha(
            values.T, "nominal", value_domain=[0.0, 1.0], sample_weight=weight
        )
        result["gwet_ac1"] = gwet_ac1(values.T, categories=[0.0, 1.0], sample_weight=weight)
    else:
        for name in ("cohen_kappa", "fleiss_kappa", "krippendorff_alpha", "gwet_ac1"):
            result[name] = nan
    return result
