"""Redaction of memos in the report: the memo the report shows is the one that is redacted.

The report counts one annotation per transcript by default (``coders="reconciled"``: the
ground truth, else the latest), so the memo here sits on that annotation, and the redacted
name occurs only in the memo: if memo redaction were skipped, the name would reach the
segments table, the workbook and the .qdpx. Both memo shapes are covered: the per-region
``textarea`` result as Label Studio stores it (with the region's ``start``/``end``) and a bare
one (text only).
"""

from __future__ import annotations

import copy
import csv
import io
import json
import re
import zipfile

import pytest
from docx import Document
from lxml import etree
from openpyxl import load_workbook

from ls_thematic.label_config.codebook_io import load_codebook
from ls_thematic.scripts.qdpx import PROJECT_NAMESPACE
from ls_thematic.scripts.report import build_report

from .conftest import EXAMPLES

NAME = "Rosalind Featherstone"
WORDS = ("Rosalind", "Featherstone")
MEMO = f"{NAME} said this twice.\nAsk {NAME} (and rosalind featherstone) again."
REDACTED_MEMO = "[name] said this twice.\nAsk [name] (and [name]) again."
NS = {"q": PROJECT_NAMESPACE}



@pytest.fixture(scope="module")
def book():
    return load_codebook(EXAMPLES / "thesis_codebook.yaml")


def snapshot_with_memo(region_offsets: bool) -> tuple[dict, dict]:
    """The demo snapshot with :data:`MEMO` on a span of the annotation the report reads.

    Returns ``(document, the span result)``."""
    document = json.loads((EXAMPLES / "demo_snapshot.json").read_text(encoding="utf-8"))
    task = document["tasks"][2]  # P8: coded by two coders, the first is the ground truth
    chosen = [a for a in task["annotations"] if a.get("ground_truth")]
    assert len(chosen) == 1 and len(task["annotations"]) == 2
    annotation = chosen[0]
    # the other coder's annotation is the latest one: the memo must win by ground truth
    other = next(a for a in task["annotations"] if a is not annotation)
    other["created_at"] = other["updated_at"] = "2026-02-01T10:00:00+00:00"
    span = next(r for r in annotation["result"]
                if r["type"] == "labels" and not any(
                    m["type"] == "textarea" and m["id"] == r["id"] for m in annotation["result"]))
    value = {"text": [MEMO]}
    if region_offsets:
        value = {"start": span["value"]["start"], "end": span["value"]["end"], "text": [MEMO]}
    annotation["result"].append({"id": span["id"], "from_name": "memo", "to_name": "text",
                                 "type": "textarea", "origin": "manual", "value": value})
    for t in document["tasks"]:
        assert not any(w.lower() in t["data"]["text"].lower() for w in WORDS)
    return document, span


def folder_texts(out) -> dict[str, str]:
    """Every text of the report folder, by file (and by member inside the zips)."""
    texts = {}
    for path in sorted(out.rglob("*")):
        if not path.is_file() or path.suffix == ".png":
            continue
        name = str(path.relative_to(out))
        if path.suffix == ".xlsx":
            workbook = load_workbook(path)
            texts[name] = "\n".join(
                "\t".join("" if v is None else str(v) for v in row)
                for sheet in workbook.worksheets for row in sheet.iter_rows(values_only=True))
        elif path.suffix == ".docx":
            document = Document(path)
            body = [p.text for p in document.paragraphs]
            body += [c.text for t in document.tables for r in t.rows for c in r.cells]
            texts[name] = "\n".join(body)
            with zipfile.ZipFile(path) as zf:
                for member in zf.namelist():
                    if member.endswith(".xml"):
                        texts[f"{name}:{member}"] = zf.read(member).decode("utf-8")
        elif path.suffix == ".qdpx":
            with zipfile.ZipFile(path) as zf:
                for member in zf.namelist():
                    texts[f"{name}:{member}"] = zf.read(member).decode("utf-8")
        else:
            texts[name] = path.read_text(encoding="utf-8")
    return texts


def segment_rows(out) -> list[dict]:
    with open(out / "tables" / "segments.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def qdpx_notes(out) -> list[str]:
    with zipfile.ZipFile(out / "project.qdpx") as zf:
        root = etree.fromstring(zf.read("project.qde"))
    return [n.findtext("q:PlainTextContent", namespaces=NS)
            for n in root.iterfind("q:Notes/q:Note", NS)]


@pytest.fixture(scope="module", params=[
    pytest.param(True, id="label-studio-region-memo"),
    pytest.param(False, id="bare-memo"),
])
def report(request, tmp_path_factory, book):
    document, span = snapshot_with_memo(request.param)
    out = tmp_path_factory.mktemp("redaction") / "write-up"
    build_report(document, book, out, redact_names=[NAME], embed="tfidf")
    return out, span, request.param


def test_the_name_is_nowhere_in_the_report(report):
    out, _, _ = report
    texts = folder_texts(out)
    assert any(name.startswith("tables/") for name in texts)
    assert {"report.md", "report.xlsx", "report.docx", "project.qdpx:project.qde"} <= set(texts)
    for name, text in texts.items():
        for word in WORDS:
            assert not re.search(word, text, flags=re.IGNORECASE), f"{word} in {name}"


def test_the_memo_is_redacted_in_place_in_the_segments_table(report):
    out, span, _ = report
    rows = [r for r in segment_rows(out) if r["region_id"] == span["id"]]
    assert rows and {r["memo"] for r in rows} == {REDACTED_MEMO}
    # the span itself is the ground truth coder's, unchanged
    assert {r["text"] for r in rows} == {span["value"]["text"]}
    assert {(int(r["start"]), int(r["end"])) for r in rows} == {
        (span["value"]["start"], span["value"]["end"])}


def test_the_memo_is_redacted_in_place_in_the_workbook(report):
    out, span, _ = report
    sheet = load_workbook(out / "report.xlsx")["segments"]
    header = [c.value for c in sheet[1]]
    memos = {row[header.index("memo")] for row in sheet.iter_rows(min_row=2, values_only=True)
             if row[header.index("region_id")] == span["id"]}
    assert memos == {REDACTED_MEMO}


def test_the_memo_is_redacted_in_place_in_the_qdpx(report):
    out, _, _ = report
    notes = qdpx_notes(out)
    assert REDACTED_MEMO in notes


def test_without_redaction_the_memo_is_kept_whole(tmp_path, book):
    document, span = snapshot_with_memo(True)
    out = tmp_path / "plain"
    build_report(copy.deepcopy(document), book, out, embed="tfidf")
    rows = [r for r in segment_rows(out) if r["region_id"] == span["id"]]
    assert {r["memo"] for r in rows} == {MEMO}
    assert MEMO in qdpx_notes(out)
    with zipfile.ZipFile(out / "project.qdpx") as zf:
        assert NAME in io.TextIOWrapper(zf.open("project.qde"), encoding="utf-8").read()
