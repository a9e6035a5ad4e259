"""The backend keeps an idle connection open past gunicorn's default 2 s (issue 14).

Label Studio's ML connector sends ``/predict`` and ``/webhook`` over a pooled
``requests.Session``. With gunicorn's default ``keepalive`` of 2 s the backend closed an idle
connection after 2 s, and a request sent on it as it closed failed with "Connection reset by
peer". The check is deterministic: one connection, a request, :data:`IDLE_S` seconds of silence
(longer than gunicorn's default keep-alive plus its event loop's 1 s tick), a second request on
the same connection, which must be answered. With the default it is not: the server has closed the
connection (``RemoteDisconnected``).
"""

from __future__ import annotations

import http.client
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ls_thematic.backend import gunicorn_conf
from ls_thematic.scripts.lsserver import free_port

GUNICORN = Path(sys.executable).with_name("gunicorn")
GUNICORN_DEFAULT_KEEPALIVE_S = 2
IDLE_S = GUNICORN_DEFAULT_KEEPALIVE_S + 2.0
START_TIMEOUT_S = 120.0


def two_requests_on_one_connection(port: int, path: str, idle_s: float) -> tuple[int, int]:
    """Statuses of two GETs of ``path`` on one HTTP/1.1 connection, ``idle_s`` apart.

    Raises
    ------
    AssertionError
        If the second request went out on a new connection (the test would prove nothing).
    http.client.RemoteDisconnected, ConnectionError
        If the server closed the connection meanwhile.
    """
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path)
        first = connection.getresponse()
        first.read()
        sock = connection.sock
        assert sock is not None, "the server closed the connection after its first answer"
        time.sleep(idle_s)
        connection.request("GET", path)
        assert connection.sock is sock, "http.client opened a new connection"
        second = connection.getresponse()
        second.read()
        return first.status, second.status
    finally:
        connection.close()


def wait_until_up(port: int, proc: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while True:
        assert proc.poll() is None, log.read_text(errors="replace")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/health", headers={"Connection": "close"})
            if connection.getresponse().status == 200:
                return
        except OSError:
            pass
        finally:
            connection.close()
        assert time.monotonic() < deadline, log.read_text(errors="replace")
        time.sleep(0.2)


@pytest.fixture
def backend_port(tmp_path):
    """A real gunicorn backend with the project's gunicorn settings (fake encoder); its port."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BASIC_AUTH_", "GUNICORN"))}
    for name in ("XDG_RUNTIME_DIR", "WEB_CONCURRENCY", "BACKEND_DATABASE_URL"):
        env.pop(name, None)
    env.update(HOME=str(tmp_path), ENCODER="fake", MODEL_DIR=str(tmp_path / "models"))
    log = tmp_path / "gunicorn.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [str(GUNICORN), "-c", "python:ls_thematic.backend.gunicorn_conf",
             "-b", f"127.0.0.1:{port}", "ls_thematic.backend.app:create_app()"],
            env=env, cwd=tmp_path, stdout=out, stderr=out, start_new_session=True,
        )  # fmt: skip
    try:
        wait_until_up(port, proc, log)
        yield port
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=60)


def test_the_backend_keeps_longer_than_gunicorns_default():
    assert gunicorn_conf.keepalive == 75  # nginx's keepalive_timeout; see the module's note
    assert gunicorn_conf.keepalive > IDLE_S


def test_the_backend_answers_a_second_request_on_a_connection_left_idle(backend_port):
    assert two_requests_on_one_connection(backend_port, "/health", IDLE_S) == (200, 200)
