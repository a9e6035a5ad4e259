"""Mathet's γ beside the unitizing alphas: the two agree where they must.

A cross-check of :mod:`ls_thematic.scripts.agreement.gamma` (pygamma-agreement) against
:func:`~ls_thematic.scripts.agreement.unitizing.unitizing_alphas` through
``ls-thematic agreement --unit spans`` on Label Studio exports: both are 1 for identical coding,
near 0 for spans drawn at random, and below 1 but high for spans shifted by a few characters,
falling as the shift grows. Random spans: 2 coders x 30 disjoint spans each over 5,000 characters,
3 codes, seeded. Over 30 seeds (one continuum each, γ with 10 random samples) γ ranged from -0.21
to 0.10 (mean -0.06) and uα from -0.12 to 0.07 (mean -0.01); the tolerances below are set from
that: |γ| < 0.25 and |uα| < 0.15 per transcript, |uα| < 0.1 pooled over five.

The first γ of a process takes about 10 s (numba compiles pygamma's functions); the others take
well under a second on these continua.
"""

from __future__ import annotations

import json
import logging
import subprocess
import sys

import numpy as np
import pytest

from ls_thematic.scripts.agreement import gamma as gamma_module
from ls_thematic.scripts.agreement.unitizing import unitizing_alphas

from .test_spans_cli import export_of, run

pytest.importorskip(
    "pygamma_agreement",
    reason="pygamma-agreement (the gamma extra: pip install 'ls-thematic[gamma]') is not installed",
)

LENGTH = 5_000
CODES = ("Fear", "Hope", "Trust")
CODERS = ("a@example.org", "b@example.org")


def random_text(rng: np.random.Generator, length: int = LENGTH) -> str:
    """Letters only, so that every span has non-blank text."""
    return "".join(rng.choice(list("abcdefghij"), size=length))


def random_spans(rng: np.random.Generator, n: int = 30, length: int = LENGTH) -> list:
    """``n`` disjoint spans at random places with random codes (one coder's spans)."""
    cuts = np.sort(rng.choice(np.arange(1, length), size=2 * n, replace=False))
    codes = rng.integers(len(CODES), size=n)
    return [(int(cuts[2 * i]), int(cuts[2 * i + 1]), CODES[codes[i]]) for i in range(n)]


def agreement_json(tmp_path, tasks, *extra) -> dict:
    outcome = run(tmp_path, tasks, *extra)
    assert outcome.exit_code == 0, outcome.output + repr(outcome.exception)
    return json.loads(outcome.stdout)


def gammas(data: dict) -> list:
    return [row["gamma"] for row in data["gamma"]["per_task"]]


def test_identical_coding_gives_one_for_gamma_and_u_alpha(tmp_path):
    rng = np.random.default_rng(1)
    text = random_text(rng)
    spans = random_spans(rng)
    coding = {coder: spans for coder in (*CODERS, "c@example.org")}
    data = agreement_json(tmp_path, [export_of(coding, text)])
    assert gammas(data) == [pytest.approx(1.0, abs=1e-9)]
    found = data["unitizing"]
    assert (found["u_alpha"], found["binary_u_alpha"], found["cu_alpha"]) == (1.0, 1.0, 1.0)
    assert data["gamma"]["n_samples"] == 30 and data["gamma_note"] is None


def test_random_spans_give_gamma_and_u_alpha_near_zero(tmp_path):
    rng = np.random.default_rng(13)
    tasks, continua = [], {}
    for task_id in range(1, 6):
        text = random_text(rng)
        coding = {coder: random_spans(rng) for coder in CODERS}
        tasks.append(export_of(coding, text, task_id=task_id))
        continua[task_id] = (LENGTH, coding)
    data = agreement_json(tmp_path, tasks)
    found = gammas(data)
    assert len(found) == 5 and all(abs(g) < 0.25 for g in found), found
    assert abs(float(np.mean(found))) < 0.15
    each = [unitizing_alphas({k: v})["u_alpha"] for k, v in continua.items()]
    assert all(abs(u) < 0.15 for u in each), each
    pooled = data["unitizing"]["u_alpha"]
    assert abs(pooled) < 0.1
    assert pooled == pytest.approx(unitizing_alphas(continua)["u_alpha"], abs=1e-12)


def test_a_shift_of_a_few_characters_keeps_both_high(tmp_path):
    rng = np.random.default_rng(0)
    text = random_text(rng)
    first = random_spans(rng)
    found = {}
    for shift in (2, 5, 10):
        moved = [(s + shift, min(e + shift, LENGTH), c) for s, e, c in first]
        data = agreement_json(
            tmp_path, [export_of(dict(zip(CODERS, (first, moved), strict=True)), text)]
        )
        found[shift] = (gammas(data)[0], data["unitizing"]["u_alpha"])
    # found: γ 0.955, 0.850, 0.770; uα 0.965, 0.916, 0.841
    for gamma, u_alpha in found.values():
        assert 0.7 < gamma < 1 and 0.7 < u_alpha < 1
    assert found[2][0] > found[5][0] > found[10][0]  # both fall as the shift grows
    assert found[2][1] > found[5][1] > found[10][1]
    assert found[5] == (pytest.approx(0.8499, abs=0.02), pytest.approx(0.9163127291, abs=1e-9))


# --------------------------------------------------------------------------- quiet solver
def test_the_solver_chatter_is_silenced_and_restored():
    from cvxopt import glpk

    gamma_module._import_gamma()  # pygamma_agreement.continuum loaded
    root = logging.getLogger()
    handlers, filters, options = list(root.handlers), list(root.filters), dict(glpk.options)
    with gamma_module._quiet():
        assert glpk.options["msg_lev"] == "GLP_MSG_OFF"
        assert root.handlers  # logging.warning finds a handler: no basicConfig
        where = sys.modules["pygamma_agreement.continuum"].__file__
        chatter = logging.LogRecord("root", logging.WARNING, where, 597, "CBC ...", None, None)
        other = logging.LogRecord("root", logging.WARNING, __file__, 1, "kept", None, None)
        assert root.filter(other)
        assert not root.filter(chatter)
    assert (list(root.handlers), list(root.filters), dict(glpk.options)) == (
        handlers,
        filters,
        options,
    )


def test_the_command_writes_only_json_on_stdout_with_gamma(tmp_path):
    """In a process of its own: GLPK writes from C, which the test runner does not capture."""
    rng = np.random.default_rng(5)
    tasks = [
        export_of({c: random_spans(rng, 15) for c in CODERS}, random_text(rng), task_id=t)
        for t in (1, 2, 3)
    ]
    path = tmp_path / "export.json"
    path.write_text(json.dumps(tasks), encoding="utf-8")
    command = [
        sys.executable, "-c", "from ls_thematic.scripts.cli import main; main()",
        "agreement", "--snapshot", str(path), "--unit", "spans", "--format", "json",
    ]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)  # nothing but the JSON
    assert len(gammas(data)) == 3 and all(g is not None for g in gammas(data))
    assert "CBC solver" not in done.stderr and "GLPK" not in done.stdout + done.stderr
