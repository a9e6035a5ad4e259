"""The demo coding: thesis extracts at exact offsets, two coders, and the shipped snapshot in sync."""

from __future__ import annotations

import shutil

import pytest
import yaml

from ls_thematic.scripts.demo_coding import (
    DEMO_CODING,
    DEMO_SNAPSHOT,
    DemoCodingError,
    demo_coding_tasks,
    demo_snapshot_text,
)

from .conftest import EXAMPLES


@pytest.fixture(scope="module")
def tasks():
    return demo_coding_tasks()


def test_the_shipped_snapshot_is_what_the_coding_file_gives():
    assert DEMO_SNAPSHOT.read_text(encoding="utf-8") == demo_snapshot_text(), (
        "label_config/examples/demo_snapshot.json is stale; rewrite it with "
        "ls_thematic.scripts.demo_coding.demo_snapshot_text()"
    )


def test_every_span_is_exact_and_coded_with_codebook_codes(tasks):
    spans = 0
    for task in tasks:
        text = task["data"]["text"]
        for annotation in task["annotations"]:
            for item in annotation["result"]:
                if item["type"] == "labels":
                    value = item["value"]
                    assert text[value["start"]:value["end"]] == value["text"]
                    assert value["text"] == value["text"].strip()
                    spans += 1
    coding = yaml.safe_load(DEMO_CODING.read_text(encoding="utf-8"))
    assert spans == sum(len(coder["spans"]) for coder in coding["coders"]) == 25 + 12


def test_the_second_coder_codes_two_transcripts_with_the_first(tasks):
    double = [task["data"]["participant"] for task in tasks if len(task["annotations"]) == 2]
    assert double == ["P8", "P13"]
    coders = {a["completed_by"]["email"] for task in tasks for a in task["annotations"]}
    assert coders == {"researcher@example.org", "second.coder@example.org"}


def test_relations_and_memos_point_at_regions_of_the_same_annotation(tasks):
    relations = memos = 0
    for task in tasks:
        for annotation in task["annotations"]:
            ids = {item["id"] for item in annotation["result"] if item["type"] == "labels"}
            for item in annotation["result"]:
                if item["type"] == "relation":
                    assert {item["from_id"], item["to_id"]} <= ids
                    relations += 1
                elif item["type"] == "textarea":
                    assert item["id"] in ids
                    memos += 1
    assert (relations, memos) == (2, 3)


def test_an_extract_that_is_not_in_the_transcript_is_named(tmp_path):
    folder = tmp_path / "examples"
    shutil.copytree(EXAMPLES, folder)
    coding = yaml.safe_load((folder / "demo_coding.yaml").read_text(encoding="utf-8"))
    coding["coders"][0]["spans"][0]["extract"] = "Words no participant said."
    (folder / "demo_coding.yaml").write_text(yaml.safe_dump(coding, allow_unicode=True), encoding="utf-8")
    with pytest.raises(DemoCodingError, match=r"researcher@example.org, span 1 \(P4\).*is not in the transcript"):
        demo_coding_tasks(folder / "demo_coding.yaml")
