"""Tests of ls_thematic.scripts.agreement.compute: the command's computation as a library call."""

from __future__ import annotations

import pytest

from ls_thematic.label_config.errors import InputError
from ls_thematic.scripts import agreement as ag
from ls_thematic.scripts.snapshot import as_snapshot

B = "b@example.org"


def test_unit_options_keep_the_flags_of_the_unit(export):
    snapshot = as_snapshot(export)
    flags = {"min_overlap": 0.3, "threshold": 0.7, "overlap": "shorter", "bracketing_coder": "B@Example.org"}
    assert ag.unit_options(snapshot, "turns", **flags) == {"min_overlap": 0.3}
    assert ag.unit_options(snapshot, "overlap", **flags) == {"threshold": 0.7, "overlap": "shorter"}
    assert ag.unit_options(snapshot, "characters", **flags) == {}
    # the coder as typed becomes the export's coder key
    assert ag.unit_options(snapshot, "bracketed", **flags) == {"min_overlap": 0.3, "bracketing_coder": B}
    assert ag.unit_options(snapshot, "bracketed") == {"min_overlap": 0.5, "bracketing_coder": None}
    with pytest.raises(InputError, match=r"No annotations by coder 'zoe'; the coders are: 1, b@example.org"):
        ag.unit_options(snapshot, "bracketed", bracketing_coder="zoe")


def test_compute_agreement_equals_the_report(export):
    report, result = ag.compute_agreement(as_snapshot(export), unit="turns", coders=["1", B])
    expected = ag.agreement_report(export, "turns")
    assert result["coders"] == [1, B] and result["level"] == "all" and result["per_level"] == []
    assert result["unit"] == "turns" and result["unit_description"] == expected["unit"]
    assert result["overall"]["campbell_percent_agreement"] == pytest.approx(1 / 5, abs=1e-12)
    assert result["n_disagreements"] == len(report["disagreements"]) == 3
    assert result["negotiated"] is None


def test_compute_agreement_without_a_codebook_has_only_the_code_level(export):
    with pytest.raises(InputError, match="the only level is 'code'"):
        ag.compute_agreement(as_snapshot(export), level="theme")
