"""Inter-coder agreement for thematic coding, computed from Label Studio JSON exports.

The module has three layers.

1. Coefficients, one function per coefficient (:func:`percent_agreement`, :func:`cohen_kappa`,
   :func:`fleiss_kappa`, :func:`krippendorff_alpha`, :func:`gwet_ac1`,
   :func:`brennan_prediger`). They take reliability data (coders x units, ``NaN`` or ``None``
   for a missing rating) or rating counts (units x categories) and hand them to scikit-learn,
   statsmodels and the ``krippendorff`` package where those have the coefficient. Gwet's AC1,
   Brennan-Prediger and Fleiss' kappa with missing ratings follow Gwet (2014) and his R package
   irrCAC, which the libraries do not cover.
2. Units: :func:`turn_units`, :func:`sentence_units`, :func:`bracketed_units`,
   :func:`overlap_units`, :func:`character_units` and :func:`presence_units` turn an export into
   :class:`Units`, a table with one row per (unit, code) item and one column per coder holding
   1 (the coder applied the code), 0 (the coder annotated the task but did not apply the code:
   "none") or NaN (the coder did not annotate the task). Text that only one coder coded counts
   as "not coded" by the others; it is never dropped. Every :class:`Units` states its unit in
   ``Units.unit``.
3. Reports: :func:`agreement_report` (overall, per code, per hierarchy level, coder x coder,
   disagreements), :func:`campbell_percent_agreement` and :func:`negotiated_agreement`.

Nothing here prints or rounds; format the numbers when exporting them. See docs/agreement.md.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations
from numbers import Integral, Real
from typing import Any

import krippendorff
import numpy as np
import pandas as pd
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components
from sklearn.metrics import cohen_kappa_score
from statsmodels.stats.inter_rater import fleiss_kappa as _statsmodels_fleiss_kappa

from ..label_config.errors import ThematicError
from ..label_config.transcripts import split_sentences as transcript_sentences

__all__ = [
    "AgreementError",
    "UNIT_SCHEMES",
    "Units",
    "agreement_report",
    "agreement_terms",
    "brennan_prediger",
    "bracketed_units",
    "campbell_percent_agreement",
    "character_units",
    "coder_of",
    "cohen_kappa",
    "fleiss_kappa",
    "gwet_ac1",
    "krippendorff_alpha",
    "label_studio_task_agreement",
    "negotiated_agreement",
    "overlap_units",
    "percent_agreement",
    "presence_units",
    "rating_counts",
    "reliability_data",
    "sentence_units",
    "split_sentences",
    "turn_units",
    "units_from_export",
]


class AgreementError(ThematicError):
    """Agreement cannot be computed from the given export or ratings."""


LEVELS = ("nominal", "ordinal", "interval", "ratio")
CHANCE_MODELS = ("fleiss", "gwet", "brennan_prediger")
UNIT_SCHEMES = ("turns", "sentences", "bracketed", "overlap", "characters", "presence")
OVERLAP_MEASURES = ("iou", "shorter")
NONE_CODE = "none"
OUTCOME_AGREED = "agreed"
OUTCOME_DISAGREED = "disagreed"


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
    distinct = set(observed.tolist()) if matrix.dtype == object else np.unique(observed).tolist()
    unknown = sorted({str(v) for v in distinct} - {str(v) for v in categories.tolist()})
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
# Reading Label Studio exports
# --------------------------------------------------------------------------------------------


def coder_of(annotation: Mapping) -> int | str:
    """Who made an annotation: ``completed_by`` when it is an id, its ``email`` when a dict.

    Parameters
    ----------
    annotation : mapping
        One element of a task's ``annotations`` in a Label Studio JSON export.

    Returns
    -------
    int or str
        The user id, or the e-mail address when the export expanded the user (a dict with an
        ``email``; its ``id`` when the e-mail is empty).

    Raises
    ------
    AgreementError
        If the annotation names no coder.
    """
    if not isinstance(annotation, Mapping):
        raise AgreementError(
            f"An annotation must be a JSON object; found {type(annotation).__name__}."
        )
    user = annotation.get("completed_by")
    if isinstance(user, Mapping):
        if user.get("email"):
            return str(user["email"])
        user = user.get("id")
    if isinstance(user, bool) or not isinstance(user, (Integral, str)) or user == "":
        raise AgreementError(
            f"Annotation {annotation.get('id', '?')} has no coder in 'completed_by' "
            f"(found {user!r}); agreement needs to know who coded what."
        )
    return int(user) if isinstance(user, Integral) else user


@dataclass(frozen=True, eq=False)
class _Export:
    """Spans of the selected coders in the tasks that two or more of them annotated."""

    task_ids: list
    texts: list[str]
    participants: list
    turns: list
    coders: tuple
    codes: tuple
    coded: np.ndarray  # bool, (n_tasks, n_coders): the coder annotated the task
    task: np.ndarray  # int, (n_spans,) task position
    coder: np.ndarray  # int, (n_spans,) coder position
    code: np.ndarray  # int, (n_spans,) code position
    start: np.ndarray  # int, (n_spans,)
    end: np.ndarray  # int, (n_spans,)

    @property
    def big(self) -> int:
        """A stride larger than any offset, to sort (group, offset) pairs as one integer."""
        return max((len(text) for text in self.texts), default=0) + 1

    def recoded(self, mapping: Mapping[str, str]) -> _Export:
        """The same spans with every code replaced by ``mapping[code]``."""
        new_codes = tuple(dict.fromkeys(mapping[c] for c in self.codes))
        position = {c: i for i, c in enumerate(new_codes)}
        lookup = np.array([position[mapping[c]] for c in self.codes], dtype=np.int64)
        return _Export(
            self.task_ids,
            self.texts,
            self.participants,
            self.turns,
            self.coders,
            new_codes,
            self.coded,
            self.task,
            self.coder,
            lookup[self.code] if len(self.code) else self.code,
            self.start,
            self.end,
        )


def _annotation_order(annotation: Mapping, position: int) -> tuple:
    return (str(annotation.get("updated_at") or annotation.get("created_at") or ""), position)


def _read_export(
    tasks: Any,
    coders: Sequence | None = None,
    codes: Sequence[str] | None = None,
    from_name: str | None = None,
    text_key: str = "text",
) -> _Export:
    """Parse an export, keep the selected coders and the tasks that two or more annotated."""
    if isinstance(tasks, Mapping):
        tasks = [tasks]
    if not isinstance(tasks, Sequence) or isinstance(tasks, (str, bytes)):
        raise AgreementError(
            "tasks must be a Label Studio JSON export: a list of tasks; found "
            f"{type(tasks).__name__}."
        )
    if len(tasks) == 0:
        raise AgreementError("The export has no tasks.")
    codebook = None
    if codes is not None:
        codebook = list(dict.fromkeys(str(c) for c in codes))
        if not codebook:
            raise AgreementError("codes must name at least one code.")
    all_coders: dict = {}
    per_task: list[dict] = []
    spans: list[tuple] = []  # (task position, coder key, code, start, end)
    task_ids, texts, participants, turns = [], [], [], []
    for position, task in enumerate(tasks):
        if not isinstance(task, Mapping):
            raise AgreementError(
                f"Task {position} is not a JSON object; found {type(task).__name__}."
            )
        task_id = task.get("id", position)
        data = task.get("data")
        text = data.get(text_key) if isinstance(data, Mapping) else None
        if not isinstance(text, str):
            raise AgreementError(
                f"Task {task_id} has no text in data[{text_key!r}]; agreement needs the text "
                "to place the spans (set text_key to the data field your labelling config uses)."
            )
        annotations = task.get("annotations") or []
        if not isinstance(annotations, list):
            raise AgreementError(f"Task {task_id} has 'annotations' that is not a list.")
        latest: dict = {}
        for index, annotation in enumerate(annotations):
            if not isinstance(annotation, Mapping):
                raise AgreementError(f"Task {task_id} has an annotation that is not a JSON object.")
            if annotation.get("was_cancelled"):
                continue
            key = coder_of(annotation)
            all_coders.setdefault(key, None)
            if key not in latest or _annotation_order(annotation, index) >= _annotation_order(
                latest[key], latest[key]["__position"]
            ):
                latest[key] = {**annotation, "__position": index}
        task_ids.append(task_id)
        texts.append(text)
        participants.append(data.get("participant"))
        turns.append(data.get("turns"))
        per_task.append(latest)
        for key, annotation in latest.items():
            for result in annotation.get("result") or []:
                if not isinstance(result, Mapping) or result.get("type") != "labels":
                    continue
                if from_name is not None and result.get("from_name") != from_name:
                    continue
                value = result.get("value") or {}
                start, end = value.get("start"), value.get("end")
                where = f"span {result.get('id', '?')} of task {task_id} (annotation {annotation.get('id', '?')})"
                if not isinstance(start, Integral) or not isinstance(end, Integral):
                    raise AgreementError(
                        f"The {where} has no integer start and end offsets (found {start!r}, "
                        f"{end!r}); only text spans can be compared."
                    )
                if not 0 <= start <= end <= len(text):
                    raise AgreementError(
                        f"The {where} runs from {start} to {end}, outside the text of "
                        f"{len(text)} characters."
                    )
                if start == end:
                    continue
                for label in value.get("labels") or []:
                    if codebook is not None and label not in codebook:
                        raise AgreementError(
                            f"Unknown code {label!r} in task {task_id}; the codebook has: "
                            f"{', '.join(codebook)}."
                        )
                    spans.append((position, key, str(label), int(start), int(end)))
    if coders is None:
        selected = tuple(all_coders)
    else:
        selected = tuple(dict.fromkeys(coders))
        unknown = [c for c in selected if c not in all_coders]
        if unknown:
            raise AgreementError(
                f"Unknown coder {unknown[0]!r}; the export has: "
                f"{', '.join(str(c) for c in all_coders)}."
            )
        if len(selected) < 2:
            raise AgreementError(f"Agreement needs two or more coders; found {len(selected)}.")
    if len(selected) < 2:
        raise AgreementError(
            f"Agreement needs two or more coders; the export has {len(selected)} "
            f"({', '.join(str(c) for c in selected) or 'none'})."
        )
    coder_position = {c: i for i, c in enumerate(selected)}
    coded = np.array([[c in latest for c in selected] for latest in per_task], dtype=bool).reshape(
        len(per_task), len(selected)
    )
    shared = coded.sum(axis=1) >= 2
    if coders is not None:
        for first, second in combinations(range(len(selected)), 2):
            if not (coded[:, first] & coded[:, second]).any():
                raise AgreementError(
                    f"Coders {selected[first]} and {selected[second]} share no tasks; agreement "
                    "compares coders on the tasks they both annotated. Choose coders who "
                    "annotated the same tasks."
                )
    if not shared.any():
        raise AgreementError(
            f"No task was annotated by two or more of the coders "
            f"{', '.join(str(c) for c in selected)}; agreement needs double-coded tasks."
        )
    keep = np.flatnonzero(shared)
    new_position = np.full(len(per_task), -1)
    new_position[keep] = np.arange(len(keep))
    spans = [s for s in spans if s[1] in coder_position and shared[s[0]]]
    code_names = codebook if codebook is not None else sorted({s[2] for s in spans})
    if not code_names:
        raise AgreementError(
            "No coder applied any code (a 'labels' span) in the tasks that two or more coders "
            "annotated; pass the codebook as codes=... to compare coders who coded nothing."
        )
    code_position = {c: i for i, c in enumerate(code_names)}
    columns = list(zip(*spans, strict=True)) if spans else [(), (), (), (), ()]
    return _Export(
        task_ids=[task_ids[i] for i in keep],
        texts=[texts[i] for i in keep],
        participants=[participants[i] for i in keep],
        turns=[turns[i] for i in keep],
        coders=selected,
        codes=tuple(code_names),
        coded=coded[keep],
        task=new_position[np.asarray(columns[0], dtype=np.int64)],
        coder=np.array([coder_position[c] for c in columns[1]], dtype=np.int64),
        code=np.array([code_position[c] for c in columns[2]], dtype=np.int64),
        start=np.asarray(columns[3], dtype=np.int64),
        end=np.asarray(columns[4], dtype=np.int64),
    )


# --------------------------------------------------------------------------------------------
# Interval machinery (vectorised; spans grouped by an integer key)
# --------------------------------------------------------------------------------------------


def _merge_intervals(
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


def _covered(
    group: np.ndarray,
    start: np.ndarray,
    end: np.ndarray,
    big: int,
    query_group: np.ndarray,
    query_start: np.ndarray,
    query_end: np.ndarray,
) -> np.ndarray:
    """Length of [query_start, query_end) covered by the disjoint intervals of query_group.

    ``group, start, end`` must come from :func:`_merge_intervals`.
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


def _expand_ranges(low: np.ndarray, high: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """All (row, j) with low[row] <= j < high[row]."""
    lengths = np.maximum(high - low, 0)
    row = np.repeat(np.arange(len(low)), lengths)
    first = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    j = low[row] + np.arange(lengths.sum()) - first[row]
    return row, j


# --------------------------------------------------------------------------------------------
# Units
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class Units:
    """Code assignments of several coders, one row per (unit, code) item.

    Attributes
    ----------
    unit : str
        What a unit is and how uncoded text is treated; report it with every figure.
    scheme : str
        One of :data:`UNIT_SCHEMES`.
    coders : tuple
        The coders, in column order.
    codes : tuple of str
        The codes.
    items : pandas.DataFrame, shape (n_items, 8 + n_coders)
        Columns ``unit_id`` (items of one unit share it; -1 for collapsed rows), ``task``
        (position), ``task_id``, ``participant``, ``code``, ``unit_start``, ``unit_end``
        (character offsets, -1 for collapsed rows), ``weight`` (number of units or characters
        the row stands for), then one column per coder: 1.0 applied, 0.0 not applied ("none"),
        NaN did not annotate the task. Items that no coder applied are collapsed into one row
        per task and code whose ``weight`` counts them.
    n_units : float
        Number of units (characters for the character scheme, where a unit is a character and
        a code) in the tasks that two or more coders annotated.
    texts : tuple of str
        The text of each task, by ``task`` position.
    """

    unit: str
    scheme: str
    coders: tuple
    codes: tuple
    items: pd.DataFrame
    n_units: float
    texts: tuple


_UNCODED = (
    "A code a coder did not apply counts as 'none' (0) for that coder, also where only another "
    "coder coded; only tasks that two or more of the coders annotated count."
)


def _overlap_rule(min_overlap: float) -> str:
    if min_overlap == 0:
        return "a coder applied a code to a unit when any span of that code overlaps it"
    return (
        "a coder applied a code to a unit when the coder's spans of that code cover at least "
        f"{min_overlap:g} of the unit's characters"
    )


def _check_fraction(value: Any, name: str, allow_zero: bool) -> float:
    if isinstance(value, bool) or not isinstance(value, Real) or not np.isfinite(value):
        raise AgreementError(f"{name} must be a number between 0 and 1; found {value!r}.")
    low_ok = value >= 0 if allow_zero else value > 0
    if not (low_ok and value <= 1):
        bound = "0 <= " if allow_zero else "0 < "
        raise AgreementError(f"{name} must satisfy {bound}{name} <= 1; found {value!r}.")
    return float(value)


def _build_items(
    export: _Export,
    unit_task: np.ndarray,
    unit_start: np.ndarray,
    unit_end: np.ndarray,
    unit_code: np.ndarray,
    applied: np.ndarray,
    unit_id: np.ndarray,
    weight: np.ndarray,
    zero_weight: np.ndarray,
) -> pd.DataFrame:
    """Assemble the items table.

    ``unit_*`` (n_items,) describe items at least one coder applied, ``applied`` (n_items,
    n_coders) is boolean. ``zero_weight`` (n_tasks, n_codes) is the weight of the collapsed
    items that no coder applied.
    """
    n_tasks, n_codes = len(export.texts), len(export.codes)
    zero_task, zero_code = np.nonzero(zero_weight > 0)
    task = np.concatenate([unit_task, zero_task]).astype(np.int64)
    values = np.concatenate([applied.astype(float), np.zeros((len(zero_task), len(export.coders)))])
    values[~export.coded[task]] = np.nan
    code = np.concatenate([unit_code, zero_code]).astype(np.int64)
    n_zero = len(zero_task)
    items = pd.DataFrame(
        {
            "unit_id": np.concatenate([unit_id, np.full(n_zero, -1)]).astype(np.int64),
            "task": task,
            "task_id": pd.Series(export.task_ids, dtype=object).to_numpy()[task] if n_tasks else [],
            "participant": pd.Series(export.participants, dtype=object).to_numpy()[task],
            "code": pd.Categorical.from_codes(code, categories=list(export.codes))
            if n_codes
            else pd.Categorical([]),
            "unit_start": np.concatenate([unit_start, np.full(n_zero, -1)]).astype(np.int64),
            "unit_end": np.concatenate([unit_end, np.full(n_zero, -1)]).astype(np.int64),
            "weight": np.concatenate([weight, zero_weight[zero_task, zero_code]]).astype(float),
        }
    )
    coder_frame = pd.DataFrame(values, columns=list(export.coders))
    items = pd.concat([items, coder_frame], axis=1)
    return items.sort_values(["task", "code", "unit_start"], kind="stable").reset_index(drop=True)


def _fixed_units(
    export: _Export,
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
    merged_group, merged_start, merged_end = _merge_intervals(group, export.start, export.end, big)
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
    span, unit = _expand_ranges(low, high)
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
    items = _build_items(
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


def _units(export: _Export, scheme: str, unit: str, items: pd.DataFrame, n_units: float) -> Units:
    return Units(
        unit=unit,
        scheme=scheme,
        coders=export.coders,
        codes=export.codes,
        items=items,
        n_units=n_units,
        texts=tuple(export.texts),
    )


def _turn_arrays(export: _Export) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
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


def _check_min_overlap(min_overlap: Any) -> float:
    return _check_fraction(min_overlap, "min_overlap", allow_zero=True)


def _turn_units(export: _Export, min_overlap: float) -> Units:
    items, n_units = _fixed_units(export, *_turn_arrays(export), min_overlap)
    unit = (
        "turn: each turn imported with the transcript (data['turns']), all speakers; "
        f"{_overlap_rule(min_overlap)}; each (turn, code) pair is one item. {_UNCODED}"
    )
    return _units(export, "turns", unit, items, n_units)


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
    min_overlap = _check_min_overlap(min_overlap)
    return _turn_units(_read_export(tasks, coders, codes, from_name, text_key), min_overlap)


_LINE_BREAK = re.compile(r"\n")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Split a text into sentences, as the import and the backend do, and at every line break.

    Each line is split by :func:`ls_thematic.label_config.transcripts.split_sentences`: a
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


def _sentence_units(
    export: _Export, min_overlap: float, split: Callable[[str], Iterable[tuple[int, int]]] | None
) -> Units:
    if split is None:
        items, n_units = _fixed_units(export, *_split_all(tuple(export.texts)), min_overlap)
        unit = (
            "sentence: each sentence of the text, found by split_sentences (punctuation and line "
            f"breaks); {_overlap_rule(min_overlap)}; each (sentence, code) pair is one item. "
            f"{_UNCODED}"
        )
        return _units(export, "sentences", unit, items, n_units)
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
        f"sentence: each sentence of the text, found by {how}; {_overlap_rule(min_overlap)}; "
        f"each (sentence, code) pair is one item. {_UNCODED}"
    )
    return _units(export, "sentences", unit, items, n_units)


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
    min_overlap = _check_min_overlap(min_overlap)
    export = _read_export(tasks, coders, codes, from_name, text_key)
    return _sentence_units(export, min_overlap, split)


def _bracketed_units(export: _Export, bracketing_coder: Any, min_overlap: float) -> Units:
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
    restricted = _Export(
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
        f"{bracketing_coder}, any code (Campbell et al. 2013); {_overlap_rule(min_overlap)}; "
        f"each (passage, code) pair is one item. {_UNCODED}"
    )
    return _units(restricted, "bracketed", unit, items, n_units)


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
    min_overlap = _check_min_overlap(min_overlap)
    export = _read_export(tasks, coders, codes, from_name, text_key)
    return _bracketed_units(export, bracketing_coder, min_overlap)


def _overlap_units(export: _Export, threshold: float, overlap: str) -> Units:
    if overlap not in OVERLAP_MEASURES:
        raise AgreementError(
            f"Unknown overlap measure {overlap!r}; use 'iou' (intersection over union) or "
            "'shorter' (intersection over the shorter span)."
        )
    n_coders, n_codes, big = len(export.coders), len(export.codes), export.big
    group = (export.task * n_coders + export.coder) * n_codes + export.code
    merged_group, start, end = _merge_intervals(group, export.start, export.end, big)
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
    first, second = _expand_ranges(np.arange(len(start)) + 1, high)
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
    items = _build_items(
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
        f"coded, so chance-corrected coefficients are not reported for this unit. {_UNCODED}"
    )
    return _units(export, "overlap", unit, items, float(n_components))


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
    threshold = _check_fraction(threshold, "threshold", allow_zero=False)
    export = _read_export(tasks, coders, codes, from_name, text_key)
    return _overlap_units(export, threshold, overlap)


def _character_units(export: _Export) -> Units:
    n_coders, n_codes, big = len(export.coders), len(export.codes), export.big
    group = (export.task * n_coders + export.coder) * n_codes + export.code
    merged_group, start, end = _merge_intervals(group, export.start, export.end, big)
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
    covered = _covered(
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
    items = _build_items(
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
        f"{_UNCODED}"
    )
    return _units(export, "characters", unit, items, float(lengths.sum() * n_codes))


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
    return _character_units(_read_export(tasks, coders, codes, from_name, text_key))


def _presence_units(export: _Export) -> Units:
    n_tasks, n_coders, n_codes = len(export.texts), len(export.coders), len(export.codes)
    applied = np.zeros((n_tasks, n_codes, n_coders), dtype=bool)
    applied[export.task, export.code, export.coder] = True
    task, code = np.meshgrid(np.arange(n_tasks), np.arange(n_codes), indexing="ij")
    lengths = np.array([len(t) for t in export.texts], dtype=np.int64)
    items = _build_items(
        export,
        task.ravel(),
        np.zeros(task.size, dtype=np.int64),
        lengths[task.ravel()],
        code.ravel(),
        applied.reshape(-1, n_coders),
        task.ravel(),
        np.ones(task.size),
        np.zeros((n_tasks, n_codes)),
    )
    unit = (
        "document: each task (document) and code is one unit; a coder applied the code when "
        f"they coded it anywhere in the document (MAXQDA's code presence). {_UNCODED}"
    )
    return _units(export, "presence", unit, items, float(n_tasks))


def presence_units(
    tasks: Sequence[Mapping],
    coders: Sequence | None = None,
    *,
    codes: Sequence[str] | None = None,
    from_name: str | None = None,
    text_key: str = "text",
) -> Units:
    """Code presence per document (as MAXQDA): per task and code, did the coder use it.

    Parameters
    ----------
    tasks, coders, codes, from_name, text_key
        As in :func:`turn_units`.

    Returns
    -------
    Units
        One row per (task, code); see :class:`Units`.
    """
    return _presence_units(_read_export(tasks, coders, codes, from_name, text_key))


def _build_units(export: _Export, unit: str, options: Mapping[str, Any]) -> Units:
    if unit == "turns":
        return _turn_units(export, options["min_overlap"])
    if unit == "sentences":
        return _sentence_units(export, options["min_overlap"], options["split"])
    if unit == "bracketed":
        return _bracketed_units(export, options["bracketing_coder"], options["min_overlap"])
    if unit == "overlap":
        return _overlap_units(export, options["threshold"], options["overlap"])
    if unit == "characters":
        return _character_units(export)
    return _presence_units(export)


_UNIT_OPTIONS = {
    "min_overlap": 0.5,
    "split": None,
    "bracketing_coder": None,
    "threshold": 0.5,
    "overlap": "iou",
}


def _check_unit_options(unit: str, options: Mapping[str, Any]) -> dict[str, Any]:
    if unit not in UNIT_SCHEMES:
        raise AgreementError(f"Unknown unit {unit!r}; use one of {', '.join(UNIT_SCHEMES)}.")
    unknown = sorted(set(options) - set(_UNIT_OPTIONS))
    if unknown:
        raise AgreementError(
            f"Unknown option {unknown[0]!r}; the unit options are: {', '.join(_UNIT_OPTIONS)}."
        )
    merged = {**_UNIT_OPTIONS, **options}
    merged["min_overlap"] = _check_min_overlap(merged["min_overlap"])
    merged["threshold"] = _check_fraction(merged["threshold"], "threshold", allow_zero=False)
    if merged["overlap"] not in OVERLAP_MEASURES:
        raise AgreementError(
            f"Unknown overlap measure {merged['overlap']!r}; use 'iou' (intersection over "
            "union) or 'shorter' (intersection over the shorter span)."
        )
    return merged


def units_from_export(
    tasks: Sequence[Mapping],
    unit: str = "turns",
    coders: Sequence | None = None,
    *,
    codes: Sequence[str] | None = None,
    from_name: str | None = None,
    text_key: str = "text",
    **options: Any,
) -> Units:
    """Build :class:`Units` of any scheme.

    Parameters
    ----------
    tasks, coders, codes, from_name, text_key
        As in :func:`turn_units`.
    unit : {"turns", "sentences", "bracketed", "overlap", "characters", "presence"}
        The unit scheme.
    **options
        ``min_overlap`` (turns, sentences, bracketed), ``split`` (sentences),
        ``bracketing_coder`` (bracketed), ``threshold`` and ``overlap`` (overlap).

    Returns
    -------
    Units
    """
    options = _check_unit_options(unit, options)
    return _build_units(_read_export(tasks, coders, codes, from_name, text_key), unit, options)


# --------------------------------------------------------------------------------------------
# Agreement on Units
# --------------------------------------------------------------------------------------------


def reliability_data(units: Units, code: str | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Reliability data of binary items, ready for the coefficient functions.

    Parameters
    ----------
    units : Units
        Code assignments.
    code : str, optional
        Only the items of this code; by default all items (codes pooled, each (unit, code) pair
        an independent binary unit).

    Returns
    -------
    data : ndarray of float, shape (n_coders, n_items)
        1.0 applied, 0.0 not applied, NaN coder did not annotate the task.
    sample_weight : ndarray of float, shape (n_items,)
        How many units each item stands for.
    """
    items = units.items
    if code is not None:
        if code not in units.codes:
            raise AgreementError(f"Unknown code {code!r}; the codes are: {', '.join(units.codes)}.")
        items = items[items["code"] == code]
    return items[list(units.coders)].to_numpy(dtype=float).T, items["weight"].to_numpy(float)


def _pair_counts(values: np.ndarray, weight: np.ndarray, first: int, second: int) -> np.ndarray:
    """Weighted 2x2 table [[none/none, none/applied], [applied/none, applied/applied]]."""
    a, b = values[:, first], values[:, second]
    both = ~np.isnan(a) & ~np.isnan(b)
    index = (a[both] * 2 + b[both]).astype(int)
    return np.bincount(index, weights=weight[both], minlength=4).reshape(2, 2)


def _kappa_from_table(table: np.ndarray) -> float:
    """Cohen's kappa of a weighted 2x2 table through :func:`cohen_kappa`."""
    if table.sum() == 0:
        return float("nan")
    first = np.array([0, 0, 1, 1])
    second = np.array([0, 1, 0, 1])
    weight = table.ravel()
    return cohen_kappa(first, second, labels=[0, 1], sample_weight=weight)


def _coefficients(values: np.ndarray, weight: np.ndarray, chance_corrected: bool) -> dict:
    """All coefficients for binary items: values (n_items, n_coders), weight (n_items,)."""
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
    tables = [_pair_counts(values, weight, a, b) for a, b in combinations(range(n_coders), 2)]
    coded_pairs = sum(t[0, 1] + t[1, 0] + t[1, 1] for t in tables)
    result["campbell_percent_agreement"] = (
        float(sum(t[1, 1] for t in tables) / coded_pairs) if coded_pairs > 0 else nan
    )
    if chance_corrected:
        kappas = [_kappa_from_table(t) for t in tables if t.sum() > 0]
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


def campbell_percent_agreement(
    units: Units, coders: Sequence | None = None, code: str | None = None
) -> float:
    """Percent agreement with each (unit, code) pair an independent unit (Campbell et al. 2013).

    "Segments of text which were coded into more than one code were regarded as different and
    independent units": every (unit, code) pair that either coder applied is one unit, and
    agreement is the share of them that both coders applied. With more than two coders, the
    counts of every coder pair are pooled.

    Parameters
    ----------
    units : Units
        Code assignments (fixed units: turns, sentences or bracketed passages, in the method).
    coders : sequence, optional
        Coders to compare; by default all of ``units.coders``.
    code : str, optional
        Only this code.

    Returns
    -------
    float
        Agreement in [0, 1]; NaN when no coder applied any code.
    """
    selected = list(units.coders if coders is None else coders)
    unknown = [c for c in selected if c not in units.coders]
    if unknown:
        raise AgreementError(
            f"Unknown coder {unknown[0]!r}; the coders are: {', '.join(map(str, units.coders))}."
        )
    if len(selected) < 2:
        raise AgreementError(f"Agreement needs two or more coders; found {len(selected)}.")
    data, weight = reliability_data(units, code)
    positions = [units.coders.index(c) for c in selected]
    return _coefficients(data.T[:, positions], weight, False)["campbell_percent_agreement"]


def _pairwise(units: Units, explicit: bool) -> dict[str, pd.DataFrame]:
    values = units.items[list(units.coders)].to_numpy(dtype=float)
    weight = units.items["weight"].to_numpy(float)
    coders = list(units.coders)
    shape = (len(coders), len(coders))
    kappa, percent, shared = np.full(shape, np.nan), np.full(shape, np.nan), np.zeros(shape)
    task_coded = units.items.groupby("task")[coders].first().notna().to_numpy()
    for a, b in combinations(range(len(coders)), 2):
        n_shared = int((task_coded[:, a] & task_coded[:, b]).sum())
        shared[a, b] = shared[b, a] = n_shared
        if n_shared == 0:
            if explicit:
                raise AgreementError(
                    f"Coders {coders[a]} and {coders[b]} share no tasks; agreement compares "
                    "coders on the tasks they both annotated. Choose coders who annotated the "
                    "same tasks."
                )
            continue
        table = _pair_counts(values, weight, a, b)
        percent[a, b] = percent[b, a] = (table[0, 0] + table[1, 1]) / table.sum()
        if units.scheme != "overlap":
            kappa[a, b] = kappa[b, a] = _kappa_from_table(table)
    np.fill_diagonal(shared, task_coded.sum(axis=0))
    frame = lambda m: pd.DataFrame(m, index=pd.Index(coders, name="coder"), columns=coders)  # noqa: E731
    return {
        "cohen_kappa": frame(kappa),
        "percent_agreement": frame(percent),
        "n_tasks": frame(shared.astype(int)),
    }


def _joined_by_unit(unit_ids: np.ndarray, names: np.ndarray) -> dict:
    """``{unit_id: "code; code"}`` for items sorted by unit id."""
    if len(unit_ids) == 0:
        return {}
    unique, first = np.unique(unit_ids, return_index=True)
    return {
        unit: "; ".join(chunk)
        for unit, chunk in zip(unique.tolist(), np.split(names, first[1:]), strict=True)
    }


def _disagreements(units: Units) -> pd.DataFrame:
    """One row per unit on which the coders' codes differ."""
    items = units.items
    coders = list(units.coders)
    values = items[coders].to_numpy(dtype=float)
    differs = np.nanmax(values, axis=1) != np.nanmin(values, axis=1)
    unit_ids = items["unit_id"].to_numpy()
    columns = ["task_id", "participant", "unit_start", "unit_end", "text", "codes_differing"]
    if not differs.any():
        return pd.DataFrame(columns=[*columns, *coders, "outcome"])
    in_differing = np.isin(unit_ids, unit_ids[differs])
    selected = items[in_differing]
    values, differs = values[in_differing], differs[in_differing]
    order = np.lexsort((selected["code"].cat.codes.to_numpy(), selected["unit_id"].to_numpy()))
    selected, values, differs = selected.iloc[order], values[order], differs[order]
    unit_ids = selected["unit_id"].to_numpy()
    names = np.asarray(units.codes, dtype=object)[selected["code"].cat.codes.to_numpy()]
    unique, first = np.unique(unit_ids, return_index=True)
    head = selected.iloc[first]
    rows = pd.DataFrame(
        {
            "task": head["task"].to_numpy(),
            "task_id": head["task_id"].to_numpy(),
            "participant": head["participant"].to_numpy(),
            "unit_start": head["unit_start"].to_numpy(),
            "unit_end": head["unit_end"].to_numpy(),
        }
    )
    rows["text"] = [
        units.texts[t][s:e]
        for t, s, e in zip(rows["task"], rows["unit_start"], rows["unit_end"], strict=True)
    ]
    differing = _joined_by_unit(unit_ids[differs], names[differs])
    rows["codes_differing"] = [differing[u] for u in unique.tolist()]
    for position, coder in enumerate(coders):
        column = values[:, position]
        applied = _joined_by_unit(unit_ids[column == 1], names[column == 1])
        coded = ~np.isnan(column[first])
        rows[coder] = [
            applied.get(u, NONE_CODE) if c else np.nan
            for u, c in zip(unique.tolist(), coded, strict=True)
        ]
    rows["outcome"] = ""
    rows = rows.sort_values(["task", "unit_start", "unit_end"], kind="stable")
    return rows.drop(columns="task").reset_index(drop=True)


def _unit_agreement(units: Units) -> tuple[float, float]:
    """(weight of units on which all coders agree on every code, total unit weight)."""
    items = units.items
    values = items[list(units.coders)].to_numpy(dtype=float)
    differs = np.nanmax(values, axis=1) != np.nanmin(values, axis=1)
    differing = items.loc[differs, ["unit_id", "weight"]].drop_duplicates("unit_id")
    return units.n_units - float(differing["weight"].sum()), units.n_units


def _summary(units: Units) -> dict[str, Any]:
    values = units.items[list(units.coders)].to_numpy(dtype=float)
    weight = units.items["weight"].to_numpy(float)
    overall = _coefficients(values, weight, units.scheme != "overlap")
    agreed, total = _unit_agreement(units)
    overall["n_tasks"] = int(units.items["task"].nunique())
    overall["n_units"] = total
    overall["n_units_agreed"] = agreed
    overall["unit_agreement"] = agreed / total if total > 0 else float("nan")
    return overall


def _per_code(units: Units) -> pd.DataFrame:
    values = units.items[list(units.coders)].to_numpy(dtype=float)
    weight = units.items["weight"].to_numpy(float)
    code = units.items["code"].cat.codes.to_numpy()
    rows = []
    for position, name in enumerate(units.codes):
        mask = code == position
        rows.append(
            {"code": name, **_coefficients(values[mask], weight[mask], units.scheme != "overlap")}
        )
    return pd.DataFrame(rows).set_index("code")


def _level_mapping(
    codes: Sequence[str], level_of: Callable[[str], Sequence[str]]
) -> list[list[str]]:
    paths = []
    for code in codes:
        path = level_of(code)
        if (
            isinstance(path, str)
            or not isinstance(path, Sequence)
            or not all(isinstance(p, str) and p for p in path)
        ):
            raise AgreementError(
                f"level_of({code!r}) must return the list of the code's ancestors from the root "
                f"(non-empty strings); found {path!r}."
            )
        path = list(path)
        if not path or path[-1] != code:
            path.append(code)
        paths.append(path)
    return paths


def _per_level(
    export: _Export,
    unit: str,
    options: Mapping[str, Any],
    level_of: Callable[[str], Sequence[str]],
) -> pd.DataFrame:
    paths = _level_mapping(export.codes, level_of)
    depth = max(len(p) for p in paths)
    rows = []
    for level in range(1, depth + 1):
        mapping = {c: p[min(level, len(p)) - 1] for c, p in zip(export.codes, paths, strict=True)}
        recoded = export.recoded(mapping) if level < depth else export
        units = _build_units(recoded, unit, options)
        rows.append({"level": level, "n_codes": len(recoded.codes), **_summary(units)})
    return pd.DataFrame(rows).set_index("level")


def agreement_report(
    tasks: Sequence[Mapping],
    unit: str = "turns",
    coders: Sequence | None = None,
    level_of: Callable[[str], Sequence[str]] | None = None,
    *,
    codes: Sequence[str] | None = None,
    from_name: str | None = None,
    text_key: str = "text",
    recode: Mapping[str, str] | None = None,
    **options: Any,
) -> dict[str, Any]:
    """Inter-coder agreement of a Label Studio export, at full precision.

    Parameters
    ----------
    tasks : list of dict
        A Label Studio JSON export.
    unit : {"turns", "sentences", "bracketed", "overlap", "characters", "presence"}
        The unit scheme (see the ``*_units`` functions).
    coders : sequence, optional
        Coders to compare; by default everyone who annotated. When given, every pair must share
        a task. Only tasks that two or more of them annotated count.
    level_of : callable, optional
        ``level_of(code) -> [root, ..., code]``: the code's ancestors from the root. Adds
        ``per_level``: agreement with every code recoded to its ancestor at depth 1, 2, ...
    codes, from_name, text_key
        As in :func:`turn_units`.
    recode : mapping of str to str, optional
        Compare coarser codes: every code ``c`` is replaced by ``recode.get(c, c)`` (e.g. its
        theme or domain) before the units are built; two spans of codes with the same
        replacement then count as the same code.
    **options
        Unit options: ``min_overlap``, ``split``, ``bracketing_coder``, ``threshold``,
        ``overlap`` (see :func:`units_from_export`).

    Returns
    -------
    dict
        ``unit`` (str, what was compared and how uncoded text counts), ``scheme``, ``coders``,
        ``codes``, ``n_tasks``;
        ``overall`` (dict): ``percent_agreement`` (share of agreeing coder pairs over all
        (unit, code) items), ``campbell_percent_agreement`` (items either coder applied),
        ``cohen_kappa`` (mean over coder pairs), ``fleiss_kappa``, ``krippendorff_alpha``
        (nominal), ``gwet_ac1`` (each (unit, code) item binary), ``unit_agreement`` (share of
        units on which the coders' sets of codes are identical), ``n_items``, ``n_coded``,
        ``n_units``, ``n_units_agreed``, ``n_tasks``;
        ``per_code`` (DataFrame, index code, the same columns); ``per_level`` (DataFrame, index
        depth, or None); ``pairwise`` (dict of coder x coder DataFrames ``cohen_kappa``,
        ``percent_agreement``, ``n_tasks``); ``disagreements`` (DataFrame, see
        :func:`negotiated_agreement`).
        Chance-corrected coefficients are NaN for ``unit="overlap"`` (no unit is coded by
        nobody) and where a code was never applied.
    """
    options = _check_unit_options(unit, options)
    export = _read_export(tasks, coders, codes, from_name, text_key)
    if recode is not None:
        if not isinstance(recode, Mapping):
            raise AgreementError(
                f"recode must map codes to coarser codes; found {type(recode).__name__}."
            )
        export = export.recoded({c: str(recode.get(c, c)) for c in export.codes})
    units = _build_units(export, unit, options)
    return {
        "unit": units.unit,
        "scheme": units.scheme,
        "coders": list(units.coders),
        "codes": list(units.codes),
        "n_tasks": int(units.items["task"].nunique()),
        "overall": _summary(units),
        "per_code": _per_code(units),
        "per_level": None if level_of is None else _per_level(export, unit, options, level_of),
        "pairwise": _pairwise(units, explicit=coders is not None),
        "disagreements": _disagreements(units),
    }


def negotiated_agreement(
    disagreements: pd.DataFrame, report: Mapping[str, Any], outcome_column: str = "outcome"
) -> dict[str, Any]:
    """Agreement after the coders discussed their disagreements (Campbell et al. 2013).

    Parameters
    ----------
    disagreements : pandas.DataFrame
        ``report["disagreements"]`` (e.g. read back from CSV) with ``outcome`` filled in on every
        row: "agreed", "disagreed", or the final code(s) the coders settled on (several joined
        by ";"), which counts as agreed.
    report : dict
        The :func:`agreement_report` the table came from.
    outcome_column : str
        Name of the outcome column.

    Returns
    -------
    dict
        ``unit``, ``initial_agreement`` (the report's ``unit_agreement``),
        ``negotiated_agreement`` (units agreed initially or after discussion / all units),
        ``n_units``, ``n_disagreements``, ``n_resolved``, ``n_unresolved`` (weighted by
        characters for ``unit="characters"``).

    Raises
    ------
    AgreementError
        If the outcome column is missing or empty on some rows, an outcome is neither
        "agreed"/"disagreed" nor a code, or the table does not match the report.
    """
    if not isinstance(disagreements, pd.DataFrame):
        raise AgreementError(
            f"disagreements must be a DataFrame; found {type(disagreements).__name__}."
        )
    if outcome_column not in disagreements.columns:
        raise AgreementError(
            f"The disagreements table has no {outcome_column!r} column; the columns are: "
            f"{', '.join(map(str, disagreements.columns))}."
        )
    expected = len(report["disagreements"])
    if len(disagreements) != expected:
        raise AgreementError(
            f"The disagreements table has {len(disagreements)} rows but the report lists "
            f"{expected} disagreements; use the table of the same report, unfiltered."
        )
    listed = report["disagreements"]
    for column in ("task_id", "unit_start", "unit_end"):
        if column not in disagreements.columns or column not in listed.columns:
            continue
        mine = disagreements[column].astype(str).str.strip().to_numpy()
        theirs = listed[column].astype(str).to_numpy()
        wrong = np.flatnonzero(mine != theirs)
        if len(wrong):
            row = int(wrong[0])
            raise AgreementError(
                f"Row {row + 1} of the disagreements table has {column} {mine[row]!r} where the "
                f"report lists {theirs[row]!r}; the table comes from another export or other "
                "settings (unit, coders, level). Compute agreement with the same options as when "
                "the table was written."
            )
    outcome = disagreements[outcome_column]
    text = outcome.where(outcome.notna(), "").astype(str).str.strip()
    empty = np.flatnonzero(text.to_numpy() == "")
    if len(empty):
        rows = ", ".join(str(i + 1) for i in empty[:10])
        raise AgreementError(
            f"{len(empty)} disagreement(s) have no outcome (rows {rows}); write "
            f"'{OUTCOME_AGREED}', '{OUTCOME_DISAGREED}' or the final code on every row."
        )
    known = set(report["codes"]) | {NONE_CODE}
    resolved = np.zeros(len(text), dtype=bool)
    for row, value in enumerate(text.tolist()):
        lowered = value.lower()
        if lowered == OUTCOME_AGREED:
            resolved[row] = True
        elif lowered == OUTCOME_DISAGREED:
            continue
        else:
            final = [part.strip() for part in value.split(";") if part.strip()]
            wrong = [part for part in final if part not in known]
            if wrong:
                raise AgreementError(
                    f"Unknown outcome {wrong[0]!r} in row {row + 1}; write '{OUTCOME_AGREED}', "
                    f"'{OUTCOME_DISAGREED}' or one of the codes: {', '.join(report['codes'])}."
                )
            resolved[row] = True
    if report["scheme"] == "characters":
        weight = (disagreements["unit_end"] - disagreements["unit_start"]).to_numpy(float)
    else:
        weight = np.ones(len(disagreements))
    overall = report["overall"]
    n_units = overall["n_units"]
    return {
        "unit": report["unit"],
        "initial_agreement": overall["unit_agreement"],
        "negotiated_agreement": (overall["n_units_agreed"] + weight[resolved].sum()) / n_units,
        "n_units": n_units,
        "n_disagreements": float(weight.sum()),
        "n_resolved": float(weight[resolved].sum()),
        "n_unresolved": float(weight[~resolved].sum()),
    }


# --------------------------------------------------------------------------------------------
# Label Studio Enterprise's per-task agreement (for comparison with the `agreement` field)
# --------------------------------------------------------------------------------------------


def _span_iou(first: Mapping, second: Mapping) -> float:
    start_1, end_1, start_2, end_2 = first["start"], first["end"], second["start"], second["end"]
    if start_2 > end_1 or start_1 > end_2:
        return 0.0
    union = max(end_1, end_2) - min(start_1, start_2)
    return 0.0 if union == 0 else (min(end_1, end_2) - max(start_1, start_2)) / union


def _lse_labels_score(reference: list[Mapping], other: list[Mapping]) -> float:
    """Mean over ``other``'s spans of the best IoU with a same-label span of ``reference``."""
    if bool(reference) != bool(other):
        return 0.0
    if not reference:
        return 1.0
    total = 0.0
    for span in other:
        total += max(
            _span_iou(r, span) if r.get("labels") == span.get("labels") else 0.0 for r in reference
        )
    return total / len(other)


def _lse_paths(values: list[Mapping], descendants: Mapping[tuple, set]) -> set:
    paths = {tuple(path) for value in values for path in value.get("taxonomy") or []}
    expanded = set(paths)
    for path in paths:
        expanded |= descendants.get(path, set())
    return expanded


def _lse_taxonomy_score(reference: set, other: set, either_empty: tuple[bool, bool]) -> float:
    if either_empty[0] != either_empty[1]:
        return 0.0
    if either_empty[0]:
        return 1.0
    return len(reference & other) / max(len(reference), len(other))


def label_studio_task_agreement(
    task: Mapping, taxonomy_paths: Iterable[Sequence[str]] | None = None
) -> float:
    """Re-compute Label Studio Enterprise's per-task ``agreement`` (0-100) for text projects.

    The rule, inferred from LSE's open-source metric package (label-studio-evalme) and checked
    against the LEOKA exports (docs/agreement.md): the task score is the mean over all pairs
    of non-cancelled annotations (100 with a single annotation); a pair's score is the mean
    over the controls (``from_name``) either annotation used; per control the score is the
    smaller of the two directions.

    * ``labels``: for each span of one annotation, the best intersection-over-union with a
      span of the other that has the same labels (no threshold), averaged over its spans;
      0 when only one annotation has spans of the control, 1 when neither has.
    * ``taxonomy``: shared paths / the larger number of paths; a selected parent also stands
      for its descendants among ``taxonomy_paths``.

    Other result types (choices, text areas, ...) are ignored.

    Parameters
    ----------
    task : dict
        One task of a Label Studio JSON export.
    taxonomy_paths : iterable of sequence of str, optional
        Every path of the taxonomy (e.g. all paths used in the project), to expand parents.

    Returns
    -------
    float
        Agreement in [0, 100], like LSE's ``agreement`` field.
    """
    if not isinstance(task, Mapping):
        raise AgreementError(f"A task must be a JSON object; found {type(task).__name__}.")
    known = {tuple(p) for p in taxonomy_paths or []}
    descendants: dict[tuple, set] = {}
    for path in known:
        for depth in range(1, len(path)):
            descendants.setdefault(path[:depth], set()).add(path)
    annotations = [
        a
        for a in task.get("annotations") or []
        if isinstance(a, Mapping) and not a.get("was_cancelled")
    ]
    if len(annotations) < 2:
        return 100.0 if annotations else 0.0
    results = [[r for r in a.get("result") or [] if isinstance(r, Mapping)] for a in annotations]
    scores = []
    for first, second in combinations(results, 2):
        if not first and not second:
            scores.append(1.0)
            continue
        controls = {r["from_name"]: r.get("type") for r in first + second if "from_name" in r}
        per_control = []
        for name, kind in controls.items():
            mine = [r["value"] for r in first if r.get("from_name") == name]
            theirs = [r["value"] for r in second if r.get("from_name") == name]
            if kind == "labels":
                per_control.append(
                    min(_lse_labels_score(mine, theirs), _lse_labels_score(theirs, mine))
                )
            elif kind == "taxonomy":
                per_control.append(
                    _lse_taxonomy_score(
                        _lse_paths(mine, descendants),
                        _lse_paths(theirs, descendants),
                        (not mine, not theirs),
                    )
                )
        scores.append(sum(per_control) / len(per_control) if per_control else 0.0)
    return 100.0 * sum(scores) / len(scores)
