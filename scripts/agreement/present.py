"""The agreement result as the command writes it: a JSON-ready dict, and as text, Markdown or CSV.

:func:`result_dict` turns an :func:`~.report.agreement_report` into plain JSON types at full
precision; :func:`format_agreement` writes that dict as a terminal table, CSV, Markdown or JSON
(:data:`~ls_thematic.scripts.render.FORMATS`). Numbers are rounded only in the ``table`` and
``md`` formats.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Mapping
from itertools import combinations
from typing import Any

import pandas as pd

from ls_thematic.label_config.cells import neutralise_row
from ls_thematic.label_config.codebook import Codebook

from ..render import json_value, markdown_table
from .bootstrap import LEVEL
from .intervals import METHODS, as_json
from .spans import format_spans
from .units.build import UNIT_OPTIONS

__all__ = ["categorical_dict", "format_agreement", "result_dict"]

#: Coefficients in the order they are shown, with their labels.
METRICS = {
    "campbell_percent_agreement": "% agreement (seed's rule)",
    "cohen_kappa": "Cohen's kappa",
    "fleiss_kappa": "Fleiss' kappa",
    "krippendorff_alpha": "Krippendorff's alpha (nominal)",
    "gwet_ac1": "Gwet's AC1",
    "percent_agreement": "% agreement (all items)",
    "unit_agreement": "units coded identically",
}
#: Short column heads for the terminal table.
SHORT = {
    "campbell_percent_agreement": "% (seed)",
    "cohen_kappa": "Cohen k",
    "fleiss_kappa": "Fleiss k",
    "krippendorff_alpha": "Kripp. a",
    "gwet_ac1": "AC1",
    "percent_agreement": "% items",
    "unit_agreement": "units same",
}
#: What an ``origin`` other than ``all`` compares, in the headline.
ORIGIN_WORDS = {
    "manual": "each coder's own coding only (accepted suggestions left out)",
    "accepted": "accepted suggestions only",
}
COUNTS = ("n_items", "n_coded", "n_units", "n_units_agreed", "n_tasks", "n_codes")
PERCENTS = {"campbell_percent_agreement", "percent_agreement", "unit_agreement"}


def _key(coder: Any) -> Any:
    """A coder as a JSON key: ids and e-mails as they are, anything else as text."""
    return coder if isinstance(coder, (int, str)) else str(coder)


def result_dict(
    report: Mapping,
    options: Mapping,
    level: str,
    depth_names: Mapping | None,
    negotiated: Mapping | None,
    book: Codebook | None,
) -> dict:
    """The figures of a report as plain JSON types at full precision, naming the unit."""
    unit_options = {**UNIT_OPTIONS, **options}
    wanted = {
        "turns": ("min_overlap",),
        "sentences": ("min_overlap",),
        "bracketed": ("min_overlap", "bracketing_coder"),
        "overlap": ("threshold", "overlap"),
        "characters": (),
        "presence": (),
    }[report["scheme"]]
    per_level = []
    if report["per_level"] is not None:
        for depth, row in report["per_level"].iterrows():
            per_level.append(
                {
                    "level": depth_names[depth],
                    "depth": int(depth),
                    **{k: json_value(v) for k, v in row.items()},
                }
            )
    per_code = [
        {"code": code, **{k: json_value(v) for k, v in row.items()}}
        for code, row in report["per_code"].iterrows()
    ]
    if book is not None:
        known = set(book.names)
        for row in per_code:
            row["path"] = list(book.path_of(row["code"])) if row["code"] in known else [row["code"]]
    coders = [_key(c) for c in report["coders"]]
    pairwise = report["pairwise"]
    pairs = []
    for i, first in enumerate(report["coders"]):
        for second in report["coders"][i + 1 :]:
            pairs.append(
                {
                    "coder_a": _key(first),
                    "coder_b": _key(second),
                    "cohen_kappa": json_value(pairwise["cohen_kappa"].loc[first, second]),
                    "percent_agreement": json_value(
                        pairwise["percent_agreement"].loc[first, second]
                    ),
                    "n_tasks": int(pairwise["n_tasks"].loc[first, second]),
                }
            )
    matrix = {
        name: [[json_value(v) for v in row] for row in pairwise[name].to_numpy().tolist()]
        for name in ("cohen_kappa", "percent_agreement", "n_tasks")
    }
    intervals = _intervals_dict(report.get("intervals"), depth_names)
    if intervals is not None:
        _attach_pair_intervals(report, pairs, matrix)
    return {
        "unit": report["scheme"],
        "unit_description": report["unit"],
        "unit_options": {k: json_value(unit_options[k]) for k in wanted},
        "level": level,
        "coders": coders,
        "codes": list(report["codes"]),
        "n_tasks": int(report["n_tasks"]),
        "overall": {k: json_value(v) for k, v in report["overall"].items()},
        "per_level": per_level,
        "per_code": per_code,
        "pairwise": pairs,
        "matrix": {"coders": coders, **matrix},
        "n_disagreements": int(len(report["disagreements"])),
        "negotiated": None
        if negotiated is None
        else {k: json_value(v) for k, v in negotiated.items()},
        **({} if intervals is None else {"intervals": intervals}),
    }


def _intervals_dict(found: Mapping | None, depth_names: Mapping | None) -> dict | None:
    """The report's ``intervals`` as the result's ``intervals`` block (None without)."""
    if found is None:
        return None
    names = depth_names or {}
    return {
        "n_boot": found["n_boot"],
        "seed": found["seed"],
        "level": LEVEL,
        "method": dict(METHODS),
        "n_tasks": found["n_tasks"],
        "overall": as_json(found["overall"]),
        "per_code": {code: as_json(pairs) for code, pairs in found["per_code"].items()},
        "per_level": {
            names.get(depth, str(depth)): as_json(pairs)
            for depth, pairs in found["per_level"].items()
        },
        "note": found["note"],
    }


def _attach_pair_intervals(report: Mapping, pairs: list[dict], matrix: dict) -> None:
    """Kappa's interval on each pair row (``cohen_kappa_ci_low/high``) and in the matrix
    (``kappa_low/high``, the names of the model coder's matrix)."""
    coders = list(report["coders"])
    size = len(coders)
    matrix["kappa_low"] = [[None] * size for _ in range(size)]
    matrix["kappa_high"] = [[None] * size for _ in range(size)]
    found = report["intervals"]["pairwise"]
    for (i, j), row, (low, high) in zip(combinations(range(size), 2), pairs, found, strict=True):
        row["cohen_kappa_ci_low"] = json_value(low)
        row["cohen_kappa_ci_high"] = json_value(high)
        matrix["kappa_low"][i][j] = matrix["kappa_low"][j][i] = row["cohen_kappa_ci_low"]
        matrix["kappa_high"][i][j] = matrix["kappa_high"][j][i] = row["cohen_kappa_ci_high"]


def categorical_dict(view: Mapping) -> dict:
    """:func:`~.categorical.categorical_agreement` as plain JSON types at full precision."""

    def figures(entry: Mapping | None) -> dict | None:
        if entry is None:
            return None
        out = {
            k: json_value(v)
            for k, v in entry.items()
            if k not in ("pairwise", "conflicts", "intervals")
        }
        out["categories"] = [str(c) for c in entry["categories"]]
        out["pairwise"] = [
            {**{k: json_value(v) for k, v in p.items()}, "coder_a": _key(p["coder_a"]),
             "coder_b": _key(p["coder_b"])}
            for p in entry["pairwise"]
        ]  # fmt: skip
        out["conflicts"] = [
            {**{k: json_value(v) for k, v in c.items()}, "coder": _key(c["coder"])}
            for c in entry["conflicts"]
        ]
        return out

    out = {
        "view": view["view"],
        "unit": view["unit"],
        "note": view["note"],
        "groups": [figures(g) for g in view["groups"]],
        "overall": figures(view["overall"]),
    }
    if "n_boot" in view:
        out["intervals"] = _categorical_intervals(view)
    return out


def _categorical_intervals(view: Mapping) -> dict:
    """The categorical view's ``intervals`` block: the shape of the result's, with
    ``per_group`` (exclusive groups) for ``per_code``."""
    overall = view["overall"]
    return {
        "n_boot": view["n_boot"],
        "seed": view["seed"],
        "level": LEVEL,
        "method": {k: METHODS[k] for k in CATEGORICAL_METRICS + ("percent_agreement",)},
        "overall": None if overall is None else as_json(overall["intervals"]),
        "per_group": {g["group"]: as_json(g["intervals"]) for g in view["groups"]},
        "note": view.get("interval_note"),
    }


CATEGORICAL_METRICS = ("krippendorff_alpha", "fleiss_kappa", "cohen_kappa", "gwet_ac1")


def _categorical_rows(result: Mapping) -> list[dict]:
    """One row per categorical figure set (exclusive groups, then all codes), for the tables."""
    view = result.get("categorical") or {}
    entries = [*view.get("groups", []), *([view["overall"]] if view.get("overall") else [])]
    return [
        {
            "": entry["group"],
            "view": "categorical",
            **{
                METRICS[k]: _fmt_ci(k, entry.get(k), _group_ci(view, entry))
                for k in CATEGORICAL_METRICS
            },
            "% agreement": _fmt_ci(
                "percent_agreement", entry.get("percent_agreement"), _group_ci(view, entry)
            ),
            "values": str(len(entry["categories"])),
            "units": _fmt("n_units", entry.get("n_units")),
            "two codes": str(len(entry["conflicts"])),
        }
        for entry in entries
    ]


def _group_ci(view: Mapping, entry: Mapping) -> Mapping:
    """The intervals of one categorical figure set (empty without)."""
    found = view.get("intervals")
    if not found:
        return {}
    if entry is view.get("overall"):
        return found["overall"] or {}
    return found["per_group"].get(entry["group"], {})


def _row_ci(result: Mapping, section: str, row: Mapping) -> Mapping:
    """The intervals of a row of :func:`_rows` (empty without)."""
    found = result.get("intervals")
    if not found:
        return {}
    if section == "overall":
        return found["overall"]
    if section == "level":
        return found["per_level"].get(row["level"], {})
    return found["per_code"].get(row["code"], {}) if section == "code" else {}


def _fmt_ci(name: str, value: Any, intervals: Mapping) -> str:
    """A figure with its 95% interval, ``0.620 [0.480, 0.740]``, when it has one."""
    text = _fmt(name, value)
    bounds = intervals.get(name)
    if text == "-" or not bounds or bounds["ci_low"] is None or bounds["ci_high"] is None:
        return text
    return f"{text} [{_fmt(name, bounds['ci_low'])}, {_fmt(name, bounds['ci_high'])}]"


def _categorical_lines(result: Mapping) -> list[str]:
    """What the categorical view is, in sentences, under its table."""
    view = result.get("categorical")
    if not view:
        return []
    return [
        f"Categorical view: {view['note']} 'two codes': units where a coder gave two codes "
        "of one group (left out for that coder, listed in the JSON)."
    ]


def _fmt(name: str, value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-"
    if name in PERCENTS:
        return f"{100 * value:.1f}%"
    if name in COUNTS or name.startswith("n_"):
        return f"{value:,.0f}"
    return f"{value:.3f}"


def _rows(result: Mapping) -> list[tuple[str, str, dict]]:
    """``(section, name, figures)`` rows: overall, levels, codes."""
    rows = [
        (
            "overall",
            f"overall ({result['level'] if result['level'] != 'all' else 'code'} level)",
            result["overall"],
        )
    ]
    rows += [("level", f"{r['level']} (depth {r['depth']})", r) for r in result["per_level"]]
    rows += [("code", r["code"], r) for r in result["per_code"]]
    return rows


def _headline(result: Mapping) -> list[str]:
    overall = result["overall"]
    lines = [
        f"Unit: {result['unit']} - {result['unit_description']}",
        f"Coders: {', '.join(map(str, result['coders']))}; {result['n_tasks']} task(s) coded by two "
        f"or more of them; level: {result['level']}"
        + (
            f"; spans: {ORIGIN_WORDS[result['origin']]}."
            if result.get("origin", "all") != "all"
            else "."
        ),
        f"Percentage agreement (Campbell et al. 2013, the seed's rule): "
        f"{_fmt('campbell_percent_agreement', overall['campbell_percent_agreement'])}; "
        f"units coded identically: {_fmt('unit_agreement', overall['unit_agreement'])} "
        f"({_fmt('n_units', overall['n_units_agreed'])} of {_fmt('n_units', overall['n_units'])}).",
    ]
    lines += _interval_lines(result)
    negotiated = result.get("negotiated")
    if negotiated:
        lines.append(
            f"Negotiated agreement: {_fmt('unit_agreement', negotiated['negotiated_agreement'])} "
            f"(initial {_fmt('unit_agreement', negotiated['initial_agreement'])}; "
            f"{_fmt('n_', negotiated['n_resolved'])} of {_fmt('n_', negotiated['n_disagreements'])} "
            "disagreements resolved)."
        )
    return lines


def _interval_lines(result: Mapping) -> list[str]:
    """How the [low, high] intervals of the tables were computed (none without)."""
    found = result.get("intervals")
    if not found:
        return []
    line = (
        f"[low, high]: {100 * found['level']:.0f}% intervals, {found['n_boot']} resamples, "
        f"seed {found['seed']}; Krippendorff's alpha: Hayes & Krippendorff (2007) bootstrap of "
        f"pairs of values; the other figures: bootstrap over the {found['n_tasks']} "
        "transcript(s)."
    )
    return [line + (f" {found['note']}" if found["note"] else "")]


def _kappa_cell(matrix: Mapping, i: int, j: int) -> str:
    """Kappa of a coder pair, with its bootstrap interval when the matrix has one."""
    cell = _fmt("cohen_kappa", matrix["cohen_kappa"][i][j])
    if "kappa_low" in matrix and matrix["kappa_low"][i][j] is not None:
        cell += (
            f" [{_fmt('cohen_kappa', matrix['kappa_low'][i][j])}, "
            f"{_fmt('cohen_kappa', matrix['kappa_high'][i][j])}]"
        )
    return cell


def model_lines(result: Mapping) -> list[str]:
    """What ``model`` in the coder matrix is, and the equivalence check, in plain sentences
    (none without ``--with-model``)."""
    model = result.get("model_coder")
    if not model:
        return []
    level = f"{100 * model['level']:.0f}%"
    lines = [
        f"'{model['coder']}' is a cross-fitted model, not a person: each of the "
        f"{model['tasks']} coded transcripts was coded by a model (encoder {model['encoder']}) "
        f"fitted only on the other participants' transcripts ({model['folds']} folds, one per "
        "participant), with the backend's pre-fill (precision target "
        f"{model['prefill_precision']:.2f}). Intervals: {level} bootstrap over transcripts "
        f"({model['resamples']} resamples, seed {model['seed']})."
    ]
    equivalence = model["equivalence"]
    if equivalence is None:
        lines.append(
            "Equivalence check: no transcript was coded by two people, so model-person "
            "agreement cannot be set against person-person agreement."
        )
        return lines
    margin = _fmt("cohen_kappa", equivalence["margin"])
    figures = (
        f"mean kappa model-person {_fmt('cohen_kappa', equivalence['model_human'])} minus "
        f"person-person {_fmt('cohen_kappa', equivalence['human_human'])} = "
        f"{_fmt('cohen_kappa', equivalence['difference'])}, {level} interval "
        f"[{_fmt('cohen_kappa', equivalence['low'])}, {_fmt('cohen_kappa', equivalence['high'])}]"
        f" (paired bootstrap over the {equivalence['n_tasks']} transcript(s) two or more people "
        "coded)"
    )
    if equivalence["within"]:
        verdict = (
            f"the interval lies within +-{margin}: the model agrees with the coders as well as "
            f"they agree with each other, within a margin of {margin} kappa."
        )
    elif equivalence["high"] is not None and equivalence["high"] < -equivalence["margin"]:
        verdict = (
            f"the whole interval lies below -{margin}: the model agrees with the coders less "
            "than they agree with each other."
        )
    else:
        verdict = (
            f"the interval does not lie within +-{margin}: equivalence within {margin} kappa is "
            "not shown (with few double-coded transcripts the interval is wide)."
        )
    lines.append(f"Equivalence check: {figures}; {verdict}")
    return lines


def format_table(result: Mapping) -> str:
    """The result as two terminal tables (figures; coder x coder) under a headline."""
    # rich is imported here, not at the top: only the table format needs it.
    from rich.console import Console
    from rich.table import Table

    buffer = io.StringIO()
    console = Console(file=buffer, width=140, highlight=False, soft_wrap=False, color_system=None)
    for line in _headline(result):
        console.print(line, markup=False)
    figures = Table(
        title="Agreement",
        title_justify="left",
        caption_justify="left",
        caption="; ".join(f"{SHORT[k]} = {label}" for k, label in METRICS.items())
        + ". Kappa, alpha, AC1: each (unit, code) pair one binary item.",
    )
    figures.add_column("")
    for name in METRICS:
        figures.add_column(SHORT[name], justify="right")
    figures.add_column("coded items", justify="right")
    previous = None
    for section, name, row in _rows(result):
        if previous is not None and section != previous:
            figures.add_section()
        previous = section
        figures.add_row(
            name,
            *[  # the interval on a second line, so that columns stay narrow
                _fmt_ci(k, row.get(k), _row_ci(result, section, row)).replace(" [", "\n[", 1)
                for k in METRICS
            ],
            _fmt("n_coded", row.get("n_coded")),
        )
    console.print(figures)
    categorical = _categorical_rows(result)
    if categorical:
        table = Table(
            title="Agreement, categorical view (mutually exclusive codes: one value per unit "
            "and coder)",
            title_justify="left",
        )
        for column in categorical[0]:
            table.add_column(column, justify="left" if column in ("", "view") else "right")
        for row in categorical:
            table.add_row(*row.values())
        console.print(table)
    for line in _categorical_lines(result):
        console.print(line, markup=False)
    interval = " [95% interval]" if "kappa_low" in result["matrix"] else ""
    matrix = Table(
        title=f"Coder x coder: Cohen's kappa{interval} / % agreement (tasks both coded)",
        title_justify="left",
    )
    matrix.add_column("coder")
    coders = result["matrix"]["coders"]
    for coder in coders:
        matrix.add_column(str(coder), justify="right")
    for i, coder in enumerate(coders):
        cells = []
        for j in range(len(coders)):
            if i == j:
                cells.append(f"({result['matrix']['n_tasks'][i][j]} tasks)")
            else:
                cells.append(
                    f"{_kappa_cell(result['matrix'], i, j)} / "
                    f"{_fmt('percent_agreement', result['matrix']['percent_agreement'][i][j])} "
                    f"({result['matrix']['n_tasks'][i][j]})"
                )
        matrix.add_row(str(coder), *cells)
    console.print(matrix)
    for line in model_lines(result):
        console.print(line, markup=False)
    console.print(f"{result['n_disagreements']} unit(s) where the coders differ.", markup=False)
    return buffer.getvalue()


def format_markdown(result: Mapping) -> str:
    """The result as a Markdown document: headline, figures table, coder x coder table."""
    parts = ["# Inter-coder agreement", "", *[f"{line}  " for line in _headline(result)], ""]
    table = pd.DataFrame(
        [
            {
                "": name,
                **{
                    label: _fmt_ci(k, row.get(k), _row_ci(result, section, row))
                    for k, label in METRICS.items()
                },
                "coded items": _fmt("n_coded", row.get("n_coded")),
            }
            for section, name, row in _rows(result)
        ]
    )
    parts += [
        "## Overall, per level and per code (binary view: each (unit, code) pair one item)",
        "",
        markdown_table(table),
    ]
    categorical = _categorical_rows(result)
    if categorical:
        parts += [
            "",
            "## Categorical view (mutually exclusive codes: one value per unit and coder)",
            "",
            markdown_table(pd.DataFrame(categorical)),
        ]
    if result.get("categorical"):
        parts += ["", *_categorical_lines(result), ""]
    coders = result["matrix"]["coders"]
    matrix = pd.DataFrame(
        [
            {
                "coder": str(a),
                **{
                    str(b): (
                        f"({result['matrix']['n_tasks'][i][j]} tasks)"
                        if i == j
                        else f"{_kappa_cell(result['matrix'], i, j)} / "
                        f"{_fmt('percent_agreement', result['matrix']['percent_agreement'][i][j])}"
                    )
                    for j, b in enumerate(coders)
                },
            }
            for i, a in enumerate(coders)
        ]
    )
    parts += ["## Coder x coder (Cohen's kappa / % agreement)", "", markdown_table(matrix)]
    if result.get("model_coder"):
        parts += ["", "## The model as a coder", "", *[f"{line}  " for line in model_lines(result)]]
    return "\n".join(parts)


def format_csv(result: Mapping) -> str:
    """One row per figure set: overall, each level, each code, each coder pair (full precision)."""
    columns = ["unit", "level", "section", "name", *METRICS, *COUNTS]
    bounds = [f"{k}_ci_{end}" for k in METRICS for end in ("low", "high")]
    intervals = result.get("intervals") or {}
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(neutralise_row([*columns, "coder_a", "coder_b", *bounds]))

    def limits(found: Mapping | None) -> list:
        """The interval columns (after the others, so that no column moves) of one row."""
        found = found or {}
        return [cell((found.get(k) or {}).get(f"ci_{end}")) for k in METRICS for end in ("low", "high")]

    def cell(value):
        return "" if value is None else repr(value) if isinstance(value, float) else value

    for section, name, row in _rows(result):
        name = (
            "overall"
            if section == "overall"
            else row.get("level", name)
            if section == "level"
            else name
        )
        writer.writerow(
            neutralise_row(
                [
                    result["unit"],
                    result["level"],
                    section,
                    name,
                    *[cell(row.get(k)) for k in (*METRICS, *COUNTS)],
                    "",
                    "",
                    *limits(
                        intervals.get("overall")
                        if section == "overall"
                        else (intervals.get("per_level") or {}).get(name)
                        if section == "level"
                        else (intervals.get("per_code") or {}).get(name)
                    ),
                ]
            )
        )
    for pair in [*result["pairwise"], *_model_pairs(result)]:
        values = {**pair}
        kappa = {"cohen_kappa": {"ci_low": pair.get("cohen_kappa_ci_low"),
                                 "ci_high": pair.get("cohen_kappa_ci_high")}}  # fmt: skip
        writer.writerow(
            neutralise_row(
                [
                    result["unit"],
                    result["level"],
                    "pair",
                    f"{pair['coder_a']} vs {pair['coder_b']}",
                    *[cell(values.get(k)) for k in (*METRICS, *COUNTS)],
                    pair["coder_a"],
                    pair["coder_b"],
                    *limits(kappa),
                ]
            )
        )
    if result.get("negotiated"):
        negotiated = result["negotiated"]
        writer.writerow(
            neutralise_row(
                [
                    result["unit"],
                    result["level"],
                    "negotiated",
                    "negotiated",
                    *[
                        cell(negotiated["negotiated_agreement"]) if k == "unit_agreement" else ""
                        for k in METRICS
                    ],
                    *["" if k != "n_units" else cell(negotiated["n_units"]) for k in COUNTS],
                    "",
                    "",
                    *limits(None),
                ]
            )
        )
    return buffer.getvalue()


def _model_pairs(result: Mapping) -> list[dict]:
    """The coder pairs with the model (``--with-model``); the people's pairs are in
    ``pairwise``."""
    model = result.get("model_coder") or {}
    return [p for p in model.get("pairs", []) if model["coder"] in (p["coder_a"], p["coder_b"])]


def format_agreement(result: Mapping, fmt: str) -> str:
    """The :func:`result_dict` as ``fmt``: one of :data:`FORMATS`."""
    if fmt == "json":
        return json.dumps(result, indent=2, ensure_ascii=False, allow_nan=False) + "\n"
    if result.get("view") == "unitizing":  # --unit spans (:mod:`.spans`)
        return format_spans(result, fmt)
    if fmt == "csv":
        return format_csv(result)
    if fmt == "md":
        return format_markdown(result)
    return format_table(result)
