"""The categorical view: agreement on mutually exclusive codes, one value per unit and coder.

When the codes of a group are mutually exclusive (the sub-codes of a heading declared
``exclusive`` in the codebook, or the whole scheme when no coder ever applied two codes to one
unit), each unit has one value per coder: the group's code, or :data:`NOT_CODED`. Krippendorff's
alpha (nominal), Fleiss' kappa, Cohen's kappa per coder pair and Gwet's AC1 are then computed
over those values by the functions of :mod:`.coefficients`, not over binary (unit, code) items.

A unit to which a coder gave two codes of one exclusive group has no single value for that coder:
it is listed in ``conflicts`` and that coder's rating of it is left out (missing), never guessed.
Only fixed units have one value per coder (turns, sentences, bracketed passages, documents);
overlap segments and characters have none.

Nothing here rounds or prints.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from itertools import combinations

import numpy as np
import pandas as pd

from .coefficients import (
    cohen_kappa,
    fleiss_kappa,
    gwet_ac1,
    krippendorff_alpha,
    percent_agreement,
    rating_counts,
)
from .intervals import FEW_TASKS, SEED, categorical_intervals
from .units import Units

__all__ = ["CATEGORICAL_SCHEMES", "NOT_CODED", "categorical_agreement", "group_values"]

#: The value of a unit to which a coder applied none of the group's codes.
NOT_CODED = "(not coded)"
#: The unit schemes that give each unit one value per coder.
CATEGORICAL_SCHEMES = ("turns", "sentences", "bracketed", "presence")
OVERALL = "(all codes)"


def group_values(
    units: Units, members: Mapping[str, str]
) -> tuple[np.ndarray, np.ndarray, list[dict]]:
    """Each unit's value per coder within one group of mutually exclusive codes.

    The ``(data, weight, conflicts)`` of :func:`group_values_by_task`.
    """
    data, weight, conflicts, _ = group_values_by_task(units, members)
    return data, weight, conflicts


def group_values_by_task(
    units: Units, members: Mapping[str, str]
) -> tuple[np.ndarray, np.ndarray, list[dict], np.ndarray]:
    """Each unit's value per coder within one group of mutually exclusive codes, and its task.

    Parameters
    ----------
    units : Units
        Fixed units (one of :data:`CATEGORICAL_SCHEMES`).
    members : mapping of str to str
        ``{code: value}``: the group's codes and the value each stands for (a deeper code
        stands for the sub-code it sits under). Codes not in ``units.codes`` are ignored.

    Returns
    -------
    data : ndarray of object, shape (n_coders, n_rows)
        The value, :data:`NOT_CODED`, or None (the coder did not annotate the task, or gave the
        unit two values of the group). The units on which nobody applied a code of the group
        are one row per task, weighted by their number.
    weight : ndarray of float, shape (n_rows,)
        How many units each column stands for.
    conflicts : list of dict
        One per (unit, coder) with two or more values: ``task_id``, ``unit_start``,
        ``unit_end``, ``coder``, ``codes``.
    task : ndarray, shape (n_rows,)
        Each column's task (``units.items["task"]``), for a bootstrap over transcripts.
    """
    coders = list(units.coders)
    items = units.items
    in_group = items["code"].astype(str).isin(list(members)).to_numpy()
    annotated = items.groupby("task", observed=True)[coders].first().notna()
    per_task = _units_per_task(items)
    explicit = items[in_group & (items["unit_id"].to_numpy() >= 0)]
    applied = explicit[coders].to_numpy(dtype=float) == 1
    explicit, applied = explicit[applied.any(axis=1)], applied[applied.any(axis=1)]
    value_index, values = pd.factorize(explicit["code"].astype(str).map(members))
    unit_ids, first, row_unit = np.unique(
        explicit["unit_id"].to_numpy(), return_index=True, return_inverse=True
    )
    heads = explicit.iloc[first]
    head_task = heads["task"].to_numpy()
    data = np.full((len(coders), len(unit_ids)), None, dtype=object)
    conflicts = []
    for position, coder in enumerate(coders):
        rows = applied[:, position]
        pairs = np.unique(np.stack([row_unit[rows], value_index[rows]]), axis=1)
        n_values = np.bincount(pairs[0], minlength=len(unit_ids))
        single = pairs[:, n_values[pairs[0]] == 1]
        column = np.full(len(unit_ids), NOT_CODED, dtype=object)
        column[single[0]] = np.asarray(values, dtype=object)[single[1]]
        column[n_values > 1] = None
        column[~annotated.loc[head_task, coder].to_numpy()] = None
        data[position] = column
        for unit in np.flatnonzero(n_values > 1).tolist():
            head = heads.iloc[unit]
            chosen = values[pairs[1, pairs[0] == unit]]
            conflicts.append(
                {
                    "task_id": head["task_id"],
                    "unit_start": int(head["unit_start"]),
                    "unit_end": int(head["unit_end"]),
                    "coder": coder,
                    "codes": sorted(str(v) for v in chosen),
                }
            )
    weight = heads["weight"].to_numpy(dtype=float)
    for task, used in pd.Series(weight).groupby(head_task).sum().items():
        per_task[task] -= float(used)
    rest = [(task, left) for task, left in per_task.items() if left > 0]
    filler = np.array(
        [[NOT_CODED if annotated.loc[t, c] else None for t, _ in rest] for c in coders],
        dtype=object,
    ).reshape(len(coders), len(rest))
    data = np.concatenate([data, filler], axis=1)
    weight = np.concatenate([weight, np.asarray([w for _, w in rest], dtype=float)])
    task = np.concatenate([head_task, np.asarray([t for t, _ in rest], dtype=head_task.dtype)])
    return data, weight, conflicts, task


def _units_per_task(items: pd.DataFrame) -> dict:
    """``{task: number of units}``: the items of any one code cover every unit of a task once."""
    first = items["code"].cat.categories[0]
    return items[items["code"] == first].groupby("task", observed=True)["weight"].sum().to_dict()


def categorical_coefficients(data: np.ndarray, weight: np.ndarray, coders: Sequence) -> dict:
    """Every coefficient over one value per unit and coder, at full precision.

    Parameters
    ----------
    data : ndarray of object, shape (n_coders, n_rows)
        Values, None for a missing rating (see :func:`group_values`).
    weight : ndarray of float, shape (n_rows,)
        How many units each column stands for.
    coders : sequence
        The coders, in row order (named in ``pairwise``).

    Returns
    -------
    dict
        ``categories`` (the values that occur, as irrCAC takes them by default; Gwet's AC1
        depends on their number), ``n_units`` (units two or more coders rated),
        ``percent_agreement``, ``cohen_kappa`` (mean over the coder pairs), ``fleiss_kappa``,
        ``krippendorff_alpha`` (nominal), ``gwet_ac1`` and ``pairwise`` (Cohen's kappa and the
        number of units of each coder pair).
    """
    nan = float("nan")
    rated = np.not_equal(data, None).sum(axis=0)
    keep = (rated >= 1) & (weight > 0)
    data, weight = data[:, keep], weight[keep]
    paired = rated[keep] >= 2
    categories = sorted({v for v in data.ravel().tolist() if v is not None})
    result = {"categories": categories, "n_units": float(weight[paired].sum())}
    if not paired.any():
        empty = dict.fromkeys(
            ("percent_agreement", "cohen_kappa", "fleiss_kappa", "krippendorff_alpha", "gwet_ac1"),
            nan,
        )
        return {**result, **empty, "pairwise": []}
    counts, _ = rating_counts(data, categories)
    result["percent_agreement"] = percent_agreement(data, sample_weight=weight)
    result["fleiss_kappa"] = fleiss_kappa(counts, sample_weight=weight)
    result["krippendorff_alpha"] = krippendorff_alpha(
        data, "nominal", value_domain=categories, sample_weight=weight
    )
    result["gwet_ac1"] = gwet_ac1(data, categories=categories, sample_weight=weight)
    pairs = []
    for a, b in combinations(range(len(coders)), 2):
        both = np.not_equal(data[a], None) & np.not_equal(data[b], None)
        kappa = (
            cohen_kappa(data[a, both], data[b, both], labels=categories, sample_weight=weight[both])
            if both.any()
            else nan
        )
        pairs.append(
            {
                "coder_a": coders[a],
                "coder_b": coders[b],
                "cohen_kappa": kappa,
                "n_units": float(weight[both].sum()),
            }
        )
    kappas = [p["cohen_kappa"] for p in pairs if p["n_units"] > 0]
    result["cohen_kappa"] = float(np.mean(kappas)) if kappas else nan
    result["pairwise"] = pairs
    return result


def categorical_agreement(
    units: Units,
    groups: Mapping[str, Mapping[str, str]],
    n_boot: int | None = None,
    seed: int = SEED,
) -> dict:
    """The categorical view of agreement: per exclusive group and over all codes.

    Parameters
    ----------
    units : Units
        The units of the report (any scheme; only :data:`CATEGORICAL_SCHEMES` have values).
    groups : mapping of str to mapping
        ``{heading: {code: value}}``, the codebook's exclusive groups
        (:meth:`~ls_thematic.label_config.codebook.Codebook.exclusive_groups`).
    n_boot : int, optional
        Resamples of the 95% intervals (:func:`~.intervals.categorical_intervals`); None: none.
    seed : int
        Their seed.

    Returns
    -------
    dict
        ``view`` ("categorical"), ``unit`` (the scheme), ``note`` (what was compared, or why
        nothing was), ``groups`` (one dict per exclusive group with codes in the units:
        ``group``, ``view``, ``codes``, ``conflicts`` and the figures of
        :func:`categorical_coefficients`) and ``overall`` (the same over every code, or None
        when a coder applied two codes to one unit: the codes are then not exclusive). With
        ``n_boot``, each figure set has ``intervals`` ``{coefficient: (low, high)}``, and the
        view ``n_boot`` and ``seed``.
    """
    base = {"view": "categorical", "unit": units.scheme, "groups": [], "overall": None}
    if units.scheme not in CATEGORICAL_SCHEMES:
        return {
            **base,
            "note": f"No categorical view for unit {units.scheme!r}: only fixed units "
            f"({', '.join(CATEGORICAL_SCHEMES)}) have one value per unit and coder.",
        }
    coders = list(units.coders)
    boot = None if n_boot is None else (n_boot, seed)
    if boot is not None:
        few = units.items["task"].nunique() < 2
        base.update(n_boot=n_boot, seed=seed, interval_note=FEW_TASKS if few else None)
    for heading, members in groups.items():
        present = {c: v for c, v in members.items() if c in units.codes}
        if not present:
            continue
        base["groups"].append(_figures(units, heading, present, coders, boot))
    overall = _figures(units, OVERALL, {c: c for c in units.codes}, coders, boot)
    if overall["conflicts"]:
        note = (
            f"Over all codes: not reported, since coders applied two or more codes to one unit "
            f"{len(overall['conflicts'])} time(s); the codes are not mutually exclusive."
        )
    else:
        base["overall"] = overall
        note = "Over all codes: every coder applied at most one code per unit."
    return {
        **base,
        "note": "Each unit has one value per coder: the code, or 'not coded'. " + note,
    }


def _figures(units: Units, name: str, members: Mapping[str, str], coders: list, boot=None) -> dict:
    data, weight, conflicts, task = group_values_by_task(units, members)
    codes = list(dict.fromkeys(members.values()))
    figures = {
        "group": name,
        "view": "categorical",
        "codes": codes,
        **categorical_coefficients(data, weight, coders),
        "conflicts": conflicts,
    }
    if boot is not None:
        rated = np.not_equal(data, None).sum(axis=0)
        keep = (rated >= 1) & (weight > 0)
        figures["intervals"] = categorical_intervals(
            data[:, keep], weight[keep], task[keep], figures["categories"], *boot
        )
    return figures
