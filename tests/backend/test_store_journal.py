"""The segment store's journal (backend/store.py): what a restarted backend finds on disk.

A restart is a new :class:`SegmentStore` on the same folder. Every change must come back from
the journal (and the snapshot a compaction writes) exactly as it was made: a deleted
annotation's segments must stay deleted, with or without a compaction in between, and a stale
or torn journal line must never undo or redo a change.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging

import pytest

from ls_thematic.backend import store as store_module
from ls_thematic.backend.store import (
    JOURNAL,
    LABEL_CONFIG,
    REBUILD_PENDING,
    REJECTED,
    SNAPSHOT,
    Segment,
    SegmentStore,
    StoreError,
)

SLEEP = Segment(
    "I can't sleep at night.", ("Sleep",), task=1, participant="P1", start=0, end=23, coder=5
)
MONEY = Segment("It costs a lot.", ("Money",), task=1, participant="P1", start=24, end=39, coder=5)
FAMILY = Segment("My kids worry.", ("Family", "Sleep"), task=2, participant="P2", start=3, end=17)


def restart(store: SegmentStore) -> SegmentStore:
    """What a backend restart does: a new store on the same folder."""
    return SegmentStore(store.folder)


def texts(store: SegmentStore) -> list[str]:
    return [s.text for s in store.segments()]


def journal_lines(store: SegmentStore) -> list[dict]:
    path = store.folder / JOURNAL
    return [json.loads(x) for x in path.read_text(encoding="utf-8").split("\n") if x.strip()]


@pytest.fixture
def store(tmp_path):
    return SegmentStore(tmp_path / "models" / "3")


# --------------------------------------------------------------------------- deletions
def test_a_deleted_annotation_stays_deleted_after_a_restart(store):
    store.replace(11, [SLEEP])
    store.replace(12, [MONEY])
    assert store.remove([11]) == ["11"]
    reopened = restart(store)
    assert texts(reopened) == [MONEY.text]
    assert reopened.annotation_ids == ["12"]
    assert not reopened.has_annotation(11)
    assert reopened.digest() == store.digest()
    assert len(reopened) == 1


def test_a_deletion_after_a_compaction_stays_deleted_after_a_restart(store):
    store.replace(11, [SLEEP])
    store.replace(12, [MONEY])
    store.compact()
    assert journal_lines(store) == []
    store.remove([11])
    assert [line["op"] for line in journal_lines(store)] == ["remove"]
    reopened = restart(store)
    assert texts(reopened) == [MONEY.text]
    assert reopened.digest() == store.digest()


def test_a_deletion_folded_into_the_snapshot_stays_deleted(store):
    store.replace(11, [SLEEP])
    store.replace(12, [MONEY])
    store.remove([11])
    store.compact()
    snapshot = json.loads((store.folder / SNAPSHOT).read_text(encoding="utf-8"))
    assert list(snapshot["annotations"]) == ["12"]
    reopened = restart(store)
    assert texts(reopened) == [MONEY.text]
    # and it stays so through a second restart and a second compaction
    reopened.compact()
    assert texts(restart(reopened)) == [MONEY.text]


def test_deleting_several_annotations_at_once_and_twice(store):
    for i, segment in enumerate([SLEEP, MONEY, FAMILY]):
        store.replace(i, [segment])
    assert store.remove([0, "2", 0, 99]) == ["0", "2"]  # once each, only the known ones
    assert store.remove([0]) == []  # already gone: nothing to do
    assert [line["op"] for line in journal_lines(store)] == ["replace"] * 3 + ["remove"]
    assert journal_lines(store)[-1]["annotations"] == ["0", "2"]
    assert texts(restart(store)) == [MONEY.text]


def test_a_deleted_then_recreated_annotation_comes_back_with_its_new_segments(store):
    store.replace(11, [SLEEP])
    store.remove([11])
    store.replace(11, [MONEY])
    assert texts(restart(store)) == [MONEY.text]
    store.compact()
    store.remove([11])
    store.replace(11, [FAMILY])
    assert texts(restart(store)) == [FAMILY.text]


def test_an_update_replaces_the_annotations_segments_after_a_restart(store):
    store.replace(11, [SLEEP, MONEY])
    store.replace(11, [FAMILY])
    reopened = restart(store)
    assert reopened.segments() == [FAMILY]
    assert reopened.digest() == store.digest()


def test_an_annotation_that_codes_nothing_is_kept_empty(store):
    store.replace(11, [])
    reopened = restart(store)
    assert reopened.has_annotation(11) and reopened.segments() == [] and len(reopened) == 0
    assert reopened.annotation_ids == ["11"]


# --------------------------------------------------------------------------- the journal itself
def test_every_change_is_one_numbered_line_and_unchanged_replaces_write_nothing(store):
    assert store.replace(1, [SLEEP]) is True
    assert store.replace(1, [SLEEP]) is False  # same segments: no line
    assert store.replace(2, [MONEY]) is True
    store.remove([1])
    lines = journal_lines(store)
    assert [(x["seq"], x["op"]) for x in lines] == [(1, "replace"), (2, "replace"), (3, "remove")]
    assert lines[0]["annotation"] == "1" and lines[0]["segments"] == [SLEEP.to_dict()]
    assert store.journal_length == 3


def test_the_sequence_goes_on_after_a_restart(store):
    store.replace(1, [SLEEP])
    store.replace(2, [MONEY])
    reopened = restart(store)
    assert reopened.journal_length == 2
    reopened.remove([1])
    assert [x["seq"] for x in journal_lines(reopened)] == [1, 2, 3]
    reopened.compact()
    assert reopened.journal_length == 0
    assert json.loads((reopened.folder / SNAPSHOT).read_text())["seq"] == 3
    again = restart(reopened)
    assert again.journal_length == 0 and texts(again) == [MONEY.text]
    again.replace(4, [FAMILY])
    assert [x["seq"] for x in journal_lines(again)] == [4]


def test_compaction_empties_the_journal_and_is_a_no_op_when_nothing_changed(store):
    store.compact()
    assert not (store.folder / SNAPSHOT).exists()  # nothing to fold
    store.replace(1, [SLEEP])
    store.compact()
    first = (store.folder / SNAPSHOT).read_bytes()
    assert (store.folder / JOURNAL).read_text() == ""
    assert store.journal_length == 0
    store.compact()
    assert (store.folder / SNAPSHOT).read_bytes() == first


def test_stale_lines_left_by_a_crash_during_compaction_are_not_replayed(store):
    """A crash after the snapshot was written but before the journal was emptied leaves lines
    the snapshot already holds; they are skipped, and lines written after them still count."""
    store.replace(1, [SLEEP])
    store.replace(2, [MONEY])
    store.remove([2])
    stale = (store.folder / JOURNAL).read_bytes()
    store.compact()
    (store.folder / JOURNAL).write_bytes(stale)  # as if emptying it never happened
    reopened = restart(store)
    assert texts(reopened) == [SLEEP.text]
    assert reopened.journal_length == 0
    reopened.remove([1])  # appended after the stale lines
    reopened.replace(2, [FAMILY])
    assert texts(restart(reopened)) == [FAMILY.text]


def test_a_torn_last_line_is_skipped_with_a_warning(store, caplog):
    store.replace(1, [SLEEP])
    store.replace(2, [MONEY])
    with open(store.folder / JOURNAL, "a", encoding="utf-8") as handle:
        handle.write('{"seq": 3, "op": "remove", "annotations": ["1"')
    with caplog.at_level(logging.WARNING, logger="ls_thematic.backend.store"):
        reopened = restart(store)
    assert texts(reopened) == [SLEEP.text, MONEY.text]
    assert "its last line (cut off by a crash)" in caplog.text


def test_a_broken_line_in_the_middle_is_named_and_the_rest_replayed(store, caplog):
    store.replace(1, [SLEEP])
    path = store.folder / JOURNAL
    lines = path.read_text(encoding="utf-8").splitlines()
    lines += [
        "not json",
        "",
        json.dumps({"seq": 2, "op": "remove", "annotations": ["1"]}),
        json.dumps({"seq": 3, "op": "replace", "annotation": "7", "segments": [MONEY.to_dict()]}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="ls_thematic.backend.store"):
        reopened = restart(store)
    assert texts(reopened) == [MONEY.text]
    assert reopened.annotation_ids == ["7"]
    assert "line 2" in caplog.text and "cut off" not in caplog.text
    assert reopened.journal_length == 3


def test_an_unknown_operation_is_ignored_but_its_number_is_kept(store):
    store.replace(1, [SLEEP])
    with open(store.folder / JOURNAL, "a", encoding="utf-8") as handle:
        handle.write(json.dumps({"seq": 2, "op": "frobnicate", "annotation": "1"}) + "\n")
    reopened = restart(store)
    assert texts(reopened) == [SLEEP.text]
    assert reopened.journal_length == 2


def test_a_snapshot_alone_is_loaded(store):
    store.replace(1, [SLEEP])
    store.replace("b", [MONEY])
    store.compact()
    (store.folder / JOURNAL).unlink()
    reopened = restart(store)
    assert reopened.annotation_ids == ["1", "b"]
    assert reopened.segments() == [SLEEP, MONEY]
    assert reopened.digest() == store.digest()


def test_an_empty_folder_is_an_empty_store(tmp_path):
    store = SegmentStore(tmp_path / "new" / "folder")
    assert store.folder.is_dir()
    assert len(store) == 0 and store.segments() == [] and store.annotation_ids == []
    assert store.journal_length == 0
    assert store.digest() == SegmentStore(tmp_path / "other").digest()


# --------------------------------------------------------------------------- rebuilds
def test_a_rebuild_keeps_the_changes_made_while_it_pulled_and_survives_a_restart(store):
    store.replace(1, [SLEEP])
    store.begin_rebuild()
    store.replace(7, [FAMILY])  # arrives while pulling
    store.remove([8, 1])  # 8 is not known yet: the pull may still bring it
    changed = store.rebuild({1: [SLEEP], 8: [MONEY], 9: [MONEY]})
    assert changed is True
    assert store.annotation_ids == ["7", "9"]
    assert store.journal_length == 0 and (store.folder / JOURNAL).read_text() == ""
    reopened = restart(store)
    assert reopened.annotation_ids == ["7", "9"]
    assert reopened.digest() == store.digest()
    # After the rebuild, changes are journalled again, not recorded for a replay.
    store.remove([9])
    assert store.rebuild({7: [FAMILY]}) is False
    assert restart(store).annotation_ids == ["7"]


def test_a_rebuild_without_begin_just_installs_the_annotations(store):
    store.replace(1, [SLEEP])
    assert store.rebuild({1: [SLEEP]}) is False
    assert store.rebuild({2: [MONEY]}) is True
    assert restart(store).segments() == [MONEY]


# --------------------------------------------------------------------------- reading
def test_segments_come_in_annotation_id_order_numbers_first(store):
    store.replace("b", [FAMILY])
    store.replace(10, [MONEY])
    store.replace(9, [SLEEP])
    store.replace("a", [MONEY])
    assert store.annotation_ids == ["9", "10", "a", "b"]
    assert texts(store) == [SLEEP.text, MONEY.text, MONEY.text, FAMILY.text]
    assert restart(store).annotation_ids == ["9", "10", "a", "b"]
    segments, digest = store.state()
    assert segments == store.segments() and digest == store.digest()
    assert store.digest_and_size() == (store.digest(), 4)


def test_spans_of_a_task(store):
    store.replace(1, [SLEEP, MONEY, FAMILY, Segment("no offsets", ("Sleep",), task=1)])
    assert store.spans_of_task(1) == [(0, 23), (24, 39)]
    assert store.spans_of_task(2) == [(3, 17)]
    assert store.spans_of_task(3) == []
    store.replace(2, [Segment("half", ("Sleep",), task=4, start=5)])
    assert store.spans_of_task(4) == []


def test_the_digest_is_of_the_multiset_of_segments(tmp_path):
    one, two = SegmentStore(tmp_path / "a"), SegmentStore(tmp_path / "b")
    one.replace(1, [SLEEP, MONEY])
    two.replace("x", [MONEY])
    two.replace("y", [SLEEP])
    assert one.digest() == two.digest()  # same segments, other annotations and order
    two.replace("z", [SLEEP])
    assert one.digest() != two.digest()  # a repeated segment counts
    two.remove(["z"])
    assert one.digest() == two.digest()
    # what the model learns: text, codes (in any order) and participant
    three = SegmentStore(tmp_path / "c")
    three.replace(1, [SLEEP, MONEY])
    three.replace(1, [SLEEP, Segment(MONEY.text, ("Money",), participant="P1")])
    assert three.digest() == one.digest()  # offsets, task and coder are not learnt
    three.replace(1, [SLEEP, Segment(MONEY.text, ("Money",), participant="P9")])
    assert three.digest() != one.digest()
    four = SegmentStore(tmp_path / "d")
    four.replace(2, [Segment(FAMILY.text, ("Sleep", "Family"), task=2, participant="P2")])
    five = SegmentStore(tmp_path / "e")
    five.replace(2, [FAMILY])
    assert four.digest() == five.digest()  # codes as a set
    assert len(one.digest()) == 64 and int(one.digest(), 16) >= 0


def test_segments_round_trip_through_dicts():
    assert Segment.from_dict(SLEEP.to_dict()) == SLEEP
    assert Segment("t", ("A",)).to_dict() == {"text": "t", "codes": ["A"]}
    assert FAMILY.to_dict() == {
        "text": FAMILY.text,
        "codes": ["Family", "Sleep"],
        "task": 2,
        "participant": "P2",
        "start": 3,
        "end": 17,
    }
    assert Segment.from_dict({"text": "t", "codes": ["A", "B"]}) == Segment("t", ("A", "B"))


# --------------------------------------------------------------------------- other files
def test_label_config_and_rebuild_marker_survive_a_restart(store):
    assert store.label_config() is None
    store.set_label_config("<View/>")
    store.set_label_config("<View/>")
    assert (store.folder / LABEL_CONFIG).read_text(encoding="utf-8") == "<View/>"
    assert restart(store).label_config() == "<View/>"
    assert not store.rebuild_pending()
    store.mark_rebuild_pending()
    assert (store.folder / REBUILD_PENDING).is_file()
    assert restart(store).rebuild_pending()
    store.clear_rebuild_pending()
    store.clear_rebuild_pending()  # twice is fine
    assert not restart(store).rebuild_pending()


# --------------------------------------------------------------------------- hand-written files
def write_files(folder, snapshot: dict | None, lines: list[dict | str]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    if snapshot is not None:
        (folder / SNAPSHOT).write_text(json.dumps(snapshot), encoding="utf-8")
    (folder / JOURNAL).write_text(
        "".join((x if isinstance(x, str) else json.dumps(x)) + "\n" for x in lines),
        encoding="utf-8",
    )


def test_lines_the_snapshot_already_holds_are_skipped_by_their_number(tmp_path):
    """A change numbered N is in every snapshot of seq N or more, whatever the line says."""
    folder = tmp_path / "p"
    write_files(
        folder,
        {"seq": 2, "annotations": {"1": [SLEEP.to_dict()]}},
        [
            {"seq": 1, "op": "remove", "annotations": ["1"]},
            {"seq": 2, "op": "replace", "annotation": "2", "segments": [MONEY.to_dict()]},
            {"seq": 3, "op": "replace", "annotation": "3", "segments": [FAMILY.to_dict()]},
        ],
    )
    store = SegmentStore(folder)
    assert store.annotation_ids == ["1", "3"]
    assert store.journal_length == 1


def test_fields_a_line_or_snapshot_leaves_out_take_their_defaults(tmp_path):
    folder = tmp_path / "p"
    write_files(
        folder,
        {"annotations": {"1": [SLEEP.to_dict()]}},
        [  # no seq: 0
            {"seq": 1, "op": "replace", "annotation": "5"},  # no segments: none
            {"seq": 2, "op": "remove"},  # no annotations: none
            {"op": "remove", "annotations": ["1"]},  # no seq: 0, skipped
        ],
    )
    store = SegmentStore(folder)
    assert store.annotation_ids == ["1", "5"]
    assert store.segments() == [SLEEP]
    assert store.journal_length == 2
    write_files(tmp_path / "q", {"seq": 4}, [])  # no annotations
    assert SegmentStore(tmp_path / "q").annotation_ids == []
    assert SegmentStore(tmp_path / "q").journal_length == 0


def test_replaying_the_removal_of_an_unknown_annotation_changes_nothing(tmp_path):
    folder = tmp_path / "p"
    write_files(
        folder,
        None,
        [
            {"seq": 1, "op": "replace", "annotation": "1", "segments": [SLEEP.to_dict()]},
            {"seq": 2, "op": "remove", "annotations": ["7", "1"]},
            {"seq": 3, "op": "remove", "annotations": ["1"]},
            {"seq": 4, "op": "replace", "annotation": "2", "segments": [MONEY.to_dict()]},
        ],
    )
    store = SegmentStore(folder)
    assert store.annotation_ids == ["2"]
    fresh = SegmentStore(tmp_path / "fresh")
    fresh.replace(9, [MONEY])
    assert store.digest() == fresh.digest()


def test_a_warning_names_the_journal_and_the_line(store, caplog):
    store.replace(1, [SLEEP])
    path = store.folder / JOURNAL
    path.write_text(path.read_text(encoding="utf-8") + "{oops\n" + "{torn", encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="ls_thematic.backend.store"):
        restart(store)
    assert [r.getMessage() for r in caplog.records] == [
        f"{path}: skipping line 2, which is not valid JSON; it is kept in journal.rejected",
        f"{path}: skipping its last line (cut off by a crash), which is not valid JSON; it is "
        "kept in journal.rejected",
    ]


def test_a_rebuild_goes_on_numbering_and_forgets_unknown_removals(store):
    store.replace(1, [SLEEP])
    store.replace(2, [MONEY])
    store.replace(3, [FAMILY])
    store.begin_rebuild()
    store.remove([99])  # neither known here nor pulled
    assert store.rebuild({1: [SLEEP]}) is True
    snapshot = json.loads((store.folder / SNAPSHOT).read_text(encoding="utf-8"))
    assert snapshot["seq"] == 4
    store.replace(5, [MONEY])
    assert [x["seq"] for x in journal_lines(store)] == [5]
    assert restart(store).annotation_ids == ["1", "5"]


def test_the_snapshot_keeps_text_readable_the_journal_ascii_both_in_id_order(store):
    accented = Segment("Ça va très bien, merci.", ("Sleep",), participant="P1")
    store.replace(10, [accented])
    store.replace(9, [SLEEP])
    store.replace("a", [MONEY])
    journal = (store.folder / JOURNAL).read_bytes()
    assert journal.isascii()  # the journal escapes: no character can end a line
    assert rb'"\u00c7a va tr\u00e8s bien, merci."' in journal
    assert [x["segments"][0]["text"] for x in journal_lines(store)][0] == accented.text
    store.compact()
    raw = (store.folder / SNAPSHOT).read_bytes()
    assert "Ça va très bien".encode() in raw  # the snapshot stays readable UTF-8
    assert list(json.loads(raw)["annotations"]) == ["9", "10", "a"]


def test_a_new_journal_files_folder_is_synced_once(store, monkeypatch):
    synced = []
    monkeypatch.setattr(store_module, "_fsync_dir", synced.append)
    store.replace(1, [SLEEP])
    assert synced == [store.folder]  # the first line creates the file
    store.replace(2, [MONEY])
    store.remove([1])
    assert synced == [store.folder]


def test_the_digest_of_known_segments_is_stable_across_versions(tmp_path):
    """The digest names the model version: a change of its recipe would refit every project."""
    store = SegmentStore(tmp_path / "p")
    store.replace(1, [Segment("Ça va.", ("B", "A"), participant="P1"), Segment("Second.", ("A",))])
    rows = [
        json.dumps(["Ça va.", ["A", "B"], "P1"], ensure_ascii=False),
        json.dumps(["Second.", ["A"], None], ensure_ascii=False),
    ]
    total = sum(int.from_bytes(hashlib.sha256(r.encode("utf-8")).digest(), "big") for r in rows) % (
        1 << 256
    )
    assert store.digest() == hashlib.sha256(f"{total:064x}:2".encode()).hexdigest()


# --------------------------------------------------------------------------- issue 9: replay
LINE_ENDS = {"U+2028": "\u2028", "U+2029": "\u2029", "U+0085": "\u0085"}


def rejected_lines(store: SegmentStore) -> list[dict]:
    path = store.folder / REJECTED
    return [json.loads(x) for x in path.read_text(encoding="ascii").split("\n") if x]


def test_unicode_line_separators_in_segment_text_survive_a_restart(store):
    """str.splitlines() cut these lines apart: of three acknowledged annotations one was left."""
    for i, (name, char) in enumerate(LINE_ENDS.items(), 1):
        store.replace(i, [Segment(f"Before {name}{char}after {name}.", ("Sleep",), task=i)])
    journal = (store.folder / JOURNAL).read_bytes()
    assert journal.isascii() and journal.count(b"\n") == 3
    assert b"\\u2028" in journal and b"\\u2029" in journal and b"\\u0085" in journal
    reopened = restart(store)
    assert reopened.annotation_ids == ["1", "2", "3"]
    assert texts(reopened) == [f"Before {n}{c}after {n}." for n, c in LINE_ENDS.items()]
    assert reopened.digest() == store.digest()
    assert not (store.folder / REJECTED).exists()


def test_an_old_journal_with_raw_utf8_line_separators_still_loads(tmp_path):
    folder = tmp_path / "p"
    folder.mkdir()
    lines = [
        {
            "seq": 1,
            "op": "replace",
            "annotation": "1",
            "segments": [{"text": f"Raw{char}text, ça va.", "codes": ["Sleep"]}],
        }
        for char in LINE_ENDS.values()
    ]
    lines += [
        {
            "seq": 2,
            "op": "replace",
            "annotation": "2",
            "segments": [{"text": "Plain.", "codes": ["Money"]}],
        }
    ]
    raw = "".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines).encode("utf-8")
    assert "\u2028".encode() in raw  # written as earlier versions wrote it
    (folder / JOURNAL).write_bytes(raw)
    store = SegmentStore(folder)
    assert texts(store) == ["Raw\u0085text, ça va.", "Plain."]
    assert store.journal_length == 2
    assert (folder / JOURNAL).read_bytes() == raw  # nothing to set aside: left as it was


def test_a_change_appended_after_a_torn_line_survives_the_next_restart(store):
    """The torn line used to stay, and the next change was glued onto it and lost."""
    store.replace(1, [SLEEP])
    with open(store.folder / JOURNAL, "ab") as handle:
        handle.write(b'{"seq": 2, "op": "replace", "annotation": "2", "segm')  # killed here
    reopened = restart(store)
    assert (store.folder / JOURNAL).read_bytes().endswith(b"}\n")  # the torn tail is cut off
    assert reopened.replace(3, [MONEY]) is True  # acknowledged to Label Studio
    again = restart(reopened)
    assert again.annotation_ids == ["1", "3"]
    assert texts(again) == [SLEEP.text, MONEY.text]
    assert [x["seq"] for x in journal_lines(again)] == [1, 2]
    [kept] = rejected_lines(store)
    assert kept["text"] == '{"seq": 2, "op": "replace", "annotation": "2", "segm'
    assert kept["line"] == 2
    assert kept["reason"] == "its last line (cut off by a crash), which is not valid JSON"


def test_a_complete_last_line_without_its_newline_is_kept_and_ended(store):
    store.replace(1, [SLEEP])
    line = json.dumps({"seq": 2, "op": "replace", "annotation": "2", "segments": [MONEY.to_dict()]})
    with open(store.folder / JOURNAL, "a", encoding="ascii") as handle:
        handle.write(line)
    reopened = restart(store)
    assert reopened.annotation_ids == ["1", "2"]
    assert (store.folder / JOURNAL).read_text(encoding="ascii").endswith(line + "\n")
    assert not (store.folder / REJECTED).exists()
    reopened.remove([1])
    assert restart(reopened).annotation_ids == ["2"]


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("12345", "is a JSON number, not an object"),
        ('"a string"', "is a JSON string, not an object"),
        ("[1, 2]", "is a JSON array, not an object"),
        ("null", "is a JSON null, not an object"),
        ("[" * 100_000, "is not valid JSON"),
        ('{"seq": "3", "op": "remove", "annotations": ["1"]}', "has 'seq' that is not an integer"),
        ('{"seq": 3, "op": "replace", "segments": []}', "has no 'annotation'"),
        (
            '{"seq": 3, "op": "replace", "annotation": true}',
            "has an annotation id that is a JSON boolean, not a string or number",
        ),
        (
            '{"seq": 3, "op": "replace", "annotation": "4", "segments": {}}',
            "has 'segments' that is not a list",
        ),
        (
            '{"seq": 3, "op": "replace", "annotation": "4", "segments": [7]}',
            "has a segment that is a JSON number, not an object",
        ),
        (
            '{"seq": 3, "op": "replace", "annotation": "4", "segments": [{"codes": ["A"]}]}',
            "has a segment whose 'text' is missing or not a string",
        ),
        (
            '{"seq": 3, "op": "replace", "annotation": "4", "segments": [{"text": "t"}]}',
            "has a segment's 'codes' that is not a list",
        ),
        (
            '{"seq": 3, "op": "replace", "annotation": "4", "segments": [{"text": "t", '
            '"codes": [1]}]}',
            "has a segment whose 'codes' are not all strings",
        ),
        (
            '{"seq": 3, "op": "replace", "annotation": "4", "segments": [{"text": "t", '
            '"codes": [], "task": "5"}]}',
            "has a segment's 'task' that is not an integer",
        ),
        (
            '{"seq": 3, "op": "replace", "annotation": "4", "segments": [{"text": "t", '
            '"codes": [], "participant": 5}]}',
            "has a segment whose 'participant' is not a string",
        ),
        (
            '{"seq": 3, "op": "replace", "annotation": "4", "segments": [{"text": "t", '
            '"codes": [], "speaker": ["P1"]}]}',
            "has a segment whose 'speaker' is not a string",
        ),
        (
            '{"seq": 3, "op": "replace", "annotation": "4", "segments": [{"text": "t", '
            '"codes": [], "previous": "Before."}]}',
            "has a segment's 'previous' that is not a list",
        ),
        (
            '{"seq": 3, "op": "replace", "annotation": "4", "segments": [{"text": "t", '
            '"codes": [], "previous": ["Before.", 2]}]}',
            "has a segment whose 'previous' sentences are not all strings",
        ),
        ('{"seq": 3, "op": "remove", "annotations": "1"}', "has 'annotations' that is not a list"),
        (
            '{"seq": 3, "op": "remove", "annotations": [["1"]]}',
            "has an annotation id that is a JSON array, not a string or number",
        ),
    ],
)
def test_a_bad_line_is_set_aside_and_logged_and_the_rest_replayed(store, caplog, line, reason):
    store.replace(1, [SLEEP])
    store.replace(2, [MONEY])
    path = store.folder / JOURNAL
    good = path.read_bytes()
    later = json.dumps({"seq": 4, "op": "remove", "annotations": ["2"]})
    path.write_bytes(good + line.encode() + b"\n" + later.encode() + b"\n")
    with caplog.at_level(logging.WARNING, logger="ls_thematic.backend.store"):
        reopened = restart(store)
    assert reopened.annotation_ids == ["1"]  # line 4 applied, line 3 changed nothing
    assert reopened.journal_length == 4
    assert path.read_bytes() == good + later.encode() + b"\n"  # rewritten without it
    [kept] = rejected_lines(store)
    assert (kept["line"], kept["reason"], kept["text"]) == (3, f"line 3, which {reason}", line)
    assert caplog.messages == [f"{path}: skipping line 3, which {reason}; it is kept in {REJECTED}"]
    assert restart(reopened).annotation_ids == ["1"]
    assert len(rejected_lines(store)) == 1  # set aside once, not at every restart


def test_a_set_aside_line_says_when_where_why_and_what(store):
    store.replace(1, [SLEEP])
    path = store.folder / JOURNAL
    path.write_bytes(path.read_bytes() + b"7\n")
    before = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    restart(store)
    [kept] = rejected_lines(store)
    assert sorted(kept) == ["line", "reason", "rejected_at", "text"]
    assert (kept["line"], kept["text"]) == (2, "7")
    when = dt.datetime.fromisoformat(kept["rejected_at"])
    assert when.utcoffset() == dt.timedelta(0) and when.microsecond == 0
    assert before <= when <= dt.datetime.now(dt.timezone.utc)
    assert path.stat().st_mode & 0o777 == 0o600  # the rewritten journal stays the owner's


def test_bytes_that_are_not_utf8_cost_only_their_line(store):
    store.replace(1, [SLEEP])
    path = store.folder / JOURNAL
    path.write_bytes(path.read_bytes() + b'{"seq": 2, "op": "remove", "annotations": ["\xff"]}\n')
    reopened = restart(store)
    assert reopened.annotation_ids == ["1"]
    [kept] = rejected_lines(store)
    assert kept["reason"] == "line 2, which is not valid UTF-8"
    assert kept["text"].encode("utf-8", "surrogateescape").endswith(b'["\xff"]}')


def test_a_bad_journal_with_a_pending_rebuild_still_loads(store):
    store.replace(1, [SLEEP])
    store.mark_rebuild_pending()
    path = store.folder / JOURNAL
    path.write_bytes(path.read_bytes() + b"7\n" + b'{"seq": 3, "op": "remove", "annot')
    reopened = restart(store)
    assert reopened.rebuild_pending() and reopened.annotation_ids == ["1"]
    assert [x["text"] for x in rejected_lines(store)] == ["7", '{"seq": 3, "op": "remove", "annot']


def test_a_backend_with_a_pending_rebuild_and_a_bad_journal_boots(make_app, tmp_path, caplog):
    folder = tmp_path / "models" / "4"
    SegmentStore(folder).set_label_config(
        '<View><Labels name="code" toName="text"><Label value="Sleep"/></Labels>'
        '<Text name="text" value="$text"/></View>'
    )
    (folder / REBUILD_PENDING).write_text("START_TRAINING\n")
    (folder / JOURNAL).write_bytes(b"42\n")
    with caplog.at_level(logging.WARNING, logger="ls_thematic.backend.store"):
        client = make_app().test_client()
    assert client.get("/health").status_code == 200
    assert "skipping line 1, which is a JSON number, not an object" in caplog.text


def test_a_damaged_snapshot_is_a_clear_error_naming_it(store):
    store.replace(1, [SLEEP])
    store.compact()
    path = store.folder / SNAPSHOT
    for content, problem in [
        (b"{torn", "is not valid UTF-8 JSON"),
        (b"[]", "is a JSON array, not an object"),
        (b'{"seq": 1, "annotations": []}', "has 'annotations' that are not an object"),
        (b'{"seq": 1, "annotations": {"1": [{"text": 3}]}}', "has a segment whose 'text'"),
    ]:
        path.write_bytes(content)
        with pytest.raises(StoreError, match=f"{path}.*{problem}.*START_TRAINING"):
            restart(store)


def test_a_failed_append_leaves_no_half_line(store, monkeypatch):
    store.replace(1, [SLEEP])
    before = (store.folder / JOURNAL).read_bytes()

    def full_disk(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(store_module.os, "fsync", full_disk)
    with pytest.raises(OSError, match="No space"):
        store.replace(2, [MONEY])
    monkeypatch.undo()
    assert (store.folder / JOURNAL).read_bytes() == before
    assert store.annotation_ids == ["1"] and store.journal_length == 1
    store.replace(3, [FAMILY])
    assert restart(store).annotation_ids == ["1", "3"]


# --------------------------------------------------------------------------- issue 9: ids
def test_an_id_of_non_ascii_digits_is_a_name_not_a_number(store):
    """An id "²" passes str.isdigit(), and int("²") then failed every /predict of the project."""
    for key in ["²", 10, "٣", 9, "b", "007"]:
        store.replace(key, [SLEEP])
    expected = ["007", "9", "10", "b", "²", "٣"]
    assert store.annotation_ids == expected
    assert len(store.segments()) == 6
    reopened = restart(store)
    assert reopened.annotation_ids == expected
    reopened.compact()
    snapshot = json.loads((store.folder / SNAPSHOT).read_text(encoding="utf-8"))
    assert list(snapshot["annotations"]) == expected
    assert restart(reopened).annotation_ids == expected


def test_ids_with_equal_values_sort_by_their_text(store):
    store.replace("7", [SLEEP])
    store.replace("07", [MONEY])
    store.replace(8, [FAMILY])
    assert store.annotation_ids == ["07", "7", "8"]
    assert store_module._id_order("12") < store_module._id_order("9a")
