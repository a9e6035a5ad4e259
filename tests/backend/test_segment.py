"""Units of a transcript (turns, sentences, short ones merged) and the merging of adjacent units
that share a code into one span (backend/segment.py)."""

from __future__ import annotations

import pytest

from ls_thematic.backend.segment import (
    MAX_UNIT_CHARS,
    Unit,
    blocks_of,
    context_items,
    cut_long,
    merge_adjacent,
    merge_short,
    span_contexts,
    split_units,
)
from ls_thematic.label_config.text import paragraphs

from .helpers import ANSWER, INTERVIEW, MONEY_SENTENCE, QUESTION_LAST_TWO, TRANSCRIPT, turns_of

# --------------------------------------------------------------------------- units and merging


def test_units_follow_turns_skip_the_interviewer_and_merge_short_sentences():
    units = split_units(TRANSCRIPT, turns_of(TRANSCRIPT), min_chars=20)
    texts = [TRANSCRIPT[u.start : u.end] for u in units]
    assert all(u.role == "participant" for u in units)
    assert "money, costs" not in " ".join(texts)  # the interviewer's question
    # "Yes." (4 characters) is merged into the sentence before it, the last of its turn.
    assert texts[:2] == [
        "I can't sleep at night, I lie awake for hours.",
        "The insomnia is the worst part of it. Yes.",
    ]
    assert texts[2] == MONEY_SENTENCE
    assert len({u.block for u in units}) == 2


def test_interviewer_turns_get_units_when_not_skipped():
    units = split_units(TRANSCRIPT, turns_of(TRANSCRIPT), skip_interviewer=False, min_chars=20)
    assert {u.role for u in units} == {"interviewer", "participant"}


def test_without_turns_the_paragraphs_are_the_blocks():
    text = "First paragraph here, long enough.\nStill the first.\n\n  Second paragraph.  \n"
    blocks = paragraphs(text)
    assert [text[start:end] for start, end in blocks] == [
        "First paragraph here, long enough.\nStill the first.",
        "Second paragraph.",
    ]
    units = split_units(text, None, min_chars=0)
    assert [u.block for u in units] == [0, 0, 1]  # two sentences, then one


@pytest.mark.parametrize(
    "spans, min_chars, expected",
    [
        ([(0, 3), (4, 50)], 10, [(0, 50)]),  # short first piece joins the next
        ([(0, 50), (51, 54)], 10, [(0, 54)]),  # short last piece joins the one before
        ([(0, 3)], 10, [(0, 3)]),  # alone, it stays
        ([(0, 30), (31, 60)], 10, [(0, 30), (31, 60)]),
        ([(0, 2), (3, 5), (6, 40)], 10, [(0, 40)]),
    ],
)
def test_merge_short(spans, min_chars, expected):
    assert merge_short(spans, min_chars) == expected


def test_merge_adjacent_joins_runs_of_a_code_within_a_block_only():
    units = [Unit(0, 10, 0), Unit(11, 20, 0), Unit(21, 30, 0), Unit(40, 50, 1), Unit(51, 60, 1)]
    codes = [{"A": 0.9}, {"A": 0.7, "B": 0.6}, {"B": 0.8}, {"B": 0.5}, {}]
    spans = merge_adjacent(units, codes)
    got = [(s.start, s.end, s.code, round(s.score, 6), s.units) for s in spans]
    assert got == [
        (0, 20, "A", 0.8, (0, 1)),
        (11, 30, "B", 0.7, (1, 2)),
        (40, 50, "B", 0.5, (3,)),  # same code, next block: a span of its own
    ]


@pytest.mark.parametrize(
    "turns, message",
    [
        ("nope", "must be a list"),
        ([{"start": "0", "end": 5}], "integer start and end"),
        ([{"start": 0, "end": 10_000}], "outside the text"),
        ([{"start": 0, "end": 20}, {"start": 10, "end": 30}], "overlap"),
        ([{"start": 0, "end": 5, "role": 3}], "role must be text"),
    ],
)
def test_malformed_turns_are_rejected_with_a_reason(turns, message):
    with pytest.raises(ValueError, match=message):
        split_units("x" * 100, turns)


# --------------------------------------------------------------------------- long units
@pytest.mark.parametrize(
    "text, max_chars, expected",
    [
        ("aaaa bbbb cccc dddd eeee", 30, ["aaaa bbbb cccc dddd eeee"]),  # short enough
        ("aaaa bbbb cccc dddd eeee", 24, ["aaaa bbbb cccc dddd eeee"]),  # exactly the cap
        ("aaaa bbbb cccc dddd eeee", 23, ["aaaa bbbb", "cccc dddd eeee"]),  # two shares of 12
        ("aaaa bbbb cccc dddd eeee", 10, ["aaaa", "bbbb cccc", "dddd eeee"]),
        ("aaaa\tbbbb\ncccc", 8, ["aaaa", "bbbb", "cccc"]),  # tabs and line breaks are spaces
        ("x" * 25, 10, ["x" * 9, "x" * 8, "x" * 8]),  # one long word is cut mid-word
        ("ab   cd", 5, ["ab", "cd"]),  # the whitespace between pieces is left out
    ],
)
def test_cut_long_cuts_into_nearly_equal_pieces_at_whitespace(text, max_chars, expected):
    pieces = cut_long(text, [(0, len(text))], max_chars)
    assert [text[a:b] for a, b in pieces] == expected
    assert all(b - a <= max_chars for a, b in pieces)


def test_cut_long_keeps_offsets_into_the_whole_text_and_short_spans():
    long_text = "Short one. " + "word " * 400 + "end"
    pieces = cut_long(long_text, [(0, 10), (11, len(long_text))], 1000)
    assert pieces[0] == (0, 10) and len(pieces) == 4  # 2,003 characters: three pieces
    assert all(long_text[a:b] == long_text[a:b].strip() and b - a <= 1000 for a, b in pieces)
    assert " ".join(long_text[a:b] for a, b in pieces[1:]) == long_text[11:].strip()


def test_cut_long_refuses_a_cap_under_two():
    with pytest.raises(ValueError, match=r"cut_long needs max_chars >= 2; got 1\."):
        cut_long("abc", [(0, 3)], 1)


def test_units_longer_than_the_cap_are_cut():
    text = "This sentence goes on " + "and on " * 400 + "forever."
    units = split_units(text, None, min_chars=0)
    assert MAX_UNIT_CHARS == 1000
    assert len(units) == 3 and all(u.end - u.start <= MAX_UNIT_CHARS for u in units)
    assert (units[0].start, units[-1].end) == (0, len(text))
    assert [u.block for u in units] == [0, 0, 0]
    assert len(split_units(text, None, min_chars=0, max_chars=5000)) == 1


# --------------------------------------------------------------------------- context (issue 11)


def unit_items(text, turns):
    units = split_units(text, turns, min_chars=20)
    return context_items(text, blocks_of(text, turns), [(u.start, u.end) for u in units])


def test_an_answer_unit_carries_its_speakers_role_and_the_question_before_it():
    items = unit_items(INTERVIEW, turns_of(INTERVIEW))
    assert items == [
        {"text": ANSWER[0], "speaker": "participant", "previous": QUESTION_LAST_TWO},
        {
            "text": ANSWER[1],
            "speaker": "participant",
            "previous": [QUESTION_LAST_TWO[1], ANSWER[0]],
        },
        {"text": ANSWER[2], "speaker": "participant", "previous": ANSWER[:2]},
    ]


def test_without_a_role_the_speaker_label_is_the_speaker():
    turns = [{**t, "role": None} for t in turns_of(INTERVIEW)]
    # Without roles nobody is known as the interviewer, so the question gives units too.
    assert [i["speaker"] for i in unit_items(INTERVIEW, turns)] == ["Interviewer"] * 3 + ["P3"] * 3


def test_paragraph_units_have_no_speaker_and_the_sentences_before_them():
    text = "The first one is here. And a second sentence.\n\nA new paragraph begins now."
    assert unit_items(text, None) == [
        {"text": "The first one is here.", "speaker": None, "previous": []},
        {"text": "And a second sentence.", "speaker": None, "previous": ["The first one is here."]},
        {
            "text": "A new paragraph begins now.",
            "speaker": None,
            "previous": ["The first one is here.", "And a second sentence."],
        },
    ]


def test_the_previous_sentences_follow_the_one_sentence_rule_not_the_merged_units():
    # "Yes." ends its paragraph, so it is merged into the unit before it; but it is a
    # sentence of its own before the next unit.
    text = "I can't sleep at night, I lie awake. Yes.\n\nThe money runs out every week."
    units = split_units(text, None, min_chars=20)
    assert [text[u.start : u.end] for u in units] == [
        "I can't sleep at night, I lie awake. Yes.",
        "The money runs out every week.",
    ]
    items = context_items(text, blocks_of(text), [(u.start, u.end) for u in units])
    assert items[1]["previous"] == ["I can't sleep at night, I lie awake.", "Yes."]


@pytest.mark.parametrize(
    ("piece", "speaker", "previous"),
    [
        # A span starting mid-text gets the two whole sentences that end before it.
        (ANSWER[1], "participant", [QUESTION_LAST_TWO[1], ANSWER[0]]),
        ("awake for hours every single night.", "participant", QUESTION_LAST_TWO),
        # Starting on the speaker label, between blocks: the turn it reaches.
        ("P3: I lie awake", "participant", QUESTION_LAST_TWO),
        (
            "How do you sleep",
            "interviewer",
            ["Thank you for coming today.", "Let us start with sleep."],
        ),
        ("Thank you", "interviewer", []),
    ],
)
def test_a_coded_span_gets_the_speaker_it_starts_in_and_the_sentences_before_it(
    piece, speaker, previous
):
    start = INTERVIEW.index(piece)
    [context] = span_contexts(INTERVIEW, turns_of(INTERVIEW), [(start, start + len(piece))])
    assert context == {"speaker": speaker, "previous": tuple(previous)}


def test_a_span_between_blocks_that_reaches_none_has_no_speaker():
    text = "Interviewer: Hello there.\n\nP3:"  # "P3:" with nothing after it makes no turn
    start = text.index("P3")
    [context] = span_contexts(text, turns_of(text), [(start, len(text))])
    assert context == {"speaker": None, "previous": ("Hello there.",)}


def test_a_span_without_offsets_text_or_readable_turns_has_no_context():
    none = {"speaker": None, "previous": ()}
    turns = turns_of(INTERVIEW)
    start = INTERVIEW.index(ANSWER[1])
    assert span_contexts(INTERVIEW, turns, [(None, None), (start, start + 5), (0, 10**6)]) == [
        none,
        {"speaker": "participant", "previous": (QUESTION_LAST_TWO[1], ANSWER[0])},
        none,
    ]
    assert span_contexts(None, turns, [(start, start + 5)]) == [none]
    assert span_contexts(INTERVIEW, "not a list", [(start, start + 5)]) == [none]
    assert span_contexts(INTERVIEW, turns, []) == []
