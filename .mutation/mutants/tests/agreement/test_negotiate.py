"""Tests of ls_thematic.scripts.agreement.negotiate: the disagreements and negotiated agreement."""

from __future__ import annotations

import pandas as pd
import pytest

from ls_thematic.scripts import agreement as ag

from .exports import annotation, span, task


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


@pytest.mark.parametrize("suffix", [".csv", ".md"])
def test_disagreements_file_round_trip(tmp_path, suffix):
    # a "|" and a backslash in the text survive the Markdown table (render.py's escaping)
    text = "I trust them. They | help \\ me."
    second = text.index("They")
    turns = [{"start": 0, "end": second - 1}, {"start": second, "end": len(text)}]
    spans = [span(t["start"], t["end"], "Trust", f"r{i}") for i, t in enumerate(turns)]
    for result in spans:
        result["value"]["text"] = text[result["value"]["start"] : result["value"]["end"]]
    tasks = [task(1, [annotation(1, spans), annotation(2, spans[:1])], text=text, turns=turns)]
    report = ag.agreement_report(tasks, "turns")
    path = tmp_path / f"disagreements{suffix}"
    assert ag.write_disagreements(report, str(path)) == 1
    table = ag.read_disagreements(str(path))
    assert table["text"].tolist() == ["They | help \\ me."] and table["negotiated"].tolist() == [""]
    assert list(table.columns)[-3:] == ["1", "2", "negotiated"]
    table["negotiated"] = "agreed"
    result = ag.negotiated_agreement(table, report, outcome_column="negotiated")
    assert result["negotiated_agreement"] == 1.0


def test_disagreements_file_errors(tmp_path):
    with pytest.raises(ValueError, match="no such disagreements file"):
        ag.read_disagreements(str(tmp_path / "none.md"))
    bad = tmp_path / "bad.md"
    bad.write_text("| a | negotiated |\n|---|---|\n| x | y | z |\n")
    with pytest.raises(ValueError, match=r"table row 1 has 3 cells where the header has 2; write '\\\|'"):
        ag.read_disagreements(str(bad))
