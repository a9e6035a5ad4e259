"""Rules of the unit helpers: option checks, collapsed rows, overlapping brackets, intervals.

Expected values are worked out by hand in the comments, or by brute force over characters.
"""

from __future__ import annotations

import numpy as np
import pytest

from ls_thematic.scripts import agreement as ag
from ls_thematic.scripts.agreement.units.base import check_fraction
from ls_thematic.scripts.agreement.units.build import units_from_export
from ls_thematic.scripts.agreement.units.intervals import covered_length, merge_intervals

from .exports import annotation, span, task


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (float("nan"), r"^min_overlap must be a number between 0 and 1; found nan\.$"),
        ("0.5", r"^min_overlap must be a number between 0 and 1; found '0\.5'\.$"),
        (True, r"^min_overlap must be a number between 0 and 1; found True\.$"),
        (-0.1, r"^min_overlap must satisfy 0 <= min_overlap <= 1; found -0\.1\.$"),
        (1.01, r"^min_overlap must satisfy 0 <= min_overlap <= 1; found 1\.01\.$"),
    ],
)
def test_check_fraction_messages(value, message):
    with pytest.raises(ValueError) as error:
        check_fraction(value, "min_overlap", allow_zero=True)
    assert error.match(message)


def test_check_fraction_bounds_are_inclusive_at_one():
    assert check_fraction(1, "threshold", allow_zero=False) == 1.0
    assert check_fraction(0, "min_overlap", allow_zero=True) == 0.0
    with pytest.raises(ValueError, match=r"^threshold must satisfy 0 < threshold <= 1; found 0\."):
        check_fraction(0.0, "threshold", allow_zero=False)


def pair(first, second):
    return [task(1, [annotation(1, first, 1), annotation(2, second, 2)])]


def test_a_whole_unit_is_needed_at_min_overlap_one(export):
    # Turn (0, 13): coder 1 covers 12 of 13 characters, coder 2 all 13.
    units = units_from_export(pair([span(0, 12, "T")], [span(0, 13, "T")]), min_overlap=1.0)
    coded = units.items[units.items["unit_id"] >= 0]
    assert coded[[1, 2]].values.tolist() == [[0.0, 1.0]]
    assert units_from_export(export, "overlap", threshold=1).n_units == 6.0


def test_collapsed_rows_have_unit_id_minus_one(export):
    units = ag.turn_units(export)
    collapsed = units.items[units.items["unit_start"] < 0]
    assert collapsed["unit_id"].tolist() == [-1, -1]
    assert collapsed["weight"].tolist() == [3.0, 2.0]


def test_reliability_data_names_the_codes(export):
    with pytest.raises(ValueError) as error:
        ag.reliability_data(ag.turn_units(export), "Zeal")
    assert error.match(r"^Unknown code 'Zeal'; the codes are: Fear, Trust\.$")


def test_unknown_overlap_measure_message(export):
    with pytest.raises(ValueError) as error:
        units_from_export(export, "overlap", overlap="dice")
    assert error.match(
        r"^Unknown overlap measure 'dice'; use 'iou' \(intersection over union\) or 'shorter' "
        r"\(intersection over the shorter span\)\.$"
    )


def test_overlapping_brackets_are_units_of_their_own():
    # Coder 1 brackets (0, 30), (10, 20) (nested in it) and (25, 45): the units overlap.
    tasks = pair(
        [span(0, 30, "T"), span(10, 20, "F"), span(25, 45, "F")],
        [span(12, 19, "T"), span(26, 45, "F")],
    )
    units = ag.bracketed_units(tasks, bracketing_coder=1, min_overlap=0.5)
    coded = units.items[units.items["unit_id"] >= 0]
    got = [
        (int(s), int(e), str(c), float(a), float(b))
        for s, e, c, a, b in coded[["unit_start", "unit_end", "code", 1, 2]].values
    ]
    assert units.n_units == 3.0
    assert got == [
        (0, 30, "F", 1.0, 0.0),  # coder 1's F covers 10 + 5 of 30; coder 2's 4 of 30
        (10, 20, "F", 1.0, 0.0),  # coder 2 covers nothing of F there
        (25, 45, "F", 1.0, 1.0),  # coder 2 covers 19 of 20
        (0, 30, "T", 1.0, 0.0),  # coder 2 covers 7 of 30
        (10, 20, "T", 1.0, 1.0),  # coder 1's T (0, 30) covers it; coder 2 covers 7 of 10
    ]  # (25, 45, T): coder 1 covers 5 of 20, coder 2 nothing: a collapsed row


def test_merge_intervals_joins_touching_and_overlapping_spans():
    group = np.array([0, 0, 0, 1, 1])
    start = np.array([5, 0, 12, 0, 3])
    end = np.array([10, 5, 14, 3, 4])
    merged = merge_intervals(group, start, end, big=100)
    # Group 0: (0, 5) and (5, 10) touch and join; (12, 14) stays. Group 1: (0, 3) and (3, 4).
    assert [m.tolist() for m in merged] == [[0, 0, 1], [0, 12, 0], [10, 14, 4]]
    single = merge_intervals(np.array([2]), np.array([4]), np.array([9]), big=100)
    assert [m.tolist() for m in single] == [[2], [4], [9]]
    empty = merge_intervals(np.array([], int), np.array([], int), np.array([], int), big=100)
    assert [m.tolist() for m in empty] == [[], [], []]


def test_covered_length_counts_the_characters_of_each_query():
    group, start, end = np.array([0, 1]), np.array([10, 0]), np.array([20, 5])
    query_group = np.array([0, 0, 0, 1, 1, 0])
    query_start = np.array([0, 15, 0, 0, 2, 20])
    query_end = np.array([15, 30, 9, 10, 4, 25])
    covered = covered_length(group, start, end, 100, query_group, query_start, query_end)
    # Brute force over characters.
    cover = {(g, c) for g, s, e in zip(group, start, end, strict=True) for c in range(s, e)}
    expected = [
        sum((g, c) in cover for c in range(s, e))
        for g, s, e in zip(query_group, query_start, query_end, strict=True)
    ]
    assert covered.tolist() == expected == [5, 5, 0, 5, 2, 0]
    none = np.array([], int)
    nothing = covered_length(none, none, none, 100, query_group, query_start, query_end)
    assert nothing.shape == (6,)
    assert nothing.tolist() == [0] * 6


def test_participants_are_kept_as_given():
    # Participant 7 (a number) in task 1, none in task 2: not 7.0 and NaN.
    one = pair([span(0, 13, "T")], [span(0, 13, "T")])[0]
    one["data"]["participant"] = 7
    two = pair([span(0, 13, "T")], [])[0]
    two["id"] = 2
    del two["data"]["participant"]
    items = ag.presence_units([one, two]).items
    assert items["participant"].tolist() == [7, None]
    assert items["task_id"].tolist() == [1, 2]
