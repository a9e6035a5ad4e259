"""The backend's guards against other web pages and hostile bodies (backend/app.py,
backend/gunicorn_conf.py): JSON-only POST bodies, the Host allow-list, body checks before any
handler (nesting depth, lone surrogates, non-finite and oversized numbers), and gunicorn refusing
to serve a non-loopback address without Basic auth."""

from __future__ import annotations

import base64
import io
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from ls_thematic.backend.app import MAX_JSON_DEPTH, host_name
from ls_thematic.backend.config import Settings, is_loopback
from ls_thematic.backend.gunicorn_conf import start_problem
from ls_thematic.scripts.lsserver import free_port

from .helpers import (
    MONEY_SENTENCE,
    TRANSCRIPT,
    annotation_event,
    make_settings,
    make_task,
    post_event,
    registry,
    setup,
    span,
)

GUARDED = [("post", "/setup"), ("post", "/predict"), ("post", "/webhook"), ("get", "/versions")]
POST_ROUTES = ["/setup", "/predict", "/webhook"]


def basic(user: str, password: str) -> dict:
    token = base64.b64encode(f"{user}:{password}".encode()).decode()
    return {"Authorization": f"Basic {token}"}


@pytest.fixture
def coded(app, client, label_config):
    """Project 1 with annotation 91 (one Money span) stored; returns the project's store."""
    setup(client, label_config)
    task = make_task()
    spans = [span(TRANSCRIPT, MONEY_SENTENCE, "Money")]
    post_event(client, annotation_event("ANNOTATION_CREATED", 91, task, spans, label_config))
    store = registry(app).get("1").store
    assert store.has_annotation(91)
    return store


# --------------------------------------------------------------------------- JSON only


NOT_JSON = [
    "text/plain",
    "text/plain; charset=utf-8",
    "application/x-www-form-urlencoded",
    "multipart/form-data; boundary=x",
    None,
    "application/xml",
    "application/json-patch+json",
]


@pytest.mark.parametrize("path", POST_ROUTES)
def test_a_body_that_is_not_application_json_gets_415(client, path):
    body = json.dumps({"project": "1.1", "schema": "<View/>", "tasks": [], "action": "X"})
    for content_type in NOT_JSON:
        response = client.post(path, data=body, content_type=content_type)
        assert response.status_code == 415, content_type
        error = response.json["error"]
        assert f"{path} accepts only Content-Type application/json" in error
        assert repr(content_type or "no Content-Type") in error


def test_a_plain_html_form_cannot_delete_an_annotation(client, coded):
    # What <form enctype="text/plain" method="post"> on any web page sends: no CORS preflight.
    deletion = json.dumps({"action": "ANNOTATIONS_DELETED", "annotations": [{"id": 91}]})
    response = client.post("/webhook", data=deletion, content_type="text/plain")
    assert response.status_code == 415
    # ... nor as an urlencoded or multipart form
    assert client.post("/webhook", data={"action": "ANNOTATIONS_DELETED"}).status_code == 415
    multipart = {"action": "ANNOTATIONS_DELETED", "f": (io.BytesIO(b"{}"), "x.json")}
    assert client.post("/webhook", data=multipart).status_code == 415
    assert coded.has_annotation(91)  # no handler saw any of them
    # The same event as JSON reaches the handler.
    assert (
        client.post("/webhook", data=deletion, content_type="application/json").status_code == 200
    )
    assert not coded.has_annotation(91)


@pytest.mark.parametrize(
    "content_type", ["application/json; charset=utf-8", "Application/JSON", "application/json"]
)
def test_json_with_parameters_is_accepted(client, label_config, content_type):
    body = json.dumps({"project": "1.1", "schema": label_config})
    assert client.post("/setup", data=body, content_type=content_type).status_code == 200


def test_unknown_routes_and_get_routes_are_not_415(client):
    assert client.post("/nope", data="x", content_type="text/plain").status_code == 404
    assert client.get("/versions").status_code == 200
    assert client.post("/health", data="x", content_type="text/plain").status_code == 405


# --------------------------------------------------------------------------- Host allow-list

LOOPBACK_HOSTS = [
    "localhost",
    "localhost:9090",
    "LOCALHOST.:9090",
    "127.0.0.1",
    "127.0.0.1:9090",
    "127.8.9.10:80",
    "[::1]",
    "[::1]:9090",
    "::1",
    "[::ffff:127.0.0.1]:9090",
]
FOREIGN_HOSTS = [
    "evil.example",
    "evil.example:9090",
    "127.0.0.1.evil.example",
    "localhost.evil.example:9090",
    "evil.localhost",
    "0.0.0.0:9090",
    "10.0.0.1",
    "[::2]:9090",
    "[::1",
    "[::1]x",
    "localhost:abc",
    "localhost:9090:1",
    "",
]


def test_loopback_hosts_are_allowed(client, label_config):
    for host in LOOPBACK_HOSTS:
        response = client.get("/versions", headers={"Host": host})
        assert response.status_code == 200, (host, response.json)
    body = {"project": "1.1", "schema": label_config}
    assert client.post("/setup", json=body, headers={"Host": "[::1]:9090"}).status_code == 200


@pytest.mark.parametrize("method, path", GUARDED)
def test_other_hosts_get_403(client, label_config, method, path):
    body = {"project": "1.1", "schema": label_config}
    for host in FOREIGN_HOSTS:
        response = getattr(client, method)(path, json=body, headers={"Host": host})
        assert response.status_code == 403, host
        error = response.json["error"]
        assert f"addressed to Host {host!r}" in error and "ALLOWED_HOSTS" in error
        assert "localhost, 127.0.0.1, ::1" in error


def test_health_answers_any_host(client):
    assert client.get("/health", headers={"Host": "evil.example"}).status_code == 200


@pytest.fixture
def auth_client(make_app, tmp_path):
    settings = make_settings(tmp_path, basic_auth_user="coder", basic_auth_pass="pw")
    return make_app(settings).test_client()


@pytest.mark.parametrize("method, path", GUARDED)
def test_basic_auth_does_not_open_other_hosts(auth_client, label_config, method, path):
    body = {"project": "1.1", "schema": label_config}
    for credentials in ({}, basic("coder", "pw")):
        headers = {"Host": "evil.example", **credentials}
        response = getattr(auth_client, method)(path, json=body, headers=headers)
        assert response.status_code == 403
        assert "evil.example" in response.json["error"]


def test_basic_auth_still_applies_on_an_allowed_host(auth_client, label_config):
    body = {"project": "1.1", "schema": label_config}
    assert auth_client.post("/setup", json=body).status_code == 401
    assert auth_client.post("/setup", json=body, headers=basic("coder", "pw")).status_code == 200


def test_allowed_hosts_extends_the_loopback_names(make_app, tmp_path, label_config):
    settings = Settings.from_env(
        {
            "ALLOWED_HOSTS": "Coding.Example.org, 10.0.0.5,[fe80::1]",
            "ENCODER": "fake",
            "MODEL_DIR": str(tmp_path / "models"),
        }
    )
    assert settings.allowed_hosts == ("coding.example.org", "10.0.0.5", "fe80::1")
    client = make_app(settings).test_client()
    for host in (
        "coding.example.org",
        "CODING.example.org.:8443",
        "10.0.0.5:9090",
        "[fe80::1]:9090",
        "localhost:9090",
        "127.0.0.1",
    ):
        assert client.get("/versions", headers={"Host": host}).status_code == 200, host
    for host in ("other.example.org", "example.org", "x.coding.example.org", "10.0.0.6"):
        response = client.get("/versions", headers={"Host": host})
        assert response.status_code == 403, host
        assert "coding.example.org, 10.0.0.5, fe80::1" in response.json["error"]


@pytest.mark.parametrize(
    "entry",
    [
        "http://coding.example.org",
        "coding.example.org:9090",
        "a b",
        "*",
        "host/path",
        "exämple.org",
    ],
)
def test_allowed_hosts_refuses_what_is_not_a_host_name(entry):
    with pytest.raises(ValueError, match="ALLOWED_HOSTS must list host names or IP addresses"):
        Settings.from_env({"ALLOWED_HOSTS": f"localhost,{entry}"})


@pytest.mark.parametrize(
    "header, name",
    [
        ("LocalHost:9090", "localhost"),
        ("[::1]:80", "::1"),
        ("[::1]", "::1"),
        ("::1", "::1"),
        ("example.org.", "example.org"),
        ("example.org:", "example.org"),
        ("[::1", None),
        ("[::1]:x", None),
        ("host:12a", None),
        ("host:²", None),
        ("", None),
        (":9090", None),
    ],
)
def test_host_name_strips_the_port_and_brackets(header, name):
    assert host_name(header) == name


@pytest.mark.parametrize(
    "name, expected",
    [
        ("localhost", True),
        ("127.0.0.1", True),
        ("127.255.0.9", True),
        ("::1", True),
        ("::ffff:127.0.0.1", True),
        ("0.0.0.0", False),
        ("::", False),
        ("128.0.0.1", False),
        ("localhost.example", False),
        ("", False),
    ],
)
def test_is_loopback(name, expected):
    assert is_loopback(name) is expected


# --------------------------------------------------------------------------- hostile bodies


def deep(depth: int) -> str:
    return "[" * depth + "]" * depth


@pytest.mark.parametrize("path", POST_ROUTES)
def test_json_nested_deeper_than_the_limit_is_refused_naming_it(client, path):
    for depth in (MAX_JSON_DEPTH, 1000, 100_000):  # 1000 deep made json.loads recurse: a 500
        raw = '{"project": "1.1", "tasks": [{"data": {"text": ' + deep(depth) + "}}]}"
        response = client.post(path, data=raw, content_type="application/json")
        assert response.status_code == 400, response.json
        error = response.json["error"]
        assert error.startswith(
            f"The request body nests JSON arrays or objects more than {MAX_JSON_DEPTH} levels deep"
        )
        assert error.endswith(", the limit; Label Studio's requests nest fewer than 10.")
        if depth < 1000:  # found after parsing: the place is named
            assert "(at tasks[0].data.text[0][0][0]" in error
    assert client.get("/health").status_code == 200


def test_json_at_the_depth_limit_reaches_the_handler(client):
    # schema at depth 1, its innermost list at depth MAX_JSON_DEPTH: allowed, then refused by
    # /setup for not being a labelling config.
    raw = '{"project": "1.1", "schema": ' + deep(MAX_JSON_DEPTH) + "}"
    response = client.post("/setup", data=raw, content_type="application/json")
    assert response.status_code == 400
    assert "levels deep" not in response.json["error"]


@pytest.mark.parametrize(
    "path, body, where",
    [
        ("/setup", {"project": "1.1", "schema": "<View>\ud800</View>"}, "schema"),
        (
            "/predict",
            {"tasks": [{"id": 1, "data": {"text": "P1: hi \udfff"}}]},
            "tasks[0].data.text",
        ),
        ("/predict", {"tasks": [{"id": "\ud800", "data": {"text": "P1: hi"}}]}, "tasks[0].id"),
        (
            "/predict",
            {
                "tasks": [{"id": 1, "data": {"text": "abc"}}],
                "params": {"context": {"result": [{"value": {"text": "a\ud83d", "start": 0}}]}},
            },
            "params.context.result[0].value.text",
        ),
        (
            "/webhook",
            {
                "action": "ANNOTATION_CREATED",
                "annotation": {"result": [{"value": {"text": "\udc00"}}]},
            },
            "annotation.result[0].value.text",
        ),
        (
            "/webhook",
            {"action": "X", "task": {"data": {"te\ud800xt": "a"}}},
            "The key task.data.te\\ud800xt",
        ),
    ],
)
def test_a_lone_surrogate_is_refused_naming_the_field(client, path, body, where):
    raw = json.dumps(body, ensure_ascii=True)  # "\ud800" travels as a JSON escape
    response = client.post(path, data=raw, content_type="application/json")
    assert response.status_code == 400
    error = response.json["error"]
    assert error.startswith(f"{where} holds a lone UTF-16 surrogate (U+D"), error
    assert "valid Unicode" in error


def test_a_surrogate_pair_is_text(client, label_config):
    raw = json.dumps({"project": "1.1", "schema": label_config, "hostname": "\U0001f600"})
    assert "\\ud83d\\ude00" in raw
    assert client.post("/setup", data=raw, content_type="application/json").status_code == 200


@pytest.mark.parametrize(
    "number, words",
    [
        ("NaN", "NaN is not a JSON number"),
        ("-Infinity", "-Infinity is not a JSON number"),
        ("1e400", "tasks[0].id is inf; JSON numbers must be finite"),
        (str(2**63), f"integer {2**63}; integers must lie between"),
        ("1" + "0" * 5000, "not valid JSON"),
    ],
)
def test_numbers_beyond_what_label_studio_sends_are_refused(client, number, words):
    raw = '{"tasks": [{"id": ' + number + ', "data": {"text": "P1: hi"}}]}'
    response = client.post("/predict", data=raw, content_type="application/json")
    assert response.status_code == 400
    assert words in response.json["error"]


# --------------------------------------------------------------------------- gunicorn

GUNICORN = Path(sys.executable).with_name("gunicorn")
CONF = "python:ls_thematic.backend.gunicorn_conf"  # the module path scripts/demo.py uses
APP = "ls_thematic.backend.app:create_app()"


def gunicorn_env(tmp_path: Path, **extra: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BASIC_AUTH_", "GUNICORN"))}
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    env.pop("XDG_RUNTIME_DIR", None)
    env.pop("WEB_CONCURRENCY", None)
    env.update(HOME=str(home), ENCODER="fake", MODEL_DIR=str(tmp_path / "models"), **extra)
    return env


def run_refused(tmp_path: Path, *args: str, **env: str) -> str:
    """Run gunicorn that must refuse to start; returns its stderr."""
    done = subprocess.run(
        [str(GUNICORN), "-c", CONF, *args, APP],
        env=gunicorn_env(tmp_path, **env),
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1, done.stderr
    return done.stderr


@pytest.mark.parametrize(
    "binds, shown",
    [
        (["0.0.0.0:{p}"], "0.0.0.0:{p}"),
        (["[::]:{p}"], "[::]:{p}"),
        (["127.0.0.1:{p}", "0.0.0.0:{q}"], "0.0.0.0:{q}"),
    ],
)
def test_gunicorn_refuses_a_non_loopback_address_without_basic_auth(tmp_path, binds, shown):
    p, q = free_port(), free_port()
    args = [a for b in binds for a in ("-b", b.format(p=p, q=q))]
    stderr = run_refused(tmp_path, *args)
    assert (
        f"Refusing to serve the ls-thematic backend on {shown.format(p=p, q=q)}: that is not "
        "a loopback address" in stderr
    )
    assert "BASIC_AUTH_USER and BASIC_AUTH_PASS are not set" in stderr
    assert "Traceback" not in stderr
    with pytest.raises(OSError):  # it never listened
        socket.create_connection(("127.0.0.1", p), timeout=1).close()


def test_gunicorn_refuses_more_than_one_worker(tmp_path):
    stderr = run_refused(tmp_path, "-w", "2", "-b", f"127.0.0.1:{free_port()}")
    assert "runs with exactly one worker process" in stderr and "got 2 workers" in stderr


def test_start_problem_allows_loopback_unix_sockets_and_auth():
    assert start_problem([("127.0.0.1", 9090), ("::1", 9090)], 1, basic_auth=False) is None
    assert start_problem([("localhost", 9090), "/run/backend.sock"], 1, basic_auth=False) is None
    assert start_problem([("0.0.0.0", 9090)], 1, basic_auth=True) is None
    assert "file descriptor 3" in start_problem([3], 1, basic_auth=False)
    assert "example.org:80" in start_problem([("example.org", 80)], 1, basic_auth=False)


def test_gunicorn_serves_on_loopback_with_one_worker_and_no_control_socket(tmp_path):
    port = free_port()
    log = tmp_path / "gunicorn.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [str(GUNICORN), "-c", CONF, "-b", f"127.0.0.1:{port}", APP],
            env=gunicorn_env(tmp_path),
            cwd=tmp_path,
            stdout=out,
            stderr=out,
        )
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 120
        while True:
            assert proc.poll() is None, log.read_text()
            try:
                if requests.get(f"{url}/health", timeout=2).ok:
                    break
            except requests.RequestException:
                pass
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.3)
        assert requests.get(f"{url}/versions", timeout=5).status_code == 200
        evil = requests.get(f"{url}/versions", headers={"Host": "evil.example"}, timeout=5)
        assert evil.status_code == 403
        plain = requests.post(
            f"{url}/webhook", data="{}", headers={"Content-Type": "text/plain"}, timeout=5
        )
        assert plain.status_code == 415
        time.sleep(1.0)  # gunicorn opens its control socket after the workers have started
        text = log.read_text()
        assert text.count("Booting worker") == 1, text
        assert "Control socket" not in text
        assert not (tmp_path / "home" / ".gunicorn").exists()
    finally:
        proc.terminate()
        proc.wait(timeout=30)
