"""A stored segment's context (backend/store.py, ``Segment.speaker`` and ``Segment.previous``):
what the suggester learns from, kept in the journal and the snapshot; files written before
contexts were kept load unchanged and mean "no context" (the text alone)."""

from __future__ import annotations

import json

from ls_thematic.backend.store import JOURNAL, REJECTED, SNAPSHOT, Segment, SegmentStore

QUESTION = ("Let us start with sleep.", "How do you sleep at night?")
ANSWER = Segment(
    "I lie awake for hours every single night.",
    ("Sleep",),
    task=3,
    start=98,
    end=139,
    speaker="participant",
    previous=QUESTION,
)
PLAIN = Segment("It costs a lot.", ("Money",), task=3, start=200, end=215)


def test_the_context_survives_a_restart_from_the_journal_and_from_the_snapshot(tmp_path):
    store = SegmentStore(tmp_path / "p")
    store.replace(1, [ANSWER, PLAIN])
    line = json.loads((store.folder / JOURNAL).read_text(encoding="ascii"))
    assert line["segments"][0]["speaker"] == "participant"
    assert line["segments"][0]["previous"] == list(QUESTION)
    assert "speaker" not in line["segments"][1] and "previous" not in line["segments"][1]
    assert SegmentStore(store.folder).segments() == [ANSWER, PLAIN]
    store.compact()
    reloaded = SegmentStore(store.folder)
    assert reloaded.segments() == [ANSWER, PLAIN]
    assert reloaded.digest() == store.digest()


def test_a_journal_line_written_before_contexts_loads_as_no_context(tmp_path):
    folder = tmp_path / "p"
    folder.mkdir()
    old = {
        "seq": 1,
        "op": "replace",
        "annotation": "7",
        "segments": [{"text": "I can't sleep.", "codes": ["Sleep"], "task": 1, "start": 0}],
    }
    (folder / JOURNAL).write_text(json.dumps(old) + "\n", encoding="ascii")
    (segment,) = SegmentStore(folder).segments()
    assert segment == Segment("I can't sleep.", ("Sleep",), task=1, start=0)
    assert (segment.speaker, segment.previous) == (None, ())
    assert segment.item() == "I can't sleep."  # the text alone, as before
    assert not (folder / REJECTED).exists()


def test_a_snapshot_written_before_contexts_loads_as_no_context(tmp_path):
    folder = tmp_path / "p"
    folder.mkdir()
    snapshot = {"seq": 4, "annotations": {"7": [{"text": "Ça va.", "codes": ["A"]}]}}
    (folder / SNAPSHOT).write_text(json.dumps(snapshot), encoding="utf-8")
    assert [s.item() for s in SegmentStore(folder).segments()] == ["Ça va."]


def test_the_item_is_the_text_alone_without_context_and_the_mapping_with_it():
    assert PLAIN.item() == "It costs a lot."
    assert ANSWER.item() == {
        "text": "I lie awake for hours every single night.",
        "speaker": "participant",
        "previous": list(QUESTION),
    }
    # A speaker alone, or previous sentences alone, is a context.
    assert Segment("t", ("A",), speaker="interviewer").item() == {
        "text": "t",
        "speaker": "interviewer",
        "previous": [],
    }
    assert Segment("t", ("A",), previous=("Before.",)).item() == {
        "text": "t",
        "speaker": None,
        "previous": ["Before."],
    }


def test_empty_context_fields_are_left_out_so_old_segments_are_written_as_before():
    assert Segment("t", ("A",)).to_dict() == {"text": "t", "codes": ["A"]}
    assert Segment("t", ("A",), speaker=None, previous=()).to_dict() == {
        "text": "t",
        "codes": ["A"],
    }
    assert Segment.from_dict(ANSWER.to_dict()) == ANSWER
    assert isinstance(Segment.from_dict(ANSWER.to_dict()).previous, tuple)


def test_the_digest_covers_the_context_and_not_an_empty_one(make_store, tmp_path):
    def digest(*segments):
        store = make_store(tmp_path / str(len(list(tmp_path.iterdir()))))
        store.replace(1, segments)
        return store.digest()

    plain = Segment(ANSWER.text, ANSWER.codes)
    assert digest(plain) == digest(Segment(ANSWER.text, ANSWER.codes, speaker=None, previous=()))
    assert digest(Segment(ANSWER.text, ANSWER.codes, speaker="participant")) != digest(plain)
    assert digest(Segment(ANSWER.text, ANSWER.codes, previous=QUESTION)) != digest(plain)
    assert digest(Segment(ANSWER.text, ANSWER.codes, previous=QUESTION[1:])) != digest(
        Segment(ANSWER.text, ANSWER.codes, previous=QUESTION)
    )
    # Offsets and task are not learnt; the context is.
    assert digest(ANSWER) == digest(
        Segment(ANSWER.text, ANSWER.codes, speaker="participant", previous=QUESTION)
    )


def test_from_dict_reads_every_field_it_writes():
    # A segment read back is the segment written: origin and context included (a journal line
    # that lost "origin" would turn an accepted suggestion into the coder's own coding).
    segment = Segment(
        text="It helps.",
        codes=("Support",),
        task=3,
        participant="P1",
        start=10,
        end=19,
        coder=2,
        origin="prediction",
        speaker="participant",
        previous=("What helps?", "Tell me."),
    )
    data = segment.to_dict()
    assert data["origin"] == "prediction" and data["speaker"] == "participant"
    assert Segment.from_dict(data) == segment
