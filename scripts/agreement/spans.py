"""``ls-thematic agreement --unit spans``: agreement on where the coded segments are.

The other units fix the segments first (turns, sentences) or match them by a threshold
(overlap). Here the spans are compared as the coders drew them, with Krippendorff's unitizing
alphas (:func:`~.unitizing.unitizing_alphas`; Krippendorff, Mathet, Bouvry & Widlöcher 2016)
and, when the optional extra is installed, Mathet's γ (:mod:`.gamma`):

- :func:`span_continua` turns a read export (:func:`~.export.read_export`, the one reader of
  coded spans) into one continuum per task: the task's text, every coder who annotated the task
  (also one with no spans), their spans ``(start, end, code)``;
- :func:`spans_agreement` computes the alphas overall and per code and γ per task, as the
  JSON-ready dict the command writes; :func:`format_spans` writes it as text, Markdown or CSV.

Coders of interviews let codes overlap; the unitizing alphas over all codes need each coder's
segments to be disjoint. So: one coder's overlapping spans of the same code are merged into one
segment (the coded text is the same); when a coder's spans of different codes overlap, the
coefficients over all codes (uα, cuα, (k)uα) are not defined and each code is reported on its
own (that code's segments against the text left uncoded); |uα, which ignores the codes, is then
computed on each coder's spans of all codes merged. Both are said in the output.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from ls_thematic.label_config.cells import frame_to_csv

from ..render import markdown_table, text_table
from .errors import AgreementError
from .export import Export, read_export
from .gamma import gamma_per_continuum
from .unitizing import unitizing_alphas

__all__ = ["SPANS_UNIT", "format_spans", "span_continua", "spans_agreement"]

#: What the unit is, for the output.
SPANS_UNIT = (
    "spans as coded: each transcript is one continuum of characters; the coders' spans are "
    "compared where they are, without fixed units (Krippendorff et al. 2016)"
)
#: The library's names -> the symbols of Krippendorff, Mathet, Bouvry & Widlöcher (2016).
SYMBOLS = {
    "u_alpha": "uα",
    "binary_u_alpha": "|uα",
    "cu_alpha": "cuα",
    "alpha": "(k)uα",
    "alone_u_alpha": "uα of the code on its own",
}
#: What each coefficient answers, for the output and the docs.
MEANINGS = {
    "u_alpha": "where the segments are and what they are coded, together",
    "binary_u_alpha": "where the coded segments are, codes ignored",
    "cu_alpha": "the codes given where the coders' segments meet, over all codes",
}
NOT_COMPUTED = (
    "With --unit spans only the unitizing coefficients (and γ) are computed: the binary and "
    "categorical views (kappa, AC1, % agreement) need fixed units; run --unit turns, "
    "sentences, overlap, characters or presence for them."
)
COLUMNS = ("task", "coder", "code", "start", "end")


def _span_table(export: Export) -> pd.DataFrame:
    """The export's spans as a table of int64: task, coder and code positions, offsets (coder
    keys may mix ids and e-mails, which do not sort together; positions do)."""
    columns = (export.task, export.coder, export.code, export.start, export.end)
    return pd.DataFrame(
        {
            name: np.asarray(values, dtype=np.int64)
            for name, values in zip(COLUMNS, columns, strict=True)
        }
    )


def _merge_same_code(spans: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """One coder's overlapping spans of one code merged into one segment; ``(spans, n merged)``.

    Spans that only touch (one ends where the next starts) stay apart.
    """
    if spans.empty:
        return spans, 0
    ordered = spans.sort_values(["task", "coder", "code", "start", "end"], kind="stable")
    group = ["task", "coder", "code"]
    reach = ordered.groupby(group, sort=False)["end"].cummax()
    previous = reach.groupby([ordered[g] for g in group], sort=False).shift(1)
    new_segment = previous.isna() | (ordered["start"] >= previous)
    block = new_segment.cumsum().to_numpy()
    merged = ordered.groupby(block, sort=False).agg(
        task=("task", "first"),
        coder=("coder", "first"),
        code=("code", "first"),
        start=("start", "min"),
        end=("end", "max"),
    )
    return merged.reset_index(drop=True), len(ordered) - len(merged)


def _first_overlap(spans: pd.DataFrame, export: Export) -> dict | None:
    """The first two spans of one coder (of different codes, after merging) that overlap."""
    if spans.empty:
        return None
    ordered = spans.sort_values(["task", "coder", "start", "end"], kind="stable")
    reach = ordered.groupby(["task", "coder"], sort=False)["end"].cummax()
    previous = reach.groupby([ordered["task"], ordered["coder"]], sort=False).shift(1)
    clash = np.flatnonzero((ordered["start"] < previous).to_numpy())
    if clash.size == 0:
        return None
    second = ordered.iloc[clash[0]]
    same = ordered.iloc[: clash[0]]
    same = same[(same["task"] == second["task"]) & (same["coder"] == second["coder"])]
    first = same[same["end"] > second["start"]].iloc[-1]
    return {
        "task_id": export.task_ids[int(second["task"])],
        "coder": export.coders[int(second["coder"])],
        "spans": [
            [int(first["start"]), int(first["end"]), export.codes[int(first["code"])]],
            [int(second["start"]), int(second["end"]), export.codes[int(second["code"])]],
        ],
        "n_coder_tasks": int(
            ordered.assign(clash=(ordered["start"] < previous).to_numpy())
            .groupby(["task", "coder"])["clash"]
            .any()
            .sum()
        ),
    }


def span_continua(export: Export, spans: pd.DataFrame | None = None) -> dict:
    """One continuum per task of ``export``: ``{task id: (length, {coder: [(start, end, code)]})}``.

    Parameters
    ----------
    export : Export
        A read export (:func:`~.export.read_export`): the tasks two or more coders annotated.
    spans : DataFrame, optional
        Columns ``task`` (position), ``coder``, ``code``, ``start``, ``end``; by default the
        export's spans.

    Returns
    -------
    dict
        The input of :func:`~.unitizing.unitizing_alphas`: every task's length is its number of
        characters; every coder who annotated the task appears, with an empty list when they
        coded nothing.
    """
    spans = _span_table(export) if spans is None else spans
    continua = {}
    for position, (task_id, text) in enumerate(zip(export.task_ids, export.texts, strict=True)):
        coders = [
            c for c, coded in zip(export.coders, export.coded[position], strict=True) if coded
        ]
        continua[task_id] = (len(text), {coder: [] for coder in coders})
    rows = zip(*(spans[c].tolist() for c in COLUMNS), strict=True)
    for position, coder, code, start, end in rows:
        by_coder = continua[export.task_ids[position]][1]
        by_coder[export.coders[coder]].append((start, end, export.codes[code]))
    return continua


def _only(continua: Mapping, code: str) -> dict:
    """The continua with only the spans of ``code``."""
    return {
        name: (length, {c: [s for s in spans if s[2] == code] for c, spans in by_coder.items()})
        for name, (length, by_coder) in continua.items()
    }


def unitizing_dict(export: Export) -> dict:
    """The unitizing alphas of ``export``'s spans, overall and per code, as plain JSON types.

    Returns
    -------
    dict
        ``u_alpha``, ``binary_u_alpha``, ``cu_alpha`` (None where undefined; when a coder's
        spans of different codes overlap, ``overlap`` names the first such pair, ``u_alpha``
        and ``cu_alpha`` are None and ``binary_u_alpha`` is computed on each coder's spans of
        all codes merged);
        ``per_code``: one row per code with ``alpha`` ((k)uα, None as above), ``pairable``,
        ``coverage``, ``alone_u_alpha`` (the code's segments against uncoded text, the code on
        its own: defined also when codes overlap) and ``n_spans``; ``symbols``, ``meanings``,
        ``pairable_u``, ``pairable_cu``, ``n_continua``, ``n_spans``, ``n_merged`` (spans
        merged with an overlapping span of the same code and coder) and ``rules``.
    """
    raw = _span_table(export)
    spans, n_merged = _merge_same_code(raw)
    continua = span_continua(export, spans)
    overlap = _first_overlap(spans, export)
    joint = None if overlap is not None else unitizing_alphas(continua)
    if joint is None and not spans.empty:
        # where the coded text is, codes ignored, is defined however codes overlap: each
        # coder's spans of every code merged into one coded stretch
        union, _ = _merge_same_code(spans.assign(code=0))
        binary = unitizing_alphas(span_continua(export, union))["binary_u_alpha"]
        joint = {"binary_u_alpha": binary}
    per_code = []
    counts = raw["code"].value_counts()
    for position, code in enumerate(export.codes):
        n_spans = int(counts.get(position, 0))
        alone = unitizing_alphas(_only(continua, code)) if n_spans else None
        figures = (joint or {}).get("per_code", {}).get(code, {})
        per_code.append(
            {
                "code": code,
                "alpha": figures.get("alpha"),
                "alone_u_alpha": alone["u_alpha"] if alone else None,
                "pairable": figures.get("pairable"),
                "coverage": figures.get("coverage"),
                "n_spans": n_spans,
            }
        )
    rules = [
        "Each transcript is one continuum of characters; every coder who annotated it counts, "
        "also one who coded nothing there (all of it uncoded).",
        "Overlapping spans of one coder and one code are merged into one segment"
        + (f" ({n_merged} span(s) merged)." if n_merged else " (none here)."),
    ]
    if overlap is not None:
        rules.append(
            "Some coders' spans of different codes overlap (first: task "
            f"{overlap['task_id']}, coder {overlap['coder']}, spans {overlap['spans'][0]} and "
            f"{overlap['spans'][1]}); uα, cuα and (k)uα need each coder's segments to be "
            "disjoint, so each code is reported on its own (alone_u_alpha), and |uα on each "
            "coder's coded text with all codes merged (where anything is coded, codes ignored)."
        )
    return {
        **{key: (joint or {}).get(key) for key in ("u_alpha", "binary_u_alpha", "cu_alpha")},
        "per_code": per_code,
        "symbols": SYMBOLS,
        "meanings": MEANINGS,
        "pairable_u": (joint or {}).get("pairable_u"),
        "pairable_cu": (joint or {}).get("pairable_cu"),
        "n_continua": len(continua),
        "n_spans": len(raw),
        "n_merged": n_merged,
        "overlap": overlap,
        "rules": rules,
    }


def spans_agreement(
    snapshot,
    compared: tuple,
    coders: Sequence | None,
    *,
    origin: str = "all",
    level: str = "all",
    negotiated_path: str | None = None,
    gamma: bool = True,
    **options: Any,
) -> tuple[dict, dict]:
    """``compute_agreement(unit="spans")``: ``(report, result)``.

    Parameters
    ----------
    snapshot : Snapshot
        As in :func:`~.compute.compute_agreement`.
    compared : tuple
        ``(codebook, control, data key, codes, recode)`` of :func:`~.compute._compared`.
    coders : sequence or None
        The export's coder keys (:func:`~.compute.resolve_coders`); None for everyone.
    origin, level
        As in :func:`~.compute.compute_agreement`.
    negotiated_path : None
        Negotiated agreement needs fixed units: a path raises.
    gamma : bool
        Compute γ per task when pygamma-agreement is installed (:func:`.gamma.gamma_per_continuum`).
    **options
        Unit options of other units: none is allowed.

    Returns
    -------
    report : dict
        ``{"unit": "spans", "export": Export, "continua": ...}`` (no disagreement rows).
    result : dict
        ``unit``, ``unit_description``, ``view`` ("unitizing"), ``coders``, ``n_tasks``,
        ``level``, ``origin``, ``unitizing`` (:func:`unitizing_dict`), ``gamma`` and
        ``gamma_note`` (:func:`.gamma.gamma_per_continuum`), ``note``.
    """
    if options:
        raise AgreementError(
            f"--unit spans takes no unit options; found {', '.join(sorted(options))} (they go "
            "with turns, sentences, bracketed and overlap)."
        )
    if negotiated_path is not None:
        raise AgreementError(
            "Negotiated agreement (--negotiated) needs fixed units to list disagreements; with "
            "--unit spans there are none. Use --unit turns (or sentences, overlap, ...)."
        )
    _, control, data_key, codes, recode = compared
    export = read_export(list(snapshot), coders, codes, control, data_key, origin)
    if recode is not None:
        export = export.recoded({c: str(recode.get(c, c)) for c in export.codes})
    unitizing = unitizing_dict(export)
    continua = span_continua(export)
    found = (
        gamma_per_continuum(continua)
        if gamma
        else {
            "gamma": None,
            "gamma_note": "γ was not asked for (--no-gamma).",
            "gamma_warnings": [],
        }
    )
    result = {
        "unit": "spans",
        "unit_description": SPANS_UNIT,
        "view": "unitizing",
        "coders": [c if isinstance(c, (int, str)) else str(c) for c in export.coders],
        "n_tasks": len(export.task_ids),
        "level": level,
        "origin": origin,
        "unitizing": unitizing,
        **found,
        "note": NOT_COMPUTED,
    }
    return {"unit": "spans", "export": export, "continua": continua}, result


# --------------------------------------------------------------------------- formats
def _number(value: Any) -> str:
    return (
        "-" if value is None or (isinstance(value, float) and math.isnan(value)) else f"{value:.3f}"
    )


def _table(result: Mapping, rounded: bool) -> pd.DataFrame:
    """One row overall and one per code; numbers as text when ``rounded``."""
    unitizing = result["unitizing"]
    show = _number if rounded else (lambda v: v)
    rows = [
        {
            "": "overall",
            "uα": show(unitizing["u_alpha"]),
            "|uα": show(unitizing["binary_u_alpha"]),
            "cuα / (k)uα": show(unitizing["cu_alpha"]),
            "code alone uα": "" if rounded else None,
            "spans": unitizing["n_spans"],
        }
    ]
    rows += [
        {
            "": row["code"],
            "uα": "" if rounded else None,
            "|uα": "" if rounded else None,
            "cuα / (k)uα": show(row["alpha"]),
            "code alone uα": show(row["alone_u_alpha"]),
            "spans": row["n_spans"],
        }
        for row in unitizing["per_code"]
    ]
    return pd.DataFrame(rows)


def _lines(result: Mapping) -> list[str]:
    """The headline, the rules, γ and what is not computed."""
    lines = [
        f"Unit: spans - {result['unit_description']}.",
        f"Coders: {', '.join(map(str, result['coders']))}; {result['n_tasks']} task(s) coded by "
        f"two or more of them; level: {result['level']}.",
        *[f"{key} ({SYMBOLS[key]}): {text}." for key, text in MEANINGS.items()],
        "(k)uα: the codes where the segments meet, for one code; code alone uα: where one "
        "code's segments are, against text left uncoded.",
        *result["unitizing"]["rules"],
    ]
    gamma = result.get("gamma")
    if gamma:
        values = ", ".join(f"task {r['task_id']}: {_number(r['gamma'])}" for r in gamma["per_task"])
        lines.append(f"γ (Mathet et al. 2015) per task: {values}.")
    if result.get("gamma_note"):
        lines.append(result["gamma_note"])
    lines += list(result.get("gamma_warnings") or [])
    return [*lines, result["note"]]


def format_spans(result: Mapping, fmt: str) -> str:
    """The result of :func:`spans_agreement` as ``table``, ``md`` or ``csv`` (JSON is written
    by :func:`~.present.format_agreement`)."""
    if fmt == "csv":
        return frame_to_csv(
            _table(result, rounded=False).rename(columns={"": "code"}), lineterminator="\n"
        )
    if fmt == "md":
        parts = ["# Inter-coder agreement on where the segments are", ""]
        parts += [f"{line}  " for line in _lines(result)]
        return "\n".join([*parts, "", markdown_table(_table(result, rounded=True))])
    return "\n".join(_lines(result)) + "\n\n" + text_table(_table(result, rounded=True))
