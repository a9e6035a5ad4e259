"""Krippendorff's unitizing alphas (uα, |uα, cuα, (k)uα) of scripts/agreement/unitizing.py.

Golden values: two examples worked out by hand in the comments (exact up to floating point), and
two pinned to an independent implementation, lindanna/unitized_alpha (Python, after Krippendorff
et al. 2016, commit 11637e7), run on the same spans; it agrees with this module to 1e-15 on
random data with 2 and 3 coders, and with zeljkobekcic/KrippendorffUnitizedAlpha on uα.
"""

from __future__ import annotations

import numpy as np
import pytest

from ls_thematic.scripts.agreement.errors import AgreementError
from ls_thematic.scripts.agreement.unitizing import unitizing_alphas

TOL = 1e-12

# Two coders and three on a 60-character transcript (the values are lindanna/unitized_alpha's).
TWO_CODERS = {
    "A": [(2, 12, "Fear"), (20, 31, "Hope"), (40, 52, "Fear")],
    "B": [(0, 10, "Fear"), (22, 31, "Hope"), (31, 35, "Fear"), (41, 55, "Fear")],
}
THREE_CODERS = {**TWO_CODERS, "C": [(3, 12, "Hope"), (18, 30, "Hope"), (44, 58, "Fear")]}


def _random_coding(rng, length, n_spans, codes):
    cuts = np.sort(rng.choice(np.arange(1, length), size=2 * n_spans, replace=False))
    return [
        (int(cuts[i]), int(cuts[i + 1]), str(rng.choice(codes))) for i in range(0, cuts.size, 2)
    ]


def test_hand_worked_example_one_code():
    # L = 10; A codes [0, 4), B codes [0, 6). Coincidences (both directions): x-x 8, gap-gap 8,
    # x-gap 2 + 2; l = 20, margins 10 and 10. Self-pairing: x 4^2 + 6^2 = 52, gaps 6 + 4 = 10.
    # D_e = 2 * 100 / (20 - 62 / 20) = 200 / 16.9, D_o = 4, so uα = 1 - 4 * 16.9 / 200 = 0.662.
    result = unitizing_alphas({"t": (10, {"A": [(0, 4, "x")], "B": [(0, 6, "x")]})})
    assert result["u_alpha"] == pytest.approx(0.662, abs=TOL)
    assert result["binary_u_alpha"] == pytest.approx(0.662, abs=TOL)  # one code: the same
    assert result["cu_alpha"] is None  # one code: nothing to disagree on
    assert result["per_code"]["x"] == {"alpha": None, "pairable": 8.0, "coverage": 0.8}
    assert (result["pairable_u"], result["pairable_cu"]) == (20.0, 8.0)


def test_hand_worked_example_codes_no_better_than_chance():
    # L = 10, no gaps; A: x [0,5), y [5,10); B: x [0,5), x [5,10). o_xx 10, o_xy = o_yx 5.
    # cuα self-pairing x 3 * 25, y 25: e_xx = (225 - 75) / 15 = 10, e_xy = 5, e_yy = 0, so
    # D_o = D_e = 10 and every alpha is 0; |uα is undefined without gaps.
    coders = {"A": [(0, 5, "x"), (5, 10, "y")], "B": [(0, 5, "x"), (5, 10, "x")]}
    result = unitizing_alphas({"t": (10, coders)})
    assert result["u_alpha"] == pytest.approx(0.0, abs=TOL)
    assert result["cu_alpha"] == pytest.approx(0.0, abs=TOL)
    assert result["binary_u_alpha"] is None
    assert result["per_code"]["x"]["alpha"] == pytest.approx(0.0, abs=TOL)
    assert result["per_code"]["y"]["alpha"] == pytest.approx(0.0, abs=TOL)
    assert result["per_code"]["y"]["pairable"] == 5.0


@pytest.mark.parametrize(
    ("coders", "expected"),
    [
        (
            TWO_CODERS,
            {"u": 0.6476148148148148, "bar": 0.5469333333333334, "cu": 1.0},
        ),
        (
            THREE_CODERS,
            {
                "u": 0.472610089849827,
                "bar": 0.47266031746031756,
                "cu": 0.64321754466682,
                "Fear": 0.6445044558466109,
                "Hope": 0.6415261756876665,
            },
        ),
    ],
    ids=["two-coders", "three-coders"],
)
def test_matches_an_independent_implementation(coders, expected):
    result = unitizing_alphas({"t": (60, coders)})
    assert result["u_alpha"] == pytest.approx(expected["u"], abs=TOL)
    assert result["binary_u_alpha"] == pytest.approx(expected["bar"], abs=TOL)
    assert result["cu_alpha"] == pytest.approx(expected["cu"], abs=TOL)
    for code in ("Fear", "Hope"):
        alpha = result["per_code"][code]["alpha"]
        assert alpha == pytest.approx(expected.get(code, 1.0), abs=TOL)
    assert result["pairable_u"] == 60.0 * len(coders)


def test_pairable_lengths_and_coverage_of_three_coders():
    result = unitizing_alphas({"t": (60, THREE_CODERS)})
    assert result["pairable_cu"] == pytest.approx(81.0, abs=TOL)
    assert result["per_code"]["Fear"]["pairable"] == pytest.approx(46.0, abs=TOL)
    assert result["per_code"]["Fear"]["coverage"] == pytest.approx(46.0 / 64.0, abs=TOL)
    assert result["codes"] == ["Fear", "Hope"]


@pytest.mark.parametrize("n_coders", [2, 3, 5])
def test_identical_coding_is_perfect(n_coders):
    rng = np.random.default_rng(n_coders)
    spans = _random_coding(rng, 2_000, 40, ["a", "b", "c"])
    result = unitizing_alphas({"t": (2_000, {f"c{i}": list(spans) for i in range(n_coders)})})
    assert result["u_alpha"] == pytest.approx(1.0, abs=TOL)
    assert result["binary_u_alpha"] == pytest.approx(1.0, abs=TOL)
    assert result["cu_alpha"] == pytest.approx(1.0, abs=TOL)
    assert all(v["alpha"] == pytest.approx(1.0, abs=TOL) for v in result["per_code"].values())
    assert all(v["coverage"] == pytest.approx(1.0, abs=TOL) for v in result["per_code"].values())


@pytest.mark.parametrize("n_coders", [2, 3])
def test_independent_random_spans_are_near_zero(n_coders):
    rng = np.random.default_rng(7)
    continua = {
        f"t{t}": (
            5_000,
            {f"c{i}": _random_coding(rng, 5_000, 60, ["a", "b", "c"]) for i in range(n_coders)},
        )
        for t in range(20)
    }
    result = unitizing_alphas(continua)
    for key in ("u_alpha", "binary_u_alpha", "cu_alpha"):
        assert abs(result[key]) < 0.03, (key, result[key])


def test_coder_order_does_not_matter():
    reordered = {coder: THREE_CODERS[coder] for coder in ("C", "A", "B")}
    reversed_spans = {coder: spans[::-1] for coder, spans in THREE_CODERS.items()}
    expected = unitizing_alphas({"t": (60, THREE_CODERS)})
    for coders in (reordered, reversed_spans):
        result = unitizing_alphas({"t": (60, coders)})
        for key in ("u_alpha", "binary_u_alpha", "cu_alpha", "pairable_cu"):
            assert result[key] == pytest.approx(expected[key], abs=TOL)


def test_pooling_continua_is_laying_them_end_to_end():
    # Two transcripts pooled give what one continuum made of both gives: shifting a transcript
    # along the continuum changes nothing.
    second = {"A": [(0, 8, "Hope")], "B": [(1, 9, "Hope")], "C": [(30, 39, "Fear")]}
    shifted = {c: THREE_CODERS[c] + [(s + 60, e + 60, k) for s, e, k in second[c]] for c in second}
    pooled = unitizing_alphas({"t1": (60, THREE_CODERS), "t2": (40, second)})
    joined = unitizing_alphas({"t": (100, shifted)})
    for key in ("u_alpha", "binary_u_alpha", "cu_alpha", "pairable_u", "pairable_cu"):
        assert pooled[key] == pytest.approx(joined[key], abs=TOL)
    assert pooled["n_continua"] == 2


def test_touching_segments_stay_two_segments():
    # Two touching spans of one code are two units: chance expects less self-pairing than for
    # one long span, so the coefficient differs from the merged coding's.
    other = {"B": [(0, 10, "x")]}
    split = unitizing_alphas({"t": (20, {"A": [(0, 5, "x"), (5, 12, "x")], **other})})
    merged = unitizing_alphas({"t": (20, {"A": [(0, 12, "x")], **other})})
    assert split["u_alpha"] != pytest.approx(merged["u_alpha"], abs=1e-6)


def test_offsets_from_json_may_be_whole_floats():
    as_floats = {"A": [(0.0, 4.0, "x")], "B": [(0, 6, "x")]}
    assert unitizing_alphas({"t": (10, as_floats)})["u_alpha"] == pytest.approx(0.662, abs=TOL)


def test_a_coder_with_no_span_counts_as_all_gap():
    result = unitizing_alphas({"t": (10, {"A": [(0, 5, "x")], "B": []})})
    assert result["pairable_u"] == 20.0
    assert result["pairable_cu"] == 0.0
    assert result["u_alpha"] < 0


@pytest.mark.parametrize(
    ("continua", "message"),
    [
        ({}, r"at least one continuum"),
        ({"t": (10, {"A": [(0, 5, "x")]})}, r"Continuum 't' needs the spans of at least 2 coders"),
        ({"t": (0, {"A": [], "B": []})}, r"positive whole-number length.*found 0"),
        ({"t": (10.5, {"A": [], "B": []})}, r"positive whole-number length.*found 10.5"),
        (
            {"t": (10, {"A": [(0, 12, "x")], "B": []})},
            r"Span \(0, 12, 'x'\) of coder 'A' in continuum 't' is empty or outside.*<= 10",
        ),
        ({"t": (10, {"A": [(4, 4, "x")], "B": []})}, r"empty or outside"),
        ({"t": (10, {"A": [(-1, 4, "x")], "B": []})}, r"0 <= start < end <= 10"),
        (
            {"t": (10, {"A": [(0, 5, "x"), (3, 8, "y")], "B": []})},
            r"Spans \(0, 5, 'x'\) and \(3, 8, 'y'\) of coder 'A' in continuum 't' overlap",
        ),
        ({"t": (10, {"A": [(0, 2.5, "x")], "B": []})}, r"whole numbers.*found 2.5"),
        ({"t": (10, {"A": [(0, 5)], "B": []})}, r"\(start, end, code\) triple; found \(0, 5\)"),
        ({"t": (10, {"A": [(0, 5, "x"), (6, 8)], "B": []})}, r"triple; found \(6, 8\)"),
        ({"t": (10, {"A": [(0, True, "x")], "B": []})}, r"whole numbers.*found True"),
        ({"t": (10, {"A": [(0, "5", "x")], "B": []})}, r"end offsets must be whole.*found '5'"),
        ({"t": (10, {"A": [(0, 5, ["x"])], "B": []})}, r"codes of coder 'A'.*unhashable"),
        ({"t": (10, {"A": [(0, 5, None)], "B": []})}, r"needs a code; found None"),
        ({"t": [10]}, r"must be a \(length, \{coder: spans\}\) pair"),
    ],
    ids=[
        "no-continuum",
        "one-coder",
        "zero-length",
        "float-length",
        "past-the-end",
        "empty-span",
        "negative-start",
        "overlap",
        "float-offset",
        "not-a-triple",
        "triples-and-pairs",
        "bool-offset",
        "string-offset",
        "unhashable-code",
        "no-code",
        "not-a-pair",
    ],
)
def test_bad_input_is_named(continua, message):
    with pytest.raises(AgreementError, match=message):
        unitizing_alphas(continua)
