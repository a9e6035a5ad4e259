"""Talking to Label Studio through label-studio-sdk, with errors a researcher can act on."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

import httpx
from label_studio_sdk import LabelStudio
from label_studio_sdk.core.api_error import ApiError

from ls_thematic.label_config.errors import LabelStudioError

DEFAULT_URL = "http://127.0.0.1:8080"
T = TypeVar("T")


def connect(url: str | None = None, api_key: str | None = None) -> LabelStudio:
    """A client for ``url`` (default ``$LABEL_STUDIO_URL``) with ``api_key`` (``$LABEL_STUDIO_API_KEY``).

    The key is checked with one request, so a bad token or an unreachable server is reported
    here, in plain words, rather than in the middle of a command.
    """
    url = (url or os.environ.get("LABEL_STUDIO_URL") or DEFAULT_URL).rstrip("/")
    api_key = api_key or os.environ.get("LABEL_STUDIO_API_KEY")
    if not api_key:
        raise LabelStudioError(
            "No Label Studio API key: pass --api-key or set LABEL_STUDIO_API_KEY "
            "(Label Studio: Account & Settings > Access Token)."
        )
    client = LabelStudio(base_url=url, api_key=api_key, timeout=120)
    with translate_errors(url):
        client.users.whoami()
    return client


def client_url(client: LabelStudio) -> str:
    return client._client_wrapper.get_base_url()


@contextmanager
def translate_errors(url: str, what: str = "") -> Iterator[None]:
    """Turn SDK and network exceptions into a :class:`LabelStudioError` that says what to do."""
    try:
        yield
    except ApiError as exc:
        status = exc.status_code
        if status == 401:
            raise LabelStudioError(
                f"Label Studio at {url} refused the API key (401 Unauthorized); check "
                "--api-key / LABEL_STUDIO_API_KEY (a legacy token needs legacy tokens enabled)."
            ) from None
        if status == 404:
            raise LabelStudioError(f"Label Studio at {url}: {what or 'not found'} (404).") from None
        raise LabelStudioError(
            f"Label Studio at {url} refused {what or 'the request'} ({status}): {_body(exc.body)}"
        ) from None
    except (httpx.ConnectError, httpx.ConnectTimeout, httpx.ReadTimeout, ConnectionError) as exc:
        raise LabelStudioError(
            f"Cannot reach Label Studio at {url} ({exc.__class__.__name__}); is it running? "
            "`make up` starts one; pass --url or set LABEL_STUDIO_URL."
        ) from None


def _body(body: object) -> str:
    if isinstance(body, dict):
        detail = body.get("validation_errors") or body.get("detail") or body
        return str(detail)
    return str(body)[:500]


def call(client: LabelStudio, what: str, fn: Callable[[], T]) -> T:
    """Run one SDK call with errors translated."""
    with translate_errors(client_url(client), what):
        return fn()


def get_project(client: LabelStudio, project_id: int):
    """The project, or a clear error listing the projects that exist."""
    url = client_url(client)
    try:
        return client.projects.get(id=int(project_id))
    except ApiError as exc:
        if exc.status_code == 404:
            with translate_errors(url, "listing projects"):
                known = [f"{p.id} ({p.title})" for p in client.projects.list()]
            raise LabelStudioError(
                f"Label Studio at {url} has no project {project_id}; it has: "
                f"{', '.join(known) or 'no projects'}."
            ) from None
        with translate_errors(url, f"project {project_id}"):
            raise


def iter_tasks(client: LabelStudio, project_id: int) -> Iterator[dict]:
    """Every task of the project as a dict, annotations included."""
    with translate_errors(client_url(client), f"the tasks of project {project_id}"):
        for task in client.tasks.list(project=int(project_id), fields="all", page_size=100):
            yield task.model_dump() if hasattr(task, "model_dump") else dict(task)
