"""The privacy rewrite's rules, one by one (fast; see ``test_report_anonymise.py`` for the memos).

Hashed pseudonyms for coders as well as participants, a fresh seed when none is given, offsets
that start or end inside a replaced word, the words of a ``name`` attribute, and what a private
snapshot leaves out when only pseudonyms (no names) are asked for.
"""

from __future__ import annotations

import hashlib

import pytest

from ls_thematic.scripts.report import (
    REDACTED,
    ReportError,
    anonymise,
    anonymise_snapshot,
    pseudonyms,
)
from ls_thematic.scripts.report.anonymise import (
    SEED_KEY,
    coder_pseudonyms,
    pseudonymised_coders,
)

TEXT = "Hi Annabeth here. P2: fine, Jo said J. Smith knows."
ANNA = "anna@example.org"
BOB = "Bob Other"


def _hash(salt: str, what: str) -> str:
    return hashlib.sha256(what.replace("{salt}", salt).encode()).hexdigest()[:8].upper()


def _span(rid: str, start: int, end: int, text: bool = True) -> dict:
    value = {"start": start, "end": end, "labels": ["Afraid to reduce"]}
    if text:
        value["text"] = TEXT[start:end]
    return {"id": rid, "from_name": "code", "to_name": "text", "type": "labels", "value": value}


def _document(**attributes) -> dict:
    results = [
        _span("inside", TEXT.index("nnabeth"), TEXT.index(" here")),  # starts inside a name
        _span("ends-in", TEXT.index("Hi"), TEXT.index("beth")),  # ends inside a name
        _span("bare", TEXT.index("fine"), TEXT.index(", Jo"), text=False),
        {
            "id": "c1",
            "from_name": "tone",
            "to_name": "text",
            "type": "choices",
            "value": {"start": 0, "choices": ["calm"]},
        },  # no end: offsets left alone
        {
            "id": "bare",
            "from_name": "memo",
            "to_name": "text",
            "type": "textarea",
            "value": {"text": "Annabeth and P2, one string"},
        },
    ]
    return {
        "project": {"id": 1, "title": "Rules"},
        "meta": {"source": "folder/P2.txt", "pulled_at": "2024-01-01T00:00:00Z"},
        "tasks": [
            {
                "id": 1,
                "file_upload": "P2.txt",
                "meta": {"uploaded": "P2.txt"},
                "data": {
                    "text": TEXT,
                    "participant": "P2",
                    "source_file": "P2.txt",
                    "file_upload": "P2.txt",
                    "name": "P2.txt",
                    "attributes": {"role": "", "years_experience": 5, **attributes},
                    "turns": [
                        {"start": 18, "end": len(TEXT), "speaker": "p2"},
                        {"start": 3, "speaker": "P2"},
                    ],
                },
                "annotations": [
                    {
                        "id": 7,
                        "completed_by": {"id": 1, "email": ANNA},
                        "created_username": f"{ANNA}, 1",
                        "result": results,
                    },
                    {"id": 8, "completed_by": f" {BOB} ", "result": []},
                    {"id": 9, "completed_by": {"id": 3}, "result": []},
                ],
            },
            {"id": 2, "data": {"text": "P10 here.", "participant": "P10"}, "annotations": []},
        ],
    }


def _results(private) -> dict:
    return {(r["id"], r["type"]): r["value"] for r in private[0]["annotations"][0]["result"]}


# --------------------------------------------------------------------------- hashed pseudonyms
def test_hashed_coder_pseudonyms_are_coder_and_eight_upper_hex_digits():
    coders = coder_pseudonyms([ANNA, BOB, ANNA], "hash", salt="s3")
    assert coders == {
        BOB: "Coder " + _hash("s3", f"{{salt}}\0coder\0{BOB}"),
        ANNA: "Coder " + _hash("s3", f"{{salt}}\0coder\0{ANNA}"),
    }
    assert list(coders) == [ANNA, BOB]  # in natural order
    with pytest.raises(ReportError) as caught:
        coder_pseudonyms([ANNA], "hash")
    assert str(caught.value) == "Hashed pseudonyms need a secret salt (salt=... / --salt)."


def test_a_hashed_report_hashes_participants_and_coders_alike():
    private, mapping = anonymise_snapshot(_document(), "hash", salt="s3", seed=4)
    assert mapping == pseudonyms(["P2", "P10"], "hash", salt="s3")
    assert mapping["P2"] == "Participant " + _hash("s3", "{salt}\0P2")
    annotations = private[0]["annotations"]
    assert annotations[0]["completed_by"] == {
        "id": 1,
        "email": "Coder " + _hash("s3", f"{{salt}}\0coder\0{ANNA}"),
    }
    assert annotations[1]["completed_by"] == "Coder " + _hash("s3", f"{{salt}}\0coder\0{BOB}")
    assert pseudonymised_coders(
        [f" {ANNA.upper()} ", "zed@example.org", 3], _document(), "hash", "s3", seed=4
    ) == [annotations[0]["completed_by"]["email"], "zed@example.org", 3]
    with pytest.raises(ReportError, match="need a secret salt"):
        anonymise_snapshot(_document(), "hash", seed=4)


# --------------------------------------------------------------------------- seeds
def test_without_a_seed_the_letters_come_from_a_fresh_one(monkeypatch):
    coders = [f"coder{i}@example.org" for i in range(6)]
    orders = set()
    for seed in range(6):
        monkeypatch.setattr(anonymise, "new_seed", lambda seed=seed: seed)
        drawn = coder_pseudonyms(coders)
        assert drawn == coder_pseudonyms(coders, seed=seed)
        orders.add(tuple(drawn[c] for c in coders))
        private, _ = anonymise_snapshot(_document(), True)
        assert private.meta[SEED_KEY] == seed
    assert len(orders) > 1  # the seed, not a fixed order, decides


# --------------------------------------------------------------------------- offsets
def test_offsets_inside_a_replaced_word_move_to_its_edges():
    private, _ = anonymise_snapshot(_document(), False, ["Annabeth"])
    text = private[0]["data"]["text"]
    assert text.startswith(f"Hi {REDACTED} here.")
    values = _results(private)
    inside, ends_in = values[("inside", "labels")], values[("ends-in", "labels")]
    assert (inside["start"], inside["end"]) == (3, 3 + len(f"{REDACTED}"))
    assert inside["text"] == REDACTED
    assert (ends_in["start"], ends_in["end"]) == (0, 3 + len(REDACTED))
    assert ends_in["text"] == f"Hi {REDACTED}"
    shift = len(REDACTED) - len("Annabeth")
    bare = values[("bare", "labels")]
    assert "text" not in bare  # a span without its text does not get one
    assert text[bare["start"] : bare["end"]] == "fine"
    assert bare["start"] == TEXT.index("fine") + shift
    assert values[("c1", "choices")] == {"start": 0, "choices": ["calm"]}
    assert values[("bare", "textarea")] == {"text": f"{REDACTED} and P2, one string"}
    turns = private[0]["data"]["turns"]
    assert turns == [
        {"start": 18 + shift, "end": len(text), "speaker": "p2"},
        {"start": 3, "speaker": "P2"},
    ]


def test_two_letter_words_of_a_name_attribute_are_redacted_single_letters_are_not():
    private, _ = anonymise_snapshot(_document(name="Jo J Smith"), False, [])
    assert private[0]["data"]["text"].endswith(f", {REDACTED} said J. {REDACTED} knows.")


# --------------------------------------------------------------------------- private snapshot
def test_pseudonyms_alone_make_the_snapshot_private():
    private, mapping = anonymise_snapshot(_document(), True, seed=1)  # no names
    task = private[0]
    data = task["data"]
    assert data["participant"] == mapping["P2"]
    assert data["participant_header"] == f"{mapping['P2']} · years experience: 5"
    assert data["attributes"] == {"role": "", "years_experience": 5}
    for key in ("source_file", "file_upload", "name", "content_hash"):
        assert key not in data
    assert "file_upload" not in task and "meta" not in task
    assert private.meta == {"pulled_at": "2024-01-01T00:00:00Z", SEED_KEY: 1}
    assert private.project == {"id": 1, "title": "Rules"}
    assert data["turns"][0]["speaker"] == mapping["P2"]  # "p2" is P2
    assert data["text"] == TEXT.replace("P2", mapping["P2"])
    annotations = task["annotations"]
    assert all("created_username" not in a for a in annotations)
    coders = coder_pseudonyms([ANNA, BOB], seed=1)
    assert annotations[0]["completed_by"] == {"id": 1, "email": coders[ANNA]}
    assert annotations[1]["completed_by"] == coders[BOB]
    assert annotations[2]["completed_by"] == {"id": 3}  # a user id names nobody
    memo = _results(private)[("bare", "textarea")]["text"]
    assert memo == f"Annabeth and {mapping['P2']}, one string"
    assert private[1]["data"]["participant"] == mapping["P10"]


def test_without_options_nothing_is_left_out():
    document = _document()
    same, mapping = anonymise_snapshot(document)
    assert mapping == {}
    data = same[0]["data"]
    assert data["text"] == TEXT and data["participant"] == "P2"
    assert data["source_file"] == "P2.txt" and data["name"] == "P2.txt"
    assert same[0]["file_upload"] == "P2.txt" and same.meta == document["meta"]


def test_a_longer_name_or_coder_wins_over_its_first_word():
    document = _document()
    task = document["tasks"][0]
    task["annotations"][2]["completed_by"] = "Bob"  # a coder whose name starts another's
    memo = task["annotations"][0]["result"][-1]["value"]
    memo["text"] = "Anna Berg said so; Bob Other and Bob agree"
    private, _ = anonymise_snapshot(document, True, ["anna", "ANNA BERG"], seed=1)
    coders = coder_pseudonyms([ANNA, BOB, "Bob"], seed=1)
    assert _results(private)[("bare", "textarea")]["text"] == (
        f"{REDACTED} said so; {coders[BOB]} and {coders['Bob']} agree"
    )
