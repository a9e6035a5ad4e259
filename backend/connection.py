"""How START_TRAINING reaches Label Studio: which address and key, and a bounded pull.

The backend holds a credential (``LABEL_STUDIO_API_KEY``, or the token a ``/setup`` brings),
and anyone who can reach it can post a ``/setup``. So :class:`Connection` never mixes sources:
START_TRAINING uses either ``LABEL_STUDIO_URL`` + ``LABEL_STUDIO_API_KEY``, or a hostname and a
token that came *together* in one ``/setup``; with ``LABEL_STUDIO_URL`` set, a ``/setup``
naming another host is ignored (logged), and ``LABEL_STUDIO_API_KEY`` is only ever sent to
``LABEL_STUDIO_URL``.

The pull itself (:func:`pulled_tasks`) goes through the label-studio-sdk client that
:func:`sdk_client` builds: each request times out after :data:`PULL_TIMEOUT` seconds, redirects
are not followed (the token goes to that address only), and at most :data:`MAX_PULL_TASKS`
tasks are read (:data:`PULL_PAGE_SIZE` a page, so at most 100 pages); a Label Studio that sends
more, or never stops, gets the pull stopped with an error, and the segments stay as they were.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from urllib.parse import urlsplit

from ls_thematic.label_config.errors import InputError

from .config import Settings

log = logging.getLogger(__name__)

#: Seconds each request to Label Studio may take (the SDK's ``timeout``).
PULL_TIMEOUT = 30.0
#: Tasks asked for per page.
PULL_PAGE_SIZE = 100
#: The most tasks one START_TRAINING reads; more stops the pull with an error.
MAX_PULL_TASKS = 10_000


class Connection:
    """Where one project's Label Studio is, and the key to use there.

    Parameters
    ----------
    settings : Settings
        ``LABEL_STUDIO_URL`` and ``LABEL_STUDIO_API_KEY`` come from here.
    project_id : str
        For the log and the messages.
    """

    def __init__(self, settings: Settings, project_id: str):
        self.settings = settings
        self.project_id = project_id
        self._pair: tuple[str, str] | None = None  # (hostname, token) of one /setup

    def remember(self, hostname: object, access_token: object) -> None:
        """Keep the hostname and token of a ``/setup`` (memory only), when both came."""
        host = hostname.strip() if isinstance(hostname, str) else ""
        token = access_token.strip() if isinstance(access_token, str) else ""
        if not host or not token:
            if host or token:
                log.info(
                    "project %s: /setup sent a %s without a %s; the Label Studio connection "
                    "is unchanged",
                    self.project_id,
                    "hostname" if host else "token",
                    "token" if host else "hostname",
                )
            return
        configured = self.settings.label_studio_url
        if configured and origin(host) != origin(configured):
            log.warning(
                "project %s: /setup names Label Studio at %r, but LABEL_STUDIO_URL is %r; "
                "ignored (START_TRAINING uses LABEL_STUDIO_URL only)",
                self.project_id,
                host[:100],
                configured,
            )
            return
        self._pair = (host, token)

    def resolve(self) -> tuple[str, str]:
        """``(url, key)`` for START_TRAINING: ``LABEL_STUDIO_URL`` with
        ``LABEL_STUDIO_API_KEY``; else ``LABEL_STUDIO_URL`` with the token of a ``/setup``
        that named that same host; else, without ``LABEL_STUDIO_URL``, one ``/setup``'s
        hostname and token.

        Raises
        ------
        InputError
            None of these is at hand; the message says what to set.
        """
        url, key = self.settings.label_studio_url, self.settings.label_studio_api_key
        pair = self._pair
        if url and key:
            return url, key
        if url and pair is not None and origin(pair[0]) == origin(url):
            return url, pair[1]
        if not url and pair is not None:
            return pair
        if key:
            raise InputError(
                "START_TRAINING pulls every annotation from Label Studio, but LABEL_STUDIO_URL "
                "is not set; LABEL_STUDIO_API_KEY is only ever sent to LABEL_STUDIO_URL. Set "
                "LABEL_STUDIO_URL for the backend."
            )
        raise InputError(
            "START_TRAINING pulls every annotation from Label Studio, but its address or API "
            "key is unknown; set LABEL_STUDIO_URL and LABEL_STUDIO_API_KEY for the backend."
        )


def pulled_tasks(client, project_id: str) -> Iterator[object]:
    """Every task of the project, with its annotations, through the SDK client; at most
    :data:`MAX_PULL_TASKS`, else :class:`InputError` (before any task past the cap)."""
    pager = client.tasks.list(
        project=int(project_id) if project_id.isdigit() else project_id,
        fields="all",
        page_size=PULL_PAGE_SIZE,
    )
    for n, task in enumerate(pager, 1):
        if n > MAX_PULL_TASKS:
            raise InputError(
                f"START_TRAINING stopped: Label Studio sent more than {MAX_PULL_TASKS} tasks "
                f"for project {project_id}, the most this backend pulls; the coded segments "
                "are left as they were."
            )
        yield task


def origin(url: str) -> tuple[str, str, int | None]:
    """``(scheme, host, port)`` of ``url``, default ports filled in: two spellings of one
    address compare equal."""
    text = url.strip()
    try:
        parts = urlsplit(text if "://" in text else f"http://{text}")
        port = parts.port
    except ValueError:
        return ("", text, None)
    scheme = parts.scheme.lower()
    return scheme, (parts.hostname or "").lower(), port or {"http": 80, "https": 443}.get(scheme)


def sdk_client(url: str, api_key: str):
    """``LabelStudio(base_url=url, api_key=api_key)`` with :data:`PULL_TIMEOUT` and no
    redirects."""
    # The SDK's client loads its whole generated API (seconds); only START_TRAINING needs it.
    from label_studio_sdk import LabelStudio

    return LabelStudio(base_url=url, api_key=api_key, timeout=PULL_TIMEOUT, follow_redirects=False)
