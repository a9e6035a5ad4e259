"""Tests of ls_thematic.scripts.agreement.report: the report, its levels, pairs and speed."""

from __future__ import annotations

import time
from itertools import combinations

import numpy as np
import pytest

from ls_thematic.scripts import agreement as ag

from .exports import LEOKA_FILES, annotation, leoka, span, task


def test_campbell_percent_agreement(export):
    # (unit, code) pairs either coder applied: (0,T) (14,T) (28,F) (28,T) (46,F); both: (0,T).
    units = ag.turn_units(export)
    assert ag.campbell_percent_agreement(units) == pytest.approx(1 / 5, abs=1e-12)
    assert ag.campbell_percent_agreement(units, code="Trust") == pytest.approx(1 / 3, abs=1e-12)


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
        "units",
    }
    assert report["units"].unit == report["unit"]
    assert report["unit"].startswith("turn:")
    assert report["per_level"] is None
    assert list(report["per_code"].index) == ["Fear", "Trust"]
    overall = report["overall"]
    assert overall["campbell_percent_agreement"] == pytest.approx(1 / 5, abs=1e-12)
    assert overall["n_units"] == 5 and overall["n_units_agreed"] == 2  # turns 1 (none) and 5
    kappa = report["pairwise"]["cohen_kappa"]
    assert kappa.loc[1, "b@example.org"] == kappa.loc["b@example.org", 1]


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


@pytest.mark.parametrize("unit", ag.UNIT_SCHEMES)
def test_report_performance(big_export, unit):
    options = {"bracketing_coder": 1} if unit == "bracketed" else {}
    n_spans = sum(len(a["result"]) for t in big_export for a in t["annotations"])
    assert n_spans >= 19_000
    start = time.perf_counter()
    report = ag.agreement_report(big_export, unit, **options)
    elapsed = time.perf_counter() - start
    # A guard against a quadratic slip, not the speed target: that (< 5 s on an idle machine)
    # is measured by benchmarks/bench_agreement.py and written to docs/benchmarks.md.
    assert elapsed < 20.0, f"{unit}: {elapsed:.2f} s"
    assert report["n_tasks"] == 100


def test_pairwise_matches_per_pair_units(big_export):
    """The coder x coder matrix equals a report restricted to each pair."""
    report = ag.agreement_report(big_export, "presence")
    for first, second in combinations(report["coders"], 2):
        pair = ag.agreement_report(big_export, "presence", coders=[first, second])
        assert report["pairwise"]["cohen_kappa"].loc[first, second] == pytest.approx(
            pair["overall"]["cohen_kappa"], abs=1e-12
        )
