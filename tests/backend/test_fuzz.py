"""Fuzzing the three POST routes (backend/app.py and everything behind it) with hypothesis:
generated and mutated Label Studio bodies (tests/backend/fuzz_bodies.py, shared with
benchmarks/reliability_fuzz.py) never get a 5xx, every error is a JSON ``{"error": ...}``, and
the backend keeps answering. Plus the bodies that got a 500 in the issue's fuzz run."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings

from ls_thematic.backend.app import MAX_JSON_DEPTH

from .fuzz_bodies import FuzzRequest, fuzz_requests
from .helpers import (
    MONEY_SENTENCE,
    TRANSCRIPT,
    annotation_event,
    check_prediction,
    interface_of,
    make_settings,
    make_task,
    predict,
    setup,
    span,
)

FUZZ_EXAMPLES = 300


def no_label_studio(url, api_key):
    raise ConnectionError("the fuzz test never calls Label Studio")


def check_answer(response, request: FuzzRequest) -> None:
    """No 5xx; an error is a JSON object with an "error" text; a non-JSON body is a 415."""
    detail = f"{request.path} {request.content_type!r} {request.how}: {request.data[:300]!r}"
    assert response.status_code < 500, (response.get_data(as_text=True), detail)
    answer = response.get_json(silent=True)
    assert isinstance(answer, dict), detail
    if response.status_code >= 400:
        assert isinstance(answer.get("error"), str) and answer["error"], detail
    if not request.json_content_type:
        assert response.status_code == 415, detail


def test_fuzzed_bodies_never_get_a_5xx(make_app, tmp_path, label_config, store_kind, request):
    # With each store: the folder's, and PostgreSQL's (BACKEND_DATABASE_URL).
    url = request.getfixturevalue("database_url") if store_kind == "postgres" else None
    settings_ = make_settings(tmp_path, database_url=url)
    client = make_app(settings_, client_factory=no_label_studio).test_client()
    assert setup(client, label_config).status_code == 200
    statuses: dict[int, int] = {}

    @settings(
        max_examples=FUZZ_EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,  # the same bodies in every run
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(request=fuzz_requests(label_config))
    def post(request: FuzzRequest) -> None:
        response = client.post(request.path, data=request.data, content_type=request.content_type)
        statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
        check_answer(response, request)

    post()
    assert sum(statuses.values()) >= FUZZ_EXAMPLES
    # Both sides were exercised: bodies refused (400, 415) and bodies served.
    assert statuses.get(200, 0) > 10 and statuses.get(400, 0) > 50 and statuses.get(415, 0) > 10
    assert client.get("/health").json["status"] == "UP"
    check_prediction(
        predict(client, label_config)["results"][0], interface_of(label_config), TRANSCRIPT
    )


# --------------------------------------------------------------------------- the issue's 500s


def issue_bodies(label_config: str) -> list[tuple[str, str, str, str]]:
    """(id, route, raw JSON, words of the 400) for each cause of a 500 the issue lists."""
    task = make_task()
    event = annotation_event(
        "ANNOTATION_CREATED", 91, task, [span(TRANSCRIPT, MONEY_SENTENCE, "Money")], label_config
    )
    deep = "[" * 1000 + "]" * 1000

    def raw(body: dict, old: str | None = None, new: str | None = None) -> str:
        text = json.dumps(body, ensure_ascii=True)
        return text if old is None else text.replace(old, new, 1)

    predict_body = {"tasks": [task], "project": "1.1700000000", "label_config": label_config}
    annotated = {**task, "annotations": 5}
    region = span(TRANSCRIPT, MONEY_SENTENCE, "Money")
    region["value"]["text"] = "The money \ud800 runs out"
    level = f"more than {MAX_JSON_DEPTH} levels deep"
    return [
        ("deep-webhook", "/webhook", raw(event, '"Money"]', f'"Money", {deep}]'), level),
        ("deep-predict", "/predict", raw(predict_body, '"P7"', deep), level),
        ("deep-setup", "/setup", '{"project": "1.1", "schema": ' + deep + "}", level),
        (
            "deleted-annotations-number",
            "/webhook",
            raw({"action": "ANNOTATIONS_DELETED", "annotations": 5, "project": {"id": 1}}),
            "'annotations'",
        ),
        (
            "result-number",
            "/webhook",
            raw({**event, "annotation": {**event["annotation"], "result": 5}}),
            "result",
        ),
        (
            "task-annotations-number",
            "/predict",
            raw({**predict_body, "tasks": [annotated]}),
            "'annotations' that is not a list",
        ),
        (
            "context-result-number",
            "/predict",
            raw({**predict_body, "params": {"context": {"result": 5}}}),
            "'result' list",
        ),
        (
            "surrogate-config",
            "/setup",
            raw({"project": "1.1", "schema": label_config.replace("Money", "Mo\ud800ney")}),
            "schema holds a lone UTF-16 surrogate",
        ),
        (
            "surrogate-region-text",
            "/predict",
            raw({**predict_body, "params": {"context": {"result": [region]}}}),
            "params.context.result[0].value.text holds a lone UTF-16 surrogate",
        ),
        (
            "surrogate-task-text",
            "/predict",
            raw(predict_body, "P7: I can't", "P7: I \\udfff can't"),
            "tasks[0].data.text holds a lone UTF-16 surrogate",
        ),
        (
            "surrogate-task-id",
            "/webhook",
            raw({**event, "task": {**task, "id": "\ud800"}}),
            "task.id holds a lone UTF-16 surrogate",
        ),
    ]


def _issue_ids() -> list[str]:
    return [case[0] for case in issue_bodies("<View/>")]


@pytest.mark.parametrize("case_id", _issue_ids())
def test_the_bodies_that_got_a_500_get_a_400(client, label_config, case_id):
    setup(client, label_config)
    _, path, raw, words = {c[0]: c for c in issue_bodies(label_config)}[case_id]
    response = client.post(path, data=raw, content_type="application/json")
    assert response.status_code == 400, response.get_data(as_text=True)
    assert words in response.json["error"]
    assert client.get("/health").status_code == 200
