"""Theme tables: the thesis's Table 2, counts by attribute, co-occurrence, saturation."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from click.testing import CliRunner

from ls_thematic.scripts.cli import main
from ls_thematic.scripts.snapshot import SnapshotError, participants, segments
from ls_thematic.scripts.themes import (
    MARK,
    cooccurrence,
    counts_by_attribute,
    participants_by_attribute,
    saturation,
    theme_participant_matrix,
)

from .writeup_data import demo_snapshot, table2_marks, table2_snapshot, thesis_book


@pytest.fixture(scope="module")
def book():
    return thesis_book()


@pytest.fixture(scope="module")
def table2_file(tmp_path_factory, book):
    path = tmp_path_factory.mktemp("table2") / "snapshot.json"
    path.write_text(json.dumps(table2_snapshot(book)), encoding="utf-8")
    return path


def test_themes_command_reproduces_table2(table2_file):
    """Annotations reproducing Table 2's marks give its N column through `ls-thematic themes`."""
    people, marks, published = table2_marks()
    result = CliRunner().invoke(
        main, ["themes", "--snapshot", str(table2_file), "--format", "json", "-o", "-"],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    rows = {row["code"]: row for row in document["rows"]}
    assert document["columns"][4:-1] == people  # P1..P18 in natural order
    for theme, n in published.items():
        assert rows[theme]["N"] == n, theme
        assert [p for p in people if rows[theme][p] == MARK] == marks[theme]
    assert "participant" in document["unit"]
    # rows follow the hierarchy: domain > sub-domain > theme > sub-theme
    assert [rows[c]["level"] for c in ("Patients' motivation", "Function", "Need it for function",
                                       "Reduction gets stuck", "Last bit is worst")] == [
        "domain", "sub-domain", "theme", "theme", "sub-theme"]
    assert rows["Patients' motivation"]["N"] == 17  # headings: anyone coded beneath them
    assert rows["The work is more complicated"]["N"] == 18


def test_table2_text_table_shows_x_marks_and_n(table2_file):
    result = CliRunner().invoke(main, ["themes", "--snapshot", str(table2_file)])
    assert result.exit_code == 0, result.output
    line = next(x for x in result.output.splitlines() if x.strip().startswith("Afraid to reduce"))
    assert line.split()[-1] == "16" and line.count("x") == 16
    assert "    Afraid to reduce" in line  # indented by depth


def test_sub_themes_count_only_their_own_segments(book):
    seg = segments(table2_snapshot(book))
    own = theme_participant_matrix(seg, book).set_index("code")
    rolled = theme_participant_matrix(seg, book, rollup=True).set_index("code")
    # Table 2: P1 endorses "Harder to assess" but not its parent "Prescribing more complex"
    assert own.at["Prescribing more complex", "P1"] == ""
    assert own.at["Harder to assess", "P1"] == MARK
    assert rolled.at["Prescribing more complex", "P1"] == MARK
    assert rolled.at["Prescribing more complex", "N"] > own.at["Prescribing more complex", "N"]


def test_participants_without_codes_still_get_a_column(book):
    document = table2_snapshot(book)
    document["tasks"][2]["annotations"] = []  # P3 uncoded
    seg = segments(document)
    matrix = theme_participant_matrix(seg, book, participants(document))
    assert "P3" in matrix.columns and (matrix["P3"] == "").all()


def test_counts_by_attribute_and_participants_by_attribute(book):
    document = demo_snapshot(book)
    seg, people = segments(document, "reconciled"), participants(document)
    table1 = participants_by_attribute(people, "role")
    assert table1.iloc[-1].tolist() == ["Total", 6]
    assert dict(zip(table1["role"], table1["N"], strict=True))["Manager"] == 2
    counts = counts_by_attribute(seg, book, "role", people).set_index("code")
    groups = ["Manager", "Mental health nurse", "Recovery practitioner"]
    assert (counts[groups].sum(axis=1) == counts["N"]).all()
    with pytest.raises(SnapshotError, match="no attribute 'age'; they have: role, years_experience, gender"):
        counts_by_attribute(seg, book, "age", people)


def test_cooccurrence_by_segment_and_participant(book):
    text = "aaaa bbbb cccc"
    spans = [(0, 9, "Afraid to reduce"), (5, 14, "Worst withdrawal"), (0, 4, "Worst withdrawal")]
    result = [{"id": f"r{i}", "from_name": "code", "to_name": "text", "type": "labels",
               "value": {"start": s, "end": e, "labels": [c]}} for i, (s, e, c) in enumerate(spans)]
    tasks = [{"id": 1, "data": {"text": text, "participant": "P1"},
              "annotations": [{"id": 1, "completed_by": 1, "result": result}]}]
    seg = segments(tasks)
    by_segment = cooccurrence(seg, book, "segment")
    assert by_segment.loc["Afraid to reduce", "Worst withdrawal"] == 2  # both overlap the first
    assert by_segment.loc["Worst withdrawal", "Worst withdrawal"] == 2
    by_participant = cooccurrence(seg, book, "participant")
    assert by_participant.loc["Afraid to reduce", "Worst withdrawal"] == 1
    assert (by_segment.to_numpy() == by_segment.to_numpy().T).all()
    with pytest.raises(SnapshotError, match="unit='turn' is not allowed"):
        cooccurrence(seg, book, "turn")


def test_saturation_follows_the_coding_order(book):
    seg = segments(table2_snapshot(book))
    curve = saturation(seg)
    assert curve["participant"].tolist()[:3] == ["P1", "P2", "P3"]  # by annotation time
    assert curve["cumulative_codes"].is_monotonic_increasing
    assert curve["new_codes"].sum() == curve["cumulative_codes"].iloc[-1] == 17
    reordered = saturation(seg, order=["P18", "P4"])
    assert reordered["participant"].tolist()[:3] == ["P18", "P4", "P1"]
    assert reordered.iloc[0]["new_codes"] == reordered.iloc[0]["codes"]
    with pytest.raises(SnapshotError, match="names 'P99', which is neither"):
        saturation(seg, order=["P99"])


@pytest.mark.parametrize("table", ["matrix", "by-attribute", "participants", "cooccurrence", "saturation"])
@pytest.mark.parametrize("fmt", ["table", "csv", "md", "json"])
def test_every_table_in_every_format(table2_file, table, fmt):
    result = CliRunner().invoke(
        main, ["themes", "--snapshot", str(table2_file), "--table", table, "--format", fmt],
    )
    assert result.exit_code == 0, result.output
    if fmt == "json":
        document = json.loads(result.stdout)
        assert document["table"] == table and document["unit"] and document["rows"]
    elif fmt == "csv":
        from io import StringIO

        assert len(pd.read_csv(StringIO(result.stdout))) > 0
    elif fmt == "md":
        assert "| --- |" in result.stdout
