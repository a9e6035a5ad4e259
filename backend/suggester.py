"""Code suggestions: which codes fit a segment of text, how sure, and why.

:class:`CodeSuggester` is a scikit-learn estimator. It learns from coded segments (a segment may
have several codes, or none: an uncoded segment is a negative example) and, for a cold start, from
*prototypes*: example texts per code that act as extra, weighted examples of that code. It takes
plain inputs, as scikit-learn's estimators do (texts, code lists, prototype texts, the allowed
codes); turning a codebook into prototypes (each code's name with its description, and its
example extracts) is :func:`ls_thematic.backend.prototypes.codebook_fit_params`'s job.

The model is built for refitting after every annotation event:

* Texts are embedded once (sentence encoder, :mod:`.encoders`) and cached by the SHA-1 of the
  text, so a refit embeds only texts never seen before.
* A segment may come with its context: an item ``{"text", "speaker", "previous"}`` instead of
  a string (see :func:`.suggester_inputs.check_items`). A suggester fitted on such items also
  learns from the mean embedding of the units said before the segment and from its speaker
  (:mod:`.suggester_context`); one fitted on strings alone uses the text alone.
* Each code is scored by ridge regression (regularised least squares) on the embeddings, one
  output per code with a shared design matrix. Fitting needs only the Gram matrix ``X'X``
  (385 x 385 for MiniLM, about 800 x 800 with context) and ``X'Y``; both are sums over
  segments, so an annotation event is a rank-k update, and so is the inverse (Woodbury).
* Segments may carry weights (``sample_weight``: a suggestion the coder accepted unchanged
  can count less than their own coding); the sums become ``X'WX`` and ``X'WY``, and a weight
  of 2 is the same as the segment twice, a weight of 0 the same as leaving it out.
* Every segment's leave-one-out score has a closed form (``(f - h y) / (1 - h)``, ``h`` the
  leverage ``w x' (X'WX + alpha I)^-1 x``), as in scikit-learn's ``RidgeCV``. Per-code decision thresholds are tuned on these
  out-of-sample scores to maximise each code's F1, shrunk towards a common prior for codes with
  few coded segments, and the scores are calibrated into probabilities (Platt scaling, per code,
  or pooled over codes when a code has fewer than ``calibration_min`` segments).
* Cold start is conservative: a code with fewer than ``cold_start_segments`` coded segments is
  suggested only when the text's cosine similarity to that code's closest evidence (a prototype
  or one of its few coded segments) is at least ``cold_start_similarity``. Ridge
  weights learned from a handful of examples score almost any text a little; without this
  gate a fresh project gets low-score codes on introductions and small talk.

With 10,000 coded segments and cached embeddings a whole refit takes about 0.1 s on two cores
(see ``docs/benchmarks.md``); a one-vs-rest logistic regression takes 10-30 s.

Fitted estimators are not meant to be fitted and used from two threads at once: to refit while
serving predictions, fit a :func:`sklearn.base.clone` and swap it in, or hold a lock around
:meth:`CodeSuggester.partial_update`.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from itertools import compress
from typing import NamedTuple

import numpy as np
from sklearn.base import BaseEstimator
from sklearn.utils.validation import check_is_fitted

from .encoders import DEFAULT_ENCODER, get_embedding_cache
from .suggester_calibration import (
    PLATT_BIAS,
    PLATT_PRIOR_STRENGTH,
    PLATT_SLOPE,
    f1_thresholds,
    fit_platt,
    sigmoid,
)
from .suggester_context import ROW_BLOCK, design_rows, frequent_speakers
from .suggester_inputs import (
    Items,
    check_items,
    check_prototypes,
    check_sample_weight,
    check_training_data,
    class_names,
)

_NOT_FITTED = (
    "This CodeSuggester is not fitted yet: call fit(texts, codes) with coded segments "
    "(or prototypes for a cold start) before {method}."
)
# Weighted counts of coded segments are compared with whole numbers (calibration_min,
# cold_start_segments): 20 segments of weight 0.05 are 1 segment, not 0.9999999.
_COUNT_TOLERANCE = 1e-9
# partial_update follows the inverse of X'WX by the Woodbury identity for events of up to this
# many segments (an annotation event is one or a few); larger ones recompute it.
_WOODBURY_MAX_ROWS = 64


class Evidence(NamedTuple):
    """A coded extract that explains a suggestion (see :meth:`CodeSuggester.explain`)."""

    text: str
    codes: tuple[str, ...]
    similarity: float
    meta: dict


class CodeSuggester(BaseEstimator):
    """Suggest codes for segments of text from coded segments and prototypes.

    Parameters
    ----------
    encoder : str, default "minilm"
        Encoder spec for :func:`~ls_thematic.backend.encoders.get_encoder`: ``"minilm"``, the
        folder of a sentence-transformers model, or ``"fake"`` / ``"fake:DIM"`` for tests.
    alpha : float, default 0.3
        Ridge penalty on the embedding weights (larger: smoother, favours frequent codes).
    prototype_weight : float, default 3.0
        Weight of one prototype (see :meth:`fit`) relative to one coded segment (0 ignores
        prototypes).
    threshold_prior : float, default 0.25
        Decision threshold, on the ridge score (about a probability), for codes with no coded
        segments; every code's tuned threshold is shrunk towards it.
    threshold_shrinkage : float, default 3.0
        Pseudo-count of that shrinkage: a code with ``m`` coded segments uses
        ``m / (m + threshold_shrinkage)`` of its own F1-optimal threshold.
    calibration_min : int, default 5
        A code needs this many coded segments for a calibration of its own; below it, codes
        share one calibration fitted on all codes' scores.
    cold_start_segments : int, default 5
        A code with fewer coded segments than this is "cold": :meth:`predict` suggests it only
        when ``cold_start_similarity`` is reached (0 turns the gate off).
    cold_start_similarity : float, default 0.55
        Cosine similarity, between -1 and 1, that a text must reach with a cold code's closest
        prototype or coded segment for that code to be suggested. The default suits
        all-MiniLM-L6-v2, on which an interview's introductions and small talk stay below about
        0.45 of the thesis codebook's prototypes while on-topic sentences mostly reach 0.55-1;
        other encoders have other scales. :meth:`predict_proba` is not gated.

    Attributes
    ----------
    classes_ : ndarray of str, shape (n_classes,)
        The codes, sorted; the columns of :meth:`predict_proba`.
    thresholds_ : ndarray of float, shape (n_classes,)
        Per-code probability at or above which :meth:`predict` suggests the code
        (``inf`` for a code with neither coded segments nor prototypes).
    cold_ : ndarray of bool, shape (n_classes,)
        Codes under the cold-start similarity gate (fewer than ``cold_start_segments`` coded
        segments).
    n_positives_ : ndarray of float, shape (n_classes,)
        Coded segments per code, each counted with its sample weight (a whole number when no
        weights are given).
    coef_ : ndarray of float32, shape (n_features + 1, n_classes)
        Ridge weights: text embedding, context (if any), and the intercept last.
    targets_ : ndarray of float32, shape (n_segments, n_classes)
        The coded segments' codes, 0/1, one row per segment given to :meth:`fit` and
        :meth:`partial_update` (in that order, removed ones left out).
    sample_weight_ : ndarray of float64, shape (n_segments,)
        Each segment's weight, rows as ``targets_``.
    loo_proba_ : ndarray of float32, shape (n_segments, n_classes)
        Each coded segment's out-of-sample (leave-one-out) probability of each code, rows as
        ``targets_``; for a segment of weight 0 it is the fitted probability, which is
        out-of-sample too.
    context_ : bool
        Whether :meth:`fit` got items with context (then the design holds the previous units'
        mean embedding and the speaker, see :mod:`.suggester_context`).
    speakers_ : tuple of str
        The speakers with a column of their own (empty without context).
    n_text_features_ : int
        Length of a text embedding: the first columns of a design row.
    calibration_ : ndarray of float, shape (n_classes, 2)
        Per code, the slope and intercept mapping a ridge score ``s`` to the probability
        ``sigmoid(slope s + intercept)``.
    """

    def __init__(
        self,
        encoder: str = DEFAULT_ENCODER,
        alpha: float = 0.3,
        prototype_weight: float = 3.0,
        threshold_prior: float = 0.25,
        threshold_shrinkage: float = 3.0,
        calibration_min: int = 5,
        cold_start_segments: int = 5,
        cold_start_similarity: float = 0.55,
    ):
        self.encoder = encoder
        self.alpha = alpha
        self.prototype_weight = prototype_weight
        self.threshold_prior = threshold_prior
        self.threshold_shrinkage = threshold_shrinkage
        self.calibration_min = calibration_min
        self.cold_start_segments = cold_start_segments
        self.cold_start_similarity = cold_start_similarity

    # ------------------------------------------------------------------ fitting
    def fit(
        self,
        texts: Sequence[str],
        codes: Sequence[Sequence[str]],
        *,
        prototypes: Mapping[str, Sequence[str]] | None = None,
        classes: Sequence[str] | None = None,
        meta: Sequence[Mapping] | None = None,
        ids: Sequence[Hashable] | None = None,
        sample_weight: Sequence[float] | None = None,
    ) -> CodeSuggester:
        """Learn from coded segments and prototypes; returns self.

        Parameters
        ----------
        texts : sequence of str or mapping, length n
            The segments: each a text, or an item ``{"text": str, "speaker": str or None,
            "previous": [str, ...]}`` (the units said before it, oldest first; "speaker" and
            "previous" may be left out). When any segment is an item, the suggester learns
            from the context too (and uses it in every method); a speaker gets a column of its
            own when it said at least 1% of the segments (and 5), others share one.
        codes : sequence of sequences of str, length n
            ``codes[i]`` lists the codes of ``texts[i]``; an empty list marks an uncoded segment
            (a negative example for every code).
        prototypes : dict of str to list of str, optional
            Example texts per code that count as coded segments of weight ``prototype_weight``:
            a cold start for codes with few or no coded segments (a codebook's descriptions and
            example extracts, see :func:`ls_thematic.backend.prototypes.codebook_fit_params`).
            Each code with prototypes becomes a class.
        classes : sequence of str, optional
            The codes the suggester may know: each becomes a class, even without segments or
            prototypes, and every code in ``codes`` and ``prototypes`` must be one of them.
            By default the classes are the codes found in ``codes`` and ``prototypes``.
        meta : sequence of dict, length n, optional
            Anything to show with a segment when it explains a suggestion (participant, task).
        ids : sequence of hashable, length n, optional
            Identifiers for :meth:`partial_update`'s ``remove_ids``; default ``0 .. n-1``.
        sample_weight : sequence of float, length n, optional
            How much each segment counts (finite, >= 0; default 1 each): its rows of the ridge
            sums, its leave-one-out score, and the tuning of thresholds and calibrations are
            weighted by it. A weight of 2 is the segment coded twice; 0 leaves it out of the fit.
        """
        self._check_params()
        items, codes, meta, ids = check_training_data(texts, codes, meta, ids, "fit")
        texts = items.texts
        weights = check_sample_weight(sample_weight, len(texts), "sample_weight")
        prototypes = check_prototypes(prototypes)
        names = class_names(codes, prototypes, classes)
        if not texts and not prototypes:
            raise ValueError(
                "Nothing to learn from: fit got no segments and no prototypes; pass coded "
                "segments, or prototypes for a cold start."
            )
        self.classes_ = np.array(sorted(names), dtype=object)
        self.context_ = items.has_context
        self.speakers_ = frequent_speakers(items.speakers, weights) if items.has_context else ()
        self.texts_ = texts
        self.meta_ = meta
        self.ids_ = ids
        self.next_id_ = len(texts)
        self._accumulate(items, codes, prototypes if float(self.prototype_weight) else {}, weights)
        self._solve()
        return self

    def _accumulate(
        self,
        items: Items,
        codes: list[list[str]],
        prototypes: Mapping[str, list[str]],
        weights: np.ndarray,
    ) -> None:
        """Embed segments and prototypes, and sum their weighted Gram matrix ``X'WX`` and
        ``X'WY``."""
        classes = self.classes_
        index = {name: j for j, name in enumerate(classes)}
        weight = float(self.prototype_weight)
        proto_texts = [text for name in classes for text in prototypes.get(name, ())]
        n = len(items.texts)
        embedded = get_embedding_cache(self.encoder).embed(items.texts + proto_texts)
        self.n_text_features_ = embedded.shape[1]
        design = self._design(embedded[:n], items)
        no_context = Items(proto_texts, [None] * len(proto_texts), [()] * len(proto_texts), False)
        proto_design = self._design(embedded[n:], no_context)
        targets = _indicator(codes, index)
        proto_targets = np.zeros((len(proto_texts), len(classes)), dtype=np.float32)
        row = 0
        for name in classes:
            for _ in prototypes.get(name, ()):
                proto_targets[row, index[name]] = 1.0
                row += 1
        # Products in float32 (BLAS, fast), accumulated in float64 for exact rank-k updates.
        weighted = _weighted_rows(design, weights)
        gram = (weighted.T @ design).astype(np.float64)
        xty = (weighted.T @ targets).astype(np.float64)
        if len(proto_texts) and weight > 0:
            gram += weight * (proto_design.T @ proto_design).astype(np.float64)
            xty += weight * (proto_design.T @ proto_targets).astype(np.float64)
        self.design_ = design
        self.targets_ = targets
        self.sample_weight_ = weights
        self.inverse_ = None  # (X'WX + alpha I)^-1, computed by _solve
        self.raw_leverage_ = None  # x_i' inverse_ x_i per segment
        self.fitted_ = None  # design_ @ inverse_ @ xty_: each segment's in-sample scores
        self.gram_ = gram
        self.xty_ = xty
        self.has_prototypes_ = proto_targets.sum(axis=0) > 0
        self.prototype_texts_ = proto_texts
        # A copy: a slice would keep every segment's embedding alive (``embedded``'s base).
        self.prototype_embeddings_ = embedded[n:].copy()
        self.prototype_targets_ = proto_targets

    def partial_update(
        self,
        add_texts: Sequence[str] = (),
        add_codes: Sequence[Sequence[str]] = (),
        remove_ids: Sequence[Hashable] = (),
        *,
        add_meta: Sequence[Mapping] | None = None,
        add_ids: Sequence[Hashable] | None = None,
        add_sample_weight: Sequence[float] | None = None,
    ) -> CodeSuggester:
        """Apply an annotation event to a fitted suggester; returns self.

        The same model as :meth:`fit` on the updated segments gives (up to rounding), at the cost
        of a rank-k update of the Gram matrix instead of rebuilding it. To change the codes of a
        segment, remove its id and add it again.

        It replaces the fitted arrays and lists it changes and never writes into them, so
        ``copy.copy(fitted).partial_update(...)`` makes an updated suggester while ``fitted``
        keeps serving, unchanged (:mod:`ls_thematic.backend.refit` does this).

        Parameters
        ----------
        add_texts, add_codes : sequences, same length
            New segments and their codes (see :meth:`fit`); a code never seen becomes a class.
        remove_ids : sequence of hashable
            Ids (from :meth:`fit`'s ``ids`` or ``add_ids``) of segments to forget.
        add_meta : sequence of dict, optional
            Metadata of the new segments.
        add_ids : sequence of hashable, optional
            Ids of the new segments; default: integers counting on from the last default id.
        add_sample_weight : sequence of float, optional
            Weights of the new segments (see :meth:`fit`'s ``sample_weight``); default 1 each.
        """
        check_is_fitted(self, "classes_", msg=_NOT_FITTED.format(method="partial_update"))
        add_items, add_codes, add_meta, add_ids = check_training_data(
            add_texts, add_codes, add_meta, add_ids, "partial_update", first_id=self.next_id_
        )
        add_texts = add_items.texts
        add_weights = check_sample_weight(add_sample_weight, len(add_texts), "add_sample_weight")
        drop = self._rows_to_drop(remove_ids, add_ids)
        new_names = set().union(*map(set, add_codes)) - set(self.classes_) if add_codes else set()
        if new_names:
            self._add_classes(new_names)
        if len(drop):
            self._drop_rows(drop)
        if add_texts:
            self._append_rows(add_items, add_codes, add_meta, add_ids, add_weights)
        self._solve()
        return self

    def _rows_to_drop(self, remove_ids: Sequence[Hashable], add_ids: list) -> np.ndarray:
        """Rows of the segments ``remove_ids`` names; errors for unknown or clashing ids."""
        remove = set(remove_ids)
        position = dict(zip(self.ids_, range(len(self.ids_)), strict=True)) if remove else {}
        unknown = [seg_id for seg_id in remove if seg_id not in position]
        if unknown:
            raise ValueError(
                f"Unknown id {unknown[0]!r} in remove_ids; the suggester has {len(self.ids_)} "
                f"segments with ids such as {', '.join(map(repr, self.ids_[:3])) or '(none)'}."
            )
        kept_ids = set(self.ids_) - remove
        clash = [seg_id for seg_id in add_ids if seg_id in kept_ids]
        if clash:
            raise ValueError(
                f"Segment id {clash[0]!r} in add_ids is already fitted; remove it in the same "
                "call (remove_ids) to change its codes."
            )
        return np.array([position[seg_id] for seg_id in remove], dtype=np.intp)

    def _drop_rows(self, drop: np.ndarray) -> None:
        """Forget the segments in rows ``drop``: a rank-k downdate of ``X'WX`` and ``X'WY``."""
        old = self.design_[drop]
        weighted = _weighted_rows(old, self.sample_weight_[drop])
        self.gram_ = self.gram_ - (weighted.T @ old).astype(np.float64)
        self.xty_ = self.xty_ - (weighted.T @ self.targets_[drop]).astype(np.float64)
        self._update_inverse(old, self.sample_weight_[drop], self.targets_[drop], -1.0)
        keep = np.ones(len(self.ids_), dtype=bool)
        keep[drop] = False
        if self.raw_leverage_ is not None:
            self.raw_leverage_ = self.raw_leverage_[keep]
            self.fitted_ = self.fitted_[keep]
        self.design_ = self.design_[keep]
        self.targets_ = self.targets_[keep]
        self.sample_weight_ = self.sample_weight_[keep]
        kept = keep.tolist()
        self.texts_ = list(compress(self.texts_, kept))
        self.meta_ = list(compress(self.meta_, kept))
        self.ids_ = list(compress(self.ids_, kept))

    def _append_rows(
        self, items: Items, codes: list[list[str]], meta: list, ids: list, weights: np.ndarray
    ) -> None:
        """Learn new segments: a rank-k update of ``X'WX`` and ``X'WY``."""
        index = {name: j for j, name in enumerate(self.classes_)}
        texts = items.texts
        design = self._design(get_embedding_cache(self.encoder).embed(texts), items)
        targets = _indicator(codes, index)
        weighted = _weighted_rows(design, weights)
        self.gram_ = self.gram_ + (weighted.T @ design).astype(np.float64)
        self.xty_ = self.xty_ + (weighted.T @ targets).astype(np.float64)
        self._update_inverse(design, weights, targets, 1.0)
        if self.raw_leverage_ is not None:
            spread = design @ self.inverse_
            own = np.einsum("ij,ij->i", spread, design)
            self.raw_leverage_ = np.concatenate([self.raw_leverage_, own])
            self.fitted_ = np.vstack([self.fitted_, (spread @ self.xty_).astype(np.float32)])
        self.design_ = np.vstack([self.design_, design])
        self.targets_ = np.vstack([self.targets_, targets])
        self.sample_weight_ = np.concatenate([self.sample_weight_, weights])
        self.texts_ = self.texts_ + texts
        self.meta_ = self.meta_ + meta
        self.ids_ = self.ids_ + ids
        integer_ids = [i for i in ids if isinstance(i, int)]
        self.next_id_ = max([self.next_id_, *(i + 1 for i in integer_ids)])

    def _update_inverse(
        self, rows: np.ndarray, weights: np.ndarray, targets: np.ndarray, sign: float
    ) -> None:
        """Follow ``X'WX`` and ``X'WY`` gaining (``sign`` 1) or losing (-1) ``rows`` coded
        ``targets`` (``gram_`` and ``xty_`` already have them): the Woodbury identity updates
        ``inverse_`` and the fitted segments' ``raw_leverage_`` and ``fitted_`` in O(n k (d + c))
        instead of the O(n d (d + c)) of recomputing them (k rows, n segments, d features,
        c codes); for many rows at once, :meth:`_solve` recomputes them instead."""
        if self.inverse_ is None:
            return
        if len(rows) > _WOODBURY_MAX_ROWS:
            self.inverse_ = self.raw_leverage_ = self.fitted_ = None
            return
        root = rows.astype(np.float64) * np.sqrt(weights)[:, None]  # V, with V'V = rows' W rows
        spread = self.inverse_ @ root.T  # B V'
        core = np.linalg.inv(sign * np.eye(len(rows)) + root @ spread)
        self.inverse_ = self.inverse_ - spread @ core @ spread.T
        projected = self.design_ @ spread.astype(np.float32)  # no float64 copy of design_
        self.raw_leverage_ = self.raw_leverage_ - np.einsum("ik,ik->i", projected @ core, projected)
        # The weights move by B V' (sign U - core V B (X'WY)), U the rows' sqrt(w) targets.
        moved = sign * targets * np.sqrt(weights)[:, None] - core @ (spread.T @ self.xty_)
        self.fitted_ = self.fitted_ + (projected @ moved).astype(np.float32)

    def _add_classes(self, new_names: set[str]) -> None:
        classes = np.array(sorted(set(self.classes_) | new_names), dtype=object)
        old_to_new = np.searchsorted(classes, self.classes_)
        targets = np.zeros((len(self.targets_), len(classes)), dtype=np.float32)
        targets[:, old_to_new] = self.targets_
        xty = np.zeros((self.xty_.shape[0], len(classes)))
        xty[:, old_to_new] = self.xty_
        has_prototypes = np.zeros(len(classes), dtype=bool)
        has_prototypes[old_to_new] = self.has_prototypes_
        proto_targets = np.zeros((len(self.prototype_targets_), len(classes)), dtype=np.float32)
        proto_targets[:, old_to_new] = self.prototype_targets_
        if self.fitted_ is not None:  # a new code's weights are 0 until its rows arrive
            fitted = np.zeros((len(self.fitted_), len(classes)), dtype=np.float32)
            fitted[:, old_to_new] = self.fitted_
            self.fitted_ = fitted
        self.classes_, self.targets_, self.xty_ = classes, targets, xty
        self.has_prototypes_ = has_prototypes
        self.prototype_targets_ = proto_targets

    def _solve(self) -> None:
        """Weights, leave-one-out scores, thresholds and calibration from the current state."""
        design, targets, weights = self.design_, self.targets_, self.sample_weight_
        if self.inverse_ is None:
            n_features = self.gram_.shape[0]
            self.inverse_ = np.linalg.inv(self.gram_ + float(self.alpha) * np.eye(n_features))
            self.raw_leverage_ = _leverage(design, self.inverse_.astype(np.float32))
            self.fitted_ = None
        coef = (self.inverse_ @ self.xty_).astype(np.float32)
        if self.fitted_ is None:
            self.fitted_ = design @ coef
        fitted = self.fitted_
        n_positives = weights @ targets  # coded segments per code, each counted with its weight
        # Weighted ridge: leaving segment i out turns its residual e_i into e_i / (1 - h_i), with
        # the leverage h_i = w_i x_i' (X'WX + alpha I)^-1 x_i (0 for a segment of weight 0,
        # whose fitted score is out-of-sample already).
        leverage = (self.raw_leverage_ * weights).astype(np.float32)
        loo = (fitted - leverage[:, None] * targets) / np.maximum(1.0 - leverage, 1e-6)[:, None]
        # Thresholds and calibrations are tuned on the segments that count (weight > 0), each
        # counted with its weight: a segment of weight 0 changes nothing, as if left out.
        live = weights > 0
        tune_scores, tune_targets, tune_weights = loo, targets, weights
        if not live.all():
            tune_scores, tune_targets, tune_weights = loo[live], targets[live], weights[live]

        raw_thresholds = f1_thresholds(tune_scores, tune_targets, n_positives, tune_weights)
        share = n_positives / (n_positives + float(self.threshold_shrinkage) + 1e-12)
        raw_thresholds = share * raw_thresholds + (1.0 - share) * float(self.threshold_prior)
        raw_thresholds[n_positives == 0] = float(self.threshold_prior)
        active = (n_positives > 0) | self.has_prototypes_

        slope = np.zeros(len(self.classes_))
        intercept = np.zeros(len(self.classes_))
        seen = n_positives > 0
        if seen.any():
            pooled = fit_platt(
                tune_scores[:, seen],
                tune_targets[:, seen],
                prior_strength=PLATT_PRIOR_STRENGTH,
                weights=tune_weights,
                pooled=True,
            )
            slope[:], intercept[:] = pooled[0][0], pooled[1][0]
            own = n_positives >= int(self.calibration_min) - _COUNT_TOLERANCE
            if own.any():
                own_slope, own_intercept = fit_platt(
                    tune_scores[:, own], tune_targets[:, own], weights=tune_weights
                )
                slope[own], intercept[own] = own_slope, own_intercept
        else:  # prototypes only: the prior map of scores onto (0, 1)
            slope[:], intercept[:] = PLATT_SLOPE, PLATT_BIAS

        thresholds = sigmoid(slope * raw_thresholds + intercept)
        thresholds[~active] = np.inf
        self.coef_ = coef
        # each coded segment's out-of-sample probability per code (rows as design_/targets_)
        self.loo_proba_ = sigmoid(slope * loo + intercept).astype(np.float32)
        self.calibration_ = np.stack([slope, intercept], axis=1)
        self.thresholds_ = thresholds
        self.n_positives_ = n_positives
        self.active_ = active
        self.cold_ = active & (n_positives < int(self.cold_start_segments) - _COUNT_TOLERANCE)

    # --------------------------------------------------------------- predicting
    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        """Probability of each code for each text, shape ``(len(texts), len(classes_))``.

        Codes with neither coded segments nor prototypes get 0. Rows do not sum to 1: a text
        can have several codes or none.
        """
        check_is_fitted(self, "coef_", msg=_NOT_FITTED.format(method="predict_proba"))
        items = check_items(texts, "texts")
        embedded = get_embedding_cache(self.encoder).embed(items.texts)
        return self._proba(self._design(embedded, items))

    def _design(self, embedded: np.ndarray, items: Items) -> np.ndarray:
        """Design rows of ``items`` (see :mod:`.suggester_context`) from their text embeddings."""
        context = None
        if self.context_:
            context = (self.speakers_, items.speakers, items.previous)
        return design_rows(embedded, context, get_embedding_cache(self.encoder).embed)

    def _proba(self, design: np.ndarray) -> np.ndarray:
        scores = design @ self.coef_
        proba = sigmoid(self.calibration_[:, 0] * scores + self.calibration_[:, 1])
        proba[:, ~self.active_] = 0.0
        return proba

    def suggest(self, texts: Sequence[str]) -> list[dict[str, float]]:
        """For each text, the codes :meth:`predict` would give, mapped to their probability.

        A code is given when its probability reaches its threshold and, for a cold code (see
        ``cold_start_segments``), when the text is similar enough to that code's prototypes or
        coded segments. Each dict is ordered by decreasing probability; an empty dict means no
        suggestion.
        """
        check_is_fitted(self, "coef_", msg=_NOT_FITTED.format(method="suggest"))
        return self._suggest(check_items(texts, "texts"))

    def _suggest(self, items: Items) -> list[dict[str, float]]:
        embedded = get_embedding_cache(self.encoder).embed(items.texts)
        proba = self._proba(self._design(embedded, items))
        passed = proba >= self.thresholds_
        cold = np.flatnonzero(self.cold_ & passed.any(axis=0))
        if len(cold):
            support = self._support(embedded, cold)
            passed[:, cold] &= support >= float(self.cold_start_similarity)
        out = []
        for row, keep in zip(proba, passed, strict=True):
            hits = np.flatnonzero(keep)
            hits = hits[np.argsort(-row[hits], kind="stable")]
            out.append({str(self.classes_[j]): float(row[j]) for j in hits})
        return out

    def support(self, texts: Sequence[str]) -> np.ndarray:
        """Cosine similarity of each text to each code's closest prototype or coded segment.

        This is what the cold-start gate compares with ``cold_start_similarity``. Returns an
        ndarray of shape ``(len(texts), len(classes_))``; ``-inf`` where a code has neither
        prototypes nor coded segments.
        """
        check_is_fitted(self, "coef_", msg=_NOT_FITTED.format(method="support"))
        embedded = get_embedding_cache(self.encoder).embed(check_items(texts, "texts").texts)
        return self._support(embedded, np.arange(len(self.classes_)))

    def _support(self, embedded: np.ndarray, columns: np.ndarray) -> np.ndarray:
        """:meth:`support` for the codes in ``columns`` only, shape ``(n, len(columns))``."""
        out = np.full((len(embedded), len(columns)), -np.inf)
        coded = (self.targets_[:, columns] > 0) & (self.sample_weight_ > 0)[:, None]
        proto = self.prototype_targets_[:, columns] > 0
        rows = np.flatnonzero(coded.any(axis=1))
        proto_rows = np.flatnonzero(proto.any(axis=1))
        text_block = self.design_[rows, : self.n_text_features_]
        evidence = np.vstack([text_block, self.prototype_embeddings_[proto_rows]])
        if not len(evidence) or not len(embedded):
            return out
        owner = np.vstack([coded[rows], proto[proto_rows]])
        similarity = embedded @ evidence.T
        for k in range(len(columns)):
            mine = owner[:, k]
            if mine.any():
                out[:, k] = similarity[:, mine].max(axis=1)
        return out

    def predict(self, texts: Sequence[str]) -> list[list[str]]:
        """Codes for each text: those whose probability reaches the code's own threshold.

        A list may be empty (the suggester abstains); codes come in decreasing probability.
        """
        check_is_fitted(self, "coef_", msg=_NOT_FITTED.format(method="predict"))
        return [list(found) for found in self.suggest(texts)]

    def score(self, texts: Sequence[str], codes: Sequence[Sequence[str]]) -> float:
        """Micro-averaged F1 of :meth:`predict` against ``codes`` (for cross-validation)."""
        check_is_fitted(self, "coef_", msg=_NOT_FITTED.format(method="score"))
        items, codes, _, _ = check_training_data(texts, codes, None, None, "score")
        predicted = [list(found) for found in self._suggest(items)]
        true_positives = sum(len(set(p) & set(c)) for p, c in zip(predicted, codes, strict=True))
        total = sum(map(len, predicted)) + sum(len(set(c)) for c in codes)
        return 2.0 * true_positives / total if total else 1.0

    def explain(
        self, text: str, k: int = 3, code: str | None = None, *, prototypes: bool = False
    ) -> list[Evidence]:
        """The ``k`` coded extracts most similar to ``text``: the "why" of a suggestion.

        Parameters
        ----------
        text : str or mapping
            The segment a suggestion was made for (an item as in :meth:`fit`; its context is
            not compared).
        k : int
            How many extracts to return (fewer if fewer are coded).
        code : str, optional
            Only extracts coded with this code.
        prototypes : bool, default False
            Also consider the prototypes given to :meth:`fit` (usually a codebook's descriptions
            and example extracts); theirs is ``meta={"source": "codebook"}``. A cold-start
            suggestion is explained so.

        Returns
        -------
        list of Evidence
            ``(text, codes, similarity, meta)`` by decreasing cosine similarity; ``meta`` is
            what :meth:`fit` got for that segment.
        """
        check_is_fitted(self, "coef_", msg=_NOT_FITTED.format(method="explain"))
        if not isinstance(text, str | Mapping):
            raise ValueError(
                f"explain needs one text (a str, or an item mapping); got {type(text).__name__}."
            )
        text = check_items([text], "explain's text").texts[0]  # evidence compares texts alone
        if not isinstance(k, int) or k < 1:
            raise ValueError(f"k must be a positive integer; got {k!r}.")
        counted = self.sample_weight_ > 0  # a segment of weight 0 was not learnt from
        coded = self.targets_.any(axis=1) & counted
        proto = self.prototype_targets_.any(axis=1)
        if code is not None:
            where = np.flatnonzero(self.classes_ == code)
            if not len(where):
                raise ValueError(
                    f"Unknown code {code!r}; the suggester knows: {', '.join(self.classes_)}."
                )
            coded = (self.targets_[:, where[0]] > 0) & counted
            proto = self.prototype_targets_[:, where[0]] > 0
        rows = np.flatnonzero(coded)
        proto_rows = np.flatnonzero(proto) if prototypes else np.zeros(0, dtype=np.intp)
        if not len(rows) and not len(proto_rows):
            return []
        query = get_embedding_cache(self.encoder).embed([text])[0]
        similarity = np.concatenate(
            [
                self.design_[rows, : self.n_text_features_] @ query,
                self.prototype_embeddings_[proto_rows] @ query,
            ]
        )
        take = min(k, len(similarity))
        best = np.argpartition(-similarity, take - 1)[:take]
        best = best[np.argsort(-similarity[best], kind="stable")]
        out = []
        for j in best:
            if j < len(rows):
                i = rows[j]
                names = tuple(str(c) for c in self.classes_[self.targets_[i] > 0])
                meta = dict(self.meta_[i] or {})
                out.append(Evidence(self.texts_[i], names, float(similarity[j]), meta))
            else:
                i = proto_rows[j - len(rows)]
                names = tuple(str(c) for c in self.classes_[self.prototype_targets_[i] > 0])
                out.append(
                    Evidence(
                        self.prototype_texts_[i],
                        names,
                        float(similarity[j]),
                        {"source": "codebook"},
                    )
                )
        return out

    # ------------------------------------------------------------------ checks
    def _check_params(self) -> None:
        checks = [
            ("alpha", self.alpha, lambda v: v > 0, "a number > 0"),
            ("prototype_weight", self.prototype_weight, lambda v: v >= 0, "a number >= 0"),
            ("threshold_prior", self.threshold_prior, lambda v: 0 < v < 1, "between 0 and 1"),
            ("threshold_shrinkage", self.threshold_shrinkage, lambda v: v >= 0, "a number >= 0"),
            ("calibration_min", self.calibration_min, lambda v: v >= 1, "an integer >= 1"),
            (
                "cold_start_segments",
                self.cold_start_segments,
                lambda v: v >= 0 and float(v).is_integer(),
                "an integer >= 0",
            ),
            (
                "cold_start_similarity",
                self.cold_start_similarity,
                lambda v: -1 <= v <= 1,
                "a cosine similarity between -1 and 1",
            ),
        ]
        for name, value, ok, allowed in checks:
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not ok(value):
                raise ValueError(
                    f"CodeSuggester {name}={value!r} is invalid; it must be {allowed}."
                )
        if not isinstance(self.encoder, str):
            raise ValueError(
                f"CodeSuggester encoder={self.encoder!r} is invalid; it must be an encoder spec "
                "string ('minilm', 'fake', 'fake:DIM' or a model folder)."
            )


# ---------------------------------------------------------------------- helpers
def _weighted_rows(design: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """``W X``: each row of ``design`` times its weight (float32, as ``design``)."""
    return design * weights.astype(np.float32)[:, None]


def _leverage(design: np.ndarray, inverse: np.ndarray) -> np.ndarray:
    """``x_i' inverse x_i`` for each row of ``design`` (float64), in blocks of rows, so that the
    temporary ``design @ inverse`` is the size of a block, not of ``design``."""
    out = np.empty(len(design), dtype=np.float64)
    for start in range(0, len(design), ROW_BLOCK):
        block = design[start : start + ROW_BLOCK]
        out[start : start + len(block)] = np.einsum("ij,ij->i", block @ inverse, block)
    return out


def _indicator(codes: list[list[str]], index: dict[str, int]) -> np.ndarray:
    out = np.zeros((len(codes), len(index)), dtype=np.float32)
    for i, names in enumerate(codes):
        for name in names:
            out[i, index[name]] = 1.0
    return out
