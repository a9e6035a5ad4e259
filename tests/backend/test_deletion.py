"""Deleted data goes, and one project never inherits another's (backend/registry.py,
backend/projects.py): TASKS_DELETED and PROJECT_DELETED remove what Label Studio deleted, a
deletion that names no project touches only the one project that holds its ids, a reset Label
Studio's new project with a reused id starts empty, and naming a project makes no folder."""

from __future__ import annotations

import datetime as dt
import json

from ls_thematic.backend.projects import PROJECT_FILE
from ls_thematic.backend.store import SegmentStore

from .helpers import (
    MONEY_SENTENCE,
    SLEEP_SENTENCES,
    TRANSCRIPT,
    annotation_event,
    make_task,
    notes,
    post_event,
    predict,
    registry,
    setup,
    span,
)

FAMILY_SENTENCE = "My kids and my mother worry about me all the time."


def _code(client, label_config, annotation_id, task_id, piece, code="Money", project=1):
    event = annotation_event(
        "ANNOTATION_CREATED",
        annotation_id,
        make_task(task_id, project=project),
        [span(TRANSCRIPT, piece, code)],
        label_config,
        project=project,
    )
    return post_event(client, event)


def _folders(models) -> list[str]:
    return sorted(p.name for p in models.iterdir() if p.is_dir()) if models.exists() else []


def _texts(app, project) -> list[str]:
    return sorted(s.text for s in registry(app).get(project).store.segments())


# ------------------------------------------------------------------ TASKS_DELETED


def test_tasks_deleted_removes_the_segments_of_those_tasks(app, client, label_config):
    _code(client, label_config, 11, 5, MONEY_SENTENCE)
    _code(client, label_config, 12, 6, SLEEP_SENTENCES, "Sleep")
    # Label Studio's payload: the deleted tasks' ids and the project object.
    answer = post_event(
        client,
        {"action": "TASKS_DELETED", "tasks": [{"id": 5}], "project": {"id": 1}},
    )
    assert (answer["status"], answer["removed"]) == ("ok", 1)
    assert _texts(app, 1) == [SLEEP_SENTENCES]
    prediction = predict(client, label_config, [make_task(9, participant="P9")])["results"][0]
    assert MONEY_SENTENCE not in notes(prediction)
    # After a restart too.
    assert [s.text for s in SegmentStore(registry(app).get(1).folder).segments()] == [
        SLEEP_SENTENCES
    ]


def test_tasks_deleted_without_a_project_goes_to_the_one_project_that_holds_them(
    app, client, label_config
):
    _code(client, label_config, 11, 5, MONEY_SENTENCE, project=1)
    _code(client, label_config, 21, 8, SLEEP_SENTENCES, "Sleep", project=2)
    answer = post_event(client, {"action": "TASKS_DELETED", "tasks": [{"id": 8}]})
    assert answer["removed"] == 1
    assert (_texts(app, 1), _texts(app, 2)) == ([MONEY_SENTENCE], [])


def test_a_deletion_without_a_project_matching_several_projects_removes_nothing(
    app, client, label_config
):
    # The same ids in two projects: Label Studio's ids are unique, so this body is not from
    # one Label Studio; nothing can be attributed, nothing is removed.
    _code(client, label_config, 11, 5, MONEY_SENTENCE, project=1)
    _code(client, label_config, 11, 5, SLEEP_SENTENCES, "Sleep", project=2)
    for body in (
        {"action": "ANNOTATIONS_DELETED", "annotations": [{"id": 11}]},
        {"action": "TASKS_DELETED", "tasks": [{"id": 5}]},
    ):
        answer = post_event(client, body)
        assert (answer["status"], answer["removed"], answer["ambiguous"]) == ("ignored", 0, "1, 2")
    assert (_texts(app, 1), _texts(app, 2)) == ([MONEY_SENTENCE], [SLEEP_SENTENCES])


def test_a_deletion_without_a_project_and_unknown_ids_removes_nothing(app, client, label_config):
    _code(client, label_config, 11, 5, MONEY_SENTENCE)
    ids = [{"id": i} for i in range(12, 400)]
    answer = post_event(client, {"action": "ANNOTATIONS_DELETED", "annotations": ids})
    assert answer["removed"] == 0
    assert _texts(app, 1) == [MONEY_SENTENCE]


# ------------------------------------------------------------------ PROJECT_DELETED


def test_project_deleted_removes_the_project_folder(app, client, label_config, tmp_path):
    _code(client, label_config, 11, 5, MONEY_SENTENCE, project=1)
    _code(client, label_config, 21, 5, SLEEP_SENTENCES, "Sleep", project=2)
    assert (tmp_path / "models" / "1").is_dir()
    # Label Studio's payload: only the id (an organisation webhook).
    answer = post_event(client, {"action": "PROJECT_DELETED", "project": {"id": 1}})
    assert (answer["status"], answer["removed"]) == ("ok", 1)
    assert _folders(tmp_path / "models") == ["2"]
    assert list(client.get("/versions").json["projects"]) == ["2"]
    assert _texts(app, 2) == [SLEEP_SENTENCES]
    # A project 1 that comes again starts empty.
    prediction = predict(client, label_config, project="1.1700000000")["results"][0]
    assert prediction["model_version"].startswith("ls-thematic-0seg-")
    assert MONEY_SENTENCE not in notes(prediction)
    again = post_event(client, {"action": "PROJECT_DELETED", "project": {"id": 3}})
    assert again["removed"] == 0


# ------------------------------------------------------------------ id and creation time


def _created_at(ts: int) -> str:
    return dt.datetime.fromtimestamp(ts, dt.timezone.utc).isoformat().replace("+00:00", "Z")


def test_a_reset_label_studio_whose_project_reuses_the_id_starts_empty(
    app, client, label_config, tmp_path
):
    models = tmp_path / "models"
    setup(client, label_config, project="1.1700000000")
    _code(client, label_config, 11, 5, MONEY_SENTENCE)
    old = predict(client, label_config, project="1.1700000000")["results"][0]
    assert MONEY_SENTENCE in notes(old)
    assert json.loads((models / "1" / PROJECT_FILE).read_text()) == {
        "id": "1",
        "created_ts": 1700000000,
    }
    # Label Studio was reset: its new project 1 was created later.
    fresh = setup(client, label_config, project="1.1800000000").json["model_version"]
    assert fresh.startswith("ls-thematic-0seg-")
    new = predict(client, label_config, project="1.1800000000")["results"][0]
    assert MONEY_SENTENCE not in notes(new)
    # Its webhooks (project.created_at) go to its own folder; the old study is left as it was.
    event = annotation_event(
        "ANNOTATION_CREATED",
        11,
        make_task(),
        [span(TRANSCRIPT, SLEEP_SENTENCES, "Sleep")],
        label_config,
    )
    event["project"]["created_at"] = _created_at(1800000000)
    post_event(client, event)
    assert _folders(models) == ["1", "1.1800000000"]
    assert [s.text for s in SegmentStore(models / "1").segments()] == [MONEY_SENTENCE]
    assert [s.text for s in SegmentStore(models / "1.1800000000").segments()] == [SLEEP_SENTENCES]
    # A request with the id alone goes to the newest project.
    assert client.get("/versions?project=1").json["folder"] == "1.1800000000"
    assert registry(app).get("1.1700000000").folder == models / "1"


def test_a_folder_from_before_creation_times_is_taken_over(make_app, label_config, tmp_path):
    models = tmp_path / "models"
    first = make_app().test_client()
    _code(first, label_config, 11, 5, MONEY_SENTENCE)  # a webhook without created_at
    assert not (models / "1" / PROJECT_FILE).exists()
    restarted = make_app().test_client()
    prediction = predict(restarted, label_config, project="1.1700000000")["results"][0]
    assert MONEY_SENTENCE in notes(prediction)
    assert json.loads((models / "1" / PROJECT_FILE).read_text())["created_ts"] == 1700000000


def test_naming_a_project_makes_no_folder(client, label_config, tmp_path):
    models = tmp_path / "models"
    no_labels = '<View><Text name="text" value="$text"/></View>'
    requests = [
        ("get", "/versions?project=42", None),
        ("post", "/predict", {"tasks": [make_task()], "project": "43.1700000000"}),
        ("post", "/setup", {"project": "44.1700000000", "schema": no_labels}),
        ("post", "/setup", {"project": "45.1", "schema": "<View><Text"}),
        (
            "post",
            "/webhook",
            {"action": "ANNOTATIONS_DELETED", "project": {"id": 46}, "annotations": [{"id": 1}]},
        ),
    ]
    for method, path, body in requests:
        response = getattr(client, method)(path, json=body) if body else client.get(path)
        assert response.status_code == 400, (path, response.json)
    assert _folders(models) == []
