"""The report's privacy rewrite of a snapshot, without building a report (fast).

``anonymise_snapshot`` is what puts redacted memos and pseudonymised segments into every file of
the report (tables, workbook, DOCX, .qdpx), so its memo and span handling is pinned here value
by value; ``test_report_redaction.py`` checks the files themselves.
"""

from __future__ import annotations

import copy
import json

import pytest

from ls_thematic.scripts.report import (
    REDACTED,
    ReportError,
    anonymise_snapshot,
    pseudonyms,
)
from ls_thematic.scripts.snapshot import segments

from .conftest import EXAMPLES

TEXT = "Interviewer: Hi Anna. P2: Anna Berg here, P2 is me. Anna said it. Done."
# character offsets into TEXT
SPAN = (TEXT.index("Anna Berg"), TEXT.index(" here"))          # "Anna Berg"
AFTER = (TEXT.index("Anna said"), TEXT.index(" Done"))          # "Anna said it."


def _snapshot(memo_value: dict, **attributes) -> dict:
    spans = [
        {"id": "r1", "from_name": "code", "to_name": "text", "type": "labels",
         "value": {"start": SPAN[0], "end": SPAN[1], "text": TEXT[SPAN[0]:SPAN[1]],
                   "labels": ["Afraid to reduce"]}},
        {"id": "r2", "from_name": "code", "to_name": "text", "type": "labels",
         "value": {"start": AFTER[0], "end": AFTER[1], "text": TEXT[AFTER[0]:AFTER[1]],
                   "labels": ["Worst withdrawal"]}},
        {"id": "r2", "from_name": "memo", "to_name": "text", "type": "textarea",
         "value": memo_value},
    ]
    return {"format": "ls-thematic snapshot", "version": 1, "project": {"id": 1, "title": "t"},
            "meta": {"source": "secret/folder/P2.txt", "pulled_at": "2024-01-01T00:00:00Z"},
            "tasks": [
                {"id": 1, "data": {"text": TEXT, "participant": "P2", "source_file": "P2.txt",
                                   "content_hash": "abc",
                                   "attributes": {"role": "Nurse", **attributes},
                                   "turns": [{"start": 13, "end": 20, "speaker": "Interviewer",
                                              "role": "interviewer"},
                                             {"start": 26, "end": len(TEXT), "speaker": "P2",
                                              "role": "participant"}]},
                 "annotations": [{"id": 7, "completed_by": 1, "ground_truth": True,
                                  "result": spans}]},
                {"id": 2, "data": {"text": "P10: nothing. P2 was here.", "participant": "P10",
                                   "attributes": {"role": "Doctor"}},
                 "annotations": []},
            ]}


MEMO = ["Anna repeats this; P2 and P10 agree.", "ANNA again"]
BARE = {"text": list(MEMO)}
REGION = {"start": AFTER[0], "end": AFTER[1], "text": list(MEMO)}
SHAPES = [pytest.param(BARE, id="bare-memo"),
          pytest.param(REGION, id="label-studio-region-memo")]


def memo_of(snapshot, region="r2") -> str:
    frame = segments(snapshot, "all")
    return frame.loc[frame["region_id"] == region, "memo"].iloc[0]


@pytest.mark.parametrize("value", SHAPES)
def test_memos_are_redacted_and_pseudonymised_and_stay_whole(value):
    private, mapping = anonymise_snapshot(_snapshot(copy.deepcopy(value)), True, ["Anna"])
    assert mapping == {"P2": "Participant A", "P10": "Participant B"}
    assert memo_of(private) == (
        f"{REDACTED} repeats this; Participant A and Participant B agree.\n{REDACTED} again"
    )


@pytest.mark.parametrize("value", SHAPES)
def test_memos_are_left_alone_without_privacy_options(value):
    document = _snapshot(copy.deepcopy(value))
    same, mapping = anonymise_snapshot(document)
    assert mapping == {}
    assert memo_of(same) == "\n".join(MEMO)
    assert same.meta == document["meta"]
    assert same[0]["data"]["source_file"] == "P2.txt"


@pytest.mark.parametrize("value", SHAPES)
def test_a_redacted_region_memo_keeps_its_region(value):
    private, _ = anonymise_snapshot(_snapshot(copy.deepcopy(value)), False, ["Anna"])
    result = private[0]["annotations"][0]["result"][2]
    assert result["type"] == "textarea" and result["id"] == "r2"
    assert result["value"]["text"] == [
        f"{REDACTED} repeats this; P2 and P10 agree.", f"{REDACTED} again"]


def test_spans_follow_the_rewritten_text():
    document = _snapshot(BARE)
    private, _ = anonymise_snapshot(document, True, ["Anna"])
    task = private[0]
    text = task["data"]["text"]
    assert text == ("Interviewer: Hi [name]. Participant A: [name] Berg here, Participant A is "
                    "me. [name] said it. Done.")
    frame = segments(private, "all").set_index("region_id")
    assert frame.at["r1", "text"] == "[name] Berg"
    assert frame.at["r2", "text"] == "[name] said it."
    for result in task["annotations"][0]["result"][:2]:
        value = result["value"]
        assert text[value["start"]:value["end"]] == value["text"]
    turns = task["data"]["turns"]
    assert text[turns[0]["start"]:turns[0]["end"]] == "Hi [name]"
    assert text[turns[1]["start"]:turns[1]["end"]].startswith("[name] Berg here")
    assert turns[1]["end"] == len(text)
    assert turns[1]["speaker"] == "Participant A" and turns[0]["speaker"] == "Interviewer"
    # the original is untouched
    assert document["tasks"][0]["data"]["text"] == TEXT


def test_a_private_snapshot_drops_where_the_transcripts_came_from():
    private, _ = anonymise_snapshot(_snapshot(BARE, name="Anna Berg"), False, [])
    data = private[0]["data"]
    assert "source_file" not in data and "content_hash" not in data
    assert data["attributes"] == {"role": "Nurse"}  # the name attribute is left out
    assert data["participant"] == "P2"  # not pseudonymised: the study's own code
    assert data["participant_header"] == "P2 · role: Nurse"
    assert private.meta == {"pulled_at": "2024-01-01T00:00:00Z"}
    # the name attribute's value and each of its words are redacted
    assert "Anna" not in data["text"] and "Berg" not in data["text"]
    assert memo_of(private) == f"{REDACTED} repeats this; P2 and P10 agree.\n{REDACTED} again"


def test_single_letters_of_a_name_attribute_are_not_redacted():
    private, _ = anonymise_snapshot(_snapshot(BARE, name="Anna B"), False, [])
    text = private[0]["data"]["text"]
    assert "Anna" not in text and "[name] Berg here" in text
    assert memo_of(private, "r1") == ""


def test_redaction_is_word_by_word_and_ignores_case():
    private, _ = anonymise_snapshot(_snapshot({"text": ["annabel and ANNA and Anna's"]}), False,
                                    ["Anna"])
    assert memo_of(private) == f"annabel and {REDACTED} and {REDACTED}'s"


def test_pseudonyms():
    assert pseudonyms(["P10", "P2", "P1", "P2"]) == {
        "P1": "Participant A", "P2": "Participant B", "P10": "Participant C"}
    many = pseudonyms([f"P{i}" for i in range(1, 29)])
    assert many["P26"] == "Participant Z" and many["P27"] == "Participant AA"
    assert many["P28"] == "Participant AB"
    assert pseudonyms(["P1"], True) == {"P1": "Participant A"}
    hashed = pseudonyms(["P1", "P2"], "hash", salt="s3cret")
    assert hashed == pseudonyms(["P2", "P1"], "hash", salt="s3cret")
    assert hashed["P1"] != hashed["P2"] and len(hashed["P1"]) == len("Participant ") + 8
    assert pseudonyms(["P1"], "hash", salt="other") != pseudonyms(["P1"], "hash", salt="s3cret")
    assert pseudonyms(["P1", "P2"], {"P1": "Ann", "P2": "Bob", "P3": "x"}) == {
        "P1": "Ann", "P2": "Bob"}
    with pytest.raises(ReportError, match="no pseudonym for P2, P3; give every participant one"):
        pseudonyms(["P1", "P2", "P3"], {"P1": "X"})
    with pytest.raises(ReportError, match="Pseudonyms must differ; these repeat: X"):
        pseudonyms(["P1", "P2"], {"P1": "X", "P2": "X"})
    with pytest.raises(ReportError, match="need a secret salt"):
        pseudonyms(["P1"], "hash")
    with pytest.raises(ReportError, match="pseudonymise='roman' is not allowed"):
        pseudonyms(["P1"], "roman")


def test_the_demo_snapshots_memos_survive_a_plain_rewrite():
    """The demo snapshot's memos are Label Studio region memos: a report without privacy
    options must still show them whole."""
    document = json.loads((EXAMPLES / "demo_snapshot.json").read_text(encoding="utf-8"))
    memos = {r["id"]: "\n".join(r["value"]["text"]) for t in document["tasks"]
             for a in t["annotations"] for r in a["result"] if r["type"] == "textarea"}
    frame = segments(anonymise_snapshot(document)[0], "all")
    shown = dict(zip(frame["region_id"], frame["memo"], strict=False))
    assert len(memos) == 3
    assert {shown[region] for region in memos} == set(memos.values())
