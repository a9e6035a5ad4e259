"""Speaker turns: label styles, exact offsets without labels, roles, bad patterns."""

from __future__ import annotations

import re

import pytest

from ls_thematic.label_config.errors import TranscriptError
from ls_thematic.label_config.turns import Turn, parse_turns, speaker_role

from .transcript_data import utterances


@pytest.mark.parametrize(
    ("line", "speaker", "role"),
    [
        ("Interviewer: Tell me more.", "Interviewer", "interviewer"),
        ("interviewer: Tell me more.", "interviewer", "interviewer"),
        ("INTERVIEWER : Tell me more.", "INTERVIEWER", "interviewer"),
        ("Int: Tell me more.", "Int", "interviewer"),
        ("I: Tell me more.", "I", "interviewer"),
        ("Q: Tell me more.", "Q", "interviewer"),
        ("Q1: Tell me more.", "Q1", "interviewer"),
        ("Interviewer 2: Tell me more.", "Interviewer 2", "interviewer"),
        ("A: Tell me more.", "A", "participant"),
        ("R: Tell me more.", "R", "participant"),
        ("Respondent: Tell me more.", "Respondent", "participant"),
        ("Participant: Tell me more.", "Participant", "participant"),
        ("Participant 4: Tell me more.", "Participant 4", "participant"),
        ("Interviewee: Tell me more.", "Interviewee", "participant"),
        ("P3: Tell me more.", "P3", "participant"),
        ("p12: Tell me more.", "p12", "participant"),
        ("P 3 :Tell me more.", "P 3", "participant"),
        ("  \tP3:   Tell me more.", "P3", "participant"),
    ],
)
def test_default_pattern_finds_each_label_style(line, speaker, role):
    text = f"{line}\nMore of the same turn."
    (turn,) = parse_turns(text)
    assert (turn.speaker, turn.role) == (speaker, role)
    assert text[turn.start : turn.end] == "Tell me more.\nMore of the same turn."


@pytest.mark.parametrize(
    "line",
    [
        "Ideally: no",
        "Q&A: no",
        "April: no",
        "Interviewing: no",
        "It was P3's turn: no",
        "I said: no",
    ],
)
def test_lines_that_are_not_labels_continue_the_turn(line):
    text = f"P3: First.\n{line}"
    (turn,) = parse_turns(text)
    assert text[turn.start : turn.end] == f"First.\n{line}"


def test_turn_offsets_are_exact_and_leave_out_labels_and_whitespace():
    text = (
        "Interview 7, recorded 12 March.\n\n"
        "Interviewer:   How did it start?  \n"
        "P3: It started\n"
        "   slowly.\n\n"
        "I:\n"
        "Interviewer:\n"
        "So what next?\n"
        "P3: Nothing."
    )
    turns = parse_turns(text)
    assert utterances(text, turns) == [
        (None, "Interview 7, recorded 12 March."),
        ("Interviewer", "How did it start?"),
        ("P3", "It started\n   slowly."),
        ("Interviewer", "So what next?"),  # "I:" with nothing after it makes no turn
        ("P3", "Nothing."),
    ]
    assert [t.role for t in turns] == [
        None,
        "interviewer",
        "participant",
        "interviewer",
        "participant",
    ]
    assert all(a.end <= b.start for a, b in zip(turns, turns[1:], strict=False))


def test_text_without_labels_is_one_turn_without_speaker():
    assert parse_turns("  Just a narrative.\n") == [Turn(2, 19, None, None)]
    assert parse_turns("") == []
    assert parse_turns(" \n\n ") == []


def test_custom_pattern_and_interviewer_pattern():
    text = "Sarah: Hello.\nMr Ali: Hi.\nnot Label: still Mr Ali."
    pattern = r"^(?P<speaker>[A-Z][a-z]+(?: [A-Z][a-z]+)?):"
    turns = parse_turns(text, re.compile(pattern), interviewer_pattern="sarah")
    assert utterances(text, turns) == [
        ("Sarah", "Hello."),
        ("Mr Ali", "Hi.\nnot Label: still Mr Ali."),
    ]
    assert [t.role for t in turns] == ["interviewer", "participant"]
    # A string pattern is case-insensitive, so the third line becomes a turn of its own.
    assert len(parse_turns(text, pattern)) == 3


@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        (r"^(\w+):", r"no group named 'speaker'.*\(\?P<speaker>"),
        (r"^(?P<speaker>\w+:", r"not a valid regular expression"),
    ],
)
def test_bad_speaker_pattern(pattern, message):
    with pytest.raises(TranscriptError, match=message):
        parse_turns("P3: hi", pattern)


def test_speaker_role():
    assert speaker_role("Moderator") == "interviewer"
    assert speaker_role("Jane Doe") == "participant"
    assert speaker_role(None) is None
    assert speaker_role("Jane Doe", interviewer_pattern="jane doe") == "interviewer"
