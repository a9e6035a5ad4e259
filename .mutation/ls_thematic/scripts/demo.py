"""`make up` / `make down`: a local Label Studio with the demo project and the suggestion backend.

Everything lives under one data folder (default ``./data``): Label Studio's SQLite database,
the backend's models and a state file with the pids this command started, so ``down`` stops
exactly those and a second ``up`` reuses the running servers and the demo project.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import requests
from label_studio_sdk import LabelStudio

from ls_thematic.label_config.codebook_io import load_codebook
from ls_thematic.label_config.errors import LabelStudioError
from ls_thematic.label_config.fileio import atomic_write_text
from ls_thematic.label_config.tasks import build_tasks

from .lsserver import (
    LabelStudioServer,
    read_state,
    start_label_studio,
    stop_process,
    wait_healthy,
    write_state,
)
from .project import create_project

EXAMPLES = Path(__file__).resolve().parents[1] / "label_config" / "examples"
DEMO_TITLE = "Demo: clinicians, opioids and benzodiazepines"
DEMO_USER = "researcher@example.org"
DEMO_PASSWORD = "thematic-demo"
BACKEND_TITLE = "ls-thematic suggestions"


@dataclass
class UpResult:
    url: str
    username: str
    password: str
    api_key: str
    project_id: int
    backend_url: str | None
    reused_server: bool
    created_project: bool


def _alive(pid: int | None) -> bool:
    if not pid:
        return False
    try:
        os.kill(pid, 0)
    except OSError:
        return False
    return True


def _backend_state_path(data: Path) -> Path:
    return data / "backend.json"


def start_backend(data: Path, port: int, ls: LabelStudioServer, timeout: float = 60) -> tuple[str, int]:
    """Start the suggestion backend under gunicorn (one worker: the model lives in memory)."""
    state_path = _backend_state_path(data)
    if state_path.exists():
        state = json.loads(state_path.read_text())
        if _alive(state.get("pid")):
            try:
                wait_healthy(state["url"], timeout=5)
                return state["url"], state["pid"]
            except LabelStudioError:
                stop_process(state["pid"])
    url = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "MODEL_DIR": str((data / "models").resolve()),
        "LABEL_STUDIO_URL": ls.url,
        "LABEL_STUDIO_API_KEY": ls.api_key,
        "HF_HUB_OFFLINE": "1",
        "TRANSFORMERS_OFFLINE": "1",
    }
    log = open(data / "backend.log", "ab")  # noqa: SIM115 (handed to the child)
    gunicorn = Path(sys.executable).with_name("gunicorn")
    proc = subprocess.Popen(
        [str(gunicorn), "-w", "1", "--threads", "4", "-b", f"127.0.0.1:{port}", "--timeout", "120",
         "--access-logfile", "-",  # every /setup, /predict and /webhook call, in backend.log
         "ls_thematic.backend.app:create_app()"],
        stdout=log, stderr=log, env=env, start_new_session=True,
    )
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            tail = (data / "backend.log").read_text(errors="replace")[-1500:]
            raise LabelStudioError(f"The backend exited at start; the end of {data / 'backend.log'}:\n{tail}")
        try:
            if requests.get(f"{url}/health", timeout=1).ok:
                break
        except requests.RequestException:
            pass
        time.sleep(0.3)
    else:
        stop_process(proc.pid)
        raise LabelStudioError(f"The backend did not answer {url}/health within {timeout:.0f} s.")
    atomic_write_text(state_path, json.dumps({"url": url, "pid": proc.pid}))
    return url, proc.pid


def ensure_demo_project(client) -> tuple[int, bool]:
    """The demo project's id, creating it (thesis codebook + demo transcripts) only if missing."""
    for project in client.projects.list():
        if project.title == DEMO_TITLE:
            return project.id, False
    book = load_codebook(EXAMPLES / "thesis_codebook.yaml")
    tasks = build_tasks(sorted((EXAMPLES / "transcripts").glob("*.txt")), EXAMPLES / "participants.csv")
    result = create_project(client, book, tasks, title=DEMO_TITLE)
    return result.project_id, True


def connect_backend(client, project_id: int, backend_url: str) -> None:
    """Attach the backend to the project once (Label Studio then creates its webhook)."""
    for backend in client.ml.list(project=project_id):
        if backend.url.rstrip("/") == backend_url.rstrip("/"):
            return
    client.ml.create(
        url=backend_url, project=project_id, title=BACKEND_TITLE, is_interactive=True,
    )


def up(data: Path, port: int = 8080, backend_port: int = 9090, with_backend: bool = True) -> UpResult:
    data = data.resolve()
    data.mkdir(parents=True, exist_ok=True)
    state_path = data / "label-studio.json"
    server = read_state(state_path)
    reused = False
    if server and _alive(server.pid):
        try:
            wait_healthy(server.url, timeout=10)
            reused = True
        except LabelStudioError:
            stop_process(server.pid)
            server = None
    else:
        server = None
    if server is None:
        server = start_label_studio(
            data / "label-studio", port=port, username=DEMO_USER, password=DEMO_PASSWORD,
            log_path=data / "label-studio.log",
        )
        write_state(state_path, server)
    client = LabelStudio(base_url=server.url, api_key=server.api_key)
    project_id, created = ensure_demo_project(client)
    backend_url = None
    if with_backend:
        backend_url, _ = start_backend(data, backend_port, server)
        connect_backend(client, project_id, backend_url)
    return UpResult(
        url=server.url, username=server.username, password=server.password,
        api_key=server.api_key, project_id=project_id, backend_url=backend_url,
        reused_server=reused, created_project=created,
    )


def down(data: Path) -> list[str]:
    """Stop what ``up`` started (by pid); returns what was stopped."""
    data = data.resolve()
    stopped = []
    backend_state = _backend_state_path(data)
    if backend_state.exists():
        state = json.loads(backend_state.read_text())
        if stop_process(state["pid"], cmdline_contains="gunicorn"):
            stopped.append(f"backend (pid {state['pid']})")
        backend_state.unlink()
    server = read_state(data / "label-studio.json")
    if server:
        if stop_process(server.pid, cmdline_contains="label-studio"):
            stopped.append(f"Label Studio (pid {server.pid})")
        (data / "label-studio.json").unlink()
    return stopped
