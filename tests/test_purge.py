"""``ls-thematic purge``: a project's model folders go, after a confirmation, and never while a
backend is serving them (scripts/cli/purge.py over backend/projects.py)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

from click.testing import CliRunner

from ls_thematic.backend.projects import record_ts
from ls_thematic.backend.scheme import ProjectRef
from ls_thematic.scripts.cli import main


def run(*args, input=None):
    return CliRunner().invoke(main, ["purge", *map(str, args)], input=input)


def make_folders(models, *names):
    for name in names:
        folder = models / name
        folder.mkdir(parents=True)
        (folder / "segments.json").write_text('{"seq": 1, "annotations": {}}', encoding="utf-8")
    return models


def test_purge_removes_every_folder_of_the_project_after_confirmation(tmp_path):
    models = make_folders(tmp_path / "models", "3", "3.1800000000", "30", "4")
    record_ts(models / "3", ProjectRef("3", 1700000000))
    refused = run("--project", 3, "--model-dir", models, input="n\n")
    assert refused.exit_code == 1  # click's Abort
    assert "project created 2023-11-14 22:13 UTC" in refused.output
    assert "3.1800000000" in refused.output and "Remove them?" in refused.output
    assert sorted(p.name for p in models.iterdir()) == ["3", "3.1800000000", "30", "4"]
    done = run("--project", 3, "--model-dir", models, input="y\n")
    assert done.exit_code == 0, done.output
    assert "Removed 2 folder(s) of project 3." in done.output
    assert sorted(p.name for p in models.iterdir()) == ["30", "4"]


def test_purge_with_yes_does_not_ask_and_reads_model_dir_from_the_environment(
    tmp_path, monkeypatch
):
    models = make_folders(tmp_path / "models", "7")
    monkeypatch.setenv("MODEL_DIR", str(models))
    result = run("--project", 7, "--yes")
    assert result.exit_code == 0, result.output
    assert "Remove them?" not in result.output
    assert list(models.iterdir()) == []


def test_purge_says_clearly_when_there_is_nothing(tmp_path):
    result = run("--project", 9, "--model-dir", tmp_path / "models")
    assert result.exit_code == 0
    assert (
        result.output == f"Nothing to remove: {tmp_path / 'models'} has no folder of project 9.\n"
    )


def test_purge_refuses_a_bad_project_id(tmp_path):
    result = run("--project", "../etc", "--model-dir", tmp_path, "--yes")
    assert result.exit_code == 1
    assert "--project '../etc' is not a project id" in result.output
    assert "Traceback" not in result.output


def test_purge_refuses_while_a_backend_holds_the_folder(tmp_path):
    models = make_folders(tmp_path / "models", "3")
    holder = textwrap.dedent(
        f"""
        import sys, time
        from ls_thematic.backend.lock import lock_model_dir
        lock_model_dir({str(models)!r})
        print("locked", flush=True)
        time.sleep(60)
        """
    )
    process = subprocess.Popen(
        [sys.executable, "-c", holder], stdout=subprocess.PIPE, text=True, env=os.environ.copy()
    )
    try:
        assert process.stdout.readline().strip() == "locked"
        result = run("--project", 3, "--model-dir", models, "--yes")
        assert result.exit_code == 1
        assert f"A suggestion backend is running on {models} (process {process.pid})" in (
            result.output
        )
        assert (models / "3").is_dir()
    finally:
        process.kill()
        process.wait()
    assert run("--project", 3, "--model-dir", models, "--yes").exit_code == 0
    assert not (models / "3").exists()
