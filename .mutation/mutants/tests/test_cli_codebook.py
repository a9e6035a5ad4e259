"""The offline codebook commands as a user runs them: summaries, outputs and clean errors."""

from __future__ import annotations

from click.testing import CliRunner

from ls_thematic.label_config.codebook_io import load_codebook
from ls_thematic.scripts.cli import main

from .conftest import EXAMPLES


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def test_validate_summarises_the_hierarchy_level_by_level():
    result = run("validate", EXAMPLES / "thesis_codebook.yaml")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].endswith("valid.")
    assert "25 codes, 18 codable, 2 relationship codes" in lines[1]
    # The thesis: 2 main domains (headings) beside the top-level Frustration and the separate folder.
    assert "domain: 4 (2 headings; 2 codable: Frustration, Unsure – revisit)" in result.output
    assert "sub-domain: 5 (5 headings)" in result.output
    assert "theme: 12 (12 codable)" in result.output
    assert "sub-theme: 4 (4 codable)" in result.output


def test_validate_reports_a_bad_codebook_with_exit_1(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("codes:\n  - name: A\n    colour: not-a-colour\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(bad)])
    assert result.exit_code == 1
    assert "bad.yaml" in result.output and "colour" in result.output
    assert "Traceback" not in result.output


def test_render_and_convert_write_files_that_load_back(tmp_path):
    xml = tmp_path / "config.xml"
    csv = tmp_path / "codebook.csv"
    assert run("render", EXAMPLES / "thesis_codebook.yaml", "-o", xml).exit_code == 0
    assert run("convert", EXAMPLES / "thesis_codebook.yaml", "-o", csv).exit_code == 0
    original = load_codebook(EXAMPLES / "thesis_codebook.yaml")
    assert load_codebook(xml).names == original.names
    assert load_codebook(csv).names == original.names
