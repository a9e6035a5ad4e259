"""Several backend workers on one PostgreSQL database (``BACKEND_DATABASE_URL``, issue 14).

Two apps built on one database play two gunicorn workers (or two hosts): what one is told,
the other predicts with. Then a real gunicorn with ``-w 2``: allowed with the database,
refused without it (as before).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from types import SimpleNamespace

from ls_thematic.backend import pgstore
from ls_thematic.backend.gunicorn_conf import start_problem
from ls_thematic.backend.store import REBUILD_PENDING
from ls_thematic.scripts.lsserver import free_port

from .helpers import (
    MONEY_SENTENCE,
    TRANSCRIPT,
    annotation_event,
    make_settings,
    make_task,
    post_event,
    predict,
    regions,
    registry,
    span,
)
from .test_crash import load_driver as load_crash_driver

PROJECT = "1.1700000000"


def money_event(annotation_id: int, label_config: str) -> dict:
    task = make_task(5)
    spans = [span(TRANSCRIPT, MONEY_SENTENCE, "Money")]
    return annotation_event("ANNOTATION_CREATED", annotation_id, task, spans, label_config)


def test_an_event_posted_to_one_worker_changes_the_others_next_prediction(
    make_app, database_url, tmp_path, label_config
):
    settings = make_settings(tmp_path, database_url=database_url)
    first, second = make_app(settings).test_client(), make_app(settings).test_client()
    before = predict(second, label_config)["results"][0]["model_version"]
    assert "0seg" in before
    post_event(first, money_event(41, label_config))
    after = predict(second, label_config)["results"][0]
    assert after["model_version"] != before and "1seg" in after["model_version"]
    assert regions(after, "Money")  # learnt from the segment the other worker stored
    assert predict(first, label_config)["results"][0]["model_version"] == after["model_version"]


def test_each_host_may_have_its_own_model_dir(make_app, database_url, tmp_path, label_config):
    one = make_app(make_settings(tmp_path / "a", database_url=database_url)).test_client()
    two = make_app(make_settings(tmp_path / "b", database_url=database_url)).test_client()
    predict(two, label_config)
    post_event(one, money_event(41, label_config))
    deleted = {"action": "ANNOTATIONS_DELETED", "project": {"id": 1}, "annotations": [{"id": 41}]}
    versions = [predict(two, label_config)["results"][0]["model_version"]]
    post_event(two, deleted)
    versions.append(predict(one, label_config)["results"][0]["model_version"])
    assert ["1seg" in versions[0], "0seg" in versions[1]] == [True, True]


def test_a_deleted_project_leaves_nothing_in_the_database(
    make_app, database_url, tmp_path, label_config
):
    client = make_app(make_settings(tmp_path, database_url=database_url)).test_client()
    post_event(client, money_event(41, label_config))
    with pgstore.database(database_url).transaction() as conn:
        assert conn.execute("SELECT count(*) FROM ls_thematic_segments").fetchone() == (1,)
    post_event(client, {"action": "PROJECT_DELETED", "project": {"id": 1}})
    with pgstore.database(database_url).transaction() as conn:
        assert conn.execute("SELECT count(*) FROM ls_thematic_projects").fetchone() == (0,)
        assert conn.execute("SELECT count(*) FROM ls_thematic_segments").fetchone() == (0,)


def test_a_start_training_one_worker_accepted_is_resumed_by_another(
    make_app, database_url, tmp_path, label_config
):
    pulled = [SimpleNamespace(id=5, data=make_task(5)["data"], annotations=[])]
    calls = []

    def client_factory(url, api_key):
        calls.append(url)
        listing = SimpleNamespace(list=lambda project, fields, page_size: iter(pulled))
        return SimpleNamespace(tasks=listing)

    settings = make_settings(
        tmp_path,
        database_url=database_url,
        label_studio_url="http://ls.example:8080",
        label_studio_api_key="k" * 40,
    )
    first = make_app(settings, client_factory=client_factory)
    post_event(first.test_client(), money_event(41, label_config))
    store = registry(first).get(PROJECT).store
    store.mark_rebuild_pending()  # accepted, then the worker died before pulling
    assert not list(settings.model_dir.glob(f"*/{REBUILD_PENDING}"))  # in the database only
    second = make_app(settings, client_factory=client_factory)  # starting resumes it
    assert registry(second).wait_idle(10)
    assert calls == ["http://ls.example:8080"]
    assert not store.rebuild_pending() and store.annotation_ids == []  # as Label Studio has it
    assert registry(first).wait_idle(10) and calls == ["http://ls.example:8080"]


def test_a_project_made_again_is_loaded_afresh_by_a_worker_that_held_the_old_one(
    make_app, database_url, tmp_path, label_config
):
    settings = make_settings(tmp_path, database_url=database_url)
    stale, other = make_app(settings), make_app(settings)
    post_event(stale.test_client(), money_event(41, label_config))
    old = registry(stale).get(PROJECT)
    old_salt = old.suggestions.salt()
    post_event(other.test_client(), {"action": "PROJECT_DELETED", "project": {"id": 1}})
    remade = "1.1800000000"  # Label Studio reset: project 1 again, another creation time
    version = predict(other.test_client(), label_config, project=remade)
    assert "0seg" in version["results"][0]["model_version"]
    assert predict(stale.test_client(), label_config, project=remade) == version
    new = registry(stale).get(remade)
    assert new is not old and len(new.store) == 0
    assert new.suggestions.salt() == registry(other).get(remade).suggestions.salt() != old_salt


def test_start_problem_allows_several_workers_only_with_the_database():
    assert start_problem([("127.0.0.1", 9090)], 4, basic_auth=False, shared_store=True) is None
    problem = start_problem([("127.0.0.1", 9090)], 4, basic_auth=False)
    assert "got 4 workers" in problem and "BACKEND_DATABASE_URL=postgresql://" in problem
    assert "at least one worker" in start_problem([], 0, basic_auth=False, shared_store=True)


def gunicorn(tmp_path: Path, workers: int, database_url: str | None) -> tuple:
    port = free_port()
    env = {**os.environ, "MODEL_DIR": str(tmp_path / "models"), "ENCODER": "fake"}
    env.pop("BACKEND_DATABASE_URL", None)
    if database_url:
        env["BACKEND_DATABASE_URL"] = database_url
    command = [
        str(Path(sys.executable).with_name("gunicorn")),
        *("-c", "python:ls_thematic.backend.gunicorn_conf", "-w", str(workers)),
        *("-b", f"127.0.0.1:{port}", "ls_thematic.backend.app:create_app()"),
    ]
    log = tmp_path / "gunicorn.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            command, stdout=out, stderr=subprocess.STDOUT, env=env, start_new_session=True
        )
    return proc, f"http://127.0.0.1:{port}", log


def post(url: str, body: dict) -> dict:
    request = urllib.request.Request(
        url, json.dumps(body).encode(), {"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.loads(response.read())


def test_gunicorn_serves_with_two_workers_on_the_database(database_url, tmp_path, label_config):
    proc, url, log = gunicorn(tmp_path, 2, database_url)
    try:
        deadline = time.monotonic() + 240  # a loaded 2-core machine takes a minute to import
        while log.read_text(errors="replace").count("Booting worker") < 2:
            assert proc.poll() is None and time.monotonic() < deadline, log.read_text()
            time.sleep(0.2)
        while True:
            try:
                urllib.request.urlopen(f"{url}/health", timeout=5).close()
                break
            except OSError:
                assert proc.poll() is None and time.monotonic() < deadline, log.read_text()
                time.sleep(0.2)
        for annotation_id in range(1, 5):
            post(f"{url}/webhook", money_event(annotation_id, label_config))
        body = {"tasks": [make_task(6, participant="P8")], "project": PROJECT}
        body["label_config"] = label_config
        versions = {post(f"{url}/predict", body)["results"][0]["model_version"] for _ in range(8)}
        assert len(versions) == 1 and "4seg" in versions.pop()  # whichever worker answered
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(30)
    assert "Traceback" not in log.read_text(errors="replace")


def test_gunicorn_refuses_two_workers_without_the_database(tmp_path):
    proc, _, log = gunicorn(tmp_path, 2, None)
    try:
        code = proc.wait(240)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    text = log.read_text(errors="replace")
    assert code != 0 and "got 2 workers" in text and "BACKEND_DATABASE_URL" in text


def test_no_acknowledged_event_is_lost_when_two_workers_on_the_database_are_killed(
    database_url, tmp_path
):
    driver = load_crash_driver()
    result = driver.run_crash_cycles(
        tmp_path,
        cycles=3,
        threads=8,
        seed=9,
        encoder="fake",
        kill_after=(0.5, 2.0),
        database_url=database_url,
        workers=2,
    )
    assert result["refused"] == []
    assert all(n > 0 for n in result["per_cycle"]), result  # each kill came amid traffic
    assert (result["lost"], result["found"]) == (0, result["acknowledged"]), result
    logs = [p.read_text(errors="replace") for p in sorted(tmp_path.glob("gunicorn-*.log"))]
    assert len(logs) == 3 and not any("Traceback" in log for log in logs)


def test_hosts_name_a_project_alike_whatever_their_own_folders_hold(
    make_app, database_url, tmp_path, label_config
):
    # Host a still has the folder of an earlier project 1 (a PROJECT_DELETED that host b
    # received); by its own folders it would file the new project 1 under "1.1700000000",
    # host b (no folder) under "1". The database's rows decide for both.
    stale = tmp_path / "a" / "models" / "1"
    stale.mkdir(parents=True)
    (stale / "project.json").write_text('{"id": "1", "created_ts": 1600000000}\n')
    one = make_app(make_settings(tmp_path / "a", database_url=database_url))
    two = make_app(make_settings(tmp_path / "b", database_url=database_url))
    predict(two.test_client(), label_config)  # host b names the project first
    post_event(one.test_client(), money_event(41, label_config))  # no created_at: the newest
    assert registry(one).get(PROJECT).key == registry(two).get(PROJECT).key == "1"
    assert "1seg" in predict(two.test_client(), label_config)["results"][0]["model_version"]
    # A deletion host b receives without a creation time removes what both hosts share.
    post_event(two.test_client(), {"action": "PROJECT_DELETED", "project": {"id": 1}})
    with pgstore.database(database_url).transaction() as conn:
        assert conn.execute("SELECT count(*) FROM ls_thematic_projects").fetchone() == (0,)
