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
from ls_thematic.scripts.report.anonymise import SEED_KEY, coder_pseudonyms, pseudonymised_coders
from ls_thematic.scripts.snapshot import segments

from .conftest import EXAMPLES

TEXT = "Interviewer: Hi Anna. P2: Anna Berg here, P2 is me. Anna said it. Done."
# character offsets into TEXT
SPAN = (TEXT.index("Anna Berg"), TEXT.index(" here"))  # "Anna Berg"
AFTER = (TEXT.index("Anna said"), TEXT.index(" Done"))  # "Anna said it."


def _snapshot(memo_value: dict, **attributes) -> dict:
    spans = [
        {
            "id": "r1",
            "from_name": "code",
            "to_name": "text",
            "type": "labels",
            "value": {
                "start": SPAN[0],
                "end": SPAN[1],
                "text": TEXT[SPAN[0] : SPAN[1]],
                "labels": ["Afraid to reduce"],
            },
        },
        {
            "id": "r2",
            "from_name": "code",
            "to_name": "text",
            "type": "labels",
            "value": {
                "start": AFTER[0],
                "end": AFTER[1],
                "text": TEXT[AFTER[0] : AFTER[1]],
                "labels": ["Worst withdrawal"],
            },
        },
        {
            "id": "r2",
            "from_name": "memo",
            "to_name": "text",
            "type": "textarea",
            "value": memo_value,
        },
    ]
    return {
        "format": "ls-thematic snapshot",
        "version": 1,
        "project": {"id": 1, "title": "t"},
        "meta": {"source": "secret/folder/P2.txt", "pulled_at": "2024-01-01T00:00:00Z"},
        "tasks": [
            {
                "id": 1,
                "data": {
                    "text": TEXT,
                    "participant": "P2",
                    "source_file": "P2.txt",
                    "content_hash": "abc",
                    "attributes": {"role": "Nurse", **attributes},
                    "turns": [
                        {"start": 13, "end": 20, "speaker": "Interviewer", "role": "interviewer"},
                        {"start": 26, "end": len(TEXT), "speaker": "P2", "role": "participant"},
                    ],
                },
                "annotations": [
                    {"id": 7, "completed_by": 1, "ground_truth": True, "result": spans}
                ],
            },
            {
                "id": 2,
                "data": {
                    "text": "P10: nothing. P2 was here.",
                    "participant": "P10",
                    "attributes": {"role": "Doctor"},
                },
                "annotations": [],
            },
        ],
    }


MEMO = ["Anna repeats this; P2 and P10 agree.", "ANNA again"]
SEED = 1  # gives P2 the letter B and P10 the letter A: not the order of the ids
BARE = {"text": list(MEMO)}
REGION = {"start": AFTER[0], "end": AFTER[1], "text": list(MEMO)}
SHAPES = [pytest.param(BARE, id="bare-memo"), pytest.param(REGION, id="label-studio-region-memo")]


def memo_of(snapshot, region="r2") -> str:
    frame = segments(snapshot, "all")
    return frame.loc[frame["region_id"] == region, "memo"].iloc[0]


@pytest.mark.parametrize("value", SHAPES)
def test_memos_are_redacted_and_pseudonymised_and_stay_whole(value):
    private, mapping = anonymise_snapshot(
        _snapshot(copy.deepcopy(value)), True, ["Anna"], seed=SEED
    )
    assert mapping == {"P2": "Participant B", "P10": "Participant A"}
    assert memo_of(private) == (
        f"{REDACTED} repeats this; Participant B and Participant A agree.\n{REDACTED} again"
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
        f"{REDACTED} repeats this; P2 and P10 agree.",
        f"{REDACTED} again",
    ]


def test_spans_follow_the_rewritten_text():
    document = _snapshot(BARE)
    private, _ = anonymise_snapshot(document, True, ["Anna"], seed=SEED)
    task = private[0]
    text = task["data"]["text"]
    assert text == (
        "Interviewer: Hi [name]. Participant B: [name] Berg here, Participant B is "
        "me. [name] said it. Done."
    )
    frame = segments(private, "all").set_index("region_id")
    assert frame.at["r1", "text"] == "[name] Berg"
    assert frame.at["r2", "text"] == "[name] said it."
    for result in task["annotations"][0]["result"][:2]:
        value = result["value"]
        assert text[value["start"] : value["end"]] == value["text"]
    turns = task["data"]["turns"]
    assert text[turns[0]["start"] : turns[0]["end"]] == "Hi [name]"
    assert text[turns[1]["start"] : turns[1]["end"]].startswith("[name] Berg here")
    assert turns[1]["end"] == len(text)
    assert turns[1]["speaker"] == "Participant B" and turns[0]["speaker"] == "Interviewer"
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
    private, _ = anonymise_snapshot(
        _snapshot({"text": ["annabel and ANNA and Anna's"]}), False, ["Anna"]
    )
    assert memo_of(private) == f"annabel and {REDACTED} and {REDACTED}'s"


def test_pseudonyms():
    assert pseudonyms(["P10", "P2", "P1", "P2"], seed=SEED) == {
        "P1": "Participant C",
        "P2": "Participant A",
        "P10": "Participant B",
    }
    ids = [f"P{i}" for i in range(1, 29)]
    many = pseudonyms(ids, seed=SEED)
    assert list(many) == ids  # the map is in the ids' order; the letters are not
    assert sorted(many.values()) == sorted(
        [f"Participant {c}" for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"]
        + ["Participant AA", "Participant AB"]
    )
    assert [many[i] for i in ids[:3]] == ["Participant N", "Participant F", "Participant X"]
    assert pseudonyms(list(reversed(ids)), seed=SEED) == many  # same ids, same seed
    assert pseudonyms(ids, seed=SEED + 1) != many
    assert pseudonyms(["P1"], True) == {"P1": "Participant A"}
    hashed = pseudonyms(["P1", "P2"], "hash", salt="s3cret")
    assert hashed == pseudonyms(["P2", "P1"], "hash", salt="s3cret")
    assert hashed["P1"] != hashed["P2"] and len(hashed["P1"]) == len("Participant ") + 8
    assert pseudonyms(["P1"], "hash", salt="other") != pseudonyms(["P1"], "hash", salt="s3cret")
    assert pseudonyms(["P1", "P2"], {"P1": "Ann", "P2": "Bob", "P3": "x"}) == {
        "P1": "Ann",
        "P2": "Bob",
    }
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
    memos = {
        r["id"]: "\n".join(r["value"]["text"])
        for t in document["tasks"]
        for a in t["annotations"]
        for r in a["result"]
        if r["type"] == "textarea"
    }
    frame = segments(anonymise_snapshot(document)[0], "all")
    shown = dict(zip(frame["region_id"], frame["memo"], strict=False))
    assert len(memos) == 3
    assert {shown[region] for region in memos} == set(memos.values())


# --------------------------------------------------------------------------- issue 9
VARIANTS = "p2, P02 and P002; participant 2, Participant 02. Not P20, P2a or xP2. P10 too."


def test_participant_ids_are_found_in_their_variants():
    private, _ = anonymise_snapshot(_snapshot({"text": [VARIANTS]}), True, seed=SEED)
    assert memo_of(private) == (
        "Participant B, Participant B and Participant B; Participant B, Participant B. "
        "Not P20, P2a or xP2. Participant A too."
    )
    text = private[1]["data"]["text"]  # "P10: nothing. P2 was here."
    assert text == "Participant A: nothing. Participant B was here."


def test_participant_n_is_left_when_two_ids_share_the_number():
    document = _snapshot({"text": ["participant 2 and N2"]})
    document["tasks"][1]["data"]["participant"] = "N2"
    private, mapping = anonymise_snapshot(document, True, seed=SEED)
    assert memo_of(private) == f"participant 2 and {mapping['N2']}"


def test_one_id_written_two_ways_is_refused():
    document = _snapshot(BARE)
    document["tasks"][1]["data"]["participant"] = "p02"
    with pytest.raises(ReportError, match=r"P2, p02 are one id written in two ways"):
        anonymise_snapshot(document, True, seed=SEED)


CODER = "Anna.Coder@example.org"


def _coded_by_email() -> dict:
    document = _snapshot({"text": [f"ask {CODER.lower()} about P2"]})
    annotation = document["tasks"][0]["annotations"][0]
    annotation["completed_by"] = {"id": 1, "email": CODER}
    annotation["created_username"] = f"{CODER}, 1"
    document["tasks"][1]["annotations"] = [{"id": 8, "completed_by": "Bob Other", "result": []}]
    return document


def test_coder_emails_are_pseudonymised():
    document = _coded_by_email()
    private, _ = anonymise_snapshot(document, True, seed=SEED)
    coders = coder_pseudonyms([CODER, "Bob Other"], seed=SEED)
    assert sorted(coders.values()) == ["Coder A", "Coder B"]
    annotation = private[0]["annotations"][0]
    assert annotation["completed_by"] == {"id": 1, "email": coders[CODER]}
    assert "created_username" not in annotation
    assert private[1]["annotations"][0]["completed_by"] == coders["Bob Other"]
    assert set(segments(private, "all")["coder"]) == {coders[CODER]}
    assert memo_of(private) == f"ask {coders[CODER]} about Participant B"
    dumped = json.dumps(list(private)).lower()
    assert "example.org" not in dumped and "bob other" not in dumped
    # without pseudonymisation the coders keep their e-mails
    same, _ = anonymise_snapshot(document, False, ["Anna"])
    assert same[0]["annotations"][0]["completed_by"]["email"] == CODER


def test_the_seed_is_recorded_and_gives_the_same_letters():
    document = _coded_by_email()
    first, mapping = anonymise_snapshot(document, True)
    seed = first.meta[SEED_KEY]
    assert isinstance(seed, int)
    assert pseudonyms(["P2", "P10"], seed=seed) == mapping
    again, same = anonymise_snapshot(document, True, seed=seed)
    assert same == mapping and list(again) == list(first)
    assert SEED_KEY not in anonymise_snapshot(document, False, ["Anna"])[0].meta
    orders = {tuple(pseudonyms(["P2", "P10"], seed=s).values()) for s in range(8)}
    assert orders == {("Participant A", "Participant B"), ("Participant B", "Participant A")}


def test_a_choice_of_coders_follows_their_pseudonyms():
    document = _coded_by_email()
    private, _ = anonymise_snapshot(document, True, seed=SEED)
    chosen = pseudonymised_coders([CODER.upper(), 1], document, True, seed=SEED)
    assert chosen == [coder_pseudonyms([CODER, "Bob Other"], seed=SEED)[CODER], 1]
    assert set(segments(private, chosen)["region_id"]) == {"r1", "r2"}
