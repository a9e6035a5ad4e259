"""The HTTP shell (backend/app.py) over the Flask test client, with the fake encoder: Label
Studio's ML backend protocol (shapes validated by the SDK's LabelInterface), Basic auth, and bad
input answered with JSON errors while the server keeps serving."""

from __future__ import annotations

import base64
import json

import numpy as np
import pytest

from ls_thematic.backend.model import ThematicModel

from .helpers import (
    MONEY_SENTENCE,
    TRANSCRIPT,
    annotation_event,
    check_prediction,
    make_settings,
    make_task,
    predict,
    regions,
    setup,
    span,
)

# --------------------------------------------------------------------------- protocol


def test_health_is_up(client):
    response = client.get("/health")
    assert response.status_code == 200
    assert response.json["status"] == "UP"


def test_setup_returns_a_model_version_without_loading_anything(client, label_config):
    response = setup(client, label_config)
    assert response.status_code == 200
    assert response.json["model_version"].startswith("ls-thematic-0seg-")


def test_batch_predict_gives_one_valid_prediction_per_task_in_order(
    make_app, tmp_path, label_config, interface
):
    # Every suggestion pre-filled, as before the precision target (backend/prefill.py).
    settings = make_settings(tmp_path, prefill_precision=1e-9, max_prefill_per_unit=1000)
    client = make_app(settings).test_client()
    other = "P9: I pay for everything myself and the money is gone by Friday. It costs too much."
    tasks = [make_task(5), make_task(6, text=other, participant="P9", turns=False)]
    body = predict(client, label_config, tasks)
    results = body["results"]
    assert len(results) == 2
    for task, prediction in zip(tasks, results, strict=True):
        check_prediction(prediction, interface, task["data"]["text"])
        assert prediction["result"], "the codebook alone (cold start) should suggest something"
    # Cold start: the codebook's descriptions and examples place the obvious codes.
    first = results[0]
    assert MONEY_SENTENCE in [r["value"]["text"] for r in regions(first, "Money")]
    assert any(r["value"]["text"].startswith("I can't sleep") for r in regions(first, "Sleep"))
    assert body["model_version"] == first["model_version"]
    assert first["score"] == pytest.approx(np.mean([r["score"] for r in first["result"]]))


def test_interactive_predict_suggests_codes_for_the_selected_span(client, label_config, interface):
    selected = span(TRANSCRIPT, MONEY_SENTENCE, "Money")
    del selected["value"]["labels"]
    body = predict(client, label_config, params={"context": {"result": [selected]}})
    (prediction,) = body["results"]
    check_prediction(prediction, interface, TRANSCRIPT)
    assert [r["value"]["text"] for r in prediction["result"]] == [MONEY_SENTENCE]
    assert prediction["result"][0]["value"]["labels"] == ["Money"]


def test_versions_lists_the_current_model_version(client, label_config):
    version = setup(client, label_config).json["model_version"]
    assert client.get("/versions").json["versions"] == [version]
    assert client.get("/versions?project=1").json["versions"] == [version]


# --------------------------------------------------------------------------- Basic auth


@pytest.fixture
def auth_client(make_app, tmp_path):
    settings = make_settings(tmp_path, basic_auth_user="coder", basic_auth_pass="s3cret pass")
    return make_app(settings).test_client()


def basic(user, password):

    token = base64.b64encode(f"{user}:{password}".encode()).decode()
    return {"Authorization": f"Basic {token}"}


def test_health_needs_no_credentials(auth_client):
    assert auth_client.get("/health").status_code == 200


@pytest.mark.parametrize(
    "headers",
    [
        {},
        basic("coder", "wrong"),
        basic("other", "s3cret pass"),
        {"Authorization": "Bearer s3cret pass"},
    ],
)
@pytest.mark.parametrize(
    "method, path",
    [("post", "/setup"), ("post", "/predict"), ("post", "/webhook"), ("get", "/versions")],
)
def test_every_other_route_needs_basic_auth(auth_client, headers, method, path, label_config):
    response = getattr(auth_client, method)(
        path, headers=headers, json={"project": "1.1", "schema": label_config}
    )
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Basic")
    assert "Basic auth" in response.json["error"]


def test_right_credentials_pass(auth_client, label_config):
    response = auth_client.post(
        "/setup",
        headers=basic("coder", "s3cret pass"),
        json={"project": "1.1", "schema": label_config},
    )
    assert response.status_code == 200


# --------------------------------------------------------------------------- bad input

NO_LABELS_CONFIG = """<View><Text name="text" value="$text"/>
  <Choices name="c" toName="text"><Choice value="A"/></Choices></View>"""


def bad_requests(label_config):  # a table of cases, one per bad request: long by design
    task = make_task()
    good_event = annotation_event(
        "ANNOTATION_CREATED", 91, task, [span(TRANSCRIPT, MONEY_SENTENCE, "Money")], label_config
    )

    def event_with(**changes):
        event = json.loads(json.dumps(good_event))
        result = event["annotation"]["result"][0]
        for key, value in changes.items():
            if key == "labels":
                result["value"]["labels"] = value
            else:
                result[key] = value
        return event

    def predict_body(**changes):
        body = {"tasks": [make_task()], "project": "1.1", "label_config": label_config}
        body.update(changes)
        return body

    return [
        # (id, path, raw body or JSON, expected status, words the message must contain)
        ("malformed-json", "/predict", b'{"tasks": [', 400, "not valid JSON"),
        ("empty-body", "/setup", b"", 400, "empty"),
        ("json-list", "/webhook", b"[1, 2]", 400, "JSON object"),
        ("setup-without-schema", "/setup", {"project": "1.1"}, 400, "'schema'"),
        ("setup-without-project", "/setup", {"schema": label_config}, 400, "'project'"),
        (
            "config-without-labels",
            "/setup",
            {"project": "1.1", "schema": NO_LABELS_CONFIG},
            400,
            "no <Labels> control",
        ),
        (
            "config-not-xml",
            "/setup",
            {"project": "1.1", "schema": "<View><Text"},
            400,
            "not valid XML",
        ),
        (
            "bad-project-id",
            "/setup",
            {"project": "../../etc.1", "schema": label_config},
            400,
            "not a project id",
        ),
        ("predict-without-tasks", "/predict", {"project": "1.1"}, 400, "'tasks'"),
        (
            "predict-tasks-not-list",
            "/predict",
            predict_body(tasks={"id": 1}),
            400,
            "must be a list of Label Studio tasks",
        ),
        ("task-not-object", "/predict", predict_body(tasks=["text"]), 400, "task object"),
        ("task-without-data", "/predict", predict_body(tasks=[{"id": 3}]), 400, "no 'data'"),
        (
            "task-without-text",
            "/predict",
            predict_body(tasks=[{"id": 3, "data": {"body": "x"}}]),
            400,
            "task 3 has no 'text' field",
        ),
        (
            "task-empty-text",
            "/predict",
            predict_body(tasks=[{"id": 3, "data": {"text": "  "}}]),
            400,
            "empty",
        ),
        (
            "task-text-not-string",
            "/predict",
            predict_body(tasks=[{"id": 3, "data": {"text": 5}}]),
            400,
            "must be text",
        ),
        (
            "task-bad-turns",
            "/predict",
            predict_body(
                tasks=[{"id": 3, "data": {"text": "abc", "turns": [{"start": 0, "end": 9}]}}]
            ),
            400,
            "outside the text",
        ),
        (
            "new-project-without-config",
            "/predict",
            {"tasks": [make_task()], "project": "77.1"},
            400,
            "without a labelling config",
        ),
        (
            "context-unknown-from-name",
            "/predict",
            predict_body(
                params={
                    "context": {
                        "result": [span(TRANSCRIPT, MONEY_SENTENCE, "Money", from_name="nope")]
                    }
                }
            ),
            400,
            "unknown from_name 'nope'",
        ),
        (
            "context-unknown-label",
            "/predict",
            predict_body(
                params={"context": {"result": [span(TRANSCRIPT, MONEY_SENTENCE, "Fear")]}}
            ),
            400,
            "unknown code 'Fear'",
        ),
        (
            "context-bad-offsets",
            "/predict",
            predict_body(
                params={
                    "context": {
                        "result": [
                            {
                                "from_name": "code",
                                "to_name": "text",
                                "type": "labels",
                                "value": {"start": 5, "end": 2},
                            }
                        ]
                    }
                }
            ),
            400,
            "0 <= start < end",
        ),
        (
            "context-not-object",
            "/predict",
            predict_body(params={"context": "x"}),
            400,
            "'result' list",
        ),
        ("webhook-without-action", "/webhook", {"project": {"id": 1}}, 400, "'action'"),
        ("webhook-action-not-text", "/webhook", {"action": 5}, 400, "event name"),
        (
            "webhook-labels-not-list",
            "/webhook",
            event_with(labels="Money"),
            400,
            "list of code names",
        ),
        (
            "webhook-without-annotation",
            "/webhook",
            {"action": "ANNOTATION_CREATED", "project": {"id": 1, "label_config": label_config}},
            400,
            "'annotation'",
        ),
        ("webhook-without-project", "/webhook", {**good_event, "project": None}, 400, "project"),
        (
            "delete-without-annotations",
            "/webhook",
            {"action": "ANNOTATIONS_DELETED", "project": {"id": 1}},
            400,
            "'annotations'",
        ),
        (
            "delete-ids-missing",
            "/webhook",
            {"action": "ANNOTATIONS_DELETED", "annotations": [{}], "project": {"id": 1}},
            400,
            "'id'",
        ),
    ]


def _ids(label_config="<View/>"):
    return [case[0] for case in bad_requests(label_config)]


@pytest.mark.parametrize("case_id", _ids())
def test_bad_input_gets_a_4xx_json_error_and_the_server_keeps_serving(
    client, label_config, interface, case_id
):
    setup(client, label_config)  # project 1 is known
    case = {c[0]: c for c in bad_requests(label_config)}[case_id]
    _, path, body, status, words = case
    if isinstance(body, bytes):
        response = client.post(path, data=body, content_type="application/json")
    else:
        response = client.post(path, json=body)
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.is_json
    error = response.json["error"]
    assert words in error
    assert "Traceback" not in error and 'File "' not in error
    # Still serving.
    assert client.get("/health").status_code == 200
    check_prediction(predict(client, label_config)["results"][0], interface, TRANSCRIPT)


def test_an_oversized_body_gets_413(make_app, tmp_path, label_config):
    client = make_app(make_settings(tmp_path, max_body_bytes=4096)).test_client()
    response = client.post(
        "/predict",
        json={
            "tasks": [make_task(text="x " * 5000)],
            "project": "1.1",
            "label_config": label_config,
        },
    )
    assert response.status_code == 413
    assert "MAX_BODY_BYTES" in response.json["error"]
    assert client.get("/health").status_code == 200


@pytest.mark.parametrize("method, path, status", [("get", "/nope", 404), ("get", "/predict", 405)])
def test_unknown_routes_and_methods_get_json(client, method, path, status):
    response = getattr(client, method)(path)
    assert response.status_code == status
    assert "/predict" in response.json["error"]


def test_an_unexpected_error_is_a_json_500_without_traceback(client, label_config, monkeypatch):
    def boom(self, tasks, context=None):
        raise RuntimeError("secret internals /home/x/file.py line 3")

    monkeypatch.setattr(ThematicModel, "predict_batch", boom)
    response = client.post(
        "/predict", json={"tasks": [make_task()], "project": "1.1", "label_config": label_config}
    )
    assert response.status_code == 500
    assert response.json == {
        "error": "Internal error (RuntimeError); the backend's log has the details."
    }
    monkeypatch.undo()
    assert client.get("/health").status_code == 200


# --------------------------------------------------------------------------- batches with bad tasks


def test_a_bad_task_in_a_batch_gets_an_empty_result_and_the_others_get_predictions(
    make_app, tmp_path, label_config, interface, caplog
):
    # Every suggestion pre-filled, as before the precision target (backend/prefill.py).
    settings = make_settings(tmp_path, prefill_precision=1e-9, max_prefill_per_unit=1000)
    client = make_app(settings).test_client()
    good = make_task(5)
    no_text = {"id": 8, "project": 1, "data": {"body": "x"}}
    empty = {"id": 9, "project": 1, "data": {"text": "   "}}
    tasks = [no_text, good, empty, 5.5, None]  # found by the fuzz benchmark: not task objects
    with caplog.at_level("WARNING", logger="ls_thematic.backend"):
        response = client.post(
            "/predict", json={"tasks": tasks, "project": "1.1", "label_config": label_config}
        )
    assert response.status_code == 200, response.json
    results = response.json["results"]
    assert len(results) == 5
    assert results[0]["result"] == [] and results[2]["result"] == []
    assert results[3]["result"] == [] and results[4]["result"] == []
    assert results[0]["score"] == 0.0
    assert len({r["model_version"] for r in results}) == 1
    check_prediction(results[1], interface, TRANSCRIPT)
    assert regions(results[1], "Money")
    errors = response.json["errors"]
    assert [(e["index"], e["task"]) for e in errors] == [(0, 8), (2, 9), (3, None), (4, None)]
    assert "task 8 has no 'text' field" in errors[0]["error"]
    assert "task 9: data.text is empty" in errors[1]["error"]
    assert errors[2]["error"] == "tasks[3] must be a task object; found float."
    logged = caplog.text
    assert "tasks[0] an empty prediction" in logged and "task 8 has no 'text' field" in logged
    assert "tasks[2] an empty prediction" in logged


def test_a_batch_of_only_bad_tasks_is_a_400_naming_each_reason(client, label_config):
    tasks = [{"id": 8, "data": {"body": "x"}}, {"id": 9, "data": {"text": ""}}, "text"]
    response = client.post(
        "/predict", json={"tasks": tasks, "project": "1.1", "label_config": label_config}
    )
    assert response.status_code == 400
    error = response.json["error"]
    assert error.startswith("None of the 3 tasks of this request could be read")
    assert "task 8 has no 'text' field" in error
    assert "task 9: data.text is empty" in error
    assert "tasks[2] must be a task object" in error
    assert client.get("/health").status_code == 200


def test_an_empty_task_list_gets_no_predictions_and_no_error(client, label_config):
    # Label Studio 1.23.2's predict_tasks checks which tasks lack a prediction, then reads them
    # again to send them: when another coder's request predicted them in between, it sends [].
    body = {"tasks": [], "project": "1.1", "label_config": label_config}
    answer = client.post("/predict", json=body)
    assert answer.status_code == 200, answer.json
    assert answer.json["results"] == []
    assert answer.json["model_version"].startswith("ls-thematic-0seg-")
