"""The coded segments of a project on disk (backend/store.py): journal, snapshot, rebuild."""

from __future__ import annotations

from ls_thematic.backend.store import JOURNAL, Segment, SegmentStore


def test_an_event_during_a_rebuild_is_kept(tmp_path):
    store = SegmentStore(tmp_path / "p")
    store.begin_rebuild()
    store.replace(7, [Segment("new while pulling", ("Money",))])
    store.remove([8])
    store.rebuild(
        {8: [Segment("deleted while pulling", ("Sleep",))], 9: [Segment("pulled", ("Family",))]}
    )
    assert {s.text for s in store.segments()} == {"new while pulling", "pulled"}


def test_a_torn_last_journal_line_is_skipped(tmp_path):
    store = SegmentStore(tmp_path / "p")
    store.replace(1, [Segment("kept", ("Money",))])
    with open(tmp_path / "p" / JOURNAL, "a") as handle:
        handle.write('{"seq": 2, "op": "replace", "annotation": "2", "segm')
    assert [s.text for s in SegmentStore(tmp_path / "p").segments()] == ["kept"]


def test_compaction_keeps_every_segment(tmp_path):
    store = SegmentStore(tmp_path / "p")
    for i in range(5):
        store.replace(i, [Segment(f"text {i}", ("Money",))])
    store.remove([0])
    digest = store.digest()
    store.compact()
    assert (tmp_path / "p" / JOURNAL).read_text() == ""
    store.replace(9, [Segment("after the snapshot", ("Sleep",))])
    reloaded = SegmentStore(tmp_path / "p")
    assert reloaded.annotation_ids == ["1", "2", "3", "4", "9"]
    reloaded.remove([9])
    assert reloaded.digest() == digest
