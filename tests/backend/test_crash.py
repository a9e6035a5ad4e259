"""SIGKILL at random moments while 8 threads post annotation events: nothing acknowledged is lost.

A real gunicorn backend (the fake encoder: the benchmark, ``benchmarks/reliability_crash.py``,
runs the same driver with the real one and 20 cycles) on one MODEL_DIR, killed and restarted a
few times; after each kill every event answered 2xx must be in the project's store, and the
next start must load what the kill left (a torn journal line included).
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

BENCHMARK = Path(__file__).resolve().parents[2] / "benchmarks" / "reliability_crash.py"


def load_driver():
    spec = importlib.util.spec_from_file_location("reliability_crash", BENCHMARK)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_no_acknowledged_event_is_lost_when_the_backend_is_killed(tmp_path):
    driver = load_driver()
    result = driver.run_crash_cycles(
        tmp_path, cycles=3, threads=8, seed=9, encoder="fake", kill_after=(0.5, 2.0)
    )
    assert result["refused"] == []
    assert all(n > 0 for n in result["per_cycle"]), result  # each kill came amid traffic
    assert result["acknowledged"] == sum(result["per_cycle"])
    assert (result["lost"], result["found"]) == (0, result["acknowledged"]), result
    logs = [p.read_text(errors="replace") for p in sorted(tmp_path.glob("gunicorn-*.log"))]
    assert len(logs) == 3 and not any("Traceback" in log for log in logs)


def test_the_events_carry_the_line_separators_that_once_split_the_journal():
    driver = load_driver()
    texts = [
        r["value"]["text"]
        for i in range(3)
        for r in driver.annotation_event(i, "<View/>")["annotation"]["result"]
    ]
    assert {c for c in "\u2028\u2029\u0085" if any(c in t for t in texts)} == set(
        "\u2028\u2029\u0085"
    )
    for i, text in enumerate(texts):
        event = driver.annotation_event(i, "<View/>")
        value = event["annotation"]["result"][0]["value"]
        assert driver.TEXT[value["start"] : value["end"]] == text
