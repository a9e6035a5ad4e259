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

Every error is a JSON object ``{"error": "..."}``: 400 for bad input, 401 without the Basic auth
credentials (when configured), 404/405 for unknown routes and methods, 413 for a body over
``MAX_BODY_BYTES``, and 500, without a traceback, for anything unexpected (logged).

Serve it with ONE worker process (the models and the refit thread live in its memory)::

    gunicorn -w 1 --threads 4 -b 127.0.0.1:9090 'ls_thematic.backend.app:create_app()'
"""

from __future__ import annotations

import hmac
import json
import logging
from collections.abc import Callable

from flask import Flask, Response, jsonify, request
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from ls_thematic.label_config.errors import InputError, ThematicError

from .config import Settings
from .encoders import get_encoder
from .model import ThematicModel
from .registry import ModelRegistry

log = logging.getLogger(__name__)

REGISTRY_KEY = "ls_thematic.registry"
OPEN_ROUTES = frozenset({"/health"})


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
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = settings.max_body_bytes
    registry = ModelRegistry(settings, client_factory=client_factory)
    app.extensions[REGISTRY_KEY] = registry
    registry.resume_pending()
    _add_basic_auth(app, settings)
    _add_routes(app, registry)
    _add_error_handlers(app, settings)
    return app


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
        if not isinstance(tasks, list) or not tasks:
            raise InputError("tasks must be a non-empty list of Label Studio tasks.")
        project = body.get("project")
        if project is None and isinstance(tasks[0], dict):
            project = tasks[0].get("project")
        label_config = body.get("label_config")
        model = registry.get(project, label_config)
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
        project = request.args.get("project")
        if project is not None:
            model = registry.get(project)
            return jsonify(versions=[model.model_version], project=model.project_id)
        current = {}
        for project_id in registry.known_projects():
            try:
                current[project_id] = registry.get(project_id).model_version
            except InputError:
                continue
        return jsonify(versions=sorted(set(current.values())), projects=current)


def _add_error_handlers(app: Flask, settings: Settings) -> None:
    """Every error as ``{"error": "..."}``: 400, 413, 404/405 and a 500 without a traceback."""

    @app.errorhandler(ThematicError)
    def bad_input(exc: ThematicError):
        log.info("400 on %s %s: %s", request.method, request.path, exc)
        return jsonify(error=str(exc)), 400

    @app.errorhandler(RequestEntityTooLarge)
    def too_large(exc: RequestEntityTooLarge):
        return jsonify(
            error=f"The request body is larger than the limit of {settings.max_body_bytes} bytes "
            "(MAX_BODY_BYTES); send fewer or smaller tasks per request, or raise the limit."
        ), 413

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        allowed = "GET /health, POST /setup, POST /predict, POST /webhook, GET /versions"
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


def _use_gunicorn_logging() -> None:
    """Under gunicorn, send this package's log records to gunicorn's error log."""
    package = logging.getLogger(__name__.rpartition(".")[0])
    gunicorn = logging.getLogger("gunicorn.error")
    if gunicorn.handlers and not package.handlers:
        package.handlers = list(gunicorn.handlers)
        package.setLevel(gunicorn.level)
        package.propagate = False


def _json_body() -> dict:
    raw = request.get_data(cache=True)
    if not raw.strip():
        raise InputError("The request body is empty; send a JSON object.")
    try:
        body = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise InputError(
            f"The request body is not valid JSON ({exc}); send a JSON object."
        ) from None
    if not isinstance(body, dict):
        raise InputError(
            f"The request body must be a JSON object; found a JSON {type(body).__name__}."
        )
    return body


def _require(body: dict, *keys: str) -> None:
    missing = [key for key in keys if body.get(key) is None]
    if missing:
        raise InputError(
            f"The request is missing {', '.join(repr(k) for k in missing)}; "
            f"{request.path} needs {', '.join(repr(k) for k in keys)}."
        )
