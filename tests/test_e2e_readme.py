"""The README's commands that talk to Label Studio, run as written, in order, on a real server.

The offline commands are run by ``test_docs.py``. Here every other ``ls-thematic`` line of the
README's bash blocks runs against the test's Label Studio (``LABEL_STUDIO_URL`` and
``LABEL_STUDIO_API_KEY`` set as the README says), from a copy of ``label_config/``. The README
writes ``--project 1`` for the project the first command creates; the test's server may hold
other projects, so that id is replaced by the one ``create-project`` printed. Between creating
the project and analysing it the researchers code in Label Studio; the test does that step
through the SDK, posting the two demo coders' coding (``label_config/examples/demo_coding.yaml``).
"""

from __future__ import annotations

import json
import re
import shlex
import shutil

import pytest
from click.testing import CliRunner

from ls_thematic.scripts.cli import main
from ls_thematic.scripts.demo_coding import post_demo_coding
from ls_thematic.scripts.lsserver import free_port
from ls_thematic.scripts.snapshot import load_snapshot

from .conftest import REPO
from .test_docs import readme_commands, runs_offline

pytestmark = pytest.mark.e2e

SERVER_SIDE = ("up", "down")  # run by `make up` / the browser test
# `audit` reads what a backend suggested in the project; no backend suggests here (the README's
# coding is posted through the SDK), so its commands must say plainly where they looked.
# tests/test_ai_assistance_e2e.py runs these two commands on a real backend's log, by value.
NO_SUGGESTIONS_HERE = {
    "--model-dir": "No suggestion log found for project",
    "--backend": "Cannot reach the suggestion backend at http://127.0.0.1:",
}


def server_side(command: str) -> bool:
    """``ls-thematic up`` or ``ls-thematic down`` exactly: not ``update-codebook``."""
    words = shlex.split(command)
    return len(words) > 1 and words[1] in SERVER_SIDE


def online_commands() -> list[str]:
    return [c for c in readme_commands()
            if c.startswith("ls-thematic ") and not runs_offline(c) and not server_side(c)]


def test_only_up_and_down_are_left_to_make_up():
    commands = online_commands()
    assert any(c.startswith("ls-thematic update-codebook") and "--dry-run" in c for c in commands)
    assert not any(server_side(c) for c in commands)
    assert server_side("ls-thematic up --data ./data") and server_side("ls-thematic down")
    assert not server_side("ls-thematic update-codebook book.yaml --project 1 --dry-run")


def test_readme_online_commands_run_in_order(label_studio, ls_client, tmp_path, monkeypatch):
    commands = online_commands()
    assert commands and commands[0].startswith("ls-thematic create-project"), commands
    env = {"LABEL_STUDIO_URL": label_studio.url, "LABEL_STUDIO_API_KEY": label_studio.api_key}
    runner = CliRunner()
    project_id = None
    outputs: dict[str, str] = {}
    shutil.copytree(REPO / "label_config", tmp_path / "label_config")
    monkeypatch.chdir(tmp_path)
    for command in commands:
        if project_id is not None:
            command = re.sub(r"--project \d+", f"--project {project_id}", command)
        if command.split()[1] == "audit":  # nothing listens on that port here
            command = command.replace(":9090", f":{free_port()}")
        args = [arg for word in shlex.split(command)[1:] for arg in _glob(word)]
        result = runner.invoke(main, args, env=env)
        if command.split()[1] == "audit":
            (source,) = [s for s in NO_SUGGESTIONS_HERE if s in command.split()]
            assert result.exit_code == 1, f"{command}\n{result.output}"
            assert NO_SUGGESTIONS_HERE[source] in " ".join(result.output.split()), result.output
            continue
        assert result.exit_code == 0, f"{command}\n{result.output}"
        outputs[command.split()[1]] = result.output
        if project_id is None:
            project_id = int(re.search(r"Created project (\d+)", result.output).group(1))
            posted = post_demo_coding(ls_client, project_id)
            assert posted == {"researcher@example.org": 6, "second.coder@example.org": 2}
            label_config = ls_client.projects.get(id=project_id).label_config


    # What the commands did: the pulled snapshot holds both coders' coding, agreement states its
    # unit and compares the two coders on the two transcripts both coded.
    # purge ran where no backend ever stored a model of this project: it says so.
    assert "Nothing to remove: data/models has no folder of project" in outputs["purge"]
    snapshot = load_snapshot(tmp_path / "snapshot.json")
    assert len(snapshot) == 6
    assert sum(len(task["annotations"]) for task in snapshot) == 8
    assert "Unit: turns" in outputs["agreement"]
    assert "2 task(s) coded by two or more" in outputs["agreement"]
    # The dry run of update-codebook with the project's own codebook: nothing to migrate, and
    # nothing changed on the server.
    assert json.loads(outputs["update-codebook"]) == {"removed_in_use": {}, "renamed": {}}
    assert ls_client.projects.get(id=project_id).label_config == label_config


def _glob(word: str) -> list[str]:
    """Expand a shell glob as bash would (the README uses transcripts/*.txt)."""
    import glob

    return sorted(glob.glob(word)) or [word] if any(ch in word for ch in "*?[") else [word]
