"""Where a stored segment came from (backend/store.py, ``Segment.origin``): coded by hand, a
suggestion accepted unchanged, or an edited suggestion; files written before origins were kept
load unchanged."""

from __future__ import annotations

import json

import pytest

from ls_thematic.backend.store import JOURNAL, REJECTED, SNAPSHOT, Segment, SegmentStore
from ls_thematic.label_config import lsexport

HAND = Segment("I can't sleep.", ("Sleep",), task=1, participant="P1", start=0, end=14, coder=5)
ACCEPTED = Segment(
    "It costs a lot.", ("Money",), task=1, start=15, end=30, origin=lsexport.ACCEPTED
)
EDITED = Segment("My kids worry.", ("Family",), task=2, start=3, end=17, origin=lsexport.EDITED)


def test_a_journal_line_written_before_origins_loads_as_coded_by_hand(tmp_path):
    folder = tmp_path / "p"
    folder.mkdir()
    old = {
        "seq": 1,
        "op": "replace",
        "annotation": "7",
        "segments": [{"text": "I can't sleep.", "codes": ["Sleep"], "task": 1, "coder": 5}],
    }
    (folder / JOURNAL).write_text(json.dumps(old) + "\n", encoding="ascii")
    (segment,) = SegmentStore(folder).segments()
    assert segment == Segment("I can't sleep.", ("Sleep",), task=1, coder=5, origin="manual")
    assert not (folder / REJECTED).exists()


def test_a_snapshot_written_before_origins_loads_as_coded_by_hand(tmp_path):
    folder = tmp_path / "p"
    folder.mkdir()
    snapshot = {"seq": 4, "annotations": {"7": [{"text": "Ça va.", "codes": ["A"]}]}}
    (folder / SNAPSHOT).write_text(json.dumps(snapshot), encoding="utf-8")
    assert [s.origin for s in SegmentStore(folder).segments()] == ["manual"]


def test_origins_survive_a_restart_from_the_journal_and_from_the_snapshot(make_store, tmp_path):
    store = make_store(tmp_path / "p")
    store.replace(1, [HAND, ACCEPTED])
    store.replace(2, [EDITED])
    assert make_store(store.folder).segments() == [HAND, ACCEPTED, EDITED]
    store.compact()
    reloaded = make_store(store.folder)
    assert [s.origin for s in reloaded.segments()] == ["manual", "prediction", "prediction-changed"]
    assert reloaded.digest() == store.digest()


def test_a_segment_coded_by_hand_is_written_as_before_and_others_name_their_origin(tmp_path):
    assert "origin" not in HAND.to_dict()
    assert ACCEPTED.to_dict()["origin"] == "prediction"
    assert Segment.from_dict(EDITED.to_dict()) == EDITED
    store = SegmentStore(tmp_path / "p")
    store.replace(1, [HAND, ACCEPTED])
    raw = (store.folder / JOURNAL).read_bytes()
    assert raw.count(b"\n") == 1 and raw.isascii()  # one ASCII line per change
    (line,) = [json.loads(raw)]
    assert [s.get("origin") for s in line["segments"]] == [None, "prediction"]


def test_the_digest_tells_an_accepted_suggestion_from_coding_by_hand(make_store, tmp_path):
    by_hand = make_store(tmp_path / "a")
    by_hand.replace(1, [Segment("It costs a lot.", ("Money",), task=1, start=15, end=30)])
    accepted = make_store(tmp_path / "b")
    accepted.replace(1, [ACCEPTED])
    explicit = make_store(tmp_path / "c")
    explicit.replace(1, [Segment("It costs a lot.", ("Money",), origin="manual")])
    assert accepted.digest() != by_hand.digest() == explicit.digest()


@pytest.mark.parametrize("origin", [3, None, ["prediction"]])
def test_a_journal_line_with_an_origin_that_is_not_a_string_is_set_aside(tmp_path, origin):
    folder = tmp_path / "p"
    store = SegmentStore(folder)
    store.replace(1, [HAND])
    bad = {"seq": 2, "op": "replace", "annotation": "2", "segments": [{**ACCEPTED.to_dict()}]}
    bad["segments"][0]["origin"] = origin
    with open(folder / JOURNAL, "a", encoding="ascii") as handle:
        handle.write(json.dumps(bad) + "\n")
    assert SegmentStore(folder).segments() == [HAND]
    (rejected,) = [json.loads(x) for x in (folder / REJECTED).read_text().splitlines()]
    assert "'origin' is not a string" in rejected["reason"]
