"""The HTTP shell: Label Studio's ML backend protocol on Flask, over :mod:`.model`.

Routes only translate HTTP into calls of :class:`~ls_thematic.backend.registry.ModelRegistry` and
:class:`~ls_thematic.backend.model.ThematicModel`, and their results and errors back into JSON:

``GET /health``
    ``{"status": "UP"}``; never needs credentials.
``POST /setup``
    ``{project: "<id>.<created_ts>", schema: <labelling XML>, hostname, access_token}`` ->
    ``{"model_version": ...}``. Reads the config and the stored segments only (milliseconds);
    the encoder is warmed up afterwards by the background worker, never inside the request.
``POST /predict``
    ``{tasks: [...], project, label_config, params: {context}}`` ->
    ``{"results": [{"result", "score", "model_version"}, ...]}``, one per task, in order. In a
    batch, a task without usable text gets an empty result (its reason is logged and listed in
    ``"errors"``: ``[{"index", "task", "error"}]``); a 400 only when no task is usable.
``POST /webhook``
    Label Studio's events. Training events are applied to the project's segment store before
    the answer (durably) and the refit is queued for the worker; other events are ignored.
``GET /versions``
    ``{"versions": [...]}``: the current model version of one project (``?project=<id>``) or of
    every project this backend knows.
``GET /suggestions?project=<id>``
    ``{"project", "folder", "salt", "entries": [...]}``: the project's log of suggestions shown
    and withheld (:mod:`.suggestion_log`), for ``ls-thematic audit``.

Every route but ``/health`` is guarded, in this order: the ``Host`` header must name this
machine's loopback (``localhost``, ``127.0.0.0/8``, ``::1``) or a name in ``ALLOWED_HOSTS`` (403
otherwise: a web page cannot reach the backend through DNS rebinding); the Basic auth
credentials, when configured (401); a POST body must be sent as ``application/json`` (415
otherwise: a plain HTML form cannot post to it). A JSON body nested deeper than
:data:`MAX_JSON_DEPTH`, with a lone UTF-16 surrogate in a string, with ``NaN``/``Infinity`` or with
an integer beyond 64 bits is a 400 before any handler sees it.

Every error is a JSON object ``{"error": "..."}``: 400 for bad input, 401 without the Basic auth
credentials (when configured), 403 for a host not allowed, 404/405 for unknown routes and methods,
413 for a body over ``MAX_BODY_BYTES``, 415 for a body that is not JSON, and 500, without a
traceback, for anything unexpected (logged). Every 4xx is logged at INFO with its route and its
message (``400 on POST /predict: ...``, at most :data:`LOG_REASON_CHARS` characters), never the
request body: a quoted piece of a task's text in the message (a region's text, a field's value)
is replaced by ``<N characters of task text>``, so the log holds no transcript text.

Serve it with ONE worker process (the models and the refit thread live in its memory), with the
gunicorn settings of :mod:`.gunicorn_conf`::

    gunicorn -c python:ls_thematic.backend.gunicorn_conf -b 127.0.0.1:9090 \\
        'ls_thematic.backend.app:create_app()'
"""

from __future__ import annotations

import hmac
import json
import logging
import math
import re
from collections.abc import Callable

from flask import Flask, Response, g, jsonify, request
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from ls_thematic.label_config.errors import InputError, ThematicError

from . import stores
from .config import Settings, is_loopback
from .encoders import get_encoder
from .logredact import log_reason
from .model import ThematicModel
from .registry import ModelRegistry

log = logging.getLogger(__name__)

REGISTRY_KEY = "ls_thematic.registry"
OPEN_ROUTES = frozenset({"/health"})
JSON_TYPE = "application/json"
MAX_JSON_DEPTH = 64  # Label Studio's requests nest fewer than 10 levels
MAX_JSON_INT = 2**63 - 1  # Label Studio's ids are 64-bit integers
_SURROGATE = re.compile("[\ud800-\udfff]")
_PORT = re.compile(r"(:[0-9]{0,5})?")
_BODY_KEY = "ls_thematic_body"


def create_app(
    settings: Settings | None = None,
    *,
    client_factory: Callable[[str, str], object] | None = None,
) -> Flask:
    """Build the backend's Flask app.

    Parameters
    ----------
    settings : Settings, optional
        Defaults to :meth:`Settings.from_env` (the only place the environment is read).
    client_factory : callable, optional
        ``client_factory(url, api_key)`` -> label-studio-sdk client, for START_TRAINING; tests
        pass a stub. Defaults to ``LabelStudio(base_url=url, api_key=api_key)``.
    """
    settings = settings if settings is not None else Settings.from_env()
    _use_gunicorn_logging()
    get_encoder(settings.encoder)  # a wrong ENCODER fails here, at start; nothing is loaded
    stores.prepare(settings)  # MODEL_DIR locked by this process, or the database reached
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = settings.max_body_bytes
    registry = ModelRegistry(settings, client_factory=client_factory)
    app.extensions[REGISTRY_KEY] = registry
    registry.resume_pending()
    _add_host_check(app, settings)
    _add_basic_auth(app, settings)
    _add_json_only(app)
    _add_routes(app, registry)
    _add_error_handlers(app, settings)
    _add_client_error_log(app)
    return app


def _add_host_check(app: Flask, settings: Settings) -> None:
    """Refuse (403) requests whose ``Host`` is neither loopback nor in ``ALLOWED_HOSTS``."""

    @app.before_request
    def require_allowed_host() -> tuple[Response, int] | None:
        if request.path in OPEN_ROUTES:
            return None
        header = request.headers.get("Host", "")
        name = host_name(header)
        if name is not None and (is_loopback(name) or name in settings.allowed_hosts):
            return None
        allowed = ", ".join(("localhost", "127.0.0.1", "::1", *settings.allowed_hosts))
        return jsonify(
            error=f"This backend answers only requests addressed to {allowed}; this one was "
            f"addressed to Host {header[:100]!r}. To serve it under another name, add that name "
            "to ALLOWED_HOSTS (comma-separated)."
        ), 403


def host_name(header: str) -> str | None:
    """The host of a ``Host`` header: lower-case, without port, brackets or trailing dot.

    ``None`` when the header is empty or malformed (a port that is not a number, an unclosed
    ``[``).
    """
    text = header.strip().lower()
    if text.startswith("["):
        name, bracket, port = text[1:].partition("]")
    elif text.count(":") > 1:
        name, bracket, port = text, "", ""  # a bare IPv6 address
    else:
        name, bracket, port = text.partition(":")
        port = bracket + port
    if text.startswith("[") and not bracket:
        return None
    name = name.rstrip(".")
    if not name or not _PORT.fullmatch(port):
        return None
    return name


def _add_basic_auth(app: Flask, settings: Settings) -> None:
    """Require the Basic auth credentials on every route but :data:`OPEN_ROUTES`, if set."""

    @app.before_request
    def require_basic_auth() -> Response | None:
        if not settings.basic_auth or request.path in OPEN_ROUTES:
            return None
        auth = request.authorization
        ok = (
            auth is not None
            and auth.type == "basic"
            and hmac.compare_digest(
                (auth.username or "").encode(), settings.basic_auth_user.encode()
            )
            and hmac.compare_digest(
                (auth.password or "").encode(), settings.basic_auth_pass.encode()
            )
        )
        if ok:
            return None
        response = jsonify(
            error="This backend needs HTTP Basic auth credentials "
            "(BASIC_AUTH_USER/BASIC_AUTH_PASS); none or wrong ones were sent."
        )
        response.status_code = 401
        response.headers["WWW-Authenticate"] = 'Basic realm="ls-thematic backend"'
        return response


def _add_json_only(app: Flask) -> None:
    """Refuse (415) a POST whose body is not ``application/json``: what an HTML form sends
    (``text/plain``, urlencoded, multipart) never reaches a handler."""

    @app.before_request
    def require_json() -> tuple[Response, int] | None:
        if request.method != "POST" or request.path in OPEN_ROUTES or request.url_rule is None:
            return None  # unknown routes and methods get their 404/405
        if request.mimetype == JSON_TYPE:
            return None
        sent = request.content_type or "no Content-Type"
        return jsonify(
            error=f"{request.path} accepts only Content-Type {JSON_TYPE} (a charset parameter "
            f"is fine); this request was sent as {sent[:100]!r}."
        ), 415


def _add_routes(app: Flask, registry: ModelRegistry) -> None:
    """The protocol's routes: each reads the request, makes one call, answers JSON."""

    @app.get("/health")
    def health():
        return jsonify(status="UP", model_class=ThematicModel.__name__)

    @app.post("/setup")
    def setup():
        body = _json_body()
        _require(body, "project", "schema")
        model = registry.get(body["project"], body["schema"])
        model.set_connection(body.get("hostname"), body.get("access_token"))
        answer = model.setup()
        registry.warm_up(model)  # load the encoder and fit, off the request
        return jsonify(answer)

    @app.post("/predict")
    def predict():
        body = _json_body()
        _require(body, "tasks")
        tasks = body["tasks"]
        if not isinstance(tasks, list):
            raise InputError("tasks must be a list of Label Studio tasks.")
        project = body.get("project")
        if project is None and tasks and isinstance(tasks[0], dict):
            project = tasks[0].get("project")
        label_config = body.get("label_config")
        model = registry.get(project, label_config)
        if not tasks:
            # Label Studio sends none when another request stored predictions for them between
            # its check and its call ("Retrieve predictions" by two coders): nothing to predict.
            return jsonify({"results": [], "model_version": model.model_version})
        params = body.get("params") if isinstance(body.get("params"), dict) else {}
        context = params.get("context", body.get("context"))
        results, errors = model.predict_batch(tasks, context=context)
        answer = {"results": results, "model_version": results[0]["model_version"]}
        if errors:
            # Label Studio reads only "results"; the reasons are for people and logs.
            answer["errors"] = errors
        return jsonify(answer)

    @app.post("/webhook")
    def webhook():
        body = _json_body()
        _require(body, "action")
        action = body["action"]
        if not isinstance(action, str):
            raise InputError(
                f"action must be an event name such as ANNOTATION_CREATED; found "
                f"{type(action).__name__}."
            )
        return jsonify(registry.handle_event(action, body))

    @app.get("/versions")
    def versions():
        return jsonify(registry.versions(request.args.get("project")))

    @app.get("/suggestions")
    def suggestions():
        project = request.args.get("project")
        if not project:
            raise InputError(
                "GET /suggestions needs ?project=<id> (the Label Studio project whose logged "
                "suggestions to return)."
            )
        return jsonify(registry.suggestions(project))


def _add_error_handlers(app: Flask, settings: Settings) -> None:
    """Every error as ``{"error": "..."}``: 400, 413, 404/405 and a 500 without a traceback."""

    @app.errorhandler(ThematicError)
    def bad_input(exc: ThematicError):
        return jsonify(error=str(exc)), 400  # logged by _add_client_error_log

    @app.errorhandler(RequestEntityTooLarge)
    def too_large(exc: RequestEntityTooLarge):
        return jsonify(
            error=f"The request body is larger than the limit of {settings.max_body_bytes} bytes "
            "(MAX_BODY_BYTES); send fewer or smaller tasks per request, or raise the limit."
        ), 413

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        allowed = (
            "GET /health, POST /setup, POST /predict, POST /webhook, GET /versions, "
            "GET /suggestions"
        )
        message = f"{exc.code} {exc.name}: {exc.description}"
        if exc.code in (404, 405):
            message += f" This backend serves: {allowed}."
        return jsonify(error=message), exc.code

    @app.errorhandler(Exception)
    def unexpected(exc: Exception):
        log.exception("500 on %s %s", request.method, request.path)
        return jsonify(
            error=f"Internal error ({type(exc).__name__}); the backend's log has the details."
        ), 500


def _add_client_error_log(app: Flask) -> None:
    """Log every 4xx at INFO: ``<status> on <method> <route>: <reason>`` (see :func:`log_reason`).

    Whoever answered it (a guard, a handler, an error handler), the reason is the ``error`` of the
    JSON answer; a load test or an operator reads in the log why Label Studio got a 400."""

    @app.after_request
    def log_client_error(response: Response) -> Response:
        if 400 <= response.status_code < 500:
            answer = response.get_json(silent=True)
            message = answer.get("error") if isinstance(answer, dict) else None
            log.info(
                "%d on %s %s: %s",
                response.status_code,
                request.method,
                request.path,
                log_reason(message, g.get(_BODY_KEY)),
            )
        return response


def _use_gunicorn_logging() -> None:
    """Under gunicorn, send this package's log records to gunicorn's error log."""
    package = logging.getLogger(__name__.rpartition(".")[0])
    gunicorn = logging.getLogger("gunicorn.error")
    if gunicorn.handlers and not package.handlers:
        package.handlers = list(gunicorn.handlers)
        package.setLevel(gunicorn.level)
        package.propagate = False


def _json_body() -> dict:
    """The request's JSON object, checked by :func:`check_json` before any handler sees it."""
    raw = request.get_data(cache=True)
    if not raw.strip():
        raise InputError("The request body is empty; send a JSON object.")
    try:
        body = json.loads(raw, parse_constant=_no_constant, parse_int=_int64)
    except RecursionError:
        raise InputError(_too_deep(None)) from None
    except ThematicError:
        raise  # from parse_int: an integer beyond 64 bits
    except (ValueError, UnicodeDecodeError) as exc:
        raise InputError(
            f"The request body is not valid JSON ({exc}); send a JSON object."
        ) from None
    if not isinstance(body, dict):
        raise InputError(
            f"The request body must be a JSON object; found a JSON {type(body).__name__}."
        )
    check_json(body)
    g.setdefault(_BODY_KEY, body)  # for log_reason, should the answer be a 4xx
    return body


def check_json(body: object) -> None:
    """Refuse what no handler should see: nesting deeper than :data:`MAX_JSON_DEPTH`, lone
    UTF-16 surrogates in strings or keys (they cannot be written as UTF-8), non-finite floats.

    Iterative, linear in the size of ``body``. Raises :class:`InputError` naming the field path
    (``tasks[0].data.text``).
    """
    stack: list[tuple[object, tuple | None, int]] = [(body, None, 0)]
    while stack:
        value, path, depth = stack.pop()
        if depth > MAX_JSON_DEPTH:
            raise InputError(_too_deep(path))
        if isinstance(value, str):
            _check_text(value, path)
        elif isinstance(value, float) and not math.isfinite(value):
            raise InputError(
                f"{_path_text(path)} is {value}; JSON numbers must be finite (at most about "
                "1.8e308)."
            )
        elif isinstance(value, dict):
            for key, item in value.items():
                _check_text(key, (path, key), key=True)
                stack.append((item, (path, key), depth + 1))
        elif isinstance(value, list):
            stack.extend((item, (path, i), depth + 1) for i, item in enumerate(value))


def _check_text(text: str, path: tuple | None, *, key: bool = False) -> None:
    found = _SURROGATE.search(text)
    if found is None:
        return
    what = f"The key {_path_text(path)}" if key else _path_text(path)
    raise InputError(
        f"{what} holds a lone UTF-16 surrogate (U+{ord(found.group()):04X}), which is not "
        "text; send valid Unicode (a \\u escape of a surrogate only as half of a pair)."
    )


def _path_text(path: tuple | None) -> str:
    """``(((None, "tasks"), 0), "data")`` -> ``"tasks[0].data"``; the root is "the request body"."""
    steps = []
    while path is not None:
        path, step = path
        steps.append(step)
    text = ""
    for step in reversed(steps):
        if isinstance(step, int):
            text += f"[{step}]"
        else:
            name = step.encode("utf-8", "backslashreplace").decode("utf-8")[:60]
            text += f".{name}" if text else name
    if len(text) > 120:
        text = text[:117] + "..."
    return text or "the request body"


def _too_deep(path: tuple | None) -> str:
    where = "" if path is None else f" (at {_path_text(path)})"
    return (
        f"The request body nests JSON arrays or objects more than {MAX_JSON_DEPTH} levels "
        f"deep{where}, the limit; Label Studio's requests nest fewer than 10."
    )


def _no_constant(name: str) -> float:
    raise ValueError(f"{name} is not a JSON number")


def _int64(text: str) -> int:
    value = int(text)
    if abs(value) > MAX_JSON_INT:
        raise InputError(
            f"The request body has the integer {text[:30]}{'...' if len(text) > 30 else ''}; "
            f"integers must lie between -{MAX_JSON_INT} and {MAX_JSON_INT} (64 bits)."
        )
    return value


def _require(body: dict, *keys: str) -> None:
    missing = [key for key in keys if body.get(key) is None]
    if missing:
        raise InputError(
            f"The request is missing {', '.join(repr(k) for k in missing)}; "
            f"{request.path} needs {', '.join(repr(k) for k in keys)}."
        )
