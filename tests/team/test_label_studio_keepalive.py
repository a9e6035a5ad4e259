"""Label Studio's gunicorn keeps idle connections open past gunicorn's default 2 s (issue 14).

The team load test had 20 "Connection reset by peer" on the coders' requests: gunicorn closed a
kept-alive connection after 2 s idle, just as the coder's next request went out on it. The
command line of :func:`~ls_thematic.scripts.team.label_studio.gunicorn_command` sets
``--keep-alive``; a second test runs that very command line, with Label Studio's gunicorn (23,
in ``.venv-ls``), on a one-line WSGI application instead of Label Studio (which would need its
database), and sends two requests on one connection, idle longer than the default between them.
"""

from __future__ import annotations

import os
import signal
import subprocess
from pathlib import Path

from ls_thematic.scripts.lsserver import find_label_studio, free_port
from ls_thematic.scripts.team import label_studio

from ..backend.test_keepalive import IDLE_S, two_requests_on_one_connection, wait_until_up

HELLO_APP = """\
def application(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", "2")])
    return [b"ok"]
"""


def test_gunicorn_command_keeps_idle_connections_75_s(tmp_path):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for name in ("label-studio", "gunicorn"):
        (bin_dir / name).write_text("#!/bin/sh\nexit 0\n")
        (bin_dir / name).chmod(0o755)
    command = label_studio.gunicorn_command(bin_dir / "label-studio", 18123)
    assert command[command.index("--keep-alive") + 1] == "75"
    assert label_studio.KEEPALIVE > IDLE_S


def test_label_studios_gunicorn_answers_on_a_connection_left_idle(
    tmp_path, needs_label_studio_workers
):
    (tmp_path / "hello_app.py").write_text(HELLO_APP)
    port = free_port()
    command = label_studio.gunicorn_command(find_label_studio(), port, workers=1)
    command[-1] = "hello_app:application"  # the same flags, a trivial application
    env = {"PATH": os.environ.get("PATH", ""), "HOME": str(tmp_path), "PYTHONPATH": str(tmp_path)}
    log = tmp_path / "gunicorn.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            command, cwd=tmp_path, env=env, stdout=out, stderr=out, start_new_session=True
        )
    try:
        wait_until_up(port, proc, log)
        assert two_requests_on_one_connection(port, "/", IDLE_S) == (200, 200)
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=60)
    assert "Traceback" not in Path(log).read_text(errors="replace")
