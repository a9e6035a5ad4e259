"""Golden test of the categorical view through ``ls-thematic agreement``.

Krippendorff, K. (2011). Computing Krippendorff's alpha-reliability. Annenberg School for
Communication, University of Pennsylvania (departmental paper 43), section C: 4 coders x 12 units,
nominal data, alpha = 0.743. Fleiss' kappa 0.76117 and Gwet's AC1 0.77544 on the same data are
irrCAC's (Gwet's R package), as recorded in shared/reference/agreement.md; the data are written
here so that the test needs nothing outside the checkout.

The export: one task per unit (its one turn is the unit), one Label Studio user per coder. A value
1-4 is a code of the exclusive heading "Move"; the value 5 is "not coded" (the coder annotated the
task and applied no code: nominal alpha does not depend on the names of the values); a missing
value is a coder who did not annotate the task.
"""

from __future__ import annotations

import json

import numpy as np
import pytest
from click.testing import CliRunner
from sklearn.metrics import cohen_kappa_score

from ls_thematic.label_config.codebook import Codebook
from ls_thematic.label_config.lsxml import codebook_to_label_config
from ls_thematic.scripts.agreement.categorical import NOT_CODED, categorical_coefficients
from ls_thematic.scripts.cli import main
from ls_thematic.scripts.snapshot import save_snapshot

M = None
#: Krippendorff (2011), section C; rows are coders A-D, columns units 1-12.
DATA = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, M, M, M],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, M, 3],
    [M, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, M],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, M],
]
ALPHA, FLEISS, AC1 = 0.743, 0.76117, 0.77544
CODERS = ["a@example.org", "b@example.org", "c@example.org", "d@example.org"]
CODES = {1: "Question", 2: "Reflection", 3: "Advice", 4: "Summary"}


def book():
    return Codebook.from_dict(
        {
            "title": "Talk",
            "codes": [
                {
                    "name": "Move",
                    "codable": False,
                    "exclusive": True,
                    "children": list(CODES.values()),
                }
            ],
        }
    )


def export():
    tasks = []
    for unit in range(12):
        text = f"Turn number {unit + 1} of the talk."
        annotations = []
        for coder, row in enumerate(DATA):
            value = row[unit]
            if value is None:
                continue  # the coder did not annotate this unit
            results = []
            if value in CODES:
                results.append(
                    {"id": f"r{unit}-{coder}", "from_name": "code", "to_name": "text",
                     "type": "labels",
                     "value": {"start": 0, "end": len(text), "labels": [CODES[value]]}}
                )  # fmt: skip
            annotations.append(
                {"id": 100 * unit + coder, "completed_by": {"id": coder + 1, "email": CODERS[coder]},
                 "result": results, "was_cancelled": False,
                 "updated_at": "2026-01-01T00:00:00Z"}
            )  # fmt: skip
        tasks.append(
            {"id": unit + 1, "annotations": annotations,
             "data": {"text": text, "participant": f"P{unit + 1}",
                      "turns": [{"start": 0, "end": len(text), "speaker": "P"}]}}
        )  # fmt: skip
    return tasks


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    path = tmp_path_factory.mktemp("categorical") / "snapshot.json"
    save_snapshot(export(), path, meta={"source": "test"},
                  project={"id": 1, "title": "talk", "label_config": codebook_to_label_config(book())})  # fmt: skip
    run = CliRunner().invoke(
        main, ["agreement", "--snapshot", str(path), "--format", "json", "-o", "-"]
    )
    assert run.exit_code == 0, run.output + repr(run.exception)
    return json.loads(run.stdout)


def values(data):
    """The reliability data with 5 as "not coded" and the codes by name (object array)."""
    named = {**CODES, 5: NOT_CODED}
    return np.array([[None if v is None else named[v] for v in row] for row in data], dtype=object)


@pytest.mark.parametrize("where", ["group", "overall"])
def test_alpha_and_ac1_are_krippendorffs_and_irrcacs(result, where):
    view = result["categorical"]
    entry = view["groups"][0] if where == "group" else view["overall"]
    assert entry["view"] == "categorical"
    assert entry["group"] == ("Move" if where == "group" else "(all codes)")
    assert entry["krippendorff_alpha"] == pytest.approx(ALPHA, abs=1e-3)
    assert entry["gwet_ac1"] == pytest.approx(AC1, abs=1e-3)
    assert sorted(entry["categories"]) == sorted([*CODES.values(), NOT_CODED])
    assert entry["n_units"] == 11  # unit 12: one coder only
    assert entry["conflicts"] == []


def test_fleiss_is_irrcacs_once_the_single_rated_unit_counts(result):
    """irrCAC counts unit 12 (rated by B alone) in the category shares; the command compares
    coders on the tasks two or more of them annotated, so task 12 is not in its sample. The
    command's figure is the same function's on units 1-11, and with unit 12 it is irrCAC's."""
    overall = result["categorical"]["overall"]
    full = categorical_coefficients(values(DATA), np.ones(12), CODERS)
    assert full["fleiss_kappa"] == pytest.approx(FLEISS, abs=1e-5)
    assert full["gwet_ac1"] == pytest.approx(AC1, abs=1e-5)
    assert full["krippendorff_alpha"] == pytest.approx(ALPHA, abs=5e-4)
    sample = categorical_coefficients(values([row[:11] for row in DATA]), np.ones(11), CODERS)
    assert overall["fleiss_kappa"] == pytest.approx(sample["fleiss_kappa"], abs=1e-12)
    assert overall["fleiss_kappa"] == pytest.approx(FLEISS, abs=2e-3)


def test_cohen_kappa_per_pair_is_scikit_learns_on_the_units_both_rated(result):
    pairs = result["categorical"]["overall"]["pairwise"]
    named = values(DATA)
    assert len(pairs) == 6
    for pair in pairs:
        a, b = CODERS.index(pair["coder_a"]), CODERS.index(pair["coder_b"])
        both = [u for u in range(11) if named[a, u] is not None and named[b, u] is not None]
        expected = cohen_kappa_score(list(named[a, both]), list(named[b, both]))
        assert pair["cohen_kappa"] == pytest.approx(expected, abs=1e-12)
        assert pair["n_units"] == len(both)


def test_the_binary_view_is_still_there_and_named(result):
    assert result["view"] == "binary"
    assert result["unit"] == "turns"
    assert result["overall"]["krippendorff_alpha"] != pytest.approx(ALPHA, abs=1e-3)


def test_text_and_markdown_say_which_view_each_number_is_on(tmp_path):
    path = tmp_path / "snapshot.json"
    save_snapshot(export(), path, meta={"source": "test"},
                  project={"id": 1, "title": "talk", "label_config": codebook_to_label_config(book())})  # fmt: skip
    md = CliRunner().invoke(main, ["agreement", "--snapshot", str(path), "--format", "md"])
    assert md.exit_code == 0, md.output
    assert "binary view: each (unit, code) pair one item" in md.stdout
    assert "## Categorical view (mutually exclusive codes" in md.stdout
    row = next(line for line in md.stdout.splitlines() if line.startswith("| Move"))
    assert "0.743" in row
    table = CliRunner().invoke(main, ["agreement", "--snapshot", str(path)])
    assert table.exit_code == 0, table.output
    assert "categorical view" in table.stdout and "0.743" in table.stdout


def test_two_codes_of_an_exclusive_group_are_reported_and_left_out_for_that_coder(tmp_path):
    tasks = export()
    first = tasks[0]["annotations"][0]  # coder A on unit 1: Question, and now Advice too
    first["result"].append({**first["result"][0], "id": "extra",
                            "value": {**first["result"][0]["value"], "labels": ["Advice"]}})  # fmt: skip
    path = tmp_path / "snapshot.json"
    save_snapshot(tasks, path, meta={"source": "test"},
                  project={"id": 1, "title": "talk", "label_config": codebook_to_label_config(book())})  # fmt: skip
    run = CliRunner().invoke(
        main, ["agreement", "--snapshot", str(path), "--format", "json", "-o", "-"]
    )
    assert run.exit_code == 0, run.output
    view = json.loads(run.stdout)["categorical"]
    assert view["overall"] is None and "not mutually exclusive" in view["note"]
    group = view["groups"][0]
    assert group["conflicts"] == [{"task_id": 1, "unit_start": 0, "unit_end": 26,
                                   "coder": CODERS[0], "codes": ["Advice", "Question"]}]  # fmt: skip
    without = [row[:11] for row in DATA]
    without[0][0] = None  # A's rating of unit 1 is left out, not guessed
    expected = categorical_coefficients(values(without), np.ones(11), CODERS)
    assert group["krippendorff_alpha"] == pytest.approx(expected["krippendorff_alpha"], abs=1e-12)
