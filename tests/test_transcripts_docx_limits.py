"""Size caps of .docx import (label_config/transcripts.py): a huge file or a zip bomb is refused
with a message naming the limit, before python-docx unpacks it into memory."""

from __future__ import annotations

import zipfile

import pytest

from ls_thematic.label_config.errors import TranscriptError
from ls_thematic.label_config.transcripts import (
    MAX_DOCX_BYTES,
    MAX_DOCX_UNPACKED_BYTES,
    read_transcript,
)

from .transcript_data import write_docx


def test_a_docx_over_the_size_cap_is_refused_unread(tmp_path):
    path = tmp_path / "P3.docx"
    with open(path, "wb") as file:
        file.write(b"PK\x03\x04")
        file.truncate(MAX_DOCX_BYTES + 1)  # sparse: nothing is written to disk
    with pytest.raises(TranscriptError, match=r"P3\.docx is 50\.0 MB; a \.docx transcript may "
                       r"be at most 50\.0 MB \(MAX_DOCX_BYTES\)"):  # fmt: skip
        read_transcript(path)


def test_a_zip_bomb_is_refused(tmp_path):
    path = tmp_path / "P3.docx"
    chunk = b"\0" * (1024 * 1024)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            for _ in range(MAX_DOCX_UNPACKED_BYTES // len(chunk) + 1):
                member.write(chunk)
    assert path.stat().st_size < MAX_DOCX_BYTES
    with pytest.raises(TranscriptError, match=r"P3\.docx unpacks to 201\.0 MB; a \.docx "
                       r"transcript may unpack to at most 200\.0 MB \(MAX_DOCX_UNPACKED_BYTES\)"):  # fmt: skip
        read_transcript(path)


def test_an_ordinary_docx_is_read(tmp_path):
    path = write_docx(tmp_path / "P3.docx", ["P3: Hello there.", "Interviewer: And then?"])
    assert read_transcript(path).text == "P3: Hello there.\n\nInterviewer: And then?"
