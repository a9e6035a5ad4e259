"""The rules of the coefficients, checked against references written from their definitions.

Hypothesis draws reliability data (2-4 coders, 1-10 units, a few categories, missing ratings)
and unit weights; each coefficient must equal a brute-force reference built from the formula
(pairs of coders, contingency tables, coincidence matrices) or the independent library
(statsmodels, scikit-learn, krippendorff), up to floating point (1e-9). The messages of the
input checks are pinned in full.
"""

from __future__ import annotations

from itertools import permutations

import krippendorff
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from statsmodels.stats.inter_rater import fleiss_kappa as statsmodels_fleiss

from ls_thematic.scripts import agreement as ag
from ls_thematic.scripts.agreement.coefficients import CHANCE_MODELS, LEVELS, binary_coefficients

NAN = np.nan
TOL = 1e-9
RULES = settings(
    max_examples=40,
    deadline=None,
    database=None,
    derandomize=True,  # the same examples on every run: CI never fails on a new draw
    suppress_health_check=list(HealthCheck),
)


@st.composite
def reliability(draw, max_coders=4, max_units=10, values=(1.0, 2.0, 3.0), missing=True):
    """Coders x units floats; NaN for a missing rating when ``missing``."""
    n_coders = draw(st.integers(2, max_coders))
    n_units = draw(st.integers(1, max_units))
    pool = st.sampled_from([*values, NAN] if missing else list(values))
    cells = draw(st.lists(pool, min_size=n_coders * n_units, max_size=n_coders * n_units))
    return np.array(cells, dtype=float).reshape(n_coders, n_units)


def weights_for(draw, n_units, whole=False):
    values = st.integers(0, 3) if whole else st.sampled_from([0.0, 0.5, 1.0, 2.5])
    return np.array(draw(st.lists(values, min_size=n_units, max_size=n_units)), dtype=float)


def unit_ratings(data):
    """Per unit, the list of ratings given (missing left out)."""
    return [[v for v in column if v == v] for column in data.T]


def reference_terms(data, categories, weight, chance):
    """Observed and chance agreement from pairs of coders (Gwet 2014), by brute force."""
    ratings = unit_ratings(data)
    weight = np.ones(len(ratings)) if weight is None else weight
    pair_shares, pair_weights, share_rows, share_weights = [], [], [], []
    for unit, w in zip(ratings, weight, strict=True):
        if w <= 0:
            continue
        if len(unit) >= 2:
            pairs = list(permutations(range(len(unit)), 2))
            pair_shares.append(sum(unit[i] == unit[j] for i, j in pairs) / len(pairs))
            pair_weights.append(w)
        if unit:
            share_rows.append([unit.count(c) / len(unit) for c in categories])
            share_weights.append(w)
    if not pair_shares:
        return None
    observed = np.average(pair_shares, weights=pair_weights)
    shares = np.average(np.array(share_rows), axis=0, weights=share_weights)
    q = len(categories)
    if chance == "fleiss":
        expected = float((shares**2).sum())
    elif chance == "gwet":
        expected = float((shares * (1 - shares)).sum() / (q - 1)) if q > 1 else 0.0
    else:
        expected = 1 / q
    return observed, expected, float(sum(pair_weights))


def corrected(observed, expected):
    return NAN if expected >= 1 else (observed - expected) / (1 - expected)


def reference_nominal_alpha(data, weight):
    """Krippendorff's nominal alpha from the weighted coincidence matrix, by its definition."""
    ratings = unit_ratings(data)
    weight = np.ones(len(ratings)) if weight is None else weight
    values = sorted({v for unit in ratings for v in unit})
    o = np.zeros((len(values), len(values)))
    for unit, w in zip(ratings, weight, strict=True):
        if len(unit) < 2 or w <= 0:
            continue
        for i, j in permutations(range(len(unit)), 2):
            o[values.index(unit[i]), values.index(unit[j])] += w / (len(unit) - 1)
    totals = o.sum(axis=0)
    if np.count_nonzero(totals) < 2:
        return NAN
    n = totals.sum()
    disagree = o.sum() - np.trace(o)
    expected = (n**2 - (totals**2).sum()) / (n - 1)
    return 1 - disagree / expected


def reference_cohen(a, b, labels, weights=None, sample_weight=None):
    """Cohen's kappa from the weighted contingency table: 1 - sum(w O) / sum(w E)."""
    index = {label: i for i, label in enumerate(labels)}
    sample_weight = np.ones(len(a)) if sample_weight is None else sample_weight
    table = np.zeros((len(labels), len(labels)))
    for x, y, w in zip(a, b, sample_weight, strict=True):
        table[index[x], index[y]] += w
    expected = np.outer(table.sum(axis=1), table.sum(axis=0)) / table.sum()
    i, j = np.indices(table.shape)
    distance = {None: (i != j) * 1.0, "linear": np.abs(i - j), "quadratic": (i - j) ** 2}
    w = distance[weights]
    return 1 - (w * table).sum() / (w * expected).sum()


def close(value, reference):
    if np.isnan(reference):
        return np.isnan(value)
    return value == pytest.approx(reference, abs=TOL)


# ---------------------------------------------------------------------------------------------
# Counts and agreement terms
# ---------------------------------------------------------------------------------------------


@RULES
@given(data=reliability())
def test_rating_counts_count_each_coders_rating(data):
    present = data[~np.isnan(data)]
    if present.size == 0:
        return
    counts, categories = ag.rating_counts(data)
    assert categories.tolist() == sorted(set(present.tolist()))
    expected = [[unit.count(c) for c in categories] for unit in unit_ratings(data)]
    assert counts.tolist() == expected
    # Text ratings: the same counts, categories in sorted order, None for missing.
    text = [[None if v != v else f"c{int(v)}" for v in row] for row in data]
    text_counts, text_categories = ag.rating_counts(text)
    assert text_categories.tolist() == [f"c{int(c)}" for c in categories]
    assert text_counts.tolist() == expected
    # A codebook with a category nobody used adds an empty column, in the order given.
    full, order = ag.rating_counts(data, categories=[4.0, 3.0, 2.0, 1.0])
    assert order.tolist() == [4.0, 3.0, 2.0, 1.0]
    assert full.tolist() == [[unit.count(c) for c in (4, 3, 2, 1)] for unit in unit_ratings(data)]


def test_rating_counts_match_text_categories_to_mixed_ratings():
    # Ratings 1 and 2 are numbers beside the text 'a'; the codebook names them as text.
    counts, categories = ag.rating_counts([["a", 1], ["a", 2]], categories=["a", "1", "2"])
    assert categories.tolist() == ["a", "1", "2"]
    assert counts.tolist() == [[2.0, 0.0, 0.0], [0.0, 1.0, 1.0]]


@RULES
@given(data=reliability(), chance=st.sampled_from(CHANCE_MODELS), draw=st.data())
def test_agreement_terms_match_pairs_of_coders(data, chance, draw):
    weight = weights_for(draw.draw, data.shape[1]) if draw.draw(st.booleans()) else None
    categories = [1.0, 2.0, 3.0]
    reference = reference_terms(data, categories, weight, chance)
    if reference is None:
        return
    counts, _ = ag.rating_counts(data, categories)
    terms = ag.agreement_terms(counts, chance, weight)
    assert terms == pytest.approx(
        {"observed": reference[0], "chance": reference[1], "n_units": reference[2]}, abs=TOL
    )
    for name, coefficient in (("gwet", ag.gwet_ac1), ("brennan_prediger", ag.brennan_prediger)):
        observed, expected, _ = reference_terms(data, categories, weight, name)
        value = coefficient(data, categories=categories, sample_weight=weight)
        assert close(value, corrected(observed, expected))
    assert ag.percent_agreement(data, sample_weight=weight) == pytest.approx(reference[0], abs=TOL)
    fleiss = reference_terms(data, categories, weight, "fleiss")
    assert close(ag.fleiss_kappa(counts, sample_weight=weight), corrected(*fleiss[:2]))


def test_one_category_gives_no_chance_agreement_for_gwet():
    # Gwet's chance term sum pi (1 - pi) / (q - 1) is taken as 0 for a single category, so AC1
    # of unanimous coders is 1; Fleiss' and Brennan-Prediger's chance is 1 (undefined: NaN).
    one = [[3.0, 0.0], [2.0, 0.0]]
    counts = np.array([[3.0], [2.0]])
    assert ag.agreement_terms(counts, "gwet") == {"observed": 1.0, "chance": 0.0, "n_units": 2.0}
    assert ag.agreement_terms(one, "brennan_prediger")["chance"] == 0.5
    assert ag.gwet_ac1([["a", "a"], ["a", "a"]]) == 1.0
    assert np.isnan(ag.brennan_prediger([["a", "a"], ["a", "a"]]))


@RULES
@given(data=reliability(missing=False, max_coders=5))
def test_fleiss_kappa_on_complete_data_is_statsmodels(data):
    counts, _ = ag.rating_counts(data, [1.0, 2.0, 3.0])
    shares = counts.sum(axis=0) / counts.sum()
    expected = NAN if (shares**2).sum() >= 1 else statsmodels_fleiss(counts, method="fleiss")
    assert close(ag.fleiss_kappa(counts), expected)
    # The generalisation for missing ratings equals it on complete data.
    weighted = ag.fleiss_kappa(counts, sample_weight=np.ones(len(counts)))
    assert close(weighted, expected)


# ---------------------------------------------------------------------------------------------
# Krippendorff's alpha
# ---------------------------------------------------------------------------------------------


@RULES
@given(data=reliability(), draw=st.data())
def test_nominal_alpha_is_the_coincidence_matrix_formula(data, draw):
    weight = weights_for(draw.draw, data.shape[1]) if draw.draw(st.booleans()) else None
    expected = reference_nominal_alpha(data, weight)
    assert close(ag.krippendorff_alpha(data, sample_weight=weight), expected)
    text = [[None if v != v else f"v{int(v)}" for v in row] for row in data]
    assert close(ag.krippendorff_alpha(text, sample_weight=weight), expected)


@RULES
@given(data=reliability(values=(1.0, 2.0, 4.0)), level=st.sampled_from(LEVELS), draw=st.data())
def test_alpha_at_every_level_is_the_package_on_repeated_units(data, level, draw):
    weight = weights_for(draw.draw, data.shape[1], whole=True)
    repeated = np.repeat(data, weight.astype(int), axis=1)
    pairable = [u for u in unit_ratings(repeated) if len(u) >= 2]
    if len({v for u in pairable for v in u}) < 2:
        expected = NAN
    else:
        expected = krippendorff.alpha(
            reliability_data=repeated, level_of_measurement=level, value_domain=[1.0, 2.0, 4.0]
        )
    domain = [1.0, 2.0, 4.0]
    if repeated.shape[1]:
        assert close(ag.krippendorff_alpha(repeated, level, value_domain=domain), expected)
    assert close(ag.krippendorff_alpha(data, level, domain, sample_weight=weight), expected)
    if level == "ordinal":
        text = [[None if v != v else f"v{int(v)}" for v in row] for row in data]
        named = ag.krippendorff_alpha(text, level, ["v1", "v2", "v4"], sample_weight=weight)
        assert close(named, expected)


@pytest.mark.parametrize("level", LEVELS)
def test_alpha_of_no_ratings_at_all_is_nan(level):
    # Found by the property test above: every rating missing raised "categories must be a
    # non-empty 1-D list", naming an argument the caller never gave.
    assert np.isnan(ag.krippendorff_alpha(np.full((2, 3), NAN), level))
    assert np.isnan(ag.krippendorff_alpha([[None, None], [None, None]]))


def test_alpha_needs_whole_weights_above_the_nominal_level():
    data = [[1.0, 2.0], [1.0, 2.0]]
    with pytest.raises(ValueError) as error:
        ag.krippendorff_alpha(data, "interval", sample_weight=[1.0, 0.5])
    assert error.match(r"^At the interval level, sample_weight must hold whole numbers of units\.$")
    assert ag.krippendorff_alpha(data, "nominal", sample_weight=[1.0, 0.5]) == 1.0


# ---------------------------------------------------------------------------------------------
# Cohen's kappa
# ---------------------------------------------------------------------------------------------


@RULES
@given(
    pairs=st.lists(st.tuples(st.integers(0, 3), st.integers(0, 3)), min_size=1, max_size=15),
    weights=st.sampled_from([None, "linear", "quadratic"]),
    draw=st.data(),
)
def test_cohen_kappa_is_the_contingency_table_formula(pairs, weights, draw):
    a, b = [p[0] for p in pairs], [p[1] for p in pairs]
    sample_weight = weights_for(draw.draw, len(pairs)) if draw.draw(st.booleans()) else None
    counted = [i for i in range(len(a)) if sample_weight is None or sample_weight[i] > 0]
    used = {a[i] for i in counted} | {b[i] for i in counted}
    if len(used) < 2:
        assert np.isnan(ag.cohen_kappa(a, b, weights=weights, sample_weight=sample_weight))
        return
    # Distances are positions among every rating given, weight 0 or not (as sklearn's
    # cohen_kappa_score with sample_weight): a rating of weight 0 still sits between two others.
    labels = sorted(set(a) | set(b))
    keep = np.array([i in counted for i in range(len(a))])
    expected = reference_cohen(
        np.array(a)[keep],
        np.array(b)[keep],
        labels,
        weights,
        None if sample_weight is None else sample_weight[keep],
    )
    value = ag.cohen_kappa(a, b, weights=weights, sample_weight=sample_weight)
    assert close(value, expected)
    # Text ratings in the same order give the same kappa.
    as_text = ag.cohen_kappa(
        [f"r{x}" for x in a], [f"r{x}" for x in b], weights=weights, sample_weight=sample_weight
    )
    assert close(as_text, expected)


def test_cohen_kappa_quadratic_weights_on_the_published_table():
    # [[0, 4, 1], [0, 8, 0], [0, 1, 5]]: observed weighted disagreement 4 + 4 + 1 = 9 of 19;
    # expected sum_ij (i - j)^2 r_i c_j / 19 with r = (5, 8, 6), c = (0, 13, 6).
    a = [0] * 5 + [1] * 8 + [2] * 6
    b = [1, 1, 1, 1, 2] + [1] * 8 + [1] + [2] * 5
    expected = 1 - 9 / ((5 * 13 * 1 + 5 * 6 * 4 + 8 * 6 * 1 + 6 * 13 * 1) / 19)
    assert ag.cohen_kappa(a, b, weights="quadratic") == pytest.approx(expected, abs=1e-12)


# ---------------------------------------------------------------------------------------------
# Binary items of a report
# ---------------------------------------------------------------------------------------------


@RULES
@given(data=reliability(values=(0.0, 1.0), max_coders=3), draw=st.data())
def test_binary_coefficients_are_the_single_coefficients(data, draw):
    weight = weights_for(draw.draw, data.shape[1])
    result = binary_coefficients(data.T, weight, chance_corrected=True)
    rated = (~np.isnan(data)).sum(axis=0) >= 2
    # Items fewer than two coders rated are left out of every term, the shares included.
    assert result["n_items"] == pytest.approx(weight[rated].sum(), abs=TOL)
    coded = rated & (np.nansum(data, axis=0) > 0)
    assert result["n_coded"] == pytest.approx(weight[coded].sum(), abs=TOL)
    if weight[rated].sum() == 0:
        assert all(np.isnan(v) for k, v in result.items() if k not in ("n_items", "n_coded"))
        return
    data, weight = data[:, rated], weight[rated]
    terms = reference_terms(data, [0.0, 1.0], weight, "fleiss")
    assert result["percent_agreement"] == pytest.approx(terms[0], abs=TOL)
    assert close(result["fleiss_kappa"], corrected(*terms[:2]))
    gwet = reference_terms(data, [0.0, 1.0], weight, "gwet")
    assert close(result["gwet_ac1"], corrected(*gwet[:2]))
    assert close(result["krippendorff_alpha"], reference_nominal_alpha(data, weight))


# ---------------------------------------------------------------------------------------------
# Messages of the input checks
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda: ag.krippendorff_alpha([[1.0, np.inf], [1.0, 2.0]]),
            r"^reliability_data contains infinite values; use NaN for a missing rating\.$",
        ),
        (
            lambda: ag.krippendorff_alpha([[1, 2], [1, 2]], sample_weight=[1, -1]),
            r"^sample_weight must hold finite, non-negative numbers\.$",
        ),
        (
            lambda: ag.krippendorff_alpha([[1, 2], [1, 2]], sample_weight=[1, np.nan]),
            r"^sample_weight must hold finite, non-negative numbers\.$",
        ),
        (
            lambda: ag.gwet_ac1([[1, 2], [1, 2]], sample_weight=[[1, 1]]),
            r"^sample_weight must be a 1-D array with one weight per unit \(2\); found shape "
            r"\(1, 2\)\.$",
        ),
        (
            lambda: ag.gwet_ac1([[1, 2], [1, 2]], categories=[]),
            r"^categories must be a non-empty 1-D list of the possible ratings\.$",
        ),
        (
            lambda: ag.gwet_ac1([[1, 2], [1, 2]], categories=[1, 2, 1]),
            r"^categories must not repeat a value\.$",
        ),
        (
            lambda: ag.gwet_ac1([[1, 2, 7], [1, 3, 9]], categories=[1, 2]),
            r"^The ratings contain 3\.0, 7\.0, 9\.0, which are not among the categories "
            r"1\.0, 2\.0\.$",
        ),
        (
            lambda: ag.gwet_ac1([["a", "c"], ["b", "d"]], categories=["a", "b"]),
            r"^The ratings contain c, d, which are not among the categories a, b\.$",
        ),
        (
            lambda: ag.cohen_kappa([[1, 2], [1, 2]], [1, 2]),
            r"^cohen_kappa needs two 1-D sequences of equal length; found shapes \(2, 2\) and "
            r"\(2,\)\.$",
        ),
        (
            lambda: ag.cohen_kappa([1, 2], [[1, 2], [1, 2]]),
            r"^cohen_kappa needs two 1-D sequences of equal length; found shapes \(2,\) and "
            r"\(2, 2\)\.$",
        ),
        (lambda: ag.cohen_kappa([], []), r"^cohen_kappa needs at least one unit; found none\.$"),
        (
            lambda: ag.cohen_kappa([1, None, NAN], [1, 2, 2]),
            r"^cohen_kappa needs both coders to rate every unit; found 2 missing rating\(s\)\. "
            r"Rate them as 'none', drop those units, or use krippendorff_alpha, which allows "
            r"missing ratings\.$",
        ),
        (
            lambda: ag.cohen_kappa([1, 2], [1, 2], weights="cubic"),
            r"^Unknown weights 'cubic'; use None, 'linear' or 'quadratic'\.$",
        ),
        (
            lambda: ag.krippendorff_alpha([[1, 2, 3]]),
            r"^reliability_data must have at least two coders \(rows\); found 1\.$",
        ),
        (
            lambda: ag.krippendorff_alpha([[], []]),
            r"^reliability_data must have at least one unit \(column\); found none\.$",
        ),
        (
            lambda: ag.krippendorff_alpha([["a", "b"]]),
            r"^reliability_data must have at least two coders \(rows\); found 1\.$",
        ),
        (
            lambda: ag.krippendorff_alpha([1, 2, 3]),
            r"^reliability_data must be a 2-D array of coders x units; found 1 dimension\(s\)\.$",
        ),
        (
            lambda: ag.krippendorff_alpha([[1, 2]], "cardinal"),
            r"^Unknown level 'cardinal'; use one of nominal, ordinal, interval, ratio\.$",
        ),
        (
            lambda: ag.krippendorff_alpha([["a", None], [None, "b"]], "ratio"),
            r"^The ratio level needs numeric ratings; found text ratings such as 'a'\.$",
        ),
        (
            lambda: ag.krippendorff_alpha([["a", "b"], ["a", "a"]], "ordinal"),
            r"^The ordinal level needs value_domain, the ordered list of the text ratings\.$",
        ),
        (
            lambda: ag.fleiss_kappa([[1, 2, 3]][0]),
            r"^counts must be a 2-D array of units x categories; found 1 dimension\(s\)\.$",
        ),
        (
            lambda: ag.fleiss_kappa(np.zeros((0, 2))),
            r"^counts must have at least one unit and one category; found \(0, 2\)\.$",
        ),
        (
            lambda: ag.fleiss_kappa([[1, -1]]),
            r"^counts must hold non-negative whole numbers of coders\.$",
        ),
        (
            lambda: ag.agreement_terms([[1, 0], [0, 1]]),
            r"^No unit was rated by two or more coders; agreement is undefined\.$",
        ),
        (
            lambda: ag.agreement_terms([[2, 0]], sample_weight=[0]),
            r"^No unit was rated by two or more coders; agreement is undefined\.$",
        ),
        (
            lambda: ag.agreement_terms([[2, 0]], "scott"),
            r"^Unknown chance model 'scott'; use one of fleiss, gwet, brennan_prediger\.$",
        ),
    ],
)
def test_coefficient_messages(call, message):
    with pytest.raises(ValueError) as error:
        call()
    assert error.match(message)


def test_a_negative_zero_rating_is_the_category_zero():
    ratings = [[0.0, 1.0, 1.0, 0.0, 1.0], [0.0, 1.0, 0.0, 0.0, 1.0]]
    negative = [[-0.0 if v == 0 else v for v in row] for row in ratings]
    expected = ag.gwet_ac1(ratings, categories=[0.0, 1.0])
    assert ag.gwet_ac1(negative, categories=[0.0, 1.0]) == pytest.approx(expected)
    counts, categories = ag.rating_counts(negative, categories=[0.0, 1.0])
    assert counts.sum(axis=0).tolist() == [5.0, 5.0] and categories.tolist() == [0.0, 1.0]
    with pytest.raises(ag.AgreementError, match="contain 2.0, which are not among the categ"):
        ag.rating_counts([[0.0, 2.0], [-0.0, 1.0]], categories=[0.0, 1.0])
