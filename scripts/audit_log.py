"""Where ``ls-thematic audit`` reads the backend's log of suggestions: the backend's
``MODEL_DIR`` on this machine (:func:`log_from_model_dir`), or a running backend's
``GET /suggestions`` behind its Basic auth (:func:`log_from_backend`).

The log's format is :mod:`ls_thematic.backend.suggestion_log`'s; what it says is
:mod:`ls_thematic.scripts.audit`'s. No Label Studio token is ever sent to the backend.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from ls_thematic.backend.config import is_loopback
from ls_thematic.backend.projects import project_folders
from ls_thematic.backend.suggestion_log import LOG, SuggestionLog
from ls_thematic.label_config.errors import InputError, ThematicError

__all__ = ["BACKEND_TIMEOUT", "log_from_backend", "log_from_model_dir"]

#: Seconds to wait for the backend's answer.
BACKEND_TIMEOUT = 30


def log_from_model_dir(model_dir: str | Path, project_id: object) -> tuple[list[dict], str]:
    """The log of ``project_id`` from the backend's ``MODEL_DIR`` (its newest folder of the id),
    or from ``model_dir`` itself when that is a project folder; ``(entries, where)``.

    Raises
    ------
    InputError
        No log there; the message names the folders looked in.
    """
    model_dir = Path(model_dir)
    if (model_dir / LOG).is_file():
        return SuggestionLog(model_dir).entries(), str(model_dir / LOG)
    if project_id is None:
        raise InputError(
            f"{model_dir} holds no {LOG} and the snapshot names no project, so the project's "
            "folder cannot be found; give the project's folder (MODEL_DIR/<id>) as --model-dir."
        )
    folders = project_folders(model_dir, str(project_id)) if model_dir.is_dir() else []
    if not folders or not (folders[-1].path / LOG).is_file():
        looked = folders[-1].path / LOG if folders else model_dir / str(project_id) / LOG
        raise InputError(
            f"No suggestion log found for project {project_id}: looked for {looked}. Is "
            f"{model_dir} the backend's MODEL_DIR, and has it made suggestions in this project? "
            "A backend with BACKEND_DATABASE_URL keeps its log in the database: read it "
            "through the backend with --backend http://127.0.0.1:9090."
        )
    path = folders[-1].path
    return SuggestionLog(path).entries(), str(path / LOG)


def _backend_address(url: str, has_credentials: bool) -> str:
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InputError(
            f"--backend {url!r} is not a backend address; give http(s)://host:port, e.g. "
            "http://127.0.0.1:9090."
        )
    if has_credentials and parts.scheme == "http" and not is_loopback(parts.hostname):
        raise InputError(
            f"--backend {url}: the Basic auth password would cross the network unencrypted to "
            f"{parts.hostname}; use https for a backend on another machine, or a loopback "
            "address (127.0.0.1) on this one."
        )
    return url.strip().rstrip("/")


def log_from_backend(
    url: str,
    project_id: object,
    user: str | None = None,
    password: str | None = None,
    timeout: float = BACKEND_TIMEOUT,
) -> tuple[list, str]:
    """The log of ``project_id`` from a running backend's ``GET /suggestions`` (with Basic
    auth when ``user`` is given; no Label Studio token is ever sent); ``(entries, where)``.

    Raises
    ------
    InputError
        A bad address, or no project to ask for.
    ThematicError
        The backend cannot be reached, refuses the credentials or answers with an error.
    """
    import requests  # only this source needs it

    base = _backend_address(url, bool(user))
    if project_id is None:
        raise InputError(
            "The snapshot names no project, so the backend cannot be asked for its log; use a "
            "snapshot from `ls-thematic pull`, or --project ID."
        )
    where = f"{base}/suggestions?project={project_id}"
    auth = (user, password or "") if user else None
    try:
        answer = requests.get(
            f"{base}/suggestions",
            params={"project": str(project_id)},
            auth=auth,
            timeout=timeout,
            allow_redirects=False,
        )
    except requests.RequestException as exc:
        raise ThematicError(
            f"Cannot reach the suggestion backend at {base} ({type(exc).__name__}); is it "
            "running (ls-thematic up), and is --backend its address?"
        ) from None
    return _entries_of(answer, where), where


def _entries_of(answer, where: str) -> list:
    if answer.status_code == 401:
        raise ThematicError(
            f"{where}: the backend asks for its Basic auth credentials; give --backend-user and "
            "--backend-password (or set BASIC_AUTH_USER and BASIC_AUTH_PASS)."
        )
    try:
        body = answer.json()
    except ValueError:
        body = None
    if answer.status_code != 200:
        error = body.get("error") if isinstance(body, dict) else None
        raise ThematicError(
            f"{where}: the backend answered {answer.status_code}"
            + (f": {error}" if error else " (is --backend the suggestion backend's address?)")
        )
    if not isinstance(body, dict) or not isinstance(body.get("entries"), list):
        raise ThematicError(
            f"{where}: the answer is not a suggestion log (a JSON object with 'entries'); is "
            "--backend the suggestion backend's address?"
        )
    return body["entries"]
