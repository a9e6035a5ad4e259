"""95% intervals of every coefficient through ``ls-thematic agreement`` (issue 13, part 3).

Krippendorff's (2011) 4-coder x 12-unit nominal example (alpha = 0.743) is the export of
test_categorical_cli.py; Krippendorff's alpha gets Hayes & Krippendorff's (2007) bootstrap, the
other figures a bootstrap over transcripts (here each unit is its own transcript).
"""

from __future__ import annotations

import csv
import io
import json
import re

import numpy as np
import pytest
from click.testing import CliRunner

from ls_thematic.label_config.errors import InputError
from ls_thematic.label_config.lsxml import codebook_to_label_config
from ls_thematic.scripts.agreement.categorical import categorical_coefficients, group_values_by_task
from ls_thematic.scripts.agreement.coefficients import binary_coefficients, rating_counts
from ls_thematic.scripts.agreement.intervals import (
    ALPHA_METHOD,
    TASK_METHOD,
    alpha_bootstrap,
    binary_samples,
    check_resamples,
    count_samples,
)
from ls_thematic.scripts.agreement.report import agreement_report
from ls_thematic.scripts.cli import main
from ls_thematic.scripts.snapshot import save_snapshot

from .exports import synthetic_export
from .test_categorical_cli import ALPHA, DATA, book, values
from .test_categorical_cli import export as krippendorff_export


def run(path, *extra):
    result = CliRunner().invoke(
        main, ["agreement", "--snapshot", str(path), "--format", "json", "-o", "-", *extra]
    )
    assert result.exit_code == 0, result.output + repr(result.exception)
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def snapshot(tmp_path_factory):
    path = tmp_path_factory.mktemp("intervals") / "snapshot.json"
    save_snapshot(krippendorff_export(), path, meta={"source": "test"},
                  project={"id": 1, "title": "talk", "label_config": codebook_to_label_config(book())})  # fmt: skip
    return path


@pytest.fixture(scope="module")
def result(snapshot):
    return run(snapshot)


def test_defaults_and_methods_are_in_the_json(result):
    found = result["intervals"]
    assert (found["n_boot"], found["seed"], found["level"]) == (1000, 2026, 0.95)
    assert found["method"]["krippendorff_alpha"] == ALPHA_METHOD
    assert found["method"]["cohen_kappa"] == TASK_METHOD
    assert found["note"] is None and found["n_tasks"] == 11
    assert set(found["overall"]) >= {"cohen_kappa", "krippendorff_alpha", "gwet_ac1"}
    assert set(found["per_code"]) == set(result["codes"])
    categorical = result["categorical"]["intervals"]
    assert (categorical["n_boot"], categorical["seed"]) == (1000, 2026)
    assert set(categorical["per_group"]) == {"Move"}


def test_hayes_krippendorff_interval_lies_around_0743(result):
    """No published KALPHA interval for this example was found; the estimate 0.743 lies inside,
    and the width is that of 11 units (neither collapsed nor the whole range)."""
    bounds = result["categorical"]["intervals"]["overall"]["krippendorff_alpha"]
    estimate = result["categorical"]["overall"]["krippendorff_alpha"]
    assert estimate == pytest.approx(ALPHA, abs=1e-3)
    assert 0.35 < bounds["ci_low"] < estimate < bounds["ci_high"] <= 1.0
    assert 0.15 < bounds["ci_high"] - bounds["ci_low"] < 0.6


def test_every_interval_contains_its_estimate(result):
    for name, bounds in result["intervals"]["overall"].items():
        estimate = result["overall"][name]
        if estimate is None:
            continue
        assert bounds["ci_low"] <= estimate <= bounds["ci_high"], name
    for name, bounds in result["categorical"]["intervals"]["overall"].items():
        estimate = result["categorical"]["overall"][name]
        assert bounds["ci_low"] <= estimate <= bounds["ci_high"], name
    for pair in result["pairwise"]:
        if pair["cohen_kappa"] is not None:
            assert pair["cohen_kappa_ci_low"] <= pair["cohen_kappa"] <= pair["cohen_kappa_ci_high"]


def test_intervals_over_transcripts_vary_with_the_transcripts_drawn(result):
    """With 11 transcripts of one unit each, resamples differ: no interval is a point."""
    for name in ("percent_agreement", "cohen_kappa", "fleiss_kappa", "gwet_ac1"):
        bounds = result["categorical"]["intervals"]["overall"][name]
        assert bounds["ci_high"] - bounds["ci_low"] > 0.1, name
    bounds = result["intervals"]["overall"]["fleiss_kappa"]
    assert bounds["ci_high"] - bounds["ci_low"] > 0.1


def test_pairs_carry_kappas_interval_in_the_rows_and_the_matrix(result):
    matrix = result["matrix"]
    coders = matrix["coders"]
    for pair in result["pairwise"]:
        i, j = coders.index(pair["coder_a"]), coders.index(pair["coder_b"])
        assert matrix["kappa_low"][i][j] == pair["cohen_kappa_ci_low"]
        assert matrix["kappa_high"][j][i] == pair["cohen_kappa_ci_high"]


def test_same_seed_same_intervals_and_options_reach_the_json(snapshot, result):
    again = run(snapshot)
    assert again["intervals"] == result["intervals"]
    assert again["categorical"]["intervals"] == result["categorical"]["intervals"]
    other = run(snapshot, "--n-boot", "200", "--seed", "7")
    assert (other["intervals"]["n_boot"], other["intervals"]["seed"]) == (200, 7)
    assert other["intervals"]["overall"] != result["intervals"]["overall"]


def test_markdown_shows_the_json_interval_rounded(snapshot, result):
    run_md = CliRunner().invoke(main, ["agreement", "--snapshot", str(snapshot), "--format", "md"])
    assert run_md.exit_code == 0, run_md.output
    kappa = result["overall"]["cohen_kappa"]
    bounds = result["intervals"]["overall"]["cohen_kappa"]
    cell = f"{kappa:.3f} [{bounds['ci_low']:.3f}, {bounds['ci_high']:.3f}]"
    overall_row = next(line for line in run_md.stdout.splitlines() if line.startswith("| overall"))
    assert cell in overall_row
    alpha = result["categorical"]["overall"]["krippendorff_alpha"]
    bounds = result["categorical"]["intervals"]["overall"]["krippendorff_alpha"]
    assert f"{alpha:.3f} [{bounds['ci_low']:.3f}, {bounds['ci_high']:.3f}]" in run_md.stdout
    assert re.search(r"1000 resamples, seed 2026", run_md.stdout)


def test_csv_carries_the_json_intervals_at_full_precision(snapshot, result):
    run_csv = CliRunner().invoke(
        main, ["agreement", "--snapshot", str(snapshot), "--format", "csv"]
    )
    assert run_csv.exit_code == 0, run_csv.output
    rows = list(csv.DictReader(io.StringIO(run_csv.stdout)))
    overall = next(r for r in rows if r["section"] == "overall")
    for name, bounds in result["intervals"]["overall"].items():
        for end in ("low", "high"):
            assert float(overall[f"{name}_ci_{end}"]) == bounds[f"ci_{end}"]
    pair = next(r for r in rows if r["section"] == "pair")
    first = result["pairwise"][0]
    assert (pair["coder_a"], pair["coder_b"]) == (str(first["coder_a"]), str(first["coder_b"]))
    assert float(pair["cohen_kappa_ci_low"]) == first["cohen_kappa_ci_low"]
    assert float(pair["cohen_kappa_ci_high"]) == first["cohen_kappa_ci_high"]
    assert pair["krippendorff_alpha_ci_low"] == ""


@pytest.mark.parametrize("n_boot", ["0", "-5"])
def test_bad_number_of_resamples_is_a_clear_error(snapshot, n_boot):
    run_bad = CliRunner().invoke(
        main, ["agreement", "--snapshot", str(snapshot), "--n-boot", n_boot]
    )
    assert run_bad.exit_code == 1
    assert "--n-boot" in run_bad.output and "at least 1" in run_bad.output
    with pytest.raises(InputError, match=r"whole number of at least 1.*got 0"):
        check_resamples(0)


def test_one_transcript_gives_null_intervals_with_a_note(tmp_path, export):
    path = tmp_path / "one.json"
    path.write_text(json.dumps(export), encoding="utf-8")
    found = run(path)["intervals"]
    assert found["n_tasks"] == 1
    assert "Fewer than 2 transcripts" in found["note"]
    assert found["overall"]["cohen_kappa"] == {"ci_low": None, "ci_high": None}
    assert found["overall"]["percent_agreement"] == {"ci_low": None, "ci_high": None}


# --------------------------------------------------------------------------- the library
def test_drawing_every_transcript_once_gives_the_reported_figures():
    """The resample machinery is the coefficients' own formulas: weights of 1 per transcript
    reproduce binary_coefficients and categorical_coefficients exactly."""
    tasks = synthetic_export(n_tasks=6, n_coders=3, n_spans=1200, n_codes=5, length=3000)
    units = agreement_report(tasks, "turns")["units"]
    items = units.items
    values_ = items[list(units.coders)].to_numpy(float)
    weight = items["weight"].to_numpy(float)
    _, task = np.unique(items["task"].to_numpy(), return_inverse=True)
    once = np.ones((1, task.max() + 1))
    samples = binary_samples(values_, weight, task, once)
    expected = binary_coefficients(values_, weight, True)
    for name, sample in samples.items():
        assert sample[0] == pytest.approx(expected[name], abs=1e-12), name

    data, weight, _, task = group_values_by_task(units, {c: c for c in units.codes})
    rated = np.not_equal(data, None).sum(axis=0) >= 1
    figures = categorical_coefficients(data, weight, list(units.coders))
    counts, _ = rating_counts(data[:, rated], figures["categories"])
    _, position = np.unique(task[rated], return_inverse=True)
    found = count_samples(counts, weight[rated], position, np.ones((1, position.max() + 1)))
    for name in ("percent_agreement", "fleiss_kappa", "gwet_ac1"):
        assert found[name][0] == pytest.approx(figures[name], abs=1e-12), name


def _naive_alpha_bootstrap(counts, resamples, seed):
    """Krippendorff's algorithm read literally: a uniform number per draw picks a cell of the
    coincidence matrix, the drawn differences are summed, alpha = 1 - sum / (M De)."""
    rng = np.random.default_rng(seed)
    counts = counts[counts.sum(axis=1) >= 2]
    m = counts.sum(axis=1)
    o = sum(
        np.outer(c, c) / (mu - 1) - np.diag(c / (mu - 1)) for c, mu in zip(counts, m, strict=True)
    )
    n = o.sum()
    n_c = o.sum(axis=0)
    d_e = (n * n - (n_c**2).sum()) / (n * (n - 1))
    draws = int(round((m * (m - 1) / 2).sum()))
    edges = np.cumsum(o.ravel() / n)
    delta = (1 - np.eye(len(n_c))).ravel()
    out = []
    for _ in range(resamples):
        cell = np.minimum(np.searchsorted(edges, rng.random(draws)), len(edges) - 1)
        out.append(max(1 - delta[cell].sum() / (draws * d_e), -1))
    return np.array(out)


def test_hayes_krippendorff_matches_a_literal_reading_of_the_algorithm():
    counts, _ = rating_counts(values(DATA))
    fast = alpha_bootstrap(counts, None, 4000, seed=1)
    slow = _naive_alpha_bootstrap(counts, 4000, seed=2)
    for q in (2.5, 50, 97.5):
        assert np.percentile(fast, q) == pytest.approx(np.percentile(slow, q), abs=0.03), q
    assert np.mean(fast) == pytest.approx(ALPHA, abs=0.03)


def test_every_level_of_the_hierarchy_gets_intervals():
    tasks = synthetic_export(n_tasks=4, n_coders=2, n_spans=400, n_codes=6, length=2000)
    report = agreement_report(
        tasks, "turns", level_of=lambda code: [f"Theme {int(code.split()[-1]) % 2}", code],
        n_boot=200, seed=3,
    )  # fmt: skip
    found = report["intervals"]
    assert set(found["per_level"]) == {1, 2} and (found["n_boot"], found["seed"]) == (200, 3)
    for depth, row in report["per_level"].iterrows():
        low, high = found["per_level"][depth]["cohen_kappa"]
        assert low <= row["cohen_kappa"] <= high
    assert found["per_level"][2] == found["overall"]  # the deepest level is the codes
    assert "intervals" not in agreement_report(tasks, "turns")  # only when asked
