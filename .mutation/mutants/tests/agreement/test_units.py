"""Tests of ls_thematic.scripts.agreement.units: every unit scheme, against brute force."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.metrics import cohen_kappa_score

from ls_thematic.scripts import agreement as ag

from .exports import LEOKA_FILES, TEXT, TURNS, annotation, leoka, span, task


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
    # "C" is in the codebook but nobody applied it: alpha is undefined (NaN) there.
    units = ag.turn_units(tasks, min_overlap=0.3, codes=["A", "B", "C"])
    covered = np.zeros((2, 3, 400), dtype=bool)  # coder, code, character
    for a in annotations:
        for r in a["result"]:
            covered[
                a["completed_by"],
                "AB".index(r["value"]["labels"][0]),
                r["value"]["start"] : r["value"]["end"],
            ] = True
    undefined = 0
    for code_index, code in enumerate("ABC"):
        expected = np.array(
            [
                [covered[c, code_index, t["start"] : t["end"]].mean() >= 0.3 for t in turns]
                for c in range(2)
            ],
            dtype=float,
        )
        data, weight = ag.reliability_data(units, code)
        # A NaN expectation (alpha undefined) requires NaN; a number requires that number.
        alpha = ag.krippendorff_alpha(expected)
        undefined += np.isnan(alpha)
        assert ag.krippendorff_alpha(data, sample_weight=weight) == pytest.approx(
            alpha, abs=1e-12, nan_ok=True
        )
        assert ag.percent_agreement(data, sample_weight=weight) == pytest.approx(
            ag.percent_agreement(expected), abs=1e-12
        )
    assert undefined == 1  # code C only: both branches of the check are exercised


def test_presence_units(export):
    units = ag.presence_units(export)
    assert units.n_units == 1
    assert "document" in units.unit
    data, _ = ag.reliability_data(units)
    assert data.tolist() == [[1.0, 1.0], [1.0, 1.0]]


@pytest.mark.parametrize("path", LEOKA_FILES, ids=lambda p: p.stem)
def test_leoka_has_no_turns(path):
    tasks = leoka(path)
    with pytest.raises(ValueError, match=r"has no turns in data\['turns'\]; unit='turns' needs"):
        ag.agreement_report(tasks, "turns")
