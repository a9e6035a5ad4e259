"""Tests of ls_thematic.scripts.agreement.lse: Label Studio Enterprise's per-task agreement."""

from __future__ import annotations

import numpy as np
import pytest

from ls_thematic.scripts import agreement as ag

from .exports import LEOKA_FILES, SHARED, leoka


def test_leoka_label_studio_agreement_reproduced():
    paths = [p for p in LEOKA_FILES if p.exists()]
    if not paths:
        pytest.skip(f"Real data not found under {SHARED / 'data' / 'leoka'}.")
    errors = []
    for path in paths:
        tasks = leoka(path)
        known = [
            p
            for t in tasks
            for a in t["annotations"]
            for r in a["result"]
            if r["type"] == "taxonomy"
            for p in r["value"]["taxonomy"]
        ]
        ours = np.array([ag.label_studio_task_agreement(t, known) for t in tasks])
        theirs = np.array([t["agreement"] for t in tasks])
        errors.append(ours - theirs)
        # The team figure (mean of the field) to 0.1 points.
        assert ours.mean() == pytest.approx(theirs.mean(), abs=0.1)
    errors = np.concatenate(errors)
    assert np.mean(np.abs(errors) < 1e-9) >= 0.98  # 899 of 910 tasks exactly
    assert np.mean(np.abs(errors)) < 0.05
