"""The agreement report of an export: overall, per code, per hierarchy level, coder x coder.

:func:`agreement_report` builds the units, computes every coefficient of the binary (unit,
code) items (:func:`~.coefficients.binary_coefficients`) and lists the units on which the
coders differ, the table the coders negotiate (:mod:`.negotiate`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from itertools import combinations
from typing import Any

import numpy as np
import pandas as pd

from .bootstrap import pair_intervals
from .coefficients import binary_coefficients, kappa_from_table, pair_counts
from .errors import AgreementError
from .export import Export, read_export
from .intervals import SEED, check_resamples, units_intervals
from .units import Units, reliability_data
from .units.build import build_units, check_unit_options

__all__ = ["NONE_CODE", "agreement_report", "campbell_percent_agreement"]

#: What the disagreements table shows for a coder who applied no code to a unit.
NONE_CODE = "none"


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
    return binary_coefficients(data.T[:, positions], weight, False)["campbell_percent_agreement"]


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
        table = pair_counts(values, weight, a, b)
        percent[a, b] = percent[b, a] = (table[0, 0] + table[1, 1]) / table.sum()
        if units.scheme != "overlap":
            kappa[a, b] = kappa[b, a] = kappa_from_table(table)
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
    overall = binary_coefficients(values, weight, units.scheme != "overlap")
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
            {
                "code": name,
                **binary_coefficients(values[mask], weight[mask], units.scheme != "overlap"),
            }
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
    export: Export,
    unit: str,
    options: Mapping[str, Any],
    level_of: Callable[[str], Sequence[str]],
    boot: Mapping[str, int] | None = None,
) -> tuple[pd.DataFrame, dict]:
    """The figures at every depth, and (with ``boot``: ``n_boot, seed``) their intervals
    ``{depth: {coefficient: (low, high)}}``."""
    paths = _level_mapping(export.codes, level_of)
    depth = max(len(p) for p in paths)
    rows, intervals = [], {}
    for level in range(1, depth + 1):
        mapping = {c: p[min(level, len(p)) - 1] for c, p in zip(export.codes, paths, strict=True)}
        recoded = export.recoded(mapping) if level < depth else export
        units = build_units(recoded, unit, options)
        rows.append({"level": level, "n_codes": len(recoded.codes), **_summary(units)})
        if boot is not None:
            found = units_intervals(units, boot["n_boot"], boot["seed"], per_code=False)
            intervals[level] = found["overall"]
    return pd.DataFrame(rows).set_index("level"), intervals


def _intervals(units: Units, boot: Mapping[str, int], per_level: dict) -> dict:
    """The report's intervals: overall, per code, per level and per coder pair."""
    found = units_intervals(units, boot["n_boot"], boot["seed"])
    pairs = [
        (p["kappa_low"], p["kappa_high"]) if units.scheme != "overlap" else (None, None)
        for p in pair_intervals(units, boot["n_boot"], boot["seed"])
    ]
    return {**found, **boot, "per_level": per_level, "pairwise": pairs}


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
    origin: str = "all",
    n_boot: int | None = None,
    seed: int = SEED,
    **options: Any,
) -> dict[str, Any]:
    """Inter-coder agreement of a Label Studio export, at full precision.

    Parameters
    ----------
    tasks : list of dict
        A Label Studio JSON export.
    unit : {"turns", "sentences", "bracketed", "overlap", "characters", "presence"}
        The unit scheme (see the ``*make_units`` functions).
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
    origin : {"all", "manual", "accepted"}
        Which of every coder's spans count, before the units are built: all, the coder's own
        coding (accepted suggestions left out), or accepted suggestions only.
    n_boot : int, optional
        Resamples of the 95% intervals (:mod:`.intervals`); None: no intervals.
    seed : int
        Seed of the resamples.
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
        :func:`negotiated_agreement`); ``units`` (the :class:`~.units.Units` behind them).
        Chance-corrected coefficients are NaN for ``unit="overlap"`` (no unit is coded by
        nobody) and where a code was never applied.
        ``intervals`` (only with ``n_boot``): ``overall``, ``per_code`` and ``per_level``
        (``{name or depth: {coefficient: (low, high)}}``), ``pairwise`` (kappa's ``(low,
        high)`` per coder pair, in the order of :func:`itertools.combinations`), ``n_boot``,
        ``seed``, ``n_tasks`` and ``note`` (:func:`~.intervals.units_intervals`).
    """
    boot = None if n_boot is None else {"n_boot": check_resamples(n_boot), "seed": seed}
    options = check_unit_options(unit, options)
    export = read_export(tasks, coders, codes, from_name, text_key, origin)
    if recode is not None:
        if not isinstance(recode, Mapping):
            raise AgreementError(
                f"recode must map codes to coarser codes; found {type(recode).__name__}."
            )
        export = export.recoded({c: str(recode.get(c, c)) for c in export.codes})
    units = build_units(export, unit, options)
    per_level, level_intervals = (
        (None, {}) if level_of is None else _per_level(export, unit, options, level_of, boot)
    )
    return {
        "unit": units.unit,
        "scheme": units.scheme,
        "coders": list(units.coders),
        "codes": list(units.codes),
        "n_tasks": int(units.items["task"].nunique()),
        "overall": _summary(units),
        "per_code": _per_code(units),
        "per_level": per_level,
        "pairwise": _pairwise(units, explicit=coders is not None),
        "disagreements": _disagreements(units),
        "units": units,
        **({} if boot is None else {"intervals": _intervals(units, boot, level_intervals)}),
    }
