"""Pinned values of the coefficients that the published-value tests do not reach alone.

Published values come from /work/shared/reference/agreement.md; the others are worked out by
hand in the comments, exact up to floating point (tolerance 1e-12).
"""

from __future__ import annotations

import numpy as np
import pytest

from ls_thematic.scripts import agreement as ag
from ls_thematic.scripts.agreement.coefficients import (
    binary_coefficients,
    campbell_share,
    kappa_from_table,
    pair_counts,
)

from .test_coefficients import KRIPPENDORFF_2011

NAN = np.nan


def test_brennan_prediger_counts_the_categories_given():
    # Observed agreement 9/11; chance 1/5 with the five ratings that occur (irrCAC 0.77273),
    # 1/6 when the codebook has a sixth category: (9/11 - 1/6) / (5/6) = 43/55.
    assert ag.brennan_prediger(KRIPPENDORFF_2011) == pytest.approx(34 / 44, abs=1e-12)
    six = ag.brennan_prediger(KRIPPENDORFF_2011, categories=[1, 2, 3, 4, 5, 6])
    assert six == pytest.approx(43 / 55, abs=1e-12)


def test_brennan_prediger_weighs_the_units():
    # Weight 0 on unit 6 (ratings 1, 2, 3, 4: no agreeing pair): observed 9/10, chance 1/5.
    weight = np.ones(12)
    weight[5] = 0
    weighted = ag.brennan_prediger(KRIPPENDORFF_2011, sample_weight=weight)
    assert weighted == pytest.approx((0.9 - 0.2) / 0.8, abs=1e-12)


def test_kappa_from_table_reproduces_the_published_2x2_table():
    # Cohen's 2x2 table: yes/yes 20, yes/no 5, no/yes 10, no/no 15 -> kappa 0.40. As a
    # pair_counts table: [[none/none, none/applied], [applied/none, applied/applied]].
    assert kappa_from_table(np.array([[15.0, 10.0], [5.0, 20.0]])) == pytest.approx(0.40, abs=1e-12)
    # Weights need not be whole: the same table halved.
    assert kappa_from_table(np.array([[7.5, 5.0], [2.5, 10.0]])) == pytest.approx(0.40, abs=1e-12)


def test_kappa_from_table_small_tables():
    assert np.isnan(kappa_from_table(np.zeros((2, 2))))  # nobody rated the pair
    # One unit, coded by the second coder only: po 0, pe 0, kappa 0 (not undefined).
    assert kappa_from_table(np.array([[0.0, 1.0], [0.0, 0.0]])) == 0.0
    assert np.isnan(kappa_from_table(np.array([[0.0, 0.0], [0.0, 1.0]])))  # one category


# Two coders, six rows: agree applied, disagree, agree none (weight 2), disagree, agree applied,
# and a row only the first coder rated (left out).
VALUES = np.array([[1, 1], [1, 0], [0, 0], [0, 1], [1, 1], [1, NAN]], dtype=float)
WEIGHT = np.array([1, 1, 2, 1, 1, 5], dtype=float)


def test_pair_counts_and_campbell_share():
    table = pair_counts(VALUES, WEIGHT, 0, 1)
    assert table.tolist() == [[2.0, 1.0], [1.0, 2.0]]
    assert campbell_share([table]) == pytest.approx(0.5, abs=1e-12)  # 2 of the 4 coded
    assert campbell_share([table, np.array([[9.0, 0.0], [0.0, 2.0]])]) == pytest.approx(4 / 6)
    assert np.isnan(campbell_share([np.array([[3.0, 0.0], [0.0, 0.0]])]))


def test_binary_coefficients_by_hand():
    result = binary_coefficients(VALUES, WEIGHT, chance_corrected=True)
    # 6 items rated twice (1 + 1 + 2 + 1 + 1), 4 of them coded; agreement 4 of 6; the table
    # [[2, 1], [1, 2]] has po 2/3 and pe 1/2, so kappa, Fleiss and AC1 are 1/3; alpha
    # 1 - (n - 1) o_01 / (n_0 n_1) = 1 - 11 * 2 / 36 = 7/18.
    assert result == pytest.approx(
        {
            "n_items": 6.0,
            "n_coded": 4.0,
            "percent_agreement": 2 / 3,
            "campbell_percent_agreement": 0.5,
            "cohen_kappa": 1 / 3,
            "fleiss_kappa": 1 / 3,
            "krippendorff_alpha": 7 / 18,
            "gwet_ac1": 1 / 3,
        },
        abs=1e-12,
    )
    plain = binary_coefficients(VALUES, WEIGHT, chance_corrected=False)
    assert plain["percent_agreement"] == pytest.approx(2 / 3, abs=1e-12)
    for name in ("cohen_kappa", "fleiss_kappa", "krippendorff_alpha", "gwet_ac1"):
        assert np.isnan(plain[name])
    nobody = binary_coefficients(VALUES[5:], WEIGHT[5:], chance_corrected=True)
    assert nobody["n_items"] == 0.0
    assert all(np.isnan(v) for k, v in nobody.items() if k not in ("n_items", "n_coded"))
