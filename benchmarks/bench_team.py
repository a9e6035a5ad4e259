"""Load test of issue 14: 20 simulated coders against the team stack and the single-process one.

Each coder is a Label Studio user of its own (signed up through the admin's invite link, its
API token read from ``/api/current-user/token``) and a thread that loops, for ``--minutes``: open a task the way the labelling page does (``GET
/api/tasks/N``, which asks the backend for a prediction when the task has none, then the
``retrieve_tasks_predictions`` action for that task, which asks ``/predict`` again once the
model moved), think a few seconds, save an annotation of 3-8 coded spans (``POST
/api/tasks/N/annotations/``, which sends the ``ANNOTATION_CREATED`` webhook to the backend), and
pause. The 50 transcripts of about 7,000 words are built from the demo transcripts (their turns
shuffled and repeated, seeded) and imported into the demo project.

Measured: p50/p95/p99 of opening a task (with its suggestions) and of saving an annotation, as
the coders saw them; of the backend's ``/predict`` and ``/webhook`` answers, from its access
log; of ``/predict`` for a warm transcript (a probe asks it for the same transcript every 5 s,
as Label Studio does; its answers after the run's first quarter count) (the benchmark gives gunicorn a log format with the request time through
``GUNICORN_CMD_ARGS``); the spans acknowledged (saved with a 201) against the segments in the
backend's store at the end (``/versions`` names the count: ``ls-thematic-<n>seg-…``); errors
(any other answer or exception, must be 0); the resident memory (VmRSS, and its peak VmHWM) of
every backend worker, from ``/proc``.

Stacks: ``team`` (:func:`~ls_thematic.scripts.team.stack.start_team`: PostgreSQL, Label Studio
under gunicorn with 3 workers, the backend with ``-w 4`` on PostgreSQL) and ``single``
(:func:`~ls_thematic.scripts.demo.up`: SQLite, ``label-studio start``, one backend process
with the folder store). Results go into ``docs/benchmarks.md`` between ``<!-- team:start -->``
and ``<!-- team:end -->``.

Run: ``python benchmarks/bench_team.py`` (10 minutes per stack plus their starts);
``--quick`` for 1 minute with 5 coders; ``--stack team`` for one stack.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import re
import shutil
import statistics
import sys
import tempfile
import threading
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

import requests
from label_studio_sdk import LabelStudio

from ls_thematic.scripts import demo
from ls_thematic.scripts.lsserver import free_port
from ls_thematic.scripts.team import stack

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_quality import DEFAULT_DOCS, machine_info, machine_line, update_section  # noqa: E402
from bench_workers import worker_memory  # noqa: E402

N_TRANSCRIPTS = 50
WORDS = 7_000
CODER_PASSWORD = "bench-coder-pw-2026"
#: gunicorn's access log line of the backend, with the request time in seconds (``%(L)s``).
ACCESS_FORMAT = "LOADTEST %(m)s %(U)s %(s)s %(L)s"
ACCESS_LINE = re.compile(r"LOADTEST (\w+) (\S+) (\d{3}) ([0-9.]+)")
#: The backend's log line of a 4xx (``400 on POST /predict: <reason>``) or a 500.
ERROR_LINE = re.compile(r"\b([45]\d\d) on [A-Z]+ /\S*")
REFIT_LINE = re.compile(r"segments \(\w+\) in ([0-9.]+) s, after ([0-9.]+) s waiting")
VERSION_COUNT = re.compile(r"ls-thematic-(\d+)seg-")
TARGETS = {"open_p95_s": 1.0, "save_p95_s": 1.0, "predict_warm_p95_s": 0.5, "worker_mb": 700.0}
TIMEOUT = 120


# --------------------------------------------------------------------------- the material
def build_transcripts(turns: list[str], n: int, words: int, seed: int) -> list[str]:
    """``n`` transcripts of at least ``words`` words: the given turns shuffled (seeded) and
    repeated, one turn per line."""
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        lines, count = [], 0
        while count < words:
            order = turns[:]
            rng.shuffle(order)
            for turn in order:
                lines.append(turn)
                count += len(turn.split())
                if count >= words:
                    break
        out.append("\n".join(lines))
    return out


@dataclass(frozen=True)
class Scheme:
    """Where coded spans go in the project's labelling config: the ``Labels`` tag's name, the
    ``Text`` tag it points to, the data key of the text and the codes."""

    from_name: str
    to_name: str
    text_key: str
    codes: tuple[str, ...]


def read_scheme(label_config: str) -> Scheme:
    """The first ``Labels`` tag of ``label_config`` and its ``Text`` tag."""
    root = ET.fromstring(label_config)
    labels = next(root.iter("Labels"))
    to_name = labels.get("toName")
    text = next(t for t in root.iter("Text") if t.get("name") == to_name)
    codes = tuple(label.get("value") for label in labels.iter("Label"))
    return Scheme(labels.get("name"), to_name, text.get("value").lstrip("$"), codes)


def add_transcripts(client, project_id: int, n: int, words: int, seed: int) -> list[int]:
    """Import ``n`` transcripts of ``words`` words (built from the project's tasks) into the
    project; the ids of the new tasks."""
    scheme = read_scheme(client.projects.get(id=project_id).label_config)
    existing = list(client.tasks.list(project=project_id, fields="all"))
    turns = [line for t in existing for line in t.data[scheme.text_key].splitlines() if line]
    template = dict(existing[0].data)
    tasks = []
    for i, text in enumerate(build_transcripts(turns, n, words, seed)):
        tasks.append({**template, scheme.text_key: text, "participant": f"L{i + 1:02d}"})
    before = {t.id for t in existing}
    client.projects.import_tasks(id=project_id, request=tasks)
    return sorted(t.id for t in client.tasks.list(project=project_id) if t.id not in before)


def coded_spans(text: str, scheme: Scheme, rng: random.Random) -> list[dict]:
    """3-8 non-overlapping spans of 8-60 words of ``text``, one random code each."""
    starts = [0] + [m.end() for m in re.finditer(r"\s+", text)]
    k = rng.randint(3, 8)
    slot = len(starts) // k
    regions = []
    for i in range(k):
        first = i * slot + rng.randrange(max(slot - 70, 1))
        last = min(first + rng.randint(8, 60), len(starts) - 1, (i + 1) * slot - 1)
        start, end = starts[first], starts[last]
        end = len(text[:end].rstrip())
        value = {"start": start, "end": end, "text": text[start:end],
                 "labels": [rng.choice(scheme.codes)]}  # fmt: skip
        regions.append({"id": f"b{rng.getrandbits(40):x}", "from_name": scheme.from_name,
                        "to_name": scheme.to_name, "type": "labels", "value": value})  # fmt: skip
    return regions


# --------------------------------------------------------------------------- the coders
def coder_tokens(url: str, n: int, admin_key: str) -> tuple[list[str], str]:
    """``n`` coders' API tokens, each of a Label Studio user of its own; ``(tokens, how)``.

    Each coder joins the admin's organization through the admin's invite link (``GET
    /api/invite``, then the sign-up form), as a team member does; its token is then read from
    ``/api/current-user/token``. (Users created through ``POST /api/users/`` get no password
    in Label Studio 1.23.2, so they cannot log in to read their token.) Falls back to the
    admin's token for all when that fails (``how`` says which).
    """
    invite = requests.get(f"{url}/api/invite", headers={"Authorization": f"Token {admin_key}"},
                          timeout=TIMEOUT)  # fmt: skip
    invite.raise_for_status()
    signup = url + invite.json()["invite_url"]
    tokens = []
    for i in range(n):
        email = f"coder{i + 1:02d}.{os.getpid()}@example.org"
        try:
            tokens.append(user_token(url, signup, email, CODER_PASSWORD))
        except (requests.RequestException, KeyError, ValueError) as err:
            print(f"no token of its own for {email} ({err}); all coders use the admin's")
            return [admin_key] * n, "the admin's token for every coder"
    return tokens, "a user and API token per coder"


def user_token(url: str, signup: str, email: str, password: str) -> str:
    """The API token of a new user ``email``, signed up through the invite link ``signup``."""
    session = requests.Session()
    session.get(signup, timeout=TIMEOUT).raise_for_status()
    form = {"email": email, "password": password,
            "csrfmiddlewaretoken": session.cookies["csrftoken"]}  # fmt: skip
    answer = session.post(signup, data=form, timeout=TIMEOUT, allow_redirects=False,
                          headers={"Referer": signup})  # fmt: skip
    if answer.status_code != 302:
        raise ValueError(f"the sign-up form answered {answer.status_code}, not a redirect")
    got = session.get(f"{url}/api/current-user/token", timeout=TIMEOUT)
    got.raise_for_status()
    token = got.json()["token"]
    check = requests.get(f"{url}/api/current-user/whoami", timeout=TIMEOUT,
                         headers={"Authorization": f"Token {token}"})  # fmt: skip
    check.raise_for_status()
    if check.json()["email"] != email:
        raise ValueError(f"the token belongs to {check.json()['email']}")
    return token


@dataclass
class Tally:
    """What the coders saw; shared by their threads (appends under a lock)."""

    open_s: list[float] = field(default_factory=list)
    first_open_s: list[float] = field(default_factory=list)
    reopen_s: list[float] = field(default_factory=list)
    save_s: list[float] = field(default_factory=list)
    probe: list[tuple[float, float]] = field(default_factory=list)
    opened: set = field(default_factory=set)
    spans: int = 0
    annotations: int = 0
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, name: str, value: float) -> None:
        with self.lock:
            getattr(self, name).append(value)

    def error(self, text: str) -> None:
        with self.lock:
            self.errors.append(text)


def coder(url, token, project_id, tasks, scheme, seed, until, tally, pause) -> None:
    """One coder's loop until ``until`` (monotonic): open, think, save, pause."""
    rng = random.Random(seed)
    session = requests.Session()
    session.headers["Authorization"] = f"Token {token}"
    while time.monotonic() < until:
        task_id = rng.choice(tasks)
        step = "opening"
        try:
            started = time.monotonic()
            answer = session.get(f"{url}/api/tasks/{task_id}", params={"project": project_id},
                                 timeout=TIMEOUT)  # fmt: skip
            answer.raise_for_status()
            text = answer.json()["data"][scheme.text_key]
            step = "asking for suggestions on"
            session.post(
                f"{url}/api/dm/actions", timeout=TIMEOUT,
                params={"id": "retrieve_tasks_predictions", "project": project_id},
                json={"selectedItems": {"all": False, "included": [task_id]}},
            ).raise_for_status()  # fmt: skip
            took = time.monotonic() - started
            tally.add("open_s", took)
            with tally.lock:
                first = task_id not in tally.opened
                tally.opened.add(task_id)
            tally.add("first_open_s" if first else "reopen_s", took)
            time.sleep(rng.uniform(*pause))
            regions = coded_spans(text, scheme, rng)
            step = "saving an annotation of"
            started = time.monotonic()
            saved = session.post(f"{url}/api/tasks/{task_id}/annotations/", timeout=TIMEOUT,
                                 json={"result": regions, "lead_time": 3.0})  # fmt: skip
            if saved.status_code != 201:
                raise RuntimeError(f"saving answered {saved.status_code}: {saved.text[:300]}")
            tally.add("save_s", time.monotonic() - started)
            with tally.lock:
                tally.annotations += 1
                tally.spans += len(regions)
            time.sleep(rng.uniform(*pause))
        except (requests.RequestException, RuntimeError, KeyError, ValueError) as err:
            tally.error(f"{step} task {task_id}: {type(err).__name__}: {err}")
            time.sleep(1)


def probe(backend_url, auth, body, started, until, tally, every: float = 5.0) -> None:
    """Ask the backend's ``/predict`` for one transcript every ``every`` s until ``until``, as
    Label Studio does; ``(seconds into the run, seconds taken)`` into ``tally.probe``."""
    session = requests.Session()
    session.auth = auth
    while time.monotonic() < until:
        sent = time.monotonic()
        try:
            answer = session.post(f"{backend_url}/predict", json=body, timeout=TIMEOUT)
            answer.raise_for_status()
            tally.add("probe", (sent - started, time.monotonic() - sent))
        except requests.RequestException as err:
            tally.error(f"probe /predict: {type(err).__name__}: {err}")
        time.sleep(max(every - (time.monotonic() - sent), 0.0))


def probe_body(client, project_id: int, task_id: int) -> dict:
    """The ``/predict`` request Label Studio sends for ``task_id`` (project ``"<id>.<created>"``)."""
    project = client.projects.get(id=project_id)
    task = client.tasks.get(id=task_id)
    key = f"{project_id}.{int(project.created_at.timestamp())}"
    return {"tasks": [{"id": task.id, "data": task.data, "project": project_id}],
            "project": key, "label_config": project.label_config}  # fmt: skip


# --------------------------------------------------------------------------- the run
def percentiles(values: list[float]) -> dict:
    """n, p50, p95, p99 and max of ``values`` (seconds); empty when there are none."""
    if len(values) < 2:
        return {"n": len(values)}
    cuts = statistics.quantiles(values, n=100, method="inclusive")
    return {"n": len(values), "p50": cuts[49], "p95": cuts[94], "p99": cuts[98],
            "max": max(values)}  # fmt: skip


def backend_times(log: Path, offset: int) -> dict[str, list[tuple[int, float]]]:
    """``{route: [(status, seconds)]}`` of the backend's access log lines after ``offset``."""
    times: dict[str, list[tuple[int, float]]] = {}
    with log.open("rb") as f:
        f.seek(offset)
        for line in f.read().decode("utf-8", "replace").splitlines():
            m = ACCESS_LINE.search(line)
            if m:
                times.setdefault(m.group(2), []).append((int(m.group(3)), float(m.group(4))))
    return times


def backend_error_lines(log: Path, offset: int, limit: int = 20) -> list[str]:
    """The backend's own log lines of its 4xx and 5xx answers after ``offset`` (the reason the
    backend logged, without a traceback), at most ``limit``."""
    lines = []
    with log.open("rb") as f:
        f.seek(offset)
        for line in f.read().decode("utf-8", "replace").splitlines():
            if ERROR_LINE.search(line) and "LOADTEST" not in line:
                lines.append(f"backend log: {line.strip()[:400]}")
    return lines[:limit]


def refit_times(log: Path, offset: int) -> dict[str, dict]:
    """Percentiles of the backend's refits after ``offset`` (its "fitted ... in X s, after Y s
    waiting for the refit lock" lines): the fit itself, and the wait for the project's lock."""
    fits, waits = [], []
    with log.open("rb") as f:
        f.seek(offset)
        for line in f.read().decode("utf-8", "replace").splitlines():
            m = REFIT_LINE.search(line)
            if m:
                fits.append(float(m.group(1)))
                waits.append(float(m.group(2)))
    return {"fit": percentiles(fits), "lock_wait": percentiles(waits)}


def stored_segments(backend_url: str, auth, project_id: int) -> int:
    """The segments of the project in the backend's store (the count in its model version)."""
    answer = requests.get(f"{backend_url}/versions", params={"project": project_id}, auth=auth,
                          timeout=TIMEOUT)  # fmt: skip
    answer.raise_for_status()
    return int(VERSION_COUNT.match(answer.json()["versions"][0]).group(1))


def load(up, data: Path, *, coders: int, seconds: float, seed: int = 14,
         pause: tuple[float, float] = (1.0, 3.0)) -> dict:  # fmt: skip
    """Run ``coders`` coders for ``seconds`` against a started stack (``up``: the result of
    :func:`start`) in ``data``; the figures."""
    client = LabelStudio(base_url=up.url, api_key=up.api_key, timeout=600)
    scheme = read_scheme(client.projects.get(id=up.project_id).label_config)
    tasks = add_transcripts(client, up.project_id, N_TRANSCRIPTS, WORDS, seed)
    tokens, how = coder_tokens(up.url, coders, up.api_key)
    auth = demo.read_credentials(data).backend_auth
    before = stored_segments(up.backend_url, auth, up.project_id)
    log = data / "backend.log"
    offset = log.stat().st_size
    tally = Tally()
    started = time.monotonic()
    until = started + seconds
    body = probe_body(client, up.project_id, tasks[0])
    threads = [threading.Thread(target=probe, args=(up.backend_url, auth, body, started, until,
                                tally))]  # fmt: skip
    threads += [threading.Thread(target=coder, args=(up.url, tokens[i], up.project_id, tasks,
                                scheme, seed * 1000 + i, until, tally, pause))
               for i in range(coders)]  # fmt: skip
    for t in threads:
        t.start()
    memory_peak: dict[int, float] = {}
    master = json.loads((data / "backend.json").read_text())["pid"]
    while any(t.is_alive() for t in threads):
        for pid, m in worker_memory(master).items():
            memory_peak[pid] = max(memory_peak.get(pid, 0.0), m["rss_mb"])
        time.sleep(2)
    found = wait_stored(up.backend_url, auth, up.project_id, before + tally.spans)
    times = backend_times(log, offset)
    reasons = backend_error_lines(log, offset)
    memory = worker_memory(master) or {master: _own_memory(master)}
    result = summary(tally, times, found - before, memory, memory_peak, coders, seconds, how)
    result["error_samples"] += reasons  # why the backend answered each 4xx/5xx, from its log
    result["backend_error_lines"] = len(reasons)
    result["refits"] = refit_times(log, offset)
    return result


def _own_memory(pid: int) -> dict[str, float]:
    """VmRSS and VmHWM of ``pid`` (the single backend, when gunicorn runs it without children)."""
    fields = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text()
                  .splitlines() if ":" in line)  # fmt: skip
    return {"rss_mb": int(fields["VmRSS"].split()[0]) / 1024,
            "peak_mb": int(fields["VmHWM"].split()[0]) / 1024}  # fmt: skip


def wait_stored(backend_url, auth, project_id, expected: int, timeout: float = 60) -> int:
    """The store's segment count once it reaches ``expected`` (or after ``timeout``)."""
    deadline = time.monotonic() + timeout
    while True:
        found = stored_segments(backend_url, auth, project_id)
        if found >= expected or time.monotonic() > deadline:
            return found
        time.sleep(1)


def summary(tally, times, found, memory, memory_peak, coders, seconds, how) -> dict:
    """The figures of one run, as written to the JSON and the table."""
    predict = times.get("/predict", [])
    webhook = times.get("/webhook", [])
    bad = [f"backend {route} answered {status}" for route, calls in times.items()
           for status, _ in calls if status >= 400]  # fmt: skip
    # warm: the probe's transcript, predicted again and again, after the run's first quarter
    warm = [took for at, took in tally.probe if at > seconds / 4]
    return {
        "coders": coders, "seconds": seconds, "tokens": how,
        "annotations": tally.annotations, "spans_acknowledged": tally.spans,
        "segments_found": found, "lost": tally.spans - found,
        "errors": len(tally.errors) + len(bad), "error_samples": (tally.errors + bad)[:5],
        "open": percentiles(tally.open_s), "first_open": percentiles(tally.first_open_s),
        "reopen": percentiles(tally.reopen_s),
        "save": percentiles(tally.save_s),
        "predict": percentiles([s for _, s in predict]),
        "predict_warm": percentiles(warm),
        "webhook": percentiles([s for _, s in webhook]),
        "workers": len(memory),
        "worker_rss_mb": sorted(m["rss_mb"] for m in memory.values()),
        "worker_peak_mb": sorted(m["peak_mb"] for m in memory.values()),
        "max_rss_during_mb": max(memory_peak.values(), default=0.0),
        "load_average": os.getloadavg(),
    }  # fmt: skip


def start(kind: str, data: Path, port: int, backend_port: int, backend_workers: int = 4):
    """Start the ``team`` or ``single`` stack in ``data``, its backend logging request times
    (through ``GUNICORN_CMD_ARGS`` while it starts; this process's environment is restored)."""
    before = os.environ.get("GUNICORN_CMD_ARGS")
    os.environ["GUNICORN_CMD_ARGS"] = f"--access-logformat '{ACCESS_FORMAT}'"
    try:
        if kind == "team":
            return stack.start_team(data, port, backend_port, backend_workers=backend_workers)
        return demo.up(data, port, backend_port)
    finally:
        if before is None:
            del os.environ["GUNICORN_CMD_ARGS"]
        else:
            os.environ["GUNICORN_CMD_ARGS"] = before


def stop(kind: str, data: Path) -> None:
    if kind == "team":
        stack.stop_team(data)
    else:
        demo.down(data)


def run(kind: str, coders: int, seconds: float, seed: int) -> dict:
    """Start a stack in a scratch folder, load it, stop it; the figures."""
    folder = Path(tempfile.mkdtemp(prefix=f"lst-bt-{kind}-"))
    folder.chmod(0o711)  # PostgreSQL's OS user passes through it
    data = folder / "data"
    port, backend_port = free_port(), free_port()
    while backend_port == port:
        backend_port = free_port()
    try:
        started = time.monotonic()
        up = start(kind, data, port, backend_port)
        start_s = time.monotonic() - started
        result = load(up, data, coders=coders, seconds=seconds, seed=seed)
        if result["errors"]:  # the servers' logs say why; the scratch folder goes
            kept = Path(tempfile.mkdtemp(prefix=f"lst-bt-{kind}-logs-"))
            for log in data.glob("*.log"):
                shutil.copy2(log, kept)
            result["logs"] = str(kept)
        return {"stack": kind, "start_s": start_s, **result}
    finally:
        stop(kind, data)
        shutil.rmtree(folder, ignore_errors=True)


# --------------------------------------------------------------------------- the write-up
def verdicts(r: dict) -> dict[str, bool]:
    """Each target of issue 14: met or not."""
    return {
        "open": r["open"].get("p95", float("inf")) < TARGETS["open_p95_s"],
        "save": r["save"].get("p95", float("inf")) < TARGETS["save_p95_s"],
        "predict": r["predict_warm"].get("p95", float("inf")) < TARGETS["predict_warm_p95_s"],
        "lost": r["lost"] == 0,
        "errors": r["errors"] == 0,
        "memory": max(r["worker_peak_mb"], default=0.0) <= TARGETS["worker_mb"],
    }


def _cell(stats: dict, ok: bool | None = None) -> str:
    if "p95" not in stats:
        return f"n = {stats['n']}"
    text = f"{stats['p50']:.2f} / {stats['p95']:.2f} / {stats['p99']:.2f}"
    return text if ok is None else f"{text} ({'met' if ok else 'NOT met'})"


def markdown(results: list[dict], info: dict, today: str) -> str:
    """The ``team`` section of docs/benchmarks.md."""
    names = {"team": "team: PostgreSQL, LS gunicorn x3, backend -w 4",
             "single": "single: SQLite, `label-studio start`, backend -w 1"}  # fmt: skip
    rows = []
    for r in results:
        v = verdicts(r)
        peak = max(r["worker_peak_mb"], default=0.0)
        rows.append(
            f"| {names[r['stack']]} | {r['coders']} x {r['seconds'] / 60:g} min | "
            f"{_cell(r['open'], v['open'])} | {_cell(r['save'], v['save'])} | "
            f"{_cell(r['predict_warm'], v['predict'])} | {_cell(r['predict'])} | "
            f"{_cell(r['webhook'])} | "
            f"{r['spans_acknowledged']:,} / {r['segments_found']:,} "
            f"({'met' if v['lost'] else 'NOT met'}) | "
            f"{r['errors']} ({'met' if v['errors'] else 'NOT met'}) | "
            f"{r['workers']} x {peak:.0f} ({'met' if v['memory'] else 'NOT met'}) | "
            f"{' '.join(f'{x:.1f}' for x in r['load_average'])} |"
        )
    return f"""## Team load test (issue 14)

Measured {today} by `python benchmarks/bench_team.py` on {machine_line(info)}.
Simulated coders on loopback ({results[0]["tokens"]}), on 50 transcripts of about 7,000 words,
each looping: open a task (GET the task, then ask for its suggestions), 1-3 s, save 3-8 coded
spans, 1-3 s. Times are p50 / p95 / p99 in seconds: "open" and "save" as the coders saw them;
"/predict warm" from a probe asking `/predict` for one transcript every 5 s (after the run's
first quarter); "/predict, all" and "/webhook" from the backend's access log (every call, the
first ones, which load the encoder in each worker, included). Spans: acknowledged by Label
Studio / found in the backend's store at the end. Memory: backend workers x the largest peak
resident memory (VmHWM) among them, MB. Load: the load average (1, 5, 15 min) at the end; the
coders, Label Studio, PostgreSQL and the backend all share the machine's cores.

| stack | coders | open (< 1 s) | save (< 1 s) | /predict warm (< 0.5 s) | /predict, all | /webhook | spans (none lost) | errors (0) | workers x MB (<= 700) | load |
|---|---|---|---|---|---|---|---|---|---|---|
{chr(10).join(rows)}
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--coders", type=int, default=20)
    parser.add_argument("--quick", action="store_true", help="1 minute, 5 coders")
    parser.add_argument("--stack", choices=("team", "single", "both"), default="both")
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--docs", type=Path, default=DEFAULT_DOCS, help="markdown file to update")
    parser.add_argument("--no-docs", action="store_true", help="print only")
    args = parser.parse_args(argv)
    minutes, coders = (1.0, 5) if args.quick else (args.minutes, args.coders)
    kinds = ("team", "single") if args.stack == "both" else (args.stack,)
    results = []
    for kind in kinds:  # the section is written after each stack: a long run keeps the first
        results.append(run(kind, coders, minutes * 60, args.seed))
        print(json.dumps(results[-1], indent=1), flush=True)
        if not args.no_docs:
            today = dt.date.today().isoformat()
            update_section(args.docs, "team", markdown(results, machine_info(), today))
            print(f"\nUpdated {args.docs}", flush=True)
    return 0 if all(r["errors"] == 0 and r["lost"] == 0 for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
