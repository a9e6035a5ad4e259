"""The sentence rule and paragraphs of a task text, and its normalisation."""

from __future__ import annotations

import csv

import pytest

from ls_thematic.label_config.text import (
    normalise_text,
    paragraphs,
    split_sentences,
    strip_span,
)

from .transcript_data import check_sentence_spans


def test_normalise_text():
    assert normalise_text("\ufeffa\r\nb\rc\n") == "a\nb\nc\n"


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        ("One. Two? Three! Four", ["One.", "Two?", "Three!", "Four"]),
        ("Dr. Smith saw me. Mr. Jones did not.", ["Dr. Smith saw me.", "Mr. Jones did not."]),
        (
            "Pills, e.g. Diazepam, help. I.e. Valium.",
            ["Pills, e.g. Diazepam, help.", "I.e. Valium."],
        ),
        ("We met J. K. Rowling. She was kind.", ["We met J. K. Rowling.", "She was kind."]),
        ("It was me. I was there.", ["It was me.", "I was there."]),
        ('He said "Stop." Then he left.', ['He said "Stop."', "Then he left."]),
        ("She asked. \u201cWhy?\u201d he said.", ["She asked.", "\u201cWhy?\u201d he said."]),
        (
            "Version 2.5 is out. it is lower case. Ok",
            ["Version 2.5 is out. it is lower case.", "Ok"],
        ),
        ("Well... You know. Yes", ["Well...", "You know.", "Yes"]),
        ("A list\n\nwithout stops\nacross lines", ["A list", "without stops\nacross lines"]),
        ("Line one.\nLine two.", ["Line one.", "Line two."]),
        ("   ", []),
    ],
)
def test_split_sentences(text, sentences):
    spans = split_sentences(text, 0, len(text))
    assert [text[a:b] for a, b in spans] == sentences


def test_split_sentences_inside_a_turn_uses_text_offsets():
    text = "Interviewer: Why? P3: Because. It helps."
    start = text.index("Because")
    spans = split_sentences(text, start, len(text))
    assert [text[a:b] for a, b in spans] == ["Because.", "It helps."]
    assert spans[0][0] == start
    # A range that ends mid-sentence is cut there.
    assert split_sentences(text, 0, 5) == [(0, 5)]


@pytest.mark.parametrize(("start", "end"), [(-1, 3), (4, 2), (0, 99)])
def test_split_sentences_bad_range(start, end):
    with pytest.raises(ValueError, match=r"0 <= start <= end <= len\(text\) = 10"):
        split_sentences("0123456789", start, end)


def test_split_sentences_on_real_feedback_comments(shared_dir):
    """7,908 NHS patient-feedback comments: spans are exact, ordered and cover all the text."""
    with open(
        shared_dir / "data" / "pxtextmining" / "v6framework_230831.csv", encoding="utf-8"
    ) as f:
        comments = [row["FFT answer"] for row in csv.DictReader(f) if row.get("FFT answer")]
    assert len(comments) > 1000
    several = 0
    for comment in comments:
        check_sentence_spans(comment, 0, len(comment))
        several += len(split_sentences(comment)) > 1
    assert several > len(comments) // 10


def test_paragraphs_are_separated_by_blank_lines_and_stripped():
    text = "First paragraph here, long enough.\nStill the first.\n\n  Second paragraph.  \n"
    assert [text[a:b] for a, b in paragraphs(text)] == [
        "First paragraph here, long enough.\nStill the first.",
        "Second paragraph.",
    ]


def test_paragraphs_skip_blank_ones_and_keep_exact_offsets():
    text = "\n\nOne.\n \t \nTwo\nlines.\n\n\n\nThree."
    spans = paragraphs(text)
    assert [text[a:b] for a, b in spans] == ["One.", "Two\nlines.", "Three."]
    assert spans[0] == (2, 6)
    assert paragraphs("") == [] and paragraphs(" \n\n \t\n") == []


def test_strip_span_moves_inwards_past_whitespace():
    assert strip_span("  ab  ", 0, 6) == (2, 4)
    assert strip_span("  ab  ", 3, 4) == (3, 4)
    assert strip_span("   ", 0, 3) == (3, 3)
