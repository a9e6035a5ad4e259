"""`make up` / `make down`: a local Label Studio with the demo project and the suggestion backend.

Everything lives under one data folder (default ``./data``, made readable by its owner only):
Label Studio's SQLite database, the backend's models, the credentials and state files with
the processes this command started, so ``down`` stops exactly those and a second ``up``
reuses the running servers and the demo project.

Credentials: on the first start of a data folder, ``up`` draws a random Label Studio password
and random HTTP Basic credentials for the backend (``secrets``), and keeps them in
``<data>/credentials.json`` (owner only); later starts reuse them. Label Studio's model
connection and its webhook to the backend are given the Basic credentials. The backend runs
under gunicorn with ``ls_thematic.backend.gunicorn_conf`` and listens on 127.0.0.1 only.

Processes are recorded by pid, start time and command line
(:class:`~ls_thematic.scripts.lsserver.ProcessRecord`): a pid that another program has been
given since is neither reused nor signalled.
"""

from __future__ import annotations

import base64
import importlib.util
import json
import os
import secrets
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import requests
from label_studio_sdk import LabelStudio

from ls_thematic.label_config.codebook_io import load_codebook
from ls_thematic.label_config.errors import LabelStudioError
from ls_thematic.label_config.fileio import atomic_write_text
from ls_thematic.label_config.tasks import build_tasks

from .lsserver import (
    LabelStudioServer,
    is_recorded_process,
    process_record,
    read_state,
    start_label_studio,
    stop_process,
    wait_healthy,
    write_state,
)
from .project import create_project, ensure_coding_view

EXAMPLES = Path(__file__).resolve().parents[1] / "label_config" / "examples"
DEMO_TITLE = "Demo: clinicians, opioids and benzodiazepines"
DEMO_USER = "researcher@example.org"
#: The fixed password of data folders made before ``credentials.json`` (Label Studio keeps the
#: password it created the user with, so such a folder keeps it).
LEGACY_PASSWORD = "thematic-demo"
BACKEND_TITLE = "ls-thematic suggestions"
CREDENTIALS_FILE = "credentials.json"
BACKEND_HOST = "127.0.0.1"
#: gunicorn settings of the backend (another module may not exist yet in older checkouts).
GUNICORN_CONF = "ls_thematic.backend.gunicorn_conf"


@dataclass(frozen=True)
class Credentials:
    """What ``up`` keeps in ``<data>/credentials.json``: the Label Studio login and the HTTP
    Basic credentials Label Studio uses towards the backend."""

    username: str
    password: str
    backend_user: str
    backend_password: str

    @property
    def backend_auth(self) -> tuple[str, str]:
        """``(user, password)`` for ``requests``' ``auth=``."""
        return self.backend_user, self.backend_password


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
    credentials_path: Path


# --------------------------------------------------------------------------- files and folders
def private_folder(path: Path) -> Path:
    """Create ``path`` (and its parents) if missing and make it readable by its owner only."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    path.chmod(0o700)
    return path


def _private_log(path: Path):
    """``path`` opened for appending, created readable by its owner only (logs quote requests)."""
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    os.fchmod(fd, 0o600)
    return os.fdopen(fd, "ab")


def credentials_path(data: Path) -> Path:
    return Path(data) / CREDENTIALS_FILE


def read_credentials(data: Path) -> Credentials | None:
    """The credentials kept in ``data``; None when there are none yet.

    Raises
    ------
    LabelStudioError
        If the file is not one ``up`` wrote.
    """
    path = credentials_path(data)
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
        return Credentials(**{key: str(record[key]) for key in Credentials.__dataclass_fields__})
    except FileNotFoundError:
        return None
    except (ValueError, KeyError, TypeError) as err:
        raise LabelStudioError(
            f"{path} is not a credentials file of `up` ({type(err).__name__}: {err}). Restore it; "
            "Label Studio keeps the password it was first started with."
        ) from err


def ensure_credentials(data: Path) -> Credentials:
    """The credentials of ``data``: those kept there, else new random ones, saved (0600).

    A data folder whose Label Studio was started before credentials were kept gets
    :data:`LEGACY_PASSWORD`, the password its user was created with.
    """
    kept = read_credentials(data)
    if kept is not None:
        return kept
    legacy = (Path(data) / "label-studio" / "label_studio.sqlite3").exists()
    credentials = Credentials(
        username=DEMO_USER,
        password=LEGACY_PASSWORD if legacy else secrets.token_urlsafe(18),
        backend_user=f"ls-thematic-{secrets.token_hex(4)}",
        backend_password=secrets.token_urlsafe(24),
    )
    text = json.dumps(asdict(credentials), indent=2) + "\n"
    atomic_write_text(credentials_path(data), text, mode=0o600)
    return credentials


# --------------------------------------------------------------------------- the backend
def _backend_state_path(data: Path) -> Path:
    return data / "backend.json"


def _read_backend_state(data: Path) -> dict | None:
    path = _backend_state_path(data)
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
        int(state["pid"])
        return state
    except FileNotFoundError:
        return None
    except (ValueError, KeyError, TypeError) as err:
        raise LabelStudioError(
            f"{path} is not a backend state file ({type(err).__name__}: {err}); delete it and "
            "start again."
        ) from err


def _recorded_backend(state: dict) -> bool:
    """Whether the backend recorded in ``state`` still runs (the same process, not its pid
    given to another program)."""
    pid = int(state["pid"])
    if "start_time" not in state:  # a state file of an older `up`: the command line must do
        record = process_record(pid)
        return record is not None and "gunicorn" in (record.cmdline or "")
    return is_recorded_process(pid, state["start_time"], state["cmdline"])


def backend_command(port: int, workers: int = 1) -> list[str]:
    """The gunicorn command of the backend, on 127.0.0.1:``port``, with ``ls_thematic.backend.
    gunicorn_conf`` when it is installed. ``workers`` is 1 with the folder store (the model lives
    in memory); more need ``BACKEND_DATABASE_URL``, which the configuration checks at start."""
    gunicorn = Path(sys.executable).with_name("gunicorn")
    if importlib.util.find_spec(GUNICORN_CONF) is not None:
        config = ["-c", f"python:{GUNICORN_CONF}"]
    else:  # what that module does for a single backend: no control socket shared in $HOME
        config = ["--no-control-socket", "--keep-alive", "75"]
    return [
        str(gunicorn), *config, "-w", str(workers), "--threads", "4",
        "-b", f"{BACKEND_HOST}:{port}", "--timeout", "120",
        "--access-logfile", "-",  # every /setup, /predict and /webhook call, in backend.log
        "ls_thematic.backend.app:create_app()",
    ]  # fmt: skip


def backend_environment(data: Path, ls: LabelStudioServer, credentials: Credentials) -> dict:
    """The backend's environment: the caller's, plus its model folder, Label Studio and the
    Basic credentials it requires."""
    return {
        **os.environ,
        "MODEL_DIR": str((data / "models").resolve()),
        "LABEL_STUDIO_URL": ls.url,
        "LABEL_STUDIO_API_KEY": ls.api_key,
        "BASIC_AUTH_USER": credentials.backend_user,
        "BASIC_AUTH_PASS": credentials.backend_password,
        "HF_HUB_OFFLINE": "1",
        "TRANSFORMERS_OFFLINE": "1",
    }


def start_backend(
    data: Path,
    port: int,
    ls: LabelStudioServer,
    timeout: float = 60,
    *,
    credentials: Credentials | None = None,
    workers: int = 1,
    extra_env: dict[str, str] | None = None,
) -> tuple[str, int]:
    """Start the suggestion backend under gunicorn, or reuse the one recorded in ``data``.

    ``credentials`` default to :func:`ensure_credentials` of ``data``; the backend then needs
    their Basic credentials on every route but ``/health``. ``workers`` gunicorn processes
    (:func:`backend_command`) with ``extra_env`` added to its environment (the team stack passes
    ``BACKEND_DATABASE_URL`` and ``-w 2``).
    """
    credentials = credentials or ensure_credentials(data)
    private_folder(data / "models")
    state = _read_backend_state(data)
    if state is not None and _recorded_backend(state):
        try:
            wait_healthy(state["url"], timeout=5)
            return state["url"], int(state["pid"])
        except LabelStudioError:
            stop_process(
                int(state["pid"]),
                start_time=state.get("start_time"),
                cmdline=state.get("cmdline"),
                cmdline_contains="gunicorn",
            )
    url = f"http://{BACKEND_HOST}:{port}"
    env = {**backend_environment(data, ls, credentials), **(extra_env or {})}
    with _private_log(data / "backend.log") as log:
        proc = subprocess.Popen(
            backend_command(port, workers),
            stdout=log,
            stderr=log,
            env=env,
            start_new_session=True,
        )
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            tail = (data / "backend.log").read_text(errors="replace")[-1500:]
            raise LabelStudioError(
                f"The backend exited at start; the end of {data / 'backend.log'}:\n{tail}"
            )
        try:
            if requests.get(f"{url}/health", timeout=1).ok:
                break
        except requests.RequestException:
            pass
        time.sleep(0.3)
    else:
        stop_process(proc.pid)
        raise LabelStudioError(f"The backend did not answer {url}/health within {timeout:.0f} s.")
    record = process_record(proc.pid)
    state = {"url": url, "pid": proc.pid, "start_time": record and record.start_time,
             "cmdline": record and record.cmdline}  # fmt: skip
    atomic_write_text(_backend_state_path(data), json.dumps(state), mode=0o600)
    return url, proc.pid


def ensure_demo_project(client) -> tuple[int, bool]:
    """The demo project's id, creating it (thesis codebook + demo transcripts) only if missing.
    An existing demo project gets its Data Manager tab (:func:`~.project.ensure_coding_view`)."""
    for project in client.projects.list():
        if project.title == DEMO_TITLE:
            ensure_coding_view(client, project.id)
            return project.id, False
    book = load_codebook(EXAMPLES / "thesis_codebook.yaml")
    tasks = build_tasks(
        sorted((EXAMPLES / "transcripts").glob("*.txt")), EXAMPLES / "participants.csv"
    )
    result = create_project(client, book, tasks, title=DEMO_TITLE)
    return result.project_id, True


def _basic_header(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode("ascii")


def connect_backend(
    client, project_id: int, backend_url: str, auth: tuple[str, str] | None = None
) -> None:
    """Attach the backend to the project once (Label Studio then creates its webhook).

    With ``auth`` (user, password), Label Studio's model connection uses HTTP Basic auth and
    its webhook to the backend sends the same ``Authorization`` header; an existing connection
    is brought up to date.
    """
    settings = {}
    if auth is not None:
        settings = {"auth_method": "BASIC_AUTH", "basic_auth_user": auth[0],
                    "basic_auth_pass": auth[1]}  # fmt: skip
    found = [b for b in client.ml.list(project=project_id)
             if b.url.rstrip("/") == backend_url.rstrip("/")]  # fmt: skip
    if not found:
        client.ml.create(
            url=backend_url, project=project_id, title=BACKEND_TITLE, is_interactive=True,
            **settings,
        )  # fmt: skip
    elif settings:
        # Label Studio checks the connection on an update, and needs the url and project for it
        client.ml.update(found[0].id, url=backend_url, project=project_id, **settings)
    if auth is None:
        return
    hook_url = backend_url.rstrip("/") + "/webhook"
    for hook in client.webhooks.list(project=str(project_id)):
        if hook.url.rstrip("/") == hook_url:
            headers = {**(hook.headers or {}), "Authorization": _basic_header(*auth)}
            client.webhooks.update(hook.id, headers=headers)


def _running_server(state_path: Path) -> LabelStudioServer | None:
    """The Label Studio recorded in ``state_path`` if that very process still answers; one that
    does not answer is stopped (only if it is the recorded process)."""
    server = read_state(state_path)
    if server is None:
        return None
    if server.start_time is None:  # a state file of an older `up`: the command line must do
        record = process_record(server.pid)
        ours = record is not None and "label-studio" in (record.cmdline or "")
    else:
        ours = is_recorded_process(server.pid, server.start_time, server.cmdline)
    if not ours:
        return None
    try:
        wait_healthy(server.url, timeout=10)
        return server
    except LabelStudioError:
        stop_process(server.pid, start_time=server.start_time, cmdline=server.cmdline,
                     cmdline_contains="label-studio")  # fmt: skip
        return None


def up(
    data: Path, port: int = 8080, backend_port: int = 9090, with_backend: bool = True
) -> UpResult:
    """Start (or reuse) Label Studio with the demo project, and the backend connected to it.

    The credentials are in :func:`credentials_path` of ``data`` (owner only), never printed.
    """
    data = private_folder(data.resolve())
    credentials = ensure_credentials(data)
    state_path = data / "label-studio.json"
    server = _running_server(state_path)
    reused = server is not None
    if server is None:
        server = start_label_studio(
            private_folder(data / "label-studio"), port=port, username=credentials.username,
            password=credentials.password, log_path=data / "label-studio.log",
        )  # fmt: skip
        write_state(state_path, server)
    client = LabelStudio(base_url=server.url, api_key=server.api_key)
    project_id, created = ensure_demo_project(client)
    backend_url = None
    if with_backend:
        backend_url, _ = start_backend(data, backend_port, server, credentials=credentials)
        connect_backend(client, project_id, backend_url, auth=credentials.backend_auth)
    return UpResult(
        url=server.url,
        username=server.username,
        password=credentials.password,
        api_key=server.api_key,
        project_id=project_id,
        backend_url=backend_url,
        reused_server=reused,
        created_project=created,
        credentials_path=credentials_path(data),
    )


def down(data: Path) -> list[str]:
    """Stop what ``up`` started (by pid, start time and command line); returns what was
    stopped. A recorded pid that now belongs to another program is left alone."""
    data = data.resolve()
    stopped = []
    state = _read_backend_state(data)
    if state is not None:
        if _recorded_backend(state) and stop_process(
            int(state["pid"]), start_time=state.get("start_time"), cmdline=state.get("cmdline"),
            cmdline_contains="gunicorn",
        ):  # fmt: skip
            stopped.append(f"backend (pid {state['pid']})")
        _backend_state_path(data).unlink()
    server = read_state(data / "label-studio.json")
    if server:
        if stop_process(server.pid, start_time=server.start_time, cmdline=server.cmdline,
                        cmdline_contains="label-studio"):  # fmt: skip
            stopped.append(f"Label Studio (pid {server.pid})")
        (data / "label-studio.json").unlink()
    return stopped
