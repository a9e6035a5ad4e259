"""Codebook files: YAML and CSV round trips, CSV errors, unreadable and unknown files."""

from __future__ import annotations

import pytest

from ls_thematic.label_config.codebook import Codebook
from ls_thematic.label_config.codebook_io import (
    codebook_from_csv,
    codebook_text,
    codebook_to_csv,
    codebook_to_yaml,
    load_codebook,
    save_codebook,
)
from ls_thematic.label_config.errors import CodebookError

from .codebook_data import small


def test_yaml_round_trip(tmp_path):
    book = Codebook.from_dict(small())
    path = tmp_path / "book.yaml"
    path.write_text(codebook_to_yaml(book), encoding="utf-8")
    assert load_codebook(path) == book


def test_csv_round_trip_in_any_row_order(tmp_path):
    book = Codebook.from_dict({k: v for k, v in small().items() if k != "relationships"})
    text = codebook_to_csv(book)
    header, *rows = text.strip().splitlines()
    shuffled = "\n".join([header, *reversed(rows)]) + "\n"
    back = codebook_from_csv(shuffled, "book.csv", title="Small")
    assert {n: back.path_of(n) for n in back.names} == {n: book.path_of(n) for n in book.names}
    assert back.code("Attached") == book.code("Attached")
    assert codebook_to_csv(codebook_from_csv(text, "book.csv", title="Small")) == text


@pytest.mark.parametrize(
    ("csv_text", "match"),
    [
        ("name,parent\nA,Ghost\n", r"line 2: parent 'Ghost' of 'A' is not a code in this file"),
        ("name,parent\nA,B\nB,A\n", r"parents form a cycle \(A -> B -> A\)"),
        ("name,parent\nA,A\n", r"parents form a cycle \(A -> A\)"),
        ("name,parent\nA,\nA,\n", r"line 3: code 'A' is defined twice"),
        ("name,parent\n,\n", r"line 2: 'name' is empty"),
        ("title,parent\nA,\n", r"header with at least 'name'"),
        ("name,parent,weight\nA,,1\n", r"unknown column\(s\) weight"),
    ],
)
def test_csv_errors(csv_text, match):
    with pytest.raises(CodebookError, match=match):
        codebook_from_csv(csv_text, "book.csv")


def test_bad_files(tmp_path):
    with pytest.raises(CodebookError, match=r"no such codebook file"):
        load_codebook(tmp_path / "missing.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("codes: [\n", encoding="utf-8")
    with pytest.raises(CodebookError, match=r"bad\.yaml: is not valid YAML at line"):
        load_codebook(bad)
    other = tmp_path / "book.json"
    other.write_text("{}", encoding="utf-8")
    with pytest.raises(CodebookError, match=r"unknown codebook format '.json'; allowed: .yaml"):
        load_codebook(other)
    binary = tmp_path / "bin.yaml"
    binary.write_bytes(b"\xff\xfe\x00bad")
    with pytest.raises(CodebookError, match=r"is not UTF-8 text"):
        load_codebook(binary)


@pytest.mark.parametrize("suffix", [".yaml", ".yml", ".csv", ".qdc", ".xml", ".YAML"])
def test_save_codebook_writes_each_format_that_loads_back(tmp_path, suffix):
    book = Codebook.from_dict(small())
    path = tmp_path / f"book{suffix}"
    save_codebook(book, path)
    back = load_codebook(path).without_guids()  # a .qdc keeps the GUIDs it was given
    assert {n: back.path_of(n) for n in back.names} == {n: book.path_of(n) for n in book.names}
    assert back.code("Attached") == book.code("Attached")


def test_codebook_text_names_the_allowed_formats():
    book = Codebook.from_dict(small())
    assert codebook_text(book, ".yml") == codebook_to_yaml(book)
    with pytest.raises(
        CodebookError, match=r"Unknown codebook format '\.json'; allowed: \.yaml, \.yml, \.csv"
    ):
        codebook_text(book, ".json")
