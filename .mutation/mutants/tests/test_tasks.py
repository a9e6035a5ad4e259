"""Label Studio tasks from transcript files: every format, batches, re-import, the demo files."""

from __future__ import annotations

from pathlib import Path

import pytest

from ls_thematic.label_config.errors import TranscriptError
from ls_thematic.label_config.participants import read_participants
from ls_thematic.label_config.tasks import (
    build_task,
    build_tasks,
    content_hash,
    content_hashes,
    new_tasks,
)
from ls_thematic.label_config.transcripts import SUPPORTED_EXTENSIONS
from ls_thematic.label_config.turns import DEFAULT_SPEAKER_PATTERN, Turn, parse_turns

from .transcript_data import (
    DIALOGUE,
    EXAMPLES,
    FORMATS,
    as_txt,
    check_sentence_spans,
    utterances,
    write,
    write_dialogue,
    write_participants,
)


@pytest.fixture
def participants_csv(tmp_path) -> Path:
    return write_participants(tmp_path)


@pytest.fixture
def participants(participants_csv) -> dict:
    return read_participants(participants_csv)


@pytest.mark.parametrize("fmt", FORMATS)
def test_round_trip_every_format(tmp_path, fmt, participants):
    task = build_task(write_dialogue(tmp_path, fmt), participants)
    data = task["data"]
    assert utterances(data["text"], data["turns"]) == DIALOGUE
    assert [t["role"] for t in data["turns"]] == ["interviewer", "participant"] * 2
    assert "\r" not in data["text"] and "\ufeff" not in data["text"]
    # Every format renders the same text, so the same interview is recognised in any format.
    assert data["text"].rstrip("\n") == as_txt(DIALOGUE).rstrip("\n")
    assert data["content_hash"] == content_hash(data["text"])


def test_bom_and_crlf_give_the_same_task_as_plain_utf8(tmp_path, participants):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    plain = build_task(write_dialogue(tmp_path / "a", "txt"), participants)
    crlf = build_task(write_dialogue(tmp_path / "b", "txt-crlf-bom"), participants)
    assert crlf["data"] == plain["data"]


def test_task_fields(tmp_path, participants):
    path = write(tmp_path / "P3.txt", "Recorded at home.\nI: Hi.\nP3: Hello.")
    data = build_task(path, participants)["data"]
    assert data == {
        "text": "Recorded at home.\nI: Hi.\nP3: Hello.",
        "participant": "P3",
        "attributes": {"role": "Mental health nurse", "years_experience": "12"},
        "participant_header": "P3 · role: Mental health nurse · years experience: 12",
        "turns": [
            {"start": 0, "end": 17, "speaker": None, "role": None},
            {"start": 21, "end": 24, "speaker": "I", "role": "interviewer"},
            {"start": 29, "end": 35, "speaker": "P3", "role": "participant"},
        ],
        "source_file": "P3.txt",
        "content_hash": content_hash("Recorded at home.\nI: Hi.\nP3: Hello."),
    }


def test_participant_id_can_be_given(tmp_path, participants):
    path = write(tmp_path / "interview-2023-03-12.txt", "P1: Hello.")
    assert build_task(path, participants, participant_id="P1")["data"]["participant"] == "P1"


def test_build_tasks(tmp_path, participants_csv):
    paths = [
        write(tmp_path / "P1.txt", "I: Hello.\nP1: Hi."),
        write_dialogue(tmp_path, "docx"),
        write(tmp_path / "P4.vtt", "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v P4>Hi.\n"),
    ]
    tasks = build_tasks(paths, participants_csv)
    assert [t["data"]["participant"] for t in tasks] == ["P1", "P3", "P4"]
    assert [t["data"]["source_file"] for t in tasks] == ["P1.txt", "P3.docx", "P4.vtt"]


@pytest.mark.parametrize(
    ("files", "message"),
    [
        (
            {"P9.txt": "P9: hi"},
            r"P9\.txt: participant 'P9' .*is not in the participants file; it has: P1, P3, P4",
        ),
        ({"P1.txt": "I: a", "P3.txt": ""}, r"P3\.txt is empty"),
        ({"P1.txt": "I: same", "P3.txt": "I: same"}, r"P3\.txt has the same text as .*P1\.txt"),
        (
            {"P3.txt": "I: one", "sub/P3.srt": "1\n00:00:01,000 --> 00:00:02,000\nI: two\n"},
            r"P3\.srt: participant 'P3' is also the participant of .*P3\.txt; import one",
        ),
        ({"P1.txt": "I: a", "P3.rtf": "I: b"}, r"P3\.rtf has the extension '\.rtf'"),
        (
            {"P1.txt": "I: a", "P3.txt": b"I: \x00\x01"},
            r"P3\.txt is not a text file: it contains NUL",
        ),
        ({"P1.txt": "I: a", "P3.txt": b"I: caf\xe9"}, r"P3\.txt is not valid UTF-8.*--encoding"),
    ],
)
def test_build_tasks_refuses_a_bad_batch(tmp_path, participants_csv, files, message):
    paths = []
    for name, content in files.items():
        (tmp_path / name).parent.mkdir(exist_ok=True)
        paths.append(write(tmp_path / name, content))
    with pytest.raises(TranscriptError, match=r"(?s)Nothing was imported.*" + message):
        build_tasks(paths, participants_csv)


def test_build_tasks_lists_every_problem_at_once(tmp_path):
    csv_path = write(tmp_path / "participants.csv", "participant,role\nP1,a\nP2,b\nP2,c\n")
    paths = [
        write(tmp_path / "P1.txt", "I: fine"),
        write(tmp_path / "P7.txt", ""),
        write(tmp_path / "P8.md", "I: x"),
    ]
    with pytest.raises(TranscriptError) as caught:
        build_tasks(paths, csv_path)
    message = str(caught.value)
    assert message.startswith("Nothing was imported; fix these 3 problems and import again:\n")
    assert "participant 'P2' appears twice, on lines 3 and 4" in message
    assert "P7.txt is empty" in message
    assert "P8.md has the extension '.md'" in message


def test_build_tasks_reports_missing_participant_and_bad_file_together(tmp_path, participants_csv):
    paths = [write(tmp_path / "P9.txt", b"")]
    with pytest.raises(
        TranscriptError, match=r"(?s)2 problems.*P9\.txt: participant 'P9'.*P9\.txt is empty"
    ):
        build_tasks(paths, participants_csv)


def test_build_tasks_needs_files(participants_csv):
    with pytest.raises(
        TranscriptError, match=r"No transcript files were given; pass \.txt, \.docx"
    ):
        build_tasks([], participants_csv)


def test_supported_extensions_are_case_insensitive(tmp_path, participants):
    assert (
        build_task(write(tmp_path / "P3.TXT", "P3: hi"), participants)["data"]["participant"]
        == "P3"
    )
    assert set(SUPPORTED_EXTENSIONS) == {".txt", ".docx", ".vtt", ".srt"}


def test_new_tasks_skips_what_is_already_imported(tmp_path, participants_csv):
    first = build_tasks(
        [write(tmp_path / "P1.txt", "I: a\nP1: b"), write(tmp_path / "P3.txt", "I: c\nP3: d")],
        participants_csv,
    )
    (tmp_path / "again").mkdir()
    # The same P1 transcript saved with Windows line endings, and a new P4.
    second = build_tasks(
        [
            write(tmp_path / "again" / "P1.txt", "I: a\r\nP1: b"),
            write(tmp_path / "again" / "P4.txt", "I: e\nP4: f"),
        ],
        participants_csv,
    )
    to_import, skipped = new_tasks(second, content_hashes(first))
    assert [t["data"]["participant"] for t in to_import] == ["P4"]
    assert [t["data"]["participant"] for t in skipped] == ["P1"]


def test_new_tasks_dedups_within_the_batch_and_reads_old_tasks_without_hash():
    old = {"id": 4, "data": {"text": "I: a\r\nP1: b"}}  # imported before content_hash existed
    task = {"data": {"text": "I: a\nP1: b", "content_hash": content_hash("I: a\nP1: b")}}
    other = {"data": {"text": "x", "content_hash": content_hash("x")}}
    assert new_tasks([task, other, other], content_hashes([old])) == ([other], [task, other])
    assert new_tasks([], set()) == ([], [])


def expected_turns_by_lines(text: str) -> list[tuple[str, str]]:
    """An independent reading of the demo files: one 'Speaker: utterance' paragraph per turn."""
    out = []
    for line in text.split("\n"):
        if line.strip():
            speaker, _, utterance = line.partition(": ")
            out.append((speaker, utterance.strip()))
    return out


@pytest.mark.skipif(
    not list((EXAMPLES / "transcripts").glob("P*.txt")),
    reason="no demo transcripts in this checkout",
)
def test_demo_transcripts():
    paths = sorted((EXAMPLES / "transcripts").glob("P*.txt"))
    tasks = build_tasks(paths, EXAMPLES / "participants.csv")
    assert len(tasks) == len(paths)
    for path, task in zip(paths, tasks, strict=True):
        data = task["data"]
        assert data["participant"] == path.stem
        assert data["participant_header"].startswith(f"{path.stem} · role: ")
        assert utterances(data["text"], data["turns"]) == expected_turns_by_lines(data["text"])
        assert {t["role"] for t in data["turns"]} == {"interviewer", "participant"}
        for turn in data["turns"]:
            label = f"{turn['speaker']}: "
            assert data["text"][turn["start"] - len(label) : turn["start"]] == label
            check_sentence_spans(data["text"], turn["start"], turn["end"])
        assert parse_turns(data["text"], DEFAULT_SPEAKER_PATTERN) == [
            Turn(**t) for t in data["turns"]
        ]
