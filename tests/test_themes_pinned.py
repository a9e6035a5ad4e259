"""Theme tables pinned value by value where the first tests left rules open: a codebook without
headings, a codebook listing "Unsure – revisit" first, the unknown-code message, the saturation
frame column by column, and ``theme_table``'s ``segments`` table and ``origin`` wording.
"""

from __future__ import annotations

import pandas as pd
import pytest

from ls_thematic.label_config.codebook import UNSURE, Codebook
from ls_thematic.label_config.codebook_io import load_codebook
from ls_thematic.scripts.snapshot import (
    ORIGIN_LABELS,
    SnapshotError,
    as_snapshot,
    participants,
    segments,
)
from ls_thematic.scripts.themes import (
    check_codes,
    cooccurrence,
    counts_by_attribute,
    display_depth,
    level_of,
    participants_by_attribute,
    saturation,
    segment_counts,
    theme_depth,
    theme_participant_matrix,
    theme_table,
)

from .conftest import EXAMPLES

TEXT = "aaaa bbbb cccc dddd"
AFRAID, WORST, STUCK = "Afraid to reduce", "Worst withdrawal", "Reduction gets stuck"


@pytest.fixture(scope="module")
def book():
    return load_codebook(EXAMPLES / "thesis_codebook.yaml")


def _span(rid, start, end, code, origin=None):
    result = {
        "id": rid,
        "from_name": "code",
        "to_name": "text",
        "type": "labels",
        "value": {"start": start, "end": end, "text": TEXT[start:end], "labels": [code]},
    }
    if origin:
        result["origin"] = origin
    return result


def _task(task_id, pid, spans, created_at=None, role="Nurse"):
    annotation = {"id": task_id, "completed_by": 1, "ground_truth": True, "result": spans}
    if created_at:
        annotation["created_at"] = created_at
    return {
        "id": task_id,
        "data": {"text": TEXT, "participant": pid, "attributes": {"role": role}},
        "annotations": [annotation],
    }


# --------------------------------------------------------------------------- hierarchy
def test_a_codebook_without_headings_has_theme_depth_zero():
    flat = Codebook.from_dict(
        {
            "levels": ["theme", "sub-theme"],
            "codes": [{"name": "Alpha", "children": [{"name": "Beta"}]}, {"name": "Gamma"}],
        }
    )
    assert theme_depth(flat) == 0
    assert [display_depth(flat, n) for n in ("Alpha", "Beta", "Gamma")] == [0, 1, 0]
    assert level_of(flat, "Beta") == "sub-theme"


def test_the_thesis_codebook_shows_its_independent_theme_at_theme_level(book):
    assert theme_depth(book) == 2
    assert display_depth(book, "Frustration") == 2 and level_of(book, "Frustration") == "theme"


def test_an_unsure_code_listed_first_leaves_only_its_own_row_out():
    listed = Codebook.from_dict({"codes": [{"name": UNSURE}, {"name": "Alpha"}, {"name": "Beta"}]})
    seg = segments([_task(1, "P1", [_span("a", 0, 4, "Alpha")])])
    assert theme_participant_matrix(seg, listed)["code"].tolist() == ["Alpha", "Beta"]
    hidden = theme_participant_matrix(seg, listed, include_unsure=False)
    assert hidden["code"].tolist() == ["Alpha", "Beta"]
    shown = theme_participant_matrix(seg, listed, include_unsure=True)
    assert shown["code"].tolist() == [UNSURE, "Alpha", "Beta"]
    assert segment_counts(seg, listed)["code"].tolist() == ["Alpha", "Beta"]
    used = segments([_task(1, "P1", [_span("a", 0, 4, UNSURE)])])
    assert theme_participant_matrix(used, listed)["code"].tolist() == [UNSURE, "Alpha", "Beta"]


def test_unknown_codes_are_named_with_their_tasks_in_natural_order():
    small = Codebook.from_dict({"title": "Small", "codes": [{"name": "Alpha"}]})
    seg = pd.DataFrame(
        {"code": ["Zed", "Alpha", "Zed", "Old", "Zed"], "task_id": ["T10", "T1", "T2", "T3", "T10"]}
    )
    with pytest.raises(SnapshotError) as caught:
        check_codes(seg, small)
    assert str(caught.value) == (
        "The segments use 2 code(s) that the codebook 'Small' does not have: 'Old' (tasks T3); "
        f"'Zed' (tasks T2, T10). The codebook has: Alpha, {UNSURE}. Was the snapshot taken "
        "from a project with another codebook? Pass that codebook with --codebook."
    )
    check_codes(seg[seg["code"] == "Alpha"], small)  # known codes pass


def test_participants_by_attribute_counts_are_ints_even_for_one_group():
    people = pd.DataFrame({"participant": ["P1", "P2"], "role": ["Nurse", "Nurse"]})
    table = participants_by_attribute(people, "role")
    assert table.to_dict("records") == [{"role": "Nurse", "N": 2}, {"role": "Total", "N": 2}]
    assert table["N"].dtype.kind == "i"


# --------------------------------------------------------------------------- saturation
SATURATION_COLUMNS = [
    "position",
    "task_id",
    "participant",
    "first_coded_at",
    "codes",
    "new_codes",
    "cumulative_codes",
    "new_code_names",
]


def _coded_in_time():
    return [
        _task(
            3,
            "P10",
            [_span("a", 5, 9, WORST), _span("b", 0, 4, AFRAID)],
            "2024-03-01T10:00:00+01:00",
        ),  # read in UTC: the same time as P2's
        _task(
            1,
            "P2",
            [_span("c", 0, 4, AFRAID), _span("d", 5, 9, STUCK)],
            "2024-03-01T09:00:00+00:00",
        ),  # same time as P10: P2 first by natural order
        _task(2, "P1", [_span("e", 0, 4, STUCK)], "2024-02-01 08:30:00Z"),  # another format
        _task(4, "P3", [_span("f", 0, 4, AFRAID)], "unknown"),  # no time: last
    ]


def test_saturation_frame_value_by_value():
    curve = saturation(segments(_coded_in_time()))
    assert list(curve.columns) == SATURATION_COLUMNS
    records = curve.to_dict("records")
    assert pd.isna(records[3].pop("first_coded_at"))  # no creation time
    assert records == [
        {
            "position": 1,
            "task_id": 2,
            "participant": "P1",
            "first_coded_at": "2024-02-01T08:30:00+00:00",
            "codes": 1,
            "new_codes": 1,
            "cumulative_codes": 1,
            "new_code_names": STUCK,
        },
        {
            "position": 2,
            "task_id": 1,
            "participant": "P2",
            "first_coded_at": "2024-03-01T09:00:00+00:00",
            "codes": 2,
            "new_codes": 1,
            "cumulative_codes": 2,
            "new_code_names": AFRAID,
        },
        {
            "position": 3,
            "task_id": 3,
            "participant": "P10",
            "first_coded_at": "2024-03-01T09:00:00+00:00",
            "codes": 2,
            "new_codes": 1,
            "cumulative_codes": 3,
            "new_code_names": WORST,
        },
        {
            "position": 4,
            "task_id": 4,
            "participant": "P3",
            "codes": 1,
            "new_codes": 0,
            "cumulative_codes": 3,
            "new_code_names": "",
        },
    ]


def test_saturation_order_takes_task_ids_as_text_and_participants():
    seg = segments(_coded_in_time())
    curve = saturation(seg, order=["3", "P3", 3])
    assert curve["task_id"].tolist() == [3, 4, 2, 1]
    assert curve["position"].tolist() == [1, 2, 3, 4]
    # the first transcript's codes are new in the order of the text: AFRAID before WORST
    assert curve.at[0, "new_code_names"] == f"{AFRAID}; {WORST}"
    with pytest.raises(
        SnapshotError,
        match=r"names '9', which is neither a coded task id nor "
        r"a participant; the coded transcripts are: 2 \(P1\), 1 \(P2\), 3 \(P10\), "
        r"4 \(P3\)\.$",
    ):
        saturation(seg, order=["9"])


def test_saturation_of_no_segments_is_an_empty_frame_with_the_columns():
    empty = segments(_coded_in_time()).iloc[0:0]
    curve = saturation(empty)
    assert list(curve.columns) == SATURATION_COLUMNS and len(curve) == 0


# --------------------------------------------------------------------------- theme_table
def _origin_document():
    return {
        "project": {"title": "Origins"},
        "tasks": [
            _task(
                1,
                "P1",
                [
                    _span("a", 0, 4, AFRAID, "prediction"),
                    _span("b", 5, 9, WORST, "manual"),
                    _span("c", 10, 14, AFRAID, "prediction-changed"),
                ],
                "2024-01-01T10:00:00+00:00",
            ),
            _task(
                2,
                "P2",
                [_span("d", 0, 4, AFRAID, "prediction")],
                "2024-01-02T10:00:00+00:00",
                role="Doctor",
            ),
        ],
    }


SEGMENTS_UNIT = (
    "coded segment: segments with the code{how}; accepted suggestions: those the "
    "coder kept unchanged from a suggestion"
)


@pytest.mark.parametrize("rollup", [False, True])
def test_the_segments_table_counts_spans_and_accepted_suggestions(book, rollup):
    snapshot = as_snapshot(_origin_document())
    frame, about = theme_table(snapshot, book, "segments", rollup=rollup)
    how = " or a code beneath it" if rollup else " (headings: with any code beneath)"
    assert about == {
        "table": "segments",
        "codebook": book.title,
        "coders": "reconciled",
        "origin": "all",
        "project": "Origins",
        "unit": SEGMENTS_UNIT.format(how=how),
    }
    rows = frame.set_index("code")
    assert rows.loc[AFRAID, ["segments", "accepted suggestions"]].tolist() == [3, 2]
    assert rows.loc[WORST, ["segments", "accepted suggestions"]].tolist() == [1, 0]
    assert frame.equals(segment_counts(segments(snapshot, "reconciled"), book, rollup=rollup))
    stuck = rows.loc[STUCK, ["segments", "accepted suggestions"]].tolist()
    assert stuck == [0, 0]


def test_segment_counts_roll_up_and_headings(book):
    seg = segments(
        [
            _task(
                1,
                "P1",
                [
                    _span("a", 0, 4, STUCK, "prediction"),
                    _span("b", 5, 9, "Last bit is worst", "prediction"),
                ],
            )
        ]
    )
    own = segment_counts(seg, book).set_index("code")
    rolled = segment_counts(seg, book, rollup=True).set_index("code")
    assert own.at[STUCK, "segments"] == 1 and own.at[STUCK, "accepted suggestions"] == 1
    assert rolled.at[STUCK, "segments"] == 2 and rolled.at[STUCK, "accepted suggestions"] == 2
    heading = book.path_of(STUCK)[0]
    assert own.at[heading, "segments"] == 2 and own.at[heading, "accepted suggestions"] == 2
    plain = segment_counts(seg.drop(columns="origin"), book).set_index("code")
    assert plain.at[STUCK, "accepted suggestions"] == 0 and plain.at[STUCK, "segments"] == 1


@pytest.mark.parametrize("origin", ["manual", "accepted"])
def test_every_table_but_participants_says_which_segments_it_counts(book, origin):
    snapshot = as_snapshot(_origin_document())
    seg = segments(snapshot, "reconciled", origin=origin)
    suffix = f"; counting {ORIGIN_LABELS[origin]}"
    expected_frames = {
        "matrix": theme_participant_matrix(seg, book, participants(snapshot)),
        "by-attribute": counts_by_attribute(seg, book, "role", participants(snapshot)),
        "cooccurrence": cooccurrence(seg, book, "segment").reset_index(),
        "saturation": saturation(seg),
        "segments": segment_counts(seg, book),
    }
    for table, expected in expected_frames.items():
        frame, about = theme_table(snapshot, book, table, origin=origin)
        assert about["origin"] == origin
        assert about["unit"].endswith(suffix) and about["unit"].count("; counting") == 1, table
        assert frame.equals(expected), table
        plain = theme_table(snapshot, book, table)[1]["unit"]
        assert about["unit"] == plain + suffix
    frame, about = theme_table(snapshot, book, "participants", origin=origin)
    assert about == {
        "table": "participants",
        "codebook": book.title,
        "coders": "reconciled",
        "origin": origin,
        "project": "Origins",
        "unit": "participant",
        "attribute": "role",
    }
    assert frame.to_dict("records") == [
        {"role": "Doctor", "N": 1},
        {"role": "Nurse", "N": 1},
        {"role": "Total", "N": 2},
    ]


def test_an_unknown_origin_is_refused(book):
    with pytest.raises(ValueError, match=r"origin 'mine'"):
        theme_table(as_snapshot(_origin_document()), book, "matrix", origin="mine")
