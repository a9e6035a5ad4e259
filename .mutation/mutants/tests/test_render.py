"""One table renderer: text, CSV, Markdown and JSON, and Markdown cells read back."""

from __future__ import annotations

import io
import json
import math

import pandas as pd
import pytest

from ls_thematic.scripts.render import (
    indent_codes,
    markdown_cell,
    markdown_table,
    render_table,
    split_markdown_row,
    table_document,
    text_cell,
)


@pytest.fixture
def frame():
    return pd.DataFrame({
        "code": ["Fear | worry", "back\\slash", "two\nlines"],
        "depth": [0, 1, 2],
        "level": ["domain", "theme", "sub-theme"],
        "codable": [False, True, True],
        "alpha": [0.12345, math.nan, 1.0],
        "n": [3, 10, 7],
    })


def test_markdown_cell_escapes_and_folds():
    assert markdown_cell("a | b") == "a \\| b"
    assert markdown_cell("a\\b") == "a\\\\b"
    assert markdown_cell("one\n  two\tthree") == "one two three"
    assert markdown_cell(None) == "" and markdown_cell(math.nan) == ""
    assert markdown_cell(0.5, "{:.3f}") == "0.500"
    assert markdown_cell(2, "{:.3f}") == "2"


def test_markdown_cell_keeps_the_indentation_of_a_code():
    assert markdown_cell("\u2003\u2003Theme") == "\u2003\u2003Theme"
    assert markdown_cell("\u00a0\u00a0Theme  name") == "\u00a0\u00a0Theme name"


def test_markdown_table_reads_back(frame):
    lines = markdown_table(frame, floats="{:.3f}").splitlines()
    assert lines[1] == "| " + " | ".join(["---"] * len(frame.columns)) + " |"
    assert len(lines) == 2 + len(frame)
    assert split_markdown_row(lines[0]) == list(frame.columns)
    rows = [split_markdown_row(line) for line in lines[2:]]
    assert [r[0] for r in rows] == ["Fear | worry", "back\\slash", "two lines"]
    assert [r[4] for r in rows] == ["0.123", "", "1.000"]


def test_csv_and_json_keep_full_precision(frame):
    assert render_table(frame, "csv") == frame.to_csv(index=False, lineterminator="\n")
    document = json.loads(render_table(frame, "json", {"table": "t", "unit": "segment"}))
    assert document["table"] == "t" and document["unit"] == "segment"
    assert document["columns"] == list(frame.columns)
    assert document["rows"][0]["alpha"] == 0.12345
    assert document["rows"][1]["alpha"] is None
    assert document["rows"][2]["n"] == 7 and document["rows"][0]["codable"] is False
    assert table_document(frame.head(0))["rows"] == []


def test_markdown_and_text_have_title_and_unit(frame):
    md = render_table(frame, "md", {"unit": "participant"}, title="Themes")
    assert md.startswith("## Themes\n\n| code |")
    assert md.endswith("\n\nUnit: participant\n")
    text = render_table(frame, "table", {"unit": "participant"}, title="Themes")
    lines = text.splitlines()
    assert lines[0] == "Themes" and lines[1] == ""
    assert set(lines[3].replace(" ", "")) == {"-"}
    header, first = lines[2], lines[4]
    # numbers right-aligned under their header, text left-aligned
    assert first.index("0.123") + len("0.123") == header.index("alpha") + len("alpha")
    assert first.startswith("Fear | worry")
    assert "two lines" in text and text.endswith("Unit: participant\n")
    assert text_cell(math.nan) == "" and text_cell(None) == "" and text_cell(1 / 3) == "0.333"


def test_csv_output_parses_back(frame):
    back = pd.read_csv(io.StringIO(render_table(frame, "csv")))
    assert back["alpha"].iloc[0] == 0.12345


def test_unknown_format_is_refused(frame):
    with pytest.raises(ValueError, match="Unknown table format 'xml'; use one of table, csv"):
        render_table(frame, "xml")


def test_indent_codes(frame):
    shown = indent_codes(frame, "\u00a0")
    assert list(shown.columns) == ["code", "alpha", "n"]
    assert list(shown["code"]) == ["Fear | worry", "\u00a0back\\slash", "\u00a0\u00a0two\nlines"]
    assert "depth" in frame.columns  # the input is left as it was
    plain = frame.drop(columns=["depth"])
    assert indent_codes(plain) is plain
    md = render_table(indent_codes(frame, "\u00a0\u00a0"), "md")
    assert "| \u00a0\u00a0back\\\\slash |" in md
