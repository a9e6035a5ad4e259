"""Atomic writes (no half file, the file mode) and what a binary file looks like."""

from __future__ import annotations

import os
import stat
import threading

import pytest

from ls_thematic.label_config.errors import TranscriptError
from ls_thematic.label_config.fileio import (
    atomic_write_bytes,
    atomic_write_text,
    decode_text,
    looks_like,
    read_bytes,
)


def test_atomic_write_text_creates_folders_replaces_and_leaves_no_temporary_file(tmp_path):
    path = tmp_path / "a" / "b" / "out.txt"
    atomic_write_text(path, "first – é")
    atomic_write_text(path, "second")
    assert path.read_text(encoding="utf-8") == "second"
    assert os.listdir(path.parent) == ["out.txt"]


def test_atomic_write_is_owner_only_unless_a_mode_is_given(tmp_path):
    private, shared = tmp_path / "private.json", tmp_path / "shared.json"
    atomic_write_bytes(private, b"{}")
    atomic_write_text(shared, "{}", mode=0o644)
    assert stat.S_IMODE(private.stat().st_mode) == 0o600
    assert stat.S_IMODE(shared.stat().st_mode) == 0o644


def test_a_failed_write_keeps_the_old_file(tmp_path):
    path = tmp_path / "out.txt"
    atomic_write_text(path, "old")
    with pytest.raises(TypeError):
        atomic_write_bytes(path, "not bytes")  # type: ignore[arg-type]
    assert path.read_text(encoding="utf-8") == "old"
    assert os.listdir(tmp_path) == ["out.txt"]


def test_looks_like_names_binary_files():
    assert looks_like(b"%PDF-1.7") == "a PDF document"
    assert looks_like(b"\x89PNG\r\n") == "a PNG image"
    assert looks_like(b"P3: plain text") is None


def test_decode_text_normalises_and_read_bytes_refuses_empty_files(tmp_path):
    path = tmp_path / "P3.txt"
    assert decode_text("a\r\nb".encode("utf-16"), path, None) == "a\nb"
    path.write_bytes(b"")
    with pytest.raises(TranscriptError, match=r"P3\.txt is empty \(0 bytes\)"):
        read_bytes(path)


def test_a_path_that_is_no_regular_file_is_written_to_not_replaced(tmp_path):
    # `-o /dev/null` run as root once turned /dev/null into a regular file of mode 0600
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    received = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_bytes()))
    reader.start()
    atomic_write_text(pipe, "figures\n")
    reader.join(timeout=10)
    assert received == [b"figures\n"]
    assert stat.S_ISFIFO(pipe.stat().st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe"]
