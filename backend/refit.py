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
from dataclasses import dataclass, field

import numpy as np

from ls_thematic.label_config import lsexport

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

    items: list  # str or {"text", "speaker", "previous"}
    codes: list[list[str]]
    meta: list[dict]
    weights: list[float]
    keys: list[Hashable]  # one per segment: equal keys, interchangeable segments
    dropped: int  # segments left out: none of their codes is in the config

    @property
    def has_context(self) -> bool:
        return any(isinstance(item, dict) for item in self.items)


def training_set(
    segments: Sequence[Segment], allowed: frozenset[str] | set[str], accepted_weight: float
) -> TrainingSet:
    """The segments' training rows: codes the config has; a suggestion the coder kept
    unchanged (origin ``prediction``) counts ``accepted_weight``, every other segment 1."""
    items, codes, meta, weights, keys = [], [], [], [], []
    dropped = 0
    for seg in segments:
        kept = [c for c in seg.codes if c in allowed]
        if not kept:
            dropped += 1
            continue
        weight = accepted_weight if seg.origin == lsexport.ACCEPTED else 1.0
        items.append(seg.item())
        codes.append(kept)
        meta.append({"participant": seg.participant, "task": seg.task})
        weights.append(weight)
        keys.append(
            (seg.text, seg.speaker, seg.previous, tuple(kept), weight, seg.participant, seg.task)
        )
    return TrainingSet(items, codes, meta, weights, keys, dropped)


@dataclass(frozen=True)
class Trained:
    """An estimator and what it was fitted on.

    ``rows`` maps each training key to the estimator's ids of the segments with that key;
    ``basis`` is what a rank-k update must share with the fit (config, settings); ``drift``
    counts the segments changed by rank-k updates since the last fit from scratch; ``how``
    says how this estimator was made (``"full"``, ``"partial"`` or ``"none"``).
    """

    estimator: CodeSuggester | None
    basis: tuple = ()
    rows: dict = field(default_factory=dict)
    drift: int = 0
    how: str = "none"


def refit(
    previous: Trained | None,
    training: TrainingSet,
    scheme: CodingScheme,
    settings_basis: tuple,
    make_estimator,
) -> Trained:
    """The estimator for ``training``: ``previous`` updated by rank k when that is the same
    model, else a fit from scratch (see the module's notes).

    ``make_estimator()`` returns an unfitted :class:`CodeSuggester` with the backend's
    settings; ``settings_basis`` names those settings (when they change, so does the model).
    """
    basis = (scheme.config_hash, *settings_basis)
    if previous is not None and previous.basis == basis and previous.estimator is not None:
        updated = _partial(previous, training)
        if updated is not None:
            return updated
    return _full(training, scheme, basis, make_estimator)


def _full(training: TrainingSet, scheme: CodingScheme, basis: tuple, make_estimator) -> Trained:
    if not training.items and scheme.codebook is None:
        return Trained(None, basis)  # nothing to learn from yet
    estimator = make_estimator().fit(
        training.items,
        training.codes,
        meta=training.meta,
        sample_weight=training.weights,
        **codebook_fit_params(scheme.codebook),
    )
    rows: dict[Hashable, list[int]] = {}
    for i, key in enumerate(training.keys):
        rows.setdefault(key, []).append(i)
    return Trained(estimator, basis, rows, 0, "full")


def _partial(previous: Trained, training: TrainingSet) -> Trained | None:
    """``previous`` updated to ``training`` by rank k, or ``None`` when that is not the same
    model as a fit from scratch, or not cheaper."""
    estimator = previous.estimator
    if not training.items or estimator.context_ != training.has_context:
        return None
    wanted = Counter(training.keys)
    remove_ids: list[Hashable] = []
    rows = dict(previous.rows)
    for key, ids in previous.rows.items():
        excess = len(ids) - wanted.get(key, 0)
        if excess > 0:
            remove_ids.extend(ids[len(ids) - excess :])
            rows[key] = ids[: len(ids) - excess]
            if not rows[key]:
                del rows[key]
    added = []
    for i, key in enumerate(training.keys):
        have = len(rows.get(key, ()))
        if have < wanted[key]:
            rows[key] = [*rows.get(key, ()), None]  # its id is known after the update
            added.append(i)
    changed = len(remove_ids) + len(added)
    if changed == 0:
        return previous
    n = len(training.items)
    if changed > PARTIAL_MAX_ROWS or previous.drift + changed > max(
        PARTIAL_MAX_ROWS, PARTIAL_MAX_DRIFT * n
    ):
        return None
    if training.has_context:
        speakers = [item["speaker"] if isinstance(item, dict) else None for item in training.items]
        if frequent_speakers(speakers, np.asarray(training.weights)) != estimator.speakers_:
            return None
    start = estimator.next_id_
    add_ids = list(range(start, start + len(added)))
    updated = copy.copy(estimator).partial_update(
        [training.items[i] for i in added],
        [training.codes[i] for i in added],
        remove_ids,
        add_meta=[training.meta[i] for i in added],
        add_ids=add_ids,
        add_sample_weight=[training.weights[i] for i in added],
    )
    for i, new_id in zip(added, add_ids, strict=True):
        ids = rows[training.keys[i]]
        ids[ids.index(None)] = new_id
    return Trained(updated, previous.basis, rows, previous.drift + changed, "partial")
