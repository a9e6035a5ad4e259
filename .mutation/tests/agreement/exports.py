"""Small Label Studio exports built in code, the LEOKA exports (real data) and a large synthetic
export, shared by the tests of the agreement package."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

SHARED = Path(__file__).resolve().parents[3] / "shared"
LEOKA = sorted((SHARED / "data" / "leoka").glob("LEOKA_team_*.json"))
LEOKA_FILES = LEOKA or [SHARED / "data" / "leoka" / "LEOKA_team_1.json"]


TEXT = "I trust them. They help me. I fear the pills. No more. Fine."
#       0         1         2         3         4         5
TURNS = [
    {"start": 0, "end": 13, "speaker": "P"},  # I trust them.
    {"start": 14, "end": 27, "speaker": "I"},  # They help me.
    {"start": 28, "end": 45, "speaker": "P"},  # I fear the pills.
    {"start": 46, "end": 54, "speaker": "I"},  # No more.
    {"start": 55, "end": 60, "speaker": "P"},  # Fine.
]


def span(start, end, label, result_id=None):
    return {
        "id": result_id or f"r{start}-{end}-{label}",
        "from_name": "code",
        "to_name": "text",
        "type": "labels",
        "value": {"start": start, "end": end, "text": TEXT[start:end], "labels": [label]},
    }


def annotation(coder, results, annotation_id=None, **extra):
    return {
        "id": annotation_id or hash((str(coder), len(results))) % 10_000,
        "completed_by": coder,
        "result": results,
        "was_cancelled": False,
        **extra,
    }


def task(task_id, annotations, text=TEXT, turns=TURNS, participant="P01"):
    data = {"text": text, "participant": participant}
    if turns is not None:
        data["turns"] = turns
    return {"id": task_id, "data": data, "annotations": annotations}


def leoka(path):
    if not path.exists():
        pytest.skip(
            f"Real data not found at {path}; the shared/ folder sits beside the checkout in CI."
        )
    return json.loads(path.read_text(encoding="utf-8"))


def synthetic_export(n_tasks=100, n_coders=3, n_spans=20_000, n_codes=30, length=30_000):
    rng = np.random.default_rng(0)
    per_coder = n_spans // (n_tasks * n_coders)
    words = np.array(["We", "trust", "the", "nurse.", "It", "hurts", "and", "Fear"])
    tasks = []
    for task_id in range(n_tasks):
        text = " ".join(rng.choice(words, size=length // 5))[:length]
        cuts = np.sort(rng.choice(np.arange(1, len(text)), size=150, replace=False)).tolist()
        turns = [
            {"start": s, "end": e, "speaker": "P"}
            for s, e in zip([0, *cuts], [*cuts, len(text)], strict=True)
        ]
        base_start = rng.integers(0, len(text) - 400, size=per_coder)
        base_length = rng.integers(20, 400, size=per_coder)
        base_code = rng.integers(0, n_codes, size=per_coder)
        annotations = []
        for coder in range(n_coders):
            jitter = rng.integers(-30, 30, size=(per_coder, 2))
            other = rng.random(per_coder) < 0.2
            start = np.clip(base_start + jitter[:, 0], 0, len(text) - 1)
            end = np.clip(start + np.maximum(base_length + jitter[:, 1], 1), 1, len(text))
            code = np.where(other, rng.integers(0, n_codes, size=per_coder), base_code)
            results = [
                {
                    "id": f"{task_id}-{coder}-{i}",
                    "type": "labels",
                    "from_name": "code",
                    "to_name": "text",
                    "value": {"start": int(s), "end": int(e), "labels": [f"Code {c}"]},
                }
                for i, (s, e, c) in enumerate(zip(start, end, code, strict=True))
            ]
            annotations.append(annotation(coder + 1, results, annotation_id=task_id * 10 + coder))
        tasks.append(task(task_id, annotations, text=text, turns=turns, participant=f"P{task_id}"))
    return tasks
