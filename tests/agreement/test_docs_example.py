"""The worked example of docs/agreement.md ("Which figure to read"): every figure it quotes is
what the commands it shows give on the demo snapshot."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from ls_thematic.scripts.cli import main

REPO = Path(__file__).resolve().parents[2]
SNAPSHOT = "label_config/examples/demo_snapshot.json"
SECTION = (
    (REPO / "docs" / "agreement.md")
    .read_text(encoding="utf-8")
    .split("## Which figure to read")[1]
    .split("\n## ")[0]
)


def agreement(monkeypatch, *extra) -> dict:
    monkeypatch.chdir(REPO)
    result = CliRunner().invoke(
        main, ["agreement", "--snapshot", SNAPSHOT, *extra, "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def quoted(text: str) -> None:
    assert text in " ".join(SECTION.split()), f"docs/agreement.md no longer says {text!r}"


def test_the_commands_shown_are_the_ones_checked():
    for unit in ("", " --unit spans"):
        quoted(f"ls-thematic agreement --snapshot {SNAPSHOT}{unit} --format md")


def test_the_binary_and_categorical_figures(monkeypatch):
    found = agreement(monkeypatch)
    alpha = found["overall"]["krippendorff_alpha"]
    interval = found["intervals"]["overall"]["krippendorff_alpha"]
    quoted(f"α = {alpha:.3f} [{interval['ci_low']:.3f}, {interval['ci_high']:.3f}]")
    quoted(f"Cohen's κ = {found['overall']['cohen_kappa']:.3f}")
    quoted(f"{100 * found['overall']['campbell_percent_agreement']:.1f}% of the codes")
    quoted(f"(α {alpha:.3f})")
    assert found["categorical"]["overall"] is None
    assert "not mutually exclusive" in found["categorical"]["note"]


def test_the_unitizing_figures(monkeypatch):
    pytest.importorskip("pygamma_agreement", reason="γ needs the [gamma] extra (make test has it)")
    found = agreement(monkeypatch, "--unit", "spans")
    unitizing = found["unitizing"]
    assert unitizing["u_alpha"] is None and unitizing["cu_alpha"] is None
    quoted(f"|uα = {unitizing['binary_u_alpha']:.3f}")
    alone = {r["code"]: r["alone_u_alpha"] for r in unitizing["per_code"]}
    alone = {code: value for code, value in alone.items() if value is not None}
    low, top = min(alone, key=alone.get), max(alone.values())
    assert {r["code"]: r["n_spans"] for r in unitizing["per_code"]}[low] == 1
    highest = " and ".join(f'"{code}"' for code, value in alone.items() if value == top)
    quoted(f'from {alone[low]:.3f} ("{low}", one span) to {top:.3f} ({highest})')
    quoted(f"(|uα {unitizing['binary_u_alpha']:.3f})")
    first, second = (row["gamma"] for row in found["gamma"]["per_task"])
    quoted(f"γ is {first:.3f} and {second:.3f} on the two transcripts")
