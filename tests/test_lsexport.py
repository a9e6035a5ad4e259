"""The one reader of Label Studio data (label_config/lsexport.py)."""

from __future__ import annotations

import pytest

from ls_thematic.label_config import lsexport
from ls_thematic.label_config.errors import LabelStudioDataError
from ls_thematic.label_config.lsexport import (
    Coder,
    coded_spans,
    coder_of,
    coders_of,
    coding_control,
    config_codebook,
    latest_by_coder,
    participant_of,
    reconciled_annotation,
    relations_of,
    select_annotations,
    span_of,
    turns_of,
    used_codes,
)

from .lsexport_data import CONFIG, EXPECTED_CODERS, EXPECTED_SPANS, TEXT_1, tricky_tasks


def all_spans(tasks, coders="all"):
    control = coding_control(CONFIG)
    return sorted(
        (task["id"], coder_of(a).key, s.start, s.end, code)
        for task, a in select_annotations(tasks, coders)
        for s in coded_spans(task, a, control.from_name, control.data_key)
        for code in s.codes
    )


# --------------------------------------------------------------------------- coders
@pytest.mark.parametrize(
    ("completed_by", "expected", "key"),
    [
        (7, Coder(None, 7), "7"),
        ("7", Coder(None, 7), "7"),
        ({"id": 8, "email": "a@b.org"}, Coder("a@b.org", 8), "a@b.org"),
        ({"id": 8, "email": ""}, Coder(None, 8), "8"),
        ({"id": 8}, Coder(None, 8), "8"),
        ("someone@x.org", Coder("someone@x.org", None), "someone@x.org"),
        (None, Coder(None, None), "unknown"),
        (True, Coder(None, None), "unknown"),
        ("²", Coder("²", None), "²"),
    ],
)
def test_coder_of_every_form_of_completed_by(completed_by, expected, key):
    coder = coder_of({"completed_by": completed_by})
    assert coder == expected
    assert coder.key == key
    assert coder.known == (key != "unknown")


def test_coder_label_is_the_id_as_int_without_email():
    assert coder_of({"completed_by": 7}).label == 7
    assert coder_of({"completed_by": {"id": 8, "email": "a@b.org"}}).label == "a@b.org"


def test_coder_matches_email_any_case_and_id():
    coder = Coder("Second@Example.org", 8)
    assert coder.matches("second@example.org")
    assert coder.matches(8) and coder.matches("8")
    assert not coder.matches("7")


def test_coder_of_refuses_a_non_object():
    with pytest.raises(LabelStudioDataError, match="must be a JSON object; found list"):
        coder_of([])


# --------------------------------------------------------------------------- annotations
def test_cancelled_annotations_never_count():
    tasks = tricky_tasks()
    assert [c.key for c in coders_of(tasks[0])] == EXPECTED_CODERS
    assert all(a["id"] != 13 for _, a in select_annotations(tasks, "all"))


def test_reconciled_prefers_ground_truth_then_latest():
    tasks = tricky_tasks()
    assert reconciled_annotation(tasks[0])["id"] == 12  # ground truth, though not the latest
    assert reconciled_annotation(tasks[1])["id"] == 22  # latest
    tasks[1]["annotations"][0]["updated_at"] = "2025-01-01T00:00:00+00:00"
    assert reconciled_annotation(tasks[1])["id"] == 21


def test_latest_by_coder_keeps_one_annotation_per_coder():
    task = tricky_tasks()[1]
    again = dict(task["annotations"][0], id=23, created_at="2024-02-01T00:00:00Z", result=[])
    task["annotations"].append(again)
    latest = latest_by_coder(task)
    assert {k: a["id"] for k, a in latest.items()} == {"7": 23, "second@example.org": 22}


def test_select_by_coder_list_and_unknown_coder():
    tasks = tricky_tasks()
    assert {a["id"] for _, a in select_annotations(tasks, ["SECOND@example.org"])} == {12, 22}
    assert {a["id"] for _, a in select_annotations(tasks, [7])} == {11, 21}
    with pytest.raises(LabelStudioDataError, match=r"No annotations by nobody.*coders are: 7, "):
        select_annotations(tasks, ["nobody"])
    with pytest.raises(LabelStudioDataError, match="'some' is not allowed"):
        select_annotations(tasks, "some")


# --------------------------------------------------------------------------- spans
def test_every_span_read_by_the_one_rule():
    assert all_spans(tricky_tasks()) == EXPECTED_SPANS


def test_span_text_is_the_task_text_not_value_text():
    task = tricky_tasks()[0]
    spans = coded_spans(task, task["annotations"][0], "code")
    first = spans[0]
    assert first.text == TEXT_1[first.start:first.end] == (
        "extremely anxious about the idea of coming off"
    )
    assert first.memo == "Fear of withdrawal."
    assert spans[1].memo == ""
    assert [s.region_id for s in spans] == ["r1", "r2"]  # no code, empty: not spans


def test_span_uses_value_text_only_without_the_task_text():
    result = {"type": "labels", "value": {"text": "said", "labels": ["A"]}}
    assert span_of(result, None).text == "said"
    with pytest.raises(LabelStudioDataError, match="no character offsets"):
        span_of(result, "the task text")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ({"start": 0, "end": 99, "labels": ["A"]}, "lies outside the task's text: it runs from 0 to 99, outside the text of 10 characters"),
        ({"start": -1, "end": 2, "labels": ["A"]}, "outside"),
        ({"start": True, "end": 2, "labels": ["A"]}, "no character offsets"),
        ({"start": 0, "end": 2, "labels": "A"}, "value.labels must be a list of code names"),
        ({"start": 0, "end": 2, "labels": [3]}, "value.labels must be a list of code names"),
        ("text", "value must be an object"),
    ],
)
def test_span_rule_refuses_broken_spans(value, message):
    with pytest.raises(LabelStudioDataError, match=message):
        span_of({"type": "labels", "value": value}, "0123456789")


def test_results_and_annotations_must_be_lists_of_objects():
    task = {"id": 5, "data": {"text": "abc"}, "annotations": [{"id": 1, "result": {"a": 1}}]}
    with pytest.raises(LabelStudioDataError, match="result must be a list"):
        coded_spans(task, task["annotations"][0], "code")
    with pytest.raises(LabelStudioDataError, match="'annotations' that is not a list"):
        select_annotations([{"id": 5, "annotations": 3}])


def test_relations_and_used_codes():
    tasks = tricky_tasks()
    assert [(r["from_id"], r["to_id"]) for r in relations_of(tasks[0]["annotations"][0])] == [
        ("r1", "r2")
    ]
    used = used_codes(tasks, "code")
    assert sorted(used) == ["Afraid to reduce", "Frustration", "Need it for function"]
    assert used["Frustration"] == [2, 2]  # the empty span in task 1 is not a use


# --------------------------------------------------------------------------- tasks and config
def test_participant_of_falls_back_to_file_then_task():
    assert participant_of({"data": {"participant": "P3"}}) == "P3"
    assert participant_of({"data": {"source_file": "dir/P4.txt"}}) == "P4"
    assert participant_of({"id": 9, "data": {}}) == "task 9"


def test_turns_checked_and_sorted():
    text = "abcdefghij"
    turns = turns_of(text, [{"start": 5, "end": 10}, {"start": 0, "end": 5, "speaker": "I"},
                            {"start": 3, "end": 3}])
    assert [(t.start, t.end, t.speaker) for t in turns] == [(0, 5, "I"), (5, 10, None)]
    with pytest.raises(LabelStudioDataError, match="overlap"):
        turns_of(text, [{"start": 0, "end": 6}, {"start": 5, "end": 10}])
    with pytest.raises(LabelStudioDataError, match=r"outside the text \(0 <= start <= end <= 10"):
        turns_of(text, [{"start": 0, "end": 11}])
    with pytest.raises(LabelStudioDataError, match="must be a list"):
        turns_of(text, {"start": 0})


def test_coding_control_from_config_or_spans():
    control = coding_control(CONFIG)
    assert (control.from_name, control.to_name, control.data_key) == ("code", "text", "text")
    assert coding_control(None, tricky_tasks()).from_name == "code"
    two = tricky_tasks()
    two[1]["annotations"][0]["result"][0]["from_name"] = "other"
    with pytest.raises(LabelStudioDataError, match="several controls"):
        coding_control(None, two)


def test_config_codebook():
    book = config_codebook(CONFIG)
    assert book is not None and set(book.names) >= {"Afraid to reduce", "Frustration"}
    assert config_codebook(None) is None


def test_origin_of_a_span_tells_accepted_suggestions_from_coding() -> None:
    """Label Studio's ``origin``: a suggestion kept unchanged is accepted, not coded by hand;
    an edited one is the coder's; a missing or unknown origin counts as coded by hand."""
    text = "One. Two. Three. Four."
    results = [
        {"id": "a", "type": "labels", "origin": "prediction",
         "value": {"start": 0, "end": 4, "labels": ["X"]}},
        {"id": "b", "type": "labels", "origin": "prediction-changed",
         "value": {"start": 5, "end": 9, "labels": ["X"]}},
        {"id": "c", "type": "labels", "origin": "manual",
         "value": {"start": 10, "end": 16, "labels": ["X"]}},
        {"id": "d", "type": "labels", "origin": "copied-from-elsewhere",
         "value": {"start": 17, "end": 22, "labels": ["X"]}},
        {"id": "e", "type": "labels", "value": {"start": 17, "end": 22, "labels": ["Y"]}},
    ]  # fmt: skip
    spans = lsexport.coded_spans({"id": 1, "data": {"text": text}}, {"result": results}, None)
    assert [s.origin for s in spans] == [
        "prediction", "prediction-changed", "manual", "manual", "manual"
    ]
    assert [s.accepted for s in spans] == [True, False, False, False, False]
    kept = {choice: [s.region_id for s in spans if lsexport.keep_origin(s, choice)]
            for choice in lsexport.ORIGIN_CHOICES}  # fmt: skip
    assert kept == {"all": list("abcde"), "manual": list("bcde"), "accepted": ["a"]}
    with pytest.raises(ValueError, match="origin must be one of all, manual, accepted; got 'x'"):
        lsexport.keep_origin(spans[0], "x")


# --------------------------------------------------------------------------- rules, one by one
def test_saved_at_reads_z_and_naive_times_as_utc_and_unknown_as_minus_infinity():
    assert lsexport.saved_at({"updated_at": "2020-01-02T03:04:05Z"}) == 1577934245.0
    assert lsexport.saved_at({"created_at": " 2020-01-02T03:04:05 "}) == 1577934245.0
    assert lsexport.saved_at({"updated_at": "2020-01-02T04:04:05+01:00"}) == 1577934245.0
    for unknown in ({}, {"updated_at": ""}, {"updated_at": 5}, {"updated_at": "yesterday"}):
        assert lsexport.saved_at(unknown) == float("-inf")


@pytest.mark.parametrize("order", [(5, 9), (9, 5)])
def test_reconciled_breaks_a_tie_by_the_higher_integer_id(order):
    same = "2020-01-01T00:00:00Z"
    task = {"annotations": [{"id": i, "updated_at": same} for i in order]}
    assert reconciled_annotation(task)["id"] == 9
    # a boolean or text id ranks as no id: the first of the tie stands
    task = {"annotations": [{"id": 0}, {"id": True}, {"id": "9"}]}
    assert reconciled_annotation(task)["id"] == 0


def test_select_names_every_missing_coder():
    tasks = [{"id": 1, "annotations": [{"id": 1, "completed_by": 7}]}]
    with pytest.raises(
        LabelStudioDataError,
        match=r"^No annotations by x@y\.org, 99 in the data; its coders are: 7\.$",
    ):
        select_annotations(tasks, ["x@y.org", 99])


def test_task_id_of_reads_id_then_task_then_default():
    assert lsexport.task_id_of({"id": 3, "task": 4}) == 3
    assert lsexport.task_id_of({"task": 4}) == 4
    assert lsexport.task_id_of({"task": {"id": 5}}) == 5
    assert lsexport.task_id_of({"task": {}}, "?") == "?"
    assert lsexport.task_id_of({}, "?") == "?"
    assert lsexport.task_id_of({}) is None


@pytest.mark.parametrize(
    ("turns", "found"), [({"start": 0}, "dict"), ("0-3", "str"), (None, "NoneType")]
)
def test_turns_must_be_a_list_and_the_message_names_what_was_found(turns, found):
    with pytest.raises(LabelStudioDataError, match=f"must be a list of .*; found {found}\\.$"):
        turns_of("abc", turns)


def test_a_result_without_type_is_a_span_only_with_value_labels():
    assert lsexport.is_span_result({"value": {"labels": ["X"]}, "from_name": "c"}, "c")
    assert lsexport.is_span_result({"value": {"labels": []}}, None)
    assert not lsexport.is_span_result({"value": {"text": ["memo"]}}, None)
    assert not lsexport.is_span_result({"value": "labels"}, None)
    assert not lsexport.is_span_result({"type": "labels", "from_name": "other"}, "c")
    assert not lsexport.is_span_result({"type": "choices", "value": {"labels": ["X"]}}, None)


def test_span_of_names_the_span_by_default():
    with pytest.raises(LabelStudioDataError, match=r"^span: value must be an object"):
        span_of({"value": None}, "text")
    with pytest.raises(LabelStudioDataError, match=r"^span \(0-9\) lies outside"):
        span_of({"value": {"start": 0, "end": 9, "labels": ["X"]}}, "text")


@pytest.mark.parametrize(
    ("rid", "expected"),
    [("r1", "r1"), (7, 7), (0, 0), (True, None), (1.5, None), (None, None), (["r"], None)],
)
def test_region_id_is_a_string_or_an_integer(rid, expected):
    assert lsexport.region_id({"id": rid}) == expected


def test_memos_belong_to_regions_with_a_real_id():
    annotation = {"result": [
        {"id": True, "type": "textarea", "value": {"text": ["lost"]}},
        {"id": "r1", "type": "textarea", "value": {"text": "one"}},
        {"id": "r1", "type": "textarea", "value": {"text": ["two", "three"]}},
    ]}  # fmt: skip
    assert lsexport.memos_of(annotation) == {"r1": "one\ntwo\nthree"}


def test_coded_spans_use_value_text_when_the_task_text_is_not_text():
    result = {"id": "r", "type": "labels",
              "value": {"start": 0, "end": 3, "text": "abc", "labels": ["X"]}}  # fmt: skip
    for data in ({"text": 123}, {"text": ["abc"]}, {}):
        (span,) = coded_spans({"id": 1, "data": data}, {"result": [result]}, None)
        assert (span.text, span.start, span.end) == ("abc", 0, 3)


def test_coded_spans_name_the_task_and_annotation_of_a_broken_result_list():
    with pytest.raises(LabelStudioDataError, match=r"^Task 3, annotation 17: result must be"):
        coded_spans({"id": 3, "data": {"text": "x"}}, {"id": 17, "result": "r1"}, None)
    with pytest.raises(LabelStudioDataError, match=r"^Task \?, annotation \?, result\[0\]"):
        coded_spans({"data": {"text": "x"}}, {"result": [5]}, None)


def test_coding_control_without_config():
    assert coding_control(None, [], "codes") == lsexport.Control("codes", None, "text")
    assert coding_control("", []) == lsexport.Control(None, None, "text")
    tasks = [{"annotations": [{"result": [
        {"from_name": "b", "value": {"labels": ["X"]}},
        {"from_name": "a", "type": "labels"},
    ]}]}]  # fmt: skip
    with pytest.raises(LabelStudioDataError, match=r"several controls \(a, b\); say which"):
        coding_control(None, tasks)
    assert coding_control(None, tasks, "a") == lsexport.Control("a", None, "text")
