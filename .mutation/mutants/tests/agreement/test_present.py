"""Tests of ls_thematic.scripts.agreement.present: the result as JSON, table, Markdown, CSV."""

from __future__ import annotations

import csv
import io
import json

import pytest

from ls_thematic.scripts import agreement as ag
from ls_thematic.scripts.snapshot import as_snapshot


@pytest.fixture
def result(export):
    return ag.compute_agreement(as_snapshot(export), unit="turns")[1]


def test_json_is_the_result_at_full_precision(result, export):
    assert json.loads(ag.format_agreement(result, "json")) == result
    overall = ag.agreement_report(export, "turns")["overall"]
    assert result["overall"]["cohen_kappa"] == overall["cohen_kappa"]  # not rounded
    assert result["pairwise"][0]["coder_a"] == 1  # a coder id stays a number


def test_text_formats_name_the_unit_and_round(result):
    table = ag.format_agreement(result, "table")
    assert "Unit: turns" in table and "Coder x coder" in table and "20.0%" in table
    md = ag.format_agreement(result, "md")
    assert md.startswith("# Inter-coder agreement") and "| overall (code level) |" in md
    rows = list(csv.DictReader(io.StringIO(ag.format_agreement(result, "csv"))))
    overall = next(r for r in rows if r["section"] == "overall")
    assert float(overall["campbell_percent_agreement"]) == result["overall"]["campbell_percent_agreement"]
    assert [r["name"] for r in rows if r["section"] == "pair"] == ["1 vs b@example.org"]
