"""Kill the backend with SIGKILL while threads post annotation events; count what survived.

Each cycle starts the backend under gunicorn (one worker, as it is served) on one ``MODEL_DIR``,
lets ``threads`` threads post ANNOTATION_CREATED webhooks as fast as they are answered, and
kills the whole process group with SIGKILL at a random moment. Then every event that was
answered 2xx, in this cycle or an earlier one, must be in the project's segment store, read the
way a restarted backend reads it (the registry's model of the project). The next cycle's start
is the restart: it must load what the last one left, torn journal line included.

:func:`crash_cycles` is the benchmark (the real encoder, ``docs/reliability.md``);
``tests/backend/test_crash.py`` runs :func:`run_crash_cycles` with the fake encoder and fewer
cycles. Segment texts carry U+2028, U+2029 and U+0085, which once split journal lines.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests

from ls_thematic.backend.config import Settings
from ls_thematic.backend.registry import ModelRegistry
from ls_thematic.label_config.codebook import Codebook
from ls_thematic.label_config.lsxml import codebook_to_label_config
from ls_thematic.scripts.lsserver import free_port

PROJECT = {"id": 1, "created_at": "2026-01-05T10:00:00.000000Z"}
CODEBOOK = {
    "title": "Crash test",
    "codes": [
        {"name": "Sleep", "description": "Problems with sleep at night, lying awake."},
        {"name": "Money", "description": "Costs, money, paying for treatment."},
    ],
}
# The coded extracts: each holds a character str.splitlines() once took for a line end.
EXTRACTS = (
    ("I lie awake\u2028for hours every night.", "Sleep"),
    ("The tablets cost\u2029more than the rent.", "Money"),
    ("Nights are long\u0085and I am tired all day.", "Sleep"),
)
TEXT = "P1: " + " ".join(text for text, _ in EXTRACTS)
HEALTH_TIMEOUT_S = 300.0  # a loaded 2-core machine needs a minute to import the app


def crash_cycles(cycles: int = 20, threads: int = 8, seed: int = 0) -> dict:
    """The benchmark: :func:`run_crash_cycles` with the real (default) encoder, offline.

    Returns ``{"cycles", "acknowledged", "found", "lost", "seconds"}``.
    """
    with tempfile.TemporaryDirectory(prefix="ls-thematic-crash-") as tmp:
        return run_crash_cycles(Path(tmp), cycles=cycles, threads=threads, seed=seed)


def run_crash_cycles(
    folder: Path,
    *,
    cycles: int,
    threads: int = 8,
    seed: int = 0,
    encoder: str | None = None,
    kill_after: tuple[float, float] = (0.5, 3.0),
    database_url: str | None = None,
    workers: int = 1,
) -> dict:
    """Run ``cycles`` start-post-SIGKILL cycles with ``MODEL_DIR=folder/models``.

    Parameters
    ----------
    folder : Path
        A scratch folder: ``models/`` and one gunicorn log per cycle go there.
    encoder : str, optional
        ``ENCODER`` of the backend; ``None`` keeps its default (the real encoder).
    kill_after : (float, float)
        The kill comes this many seconds (uniform) after the threads start posting.
    database_url : str, optional
        ``BACKEND_DATABASE_URL`` of the backend (the segments in PostgreSQL); ``None``: the
        folder store under ``MODEL_DIR``.
    workers : int
        gunicorn's ``-w`` (more than one needs ``database_url``).

    Returns
    -------
    dict
        ``cycles``; ``acknowledged`` events (answered 2xx); ``found`` of them in the store
        after the cycles; ``lost`` (acknowledged, missing after some restart); ``seconds``;
        ``per_cycle``: the events acknowledged in each cycle; ``refused``: the answers other
        than 2xx of a live backend (``"<status>: <body>"``), which should be none.
    """
    rng = random.Random(seed)
    model_dir = folder / "models"
    acknowledged: list[int] = []
    lost: set[int] = set()
    per_cycle, refused = [], []
    started = time.monotonic()
    label_config = codebook_to_label_config(Codebook.from_dict(CODEBOOK))
    for cycle in range(cycles):
        log = folder / f"gunicorn-{cycle}.log"
        proc, url = _start(model_dir, encoder, log, database_url, workers)
        try:
            acked = _post_until_killed(
                url, proc, cycle, threads, label_config, rng, kill_after, refused
            )
        finally:
            _kill(proc)
        acknowledged += acked
        per_cycle.append(len(acked))
        lost |= _missing(model_dir, encoder, acknowledged, database_url)
    found = len(acknowledged) - len(_missing(model_dir, encoder, acknowledged, database_url))
    return {
        "cycles": cycles,
        "acknowledged": len(acknowledged),
        "found": found,
        "lost": len(lost),
        "seconds": time.monotonic() - started,
        "per_cycle": per_cycle,
        "refused": refused,
    }


def annotation_event(annotation_id: int, label_config: str) -> dict:
    """An ANNOTATION_CREATED webhook as Label Studio sends it: one coded span per extract."""
    task = {"id": 5, "project": PROJECT["id"], "data": {"text": TEXT, "participant": "P1"}}
    text, code = EXTRACTS[annotation_id % len(EXTRACTS)]
    start = TEXT.index(text)
    region = {
        "id": f"r{annotation_id}",
        "from_name": "code",
        "to_name": "text",
        "type": "labels",
        "value": {"start": start, "end": start + len(text), "text": text, "labels": [code]},
    }
    return {
        "action": "ANNOTATION_CREATED",
        "project": {**PROJECT, "label_config": label_config},
        "annotation": {"id": annotation_id, "result": [region], "completed_by": 1, "task": 5},
        "task": task,
    }


def _post_until_killed(
    url, proc, cycle, threads, label_config, rng, kill_after, refused
) -> list[int]:
    """Start the posting threads, SIGKILL the backend after a random delay; the acked ids."""
    acked: list[int] = []
    lock = threading.Lock()

    def post(worker: int) -> None:
        session = requests.Session()
        for i in range(1_000_000):
            annotation_id = (cycle * 100 + worker) * 1_000_000 + i
            try:
                response = session.post(
                    f"{url}/webhook",
                    json=annotation_event(annotation_id, label_config),
                    headers={"Content-Type": "application/json"},
                    timeout=30,
                )
            except requests.RequestException:
                return  # killed: this event was not acknowledged
            if 200 <= response.status_code < 300:
                with lock:
                    acked.append(annotation_id)
            elif proc.poll() is None:
                with lock:
                    refused.append(f"{response.status_code}: {response.text[:300]}")

    posting = [threading.Thread(target=post, args=(w,), daemon=True) for w in range(threads)]
    for thread in posting:
        thread.start()
    time.sleep(rng.uniform(*kill_after))
    _kill(proc)
    for thread in posting:
        thread.join(60)
    return acked


def _start(
    model_dir: Path, encoder: str | None, log: Path, database_url: str | None, workers: int
) -> tuple[subprocess.Popen, str]:
    url = f"http://127.0.0.1:{free_port()}"
    env = {**os.environ, "MODEL_DIR": str(model_dir), "HF_HUB_OFFLINE": "1"}
    env.pop("ENCODER", None)
    env.pop("BACKEND_DATABASE_URL", None)
    if encoder is not None:
        env["ENCODER"] = encoder
    if database_url is not None:
        env["BACKEND_DATABASE_URL"] = database_url
    gunicorn = Path(sys.executable).with_name("gunicorn")
    command = [
        *(str(gunicorn), "-w", str(workers), "--threads", "4", "-b", url.removeprefix("http://")),
        *("--no-control-socket", "--timeout", "120", "ls_thematic.backend.app:create_app()"),
    ]
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            command, stdout=out, stderr=subprocess.STDOUT, env=env, start_new_session=True
        )
    deadline = time.monotonic() + HEALTH_TIMEOUT_S
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(
                f"The backend exited at start; see {log}:\n{log.read_text()[-2000:]}"
            )
        try:
            if requests.get(f"{url}/health", timeout=2).ok:
                return proc, url
        except requests.RequestException:
            pass
        time.sleep(0.2)
    _kill(proc)
    raise RuntimeError(f"The backend did not answer {url}/health in {HEALTH_TIMEOUT_S:.0f} s.")


def _kill(proc: subprocess.Popen) -> None:
    """SIGKILL the backend's process group (master and worker), as a crash or the OOM killer."""
    if proc.poll() is None:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    proc.wait()


def _missing(
    model_dir: Path, encoder: str | None, ids: list[int], database_url: str | None = None
) -> set[int]:
    """The ``ids`` the project's store does not hold, loaded as a restarted backend loads it."""
    if not ids:
        return set()
    # No encoder is loaded.
    settings = Settings(model_dir=model_dir, encoder=encoder or "fake", database_url=database_url)
    registry = ModelRegistry(settings)
    try:
        store = registry.get(PROJECT["id"]).store
        return {annotation_id for annotation_id in ids if not store.has_annotation(annotation_id)}
    finally:
        registry.close()


if __name__ == "__main__":
    print(crash_cycles(cycles=int(sys.argv[1]) if len(sys.argv) > 1 else 20))
