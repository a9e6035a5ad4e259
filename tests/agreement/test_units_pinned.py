"""Pinned values of the unit schemes: item tables, unit counts, unit texts and messages.

Each table is worked out by hand from the spans and stated in full, so that a change in which
task, code, unit or coder a row belongs to fails here (docs/mutation.md).
"""

from __future__ import annotations

import math

import pytest

from ls_thematic.scripts import agreement as ag
from ls_thematic.scripts.agreement.units.build import units_from_export

from .exports import TEXT, annotation, span, task

UNCODED = (
    "A code a coder did not apply counts as 'none' (0) for that coder, also where only another "
    "coder coded; only tasks that two or more of the coders annotated count."
)
HALF = (
    "a coder applied a code to a unit when the coder's spans of that code cover at least 0.5 of "
    "the unit's characters"
)
COLUMNS = ["unit_id", "task", "task_id", "participant", "code"]
COLUMNS += ["unit_start", "unit_end", "weight"]
SHORT = "Alpha beta. Gamma delta."  # 24 characters
B = {"id": 2, "email": "b@example.org"}


def rows(units):
    """Every item as (task_id, code, unit_start, unit_end, weight, *coder values), NaN -> None."""
    table = units.items
    return [
        (
            row["task_id"],
            str(row["code"]),
            int(row["unit_start"]),
            int(row["unit_end"]),
            float(row["weight"]),
            *(None if math.isnan(row[c]) else float(row[c]) for c in units.coders),
        )
        for _, row in table.iterrows()
    ]


def short_span(start, end, label, text=SHORT):
    result = span(start, end, label)
    result["value"]["text"] = text[start:end]
    return result


def two_texts():
    """Task 1 (TEXT) and task 7 (SHORT), both coded by coders 1 and b@example.org."""
    return [
        task(
            1,
            [
                annotation(1, [span(0, 20, "Trust"), span(46, 54, "Fear")], annotation_id=11),
                annotation(B, [span(0, 13, "Trust")], annotation_id=12),
            ],
        ),
        task(
            7,
            [
                annotation(1, [short_span(0, 11, "Fear")], annotation_id=71),
                annotation(B, [short_span(12, 24, "Fear")], annotation_id=72),
            ],
            text=SHORT,
            turns=None,
            participant="P02",
        ),
    ]


def halves(text):
    """A splitter of its own: two halves of the text, and an empty piece that is dropped."""
    middle = len(text) // 2
    return [(0, middle), (middle, len(text)), (3, 3)]


# ---------------------------------------------------------------------------------------------
# Sentences
# ---------------------------------------------------------------------------------------------


def test_sentence_units_with_a_splitter_of_ones_own():
    units = ag.sentence_units(two_texts(), split=halves)
    assert units.scheme == "sentences"
    assert units.n_units == 4.0  # two halves of each text; the empty piece is not a unit
    assert units.unit == (
        f"sentence: each sentence of the text, found by the given splitter; {HALF}; "
        f"each (sentence, code) pair is one item. {UNCODED}"
    )
    assert units.texts == (TEXT, SHORT)
    # Task 1: Trust 20 of (0, 30) by coder 1, 13 of 30 by b; Fear 8 of (30, 60): not applied.
    # Task 7: Fear 11 of (0, 12) by coder 1, 12 of (12, 24) by b.
    assert rows(units) == [
        (1, "Fear", -1, -1, 2.0, 0.0, 0.0),
        (1, "Trust", -1, -1, 1.0, 0.0, 0.0),
        (1, "Trust", 0, 30, 1.0, 1.0, 0.0),
        (7, "Fear", 0, 12, 1.0, 1.0, 0.0),
        (7, "Fear", 12, 24, 1.0, 0.0, 1.0),
        (7, "Trust", -1, -1, 2.0, 0.0, 0.0),
    ]
    assert list(units.items.columns) == [*COLUMNS, 1, "b@example.org"]
    assert units.items["participant"].tolist() == ["P01"] * 3 + ["P02"] * 3


def test_a_splitter_that_finds_nothing_gives_no_units():
    units = ag.sentence_units(two_texts(), split=lambda text: [])
    assert units.n_units == 0.0
    assert len(units.items) == 0
    assert units.unit.startswith("sentence: each sentence of the text, found by the given")


@pytest.mark.parametrize(
    ("bounds", "shown"),
    [((0, 5.0), r"\(0, 5\.0\)"), ((-1, 5), r"\(-1, 5\)"), ((6, 5), r"\(6, 5\)")]
    + [((0, 61), r"\(0, 61\)"), (("0", 5), r"\('0', 5\)")],
)
def test_a_splitter_must_return_offsets_within_the_text(bounds, shown):
    tasks = two_texts()[:1]
    with pytest.raises(ValueError) as error:
        ag.sentence_units(tasks, split=lambda text: [(0, 10), bounds])
    assert error.match(
        rf"^The sentence splitter returned {shown} for task 1; it must return \(start, end\) "
        r"offsets within the text of 60 characters\.$"
    )


def test_default_sentences_state_their_splitter(export):
    units = ag.sentence_units(export)
    assert units.scheme == "sentences"
    assert units.n_units == 5.0
    assert units.unit == (
        "sentence: each sentence of the text, found by split_sentences (punctuation and line "
        f"breaks); {HALF}; each (sentence, code) pair is one item. {UNCODED}"
    )


def test_split_sentences_needs_a_string():
    with pytest.raises(ValueError, match=r"^split_sentences needs a string; found int\.$"):
        ag.split_sentences(5)


# ---------------------------------------------------------------------------------------------
# Bracketed passages
# ---------------------------------------------------------------------------------------------


def three_coders():
    """Task 1: coders 1 (the bracketing coder) and 2; task 2: coders 2 and 3 (no coder 1)."""
    return [
        task(
            1,
            [
                annotation(1, [span(0, 13, "Trust"), span(28, 45, "Fear")], annotation_id=11),
                annotation(2, [span(0, 13, "Trust")], annotation_id=12),
            ],
        ),
        task(
            2,
            [
                annotation(2, [span(0, 13, "Fear")], annotation_id=22),
                annotation(3, [span(0, 13, "Fear")], annotation_id=23),
            ],
        ),
    ]


def test_bracketed_units_only_in_the_tasks_the_bracketing_coder_annotated():
    units = ag.bracketed_units(three_coders(), bracketing_coder=1)
    assert units.scheme == "bracketed"
    assert units.n_units == 2.0
    assert units.coders == (1, 2, 3)
    # Coder 3 did not annotate task 1: NaN, not 'none'; task 2 (no coder 1) has no units.
    assert rows(units) == [
        (1, "Fear", -1, -1, 1.0, 0.0, 0.0, None),
        (1, "Fear", 28, 45, 1.0, 1.0, 0.0, None),
        (1, "Trust", -1, -1, 1.0, 0.0, 0.0, None),
        (1, "Trust", 0, 13, 1.0, 1.0, 1.0, None),
    ]
    assert list(units.items.columns) == [*COLUMNS, 1, 2, 3]
    assert units.items.index.tolist() == [0, 1, 2, 3]
    assert units.unit == (
        "bracketed passage: each distinct span (start, end) of the bracketing coder 1, any code "
        f"(Campbell et al. 2013); {HALF}; each (passage, code) pair is one item. {UNCODED}"
    )


def test_bracketed_units_need_a_bracketing_coder(export):
    with pytest.raises(ValueError) as error:
        ag.bracketed_units(export, bracketing_coder=None)
    assert error.match(
        r"^unit='bracketed' needs bracketing_coder, the coder whose spans fix the units; the "
        r"coders are: 1, b@example\.org\.$"
    )
    with pytest.raises(ValueError) as error:
        ag.bracketed_units(export, bracketing_coder="zoe")
    assert error.match(r"^Unknown bracketing coder 'zoe'; the coders are: 1, b@example\.org\.$")


def test_a_bracketing_coder_without_spans_gives_no_units():
    tasks = [task(1, [annotation(1, [span(0, 13, "Trust")], 11), annotation(2, [], 12)])]
    with pytest.raises(ValueError) as error:
        ag.bracketed_units(tasks, bracketing_coder=2)
    assert error.match(
        r"^The bracketing coder 2 coded no spans in the tasks that two or more coders "
        r"annotated, so there are no units\.$"
    )


# ---------------------------------------------------------------------------------------------
# Presence
# ---------------------------------------------------------------------------------------------


def test_presence_units_per_task_and_code():
    units = ag.presence_units(two_texts(), codes=["Fear", "Trust", "Zeal"])
    assert units.scheme == "presence"
    assert units.n_units == 2.0
    assert units.unit == (
        "document: each task (document) and code is one unit; a coder applied the code when "
        f"they coded it anywhere in the document (MAXQDA's code presence). {UNCODED}"
    )
    assert rows(units) == [
        (1, "Fear", 0, 60, 1.0, 1.0, 0.0),
        (1, "Trust", 0, 60, 1.0, 1.0, 1.0),
        (1, "Zeal", 0, 60, 1.0, 0.0, 0.0),
        (7, "Fear", 0, 24, 1.0, 1.0, 1.0),
        (7, "Trust", 0, 24, 1.0, 0.0, 0.0),
        (7, "Zeal", 0, 24, 1.0, 0.0, 0.0),
    ]
    assert units.items["unit_id"].tolist() == [0, 0, 0, 1, 1, 1]


# ---------------------------------------------------------------------------------------------
# Overlap segments
# ---------------------------------------------------------------------------------------------


def test_overlap_segments_stay_within_their_task_and_code():
    # Coder 1's B in task 10 and coder 2's A in task 12 have the same offsets; they are
    # different segments (different task and code).
    tasks = [
        task(10, [annotation(1, [span(0, 10, "B")], 101), annotation(2, [span(20, 30, "A")], 102)]),
        task(11, [annotation(1, [span(0, 10, "A")], 111), annotation(2, [span(0, 10, "A")], 112)]),
        task(12, [annotation(1, [span(40, 50, "B")], 121), annotation(2, [span(0, 10, "A")], 122)]),
    ]
    units = ag.overlap_units(tasks)  # threshold 0.5 by default
    assert units.scheme == "overlap"
    assert units.n_units == 5.0
    assert rows(units) == [
        (10, "A", 20, 30, 1.0, 0.0, 1.0),
        (10, "B", 0, 10, 1.0, 1.0, 0.0),
        (11, "A", 0, 10, 1.0, 1.0, 1.0),
        (12, "A", 0, 10, 1.0, 0.0, 1.0),
        (12, "B", 40, 50, 1.0, 1.0, 0.0),
    ]


def segment_text(measure, threshold):
    return (
        "segment: spans of one code by different coders whose overlap "
        f"({measure}) is at least {threshold} form one segment (linked transitively; a "
        "coder's overlapping spans of one code are merged first); a segment only one coder "
        "coded counts as 'coded by one, not the other'. There are no segments that nobody "
        f"coded, so chance-corrected coefficients are not reported for this unit. {UNCODED}"
    )


PARTIAL = [
    task(
        1,
        [
            annotation(1, [span(10, 20, "A"), span(30, 40, "B"), span(50, 60, "C")], 11),
            annotation(2, [span(15, 25, "A"), span(30, 35, "B"), span(58, 70, "C")], 12),
        ],
        text="x" * 80,
        turns=None,
    )
]


@pytest.mark.parametrize(
    ("overlap", "measure", "expected"),
    [
        # A: 5 of union 15 (1/3), of the shorter 10 (0.5); B: 5 of 10 (0.5), of 5 (1.0);
        # C: 2 of union 20 (0.1), of the shorter 10 (0.2).
        (
            "iou",
            "intersection over union",
            [("A", 10, 20, 1.0, 0.0), ("A", 15, 25, 0.0, 1.0), ("B", 30, 40, 1.0, 1.0)]
            + [("C", 50, 60, 1.0, 0.0), ("C", 58, 70, 0.0, 1.0)],
        ),
        (
            "shorter",
            "intersection over the shorter span",
            [("A", 10, 25, 1.0, 1.0), ("B", 30, 40, 1.0, 1.0)]
            + [("C", 50, 60, 1.0, 0.0), ("C", 58, 70, 0.0, 1.0)],
        ),
    ],
)
def test_overlap_units_measure_partial_overlaps(overlap, measure, expected):
    units = ag.overlap_units(PARTIAL, threshold=0.5, overlap=overlap)
    assert units.unit == segment_text(measure, 0.5)
    assert [r[1:4] + r[5:] for r in rows(units)] == expected
    assert units.n_units == len(expected)
    loose = ag.overlap_units(PARTIAL, threshold=0.3, overlap="iou")
    assert loose.unit == segment_text("intersection over union", 0.3)
    assert loose.n_units == 4.0  # A (1/3) and B (0.5) link; C (0.1) does not
    assert rows(loose)[0] == (1, "A", 10, 25, 1.0, 1.0, 1.0)


def test_overlap_units_without_spans_are_empty():
    tasks = [task(1, [annotation(1, [], 11), annotation(2, [], 12)])]
    units = ag.overlap_units(tasks, codes=["A"])
    assert units.n_units == 0.0
    assert len(units.items) == 0


def test_overlap_units_check_the_threshold(export):
    with pytest.raises(ValueError, match=r"^threshold must satisfy 0 < threshold <= 1; found 0\.$"):
        ag.overlap_units(export, threshold=0)


def test_overlap_units_name_the_measures(export):
    with pytest.raises(ValueError) as error:
        ag.overlap_units(export, overlap="cosine")
    assert error.match(
        r"^Unknown overlap measure 'cosine'; use 'iou' \(intersection over union\) or "
        r"'shorter' \(intersection over the shorter span\)\.$"
    )


# ---------------------------------------------------------------------------------------------
# Characters
# ---------------------------------------------------------------------------------------------


def test_character_units_runs_and_collapsed_rows():
    tasks = [
        task(1, [annotation(1, [span(0, 10, "A")], 11), annotation(2, [span(20, 30, "B")], 12)])
    ]
    units = ag.character_units(tasks)
    assert units.scheme == "characters"
    assert units.n_units == 120.0  # 60 characters x 2 codes
    assert units.unit == (
        "character: each character of the text and each code is one binary unit (NVivo's "
        "coding comparison); rows are runs of characters coded alike, weighted by their length. "
        f"{UNCODED}"
    )
    assert rows(units) == [
        (1, "A", -1, -1, 50.0, 0.0, 0.0),
        (1, "A", 0, 10, 10.0, 1.0, 0.0),
        (1, "B", -1, -1, 50.0, 0.0, 0.0),
        (1, "B", 20, 30, 10.0, 0.0, 1.0),
    ]


# ---------------------------------------------------------------------------------------------
# Any scheme by name, and the options every public function passes on
# ---------------------------------------------------------------------------------------------


def test_units_from_export_defaults_to_turns(export):
    units = units_from_export(export)
    assert units.scheme == "turns"
    assert units.n_units == 5.0
    assert units.unit.startswith("turn: each turn imported with the transcript")


def test_units_from_export_passes_the_options_on():
    pair = [
        task(1, [annotation(1, [span(0, 10, "Trust")], 1), annotation(2, [span(0, 6, "Trust")], 2)])
    ]
    # (0, 10) and (0, 6): IoU 0.6, intersection over the shorter span 1.0.
    assert units_from_export(pair, "overlap", threshold=0.7).n_units == 2.0
    assert units_from_export(pair, "overlap", threshold=0.7, overlap="shorter").n_units == 1.0
    turns = units_from_export(pair, min_overlap=0.5)
    assert rows(turns)[-1] == (1, "Trust", 0, 13, 1.0, 1.0, 0.0)  # 10 and 6 of 13 characters
    by_halves = units_from_export(pair, "sentences", split=halves, min_overlap=0.2)
    assert by_halves.n_units == 2.0
    assert rows(by_halves)[-1] == (1, "Trust", 0, 30, 1.0, 1.0, 1.0)
    assert units_from_export(pair, "bracketed", bracketing_coder=2).n_units == 1.0
    assert units_from_export(pair, "characters").n_units == 60.0
    assert units_from_export(pair, "presence").n_units == 1.0


@pytest.mark.parametrize(
    ("unit", "options", "message"),
    [
        ("words", {}, r"^Unknown unit 'words'; use one of turns, sentences, bracketed, overlap, "),
        (
            "turns",
            {"minimum": 1},
            r"^Unknown option 'minimum'; the unit options are: min_overlap, ",
        ),
        ("overlap", {"overlap": "dice"}, r"^Unknown overlap measure 'dice'; use 'iou' "),
        ("overlap", {"threshold": 0}, r"^threshold must satisfy 0 < threshold <= 1; found 0\.$"),
        ("turns", {"min_overlap": 1.5}, r"^min_overlap must satisfy 0 <= min_overlap <= 1; "),
    ],
)
def test_units_from_export_checks_its_options(export, unit, options, message):
    with pytest.raises(ValueError, match=message):
        units_from_export(export, unit, **options)


def coded_by_three(text_key="text", other_control=False):
    """Coders 1, 2 and 3 on TEXT (under ``data[text_key]``); coder 1 also used another control."""
    extra = {**span(46, 54, "Extra"), "from_name": "other"}
    first = [span(0, 13, "Trust"), span(28, 45, "Fear"), *([extra] if other_control else [])]
    one = task(
        1,
        [
            annotation(1, first, 11),
            annotation(2, [span(0, 13, "Trust")], 12),
            annotation(3, [span(28, 45, "Fear")], 13),
        ],
    )
    one["data"][text_key] = one["data"].pop("text")
    return [one]


BUILDERS = {
    "sentence_units": ag.sentence_units,
    "bracketed_units": lambda tasks, **kw: ag.bracketed_units(tasks, bracketing_coder=1, **kw),
    "presence_units": ag.presence_units,
    "turn_units": ag.turn_units,
    "overlap_units": ag.overlap_units,
    "character_units": ag.character_units,
    "units_from_export": lambda tasks, **kw: units_from_export(tasks, "sentences", **kw),
    "units_from_export presence": lambda tasks, **kw: units_from_export(tasks, "presence", **kw),
}


@pytest.mark.parametrize("build", BUILDERS.values(), ids=BUILDERS.keys())
def test_every_scheme_passes_on_the_export_options(build):
    assert build(coded_by_three(), coders=[1, 3]).coders == (1, 3)
    codes = build(coded_by_three(), codes=["Fear", "Trust", "Zeal"]).codes
    assert codes == ("Fear", "Trust", "Zeal")
    assert build(coded_by_three(other_control=True)).codes == ("Extra", "Fear", "Trust")
    assert build(coded_by_three(other_control=True), from_name="code").codes == ("Fear", "Trust")
    assert build(coded_by_three("transcript"), text_key="transcript").texts == (TEXT,)
