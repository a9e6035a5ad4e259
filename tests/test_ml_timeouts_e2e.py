"""Label Studio, as ls-thematic starts it, waits for a slow suggestion backend.

Label Studio's own limits (health 1 s, ``/setup`` 3 s, ``/predict`` 100 s) drop every
suggestion of a "Retrieve predictions" batch without a word when the backend is busy: a loaded
laptop misses the first two, a batch of long transcripts the third. The server started by
:func:`~ls_thematic.scripts.lsserver.start_label_studio` raises them
(:data:`~ls_thematic.scripts.lsserver.ML_TIMEOUT_ENV`). A stand-in backend here answers
``/health`` after 1.5 s and ``/setup`` after 3.5 s, past Label Studio's defaults, and the
suggestion must still be stored.
"""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from ls_thematic.scripts.demo import connect_backend
from ls_thematic.scripts.lsserver import ML_TIMEOUT_ENV

pytestmark = pytest.mark.e2e

CONFIG = """<View>
  <Text name="text" value="$text"/>
  <Choices name="code" toName="text"><Choice value="Workload"/></Choices>
</View>"""
DELAYS = {"/health": 1.5, "/setup": 3.5}
SUGGESTION = [{"from_name": "code", "to_name": "text", "type": "choices",
               "value": {"choices": ["Workload"]}}]  # fmt: skip


class SlowBackend(BaseHTTPRequestHandler):
    """Answers the ML protocol, slower than Label Studio's default limits allow."""

    def _answer(self, body: dict) -> None:
        time.sleep(DELAYS.get(self.path, 0.0))
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):  # noqa: N802 (the stdlib's name)
        self._answer({"status": "UP"})

    def do_POST(self):  # noqa: N802
        request = json.loads(self.rfile.read(int(self.headers["Content-Length"])) or b"{}")
        if self.path == "/predict":
            tasks = request.get("tasks", [])
            self._answer({"results": [{"result": SUGGESTION, "score": 0.9, "model_version": "slow"}
                                      for _ in tasks]})  # fmt: skip
        else:
            self._answer({"model_version": "slow"})

    def log_message(self, *args):
        pass


@pytest.fixture
def slow_backend():
    server = ThreadingHTTPServer(("127.0.0.1", 0), SlowBackend)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_the_limits_are_past_label_studios_defaults():
    assert float(ML_TIMEOUT_ENV["ML_TIMEOUT_HEALTH"]) > DELAYS["/health"] > 1
    assert float(ML_TIMEOUT_ENV["ML_TIMEOUT_SETUP"]) > DELAYS["/setup"] > 3
    assert float(ML_TIMEOUT_ENV["ML_TIMEOUT_PREDICT"]) >= 1800


def test_retrieve_predictions_waits_for_a_slow_backend(label_studio, ls_client, slow_backend):
    project = ls_client.projects.create(title="Slow backend", label_config=CONFIG)
    ls_client.projects.import_tasks(id=project.id, request=[{"text": "Too many patients."}])
    (task,) = ls_client.tasks.list(project=project.id)
    connect_backend(ls_client, project.id, slow_backend)
    (backend,) = ls_client.ml.list(project=project.id)
    assert backend.state == "CO", backend.error_message  # connected, though /health took 1.5 s

    ls_client.actions.create(id="retrieve_tasks_predictions", project=project.id,
                             selected_items={"all": False, "included": [task.id]},
                             request_options={"timeout": 120})  # fmt: skip

    stored = [p.result for p in ls_client.predictions.list(task=task.id)]
    assert stored == [SUGGESTION]
