"""Memos in the REFI-QDA export: every region's memo reaches project.qde whole, on its selection.

The expected memos are read straight from the snapshot's JSON (each ``textarea`` result names
its region by ``id``; several texts are joined by a newline), not through the package's own
reader, and compared by value with the ``<Note>`` that each ``<PlainTextSelection>`` refers to.
"""

from __future__ import annotations

import copy
import io
import json
import zipfile

import pytest
from lxml import etree

from ls_thematic.label_config.codebook_io import load_codebook
from ls_thematic.scripts.qdpx import PROJECT_NAMESPACE, build_qdpx, schema_errors

from .conftest import EXAMPLES

NS = {"q": PROJECT_NAMESPACE}
DEMO = EXAMPLES / "demo_snapshot.json"

LONG_MEMO = (
    "A long memo that goes on past sixty characters, because researchers write whole "
    "paragraphs here.\nA second line: 'quotes', \"double quotes\", <angle> & ampersand."
)
MEMOS = {
    # (task index, annotation index, region index among its spans): memo texts
    (0, 0, 0): [LONG_MEMO],
    (0, 0, 2): ["Two texts", "in one memo"],
    (1, 0, 4): ["Ünïcödé — “curly” … and an emoji \U0001F600"],
    (2, 1, 0): ["The second coder's memo on a span of theirs."],
    (5, 0, 1): ["abcd"],
}


def expected_memos(document: dict, coders: str = "all") -> dict[tuple, str]:
    """``{(participant, start, end, coder e-mail): memo}`` read from the raw snapshot JSON."""
    out = {}
    for task in document["tasks"]:
        annotations = [a for a in task["annotations"] if not a.get("was_cancelled")]
        if coders == "reconciled":
            annotations = [a for a in annotations if a.get("ground_truth")][:1] or annotations[-1:]
        for annotation in annotations:
            spans = {r["id"]: r for r in annotation["result"] if r["type"] == "labels"}
            for result in annotation["result"]:
                if result["type"] != "textarea":
                    continue
                span = spans[result["id"]]["value"]
                key = (task["data"]["participant"], span["start"], span["end"],
                       annotation["completed_by"]["email"])
                memo = "\n".join(result["value"]["text"])
                if memo.strip():
                    out[key] = memo
    return out


def memos_in_qde(qde: bytes) -> dict[tuple, str]:
    """``{(source name, start, end, user name): note text}`` from project.qde."""
    root = etree.fromstring(qde)
    users = {u.get("guid"): u.get("name") for u in root.iterfind("q:Users/q:User", NS)}
    notes = {n.get("guid"): n for n in root.iterfind("q:Notes/q:Note", NS)}
    out = {}
    for source in root.iterfind("q:Sources/q:TextSource", NS):
        for selection in source.iterfind("q:PlainTextSelection", NS):
            refs = selection.findall("q:NoteRef", NS)
            if not refs:
                continue
            assert len(refs) == 1, "one memo per selection"
            note = notes[refs[0].get("targetGUID")]
            assert note.get("creatingUser") == selection.get("creatingUser")
            assert note.get("name") == f"Memo: {source.get('name')}"
            key = (source.get("name"), int(selection.get("startPosition")),
                   int(selection.get("endPosition")), users[selection.get("creatingUser")])
            assert key not in out
            out[key] = note.findtext("q:PlainTextContent", namespaces=NS)
    assert len(out) == len(notes), "every note belongs to a selection"
    return out


def with_memos(document: dict) -> dict:
    """The demo snapshot with the memos of :data:`MEMOS` added, as Label Studio stores them:
    a per-region ``textarea`` result with the region's id and offsets."""
    document = copy.deepcopy(document)
    for (t, a, r), memo in MEMOS.items():
        annotation = document["tasks"][t]["annotations"][a]
        span = [x for x in annotation["result"] if x["type"] == "labels"][r]
        annotation["result"] = [
            x for x in annotation["result"]
            if not (x["type"] == "textarea" and x["id"] == span["id"])
        ]
        annotation["result"].append({
            "id": span["id"], "from_name": "memo", "to_name": "text", "type": "textarea",
            "origin": "manual",
            "value": {"start": span["value"]["start"], "end": span["value"]["end"], "text": memo},
        })
    return document


@pytest.fixture(scope="module")
def demo() -> dict:
    return json.loads(DEMO.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def book():
    return load_codebook(EXAMPLES / "thesis_codebook.yaml")


def qde_of(document: dict, book, coders="all") -> bytes:
    with zipfile.ZipFile(io.BytesIO(build_qdpx(document, book, coders=coders))) as archive:
        return archive.read("project.qde")


def test_the_demo_snapshots_memos_are_exported_whole(demo, book):
    expected = expected_memos(demo)
    assert len(expected) == 3  # the demo coding has three memos
    qde = qde_of(demo, book)
    assert memos_in_qde(qde) == expected
    assert schema_errors(qde) == []


@pytest.mark.parametrize("coders", ["all", "reconciled"])
def test_long_multi_line_and_unicode_memos_are_exported_whole(demo, book, coders):
    document = with_memos(demo)
    expected = expected_memos(document, coders)
    assert LONG_MEMO in expected.values()
    assert "Two texts\nin one memo" in expected.values()
    assert ("The second coder's memo on a span of theirs." in expected.values()) == (coders == "all")
    qde = qde_of(document, book, coders)
    assert memos_in_qde(qde) == expected
    assert schema_errors(qde) == []


def test_a_blank_memo_makes_no_note(demo, book):
    document = copy.deepcopy(demo)
    annotation = document["tasks"][1]["annotations"][0]
    span = next(x for x in annotation["result"] if x["type"] == "labels")
    annotation["result"].append({"id": span["id"], "from_name": "memo", "to_name": "text",
                                 "type": "textarea", "value": {"text": ["  "]}})
    assert memos_in_qde(qde_of(document, book)) == expected_memos(demo)
