"""Reading transcript files: encodings, bad files named with their fix, Word documents."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
import pytest

from ls_thematic.label_config.errors import TranscriptError
from ls_thematic.label_config.participants import read_participants
from ls_thematic.label_config.tasks import build_task
from ls_thematic.label_config.transcripts import read_transcript

from .transcript_data import utterances, write, write_docx, write_participants


@pytest.fixture
def participants_csv(tmp_path) -> Path:
    return write_participants(tmp_path)


@pytest.fixture
def participants(participants_csv) -> dict:
    return read_participants(participants_csv)


def test_encoding_fallback_only_when_asked(tmp_path, participants):
    path = write(
        tmp_path / "P3.txt", "P3: I was na\u00efve, caf\u00e9 \u2013 fine.".encode("cp1252")
    )
    with pytest.raises(
        TranscriptError,
        match=r"P3\.txt is not valid UTF-8: byte 0xEF at byte offset 12 \(line 1\).*"
        r"Save it as UTF-8 or pass --encoding",
    ):
        build_task(path, participants)
    data = build_task(path, participants, encoding="cp1252")["data"]
    assert utterances(data["text"], data["turns"]) == [
        ("P3", "I was na\u00efve, caf\u00e9 \u2013 fine.")
    ]


def test_utf8_files_stay_utf8_when_a_fallback_is_given(tmp_path, participants):
    path = write(tmp_path / "P3.txt", "P3: caf\u00e9")
    data = build_task(path, participants, encoding="cp1252")["data"]
    assert data["text"] == "P3: caf\u00e9"


def test_fallback_that_also_fails(tmp_path):
    path = write(tmp_path / "P3.txt", b"P3: \x81\x8d bytes")  # undefined in cp1252 too
    with pytest.raises(
        TranscriptError, match=r"neither valid UTF-8 \(byte 0x81.*\) nor valid cp1252"
    ):
        read_transcript(path, encoding="cp1252")


def test_unknown_encoding(tmp_path):
    path = write(tmp_path / "P3.txt", "P3: hi")
    with pytest.raises(TranscriptError, match=r"Unknown encoding 'klingon'.*cp1252"):
        read_transcript(path, encoding="klingon")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("P3.txt", b"", r"P3\.txt is empty"),
        ("P3.txt", b" \r\n\t\n", r"P3\.txt is empty"),
        ("P3.txt", b"\xef\xbb\xbf", r"P3\.txt is empty"),
        ("P3.vtt", b"WEBVTT\n\nNOTE nothing else\n", r"P3\.vtt has no cue text"),
        ("P3.srt", b"1\n00:00:01,000 --> 00:00:02,000\n\n", r"P3\.srt has no cue text"),
        ("P3.txt", b"P3: a\x00b", r"P3\.txt is not a text file: it contains NUL bytes.*offset 5"),
        ("P3.txt", b"%PDF-1.7\n...", r"P3\.txt is not a plain-text file: it looks like a PDF"),
        ("P3.txt", b"PK\x03\x04rest", r"looks like a zip archive \(such as a Word \.docx"),
        ("P3.txt", b"{\\rtf1\\ansi hello}", r"looks like an RTF document"),
        ("P3.txt", b"P3: caf\xe9\n", r"not valid UTF-8: byte 0xE9 at byte offset 7 \(line 1\)"),
        ("P3.txt", b"P3: ok\nP3: caf\xe9", r"byte 0xE9 at byte offset 14 \(line 2\).*--encoding"),
        ("P3.docx", b"P3: plain text, not a zip", r"P3\.docx is not a Word \.docx file.*not one"),
        (
            "P3.docx",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 old word",
            r"not a Word \.docx file.*looks like an old Word \.doc",
        ),
        (
            "P3.vtt",
            b"00:00:01.000 --> 00:00:02.000\nP3: hi\n",
            r"P3\.vtt is not a WebVTT file.*WEBVTT",
        ),
        (
            "P3.vtt",
            b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nP3: hi\n\nstray line\n",
            r"P3\.vtt, line 6: expected a cue.*'stray line'",
        ),
        ("P3.srt", b"1\nP3: no timing line\n", r"P3\.srt, line 1: expected a cue.*00:00:01,000"),
        ("P3.pdf", b"%PDF-1.7", r"P3\.pdf has the extension '\.pdf'.*\.txt, \.docx, \.vtt, \.srt"),
        ("P3", b"P3: hi", r"has no extension; transcripts must be one of"),
    ],
)
def test_bad_files(tmp_path, name, content, message):
    path = write(tmp_path / name, content)
    with pytest.raises(TranscriptError, match=message):
        read_transcript(path)


def test_missing_file(tmp_path):
    with pytest.raises(TranscriptError, match=r"P3\.txt does not exist"):
        read_transcript(tmp_path / "P3.txt")


def test_zip_that_is_not_a_docx(tmp_path):
    path = tmp_path / "P3.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("notes.txt", "hello")
    with pytest.raises(TranscriptError, match=r"P3\.docx cannot be opened as a Word \.docx file"):
        read_transcript(path)


def test_docx_without_text(tmp_path):
    path = write_docx(tmp_path / "P3.docx", ["", "   "])
    with pytest.raises(TranscriptError, match=r"P3\.docx is empty"):
        read_transcript(path)


def test_docx_paragraphs_and_tables_in_document_order(tmp_path):
    document = docx.Document()
    document.add_paragraph("Transcript of interview 3")
    document.add_paragraph("")
    document.add_paragraph("Interviewer: First question?\nWith a line break.")
    table = document.add_table(rows=3, cols=2)
    table.cell(0, 0).text = "P3:"
    table.cell(0, 1).text = "An answer in a table."
    table.cell(1, 0).merge(table.cell(1, 1)).text = "A merged cell, read once."
    table.cell(2, 0).text = "Interviewer:"
    table.cell(2, 1).text = "Thanks."
    document.add_paragraph("P3: After the table.")
    path = tmp_path / "P3.docx"
    document.save(str(path))

    transcript = read_transcript(path)
    assert transcript.text == (
        "Transcript of interview 3\n\n"
        "Interviewer: First question?\nWith a line break.\n\n"
        "P3:\n\nAn answer in a table.\n\nA merged cell, read once.\n\n"
        "Interviewer:\n\nThanks.\n\n"
        "P3: After the table."
    )
    assert utterances(transcript.text, transcript.turns) == [
        (None, "Transcript of interview 3"),
        ("Interviewer", "First question?\nWith a line break."),
        ("P3", "An answer in a table.\n\nA merged cell, read once."),
        ("Interviewer", "Thanks."),
        ("P3", "After the table."),
    ]
