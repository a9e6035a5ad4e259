"""``ls-thematic agreement --unit spans``: the unitizing alphas and γ through the CLI.

The golden values are those of tests/agreement/test_unitizing.py on the same spans: two cases
worked out by hand there (and a third here, one coder with no spans) and two pinned to an
independent implementation (lindanna/unitized_alpha). Here the spans go in as a Label Studio
export and come out of the command's JSON, so the conversion (one continuum per task, every coder
who annotated it) is what is tested.
"""

from __future__ import annotations

import importlib.util
import json
import sys

import pytest
from click.testing import CliRunner

from ls_thematic.scripts.agreement import gamma as gamma_module
from ls_thematic.scripts.agreement.compute import agreement_units
from ls_thematic.scripts.agreement.errors import AgreementError
from ls_thematic.scripts.agreement.unitizing import unitizing_alphas
from ls_thematic.scripts.cli import main

from .exports import LEOKA, SHARED, TEXT, annotation, leoka, span, task

TOL = 1e-6

# test_unitizing.py's spans on a 60-character transcript (TEXT: every span has non-blank text).
TWO_CODERS = {
    "a@example.org": [(2, 12, "Fear"), (20, 31, "Hope"), (40, 52, "Fear")],
    "b@example.org": [(0, 10, "Fear"), (22, 31, "Hope"), (31, 35, "Fear"), (41, 55, "Fear")],
}
THREE_CODERS = {
    **TWO_CODERS,
    "c@example.org": [(3, 12, "Hope"), (18, 30, "Hope"), (44, 58, "Fear")],
}
TEN = "abcdefghij"


def labelled(start, end, code, text):
    result = span(start, end, code, f"r{start}-{end}-{code}")
    result["value"]["text"] = text[start:end]
    return result


def export_of(coding, text=TEXT, task_id=1):
    """One task coded by each coder in ``coding`` (``{coder: [(start, end, code)]}``)."""
    annotations = [
        annotation(
            coder if isinstance(coder, int) else {"id": i + 1, "email": coder},
            [labelled(*s, text) for s in spans],
            10 * task_id + i,
        )
        for i, (coder, spans) in enumerate(coding.items())
    ]
    return task(task_id, annotations, text=text, turns=None)


def run(tmp_path, tasks, *extra):
    path = tmp_path / "export.json"
    path.write_text(json.dumps(tasks), encoding="utf-8")
    args = ["agreement", "--snapshot", str(path), "--unit", "spans", *extra]
    return CliRunner().invoke(main, args if "--format" in extra else [*args, "--format", "json"])


def unitizing(tmp_path, tasks, *extra):
    result = run(tmp_path, tasks, "--no-gamma", *extra)
    assert result.exit_code == 0, result.output + repr(result.exception)
    return json.loads(result.stdout)


def per_code(data):
    return {row["code"]: row for row in data["unitizing"]["per_code"]}


@pytest.mark.parametrize(
    ("coding", "expected"),
    [
        (TWO_CODERS, {"u": 0.6476148148148148, "bar": 0.5469333333333334, "cu": 1.0}),
        (
            THREE_CODERS,
            {
                "u": 0.472610089849827,
                "bar": 0.47266031746031756,
                "cu": 0.64321754466682,
                "Fear": 0.6445044558466109,
                "Hope": 0.6415261756876665,
            },
        ),
    ],
    ids=["two-coders", "three-coders"],
)
def test_alphas_match_an_independent_implementation(tmp_path, coding, expected):
    data = unitizing(tmp_path, [export_of(coding)])
    found = data["unitizing"]
    assert found["u_alpha"] == pytest.approx(expected["u"], abs=TOL)
    assert found["binary_u_alpha"] == pytest.approx(expected["bar"], abs=TOL)
    assert found["cu_alpha"] == pytest.approx(expected["cu"], abs=TOL)
    for code in ("Fear", "Hope"):
        if code in expected:
            assert per_code(data)[code]["alpha"] == pytest.approx(expected[code], abs=TOL)
    assert data["unit"] == "spans" and data["view"] == "unitizing"
    assert data["coders"] == list(coding)
    assert found["symbols"]["u_alpha"] == "uα" and found["symbols"]["alpha"] == "(k)uα"


def test_hand_worked_example_one_code(tmp_path):
    # test_unitizing.py: L = 10, A codes [0, 4), B [0, 6): uα = |uα = 0.662, cuα undefined.
    coding = {"a@example.org": [(0, 4, "x")], "b@example.org": [(0, 6, "x")]}
    data = unitizing(tmp_path, [export_of(coding, TEN)])
    found = data["unitizing"]
    assert found["u_alpha"] == pytest.approx(0.662, abs=TOL)
    assert found["binary_u_alpha"] == pytest.approx(0.662, abs=TOL)
    assert found["cu_alpha"] is None
    row = per_code(data)["x"]
    assert row["alpha"] is None and row["alone_u_alpha"] == pytest.approx(0.662, abs=TOL)
    assert (row["pairable"], row["coverage"], row["n_spans"]) == (8.0, 0.8, 2)


def test_hand_worked_codes_no_better_than_chance(tmp_path):
    # test_unitizing.py: no gaps; A: x [0,5), y [5,10); B: x [0,5), x [5,10): uα = cuα = 0.
    coding = {
        "a@example.org": [(0, 5, "x"), (5, 10, "y")],
        "b@example.org": [(0, 5, "x"), (5, 10, "x")],
    }
    found = unitizing(tmp_path, [export_of(coding, TEN)])["unitizing"]
    assert found["u_alpha"] == pytest.approx(0.0, abs=TOL)
    assert found["cu_alpha"] == pytest.approx(0.0, abs=TOL)
    assert found["binary_u_alpha"] is None  # no gaps: nothing to disagree on


def test_identical_coding_gives_one(tmp_path):
    spans = [(2, 12, "Fear"), (20, 31, "Hope"), (40, 52, "Fear")]
    tasks = [
        export_of({"a@example.org": spans, "b@example.org": spans, "c@example.org": spans}),
        export_of({"a@example.org": spans[:1], "b@example.org": spans[:1]}, task_id=2),
    ]
    data = unitizing(tmp_path, tasks)
    found = data["unitizing"]
    assert (found["u_alpha"], found["binary_u_alpha"], found["cu_alpha"]) == (1.0, 1.0, 1.0)
    assert {code: row["alone_u_alpha"] for code, row in per_code(data).items()} == {
        "Fear": 1.0,
        "Hope": 1.0,
    }
    assert (data["n_tasks"], found["n_continua"], found["n_spans"]) == (2, 2, 11)


def test_a_coder_with_no_spans_counts_as_all_uncoded(tmp_path):
    # L = 10, A codes x [0, 4), B annotated and coded nothing. Coincidences (both directions):
    # x-gap 4 + 4, gap-gap 12; l = 20, margins x 4, gaps 16; self-pairing x 16, gaps 6 + 10.
    # D_e = 2 * 4 * 16 / (20 - 32 / 20) = 128 / 18.4, D_o = 8: uα = 1 - 8 * 18.4 / 128 = -0.15.
    coding = {"a@example.org": [(0, 4, "x")], "b@example.org": []}
    found = unitizing(tmp_path, [export_of(coding, TEN)])["unitizing"]
    assert found["u_alpha"] == pytest.approx(-0.15, abs=TOL)
    assert found["pairable_u"] == 20.0
    # With a third coder who coded nothing: the library's figure on the same continuum.
    coding["c@example.org"] = []
    found = unitizing(tmp_path, [export_of(coding, TEN)])["unitizing"]
    library = unitizing_alphas({1: (10, {"A": [(0, 4, "x")], "B": [], "C": []})})
    assert found["u_alpha"] == pytest.approx(library["u_alpha"], abs=1e-12)
    assert found["pairable_u"] == 30.0


def test_only_the_coders_who_annotated_a_task_count_there(tmp_path):
    # Task 2 is coded by A and B only: C is not "all uncoded" there, C is absent.
    spans = [(2, 12, "Fear")]
    tasks = [
        export_of({"a@example.org": spans, "b@example.org": spans, "c@example.org": spans}),
        export_of({"a@example.org": spans, "b@example.org": [(3, 12, "Fear")]}, task_id=2),
    ]
    found = unitizing(tmp_path, tasks)["unitizing"]
    library = unitizing_alphas(
        {
            1: (60, {"A": spans, "B": spans, "C": spans}),
            2: (60, {"A": spans, "B": [(3, 12, "Fear")]}),
        }
    )
    assert found["u_alpha"] == pytest.approx(library["u_alpha"], abs=1e-12)
    assert found["pairable_u"] == 3 * 60 + 2 * 60


def test_overlapping_spans_of_one_code_are_merged(tmp_path):
    coding = {"a@example.org": [(0, 6, "x"), (4, 10, "x")], "b@example.org": [(0, 10, "x")]}
    found = unitizing(tmp_path, [export_of(coding, TEXT)])["unitizing"]
    assert found["u_alpha"] == 1.0
    assert found["n_merged"] == 1 and found["n_spans"] == 3
    assert "(1 span(s) merged)" in found["rules"][1]


def test_coders_named_by_id_and_by_email_together(tmp_path):
    # Label Studio names a coder by id, or by e-mail when the export expands the user.
    coding = {7: [(0, 6, "x"), (4, 10, "x"), (20, 30, "y")], "b@example.org": [(0, 10, "x")]}
    data = unitizing(tmp_path, [export_of(coding, TEXT)])
    assert data["coders"] == [7, "b@example.org"]
    assert data["unitizing"]["n_merged"] == 1
    library = unitizing_alphas({1: (60, {7: [(0, 10, "x"), (20, 30, "y")], "b": [(0, 10, "x")]})})
    assert data["unitizing"]["u_alpha"] == pytest.approx(library["u_alpha"], abs=1e-12)


def test_overlapping_codes_report_each_code_on_its_own(tmp_path):
    a = [(0, 10, "Fear"), (5, 15, "Hope")]
    b = [(0, 12, "Fear"), (6, 20, "Hope")]
    data = unitizing(tmp_path, [export_of({"a@example.org": a, "b@example.org": b})])
    found = data["unitizing"]
    assert (found["u_alpha"], found["cu_alpha"]) == (None, None)
    assert found["overlap"]["coder"] == "a@example.org"
    assert found["overlap"]["spans"] == [[0, 10, "Fear"], [5, 15, "Hope"]]
    assert "each code is reported on its own" in found["rules"][-1]
    # |uα ignores the codes: each coder's coded text, all codes merged (A 0-15, B 0-20)
    union = unitizing_alphas({1: (60, {"A": [(0, 15, "x")], "B": [(0, 20, "x")]})})
    assert 0.5 < union["binary_u_alpha"] < 0.95
    assert found["binary_u_alpha"] == pytest.approx(union["binary_u_alpha"], abs=1e-12)
    for code in ("Fear", "Hope"):
        alone = unitizing_alphas(
            {1: (60, {"A": [s for s in a if s[2] == code], "B": [s for s in b if s[2] == code]})}
        )
        assert per_code(data)[code]["alone_u_alpha"] == pytest.approx(alone["u_alpha"], abs=1e-12)
        assert per_code(data)[code]["alpha"] is None


def test_a_span_outside_the_text_is_a_clear_error(tmp_path):
    coding = {"a@example.org": [(0, 4, "x")], "b@example.org": [(0, 6, "x")]}
    tasks = [export_of(coding, TEN)]
    tasks[0]["annotations"][1]["result"][0]["value"]["end"] = 12
    result = run(tmp_path, tasks, "--no-gamma")
    assert result.exit_code == 1
    assert "(0-12) lies outside the task's text" in result.output
    assert "text of 10 characters" in result.output


def test_fixed_unit_options_are_refused(tmp_path):
    coding = {"a@example.org": [(0, 4, "x")], "b@example.org": [(0, 6, "x")]}
    result = run(tmp_path, [export_of(coding, TEN)], "--disagreements", str(tmp_path / "d.csv"))
    assert result.exit_code == 2 and "need fixed units" in result.output
    result = run(tmp_path, [export_of(coding, TEN)], "--with-model")
    assert result.exit_code == 2 and "--unit spans has none" in result.output
    assert "--disagreements and --with-model need fixed units" in result.output
    with pytest.raises(AgreementError, match="has no \\(unit, code\\) items"):
        agreement_units([export_of(coding, TEN)], unit="spans")


def test_negotiated_agreement_is_refused(tmp_path):
    coding = {"a@example.org": [(0, 4, "x")], "b@example.org": [(0, 6, "x")]}
    path = tmp_path / "negotiated.csv"
    path.write_text("x\n", encoding="utf-8")
    result = run(tmp_path, [export_of(coding, TEN)], "--negotiated", str(path))
    assert result.exit_code == 1
    assert "Negotiated agreement (--negotiated) needs fixed units" in result.output


@pytest.mark.parametrize("fmt", ["table", "md", "csv"])
def test_formats_show_the_table(tmp_path, fmt):
    result = run(tmp_path, [export_of(TWO_CODERS)], "--no-gamma", "--format", fmt)
    assert result.exit_code == 0, result.output
    assert "0.648" in result.output or "0.6476148148" in result.output
    assert "Fear" in result.output and "Hope" in result.output
    if fmt != "csv":
        assert "γ was not asked for" in result.output
        assert "binary and categorical views" in result.output


def test_without_the_gamma_extra_the_alphas_come_with_a_note(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "pygamma_agreement", None)  # import fails
    result = run(tmp_path, [export_of(TWO_CODERS)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["gamma"] is None
    assert data["gamma_note"] == "γ needs the optional extra: pip install 'ls-thematic[gamma]'."
    assert data["unitizing"]["u_alpha"] == pytest.approx(0.6476148148148148, abs=TOL)
    table = run(tmp_path, [export_of(TWO_CODERS)], "--format", "table")
    assert "pip install 'ls-thematic[gamma]'" in table.output


@pytest.mark.skipif(
    importlib.util.find_spec("pygamma_agreement") is None,
    reason="pygamma-agreement (the gamma extra: pip install 'ls-thematic[gamma]') is not installed",
)
def test_gamma_is_one_for_identical_coding():
    spans = [(2, 12, "Fear"), (20, 31, "Hope"), (40, 52, "Fear")]
    found = gamma_module.gamma_per_continuum(
        {7: (60, {"A": spans, "B": spans}), 8: (60, {"A": [], "B": []})}, many_spans=4
    )
    assert found["gamma_note"] is None
    assert found["gamma"]["per_task"] == [
        {"task_id": 7, "gamma": 1.0, "n_spans": 6},
        {"task_id": 8, "gamma": None, "n_spans": 0},
    ]
    assert found["gamma_warnings"][0].startswith("Task 7 has 6 spans")


@pytest.mark.parametrize("path", LEOKA[:1] or [SHARED / "data" / "leoka" / "LEOKA_team_1.json"])
def test_real_data_runs_and_names_what_it_reports(tmp_path, path):
    """Real two-coder data (shared/data/leoka): the codes overlap there, as in most qualitative
    coding, so each code is reported on its own; every figure is an alpha (at most 1)."""
    data = unitizing(tmp_path, leoka(path))
    found = data["unitizing"]
    rows = [r for r in found["per_code"] if r["alone_u_alpha"] is not None]
    assert rows and all(r["alone_u_alpha"] <= 1.0 for r in rows)
    assert found["n_spans"] == sum(r["n_spans"] for r in found["per_code"])
    assert (found["u_alpha"] is None) == (found["overlap"] is not None)
