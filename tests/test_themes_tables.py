"""The theme tables' shapes and orders, value by value: columns, dtypes, index, sort order,
groups with no coded member, co-occurrence of overlapping spans, and the unit each table states.
"""

from __future__ import annotations

import pytest

from ls_thematic.label_config.codebook import UNSURE
from ls_thematic.label_config.codebook_io import load_codebook
from ls_thematic.scripts.snapshot import SnapshotError, as_snapshot, participants, segments
from ls_thematic.scripts.themes import (
    MATRIX_LEAD,
    cooccurrence,
    counts_by_attribute,
    matrix_participants,
    participants_by_attribute,
    theme_participant_matrix,
    theme_table,
)

from .conftest import EXAMPLES

AFRAID, WORST, STUCK = "Afraid to reduce", "Worst withdrawal", "Reduction gets stuck"
LAST_BIT = "Last bit is worst"  # a sub-theme of STUCK
TEXT = "aaaa bbbb cccc dddd eeee ffff"


def _span(rid: str, start: int, end: int, code: str) -> dict:
    return {"id": rid, "from_name": "code", "to_name": "text", "type": "labels",
            "value": {"start": start, "end": end, "text": TEXT[start:end], "labels": [code]}}


def _task(task_id: int, pid: str, attributes: dict, spans: list[dict]) -> dict:
    return {"id": task_id, "data": {"text": TEXT, "participant": pid, "attributes": attributes},
            "annotations": [{"id": task_id, "completed_by": 1, "ground_truth": True,
                             "result": spans}]}


@pytest.fixture(scope="module")
def book():
    return load_codebook(EXAMPLES / "thesis_codebook.yaml")


@pytest.fixture(scope="module")
def tasks():
    return [
        _task(1, "P1", {"role": "Nurse", "band": "9"}, [_span("a", 0, 4, AFRAID)]),
        _task(2, "P2", {"role": "Doctor", "band": "10"}, [_span("b", 0, 4, AFRAID),
                                                          _span("c", 5, 9, WORST)]),
        _task(3, "P3", {"role": "Nurse", "band": "10"}, [_span("d", 0, 4, WORST),
                                                         _span("f", 5, 9, LAST_BIT)]),
        _task(4, "P4", {"role": "Doctor", "band": "9"}, []),
        _task(5, "P5", {"role": "Manager", "band": "9"}, []),    # a group nobody coded in
        _task(6, "P6", {"role": "", "band": "10"}, [_span("e", 0, 4, STUCK)]),
    ]


def test_matrix_participants_are_the_participant_columns_only(tasks, book):
    matrix = theme_participant_matrix(segments(tasks), book, participants(tasks))
    assert list(matrix.columns[: len(MATRIX_LEAD)]) == MATRIX_LEAD
    assert matrix_participants(matrix) == ["P1", "P2", "P3", "P4", "P5", "P6"]
    assert list(matrix.columns) == [*MATRIX_LEAD, "P1", "P2", "P3", "P4", "P5", "P6", "N"]


def test_participants_by_attribute_sorts_by_n_then_name_with_a_total(tasks):
    table = participants_by_attribute(participants(tasks), "role")
    assert table.to_dict("records") == [
        {"role": "Doctor", "N": 2}, {"role": "Nurse", "N": 2}, {"role": "(missing)", "N": 1},
        {"role": "Manager", "N": 1}, {"role": "Total", "N": 6},
    ]
    assert list(table.index) == [0, 1, 2, 3, 4]
    assert table["N"].dtype.kind == "i"
    assert list(participants_by_attribute(participants(tasks)).columns) == ["role", "N"]


def test_counts_by_attribute_keeps_groups_nobody_coded_in(tasks, book):
    counts = counts_by_attribute(segments(tasks), book, "role", participants(tasks))
    assert counts.attrs["attribute"] == "role"
    assert list(counts.columns) == [*MATRIX_LEAD, "(missing)", "Doctor", "Manager", "Nurse", "N"]
    rows = counts.set_index("code")
    assert rows.loc[AFRAID, ["Doctor", "Nurse", "Manager", "N"]].tolist() == [1, 1, 0, 2]
    assert rows.loc[WORST, ["Doctor", "Nurse", "Manager", "N"]].tolist() == [1, 1, 0, 2]
    assert rows.at[STUCK, "(missing)"] == 1
    assert all(counts[c].dtype.kind == "i" for c in ["Doctor", "Manager", "Nurse", "N"])
    # without the participant list only the groups with segments are there
    plain = counts_by_attribute(segments(tasks), book, "role")
    assert "Manager" not in plain.columns and plain.attrs["attribute"] == "role"
    assert (plain["N"].to_numpy() == counts["N"].to_numpy()).all()


def test_counts_by_attribute_defaults_and_options(tasks, book):
    seg, people = segments(tasks), participants(tasks)
    default = counts_by_attribute(seg, book, participants=people)
    assert default.attrs["attribute"] == "role"
    assert UNSURE not in set(default["code"])
    with_unsure = counts_by_attribute(seg, book, "role", people, include_unsure=True)
    assert UNSURE in set(with_unsure["code"])
    rolled = counts_by_attribute(seg, book, "role", people, rollup=True).set_index("code")
    assert rolled.at[STUCK, "N"] == 2 and rolled.at[STUCK, "Nurse"] == 1  # P3 by its sub-theme
    own = default.set_index("code")
    assert own.at[STUCK, "N"] == 1 and own.at[STUCK, "Nurse"] == 0  # each code on its own
    assert rolled.at["Hardest drug to come off", "N"] == own.at["Hardest drug to come off", "N"]


def test_groups_are_in_natural_order(tasks, book):
    counts = counts_by_attribute(segments(tasks), book, "band", participants(tasks))
    assert list(counts.columns[len(MATRIX_LEAD):]) == ["9", "10", "N"]


def test_cooccurrence_counts_overlapping_pairs_of_different_codes(book):
    # one coder: three spans overlapping each other, two of them with the same code
    spans = [_span("r1", 0, 9, AFRAID), _span("r2", 2, 12, WORST), _span("r3", 3, 14, AFRAID),
             _span("r4", 14, 19, WORST)]  # r4 touches r3 without overlapping
    seg = segments([_task(1, "P1", {}, spans)])
    table = cooccurrence(seg, book, "segment")
    assert table.index.name == "code"
    assert table.attrs["unit"] == "segment"
    assert list(table.index) == list(table.columns) == [AFRAID, WORST]
    assert table.to_numpy().dtype.kind == "i"
    assert table.at[AFRAID, AFRAID] == 2 and table.at[WORST, WORST] == 2
    assert table.at[AFRAID, WORST] == table.at[WORST, AFRAID] == 2  # r1-r2 and r2-r3
    assert cooccurrence(seg, book).equals(table)  # by segment unless told
    by_participant = cooccurrence(seg, book, "participant")
    assert by_participant.attrs["unit"] == "participant"
    assert by_participant.index.name == "code"
    assert by_participant.to_numpy().tolist() == [[1, 1], [1, 1]]


def test_cooccurrence_looks_past_a_span_of_the_same_code(book):
    spans = [_span("r1", 0, 9, AFRAID), _span("r2", 1, 9, AFRAID), _span("r3", 2, 9, WORST)]
    table = cooccurrence(segments([_task(1, "P1", {}, spans)]), book)
    assert table.at[AFRAID, WORST] == 2  # r1-r3 and r2-r3


@pytest.mark.parametrize(
    ("coders", "rollup", "who", "beneath"),
    [("reconciled", False, "reconciled", ""),
     (["a@example.org", "b@example.org"], True, "a@example.org, b@example.org",
      " or with a code beneath it")],
)
def test_theme_table_states_its_unit(book, coders, rollup, who, beneath):
    document = {"tasks": [
        {"id": 1, "data": {"text": TEXT, "participant": "P1", "attributes": {"role": "Nurse"}},
         "annotations": [{"id": 1, "completed_by": {"id": 1, "email": "a@example.org"},
                          "result": [_span("x", 0, 4, AFRAID)]},
                         {"id": 2, "completed_by": {"id": 2, "email": "b@example.org"},
                          "result": [_span("y", 0, 4, WORST)]}]}],
        "project": {"title": "Units"}}
    snapshot = as_snapshot(document)
    expected = ("participant: endorses a code when at least one segment of their transcript is "
                f"coded with it{beneath} (coders: {who})")
    for table in ("matrix", "by-attribute"):
        _, about = theme_table(snapshot, book, table, coders=coders, rollup=rollup)
        assert about["unit"] == expected
        assert about["table"] == table and about["project"] == "Units"
        assert about["codebook"] == book.title and about["coders"] == coders
    _, about = theme_table(snapshot, book, "participants", coders=coders)
    assert about["unit"] == "participant" and about["attribute"] == "role"
    _, about = theme_table(snapshot, book, "cooccurrence", coders=coders)
    assert about["unit"].startswith("segment: pairs of overlapping coded spans")
    _, about = theme_table(snapshot, book, "cooccurrence", coders=coders, unit="participant")
    assert about["unit"].startswith("participant: participants endorsing both codes")
    _, about = theme_table(snapshot, book, "saturation", coders=coders)
    assert about["unit"] == "transcript, in coding order (first annotation's creation time)"
    with pytest.raises(ValueError, match="Unknown theme table 'pie'; use one of matrix, "):
        theme_table(snapshot, book, "pie")


def test_an_unknown_attribute_is_refused_with_the_attributes_there_are(tasks, book):
    seg = segments(tasks)
    with pytest.raises(SnapshotError, match=r"no attribute 'age'; they have: role, band\.$"):
        counts_by_attribute(seg, book, "age")
    with pytest.raises(SnapshotError, match=r"no attribute 'age'; they have: role, band\.$"):
        counts_by_attribute(seg, book, "age", participants(tasks))
    bare = [_task(1, "P1", {}, [_span("a", 0, 4, AFRAID)])]
    with pytest.raises(SnapshotError, match=r"no attribute 'role'; they have: no attributes\.$"):
        counts_by_attribute(segments(bare), book)
    with pytest.raises(SnapshotError, match=r"no attribute 'role'; they have: no attributes\.$"):
        participants_by_attribute(participants(bare))


def test_a_region_in_two_annotations_of_one_coder_counts_once(book):
    task = _task(1, "P1", {}, [_span("r1", 0, 9, AFRAID), _span("r2", 2, 12, WORST)])
    task["annotations"].append({"id": 2, "completed_by": 1, "result": [
        _span("r1", 0, 9, AFRAID), _span("r2", 2, 12, WORST)]})  # an updated copy of it
    table = cooccurrence(segments([task], "all"), book)
    assert table.at[AFRAID, AFRAID] == 1 and table.at[AFRAID, WORST] == 1
