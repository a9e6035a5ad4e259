"""The coded segments of a project on disk (backend/store.py): journal, snapshot, rebuild."""

from __future__ import annotations

import os
import stat

from ls_thematic.backend.store import (
    JOURNAL,
    LABEL_CONFIG,
    REBUILD_PENDING,
    REJECTED,
    SNAPSHOT,
    Segment,
    SegmentStore,
)

# The contract of both stores (the folder's and PostgreSQL's): make_store runs each test twice.


def test_an_event_during_a_rebuild_is_kept(make_store, tmp_path):
    store = make_store(tmp_path / "p")
    store.begin_rebuild()
    store.replace(7, [Segment("new while pulling", ("Money",))])
    store.remove([8])
    store.rebuild(
        {8: [Segment("deleted while pulling", ("Sleep",))], 9: [Segment("pulled", ("Family",))]}
    )
    assert {s.text for s in store.segments()} == {"new while pulling", "pulled"}


def test_an_aborted_rebuild_stops_recording_and_keeps_the_state(make_store, tmp_path):
    store = make_store(tmp_path / "p")
    store.replace(1, [Segment("before", ("Money",))])
    store.begin_rebuild()
    store.replace(2, [Segment("during a failed pull", ("Sleep",))])
    store.abort_rebuild()
    store.remove([2])
    # A later rebuild replays nothing from the aborted one: annotation 2 stays deleted.
    store.begin_rebuild()
    store.rebuild({1: [Segment("before", ("Money",))]})
    assert [s.text for s in store.segments()] == ["before"]
    assert [s.text for s in make_store(tmp_path / "p").segments()] == ["before"]


def test_annotations_of_tasks(make_store, tmp_path):
    store = make_store(tmp_path / "p")
    store.replace(10, [Segment("a", ("Money",), task=1), Segment("b", ("Money",), task=2)])
    store.replace(9, [Segment("c", ("Sleep",), task=2)])
    store.replace(11, [Segment("d", ("Sleep",), task=3)])
    assert store.annotations_of_tasks([2]) == ["9", "10"]
    assert store.annotations_of_tasks([3, 1]) == ["10", "11"]
    assert store.annotations_of_tasks([4]) == []


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


def mode_of(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_the_folder_and_every_file_are_readable_by_their_owner_only(tmp_path):
    """They quote confidential interviews: 0700 and 0600, whatever the umask lets through."""
    old = os.umask(0o022)
    try:
        store = SegmentStore(tmp_path / "models" / "3")
        store.replace(1, [Segment("kept", ("Money",))])
        store.set_label_config("<View/>")
        store.mark_rebuild_pending()
        with open(store.folder / JOURNAL, "a") as handle:
            handle.write("12")  # a torn line, set aside in journal.rejected at the next load
        SegmentStore(store.folder).compact()
    finally:
        os.umask(old)
    assert mode_of(store.folder) == 0o700
    names = {JOURNAL, SNAPSHOT, LABEL_CONFIG, REBUILD_PENDING, REJECTED}
    assert {p.name for p in store.folder.iterdir()} == names
    assert {name: mode_of(store.folder / name) for name in names} == dict.fromkeys(names, 0o600)


def test_modes_of_an_existing_folder_are_tightened_when_it_is_opened(tmp_path):
    folder = tmp_path / "3"
    SegmentStore(folder).replace(1, [Segment("kept", ("Money",))])
    os.chmod(folder, 0o755)
    os.chmod(folder / JOURNAL, 0o644)
    (folder / "notes.txt").write_text("x")
    os.chmod(folder / "notes.txt", 0o664)
    reopened = SegmentStore(folder)
    assert [s.text for s in reopened.segments()] == ["kept"]
    assert mode_of(folder) == 0o700
    assert mode_of(folder / JOURNAL) == 0o600
    assert mode_of(folder / "notes.txt") == 0o600
    os.chmod(folder / JOURNAL, 0o400)  # stricter than needed: left alone
    SegmentStore(folder)
    assert mode_of(folder / JOURNAL) == 0o400
