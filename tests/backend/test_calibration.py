"""Decision thresholds of the suggester: the F1-optimal cut, against a brute-force search."""

import numpy as np
import pytest

from ls_thematic.backend.suggester_calibration import f1_thresholds, fit_platt


def brute_force_threshold(scores, targets, weights):
    """Try every cut between distinct scores; the first best cut from the top wins."""
    levels = np.unique(scores)[::-1]
    positives = weights @ targets
    f1 = [
        2 * (weights * targets)[scores >= v].sum() / (weights[scores >= v].sum() + positives)
        for v in levels
    ]
    best = int(np.argmax(f1))
    if best == len(levels) - 1:
        return levels[best]
    return 0.5 * (levels[best] + levels[best + 1])


def check(scores, targets, weights):
    found = f1_thresholds(scores, targets, weights @ targets, weights)
    for j in range(scores.shape[1]):
        if (weights @ targets)[j] == 0:
            assert np.isnan(found[j])
        else:
            assert found[j] == pytest.approx(
                brute_force_threshold(scores[:, j], targets[:, j], weights), abs=1e-12
            ), f"column {j}"


@pytest.mark.parametrize("seed", range(6))
def test_f1_thresholds_match_a_brute_force_search(seed):
    rng = np.random.RandomState(seed)
    n = 300
    scores = rng.rand(n, 4).astype(np.float32)
    if seed % 2:
        scores = np.round(scores * 8) / 8  # many ties: cuts only between distinct scores
    coded = rng.rand(n, 4) < [0.01, 0.05, 0.3, 0.0]
    coded[:, 0] |= scores[:, 0] > 0.97  # a code its score finds
    targets = coded.astype(np.float32)
    weights = rng.choice([0.25, 1.0, 2.0], n) if seed % 3 else np.ones(n)
    check(scores, targets, weights)


@pytest.mark.parametrize(("first", "count"), [(500, 10), (72, 1), (71, 1)])
def test_f1_threshold_found_deep_in_the_ranking(first, count):
    """A rare code whose coded rows rank low: the best cut is below the first rows looked at
    (73 for one coded row) or just at their edge, and it is still found."""
    n = 2000
    scores = np.linspace(1.0, 0.0, n)[:, None]
    targets = np.zeros((n, 1), dtype=np.float32)
    targets[first : first + count] = 1.0
    check(scores, targets, np.ones(n))
    expected = 0.5 * (scores[first + count - 1, 0] + scores[first + count, 0])
    assert f1_thresholds(scores, targets, targets.sum(0), np.ones(n))[0] == expected


def test_pooled_platt_is_the_columns_stacked_into_one():
    rng = np.random.RandomState(0)
    scores = rng.rand(200, 3).astype(np.float32)
    targets = (rng.rand(200, 3) < scores * 0.5).astype(np.float32)
    weights = rng.choice([0.25, 1.0, 2.0], 200)
    stacked = fit_platt(scores.reshape(-1, 1), targets.reshape(-1, 1), 2.0, np.repeat(weights, 3))
    np.testing.assert_array_equal(fit_platt(scores, targets, 2.0, weights, pooled=True), stacked)
    # and not the per-column scalings
    assert fit_platt(scores, targets, 2.0, weights)[0].shape == (3,)
