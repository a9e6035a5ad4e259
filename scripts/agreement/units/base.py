"""What every unit scheme shares: the :class:`Units` table, its items and option checks."""

from __future__ import annotations

from dataclasses import dataclass
from numbers import Real
from typing import Any

import numpy as np
import pandas as pd

from ..errors import AgreementError
from ..export import Export

UNIT_SCHEMES = ("turns", "sentences", "bracketed", "overlap", "characters", "presence")
#: Every ``--unit`` of ``ls-thematic agreement``: the schemes of (unit, code) items, and
#: ``spans``, the spans as coded (unitizing coefficients: :mod:`..spans`), which has no items.
AGREEMENT_UNITS = (*UNIT_SCHEMES, "spans")
OVERLAP_MEASURES = ("iou", "shorter")


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


UNCODED = (
    "A code a coder did not apply counts as 'none' (0) for that coder, also where only another "
    "coder coded; only tasks that two or more of the coders annotated count."
)


def overlap_rule(min_overlap: float) -> str:
    if min_overlap == 0:
        return "a coder applied a code to a unit when any span of that code overlaps it"
    return (
        "a coder applied a code to a unit when the coder's spans of that code cover at least "
        f"{min_overlap:g} of the unit's characters"
    )


def check_fraction(value: Any, name: str, allow_zero: bool) -> float:
    if isinstance(value, bool) or not isinstance(value, Real) or not np.isfinite(value):
        raise AgreementError(f"{name} must be a number between 0 and 1; found {value!r}.")
    low_ok = value >= 0 if allow_zero else value > 0
    if not (low_ok and value <= 1):
        bound = "0 <= " if allow_zero else "0 < "
        raise AgreementError(f"{name} must satisfy {bound}{name} <= 1; found {value!r}.")
    return float(value)


def build_items(
    export: Export,
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


def make_units(
    export: Export, scheme: str, unit: str, items: pd.DataFrame, n_units: float
) -> Units:
    return Units(
        unit=unit,
        scheme=scheme,
        coders=export.coders,
        codes=export.codes,
        items=items,
        n_units=n_units,
        texts=tuple(export.texts),
    )


def check_min_overlap(min_overlap: Any) -> float:
    return check_fraction(min_overlap, "min_overlap", allow_zero=True)


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
