"""CodeSuggester with sample weights (backend/suggester.py): a weighted ridge whose
leave-one-out scores, thresholds and calibrations stay right. Fake encoder only."""

from __future__ import annotations

import numpy as np
import pytest

from ls_thematic.backend.suggester import CodeSuggester
from ls_thematic.backend.suggester_calibration import f1_thresholds, fit_platt

FOOD = ["the food was cold", "hot meals were tasty", "lovely food", "the meals arrived cold"]
PARKING = ["no parking spaces", "parking was impossible", "the car park is small", "car park fees"]
STAFF = ["the nurses were kind", "staff were rude", "caring nurses", "the staff listened"]
MIXED = ["cold food and kind nurses", "friendly staff but cold meals", "thank you", "ok"]
TEXTS = FOOD + PARKING + STAFF + MIXED
CODES = (
    [["Food"]] * 4
    + [["Parking"]] * 4
    + [["Staff"]] * 4
    + [["Food", "Staff"], ["Food", "Staff"], [], []]
)
# calibration_min=3: the calibrations are per code, so every fitted attribute is at stake.
PARAMS = {"encoder": "fake", "calibration_min": 3, "cold_start_segments": 2}


def fit(texts=TEXTS, codes=CODES, **kwargs) -> CodeSuggester:
    return CodeSuggester(**PARAMS).fit(list(texts), [list(c) for c in codes], **kwargs)


def test_weight_one_everywhere_is_the_unweighted_fit_exactly():
    plain, ones = fit(), fit(sample_weight=[1.0] * len(TEXTS))
    np.testing.assert_array_equal(ones.coef_, plain.coef_)
    np.testing.assert_array_equal(ones.loo_proba_, plain.loo_proba_)
    np.testing.assert_array_equal(ones.thresholds_, plain.thresholds_)
    np.testing.assert_array_equal(ones.calibration_, plain.calibration_)
    np.testing.assert_array_equal(plain.sample_weight_, np.ones(len(TEXTS)))
    assert list(plain.n_positives_) == [6, 4, 6]


def test_weight_two_is_the_segment_twice():
    weights = np.ones(len(TEXTS))
    weights[[0, 5]] = 2.0
    weighted = fit(sample_weight=weights)
    twice = fit(TEXTS + [TEXTS[0], TEXTS[5]], CODES + [CODES[0], CODES[5]])
    np.testing.assert_allclose(weighted.coef_, twice.coef_, atol=1e-5)
    np.testing.assert_array_equal(weighted.n_positives_, twice.n_positives_)


def test_weight_zero_is_the_segment_left_out():
    weights = np.ones(len(TEXTS))
    weights[[1, 6, 13]] = 0.0  # a Food, a Parking and a Food+Staff segment
    zero = fit(sample_weight=weights)
    keep = weights > 0
    left_out = fit(
        [t for t, k in zip(TEXTS, keep, strict=True) if k],
        [c for c, k in zip(CODES, keep, strict=True) if k],
    )
    np.testing.assert_allclose(zero.coef_, left_out.coef_, atol=1e-5)
    np.testing.assert_allclose(zero.thresholds_, left_out.thresholds_, atol=1e-5)
    np.testing.assert_allclose(zero.calibration_, left_out.calibration_, atol=1e-4)
    np.testing.assert_allclose(zero.loo_proba_[keep], left_out.loo_proba_, atol=1e-4)
    np.testing.assert_array_equal(zero.n_positives_, left_out.n_positives_)
    # Nor is it evidence in the "why" of a suggestion.
    assert TEXTS[1] not in [e.text for e in zero.explain(TEXTS[1], k=20)]


def _raw_scores(model: CodeSuggester, proba: np.ndarray) -> np.ndarray:
    """The ridge scores behind probabilities, through the model's calibration."""
    slope, intercept = model.calibration_[:, 0], model.calibration_[:, 1]
    proba = np.clip(proba.astype(np.float64), 1e-7, 1 - 1e-7)
    return (np.log(proba / (1 - proba)) - intercept) / slope


@pytest.mark.parametrize("row", [0, 5, 12])
def test_leave_one_out_scores_of_a_weighted_ridge_are_those_of_a_fit_without_the_segment(row):
    weights = np.linspace(0.3, 1.7, len(TEXTS))
    model = fit(sample_weight=weights)
    keep = np.arange(len(TEXTS)) != row
    without = fit(
        [t for t, k in zip(TEXTS, keep, strict=True) if k],
        [c for c, k in zip(CODES, keep, strict=True) if k],
        sample_weight=weights[keep],
    )
    expected = model.design_[row] @ without.coef_  # the score the other segments give it
    found = _raw_scores(model, model.loo_proba_[row])
    np.testing.assert_allclose(found, expected, atol=2e-3)
    # The unweighted closed form (leverage without w_i) would be off by far more.
    assert not np.allclose(_raw_scores(model, model.predict_proba([TEXTS[row]])[0]), expected)


def test_f1_thresholds_and_platt_count_a_weight_of_two_as_the_row_twice():
    rng = np.random.RandomState(0)
    scores = rng.rand(30, 3)
    targets = (rng.rand(30, 3) < scores).astype(np.float32)
    weights = np.where(np.arange(30) % 4 == 0, 2.0, 1.0)
    twice = np.repeat(np.arange(30), weights.astype(int))
    positives = weights @ targets
    np.testing.assert_array_equal(
        f1_thresholds(scores, targets, positives, weights),
        f1_thresholds(scores[twice], targets[twice], positives, np.ones(len(twice))),
    )
    np.testing.assert_allclose(
        fit_platt(scores, targets, weights=weights),
        fit_platt(scores[twice], targets[twice]),
        atol=1e-9,
    )


def test_partial_update_keeps_weights_aligned_with_the_rows():
    weights = np.linspace(0.25, 1.0, len(TEXTS))
    model = fit(sample_weight=weights)
    model.partial_update(
        ["the ward was noisy", TEXTS[2]],
        [["Noise"], ["Food", "Staff"]],
        remove_ids=[2, 7],
        add_sample_weight=[0.5, 2.0],
    )
    keep = [i for i in range(len(TEXTS)) if i not in (2, 7)]
    texts = [TEXTS[i] for i in keep] + ["the ward was noisy", TEXTS[2]]
    codes = [CODES[i] for i in keep] + [["Noise"], ["Food", "Staff"]]
    expected_weights = np.concatenate([weights[keep], [0.5, 2.0]])
    full = fit(texts, codes, sample_weight=expected_weights)
    np.testing.assert_array_equal(model.sample_weight_, expected_weights)
    np.testing.assert_allclose(model.coef_, full.coef_, atol=1e-5)
    np.testing.assert_allclose(model.loo_proba_, full.loo_proba_, atol=1e-4)
    np.testing.assert_allclose(model.thresholds_, full.thresholds_, atol=1e-5)


def test_weights_are_aligned_with_targets_and_loo_proba():
    weights = np.arange(1, len(TEXTS) + 1) / 4
    model = fit(sample_weight=list(weights))
    assert model.sample_weight_.shape == (len(TEXTS),) == model.loo_proba_.shape[:1]
    np.testing.assert_array_equal(model.sample_weight_, weights)
    np.testing.assert_allclose(model.n_positives_, weights @ model.targets_)


@pytest.mark.parametrize(
    ("weights", "message"),
    [
        ([1.0] * 3, r"sample_weight has 3 weights for 16 texts; give one per text"),
        ([1.0] * 15 + [-0.5], r"sample_weight\[15\] is -0.5; every weight must be a finite"),
        ([float("nan")] + [1.0] * 15, r"sample_weight\[0\] is nan; every weight must be a fin"),
        ([1.0] * 15 + [float("inf")], r"sample_weight\[15\] is inf; every weight must be a fin"),
        (["heavy"] * 16, r"sample_weight must be a list of numbers, one per text"),
        ("1" * 16, r"sample_weight must be a list of numbers, one per text"),
        (0.5, r"sample_weight must be a list of numbers, one per text"),
    ],
)
def test_bad_weights_are_named(weights, message):
    with pytest.raises(ValueError, match=message):
        fit(sample_weight=weights)


def test_bad_added_weights_are_named():
    model = fit()
    with pytest.raises(ValueError, match=r"add_sample_weight\[0\] is -1.0; every weight"):
        model.partial_update(["new"], [["Food"]], add_sample_weight=[-1.0])
    with pytest.raises(ValueError, match=r"add_sample_weight has 2 weights for 1 texts"):
        model.partial_update(["new"], [["Food"]], add_sample_weight=[1.0, 1.0])
    np.testing.assert_array_equal(model.coef_, fit().coef_)  # a refused update changes nothing
