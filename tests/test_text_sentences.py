"""The sentence rule (label_config/text.py), pinned case by case.

One rule splits sentences for the import, the backend's suggestion units and the agreement's
sentence units, so a lost rule changes three things at once. Each case names the rule it pins:
a mutation that drops the rule for initials ("J. Smith") or for an ellipsis ("…", "...") fails
here, not only somewhere downstream.
"""

from __future__ import annotations

import pytest

from ls_thematic.label_config.text import (
    ABBREVIATIONS,
    normalise_text,
    paragraphs,
    split_sentences,
    strip_span,
)


def sentences(text: str, start: int = 0, end: int | None = None) -> list[str]:
    return [text[a:b] for a, b in split_sentences(text, start, end)]


# --------------------------------------------------------------------------- initials
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "We met J. Smith at the clinic. He was kind.",
            ["We met J. Smith at the clinic.", "He was kind."],
        ),
        ("Ask Dr. C. B. Jones. She knows.", ["Ask Dr. C. B. Jones.", "She knows."]),
        ("(J. Smith) said so. Then he left.", ["(J. Smith) said so.", "Then he left."]),
        (
            "\u201cM. Dupont\u201d wrote it. Nobody read it.",
            ["\u201cM. Dupont\u201d wrote it.", "Nobody read it."],
        ),
        # An initial in lower case is still a single letter before a full stop.
        ("Signed j. Smith. Done", ["Signed j. Smith.", "Done"]),
    ],
    ids=["initial", "several-initials", "initial-in-brackets", "initial-in-quotes", "lower-case"],
)
def test_a_single_letter_initial_ends_no_sentence(text, expected):
    assert sentences(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "I" and "a" are words, not initials: the full stop after them ends the sentence.
        ("It was me and I. Then we left.", ["It was me and I.", "Then we left."]),
        ("We chose plan A. Then it failed.", ["We chose plan A.", "Then it failed."]),
        ("Take a. Then b.", ["Take a.", "Then b."]),
        # A digit is no initial either.
        ("Step 5. Then step 6.", ["Step 5.", "Then step 6."]),
        # Two letters are a word.
        ("It was OK. Then not.", ["It was OK.", "Then not."]),
    ],
    ids=["word-I", "word-A", "word-a", "digit", "two-letters"],
)
def test_words_that_look_like_initials_still_end_a_sentence(text, expected):
    assert sentences(text) == expected


def test_the_initial_is_read_from_the_range_not_from_before_it():
    # The range starts inside "AJ."; the word the rule sees is "J.", an initial.
    text = "AJ. Smith went. Home"
    assert split_sentences(text, 1) == [(1, 15), (16, 20)]
    # Read from the whole text, the word is "AJ.", no initial.
    assert sentences(text) == ["AJ.", "Smith went.", "Home"]


# --------------------------------------------------------------------------- ellipsis
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Well\u2026 You know. Yes", ["Well\u2026", "You know.", "Yes"]),
        ("Well... You know. Yes", ["Well...", "You know.", "Yes"]),
        ("I mean\u2026 Then he left.", ["I mean\u2026", "Then he left."]),
        ("I mean... Then he left.", ["I mean...", "Then he left."]),
        ("Wait.... Fine", ["Wait....", "Fine"]),
        (
            "He said \u201cmaybe\u2026\u201d Then nothing.",
            ["He said \u201cmaybe\u2026\u201d", "Then nothing."],
        ),
        ("Hmm\u2026 (Pause) Yes", ["Hmm\u2026", "(Pause) Yes"]),
    ],
    ids=["unicode", "three-dots", "unicode-mid", "dots-mid", "four-dots", "quoted", "bracket"],
)
def test_an_ellipsis_before_a_capital_ends_a_sentence(text, expected):
    assert sentences(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "And then\u2026 she left.",
        "And then... she left.",
        "So\u2026 5 of them.",
        "So... 5 of them.",
    ],
)
def test_an_ellipsis_before_lower_case_or_a_digit_trails_off_inside_a_sentence(text):
    assert sentences(text) == [text]


def test_an_ellipsis_at_the_end_closes_the_last_sentence():
    assert sentences("First. Then\u2026") == ["First.", "Then\u2026"]
    assert sentences("First. Then...") == ["First.", "Then..."]


# --------------------------------------------------------------------------- other rules
@pytest.mark.parametrize("abbreviation", sorted(ABBREVIATIONS))
def test_every_known_abbreviation_ends_no_sentence(abbreviation):
    word = abbreviation[0].upper() + abbreviation[1:]
    text = f"See {word} Then more. Next"
    assert sentences(text) == [f"See {word} Then more.", "Next"]


def test_the_abbreviation_list_holds_the_documented_words():
    assert {
        "dr.",
        "mr.",
        "mrs.",
        "e.g.",
        "i.e.",
        "etc.",
        "a.m.",
        "p.m.",
        "u.k.",
        "u.s.",
    } <= ABBREVIATIONS
    assert all(word == word.lower() and word.endswith(".") for word in ABBREVIATIONS)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Why? Because! Yes", ["Why?", "Because!", "Yes"]),
        ("What?! Really. Ok", ["What?!", "Really.", "Ok"]),
        ("It ended.) Then more", ["It ended.)", "Then more"]),
        ("It ended.] Then more", ["It ended.]", "Then more"]),
        ("He said 'yes.' Then more", ["He said 'yes.'", "Then more"]),
        ("He said \u2018yes.\u2019 Then more", ["He said \u2018yes.\u2019", "Then more"]),
        ("Done. \u201cNext\u201d one", ["Done.", "\u201cNext\u201d one"]),
        ("Done. \u2018Next\u2019 one", ["Done.", "\u2018Next\u2019 one"]),
        ("Done. (Next) one", ["Done.", "(Next) one"]),
        ("Done. [Next] one", ["Done.", "[Next] one"]),
        ("Done. 'Next' one", ["Done.", "'Next' one"]),
        (
            "\u00bfQu\u00e9? \u00a1S\u00ed! \u00bfY?",
            ["\u00bfQu\u00e9?", "\u00a1S\u00ed!", "\u00bfY?"],
        ),
        ("Version 2.5 is out. it is lower case.", ["Version 2.5 is out. it is lower case."]),
        ("It costs 5. 10 more.", ["It costs 5. 10 more."]),
        ("No space.Then none", ["No space.Then none"]),
    ],
)
def test_sentence_ends(text, expected):
    assert sentences(text) == expected


def test_a_full_stop_then_a_line_break_and_a_capital_ends_a_sentence():
    assert sentences("Line one.\nLine two.") == ["Line one.", "Line two."]
    assert sentences("Line one.\tLine two.") == ["Line one.", "Line two."]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a list\n\nwithout stops", ["a list", "without stops"]),
        ("a list\n \t\nwithout stops", ["a list", "without stops"]),
        ("a list\n\n\n\nwithout stops", ["a list", "without stops"]),
        ("one line\nand the next", ["one line\nand the next"]),
        ("\n\nleading blank lines", ["leading blank lines"]),
    ],
)
def test_a_blank_line_always_ends_a_sentence(text, expected):
    assert sentences(text) == expected


def test_spans_leave_out_surrounding_whitespace():
    assert split_sentences("  One.   Two.  ") == [(2, 6), (9, 13)]
    assert split_sentences("   ") == []
    assert split_sentences("") == []
    assert split_sentences("x") == [(0, 1)]


def test_a_range_is_split_with_offsets_into_the_whole_text():
    text = "Intro. P3: Because. It helps. Outro."
    start = text.index("Because")
    end = text.index(" Outro")
    assert sentences(text, start, end) == ["Because.", "It helps."]
    assert split_sentences(text, start, end)[0][0] == start
    # A range that stops right after a full stop: nothing follows inside it, no split needed.
    assert split_sentences("One. Two", 0, 5) == [(0, 4)]
    assert split_sentences("One. Two", 0, 4) == [(0, 4)]
    # The end of the range, not of the text, bounds what follows a full stop.
    assert split_sentences("One.  Two", 0, 6) == [(0, 4)]
    # An empty range.
    assert split_sentences("One. Two", 3, 3) == []
    assert split_sentences("One. Two", 8) == []


@pytest.mark.parametrize(("start", "end"), [(-1, 3), (4, 2), (0, 11)])
def test_a_bad_range_is_refused_with_the_rule(start, end):
    with pytest.raises(
        ValueError, match=rf"0 <= start <= end <= len\(text\) = 10; got start={start}, end={end}\."
    ):
        split_sentences("0123456789", start, end)


def test_the_whole_range_is_allowed():
    assert split_sentences("0123456789", 0, 10) == [(0, 10)]
    assert split_sentences("0123456789", 10, 10) == []


# --------------------------------------------------------------------------- the other helpers
def test_paragraphs_are_separated_by_blank_lines():
    text = "  First para.\nStill first.\n\nSecond.\n \t\n\n  Third  \n"
    assert [text[a:b] for a, b in paragraphs(text)] == [
        "First para.\nStill first.",
        "Second.",
        "Third",
    ]
    assert paragraphs("") == []
    assert paragraphs("\n\n\n") == []
    assert paragraphs("one") == [(0, 3)]


def test_strip_span_moves_inwards_past_whitespace():
    assert strip_span("  ab  ", 0, 6) == (2, 4)
    assert strip_span("  ab  ", 3, 6) == (3, 4)
    assert strip_span("      ", 0, 6) == (6, 6)
    assert strip_span("ab", 0, 2) == (0, 2)
    assert strip_span("a b", 1, 2) == (2, 2)


def test_normalise_text_drops_a_bom_and_unifies_line_endings():
    assert normalise_text("\ufeffa\r\nb\rc\n") == "a\nb\nc\n"
    assert normalise_text("a\ufeff") == "a\ufeff"  # only a leading one
    assert normalise_text("\r\r\n") == "\n\n"


# --------------------------------------------------------------------------- lone full stop
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Only a lone full stop can belong to an abbreviation or an initial; an ellipsis or a
        # question mark after one ends the sentence.
        ("It was Plan B... Then it failed.", ["It was Plan B...", "Then it failed."]),
        ("Books etc... And more.", ["Books etc...", "And more."]),
        ("Was it J.? Yes.", ["Was it J.?", "Yes."]),
        ("Ask Dr.) Then go.", ["Ask Dr.) Then go."]),  # closers keep the full stop lone
        # Long words and opening quotes around an abbreviation.
        ("(\u201cApprox. Ten) Then", ["(\u201cApprox. Ten) Then"]),
        ("It was yxapprox. Then more.", ["It was yxapprox.", "Then more."]),
        ("It was ((((((((J. Smith. Then.", ["It was ((((((((J. Smith.", "Then."]),
        ("It was a((((((((J. Then.", ["It was a((((((((J.", "Then."]),
    ],
)
def test_only_a_lone_full_stop_marks_an_abbreviation(text, expected):
    assert sentences(text) == expected


# --------------------------------------------------------------------------- long words
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The word is read back to whitespace: a letter glued before the bracket makes
        # "x(approx." a word of its own, not the abbreviation, even one space further back.
        ("It was x(approx. Then more.", ["It was x(approx.", "Then more."]),
        ("It was xy(approx. Then more.", ["It was xy(approx.", "Then more."]),
        # Openers back to the start of the text: the abbreviation, whatever the text ends with
        # (here an opening quote; reading past the start would wrap round to it).
        ("((approx. Nine of them, said 'Bo'", ["((approx. Nine of them, said 'Bo'"]),
        ("((approx. Nine of them. Then (", ["((approx. Nine of them.", "Then ("]),
    ],
)
def test_a_long_word_is_read_back_to_whitespace_or_the_start(text, expected):
    assert sentences(text) == expected
