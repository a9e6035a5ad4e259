"""``--origin``: the commands tell a coder's own coding from the suggestions they accepted.

One transcript of four turns. The researcher coded "Afraid to reduce" four times: two spans by
hand (turns 1 and 2), one suggestion kept unchanged (turn 3: accepted) and one suggestion they
edited (turn 4: their own coding). The second coder coded turns 1 and 2 by hand. Every figure
below is counted by hand from that.
"""

from __future__ import annotations

import copy
import csv
import json

import pandas as pd
import pytest
from click.testing import CliRunner

from ls_thematic.label_config.lsexport import ORIGIN_CHOICES, config_codebook
from ls_thematic.scripts.agreement import agreement_report, compute_agreement
from ls_thematic.scripts.agreement.errors import AgreementError
from ls_thematic.scripts.cli import main
from ls_thematic.scripts.report import build_report
from ls_thematic.scripts.snapshot import SnapshotError, as_snapshot, load_snapshot, segments
from ls_thematic.scripts.themes import segment_counts, theme_table

from .lsexport_data import CONFIG
from .writeup_data import CODER_A, CODER_B, thesis_book

AFRAID = "Afraid to reduce"
LINES = [
    "P1: I was afraid to reduce the dose.",
    "P1: I am afraid of the withdrawal.",
    "P1: Coming off frightens me.",
    "P1: It scares me that nothing changes.",
]
TEXT = "\n".join(LINES) + "\n"


def _turns() -> list[tuple[int, int]]:
    out, start = [], 0
    for line in LINES:
        out.append((start, start + len(line)))
        start += len(line) + 1
    return out


TURNS = _turns()


def _span(region: str, turn: int, origin: str | None) -> dict:
    start, end = TURNS[turn]
    result = {
        "id": region,
        "from_name": "code",
        "to_name": "text",
        "type": "labels",
        "value": {"start": start, "end": end, "text": TEXT[start:end], "labels": [AFRAID]},
    }
    if origin is not None:
        result["origin"] = origin
    return result


def _document(second_coder: bool = True) -> dict:
    researcher = {
        "id": 1,
        "completed_by": dict(CODER_A),
        "created_at": "2024-01-01T10:00:00Z",
        "updated_at": "2024-01-03T10:00:00Z",
        "result": [
            _span("a1", 0, "manual"),
            _span("a2", 1, None),
            _span("a3", 2, "prediction"),
            _span("a4", 3, "prediction-changed"),
        ],
    }
    second = {
        "id": 2,
        "completed_by": dict(CODER_B),
        "created_at": "2024-01-02T10:00:00Z",
        "updated_at": "2024-01-02T10:00:00Z",
        "result": [_span("b1", 0, "manual"), _span("b2", 1, "manual")],
    }
    turns = [{"start": s, "end": e, "speaker": "P1", "role": "participant"} for s, e in TURNS]
    task = {
        "id": 1,
        "data": {
            "text": TEXT,
            "participant": "P1",
            "turns": turns,
            "attributes": {"role": "Nurse"},
        },
        "annotations": [researcher, second] if second_coder else [researcher],
    }
    return {
        "format": "ls-thematic snapshot",
        "version": 1,
        "project": {"id": None, "title": "Origins", "label_config": CONFIG},
        "meta": {},
        "tasks": [task],
    }


@pytest.fixture()
def snapshot_file(tmp_path):
    path = tmp_path / "origins.json"
    path.write_text(json.dumps(_document()), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def book():
    return config_codebook(CONFIG)


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


# --------------------------------------------------------------------------- snapshot segments
def test_segments_carry_the_origin_label_studio_gives():
    frame = segments(_document(), coders=[CODER_A["email"]])
    assert frame["region_id"].tolist() == ["a1", "a2", "a3", "a4"]
    assert frame["origin"].tolist() == ["manual", "manual", "prediction", "prediction-changed"]


@pytest.mark.parametrize(
    ("origin", "regions"),
    [
        ("all", ["a1", "a2", "a3", "a4", "b1", "b2"]),
        ("manual", ["a1", "a2", "a4", "b1", "b2"]),  # the edited suggestion is the coder's own
        ("accepted", ["a3"]),
    ],
)
def test_segments_filter_by_origin(origin, regions):
    assert segments(_document(), origin=origin)["region_id"].tolist() == regions


def test_unknown_origin_names_the_choices():
    with pytest.raises(
        ValueError, match=r"Unknown origin 'mine'; use one of all, manual, accepted"
    ):
        segments(_document(), origin="mine")


def test_no_segment_of_that_origin_says_so():
    document = _document()
    document["tasks"][0]["annotations"][0]["result"].pop(2)  # the one accepted suggestion
    with pytest.raises(
        SnapshotError, match=r"no coded segments of origin 'accepted'.*--origin all"
    ):
        segments(document, origin="accepted")


# --------------------------------------------------------------------------- themes
@pytest.mark.parametrize(
    ("origin", "coders", "expected"),
    [
        ("all", "all", (6, 1)),
        ("manual", "all", (5, 0)),
        ("accepted", "all", (1, 1)),
        ("all", [CODER_A["email"]], (4, 1)),
        ("manual", [CODER_A["email"]], (3, 0)),
        ("accepted", [CODER_A["email"]], (1, 1)),
    ],
)
def test_theme_table_counts_segments_and_accepted_suggestions(book, origin, coders, expected):
    frame, about = theme_table(
        as_snapshot(_document()), book, "segments", coders=coders, origin=origin
    )
    rows = frame.set_index("code")
    assert tuple(rows.loc[AFRAID, ["segments", "accepted suggestions"]]) == expected
    assert rows.loc["Frustration", "segments"] == 0
    assert about["origin"] == origin
    assert ("counting" in about["unit"]) == (origin != "all")


def test_matrix_under_an_origin_counts_only_those_segments(book):
    frame, _ = theme_table(
        as_snapshot(_document()), book, "matrix", coders="all", origin="accepted"
    )
    rows = frame.set_index("code")
    assert rows.loc[AFRAID, "N"] == 1 and rows.loc["Need it for function", "N"] == 0


def test_headings_count_the_spans_beneath_once():
    book = thesis_book()
    base = {"task_id": 1, "participant": "P1", "annotation_id": 1, "coder": "a"}
    rows = [  # region r1 has two codes under the heading "Attached": one span
        {**base, "region_id": "r1", "start": 0, "end": 5, "code": AFRAID, "origin": "prediction"},
        {
            **base,
            "region_id": "r1",
            "start": 0,
            "end": 5,
            "code": "Attached- stay last",
            "origin": "prediction",
        },
        {**base, "region_id": "r2", "start": 6, "end": 9, "code": AFRAID, "origin": "manual"},
    ]
    counts = segment_counts(pd.DataFrame(rows), book).set_index("code")
    assert tuple(counts.loc["Attached", ["segments", "accepted suggestions"]]) == (2, 1)
    assert tuple(counts.loc[AFRAID, ["segments", "accepted suggestions"]]) == (2, 1)
    assert tuple(counts.loc["Patients' motivation", ["segments", "accepted suggestions"]]) == (2, 1)
    assert counts["accepted suggestions"].dtype.kind == "i"


@pytest.mark.parametrize(
    ("origin", "expected"),
    [
        ("all", (6, 1)),
        ("manual", (5, 0)),
        ("accepted", (1, 1)),
    ],
)
def test_themes_command_shows_the_counts(snapshot_file, origin, expected):
    result = invoke(
        "themes",
        "--snapshot",
        snapshot_file,
        "--table",
        "segments",
        "--coders",
        "all",
        "--origin",
        origin,
        "--format",
        "json",
    )
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["origin"] == origin
    rows = {r["code"]: r for r in document["rows"]}
    assert (rows[AFRAID]["segments"], rows[AFRAID]["accepted suggestions"]) == expected


def test_themes_command_text_table(snapshot_file):
    result = invoke(
        "themes", "--snapshot", snapshot_file, "--table", "segments", "--coders", CODER_A["email"]
    )
    assert result.exit_code == 0, result.output
    assert "accepted suggestions" in result.stdout
    assert any(
        line.split() == ["Afraid", "to", "reduce", "4", "1"] for line in result.stdout.splitlines()
    )


def test_default_keeps_todays_matrix(snapshot_file):
    plain = invoke("themes", "--snapshot", snapshot_file, "--coders", "all")
    explicit = invoke("themes", "--snapshot", snapshot_file, "--coders", "all", "--origin", "all")
    assert plain.exit_code == 0, plain.output
    assert plain.stdout == explicit.stdout


@pytest.mark.parametrize("command", ["themes", "extracts", "agreement"])
def test_unknown_origin_option_lists_the_allowed_values(snapshot_file, command):
    result = invoke(command, "--snapshot", snapshot_file, "--origin", "mine")
    assert result.exit_code == 2
    assert "'mine' is not one of 'all', 'manual', 'accepted'" in result.output
    assert ORIGIN_CHOICES == ("all", "manual", "accepted")


def test_extracts_of_accepted_suggestions_only(snapshot_file):
    result = invoke(
        "extracts",
        "--snapshot",
        snapshot_file,
        "--coders",
        "all",
        "--origin",
        "accepted",
        "--embedder",
        "tfidf",
        "--format",
        "json",
    )
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)["rows"]
    assert [r["text"] for r in rows] == [LINES[2]]


# --------------------------------------------------------------------------- agreement
# Units: the 4 turns; items: 4 turns x 3 codes. Coded items are (turn, Afraid to reduce).
#   all:      researcher turns 1-4, second 1-2 -> units the same: 1, 2 (2 of 4); 4 coded items.
#   manual:   researcher 1, 2, 4 (the edit is theirs) -> the same: 1, 2, 3 (3 of 4); 3 coded.
#   accepted: researcher 3, second none -> the same: 1, 2, 4 (3 of 4); 1 coded item.
@pytest.mark.parametrize(
    ("origin", "agreed", "coded", "campbell"),
    [
        ("all", 2, 4, 2 / 4),
        ("manual", 3, 3, 2 / 3),
        ("accepted", 3, 1, 0.0),
    ],
)
def test_agreement_filters_every_coders_spans_before_the_units(origin, agreed, coded, campbell):
    report = agreement_report(
        _document()["tasks"],
        "turns",
        origin=origin,
        codes=["Afraid to reduce", "Need it for function", "Frustration"],
    )
    overall = report["overall"]
    assert (overall["n_units"], overall["n_units_agreed"], overall["n_coded"]) == (4, agreed, coded)
    assert overall["n_items"] == 12
    assert overall["campbell_percent_agreement"] == pytest.approx(campbell, abs=1e-12)


def test_agreement_command_manual_differs_from_all(snapshot_file):
    figures = {}
    for origin in ("all", "manual"):
        result = invoke(
            "agreement", "--snapshot", snapshot_file, "--origin", origin, "--format", "json"
        )
        assert result.exit_code == 0, result.output
        document = json.loads(result.stdout)
        assert document["origin"] == origin
        figures[origin] = (document["overall"]["n_units_agreed"], document["overall"]["n_coded"])
    assert figures == {"all": (2, 4), "manual": (3, 3)}
    text = " ".join(
        invoke("agreement", "--snapshot", snapshot_file, "--origin", "manual").stdout.split()
    )
    assert (
        "level: all; spans: each coder's own coding only (accepted suggestions left out)." in text
    )


def test_agreement_library_rejects_an_unknown_origin():
    with pytest.raises(AgreementError, match="Unknown origin 'mine'; use one of all, manual"):
        agreement_report(_document()["tasks"], "turns", origin="mine")


# --------------------------------------------------------------------------- one coder
def test_one_coder_snapshot_says_what_to_do_next(tmp_path):
    path = tmp_path / "one.json"
    path.write_text(json.dumps(_document(second_coder=False)), encoding="utf-8")
    result = invoke("agreement", "--snapshot", path)
    assert result.exit_code == 1
    message = " ".join(result.output.split())
    assert message.startswith(
        f"Error: Agreement needs two or more coders; the snapshot {path} has 1 coder "
        f"({CODER_A['email']}). Next: have a second coder double-code some transcripts: "
        f"`ls-thematic sample --project ID --n 2 --coded-by {CODER_A['email']} --assign "
        "SECOND_CODER` picks 2 at random"
    )
    assert "pull a new snapshot (`ls-thematic pull --project ID -o FILE`)" in message
    assert "export" not in message


def test_one_coder_of_a_live_project_names_the_project():
    snapshot = as_snapshot(_document(second_coder=False))
    snapshot.project["id"] = 3
    with pytest.raises(AgreementError) as caught:
        compute_agreement(snapshot)
    message = str(caught.value)
    assert "; project 3 has 1 coder (researcher@example.org)." in message
    assert "`ls-thematic sample --project 3 --n 2 --coded-by researcher@example.org" in message
    assert message.endswith("once they are coded, run agreement again.")


# --------------------------------------------------------------------------- report
@pytest.fixture(scope="module")
def reports(tmp_path_factory, book):
    out = {}
    for origin in ("all", "manual"):
        folder = tmp_path_factory.mktemp(origin) / "write-up"
        build_report(
            as_snapshot(copy.deepcopy(_document())),
            book,
            folder,
            agreement=None,
            embed="tfidf",
            origin=origin,
        )
        out[origin] = folder
    return out


@pytest.mark.parametrize(
    ("origin", "origins"),
    [
        ("all", ["manual", "manual", "prediction", "prediction-changed"]),
        ("manual", ["manual", "manual", "prediction-changed"]),
    ],
)
def test_report_segments_csv_has_the_origin(reports, origin, origins):
    with open(reports[origin] / "tables" / "segments.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert [r["origin"] for r in rows] == origins  # reconciled: the researcher's, the latest
    assert [r["code"] for r in rows] == [AFRAID] * len(origins)


@pytest.mark.parametrize(("origin", "expected"), [("all", ("4", "1")), ("manual", ("3", "0"))])
def test_report_theme_table_has_the_accepted_column(reports, origin, expected):
    with open(reports[origin] / "tables" / "segments_per_code.csv", encoding="utf-8") as f:
        rows = {r["code"]: r for r in csv.DictReader(f)}
    assert (rows[AFRAID]["segments"], rows[AFRAID]["accepted suggestions"]) == expected
    markdown = (reports[origin] / "report.md").read_text(encoding="utf-8")
    assert f"| {AFRAID} | {expected[0]} | {expected[1]} |" in markdown
    assert ("Coded segments counted: the coders' own coding" in markdown) == (origin == "manual")
    manifest = json.loads((reports[origin] / "report.json").read_text(encoding="utf-8"))
    assert manifest["origin"] == origin


def test_report_workbook_has_the_counts(reports):
    from openpyxl import load_workbook

    sheet = load_workbook(reports["all"] / "report.xlsx")["segments_per_code"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][-2:] == ("segments", "accepted suggestions")
    assert next(r for r in rows if r[0] == AFRAID)[-2:] == (4, 1)


def test_snapshot_file_keeps_every_origin(snapshot_file):
    snapshot = load_snapshot(snapshot_file)
    assert snapshot.path == str(snapshot_file)
    origins = [r.get("origin") for r in snapshot[0]["annotations"][0]["result"]]
    assert origins == ["manual", None, "prediction", "prediction-changed"]
