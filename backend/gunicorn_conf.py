"""gunicorn settings for the suggestion backend::

    gunicorn -c python:ls_thematic.backend.gunicorn_conf -b 127.0.0.1:9090 \\
        'ls_thematic.backend.app:create_app()'

* **One worker** (``workers = 1``) with the folder store: the segments, the models and the
  refit thread live in that process's memory, so the start is refused with any other number;
  ``threads = 4`` serves requests concurrently inside it. With ``BACKEND_DATABASE_URL`` the
  segments live in PostgreSQL and ``-w N`` is allowed: each worker keeps its own fitted models
  and catches up with the database's revision of a project before answering for it.
* **Idle connections kept 75 s** (``keepalive = 75``, nginx's default ``keepalive_timeout``).
  Label Studio's ML connector sends ``/predict`` and ``/webhook`` over a pooled
  ``requests.Session`` per process, which reuses an idle connection seconds or minutes later.
  gunicorn's default of 2 s closes a connection just as the next request may go out on it,
  which then fails with "Connection reset by peer": issue 14's load test saw it on Label
  Studio's own gunicorn, and this backend did it with a busy worker and clients pausing about
  the keep-alive (7 resets in 748 requests; none with 75 s). A server's idle timeout should
  outlast its clients' usual pauses: then it closes only connections idle for over a minute,
  which a client seldom picks up again in the very millisecond they close. The ``gthread``
  worker keeps an idle connection in its event loop, not in a thread (at most
  ``worker_connections`` of them, 1,000 by default), so a long keep-alive costs no thread.
* **No control socket** (``control_socket_disable``): gunicorn 25+ would otherwise open
  ``$XDG_RUNTIME_DIR/gunicorn.ctl`` or ``~/.gunicorn/gunicorn.ctl``, one path shared by every
  gunicorn of the user, so two backends on one machine would take each other's socket.
* **No open door**: bound to an address other than loopback (``127.0.0.0/8``, ``::1``,
  ``localhost``) or a Unix socket, the start is refused unless ``BASIC_AUTH_USER`` and
  ``BASIC_AUTH_PASS`` are set. The check runs in :func:`on_starting`, on the addresses gunicorn
  will bind (the command line's ``-b`` included), before it listens.

Options on the command line override those of this module (``--threads 8``).
"""

from __future__ import annotations

from ls_thematic.backend.config import Settings, is_loopback

workers = 1
threads = 4
#: Seconds an idle kept-alive connection stays open: longer than the pauses between the requests
#: of Label Studio's pooled connections, which met a connection closing after gunicorn's default
#: 2 s and failed with "Connection reset by peer" (see the note above).
keepalive = 75
control_socket_disable = True


def on_starting(server) -> None:
    """gunicorn's hook before it binds: refuse a start :func:`start_problem` objects to."""
    try:
        settings = Settings.from_env()
    except ValueError as exc:
        raise RuntimeError(str(exc)) from None  # gunicorn prints it and exits with 1
    problem = start_problem(
        server.cfg.address,
        server.cfg.workers,
        basic_auth=settings.basic_auth,
        shared_store=settings.database_url is not None,
    )
    if problem:
        raise RuntimeError(problem)


def start_problem(
    addresses: list, workers: int, *, basic_auth: bool, shared_store: bool = False
) -> str | None:
    """Why the backend must not start with these settings, or ``None``.

    Parameters
    ----------
    addresses : list
        gunicorn's ``cfg.address``: ``(host, port)`` tuples, Unix socket paths (str) and file
        descriptors (int).
    workers : int
        gunicorn's worker processes.
    basic_auth : bool
        Whether ``BASIC_AUTH_USER`` and ``BASIC_AUTH_PASS`` are set.
    shared_store : bool
        Whether ``BACKEND_DATABASE_URL`` is set (the segments live in PostgreSQL, which
        several workers share).
    """
    if workers != 1 and not shared_store:
        return (
            f"The ls-thematic backend runs with exactly one worker process when its segments "
            f"live in MODEL_DIR (its models and refit thread live in that process's memory); "
            f"got {workers} workers. Use -w 1 (the default of this config) and --threads for "
            "concurrency, or set BACKEND_DATABASE_URL=postgresql://... to keep the segments in "
            "PostgreSQL, which several workers can share."
        )
    if workers < 1:
        return f"gunicorn needs at least one worker; got {workers}."
    open_to = [_describe(a) for a in addresses if not _local(a)]
    if open_to and not basic_auth:
        return (
            f"Refusing to serve the ls-thematic backend on {', '.join(open_to)}: that is not a "
            "loopback address, so other machines could reach it, and BASIC_AUTH_USER and "
            "BASIC_AUTH_PASS are not set. Set both (and the same credentials in Label Studio's "
            "model connection), or bind to 127.0.0.1."
        )
    return None


def _local(address: object) -> bool:
    if isinstance(address, str):
        return True  # a Unix socket: reachable from this machine only
    if isinstance(address, tuple):
        return is_loopback(str(address[0]))
    return False  # a file descriptor handed over by systemd or a parent: unknown reach


def _describe(address: object) -> str:
    if isinstance(address, tuple):
        host, port = address
        return f"[{host}]:{port}" if ":" in str(host) else f"{host}:{port}"
    return f"file descriptor {address}"
