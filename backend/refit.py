"""Refitting a project's suggester after annotation events, cheaply when little changed.

An annotation event changes a few segments of thousands. :func:`refit` compares the segments
with those the current estimator was fitted on (as multisets: a segment is its text, context,
codes, weight and metadata) and, when only a few differ, applies the difference to a copy of
the estimator with :meth:`~ls_thematic.backend.suggester.CodeSuggester.partial_update` (a
rank-k update; the same model as a fit from scratch, up to rounding). The copy is shallow:
``partial_update`` replaces the arrays it changes instead of writing into them, so the
estimator in use keeps serving predictions while its successor is made.

A fit from scratch happens instead when

* there is no estimator yet, or the labelling config or the settings it was fitted with
  changed (``basis``: the codebook's prototypes and classes come from the config);
* more than ``PARTIAL_MAX_ROWS`` segments differ (a rank-k update then costs more than it
  saves);
* the context would change the design: segments with context where there were none, or a
  different set of speakers with a column of their own
  (:func:`~ls_thematic.backend.suggester_context.frequent_speakers`);
* the segments changed by rank-k updates since the last fit from scratch reach
  ``PARTIAL_MAX_DRIFT`` of all segments: rounding in the updated inverse is then reset.
"""

from __future__ import annotations

import copy
from collections import Counter
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field, replace

import numpy as np

from ls_thematic.label_config import lsexport

from .encoders import release_freed_memory
from .prototypes import codebook_fit_params
from .scheme import CodingScheme
from .store import Segment
from .suggester import CodeSuggester
from .suggester_context import frequent_speakers

PARTIAL_MAX_ROWS = 64
"""At most this many segments removed plus added are applied as a rank-k update."""
PARTIAL_MAX_DRIFT = 0.1
"""Share of the segments that rank-k updates may change before the next fit from scratch."""


@dataclass(frozen=True)
class TrainingSet:
    """What the estimator learns from: the segments with codes the config has."""

    segments: list[Segment]
    items: list  # str or {"text", "speaker", "previous"}
    codes: list[list[str]]
    meta: list[dict]
    weights: list[float]
    dropped: int  # segments left out: none of their codes is in the config


def segment_weight(seg: Segment, accepted_weight: float) -> float:
    """How much a segment counts: ``accepted_weight`` for a suggestion the coder kept
    unchanged (origin ``prediction``), 1 for anything the coder coded or edited."""
    return accepted_weight if seg.origin == lsexport.ACCEPTED else 1.0


def training_set(
    segments: Sequence[Segment], allowed: frozenset[str] | set[str], accepted_weight: float
) -> TrainingSet:
    """The segments' training rows: the codes the config has, weighted by
    :func:`segment_weight`."""
    kept_segments, items, codes, meta, weights = [], [], [], [], []
    for seg in segments:
        kept = [c for c in seg.codes if c in allowed]
        if kept:
            kept_segments.append(seg)
            items.append(seg.item())
            codes.append(kept)
            meta.append({"participant": seg.participant, "task": seg.task})
            weights.append(segment_weight(seg, accepted_weight))
    return TrainingSet(
        kept_segments, items, codes, meta, weights, len(segments) - len(kept_segments)
    )


@dataclass(frozen=True)
class Trained:
    """An estimator and what it was fitted on.

    ``rows`` maps each segment it learnt from to the estimator's ids of its copies (a segment
    coded twice in one annotation is there twice), and ``counts`` to their number; ``basis`` is what a rank-k update must
    share with the fit (config, settings); ``drift`` counts the segments changed by rank-k
    updates since the last fit from scratch; ``how`` says how this estimator was made
    (``"full"``, ``"partial"``, ``"unchanged"`` or ``"none"``).
    """

    estimator: CodeSuggester | None
    basis: tuple = ()
    rows: dict = field(default_factory=dict)
    drift: int = 0
    how: str = "none"
    dropped: int = 0  # segments left out of a fit from scratch: no code the config has
    n_rows: int = 0  # segments learnt from
    speakers: Counter = field(default_factory=Counter)  # speaker -> weighted count of its rows
    with_context: int = 0  # rows with a speaker or previous units
    counts: dict = field(default_factory=dict)  # segment -> len(rows[segment])


def refit(
    previous: Trained | None,
    segments: Sequence[Segment],
    scheme: CodingScheme,
    accepted_weight: float,
    settings_basis: tuple,
    make_estimator,
) -> Trained:
    """The estimator for ``segments``: ``previous`` updated by rank k when that is the same
    model, else a fit from scratch (see the module's notes).

    ``accepted_weight`` is the weight of a suggestion the coder kept unchanged;
    ``make_estimator()`` returns an unfitted :class:`CodeSuggester` with the backend's settings,
    and ``settings_basis`` names every setting that changes the model (``accepted_weight``
    included).
    """
    basis = (scheme.config_hash, *settings_basis)
    if previous is not None and previous.basis == basis and previous.estimator is not None:
        updated = _partial(previous, segments, scheme.known_codes, accepted_weight)
        if updated is not None:
            if updated.how == "partial":
                release_freed_memory()  # the update's temporaries
            return updated
    trained = _fit(basis, segments, scheme, accepted_weight, make_estimator)
    release_freed_memory()  # the fit's temporaries (tens of MB at thousands of segments)
    return trained


def _fit(basis, segments, scheme, accepted_weight, make_estimator) -> Trained:
    """A fit from scratch on ``segments`` (see :func:`refit`)."""
    training = training_set(segments, scheme.known_codes, accepted_weight)
    if not training.items and scheme.codebook is None:
        return Trained(None, basis, dropped=training.dropped)  # nothing to learn from yet
    estimator = make_estimator().fit(
        training.items,
        training.codes,
        meta=training.meta,
        sample_weight=training.weights,
        **codebook_fit_params(scheme.codebook),
    )
    rows: dict[Segment, list[int]] = {}
    for i, seg in enumerate(training.segments):
        rows.setdefault(seg, []).append(i)
    return Trained(
        estimator,
        basis,
        rows,
        0,
        "full",
        training.dropped,
        len(training.segments),
        _speaker_weights(training.segments, accepted_weight),
        sum(seg.has_context for seg in training.segments),
        {seg: len(ids) for seg, ids in rows.items()},
    )


def _partial(
    previous: Trained, segments: Sequence[Segment], allowed, accepted_weight: float
) -> Trained | None:
    """``previous`` updated to ``segments`` by rank k, or ``None`` when that is not the same
    model as a fit from scratch, or not cheaper. Only the segments that differ are read."""
    wanted = Counter(segments)
    rows = dict(previous.rows)
    # The segments whose number of copies differs, found by a set operation (in C) instead of a
    # loop over all of them.
    differ = {seg for seg, _ in wanted.items() ^ previous.counts.items()}
    removed: list[Segment] = []
    remove_ids: list[Hashable] = []
    added: list[Segment] = []
    for seg in differ:
        ids = rows.get(seg, [])
        count = wanted.get(seg, 0)
        if not ids and allowed.isdisjoint(seg.codes):
            continue  # none of its codes is in the config: never learnt
        if count < len(ids):
            removed.extend([seg] * (len(ids) - count))
            remove_ids.extend(ids[count:])
            if count:
                rows[seg] = ids[:count]
            else:
                del rows[seg]
        else:
            added.extend([seg] * (count - len(ids)))
    changed = len(removed) + len(added)
    if changed == 0:
        return replace(previous, how="unchanged")
    speakers = _speaker_weights(added, accepted_weight, previous.speakers)
    speakers.subtract(_speaker_weights(removed, accepted_weight))
    with_context = previous.with_context + sum(s.has_context for s in added)
    with_context -= sum(s.has_context for s in removed)
    n = previous.n_rows + len(added) - len(removed)
    estimator = previous.estimator
    if (
        changed > PARTIAL_MAX_ROWS
        or previous.drift + changed > max(PARTIAL_MAX_ROWS, PARTIAL_MAX_DRIFT * n)
        or n == 0
        or estimator.context_ != (with_context > 0)
        or (estimator.context_ and _frequent(speakers) != estimator.speakers_)
    ):
        return None
    training = training_set(added, allowed, accepted_weight)
    start = estimator.next_id_
    add_ids = list(range(start, start + len(added)))
    updated = copy.copy(estimator).partial_update(
        training.items,
        training.codes,
        remove_ids,
        add_meta=training.meta,
        add_ids=add_ids,
        add_sample_weight=training.weights,
    )
    for seg, new_id in zip(added, add_ids, strict=True):
        rows[seg] = [*rows.get(seg, ()), new_id]
    counts = dict(previous.counts)
    for seg in differ:
        if seg in rows:
            counts[seg] = len(rows[seg])
        else:
            counts.pop(seg, None)
    return Trained(
        updated,
        previous.basis,
        rows,
        previous.drift + changed,
        "partial",
        0,
        n,
        speakers,
        with_context,
        counts,
    )


def _speaker_weights(
    segments: Sequence[Segment], accepted_weight: float, start: Counter | None = None
) -> Counter:
    """Each speaker's (``None``: no speaker) weighted count of ``segments``, added to ``start``."""
    out = Counter(start or {})
    for seg in segments:
        out[seg.speaker] += segment_weight(seg, accepted_weight)
    return out


def _frequent(speakers: Counter) -> tuple[str, ...]:
    """:func:`frequent_speakers` of the segments whose speakers' weights are ``speakers``."""
    names = list(speakers)
    return frequent_speakers(names, np.array([speakers[name] for name in names], dtype=float))
