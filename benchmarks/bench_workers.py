"""Resident memory of each backend worker under ``gunicorn -w 4`` on PostgreSQL (issue 14).

The backend is started as a team serves it: gunicorn with 4 workers (4 threads each), the
segments in PostgreSQL (``BACKEND_DATABASE_URL``; a server of our own, started by
``scripts/team/postgres.py`` in a scratch folder) and the real encoder (MiniLM, offline). It
then receives, through ``/webhook``, about 3,700 coded segments (the pxtextmining comments and
single sentences of the longer ones, as ``bench_refit.py`` builds them; 10 per annotation, each
annotation a task of its own), the load of the 20-coder test in the issue (3,654 spans). Then
``/predict`` is asked, 8 requests at a time, for a transcript of the first 7,000 words of a
seed thesis, until every worker has answered predictions (each worker loads the encoder and fits
its own model). Measured: VmRSS and VmHWM (peak) of every worker process, read from
``/proc/<pid>/status``, and the time of the predictions.

Target: <= 700 MB per worker. The result is printed and written into ``docs/benchmarks.md``
between ``<!-- workers:start -->`` and ``<!-- workers:end -->``.

Run: ``python benchmarks/bench_workers.py`` (a few minutes on 2 cores: each worker embeds the
segments once). Needs Debian's PostgreSQL server programs and the MiniLM weights in the
Hugging Face cache (``make venv`` fetches them).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

from ls_thematic.label_config.codebook import Codebook
from ls_thematic.label_config.lsxml import codebook_to_label_config
from ls_thematic.scripts.team import postgres

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_quality import (  # noqa: E402  (sibling scripts, not a package)
    DEFAULT_DATA,
    DEFAULT_DOCS,
    machine_info,
    machine_line,
    update_section,
)
from bench_refit import DEFAULT_TRANSCRIPT, coded_segments, transcript  # noqa: E402
from reliability_crash import PROJECT, _kill, _start  # noqa: E402

N_SEGMENTS = 3_700
PER_ANNOTATION = 10
WORKERS = 4
TARGET_MB = 700.0
LOADED_MB = 400.0  # above this a worker has imported torch (487 MB); an idle one is ~250 MB


def annotation_events(texts: list[str], codes: list[list[str]], label_config: str) -> list[dict]:
    """ANNOTATION_CREATED webhooks: each annotation codes ``PER_ANNOTATION`` segments, every
    segment a span of its own in a task made of those segments."""
    events = []
    for n, first in enumerate(range(0, len(texts), PER_ANNOTATION)):
        chunk = list(
            zip(
                texts[first : first + PER_ANNOTATION],
                codes[first : first + PER_ANNOTATION],
                strict=True,
            )
        )
        text = "\n".join(t for t, _ in chunk)
        regions, start = [], 0
        for i, (segment, labels) in enumerate(chunk):
            value = {"start": start, "end": start + len(segment), "text": segment, "labels": labels}
            regions.append(
                {
                    "id": f"r{n}-{i}",
                    "from_name": "code",
                    "to_name": "text",
                    "type": "labels",
                    "value": value,
                }
            )
            start += len(segment) + 1
        task_id = 1000 + n
        events.append(
            {
                "action": "ANNOTATION_CREATED",
                "project": {**PROJECT, "label_config": label_config},
                "annotation": {
                    "id": 5000 + n,
                    "result": regions,
                    "completed_by": 1,
                    "task": task_id,
                },
                "task": {"id": task_id, "project": PROJECT["id"], "data": {"text": text}},
            }
        )
    return events


def worker_memory(master_pid: int) -> dict[int, dict[str, float]]:
    """``{pid: {"rss_mb", "peak_mb"}}`` of the gunicorn master's child processes."""
    out = {}
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(
                line.split(":", 1) for line in status.read_text().splitlines() if ":" in line
            )
        except OSError:
            continue
        if fields.get("PPid", "").strip() != str(master_pid):
            continue
        kb = {k: int(fields[k].split()[0]) for k in ("VmRSS", "VmHWM") if k in fields}
        out[int(status.parent.name)] = {
            "rss_mb": kb.get("VmRSS", 0) / 1024,
            "peak_mb": kb.get("VmHWM", 0) / 1024,
            **proportional_memory(status.parent),
        }
    return out


def proportional_memory(proc: Path) -> dict[str, float]:
    """``{"pss_mb", "pss_anon_mb", "pss_file_mb"}`` of the process at ``proc`` (``/proc/<pid>``):
    its resident memory with each page shared by k processes counted 1/k (the libraries' code
    that every worker maps is counted once over the workers); empty when unreadable."""
    try:
        lines = (proc / "smaps_rollup").read_text().splitlines()
    except OSError:
        return {}
    fields = dict(line.split(":", 1) for line in lines[1:] if ":" in line)  # [0]: the range
    names = {"Pss": "pss_mb", "Pss_Anon": "pss_anon_mb", "Pss_File": "pss_file_mb"}
    return {out: int(fields[k].split()[0]) / 1024 for k, out in names.items() if k in fields}


def run(data: Path, transcript_path: Path, scratch: Path) -> dict:
    """Start PostgreSQL and the backend, load the segments, predict; the figures."""
    texts, codes = coded_segments(data, N_SEGMENTS)
    names = sorted({c for cs in codes for c in cs})
    book = Codebook.from_dict({"title": "pxtextmining", "codes": [{"name": c} for c in names]})
    label_config = codebook_to_label_config(book)
    text = "\n".join(transcript(transcript_path))
    created = dt.datetime.fromisoformat(PROJECT["created_at"].replace("Z", "+00:00"))
    project = f"{PROJECT['id']}.{int(created.timestamp())}"
    pg_dir = Path(tempfile.mkdtemp(prefix="lst-bw-pg-"))  # its own: the server user reaches it
    server = postgres.start_postgres(pg_dir)
    try:
        proc, url = _start(scratch / "models", None, scratch / "gunicorn.log", server.url, WORKERS)
        try:
            return _measure(proc, url, texts, codes, label_config, text, project)
        except (requests.RequestException, RuntimeError):
            log = (scratch / "gunicorn.log").read_text(errors="replace")
            print(f"The backend's log ends:\n{log[-3000:]}", file=sys.stderr)
            raise
        finally:
            _kill(proc)
    finally:
        postgres.stop_postgres(pg_dir)
        shutil.rmtree(pg_dir, ignore_errors=True)


def _measure(proc, url, texts, codes, label_config, text, project) -> dict:
    session = requests.Session()
    started = time.monotonic()
    for event in annotation_events(texts, codes, label_config):
        answer = session.post(f"{url}/webhook", json=event, timeout=120)
        if not answer.ok:
            raise RuntimeError(f"/webhook answered {answer.status_code}: {answer.text[:500]}")
    load_s = time.monotonic() - started
    body = {
        "tasks": [{"id": 1, "data": {"text": text}}],
        "project": project,
        "label_config": label_config,
    }

    def predict(_):
        t0 = time.monotonic()
        response = requests.post(f"{url}/predict", json=body, timeout=900)
        response.raise_for_status()
        return time.monotonic() - t0, response.json()["results"][0]["model_version"]

    rounds, versions = [], set()
    with ThreadPoolExecutor(8) as pool:
        for _ in range(6):
            answers = list(pool.map(predict, range(8)))
            rounds.append([seconds for seconds, _ in answers])
            versions.update(version for _, version in answers)
            memory = worker_memory(proc.pid)
            loaded = sum(m["rss_mb"] > LOADED_MB for m in memory.values())
            if loaded >= WORKERS and len(rounds) >= 2:  # the last round: every worker warm
                break
    memory = worker_memory(proc.pid)
    return {
        "segments": len(texts),
        "annotations": -(-len(texts) // PER_ANNOTATION),
        "workers": len(memory),
        "workers_loaded": sum(m["rss_mb"] > LOADED_MB for m in memory.values()),
        "rss_mb": sorted(m["rss_mb"] for m in memory.values()),
        "peak_mb": sorted(m["peak_mb"] for m in memory.values()),
        "max_rss_mb": max(m["rss_mb"] for m in memory.values()),
        "max_peak_mb": max(m["peak_mb"] for m in memory.values()),
        "pss_mb": sorted(m.get("pss_mb", 0.0) for m in memory.values()),
        "pss_anon_mb": sorted(m.get("pss_anon_mb", 0.0) for m in memory.values()),
        "load_s": load_s,
        "predictions": sum(map(len, rounds)),
        "predict_first_median_s": statistics.median(rounds[0]),
        "predict_warm_median_s": statistics.median(rounds[-1]),
        "model_versions": sorted(versions),
    }


def markdown(r: dict, info: dict, today: str) -> str:
    met = "met" if r["max_peak_mb"] <= TARGET_MB else "NOT met"
    rss = ", ".join(f"{v:.0f}" for v in r["rss_mb"])
    peak = ", ".join(f"{v:.0f}" for v in r["peak_mb"])
    pss = ", ".join(f"{v:.0f}" for v in r["pss_mb"])
    pss_anon = ", ".join(f"{v:.0f}" for v in r["pss_anon_mb"])
    return f"""## Memory per backend worker (gunicorn -w {WORKERS}, PostgreSQL)

Measured {today} on {machine_line(info)} by `python benchmarks/bench_workers.py`: the backend
under gunicorn with {WORKERS} workers x 4 threads, `BACKEND_DATABASE_URL` on a local
PostgreSQL, the real encoder (MiniLM). {r["segments"]:,} coded segments arrived as
{r["annotations"]} webhooks ({r["load_s"]:.0f} s), then {r["predictions"]} predictions of a
7,000-word transcript, 8 at a time, until every worker had fitted its model
({r["workers_loaded"]} of {r["workers"]} workers had). The first round took a median
{r["predict_first_median_s"]:.0f} s: each worker loads the encoder and embeds the
{r["segments"]:,} segments itself (its embedding cache is its own), all four at once on this
machine's cores; once fitted, a prediction (8 at a time) took a median
{r["predict_warm_median_s"]:.2f} s.

| Worker memory | MB, each worker | largest | target |
|---|---|---|---|
| resident (VmRSS) at the end | {rss} | {r["max_rss_mb"]:.0f} | |
| peak (VmHWM) | {peak} | {r["max_peak_mb"]:.0f} | <= {TARGET_MB:.0f} ({met}) |
| proportional (Pss: shared pages split between the processes) at the end | {pss} | {max(r["pss_mb"]):.0f} | |
| of which the worker's own (Pss_Anon) | {pss_anon} | {max(r["pss_anon_mb"]):.0f} | |

Each worker holds its own encoder and model: the machine needs about {WORKERS} x the figure
above, plus PostgreSQL.
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="pxtextmining CSV")
    parser.add_argument("--transcript", type=Path, default=DEFAULT_TRANSCRIPT)
    parser.add_argument("--docs", type=Path, default=DEFAULT_DOCS, help="markdown file to update")
    parser.add_argument("--no-docs", action="store_true", help="print only")
    args = parser.parse_args(argv)
    for path in (args.data, args.transcript):
        if not path.exists():
            print(f"{path} not found; pass --data / --transcript.", file=sys.stderr)
            return 1
    if postgres.find_postgres_bin() is None:
        print("PostgreSQL's server programs are not installed (make services).", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="lst-bw-") as tmp:
        result = run(args.data, args.transcript, Path(tmp))
    print(json.dumps(result, indent=1))
    if not args.no_docs:
        today = dt.date.today().isoformat()
        update_section(args.docs, "workers", markdown(result, machine_info(), today))
        print(f"\nUpdated {args.docs}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
