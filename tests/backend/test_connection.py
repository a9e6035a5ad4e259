"""START_TRAINING reaches Label Studio with the credentials it was configured with, and only
there (backend/connection.py), through the real label-studio-sdk client against real local HTTP
listeners that record every Authorization header they receive."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest

from ls_thematic.backend import connection

from .helpers import (
    MONEY_SENTENCE,
    TRANSCRIPT,
    annotation_event,
    make_settings,
    make_task,
    post_event,
    registry,
    span,
)

TOKEN_A = "a" * 40
TOKEN_B = "b" * 40
ENV_KEY = "e" * 40


class Listener:
    """A fake Label Studio on a free local port: answers ``GET /api/tasks/`` and records
    ``(path, Authorization)`` of every request.

    ``pages``: the tasks of page 1, 2, ... (an empty page after them); ``endless``: every page
    has tasks; ``delay``: seconds before each answer; ``redirect``: answer 302 to that URL.
    """

    def __init__(self, pages=(), *, endless=False, delay=0.0, redirect=None):
        self.pages = [list(page) for page in pages]
        self.endless = endless
        self.delay = delay
        self.redirect = redirect
        self.seen: list[tuple[str, str | None]] = []
        listener = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 (the http.server name)
                listener.seen.append((self.path, self.headers.get("Authorization")))
                time.sleep(listener.delay)
                if listener.redirect:
                    self.send_response(302)
                    self.send_header("Location", listener.redirect + self.path)
                    self.end_headers()
                    return
                self._json({"tasks": listener.page(self.path), "total": 0})

            def _json(self, body):
                data = json.dumps(body).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                try:
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client timed out: what the timeout test wants

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def page(self, path: str) -> list[dict]:
        number = int(parse_qs(urlsplit(path).query).get("page", ["1"])[0])
        if self.endless:
            return [_task(1000 * number + i) for i in range(2)]
        return self.pages[number - 1] if number <= len(self.pages) else []

    @property
    def tokens(self) -> list[str | None]:
        return [auth for _, auth in self.seen]

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def _task(task_id: int, annotation_id: int | None = None) -> dict:
    task = make_task(task_id)
    coded = [span(TRANSCRIPT, MONEY_SENTENCE, "Money")]
    annotation = {"id": annotation_id or task_id, "result": coded, "completed_by": 1}
    return {"id": task_id, "data": task["data"], "annotations": [annotation]}


@pytest.fixture
def listeners():
    made = []

    def make(*args, **kwargs):
        listener = Listener(*args, **kwargs)
        made.append(listener)
        return listener

    yield make
    for listener in made:
        listener.close()


def _setup(client, label_config, hostname, token):
    response = client.post(
        "/setup",
        json={
            "project": "1.1700000000",
            "schema": label_config,
            "hostname": hostname,
            "access_token": token,
        },
    )
    assert response.status_code == 200, response.json
    return response


def _train(app, client, label_config):
    event = {"action": "START_TRAINING", "project": {"id": 1, "label_config": label_config}}
    response = client.post("/webhook", json=event)
    assert registry(app).wait_idle(30)
    return response


def test_a_setup_with_a_new_host_and_no_token_never_gets_the_earlier_token(
    make_app, tmp_path, label_config, listeners
):
    a, b = listeners([[_task(5)]]), listeners([[]])
    app = make_app(make_settings(tmp_path))  # no LABEL_STUDIO_URL, no key: the README allows it
    client = app.test_client()
    _setup(client, label_config, a.url, TOKEN_A)
    _setup(client, label_config, b.url, "")
    assert _train(app, client, label_config).status_code == 200
    assert b.seen == []
    assert a.tokens and set(a.tokens) == {f"Token {TOKEN_A}"}
    assert [s.text for s in registry(app).get(1).store.segments()] == [MONEY_SENTENCE]


def test_a_setup_pair_is_used_together_and_replaced_together(
    make_app, tmp_path, label_config, listeners
):
    a, b = listeners([[]]), listeners([[_task(5)]])
    app = make_app(make_settings(tmp_path))
    client = app.test_client()
    _setup(client, label_config, a.url, TOKEN_A)
    _setup(client, label_config, "", TOKEN_B)  # a token alone changes nothing
    _setup(client, label_config, b.url, TOKEN_B)
    _train(app, client, label_config)
    assert a.seen == []
    assert b.tokens and set(b.tokens) == {f"Token {TOKEN_B}"}


def test_the_environment_key_never_goes_to_a_setup_hostname(
    make_app, tmp_path, label_config, listeners
):
    b = listeners([[]])
    app = make_app(make_settings(tmp_path, label_studio_api_key=ENV_KEY))
    client = app.test_client()
    _setup(client, label_config, b.url, "")
    refused = _train(app, client, label_config)
    assert refused.status_code == 400
    assert "LABEL_STUDIO_URL is not set" in refused.json["error"]
    # With a token of its own, the /setup host gets that token, never the environment's key.
    _setup(client, label_config, b.url, TOKEN_B)
    assert _train(app, client, label_config).status_code == 200
    assert b.tokens and set(b.tokens) == {f"Token {TOKEN_B}"}


def test_with_label_studio_url_set_a_setup_naming_another_host_is_ignored(
    make_app, tmp_path, label_config, listeners
):
    a, b = listeners([[_task(5)]]), listeners([[]])
    settings = make_settings(tmp_path, label_studio_url=a.url, label_studio_api_key=ENV_KEY)
    app = make_app(settings)
    client = app.test_client()
    _setup(client, label_config, b.url, TOKEN_B)
    _train(app, client, label_config)
    assert b.seen == []
    assert a.tokens and set(a.tokens) == {f"Token {ENV_KEY}"}


def test_label_studio_url_without_a_key_takes_the_token_of_a_setup_for_that_host(
    make_app, tmp_path, label_config, listeners
):
    a, b = listeners([[]]), listeners([[]])
    app = make_app(make_settings(tmp_path, label_studio_url=a.url + "/"))
    client = app.test_client()
    _setup(client, label_config, b.url, TOKEN_B)  # another host: ignored, token and all
    refused = _train(app, client, label_config)
    assert refused.status_code == 400 and "address or API key is unknown" in refused.json["error"]
    _setup(client, label_config, a.url, TOKEN_A)
    _setup(client, label_config, b.url, TOKEN_B)
    _train(app, client, label_config)
    assert b.seen == []
    assert a.tokens and set(a.tokens) == {f"Token {TOKEN_A}"}


def test_a_redirect_is_not_followed(make_app, tmp_path, label_config, listeners):
    b = listeners([[]])
    a = listeners(redirect=b.url)
    app = make_app(make_settings(tmp_path, label_studio_url=a.url, label_studio_api_key=ENV_KEY))
    client = app.test_client()
    _setup(client, label_config, a.url, "")
    _train(app, client, label_config)
    assert len(a.seen) == 1 and b.seen == []
    [error] = registry(app).errors
    assert error["project"] == "1"


def test_an_endless_label_studio_is_stopped_at_the_cap_and_the_segments_stay(
    make_app, tmp_path, label_config, listeners, monkeypatch
):
    monkeypatch.setattr(connection, "MAX_PULL_TASKS", 5)
    a = listeners(endless=True)
    app = make_app(make_settings(tmp_path, label_studio_url=a.url, label_studio_api_key=ENV_KEY))
    client = app.test_client()
    post_event(
        client,
        annotation_event(
            "ANNOTATION_CREATED",
            7,
            make_task(),
            [span(TRANSCRIPT, MONEY_SENTENCE, "Money")],
            label_config,
        ),
    )
    _train(app, client, label_config)
    assert len(a.seen) == 3  # pages of 2 tasks: the 6th task is the one too many
    store = registry(app).get(1).store
    assert store.annotation_ids == ["7"] and not store.rebuild_pending()
    [error] = client.get("/versions").json["errors"]
    assert error["project"] == "1"
    assert error["message"] == (
        "InputError: START_TRAINING stopped: Label Studio sent more than 5 tasks for project 1, "
        "the most this backend pulls; the coded segments are left as they were."
    )
    assert error["time"].endswith("+00:00")


def test_a_label_studio_that_does_not_answer_times_out(
    make_app, tmp_path, label_config, listeners, monkeypatch
):
    monkeypatch.setattr(connection, "PULL_TIMEOUT", 0.3)
    a = listeners([[_task(5)]], delay=2.0)
    app = make_app(make_settings(tmp_path, label_studio_url=a.url, label_studio_api_key=ENV_KEY))
    client = app.test_client()
    started = time.perf_counter()
    _train(app, client, label_config)
    elapsed = time.perf_counter() - started
    [error] = client.get("/versions").json["errors"]
    assert "Timeout" in error["message"] and "Traceback" not in error["message"]
    assert elapsed < 6, f"the pull took {elapsed:.1f} s with a 0.3 s timeout"


@pytest.mark.parametrize(
    "a, b, same",
    [
        ("http://127.0.0.1:8080", "http://127.0.0.1:8080/", True),
        ("http://LOCALHOST:80", "http://localhost", True),
        ("https://ls.example", "https://ls.example:443/x", True),
        ("http://127.0.0.1:8080", "http://127.0.0.1:8081", False),
        ("http://ls.example", "https://ls.example", False),
        ("http://ls.example@evil.example", "http://ls.example", False),
    ],
)
def test_origins(a, b, same):
    assert (connection.origin(a) == connection.origin(b)) is same
