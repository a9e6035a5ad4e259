"""A small load test of the team stack (issue 14): 5 coders for 30 s, nothing lost, no error.

The stack is started by :func:`~ls_thematic.scripts.team.stack.start_team` (PostgreSQL, Label
Studio under gunicorn, the backend with 2 workers on PostgreSQL); ``benchmarks/bench_team.py``
adds 50 transcripts of about 7,000 words and runs 5 coders, each a Label Studio user with its
own token, opening tasks (with their suggestions) and saving coded spans. Every span Label
Studio acknowledged must be in the backend's store at the end, and no request may fail. The
timings are the benchmark's business, not this test's.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from ls_thematic.scripts.lsserver import free_port
from ls_thematic.scripts.team import stack

pytestmark = pytest.mark.e2e

BENCH = Path(__file__).resolve().parents[2] / "benchmarks" / "bench_team.py"


@pytest.fixture
def bench_team(monkeypatch):
    """``benchmarks/bench_team.py`` as a module (its sibling scripts on ``sys.path``)."""
    if not BENCH.exists():
        pytest.skip(f"{BENCH} is absent")
    monkeypatch.syspath_prepend(str(BENCH.parent))
    spec = importlib.util.spec_from_file_location("bench_team", BENCH)
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "bench_team", module)  # its dataclasses look it up
    spec.loader.exec_module(module)
    return module




def test_five_coders_lose_nothing_and_see_no_error(
    bench_team, stack_dir, needs_postgres, needs_label_studio_workers, monkeypatch
):
    monkeypatch.delenv("GUNICORN_CMD_ARGS", raising=False)  # bench_team.start sets it
    port, backend_port = free_port(), free_port()
    while backend_port == port:
        backend_port = free_port()
    up = bench_team.start("team", stack_dir, port, backend_port, backend_workers=2)
    try:
        result = bench_team.load(up, stack_dir, coders=5, seconds=30)
    finally:
        stack.stop_team(stack_dir)
    assert result["errors"] == 0, result["error_samples"]
    assert result["annotations"] >= 5
    assert result["spans_acknowledged"] == result["segments_found"] > 0
    assert result["tokens"] == "a user and API token per coder"
    assert result["workers"] == 2
    assert result["predict"]["n"] > 0 and result["webhook"]["n"] == result["annotations"]
