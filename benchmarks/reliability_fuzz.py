"""Fuzzing a real backend: hostile bodies posted to a gunicorn process, ``/health`` probed meanwhile.

The bodies are those of ``tests/backend/test_fuzz.py`` (the generators live in
``tests/backend/fuzz_bodies.py``); here they go to a real gunicorn backend
(``-c python:ls_thematic.backend.gunicorn_conf``, the packaged all-MiniLM-L6-v2 encoder,
``HF_HUB_OFFLINE=1``) on a temporary ``MODEL_DIR``, after one valid ``/setup`` and ``/predict``
(which loads the encoder, outside the measurement). A thread asks ``/health`` every 0.2 s; a probe
fails when it gets no 200 within 2 s.

Nothing leaves the machine: the bodies never hold START_TRAINING, and ``LABEL_STUDIO_URL`` points
at a closed local port.

Run: ``python benchmarks/reliability_fuzz.py [--bodies N] [--seed S]`` (or through
``bench_reliability.py``, which writes ``docs/reliability.md``).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import requests

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
from ls_thematic.scripts.lsserver import free_port  # noqa: E402
from tests.backend.fuzz_bodies import (  # noqa: E402
    CLOSED_LOCAL_URL,
    PROJECT,
    FuzzRequest,
    for_each_request,
    fuzz_label_config,
    valid_bodies,
)

HEALTH_EVERY_S = 0.2
HEALTH_TIMEOUT_S = 2.0
POST_TIMEOUT_S = 60.0
START_TIMEOUT_S = 180.0


def _post_once_more_if_stale(session: requests.Session, url: str, request: FuzzRequest) -> int:
    """Post ``request``; when the kept-alive connection was closed under it, post once more.

    gunicorn closes a connection idle for its keep-alive time (2 s); a body that takes the
    client longer than that to generate then goes out on a closed socket and gets no answer,
    which says nothing about the backend. A second failure is counted.
    """
    for attempt in (1, 2):
        try:
            return session.post(
                url + request.path,
                data=request.data,
                headers={"Content-Type": request.content_type},
                timeout=POST_TIMEOUT_S,
            ).status_code
        except requests.ConnectionError as exc:
            stale = "RemoteDisconnected" in str(exc) or "Connection aborted" in str(exc)
            if attempt == 2 or not stale:
                raise
    raise AssertionError("unreachable")


def fuzz(n_bodies: int = 10_000, seed: int = 0, *, log_to: Path | None = None) -> dict:
    """Post ``n_bodies`` fuzzed bodies to a fresh real backend; count answers and /health probes.

    ``log_to``: where to copy the backend's log (its errors and tracebacks) at the end.

    Returns
    -------
    dict
        ``requests`` (bodies posted), ``status_5xx``, ``status_counts`` (``{status: n}``; a post
        that got no answer at all counts under ``"no answer"``), ``health_failures``,
        ``health_max_ms`` (the slowest probe that answered), ``seconds`` (the posting, without
        the start), and ``failed``: up to 20 posts that got a 5xx or no answer
        (``{"status", "path", "how", "seconds", "at", "error"}``; ``at``: seconds into the run).
    """
    with tempfile.TemporaryDirectory(prefix="ls-thematic-fuzz-") as tmp:
        with running_backend(Path(tmp)) as url:
            session = requests.Session()
            label_config = fuzz_label_config()
            first = session.post(
                f"{url}/setup", json={"project": PROJECT, "schema": label_config}, timeout=60
            )
            first.raise_for_status()
            # Warm up: the first /predict loads the encoder (a minute on a busy 2-core machine);
            # the run measures the backend serving, not its cold start.
            valid_predict = next(
                body for path, body in valid_bodies(label_config) if path == "/predict"
            )
            session.post(
                f"{url}/predict", json=valid_predict, timeout=START_TIMEOUT_S
            ).raise_for_status()
            counts: Counter = Counter()
            failed: list[dict] = []
            probe = HealthProbe(f"{url}/health")
            probe.start()
            started = time.perf_counter()

            def post(request: FuzzRequest) -> None:
                sent = time.perf_counter()
                error = ""
                try:
                    status = _post_once_more_if_stale(session, url, request)
                except requests.RequestException as exc:
                    status, error = "no answer", f"{type(exc).__name__}: {exc}"[:200]
                counts[status] += 1
                if (status == "no answer" or status >= 500) and len(failed) < 20:
                    took = round(time.perf_counter() - sent, 1)
                    failed.append(
                        {"status": status, "path": request.path, "how": request.how,
                         "seconds": took, "at": round(sent - started, 1), "error": error}
                    )  # fmt: skip

            try:
                for_each_request(label_config, post, n=n_bodies, seed=seed)
            finally:
                seconds = time.perf_counter() - started
                probe.stop()
        if log_to is not None:
            shutil.copyfile(Path(tmp) / "backend.log", log_to)
    return {
        "requests": sum(counts.values()),
        "status_5xx": sum(n for code, n in counts.items() if isinstance(code, int) and code >= 500),
        "status_counts": dict(sorted(counts.items(), key=lambda item: str(item[0]))),
        "health_failures": probe.failures,
        "health_max_ms": probe.max_ms,
        "seconds": seconds,
        "failed": failed,
    }


class HealthProbe(threading.Thread):
    """Ask ``/health`` every ``every_s`` seconds until stopped; count failures (no 200 within
    :data:`HEALTH_TIMEOUT_S`) and keep the milliseconds of every probe that answered."""

    def __init__(self, url: str, every_s: float = HEALTH_EVERY_S):
        super().__init__(daemon=True)
        self.url = url
        self.every_s = every_s
        self.failures = 0
        self.answered_ms: list[float] = []
        self._stop_event = threading.Event()

    @property
    def max_ms(self) -> float:
        return max(self.answered_ms, default=0.0)

    def run(self) -> None:
        session = requests.Session()
        while not self._stop_event.wait(self.every_s):
            started = time.perf_counter()
            try:
                ok = session.get(self.url, timeout=HEALTH_TIMEOUT_S).status_code == 200
            except requests.RequestException:
                ok = False
            if ok:
                self.answered_ms.append((time.perf_counter() - started) * 1000)
            else:
                self.failures += 1

    def stop(self) -> None:
        self._stop_event.set()
        self.join(timeout=HEALTH_TIMEOUT_S + 1)


@contextlib.contextmanager
def running_backend(folder: Path) -> Iterator[str]:
    """A gunicorn backend on a free loopback port, MODEL_DIR under ``folder``; yields its URL."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("BASIC_AUTH_")}
    env.pop("ENCODER", None)  # the default: the packaged all-MiniLM-L6-v2
    env.update(
        MODEL_DIR=str(folder / "models"),
        HF_HUB_OFFLINE="1",
        TRANSFORMERS_OFFLINE="1",
        LABEL_STUDIO_URL=CLOSED_LOCAL_URL,
        LABEL_STUDIO_API_KEY="fuzz-token",
    )
    gunicorn = Path(sys.executable).with_name("gunicorn")
    log_path = folder / "backend.log"
    url = f"http://127.0.0.1:{port}"
    with log_path.open("wb") as log:
        proc = subprocess.Popen(
            [str(gunicorn), "-c", "python:ls_thematic.backend.gunicorn_conf",
             "-b", f"127.0.0.1:{port}", "--timeout", "120",
             "ls_thematic.backend.app:create_app()"],
            env=env, cwd=folder, stdout=log, stderr=log,
        )  # fmt: skip
    try:
        _wait_healthy(url, proc, log_path)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _wait_healthy(url: str, proc: subprocess.Popen, log_path: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            tail = log_path.read_text(errors="replace")[-2000:]
            raise RuntimeError(f"The backend exited at start:\n{tail}")
        try:
            if requests.get(f"{url}/health", timeout=1).ok:
                return
        except requests.RequestException:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"The backend did not answer {url}/health within {START_TIMEOUT_S:.0f} s.")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bodies", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--log", type=Path, help="copy the backend's log here")
    args = parser.parse_args(argv)
    result = fuzz(n_bodies=args.bodies, seed=args.seed, log_to=args.log)
    print(json.dumps(result, indent=2, default=str))
    return 0 if result["status_5xx"] == 0 and result["health_failures"] == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
