"""What bounds the work of one /predict: the task size limit and the coded-span filter."""

from __future__ import annotations

import random
import time

from ls_thematic.backend.model import MAX_TASK_CHARS, uncovered
from ls_thematic.backend.segment import Unit

from .helpers import make_task


def _brute_force(units, spans):
    return [u for u in units if not any(s < u.end and u.start < e for s, e in spans)]


def test_uncovered_matches_the_pairwise_rule_on_random_layouts():
    rng = random.Random(7)
    for _ in range(400):
        units = []
        for _ in range(rng.randint(0, 12)):
            start = rng.randint(0, 60)
            units.append(Unit(start, start + rng.randint(1, 15), 0))
        spans = []
        for _ in range(rng.randint(0, 8)):
            start = rng.randint(0, 70)
            spans.append((start, start + rng.randint(0, 12)))
        assert uncovered(units, spans) == _brute_force(units, spans), (units, spans)


def test_uncovered_keeps_the_units_order_and_touching_units():
    units = [Unit(20, 30, 0), Unit(0, 10, 0), Unit(10, 20, 0)]
    # (10, 20) touches both neighbours of the span only at their edges.
    assert uncovered(units, [(12, 18)]) == [Unit(20, 30, 0), Unit(0, 10, 0)]
    assert uncovered(units, [(10, 10)]) == units


def test_uncovered_is_not_units_times_spans():
    units = [Unit(2 * i, 2 * i + 1, 0) for i in range(40_000)]
    spans = [(2 * i + 1, 2 * i + 2) for i in range(40_000)]  # each between two units
    started = time.process_time()
    assert uncovered(units, spans) == units
    # Pairwise, this is 1.6 billion comparisons (minutes); the sweep takes well under a second.
    assert time.process_time() - started < 5


def test_a_task_over_the_size_limit_is_refused_by_name(client, label_config):
    big = "P7: " + "I sleep badly. " * (MAX_TASK_CHARS // 15 + 1)
    response = client.post(
        "/predict",
        json={
            "tasks": [make_task(6, text=big, turns=False)],
            "project": "1.1700000000",
            "label_config": label_config,
        },
    )
    assert response.status_code == 400
    message = response.json["error"]
    assert f"{len(big):,} characters" in message
    assert f"at most {MAX_TASK_CHARS:,} (MAX_TASK_CHARS" in message
