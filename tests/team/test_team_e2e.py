"""End to end on the team stack: ``up --team``, two coders, suggestions, learning, ``pull``, ``down``.

The stack is started in a fresh data folder with ``make up-team``, as the README shows: PostgreSQL,
Label Studio under gunicorn (3 workers) on it, the backend (2 workers) with its segments in
PostgreSQL, and the demo project (created through label-studio-sdk from the thesis codebook and
the demo transcripts) connected to the backend. Two coders annotate through the API (coder A
two transcripts, coder B one of them); the backend must learn from their webhooks (its model
version moves) and suggest spans on the transcripts nobody coded, and ``pull`` must give back
exactly the coded spans. ``make down`` must leave no process of the stack running.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests
from click.testing import CliRunner
from label_studio_sdk import LabelStudio

from ls_thematic.scripts.cli import main
from ls_thematic.scripts.demo import read_credentials
from ls_thematic.scripts.lsserver import free_port
from ls_thematic.scripts.team import stack

from ..writeup_data import code_demo, thesis_book

pytestmark = pytest.mark.e2e

REPO = Path(__file__).resolve().parents[2]
SECOND = {"username": "team.coder", "email": "team.coder@example.org",
          "password": "team-coder-pw-2026"}  # fmt: skip


@dataclass
class Started:
    url: str
    api_key: str
    project_id: int
    username: str
    backend_url: str


def make(*args: str, home: Path | None = None) -> str:
    """Run ``make -s ARGS`` in the repository, as the README shows it (with ``HOME=home`` when
    given); its output."""
    command = ["make", "-s", *args]
    env = {**os.environ, "HOME": str(home)} if home is not None else None
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=900, env=env)
    assert done.returncode == 0, f"`{' '.join(command)}` failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def wait_for(probe, what: str, timeout: float):
    deadline = time.monotonic() + timeout
    while True:
        found = probe()
        if found:
            return found
        if time.monotonic() > deadline:
            raise AssertionError(f"No {what} within {timeout:g} s.")
        time.sleep(1)


def descendants(pid: int) -> set[int]:
    """``pid`` and every process below it (read from /proc)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            children.setdefault(int(stat.rsplit(")", 1)[1].split()[1]), []).append(int(entry.name))
    found, todo = set(), [pid]
    while todo:
        current = todo.pop()
        found.add(current)
        todo.extend(children.get(current, []))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def spans(result: list[dict]) -> list[tuple]:
    return sorted(
        (r["value"]["start"], r["value"]["end"], tuple(r["value"]["labels"]))
        for r in result
        if r.get("type") == "labels"
    )


def test_team_stack_codes_suggests_learns_pulls_and_stops(
    stack_dir, needs_postgres, needs_label_studio_workers, monkeypatch
):
    # two coded transcripts are too few for the default precision target of the pre-fill
    monkeypatch.setenv("PREFILL_PRECISION", "0.3")
    port, backend_port = free_port(), free_port()
    while backend_port == port:
        backend_port = free_port()
    home = stack_dir.parent / "home"  # whatever the stack writes outside its data shows here
    home.mkdir()
    shared_memory = set(os.listdir("/dev/shm"))
    up = make("up-team", f"DATA={stack_dir}", f"PORT={port}", f"BACKEND_PORT={backend_port}",
              home=home)  # fmt: skip
    data = stack_dir
    started = Started(
        url=re.search(r"Team server started: (\S+)", up).group(1),
        api_key=re.search(r"API token: (\S+)", up).group(1),
        project_id=int(re.search(r"demo project: \S+/projects/(\d+)/ \(created\)", up).group(1)),
        username=re.search(r"log in as (\S+);", up).group(1),
        backend_url=f"http://127.0.0.1:{backend_port}",
    )
    assert "Label Studio: 3 gunicorn workers on PostgreSQL" in up
    assert f"suggestion backend: {started.backend_url} (2 workers, segments in PostgreSQL" in up
    pids = {name: json.loads((data / f"{name}.json").read_text())["pid"]
            for name in ("label-studio", "backend", "postgres")}  # fmt: skip
    ours = set().union(*(descendants(pid) for pid in pids.values()))
    try:
        assert os.stat(data).st_mode & 0o001  # o+x, for PostgreSQL's OS user
        # Label Studio: the gunicorn master and its 3 workers; the backend: master and 2 workers
        assert len(descendants(pids["label-studio"])) == 4
        assert len(descendants(pids["backend"])) == 3
        ls = LabelStudio(base_url=started.url, api_key=started.api_key)
        auth = read_credentials(data).backend_auth
        project_id = started.project_id

        def backend_version():
            answer = requests.get(f"{started.backend_url}/versions", auth=auth, timeout=30,
                                  params={"project": project_id})  # fmt: skip
            answer.raise_for_status()
            return answer.json()["versions"][0]

        before = backend_version()
        second = ls.users.create(**SECOND)
        tasks = sorted(
            ({"id": t.id, "data": t.data} for t in ls.tasks.list(project=project_id, fields="all")),
            key=lambda t: t["data"]["participant"],
        )
        assert len(tasks) == 6
        coding = code_demo(tasks, thesis_book())
        # as in test_ai_assistance_e2e: P11 and P13 coded by hand, suggestions for the others
        coded, others = tasks[:2], tasks[2:]
        for task in coded:
            ls.annotations.create(id=task["id"], result=coding[task["id"]]["A"])
        # learning: every worker answers for the database's revision, so any /versions moves
        learned = wait_for(lambda: (v := backend_version()) != before and v, "refit", 90)
        ls.actions.create(id="retrieve_tasks_predictions", project=project_id,
                          selected_items={"all": False, "included": [t["id"] for t in others]},
                          request_options={"timeout": 600})  # fmt: skip
        predictions = {
            t["id"]: wait_for(lambda t=t: ls.predictions.list(task=t["id"]), "prediction", 60)
            for t in others
        }
        # the model that learned from both transcripts (the first refit may have seen one)
        versions = {p.model_version for found in predictions.values() for p in found}
        assert versions == {backend_version()} and learned != before and before not in versions
        suggested = [p for found in predictions.values() for p in found if p.result]
        assert suggested, "the learned model suggested nothing on 4 uncoded transcripts"
        assert all(spans(p.result) for p in suggested)
        # the second coder double-codes P11
        ls.annotations.create(id=coded[0]["id"], result=coding[coded[0]["id"]]["B"],
                              completed_by=second.id)  # fmt: skip

        snapshot = stack_dir.parent / "snapshot.json"
        env = {"LABEL_STUDIO_URL": started.url, "LABEL_STUDIO_API_KEY": started.api_key}
        pulled = CliRunner().invoke(main, ["pull", "--project", str(project_id), "-o",
                                           str(snapshot)], env=env)  # fmt: skip
        assert pulled.exit_code == 0, pulled.output
        assert "6 tasks, 3 annotations by 2 coder(s)" in pulled.output
        document = json.loads(snapshot.read_text(encoding="utf-8"))
        got = {(t["id"], a["completed_by"]["email"]): spans(a["result"])
               for t in document["tasks"] for a in t["annotations"]}  # fmt: skip
        expected = {(t["id"], started.username): spans(coding[t["id"]]["A"]) for t in coded}
        expected[(coded[0]["id"], SECOND["email"])] = spans(coding[coded[0]["id"]]["B"])
        assert got == expected
    finally:
        down = make("down", f"DATA={data}", home=home)
        left = stack.stop_team(data)  # nothing, when `down` did its work
    assert not list(home.iterdir()), sorted(map(str, home.rglob("*")))  # nothing outside data
    assert set(os.listdir("/dev/shm")) <= shared_memory  # PostgreSQL's segments are gone
    assert "Label Studio" in down and "backend" in down
    assert "PostgreSQL" in down
    assert not [pid for pid in ours if alive(pid)]
    assert left == []


def start_team(data: Path) -> Started:
    """``make up-team`` on ``data``; what it printed."""
    port, backend_port = free_port(), free_port()
    while backend_port == port:
        backend_port = free_port()
    up = make("up-team", f"DATA={data}", f"PORT={port}", f"BACKEND_PORT={backend_port}")
    return Started(
        url=re.search(r"Team server started: (\S+)", up).group(1),
        api_key=re.search(r"API token: (\S+)", up).group(1),
        project_id=int(re.search(r"demo project: \S+/projects/(\d+)/ \(", up).group(1)),
        username=re.search(r"log in as (\S+);", up).group(1),
        backend_url=f"http://127.0.0.1:{backend_port}",
    )


def what_is_stored(started: Started, data: Path) -> dict:
    """The coded spans in Label Studio, and the backend's model version and suggestion log."""
    ls = LabelStudio(base_url=started.url, api_key=started.api_key)
    auth = read_credentials(data).backend_auth
    params = {"project": started.project_id}
    versions = requests.get(f"{started.backend_url}/versions", auth=auth, params=params,
                            timeout=60).json()["versions"]  # fmt: skip
    log = requests.get(f"{started.backend_url}/suggestions", auth=auth, params=params,
                       timeout=60).json()  # fmt: skip
    coded = {(t.id, a["id"]): spans(a["result"])
             for t in ls.tasks.list(project=started.project_id, fields="all")
             for a in t.annotations}  # fmt: skip
    return {"coded": coded, "version": versions[0], "salt": log["salt"],
            "logged": len(log["entries"])}  # fmt: skip


def test_a_backup_of_the_team_stack_serves_again_from_a_new_folder(
    stack_dir, needs_postgres, needs_label_studio_workers
):
    """docs/deployment.md, *Backups*: `backup save` while the stack runs, `backup restore` into
    a new folder, `up --team` there: the coding, the backend's segments (the same model version,
    not rebuilt) and its suggestion log with its salt are all back."""
    started = start_team(stack_dir)
    backup = stack_dir.parent / "backup"
    try:
        ls = LabelStudio(base_url=started.url, api_key=started.api_key)
        tasks = sorted(
            ({"id": t.id, "data": t.data} for t in ls.tasks.list(project=started.project_id,
                                                                  fields="all")),
            key=lambda t: t["data"]["participant"],
        )  # fmt: skip
        coding = code_demo(tasks[:1], thesis_book())
        ls.annotations.create(id=tasks[0]["id"], result=coding[tasks[0]["id"]]["A"])
        wait_for(lambda: "0seg" not in what_is_stored(started, stack_dir)["version"], "refit", 90)
        ls.actions.create(id="retrieve_tasks_predictions", project=started.project_id,
                          selected_items={"all": False, "included": [tasks[1]["id"]]},
                          request_options={"timeout": 600})  # fmt: skip
        before = what_is_stored(started, stack_dir)
        assert before["coded"] and before["logged"] > 0
        saved = CliRunner().invoke(main, ["backup", "save", "--data", str(stack_dir),
                                          "--out", str(backup)])  # fmt: skip
        assert saved.exit_code == 0, saved.output
    finally:
        make("down", f"DATA={stack_dir}")
    restored = stack_dir.parent / "restored"
    run = CliRunner().invoke(main, ["backup", "restore", "--from", str(backup),
                                    "--data", str(restored)])  # fmt: skip
    assert run.exit_code == 0, run.output
    again = start_team(restored)
    try:
        assert again.project_id == started.project_id and again.api_key == started.api_key
        assert what_is_stored(again, restored) == before
    finally:
        make("down", f"DATA={restored}")
    assert stack.stop_team(restored) == []
