"""The write-up commands through click: JSON on stdout, files, and errors that exit 1."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from ls_thematic.scripts.cli import main

from .writeup_data import BELGIAN, THESIS, demo_snapshot


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("snapshots")
    document = demo_snapshot()
    paths = {"snapshot": folder / "snapshot.json", "export": folder / "export.json",
             "empty": folder / "empty.json", "uncoded": folder / "uncoded.json"}
    paths["snapshot"].write_text(json.dumps(document), encoding="utf-8")
    paths["export"].write_text(json.dumps(document["tasks"]), encoding="utf-8")
    paths["empty"].write_text(json.dumps({**document, "tasks": []}), encoding="utf-8")
    uncoded = json.loads(json.dumps(document))
    for task in uncoded["tasks"]:
        task["annotations"] = []
    paths["uncoded"].write_text(json.dumps(uncoded), encoding="utf-8")
    return paths


def invoke(*args, input=None):
    return CliRunner().invoke(main, [str(a) for a in args], input=input)


def test_themes_json_on_stdout_full_precision(files):
    result = invoke("themes", "--snapshot", files["snapshot"], "--format", "json", "-o", "-",
                    "--coders", "all")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["coders"] == "all" and "participant" in document["unit"]
    assert document["columns"][:4] == ["code", "level", "depth", "codable"]
    rows = {r["code"]: r for r in document["rows"]}
    assert rows["Afraid to reduce"]["N"] == 6 and isinstance(rows["Afraid to reduce"]["N"], int)


def test_snapshot_from_stdin(files):
    result = invoke("themes", "--snapshot", "-", "--table", "participants", "--format", "json",
                    input=files["snapshot"].read_text(encoding="utf-8"))
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["rows"][-1] == {"role": "Total", "N": 6}


def test_output_file(files, tmp_path):
    target = tmp_path / "matrix.csv"
    result = invoke("themes", "--snapshot", files["snapshot"], "--format", "csv", "-o", target)
    assert result.exit_code == 0, result.output
    assert target.read_text(encoding="utf-8").startswith("code,level,depth,codable,P4,")
    assert f"Wrote {target}" in result.output


def test_extracts_json_and_markdown(files):
    result = invoke("extracts", "--snapshot", files["snapshot"], "--embedder", "tfidf",
                    "--format", "json", "-o", "-", "--pin", "Afraid to reduce=anxious")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["embedder"] == "tfidf" and document["table"] == "extracts"
    first = next(r for r in document["rows"] if r["code"] == "Afraid to reduce")
    assert first["pinned"] is True and "anxious" in first["text"].lower()
    assert isinstance(first["centrality"], float)
    markdown = invoke("extracts", "--snapshot", files["snapshot"], "--embedder", "tfidf",
                      "--format", "md", "--pseudonymise")
    assert markdown.exit_code == 0, markdown.output
    assert "## Afraid to reduce (theme; N = 6" in markdown.stdout
    assert "(Participant A)" in markdown.stdout and "(P4)" not in markdown.stdout


def test_report_command(files, tmp_path):
    out = tmp_path / "report"
    result = invoke("report", out, "--snapshot", files["snapshot"], "--embedder", "tfidf",
                    "--pseudonymise", "--redact", "Nobody")
    assert result.exit_code == 0, result.output
    assert f"Wrote {out}:" in result.output and "agreement" in result.output
    assert (out / "report.docx").is_file() and (out / "figures" / "theme_map.svg").is_file()
    # The key that undoes the pseudonyms sits beside the folder, not in it, readable by its owner.
    key_path = tmp_path / "report.pseudonym-key.json"
    assert f"The pseudonym key (it undoes the pseudonymisation) is in {key_path}" in result.output
    assert key_path.stat().st_mode & 0o777 == 0o600
    key = json.loads(key_path.read_text(encoding="utf-8"))
    assert isinstance(key["pseudonym_seed"], int)
    assert sorted(key["pseudonyms"].values())[0] == "Participant A"
    segments_csv = (out / "tables" / "segments.csv").read_text(encoding="utf-8")
    for participant, pseudonym in key["pseudonyms"].items():
        assert pseudonym in segments_csv and f",{participant}," not in segments_csv
    assert not list(out.rglob("*key*"))


def test_plain_export_needs_the_codebook(files):
    result = invoke("themes", "--snapshot", files["export"])
    assert result.exit_code == 1
    assert "Error: The snapshot carries no labelling config" in result.output
    assert "--codebook" in result.output
    ok = invoke("themes", "--snapshot", files["export"], "--codebook", THESIS)
    assert ok.exit_code == 0, ok.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "Say where the coding is: --snapshot FILE"),
        (("--snapshot", "SNAP", "--project", "3"), "not both"),
        (("--snapshot", "SNAP", "--codebook", BELGIAN), "code(s) that the codebook"),
        (("--snapshot", "EMPTY"), "no tasks: the project is empty"),
        (("--snapshot", "UNCODED"), "but no coded segments"),
        (("--snapshot", "SNAP", "--coders", "nobody@example.org"), "No annotations by nobody@example.org"),
        (("--snapshot", "SNAP", "--table", "by-attribute", "--by", "age"), "no attribute 'age'"),
        (("--snapshot", "missing.json"), "no such snapshot file"),
    ],
)
def test_errors_exit_1_with_a_message(files, args, message):
    names = {"SNAP": files["snapshot"], "EMPTY": files["empty"], "UNCODED": files["uncoded"]}
    args = [str(names.get(a, a)) for a in args]
    result = invoke("themes", *args)
    assert result.exit_code == 1, result.output
    assert result.output.startswith("Error: ") and message in result.output
    assert "Traceback" not in result.output


def test_unknown_server_is_a_clear_error(tmp_path):
    result = invoke("pull", "--project", "1", "-o", tmp_path / "s.json",
                    "--url", "http://127.0.0.1:9", "--api-key", "x" * 40)
    assert result.exit_code == 1
    assert "Cannot reach Label Studio at http://127.0.0.1:9" in result.output
    assert not (tmp_path / "s.json").exists()


@pytest.mark.parametrize("command", ["pull", "themes", "extracts", "report"])
def test_help(command):
    result = invoke(command, "--help")
    assert result.exit_code == 0 and "Usage:" in result.output
