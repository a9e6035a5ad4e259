"""Themes' N counts participants, not segments and not transcripts.

A participant with several segments of a theme, with the theme in several of their
transcripts, or coded with it by two coders, endorses it once. The expected N is computed here
straight from the tasks' JSON (the set of participants with a span of the code).
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from ls_thematic.label_config.codebook_io import load_codebook
from ls_thematic.label_config.lsxml import codebook_to_label_config
from ls_thematic.scripts.cli import main
from ls_thematic.scripts.snapshot import participants, segments
from ls_thematic.scripts.themes import (
    MARK,
    cooccurrence,
    counts_by_attribute,
    endorsements,
    theme_participant_matrix,
)

from .conftest import EXAMPLES

AFRAID, WORST = "Afraid to reduce", "Worst withdrawal"
STUCK, LAST_BIT = "Reduction gets stuck", "Last bit is worst"
CODER_A = {"id": 1, "email": "a@example.org"}
CODER_B = {"id": 2, "email": "b@example.org"}


def _task(task_id: int, pid: str, role: str, codings: dict[str, list[str]]) -> dict:
    """A transcript whose coders each code one sentence per listed code (repeats included)."""
    sentences = [f"Sentence {i} of {pid}." for i in range(8)]
    text = " ".join(sentences)
    annotations = []
    for n, (coder, codes) in enumerate(codings.items()):
        result = []
        for i, code in enumerate(codes):
            start = text.index(sentences[i])
            end = start + len(sentences[i])
            result.append({"id": f"t{task_id}-{coder}-{i}", "from_name": "code", "to_name": "text",
                           "type": "labels", "value": {"start": start, "end": end,
                                                       "text": text[start:end], "labels": [code]}})
        who = CODER_A if coder == "A" else CODER_B
        annotations.append({"id": task_id * 10 + n, "completed_by": dict(who), "result": result,
                            "ground_truth": coder == "A", "was_cancelled": False,
                            "created_at": f"2024-01-{task_id:02d}T10:00:00+00:00"})
    return {"id": task_id, "data": {"text": text, "participant": pid,
                                    "attributes": {"role": role}},
            "annotations": annotations}


@pytest.fixture(scope="module")
def book():
    return load_codebook(EXAMPLES / "thesis_codebook.yaml")


@pytest.fixture(scope="module")
def tasks():
    return [
        # P1: three segments of AFRAID in one transcript, and a second coder coding it too
        _task(1, "P1", "Nurse", {"A": [AFRAID, AFRAID, WORST, AFRAID], "B": [AFRAID, AFRAID]}),
        # P2: two transcripts, AFRAID in both
        _task(2, "P2", "Doctor", {"A": [AFRAID]}),
        _task(3, "P2", "Doctor", {"A": [AFRAID, STUCK, STUCK]}),
        # P3: only the sub-theme, twice
        _task(4, "P3", "Nurse", {"A": [LAST_BIT, LAST_BIT]}),
        # P4: nothing coded
        _task(5, "P4", "Nurse", {"A": []}),
    ]


def expected_endorsers(tasks: list[dict], coders=("A", "B")) -> dict[str, set[str]]:
    """``{code: participants with at least one span of it}``, from the raw JSON."""
    emails = {"A": CODER_A["email"], "B": CODER_B["email"]}
    wanted = {emails[c] for c in coders}
    out: dict[str, set[str]] = {}
    for task in tasks:
        for annotation in task["annotations"]:
            if annotation["completed_by"]["email"] not in wanted:
                continue
            for result in annotation["result"]:
                for code in result["value"]["labels"]:
                    out.setdefault(code, set()).add(task["data"]["participant"])
    return out


def test_n_counts_participants_not_segments_or_transcripts(tasks, book):
    frame = segments(tasks, "all")
    assert (frame["code"] == AFRAID).sum() == 7  # seven segments of it ...
    matrix = theme_participant_matrix(frame, book, participants(tasks)).set_index("code")
    expected = expected_endorsers(tasks)
    assert expected[AFRAID] == {"P1", "P2"}  # ... by two participants
    for code, who in expected.items():
        assert matrix.at[code, "N"] == len(who), code
        assert {p for p in ("P1", "P2", "P3", "P4") if matrix.at[code, p] == MARK} == who
    assert matrix.at[STUCK, "N"] == 1 and matrix.at[LAST_BIT, "N"] == 1
    # headings count each participant with any code beneath them once
    assert matrix.at["Attached", "N"] == 2
    assert matrix.at["Hardest drug to come off", "N"] == 3
    assert matrix.at["The work is more complicated", "N"] == 3
    assert matrix.at["Patients' motivation", "N"] == 2
    assert matrix.at["Frustration", "N"] == 0
    assert (matrix["P4"] == "").all()
    assert matrix["N"].dtype.kind == "i"


def test_the_same_with_one_annotation_per_transcript(tasks, book):
    matrix = theme_participant_matrix(segments(tasks, "reconciled"), book).set_index("code")
    for code, who in expected_endorsers(tasks, coders=("A",)).items():
        assert matrix.at[code, "N"] == len(who), code
    assert "P4" not in matrix.columns  # no segments and no participant list


def test_rollup_counts_a_participant_once_for_a_theme_and_its_sub_themes(tasks, book):
    frame = segments(tasks, "all")
    rolled = theme_participant_matrix(frame, book, rollup=True).set_index("code")
    assert rolled.at[STUCK, "N"] == 2  # P2 own, P3 through the sub-theme
    assert rolled.at[LAST_BIT, "N"] == 1
    assert endorsements(frame, book, rollup=True)[STUCK] == {"P2", "P3"}
    assert endorsements(frame, book)[STUCK] == {"P2"}


def test_counts_by_attribute_count_participants(tasks, book):
    frame = segments(tasks, "all")
    counts = counts_by_attribute(frame, book, "role", participants(tasks)).set_index("code")
    assert counts.at[AFRAID, "Nurse"] == 1 and counts.at[AFRAID, "Doctor"] == 1
    assert counts.at[AFRAID, "N"] == 2
    assert counts.at[LAST_BIT, "Nurse"] == 1 and counts.at[LAST_BIT, "Doctor"] == 0
    assert counts.at["Hardest drug to come off", "Nurse"] == 2


def test_cooccurrence_by_participant_counts_participants(tasks, book):
    frame = segments(tasks, "all")
    table = cooccurrence(frame, book, "participant")
    assert table.at[AFRAID, AFRAID] == 2
    assert table.at[AFRAID, WORST] == table.at[WORST, AFRAID] == 1
    assert table.at[AFRAID, STUCK] == 1
    assert table.at[STUCK, LAST_BIT] == 0


def test_the_themes_command_prints_the_same_n(tasks, book, tmp_path):
    path = tmp_path / "snapshot.json"
    document = {"format": "ls-thematic snapshot", "version": 1, "meta": {},
                "project": {"id": 1, "title": "Counts",
                            "label_config": codebook_to_label_config(book)},
                "tasks": tasks}
    path.write_text(json.dumps(document), encoding="utf-8")
    result = CliRunner().invoke(main, ["themes", "--snapshot", str(path), "--coders", "all",
                                       "--format", "json", "-o", "-"])
    assert result.exit_code == 0, result.output
    rows = {row["code"]: row for row in json.loads(result.stdout)["rows"]}
    for code, who in expected_endorsers(tasks).items():
        assert rows[code]["N"] == len(who), code
