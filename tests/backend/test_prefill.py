"""Precision thresholds and the choice of pre-filled regions (backend/prefill.py), by value."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest

from ls_thematic.backend.prefill import (
    also_possible,
    cap_per_block,
    precision_thresholds,
    prefilled,
    thresholds_of,
    wilson_lower,
)
from ls_thematic.backend.segment import Span, Unit

INF = np.inf


def column(values) -> np.ndarray:
    return np.asarray(values, dtype=float)[:, None]


# Twelve right suggestions above, then a wrong one: 12/12 has a lower 90 % Wilson bound of
# 0.880, 12/13 of 0.775 (statsmodels), so the cut is at the twelfth.
PROBA = column([0.99 - 0.01 * i for i in range(12)] + [0.70, 0.60, 0.50, 0.40])
TARGETS = column([1] * 12 + [0, 1, 0, 0])


def test_wilson_lower_bound_matches_statsmodels_published_values():
    assert wilson_lower(8, 8) == pytest.approx(0.8296711635, abs=1e-9)
    assert wilson_lower(12, 13) == pytest.approx(0.7745459511, abs=1e-9)
    assert wilson_lower(0, 0) == 0.0


def test_threshold_is_the_lowest_probability_that_keeps_the_bound_above_the_target():
    found = precision_thresholds(PROBA, TARGETS, floor=np.array([0.1]), target=0.8)
    assert found.tolist() == [pytest.approx(0.88)]


def test_threshold_never_falls_below_the_suggesters_own_threshold():
    found = precision_thresholds(PROBA, TARGETS, floor=np.array([0.95]), target=0.8)
    assert found.tolist() == [0.95]
    never = precision_thresholds(PROBA, TARGETS, floor=np.array([INF]), target=0.8)
    assert never.tolist() == [INF]


def test_a_lower_target_gives_a_lower_threshold():
    found = precision_thresholds(PROBA, TARGETS, floor=np.array([0.0]), target=0.75)
    # 13/14 right down to 0.60: lower bound 0.789 >= 0.75; 13/15 at 0.50: 0.718.
    assert found.tolist() == [pytest.approx(0.60)]


def test_when_every_segment_reaches_the_target_only_the_floor_applies():
    # 13/16 right over all rows: bound 0.661 >= 0.6; nothing is known below the lowest row.
    found = precision_thresholds(PROBA, TARGETS, floor=np.array([0.2]), target=0.6)
    assert found.tolist() == [0.2]


def test_few_coded_segments_fall_back_on_the_calibrated_probability():
    # Three positives cannot show 0.8 even if all are right (3/3: bound 0.65): the prior
    # (the target) decides, since the rows at or above 0.8 are right.
    proba = column([0.9, 0.85, 0.7, 0.4, 0.3])
    targets = column([1, 1, 1, 0, 0])
    assert precision_thresholds(proba, targets, np.array([0.2]), 0.8).tolist() == [0.8]
    assert precision_thresholds(
        proba, targets, np.array([0.2]), 0.8, prior_threshold=0.95
    ).tolist() == [0.95]


def test_few_coded_segments_that_contradict_the_prior_are_never_prefilled():
    proba = column([0.95, 0.9, 0.85, 0.4])
    targets = column([0, 1, 1, 1])  # a wrong row above 0.8: 2 of 3 right there
    assert precision_thresholds(proba, targets, np.array([0.2]), 0.8).tolist() == [INF]


def test_a_code_whose_evidence_never_reaches_the_target_is_never_prefilled():
    proba = column(np.linspace(0.95, 0.5, 20))
    targets = column([1, 0] * 10)
    assert precision_thresholds(proba, targets, np.array([0.1]), 0.8).tolist() == [INF]


def test_a_code_with_no_coded_segment_uses_the_prior():
    proba = np.array([[0.9, 0.2], [0.95, 0.1]])
    targets = np.array([[1, 0], [1, 0]])
    found = precision_thresholds(proba, targets, np.array([0.5, 0.3]), 0.8)
    assert found.tolist() == [0.8, 0.8]


def test_ties_are_cut_only_after_the_last_tied_row():
    # 10 right at 0.9, then a right and a wrong both at 0.8: the cut at 0.8 keeps both (11/12,
    # bound 0.75 < 0.8), so the threshold stays at 0.9.
    proba = column([0.9] * 10 + [0.8, 0.8])
    targets = column([1] * 10 + [1, 0])
    assert precision_thresholds(proba, targets, np.array([0.0]), 0.8).tolist() == [0.9]


def test_accepted_suggestions_are_left_out_of_the_evidence():
    # Ten accepted suggestions (weight 0.5), right at 0.5-0.59, would pull the threshold down.
    proba = np.vstack([PROBA, column(np.linspace(0.59, 0.5, 10))])
    targets = np.vstack([TARGETS, column([1] * 10)])
    weights = np.array([1.0] * len(PROBA) + [0.5] * 10)
    counted = precision_thresholds(proba, targets, np.array([0.0]), 0.8)
    assert counted.tolist() == [pytest.approx(0.5)]
    found = precision_thresholds(proba, targets, np.array([0.0]), 0.8, weights=weights)
    assert found.tolist() == [pytest.approx(0.88)]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"target": 0.0}, r"precision target must be in \(0, 1\]; got 0.0"),
        ({"target": 1.5}, r"precision target must be in \(0, 1\]; got 1.5"),
        ({"confidence": 1.0}, r"confidence must be in \(0, 1\); got 1.0"),
        ({"weights": np.ones(3)}, r"one value per segment \(16\); got shape \(3,\)"),
        ({"floor": np.ones(2)}, r"floor one value per code; got \(16, 1\), \(16, 1\) and \(2,\)"),
    ],
)
def test_bad_inputs_are_refused_with_what_is_allowed(kwargs, message):
    args = {"floor": np.array([0.1]), "target": 0.8, **kwargs}
    with pytest.raises(ValueError, match=message):
        precision_thresholds(PROBA, TARGETS, **args)


def estimator(**extra):
    base = {
        "classes_": np.array(["A", "B"], dtype=object),
        "thresholds_": np.array([0.1, INF]),
        "loo_proba_": np.hstack([PROBA, PROBA]),
        "targets_": np.hstack([TARGETS, TARGETS]),
    }
    return SimpleNamespace(**{**base, **extra})


def test_thresholds_of_a_fitted_suggester_by_code():
    assert thresholds_of(estimator(), 0.8) == {"A": pytest.approx(0.88), "B": INF}


def test_thresholds_of_uses_sample_weights_when_the_suggester_has_them():
    weights = np.array([1.0] * 11 + [0.2] + [1.0] * 4)  # the twelfth right row was accepted
    found = thresholds_of(estimator(sample_weight_=weights), 0.8)
    # Eleven right rows above 0.70: 11/11 has bound 0.87; 11/12 (with the wrong one) does not.
    assert found == {"A": pytest.approx(0.89), "B": INF}


def test_thresholds_of_a_suggester_without_out_of_sample_data_uses_the_prior():
    bare = SimpleNamespace(classes_=np.array(["A"], dtype=object), thresholds_=np.array([0.3]))
    assert thresholds_of(bare, 0.8) == {"A": 0.8}


# ----------------------------------------------------------------------------- regions
UNITS = [Unit(0, 10, block=0), Unit(11, 20, block=0), Unit(21, 30, block=0), Unit(31, 40, 1)]


def test_prefilled_keeps_the_codes_at_or_above_their_threshold():
    unit_codes = [{"A": 0.9, "B": 0.5}, {"A": 0.7}, {"C": 0.99}]
    found = prefilled(unit_codes, {"A": 0.7, "B": 0.6})
    assert found == [{"A": 0.9}, {"A": 0.7}, {}]  # C has no threshold: never


def test_at_most_the_limit_per_block_the_most_probable_first():
    spans = [
        Span(0, 10, "A", 0.81, (0,)),
        Span(11, 20, "B", 0.95, (1,)),
        Span(21, 30, "C", 0.90, (2,)),
        Span(31, 40, "D", 0.85, (3,)),
    ]
    assert cap_per_block(spans, UNITS, 2) == [spans[1], spans[2], spans[3]]
    assert cap_per_block(spans, UNITS, 1) == [spans[1], spans[3]]
    assert cap_per_block(spans, UNITS, 0) == []


def test_other_suggestions_go_to_the_nearest_prefilled_region_of_their_turn():
    unit_codes = [{"A": 0.9, "B": 0.4}, {"C": 0.3, "A": 0.5}, {"D": 0.6}, {"E": 0.7}]
    spans = [Span(0, 10, "A", 0.9, (0,))]
    shown = [{"A"}, set(), set(), set()]
    # B on the region's unit, C and D elsewhere in its turn; A is its own code; E is in
    # another turn, which has no pre-filled region.
    assert also_possible(spans, UNITS, unit_codes, shown) == [{"D": 0.6, "B": 0.4, "C": 0.3}]
    assert also_possible(spans, UNITS, unit_codes, shown, limit=1) == [{"D": 0.6}]


def test_a_code_shown_on_its_unit_is_not_also_possible():
    unit_codes = [{"A": 0.9, "B": 0.85}, {"B": 0.2}]
    spans = [Span(0, 10, "A", 0.9, (0,)), Span(0, 10, "B", 0.85, (0,))]
    shown = [{"A", "B"}, set()]
    # Unit 1's B goes to the nearest span (a tie: the earlier one, A's), which names it.
    assert also_possible(spans, UNITS[:2], unit_codes, shown) == [{"B": 0.2}, {}]
