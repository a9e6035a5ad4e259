"""Tests of ls_thematic.scripts.agreement.

Golden values come from /work/shared/reference/agreement.md (published by others); each test
states its tolerance: half a unit of the last printed digit unless said otherwise.
"""

from __future__ import annotations

import json
import time
from itertools import combinations
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import cohen_kappa_score

from ls_thematic.scripts import agreement as ag

NAN = np.nan
SHARED = Path(__file__).resolve().parents[2] / "shared"
LEOKA = sorted((SHARED / "data" / "leoka").glob("LEOKA_team_*.json"))

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


# ---------------------------------------------------------------------------------------------
# Small exports
# ---------------------------------------------------------------------------------------------

TEXT = "I trust them. They help me. I fear the pills. No more. Fine."
#       0         1         2         3         4         5
TURNS = [
    {"start": 0, "end": 13, "speaker": "P"},  # I trust them.
    {"start": 14, "end": 27, "speaker": "I"},  # They help me.
    {"start": 28, "end": 45, "speaker": "P"},  # I fear the pills.
    {"start": 46, "end": 54, "speaker": "I"},  # No more.
    {"start": 55, "end": 60, "speaker": "P"},  # Fine.
]


def span(start, end, label, result_id=None):
    return {
        "id": result_id or f"r{start}-{end}-{label}",
        "from_name": "code",
        "to_name": "text",
        "type": "labels",
        "value": {"start": start, "end": end, "text": TEXT[start:end], "labels": [label]},
    }


def annotation(coder, results, annotation_id=None, **extra):
    return {
        "id": annotation_id or hash((str(coder), len(results))) % 10_000,
        "completed_by": coder,
        "result": results,
        "was_cancelled": False,
        **extra,
    }


def task(task_id, annotations, text=TEXT, turns=TURNS, participant="P01"):
    data = {"text": text, "participant": participant}
    if turns is not None:
        data["turns"] = turns
    return {"id": task_id, "data": data, "annotations": annotations}


@pytest.fixture
def export():
    """Two coders on one transcript; coder 2 codes a turn that coder 1 left uncoded."""
    return [
        task(
            1,
            [
                annotation(
                    1,
                    [
                        span(2, 12, "Trust"),
                        span(14, 26, "Trust"),
                        span(28, 44, "Fear"),
                        {
                            "id": "m",
                            "type": "textarea",
                            "from_name": "memo",
                            "value": {"text": ["x"]},
                        },
                    ],
                ),
                annotation(
                    {"id": 2, "email": "b@example.org"},
                    [span(0, 13, "Trust"), span(28, 44, "Trust"), span(46, 54, "Fear")],
                ),
            ],
        )
    ]


def test_coder_of():
    assert ag.coder_of({"completed_by": 5}) == 5
    assert ag.coder_of({"completed_by": {"id": 5, "email": "a@b.org"}}) == "a@b.org"
    assert ag.coder_of({"completed_by": {"id": 5, "email": ""}}) == 5
    with pytest.raises(ValueError, match="has no coder in 'completed_by'"):
        ag.coder_of({"id": 3})


def test_turn_units(export):
    units = ag.turn_units(export)
    assert "turn" in units.unit and "'none'" in units.unit
    assert units.coders == (1, "b@example.org")
    assert units.codes == ("Fear", "Trust")
    assert units.n_units == 5
    coded = units.items[units.items["unit_id"] >= 0]
    got = {
        (row.unit_start, row.code): (row[1], row["b@example.org"]) for _, row in coded.iterrows()
    }
    assert got == {
        (0, "Trust"): (1.0, 1.0),
        (14, "Trust"): (1.0, 0.0),
        (28, "Fear"): (1.0, 0.0),
        (28, "Trust"): (0.0, 1.0),
        (46, "Fear"): (0.0, 1.0),
    }
    # 5 turns x 2 codes = 10 items; the 5 that nobody coded are collapsed by weight.
    assert units.items["weight"].sum() == 10


def test_uncoded_by_the_other_coder_counts_not_dropped():
    """Text only one coder coded is "none" for the other coder, never dropped.

    INCEpTION compares only positions that both coders labelled, which inflates kappa. Here
    the coders agree on every turn both coded (turns 1 and 3), but coder 1 also coded turns 2
    and 4, which coder 2 left uncoded.
    """
    tasks = [
        task(
            1,
            [
                annotation(
                    1,
                    [
                        span(0, 13, "Trust"),
                        span(14, 27, "Trust"),
                        span(28, 45, "Fear"),
                        span(46, 54, "Fear"),
                    ],
                ),
                annotation(2, [span(0, 13, "Trust"), span(28, 45, "Fear")]),
            ],
        )
    ]
    units = ag.turn_units(tasks)
    report = ag.agreement_report(tasks, "turns")
    # Per-turn codes as the units give them (one code per turn here, "none" if uncoded).
    coded = units.items[units.items["unit_id"] >= 0]
    per_turn = {
        coder: [
            next(
                iter(
                    coded.loc[
                        (coded["unit_start"] == t["start"]) & (coded[coder] == 1), "code"
                    ].astype(str)
                ),
                "none",
            )
            for t in TURNS
        ]
        for coder in (1, 2)
    }
    assert per_turn == {
        1: ["Trust", "Trust", "Fear", "Fear", "none"],
        2: ["Trust", "none", "Fear", "none", "none"],
    }
    both = [i for i in range(5) if per_turn[1][i] != "none" and per_turn[2][i] != "none"]
    dropped = ag.cohen_kappa([per_turn[1][i] for i in both], [per_turn[2][i] for i in both])
    kept = ag.cohen_kappa(per_turn[1], per_turn[2])
    assert dropped == 1.0
    assert kept == pytest.approx(4 / 9, abs=1e-12)  # po 3/5, pe 7/25
    assert report["overall"]["cohen_kappa"] < 1.0
    assert report["overall"]["percent_agreement"] == pytest.approx(8 / 10, abs=1e-12)
    assert len(report["disagreements"]) == 2


def test_campbell_percent_agreement(export):
    # (unit, code) pairs either coder applied: (0,T) (14,T) (28,F) (28,T) (46,F); both: (0,T).
    units = ag.turn_units(export)
    assert ag.campbell_percent_agreement(units) == pytest.approx(1 / 5, abs=1e-12)
    assert ag.campbell_percent_agreement(units, code="Trust") == pytest.approx(1 / 3, abs=1e-12)


def test_min_overlap_is_a_fraction_of_the_unit(export):
    short = [task(1, [annotation(1, [span(0, 4, "Trust")]), annotation(2, [span(0, 13, "Trust")])])]
    strict = ag.turn_units(short, min_overlap=0.5)
    loose = ag.turn_units(short, min_overlap=0)
    assert ag.campbell_percent_agreement(strict) == 0.0
    assert ag.campbell_percent_agreement(loose) == 1.0


def test_spans_of_one_code_add_up_within_a_unit():
    # Two spans covering 4 + 4 of 13 characters: 8/13 >= 0.5 together, not alone.
    split = [
        task(
            1,
            [
                annotation(1, [span(0, 4, "Trust"), span(6, 10, "Trust")]),
                annotation(2, [span(0, 13, "Trust")]),
            ],
        )
    ]
    assert ag.campbell_percent_agreement(ag.turn_units(split)) == 1.0


def test_sentences():
    assert ag.split_sentences(TEXT) == [(0, 13), (14, 27), (28, 45), (46, 54), (55, 60)]
    assert ag.split_sentences("  Hello there.\n\nSecond line ") == [(2, 14), (16, 27)]
    assert ag.split_sentences("At 1:50 p.m. the deputy left.") == [(0, 29)]


def test_sentence_units_match_turn_units_when_they_coincide(export):
    by_sentence = ag.sentence_units(export)
    by_turn = ag.turn_units(export)
    columns = ["unit_start", "unit_end", "code", 1, "b@example.org", "weight"]
    assert by_sentence.items[columns].equals(by_turn.items[columns])
    assert "sentence" in by_sentence.unit


def test_bracketed_units(export):
    units = ag.bracketed_units(export, bracketing_coder="b@example.org")
    assert units.n_units == 3  # coder b's three spans
    assert "bracketing coder b@example.org" in units.unit
    coded = units.items[units.items["unit_id"] >= 0]
    assert set(zip(coded["unit_start"], coded["code"].astype(str), strict=True)) == {
        (0, "Trust"),
        (28, "Trust"),
        (28, "Fear"),
        (46, "Fear"),
    }
    with pytest.raises(ValueError, match="Unknown bracketing coder 'zoe'"):
        ag.bracketed_units(export, bracketing_coder="zoe")
    with pytest.raises(ValueError, match="needs bracketing_coder"):
        ag.agreement_report(export, "bracketed")


@pytest.mark.parametrize(("overlap", "segments"), [("iou", 2), ("shorter", 1)])
def test_overlap_units_threshold(overlap, segments):
    # (0, 10) and (0, 6): IoU 0.6, intersection / shorter 1.0.
    pair = [task(1, [annotation(1, [span(0, 10, "Trust")]), annotation(2, [span(0, 6, "Trust")])])]
    units = ag.overlap_units(pair, threshold=0.7, overlap=overlap)
    assert units.n_units == segments
    assert ag.campbell_percent_agreement(units) == (1.0 if segments == 1 else 0.0)
    assert "segment" in units.unit


def test_overlap_units_need_the_same_code(export):
    units = ag.overlap_units(export, threshold=0.5)
    # Trust(0-13) matches Trust(2-12); Trust(14-26) alone; Fear(28-44) and Trust(28-44) differ in
    # code; Fear(46-54) alone: 5 segments, 1 agreed.
    assert units.n_units == 5
    assert ag.campbell_percent_agreement(units) == pytest.approx(1 / 5, abs=1e-12)


def test_character_units_match_brute_force():
    rng = np.random.default_rng(3)
    text = "x" * 300
    tasks = []
    for task_id in range(4):
        annotations = []
        for coder in range(3):
            results = []
            for _ in range(8):
                start = int(rng.integers(0, 280))
                end = int(min(300, start + rng.integers(1, 60)))
                label = str(rng.choice(["A", "B", "C"]))
                results.append(
                    {
                        "id": f"{task_id}{coder}{start}",
                        "type": "labels",
                        "from_name": "code",
                        "to_name": "text",
                        "value": {"start": start, "end": end, "labels": [label]},
                    }
                )
            if not (task_id == 3 and coder == 2):  # coder 2 did not annotate task 3
                annotations.append(annotation(coder, results, annotation_id=task_id * 10 + coder))
        tasks.append(task(task_id, annotations, text=text, turns=None))
    units = ag.character_units(tasks)
    assert units.n_units == 4 * 300 * 3
    # Brute force: one boolean per character, code and coder.
    brute = np.full((3, 4, 3, 300), np.nan)  # coder, task, code, character
    for t in tasks:
        for a in t["annotations"]:
            brute[a["completed_by"], t["id"]] = 0.0
            for r in a["result"]:
                code = "ABC".index(r["value"]["labels"][0])
                brute[a["completed_by"], t["id"], code, r["value"]["start"] : r["value"]["end"]] = 1
    for code_index, code in enumerate("ABC"):
        flat = brute[:, :, code_index, :].reshape(3, -1)
        data, weight = ag.reliability_data(units, code)
        assert weight.sum() == 4 * 300
        assert ag.krippendorff_alpha(data, sample_weight=weight) == pytest.approx(
            ag.krippendorff_alpha(flat), abs=1e-12
        )
        assert ag.percent_agreement(data, sample_weight=weight) == pytest.approx(
            ag.percent_agreement(flat), abs=1e-12
        )
        both = ~np.isnan(flat[0]) & ~np.isnan(flat[2])
        pair = units.items[["code", 0, 2, "weight"]].dropna()
        pair = pair[pair["code"] == code]
        assert ag.cohen_kappa(pair[0], pair[2], sample_weight=pair["weight"]) == pytest.approx(
            cohen_kappa_score(flat[0, both], flat[2, both]), abs=1e-12
        )


def test_turn_units_match_brute_force():
    rng = np.random.default_rng(11)
    text = "y" * 400
    cuts = np.sort(rng.choice(np.arange(5, 395), size=15, replace=False)).tolist()
    turns = [
        {"start": s, "end": e, "speaker": "P"}
        for s, e in zip([0, *cuts], [*cuts, 400], strict=True)
    ]
    annotations = []
    for coder in range(2):
        results = []
        for i in range(25):
            start = int(rng.integers(0, 390))
            end = int(min(400, start + rng.integers(1, 80)))
            label = str(rng.choice(["A", "B"]))
            results.append(
                {
                    "id": f"{coder}-{i}",
                    "type": "labels",
                    "from_name": "code",
                    "to_name": "text",
                    "value": {"start": start, "end": end, "labels": [label]},
                }
            )
        annotations.append(annotation(coder, results, annotation_id=coder + 1))
    tasks = [task(9, annotations, text=text, turns=turns)]
    units = ag.turn_units(tasks, min_overlap=0.3)
    covered = np.zeros((2, 2, 400), dtype=bool)  # coder, code, character
    for a in annotations:
        for r in a["result"]:
            covered[
                a["completed_by"],
                "AB".index(r["value"]["labels"][0]),
                r["value"]["start"] : r["value"]["end"],
            ] = True
    for code_index, code in enumerate("AB"):
        expected = np.array(
            [
                [covered[c, code_index, t["start"] : t["end"]].mean() >= 0.3 for t in turns]
                for c in range(2)
            ],
            dtype=float,
        )
        data, weight = ag.reliability_data(units, code)
        assert ag.krippendorff_alpha(data, sample_weight=weight) == pytest.approx(
            ag.krippendorff_alpha(expected), abs=1e-12
        ) or np.isnan(ag.krippendorff_alpha(expected))
        assert ag.percent_agreement(data, sample_weight=weight) == pytest.approx(
            ag.percent_agreement(expected), abs=1e-12
        )


def test_presence_units(export):
    units = ag.presence_units(export)
    assert units.n_units == 1
    assert "document" in units.unit
    data, _ = ag.reliability_data(units)
    assert data.tolist() == [[1.0, 1.0], [1.0, 1.0]]


def test_latest_annotation_per_coder_and_cancelled_ones_ignored():
    tasks = [
        task(
            1,
            [
                annotation(1, [span(0, 13, "Fear")], 1, updated_at="2024-01-01T00:00:00Z"),
                annotation(1, [span(0, 13, "Trust")], 2, updated_at="2024-02-01T00:00:00Z"),
                annotation(2, [span(0, 13, "Trust")], 3),
                {**annotation(3, [span(0, 13, "Fear")], 4), "was_cancelled": True},
            ],
        )
    ]
    report = ag.agreement_report(tasks, "presence")
    assert report["coders"] == [1, 2]
    assert report["overall"]["percent_agreement"] == 1.0


# ---------------------------------------------------------------------------------------------
# Reports
# ---------------------------------------------------------------------------------------------


def test_report_keys_and_unit_description(export):
    report = ag.agreement_report(export, "turns")
    assert set(report) == {
        "unit",
        "scheme",
        "coders",
        "codes",
        "n_tasks",
        "overall",
        "per_code",
        "per_level",
        "pairwise",
        "disagreements",
    }
    assert report["unit"].startswith("turn:")
    assert report["per_level"] is None
    assert list(report["per_code"].index) == ["Fear", "Trust"]
    overall = report["overall"]
    assert overall["campbell_percent_agreement"] == pytest.approx(1 / 5, abs=1e-12)
    assert overall["n_units"] == 5 and overall["n_units_agreed"] == 2  # turns 1 (none) and 5
    kappa = report["pairwise"]["cohen_kappa"]
    assert kappa.loc[1, "b@example.org"] == kappa.loc["b@example.org", 1]


def test_disagreements_and_negotiated_agreement(export, tmp_path):
    report = ag.agreement_report(export, "turns")
    table = report["disagreements"]
    assert list(table.columns) == [
        "task_id",
        "participant",
        "unit_start",
        "unit_end",
        "text",
        "codes_differing",
        1,
        "b@example.org",
        "outcome",
    ]
    assert table["text"].tolist() == ["They help me.", "I fear the pills.", "No more."]
    assert table[1].tolist() == ["Trust", "Fear", "none"]
    assert table["b@example.org"].tolist() == ["none", "Trust", "Fear"]
    assert table["codes_differing"].tolist() == ["Trust", "Fear; Trust", "Fear"]
    assert (table["participant"] == "P01").all()
    # Round trip through CSV as the user would.
    path = tmp_path / "disagreements.csv"
    table.to_csv(path, index=False)
    filled = pd.read_csv(path)
    filled["outcome"] = ["agreed", "Fear", "disagreed"]
    result = ag.negotiated_agreement(filled, report)
    assert result["initial_agreement"] == pytest.approx(2 / 5, abs=1e-12)
    assert result["negotiated_agreement"] == pytest.approx(4 / 5, abs=1e-12)
    assert (result["n_resolved"], result["n_unresolved"]) == (2, 1)
    assert result["unit"] == report["unit"]


@pytest.mark.parametrize(
    ("outcomes", "message"),
    [
        (["agreed", "", "disagreed"], r"1 disagreement\(s\) have no outcome \(rows 2\)"),
        (["agreed", "Faer", "disagreed"], "Unknown outcome 'Faer' in row 2"),
    ],
)
def test_negotiated_agreement_errors(export, outcomes, message):
    report = ag.agreement_report(export, "turns")
    table = report["disagreements"].copy()
    table["outcome"] = outcomes
    with pytest.raises(ValueError, match=message):
        ag.negotiated_agreement(table, report)
    with pytest.raises(ValueError, match="has 2 rows but the report lists 3"):
        ag.negotiated_agreement(table.iloc[:2], report)
    with pytest.raises(ValueError, match="has no 'outcome' column"):
        ag.negotiated_agreement(table.drop(columns="outcome"), report)


def test_per_level_coarser_levels_agree_more():
    hierarchy = {
        "Trust": ["Relationships", "Trust"],
        "Distrust": ["Relationships", "Distrust"],
        "Fear": ["Emotions", "Fear"],
    }
    tasks = [
        task(
            1,
            [
                annotation(1, [span(0, 13, "Trust"), span(28, 45, "Fear")]),
                annotation(2, [span(0, 13, "Distrust"), span(28, 45, "Fear")]),
            ],
        )
    ]
    report = ag.agreement_report(tasks, "turns", level_of=hierarchy.__getitem__)
    levels = report["per_level"]
    assert list(levels.index) == [1, 2]
    assert levels.loc[1, "n_codes"] == 2 and levels.loc[2, "n_codes"] == 3
    assert levels.loc[1, "campbell_percent_agreement"] == 1.0
    assert levels.loc[2, "campbell_percent_agreement"] == pytest.approx(1 / 3, abs=1e-12)
    assert levels.loc[2, "krippendorff_alpha"] == report["overall"]["krippendorff_alpha"]
    with pytest.raises(ValueError, match=r"level_of\('Distrust'\) must return"):
        ag.agreement_report(tasks, "turns", level_of=lambda code: "Relationships")


def test_coders_who_share_no_task(export):
    tasks = export + [
        task(2, [annotation(1, [span(0, 13, "Trust")]), annotation(3, [span(0, 13, "Trust")])])
    ]
    with pytest.raises(ValueError, match="Coders b@example.org and 3 share no tasks"):
        ag.agreement_report(tasks, "turns", coders=[1, "b@example.org", 3])
    # By default the pair is left empty in the coder x coder matrix.
    report = ag.agreement_report(tasks, "turns")
    assert np.isnan(report["pairwise"]["cohen_kappa"].loc["b@example.org", 3])
    assert report["pairwise"]["n_tasks"].loc["b@example.org", 3] == 0


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"unit": "words"}, "Unknown unit 'words'; use one of turns, sentences"),
        ({"codes": ["Trust"]}, "Unknown code 'Fear' in task 1; the codebook has: Trust"),
        ({"coders": [1, "zoe"]}, "Unknown coder 'zoe'; the export has: 1, b@example.org"),
        ({"coders": [1]}, "two or more coders"),
        ({"min_overlap": 1.5}, "min_overlap must satisfy"),
        ({"threshold": 0, "unit": "overlap"}, "threshold must satisfy 0 < threshold"),
        ({"overlap": "dice", "unit": "overlap"}, "Unknown overlap measure 'dice'"),
        ({"minimum": 1}, "Unknown option 'minimum'"),
        ({"text_key": "body"}, r"Task 1 has no text in data\['body'\]"),
    ],
)
def test_report_input_errors(export, kwargs, message):
    kwargs = {"unit": "turns", **kwargs}
    with pytest.raises(ValueError, match=message):
        ag.agreement_report(export, **kwargs)


def test_export_errors(export):
    no_turns = [task(1, export[0]["annotations"], turns=None)]
    with pytest.raises(ValueError, match=r"Task 1 has no turns in data\['turns'\]"):
        ag.agreement_report(no_turns, "turns")
    bad = json.loads(json.dumps(export))
    bad[0]["annotations"][0]["result"][0]["value"]["end"] = 500
    with pytest.raises(ValueError, match="runs from 2 to 500, outside the text of 60 characters"):
        ag.agreement_report(bad, "turns")
    single = [task(1, export[0]["annotations"][:1])]
    with pytest.raises(ValueError, match="two or more coders"):
        ag.agreement_report(single, "turns")
    with pytest.raises(ValueError, match="a list of tasks"):
        ag.agreement_report("export.json", "turns")


# ---------------------------------------------------------------------------------------------
# Real data: LEOKA Label Studio exports (shared/data, not part of the repository)
# ---------------------------------------------------------------------------------------------


def leoka(path):
    if not path.exists():
        pytest.skip(
            f"Real data not found at {path}; the shared/ folder sits beside the checkout in CI."
        )
    return json.loads(path.read_text(encoding="utf-8"))


LEOKA_FILES = LEOKA or [SHARED / "data" / "leoka" / "LEOKA_team_1.json"]


@pytest.mark.parametrize("path", LEOKA_FILES, ids=lambda p: p.stem)
@pytest.mark.parametrize("unit", ["sentences", "bracketed", "overlap", "characters", "presence"])
def test_leoka_report_end_to_end(path, unit):
    tasks = leoka(path)
    options = {}
    if unit == "bracketed":
        options["bracketing_coder"] = ag.coder_of(tasks[0]["annotations"][0])
    if unit == "sentences":
        options["min_overlap"] = 0  # LEOKA spans are short entities inside sentences
    report = ag.agreement_report(tasks, unit, **options)
    n_shared = sum(
        len({ag.coder_of(a) for a in t["annotations"] if not a["was_cancelled"]}) >= 2
        for t in tasks
    )
    if unit != "bracketed":
        assert report["n_tasks"] == n_shared
    assert report["unit"]
    assert set(report["codes"]) <= {
        "Person",
        "Age",
        "Date",
        "Time",
        "Firearm",
        "Department",
        "Experience",
        "Drugs",
        "Other_weapon",
        "SWAT",
    }
    overall = report["overall"]
    assert 0 <= overall["percent_agreement"] <= 1
    assert 0 <= overall["campbell_percent_agreement"] <= 1
    if unit != "overlap":
        for name in ("cohen_kappa", "fleiss_kappa", "krippendorff_alpha", "gwet_ac1"):
            assert -1 <= overall[name] <= 1, name
    disagreements = report["disagreements"]
    if unit == "characters":
        width = (disagreements["unit_end"] - disagreements["unit_start"]).sum()
        assert width == overall["n_units"] - overall["n_units_agreed"]
    else:
        assert len(disagreements) == overall["n_units"] - overall["n_units_agreed"]
    texts = {t["id"]: t["data"]["text"] for t in tasks}
    sample = disagreements.head(50)
    assert all(
        texts[r.task_id][r.unit_start : r.unit_end] == r.text for r in sample.itertuples()
    ), "disagreement text must come from the offsets, not from value.text"
    pairwise = report["pairwise"]["percent_agreement"]
    assert pairwise.shape == (len(report["coders"]),) * 2


@pytest.mark.parametrize("path", LEOKA_FILES, ids=lambda p: p.stem)
def test_leoka_has_no_turns(path):
    tasks = leoka(path)
    with pytest.raises(ValueError, match=r"has no turns in data\['turns'\]; unit='turns' needs"):
        ag.agreement_report(tasks, "turns")


def test_leoka_character_agreement_uses_offsets_not_value_text():
    tasks = leoka(LEOKA_FILES[0])
    mismatched = sum(
        r["value"].get("text") != t["data"]["text"][r["value"]["start"] : r["value"]["end"]]
        for t in tasks
        for a in t["annotations"]
        for r in a["result"]
        if r["type"] == "labels"
    )
    assert mismatched > 0  # the export is not self-consistent; offsets are what we compare
    units = ag.character_units(tasks)
    for code in units.codes:
        _, weight = ag.reliability_data(units, code)
        assert weight.sum() == sum(len(texts) for texts in units.texts)


def test_leoka_label_studio_agreement_reproduced():
    paths = [p for p in LEOKA_FILES if p.exists()]
    if not paths:
        pytest.skip(f"Real data not found under {SHARED / 'data' / 'leoka'}.")
    errors = []
    for path in paths:
        tasks = leoka(path)
        known = [
            p
            for t in tasks
            for a in t["annotations"]
            for r in a["result"]
            if r["type"] == "taxonomy"
            for p in r["value"]["taxonomy"]
        ]
        ours = np.array([ag.label_studio_task_agreement(t, known) for t in tasks])
        theirs = np.array([t["agreement"] for t in tasks])
        errors.append(ours - theirs)
        # The team figure (mean of the field) to 0.1 points.
        assert ours.mean() == pytest.approx(theirs.mean(), abs=0.1)
    errors = np.concatenate(errors)
    assert np.mean(np.abs(errors) < 1e-9) >= 0.98  # 899 of 910 tasks exactly
    assert np.mean(np.abs(errors)) < 0.05


# ---------------------------------------------------------------------------------------------
# Performance: 100 transcripts x 3 coders x ~20,000 spans in under 5 s
# ---------------------------------------------------------------------------------------------


def synthetic_export(n_tasks=100, n_coders=3, n_spans=20_000, n_codes=30, length=30_000):
    rng = np.random.default_rng(0)
    per_coder = n_spans // (n_tasks * n_coders)
    words = np.array(["We", "trust", "the", "nurse.", "It", "hurts", "and", "Fear"])
    tasks = []
    for task_id in range(n_tasks):
        text = " ".join(rng.choice(words, size=length // 5))[:length]
        cuts = np.sort(rng.choice(np.arange(1, len(text)), size=150, replace=False)).tolist()
        turns = [
            {"start": s, "end": e, "speaker": "P"}
            for s, e in zip([0, *cuts], [*cuts, len(text)], strict=True)
        ]
        base_start = rng.integers(0, len(text) - 400, size=per_coder)
        base_length = rng.integers(20, 400, size=per_coder)
        base_code = rng.integers(0, n_codes, size=per_coder)
        annotations = []
        for coder in range(n_coders):
            jitter = rng.integers(-30, 30, size=(per_coder, 2))
            other = rng.random(per_coder) < 0.2
            start = np.clip(base_start + jitter[:, 0], 0, len(text) - 1)
            end = np.clip(start + np.maximum(base_length + jitter[:, 1], 1), 1, len(text))
            code = np.where(other, rng.integers(0, n_codes, size=per_coder), base_code)
            results = [
                {
                    "id": f"{task_id}-{coder}-{i}",
                    "type": "labels",
                    "from_name": "code",
                    "to_name": "text",
                    "value": {"start": int(s), "end": int(e), "labels": [f"Code {c}"]},
                }
                for i, (s, e, c) in enumerate(zip(start, end, code, strict=True))
            ]
            annotations.append(annotation(coder + 1, results, annotation_id=task_id * 10 + coder))
        tasks.append(task(task_id, annotations, text=text, turns=turns, participant=f"P{task_id}"))
    return tasks


@pytest.fixture(scope="module")
def big_export():
    return synthetic_export()


@pytest.mark.parametrize("unit", ag.UNIT_SCHEMES)
def test_report_performance(big_export, unit):
    options = {"bracketing_coder": 1} if unit == "bracketed" else {}
    n_spans = sum(len(a["result"]) for t in big_export for a in t["annotations"])
    assert n_spans >= 19_000
    start = time.perf_counter()
    report = ag.agreement_report(big_export, unit, **options)
    elapsed = time.perf_counter() - start
    assert elapsed < 5.0, f"{unit}: {elapsed:.2f} s"
    assert report["n_tasks"] == 100


def test_pairwise_matches_per_pair_units(big_export):
    """The coder x coder matrix equals a report restricted to each pair."""
    report = ag.agreement_report(big_export, "presence")
    for first, second in combinations(report["coders"], 2):
        pair = ag.agreement_report(big_export, "presence", coders=[first, second])
        assert report["pairwise"]["cohen_kappa"].loc[first, second] == pytest.approx(
            pair["overall"]["cohen_kappa"], abs=1e-12
        )
