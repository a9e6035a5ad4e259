"""Tests of ls_thematic.scripts.agreement.export: coders, spans and tasks read from an export."""

from __future__ import annotations

import json

import pytest

from ls_thematic.scripts import agreement as ag

from .exports import LEOKA_FILES, annotation, leoka, span, task


def test_coder_of():
    assert ag.coder_of({"completed_by": 5}) == 5
    assert ag.coder_of({"completed_by": {"id": 5, "email": "a@b.org"}}) == "a@b.org"
    assert ag.coder_of({"completed_by": {"id": 5, "email": ""}}) == 5
    with pytest.raises(ValueError, match="has no coder in 'completed_by'"):
        ag.coder_of({"id": 3})


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
