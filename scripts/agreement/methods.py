"""The reliability paragraph of a thesis or paper, written from the agreement result.

:func:`methods_facts` gathers what the result of :func:`~.compute.compute_agreement` does not
hold but the paragraph needs: how many transcripts the snapshot has, the record
``ls-thematic sample --assign`` left in the double-coded tasks' meta
(:data:`~ls_thematic.label_config.lsexport.SAMPLE_META_KEY`: seed, and stratification when
recorded) and how the codebook changed between rounds (:func:`codebook_changes`).
:func:`add_methods` puts those facts and the paragraph under the result's ``methods`` key;
:func:`methods_paragraph` writes the paragraph.

The paragraph states only figures the result contains, rounded as the tables round them
(coefficients to 3 decimals, percentages to 1), so that a reader can find each of its numbers
in the tables beside it. Sentences whose figures are missing are left out: no interval without
the result's ``intervals`` block, no negotiated agreement without ``negotiated``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from ls_thematic.label_config import lsexport
from ls_thematic.label_config.codebook import Codebook

from ..snapshot import as_snapshot
from .compute import agreement_codes, resolve_codebook, used_codes
from .present import result_dict

__all__ = [
    "COEFFICIENTS",
    "add_methods",
    "codebook_changes",
    "methods_facts",
    "methods_output",
    "methods_paragraph",
    "overall_table",
    "report_methods",
    "round_codes",
    "sample_record",
    "spans_facts",
]

#: The overall coefficients the paragraph reports, in order, with their symbols.
COEFFICIENTS = {
    "krippendorff_alpha": "Krippendorff's α (nominal)",
    "cohen_kappa": "Cohen's κ",
    "fleiss_kappa": "Fleiss' κ",
    "gwet_ac1": "Gwet's AC1",
}
#: Percentages the paragraph reports, with their names.
PERCENTS = {
    "campbell_percent_agreement": "percentage agreement by Campbell et al.'s rule (over the "
    "items a coder applied)",
    "percent_agreement": "percentage agreement over all items",
}
#: Words for small counts, as a paragraph writes them.
WORDS = {2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight"}


# --------------------------------------------------------------------------- facts
def sample_record(snapshot) -> dict | None:
    """What ``ls-thematic sample --assign`` recorded in the tasks it gave a second coder.

    Parameters
    ----------
    snapshot : Snapshot, list of tasks or saved snapshot dict

    Returns
    -------
    dict or None
        ``n_tasks`` (tasks carrying the record), ``seeds`` (the distinct seeds, in order of
        first appearance), ``seed`` (the seed when there is one, else None), ``stratify``
        (the attribute when the record names one, else None) and ``n_candidates`` (how many
        transcripts the sample was drawn from, when the records agree on one, else None); None
        when no task carries it.
    """
    records = []
    for task in as_snapshot(snapshot):
        meta = task.get("meta")
        record = meta.get(lsexport.SAMPLE_META_KEY) if isinstance(meta, Mapping) else None
        if isinstance(record, Mapping):
            records.append(record)
    if not records:
        return None
    seeds = list(dict.fromkeys(r.get("seed") for r in records if r.get("seed") is not None))
    strata = list(dict.fromkeys(r.get("stratify") for r in records if r.get("stratify")))
    pools = list(dict.fromkeys(r.get("n_candidates") for r in records if r.get("n_candidates")))
    return {
        "n_tasks": len(records),
        "seeds": seeds,
        "seed": seeds[0] if len(seeds) == 1 else None,
        "stratify": strata[0] if len(strata) == 1 else None,
        "n_candidates": pools[0] if len(pools) == 1 else None,
    }


def round_codes(snapshot) -> tuple[list[str], dict[str, str | None]]:
    """``(codes, parent of each code)`` a snapshot's agreement compares: its codebook's codes
    (every codable code, then any other code applied), else the codes applied; parents are
    None without a codebook."""
    snapshot = as_snapshot(snapshot)
    book, control, data_key, _ = resolve_codebook(snapshot, None, None)
    used = used_codes(snapshot, control, data_key)
    if book is None:
        return used, dict.fromkeys(used)
    codes = agreement_codes(book, used)
    known = set(book.names)
    return codes, {c: book.parent_of(c) if c in known else None for c in codes}


def codebook_changes(rounds: Sequence[tuple[str, Any]]) -> list[dict]:
    """How the codes changed from each round to the next.

    Parameters
    ----------
    rounds : sequence of (label, snapshot)
        The rounds in order, the last one the round agreement is computed on; ``label`` names
        the round (a file name, "round 1", ...).

    Returns
    -------
    list of dict
        One dict per pair of consecutive rounds: ``from``, ``to`` (labels), ``added``,
        ``removed`` and ``moved`` (codes under another heading; empty without codebooks),
        each a list of code names in the later (``removed``: earlier) round's order, and the
        counts ``n_added``, ``n_removed``, ``n_moved``.
    """
    coded = [(label, *round_codes(snapshot)) for label, snapshot in rounds]
    changes = []
    for (before, old, old_parent), (after, new, new_parent) in zip(coded, coded[1:], strict=False):
        added = [c for c in new if c not in old_parent]
        removed = [c for c in old if c not in new_parent]
        moved = [c for c in new if c in old_parent and old_parent[c] != new_parent[c]]
        changes.append(
            {
                "from": before, "to": after, "added": added, "removed": removed, "moved": moved,
                "n_added": len(added), "n_removed": len(removed), "n_moved": len(moved),
            }
        )  # fmt: skip
    return changes


def methods_facts(result: Mapping, snapshot, rounds: Sequence[tuple[str, Any]] = ()) -> dict:
    """The figures the paragraph needs besides the result's.

    Parameters
    ----------
    result : dict
        :func:`~.compute.compute_agreement`'s result on ``snapshot``.
    snapshot : Snapshot
        The snapshot the result was computed on (the last round).
    rounds : sequence of (label, snapshot)
        Earlier rounds, oldest first: the paragraph says how the codebook changed since (the
        snapshot itself is the round after them, ``round N``).

    Returns
    -------
    dict
        ``n_transcripts`` (tasks in the snapshot), ``n_double_coded`` (tasks two or more of
        the coders annotated: ``result["n_tasks"]``), ``n_coders``, ``n_codes`` (codes
        compared), ``sample``
        (:func:`sample_record`) and ``codebook_changes`` (:func:`codebook_changes`; empty with
        one round).
    """
    snapshot = as_snapshot(snapshot)
    last = f"round {len(rounds) + 1}"
    changes = codebook_changes([*rounds, (last, snapshot)]) if rounds else []
    spans = result.get("unit") == "spans"
    facts = {
        "n_transcripts": len(snapshot),
        "n_double_coded": result["n_tasks"],
        "n_coders": len(result["coders"]),
        "n_codes": len(result["unitizing"]["per_code"] if spans else result["codes"]),
        "sample": sample_record(snapshot),
        "codebook_changes": changes,
    }
    if spans:
        facts.update(spans_facts(result))
    return facts


def _summary(values: Sequence[float]) -> dict | None:
    """``n``, ``min``, ``median`` and ``max`` of ``values``; None when there are none."""
    if not values:
        return None
    return {
        "n": len(values),
        "min": float(min(values)),
        "median": float(pd.Series(values, dtype=float).median()),
        "max": float(max(values)),
    }


def spans_facts(result: Mapping) -> dict:
    """The summaries the paragraph states for ``--unit spans`` (:func:`~.spans.spans_agreement`).

    Returns
    -------
    dict
        ``alone_u_alpha``: :func:`_summary` of the per-code uα of each code on its own (the codes
        with spans); ``gamma``: :func:`_summary` of γ over the transcripts where it was
        computed (None without γ).
    """
    per_code = result["unitizing"]["per_code"]
    alone = [r["alone_u_alpha"] for r in per_code if _defined(r.get("alone_u_alpha"))]
    rows = (result.get("gamma") or {}).get("per_task") or []
    return {
        "alone_u_alpha": _summary(alone),
        "gamma": _summary([r["gamma"] for r in rows if _defined(r.get("gamma"))]),
    }


def add_methods(
    result: Mapping,
    snapshot,
    rounds: Sequence[tuple[str, Any]] = (),
    *,
    coder_names: Sequence[str] | None = None,
) -> dict:
    """The result with a ``methods`` key: :func:`methods_facts` and ``paragraph``."""
    out = {**result, "methods": methods_facts(result, snapshot, rounds)}
    out["methods"]["paragraph"] = methods_paragraph(out, coder_names=coder_names)
    return out


# --------------------------------------------------------------------------- the paragraph
def _number(value: float) -> str:
    """A coefficient as the tables show it (3 decimals; minus sign as a hyphen-minus)."""
    return f"{value:.3f}"


def _percent(value: float) -> str:
    return f"{100 * value:.1f}%"


def _count(n: int | float) -> str:
    """A count in words from two to eight, else in figures with thousands separators."""
    return WORDS.get(int(n), f"{n:,.0f}")


def _defined(value: Any) -> bool:
    return isinstance(value, (int, float)) and not (isinstance(value, float) and math.isnan(value))


def _interval(name: str, intervals: Mapping | None, described: set, shown) -> str:
    """`` (95% CI low–high; method, n resamples, seed s)``: the method, resamples and seed the
    first time a method appears (``described`` remembers it); empty without an interval."""
    if not intervals:
        return ""
    ci = (intervals.get("overall") or {}).get(name) or {}
    low, high = ci.get("ci_low"), ci.get("ci_high")
    if not (_defined(low) and _defined(high)):
        return ""
    level = f"{100 * intervals['level']:.0f}%"
    dash = " to " if low < 0 or high < 0 else "–"
    text = f" ({level} CI {shown(low)}{dash}{shown(high)}"
    method = (intervals.get("method") or {}).get(name)
    if method and method not in described:
        described.add(method)
        text += f"; {method}, {intervals['n_boot']:,} resamples, seed {intervals['seed']}"
    return text + ")"


def _figures(
    result: Mapping, intervals: Mapping | None, names: Mapping[str, str], described: set
) -> list[str]:
    """``name = value (interval)`` for each coefficient of ``names`` the result defines."""
    overall = result["overall"]
    return [
        f"{label} = {_number(overall[key])}{_interval(key, intervals, described, _number)}"
        for key, label in names.items()
        if _defined(overall.get(key))
    ]


def _design(result: Mapping, facts: Mapping, coder_names: Sequence[str] | None) -> list[str]:
    """The sentences on the transcripts, the sample and the coders."""
    n_coders = len(result["coders"])
    coders = f"{_count(n_coders)} coders"
    if coder_names:
        coders += f" ({', '.join(map(str, coder_names))})"
    n_tasks = result["n_tasks"]
    where = f"{n_tasks:,} transcript{'' if n_tasks == 1 else 's'}"
    if facts.get("n_transcripts") is not None:
        where = f"{n_tasks:,} of the {facts['n_transcripts']:,} transcripts"
    sentences = [f"Reliability was assessed on {where}, coded independently by {coders}."]
    sample = facts.get("sample")
    if sample is not None and sample.get("seed") is not None:
        how = f", stratified by {sample['stratify']}" if sample.get("stratify") else ""
        pool = sample.get("n_candidates")
        source = f" from {pool:,} candidate transcripts" if pool else ""
        sentences.append(
            f"The double-coded transcripts were drawn at random{source} with `ls-thematic "
            f"sample`{how} (seed {sample['seed']})."
        )
    elif "sample" in facts:
        sentences.append("The sample was not drawn with `ls-thematic sample`.")
    return sentences


def _negotiated(result: Mapping) -> list[str]:
    negotiated = result.get("negotiated")
    if not negotiated:
        return []
    return [
        f"After the consensus meeting, {negotiated['n_resolved']:,.0f} of the "
        f"{negotiated['n_disagreements']:,.0f} disagreements were resolved, and the units "
        f"coded identically rose from {_percent(negotiated['initial_agreement'])} to "
        f"{_percent(negotiated['negotiated_agreement'])}."
    ]


def _changes(facts: Mapping) -> list[str]:
    sentences = []
    for change in facts.get("codebook_changes") or []:
        parts = []
        for key, verb in (("added", "added"), ("removed", "removed"), ("moved", "moved")):
            if change[key]:
                parts.append(f"{change[f'n_{key}']:,} {verb} ({', '.join(change[key])})")
        what = "; ".join(parts) if parts else "no code was added, removed or moved"
        sentences.append(f"Between {change['from']} and {change['to']}, codes: {what}.")
    return sentences


def methods_paragraph(result: Mapping, *, coder_names: Sequence[str] | None = None) -> str:
    """The reliability paragraph of a methods section, from an agreement result.

    Parameters
    ----------
    result : dict
        :func:`~.compute.compute_agreement`'s result; with a ``methods`` key
        (:func:`add_methods`) the paragraph also gives the number of transcripts, how the
        sample was drawn and how the codebook changed between rounds; with ``intervals``, each
        coefficient's interval; with ``negotiated``, agreement after the meeting.
    coder_names : sequence of str, optional
        Names to give the coders (pseudonyms); by default they are counted, not named.

    Returns
    -------
    str
        One paragraph of plain text (Markdown backticks around the command's name).
    """
    facts = result.get("methods") or {}
    intervals = result.get("intervals")
    sentences = _design(result, facts, coder_names)
    if result.get("unit") == "spans":
        return " ".join([*sentences, *_spans(result, facts), *_changes(facts)])
    if result.get("unit_description"):
        sentences.append(f"Unit of analysis: {result['unit_description']}")
    described: set = set()  # interval methods already explained
    names = dict(COEFFICIENTS)
    if len(result["coders"]) > 2:
        names["cohen_kappa"] = "Cohen's κ (mean over coder pairs)"
    figures = _figures(result, intervals, names, described) if result.get("overall") else []
    if figures:
        sentences.append(
            f"Over all {len(result['codes']):,} codes, each (unit, code) pair one binary "
            f"item: {'; '.join(figures)}."
        )
    percents = [
        f"{label} {_percent(result['overall'][key])}"
        f"{_interval(key, intervals, described, _percent)}"
        for key, label in PERCENTS.items()
        if _defined((result.get("overall") or {}).get(key))
    ]
    if percents:
        text = "; ".join(percents)
        sentences.append(f"{text[0].upper()}{text[1:]}.")
    if intervals and intervals.get("note"):
        sentences.append(str(intervals["note"]))
    sentences += _categorical(result, described)
    sentences += _negotiated(result)
    sentences += _changes(facts)
    return " ".join(sentences)


def _spans(result: Mapping, facts: Mapping) -> list[str]:
    """The sentences on the unit and the coefficients of ``--unit spans``."""
    unitizing = result["unitizing"]
    sentences = [
        "The unit of analysis was the coded span as drawn: each transcript was one continuum "
        "of characters, and the coders' spans were compared where they lie, without fixed units "
        "(Krippendorff, Mathet, Bouvry & Widlöcher 2016)."
    ]
    if unitizing.get("n_merged"):
        sentences.append(
            "A coder's overlapping spans of the same code were merged into one segment first "
            f"({unitizing['n_merged']:,} merged)."
        )
    figures = [
        f"{symbol} = {_number(unitizing[key])} ({meaning})"
        for key, (symbol, meaning) in {
            "u_alpha": ("uα", "where the segments are and how they are coded"),
            "binary_u_alpha": ("|uα", "where the coded segments are, codes ignored"),
            "cu_alpha": ("cuα", "the codes where the coders' segments meet"),
        }.items()
        if _defined(unitizing.get(key))
    ]
    alone = facts.get("alone_u_alpha") or spans_facts(result)["alone_u_alpha"]
    if figures and unitizing.get("overlap"):
        sentences.append(
            "Where the coded text lies, codes ignored (each coder's spans of all codes merged): "
            f"{figures[0]}."
        )
        figures = []
    if figures:
        sentences.append(
            "Krippendorff's unitizing coefficients over all "
            f"{len(unitizing['per_code']):,} codes: {'; '.join(figures)}."
        )
    elif alone is not None:
        codes = "one code" if alone["n"] == 1 else f"{alone['n']:,} codes"
        values = (
            f"uα = {_number(alone['min'])}" if alone["n"] == 1
            else f"uα ranged from {_number(alone['min'])} to {_number(alone['max'])}"
        )  # fmt: skip
        sentences.append(
            "Because the coders let codes overlap, the unitizing coefficients over all codes "
            "are not defined; each code was assessed on its own, its segments against the text "
            f"left uncoded (Krippendorff's uα), over the {codes} applied: {values}."
        )
    gamma = facts.get("gamma") if "gamma" in facts else spans_facts(result)["gamma"]
    if gamma is not None:
        settings = result["gamma"]
        how = f"Mathet's γ ({settings['n_samples']:,} random continua, seed {settings['seed']})"
        if gamma["n"] == 1:
            sentences.append(f"{how} was {_number(gamma['median'])}.")
        else:
            sentences.append(
                f"{how}, computed per transcript: median {_number(gamma['median'])}, from "
                f"{_number(gamma['min'])} to {_number(gamma['max'])} over {gamma['n']:,} "
                "transcripts."
            )
    return sentences


def _categorical(result: Mapping, described: set) -> list[str]:
    """The categorical view over all codes, when the result has it."""
    view = (result.get("categorical") or {}).get("overall")
    if not view:
        return []
    intervals = (result.get("categorical") or {}).get("intervals")
    figures = _figures({"overall": view}, intervals, COEFFICIENTS, described)
    if not figures:
        return []
    return [
        "Taking each unit's code as one value per coder (the categorical view, every coder "
        f"having applied at most one code per unit): {'; '.join(figures)}."
    ]


def methods_output(result: Mapping, fmt: str) -> str:
    """The paragraph as ``agreement --methods`` prints it after the tables: under a heading in
    ``md``, after a blank line in ``table``; empty for ``json`` (the paragraph is the result's
    ``methods.paragraph``) and without a ``methods`` key."""
    methods = result.get("methods")
    if not methods or fmt not in ("table", "md"):
        return ""
    if fmt == "md":
        return f"\n\n## Methods paragraph\n\n{methods['paragraph']}\n"
    return f"\nMethods paragraph:\n{methods['paragraph']}\n"


# --------------------------------------------------------------------------- the report
def overall_table(result: Mapping) -> pd.DataFrame:
    """The overall figures the paragraph states, as it states them: ``figure``, ``value``
    and ``95% CI`` (empty without an interval), for the table beside it in the report."""
    overall, intervals = result.get("overall") or {}, result.get("intervals") or {}
    rows = []
    for key, label in {**COEFFICIENTS, **PERCENTS}.items():
        if not _defined(overall.get(key)):
            continue
        shown = _percent if key in PERCENTS else _number
        ci = (intervals.get("overall") or {}).get(key) or {}
        low, high = ci.get("ci_low"), ci.get("ci_high")
        bounds = f"{shown(low)} to {shown(high)}" if _defined(low) and _defined(high) else ""
        rows.append({"figure": label[0].upper() + label[1:], "value": shown(overall[key]),
                     "95% CI": bounds})  # fmt: skip
    return pd.DataFrame(rows, columns=["figure", "value", "95% CI"])


def report_methods(
    report: Any,
    snapshot,
    book: Codebook,
    *,
    coder_names: Mapping | None = None,
    rounds: Sequence[tuple[str, Any]] = (),
) -> dict | None:
    """The methods paragraph of ``ls-thematic report`` and the table of its overall figures.

    Parameters
    ----------
    report : dict
        :func:`~.report.agreement_report`'s dict (what the report command computes); anything
        else (a per-code table, ``{code: coefficient}``) has no overall figures: None.
    snapshot : Snapshot
        The snapshot the agreement was computed on.
    book : Codebook
        Its codebook (names the hierarchy levels).
    coder_names : dict, optional
        ``{coder: pseudonym}``: the paragraph names the coders by these when every coder has
        one; otherwise it counts them.
    rounds : sequence of (label, snapshot)
        Earlier coding rounds, oldest first (as for :func:`methods_facts`).

    Returns
    -------
    dict or None
        ``paragraph`` (str), ``table`` (:func:`overall_table`) and ``result`` (the
        JSON-ready result with its ``methods`` key).
    """
    if not isinstance(report, Mapping) or "scheme" not in report or "overall" not in report:
        return None
    depth_names = None
    if report.get("per_level") is not None:
        depth_names = {depth: book.level_name(depth - 1) for depth in report["per_level"].index}
    result = result_dict(report, {}, "all", depth_names, None, book)
    names = None
    if coder_names:
        lowered = {str(k).lower(): v for k, v in coder_names.items()}
        found = [lowered.get(str(c).lower()) for c in result["coders"]]
        names = found if all(found) else None
    result = add_methods(result, snapshot, rounds, coder_names=names)
    return {"paragraph": result["methods"]["paragraph"], "table": overall_table(result),
            "result": result}  # fmt: skip
