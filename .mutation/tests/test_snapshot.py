"""Snapshots: reading and writing them, and the coded-segments frame."""

from __future__ import annotations

import copy
import json

import pytest

from ls_thematic.label_config.codebook_io import load_codebook
from ls_thematic.scripts.snapshot import (
    SEGMENT_COLUMNS,
    Snapshot,
    SnapshotError,
    as_snapshot,
    check_codebook,
    codebook_for,
    load_snapshot,
    participants,
    relations,
    save_snapshot,
    segments,
)

from .writeup_data import BELGIAN, CODER_A, CODER_B, demo_snapshot, thesis_book


@pytest.fixture(scope="module")
def demo():
    return demo_snapshot()


def _task(tid, text, annotations, pid="P1", **attributes):
    return {"id": tid, "data": {"text": text, "participant": pid, "attributes": attributes},
            "annotations": annotations}


def _span(rid, start, end, codes, text):
    return {"id": rid, "from_name": "code", "to_name": "text", "type": "labels",
            "value": {"start": start, "end": end, "text": text[start:end], "labels": codes}}


TEXT = "I was afraid to reduce. It is the last bit that is worst."


def test_save_and_load_round_trip(tmp_path, demo):
    snapshot = as_snapshot(demo)
    path = tmp_path / "snap.json"
    save_snapshot(snapshot, path)
    back = load_snapshot(path)
    assert isinstance(back, Snapshot)
    assert list(back) == list(snapshot)
    assert back.project["title"] == demo["project"]["title"]
    assert back.label_config == demo["project"]["label_config"]
    assert json.loads(path.read_text(encoding="utf-8"))["format"] == "ls-thematic snapshot"


def test_plain_label_studio_export_loads_without_config(tmp_path, demo):
    path = tmp_path / "export.json"
    path.write_text(json.dumps(demo["tasks"]), encoding="utf-8")
    snapshot = load_snapshot(path)
    assert len(snapshot) == 6 and snapshot.label_config is None
    with pytest.raises(SnapshotError, match="carries no labelling config.*--codebook"):
        codebook_for(snapshot)
    assert codebook_for(snapshot, thesis_book()).title.startswith("Clinicians")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"{not json", "is not JSON"),
        (b"\xff\xfe\x00", "not UTF-8"),
        (b'{"a": 1}', "an object with keys a"),
        (b"3", "found a int at the top"),
        (b'[{"id": 1, "annotator": 2, "text": "x"}]', "JSON-MIN export"),
        (b'[{"id": 1, "data": {}, "annotations": 5}]', "'annotations' of type int"),
    ],
)
def test_bad_files_are_named(tmp_path, content, message):
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    with pytest.raises(SnapshotError, match=message):
        load_snapshot(path)


def test_missing_file_says_how_to_make_one(tmp_path):
    with pytest.raises(SnapshotError, match="no such snapshot file.*ls-thematic pull"):
        load_snapshot(tmp_path / "nope.json")


def test_segments_one_row_per_span_and_code():
    both = _span("r1", 0, 23, ["Afraid to reduce", "Worst withdrawal"], TEXT)
    last = _span("r2", 24, len(TEXT), ["Last bit is worst"], TEXT)
    memo = {"id": "r2", "from_name": "memo", "to_name": "text", "type": "textarea",
            "value": {"text": ["the last milligrams"]}}
    task = _task(1, TEXT, [{"id": 5, "completed_by": dict(CODER_A), "result": [both, last, memo]}],
                 role="Nurse")
    frame = segments([task])
    assert list(frame.columns) == SEGMENT_COLUMNS[:2] + ["role"] + SEGMENT_COLUMNS[2:]
    assert frame["code"].tolist() == ["Afraid to reduce", "Worst withdrawal", "Last bit is worst"]
    assert frame["text"].tolist()[0] == "I was afraid to reduce."
    assert frame["coder"].unique().tolist() == [CODER_A["email"]]
    assert frame["memo"].tolist() == ["", "", "the last milligrams"]
    assert frame["role"].unique().tolist() == ["Nurse"]


def test_coder_selection():
    first = {"id": 1, "completed_by": dict(CODER_A), "updated_at": "2020-01-02T00:00:00Z",
             "result": [_span("a", 0, 23, ["Afraid to reduce"], TEXT)]}
    second = {"id": 2, "completed_by": dict(CODER_B), "updated_at": "2020-01-01T00:00:00Z",
              "result": [_span("b", 24, len(TEXT), ["Last bit is worst"], TEXT)]}
    cancelled = {"id": 3, "completed_by": 9, "was_cancelled": True,
                 "result": [_span("c", 0, 5, ["Psychology"], TEXT)]}
    tasks = [_task(1, TEXT, [first, second, cancelled])]
    assert set(segments(tasks, "all")["coder"]) == {CODER_A["email"], CODER_B["email"]}
    # reconciled: the latest annotation, unless another is the ground truth
    assert segments(tasks, "reconciled")["annotation_id"].tolist() == [1]
    truth = copy.deepcopy(tasks)
    truth[0]["annotations"][1]["ground_truth"] = True
    assert segments(truth, "reconciled")["annotation_id"].tolist() == [2]
    assert segments(tasks, [2])["coder"].tolist() == [CODER_B["email"]]
    assert segments(tasks, [CODER_A["email"].upper()])["annotation_id"].tolist() == [1]
    with pytest.raises(SnapshotError, match="No annotations by someone@x.org.*its coders are"):
        segments(tasks, ["someone@x.org"])
    with pytest.raises(SnapshotError, match="coders='best' is not allowed"):
        segments(tasks, "best")


def test_empty_and_uncoded_snapshots_are_errors():
    with pytest.raises(SnapshotError, match="no tasks: the project is empty"):
        segments([])
    with pytest.raises(SnapshotError, match="1 tasks \\(0 with annotations\\) but no coded segments"):
        segments([_task(1, TEXT, [])])


def test_span_outside_its_text_is_an_error():
    task = _task(4, "short", [{"id": 1, "completed_by": 1,
                               "result": [_span("r", 0, 50, ["Psychology"], TEXT)]}])
    with pytest.raises(SnapshotError, match="Task 4: span r \\(0-50\\) lies outside"):
        segments([task])


def test_participants_in_natural_order(demo):
    frame = participants(demo)
    assert frame["participant"].tolist() == ["P4", "P5", "P8", "P9", "P11", "P13"]
    assert {"role", "gender", "years_experience"} <= set(frame.columns)


def test_relations_link_coded_spans(demo):
    frame = relations(demo, coders=[CODER_A["email"]])
    assert len(frame) >= 6
    assert set(frame["from_codes"]) == {"Frustration"}
    book = thesis_book()
    assert set(frame["relation"]) == {r.name for r in book.relationships}


def test_snapshot_from_another_codebook_names_the_codes(demo):
    with pytest.raises(SnapshotError, match=r"uses 17 code\(s\) that the codebook .*Belgium.*'Afraid to reduce' \(\d+ segments in tasks"):
        check_codebook(demo, load_codebook(BELGIAN))


def test_save_to_stdout(capsys, demo):
    save_snapshot(as_snapshot(demo), "-")
    assert json.loads(capsys.readouterr().out)["tasks"][0]["id"] == demo["tasks"][0]["id"]


def test_progress_bar_counts_to_the_total(capsys):
    from ls_thematic.scripts.snapshot import _progress

    with _progress(True, 3, "Pulling project 1") as advance:
        for _ in range(3):
            advance()
    with _progress(False, 3, "quiet") as advance:
        advance()
    assert "quiet" not in capsys.readouterr().err
