"""Tests of ls_thematic.scripts.agreement.coefficients.

Golden values come from /work/shared/reference/agreement.md (published by others); each test
states its tolerance: half a unit of the last printed digit unless said otherwise.
"""

from __future__ import annotations

import numpy as np
import pytest

from ls_thematic.scripts import agreement as ag

NAN = np.nan

# Krippendorff (2011), 4 coders x 12 units.
KRIPPENDORFF_2011 = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, NAN, NAN, NAN],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, NAN, 3],
    [NAN, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, NAN],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, NAN],
]
# Wikipedia, 3 coders x 15 units.
WIKIPEDIA = [
    [NAN, NAN, NAN, NAN, NAN, 3, 4, 1, 2, 1, 1, 3, 3, NAN, 3],
    [1, NAN, 2, 1, 3, 3, 4, 3, NAN, NAN, NAN, NAN, NAN, NAN, NAN],
    [NAN, NAN, 2, 1, 3, 4, 4, NAN, 2, 1, 1, 3, 3, NAN, 4],
]
# Fleiss (1971) as on Wikipedia: 10 subjects x 5 categories, 14 raters.
FLEISS_COUNTS = [
    [0, 0, 0, 0, 14],
    [0, 2, 6, 4, 2],
    [0, 0, 3, 5, 6],
    [0, 3, 9, 2, 0],
    [2, 2, 8, 1, 1],
    [7, 7, 0, 0, 0],
    [3, 2, 6, 3, 0],
    [2, 5, 3, 2, 2],
    [6, 5, 2, 1, 0],
    [0, 2, 2, 3, 7],
]


def expand_table(table):
    """Two rating vectors from a square contingency table (rows: coder A, columns: coder B)."""
    a, b = [], []
    for i, row in enumerate(table):
        for j, count in enumerate(row):
            a += [i] * count
            b += [j] * count
    return a, b


# ---------------------------------------------------------------------------------------------
# Golden values
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("level", "published"),
    [("nominal", 0.743), ("ordinal", 0.815), ("interval", 0.849), ("ratio", 0.797)],
)
def test_krippendorff_2011(level, published):
    # Published to 3 decimals: tolerance 5e-4 (the value rounds to the published one).
    assert ag.krippendorff_alpha(KRIPPENDORFF_2011, level) == pytest.approx(published, abs=5e-4)


@pytest.mark.parametrize(("level", "published"), [("nominal", 0.691358), ("interval", 0.810845)])
def test_krippendorff_wikipedia(level, published):
    assert ag.krippendorff_alpha(WIKIPEDIA, level) == pytest.approx(published, abs=1e-6)


def test_fleiss_kappa_published():
    assert ag.fleiss_kappa(FLEISS_COUNTS) == pytest.approx(0.20993, abs=5e-6)
    terms = ag.agreement_terms(FLEISS_COUNTS, "fleiss")
    assert terms["observed"] == pytest.approx(0.378022, abs=1e-6)  # P-bar
    assert terms["chance"] == pytest.approx(0.212755, abs=1e-6)  # Pe-bar


def test_fleiss_generalisation_equals_statsmodels_on_complete_data():
    statsmodels_value = ag.fleiss_kappa(FLEISS_COUNTS)
    generalised = ag.fleiss_kappa(FLEISS_COUNTS, sample_weight=np.ones(len(FLEISS_COUNTS)))
    assert generalised == pytest.approx(statsmodels_value, abs=1e-12)


def test_cohen_kappa_2x2():
    a, b = expand_table([[20, 5], [10, 15]])
    assert ag.cohen_kappa(a, b) == pytest.approx(0.40, abs=1e-12)
    assert ag.percent_agreement([a, b]) == pytest.approx(0.70, abs=1e-12)


def test_cohen_kappa_3x3_and_linear_weights():
    a, b = expand_table([[0, 4, 1], [0, 8, 0], [0, 1, 5]])
    assert ag.cohen_kappa(a, b) == pytest.approx(0.4842, abs=5e-5)
    assert ag.cohen_kappa(a, b, weights="linear") == pytest.approx(0.4701, abs=5e-5)


def test_irrcac_coefficients_on_krippendorff_data():
    # irrCAC (Gwet) values printed to 5 decimals: tolerance 5e-6.
    assert ag.gwet_ac1(KRIPPENDORFF_2011) == pytest.approx(0.77544, abs=5e-6)
    counts, _ = ag.rating_counts(KRIPPENDORFF_2011)
    assert ag.fleiss_kappa(counts) == pytest.approx(0.76117, abs=5e-6)
    assert ag.brennan_prediger(KRIPPENDORFF_2011) == pytest.approx(0.77273, abs=5e-6)
    assert ag.percent_agreement(KRIPPENDORFF_2011) == pytest.approx(9 / 11, abs=1e-12)


def test_text_ratings_give_the_same_coefficients():
    as_text = [[None if v != v else f"c{int(v)}" for v in row] for row in KRIPPENDORFF_2011]
    assert ag.krippendorff_alpha(as_text) == pytest.approx(
        ag.krippendorff_alpha(KRIPPENDORFF_2011), abs=1e-12
    )
    assert ag.gwet_ac1(as_text) == pytest.approx(ag.gwet_ac1(KRIPPENDORFF_2011), abs=1e-12)
    ordinal = ag.krippendorff_alpha(as_text, "ordinal", value_domain=[f"c{i}" for i in range(1, 6)])
    assert ordinal == pytest.approx(ag.krippendorff_alpha(KRIPPENDORFF_2011, "ordinal"), abs=1e-12)


@pytest.mark.parametrize("level", ["nominal", "interval"])
def test_weighted_alpha_equals_repeated_units(level):
    rng = np.random.default_rng(7)
    data = rng.integers(0, 4, size=(3, 60)).astype(float)
    data[rng.random(data.shape) < 0.25] = NAN
    weight = rng.integers(0, 5, size=60)
    repeated = np.repeat(data, weight, axis=1)
    assert ag.krippendorff_alpha(data, level, sample_weight=weight) == pytest.approx(
        ag.krippendorff_alpha(repeated, level), abs=1e-12
    )
    assert ag.gwet_ac1(data, sample_weight=weight) == pytest.approx(
        ag.gwet_ac1(repeated), abs=1e-12
    )
    assert ag.percent_agreement(data, sample_weight=weight) == pytest.approx(
        ag.percent_agreement(repeated), abs=1e-12
    )


def test_undefined_coefficients_are_nan():
    assert np.isnan(ag.cohen_kappa([1, 1, 1], [1, 1, 1]))
    assert np.isnan(ag.krippendorff_alpha([[0, 0, 0], [0, 0, NAN]]))
    assert np.isnan(ag.fleiss_kappa([[2, 0], [2, 0]]))


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: ag.cohen_kappa([1, 2, None], [1, 2, 2]), "needs both coders to rate every unit"),
        (lambda: ag.cohen_kappa([1, 2], [1, 2, 2]), "equal length"),
        (lambda: ag.cohen_kappa([1, 2], [1, 2], weights="cubic"), "Unknown weights"),
        (lambda: ag.krippendorff_alpha([[1, 2, 3]]), "at least two coders"),
        (lambda: ag.krippendorff_alpha([1, 2, 3]), "2-D array of coders x units"),
        (lambda: ag.krippendorff_alpha(KRIPPENDORFF_2011, "cardinal"), "Unknown level 'cardinal'"),
        (lambda: ag.krippendorff_alpha([["a", "b"], ["a", "a"]], "interval"), "needs numeric"),
        (lambda: ag.krippendorff_alpha([["a", "b"], ["a", "a"]], "ordinal"), "needs value_domain"),
        (lambda: ag.fleiss_kappa([[1.5, 0.5]]), "non-negative whole numbers"),
        (lambda: ag.agreement_terms([[1, 0], [0, 1]]), "No unit was rated by two or more"),
        (lambda: ag.agreement_terms(FLEISS_COUNTS, "scott"), "Unknown chance model 'scott'"),
        (lambda: ag.gwet_ac1([[1, 2], [1, 3]], categories=[1, 2]), "not among the categories"),
        (lambda: ag.percent_agreement([[1, 2], [1, 2]], sample_weight=[1]), "one weight per unit"),
    ],
)
def test_coefficient_input_errors(call, message):
    with pytest.raises(ValueError, match=message):
        call()
