"""The report folder: its files, privacy (pseudonyms and redaction everywhere), atomic replace."""

from __future__ import annotations

import copy
import json
import re
import zipfile

import pandas as pd
import pytest
from docx import Document
from openpyxl import load_workbook

from ls_thematic.label_config.codebook_io import load_codebook
from ls_thematic.scripts.qdpx import schema_errors
from ls_thematic.scripts.report import (
    MANIFEST,
    ReportError,
    anonymise_snapshot,
    build_report,
    pseudonyms,
    report_agreement,
)
from ls_thematic.scripts.snapshot import SnapshotError, as_snapshot, segments

from .writeup_data import BELGIAN, demo_snapshot, thesis_book

REAL_IDS = ["P4", "P5", "P8", "P9", "P11", "P13"]
NAME = "Margaret Okafor"


@pytest.fixture(scope="module")
def book():
    return thesis_book()


@pytest.fixture(scope="module")
def named_snapshot():
    """The demo snapshot with a participant's name in a transcript, a memo and an attribute."""
    document = demo_snapshot()
    task = document["tasks"][0]
    text = task["data"]["text"]
    first = task["annotations"][0]["result"][0]
    start = first["value"]["start"]
    insert = f"{NAME} here. "
    task["data"]["text"] = text[:start] + insert + text[start:]
    shift = len(insert)
    for turn in task["data"]["turns"]:
        turn["start"] += shift if turn["start"] >= start else 0
        turn["end"] += shift if turn["end"] > start else 0
    for annotation in task["annotations"]:
        for result in annotation["result"]:
            value = result.get("value") or {}
            if "start" in value:
                value["start"] += shift if value["start"] > start or result is first else 0
                value["end"] += shift
                value["text"] = task["data"]["text"][value["start"]:value["end"]]
    first["value"]["start"] = start  # the first span now begins with the name
    first["value"]["text"] = task["data"]["text"][start:first["value"]["end"]]
    task["annotations"][0]["result"].append(
        {"id": first["id"], "from_name": "memo", "to_name": "text", "type": "textarea",
         "value": {"text": [f"Okafor said this twice; ask {NAME}"]}})
    document["tasks"][1]["data"]["attributes"]["name"] = "Jonathan Smythe"
    document["tasks"][1]["data"]["text"] += " Thanks, Jonathan."
    return document


@pytest.fixture(scope="module")
def folder(tmp_path_factory, book):
    out = tmp_path_factory.mktemp("report") / "write-up"
    snapshot = as_snapshot(demo_snapshot(book))
    result = build_report(snapshot, book, out, agreement=report_agreement(snapshot, book),
                          embed="tfidf")
    return out, result


def test_folder_contents(folder):
    out, result = folder
    files = {str(p.relative_to(out)) for p in out.rglob("*") if p.is_file()}
    expected = {"report.md", "report.docx", "report.xlsx", "project.qdpx", MANIFEST,
                "tables/theme_participant_matrix.csv", "tables/extracts.csv",
                "tables/counts_by_role.csv", "tables/participants_by_role.csv",
                "tables/cooccurrence_segments.csv", "tables/saturation.csv",
                "tables/agreement_per_code.csv", "tables/agreement_per_level.csv"}
    expected |= {f"figures/{f}.{x}" for f in ("theme_map", "participant_heatmap", "agreement",
                                               "saturation") for x in ("png", "svg")}
    assert expected <= files
    assert json.loads((out / MANIFEST).read_text())["files"] == sorted(files)
    assert not [p for p in out.parent.iterdir() if p.name.startswith(".")]  # no staging left


def test_tables_agree_across_formats(folder):
    out, result = folder
    matrix = pd.read_csv(out / "tables/theme_participant_matrix.csv", keep_default_na=False)
    assert matrix["N"].tolist() == result["tables"]["theme_participant_matrix"]["N"].tolist()
    workbook = load_workbook(out / "report.xlsx")
    assert "theme_participant_matrix" in workbook.sheetnames
    sheet = workbook["theme_participant_matrix"]
    header = [c.value for c in sheet[1]]
    assert header[-1] == "N" and [r[-1] for r in sheet.iter_rows(min_row=2, values_only=True)] == matrix["N"].tolist()
    # full precision in the CSV
    agreement = pd.read_csv(out / "tables/agreement_per_code.csv")
    alpha = agreement["krippendorff_alpha"].dropna()
    assert len(alpha) > 5 and alpha.map(lambda v: len(repr(v)) > 6 or v in (0, 1)).all()
    document = Document(out / "report.docx")
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Themes and extracts" in text and "Agreement" in text and "Unit: turn" in text
    tables = document.tables
    theme_table = next(t for t in tables if t.rows[0].cells[0].text == "Theme")
    assert [c.text for c in theme_table.rows[0].cells][-1] == "N"
    assert len(document.inline_shapes) == 4  # theme map, heatmap, saturation, agreement
    markdown = (out / "report.md").read_text(encoding="utf-8")
    assert "![Theme map](figures/theme_map.png)" in markdown and "> “" in markdown


def test_qdpx_in_the_report_is_valid(folder):
    out, _ = folder
    with zipfile.ZipFile(out / "project.qdpx") as zf:
        assert schema_errors(zf.read("project.qde")) == []


def _all_text(out) -> str:
    """Every piece of text in the folder: plain files, inside the DOCX/XLSX/QDPX zips, SVG."""
    chunks = []
    for path in out.rglob("*"):
        if not path.is_file() or path.suffix == ".png":
            continue
        if path.suffix in (".docx", ".qdpx"):
            with zipfile.ZipFile(path) as zf:
                for name in zf.namelist():
                    if not name.endswith((".png", ".jpeg")):
                        chunks.append(zf.read(name).decode("utf-8", "replace"))
        elif path.suffix == ".xlsx":
            workbook = load_workbook(path)
            for sheet in workbook.worksheets:
                chunks.append(sheet.title)
                for row in sheet.iter_rows(values_only=True):
                    chunks.append(" ".join("" if v is None else str(v) for v in row))
        else:
            # an SVG's embedded raster (the heatmap's) is base64, where "+P8/" can occur by
            # chance: it is an image, not text, and the PNGs are skipped too
            text = path.read_text(encoding="utf-8")
            chunks.append(re.sub(r"data:image/\w+;base64,[A-Za-z0-9+/=\s]*", "", text))
    return "\n".join(chunks)


def test_pseudonymise_and_redact_leave_no_ids_or_names(tmp_path, book, named_snapshot):
    out = tmp_path / "private"
    result = build_report(named_snapshot, book, out, pseudonymise=True, redact_names=[NAME],
                          embed="tfidf", agreement=report_agreement(named_snapshot, book))
    text = _all_text(out)
    # the DOCX's XML may split words across runs; its paragraphs are checked below as well
    for pid in REAL_IDS:
        assert not re.search(rf"\b{pid}\b", text), pid
    for word in ("Margaret", "Okafor", "Jonathan", "Smythe"):
        assert word not in text, word
    assert "[name]" in text and "Participant A" in text
    document = Document(out / "report.docx")
    body = "\n".join(p.text for p in document.paragraphs)
    body += "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    assert not any(re.search(rf"\b{pid}\b", body) for pid in REAL_IDS)
    assert "Okafor" not in body
    assert set(result["pseudonyms"]) == set(REAL_IDS)
    manifest = json.loads((out / MANIFEST).read_text())
    assert manifest["pseudonymised"] and manifest["redacted"]
    with zipfile.ZipFile(out / "project.qdpx") as zf:
        qde = zf.read("project.qde").decode("utf-8")
        assert schema_errors(qde) == []
        sources = [zf.read(n).decode("utf-8") for n in zf.namelist() if n.startswith("sources/")]
    assert 'name="Participant A"' in qde and "P4.txt" not in qde
    assert len(sources) == 6 and any("[name] here." in s for s in sources)


def test_anonymised_offsets_still_point_at_the_coded_text(book, named_snapshot):
    before = segments(named_snapshot, "all")
    private, mapping = anonymise_snapshot(named_snapshot, True, [NAME])
    after = segments(private, "all")
    assert len(before) == len(after)
    changed = 0
    for old, new in zip(before["text"], after["text"], strict=True):
        expected = old.replace(NAME, "[name]")
        for pid, pseudonym in mapping.items():
            expected = re.sub(rf"\b{pid}\b", pseudonym, expected)
        assert new == expected
        changed += old != new
    assert changed >= 1
    task = private[0]
    for turn in task["data"]["turns"]:
        assert not task["data"]["text"][turn["start"]:turn["end"]].startswith((" ", "\n"))
    assert "source_file" not in task["data"] and "name" not in private[1]["data"]["attributes"]


@pytest.mark.parametrize("as_string", [False, True], ids=["lines", "string"])
def test_a_region_memo_stays_a_memo_when_names_are_redacted(named_snapshot, as_string):
    """Label Studio stores a per-region memo with its region's offsets; its text is the memo,
    never the region's transcript text."""
    document = copy.deepcopy(named_snapshot)
    results = document["tasks"][0]["annotations"][0]["result"]
    span, memo = results[0], results[-1]
    memo["value"].update(start=span["value"]["start"], end=span["value"]["end"])
    if as_string:
        memo["value"]["text"] = memo["value"]["text"][0]
    private, _ = anonymise_snapshot(document, redact_names=[NAME, "Okafor"])
    value = private[0]["annotations"][0]["result"][-1]["value"]
    expected = "[name] said this twice; ask [name]"
    assert value["text"] == (expected if as_string else [expected])
    row = segments(private, "all").query(f"region_id == '{span['id']}'").iloc[0]
    assert row["memo"] == expected


def test_pseudonyms():
    # Letters in a seeded random order, not in the ids' order (issue 9).
    assert pseudonyms(["P10", "P2", "P1"], seed=1) == {
        "P1": "Participant C",
        "P2": "Participant A",
        "P10": "Participant B",
    }
    hashed = pseudonyms(["P1"], "hash", salt="s3cret")
    assert re.fullmatch(r"Participant [0-9A-F]{8}", hashed["P1"])
    with pytest.raises(ReportError, match="need a secret salt"):
        pseudonyms(["P1"], "hash")
    with pytest.raises(ReportError, match="no pseudonym for P2"):
        pseudonyms(["P1", "P2"], {"P1": "X"})


def test_an_earlier_report_is_replaced_atomically(tmp_path, book, monkeypatch):
    snapshot = as_snapshot(demo_snapshot(book, coders="A"))
    out = tmp_path / "out"
    build_report(snapshot, book, out, embed="tfidf")
    first = (out / "report.md").read_text(encoding="utf-8")
    assert not (out / "figures" / "agreement.png").exists()  # one coder: no agreement chart

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("ls_thematic.scripts.qdpx.build_qdpx", broken)
    with pytest.raises(RuntimeError, match="disk full"):
        build_report(snapshot, book, out, embed="tfidf", title="Second")
    assert (out / "report.md").read_text(encoding="utf-8") == first  # old report intact
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # staging removed
    monkeypatch.undo()
    build_report(snapshot, book, out, embed="tfidf", title="Second title")
    assert (out / "report.md").read_text(encoding="utf-8").startswith("# Second title")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_a_folder_that_is_not_a_report_is_never_replaced(tmp_path, book):
    out = tmp_path / "thesis"
    out.mkdir()
    (out / "chapter1.docx").write_text("mine")
    with pytest.raises(ReportError, match="is not an ls-thematic report folder"):
        build_report(demo_snapshot(book, coders="A"), book, out, embed="tfidf")
    assert (out / "chapter1.docx").read_text() == "mine"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["thesis"]


def test_errors(tmp_path, book):
    with pytest.raises(SnapshotError, match="does not have"):
        build_report(demo_snapshot(book), load_codebook(BELGIAN), tmp_path / "x", embed="tfidf")
    empty = demo_snapshot(book)
    empty["tasks"] = []
    with pytest.raises(SnapshotError, match="no tasks"):
        build_report(empty, book, tmp_path / "y", embed="tfidf")
    uncoded = copy.deepcopy(demo_snapshot(book))
    for task in uncoded["tasks"]:
        task["annotations"] = []
    with pytest.raises(SnapshotError, match="no coded segments"):
        build_report(uncoded, book, tmp_path / "z", embed="tfidf")
    assert not list(tmp_path.iterdir())


def test_report_agreement_needs_two_coders(book):
    assert report_agreement(demo_snapshot(book, coders="A"), book) is None
    result = report_agreement(demo_snapshot(book), book)
    assert result["unit"].startswith("turn") and len(result["per_code"]) > 10
    assert list(result["per_level"].index) == [1, 2, 3, 4]


def test_the_folder_is_readable_like_any_new_folder(folder):
    import os
    import stat

    out, _ = folder
    umask = os.umask(0o022)
    os.umask(umask)
    assert stat.S_IMODE(out.stat().st_mode) == 0o777 & ~umask
    for path in (out / "figures" / "theme_map.png", out / "report.docx"):
        assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~umask


def test_pseudonymised_report_of_chosen_coders_keeps_their_coding(tmp_path, book):
    """Coders become "Coder A", ...: a choice of coders by e-mail still selects their coding."""
    snapshot = demo_snapshot(book)
    plain = build_report(snapshot, book, tmp_path / "plain", coders=["second.coder@example.org"],
                         embed="tfidf")
    private = build_report(snapshot, book, tmp_path / "private", pseudonymise=True, seed=3,
                           coders=["second.coder@example.org"], embed="tfidf")
    n_plain = len(plain["tables"]["segments"])
    assert n_plain > 0 and len(private["tables"]["segments"]) == n_plain
    assert private["pseudonym_seed"] == 3
    text = (tmp_path / "private" / "tables" / "segments.csv").read_text(encoding="utf-8")
    assert "second.coder@example.org" not in text and "Coder " in text
