"""How much the coders followed the suggestion model: ``ls-thematic audit`` (issue 12, section 3).

Two figures, from a snapshot of the coding and the backend's log of suggestions
(:mod:`ls_thematic.backend.suggestion_log`):

- **Acceptance.** Each region the backend pre-filled on an annotated transcript (its shown units
  joined per code as the backend joins them: consecutive units of one turn or paragraph) ends
  as one of: *kept* (the coder's annotation has a span with that code over it that Label Studio
  marks ``origin: prediction``, a suggestion kept unchanged), *changed* (``prediction-changed``),
  *own* (the code is there, but only on spans the coder made by hand) or *removed* (the code is
  on none of the coder's spans over the region).
- **Anchoring.** Per unit the backend scored, the model's codes against the codes of the
  coder's spans over the unit: Cohen's kappa on presence/absence over (unit x code) pairs,
  separately where the suggestion was shown and where it was withheld (``WITHHOLD_FRACTION``,
  chosen at random). Coders who follow the model agree with it more where they saw it; the gap
  (shown - withheld) has a 95% bootstrap interval over transcripts (paired: both kappas from
  the same drawn transcripts, :mod:`~ls_thematic.scripts.agreement.bootstrap`).

The suggestions a coder saw are those of the task's latest logged prediction made before the
annotation was created (the latest one when none was). ``"asked"`` entries (codes a coder asked
about for a span they selected) are left out, and so are blind tasks (no suggestions at all).
Nothing here rounds; :func:`format_audit` formats.
"""

from __future__ import annotations

import json
from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ls_thematic.backend.segment import blocks_of
from ls_thematic.label_config import lsexport
from ls_thematic.label_config.codebook import UNSURE
from ls_thematic.label_config.errors import InputError, LabelStudioDataError

from .agreement.bootstrap import LEVEL, RESAMPLES, interval, kappa_of_tables, resample_counts
from .render import json_value, render_table
from .snapshot import as_snapshot, coding_control

__all__ = [
    "AUDIT_FORMATS",
    "MIN_WITHHELD",
    "OUTCOMES",
    "audit",
    "format_audit",
]

#: With fewer withheld units than this, the anchoring comparison cannot tell.
MIN_WITHHELD = 20
#: What became of a shown region (see the module's notes).
OUTCOMES = ("kept", "changed", "own", "removed")
AUDIT_FORMATS = ("table", "md", "json")


@dataclass(frozen=True)
class LoggedUnit:
    """One unit of a logged prediction: ``[start, end)``, the codes the model put (or would have
    put) there, and whether the coder was shown them."""

    start: int
    end: int
    codes: frozenset
    shown: bool


@dataclass(frozen=True)
class Coding:
    """One coder's final coding of one task, beside the prediction they were shown."""

    task: int
    coder: str
    units: tuple  # of LoggedUnit, in text order
    spans: tuple  # of lsexport.CodedSpan
    blocks: tuple  # the starts of the task's turns or paragraphs


# --------------------------------------------------------------------------- the log
def _when(text: object) -> float:
    """An ISO 8601 time as seconds since the epoch (-inf when missing or unreadable)."""
    return lsexport.saved_at({"created_at": text})


def _is_unit(entry: Mapping) -> bool:
    start, end, codes = entry.get("start"), entry.get("end"), entry.get("codes")
    return (
        type(start) is int
        and type(end) is int
        and 0 <= start < end
        and isinstance(codes, Mapping)
        and all(isinstance(code, str) for code in codes)
    )


def index_log(entries: Iterable[object]) -> tuple[dict, dict]:
    """The log's predictions per task: ``({task: {time: [entries]}}, counts)``.

    An entry belongs to the prediction logged at its ``at`` time. ``counts`` says how many
    entries were read, left out as ``"asked"``, or unreadable (not a logged unit or blind task).
    """
    by_task: dict[int, dict[float, list]] = {}
    counts = {"entries": 0, "asked": 0, "unreadable": 0}
    for entry in entries:
        counts["entries"] += 1
        if not isinstance(entry, Mapping) or type(entry.get("task")) is not int:
            counts["unreadable"] += 1
        elif entry.get("why") == "asked":
            counts["asked"] += 1
        elif entry.get("why") == "blind" or (
            entry.get("why") in ("shown", "withheld") and _is_unit(entry)
        ):
            by_task.setdefault(entry["task"], {}).setdefault(_when(entry.get("at")), []).append(
                entry
            )
        else:
            counts["unreadable"] += 1
    return by_task, counts


def seen_prediction(predictions: Mapping[float, list], created: float) -> list | None:
    """The prediction a coder saw: the latest logged at or before ``created`` (the annotation's
    creation), else the latest; ``None`` when the task was blind then."""
    before = [at for at in predictions if at <= created]
    entries = predictions[max(before or predictions)]
    if any(entry.get("why") == "blind" for entry in entries):
        return None
    units = {(e["start"], e["end"]): e for e in entries}  # the last entry of a unit wins
    return [
        LoggedUnit(start, end, frozenset(e["codes"]), e["why"] == "shown")
        for (start, end), e in sorted(units.items())
    ]


# --------------------------------------------------------------------------- the codings
def _block_starts(task: Mapping, text: str) -> tuple:
    try:
        blocks = blocks_of(text, lsexport.task_data(task).get("turns"))
    except (LabelStudioDataError, ValueError):
        return ()  # unreadable turns: the spans are read without them
    return tuple(block.start for block in blocks)


def codings_of(snapshot, by_task: Mapping, from_name: str | None = None) -> tuple[list, dict]:
    """Each coder's latest annotation of each logged task as a :class:`Coding`, and counts of
    the tasks: annotated, blind, annotated but not logged."""
    control, data_key = coding_control(snapshot, from_name)
    out: list[Coding] = []
    tasks = {"annotated": 0, "audited": 0, "blind": 0, "not_logged": 0}
    for task in snapshot:
        latest = lsexport.latest_by_coder(task)
        if not latest:
            continue
        tasks["annotated"] += 1
        task_id = lsexport.task_id_of(task)
        if task_id not in by_task:
            tasks["not_logged"] += 1
            continue
        text = lsexport.task_data(task).get(data_key)
        blocks = _block_starts(task, text) if isinstance(text, str) else ()
        blind = False
        for coder, annotation in latest.items():
            units = seen_prediction(by_task[task_id], _when(annotation.get("created_at")))
            if units is None:
                blind = True
                continue
            spans = lsexport.coded_spans(task, annotation, control, data_key)
            out.append(Coding(task_id, coder, tuple(units), tuple(spans), blocks))
        tasks["blind" if blind else "audited"] += 1
    return out, tasks


def _covering(spans: Sequence, start: int, end: int, code: str) -> list:
    """The spans coded ``code`` that overlap ``[start, end)``."""
    return [
        s
        for s in spans
        if code in s.codes and s.start is not None and s.start < end and s.end > start
    ]


# --------------------------------------------------------------------------- acceptance
def shown_regions(coding: Coding) -> list[tuple[str, int, int]]:
    """The regions the coder was shown, ``(code, start, end)``: shown units joined per code
    when consecutive and in one turn or paragraph (as the backend joins them)."""
    regions: list[list] = []
    open_runs: dict[str, list] = {}  # code -> [code, start, end, last unit index, block]
    for i, unit in enumerate(coding.units):
        block = bisect_right(coding.blocks, unit.start)
        codes = unit.codes if unit.shown else frozenset()
        for code in list(open_runs):
            run = open_runs[code]
            if code not in codes or run[3] != i - 1 or run[4] != block:
                regions.append(open_runs.pop(code))
        for code in sorted(codes):
            run = open_runs.setdefault(code, [code, unit.start, unit.end, i, block])
            run[2], run[3] = unit.end, i
    regions += open_runs.values()
    return sorted((code, start, end) for code, start, end, _, _ in regions)


def outcome(spans: Sequence, code: str, start: int, end: int) -> str:
    """What became of the region ``[start, end)`` coded ``code`` (one of :data:`OUTCOMES`)."""
    origins = {s.origin for s in _covering(spans, start, end, code)}
    if lsexport.ACCEPTED in origins:
        return "kept"
    if lsexport.EDITED in origins:
        return "changed"
    return "own" if origins else "removed"


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _acceptance_row(code: str, counts: Mapping[str, int]) -> dict:
    shown = sum(counts.values())
    row = {"code": code, "shown": shown, **{k: counts.get(k, 0) for k in OUTCOMES}}
    row["kept_share"] = _share(row["kept"], shown)
    row["removed_share"] = _share(row["removed"], shown)
    return row


def _top(rows: Sequence[Mapping], key: str, n: int = 3) -> list[dict]:
    ranked = sorted(
        (r for r in rows if r[key]), key=lambda r: (-r[key], -(r[f"{key}_share"] or 0), r["code"])
    )
    return [{"code": r["code"], key: r[key], "share": r[f"{key}_share"]} for r in ranked[:n]]


def acceptance(codings: Iterable[Coding]) -> dict:
    """What the coders did with the regions they were shown, per code and overall.

    Returns
    -------
    dict
        ``per_code``: one row per code shown, ``code, shown, kept, changed, own, removed,
        kept_share, removed_share`` (shares of ``shown``; None when nothing was shown);
        ``overall``: the same over every code; ``most_accepted``, ``most_removed``: up to
        three codes with the most regions kept (removed), ``{code, kept|removed, share}``.
    """
    counts: dict[str, dict[str, int]] = {}
    for coding in codings:
        for code, start, end in shown_regions(coding):
            result = outcome(coding.spans, code, start, end)
            per = counts.setdefault(code, dict.fromkeys(OUTCOMES, 0))
            per[result] += 1
    rows = [_acceptance_row(code, counts[code]) for code in sorted(counts)]
    total = {k: sum(c[k] for c in counts.values()) for k in OUTCOMES}
    return {
        "per_code": rows,
        "overall": _acceptance_row("all codes", total),
        "most_accepted": _top(rows, "kept"),
        "most_removed": _top(rows, "removed"),
    }


# --------------------------------------------------------------------------- anchoring
def task_tables(codings: Sequence[Coding], codes: Sequence[str], tasks: Sequence) -> dict:
    """Per task, the 2x2 tables (model, coder) over (unit x code) pairs, shown and withheld.

    Returns
    -------
    dict
        ``shown``, ``withheld``: ndarray of float, shape (len(tasks), 4), the counts
        ``[neither, coder only, model only, both]`` as
        :func:`~ls_thematic.scripts.agreement.bootstrap.task_tables` orders them; ``units``:
        ``{"shown": n, "withheld": n}`` units compared.
    """
    row = {task: i for i, task in enumerate(tasks)}
    tables = {True: np.zeros((len(tasks), 4)), False: np.zeros((len(tasks), 4))}
    units = {True: 0, False: 0}
    for coding in codings:
        for unit in coding.units:
            coder = {
                code
                for s in coding.spans
                if s.start is not None and s.start < unit.end and s.end > unit.start
                for code in s.codes
            }
            units[unit.shown] += 1
            for code in codes:
                cell = 2 * (code in unit.codes) + (code in coder)
                tables[unit.shown][row[coding.task], cell] += 1
    return {
        "shown": tables[True],
        "withheld": tables[False],
        "units": {"shown": units[True], "withheld": units[False]},
    }


def _kappa(table: np.ndarray, samples: np.ndarray, units: int, n_tasks: int) -> dict:
    low, high = interval(samples, LEVEL)
    return {
        "kappa": json_value(float(kappa_of_tables(table))),
        "low": json_value(low),
        "high": json_value(high),
        "units": units,
        "pairs": int(table.sum()),
        "tasks": n_tasks,
    }


def anchoring(
    codings: Sequence[Coding],
    codes: Sequence[str],
    *,
    resamples: int = RESAMPLES,
    seed: int = 0,
    min_withheld: int = MIN_WITHHELD,
) -> dict:
    """Cohen's kappa of model and coder where the suggestion was shown, where it was withheld,
    and the gap, each with a 95% bootstrap interval over transcripts (paired for the gap).

    Returns
    -------
    dict
        ``shown``, ``withheld``: ``{kappa, low, high, units, pairs, tasks}`` (``tasks``: the
        transcripts with such units; None where kappa is undefined); ``gap``: ``{difference,
        low, high}``; ``enough``: at least ``min_withheld`` withheld units; ``follows``: True
        (the gap's interval lies above 0), False (it does not) or None (too few withheld
        units, or kappa undefined); ``sentence``: the finding in words.
    """
    tasks = sorted({c.task for c in codings})
    tables = task_tables(codings, codes, tasks)
    counts = resample_counts(len(tasks), resamples, seed) if tasks else np.zeros((1, 0))
    samples = {k: kappa_of_tables(counts @ tables[k]) for k in ("shown", "withheld")}
    out = {
        k: _kappa(
            tables[k].sum(axis=0), samples[k], tables["units"][k], int(tables[k].any(axis=1).sum())
        )
        for k in ("shown", "withheld")
    }
    low, high = interval(samples["shown"] - samples["withheld"], LEVEL)
    shown, held = out["shown"]["kappa"], out["withheld"]["kappa"]
    difference = None if shown is None or held is None else shown - held
    out["gap"] = {"difference": difference, "low": json_value(low), "high": json_value(high)}
    out["enough"] = out["withheld"]["units"] >= min_withheld
    out["min_withheld"] = min_withheld
    decided = out["enough"] and difference is not None and out["gap"]["low"] is not None
    out["follows"] = bool(out["gap"]["low"] > 0) if decided else None
    out["sentence"] = anchoring_sentence(out)
    return out


def _fmt(value: float | None) -> str:
    return "undefined" if value is None else f"{value:.2f}"


def _ci(figure: Mapping, low: str = "low", high: str = "high") -> str:
    if figure[low] is None:
        return "[no interval]"
    return f"[{figure[low]:.2f}, {figure[high]:.2f}]"


def anchoring_sentence(result: Mapping) -> str:
    """The anchoring finding (:func:`anchoring`'s result) as a plain sentence."""
    shown, held, gap = result["shown"], result["withheld"], result["gap"]
    if not result["enough"]:
        return (
            f"Too few withheld units to tell whether coders follow the suggestions: "
            f"{held['units']} withheld against {shown['units']} shown (at least "
            f"{result['min_withheld']} withheld are needed; the backend's WITHHOLD_FRACTION "
            "sets their share)."
        )
    if gap["difference"] is None:
        return (
            f"Kappa is undefined where suggestions were "
            f"{'shown' if shown['kappa'] is None else 'withheld'} (model and coders agree by "
            "chance alone there: one of them used no code, or every code), so the two cannot be "
            "compared."
        )
    more = "more" if gap["difference"] > 0 else "less" if gap["difference"] < 0 else "as much"
    head = (
        f"Where suggestions were shown, coders agreed with the model {more} (kappa "
        f"{_fmt(shown['kappa'])} {_ci(shown)}) than where they were withheld "
        f"({_fmt(held['kappa'])} {_ci(held)}): a gap of {_fmt(gap['difference'])} {_ci(gap)}"
    )
    if result["follows"]:
        return head + "; coders appear to follow the suggestions."
    if gap["high"] is not None and gap["high"] < 0:
        return head + "; no sign that coders follow the suggestions."
    return head + ", an interval that includes 0: no sign that coders follow the suggestions."


# --------------------------------------------------------------------------- the audit
def _codes(snapshot, codings: Sequence[Coding]) -> list[str]:
    """The codes compared: the codebook's codable codes (but the built-in Unsure, which the
    backend does not suggest from the codebook), then any other the model or the coders used,
    in first-seen order."""
    book = lsexport.config_codebook(snapshot.label_config)
    codes = dict.fromkeys(c for c in (book.codable_names if book else []) if c != UNSURE)
    for coding in codings:
        for unit in coding.units:
            codes.update(dict.fromkeys(sorted(unit.codes)))
        for span in coding.spans:
            codes.update(dict.fromkeys(span.codes))
    return list(codes)


def _check(snapshot, log_counts: Mapping, codings: Sequence[Coding], tasks: Mapping) -> None:
    if not any(lsexport.counted_annotations(task) for task in snapshot):
        raise InputError(
            f"The snapshot has {len(snapshot)} tasks and no annotations: the audit compares "
            "the coders' final coding with the suggestions they were shown; code some "
            "transcripts first."
        )
    if not log_counts["entries"]:
        raise InputError(
            "The suggestion log is empty: the backend has made no suggestions in this project "
            "yet (connect it to the project and open a task)."
        )
    if not any(unit.shown for coding in codings for unit in coding.units):
        raise InputError(
            f"The log has no shown units on the annotated transcripts: of "
            f"{tasks['annotated']} annotated, {tasks['not_logged']} have no logged prediction, "
            f"{tasks['blind']} were blind (no suggestions) and the others had every unit "
            f"withheld ({log_counts['entries']} log entries, {log_counts['asked']} asked, "
            f"{log_counts['unreadable']} unreadable). Is this the project's log?"
        )


def audit(
    snapshot,
    entries: Iterable[object],
    *,
    from_name: str | None = None,
    resamples: int = RESAMPLES,
    seed: int = 0,
    min_withheld: int = MIN_WITHHELD,
) -> dict:
    """Acceptance and anchoring of the suggestions (see the module's notes), as plain data.

    Parameters
    ----------
    snapshot : Snapshot, list of tasks, or saved snapshot dict
    entries : iterable of dict
        The backend's log (:meth:`~ls_thematic.backend.suggestion_log.SuggestionLog.entries`).
    from_name : str, optional
        The coding control; by default from the snapshot's labelling config.
    resamples, seed : int
        Bootstrap resamples over transcripts, and their seed.
    min_withheld : int
        Fewer withheld units than this, and the anchoring sentence says it cannot tell.

    Returns
    -------
    dict
        ``tasks`` (annotated, audited, blind, not_logged), ``log`` (entries, asked,
        unreadable), ``codes``, ``coders``, ``acceptance`` (:func:`acceptance`),
        ``anchoring`` (:func:`anchoring`) and, with several coders, ``per_coder``: one
        ``{coder, acceptance, anchoring}`` each.

    Raises
    ------
    InputError
        The snapshot has no annotations, the log is empty, or no unit was shown on the
        annotated transcripts.
    """
    snapshot = as_snapshot(snapshot)
    by_task, log_counts = index_log(entries)
    codings, tasks = codings_of(snapshot, by_task, from_name)
    _check(snapshot, log_counts, codings, tasks)
    codes = _codes(snapshot, codings)
    coders = sorted({c.coder for c in codings})
    options = {"resamples": resamples, "seed": seed, "min_withheld": min_withheld}
    result = {
        "tasks": tasks,
        "log": log_counts,
        "codes": codes,
        "coders": coders,
        "acceptance": acceptance(codings),
        "anchoring": anchoring(codings, codes, **options),
    }
    if len(coders) > 1:
        result["per_coder"] = [
            {
                "coder": coder,
                "acceptance": acceptance(c for c in codings if c.coder == coder)["overall"],
                "anchoring": anchoring([c for c in codings if c.coder == coder], codes, **options),
            }
            for coder in coders
        ]
    return result


# --------------------------------------------------------------------------- output
def _frames(result: Mapping) -> dict[str, pd.DataFrame]:
    accept, anchor = result["acceptance"], result["anchoring"]
    kappas = [  # units as text: the gap row has none
        {
            "where": k,
            **{c: anchor[k][c] for c in ("kappa", "low", "high")},
            "units": str(anchor[k]["units"]),
        }
        for k in ("shown", "withheld")
    ]
    gap = anchor["gap"]
    kappas.append(
        {
            "where": "gap (shown - withheld)",
            "kappa": gap["difference"],
            "low": gap["low"],
            "high": gap["high"],
            "units": "",
        }
    )
    frames = {
        "Acceptance of the suggested regions": pd.DataFrame(
            [*accept["per_code"], accept["overall"]]
        ),
        "Anchoring: Cohen's kappa of model and coder over (unit x code)": pd.DataFrame(kappas),
    }
    if "per_coder" in result:
        frames["Per coder"] = pd.DataFrame([_coder_row(c) for c in result["per_coder"]])
    return frames


def _coder_row(coder: Mapping) -> dict:
    accept, anchor = coder["acceptance"], coder["anchoring"]
    return {
        "coder": coder["coder"],
        "shown": accept["shown"],
        "kept_share": accept["kept_share"],
        "removed_share": accept["removed_share"],
        "kappa_shown": anchor["shown"]["kappa"],
        "kappa_withheld": anchor["withheld"]["kappa"],
        "gap": anchor["gap"]["difference"],
        "gap_low": anchor["gap"]["low"],
        "gap_high": anchor["gap"]["high"],
        "withheld_units": anchor["withheld"]["units"],
    }


def _named(codes: Sequence[Mapping], key: str) -> str:
    return ", ".join(f"{c['code']} ({c[key]})" for c in codes) or "none"


def summary_lines(result: Mapping) -> list[str]:
    """The audit in words: what was read, the most accepted and removed codes, the anchoring
    sentence (per coder too)."""
    tasks, log, accept = result["tasks"], result["log"], result["acceptance"]
    lines = [
        f"Audited {tasks['audited']} of {tasks['annotated']} annotated transcripts "
        f"({tasks['blind']} blind, {tasks['not_logged']} without logged suggestions); "
        f"{len(result['coders'])} coder(s); log of {log['entries']} entries "
        f"({log['asked']} asked, {log['unreadable']} unreadable, left out).",
        f"Most often accepted: {_named(accept['most_accepted'], 'kept')}. "
        f"Most often removed: {_named(accept['most_removed'], 'removed')}.",
        result["anchoring"]["sentence"],
    ]
    for coder in result.get("per_coder", []):
        lines.append(f"{coder['coder']}: {coder['anchoring']['sentence']}")
    return lines


def format_audit(result: Mapping, fmt: str = "table") -> str:
    """:func:`audit`'s result as aligned text (``table``), Markdown (``md``) or JSON."""
    if fmt == "json":
        return json.dumps(result, indent=1, ensure_ascii=False, allow_nan=False) + "\n"
    if fmt not in AUDIT_FORMATS:
        raise InputError(f"Unknown format {fmt!r}; use one of {', '.join(AUDIT_FORMATS)}.")
    parts = [render_table(frame, fmt, title=title) for title, frame in _frames(result).items()]
    words = summary_lines(result)
    return "\n".join(parts) + "\n" + "\n\n".join(words) + "\n"
