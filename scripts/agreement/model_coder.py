"""The model as one more coder: ``ls-thematic agreement --with-model`` (issue 12, section 3).

:func:`with_model_coder` adds a coder named ``model`` to a snapshot. It annotates every
transcript that at least one person coded, and its coding of a transcript comes from a
:class:`~ls_thematic.backend.suggester.CodeSuggester` fitted only on the *other* transcripts'
human coding (cross-fitting: one fold per participant, so all of a participant's transcripts are
left out together, as :func:`~ls_thematic.scripts.evaluate.split_by_transcript` holds them out).
It never sees the coding it is compared with. Its spans are what the backend would pre-fill:
the same units (:func:`~ls_thematic.backend.segment.split_units` with the backend's default
settings), the same scores, the same precision thresholds
(:func:`~ls_thematic.backend.prefill.thresholds_of` at ``PREFILL_PRECISION``), merged and capped
per turn as the backend does, written as Label Studio ``labels`` results, so that every unit
scheme of ``agreement`` reads them unchanged.

:func:`model_agreement` then gives Cohen's kappa of every coder pair, the model included, with
a bootstrap interval over transcripts (:mod:`.bootstrap`), and the equivalence check: a paired
bootstrap, over the transcripts two or more people coded, of (mean kappa model-person) - (mean
kappa person-person), and whether its interval lies within +-margin.
:func:`compute_agreement_with_model` is what the command computes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from itertools import combinations
from typing import Any

import numpy as np
from sklearn.base import clone

from ls_thematic.backend.config import Settings
from ls_thematic.backend.prefill import cap_per_block, prefilled, thresholds_of
from ls_thematic.backend.prototypes import codebook_fit_params
from ls_thematic.backend.regions import labels_result
from ls_thematic.backend.segment import blocks_of, context_items, merge_adjacent, split_units
from ls_thematic.label_config import lsexport
from ls_thematic.label_config.errors import InputError

from ..evaluate import _embed, _items, _suggester, codebook_of, coded_segments
from ..snapshot import Snapshot, as_snapshot, coding_control
from .bootstrap import (
    LEVEL,
    MARGIN_RULE,
    RESAMPLES,
    check_margin,
    coded_by,
    equivalence,
    pair_intervals,
)
from .compute import agreement_units, compute_agreement
from .units import Units

__all__ = [
    "DEFAULT_ENCODER",
    "DEFAULT_MARGIN",
    "MARGIN_RULE",
    "MODEL_CODER",
    "check_margin",
    "compute_agreement_with_model",
    "model_agreement",
    "with_model_coder",
]

#: The name of the model as a coder.
MODEL_CODER = "model"
#: As ``ls-thematic evaluate``.
DEFAULT_ENCODER = "minilm"
#: Model-person agreement within this much kappa of person-person agreement is "equivalent".
DEFAULT_MARGIN = 0.10


# --------------------------------------------------------------------------- the model's coding
def with_model_coder(
    snapshot,
    encoder: str = DEFAULT_ENCODER,
    *,
    from_name: str | None = None,
    origin: str = "all",
    settings: Settings | None = None,
) -> Snapshot:
    """A copy of ``snapshot`` in which the cross-fitted model has coded every coded transcript.

    Parameters
    ----------
    snapshot : Snapshot, list of tasks, or saved snapshot dict
    encoder : str
        Encoder of the suggester (``"minilm"``, a sentence-transformers folder, ``"fake"``).
    from_name : str, optional
        The coding control; by default the labelling config's.
    origin : {"all", "manual", "accepted"}
        Which human spans the model learns from (:func:`~..evaluate.coded_segments`).
    settings : Settings, optional
        The backend settings whose pre-fill is imitated; by default the backend's defaults.

    Returns
    -------
    Snapshot
        The same tasks (the input is not changed), each coded one by a person with one more
        annotation by ``model``, and ``meta["model_coder"]``: ``coder, encoder, folds, fold_by,
        tasks, prefill_precision, max_prefill_per_unit``.

    Raises
    ------
    InputError
        A coder is already called ``model``, or the coding comes from one participant only (a
        model fitted on the others would have nothing to learn from).
    """
    snapshot = as_snapshot(snapshot)
    settings = Settings() if settings is None else settings
    _check_no_model(snapshot)
    book = codebook_of(snapshot)
    data = _training_data(snapshot, book, from_name, origin)
    coded = [i for i, task in enumerate(snapshot) if lsexport.coders_of(task)]
    groups = {i: lsexport.participant_of(snapshot[i]) for i in coded}
    _check_folds(data["participant"])
    control, data_key = coding_control(snapshot, from_name)
    names = _result_names(snapshot, control, data_key)
    units = {i: _task_units(snapshot[i], data_key, settings) for i in coded}
    estimator = _suggester(encoder).set_params(
        cold_start_segments=settings.cold_start_segments,
        cold_start_similarity=settings.cold_start_similarity,
    )
    texts = _items(data)
    _embed(estimator, texts + [item for _, items in units.values() for item in items])
    fit_params = codebook_fit_params(book)
    labels = None if book is None else set(book.codable_names)
    results: dict[int, list[dict]] = {}
    folds = sorted(set(groups.values()))
    for group in folds:
        train = _training_rows(data["participant"].to_numpy(dtype=object), group)
        model = clone(estimator).fit(
            [texts[i] for i in train], [list(data["codes"][i]) for i in train], **fit_params
        )
        thresholds = thresholds_of(model, settings.prefill_precision)
        for i in (i for i in coded if groups[i] == group):
            task_units, items = units[i]
            spans = _prefilled_spans(model, task_units, items, thresholds, labels, settings)
            text = lsexport.task_data(snapshot[i])[data_key]
            results[i] = [_result(names, text, span, k) for k, span in enumerate(spans)]
    tasks = [
        {**task, "annotations": [*lsexport.annotations_of(task), _annotation(i, results[i])]}
        if i in results
        else task
        for i, task in enumerate(snapshot)
    ]
    return Snapshot(
        tasks,
        snapshot.project,
        {**snapshot.meta, "model_coder": _meta(encoder, folds, results, settings)},
        snapshot.path,
    )


def _meta(encoder: str, folds: list, results: dict, settings: Settings) -> dict:
    """What the output says of the model as a coder."""
    return {
        "coder": MODEL_CODER,
        "encoder": encoder,
        "folds": len(folds),
        "fold_by": "participant (all of a participant's transcripts left out together)",
        "tasks": len(results),
        "prefill_precision": float(settings.prefill_precision),
        "max_prefill_per_unit": int(settings.max_prefill_per_unit),
    }


def _training_data(snapshot: Snapshot, book, from_name: str | None, origin: str):
    """The people's coded segments (:func:`~..evaluate.coded_segments`), with only the codes
    the codebook has when there is one (as the backend learns)."""
    data = coded_segments(snapshot, coders="all", from_name=from_name, origin=origin)
    if book is None:
        return data
    allowed = set(book.codable_names)
    data = data.assign(codes=[tuple(c for c in cs if c in allowed) for cs in data["codes"]])
    return data[data["codes"].map(len) > 0].reset_index(drop=True)


def _training_rows(participants: np.ndarray, group: str) -> np.ndarray:
    """The coded segments the model of ``group``'s transcripts learns from: every other
    participant's, never the group's own (that would be leakage)."""
    return np.flatnonzero(participants != group)


def _check_no_model(snapshot: Snapshot) -> None:
    for task in snapshot:
        for coder in lsexport.coders_of(task):
            if coder.key.lower() == MODEL_CODER:
                raise InputError(
                    f"Task {task.get('id')} already has an annotation by a coder called "
                    f"{MODEL_CODER!r}; --with-model adds the model under that name. Rename that "
                    "coder in Label Studio, or compare without --with-model."
                )


def _check_folds(participants) -> None:
    learned = sorted(set(participants))
    if len(learned) < 2:
        raise InputError(
            "The model as a coder codes each transcript with a model fitted on the other "
            f"participants' transcripts; the coded segments come from {len(learned)} "
            f"participant(s) ({', '.join(learned) or 'none'}). Code transcripts of at least two "
            "participants first."
        )


def _result_names(snapshot: Snapshot, control: str | None, data_key: str) -> tuple[str, str]:
    """``(from_name, to_name)`` of the people's coded spans, for the model's results."""
    for task in snapshot:
        for annotation in lsexport.counted_annotations(task):
            for result in annotation.get("result") or []:
                if isinstance(result, Mapping) and lsexport.is_span_result(result, control):
                    return str(result.get("from_name") or control), str(
                        result.get("to_name") or data_key
                    )
    return str(control or "label"), data_key


def _task_units(task: Mapping, data_key: str, settings: Settings):
    """``(units, items)`` of a task as the backend cuts and reads them (none without text)."""
    data = lsexport.task_data(task)
    text = data.get(data_key)
    if not isinstance(text, str) or not text.strip():
        return [], []
    turns = data.get("turns")
    try:
        units = split_units(
            text,
            turns,
            skip_interviewer=settings.skip_interviewer,
            min_chars=settings.min_unit_chars,
        )
        blocks = blocks_of(text, turns)
    except ValueError as exc:
        raise InputError(f"Task {task.get('id')}: {exc}") from None
    return units, context_items(text, blocks, [(u.start, u.end) for u in units])


def _prefilled_spans(model, units, items, thresholds, labels, settings: Settings):
    """The spans the backend would pre-fill on ``units`` (see ``ThematicModel._prefill``)."""
    if not units:
        return []
    unit_codes = []
    for codes in model.suggest(items):
        picked = [
            (c, p)
            for c, p in codes.items()
            if (labels is None or c in labels) and p >= settings.suggest_min_score
        ]
        picked.sort(key=lambda item: -item[1])
        unit_codes.append(dict(picked[: settings.max_codes_per_unit]))
    spans = merge_adjacent(units, prefilled(unit_codes, thresholds))
    return cap_per_block(spans, units, settings.max_prefill_per_unit)


def _result(names: tuple[str, str], text: str, span, k: int) -> dict:
    return {"id": f"model-{k}", **labels_result(*names, text, span)}


def _annotation(position: int, results: list[dict]) -> dict:
    return {
        "id": f"model-{position}",
        "completed_by": MODEL_CODER,
        "result": results,
        "was_cancelled": False,
        "ground_truth": False,
    }


# --------------------------------------------------------------------------- agreement with it
def model_agreement(
    units: Units,
    model: str = MODEL_CODER,
    *,
    margin: float = DEFAULT_MARGIN,
    resamples: int = RESAMPLES,
    seed: int = 0,
) -> dict:
    """Kappa of every coder pair with its bootstrap interval (:func:`~.bootstrap.pair_intervals`)
    and the equivalence check of ``model`` against the people (:func:`~.bootstrap.equivalence`):
    ``{"pairs": [...], "equivalence": {...} or None}``."""
    margin = check_margin(margin)
    return {
        "pairs": pair_intervals(units, resamples, seed),
        "equivalence": equivalence(units, model, margin, resamples, seed),
    }


def compute_agreement_with_model(
    snapshot,
    *,
    encoder: str = DEFAULT_ENCODER,
    margin: float = DEFAULT_MARGIN,
    resamples: int = RESAMPLES,
    seed: int = 0,
    unit: str = "turns",
    coders: Sequence[str] = (),
    from_name: str | None = None,
    origin: str = "all",
    **arguments: Any,
) -> tuple[dict, dict]:
    """:func:`~.compute.compute_agreement` on the people, plus the model as a coder.

    The figures of the people are unchanged; the result gets ``model_coder`` (the snapshot's
    ``meta["model_coder"]`` with :func:`model_agreement`'s ``pairs`` and ``equivalence``, and
    ``resamples, seed, level``) and its coder x coder ``matrix`` gains the model and the
    intervals (``kappa_low``, ``kappa_high``).

    Raises
    ------
    InputError
        A bad margin, ``unit="overlap"`` (no kappa) or ``origin="accepted"`` (the model has no
        accepted suggestions), and :func:`with_model_coder`'s errors.
    """
    margin = check_margin(margin)
    if unit == "overlap":
        raise InputError(
            "--with-model compares Cohen's kappa, which the overlap unit does not give (no unit "
            "is coded by nobody); use turns, sentences, bracketed, characters or presence."
        )
    if origin == "accepted":
        raise InputError(
            "--with-model compares the model with each coder's coding; --origin accepted keeps "
            "only suggestions a coder accepted, of which the model has none. Use --origin all "
            "or manual."
        )
    shared = dict(unit=unit, from_name=from_name, origin=origin)
    report, result = compute_agreement(
        snapshot, coders=coders, n_boot=resamples, seed=seed, **shared, **arguments
    )
    with_model = with_model_coder(snapshot, encoder, from_name=from_name, origin=origin)
    everyone = [*coders, MODEL_CODER] if coders else ()
    options = {k: v for k, v in arguments.items() if k not in ("negotiated_path",)}
    units = agreement_units(with_model, coders=everyone, **shared, **options)
    found = model_agreement(units, margin=margin, resamples=resamples, seed=seed)
    result["model_coder"] = {
        **with_model.meta["model_coder"],
        "resamples": resamples,
        "seed": seed,
        "level": LEVEL,
        **found,
    }
    result["matrix"] = _matrix(units, found["pairs"])
    return report, result


def _matrix(units: Units, pairs: list[dict]) -> dict:
    """The coder x coder matrices of the result, the model and kappa's interval included;
    ``pairs`` as :func:`~.bootstrap.pair_intervals` orders them."""
    coders = list(units.coders)
    n = len(coders)
    out = {
        name: [[None] * n for _ in range(n)]
        for name in ("cohen_kappa", "kappa_low", "kappa_high", "percent_agreement", "n_tasks")
    }
    for (i, j), pair in zip(combinations(range(n), 2), pairs, strict=True):
        for name in out:
            out[name][i][j] = out[name][j][i] = pair[name]
    coded, _ = coded_by(units)
    for i, coder in enumerate(coders):
        out["n_tasks"][i][i] = int(coded[coder].sum())
    return {"coders": [c if isinstance(c, (int, str)) else str(c) for c in coders], **out}
